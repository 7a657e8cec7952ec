import Foundation
import Reporting
import TestSupport
import Testing

@Suite struct ReportOutputTests {
  @Test func writesEveryFileAndReplacesThePreviousReport() throws {
    let root = try FixturePaths.temporaryDirectory("report-output")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("study").path
    var first = ReportOutput()
    first.add("README.md", text: "one\n")
    first.add("images/stale.png", bytes: [1, 2, 3])
    try first.commit(to: dir)
    var second = ReportOutput()
    second.add("README.md", text: "two\n")
    second.add("data/x.csv", text: "a,b\n")
    try second.commit(to: dir)
    #expect(try String(contentsOfFile: dir + "/README.md", encoding: .utf8) == "two\n")
    #expect(FileManager.default.fileExists(atPath: dir + "/data/x.csv"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/images/stale.png"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path)
    #expect(leftovers == ["study"])
  }

  @Test func aFailedCommitLeavesThePreviousReportIntact() throws {
    let root = try FixturePaths.temporaryDirectory("report-output")
    defer { try? FileManager.default.removeItem(at: root) }
    // A regular file where the report folder should be: the commit must fail and leave it alone.
    let blocker = root.appendingPathComponent("study")
    try Data("keep me".utf8).write(to: blocker)
    var output = ReportOutput()
    output.add("README.md", text: "new\n")
    #expect(throws: ReportError.self) { try output.commit(to: blocker.path) }
    #expect(try String(contentsOf: blocker, encoding: .utf8) == "keep me")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["study"])
  }
}
