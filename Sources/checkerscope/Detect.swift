import ArgumentParser

/// `checkerscope detect` (not built yet).
struct Detect: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'detect' is not built yet")
  }
}
