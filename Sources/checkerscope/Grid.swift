import ArgumentParser
import FileOutput
import Rendering
import Sweeps
import TransposedConv

/// `checkerscope grid`: sweep kernel/stride (and dilation, padding, output padding) grids and
/// write every configuration's overlap metrics as JSON or CSV.
struct Grid: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grid",
    abstract: "Sweep kernel/stride grids and write each configuration's overlap metrics (JSON or CSV).",
    discussion: """
      Value lists: a...b (inclusive), a..<b, 1,2,4, mixes like 1...4,8, and per-axis values like \
      3x5. Every combination is one all-ones layer; those that break PyTorch's rules (for example \
      output_padding >= max(stride, dilation)) are listed under "skipped" with the reason. The \
      default input size per configuration and axis is ceil((d(k-1) + 2p)/s) + 2, so every \
      interior spans a whole period. Output is deterministic (same bytes on any number of cores); \
      --shard I/N writes the I-th of N slices for `checkerscope merge`.
      """)

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Kernel sizes, like 1...16 or 3,4,5x3.", valueName: "LIST"),
    transform: ValueList.argument)
  var kernels: ValueList

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Strides, like 1...8.", valueName: "LIST"),
    transform: ValueList.argument)
  var strides: ValueList

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Dilations (default: 1).", valueName: "LIST"),
    transform: ValueList.argument)
  var dilations = ValueList([1])

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Paddings, removed at both ends (default: 0).", valueName: "LIST"),
    transform: ValueList.argument)
  var paddings = ValueList([0])

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Output paddings (default: 0).", valueName: "LIST"),
    transform: ValueList.argument)
  var outputPaddings = ValueList([0])

  @Option(parsing: .unconditional, help: "Number of spatial axes, 1, 2 or 3.")
  var dims: Int = 2

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("A fixed input size per axis (default: ceil((d(k-1) + 2p)/s) + 2).", valueName: "N"))
  var inputSize: PerAxis?

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, csv
  }

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The result, .json or .csv, written only when the sweep succeeded; - is standard output (the default).",
      valueName: "FILE"),
    completion: .file(extensions: ["json", "csv"]))
  var output = OutputKind.standardStream

  @Option(help: "Output format: json or csv (default: the --output extension, else json).")
  var format: Format?

  @Option(
    help: ArgumentHelp(
      "Also draw a kernel × stride summary as a PNG or SVG (by extension).", valueName: "FILE.png|FILE.svg"),
    completion: .file(extensions: OutputKind.figureExtensions))
  var heatmap: String?

  @Option(help: "The heatmap's metric of the interior: maxMinRatio, cv or zeroFraction.")
  var metric: SummaryMetric = .maxMinRatio

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  @Option(
    help: ArgumentHelp("Run only slice I of N (1-based), for merge.", valueName: "I/N"),
    transform: SweepShard.argument)
  var shard: SweepShard?

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  /// The sweep described by the options.
  func makeSpec() throws -> SweepSpec {
    do {
      let spec = SweepSpec(
        dims: dims, kernels: kernels, strides: strides, dilations: dilations, paddings: paddings,
        outputPaddings: outputPaddings, inputSize: inputSize)
      try spec.validate()
      return spec
    } catch {
      throw ValidationError(error.description)
    }
  }

  var isCSV: Bool { (try? resolvedFormat()) == .csv }

  /// `--format`, else the output's extension, else JSON.
  func resolvedFormat() throws -> Format {
    try ResultOutput.format(explicit: format, output: output, fallback: Format.json)
  }

  func validate() throws {
    guard (1...3).contains(dims) else { throw ValidationError("--dims must be 1, 2 or 3, got \(dims)") }
    _ = try resolvedFormat()
    if shard != nil, isCSV {
      throw ValidationError(
        "--shard writes JSON for merge; use an --output ending in .json (or --format json)")
    }
    try style.requireHeatmap(heatmap)
    if style.deviation { throw ValidationError("--deviation applies to maps, not to grid summaries") }
    if let heatmap { _ = try FigureOutput.format(of: heatmap, option: "--heatmap") }
    _ = try makeSpec()
  }

  func run() throws {
    try ResultOutput.check(output)
    try OutputFiles.check([heatmap])
    let spec = try makeSpec()
    let total = shard?.size(of: spec.configurationCount) ?? spec.configurationCount
    let bar = ProgressBar(total: total, label: "grid", enabled: !quiet)
    let document: SweepDocument
    do {
      document = try Sweep.run(spec, shard: shard, version: Checkerscope.version) { bar.advance(by: $0) }
      bar.finish()
    } catch {
      bar.finish()
      throw error
    }
    // Everything is encoded first, then written all or nothing: a failure leaves no output.
    let text = isCSV ? document.csv() : try document.encoded()
    var files: [(path: String, bytes: [UInt8])] = []
    if let heatmap {
      let figure = try FigureOutput.encode(
        try GridHeatmap.figure(document, metric: metric, options: style),
        format: try FigureOutput.format(of: heatmap, option: "--heatmap"), scale: style.drawScale,
        text: try GridHeatmap.metadata(document, metric: metric))
      files.append((heatmap, figure))
    }
    let toStandardOutput = ResultOutput.isStandardOutput(output)
    if !toStandardOutput { files.insert((output, Array(text.utf8)), at: 0) }
    // On standard output the result goes first: a failure there leaves no heatmap either.
    if toStandardOutput { try Console.write(text) }
    try AtomicFile.writeAll(files)
    try Console.status(
      "\(output): \(total) configuration\(total == 1 ? "" : "s") (\(document.records.count) computed, \(document.skipped.count) skipped)\(shard.map { ", shard \($0)" } ?? "")",
      quiet: quiet, resultOnStandardOutput: toStandardOutput)
  }
}
