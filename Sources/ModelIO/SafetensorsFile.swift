import Foundation

/// A safetensors file (Hugging Face / PyTorch state dicts): an 8-byte little-endian header length, a
/// JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
///
/// The header is parsed and every entry validated against the file when the file is opened; a
/// tensor's bytes are decoded only when asked for (`tensor(named:)`). Reading from a path maps the
/// file, so only the tensors read take memory.
public struct SafetensorsFile: Sendable {
  /// One tensor's header entry.
  public struct Entry: Sendable, Hashable {
    /// The tensor's name (a state-dict key such as `dec.0.weight`).
    public var name: String
    /// The element type.
    public var dataType: ModelDataType
    /// The dtype as written in the header (`F32`, `BF16`, …).
    public var dtype: String
    /// The extent of each axis.
    public var shape: [Int]
    /// The byte range within the data section (after the header).
    public var byteRange: Range<Int>
  }

  /// The path as given (or `"<memory>"`), for messages.
  public let path: String
  /// The tensors in header order.
  public let entries: [Entry]
  /// The `__metadata__` string map, if any.
  public let metadata: [String: String]
  /// The whole file.
  let bytes: Data
  /// Where the data section starts in `bytes`.
  let dataStart: Int
  /// Each name's place in `entries` (the first, should a name repeat).
  let positions: [String: Int]
  let limits: ModelReadLimits

  /// Opens the safetensors file at `path` (memory-mapped) and validates its header.
  public init(contentsOf path: String, limits: ModelReadLimits = .standard) throws(ModelIOError) {
    let bytes = try FileBytes.read(path: path, limit: limits.maximumFileBytes)
    try self.init(data: bytes, path: path, limits: limits)
  }

  /// Validates the bytes of a safetensors file: the fuzzing entry point (any bytes give a file or a
  /// `ModelIOError`). O(header size + number of tensors × log).
  public init(data: Data, path: String = "<memory>", limits: ModelReadLimits = .standard) throws(ModelIOError)
  {
    let header = try SafetensorsHeader.parse(data, path: path, limits: limits)
    self.path = path
    self.entries = header.entries
    self.positions = Dictionary(
      header.entries.enumerated().map { ($0.element.name, $0.offset) },
      uniquingKeysWith: { first, _ in first })
    self.metadata = header.metadata
    self.bytes = data
    self.dataStart = header.dataStart
    self.limits = limits
  }

  /// The tensor names in header order.
  public var names: [String] { entries.map(\.name) }

  /// The entry named `name`; nil when absent.
  public func entry(named name: String) -> Entry? { positions[name].map { entries[$0] } }

  /// The tensor named `name`, decoded (floats to `Float`/`Double`, integers to `Int64`).
  public func tensor(named name: String) throws(ModelIOError) -> ModelTensor {
    guard let entry = entry(named: name) else {
      throw .tensorNotFound(path: path, name: name, available: names)
    }
    let count = entry.shape.reduce(1, *)
    let start = bytes.startIndex + dataStart + entry.byteRange.lowerBound
    let end = bytes.startIndex + dataStart + entry.byteRange.upperBound
    let storage = try RawElements.decode(
      bytes[start..<end], as: entry.dataType, count: count, path: path, tensor: name)
    return ModelTensor(name: name, dataType: entry.dataType, shape: entry.shape, storage: storage)
  }
}
