import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that the destination only ever holds the previous file or the whole new one.
///
/// The bytes go to a temporary file beside the destination, named
/// `.<name>.checkerscope-tmp-<pid>-<8 hex digits>`, which is flushed to the device (`fsync`) and
/// then renamed over the destination (keeping the permissions of a file it replaces). A failure
/// removes the temporary. Temporaries of this
/// pattern left by killed runs (their process is gone, or they are older than `staleAge`) are
/// removed the next time a file of the same name is written.
public enum AtomicFile {
  /// What every temporary file name holds after `.<name>`.
  public static let temporaryInfix = ".checkerscope-tmp-"

  /// Temporaries older than this many seconds are stale even when their process id is in use.
  public static let staleAge: Double = 3600

  /// Writes `bytes` to `path` (see the type's doc).
  public static func write(_ bytes: [UInt8], to path: String) throws(FileOutputError) {
    try stage(bytes, for: path).commit()
  }

  /// Writes several files all or nothing: every file is first written to its temporary, and only
  /// when all of them succeeded are they renamed into place. A failure while writing removes
  /// every temporary, so no destination changes.
  public static func writeAll(_ files: [(path: String, bytes: [UInt8])]) throws(FileOutputError) {
    var staged: [StagedFile] = []
    for file in files {
      do {
        staged.append(try stage(file.bytes, for: file.path))
      } catch {
        for done in staged { done.discard() }
        throw error
      }
    }
    for (index, file) in staged.enumerated() {
      do {
        try file.commit()
      } catch {
        for rest in staged[(index + 1)...] { rest.discard() }
        throw error
      }
    }
  }

  /// Writes `bytes` to a fresh temporary beside `path` and returns it, ready to be renamed into
  /// place with `commit()` or removed with `discard()`. Stale temporaries of `path` are removed
  /// first. The destination is checked with `OutputPath.check` before anything is written.
  public static func stage(_ bytes: [UInt8], for path: String) throws(FileOutputError) -> StagedFile {
    try OutputPath.check(path)
    let (folder, name) = SystemFile.split(path)
    removeStaleTemporaries(in: folder, name: name)
    let prefix = temporaryPrefix(name)
    let mode = SystemFile.permissions(path)
    var attempts = 0
    while true {
      let temporary = (folder == "/" ? "/" : folder + "/") + prefix + TemporaryName.token()
      do {
        try SystemFile.createFile(temporary, bytes: bytes, mode: mode)
        return StagedFile(destination: path, temporary: temporary)
      } catch {
        guard case .system(_, let code) = error else { throw error }
        attempts += 1
        if code == EEXIST, attempts < 8 { continue }
        throw .system(path: path, errno: code)
      }
    }
  }

  /// Creates `path` as a new file holding `bytes`, flushed to the device; fails when something is
  /// already there. For files inside a folder that is itself still temporary.
  public static func create(_ bytes: [UInt8], at path: String) throws(FileOutputError) {
    try SystemFile.createFile(path, bytes: bytes)
  }

  /// `.<name>.checkerscope-tmp-` with long names shortened.
  static func temporaryPrefix(_ name: String) -> String {
    "." + TemporaryName.stem(name) + temporaryInfix
  }

  /// Removes this tool's temporaries of `name` in `folder` whose process is gone or that are
  /// older than `staleAge`; anything else (other names, folders, links) is left alone.
  public static func removeStaleTemporaries(in folder: String, name: String) {
    let prefix = temporaryPrefix(name)
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for entry in entries where entry.hasPrefix(prefix) {
      let path = (folder == "/" ? "/" : folder + "/") + entry
      guard SystemFile.kind(path) == .file,
        TemporaryName.isStale(path, token: entry.dropFirst(prefix.count), age: staleAge)
      else { continue }
      unlink(path)
    }
  }
}

/// A complete temporary file waiting to be renamed over its destination.
public struct StagedFile: Sendable, Equatable {
  /// The file this temporary will become.
  public let destination: String
  /// The temporary's path, beside the destination.
  public let temporary: String

  /// Renames the temporary over the destination (one atomic step); on failure the temporary is
  /// removed and the destination is unchanged.
  public func commit() throws(FileOutputError) {
    do {
      try SystemFile.move(temporary, destination)
    } catch {
      discard()
      throw error
    }
    SystemFile.syncDirectory(SystemFile.split(destination).folder)
  }

  /// Removes the temporary; the destination is unchanged.
  public func discard() {
    unlink(temporary)
  }
}
