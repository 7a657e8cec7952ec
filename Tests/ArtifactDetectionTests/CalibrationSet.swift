import ArtifactDetection
import CheckerscopeCore
import Foundation
import TransposedConv

/// One labelled calibration image.
struct CalibrationImage: Sendable {
  /// Photograph, crop and kind, e.g. `camera@0,0 nonsep3 e0.10`.
  var name: String
  var image: GreyImage
  /// The true period `[py, px]`, or nil for a clean image.
  var period: [Int]?
  /// The true gain modulation `(max g − min g) / mean g` of the interior gain map (0 if clean).
  var modulation: Double
}

/// The labelled calibration set of the README, built in code from the CC0 photographs.
///
/// Each photograph gives two crops (top-left and bottom-right). Each crop is used as is and,
/// for `f = 2, 3, 4`, area-downsampled by `f` and upsampled back by nearest, bilinear and a
/// transposed convolution whose kernel holds the zero-order-hold factor (all clean), and by
/// transposed convolutions with uneven polyphase sums: separable, non-separable and
/// stripes-only (period `[f, 1]`), gain modulation 3 %, 10 % and 30 %; plus two stacked
/// stride-2 layers (period 4). All results are cropped top-left to 256 × 256.
enum CalibrationSet {
  static let side = 256
  static let modulations = [0.03, 0.10, 0.30]

  /// Every image of the set, in a fixed order.
  static func build(photographs: [(String, GreyImage)]) throws -> [CalibrationImage] {
    var out: [CalibrationImage] = []
    var seed: UInt64 = 1
    for (name, photo) in photographs {
      let size = 258  // a multiple of 2 and 3, at least 256
      for (oy, ox) in [(0, 0), (photo.height - size, photo.width - size)] {
        var crop = [Float]()
        for y in 0..<size {
          let start = (y + oy) * photo.width + ox
          crop.append(contentsOf: photo.pixels[start..<(start + size)])
        }
        let base = GreyImage(width: size, height: size, pixels: crop)
        let tag = "\(name)@\(oy),\(ox)"
        out.append(CalibrationImage(name: "\(tag) original", image: cut(base), period: nil, modulation: 0))
        for f in 2...4 {
          let small = Resampling.areaDown(base.cropped(toMultipleOf: f, f), factor: f)
          out.append(clean("\(tag) nearest\(f)", Resampling.nearestUp(small, factor: f)))
          out.append(clean("\(tag) bilinear\(f)", Resampling.bilinearUp(small, factor: f)))
          seed += 1
          var rng = SplitMix64(seed: seed)
          let ky = zeroOrderHold(f, &rng)
          let kx = zeroOrderHold(f, &rng)
          out.append(try make("\(tag) zoh\(f)", small, [Layer(outer(ky, kx), ky.count, kx.count, f)], nil))
          for e in modulations {
            let label = "e" + String(format: "%.2f", e)
            seed += 1
            rng = SplitMix64(seed: seed)
            let my = modulated(zeroOrderHold(f, &rng), gains: gains(f, e, &rng))
            let mx = modulated(zeroOrderHold(f, &rng), gains: gains(f, e, &rng))
            out.append(
              try make(
                "\(tag) sep\(f) \(label)", small, [Layer(outer(my, mx), my.count, mx.count, f)], [f, f]))
            let zy = zeroOrderHold(f, &rng)
            let zx = zeroOrderHold(f, &rng)
            let g = gains2D(f, e, &rng)
            var k = outer(zy, zx)
            for jy in zy.indices {
              for jx in zx.indices { k[jy * zx.count + jx] *= g[(jy % f) * f + jx % f] }
            }
            out.append(
              try make("\(tag) nonsep\(f) \(label)", small, [Layer(k, zy.count, zx.count, f)], [f, f]))
            out.append(
              try make(
                "\(tag) stripes\(f) \(label)", small, [Layer(outer(my, zx), my.count, zx.count, f)], [f, 1]))
          }
        }
        let small4 = Resampling.areaDown(base.cropped(toMultipleOf: 4, 4), factor: 4)
        for e in modulations {
          seed += 1
          var rng = SplitMix64(seed: seed)
          var layers: [Layer] = []
          for _ in 0..<2 {
            let a = modulated(zeroOrderHold(2, &rng), gains: gains(2, e, &rng))
            let b = modulated(zeroOrderHold(2, &rng), gains: gains(2, e, &rng))
            layers.append(Layer(outer(a, b), a.count, b.count, 2))
          }
          out.append(try make("\(tag) stack2x2 e" + String(format: "%.2f", e), small4, layers, [4, 4]))
        }
      }
    }
    return out
  }

  /// A stride-`s` layer with a `kH × kW` kernel.
  struct Layer {
    var kernel: [Float]
    var kH: Int
    var kW: Int
    var stride: Int
    init(_ kernel: [Float], _ kH: Int, _ kW: Int, _ stride: Int) {
      (self.kernel, self.kH, self.kW, self.stride) = (kernel, kH, kW, stride)
    }
  }

  static func cut(_ image: GreyImage) -> GreyImage { image.cropped(height: side, width: side) }

  static func clean(_ name: String, _ image: GreyImage) -> CalibrationImage {
    CalibrationImage(name: name, image: cut(image), period: nil, modulation: 0)
  }

  /// Runs `layers` on `input`, and on an all-ones image of the same size to measure the true
  /// gain modulation over the interior (24 pixels in from each border).
  static func make(_ name: String, _ input: GreyImage, _ layers: [Layer], _ period: [Int]?) throws
    -> CalibrationImage
  {
    func run(_ image: GreyImage) throws -> GreyImage {
      var x = image
      for l in layers {
        x = try Resampling.transposed(x, kernel: l.kernel, kH: l.kH, kW: l.kW, stride: (l.stride, l.stride))
      }
      return x
    }
    let output = try run(input)
    let ones = try run(
      GreyImage(
        width: input.width, height: input.height, pixels: .init(repeating: 1, count: input.pixels.count)))
    var lo = Float.infinity
    var hi = -Float.infinity
    var sum = 0.0
    var n = 0
    for y in 24..<(ones.height - 24) {
      for x in 24..<(ones.width - 24) {
        let v = ones.pixels[y * ones.width + x]
        lo = min(lo, v)
        hi = max(hi, v)
        sum += Double(v)
        n += 1
      }
    }
    let modulation = Double(hi - lo) / (sum / Double(n))
    return CalibrationImage(name: name, image: cut(output), period: period, modulation: modulation)
  }

  /// A 1D kernel holding the zero-order-hold factor: `ones(s) ∗ t` for 1–3 random taps `t` in
  /// [0.2, 1], scaled so every polyphase sum is 1.
  static func zeroOrderHold(_ s: Int, _ rng: inout SplitMix64) -> [Float] {
    let count = 1 + Int(rng.next() % 3)
    let taps = (0..<count).map { _ in 0.6 + 0.4 * rng.nextUniform() }
    var k = [Float](repeating: 0, count: s + count - 1)
    for i in 0..<s { for (j, t) in taps.enumerated() { k[i + j] += t } }
    let total = k.reduce(0, +)
    return k.map { $0 * Float(s) / total }
  }

  /// `kernel[j] · gains[j mod s]`: polyphase sums become `gains`.
  static func modulated(_ kernel: [Float], gains: [Float]) -> [Float] {
    kernel.indices.map { kernel[$0] * gains[$0 % gains.count] }
  }

  static func outer(_ a: [Float], _ b: [Float]) -> [Float] { a.flatMap { x in b.map { x * $0 } } }

  /// Gains `1 + e·u` per phase (`u` zero-mean, `max u − min u = 1`) whose fundamental `1/s`
  /// holds at least half the amplitude of the strongest harmonic, so the pattern's period
  /// really is `s`.
  static func gains(_ s: Int, _ e: Double, _ rng: inout SplitMix64) -> [Float] {
    while true {
      let u = normalised((0..<s).map { _ in Double(rng.nextUniform()) })
      let amplitudes = (1..<s).map { k in dftMagnitude(u, count: s, ky: 0, kx: k, width: s) }
      if let top = amplitudes.max(), top > 0, amplitudes[0] >= 0.5 * top {
        return u.map { Float(1 + e * $0) }
      }
    }
  }

  /// An `s × s` gain tile `1 + e·U` (row-major) whose exact period is `s` on both axes.
  static func gains2D(_ s: Int, _ e: Double, _ rng: inout SplitMix64) -> [Float] {
    while true {
      let u = normalised((0..<(s * s)).map { _ in Double(rng.nextUniform()) })
      var top = 0.0
      var rowFundamental = 0.0
      var columnFundamental = 0.0
      for a in 0..<s {
        for b in 0..<s where a != 0 || b != 0 {
          let m = dftMagnitude(u, count: s, ky: a, kx: b, width: s)
          top = max(top, m)
          if a == 1 { rowFundamental = max(rowFundamental, m) }
          if b == 1 { columnFundamental = max(columnFundamental, m) }
        }
      }
      if top > 0, rowFundamental >= 0.5 * top, columnFundamental >= 0.5 * top {
        return u.map { Float(1 + e * $0) }
      }
    }
  }

  static func normalised(_ v: [Double]) -> [Double] {
    let mean = v.reduce(0, +) / Double(v.count)
    let c = v.map { $0 - mean }
    let range = (c.max() ?? 0) - (c.min() ?? 0)
    return range > 0 ? c.map { $0 / range } : c
  }

  /// `|Σ u[y, x] e^{−2πi(ky y + kx x)/s}|` over a `count`-row, `width`-column tile.
  static func dftMagnitude(_ u: [Double], count: Int, ky: Int, kx: Int, width: Int) -> Double {
    let rows = u.count / width
    var re = 0.0
    var im = 0.0
    for y in 0..<rows {
      for x in 0..<width {
        let angle = -2 * Double.pi * (Double(ky * y) + Double(kx * x)) / Double(count)
        re += u[y * width + x] * cos(angle)
        im += u[y * width + x] * sin(angle)
      }
    }
    return (re * re + im * im).squareRoot()
  }
}
