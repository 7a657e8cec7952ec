import CheckerscopeCore
import OverlapAnalysis
import TransposedConv

extension SweepSpec {
  /// The sweep as the `"sweep"` object of a grid document:
  /// `{"dims","kernels","strides","dilations","paddings","outputPaddings","inputSize"}`, the lists as
  /// their canonical text (`"1...16"`), `inputSize` as per-axis text (`"17"`, `"17x9"`) or `null`
  /// for the default rule, followed by `"defaultInputSize"` naming that rule.
  public var json: JSONValue {
    var members: [(key: String, value: JSONValue)] = [("dims", .int(dims))]
    for (name, list) in lists { members.append((name, .string(list.description))) }
    if let inputSize {
      members.append(("inputSize", .string(inputSize.description)))
    } else {
      members.append(("inputSize", .null))
      members.append(("defaultInputSize", .string(Self.defaultInputSizeRule)))
    }
    return .object(members)
  }

  /// The default input-size rule as written in documents.
  public static let defaultInputSizeRule = "n = ceil((d*(k-1) + 2*p) / s) + 2 per axis"

  /// Reads the `"sweep"` object of a grid document and validates it.
  public init(json: JSONValue) throws(SweepError) {
    func fail(_ reason: String) -> SweepError { .invalidSweepDocument(reason: "sweep: \(reason)") }
    guard json.objectValue != nil else { throw fail("expected an object") }
    guard let dims = json["dims"]?.intValue else { throw fail("'dims' must be 1, 2 or 3") }
    var lists: [ValueList] = []
    for name in ["kernels", "strides", "dilations", "paddings", "outputPaddings"] {
      guard let text = json[name]?.stringValue else {
        throw fail("'\(name)' must be a value list like \"1...8\"")
      }
      lists.append(try ValueList(parsing: text))
    }
    var inputSize: PerAxis?
    switch json["inputSize"] {
    case .null?: inputSize = nil
    case .string(let text)?:
      guard let value = PerAxis(parsing: text) else {
        throw fail("'inputSize' \(text) is not N, NxM or NxMxL")
      }
      inputSize = value
    default: throw fail("'inputSize' must be null or a size like \"17\"")
    }
    self.init(
      dims: dims, kernels: lists[0], strides: lists[1], dilations: lists[2], paddings: lists[3],
      outputPaddings: lists[4], inputSize: inputSize)
    try validate()
  }
}
