/// Why a `.npy` file or byte buffer could not be read or written.
///
/// Every case carries the path it concerns (`"<memory>"` for buffers); `description` starts with
/// that path and says what is wrong and how to fix it.
public enum NPYError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file could not be opened, read or written.
  case io(path: String, reason: String)
  /// The bytes do not start with the `.npy` magic `\x93NUMPY`.
  case notNPY(path: String)
  /// The format version is not 1.0, 2.0 or 3.0.
  case unsupportedVersion(path: String, major: Int, minor: Int)
  /// The file ends before its header does.
  case truncatedHeader(path: String, needed: Int, available: Int)
  /// The header dictionary cannot be parsed or lacks a required key.
  case malformedHeader(path: String, reason: String)
  /// The `descr` names a type NPYIO does not read (structured, complex, 64-bit integer, …).
  case unsupportedDType(path: String, descr: String)
  /// The array is stored in Fortran (column-major) order.
  case fortranOrder(path: String)
  /// The shape's element count overflows or is far larger than any file could hold.
  case shapeTooLarge(path: String, shape: [Int])
  /// The data after the header is not exactly `count × itemSize` bytes.
  case dataSizeMismatch(path: String, shape: [Int], itemSize: Int, expectedBytes: Int, actualBytes: Int)
  /// Writing supports only `<f4`, `|u1` and `<u2`.
  case unsupportedWriteType(path: String, dtype: NPYDType)
  /// A 64-bit integer element that the target floating-point type cannot hold exactly.
  case inexactValue(path: String, index: Int, value: String, type: String)

  /// The path (or `"<memory>"`) the error concerns.
  public var path: String {
    switch self {
    case .io(let path, _), .notNPY(let path), .unsupportedVersion(let path, _, _),
      .truncatedHeader(let path, _, _), .malformedHeader(let path, _), .unsupportedDType(let path, _),
      .fortranOrder(let path), .shapeTooLarge(let path, _), .dataSizeMismatch(let path, _, _, _, _),
      .unsupportedWriteType(let path, _), .inexactValue(let path, _, _, _):
      return path
    }
  }

  public var description: String {
    switch self {
    case .io(let path, let reason):
      return "\(path): \(reason)"
    case .notNPY(let path):
      return "\(path): not a NumPy .npy file (it does not start with \\x93NUMPY); save it with numpy.save"
    case .unsupportedVersion(let path, let major, let minor):
      return
        "\(path): .npy format version \(major).\(minor) is not supported (only 1.0, 2.0 and 3.0); re-save it with numpy.save"
    case .truncatedHeader(let path, let needed, let available):
      return
        "\(path): truncated .npy file: the header needs \(needed) bytes but the file has \(available); the file is incomplete"
    case .malformedHeader(let path, let reason):
      return "\(path): malformed .npy header: \(reason)"
    case .unsupportedDType(let path, let descr):
      return
        "\(path): unsupported dtype \(Self.quoted(descr)); convert the array to one of bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64 before saving"
    case .fortranOrder(let path):
      return
        "\(path): the array is stored in Fortran order, which is not supported; save numpy.ascontiguousarray(a) instead"
    case .shapeTooLarge(let path, let shape):
      return "\(path): the shape \(Self.tuple(shape)) is far too large for any file"
    case .dataSizeMismatch(let path, let shape, let itemSize, let expected, let actual):
      return
        "\(path): the header promises shape \(Self.tuple(shape)) of \(itemSize)-byte items (\(expected) bytes of data) but the file holds \(actual) bytes; the file is truncated or corrupt"
    case .unsupportedWriteType(let path, let dtype):
      return
        "\(path): cannot write \(dtype.name) arrays; only float32 (<f4), uint8 (|u1) and uint16 (<u2) are written"
    case .inexactValue(let path, let index, let value, let type):
      return
        "\(path): element \(index) is \(value), which \(type) cannot hold exactly (integers are exact up to 2^24 in float32 and 2^53 in float64); scale the values or convert the array before saving"
    }
  }

  /// The longest text taken from a file that a message quotes, in characters.
  static let quoteLimit = 80

  /// Untrusted text as it appears in a message: in double quotes, `"` and `\` escaped,
  /// control and other invisible characters (NUL, escape sequences, line breaks) written as
  /// `\u{XX}`, and cut to `quoteLimit` characters with "…" when longer.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    var count = 0
    for scalar in text.unicodeScalars {
      if count == quoteLimit {
        out += "…"
        break
      }
      count += 1
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case " "..."~": out.unicodeScalars.append(scalar)
      default:
        let visible =
          scalar.value >= 0xA0 && !scalar.properties.isWhitespace
          && ![.control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator]
            .contains(scalar.properties.generalCategory)
        if visible {
          out.unicodeScalars.append(scalar)
        } else {
          out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
      }
    }
    return out + "\""
  }

  /// A shape written as a Python tuple: `(3,)`, `(2, 3)`, `()`; a shape of more than 8 axes
  /// shows its first 8 and the count, `(1, 1, 1, 1, 1, 1, 1, 1, … 10000 axes)`, so a hostile
  /// header cannot fill the terminal.
  public static func tuple(_ shape: [Int]) -> String {
    if shape.count > 8 {
      return "(" + shape.prefix(8).map(String.init).joined(separator: ", ") + ", … \(shape.count) axes)"
    }
    return shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }
}
