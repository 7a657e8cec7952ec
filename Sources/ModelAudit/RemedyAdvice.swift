/// Remedies for a layer that makes checkerboard artifacts, in PyTorch's vocabulary.
enum RemedyAdvice {
  /// The text for `layer`: the resize-convolution and sub-pixel (ICNR) replacements with the same
  /// output size, and the kernel sizes that make the overlap even at this stride.
  static func text(for layer: LayerAudit) -> String? {
    switch layer.op {
    case .convTranspose:
      guard let parameters = layer.convolution else { return nil }
      return convTranspose(parameters)
    case .depthToSpace:
      guard let shuffle = layer.depthToSpace else { return nil }
      let r = shuffle.blocksize
      let channels = layer.weights.map { String($0.outputChannels) } ?? "C"
      let inChannels = layer.inputShape.map { String($0[1]) } ?? "C·\(r * r)"
      return
        "initialise the nn.Conv2d before nn.PixelShuffle(\(r)) with ICNR (each group of \(r * r) output channels starts from one kernel, \(shuffle.mode == "CRD" ? "channel c·\(r * r)+phase" : "channel phase·C+c") order), or replace conv + shuffle by nn.Upsample(scale_factor=\(r), mode='nearest') + nn.Conv2d(…, \(channels), kernel_size=3, padding=1) (the shuffle's input has \(inChannels) channels)"
    default:
      return nil
    }
  }

  static func convTranspose(_ p: ConvolutionParameters) -> String {
    let dims = p.dims
    let suffix = "\(dims)d"
    let cin = p.inChannels.map(String.init) ?? "C_in"
    let cout = p.outChannels.map(String.init) ?? "C_out"
    // Output = input·stride + delta per axis; delta does not depend on the input size.
    let delta = (0..<dims).map {
      -p.stride[$0] - p.padsBegin[$0] - p.padsEnd[$0] + p.dilation[$0] * (p.kernel[$0] - 1)
        + p.outputPadding[$0] + 1
    }
    // A stride-1 convolution with kernel K and padding P changes the length by 2P − K + 1 = delta.
    var kernels: [Int] = []
    var paddings: [Int] = []
    for axis in 0..<dims {
      var k = max(3, 1 - delta[axis])
      if (k - 1 + delta[axis]) % 2 != 0 { k += 1 }
      kernels.append(k)
      paddings.append((k - 1 + delta[axis]) / 2)
    }
    let scale = tuple(p.stride)
    let upsample = "nn.Upsample(scale_factor=\(scale), mode='nearest')"
    let conv = "nn.Conv\(suffix)(\(cin), \(cout), kernel_size=\(tuple(kernels)), padding=\(tuple(paddings)))"
    var parts = [
      "replace nn.ConvTranspose\(suffix)(\(cin), \(cout), kernel_size=\(tuple(p.kernel)), stride=\(scale)) by \(upsample) + \(conv) (resize-convolution, same output size)"
    ]
    let equalStride = Set(p.stride).count == 1
    if let r = p.stride.first, equalStride, dims == 2, delta.allSatisfy({ $0 == 0 }) {
      let outs = p.outChannels.map { String($0 * r * r) } ?? "C_out·\(r * r)"
      parts.append(
        "or sub-pixel: nn.Conv2d(\(cin), \(outs), kernel_size=3, padding=1) + nn.PixelShuffle(\(r)) with ICNR initialisation"
      )
    }
    // Kernel sizes that are multiples of the stride (dilation 1) give even overlap.
    var even: [String] = []
    for axis in 0..<dims {
      let s = p.stride[axis]
      let candidates = (1...3).map { $0 * s }.filter { $0 > 1 }
      even.append(candidates.map(String.init).joined(separator: ", "))
    }
    let evenText = Set(even).count == 1 ? even[0] : even.joined(separator: " × ")
    var keep =
      "or keep the transposed convolution with kernel_size a multiple of the stride (\(evenText); dilation 1)"
    if dims >= 1 {
      // The smallest such kernel with the same output size: 2p' − op' = k' − s − delta.
      var pads: [Int] = []
      var outputPads: [Int] = []
      var sizes: [Int] = []
      var possible = true
      for axis in 0..<dims {
        let s = p.stride[axis]
        var k = max(2 * s, s)
        if k < p.kernel[axis] { k = ((p.kernel[axis] + s - 1) / s) * s }
        let need = k - s - delta[axis]
        var found = false
        for op in 0..<s where (need + op) % 2 == 0 && need + op >= 0 {
          pads.append((need + op) / 2)
          outputPads.append(op)
          sizes.append(k)
          found = true
          break
        }
        if !found { possible = false }
      }
      if possible {
        keep +=
          ", e.g. nn.ConvTranspose\(suffix)(\(cin), \(cout), kernel_size=\(tuple(sizes)), stride=\(scale), padding=\(tuple(pads))"
        if outputPads.contains(where: { $0 != 0 }) { keep += ", output_padding=\(tuple(outputPads))" }
        keep += ") — the learned weights can still be uneven"
      }
    }
    parts.append(keep)
    return parts.joined(separator: "; ")
  }

  /// `2` when every axis has the same value, `(2, 3)` otherwise (PyTorch's tuple syntax).
  static func tuple(_ values: [Int]) -> String {
    if Set(values).count == 1, let first = values.first { return String(first) }
    return "(" + values.map(String.init).joined(separator: ", ") + ")"
  }
}
