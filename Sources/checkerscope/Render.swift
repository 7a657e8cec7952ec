import ArgumentParser

/// `checkerscope render` (not built yet).
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "(not built yet)")

  func run() throws {
    throw CLIError("'render' is not built yet")
  }
}
