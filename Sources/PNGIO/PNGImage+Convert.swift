import CheckerscopeCore

extension PNGImage {
  /// The image with `target` channels (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA).
  ///
  /// Colour to grey uses ITU-R BT.601 luma, `Y = round(0.299·R + 0.587·G + 0.114·B)` with halves
  /// rounded up (computed exactly in integers as `(299·R + 587·G + 114·B + 500) / 1000`); grey to
  /// colour repeats the grey value; a missing alpha becomes fully opaque (255 or 65535); an alpha
  /// that is not wanted is dropped, not composited. Bit depth and text are unchanged.
  /// Precondition: `target` is 1…4. O(pixels).
  public func converted(toChannels target: Int) -> PNGImage {
    precondition((1...4).contains(target), "channels must be 1…4, got \(target)")
    if target == channels { return self }
    let converted: Samples
    switch samples {
    case .uint8(let values): converted = .uint8(Self.convert(values, from: channels, to: target))
    case .uint16(let values): converted = .uint16(Self.convert(values, from: channels, to: target))
    }
    return PNGImage(width: width, height: height, channels: target, samples: converted, text: text)
  }

  /// The image with `depth`-bit samples (8 or 16).
  ///
  /// 8 → 16 multiplies by 257 (0 → 0, 255 → 65535, exact); 16 → 8 is `round(v · 255 / 65535)`
  /// with halves rounded up. Precondition: `depth` is 8 or 16. O(samples).
  public func converted(toBitDepth depth: Int) -> PNGImage {
    precondition(depth == 8 || depth == 16, "bit depth must be 8 or 16, got \(depth)")
    let converted: Samples
    switch (samples, depth) {
    case (.uint8(let values), 16): converted = .uint16(values.map { UInt16($0) &* 257 })
    case (.uint16(let values), 8):
      converted = .uint8(values.map { UInt8((UInt32($0) * 255 + 32767) / 65535) })
    default: return self
    }
    return PNGImage(width: width, height: height, channels: channels, samples: converted, text: text)
  }

  static func convert<T: FixedWidthInteger & UnsignedInteger>(_ source: [T], from: Int, to: Int) -> [T] {
    let pixels = source.count / from
    let sourceHasAlpha = from == 2 || from == 4
    let targetHasAlpha = to == 2 || to == 4
    return [T](unsafeUninitializedCapacity: pixels * to) { out, initialized in
      for p in 0..<pixels {
        let s = p * from
        let colour: (T, T, T)
        if from >= 3 {
          colour = (source[s], source[s + 1], source[s + 2])
        } else {
          colour = (source[s], source[s], source[s])
        }
        let alpha = sourceHasAlpha ? source[s + from - 1] : T.max
        let d = p * to
        if to <= 2 {
          if from >= 3 {
            let luma = Luma.rec601(UInt64(colour.0), UInt64(colour.1), UInt64(colour.2))
            out[d] = T(luma)
          } else {
            out[d] = colour.0
          }
        } else {
          out[d] = colour.0
          out[d + 1] = colour.1
          out[d + 2] = colour.2
        }
        if targetHasAlpha { out[d + to - 1] = alpha }
      }
      initialized = pixels * to
    }
  }
}
