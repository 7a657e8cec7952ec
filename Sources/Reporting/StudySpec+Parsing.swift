import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Rendering
import TensorIO
import TransposedConv

extension StudySpec {
  /// The section kinds a spec may use, in the order the format documents them.
  public static let sectionKinds = [
    "facts", "overlap", "grid", "stack", "gain", "gradient", "remedies", "image", "detection", "model",
    "probe",
  ]

  /// The remedies the runner knows.
  public static let remedyNames = Remedy.allCases.map(\.rawValue)

  /// Reads the spec file at `path`; relative file names inside it are resolved against its folder.
  /// - Throws: `ReportError.unreadableSpec`, `.malformedSpec` (not JSON), `.invalidField`.
  public static func read(from path: String) throws(ReportError) -> StudySpec {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadableSpec(path: path, reason: "no such file, or it cannot be read; check the path")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .malformedSpec(path: path, reason: "not UTF-8 text")
    }
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try parse(text, file: path, baseDirectory: base)
  }

  /// Parses spec text; `file` names it in errors, `baseDirectory` resolves relative file names.
  public static func parse(_ text: String, file: String, baseDirectory: String) throws(ReportError)
    -> StudySpec
  {
    let json: JSONValue
    do {
      json = try JSONValue(parsing: text)
    } catch {
      throw .malformedSpec(path: file, reason: error.description)
    }
    var top = try SpecObject(json, file: file, field: "")
    top.base = baseDirectory
    let title = try top.string("title")
    let introduction = try top.paragraphs("introduction")
    let output = try top.optionalString("output")
    if let output, output.isEmpty || output.hasPrefix("/") || output.split(separator: "/").contains("..") {
      throw top.error("output", "must be a relative folder inside the current one, like Reports/my-study")
    }
    let figureName = try top.optionalString("figures")
    let figures = try figureName.map { name throws(ReportError) -> FigureFormat in
      guard let format = FigureFormat(rawValue: name) else {
        throw top.error("figures", "must be \"png\" or \"svg\", got \"\(name)\"")
      }
      return format
    }
    let sections = try top.nonEmptyList("sections", of: "section", parseSection)
    try top.finish()
    return StudySpec(
      title: title, introduction: introduction, output: output, sections: sections, file: file,
      baseDirectory: baseDirectory, figures: figures)
  }

  static func parseSection(_ object: inout SpecObject) throws(ReportError) -> StudySection {
    let kind = try object.string("kind")
    let title = try object.string("title")
    let text = try object.paragraphs("text")
    let content: StudySection.Content
    switch kind {
    case "facts":
      let ids = try object.optional("facts").map { value throws(ReportError) -> [String] in
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
          throw object.error("facts", "must be a list of fact ids like \"F1\"")
        }
        return list.compactMap(\.stringValue)
      }
      let all = DistillFacts.ids
      for id in ids ?? [] where !all.contains(id) {
        throw object.error("facts", "unknown fact '\(id)'; the facts are F1 … F\(all.count)")
      }
      content = .facts(ids: ids ?? all)
    case "overlap":
      content = .overlap(try object.nonEmptyList("maps", of: "map", parseMap))
    case "stack":
      content = .stack(try parseMap(&object))
    case "grid":
      content = .grid(try parseGrid(&object))
    case "gain":
      let dims = try object.int("dims", default: 2, in: 1...3)
      let inputSize = try object.perAxis("inputSize", dims: dims, default: 8, in: 1...4096)
      let axes = try parseAxes(&object, dims: dims)
      let kernels = try object.nonEmptyList("kernels", of: "kernel") { (item) throws(ReportError) in
        try parseKernel(&item, dims: dims)
      }
      content = .gain(GainRequest(inputSize: inputSize, axes: axes, kernels: kernels))
    case "gradient":
      let map = try parseMap(&object)
      content = .gradient(
        GradientRequest(inputSize: map.inputSize, layers: map.layers, layerTexts: map.layerTexts))
    case "remedies":
      let dims = try object.int("dims", default: 2, in: 1...2)
      let inputSize = try object.perAxis("inputSize", dims: dims, default: 8, in: 1...4096)
      let deconvText = try object.string("deconv")
      let deconv = try layer(deconvText, dims: dims, object: object, key: "deconv")
      let kernel = try object.perAxis("kernel", dims: dims, default: 3, in: 1...64)
      let remedies = try remedyList(&object, key: "remedies", default: Remedy.allCases)
      content = .remedies(
        RemediesRequest(
          inputSize: inputSize, deconv: deconv, deconvText: deconvText, kernel: kernel, remedies: remedies))
    case "image":
      var imageObject = try object.child(try object.required("image"), "image")
      let image = try parseImageInput(&imageObject)
      try imageObject.finish()
      var kernelObject = try object.child(try object.required("kernel"), "kernel")
      let kernel = try parseKernel(&kernelObject, dims: 2)
      try kernelObject.finish()
      let axes = try parseAxes(&object, dims: 2)
      let remedy = try remedyList(&object, key: "remedy", default: [.resizeNearest], single: true)[0]
      let remedyKernel = try object.int("remedyKernel", default: 3, in: 1...31)
      guard remedyKernel % 2 == 1 else {
        throw object.error("remedyKernel", "must be odd (the box filter is centred), got \(remedyKernel)")
      }
      let detect = try object.bool("detect", default: false)
      content = .image(
        ImageRequest(
          image: image, kernel: kernel, axes: axes, remedy: remedy, remedyKernel: remedyKernel, detect: detect
        ))
    case "detection":
      let images = try object.nonEmptyList("images", of: "image", parseImageInput)
      let maxPeriod = try object.int("maxPeriod", default: 8, in: 2...32)
      content = .detection(DetectionRequest(images: images, maxPeriod: maxPeriod))
    case "model":
      content = .model(try parseModel(&object))
    case "probe":
      content = .probe(try parseProbe(&object))
    default:
      throw object.error(
        "kind", "unknown section kind '\(kind)'; use one of \(sectionKinds.joined(separator: ", "))")
    }
    try object.finish()
    return StudySection(title: title, text: text, content: content)
  }

  /// `name` unchanged when absolute, otherwise `base/name` (plain `name` when `base` is empty).
  static func resolve(_ name: String, base: String) -> String {
    if name.hasPrefix("/") || base.isEmpty || base == "." { return name }
    return base.hasSuffix("/") ? base + name : base + "/" + name
  }

  /// The most layers one map or stack of a study may list.
  public static let maximumStackLayers = 64

  /// `label`, `dims`, `inputSize` and `layer` (one spec) or `layers` (a list) of a map.
  static func parseMap(_ object: inout SpecObject) throws(ReportError) -> MapRequest {
    let label = try object.optionalString("label")
    let dims = try object.int("dims", default: 2, in: 1...3)
    let inputSize = try object.perAxis("inputSize", dims: dims, default: 8, in: 1...4096)
    var texts: [String] = []
    if object.has("layer") && object.has("layers") {
      throw object.error("layers", "give either 'layer' or 'layers', not both")
    }
    if let single = try object.optionalString("layer") {
      texts = [single]
    } else if let list = object.optional("layers") {
      guard let items = list.arrayValue, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) else {
        throw object.error("layers", "must be a non-empty list of layer specs like \"k=3,s=2,p=1\"")
      }
      texts = items.compactMap(\.stringValue)
      // A stack section draws one figure per prefix of the list, so its cost grows with the square.
      guard texts.count <= maximumStackLayers else {
        throw object.error(
          "layers",
          "has \(texts.count) layers, more than \(maximumStackLayers); a study stacks at most that many")
      }
    } else {
      throw object.error("layer", "is missing; add \"layer\": \"k=3,s=2\" or \"layers\": [\"k=3,s=2\", …]")
    }
    var layers: [LayerConfig] = []
    for (index, text) in texts.enumerated() {
      let key = texts.count == 1 && object.has("layer") ? "layer" : "layers[\(index)]"
      layers.append(try layer(text, dims: dims, object: object, key: key))
    }
    return MapRequest(label: label, inputSize: inputSize, layers: layers, layerTexts: texts)
  }

  /// A layer spec parsed with the project's layer syntax, errors naming the field.
  static func layer(_ text: String, dims: Int, object: SpecObject, key: String) throws(ReportError)
    -> LayerConfig
  {
    do {
      return try LayerConfig(parsing: text, dims: dims)
    } catch {
      throw object.error(key, error.description)
    }
  }

  /// `stride`, `padding` (or `paddingBegin`/`paddingEnd`), `outputPadding`, `dilation`, per axis.
  static func parseAxes(_ object: inout SpecObject, dims: Int) throws(ReportError) -> [AxisParameters] {
    let stride = try object.perAxis("stride", dims: dims, default: 1, in: 1...64)
    let padding = try object.perAxis("padding", dims: dims, default: 0, in: 0...1024)
    let begin = try object.perAxis("paddingBegin", dims: dims, default: -1, in: 0...1024)
    let end = try object.perAxis("paddingEnd", dims: dims, default: -1, in: 0...1024)
    let outputPadding = try object.perAxis("outputPadding", dims: dims, default: 0, in: 0...63)
    let dilation = try object.perAxis("dilation", dims: dims, default: 1, in: 1...64)
    if object.has("padding"), object.has("paddingBegin") || object.has("paddingEnd") {
      throw object.error("padding", "give either 'padding' or 'paddingBegin'/'paddingEnd', not both")
    }
    return (0..<dims).map { axis in
      AxisParameters(
        stride: stride[axis], paddingBegin: begin[axis] >= 0 ? begin[axis] : padding[axis],
        paddingEnd: end[axis] >= 0 ? end[axis] : padding[axis], outputPadding: outputPadding[axis],
        dilation: dilation[axis])
    }
  }

  static func parseGrid(_ object: inout SpecObject) throws(ReportError) -> GridRequest {
    let dims = try object.int("dims", default: 2, in: 1...2)
    let kernels = try object.intList("kernels", in: 1...64)
    let strides = try object.intList("strides", in: 1...32)
    let dilations = try object.intList("dilations", default: [1], in: 1...16)
    let padding = try object.int("padding", default: 0, in: 0...64)
    let inputSize = try object.int("inputSize", default: 16, in: 1...512)
    let metricName = try object.optionalString("metric") ?? "maxMinRatio"
    guard let metric = SummaryMetric(rawValue: metricName) else {
      throw object.error("metric", "unknown metric '\(metricName)'; use maxMinRatio, cv or zeroFraction")
    }
    return GridRequest(
      dims: dims, kernels: kernels, strides: strides, dilations: dilations, padding: padding,
      inputSize: inputSize, metric: metric)
  }

  /// A kernel: `{"label", "weights": [...] | [[...]]}`, `{"npy": "file", "channel"}` or `{"spec": "ones:3"}`.
  static func parseKernel(_ object: inout SpecObject, dims: Int) throws(ReportError) -> KernelSource {
    let sources = ["weights", "npy", "spec"].filter { object.has($0) }
    guard sources.count == 1 else {
      throw object.error(
        sources.isEmpty ? "spec" : sources[1],
        sources.isEmpty
          ? "is missing; give one of 'weights', 'npy' or 'spec'"
          : "give only one of 'weights', 'npy' or 'spec'")
    }
    let label = try object.optionalString("label")
    if let value = object.optional("weights") {
      let (values, shape) = try weights(value, dims: dims, object: object)
      let text = "[" + values.map { NumberFormat.compact($0, decimals: 4) }.joined(separator: ", ") + "]"
      return KernelSource(label: label ?? text, origin: .weights(values, shape: shape))
    }
    if let name = try object.optionalString("npy") {
      // `W.npy`, or `FILE.safetensors:TENSOR` (the file is checked here, the tensor when loading).
      let path: String
      if let (file, tensor) = Tensor.safetensorsReference(name) {
        path = try object.existingFile("npy", file) + ":" + tensor
      } else {
        path = try object.existingFile("npy", name)
      }
      let channel = try object.int("channel", default: 0, in: 0...4096)
      return KernelSource(label: label ?? name, origin: .npy(path: path, channel: channel))
    }
    let text = try object.string("spec")
    do {
      let spec = try KernelSpec(parsing: text)
      _ = try spec.kernel(dims: dims)
      return KernelSource(label: label ?? text, origin: .spec(spec))
    } catch {
      throw object.error("spec", error.description)
    }
  }

  /// Inline weights: a list of numbers (1D), a list of equal-length rows (2D), or a list of
  /// equally shaped depth slices of rows (3D).
  static func weights(_ value: JSONValue, dims: Int, object: SpecObject) throws(ReportError) -> (
    [Double], [Int]
  ) {
    guard let list = value.arrayValue, !list.isEmpty else {
      throw object.error("weights", "must be a non-empty list of numbers (1D) or of rows (2D)")
    }
    if dims == 3 {
      var values: [Double] = []
      var sliceShape: [Int]?
      for slice in list {
        let (sliceValues, shape) = try weights(slice, dims: 2, object: object)
        if let sliceShape, sliceShape != shape {
          throw object.error("weights", "depth slices must have the same number of rows and columns")
        }
        sliceShape = shape
        values += sliceValues
      }
      return (values, [list.count] + (sliceShape ?? [0, 0]))
    }
    if dims == 1 {
      let numbers = list.compactMap(\.doubleValue)
      guard numbers.count == list.count else { throw object.error("weights", "must be a list of numbers") }
      return (numbers, [numbers.count])
    }
    var values: [Double] = []
    var width: Int?
    for row in list {
      guard let cells = row.arrayValue, !cells.isEmpty, cells.allSatisfy({ $0.doubleValue != nil }) else {
        throw object.error("weights", "must be a list of rows of numbers, like [[1, 2], [3, 4]]")
      }
      if let width, width != cells.count { throw object.error("weights", "rows must have the same length") }
      width = cells.count
      values += cells.compactMap(\.doubleValue)
    }
    return (values, [list.count, width ?? 0])
  }

  /// `{"label", "path", "origin": [y, x], "size": [h, w]}`.
  static func parseImageInput(_ object: inout SpecObject) throws(ReportError) -> ImageInput {
    let path = try object.existingFile("path", try object.string("path"))
    let label = try object.optionalString("label") ?? URL(fileURLWithPath: path).lastPathComponent
    let origin = try object.perAxis("origin", dims: 2, default: 0, in: 0...65_536)
    let size = object.has("size") ? try object.perAxis("size", dims: 2, in: 8...4096) : nil
    return ImageInput(label: label, path: path, origin: origin, size: size)
  }

  static func remedyList(
    _ object: inout SpecObject, key: String, default fallback: [Remedy], single: Bool = false
  )
    throws(ReportError) -> [Remedy]
  {
    guard let value = object.optional(key) else { return fallback }
    let names: [String]
    if single {
      guard let name = value.stringValue else { throw object.error(key, "must be a string") }
      names = [name]
    } else {
      guard let list = value.arrayValue, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) else {
        throw object.error(key, "must be a non-empty list of remedy names")
      }
      names = list.compactMap(\.stringValue)
    }
    var remedies: [Remedy] = []
    for name in names {
      guard let remedy = Remedy(rawValue: name) else {
        throw object.error(key, "unknown remedy '\(name)'; use \(remedyNames.joined(separator: ", "))")
      }
      remedies.append(remedy)
    }
    return remedies
  }
}
