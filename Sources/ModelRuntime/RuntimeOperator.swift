import CheckerscopeCore
import ModelIO
import TransposedConv

/// One ONNX operator the interpreter runs: built from its node (checking every attribute before any
/// work, `init(node:context:)`), then run on the node's input values.
protocol RuntimeOperator: Sendable {
  /// The attributes the implementation reads; any other attribute on the node is refused.
  static var attributes: Set<String> { get }
  /// Parses and checks the node's attributes and the inputs that must be constant.
  init(node: ModelNode, context: NodeContext) throws(RuntimeError)
  /// Computes the node's outputs from its inputs (`nil` for an omitted optional input).
  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  /// `run` with the inputs handed over: the interpreter passes its own list, which it drops
  /// afterwards. An operator may take an input listed in `context.overwritable` out of the list
  /// (`NodeContext.takeFloat`) and write its result into that buffer. Default: `run(inputs, context:)`.
  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  /// The output shapes for what is known of the inputs, without running the kernel; nil when the
  /// operator has no shape function or the facts do not decide the shapes (the registry then
  /// evaluates small cases with `run`). Throws when the known facts are invalid for the node.
  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]?
  /// The inputs whose values never change the output shapes (see the extension's default).
  static var placeholderInputs: Set<Int> { get }
  /// The operations `run` will do beyond one per output element (`OperatorWork.swift`), for the
  /// run's work bound; 0 for operators whose time follows their output.
  func work(_ inputs: [RuntimeValue?], context: NodeContext) -> Int
}

extension RuntimeOperator {
  /// The inputs whose values never change the output shapes (only their shapes do): the registry may
  /// stand placeholders in for them when it evaluates a small node to learn its shapes. Default: the
  /// first (data) input only.
  static var placeholderInputs: Set<Int> { [0] }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? { nil }

  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  {
    try run(inputs, context: context)
  }
}

/// What an operator knows about its node: the names for messages, the graph's constants and opset.
struct NodeContext: Sendable {
  let path: String
  let node: ModelNode
  let opsetVersion: Int
  /// The element types the graph declares for the node's inputs (nil where not declared).
  var inputTypes: [ModelDataType?] = []
  /// The memory budget of the run and the bytes its live tensors already hold: a result must fit
  /// in what is left (`checkSize`).
  var budget = MemoryBudget(bytes: Int.max)
  var liveBytes = 0
  /// The input slots whose value this node may overwrite: their last use in the run, held by no
  /// other value the run keeps (`Interpreter.overwritable`). Empty outside a run.
  var overwritable: [Int] = []

  var name: String { node.displayName }

  /// An `invalidNode` error about this node.
  func invalid(_ reason: String) -> RuntimeError {
    .invalidNode(path: path, node: name, opType: node.opType, reason: Self.oneLine(reason))
  }

  /// An `unsupportedAttribute` error about this node.
  func unsupported(_ reason: String) -> RuntimeError {
    .unsupportedAttribute(path: path, node: name, opType: node.opType, reason: Self.oneLine(reason))
  }

  /// The longest reason an error keeps, in characters.
  static let reasonLimit = 300

  /// `reason` as one short line: line breaks become spaces and a reason past `reasonLimit`
  /// characters is cut with its length named, whatever lists a hostile model put into it
  /// (messages print long lists with `CheckedShape.brief`; this is the backstop).
  static func oneLine(_ reason: String) -> String {
    let flat = reason.contains(where: \.isNewline) ? String(reason.map { $0.isNewline ? " " : $0 }) : reason
    guard flat.count > reasonLimit else { return flat }
    return "\(flat.prefix(reasonLimit))… (\(CheckedShape.grouped(flat.count)) characters)"
  }

  func int(_ key: String) throws(RuntimeError) -> Int? {
    do { return try node.int(key, path: path) } catch { throw .model(error) }
  }

  func ints(_ key: String) throws(RuntimeError) -> [Int]? {
    do { return try node.ints(key, path: path) } catch { throw .model(error) }
  }

  func float(_ key: String) throws(RuntimeError) -> Float? {
    do { return try node.float(key, path: path) } catch { throw .model(error) }
  }

  func string(_ key: String) throws(RuntimeError) -> String? {
    do { return try node.string(key, path: path) } catch { throw .model(error) }
  }

  func tensor(_ key: String) throws(RuntimeError) -> ModelTensor? {
    do { return try node.tensor(key, path: path) } catch { throw .model(error) }
  }

  /// A string attribute that must be one of `allowed`; `fallback` when absent.
  func choice(_ key: String, _ allowed: [String], default fallback: String) throws(RuntimeError) -> String {
    let value = try string(key) ?? fallback
    guard allowed.contains(value) else {
      throw unsupported("\(key) '\(value)' is not supported (supported: \(allowed.joined(separator: ", ")))")
    }
    return value
  }

  /// Input `index` as a float tensor; throws when it is missing or int64.
  func floatInput(_ inputs: [RuntimeValue?], _ index: Int) throws(RuntimeError) -> Tensor {
    guard index < inputs.count, let value = inputs[index] else { throw invalid("input \(index) is missing") }
    switch value {
    case .float(let t): return t
    case .int(let t): return Tensor(shape: t.shape, data: t.data.map { Float($0) })
    }
  }

  /// Optional input `index` as a float tensor.
  func optionalFloat(_ inputs: [RuntimeValue?], _ index: Int) throws(RuntimeError) -> Tensor? {
    guard index < inputs.count, inputs[index] != nil else { return nil }
    return try floatInput(inputs, index)
  }

  /// Input `index`, any kind; throws when missing.
  func value(_ inputs: [RuntimeValue?], _ index: Int) throws(RuntimeError) -> RuntimeValue {
    guard index < inputs.count, let value = inputs[index] else { throw invalid("input \(index) is missing") }
    return value
  }

  /// Float input `index` taken out of `inputs` when the node may overwrite it (see `overwritable`),
  /// so the caller holds its only reference and can write into its buffer without a copy; nil
  /// otherwise, or when it is empty (the input then stays in the list). Writing still goes through copy-on-write, so an
  /// input someone else holds after all is copied, never changed under them.
  func takeFloat(_ inputs: inout [RuntimeValue?], _ index: Int) -> Tensor? {
    guard overwritable.contains(index), index < inputs.count, case .float(let t)? = inputs[index], t.count > 0
    else { return nil }
    inputs[index] = nil
    return t
  }

  /// Inputs 0 and 1 of a binary elementwise operator and their broadcast result shape (NumPy's
  /// rules), size-checked before the operator allocates it.
  func broadcastPair(_ inputs: [RuntimeValue?]) throws(RuntimeError) -> (
    a: RuntimeValue, b: RuntimeValue, shape: [Int]
  ) {
    let a = try value(inputs, 0)
    let b = try value(inputs, 1)
    guard let shape = Broadcast.shape(a.shape, b.shape) else {
      throw invalid("shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    try checkSize(shape)
    return (a, b, shape)
  }

  /// Normalises a possibly negative axis against `rank`.
  func axis(_ axis: Int, rank: Int) throws(RuntimeError) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < max(rank, 1) else { throw invalid("axis \(axis) is out of range for rank \(rank)") }
    return a
  }

  /// `axis` for operators that index the input's shape at it (Gather, Split, Concat, Squeeze…):
  /// a scalar has no axis to take, so rank 0 is refused instead of accepting axis 0.
  func existingAxis(_ axis: Int, rank: Int) throws(RuntimeError) -> Int {
    guard rank > 0 else { throw invalid("axis \(axis) needs an input of rank 1 or more, not a scalar") }
    return try self.axis(axis, rank: rank)
  }

  /// Throws `tooLarge` when `shape` holds more than `Interpreter.maximumElements` elements, and
  /// `resource` when a float32 result of that shape does not fit in the budget beside the live
  /// tensors. Operators call it before allocating their result.
  func checkSize(_ shape: [Int], bytesPerElement: Int = 4) throws(RuntimeError) {
    var total = 1
    for extent in shape {
      guard extent >= 0 else { throw invalid("negative extent in result shape \(shape)") }
      let (p, overflow) = total.multipliedReportingOverflow(by: extent)
      guard !overflow, p <= Interpreter.maximumElements else {
        throw .tooLarge(path: path, node: name, elements: overflow ? Int.max : p)
      }
      total = p
    }
    // An empty result still carries its extents into stride products (`shape[k...].reduce(1, *)`):
    // those must not overflow either, so `[0, 2^40, 2^40]` is refused here, not trapped on later.
    guard total > 0 || CheckedShape.count(shape.map { Swift.max($0, 1) }) != nil else {
      throw invalid("the empty result shape \(CheckedShape.brief(shape)) has extents whose product overflows")
    }
    let needed = CheckedSize.sumOrNil([liveBytes, total * bytesPerElement]) ?? Int.max
    do {
      try budget.require(
        bytes: needed,
        what:
          "node '\(name)' (\(node.opType)): its result \(shape.map(String.init).joined(separator: "×")) beside the \(MemoryBudget.format(bytes: liveBytes)) of tensors the run holds"
      )
    } catch {
      throw .resource(path: path, error)
    }
  }

  /// Maps an engine error to this node.
  func engine(_ error: ConvTransposeError) -> RuntimeError { invalid(error.description) }
}
