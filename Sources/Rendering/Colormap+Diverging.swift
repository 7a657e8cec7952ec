// The diverging map: ColorBrewer's 11-class RdBu scheme (Cynthia A. Brewer, Pennsylvania State
// University, colorbrewer2.org; Apache-2.0 licensed data), reversed so that the low end is blue,
// linearly interpolated in sRGB to 256 entries. The 11 anchors are the published 8-bit values.

extension Colormap {
  /// The 11 published RdBu anchors, blue end first (the scheme reversed).
  static let rdbuAnchors: [(Double, Double, Double)] = [
    (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240),
    (247, 247, 247),
    (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
  ]

  /// 256 entries: entry `i` sits at position `p = 10 · i / 255` between the anchors, linearly
  /// interpolated between anchors `⌊p⌋` and `⌊p⌋ + 1`; components divided by 255.
  static let rdbuData: [Double] = (0..<256).flatMap { i -> [Double] in
    let p = 10 * Double(i) / 255
    let k = min(Int(p), 9)
    let f = p - Double(k)
    let a = rdbuAnchors[k]
    let b = rdbuAnchors[k + 1]
    return [
      (a.0 + (b.0 - a.0) * f) / 255, (a.1 + (b.1 - a.1) * f) / 255, (a.2 + (b.2 - a.2) * f) / 255,
    ]
  }
}
