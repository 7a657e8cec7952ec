import Foundation

/// Text goldens under `Fixtures/golden/`, with a record mode.
///
/// With `RECORD_GOLDENS=1` in the environment, `mismatch` writes the actual text as the new
/// golden and still reports a failure, so a recording run never passes silently.
public enum Golden {
  /// True when the environment asks to rewrite goldens.
  public static var isRecording: Bool {
    ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"
  }

  /// Compares `actual` with the golden file at `Fixtures/golden/<name>`; nil when equal,
  /// otherwise a message describing the difference (or the recording).
  public static func mismatch(_ actual: String, name: String) -> String? {
    let url = FixturePaths.url("golden/\(name)")
    if isRecording {
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return "recorded golden \(name); run again without RECORD_GOLDENS=1"
      } catch {
        return "could not record golden \(name): \(error)"
      }
    }
    guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8)
    else {
      return "golden \(name) is missing; record it with RECORD_GOLDENS=1 swift test"
    }
    if expected == actual { return nil }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, e.count) {
      let al = i < a.count ? String(a[i]) : "<end>"
      let el = i < e.count ? String(e[i]) : "<end>"
      if al != el { return "golden \(name) differs at line \(i + 1):\n  expected: \(el)\n  actual:   \(al)" }
    }
    return "golden \(name) differs"
  }
}
