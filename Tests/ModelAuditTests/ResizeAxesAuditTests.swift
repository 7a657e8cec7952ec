import ModelAudit
import ModelIO
import Testing

/// Opset 18's `Resize` `axes` and `keep_aspect_ratio_policy`: the audit lists the layer with the
/// scales of the named axes. Expected shapes are ONNX Runtime 1.32's on the same models
/// (`Scripts/hostile_models.py`: resize_axes, resize_keep_aspect_not_larger,
/// resize_keep_aspect_not_smaller); expected scales are the ONNX definition's (sizes / extent, and
/// for the policies the smallest or largest of those ratios on every listed axis).
@Suite("audit of Resize with axes")
struct ResizeAxesAuditTests {
  /// `x` [1, 1, 17, 13] → Resize (opset 18) → `y`.
  func graph(scales: [Float]? = nil, sizes: [Int64]? = nil, attributes: [String: ModelAttribute])
    -> ModelGraph
  {
    var initializers: [String: ModelTensor] = [:]
    var inputs = ["x", ""]
    if let scales {
      inputs.append("scales")
      initializers["scales"] = ModelTensor(
        name: "scales", dataType: .float, shape: [scales.count], storage: .float(scales))
    } else if let sizes {
      inputs += ["", "sizes"]
      initializers["sizes"] = ModelTensor(
        name: "sizes", dataType: .int64, shape: [sizes.count], storage: .int64(sizes))
    }
    let node = ModelNode(
      name: "rs", opType: "Resize", inputs: inputs, outputs: ["y"], attributes: attributes, fileIndex: 0)
    return ModelGraph(
      path: "resize_axes.onnx", opsetVersion: 18, nodes: [node], initializers: initializers,
      inputs: [
        ModelValueInfo(
          name: "x", dataType: .float, dimensions: [.fixed(1), .fixed(1), .fixed(17), .fixed(13)])
      ],
      outputs: [])
  }

  @Test("scales for axes [3, 2]")
  func scalesForAxes() throws {
    let report = try ModelAuditor.audit(
      graph: graph(scales: [2.5, 1.5], attributes: ["axes": .ints([3, 2]), "mode": .string("linear")]))
    let layer = try #require(report.layers.first)
    #expect(layer.resize?.scale == [1.5, 2.5])
    #expect(layer.inputShape == [1, 1, 17, 13])
    #expect(layer.outputShape == [1, 1, 25, 32])
  }

  @Test("sizes for axes [2, 3], keeping the aspect ratio")
  func sizesKeepingAspect() throws {
    let larger = try ModelAuditor.audit(
      graph: graph(
        sizes: [20, 40],
        attributes: ["axes": .ints([2, 3]), "keep_aspect_ratio_policy": .string("not_larger")]))
    let layer = try #require(larger.layers.first)
    #expect(layer.resize?.scale == [20.0 / 17, 20.0 / 17])
    #expect(layer.outputShape == [1, 1, 20, 15])
    let smaller = try ModelAuditor.audit(
      graph: graph(
        sizes: [20, 40],
        attributes: ["axes": .ints([2, 3]), "keep_aspect_ratio_policy": .string("not_smaller")]))
    let other = try #require(smaller.layers.first)
    #expect(other.resize?.scale == [40.0 / 13, 40.0 / 13])
    #expect(other.outputShape == [1, 1, 52, 40])
  }
}
