import PNGIO

/// Reading a PNG in the CLI: the image, with libpng's warnings (a damaged ancillary chunk that was
/// skipped, e.g. libpng's own `empty_ancillary_chunks.png`) shown on standard error.
enum PNGInput {
  /// Reads and decodes the PNG at `path` (see `PNGImage.read(from:options:)`) and writes each
  /// warning to standard error as `path: warning: …`.
  static func read(_ path: String, options: PNGReadOptions) throws(PNGIOError) -> PNGImage {
    let (image, info) = try PNGImage.readWithInfo(from: path, options: options)
    warn(path, info.warnings)
    return image
  }

  /// Writes each of `warnings` to standard error as one line, `path: warning: …`.
  static func warn(_ path: String, _ warnings: [String]) {
    for warning in warnings { Console.error("\(path): warning: \(warning)") }
  }
}
