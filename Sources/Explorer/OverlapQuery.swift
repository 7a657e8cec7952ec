import CheckerscopeCore
import OverlapAnalysis
import TransposedConv

/// The query of `/api/overlap`: `checkerscope overlap`'s options without the dashes
/// (`kernel=4x3&stride=2&input-size=8`), with the same value syntax and the same rules, so that the
/// map and its JSON are the command's.
///
/// Keys: `dims`, `kernel`, `stride`, `padding`, `padding-begin`, `padding-end`, `output-padding`,
/// `dilation`, `input-size`, `kernel-spec`, `layer` (repeatable), `gradient` (`true`/`false`, or
/// no value), `remedy`, `format` (`json` only). `weight`, `channel` and `groups` read files and are
/// refused; any other key is refused by name.
struct OverlapQuery: Sendable, Equatable {
  var dims = 2
  var kernel: PerAxis?
  var stride: PerAxis?
  var padding: PerAxis?
  var paddingBegin: PerAxis?
  var paddingEnd: PerAxis?
  var outputPadding: PerAxis?
  var dilation: PerAxis?
  var inputSize: PerAxis?
  var kernelSpec: KernelSpec?
  var layers: [String] = []
  var gradient = false
  var remedy: Remedy?

  /// The keys of the map; a drawing request adds its own (`colormap`, `values`).
  static let keys: Set<String> = [
    "dims", "kernel", "stride", "padding", "padding-begin", "padding-end", "output-padding", "dilation",
    "input-size", "kernel-spec", "layer", "gradient", "remedy", "format",
  ]

  /// Parses `items` (name, value) in order; `extra` names further keys the caller reads itself.
  init(_ items: [(name: String, value: String)], extra: Set<String> = []) throws(APIError) {
    var seen: Set<String> = []
    for (name, rawValue) in items {
      // Values never hold a '+', so one is a form-encoded space.
      let value = rawValue.replacingOccurrences(of: "+", with: " ")
      if extra.contains(name) { continue }
      guard Self.keys.contains(name) else {
        if ["weight", "channel", "groups"].contains(name) {
          throw .badRequest("\(name) selects a weight file; the server reads no files (use kernel-spec)")
        }
        throw .badRequest("unknown parameter '\(name)'")
      }
      if name != "layer" {
        guard seen.insert(name).inserted else { throw .badRequest("\(name) is given twice") }
      }
      try set(name, value)
    }
    try validate()
  }

  private static func perAxis(_ name: String, _ value: String) throws(APIError) -> PerAxis {
    guard let parsed = PerAxis(parsing: value) else {
      throw .badRequest("\(name) '\(value)' is not a number or NxM like 4x3")
    }
    return parsed
  }

  private mutating func set(_ name: String, _ value: String) throws(APIError) {
    switch name {
    case "dims":
      guard let number = Int(value) else { throw .badRequest("dims '\(value)' is not a number") }
      dims = number
    case "kernel": kernel = try Self.perAxis(name, value)
    case "stride": stride = try Self.perAxis(name, value)
    case "padding": padding = try Self.perAxis(name, value)
    case "padding-begin": paddingBegin = try Self.perAxis(name, value)
    case "padding-end": paddingEnd = try Self.perAxis(name, value)
    case "output-padding": outputPadding = try Self.perAxis(name, value)
    case "dilation": dilation = try Self.perAxis(name, value)
    case "input-size": inputSize = try Self.perAxis(name, value)
    case "kernel-spec":
      do { kernelSpec = try KernelSpec(parsing: value) } catch {
        throw .badRequest("kernel-spec '\(value)': \(error)")
      }
    case "layer": layers.append(value)
    case "gradient":
      switch value {
      case "", "true", "1": gradient = true
      case "false", "0": gradient = false
      default: throw .badRequest("gradient is true or false, got '\(value)'")
      }
    case "remedy":
      guard let parsed = Remedy(rawValue: value) else {
        throw .badRequest(
          "remedy '\(value)' is not one of \(Remedy.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      remedy = parsed
    case "format":
      guard value == "json" else { throw .badRequest("format is json here, got '\(value)'") }
    default: throw .badRequest("unknown parameter '\(name)'")
    }
  }

  /// The single-layer options with their names, in the command's order.
  private var named: [(String, PerAxis?)] {
    [
      ("stride", stride), ("padding", padding), ("padding-begin", paddingBegin), ("padding-end", paddingEnd),
      ("output-padding", outputPadding), ("dilation", dilation),
    ]
  }

  /// The command's rules (`Overlap.validate()`), worded for query parameters.
  private func validate() throws(APIError) {
    guard (1...3).contains(dims) else { throw .badRequest("dims must be 1, 2 or 3, got \(dims)") }
    guard inputSize != nil else { throw .badRequest("input-size is missing") }
    if padding != nil, paddingBegin != nil || paddingEnd != nil {
      throw .badRequest("give either padding or padding-begin/padding-end, not both")
    }
    if (paddingBegin == nil) != (paddingEnd == nil) {
      throw .badRequest("padding-begin and padding-end go together; give both")
    }
    if !layers.isEmpty {
      let single: [(String, Bool)] =
        [("kernel", kernel != nil)] + named.map { ($0.0, $0.1 != nil) } + [("kernel-spec", kernelSpec != nil)]
      if let given = single.first(where: { $0.1 }) {
        throw .badRequest("\(given.0) describes a single layer; with layer, put it in the layer specs")
      }
    } else if kernel == nil, kernelSpec == nil {
      throw .badRequest("give kernel (or kernel-spec), or a stack with layer")
    }
    if gradient {
      guard remedy == nil else { throw .badRequest("gradient and remedy are different maps; give one") }
      guard layers.count <= 1 else {
        throw .badRequest("gradient maps one forward convolution; give one layer")
      }
      guard outputPadding == nil else { throw .badRequest("a forward convolution has no output-padding") }
    }
    if remedy != nil {
      guard layers.isEmpty else { throw .badRequest("remedy uses kernel and stride, not layer") }
      if let given = named.first(where: { $0.0 != "stride" && $0.1 != nil }) {
        throw .badRequest("\(given.0) does not apply to remedy (its convolution uses padding='same')")
      }
    }
    let perAxis: [(String, PerAxis?)] = [("kernel", kernel)] + named + [("input-size", inputSize)]
    for (name, value) in perAxis {
      if let value, value.values.count > dims {
        throw .badRequest("\(name) \(value) gives \(value.values.count) per-axis values but dims is \(dims)")
      }
    }
  }

  /// The layers, as `overlap` builds them: the `layer` specs, or one layer of the per-axis values.
  func makeLayers() throws(APIError) -> [LayerConfig] {
    do {
      if !layers.isEmpty {
        return try layers.map { spec throws(OverlapError) in try LayerConfig(parsing: spec, dims: dims) }
      }
      func resolve(_ value: PerAxis?, _ fallback: Int) throws(ConvTransposeError) -> [Int] {
        try (value ?? PerAxis([fallback])).resolved(dims: dims)
      }
      let strides = try resolve(stride, 1)
      let begins = try resolve(paddingBegin ?? padding, 0)
      let ends = try resolve(paddingEnd ?? padding, 0)
      let outputPaddings = try resolve(outputPadding, 0)
      let dilations = try resolve(dilation, 1)
      let axes = (0..<dims).map {
        AxisParameters(
          stride: strides[$0], paddingBegin: begins[$0], paddingEnd: ends[$0],
          outputPadding: outputPaddings[$0],
          dilation: dilations[$0])
      }
      let kernelSize = try kernel.map { value throws(ConvTransposeError) in try value.resolved(dims: dims) }
      var layer: LayerConfig
      if let kernelSpec {
        layer = try LayerConfig(kernelSpec: kernelSpec, axes: axes)
      } else if let kernelSize {
        layer = LayerConfig(kernel: kernelSize, axes: axes)
      } else {
        throw APIError.badRequest("give kernel or kernel-spec")
      }
      if let kernelSize, kernelSize != layer.kernel {
        throw APIError.badRequest(
          "kernel \(kernel?.description ?? "") does not match the kernel's size \(layer.kernel.map(String.init).joined(separator: "x"))"
        )
      }
      try layer.validate()
      return [layer]
    } catch let error as APIError {
      throw error
    } catch {
      throw .badRequest("\(error)")
    }
  }

  /// The map, as `checkerscope overlap` computes it; refused (400) when the parameters do not make
  /// a layer, (413) when it would need more than `budget`.
  func makeMap(budget: MemoryBudget) throws(APIError) -> OverlapMap {
    let layers = try makeLayers()
    do {
      let size = try (inputSize ?? PerAxis([1])).resolved(dims: dims)
      return try OverlapMap.document(
        layers: layers, inputSize: size, gradient: gradient, remedy: remedy, budget: budget)
    } catch let error as OverlapError {
      switch error {
      case .resource, .mapTooLarge: throw APIError(413, error.description)
      default: break
      }
      throw .badRequest(error.description)
    } catch {
      throw .badRequest("\(error)")
    }
  }
}
