import ArgumentParser

/// `checkerscope check` (not built yet).
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'check' is not built yet")
  }
}
