import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// The probe's choice of an open input size (`Probe.chooseInputShape`): shape inference and the
/// probe's trace decide it without running the model. Checked against ONNX Runtime's output shapes
/// (the zoo fixtures, Scripts/make_zoo.py) and against the plain search that runs the model at every
/// candidate size in turn.
@Suite("Probe: the input size of an open-size model, chosen without trial runs")
struct InputSizeChoiceTests {
  /// Open-size zoo models small enough to run at every candidate size in a debug build.
  static let small = ZooModel.all.filter { model in
    model.symbolic
      && ["dcgan", "srresnet", "torchvision_maskrcnn_maskhead"].contains { model.name.hasPrefix($0) }
  }
  /// The other open-size zoo models.
  static let large = ZooModel.all.filter { $0.symbolic && !small.map(\.name).contains($0.name) }

  @Test("shape inference predicts ONNX Runtime's output shape at the export size", arguments: ZooModel.all)
  func predictedShape(_ model: ZooModel) throws {
    let graph = try ONNXReader.read(contentsOf: model.path).withInputShape(model.inputShape)
    let expected = try Tensor.readNPY(from: model.npy("noise.out"))
    let prediction = Probe.predictOutput(graph: graph, inputShape: model.inputShape)
    #expect(prediction?.outputShape == expected.shape, "\(model.name)")
  }

  @Test("the size chosen is the smallest whose run has an interior (a run at every size)", arguments: small)
  func smallestWithInterior(_ model: ZooModel) throws { try compareWithRuns(model) }

  @Test(
    "the size chosen is the smallest whose run has an interior (larger models)", .tags(.slow),
    .onlyWithSlowTests, arguments: large)
  func smallestWithInteriorLarge(_ model: ZooModel) throws { try compareWithRuns(model) }

  /// The reference: `Probe.run` at each candidate in turn, smallest first; the first whose output is
  /// measured on its interior is the size to choose.
  func compareWithRuns(_ model: ZooModel) throws {
    let graph = try ONNXReader.read(contentsOf: model.path)
    let rank = model.inputShape.count - 2
    // Volumes stop at the export size (larger ones take minutes in a debug build).
    let extents = Probe.candidateExtents(spatialRank: rank).filter { rank < 3 || $0 <= model.inputShape[2] }
    let choice = try Probe.chooseInputShape(graph: graph, extents: extents)
    var reference: [Int]?
    var confidences: [Int: Double] = [:]
    for extent in extents {
      let shape = model.inputShape.enumerated().map { $0.offset < 2 ? $0.element : extent }
      guard let shaped = try? graph.withInputShape(shape),
        let report = try? Probe.run(
          graph: shaped, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant")
      else { continue }
      confidences[extent] = report.output.measure.confidence
      if report.output.measure.confidence >= 1 {
        reference = shape
        break
      }
    }
    #expect(choice.undecided.isEmpty, "\(model.name): shape inference left \(choice.undecided) undecided")
    if let reference {
      #expect(choice.shape == reference, "\(model.name): runs gave confidences \(confidences)")
      #expect(choice.prediction?.confidence == 1)
    } else {
      // No size has an interior: the choice is the one with the best confidence the runs measured.
      let best = confidences.values.max()
      #expect(choice.prediction?.confidence == best, "\(model.name): runs gave confidences \(confidences)")
    }
    // And the probe then runs once, at that size.
    let report = try Probe.runChoosingSize(
      graph: graph, makeInput: { Tensor(shape: $0, repeating: 1) }, inputLabel: "constant", extents: extents)
    #expect(report.inputShape == choice.shape)
    #expect(report.inputChoice?.contains("by shape inference") == true)
  }

  @Test("audit --probe chooses the size as the probe does, and audits every upsampling node there")
  func auditProbeOpenSize() throws {
    let model = try #require(ZooModel.all.first { $0.name == "dcgan_legacy" })
    let graph = try ONNXReader.read(contentsOf: model.path)
    #expect(graph.fixedInputShape == nil)
    let (report, comparison) = try ModelDocuments.audit(
      graph: graph, inputShape: nil, threshold: 0.01, probe: true)
    let probe = try #require(comparison?.probe)
    let choice = try Probe.chooseInputShape(graph: graph)
    #expect(probe.inputShape == choice.shape)
    #expect(probe.inputChoice != nil)
    #expect(comparison?.text.contains("input size: ") == true)
    for (op, count) in model.upsampling {
      #expect(report.layers.filter { $0.op.rawValue == op }.count == count, "\(op)")
    }
    // The DCGAN's last ConvTranspose (k4 s2, random weights) makes a checkerboard by construction.
    #expect(probe.verdict == "artifacts")
  }
}
