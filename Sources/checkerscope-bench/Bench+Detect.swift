import ArtifactDetection
import Foundation

/// Benchmark cases for artifact detection.
let detectBenchCases: [BenchCase] = [
  // The case: one 512×512 image, periods 2…8. The image is made in code: smooth waves
  // times a 2×2 gain of 1 ± 3 %.
  BenchCase("detect-512", runs: 5) {
    var pixels = [Float]()
    pixels.reserveCapacity(512 * 512)
    for y in 0..<512 {
      for x in 0..<512 {
        let v =
          0.5 + 0.2 * sin(Double(x) * 0.031 + 0.3) * cos(Double(y) * 0.017) + 0.1
          * sin(Double(x + 2 * y) * 0.05)
        pixels.append(Float(v * ((x + y) % 2 == 0 ? 1.03 : 0.97)))
      }
    }
    let image = GreyImage(width: 512, height: 512, pixels: pixels)
    let detector = ArtifactDetector(maxPeriod: 8)
    return {
      let d = try detector.detect(image)
      return d.strength + d.scores.reduce(0) { $0 + $1.peakDb + $1.pef } + Double(d.period?.reduce(0, +) ?? 0)
    }
  },
  // The full log power spectrum of the same size (only drawn for --spectrum).
  BenchCase("detect-spectrum-512", runs: 3) {
    var rng = 0x1234 as UInt64
    let pixels = (0..<(512 * 512)).map { _ -> Float in
      rng = rng &* 6_364_136_223_846_793_005 &+ 1
      return Float(rng >> 40) / Float(1 << 24)
    }
    let image = GreyImage(width: 512, height: 512, pixels: pixels)
    return {
      let s = PowerSpectrum.logPower(of: image)
      return Double(s.pixels[0]) + Double(s.pixels[1000])
    }
  },
]
