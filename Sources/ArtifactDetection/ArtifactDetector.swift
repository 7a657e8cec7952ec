import CheckerscopeCore
import Foundation

/// Detects periodic (checkerboard) artifacts in a luminance image with one fixed rule.
///
/// For every candidate period `s = 2 … maxPeriod`:
/// 1. `PEF_s` of the image and of its high-passed version (box window
///    `GreyImage.highPassWindow(period: s)`), each cropped top-left to multiples of `s`.
/// 2. The DFT of the high-passed crop (`H_s × W_s`, multiples of `s`), its wrap-around jumps
///    removed (`removingWrapRamps`), at every lattice bin `(a·H_s/s, b·W_s/s)` and at the 40
///    bins at Chebyshev distance 2–3 around it (`LatticeDFT`). A lattice frequency's `peakDb` is its power over the strongest of those
///    neighbours. A real periodic component is a single-bin spike; natural content, and the
///    lines that borders and edges draw through the spectrum, are spread over neighbours.
///
/// **Decision rule**: a lattice frequency is significant when `peakDb ≥ thresholdDb`
/// (8 dB). `artifact` is true when any frequency is significant; the period on each axis is
/// the least common multiple of the exact periods (`s/gcd(a, s)`, `s/gcd(b, s)`) of the
/// significant frequencies — the smallest lattice that holds them all. The threshold is fixed;
/// it was chosen once, for all images, on the calibration set described in `Docs/METHODS.md` (clean
/// images peak below 5 dB there; the main spike of a 3 % gain modulation stands 13 dB and more
/// above its neighbours).
///
/// Complexity: O(H·W) per period (a high-pass, two PEFs, and 7 demodulated row folds):
/// about 30·H·W multiply-adds per period.
public struct ArtifactDetector: Sendable, Equatable {
  /// The largest candidate period (≥ 2); 8 by default.
  public var maxPeriod: Int
  /// The peak-to-background ratio, in dB, at which a lattice frequency counts as an artifact.
  public var thresholdDb: Double

  /// The fixed default threshold, 8 dB.
  public static let defaultThresholdDb = 8.0
  /// Bins from a lattice bin to its nearest and farthest neighbour (Chebyshev distance).
  static let ring = 2...3

  public init(maxPeriod: Int = 8, thresholdDb: Double = ArtifactDetector.defaultThresholdDb) {
    self.maxPeriod = maxPeriod
    self.thresholdDb = thresholdDb
  }

  /// The smallest image side the candidate periods need: for each `s`, the high-pass window
  /// minus one plus four periods (so a lattice bin's neighbourhood never reaches the next one).
  public static func minimumSide(maxPeriod: Int) -> Int {
    guard maxPeriod >= 2 else { return 1 }
    return (2...maxPeriod).map { GreyImage.highPassWindow(period: $0) - 1 + 4 * $0 }.max() ?? 1
  }

  /// Examines `image`. Deterministic: the same pixels give the same result.
  public func detect(_ image: GreyImage) throws(ArtifactDetectionError) -> Detection {
    guard maxPeriod >= 2 else { throw .invalidMaxPeriod(maxPeriod) }
    let minimum = Self.minimumSide(maxPeriod: maxPeriod)
    guard image.width >= minimum, image.height >= minimum else {
      throw .imageTooSmall(
        width: image.width, height: image.height, minimumSide: minimum, maxPeriod: maxPeriod)
    }
    var scores: [PeriodScore] = []
    var allPeaks: [LatticePeak] = []
    for s in 2...maxPeriod {
      let hp = image.highPassed(window: GreyImage.highPassWindow(period: s)).cropped(toMultipleOf: s, s)
      let peaks = Self.latticePeaks(of: hp, period: s)
      allPeaks += peaks
      func best(_ pattern: LatticePeak.Pattern?) -> Double {
        peaks.filter { pattern == nil || $0.pattern == pattern }.map(\.peakDb).max() ?? 0
      }
      scores.append(
        PeriodScore(
          period: s,
          pef: PeriodicEnergy.fraction(of: image, periodY: s, periodX: s),
          pefHighPass: PeriodicEnergy.fraction(of: hp, periodY: s, periodX: s),
          peakDb: best(nil), horizontalStripesDb: best(.horizontalStripes),
          verticalStripesDb: best(.verticalStripes), checkerDb: best(.checker)))
    }
    let significant = allPeaks.filter { $0.peakDb >= thresholdDb }.sorted { lhs, rhs in
      if lhs.peakDb != rhs.peakDb { return lhs.peakDb > rhs.peakDb }
      return (lhs.period, lhs.a, lhs.b) < (rhs.period, rhs.a, rhs.b)
    }
    guard !significant.isEmpty else {
      var bestScore = scores[0]
      for score in scores where score.peakDb > bestScore.peakDb { bestScore = score }
      let tile = PhaseMeanTile(image: image, periodY: bestScore.period, periodX: bestScore.period)
      return Detection(artifact: false, period: nil, strength: 0, scores: scores, peaks: [], tile: tile)
    }
    let py = significant.map(\.periodY).reduce(1, lcm)
    let px = significant.map(\.periodX).reduce(1, lcm)
    let tile: PhaseMeanTile
    if py <= image.height, px <= image.width {
      tile = PhaseMeanTile(image: image, periodY: py, periodX: px)
    } else {
      tile = PhaseMeanTile(image: image, periodY: significant[0].period, periodX: significant[0].period)
    }
    return Detection(
      artifact: true, period: [py, px], strength: tile.relativeSpread, scores: scores,
      peaks: significant, tile: tile)
  }

  /// The peaks of the lattice frequencies whose exact period is `s`, one per conjugate pair
  /// (the representative with `b ≤ s/2`). `image` must have sides that are multiples of `s`
  /// and at least `4s`.
  static func latticePeaks(of image: GreyImage, period s: Int) -> [LatticePeak] {
    let reach = ring.upperBound
    let span = 2 * reach + 1
    let columns = s / 2 + 1
    let power = LatticeDFT.power(of: image.removingWrapRamps(), period: s, reach: reach)
    func at(_ a: Int, _ dy: Int, _ b: Int, _ dx: Int) -> Double {
      power[((a * span + dy + reach) * columns + b) * span + dx + reach]
    }
    var energy = 0.0
    for v in image.pixels { energy += Double(v) * Double(v) }
    let floor = max(energy * Double(image.pixels.count) * 1e-18, Double.leastNormalMagnitude)
    var peaks: [LatticePeak] = []
    for a in 0..<s {
      for b in 0...(s / 2) where a != 0 || b != 0 {
        // One representative per conjugate pair: when b ≡ −b, keep the smaller a.
        if (2 * b) % s == 0 && a > (s - a) % s { continue }
        let qy = s / gcd(a, s)
        let qx = s / gcd(b, s)
        guard lcm(qy, qx) == s else { continue }
        var background = 0.0
        for dy in -reach...reach {
          for dx in -reach...reach where ring.contains(max(abs(dy), abs(dx))) {
            background = max(background, at(a, dy, b, dx))
          }
        }
        let p = at(a, 0, b, 0)
        let db = 10 * log10(max(p, floor) / max(background, floor))
        peaks.append(LatticePeak(period: s, a: a, b: b, power: p, background: background, peakDb: db))
      }
    }
    return peaks
  }
}
