import CheckerscopeCore
import OverlapAnalysis
import Rendering

/// The remedies section: the transposed convolution's map beside the maps of the remedies that
/// upsample by the same factor (`OverlapMap(remedy:…)`), with their interior metrics.
enum RemediesSection {
  static func run(_ request: RemediesRequest, into builder: inout ReportBuilder) throws {
    let factor = request.deconv.strides
    var rows: [[String]] = []
    var json: [JSONValue] = []
    let deconv = try OverlapMap(layer: request.deconv, inputSize: request.inputSize, budget: builder.budget)
    let deconvName = "transposed convolution \(request.deconvText)"
    try MapSections.figure(deconv, name: "deconv", label: deconvName, into: &builder)
    rows.append(MapSections.row(deconvName, deconv))
    json.append(.object([("name", .string(deconvName)), ("map", deconv.json)]))
    var flat: [String] = []
    for remedy in request.remedies {
      let name = remedy.rawValue
      let map = try OverlapMap(
        remedy: remedy, factor: factor, kernel: request.kernel, inputSize: request.inputSize)
      let label = "\(name) ×\(MapSections.sizes(factor)), \(MapSections.sizes(request.kernel)) convolution"
      try MapSections.figure(map, name: name, label: label, into: &builder)
      rows.append(MapSections.row(label, map))
      json.append(.object([("name", .string(label)), ("map", map.json)]))
      if map.interiorMetrics.uniform { flat.append(name) }
    }
    builder.document.table(header: MapSections.header, rows: rows, alignRight: Set(3...8))
    builder.dataLine([try builder.addJSON("remedies", .array(json))])
    let dm = deconv.interiorMetrics
    let ratio = dm.maxMinRatio.map { "a max/min of \(NumberFormat.fixed($0, 2))" } ?? "holes"
    builder.finding(
      "The transposed convolution \(request.deconvText) has \(dm.uniform ? "a flat interior" : ratio); "
        + (flat.count == request.remedies.count
          ? "every remedy (\(flat.joined(separator: ", "))) has a flat interior, so the unevenness is gone and only the borders differ."
          : "flat remedies: \(flat.isEmpty ? "none" : flat.joined(separator: ", "))."))
  }
}
