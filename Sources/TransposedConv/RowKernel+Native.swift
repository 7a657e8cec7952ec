import CKernels

extension RowKernel {
  /// One long pass for the block's channels with the C micro-kernels (`kernels` is `.avx2` or
  /// `.avx512`; blocks of eight only with `.avx512`): the same sums as the Swift `tile`, each
  /// lane's items taken in order with one fused multiply-add each; tails of any length are
  /// masked, so every position is computed once.
  func nativeTile(
    _ op: RowOp, _ scratch: UnsafeMutablePointer<Float>, outW: Int, _ chunk: Panel
  ) {
    // The C kernels' weights are plain floats, one per channel and tap (`slot` 1).
    let arguments = (
      scratch + op.out, outW, chunk.x + op.in1, chunk.xStride, chunk.wFloats + op.tap1 * blockChannels,
      chunk.wStride, 1,
      chunk.count, op.count
    )
    if blockChannels == Self.wideChannelBlock {
      ckern_tile8_avx512(
        arguments.0, arguments.1, arguments.2, arguments.3, arguments.4, arguments.5, arguments.6,
        arguments.7, arguments.8)
    } else if kernels == .avx512 {
      ckern_tile4_avx512(
        arguments.0, arguments.1, arguments.2, arguments.3, arguments.4, arguments.5, arguments.6,
        arguments.7, arguments.8)
    } else {
      ckern_tile4_avx2(
        arguments.0, arguments.1, arguments.2, arguments.3, arguments.4, arguments.5, arguments.6,
        arguments.7, arguments.8)
    }
  }
}
