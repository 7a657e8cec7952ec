import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import ModelIO

/// Initializers large enough for the huge-page path (`ArrayFill`, `PageAdvice`), against plain reference
/// decodings written here from the formats' definitions (IEEE 754 binary16/32/64, bfloat16 as the top
/// half of a binary32, two's-complement int64, all little-endian).
@Suite("Large tensors")
struct LargeTensorTests {
  /// `count` little-endian elements of `size` random bytes each.
  static func randomBytes(count: Int, size: Int, seed: UInt64) -> [UInt8] {
    var random = SplitMix64(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count * size)
    var index = 0
    while index < bytes.count {
      var word = random.next()
      for _ in 0..<min(8, bytes.count - index) {
        bytes[index] = UInt8(truncatingIfNeeded: word)
        word >>= 8
        index += 1
      }
    }
    return bytes
  }

  /// The unsigned little-endian integer of `size` bytes at element `index`.
  static func bits(_ bytes: [UInt8], _ index: Int, size: Int) -> UInt64 {
    var value: UInt64 = 0
    for byte in 0..<size { value |= UInt64(bytes[index * size + byte]) << (8 * byte) }
    return value
  }

  /// IEEE 754 binary16 by its definition: subnormals m·2⁻²⁴, normals (1024 + m)·2^(e−25),
  /// exponent 31 infinities and NaNs. Every binary16 value is exact in `Double` and in `Float`.
  static func half(_ bits: UInt64) -> Float {
    let sign: Double = bits & 0x8000 == 0 ? 1 : -1
    let exponent = Int(bits >> 10 & 0x1F)
    let mantissa = Double(bits & 0x3FF)
    switch exponent {
    case 0: return Float(sign * mantissa * 0x1p-24)
    case 31: return mantissa == 0 ? Float(sign * .infinity) : .nan
    default: return Float(sign * (1024 + mantissa) * pow(2, Double(exponent - 25)))
    }
  }

  /// An initializer `name` of `dataType` (ONNX code) and one axis of `count`, with `raw` as raw_data.
  static func initializer(_ graph: inout ProtoBytes, _ name: String, code: Int64, count: Int, raw: [UInt8]) {
    graph.message(5) { tensor in
      tensor.int(1, Int64(count))
      tensor.int(2, code)
      tensor.string(8, name)
      tensor.data(9, raw)
    }
  }

  /// A model of one `Relu` node and the given initializers.
  static func model(_ initializers: (inout ProtoBytes) -> Void) -> Data {
    Data(
      ProtoBytes.model { graph in
        graph.input("x", [1])
        graph.node("Relu", "x", "y")
        initializers(&graph)
        graph.message(12) { $0.string(1, "y") }
      })
  }

  /// Odd sizes of several MiB.
  static let floatCount = 1_048_579
  static let halfCount = 786_433
  static let wideCount = 262_147

  @Test(
    "large float32, float16, bfloat16, float64 and int64 tensors equal the reference, element by element")
  func partsEqualReference() throws {
    let f32 = Self.randomBytes(count: Self.floatCount, size: 4, seed: 1)
    let f16 = Self.randomBytes(count: Self.halfCount, size: 2, seed: 2)
    let bf16 = Self.randomBytes(count: Self.halfCount, size: 2, seed: 3)
    let f64 = Self.randomBytes(count: Self.wideCount, size: 8, seed: 4)
    let i64 = Self.randomBytes(count: Self.wideCount, size: 8, seed: 5)
    let data = Self.model { graph in
      Self.initializer(&graph, "f32", code: 1, count: Self.floatCount, raw: f32)
      Self.initializer(&graph, "f16", code: 10, count: Self.halfCount, raw: f16)
      Self.initializer(&graph, "bf16", code: 16, count: Self.halfCount, raw: bf16)
      Self.initializer(&graph, "f64", code: 11, count: Self.wideCount, raw: f64)
      Self.initializer(&graph, "i64", code: 7, count: Self.wideCount, raw: i64)
    }
    let graph = try ONNXReader.read(data: data, path: "large.onnx")

    guard case .float(let floats) = graph.initializers["f32"]?.storage else {
      Issue.record("f32 is not float storage")
      return
    }
    #expect(floats.count == Self.floatCount)
    let floatMismatch = (0..<Self.floatCount).first {
      UInt64(floats[$0].bitPattern) != Self.bits(f32, $0, size: 4)
    }
    #expect(floatMismatch == nil)

    guard case .float(let halves) = graph.initializers["f16"]?.storage else {
      Issue.record("f16 is not float storage")
      return
    }
    let halfMismatch = (0..<Self.halfCount).first {
      let expected = Self.half(Self.bits(f16, $0, size: 2))
      return expected.isNaN ? !halves[$0].isNaN : halves[$0].bitPattern != expected.bitPattern
    }
    #expect(halfMismatch == nil)

    guard case .float(let brains) = graph.initializers["bf16"]?.storage else {
      Issue.record("bf16 is not float storage")
      return
    }
    let brainMismatch = (0..<Self.halfCount).first {
      UInt64(brains[$0].bitPattern) != Self.bits(bf16, $0, size: 2) << 16
    }
    #expect(brainMismatch == nil)

    guard case .double(let doubles) = graph.initializers["f64"]?.storage else {
      Issue.record("f64 is not double storage")
      return
    }
    let doubleMismatch = (0..<Self.wideCount).first { doubles[$0].bitPattern != Self.bits(f64, $0, size: 8) }
    #expect(doubleMismatch == nil)

    let integers = try #require(graph.initializers["i64"]?.int64Values)
    let integerMismatch = (0..<Self.wideCount).first {
      integers[$0] != Int64(bitPattern: Self.bits(i64, $0, size: 8))
    }
    #expect(integerMismatch == nil)
  }

  @Test("a large tensor one byte short and a large uint64 tensor past Int64 give the same one-line errors")
  func largeRefusals() {
    let short = Self.model { graph in
      Self.initializer(
        &graph, "w", code: 1, count: Self.floatCount,
        raw: [UInt8](repeating: 0, count: Self.floatCount * 4 - 1))
    }
    #expect(throws: ModelIOError.self) { try ONNXReader.read(data: short, path: "short.onnx") }
    do {
      _ = try ONNXReader.read(data: short, path: "short.onnx")
    } catch {
      #expect(
        error.description
          == "short.onnx: tensor 'w': holds 4194315 bytes but 1048579 float32 elements need 4194316")
    }

    var huge = [UInt8](repeating: 0, count: Self.wideCount * 8)
    huge[Self.wideCount * 8 - 1] = 0x80  // the last element is 2^63
    let past = Self.model { graph in
      Self.initializer(&graph, "u", code: 13, count: Self.wideCount, raw: huge)
    }
    do {
      _ = try ONNXReader.read(data: past, path: "past.onnx")
      Issue.record("a uint64 of 2^63 was accepted")
    } catch {
      #expect(
        error.description
          == "past.onnx: tensor 'u': holds the uint64 9223372036854775808, past the Int64 range")
    }
  }

  @Test("of two bad large initializers, the one the serial reader met first is reported")
  func firstErrorKept() {
    let good = [UInt8](repeating: 0, count: Self.floatCount * 4)
    let bad = [UInt8](repeating: 0, count: Self.floatCount * 4 - 4)
    let data = Self.model { graph in
      Self.initializer(&graph, "a", code: 1, count: Self.floatCount, raw: bad)
      Self.initializer(&graph, "b", code: 1, count: Self.floatCount, raw: good)
      Self.initializer(&graph, "c", code: 1, count: Self.floatCount, raw: bad)
    }
    // Initializers are decoded last to first: 'c' fails before 'a' is reached.
    do {
      _ = try ONNXReader.read(data: data, path: "two.onnx")
      Issue.record("accepted")
    } catch {
      #expect(error.description.hasPrefix("two.onnx: tensor 'c': holds 4194312 bytes"))
    }
  }

  @Test("the portable decoding big-endian hosts run equals the memory copy and the reference")
  func portableEqualsCopy() {
    let count = 4099
    let raw = Self.randomBytes(count: count, size: 8, seed: 6)
    raw.withUnsafeBytes { buffer in
      let copied = RawElements.copied(buffer, count: count, as: UInt64.self, Int64.init(bitPattern:))
      let portable = [Int64](unsafeUninitializedCapacity: count) { values, initialized in
        if let base = values.baseAddress {
          RawElements.portable(buffer, 0..<count, into: base, as: UInt64.self, Int64.init(bitPattern:))
        }
        initialized = count
      }
      let reference = (0..<count).map { Int64(bitPattern: Self.bits(raw, $0, size: 8)) }
      #expect((0..<count).first { copied[$0] != reference[$0] } == nil)
      #expect((0..<count).first { portable[$0] != reference[$0] } == nil)
    }
  }

  @Test("ArrayFill hands the whole fresh array to its closure, small or on huge pages")
  func fillWritesEveryIndex() {
    for count in [0, 1, 262_143, 262_145, 3_333_333] {
      let values: [Int32] = ArrayFill.make(count: count) { base in
        for index in 0..<count { (base + index).initialize(to: Int32(index)) }
      }
      #expect(values.count == count)
      #expect(values.enumerated().allSatisfy { Int32($0.offset) == $0.element }, "\(count)")
    }
  }
}
