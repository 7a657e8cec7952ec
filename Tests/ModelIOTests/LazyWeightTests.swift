import Foundation
import ModelIO
import TestSupport
import Testing

/// `ONNXReader.read(…, lazyWeights: true)` keeps large float32 tensors as the file's bytes and
/// decodes them when used: every value equals the eager read's, bit for bit.
@Suite("Weights read lazily decode to the eager read's values")
struct LazyWeightTests {
  /// A fixture with float32 weights on both sides of `ONNXReader.lazyFloat32Bytes`.
  let path = FixturePaths.url("models/zoo/dcgan_legacy.onnx").path

  static func bits(_ values: [Float]?) -> [UInt32]? { values?.map(\.bitPattern) }

  @Test("large float32 tensors stay bytes, the rest is decoded, and every value matches")
  func lazyMatchesEager() throws {
    let eager = try ONNXReader.read(contentsOf: path)
    let lazy = try ONNXReader.read(contentsOf: path, lazyWeights: true)
    #expect(lazy.initializers.keys.sorted() == eager.initializers.keys.sorted())
    var kept = 0
    var decoded = 0
    for (name, tensor) in eager.initializers {
      let other = try #require(lazy.initializers[name])
      #expect(other.shape == tensor.shape && other.dataType == tensor.dataType, "\(name)")
      #expect(Self.bits(other.floatValues) == Self.bits(tensor.floatValues), "\(name)")
      #expect(other.tensor?.data.map(\.bitPattern) == tensor.tensor?.data.map(\.bitPattern), "\(name)")
      #expect(other.storage.count == tensor.storage.count, "\(name)")
      let large = tensor.dataType == .float && tensor.elementCount * 4 >= ONNXReader.lazyFloat32Bytes
      if case .float32Bytes(let bytes) = other.storage {
        #expect(large, "\(name) is small but kept as bytes")
        #expect(bytes.count == tensor.elementCount * 4)
        kept += 1
      } else {
        #expect(!large, "\(name) is large but was decoded")
        #expect(other == tensor, "\(name)")
        decoded += 1
      }
    }
    #expect(kept >= 1 && decoded >= 1, "kept \(kept), decoded \(decoded)")
    // The eager read never keeps bytes.
    for tensor in eager.initializers.values {
      if case .float32Bytes = tensor.storage {
        Issue.record("\(tensor.name) kept as bytes by the eager read")
      }
    }
  }

  @Test("with a 4-byte threshold every float32 raw tensor stays bytes, with the same values")
  func everyTensorLazy() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let eager = try ONNXReader.read(data: data)
    let lazy = try ONNXReader.read(data: data, lazyWeights: true, lazyBytes: 4)
    var kept = 0
    for (name, tensor) in eager.initializers where tensor.dataType == .float {
      let other = try #require(lazy.initializers[name])
      if case .float32Bytes = other.storage { kept += 1 } else { Issue.record("\(name) was decoded") }
      #expect(Self.bits(other.floatValues) == Self.bits(tensor.floatValues), "\(name)")
    }
    #expect(kept == eager.initializers.values.filter { $0.dataType == .float }.count && kept > 2)
  }

  @Test("decodeWeights turns the kept bytes into the same floats")
  func decodeWeights() throws {
    let eager = try ONNXReader.read(contentsOf: path)
    var lazy = try ONNXReader.read(contentsOf: path, lazyWeights: true)
    lazy.decodeWeights()
    #expect(lazy.initializers == eager.initializers)
  }

  @Test("the bytes are decoded as little-endian float32 on any host")
  func littleEndianBytes() {
    let values: [Float] = [1, -2.5, .greatestFiniteMagnitude, -.leastNonzeroMagnitude, 0x1p-126]
    var bytes = Data()
    for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    let tensor = ModelTensor(name: "w", dataType: .float, shape: [5], storage: .float32Bytes(bytes))
    #expect(tensor.floatValues.map { $0.map(\.bitPattern) } == values.map(\.bitPattern))
    #expect(tensor.doubleValues == values.map(Double.init))
    #expect(tensor.storage.count == 5)
  }
}
