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
      shape: [1, 3, 256, 256], data: (0..<(3 * 256 * 256)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
    return { try body(graph, input) }
  }
}
