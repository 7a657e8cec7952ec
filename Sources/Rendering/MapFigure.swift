import CheckerscopeCore
import OverlapAnalysis

/// An overlap-count or gain map ready to draw: its values, parameters and interior metrics, taken
/// from an `OverlapMap` or from the JSON that `checkerscope overlap --format json` writes.
///
/// Both sources go through the JSON shape (`OverlapMap.json`), so a map drawn directly and the
/// same map drawn from its saved JSON give the same picture.
public struct MapFigure: Sendable, Equatable {
  /// 1, 2 or 3.
  public var dims: Int
  /// The values: one row of `L` in 1D, `H × W` in 2D, `D·H × W` (depth slice after depth slice)
  /// in 3D.
  public var grid: ValueGrid
  /// True when the values are exact overlap counts (written as JSON integers).
  public var isIntegral: Bool
  /// `{"dims","layers","inputSize","outputSize"}` from the map's JSON, for PNG metadata.
  public var parameters: JSONValue
  /// The layers in short form, `LayerConfig.text(.title)`, e.g. `k=3x3 s=2x2 p=0 d=1` (stacks
  /// joined with ` | `).
  public var parameterSummary: String
  public var inputSize: [Int]
  public var outputSize: [Int]
  /// Interior (one period of the infinite-input pattern) metrics.
  public var maxMinRatio: Double?
  public var cv: Double?
  public var zeroFraction: Double
  public var mean: Double

  /// The figure of `map`, built without going through the JSON text (the parameters take the
  /// JSON shape of `OverlapMap.json`, so this equals `init(json: map.json)`).
  public init(map: OverlapMap) throws(RenderingError) {
    let metrics = map.interiorMetrics
    let dims = map.dims
    let rows = dims == 1 ? 1 : map.outputSize.dropLast().reduce(1, *)
    let columns = map.values.count / max(rows, 1)
    let grid = try ValueGrid(rows: rows, columns: columns, values: map.values)
    self.init(
      dims: dims, grid: grid,
      isIntegral: map.isIntegral, layers: map.layers, inputSize: map.inputSize, outputSize: map.outputSize,
      maxMinRatio: metrics.maxMinRatio, cv: metrics.cv, zeroFraction: metrics.zeroFraction, mean: metrics.mean
    )
  }

  /// The common end of both initialisers: derives the summary and parameters from the layers.
  init(
    dims: Int, grid: ValueGrid, isIntegral: Bool, layers: [LayerConfig], inputSize: [Int], outputSize: [Int],
    maxMinRatio: Double?, cv: Double?, zeroFraction: Double, mean: Double
  ) {
    self.dims = dims
    self.grid = grid
    self.isIntegral = isIntegral
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.maxMinRatio = maxMinRatio
    self.cv = cv
    self.zeroFraction = zeroFraction
    self.mean = mean
    parameterSummary = layers.map { $0.text(.title) }.joined(separator: " | ")
    parameters = .object([
      ("dims", .int(dims)), ("layers", .array(layers.map(\.json))),
      ("inputSize", .array(inputSize.map { .int($0) })),
      ("outputSize", .array(outputSize.map { .int($0) })),
    ])
  }

  /// The figure of a map's JSON (see `OverlapMap.json` for the shape).
  /// - Throws: `RenderingError.invalidMap` naming the first missing or malformed member.
  public init(json: JSONValue) throws(RenderingError) {
    func fail(_ reason: String) -> RenderingError { .invalidMap(reason: reason) }
    func ints(_ value: JSONValue?, _ name: String) throws(RenderingError) -> [Int] {
      try MapFigure.integers(value, name)
    }
    guard let d = json["dims"]?.intValue, (1...3).contains(d) else { throw fail("'dims' must be 1, 2 or 3") }
    let inputSize = try ints(json["inputSize"], "inputSize")
    let outputSize = try ints(json["outputSize"], "outputSize")
    guard outputSize.count == d, outputSize.allSatisfy({ $0 >= 1 }) else {
      throw fail("'outputSize' must hold \(d) positive sizes")
    }
    guard let layersJSON = json["layers"]?.arrayValue, !layersJSON.isEmpty else {
      throw fail("'layers' must be a non-empty array")
    }
    var layers: [LayerConfig] = []
    for (index, layer) in layersJSON.enumerated() {
      do { layers.append(try LayerConfig(json: layer)) } catch {
        guard case .invalidLayerJSON(let reason) = error else { throw fail(error.description) }
        throw fail("layers[\(index)]: \(reason)")
      }
      guard layers[index].dims == d else {
        let axes = layers[index].dims
        throw fail("layers[\(index)] has \(axes) ax\(axes == 1 ? "is" : "es") but 'dims' is \(d)")
      }
    }
    guard let rowsJSON = json["values"]?.arrayValue else { throw fail("'values' must be an array") }
    var rowArrays: [JSONValue] = d == 1 ? [.array(rowsJSON)] : rowsJSON
    if d == 3 {
      // Depth slices of rows: each slice must hold outputSize[1] rows.
      var flat: [JSONValue] = []
      for slice in rowsJSON {
        guard let sliceRows = slice.arrayValue, sliceRows.count == outputSize[1] else {
          throw fail("'values' must hold \(outputSize[0]) depth slices of \(outputSize[1]) rows in 3D")
        }
        flat += sliceRows
      }
      guard rowsJSON.count == outputSize[0] else {
        throw fail("'values' must hold \(outputSize[0]) depth slices of \(outputSize[1]) rows in 3D")
      }
      rowArrays = flat
    }
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
    guard let rows = d == 1 ? 1 : CheckedSize.productOrNil(Array(outputSize.dropLast())) else {
      throw fail("'outputSize' \(outputSize) is too large")
    }
    let columns = outputSize[d - 1]
    guard rowArrays.count == rows, values.count == CheckedSize.productOrNil([rows, columns]) else {
      throw fail("'values' must hold \(rows)×\(columns) numbers to match 'outputSize'")
    }
    guard let interior = json["interior"] else { throw fail("'interior' metrics are missing") }
    guard let zero = interior["zeroFraction"]?.doubleValue, let mean = interior["mean"]?.doubleValue else {
      throw fail("'interior' needs 'zeroFraction' and 'mean'")
    }
    let grid = try ValueGrid(rows: rows, columns: columns, values: values)
    self.init(
      dims: d, grid: grid, isIntegral: integral,
      layers: layers, inputSize: inputSize, outputSize: outputSize,
      maxMinRatio: interior["maxMinRatio"]?.doubleValue, cv: interior["cv"]?.doubleValue, zeroFraction: zero,
      mean: mean)
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

extension MapFigure {
  /// The integers of a JSON array member `name`, or `RenderingError.invalidMap` saying it must be one.
  static func integers(_ value: JSONValue?, _ name: String) throws(RenderingError) -> [Int] {
    let problem = RenderingError.invalidMap(reason: "'\(name)' must be an array of integers")
    guard let array = value?.arrayValue else { throw problem }
    var result: [Int] = []
    for element in array {
      guard let v = element.intValue else { throw problem }
      result.append(v)
    }
    return result
  }
}
