import CheckerscopeCore
import Testing

@Suite("Number formatting and ticks")
struct NumberFormatTests {
  @Test(
    "fixed decimals, half away from zero, no negative zero",
    arguments: [
      (4.0, 2, "4.00"), (-1.25, 2, "-1.25"), (-0.001, 2, "0.00"), (0.125, 2, "0.13"), (2.5, 0, "3"),
      (0.48432, 2, "0.48"), (1234.5, 1, "1234.5"), (0.05, 1, "0.1"), (-2.5, 0, "-3"),
    ])
  func fixed(_ value: Double, _ decimals: Int, _ expected: String) {
    #expect(NumberFormat.fixed(value, decimals) == expected)
  }

  @Test("compact prints integers without decimals")
  func compact() {
    #expect(NumberFormat.compact(4) == "4")
    #expect(NumberFormat.compact(-3) == "-3")
    #expect(NumberFormat.compact(2.25) == "2.25")
    #expect(NumberFormat.compact(1.0 / 3, decimals: 3) == "0.333")
    #expect(NumberFormat.fixed(.infinity, 2) == "inf")
    #expect(NumberFormat.fixed(.nan, 2) == "n/a")
  }

  /// The cases of the former `Reporting.FixedFormat` (merged into `NumberFormat`).
  @Test(
    "fixed digits for reports",
    arguments: [
      (2.25, 2, "2.25"), (1.0 / 3.0, 3, "0.333"), (0.4843, 2, "0.48"), (4, 2, "4.00"), (-0.001, 2, "0.00"),
      (-1.5, 1, "-1.5"), (2.5, 0, "3"), (123456.789, 1, "123456.8"), (0, 0, "0"),
    ])
  func fixedDigits(value: Double, digits: Int, expected: String) {
    #expect(NumberFormat.fixed(value, digits) == expected)
  }

  @Test("negative infinity and compact with two decimals")
  func nonFiniteAndCompact() {
    #expect(NumberFormat.fixed(.nan, 2) == "n/a")
    #expect(NumberFormat.fixed(-.infinity, 2) == "-inf")
    #expect(NumberFormat.compact(4, decimals: 2) == "4")
    #expect(NumberFormat.compact(2.5, decimals: 2) == "2.50")
  }

  @Test(
    "trimmed drops trailing zeros and the bare point",
    arguments: [
      (1.5, 4, "1.5"), (2.0, 4, "2"), (0.48432210483785265, 4, "0.4843"), (1.0 / 3, 4, "0.3333"),
      (-0.00001, 4, "0"), (0.1 + 0.2, 6, "0.3"), (-2.25, 1, "-2.3"), (100, 2, "100"),
    ])
  func trimmedDropsTrailingZeros(value: Double, digits: Int, expected: String) {
    #expect(NumberFormat.trimmed(value, digits) == expected)
  }

  @Test("trimmed leaves non-finite values alone")
  func trimmedNonFinite() {
    #expect(NumberFormat.trimmed(.nan, 3) == "n/a")
    #expect(NumberFormat.trimmed(.infinity, 3) == "inf")
    #expect(NumberFormat.trimmed(-.infinity, 0) == "-inf")
  }

  @Test("nice ticks are multiples of 1, 2, 2.5 or 5 × 10^k inside the range")
  func ticks() {
    let a = Ticks.nice(low: 0, high: 4, target: 4)
    #expect(a.values == [0, 1, 2, 3, 4] && a.decimals == 0)
    let b = Ticks.nice(low: 0, high: 1, target: 4)
    #expect(b.values == [0, 0.25, 0.5, 0.75, 1] && b.decimals == 2)
    let c = Ticks.nice(low: -1.75, high: 1.75, target: 7)
    #expect(
      c.values.map { NumberFormat.fixed($0, c.decimals) } == [
        "-1.5", "-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5",
      ])
    let d = Ticks.nice(low: 0, high: 300, target: 4)
    #expect(d.values == [0, 100, 200, 300] && d.decimals == 0)
    #expect(Ticks.nice(low: 2, high: 2).values == [2])
  }
}
