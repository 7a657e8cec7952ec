import CheckerscopeCore
import OverlapAnalysis
import Rendering

extension MapSections {
  /// Gradient maps: how often each input of a strided forward convolution is read
  /// (`OverlapMap(gradientOf:inputSize:)`), one map per listed convolution.
  static func gradient(_ request: GradientRequest, into builder: inout ReportBuilder) throws {
    var rows: [[String]] = []
    var json: [JSONValue] = []
    var sentences: [String] = []
    for (index, layer) in request.layers.enumerated() {
      let map = try OverlapMap(gradientOf: layer, inputSize: request.inputSize)
      let name = "gradient of the convolution \(request.layerTexts[index])"
      try figure(
        map, name: "gradient-\(index + 1)", label: name, into: &builder,
        caption:
          "How often each pixel of a \(sizes(map.outputSize)) input is read by the convolution \(request.layerTexts[index]) (its gradient for an all-ones upstream gradient).",
        options: try gradientOptions(map, convolution: request.layerTexts[index]))
      var row = row(name, map)
      row[1] = sizes(map.outputSize)
      row[2] = sizes(map.inputSize)
      rows.append(row)
      json.append(.object([("convolution", .string(request.layerTexts[index])), ("map", map.json)]))
      sentences.append(describe("the " + name, map))
    }
    builder.document.table(
      header: [
        "map", "convolution input", "convolution output", "period", "min", "max", "max/min", "CV",
        "zero fraction",
      ],
      rows: rows, alignRight: Set(3...8))
    builder.dataLine([try builder.addJSON("gradients", .array(json))])
    builder.finding(
      sentences.joined(separator: "; ").capitalizedFirst
        + ": the backward pass of a strided convolution carries the same checkerboard as a transposed convolution."
    )
  }
}

extension MapSections {
  /// Titles for a gradient map's figure: it shows the forward convolution's input, so the title
  /// names the convolution and the axes are the input's (the map's own parameters are those of
  /// the equivalent transposed layer, whose "output" is that input).
  static func gradientOptions(_ map: OverlapMap, convolution: String) throws -> MapFigureOptions {
    var options = MapFigureOptions()
    options.title = "gradient of the convolution \(convolution) · \(try MapFigure(map: map).metricSummary)"
    options.subtitle =
      "convolution input \(sizes(map.outputSize)), output \(sizes(map.inputSize)); how often each input is read"
    options.xLabel = map.dims == 1 ? "convolution input position" : "convolution input column x"
    options.yLabel = map.dims == 1 ? nil : "convolution input row y"
    return options
  }
}

extension String {
  /// The string with its first character upper-cased.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
