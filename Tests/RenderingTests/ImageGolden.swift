import Foundation
import PNGIO
import Rendering
import TestSupport

/// Pixel goldens: PNG files under `Fixtures/golden/rendering/`, compared by decoded pixels (never
/// by file bytes). With `RECORD_GOLDENS=1` the actual picture is written as the new golden and the
/// comparison still fails, so a recording run never passes silently.
enum ImageGolden {
  /// nil when `image` equals the golden `name` pixel for pixel; otherwise what differs.
  static func mismatch(_ image: RGBImage, name: String) -> String? {
    let url = FixturePaths.url("golden/rendering/\(name).png")
    let png = PNGImage(rgb: image)
    if Golden.isRecording {
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: url.path, options: PNGWriteOptions(compressionLevel: 9))
        return "recorded golden rendering/\(name).png; look at it, then run again without RECORD_GOLDENS=1"
      } catch {
        return "could not record golden rendering/\(name).png: \(error)"
      }
    }
    let expected: PNGImage
    do {
      expected = try PNGImage.read(from: url.path)
    } catch {
      return
        "golden rendering/\(name).png is unreadable (\(error)); record it with RECORD_GOLDENS=1 swift test"
    }
    guard expected.width == image.width, expected.height == image.height, expected.channels == 3,
      case .uint8(let samples) = expected.samples
    else {
      return "golden rendering/\(name).png is \(expected.width)×\(expected.height)×\(expected.channels), "
        + "the picture \(image.width)×\(image.height)×3"
    }
    if samples == image.pixels { return nil }
    var differing = 0
    var first: (Int, Int)?
    for i in stride(from: 0, to: samples.count, by: 3)
    where samples[i] != image.pixels[i] || samples[i + 1] != image.pixels[i + 1]
      || samples[i + 2] != image.pixels[i + 2]
    {
      differing += 1
      if first == nil { first = ((i / 3) % image.width, (i / 3) / image.width) }
    }
    let actualURL = FileManager.default.temporaryDirectory.appendingPathComponent("actual-\(name).png")
    try? png.write(to: actualURL.path)
    let at = first.map { "first at (\($0.0), \($0.1))" } ?? ""
    return
      "golden rendering/\(name).png differs in \(differing) pixels, \(at); actual picture: \(actualURL.path)"
  }
}
