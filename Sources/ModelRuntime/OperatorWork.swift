import CheckerscopeCore
import TransposedConv

/// The work bound of a run: how many operations a node will do, known from its inputs before it
/// runs.
///
/// The interpreter adds each node's `work` before running it and the elements it produced after,
/// and refuses a run whose total passes `Interpreter.run`'s `maximumWork` (`.resource` with
/// `CoreError.tooMuchWork`), so no model can keep a caller busy for longer than it allowed. An
/// operator whose time grows faster than its output (a convolution, a product of matrices, a
/// pooling window, a recurrence) states its multiply-adds here; for the others the output count
/// stands for the work. Estimates saturate at `Int.max` instead of overflowing.
extension RuntimeOperator {
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int { 0 }
}

/// Products that saturate at `Int.max` (work estimates, never sizes).
enum WorkCount {
  static func product(_ factors: [Int]) -> Int {
    CheckedSize.productOrNil(factors.map { Swift.max($0, 0) }) ?? Int.max
  }

  /// The shape of input `index`, or nil when it is absent.
  static func shape(_ inputs: [RuntimeValue?], _ index: Int) -> [Int]? {
    index < inputs.count ? inputs[index]?.shape : nil
  }
}

extension ConvOperator {
  /// Output elements × input channels per group × kernel elements.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0), let w = WorkCount.shape(inputs, 1),
      let plan = try? plan(input: x, weight: w, context: context)
    else { return 0 }
    return WorkCount.product(plan.output + Array(w.dropFirst()))
  }
}

extension ConvTransposeOperator {
  /// Operations one output row (every axis but the last) costs beyond its elements: the row's
  /// gather list of (tap, input row) pairs is built per row.
  static let workPerOutputRow = 64

  /// Input elements × output channels per group × kernel elements (every input pixel scatters a
  /// kernel into each output channel of its group), plus the output's elements and
  /// `workPerOutputRow` per output row: a stride far past the kernel makes a huge, mostly empty
  /// output from few multiply-adds (strides [2^20, 2] on a 4 × 4 input: 3 million rows of 9),
  /// and that output is written row by row before its elements are counted after the node.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0), let w = WorkCount.shape(inputs, 1), w.count >= 2 else {
      return 0
    }
    let products = WorkCount.product(x + Array(w.dropFirst()))
    guard let shapes = try? outputShapes(inputs.map { ShapeFact(shape: $0?.shape) }, context: context),
      let output = shapes.first ?? nil, let last = output.last
    else { return products }
    let elements = WorkCount.product(output)
    let rows = WorkCount.product([elements / Swift.max(last, 1), Self.workPerOutputRow])
    return CheckedSize.sumOrNil([products, elements, rows]) ?? Int.max
  }
}

extension GemmOperator {
  /// M × K × N.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let a = WorkCount.shape(inputs, 0), let b = WorkCount.shape(inputs, 1), a.count == 2, b.count == 2
    else { return 0 }
    return WorkCount.product(a + [transB ? b[0] : b[1]])
  }
}

extension MatMulOperator {
  /// Broadcast batch × M × K × N.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let a = WorkCount.shape(inputs, 0), let b = WorkCount.shape(inputs, 1), let k = a.last, !b.isEmpty
    else { return 0 }
    let m = a.count >= 2 ? a[a.count - 2] : 1
    let n = b.count >= 2 ? b[b.count - 1] : 1
    let batch = Broadcast.shape(Array(a.dropLast(2)), Array(b.dropLast(2))) ?? []
    return WorkCount.product(batch + [m, k, n])
  }
}

extension EinsumOperator {
  /// The product of every label's extent (each output element sums over the labels it lacks), with
  /// the broadcast `...` axes counted once at their largest.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    var extents: [Character: Int] = [:]
    var ellipsis: [Int] = []
    for (term, input) in zip(terms, inputs) {
      guard let shape = input?.shape else { continue }
      let letters = term.filter { $0 != "*" }.count
      let spread = Swift.max(shape.count - letters, 0)
      var axis = 0
      for label in term {
        if label == "*" {
          for (slot, extent) in shape.dropFirst(axis).prefix(spread).enumerated() {
            if slot < ellipsis.count {
              ellipsis[slot] = Swift.max(ellipsis[slot], extent)
            } else {
              ellipsis.append(extent)
            }
          }
          axis += spread
        } else if axis < shape.count {
          extents[label] = Swift.max(extents[label] ?? 1, shape[axis])
          axis += 1
        }
      }
    }
    let inputCount = Swift.max(inputs.count, 1)
    return WorkCount.product(Array(extents.values) + ellipsis + [inputCount])
  }
}

extension PoolOperator {
  /// Output elements × kernel elements.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0), x.count >= 3, x.count <= 5,
      let g = try? geometry(Array(x[2...]), context: context)
    else { return 0 }
    return WorkCount.product(Array(x[..<2]) + g.output + g.kernel)
  }
}

extension RecurrentOperator {
  /// Steps × batch × directions × gates × hidden × (input + hidden).
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0), x.count == 3 else { return 0 }
    let gates = lstm ? 4 : 3
    return WorkCount.product([x[0], x[1], directions.count, gates, hidden, x[2] + hidden])
  }
}

extension ResizeRule {
  /// Input samples one output sample reads along an axis resized by `scale`: 1 (nearest), 2
  /// (linear) or 4 (cubic); an antialiased shrink widens the filter by 1 / `scale`.
  func taps(scale: Float) -> Int {
    let base: Int
    switch mode {
    case .nearest: return 1
    case .linear: base = 2
    case .cubic: base = 4
    }
    guard antialias, scale > 0, scale < 1 else { return base }
    return Int(min(Double(base) / Double(scale), Double(Int32.max)).rounded(.up)) + 1
  }

  /// Operations one entry of an axis's index map costs beyond its taps (its list of taps is built
  /// and normalised on the heap), as `ConvTransposeOperator.workPerOutputRow` for a row.
  static let workPerMapEntry = 64

  /// `apply`'s operations from `input` to `output`: it resamples one axis at a time (the
  /// intermediate shapes of `checkSteps`), each pass building its per-output index map and reading
  /// `taps` samples per element. A resize's cost grows with its taps and its maps, not only with
  /// its output (fuzz-onnx-run: a cubic resize by 131,072 of a 4 × 4 input, 8 million outputs of
  /// 16 taps and a map of 524,288 entries, over a second under AddressSanitizer).
  func work(from input: [Int], to output: [Int], scales: [Float]) -> Int {
    guard input.count == output.count else { return 0 }
    var shape = input
    var total = 0
    for axis in shape.indices where shape[axis] != output[axis] || (axis < scales.count && scales[axis] != 1)
    {
      shape[axis] = output[axis]
      let taps = self.taps(scale: axis < scales.count ? scales[axis] : 1)
      let pass = WorkCount.product([WorkCount.product(shape), taps])
      let map = WorkCount.product([output[axis], taps + Self.workPerMapEntry])
      total = CheckedSize.sumOrNil([total, pass, map]) ?? Int.max
    }
    return total
  }
}

extension ResizeOperator {
  /// `ResizeRule.work` for the planned output.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0) else { return 0 }
    let (roi, scales, sizes) = self.inputs(inputs)
    guard let p = try? plan(x, roi: roi, scales: scales, sizes: sizes, context: context) else { return 0 }
    return rule.work(from: x, to: p.shape, scales: p.scales)
  }
}

extension UpsampleOperator {
  /// `ResizeRule.work` for the output the scales give.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int {
    guard let x = WorkCount.shape(inputs, 0) else { return 0 }
    let scales = (1 < inputs.count ? inputs[1]?.floats : nil) ?? fixedScales ?? []
    guard let output = try? outputShape(x, scales, context: context) else { return 0 }
    return rule.work(from: x, to: output, scales: scales)
  }
}
