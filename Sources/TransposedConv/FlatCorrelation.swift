import CKernels
import Dispatch

/// A correlation over a zero-padded volume read through its flattened positions: the engine of
/// the 3D convolutions (forward and transposed, `VolumeConvolution` in ModelRuntime).
///
/// The input is `(N, C, Dp, Hp, Wp)`, row-major and already padded by the caller, followed by at
/// least `FlatCorrelation.slack` readable floats. Item `i` of the sum is an input channel `c_i` and
/// a flat tap offset `s_i` (for a kernel tap `(jd, jh, jw)` with dilations `d`:
/// `jd·dd·Hp·Wp + jh·dh·Wp + jw·dw`, plus any constant base), with a weight offset `v_i`. For every
/// output position `(qd, qh, qw)` of the `outDepth × outHeight × outWidth` grid and output channel
/// `co < outputs`:
///
/// `y[n, co, qd, qh, qw] = bias[co] + Σ_i x[n, c_i][qd·Hp·Wp + qh·Wp + qw + s_i] · w[co·coStride + v_i]`
///
/// with the items taken in the given order, one multiply-add each (fused on AVX2/AVX-512), the sum
/// starting at 0 and the bias added last. The caller guarantees that every valid output reads
/// inside its channel's padded volume.
///
/// Method: since a band of output rows is a run of consecutive flat positions (with the `Wp − outWidth`
/// positions between rows computed and thrown away), every item is one contiguous shifted read, so
/// the whole band is a GEMM of (output channels) × (items) × (positions) with no per-row work:
/// register tiles of 4 channels × 24 positions (AVX2), × 48 (AVX-512, the same per-lane operations) or 4 × 8 (portable Swift),
/// each summing all items before one store. Weights are packed once per call as
/// `[channel block][item][channel]`. Work units are (batch, output plane, band of rows), run with
/// `ParallelLoop.perform`; every output is computed by one thread in a fixed order, so
/// the result does not depend on the number of threads.
public struct FlatCorrelation: Sendable {
  /// Batch and input channels of the padded input.
  public var batch: Int
  public var channels: Int
  /// The padded input's spatial sizes `(Dp, Hp, Wp)`.
  public var padded: [Int]
  /// The output grid `(outDepth, outHeight, outWidth)`; `outWidth ≤ Wp`.
  public var output: [Int]
  /// Output channels.
  public var outputs: Int
  /// The items: input channel, flat input offset and weight offset each.
  public var items: [Item]
  /// Weight elements per output channel step.
  public var coStride: Int
  /// Element strides of the output for `(n, co, qd, qh, qw)`.
  public var outputStrides: [Int]

  /// One term of the sum (see the type's formula).
  public struct Item: Sendable, Equatable {
    public var channel: Int
    public var shift: Int
    public var weight: Int
    public init(channel: Int, shift: Int, weight: Int) {
      self.channel = channel
      self.shift = shift
      self.weight = weight
    }
  }

  /// Readable floats the input needs past its last padded volume.
  public static let slack = 32

  public init(
    batch: Int, channels: Int, padded: [Int], output: [Int], outputs: Int, items: [Item], coStride: Int,
    outputStrides: [Int]
  ) {
    precondition(padded.count == 3 && output.count == 3 && outputStrides.count == 5)
    precondition(output[2] <= padded[2] && output[1] <= padded[1])
    self.batch = batch
    self.channels = channels
    self.padded = padded
    self.output = output
    self.outputs = outputs
    self.items = items
    self.coStride = coStride
    self.outputStrides = outputStrides
  }

  /// Multiply-adds of one run (including the positions between rows that are thrown away).
  public var work: Int {
    batch * output[0] * padded[1] * padded[2] * outputs * max(1, items.count)
  }

  /// Computes every output. `x` holds `batch · channels · Dp·Hp·Wp + slack` floats, `w` the
  /// weights, `bias` one value per output channel; `kernels` must be supported by this CPU.
  public func run(
    x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>, kernels: KernelSet = .active, parallelism: Int? = nil
  ) {
    guard batch > 0, outputs > 0, output.allSatisfy({ $0 > 0 }) else { return }
    let shape = TileShape(kernels)
    let cb = shape.channels
    let blocks = (outputs + cb - 1) / cb
    let count = items.count
    // Packed weights [block][item][channel], zero for channels past `outputs`.
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: max(1, blocks * count * cb))
    defer { packed.deallocate() }
    for block in 0..<blocks {
      for (i, item) in items.enumerated() {
        let slot = packed + (block * count + i) * cb
        for k in 0..<cb {
          let co = block * cb + k
          slot[k] = co < outputs ? w[co * coStride + item.weight] : 0
        }
      }
    }
    let plane = padded[0] * padded[1] * padded[2]
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
    defer { offsets.deallocate() }
    for (i, item) in items.enumerated() { offsets[i] = item.channel * plane + item.shift }

    let wp = padded[2]
    let rowsPerBand = max(1, min(output[1], 480 / wp))
    let bands = (output[1] + rowsPerBand - 1) / rowsPerBand
    let units = batch * output[0] * bands
    let longest = shape.round((rowsPerBand - 1) * wp + output[2])
    let context = Context(
      problem: self, shape: shape, x: x, offsets: UnsafePointer(offsets), packed: UnsafePointer(packed),
      bias: bias, y: y, rowsPerBand: rowsPerBand, bands: bands, scratchCount: longest * cb)
    let chunks: Int
    if let parallelism, parallelism <= 1 {
      chunks = 1
    } else if work < 1 << 20 {
      chunks = 1
    } else {
      chunks = min(units, 64)
    }
    if chunks <= 1 {
      context.units(0..<units)
    } else {
      ParallelLoop.perform(iterations: chunks) { chunk in
        context.units((units * chunk / chunks)..<(units * (chunk + 1) / chunks))
      }
    }
  }

  /// The register tile of a kernel set: channels per block and positions per tile.
  struct TileShape: Sendable {
    let kernels: KernelSet
    let channels: Int
    let width: Int
    init(_ kernels: KernelSet) {
      self.kernels = kernels
      switch kernels {
      // The AVX-512 kernel takes 48 positions at a time and a last 24 on the AVX2 tile, so both
      // sets round lengths to 24 (and give the same bits).
      case .avx2, .avx512: (channels, width) = (4, 24)
      case .portable: (channels, width) = (4, TileVector.scalarCount)
      }
    }
    /// `n` rounded up to a whole number of tiles.
    func round(_ n: Int) -> Int { (n + width - 1) / width * width }
  }

  /// The pointers and sizes one thread needs.
  private struct Context: @unchecked Sendable {
    let problem: FlatCorrelation
    let shape: TileShape
    let x: UnsafePointer<Float>
    let offsets: UnsafePointer<Int>
    let packed: UnsafePointer<Float>
    let bias: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let rowsPerBand: Int
    let bands: Int
    let scratchCount: Int

    /// Units `(n, qd, band)`, band fastest.
    func units(_ range: Range<Int>) {
      let p = problem
      let cb = shape.channels
      let (hp, wp) = (p.padded[1], p.padded[2])
      let plane = p.padded[0] * hp * wp
      let (outD, outH, outW) = (p.output[0], p.output[1], p.output[2])
      let s = p.outputStrides
      let count = p.items.count
      let blocks = (p.outputs + cb - 1) / cb
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
      defer { scratch.deallocate() }
      for unit in range {
        let band = unit % bands
        let qd = (unit / bands) % outD
        let n = unit / (bands * outD)
        let h0 = band * rowsPerBand
        let h1 = min(outH, h0 + rowsPerBand)
        let length = shape.round((h1 - h0 - 1) * wp + outW)
        let base = x + n * p.channels * plane + (qd * hp + h0) * wp
        for block in 0..<blocks {
          tile(scratch, stride: length, base, packed + block * count * cb, count: length)
          for k in 0..<cb {
            let co = block * cb + k
            guard co < p.outputs else { break }
            let b = bias[co]
            for qh in h0..<h1 {
              let src = scratch + k * length + (qh - h0) * wp
              let dst = y + n * s[0] + co * s[1] + qd * s[2] + qh * s[3]
              if s[4] == 1 {
                for qw in 0..<outW { dst[qw] = src[qw] + b }
              } else {
                for qw in 0..<outW { dst[qw * s[4]] = src[qw] + b }
              }
            }
          }
        }
      }
    }

    /// One block of channels over `count` positions (a whole number of tiles) into `out`.
    @inline(__always)
    private func tile(
      _ out: UnsafeMutablePointer<Float>, stride: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
      count: Int
    ) {
      let items = problem.items.count
      switch shape.kernels {
      case .avx2: ckern_gather4_avx2(out, stride, x, offsets, w, items, count)
      case .avx512: ckern_gather4_avx512(out, stride, x, offsets, w, items, count)
      case .portable: portableTiles(out, stride: stride, x, w, items: items, count: count)
      }
    }

    /// The Swift tile: 4 channels × `TileVector` positions, a multiply then an add per item.
    private func portableTiles(
      _ out: UnsafeMutablePointer<Float>, stride: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
      items: Int, count: Int
    ) {
      var u = 0
      while u < count {
        var a0 = TileVector()
        var a1 = TileVector()
        var a2 = TileVector()
        var a3 = TileVector()
        var wt = w
        for i in 0..<items {
          let xv = UnsafeRawPointer(x + (offsets[i] + u)).loadUnaligned(as: TileVector.self)
          a0 += xv * TileVector(repeating: wt[0])
          a1 += xv * TileVector(repeating: wt[1])
          a2 += xv * TileVector(repeating: wt[2])
          a3 += xv * TileVector(repeating: wt[3])
          wt += 4
        }
        let o = UnsafeMutableRawPointer(out + u)
        o.storeBytes(of: a0, as: TileVector.self)
        (o + stride * 4).storeBytes(of: a1, as: TileVector.self)
        (o + stride * 8).storeBytes(of: a2, as: TileVector.self)
        (o + stride * 12).storeBytes(of: a3, as: TileVector.self)
        u += TileVector.scalarCount
      }
    }
  }
}
