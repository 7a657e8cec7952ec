import CheckerscopeCore
import Foundation
import NPYIO
import PNGIO
import TestSupport
import Testing

/// End-to-end 3D runs: `overlap --dims 3`, `render` of 3D map JSON, `grid --dims 3` with its
/// committed baseline, and `detect` on `.npy` volumes.
@Suite struct Volume3DCLITests {
  @Test func overlapJSONIsNestedDepthRowsColumns() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "3", "--kernel", "3", "--stride", "2", "--input-size", "2x3x2", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["dims"] as? Int == 3)
    #expect(json["outputSize"] as? [Int] == [5, 7, 5])
    let values = try #require(json["values"] as? [[[Int]]])
    #expect(values.count == 5 && values.allSatisfy { $0.count == 7 && $0.allSatisfy { $0.count == 5 } })
    // c = 1,1,2,1,1 (n=2) and 1,1,2,1,2,1,1 (n=3): (2, 4, 2) → 2·2·2.
    #expect(values[2][4][2] == 8 && values[0][0][0] == 1 && values[2][2][0] == 4)
    let interior = try #require(json["interior"] as? [String: Any])
    #expect(interior["period"] as? [Int] == [2, 2, 2])
  }

  @Test func renderDrawsTheSameMontageAsOverlap() throws {
    let dir = try FixturePaths.temporaryDirectory("volume3d")
    defer { try? FileManager.default.removeItem(at: dir) }
    let direct = dir.appendingPathComponent("direct.png").path
    let drawn = dir.appendingPathComponent("drawn.png").path
    let mapFile = dir.appendingPathComponent("map.json")
    let overlap = try ToolRunner.run([
      "overlap", "--dims", "3", "--layer", "k=3,s=2", "--layer", "k=2x2x3,s=2", "--input-size", "3",
      "--format", "json", "--heatmap", direct,
    ])
    #expect(overlap.status == 0, "\(overlap.stderr)")
    try Data(overlap.stdout.utf8).write(to: mapFile)
    let render = try ToolRunner.run(["render", mapFile.path, "-o", drawn])
    #expect(render.status == 0, "\(render.stderr)")
    #expect(render.stdout.hasSuffix(" montage\n"))
    let a = try PNGImage.read(from: direct)
    let b = try PNGImage.read(from: drawn)
    #expect(a.width == b.width && a.height == b.height && a.samples == b.samples)
  }

  @Test func gridWritesA3DBaselineThatChecks() throws {
    let dir = try FixturePaths.temporaryDirectory("volume3d")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("g3.json").path
    let grid = try ToolRunner.run([
      "grid", "--dims", "3", "--kernels", "2...4", "--strides", "1,2", "--output", out, "--quiet",
    ])
    #expect(grid.status == 0, "\(grid.stderr)")
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
    // k=3, s=2: interior tile (2,1)⊗(2,1)⊗(2,1): min 1, max 8, mean 3.375 = (3/2)³.
    #expect(text.contains(#""interior":{"min":1,"max":8,"mean":3.375,"#))
    #expect(try ToolRunner.run(["check", "--baseline", out]).status == 0)
    let committed = try ToolRunner.run(["check", "--baseline", "Fixtures/baselines/grid3d-k8-s4-d2-p1.json"])
    #expect(committed.status == 0, "\(committed.stdout)\(committed.stderr)")
    #expect(committed.stdout.contains("all 128 configurations (128 computed, 0 skipped) match"))
  }

  /// A `(1, 1, 24, 24, 24)` volume: uniform noise plus `amplitude·(−1)^(z+y+x)`.
  static func writeVolume(_ path: String, amplitude: Double, seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var values: [Float] = []
    for z in 0..<24 {
      for y in 0..<24 {
        for x in 0..<24 {
          values.append(Float(0.2 * (2 * rng.unit() - 1) + ((z + y + x) % 2 == 0 ? amplitude : -amplitude)))
        }
      }
    }
    try NPYArray(shape: [1, 1, 24, 24, 24], float32: values).write(to: path)
  }

  @Test func detectFindsThePeriodPerAxisOfAVolume() throws {
    let dir = try FixturePaths.temporaryDirectory("volume3d")
    defer { try? FileManager.default.removeItem(at: dir) }
    let checker = dir.appendingPathComponent("checker.npy").path
    let clean = dir.appendingPathComponent("clean.npy").path
    try Self.writeVolume(checker, amplitude: 0.05, seed: 1)
    try Self.writeVolume(clean, amplitude: 0, seed: 2)
    let text = try ToolRunner.run(["detect", checker, clean, "--quiet"])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("\(checker): artifact, period 2x2x2 (z 2, y 2, x 2)\n"))
    #expect(text.stdout.contains("\(clean): no artifact"))
    let json = try ToolRunner.run(["detect", checker, "--format", "json", "--quiet"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["period"] as? [Int] == [2, 2, 2])
    #expect((object["axes"] as? [[String: Any]])?.map { $0["axis"] as? String } == ["z", "y", "x"])
    let csv = try ToolRunner.run(["detect", checker, clean, "--format", "csv", "--quiet"])
    let lines = csv.stdout.split(separator: "\n")
    #expect(
      lines.count == 3 && lines[0].hasPrefix("file,artifact,period_z,period_y,period_x,pef_z_2,peak_db_z_2"))
    #expect(lines[1].hasPrefix("\(checker),true,2,2,2,"))
  }

  @Test func detectRefusesOtherShapesAndImageOptions() throws {
    let dir = try FixturePaths.temporaryDirectory("volume3d")
    defer { try? FileManager.default.removeItem(at: dir) }
    let flat = dir.appendingPathComponent("flat.npy").path
    try NPYArray(shape: [4, 5], float32: [Float](repeating: 0, count: 20)).write(to: flat)
    let bad = try ToolRunner.run(["detect", flat, "--quiet"])
    #expect(bad.status == 1)
    #expect(
      bad.stderr.hasPrefix(
        "checkerscope: error: \(flat): expected images of shape (N, C, H, W) or a volume of shape (D, H, W) or (N, C, D, H, W)"
      ))
    let options = try ToolRunner.run(["detect", flat, "--heatmap", dir.path])
    #expect(options.status == 64)
  }
}
