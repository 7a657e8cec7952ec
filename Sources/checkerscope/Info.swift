import ArgumentParser
import PNGIO

/// `checkerscope info FILE.png [--format text|json]`: what a PNG holds and how it decodes.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe a PNG: size, colour type, bit depth, interlace, decoded channels, text chunks.",
    discussion: """
      The whole file is decoded, so a damaged file is reported as an error. "decoded" gives the \
      channels and bit depth checkerscope works with: palettes become RGB (RGBA with tRNS), grey \
      below 8 bits is scaled to 8 bits, 16-bit samples stay 16-bit.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The PNG file to describe.")
  var file: String

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let (_, info) = try PNGImage.readWithInfo(from: file)
    print(
      format == .json ? InfoReport.json(info, path: file) : InfoReport.text(info, path: file), terminator: "")
  }
}

/// The text and JSON renderings of `checkerscope info`.
enum InfoReport {
  static func channelNames(_ channels: Int) -> String {
    ["grey", "grey+alpha", "rgb", "rgba"][channels - 1]
  }

  static func text(_ info: PNGInfo, path: String) -> String {
    var lines = [
      path,
      "  size:          \(info.width) x \(info.height)",
      "  colour type:   \(info.colorType.name) (\(info.colorType.rawValue))",
      "  bit depth:     \(info.bitDepth)",
      "  interlace:     \(info.interlaced ? "adam7" : "none")",
      "  transparency:  \(info.hasTransparencyChunk ? "tRNS" : "none")",
      "  decoded:       \(info.channels) channel\(info.channels == 1 ? "" : "s") (\(channelNames(info.channels))), \(info.decodedBitDepth)-bit",
      "  text chunks:   \(info.text.count)",
    ]
    for chunk in info.text {
      let value = chunk.value.replacingNewlines()
      lines.append("    \(chunk.key): \(value)")
    }
    for warning in info.warnings { lines.append("  warning:       \(warning)") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func json(_ info: PNGInfo, path: String) -> String {
    let text = info.text.map { "    {\"key\": \(quoted($0.key)), \"value\": \(quoted($0.value))}" }
    let warnings = info.warnings.map { "    \(quoted($0))" }
    return """
      {
        "path": \(quoted(path)),
        "width": \(info.width),
        "height": \(info.height),
        "colorType": \(quoted(info.colorType.name)),
        "colorTypeCode": \(info.colorType.rawValue),
        "bitDepth": \(info.bitDepth),
        "interlace": \(quoted(info.interlaced ? "adam7" : "none")),
        "transparencyChunk": \(info.hasTransparencyChunk),
        "decodedChannels": \(info.channels),
        "decodedBitDepth": \(info.decodedBitDepth),
        "text": \(list(text)),
        "warnings": \(list(warnings))
      }

      """
  }

  static func list(_ items: [String]) -> String {
    items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]"
  }

  /// A JSON string literal (RFC 8259 escapes; control characters as \u00XX).
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let s where s.value < 0x20:
        let hex = String(s.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

extension String {
  /// The text on one line: newlines shown as `\n`, other control characters as spaces.
  fileprivate func replacingNewlines() -> String {
    var out = ""
    for scalar in unicodeScalars {
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
