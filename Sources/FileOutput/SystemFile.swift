import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin wrappers over the system calls the writers need, each returning or throwing `errno`.
enum SystemFile {
  /// What is at a path, without following a final symbolic link.
  enum Kind: Equatable {
    case none, file, directory, symbolicLink, other
  }

  /// The kind of `path` (`.none` when nothing is there or it cannot be examined).
  static func kind(_ path: String) -> Kind {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .none }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symbolicLink
    default: return .other
    }
  }

  /// The permission bits of the regular file at `path` (following links), or nil when there is none.
  static func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return info.st_mode & 0o7777
  }

  /// Seconds since `path` was last modified, or nil when it cannot be examined.
  static func age(_ path: String) -> Double? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    // The modification time is `st_mtim` in glibc's `stat` and `st_mtimespec` in Darwin's.
    #if canImport(Darwin)
      let time = info.st_mtimespec
    #else
      let time = info.st_mtim
    #endif
    let modified = Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    return Date().timeIntervalSince1970 - modified
  }

  /// True while process `pid` exists (also when it belongs to another user).
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  /// Creates `path` as a new file (never opening an existing one), writes every byte, flushes it
  /// to the device and closes it; on failure the new file is removed. `mode` (the permissions of
  /// a file being replaced) is applied when given; else the new file gets 0666 less the umask.
  static func createFile(_ path: String, bytes: [UInt8], mode: mode_t? = nil) throws(FileOutputError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw .system(path: path, errno: errno) }
    if let mode { _ = fchmod(fd, mode) }
    var failure = writeAll(bytes, to: fd)
    if failure == 0, fsync(fd) != 0 { failure = errno }
    if close(fd) != 0, failure == 0, errno != EINTR { failure = errno }
    if failure != 0 {
      unlink(path)
      throw .system(path: path, errno: failure)
    }
  }

  /// Writes every byte to `fd`, retrying after signals and short writes; returns 0 or the
  /// `errno` of the failed write (ENOSPC when the disk is full).
  static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
    bytes.withUnsafeBytes { buffer -> Int32 in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return 0
    }
  }

  /// Flushes a folder's entries (new names, renames) to the device; errors are ignored, since
  /// some file systems cannot sync folders.
  static func syncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }

  /// Renames `from` to `to`, replacing a file at `to`.
  static func move(_ from: String, _ to: String) throws(FileOutputError) {
    guard rename(from, to) == 0 else { throw .system(path: to, errno: errno) }
  }

  /// The folder and the last component of `path`: `("dir", "name")`, `(".", "name")` for a bare
  /// name, `("/", "name")` at the root.
  static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
  }

}

/// Unbuffered, checked writes to an open file descriptor (standard output and error).
public enum Descriptor {
  /// Writes every byte to `fd`; returns 0 or the `errno` of the failed write (ENOSPC, EPIPE, …).
  public static func write(_ bytes: [UInt8], to fd: Int32) -> Int32 {
    SystemFile.writeAll(bytes, to: fd)
  }
}
