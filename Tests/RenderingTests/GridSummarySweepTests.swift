import CheckerscopeCore
import Sweeps
import Testing

@testable import Rendering

/// `GridSummary.figure(of:metric:options:)` and `metadata(of:metric:software:)` on small sweeps
/// whose captions follow from the sweep's lists (written out by hand here).
@Suite("A sweep's kernel × stride summary")
struct GridSummarySweepTests {
  static func document(dilations: [Int] = [1], outputPaddings: [Int] = [0]) throws -> SweepDocument {
    try Sweep.run(
      SweepSpec(
        dims: 2, kernels: ValueList([2, 3, 4]), strides: ValueList([1, 2]), dilations: ValueList(dilations),
        outputPaddings: ValueList(outputPaddings)),
      version: "test")
  }

  static func texts(_ figure: Figure) -> [String] {
    figure.items.compactMap { item in
      if case .text(let text) = item { return text.text }
      return nil
    }
  }

  @Test("title names dims, metric and lists; subtitle the other lists; rows k=…, columns s=…")
  func captions() throws {
    let texts = Self.texts(try GridSummary.figure(of: try Self.document(), metric: .maxMinRatio))
    #expect(texts.contains("2D interior max/min: k=2...4 s=1,2"))
    #expect(texts.contains("d=1 p=0 op=0"))
    for label in ["k=2", "k=3", "k=4", "s=1", "s=2", "kernel size", "stride", "max/min"] {
      #expect(texts.contains(label), "\(label) in \(texts)")
    }
  }

  @Test("several dilations: each cell is the worst value, and the subtitle says so")
  func worstValue() throws {
    let texts = Self.texts(try GridSummary.figure(of: try Self.document(dilations: [1, 2]), metric: .cv))
    #expect(texts.contains("d=1,2 p=0 op=0 (each cell: the worst value)"))
    #expect(texts.contains("2D interior coefficient of variation: k=2...4 s=1,2"))
  }

  @Test("options replace the title, subtitle and axis titles")
  func options() throws {
    var options = MapFigureOptions()
    options.title = "T"
    options.subtitle = "S"
    options.xLabel = "X"
    options.yLabel = "Y"
    let texts = Self.texts(
      try GridSummary.figure(of: try Self.document(), metric: .maxMinRatio, options: options))
    for label in ["T", "S", "X", "Y"] { #expect(texts.contains(label)) }
    #expect(!texts.contains("kernel size"))
    #expect(!texts.contains("d=1 p=0 op=0"))
  }

  @Test("a sweep whose every configuration was skipped has nothing to draw")
  func empty() throws {
    // output_padding 1 is not below max(stride 1, dilation 1): every stride-1 configuration is skipped.
    let document = try Sweep.run(
      SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([1]), outputPaddings: ValueList([1])),
      version: "test")
    #expect(document.records.isEmpty)
    #expect(throws: RenderingError.emptyGrid(rows: 0, columns: 0)) {
      try GridSummary.figure(of: document, metric: .maxMinRatio)
    }
  }

  @Test("metadata: Software as given, the sweep as compact JSON, the metric of the interior")
  func metadata() throws {
    let document = try Self.document()
    let entries = try GridSummary.metadata(of: document, metric: .zeroFraction, software: "tool 1.0")
    #expect(entries.map(\.key) == ["Software", "Parameters", "Metric"])
    #expect(entries[0].value == "tool 1.0")
    let parameters = try JSONValue(parsing: entries[1].value)
    #expect(parameters["kernels"] == .string("2...4"))
    #expect(parameters["strides"] == .string("1,2"))
    #expect(entries[2].value == "interior zero fraction")
  }
}
