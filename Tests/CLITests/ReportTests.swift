import CheckerscopeCore
import Foundation
import PNGIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope report`: the committed reports are current (text byte for
/// byte, JSON data within `ReportJSON`'s tolerance, pictures by decoded pixels), runs are
/// deterministic, errors name the spec and the field, and a failed run keeps the previous report.
@Suite(.serialized) struct ReportTests {
  /// The committed reports and the arguments that regenerate each (run from the repository root).
  static let committed: [(folder: String, arguments: [String])] = [
    ("Reports/distill-reproduction", ["report"]),
    ("Reports/kernel-stride-grid", ["report", "Fixtures/studies/kernel-stride-grid.json"]),
    ("Reports/example-study", ["report", "Fixtures/studies/example-study.json"]),
    ("Reports/model-audit", ["report", "Fixtures/studies/model-audit.json"]),
  ]

  /// Every regular file below `root`, relative, sorted.
  static func files(_ root: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
      return []
    }
    var result: [String] = []
    for case let url as URL in enumerator {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        result.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
      }
    }
    return result.sorted()
  }

  /// Slow (each report is a full study run): runs with `CHECKERSCOPE_SLOW_TESTS=1`.
  @Test(.tags(.slow), .onlyWithSlowTests, arguments: committed.indices)
  func theCommittedReportIsCurrent(index: Int) throws {
    let (folder, arguments) = Self.committed[index]
    let committedURL = FixturePaths.repositoryRoot.appendingPathComponent(folder)
    if Golden.isRecording {
      let result = try ToolRunner.run(arguments + ["--output", folder])
      #expect(result.status == 0, "\(result.stderr)")
      Issue.record("recorded \(folder); run again without RECORD_GOLDENS=1")
      return
    }
    let root = try FixturePaths.temporaryDirectory("report")
    defer { try? FileManager.default.removeItem(at: root) }
    let fresh = root.appendingPathComponent("out")
    let result = try ToolRunner.run(arguments + ["--output", fresh.path])
    #expect(result.status == 0, "\(result.stderr)")
    let expected = Self.files(committedURL)
    let actual = Self.files(fresh)
    let hint = "regenerate with RECORD_GOLDENS=1 swift test --filter ReportTests"
    #expect(actual == expected, "\(folder) has a different file list; \(hint)")
    for path in Set(expected).intersection(actual).sorted() {
      let a = try Data(contentsOf: fresh.appendingPathComponent(path))
      let b = try Data(contentsOf: committedURL.appendingPathComponent(path))
      if path.hasSuffix(".png") {
        // Pictures by decoded pixels and text chunks: another libpng or zlib may compress the
        // same picture into other bytes.
        let regenerated = try PNGImage.decode([UInt8](a), path: path)
        let committed = try PNGImage.decode([UInt8](b), path: folder + "/" + path)
        // A Bool, so a failure prints the message rather than every sample of both pictures.
        let same = regenerated == committed
        #expect(same, "\(folder)/\(path) is stale: \(Self.difference(regenerated, committed)); \(hint)")
      } else if path.hasSuffix(".json") {
        // Data files print numbers in full: compared within ReportJSON's tolerance.
        let regenerated = try JSONValue(parsing: String(decoding: a, as: UTF8.self))
        let committed = try JSONValue(parsing: String(decoding: b, as: UTF8.self))
        let difference = ReportJSON.firstDifference(regenerated, committed)
        #expect(difference == nil, "\(folder)/\(path) is stale: \(difference ?? ""); \(hint)")
      } else {
        // Markdown, CSV and SVG print rounded numbers: byte for byte on every platform.
        #expect(a == b, "\(folder)/\(path) is stale; \(hint)")
      }
    }
  }

  /// What differs between two decoded pictures, for the failure message.
  static func difference(_ a: PNGImage, _ b: PNGImage) -> String {
    if (a.width, a.height, a.channels) != (b.width, b.height, b.channels) {
      return "it is \(a.width)×\(a.height)×\(a.channels), "
        + "the committed one \(b.width)×\(b.height)×\(b.channels)"
    }
    if a.text != b.text { return "the text chunks differ" }
    return "the pixels differ"
  }

  @Test func twoRunsAreByteIdentical() throws {
    let root = try FixturePaths.temporaryDirectory("report")
    defer { try? FileManager.default.removeItem(at: root) }
    var outputs: [URL] = []
    for name in ["a", "b"] {
      let out = root.appendingPathComponent(name)
      let result = try ToolRunner.run(["report", "Fixtures/studies/example-study.json", "--output", out.path])
      #expect(result.status == 0, "\(result.stderr)")
      outputs.append(out)
    }
    let files = Self.files(outputs[0])
    #expect(files.contains("README.md"))
    #expect(files == Self.files(outputs[1]))
    for path in files {
      #expect(
        try Data(contentsOf: outputs[0].appendingPathComponent(path))
          == Data(contentsOf: outputs[1].appendingPathComponent(path)), "\(path) differs between runs")
    }
    // No absolute path of this machine leaks into the report.
    let readme = try String(contentsOf: outputs[0].appendingPathComponent("README.md"), encoding: .utf8)
    #expect(!readme.contains(root.path))
    #expect(!readme.contains(FixturePaths.repositoryRoot.path))
  }

  /// Writes a good report into `dir`, then runs `arguments` (which must fail) into the same
  /// folder and checks that the old report is untouched and nothing was left beside it.
  func expectFailureKeepsPreviousReport(_ arguments: [String], stderrPrefix: String) throws {
    let root = try FixturePaths.temporaryDirectory("report")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("study")
    let good = try ToolRunner.run([
      "report", "Fixtures/studies/kernel-stride-grid.json", "--output", dir.path,
    ])
    #expect(good.status == 0, "\(good.stderr)")
    let before = try Data(contentsOf: dir.appendingPathComponent("README.md"))
    let listing = Self.files(dir)
    let bad = try ToolRunner.run(arguments + ["--output", dir.path])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("checkerscope: error: " + stderrPrefix), "\(bad.stderr)")
    #expect(try Data(contentsOf: dir.appendingPathComponent("README.md")) == before)
    #expect(Self.files(dir) == listing)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["study"])
  }

  @Test func aBadSpecNamesTheFileAndTheFieldAndKeepsThePreviousReport() throws {
    let root = try FixturePaths.temporaryDirectory("report-spec")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = root.appendingPathComponent("bad.json")
    try Data(
      #"{"title": "T", "sections": [{"kind": "stack", "title": "S", "layers": ["k=3,s=2"], "colour": 1}]}"#
        .utf8
    )
    .write(to: spec)
    try expectFailureKeepsPreviousReport(
      ["report", spec.path], stderrPrefix: "\(spec.path): field 'sections[0].colour': unknown field")
  }

  @Test func aMissingImageNamesTheFieldAndKeepsThePreviousReport() throws {
    let root = try FixturePaths.temporaryDirectory("report-spec")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = root.appendingPathComponent("image.json")
    try Data(
      #"{"title": "T", "sections": [{"kind": "image", "title": "I", "image": {"path": "gone.png"}, "kernel": {"spec": "ones:3"}, "stride": 2}]}"#
        .utf8
    ).write(to: spec)
    try expectFailureKeepsPreviousReport(
      ["report", spec.path], stderrPrefix: "\(spec.path): field 'sections[0].image.path': cannot read")
  }

  @Test func aSectionFailingMidRunKeepsThePreviousReport() throws {
    let root = try FixturePaths.temporaryDirectory("report-spec")
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = root.appendingPathComponent("late.json")
    let camera = FixturePaths.url("images/camera.png").path
    // The first section succeeds; the second asks for a crop outside the 512×512 image.
    try Data(
      (#"{"title": "T", "sections": [{"kind": "facts", "title": "F", "facts": ["F1"]}, {"kind": "image", "title": "I", "image": {"path": ""#
        + camera
        + #"", "origin": [500, 500], "size": [64, 64]}, "kernel": {"spec": "ones:3"}, "stride": 2}]}"#).utf8
    ).write(to: spec)
    try expectFailureKeepsPreviousReport(
      ["report", spec.path], stderrPrefix: "\(spec.path): field 'sections[1].image': origin")
  }

  @Test func theDefaultStudyOutsideTheRepositoryExplainsWhereToRunIt() throws {
    let root = try FixturePaths.temporaryDirectory("report-cwd")
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try ToolRunner.run(["report"], in: root)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "checkerscope: error: Fixtures/images/chelsea.png: not found; the built-in study reads the sample photographs in Fixtures/images, so run it from the repository root\n"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
  }

  @Test func aMissingSpecIsAnError() throws {
    let result = try ToolRunner.run(["report", "no/such/spec.json", "--output", "/nonexistent/x"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: no/such/spec.json: cannot read the study spec"))
  }
}
