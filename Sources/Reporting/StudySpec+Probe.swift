/// A `probe` section: the ONNX file to run (resolved against the spec's folder), the path as the spec
/// gives it, the input shape, and the input (`constant` or `noise`).
public struct ProbeRequest: Sendable, Equatable {
  public var model: String
  public var displayPath: String
  public var inputShape: [Int]?
  public var input: String

  public init(model: String, displayPath: String, inputShape: [Int]?, input: String) {
    self.model = model
    self.displayPath = displayPath
    self.inputShape = inputShape
    self.input = input
  }
}

extension StudySpec {
  /// A `probe` section: `{"kind": "probe", "model": "models/gen.onnx", "inputShape": [1, 3, 64, 64],
  /// "input": "constant"}` (the last two optional; `input` is `constant` or `noise`, seed 1).
  static func parseProbe(_ object: inout SpecObject) throws(ReportError) -> ProbeRequest {
    let name = try object.string("model")
    let model = try object.existingFile("model", name)
    let inputShape = try parseInputShape(&object)
    var input = "constant"
    if let value = object.optional("input") {
      guard let text = value.stringValue, text == "constant" || text == "noise" else {
        throw object.error("input", "must be \"constant\" or \"noise\"")
      }
      input = text
    }
    return ProbeRequest(model: model, displayPath: name, inputShape: inputShape, input: input)
  }
}
