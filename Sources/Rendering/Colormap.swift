/// A 256-entry colour table mapping a normalised value in [0, 1] to a colour.
///
/// Lookup follows matplotlib's `ListedColormap`: `t` is clamped to [0, 1] and entry
/// `min(⌊t · 256⌋, 255)` is used, so each entry covers an equal 1/256 of the range.
public struct Colormap: Sendable, Equatable {
  /// The name used on the command line (`viridis`, `magma`, …).
  public let name: String
  /// The 256 entries, low end first, as published (components in [0, 1]).
  public let unitEntries: [(red: Double, green: Double, blue: Double)]
  /// The 256 entries rounded to 8 bits (`RGB(unit:)`).
  public let entries: [RGB]
  /// True for maps meant for signed data centred on zero.
  public let isDiverging: Bool

  /// A colormap from `3 · 256` unit components (red, green, blue per entry).
  init(name: String, components: [Double], isDiverging: Bool = false) {
    precondition(components.count == 3 * 256, "a colormap needs 256 RGB entries")
    self.name = name
    self.isDiverging = isDiverging
    var unit: [(red: Double, green: Double, blue: Double)] = []
    unit.reserveCapacity(256)
    for i in 0..<256 {
      unit.append((components[3 * i], components[3 * i + 1], components[3 * i + 2]))
    }
    unitEntries = unit
    entries = unit.map { RGB(unit: $0.red, $0.green, $0.blue) }
  }

  public static func == (a: Colormap, b: Colormap) -> Bool {
    a.name == b.name && a.entries == b.entries && a.isDiverging == b.isDiverging
  }

  /// The table index for `t`: `min(⌊clamp(t, 0, 1) · 256⌋, 255)`; NaN maps to 0.
  public static func index(_ t: Double) -> Int {
    guard t.isFinite else { return t == .infinity ? 255 : 0 }
    let u = min(max(t, 0), 1)
    return min(Int(u * 256), 255)
  }

  /// The colour for a normalised value `t` (clamped to [0, 1]).
  public func color(_ t: Double) -> RGB {
    entries[Colormap.index(t)]
  }

  /// The colour for `value` in the domain `[low, high]` (`t = (value − low) / (high − low)`).
  /// Requires `low < high`.
  public func color(_ value: Double, low: Double, high: Double) -> RGB {
    precondition(low < high, "colour domain must have low < high")
    return color((value - low) / (high - low))
  }

  /// matplotlib's viridis (the default).
  public static let viridis = Colormap(name: "viridis", components: viridisData)
  /// matplotlib's magma.
  public static let magma = Colormap(name: "magma", components: magmaData)
  /// matplotlib's inferno.
  public static let inferno = Colormap(name: "inferno", components: infernoData)
  /// matplotlib's cividis (designed for colour-vision deficiency).
  public static let cividis = Colormap(name: "cividis", components: cividisData)
  /// Linear grey from black (0) to white (255): entry `i` is `(i/255, i/255, i/255)`.
  public static let grey = Colormap(
    name: "grey", components: (0..<256).flatMap { i in Array(repeating: Double(i) / 255, count: 3) })
  /// The diverging blue–white–red map for signed deviations (ColorBrewer RdBu, reversed so that
  /// negative is blue): see `Colormap+Diverging.swift`.
  public static let diverging = Colormap(name: "rdbu", components: rdbuData, isDiverging: true)

  /// Every built-in colormap, in the order `--help` lists them.
  public static let all: [Colormap] = [viridis, magma, inferno, cividis, grey, diverging]

  /// The names accepted by `named(_:)`.
  public static var names: [String] { all.map(\.name) }

  /// The built-in colormap called `name` (case-insensitive; `gray` and `diverging` are aliases),
  /// or nil.
  public static func named(_ name: String) -> Colormap? {
    let key = name.lowercased()
    switch key {
    case "gray": return grey
    case "diverging", "rdbu_r": return diverging
    default: return all.first { $0.name == key }
    }
  }
}
