import CheckerscopeCore
import Testing

@Suite("CheckedSize")
struct CheckedSizeTests {
  @Test("products and sums that fit are exact")
  func fits() throws {
    #expect(try CheckedSize.product(3, 5, 7, what: "x") == 105)
    #expect(try CheckedSize.product([], what: "x") == 1)
    #expect(try CheckedSize.sum(1, 2, -4, what: "x") == -1)
    #expect(try CheckedSize.product(1 << 31, 1 << 31, what: "x") == 1 << 62)
  }

  @Test("products and sums beyond 2^63 − 1 throw instead of trapping")
  func overflow() {
    #expect(throws: CoreError.sizeOverflow(what: "the map")) {
      try CheckedSize.product(1 << 32, 1 << 32, what: "the map")
    }
    #expect(throws: CoreError.sizeOverflow(what: "the sum")) {
      try CheckedSize.sum(Int.max, 1, what: "the sum")
    }
    #expect(CheckedSize.productOrNil([Int.max, 2]) == nil)
    #expect(CheckedSize.sumOrNil([Int.min, -1]) == nil)
  }

  @Test("doubles convert only when whole and in range")
  func integers() throws {
    #expect(try CheckedSize.integer(12, what: "v") == 12)
    for bad in [1e300, 9.3e18, -1e19, 0.5, Double.nan, .infinity] {
      #expect(throws: CoreError.self) { try CheckedSize.integer(bad, what: "v") }
    }
    #expect(CheckedSize.saturating(1e300) == Int.max)
    #expect(CheckedSize.saturating(-1e300) == Int.min)
    #expect(CheckedSize.saturating(.nan) == 0)
    #expect(CheckedSize.saturating(2.9) == 2)
    #expect(CheckedSize.saturating(9.3e18) == Int.max)
  }
}
