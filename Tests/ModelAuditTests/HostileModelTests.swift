import CheckerscopeCore
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
    var random = SplitMix64(seed: UInt64(name.utf8.count) &* 7919)
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

  /// Inputs that trapped the audit under the fuzzer (`Fuzz/Sources/fuzz-onnx`): each must read
  /// and audit, or fail with an error.
  @Test(
    "fuzzer findings neither trap the reader nor the audit",
    arguments: ["onnx-audit-shape-1", "onnx-audit-resize-2"])
  func fuzzFindings(name: String) throws {
    let bytes = try Data(contentsOf: FixturePaths.url("models/fuzz-regressions/\(name).onnx"))
    let graph = try ONNXReader.read(data: bytes)
    // The audit may refuse the graph, but must come back (it trapped on an index out of range in
    // the convolution's output-size arithmetic before the fix).
    let report = try? ModelAuditor.audit(graph: graph)
    #expect(report.map { $0.layers.allSatisfy { !$0.node.isEmpty } } ?? true, "every listed layer is named")
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

  /// ONNX's rules by hand: VALID means no padding; Upsample's `scales` attribute gives the factors.
  @Test("auto_pad VALID and an opset-7 style Upsample")
  func validAndUpsample() throws {
    let weight = ModelTensor(
      name: "w", dataType: .float, shape: [1, 1, 3, 3], storage: .float([1, 2, 1, 2, 4, 2, 1, 2, 1]))
    let nodes = [
      ModelNode(
        name: "up", opType: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"],
        attributes: ["strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1]), "auto_pad": .string("VALID")],
        fileIndex: 0),
      ModelNode(
        name: "", opType: "Upsample", inputs: ["y"], outputs: ["z"],
        attributes: ["scales": .floats([1, 1, 3, 3]), "mode": .string("nearest")], fileIndex: 1),
    ]
    let graph = ModelGraph(
      // Upsample exists at opsets 7–9 (deprecated from 10): the graph declares opset 9.
      path: "m.onnx", opsetVersion: 9, nodes: nodes, initializers: ["w": weight],
      inputs: [
        ModelValueInfo(name: "x", dataType: .float, dimensions: [.fixed(1), .fixed(1), .fixed(4), .fixed(5)])
      ],
      outputs: [])
    let report = try ModelAuditor.audit(graph: graph)
    #expect(report.layers.map(\.node) == ["up", "Upsample_1"])
    let up = report.layers[0]
    #expect(up.convolution?.padsBegin == [0, 0] && up.convolution?.padsEnd == [0, 0])
    // (n − 1)·2 + 3 per axis; the kernel [1 2 1] ⊗ [1 2 1] puts 4 on every phase: flat, so compensated.
    #expect(up.outputShape == [1, 1, 9, 11])
    #expect(up.weights?.pefMax == 0)
    #expect(up.verdict == .compensated)
    let upsample = report.layers[1]
    #expect(upsample.resize?.scale == [3, 3])
    #expect(upsample.outputShape == [1, 1, 27, 33])
    #expect(upsample.counts?.uniform == true && upsample.counts?.period == [1, 1])
    #expect(report.verdict == .ok)
  }
}
