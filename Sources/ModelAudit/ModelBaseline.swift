import CheckerscopeCore

/// A model's audit recorded for regression checks (`audit MODEL --write-baseline FILE`, then
/// `audit MODEL --baseline FILE`): every listed layer's facts and its learned weights' measures.
///
/// The file is JSON, written deterministically:
/// `{"format": "checkerscope-model-baseline", "version": 1, "model", "threshold", "layers":
/// [{"node", "facts": {…}, "weights": {"pef": [PEF per channel], "gains": [[phase gains per channel]]} | null}]}`.
/// `facts` is the layer's audit JSON (`LayerAudit.json`) without `weights` and `remedy`: operator,
/// parameters, shapes, overlap counts, verdict — everything that must stay exactly the same.
/// The baseline is read as untrusted text (`init(parsing:path:)`): every field is checked, and
/// the error names the file and the field.
public struct ModelBaseline: Sendable, Equatable {
  /// The value of the `format` field.
  public static let formatName = "checkerscope-model-baseline"
  /// The version of the layout this type writes and reads.
  public static let formatVersion = 1

  /// One layer as recorded.
  public struct Layer: Sendable, Equatable {
    /// The node name (`LayerAudit.node`).
    public var node: String
    /// The facts that must not change (a JSON object).
    public var facts: JSONValue
    /// PEF per output channel; nil for a layer without constant weights.
    public var pef: [Double]?
    /// Each output channel's phase gains, row-major over the stride tile; nil with `pef`.
    public var gains: [[Double]]?

    /// Wraps the fields.
    public init(node: String, facts: JSONValue, pef: [Double]?, gains: [[Double]]?) {
      self.node = node
      self.facts = facts
      self.pef = pef
      self.gains = gains
    }

    /// The PyTorch module path, when the audit recorded one (a `module` fact).
    public var module: String? { ModelBaseline.modulePath(facts["module"]) }
  }

  /// The model's path as given when the baseline was written (informational; not compared).
  public var model: String
  /// The PEF threshold of that audit.
  public var threshold: Double
  /// The layers, in graph order.
  public var layers: [Layer]

  /// Wraps the fields.
  public init(model: String, threshold: Double, layers: [Layer]) {
    self.model = model
    self.threshold = threshold
    self.layers = layers
  }

  /// Records `report`: each layer's facts, PEFs and phase gains.
  public init(report: AuditReport) {
    self.init(model: report.model, threshold: report.threshold, layers: report.layers.map(Layer.init(layer:)))
  }

  /// The file's JSON value (see the type's documentation).
  public var json: JSONValue {
    .object([
      ("format", .string(Self.formatName)), ("version", .int(Self.formatVersion)),
      ("model", .string(model)), ("threshold", .double(threshold)),
      (
        "layers",
        .array(
          layers.map { layer in
            let weights: JSONValue
            if let pef = layer.pef, let gains = layer.gains {
              weights = .object([
                ("pef", .array(pef.map { .double($0) })),
                ("gains", .array(gains.map { .array($0.map { .double($0) }) })),
              ])
            } else {
              weights = .null
            }
            return .object([("node", .string(layer.node)), ("facts", layer.facts), ("weights", weights)])
          })
      ),
    ])
  }

  /// The module path of a layer's `module` JSON: the object's `path` (`{"path": "net.4", "class": …}`),
  /// or the string itself; nil for anything else.
  public static func modulePath(_ value: JSONValue?) -> String? {
    value?["path"]?.stringValue ?? value?.stringValue
  }

  /// The file's text: pretty-printed JSON with a final newline.
  public func encoded() throws(JSONError) -> String { try json.encoded(style: .pretty) + "\n" }
}

extension ModelBaseline.Layer {
  /// Records one audited layer.
  init(layer: LayerAudit) {
    let facts: JSONValue
    if case .object(let members) = layer.json {
      facts = .object(members.filter { $0.key != "weights" && $0.key != "remedy" })
    } else {
      facts = layer.json
    }
    self.init(node: layer.node, facts: facts, pef: layer.weights?.pef, gains: layer.weights?.gains)
  }
}
