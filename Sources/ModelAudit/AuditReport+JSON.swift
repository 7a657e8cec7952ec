import CheckerscopeCore
import ModelIO
import OverlapAnalysis

extension AuditReport {
  /// The report as JSON, keys in the documented order (deterministic; `JSONValue` encodes doubles in
  /// their shortest round-trip form).
  ///
  /// `{"model", "inputShape", "threshold", "layers": [{"node", "module", "op", "dims", …parameters…, "inputShape",
  /// "outputShape", "counts", "weights", "verdict", "remedy"}], "verdict", "firstArtifactLayer"}`.
  public var json: JSONValue {
    .object([
      ("model", .string(model)),
      ("inputShape", Self.ints(inputShape)),
      ("threshold", .double(threshold)),
      ("layers", .array(layers.map(\.json))),
      ("verdict", .string(verdict.rawValue)),
      ("firstArtifactLayer", firstArtifactLayer.map(JSONValue.string) ?? .null),
    ])
  }

  static func ints(_ values: [Int]?) -> JSONValue {
    guard let values else { return .null }
    return .array(values.map { .int($0) })
  }
}

extension LayerAudit {
  /// One layer's JSON object.
  public var json: JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("node", .string(node)), ("module", origin?.json ?? .null), ("op", .string(op.rawValue)),
      ("dims", .int(dims)),
    ]
    if let p = convolution {
      members += [
        ("kernel", AuditReport.ints(p.kernel)), ("stride", AuditReport.ints(p.stride)),
        ("padsBegin", AuditReport.ints(p.padsBegin)), ("padsEnd", AuditReport.ints(p.padsEnd)),
        ("outputPadding", AuditReport.ints(p.outputPadding)), ("dilation", AuditReport.ints(p.dilation)),
        ("groups", .int(p.groups)),
      ]
    }
    if let resize {
      members += [("mode", .string(resize.mode)), ("scale", .array(resize.scale.map { .double($0) }))]
    }
    if let depthToSpace {
      members += [("blocksize", .int(depthToSpace.blocksize)), ("mode", .string(depthToSpace.mode))]
    }
    members += [("inputShape", AuditReport.ints(inputShape)), ("outputShape", AuditReport.ints(outputShape))]
    if let counts {
      members.append(
        (
          "counts",
          .object([
            ("period", AuditReport.ints(counts.period)), ("uniform", .bool(counts.uniform)),
            ("holes", .bool(counts.holes)),
            ("maxMinRatio", counts.maxMinRatio.map(JSONValue.double) ?? .null),
            ("max", .double(counts.max)), ("min", .double(counts.min)),
            ("tile", .array(counts.tile.map { .double($0) })),
          ])
        ))
    } else {
      members.append(("counts", .null))
    }
    if let weights {
      members.append(
        (
          "weights",
          .object([
            ("outputChannels", .int(weights.outputChannels)), ("pefMax", .double(weights.pefMax)),
            ("pefMedian", .double(weights.pefMedian)), ("worstChannel", .int(weights.worstChannel)),
            ("unevenChannels", .int(weights.unevenChannels)),
            ("pef", .array(weights.pef.map { .double($0) })),
            ("worstGains", .array(weights.worstGains.map { .double($0) })),
          ])
        ))
    } else {
      members.append(("weights", .null))
    }
    members += [("verdict", .string(verdict.rawValue)), ("remedy", remedy.map(JSONValue.string) ?? .null)]
    return .object(members)
  }
}

extension PyTorchOrigin {
  /// `{"path", "class", "source", "fusedWith"}` (null where the file does not say).
  public var json: JSONValue {
    .object([
      ("path", .string(module)), ("class", className.map(JSONValue.string) ?? .null),
      ("source", source.map(JSONValue.string) ?? .null),
      ("fusedWith", fusedWith.map(JSONValue.string) ?? .null),
    ])
  }
}
