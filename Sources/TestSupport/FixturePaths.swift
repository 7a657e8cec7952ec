import Foundation

/// Locations of the repository's checked-in fixtures and of the built tool, for tests.
///
/// Everything is found from this file's own path (`#filePath`), so tests work from any
/// working directory and on a fresh clone.
public enum FixturePaths {
  /// The repository root (the folder holding `Package.swift`).
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()  // repository root

  /// The top-level `Fixtures/` folder.
  public static let fixtures: URL = repositoryRoot.appendingPathComponent("Fixtures")

  /// A file or folder below `Fixtures/`, e.g. `url("pngsuite/basn0g01.png")`.
  public static func url(_ relativePath: String) -> URL {
    fixtures.appendingPathComponent(relativePath)
  }

  /// A fresh, empty temporary folder unique to the caller; the caller may delete it.
  public static func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("checkerscope-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
