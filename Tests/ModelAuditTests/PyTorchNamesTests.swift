import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import TestSupport
import Testing

/// The audit names each layer as the PyTorch user wrote it, on a small generator exported with both
/// of PyTorch's exporters. The expected module paths, classes, constructors and source lines come
/// from the model itself (`named_modules()`, the module's attributes, `inspect` on its source) in
/// `Scripts/make_pytorch_names.py`, not from the ONNX files.
@Suite("PyTorch module names in the audit")
struct PyTorchNamesTests {
  static let expected: JSONValue = {
    let url = FixturePaths.url("models/pytorch/tiny.expected.json")
    return (try? JSONValue(parsing: (try? String(contentsOf: url, encoding: .utf8)) ?? "")) ?? .null
  }()

  static func audit(_ name: String) throws -> AuditReport {
    try ModelAuditor.audit(
      graph: try ONNXReader.read(contentsOf: FixturePaths.url("models/pytorch/\(name).onnx").path))
  }

  @Test(
    "module path, class and full constructor of every ConvTranspose",
    arguments: ["tiny_legacy", "tiny_dynamo"])
  func namesMatch(model: String) throws {
    let want = try #require(Self.expected["layers"]?.arrayValue)
    let layers = try Self.audit(model).layers.filter { $0.op == .convTranspose }
    #expect(layers.count == want.count)
    for (layer, expected) in zip(layers, want) {
      let origin = try #require(layer.origin, "\(layer.node)")
      #expect(origin.module == expected["module"]?.stringValue)
      #expect(origin.className == expected["class"]?.stringValue)
      let remedy = try #require(layer.remedy)
      let constructor = try #require(expected["constructor"]?.stringValue)
      #expect(remedy.contains("replace \(constructor)\n"), "\(remedy)")
      #expect(layer.json["module"]?["path"]?.stringValue == expected["module"]?.stringValue)
      #expect(
        AuditReport(model: "m", inputShape: nil, threshold: 0.01, layers: [layer]).text.contains(
          "  module: \(origin.module) ("))
    }
  }

  @Test("the dynamo export's source line, and the module a fused node came from")
  func dynamoDetails() throws {
    let want = try #require(Self.expected["layers"]?.arrayValue)
    let layers = try Self.audit("tiny_dynamo").layers.filter { $0.op == .convTranspose }
    // `up` is fused with the BatchNorm after it: the node carries bn's metadata, the weight up's name.
    #expect(layers.first?.origin?.fusedWith == "bn (BatchNorm2d)")
    #expect(layers.first?.origin?.source == nil)
    #expect(layers.last?.origin?.source == want.last?["source"]?.stringValue)
    #expect(layers.last?.origin?.fusedWith == nil)
  }

  @Test("origins from each kind of evidence")
  func originRules() {
    func node(_ name: String, weight: String? = nil, metadata: [String: String] = [:]) -> ModelNode {
      var node = ModelNode(
        name: name, opType: "ConvTranspose", inputs: ["x"] + (weight.map { [$0] } ?? []), outputs: ["y"],
        fileIndex: 0)
      node.metadata = metadata
      return node
    }
    #expect(PyTorchOrigin(node: node("/dec/dec.0/ConvTranspose"))?.module == "dec.0")
    #expect(PyTorchOrigin(node: node("/ConvTranspose")) == nil)
    #expect(PyTorchOrigin(node: node("n", weight: "onnx::ConvTranspose_7")) == nil)
    #expect(PyTorchOrigin(node: node("n", weight: "blocks.2.up.weight"))?.module == "blocks.2.up")
    let trace = """
      File "/home/u/gen.py", line 12, in forward
          return self.body(x)
        File "/usr/lib/python3/site-packages/torch/nn/modules/container.py", line 250, in forward
          input = module(input)
        File "/home/u/blocks.py", line 7, in forward
          return self.up(x)
        File "/usr/lib/python3/site-packages/torch/nn/modules/conv.py", line 1198, in forward
          return F.conv_transpose2d(
      """
    let origin = PyTorchOrigin(
      node: node(
        "node_ConvTranspose_3",
        metadata: [
          "pkg.torch.onnx.name_scopes": "['', 'body', 'body.up', 'convolution']",
          "pkg.torch.onnx.class_hierarchy":
            "['gen.G', 'blocks.Block', 'torch.nn.modules.conv.ConvTranspose2d', 'aten.convolution.default']",
          "pkg.torch.onnx.stack_trace": trace,
        ]))
    #expect(origin == PyTorchOrigin(module: "body.up", className: "ConvTranspose2d", source: "blocks.py:7"))
    #expect(origin?.description == "body.up (ConvTranspose2d, blocks.py:7)")
  }
}
