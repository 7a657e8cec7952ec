import Foundation

extension PNGImage {
  /// Reads and decodes the PNG file at `path`.
  ///
  /// Accepts every PNG libpng accepts (colour types 0/2/3/4/6, bit depths 1–16, Adam7). Decoding:
  /// bit depths below 8 are scaled to 8 bits (×255, ×85, ×17); palettes become RGB (RGBA with
  /// tRNS); a tRNS colour key becomes an alpha channel; 16-bit samples stay 16-bit (native
  /// `UInt16`); no gamma, sBIT or background is applied. `options.expandToRGBA` gives 4 channels.
  /// Errors name `path`. O(pixels).
  public static func read(from path: String, options: PNGReadOptions = .init()) throws(PNGIOError) -> PNGImage
  {
    try readWithInfo(from: path, options: options).image
  }

  /// Decodes PNG bytes held in memory, with the rules of `read(from:options:)`; `path` names the
  /// source in errors.
  public static func decode(_ bytes: [UInt8], path: String = "<memory>", options: PNGReadOptions = .init())
    throws(PNGIOError) -> PNGImage
  {
    try decodeWithInfo(bytes, path: path, options: options).image
  }

  /// Reads a PNG file and also returns its header facts, including the text chunks after the
  /// image data.
  public static func readWithInfo(from path: String, options: PNGReadOptions = .init())
    throws(PNGIOError) -> (image: PNGImage, info: PNGInfo)
  {
    try decodeWithInfo(try FileIO.readBytes(path), path: path, options: options)
  }

  /// Decodes PNG bytes and also returns their header facts.
  public static func decodeWithInfo(
    _ bytes: [UInt8], path: String = "<memory>", options: PNGReadOptions = .init()
  )
    throws(PNGIOError) -> (image: PNGImage, info: PNGInfo)
  {
    let (info, image) = try PNGDecoder.decode(bytes, path: path, options: options, pixels: true)
    guard let image else { throw .corrupt(path: path, message: "no pixels were decoded") }
    return (image, info)
  }
}

extension PNGInfo {
  /// Reads only the header of the PNG at `path`: IHDR, and the chunks before the image data.
  ///
  /// No pixels are decoded, so this is fast and does not check the image data; text chunks
  /// after the image data are not seen (use `PNGImage.readWithInfo` for those).
  public static func read(from path: String, options: PNGReadOptions = .init()) throws(PNGIOError) -> PNGInfo
  {
    try decode(try FileIO.readBytes(path), path: path, options: options)
  }

  /// Reads only the header of PNG bytes held in memory; see `read(from:options:)`.
  public static func decode(_ bytes: [UInt8], path: String = "<memory>", options: PNGReadOptions = .init())
    throws(PNGIOError) -> PNGInfo
  {
    try PNGDecoder.decode(bytes, path: path, options: options, pixels: false).info
  }
}
