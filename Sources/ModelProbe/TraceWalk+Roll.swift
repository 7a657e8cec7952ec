import ModelIO
import ModelRuntime

/// Cyclic shifts: `torch.roll` along one axis, as the exporters write it — `Concat(Slice(x, s…n),
/// Slice(x, 0…s))` on that axis — moves every position by `−s` modulo the extent (Swin's shifted
/// windows roll the map before the window attention and back after it). A rolled map is still a map:
/// the interior moves with the positions, so the trace follows it instead of losing the axis.
///
/// With the interior `[b, n − e)` of an axis of extent `n` and `out[i] = in[(i + s) mod n]`, the
/// interior lands on `[b − s, n − e − s)` modulo `n`: one run when it does not wrap (margins exact),
/// two runs `[0, n − e − s)` and `[n + b − s, n)` when it does — then the longer run is kept as the
/// interior and the other counted as border (conservative). Rolling back by `n − s` brings a kept
/// `[0, n − e − s)` to `[s, n − e)`: margins `s` and `e`.
extension TraceWalk {
  /// The trace of `node`'s output when `node` concatenates two slices of one traced value into a
  /// cyclic shift of one spatial axis; nil otherwise.
  func rollTrace(_ node: ModelNode) -> SpatialTrace? {
    guard OperatorRegistry.layout(of: node.opType).kind == .concatenation, node.inputs.count == 2,
      var axis = try? node.int("axis", path: graph.path),
      let head = slice(node.inputs[0]), let tail = slice(node.inputs[1]), head.source == tail.source,
      let trace = traces[head.source], let shape = shapes[head.source]
    else { return nil }
    if axis < 0 { axis += shape.count }
    guard axis >= 0, axis < shape.count, head.axis == axis, tail.axis == axis,
      let factors = trace.factors(shape: shape), factors[axis].count == 1,
      case .spatial(let a) = factors[axis][0]
    else { return nil }
    let n = shape[axis]
    // head = [s, n), tail = [0, s): out[i] = in[(i + s) mod n].
    guard head.end == n, tail.start == 0, tail.end == head.start, head.start > 0, head.start < n,
      a < trace.begin.count, trace.spatialExtents(shape: shape)[a] == n
    else { return nil }
    let s = head.start
    var result = trace
    let lo = trace.begin[a] - s
    let hi = n - trace.end[a] - s
    if lo >= 0 {
      (result.begin[a], result.end[a]) = (lo, n - hi)
    } else if hi <= 0 {
      (result.begin[a], result.end[a]) = (lo + n, -hi)
    } else if hi >= n - (lo + n) {
      (result.begin[a], result.end[a]) = (0, n - hi)
    } else {
      (result.begin[a], result.end[a]) = (lo + n, 0)
    }
    return result
  }

  /// A one-axis, unit-step `Slice` of a value, its bounds resolved against the value's extent.
  private func slice(_ value: String) -> (source: String, axis: Int, start: Int, end: Int)? {
    guard let index = graph.producerIndex(of: value) else { return nil }
    let node = graph.nodes[index]
    guard node.opType == OperatorName.slice, node.domain.isEmpty || node.domain == "ai.onnx",
      let source = node.inputs.first, let shape = shapes[source]
    else { return nil }
    let starts: [Int]?
    let ends: [Int]?
    var axes: [Int]?
    if graph.opsetVersion < 10 {
      starts = try? node.ints("starts", path: graph.path)
      ends = try? node.ints("ends", path: graph.path)
      axes = try? node.ints("axes", path: graph.path)
    } else {
      starts = node.input(1).flatMap { integers[$0] }
      ends = node.input(2).flatMap { integers[$0] }
      axes = node.input(3).flatMap { integers[$0] }
      if let name = node.input(4), !name.isEmpty {
        guard let steps = integers[name], steps == [1] else { return nil }
      }
    }
    guard let starts, let ends, starts.count == 1, ends.count == 1 else { return nil }
    var axis = axes?.first ?? 0
    if axis < 0 { axis += shape.count }
    guard (axes?.count ?? 1) == 1, axis >= 0, axis < shape.count else { return nil }
    let n = shape[axis]
    func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + n : v, 0), n) }
    return (source, axis, clamp(starts[0]), clamp(ends[0]))
  }
}
