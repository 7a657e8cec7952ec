import Foundation
import TestSupport
import Testing

@testable import NPYIO

/// 64-bit integers (`Scripts/npy_int64_fixtures.py`): read exactly, converted to Float or Double
/// only where the value fits exactly.
@Suite("NPY 64-bit integers")
struct NPYInt64Tests {
  static func path(_ name: String) -> String { FixturePaths.url("npy/\(name)").path }

  @Test("small int64 and uint64 values convert exactly to both types", arguments: ["i8.npy", "i8_be.npy"])
  func smallSigned(file: String) throws {
    let array = try NPYArray.read(from: Self.path(file))
    #expect(array.dtype == .int64 && array.shape == [2, 3])
    #expect(try array.exactFloatValues() == [0, 1, -2, 100, -100, 7])
    #expect(try array.exactDoubleValues() == [0, 1, -2, 100, -100, 7])
  }

  @Test("the edges of exactness: 2^24 + 1 is refused for Float, 2^53 + 1 for Double")
  func wideSigned() throws {
    let file = Self.path("i8_wide.npy")
    let array = try NPYArray.read(from: file)
    #expect(array.dtype == .int64 && array.shape == [6])
    #expect(throws: NPYError.inexactValue(path: file, index: 2, value: "16777217", type: "float32")) {
      try array.exactFloatValues(path: file)
    }
    #expect(
      throws: NPYError.inexactValue(path: file, index: 5, value: "9007199254740993", type: "float64")
    ) { try array.exactDoubleValues(path: file) }
    // The first five are exact in Double: 2^53, −2^53, 2^24 + 1, 2^62, −2^63.
    let firstFive: [Double] = [0x1p53, -0x1p53, 16_777_217, 0x1p62, -0x1p63]
    #expect(Array(array.doubleValues().prefix(5)) == firstFive)
    let message = NPYError.inexactValue(path: file, index: 5, value: "9007199254740993", type: "float64")
      .description
    #expect(message.hasPrefix("\(file): element 5 is 9007199254740993, which float64 cannot hold exactly"))
  }

  @Test("uint64: 2^63 is exact, 2^64 − 1 is refused")
  func wideUnsigned() throws {
    let array = try NPYArray.read(from: Self.path("u8_wide.npy"))
    #expect(array.dtype == .uint64)
    #expect(Array(array.doubleValues().prefix(2)) == [0, 0x1p63])
    #expect(
      throws: NPYError.inexactValue(
        path: "<memory>", index: 2, value: "18446744073709551615", type: "float64")
    ) { try array.exactDoubleValues() }
    #expect(
      throws: NPYError.inexactValue(
        path: "<memory>", index: 2, value: "18446744073709551615", type: "float32")
    ) { try array.exactFloatValues() }
    let unsigned = try NPYArray.read(from: Self.path("u8_be.npy"))
    #expect(try unsigned.exactFloatValues() == [0, 1, 2, 100, 200, 7])
  }
}
