/// Upsampling by integer factors, as PyTorch's `interpolate(mode: "nearest" | "linear" |
/// "bilinear" | "trilinear", scale_factor: f, align_corners: False)` computes it for `(N, C, L)`,
/// `(N, C, H, W)` and `(N, C, D, H, W)` tensors.
public enum Upsampling {
  /// Nearest-neighbour upsampling: `y[…, o] = x[…, ⌊o / f⌋]` on every spatial axis, output
  /// extent `in · f`. `factor` holds one value for every axis or one per axis (H then W; D, H, W),
  /// each ≥ 1.
  ///
  /// Complexity: O(output elements).
  public static func nearest(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> Tensor {
    let (rank, factors, outShape) = try plan(input, factor: factor)
    let maps = (0..<rank).map { axis in
      (0..<outShape[axis + 2]).map { o in [(index: o / factors[axis], weight: Float(1))] }
    }
    return resample(input, outShape: outShape, maps: maps)
  }

  /// Linear upsampling on every axis (linear in 1D, bilinear in 2D, trilinear in 3D) with
  /// `align_corners = False`: output `o` reads source position `src = max(0, (o + 0.5) / f − 0.5)`,
  /// mixing `x[⌊src⌋]` and `x[min(⌊src⌋ + 1, n − 1)]` with weights `1 − λ` and `λ = src − ⌊src⌋`;
  /// first along W, then along H, then along D. The edges therefore repeat the border sample.
  /// Output extent `in · f`.
  ///
  /// Complexity: O(output elements · 2 · rank).
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

  /// Trilinear upsampling of an `(N, C, D, H, W)` tensor: `bilinear` on three axes, PyTorch's
  /// `interpolate(mode: "trilinear", align_corners: False)`.
  public static func trilinear(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> Tensor {
    guard input.rank == 5 else {
      throw .rankMismatch(expected: "an input of shape (N, C, D, H, W)", actual: input.shape)
    }
    return try bilinear(input, factor: factor)
  }

  /// Checks the input rank and the factors; returns the rank, the per-axis factors and the output shape.
  static func plan(_ input: Tensor, factor: [Int]) throws(ConvTransposeError) -> (Int, [Int], [Int]) {
    let rank = input.rank - 2
    guard (1...3).contains(rank) else {
      throw .rankMismatch(
        expected: "an input of shape (N, C, L), (N, C, H, W) or (N, C, D, H, W)", actual: input.shape)
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

  /// Separable resampling, one pass per spatial axis from the last to the first: pass `a` replaces
  /// axis `a` by `Σ w·x[…, index, …]` over its map, summed in map order from 0. So a 2D sample is
  /// `Σ w_h·(Σ w_w·x[h, w])` and a 3D sample `Σ w_d·(Σ w_h·(Σ w_w·x[d, h, w]))`.
  static func resample(_ input: Tensor, outShape: [Int], maps: [[[(index: Int, weight: Float)]]]) -> Tensor {
    var data = input.data
    var shape = input.shape
    for axis in maps.indices.reversed() {
      let outer = shape[0..<(axis + 2)].reduce(1, *)
      let inner = shape[(axis + 3)...].reduce(1, *)
      let n = shape[axis + 2]
      let m = outShape[axis + 2]
      var next = [Float](repeating: 0, count: outer * m * inner)
      data.withUnsafeBufferPointer { source in
        next.withUnsafeMutableBufferPointer { target in
          for o in 0..<outer {
            for q in 0..<m {
              let dst = (o * m + q) * inner
              for (i, w) in maps[axis][q] {
                let src = (o * n + i) * inner
                for t in 0..<inner { target[dst + t] += w * source[src + t] }
              }
            }
          }
        }
      }
      data = next
      shape[axis + 2] = m
    }
    return Tensor(shape: outShape, data: data)
  }
}
