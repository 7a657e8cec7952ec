import ArgumentParser

/// `checkerscope report` (not built yet).
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'report' is not built yet")
  }
}
