import Foundation
import ModelAudit
import ModelIO
import TestSupport
import Testing

/// Mutated models either fail with an error or audit; nothing traps.
@Suite("audit of hostile models")
struct HostileModelTests {
  @Test(
    "bit-flipped fixture models never trap the reader or the audit",
    arguments: [
      "cyclegan_resnet_legacy", "convt_output_shape", "resize_constant", "d2s_dcr", "vocoder1d",
    ])
  func mutatedModels(name: String) throws {
    let original = [UInt8](try Data(contentsOf: FixturePaths.url("models/\(name).onnx")))
    var random = TestRandom(seed: UInt64(name.utf8.count) &* 7919)
    var audited = 0
    for _ in 0..<300 {
      var bytes = original
      for _ in 0..<(1 + Int(random.next() % 3)) {
        let index = Int(random.next() % UInt64(bytes.count))
        bytes[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
      }
      guard let graph = try? ONNXReader.read(data: Data(bytes)) else { continue }
      if (try? ModelAuditor.audit(graph: graph)) != nil { audited += 1 }
      if let shaped = try? graph.withInputShape([1, 2, 3, 4]) { _ = try? ModelAuditor.audit(graph: shaped) }
    }
    #expect(audited > 0)
  }

  @Test("absurd parameters are refused with the node's name")
  func absurdParameters() throws {
    let weight = ModelTensor(
      name: "w", dataType: .float, shape: [1, 1, 3, 3], storage: .float([Float](repeating: 1, count: 9)))
    let node = ModelNode(
      name: "up", opType: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"],
      attributes: ["strides": .ints([1 << 30, 2])], fileIndex: 0)
    let graph = ModelGraph(
      path: "m.onnx", opsetVersion: 17, nodes: [node], initializers: ["w": weight],
      inputs: [
        ModelValueInfo(name: "x", dataType: .float, dimensions: [.fixed(1), .fixed(1), .fixed(4), .fixed(4)])
      ],
      outputs: [])
    #expect(throws: ModelAuditError.self) { try ModelAuditor.audit(graph: graph) }
    do {
      _ = try ModelAuditor.audit(graph: graph)
    } catch {
      #expect(error.description.hasPrefix("m.onnx: node 'up'"))
    }
  }
}
