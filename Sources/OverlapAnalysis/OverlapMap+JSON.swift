import CheckerscopeCore

extension OverlapMap {
  /// The map as JSON, in the shape `checkerscope overlap --format json` prints:
  /// `{"dims","layers":[{"kernel","stride","padding":[[begin,end]…],"outputPadding","dilation"}…],
  /// "inputSize","outputSize","values","full":{…},"interior":{…}}`, keys in that order.
  ///
  /// `values` is a flat array in 1D, an array of rows in 2D and an array of depth slices (each an
  /// array of rows, `[D][H][W]`) in 3D; counts are integers, gains numbers. Every per-axis array
  /// has one element per axis.
  public var json: JSONValue {
    let rowValues = Self.nested(values, shape: outputSize) { .number($0, integral: isIntegral) }
    return .object([
      ("dims", .int(dims)),
      ("layers", .array(layers.map(\.json))),
      ("inputSize", .array(inputSize.map { .int($0) })),
      ("outputSize", .array(outputSize.map { .int($0) })),
      ("values", rowValues),
      ("full", fullMetrics.json(integral: isIntegral)),
      ("interior", interiorMetrics.json(integral: isIntegral)),
    ])
  }

  /// Row-major `values` over `shape` as nested JSON arrays, outermost axis first.
  static func nested(_ values: [Double], shape: [Int], _ element: (Double) -> JSONValue) -> JSONValue {
    func level(_ axis: Int, _ offset: Int, _ count: Int) -> JSONValue {
      if axis == shape.count - 1 { return .array(values[offset..<offset + count].map(element)) }
      let inner = count / max(shape[axis], 1)
      return .array((0..<shape[axis]).map { level(axis + 1, offset + $0 * inner, inner) })
    }
    return level(0, 0, values.count)
  }
}

extension OverlapMetrics {
  /// `{"min","max","mean","std","cv","maxMinRatio","zeroFraction","period","uniform"}` in that
  /// order; `min`/`max` are integers when `integral`, `cv`/`maxMinRatio` may be `null`.
  public func json(integral: Bool) -> JSONValue {
    .object([
      ("min", .number(min, integral: integral)),
      ("max", .number(max, integral: integral)),
      ("mean", .double(mean)),
      ("std", .double(std)),
      ("cv", .optional(cv)),
      ("maxMinRatio", .optional(maxMinRatio)),
      ("zeroFraction", .double(zeroFraction)),
      ("period", .array(period.map { .int($0) })),
      ("uniform", .bool(uniform)),
    ])
  }
}
