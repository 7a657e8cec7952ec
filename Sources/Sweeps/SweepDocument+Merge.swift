import CheckerscopeCore
import OverlapAnalysis

extension SweepDocument {
  /// Joins the documents of a sharded sweep into the document the unsharded sweep gives, byte
  /// for byte (same tool, version and sweep; entries in sweep order; no `shard`).
  ///
  /// Every part must come from the same tool version and sweep; every configuration of the sweep
  /// must appear exactly once across the parts, and nothing else. Errors
  /// (`SweepError.mergeConflict`) name the part's path and the first configuration at fault.
  /// Complexity: O(total entries + configurations).
  public static func merge(_ parts: [(path: String, document: SweepDocument)]) throws(SweepError)
    -> SweepDocument
  {
    guard let first = parts.first else { throw .mergeConflict(path: nil, reason: "no documents to merge") }
    for part in parts.dropFirst() {
      guard part.document.version == first.document.version else {
        throw .mergeConflict(
          path: part.path,
          reason: "written by version \(part.document.version) but \(first.path) by \(first.document.version)"
        )
      }
      guard part.document.sweep == first.document.sweep else {
        throw .mergeConflict(path: part.path, reason: "its sweep differs from \(first.path)'s")
      }
    }
    // Every part is a shard of the same split, each shard once.
    var shardPaths: [Int: String] = [:]
    for part in parts {
      func describe(_ shard: SweepShard?) -> String {
        shard.map { "shard \($0) (a split into \($0.count))" } ?? "a whole sweep (no shard)"
      }
      guard part.document.shard?.count == first.document.shard?.count else {
        throw .mergeConflict(
          path: part.path,
          reason:
            "it is \(describe(part.document.shard)) but \(first.path) is \(describe(first.document.shard))")
      }
      if let shard = part.document.shard {
        if let earlier = shardPaths[shard.index] {
          throw .mergeConflict(path: part.path, reason: "shard \(shard) is given twice (also \(earlier))")
        }
        shardPaths[shard.index] = part.path
      }
    }
    let sweep = first.document.sweep
    try sweep.validate()
    var position: [String: Int] = [:]
    let count = sweep.configurationCount
    position.reserveCapacity(count)
    for index in 0..<count { position[sweep.configuration(at: index).key] = index }
    var slots = [(isRecord: Bool, json: JSONValue, path: String)?](repeating: nil, count: count)
    for part in parts {
      for (isRecord, entries) in [(true, part.document.records), (false, part.document.skipped)] {
        for entry in entries {
          guard let index = position[key(of: entry)] else {
            throw .mergeConflict(
              path: part.path, reason: "configuration \(configurationText(entry)) is not part of the sweep")
          }
          if let earlier = slots[index] {
            throw .mergeConflict(
              path: part.path,
              reason: "configuration \(configurationText(entry)) is duplicated (also in \(earlier.path))")
          }
          slots[index] = (isRecord, entry, part.path)
        }
      }
    }
    var records: [JSONValue] = []
    var skipped: [JSONValue] = []
    var missing: [Int] = []
    for (index, slot) in slots.enumerated() {
      guard let slot else {
        missing.append(index)
        continue
      }
      if slot.isRecord { records.append(slot.json) } else { skipped.append(slot.json) }
    }
    if let firstMissing = missing.first {
      let text = sweep.configuration(at: firstMissing).layer.text
      throw .mergeConflict(
        path: nil,
        reason:
          "\(missing.count) configuration\(missing.count == 1 ? " is" : "s are") missing, the first \(text) (shard \(firstMissing % (first.document.shard?.count ?? 1) + 1) of \(first.document.shard?.count ?? 1))"
      )
    }
    return SweepDocument(
      tool: first.document.tool, version: first.document.version, sweep: sweep, shard: nil, records: records,
      skipped: skipped)
  }
}
