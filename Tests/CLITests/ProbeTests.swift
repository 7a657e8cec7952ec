import Foundation
import NPYIO
import TestSupport
import Testing

@Suite struct ProbeTests {
  static let artifacts = FixturePaths.url("models/probe/probe_convt_k3s2.onnx").path
  static let clean = FixturePaths.url("models/probe/probe_resize_conv.onnx").path

  @Test func jsonHasTheIssueShape() throws {
    let r = try ToolRunner.run(["probe", Self.artifacts, "--input-shape", "1x4x32x32", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["verdict"] as? String == "artifacts")
    #expect(object["input"] as? String == "constant")
    #expect(object["inputShape"] as? [Int] == [1, 4, 32, 32])
    let origin = try #require(object["origin"] as? [String: Any])
    #expect(origin["op"] as? String == "ConvTranspose")
    let output = try #require(object["output"] as? [String: Any])
    #expect(output["period"] as? [Int] == [2, 2])
    #expect(output["significant"] as? Bool == true)
    let nodes = try #require(object["nodes"] as? [[String: Any]])
    #expect(nodes.count == 1 && nodes[0]["node"] != nil && nodes[0]["shape"] as? [Int] == [1, 4, 64, 64])
  }

  @Test func failOnArtifactsSetsTheExitStatus() throws {
    let bad = try ToolRunner.run([
      "probe", Self.artifacts, "--input-shape", "1x4x32x32", "--fail-on", "artifacts",
    ])
    #expect(bad.status == 3)
    #expect(bad.stdout.contains("verdict: artifacts"))
    let lines = bad.stderr.split(separator: "\n")
    #expect(
      lines.count == 1 && lines[0].hasPrefix("checkerscope: gate: \(Self.artifacts): artifacts at the output")
    )
    #expect(bad.stderr.contains("made by ConvTranspose_0 (ConvTranspose)"), "\(bad.stderr)")
    let ignored = try ToolRunner.run([
      "probe", Self.artifacts, "--input-shape", "1x4x32x32", "--fail-on", "artifacts", "--ignore",
      "ConvTranspose_0",
    ])
    #expect(ignored.status == 0, "\(ignored.stderr)")
    let typo = try ToolRunner.run([
      "probe", Self.artifacts, "--input-shape", "1x4x32x32", "--fail-on", "artifacts", "--ignore", "nope",
    ])
    #expect(typo.status == 1)
    #expect(typo.stderr.contains("--ignore 'nope': no layer has this node name or module path"))
    let good = try ToolRunner.run([
      "probe", Self.clean, "--input-shape", "1x4x32x32", "--fail-on", "artifacts",
    ])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.contains("verdict: clean"))
  }

  @Test func dumpWritesNodeOutputsAsNPY() throws {
    let dir = try FixturePaths.temporaryDirectory("probe-dump")
    let r = try ToolRunner.run([
      "probe", FixturePaths.url("models/probe/trained_ae_convt.onnx").path, "--input-shape", "1x3x64x64",
      "--dump", dir.path, "--node",
      "/dec/dec.0/ConvTranspose",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(files == ["_dec_dec.0_ConvTranspose_output_0.npy"])
    let array = try NPYArray.read(from: dir.appendingPathComponent(files[0]).path)
    #expect(array.shape == [1, 16, 32, 32])
  }

  @Test func heatmapsAreWrittenForNodesWithAPattern() throws {
    let dir = try FixturePaths.temporaryDirectory("probe-heatmaps")
    let r = try ToolRunner.run([
      "probe", Self.artifacts, "--input-shape", "1x4x32x32", "--heatmaps", dir.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
  }

  @Test func tinyOutputIsRefusedWithAdvice() throws {
    let r = try ToolRunner.run(["probe", FixturePaths.url("models/probe/probe_tiny_map.onnx").path])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("checkerscope: error: ") && r.stderr.contains("--input-shape"))
  }

  @Test("an open input size is chosen by the probe and said in text and JSON")
  func openSizeIsChosen() throws {
    // convt_same_upper declares its spatial axes by name: no --input-shape needed any more.
    let model = FixturePaths.url("models/convt_same_upper.onnx").path
    let r = try ToolRunner.run(["probe", model, "--format", "json", "-q"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let shape = try #require(json["inputShape"] as? [Int])
    #expect(shape.count == 4 && shape[2] >= 8 && shape[3] >= 8)
    #expect((json["inputChoice"] as? String)?.contains("chosen by the probe") == true)
    #expect(json["confidence"] as? Double == 1)
    let text = try ToolRunner.run(["probe", model, "-q"])
    #expect(text.stdout.contains("input size: "))
  }

  @Test("a fixed-size input too small for an interior still gets a verdict, with its confidence")
  func fixedSizeHasConfidence() throws {
    // The DCGAN fixture is fed its 1x1 latent: every output sample depends on the zero padding; its
    // k4 s2 random-weight ConvTranspose layers make a period-2 pattern by construction.
    let r = try ToolRunner.run([
      "probe", FixturePaths.url("models/dcgan.onnx").path, "--format", "json", "-q",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["verdict"] as? String == "artifacts")
    #expect(json["confidence"] as? Double == 0)
    let output = try #require(json["output"] as? [String: Any])
    #expect(output["borderReach"] as? Double == 1)
    #expect(json["origin"] is [String: Any])
    let text = try ToolRunner.run(["probe", FixturePaths.url("models/dcgan.onnx").path, "-q"])
    #expect(text.stdout.contains("verdict: artifacts (confidence 0.00"))
  }

  @Test func unsupportedOperatorIsOneLine() throws {
    let r = try ToolRunner.run(["probe", FixturePaths.url("models/probe/refuse/unknown_op.onnx").path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("the_hardmax") && r.stderr.split(separator: "\n").count == 1)
  }

  @Test func badInputIsAUsageError() throws {
    let r = try ToolRunner.run(["probe", Self.artifacts, "--input", "sideways"])
    #expect(r.status == 64)
  }

  @Test func auditProbeShowsBothSides() throws {
    let r = try ToolRunner.run(["audit", Self.artifacts, "--input-shape", "1x4x32x32", "--probe"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("probe (constant input 1x4x32x32)"))
    #expect(r.stdout.contains("audit artifacts, probe strength"))
  }
}
