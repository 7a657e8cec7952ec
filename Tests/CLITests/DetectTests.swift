import Foundation
import PNGIO
import TestSupport
import Testing

@Suite struct DetectTests {
  /// A 96×96 8-bit grey PNG: smooth waves, times a 2×2 checker gain (1 ± `gain`) when non-zero.
  static func writeImage(_ path: String, gain: Double) throws {
    var bytes = [UInt8]()
    for y in 0..<96 {
      for x in 0..<96 {
        var v = 0.5 + 0.15 * sin(Double(x) * 0.11 + 0.4) + 0.1 * cos(Double(y) * 0.07 + Double(x) * 0.03)
        v *= (x + y) % 2 == 0 ? 1 + gain : 1 - gain
        bytes.append(UInt8((v * 255).rounded()))
      }
    }
    try PNGImage(width: 96, height: 96, channels: 1, samples: .uint8(bytes)).write(to: path)
  }

  static func fixtures() throws -> (dir: URL, clean: String, checker: String) {
    let dir = try FixturePaths.temporaryDirectory("detect")
    let clean = dir.appendingPathComponent("clean.png").path
    let checker = dir.appendingPathComponent("checker.png").path
    try writeImage(clean, gain: 0)
    try writeImage(checker, gain: 0.05)
    return (dir, clean, checker)
  }

  @Test func jsonReportsTheCheckerAndItsPeriod() throws {
    let f = try Self.fixtures()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let result = try ToolRunner.run(["detect", f.checker, "--format", "json", "--max-period", "4"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["file", "artifact", "period", "strength", "scores"])
    #expect(object["file"] as? String == f.checker)
    #expect(object["artifact"] as? Bool == true)
    #expect(object["period"] as? [Int] == [2, 2])
    // Gains 1.05 / 0.95: relative spread 0.1.
    let strength = try #require(object["strength"] as? Double)
    #expect(abs(strength - 0.1) < 0.02)
    let scores = try #require(object["scores"] as? [[String: Any]])
    #expect(scores.map { $0["period"] as? Int } == [2, 3, 4])
    #expect(Set(scores[0].keys) == ["period", "pef", "pefHighPass", "peakDb"])
  }

  @Test func severalFilesGiveAnArrayAndCleanIsClean() throws {
    let f = try Self.fixtures()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let result = try ToolRunner.run(["detect", f.clean, f.checker, "--format", "json", "--quiet"])
    #expect(result.status == 0)
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(array.map { $0["file"] as? String } == [f.clean, f.checker])
    #expect(array[0]["artifact"] as? Bool == false)
    #expect(array[0]["period"] is NSNull)
    #expect(array[1]["artifact"] as? Bool == true)
    // Deterministic: a second run gives the same bytes.
    let again = try ToolRunner.run(["detect", f.clean, f.checker, "--format", "json", "--quiet"])
    #expect(again.stdout == result.stdout)
  }

  @Test func aBadFileIsReportedSkippedAndFailsTheRun() throws {
    let f = try Self.fixtures()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let bad = f.dir.appendingPathComponent("bad.png").path
    try Data("not a png".utf8).write(to: URL(fileURLWithPath: bad))
    let result = try ToolRunner.run(["detect", bad, f.checker, "--format", "csv"])
    #expect(result.status == 1)
    let errors = result.stderr.split(separator: "\n")
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("checkerscope: error: \(bad):") == true)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 2)  // header and one row
    #expect(
      lines.first?.hasPrefix("file,artifact,period_y,period_x,strength,pef_2,pef_high_pass_2,peak_db_2")
        == true)
    #expect(lines.last?.hasPrefix("\(f.checker),true,2,2,") == true)
  }

  @Test func heatmapAndSpectrumPNGsAreWritten() throws {
    let f = try Self.fixtures()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let out = f.dir.appendingPathComponent("out")
    let result = try ToolRunner.run([
      "detect", f.checker, "--heatmap", out.path, "--spectrum", out.path, "--max-period", "4",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("artifact, period 2x2"))
    let spectrum = try PNGImage.read(from: out.appendingPathComponent("checker-spectrum.png").path)
    // A figure: the 96×96 spectrum in 8-px cells with axes and a colour bar.
    #expect(spectrum.width > 768 && spectrum.height > 768 && spectrum.channels == 3)
    // The strongest bins take magma's top colour (#fcfdbf), at least one 8×8 cell of them.
    guard case .uint8(let v) = spectrum.samples else { Issue.record("expected 8-bit samples"); return }
    var top = 0
    for i in stride(from: 0, to: v.count, by: 3) where v[i] == 252 && v[i + 1] == 253 && v[i + 2] == 191 {
      top += 1
    }
    #expect(top >= 64)
    let heatmap = try PNGImage.read(from: out.appendingPathComponent("checker-phase-means.png").path)
    #expect(heatmap.channels == 3 && heatmap.width > 100)
  }

  @Test func badArgumentsAreUsageErrors() throws {
    #expect(try ToolRunner.run(["detect"]).status == 64)
    #expect(try ToolRunner.run(["detect", "x.png", "--max-period", "1"]).status == 64)
    #expect(try ToolRunner.run(["detect", "a/x.png", "b/x.png", "--heatmap", "/tmp"]).status == 64)
  }
}
