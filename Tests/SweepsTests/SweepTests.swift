import CheckerscopeCore
import OverlapAnalysis
import Sweeps
import Testing
import TransposedConv

/// Value lists, sweep configurations, records against `OverlapMap`, determinism and CSV.
@Suite struct SweepTests {
  @Test(arguments: [
    ("1...4", [[1], [2], [3], [4]]),
    ("1..<4", [[1], [2], [3]]),
    ("1,2,4", [[1], [2], [4]]),
    ("1...4,8", [[1], [2], [3], [4], [8]]),
    (" 3x5 , 2 ", [[3, 5], [2]]),
    ("0", [[0]]),
    ("-1...1", [[-1], [0], [1]]),
  ])
  func valueListsParse(text: String, expected: [[Int]]) throws {
    #expect(try ValueList(parsing: text).values.map(\.values) == expected)
  }

  @Test(arguments: [
    "", "1,,2", "4...1", "3..<3", "1...2...3", "a", "1..<", "1,1", "1...3,2", "1...100000000",
  ])
  func badValueListsAreRefused(text: String) {
    #expect(throws: SweepError.self) { try ValueList(parsing: text) }
  }

  @Test func valueListCanonicalText() throws {
    #expect(try ValueList(parsing: "1,2,3,4,8").description == "1...4,8")
    #expect(try ValueList(parsing: "1,2,5,6,7,3x5").description == "1,2,5...7,3x5")
    // The canonical text reads back as the same list.
    let list = try ValueList(parsing: "9,1...3,2x2,7,8")
    #expect(try ValueList(parsing: list.description) == list)
  }

  @Test func shardsParseAndPartition() throws {
    #expect(SweepShard(parsing: "2/4") == SweepShard(index: 2, count: 4))
    for bad in ["0/4", "5/4", "1/0", "2", "a/b", "1/2/3", "-1/3"] { #expect(SweepShard(parsing: bad) == nil) }
    let shards = (1...3).compactMap { SweepShard(index: $0, count: 3) }
    for c in 0..<20 { #expect(shards.filter { $0.contains(c) }.count == 1) }
    for total in 0..<12 {
      for shard in shards { #expect(shard.size(of: total) == (0..<total).filter(shard.contains).count) }
    }
  }

  @Test func configurationsAreTheProductInOrder() throws {
    let spec = SweepSpec(
      dims: 1, kernels: ValueList([2, 3]), strides: ValueList([1, 2]), dilations: ValueList([1]),
      paddings: ValueList([0, 1]))
    #expect(spec.configurationCount == 8)
    let c5 = spec.configuration(at: 5)  // k=3, s=1, p=1 (padding varies fastest here)
    #expect(c5.layer.kernel == [3])
    #expect(c5.layer.axes[0] == AxisParameters(stride: 1, padding: 1))
    // Default input size: ceil((d(k−1) + 2p)/s) + 2 = ceil(4/1) + 2.
    #expect(c5.inputSize == [6])
  }

  @Test(arguments: [(1, 1, 1, 0), (3, 2, 1, 0), (16, 8, 1, 0), (5, 3, 4, 2), (2, 7, 3, 3), (64, 16, 4, 0)])
  func defaultInputSizeGivesAnInteriorOfAWholePeriod(k: Int, s: Int, d: Int, p: Int) throws {
    let layer = LayerConfig(dims: 1, kernel: k, stride: s, padding: p, dilation: d)
    let n = try #require(SweepSpec.defaultInputSize(layer))[0]
    // Hand-derived interior [d(k−1) − p, (n−1)s − p] clipped to the map.
    let out = (n - 1) * s - 2 * p + d * (k - 1) + 1
    let low = max(d * (k - 1) - p, 0)
    let high = min((n - 1) * s - p, out - 1)
    #expect(high - low + 1 >= s + 1)
    // One input less would not always do (the rule is the smallest of its form): n ≥ 2.
    #expect(n >= 2)
  }

  /// The fast record equals `OverlapMap`'s metrics: exactly in 1D, and in 2D up to the order of
  /// summation in `std` (and so `cv`).
  @Test(arguments: [1, 2])
  func recordsMatchOverlapMap(dims: Int) throws {
    for k in [1, 2, 3, 4, 5, 7, 9] {
      for s in [1, 2, 3, 4] {
        for (d, p, op) in [(1, 0, 0), (2, 1, 0), (3, 0, 1), (1, 2, 1)] where op < max(s, d) {
          let layer = LayerConfig(
            dims: dims, kernel: k, stride: s, padding: p, outputPadding: op, dilation: d)
          for size in [try #require(SweepSpec.defaultInputSize(layer)), [Int](repeating: 2, count: dims)] {
            guard let map = try? OverlapMap(layer: layer, inputSize: size) else { continue }
            let record = try SweepRecord.compute(layer: layer, inputSize: size)
            #expect(record.outputSize == map.outputSize)
            #expect(record.interior == map.interiorMetrics, "k=\(k) s=\(s) d=\(d) p=\(p) op=\(op)")
            var full = record.full
            let expected = map.fullMetrics
            #expect(abs(full.std - expected.std) <= 1e-12 * max(1, expected.std))
            #expect(abs((full.cv ?? 0) - (expected.cv ?? 0)) <= 1e-12 * max(1, expected.cv ?? 0))
            full.std = expected.std
            full.cv = expected.cv
            if dims == 1 { #expect(record.full == expected) }
            #expect(full == expected, "k=\(k) s=\(s) d=\(d) p=\(p) op=\(op) n=\(size)")
          }
        }
      }
    }
  }

  @Test func invalidConfigurationsAreSkippedWithTheReason() throws {
    let spec = SweepSpec(
      dims: 1, kernels: ValueList([3]), strides: ValueList([1, 2]), outputPaddings: ValueList([0, 1]))
    let document = try Sweep.run(spec, version: "test")
    #expect(document.records.count == 3)
    #expect(document.skipped.count == 1)
    let reason = try #require(document.skipped.first?["reason"]?.stringValue)
    #expect(reason.hasPrefix("output padding must be smaller than either stride or dilation"))
    #expect(document.skipped.first?["layers"]?[0]?["stride"] == [1])
  }

  @Test func tooSmallInputsAndHugeLayersAreSkippedNotFatal() throws {
    // n = 2, s = 1, p = 2: k = 2 gives (2−1)·1 − 4 + 1 + 1 = −1 positions, k = 6 gives 1 − 4 + 5 + 1 = 3.
    let small = SweepSpec(
      dims: 1, kernels: ValueList([2, 6]), strides: ValueList([1]), paddings: ValueList([2]),
      inputSize: PerAxis([2]))
    let document = try Sweep.run(small, version: "t")
    #expect(document.records.count == 1)
    #expect(document.records.first?["outputSize"] == [3])
    #expect(
      document.skipped.first?["reason"]?.stringValue?.hasPrefix("output size is -1, which is too small")
        ?? false)
    // A kernel of a million taps with stride 1 needs ~10¹² scatter steps: skipped, quickly.
    let huge = SweepSpec(dims: 1, kernels: ValueList([1_000_000]), strides: ValueList([1]))
    let skipped = try Sweep.run(huge, version: "t").skipped
    #expect(skipped.first?["reason"]?.stringValue?.contains("more than the limit") ?? false)
  }

  @Test func recordShapeMatchesOverlapJSON() throws {
    let spec = SweepSpec(dims: 2, kernels: ValueList([3]), strides: ValueList([2]))
    let document = try Sweep.run(spec, version: "test")
    let record = try #require(document.records.first)
    #expect(
      record.objectValue?.map(\.key) == [
        "layers", "inputSize", "outputSize", "full", "interior", "evenOverlap", "holes",
      ])
    let map = try OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [3, 3])
    #expect(record["layers"] == map.json["layers"])
    #expect(record["interior"] == map.json["interior"])
    #expect(record["full"]?.objectValue?.map(\.key) == map.json["full"]?.objectValue?.map(\.key))
    #expect(record["evenOverlap"] == false)
    #expect(record["holes"] == false)
  }

  @Test func outputIsDeterministicAndReadsBack() throws {
    let spec = SweepSpec(
      dims: 2, kernels: try ValueList(parsing: "1...9"), strides: try ValueList(parsing: "1...5"),
      dilations: ValueList([1, 2]), outputPaddings: ValueList([0, 1]))
    let first = try Sweep.run(spec, version: "1.2.3").encoded()
    let second = try Sweep.run(spec, version: "1.2.3").encoded()
    #expect(first == second)
    let parsed = try SweepDocument(parsing: first)
    #expect(try parsed.encoded() == first)
    #expect(parsed.version == "1.2.3")
    #expect(parsed.sweep == spec)
  }

  @Test func parallelRunEqualsASerialRun() throws {
    let spec = SweepSpec(
      dims: 2, kernels: try ValueList(parsing: "1...12"), strides: try ValueList(parsing: "1...6"),
      outputPaddings: ValueList([0, 3]))
    var records: [JSONValue] = []
    var skipped: [JSONValue] = []
    for index in 0..<spec.configurationCount {
      let outcome = Sweep.outcome(spec.configuration(at: index))
      if case .record = outcome { records.append(outcome.json) } else { skipped.append(outcome.json) }
    }
    let serial = SweepDocument(version: "v", sweep: spec, shard: nil, records: records, skipped: skipped)
    #expect(try Sweep.run(spec, version: "v").encoded() == serial.encoded())
  }

  @Test func shardsMergeToTheUnshardedBytes() throws {
    let spec = SweepSpec(
      dims: 1, kernels: try ValueList(parsing: "1...7"), strides: try ValueList(parsing: "1...4"),
      outputPaddings: ValueList([0, 2]))
    let whole = try Sweep.run(spec, version: "v").encoded()
    let parts = try (1...3).map { i in
      (path: "s\(i).json", document: try Sweep.run(spec, shard: SweepShard(index: i, count: 3), version: "v"))
    }
    #expect(parts.allSatisfy { !$0.document.records.isEmpty })
    // Any order of the parts gives the same document; parts survive a write/read round trip.
    let reread = try parts.reversed().map { ($0.path, try SweepDocument(parsing: try $0.document.encoded())) }
    #expect(try SweepDocument.merge(reread).encoded() == whole)
  }

  @Test func mergeRefusesMissingAndDuplicatedConfigurations() throws {
    let spec = SweepSpec(
      dims: 1, kernels: try ValueList(parsing: "1...5"), strides: try ValueList(parsing: "1...3"))
    let parts = try (1...2).map { i in
      (path: "s\(i).json", document: try Sweep.run(spec, shard: SweepShard(index: i, count: 2), version: "v"))
    }
    #expect(throws: SweepError.self) { try SweepDocument.merge([parts[0]]) }
    #expect(throws: SweepError.self) { try SweepDocument.merge([parts[0], parts[1], parts[1]]) }
    var other = parts[1]
    other.document.version = "w"
    #expect(throws: SweepError.self) { try SweepDocument.merge([parts[0], other]) }
    do {
      _ = try SweepDocument.merge([parts[0], parts[0]])
      Issue.record("a duplicated shard was merged")
    } catch {
      #expect(error.description.hasPrefix("s1.json: shard 1/2 is given twice (also s1.json)"))
    }
    let whole = (path: "w.json", document: try Sweep.run(spec, version: "v"))
    do {
      _ = try SweepDocument.merge([whole, whole])
      Issue.record("a duplicated document was merged")
    } catch {
      #expect(error.description.hasPrefix("w.json: configuration k=1 s=1 p=0 op=0 d=1 is duplicated"))
    }
  }

  @Test func csvHasAHeaderAndFixedNumbers() throws {
    let spec = SweepSpec(
      dims: 1, kernels: ValueList([3]), strides: ValueList([2]), outputPaddings: ValueList([0, 2]))
    let lines = try Sweep.run(spec, version: "v").csv().split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(
      lines[0].hasPrefix("dims,kernel,stride,padding,outputPadding,dilation,inputSize,outputSize,full_min"))
    // k=3, s=2, n=3: 1,1,2,1,2,1,1 (F1's pattern), mean 9/7; interior 2,1: mean 1.5, cv 1/3.
    #expect(
      lines[1]
        == "1,3,2,0,0,1,3,7,1,2,1.285714,0.451754,0.351364,2.000000,0.000000,2,false,1,2,1.500000,0.500000,0.333333,2.000000,0.000000,2,false,false,false,"
    )
    #expect(lines[2].hasPrefix("1,3,2,0,2,1,,,,,,,,,,,,,,,,,,,,,,,\"output padding must be smaller"))
  }
}

/// The document writer's byte encoder against `JSONValue.encoded()`.
@Suite struct SweepEncodingTests {
  @Test func documentEntriesAreTheCompactJSONOfEachValue() throws {
    let tricky: JSONValue = .object([
      // A whole layer: documents are read back, and `SweepDocument(parsing:)` reads every layer.
      ("layers", [LayerConfig(dims: 1, kernel: 3, stride: 2).json]),
      ("quote\"back\\slash", .string("tab\tnew\nline\r\u{08}\u{0C}\u{01}\u{1F} é ✓ 😀 /")),
      (
        "numbers",
        [
          .int(-3), .double(0.1), .double(2.0), .double(1e-05), .double(-0.0), .double(1.5e300),
          .int(Int.max),
        ]
      ),
      ("nested", .array([.null, .bool(true), .bool(false), .object([]), .array([])])),
    ])
    let spec = SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([2]))
    let document = SweepDocument(
      version: "v\"1", sweep: spec, shard: SweepShard(index: 1, count: 2), records: [tricky, tricky],
      skipped: [])
    let text = try document.encoded()
    let expectedLine = "    " + (try tricky.encoded())
    #expect(text.split(separator: "\n").filter { $0 == expectedLine + "," || $0 == expectedLine }.count == 2)
    #expect(text.contains(#""version": "v\"1","#))
    #expect(text.contains(#""shard": {"index":1,"count":2},"#))
    #expect(text.hasSuffix("  \"skipped\": []\n}\n"))
    #expect(try SweepDocument(parsing: text) == document)
    let nonFinite = SweepDocument(
      version: "v", sweep: spec, shard: nil, records: [.double(.nan)], skipped: [])
    #expect(throws: SweepError.self) { try nonFinite.encoded() }
  }
}
