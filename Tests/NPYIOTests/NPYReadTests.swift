import Foundation
import TestSupport
import Testing

@testable import NPYIO

/// Reading the NumPy-written fixtures in `Fixtures/npy` (see `make_fixtures.py` there); the
/// expected values are restated here from that script.
@Suite("NPY reading")
struct NPYReadTests {
  static let ints: [Double] = [0, 1, -2, 100, -100, 7]
  static let uints: [Double] = [0, 1, 2, 100, 200, 7]
  static let floats: [Double] = [0.5, -1.25, 3.0, 1024.0, -0.0, 0.1]

  static func path(_ name: String) -> String { FixturePaths.url("npy/\(name)").path }

  static let cases: [(file: String, dtype: NPYDType, values: [Double])] = [
    ("bool.npy", .bool, [1, 0, 1, 1, 0, 0]),
    ("i1.npy", .int8, ints),
    ("u1.npy", .uint8, uints),
    ("i2.npy", .int16, ints), ("i2_be.npy", .int16, ints),
    ("u2.npy", .uint16, uints), ("u2_be.npy", .uint16, uints),
    ("i4.npy", .int32, ints), ("i4_be.npy", .int32, ints),
    ("u4.npy", .uint32, uints), ("u4_be.npy", .uint32, uints),
    ("i8.npy", .int64, ints), ("i8_be.npy", .int64, ints),
    ("u8.npy", .uint64, uints), ("u8_be.npy", .uint64, uints),
    ("f8.npy", .float64, floats), ("f8_be.npy", .float64, floats),
  ]

  @Test("every dtype and byte order", arguments: cases)
  func everyDType(file: String, dtype: NPYDType, values: [Double]) throws {
    let array = try NPYArray.read(from: Self.path(file))
    #expect(array.shape == [2, 3])
    #expect(array.dtype == dtype)
    #expect(array.count == 6)
    #expect(array.doubleValues() == values)
    #expect(array.floatValues() == values.map { Float($0) })
  }

  @Test("float32, both byte orders", arguments: ["f4.npy", "f4_be.npy"])
  func float32(file: String) throws {
    let array = try NPYArray.read(from: Self.path(file))
    #expect(array.dtype == .float32)
    #expect(array.floatValues() == Self.floats.map { Float($0) })
    #expect(array.floatValues()[4].sign == .minus)
  }

  @Test("uint8 and uint16 accessors")
  func typedAccessors() throws {
    let u1 = try NPYArray.read(from: Self.path("u1.npy"))
    #expect(u1.uint8Values == [0, 1, 2, 100, 200, 7])
    #expect(u1.uint16Values == nil)
    let u2 = try NPYArray.read(from: Self.path("u2_be.npy"))
    #expect(u2.uint16Values == [0, 1, 2, 100, 200, 7])
    #expect(u2.uint8Values == nil)
  }

  @Test("half floats decoded bit-exactly", arguments: ["f2.npy", "f2_be.npy"])
  func halfFloats(file: String) throws {
    let array = try NPYArray.read(from: Self.path(file))
    #expect(array.dtype == .float16)
    #expect(array.shape == [10])
    let v = array.floatValues()
    #expect(v[0] == 0 && v[0].sign == .plus)
    #expect(v[1] == 0 && v[1].sign == .minus)
    #expect(v[2] == 1)
    #expect(v[3] == -2)
    #expect(v[4] == 65504)
    #expect(v[5] == 0x1p-24)
    #expect(v[6] == .infinity)
    #expect(v[7] == -.infinity)
    #expect(v[8].isNaN)
    // 0.1 rounds to the half 0x2E66 = 1638 / 16384.
    #expect(v[9] == 0.0999755859375)
  }

  @Test("every half bit pattern against a plain formula")
  func halfFormula() {
    for bits in 0...UInt16.max {
      let sign: Double = bits & 0x8000 != 0 ? -1 : 1
      let e = Int(bits >> 10) & 0x1F
      let f = Double(bits & 0x3FF)
      let got = NPYArray.halfToFloat(bits)
      if e == 31 {
        #expect(f == 0 ? got == Float(sign * .infinity) : got.isNaN)
      } else {
        let expected = e == 0 ? sign * f * pow(2, -24) : sign * (1 + f / 1024) * pow(2, Double(e - 15))
        if Double(got) != expected || got.sign != (sign < 0 ? .minus : .plus) {
          Issue.record("half \(bits): got \(got), expected \(expected)")
          return
        }
      }
    }
  }

  @Test("format versions 2.0 and 3.0", arguments: ["v2.npy", "v3.npy"])
  func versions(file: String) throws {
    let bytes = [UInt8](try Data(contentsOf: FixturePaths.url("npy/\(file)")))
    #expect(bytes[6] == (file == "v2.npy" ? 2 : 3))
    let array = try NPYArray.decode(bytes)
    #expect(array.shape == [3, 2])
    #expect(array.floatValues() == [0, 1, 2, 3, 4, 5])
  }

  @Test("Fortran order is refused with the path")
  func fortran() {
    let path = Self.path("fortran.npy")
    #expect(throws: NPYError.fortranOrder(path: path)) { try NPYArray.read(from: path) }
    #expect(NPYError.fortranOrder(path: path).description.hasPrefix("\(path): "))
  }

  @Test("a missing file names the path")
  func missingFile() {
    let path = "/nonexistent/folder/a.npy"
    do {
      _ = try NPYArray.read(from: path)
      Issue.record("expected an error")
    } catch {
      #expect(error == .io(path: path, reason: "no such file; check the path"))
      #expect(error.description.hasPrefix("/nonexistent/folder/a.npy: "))
    }
  }
}
