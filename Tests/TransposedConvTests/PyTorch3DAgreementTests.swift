import Foundation
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// Both implementations against the 48 `conv_transpose3d` cases PyTorch computed, and PyTorch's
/// refusals (`Fixtures/reference/deconv3d`, made by `Scripts/make_deconv3d_reference.py`).
@Suite struct PyTorch3DAgreementTests {
  /// `params.json` of one case (see `Fixtures/reference/README.md`).
  struct Params: Decodable {
    var dims: Int
    var groups: Int
    var bias: Bool
    var stride: [Int]
    var padding: [Int]?
    var padding_begin: [Int]?
    var padding_end: [Int]?
    var output_padding: [Int]
    var dilation: [Int]
    var output_size: [Int]?
  }

  struct Case {
    var input: Tensor
    var weight: Tensor
    var bias: Tensor?
    var expected: Tensor
    var parameters: ConvTransposeParameters
  }

  static let caseNames = (0..<48).map { String(format: "case%03d", $0) }

  static func folder(_ name: String) -> URL { FixturePaths.url("reference/deconv3d/\(name)") }

  /// Loads a case; with `output_size`, the output padding is left 0 and resolved from the size,
  /// then checked against the one PyTorch chose.
  static func load(_ name: String) throws -> Case {
    let folder = folder(name)
    let params = try JSONDecoder().decode(
      Params.self, from: Data(contentsOf: folder.appendingPathComponent("params.json")))
    let begins = try #require(params.padding_begin ?? params.padding)
    let ends = try #require(params.padding_end ?? params.padding)
    let axes = (0..<params.dims).map { a in
      AxisParameters(
        stride: params.stride[a], paddingBegin: begins[a], paddingEnd: ends[a],
        outputPadding: params.output_size == nil ? params.output_padding[a] : 0, dilation: params.dilation[a])
    }
    func read(_ file: String) throws -> Tensor {
      try Tensor.readNPY(from: folder.appendingPathComponent(file).path)
    }
    let input = try read("x.npy")
    let weight = try read("w.npy")
    var parameters = ConvTransposeParameters(axes: axes, groups: params.groups)
    if let size = params.output_size {
      parameters = try parameters.resolvingOutputSize(
        size, input: Array(input.shape.dropFirst(2)), kernel: Array(weight.shape.dropFirst(2)))
      #expect(parameters.axes.map(\.outputPadding) == params.output_padding, "\(name): output_padding")
    }
    return Case(
      input: input, weight: weight, bias: params.bias ? try read("b.npy") : nil,
      expected: try read("y.npy"), parameters: parameters)
  }

  @Test func allCasesArePresentAndCoverTheCategories() throws {
    let folders = try FileManager.default.contentsOfDirectory(
      atPath: FixturePaths.url("reference/deconv3d").path)
    #expect(folders.filter { $0.hasPrefix("case") }.sorted() == Self.caseNames)
    var coverage: [String: Int] = [:]
    for name in Self.caseNames {
      let c = try Self.load(name)
      let axes = c.parameters.axes
      #expect(c.input.rank == 5)
      if c.parameters.groups > 1 { coverage["groups", default: 0] += 1 }
      if axes.contains(where: { $0.dilation > 1 }) { coverage["dilation", default: 0] += 1 }
      if Set(axes.map(\.stride)).count > 1 { coverage["asymmetric stride", default: 0] += 1 }
      if axes.contains(where: { $0.outputPadding > 0 }) { coverage["output_padding", default: 0] += 1 }
      if axes.contains(where: { !$0.isSymmetric }) { coverage["asymmetric padding", default: 0] += 1 }
      if c.weight.shape[1] % 4 == 0 { coverage["four-channel blocks", default: 0] += 1 }
      if c.bias != nil { coverage["bias", default: 0] += 1 }
    }
    for category in [
      "groups", "dilation", "asymmetric stride", "output_padding", "asymmetric padding",
      "four-channel blocks",
      "bias",
    ] {
      #expect(coverage[category, default: 0] >= 4, "too few cases cover \(category): \(coverage)")
    }
  }

  @Test(arguments: caseNames)
  func referenceMatchesPyTorch(_ name: String) throws {
    let c = try Self.load(name)
    let y = try TransposedConvolution.reference(
      input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
    #expect(y.shape == c.expected.shape)
    let mismatch = Approximate.firstMismatch(y.data, c.expected.data, relative: 1e-5, absolute: 1e-5)
    #expect(mismatch == nil, "\(name): \(String(describing: mismatch))")
  }

  @Test(arguments: caseNames)
  func fastPathMatchesPyTorch(_ name: String) throws {
    let c = try Self.load(name)
    for parallelism in [1, 2] {
      let y = try TransposedConvolution.apply(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: parallelism)
      #expect(y.shape == c.expected.shape)
      let mismatch = Approximate.firstMismatch(y.data, c.expected.data, relative: 1e-5, absolute: 1e-5)
      #expect(mismatch == nil, "\(name), parallelism \(parallelism): \(String(describing: mismatch))")
    }
  }

  /// One parameter set PyTorch refuses (`refusals.json`), with PyTorch's message.
  struct Refusal: Decodable, Sendable, CustomStringConvertible {
    var name: String
    var input: [Int]
    var weight: [Int]
    var stride: [Int]
    var padding: [Int]
    var output_padding: [Int]
    var dilation: [Int]
    var groups: Int
    var output_size: [Int]?
    var torch: String
    var description: String { name }
  }

  static func refusals() throws -> [Refusal] {
    try JSONDecoder().decode(
      [Refusal].self, from: Data(contentsOf: FixturePaths.url("reference/deconv3d/refusals.json")))
  }

  /// Every configuration PyTorch refuses is refused by both paths (and by `resolvingOutputSize`),
  /// with the error that corresponds to PyTorch's message.
  @Test func pyTorchRefusalsAreRefused() throws {
    let refusals = try Self.refusals()
    #expect(refusals.count == 12)
    for r in refusals {
      let axes = (0..<r.stride.count).map { a in
        AxisParameters(
          stride: r.stride[a], padding: r.padding[a], outputPadding: r.output_padding[a],
          dilation: r.dilation[a])
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: r.groups)
      let x = Tensor(shape: r.input, repeating: 0)
      let w = Tensor(shape: r.weight, repeating: 0)
      var errors: [ConvTransposeError] = []
      if let size = r.output_size {
        do {
          _ = try parameters.resolvingOutputSize(size, input: Array(r.input.dropFirst(2)), kernel: [3, 3, 3])
        } catch { errors.append(error) }
      } else {
        do { _ = try TransposedConvolution.reference(input: x, weight: w, parameters: parameters) } catch {
          errors.append(error)
        }
        do { _ = try TransposedConvolution.apply(input: x, weight: w, parameters: parameters) } catch {
          errors.append(error)
        }
        #expect(errors.count == 2, "\(r.name): not refused by both paths")
      }
      #expect(!errors.isEmpty, "\(r.name): accepted, but PyTorch says \(r.torch)")
      for error in errors {
        #expect(Self.corresponds(error, to: r.torch), "\(r.name): \(error) vs PyTorch's \(r.torch)")
      }
    }
  }

  /// Whether our error is the same refusal as PyTorch's message (the key words of each).
  static func corresponds(_ error: ConvTransposeError, to torch: String) -> Bool {
    switch error {
    case .outputPaddingTooLarge: return torch.contains("output padding must be smaller")
    case .nonPositiveOutput: return torch.contains("too small")
    case .channelsNotDivisible: return torch.contains("divisible")
    case .weightChannelMismatch: return torch.contains("channels")
    case .nonPositiveStride: return torch.contains("stride")
    case .nonPositiveDilation: return torch.contains("dilation")
    case .negativePadding: return torch.contains("negative padding")
    case .nonPositiveGroups: return torch.contains("groups")
    case .rankMismatch: return torch.contains("Expected 4D (unbatched) or 5D")
    case .outputSizeOutOfRange(_, let requested, let lo, let hi):
      return torch.contains("requested an output size") && torch.contains("\(requested)")
        && torch.contains("\(lo)") && torch.contains("\(hi)")
    default: return false
    }
  }

  /// The ranges PyTorch states for `output_size` (5…6 on each axis) are ours.
  @Test func outputSizeRangeMatchesPyTorch() throws {
    let axis = AxisParameters(stride: 2, padding: 1)
    let range = try ConvTransposeParameters.outputLengthRange(axis: axis, input: 3, kernel: 3)
    #expect(range == 5...6)
  }
}
