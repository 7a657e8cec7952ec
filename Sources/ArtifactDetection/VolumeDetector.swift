import CheckerscopeCore
import Foundation

/// Detects periodic patterns in 3D volumes, axis by axis: the 1D form of `ArtifactDetector`'s
/// rule applied to coherent sums of the lines along each axis.
///
/// For each axis, the volume (all stacked volumes) is summed over the other two axes into four
/// 1D signals, `m_σ[i] = Σ_{u,v} (−1)^{σ₁u + σ₂v} x[i, u, v]` for `σ ∈ {0, 1}²`: the plain sum keeps
/// every pattern that repeats along the axis with a non-zero mean over the other axes (stripes,
/// and the separable `c(z)·c(y)·c(x)` patterns of transposed convolutions); the signed sums keep
/// those that alternate along another axis (3D checkerboards). Summing is coherent, so a pattern
/// gains the number of lines over the noise. Then, for each candidate period
/// `s = 2 … maxPeriod` that fits the axis (length at least
/// `GreyImage.highPassWindow(period: s) − 1 + 7s`, so no neighbour reaches the next lattice bin):
/// 1. each signal is high-passed by subtracting its box mean over
///    `GreyImage.highPassWindow(period: s)` samples (whole periods, so every period-`s` component
///    is kept; valid region only) and cropped to a multiple `L` of `s`;
/// 2. its DFT power is taken at the lattice bins `b·L/s` (`1 ≤ b ≤ s/2`, `gcd(b, s) = 1`, so the
///    frequency's exact period is `s`) and at the bins 2 to 6 away on either side;
/// 3. a frequency's `peakDb` is `10·log10` of its power over the strongest of those ten
///    neighbours, the largest over the four signals (with ten neighbours, noise alone passes
///    8 dB with probability about 10⁻⁴ per frequency and signal, where the image detector's 2D ring has 40). A periodic pattern is a single-bin spike;
///    smooth content and noise are spread over neighbours.
///
/// **Decision rule** (the image detector's): a frequency is significant at `peakDb ≥ thresholdDb`
/// (8 dB); an axis' period is the least common multiple of the exact periods of its significant
/// frequencies (nil when there is none); `artifact` is true when any axis has a period.
/// `pef` per axis and period is the pooled per-line periodic-energy fraction of the raw lines
/// (FACTS.md's definition in 1D, lines cropped to multiples of `s`, each line's mean removed).
///
/// Complexity: O(values) for the four sums per axis and O(values · maxPeriod) for the PEFs; the
/// 1D spectra are negligible.
public struct VolumeDetector: Sendable, Equatable {
  /// The largest candidate period (≥ 2).
  public var maxPeriod: Int
  /// The peak-to-background ratio, in dB, at which a frequency counts.
  public var thresholdDb: Double

  public init(maxPeriod: Int = 8, thresholdDb: Double = ArtifactDetector.defaultThresholdDb) {
    self.maxPeriod = maxPeriod
    self.thresholdDb = thresholdDb
  }

  /// The scores of one candidate period on one axis.
  public struct AxisScore: Sendable, Equatable {
    /// The period `s`.
    public var period: Int
    /// The pooled per-line periodic-energy fraction at `s`.
    public var pef: Double
    /// The strongest `peakDb` among the frequencies of exact period `s`.
    public var peakDb: Double
  }

  /// The verdict on one axis.
  public struct AxisResult: Sendable, Equatable {
    /// The period along the axis, or nil without periodic structure (or when no candidate fits).
    public var period: Int?
    /// One score per candidate period that fits the axis, in order.
    public var scores: [AxisScore]
  }

  /// The verdict on a volume.
  public struct Result: Sendable, Equatable {
    /// True when some axis has a period.
    public var artifact: Bool
    /// Per axis (`z`, `y`, `x`).
    public var axes: [AxisResult]
    /// The period per axis, 1 on axes without periodic structure; nil without an artifact.
    public var period: [Int]? {
      artifact ? axes.map { $0.period ?? 1 } : nil
    }
  }

  /// The shortest axis a candidate period `s` needs.
  public static func minimumLength(period s: Int) -> Int {
    GreyImage.highPassWindow(period: s) - 1 + (reach + 1) * s
  }

  /// Bins from a lattice bin to its farthest neighbour; the nearest is 2 away.
  static let reach = 6

  /// Examines `volume`. Deterministic.
  /// Errors: `maxPeriod < 2`, or no axis long enough for period 2.
  public func detect(_ volume: GreyVolume) throws(ArtifactDetectionError) -> Result {
    guard maxPeriod >= 2 else { throw .invalidMaxPeriod(maxPeriod) }
    let shortest = Self.minimumLength(period: 2)
    guard volume.shape.contains(where: { $0 >= shortest }) else {
      throw .volumeTooSmall(shape: volume.shape, minimumLength: shortest)
    }
    var axes: [AxisResult] = []
    for axis in 0..<3 {
      var scores: [AxisScore] = []
      var periods: [Int] = []
      let signals = volume.shape[axis] >= shortest ? Self.marginals(volume, axis: axis) : []
      for s in 2...maxPeriod where volume.shape[axis] >= Self.minimumLength(period: s) {
        let peaks = Self.peaks(signals, period: s)
        let best = peaks.map(\.db).max() ?? 0
        for peak in peaks where peak.db >= thresholdDb { periods.append(s / gcd(peak.b, s)) }
        scores.append(AxisScore(period: s, pef: Self.pef(volume, axis: axis, period: s), peakDb: best))
      }
      axes.append(AxisResult(period: periods.isEmpty ? nil : periods.reduce(1, lcm), scores: scores))
    }
    return Result(artifact: axes.contains { $0.period != nil }, axes: axes)
  }

  /// The four coherent sums along `axis` (see the type's documentation), each of length
  /// `shape[axis]`, in the order `σ = (0,0), (0,1), (1,0), (1,1)` over the other axes in order.
  static func marginals(_ volume: GreyVolume, axis: Int) -> [[Double]] {
    let (d, h, w) = (volume.shape[0], volume.shape[1], volume.shape[2])
    var sums = [[Double]](repeating: [Double](repeating: 0, count: volume.shape[axis]), count: 4)
    volume.values.withUnsafeBufferPointer { v in
      var index = 0
      for _ in 0..<volume.count {
        for z in 0..<d {
          for y in 0..<h {
            for x in 0..<w {
              // The coordinate along `axis` and the parities of the other two, in order.
              let (i, first, second) =
                axis == 0 ? (z, y & 1, x & 1) : axis == 1 ? (y, z & 1, x & 1) : (x, z & 1, y & 1)
              let value = Double(v[index])
              index += 1
              sums[0][i] += value
              sums[1][i] += second == 0 ? value : -value
              sums[2][i] += first == 0 ? value : -value
              sums[3][i] += first == second ? value : -value
            }
          }
        }
      }
    }
    return sums
  }

  /// `peakDb` of each frequency `b/s` with `gcd(b, s) = 1`, `1 ≤ b ≤ s/2`, the largest over `signals`.
  static func peaks(_ signals: [[Double]], period s: Int) -> [(b: Int, db: Double)] {
    let window = GreyImage.highPassWindow(period: s)
    let valid = (signals.first?.count ?? 0) - window + 1
    let length = valid / s * s
    let frequencies = (1...(s / 2)).filter { gcd($0, s) == 1 }
    let offsets = [0] + (2...reach).flatMap { [-$0, $0] }
    let (cosines, sines) = DirectDFT.twiddles(length)
    var best = [Double](repeating: -Double.infinity, count: frequencies.count)
    var high = [Double](repeating: 0, count: length)
    for signal in signals {
      // Box mean over `window` samples by a running sum; the centre sample minus it.
      var sum = 0.0
      for i in 0..<window { sum += signal[i] }
      let centre = window / 2
      var energy = 0.0
      for i in 0..<length {
        if i > 0 { sum += signal[i + window - 1] - signal[i - 1] }
        high[i] = signal[i + centre] - sum / Double(window)
        energy += high[i] * high[i]
      }
      func power(_ bin: Int) -> Double {
        var re = 0.0
        var im = 0.0
        var m = 0
        for i in 0..<length {
          re += high[i] * cosines[m]
          im -= high[i] * sines[m]
          m += bin
          if m >= length { m -= length }
        }
        return re * re + im * im
      }
      let floor = max(energy * Double(length) * 1e-18, Double.leastNormalMagnitude)
      for (f, b) in frequencies.enumerated() {
        let bins = offsets.map { ((b * length / s + $0) % length + length) % length }
        let background = bins.dropFirst().map(power).max() ?? 0
        best[f] = max(best[f], 10 * log10(max(power(bins[0]), floor) / max(background, floor)))
      }
    }
    return zip(frequencies, best).map { ($0, $1) }
  }

  /// The pooled per-line periodic-energy fraction at period `s` along `axis`.
  static func pef(_ volume: GreyVolume, axis: Int, period s: Int) -> Double {
    let length = volume.shape[axis] / s * s
    var periodic = 0.0
    var total = 0.0
    var sums = [Double](repeating: 0, count: s)
    volume.forEachLine(along: axis) { line in
      var mean = 0.0
      for i in 0..<length { mean += Double(line[i]) }
      mean /= Double(length)
      for r in 0..<s { sums[r] = 0 }
      for i in 0..<length {
        let d = Double(line[i]) - mean
        total += d * d
        sums[i % s] += d
      }
      let perClass = Double(length / s)
      for r in 0..<s { periodic += sums[r] * sums[r] / perClass }
    }
    return total > 0 ? min(1, periodic / total) : 0
  }
}
