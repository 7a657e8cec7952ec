import CheckerscopeCore
import OverlapAnalysis
import PNGIO
import TensorIO
import TransposedConv

/// The computation of an image experiment: a photograph's luminance through a transposed
/// convolution and through a remedy that upsamples by the same factor, and their difference.
///
/// The transposed convolution's kernel is scaled so its mean polyphase sum is 1
/// (`w · Π strides / Σ w`), so a flat input keeps its brightness on average and any checkerboard
/// is the kernel's unevenness alone. The remedy's stride-1 convolution is a box filter of
/// `remedyKernel` taps per axis (sum 1, zero padding, `same` size). All tensors are `(1, 1, H, W)`.
struct ImageExperiment {
  var input: Tensor
  var deconv: Tensor
  var remedy: Tensor
  /// `deconv − remedy` over their common top-left region.
  var difference: Tensor
  /// The scaled kernel taps, row-major over `kernelShape`.
  var kernel: [Double]
  var kernelShape: [Int]

  /// Reads `image` (luminance, Rec. 601 weights for colour) and crops it. The decoded samples and
  /// their float32 tensor are checked against `budget` from the PNG header before decoding.
  static func load(_ image: ImageInput, spec: String, field: String, budget: MemoryBudget) throws(ReportError)
    -> Tensor
  {
    let info: PNGInfo
    do { info = try PNGInfo.read(from: image.path) } catch {
      throw .missingFile(spec: spec, field: field + ".path", file: image.path, reason: error.description)
    }
    do throws(CoreError) {
      try budget.require(
        bytes: try info.bytesNeeded(copies: 1, path: image.path),
        what: "\(image.path): the decoded image (\(info.width)×\(info.height)×\(info.channels))")
    } catch {
      throw .invalidField(path: spec, field: field + ".path", reason: error.description)
    }
    let tensor: Tensor
    do {
      tensor = try Tensor.readPNG(from: image.path).tensor
    } catch {
      throw .missingFile(spec: spec, field: field + ".path", file: image.path, reason: error.description)
    }
    let (c, h, w) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
    let size = image.size ?? [h - image.origin[0], w - image.origin[1]]
    guard image.origin[0] + size[0] <= h, image.origin[1] + size[1] <= w, size[0] >= 1, size[1] >= 1 else {
      throw .invalidField(
        path: spec, field: field,
        reason: "origin \(image.origin) and size \(size) do not fit in the \(h)×\(w) image")
    }
    let plane = h * w
    var grey = [Float](repeating: 0, count: size[0] * size[1])
    for y in 0..<size[0] {
      for x in 0..<size[1] {
        let p = (y + image.origin[0]) * w + x + image.origin[1]
        let value: Float
        if c >= 3 {
          value = Luma.rec601(tensor.data[p], tensor.data[plane + p], tensor.data[2 * plane + p])
        } else {
          value = tensor.data[p]
        }
        grey[y * size[1] + x] = value
      }
    }
    return Tensor(shape: [1, 1, size[0], size[1]], data: grey)
  }

  /// Runs the experiment on `input` (a `(1, 1, H, W)` tensor).
  static func run(input: Tensor, taps: [Double], shape: [Int], request: ImageRequest) throws
    -> ImageExperiment
  {
    let strides = request.axes.map(\.stride)
    let total = taps.reduce(0, +)
    guard total != 0 else {
      throw OverlapError.invalidArgument(
        "the kernel's taps sum to 0, so it cannot be scaled to keep brightness")
    }
    let scale = Double(strides.reduce(1, *)) / total
    let kernel = taps.map { $0 * scale }
    let weight = Tensor(shape: [1, 1] + shape, data: kernel.map { Float($0) })
    let deconv = try TransposedConvolution.apply(
      input: input, weight: weight, parameters: ConvTransposeParameters(axes: request.axes))
    let r = request.remedyKernel
    let box = Tensor(shape: [1, 1, r, r], repeating: 1 / Float(r * r))
    let padding = [(r - 1) / 2]
    let remedy: Tensor
    switch request.remedy {
    case .resizeBilinear:
      remedy = try Convolution.apply(
        input: try Upsampling.bilinear(input, factor: strides), weight: box, padding: padding)
    case .subpixelICNR:
      remedy = try Upsampling.nearest(
        try Convolution.apply(input: input, weight: box, padding: padding), factor: strides)
    case .resizeNearest:
      remedy = try Convolution.apply(
        input: try Upsampling.nearest(input, factor: strides), weight: box, padding: padding)
    }
    let h = min(deconv.shape[2], remedy.shape[2])
    let w = min(deconv.shape[3], remedy.shape[3])
    var difference = [Float](repeating: 0, count: h * w)
    for y in 0..<h {
      for x in 0..<w {
        difference[y * w + x] = deconv.data[y * deconv.shape[3] + x] - remedy.data[y * remedy.shape[3] + x]
      }
    }
    return ImageExperiment(
      input: input, deconv: deconv, remedy: remedy,
      difference: Tensor(shape: [1, 1, h, w], data: difference),
      kernel: kernel, kernelShape: shape)
  }

  /// A `(1, 1, H, W)` tensor as an 8-bit grey PNG, values clamped to [0, 1].
  static func png(_ tensor: Tensor) throws -> PNGImage {
    try tensor.pngImage(bitDepth: 8, mapping: .clamp)
  }

  /// A signed tensor as an 8-bit grey PNG with 0 at mid-grey and ±max|v| at black/white.
  static func signedPNG(_ tensor: Tensor) throws -> (image: PNGImage, range: Double) {
    let a = tensor.data.reduce(Float(0)) { max($0, abs($1)) }
    let scaled = Tensor(shape: tensor.shape, data: tensor.data.map { a > 0 ? 0.5 + $0 / (2 * a) : 0.5 })
    return (try scaled.pngImage(bitDepth: 8, mapping: .clamp), Double(a))
  }

  /// The `size × size` region at the centre of `tensor`, enlarged `factor` times by pixel repetition.
  static func detail(_ tensor: Tensor, size: Int, factor: Int) throws -> Tensor {
    let (h, w) = (tensor.shape[2], tensor.shape[3])
    let sh = min(size, h)
    let sw = min(size, w)
    let y0 = (h - sh) / 2
    let x0 = (w - sw) / 2
    var data = [Float](repeating: 0, count: sh * sw)
    for y in 0..<sh {
      for x in 0..<sw { data[y * sw + x] = tensor.data[(y0 + y) * w + x0 + x] }
    }
    return try Upsampling.nearest(Tensor(shape: [1, 1, sh, sw], data: data), factor: [factor])
  }
}
