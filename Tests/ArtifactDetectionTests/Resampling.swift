import ArtifactDetection
import TransposedConv

/// Plain resampling and upsampling written for the tests (independent of the detector).
enum Resampling {
  /// Area downsampling: the mean of each `f × f` block (sides must be multiples of `f`).
  static func areaDown(_ image: GreyImage, factor f: Int) -> GreyImage {
    let h = image.height / f
    let w = image.width / f
    var out = [Float](repeating: 0, count: h * w)
    for y in 0..<h {
      for x in 0..<w {
        var sum: Float = 0
        for dy in 0..<f { for dx in 0..<f { sum += image.pixels[(y * f + dy) * image.width + x * f + dx] } }
        out[y * w + x] = sum / Float(f * f)
      }
    }
    return GreyImage(width: w, height: h, pixels: out)
  }

  /// Nearest-neighbour upsampling by `f` (every pixel becomes an `f × f` block).
  static func nearestUp(_ image: GreyImage, factor f: Int) -> GreyImage {
    let w = image.width * f
    let h = image.height * f
    var out = [Float](repeating: 0, count: h * w)
    for y in 0..<h { for x in 0..<w { out[y * w + x] = image.pixels[(y / f) * image.width + x / f] } }
    return GreyImage(width: w, height: h, pixels: out)
  }

  /// Bilinear upsampling by `f` with PyTorch's `align_corners=False` rule: output `o` samples
  /// the input at `max(0, (o + 0.5)/f − 0.5)`, the upper neighbour clamped to the last index.
  static func bilinearUp(_ image: GreyImage, factor f: Int) -> GreyImage {
    func taps(_ n: Int) -> [(Int, Int, Float)] {
      (0..<(n * f)).map { o in
        let src = max(0, (Double(o) + 0.5) / Double(f) - 0.5)
        let i0 = Int(src)
        return (i0, min(i0 + 1, n - 1), Float(src - Double(i0)))
      }
    }
    let ty = taps(image.height)
    let tx = taps(image.width)
    var out = [Float](repeating: 0, count: ty.count * tx.count)
    for (y, (y0, y1, v)) in ty.enumerated() {
      for (x, (x0, x1, u)) in tx.enumerated() {
        let p = image.pixels
        let top = p[y0 * image.width + x0] * (1 - u) + p[y0 * image.width + x1] * u
        let bottom = p[y1 * image.width + x0] * (1 - u) + p[y1 * image.width + x1] * u
        out[y * tx.count + x] = top * (1 - v) + bottom * v
      }
    }
    return GreyImage(width: tx.count, height: ty.count, pixels: out)
  }

  /// A 2D transposed convolution (the library's reference) with stride `stride` per axis and
  /// padding chosen so the output is exactly `stride ×` the input (begin `(k − s)/2`, end the
  /// rest). `kernel` is `kH × kW`, row-major.
  static func transposed(
    _ image: GreyImage, kernel: [Float], kH: Int, kW: Int, stride: (Int, Int)
  ) throws -> GreyImage {
    let (sy, sx) = stride
    let axes = [
      AxisParameters(stride: sy, paddingBegin: (kH - sy) / 2, paddingEnd: kH - sy - (kH - sy) / 2),
      AxisParameters(stride: sx, paddingBegin: (kW - sx) / 2, paddingEnd: kW - sx - (kW - sx) / 2),
    ]
    let input = Tensor(shape: [1, 1, image.height, image.width], data: image.pixels)
    let weight = Tensor(shape: [1, 1, kH, kW], data: kernel)
    let out = try TransposedConvolution.reference(
      input: input, weight: weight, parameters: ConvTransposeParameters(axes: axes))
    return GreyImage(width: out.shape[3], height: out.shape[2], pixels: out.data)
  }
}
