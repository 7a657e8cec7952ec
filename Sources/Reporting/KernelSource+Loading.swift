import OverlapAnalysis
import TensorIO
import TransposedConv

extension KernelSource {
  /// The kernel's taps and shape (`[k]`, `[kH, kW]` or `[kD, kH, kW]`) for `dims` axes.
  ///
  /// A `.npy` file may hold the kernel itself (`dims` axes) or a PyTorch ConvTranspose weight
  /// `(C_in, C_out, k…)`, of which output channel `channel` is taken with its taps summed over the
  /// input channels (what a constant input on every channel sees).
  /// - Throws: `ReportError.missingFile` for an unreadable file, `.sectionFailed` for a bad shape.
  func taps(dims: Int, spec: String, field: String) throws(ReportError) -> (values: [Double], shape: [Int]) {
    switch origin {
    case .weights(let values, let shape):
      return (values, shape)
    case .spec(let kernelSpec):
      do {
        let taps = try kernelSpec.kernel(dims: dims)
        return (taps.data.map(Double.init), taps.shape)
      } catch {
        throw .invalidField(path: spec, field: field, reason: error.description)
      }
    case .npy(let path, let channel):
      let tensor: Tensor
      do {
        tensor = try Tensor.readWeight(from: path)
      } catch {
        throw .missingFile(spec: spec, field: field, file: path, reason: error.description)
      }
      if tensor.rank == dims { return (tensor.data.map(Double.init), tensor.shape) }
      do {
        let axes = [AxisParameters](repeating: AxisParameters(), count: dims)
        let layer = try LayerConfig(weight: tensor, outputChannel: channel, axes: axes)
        return (layer.weights ?? [], layer.kernel)
      } catch {
        throw .invalidField(path: spec, field: field, reason: "\(path): \(error.description)")
      }
    }
  }
}
