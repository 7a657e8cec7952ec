/// Upsampling by integer factors, as PyTorch's `interpolate(mode: "nearest" | "bilinear",
/// scale_factor: f, align_corners: False)` computes it for `(N, C, L)` and `(N, C, H, W)` tensors.
public enum Upsampling {
  /// Nearest-neighbour upsampling: `y[…, o] = x[…, ⌊o / f⌋]` on every spatial axis, output
  /// extent `in · f`. `factor` holds one value for every axis or one per axis (H then W), each ≥ 1.
  ///
  /// Complexity: O(output elements).
  public static func nearest(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> Tensor {
    let (rank, factors, outShape) = try plan(input, factor: factor)
    let maps = (0..<rank).map { axis in
      (0..<outShape[axis + 2]).map { o in [(index: o / factors[axis], weight: Float(1))] }
    }
    return resample(input, outShape: outShape, maps: maps)
  }

  /// Bilinear (linear in 1D) upsampling with `align_corners = False`: output `o` reads source
  /// position `src = max(0, (o + 0.5) / f − 0.5)`, mixing `x[⌊src⌋]` and `x[min(⌊src⌋ + 1, n − 1)]`
  /// with weights `1 − λ` and `λ = src − ⌊src⌋`; in 2D first along W, then along H. The edges
  /// therefore repeat the border sample. Output extent `in · f`.
  ///
  /// Complexity: O(output elements · 2^rank).
  public static func bilinear(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> Tensor {
    let (rank, factors, outShape) = try plan(input, factor: factor)
    let maps = (0..<rank).map { axis in
      let n = input.shape[axis + 2]
      let f = Double(factors[axis])
      return (0..<outShape[axis + 2]).map { o -> [(index: Int, weight: Float)] in
        let src = max(0, (Double(o) + 0.5) / f - 0.5)
        let i0 = min(Int(src), n - 1)
        let i1 = min(i0 + 1, n - 1)
        let lambda = Float(src - Double(i0))
        return [(i0, 1 - lambda), (i1, lambda)]
      }
    }
    return resample(input, outShape: outShape, maps: maps)
  }

  /// Checks the input rank and the factors; returns the rank, the per-axis factors and the output shape.
  static func plan(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> (Int, [Int], [Int]) {
    let rank = input.rank - 2
    guard rank == 1 || rank == 2 else {
      throw .rankMismatch(expected: "an input of shape (N, C, L) or (N, C, H, W)", actual: input.shape)
    }
    let factors = factor.count == 1 ? [Int](repeating: factor[0], count: rank) : factor
    guard factors.count == rank else { throw .axisCountMismatch(expected: rank, actual: factor.count) }
    guard factors.allSatisfy({ $0 >= 1 }) else {
      throw .invalidArgument("upsampling factors must be at least 1, got \(factor)")
    }
    var outShape = Array(input.shape.prefix(2))
    var elements = outShape.reduce(1, *)
    for axis in 0..<rank {
      let (extent, overflow) = input.shape[axis + 2].multipliedReportingOverflow(by: factors[axis])
      let (product, overflow2) = elements.multipliedReportingOverflow(by: extent)
      guard !overflow, !overflow2, product <= ConvTransposeParameters.maximumOutputElements else {
        throw .sizeOverflow
      }
      elements = product
      outShape.append(extent)
    }
    return (rank, factors, outShape)
  }

  /// Separable resampling: each output sample is `Σ w_h·(Σ w_w·x[h, w])` over the per-axis maps.
  static func resample(_ input: Tensor, outShape: [Int], maps: [[[(index: Int, weight: Float)]]]) -> Tensor {
    let planes = input.shape[0] * input.shape[1]
    let rank = maps.count
    let inH = rank == 2 ? input.shape[2] : 1
    let inW = input.shape[rank + 1]
    let outH = rank == 2 ? outShape[2] : 1
    let outW = outShape[rank + 1]
    let mapH = rank == 2 ? maps[0] : [[(index: 0, weight: Float(1))]]
    let mapW = maps[rank - 1]
    var out = [Float](repeating: 0, count: planes * outH * outW)
    for plane in 0..<planes {
      let inBase = plane * inH * inW
      let outBase = plane * outH * outW
      for oy in 0..<outH {
        for ox in 0..<outW {
          var value: Float = 0
          for (iy, wy) in mapH[oy] {
            var row: Float = 0
            for (ix, wx) in mapW[ox] { row += wx * input.data[inBase + iy * inW + ix] }
            value += wy * row
          }
          out[outBase + oy * outW + ox] = value
        }
      }
    }
    return Tensor(shape: outShape, data: out)
  }
}
