import PNGIO

extension PNGImage {
  /// A drawn raster as an 8-bit RGB PNG image, with `text` as its tEXt chunks: the one conversion
  /// from what Rendering draws to what PNGIO encodes (figures on the command line, in reports, in
  /// the bench and in the golden tests).
  public init(rgb image: RGBImage, text: [PNGTextChunk] = []) {
    self.init(
      width: image.width, height: image.height, channels: 3, samples: .uint8(image.pixels), text: text)
  }
}
