import CheckerscopeCore
import Testing

/// The JSON encoder and parser: exact text, round trips, and rejection of malformed input.
@Suite struct JSONValueTests {
  @Test func compactEncodingIsExact() throws {
    let value: JSONValue = .object([
      ("b", 1), ("a", [1.5, 2.0, .null, true, false]), ("s", "x\"y\\z\n\u{01}é"), ("e", .object([])),
      ("l", []),
    ])
    #expect(
      try value.encoded()
        == #"{"b":1,"a":[1.5,2.0,null,true,false],"s":"x\"y\\z\n\u0001é","e":{},"l":[]}"#)
  }

  @Test func prettyEncodingKeepsScalarArraysOnOneLine() throws {
    let value: JSONValue = .object([("m", [[1, 2], [3, 4]]), ("k", "v")])
    #expect(
      try value.encoded(style: .pretty) == "{\n  \"m\": [\n    [1, 2],\n    [3, 4]\n  ],\n  \"k\": \"v\"\n}")
  }

  @Test(arguments: [
    (0.1, "0.1"), (2.0, "2.0"), (1.0 / 3.0, "0.3333333333333333"), (1e-5, "1e-05"), (-0.0, "-0.0"),
    (1e300, "1e+300"), (0.4843221048378526, "0.4843221048378526"),
  ])
  func doublesUseShortestRoundTripText(value: Double, text: String) throws {
    #expect(try JSONValue.double(value).encoded() == text)
    #expect(try JSONValue(parsing: text) == .double(value))
  }

  @Test func nonFiniteNumbersAreRejected() {
    #expect(throws: JSONError.self) { try JSONValue.double(.nan).encoded() }
    #expect(throws: JSONError.self) { try JSONValue.array([.double(.infinity)]).encoded() }
  }

  @Test func parsingDistinguishesIntegersAndDoubles() throws {
    let value = try JSONValue(
      parsing: " { \"a\" : [1, -2, 3.0, 4e2, 12345678901234567890, \"\\u00e9\\ud83d\\ude00\"] } ")
    #expect(value["a"]?[0] == .int(1))
    #expect(value["a"]?[1] == .int(-2))
    #expect(value["a"]?[2] == .double(3))
    #expect(value["a"]?[3] == .double(400))
    #expect(value["a"]?[4] == Double("12345678901234567890").map(JSONValue.double))
    #expect(value["a"]?[5] == .string("é😀"))
    #expect(value["a"]?[2]?.intValue == 3)
  }

  @Test func roundTrip() throws {
    let value: JSONValue = .object([
      ("n", .null), ("x", [.int(Int.min), .int(Int.max), .double(-1.25e-7)]),
      ("nested", .object([("deep", [[["a"]]])])), ("tab", "\t\r\u{08}\u{0C}/"),
    ])
    for style in [JSONValue.Style.compact, .pretty] {
      #expect(try JSONValue(parsing: value.encoded(style: style)) == value)
    }
  }

  @Test(arguments: [
    "", "{", "[1,]", "{\"a\":}", "01", "1.", "-", "1e", "\"abc", "\"\u{01}\"", "[1] 2", "tru", "{\"a\" 1}",
    "\"\\x\"", "\"\\ud800\"", "1e999", "{1:2}", "[1 2]",
  ])
  func malformedTextIsRejected(text: String) {
    #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
  }

  @Test func errorsNameTheOffset() {
    #expect(throws: JSONError.invalidJSON(offset: 3, reason: "expected ',' or ']' in an array")) {
      try JSONValue(parsing: "[1 2]")
    }
  }
}
