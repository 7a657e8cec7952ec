/// Pixel shuffle (sub-pixel convolution's rearrangement), in PyTorch's channel order.
public enum PixelShuffle {
  /// Rearranges `(N, C·r², H, W)` into `(N, C, H·r, W·r)`:
  /// `y[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w]` for `0 ≤ i, j < r`.
  ///
  /// Complexity: O(elements); a pure permutation.
  public static func shuffle(_ input: Tensor, factor r: Int) throws(ConvTransposeError) -> Tensor {
    guard input.rank == 4 else {
      throw .rankMismatch(expected: "an input of shape (N, C·r², H, W)", actual: input.shape)
    }
    guard r >= 1 else { throw .invalidArgument("pixel shuffle factor must be at least 1, got \(r)") }
    let (n, channels, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    guard channels % (r * r) == 0 else {
      throw .invalidArgument(
        "pixel shuffle with factor \(r) needs channels divisible by \(r * r), got \(channels)")
    }
    let c = channels / (r * r)
    var out = [Float](repeating: 0, count: input.count)
    let outH = h * r
    let outW = w * r
    for b in 0..<n {
      for oc in 0..<c {
        for i in 0..<r {
          for j in 0..<r {
            let src = ((b * channels + oc * r * r + i * r + j) * h) * w
            for y in 0..<h {
              let dstRow = ((b * c + oc) * outH + y * r + i) * outW
              for x in 0..<w { out[dstRow + x * r + j] = input.data[src + y * w + x] }
            }
          }
        }
      }
    }
    return Tensor(shape: [n, c, outH, outW], data: out)
  }
}
