import CheckerscopeCore
import Foundation
import ModelIO
import ModelProbe
import ModelRuntime
import TransposedConv

/// The models suite: for every ONNX file in `CHECKERSCOPE_BENCH_MODELS` (paths separated by `:`;
/// `Scripts/bench_models.py export` writes real architectures to /tmp/checkerscope-models), three
/// cases named after the file, then one more: `model-NAME-forward` (the interpreter's forward pass),
/// `model-NAME-probe` (the whole probe in memory: forward pass, trace and measurement) and
/// `model-NAME-profile` (one forward pass, its time per operator type and the probe's analysis
/// time printed to stderr), and `model-NAME-read` (reading the file into a `ModelGraph`: in this
/// process the heap already holds the pages of the last read, so this times parsing and copying
/// without the first-touch page faults a fresh process pays). The input is seeded uniform noise in
/// the model's fixed input shape (a model without one is reported as an error). No cases when the
/// variable is unset.
func modelSuiteCases() -> [BenchCase] {
  guard let list = ProcessInfo.processInfo.environment["CHECKERSCOPE_BENCH_MODELS"] else { return [] }
  var cases: [BenchCase] = []
  for path in list.split(separator: ":").map(String.init) where !path.isEmpty {
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    cases.append(
      suiteCase("model-\(name)-forward", path: path, runs: 3) { graph, input in
        let outputs = try Interpreter(graph: graph).run(inputs: [graph.inputs.first?.name ?? "input": input])
        return Double(outputs.values.first?.floatTensor?.data.first ?? 0)
      })
    cases.append(
      suiteCase("model-\(name)-probe", path: path, runs: 3) { graph, input in
        try Probe.run(graph: graph, input: input, inputLabel: "noise").output.measure.strength
      })
    cases.append(suiteCase("model-\(name)-profile", path: path, runs: 1, body: operatorProfile))
    cases.append(
      BenchCase("model-\(name)-read", runs: 10) {
        {
          let graph = try ONNXReader.read(contentsOf: path)
          return Double(graph.initializers.values.reduce(0) { $0 + $1.elementCount })
        }
      })
  }
  return cases
}

/// A case on the model at `path` in its own fixed input shape, with a seeded uniform input.
func suiteCase(
  _ name: String, path: String, runs: Int, body: @escaping @Sendable (ModelGraph, Tensor) throws -> Double
) -> BenchCase {
  BenchCase(name, runs: runs) {
    let graph = try ONNXReader.read(contentsOf: path)
    guard let shape = graph.fixedInputShape else {
      throw BenchError.message("\(path): the model has no single input of fixed shape")
    }
    var rng = SplitMix64(seed: 1)
    let count = shape.reduce(1, *)
    let input = Tensor(shape: shape, data: (0..<count).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
    return { try body(graph, input) }
  }
}

enum BenchError: Error, CustomStringConvertible {
  case message(String)
  var description: String {
    switch self {
    case .message(let text): text
    }
  }
}

/// The process's CPU time in milliseconds (all threads): less sensitive than wall time to other
/// processes sharing the machine.
func processCPUMilliseconds() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
  return Double(spec.tv_sec) * 1e3 + Double(spec.tv_nsec) / 1e6
}

/// Time per operator type of one interpreter run (between successive node results), then the whole
/// probe's time less that forward pass: what the probe's own analysis (trace, measurement) adds,
/// in wall time and in CPU time.
@Sendable func operatorProfile(_ graph: ModelGraph, _ input: Tensor) throws -> Double {
  final class Times: @unchecked Sendable {
    var byOp: [String: Double] = [:]
    var shapes: [String: [Int]] = [:]
    var convs = ConvTimes()
  }
  let times = Times()
  let inputName = graph.inputs.first?.name ?? "input"
  times.shapes[inputName] = input.shape
  let cpuStart = processCPUMilliseconds()
  let start = DispatchTime.now().uptimeNanoseconds
  var last = start
  var lastCPU = cpuStart
  _ = try Interpreter(graph: graph).run(inputs: [inputName: input]) { result in
    let now = DispatchTime.now().uptimeNanoseconds
    let ms = Double(now - last) / 1e6
    let cpu = processCPUMilliseconds()
    let cpuMs = cpu - lastCPU
    lastCPU = cpu
    times.byOp[result.node.opType, default: 0] += ms
    for output in result.outputs { times.shapes[output.name] = output.value.shape }
    if result.node.opType == "Conv", result.node.inputs.count > 1,
      let x = times.shapes[result.node.inputs[0]] ?? graph.initializers[result.node.inputs[0]]?.shape,
      let w = graph.initializers[result.node.inputs[1]]?.shape ?? times.shapes[result.node.inputs[1]],
      let y = result.outputs.first?.value.shape
    {
      times.convs.add(node: result.node, input: x, weight: w, output: y, milliseconds: ms, cpu: cpuMs)
    }
    last = DispatchTime.now().uptimeNanoseconds
    lastCPU = processCPUMilliseconds()
  }
  let forward = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
  let forwardCPU = processCPUMilliseconds() - cpuStart
  let probeCPUStart = processCPUMilliseconds()
  let probeStart = DispatchTime.now().uptimeNanoseconds
  var probeText: String
  do {
    _ = try Probe.run(graph: graph, input: input, inputLabel: "noise")
    let probe = Double(DispatchTime.now().uptimeNanoseconds - probeStart) / 1e6
    let probeCPU = processCPUMilliseconds() - probeCPUStart
    let f = NumberFormat.printf
    probeText =
      "probe \(f(probe, 1)) ms (analysis \(f(probe - forward, 1)) ms); CPU: forward \(f(forwardCPU, 1)) ms, "
      + "probe \(f(probeCPU, 1)) ms (analysis \(f(probeCPU - forwardCPU, 1)) ms, "
      + "\(f(100 * (probeCPU - forwardCPU) / max(forwardCPU, 1e-9), 0)) % of the forward pass)"
  } catch {
    probeText = "probe refused: \(error)"
  }
  var lines = ["  forward \(NumberFormat.printf(forward, 1)) ms, \(probeText)"]
  for (op, ms) in times.byOp.sorted(by: { $0.value > $1.value }) {
    lines.append("  \(op): \(NumberFormat.printf(ms, 1)) ms")
  }
  lines += times.convs.lines()
  FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  return forward
}

/// `--read-once FILE`: reads the model once in this process, first touch of its memory included, and
/// prints `read FILE: W ms wall, C ms CPU, F page faults`.
func readOnce(_ path: String) {
  var before = rusage()
  getrusage(rusageSelf, &before)
  let cpuStart = processCPUMilliseconds()
  let start = DispatchTime.now().uptimeNanoseconds
  let graph: ModelGraph
  do {
    graph = try ONNXReader.read(contentsOf: path)
  } catch {
    BenchMain.fail("\(error)")
  }
  let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
  let cpu = processCPUMilliseconds() - cpuStart
  var after = rusage()
  getrusage(rusageSelf, &after)
  let f = NumberFormat.printf
  print(
    "read \(path): \(f(wall, 2)) ms wall, \(f(cpu, 2)) ms CPU, \(after.ru_minflt - before.ru_minflt) page faults, "
      + "\(graph.initializers.count) initializers")
}

#if os(Linux)
  /// `RUSAGE_SELF`, which Glibc imports as an enum case.
  let rusageSelf = RUSAGE_SELF.rawValue
#else
  let rusageSelf = RUSAGE_SELF
#endif
