import CheckerscopeCore

extension ModelBaseline {
  /// How far learned-weight measures may move before the baseline counts them as drift.
  public struct Tolerances: Sendable, Equatable {
    /// The default PEF tolerance (absolute; PEF is a fraction in [0, 1]).
    public static let defaultPEF = 1e-4
    /// The default gain tolerance (relative to the layer's largest |gain| in the baseline).
    public static let defaultGain = 1e-4

    /// A channel's PEF drifts when `|a − b| > pef`.
    public var pef: Double
    /// A phase gain drifts when `|a − b| > gain · G`, `G` the largest |gain| of that layer in the
    /// baseline (so the rule does not depend on the weights' scale, and gains near zero are not
    /// judged against themselves).
    public var gain: Double

    /// Wraps the fields; both must be finite and ≥ 0 (a precondition; the CLI checks its options).
    public init(pef: Double = defaultPEF, gain: Double = defaultGain) {
      precondition(pef.isFinite && pef >= 0 && gain.isFinite && gain >= 0, "tolerances are finite and ≥ 0")
      self.pef = pef
      self.gain = gain
    }
  }

  /// One difference between the baseline and the current audit.
  public struct Drift: Sendable, Equatable, CustomStringConvertible {
    /// The layer's node name.
    public var layer: String
    /// Its PyTorch module path, when recorded.
    public var module: String?
    /// What differs: a fact's key (`stride`, `verdict`, `outputShape`, `layer`), `pef[c]` or
    /// `gains[c][i]` (the channel and phase that moved most).
    public var field: String
    /// The baseline's and the current value, as text.
    public var expected: String
    public var actual: String
    /// How many more values of the same kind in this layer moved beyond the tolerance.
    public var more: Int = 0

    /// `field expected → actual`, then `(and N more)` when others moved too.
    public var description: String {
      "\(field) \(expected) → \(actual)" + (more > 0 ? " (and \(more) more)" : "")
    }
  }

  /// Compares `report` with the baseline, layer by layer (matched by node name).
  ///
  /// Facts must be equal; PEFs and gains may move within `tolerances`. For the PEFs and for the
  /// gains of a layer, only the value that moved most is reported, with how many moved beyond
  /// the tolerance. A layer on one side only is a drift too (`field` `layer`). An empty result
  /// means no drift. Complexity: linear in the numbers recorded.
  public func compare(with report: AuditReport, tolerances: Tolerances = Tolerances()) -> [Drift] {
    let current = ModelBaseline(report: report)
    var drifts: [Drift] = []
    var remaining = current.layers
    for expected in layers {
      guard let index = remaining.firstIndex(where: { $0.node == expected.node }) else {
        drifts.append(
          Drift(
            layer: expected.node, module: expected.module, field: "layer", expected: "present",
            actual: "absent"))
        continue
      }
      let actual = remaining.remove(at: index)
      drifts += Self.compare(expected, actual, tolerances)
    }
    for extra in remaining {
      drifts.append(
        Drift(layer: extra.node, module: extra.module, field: "layer", expected: "absent", actual: "present"))
    }
    return drifts
  }

  static func compare(_ expected: Layer, _ actual: Layer, _ tolerances: Tolerances) -> [Drift] {
    func drift(_ field: String, _ a: String, _ b: String, more: Int = 0) -> Drift {
      Drift(
        layer: expected.node, module: expected.module ?? actual.module, field: field, expected: a, actual: b,
        more: more)
    }
    func text(_ value: JSONValue?) -> String {
      guard let value else { return "(absent)" }
      return (try? value.encoded(style: .compact)) ?? "?"
    }
    var drifts: [Drift] = []
    let keys = (expected.facts.objectValue ?? []).map(\.key)
    let extraKeys = (actual.facts.objectValue ?? []).map(\.key).filter { !keys.contains($0) }
    for key in keys + extraKeys where expected.facts[key] != actual.facts[key] {
      drifts.append(drift(key, text(expected.facts[key]), text(actual.facts[key])))
    }
    switch (expected.pef, expected.gains, actual.pef, actual.gains) {
    case (nil, _, nil, _): break
    case (let pefA?, let gainsA?, let pefB?, let gainsB?):
      guard pefA.count == pefB.count, gainsA.first?.count == gainsB.first?.count else {
        drifts.append(
          drift(
            "weights", "\(pefA.count) channels × \(gainsA.first?.count ?? 0) phases",
            "\(pefB.count) channels × \(gainsB.first?.count ?? 0) phases"))
        break
      }
      if let worst = worstMove(pefA, pefB, allowed: tolerances.pef) {
        drifts.append(
          drift(
            "pef[\(worst.index)]", NumberFormat.significant(pefA[worst.index], 6),
            NumberFormat.significant(pefB[worst.index], 6), more: worst.more))
      }
      let scale = gainsA.joined().map(abs).max() ?? 0
      let phases = gainsA.first?.count ?? 1
      if let worst = worstMove(
        Array(gainsA.joined()), Array(gainsB.joined()), allowed: tolerances.gain * scale)
      {
        let (channel, phase) = worst.index.quotientAndRemainder(dividingBy: phases)
        drifts.append(
          drift(
            "gains[\(channel)][\(phase)]", NumberFormat.significant(gainsA[channel][phase], 6),
            NumberFormat.significant(gainsB[channel][phase], 6), more: worst.more))
      }
    default:
      drifts.append(
        drift(
          "weights", expected.pef == nil ? "none" : "\(expected.pef?.count ?? 0) channels",
          actual.pef == nil ? "none" : "\(actual.pef?.count ?? 0) channels"))
    }
    return drifts
  }

  /// The index whose value moved most, when it moved more than `allowed`, and how many other
  /// values moved more than `allowed`.
  static func worstMove(_ a: [Double], _ b: [Double], allowed: Double) -> (index: Int, more: Int)? {
    var worst = -1
    var largest = allowed
    var count = 0
    for index in a.indices {
      let move = abs(a[index] - b[index])
      if move > allowed { count += 1 }
      if move > largest {
        largest = move
        worst = index
      }
    }
    guard worst >= 0 else { return nil }
    return (worst, count - 1)
  }
}
