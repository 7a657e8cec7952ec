import Sweeps
import Testing

/// Sizes from input that used to trap: value-list ranges, shard sizes, merges of different splits.
@Suite struct SweepLimitTests {
  @Test("value-list ranges wider than Int counts are refused, not trapped")
  func hugeRanges() {
    for text in ["0...9223372036854775807", "-9223372036854775808...0", "1..<-9223372036854775808"] {
      #expect(throws: SweepError.self) { try ValueList(parsing: text) }
    }
    #expect(throws: SweepError.self) { try ValueList(parsing: "0...65536") }
    #expect((try? ValueList(parsing: "1...65536"))?.values.count == 65_536)
  }

  @Test("shard sizes agree with counting, whatever the shard count")
  func shardSizes() throws {
    for count in [1, 2, 3, 7, Int.max] {
      for index in [1, 2, 3, count] where index <= count {
        let shard = try #require(SweepShard(index: index, count: count))
        for total in 0...20 {
          #expect(shard.size(of: total) == (0..<total).filter { shard.contains($0) }.count)
        }
      }
    }
    #expect(SweepShard(parsing: "1/9223372036854775807")?.size(of: 4_194_304) == 1)
  }

  @Test("merge refuses shards of different splits")
  func mergeChecksTheSplit() throws {
    let spec = SweepSpec(dims: 1, kernels: try ValueList(parsing: "1...4"), strides: ValueList([2]))
    let half = try Sweep.run(spec, shard: SweepShard(index: 1, count: 2), version: "v")
    let third = try Sweep.run(spec, shard: SweepShard(index: 2, count: 3), version: "v")
    let error = #expect(throws: SweepError.self) {
      try SweepDocument.merge([("a.json", half), ("b.json", third)])
    }
    #expect(
      error?.description.hasPrefix("b.json: it is shard 2/3 (a split into 3) but a.json is shard 1/2") == true
    )
  }
}
