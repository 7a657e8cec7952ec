/// The file formats a `Figure` can be written in.
public enum FigureFormat: String, Sendable, CaseIterable {
  /// Pixels (`Figure.raster(scale:)`), written as an 8-bit RGB PNG.
  case png
  /// Vector text (`Figure.svg(scale:)`).
  case svg

  /// The format a file name asks for by its extension (`.png` or `.svg`, any case); nil for others.
  public init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".png") {
      self = .png
    } else if lower.hasSuffix(".svg") {
      self = .svg
    } else {
      return nil
    }
  }

  /// The file extension without the dot.
  public var fileExtension: String { rawValue }
}
