/// The weight transform `(G ⊗ G ⊗ G) g` of `Winograd3D`, packed like `ConvolutionGEMM.pack` into
/// 64 matrices (element `e = 16a + 4b + c` of the transform), each of `blocks` blocks of `rows`
/// output channels × input channels, rows past the last output channel zero. As in the 2D
/// `Winograd.WeightTransform`, a block's output channels are the lanes of a vector, and each run
/// of `chunk` input channels is gathered in a small buffer and copied out as 64 contiguous runs
/// (writing each pair's 64 values straight into the 64 matrices would touch 64 cache lines a
/// matrix apart). `G v = (v0, (v0 + v1 + v2)·½, (v0 − v1 + v2)·½, v2)`, along W, then H, then D.
struct WeightTransform3D {
  let geometry: Winograd3D.Geometry
  /// Input channels per copied run.
  static let chunk = 16

  func run(_ w: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>, blocks range: Range<Int>) {
    let g = geometry
    let rows = g.rows
    let matrix = g.blocks * g.cIn * rows
    let chunk = Self.chunk
    // Eight floats of slack per matrix: a vector's lanes past `rows` spill into it.
    let stride = chunk * rows + 8
    let stage = UnsafeMutablePointer<Float>.allocate(capacity: 64 * stride)
    let work = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 111)
    defer {
      stage.deallocate()
      work.deallocate()
    }
    for block in range {
      let first = block * rows
      let live = max(0, min(rows, g.cOut - first))
      var c0 = 0
      while c0 < g.cIn {
        let n = min(chunk, g.cIn - c0)
        for j in 0..<n {
          var lane = 0
          while lane < rows {
            transform(
              w + (first + lane) * g.cIn * 27 + (c0 + j) * 27, step: g.cIn * 27,
              lanes: max(0, min(8, live - lane)), into: stage + j * rows + lane, stride: stride,
              work: work)
            lane += 8
          }
        }
        let base = (block * g.cIn + c0) * rows
        for e in 0..<64 { (packed + e * matrix + base).update(from: stage + e * stride, count: n * rows) }
        c0 += n
      }
    }
  }

  /// The 64 transformed values of `lanes` output channels (weights `step` apart from `k`; zero in
  /// the other lanes of eight), value `e` of lane `r` at `out[e·stride + r]` (all eight lanes
  /// written). `work` holds 111 vectors of scratch.
  func transform(
    _ k: UnsafePointer<Float>, step: Int, lanes: Int, into out: UnsafeMutablePointer<Float>, stride: Int,
    work: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    // v[(kd·3 + kh)·3 + kw], one lane per output channel; then along W: (kd, kh, c) at
    // (kd·3 + kh)·4 + c; along H: (kd, b, c) at (kd·4 + b)·4 + c.
    let (v, alongW, alongH) = (work, work + 27, work + 63)
    v.update(repeating: SIMD8<Float>(), count: 27)
    for r in 0..<lanes {
      let source = k + r * step
      for index in 0..<27 { v[index][r] = source[index] }
    }
    @inline(__always) func g(
      _ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ into: UnsafeMutablePointer<SIMD8<Float>>,
      _ step: Int
    ) {
      into[0] = a
      into[step] = (a + b + c) * 0.5
      into[2 * step] = (a - b + c) * 0.5
      into[3 * step] = c
    }
    for line in 0..<9 { g(v[3 * line], v[3 * line + 1], v[3 * line + 2], alongW + 4 * line, 1) }
    for kd in 0..<3 {
      for c in 0..<4 {
        g(
          alongW[(kd * 3) * 4 + c], alongW[(kd * 3 + 1) * 4 + c], alongW[(kd * 3 + 2) * 4 + c],
          alongH + kd * 16 + c, 4)
      }
    }
    // Along D: element 16a + 4b + c, stored as rows of `out`.
    for bc in 0..<16 {
      let (a0, a1, a2) = (alongH[bc], alongH[16 + bc], alongH[32 + bc])
      let values = (a0, (a0 + a1 + a2) * 0.5, (a0 - a1 + a2) * 0.5, a2)
      UnsafeMutableRawPointer(out + bc * stride).storeBytes(of: values.0, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(out + (16 + bc) * stride).storeBytes(of: values.1, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(out + (32 + bc) * stride).storeBytes(of: values.2, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(out + (48 + bc) * stride).storeBytes(of: values.3, as: SIMD8<Float>.self)
    }
  }
}
