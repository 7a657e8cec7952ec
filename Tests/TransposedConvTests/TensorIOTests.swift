import Foundation
import NPYIO
import TensorIO
import TestSupport
import Testing
import TransposedConv

/// Tensors to and from `.npy` and PNG.
@Suite struct TensorIOTests {
  @Test func npyRoundTripKeepsShapeAndValues() throws {
    let folder = try FixturePaths.temporaryDirectory("tensorio")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("t.npy").path
    let t = Tensor(shape: [2, 1, 3], data: [0, -1.5, 2.25, 1e-7, 3e8, -0])
    try t.writeNPY(to: path)
    let back = try Tensor.readNPY(from: path)
    #expect(back == t)
    let raw = try NPYArray.read(from: path)
    #expect(raw.dtype == .float32)
  }

  @Test func npyIntegersBecomeFloats() throws {
    let t = try Tensor(npy: NPYArray(shape: [1, 3], uint8: [0, 7, 255]))
    #expect(t.shape == [1, 3])
    #expect(t.data == [0, 7, 255])
  }

  @Test func emptyAndScalarArraysAreRefused() {
    #expect(throws: TensorIOError.emptyArray(path: "s.npy", shape: [])) {
      try Tensor(npy: NPYArray(shape: [], float32: [1]), path: "s.npy")
    }
    #expect(throws: TensorIOError.emptyArray(path: "e.npy", shape: [0, 3])) {
      try Tensor(npy: NPYArray(shape: [0, 3], float32: []), path: "e.npy")
    }
  }

  @Test func missingFileNamesThePath() {
    do {
      _ = try Tensor.readNPY(from: "/nonexistent/x.npy")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("/nonexistent/x.npy"))
    }
  }

  @Test func fileFormatFromExtension() throws {
    #expect(try TensorFileFormat(path: "a/b.NPY") == .npy)
    #expect(try TensorFileFormat(path: "b.png") == .png)
    #expect(throws: TensorIOError.unsupportedFileType(path: "c.jpg")) { try TensorFileFormat(path: "c.jpg") }
  }

  /// round(v·255): 0.5 → 127.5 → 128; values outside [0, 1] clamp; NaN → 0.
  @Test func clampTo8Bit() throws {
    let t = Tensor(shape: [1, 1, 1, 6], data: [0, 0.5, 1, 2, -1, .nan])
    let image = try t.pngImage(bitDepth: 8, mapping: .clamp)
    #expect(image.width == 6 && image.height == 1 && image.channels == 1)
    #expect(image.samples == .uint8([0, 128, 255, 255, 0, 0]))
  }

  /// Normalize maps −2…6 to 0…1: −2 → 0, 0 → 0.25, 2 → 0.5, 6 → 1; 16-bit 0.25 → 16383.75 → 16384.
  @Test func normalizeTo16Bit() throws {
    let t = Tensor(shape: [1, 1, 2, 2], data: [-2, 0, 2, 6])
    let image = try t.pngImage(bitDepth: 16, mapping: .normalize)
    #expect(image.samples == .uint16([0, 16384, 32768, 65535]))
  }

  /// Channels are planes in the tensor and interleaved in the image.
  @Test func planesInterleaveIntoPixels() throws {
    let t = Tensor(shape: [1, 3, 1, 2], data: [1, 0, 0, 1, 0, 0])
    let image = try t.pngImage(bitDepth: 8, mapping: .clamp)
    #expect(image.samples == .uint8([255, 0, 0, 0, 255, 0]))
    let back = Tensor(png: image)
    #expect(back == t)
  }

  @Test func pngRoundTripThroughAFile() throws {
    let folder = try FixturePaths.temporaryDirectory("tensorio")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("t.png").path
    let levels: [Float] = [0, 1, 2, 65534, 65535, 12345]
    let t = Tensor(shape: [1, 2, 1, 3], data: levels.map { $0 / 65535 })
    try t.writePNG(to: path, bitDepth: 16, mapping: .clamp)
    let (back, depth) = try Tensor.readPNG(from: path)
    #expect(depth == 16)
    #expect(back.shape == [1, 2, 1, 3])
    #expect(back.data.map { ($0 * 65535).rounded() } == levels)
  }

  /// PngSuite basn0g08 is 8-bit grey, basn2c16 16-bit RGB (Fixtures/pngsuite/MANIFEST.tsv).
  @Test func pngSuiteShapesAndScales() throws {
    let (grey, greyDepth) = try Tensor.readPNG(from: FixturePaths.url("pngsuite/basn0g08.png").path)
    #expect(grey.shape == [1, 1, 32, 32])
    #expect(greyDepth == 8)
    #expect(
      grey.data.allSatisfy { v in (v * 255).rounded() == v * 255 || abs((v * 255).rounded() - v * 255) < 1e-3
      })
    let (rgb, rgbDepth) = try Tensor.readPNG(from: FixturePaths.url("pngsuite/basn2c16.png").path)
    #expect(rgb.shape == [1, 3, 32, 32])
    #expect(rgbDepth == 16)
    #expect(rgb.data.allSatisfy { (0...1).contains($0) })
  }

  @Test func nonImageShapesAreRefused() {
    #expect(throws: TensorIOError.notAnImage(path: "o.png", shape: [2, 1, 3, 3])) {
      try Tensor(shape: [2, 1, 3, 3]).pngImage(bitDepth: 8, mapping: .clamp, path: "o.png")
    }
    #expect(throws: TensorIOError.notAnImage(path: "o.png", shape: [1, 5, 3, 3])) {
      try Tensor(shape: [1, 5, 3, 3]).pngImage(bitDepth: 8, mapping: .clamp, path: "o.png")
    }
    #expect(throws: TensorIOError.unsupportedBitDepth(path: "o.png", bitDepth: 12)) {
      try Tensor(shape: [1, 1, 3, 3]).pngImage(bitDepth: 12, mapping: .clamp, path: "o.png")
    }
  }
}
