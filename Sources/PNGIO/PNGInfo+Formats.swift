import CheckerscopeCore

/// What a PNG holds, as text and JSON: the forms `checkerscope info` prints.
extension PNGInfo {
  /// The decoded channels' names: `grey`, `grey+alpha`, `rgb` or `rgba` for 1…4 channels.
  public var channelNames: String {
    ["grey", "grey+alpha", "rgb", "rgba"][min(max(channels, 1), 4) - 1]
  }

  /// `path`, then one `  name:  value` line each for size, colour type, bit depth, interlace,
  /// transparency, the decoded channels and the number of text chunks; then each text chunk as
  /// `    key: value` (newlines shown as `\n`, other control characters as spaces) and each of
  /// libpng's warnings. Every line ends in a newline.
  public func text(path: String) -> String {
    var lines = [
      path,
      "  size:          \(width) x \(height)",
      "  colour type:   \(colorType.name) (\(colorType.rawValue))",
      "  bit depth:     \(bitDepth)",
      "  interlace:     \(interlaced ? "adam7" : "none")",
      "  transparency:  \(hasTransparencyChunk ? "tRNS" : "none")",
      "  decoded:       \(channels) channel\(channels == 1 ? "" : "s") (\(channelNames)), \(decodedBitDepth)-bit",
      "  text chunks:   \(text.count)",
    ]
    for chunk in text {
      lines.append("    \(chunk.key): \(Self.oneLine(chunk.value))")
    }
    for warning in warnings { lines.append("  warning:       \(warning)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `{"path", "width", "height", "colorType", "colorTypeCode", "bitDepth", "interlace",
  /// "transparencyChunk", "decodedChannels", "decodedBitDepth", "text": [{"key", "value"}],
  /// "warnings"}`, keys in that order.
  public func json(path: String) -> JSONValue {
    .object([
      ("path", .string(path)),
      ("width", .int(width)),
      ("height", .int(height)),
      ("colorType", .string(colorType.name)),
      ("colorTypeCode", .int(Int(colorType.rawValue))),
      ("bitDepth", .int(bitDepth)),
      ("interlace", .string(interlaced ? "adam7" : "none")),
      ("transparencyChunk", .bool(hasTransparencyChunk)),
      ("decodedChannels", .int(channels)),
      ("decodedBitDepth", .int(decodedBitDepth)),
      ("text", .array(text.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) })),
      ("warnings", .array(warnings.map { .string($0) })),
    ])
  }

  /// `value` on one line: newlines shown as `\n`, other control characters as spaces.
  static func oneLine(_ value: String) -> String {
    var out = ""
    for scalar in value.unicodeScalars {
      if scalar == "\n" {
        out += "\\n"
      } else if scalar.value < 0x20 {
        out += " "
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
