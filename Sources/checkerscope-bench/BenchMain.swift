import CheckerscopeCore
import Foundation
import TransposedConv

/// `checkerscope-bench [--json] [--runs N] [--cold] [NAME-SUBSTRING …]`
///
/// For each case: build its inputs, two warm-up runs (`PackedWeightCache` keeps a packing from
/// its second request on), then N timed runs with `ContinuousClock`; prints the median and
/// minimum in milliseconds, the median CPU time of the process (all threads; steadier than wall
/// time when other processes share the cores) and the result's checksum. `--cold` empties
/// `PackedWeightCache.shared` before every run (outside the timed part; one warm-up), so each run
/// packs and transforms its convolution weights anew, as the single forward pass of a fresh
/// process (`checkerscope probe`) does; the heap still reuses freed blocks, so the page faults of
/// a new process's first allocations are not in it. Run it in release:
/// `swift run -c release checkerscope-bench`. `checkerscope-bench --read-once FILE.onnx` reads one
/// model in this fresh process and prints the read's wall and CPU time and its page faults (what a
/// `checkerscope probe` pays before running; repeat it from the shell for a median).
@main
enum BenchMain {
  static let allCases: [BenchCase] = [
    pngBenchCases, deconvBenchCases, deconv3dBenchCases, overlapBenchCases, renderBenchCases, gridBenchCases,
    detectBenchCases, reportBenchCases, volume3dBenchCases, auditBenchCases, interpreterBenchCases,
    measureBenchCases, parallelBenchCases, [interpreterProfileCase], modelSuiteCases(), conv2dBenchCases,
    conv3dBenchCases,
  ].flatMap { $0 }

  static func main() {
    AllocatorTuning.keepFreedBlocks()
    var json = false
    var runsOverride: Int?
    var cold = false
    var filters: [String] = []
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
      switch argument {
      case "--json": json = true
      case "--cold": cold = true
      case "--runs":
        guard let text = arguments.next(), let value = Int(text), value >= 1 else {
          fail("--runs needs a whole number of at least 1")
        }
        runsOverride = value
      case "--read-once":
        guard let path = arguments.next() else { fail("--read-once needs an ONNX file") }
        readOnce(path)
        return
      case "--list":
        for c in allCases { print(c.name) }
        return
      case "-h", "--help":
        print("usage: checkerscope-bench [--json] [--runs N] [--cold] [--list] [NAME-SUBSTRING …]")
        print("       checkerscope-bench --read-once FILE.onnx")
        return
      default:
        if argument.hasPrefix("-") { fail("unknown option \(argument); see --help") }
        filters.append(argument)
      }
    }
    // The kernel set the transposed convolutions run (CHECKERSCOPE_KERNELS), on standard error so
    // --json output stays one document.
    if let problem = KernelSet.environmentError { fail("\(problem)") }
    FileHandle.standardError.write(Data("kernels: \(KernelSet.active.rawValue)\n".utf8))
    let selected = allCases.filter { c in filters.isEmpty || filters.contains { c.name.contains($0) } }
    if selected.isEmpty { fail("no benchmark case matches \(filters); see --list") }
    var results: [String] = []
    for benchCase in selected {
      do {
        let body = try benchCase.prepare()
        if cold { PackedWeightCache.shared.removeAll() }
        var checksum = try body()  // warm-up
        if !cold { checksum = try body() }
        var times: [Double] = []
        var cpuTimes: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<(runsOverride ?? benchCase.runs) {
          if cold { PackedWeightCache.shared.removeAll() }
          var value = 0.0
          let cpuStart = processCPUMilliseconds()
          let elapsed = try clock.measure { value = try body() }
          cpuTimes.append(processCPUMilliseconds() - cpuStart)
          checksum = value
          times.append(
            Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
        }
        let (median, cpu, minimum) = (Self.median(times), Self.median(cpuTimes), times.min() ?? 0)
        if json {
          results.append(
            "{\"name\":\"\(benchCase.name)\",\"medianMs\":\(format(median)),\"minMs\":\(format(minimum)),"
              + "\"cpuMs\":\(format(cpu)),\"checksum\":\(checksum)}")
        } else {
          let padded = benchCase.name.padding(toLength: 40, withPad: " ", startingAt: 0)
          print(
            "\(padded) median \(format(median)) ms  min \(format(minimum)) ms  cpu \(format(cpu)) ms  "
              + "checksum \(checksum)")
        }
      } catch {
        fail("\(benchCase.name): \(error)")
      }
    }
    if json { print("[" + results.joined(separator: ",\n") + "]") }
  }

  static func format(_ value: Double) -> String { NumberFormat.printf(value, 3) }

  /// The middle value of `values` (the mean of the two middle ones for an even count; 0 if empty).
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let half = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
  }

  static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("checkerscope-bench: error: \(message)\n".utf8))
    exit(1)
  }
}
