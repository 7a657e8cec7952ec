import ArgumentParser
import NPYIO
import PNGIO
import TensorIO

/// `checkerscope convert IN OUT` (or `IN -o OUT`) `[--channels keep|grey|rgb|rgba] [--bit-depth 8|16] [--range LO,HI]`.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert PNG → PNG, PNG → .npy and .npy → PNG.",
    discussion: """
      PNG → .npy gives an (H, W, C) uint8 or uint16 array of the decoded pixels. .npy → PNG takes \
      (H, W) or (H, W, C) arrays with C from 1 to 4; uint8 and uint16 arrays are written as they \
      are, other types need --range LO,HI, which maps LO…HI linearly to the full sample range \
      (clamping values outside it; NaN becomes LO). Colour to grey uses BT.601 luma; alpha is \
      dropped, not composited. Text chunks of a PNG input are kept in a PNG output. \
      No output file is written when the command fails.
      """)

  enum Channels: String, ExpressibleByArgument, CaseIterable {
    case keep, grey, rgb, rgba
  }

  @Argument(help: "The input file (.png or .npy).", completion: .file(extensions: ["png", "npy"]))
  var input: String

  @Argument(
    help: ArgumentHelp("The output file (.png or .npy); or give it with -o.", valueName: "output"),
    completion: .file(extensions: ["png", "npy"]))
  var positionalOutput: String?

  @Option(
    name: [.short, .long], help: ArgumentHelp("The output file (.png or .npy).", valueName: "FILE"),
    completion: .file(extensions: ["png", "npy"]))
  var output: String?

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  /// The output path, positional or `-o`.
  var outputPath: String { output ?? positionalOutput ?? "" }

  @Option(help: "Output channels: keep, grey, rgb or rgba.")
  var channels: Channels = .keep

  @Option(
    name: .customLong("bit-depth"), parsing: .unconditional,
    help: "Output bits per sample: 8 or 16 (default: as the input).")
  var bitDepth: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Map LO…HI of a .npy input to the full sample range (needed for non-uint8/uint16 arrays).",
      valueName: "LO,HI"))
  var range: SampleRange?

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    if let bitDepth, bitDepth != 8 && bitDepth != 16 {
      throw ValidationError("--bit-depth must be 8 or 16, got \(bitDepth)")
    }
    switch (positionalOutput, output) {
    case (nil, nil): throw ValidationError("give the output file: convert IN OUT, or -o OUT")
    case (.some, .some): throw ValidationError("give the output file once: as OUT or with -o, not both")
    default: break
    }
    let output = outputPath
    if output == OutputKind.standardStream {
      throw ValidationError("convert writes .png or .npy files, not standard output; give a file name")
    }
    let inKind = FileKind(path: input)
    let outKind = FileKind(path: output)
    guard let inKind else { throw ValidationError("the input must end in .png or .npy: \(input)") }
    guard let outKind else {
      try OutputFiles.requireExtension(output, ["png", "npy"], option: "the output")
      return
    }
    if inKind == .npy && outKind == .npy {
      throw ValidationError("convert needs a PNG on at least one side (.npy → .npy is not a conversion)")
    }
    if range != nil && inKind != .npy { throw ValidationError("--range applies only to a .npy input") }
  }

  func run() throws {
    let output = outputPath
    try OutputFiles.check([output])
    // A large image takes seconds to decode, convert and encode: say so on a terminal.
    let ticker = StatusTicker(label: "convert", stage: "converting \(input)", enabled: !quiet)
    defer { ticker.finish() }
    // PNG → .npy with nothing to change: the samples are decoded into the file's bytes (one
    // buffer). Their byte order is the host's, which is the file's (<u2) on a little-endian host.
    if FileKind(path: input) == .png, FileKind(path: output) == .npy, channels == .keep, bitDepth == nil,
      UInt16(1).littleEndian == 1
    {
      _ = try resources.requirePNG(input, copies: 0)
      PNGInput.warn(input, try ImageArrays.convertUnchanged(png: input, npy: output))
      return
    }
    // Before decoding: the decoded samples plus about three more copies (channel or bit-depth
    // conversion, the output array, its encoded bytes), 2 bytes a sample at most.
    switch FileKind(path: input) {
    case .npy: try resources.requireFile(input, factor: 4)
    default: try resources.requirePNG(input, copies: 3, extraBytesPerSample: 2)
    }
    var image: PNGImage
    switch FileKind(path: input) {
    case .npy:
      image = try ImageArrays.image(
        from: NPYArray.read(from: input), path: input, range: range, bitDepth: bitDepth)
    default:
      // Text is kept only in a PNG output; for .npy it is skipped unread.
      let keepsText = FileKind(path: output) == .png
      image = try PNGInput.read(input, options: PNGReadOptions(readText: keepsText))
    }
    let targetChannels = [Channels.grey: 1, .rgb: 3, .rgba: 4][channels] ?? image.channels
    image = image.converted(toChannels: targetChannels)
    if let bitDepth { image = image.converted(toBitDepth: bitDepth) }
    switch FileKind(path: output) {
    case .npy:
      try ImageArrays.array(from: image).write(to: output)
    default:
      try image.write(to: output)
    }
  }
}

/// The two file kinds `convert` knows, by extension (case-insensitive).
enum FileKind: Equatable {
  case png, npy

  init?(path: String) {
    switch OutputKind(path: path) {
    case .png: self = .png
    case .npy: self = .npy
    default: return nil
    }
  }
}

/// `--range LO,HI`: two finite numbers with LO < HI.
extension SampleRange: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }

  public static var defaultCompletionKind: CompletionKind { .default }
}
