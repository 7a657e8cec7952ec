import CheckerscopeCore
import Foundation

/// The parsed and validated header of a safetensors file.
struct SafetensorsHeader {
  var entries: [SafetensorsFile.Entry]
  var metadata: [String: String]
  var dataStart: Int

  /// The dtypes of the format, with their element sizes; the 8-bit floats are kept undecoded.
  static let dtypes: [String: (ModelDataType, Int)] = [
    "F64": (.double, 8), "F32": (.float, 4), "F16": (.float16, 2), "BF16": (.bfloat16, 2),
    "I64": (.int64, 8), "I32": (.int32, 4), "I16": (.int16, 2), "I8": (.int8, 1),
    "U64": (.uint64, 8), "U32": (.uint32, 4), "U16": (.uint16, 2), "U8": (.uint8, 1), "BOOL": (.bool, 1),
    "F8_E4M3": (.other(17), 1), "F8_E5M2": (.other(19), 1),
  ]

  /// Parses and checks the header of `data`: the length fits the file and the limit, the JSON is an
  /// object of entries with a known dtype, a non-negative shape and `data_offsets` `[begin, end]`
  /// inside the data section whose length is exactly the shape's bytes, and no two ranges overlap.
  static func parse(_ data: Data, path: String, limits: ModelReadLimits) throws(ModelIOError)
    -> SafetensorsHeader
  {
    guard data.count >= 8 else {
      throw .notSafetensors(
        path: path, reason: "the file has \(data.count) bytes, fewer than the 8-byte header length")
    }
    var length: UInt64 = 0
    for offset in (0..<8).reversed() { length = length << 8 | UInt64(data[data.startIndex + offset]) }
    guard length <= UInt64(limits.maximumSafetensorsHeaderBytes) else {
      throw .tooLarge(
        path: path, what: "the header's \(length) bytes", limit: limits.maximumSafetensorsHeaderBytes)
    }
    let headerLength = Int(length)
    guard headerLength >= 2, headerLength <= data.count - 8 else {
      throw .notSafetensors(
        path: path,
        reason: "the header claims \(headerLength) bytes but the file has \(data.count - 8) after the length")
    }
    let headerBytes = data[(data.startIndex + 8)..<(data.startIndex + 8 + headerLength)]
    guard let text = String(bytes: headerBytes, encoding: .utf8) else {
      throw .notSafetensors(path: path, reason: "the header is not UTF-8 text")
    }
    let json: JSONValue
    do {
      json = try JSONValue(parsing: text)
    } catch {
      throw .notSafetensors(path: path, reason: "the header is not JSON (\(error.description))")
    }
    guard let members = json.objectValue else {
      throw .notSafetensors(path: path, reason: "the header is not a JSON object")
    }
    let dataLength = data.count - 8 - headerLength
    var header = SafetensorsHeader(entries: [], metadata: [:], dataStart: 8 + headerLength)
    var seen: Set<String> = []
    for (key, value) in members {
      guard seen.insert(key).inserted else {
        throw .notSafetensors(path: path, reason: "the header names '\(key)' twice")
      }
      if key == "__metadata__" {
        guard let pairs = value.objectValue else {
          throw .notSafetensors(path: path, reason: "__metadata__ is not an object of strings")
        }
        for (metaKey, metaValue) in pairs {
          guard let string = metaValue.stringValue else {
            throw .notSafetensors(path: path, reason: "__metadata__ '\(metaKey)' is not a string")
          }
          header.metadata[metaKey] = string
        }
        continue
      }
      header.entries.append(try entry(key, value, dataLength: dataLength, path: path, limits: limits))
    }
    let ranges = header.entries.map(\.byteRange).filter { !$0.isEmpty }.sorted {
      $0.lowerBound < $1.lowerBound
    }
    for (previous, next) in zip(ranges, ranges.dropFirst()) where next.lowerBound < previous.upperBound {
      throw .notSafetensors(
        path: path, reason: "the byte ranges \(previous) and \(next) of two tensors overlap")
    }
    return header
  }

  /// One tensor entry, checked against the data section's length.
  static func entry(
    _ name: String, _ value: JSONValue, dataLength: Int, path: String, limits: ModelReadLimits
  )
    throws(ModelIOError) -> SafetensorsFile.Entry
  {
    func bad(_ reason: String) -> ModelIOError {
      .notSafetensors(path: path, reason: "tensor '\(name)': \(reason)")
    }
    guard let dtype = value["dtype"]?.stringValue else { throw bad("no dtype") }
    guard let (dataType, size) = dtypes[dtype] else {
      throw bad("unknown dtype '\(dtype)' (known: \(dtypes.keys.sorted().joined(separator: ", ")))")
    }
    guard let shapeValues = value["shape"]?.arrayValue, shapeValues.count <= 64 else {
      throw bad("no shape, or more than 64 axes")
    }
    var shape: [Int] = []
    var count = 1
    for extent in shapeValues {
      guard let extent = extent.intValue, extent >= 0 else {
        throw bad("the shape holds a negative or non-integer extent")
      }
      let (next, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, next <= limits.maximumTensorElements, extent <= limits.maximumTensorElements else {
        throw .tooLarge(path: path, what: "tensor '\(name)'", limit: limits.maximumTensorElements)
      }
      count = next
      shape.append(extent)
    }
    guard let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
      let begin = offsets[0].intValue, let end = offsets[1].intValue
    else { throw bad("data_offsets is not a pair of integers") }
    guard begin >= 0, begin <= end, end <= dataLength else {
      throw bad("data_offsets [\(begin), \(end)] do not lie inside the \(dataLength) data bytes")
    }
    guard end - begin == count * size else {
      throw bad(
        "data_offsets [\(begin), \(end)] span \(end - begin) bytes but \(count) \(dtype) elements need \(count * size)"
      )
    }
    return SafetensorsFile.Entry(
      name: name, dataType: dataType, dtype: dtype, shape: shape, byteRange: begin..<end)
  }
}
