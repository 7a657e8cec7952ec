import Foundation

/// The files of one report, held in memory until the whole report is computed, then written
/// into place in one step by `commit(to:force:)` (see `ReportOutput+Commit.swift`).
public struct ReportOutput: Sendable {
  /// Relative path (with `/`) → contents; paths are written in sorted order.
  public private(set) var files: [String: [UInt8]] = [:]

  public init() {}

  /// Adds or replaces a file. Precondition: `path` is relative and has no `..` component.
  public mutating func add(_ path: String, bytes: [UInt8]) {
    precondition(
      !path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "bad report path \(path)")
    files[path] = bytes
  }

  /// Adds or replaces a UTF-8 text file.
  public mutating func add(_ path: String, text: String) {
    add(path, bytes: Array(text.utf8))
  }
}
