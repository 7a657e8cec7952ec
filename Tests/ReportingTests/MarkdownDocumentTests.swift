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
