import NPYIO
import TransposedConv

extension Tensor {
  /// Reads a `.npy` file of any numeric dtype as a Float32 tensor of the same shape (C order).
  /// Rank-0 arrays and arrays with no elements are refused, and so are 64-bit integers that
  /// Float32 cannot hold exactly.
  public static func readNPY(from path: String) throws(TensorIOError) -> Tensor {
    let array: NPYArray
    do {
      array = try NPYArray.read(from: path)
    } catch {
      throw .npy(error)
    }
    return try Tensor(npy: array, path: path)
  }

  /// Wraps a decoded array; `path` only names the source in errors.
  public init(npy array: NPYArray, path: String = "<memory>") throws(TensorIOError) {
    guard !array.shape.isEmpty, array.count >= 1 else { throw .emptyArray(path: path, shape: array.shape) }
    let values: [Float]
    do {
      values = try array.exactFloatValues(path: path)
    } catch {
      throw .npy(error)
    }
    self.init(shape: array.shape, data: values)
  }

  /// The tensor as a float32 `NPYArray` of the same shape.
  public var npyArray: NPYArray { NPYArray(shape: shape, float32: data) }

  /// Writes the tensor to `path` as a little-endian float32 `.npy` file, atomically.
  public func writeNPY(to path: String) throws(TensorIOError) {
    do {
      try npyArray.write(to: path)
    } catch {
      throw .npy(error)
    }
  }
}
