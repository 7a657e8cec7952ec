/// A header field name; compared without regard to case, as HTTP does.
public struct HTTPHeader: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  /// The name as first written.
  public var name: String

  public init(_ name: String) { self.name = name }
  public init(stringLiteral value: String) { self.name = value }

  public static let contentType = HTTPHeader("Content-Type")
  public static let contentLength = HTTPHeader("Content-Length")

  public static func == (lhs: HTTPHeader, rhs: HTTPHeader) -> Bool {
    lhs.name.lowercased() == rhs.name.lowercased()
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(name.lowercased()) }

  public var description: String { name }
}

/// Header fields in the order they were given. Reading a name that occurs more than once gives
/// its values joined by `", "` (RFC 9110 §5.3); setting one replaces every field of that name.
public struct HTTPHeaders: Sendable, Sequence {
  public private(set) var fields: [(name: HTTPHeader, value: String)] = []

  public init() {}

  /// Adds a field after the others (keeping any of the same name).
  public mutating func append(_ name: HTTPHeader, _ value: String) { fields.append((name, value)) }

  /// Every value given for `name`, in order.
  public func values(_ name: HTTPHeader) -> [String] { fields.filter { $0.name == name }.map(\.value) }

  public subscript(_ name: HTTPHeader) -> String? {
    get {
      let found = values(name)
      return found.isEmpty ? nil : found.joined(separator: ", ")
    }
    set {
      if let index = fields.firstIndex(where: { $0.name == name }), let newValue {
        fields[index].value = newValue
        let kept = fields.indices.filter { $0 <= index || fields[$0].name != name }
        fields = kept.map { fields[$0] }
      } else {
        fields.removeAll { $0.name == name }
        if let newValue { fields.append((name, newValue)) }
      }
    }
  }

  public func makeIterator() -> IndexingIterator<[(name: HTTPHeader, value: String)]> {
    fields.makeIterator()
  }
}
