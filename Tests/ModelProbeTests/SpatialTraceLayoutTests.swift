import ModelIO
import Testing
import TransposedConv

@testable import ModelProbe

/// The trace through operators that move axes (closed forms from the rules in SpatialTrace's
/// documentation: a reshape or transpose does not move a sample, a row-wise product keeps rows).
@Suite("The spatial trace follows Reshape, Transpose, MatMul and Gemm")
struct SpatialTraceLayoutTests {
  /// A trace with margins `b` at both ends of each axis and lattice `l`.
  static func trace(_ b: [Int], _ l: [Int]) -> SpatialTrace {
    var t = SpatialTrace(rank: b.count)
    t.begin = b
    t.end = b
    t.lattice = l
    return t
  }

  static func node(_ op: String, _ attributes: [String: ModelAttribute] = [:], inputs: Int = 1) -> ModelNode {
    ModelNode(
      name: op, opType: op, inputs: (0..<inputs).map { "in\($0)" }, outputs: ["out"], attributes: attributes,
      fileIndex: 0)
  }

  static func step(
    _ op: String, _ attributes: [String: ModelAttribute], _ inputs: [TraceInput], _ output: [Int]
  ) -> SpatialTrace? {
    SpatialTrace.propagate(
      node: node(op, attributes, inputs: inputs.count), path: "t.onnx", inputs: inputs, output: output)
  }

  static func step(_ op: String, _ inputs: [TraceInput], _ output: [Int]) -> SpatialTrace? {
    step(op, [:], inputs, output)
  }

  @Test("attention-style tokens: (N, C, H, W) → (N, HW, C) → MatMul → back: margins and lattice kept")
  func tokens() throws {
    let start = Self.trace([3, 2], [2, 4])
    let flat = try #require(
      Self.step("Reshape", [TraceInput(trace: start, shape: [1, 8, 16, 12], derived: true)], [1, 8, 192]))
    #expect(!flat.hasModelLayout)
    let tokens = try #require(
      Self.step(
        "Transpose", ["perm": .ints([0, 2, 1])],
        [TraceInput(trace: flat, shape: [1, 8, 192], derived: true)],
        [1, 192, 8]))
    let mixed = try #require(
      Self.step(
        "MatMul",
        [
          TraceInput(trace: tokens, shape: [1, 192, 8], derived: true),
          TraceInput(trace: nil, shape: [8, 6], derived: false),
        ], [1, 192, 6]))
    // Attention scores Q·Kᵀ and their product with V keep the query rows.
    let keys = try #require(
      Self.step(
        "Transpose", ["perm": .ints([0, 2, 1])],
        [TraceInput(trace: mixed, shape: [1, 192, 6], derived: true)], [1, 6, 192]))
    let scores = try #require(
      Self.step(
        "MatMul",
        [
          TraceInput(trace: mixed, shape: [1, 192, 6], derived: true),
          TraceInput(trace: keys, shape: [1, 6, 192], derived: true),
        ],
        [1, 192, 192]))
    let attended = try #require(
      Self.step(
        "MatMul",
        [
          TraceInput(trace: scores, shape: [1, 192, 192], derived: true),
          TraceInput(trace: mixed, shape: [1, 192, 6], derived: true),
        ],
        [1, 192, 6]))
    let back = try #require(
      Self.step(
        "Transpose", ["perm": .ints([0, 2, 1])],
        [TraceInput(trace: attended, shape: [1, 192, 6], derived: true)], [1, 6, 192]))
    let map = try #require(
      Self.step("Reshape", [TraceInput(trace: back, shape: [1, 6, 192], derived: true)], [1, 6, 16, 12]))
    #expect(map.hasModelLayout)
    #expect(map.begin == [3, 2] && map.end == [3, 2] && map.lattice == [2, 4])
  }

  @Test("pixel shuffle written as Reshape, Transpose, Reshape: margins and lattice times r, as DepthToSpace")
  func pixelShuffle() throws {
    let r = 3
    let start = Self.trace([2, 1], [1, 2])
    let split = try #require(
      Self.step(
        "Reshape", [TraceInput(trace: start, shape: [1, 2 * r * r, 5, 7], derived: true)], [1, 2, r, r, 5, 7])
    )
    let moved = try #require(
      Self.step(
        "Transpose", ["perm": .ints([0, 1, 4, 2, 5, 3])],
        [TraceInput(trace: split, shape: [1, 2, r, r, 5, 7], derived: true)], [1, 2, 5, r, 7, r]))
    let merged = try #require(
      Self.step(
        "Reshape", [TraceInput(trace: moved, shape: [1, 2, 5, r, 7, r], derived: true)], [1, 2, 5 * r, 7 * r])
    )
    #expect(merged.hasModelLayout)
    #expect(merged.begin == [2 * r, 1 * r] && merged.lattice == [r, 2 * r])
  }

  @Test("window partition and merge (Swin): margins rounded up to whole windows, lattice a multiple of w")
  func windows() throws {
    let w = 4
    let start = Self.trace([5, 0], [1, 1])
    let parts = try #require(
      Self.step(
        "Reshape", [TraceInput(trace: start, shape: [1, 3, 16, 16], derived: true)], [1, 3, 4, w, 4, w]))
    let merged = try #require(
      Self.step(
        "Reshape", [TraceInput(trace: parts, shape: [1, 3, 4, w, 4, w], derived: true)], [1, 3, 16, 16]))
    #expect(merged.hasModelLayout)
    #expect(merged.begin == [8, 0] && merged.lattice == [w, w])
  }

  @Test("a fully connected bottleneck (Flatten → Gemm → Gemm → Reshape) leaves every sample border-reached")
  func bottleneck() throws {
    let start = Self.trace([1, 1], [2, 2])
    let flat = try #require(
      Self.step("Flatten", [TraceInput(trace: start, shape: [1, 4, 8, 8], derived: true)], [1, 256]))
    let code = try #require(
      Self.step(
        "Gemm", ["transB": .int(1)],
        [
          TraceInput(trace: flat, shape: [1, 256], derived: true),
          TraceInput(trace: nil, shape: [16, 256], derived: false),
        ],
        [1, 16]))
    #expect(code.begin.count == 2)
    let wide = try #require(
      Self.step(
        "Gemm", [:],
        [
          TraceInput(trace: code, shape: [1, 16], derived: true),
          TraceInput(trace: nil, shape: [16, 256], derived: false),
        ],
        [1, 256]))
    let map = try #require(
      Self.step("Reshape", [TraceInput(trace: wide, shape: [1, 256], derived: true)], [1, 4, 8, 8]))
    // The map's positions come from the weight, not from the input's positions: nothing is interior,
    // but the map is the model's layout again, so the decoder after it is measured.
    #expect(map.hasModelLayout)
    #expect(map.interior([8, 8]) == [0, 0])
  }

  @Test("a positional embedding added to the tokens leaves every sample border-reached")
  func positionalEmbedding() throws {
    let start = Self.trace([1, 1], [1, 1])
    let flat = try #require(
      Self.step("Reshape", [TraceInput(trace: start, shape: [1, 4, 8, 8], derived: true)], [1, 4, 64]))
    let added = try #require(
      Self.step(
        "Add",
        [
          TraceInput(trace: flat, shape: [1, 4, 64], derived: true),
          TraceInput(trace: nil, shape: [1, 4, 64], derived: false),
        ],
        [1, 4, 64]))
    #expect(added.begin == [8, 8] && added.end == [8, 8])
    // A per-channel bias (constant along the positions) leaves the margins alone.
    let biased = try #require(
      Self.step(
        "Add",
        [
          TraceInput(trace: flat, shape: [1, 4, 64], derived: true),
          TraceInput(trace: nil, shape: [4, 1], derived: false),
        ],
        [1, 4, 64]))
    #expect(biased.begin == [1, 1])
  }

  @Test(
    "a map merged with a branch that lost its trace is border-reached everywhere, one with a summary is not")
  func lostBranch() throws {
    let start = Self.trace([2, 2], [2, 2])
    let lost = Self.step(
      "Concat", ["axis": .int(1)],
      [
        TraceInput(trace: start, shape: [1, 4, 16, 16], derived: true),
        TraceInput(trace: nil, shape: [1, 4, 16, 16], derived: true),
      ],
      [1, 8, 16, 16])
    #expect(lost?.interior([16, 16]) == [0, 0])
    let gated = Self.step(
      "Mul",
      [
        TraceInput(trace: start, shape: [1, 4, 16, 16], derived: true),
        TraceInput(trace: nil, shape: [1, 4, 1, 1], derived: true),
      ],
      [1, 4, 16, 16])
    #expect(gated == start)
  }

  @Test(
    "a fixed-size map whose interior is too small is measured on its centre, with the share inside as confidence"
  )
  func confidence() {
    var trace = SpatialTrace(rank: 1)
    trace.begin = [10]
    trace.end = [10]
    let data = (0..<24).map { Float($0 % 2) }
    let (m, window) = PeriodicMeasure.measureAnyway(
      .init(shape: [1, 1, 24], data: data), trace: trace, inputScale: 1)
    // Interior [10, 14) has 4 samples; the window needs 8: [8, 16), half of it inside.
    #expect(window.begin == [8] && window.end == [8])
    #expect(m.confidence == 0.5)
    #expect(m.significant && m.period == [2])
  }
}
