extension OverlapMetrics {
  /// Metrics from their parts (for computed-elsewhere summaries such as separable maps).
  public init(
    count: Int, min: Double, max: Double, mean: Double, std: Double, cv: Double?, maxMinRatio: Double?,
    zeroFraction: Double, period: [Int], uniform: Bool, distinct: [ValueCount]
  ) {
    self.count = count
    self.min = min
    self.max = max
    self.mean = mean
    self.std = std
    self.cv = cv
    self.maxMinRatio = maxMinRatio
    self.zeroFraction = zeroFraction
    self.period = period
    self.uniform = uniform
    self.distinct = distinct
  }

  /// The full-map metrics of the 2D count map `a ⊗ b` (`v(y, x) = a[y]·b[x]`, non-negative
  /// integer counts), or of the 3D map `a ⊗ b ⊗ c`, without forming it, equal to
  /// `OverlapMap.fullMetrics` of that map.
  ///
  /// - `min = Π min`, `max = Π max` over the axes (values are ≥ 0); `mean = Π Σ / Π |·|`
  ///   (exact integer sums, so bit-identical to summing the map); `zeroFraction` from the
  ///   non-zero counts per axis (bit-identical).
  /// - `std` sums `n(u)·n_last(w)·(u·w − mean)²` over the distinct values `u` of the product of
  ///   all axes but the last (the distinct values of `a` in 2D) and `w` of the last axis: the same
  ///   quantity as the map's, summed in another order (equal within a few ulps).
  /// - `period` is measured on the block (the interior, or the whole map) like `fullMetrics`: on an
  ///   axis it is the 1D period of that axis' counts over its block, or 1 when another axis' block
  ///   holds only zeros (then every shift leaves the block equal).
  ///
  /// Precondition: two or three non-empty vectors. Complexity: O(Σ|axis| + distinct products)
  /// plus the 1D period search, instead of O(Π|axis|).
  public static func separable(_ axes: [[Double]], block: [Range<Int>]) -> OverlapMetrics {
    precondition((2...3).contains(axes.count), "separable metrics of 2 or 3 axes")
    // The distinct values of the product of all axes but the last, with their multiplicities.
    var ha = histogram(axes[0])
    for axis in axes.dropFirst().dropLast() { ha = productHistogram(ha, histogram(axis)) }
    let hb = histogram(axes[axes.count - 1])
    let n = axes.reduce(1) { $0 * $1.count }
    let sumA = ha.reduce(0.0) { $0 + $1.value * Double($1.count) }
    let sumB = hb.reduce(0.0) { $0 + $1.value * Double($1.count) }
    let mean = (sumA * sumB) / Double(n)
    var squares = 0.0
    let top = ha[ha.count - 1].value * hb[hb.count - 1].value
    // Counts of each product value: an integer histogram when small (the usual case), else a dictionary.
    var productCounts = [Int](repeating: 0, count: top < Double(1 << 20) ? Int(top) + 1 : 0)
    var productDictionary: [Double: Int] = [:]
    for u in ha {
      for w in hb {
        let product = u.value * w.value
        let deviation = product - mean
        let pairs = u.count * w.count
        squares += Double(pairs) * deviation * deviation
        if productCounts.isEmpty {
          productDictionary[product, default: 0] += pairs
        } else {
          productCounts[Int(product)] += pairs
        }
      }
    }
    let distinct =
      productCounts.isEmpty
      ? productDictionary.sorted { $0.key < $1.key }.map { ValueCount(value: $0.key, count: $0.value) }
      : productCounts.enumerated().compactMap { $1 > 0 ? ValueCount(value: Double($0), count: $1) : nil }
    let std = (squares / Double(n)).squareRoot()
    let low = ha[0].value * hb[0].value
    let high = ha[ha.count - 1].value * hb[hb.count - 1].value
    let nonZero = axes.reduce(1) { product, axis in product * axis.filter { $0 != 0 }.count }
    let period = axes.indices.map { axis -> Int in
      let range = block[axis]
      let otherIsZero = axes.indices.contains { other in
        other != axis && block[other].allSatisfy { axes[other][$0] == 0 }
      }
      if otherIsZero, range.count >= 2 { return 1 }
      return OverlapMap.periods(
        axes[axis], shape: [axes[axis].count], block: [range], cyclic: false, integral: true)[0]
    }
    return OverlapMetrics(
      count: n, min: low, max: high, mean: mean, std: std, cv: mean == 0 ? nil : std / abs(mean),
      maxMinRatio: low > 0 ? high / low : nil, zeroFraction: Double(n - nonZero) / Double(n),
      period: period, uniform: low == high,
      distinct: distinct)
  }

  /// The distinct products `u·w` of two histograms with their multiplicities, increasing.
  private static func productHistogram(_ a: [ValueCount], _ b: [ValueCount]) -> [ValueCount] {
    var counts: [Double: Int] = [:]
    for u in a { for w in b { counts[u.value * w.value, default: 0] += u.count * w.count } }
    return counts.sorted { $0.key < $1.key }.map { ValueCount(value: $0.key, count: $0.value) }
  }

  /// The distinct values of non-negative integer counts with their multiplicities, increasing.
  private static func histogram(_ values: [Double]) -> [ValueCount] {
    var high = 0.0
    for v in values { high = Swift.max(high, v) }
    var counts = [Int](repeating: 0, count: Int(high) + 1)
    for v in values { counts[Int(v)] += 1 }
    return counts.enumerated().compactMap { $1 > 0 ? ValueCount(value: Double($0), count: $1) : nil }
  }
}
