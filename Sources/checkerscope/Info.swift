import ArgumentParser
import CheckerscopeCore
import PNGIO

/// `checkerscope info FILE.png [--format text|json] [-o OUT]`: what a PNG holds and how it decodes.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
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
      format == .json ? try info.json(path: name).encoded(style: .pretty) + "\n" : info.text(path: name),
      to: output)
  }
}
