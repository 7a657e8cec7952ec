/// The element types a `.npy` file can hold that NPYIO understands.
///
/// Each case names NumPy's dtype kind and size: `bool` is `b1`, `int8` is `i1`, …, `float16`
/// is `f2` (IEEE 754 half precision), `int64` is `i8` (NumPy's default integer, `torch.long`),
/// `float64` is `f8`.
public enum NPYDType: Sendable, Equatable {
  case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64

  /// The size of one element in bytes.
  public var itemSize: Int {
    switch self {
    case .bool, .int8, .uint8: return 1
    case .int16, .uint16, .float16: return 2
    case .int32, .uint32, .float32: return 4
    case .int64, .uint64, .float64: return 8
    }
  }

  /// NumPy's name for the type, e.g. `float32`.
  public var name: String {
    switch self {
    case .bool: return "bool"
    case .int8: return "int8"
    case .uint8: return "uint8"
    case .int16: return "int16"
    case .uint16: return "uint16"
    case .int32: return "int32"
    case .uint32: return "uint32"
    case .int64: return "int64"
    case .uint64: return "uint64"
    case .float16: return "float16"
    case .float32: return "float32"
    case .float64: return "float64"
    }
  }

  /// The dtype for a NumPy type code and size (`"f"`, 4 → `.float32`), or nil when unsupported.
  init?(kind: Character, size: Int) {
    switch (kind, size) {
    case ("b", 1), ("?", 1): self = .bool
    case ("i", 1): self = .int8
    case ("u", 1): self = .uint8
    case ("i", 2): self = .int16
    case ("u", 2): self = .uint16
    case ("i", 4): self = .int32
    case ("u", 4): self = .uint32
    case ("i", 8): self = .int64
    case ("u", 8): self = .uint64
    case ("f", 2): self = .float16
    case ("f", 4): self = .float32
    case ("f", 8): self = .float64
    default: return nil
    }
  }
}
