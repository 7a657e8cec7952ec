import Foundation
import TransposedConv

/// `MaxPool` and `AveragePool` kernels: a row-wise fast path for undilated windows without the
/// `Indices` output, `ReferenceWindow.pool` for everything else.
///
/// The fast path gives the reference's bits: each output visits its window in the same order
/// (depth, then rows, then columns, ascending, positions outside the input skipped), keeps a
/// maximum the same way (`v > best`, from −∞, so NaN is passed over and the first of equal values
/// stays) or adds the same terms to a Float sum from 0 in that order, and divides by the same
/// count. Only the loop nest differs: for one output row it walks each input row of the window
/// once and updates every output of the row from it, with each axis's clamped window bounds
/// computed once per call. The (n, c) planes are split over both cores when the work is large.
enum WindowPool {
  /// Pooling as `ReferenceWindow.pool` computes it (same parameters and result), faster where the
  /// fast path applies.
  static func pool(
    _ x: Tensor, output: [Int], kernel: [Int], strides: [Int], dilations: [Int], padBegin: [Int],
    padEnd: [Int],
    max isMax: Bool, includePad: Bool, indices: UnsafeMutableBufferPointer<Int64>? = nil,
    columnMajor: Bool = false
  ) -> Tensor {
    if takesFastPath(rank: x.rank, kernel: kernel, dilations: dilations, indices: indices != nil) {
      return fast(
        x, output: output, kernel: kernel, strides: strides, padBegin: padBegin, padEnd: padEnd, max: isMax,
        includePad: includePad)
    }
    return ReferenceWindow.pool(
      x, output: output, kernel: kernel, strides: strides, dilations: dilations, padBegin: padBegin,
      padEnd: padEnd, max: isMax, includePad: includePad, indices: indices, columnMajor: columnMajor)
  }

  /// Whether `pool` takes the fast path: 1 to 3 spatial axes, no dilation, no `Indices` output.
  static func takesFastPath(rank: Int, kernel: [Int], dilations: [Int], indices: Bool) -> Bool {
    !indices && dilations.allSatisfy { $0 == 1 } && (1...3).contains(kernel.count) && rank == kernel.count + 2
  }

  /// The clamped window of each output index along one axis: input positions `lower..<upper`, and
  /// the window's extent within the end padding (`count_include_pad`'s divisor factor).
  struct AxisWindows: Sendable {
    var lower: [Int] = []
    var upper: [Int] = []
    var padded: [Int] = []
    /// The outputs whose whole window lies inside the input (`lower = o·stride − padBegin`,
    /// `upper = lower + kernel`), a contiguous range.
    var interior: Range<Int> = 0..<0
    let kernel: Int
    let stride: Int
    let padBegin: Int

    init(input: Int, output: Int, kernel: Int, stride: Int, padBegin: Int, padEnd: Int) {
      (self.kernel, self.stride, self.padBegin) = (kernel, stride, padBegin)
      var first = output
      var end = 0
      for o in 0..<output {
        let start = o * stride - padBegin
        lower.append(Swift.max(start, 0))
        upper.append(Swift.max(Swift.min(start + kernel, input), Swift.max(start, 0)))
        padded.append(Swift.max(0, Swift.min(start + kernel, input + padEnd) - start))
        if start >= 0 && start + kernel <= input {
          first = Swift.min(first, o)
          end = o + 1
        }
      }
      interior = first < end ? first..<end : 0..<0
    }
  }

  /// The buffers of one pooling call, shared by the tasks that each write their own planes.
  struct Planes: @unchecked Sendable {
    let source: UnsafePointer<Float>
    let destination: UnsafeMutablePointer<Float>
  }

  /// Work (outputs × kernel elements) from which the planes are split over both cores.
  static let parallelThreshold = 1 << 17

  /// The undilated fast path, 1D to 3D (run as 3D with unit leading axes).
  static func fast(
    _ x: Tensor, output: [Int], kernel: [Int], strides: [Int], padBegin: [Int], padEnd: [Int],
    max isMax: Bool, includePad: Bool
  ) -> Tensor {
    let three = ReferenceWindow.three
    let inS = three(Array(x.shape[2...]), 1)
    let outS = three(Array(output[2...]), 1)
    let (k, s, p, pe) = (three(kernel, 1), three(strides, 1), three(padBegin, 0), three(padEnd, 0))
    let axes = (0..<3).map {
      AxisWindows(
        input: inS[$0], output: outS[$0], kernel: k[$0], stride: s[$0], padBegin: p[$0], padEnd: pe[$0])
    }
    let planes = x.shape[0] * x.shape[1]
    let inPlane = inS[0] * inS[1] * inS[2]
    let outPlane = outS[0] * outS[1] * outS[2]
    let total = planes * outPlane
    let width = outS[2]
    let data = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
      x.data.withUnsafeBufferPointer { sourceBuffer in
        guard let source = sourceBuffer.baseAddress, let destination = buffer.baseAddress, width > 0 else {
          return
        }
        let shared = Planes(source: source, destination: destination)
        let work: @Sendable (Int) -> Void = { plane in
          withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { accumulator in
            guard let acc = accumulator.baseAddress else { return }
            poolPlane(
              shared.source + plane * inPlane, into: shared.destination + plane * outPlane, acc: acc,
              axes: axes, inS: inS, outS: outS, isMax: isMax, includePad: includePad)
          }
        }
        if planes > 1 && total * k[0] * k[1] * k[2] >= parallelThreshold {
          ParallelLoop.perform(iterations: planes, work)
        } else {
          for plane in 0..<planes { work(plane) }
        }
      }
      initialized = total
    }
    return Tensor(shape: output, data: data)
  }

  /// Pools one (n, c) plane: per output row, every input row of its window updates the row's
  /// accumulators in turn (rows and depth ascending), then the row is written.
  static func poolPlane(
    _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, acc: UnsafeMutablePointer<Float>,
    axes: [AxisWindows], inS: [Int], outS: [Int], isMax: Bool, includePad: Bool
  ) {
    let (inH, inW, outH, outW) = (inS[1], inS[2], outS[1], outS[2])
    let (z, y, x) = (axes[0], axes[1], axes[2])
    axes[2].lower.withUnsafeBufferPointer { xLower in
      axes[2].upper.withUnsafeBufferPointer { xUpper in
        axes[2].padded.withUnsafeBufferPointer { xPadded in
          for oz in 0..<outS[0] {
            for oy in 0..<outH {
              acc.update(repeating: isMax ? -Float.infinity : 0, count: outW)
              for iz in z.lower[oz]..<z.upper[oz] {
                for iy in y.lower[oy]..<y.upper[oy] {
                  accumulate(
                    src + (iz * inH + iy) * inW, into: acc, x: x, lower: xLower, upper: xUpper, isMax: isMax)
                }
              }
              let out = dst + (oz * outH + oy) * outW
              if isMax {
                out.update(from: acc, count: outW)
              } else {
                let zy =
                  includePad
                  ? z.padded[oz] * y.padded[oy] : (z.upper[oz] - z.lower[oz]) * (y.upper[oy] - y.lower[oy])
                for ox in 0..<outW {
                  let divisor = zy * (includePad ? xPadded[ox] : xUpper[ox] - xLower[ox])
                  out[ox] = divisor > 0 ? acc[ox] / Float(divisor) : 0
                }
              }
            }
          }
        }
      }
    }
  }

  /// Updates one output row's accumulators from one input row: `acc[o]` takes the maximum with
  /// (`v > acc`, in column order) or adds, in column order, the row's values in window `o`. The
  /// windows inside the input run without clamping, unrolled for the widths 2 and 3.
  @inline(__always)
  static func accumulate(
    _ row: UnsafePointer<Float>, into acc: UnsafeMutablePointer<Float>, x: AxisWindows,
    lower: UnsafeBufferPointer<Int>, upper: UnsafeBufferPointer<Int>, isMax: Bool
  ) {
    func clamped(_ range: Range<Int>) {
      for o in range {
        var a = acc[o]
        for i in lower[o]..<upper[o] {
          let v = row[i]
          if isMax {
            if v > a { a = v }
          } else {
            a += v
          }
        }
        acc[o] = a
      }
    }
    let inner = x.interior
    clamped(0..<inner.lowerBound)
    let (s, k) = (x.stride, x.kernel)
    switch (isMax, k) {
    case (true, 3):
      for o in inner {
        let r = row + (o * s - x.padBegin)
        var a = acc[o]
        if r[0] > a { a = r[0] }
        if r[1] > a { a = r[1] }
        if r[2] > a { a = r[2] }
        acc[o] = a
      }
    case (true, 2):
      for o in inner {
        let r = row + (o * s - x.padBegin)
        var a = acc[o]
        if r[0] > a { a = r[0] }
        if r[1] > a { a = r[1] }
        acc[o] = a
      }
    case (false, 3):
      for o in inner {
        let r = row + (o * s - x.padBegin)
        acc[o] = acc[o] + r[0] + r[1] + r[2]
      }
    case (false, 2):
      for o in inner {
        let r = row + (o * s - x.padBegin)
        acc[o] = acc[o] + r[0] + r[1]
      }
    default:
      clamped(inner)
    }
    clamped(inner.upperBound..<Swift.max(inner.upperBound, lower.count))
  }
}
