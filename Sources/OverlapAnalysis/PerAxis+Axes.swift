import TransposedConv

extension PerAxis {
  /// Parses `N`, `NxM` or `NxMxL` (also with `×`): one value for every axis, or one per axis of a
  /// 1D, 2D or 3D map (D, H, W in 3D). Nil when the text is not of that form.
  ///
  /// `PerAxis(parsing:)` reads up to two values; maps have up to three axes, so the overlap
  /// analysis and its command-line options read per-axis values with this.
  public init?(parsingAxes text: String) {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
      .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
    guard (1...3).contains(parts.count) else { return nil }
    var parsed: [Int] = []
    for part in parts {
      var trimmed = Substring(part)
      while trimmed.first == " " { trimmed.removeFirst() }
      while trimmed.last == " " { trimmed.removeLast() }
      guard let value = Int(trimmed) else { return nil }
      parsed.append(value)
    }
    self.init(parsed)
  }
}
