import Foundation
import TestSupport
import Testing

/// `GET /api/overlap` against the command line: the same bytes for the same options.
@Suite("explorer: overlap API")
struct OverlapAPITests {
  /// Query strings and the `overlap` options they stand for (1D, 2D, 3D, stacks, remedies, gradients).
  static let cases: [(query: String, arguments: [String])] = [
    ("kernel=3&stride=2&input-size=4", ["--kernel", "3", "--stride", "2", "--input-size", "4"]),
    (
      "dims=1&kernel=5&stride=2&padding=1&input-size=12",
      ["--dims", "1", "--kernel", "5", "--stride", "2", "--padding", "1", "--input-size", "12"]
    ),
    (
      "kernel=4x3&stride=2x3&dilation=2&output-padding=1&input-size=6x5",
      [
        "--kernel", "4x3", "--stride", "2x3", "--dilation", "2", "--output-padding", "1", "--input-size",
        "6x5",
      ]
    ),
    ("kernel=16&stride=7&input-size=9", ["--kernel", "16", "--stride", "7", "--input-size", "9"]),
    (
      "dims=3&kernel=3&stride=2&input-size=3",
      ["--dims", "3", "--kernel", "3", "--stride", "2", "--input-size", "3"]
    ),
    (
      "layer=k%3D4%2Cs%3D2%2Cp%3D1&layer=k%3D3%2Cs%3D2&input-size=5",
      ["--layer", "k=4,s=2,p=1", "--layer", "k=3,s=2", "--input-size", "5"]
    ),
    ("layer=k=3+s=2&input-size=7", ["--layer", "k=3 s=2", "--input-size", "7"]),
    (
      "kernel=3&stride=2&remedy=resize-bilinear&input-size=6",
      ["--kernel", "3", "--stride", "2", "--remedy", "resize-bilinear", "--input-size", "6"]
    ),
    (
      "kernel=3&stride=2&padding=1&gradient&input-size=9",
      ["--kernel", "3", "--stride", "2", "--padding", "1", "--gradient", "--input-size", "9"]
    ),
    (
      "kernel-spec=bilinear:4&stride=2&padding-begin=1&padding-end=1&input-size=6",
      [
        "--kernel-spec", "bilinear:4", "--stride", "2", "--padding-begin", "1", "--padding-end", "1",
        "--input-size", "6",
      ]
    ),
  ]

  @Test("the API's bytes are the command's", arguments: cases.indices)
  func sameBytes(index: Int) async throws {
    let (query, arguments) = Self.cases[index]
    let cli = try ToolRunner.run(["overlap"] + arguments + ["--format", "json"])
    #expect(cli.status == 0, "\(cli.stderr)")
    let answer = try await ExplorerClient().send(.GET, "/api/overlap?" + query)
    #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    #expect(String(decoding: answer.body, as: UTF8.self) == cli.stdout)
    #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
  }

  /// Closed form, independent of the tool: a 1D layer with kernel k and stride s (s ≤ k) covers
  /// interior positions ⌈k/s⌉ or ⌊k/s⌋ times.
  @Test("a 1D interior agrees with the closed form", arguments: [(4, 2), (5, 2), (7, 3), (16, 5)])
  func closedForm(kernel: Int, stride: Int) async throws {
    let answer = try await ExplorerClient().send(
      .GET, "/api/overlap?dims=1&kernel=\(kernel)&stride=\(stride)&input-size=40")
    let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
    let interior = try #require(object["interior"] as? [String: Any])
    #expect((interior["max"] as? Int) == (kernel + stride - 1) / stride)
    #expect((interior["min"] as? Int) == kernel / stride)
    #expect((interior["period"] as? [Int]) == [kernel % stride == 0 ? 1 : stride])
  }

  @Test(
    "bad parameters get 400 and a JSON error",
    arguments: [
      "kernel=abc&input-size=4", "kernel=3&input-size=4&dims=4", "kernel=3",
      "kernel=3&input-size=4&colour=red",
      "kernel=3&input-size=4&weight=/etc/passwd", "kernel=3&stride=0&input-size=4",
      "kernel=3x3x3x3&input-size=4",
      "kernel=3&input-size=4&kernel=5", "layer=k%3D3&kernel=3&input-size=4",
      "kernel=3&input-size=4&remedy=magic",
      "kernel=3&output-padding=5&stride=2&input-size=4",
    ])
  func badParameters(query: String) async throws {
    let answer = try await ExplorerClient().send(.GET, "/api/overlap?" + query)
    #expect(answer.status == 400)
    let message = try #require(ExplorerClient.errorMessage(answer.body))
    #expect(!message.isEmpty && !message.contains("\n"))
  }

  @Test("a map larger than the budget is refused before it is made")
  func budget() async throws {
    let answer = try await ExplorerClient(budget: 1 << 20).send(
      .GET, "/api/overlap?kernel=3&stride=2&input-size=4000")
    #expect(answer.status == 413)
    #expect(ExplorerClient.errorMessage(answer.body) != nil)
  }

  @Test("the SVG heatmap is an SVG of the same map")
  func svg() async throws {
    let answer = try await ExplorerClient().send(
      .GET, "/api/overlap.svg?kernel=3&stride=2&input-size=4&colormap=magma")
    #expect(answer.status == 200)
    let text = String(decoding: answer.body, as: UTF8.self)
    #expect(text.hasPrefix("<?xml") && text.contains("<svg") && text.contains("</svg>"))
    #expect(answer.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
    let bad = try await ExplorerClient().send(.GET, "/api/overlap.svg?kernel=3&input-size=4&colormap=rainbow")
    #expect(bad.status == 400)
  }
}
