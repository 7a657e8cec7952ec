import Foundation
import TestSupport
import Testing

/// Static checks that the Swift code builds on macOS and Linux arm64 as well as Linux x86-64,
/// which CI here cannot compile (Docs/PLATFORMS.md): Linux-only names only under a platform
/// guard, and a macOS floor in `Package.swift` that covers the APIs the code uses.
@Suite struct PortabilityTests {
  /// A Swift file's lines, with the repository-relative path.
  struct SourceFile {
    var path: String
    var text: String
    var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }
  }

  /// Every `.swift` file under `folders` (relative to the repository root), except generated code.
  static func swiftFiles(in folders: [String]) throws -> [SourceFile] {
    let root = FixturePaths.repositoryRoot
    var files: [SourceFile] = []
    for folder in folders {
      let base = root.appendingPathComponent(folder)
      let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
      for case let url as URL in enumerator where url.pathExtension == "swift" {
        let path = folder + "/" + url.path.dropFirst(base.path.count + 1)
        if path.contains("/Generated/") { continue }
        let text = try String(contentsOf: url, encoding: .utf8)
        files.append(SourceFile(path: path, text: text))
      }
    }
    return files.sorted { $0.path < $1.path }
  }

  /// For each line, whether it is compiled only on Linux: inside an `#if` whose condition names
  /// Linux (`os(Linux)`, `canImport(Glibc)`), or in the `#else` of one that names Darwin
  /// (`canImport(Darwin)`, `os(macOS)`).
  static func linuxOnly(_ lines: [Substring]) -> [Bool] {
    var frames: [(linux: Bool, darwin: Bool, inElse: Bool)] = []
    var result: [Bool] = []
    for raw in lines {
      let line = raw.trimmingCharacters(in: .whitespaces)
      let mentions = (
        linux: line.contains("os(Linux)") || line.contains("canImport(Glibc)"),
        darwin: line.contains("canImport(Darwin)") || line.contains("os(macOS)")
      )
      if line.hasPrefix("#if ") {
        frames.append((mentions.linux, mentions.darwin, false))
      } else if line.hasPrefix("#elseif "), !frames.isEmpty {
        // A later branch of `#if canImport(Glibc) … #elseif canImport(Darwin)` is not Linux.
        frames[frames.count - 1] = (mentions.linux, mentions.darwin, false)
      } else if line.hasPrefix("#else"), let last = frames.last {
        frames[frames.count - 1] = (false, last.darwin, true)
      } else if line.hasPrefix("#endif") {
        _ = frames.popLast()
      }
      result.append(frames.contains { ($0.linux && !$0.inElse) || ($0.darwin && $0.inElse) })
    }
    return result
  }

  /// Names that exist only in glibc or the Linux kernel; Darwin spells them differently or lacks
  /// them (`st_mtim` is `st_mtimespec` there, `renameat2` is `renamex_np`).
  static let linuxNames = [
    "st_mtim", "st_atim", "st_ctim", "MADV_HUGEPAGE", "O_TMPFILE", "O_PATH", "mallinfo", "malloc_trim",
    "renameat2", "SYS_", "Glibc.", "/proc/", "sysinfo(", "_SC_PHYS_PAGES", "_SC_NPROCESSORS", "epoll_",
    "statfs(", "get_nprocs",
  ]

  /// Whether `name` occurs in `code`; a name ending in a letter or digit only as a whole name,
  /// not followed by a letter, digit or `_` (`st_mtim` is not found in `st_mtimespec`; `SYS_` is
  /// a prefix and found in `SYS_renameat2`).
  static func contains(_ code: Substring, _ name: String) -> Bool {
    guard let last = name.last, last.isLetter || last.isNumber else { return code.contains(name) }
    var rest = code[...]
    while let range = rest.range(of: name) {
      guard range.upperBound < rest.endIndex else { return true }
      let next = rest[range.upperBound]
      if !(next.isLetter || next.isNumber || next == "_") { return true }
      rest = rest[range.upperBound...]
    }
    return false
  }

  @Test func linuxOnlyNamesAreGuarded() throws {
    var unguarded: [String] = []
    for file in try Self.swiftFiles(in: ["Sources"]) {
      // Most files name none of them: look line by line only for the names the file holds.
      let names = Self.linuxNames.filter { file.text.contains($0) }
      if names.isEmpty { continue }
      let lines = file.lines
      let guarded = Self.linuxOnly(lines)
      for (index, line) in lines.enumerated() where !guarded[index] {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        for name in names where Self.contains(code, name) {
          unguarded.append("\(file.path):\(index + 1): \(name)")
        }
      }
    }
    #expect(unguarded.isEmpty, "Linux-only names outside `#if os(Linux)` / `canImport(Glibc)`: \(unguarded)")
  }

  @Test func glibcIsImportedOnlyWhereItExists() throws {
    var unguarded: [String] = []
    for file in try Self.swiftFiles(in: ["Sources", "Tests"]) where file.text.contains("import Glibc") {
      let lines = file.lines
      let guarded = Self.linuxOnly(lines)
      for (index, line) in lines.enumerated()
      where line.trimmingCharacters(in: .whitespaces) == "import Glibc" && !guarded[index] {
        unguarded.append("\(file.path):\(index + 1)")
      }
    }
    #expect(unguarded.isEmpty, "`import Glibc` outside `#if canImport(Glibc)`: \(unguarded)")
  }

  /// The guard tracker and the name matcher themselves, on the shapes the sources use.
  @Test func theGuardTrackerFollowsBranches() {
    #expect(Self.contains("info.st_mtim.tv_sec", "st_mtim"))
    #expect(!Self.contains("info.st_mtimespec", "st_mtim"))
    #expect(Self.contains("SYS_renameat2", "SYS_"))
    let lines: [Substring] = [
      "#if canImport(Glibc)", "a", "#elseif canImport(Darwin)", "b", "#endif",
      "#if canImport(Darwin)", "c", "#else", "d", "#endif", "e",
    ]
    #expect(
      Self.linuxOnly(lines) == [true, true, false, false, false, false, false, true, true, false, false])
  }

  /// APIs whose first macOS is later than 13, and that version.
  static let macOSFloors: [(pattern: String, version: Int)] = [
    ("import Synchronization", 15), ("Mutex<", 15), ("Mutex(", 15), ("Atomic<", 15),
    ("InlineArray<", 26), ("Span<", 26), ("RawSpan", 26),
  ]

  @Test func theMacOSFloorCoversTheAPIsUsed() throws {
    let manifest = try String(
      contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let declared = try #require(
      manifest.firstRange(of: ".macOS(.v").map { range in
        Int(manifest[range.upperBound...].prefix { $0.isNumber }) ?? 0
      }, "Package.swift declares no macOS platform")
    var needs: [String] = []
    let floors = Self.macOSFloors.filter { $0.version > declared }
    for file in try Self.swiftFiles(in: ["Sources", "Tests"])
    where !file.path.hasSuffix("/PortabilityTests.swift") {
      let present = floors.filter { file.text.contains($0.pattern) }
      if present.isEmpty { continue }
      for (index, line) in file.lines.enumerated() {
        for (pattern, version) in present where line.contains(pattern) {
          needs.append("\(file.path):\(index + 1): \(pattern) needs macOS \(version)")
        }
      }
    }
    #expect(needs.isEmpty, "Package.swift declares .macOS(.v\(declared)): \(needs)")
  }
}
