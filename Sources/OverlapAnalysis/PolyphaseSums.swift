import CheckerscopeCore
import TransposedConv

/// The polyphase sums of a kernel for a stride: what a stride-`s` transposed convolution outputs,
/// phase by phase, for a constant input of 1 away from the borders.
///
/// Definition (per axis, FACTS.md "Weighted kernels"): tap `j` lands at offset `j·d`, so phase
/// `r ∈ 0..<s` collects `S_r = Σ_{j : j·d ≡ r (mod s)} w[j]`. In 2D the phases are pairs
/// `(r_h, r_w)` and `sums` is the `s_h × s_w` grid, row-major; `axisSums[a]` are the sums per
/// phase of axis `a` alone (all taps of the other axis added).
///
/// Zero-order-hold condition: the output of a flat input is flat exactly when all `S_r` are equal,
/// i.e. the kernel contains the hold factor `1 + z⁻¹ + … + z^{−(s−1)}`. `holdMiss = max S − min S`
/// says by how much it misses (0 when met); `relativeHoldMiss = holdMiss / |mean S|` (nil when the
/// mean is 0). For an all-ones kernel the sums are the overlap counts of the interior tile.
/// Complexity: O(taps).
public struct PolyphaseSums: Sendable, Equatable {
  /// The stride per axis (the number of phases).
  public var stride: [Int]
  /// The sums per phase, row-major over `stride`.
  public var sums: [Double]
  /// Per axis, the sums per phase of that axis alone.
  public var axisSums: [[Double]]

  /// The polyphase sums of `layer`'s kernel (all ones when it has no weights).
  public init(layer: LayerConfig) throws(OverlapError) {
    try layer.validate()
    let dims = layer.dims
    let stride = layer.strides
    let kernel = layer.kernel
    let weights = layer.weights ?? [Double](repeating: 1, count: kernel.reduce(1, *))
    var sums = [Double](repeating: 0, count: stride.reduce(1, *))
    var axisSums = stride.map { [Double](repeating: 0, count: $0) }
    for (index, w) in weights.enumerated() {
      // Row-major tap index → tap per axis → phase per axis → row-major phase index.
      var rest = index
      var phases = [Int](repeating: 0, count: dims)
      for axis in Swift.stride(from: dims - 1, through: 0, by: -1) {
        phases[axis] = ((rest % kernel[axis]) * layer.axes[axis].dilation) % stride[axis]
        rest /= kernel[axis]
      }
      sums[zip(phases, stride).reduce(0) { $0 * $1.1 + $1.0 }] += w
      for axis in 0..<dims { axisSums[axis][phases[axis]] += w }
    }
    self.stride = stride
    self.sums = sums
    self.axisSums = axisSums
  }

  /// `max S − min S` over all phases: 0 when the zero-order-hold condition holds.
  public var holdMiss: Double { (sums.max() ?? 0) - (sums.min() ?? 0) }

  /// The mean of the sums (the average gain).
  public var mean: Double { sums.reduce(0, +) / Double(sums.count) }

  /// `holdMiss / |mean|`, nil when the mean is 0.
  public var relativeHoldMiss: Double? { mean == 0 ? nil : holdMiss / abs(mean) }

  /// True when all sums are equal within a relative `1e-6` of the largest magnitude: a flat input
  /// gives a flat interior output.
  public var meetsZeroOrderHold: Bool {
    let scale = sums.map(abs).max() ?? 0
    return holdMiss <= OverlapMetrics.tolerance * scale
  }

  /// `{"stride","sums","axisSums","holdMiss","relativeHoldMiss","zeroOrderHold"}`; `sums` are rows
  /// in 2D and depth slices of rows in 3D.
  public var json: JSONValue {
    let grid = OverlapMap.nested(sums, shape: stride) { .double($0) }
    return .object([
      ("stride", .array(stride.map { .int($0) })),
      ("sums", grid),
      ("axisSums", .array(axisSums.map { .array($0.map { .double($0) }) })),
      ("holdMiss", .double(holdMiss)),
      ("relativeHoldMiss", .optional(relativeHoldMiss)),
      ("zeroOrderHold", .bool(meetsZeroOrderHold)),
    ])
  }
}

extension PolyphaseSums {
  /// Two lines for text reports: the sums per phase (rows in 2D, separated by `/`; depth slices
  /// in 3D, separated by `//`) and whether the
  /// zero-order-hold condition is met or by how much it is missed. Locale-independent.
  public var textSummary: String {
    let width = stride[stride.count - 1]
    let rows = Swift.stride(from: 0, to: sums.count, by: width).map {
      sums[$0..<$0 + width].map(OverlapMap.number).joined(separator: " ")
    }
    // In 3D the rows of each depth slice are joined with " / " and the slices with " // ".
    let height = stride.count == 3 ? stride[1] : rows.count
    let slices = Swift.stride(from: 0, to: rows.count, by: max(height, 1)).map {
      rows[$0..<min($0 + height, rows.count)].joined(separator: " / ")
    }
    let verdict =
      meetsZeroOrderHold
      ? "met (all phases sum to \(OverlapMap.number(mean)): a flat input stays flat)"
      : "missed by \(OverlapMap.number(holdMiss)) (max − min)"
        + (relativeHoldMiss.map { ", \(OverlapMap.number($0)) of the mean" } ?? "")
    return "polyphase sums S_r (stride \(OverlapMap.axes(stride))): \(slices.joined(separator: " // "))\n"
      + "zero-order-hold condition: \(verdict)\n"
  }
}
