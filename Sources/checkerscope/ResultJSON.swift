import CheckerscopeCore

/// A result as JSON text, never failing on a non-finite number: each NaN or infinity is written as
/// `null`, the document (when it is an object) gains `"nonFiniteNumbers": ["nodes[3].strength =
/// nan", …]`, and one warning line on standard error names `source` (the file the numbers came
/// from) and the first of them.
enum ResultJSON {
  static func text(_ value: JSONValue, source: String, style: JSONValue.Style = .pretty) throws -> String {
    let (clean, found) = value.finiteDocument()
    if !found.isEmpty {
      let more = found.count > 1 ? " and \(found.count - 1) more" : ""
      Console.error(
        "\(source): warning: \(found[0])\(more) is not a finite number; written as null in the JSON result")
    }
    return try clean.encoded(style: style) + "\n"
  }
}
