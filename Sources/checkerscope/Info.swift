import ArgumentParser

/// `checkerscope info` (not built yet).
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'info' is not built yet")
  }
}
