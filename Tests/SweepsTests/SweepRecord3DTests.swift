import OverlapAnalysis
import Sweeps
import Testing
import TransposedConv

/// Sweep records of 3D layers against the overlap map computed directly.
@Suite struct SweepRecord3DTests {
  /// One axis of a layer: kernel, stride, begin/end padding, output padding, dilation.
  typealias Axis = (k: Int, s: Int, pb: Int, pe: Int, op: Int, d: Int)

  /// Mixed 3D layers (the cases of Volume3DTests in OverlapAnalysisTests).
  static let cases: [[Axis]] = [
    [(3, 2, 0, 0, 0, 1), (3, 2, 0, 0, 0, 1), (3, 2, 0, 0, 0, 1)],
    [(2, 2, 0, 0, 0, 1), (3, 2, 1, 1, 1, 1), (4, 3, 0, 2, 0, 1)],
    [(3, 2, 0, 0, 1, 2), (1, 1, 0, 0, 0, 1), (5, 3, 2, 1, 2, 1)],
    [(4, 2, 1, 1, 0, 1), (2, 3, 0, 0, 0, 1), (3, 1, 1, 1, 0, 1)],
  ]

  static func layer(_ axes: [Axis]) -> LayerConfig {
    LayerConfig(
      kernel: axes.map(\.k),
      axes: axes.map {
        AxisParameters(
          stride: $0.s, paddingBegin: $0.pb, paddingEnd: $0.pe, outputPadding: $0.op, dilation: $0.d)
      })
  }

  @Test func sweepRecordAgreesWithTheMap() throws {
    for axes in Self.cases {
      let layer = Self.layer(axes.map { ($0.k, $0.s, $0.pb, $0.pb, 0, $0.d) })
      let input = [5, 4, 6]
      let record = try SweepRecord.compute(layer: layer, inputSize: input)
      let map = try OverlapMap(layer: layer, inputSize: input)
      #expect(record.outputSize == map.outputSize)
      #expect(record.interior == map.interiorMetrics)
      let full = map.fullMetrics
      #expect(record.full.min == full.min && record.full.max == full.max && record.full.mean == full.mean)
      #expect(abs(record.full.std - full.std) <= 1e-12 * max(1, full.std))
      #expect(record.full.period == full.period && record.full.zeroFraction == full.zeroFraction)
      #expect(record.full.distinct == full.distinct)
    }
  }
}
