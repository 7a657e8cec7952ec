import CheckerscopeCore
import Testing

/// Sizes and their byte counts, written out by hand.
private let sizes: [(String, Int)] = [
  ("4G", 4_294_967_296), ("512M", 536_870_912), ("8GiB", 8_589_934_592), ("1048576", 1_048_576),
  ("16k", 16_384), ("1.5G", 1_610_612_736), ("2gb", 2_147_483_648), ("100B", 100), ("1T", 1_099_511_627_776),
]

@Suite("MemoryBudget")
struct MemoryBudgetTests {
  @Test("sizes with binary units", arguments: sizes)
  func parses(text: String, bytes: Int) throws {
    #expect(try MemoryBudget(parsing: text).bytes == bytes)
  }

  @Test(
    "malformed sizes are refused", arguments: ["", "G", "-1G", "4X", "1e3", "nan", "99999999999T", "4 G G"])
  func refuses(text: String) {
    #expect(throws: CoreError.invalidMemorySize(text: text)) { try MemoryBudget(parsing: text) }
  }

  @Test("the default is 4 GiB")
  func defaultBudget() {
    #expect(MemoryBudget.default.bytes == 4_294_967_296)
  }

  @Test("a refusal names the size needed, the budget and --max-memory")
  func refusal() throws {
    let budget = MemoryBudget(bytes: 1 << 30)
    try budget.require(bytes: 1 << 30, what: "the output")
    let error = #expect(throws: CoreError.self) { try budget.require(bytes: 3 << 30, what: "the output") }
    let text = try #require(error).description
    #expect(text.contains("the output needs 3.0 GiB"))
    #expect(text.contains("budget of 1.0 GiB"))
    #expect(text.contains("--max-memory 3G"))
    #expect(throws: CoreError.self) { try budget.require(elements: Int.max / 2, of: 4, what: "x") }
  }
}
