import ArtifactDetection
import CheckerscopeCore
import Foundation
import TransposedConv

/// Small synthetic images and a plain DFT, written for the tests.
enum TestImages {
  /// `tile` (`rows × columns`, row-major) repeated over `height × width`.
  static func tiled(_ tile: [Float], rows: Int, columns: Int, height: Int, width: Int) -> GreyImage {
    var p = [Float]()
    for y in 0..<height { for x in 0..<width { p.append(tile[(y % rows) * columns + x % columns]) } }
    return GreyImage(width: width, height: height, pixels: p)
  }

  /// Uniform noise in [−1, 1) from SplitMix64.
  static func noise(height: Int, width: Int, seed: UInt64) -> GreyImage {
    var rng = SplitMix64(seed: seed)
    return GreyImage(
      width: width, height: height, pixels: (0..<(height * width)).map { _ in rng.nextUniform() })
  }

  /// A smooth, photograph-like field in about [0.2, 0.8]: a few random low-frequency waves.
  static func smooth(height: Int, width: Int, seed: UInt64) -> GreyImage {
    var rng = SplitMix64(seed: seed)
    var waves: [(Double, Double, Double, Double)] = []
    for _ in 0..<6 {
      waves.append(
        (
          Double(rng.nextUniform()) * 0.05, Double(rng.nextUniform()) * 0.05, Double(rng.nextUniform()) * 3,
          0.05 + 0.03 * Double(rng.nextUniform())
        ))
    }
    var p = [Float]()
    for y in 0..<height {
      for x in 0..<width {
        var v = 0.5
        for (fy, fx, phase, amp) in waves {
          v += amp * sin(2 * Double.pi * (fy * Double(y) + fx * Double(x)) + phase)
        }
        p.append(Float(v))
      }
    }
    return GreyImage(width: width, height: height, pixels: p)
  }

  /// `|X(ky, kx)|²` for every bin by the textbook double sum (O((H·W)²)).
  static func naivePower(_ image: GreyImage) -> [Double] {
    let h = image.height
    let w = image.width
    var out = [Double](repeating: 0, count: h * w)
    for ky in 0..<h {
      for kx in 0..<w {
        var re = 0.0
        var im = 0.0
        for y in 0..<h {
          for x in 0..<w {
            let angle = -2 * Double.pi * (Double(ky * y) / Double(h) + Double(kx * x) / Double(w))
            re += Double(image.pixels[y * w + x]) * cos(angle)
            im += Double(image.pixels[y * w + x]) * sin(angle)
          }
        }
        out[ky * w + kx] = re * re + im * im
      }
    }
    return out
  }
}
