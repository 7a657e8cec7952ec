import CKernels
import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelRuntime

/// The AVX-512 sigmoid (`ckern_sigmoid_avx512`) against the Swift lane formula it transcribes
/// (`VectorMath.sigmoid`), bit for bit: random arguments over [−100, 100] (inside and outside the
/// lanes' range [−87, 88], where both fall back to the C library's `expf`), the range's bounds and
/// their neighbours, zeros, infinities, NaN and subnormals, in every lane position.
@Suite("AVX-512 sigmoid")
struct SigmoidKernelTests {
  static func swiftSigmoid(_ values: [Float]) -> [Float] {
    var out = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        VectorMath.map(s, d, values.count) { VectorMath.sigmoid($0) }
      }
    }
    return out
  }

  @Test("the same bits as the Swift lanes")
  func sameBits() {
    guard KernelSet.avx512.isSupported else { return }
    var rng = SplitMix64(seed: 9_101)
    var values: [Float] = (0..<40_000).map { _ in
      Float(Double(rng.next() >> 11) / Double(1 << 53) * 200 - 100)
    }
    let special: [Float] = [
      -87, 88, (-87 as Float).nextDown, (-87 as Float).nextUp, (88 as Float).nextDown, (88 as Float).nextUp,
      87, -88, 0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e-30, -1e-30, 0.5, -0.5,
    ]
    // Each special value in every lane position of a group of 16.
    for offset in 0..<16 {
      values += [Float](repeating: 0.25, count: offset) + special + [Float](repeating: -0.25, count: 16)
    }
    values = Array(values[0..<(values.count / 16 * 16)])
    let expected = Self.swiftSigmoid(values)
    var actual = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { src in
      actual.withUnsafeMutableBufferPointer { dst in
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        ckern_sigmoid_avx512(s, d, values.count)
      }
    }
    let mismatches = (0..<values.count).filter {
      !(actual[$0].bitPattern == expected[$0].bitPattern || (actual[$0].isNaN && expected[$0].isNaN))
    }
    #expect(
      mismatches.isEmpty,
      "\(mismatches.count) mismatches, first: \(mismatches.first.map { (values[$0], actual[$0], expected[$0]) } as Any)"
    )
    // The operators' entry on lengths that are not multiples of 16 (kernel, then Swift lanes), in place.
    for length in [1, 15, 17, 1_000, 1_007] {
      let part = Array(values[0..<length])
      var inPlace = part
      inPlace.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        VectorMath.sigmoid(base, base, length, kernels: .avx512)
      }
      let expectedPart = Self.swiftSigmoid(part)
      #expect(
        (0..<length).allSatisfy {
          inPlace[$0].bitPattern == expectedPart[$0].bitPattern
            || (inPlace[$0].isNaN && expectedPart[$0].isNaN)
        }, "length \(length)")
    }
  }
}
