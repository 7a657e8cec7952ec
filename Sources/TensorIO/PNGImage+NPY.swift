import NPYIO
import PNGIO

/// The glue between `.npy` arrays and PNG images (what `checkerscope convert` does): an image's
/// samples as an (H, W, C) array and back, optionally mapping a value range to pixel values.
public enum ImageArrays {
  /// The (H, W, C) array of an image's samples, uint8 or uint16 as the image.
  public static func array(from image: PNGImage) -> NPYArray {
    let shape = [image.height, image.width, image.channels]
    switch image.samples {
    case .uint8(let values): return NPYArray(shape: shape, uint8: values)
    case .uint16(let values): return NPYArray(shape: shape, uint16: values)
    }
  }

  /// An image from an (H, W) or (H, W, C) array, C in 1…4.
  ///
  /// With `range`, each value v becomes `round(clamp((v − LO) / (HI − LO), 0, 1) · M)` where M is
  /// 255 or 65535 (`bitDepth`, default 8), halves rounded away from zero; NaN becomes 0. Without
  /// `range`, the array must be uint8 or uint16 and is used as it is.
  public static func image(from array: NPYArray, path: String, range: SampleRange?, bitDepth: Int?)
    throws(TensorIOError) -> PNGImage
  {
    let shape = array.shape
    guard shape.count == 2 || (shape.count == 3 && (1...4).contains(shape[2])) else {
      throw .notAnImageArray(
        path: path,
        reason:
          "expected an array of shape (H, W) or (H, W, C) with C from 1 to 4, got \(tuple(shape)); reshape it before converting"
      )
    }
    let height = shape[0]
    let width = shape[1]
    let channels = shape.count == 3 ? shape[2] : 1
    guard height >= 1, width >= 1 else {
      throw .notAnImageArray(path: path, reason: "the array \(tuple(shape)) has no pixels")
    }
    // libpng's limits on writing, checked before any value is converted.
    do {
      try PNGImage.checkWritable(width: width, height: height, path: path)
    } catch {
      throw .png(error)
    }
    if let range {
      let maximum = bitDepth == 16 ? 65535.0 : 255.0
      let scale = maximum / (range.high - range.low)
      let values: [Double]
      do {
        values = try array.exactDoubleValues(path: path)
      } catch {
        throw .npy(error)
      }
      let mapped = values.map { v -> Double in
        guard !v.isNaN else { return 0 }
        return ((v - range.low) * scale).clamped(0, maximum).rounded()
      }
      let samples: PNGImage.Samples =
        bitDepth == 16 ? .uint16(mapped.map { UInt16($0) }) : .uint8(mapped.map { UInt8($0) })
      return PNGImage(width: width, height: height, channels: channels, samples: samples)
    }
    if let values = array.uint8Values {
      return PNGImage(width: width, height: height, channels: channels, samples: .uint8(values))
    }
    if let values = array.uint16Values {
      return PNGImage(width: width, height: height, channels: channels, samples: .uint16(values))
    }
    throw .notAnImageArray(
      path: path,
      reason:
        "\(array.dtype.name) values need --range LO,HI to map them to pixel values (only uint8 and uint16 arrays convert as they are)"
    )
  }

  public static func tuple(_ shape: [Int]) -> String { NPYError.tuple(shape) }

  /// Converts a PNG file to a `.npy` file of its (H, W, C) samples as they are, decoding the
  /// pixels straight into the bytes that are written (held once). Text chunks are not read.
  /// Returns libpng's warnings (damaged ancillary chunks that were skipped).
  @discardableResult
  public static func convertUnchanged(png input: String, npy output: String) throws(TensorIOError) -> [String]
  {
    let bytes: [UInt8]
    let info: PNGInfo
    do {
      (info, bytes) = try PNGImage.readSamples(from: input, options: PNGReadOptions(readText: false)) {
        info in
        let dtype: NPYDType = info.decodedBitDepth == 16 ? .uint16 : .uint8
        return NPYArray.fileHeader(shape: [info.height, info.width, info.channels], dtype: dtype) ?? []
      }
    } catch {
      throw .png(error)
    }
    do {
      try NPYArray.write(encoded: bytes, to: output)
    } catch {
      throw .npy(error)
    }
    return info.warnings
  }
}

/// Array values `low…high` that map to the darkest and brightest pixel value (`--range LO,HI`).
public struct SampleRange: Sendable, Equatable {
  public var low: Double
  public var high: Double

  /// Two finite numbers with `low < high`; nil otherwise.
  public init?(low: Double, high: Double) {
    guard low.isFinite, high.isFinite, low < high else { return nil }
    self.low = low
    self.high = high
  }

  /// Reads `LO,HI` (spaces around each number allowed); nil unless both are finite and LO < HI.
  public init?(parsing text: String) {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Double(parts[0].trimmingSpaces()),
      let high = Double(parts[1].trimmingSpaces())
    else { return nil }
    self.init(low: low, high: high)
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> Substring {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}

extension Double {
  fileprivate func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
