import ModelIO

extension ConvolutionParameters {
  /// The largest kernel, stride, dilation or padding the audit accepts (keeps all arithmetic exact).
  static let maximumExtent = 1 << 16

  /// Resolves an ONNX `Conv` or `ConvTranspose` node's parameters.
  ///
  /// Follows the ONNX operator specification: `kernel_shape` defaults to the weight's spatial shape;
  /// `strides`, `dilations` default to 1, `pads` to 0, `group` to 1. For `ConvTranspose`,
  /// `output_shape` (or `auto_pad` SAME_UPPER/SAME_LOWER, whose target is `input · stride`) gives
  /// `total = stride·(in − 1) + output_padding + (k − 1)·dilation + 1 − target` per axis, split as
  /// SAME_UPPER: begin `total/2`, end the rest; otherwise begin `total − total/2`, end `total/2`
  /// (a negative total becomes output padding). For `Conv`, SAME pads to `ceil(in/stride)` outputs,
  /// the extra pad at the end (UPPER) or start (LOWER). VALID is no padding. `inputSpatial` is needed
  /// only where the padding depends on the input size.
  static func resolve(
    _ node: ModelNode, weightShape: [Int]?, inputSpatial: [Int]?, transposed: Bool, path: String
  ) throws(ModelAuditError) -> ConvolutionParameters {
    func fail(_ reason: String) -> ModelAuditError {
      .unsupportedLayer(path: path, node: node.displayName, reason: reason)
    }
    let kernelAttribute: [Int]?
    let strideAttribute, dilationAttribute, padsAttribute, outputPaddingAttribute, outputShape: [Int]?
    let groupAttribute: Int?
    let autoPad: String
    do {
      kernelAttribute = try node.ints("kernel_shape", path: path)
      strideAttribute = try node.ints("strides", path: path)
      dilationAttribute = try node.ints("dilations", path: path)
      padsAttribute = try node.ints("pads", path: path)
      outputPaddingAttribute = try node.ints("output_padding", path: path)
      outputShape = try node.ints("output_shape", path: path)
      groupAttribute = try node.int("group", path: path)
      autoPad = try node.string("auto_pad", path: path) ?? "NOTSET"
    } catch {
      throw .model(error)
    }
    guard let kernel = kernelAttribute ?? weightShape.map({ Array($0.dropFirst(2)) }) else {
      throw fail("has neither kernel_shape nor a constant weight to take the kernel size from")
    }
    let dims = kernel.count
    guard (1...3).contains(dims) else { throw fail("has \(dims) spatial axes; 1 to 3 are supported") }
    if let weightShape, weightShape.count != dims + 2 {
      throw fail("its weight has shape \(weightShape), not (C, C, k…) for \(dims) spatial axes")
    }
    let stride = strideAttribute ?? [Int](repeating: 1, count: dims)
    let dilation = dilationAttribute ?? [Int](repeating: 1, count: dims)
    let pads = padsAttribute ?? [Int](repeating: 0, count: 2 * dims)
    var outputPadding = outputPaddingAttribute ?? [Int](repeating: 0, count: dims)
    let groups = groupAttribute ?? 1
    guard stride.count == dims, dilation.count == dims, pads.count == 2 * dims, outputPadding.count == dims
    else {
      throw fail("strides, dilations, pads or output_padding do not have one entry per axis (\(dims) axes)")
    }
    let limit = maximumExtent
    guard kernel.allSatisfy({ (1...limit).contains($0) }), stride.allSatisfy({ (1...limit).contains($0) }),
      dilation.allSatisfy({ (1...limit).contains($0) }), pads.allSatisfy({ (0...limit).contains($0) }),
      outputPadding.allSatisfy({ (0...limit).contains($0) }), (1...limit).contains(groups)
    else {
      throw fail("has a kernel, stride or dilation below 1, a negative padding, or a value above \(limit)")
    }
    var begin = Array(pads.prefix(dims))
    var end = Array(pads.suffix(dims))
    let same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER"
    guard same || autoPad == "NOTSET" || autoPad == "VALID" else {
      throw fail("auto_pad '\(autoPad)' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID")
    }
    if autoPad == "VALID" {
      begin = [Int](repeating: 0, count: dims)
      end = begin
    }
    if transposed && (outputShape != nil || same) {
      let target: [Int]
      if let outputShape {
        guard outputShape.count >= dims, let input = inputSpatial, input.count == dims else {
          throw fail("output_shape needs the input's spatial size; give --input-shape")
        }
        target = Array(outputShape.suffix(dims))
        for axis in 0..<dims where !(1...(1 << 31)).contains(target[axis]) || input[axis] > 1 << 31 {
          throw fail("output_shape \(outputShape) is out of range")
        }
        for axis in 0..<dims {
          let total =
            stride[axis] * (input[axis] - 1) + outputPadding[axis] + (kernel[axis] - 1) * dilation[axis] + 1
            - target[axis]
          (begin[axis], end[axis], outputPadding[axis]) = split(
            total, upper: autoPad == "SAME_UPPER", outputPadding[axis])
        }
      } else {
        // target = input · stride, so the total no longer depends on the input size.
        for axis in 0..<dims {
          let total = outputPadding[axis] + (kernel[axis] - 1) * dilation[axis] + 1 - stride[axis]
          (begin[axis], end[axis], outputPadding[axis]) = split(
            total, upper: autoPad == "SAME_UPPER", outputPadding[axis])
        }
      }
    } else if same {
      guard let input = inputSpatial, input.count == dims else {
        throw fail("auto_pad \(autoPad) depends on the input size; give --input-shape")
      }
      for axis in 0..<dims {
        let outputs = (input[axis] + stride[axis] - 1) / stride[axis]
        let total = max(
          0, (outputs - 1) * stride[axis] + (kernel[axis] - 1) * dilation[axis] + 1 - input[axis])
        begin[axis] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
        end[axis] = total - begin[axis]
      }
    }
    if !transposed { outputPadding = [Int](repeating: 0, count: dims) }
    var inChannels: Int?
    var outChannels: Int?
    if let weightShape {
      inChannels = transposed ? weightShape[0] : weightShape[1] * groups
      outChannels = transposed ? weightShape[1] * groups : weightShape[0]
      guard weightShape[0] % (transposed ? groups : 1) == 0, (outChannels ?? 0) % groups == 0 else {
        throw fail("its weight's channels \(weightShape) are not divisible by group \(groups)")
      }
    }
    return ConvolutionParameters(
      kernel: kernel, stride: stride, padsBegin: begin, padsEnd: end, outputPadding: outputPadding,
      dilation: dilation, groups: groups, inChannels: inChannels, outChannels: outChannels)
  }

  /// Splits a total padding into begin/end (SAME_UPPER puts the odd one at the end); a negative
  /// total (a requested output longer than the full one) becomes extra output padding.
  static func split(_ total: Int, upper: Bool, _ outputPadding: Int) -> (Int, Int, Int) {
    guard total >= 0 else { return (0, 0, outputPadding - total) }
    let begin = upper ? total / 2 : total - total / 2
    return (begin, total - begin, outputPadding)
  }
}
