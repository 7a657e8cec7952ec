import ModelIO
import TransposedConv

/// `Einsum`: any equation over float inputs (explicit or implicit output, repeated labels for
/// diagonals, `...` broadcast), summed in Double over the labels missing from the output.
struct EinsumOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { Set(0..<64) }
  static let attributes: Set<String> = ["equation"]
  let terms: [[Character]]
  let output: [Character]?

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let equation = try context.string("equation") else {
      throw context.unsupported("equation is required")
    }
    let cleaned = equation.filter { $0 != " " }.replacingOccurrences(of: "...", with: "*")
    let sides = cleaned.components(separatedBy: "->")
    guard sides.count <= 2 else { throw context.invalid("equation '\(equation)' has more than one '->'") }
    terms = sides[0].split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
    output = sides.count == 2 ? Array(sides[1]) : nil
    for c in terms.joined() + (output ?? []) where !(c.isLetter || c == "*") {
      throw context.invalid("equation '\(equation)' has the character '\(c)'")
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    guard inputs.count == terms.count else {
      throw context.invalid("\(inputs.count) inputs for an equation of \(terms.count) terms")
    }
    var tensors: [[Float]] = []
    var labelsPerInput: [[Int]] = []
    var extents: [Int: Int] = [:]
    var ellipsisRank = 0
    for (i, term) in terms.enumerated() {
      let x = try context.value(inputs, i)
      let letters = term.filter { $0 != "*" }.count
      if term.contains("*") { ellipsisRank = Swift.max(ellipsisRank, x.shape.count - letters) }
    }
    for (i, term) in terms.enumerated() {
      let x = try context.value(inputs, i)
      let letters = term.filter { $0 != "*" }.count
      let e = x.shape.count - letters
      guard e >= 0, term.contains("*") || e == 0 else {
        throw context.invalid("input \(i) \(x.shape) does not fit the term '\(String(term))'")
      }
      var labels: [Int] = []
      for c in term {
        if c == "*" {
          // Ellipsis axes aligned from the right: labels −ellipsisRank … −1.
          labels.append(contentsOf: ((ellipsisRank - e)..<ellipsisRank).map { -1 - (ellipsisRank - 1 - $0) })
        } else {
          labels.append(Int(c.asciiValue ?? 0))
        }
      }
      for (axis, label) in labels.enumerated() {
        let n = x.shape[axis]
        if let known = extents[label], known != n {
          if label < 0 && (known == 1 || n == 1) {
            extents[label] = Swift.max(known, n)
          } else {
            throw context.invalid("label extents \(known) and \(n) differ")
          }
        } else if extents[label] == nil {
          extents[label] = n
        }
      }
      tensors.append(x.floats)
      labelsPerInput.append(labels)
    }
    let outLabels: [Int]
    if let output {
      var list: [Int] = []
      for c in output {
        if c == "*" {
          list.append(contentsOf: (0..<ellipsisRank).map { -ellipsisRank + $0 })
        } else {
          list.append(Int(c.asciiValue ?? 0))
        }
      }
      outLabels = list
    } else {
      let counts = Dictionary(labelsPerInput.joined().map { ($0, 1) }, uniquingKeysWith: +)
      outLabels =
        (0..<ellipsisRank).map { -ellipsisRank + $0 }
        + counts.keys.filter { $0 > 0 && counts[$0] == 1 }.sorted()
    }
    for label in outLabels where extents[label] == nil {
      throw context.invalid("output label not in any input")
    }
    let summed = extents.keys.filter { !outLabels.contains($0) }.sorted()
    let all = outLabels + summed
    let allExtents = all.map { extents[$0] ?? 1 }
    let outShape = outLabels.map { extents[$0] ?? 1 }
    try context.checkSize(outShape)
    guard let work = CheckedShape.count(allExtents), work <= 1 << 32 else {
      throw context.invalid("the contraction is too large")
    }
    // Per input: the stride of each label of `all` (0 where absent or broadcast).
    var strides: [[Int]] = []
    for (i, labels) in labelsPerInput.enumerated() {
      let shape = try context.value(inputs, i).shape
      let s = CheckedShape.strides(shape)
      strides.append(
        all.map { label in
          labels.indices.filter { labels[$0] == label && shape[$0] != 1 }.map { s[$0] }.reduce(0, +)
        })
    }
    let outCount = outShape.reduce(1, *)
    let sumCount = summed.map { extents[$0] ?? 1 }.reduce(1, *)
    var out = [Float](repeating: 0, count: outCount)
    var counter = [Int](repeating: 0, count: all.count)
    var offsets = [Int](repeating: 0, count: tensors.count)
    for o in 0..<outCount {
      var acc = 0.0
      for _ in 0..<sumCount {
        var p = 1.0
        for t in tensors.indices { p *= Double(tensors[t][offsets[t]]) }
        acc += p
        // Advance the odometer over all labels (summed ones fastest).
        var axis = all.count - 1
        while axis >= 0 {
          counter[axis] += 1
          for t in tensors.indices { offsets[t] += strides[t][axis] }
          if counter[axis] < allExtents[axis] { break }
          for t in tensors.indices { offsets[t] -= strides[t][axis] * counter[axis] }
          counter[axis] = 0
          axis -= 1
        }
      }
      out[o] = Float(acc)
    }
    return [.float(Tensor(shape: outShape, data: out))]
  }
}
