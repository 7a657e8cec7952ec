extension ModelNode {
  /// The integer attribute `name`, or nil when absent; `path` names the model in errors.
  public func int(_ name: String, path: String = "<memory>") throws(ModelIOError) -> Int? {
    guard let attribute = attributes[name] else { return nil }
    guard case .int(let value) = attribute else { throw wrongType(name, attribute, "INT", path) }
    guard let converted = Int(exactly: value), converted.magnitude <= UInt(Self.maximumIntegerAttribute)
    else {
      throw .badAttribute(
        path: path, node: displayName, attribute: name, reason: "is out of range (\(value))")
    }
    return converted
  }

  /// The integer-list attribute `name`, or nil when absent.
  public func ints(_ name: String, path: String = "<memory>") throws(ModelIOError) -> [Int]? {
    guard let attribute = attributes[name] else { return nil }
    guard case .ints(let values) = attribute else { throw wrongType(name, attribute, "INTS", path) }
    var result: [Int] = []
    result.reserveCapacity(values.count)
    for value in values {
      guard let converted = Int(exactly: value), converted.magnitude <= UInt(Self.maximumIntegerAttribute)
      else {
        throw .badAttribute(
          path: path, node: displayName, attribute: name, reason: "holds \(value), out of range")
      }
      result.append(converted)
    }
    return result
  }

  /// The float attribute `name`, or nil when absent.
  public func float(_ name: String, path: String = "<memory>") throws(ModelIOError) -> Float? {
    guard let attribute = attributes[name] else { return nil }
    guard case .float(let value) = attribute else { throw wrongType(name, attribute, "FLOAT", path) }
    return value
  }

  /// The float-list attribute `name`, or nil when absent.
  public func floats(_ name: String, path: String = "<memory>") throws(ModelIOError) -> [Float]? {
    guard let attribute = attributes[name] else { return nil }
    guard case .floats(let values) = attribute else { throw wrongType(name, attribute, "FLOATS", path) }
    return values
  }

  /// The string attribute `name`, or nil when absent.
  public func string(_ name: String, path: String = "<memory>") throws(ModelIOError) -> String? {
    guard let attribute = attributes[name] else { return nil }
    guard case .string(let value) = attribute else { throw wrongType(name, attribute, "STRING", path) }
    return value
  }

  /// The tensor attribute `name`, or nil when absent.
  public func tensor(_ name: String, path: String = "<memory>") throws(ModelIOError) -> ModelTensor? {
    guard let attribute = attributes[name] else { return nil }
    guard case .tensor(let value) = attribute else { throw wrongType(name, attribute, "TENSOR", path) }
    return value
  }

  /// Integer attributes larger than this in magnitude are refused (kernel sizes, pads, axes, block
  /// sizes are all far smaller; this keeps later arithmetic free of overflow).
  public static let maximumIntegerAttribute = 1 << 40

  private func wrongType(_ name: String, _ attribute: ModelAttribute, _ expected: String, _ path: String)
    -> ModelIOError
  {
    .badAttribute(
      path: path, node: displayName, attribute: name,
      reason: "has type \(attribute.typeName) where \(expected) was expected")
  }
}
