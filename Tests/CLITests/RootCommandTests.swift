import TestSupport
import Testing

@Suite struct RootCommandTests {
  @Test func helpListsEverySubcommandAndExitsZero() throws {
    let result = try ToolRunner.run(["--help"])
    #expect(result.status == 0)
    for name in [
      "info", "convert", "deconv", "overlap", "render", "grid", "check", "merge", "report", "detect",
    ] {
      #expect(result.stdout.contains("  \(name) "), "help does not list \(name)")
    }
    #expect(result.stderr.isEmpty)
  }

  @Test func versionIsPrinted() throws {
    let result = try ToolRunner.run(["--version"])
    #expect(result.status == 0)
    // `checkerscope X.Y.Z` first; the library versions follow (VersionAndCompletionTests).
    let first = result.stdout.split(separator: "\n").first ?? ""
    #expect(first.hasPrefix("checkerscope ") && first.split(separator: ".").count == 3)
  }

  @Test func anUnknownSubcommandIsAUsageError() throws {
    let result = try ToolRunner.run(["frobnicate"])
    #expect(result.status == 64)
  }
}
