import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import NPYIO

/// Malformed `.npy` input is a clear error, never a crash.
@Suite("NPY malformed input")
struct NPYMalformedTests {
  /// A version 1.0 file with the given header text (padded like NumPy) and data bytes.
  static func file(header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
    var text = Array(header.utf8)
    let prefix = version == 1 ? 10 : 12
    while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
    text.append(0x0A)
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    for i in 0..<(prefix - 8) { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * i))) }
    return bytes + text + data
  }

  static func header(_ descr: String = "<f4", fortran: String = "False", shape: String = "(2,)") -> String {
    "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }"
  }

  @Test("the helper builds a valid file")
  func helperIsValid() throws {
    let array = try NPYArray.decode(
      Self.file(header: Self.header(), data: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]))
    #expect(array.floatValues() == [1, 2])
  }

  @Test("bad magic")
  func badMagic() {
    #expect(throws: NPYError.notNPY(path: "m.npy")) {
      try NPYArray.decode(Array("PK\u{3}\u{4}hello".utf8), path: "m.npy")
    }
    #expect(throws: NPYError.notNPY(path: "<memory>")) { try NPYArray.decode([0x89, 0x50, 0x4E, 0x47]) }
    #expect(throws: NPYError.truncatedHeader(path: "<memory>", needed: 10, available: 0)) {
      try NPYArray.decode([])
    }
  }

  @Test("unsupported versions", arguments: [(0, 0), (1, 1), (4, 0), (255, 255)])
  func versions(major: Int, minor: Int) {
    var bytes = Self.file(header: Self.header(), data: [UInt8](repeating: 0, count: 8))
    bytes[6] = UInt8(major)
    bytes[7] = UInt8(minor)
    #expect(throws: NPYError.unsupportedVersion(path: "<memory>", major: major, minor: minor)) {
      try NPYArray.decode(bytes)
    }
  }

  static let badHeaders: [String] = [
    "",
    "[1, 2]",
    "{'descr': '<f4', 'fortran_order': False}",
    "{'descr': '<f4', 'shape': (2,)}",
    "{'fortran_order': False, 'shape': (2,)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
    "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
    "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': 2}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
    "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",
    "{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}",
    "{'descr': <f4, 'fortran_order': False, 'shape': (2,)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} trailing",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,)}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 100) + "}",
    "{1: 2}",
    "{'descr': '\\x3cf4', 'fortran_order': False, 'shape': (2,)}",
  ]

  @Test("malformed header dictionaries", arguments: badHeaders)
  func badHeader(header: String) {
    do {
      _ = try NPYArray.decode(Self.file(header: header, data: [UInt8](repeating: 0, count: 8)), path: "h.npy")
      Issue.record("accepted \(header)")
    } catch {
      guard case .malformedHeader(let path, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(path == "h.npy" && !reason.isEmpty)
      #expect(error.description.hasPrefix("h.npy: malformed .npy header: "))
    }
  }

  @Test("unsupported dtypes", arguments: ["<i16", "<c8", "<f16", "<U4", "|O", "", "f", "<V8"])
  func unsupportedDType(descr: String) {
    #expect(throws: NPYError.unsupportedDType(path: "<memory>", descr: descr)) {
      try NPYArray.decode(Self.file(header: Self.header(descr), data: [UInt8](repeating: 0, count: 16)))
    }
  }

  @Test("structured dtypes are refused as malformed, not crashed on")
  func structured() {
    let header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }"
    #expect(throws: NPYError.self) {
      try NPYArray.decode(Self.file(header: header, data: [UInt8](repeating: 0, count: 8)))
    }
  }

  @Test("data size must match the shape exactly")
  func dataSize() {
    let header = Self.header(shape: "(2, 3)")
    for size in [0, 23, 25, 48] {
      #expect(
        throws: NPYError.dataSizeMismatch(
          path: "<memory>", shape: [2, 3], itemSize: 4, expectedBytes: 24, actualBytes: size)
      ) { try NPYArray.decode(Self.file(header: header, data: [UInt8](repeating: 0, count: size))) }
    }
  }

  @Test("absurd shapes overflow cleanly")
  func absurdShapes() {
    let shape = "(4294967296, 4294967296, 4294967296)"
    #expect(throws: NPYError.shapeTooLarge(path: "<memory>", shape: [1 << 32, 1 << 32, 1 << 32])) {
      try NPYArray.decode(Self.file(header: Self.header(shape: shape)))
    }
    let big = "(\(Int.max / 2),)"
    #expect(throws: NPYError.shapeTooLarge(path: "<memory>", shape: [Int.max / 2])) {
      try NPYArray.decode(Self.file(header: Self.header(shape: big)))
    }
    let huge = "(1000000000, 1000000000)"
    #expect(throws: NPYError.self) { try NPYArray.decode(Self.file(header: Self.header(shape: huge))) }
  }

  @Test("a header length past the file end is a truncation")
  func headerLength() {
    var bytes = Self.file(header: Self.header(), data: [UInt8](repeating: 0, count: 8))
    bytes[8] = 0xFF
    bytes[9] = 0xFF
    #expect(throws: NPYError.truncatedHeader(path: "<memory>", needed: 10 + 0xFFFF, available: bytes.count)) {
      try NPYArray.decode(bytes)
    }
  }

  @Test(
    "every truncation of valid files is an error, never a crash",
    arguments: ["f8_be.npy", "v3.npy", "f2.npy"])
  func truncations(name: String) throws {
    let bytes = [UInt8](try Data(contentsOf: FixturePaths.url("npy/\(name)")))
    for length in 0..<bytes.count {
      #expect(throws: NPYError.self) { try NPYArray.decode(Array(bytes[0..<length])) }
    }
  }

  @Test("random bit flips never crash")
  func bitFlips() throws {
    let bytes = [UInt8](try Data(contentsOf: FixturePaths.url("npy/i4_be.npy")))
    var rng = SplitMix64(seed: 42)
    var errors = 0
    for _ in 0..<3000 {
      var copy = bytes
      for _ in 0..<(1 + Int(rng.next() % 3)) {
        let bit = Int(rng.next() % UInt64(bytes.count * 8))
        copy[bit / 8] ^= 1 << UInt8(bit % 8)
      }
      do {
        let array = try NPYArray.decode(copy)
        #expect(array.count * array.dtype.itemSize <= copy.count)
      } catch {
        errors += 1
        #expect(!error.description.isEmpty)
      }
    }
    #expect(errors > 0)
  }
}
