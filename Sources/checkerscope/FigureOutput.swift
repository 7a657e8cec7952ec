import ArgumentParser
import FileOutput
import Foundation
import PNGIO
import Rendering

/// Figures written to a file whose format follows its extension: `.png` (pixels) or `.svg` (vector).
/// The one place the command line decides which figure extensions it accepts.
enum FigureOutput {
  /// The format `path` asks for, or a usage error naming `option` for any other extension.
  static func format(of path: String, option: String) throws -> FigureFormat {
    try OutputFiles.requireExtension(path, OutputKind.figureExtensions, option: option)
    guard let format = FigureFormat(path: path) else {
      throw ValidationError("\(option) '\(path)': checkerscope writes .png or .svg figures")
    }
    return format
  }

  /// The file's bytes: a PNG at `scale` with `text` as tEXt chunks, or the SVG at `scale` with the
  /// same entries in a `<metadata>` element.
  static func encode(_ figure: Figure, format: FigureFormat, scale: Double, text: [PNGTextChunk]) throws
    -> [UInt8]
  {
    switch format {
    case .png:
      let image = try figure.raster(scale: scale)
      return try PNGImage(rgb: image, text: text).encoded()
    case .svg:
      return Array(try figure.svg(scale: scale, metadata: text.map { ($0.key, $0.value) }).utf8)
    }
  }

  /// Draws and writes atomically (a temporary file beside `path`, then a rename); nothing is
  /// written when drawing fails.
  static func write(_ figure: Figure, to path: String, scale: Double, text: [PNGTextChunk]) throws {
    try write(
      bytes: try encode(figure, format: try format(of: path, option: "the output"), scale: scale, text: text),
      to: path)
  }

  /// Writes encoded figure bytes atomically.
  static func write(bytes: [UInt8], to path: String) throws {
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw CLIError(error.description)
    }
  }

  /// Writes named, already encoded figures into `directory` (created when missing), each file
  /// atomically; `folderOption` names the option in the error when the folder cannot be made.
  static func write(_ files: [(name: String, bytes: [UInt8])], into directory: String, folderOption: String)
    throws
  {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw CLIError(
        path: directory, "cannot create the \(folderOption) folder: \(error.localizedDescription)")
    }
    for (name, bytes) in files {
      try write(bytes: bytes, to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
    }
  }
}
