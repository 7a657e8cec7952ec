import ArgumentParser
import TensorIO
import TransposedConv

/// The kernel-selection options shared by the subcommands that need a kernel:
/// `--weight W.npy` or `--kernel-spec SPEC` (exactly one).
struct KernelOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A .npy weight or FILE.safetensors:TENSOR: PyTorch's ConvTranspose layout (C_in, C_out/groups, k…), or just the taps (k…).",
      valueName: "W.npy"), completion: .file(extensions: ["npy", "safetensors"]))
  var weight: String?

  @Option(
    help: ArgumentHelp(
      "A kernel without a file: ones:K, bilinear:K or random:K:SEED (K like 3 or 3x5).", valueName: "SPEC"),
    transform: KernelSpec.argument)
  var kernelSpec: KernelSpec?

  mutating func validate() throws {
    switch (weight, kernelSpec) {
    case (nil, nil): throw ValidationError("give a kernel: --weight W.npy or --kernel-spec SPEC")
    case (.some, .some): throw ValidationError("give either --weight or --kernel-spec, not both")
    default: break
    }
  }

  /// The `--weight` file as a tensor, if given.
  func loadWeight() throws -> Tensor? {
    guard let weight else { return nil }
    return try Tensor.readWeight(from: weight)
  }

  /// The spatial taps, shape `(k)`, `(kH, kW)` or `(kD, kH, kW)` for `dims` axes: from the spec, or from a weight
  /// file of shape `(k…)` or `(1, 1, k…)`.
  func spatialKernel(dims: Int) throws -> Tensor {
    if let kernelSpec { return try kernelSpec.kernel(dims: dims) }
    guard let path = weight, let tensor = try loadWeight() else {
      throw ValidationError("give a kernel: --weight W.npy or --kernel-spec SPEC")
    }
    if tensor.rank == dims { return tensor }
    if tensor.rank == dims + 2, tensor.shape[0] == 1, tensor.shape[1] == 1 {
      return Tensor(shape: Array(tensor.shape.dropFirst(2)), data: tensor.data)
    }
    throw CLIError(
      path: path,
      "expected a \(dims)D kernel of shape \(Self.kernelShapes(dims)), got \(tensor.shape)"
    )
  }

  /// The accepted kernel file shapes for `dims` axes, for messages.
  static func kernelShapes(_ dims: Int) -> String {
    let names = ["(k)", "(kH, kW)", "(kD, kH, kW)"][min(max(dims, 1), 3) - 1]
    return "\(names) or (1, 1, \(names.dropFirst().dropLast()))"
  }

  /// A depthwise weight `(channels, 1, k…)` that applies the same taps to every channel
  /// (use with `groups = channels`). A weight file may also give `(channels, 1, k…)` itself.
  func depthwiseWeight(channels: Int, dims: Int) throws -> Tensor {
    if let path = weight, let tensor = try loadWeight(), tensor.rank == dims + 2, tensor.shape[0] != 1 {
      guard tensor.shape[0] == channels, tensor.shape[1] == 1 else {
        throw CLIError(
          path: path,
          "a per-channel weight for \(channels) channels must have shape (\(channels), 1, k…), got \(tensor.shape)"
        )
      }
      return tensor
    }
    return try Tensor.depthwiseWeight(repeating: try spatialKernel(dims: dims), channels: channels)
  }
}
