import CheckerscopeCore
import Foundation
import ModelIO
import ModelProbe
import ModelRuntime
import TransposedConv

/// The interpreter and the probe on the model named by `CHECKERSCOPE_BENCH_MODEL` (a full-width
/// CycleGAN-style generator written by `Scripts/bench_onnxruntime.py`, 1×3×256×256); skipped (the
/// body returns at once) when the variable is unset or the file is missing. Input: seeded uniform.
let interpreterBenchCases: [BenchCase] = [
  modelCase("interpreter-cyclegan256", runs: 5) { graph, input in
    let outputs = try Interpreter(graph: graph).run(inputs: ["input": input])
    return Double(outputs.values.first?.floatTensor?.data.first ?? 0)
  },
  modelCase("probe-cyclegan256", runs: 5) { graph, input in
    try Probe.run(graph: graph, input: input, inputLabel: "noise").output.measure.strength
  },
]

func modelCase(
  _ name: String, runs: Int, body: @escaping @Sendable (ModelGraph, Tensor) throws -> Double
) -> BenchCase {
  BenchCase(name, runs: runs) {
    guard let path = ProcessInfo.processInfo.environment["CHECKERSCOPE_BENCH_MODEL"],
      FileManager.default.fileExists(atPath: path)
    else { return { 0 } }
    let graph = try ONNXReader.read(contentsOf: path).withInputShape([1, 3, 256, 256])
    var rng = SplitMix64(seed: 1)
    let input = Tensor(
      shape: [1, 3, 256, 256],
      data: (0..<(3 * 256 * 256)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
    return { try body(graph, input) }
  }
}

/// Time per operator type of one interpreter run (between successive node results), for finding
/// what to speed up; printed to stderr by the `interpreter-cyclegan256-profile` case.
let interpreterProfileCase = modelCase("interpreter-cyclegan256-profile", runs: 1) { graph, input in
  final class Times: @unchecked Sendable { var byOp: [String: Double] = [:] }
  let times = Times()
  var last = DispatchTime.now().uptimeNanoseconds
  _ = try Interpreter(graph: graph).run(inputs: ["input": input]) { result in
    let now = DispatchTime.now().uptimeNanoseconds
    times.byOp[result.node.opType, default: 0] += Double(now - last) / 1e6
    last = DispatchTime.now().uptimeNanoseconds
  }
  for (op, ms) in times.byOp.sorted(by: { $0.value > $1.value }) {
    FileHandle.standardError.write(Data("  \(op): \(Int(ms)) ms\n".utf8))
  }
  return 0
}
