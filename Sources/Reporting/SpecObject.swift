import CheckerscopeCore
import Foundation
import OverlapAnalysis

/// One JSON object of a study spec being read: it remembers which members were read so that any
/// member left over is reported as an unknown field, and names every error by the spec file and
/// the field's path (`sections[2].kernel`).
struct SpecObject {
  /// The spec file, for messages.
  let file: String
  /// This object's own path (`""` for the top level, `sections[2]`, `sections[2].kernels[0]`).
  let field: String
  /// The folder relative file names are resolved against.
  var base = ""
  private let members: [(key: String, value: JSONValue)]
  private var read: Set<String> = []

  /// Wraps `value`, which must be an object.
  init(_ value: JSONValue, file: String, field: String) throws(ReportError) {
    guard let members = value.objectValue else {
      throw .invalidField(
        path: file, field: field.isEmpty ? "(top level)" : field, reason: "must be an object")
    }
    self.file = file
    self.field = field
    self.members = members
  }

  /// The path of member `key`.
  func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

  /// An error about member `key`.
  func error(_ key: String, _ reason: String) -> ReportError {
    .invalidField(path: file, field: path(key), reason: reason)
  }

  /// True when the object has member `key` (does not mark it read).
  func has(_ key: String) -> Bool { members.contains { $0.key == key } }

  /// The member `key`, or nil when absent; marks it read.
  mutating func optional(_ key: String) -> JSONValue? {
    read.insert(key)
    return members.last { $0.key == key }?.value
  }

  /// The member `key`; a missing one is an error.
  mutating func required(_ key: String) throws(ReportError) -> JSONValue {
    guard let value = optional(key) else { throw error(key, "is missing; add it") }
    return value
  }

  /// A string member.
  mutating func string(_ key: String) throws(ReportError) -> String {
    guard let text = try required(key).stringValue else { throw error(key, "must be a string") }
    return text
  }

  /// An optional string member.
  mutating func optionalString(_ key: String) throws(ReportError) -> String? {
    guard let value = optional(key) else { return nil }
    guard let text = value.stringValue else { throw error(key, "must be a string") }
    return text
  }

  /// A boolean member with a default.
  mutating func bool(_ key: String, default fallback: Bool) throws(ReportError) -> Bool {
    guard let value = optional(key) else { return fallback }
    guard let flag = value.boolValue else { throw error(key, "must be true or false") }
    return flag
  }

  /// An integer member in `range`, with a default when absent (nil default: required).
  mutating func int(_ key: String, default fallback: Int? = nil, in range: ClosedRange<Int>)
    throws(ReportError)
    -> Int
  {
    guard let value = optional(key) else {
      guard let fallback else { throw error(key, "is missing; add it") }
      return fallback
    }
    guard let number = value.intValue else { throw error(key, "must be an integer") }
    guard range.contains(number) else {
      throw error(key, "must be in \(range.lowerBound)...\(range.upperBound), got \(number)")
    }
    return number
  }

  /// A per-axis integer member: `3` (every axis) or `[3, 5]` (one per axis, H then W).
  mutating func perAxis(_ key: String, dims: Int, default fallback: Int? = nil, in range: ClosedRange<Int>)
    throws(ReportError) -> [Int]
  {
    guard let value = optional(key) else {
      guard let fallback else { throw error(key, "is missing; add it") }
      return [Int](repeating: fallback, count: dims)
    }
    let numbers: [Int]
    if let single = value.intValue {
      numbers = [Int](repeating: single, count: dims)
    } else if let list = value.arrayValue, list.count == dims, list.allSatisfy({ $0.intValue != nil }) {
      numbers = list.compactMap(\.intValue)
    } else {
      throw error(key, "must be an integer or a list of \(dims) integers (one per axis)")
    }
    for n in numbers where !range.contains(n) {
      throw error(key, "values must be in \(range.lowerBound)...\(range.upperBound), got \(n)")
    }
    return numbers
  }

  /// A list of integers: `[1, 2, 4]`, or a range `{"from": 1, "to": 8}`.
  mutating func intList(_ key: String, default fallback: [Int]? = nil, in range: ClosedRange<Int>)
    throws(ReportError) -> [Int]
  {
    guard let value = optional(key) else {
      guard let fallback else { throw error(key, "is missing; add it") }
      return fallback
    }
    var numbers: [Int] = []
    if let list = value.arrayValue {
      for element in list {
        guard let n = element.intValue else { throw error(key, "must hold integers only") }
        numbers.append(n)
      }
    } else if value.objectValue != nil {
      var object = try child(value, key)
      let from = try object.int("from", in: range)
      let to = try object.int("to", in: range)
      try object.finish()
      guard from <= to else { throw error(key, "'from' (\(from)) must not be larger than 'to' (\(to))") }
      numbers = Array(from...to)
    } else {
      throw error(key, "must be a list of integers or {\"from\": A, \"to\": B}")
    }
    guard !numbers.isEmpty else { throw error(key, "must not be empty") }
    for n in numbers where !range.contains(n) {
      throw error(key, "values must be in \(range.lowerBound)...\(range.upperBound), got \(n)")
    }
    guard Set(numbers).count == numbers.count else { throw error(key, "must not repeat a value") }
    return numbers
  }

  /// Paragraphs: a string or a list of strings; empty when absent.
  mutating func paragraphs(_ key: String) throws(ReportError) -> [String] {
    guard let value = optional(key) else { return [] }
    if let text = value.stringValue { return [text] }
    if let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
      return list.compactMap(\.stringValue)
    }
    throw error(key, "must be a string or a list of strings (paragraphs)")
  }

  /// A list of objects, each wrapped.
  mutating func objects(_ key: String, required: Bool = true) throws(ReportError) -> [SpecObject] {
    guard let value = optional(key) else {
      if required { throw error(key, "is missing; add it") }
      return []
    }
    guard let list = value.arrayValue else { throw error(key, "must be a list of objects") }
    var result: [SpecObject] = []
    for (index, element) in list.enumerated() {
      var object = try SpecObject(element, file: file, field: "\(path(key))[\(index)]")
      object.base = base
      result.append(object)
    }
    return result
  }

  /// A non-empty list of objects under `key`, each read by `parse` and then checked for unknown
  /// fields (`finish()`); an empty list is refused with "must hold at least one `noun`".
  mutating func nonEmptyList<Element>(
    _ key: String, of noun: String, _ parse: (inout SpecObject) throws(ReportError) -> Element
  ) throws(ReportError) -> [Element] {
    var result: [Element] = []
    for var item in try objects(key) {
      result.append(try parse(&item))
      try item.finish()
    }
    if result.isEmpty { throw error(key, "must hold at least one \(noun)") }
    return result
  }

  /// A member object of this one, with the same file and base folder.
  func child(_ value: JSONValue, _ key: String) throws(ReportError) -> SpecObject {
    var object = try SpecObject(value, file: file, field: path(key))
    object.base = base
    return object
  }

  /// The file member `key` names, resolved against `base`; a missing or unreadable file is a
  /// `ReportError.missingFile` naming the spec and the field.
  func existingFile(_ key: String, _ name: String) throws(ReportError) -> String {
    let resolved = StudySpec.resolve(name, base: base)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue,
      FileManager.default.isReadableFile(atPath: resolved)
    else {
      throw .missingFile(
        spec: file, field: path(key), file: resolved,
        reason: "no such file (relative names are resolved against the spec's folder)")
    }
    return resolved
  }

  /// Throws for the first member that was never read: an unknown field.
  func finish(known extra: [String] = []) throws(ReportError) {
    for member in members where !read.contains(member.key) {
      let known = (Array(read) + extra).sorted().joined(separator: ", ")
      throw error(member.key, "unknown field; known fields here: \(known)")
    }
  }
}
