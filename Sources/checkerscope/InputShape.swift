import ArgumentParser

/// `--input-shape 1x3x256x256` of `audit` and `probe`: a model input's dimensions, each at least 1,
/// parsed once with the arguments (a malformed shape is a usage error, exit 64).
struct InputShape: Sendable, Hashable, CustomStringConvertible, ExpressibleByArgument {
  /// The dimensions, outermost first.
  var dimensions: [Int]

  init?(argument: String) {
    let parts = argument.split(separator: "x", omittingEmptySubsequences: false)
    let values = parts.compactMap { Int($0) }
    guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0 >= 1 }) else { return nil }
    dimensions = values
  }

  /// The parse as an option's transform: the shape, or an error saying what a shape looks like.
  static let argument: @Sendable (String) throws -> InputShape = { text in
    guard let shape = InputShape(argument: text) else {
      throw ValidationError("not of the form 1x3x256x256 (positive integers)")
    }
    return shape
  }

  var description: String { dimensions.map(String.init).joined(separator: "x") }
}
