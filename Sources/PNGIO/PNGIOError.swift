/// Why a PNG could not be read or written.
///
/// Every case carries the path it concerns (`"<memory>"` for buffers); `description` starts with
/// that path, says what is wrong and how to fix it.
public enum PNGIOError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file could not be opened, read or written.
  case io(path: String, reason: String)
  /// The bytes do not start with the PNG signature.
  case notPNG(path: String)
  /// libpng refused the data (corrupt, truncated, invalid); carries libpng's message.
  case corrupt(path: String, message: String)
  /// The image is larger than the read limits allow; nothing was allocated.
  case tooLarge(path: String, width: Int, height: Int, limit: String)
  /// The image cannot be written as given (empty, too large for PNG, bad option).
  case invalidImage(path: String, reason: String)
  /// A text chunk cannot be written (bad key, NUL in the value).
  case invalidText(path: String, key: String, reason: String)

  /// The path (or `"<memory>"`) the error concerns.
  public var path: String {
    switch self {
    case .io(let path, _), .notPNG(let path), .corrupt(let path, _), .tooLarge(let path, _, _, _),
      .invalidImage(let path, _), .invalidText(let path, _, _):
      return path
    }
  }

  public var description: String {
    switch self {
    case .io(let path, let reason):
      return "\(path): \(reason)"
    case .notPNG(let path):
      return
        "\(path): not a PNG file (the 8-byte signature is wrong, or a text-mode transfer damaged it); check that the file is a PNG"
    case .corrupt(let path, let message):
      return "\(path): invalid or damaged PNG: \(message)"
    case .tooLarge(let path, let width, let height, let limit):
      return
        "\(path): the image is \(width)×\(height) pixels, over the limit of \(limit); raise the read limits if the file is trusted"
    case .invalidImage(let path, let reason):
      return "\(path): cannot write the image: \(reason)"
    case .invalidText(let path, let key, let reason):
      return "\(path): cannot write the text chunk \"\(key)\": \(reason)"
    }
  }
}
