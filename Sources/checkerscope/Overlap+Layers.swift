import ArgumentParser
import OverlapAnalysis
import TensorIO
import TransposedConv

extension Overlap {
  /// The layers: the --layer specs, or the single layer of the per-axis options (all ones, or the
  /// kernel of --kernel-spec or --weight).
  func makeLayers() throws -> [LayerConfig] {
    if !layers.isEmpty {
      return try layers.map { spec throws(OverlapError) in try LayerConfig(parsing: spec, dims: dims) }
    }
    let axes = try layerParameters.axes(dims: dims)
    let kernelSize = try kernel.map { try $0.resolved(dims: dims) }
    var layer: LayerConfig
    if let kernelSpec {
      layer = try LayerConfig(kernelSpec: kernelSpec, axes: axes)
    } else if let weight {
      layer = try weightLayer(path: weight, axes: axes)
    } else if let kernelSize {
      layer = LayerConfig(kernel: kernelSize, axes: axes)
    } else {
      throw ValidationError("give --kernel, --kernel-spec or --weight")
    }
    if let kernelSize, kernelSize != layer.kernel {
      throw ValidationError(
        "--kernel \(kernel?.description ?? "") does not match the kernel's size \(layer.kernel.map(String.init).joined(separator: "x"))"
      )
    }
    try layer.validate()
    return [layer]
  }

  /// One output channel of a PyTorch ConvTranspose weight `(C_in, C_out/groups, k…)`, or plain
  /// taps `(k…)`; errors name the file.
  func weightLayer(path: String, axes: [AxisParameters]) throws -> LayerConfig {
    let tensor = try Tensor.readWeight(from: path)
    do {
      if tensor.rank == dims {
        guard channel == 0, groups == 1 else {
          throw CLIError(
            path: path, "plain taps \(tensor.shape) have one channel; drop --channel and --groups")
        }
        let layer = LayerConfig(kernel: tensor.shape, axes: axes, weights: tensor.data.map(Double.init))
        try layer.validate()
        return layer
      }
      if remedy != nil, tensor.rank == dims + 2, tensor.shape[0] != 1 || tensor.shape[1] != 1 {
        throw CLIError(
          path: path,
          "a remedy's convolution takes one kernel: the taps (k…) or shape (1, 1, k…), got \(tensor.shape)")
      }
      guard tensor.rank == dims + 2 else {
        throw CLIError(
          path: path,
          "expected a \(dims)D weight of shape (C_in, C_out/groups, \(["k", "kH, kW", "kD, kH, kW"][dims - 1])) or the taps alone, got \(tensor.shape)"
        )
      }
      return try LayerConfig(weight: tensor, outputChannel: channel, groups: groups, axes: axes)
    } catch let error as OverlapError {
      throw CLIError(path: path, error.description)
    }
  }
}
