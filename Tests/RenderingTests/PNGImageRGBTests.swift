import PNGIO
import Rendering
import Testing

/// `PNGImage(rgb:text:)`, the one conversion from a drawn raster to a PNG image.
@Suite("PNGImage from an RGB raster")
struct PNGImageRGBTests {
  @Test("pixels become 8-bit RGB samples row by row, with the text chunks")
  func conversion() {
    var image = RGBImage(width: 2, height: 2, background: RGB(1, 2, 3))
    image.set(1, 0, RGB(255, 0, 128))
    image.set(0, 1, RGB(9, 8, 7))
    let text = [PNGTextChunk(key: "Software", value: "test")]
    let png = PNGImage(rgb: image, text: text)
    #expect(png.width == 2 && png.height == 2 && png.channels == 3)
    #expect(png.samples == .uint8([1, 2, 3, 255, 0, 128, 9, 8, 7, 1, 2, 3]))
    #expect(png.text == text)
  }
}
