import CheckerscopeCore
import Foundation
import ModelIO
import NPYIO
import OverlapAnalysis
import TestSupport
import Testing

/// End-to-end tests of `checkerscope audit` and of safetensors weights elsewhere, running the built binary.
@Suite struct AuditTests {
  func model(_ name: String) -> String { FixturePaths.url("models/\(name)").path }

  func expected(_ name: String) throws -> JSONValue {
    try JSONValue(
      parsing: String(contentsOf: FixturePaths.url("models/\(name).expected.json"), encoding: .utf8))
  }

  @Test func jsonOutputMatchesNumPyAndIsDeterministic() throws {
    let result = try ToolRunner.run(["audit", model("pix2pix_unet.onnx"), "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let again = try ToolRunner.run(["audit", model("pix2pix_unet.onnx"), "--format", "json"])
    #expect(again.stdout == result.stdout)
    let json = try JSONValue(parsing: result.stdout)
    let want = try expected("pix2pix_unet")
    #expect(json["model"]?.stringValue == model("pix2pix_unet.onnx"))
    #expect(json["inputShape"] == want["inputShape"])
    #expect(json["verdict"] == want["verdict"])
    #expect(json["firstArtifactLayer"] == want["firstArtifactLayer"])
    let layers = json["layers"]?.arrayValue ?? []
    let wanted = want["layers"]?.arrayValue ?? []
    #expect(layers.count == wanted.count)
    for (a, b) in zip(layers, wanted) {
      for key in [
        "node", "op", "kernel", "stride", "padsBegin", "padsEnd", "verdict", "inputShape", "outputShape",
      ] {
        #expect(a[key] == b[key], "\(key)")
      }
      let pef = a["weights"]?["pefMax"]?.doubleValue
      let wantPEF = b["weights"]?["pefMax"]?.doubleValue
      #expect((pef == nil) == (wantPEF == nil))
      if let pef, let wantPEF { #expect(Approximate.equal(pef, wantPEF, relative: 1e-9)) }
    }
  }

  @Test func failOnArtifactsSetsTheExitStatus() throws {
    let artifacts = try ToolRunner.run(["audit", model("dcgan.onnx"), "--fail-on", "artifacts"])
    #expect(artifacts.status == 3)
    #expect(artifacts.stdout.contains("verdict: artifacts (first: node_ConvTranspose_15, module main.3)"))
    // One gate line per layer with artifacts (NumPy's verdicts in dcgan.expected.json), naming it.
    let want = try expected("dcgan")["layers"]?.arrayValue ?? []
    let failing = want.filter { $0["verdict"]?.stringValue == "artifacts" }.compactMap {
      $0["node"]?.stringValue
    }
    let lines = artifacts.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == failing.count && !failing.isEmpty)
    for (line, node) in zip(lines, failing) {
      #expect(line.hasPrefix("checkerscope: gate: \(model("dcgan.onnx")): \(node) (ConvTranspose"), "\(line)")
      #expect(line.contains("): artifacts, PEF "), "\(line)")
    }
    let ignoreAll = try ToolRunner.run(
      ["audit", model("dcgan.onnx"), "--fail-on", "artifacts"] + failing.flatMap { ["--ignore", $0] })
    #expect(ignoreAll.status == 0, "\(ignoreAll.stderr)")
    let ignoreOne = try ToolRunner.run([
      "audit", model("dcgan.onnx"), "--fail-on", "artifacts", "--ignore", failing[0],
    ])
    #expect(ignoreOne.status == (failing.count > 1 ? 3 : 0))
    #expect(!ignoreOne.stderr.contains(" \(failing[0]) "))
    let missing = try ToolRunner.run(["audit", model("nope.onnx"), "--fail-on", "artifacts"])
    #expect(missing.status == 1)
    let clean = try ToolRunner.run(["audit", model("espcn_icnr_legacy.onnx"), "--fail-on", "artifacts"])
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(clean.stdout.contains("verdict: ok"))
    let never = try ToolRunner.run(["audit", model("dcgan.onnx")])
    #expect(never.status == 0)
  }

  @Test func markdownHasATableAndRemedies() throws {
    let result = try ToolRunner.run(["audit", model("vocoder1d.onnx"), "--format", "md"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("| layer | op |"))
    #expect(result.stdout.contains("nn.Upsample(scale_factor=8, mode='nearest'), nn.Conv1d(16, 8"))
  }

  @Test func inputShapeFillsSymbolicDimensions() throws {
    let without = try ToolRunner.run(["audit", model("convt_same_upper.onnx"), "--format", "json"])
    #expect(try JSONValue(parsing: without.stdout)["inputShape"]?.isNull == true)
    let with = try ToolRunner.run([
      "audit", model("convt_same_upper.onnx"), "--input-shape", "1x2x5x6", "--format", "json",
    ])
    let json = try JSONValue(parsing: with.stdout)
    #expect(json["layers"]?[0]?["outputShape"] == .array([1, 3, 10, 12]))
    let wrongRank = try ToolRunner.run(["audit", model("convt_same_upper.onnx"), "--input-shape", "1x2x5"])
    #expect(wrongRank.status == 1)
    #expect(wrongRank.stderr.hasPrefix("checkerscope: error: "))
  }

  @Test func errorsAndUsage() throws {
    let escape = try ToolRunner.run(["audit", model("invalid/escape.onnx")])
    #expect(escape.status == 1)
    #expect(escape.stderr.split(separator: "\n").count == 1)
    #expect(escape.stderr.contains("outside the model's folder"))
    #expect(try ToolRunner.run(["audit"]).status == 64)
    #expect(try ToolRunner.run(["audit", model("dcgan.onnx"), "--threshold", "2"]).status == 64)
    #expect(try ToolRunner.run(["audit", model("dcgan.onnx"), "--input-shape", "1xax3"]).status == 64)
    #expect(try ToolRunner.run(["audit", "--safetensors", model("dcgan.safetensors")]).status == 64)
  }

  /// BatchNorm folding scales each output channel by a positive factor, which leaves PEF unchanged, so the
  /// state dict's ConvTranspose weights give the PEFs NumPy computed from the exported ONNX graph.
  @Test func safetensorsModeMatchesTheExportedModel() throws {
    let result = try ToolRunner.run([
      "audit", "--safetensors", model("dcgan.safetensors"), "--layer", "main.3.weight:k=4,s=2,p=1",
      "--layer", "main.6.weight:k=4,s=2,p=1", "--format", "json", "--fail-on", "artifacts",
    ])
    #expect(result.status == 3)
    let json = try JSONValue(parsing: result.stdout)
    let want = try expected("dcgan")
    for (index, wantIndex) in [(0, 1), (1, 2)] {
      let pef = json["layers"]?[index]?["weights"]?["pef"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      let wantPEF =
        want["layers"]?[wantIndex]?["weights"]?["pef"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      #expect(pef.count == wantPEF.count && !pef.isEmpty)
      for (a, b) in zip(pef, wantPEF) { #expect(Approximate.equal(a, b, relative: 1e-5, absolute: 1e-7)) }
    }
    let bad = try ToolRunner.run([
      "audit", "--safetensors", model("dcgan.safetensors"), "--layer", "nope:k=4,s=2",
    ])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("no tensor named 'nope'"))
  }

  @Test func heatmapsAreWritten() throws {
    let dir = try FixturePaths.temporaryDirectory("audit-heatmaps")
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try ToolRunner.run(["audit", model("cyclegan_resnet.onnx"), "--heatmaps", dir.path])
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(files.contains("03-node_convolution-overlap.png"))
    #expect(files.contains("03-node_convolution-gain.png"))
    #expect(files.contains("01-node_conv2d_1-overlap.png"))
  }

  @Test func overlapTakesASafetensorsWeight() throws {
    let dir = try FixturePaths.temporaryDirectory("overlap-safetensors")
    defer { try? FileManager.default.removeItem(at: dir) }
    let tensor = try SafetensorsFile(contentsOf: model("dcgan.safetensors")).tensor(named: "main.6.weight")
    let npy = dir.appendingPathComponent("w.npy").path
    try NPYArray(shape: tensor.shape, float32: try #require(tensor.floatValues)).write(to: npy)
    let common = [
      "overlap", "--stride", "2", "--padding", "1", "--input-size", "6", "--channel", "1", "--format", "json",
    ]
    let fromNPY = try ToolRunner.run(common + ["--weight", npy])
    let fromSafetensors = try ToolRunner.run(
      common + ["--weight", model("dcgan.safetensors") + ":main.6.weight"])
    #expect(fromSafetensors.status == 0, "\(fromSafetensors.stderr)")
    #expect(fromSafetensors.stdout == fromNPY.stdout)
    let missing = try ToolRunner.run(common + ["--weight", model("dcgan.safetensors") + ":main.9.weight"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no tensor named 'main.9.weight'"))
  }

  @Test func deconvTakesASafetensorsWeight() throws {
    let dir = try FixturePaths.temporaryDirectory("deconv-safetensors")
    defer { try? FileManager.default.removeItem(at: dir) }
    let tensor = try SafetensorsFile(contentsOf: model("dcgan.safetensors")).tensor(named: "main.3.weight")
    let weight = dir.appendingPathComponent("w.npy").path
    try NPYArray(shape: tensor.shape, float32: try #require(tensor.floatValues)).write(to: weight)
    let input = dir.appendingPathComponent("x.npy").path
    var random = SplitMix64(seed: 3)
    try NPYArray(shape: [1, 16, 3, 3], float32: (0..<144).map { _ in Float(random.unit()) }).write(to: input)
    var outputs: [[Float]] = []
    for (index, source) in [weight, model("dcgan.safetensors") + ":main.3.weight"].enumerated() {
      let output = dir.appendingPathComponent("y\(index).npy").path
      let result = try ToolRunner.run([
        "deconv", "--input", input, "--weight", source, "--stride", "2", "--padding", "1", "--output", output,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      outputs.append(try NPYArray.read(from: output).floatValues())
    }
    #expect(outputs.count == 2 && outputs[0] == outputs[1] && outputs[0].count == 8 * 6 * 6)
  }
}
