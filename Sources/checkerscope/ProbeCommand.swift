import ArgumentParser
import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import PNGIO
import Rendering
import TensorIO
import TransposedConv

/// `checkerscope probe`: run the model and find where the checkerboard starts.
struct ProbeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "probe",
    abstract: "Run an ONNX model and find where in the network a periodic (checkerboard) pattern starts.",
    discussion: """
      Runs the model with checkerscope's own interpreter on a constant (all ones, the default), seeded \
      noise (uniform in [0, 1)) or a given .npy/.png input, and measures at every node output with spatial \
      axes the periodic pattern in its interior (away from what the borders reach) at periods 2…8 per axis \
      and the lattice of the upsampling layers upstream. Reports the origin (the first node with a \
      significant pattern and the layer that made it), the strength at the output and a verdict. \
      Exit status: 3 when the gate trips (--fail-on artifacts, the verdict is artifacts and the layer \
      that made the pattern is not exempted by --ignore), with one stderr line naming that layer; 1 \
      for errors; 64 for usage errors.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, md
  }

  enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case artifacts, never
  }

  @Argument(help: ArgumentHelp("The ONNX model.", valueName: "MODEL.onnx"))
  var model: String

  @Option(
    help: ArgumentHelp("The model input's shape: 1x3x256x256.", valueName: "SHAPE"),
    transform: InputShape.argument)
  var inputShape: InputShape?

  @Option(
    help: ArgumentHelp(
      "constant (all ones, the default), noise, or a FILE.npy / FILE.png.", valueName: "INPUT"),
    transform: ProbeInput.argument)
  var input = ProbeInput.constant

  @Option(help: "Seed of the noise input.")
  var seed: UInt64 = 1

  @Option(help: "Output format: text, json or md (default: the --output extension, else text).")
  var format: Format?

  @Option(
    name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json", "md"]))
  var output = OutputKind.standardStream

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  @Option(help: ArgumentHelp("Write node outputs as DIR/<tensor name>.npy.", valueName: "DIR"))
  var dump: String?

  @Option(
    name: .customLong("node"),
    help: ArgumentHelp("With --dump: only this node's outputs (repeatable).", valueName: "NAME"))
  var nodes: [String] = []

  @Option(
    help: ArgumentHelp("Write the phase-mean tile of each node with a pattern into DIR.", valueName: "DIR"))
  var heatmaps: String?

  @Option(help: ArgumentHelp("The format of the --heatmaps figures.", valueName: "png|svg"))
  var figures: FigureFormat = .png

  @Option(help: "Exit with status 3 when the verdict is artifacts (artifacts), or never (the default).")
  var failOn: FailOn = .never

  @OptionGroup var ignore: IgnoreOptions

  func validate() throws {
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    if !nodes.isEmpty && dump == nil {
      throw ValidationError("--node selects what --dump writes; give --dump DIR")
    }
  }

  /// The input tensor and the graph shaped for it.
  func prepareInput(_ graph: ModelGraph) throws -> (ModelGraph, Tensor) {
    guard case .file(let path, let isPNG) = input else {
      let prepared = try Probe.prepare(
        input.stimulus ?? .constant, graph: graph, inputShape: inputShape?.dimensions, seed: seed,
        budget: resources.budget)
      return (prepared.graph, prepared.input)
    }
    var graph = graph
    if let inputShape { graph = try graph.withInputShape(inputShape.dimensions) }
    let tensor: Tensor
    if isPNG {
      try resources.requirePNG(path, copies: 1, what: "the input tensor")
      let read = try Tensor.readPNGWithWarnings(from: path)
      PNGInput.warn(path, read.warnings)
      tensor = read.tensor
    } else {
      try resources.requireFile(path, factor: 2)
      tensor = try Tensor.readNPY(from: path)
    }
    if let declared = graph.inputs.first?.dimensions {
      let fits =
        declared.count == tensor.rank
        && zip(declared, tensor.shape).allSatisfy { dim, extent in dim.value.map { $0 == extent } ?? true }
      guard fits else {
        throw CLIError(
          path: path,
          "the input has shape \(tensor.shape) but the model expects \(graph.inputs.first?.shapeDescription ?? "?"); resize it, or give a matching --input-shape"
        )
      }
    }
    return (try graph.withInputShape(tensor.shape), tensor)
  }

  /// `name` with characters other than letters, digits, `.`, `_` and `-` replaced by `_`.
  static func safeName(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
  }

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    if ModelFileKind(path: model) == .safetensors {
      throw CLIError(
        path: model,
        "is a safetensors state dict (weights only); probe runs the network: export it with torch.onnx.export"
      )
    }
    try resources.requireFile(model, factor: 2)
    // Large weights stay the file's bytes until their layer runs (`lazyWeights`): decoded one at a
    // time and freed after use, they reuse each other's pages instead of all faulting in fresh ones.
    var read = try ONNXReader.read(contentsOf: model, lazyWeights: true)
    let wanted = Set(nodes)
    if let dump {
      do {
        try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
      } catch {
        throw CLIError(path: dump, "cannot create the dump folder: \(error.localizedDescription)")
      }
    }
    let dumpFolder = dump
    let ticker = StatusTicker(label: "probe", stage: "running \(model)", enabled: !quiet)
    defer { ticker.finish() }
    let dumpNode: (Interpreter.NodeResult) throws -> Void = { result in
      guard let dumpFolder, wanted.isEmpty || wanted.contains(result.node.displayName) else { return }
      for (name, value) in result.outputs {
        guard case .float(let t) = value else { continue }
        let path = URL(fileURLWithPath: dumpFolder).appendingPathComponent(Self.safeName(name) + ".npy").path
        try t.writeNPY(to: path)
      }
    }
    let report: ProbeReport
    if inputShape == nil, input == .constant || input == .noise, read.fixedInputShape == nil {
      // The model leaves the size open: the probe picks one large enough for its measurement.
      let (stimulus, seed) = (input.stimulus ?? .constant, seed)
      // Its trials run the network several times: each weight is decoded once, for all of them.
      read.decodeWeights()
      report = try Probe.runChoosingSize(
        graph: read, makeInput: { shape in Probe.input(stimulus, shape: shape, seed: seed) },
        inputLabel: input.description, keepTiles: heatmaps != nil, budget: resources.budget,
        observe: dumpNode)
    } else {
      let (graph, tensor) = try prepareInput(read)
      // The run alone holds the weights (and frees each after its last use); the command keeps the
      // nodes for the report.
      read.takeWeights()
      report = try Probe.run(
        graph: consume graph, input: tensor, inputLabel: input.description, keepTiles: heatmaps != nil,
        budget: resources.budget, observe: dumpNode)
    }
    ticker.finish()
    // Node names, and the PyTorch module paths the report names (its JSON's `module` fields).
    let json = report.json
    let modules = (json["nodes"]?.arrayValue ?? []).compactMap { $0["module"]?.stringValue }
    try ignore.checkKnown(Set(read.nodes.map(\.displayName) + modules), model: model)
    let result: String
    switch format {
    case .text: result = report.text
    case .json: result = try ResultJSON.text(report.json, source: model)
    case .md: result = report.markdown()
    }
    // The pictures are drawn before anything is written; the result goes out first.
    let pictures = try heatmaps.map { _ in try ProbeHeatmaps.draw(report, format: figures) }
    try ResultOutput.write(result, to: output)
    if let heatmaps, let pictures { try ProbeHeatmaps.write(pictures, to: heatmaps) }
    if failOn == .artifacts, report.verdict == "artifacts" {
      // The layer that made the pattern (else the first node that shows it) decides the exemption.
      let origin = json["origin"]
      let culprits =
        (report.origin.map { [$0.layer, $0.node].compactMap { $0 } } ?? [report.output.name])
        + [origin?["layerModule"]?.stringValue, origin?["module"]?.stringValue].compactMap { $0 }
      if !culprits.contains(where: { ignore.ignores(node: $0) }) {
        throw GateTripped(lines: [Self.gateLine(report)])
      }
    }
  }

  /// The gate's line: `MODEL: artifacts at the output (strength S, period P), made by LAYER (OP), first seen at NODE`.
  static func gateLine(_ report: ProbeReport) -> String {
    let out = report.output.measure
    var line =
      "\(report.model): artifacts at the output (strength \(ProbeReport.formatStrength(out.strength))"
      + (out.period.map { ", period " + $0.map(String.init).joined(separator: "x") } ?? "") + ")"
    if let origin = report.origin {
      if let layer = origin.layer { line += ", made by \(layer) (\(origin.layerOp ?? "?"))" }
      if origin.layer != origin.node { line += ", first seen at \(origin.node) (\(origin.op))" }
    }
    return line
  }
}

/// The `--heatmaps` pictures: each node's phase-mean tile relative to its mean, drawn first, then
/// each file written atomically.
enum ProbeHeatmaps {
  /// Draws and encodes the phase-mean tile of every node that has one.
  /// Files are numbered like `audit --heatmaps` (`AuditHeatmaps.fileStem`): 01, 02, … in graph order.
  static func draw(_ report: ProbeReport, format: FigureFormat = .png) throws -> [(String, [UInt8])] {
    var images: [(String, [UInt8])] = []
    for node in report.nodes {
      guard let tile = node.tile else { continue }
      let figure = try DetectionFigure.phaseMeans(
        tile,
        subtitle:
          "\(node.module.map { "module \($0) · " } ?? "")\(node.name) (\(node.op)), channel \(node.measure.channel ?? 0)",
        colorBarLabel: "relative level")
      let name = AuditHeatmaps.fileStem(images.count, node.name) + "-phase-means." + format.rawValue
      images.append((name, try FigureOutput.encode(figure, format: format, scale: 1, text: [])))
    }
    return images
  }

  /// Writes the drawn pictures into `directory`, creating it; each file atomically.
  static func write(_ images: [(String, [UInt8])], to directory: String) throws {
    try FigureOutput.write(images, into: directory, folderOption: "--heatmaps")
  }

}
