import ArgumentParser
import TransposedConv

/// The per-axis layer parameters shared by `deconv` and `overlap`: `--stride`, `--padding`,
/// `--padding-begin`, `--padding-end`, `--output-padding` and `--dilation`.
///
/// Each value is one number for every axis (`2`) or one per axis (`2x3`, H then W); an option left
/// out takes its default (stride and dilation 1, paddings 0). `--padding` sets both ends and
/// excludes `--padding-begin`/`--padding-end`.
struct LayerParameterOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp("Stride per axis (default 1).", valueName: "S"))
  var stride: PerAxis?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Padding removed at both ends, per axis (default 0).", valueName: "P"))
  var padding: PerAxis?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Padding removed at the start (ONNX pads begin), per axis.", valueName: "P"))
  var paddingBegin: PerAxis?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Padding removed at the end (ONNX pads end), per axis.", valueName: "P"))
  var paddingEnd: PerAxis?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "PyTorch output_padding per axis (< max(stride, dilation); default 0).", valueName: "A"))
  var outputPadding: PerAxis?

  @Option(parsing: .unconditional, help: ArgumentHelp("Dilation per axis (default 1).", valueName: "D"))
  var dilation: PerAxis?

  func validate() throws {
    if padding != nil, paddingBegin != nil || paddingEnd != nil {
      throw ValidationError("give either --padding or --padding-begin/--padding-end, not both")
    }
  }

  /// The options with their flag names, in declaration order; nil when not given.
  var named: [(name: String, value: PerAxis?)] {
    [
      ("--stride", stride), ("--padding", padding), ("--padding-begin", paddingBegin),
      ("--padding-end", paddingEnd), ("--output-padding", outputPadding), ("--dilation", dilation),
    ]
  }

  /// The parameters of `dims` spatial axes, defaults filled in (a missing `--padding-begin` or
  /// `--padding-end` is `--padding`, else 0).
  /// - Throws: `ConvTransposeError.invalidArgument` when a value has neither 1 nor `dims` entries.
  func axes(dims: Int) throws -> [AxisParameters] {
    func resolve(_ value: PerAxis?, _ fallback: Int) throws -> [Int] {
      try (value ?? PerAxis([fallback])).resolved(dims: dims)
    }
    let strides = try resolve(stride, 1)
    let begins = try resolve(paddingBegin ?? padding, 0)
    let ends = try resolve(paddingEnd ?? padding, 0)
    let outputPaddings = try resolve(outputPadding, 0)
    let dilations = try resolve(dilation, 1)
    return (0..<dims).map {
      AxisParameters(
        stride: strides[$0], paddingBegin: begins[$0], paddingEnd: ends[$0],
        outputPadding: outputPaddings[$0],
        dilation: dilations[$0])
    }
  }

  /// Refuses, as a usage error (exit 64) before any file is read, values no layer can have: a
  /// kernel, stride, dilation or input size below 1, a negative padding, an output padding not
  /// below max(stride, dilation), or an input too small for any output. `kernel` and `inputSize` are
  /// checked when given; `dims` nil takes the most per-axis values given.
  func validateValues(kernel: PerAxis? = nil, inputSize: PerAxis? = nil, dims: Int? = nil) throws {
    let given = [kernel, inputSize] + named.map(\.value)
    let dims = dims ?? max(1, given.compactMap { $0?.values.count }.max() ?? 1)
    do {
      let axes = try axes(dims: dims)
      let kernels = try kernel?.resolved(dims: dims) ?? Array(repeating: 1, count: dims)
      let sizes = try inputSize?.resolved(dims: dims)
      for (index, axis) in axes.enumerated() {
        try axis.validate(kernel: kernels[index])
        if let sizes, kernel != nil { _ = try axis.outputLength(input: sizes[index], kernel: kernels[index]) }
      }
      if let sizes, let small = sizes.first(where: { $0 < 1 }) {
        throw ConvTransposeError.nonPositiveInput(small)
      }
    } catch let error as ConvTransposeError {
      throw ValidationError(error.description)
    }
  }
}
