import Foundation
import TestSupport
import Testing

@testable import PNGIO

/// libpng's rule for damaged chunks: an ancillary chunk that is empty, misplaced or duplicated is
/// a benign error (a warning, the chunk skipped, the pixels decoded); a damaged critical chunk is
/// an error. Fixtures made by `Scripts/make_png_damage_fixtures.py`.
@Suite("PNG damaged chunks")
struct PNGAncillaryDamageTests {
  static func path(_ file: String) -> String { FixturePaths.url("png-damage/\(file)").path }

  @Test("libpng's empty_ancillary_chunks.png decodes with warnings")
  func emptyAncillaryChunks() throws {
    let (image, info) = try PNGImage.readWithInfo(from: Self.path("empty_ancillary_chunks.png"))
    // A 1×1 1-bit palette image whose only pixel is palette entry 0, (128, 0, 128), as written.
    #expect(image == PNGImage(width: 1, height: 1, channels: 3, samples: .uint8([128, 0, 128])))
    #expect(info.colorType.rawValue == 3 && info.bitDepth == 1)
    #expect(info.warnings.contains { $0.hasPrefix("bKGD:") })
    #expect(info.warnings.contains { $0.hasPrefix("cHRM:") })
    // The header alone (no pixels) is read as well.
    #expect(try PNGInfo.read(from: Self.path("empty_ancillary_chunks.png")).width == 1)
  }

  @Test(
    "damage to a critical chunk is an error naming the file and the chunk",
    arguments: ["grey_with_bad_plte.png", "palette_short_plte.png"])
  func damagedCritical(file: String) {
    let path = Self.path(file)
    do {
      _ = try PNGImage.read(from: path)
      Issue.record("\(file) was accepted")
    } catch {
      #expect(error.path == path)
      #expect(error.description.contains("PLTE"))
    }
  }

  @Test("an empty bKGD before the image data is a warning, a misplaced one after it too")
  func emptyBackground() throws {
    for position in ["before", "after"] {
      let empty = PNGBuilder.chunk("bKGD", [])
      var bytes = PNGBuilder.grey(width: 2, height: 2, before: position == "before" ? empty : [])
      if position == "after" { bytes.insert(contentsOf: empty, at: bytes.count - 12) }
      let (image, info) = try PNGImage.decodeWithInfo(bytes)
      #expect(image.samples == .uint8([7, 7, 7, 7]))
      #expect(info.warnings.contains { $0.hasPrefix("bKGD:") }, "\(position): \(info.warnings)")
    }
  }
}
