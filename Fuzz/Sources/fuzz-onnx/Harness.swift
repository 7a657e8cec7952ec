import Foundation
import ModelAudit
import ModelIO
import ModelRuntime

/// libFuzzer entry: the ONNX reader (`ONNXReader.read(data:)`, protobuf decoding, tensors,
/// topological order) on arbitrary bytes, then what the tool does next with a graph it read:
/// the audit of every layer and the interpreter's up-front validation of every node. Any bytes
/// must give a graph or an error, never a trap, and errors stay short. A read keeping float32
/// tensors lazily (`lazyWeights`, as `probe` reads) must give the same graph and values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  do {
    let graph = try ONNXReader.read(data: bytes, path: "fuzz.onnx")
    checkLazyRead(bytes, agreesWith: graph)
    _ = try? ModelAuditor.audit(graph: graph, threshold: 0.01, trustDeclaredShapes: true)
    _ = try? Interpreter(graph: graph)
  } catch {
    precondition(error.description.utf8.count < 4000, "error messages stay short")
    precondition(
      (try? ONNXReader.read(data: bytes, path: "fuzz.onnx", lazyWeights: true, lazyBytes: 4)) == nil,
      "the lazy read accepts what the eager read refuses")
  }
  return 0
}

/// The same bytes read with every float32 tensor of 4 bytes or more kept lazily: the same graph,
/// each tensor's values bit for bit the eager read's.
func checkLazyRead(_ bytes: Data, agreesWith graph: ModelGraph) {
  guard let lazy = try? ONNXReader.read(data: bytes, path: "fuzz.onnx", lazyWeights: true, lazyBytes: 4)
  else {
    preconditionFailure("the lazy read refuses what the eager read accepts")
  }
  // Nodes compare by their wiring: a tensor attribute may itself be kept lazily.
  precondition(
    lazy.nodes.map { [$0.opType] + $0.inputs + $0.outputs }
      == graph.nodes.map { [$0.opType] + $0.inputs + $0.outputs })
  precondition(Set(lazy.initializers.keys) == Set(graph.initializers.keys))
  precondition(Set(lazy.constants.keys) == Set(graph.constants.keys))
  for (name, tensor) in graph.initializers.merging(graph.constants, uniquingKeysWith: { a, _ in a }) {
    let other = lazy.constant(name)
    precondition(other?.shape == tensor.shape && other?.storage.count == tensor.storage.count)
    precondition(
      other?.floatValues?.map(\.bitPattern) == tensor.floatValues?.map(\.bitPattern),
      "lazy and eager values differ for '\(name)'")
  }
}
