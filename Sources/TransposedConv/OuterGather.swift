/// The gather lists of the outer spatial axes (every axis but the last) of a transposed
/// convolution, combined: for one flattened output row, the (flattened kernel row, flattened
/// input row) pairs that reach it.
///
/// The fast path treats a tensor of any spatial rank as rows along its last axis: in 1D there is
/// one row, in 2D the rows are the H positions, in 3D the (D, H) positions, flattened row-major
/// (`row = d·H + h`). Kernel rows and input rows are flattened the same way. Each outer axis keeps
/// its own 1D gather list (`PhasePlan.gatherLists`); the pairs of a row are the product of the
/// lists of its per-axis positions, the first axis varying slowest, so they come in increasing
/// flattened-tap order (in 2D, exactly the H axis's list). Memory: the per-axis lists only,
/// `O(Σ out_a · k_a)`, never the product.
struct OuterGather: Sendable {
  /// One outer axis: its gather list and the multipliers that flatten its indices.
  struct Axis: Sendable {
    /// Offset of this axis's `outLength + 1` starts in `starts`.
    var startOffset: Int
    /// Output length on this axis.
    var outLength: Int
    /// Flattened output rows per step on this axis (product of the later outer output lengths).
    var outStride: Int
    /// Flattened input rows per step (product of the later outer input lengths).
    var inStride: Int
    /// Flattened kernel rows per step (product of the later outer kernel lengths).
    var kernelStride: Int
  }

  let axes: [Axis]
  /// Per axis, `outLength + 1` absolute indices into `taps`/`inputs`: the pairs of output `o`
  /// on axis `a` are `starts[axes[a].startOffset + o] ..< starts[axes[a].startOffset + o + 1]`.
  let starts: [Int]
  let taps: [Int]
  let inputs: [Int]
  /// The most pairs any one row can have (the product of the per-axis maxima), at least 1.
  let maxPairs: Int

  /// Builds the lists for the outer axes of `parameters` (all but the last), for spatial input
  /// sizes `input`, kernel sizes `kernel` and output sizes `output` (one per spatial axis).
  /// Precondition: the parameters were validated and `output` is their output shape.
  init(axes parameters: [AxisParameters], input: [Int], kernel: [Int], output: [Int]) {
    let outerCount = max(0, parameters.count - 1)
    var axes: [Axis] = []
    var starts: [Int] = []
    var taps: [Int] = []
    var inputs: [Int] = []
    var maxPairs = 1
    for a in 0..<outerCount {
      let plan = PhasePlan(axis: parameters[a], input: input[a], kernel: kernel[a], outputLength: output[a])
      let (axisStarts, pairs) = plan.gatherLists()
      let later = (a + 1)..<outerCount
      axes.append(
        Axis(
          startOffset: starts.count, outLength: output[a],
          outStride: later.reduce(1) { $0 * output[$1] }, inStride: later.reduce(1) { $0 * input[$1] },
          kernelStride: later.reduce(1) { $0 * kernel[$1] }))
      let base = taps.count
      starts.append(contentsOf: axisStarts.map { base + $0 })
      taps.append(contentsOf: pairs.map(\.tap))
      inputs.append(contentsOf: pairs.map(\.input))
      var widest = 0
      for o in 0..<output[a] { widest = max(widest, axisStarts[o + 1] - axisStarts[o]) }
      maxPairs *= max(1, widest)
    }
    self.axes = axes
    self.starts = starts
    self.taps = taps
    self.inputs = inputs
    self.maxPairs = maxPairs
  }

  /// Runs `body` with a pointer view of the lists, valid for the duration of the call.
  func withPairs<R>(_ body: (OuterPairs) -> R) -> R {
    axes.withUnsafeBufferPointer { axisBuffer in
      starts.withUnsafeBufferPointer { startBuffer in
        taps.withUnsafeBufferPointer { tapBuffer in
          inputs.withUnsafeBufferPointer { inputBuffer in
            body(OuterPairs(axes: axisBuffer, starts: startBuffer, taps: tapBuffer, inputs: inputBuffer))
          }
        }
      }
    }
  }
}

/// A pointer view of an `OuterGather`, for the row kernels.
struct OuterPairs: @unchecked Sendable {
  let axes: UnsafeBufferPointer<OuterGather.Axis>
  let starts: UnsafeBufferPointer<Int>
  let taps: UnsafeBufferPointer<Int>
  let inputs: UnsafeBufferPointer<Int>

  /// Writes the (flattened kernel row, flattened input row) pairs of flattened output row `row`
  /// to `rowTaps`/`rowInputs` (room for `maxPairs` each) and returns their count. With no outer
  /// axes (1D) the single row has the one pair (0, 0).
  @inline(__always)
  func pairs(row: Int, taps rowTaps: UnsafeMutablePointer<Int>, inputs rowInputs: UnsafeMutablePointer<Int>)
    -> Int
  {
    var count = 0
    fill(0, row, 0, 0, &count, rowTaps, rowInputs)
    return count
  }

  private func fill(
    _ a: Int, _ row: Int, _ tap: Int, _ input: Int, _ count: inout Int,
    _ rowTaps: UnsafeMutablePointer<Int>, _ rowInputs: UnsafeMutablePointer<Int>
  ) {
    guard a < axes.count else {
      rowTaps[count] = tap
      rowInputs[count] = input
      count += 1
      return
    }
    let axis = axes[a]
    let o = (row / axis.outStride) % axis.outLength
    for p in starts[axis.startOffset + o]..<starts[axis.startOffset + o + 1] {
      fill(
        a + 1, row, tap + taps[p] * axis.kernelStride, input + inputs[p] * axis.inStride, &count, rowTaps,
        rowInputs)
    }
  }
}
