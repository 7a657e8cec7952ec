import CheckerscopeCore
import OverlapAnalysis
import Rendering

/// One fact of `Fixtures/reference/FACTS.md` checked by the tool: the expected value written from
/// FACTS.md, the value the tool computes, whether they agree, and the map that shows it.
public struct FactCheck: Sendable, Equatable {
  /// `F1` … `F20`.
  public var id: String
  /// The setting, as FACTS.md states it.
  public var setting: String
  /// The expected result, copied from FACTS.md.
  public var expected: String
  /// The tool's result, formatted from its own numbers.
  public var computed: String
  /// True when every computed quantity equals the expected one (within the stated precision).
  public var matches: Bool
  /// One sentence on what the fact shows.
  public var sentence: String
  /// The map that shows the fact, if one exists (a rejected setting has none).
  public var map: OverlapMap?
  /// What the figure shows, for its caption.
  public var mapCaption: String

  public init(
    id: String, setting: String, expected: String, computed: String, matches: Bool, sentence: String,
    map: OverlapMap?, mapCaption: String
  ) {
    self.id = id
    self.setting = setting
    self.expected = expected
    self.computed = computed
    self.matches = matches
    self.sentence = sentence
    self.map = map
    self.mapCaption = mapCaption
  }
}

/// Formatting helpers shared by the fact checks and the sections.
enum Numbers {
  /// A list of map values: integers without decimals, others with up to 4 decimals.
  static func list(_ values: [Double]) -> String {
    values.map { NumberFormat.trimmed($0, 4) }.joined(separator: ",")
  }

  /// One number, integers without decimals.
  static func text(_ value: Double, digits: Int = 4) -> String { NumberFormat.trimmed(value, digits) }

  /// An optional ratio, `undefined` when nil.
  static func ratio(_ value: Double?, digits: Int = 2) -> String {
    value.map { NumberFormat.fixed($0, digits) } ?? "undefined"
  }

  /// True when `a` and `b` agree to `1e-9` relative, or within `tolerance` absolute.
  static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= max(tolerance, 1e-9 * max(abs(a), abs(b)))
  }
}
