import Foundation
import ModelAudit
import ModelIO
import ModelRuntime

/// libFuzzer entry: the ONNX reader (`ONNXReader.read(data:)`, protobuf decoding, tensors,
/// topological order) on arbitrary bytes, then what the tool does next with a graph it read:
/// the audit of every layer and the interpreter's up-front validation of every node. Any bytes
/// must give a graph or an error, never a trap, and errors stay short.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  do {
    let graph = try ONNXReader.read(data: bytes, path: "fuzz.onnx")
    _ = try? ModelAuditor.audit(graph: graph, threshold: 0.01, trustDeclaredShapes: true)
    _ = try? Interpreter(graph: graph)
  } catch {
    precondition(error.description.utf8.count < 4000, "error messages stay short")
  }
  return 0
}
