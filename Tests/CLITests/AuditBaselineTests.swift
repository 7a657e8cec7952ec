import CheckerscopeCore
import Foundation
import TestSupport
import Testing

/// `audit --write-baseline` and `audit --baseline`: the gate on a model's recorded facts and weights.
@Suite struct AuditBaselineTests {
  func model(_ name: String) -> String { FixturePaths.url("models/\(name)").path }

  @Test func theSameModelPassesAndAMovedGainTripsTheGateNamingTheLayer() throws {
    let dir = try FixturePaths.temporaryDirectory("audit-baseline")
    defer { try? FileManager.default.removeItem(at: dir) }
    let baseline = dir.appendingPathComponent("dcgan.baseline.json").path
    let write = try ToolRunner.run([
      "audit", model("dcgan.onnx"), "--write-baseline", baseline, "-o",
      dir.appendingPathComponent("a.txt").path,
    ])
    #expect(write.status == 0, "\(write.stderr)")
    #expect(write.stdout == "\(baseline): baseline of 3 layers\n")
    let same = try ToolRunner.run(["audit", model("dcgan.onnx"), "--baseline", baseline])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(same.stderr.isEmpty)

    // The recorded gain of channel 2, phase 1 of the second ConvTranspose, moved by +0.25: as if
    // the weights had, seen from the file's side. The gate names the layer and both values.
    var document = try JSONValue(parsing: String(contentsOfFile: baseline, encoding: .utf8))
    guard case .object(var root) = document, let index = root.firstIndex(where: { $0.key == "layers" }),
      case .array(var layers) = root[index].value, case .object(var layer) = layers[1],
      let weightsIndex = layer.firstIndex(where: { $0.key == "weights" }),
      case .object(var weights) = layer[weightsIndex].value,
      let gainsIndex = weights.firstIndex(where: { $0.key == "gains" }),
      case .array(var gains) = weights[gainsIndex].value, case .array(var row) = gains[2],
      let old = row[1].doubleValue
    else {
      Issue.record("unexpected baseline layout")
      return
    }
    row[1] = .double(old + 0.25)
    gains[2] = .array(row)
    weights[gainsIndex].value = .array(gains)
    layer[weightsIndex].value = .object(weights)
    layers[1] = .object(layer)
    root[index].value = .array(layers)
    document = .object(root)
    let node = try #require(document["layers"]?[1]?["node"]?.stringValue)
    // The layer's PyTorch module path, when the export recorded one (dcgan: `main.3`).
    let module = document["layers"]?[1]?["facts"]?["module"]?["path"]?.stringValue.map { " (\($0))" } ?? ""
    try Data((try document.encoded(style: .pretty) + "\n").utf8).write(to: URL(fileURLWithPath: baseline))

    let drift = try ToolRunner.run(["audit", model("dcgan.onnx"), "--baseline", baseline])
    #expect(drift.status == 3)
    let lines = drift.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 1)
    #expect(
      lines.first
        == "checkerscope: gate: \(model("dcgan.onnx")): \(node)\(module): drift from \(baseline): "
        + "gains[2][1] \(NumberFormat.significant(old + 0.25, 6)) → \(NumberFormat.significant(old, 6))",
      "\(lines)")
    let ignored = try ToolRunner.run(["audit", model("dcgan.onnx"), "--baseline", baseline, "--ignore", node])
    #expect(ignored.status == 0, "\(ignored.stderr)")
    let loose = try ToolRunner.run([
      "audit", model("dcgan.onnx"), "--baseline", baseline, "--pef-tolerance", "1", "--gain-tolerance", "1",
    ])
    #expect(loose.status == 0, "\(loose.stderr)")
  }

  @Test func badBaselinesAndOptionsAreErrorsNotGates() throws {
    let dir = try FixturePaths.temporaryDirectory("audit-baseline")
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.json").path
    try Data(#"{"format":"checkerscope-model-baseline","version":1}"#.utf8).write(
      to: URL(fileURLWithPath: bad))
    let result = try ToolRunner.run(["audit", model("dcgan.onnx"), "--baseline", bad])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "checkerscope: error: \(bad): not a model baseline: 'model' is not a string; write one with audit MODEL --write-baseline FILE\n"
    )
    let missing = try ToolRunner.run([
      "audit", model("dcgan.onnx"), "--baseline", dir.appendingPathComponent("none.json").path,
    ])
    #expect(missing.status == 1)
    #expect(
      try ToolRunner.run(["audit", model("dcgan.onnx"), "--baseline", bad, "--pef-tolerance", "-1"]).status
        == 64)
    #expect(
      try ToolRunner.run([
        "audit", model("dcgan.onnx"), "--write-baseline", dir.appendingPathComponent("b.txt").path,
      ]).status == 64)
  }
}
