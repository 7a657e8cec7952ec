import CheckerscopeCore
import OverlapAnalysis
import Rendering

/// Sections that show maps of layer stacks: overlap maps, a stack map after map, gradient maps.
enum MapSections {
  /// One row of a map table: name, input and output sizes, interior tile, metrics.
  static func row(_ name: String, _ map: OverlapMap) -> [String] {
    let im = map.interiorMetrics
    return [
      name, sizes(map.inputSize), sizes(map.outputSize), sizes(im.period), Numbers.text(im.min),
      Numbers.text(im.max), Numbers.ratio(im.maxMinRatio), Numbers.ratio(im.cv, digits: 3),
      Numbers.ratio(im.zeroFraction),
    ]
  }

  static let header = [
    "map", "input", "output", "period", "min", "max", "max/min", "CV", "zero fraction",
  ]

  /// `4×6` or `8`.
  static func sizes(_ values: [Int]) -> String { values.map(String.init).joined(separator: "×") }

  /// A sentence describing a map's interior.
  static func describe(_ name: String, _ map: OverlapMap) -> String {
    let im = map.interiorMetrics
    if im.uniform { return "\(name) is uniform inside (every interior value \(Numbers.text(im.min)))" }
    if im.zeroFraction > 0 {
      return
        "\(name) leaves holes (\(Numbers.ratio(im.zeroFraction * 100, digits: 0))% of the interior gets nothing)"
    }
    return "\(name) repeats with period \(sizes(im.period)) and a max/min of \(Numbers.ratio(im.maxMinRatio))"
  }

  /// Adds the map's figure (when it can be drawn) and returns nothing.
  static func figure(
    _ map: OverlapMap, name: String, label: String, into builder: inout ReportBuilder,
    deviation: Bool = false,
    caption: String? = nil, options: MapFigureOptions = MapFigureOptions()
  ) throws {
    guard let image = try Figures.map(map, deviation: deviation, options: options) else { return }
    let kind = ["Bar chart", "Heatmap", "Montage of the slices"][map.dims - 1]
    let quantity = map.isIntegral ? "overlap counts" : "gains"
    try builder.figure(
      image, name: name, alt: "\(kind) of the \(quantity) of \(label)",
      caption: caption ?? "\(quantity.capitalizedFirst) of \(label), input \(sizes(map.inputSize)).")
  }

  static func overlap(_ requests: [MapRequest], into builder: inout ReportBuilder) throws {
    var rows: [[String]] = []
    var json: [JSONValue] = []
    var sentences: [String] = []
    for (index, request) in requests.enumerated() {
      let map = try OverlapMap(layers: request.layers, inputSize: request.inputSize, budget: builder.budget)
      try figure(map, name: "map-\(index + 1)", label: request.name, into: &builder)
      rows.append(row(request.name, map))
      json.append(.object([("name", .string(request.name)), ("map", map.json)]))
      sentences.append(describe(request.name, map))
    }
    builder.document.table(header: header, rows: rows, alignRight: Set(3...8))
    builder.dataLine([try builder.addJSON("maps", .array(json))])
    builder.finding(sentences.joined(separator: "; ") + ".")
  }

  static func stack(_ request: MapRequest, into builder: inout ReportBuilder) throws {
    var rows: [[String]] = []
    var json: [JSONValue] = []
    var maps: [OverlapMap] = []
    for count in 1...request.layers.count {
      let map = try OverlapMap(
        layers: Array(request.layers.prefix(count)), inputSize: request.inputSize, budget: builder.budget)
      let name = request.layerTexts.prefix(count).joined(separator: " → ")
      try figure(map, name: "stack-\(count)", label: name, into: &builder)
      rows.append(row(name, map))
      json.append(.object([("layers", .string(name)), ("map", map.json)]))
      maps.append(map)
    }
    builder.document.table(header: header, rows: rows, alignRight: Set(3...8))
    builder.dataLine([try builder.addJSON("stack", .array(json))])
    guard let first = maps.first, let last = maps.last else { return }
    let a = first.interiorMetrics
    let b = last.interiorMetrics
    builder.finding(
      "After \(request.layers.count) layer\(request.layers.count == 1 ? "" : "s") the interior has period \(sizes(b.period)) and max/min \(Numbers.ratio(b.maxMinRatio)), against period \(sizes(a.period)) and max/min \(Numbers.ratio(a.maxMinRatio)) for the first layer alone."
    )
  }
}
