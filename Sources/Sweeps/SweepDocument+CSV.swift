import CheckerscopeCore
import Foundation
import OverlapAnalysis

extension SweepDocument {
  /// The CSV header row's columns (see `csv()`).
  public static let csvColumns: [String] =
    ["dims", "kernel", "stride", "padding", "outputPadding", "dilation", "inputSize", "outputSize"]
    + ["full", "interior"].flatMap { set in
      ["min", "max", "mean", "std", "cv", "maxMinRatio", "zeroFraction", "period", "uniform"].map {
        "\(set)_\($0)"
      }
    } + ["evenOverlap", "holes", "skipped"]

  /// The document as CSV: a header row (`csvColumns`) and one row per configuration in sweep
  /// order, records and skipped configurations alike, newline-terminated.
  ///
  /// Per-axis values are written `3x3` (padding `1x1`, or `begin:end` per axis when asymmetric);
  /// `mean`, `std`, `cv`, `maxMinRatio` and `zeroFraction` with exactly 6 decimals
  /// (locale-independent); counts and periods as integers; booleans `true`/`false`; undefined
  /// values (`cv`/`maxMinRatio` of holes) and a skipped configuration's metrics empty; the
  /// `skipped` column holds the reason, quoted. Deterministic.
  public func csv() -> String {
    var order: [String: Int] = [:]
    for index in 0..<sweep.configurationCount { order[sweep.configuration(at: index).key] = index }
    let entries = (records + skipped).sorted {
      (order[Self.key(of: $0)] ?? Int.max) < (order[Self.key(of: $1)] ?? Int.max)
    }
    var lines = [Self.csvColumns.joined(separator: ",")]
    for entry in entries { lines.append(Self.csvRow(entry, dims: sweep.dims).joined(separator: ",")) }
    return lines.joined(separator: "\n") + "\n"
  }

  static func csvRow(_ entry: JSONValue, dims: Int) -> [String] {
    // The layer's columns stay empty when its JSON cannot be read (never in a parsed document).
    let layer = (entry["layers"]?[0]).flatMap { try? LayerConfig(json: $0) }
    func axes(_ value: JSONValue?) -> String {
      (value?.arrayValue ?? []).map { $0.intValue.map(String.init) ?? "" }.joined(separator: "x")
    }
    func axes(_ values: [Int]?) -> String { (values ?? []).map(String.init).joined(separator: "x") }
    let symmetric = layer?.axes.allSatisfy(\.isSymmetric) ?? true
    let padding = (layer?.axes ?? []).map {
      symmetric ? "\($0.paddingBegin)" : "\($0.paddingBegin):\($0.paddingEnd)"
    }.joined(separator: "x")
    var row = [
      String(dims), axes(layer?.kernel), axes(layer?.strides), padding,
      axes(layer?.axes.map(\.outputPadding)),
      axes(layer?.axes.map(\.dilation)), axes(entry["inputSize"]), axes(entry["outputSize"]),
    ]
    let skippedReason = entry["reason"]?.stringValue
    for set in ["full", "interior"] {
      let metrics = entry[set]
      row.append(integer(metrics?["min"]))
      row.append(integer(metrics?["max"]))
      for name in ["mean", "std", "cv", "maxMinRatio", "zeroFraction"] { row.append(fixed(metrics?[name])) }
      row.append(axes(metrics?["period"]))
      row.append(metrics?["uniform"]?.boolValue.map { $0 ? "true" : "false" } ?? "")
    }
    for name in ["evenOverlap", "holes"] {
      row.append(entry[name]?.boolValue.map { $0 ? "true" : "false" } ?? "")
    }
    row.append(skippedReason.map(CSV.quoted) ?? "")
    return row
  }

  private static func integer(_ value: JSONValue?) -> String {
    guard let value, let number = value.doubleValue else { return "" }
    if let int = value.intValue { return String(int) }
    return fixed(.double(number))
  }

  private static func fixed(_ value: JSONValue?) -> String {
    guard let number = value?.doubleValue else { return "" }
    return NumberFormat.printf(number, 6)
  }
}
