extension LayerConfig {
  /// The kernel as one 1D factor per axis when it is exactly separable, `w[y, x] = a[y]·b[x]`
  /// (every product equal to the weight, bit for bit), else nil. All-ones kernels give `[nil, …]`
  /// (nil: all ones); 1D kernels are their own factor.
  ///
  /// The factors are the column and the row through the largest weight, the row divided by that
  /// weight; an all-zero kernel gives zeros and ones. Complexity: O(kernel taps).
  public var separableFactors: [[Double]?]? {
    guard let weights else { return [[Double]?](repeating: nil, count: dims) }
    if dims == 1 { return [weights] }
    guard dims == 2, weights.count == kernel[0] * kernel[1] else { return nil }
    let (kH, kW) = (kernel[0], kernel[1])
    var pivot = 0
    for (index, w) in weights.enumerated() where abs(w) > abs(weights[pivot]) { pivot = index }
    let (py, px) = (pivot / kW, pivot % kW)
    let scale = weights[pivot]
    guard scale != 0 else {
      return [[Double](repeating: 0, count: kH), [Double](repeating: 1, count: kW)]
    }
    let column = (0..<kH).map { weights[$0 * kW + px] }
    let row = (0..<kW).map { weights[py * kW + $0] / scale }
    for y in 0..<kH {
      for x in 0..<kW where column[y] * row[x] != weights[y * kW + x] { return nil }
    }
    return [column, row]
  }
}

extension Scatter {
  /// The per-layer, per-axis 1D factors of a stack whose kernels are all separable
  /// (`LayerConfig.separableFactors`), or nil when one is not.
  static func separableFactors(_ layers: [LayerConfig]) -> [[[Double]?]]? {
    var result: [[[Double]?]] = []
    for layer in layers {
      guard let factors = layer.separableFactors else { return nil }
      result.append(factors)
    }
    return result
  }
}
