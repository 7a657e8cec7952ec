import ArgumentParser
import CheckerscopeCore
import Foundation
import NPYIO
import TensorIO
import TransposedConv

/// `checkerscope deconv`: one PyTorch-exact transposed convolution of a `.npy` tensor or a PNG.
struct Deconv: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deconv",
    abstract: "Run a PyTorch-exact transposed convolution on a .npy tensor or a PNG image.",
    discussion: """
      A .npy input has shape (N, C, L), (N, C, H, W) or (N, C, D, H, W); the weight follows PyTorch's ConvTranspose \
      layout (C_in, C_out/groups, k…). A PNG becomes (1, C, H, W) in [0, 1] and each channel is \
      convolved on its own (groups = C) with a 2D kernel; --kernel-spec does the same for .npy \
      inputs. Per-axis values are written 2 (every axis), 2x3 (H then W) or 2x2x2 (D, H, W). Output size per axis: \
      (in − 1)·stride − padding_begin − padding_end + dilation·(k − 1) + output_padding + 1. \
      The computation is in float32 (PyTorch's default dtype): float64 and integer .npy inputs are \
      converted to float32 first (a note on standard error says so for float64), and the output \
      is float32.
      """)

  @Option(
    help: ArgumentHelp("Input tensor (.npy) or image (.png).", valueName: "X"),
    completion: .file(extensions: ["npy", "png"]))
  var input: String

  @Option(
    name: [.short, .long],
    help: ArgumentHelp("Output tensor (.npy) or image (.png); written only on success.", valueName: "Y"),
    completion: .file(extensions: ["npy", "png"]))
  var output: String

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var kernel: KernelOptions

  @Option(
    help: ArgumentHelp("A .npy bias of shape (C_out), or FILE.safetensors:TENSOR.", valueName: "B.npy"),
    completion: .file(extensions: ["npy", "safetensors"]))
  var bias: String?

  @OptionGroup var layerParameters: LayerParameterOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Channel groups (default 1; C for PNG inputs and kernel specs).", valueName: "G"))
  var groups: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Exact output size per axis (PyTorch output_size): picks output_padding; replaces --output-padding.",
      valueName: "N"))
  var outputSize: PerAxis?

  @Flag(help: "PNG output: map the minimum…maximum to 0…1 instead of clamping to [0, 1].")
  var normalize = false

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("PNG output bit depth, 8 or 16 (default: the input PNG's, else 8).", valueName: "BITS")
  )
  var bitDepth: Int?

  @OptionGroup var resources: ResourceOptions

  mutating func validate() throws {
    if let groups, groups < 1 { throw ValidationError("--groups must be at least 1, got \(groups)") }
    try layerParameters.validateValues()
    if let bitDepth, bitDepth != 8, bitDepth != 16 {
      throw ValidationError("--bit-depth must be 8 or 16, got \(bitDepth)")
    }
    try OutputFiles.requireExtension(output, ["npy", "png"], option: "--output")
    if output.lowercased().hasSuffix(".npy"), normalize || bitDepth != nil {
      throw ValidationError("--normalize and --bit-depth apply only to a .png output")
    }
  }

  func run() throws {
    try OutputFiles.check([output])
    let inputFormat = try TensorFileFormat(path: input)
    let outputFormat = try TensorFileFormat(path: output)
    let budget = resources.budget
    var npyInput: Tensor?
    var inputBitDepth = 8
    let inputShape: [Int]
    switch inputFormat {
    case .npy:
      try resources.requireFile(input)
      let array: NPYArray
      do { array = try NPYArray.read(from: input) } catch { throw TensorIOError.npy(error) }
      try resources.require(
        bytes: CheckedSize.productOrNil([array.count, 8]) ?? Int.max, what: "\(input): the input tensor")
      if array.dtype == .float64 {
        FileHandle.standardError.write(
          Data(
            "checkerscope: note: \(input) holds float64 values; deconv computes in float32 (about 7 significant digits), like PyTorch's default dtype\n"
              .utf8))
      }
      let tensor = try Tensor(npy: array, path: input)
      npyInput = tensor
      inputShape = tensor.shape
    case .png:
      // Only the header now: the pixels are decoded once the whole job is known to fit.
      let info = try resources.requirePNG(input, copies: 1, what: "the decoded image and its float32 tensor")
      inputShape = [1, info.channels, info.height, info.width]
      inputBitDepth = info.decodedBitDepth
    }
    let dims = inputShape.count - 2
    guard (1...3).contains(dims) else {
      throw CLIError(
        path: input,
        "expected a tensor of shape (N, C, L), (N, C, H, W) or (N, C, D, H, W), got \(inputShape)")
    }
    let weight: Tensor
    let groupCount: Int
    if inputFormat == .png || kernel.kernelSpec != nil {
      let channels = inputShape[1]
      if let groups, groups != channels {
        throw CLIError(
          "--groups \(groups): a PNG input or a kernel spec convolves each of the \(channels) channels on its own (groups = \(channels)); leave --groups out"
        )
      }
      weight = try kernel.depthwiseWeight(channels: channels, dims: dims)
      groupCount = channels
    } else {
      guard let loaded = try kernel.loadWeight() else {
        throw ValidationError("give a kernel: --weight W.npy")
      }
      weight = loaded
      groupCount = groups ?? 1
    }
    let b = try bias.map { path throws -> Tensor in try Tensor.readWeight(from: path) }
    var parameters = ConvTransposeParameters(axes: try layerParameters.axes(dims: dims), groups: groupCount)
    // Resolve --output-size first: the shape with output padding 0 may be empty although a
    // requested size in [minimum, minimum + stride − 1] is valid (PyTorch accepts it).
    if let outputSize, weight.rank == inputShape.count {
      parameters = try parameters.resolvingOutputSize(
        try outputSize.resolved(dims: dims), input: Array(inputShape.dropFirst(2)),
        kernel: Array(weight.shape.dropFirst(2)))
    }
    let outputShape = try parameters.outputShape(input: inputShape, weight: weight.shape)
    let needs = try TransposedConvolution.requirements(
      input: inputShape, weight: weight.shape, output: outputShape)
    // Input tensor, its interleaved copy and the output (`needs`), the weight, a PNG input's
    // decoded samples (2 bytes each at most) and a PNG output's levels and samples (6 bytes each).
    let pngInput =
      inputFormat == .png ? CheckedSize.productOrNil([inputShape.reduce(1, *), 6]) ?? Int.max : 0
    let pngOutput =
      outputFormat == .png ? (CheckedSize.productOrNil([outputShape.reduce(1, *), 6]) ?? Int.max) : 0
    try resources.require(
      bytes: CheckedSize.sumOrNil([needs.bytes, weight.count * 4, pngInput, pngOutput]) ?? Int.max,
      what: "the output \(outputShape.map(String.init).joined(separator: "×")) with its work copies")
    let ticker = StatusTicker(label: "deconv", stage: "reading \(input)", enabled: !quiet)
    defer { ticker.finish() }
    let x: Tensor
    if let npyInput {
      x = npyInput
    } else {
      let read = try Tensor.readPNGWithWarnings(from: input)
      (x, inputBitDepth) = (read.tensor, read.bitDepth)
      PNGInput.warn(input, read.warnings)
    }
    ticker.stage("convolving to \(outputShape.map(String.init).joined(separator: "×"))")
    let y = try TransposedConvolution.apply(
      input: x, weight: weight, bias: b, parameters: parameters, budget: budget)
    ticker.stage("writing \(output)")
    switch outputFormat {
    case .npy: try y.writeNPY(to: output)
    case .png:
      try y.writePNG(
        to: output, bitDepth: bitDepth ?? inputBitDepth, mapping: normalize ? .normalize : .clamp)
    }
    ticker.finish()
    try Console.status("\(output): \(y.shape.map(String.init).joined(separator: "×"))", quiet: quiet)
  }
}
