import Foundation
import TestSupport
import Testing

/// End-to-end tests of the reliability guarantees: no output from a failed command, no file
/// removed that the tool did not write, checked standard output, and usage errors that blame
/// the right thing.
@Suite struct ReliabilityTests {
  /// A one-section study that runs in a fraction of a second.
  static let tinySpec = #"{"title": "T", "sections": [{"kind": "facts", "title": "F", "facts": ["F1"]}]}"#

  static func entries(_ url: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }

  static func writeSpec(in root: URL) throws -> String {
    let spec = root.appendingPathComponent("tiny.json")
    try Data(tinySpec.utf8).write(to: spec)
    return spec.path
  }

  /// Runs the tool with standard output going to `/dev/full`; returns the status and stderr.
  static func runIntoFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = ToolRunner.executable
    process.arguments = arguments
    process.currentDirectoryURL = FixturePaths.repositoryRoot
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let err = Pipe()
    process.standardOutput = full
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
  }

  // MARK: - Reports never delete files they did not write

  @Test func reportRefusesAFolderWithForeignFilesAndKeepsThem() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = try Self.writeSpec(in: root)
    let project = root.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: project, withIntermediateDirectories: false)
    try Data("my work".utf8).write(to: project.appendingPathComponent("thesis.tex"))
    let result = try ToolRunner.run(["report", spec, "--output", project.path])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: \(project.path): the folder is not empty"))
    #expect(result.stderr.contains("--force"))
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(try Self.entries(project) == ["thesis.tex"])
    #expect(
      try String(contentsOf: project.appendingPathComponent("thesis.tex"), encoding: .utf8) == "my work")
    #expect(try Self.entries(root) == ["project", "tiny.json"])

    let forced = try ToolRunner.run(["report", spec, "--output", project.path, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(
      try Self.entries(project) == [".checkerscope-report", "README.md", "data", "images", "thesis.tex"])
    #expect(
      try String(contentsOf: project.appendingPathComponent("thesis.tex"), encoding: .utf8) == "my work")
    // Once it holds a report, a plain rerun is still refused (thesis.tex is not the report's).
    let again = try ToolRunner.run(["report", spec, "--output", project.path])
    #expect(again.status == 1)
    #expect(again.stderr.contains("'thesis.tex'"))
  }

  @Test func reportRemovesLeftoversOfKilledRuns() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = try Self.writeSpec(in: root)
    // What a run killed between its two renames left (pid 99999999 cannot exist).
    for name in [".rep.tmp-99999999-1234567", ".rep.old-99999999-89abcdef"] {
      let images = root.appendingPathComponent(name).appendingPathComponent("images")
      try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
      try Data([1, 2, 3]).write(to: images.appendingPathComponent("a.png"))
    }
    let result = try ToolRunner.run(["report", spec, "--output", root.appendingPathComponent("rep").path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try Self.entries(root) == ["rep", "tiny.json"])
  }

  /// Four reports into one folder at once, several times: each run succeeds and the folder is
  /// always one whole report (its marker lists exactly the files present).
  @Test func concurrentReportsLeaveOneCompleteReport() async throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = try Self.writeSpec(in: root)
    let out = root.appendingPathComponent("same").path
    var failures: [String] = []
    for _ in 0..<6 {
      let results = try await withThrowingTaskGroup(of: ToolRunner.Result.self) { group in
        for _ in 0..<4 { group.addTask { try ToolRunner.run(["report", spec, "--output", out]) } }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      failures += results.filter { $0.status != 0 }.map(\.stderr)
      let marker = try String(contentsOfFile: out + "/.checkerscope-report", encoding: .utf8)
      let listed = marker.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
      let present = try FileManager.default.subpathsOfDirectory(atPath: out).filter { path in
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &isDirectory)
        return exists && !isDirectory.boolValue && path != ".checkerscope-report"
      }
      #expect(present.sorted() == listed)
      #expect(try Self.entries(root) == ["same", "tiny.json"])
    }
    #expect(failures == [])
  }

  /// A killed `convert` leaves its temporary beside the output; the next write of that file
  /// removes it (the process is gone), and no temporary of the tool's own survives a run.
  @Test func convertRemovesTemporariesOfKilledRuns() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let stale = root.appendingPathComponent(".out.npy.checkerscope-tmp-99999999-0badf00d")
    try Data(count: 1000).write(to: stale)
    let result = try ToolRunner.run(
      ["convert", FixturePaths.url("pngsuite/basn0g01.png").path, "out.npy"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try Self.entries(root) == ["out.npy"])
  }

  // MARK: - A failed command writes nothing

  @Test func gridWithAnUnwritableHeatmapWritesNoJSON() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ToolRunner.run(
      [
        "grid", "--kernels", "2...4", "--strides", "1...2", "--output", "g.json", "--heatmap",
        "missing/g.png",
      ],
      in: root)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: missing/g.png: cannot be written: the folder"))
    #expect(try Self.entries(root) == [])
  }

  @Test func deconvChecksItsOutputBeforeWorking() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ToolRunner.run([
      "deconv", "--input", FixturePaths.url("images/camera.png").path, "--kernel-spec", "ones:3",
      "--stride", "2", "--output", root.appendingPathComponent("no/y.png").path,
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("does not exist; create it first"))
    #expect(try Self.entries(root) == [])
  }

  // MARK: - Standard output

  @Test(
    .onlyWithFullDevice,
    arguments: [
      ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--format", "json"],
      ["info", "Fixtures/pngsuite/basn0g01.png"],
      ["--help"], ["grid", "--help"], ["--version"], ["--generate-completion-script", "bash"],
    ])
  func aFullStandardOutputIsAnError(arguments: [String]) throws {
    let result = try Self.runIntoFullDevice(arguments)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "checkerscope: error: standard output: cannot write the result: no space left on device; free some space or write to another disk\n"
    )
  }

  @Test(.onlyWithFullDevice) func aFullStandardOutputKeepsTheHeatmapUnwritten() throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let heatmap = root.appendingPathComponent("h.png").path
    let result = try Self.runIntoFullDevice([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--heatmap", heatmap,
    ])
    #expect(result.status == 1)
    #expect(try Self.entries(root) == [])
  }

  // MARK: - Usage errors blame the right thing

  @Test func aNegativeValueAfterASpaceReachesTheValidator() throws {
    let base = ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "8"]
    let spaced = try ToolRunner.run(base + ["--padding", "-1"])
    let joined = try ToolRunner.run(base + ["--padding=-1"])
    #expect(spaced.status == joined.status)
    #expect(spaced.stderr == joined.stderr)
    #expect(spaced.stderr.contains("padding must be non-negative"))
    let vmin = try ToolRunner.run(base + ["--heatmap", "/nonexistent/h.png", "--vmin", "-1", "--vmax", "-2"])
    #expect(vmin.status == 64)
    #expect(vmin.stderr.contains("--vmin -1.0 must be smaller than --vmax -2.0"))
  }

  @Test(arguments: [
    (["overlap", "--kernal", "3", "--stride", "2", "--input-size", "8"], "--kernal", "--kernel"),
    (["deconv", "--inptu", "x.npy", "--output", "y.npy", "--kernel-spec", "ones:3"], "--inptu", "--input"),
    (["grid", "--kernels", "3", "--stride", "2", "--output", "g.json"], "--stride", "--strides"),
    // A malformed value of a typed option is met while parsing; the typo is still what is reported.
    (["grid", "--kernals", "3", "--strides", "2", "--shard", "9/2"], "--kernals", "--kernels"),
    (
      ["deconv", "--inptu", "x.npy", "--output", "y.npy", "--kernel-spec", "triangle:3"], "--inptu", "--input"
    ),
  ])
  func anUnknownOptionIsReportedFirst(arguments: [String], typo: String, suggestion: String) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64)
    #expect(
      result.stderr.hasPrefix("Error: Unknown option '\(typo)'. Did you mean '\(suggestion)'?"),
      "\(result.stderr)")
  }

  @Test(arguments: [
    (["render", "Fixtures/golden/maps/none.json", "--output", "r.jpg"], "r.jpg", ".jpg"),
    (
      ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--heatmap", "h.gif"], "h.gif",
      ".gif"
    ),
    (
      ["deconv", "--input", "x.npy", "--kernel-spec", "ones:3", "--output", "y.tiff"], "y.tiff", ".tiff"
    ),
  ])
  func anOutputExtensionTheToolCannotWriteIsRefused(arguments: [String], file: String, ext: String) throws {
    let root = try FixturePaths.temporaryDirectory("reliability")
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ToolRunner.run(arguments, in: root)
    #expect(result.status == 64)
    #expect(result.stderr.contains("'\(file)': checkerscope writes ."), "\(result.stderr)")
    #expect(result.stderr.contains("not \(ext)"))
    #expect(try Self.entries(root) == [])
  }
}
