import CheckerscopeCore
import Foundation

extension OverlapMap {
  /// The map as an aligned text table (one line per row, 1D as one row, 3D as one table per depth
  /// slice under a `depth z = i:` line) followed by the interior
  /// ranges, the interior tile and both metric sets, for `checkerscope overlap --format text`.
  ///
  /// Counts are written as integers, gains with 6 significant digits; columns are right-aligned to
  /// the widest entry. Deterministic and locale-independent.
  public func textReport() -> String {
    var lines: [String] = []
    let kind = isIntegral ? "overlap counts" : "gains"
    lines.append(
      "\(kind), \(dims)D, input \(Self.axes(inputSize)) -> output \(Self.axes(outputSize)), \(layers.count) layer\(layers.count == 1 ? "" : "s")"
    )
    for (index, layer) in layers.enumerated() {
      lines.append("layer \(index + 1): \(layer.text)\(layer.isAllOnes ? "" : " (weighted)")")
    }
    lines.append("")
    // Row by row, without holding every cell's text at once (maps may have millions of cells);
    // 3D maps as depth slices of rows.
    let cellWidth = values.reduce(0) { Swift.max($0, format($1).count) }
    let rowLength = Swift.max(outputSize[dims - 1], 1)
    var rowLines: [String] = []
    for start in stride(from: 0, to: values.count, by: rowLength) {
      rowLines.append(
        values[start..<Swift.min(start + rowLength, values.count)].map { value in
          let text = format(value)
          return String(repeating: " ", count: cellWidth - text.count) + text
        }
        .joined(separator: " "))
    }
    lines += Self.slices(rowLines, shape: outputSize, indent: "")
    lines.append("")
    let ranges = interior.map { $0.isEmpty ? "none" : "\($0.lowerBound)...\($0.upperBound - 1)" }
    let positions =
      dims == 1
      ? ranges[0]
      : (dims == 3 ? "depth \(ranges[0]), " : "") + "rows \(ranges[dims - 2]), columns \(ranges[dims - 1])"
    lines.append("interior positions: \(positions) (\(interiorCount) of \(values.count))")
    lines.append("full:     \(metricsText(fullMetrics))")
    lines.append("interior: \(metricsText(interiorMetrics))")
    lines.append(
      "interior tile (\(Self.axes(tile.shape)), phase of position o = (o + \(Self.axes(tile.offset))) mod \(Self.axes(tile.shape))):"
    )
    let width = tile.shape[dims - 1]
    let tileRows = stride(from: 0, to: tile.values.count, by: width).map {
      Array(tile.values[$0..<$0 + width])
    }
    lines += Self.slices(
      Self.table(tileRows.map { $0.map(format) }).map { "  " + $0 }, shape: tile.shape, indent: "  ")
    lines.append("distinct values (full): " + distinctText(fullMetrics))
    lines.append("distinct values (interior): " + distinctText(interiorMetrics))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The map's rows as CSV (comma-separated, one line per row, no header; in 3D the `D·H` rows,
  /// depth slice after depth slice, so row `(z, y)` is line `z·H + y`).
  public func csv() -> String {
    rows.map { $0.map(format).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// A value as text: an integer for counts, 6 significant digits for gains.
  func format(_ value: Double) -> String {
    if isIntegral, abs(value) < 9e15 { return String(Int(value)) }
    return Self.number(value)
  }

  /// Up to 6 significant digits, no trailing zeros, locale-independent.
  static func number(_ value: Double) -> String {
    NumberFormat.significant(value, 6)
  }

  func metricsText(_ m: OverlapMetrics) -> String {
    let optional: (Double?) -> String = { $0.map(Self.number) ?? "n/a" }
    return [
      "min \(format(m.min))", "max \(format(m.max))", "mean \(Self.number(m.mean))",
      "std \(Self.number(m.std))",
      "cv \(optional(m.cv))", "max/min \(optional(m.maxMinRatio))", "zeros \(Self.number(m.zeroFraction))",
      "period \(Self.axes(m.period))", "uniform \(m.uniform ? "yes" : "no")",
    ].joined(separator: "  ")
  }

  func distinctText(_ m: OverlapMetrics) -> String {
    m.distinct.map { "\(format($0.value)) (\($0.count))" }.joined(separator: ", ")
  }

  static func axes(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }

  /// Table lines of a map's rows; in 3D, each depth slice's `H` lines follow a `depth z = i:` line.
  static func slices(_ lines: [String], shape: [Int], indent: String) -> [String] {
    guard shape.count == 3 else { return lines }
    let height = max(shape[1], 1)
    return stride(from: 0, to: lines.count, by: height).flatMap { start in
      ["\(indent)depth z = \(start / height):"] + lines[start..<min(start + height, lines.count)]
    }
  }

  /// Right-aligns cells to the widest one, separated by one space.
  static func table(_ cells: [[String]]) -> [String] {
    let width = cells.flatMap { $0 }.map(\.count).max() ?? 0
    return cells.map { row in
      row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
    }
  }
}
