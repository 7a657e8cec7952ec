/// Summary numbers of a set of map values: how uneven the overlap (or gain) is.
///
/// Definitions, over the `count` values `v` considered:
/// - `min`, `max`; `mean = Σv / count`;
/// - `std`: the population standard deviation `sqrt(Σ(v − mean)² / count)`;
/// - `cv`: the coefficient of variation `std / |mean|`, nil when `mean = 0`;
/// - `maxMinRatio`: `max / min`, nil unless `min > 0` (never a division by zero; a zero or negative
///   minimum has no meaningful ratio);
/// - `zeroFraction`: the share of values equal to 0 (holes that receive no tap);
/// - `period`: per axis, the smallest shift `p ≥ 1` under which the values repeat (see the
///   `full` and `interior` constructors for the region it is measured over);
/// - `uniform`: `max = min` (for non-integer gains, within a relative `1e-6`);
/// - `distinct`: each distinct value with the number of positions holding it, in increasing order
///   (non-integer gains closer than a relative `1e-6` count as one value).
public struct OverlapMetrics: Sendable, Equatable {
  /// A distinct value and how many positions hold it.
  public struct ValueCount: Sendable, Equatable {
    public var value: Double
    public var count: Int

    public init(value: Double, count: Int) {
      self.value = value
      self.count = count
    }
  }

  public var count: Int
  public var min: Double
  public var max: Double
  public var mean: Double
  public var std: Double
  public var cv: Double?
  public var maxMinRatio: Double?
  public var zeroFraction: Double
  public var period: [Int]
  public var uniform: Bool
  public var distinct: [ValueCount]

  /// The relative tolerance for comparing non-integer values: a few Float32 ulps, since weights
  /// come from Float32 tensors.
  public static let tolerance = 1e-6

  /// Metrics of `values` with the given per-axis `period`; `integral` selects exact comparison.
  /// Precondition: `values` is not empty. Complexity: O(count) (O(count·log count) for gains).
  public init(values: [Double], period: [Int], integral: Bool) {
    precondition(!values.isEmpty, "metrics need at least one value")
    var low = values[0]
    var high = values[0]
    var sum = 0.0
    var zeros = 0
    for v in values {
      low = Swift.min(low, v)
      high = Swift.max(high, v)
      sum += v
      if v == 0 { zeros += 1 }
    }
    let n = Double(values.count)
    let mean = sum / n
    var squares = 0.0
    for v in values { squares += (v - mean) * (v - mean) }
    let std = (squares / n).squareRoot()
    count = values.count
    min = low
    max = high
    self.mean = mean
    self.std = std
    cv = mean == 0 ? nil : std / abs(mean)
    maxMinRatio = low > 0 ? high / low : nil
    zeroFraction = Double(zeros) / n
    self.period = period
    uniform = integral ? low == high : Self.close(low, high)
    distinct = Self.distinctValues(values, low: low, high: high, integral: integral)
  }

  /// True when `a` and `b` agree within the relative tolerance (or both are 0).
  static func close(_ a: Double, _ b: Double) -> Bool {
    a == b || abs(a - b) <= tolerance * Swift.max(abs(a), abs(b))
  }

  private static func distinctValues(_ values: [Double], low: Double, high: Double, integral: Bool)
    -> [ValueCount]
  {
    if integral, high - low < Double(1 << 20) {
      var histogram = [Int](repeating: 0, count: Int(high - low) + 1)
      for v in values { histogram[Int(v - low)] += 1 }
      return histogram.enumerated().compactMap {
        $1 > 0 ? ValueCount(value: low + Double($0), count: $1) : nil
      }
    }
    var result: [ValueCount] = []
    for v in values.sorted() {
      if let last = result.last, integral ? last.value == v : close(last.value, v) {
        result[result.count - 1].count += 1
      } else {
        result.append(ValueCount(value: v, count: 1))
      }
    }
    return result
  }
}
