import Reporting

/// Benchmark cases for the report part of checkerscope. Run from the repository root: the
/// default study reads `Fixtures/images/chelsea.png`.
let reportBenchCases: [BenchCase] = [
  // The default study (the main job) computed in memory: every section, figure and data file,
  // without writing the folder. Checksum: the total size of the files.
  BenchCase("report-default", runs: 3) {
    let spec = DistillStudy.spec
    return {
      let output = try StudyRunner(version: "bench", command: "bench").run(spec)
      return Double(output.files.values.reduce(0) { $0 + $1.count })
    }
  },
  // The kernel × stride grid study (3 × 128 2D maps, 1D sweep, summary heatmaps).
  BenchCase("report-kernel-stride-grid", runs: 3) {
    let spec = try StudySpec.read(from: "Fixtures/studies/kernel-stride-grid.json")
    return {
      let output = try StudyRunner(version: "bench", command: "bench").run(spec)
      return Double(output.files.values.reduce(0) { $0 + $1.count })
    }
  },
]
