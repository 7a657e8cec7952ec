import TransposedConv

/// The standard cures for checkerboard artifacts, as layer stacks whose maps can be compared with
/// a transposed convolution's.
///
/// Each remedy upsamples by a factor `s` per axis and applies a stride-1 convolution with kernel
/// `k` and PyTorch's `padding='same'` (begin `⌊(k−1)/2⌋`, end the rest), so an input of `n` gives
/// `n·s` outputs. Each step is written as the transposed convolution it equals:
/// - nearest upsampling by `s` is exactly a transposed convolution with an all-ones kernel of `s`
///   taps and stride `s` (each input copied to its `s` outputs);
/// - bilinear upsampling (`align_corners=False`) equals, away from the borders, a transposed
///   convolution with the triangle kernel `bilinear:K`, `K = 2s − (s mod 2)`, stride `s`, padding
///   `⌊s/2⌋` (at the borders PyTorch repeats the edge sample where this stack pads with zeros, so
///   the map's values are computed with `Upsampling.bilinear` and `Convolution.apply` instead,
///   while its interior and tile come from the stack, which agrees there);
/// - a stride-1 convolution with padding `(pb, pe)` is exactly a transposed convolution with the
///   flipped kernel, stride 1 and padding `(k−1−pb, k−1−pe)`;
/// - sub-pixel convolution with ICNR initialisation (all `s²` sub-kernels equal) followed by pixel
///   shuffle is exactly the stride-1 convolution followed by nearest upsampling.
public enum Remedy: String, Sendable, Hashable, CaseIterable {
  /// Nearest upsampling by `s`, then a stride-1 convolution (resize-convolution).
  case resizeNearest = "resize-nearest"
  /// Bilinear upsampling by `s`, then a stride-1 convolution.
  case resizeBilinear = "resize-bilinear"
  /// A stride-1 convolution to `s²` ICNR-initialised channels, then pixel shuffle by `s`.
  case subpixelICNR = "subpixel-icnr"

  /// The layer stack of this remedy for upsampling `factor` per axis and a convolution `kernel`
  /// per axis, with `weights` (row-major, PyTorch's Conv orientation) or all ones when nil.
  public func layers(factor: [Int], kernel: [Int], weights: [Double]? = nil) throws(OverlapError)
    -> [LayerConfig]
  {
    let dims = factor.count
    guard (1...3).contains(dims) else { throw .unsupportedDims(dims) }
    guard kernel.count == dims else {
      throw .axisCountMismatch(what: "the kernel", expected: dims, actual: kernel.count)
    }
    for f in factor where f < 1 { throw .parameters(.nonPositiveStride(f)) }
    // The map is at least `factor` long per axis; refusing larger factors here keeps `2·f` exact.
    for f in factor where f > OverlapMap.maximumPositions {
      throw .mapTooLarge(positions: f, limit: OverlapMap.maximumPositions)
    }
    for k in kernel where k < 1 { throw .parameters(.nonPositiveKernel(k)) }
    if let weights, weights.count != kernel.reduce(1, *) {
      throw .weightShape(
        expected: "\(kernel.reduce(1, *)) taps for a kernel of \(kernel)", actual: [weights.count])
    }
    let convolution = LayerConfig(
      kernel: kernel,
      axes: kernel.map { k in
        let begin = (k - 1) / 2
        return AxisParameters(stride: 1, paddingBegin: k - 1 - begin, paddingEnd: begin)
      },
      weights: weights.map { Array($0.reversed()) })  // reversing row-major data flips every axis
    let nearest = LayerConfig(kernel: factor, axes: factor.map { AxisParameters(stride: $0) })
    switch self {
    case .resizeNearest:
      return [nearest, convolution]
    case .subpixelICNR:
      return [convolution, nearest]
    case .resizeBilinear:
      let sizes = factor.map { 2 * $0 - $0 % 2 }
      let taps: [Float]
      do { taps = try KernelSpec(kind: .bilinear, size: PerAxis(sizes)).kernel(dims: dims).data } catch {
        throw .parameters(error)
      }
      let bilinear = LayerConfig(
        kernel: sizes, axes: factor.map { AxisParameters(stride: $0, padding: $0 / 2) },
        weights: taps.map(Double.init))
      return [bilinear, convolution]
    }
  }
}

extension OverlapMap {
  /// The map of a remedy (see `Remedy`) for an all-ones input of `inputSize` per axis: upsampling by
  /// `factor`, a stride-1 convolution with `kernel` (all ones, or `weights` in Conv orientation).
  /// Its interior is flat: `Σ w` (`k` per axis for all ones) at every interior position.
  /// Complexity: that of the stack's map (plus the bilinear upsampling and convolution of an
  /// all-ones tensor for `.resizeBilinear`).
  public init(
    remedy: Remedy, factor: [Int], kernel: [Int], weights: [Double]? = nil, inputSize: [Int]
  ) throws(OverlapError) {
    try self.init(
      layers: try remedy.layers(factor: factor, kernel: kernel, weights: weights), inputSize: inputSize)
    if remedy == .resizeBilinear {
      values = try Self.bilinearRemedyValues(
        factor: factor, kernel: kernel, weights: weights, inputSize: inputSize)
    }
  }

  /// PyTorch's `interpolate(bilinear, align_corners=False)` of ones, then a 'same' stride-1
  /// convolution: `Convolution.apply` pads symmetrically by `⌈(k−1)/2⌉`, so the first
  /// `⌈(k−1)/2⌉ − ⌊(k−1)/2⌋` outputs (1 for even `k`) are dropped to keep `n·s` per axis.
  static func bilinearRemedyValues(
    factor: [Int], kernel: [Int], weights: [Double]?, inputSize: [Int]
  ) throws(OverlapError) -> [Double] {
    let dims = factor.count
    if dims == 3 {
      return trilinearRemedyValues(factor: factor, kernel: kernel, weights: weights, inputSize: inputSize)
    }
    let taps = kernel.reduce(1, *)
    let ones = Tensor(shape: [1, 1] + inputSize, repeating: 1)
    let weight = Tensor(
      shape: [1, 1] + kernel, data: weights.map { $0.map(Float.init) } ?? [Float](repeating: 1, count: taps))
    let padding = kernel.map { $0 / 2 }
    let result: Tensor
    do {
      let upsampled = try Upsampling.bilinear(ones, factor: factor)
      result = try Convolution.apply(input: upsampled, weight: weight, padding: padding)
    } catch { throw .parameters(error) }
    let skip = kernel.map { $0 / 2 - ($0 - 1) / 2 }
    let lengths = (0..<dims).map { inputSize[$0] * factor[$0] }
    let width = result.shape[dims + 1]
    var values: [Double] = []
    values.reserveCapacity(lengths.reduce(1, *))
    if dims == 1 {
      for o in 0..<lengths[0] { values.append(Double(result.data[o + skip[0]])) }
    } else {
      for y in 0..<lengths[0] {
        for x in 0..<lengths[1] { values.append(Double(result.data[(y + skip[0]) * width + x + skip[1]])) }
      }
    }
    return values
  }

  /// The 3D form of `bilinearRemedyValues`: trilinear upsampling (`align_corners=False`) of a
  /// constant is that constant (the interpolation weights sum to 1 and the borders repeat the
  /// edge sample), so the map is the 'same' convolution of an all-ones `n·s` volume with
  /// zero padding: `v(o) = Σ_j w[j]·[0 ≤ o_a + j_a − ⌊(k_a−1)/2⌋ < n_a·s_a on every axis a]`,
  /// computed directly in Float64. O(positions × taps).
  static func trilinearRemedyValues(factor: [Int], kernel: [Int], weights: [Double]?, inputSize: [Int])
    -> [Double]
  {
    let lengths = (0..<3).map { inputSize[$0] * factor[$0] }
    let w = weights ?? [Double](repeating: 1, count: kernel.reduce(1, *))
    let begin = kernel.map { ($0 - 1) / 2 }
    var values = [Double](repeating: 0, count: lengths.reduce(1, *))
    for z in 0..<lengths[0] {
      for y in 0..<lengths[1] {
        for x in 0..<lengths[2] {
          var sum = 0.0
          for jz in 0..<kernel[0] where (0..<lengths[0]).contains(z + jz - begin[0]) {
            for jy in 0..<kernel[1] where (0..<lengths[1]).contains(y + jy - begin[1]) {
              for jx in 0..<kernel[2] where (0..<lengths[2]).contains(x + jx - begin[2]) {
                sum += w[(jz * kernel[1] + jy) * kernel[2] + jx]
              }
            }
          }
          values[(z * lengths[1] + y) * lengths[2] + x] = sum
        }
      }
    }
    return values
  }
}
