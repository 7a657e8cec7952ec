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

  /// The layer's constructor as the user would have written it, defaults left out:
  /// `nn.ConvTranspose2d(8, 8, kernel_size=3, stride=2, padding=1, output_padding=1)`. ONNX pads that
  /// differ at the two ends (which PyTorch cannot write) are given as `padding=(begin…)` with the
  /// ends in a comment.
  static func constructor(_ p: ConvolutionParameters) -> String {
    var parts = [
      p.inChannels.map(String.init) ?? "C_in", p.outChannels.map(String.init) ?? "C_out",
      "kernel_size=\(tuple(p.kernel))",
    ]
    if p.stride.contains(where: { $0 != 1 }) { parts.append("stride=\(tuple(p.stride))") }
    if p.padsBegin.contains(where: { $0 != 0 }) { parts.append("padding=\(tuple(p.padsBegin))") }
    if p.outputPadding.contains(where: { $0 != 0 }) {
      parts.append("output_padding=\(tuple(p.outputPadding))")
    }
    if p.groups != 1 { parts.append("groups=\(p.groups)") }
    if p.dilation.contains(where: { $0 != 1 }) { parts.append("dilation=\(tuple(p.dilation))") }
    let call = "nn.ConvTranspose\(p.dims)d(" + parts.joined(separator: ", ") + ")"
    if p.padsBegin != p.padsEnd {
      return call + "  # ONNX pads end \(tuple(p.padsEnd)) differ from begin"
    }
    return call
  }

  /// The remedy of a transposed convolution: the layer's constructor, then one alternative a line,
  /// each with the same output size (resize-convolution; sub-pixel with ICNR when the output is
  /// exactly stride × input; a transposed convolution whose kernel is a multiple of the stride).
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
    let size = (0..<dims).map { axis in
      "\(p.stride[axis])·n"
        + (delta[axis] == 0 ? "" : delta[axis] > 0 ? " + \(delta[axis])" : " − \(-delta[axis])")
    }
    let sizeText = Set(size).count == 1 ? size[0] : size.joined(separator: " × ")
    var lines = [
      "replace \(constructor(p))",
      "by one of these (same output size, \(sizeText) for an input of n):",
      "  nn.Upsample(scale_factor=\(scale), mode='nearest'), nn.Conv\(suffix)(\(cin), \(cout), kernel_size=\(tuple(kernels)), padding=\(tuple(paddings)))  # resize-convolution",
    ]
    let equalStride = Set(p.stride).count == 1
    if let r = p.stride.first, equalStride, dims == 2, delta.allSatisfy({ $0 == 0 }) {
      let outs = p.outChannels.map { String($0 * r * r) } ?? "C_out·\(r * r)"
      lines.append(
        "  nn.Conv2d(\(cin), \(outs), kernel_size=3, padding=1), nn.PixelShuffle(\(r))  # sub-pixel, ICNR init"
      )
    }
    // Kernel sizes that are multiples of the stride (dilation 1) give even overlap; the smallest
    // such kernel with the same output size: 2p' − op' = k' − s − delta.
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
    var even: [String] = []
    for axis in 0..<dims {
      let s = p.stride[axis]
      even.append((1...3).map { $0 * s }.filter { $0 > 1 }.map(String.init).joined(separator: ", "))
    }
    let evenText = Set(even).count == 1 ? even[0] : even.joined(separator: " × ")
    let note = "  # kernel a multiple of the stride (\(evenText))"
    if possible, sizes != p.kernel || p.dilation.contains(where: { $0 != 1 }) {
      var call =
        "nn.ConvTranspose\(suffix)(\(cin), \(cout), kernel_size=\(tuple(sizes)), stride=\(scale)"
      if pads.contains(where: { $0 != 0 }) { call += ", padding=\(tuple(pads))" }
      if outputPads.contains(where: { $0 != 0 }) { call += ", output_padding=\(tuple(outputPads))" }
      lines.append("  " + call + ")" + note)
    } else if !possible {
      lines.append("  nn.ConvTranspose\(suffix)(…, stride=\(scale), …)" + note)
    }
    return lines.joined(separator: "\n")
  }

  /// `2` when every axis has the same value, `(2, 3)` otherwise (PyTorch's tuple syntax).
  static func tuple(_ values: [Int]) -> String {
    if Set(values).count == 1, let first = values.first { return String(first) }
    return "(" + values.map(String.init).joined(separator: ", ") + ")"
  }
}
