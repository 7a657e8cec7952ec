import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Sweeps
import TestSupport
import Testing

/// The committed 3D baseline: `check` passes and fails on an altered copy, and every record agrees
/// with FACTS.md's closed form extended to three axes (the tile is the product of the three axis
/// phase counts) and with a brute-force 3D count of (input, tap) pairs written here.
@Suite struct Baseline3DTests {
  static let name = "grid3d-k8-s4-d2-p1.json"

  func load() throws -> SweepDocument {
    let data = try Data(contentsOf: FixturePaths.url("baselines/\(Self.name)"))
    return try SweepDocument(parsing: String(decoding: data, as: UTF8.self))
  }

  @Test func checkPassesAndCatchesDrift() throws {
    var document = try load()
    #expect(document.sweep.dims == 3 && document.records.count == 8 * 4 * 2 * 2)
    let comparison = try Baseline.check(document, version: "test")
    #expect(comparison.passed, "\(Baseline.table(Array(comparison.differences.prefix(10))))")
    // Record 0 is k=1 s=1 d=1 p=0: pretend its interior max was 2.
    guard case .object(var members) = document.records[0],
      let index = members.firstIndex(where: { $0.key == "interior" }),
      case .object(var interior) = members[index].value,
      let maxIndex = interior.firstIndex(where: { $0.key == "max" })
    else {
      Issue.record("record 0 has no interior.max")
      return
    }
    interior[maxIndex].value = .int(2)
    members[index].value = .object(interior)
    document.records[0] = .object(members)
    let drift = try Baseline.check(document, version: "test")
    #expect(drift.differences.map(\.field) == ["interior.max"])
  }

  /// (k, s, d, p, n, out) per axis, with `n` from the documented default rule.
  func axes(_ record: JSONValue) throws -> [(k: Int, s: Int, d: Int, p: Int, n: Int, out: Int)] {
    let layer = try #require(record["layers"]?[0])
    return try (0..<3).map { axis in
      let k = try #require(layer["kernel"]?[axis]?.intValue)
      let s = try #require(layer["stride"]?[axis]?.intValue)
      let d = try #require(layer["dilation"]?[axis]?.intValue)
      let p = try #require(layer["padding"]?[axis]?[0]?.intValue)
      let n = (d * (k - 1) + 2 * p + s - 1) / s + 2
      return (k, s, d, p, n, (n - 1) * s - 2 * p + d * (k - 1) + 1)
    }
  }

  @Test func interiorMatchesTheClosedFormOnThreeAxes() throws {
    for record in try load().records {
      let a = try axes(record)
      let c = a.map { BaselineTests.closedForm(k: $0.k, s: $0.s, d: $0.d) }
      var tile: [Int] = []
      for u in c[0] { for v in c[1] { for w in c[2] { tile.append(u * v * w) } } }
      let interior = try #require(record["interior"])
      let context = SweepDocument.configurationText(record)
      let low = tile.min() ?? 0
      let high = tile.max() ?? 0
      let mean = Double(tile.reduce(0, +)) / Double(tile.count)
      #expect(interior["min"]?.intValue == low && interior["max"]?.intValue == high, "\(context)")
      #expect(abs((interior["mean"]?.doubleValue ?? -1) - mean) < 1e-12, "\(context)")
      // FACTS: the interior mean is k/s per axis, so Π k/s in 3D.
      #expect(abs(mean - a.reduce(1.0) { $0 * Double($1.k) / Double($1.s) }) < 1e-12, "\(context)")
      #expect(interior["uniform"]?.boolValue == (low == high), "\(context)")
      #expect(record["holes"]?.boolValue == (low == 0), "\(context)")
      let zeros = Double(tile.filter { $0 == 0 }.count) / Double(tile.count)
      #expect(interior["zeroFraction"]?.doubleValue == zeros, "\(context)")
    }
  }

  @Test func fullMapMatchesBruteForce() throws {
    for record in try load().records {
      let a = try axes(record)
      let context = SweepDocument.configurationText(record)
      #expect(record["inputSize"]?.arrayValue?.compactMap(\.intValue) == a.map(\.n), "\(context)")
      #expect(record["outputSize"]?.arrayValue?.compactMap(\.intValue) == a.map(\.out), "\(context)")
      let (D, H, W) = (a[0].out, a[1].out, a[2].out)
      var map = [Int](repeating: 0, count: D * H * W)
      for iz in 0..<a[0].n {
        for jz in 0..<a[0].k {
          let z = iz * a[0].s + jz * a[0].d - a[0].p
          guard z >= 0, z < D else { continue }
          for iy in 0..<a[1].n {
            for jy in 0..<a[1].k {
              let y = iy * a[1].s + jy * a[1].d - a[1].p
              guard y >= 0, y < H else { continue }
              for ix in 0..<a[2].n {
                for jx in 0..<a[2].k {
                  let x = ix * a[2].s + jx * a[2].d - a[2].p
                  if x >= 0, x < W { map[(z * H + y) * W + x] += 1 }
                }
              }
            }
          }
        }
      }
      let full = try #require(record["full"])
      let mean = Double(map.reduce(0, +)) / Double(map.count)
      let std = (map.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(map.count))
        .squareRoot()
      #expect(full["min"]?.intValue == map.min() && full["max"]?.intValue == map.max(), "\(context)")
      #expect(Approximate.equal(full["mean"]?.doubleValue ?? -1, mean, relative: 1e-12, absolute: 1e-12))
      #expect(Approximate.equal(full["std"]?.doubleValue ?? -1, std, relative: 1e-12, absolute: 1e-12))
      let zeros = Double(map.filter { $0 == 0 }.count) / Double(map.count)
      #expect(full["zeroFraction"]?.doubleValue == zeros, "\(context)")
      // Period per axis on the interior block, shifts within the block.
      let blocks = a.map {
        max($0.d * ($0.k - 1) - $0.p, 0)..<(min(($0.n - 1) * $0.s - $0.p, $0.out - 1) + 1)
      }
      func period(_ axis: Int) -> Int {
        let length = blocks[axis].count
        guard length >= 2 else { return 1 }
        shifts: for shift in 1..<length {
          for z in blocks[0] {
            for y in blocks[1] {
              for x in blocks[2] {
                var q = [z, y, x]
                q[axis] += shift
                guard q[axis] < blocks[axis].upperBound else { continue }
                if map[(z * H + y) * W + x] != map[(q[0] * H + q[1]) * W + q[2]] { continue shifts }
              }
            }
          }
          return shift
        }
        return length
      }
      #expect(full["period"]?.arrayValue?.compactMap(\.intValue) == (0..<3).map(period), "\(context)")
    }
  }
}
