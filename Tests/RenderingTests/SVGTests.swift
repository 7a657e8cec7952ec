import Foundation
import OverlapAnalysis
import TestSupport
import Testing
import TransposedConv

@testable import Rendering

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The SVG back-end: well-formed XML, exact-text goldens, and the same layout as the pixels.
@Suite("SVG figures")
struct SVGTests {
  static func article2D() throws -> MapFigure {
    let map = try OverlapMap(layers: [GoldenTests.layer([3, 3], 2)], inputSize: [4, 6])
    return try MapFigure(map: map)
  }

  /// Collects every element's name and attributes.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    var current = ""

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      elements.append((elementName, attributeDict))
      current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      if elementName == "text" { texts.append(current) }
    }
  }

  static func parse(_ svg: String) throws -> Collector {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    return collector
  }

  @Test("SVGs of every kind of figure are well-formed XML with real text")
  func wellFormed() throws {
    let hostile = "a <b> & \"c\" \u{1}"
    var options = MapFigureOptions()
    options.title = hostile
    let figures = [
      try Self.article2D().figure(options),
      try BarChart.figure((0..<300).map { Double($0 % 2 + 1) }),
      try SpectrumFigure.figure(log10Power: [0, 1, 2, 3], width: 2, height: 2, title: "t", subtitle: "s"),
    ]
    for figure in figures {
      let svg = try figure.svg(metadata: [("Software", "checkerscope & co")])
      let parsed = try Self.parse(svg)
      #expect(parsed.elements.first?.name == "svg")
      #expect(parsed.elements.first?.attributes["font-family"] == EmbeddedFont.svgFamily)
      #expect(!parsed.texts.isEmpty)
    }
    let parsed = try Self.parse(try figures[0].svg())
    #expect(parsed.texts.first == "a <b> & \"c\" \u{FFFD}")
  }

  @Test("the article's 2D heatmap as SVG equals its golden text")
  func golden() throws {
    let svg = try Self.article2D().figure().svg()
    let url = FixturePaths.url("golden/rendering/article-2d.svg")
    if Golden.isRecording {
      try svg.write(to: url, atomically: true, encoding: .utf8)
      Issue.record(
        "recorded golden rendering/article-2d.svg; look at it, then run again without RECORD_GOLDENS=1")
      return
    }
    #expect(svg == (try String(contentsOf: url, encoding: .utf8)))
  }

  @Test("the SVG and the PNG agree: same size, each cell's rectangle filled with its colour")
  func layoutsAgree() throws {
    for scale in [1.0, 2.0] {
      let figure = try Self.article2D().figure()
      let image = try figure.raster(scale: scale)
      let parsed = try Self.parse(try figure.svg(scale: scale))
      let root = try #require(parsed.elements.first?.attributes)
      #expect(root["width"] == String(image.width) && root["height"] == String(image.height))
      #expect(root["viewBox"] == "0 0 \(figure.width) \(figure.height)")
      // Cells are the rects after the <g shape-rendering="crispEdges"> of the map.
      guard let start = parsed.elements.firstIndex(where: { $0.name == "g" }) else {
        Issue.record("no cell group")
        return
      }
      var checked = 0
      for element in parsed.elements[(start + 1)...] {
        guard element.name == "rect", let x = Double(element.attributes["x"] ?? ""),
          let y = Double(element.attributes["y"] ?? ""), let w = Double(element.attributes["width"] ?? ""),
          let h = Double(element.attributes["height"] ?? ""), let fill = element.attributes["fill"]
        else { break }
        // Each corner pixel of the cell (inside the white grid lines and away from the text).
        for (px, py) in [(x + 2, y + 2), (x + w - 2, y + h - 2)] {
          let color = image[Int(px * scale), Int(py * scale)]
          #expect(color.description == fill, "cell at (\(x), \(y)) scale \(scale)")
        }
        checked += 1
      }
      #expect(checked >= 9)
    }
  }

  @Test("the same figure gives the same SVG bytes; text is escaped, numbers are fixed")
  func determinism() throws {
    var figure = Figure(width: 10, height: 10)
    figure.line(0.1234, 1, 2, 3, width: 1.5, .black)
    figure.text("x<y", x: 1, y: 2, size: 15, anchor: .middle, upwards: true, color: .black)
    let svg = try figure.svg()
    #expect(svg == (try figure.svg()))
    #expect(
      svg.contains("<line x1=\"0.123\" y1=\"1\" x2=\"2\" y2=\"3\" stroke=\"#000000\" stroke-width=\"1.5\"/>"))
    #expect(svg.contains("text-anchor=\"middle\" transform=\"rotate(-90 1 2)\">x&lt;y</text>"))
    #expect(throws: RenderingError.self) { try figure.svg(scale: 100) }
  }
}
