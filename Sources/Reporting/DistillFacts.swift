import OverlapAnalysis
import TransposedConv

/// The facts F1…F20 of `Fixtures/reference/FACTS.md`, each recomputed with OverlapAnalysis and
/// compared with the expected values copied from FACTS.md (the expected side is written here by
/// hand; the computed side comes only from the tool).
public enum DistillFacts {
  /// `F1` … `F20`.
  public static let ids = (1...20).map { "F\($0)" }

  /// Checks the fact `id` (`F1` … `F20`).
  public static func check(_ id: String) throws -> FactCheck {
    switch id {
    case "F1": return try f1()
    case "F2": return try f2()
    case "F3": return try f3()
    case "F4": return try f4()
    case "F5": return try f5()
    case "F6": return try f6()
    case "F7": return try f7()
    case "F8": return try f8()
    case "F9": return try f9()
    case "F10": return try f10()
    case "F11": return try f11()
    case "F12": return try f12()
    case "F13": return try f13()
    case "F14": return try f14()
    case "F15": return try f15()
    case "F16": return try f16()
    case "F17": return try f17()
    case "F18": return try f18()
    case "F19": return try f19()
    case "F20": return try f20()
    default: throw OverlapError.invalidArgument("unknown fact \(id)")
    }
  }

  /// A one-layer all-ones map with the same parameters on every axis.
  static func map(
    dims: Int, k: Int, s: Int, n: Int, p: Int = 0, op: Int = 0, d: Int = 1
  ) throws -> OverlapMap {
    try OverlapMap(dims: dims, kernel: k, stride: s, padding: p, outputPadding: op, dilation: d, inputSize: n)
  }

  /// The interior tile of a one-layer all-ones configuration (1D).
  static func tile(k: Int, s: Int, d: Int = 1) throws -> [Double] {
    try OverlapTile(layers: [LayerConfig(dims: 1, kernel: k, stride: s, dilation: d)]).values
  }

  static func f1() throws -> FactCheck {
    let m = try map(dims: 1, k: 3, s: 2, n: 8)
    let expected: [Double] = [1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1]
    let sum = m.values.reduce(0, +)
    return FactCheck(
      id: "F1", setting: "n=8, k=3, s=2 (the article's 1D figure)",
      expected: "length 17: 1,1,2,1,2,1,2,1,2,1,2,1,2,1,2,1,1, sum 24",
      computed: "length \(m.outputSize[0]): \(Numbers.list(m.values)), sum \(Numbers.text(sum))",
      matches: m.values == expected && sum == 24,
      sentence:
        "Eight inputs through a 3-tap, stride-2 transposed convolution reach every other output twice, so the counts alternate 2, 1 between single-count borders and add up to 8 × 3 = 24 (input, tap) pairs.",
      map: m, mapCaption: "Overlap counts of n=8, k=3, s=2 (1D)")
  }

  static func f2() throws -> FactCheck {
    let m = try map(dims: 1, k: 3, s: 2, n: 16)
    let im = m.interiorMetrics
    let interior = Array(m.values[m.interior[0]])
    let alternates = interior.enumerated().allSatisfy { $1 == ($0 % 2 == 0 ? 2 : 1) }
    return FactCheck(
      id: "F2", setting: "k=3, s=2, interior",
      expected: "alternates 2,1; max/min 2; mean 1.5; coefficient of variation 1/3",
      computed:
        "interior \(Numbers.list(Array(interior.prefix(6))))…; max/min \(Numbers.ratio(im.maxMinRatio)); mean \(Numbers.text(im.mean)); CV \(Numbers.ratio(im.cv, digits: 4))",
      matches: alternates && m.tile.values == [2, 1] && Numbers.close(im.maxMinRatio, 2) && im.mean == 1.5
        && Numbers.close(im.cv, 1.0 / 3),
      sentence:
        "Away from the borders the counts alternate 2, 1: the even outputs get twice the signal of the odd ones, a 2:1 unevenness with a coefficient of variation of exactly 1/3.",
      map: m, mapCaption: "Overlap counts of k=3, s=2 over 16 inputs (1D); the interior alternates 2, 1")
  }

  static func f3() throws -> FactCheck {
    let m = try OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [4, 6])
    let full = m.fullMetrics
    let im = m.interiorMetrics
    let tileText =
      "[[\(Numbers.list(Array(m.tile.values.prefix(2))))],[\(Numbers.list(Array(m.tile.values.suffix(2))))]]"
    return FactCheck(
      id: "F3", setting: "2D, input 4×6 (H×W), k=3, s=2 (the article's 2D figure)",
      expected: "9×13 map, min 1, max 4; interior tile [[4,2],[2,1]], mean 2.25, CV 0.4843",
      computed:
        "\(m.outputSize[0])×\(m.outputSize[1]) map, min \(Numbers.text(full.min)), max \(Numbers.text(full.max)); interior tile \(tileText), mean \(Numbers.text(im.mean)), CV \(Numbers.ratio(im.cv, digits: 4))",
      matches: m.outputSize == [9, 13] && full.min == 1 && full.max == 4 && m.tile.values == [4, 2, 2, 1]
        && m.tile.shape == [2, 2] && im.mean == 2.25 && Numbers.close(im.cv, 0.4843, tolerance: 5e-5),
      sentence:
        "In 2D the two axes' unevenness multiplies: cells where both axes overlap twice get 4, cells where neither does get 1 — the checkerboard of the article's 2D figure.",
      map: m, mapCaption: "Overlap counts of a 4×6 input, k=3, s=2 (the article's 2D figure)")
  }

  static func f4() throws -> FactCheck {
    let tile1 = try tile(k: 4, s: 2)
    let m2 = try map(dims: 2, k: 4, s: 2, n: 6)
    let padded = try map(dims: 1, k: 4, s: 2, n: 4, p: 1)
    let expected: [Double] = [1, 2, 2, 2, 2, 2, 2, 1]
    return FactCheck(
      id: "F4", setting: "k=4, s=2",
      expected: "interior uniform 2 (2D: 4); with p=1 and n=4: 1,2,2,2,2,2,2,1, length 8 = 2n",
      computed:
        "interior \(Numbers.list(tile1)) (2D: \(Numbers.list(m2.tile.values))); with p=1 and n=4: \(Numbers.list(padded.values)), length \(padded.outputSize[0])",
      matches: tile1 == [2, 2] && m2.tile.values == [4, 4, 4, 4] && padded.values == expected,
      sentence:
        "When the stride divides the kernel size every output gets the same number of taps, so the interior is flat; only the borders, which p=1 mostly trims, are lower.",
      map: m2, mapCaption: "Overlap counts of k=4, s=2 on a 6×6 input: a flat interior of 4")
  }

  static func f5() throws -> FactCheck {
    let one = try map(dims: 1, k: 5, s: 2, n: 8)
    let two = try map(dims: 2, k: 5, s: 2, n: 6)
    let r1 = one.interiorMetrics.maxMinRatio
    let r2 = two.interiorMetrics.maxMinRatio
    return FactCheck(
      id: "F5", setting: "k=5, s=2",
      expected: "interior 3,2; max/min 1.5 in 1D, 2.25 in 2D",
      computed:
        "interior \(Numbers.list(one.tile.values)); max/min \(Numbers.ratio(r1)) in 1D, \(Numbers.ratio(r2)) in 2D",
      matches: one.tile.values == [3, 2] && Numbers.close(r1, 1.5) && Numbers.close(r2, 2.25),
      sentence:
        "A larger odd kernel softens the pattern (3:2 instead of 2:1) but does not remove it, and in 2D the ratio is squared.",
      map: two, mapCaption: "Overlap counts of k=5, s=2 on a 6×6 input")
  }

  static func f6() throws -> FactCheck {
    let a = try tile(k: 5, s: 3)
    let b = try tile(k: 4, s: 3)
    let c = try tile(k: 7, s: 3)
    let m = try map(dims: 2, k: 5, s: 3, n: 5)
    let r = m.interiorMetrics.maxMinRatio
    return FactCheck(
      id: "F6", setting: "k=5, s=3 / k=4, s=3 / k=7, s=3",
      expected: "phases [2,2,1] (2D max/min 4) / [2,1,1] / [3,2,2]",
      computed:
        "phases [\(Numbers.list(a))] (2D max/min \(Numbers.ratio(r))) / [\(Numbers.list(b))] / [\(Numbers.list(c))]",
      matches: a == [2, 2, 1] && Numbers.close(r, 4) && b == [2, 1, 1] && c == [3, 2, 2],
      sentence:
        "With stride 3 the pattern has period 3; whenever 3 does not divide k, some phases get one tap more than others.",
      map: m, mapCaption: "Overlap counts of k=5, s=3 on a 5×5 input: period 3 in both axes")
  }

  static func f7() throws -> FactCheck {
    let a = try map(dims: 2, k: 2, s: 3, n: 5)
    let b = try map(dims: 1, k: 1, s: 2, n: 8)
    let ta = try tile(k: 2, s: 3)
    let ra = a.interiorMetrics.maxMinRatio
    let rb = b.interiorMetrics.maxMinRatio
    return FactCheck(
      id: "F7", setting: "k=2, s=3 / k=1, s=2",
      expected: "[1,1,0] / [1,0]: zero cells, so max/min is undefined and must not be divided by zero",
      computed:
        "[\(Numbers.list(ta))] / [\(Numbers.list(b.tile.values))]: zero fraction \(Numbers.ratio(a.interiorMetrics.zeroFraction)) / \(Numbers.ratio(b.interiorMetrics.zeroFraction)), max/min \(Numbers.ratio(ra)) / \(Numbers.ratio(rb))",
      matches: ta == [1, 1, 0] && b.tile.values == [1, 0] && ra == nil && rb == nil,
      sentence:
        "A kernel shorter than the stride leaves holes that no tap reaches; their ratio to the maximum is infinite, so the tool reports max/min as undefined instead of dividing by zero.",
      map: a, mapCaption: "Overlap counts of k=2, s=3 on a 5×5 input: grey cells (count 0) are holes")
  }

  static func f8() throws -> FactCheck {
    var uniform = true
    var seen: [String] = []
    for k in 1...8 {
      let t = try tile(k: k, s: 1)
      uniform = uniform && t == [Double(k)]
      seen.append("k=\(k): \(Numbers.list(t))")
    }
    let m = try map(dims: 2, k: 3, s: 1, n: 6)
    return FactCheck(
      id: "F8", setting: "s=1, any k (checked for k=1…8)",
      expected: "interior uniform k",
      computed: "interior " + seen.joined(separator: "; "),
      matches: uniform,
      sentence:
        "Without a stride every interior output sees all k taps, so a stride-1 transposed convolution has no checkerboard, only borders.",
      map: m, mapCaption: "Overlap counts of k=3, s=1 on a 6×6 input: uniform 9 inside")
  }

  static func f9() throws -> FactCheck {
    let m = try map(dims: 1, k: 3, s: 2, n: 4, d: 2)
    let expected: [Double] = [1, 0, 2, 0, 3, 0, 3, 0, 2, 0, 1]
    return FactCheck(
      id: "F9", setting: "n=4, k=3, s=2, d=2",
      expected: "length 11: 1,0,2,0,3,0,3,0,2,0,1",
      computed: "length \(m.outputSize[0]): \(Numbers.list(m.values))",
      matches: m.values == expected,
      sentence:
        "With dilation 2 every tap lands on an even offset, like the stride, so the odd outputs are never reached at all.",
      map: m, mapCaption: "Overlap counts of n=4, k=3, s=2, d=2 (1D): every odd output is a hole")
  }

  static func f10() throws -> FactCheck {
    let a = try tile(k: 3, s: 3, d: 2)
    let b = try tile(k: 3, s: 4, d: 2)
    let m = try map(dims: 2, k: 3, s: 4, n: 4, d: 2)
    return FactCheck(
      id: "F10", setting: "k=3, s=3, d=2 / k=3, s=4, d=2",
      expected: "interior uniform 1 / phases [2,0,1,0]",
      computed: "interior [\(Numbers.list(a))] / phases [\(Numbers.list(b))]",
      matches: a == [1, 1, 1] && b == [2, 0, 1, 0],
      sentence:
        "Dilation coprime to the stride spreads the taps over all phases (k=3, s=3, d=2 is flat); sharing a factor with it leaves whole phases empty.",
      map: m, mapCaption: "Overlap counts of k=3, s=4, d=2 on a 4×4 input: phases 2, 0, 1, 0 per axis")
  }
}
