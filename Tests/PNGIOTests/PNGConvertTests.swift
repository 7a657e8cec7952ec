import Testing

@testable import PNGIO

/// Channel and bit-depth conversions, against hand-computed values.
@Suite("PNG conversions")
struct PNGConvertTests {
  static let rgb = PNGImage(
    width: 4, height: 1, channels: 3, samples: .uint8([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]))

  @Test("RGB to grey uses BT.601 luma, rounded")
  func rgbToGrey() {
    // 0.299·255 = 76.245 → 76; 0.587·255 = 149.685 → 150; 0.114·255 = 29.07 → 29;
    // 0.299·10 + 0.587·20 + 0.114·30 = 2.99 + 11.74 + 3.42 = 18.15 → 18.
    #expect(Self.rgb.converted(toChannels: 1).samples == .uint8([76, 150, 29, 18]))
    #expect(Self.rgb.converted(toChannels: 2).samples == .uint8([76, 255, 150, 255, 29, 255, 18, 255]))
  }

  @Test("grey to colour repeats the value, alpha is added opaque or dropped")
  func greyToColour() {
    let greyAlpha = PNGImage(width: 2, height: 1, channels: 2, samples: .uint16([1000, 7, 65535, 0]))
    #expect(
      greyAlpha.converted(toChannels: 4).samples == .uint16([1000, 1000, 1000, 7, 65535, 65535, 65535, 0]))
    #expect(greyAlpha.converted(toChannels: 3).samples == .uint16([1000, 1000, 1000, 65535, 65535, 65535]))
    #expect(greyAlpha.converted(toChannels: 1).samples == .uint16([1000, 65535]))
    #expect(
      Self.rgb.converted(toChannels: 4).samples
        == .uint8([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255]))
    let rgba = PNGImage(width: 1, height: 1, channels: 4, samples: .uint8([10, 20, 30, 40]))
    #expect(rgba.converted(toChannels: 3).samples == .uint8([10, 20, 30]))
    #expect(rgba.converted(toChannels: 2).samples == .uint8([18, 40]))
    #expect(rgba.converted(toChannels: 4) == rgba)
  }

  @Test("bit depth: ×257 up, rounded ÷257 down")
  func bitDepth() {
    let eight = PNGImage(width: 4, height: 1, channels: 1, samples: .uint8([0, 1, 128, 255]))
    #expect(eight.converted(toBitDepth: 16).samples == .uint16([0, 257, 32896, 65535]))
    #expect(eight.converted(toBitDepth: 16).converted(toBitDepth: 8) == eight)
    // 128/257 = 0.498 → 0, 129/257 = 0.502 → 1, 32896/257 = 128, 65534/257 = 254.996 → 255.
    let sixteen = PNGImage(width: 4, height: 1, channels: 1, samples: .uint16([128, 129, 32896, 65534]))
    #expect(sixteen.converted(toBitDepth: 8).samples == .uint8([0, 1, 128, 255]))
  }
}
