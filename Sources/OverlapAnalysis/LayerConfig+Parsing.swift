import TransposedConv

extension LayerConfig {
  /// Parses a layer spec such as `k=3,s=2,p=1,d=1,op=0` or `k=3 s=2 p=1` for `dims` axes.
  ///
  /// Keys: `k` kernel (required), `s` stride (default 1), `p` padding on both ends (default 0),
  /// `pb`/`pe` begin/end padding (instead of `p`), `d` dilation (default 1), `op` output padding
  /// (default 0). Each value is a per-axis value, `3`, `3x5` (H then W) or `3x3x5` (D, H, W).
  /// Parts are separated by commas, spaces or both, so the canonical text `text` (and the prose
  /// form) reads back: `LayerConfig(parsing: layer.text, dims: layer.dims)` gives the layer's
  /// parameters. Spaces around `=` are ignored; keys may not repeat. The values are checked
  /// against PyTorch's rules.
  public init(parsing spec: String, dims: Int) throws(OverlapError) {
    guard (1...3).contains(dims) else { throw .unsupportedDims(dims) }
    var values: [String: [Int]] = [:]
    for part in Self.parts(of: spec) {
      let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
      let key = pieces[0].filter { $0 != " " }
      guard pieces.count == 2, !key.isEmpty else {
        throw .invalidLayerSpec(spec: spec, reason: "'\(part)' is not of the form key=value")
      }
      guard ["k", "s", "p", "pb", "pe", "d", "op"].contains(key) else {
        throw .invalidLayerSpec(spec: spec, reason: "unknown key '\(key)' (use k, s, p, pb, pe, d, op)")
      }
      guard values[key] == nil else { throw .invalidLayerSpec(spec: spec, reason: "'\(key)' is given twice") }
      guard let perAxis = PerAxis(parsing: pieces[1].filter { $0 != " " }) else {
        throw .invalidLayerSpec(spec: spec, reason: "'\(pieces[1])' is not a number or NxM")
      }
      do { values[key] = try perAxis.resolved(dims: dims) } catch {
        throw .invalidLayerSpec(spec: spec, reason: "\(key): \(error)")
      }
    }
    guard let kernel = values["k"] else {
      throw .invalidLayerSpec(spec: spec, reason: "the kernel size k is missing")
    }
    if values["p"] != nil, values["pb"] != nil || values["pe"] != nil {
      throw .invalidLayerSpec(spec: spec, reason: "give either p or pb/pe, not both")
    }
    func value(_ key: String, _ axis: Int, _ fallback: Int) -> Int { values[key]?[axis] ?? fallback }
    var axes: [AxisParameters] = []
    for axis in 0..<dims {
      let padding = value("p", axis, 0)
      axes.append(
        AxisParameters(
          stride: value("s", axis, 1), paddingBegin: value("pb", axis, padding),
          paddingEnd: value("pe", axis, padding),
          outputPadding: value("op", axis, 0), dilation: value("d", axis, 1)))
    }
    self.init(kernel: kernel, axes: axes)
    try validate()
  }

  /// The `key=value` parts of a spec: split on commas (an empty entry between commas stays, to be
  /// refused), then on runs of whitespace, after dropping the whitespace around each `=`.
  private static func parts(of spec: String) -> [Substring] {
    var joined = ""
    var pendingSpace = false
    for character in spec {
      if character.isWhitespace {
        pendingSpace = true
        continue
      }
      if pendingSpace, character != "=", joined.last != "=", joined.last != nil { joined.append(" ") }
      pendingSpace = false
      joined.append(character)
    }
    return joined.split(separator: ",", omittingEmptySubsequences: false).flatMap { entry in
      let words = entry.split(separator: " ")
      return words.isEmpty ? [entry] : words
    }
  }
}
