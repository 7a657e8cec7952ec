extension LayerConfig {
  /// The forms `text(_:)` writes a layer's parameters in.
  public enum TextStyle: Sendable, Hashable, CaseIterable {
    /// `k=3x3 s=2x2 p=1x1 op=0x0 d=1x1`: every parameter, one value per axis, separated by
    /// spaces; asymmetric padding as `pb=1x0 pe=0x1` in place of `p=…`. Text reports, grid
    /// configurations and baseline differences use it; `LayerConfig(parsing:dims:)` reads it back.
    case canonical
    /// `k=3x3, s=2, p=1` for report prose: the kernel per axis, every other parameter as one value
    /// when all axes agree (else per axis), separated by `, `; padding only when some axis has
    /// one (`pb=…, pe=…` when asymmetric), output padding only when some axis has one, dilation
    /// only when some axis's is above 1.
    /// `LayerConfig(parsing:dims:)` reads it back.
    case prose
    /// `k=3x3 s=2x2 p=0 d=1` for figure titles: kernel and stride per axis, padding and dilation
    /// as one value when all axes agree, padding `begin:end` on an axis whose ends differ, and
    /// ` op=…` (one value when all axes agree) only when an output padding is set.
    case title
  }

  /// The canonical text of the layer's parameters, `text(.canonical)`:
  /// `k=3x3 s=2x2 p=1x1 op=0x0 d=1x1`. The weights are not part of it (an overlap map's text
  /// report marks a weighted layer itself).
  public var text: String { text(.canonical) }

  /// The layer's parameters as text in `style` (see `TextStyle` for the three forms).
  /// Deterministic; the weights are not written.
  public func text(_ style: TextStyle) -> String {
    func list(_ values: [Int], collapse: Bool) -> String {
      collapse && Set(values).count == 1 ? String(values[0]) : values.map(String.init).joined(separator: "x")
    }
    let begins = axes.map(\.paddingBegin)
    let ends = axes.map(\.paddingEnd)
    let outputPaddings = axes.map(\.outputPadding)
    let dilations = axes.map(\.dilation)
    let symmetric = axes.allSatisfy(\.isSymmetric)
    var parts = ["k=" + list(kernel, collapse: false)]
    switch style {
    case .canonical:
      parts.append("s=" + list(strides, collapse: false))
      parts +=
        symmetric
        ? ["p=" + list(begins, collapse: false)]
        : ["pb=" + list(begins, collapse: false), "pe=" + list(ends, collapse: false)]
      parts.append("op=" + list(outputPaddings, collapse: false))
      parts.append("d=" + list(dilations, collapse: false))
    case .prose:
      parts.append("s=" + list(strides, collapse: true))
      if !symmetric {
        parts += ["pb=" + list(begins, collapse: true), "pe=" + list(ends, collapse: true)]
      } else if begins.contains(where: { $0 > 0 }) {
        parts.append("p=" + list(begins, collapse: true))
      }
      if outputPaddings.contains(where: { $0 > 0 }) {
        parts.append("op=" + list(outputPaddings, collapse: true))
      }
      if dilations.contains(where: { $0 > 1 }) { parts.append("d=" + list(dilations, collapse: true)) }
    case .title:
      parts.append("s=" + list(strides, collapse: false))
      let pads = axes.map { $0.isSymmetric ? "\($0.paddingBegin)" : "\($0.paddingBegin):\($0.paddingEnd)" }
      parts.append("p=" + (Set(pads).count == 1 ? pads[0] : pads.joined(separator: "x")))
      parts.append("d=" + list(dilations, collapse: true))
      if outputPaddings.contains(where: { $0 != 0 }) {
        parts.append("op=" + list(outputPaddings, collapse: true))
      }
    }
    return parts.joined(separator: style == .prose ? ", " : " ")
  }
}
