import PNGIO

/// Benchmark cases for PNG decoding and encoding (compare with `Scripts/bench_pillow.py`, which
/// builds the same image and times Pillow on it).
let pngBenchCases: [BenchCase] = [
  BenchCase("png-decode-4096-rgb8") {
    let bytes = try PNGBench.image(side: 4096).encoded(options: PNGWriteOptions(compressionLevel: 6))
    return {
      let image = try PNGImage.decode(bytes)
      return PNGBench.checksum(image)
    }
  },
  BenchCase("png-encode-4096-rgb8") {
    let image = PNGBench.image(side: 4096)
    return { Double(try image.encoded(options: PNGWriteOptions(compressionLevel: 6)).count) }
  },
]

/// The benchmark image and its checksum.
enum PNGBench {
  /// A side × side 8-bit RGB image: smooth gradients, a XOR pattern and a little hash noise, so
  /// it compresses like a synthetic picture (neither flat nor random). For pixel (x, y), with
  /// 32-bit wrapping arithmetic and n = ((x · 73856093) XOR (y · 19349663)) >> 13 AND 7:
  /// R = (x + 2y + n) AND 255, G = ((x XOR y) + n) AND 255, B = ((x · y) >> 9 + n) AND 255.
  static func image(side: Int) -> PNGImage {
    var samples = [UInt8](repeating: 0, count: side * side * 3)
    for y in 0..<side {
      for x in 0..<side {
        let ux = UInt32(x)
        let uy = UInt32(y)
        let n = ((ux &* 73_856_093) ^ (uy &* 19_349_663)) >> 13 & 7
        let i = (y * side + x) * 3
        samples[i] = UInt8(truncatingIfNeeded: ux &+ 2 &* uy &+ n)
        samples[i + 1] = UInt8(truncatingIfNeeded: (ux ^ uy) &+ n)
        samples[i + 2] = UInt8(truncatingIfNeeded: (ux &* uy) >> 9 &+ n)
      }
    }
    return PNGImage(width: side, height: side, channels: 3, samples: .uint8(samples))
  }

  /// The sum of every 4099th sample plus the sample count.
  static func checksum(_ image: PNGImage) -> Double {
    guard case .uint8(let values) = image.samples else { return -1 }
    var sum = values.count
    for i in stride(from: 0, to: values.count, by: 4099) { sum += Int(values[i]) }
    return Double(sum)
  }
}
