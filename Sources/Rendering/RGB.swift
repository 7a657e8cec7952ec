import Foundation

/// One 8-bit sRGB colour.
public struct RGB: Sendable, Hashable, CustomStringConvertible {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// The colour nearest to the unit-range components: each is clamped to [0, 1], scaled by 255 and
  /// rounded half away from zero (`0.267004` → 68).
  public init(unit red: Double, _ green: Double, _ blue: Double) {
    self.init(RGB.byte(red), RGB.byte(green), RGB.byte(blue))
  }

  /// `#rrggbb`.
  public var description: String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for c in [red, green, blue] {
      text.append(digits[Int(c >> 4)])
      text.append(digits[Int(c & 15)])
    }
    return text
  }

  /// Relative luminance per WCAG 2 (sRGB components linearised, weights 0.2126, 0.7152, 0.0722),
  /// in [0, 1].
  public var relativeLuminance: Double {
    func linear(_ c: UInt8) -> Double {
      let v = Double(c) / 255
      return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
  }

  /// Black or white, whichever has the higher WCAG contrast ratio against this colour.
  public var contrastingText: RGB {
    let l = relativeLuminance
    let withBlack = (l + 0.05) / 0.05
    let withWhite = 1.05 / (l + 0.05)
    return withBlack >= withWhite ? .black : .white
  }

  public static let black = RGB(0, 0, 0)
  public static let white = RGB(255, 255, 255)

  /// Linear interpolation `a + (b − a)·t` per component, rounded; `t` is clamped to [0, 1].
  public static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
    let u = min(max(t, 0), 1)
    func m(_ x: UInt8, _ y: UInt8) -> Double { Double(x) + (Double(y) - Double(x)) * u }
    return RGB(unit: m(a.red, b.red) / 255, m(a.green, b.green) / 255, m(a.blue, b.blue) / 255)
  }

  static func byte(_ unit: Double) -> UInt8 {
    guard unit.isFinite else { return 0 }
    return UInt8((min(max(unit, 0), 1) * 255).rounded(.toNearestOrAwayFromZero))
  }
}
