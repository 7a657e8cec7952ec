import ArtifactDetection
import PNGIO
import TestSupport

/// The CC0 photographs of `Fixtures/images`, as Rec. 601 luminance in [0, 1].
enum Photographs {
  static let names = ["camera", "brick", "coffee", "chelsea"]

  static func load() throws -> [(String, GreyImage)] {
    try names.map { name in
      let png = try PNGImage.read(from: FixturePaths.url("images/\(name).png").path)
      guard case .uint8(let bytes) = png.samples else {
        throw PNGIOError.invalidImage(path: name, reason: "expected 8-bit")
      }
      let image = GreyImage(
        interleaved: bytes.map { Float($0) / 255 }, width: png.width, height: png.height,
        channels: png.channels)
      return (name, image)
    }
  }
}
