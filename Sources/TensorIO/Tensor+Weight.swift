import ModelIO
import TransposedConv

extension Tensor {
  /// Reads a weight given as `W.npy` or `FILE.safetensors:TENSOR_NAME` (a tensor of a PyTorch
  /// state dict) as a Float32 tensor.
  ///
  /// The safetensors form is recognised by `.safetensors:` in the text; the tensor name is
  /// everything after that colon. Float16, bfloat16 and float64 tensors are converted to Float32;
  /// integer tensors are refused.
  public static func readWeight(from reference: String) throws(TensorIOError) -> Tensor {
    guard let (path, name) = safetensorsReference(reference) else { return try readNPY(from: reference) }
    let tensor: ModelTensor
    do {
      tensor = try SafetensorsFile(contentsOf: path).tensor(named: name)
    } catch {
      throw .model(error)
    }
    guard tensor.dataType.isFloatingPoint, let values = tensor.floatValues else {
      throw .notAWeight(path: path, name: name, reason: "it holds \(tensor.dataType) values, not floats")
    }
    guard !tensor.shape.isEmpty, tensor.elementCount >= 1 else {
      throw .notAWeight(path: path, name: name, reason: "its shape \(tensor.shape) holds no tensor")
    }
    return Tensor(shape: tensor.shape, data: values)
  }

  /// `("gen.safetensors", "dec.0.weight")` for `gen.safetensors:dec.0.weight`; nil for other text.
  public static func safetensorsReference(_ reference: String) -> (path: String, name: String)? {
    guard let range = reference.range(of: ".safetensors:") else { return nil }
    let path = String(reference[..<range.lowerBound]) + ".safetensors"
    let name = String(reference[range.upperBound...])
    return name.isEmpty ? nil : (path, name)
  }
}
