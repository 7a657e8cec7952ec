import ModelIO
import ModelRuntime

/// What can go wrong while probing a model.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The interpreter refused or failed.
  case runtime(RuntimeError)
  /// ModelIO refused the model or the input shape.
  case model(ModelIOError)
  /// The model output is too small to hold a period (fewer than `PeriodicMeasure.neededExtent` samples on an axis).
  case outputTooSmall(path: String, output: String, shape: [Int], interior: [Int])
  /// The model has no output with spatial axes to measure.
  case noSpatialOutput(path: String, output: String, shape: [Int])
  /// The model's input shape has symbolic dimensions (shown as given; nil when the model has no
  /// input at all), so no input can be made.
  case inputShapeNotFixed(path: String, shape: String?)
  /// A node output the probe measures holds NaN or infinite values (overflowing or non-finite
  /// weights, or input), so no pattern can be measured.
  case nonFinite(path: String, node: String, opType: String, output: String, count: Int, total: Int)

  /// The message, on one line of at most `lengthLimit` characters (a hostile model's names and
  /// ranks are as long as it likes).
  public var description: String {
    let message = fullDescription
    guard message.count > Self.lengthLimit else { return message }
    return "\(message.prefix(Self.lengthLimit))… (\(message.count) characters)"
  }

  /// The longest `description`, in characters.
  public static let lengthLimit = 1_000

  var fullDescription: String {
    switch self {
    case .runtime(let error): return error.description
    case .model(let error): return error.description
    case .outputTooSmall(let path, let output, let shape, _) where shape.contains(0):
      // Shapes go through `CheckedShape.brief`: a hostile model's rank can be in the thousands.
      return
        "\(path): the output '\(output)' \(CheckedShape.brief(shape)) holds no elements (an axis of length 0), so there is nothing to measure; give an input shape without zero extents."
    case .outputTooSmall(let path, let output, let shape, let interior):
      return
        "\(path): the output '\(output)' \(CheckedShape.brief(shape)) (interior \(CheckedShape.brief(interior)) away from the border) has fewer than \(PeriodicMeasure.neededExtent) samples on an axis, too small for \(PeriodicMeasure.minimumPeriods) periods of 2; probe a larger input with --input-shape (e.g. 256 per spatial axis)."
    case .noSpatialOutput(let path, let output, let shape):
      return
        "\(path): the output '\(output)' \(CheckedShape.brief(shape)) has no spatial axes (N, C, L) or (N, C, H, W) to measure."
    case .nonFinite(let path, let node, let opType, let output, let count, let total):
      return
        "\(path): node '\(node)' (\(opType)) produced \(count) non-finite values (NaN or infinity) of \(total) in '\(output)'; no pattern can be measured. Check the model's weights for NaN, infinity or values that overflow float32, and the input."
    case .inputShapeNotFixed(let path, nil):
      return "\(path): the model has no graph input to probe; probe a model that takes an input tensor"
    case .inputShapeNotFixed(let path, let shape?):
      return
        "\(path): the model's input shape is not fixed (\(shape)); give a fixed input shape (--input-shape)"
    }
  }
}
