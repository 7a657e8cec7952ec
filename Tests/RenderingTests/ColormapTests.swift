import Testing

@testable import Rendering

/// Published values: matplotlib `lib/matplotlib/_cm_listed.py` (entries 0, 127, 128, 255), the
/// widely quoted hex end colours of each map, and ColorBrewer's RdBu anchors.
@Suite("Colormaps")
struct ColormapTests {
  struct Published: Sendable, CustomStringConvertible {
    var name: String
    /// Entries 0, 127, 128 and 255 as printed in `_cm_listed.py`.
    var unit: [(Double, Double, Double)]
    /// The 8-bit end colours as commonly published in hex.
    var low: RGB
    var high: RGB
    var description: String { name }
  }

  static let published: [Published] = [
    Published(
      name: "viridis",
      unit: [
        (0.267004, 0.004874, 0.329415), (0.128729, 0.563265, 0.551229), (0.127568, 0.566949, 0.550556),
        (0.993248, 0.906157, 0.143936),
      ], low: RGB(0x44, 0x01, 0x54), high: RGB(0xfd, 0xe7, 0x25)),
    Published(
      name: "magma",
      unit: [
        (0.001462, 0.000466, 0.013866), (0.709962, 0.212797, 0.477201), (0.716387, 0.214982, 0.475290),
        (0.987053, 0.991438, 0.749504),
      ], low: RGB(0x00, 0x00, 0x04), high: RGB(0xfc, 0xfd, 0xbf)),
    Published(
      name: "inferno",
      unit: [
        (0.001462, 0.000466, 0.013866), (0.729909, 0.212759, 0.333861), (0.735683, 0.215906, 0.330245),
        (0.988362, 0.998364, 0.644924),
      ], low: RGB(0x00, 0x00, 0x04), high: RGB(0xfc, 0xff, 0xa4)),
    Published(
      name: "cividis",
      unit: [
        (0.000000, 0.135112, 0.304751), (0.485141, 0.482451, 0.470384), (0.488697, 0.485318, 0.471008),
        (0.995737, 0.909344, 0.217772),
      ], low: RGB(0x00, 0x22, 0x4e), high: RGB(0xfe, 0xe8, 0x38)),
  ]

  @Test("end points and midpoints equal the published data", arguments: published)
  func publishedEntries(_ p: Published) throws {
    let map = try #require(Colormap.named(p.name))
    #expect(map.entries.count == 256)
    for (k, index) in [0, 127, 128, 255].enumerated() {
      let e = map.unitEntries[index]
      #expect(e.red == p.unit[k].0 && e.green == p.unit[k].1 && e.blue == p.unit[k].2, "entry \(index)")
    }
    #expect(map.entries[0] == p.low)
    #expect(map.entries[255] == p.high)
    #expect(map.color(0) == p.low)
    #expect(map.color(1) == p.high)
  }

  @Test("lookup follows matplotlib: index min(⌊t·256⌋, 255), clamped")
  func lookup() {
    let map = Colormap.viridis
    #expect(Colormap.index(0) == 0)
    #expect(Colormap.index(0.5) == 128)
    #expect(Colormap.index(127.9 / 256) == 127)
    #expect(Colormap.index(1) == 255)
    #expect(Colormap.index(-3) == 0)
    #expect(Colormap.index(7) == 255)
    #expect(Colormap.index(.nan) == 0)
    #expect(map.color(2, low: 0, high: 4) == map.entries[128])
    #expect(map.color(1, low: 0, high: 4) == map.entries[64])
  }

  @Test("grey is linear from black to white")
  func grey() {
    for i in 0..<256 {
      let v = UInt8(i)
      #expect(Colormap.grey.entries[i] == RGB(v, v, v))
    }
  }

  @Test("the diverging map runs from ColorBrewer's RdBu blue through white to red")
  func diverging() {
    let map = Colormap.diverging
    #expect(map.isDiverging)
    #expect(map.entries[0] == RGB(5, 48, 97))
    #expect(map.entries[255] == RGB(103, 0, 31))
    // The centre lies between entries 127 and 128, both within 2 levels of the white anchor 247.
    for index in [127, 128] {
      let c = map.entries[index]
      for component in [c.red, c.green, c.blue] { #expect(abs(Int(component) - 247) <= 2) }
    }
    // Anchor 1 (33, 102, 172) sits exactly at entry 25.5 → entries 25 and 26 bracket it.
    #expect(map.entries[25].blue <= 172 && map.entries[26].blue >= 172)
  }

  @Test("names resolve case-insensitively with aliases; unknown names give nil")
  func names() {
    #expect(Colormap.named("VIRIDIS") == .viridis)
    #expect(Colormap.named("gray") == .grey)
    #expect(Colormap.named("diverging") == .diverging)
    #expect(Colormap.named("jet") == nil)
    #expect(Colormap.names == ["viridis", "magma", "inferno", "cividis", "grey", "rdbu"])
  }

  @Test("text colour is chosen for contrast")
  func contrast() {
    #expect(Colormap.viridis.entries[255].contrastingText == .black)
    #expect(Colormap.viridis.entries[0].contrastingText == .white)
    #expect(RGB(247, 247, 247).contrastingText == .black)
    #expect(RGB(0x44, 0x01, 0x54).description == "#440154")
  }
}
