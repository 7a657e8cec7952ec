import OverlapAnalysis
import Testing
import TransposedConv

/// The `full` metric set over finite maps, borders included (hand-counted from FACTS F1, F3, F15).
@Suite struct FullMetricsTests {
  @Test func f1FullMetrics() throws {
    // 1,1,2,1,…,2,1,1: seven 2s and ten 1s, sum 24 over 17 positions.
    let m = try OverlapMap(dims: 1, kernel: 3, stride: 2, inputSize: 8).fullMetrics
    #expect(m.count == 17 && m.min == 1 && m.max == 2)
    #expect(abs(m.mean - 24.0 / 17.0) < 1e-12)
    #expect(m.distinct == [.init(value: 1, count: 10), .init(value: 2, count: 7)])
    #expect(m.period == [2] && !m.uniform && m.zeroFraction == 0)
  }

  @Test func f3FullMetrics() throws {
    // Rows 1,1,2,1,2,1,2,1,1 times columns 1,1,2,1,…,1 (13): 4 appears 3·5 = 15 times.
    let m = try OverlapMap(dims: 2, kernel: 3, stride: 2, inputSize: 4).fullMetrics
    let f3 = try OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [4, 6]).fullMetrics
    #expect(f3.distinct.last == .init(value: 4, count: 15))
    #expect(f3.period == [2, 2])
    #expect(m.maxMinRatio == 4)
  }

  @Test func f9HolesCountAsZeros() throws {
    // 1,0,2,0,3,0,3,0,2,0,1: five zeros of eleven.
    let m = try OverlapMap(dims: 1, kernel: 3, stride: 2, dilation: 2, inputSize: 4).fullMetrics
    #expect(m.zeroFraction == 5.0 / 11.0)
    #expect(m.maxMinRatio == nil)
  }

  @Test func f15FullPeriodIsFour() throws {
    let layer = LayerConfig(dims: 1, kernel: 3, stride: 2)
    let map = try OverlapMap(layers: [layer, layer], inputSize: [5])
    #expect(map.fullMetrics.period == [4])
    #expect(map.interior == [6..<17])
  }
}
