import Foundation

/// Reading whole files and byte ranges with their size checked first.
enum FileBytes {
  /// The size of the regular file at `path`.
  static func size(path: String) throws(ModelIOError) -> Int {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      if !FileManager.default.fileExists(atPath: path) {
        throw .io(path: path, reason: "no such file; check the path")
      }
      throw .io(path: path, reason: "cannot open the file (\(reason(path))); check the path")
    }
    if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
      throw .io(path: path, reason: "is a folder, not a file")
    }
    guard let size = attributes[.size] as? NSNumber else {
      throw .io(path: path, reason: "cannot tell the file's size")
    }
    return size.intValue
  }

  /// The whole file, memory-mapped where the platform allows; refused when larger than `limit`.
  static func read(path: String, limit: Int) throws(ModelIOError) -> Data {
    let fileSize = try size(path: path)
    guard fileSize <= limit else {
      throw .tooLarge(path: path, what: "the file's \(fileSize) bytes", limit: limit)
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .io(path: path, reason: "cannot read the file (\(reason(path)))")
    }
  }

  /// `count` bytes at `offset` of the file at `path`, after checking the range lies inside the file:
  /// a slice of the file memory-mapped where the platform allows, so decoding reads the bytes in
  /// place instead of from a copy.
  static func read(path: String, offset: Int, count: Int) throws(ModelIOError) -> Data {
    let fileSize = try size(path: path)
    guard offset >= 0, count >= 0, offset <= fileSize, count <= fileSize - offset else {
      throw .io(
        path: path,
        reason: "the range of \(count) bytes at offset \(offset) lies outside the file's \(fileSize) bytes")
    }
    guard count > 0 else { return Data() }
    let whole: Data
    do {
      whole = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .io(path: path, reason: "cannot read the file (\(reason(path)))")
    }
    // The file may have shrunk since its size was read.
    guard whole.count >= offset + count else {
      throw .io(path: path, reason: "the file ended after \(max(0, whole.count - offset)) of \(count) bytes")
    }
    return whole[(whole.startIndex + offset)..<(whole.startIndex + offset + count)]
  }

  /// Why a path cannot be read, in words.
  static func reason(_ path: String) -> String {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if !manager.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
    if isDirectory.boolValue { return "it is a folder" }
    if !manager.isReadableFile(atPath: path) { return "permission denied" }
    return "read error"
  }
}
