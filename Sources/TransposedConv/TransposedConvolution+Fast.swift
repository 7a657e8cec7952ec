import CheckerscopeCore
import Dispatch

extension TransposedConvolution {
  /// The fast transposed convolution: the same result as `reference` up to float rounding.
  ///
  /// Semantics are PyTorch's `conv_transpose1d` / `2d` / `3d` with ONNX-style asymmetric
  /// padding: input `(N, C_in, L)`, `(N, C_in, H, W)` or `(N, C_in, D, H, W)`, weight
  /// `(C_in, C_out/groups, k…)`,
  /// optional bias `(C_out)`, output `(N, C_out, out…)` with
  /// `out = (in − 1)·stride − paddingBegin − paddingEnd + dilation·(k − 1) + outputPadding + 1`.
  ///
  /// Method: polyphase (gather) decomposition. Each output row is assembled from the input rows
  /// that reach it (`PhasePlan` on H, and on D in 3D, combined by `OuterGather`); along W every output phase `o ≡ r (mod stride)` is a dense
  /// correlation of the input row with the taps landing on that phase, accumulated in Float32 in
  /// a contiguous scratch row (vectorised loops), then interleaved into the output. When output
  /// channels per group come in fours, each (phase, tap) pass is a small GEMM: four channels ×
  /// `TileVector` positions (8) of register accumulators (eight channels × 32 positions with the
  /// AVX-512 kernel when they come in eights),
  /// summed over chunks of 32 input channels read from an `(N, H, C_in, W)` copy of the input, with
  /// the weights packed once per channel block (`RowKernel.blockedRows`). On CPUs with AVX2+FMA
  /// (or AVX-512F) those tiles run in the C kernels of `CKernels` instead (`KernelSet.active`:
  /// the best the CPU has unless `CHECKERSCOPE_KERNELS` chooses, fixed once per process): fused
  /// multiply-adds, so such machines round differently from the portable Swift path in the last
  /// bits, but identically whatever the thread count. Work is split
  /// into blocks of output rows over batch × channel × row and run with
  /// `ParallelLoop.perform`; every output element is computed by one thread in a fixed
  /// order, so the result does not depend on the number of threads. With the C kernels, 1D/2D
  /// layers with eight or more output channels per group run as matrix products instead:
  /// `PairedPhaseGEMM` (stride 2 along W, whole output rows) or else `PhaseGEMM` (one product
  /// per output phase).
  ///
  /// - Parameters:
  ///   - input: The input `(N, C_in, spatial…)`.
  ///   - weight: The weight `(C_in, C_out/groups, k…)`.
  ///   - bias: One value per output channel, or nil.
  ///   - parameters: Strides, paddings, output padding, dilations and groups.
  ///   - parallelism: `1` runs on the calling thread only; `nil` uses every core for large
  ///     enough problems. The result is bit-identical either way.
  ///   - budget: The memory the call may allocate (`requirements`); checked before any
  ///     allocation, like the work bound `MemoryBudget.maximumOperations`.
  /// - Complexity: O(N · C_out · out_H · out_W · C_in/groups · kH·kW / (sH·sW)) multiply-adds, the
  ///   number of (input, tap) pairs that land inside the output.
  public static func apply(
    input: Tensor, weight: Tensor, bias: Tensor? = nil, parameters: ConvTransposeParameters,
    parallelism: Int? = nil, budget: MemoryBudget = .default
  ) throws(ConvTransposeError) -> Tensor {
    try apply(
      input: input, weight: weight, bias: bias, parameters: parameters, parallelism: parallelism,
      kernels: .active, budget: budget)
  }

  /// The bytes `apply` allocates (the output, plus a row-interleaved copy of the input) and an
  /// upper bound on its multiply-adds (every input element times every tap of every output
  /// channel of its group), for input, weight and output shapes. Errors: `.resource` on overflow.
  public static func requirements(input: [Int], weight: [Int], output: [Int]) throws(ConvTransposeError)
    -> (bytes: Int, operations: Int)
  {
    do throws(CoreError) {
      let elements = try CheckedSize.sum(
        try CheckedSize.product(output, what: "the output"),
        try CheckedSize.product(input, what: "the input"),
        what: "the buffers")
      let bytes = try CheckedSize.product(elements, MemoryLayout<Float>.stride, what: "the buffers")
      let perInput = try CheckedSize.product(Array(weight.dropFirst()), what: "the weight")
      let operations = try CheckedSize.product(
        try CheckedSize.product(input, what: "the input"), perInput, what: "the work")
      return (bytes, operations)
    } catch { throw .resource(error) }
  }

  /// `apply` with the blocked path's micro-kernels chosen by the caller (tests compare them);
  /// `kernels` must be supported by this CPU (`KernelSet.best` or `.portable` always are).
  /// `wideBlocks: false` keeps the AVX-512 kernels to blocks of four channels; `phaseProducts:
  /// false` keeps 1D/2D layers on the engine's row kernels instead of `PhaseGEMM` (and
  /// `PairedPhaseGEMM`); `pairedPhases: false` keeps stride-2 layers on `PhaseGEMM`.
  static func apply(
    input: Tensor, weight: Tensor, bias: Tensor?, parameters: ConvTransposeParameters,
    parallelism: Int?, kernels: KernelSet, wideBlocks: Bool = true, phaseProducts: Bool = true,
    pairedPhases: Bool = true, budget: MemoryBudget = .default
  ) throws(ConvTransposeError) -> Tensor {
    let outShape = try parameters.outputShape(input: input.shape, weight: weight.shape)
    let needs = try requirements(input: input.shape, weight: weight.shape, output: outShape)
    do throws(CoreError) {
      try budget.require(bytes: needs.bytes, what: "the transposed convolution's output \(outShape)")
      try MemoryBudget.requireWork(needs.operations, what: "the transposed convolution")
    } catch { throw .resource(error) }
    let cOut = outShape[1]
    if let bias, bias.shape != [cOut] { throw .biasMismatch(expected: cOut, actual: bias.shape) }
    let geometry = Geometry(
      input: input.shape, weight: weight.shape, output: outShape, parameters: parameters)
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
      MemoryAdvice.preferHugePages(buffer)
      input.data.withUnsafeBufferPointer { x in
        weight.data.withUnsafeBufferPointer { w in
          let biasValues = bias?.data ?? [Float](repeating: 0, count: cOut)
          biasValues.withUnsafeBufferPointer { b in
            guard let xBase = x.baseAddress, let wBase = w.baseAddress, let bBase = b.baseAddress,
              let yBase = buffer.baseAddress
            else { return }
            // 1D/2D with enough channels and stride 2 along W: whole output rows per product.
            if phaseProducts, pairedPhases,
              PairedPhaseGEMM.apply(
                x: xBase, inputShape: input.shape, w: wBase, weightShape: weight.shape, bias: bBase,
                parameters: parameters, outShape: outShape, y: yBase, kernels: kernels,
                parallelism: parallelism)
            {
              return
            }
            // 1D/2D with enough channels: one GEMM per output phase on the C kernels.
            if phaseProducts,
              PhaseGEMM.apply(
                x: xBase, inputShape: input.shape, w: wBase, weightShape: weight.shape, bias: bBase,
                parameters: parameters, outShape: outShape, y: yBase, kernels: kernels,
                parallelism: parallelism)
            {
              return
            }
            let blocked = RowKernel.blockedApplies(geometry)
            let blockChannels = RowKernel.blockChannels(for: geometry, kernels: kernels, wide: wideBlocks)
            let xByRow = UnsafeMutablePointer<Float>.allocate(capacity: blocked ? max(1, input.count) : 1)
            defer { xByRow.deallocate() }
            if blocked { RowKernel.interleaveRows(xBase, geometry, into: xByRow) }
            geometry.withRowKernel(
              x: xBase, xByRow: blocked ? UnsafePointer(xByRow) : xBase, w: wBase, bias: bBase, y: yBase,
              kernels: kernels, blockChannels: blockChannels
            ) { kernel in
              let units = blocked ? RowKernel.blockedUnits(geometry, channelBlock: blockChannels) : rows
              let work: @Sendable (Range<Int>) -> Void = { range in
                if blocked { kernel.blockedRows(range) } else { kernel.rows(range) }
              }
              let chunks = min(blocks, units)
              if chunks <= 1 {
                work(0..<units)
              } else {
                ParallelLoop.perform(iterations: chunks) { chunk in
                  work((units * chunk / chunks)..<(units * (chunk + 1) / chunks))
                }
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

/// Sizes and plans of one fast transposed convolution: rows along the last spatial axis, the outer
/// axes flattened into one row index (`OuterGather`), so 1D has one row per plane, 2D `H` and 3D
/// `D·H`.
struct Geometry: Sendable {
  let batch, cIn, cOut, cInPerGroup, cOutPerGroup: Int
  /// `inH`, `kH` and `outH` are the products of the outer axes' input, kernel and output lengths.
  let inH, inW, kH, kW, outH, outW: Int
  let planW: PhasePlan
  /// The (kernel row, input row) pairs of every output row.
  let outer: OuterGather

  var rows: Int { batch * cOut * outH }

  init(input: [Int], weight: [Int], output: [Int], parameters: ConvTransposeParameters) {
    let rank = parameters.axes.count
    batch = input[0]
    cIn = input[1]
    cOut = output[1]
    cInPerGroup = cIn / parameters.groups
    cOutPerGroup = weight[1]
    inH = input[2..<(rank + 1)].reduce(1, *)
    inW = input[rank + 1]
    kH = weight[2..<(rank + 1)].reduce(1, *)
    kW = weight[rank + 1]
    outH = output[2..<(rank + 1)].reduce(1, *)
    outW = output[rank + 1]
    planW = PhasePlan(axis: parameters.axes[rank - 1], input: inW, kernel: kW, outputLength: outW)
    outer = OuterGather(
      axes: parameters.axes, input: Array(input.dropFirst(2)), kernel: Array(weight.dropFirst(2)),
      output: Array(output.dropFirst(2)))
  }
}
