extension ConvTransposeParameters {
  /// The names of `rank` spatial axes for messages: `L`; `H, W`; `D, H, W`; with `prefix` "k":
  /// `k`; `kH, kW`; `kD, kH, kW`. Other ranks are numbered (`d1, d2, …`).
  static func axisNames(_ rank: Int, prefix: String = "") -> String {
    let names: [String]
    switch rank {
    case 1: return prefix.isEmpty ? "L" : prefix
    case 2: names = ["H", "W"]
    case 3: names = ["D", "H", "W"]
    default: names = (1...max(1, rank)).map { "d\($0)" }
    }
    return names.map { prefix + $0 }.joined(separator: ", ")
  }
}
