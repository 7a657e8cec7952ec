/// The two file formats a tensor is read from and written to, chosen by the file name's ending.
public enum TensorFileFormat: String, Sendable, Hashable, CaseIterable {
  /// NumPy `.npy`: any shape, float32 on writing.
  case npy
  /// PNG: `(1, C, H, W)` in [0, 1].
  case png

  /// The format for `path` from its extension (case-insensitive).
  public init(path: String) throws(TensorIOError) {
    let lower = path.lowercased()
    if lower.hasSuffix(".npy") {
      self = .npy
    } else if lower.hasSuffix(".png") {
      self = .png
    } else {
      throw .unsupportedFileType(path: path)
    }
  }
}
