import Foundation

extension ONNXDecodingContext {
  /// The raw bytes of a tensor stored in an external file (`data_location = EXTERNAL`).
  ///
  /// The `location` must be a relative path that, with symbolic links resolved, stays inside the
  /// model's folder; `offset` and `length` (when given) must describe exactly the tensor's bytes and lie
  /// inside the file. Nothing is read before these checks pass.
  func externalBytes(_ proto: ONNXTensorMessage, tensor: String, dataType: ModelDataType, count: Int)
    throws(ModelIOError) -> Data
  {
    guard let modelDirectory else {
      throw .externalData(
        path: path, tensor: tensor,
        reason: "cannot be read from a model given as bytes; read the model from its file")
    }
    var location: String?
    var offset = 0
    var length: Int?
    for entry in proto.externalData {
      switch entry.key {
      case "location": location = entry.value
      case "offset":
        guard let value = Int(entry.value), value >= 0 else {
          throw .externalData(path: path, tensor: tensor, reason: "has a bad offset '\(entry.value)'")
        }
        offset = value
      case "length":
        guard let value = Int(entry.value), value >= 0 else {
          throw .externalData(path: path, tensor: tensor, reason: "has a bad length '\(entry.value)'")
        }
        length = value
      default: continue
      }
    }
    guard let location, !location.isEmpty else {
      throw .externalData(path: path, tensor: tensor, reason: "names no location")
    }
    let file = try Self.resolve(location, in: modelDirectory, path: path, tensor: tensor)
    let elementSize = dataType.byteSize ?? 1
    let (expected, overflow) = count.multipliedReportingOverflow(by: elementSize)
    guard !overflow else {
      throw .tooLarge(path: path, what: "tensor '\(tensor)'", limit: limits.maximumTensorElements)
    }
    if let length, length != expected {
      throw .externalData(
        path: path, tensor: tensor,
        reason: "length \(length) does not match the \(expected) bytes of \(count) \(dataType) elements")
    }
    do {
      return try FileBytes.read(path: file, offset: offset, count: expected)
    } catch {
      throw .externalData(path: path, tensor: tensor, reason: "in '\(location)': \(error.description)")
    }
  }

  /// The file `location` names inside `directory`, refused when it is absolute or escapes the folder.
  static func resolve(_ location: String, in directory: String, path: String, tensor: String)
    throws(ModelIOError)
    -> String
  {
    guard !location.hasPrefix("/"), !location.contains("\0") else {
      throw .externalData(
        path: path, tensor: tensor,
        reason: "location '\(location)' is absolute; it must be relative to the model's folder")
    }
    let base = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL
      .resolvingSymlinksInPath()
    let candidate = base.appendingPathComponent(location).standardizedFileURL.resolvingSymlinksInPath()
    let basePath = base.path.hasSuffix("/") ? base.path : base.path + "/"
    guard candidate.path.hasPrefix(basePath) else {
      throw .externalData(
        path: path, tensor: tensor,
        reason:
          "location '\(location)' resolves outside the model's folder, which is refused; keep the data file beside the model"
      )
    }
    return candidate.path
  }
}
