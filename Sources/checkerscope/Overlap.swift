import ArgumentParser

/// `checkerscope overlap` (not built yet).
struct Overlap: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'overlap' is not built yet")
  }
}
