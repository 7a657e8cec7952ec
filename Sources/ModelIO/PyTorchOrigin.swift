/// Where a node came from in the PyTorch model it was exported from: the module path the user wrote
/// (`up`, `net.4`), the module's class and the line of `forward` that called it, where the file
/// carries them.
///
/// Read from, in order of trust:
/// - the weight's initializer name (`net.4.weight` → `net.4`), which both exporters keep and which
///   survives fusion (the dynamo exporter folds a BatchNorm into the ConvTranspose before it and
///   gives the fused node the BatchNorm's metadata);
/// - the node's `metadata_props` (dynamo exporter): `pkg.torch.onnx.name_scopes`
///   (`['', 'net', 'net.4', 'convolution_1']`: the last entry is the operation, the one before it the
///   module), `pkg.torch.onnx.class_hierarchy` (the classes of the same scopes) and
///   `pkg.torch.onnx.stack_trace` (the user's frames, then PyTorch's own);
/// - the node name of the TorchScript exporter (`/net/net.4/ConvTranspose` → `net.4`).
public struct PyTorchOrigin: Sendable, Equatable {
  /// The module path, as in `model.named_modules()`.
  public var module: String
  /// The module's class without its Python package (`ConvTranspose2d`), when the file names it.
  public var className: String?
  /// `file.py:line` of the deepest frame of the user's code that led to the node, when recorded.
  public var source: String?
  /// The module whose metadata a fused node carries (`bn (BatchNorm2d)`), when it is not `module`.
  public var fusedWith: String?

  /// Wraps the fields.
  public init(module: String, className: String? = nil, source: String? = nil, fusedWith: String? = nil) {
    self.module = module
    self.className = className
    self.source = source
    self.fusedWith = fusedWith
  }

  /// `net.4 (ConvTranspose2d, gen.py:43)`: the module path with its class and source where known.
  public var description: String {
    var details = [className, source].compactMap { $0 }
    if let fusedWith { details.append("fused with \(fusedWith)") }
    return details.isEmpty ? module : "\(module) (\(details.joined(separator: ", ")))"
  }

  /// The origin of `node`, or nil when nothing in the file names a module.
  public init?(node: ModelNode) {
    let scopes = Self.pythonStrings(node.metadata["pkg.torch.onnx.name_scopes"])
    let classes = Self.pythonStrings(node.metadata["pkg.torch.onnx.class_hierarchy"])
    // The scope list ends with the operation; the entry before it is the innermost module.
    let scoped = scopes.count >= 2 && !scopes[scopes.count - 2].isEmpty ? scopes[scopes.count - 2] : nil
    let scopedClass =
      scopes.count >= 2 && classes.count == scopes.count
      ? classes[classes.count - 2].split(separator: ".").last.map(String.init) : nil
    let fromWeight = node.input(1).flatMap(Self.module(ofParameter:))
    let fromName = Self.module(ofScopedName: node.name)
    guard let module = fromWeight ?? scoped ?? fromName else { return nil }
    if let scoped, scoped != module {
      self.init(module: module, fusedWith: scoped + (scopedClass.map { " (\($0))" } ?? ""))
    } else {
      self.init(
        module: module, className: scoped == nil ? nil : scopedClass,
        source: scoped == nil ? nil : Self.userFrame(node.metadata["pkg.torch.onnx.stack_trace"]))
    }
  }

  /// The module of a state-dict parameter (`net.4.weight` → `net.4`); nil for other names.
  public init?(parameter name: String) {
    guard let module = Self.module(ofParameter: name) else { return nil }
    self.init(module: module)
  }

  /// `net.4` for a parameter named `net.4.weight` (a state-dict key); nil for other names.
  static func module(ofParameter name: String) -> String? {
    guard name.hasSuffix(".weight") else { return nil }
    let module = String(name.dropLast(".weight".count))
    let valid = !module.isEmpty && module.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    return valid && !module.hasPrefix(".") && !module.hasSuffix(".") ? module : nil
  }

  /// `net.4` for a TorchScript-exporter node name `/net/net.4/ConvTranspose`; nil for other names.
  static func module(ofScopedName name: String) -> String? {
    guard name.hasPrefix("/") else { return nil }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard parts.count >= 2, let module = parts.dropLast().last, !module.isEmpty else { return nil }
    return String(module)
  }

  /// The strings of a Python list literal of strings, `['', 'net', 'net.4']`; empty for anything else.
  static func pythonStrings(_ text: String?) -> [String] {
    guard let text, text.hasPrefix("["), text.hasSuffix("]") else { return [] }
    var result: [String] = []
    var current: String?
    for character in text.dropFirst().dropLast() {
      if var open = current {
        if character == "'" {
          result.append(open)
          current = nil
        } else {
          open.append(character)
          current = open
        }
      } else if character == "'" {
        current = ""
      }
    }
    return result
  }

  /// `make_models.py:56` for the last frame of a Python stack trace outside PyTorch's own files
  /// (`File "/path/make_models.py", line 56, in forward`); nil when there is none.
  static func userFrame(_ trace: String?) -> String? {
    guard let trace else { return nil }
    var found: String?
    for line in trace.split(separator: "\n") {
      let text = line.drop { $0 == " " }
      guard text.hasPrefix("File \""), let close = text.dropFirst(6).firstIndex(of: "\"") else { continue }
      let path = text[text.index(text.startIndex, offsetBy: 6)..<close]
      if path.contains("/torch/") || path.contains("site-packages") || path.hasPrefix("<") { continue }
      let rest = text[text.index(after: close)...]
      guard let range = rest.range(of: ", line ") else { continue }
      let number = rest[range.upperBound...].prefix { $0.isNumber }
      guard !number.isEmpty else { continue }
      found = (path.split(separator: "/").last.map(String.init) ?? String(path)) + ":" + number
    }
    return found
  }
}
