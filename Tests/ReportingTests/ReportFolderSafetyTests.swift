import FileOutput
import Foundation
import Reporting
import Synchronization
import TestSupport
import Testing

/// `ReportOutput.commit(to:force:)` never removes a file it did not write, cleans the leftovers
/// of killed runs, and leaves one complete report when runs race.
@Suite struct ReportFolderSafetyTests {
  static func report(_ text: String, extra: String? = nil) -> ReportOutput {
    var output = ReportOutput()
    output.add("README.md", text: text)
    output.add("data/a.csv", text: text)
    if let extra { output.add(extra, text: text) }
    return output
  }

  static func entries(_ url: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }

  static func read(_ url: URL, _ path: String) throws -> String {
    try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func aFolderWithoutTheMarkerIsRefusedAndKept() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
    try Data("mine".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    do {
      try Self.report("one").commit(to: dir.path)
      Issue.record("the commit should have been refused")
    } catch {
      #expect(error == .notAReport(path: dir.path, example: "notes.txt"))
      #expect(error.description.contains("--force"))
      #expect(error.description.contains(dir.path))
    }
    #expect(try Self.entries(dir) == ["notes.txt"])
    #expect(try Self.read(dir, "notes.txt") == "mine")
    #expect(try Self.entries(root) == ["project"])
    #expect(throws: ReportError.self) { try ReportOutput.checkDestination(dir.path, force: false) }
  }

  @Test func forceWritesBesideForeignFilesAndRemovesOnlyListedOnes() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("project")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    try Data("mine too".utf8).write(to: dir.appendingPathComponent("data/own.csv"))
    try Self.report("one", extra: "images/old.png").commit(to: dir.path, force: true)
    #expect(try Self.read(dir, "README.md") == "one")
    #expect(try Self.read(dir, "images/old.png") == "one")
    // The second report drops images/old.png: it goes (the marker listed it), the user's stay.
    try Self.report("two").commit(to: dir.path, force: true)
    #expect(try Self.read(dir, "README.md") == "two")
    #expect(try Self.read(dir, "notes.txt") == "mine")
    #expect(try Self.read(dir, "data/own.csv") == "mine too")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("images").path))
    #expect(try Self.entries(dir) == [".checkerscope-report", "README.md", "data", "notes.txt"])
    #expect(
      try Self.read(dir, ".checkerscope-report").split(separator: "\n").filter { !$0.hasPrefix("#") } == [
        "README.md", "data/a.csv",
      ])
    #expect(try Self.entries(root) == ["project"])
  }

  @Test func forceNeverOverwritesAForeignFileOfTheSameName() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
    try Data("my readme".utf8).write(to: dir.appendingPathComponent("README.md"))
    #expect(throws: ReportError.inTheWay(path: dir.path, file: "README.md")) {
      try Self.report("one").commit(to: dir.path, force: true)
    }
    #expect(try Self.entries(dir) == ["README.md"])
    #expect(try Self.read(dir, "README.md") == "my readme")
  }

  @Test func aReportWithAddedFilesIsRefusedWithoutForce() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("study")
    try Self.report("one").commit(to: dir.path)
    try Data("mine".utf8).write(to: dir.appendingPathComponent("data/notes.txt"))
    #expect(throws: ReportError.foreignFiles(path: dir.path, examples: ["data/notes.txt"])) {
      try Self.report("two").commit(to: dir.path)
    }
    #expect(try Self.read(dir, "README.md") == "one")
    try Self.report("two").commit(to: dir.path, force: true)
    #expect(try Self.read(dir, "README.md") == "two")
    #expect(try Self.read(dir, "data/notes.txt") == "mine")
  }

  @Test func anEmptyFolderIsFilled() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
    try Self.report("one").commit(to: dir.path)
    #expect(try Self.entries(dir) == [".checkerscope-report", "README.md", "data"])
    #expect(try Self.entries(root) == ["empty"])
  }

  @Test func leftoversOfKilledRunsAreRemovedAndLiveOnesKept() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("rep")
    try Self.report("one").commit(to: dir.path)
    let fm = FileManager.default
    // A run killed while building (marker written first), one killed after the swap (an older
    // version's leftover without a marker), and a folder of this live process.
    let dead = root.appendingPathComponent(".rep.tmp-99999999-0000abcd")
    try Self.report("killed").commit(to: dead.path)
    let older = root.appendingPathComponent(".rep.old-99999999-123456789")
    try fm.createDirectory(at: older.appendingPathComponent("images"), withIntermediateDirectories: true)
    try Data("x".utf8).write(to: older.appendingPathComponent("images/a.png"))
    let live = root.appendingPathComponent(".rep.tmp-\(getpid())-0000abcd")
    try fm.createDirectory(at: live, withIntermediateDirectories: false)
    let lookalike = root.appendingPathComponent(".rep.tmp-mine")
    try fm.createDirectory(at: lookalike, withIntermediateDirectories: false)
    try Self.report("two").commit(to: dir.path)
    #expect(try Self.entries(root) == [".rep.tmp-\(getpid())-0000abcd", ".rep.tmp-mine", "rep"])
    #expect(try Self.read(dir, "README.md") == "two")
  }

  /// Four threads commit different reports to one folder, many times: every commit succeeds
  /// (they wait for each other) and the folder always holds one whole report.
  @Test func concurrentCommitsLeaveOneCompleteReport() throws {
    let root = try FixturePaths.temporaryDirectory("report-safety")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("race").path
    let failures = Mutex<[String]>([])
    for round in 0..<40 {
      DispatchQueue.concurrentPerform(iterations: 4) { worker in
        let text = "round \(round) worker \(worker)"
        do {
          try Self.report(text, extra: worker % 2 == 0 ? "images/even.png" : nil).commit(to: dir)
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      let url = URL(fileURLWithPath: dir)
      let readme = try Self.read(url, "README.md")
      #expect(try Self.read(url, "data/a.csv") == readme)
      let even = FileManager.default.fileExists(atPath: dir + "/images/even.png")
      #expect(even == (readme.hasSuffix("0") || readme.hasSuffix("2")))
      #expect(try Self.entries(root) == ["race"])
    }
    #expect(failures.withLock { $0 } == [])
  }
}
