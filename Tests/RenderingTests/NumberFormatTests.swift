import Testing

@testable import Rendering

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
    #expect(NumberFormat.fixed(.nan, 2) == "nan")
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
