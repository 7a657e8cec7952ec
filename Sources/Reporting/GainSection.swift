import CheckerscopeCore
import OverlapAnalysis
import TransposedConv

/// Gain maps of real kernels: what each kernel outputs for a constant input, its polyphase sums
/// and whether it holds the zero-order-hold factor (a flat interior).
enum GainSection {
  static func run(_ request: GainRequest, spec: StudySpec, into builder: inout ReportBuilder) throws {
    let dims = request.inputSize.count
    var rows: [[String]] = []
    var json: [JSONValue] = []
    var flat: [String] = []
    var uneven: [String] = []
    for (index, kernel) in request.kernels.enumerated() {
      let (values, shape) = try kernel.taps(
        dims: dims, spec: spec.file, field: "sections[\(builder.section - 1)].kernels[\(index)]")
      guard shape.count == dims else {
        throw ReportError.invalidField(
          path: spec.file, field: "sections[\(builder.section - 1)].kernels[\(index)]",
          reason: "the kernel has \(shape.count) axes but the section has dims \(dims)")
      }
      let layer = LayerConfig(kernel: shape, axes: request.axes, weights: values)
      let map = try OverlapMap(layer: layer, inputSize: request.inputSize, budget: builder.budget)
      try MapSections.figure(map, name: "gain-\(index + 1)", label: "kernel \(kernel.label)", into: &builder)
      let im = map.interiorMetrics
      let sums = map.tile.values
      let spread = im.mean == 0 ? nil : (im.max - im.min) / abs(im.mean)
      rows.append([
        kernel.label, MapSections.sizes(shape),
        "[" + sums.map { Numbers.text($0) }.joined(separator: ", ") + "]",
        Numbers.ratio(spread, digits: 3), im.uniform ? "yes" : "no",
      ])
      json.append(.object([("kernel", .string(kernel.label)), ("map", map.json)]))
      if im.uniform { flat.append(kernel.label) } else { uneven.append(kernel.label) }
    }
    builder.document.table(
      header: ["kernel", "taps", "polyphase sums (interior tile)", "(max − min) / mean", "flat"], rows: rows,
      alignRight: [3])
    builder.dataLine([try builder.addJSON("gain-maps", .array(json))])
    var sentence = ""
    if !flat.isEmpty {
      sentence += "Flat for a constant input (equal polyphase sums): \(flat.joined(separator: ", ")). "
    }
    if !uneven.isEmpty {
      sentence +=
        "Uneven, so they print a checkerboard even on a flat input: \(uneven.joined(separator: ", "))."
    }
    builder.finding(sentence.trimmingSpaces)
  }
}

extension String {
  /// Without leading and trailing spaces.
  var trimmingSpaces: String {
    var text = Substring(self)
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
