import Foundation
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// Both implementations against the 40 cases PyTorch computed (`Fixtures/reference/deconv`).
@Suite struct PyTorchAgreementTests {
  /// `params.json` of one case (see `Fixtures/reference/README.md`).
  struct Params: Decodable {
    var dims: Int
    var groups: Int
    var bias: Bool
    var stride: [Int]
    var padding: [Int]
    var output_padding: [Int]
    var dilation: [Int]
  }

  struct Case {
    var input: Tensor
    var weight: Tensor
    var bias: Tensor?
    var expected: Tensor
    var parameters: ConvTransposeParameters
  }

  static let caseNames = (0..<40).map { String(format: "case%03d", $0) }

  static func load(_ name: String) throws -> Case {
    let folder = FixturePaths.url("reference/deconv/\(name)")
    let params = try JSONDecoder().decode(
      Params.self, from: Data(contentsOf: folder.appendingPathComponent("params.json")))
    let axes = (0..<params.dims).map { a in
      AxisParameters(
        stride: params.stride[a], padding: params.padding[a], outputPadding: params.output_padding[a],
        dilation: params.dilation[a])
    }
    func read(_ file: String) throws -> Tensor {
      try Tensor.readNPY(from: folder.appendingPathComponent(file).path)
    }
    return Case(
      input: try read("x.npy"), weight: try read("w.npy"), bias: params.bias ? try read("b.npy") : nil,
      expected: try read("y.npy"), parameters: ConvTransposeParameters(axes: axes, groups: params.groups))
  }

  @Test func allFortyCasesArePresent() throws {
    let folders = try FileManager.default.contentsOfDirectory(
      atPath: FixturePaths.url("reference/deconv").path)
    #expect(folders.filter { $0.hasPrefix("case") }.sorted() == Self.caseNames)
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
    let y = try TransposedConvolution.apply(
      input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
    #expect(y.shape == c.expected.shape)
    let mismatch = Approximate.firstMismatch(y.data, c.expected.data, relative: 1e-5, absolute: 1e-5)
    #expect(mismatch == nil, "\(name): \(String(describing: mismatch))")
  }
}
