extension Tensor {
  /// A depthwise ConvTranspose weight of shape `(channels, 1, k…)` that applies the same `taps`
  /// (shape `(k…)`) to every channel: use it with `groups = channels`, so each input channel is
  /// convolved on its own (how `checkerscope deconv` treats a PNG or a kernel spec). The taps are
  /// repeated channel after channel.
  /// - Throws: `ConvTransposeError.invalidArgument` when `channels < 1` or the weight would hold more
  ///   than `KernelSpec.maximumTaps` values.
  public static func depthwiseWeight(repeating taps: Tensor, channels: Int) throws(ConvTransposeError)
    -> Tensor
  {
    guard channels >= 1 else {
      throw .invalidArgument("a depthwise weight needs at least one channel, got \(channels)")
    }
    guard taps.count <= KernelSpec.maximumTaps / channels else {
      throw .invalidArgument(
        "a \(taps.shape) kernel for each of \(channels) channels is too large (at most \(KernelSpec.maximumTaps) taps in all)"
      )
    }
    var data: [Float] = []
    data.reserveCapacity(taps.count * channels)
    for _ in 0..<channels { data.append(contentsOf: taps.data) }
    return Tensor(shape: [channels, 1] + taps.shape, data: data)
  }
}
