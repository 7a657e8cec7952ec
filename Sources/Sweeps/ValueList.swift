import OverlapAnalysis
import TransposedConv

/// An ordered list of per-axis values for one parameter of a sweep, written the way the command
/// line takes it: `a...b` (inclusive range), `a..<b` (half-open), single values `3`, per-axis
/// values `3x5` (H then W), and comma-separated mixes such as `1...4,8` or `1,2,4`.
///
/// Values keep the order they are written in; a value may not appear twice (the same
/// configuration would be swept twice). Ranges hold plain integers (every axis gets the same
/// value); write per-axis values one by one. Spaces around parts are ignored.
public struct ValueList: Sendable, Hashable, CustomStringConvertible {
  /// The values in order, each one value for every axis or one per axis.
  public var values: [PerAxis]

  /// The most values one list may hold (a guard against `1...1000000000`).
  public static let maximumCount = 65_536

  /// Wraps explicit values (which must not be empty).
  public init(_ values: [PerAxis]) {
    precondition(!values.isEmpty, "a value list needs at least one value")
    self.values = values
  }

  /// A list of plain integers.
  public init(_ integers: [Int]) {
    self.init(integers.map { PerAxis([$0]) })
  }

  /// Parses a value list; errors say which part is wrong (`SweepError.invalidValueList`).
  /// Complexity: O(number of values).
  public init(parsing text: String) throws(SweepError) {
    func fail(_ reason: String) -> SweepError { .invalidValueList(text: text, reason: reason) }
    var parsed: [PerAxis] = []
    var seen: Set<PerAxis> = []
    func add(_ value: PerAxis) throws(SweepError) {
      guard seen.insert(value).inserted else { throw fail("\(value) is listed twice") }
      guard parsed.count < Self.maximumCount else {
        throw fail("more than \(Self.maximumCount) values")
      }
      parsed.append(value)
    }
    for rawPart in text.split(separator: ",", omittingEmptySubsequences: false) {
      let part = String(rawPart.filter { $0 != " " })
      guard !part.isEmpty else { throw fail("an empty entry between commas") }
      if let range = try Self.range(part, fail: fail) {
        // upper − lower, checked: `0...9223372036854775807` has more values than an Int counts.
        let (span, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        guard !overflow, span < Self.maximumCount else {
          throw fail("\(part) has more than \(Self.maximumCount) values")
        }
        for value in range { try add(PerAxis([value])) }
      } else if let value = PerAxis(parsing: part) {
        try add(value)
      } else {
        throw fail("'\(part)' is not a number, NxM, a...b or a..<b")
      }
    }
    self.init(parsed)
  }

  /// The integers of `a...b` or `a..<b`, nil when `part` is not a range.
  private static func range(_ part: String, fail: (String) -> SweepError) throws(SweepError)
    -> ClosedRange<Int>?
  {
    let halfOpen = part.contains("..<")
    let separator = halfOpen ? "..<" : "..."
    guard part.contains(separator) else { return nil }
    let bounds = part.splitOn(separator)
    guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]) else {
      throw fail("'\(part)' is not a range of two integers")
    }
    guard !halfOpen || high > low else { throw fail("\(part) is empty") }
    let top = halfOpen ? high - 1 : high
    guard low <= top else { throw fail("\(part) is empty") }
    return low...top
  }

  /// The list in its canonical text: runs of three or more consecutive plain integers as `a...b`,
  /// everything else comma-separated (`1...4,8,3x5`).
  public var description: String {
    var parts: [String] = []
    var index = 0
    while index < values.count {
      guard values[index].values.count == 1 else {
        parts.append(values[index].description)
        index += 1
        continue
      }
      var end = index
      while end + 1 < values.count, values[end + 1].values.count == 1,
        values[end + 1].values[0] == values[end].values[0] + 1
      {
        end += 1
      }
      if end - index >= 2 {
        parts.append("\(values[index].values[0])...\(values[end].values[0])")
      } else {
        for i in index...end { parts.append(values[i].description) }
      }
      index = end + 1
    }
    return parts.joined(separator: ",")
  }
}

extension StringProtocol {
  /// Splits on a multi-character separator, keeping empty parts.
  fileprivate func splitOn(_ separator: String) -> [String] {
    var result: [String] = []
    var current = ""
    var rest = Substring(self)
    while !rest.isEmpty {
      if rest.hasPrefix(separator) {
        result.append(current)
        current = ""
        rest = rest.dropFirst(separator.count)
      } else {
        current.append(rest.removeFirst())
      }
    }
    result.append(current)
    return result
  }
}
