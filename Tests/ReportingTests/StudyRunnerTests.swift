import Foundation
import PNGIO
import TestSupport
import Testing

@testable import Reporting

/// The runner's output: deterministic, relative links only, numbered figures, one finding per section.
@Suite struct StudyRunnerTests {
  static let specText = #"""
    {"title": "Runner test", "introduction": "Intro.", "sections": [
      {"kind": "facts", "title": "Two facts", "facts": ["F3", "F7"]},
      {"kind": "grid", "title": "Grid", "kernels": [1, 2, 3], "strides": [1, 2], "inputSize": 8},
      {"kind": "stack", "title": "Stack", "dims": 1, "inputSize": 5, "layers": ["k=3,s=2", "k=3,s=2"]},
      {"kind": "image", "title": "Image", "image": {"path": "images/camera.png", "origin": [100, 100], "size": [40, 40]},
       "kernel": {"spec": "ones:3"}, "stride": 2, "padding": 1, "outputPadding": 1}
    ]}
    """#

  func run() throws -> ReportOutput {
    let spec = try StudySpec.parse(
      Self.specText, file: "runner.json", baseDirectory: FixturePaths.fixtures.path)
    return try StudyRunner(version: "9.9.9", command: "checkerscope report runner.json").run(spec)
  }

  @Test func twoRunsAreByteIdentical() throws {
    let a = try run()
    let b = try run()
    #expect(a.files.keys.sorted() == b.files.keys.sorted())
    for (path, bytes) in a.files { #expect(b.files[path] == bytes, "\(path) differs") }
  }

  @Test func theReportLinksOnlyRelativeFilesItContains() throws {
    let output = try run()
    let readme = String(decoding: output.files["README.md"] ?? [], as: UTF8.self)
    #expect(!readme.contains(FixturePaths.fixtures.path))
    // Every link target is a file of the report or an in-page anchor.
    var links: [String] = []
    var rest = Substring(readme)
    while let open = rest.range(of: "](") {
      rest = rest[open.upperBound...]
      guard let close = rest.firstIndex(of: ")") else { break }
      links.append(String(rest[..<close]))
    }
    #expect(!links.isEmpty)
    for link in links where !link.hasPrefix("#") {
      #expect(output.files[link] != nil, "\(link) is not in the report")
      #expect(!link.hasPrefix("/"))
    }
    for path in output.files.keys {
      #expect(path == "README.md" || path.hasPrefix("images/") || path.hasPrefix("data/"))
    }
  }

  @Test func figuresAreNumberedInOrderAndEverySectionHasAFinding() throws {
    let readme = String(decoding: try run().files["README.md"] ?? [], as: UTF8.self)
    let lines = readme.split(separator: "\n")
    let numbers = lines.compactMap { line -> Int? in
      guard line.hasPrefix("*Figure ") else { return nil }
      return Int(line.dropFirst(8).prefix { $0.isNumber })
    }
    #expect(!numbers.isEmpty)
    #expect(numbers == Array(1...numbers.count))
    // Every figure has alt text.
    #expect(!lines.contains { $0.hasPrefix("![](") })
    #expect(lines.filter { $0.hasPrefix("**Finding.** ") }.count == 4)
    #expect(lines.contains("- [1. Two facts](#1-two-facts)"))
    #expect(lines.contains("- [Reproduce](#reproduce)"))
    #expect(readme.contains("checkerscope report runner.json"))
    #expect(readme.contains("checkerscope 9.9.9"))
  }

  @Test func imagesAreValidPNGsWithMetadata() throws {
    let output = try run()
    let images = output.files.filter { $0.key.hasPrefix("images/") }
    #expect(images.count >= 10)
    for (path, bytes) in images {
      let image = try PNGImage.decode(bytes, path: path)
      #expect(image.width > 0 && image.height > 0)
      #expect(image.text.contains { $0.key == "Software" && $0.value == "checkerscope 9.9.9" }, "\(path)")
    }
  }

  @Test func aSectionThatFailsNamesItself() throws {
    let text = #"""
      {"title": "T", "sections": [{"kind": "image", "title": "Too far",
        "image": {"path": "images/camera.png", "origin": [500, 0], "size": [40, 40]}, "kernel": {"spec": "ones:3"}, "stride": 2}]}
      """#
    let spec = try StudySpec.parse(text, file: "bad.json", baseDirectory: FixturePaths.fixtures.path)
    do {
      _ = try StudyRunner(version: "0", command: "x").run(spec)
      Issue.record("the crop outside the image was accepted")
    } catch {
      #expect(error.description.hasPrefix("bad.json: field 'sections[0].image'"), "\(error)")
    }
  }
}
