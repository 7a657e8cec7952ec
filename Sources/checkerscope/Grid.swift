import ArgumentParser

/// `checkerscope grid` (not built yet).
struct Grid: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'grid' is not built yet")
  }
}
