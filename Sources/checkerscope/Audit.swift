import ArgumentParser
import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import OverlapAnalysis
import PNGIO
import Rendering
import Reporting

/// `checkerscope audit`: which layers of a model make checkerboard artifacts, and what fixes them.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit an ONNX model (or safetensors weights) for checkerboard artifacts, layer by layer.",
    discussion: """
      Lists, in graph order, every node that changes the sampling lattice (ConvTranspose, Resize, \
      Upsample, DepthToSpace, and Conv with a stride above 1) with its parameters in PyTorch's terms, \
      the overlap pattern of its all-ones kernel, the phase energy fraction (PEF) of each output \
      channel's learned response to a flat input, a verdict (artifacts, compensated, gradient-only, ok) \
      and a remedy. Without an ONNX file, --safetensors FILE with repeated \
      --layer 'TENSOR:k=3,s=2,p=1,op=1' audits ConvTranspose weights of a state dict. \
      --write-baseline FILE records every layer's facts (parameters, shapes, overlap, verdict) and \
      each channel's PEF and phase gains; --baseline FILE compares them: facts must be equal, a PEF \
      may move by --pef-tolerance (absolute), a gain by --gain-tolerance times the layer's largest \
      |gain|. Exit status: 3 when a gate trips (--fail-on artifacts and a layer not exempted by \
      --ignore has the verdict artifacts, or a layer drifted from --baseline), with one stderr line \
      per such layer; 1 for errors; 64 for usage errors.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, md
  }

  enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case artifacts, never
  }

  @Argument(
    help: ArgumentHelp(
      "The ONNX model (a safetensors state dict is recognised by its content; give it --layer).",
      valueName: "MODEL.onnx"))
  var model: String?

  @Option(
    help: ArgumentHelp(
      "The model input's shape, filling symbolic dimensions: 1x3x256x256.", valueName: "SHAPE"),
    transform: InputShape.argument)
  var inputShape: InputShape?

  @Option(help: "Output format: text, json or md (default: the --output extension, else text).")
  var format: Format?

  @Option(
    name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json", "md"]))
  var output = OutputKind.standardStream

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @Option(help: "PEF above which a layer's learned response counts as uneven.")
  var threshold: Double = ModelAuditor.defaultThreshold

  @Option(
    help: "Exit with status 3 when a layer's verdict is artifacts (artifacts), or never (the default).")
  var failOn: FailOn = .never

  @OptionGroup var ignore: IgnoreOptions

  @OptionGroup var baselines: ModelBaselineOptions

  @Option(
    help: ArgumentHelp(
      "Draw each layer's overlap map and worst channel's gain tile into DIR.", valueName: "DIR"))
  var heatmaps: String?

  @Option(help: ArgumentHelp("The format of the --heatmaps figures.", valueName: "png|svg"))
  var figures: FigureFormat = .png

  @Flag(
    help: "Also run the model on a constant input and show the probe's strength per layer beside the audit.")
  var probe = false

  @Option(
    help: ArgumentHelp("A safetensors state dict to audit instead of an ONNX model.", valueName: "FILE"))
  var safetensors: String?

  @Option(
    name: .customLong("layer"),
    help: ArgumentHelp(
      "With --safetensors: a ConvTranspose weight and its parameters (repeatable).",
      valueName: "TENSOR:k=3,s=2,p=1,op=1"),
    transform: SafetensorsLayer.argument)
  var layers: [SafetensorsLayer] = []

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    guard threshold.isFinite, threshold >= 0, threshold < 1 else {
      throw ValidationError("--threshold must be at least 0 and below 1, got \(threshold)")
    }
    switch (model, safetensors) {
    case (nil, nil): throw ValidationError("give a model: MODEL.onnx, or --safetensors FILE with --layer")
    case (.some, .some): throw ValidationError("give either MODEL.onnx or --safetensors, not both")
    case (nil, .some):
      if inputShape != nil { throw ValidationError("--input-shape applies to ONNX models only") }
      if probe { throw ValidationError("--probe runs an ONNX model; it does not apply to --safetensors") }
    case (.some, nil): break
    }
    for layer in layers {
      // The weight's rank decides 1D or 2D later; the spec must parse as one of them.
      if (try? LayerConfig(parsing: layer.spec, dims: 2)) == nil,
        (try? LayerConfig(parsing: layer.spec, dims: 1)) == nil
      {
        do { _ = try LayerConfig(parsing: layer.spec, dims: 2) } catch {
          throw ValidationError("--layer '\(layer.tensor):\(layer.spec)': \(error.description)")
        }
      }
    }
  }

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    try OutputFiles.check([baselines.writeBaseline])
    let baseline = try baselines.read()
    let report: AuditReport
    var comparison: AuditProbeComparison?
    if let model, !layers.isEmpty, ModelFileKind(path: model) == .onnx {
      throw ValidationError("--layer goes with --safetensors; an ONNX model lists its own layers")
    }
    if let path = safetensors ?? model.flatMap({ ModelFileKind(path: $0) == .safetensors ? $0 : nil }) {
      if inputShape != nil { throw ValidationError("--input-shape applies to ONNX models only") }
      if probe { throw ValidationError("--probe runs an ONNX model; it does not apply to safetensors") }
      let file = try SafetensorsFile(contentsOf: path)
      if layers.isEmpty { throw file.missingLayersError() }
      report = try ModelAuditor.audit(safetensors: file, layers: layers, threshold: threshold)
    } else if let model {
      // The file's (memory-mapped) bytes and the decoded weights (about as large again).
      try resources.requireFile(model, factor: 2)
      let graph = try ONNXReader.read(contentsOf: model)
      do {
        let audited = try ModelDocuments.audit(
          graph: graph, inputShape: inputShape?.dimensions, threshold: threshold, probe: probe)
        report = audited.report
        comparison = audited.comparison
      } catch let error as ModelDocumentsError {
        throw CLIError(error.description)
      }
    } else {
      throw ValidationError("give a model: MODEL.onnx, or --safetensors FILE with --layer")
    }
    try ignore.checkKnown(
      Set(report.layers.flatMap { [$0.node, Self.module($0)].compactMap { $0 } }), model: report.model)
    let result: String
    switch format {
    case .text: result = report.text + (comparison?.text ?? "")
    case .json:
      result = try ResultJSON.text(comparison?.merged(into: report.json) ?? report.json, source: report.model)
    case .md: result = report.markdown() + (comparison?.markdown ?? "")
    }
    // Every picture is drawn before anything is written; the result goes out first, so a failed
    // standard output leaves no heatmap behind.
    let pictures = try heatmaps.map { _ in
      try AuditHeatmapFiles.draw(report, format: figures, budget: resources.budget)
    }
    try ResultOutput.write(result, to: output)
    if let heatmaps, let pictures { try AuditHeatmapFiles.write(pictures, to: heatmaps) }
    try baselines.write(report)
    if let path = baselines.writeBaseline {
      try Console.status(
        "\(path): baseline of \(report.layers.count) layers", quiet: quiet,
        resultOnStandardOutput: output == OutputKind.standardStream)
    }
    var lines: [String] = []
    if failOn == .artifacts {
      lines += report.layers.filter {
        $0.verdict == .artifacts && !ignore.ignores(node: $0.node, module: Self.module($0))
      }
      .map { Self.gateLine($0, model: report.model, threshold: threshold) }
    }
    if let baseline { lines += baselines.driftLines(report, baseline: baseline, ignore: ignore) }
    if !lines.isEmpty { throw GateTripped(lines: lines) }
  }

  /// The layer's PyTorch module path, when the audit knows it (its JSON's `module`, an object with
  /// the `path`).
  static func module(_ layer: LayerAudit) -> String? { ModelBaseline.modulePath(layer.json["module"]) }

  /// The gate's line for a layer whose verdict is artifacts: `MODEL: NODE (OP): artifacts, REASON`.
  static func gateLine(_ layer: LayerAudit, model: String, threshold: Double) -> String {
    let reason: String
    if layer.counts?.holes == true {
      reason = "holes in the overlap (output positions no input reaches)"
    } else if let weights = layer.weights, weights.pefMax > threshold {
      reason =
        "PEF \(NumberFormat.fixed(weights.pefMax, 4)) above the threshold \(NumberFormat.fixed(threshold, 4))"
        + " (channel \(weights.worstChannel))"
    } else {
      reason = "uneven overlap and no constant weights to check"
    }
    let module = Self.module(layer).map { ", module \($0)" } ?? ""
    return "\(model): \(layer.node) (\(layer.op.rawValue)\(module)): artifacts, \(reason)"
  }
}

/// Writes the audit's heatmaps: every picture is drawn first, then each file is written atomically.
enum AuditHeatmapFiles {
  /// Draws and encodes each listed layer's overlap map and worst gain tile; each picture's raster
  /// is checked against `budget` before it is drawn.
  static func draw(_ report: AuditReport, format: FigureFormat = .png, budget: MemoryBudget) throws -> [(
    String, [UInt8]
  )] {
    var files: [(String, MapFigure, MapFigureOptions)] = []
    for (index, layer) in report.layers.enumerated() {
      let stem = AuditHeatmaps.fileStem(index, layer.node)
      if let map = try AuditHeatmaps.overlapMap(layer) {
        let figure = try MapFigure(map: map)
        let options = AuditHeatmaps.figureOptions(layer, figure: figure, gain: false)
        files.append(("\(stem)-overlap.\(format.rawValue)", figure, options))
      }
      if let map = try AuditHeatmaps.gainMap(layer) {
        let figure = try MapFigure(map: map)
        let options = AuditHeatmaps.figureOptions(layer, figure: figure, gain: true)
        files.append(("\(stem)-gain.\(format.rawValue)", figure, options))
      }
    }
    var encoded: [(String, [UInt8])] = []
    for (name, figure, options) in files {
      do {
        try budget.require(
          bytes: figure.bytesNeeded(cellSize: options.cellSize, scale: 1),
          what: "--heatmaps \(name): drawing the picture")
      } catch {
        throw CLIError(error.description)
      }
      encoded.append(
        (
          name,
          try FigureOutput.encode(
            try figure.figure(options), format: format, scale: 1,
            text: try HeatmapPNG.metadata(figure, options: options))
        ))
    }
    return encoded
  }

  /// Writes the drawn pictures into `directory`, creating it; each file atomically.
  static func write(_ encoded: [(String, [UInt8])], to directory: String) throws {
    try FigureOutput.write(encoded, into: directory, folderOption: "--heatmaps")
  }

}
