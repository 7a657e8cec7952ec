import CheckerscopeCore
import Foundation
import ModelIO
import ModelProbe
import Synchronization
import TestSupport
import Testing
import TransposedConv

/// A fixture model, the input shape to probe it at, and the verdict its construction implies.
struct ProbeCase: Sendable, CustomStringConvertible {
  var file: String
  var shape: [Int]
  /// `artifacts`, `clean`, or `unmeasured` (the output is too small to hold a period).
  var expected: String
  var reason: String
  /// `constant` (all ones) or `noise` (seeded uniform in [0, 1)).
  var input = "constant"
  var description: String { "\(file) (\(input))" }

  /// The audit fixtures (Scripts/make_models.py), with the verdict from how each was built.
  static let audit: [ProbeCase] = [
    .init(
      file: "models/compensated", shape: [1, 2, 16, 16], expected: "clean",
      reason: "k3 s2 kernel built with equal polyphase sums (compensated)"),
    .init(
      file: "models/convt_output_shape", shape: [1, 4, 16, 16], expected: "artifacts",
      reason: "k4 s2 grouped, random weights: phase sums differ"),
    .init(
      file: "models/convt_same_upper", shape: [1, 2, 16, 16], expected: "artifacts",
      reason: "k3 s2: uneven overlap"),
    .init(
      file: "models/cyclegan_resnet", shape: [1, 3, 128, 128], expected: "clean",
      reason:
        "the first InstanceNormalization (no affine) maps the constant map to exactly 0, so every later layer sees a constant"
    ),
    .init(
      file: "models/cyclegan_resnet_legacy", shape: [1, 3, 128, 128], expected: "clean",
      reason: "as cyclegan_resnet"),
    .init(
      file: "models/d2s_crd", shape: [1, 3, 16, 16], expected: "clean",
      reason: "conv weights equal across the four sub-pixel channels read in CRD order"),
    .init(
      file: "models/d2s_dcr", shape: [1, 3, 16, 16], expected: "artifacts",
      reason: "the same weights read in DCR order mix channels into sub-pixels"),
    .init(
      file: "models/dcgan", shape: [1, 8, 16, 16], expected: "artifacts", reason: "k4 s2 random weights"),
    .init(
      file: "models/dcgan_legacy", shape: [1, 8, 16, 16], expected: "artifacts",
      reason: "k4 s2 random weights"),
    .init(
      file: "models/espcn", shape: [1, 1, 16, 16], expected: "artifacts",
      reason: "random conv before a pixel shuffle: each sub-pixel its own response"),
    .init(file: "models/espcn_legacy", shape: [1, 1, 16, 16], expected: "artifacts", reason: "as espcn"),
    .init(
      file: "models/espcn_icnr_legacy", shape: [1, 1, 16, 16], expected: "clean",
      reason: "ICNR: the sub-pixel channels are copies, so the shuffle is nearest upsampling"),
    .init(
      file: "models/holes", shape: [1, 1, 16, 16], expected: "artifacts",
      reason: "k2 s2 dilation 2: taps land on even positions only (holes)"),
    .init(
      file: "models/pix2pix_unet", shape: [1, 3, 64, 64], expected: "artifacts",
      reason: "k4 s2 random weights"),
    .init(
      file: "models/resize_constant", shape: [1, 2, 24, 24], expected: "clean",
      reason: "nearest resize (Constant scales) then convolutions"),
    .init(
      file: "models/resize_conv", shape: [1, 8, 16, 16], expected: "clean",
      reason: "nearest and bilinear resize-convolutions"),
    .init(
      file: "models/resize_conv_legacy", shape: [1, 8, 16, 16], expected: "clean", reason: "as resize_conv"),
    .init(
      file: "models/unet_bio", shape: [1, 1, 64, 64], expected: "artifacts", reason: "k2 s2 random weights"),
    .init(
      file: "models/vocoder1d", shape: [1, 8, 32], expected: "artifacts", reason: "1D k16 s8 random weights"),
    .init(file: "models/vocoder1d_legacy", shape: [1, 8, 32], expected: "artifacts", reason: "as vocoder1d"),
  ]

  /// The 3D U-Nets (Scripts/make_models3d.py), probed at 32³ so the interior holds four periods of 2.
  /// Not in the separation margins below: the output head's bias and the skip path's constant make
  /// the pattern a smaller share of these outputs (strength 0.001–0.004; see `volumeMargins`).
  static let volumes: [ProbeCase] = [
    .init(
      file: "models/unet3d", shape: [1, 1, 32, 32, 32], expected: "artifacts",
      reason: "3D ConvTranspose k2 s2 random weights: each of the 8 phases its own tap sum"),
    .init(
      file: "models/unet3d_k3", shape: [1, 1, 32, 32, 32], expected: "artifacts",
      reason: "3D ConvTranspose k3 s2 p1 op1: uneven overlap"),
    .init(
      file: "models/unet3d_trilinear", shape: [1, 1, 32, 32, 32], expected: "clean",
      reason: "trilinear resize then a 3D convolution"),
    .init(
      file: "models/unet3d_k3", shape: [1, 1, 32, 32, 32], expected: "artifacts",
      reason: "3D ConvTranspose k3 s2 p1 op1: uneven overlap", input: "noise"),
    .init(
      file: "models/unet3d_trilinear", shape: [1, 1, 32, 32, 32], expected: "clean",
      reason: "trilinear resize then a 3D convolution", input: "noise"),
  ]

  /// Noise inputs: what the constant input cannot show (instance norm) and clean models under noise.
  static let noise: [ProbeCase] = [
    .init(
      file: "models/cyclegan_resnet", shape: [1, 3, 256, 256], expected: "artifacts",
      reason: "two k3 s2 ConvTranspose layers with random weights: uneven overlap", input: "noise"),
    .init(
      file: "models/cyclegan_resnet_legacy", shape: [1, 3, 256, 256], expected: "artifacts",
      reason: "as cyclegan_resnet", input: "noise"),
    .init(
      file: "models/resize_conv", shape: [1, 8, 64, 64], expected: "clean",
      reason: "nearest and bilinear resize-convolutions", input: "noise"),
    .init(
      file: "models/probe/trained_ae_convt", shape: [1, 3, 256, 256], expected: "artifacts",
      reason: "trained ConvTranspose k3 s2 decoder", input: "noise"),
    .init(
      file: "models/probe/trained_ae_resize", shape: [1, 3, 64, 64], expected: "clean",
      reason: "trained nearest resize-convolution decoder", input: "noise"),
    .init(
      file: "models/probe/probe_border_convs", shape: [1, 3, 48, 48], expected: "clean",
      reason: "zero-padded stride-1 convolutions", input: "noise"),
    .init(
      file: "models/dcgan_legacy", shape: [1, 8, 16, 16], expected: "artifacts",
      reason: "k4 s2 random weights",
      input: "noise"),
  ]

  /// The probe fixtures (Scripts/make_probe_models.py): verdict and reason from their MANIFEST.
  static let probe: [ProbeCase] = {
    let url = FixturePaths.url("models/probe/MANIFEST.json")
    guard let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let models = root["models"] as? [String: Any]
    else { return [] }
    return models.keys.sorted().compactMap { name in
      guard let entry = models[name] as? [String: Any], let verdict = entry["verdict"] as? String,
        let shape = entry["probeShape"] as? [Int], let reason = entry["reason"] as? String
      else { return nil }
      return ProbeCase(file: "models/probe/\(name)", shape: shape, expected: verdict, reason: reason)
    }
  }()
}

@Suite("Probe verdicts follow from how each fixture model was built")
struct ProbeVerdictTests {
  /// Reports by case, made once per test process: the verdict and separation suites probe the same
  /// cases (each case's first caller runs it while later callers of that case wait; other cases run
  /// meanwhile).
  final class Memo: Sendable {
    static let shared = Memo()
    final class Entry: Sendable {
      let result = Mutex<Result<ProbeReport, any Error>?>(nil)
    }
    private let entries = Mutex<[String: Entry]>([:])

    func report(_ c: ProbeCase, make: (ProbeCase) throws -> ProbeReport) throws -> ProbeReport {
      let key = "\(c) \(c.shape)"
      let entry = entries.withLock { table in
        if let entry = table[key] { return entry }
        let entry = Entry()
        table[key] = entry
        return entry
      }
      let result = entry.result.withLock { stored in
        if let stored { return stored }
        let made = Result { try make(c) }
        stored = made
        return made
      }
      return try result.get()
    }
  }

  static func probe(_ c: ProbeCase) throws -> ProbeReport {
    try Memo.shared.report(c, make: runProbe)
  }

  static func runProbe(_ c: ProbeCase) throws -> ProbeReport {
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url(c.file + ".onnx").path).withInputShape(
      c.shape)
    var input = Tensor(shape: c.shape, repeating: 1)
    if c.input == "noise" {
      var rng = SplitMix64(seed: 5)
      input = Tensor(shape: c.shape, data: (0..<input.count).map { _ in Float(rng.unit()) })
    }
    return try Probe.run(graph: graph, input: input, inputLabel: c.input)
  }

  @Test("verdict", arguments: ProbeCase.audit + ProbeCase.probe + ProbeCase.noise + ProbeCase.volumes)
  func verdict(_ c: ProbeCase) throws {
    if c.expected == "unmeasured" {
      #expect(throws: ProbeError.self) { try Self.probe(c) }
      return
    }
    let report = try Self.probe(c)
    let m = report.output.measure
    #expect(
      report.verdict == c.expected,
      "\(c.file): \(c.reason); strength \(m.strength), F \(m.varianceRatio), period \(m.candidate ?? [])")
    if c.expected == "artifacts" {
      // The origin is named, and the layer behind it is one that changes the sampling lattice.
      let origin = try #require(report.origin)
      #expect(Probe.upsamplingOperators.contains(origin.layerOp ?? ""), "\(c.file): origin \(origin)")
    }
  }

  @Test("3D: the origin is the ConvTranspose3d and the pattern has period 2 on all three axes")
  func volumeOrigin() throws {
    for c in ProbeCase.volumes where c.expected == "artifacts" && c.input == "constant" {
      let graph = try ONNXReader.read(contentsOf: FixturePaths.url(c.file + ".onnx").path)
      let layers = graph.nodes.filter { $0.opType == "ConvTranspose" }.map(\.displayName)
      #expect(layers.count == 1, "\(c.file)")
      let report = try Self.probe(c)
      #expect(report.origin?.layer == layers.first, "\(c.file): origin \(String(describing: report.origin))")
      #expect(report.origin?.layerOp == "ConvTranspose", "\(c.file)")
      #expect(report.output.measure.period == [2, 2, 2], "\(c.file): \(report.output.measure)")
      #expect(Array(report.output.shape.dropFirst(2)) == Array(c.shape.dropFirst(2)), "\(c.file)")
    }
  }

  @Test("the fixture lists are complete")
  func lists() {
    #expect(ProbeCase.probe.count >= 12)
  }
}

@Suite("The statistic separates artifact models from clean ones with a wide margin")
struct ProbeSeparationTests {
  /// Output measurements of every case with a verdict, grouped by input kind and expected verdict.
  static func outputs(_ cases: [ProbeCase]) throws -> (artifacts: [PeriodicMeasure], clean: [PeriodicMeasure])
  {
    var artifacts: [PeriodicMeasure] = []
    var clean: [PeriodicMeasure] = []
    for c in cases where c.expected != "unmeasured" {
      let m = try ProbeVerdictTests.probe(c).output.measure
      if c.expected == "artifacts" { artifacts.append(m) } else { clean.append(m) }
    }
    return (artifacts, clean)
  }

  @Test func constantInput() throws {
    let (artifacts, clean) = try Self.outputs(
      (ProbeCase.audit + ProbeCase.probe).filter { $0.input == "constant" })
    let weakest = artifacts.map(\.strength).min() ?? 0
    let strongestClean = clean.map(\.strength).max() ?? 1
    let lowestF = artifacts.map(\.varianceRatio).min() ?? 0
    // Artifact outputs: at least 4x the strength threshold and 100x the variance-ratio threshold.
    #expect(weakest >= 4 * PeriodicMeasure.strengthThreshold, "weakest artifact strength \(weakest)")
    #expect(lowestF >= 100 * PeriodicMeasure.varianceRatioThreshold, "lowest artifact F \(lowestF)")
    // Clean outputs: at most a hundredth of the strength threshold (float rounding at most).
    #expect(
      strongestClean <= PeriodicMeasure.strengthThreshold / 100, "strongest clean strength \(strongestClean)")
    #expect(artifacts.count >= 17 && clean.count >= 14)
  }

  @Test("3D U-Nets: clean outputs carry no pattern, artifact outputs a large variance ratio")
  func volumeMargins() throws {
    let (artifacts, clean) = try Self.outputs(ProbeCase.volumes)
    #expect(artifacts.count == 3 && clean.count == 2)
    for m in artifacts { #expect(m.significant, "\(m)") }
    // On the constant input the pattern is exact: period 2 on every axis, F far above the threshold.
    let constant = try Self.outputs(ProbeCase.volumes.filter { $0.input == "constant" })
    for m in constant.artifacts {
      #expect(m.candidate == [2, 2, 2], "\(m)")
      #expect(m.varianceRatio >= 1000 * PeriodicMeasure.varianceRatioThreshold, "\(m)")
    }
    for m in constant.clean { #expect(m.strength <= PeriodicMeasure.strengthThreshold / 100, "\(m)") }
    for m in clean { #expect(!m.significant, "\(m)") }
  }

  @Test func noiseInput() throws {
    let (artifacts, clean) = try Self.outputs(ProbeCase.noise)
    let lowestF = artifacts.map(\.varianceRatio).min() ?? 0
    let highestCleanF = clean.map(\.varianceRatio).max() ?? .infinity
    // Noise scatters the phase means of clean models (F of a few); artifact models stand far above.
    #expect(lowestF >= 10 * PeriodicMeasure.varianceRatioThreshold, "lowest artifact F \(lowestF)")
    #expect(highestCleanF <= PeriodicMeasure.varianceRatioThreshold / 2, "highest clean F \(highestCleanF)")
  }
}
