/// A JSON document as a value: the project's one JSON type, used for overlap output, grid sweeps,
/// baselines, reports and `render MAP.json`.
///
/// - Objects keep their keys in insertion order, so encoding is deterministic: the same value
///   always gives the same bytes.
/// - Integers (`.int`) and other numbers (`.double`) are distinct: `2` and `2.0` are different
///   values and are written as `2` and `2.0`.
/// - Doubles are written in Swift's shortest round-trip form (`0.1`, `2.0`, `1e-05`), which does
///   not depend on the locale; NaN and infinities cannot be written (`JSONError.nonFiniteNumber`).
/// - `JSONValue(parsing:)` reads RFC 8259 JSON back (see `JSONValue+Parsing.swift`).
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits in `Int`.
  case int(Int)
  /// Any other number.
  case double(Double)
  case string(String)
  case array([JSONValue])
  /// Members in order; keys should be unique (the parser keeps the last of duplicates).
  case object([(key: String, value: JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// The member for `key` of an object (the last one if repeated); nil for other values.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The element at `index` of an array; nil when out of range or not an array.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }

  /// The integer of an `.int`, or of a `.double` that holds an exact integer; nil otherwise.
  public var intValue: Int? {
    switch self {
    case .int(let v): return v
    case .double(let v):
      guard v.isFinite, v.rounded() == v, abs(v) < 9.0e18 else { return nil }
      return Int(v)
    default: return nil
    }
  }

  /// The number of an `.int` or `.double`; nil otherwise.
  public var doubleValue: Double? {
    switch self {
    case .int(let v): return Double(v)
    case .double(let v): return v
    default: return nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let v) = self { return v }
    return nil
  }

  public var stringValue: String? {
    if case .string(let v) = self { return v }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let v) = self { return v }
    return nil
  }

  public var objectValue: [(key: String, value: JSONValue)]? {
    if case .object(let v) = self { return v }
    return nil
  }

  /// True for `.null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// A number: `.int` when `value` is integral and `integral` is true, `.double` otherwise.
  public static func number(_ value: Double, integral: Bool) -> JSONValue {
    if integral, value.isFinite, value.rounded() == value, abs(value) < 9.0e18 { return .int(Int(value)) }
    return .double(value)
  }

  /// `.double(value)` or `.null` when `value` is nil.
  public static func optional(_ value: Double?) -> JSONValue {
    value.map { .double($0) } ?? .null
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
  public init(nilLiteral: ()) { self = .null }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
