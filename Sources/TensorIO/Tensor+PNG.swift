import PNGIO
import TransposedConv

/// How tensor values become PNG samples.
public enum PNGToneMapping: String, Sendable, Hashable, CaseIterable {
  /// Values outside [0, 1] are clamped; NaN becomes 0.
  case clamp
  /// The finite minimum maps to 0 and the finite maximum to 1 (all 0 when they are equal);
  /// NaN becomes 0, +∞ 1 and −∞ 0.
  case normalize
}

extension Tensor {
  /// The image as a `(1, C, H, W)` tensor in [0, 1]: 8-bit samples divided by 255, 16-bit by
  /// 65535; channels (grey, grey+alpha, RGB, RGBA) become planes in their PNG order.
  /// Complexity: O(samples).
  public init(png image: PNGImage) {
    let (w, h, c) = (image.width, image.height, image.channels)
    let plane = w * h
    var data = [Float](repeating: 0, count: plane * c)
    switch image.samples {
    case .uint8(let samples):
      for p in 0..<plane {
        for k in 0..<c { data[k * plane + p] = Float(samples[p * c + k]) / 255 }
      }
    case .uint16(let samples):
      for p in 0..<plane {
        for k in 0..<c { data[k * plane + p] = Float(samples[p * c + k]) / 65535 }
      }
    }
    self.init(shape: [1, c, h, w], data: data)
  }

  /// Reads a PNG file as `(1, C, H, W)` in [0, 1] (see `init(png:)`) with its bit depth. Text
  /// chunks are skipped unread.
  public static func readPNG(from path: String) throws(TensorIOError) -> (tensor: Tensor, bitDepth: Int) {
    let read = try readPNGWithWarnings(from: path)
    return (read.tensor, read.bitDepth)
  }

  /// `readPNG(from:)` that also returns libpng's warnings (damaged ancillary chunks that were
  /// skipped, e.g. `bKGD: out of place`), one per element, for the caller to show.
  public static func readPNGWithWarnings(from path: String)
    throws(TensorIOError) -> (tensor: Tensor, bitDepth: Int, warnings: [String])
  {
    let image: PNGImage
    let info: PNGInfo
    do {
      (image, info) = try PNGImage.readWithInfo(from: path, options: PNGReadOptions(readText: false))
    } catch {
      throw .png(error)
    }
    return (Tensor(png: image), image.bitDepth, info.warnings)
  }

  /// The tensor as a PNG image: shape `(1, C, H, W)` with C from 1 to 4, values mapped to
  /// [0, 1] by `mapping`, then `round(v · 255)` or `round(v · 65535)` for `bitDepth` 8 or 16.
  /// `path` only names the destination in errors. Complexity: O(elements).
  public func pngImage(bitDepth: Int, mapping: PNGToneMapping, path: String = "<memory>")
    throws(TensorIOError) -> PNGImage
  {
    guard shape.count == 4, shape[0] == 1, (1...4).contains(shape[1]), shape[2] >= 1, shape[3] >= 1 else {
      throw .notAnImage(path: path, shape: shape)
    }
    guard bitDepth == 8 || bitDepth == 16 else { throw .unsupportedBitDepth(path: path, bitDepth: bitDepth) }
    let (c, h, w) = (shape[1], shape[2], shape[3])
    let plane = h * w
    let unit = mappedToUnit(mapping)
    let scale: Float = bitDepth == 8 ? 255 : 65535
    var levels = [UInt16](repeating: 0, count: plane * c)
    for k in 0..<c {
      for p in 0..<plane { levels[p * c + k] = UInt16((unit[k * plane + p] * scale).rounded()) }
    }
    let samples: PNGImage.Samples = bitDepth == 8 ? .uint8(levels.map { UInt8($0) }) : .uint16(levels)
    return PNGImage(width: w, height: h, channels: c, samples: samples)
  }

  /// Writes the tensor as a PNG (see `pngImage(bitDepth:mapping:path:)`), atomically.
  public func writePNG(to path: String, bitDepth: Int, mapping: PNGToneMapping) throws(TensorIOError) {
    let image = try pngImage(bitDepth: bitDepth, mapping: mapping, path: path)
    do {
      try image.write(to: path)
    } catch {
      throw .png(error)
    }
  }

  /// The elements mapped into [0, 1] (every result is finite and inside the interval).
  func mappedToUnit(_ mapping: PNGToneMapping) -> [Float] {
    switch mapping {
    case .clamp:
      return data.map { $0.isNaN ? 0 : min(1, max(0, $0)) }
    case .normalize:
      var lo = Float.infinity
      var hi = -Float.infinity
      for v in data where v.isFinite {
        lo = min(lo, v)
        hi = max(hi, v)
      }
      return data.map { v in
        if v.isNaN { return 0 }
        if v == .infinity { return 1 }
        if v == -.infinity { return 0 }
        guard hi > lo else { return 0 }
        return Float(min(1, max(0, (Double(v) - Double(lo)) / (Double(hi) - Double(lo)))))
      }
    }
  }
}
