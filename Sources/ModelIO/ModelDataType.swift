/// The element type of a model tensor, with ONNX's `TensorProto.DataType` numbering.
///
/// safetensors dtypes map onto the same cases (`F32` → `.float`, `BF16` → `.bfloat16`, …).
public enum ModelDataType: Sendable, Hashable, CustomStringConvertible {
  case float, uint8, int8, uint16, int16, int32, int64, string, bool, float16, double, uint32, uint64
  case bfloat16
  /// Any other ONNX type code (complex, 8-bit and 4-bit floats, 4-bit integers…): kept, never decoded.
  case other(Int)

  /// The type for an ONNX `TensorProto.DataType` code.
  public init(onnxCode code: Int) {
    switch code {
    case 1: self = .float
    case 2: self = .uint8
    case 3: self = .int8
    case 4: self = .uint16
    case 5: self = .int16
    case 6: self = .int32
    case 7: self = .int64
    case 8: self = .string
    case 9: self = .bool
    case 10: self = .float16
    case 11: self = .double
    case 12: self = .uint32
    case 13: self = .uint64
    case 16: self = .bfloat16
    default: self = .other(code)
    }
  }

  /// The bytes one element takes in raw little-endian storage; nil for strings and undecoded types.
  public var byteSize: Int? {
    switch self {
    case .uint8, .int8, .bool: return 1
    case .uint16, .int16, .float16, .bfloat16: return 2
    case .float, .int32, .uint32: return 4
    case .double, .int64, .uint64: return 8
    case .string, .other: return nil
    }
  }

  /// True for the floating-point types ModelIO decodes to `Float`/`Double`.
  public var isFloatingPoint: Bool {
    switch self {
    case .float, .float16, .bfloat16, .double: return true
    default: return false
    }
  }

  public var description: String {
    switch self {
    case .float: return "float32"
    case .uint8: return "uint8"
    case .int8: return "int8"
    case .uint16: return "uint16"
    case .int16: return "int16"
    case .int32: return "int32"
    case .int64: return "int64"
    case .string: return "string"
    case .bool: return "bool"
    case .float16: return "float16"
    case .double: return "float64"
    case .uint32: return "uint32"
    case .uint64: return "uint64"
    case .bfloat16: return "bfloat16"
    case .other(let code): return "ONNX data type \(code)"
    }
  }
}
