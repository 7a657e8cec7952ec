import Foundation
import ModelIO
import ModelProbe
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// The probe's trace through cyclic shifts (`torch.roll`, Swin's shifted windows) and its size choice
/// for a model no size gives an interior, on the fixtures of `Scripts/make_roll_models.py`: the border's
/// reach is measured in PyTorch on an all-ones input (the samples that differ from the centre's value).
@Suite("Probe: cyclic shifts keep the map, and a model without an interior gets a size at once")
struct RollTraceTests {
  /// The fixture's MANIFEST.json entry for `name`.
  static func entry(_ name: String) -> [String: Any]? {
    let url = FixturePaths.url("models/roll/MANIFEST.json")
    guard let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let models = root["models"] as? [String: [String: Any]]
    else { return nil }
    return models[name]
  }

  @Test(
    "the border's reach after a roll and its inverse is PyTorch's", arguments: ["roll_legacy", "roll_dynamo"])
  func rollKeepsTheMap(_ name: String) throws {
    let entry = try #require(Self.entry(name))
    let shape = try #require(entry["inputShape"] as? [Int])
    let reach = try #require(entry["reach"] as? [String: [[Int]]])
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/roll/\(name).onnx").path)
    let report = try Probe.run(
      graph: graph, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant")
    // The map rolled back, before the transposed convolution: the last node with its extents.
    let rolledBack = try #require(reach["rolled back"])
    let extents = Array(shape.dropFirst(2))
    let expectedInterior = extents.indices.map { extents[$0] - rolledBack[$0][0] - rolledBack[$0][1] }
    let node = try #require(
      report.nodes.last { $0.op != "ConvTranspose" && Array($0.shape.dropFirst(2)) == extents },
      "no node of the rolled-back map was measured")
    // Conservative and, for these shifts, exact.
    #expect(node.measure.interior == expectedInterior, "\(node.name)")
    let output = try #require(reach["output"])
    let outExtents = Array(report.output.shape.dropFirst(2))
    let outInterior = outExtents.indices.map { outExtents[$0] - output[$0][0] - output[$0][1] }
    #expect(zip(report.output.measure.interior, outInterior).allSatisfy { $0 <= $1 })
    #expect(report.output.measure.confidence == 1)
    // A random-weight ConvTranspose k4 s2 makes a checkerboard by construction.
    #expect(report.verdict == "artifacts")
  }

  @Test("a model no size gives an interior: the smallest measured size, chosen without trial runs")
  func noInteriorAtAnySize() throws {
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/roll/gap_decoder_legacy.onnx").path)
    #expect(graph.fixedInputShape == nil)
    let choice = try Probe.chooseInputShape(graph: graph)
    #expect(choice.undecided.isEmpty)
    #expect(choice.examined == Probe.candidateExtents(spatialRank: 2))
    #expect(choice.shape == [1, 1, 8, 8])
    #expect(choice.prediction?.confidence == 0)
    let expected = try Tensor.readNPY(
      from: FixturePaths.url("models/roll/gap_decoder_legacy.ones.out.npy").path)
    #expect(choice.prediction?.outputShape == expected.shape)
    let report = try Probe.runChoosingSize(
      graph: graph, makeInput: { Tensor(shape: $0, repeating: 1) }, inputLabel: "constant")
    #expect(report.inputShape == [1, 1, 8, 8])
    #expect(report.output.measure.confidence == 0)
    #expect(
      report.inputChoice?.contains("the border reaches the output's measured window at every size") == true)
  }
}
