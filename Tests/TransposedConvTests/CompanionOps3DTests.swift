import CheckerscopeCore
import Foundation
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// The 3D companion operations against PyTorch (`F.interpolate` nearest/trilinear, `F.conv3d`) and
/// against NumPy's reshape/transpose for 3D pixel shuffle (`Fixtures/reference/ops3d`, made by
/// `Scripts/make_deconv3d_reference.py`).
@Suite struct CompanionOps3DTests {
  struct Params: Decodable {
    var op: String
    var factor: Int?
    var factors: [Int]?
    var padding: [Int]?
    var groups: Int?
    var bias: Bool?

    enum CodingKeys: String, CodingKey { case op, factor, padding, groups, bias }

    init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      op = try c.decode(String.self, forKey: .op)
      factors = try? c.decode([Int].self, forKey: .factor)
      factor = try? c.decode(Int.self, forKey: .factor)
      padding = try c.decodeIfPresent([Int].self, forKey: .padding)
      groups = try c.decodeIfPresent(Int.self, forKey: .groups)
      bias = try c.decodeIfPresent(Bool.self, forKey: .bias)
    }
  }

  static let caseNames: [String] = {
    let url = FixturePaths.url("reference/ops3d/index.json")
    guard let data = try? Data(contentsOf: url),
      let names = try? JSONDecoder().decode([String].self, from: data)
    else { return ["missing index.json"] }
    return names
  }()

  @Test func everyOperationHasCases() {
    for prefix in ["nearest", "trilinear", "conv3d", "pixelshuffle"] {
      #expect(Self.caseNames.filter { $0.hasPrefix(prefix) }.count >= 3, "\(prefix): \(Self.caseNames)")
    }
  }

  @Test(arguments: caseNames)
  func matchesPyTorch(_ name: String) throws {
    let folder = FixturePaths.url("reference/ops3d/\(name)")
    let params = try JSONDecoder().decode(
      Params.self, from: Data(contentsOf: folder.appendingPathComponent("params.json")))
    func read(_ file: String) throws -> Tensor {
      try Tensor.readNPY(from: folder.appendingPathComponent(file).path)
    }
    let x = try read("x.npy")
    let expected = try read("y.npy")
    let y: Tensor
    switch params.op {
    case "nearest": y = try Upsampling.nearest(x, factor: try #require(params.factors))
    case "trilinear": y = try Upsampling.trilinear(x, factor: try #require(params.factors))
    case "conv3d":
      y = try Convolution.apply(
        input: x, weight: try read("w.npy"), bias: params.bias == true ? try read("b.npy") : nil,
        padding: try #require(params.padding), groups: params.groups ?? 1)
    case "pixelshuffle3d": y = try PixelShuffle.shuffle(x, factor: try #require(params.factor))
    default:
      Issue.record("unknown op \(params.op)")
      return
    }
    #expect(y.shape == expected.shape, "\(name)")
    let mismatch = Approximate.firstMismatch(y.data, expected.data, relative: 1e-5, absolute: 1e-5)
    #expect(mismatch == nil, "\(name): \(String(describing: mismatch))")
    if params.op == "pixelshuffle3d" { #expect(y == expected, "\(name): a permutation must be exact") }
  }

  /// A 3D stride-1 convolution equals the transposed convolution with the kernel flipped on all
  /// three axes, the channel axes swapped and padding `k − 1 − p`.
  @Test func conv3DMatchesFlippedTransposedConvolution() throws {
    var rng = SplitMix64(seed: 33)
    let x = Tensor(shape: [1, 2, 4, 5, 6], data: (0..<240).map { _ in rng.nextUniform() })
    let w = Tensor(shape: [3, 2, 2, 3, 2], data: (0..<72).map { _ in rng.nextUniform() })
    var flipped = [Float](repeating: 0, count: w.count)
    for co in 0..<3 {
      for ci in 0..<2 {
        for jd in 0..<2 {
          for jh in 0..<3 {
            for jw in 0..<2 {
              flipped[(((ci * 3 + co) * 2 + (1 - jd)) * 3 + (2 - jh)) * 2 + (1 - jw)] =
                w.data[(((co * 2 + ci) * 2 + jd) * 3 + jh) * 2 + jw]
            }
          }
        }
      }
    }
    let conv = try Convolution.apply(input: x, weight: w, padding: [1, 0, 1])
    let parameters = ConvTransposeParameters(axes: [
      AxisParameters(padding: 0), AxisParameters(padding: 2), AxisParameters(padding: 0),
    ])
    let viaTransposed = try TransposedConvolution.reference(
      input: x, weight: Tensor(shape: [2, 3, 2, 3, 2], data: flipped), parameters: parameters)
    #expect(conv.shape == [1, 3, 5, 3, 7])
    #expect(conv.shape == viaTransposed.shape)
    #expect(Approximate.firstMismatch(conv.data, viaTransposed.data) == nil)
  }

  /// ICNR in 3D: convolution with the ICNR weight, then 3D pixel shuffle, is nearest upsampling
  /// of the sub-kernel convolution.
  @Test func icnrThenShuffleIsNearestUpsamplingIn3D() throws {
    var rng = SplitMix64(seed: 12)
    let x = Tensor(shape: [1, 2, 3, 4, 3], data: (0..<72).map { _ in rng.nextUniform() })
    let sub = Tensor(shape: [2, 2, 3, 3, 3], data: (0..<108).map { _ in rng.nextUniform() })
    let shuffled = try PixelShuffle.shuffle(
      try Convolution.apply(input: x, weight: try ICNR.weight(subKernel: sub, factor: 2), padding: [1]),
      factor: 2)
    let upsampled = try Upsampling.nearest(
      try Convolution.apply(input: x, weight: sub, padding: [1]), factor: [2])
    #expect(shuffled.shape == [1, 2, 6, 8, 6])
    #expect(shuffled == upsampled)
  }

  @Test func refusals() {
    let x = Tensor(shape: [1, 9, 2, 2, 2], repeating: 1)
    #expect(throws: ConvTransposeError.self) { try PixelShuffle.shuffle(x, factor: 2) }
    #expect(throws: ConvTransposeError.axisCountMismatch(expected: 3, actual: 2)) {
      try Upsampling.nearest(x, factor: [2, 2])
    }
    #expect(throws: ConvTransposeError.self) {
      try Upsampling.trilinear(Tensor(shape: [1, 1, 2, 2], repeating: 1), factor: [2])
    }
    #expect(throws: ConvTransposeError.self) {
      try Convolution.apply(input: x, weight: Tensor(shape: [1, 9, 3, 3], repeating: 1))
    }
    #expect(throws: ConvTransposeError.self) {
      try Upsampling.nearest(Tensor(shape: [1, 1, 1, 1, 1, 1], repeating: 1), factor: [2])
    }
  }
}
