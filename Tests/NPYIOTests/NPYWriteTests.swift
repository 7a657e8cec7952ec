import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import NPYIO

/// Writing `.npy` files: byte-identical to `numpy.save`, round trips, atomic writes.
@Suite("NPY writing")
struct NPYWriteTests {
  static func fixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: FixturePaths.url("npy/\(name)")))
  }

  @Test("float32 bytes equal numpy.save")
  func float32MatchesNumpy() throws {
    let array = NPYArray(shape: [2, 3], float32: [1.5, -2.0, 0.0, 3.25, 1e-3, -7.0])
    #expect(try array.encoded() == Self.fixture("write_f4.npy"))
  }

  @Test("uint8 bytes equal numpy.save")
  func uint8MatchesNumpy() throws {
    let array = NPYArray(shape: [2, 3, 4], uint8: (0..<24).map { UInt8($0) })
    #expect(try array.encoded() == Self.fixture("write_u1.npy"))
  }

  @Test("uint16 bytes equal numpy.save")
  func uint16MatchesNumpy() throws {
    let array = NPYArray(shape: [5], uint16: [0, 1, 256, 65535, 4660])
    #expect(try array.encoded() == Self.fixture("write_u2.npy"))
  }

  @Test("scalar and empty arrays equal numpy.save")
  func scalarAndEmpty() throws {
    #expect(try NPYArray(shape: [], float32: [2.5]).encoded() == Self.fixture("write_scalar.npy"))
    #expect(try NPYArray(shape: [0, 3], uint8: []).encoded() == Self.fixture("write_empty.npy"))
    let scalar = try NPYArray.decode(Self.fixture("write_scalar.npy"))
    #expect(scalar.shape == [] && scalar.floatValues() == [2.5])
  }

  @Test("round trips through a file", arguments: [[7], [3, 4], [2, 3, 5], [1, 1, 1, 9]])
  func roundTrip(shape: [Int]) throws {
    let n = shape.reduce(1, *)
    var rng = SplitMix64(seed: UInt64(n))
    let floats = NPYArray(shape: shape, float32: (0..<n).map { _ in Float(rng.unit() * 200 - 100) })
    let bytes = NPYArray(shape: shape, uint8: (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
    let words = NPYArray(shape: shape, uint16: (0..<n).map { _ in UInt16(truncatingIfNeeded: rng.next()) })
    let folder = try FixturePaths.temporaryDirectory("npy")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (index, array) in [floats, bytes, words].enumerated() {
      let path = folder.appendingPathComponent("a\(index).npy").path
      try array.write(to: path)
      #expect(try NPYArray.read(from: path) == array)
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "a0.npy", "a1.npy", "a2.npy",
      ])
  }

  @Test("a long shape switches to format 2.0 only when the header needs it")
  func longHeader() throws {
    let small = try NPYArray(shape: [1, 1], uint8: [5]).encoded()
    #expect(small[6] == 1 && small.count % 64 == 1)
    // 30,000 axes of extent 1 ("1, " each): the header passes 65,535 bytes, so format 2.0 is needed.
    let big = NPYArray(shape: [Int](repeating: 1, count: 30_000), uint8: [9])
    let bytes = try big.encoded()
    #expect(bytes[6] == 2)
    #expect((bytes.count - 1) % 64 == 0)
    #expect(try NPYArray.decode(bytes) == big)
  }

  @Test("types other than f4, u1, u2 are not written")
  func unsupportedWrite() throws {
    let array = NPYArray(shape: [2], float64: [1, 2])
    #expect(throws: NPYError.unsupportedWriteType(path: "<memory>", dtype: .float64)) { try array.encoded() }
    let folder = try FixturePaths.temporaryDirectory("npy")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("x.npy").path
    #expect(throws: NPYError.unsupportedWriteType(path: path, dtype: .float64)) { try array.write(to: path) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test("a write into a missing folder fails with the path and leaves nothing")
  func unwritable() {
    let path = "/nonexistent-folder-for-checkerscope/x.npy"
    do {
      try NPYArray(shape: [1], uint8: [1]).write(to: path)
      Issue.record("expected an error")
    } catch {
      #expect(error.path == path)
      #expect(error.description.hasPrefix(path + ": "))
    }
  }
}
