import OverlapAnalysis
import TransposedConv

extension DistillFacts {
  static func f11() throws -> FactCheck {
    let m = try map(dims: 1, k: 3, s: 2, n: 4, p: 1, op: 1)
    let expected: [Double] = [1, 2, 1, 2, 1, 2, 1, 1]
    return FactCheck(
      id: "F11", setting: "n=4, k=3, s=2, p=1, op=1",
      expected: "length 8: 1,2,1,2,1,2,1,1 (the last cell is a real computed count)",
      computed: "length \(m.outputSize[0]): \(Numbers.list(m.values))",
      matches: m.values == expected,
      sentence:
        "PyTorch's usual 'double the size' setting keeps the alternation; the extra output-padding cell still receives one tap.",
      map: m, mapCaption: "Overlap counts of n=4, k=3, s=2, p=1, op=1 (1D)")
  }

  static func f12() throws -> FactCheck {
    let m = try map(dims: 1, k: 3, s: 2, n: 3, op: 1)
    return FactCheck(
      id: "F12", setting: "n=3, k=3, s=2, p=0, op=1",
      expected: "length 8, last count 0 (beyond the full extent)",
      computed:
        "length \(m.outputSize[0]), last count \(Numbers.text(m.values.last ?? -1)) (\(Numbers.list(m.values)))",
      matches: m.outputSize == [8] && m.values.last == 0,
      sentence:
        "Without padding to trim, output padding appends a cell past the full extent that no tap reaches: a zero at the border.",
      map: m, mapCaption: "Overlap counts of n=3, k=3, s=2, op=1 (1D): the appended last cell is 0")
  }

  static func f13() throws -> FactCheck {
    func length(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ op: Int) throws -> Int {
      try AxisParameters(stride: s, padding: p, outputPadding: op).outputLength(input: n, kernel: k)
    }
    let values = [
      try length(4, 3, 2, 1, 0), try length(4, 3, 2, 1, 1), try length(5, 3, 2, 1, 0),
      try length(2, 3, 1, 0, 0),
    ]
    let m = try map(dims: 1, k: 3, s: 2, n: 5, p: 1)
    return FactCheck(
      id: "F13", setting: "output sizes",
      expected: "(n=4,k=3,s=2,p=1,op=0) → 7; (op=1) → 8; (n=5,k=3,s=2,p=1) → 9; (n=2,k=3,s=1) → 4",
      computed:
        "(n=4,k=3,s=2,p=1,op=0) → \(values[0]); (op=1) → \(values[1]); (n=5,k=3,s=2,p=1) → \(values[2]); (n=2,k=3,s=1) → \(values[3])",
      matches: values == [7, 8, 9, 4],
      sentence:
        "The output length is (n−1)·s − 2p + d(k−1) + op + 1, PyTorch's formula, which the tool applies to every map.",
      map: m, mapCaption: "Overlap counts of n=5, k=3, s=2, p=1 (1D): 9 outputs")
  }

  static func f14() throws -> FactCheck {
    let layer = LayerConfig(dims: 1, kernel: 3, stride: 1, outputPadding: 1, dilation: 1)
    var message = "accepted"
    var rejected = false
    do {
      try layer.validate()
    } catch {
      rejected = true
      message = "rejected: \(error.description)"
    }
    return FactCheck(
      id: "F14", setting: "op ≥ max(s, d), e.g. s=1, d=1, op=1 (k=3)",
      expected: "rejected: output padding must be smaller than either stride or dilation",
      computed: message,
      matches: rejected && message.contains("output padding") && message.contains("stride")
        && message.contains("dilation"),
      sentence:
        "Output padding only chooses among the lengths a stride or dilation makes ambiguous, so a value that is not smaller than both is an error, as in PyTorch — there is no map to draw.",
      map: nil, mapCaption: "")
  }

  static func f15() throws -> FactCheck {
    let layer = LayerConfig(dims: 1, kernel: 3, stride: 2)
    let first = try OverlapMap(layer: layer, inputSize: [5])
    let stack = try OverlapMap(layers: [layer, layer], inputSize: [5])
    let expected: [Double] = [1, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3, 1, 2, 1, 1]
    let im = stack.interiorMetrics
    return FactCheck(
      id: "F15", setting: "n=5, two stacked layers k=3, s=2 (the article's stacked figure)",
      expected:
        "lengths 11 then 23: 1,1,2,1,3,2,3,1,3,2,3,1,3,2,3,1,3,2,3,1,2,1,1; interior period 4 [3,2,3,1], max/min 3",
      computed:
        "lengths \(first.outputSize[0]) then \(stack.outputSize[0]): \(Numbers.list(stack.values)); interior period \(im.period[0]) [\(Numbers.list(stack.tile.values))], max/min \(Numbers.ratio(im.maxMinRatio))",
      matches: first.outputSize == [11] && stack.values == expected && im.period == [4]
        && stack.tile.values == [3, 2, 3, 1] && Numbers.close(im.maxMinRatio, 3),
      sentence:
        "Stacking two uneven layers compounds the artifact: the pattern gets a period of 4 and a 3:1 spread, worse than either layer alone.",
      map: stack, mapCaption: "Overlap counts of two stacked k=3, s=2 layers on 5 inputs (1D)")
  }

  static func f16() throws -> FactCheck {
    let layer = LayerConfig(dims: 1, kernel: 3, stride: 2)
    let two = try OverlapMap(
      layers: [layer, layer, LayerConfig(dims: 1, kernel: 2, stride: 1)], inputSize: [5])
    let four = try OverlapMap(
      layers: [layer, layer, LayerConfig(dims: 1, kernel: 4, stride: 1)], inputSize: [5])
    let im2 = two.interiorMetrics
    let im4 = four.interiorMetrics
    return FactCheck(
      id: "F16", setting: "F15 followed by a stride-1 all-ones layer of k=2 / k=4",
      expected: "period 4 remains ([4,5,5,4]) / flat 9",
      computed:
        "period \(im2.period[0]) ([\(Numbers.list(two.tile.values))]) / \(im4.uniform ? "flat" : "not flat") \(Numbers.list(Array(Set(four.tile.values)).sorted()))",
      matches: im2.period == [4] && two.tile.values == [4, 5, 5, 4] && im4.uniform
        && four.tile.values == [9, 9, 9, 9],
      sentence:
        "A stride-1 layer averages neighbouring phases: two taps only soften the period-4 pattern, four taps (one full period) flatten it completely.",
      map: two, mapCaption: "Overlap counts of F15's stack followed by a stride-1 k=2 layer (1D)")
  }

  static func f17() throws -> FactCheck {
    let layer = LayerConfig(kernel: [3], axes: [AxisParameters(stride: 2)], weights: [1, 2, 1])
    let m = try OverlapMap(layer: layer, inputSize: [8])
    let interior = Array(m.values[m.interior[0]])
    return FactCheck(
      id: "F17", setting: "weights [1,2,1], s=2, constant input",
      expected: "flat interior (2,2,…): the kernel holds the zero-order-hold factor [1,1]",
      computed:
        "interior \(Numbers.list(Array(interior.prefix(6))))…; polyphase sums [\(Numbers.list(m.tile.values))]",
      matches: interior.allSatisfy { $0 == 2 } && m.tile.values == [2, 2],
      sentence:
        "A weighted kernel avoids the artifact when its polyphase sums are equal: [1,2,1] = [1,1] ∗ [1,1] contains the hold factor, so a flat input stays flat.",
      map: m, mapCaption: "Gain map of weights [1,2,1], s=2 over 8 inputs (1D): flat inside")
  }

  static func f18() throws -> FactCheck {
    let layer = LayerConfig(kernel: [4], axes: [AxisParameters(stride: 2)], weights: [1, 0, 1, 0])
    let m = try OverlapMap(layer: layer, inputSize: [8])
    let interior = Array(m.values[m.interior[0]])
    let alternates = zip(interior, interior.dropFirst()).allSatisfy {
      [$0, $1] == [2, 0] || [$0, $1] == [0, 2]
    }
    return FactCheck(
      id: "F18", setting: "weights [1,0,1,0], s=2 (k divisible by s)",
      expected: "interior 2,0,2,0…: artifacts despite even overlap",
      computed:
        "interior alternates \(Numbers.list(m.tile.values)) (positions \(m.interior[0].lowerBound)… read \(Numbers.list(Array(interior.prefix(6))))…); polyphase sums [\(Numbers.list(m.tile.values))]",
      matches: alternates && m.tile.values == [2, 0],
      sentence:
        "Even overlap is not enough once the kernel is learned: with weights [1,0,1,0] all the weight sits on one phase, so k divisible by s still gives a full-strength checkerboard.",
      map: m, mapCaption: "Gain map of weights [1,0,1,0], s=2 over 8 inputs (1D)")
  }

  static func f20() throws -> FactCheck {
    let n = 8
    let full = try map(dims: 1, k: 3, s: 2, n: n)
    let pytorch = try map(dims: 1, k: 3, s: 2, n: n, p: 1, op: 1)
    let tensorflow = try OverlapMap(
      layer: LayerConfig(kernel: [3], axes: [AxisParameters(stride: 2, paddingBegin: 0, paddingEnd: 1)]),
      inputSize: [n])
    let keepsTF = Array(full.values[0..<(2 * n)]) == tensorflow.values
    let keepsPT = Array(full.values[1..<(2 * n + 1)]) == pytorch.values
    return FactCheck(
      id: "F20", setting: "TensorFlow 'same' vs PyTorch p=1, op=1 (k=3, s=2), n=8",
      expected: "same length 2n; TensorFlow keeps full[0:2n], PyTorch full[1:2n+1]",
      computed:
        "lengths \(tensorflow.outputSize[0]) and \(pytorch.outputSize[0]) (2n = \(2 * n)); TensorFlow \(keepsTF ? "=" : "≠") full[0:2n], PyTorch \(keepsPT ? "=" : "≠") full[1:2n+1]",
      matches: tensorflow.outputSize == [2 * n] && pytorch.outputSize == [2 * n] && keepsTF && keepsPT,
      sentence:
        "Both frameworks double the length but cut the full result one cell apart, so the same weights put the checkerboard on opposite phases.",
      map: pytorch, mapCaption: "Overlap counts of PyTorch's k=3, s=2, p=1, op=1 on 8 inputs (1D)")
  }
}
