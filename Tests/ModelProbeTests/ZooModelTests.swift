import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// The zoo subset in `Fixtures/models/zoo/` (Scripts/make_zoo.py --fixtures): small instances of real
/// architectures from MONAI, segmentation_models_pytorch, diffusers, torchvision and textbook
/// generators, exported by both `torch.onnx.export` exporters with seeded random weights, with ONNX
/// Runtime's output on a seeded noise input.
struct ZooModel: Sendable, CustomStringConvertible {
  var name: String
  var inputShape: [Int]
  var operators: [String]
  var symbolic: Bool
  /// The upsampling nodes per operator in the file, counted by the script.
  var upsampling: [String: Int]
  var description: String { name }
  var path: String { FixturePaths.url("models/zoo/\(name).onnx").path }
  func npy(_ suffix: String) -> String { FixturePaths.url("models/zoo/\(name).\(suffix).npy").path }
  /// Volumes, large maps and open sizes (the probe tries several) take seconds in a debug build.
  var isSlow: Bool { symbolic || inputShape.count > 4 || inputShape.reduce(1, *) > 16_384 }

  /// Operators the interpreter did not run before the operator registry (issue 21 parts 1-2) landed: a
  /// model using one the interpreter still lacks is expected to be refused with that operator's name
  /// (`withKnownIssue`), and the test fails as soon as it runs, so the list stays honest. With the
  /// registry merged every zoo subset model runs, so none is a known issue now.
  static let awaitingRegistry: Set<String> = [
    "Softmax", "ReduceMean", "ReduceSum", "LayerNormalization", "HardSwish", "HardSigmoid", "Einsum",
    "ArgMin",
    "Sin", "Cos", "Range", "Trilu", "ScatterND", "CumSum", "Erf", "Pow", "Sqrt", "GroupNormalization",
  ]

  var missing: [String] {
    let supported = Set(Interpreter.supportedOperators)
    return operators.filter { !supported.contains($0) }
  }

  static let all: [ZooModel] = {
    let url = FixturePaths.url("models/zoo/MANIFEST.json")
    guard let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let models = root["models"] as? [String: Any]
    else { return [] }
    return models.keys.sorted().compactMap { name in
      guard let entry = models[name] as? [String: Any], entry["error"] == nil,
        let shape = entry["inputShape"] as? [Int], let operators = entry["operators"] as? [String]
      else { return nil }
      return ZooModel(
        name: name, inputShape: shape, operators: operators,
        symbolic: entry["symbolicSpatialAxes"] as? Bool ?? false,
        upsampling: entry["upsamplingNodes"] as? [String: Int] ?? [:])
    }
  }()
  static let fast = all.filter { !$0.isSlow }
  static let slow = all.filter(\.isSlow)
}

@Suite("Zoo: real architectures run as ONNX Runtime runs them, and the probe gives each a verdict")
struct ZooModelTests {
  @Test("the zoo subset is there, small, and lists only operators awaiting the registry")
  func subset() throws {
    #expect(ZooModel.all.count >= 12)
    var bytes = 0
    let folder = FixturePaths.url("models/zoo")
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      let attributes = try FileManager.default.attributesOfItem(
        atPath: folder.appendingPathComponent(file).path)
      bytes += (attributes[.size] as? Int) ?? 0
    }
    #expect(bytes <= 20_000_000, "the zoo subset holds \(bytes) bytes")
    for model in ZooModel.all {
      let unexpected = model.missing.filter { !ZooModel.awaitingRegistry.contains($0) }
      #expect(unexpected.isEmpty, "\(model.name) uses \(unexpected), which nobody is bringing")
    }
  }

  @Test(
    "the audit folds shape subgraphs: every upsampling node of every zoo model is audited at the export size",
    arguments: ZooModel.fast)
  func audit(_ model: ZooModel) throws { try audited(model) }

  @Test(
    "the audit folds shape subgraphs (volumes, large maps, open sizes)", .tags(.slow), .onlyWithSlowTests,
    arguments: ZooModel.slow)
  func auditSlow(_ model: ZooModel) throws { try audited(model) }

  func audited(_ model: ZooModel) throws {
    // Legacy exports with open spatial axes compute Resize sizes as Shape → Gather → Mul → Concat.
    let graph = try ONNXReader.read(contentsOf: model.path).withInputShape(model.inputShape)
    let report = try ModelAuditor.audit(graph: graph)
    for (op, count) in model.upsampling {
      #expect(report.layers.filter { $0.op.rawValue == op }.count == count, "\(model.name): \(op)")
    }
    #expect(!model.upsampling.isEmpty, "the manifest counts \(model.name)'s upsampling nodes")
  }

  @Test("equal to ONNX Runtime within 1e-4 relative, and a verdict", arguments: ZooModel.fast)
  func fast(_ model: ZooModel) throws { try check(model) }

  @Test(
    "volumes and large maps: equal to ONNX Runtime within 1e-4 relative, and a verdict", .tags(.slow),
    .onlyWithSlowTests, arguments: ZooModel.slow)
  func slow(_ model: ZooModel) throws { try check(model) }

  func check(_ model: ZooModel) throws {
    if !model.missing.isEmpty {
      // Expected to fail with a named operator until the operator registry (issue 21 parts 1-2) lands.
      let graph = try ONNXReader.read(contentsOf: model.path)
      #expect {
        _ = try Interpreter(graph: graph)
      } throws: { error in
        guard case .unsupportedOperator(_, _, let op, _, _, _) = error as? RuntimeError else { return false }
        return model.missing.contains(op)
      }
      withKnownIssue("\(model.name) needs \(model.missing.joined(separator: ", ")) (issue 21, registry)") {
        try run(model)
      }
      return
    }
    try run(model)
  }

  func run(_ model: ZooModel) throws {
    let graph = try ONNXReader.read(contentsOf: model.path)
    let input = try Tensor.readNPY(from: model.npy("noise.in"))
    let expected = try Tensor.readNPY(from: model.npy("noise.out"))
    let shaped = try graph.withInputShape(input.shape)
    let outputs = try Interpreter(graph: shaped).run(inputs: ["input": input])
    let output = try #require(outputs[graph.outputs[0].name]?.floatTensor)
    #expect(output.shape == expected.shape)
    var scale: Float = 1
    for v in expected.data { scale = max(scale, abs(v)) }
    var worst: Float = 0
    for i in expected.data.indices where i < output.data.count {
      worst = max(worst, abs(output.data[i] - expected.data[i]))
    }
    #expect(
      worst / scale <= 1e-4,
      "\(model.name): max |interpreter − ONNX Runtime| / max(1, max|y|) = \(worst / scale)")

    // The probe: at the model's own size when it is fixed, at a size it chooses when it is open.
    let report: ProbeReport
    if model.symbolic {
      #expect(graph.fixedInputShape == nil)
      // Volumes: the search up to the export size only (128³ takes minutes in a debug build).
      report = try Probe.runChoosingSize(
        graph: graph, makeInput: { Tensor(shape: $0, repeating: 1) }, inputLabel: "constant",
        extents: input.rank == 5 ? [8, 16, input.shape[2]] : nil)
      #expect(report.inputChoice != nil)
    } else {
      report = try Probe.run(
        graph: shaped, input: Tensor(shape: input.shape, repeating: 1), inputLabel: "constant")
    }
    #expect(["artifacts", "clean"].contains(report.verdict))
    #expect((0...1).contains(report.output.measure.confidence))
    // Generators whose last upsampling layer is a random-weight ConvTranspose k4 s2 (or k3 s2 with
    // uneven overlap, or a pixel shuffle of random sub-pixel convolutions) have a checkerboard by
    // construction: those verdicts are known.
    for prefix in ["dcgan", "pix2pix", "espcn", "srresnet", "torchvision_maskrcnn_maskhead"]
    where model.name.hasPrefix(prefix) {
      #expect(report.verdict == "artifacts", "\(model.name): \(report.summaryText)")
      #expect(report.origin?.layerOp != nil)
    }
  }
}

extension ProbeReport {
  fileprivate var summaryText: String { text.split(separator: "\n").suffix(3).joined(separator: " / ") }
}
