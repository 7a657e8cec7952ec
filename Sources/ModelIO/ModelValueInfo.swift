/// One dimension of a graph value's declared shape.
public enum ModelDimension: Sendable, Hashable, CustomStringConvertible {
  /// A fixed extent.
  case fixed(Int)
  /// A named symbolic extent (`"batch"`, `"height"`…), filled by `--input-shape`.
  case symbolic(String)
  /// No extent declared.
  case unknown

  /// The extent when fixed.
  public var value: Int? {
    if case .fixed(let value) = self { return value }
    return nil
  }

  public var description: String {
    switch self {
    case .fixed(let value): return String(value)
    case .symbolic(let name): return name
    case .unknown: return "?"
    }
  }
}

/// A graph input, output or intermediate value with its declared element type and shape.
public struct ModelValueInfo: Sendable, Hashable {
  /// The value's name.
  public var name: String
  /// The declared element type; nil when not a tensor type or not declared.
  public var dataType: ModelDataType?
  /// The declared dimensions; nil when the rank is not declared.
  public var dimensions: [ModelDimension]?

  /// Wraps the fields.
  public init(name: String, dataType: ModelDataType?, dimensions: [ModelDimension]?) {
    self.name = name
    self.dataType = dataType
    self.dimensions = dimensions
  }

  /// The shape when every dimension is fixed; nil otherwise.
  public var fixedShape: [Int]? {
    guard let dimensions else { return nil }
    var shape: [Int] = []
    for dimension in dimensions {
      guard let value = dimension.value else { return nil }
      shape.append(value)
    }
    return shape
  }

  /// The shape as text: `1x3xheightxwidth`, `?` for unknown dims, `?` alone for an unknown rank.
  public var shapeDescription: String {
    guard let dimensions else { return "?" }
    return dimensions.map(\.description).joined(separator: "x")
  }
}
