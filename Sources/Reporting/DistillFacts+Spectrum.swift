import OverlapAnalysis

extension DistillFacts {
  // Temporary until ArtifactDetection lands on main.
  static func f19() throws -> FactCheck {
    let m = try map(dims: 2, k: 3, s: 2, n: 8)
    return FactCheck(
      id: "F19", setting: "tiled 2D k=3, s=2 map",
      expected:
        "periodic-energy fraction at period 2 is 1; power at frequencies (½,0) : (0,½) : (½,½) = 9 : 9 : 1",
      computed: "not computed yet", matches: false, sentence: "", map: m, mapCaption: "")
  }
}
