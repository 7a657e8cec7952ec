import Foundation
import ModelIO
import Testing
import TransposedConv

@testable import ModelRuntime

/// The lane loops of the arithmetic, activation, normalisation and Softmax operators against plain
/// references written here (a broadcast loop, Foundation's functions, Double statistics), with and
/// without the interpreter handing the operand over for an in-place result, on sizes that are not
/// multiples of the lane width and large enough to be split over cores.
@Suite("Elementwise fast paths agree with plain references")
struct ElementwiseFastPathTests {
  typealias G = ElementwiseGraphs

  static let shapePairs: [([Int], [Int])] = [
    ([2, 3, 5, 7], [2, 3, 5, 7]),  // same shape, 210 elements
    ([1, 3, 5, 7], []),  // scalar right
    ([1], [2, 3, 5, 7]),  // scalar left
    ([2, 3, 5, 7], [3, 1, 1]),  // per channel [C, 1, 1]
    ([1, 3, 1, 1], [2, 3, 5, 7]),  // per channel on the left
    ([2, 5, 7, 3], [3]),  // along the last axis
    ([4, 3, 5], [4, 3, 1]),  // per row
    ([2, 3, 5, 7], [1, 3, 5, 7]),  // repeated over the batch
    ([2, 3, 1, 7], [3, 1, 7]),  // a run with a size-1 axis inside
    ([1, 64, 33, 35], [64, 1, 1]),  // large enough for several tasks
    ([2, 3, 5, 7], [3, 1, 7]),  // not contiguous: generic
    ([2, 1, 5], [1, 3, 1]),  // both broadcast: generic
    ([3, 1], [3, 4]),  // per row on the left
  ]

  @Test(
    "Add, Sub, Mul, Div on each broadcast layout equal a broadcast loop, bit for bit, in place or not",
    arguments: ["Add", "Sub", "Mul", "Div"])
  func arithmetic(op: String) throws {
    let f: (Float, Float) -> Float =
      switch op {
      case "Add": { $0 + $1 }
      case "Sub": { $0 - $1 }
      case "Mul": { $0 * $1 }
      default: { $0 / $1 }
      }
    for (index, (sa, sb)) in Self.shapePairs.enumerated() {
      let a = G.tensor(sa, seed: UInt64(index) + 1)
      let b = G.tensor(sb, seed: UInt64(index) + 100, low: 0.5, high: 3)
      let want = G.reference(a, b, f)
      for handOver in [false, true] {
        let got = try G.run(op, [("a", a), ("b", b)], handOver: handOver)
        #expect(got == want, "\(op) \(sa) \(sb) handOver \(handOver)")
      }
    }
  }

  @Test("the layouts: which shape pairs take a lane loop and which the generic broadcast")
  func layouts() {
    #expect(Broadcast.layout([2, 3], [2, 3], to: [2, 3]) == .same)
    #expect(Broadcast.layout([2, 3], [], to: [2, 3]) == .scalar(left: false))
    #expect(Broadcast.layout([1, 1], [2, 3], to: [2, 3]) == .scalar(left: true))
    #expect(
      Broadcast.layout([1, 8, 4, 4], [8, 1, 1], to: [1, 8, 4, 4])
        == .block(outer: 1, middle: 8, inner: 16, smallIsLeft: false))
    #expect(
      Broadcast.layout([1, 8, 1, 1], [2, 8, 4, 4], to: [2, 8, 4, 4])
        == .block(outer: 2, middle: 8, inner: 16, smallIsLeft: true))
    #expect(
      Broadcast.layout([2, 3, 1, 7], [3, 1, 7], to: [2, 3, 1, 7])
        == .block(outer: 2, middle: 21, inner: 1, smallIsLeft: false))
    #expect(Broadcast.layout([2, 3, 5, 7], [3, 1, 7], to: [2, 3, 5, 7]) == nil)
    #expect(Broadcast.layout([2, 1, 5], [1, 3, 1], to: [2, 3, 5]) == nil)
    #expect(
      Broadcast.layout([3, 1], [3, 4], to: [3, 4]) == .block(outer: 1, middle: 3, inner: 4, smallIsLeft: true)
    )
    #expect(Broadcast.layout([2, 3, 4], [2, 1, 4], to: [2, 3, 4]) == nil)
  }

  @Test("the vectorised exp is within 2 units in the last place of Foundation's over its range")
  func expAccuracy() {
    // Eight neighbouring arguments per call, 0.0005 apart, over [−87, 88].
    var worst: Float = 0
    var start: Float = -87
    while start <= 88 {
      let x = VectorMath.Lanes((0..<8).map { min(88, start + 0.0005 * Float($0)) })
      let got = VectorMath.exp(x)
      for lane in 0..<8 {
        let want = Foundation.exp(x[lane])
        worst = max(worst, abs(got[lane] - want) / want.ulp)
      }
      start += 0.004
    }
    #expect(worst <= 2, "worst \(worst) ulp")
    let edges: [Float] = [-.infinity, -200, -104, -87.5, 88.5, 89, 100, .infinity]
    let lanes = VectorMath.exp(VectorMath.Lanes(edges))
    for lane in 0..<8 { #expect(lanes[lane] == Foundation.exp(edges[lane]), "exp(\(edges[lane]))") }
    #expect(VectorMath.exp(VectorMath.Lanes(repeating: .nan))[3].isNaN)
  }

  @Test("sigmoid and tanh lanes agree with Double references within 5·10⁻⁷ relative")
  func sigmoidTanhAccuracy() {
    var worstSigmoid = 0.0
    var worstTanh = 0.0
    var start: Float = -30
    while start <= 30 {
      let x = VectorMath.Lanes((0..<8).map { start + 0.0003 * Float($0) })
      let (s, t) = (VectorMath.sigmoid(x), VectorMath.tanh(x))
      for lane in 0..<8 {
        let v = Double(x[lane])
        let (ws, wt) = (1 / (1 + Foundation.exp(-v)), Foundation.tanh(v))
        worstSigmoid = max(worstSigmoid, abs(Double(s[lane]) - ws) / ws)
        worstTanh = max(worstTanh, abs(Double(t[lane]) - wt) / max(abs(wt), 1e-30))
      }
      start += 0.0024
    }
    #expect(worstSigmoid < 5e-7, "sigmoid \(worstSigmoid)")
    #expect(worstTanh < 5e-7, "tanh \(worstTanh)")
    let edges: [Float] = [-.infinity, -200, -90, 1e-30, -1e-30, 95, 200, .infinity]
    let s = VectorMath.sigmoid(VectorMath.Lanes(edges))
    let t = VectorMath.tanh(VectorMath.Lanes(edges))
    for lane in 0..<8 {
      let e = Double(edges[lane])
      let (ws, wt) = (1 / (1 + Foundation.exp(-e)), Foundation.tanh(e))
      #expect(abs(Double(s[lane]) - ws) <= 1e-6 * abs(ws) + 1e-38, "sigmoid(\(e))")
      #expect(abs(Double(t[lane]) - wt) <= 1e-6 * abs(wt) + 1e-38, "tanh(\(e))")
    }
    #expect(VectorMath.sigmoid(VectorMath.Lanes(repeating: .nan))[0].isNaN)
    #expect(VectorMath.tanh(VectorMath.Lanes(repeating: .nan))[0].isNaN)
  }

  @Test(
    "Relu, LeakyRelu, Sigmoid, Tanh, Exp agree with scalar Foundation; an element's value does not depend on the split",
    arguments: ["Relu", "LeakyRelu", "Sigmoid", "Tanh", "Exp"])
  func activations(op: String) throws {
    let f: (Float) -> Double =
      switch op {
      case "Relu": { Double(max($0, 0)) }
      case "LeakyRelu": { $0 < 0 ? Double(0.1 * $0) : Double($0) }
      case "Sigmoid": { 1 / (1 + Foundation.exp(-Double($0))) }
      case "Tanh": { Foundation.tanh(Double($0)) }
      default: { Foundation.exp(Double($0)) }
      }
    let attributes: [String: ModelAttribute] = op == "LeakyRelu" ? ["alpha": .float(0.1)] : [:]
    for shape in [[1], [7], [3, 5, 7], [1, 3, 97, 233]] {
      let x = G.tensor(shape, seed: UInt64(shape.count), low: -20, high: 20)
      let want = x.data.map(f)
      for handOver in [false, true] {
        let got = try G.run(op, [("x", x)], attributes: attributes, handOver: handOver)
        #expect(G.worst(got, want, floor: 1e-30) < 1e-6, "\(op) \(shape) handOver \(handOver)")
        // Each element alone gives the same bits as inside the large, split run.
        if let got, shape.count == 4 {
          for i in stride(from: 0, to: x.count, by: 4099) {
            let alone = try G.run(
              op, [("x", Tensor(shape: [1], data: [x.data[i]]))], attributes: attributes, handOver: false)
            #expect(alone?.data.first == got.data[i])
          }
        }
      }
    }
  }

  /// InstanceNormalization's result by Double two-pass statistics per plane.
  static func instanceNorm(_ x: Tensor, _ scale: [Float], _ bias: [Float], epsilon: Double) -> [Double] {
    let inner = x.shape[2...].reduce(1, *)
    var out: [Double] = []
    for plane in 0..<(x.shape[0] * x.shape[1]) {
      let slice = x.data[(plane * inner)..<((plane + 1) * inner)]
      let (mean, variance) = G.moments(slice)
      let c = plane % x.shape[1]
      for v in slice {
        out.append(
          (Double(v) - mean) / (variance + epsilon).squareRoot() * Double(scale[c]) + Double(bias[c]))
      }
    }
    return out
  }

  @Test(
    "InstanceNormalization agrees with Double statistics, offsets included, and a plane alone gives the same bits"
  )
  func instanceNormalization() throws {
    for (shape, offset) in [
      ([1, 3, 5, 7], Float(0)), ([2, 4, 1000], 0), ([1, 3, 61, 67], 1000), ([1, 40, 35, 37], -3),
    ] {
      let c = shape[1]
      let x = G.tensor(shape, seed: 7, low: offset - 2, high: offset + 2)
      let scale = G.values(c, seed: 8, low: 0.5, high: 2)
      let bias = G.values(c, seed: 9)
      let want = Self.instanceNorm(x, scale, bias, epsilon: 1e-5)
      for handOver in [false, true] {
        let got = try G.run(
          "InstanceNormalization",
          [("x", x), ("s", Tensor(shape: [c], data: scale)), ("b", Tensor(shape: [c], data: bias))],
          handOver: handOver)
        #expect(G.worst(got, want, floor: 1) < 2e-6, "\(shape) offset \(offset) handOver \(handOver)")
        if let got, shape == [1, 40, 35, 37] {
          let inner = 35 * 37
          let plane = Tensor(shape: [1, 1, 35, 37], data: Array(x.data[(5 * inner)..<(6 * inner)]))
          let alone = try G.run(
            "InstanceNormalization",
            [
              ("x", plane), ("s", Tensor(shape: [1], data: [scale[5]])),
              ("b", Tensor(shape: [1], data: [bias[5]])),
            ],
            handOver: false)
          #expect(alone?.data == Array(got.data[(5 * inner)..<(6 * inner)]))
        }
      }
    }
  }

  @Test("GroupNormalization (per-channel scale, opset 21) agrees with Double statistics")
  func groupNormalization() throws {
    let shape = [2, 6, 9, 11]
    let x = G.tensor(shape, seed: 21, low: 10, high: 14)
    let scale = G.values(6, seed: 22, low: 0.5, high: 2)
    let bias = G.values(6, seed: 23)
    let block = 2 * 99
    var want: [Double] = []
    for g in 0..<6 {
      let slice = x.data[(g * block)..<((g + 1) * block)]
      let (mean, variance) = G.moments(slice)
      for (i, v) in slice.enumerated() {
        let channel = (g % 3) * 2 + i / 99
        want.append(
          (Double(v) - mean) / (variance + 1e-5).squareRoot() * Double(scale[channel]) + Double(bias[channel])
        )
      }
    }
    let got = try G.run(
      "GroupNormalization",
      [("x", x), ("s", Tensor(shape: [6], data: scale)), ("b", Tensor(shape: [6], data: bias))],
      attributes: ["num_groups": .int(3)], opset: 21, handOver: false)
    #expect(G.worst(got, want, floor: 1) < 2e-6)
  }

  /// Softmax (or its log) over rows of `length`, in Double.
  static func softmax(_ x: [Float], length: Int, log: Bool) -> [Double] {
    var out: [Double] = []
    for start in stride(from: 0, to: x.count, by: length) {
      let row = x[start..<(start + length)].map(Double.init)
      let m = row.max() ?? 0
      let total = row.reduce(0.0) { $0 + Foundation.exp($1 - m) }
      out += row.map { log ? ($0 - m) - Foundation.log(total) : Foundation.exp($0 - m) / total }
    }
    return out
  }

  @Test(
    "Softmax and LogSoftmax on the last axis (and opset 11's trailing block) agree with Double",
    arguments: [false, true])
  func softmaxRows(log: Bool) throws {
    let op = log ? "LogSoftmax" : "Softmax"
    for (shape, opset, length) in [
      ([3, 13], 13, 13), ([2, 5, 1024], 13, 1024), ([2, 3, 4, 5], 11, 60), ([1, 1, 300, 301], 17, 301),
    ] {
      // Spread over [−150, 0): some exponents leave the lanes' range and go to Foundation's exp.
      let x = G.tensor(shape, seed: UInt64(length), low: -150, high: 0)
      let want = Self.softmax(x.data, length: length, log: log)
      for handOver in [false, true] {
        let got = try G.run(op, [("x", x)], opset: opset, handOver: handOver)
        #expect(G.worst(got, want, floor: log ? 1 : 1e-30) < 2e-6, "\(op) \(shape) handOver \(handOver)")
      }
    }
    // Axis 1 of four: not contiguous, the index-group path.
    let x = G.tensor([2, 3, 4, 5], seed: 3)
    let got = try G.run(op, [("x", x)], attributes: ["axis": .int(1)], handOver: true)
    var want = [Double](repeating: 0, count: x.count)
    for outer in 0..<2 {
      for inner in 0..<20 {
        let idx = (0..<3).map { outer * 60 + $0 * 20 + inner }
        let row = Self.softmax(idx.map { x.data[$0] }, length: 3, log: log)
        for (k, i) in idx.enumerated() { want[i] = row[k] }
      }
    }
    #expect(G.worst(got, want, floor: log ? 1 : 1e-30) < 2e-6)
  }

  @Test("a value the observer keeps is never changed by a later in-place node")
  func observerKeepsItsValues() throws {
    let a = G.tensor([1, 8, 17, 19], seed: 31)
    let b = G.tensor([8, 1, 1], seed: 32)
    final class Kept: @unchecked Sendable { var values: [String: Tensor] = [:] }
    let kept = Kept()
    let got = try G.run("Mul", [("a", a), ("b", b)], handOver: true) { result in
      for (name, value) in result.outputs { kept.values[name] = value.floatTensor }
    }
    #expect(got == G.reference(a, b, *))
    #expect(kept.values["a_p"] == a)
    #expect(kept.values["b_p"] == b)
    #expect(kept.values["a_n"]?.data == a.data.map { -$0 })
  }

  @Test("an operand used again later is not overwritten in place")
  func laterUseIsKept() throws {
    let x = G.tensor([1, 4, 9, 11], seed: 41)
    let nodes = [
      G.node("Neg", ["x"], ["t"], index: 0),
      G.node("Sigmoid", ["t"], ["s"], index: 1),
      G.node("Mul", ["t", "s"], ["y"], index: 2),
    ]
    let graph = ModelGraph(
      path: "m.onnx", opsetVersion: 17, nodes: nodes, initializers: [:],
      inputs: [ModelValueInfo(name: "x", dataType: .float, dimensions: x.shape.map { .fixed($0) })],
      outputs: [ModelValueInfo(name: "y", dataType: nil, dimensions: nil)])
    let got = try Interpreter(graph: graph).run(values: ["x": .float(x)])["y"]?.floatTensor
    let want = x.data.map { v -> Double in
      let t = Double(-v)
      return t / (1 + Foundation.exp(-t))
    }
    #expect(G.worst(got, want, floor: 1e-30) < 5e-7)
  }
}
