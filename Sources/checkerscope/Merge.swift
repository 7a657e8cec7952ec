import ArgumentParser

/// `checkerscope merge` (not built yet).
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'merge' is not built yet")
  }
}
