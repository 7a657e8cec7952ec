import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Sweeps
import TestSupport
import Testing

/// The committed baselines in Fixtures/baselines: `check` passes on them, fails on altered
/// copies, and their values agree with independent derivations (the closed form of FACTS.md for
/// the interior, a plain brute-force count for the full map).
@Suite struct BaselineTests {
  static let files = [
    "grid1d-k16-s8.json", "grid2d-k16-s8.json", "grid1d-dilation-k8-s6-d4-op1.json",
    "grid1d-padding-k6-s4-p2-op3.json",
  ]

  func load(_ name: String) throws -> SweepDocument {
    let data = try Data(contentsOf: FixturePaths.url("baselines/\(name)"))
    return try SweepDocument(parsing: String(decoding: data, as: UTF8.self))
  }

  @Test(arguments: files)
  func checkPasses(name: String) throws {
    let comparison = try Baseline.check(try load(name), version: "test")
    #expect(comparison.differences.count == 0, "\(Baseline.table(Array(comparison.differences.prefix(10))))")
    #expect(comparison.configurations == comparison.actual.sweep.configurationCount)
  }

  @Test func sweepsAreTheOnesTheIssueAsksFor() throws {
    let oneD = try load("grid1d-k16-s8.json")
    #expect(oneD.sweep.dims == 1 && oneD.records.count == 16 * 8)
    #expect(oneD.sweep.kernels.description == "1...16" && oneD.sweep.strides.description == "1...8")
    #expect(try load("grid2d-k16-s8.json").sweep.dims == 2)
    #expect(try load("grid1d-dilation-k8-s6-d4-op1.json").sweep.dilations.description == "1...4")
    let padding = try load("grid1d-padding-k6-s4-p2-op3.json")
    #expect(
      padding.sweep.paddings.description == "0...2" && padding.sweep.outputPaddings.description == "0...3")
    // op must be < max(s, d) = s here: op ∈ 0..<s of 0...3 for s = 1...4 → 1+2+3+4 = 10 per (k, p).
    #expect(padding.records.count == 6 * 3 * 10)
    #expect(padding.skipped.count == 6 * 3 * 6)
  }

  @Test func alteredBaselineFails() throws {
    var document = try load("grid1d-k16-s8.json")
    // k=3, s=2 is record 2·8 + 1 = 17; F2 says its interior max/min is 2. Pretend it was 2.5.
    let index = 2 * 8 + 1
    #expect(document.records[index]["interior"]?["maxMinRatio"] == 2.0)
    document.records[index] = replacing(
      document.records[index], path: ["interior", "maxMinRatio"], with: 2.5)
    let comparison = try Baseline.check(document, version: "test")
    #expect(!comparison.passed)
    #expect(
      comparison.differences == [
        Baseline.Difference(
          configuration: "k=3 s=2 p=0 op=0 d=1", field: "interior.maxMinRatio", expected: "2.5", actual: "2.0"
        )
      ])
    let table = Baseline.table(comparison.differences)
    #expect(table.hasPrefix("configuration"))
    #expect(table.contains("k=3 s=2 p=0 op=0 d=1  interior.maxMinRatio  2.5"))
  }

  @Test func missingAndExtraConfigurationsAreDrift() throws {
    var document = try load("grid1d-k16-s8.json")
    document.records.removeLast()
    let comparison = try Baseline.check(document, version: "test")
    #expect(comparison.differences.map(\.field) == ["configuration"])
    #expect(comparison.differences.first?.configuration == "k=16 s=8 p=0 op=0 d=1")
  }

  @Test func toleranceIsRelative() throws {
    var document = try load("grid2d-k16-s8.json")
    let value = try #require(document.records[40]["full"]?["std"]?.doubleValue)
    document.records[40] = replacing(
      document.records[40], path: ["full", "std"], with: .double(value * (1 + 1e-10)))
    #expect(try !Baseline.check(document, version: "t").passed)
    #expect(try Baseline.check(document, version: "t", tolerance: 1e-9).passed)
  }

  /// Every baseline record's interior metrics against the closed form of FACTS.md, written out
  /// plainly here: with `g = gcd(d, s)`, `s′ = s/g`, phase `r` is a hole unless `g | r`, else
  /// `c(r) = ⌈(k − j₀)/s′⌉` with `j₀ = (r/g)·(d/g)⁻¹ mod s′` (0 when `j₀ ≥ k`); 2D is the product.
  @Test(arguments: files)
  func interiorMatchesTheClosedForm(name: String) throws {
    let document = try load(name)
    for record in document.records {
      let layer = try #require(record["layers"]?[0])
      let dims = try #require(layer["kernel"]?.arrayValue?.count)
      var axisPhases: [[Int]] = []
      for axis in 0..<dims {
        let k = try #require(layer["kernel"]?[axis]?.intValue)
        let s = try #require(layer["stride"]?[axis]?.intValue)
        let d = try #require(layer["dilation"]?[axis]?.intValue)
        let phases = Self.closedForm(k: k, s: s, d: d)
        // FACTS: the interior mean is k/s.
        #expect(abs(Double(phases.reduce(0, +)) / Double(s) - Double(k) / Double(s)) < 1e-12)
        axisPhases.append(phases)
      }
      let values: [Int] =
        dims == 1 ? axisPhases[0] : axisPhases[0].flatMap { h in axisPhases[1].map { h * $0 } }
      let interior = try #require(record["interior"])
      let context = "\(name): \(SweepDocument.configurationText(record))"
      let low = values.min() ?? 0
      let high = values.max() ?? 0
      let mean = Double(values.reduce(0, +)) / Double(values.count)
      let std = (values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(values.count))
        .squareRoot()
      #expect(interior["min"]?.intValue == low, "\(context)")
      #expect(interior["max"]?.intValue == high, "\(context)")
      #expect(close(interior["mean"], mean), "\(context)")
      #expect(close(interior["std"], std), "\(context)")
      #expect(close(interior["cv"], mean == 0 ? nil : std / mean), "\(context)")
      #expect(close(interior["maxMinRatio"], low > 0 ? Double(high) / Double(low) : nil), "\(context)")
      #expect(close(interior["zeroFraction"], Double(values.filter { $0 == 0 }.count) / Double(values.count)))
      #expect(interior["period"]?.arrayValue?.compactMap(\.intValue) == axisPhases.map(Self.cyclicPeriod))
      #expect(interior["uniform"]?.boolValue == (low == high), "\(context)")
      #expect(record["evenOverlap"]?.boolValue == (low == high))
      #expect(record["holes"]?.boolValue == (low == 0))
      // FACTS consequence: uniform exactly when gcd(d, s) = 1 and s′ | k on every axis (1D).
      if dims == 1 {
        let k = try #require(layer["kernel"]?[0]?.intValue)
        let s = try #require(layer["stride"]?[0]?.intValue)
        let d = try #require(layer["dilation"]?[0]?.intValue)
        #expect((low == high) == (Self.gcd(d, s) == 1 && k % s == 0), "\(context)")
      }
    }
  }

  /// Every baseline record's sizes and full-map metrics against a plain brute-force count:
  /// `c(o) = #{(i, j) : i·s + j·d − p = o}` over the output, in 2D `c(y, x)` counted over
  /// (input, tap) pairs of both axes, and the input size from the documented rule.
  @Test(arguments: files)
  func fullMapMatchesBruteForce(name: String) throws {
    let document = try load(name)
    for record in document.records {
      let layer = try #require(record["layers"]?[0])
      let dims = try #require(layer["kernel"]?.arrayValue?.count)
      var params: [(n: Int, k: Int, s: Int, d: Int, p: Int, out: Int)] = []
      for axis in 0..<dims {
        let k = try #require(layer["kernel"]?[axis]?.intValue)
        let s = try #require(layer["stride"]?[axis]?.intValue)
        let d = try #require(layer["dilation"]?[axis]?.intValue)
        let p = try #require(layer["padding"]?[axis]?[0]?.intValue)
        let op = try #require(layer["outputPadding"]?[axis]?.intValue)
        let n = (d * (k - 1) + 2 * p + s - 1) / s + 2
        let out = (n - 1) * s - 2 * p + d * (k - 1) + op + 1
        #expect(record["inputSize"]?[axis]?.intValue == n)
        #expect(record["outputSize"]?[axis]?.intValue == out)
        params.append((n, k, s, d, p, out))
      }
      let h = dims == 2 ? params[0] : (n: 1, k: 1, s: 1, d: 1, p: 0, out: 1)
      let w = params[dims - 1]
      var map = [Int](repeating: 0, count: h.out * w.out)
      for iy in 0..<h.n {
        for jy in 0..<h.k {
          let y = iy * h.s + jy * h.d - h.p
          guard y >= 0, y < h.out else { continue }
          for ix in 0..<w.n {
            for jx in 0..<w.k {
              let x = ix * w.s + jx * w.d - w.p
              if x >= 0, x < w.out { map[y * w.out + x] += 1 }
            }
          }
        }
      }
      let full = try #require(record["full"])
      let context = "\(name): \(SweepDocument.configurationText(record))"
      let mean = Double(map.reduce(0, +)) / Double(map.count)
      let std = (map.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(map.count))
        .squareRoot()
      let low = map.min() ?? 0
      let high = map.max() ?? 0
      #expect(full["min"]?.intValue == low, "\(context)")
      #expect(full["max"]?.intValue == high, "\(context)")
      #expect(close(full["mean"], mean), "\(context)")
      #expect(close(full["std"], std), "\(context)")
      #expect(close(full["maxMinRatio"], low > 0 ? Double(high) / Double(low) : nil), "\(context)")
      #expect(
        close(full["zeroFraction"], Double(map.filter { $0 == 0 }.count) / Double(map.count)), "\(context)")
      #expect(full["uniform"]?.boolValue == (low == high))
      // Period on the interior block [d(k−1) − p, (n−1)s − p] (clipped), shifts within the block.
      let blocks = params.map { a in
        max(a.d * (a.k - 1) - a.p, 0)..<(min((a.n - 1) * a.s - a.p, a.out - 1) + 1)
      }
      let rows = dims == 2 ? blocks[0] : 0..<1
      let columns = blocks[dims - 1]
      func value(_ y: Int, _ x: Int) -> Int { map[y * w.out + x] }
      func period(along axis: Int) -> Int {
        let block = blocks[axis]
        guard block.count >= 2 else { return 1 }
        shifts: for shift in 1..<block.count {
          for y in rows {
            for x in columns {
              let (y2, x2) = axis == dims - 1 ? (y, x + shift) : (y + shift, x)
              if y2 < rows.upperBound, x2 < columns.upperBound, value(y, x) != value(y2, x2) {
                continue shifts
              }
            }
          }
          return shift
        }
        return block.count
      }
      #expect(full["period"]?.arrayValue?.compactMap(\.intValue) == (0..<dims).map(period), "\(context)")
    }
  }

  // MARK: - Plain helpers

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  static func closedForm(k: Int, s: Int, d: Int) -> [Int] {
    let g = gcd(d, s)
    let sPrime = s / g
    let inverse = (0..<sPrime).first { ((d / g) * $0) % sPrime == 1 % sPrime } ?? 0
    return (0..<s).map { r in
      guard r % g == 0 else { return 0 }
      let j0 = ((r / g) * inverse) % sPrime
      return j0 >= k ? 0 : (k - j0 + sPrime - 1) / sPrime
    }
  }

  static func cyclicPeriod(_ values: [Int]) -> Int {
    (1...values.count).first { p in
      values.count % p == 0 && values.indices.allSatisfy { values[$0] == values[($0 + p) % values.count] }
    } ?? values.count
  }

  func close(_ value: JSONValue?, _ expected: Double?) -> Bool {
    guard let expected else { return value?.isNull ?? false }
    guard let actual = value?.doubleValue else { return false }
    return Approximate.equal(actual, expected, relative: 1e-12, absolute: 1e-12)
  }

  func replacing(_ value: JSONValue, path: [String], with replacement: JSONValue) -> JSONValue {
    guard let key = path.first, case .object(var members) = value else { return replacement }
    for index in members.indices where members[index].key == key {
      members[index].value = replacing(members[index].value, path: Array(path.dropFirst()), with: replacement)
    }
    return .object(members)
  }
}
