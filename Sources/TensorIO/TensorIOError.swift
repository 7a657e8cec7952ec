import ModelIO
import NPYIO
import PNGIO

/// Why a tensor could not be read from or written to a file.
///
/// Messages about a file start with its path; each says what to do instead.
public enum TensorIOError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The `.npy` layer failed (its message already starts with the path).
  case npy(NPYError)
  /// The PNG layer failed (its message already starts with the path).
  case png(PNGIOError)
  /// The safetensors layer failed (its message already starts with the path).
  case model(ModelIOError)
  /// A safetensors tensor cannot serve as a weight.
  case notAWeight(path: String, name: String, reason: String)
  /// The file name ends neither in `.npy` nor in `.png`.
  case unsupportedFileType(path: String)
  /// The tensor's shape cannot be stored as a PNG image.
  case notAnImage(path: String, shape: [Int])
  /// A `.npy` file with no elements or of rank 0 cannot hold a tensor.
  case emptyArray(path: String, shape: [Int])
  /// PNG samples are 8 or 16 bits.
  case unsupportedBitDepth(path: String, bitDepth: Int)
  /// A tensor's shape is not that of a volume, `(D, H, W)` or `(N, C, D, H, W)`.
  case notAVolume(path: String, shape: [Int])
  /// A `.npy` array cannot become an image (shape, no pixels, or values that need a range).
  case notAnImageArray(path: String, reason: String)

  public var description: String {
    switch self {
    case .npy(let error): return error.description
    case .png(let error): return error.description
    case .model(let error): return error.description
    case .notAWeight(let path, let name, let reason):
      return "\(path): tensor '\(name)' cannot be used as a weight: \(reason)"
    case .unsupportedFileType(let path):
      return "\(path): unsupported file type; use a name ending in .npy or .png"
    case .notAnImage(let path, let shape):
      return
        "\(path): a tensor of shape \(NPYError.tuple(shape)) cannot be written as a PNG; it needs shape (1, C, H, W) with C from 1 to 4 (write .npy instead)"
    case .emptyArray(let path, let shape):
      return
        "\(path): the array of shape \(NPYError.tuple(shape)) holds no tensor; it needs at least one axis and one element"
    case .unsupportedBitDepth(let path, let bitDepth):
      return "\(path): PNG bit depth must be 8 or 16, got \(bitDepth)"
    case .notAnImageArray(let path, let reason): return "\(path): \(reason)"
    case .notAVolume(let path, let shape):
      return
        "\(path): expected images of shape (N, C, H, W) or a volume of shape (D, H, W) or (N, C, D, H, W), got \(shape)"
    }
  }
}
