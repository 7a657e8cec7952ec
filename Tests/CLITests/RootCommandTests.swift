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

  /// `--version` names the kernel set in use; `CHECKERSCOPE_KERNELS` chooses it, and a name that
  /// is unknown or that this CPU cannot run is refused before anything runs (exit 64, one line).
  @Test func versionNamesTheKernelSetTheEnvironmentChooses() throws {
    let portable = try ToolRunner.run(["--version"], environment: ["CHECKERSCOPE_KERNELS": "portable"])
    #expect(portable.status == 0, "\(portable.stderr)")
    #expect(portable.stdout.split(separator: "\n").last == "kernels portable", "\(portable.stdout)")
    let unset = try ToolRunner.run(["--version"], environment: ["CHECKERSCOPE_KERNELS": nil])
    let best = try #require(unset.stdout.split(separator: "\n").last)
    #expect(["kernels portable", "kernels avx2", "kernels avx512"].contains(best), "\(unset.stdout)")
    let unknown = try ToolRunner.run(["--version"], environment: ["CHECKERSCOPE_KERNELS": "neon"])
    #expect(unknown.status == 64)
    #expect(unknown.stdout.isEmpty)
    #expect(
      unknown.stderr.hasPrefix(
        "checkerscope: error: CHECKERSCOPE_KERNELS=neon: unknown kernel set; use portable"))
    #expect(unknown.stderr.split(separator: "\n").count == 1)
    // A set beyond this CPU (when there is one) is refused the same way, never silently replaced.
    if best != "kernels avx512" {
      let beyond = try ToolRunner.run(
        ["overlap", "--kernel", "3", "--stride", "2"], environment: ["CHECKERSCOPE_KERNELS": "avx512"])
      #expect(beyond.status == 64)
      #expect(beyond.stderr.contains("this CPU cannot run the avx512 kernels"), "\(beyond.stderr)")
    }
  }

  @Test func anUnknownSubcommandIsAUsageError() throws {
    let result = try ToolRunner.run(["frobnicate"])
    #expect(result.status == 64)
  }
}
