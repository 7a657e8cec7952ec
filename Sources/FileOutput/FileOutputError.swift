#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an output file or folder could not be written.
///
/// Every case names the path; `description` says what went wrong and what to do, with the
/// operating system's error number turned into plain words (see `reason(errno:)`).
public enum FileOutputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A system call on `path` failed with `errno`.
  case system(path: String, errno: Int32)
  /// The path cannot be used as an output, for the reason given (a folder, a missing folder, …).
  case unusable(path: String, reason: String)

  /// The path the error concerns.
  public var path: String {
    switch self {
    case .system(let path, _), .unusable(let path, _): return path
    }
  }

  /// The reason alone, without the path: what happened and how to fix it.
  public var reason: String {
    switch self {
    case .system(_, let code): return Self.reason(errno: code)
    case .unusable(_, let reason): return reason
    }
  }

  public var description: String { "\(path): cannot be written: \(reason)" }

  /// Plain words for the errors a file write meets, each with the fix; other numbers give the
  /// C library's `strerror` text.
  public static func reason(errno code: Int32) -> String {
    switch code {
    case ENOSPC: return "no space left on device; free some space or write to another disk"
    case EDQUOT: return "disk quota exceeded; free some space or write to another disk"
    case EACCES, EPERM: return "permission denied; check the permissions of the file and its folder"
    case ENOENT: return "the folder does not exist; create it first or check the path"
    case ENOTDIR: return "a part of the path is a file, not a folder; check the path"
    case EISDIR: return "is a folder, not a file; give a file name"
    case EROFS: return "the file system is read-only; write somewhere else"
    case ENAMETOOLONG: return "the name is too long; choose a shorter one"
    case EFBIG: return "the file is too large for this file system"
    case EMFILE, ENFILE: return "too many open files; close some programs and retry"
    case EIO: return "input/output error on the device; check the disk"
    case EXDEV: return "the temporary file and the destination are on different file systems"
    case ELOOP: return "too many symbolic links in the path"
    case EBUSY: return "the file or folder is busy (in use or a mount point)"
    case ENOTEMPTY, EEXIST: return "something else appeared at this path at the same time; retry"
    default:
      guard let text = strerror(code) else { return "system error \(code)" }
      return String(cString: text).lowercased()
    }
  }
}
