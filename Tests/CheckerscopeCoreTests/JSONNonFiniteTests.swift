import CheckerscopeCore
import Testing

/// `JSONValue.replacingNonFinite`: every NaN and infinity becomes null and is listed by its path.
@Suite("JSON non-finite numbers")
struct JSONNonFiniteTests {
  @Test func replacedAndListed() throws {
    let value = JSONValue.object([
      ("a", .double(1.5)), ("nodes", .array([.object([("strength", .double(-.nan))]), .double(.infinity)])),
      ("b", .object([("c", .double(-.infinity)), ("d", .int(3))])),
    ])
    #expect(throws: JSONError.self) { try value.encoded() }
    let (clean, found) = value.replacingNonFinite()
    #expect(found == ["nodes[0].strength = nan", "nodes[1] = inf", "b.c = -inf"])
    #expect(try clean.encoded() == #"{"a":1.5,"nodes":[{"strength":null},null],"b":{"c":null,"d":3}}"#)
  }

  @Test func finiteValuesAreUnchanged() {
    let value = JSONValue.array([.double(0), .double(-2.25), .int(1), .string("nan"), .null])
    let (clean, found) = value.replacingNonFinite()
    #expect(clean == value && found.isEmpty)
  }
}
