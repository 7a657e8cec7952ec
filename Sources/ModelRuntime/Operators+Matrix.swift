import ModelIO
import TransposedConv

/// `Gemm`: `alpha · A' · B' + beta · C` with optional transposes, C broadcast.
struct GemmOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1, 2] }
  static let attributes: Set<String> = ["alpha", "beta", "transA", "transB"]
  let alpha: Float
  let beta: Float
  let transA: Bool
  let transB: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    alpha = try context.float("alpha") ?? 1
    beta = try context.float("beta") ?? 1
    transA = try context.int("transA") ?? 0 != 0
    transB = try context.int("transB") ?? 0 != 0
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard inputs.count > 1, let a = inputs[0].shape, let b = inputs[1].shape else { return nil }
    guard a.count == 2, b.count == 2 else { throw context.invalid("A \(a) and B \(b) must be matrices") }
    let (m, k) = transA ? (a[1], a[0]) : (a[0], a[1])
    let (k2, n) = transB ? (b[1], b[0]) : (b[0], b[1])
    guard k == k2 else { throw context.invalid("A \(a) and B \(b) do not multiply") }
    return [[m, n]]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let a = try context.floatInput(inputs, 0)
    let b = try context.floatInput(inputs, 1)
    guard a.rank == 2, b.rank == 2 else {
      throw context.invalid("A \(a.shape) and B \(b.shape) must be matrices")
    }
    let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard k == k2 else { throw context.invalid("A \(a.shape) and B \(b.shape) do not multiply") }
    try context.checkSize([m, n])
    var out = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for p in 0..<k {
        let av = alpha * (transA ? a.data[p * a.shape[1] + i] : a.data[i * k + p])
        for j in 0..<n { out[i * n + j] += av * (transB ? b.data[j * k + p] : b.data[p * n + j]) }
      }
    }
    if let c = try context.optionalFloat(inputs, 2) {
      guard let shape = Broadcast.shape([m, n], c.shape), shape == [m, n] else {
        throw context.invalid("C \(c.shape) does not broadcast to \([m, n])")
      }
      let scaled = c.data.map { beta * $0 }
      out = Broadcast.apply(out, [m, n], scaled, c.shape, to: [m, n], +)
    }
    return [.float(Tensor(shape: [m, n], data: out))]
  }
}

/// `MatMul` with NumPy semantics (1D operands promoted, batch axes broadcast).
struct MatMulOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1] }
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard inputs.count > 1, let a = inputs[0].shape, let b = inputs[1].shape else { return nil }
    guard !a.isEmpty, !b.isEmpty else { throw context.invalid("scalars do not multiply") }
    let a2 = a.count == 1 ? [1] + a : a
    let b2 = b.count == 1 ? b + [1] : b
    guard a2[a2.count - 1] == b2[b2.count - 2],
      var shape = Broadcast.shape(Array(a2.dropLast(2)), Array(b2.dropLast(2)))
    else { throw context.invalid("\(a) and \(b) do not multiply") }
    shape += [a2[a2.count - 2], b2[b2.count - 1]]
    if b.count == 1 { shape.removeLast() }
    if a.count == 1 { shape.remove(at: shape.count - (b.count == 1 ? 1 : 2)) }
    return [shape]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    var a = try context.floatInput(inputs, 0)
    var b = try context.floatInput(inputs, 1)
    guard a.rank >= 1, b.rank >= 1 else { throw context.invalid("scalars do not multiply") }
    let aVector = a.rank == 1
    let bVector = b.rank == 1
    if aVector { a = Tensor(shape: [1] + a.shape, data: a.data) }
    if bVector { b = Tensor(shape: b.shape + [1], data: b.data) }
    let (m, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (k2, n) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    guard k == k2, let batch = Broadcast.shape(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))) else {
      throw context.invalid("\(a.shape) and \(b.shape) do not multiply")
    }
    try context.checkSize(batch + [m, n])
    let ia = Broadcast.indices(of: Array(a.shape.dropLast(2)), in: batch)
    let ib = Broadcast.indices(of: Array(b.shape.dropLast(2)), in: batch)
    var out = [Float](repeating: 0, count: batch.reduce(1, *) * m * n)
    for t in 0..<ia.count {
      let aBase = ia[t] * m * k
      let bBase = ib[t] * k * n
      let oBase = t * m * n
      // The C kernels when the CPU has them (fused multiply-adds), else the loops below.
      let done = a.data.withUnsafeBufferPointer { aBuffer in
        b.data.withUnsafeBufferPointer { bBuffer in
          out.withUnsafeMutableBufferPointer { oBuffer in
            guard let aPointer = aBuffer.baseAddress, let bPointer = bBuffer.baseAddress,
              let oPointer = oBuffer.baseAddress
            else { return false }
            return ConvolutionGEMM.multiply(
              aPointer + aBase, bPointer + bBase, m: m, k: k, n: n, into: oPointer + oBase)
          }
        }
      }
      if done { continue }
      for i in 0..<m {
        for p in 0..<k {
          let av = a.data[aBase + i * k + p]
          for j in 0..<n { out[oBase + i * n + j] += av * b.data[bBase + p * n + j] }
        }
      }
    }
    var shape = batch + [m, n]
    if bVector { shape.removeLast() }
    if aVector { shape.remove(at: shape.count - (bVector ? 1 : 2)) }
    return [.float(Tensor(shape: shape, data: out))]
  }
}
