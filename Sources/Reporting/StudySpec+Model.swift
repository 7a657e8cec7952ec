import ModelAudit

extension StudySpec {
  /// A `model` section: `{"kind": "model", "model": "models/gen.onnx", "inputShape": [1, 3, 64, 64],
  /// "threshold": 0.01, "heatmaps": true}` (the last three optional).
  static func parseModel(_ object: inout SpecObject) throws(ReportError) -> ModelRequest {
    let name = try object.string("model")
    let model = try object.existingFile("model", name)
    let inputShape = try parseInputShape(&object)
    var threshold = ModelAuditor.defaultThreshold
    if let value = object.optional("threshold") {
      guard let number = value.doubleValue, number.isFinite, number >= 0, number < 1 else {
        throw object.error("threshold", "must be a number at least 0 and below 1")
      }
      threshold = number
    }
    let heatmaps = try object.bool("heatmaps", default: true)
    return ModelRequest(
      model: model, displayPath: name, inputShape: inputShape, threshold: threshold, heatmaps: heatmaps)
  }

  /// The optional `inputShape` of a `model` or `probe` section: 1 to 8 positive integers up to 2^20.
  static func parseInputShape(_ object: inout SpecObject) throws(ReportError) -> [Int]? {
    guard let value = object.optional("inputShape") else { return nil }
    guard let list = value.arrayValue, !list.isEmpty, list.count <= 8,
      list.allSatisfy({ ($0.intValue ?? 0) >= 1 && ($0.intValue ?? 0) <= 1 << 20 })
    else {
      throw object.error("inputShape", "must be a list of positive integers like [1, 3, 64, 64]")
    }
    return list.compactMap(\.intValue)
  }
}
