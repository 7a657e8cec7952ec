import Foundation
import ModelAudit
import ModelIO

/// Benchmark cases for reading and auditing models.
let auditBenchCases: [BenchCase] = [
  // The case: read and audit a ~46 MB ONNX model (a full-width CycleGAN generator made in
  // code, written to the temporary folder and left there so `/usr/bin/time -v checkerscope audit
  // FILE` can measure the memory of a whole run).
  BenchCase("audit-cyclegan-46mb", runs: 5) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkerscope-bench-cyclegan.onnx").path
    try Data(SyntheticONNX.cycleGAN()).write(to: URL(fileURLWithPath: path), options: .atomic)
    return {
      let graph = try ONNXReader.read(contentsOf: path)
      let report = try ModelAuditor.audit(graph: graph)
      return report.layers.reduce(0) { $0 + ($1.weights?.pefMax ?? 0) } + Double(graph.initializers.count)
    }
  },
  // Reading only, from memory.
  BenchCase("onnx-read-46mb", runs: 5) {
    let bytes = Data(SyntheticONNX.cycleGAN())
    return {
      let graph = try ONNXReader.read(data: bytes)
      return Double(graph.nodes.count + graph.initializers.count)
    }
  },
]
