extension Winograd {
  /// The weight transform `G g Gᵀ` of `Geometry.transformWeights`, in an order that suits the
  /// memory: for each block of `rows` output channels and each run of `chunk` input channels, the
  /// channels' 16 transformed values are computed with the block's output channels in the lanes
  /// of a vector, gathered in a small buffer that stays in the first-level cache, and copied out
  /// as 16 contiguous runs (one per matrix). The former order wrote each (output, input channel)
  /// pair's 16 values straight into the 16 matrices: 16 cache lines a matrix apart, for 512
  /// channels a multiple of 4 KiB, so all in the same cache sets — several times slower (the
  /// measurements are in Docs/PERFORMANCE.md). Each value is the same sequence of additions and
  /// halvings as before, so the packed bits do not change.
  struct WeightTransform {
    let geometry: Geometry
    /// Input channels per copied run.
    static let chunk = 32

    func run(_ w: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>, blocks range: Range<Int>) {
      let s = geometry.shape
      let rows = geometry.rows
      let matrix = geometry.blocks * s.cInPG * rows
      let chunk = Self.chunk
      // Eight floats of slack per matrix: a vector's lanes past `rows` spill into it.
      let stride = chunk * rows + 8
      let stage = UnsafeMutablePointer<Float>.allocate(capacity: 16 * stride)
      defer { stage.deallocate() }
      for block in range {
        let first = block * rows
        let live = max(0, min(rows, s.cOutPG - first))
        var c0 = 0
        while c0 < s.cInPG {
          let n = min(chunk, s.cInPG - c0)
          for j in 0..<n {
            var lane = 0
            while lane < rows {
              transform(
                w + (first + lane) * s.cInPG * 9 + (c0 + j) * 9, step: s.cInPG * 9,
                lanes: max(0, min(8, live - lane)), into: stage + j * rows + lane, stride: stride)
              lane += 8
            }
          }
          let base = (block * s.cInPG + c0) * rows
          for e in 0..<16 { (packed + e * matrix + base).update(from: stage + e * stride, count: n * rows) }
          c0 += n
        }
      }
    }

    /// The 16 transformed values of `lanes` output channels (weights `step` apart from `g`; zero
    /// in the other lanes of eight), value `e` of lane `r` at `out[e·stride + r]` (all eight
    /// lanes written).
    func transform(
      _ g: UnsafePointer<Float>, step: Int, lanes: Int, into out: UnsafeMutablePointer<Float>, stride: Int
    ) {
      var (v0, v1, v2, v3, v4, v5, v6, v7, v8) = (
        SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
        SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>()
      )
      for r in 0..<lanes {
        let k = g + r * step
        (v0[r], v1[r], v2[r], v3[r], v4[r], v5[r], v6[r], v7[r], v8[r]) = (
          k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8]
        )
      }
      // Rows of G g (columns a, b, c), then the same on the columns, in the order the scalar
      // form takes: (a + b + c)·½, (a − b + c)·½.
      func put(_ xi: Int, _ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) {
        let row = out + 4 * xi * stride
        UnsafeMutableRawPointer(row).storeBytes(of: a, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(row + stride).storeBytes(of: (a + b + c) * 0.5, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(row + 2 * stride).storeBytes(of: (a - b + c) * 0.5, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(row + 3 * stride).storeBytes(of: c, as: SIMD8<Float>.self)
      }
      put(0, v0, v1, v2)
      put(1, (v0 + v3 + v6) * 0.5, (v1 + v4 + v7) * 0.5, (v2 + v5 + v8) * 0.5)
      put(2, (v0 - v3 + v6) * 0.5, (v1 - v4 + v7) * 0.5, (v2 - v5 + v8) * 0.5)
      put(3, v6, v7, v8)
    }
  }
}
