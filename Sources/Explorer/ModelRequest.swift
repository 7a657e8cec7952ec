import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import TransposedConv

/// One `/api/audit` or `/api/probe` request: the model (uploaded bytes, or a model named on the
/// command line by its index) and the options of `checkerscope audit` / `probe` without the dashes.
struct ModelRequest: Sendable {
  /// Where the model comes from.
  enum Source: Sendable {
    /// Uploaded bytes and the name they go by (never opened).
    case upload(Data, name: String)
    /// A model file named on the server's command line.
    case file(String)
  }

  var source: Source
  var inputShape: [Int]?
  var threshold = ModelAuditor.defaultThreshold
  var probe = false
  var layers: [SafetensorsLayer] = []
  var noise = false
  var seed: UInt64 = 1
  var job = ""

  /// Parses the query; `allowed` names the keys this endpoint takes besides `model` and `job`.
  init(source: Source, query: [(name: String, value: String)], allowed: Set<String>) throws(APIError) {
    self.source = source
    for (name, value) in query {
      guard allowed.contains(name) || name == "model" || name == "job" else {
        throw .badRequest("unknown parameter '\(name)'")
      }
      switch name {
      case "input-shape":
        let parts = value.split(separator: "x", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0 >= 1 }) else {
          throw .badRequest("input-shape '\(value)' is not of the form 1x3x256x256 (positive integers)")
        }
        inputShape = values
      case "threshold":
        guard let number = Double(value), number.isFinite, number >= 0, number < 1 else {
          throw .badRequest("threshold must be at least 0 and below 1, got '\(value)'")
        }
        threshold = number
      case "probe":
        guard ["", "true", "1", "false", "0"].contains(value) else {
          throw .badRequest("probe is true or false, got '\(value)'")
        }
        probe = ["", "true", "1"].contains(value)
      case "layer":
        do { layers.append(try SafetensorsLayer(parsing: value)) } catch {
          throw .badRequest("layer '\(value)': \(error.description)")
        }
      case "input":
        guard value == "constant" || value == "noise" else {
          throw .badRequest("input is constant or noise here (the server reads no files), got '\(value)'")
        }
        noise = value == "noise"
      case "seed":
        guard let number = UInt64(value) else { throw .badRequest("seed '\(value)' is not a number") }
        seed = number
      case "job": job = value
      default: break
      }
    }
  }

  /// The name the model goes by in the report.
  var name: String {
    switch source {
    case .upload(_, let name): name
    case .file(let path): path
    }
  }

  var isSafetensors: Bool { name.lowercased().hasSuffix(".safetensors") }

  /// The ONNX graph: decoded from the upload (external data refused), or read from the file as the
  /// command line does. `budget` must hold twice the file's bytes.
  func graph(budget: MemoryBudget) throws -> ModelGraph {
    switch source {
    case .upload(let data, let name):
      try budget.require(
        bytes: CheckedSize.productOrNil([data.count, 2]) ?? Int.max, what: "\(name) and its decoded message")
      return try ONNXReader.read(data: data, path: name)
    case .file(let path):
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
      try budget.require(
        bytes: CheckedSize.productOrNil([size, 2]) ?? Int.max, what: "\(path) and its decoded message")
      return try ONNXReader.read(contentsOf: path)
    }
  }

  /// `checkerscope audit … --format json`'s bytes for this model.
  func auditJSON(budget: MemoryBudget) throws -> String {
    if isSafetensors {
      guard !layers.isEmpty else {
        throw APIError.badRequest("a safetensors file needs at least one layer=TENSOR:k=…,s=…")
      }
      guard inputShape == nil, !probe else {
        throw APIError.badRequest("input-shape and probe apply to ONNX models only")
      }
      let file: SafetensorsFile
      switch source {
      case .upload(let data, let name): file = try SafetensorsFile(data: data, path: name)
      case .file(let path): file = try SafetensorsFile(contentsOf: path)
      }
      let report = try ModelAuditor.audit(safetensors: file, layers: layers, threshold: threshold)
      return try ModelDocuments.auditJSON(report, comparison: nil)
    }
    guard layers.isEmpty else {
      throw APIError.badRequest("layer goes with a safetensors file; an ONNX model lists its own layers")
    }
    let audited = try ModelDocuments.audit(
      graph: try graph(budget: budget), inputShape: inputShape, threshold: threshold, probe: probe)
    return try ModelDocuments.auditJSON(audited.report, comparison: audited.comparison)
  }

  /// `checkerscope probe … --format json`'s bytes for this model on a constant (or noise) input;
  /// `progress` hears of each node run (done, total).
  func probeJSON(budget: MemoryBudget, progress: @escaping (Int, Int) -> Void) throws -> String {
    guard !isSafetensors else { throw APIError.badRequest("probe runs ONNX models, not safetensors weights") }
    let prepared: (graph: ModelGraph, input: Tensor)
    do {
      prepared = try Probe.prepare(
        noise ? .noise : .constant, graph: try graph(budget: budget), inputShape: inputShape, seed: seed,
        budget: budget)
    } catch ProbeError.inputShapeNotFixed(_, let shape) {
      throw APIError(422, "\(name): the input shape is not fixed (\(shape ?? "?")); give input-shape")
    } catch ProbeError.runtime(.tooLarge) {
      throw APIError(413, "\(name): input-shape is too large")
    }
    let (graph, input) = prepared
    let total = graph.nodes.count
    var done = 0
    let report = try Probe.run(
      graph: graph, input: input, inputLabel: noise ? "noise" : "constant", keepTiles: false, budget: budget
    ) { _ in
      done += 1
      progress(done, total)
    }
    return try ModelDocuments.probeJSON(report)
  }
}
