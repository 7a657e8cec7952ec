/// Pixel shuffle (sub-pixel convolution's rearrangement), in PyTorch's channel order, in 2D and
/// its natural extension to 3D.
public enum PixelShuffle {
  /// Rearranges `(N, C·r², H, W)` into `(N, C, H·r, W·r)`:
  /// `y[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w]` for `0 ≤ i, j < r` (PyTorch's
  /// `pixel_shuffle`); and `(N, C·r³, D, H, W)` into `(N, C, D·r, H·r, W·r)`:
  /// `y[n, c, d·r + i, h·r + j, w·r + k] = x[n, c·r³ + i·r² + j·r + k, d, h, w]` (PyTorch has no
  /// 3D form; this is the same rule with one more axis, the sub-position's first axis most
  /// significant in the channel index).
  ///
  /// Complexity: O(elements); a pure permutation.
  public static func shuffle(_ input: Tensor, factor r: Int) throws(ConvTransposeError) -> Tensor {
    guard input.rank == 4 || input.rank == 5 else {
      throw .rankMismatch(
        expected: "an input of shape (N, C·r², H, W) or (N, C·r³, D, H, W)", actual: input.shape)
    }
    guard r >= 1 else { throw .invalidArgument("pixel shuffle factor must be at least 1, got \(r)") }
    let dims = input.rank - 2
    // r^dims channels feed one output block; a factor whose block overflows divides no channel count.
    var blockSize = 1
    var overflow = false
    for _ in 0..<dims {
      let (product, o) = blockSize.multipliedReportingOverflow(by: r)
      blockSize = product
      overflow = overflow || o
    }
    let channels = input.shape[1]
    guard !overflow, channels % blockSize == 0 else {
      throw .invalidArgument(
        "pixel shuffle with factor \(r) needs channels divisible by r^\(dims), got \(channels)")
    }
    let n = input.shape[0]
    let c = channels / blockSize
    let inSizes = Array(input.shape.dropFirst(2))
    let outSizes = inSizes.map { $0 * r }
    let plane = inSizes.reduce(1, *)
    var out = [Float](repeating: 0, count: input.count)
    var position = [Int](repeating: 0, count: dims)
    var sub = [Int](repeating: 0, count: dims)
    let blockSizes = [Int](repeating: r, count: dims)
    for b in 0..<n {
      for oc in 0..<c {
        for s in 0..<blockSize {
          TransposedConvolution.unflatten(s, sizes: blockSizes, into: &sub)
          let src = (b * channels + oc * blockSize + s) * plane
          let dstPlane = (b * c + oc) * plane * blockSize
          for p in 0..<plane {
            TransposedConvolution.unflatten(p, sizes: inSizes, into: &position)
            var dst = 0
            for a in 0..<dims { dst = dst * outSizes[a] + position[a] * r + sub[a] }
            out[dstPlane + dst] = input.data[src + p]
          }
        }
      }
    }
    return Tensor(shape: [n, c] + outSizes, data: out)
  }
}
