import Testing

@testable import Reporting

@Suite struct MarkdownDocumentTests {
  @Test(arguments: [
    ("F3 — 2D overlap, k=3, s=2", "f3--2d-overlap-k3-s2"),
    (
      "Reproducing *Deconvolution and Checkerboard Artifacts*",
      "reproducing-deconvolution-and-checkerboard-artifacts"
    ),
    ("Kernel × stride summary", "kernel--stride-summary"),
  ])
  func anchorsFollowGitHubsRule(title: String, expected: String) {
    #expect(MarkdownDocument.anchor(for: title) == expected)
  }

  @Test func repeatedHeadingsGetNumberedAnchors() {
    var doc = MarkdownDocument()
    #expect(doc.heading("Results", level: 2) == "results")
    #expect(doc.heading("Results", level: 2) == "results-1")
    #expect(doc.contents() == "- [Results](#results)\n- [Results](#results-1)")
  }

  @Test func figuresAreNumberedInOrder() {
    var doc = MarkdownDocument()
    #expect(doc.figure(path: "images/a.png", alt: "map [k=3]", caption: "First.") == 1)
    #expect(doc.figure(path: "images/b.png", alt: "b", caption: "Second.") == 2)
    #expect(doc.text.contains("![map (k=3)](images/a.png)\n\n*Figure 1. First.*"))
    #expect(doc.text.hasSuffix("*Figure 2. Second.*\n"))
  }

  @Test func tablesAlignAndEscape() {
    var doc = MarkdownDocument()
    doc.table(header: ["k", "ratio"], rows: [["3", "2.00"], ["a|b", "10.50"]], alignRight: [1])
    let expected = """
      | k    | ratio |
      | ---- | ----: |
      | 3    |  2.00 |
      | a\\|b | 10.50 |

      """
    #expect(doc.text == expected)
  }
}

@Suite struct FixedFormatTests {
  @Test(arguments: [
    (2.25, 2, "2.25"), (1.0 / 3.0, 3, "0.333"), (0.4843, 2, "0.48"), (4, 2, "4.00"), (-0.001, 2, "0.00"),
    (-1.5, 1, "-1.5"), (2.5, 0, "3"), (123456.789, 1, "123456.8"), (0, 0, "0"),
  ])
  func fixedDigits(value: Double, digits: Int, expected: String) {
    #expect(FixedFormat.fixed(value, digits: digits) == expected)
  }

  @Test func nonFiniteValues() {
    #expect(FixedFormat.fixed(.nan, digits: 2) == "nan")
    #expect(FixedFormat.fixed(-.infinity, digits: 2) == "-inf")
  }

  @Test func compactDropsDecimalsOfIntegers() {
    #expect(FixedFormat.compact(4, digits: 2) == "4")
    #expect(FixedFormat.compact(2.5, digits: 2) == "2.50")
  }

  @Test(arguments: [
    (1.5, 4, "1.5"), (2.0, 4, "2"), (0.48432210483785265, 4, "0.4843"), (1.0 / 3, 4, "0.3333"),
    (-0.00001, 4, "0"), (0.1 + 0.2, 6, "0.3"), (-2.25, 1, "-2.3"), (100, 2, "100"),
  ])
  func trimmedDropsTrailingZeros(value: Double, digits: Int, expected: String) {
    #expect(FixedFormat.trimmed(value, digits: digits) == expected)
  }
}
