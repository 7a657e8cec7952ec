import ArgumentParser
import OverlapAnalysis
import Rendering
import TransposedConv

/// `checkerscope grid`: sweep kernel/stride (and dilation, padding, output padding) grids and
/// write every configuration's overlap metrics as JSON or CSV.
struct Grid: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sweep kernel/stride grids and write each configuration's overlap metrics (JSON or CSV).",
    discussion: """
      Value lists: a...b (inclusive), a..<b, 1,2,4, mixes like 1...4,8, and per-axis values like \
      3x5. Every combination is one all-ones layer; those that break PyTorch's rules (for example \
      output_padding >= max(stride, dilation)) are listed under "skipped" with the reason. The \
      default input size per configuration and axis is ceil((d(k-1) + 2p)/s) + 2, so every \
      interior spans a whole period. Output is deterministic (same bytes on any number of cores); \
      --shard I/N writes the I-th of N slices for `checkerscope merge`.
      """)

  @Option(help: ArgumentHelp("Kernel sizes, like 1...16 or 3,4,5x3.", valueName: "LIST"))
  var kernels: String

  @Option(help: ArgumentHelp("Strides, like 1...8.", valueName: "LIST"))
  var strides: String

  @Option(help: ArgumentHelp("Dilations.", valueName: "LIST"))
  var dilations: String = "1"

  @Option(help: ArgumentHelp("Paddings, removed at both ends.", valueName: "LIST"))
  var paddings: String = "0"

  @Option(help: ArgumentHelp("Output paddings.", valueName: "LIST"))
  var outputPaddings: String = "0"

  @Option(help: "Number of spatial axes, 1 or 2.")
  var dims: Int = 2

  @Option(
    help: ArgumentHelp("A fixed input size per axis (default: ceil((d(k-1) + 2p)/s) + 2).", valueName: "N"))
  var inputSize: PerAxis?

  @Option(
    help: ArgumentHelp("The result, .json or .csv; written only when the sweep succeeded.", valueName: "FILE")
  )
  var output: String

  @Option(help: ArgumentHelp("Also draw a kernel × stride summary as a PNG.", valueName: "FILE.png"))
  var heatmap: String?

  @Option(help: "The heatmap's metric of the interior: maxMinRatio, cv or zeroFraction.")
  var metric: SummaryMetric = .maxMinRatio

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  @Option(help: ArgumentHelp("Run only slice I of N (1-based), for merge.", valueName: "I/N"))
  var shard: String?

  @Flag(help: "No progress bar.")
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  /// The sweep described by the options.
  func makeSpec() throws -> SweepSpec {
    do {
      let spec = SweepSpec(
        dims: dims, kernels: try ValueList(parsing: kernels), strides: try ValueList(parsing: strides),
        dilations: try ValueList(parsing: dilations), paddings: try ValueList(parsing: paddings),
        outputPaddings: try ValueList(parsing: outputPaddings), inputSize: inputSize)
      try spec.validate()
      return spec
    } catch {
      throw ValidationError(error.description)
    }
  }

  var isCSV: Bool { output.lowercased().hasSuffix(".csv") }

  func validate() throws {
    guard (1...2).contains(dims) else { throw ValidationError("--dims must be 1 or 2, got \(dims)") }
    guard isCSV || output.lowercased().hasSuffix(".json") else {
      throw ValidationError("--output must end in .json or .csv, got '\(output)'")
    }
    if let shard {
      guard SweepShard(parsing: shard) != nil else {
        throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, like 2/8; got '\(shard)'")
      }
      guard !isCSV else {
        throw ValidationError("--shard writes JSON for merge; use an --output ending in .json")
      }
    }
    try style.requireHeatmap(heatmap)
    if style.deviation { throw ValidationError("--deviation applies to maps, not to grid summaries") }
    if let heatmap, !heatmap.lowercased().hasSuffix(".png") {
      throw ValidationError("--heatmap must end in .png, got '\(heatmap)'")
    }
    _ = try makeSpec()
  }

  func run() throws {
    let spec = try makeSpec()
    let slice = shard.flatMap(SweepShard.init(parsing:))
    let total = slice?.size(of: spec.configurationCount) ?? spec.configurationCount
    let bar = ProgressBar(total: total, label: "grid", enabled: !quiet)
    let document: SweepDocument
    do {
      document = try Sweep.run(spec, shard: slice, version: Checkerscope.version) { bar.advance(by: $0) }
      bar.finish()
    } catch {
      bar.finish()
      throw error
    }
    // Draw first, so a drawing error leaves no output behind; then write each file atomically.
    let png = try heatmap.map { _ in try GridHeatmap.png(document, metric: metric, options: style) }
    try GridFiles.write(isCSV ? document.csv() : try document.encoded(), to: output)
    if let png, let heatmap { try png.write(to: heatmap) }
    print(
      "\(output): \(total) configuration\(total == 1 ? "" : "s") (\(document.records.count) computed, \(document.skipped.count) skipped)\(slice.map { ", shard \($0)" } ?? "")"
    )
  }
}
