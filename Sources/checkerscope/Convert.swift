import ArgumentParser

/// `checkerscope convert` (not built yet).
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'convert' is not built yet")
  }
}
