import Foundation
import ModelIO
import TransposedConv

/// `LSTM` and `GRU`: forward, reverse or bidirectional, `layout` 0 or 1, `sequence_lens`, initial
/// states, peepholes (LSTM), `linear_before_reset` (GRU), `clip`, `input_forget`, and the activation
/// functions ONNX names (Sigmoid, Tanh, Relu, HardSigmoid, LeakyRelu, ThresholdedRelu, ScaledTanh,
/// Affine, Elu, Softsign, Softplus). Arithmetic in Float, as ONNX Runtime's.
struct RecurrentOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1, 2, 3, 5, 6, 7] }
  static let attributes: Set<String> = [
    "activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size", "input_forget",
    "layout", "linear_before_reset",
  ]
  let lstm: Bool
  let hidden: Int
  let directions: [Bool]  // true = reverse
  let functions: [@Sendable (Float) -> Float]
  let clip: Float?
  let batchFirst: Bool
  let linearBeforeReset: Bool
  let inputForget: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    lstm = node.opType == "LSTM"
    guard let h = try context.int("hidden_size"), h >= 1, h <= 1 << 20 else {
      throw context.unsupported("hidden_size must be given and positive")
    }
    hidden = h
    let direction = try context.choice(
      "direction", ["forward", "reverse", "bidirectional"], default: "forward")
    directions = direction == "bidirectional" ? [false, true] : [direction == "reverse"]
    let names =
      try context.strings("activations") ?? (lstm ? ["Sigmoid", "Tanh", "Tanh"] : ["Sigmoid", "Tanh"])
    let perDirection = lstm ? 3 : 2
    guard names.count == perDirection * directions.count || names.count == perDirection else {
      throw context.invalid("\(names.count) activations for \(directions.count) direction(s)")
    }
    var alphas = try context.floats("activation_alpha") ?? []
    var betas = try context.floats("activation_beta") ?? []
    var fs: [@Sendable (Float) -> Float] = []
    for name in names {
      fs.append(try Self.activation(name, alphas: &alphas, betas: &betas, context: context))
    }
    if fs.count == perDirection && directions.count == 2 { fs += fs }
    functions = fs
    clip = try context.float("clip")
    batchFirst = try context.int("layout") ?? 0 != 0
    linearBeforeReset = try context.int("linear_before_reset") ?? 0 != 0
    inputForget = try context.int("input_forget") ?? 0 != 0
  }

  static func activation(_ name: String, alphas: inout [Float], betas: inout [Float], context: NodeContext)
    throws(RuntimeError) -> @Sendable (Float) -> Float
  {
    func take(_ list: inout [Float], _ fallback: Float) -> Float {
      list.isEmpty ? fallback : list.removeFirst()
    }
    switch name.lowercased() {
    case "sigmoid": return { 1 / (1 + Foundation.exp(-$0)) }
    case "tanh": return { Foundation.tanh($0) }
    case "relu": return { Swift.max($0, 0) }
    case "hardsigmoid":
      let (a, b) = (take(&alphas, 0.2), take(&betas, 0.5))
      return { Swift.max(0, Swift.min(1, a * $0 + b)) }
    case "leakyrelu":
      let a = take(&alphas, 0.01)
      return { $0 < 0 ? a * $0 : $0 }
    case "thresholdedrelu":
      let a = take(&alphas, 1)
      return { $0 > a ? $0 : 0 }
    case "scaledtanh":
      let (a, b) = (take(&alphas, 1), take(&betas, 1))
      return { a * Foundation.tanh(b * $0) }
    case "affine":
      let (a, b) = (take(&alphas, 1), take(&betas, 0))
      return { a * $0 + b }
    case "elu":
      let a = take(&alphas, 1)
      return { $0 < 0 ? a * (Foundation.exp($0) - 1) : $0 }
    case "softsign": return { $0 / (1 + Swift.abs($0)) }
    case "softplus": return { Float(Foundation.log1p(Foundation.exp(Double($0)))) }
    default: throw context.unsupported("activation '\(name)' is not supported")
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    var x = try context.floatInput(inputs, 0)
    let w = try context.floatInput(inputs, 1)
    let r = try context.floatInput(inputs, 2)
    let gates = lstm ? 4 : 3
    let h = hidden
    let dirs = directions.count
    guard x.rank == 3 else { throw context.invalid("input \(x.shape) is not 3-D") }
    if batchFirst { x = transposed01(x) }
    let (seq, batch, size) = (x.shape[0], x.shape[1], x.shape[2])
    guard w.shape == [dirs, gates * h, size], r.shape == [dirs, gates * h, h] else {
      throw context.invalid(
        "W \(w.shape) or R \(r.shape) do not fit \(dirs) direction(s), hidden \(h), input \(size)")
    }
    let b = try context.optionalFloat(inputs, 3)
    let lens = context.optional(inputs, 4)?.ints ?? [Int](repeating: seq, count: batch)
    var h0 = try context.optionalFloat(inputs, 5)
    var c0 = lstm ? try context.optionalFloat(inputs, 6) : nil
    let p = lstm ? try context.optionalFloat(inputs, 7) : nil
    if batchFirst {
      h0 = h0.map(transposed01)
      c0 = c0.map(transposed01)
    }
    try context.checkSize([seq, dirs, batch, h])
    var y = [Float](repeating: 0, count: seq * dirs * batch * h)
    var yh = [Float](repeating: 0, count: dirs * batch * h)
    var yc = [Float](repeating: 0, count: dirs * batch * h)
    for (d, reverse) in directions.enumerated() {
      let per = lstm ? 3 : 2
      let f = functions[d * per]
      let g = functions[d * per + 1]
      let hAct = lstm ? functions[d * per + 2] : g
      for n in 0..<batch {
        let length = Swift.min(Swift.max(lens[n], 0), seq)
        var state = (0..<h).map { h0?.data[(d * batch + n) * h + $0] ?? 0 }
        var cell = (0..<h).map { c0?.data[(d * batch + n) * h + $0] ?? 0 }
        for step in 0..<length {
          let t = reverse ? length - 1 - step : step
          // Gate pre-activations: W·x + R·h + biases.
          var wx = [Float](repeating: 0, count: gates * h)
          var rh = [Float](repeating: 0, count: gates * h)
          for j in 0..<(gates * h) {
            var s: Float = 0
            let wRow = (d * gates * h + j) * size
            let xRow = (t * batch + n) * size
            for k in 0..<size { s += w.data[wRow + k] * x.data[xRow + k] }
            var q: Float = 0
            let rRow = (d * gates * h + j) * h
            for k in 0..<h { q += r.data[rRow + k] * state[k] }
            if let b {
              s += b.data[d * 2 * gates * h + j]
              q += b.data[d * 2 * gates * h + gates * h + j]
            }
            wx[j] = s
            rh[j] = q
          }
          func clipped(_ v: Float) -> Float { clip.map { Swift.max(-$0, Swift.min($0, v)) } ?? v }
          if lstm {
            for k in 0..<h {
              let pi = p?.data[d * 3 * h + k] ?? 0
              let po = p?.data[d * 3 * h + h + k] ?? 0
              let pf = p?.data[d * 3 * h + 2 * h + k] ?? 0
              let i = f(clipped(wx[k] + rh[k] + pi * cell[k]))
              var fg = f(clipped(wx[2 * h + k] + rh[2 * h + k] + pf * cell[k]))
              if inputForget { fg = 1 - i }
              let c = g(clipped(wx[3 * h + k] + rh[3 * h + k]))
              cell[k] = fg * cell[k] + i * c
              let o = f(clipped(wx[h + k] + rh[h + k] + po * cell[k]))
              state[k] = o * hAct(cell[k])
            }
          } else {
            var next = state
            for k in 0..<h {
              let z = f(clipped(wx[k] + rh[k]))
              let rr = f(clipped(wx[h + k] + rh[h + k]))
              let candidate: Float
              if linearBeforeReset {
                candidate = g(clipped(wx[2 * h + k] + rr * rh[2 * h + k]))
              } else {
                var q: Float = 0
                let rRow = (d * gates * h + 2 * h + k) * h
                for m in 0..<h { q += r.data[rRow + m] * (rr * state[m]) }
                if let b { q += b.data[d * 2 * gates * h + gates * h + 2 * h + k] }
                candidate = g(clipped(wx[2 * h + k] + q))
              }
              next[k] = (1 - z) * candidate + z * state[k]
            }
            state = next
          }
          for k in 0..<h { y[((t * dirs + d) * batch + n) * h + k] = state[k] }
        }
        for k in 0..<h {
          yh[(d * batch + n) * h + k] = state[k]
          yc[(d * batch + n) * h + k] = cell[k]
        }
      }
    }
    var outY = Tensor(shape: [seq, dirs, batch, h], data: y)
    var outH = Tensor(shape: [dirs, batch, h], data: yh)
    var outC = Tensor(shape: [dirs, batch, h], data: yc)
    if batchFirst {
      outY = permuted(outY, [2, 0, 1, 3])
      outH = transposed01(outH)
      outC = transposed01(outC)
    }
    return lstm ? [.float(outY), .float(outH), .float(outC)] : [.float(outY), .float(outH)]
  }
}

/// `t` with its first two axes swapped.
func transposed01(_ t: Tensor) -> Tensor {
  permuted(t, [1, 0] + Array(2..<t.rank))
}

/// `t` with its axes permuted (`perm[i]` is the input axis of output axis `i`).
func permuted(_ t: Tensor, _ perm: [Int]) -> Tensor {
  let outShape = perm.map { t.shape[$0] }
  let strides = CheckedShape.strides(t.shape)
  let total = t.count
  var data = [Float](repeating: 0, count: total)
  for i in 0..<total {
    let m = multiIndex(i, outShape)
    var src = 0
    for axis in perm.indices { src += m[axis] * strides[perm[axis]] }
    data[i] = t.data[src]
  }
  return Tensor(shape: outShape, data: data)
}
