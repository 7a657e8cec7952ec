import ArgumentParser
import ModelAudit

/// `audit --layer TENSOR:k=3,s=2,p=1,op=1`. The option declares `transform: SafetensorsLayer.argument`,
/// so a layer that names no tensor is refused while the arguments are parsed, with
/// `SafetensorsLayer(parsing:)`'s reason (a usage error, exit 64).
extension SafetensorsLayer: ExpressibleByArgument {
  public init?(argument: String) {
    guard let layer = try? SafetensorsLayer(parsing: argument) else { return nil }
    self = layer
  }

  public var defaultValueDescription: String { "\(tensor):\(spec)" }

  /// The parse as an option's transform: the layer, or an error saying what is wrong with it.
  static let argument: @Sendable (String) throws -> SafetensorsLayer = { try SafetensorsLayer(parsing: $0) }
}
