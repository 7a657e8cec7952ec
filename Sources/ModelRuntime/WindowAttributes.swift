import ModelIO

/// The sliding-window attributes shared by `Conv`, `ConvTranspose`, `MaxPool` and `AveragePool`:
/// `auto_pad`, `kernel_shape`, `strides`, `dilations`, `pads`.
struct WindowAttributes: Sendable {
  enum AutoPad: String, Sendable {
    case notSet = "NOTSET", sameUpper = "SAME_UPPER", sameLower = "SAME_LOWER", valid = "VALID"
  }
  var autoPad: AutoPad
  var kernel: [Int]?
  var strides: [Int]?
  var dilations: [Int]?
  /// ONNX order: all begins, then all ends.
  var pads: [Int]?

  init(context: NodeContext) throws(RuntimeError) {
    let mode = try context.choice(
      "auto_pad", ["NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"], default: "NOTSET")
    autoPad = AutoPad(rawValue: mode) ?? .notSet
    kernel = try context.ints("kernel_shape")
    strides = try context.ints("strides")
    dilations = try context.ints("dilations")
    pads = try context.ints("pads")
    for (name, values) in [("kernel_shape", kernel), ("strides", strides), ("dilations", dilations)] {
      if let values, !values.allSatisfy({ $0 >= 1 }) {
        throw context.unsupported("\(name) \(values) must be positive")
      }
    }
  }

  /// Per-axis values of `list` (default `fallback`), checked against the spatial rank.
  func perAxis(_ list: [Int]?, _ name: String, rank: Int, fallback: Int, context: NodeContext)
    throws(RuntimeError)
    -> [Int]
  {
    guard let list else { return [Int](repeating: fallback, count: rank) }
    guard list.count == rank else {
      throw context.invalid("\(name) has \(list.count) values for \(rank) spatial axes")
    }
    return list
  }

  /// Begin and end padding of a forward window (Conv, pools) for spatial input extents `input`.
  func forwardPads(input: [Int], kernel: [Int], strides: [Int], dilations: [Int], context: NodeContext)
    throws(RuntimeError) -> (begin: [Int], end: [Int])
  {
    let rank = input.count
    switch autoPad {
    case .notSet:
      let p = pads ?? [Int](repeating: 0, count: 2 * rank)
      guard p.count == 2 * rank else {
        throw context.invalid("pads has \(p.count) values for \(rank) spatial axes")
      }
      guard p.allSatisfy({ $0 >= 0 }) else { throw context.unsupported("negative pads \(p)") }
      return (Array(p[..<rank]), Array(p[rank...]))
    case .valid:
      return ([Int](repeating: 0, count: rank), [Int](repeating: 0, count: rank))
    case .sameUpper, .sameLower:
      var begin: [Int] = []
      var end: [Int] = []
      for axis in 0..<rank {
        // ceil(input / stride) without overflowing at a huge stride.
        let out = input[axis] / strides[axis] + (input[axis] % strides[axis] == 0 ? 0 : 1)
        let extent = try context.multiplyAdd(
          kernel[axis] - 1, dilations[axis], 1, "the dilated kernel extent")
        let covered = try context.multiplyAdd(out - 1, strides[axis], extent, "the padded extent")
        let total = max(0, covered - input[axis])
        let small = total / 2
        begin.append(autoPad == .sameUpper ? small : total - small)
        end.append(autoPad == .sameUpper ? total - small : small)
      }
      return (begin, end)
    }
  }
}
