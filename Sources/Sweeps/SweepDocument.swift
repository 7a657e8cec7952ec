import CheckerscopeCore
import OverlapAnalysis

/// A grid document: what `checkerscope grid` writes and `check` and `merge` read.
///
/// `{"tool","version","sweep":{…},"shard"?:{"index","count"},"records":[…],"skipped":[…]}`:
/// `records` holds one `SweepRecord.json` per valid configuration and `skipped` one
/// `{"layers","reason"}` per invalid one, both in sweep order; `shard` only in a shard's file.
/// Records stay `JSONValue`s so a document read back and written again keeps its bytes.
public struct SweepDocument: Sendable, Equatable {
  /// The tool name every document carries.
  public static let toolName = "checkerscope"

  public var tool: String
  /// The version of the tool that wrote the document.
  public var version: String
  public var sweep: SweepSpec
  /// The slice this document holds; nil for a whole sweep.
  public var shard: SweepShard?
  public var records: [JSONValue]
  public var skipped: [JSONValue]

  public init(
    tool: String = toolName, version: String, sweep: SweepSpec, shard: SweepShard?, records: [JSONValue],
    skipped: [JSONValue]
  ) {
    self.tool = tool
    self.version = version
    self.sweep = sweep
    self.shard = shard
    self.records = records
    self.skipped = skipped
  }

  /// Reads a document and checks its structure (not its metrics): the tool name, a version
  /// string, a valid sweep, an optional shard, and arrays of objects that each have a non-empty
  /// `layers` array of layers `LayerConfig(json:)` reads.
  public init(parsing text: String) throws(SweepError) {
    let json: JSONValue
    do { json = try JSONValue(parsing: text) } catch { throw .json(error) }
    func fail(_ reason: String) -> SweepError { .invalidSweepDocument(reason: reason) }
    guard json.objectValue != nil else { throw fail("expected a JSON object") }
    guard let tool = json["tool"]?.stringValue, tool == Self.toolName else {
      throw fail("'tool' must be \"\(Self.toolName)\"")
    }
    guard let version = json["version"]?.stringValue else { throw fail("'version' is missing") }
    guard let sweepJSON = json["sweep"] else { throw fail("'sweep' is missing") }
    let sweep = try SweepSpec(json: sweepJSON)
    var shard: SweepShard?
    if let shardJSON = json["shard"] {
      guard let i = shardJSON["index"]?.intValue, let n = shardJSON["count"]?.intValue,
        let value = SweepShard(index: i, count: n)
      else { throw fail("'shard' must be {\"index\": I, \"count\": N} with 1 ≤ I ≤ N") }
      shard = value
    }
    var lists: [[JSONValue]] = []
    for name in ["records", "skipped"] {
      guard let entries = json[name]?.arrayValue else { throw fail("'\(name)' must be an array") }
      for (index, entry) in entries.enumerated() {
        guard entry.objectValue != nil, let layers = entry["layers"]?.arrayValue, !layers.isEmpty else {
          throw fail("\(name)[\(index)] must be an object with 'layers'")
        }
        for (position, layer) in layers.enumerated() {
          do { _ = try LayerConfig(json: layer) } catch {
            guard case .invalidLayerJSON(let reason) = error else { throw fail(error.description) }
            throw fail("\(name)[\(index)].layers[\(position)]: \(reason)")
          }
        }
      }
      lists.append(entries)
    }
    self.init(tool: tool, version: version, sweep: sweep, shard: shard, records: lists[0], skipped: lists[1])
  }

  /// A configuration's identity: the compact JSON of a record's or skipped entry's `layers`.
  public static func key(ofLayers layers: JSONValue) -> String {
    (try? layers.encoded()) ?? ""
  }

  /// The identity of a record or skipped entry (see `key(ofLayers:)`).
  public static func key(of entry: JSONValue) -> String {
    key(ofLayers: entry["layers"] ?? .null)
  }

  /// A short human description of an entry's first layer, its canonical text
  /// (`LayerConfig.text`): `k=3 s=2 p=0 op=0 d=1`, per-axis values as `3x5`, asymmetric padding
  /// as `pb=… pe=…`. An entry whose layer cannot be read (never one of a parsed document) gives
  /// its key.
  public static func configurationText(_ entry: JSONValue) -> String {
    guard let json = entry["layers"]?[0], let layer = try? LayerConfig(json: json) else {
      return key(of: entry)
    }
    return layer.text
  }
}
