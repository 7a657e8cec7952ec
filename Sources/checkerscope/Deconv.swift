import ArgumentParser

/// `checkerscope deconv` (not built yet).
struct Deconv: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'deconv' is not built yet")
  }
}
