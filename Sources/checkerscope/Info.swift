import ArgumentParser
import CheckerscopeCore
import PNGIO

/// `checkerscope info FILE.png [--format text|json] [-o OUT]`: what a PNG holds and how it decodes.
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

  @Argument(
    help: ArgumentHelp("The PNG file to describe; - reads it from standard input.", valueName: "FILE.png"),
    completion: .file(extensions: ["png"]))
  var file: String

  @Option(help: "Output format: text or json (default: the --output extension, else text).")
  var format: Format?

  @Option(name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json"]))
  var output = OutputKind.standardStream

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  func validate() throws {
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
  }

  @OptionGroup var resources: ResourceOptions

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    // The decoded samples, from the header, are checked against the budget before decoding.
    let (_, info): (PNGImage, PNGInfo)
    if file == OutputKind.standardStream {
      let bytes = Array(try InputText.readStandardInput())
      try resources.requirePNG(try PNGInfo.decode(bytes, path: "standard input"), name: "standard input")
      (_, info) = try PNGImage.decodeWithInfo(bytes, path: "standard input")
    } else {
      try resources.requirePNG(file)
      (_, info) = try PNGImage.readWithInfo(from: file)
    }
    let name = file == OutputKind.standardStream ? "standard input" : file
    try ResultOutput.write(
      format == .json ? try InfoReport.json(info, path: name) : InfoReport.text(info, path: name), to: output)
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

  static func json(_ info: PNGInfo, path: String) throws -> String {
    let text: [JSONValue] = info.text.map {
      .object([("key", .string($0.key)), ("value", .string($0.value))])
    }
    let document: JSONValue = .object([
      ("path", .string(path)),
      ("width", .int(info.width)),
      ("height", .int(info.height)),
      ("colorType", .string(info.colorType.name)),
      ("colorTypeCode", .int(Int(info.colorType.rawValue))),
      ("bitDepth", .int(info.bitDepth)),
      ("interlace", .string(info.interlaced ? "adam7" : "none")),
      ("transparencyChunk", .bool(info.hasTransparencyChunk)),
      ("decodedChannels", .int(info.channels)),
      ("decodedBitDepth", .int(info.decodedBitDepth)),
      ("text", .array(text)),
      ("warnings", .array(info.warnings.map { .string($0) })),
    ])
    return try document.encoded(style: .pretty) + "\n"
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
