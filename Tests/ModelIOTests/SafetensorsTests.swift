import CheckerscopeCore
import Foundation
import ModelIO
import TestSupport
import Testing

/// The safetensors reader against files written by `safetensors.torch.save_file`.
@Suite("safetensors reader")
struct SafetensorsTests {
  static func bytes(header: String, data: [UInt8]) -> Data {
    let text = Array(header.utf8)
    var result: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
    result += text + data
    return Data(result)
  }

  @Test("the legacy ONNX export and the state dict hold the same ESPCN weights")
  func sameWeightsAsONNX() throws {
    let file = try SafetensorsFile(contentsOf: FixturePaths.url("models/espcn.safetensors").path)
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/espcn.onnx").path)
    let weight = try file.tensor(named: "last.weight")
    #expect(weight.shape == [9, 4, 3, 3])
    #expect(weight.dataType == .float)
    #expect(
      weight
        == ModelTensor(
          name: "last.weight", dataType: .float, shape: [9, 4, 3, 3],
          storage: try #require(graph.initializers["last.weight"]).storage))
    #expect(file.names.contains("body.0.weight"))
  }

  @Test("a hand-built file: dtypes, metadata, offsets")
  func handBuilt() throws {
    let header =
      #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[],"data_offsets":[4,6]},"c":{"dtype":"I64","shape":[1],"data_offsets":[6,14]}}"#
    let data: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 7, 0, 0, 0, 0, 0, 0, 0]
    let file = try SafetensorsFile(data: Self.bytes(header: header, data: data))
    #expect(file.metadata == ["format": "pt"])
    #expect(try file.tensor(named: "a").floatValues == [1, -2])
    #expect(try file.tensor(named: "b").floatValues == [1])
    #expect(try file.tensor(named: "c").int64Values == [7])
    #expect(throws: ModelIOError.self) { try file.tensor(named: "d") }
  }

  @Test(
    "bad headers are refused",
    arguments: [
      #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,  // size mismatch
      #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,40]}}"#,  // past the data
      #"{"a":{"dtype":"X9","shape":[1],"data_offsets":[0,4]}}"#,  // unknown dtype
      #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,  // negative extent
      #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#,
      #"[1,2]"#, #"{"a":"#,
    ])
  func refused(header: String) {
    #expect(throws: ModelIOError.self) {
      try SafetensorsFile(data: Self.bytes(header: header, data: [UInt8](repeating: 0, count: 8)))
    }
  }

  @Test("header lengths past the file or the limit are refused before allocating")
  func headerLength() {
    var data = Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
    #expect(throws: ModelIOError.self) { try SafetensorsFile(data: data) }
    data = Data([100, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D])
    #expect(throws: ModelIOError.self) { try SafetensorsFile(data: data) }
    #expect(throws: ModelIOError.self) { try SafetensorsFile(data: Data([1, 2, 3])) }
  }

  @Test("random and mutated bytes never trap; every refusal names the data, every cut is refused")
  func hostileBytes() throws {
    let original = [UInt8](try Data(contentsOf: FixturePaths.url("models/espcn.safetensors")))
    var random = SplitMix64(seed: 5)
    var refused = 0
    var cutsRefused = 0
    for trial in 0..<400 {
      var bytes = original
      let cut = trial % 2 == 1
      if cut {
        bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
      } else {
        for _ in 0..<4 {
          let index = Int(random.next() % UInt64(min(bytes.count, 600)))
          bytes[index] ^= UInt8(truncatingIfNeeded: random.next())
        }
      }
      // Errors are typed (ModelIOError): anything else would not compile, a trap would crash.
      var refusal: ModelIOError?
      do {
        let file = try SafetensorsFile(data: Data(bytes))
        for name in file.names {
          do { _ = try file.tensor(named: name) } catch { refusal = refusal ?? error }
        }
      } catch {
        refusal = error
      }
      guard let refusal else { continue }
      refused += 1
      if cut { cutsRefused += 1 }
      #expect(refusal.description.hasPrefix("<memory>"), "trial \(trial): \(refusal)")
    }
    // A file cut anywhere loses header bytes or tensor data, so every cut is refused; flips inside
    // the header are mostly refused too (some hit only spaces or digits that stay valid).
    #expect(cutsRefused == 200)
    #expect(refused > 200)
  }
}
