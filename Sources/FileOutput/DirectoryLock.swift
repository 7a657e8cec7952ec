#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory lock (`flock`) on a folder, so runs that replace the same output one after another
/// never interleave.
///
/// The lock is taken on the folder itself (opened read-only), so it leaves no lock file behind.
/// Where the file system cannot lock, the body runs without the lock.
public enum DirectoryLock {
  /// Runs `body` while holding the exclusive lock of `folder`, waiting for other holders first.
  public static func withExclusiveLock<R, E: Error>(on folder: String, _ body: () throws(E) -> R) throws(E)
    -> R
  {
    let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    var locked = false
    while fd >= 0 {
      if flock(fd, LOCK_EX) == 0 {
        locked = true
        break
      }
      if errno != EINTR { break }
    }
    defer {
      if fd >= 0 {
        if locked { flock(fd, LOCK_UN) }
        close(fd)
      }
    }
    return try body()
  }
}
