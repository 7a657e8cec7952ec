import ArgumentParser
import FileOutput
import OverlapAnalysis
import TransposedConv

/// `checkerscope overlap`: overlap-count and gain maps of transposed-convolution layers, with
/// their metrics, as a text table, JSON or CSV.
struct Overlap: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overlap",
    abstract: "Compute the overlap-count or gain map of transposed-convolution layers and its metrics.",
    discussion: """
      Per-axis values are written 3 (every axis), 3x5 (H then W) or 3x3x5 (D, H, W with --dims 3). Give one layer with --kernel, \
      --stride, --padding …, or a stack with repeated --layer 'k=3,s=2,p=1,d=1,op=0' (keys k, s, p, \
      pb, pe, d, op); --input-size applies to the first layer. The interior metrics describe one \
      period of the pattern an infinitely long input gives, independent of input size and padding.
      """)

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
  }

  @Option(parsing: .unconditional, help: "Number of spatial axes, 1, 2 or 3.")
  var dims: Int = 2

  @Option(parsing: .unconditional, help: "Kernel size per axis (K or KHxKW).")
  var kernel: PerAxis?

  @OptionGroup var layerParameters: LayerParameterOptions

  @Option(
    parsing: .unconditional,
    help: "Input size per axis (of the first layer; of the forward convolution with --gradient).")
  var inputSize: PerAxis

  @Option(
    help: ArgumentHelp(
      "A kernel spec for a gain map: ones:K, bilinear:K or random:K:SEED.", valueName: "SPEC"),
    transform: KernelSpec.argument)
  var kernelSpec: KernelSpec?

  @Option(
    help: ArgumentHelp(
      "A .npy weight (or FILE.safetensors:TENSOR) for a gain map: PyTorch's ConvTranspose layout (C_in, C_out/groups, k…), or just the taps (k…).",
      valueName: "W.npy"), completion: .file(extensions: ["npy", "safetensors"]))
  var weight: String?

  @Option(
    parsing: .unconditional,
    help: """
      The output channel of --weight to map (with --gradient, a Conv-layout weight \
      (C_out, C_in/groups, k…) is read the same way, so this is the input channel).
      """)
  var channel: Int = 0

  @Option(parsing: .unconditional, help: "Channel groups of --weight.")
  var groups: Int = 1

  @Option(
    name: .customLong("layer"),
    help: "A layer of a stack, like 'k=3,s=2,p=1,d=1,op=0' or 'k=3 s=2 p=1' (repeatable).")
  var layers: [String] = []

  @Flag(help: "Map the gradient of a strided forward convolution: how often each input position is used.")
  var gradient = false

  @Option(
    help:
      "Map a remedy: resize-nearest, resize-bilinear or subpixel-icnr (upsampling by --stride, then kernel --kernel)."
  )
  var remedy: Remedy?

  @Option(help: "Output format: text, json or csv (default: the --output extension, else text).")
  var format: Format?

  @Option(
    name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json", "csv"]))
  var output = OutputKind.standardStream

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var heatmap: HeatmapOptions

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    guard (1...3).contains(dims) else { throw ValidationError("--dims must be 1, 2 or 3, got \(dims)") }
    if layerParameters.paddingBegin != nil || layerParameters.paddingEnd != nil {
      guard layerParameters.paddingBegin != nil, layerParameters.paddingEnd != nil else {
        throw ValidationError("--padding-begin and --padding-end go together; give both")
      }
    }
    if !layers.isEmpty {
      let single: [(String, Any?)] =
        [("--kernel", kernel)] + layerParameters.named.map { ($0.name, $0.value) }
        + [("--kernel-spec", kernelSpec), ("--weight", weight)]
      if let given = single.first(where: { $0.1 != nil }) {
        throw ValidationError("\(given.0) describes a single layer; with --layer, put it in the layer specs")
      }
    } else if kernel == nil, kernelSpec == nil, weight == nil {
      throw ValidationError("give --kernel (or --kernel-spec or --weight), or a stack with --layer")
    }
    if weight != nil, kernelSpec != nil {
      throw ValidationError("give either --weight or --kernel-spec, not both")
    }
    if weight == nil, channel != 0 || groups != 1 {
      throw ValidationError("--channel and --groups select part of a --weight file; give --weight")
    }
    guard groups >= 1 else { throw ValidationError("--groups must be at least 1, got \(groups)") }
    guard channel >= 0 else { throw ValidationError("--channel must be at least 0, got \(channel)") }
    if gradient {
      guard remedy == nil else {
        throw ValidationError("--gradient and --remedy are different maps; give one")
      }
      guard layers.count <= 1 else {
        throw ValidationError("--gradient maps one forward convolution; give one --layer")
      }
      guard layerParameters.outputPadding == nil else {
        throw ValidationError("a forward convolution has no --output-padding")
      }
    }
    if remedy != nil {
      guard layers.isEmpty else { throw ValidationError("--remedy uses --kernel and --stride, not --layer") }
      if let given = layerParameters.named.first(where: { $0.name != "--stride" && $0.value != nil }) {
        throw ValidationError(
          "\(given.name) does not apply to --remedy (its convolution uses padding='same')")
      }
    }
    let perAxis: [(name: String, value: PerAxis?)] =
      [("--kernel", kernel)] + layerParameters.named + [("--input-size", inputSize)]
    for (name, value) in perAxis {
      if let value, value.values.count > dims {
        throw ValidationError(
          "\(name) \(value) gives \(value.values.count) per-axis values but --dims is \(dims)")
      }
    }
    if layers.isEmpty {
      try layerParameters.validateValues(kernel: kernel, inputSize: inputSize, dims: dims)
    } else {
      for spec in layers {
        do {
          try LayerConfig(parsing: spec, dims: dims).validate()
        } catch {
          throw ValidationError("--layer '\(spec)': \(error.description)")
        }
      }
      try layerParameters.validateValues(inputSize: inputSize, dims: dims)
    }
  }

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    try OutputFiles.check([heatmap.heatmap])
    let map = try makeMap()
    let text: String
    switch format {
    case .text:
      text =
        header + map.textReport()
        + (remedy == nil && !gradient && map.layers.count == 1
          ? try PolyphaseSums(layer: map.layers[0]).textSummary : "")
    case .csv: text = map.csv()
    case .json: text = try map.jsonDocument()
    }
    // The heatmap waits in its temporary until the result is written.
    let staged = try heatmap.stage(map, budget: resources.budget)
    let result: StagedFile?
    do {
      result = try ResultOutput.stage(text, to: output)
    } catch {
      staged?.discard()
      throw error
    }
    do {
      try result?.commit()
    } catch {
      staged?.discard()
      throw CLIError(error.description)
    }
    try staged?.commit()
  }

  /// A first line saying what a gradient or remedy map shows (empty otherwise).
  var header: String {
    if gradient {
      return "gradient map: how often each input position of the forward convolution is used "
        + "(computed as the transposed layer below)\n"
    }
    if let remedy {
      return "remedy \(remedy.rawValue): upsampling by the stride, then a stride-1 convolution\n"
    }
    return ""
  }

  /// Builds the map the options describe.
  func makeMap() throws -> OverlapMap {
    try OverlapMap.document(
      layers: try makeLayers(), inputSize: try inputSize.resolved(dims: dims), gradient: gradient,
      remedy: remedy, budget: resources.budget)
  }
}
