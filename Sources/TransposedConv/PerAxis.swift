/// An integer given once for all spatial axes (`2`) or once per axis (`2x3`, H then W; `2x2x2`,
/// D, H, W).
///
/// This is the one syntax for per-axis values everywhere in checkerscope: on the command line,
/// in study specs and in layer specs.
public struct PerAxis: Sendable, Hashable, CustomStringConvertible {
  /// One value (applies to every axis) or one per axis.
  public var values: [Int]

  /// Wraps explicit values.
  public init(_ values: [Int]) {
    precondition(!values.isEmpty, "PerAxis needs at least one value")
    self.values = values
  }

  /// Parses `N`, `NxM` or `NxMxK` (also with `×`); nil when the text is not of that form.
  public init?(parsing text: String) {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
      .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
    guard (1...3).contains(parts.count) else { return nil }
    var parsed: [Int] = []
    for part in parts {
      guard let value = Int(part.trimmingCharacters(in: " ")) else { return nil }
      parsed.append(value)
    }
    values = parsed
  }

  /// The value for each of `dims` axes: a single value is repeated; several need `dims` of them.
  public func resolved(dims: Int) throws(ConvTransposeError) -> [Int] {
    if values.count == 1 { return [Int](repeating: values[0], count: dims) }
    guard values.count == dims else {
      throw .invalidArgument(
        "'\(self)' gives \(values.count) per-axis values but the map has \(dims) axis\(dims == 1 ? "" : "es"); write a single value"
      )
    }
    return values
  }

  public var description: String { values.map(String.init).joined(separator: "x") }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: Character) -> Substring {
    var s = Substring(self)
    while s.first == set { s.removeFirst() }
    while s.last == set { s.removeLast() }
    return s
  }
}
