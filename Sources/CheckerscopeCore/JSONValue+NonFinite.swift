extension JSONValue {
  /// The value with every NaN and infinity replaced by `null`, and where each was, in document
  /// order: `nodes[3].strength = nan`. JSON has no non-finite numbers (`encoded` refuses them);
  /// a report that computed one says so instead of failing or writing `nan`. O(size of the value).
  public func replacingNonFinite() -> (value: JSONValue, found: [String]) {
    var found: [String] = []
    let value = Self.replacingNonFinite(self, at: "", found: &found)
    return (value, found)
  }

  /// A result document that JSON can hold: `replacingNonFinite()`, and when anything was replaced
  /// and the document is an object, a last member `"nonFiniteNumbers": ["nodes[3].strength = nan",
  /// …]` that says where. The command line and the explorer's API both write results this way, so
  /// their bytes agree.
  public func finiteDocument() -> (value: JSONValue, found: [String]) {
    var (clean, found) = replacingNonFinite()
    if !found.isEmpty, case .object(let members) = clean {
      clean = .object(members + [("nonFiniteNumbers", .array(found.map { .string($0) }))])
    }
    return (clean, found)
  }

  private static func replacingNonFinite(_ value: JSONValue, at path: String, found: inout [String])
    -> JSONValue
  {
    switch value {
    case .double(let number) where !number.isFinite:
      found.append(
        "\(path.isEmpty ? "(the document)" : path) = \(number.isNaN ? "nan" : number > 0 ? "inf" : "-inf")")
      return .null
    case .array(let elements):
      return .array(
        elements.enumerated().map {
          replacingNonFinite($0.element, at: "\(path)[\($0.offset)]", found: &found)
        })
    case .object(let members):
      return .object(
        members.map { key, member in
          (key, replacingNonFinite(member, at: path.isEmpty ? key : "\(path).\(key)", found: &found))
        })
    default:
      return value
    }
  }
}
