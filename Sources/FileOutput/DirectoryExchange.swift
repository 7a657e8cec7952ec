import CFileOutput

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replacing a whole folder in one step.
public enum DirectoryExchange {
  /// Puts the folder `new` at `destination` and the previous `destination` at `new`.
  ///
  /// On Linux this is one `renameat2(RENAME_EXCHANGE)`, on macOS one `renamex_np(RENAME_SWAP)`:
  /// readers see the old folder or the new one, never nothing. Where the kernel or file system
  /// cannot exchange, it falls back to two renames
  /// (`destination` → `aside`, `new` → `destination`), with the destination briefly absent; a
  /// failed second rename moves the old folder back. Either way the old folder ends up at the
  /// returned path, for the caller to remove.
  /// - Returns: where the previous folder now is (`new` or `aside`).
  public static func exchange(new: String, destination: String, aside: String) throws(FileOutputError)
    -> String
  {
    let code = cfo_rename_exchange(new, destination)
    if code == 0 { return new }
    guard code == ENOSYS || code == EINVAL || code == EOPNOTSUPP || code == ENOTSUP else {
      throw .system(path: destination, errno: code)
    }
    return try exchangeByRenames(new: new, destination: destination, aside: aside)
  }

  /// The fallback of `exchange`: `destination` → `aside`, then `new` → `destination` (moving the
  /// old folder back when the second rename fails). Returns `aside`.
  static func exchangeByRenames(new: String, destination: String, aside: String) throws(FileOutputError)
    -> String
  {
    try SystemFile.move(destination, aside)
    do {
      try SystemFile.move(new, destination)
    } catch {
      _ = rename(aside, destination)
      throw error
    }
    return aside
  }

  /// Renames `new` to `destination` when nothing is there (never replacing anything).
  public static func create(new: String, destination: String) throws(FileOutputError) {
    let code = cfo_rename_noreplace(new, destination)
    if code == 0 { return }
    guard code == ENOSYS || code == EINVAL || code == EOPNOTSUPP || code == ENOTSUP else {
      throw .system(path: destination, errno: code)
    }
    // Without RENAME_NOREPLACE: rename(2) onto an existing folder fails unless it is empty, and
    // the caller holds the folder lock, so only an empty folder can appear here.
    try SystemFile.move(new, destination)
  }
}
