#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks made on an output path before any work, so a command that cannot write its result
/// fails at once and writes nothing.
public enum OutputPath {
  /// Throws unless a file can be written at `path`: the name is not empty, its folder exists, is
  /// a folder and is writable, and `path` itself is not a folder.
  public static func check(_ path: String) throws(FileOutputError) {
    let (folder, name) = SystemFile.split(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw .unusable(path: path, reason: "is a folder name; give a file name")
    }
    var folderInfo = stat()
    guard stat(folder, &folderInfo) == 0 else {
      let code = errno
      if code == ENOENT {
        throw .unusable(path: path, reason: "the folder '\(folder)' does not exist; create it first")
      }
      throw .system(path: path, errno: code)
    }
    guard folderInfo.st_mode & S_IFMT == S_IFDIR else {
      throw .unusable(path: path, reason: "'\(folder)' is a file, not a folder; check the path")
    }
    guard access(folder, W_OK | X_OK) == 0 else {
      let code = errno
      if code == EACCES || code == EPERM {
        throw .unusable(
          path: path, reason: "the folder '\(folder)' is not writable; check its permissions")
      }
      throw .system(path: path, errno: code)
    }
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
      throw .unusable(path: path, reason: "is a folder, not a file; give a file name")
    }
  }

  /// The lower-cased extension of `path` (`"png"` for `a/B.PNG`), or `""` when it has none.
  public static func fileExtension(_ path: String) -> String {
    let name = SystemFile.split(path).name
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...]).lowercased()
  }
}
