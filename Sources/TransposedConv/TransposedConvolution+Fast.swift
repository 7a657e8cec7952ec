import Dispatch

extension TransposedConvolution {
  /// The fast transposed convolution: the same result as `reference` up to float rounding.
  ///
  /// Semantics are PyTorch's `conv_transpose1d` / `conv_transpose2d` with ONNX-style asymmetric
  /// padding: input `(N, C_in, L)` or `(N, C_in, H, W)`, weight `(C_in, C_out/groups, k…)`,
  /// optional bias `(C_out)`, output `(N, C_out, out…)` with
  /// `out = (in − 1)·stride − paddingBegin − paddingEnd + dilation·(k − 1) + outputPadding + 1`.
  ///
  /// Method: polyphase (gather) decomposition. Each output row is assembled from the input rows
  /// that reach it (`PhasePlan` on H); along W every output phase `o ≡ r (mod stride)` is a dense
  /// correlation of the input row with the taps landing on that phase, accumulated in Float32 in
  /// a contiguous scratch row (vectorised loops), then interleaved into the output. Work is split
  /// into blocks of output rows over batch × channel × row and run with
  /// `DispatchQueue.concurrentPerform`; every output element is computed by one thread in a fixed
  /// order, so the result does not depend on the number of threads.
  ///
  /// - Parameter parallelism: `1` runs on the calling thread only; `nil` uses every core for
  ///   large enough problems. The result is bit-identical either way.
  /// - Complexity: O(N · C_out · out_H · out_W · C_in/groups · kH·kW / (sH·sW)) multiply-adds, the
  ///   number of (input, tap) pairs that land inside the output.
  public static func apply(
    input: Tensor, weight: Tensor, bias: Tensor? = nil, parameters: ConvTransposeParameters,
    parallelism: Int? = nil
  ) throws(ConvTransposeError) -> Tensor {
    let outShape = try parameters.outputShape(input: input.shape, weight: weight.shape)
    let cOut = outShape[1]
    if let bias, bias.shape != [cOut] { throw .biasMismatch(expected: cOut, actual: bias.shape) }
    let geometry = Geometry(input: input.shape, weight: weight.shape, output: outShape, parameters: parameters)
    let total = outShape.reduce(1, *)
    let rows = geometry.rows
    // Enough blocks to balance two or more cores; one block for tiny problems.
    let pairs = Double(input.count) * Double(weight.count / max(1, weight.shape[0]))
    let blocks: Int
    if let parallelism, parallelism <= 1 {
      blocks = 1
    } else if pairs < 65_536 {
      blocks = 1
    } else {
      blocks = min(rows, 64)
    }
    let data = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
      input.data.withUnsafeBufferPointer { x in
        weight.data.withUnsafeBufferPointer { w in
          let biasValues = bias?.data ?? [Float](repeating: 0, count: cOut)
          biasValues.withUnsafeBufferPointer { b in
            guard let xBase = x.baseAddress, let wBase = w.baseAddress, let bBase = b.baseAddress,
              let yBase = buffer.baseAddress
            else { return }
            let kernel = RowKernel(geometry: geometry, x: xBase, w: wBase, bias: bBase, y: yBase)
            if blocks == 1 {
              kernel.rows(0..<rows)
            } else {
              DispatchQueue.concurrentPerform(iterations: blocks) { block in
                kernel.rows((rows * block / blocks)..<(rows * (block + 1) / blocks))
              }
            }
          }
        }
      }
      initialized = total
    }
    return Tensor(shape: outShape, data: data)
  }
}

/// Sizes and plans of one fast transposed convolution, 1D treated as 2D with a unit H axis.
struct Geometry: Sendable {
  let batch, cIn, cOut, cInPerGroup, cOutPerGroup: Int
  let inH, inW, kH, kW, outH, outW: Int
  let planW: PhasePlan
  /// For output row `oy`, its `(tap, input row)` pairs are `hPairs[hStarts[oy]..<hStarts[oy + 1]]`.
  let hStarts: [Int]
  let hPairs: [(tap: Int, input: Int)]

  var rows: Int { batch * cOut * outH }

  init(input: [Int], weight: [Int], output: [Int], parameters: ConvTransposeParameters) {
    let rank = parameters.axes.count
    batch = input[0]
    cIn = input[1]
    cOut = output[1]
    cInPerGroup = cIn / parameters.groups
    cOutPerGroup = weight[1]
    inH = rank == 2 ? input[2] : 1
    inW = input[rank + 1]
    kH = rank == 2 ? weight[2] : 1
    kW = weight[rank + 1]
    outH = rank == 2 ? output[2] : 1
    outW = output[rank + 1]
    let axisH = rank == 2 ? parameters.axes[0] : AxisParameters()
    planW = PhasePlan(axis: parameters.axes[rank - 1], input: inW, kernel: kW, outputLength: outW)
    let planH = PhasePlan(axis: axisH, input: inH, kernel: kH, outputLength: outH)
    (hStarts, hPairs) = planH.gatherLists()
  }
}

/// Computes whole output rows of a fast transposed convolution from raw pointers.
///
/// Row `g` of the output (over batch × channel × row, row-major) is written completely and only
/// by `rows(_:)` calls whose range contains `g`; blocks never share an output element.
struct RowKernel: @unchecked Sendable {
  let geometry: Geometry
  let x: UnsafePointer<Float>
  let w: UnsafePointer<Float>
  let bias: UnsafePointer<Float>
  let y: UnsafeMutablePointer<Float>

  /// Computes the output rows in `range`.
  func rows(_ range: Range<Int>) {
    let g = geometry
    let outW = g.outW
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, outW))
    defer { scratch.deallocate() }
    let direct = g.planW.stride == 1
    for row in range {
      let oy = row % g.outH
      let co = (row / g.outH) % g.cOut
      let n = row / (g.outH * g.cOut)
      let group = co / g.cOutPerGroup
      let coLocal = co % g.cOutPerGroup
      let outRow = y + row * outW
      // With stride 1 the single phase is the output row itself.
      let acc = direct ? outRow : scratch
      acc.update(repeating: 0, count: outW)
      for ci in (group * g.cInPerGroup)..<((group + 1) * g.cInPerGroup) {
        let xPlane = x + (n * g.cIn + ci) * g.inH * g.inW
        let wPlane = w + (ci * g.cOutPerGroup + coLocal) * g.kH * g.kW
        for p in g.hStarts[oy]..<g.hStarts[oy + 1] {
          let pair = g.hPairs[p]
          accumulateRow(acc, xRow: xPlane + pair.input * g.inW, wRow: wPlane + pair.tap * g.kW)
        }
      }
      let b = bias[co]
      if direct {
        if b != 0 { for o in 0..<outW { outRow[o] += b } }
      } else {
        scatterPhases(scratch, into: outRow, bias: b)
      }
    }
  }

  /// Adds one input row correlated with one kernel row into the phase-major scratch row.
  @inline(__always)
  private func accumulateRow(_ acc: UnsafeMutablePointer<Float>, xRow: UnsafePointer<Float>, wRow: UnsafePointer<Float>) {
    for phase in geometry.planW.phases {
      let base = acc + phase.bufferOffset
      let taps = phase.taps
      var t = 0
      // Two taps at once where they cover the same range (the interior of every phase).
      while t + 1 < taps.count {
        let a = taps[t]
        let c = taps[t + 1]
        if a.outStart == c.outStart && a.count == c.count {
          Self.axpy2(base + a.outStart, xRow + a.inStart, wRow[a.tap], xRow + c.inStart, wRow[c.tap], a.count)
        } else {
          Self.axpy(base + a.outStart, xRow + a.inStart, wRow[a.tap], a.count)
          Self.axpy(base + c.outStart, xRow + c.inStart, wRow[c.tap], c.count)
        }
        t += 2
      }
      if t < taps.count {
        let a = taps[t]
        Self.axpy(base + a.outStart, xRow + a.inStart, wRow[a.tap], a.count)
      }
    }
  }

  /// Interleaves the phase-major scratch row into the output row and adds the bias.
  @inline(__always)
  private func scatterPhases(_ scratch: UnsafeMutablePointer<Float>, into outRow: UnsafeMutablePointer<Float>, bias b: Float) {
    let s = geometry.planW.stride
    let phases = geometry.planW.phases
    if s == 2, phases[0].count == phases[1].count || phases[0].count == phases[1].count + 1,
      phases[0].firstOutput + phases[1].firstOutput == 1
    {
      // The common case: two phases alternate; write the output sequentially.
      let (even, odd) = phases[0].firstOutput == 0 ? (phases[0], phases[1]) : (phases[1], phases[0])
      let e = scratch + even.bufferOffset
      let d = scratch + odd.bufferOffset
      let pairs = odd.count
      for q in 0..<pairs {
        outRow[2 * q] = e[q] + b
        outRow[2 * q + 1] = d[q] + b
      }
      if even.count > pairs { outRow[2 * pairs] = e[pairs] + b }
      return
    }
    for phase in phases {
      let src = scratch + phase.bufferOffset
      let dst = outRow + phase.firstOutput
      for q in 0..<phase.count { dst[q * s] = src[q] + b }
    }
  }

  @inline(__always)
  static func axpy(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ a: Float, _ n: Int) {
    for u in 0..<n { y[u] += a * x[u] }
  }

  @inline(__always)
  static func axpy2(
    _ y: UnsafeMutablePointer<Float>, _ x1: UnsafePointer<Float>, _ a1: Float, _ x2: UnsafePointer<Float>,
    _ a2: Float, _ n: Int
  ) {
    for u in 0..<n { y[u] += a1 * x1[u] + a2 * x2[u] }
  }
}
