import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelRuntime

/// `ResizeRule.apply`'s copy path (`AxisGather`, taken when every output sample copies one input
/// sample) against a plain loop for the models' ×2 nearest upsampling, and against the separable
/// path for every nearest mode, scale and rank; linear, cubic and cropped resizes must not take it.
@Suite("Resize's copy path agrees with the separable path")
struct ResizeFastPathTests {
  static func values(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<count).map { i in
      switch rng.next() % 12 {
      case 0: return -0.0
      case 1: return Float(bitPattern: 0x7FC0_0042)
      default: return Float(i) * 0.5 - 3
      }
    }
  }

  @Test("asymmetric floor ×2 in 2D and 3D equals the plain loop")
  func upsampleByTwo() {
    var rng = SplitMix64(seed: 2)
    let rule = ResizeRule(mode: .nearest, coordinates: .asymmetric, rounding: .floor)
    let x2 = Tensor(shape: [1, 3, 5, 7], data: Self.values(105, &rng))
    let y2 = rule.apply(x2, outShape: [1, 3, 10, 14], scales: [1, 1, 2, 2])
    var want2: [Float] = []
    for c in 0..<3 {
      for h in 0..<10 { for w in 0..<14 { want2.append(x2.data[(c * 5 + h / 2) * 7 + w / 2]) } }
    }
    #expect(y2.shape == [1, 3, 10, 14])
    #expect(y2.data.map(\.bitPattern) == want2.map(\.bitPattern))
    let x3 = Tensor(shape: [1, 2, 3, 4, 5], data: Self.values(120, &rng))
    let y3 = rule.apply(x3, outShape: [1, 2, 6, 8, 10], scales: [1, 1, 2, 2, 2])
    var want3: [Float] = []
    for c in 0..<2 {
      for d in 0..<6 {
        for h in 0..<8 {
          for w in 0..<10 { want3.append(x3.data[((c * 3 + d / 2) * 4 + h / 2) * 5 + w / 2]) }
        }
      }
    }
    #expect(y3.data.map(\.bitPattern) == want3.map(\.bitPattern))
  }

  @Test("every nearest mode and scale equals the separable path", arguments: [1, 2, 3])
  func nearest(spatial: Int) throws {
    var rng = SplitMix64(seed: 30 + UInt64(spatial))
    let coordinates: [ResizeRule.Coordinates] = [
      .halfPixel, .pytorchHalfPixel, .alignCorners, .asymmetric, .tfHalfPixelForNN, .halfPixelSymmetric,
    ]
    let scaleChoices: [Float] = [1, 2, 3, 0.5, 1.5, 0.75, 2.5]
    for trial in 0..<60 {
      var rule = ResizeRule(
        mode: .nearest, coordinates: coordinates[trial % coordinates.count],
        rounding: ResizeRule.Rounding.allCases[trial % ResizeRule.Rounding.allCases.count])
      rule.extrapolation = 9
      let shape = [1 + trial % 2, 1 + trial % 3] + (0..<spatial).map { _ in 1 + Int(rng.next() % 9) }
      var scales: [Float] = [1, 1]
      var outShape = Array(shape[..<2])
      for axis in 2..<shape.count {
        let s = scaleChoices[Int(rng.next() % UInt64(scaleChoices.count))]
        scales.append(s)
        outShape.append(max(1, Int(Float(shape[axis]) * s)))
      }
      let x = Tensor(shape: shape, data: Self.values(shape.reduce(1, *), &rng))
      #expect(rule.copyMaps(shape, outShape: outShape, scales: scales, roi: nil) != nil)
      let fast = rule.apply(x, outShape: outShape, scales: scales)
      let separable = rule.applySeparable(x, outShape: outShape, scales: scales)
      #expect(fast.shape == separable.shape)
      #expect(
        fast.data.map(\.bitPattern) == separable.data.map(\.bitPattern),
        "\(rule.coordinates) \(rule.rounding) \(shape) → \(outShape)")
    }
  }

  @Test("linear, cubic and cropped resizes do not take the copy path")
  func refusals() {
    let shape = [1, 1, 4, 4]
    let outShape = [1, 1, 8, 8]
    let scales: [Float] = [1, 1, 2, 2]
    for mode in [ResizeRule.Mode.linear, .cubic] {
      let rule = ResizeRule(mode: mode, coordinates: .halfPixel, rounding: .roundPreferFloor)
      #expect(rule.copyMaps(shape, outShape: outShape, scales: scales, roi: nil) == nil)
    }
    // A crop region reaching outside the input: those samples are the extrapolation value.
    let crop = ResizeRule(mode: .nearest, coordinates: .tfCropAndResize, rounding: .roundPreferFloor)
    let roi: [(Float, Float)] = [(0, 1), (0, 1), (-0.5, 1.5), (0, 1)]
    #expect(crop.copyMaps(shape, outShape: outShape, scales: scales, roi: roi) == nil)
    // Linear resizing to the same size copies.
    let same = ResizeRule(mode: .linear, coordinates: .halfPixel, rounding: .roundPreferFloor)
    #expect(same.copyMaps(shape, outShape: shape, scales: [1, 1, 1, 1], roi: nil) != nil)
  }
}
