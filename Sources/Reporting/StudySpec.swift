import OverlapAnalysis
import Rendering
import TransposedConv

/// A study: a title, an introduction and sections, read from a JSON spec (see
/// `Fixtures/studies/README.md` for the format) or built in (`DistillStudy`).
public struct StudySpec: Sendable, Equatable {
  /// The report's title (the README's first heading).
  public var title: String
  /// Paragraphs of Markdown under the title.
  public var introduction: [String]
  /// Where `checkerscope report SPEC` writes the report when no `--output` is given, relative to
  /// the current folder; nil means `Reports/<spec file name without .json>`.
  public var output: String?
  /// The sections, in order.
  public var sections: [StudySection]
  /// The spec file as it is named in messages and in the reproduce footer (`<built-in>` for the
  /// default study).
  public var file: String
  /// The folder that relative file names in the spec are resolved against.
  public var baseDirectory: String
  /// The format of the drawn figures (`"figures": "svg"` or `"png"`); nil means PNG unless the
  /// runner is told otherwise (`report --figures`). Photographs stay PNG.
  public var figures: FigureFormat?

  /// The `file` of the built-in default study.
  public static let builtInFile = "<built-in>"

  public init(
    title: String, introduction: [String], output: String? = nil, sections: [StudySection], file: String,
    baseDirectory: String, figures: FigureFormat? = nil
  ) {
    self.figures = figures
    self.title = title
    self.introduction = introduction
    self.output = output
    self.sections = sections
    self.file = file
    self.baseDirectory = baseDirectory
  }
}

/// One section of a study: a heading, optional paragraphs, and what to compute.
public struct StudySection: Sendable, Equatable {
  /// What a section computes and shows.
  public enum Content: Sendable, Equatable {
    /// The facts F1…F20 of `Fixtures/reference/FACTS.md` (all, or the listed ids).
    case facts(ids: [String])
    /// Overlap-count maps of the listed layer stacks.
    case overlap([MapRequest])
    /// A kernel × stride sweep with its summary heatmap and table.
    case grid(GridRequest)
    /// A layer stack, map after map.
    case stack(MapRequest)
    /// Gain maps of real kernels under one set of layer parameters.
    case gain(GainRequest)
    /// Gradient maps of strided forward convolutions.
    case gradient(GradientRequest)
    /// A transposed convolution's map beside the maps of the standard remedies.
    case remedies(RemediesRequest)
    /// A photograph through a transposed convolution and through a remedy.
    case image(ImageRequest)
    /// Artifact detection on images.
    case detection(DetectionRequest)
    /// The audit of an ONNX model: table, verdicts, remedies, heatmaps.
    case model(ModelRequest)
    /// The model run by the interpreter: strength by depth, origin, verdict.
    case probe(ProbeRequest)
  }

  public var title: String
  /// Paragraphs of Markdown under the heading.
  public var text: [String]
  public var content: Content

  public init(title: String, text: [String] = [], content: Content) {
    self.title = title
    self.text = text
    self.content = content
  }
}

/// A map of a layer stack for an all-ones input (overlap counts, or gains with weights).
public struct MapRequest: Sendable, Equatable {
  /// A short label; nil uses the layer specs.
  public var label: String?
  /// The input size per axis (of the first layer).
  public var inputSize: [Int]
  /// The layers, first applied first.
  public var layers: [LayerConfig]
  /// The layers as the spec wrote them (`k=3,s=2`), for captions.
  public var layerTexts: [String]

  public init(label: String? = nil, inputSize: [Int], layers: [LayerConfig], layerTexts: [String]) {
    self.label = label
    self.inputSize = inputSize
    self.layers = layers
    self.layerTexts = layerTexts
  }

  /// Number of spatial axes.
  public var dims: Int { inputSize.count }
  /// The label, or the layer specs joined by ` → `.
  public var name: String { label ?? layerTexts.joined(separator: " → ") }
}

/// A kernel × stride sweep: one map per (kernel, stride) for every dilation.
public struct GridRequest: Sendable, Equatable {
  public var dims: Int
  public var kernels: [Int]
  public var strides: [Int]
  public var dilations: [Int]
  /// Padding on both ends of every axis.
  public var padding: Int
  /// Input size per axis.
  public var inputSize: Int
  /// The metric that colours the summary (`maxMinRatio`, `cv` or `zeroFraction` in a spec).
  public var metric: SummaryMetric

  public init(
    dims: Int, kernels: [Int], strides: [Int], dilations: [Int] = [1], padding: Int = 0, inputSize: Int = 16,
    metric: SummaryMetric = .maxMinRatio
  ) {
    self.dims = dims
    self.kernels = kernels
    self.strides = strides
    self.dilations = dilations
    self.padding = padding
    self.inputSize = inputSize
    self.metric = metric
  }
}

/// Where a kernel's taps come from.
public struct KernelSource: Sendable, Equatable {
  public enum Origin: Sendable, Equatable {
    /// Taps written in the spec, row-major over `shape`.
    case weights([Double], shape: [Int])
    /// A `.npy` file: `[k]`, `[kH, kW]`, or a PyTorch ConvTranspose weight `(C_in, C_out, k…)`
    /// of which output channel `channel` is used (its taps summed over the input channels).
    case npy(path: String, channel: Int)
    /// A kernel spec: `ones:K`, `bilinear:K`, `random:K:SEED`.
    case spec(KernelSpec)
  }

  public var label: String
  public var origin: Origin

  public init(label: String, origin: Origin) {
    self.label = label
    self.origin = origin
  }
}

/// Gain maps of kernels under shared layer parameters.
public struct GainRequest: Sendable, Equatable {
  public var inputSize: [Int]
  /// Stride, padding, output padding and dilation per axis.
  public var axes: [AxisParameters]
  public var kernels: [KernelSource]

  public init(inputSize: [Int], axes: [AxisParameters], kernels: [KernelSource]) {
    self.inputSize = inputSize
    self.axes = axes
    self.kernels = kernels
  }
}

/// Gradient maps of forward convolutions (how often each input position is read).
public struct GradientRequest: Sendable, Equatable {
  public var inputSize: [Int]
  public var layers: [LayerConfig]
  public var layerTexts: [String]

  public init(inputSize: [Int], layers: [LayerConfig], layerTexts: [String]) {
    self.inputSize = inputSize
    self.layers = layers
    self.layerTexts = layerTexts
  }
}

/// A transposed convolution against the remedies that upsample by the same factor.
public struct RemediesRequest: Sendable, Equatable {
  public var inputSize: [Int]
  /// The transposed convolution to compare against.
  public var deconv: LayerConfig
  public var deconvText: String
  /// The remedies' stride-1 convolution kernel size per axis.
  public var kernel: [Int]
  /// The remedies (`resize-nearest`, `resize-bilinear`, `subpixel-icnr` in a spec).
  public var remedies: [Remedy]

  public init(inputSize: [Int], deconv: LayerConfig, deconvText: String, kernel: [Int], remedies: [Remedy]) {
    self.inputSize = inputSize
    self.deconv = deconv
    self.deconvText = deconvText
    self.kernel = kernel
    self.remedies = remedies
  }
}

/// A part of a PNG file: the top-left corner `origin` and the `size` (H, W); nil size means all.
public struct ImageInput: Sendable, Equatable {
  public var label: String
  public var path: String
  public var origin: [Int]
  public var size: [Int]?

  public init(label: String, path: String, origin: [Int] = [0, 0], size: [Int]? = nil) {
    self.label = label
    self.path = path
    self.origin = origin
    self.size = size
  }
}

/// A photograph (as luminance) through a transposed convolution and through a remedy.
public struct ImageRequest: Sendable, Equatable {
  public var image: ImageInput
  /// The transposed convolution's kernel; it is scaled so its mean polyphase sum is 1.
  public var kernel: KernelSource
  /// The transposed convolution's parameters (2 axes).
  public var axes: [AxisParameters]
  /// The remedy (`resize-nearest`, `resize-bilinear`, `subpixel-icnr` in a spec).
  public var remedy: Remedy
  /// The remedy's stride-1 box-filter size.
  public var remedyKernel: Int
  /// Also run the artifact detector on the input and both outputs.
  public var detect: Bool

  public init(
    image: ImageInput, kernel: KernelSource, axes: [AxisParameters], remedy: Remedy, remedyKernel: Int,
    detect: Bool
  ) {
    self.image = image
    self.kernel = kernel
    self.axes = axes
    self.remedy = remedy
    self.remedyKernel = remedyKernel
    self.detect = detect
  }
}

/// The artifact detector on a list of images.
public struct DetectionRequest: Sendable, Equatable {
  public var images: [ImageInput]
  public var maxPeriod: Int

  public init(images: [ImageInput], maxPeriod: Int = 8) {
    self.images = images
    self.maxPeriod = maxPeriod
  }
}

/// A `model` section: the ONNX file to audit (resolved against the spec's folder), the path as the
/// spec gives it (shown in the report), an optional input shape and the PEF threshold.
public struct ModelRequest: Sendable, Equatable {
  public var model: String
  public var displayPath: String
  public var inputShape: [Int]?
  public var threshold: Double
  public var heatmaps: Bool

  public init(model: String, displayPath: String, inputShape: [Int]?, threshold: Double, heatmaps: Bool) {
    self.model = model
    self.displayPath = displayPath
    self.inputShape = inputShape
    self.threshold = threshold
    self.heatmaps = heatmaps
  }
}
