import Foundation

/// The files of one report, held in memory until the whole report is computed, then written
/// into place in one step.
///
/// `commit(to:)` writes every file into a fresh temporary folder beside the destination
/// (`.DIR.tmp-<pid>-<n>`), then moves the previous folder aside, renames the new one into place
/// and removes the old one. A failure before the final rename leaves the previous report exactly
/// as it was and removes the temporary folder; nothing half-written is ever at the destination.
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

  /// Writes the report to `directory`, replacing any previous report there (see the type's doc).
  public func commit(to directory: String) throws(ReportError) {
    let fm = FileManager.default
    let destination = URL(fileURLWithPath: directory).standardizedFileURL
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    let temporary = parent.appendingPathComponent(".\(name).tmp-\(unique)")
    let previous = parent.appendingPathComponent(".\(name).old-\(unique)")
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
    } catch {
      throw .unwritableOutput(path: directory, reason: Self.reason(error))
    }
    do {
      for path in files.keys.sorted() {
        let url = temporary.appendingPathComponent(path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(files[path] ?? []).write(to: url)
      }
      var isDirectory: ObjCBool = false
      let exists = fm.fileExists(atPath: destination.path, isDirectory: &isDirectory)
      if exists && !isDirectory.boolValue {
        throw ReportError.unwritableOutput(path: directory, reason: "a file (not a folder) is in the way")
      }
      if exists { try fm.moveItem(at: destination, to: previous) }
      do {
        try fm.moveItem(at: temporary, to: destination)
      } catch {
        if exists { try? fm.moveItem(at: previous, to: destination) }
        throw error
      }
      if exists { try? fm.removeItem(at: previous) }
    } catch let error as ReportError {
      try? fm.removeItem(at: temporary)
      throw error
    } catch {
      try? fm.removeItem(at: temporary)
      throw .unwritableOutput(path: directory, reason: Self.reason(error))
    }
  }

  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      let posix = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
      return String(cString: strerror(posix.rawValue))
    }
    return ns.localizedDescription
  }
}
