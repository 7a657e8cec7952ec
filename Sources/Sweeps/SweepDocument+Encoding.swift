import CheckerscopeCore
import Dispatch
import OverlapAnalysis

extension SweepDocument {
  /// The document text: two-space indented at the top level, the sweep on one line, and one
  /// compact line per record and per skipped configuration, so a diff shows the configurations
  /// that changed. Ends with a newline. Deterministic: the same document gives the same bytes.
  ///
  /// Each entry is the compact text `JSONValue.encoded()` gives, written straight into bytes;
  /// entries are encoded in parallel chunks and joined in order. Throws
  /// `SweepError.json` (`JSONError.nonFiniteNumber`) for NaN or an infinity.
  public func encoded() throws(SweepError) -> String {
    do { return try encodedText() } catch { throw .json(error) }
  }

  private func encodedText() throws(JSONError) -> String {
    var out: [UInt8] = []
    func line(_ text: String) { out.append(contentsOf: Array(text.utf8)) }
    line("{\n  \"tool\": ")
    try JSONValue.string(tool).appendCompact(to: &out)
    line(",\n  \"version\": ")
    try JSONValue.string(version).appendCompact(to: &out)
    line(",\n  \"sweep\": ")
    try sweep.json.appendCompact(to: &out)
    if let shard {
      line(",\n  \"shard\": ")
      let shardJSON = JSONValue.object([("index", .int(shard.index)), ("count", .int(shard.count))])
      try shardJSON.appendCompact(to: &out)
    }
    for (name, entries) in [("records", records), ("skipped", skipped)] {
      line(",\n  \"\(name)\": [")
      let chunks = try Self.encodeInParallel(entries)
      for (index, chunk) in chunks.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: chunk)
      }
      line(entries.isEmpty ? "]" : "\n  ]")
    }
    line("\n}\n")
    return String(decoding: out, as: UTF8.self)
  }

  /// Each chunk holds `"\n    " + entry` joined by `",\n    "`, for consecutive entries.
  private static func encodeInParallel(_ entries: [JSONValue]) throws(JSONError) -> [[UInt8]] {
    let chunkSize = 64
    let chunkCount = (entries.count + chunkSize - 1) / chunkSize
    let slots = UnsafeMutableBufferPointer<Result<[UInt8], JSONError>>.allocate(capacity: chunkCount)
    slots.initialize(repeating: .success([]))
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    nonisolated(unsafe) let output = slots
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      var bytes: [UInt8] = []
      bytes.reserveCapacity(chunkSize * 800)
      do throws(JSONError) {
        for index in (chunk * chunkSize)..<min(entries.count, (chunk + 1) * chunkSize) {
          if index > chunk * chunkSize { bytes.append(UInt8(ascii: ",")) }
          bytes.append(contentsOf: [0x0A, 0x20, 0x20, 0x20, 0x20])
          try entries[index].appendCompact(to: &bytes)
        }
        output[chunk] = .success(bytes)
      } catch {
        output[chunk] = .failure(error)
      }
    }
    return try slots.map { result throws(JSONError) in try result.get() }
  }
}
