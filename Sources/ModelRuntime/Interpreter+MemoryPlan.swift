import CheckerscopeCore
import ModelIO

/// The memory a run will hold, predicted before it starts from the values' shapes and lifetimes.
///
/// The interpreter holds the weights, the inputs and every node output until its last use
/// (`Interpreter.releases`); the live set after node `i` stores its results is
/// `weights + inputs + Σ outputs produced and still to be used`. The plan replays that schedule on
/// shapes alone: the peak is the largest live set, in bytes (4 per float32 element, 8 per int64
/// element). A node output whose shape is not known before the run counts as 0 bytes and is listed
/// in `unknownValues`, so the peak is then a lower bound; the run itself still refuses a result that
/// does not fit (`NodeContext.checkSize`). Operators' scratch buffers are not counted.
public struct MemoryPlan: Sendable, Equatable {
  /// The largest number of bytes the live tensors hold at once.
  public var peakBytes: Int
  /// The node whose results bring the live set to the peak; nil when the weights and inputs alone
  /// are the peak.
  public var peakNode: String?
  /// Node outputs whose shape was not known before the run (counted as 0 bytes), in graph order.
  public var unknownValues: [String]

  /// Whether every value's shape was known, so `peakBytes` is the run's peak rather than a bound.
  public var isComplete: Bool { unknownValues.isEmpty }
}

/// What a run measured: the largest number of bytes its live tensors held at once (the
/// same accounting as `MemoryPlan.peakBytes`).
public struct RunStatistics: Sendable, Equatable {
  /// The measured peak of the live set, in bytes.
  public var peakBytes = 0

  public init() {}
}

extension Interpreter {
  /// Predicts the run's peak memory from `inputShapes` (graph input name → shape) and `shapes`
  /// (node output name → shape, as far as known before the run), replaying the interpreter's
  /// schedule of allocations and releases. O(nodes + values).
  public func memoryPlan(inputShapes: [String: [Int]], shapes: [String: [Int]]) -> MemoryPlan {
    var integer: Set<String> = []
    var sizes: [String: Int] = [:]
    for (name, tensor) in graph.initializers {
      if case .undecoded = tensor.storage { continue }  // not loaded by the run either
      if tensor.int64Values != nil { integer.insert(name) }
      sizes[name] = Self.planBytes(tensor.shape, integer: tensor.int64Values != nil)
    }
    for info in graph.inputs {
      integer.remove(info.name)
      sizes[info.name] = inputShapes[info.name].map { Self.planBytes($0, integer: false) } ?? 0
    }
    var live = CheckedSize.sumOrNil(sizes.keys.sorted().map { sizes[$0] ?? 0 }) ?? Int.max
    var plan = MemoryPlan(peakBytes: live, peakNode: nil, unknownValues: [])
    for (index, node) in graph.nodes.enumerated() {
      let isInteger = Self.producesIntegers(node, integerInputs: integer)
      for name in node.outputs where !name.isEmpty {
        if isInteger { integer.insert(name) } else { integer.remove(name) }
        guard let shape = shapes[name] else {
          plan.unknownValues.append(name)
          continue
        }
        let bytes = Self.planBytes(shape, integer: isInteger)
        live = CheckedSize.sumOrNil([live - (sizes[name] ?? 0), bytes]) ?? Int.max
        sizes[name] = bytes
      }
      if live > plan.peakBytes {
        plan.peakBytes = live
        plan.peakNode = node.displayName
      }
      for name in releases[index] {
        if let bytes = sizes.removeValue(forKey: name) { live -= bytes }
      }
    }
    return plan
  }

  /// Refuses a run whose predicted peak (`memoryPlan`) is over `budget`, naming the figure and the
  /// node where it is reached.
  public func requirePlan(_ plan: MemoryPlan, budget: MemoryBudget) throws(RuntimeError) {
    let at = plan.peakNode.map { " at node '\($0)'" } ?? " for the weights and input"
    let bound = plan.isComplete ? "" : " at least"
    do {
      try budget.require(
        bytes: plan.peakBytes, what: "the run's predicted peak of\(bound) tensors\(at)")
    } catch {
      throw .resource(path: graph.path, error)
    }
  }

  /// Whether `node`'s outputs are int64 in the interpreter: `Shape`, a `Cast` to an integer or
  /// bool type, a `Constant` or `ConstantOfShape` of int64 values, or any other operator whose
  /// inputs are all int64.
  static func producesIntegers(_ node: ModelNode, integerInputs: Set<String>) -> Bool {
    switch node.opType {
    case OperatorName.shape: return true
    case OperatorName.cast:
      guard let code = (try? node.int("to")) ?? nil else { return false }
      return [2, 3, 4, 5, 6, 7, 9, 12, 13].contains(code)
    case OperatorName.constant, OperatorName.constantOfShape:
      return ((try? node.tensor("value")) ?? nil)?.int64Values != nil
    default:
      let inputs = node.inputs.filter { !$0.isEmpty }
      return !inputs.isEmpty && inputs.allSatisfy { integerInputs.contains($0) }
    }
  }

  /// The bytes a tensor of `shape` takes: 4 per float32 element, 8 per int64; `Int.max` on
  /// overflow or a negative extent.
  static func planBytes(_ shape: [Int], integer: Bool) -> Int {
    guard shape.allSatisfy({ $0 >= 0 }) else { return Int.max }
    return CheckedSize.productOrNil(shape + [integer ? 8 : 4]) ?? Int.max
  }
}
