import CheckerscopeCore
import ModelIO
import ModelRuntime

/// One factor of a tensor axis as the trace sees it: a spatial axis of the model input (its extent is
/// the trace's), or anything else (batch, channels, heads, features, a flattened weight axis) of a size.
enum TraceFactor: Sendable, Equatable {
  case spatial(Int)
  case other(Int)
}

/// A node input as `SpatialTrace.propagate` sees it: its trace (nil when it has none), its shape, and
/// whether its values depend on the model input (a constant, a shape or a value computed from shapes
/// only does not).
struct TraceInput {
  var trace: SpatialTrace?
  var shape: [Int]
  var derived: Bool
}

/// How the trace follows the operators that move, merge and split axes instead of sliding a window:
/// the tensor's axes are lists of factors (row-major), reshapes regroup the factors, transposes permute
/// the axes, `MatMul`/`Gemm` keep the rows of the left and the columns of the right factor, and
/// elementwise operators, normalisations and reductions keep what they do not reduce.
///
/// Why margins survive these operators: on a constant input every interior position holds the same
/// vector, so a row-wise function of it plus any global summary (a softmax over all positions, an
/// attention-weighted sum, a mean) is again the same at every interior position; a lattice-periodic
/// pattern stays periodic the same way. What breaks it is a position-dependent term — a constant that
/// varies along a spatial axis (positional embeddings) or a fully connected layer over flattened
/// positions — and then every sample counts as border-reached.
extension SpatialTrace {
  /// True when `node`'s output does not depend on its inputs' values (`OperatorLayout.readsShapeOnly`).
  static func readsShapeOnly(_ node: ModelNode) -> Bool {
    OperatorRegistry.layout(of: node.opType).readsShapeOnly
  }

  /// The same margins, every sample border-reached, lattice 1: structure lost but the layout known.
  func everywhereBorder() -> SpatialTrace {
    var result = self
    let extents = layout == nil ? [Int]() : self.extents
    for a in begin.indices {
      let extent = a < extents.count ? extents[a] : Int.max / 4
      result.begin[a] = max(begin[a], extent)
      result.end[a] = max(end[a], extent)
      result.lattice[a] = 1
    }
    return result
  }

  /// `everywhereBorder` for a tensor of `shape` in the model layout (margins the extents).
  static func everywhereBorder(rank: Int, shape: [Int]) -> SpatialTrace {
    var result = SpatialTrace(rank: rank)
    for a in 0..<rank where a + 2 < shape.count {
      result.begin[a] = shape[a + 2]
      result.end[a] = shape[a + 2]
    }
    return result
  }

  /// The factors of each axis of a tensor of `shape` traced by `self`; nil when they do not match.
  func factors(shape: [Int]) -> [[TraceFactor]]? {
    if let layout {
      guard layout.count == shape.count else { return nil }
      return layout
    }
    guard shape.count == begin.count + 2 else { return nil }
    return shape.indices.map { i in
      i >= 2 ? [.spatial(i - 2)] : shape[i] == 1 ? [] : [.other(shape[i])]
    }
  }

  /// The spatial extents of a tensor of `shape` traced by `self`.
  func spatialExtents(shape: [Int]) -> [Int] {
    layout == nil ? Array(shape.dropFirst(2)) : extents
  }

  /// `self` with `layout` for a tensor with spatial extents `extents`, back in the model layout when
  /// the layout is `(N, C, spatial…)` again.
  func with(layout: [[TraceFactor]], extents: [Int]) -> SpatialTrace {
    var result = self
    var layout = layout
    var extents = extents
    let rank = begin.count
    // An axis (spatial a, fine r) interleaves r samples per position: a lattice r times finer (pixel
    // shuffle written as reshapes, windows merged back).
    for i in layout.indices {
      guard layout[i].count == 2, case .spatial(let a) = layout[i][0], case .other(let r) = layout[i][1],
        a < extents.count, a < rank
      else { continue }
      layout[i] = [.spatial(a)]
      extents[a] *= r
      result.begin[a] *= r
      result.end[a] *= r
      result.lattice[a] *= r
    }
    let model =
      layout.count == rank + 2 && !layout[0...1].contains { $0.contains(where: \.isSpatial) }
      && (0..<rank).allSatisfy { layout[$0 + 2] == [.spatial($0)] }
    result.layout = model ? nil : layout
    result.extents = model ? [] : extents
    return result
  }

  /// The trace of a node none of whose inputs is traced: a broadcast of a spatially uniform value
  /// (`Resize`/`Upsample`/`Expand`/`Tile` of a `(N, C, 1, 1)` summary) is uniform, margins 0; nothing
  /// else gets one.
  static func untracedSource(node: ModelNode, inputs: [TraceInput], output: [Int]) -> SpatialTrace? {
    guard let first = inputs.first, first.derived, output.count >= 3, first.shape.count == output.count,
      OperatorRegistry.layout(of: node.opType).spreadsUniform,
      first.shape.dropFirst(2).allSatisfy({ $0 == 1 }), output.dropFirst(2).contains(where: { $0 > 1 })
    else { return nil }
    return SpatialTrace(rank: output.count - 2)
  }

  /// The trace through an operator that is not a window operator (see the extension's documentation).
  static func propagateLayout(
    node: ModelNode, path: String, inputs: [TraceInput], output: [Int], integers: (String) -> [Int]?
  ) -> SpatialTrace? {
    guard let first = inputs.first(where: { $0.trace != nil }), let trace = first.trace,
      let layout = trace.factors(shape: first.shape)
    else { return nil }
    let extents = trace.spatialExtents(shape: first.shape)
    func size(_ f: TraceFactor) -> Int {
      switch f {
      case .spatial(let a): return a < extents.count ? extents[a] : 1
      case .other(let n): return n
      }
    }
    let rule = OperatorRegistry.layout(of: node.opType)
    switch rule.kind {
    case .untraced:
      return nil
    case .transpose:
      let perm = (try? node.ints("perm", path: path)) ?? Array(layout.indices.reversed())
      guard perm.count == layout.count, Set(perm) == Set(layout.indices) else { return nil }
      return trace.with(layout: perm.map { layout[$0] }, extents: extents)
    case .reshape:
      var newExtents = extents
      guard inputs.first?.trace != nil,
        let (regrouped, splits) = regroup(layout, into: output, extents: &newExtents)
      else { return nil }
      // A map made from features alone (a fully connected decoder's output reshaped to a map): the
      // model's layout, positions set by weights rather than by the input's positions.
      let rank = trace.begin.count
      if !regrouped.joined().contains(where: \.isSpatial), output.count == rank + 2,
        output.dropFirst(2).allSatisfy({ $0 > 1 })
      {
        return everywhereBorder(rank: rank, shape: output)
      }
      var result = trace
      for (a, r) in splits {
        // A spatial axis split into (coarse, fine): the coarse positions are windows of r samples.
        result.begin[a] = (trace.begin[a] + r - 1) / r
        result.end[a] = (trace.end[a] + r - 1) / r
        result.lattice[a] = trace.lattice[a] / gcd(trace.lattice[a], r)
      }
      return result.with(layout: regrouped, extents: newExtents)
    case .matrixProduct:
      return matrixProduct(node: node, path: path, inputs: inputs, output: output, size: size)
    case .concatenation:
      guard var axis = try? node.int("axis", path: path) else { return nil }
      if axis < 0 { axis += output.count }
      guard axis >= 0, axis < output.count, first.shape.count == output.count,
        !layout[axis].contains(where: \.isSpatial)
      else { return nil }
      var out = layout
      out[axis] = output[axis] == 1 ? [] : [.other(output[axis])]
      return merge(trace.with(layout: out, extents: extents), inputs: inputs, output: output, layout: out)
    case .pointwise:
      // Only the broadcasting operators take data in more than one input; the others' further inputs
      // are parameters (scales, biases, starts, axes) and must not be read as data.
      let broadcasting = rule.broadcasting
      guard broadcasting || inputs.first?.trace != nil else { return nil }
      return elementwise(
        node: node, path: path, trace: trace, first: first, layout: layout, extents: extents,
        inputs: broadcasting ? inputs : [first], output: output, integers: integers)
    }
  }

  /// Elementwise operators, normalisations, slices of non-spatial axes and reductions.
  static func elementwise(
    node: ModelNode, path: String, trace: SpatialTrace, first: TraceInput, layout: [[TraceFactor]],
    extents: [Int], inputs: [TraceInput], output: [Int], integers: (String) -> [Int]?
  ) -> SpatialTrace? {
    var out: [[TraceFactor]]
    let rule = OperatorRegistry.layout(of: node.opType)
    let rank = first.shape.count
    if output.count >= rank {
      // Right-aligned broadcast; an axis that changes size keeps no spatial factor.
      let lead = output.count - rank
      out = output.indices.map { i in
        i < lead ? (output[i] == 1 ? [] : [.other(output[i])]) : layout[i - lead]
      }
      for i in lead..<output.count where first.shape[i - lead] != output[i] {
        if output[i] == 1 || !out[i].contains(where: \.isSpatial) {
          out[i] = output[i] == 1 ? [] : [.other(output[i])]
        } else {
          return nil
        }
      }
    } else {
      // Reductions (and Gather of one index) without keepdims: the axes named go.
      var axes: [Int]
      if let given = try? node.ints("axes", path: path) {
        axes = given
      } else if node.inputs.count > 1, let given = integers(node.inputs[1]), rule.reduction {
        axes = given
      } else if rule.gather, let axis = try? node.int("axis", path: path) {
        axes = [axis]
      } else if rule.reduction {
        axes = Array(0..<rank)
      } else {
        return nil
      }
      axes = axes.map { $0 < 0 ? $0 + rank : $0 }
      if rule.gather,
        axes.contains(where: { $0 >= 0 && $0 < rank && layout[$0].contains(where: \.isSpatial) })
      {
        return nil
      }
      out = layout.indices.filter { !axes.contains($0) }.map { layout[$0] }
      guard out.count == output.count else { return nil }
    }
    return merge(trace.with(layout: out, extents: extents), inputs: inputs, output: output, layout: out)
  }

  /// Merges the other inputs into `result`: traced ones with the same spatial factors add their margins
  /// and lattices; a value that varies along an axis holding spatial factors without a matching trace
  /// (a lost branch, a positional embedding) leaves every sample border-reached.
  static func merge(
    _ result: SpatialTrace, inputs: [TraceInput], output: [Int], layout: [[TraceFactor]]
  ) -> SpatialTrace {
    var merged = result
    var lost = false
    for input in inputs {
      let lead = output.count - input.shape.count
      guard lead >= 0 else { continue }
      let varying = input.shape.indices.filter {
        input.shape[$0] > 1 && layout[$0 + lead].contains(where: \.isSpatial)
      }
      if varying.isEmpty { continue }
      guard let t = input.trace, let factors = t.factors(shape: input.shape),
        varying.allSatisfy({ factors[$0].filter(\.isSpatial) == layout[$0 + lead].filter(\.isSpatial) }),
        t.begin.count == merged.begin.count
      else {
        lost = true
        continue
      }
      for a in merged.begin.indices {
        merged.begin[a] = max(merged.begin[a], t.begin[a])
        merged.end[a] = max(merged.end[a], t.end[a])
        merged.lattice[a] = lcm(merged.lattice[a], t.lattice[a])
      }
    }
    if lost {
      var reached = merged.everywhereBorder()
      if reached.layout == nil {
        let shapeTrace = everywhereBorder(rank: merged.begin.count, shape: output)
        reached.begin = shapeTrace.begin
        reached.end = shapeTrace.end
      }
      return reached
    }
    return merged
  }

  /// `MatMul` (and `Gemm` with its transposes): rows from the left factor, columns from the right, batch
  /// axes broadcast; the contracted axis is a global sum.
  static func matrixProduct(
    node: ModelNode, path: String, inputs: [TraceInput], output: [Int], size: (TraceFactor) -> Int
  ) -> SpatialTrace? {
    guard inputs.count >= 2, output.count >= 2 else { return nil }
    let a = inputs[0]
    let b = inputs[1]
    guard a.shape.count >= 2, b.shape.count >= 2 else { return nil }
    // An input that depends on the model input but lost its trace leaves nothing to follow.
    if (a.derived && a.trace == nil) || (b.derived && b.trace == nil) { return nil }
    guard let traced = a.trace ?? b.trace else { return nil }
    func axes(_ input: TraceInput) -> [[TraceFactor]]? {
      if let t = input.trace { return t.factors(shape: input.shape) }
      return input.shape.map { $0 == 1 ? [] : [.other($0)] }
    }
    guard var fa = axes(a), var fb = axes(b) else { return nil }
    let gemm = OperatorRegistry.layout(of: node.opType).gemm
    if gemm {
      guard fa.count == 2, fb.count == 2 else { return nil }
      if ((try? node.int("transA", path: path)) ?? 0) != 0 { fa.reverse() }
      if ((try? node.int("transB", path: path)) ?? 0) != 0 { fb.reverse() }
    }
    var out = [[TraceFactor]](repeating: [], count: output.count)
    for i in 0..<(output.count - 2) {
      let fromEnd = output.count - i
      let ca = fa.count - fromEnd >= 0 ? fa[fa.count - fromEnd] : []
      let cb = fb.count - fromEnd >= 0 ? fb[fb.count - fromEnd] : []
      let sa = ca.contains(where: \.isSpatial)
      let sb = cb.contains(where: \.isSpatial)
      if sa && sb && ca != cb { return nil }
      out[i] = sa ? ca : sb ? cb : (output[i] == 1 ? [] : [.other(output[i])])
    }
    out[output.count - 2] = fa[fa.count - 2]
    out[output.count - 1] = fb[fb.count - 1]
    var result = traced
    for other in [a.trace, b.trace].compactMap({ $0 }) where other.begin.count == result.begin.count {
      for i in result.begin.indices {
        result.begin[i] = max(result.begin[i], other.begin[i])
        result.end[i] = max(result.end[i], other.end[i])
        result.lattice[i] = lcm(result.lattice[i], other.lattice[i])
      }
    }
    let extents = traced.spatialExtents(shape: (a.trace != nil ? a : b).shape)
    guard out.indices.allSatisfy({ out[$0].map(size).reduce(1, *) == output[$0] }) else { return nil }
    return result.with(layout: out, extents: extents)
  }

  /// The factors of `layout` regrouped into the axes of `shape` (row-major order kept), and the spatial
  /// axes split into (coarse, fine) on the way, with the fine factor: spatial axis `a` of extent `n`
  /// split as `(n / r, r)` becomes a coarse spatial factor of extent `n / r` (updated in `extents`)
  /// followed by a factor `r` (window partitions, pixel unshuffle). Nil when the sizes do not match.
  static func regroup(_ layout: [[TraceFactor]], into shape: [Int], extents: inout [Int])
    -> (layout: [[TraceFactor]], splits: [(Int, Int)])?
  {
    func size(_ f: TraceFactor, _ extents: [Int]) -> Int {
      switch f {
      case .spatial(let a): return a < extents.count ? extents[a] : 1
      case .other(let n): return n
      }
    }
    var queue = layout.flatMap { $0 }.filter { size($0, extents) != 1 }
    var head = 0
    var result: [[TraceFactor]] = []
    var splits: [(Int, Int)] = []
    for extent in shape {
      var axis: [TraceFactor] = []
      var product = 1
      while product < extent {
        guard head < queue.count else { return nil }
        let factor = queue[head]
        let n = size(factor, extents)
        guard let next = CheckedSize.productOrNil([product, n]) else { return nil }
        let part = extent / product
        if extent % next == 0 {
          axis.append(factor)
          product = next
          head += 1
        } else if part > 1, extent % product == 0, n % part == 0 {
          switch factor {
          case .other(let m):
            axis.append(.other(part))
            queue[head] = .other(m / part)
          case .spatial(let a):
            guard !splits.contains(where: { $0.0 == a }) else { return nil }
            axis.append(.spatial(a))
            queue[head] = .other(n / part)
            extents[a] = part
            splits.append((a, n / part))
          }
          product = extent
        } else {
          return nil
        }
      }
      guard product == extent else { return nil }
      result.append(axis)
    }
    guard head == queue.count else { return nil }
    return (result, splits)
  }
}

extension TraceFactor {
  var isSpatial: Bool {
    if case .spatial = self { return true }
    return false
  }
}
