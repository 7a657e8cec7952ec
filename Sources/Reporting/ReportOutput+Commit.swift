import FileOutput
import Foundation

extension ReportOutput {
  /// Writes the report to the folder `directory`, with its marker `.checkerscope-report` listing
  /// the files, without ever removing a file this tool did not write.
  ///
  /// - A missing or empty folder, or a report folder holding only the files its marker lists: the
  ///   report is written into a fresh folder beside it (`.NAME.tmp-<pid>-<n>`, marker first), which
  ///   then takes the destination's place in one step (`DirectoryExchange`); the previous report's
  ///   listed files are removed afterwards. Readers see the old report or the new one, never a mix.
  /// - Any other non-empty folder is refused (`ReportError.notAReport`, or `.foreignFiles` for a
  ///   report with extra files), unless `force` is set: then each file is written in place
  ///   atomically, files of the previous report that the new one lacks are removed, and every
  ///   other file is kept; a foreign file where the report writes one of its own is refused
  ///   (`.inTheWay`) before anything is written.
  ///
  /// Runs on the same destination wait for each other (a lock on the parent folder), so each sees
  /// one complete report. Leftover temporary folders of killed runs are removed first.
  public func commit(to directory: String, force: Bool = false) throws(ReportError) {
    let destination = URL(fileURLWithPath: directory).standardizedFileURL.path
    guard let slash = destination.lastIndex(of: "/"), destination != "/" else {
      throw .unwritableOutput(path: directory, reason: "give a folder below the root")
    }
    let parent = slash == destination.startIndex ? "/" : String(destination[..<slash])
    let name = String(destination[destination.index(after: slash)...])
    do {
      try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
      throw .unwritableOutput(path: directory, reason: Self.reason(error))
    }
    let place = Place(directory: directory, destination: destination, parent: parent, name: name)
    try DirectoryLock.withExclusiveLock(on: parent) { () throws(ReportError) in
      ReportFolder.removeLeftovers(in: parent, name: TemporaryName.stem(name))
      try commitLocked(place, force: force)
    }
  }

  /// The checks of `commit(to:force:)` that need no report, for a command to make before it
  /// computes one: a file in the way, or (without `force`) a non-empty folder that is not a report
  /// holding only its own files, is refused. Writes nothing.
  public static func checkDestination(_ directory: String, force: Bool) throws(ReportError) {
    let destination = URL(fileURLWithPath: directory).standardizedFileURL.path
    switch ReportFolder.kind(destination) {
    case .none: return
    case .file:
      throw .unwritableOutput(path: directory, reason: "a file (not a folder) is in the way")
    case .other:
      throw .unwritableOutput(
        path: directory, reason: "a link or special file is in the way; give a real folder")
    case .directory:
      guard !force else { return }
      let previous = ReportFolder.marker(in: destination)
      let unknown = ReportFolder.unknownEntries(in: destination, marker: previous)
      guard !unknown.isEmpty else { return }
      if previous == nil { throw .notAReport(path: directory, example: unknown[0]) }
      throw .foreignFiles(path: directory, examples: unknown)
    }
  }

  /// Where a report goes: the path as given (for messages), the absolute destination and its parts.
  struct Place {
    var directory: String
    var destination: String
    var parent: String
    var name: String

    /// `.NAME.<kind>-<pid>-<n>` beside the destination.
    func sibling(_ kind: String) -> String {
      (parent == "/" ? "/" : parent + "/") + "." + TemporaryName.stem(name) + "." + kind + "-"
        + TemporaryName.token()
    }
  }

  func commitLocked(_ place: Place, force: Bool) throws(ReportError) {
    let marker = ReportMarker(files: files.keys)
    switch ReportFolder.kind(place.destination) {
    case .none:
      let temporary = try writeTemporary(place, marker: marker)
      do {
        try DirectoryExchange.create(new: temporary, destination: place.destination)
      } catch {
        ReportFolder.removeListed(in: temporary, marker: marker)
        throw .unwritableOutput(path: place.directory, reason: error.reason)
      }
    case .file, .other:
      try Self.checkDestination(place.directory, force: force)
    case .directory:
      let previous = ReportFolder.marker(in: place.destination)
      let unknown = ReportFolder.unknownEntries(in: place.destination, marker: previous)
      if unknown.isEmpty {
        try replace(place, marker: marker, previous: previous)
      } else if !force {
        if previous == nil { throw .notAReport(path: place.directory, example: unknown[0]) }
        throw .foreignFiles(path: place.directory, examples: unknown)
      } else {
        try writeInPlace(place, marker: marker, previous: previous)
      }
    }
  }

  /// The report in a new temporary folder beside the destination, marker first (so a killed
  /// run's leftover can be cleaned by its marker).
  func writeTemporary(_ place: Place, marker: ReportMarker) throws(ReportError) -> String {
    let temporary = place.sibling("tmp")
    do {
      try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
    } catch {
      throw .unwritableOutput(path: place.directory, reason: Self.reason(error))
    }
    do {
      try AtomicFile.create(Array(marker.text.utf8), at: temporary + "/" + ReportMarker.fileName)
      for path in marker.files {
        let url = URL(fileURLWithPath: temporary + "/" + path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.create(files[path] ?? [], at: url.path)
      }
    } catch let error as FileOutputError {
      ReportFolder.removeListed(in: temporary, marker: marker)
      throw .unwritableOutput(path: place.directory, reason: error.reason)
    } catch {
      ReportFolder.removeListed(in: temporary, marker: marker)
      throw .unwritableOutput(path: place.directory, reason: Self.reason(error))
    }
    return temporary
  }

  /// Swaps a new folder for an existing report (or empty folder), then removes the old files.
  func replace(_ place: Place, marker: ReportMarker, previous: ReportMarker?) throws(ReportError) {
    let temporary = try writeTemporary(place, marker: marker)
    let old: String
    do {
      old = try DirectoryExchange.exchange(
        new: temporary, destination: place.destination, aside: place.sibling("old"))
    } catch {
      ReportFolder.removeListed(in: temporary, marker: marker)
      throw .unwritableOutput(path: place.directory, reason: error.reason)
    }
    ReportFolder.removeListed(in: old, marker: previous ?? ReportMarker(files: []))
  }

  /// `--force` into a folder with other files: each report file replaced atomically in place.
  func writeInPlace(_ place: Place, marker: ReportMarker, previous: ReportMarker?) throws(ReportError) {
    let root = place.destination
    let owned = Set(previous?.files ?? [])
    for path in marker.files + [ReportMarker.fileName] {
      let parts = path.split(separator: "/").map(String.init)
      for depth in 1..<parts.count {
        let folder = parts[..<depth].joined(separator: "/")
        let kind = ReportFolder.kind(root + "/" + folder)
        if kind != .none && kind != .directory { throw .inTheWay(path: place.directory, file: folder) }
      }
      let kind = ReportFolder.kind(root + "/" + path)
      let ours = owned.contains(path) || path == ReportMarker.fileName
      if kind == .directory || kind == .other || (kind == .file && !ours) {
        throw .inTheWay(path: place.directory, file: path)
      }
    }
    do {
      // The marker first lists old and new files, so a run killed halfway still owns both.
      let both = ReportMarker(files: owned.union(marker.files))
      try AtomicFile.write(Array(both.text.utf8), to: root + "/" + ReportMarker.fileName)
      for path in marker.files {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(files[path] ?? [], to: url.path)
      }
      let stale = ReportMarker(files: owned.subtracting(marker.files))
      for path in stale.files where ReportFolder.kind(root + "/" + path) == .file {
        unlink(root + "/" + path)
      }
      for folder in stale.folders { rmdir(root + "/" + folder) }
      try AtomicFile.write(Array(marker.text.utf8), to: root + "/" + ReportMarker.fileName)
    } catch let error as FileOutputError {
      throw .unwritableOutput(path: place.directory, reason: error.reason)
    } catch {
      throw .unwritableOutput(path: place.directory, reason: Self.reason(error))
    }
  }

  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
      return FileOutputError.reason(errno: Int32(truncatingIfNeeded: underlying.code))
    }
    return ns.localizedDescription
  }
}
