import Foundation
import TestSupport
import Testing

@testable import PNGIO

/// Conformance against PngSuite: decoded pixels, expanded to RGBA as `Fixtures/pngsuite/README.md`
/// describes, must hash to `MANIFEST.tsv`'s SHA-256 (made by pypng, cross-checked by libpng and
/// swift-png); every `x*.png` must be refused.
@Suite("PngSuite conformance")
struct PngSuiteTests {
  struct Entry: Sendable, CustomTestStringConvertible {
    var file: String
    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: Int
    var interlace: Int
    var valid: Bool
    var sha256: String
    var testDescription: String { file }
  }

  static let manifest: [Entry] = {
    guard let text = try? String(contentsOf: FixturePaths.url("pngsuite/MANIFEST.tsv"), encoding: .utf8)
    else {
      return []
    }
    return text.split(separator: "\n").dropFirst().map { line in
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return Entry(
        file: f[0], width: Int(f[1]) ?? -1, height: Int(f[2]) ?? -1, bitDepth: Int(f[3]) ?? -1,
        colorType: Int(f[4]) ?? -1, interlace: Int(f[5]) ?? -1, valid: f[6] == "valid", sha256: f[8])
    }
  }()

  static var valid: [Entry] { manifest.filter(\.valid) }
  static var invalid: [Entry] { manifest.filter { !$0.valid } }

  static func path(_ file: String) -> String { FixturePaths.url("pngsuite/\(file)").path }

  /// The bytes the manifest hashes: 8-bit samples as is, 16-bit samples big-endian.
  static func manifestBytes(_ samples: PNGImage.Samples) -> [UInt8] {
    switch samples {
    case .uint8(let v): return v
    case .uint16(let v): return v.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
  }

  @Test("the manifest lists 161 valid and 14 invalid files")
  func manifestCounts() {
    #expect(Self.valid.count == 161)
    #expect(Self.invalid.count == 14)
  }

  @Test("SHA-256 known answers")
  func sha256KnownAnswers() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test("valid files decode to the manifest's RGBA hash", arguments: valid)
  func validFile(entry: Entry) throws {
    let (image, info) = try PNGImage.readWithInfo(
      from: Self.path(entry.file), options: PNGReadOptions(expandToRGBA: true))
    #expect(info.width == entry.width && info.height == entry.height)
    #expect(info.bitDepth == entry.bitDepth)
    #expect(info.colorType.rawValue == entry.colorType)
    #expect(info.interlaced == (entry.interlace == 1))
    #expect(image.width == entry.width && image.height == entry.height && image.channels == 4)
    #expect(image.bitDepth == (entry.bitDepth == 16 ? 16 : 8))
    #expect(SHA256.hex(Self.manifestBytes(image.samples)) == entry.sha256)
  }

  @Test("natural decoding keeps the channel count and agrees with the RGBA expansion", arguments: valid)
  func naturalDecoding(entry: Entry) throws {
    let path = Self.path(entry.file)
    let rgba = try PNGImage.read(from: path, options: PNGReadOptions(expandToRGBA: true))
    let (natural, info) = try PNGImage.readWithInfo(from: path)
    let base = [1, 0, 3, 3, 1, 0, 3][entry.colorType]
    let hasAlpha = entry.colorType == 4 || entry.colorType == 6 || info.hasTransparencyChunk
    #expect(natural.channels == base + (hasAlpha ? 1 : 0))
    #expect(info.channels == natural.channels)
    #expect(natural.bitDepth == rgba.bitDepth)
    let opaque = natural.bitDepth == 16 ? 65535 : 255
    let n = natural.samples.values
    let e = rgba.samples.values
    let c = natural.channels
    for p in 0..<(natural.width * natural.height) {
      let px = Array(n[(p * c)..<(p * c + c)])
      let expected: [Int]
      switch c {
      case 1: expected = [px[0], px[0], px[0], opaque]
      case 2: expected = [px[0], px[0], px[0], px[1]]
      case 3: expected = px + [opaque]
      default: expected = px
      }
      if Array(e[(p * 4)..<(p * 4 + 4)]) != expected {
        Issue.record("pixel \(p): natural \(px), RGBA \(Array(e[(p * 4)..<(p * 4 + 4)]))")
        return
      }
    }
  }

  @Test("invalid files are refused with an error naming the file", arguments: invalid)
  func invalidFile(entry: Entry) {
    let path = Self.path(entry.file)
    do {
      _ = try PNGImage.read(from: path)
      Issue.record("\(entry.file) was accepted")
    } catch {
      #expect(error.path == path)
      #expect(error.description.hasPrefix(path + ": "))
    }
  }

  @Test("text chunks: tEXt, zTXt and iTXt")
  func textChunks() throws {
    for file in ["ct1n0g04.png", "ctzn0g04.png"] {
      let text = try PNGImage.read(from: Self.path(file)).text
      #expect(text.first { $0.key == "Title" }?.value == "PngSuite")
      #expect(text.first { $0.key == "Author" }?.value == "Willem A.J. van Schaik\n(willem@schaik.com)")
      #expect(text.first { $0.key == "Disclaimer" }?.value == "Freeware.")
      #expect(text.count == 6)
    }
    let japanese = try PNGImage.read(from: Self.path("ctjn0g04.png")).text
    #expect(japanese.first { $0.key == "Copyright" }?.value == "著作権ウィレムヴァンシャイク、カナダ2011")
    let finnish = try PNGImage.read(from: Self.path("ctfn0g04.png")).text
    #expect(finnish.first { $0.key == "Software" }?.value == "Luotu NeXTstation väriä \"pnmtopng\".")
    #expect(try PNGImage.read(from: Self.path("ct0n0g04.png")).text.isEmpty)
  }

  @Test("header-only info matches the manifest without decoding pixels", arguments: valid)
  func headerInfo(entry: Entry) throws {
    let info = try PNGInfo.read(from: Self.path(entry.file))
    #expect(info.width == entry.width && info.height == entry.height)
    #expect(info.bitDepth == entry.bitDepth && info.colorType.rawValue == entry.colorType)
  }
}

extension PNGImage.Samples {
  /// The samples as `Int`s, for comparisons in tests.
  var values: [Int] {
    switch self {
    case .uint8(let v): return v.map(Int.init)
    case .uint16(let v): return v.map(Int.init)
    }
  }
}
