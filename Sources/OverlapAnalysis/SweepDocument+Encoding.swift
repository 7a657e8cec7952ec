import Dispatch

extension SweepDocument {
  /// The document text: two-space indented at the top level, the sweep on one line, and one
  /// compact line per record and per skipped configuration, so a diff shows the configurations
  /// that changed. Ends with a newline. Deterministic: the same document gives the same bytes.
  ///
  /// Each entry is the compact text `JSONValue.encoded()` gives, written straight into bytes;
  /// entries are encoded in parallel chunks and joined in order. Throws
  /// `OverlapError.nonFiniteJSONNumber` for NaN or an infinity.
  public func encoded() throws(OverlapError) -> String {
    var out: [UInt8] = []
    func line(_ text: String) { out.append(contentsOf: Array(text.utf8)) }
    line("{\n  \"tool\": ")
    try JSONBytes.append(.string(tool), to: &out)
    line(",\n  \"version\": ")
    try JSONBytes.append(.string(version), to: &out)
    line(",\n  \"sweep\": ")
    try JSONBytes.append(sweep.json, to: &out)
    if let shard {
      line(",\n  \"shard\": ")
      try JSONBytes.append(.object([("index", .int(shard.index)), ("count", .int(shard.count))]), to: &out)
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
  private static func encodeInParallel(_ entries: [JSONValue]) throws(OverlapError) -> [[UInt8]] {
    let chunkSize = 64
    let chunkCount = (entries.count + chunkSize - 1) / chunkSize
    let slots = UnsafeMutableBufferPointer<Result<[UInt8], OverlapError>>.allocate(capacity: chunkCount)
    slots.initialize(repeating: .success([]))
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    nonisolated(unsafe) let output = slots
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      var bytes: [UInt8] = []
      bytes.reserveCapacity(chunkSize * 800)
      do throws(OverlapError) {
        for index in (chunk * chunkSize)..<min(entries.count, (chunk + 1) * chunkSize) {
          if index > chunk * chunkSize { bytes.append(UInt8(ascii: ",")) }
          bytes.append(contentsOf: [0x0A, 0x20, 0x20, 0x20, 0x20])
          try JSONBytes.append(entries[index], to: &bytes)
        }
        output[chunk] = .success(bytes)
      } catch {
        output[chunk] = .failure(error)
      }
    }
    return try slots.map { result throws(OverlapError) in try result.get() }
  }
}

/// Compact JSON written as UTF-8 bytes, identical to `JSONValue.encoded(style: .compact)`: the
/// same member order, `Int` and shortest round-trip `Double` texts, and the same minimal string
/// escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as `\u00xx`).
enum JSONBytes {
  static func append(_ value: JSONValue, to out: inout [UInt8]) throws(OverlapError) {
    switch value {
    case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
    case .int(let v): out.append(contentsOf: String(v).utf8)
    case .double(let v): out.append(contentsOf: try JSONValue.numberText(v).utf8)
    case .string(let v): appendString(v, to: &out)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        try append(element, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        appendString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        try append(member.value, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  static func appendString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    let hex = Array("0123456789abcdef".utf8)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0..<0x20:
        out.append(contentsOf: [
          0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
        ])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
