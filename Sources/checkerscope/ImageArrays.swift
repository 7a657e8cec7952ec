import NPYIO
import PNGIO

/// The glue between `.npy` arrays and PNG images for `checkerscope convert`.
enum ImageArrays {
  /// The (H, W, C) array of an image's samples, uint8 or uint16 as the image.
  static func array(from image: PNGImage) -> NPYArray {
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
  static func image(from array: NPYArray, path: String, range: SampleRange?, bitDepth: Int?) throws
    -> PNGImage
  {
    let shape = array.shape
    guard shape.count == 2 || (shape.count == 3 && (1...4).contains(shape[2])) else {
      throw CLIError(
        path: path,
        "expected an array of shape (H, W) or (H, W, C) with C from 1 to 4, got \(tuple(shape)); reshape it before converting"
      )
    }
    let height = shape[0]
    let width = shape[1]
    let channels = shape.count == 3 ? shape[2] : 1
    guard height >= 1, width >= 1 else {
      throw CLIError(path: path, "the array \(tuple(shape)) has no pixels")
    }
    // libpng's limits on writing, checked before any value is converted.
    try PNGImage.checkWritable(width: width, height: height, path: path)
    if let range {
      let maximum = bitDepth == 16 ? 65535.0 : 255.0
      let scale = maximum / (range.high - range.low)
      let mapped = try array.exactDoubleValues(path: path).map { v -> Double in
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
    throw CLIError(
      path: path,
      "\(array.dtype.name) values need --range LO,HI to map them to pixel values (only uint8 and uint16 arrays convert as they are)"
    )
  }

  static func tuple(_ shape: [Int]) -> String { NPYError.tuple(shape) }

  /// Converts a PNG file to a `.npy` file of its (H, W, C) samples as they are, decoding the
  /// pixels straight into the bytes that are written (held once). Text chunks are not read.
  static func convertUnchanged(png input: String, npy output: String) throws {
    let (_, bytes) = try PNGImage.readSamples(from: input, options: PNGReadOptions(readText: false)) { info in
      let dtype: NPYDType = info.decodedBitDepth == 16 ? .uint16 : .uint8
      return NPYArray.fileHeader(shape: [info.height, info.width, info.channels], dtype: dtype) ?? []
    }
    try NPYArray.write(encoded: bytes, to: output)
  }
}

extension Double {
  fileprivate func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
