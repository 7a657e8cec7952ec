import Foundation
import NPYIO
import TestSupport
import Testing

/// `detect` on `.npy` image batches `(N, C, H, W)` as ML code holds them, and its gate.
@Suite struct DetectArrayTests {
  /// Smooth RGB waves in [0, 1] (the same picture in every channel up to a factor), times a 2×2
  /// checker gain `1 ± gain` on every channel; `(N, 3, 64, 64)` float32, image `n` shifted by `n`.
  static func batch(count: Int, gain: Double) -> [Float] {
    var values: [Float] = []
    for n in 0..<count {
      for c in 0..<3 {
        for y in 0..<64 {
          for x in 0..<64 {
            var v =
              0.5 + 0.15 * sin(Double(x + n) * 0.11 + 0.4) + 0.1 * cos(Double(y) * 0.07 + Double(x) * 0.03)
            v *= 1 - 0.1 * Double(c)
            v *= (x + y) % 2 == 0 ? 1 + gain : 1 - gain
            values.append(Float(v))
          }
        }
      }
    }
    return values
  }

  @Test func aCheckerboardedNCHWBatchReportsTheArtifact() throws {
    let dir = try FixturePaths.temporaryDirectory("detect-nchw")
    defer { try? FileManager.default.removeItem(at: dir) }
    let checker = dir.appendingPathComponent("checker.npy").path
    let clean = dir.appendingPathComponent("clean.npy").path
    let pair = dir.appendingPathComponent("pair.npy").path
    try NPYArray(shape: [1, 3, 64, 64], float32: Self.batch(count: 1, gain: 0.05)).write(to: checker)
    try NPYArray(shape: [1, 3, 64, 64], float32: Self.batch(count: 1, gain: 0)).write(to: clean)
    try NPYArray(shape: [2, 3, 64, 64], float32: Self.batch(count: 2, gain: 0.05)).write(to: pair)

    let json = try ToolRunner.run(["detect", checker, "--format", "json", "--quiet"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["file"] as? String == checker)
    #expect(object["artifact"] as? Bool == true)
    #expect(object["period"] as? [Int] == [2, 2])
    // Gains 1.05 / 0.95 on the luma of the three channels: relative spread 0.1.
    let strength = try #require(object["strength"] as? Double)
    #expect(abs(strength - 0.1) < 0.01, "\(strength)")

    let text = try ToolRunner.run(["detect", clean, pair, "--quiet"])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("\(clean): no artifact"))
    #expect(text.stdout.contains("\(pair)[0]: artifact, period 2x2"))
    #expect(text.stdout.contains("\(pair)[1]: artifact, period 2x2"))

    let gate = try ToolRunner.run(["detect", clean, checker, "--fail-on", "artifacts", "--quiet"])
    #expect(gate.status == 3)
    #expect(gate.stderr == "checkerscope: gate: \(checker): artifact, period 2x2\n")
    let passes = try ToolRunner.run(["detect", clean, "--fail-on", "artifacts", "--quiet"])
    #expect(passes.status == 0, "\(passes.stderr)")
    let missing = try ToolRunner.run([
      "detect", dir.appendingPathComponent("nope.npy").path, "--fail-on", "artifacts",
    ])
    #expect(missing.status == 1)
  }

  @Test func batchesWithOtherChannelCountsAreRefused() throws {
    let dir = try FixturePaths.temporaryDirectory("detect-nchw")
    defer { try? FileManager.default.removeItem(at: dir) }
    let five = dir.appendingPathComponent("five.npy").path
    try NPYArray(shape: [1, 5, 8, 8], float32: [Float](repeating: 0, count: 320)).write(to: five)
    let result = try ToolRunner.run(["detect", five, "--quiet"])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix("checkerscope: error: \(five): an image batch (N, C, H, W) needs C from 1 to 4")
    )
  }
}
