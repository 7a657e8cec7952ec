import OverlapAnalysis

/// An overlap-count or gain map ready to draw: its values, parameters and interior metrics, taken
/// from an `OverlapMap` or from the JSON that `checkerscope overlap --format json` writes.
///
/// Both sources go through the JSON shape (`OverlapMap.json`), so a map drawn directly and the
/// same map drawn from its saved JSON give the same picture.
public struct MapFigure: Sendable, Equatable {
  /// 1 or 2.
  public var dims: Int
  /// The values: one row of `L` in 1D, `H × W` in 2D.
  public var grid: ValueGrid
  /// True when the values are exact overlap counts (written as JSON integers).
  public var isIntegral: Bool
  /// `{"dims","layers","inputSize","outputSize"}` from the map's JSON, for PNG metadata.
  public var parameters: JSONValue
  /// The layers in short form, e.g. `k=3x3 s=2x2 p=0 d=1` (stacks joined with ` | `).
  public var parameterSummary: String
  public var inputSize: [Int]
  public var outputSize: [Int]
  /// Interior (one period of the infinite-input pattern) metrics.
  public var maxMinRatio: Double?
  public var cv: Double?
  public var zeroFraction: Double
  public var mean: Double

  /// The figure of `map`.
  public init(map: OverlapMap) throws(RenderingError) {
    try self.init(json: map.json)
  }

  /// The figure of a map's JSON (see `OverlapMap.json` for the shape).
  /// - Throws: `RenderingError.invalidMap` naming the first missing or malformed member.
  public init(json: JSONValue) throws(RenderingError) {
    func fail(_ reason: String) -> RenderingError { .invalidMap(reason: reason) }
    func ints(_ value: JSONValue?, _ name: String) throws(RenderingError) -> [Int] {
      guard let array = value?.arrayValue else { throw fail("'\(name)' must be an array of integers") }
      var result: [Int] = []
      for element in array {
        guard let v = element.intValue else { throw fail("'\(name)' must be an array of integers") }
        result.append(v)
      }
      return result
    }
    guard let d = json["dims"]?.intValue, d == 1 || d == 2 else { throw fail("'dims' must be 1 or 2") }
    dims = d
    inputSize = try ints(json["inputSize"], "inputSize")
    outputSize = try ints(json["outputSize"], "outputSize")
    guard outputSize.count == d, outputSize.allSatisfy({ $0 >= 1 }) else {
      throw fail("'outputSize' must hold \(d) positive sizes")
    }
    guard let layers = json["layers"]?.arrayValue, !layers.isEmpty else {
      throw fail("'layers' must be a non-empty array")
    }
    var summaries: [String] = []
    for layer in layers {
      let kernel = try ints(layer["kernel"], "kernel")
      let stride = try ints(layer["stride"], "stride")
      let dilation = try ints(layer["dilation"], "dilation")
      let outputPadding = try ints(layer["outputPadding"], "outputPadding")
      guard let padding = layer["padding"]?.arrayValue else { throw fail("'padding' must be an array") }
      var pairs: [[Int]] = []
      for pair in padding { pairs.append(try ints(pair, "padding")) }
      guard pairs.allSatisfy({ $0.count == 2 }) else { throw fail("'padding' must hold [begin, end] pairs") }
      summaries.append(
        MapFigure.summary(
          kernel: kernel, stride: stride, padding: pairs, outputPadding: outputPadding, dilation: dilation))
    }
    parameterSummary = summaries.joined(separator: " | ")
    parameters = .object([
      ("dims", .int(d)), ("layers", .array(layers)), ("inputSize", .array(inputSize.map { .int($0) })),
      ("outputSize", .array(outputSize.map { .int($0) })),
    ])

    guard let rowsJSON = json["values"]?.arrayValue else { throw fail("'values' must be an array") }
    let rowArrays: [JSONValue] = d == 1 ? [.array(rowsJSON)] : rowsJSON
    var values: [Double] = []
    var integral = true
    for row in rowArrays {
      guard let elements = row.arrayValue else { throw fail("'values' must be an array of rows in 2D") }
      for element in elements {
        switch element {
        case .int(let v): values.append(Double(v))
        case .double(let v):
          values.append(v)
          integral = false
        default: throw fail("'values' must hold numbers")
        }
      }
    }
    let rows = d == 1 ? 1 : outputSize[0]
    let columns = d == 1 ? outputSize[0] : outputSize[1]
    guard rowArrays.count == rows, values.count == rows * columns else {
      throw fail("'values' must hold \(rows)×\(columns) numbers to match 'outputSize'")
    }
    grid = try ValueGrid(rows: rows, columns: columns, values: values)
    isIntegral = integral

    guard let interior = json["interior"] else { throw fail("'interior' metrics are missing") }
    maxMinRatio = interior["maxMinRatio"]?.doubleValue
    cv = interior["cv"]?.doubleValue
    guard let zero = interior["zeroFraction"]?.doubleValue, let m = interior["mean"]?.doubleValue else {
      throw fail("'interior' needs 'zeroFraction' and 'mean'")
    }
    zeroFraction = zero
    mean = m
  }

  /// One layer in short form: `k=3x3 s=2x2 p=0 d=1`. Kernel and stride are given per axis;
  /// padding, dilation and output padding collapse to one number when every axis has the same
  /// value. Padding is `begin:end` on an axis whose two ends differ; ` op=…` appears only when an
  /// output padding is set.
  static func summary(kernel: [Int], stride: [Int], padding: [[Int]], outputPadding: [Int], dilation: [Int])
    -> String
  {
    func axes(_ v: [String], collapse: Bool) -> String {
      collapse && Set(v).count == 1 ? v[0] : v.joined(separator: "x")
    }
    let ints = { (v: [Int]) in v.map(String.init) }
    let p = padding.map { $0[0] == $0[1] ? "\($0[0])" : "\($0[0]):\($0[1])" }
    var text = "k=\(axes(ints(kernel), collapse: false)) s=\(axes(ints(stride), collapse: false))"
    text += " p=\(axes(p, collapse: true)) d=\(axes(ints(dilation), collapse: true))"
    if outputPadding.contains(where: { $0 != 0 }) { text += " op=\(axes(ints(outputPadding), collapse: true))" }
    return text
  }

  /// What the values are: `overlap count` or `gain`.
  public var quantity: String { isIntegral ? "overlap count" : "gain" }

  /// The headline metrics: `max/min 4.00 · cv 0.48`, or `holes 33% · max/min undefined`.
  public var metricSummary: String {
    let cvText = cv.map { "cv " + NumberFormat.fixed($0, 2) } ?? "cv undefined"
    if zeroFraction > 0 {
      return "holes " + NumberFormat.fixed(zeroFraction * 100, 0) + "% · max/min undefined · " + cvText
    }
    let ratio = maxMinRatio.map { NumberFormat.fixed($0, 2) } ?? "undefined"
    return "max/min \(ratio) · \(cvText)"
  }

  /// The title line: `k=3x3 s=2x2 p=0 d=1 · max/min 4.00 · cv 0.48`.
  public var title: String { parameterSummary + " · " + metricSummary }

  /// The line under the title: sizes and where the metrics come from.
  public var subtitle: String {
    let sizes = { (v: [Int]) in v.map(String.init).joined(separator: "×") }
    return "input \(sizes(inputSize)), output \(sizes(outputSize)); metrics of the interior period"
  }
}
