import CheckerscopeCore
import TransposedConv

extension LayerConfig {
  /// The largest value `init(json:)` takes for any parameter: `2³¹ − 1`. Sweeps refuse larger
  /// values too, so every document they write reads back.
  public static let maximumParameter = Int(Int32.max)

  /// The layer as JSON, `{"kernel","stride","padding":[[begin,end]…],"outputPadding","dilation"}`
  /// in that key order, one entry per axis in each array; the weights are not written. Overlap
  /// maps, sweep records and figures carry their layers in this form.
  public var json: JSONValue {
    .object([
      ("kernel", .array(kernel.map { .int($0) })),
      ("stride", .array(axes.map { .int($0.stride) })),
      ("padding", .array(axes.map { .array([.int($0.paddingBegin), .int($0.paddingEnd)]) })),
      ("outputPadding", .array(axes.map { .int($0.outputPadding) })),
      ("dilation", .array(axes.map { .int($0.dilation) })),
    ])
  }

  /// Reads a layer written by `json` (an all-ones layer: the form carries no weights).
  ///
  /// The text is untrusted (maps and grid documents given to `render`, `check` and `merge`), so
  /// every member is checked before use: an object with the five members; arrays of integers
  /// with 1, 2 or 3 entries, the same number in each; `padding` a `[begin, end]` pair per axis;
  /// kernel, stride and dilation in `1...maximumParameter`, paddings and output paddings in
  /// `0...maximumParameter`. Other members are ignored. PyTorch's rules between parameters
  /// (output padding below stride or dilation, …) are not checked: grid documents list layers that
  /// break them; call `validate()` for those. Complexity: O(axes).
  /// - Throws: `OverlapError.invalidLayerJSON` naming the first member at fault.
  public init(json: JSONValue) throws(OverlapError) {
    func fail(_ reason: String) -> OverlapError { .invalidLayerJSON(reason: reason) }
    guard json.objectValue != nil else { throw fail("expected an object") }
    func integers(_ value: JSONValue?, _ name: String) throws(OverlapError) -> [Int] {
      guard let value else { throw fail("'\(name)' is missing") }
      guard let array = value.arrayValue, (1...3).contains(array.count) else {
        throw fail("'\(name)' must be an array of 1, 2 or 3 integers, one per axis")
      }
      var result: [Int] = []
      for element in array {
        guard let v = element.intValue else { throw fail("'\(name)' must be an array of integers") }
        result.append(v)
      }
      return result
    }
    func check(_ values: [Int], _ name: String, minimum: Int, dims: Int?) throws(OverlapError) {
      if let dims, values.count != dims {
        throw fail(
          "'\(name)' has \(values.count) value\(values.count == 1 ? "" : "s") but 'kernel' has \(dims); give one per axis"
        )
      }
      for v in values where !(minimum...Self.maximumParameter).contains(v) {
        throw fail("'\(name)' holds \(v), outside \(minimum)...\(Self.maximumParameter)")
      }
    }
    let kernel = try integers(json["kernel"], "kernel")
    let dims = kernel.count
    try check(kernel, "kernel", minimum: 1, dims: dims)
    let stride = try integers(json["stride"], "stride")
    try check(stride, "stride", minimum: 1, dims: dims)
    guard let padding = json["padding"] else { throw fail("'padding' is missing") }
    guard let pairs = padding.arrayValue, pairs.count == dims else {
      throw fail("'padding' must be an array of [begin, end] pairs, one per axis (\(dims))")
    }
    var begins: [Int] = []
    var ends: [Int] = []
    for pair in pairs {
      guard let values = pair.arrayValue, values.count == 2, let begin = values[0].intValue,
        let end = values[1].intValue
      else { throw fail("'padding' must hold [begin, end] pairs of integers") }
      begins.append(begin)
      ends.append(end)
    }
    try check(begins + ends, "padding", minimum: 0, dims: nil)
    let outputPadding = try integers(json["outputPadding"], "outputPadding")
    try check(outputPadding, "outputPadding", minimum: 0, dims: dims)
    let dilation = try integers(json["dilation"], "dilation")
    try check(dilation, "dilation", minimum: 1, dims: dims)
    self.init(
      kernel: kernel,
      axes: (0..<dims).map {
        AxisParameters(
          stride: stride[$0], paddingBegin: begins[$0], paddingEnd: ends[$0],
          outputPadding: outputPadding[$0],
          dilation: dilation[$0])
      })
  }
}
