import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import SwiftProtobuf
import TransposedConv

/// libFuzzer entry: a model all the way through — `ONNXReader.read(data:)` (with lazy weights, as
/// `probe` reads), `ModelAuditor.audit`,
/// then `Probe.run` (the interpreter's validation, memory plan and run, the trace and the
/// measurement) on an all-ones input, with a 256 MiB budget, at most 2^26 operations (the
/// interpreter's work bound) and inputs of at most 65,536 elements, so one input takes well under a
/// second. Any model must give a report or an error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNXRun(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  let limits = ModelReadLimits(
    maximumFileBytes: 1 << 20, maximumTensorElements: 1 << 22, maximumTotalTensorBytes: 64 << 20,
    maximumNodes: 2_000, maximumSafetensorsHeaderBytes: 1 << 20, maximumNodeInputs: 256, maximumEdges: 20_000)
  let graph: ModelGraph
  do {
    // Float32 tensors of 64 bytes or more stay lazy, as `probe`'s large ones do (its 64 KiB
    // threshold is the size of the largest input here).
    graph = try ONNXReader.read(
      data: bytes, path: "fuzz.onnx", limits: limits, lazyWeights: true, lazyBytes: 64)
  } catch {
    precondition(error.description.utf8.count < 4000, "error messages stay short")
    return 0
  }
  _ = try? ModelAuditor.audit(graph: graph, threshold: 0.01, trustDeclaredShapes: true)
  guard let shape = graph.fixedInputShape, let count = CheckedSize.productOrNil(shape), count <= 1 << 16
  else {
    return 0
  }
  do {
    let report = try Probe.run(
      graph: graph, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant",
      budget: MemoryBudget(bytes: 256 << 20), maximumWork: 1 << 26)
    // A report is written as strict JSON: no NaN or infinity may reach it.
    _ = try report.json.encoded()
  } catch {
    precondition(String(describing: error).utf8.count < 4000, "error messages stay short")
  }
  return 0
}

@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// libFuzzer's custom mutator: decodes the bytes as an ONNX model and changes its structure (a
/// dimension, an attribute, an initializer, the opset, an operator type, a node's inputs), then
/// encodes it; bytes that are not a model get libFuzzer's own byte mutations.
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzONNXMutate(
  _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32
) -> Int {
  var rng = SplitMix64(seed: UInt64(seed))
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard rng.next() % 8 != 0, var model = try? Onnx_ModelProto(serializedBytes: bytes), model.hasGraph
  else {
    return LLVMFuzzerMutate(data, size, maxSize)
  }
  StructuredMutation.mutate(&model, rng: &rng)
  guard let encoded: Data = try? model.serializedBytes(), encoded.count <= maxSize else {
    return LLVMFuzzerMutate(data, size, maxSize)
  }
  encoded.copyBytes(to: data, count: encoded.count)
  return encoded.count
}
