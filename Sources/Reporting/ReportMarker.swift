/// The file `.checkerscope-report` that marks a folder as a report written by this tool and lists
/// the files that report wrote.
///
/// A later `report` replaces the folder only while it holds nothing but these files (and the
/// marker); with `--force` it writes beside other files and removes only listed ones. The text is
/// two comment lines then one relative path per line, sorted, so it is deterministic.
public struct ReportMarker: Sendable, Equatable {
  /// The marker's file name inside a report folder.
  public static let fileName = ".checkerscope-report"

  /// The largest marker read; a longer file is not a marker this tool wrote.
  static let maximumBytes = 1 << 20

  /// The files of the report, relative with `/`, sorted.
  public var files: [String]

  public init(files: some Sequence<String>) {
    self.files = Set(files).sorted()
  }

  /// The marker's text.
  public var text: String {
    let header = [
      "# Written by checkerscope report: the files of this report, one per line. The next report",
      "# removes or replaces only the files listed here; other files in this folder are never removed.",
    ]
    return (header + files).joined(separator: "\n") + "\n"
  }

  /// Reads a marker's text; lines that are comments, empty, absolute or hold `..` are ignored
  /// (so a damaged marker never names a file outside its folder). Nil when `bytes` is too long or
  /// not UTF-8.
  public init?(bytes: [UInt8]) {
    guard bytes.count <= Self.maximumBytes, let text = String(validating: bytes, as: UTF8.self) else {
      return nil
    }
    let lines = text.split(separator: "\n").map(String.init)
    self.init(files: lines.filter(Self.isSafeRelativePath))
  }

  /// True for a relative path without empty, `.` or `..` components that is not a comment.
  static func isSafeRelativePath(_ line: String) -> Bool {
    guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("/") else { return false }
    return line.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0")
    }
  }

  /// Every folder that holds a listed file, relative (`images`, `data/x`), deepest first.
  var folders: [String] {
    var result = Set<String>()
    for file in files {
      var parts = file.split(separator: "/").dropLast()
      while !parts.isEmpty {
        result.insert(parts.joined(separator: "/"))
        parts = parts.dropLast()
      }
    }
    return result.sorted { ($0.split(separator: "/").count, $1) > ($1.split(separator: "/").count, $0) }
  }
}
