import FileOutput
import Foundation

/// What is in a report folder, and removing only what a report wrote.
enum ReportFolder {
  /// What is at a path, without following a final symbolic link.
  enum Kind: Equatable {
    case none, file, directory, other
  }

  static func kind(_ path: String) -> Kind {
    guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    else { return .none }
    switch type {
    case .typeRegular: return .file
    case .typeDirectory: return .directory
    default: return .other
    }
  }

  /// The marker of the report folder `dir`, or nil when it has none (or an unreadable one).
  static func marker(in dir: String) -> ReportMarker? {
    let path = dir + "/" + ReportMarker.fileName
    guard kind(path) == .file,
      let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int,
      size <= ReportMarker.maximumBytes, let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return ReportMarker(bytes: [UInt8](data))
  }

  /// Up to `limit` entries of `dir` (relative; folders end in `/`) that `marker` does not list:
  /// files it does not name, folders that hold no listed file, links and other special files.
  /// The walk stops once `limit` entries are found, so a large folder costs little.
  static func unknownEntries(in dir: String, marker: ReportMarker?, limit: Int = 3) -> [String] {
    let listed = Set(marker?.files ?? [])
    let folders = Set(marker?.folders ?? [])
    var found: [String] = []
    func walk(_ relative: String) {
      let path = relative.isEmpty ? dir : dir + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
      for name in names.sorted() {
        guard found.count < limit else { return }
        let entry = relative.isEmpty ? name : relative + "/" + name
        if relative.isEmpty, name == ReportMarker.fileName, marker != nil { continue }
        switch kind(dir + "/" + entry) {
        case .directory:
          if folders.contains(entry) { walk(entry) } else { found.append(entry + "/") }
        case .file:
          if !listed.contains(entry) { found.append(entry) }
        case .none, .other:
          found.append(entry)
        }
      }
    }
    walk("")
    return found
  }

  /// Removes the files `marker` lists, the marker, then the folders that held them and `dir`
  /// itself when they are empty. Anything else stays where it is.
  static func removeListed(in dir: String, marker: ReportMarker) {
    for file in marker.files {
      let path = dir + "/" + file
      if kind(path) == .file { unlink(path) }
    }
    unlink(dir + "/" + ReportMarker.fileName)
    for folder in marker.folders { rmdir(dir + "/" + folder) }
    rmdir(dir)
  }

  /// Removes the temporary and set-aside folders (`.NAME.tmp-<pid>-<n>`, `.NAME.old-<pid>-<n>`)
  /// that killed runs left beside the report `name` in `parent`. A folder with a marker loses only
  /// its listed files; one without a marker (a run killed before writing it, or an older version
  /// of the tool) is removed whole. Folders of runs still going are left alone.
  static func removeLeftovers(in parent: String, name: String) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for entry in entries {
      for infix in [".tmp-", ".old-"] {
        let prefix = "." + name + infix
        guard entry.hasPrefix(prefix) else { continue }
        let path = parent + "/" + entry
        guard kind(path) == .directory,
          TemporaryName.isStale(path, token: entry.dropFirst(prefix.count), age: AtomicFile.staleAge)
        else { continue }
        if let marker = marker(in: path) {
          removeListed(in: path, marker: marker)
        } else {
          try? FileManager.default.removeItem(atPath: path)
        }
      }
    }
  }
}
