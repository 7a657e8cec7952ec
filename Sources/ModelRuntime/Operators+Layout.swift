import ModelIO
import TransposedConv

/// `DepthToSpace` in both channel orders: DCR `(N, b, b, C/b², H, W)` and CRD `(N, C/b², b, b, H, W)`
/// (CRD is the engine's `PixelShuffle`).
struct DepthToSpaceOperator: RuntimeOperator {
  static let attributes: Set<String> = ["blocksize", "mode"]
  let block: Int
  /// `block²`, the channels that become one block of pixels.
  let area: Int
  let crd: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let b = try context.int("blocksize"), b >= 1 else {
      throw context.unsupported("blocksize must be given and positive")
    }
    guard let a = CheckedShape.multiplyAdd(b, b) else {
      throw context.unsupported("blocksize \(b) squared overflows")
    }
    block = b
    area = a
    crd = try context.choice("mode", ["DCR", "CRD"], default: "DCR") == "CRD"
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let s = inputs.first?.shape else { return nil }
    return [try outputShape(s, context: context)]
  }

  /// The output shape for input shape `s`, with checked arithmetic.
  func outputShape(_ s: [Int], context: NodeContext) throws(RuntimeError) -> [Int] {
    guard s.count == 4, s[1] % area == 0 else {
      throw context.invalid("input \(CheckedShape.brief(s)) is not (N, C·\(area), H, W)")
    }
    return [
      s[0], s[1] / area, try context.multiplyAdd(s[2], block, 0, "the height"),
      try context.multiplyAdd(s[3], block, 0, "the width"),
    ]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let outShape = try outputShape(x.shape, context: context)
    try context.checkSize(outShape)
    if crd {
      do { return [.float(try PixelShuffle.shuffle(x, factor: block))] } catch { throw context.engine(error) }
    }
    let (n, channels, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let c = outShape[1]
    var out = [Float](repeating: 0, count: x.count)
    for b in 0..<n {
      for i in 0..<block {
        for j in 0..<block {
          for oc in 0..<c {
            let src = ((b * channels + (i * block + j) * c + oc) * h) * w
            for y in 0..<h {
              let dst = ((b * c + oc) * h * block + y * block + i) * w * block
              for xx in 0..<w { out[dst + xx * block + j] = x.data[src + y * w + xx] }
            }
          }
        }
      }
    }
    return [.float(Tensor(shape: outShape, data: out))]
  }
}

/// `Pad`: opsets 7–10 with the `pads` and `value` attributes, 11 and later with the `pads`,
/// `constant_value` (and from 18 `axes`) inputs; modes constant, reflect, edge and (19) wrap; negative
/// pads crop. Extents are summed with checked arithmetic.
struct PadOperator: RuntimeOperator {
  static let attributes: Set<String> = ["mode", "pads", "value"]
  enum Mode: String, Sendable { case constant, reflect, edge, wrap }
  let mode: Mode
  let legacyPads: [Int]?
  let legacyValue: Float

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    let modes =
      context.opsetVersion >= 19 ? ["constant", "reflect", "edge", "wrap"] : ["constant", "reflect", "edge"]
    mode = Mode(rawValue: try context.choice("mode", modes, default: "constant")) ?? .constant
    if context.opsetVersion >= 11, let key = ["pads", "value"].first(where: { node.attributes[$0] != nil }) {
      throw context.unsupported("attribute '\(key)' is an input of Pad at opset \(context.opsetVersion)")
    }
    legacyPads = try context.ints("pads")
    legacyValue = try context.float("value") ?? 0
    if context.opsetVersion < 11 && legacyPads == nil { throw context.unsupported("pads is required") }
  }

  /// Begin and end padding per axis and the output shape, for input shape `shape`.
  func plan(_ shape: [Int], pads padList: [Int], axes given: [Int]?, context: NodeContext)
    throws(RuntimeError)
    -> (begin: [Int], end: [Int], shape: [Int])
  {
    let rank = shape.count
    let axes =
      try given.map { (list: [Int]) throws(RuntimeError) -> [Int] in try context.axes(list, rank: rank) }
      ?? Array(0..<rank)
    guard padList.count == 2 * axes.count else {
      throw context.invalid("pads has \(padList.count) values for \(axes.count) axes")
    }
    var begin = [Int](repeating: 0, count: rank)
    var end = [Int](repeating: 0, count: rank)
    for (i, axis) in axes.enumerated() {
      begin[axis] = padList[i]
      end[axis] = padList[i + axes.count]
    }
    var outShape: [Int] = []
    for axis in 0..<rank {
      let total = try context.add(try context.add(shape[axis], begin[axis], "padding"), end[axis], "padding")
      guard total >= 0 else { throw context.invalid("pads \(padList) crop more than \(shape)") }
      outShape.append(total)
    }
    _ = try context.count(outShape)
    return (begin, end, outShape)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let pads: [Int]
    if let legacyPads {
      pads = legacyPads
    } else {
      guard inputs.count > 1, let v = inputs[1].value else { return nil }
      pads = v.ints
    }
    var axes: [Int]?
    if inputs.count > 3, inputs[3].shape != nil {
      guard let v = inputs[3].value else { return nil }
      axes = v.ints
    }
    return [try plan(shape, pads: pads, axes: axes, context: context).shape]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let rank = x.shape.count
    let padList: [Int]
    if let legacyPads { padList = legacyPads } else { padList = try context.value(inputs, 1).ints }
    let (begin, end, outShape) = try plan(
      x.shape, pads: padList, axes: context.optional(inputs, 3)?.ints, context: context)
    try context.checkSize(outShape)
    // An empty result (an axis of 0 elements) is made without the per-axis maps, whose other axes
    // may be as long as a hostile pad asks (2^48 beside an empty axis).
    if outShape.contains(0) {
      switch x {
      case .float: return [.float(Tensor(shape: outShape, data: []))]
      case .int: return [.int(IntTensor(shape: outShape, data: []))]
      }
    }
    for axis in 0..<rank where mode != .constant && (begin[axis] > 0 || end[axis] > 0) {
      let n = x.shape[axis]
      if n == 0 {
        throw context.invalid("\(mode.rawValue) padding of an empty axis \(axis)")
      }
    }
    // Per axis: source index of each output index, or -1 for the constant.
    let maps: [[Int]] = (0..<rank).map { axis in
      let n = x.shape[axis]
      return (0..<outShape[axis]).map { o in
        let i = o - begin[axis]
        if i >= 0 && i < n { return i }
        switch mode {
        case .constant: return -1
        case .edge: return min(max(i, 0), n - 1)
        case .reflect:
          if n == 1 { return 0 }
          let period = 2 * (n - 1)
          var r = i % period
          if r < 0 { r += period }
          return r < n ? r : period - r
        case .wrap:
          var r = i % n
          if r < 0 { r += n }
          return r
        }
      }
    }
    // Row by row: the source row of every output row (all axes but the last), then the last axis's map.
    let strides = (0..<rank).map { x.shape[($0 + 1)...].reduce(1, *) }
    let last = max(0, rank - 1)
    let rowLength = rank == 0 ? 1 : outShape[last]
    let rowCount = rank == 0 ? 1 : outShape[..<last].reduce(1, *)
    var rowSources = [Int](repeating: -1, count: rowCount)
    var counter = [Int](repeating: 0, count: max(0, rank - 1))
    if rowCount > 0 && rowLength > 0 {
      for row in 0..<rowCount {
        var src = 0
        for axis in 0..<last {
          let s = maps[axis][counter[axis]]
          if s < 0 {
            src = -1
            break
          }
          src += s * strides[axis]
        }
        rowSources[row] = src
        var axis = last - 1
        while axis >= 0 {
          counter[axis] += 1
          if counter[axis] < outShape[axis] { break }
          counter[axis] = 0
          axis -= 1
        }
      }
    }
    let lastMap = rank == 0 ? [0] : maps[last]
    func fillRows<T>(_ data: [T], _ fill: T) -> [T] {
      var out = [T](repeating: fill, count: rowCount * rowLength)
      out.withUnsafeMutableBufferPointer { dst in
        data.withUnsafeBufferPointer { src in
          for row in 0..<rowCount where rowSources[row] >= 0 {
            let base = rowSources[row]
            let o = row * rowLength
            for i in 0..<rowLength where lastMap[i] >= 0 { dst[o + i] = src[base + lastMap[i]] }
          }
        }
      }
      return out
    }
    switch x {
    case .float(let t):
      let fill = inputs.count > 2 ? (inputs[2]?.floats.first ?? 0) : legacyValue
      return [.float(Tensor(shape: outShape, data: fillRows(t.data, fill)))]
    case .int(let t):
      let fill = inputs.count > 2 ? Int64(inputs[2]?.ints.first ?? 0) : 0
      return [.int(IntTensor(shape: outShape, data: fillRows(t.data, fill)))]
    }
  }
}

/// `Transpose` by `perm` (default: reversed axes).
struct TransposeOperator: RuntimeOperator {
  static let attributes: Set<String> = ["perm"]
  let perm: [Int]?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) { perm = try context.ints("perm") }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let p = perm ?? Array((0..<shape.count).reversed())
    guard p.count == shape.count, Set(p) == Set(0..<shape.count) else {
      throw context.invalid("perm \(p) is not a permutation of \(shape.count) axes")
    }
    return [p.map { shape[$0] }]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let rank = x.shape.count
    let p = perm ?? Array((0..<rank).reversed())
    guard p.count == rank, Set(p) == Set(0..<rank) else {
      throw context.invalid("perm \(p) is not a permutation of \(rank) axes")
    }
    let outShape = p.map { x.shape[$0] }
    switch x {
    case .float(let t):
      return [.float(Tensor(shape: outShape, data: AxisPermutation.permute(t.data, shape: t.shape, perm: p)))]
    case .int(let t):
      return [
        .int(IntTensor(shape: outShape, data: AxisPermutation.permute(t.data, shape: t.shape, perm: p)))
      ]
    }
  }
}
