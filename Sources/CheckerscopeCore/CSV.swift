/// The project's one CSV writer (RFC 4180): comma-separated fields, `\n` line ends, a field
/// quoted (`"` doubled) when it holds a comma, a quote or a line break.
public enum CSV {
  /// A header and rows, each line ending with `\n`; every cell goes through `field(_:)`.
  public static func text(header: [String], rows: [[String]]) -> String {
    ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// One line of cells, each through `field(_:)`, ending with `\n`.
  public static func line(_ cells: [String]) -> String {
    cells.map(field).joined(separator: ",") + "\n"
  }

  /// `text` as one field: unchanged unless it holds a comma, quote, `\n` or `\r`, else quoted.
  public static func field(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return quoted(text)
  }

  /// `text` always in quotes, with each `"` doubled.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
    }
    return out + "\""
  }
}
