import OverlapAnalysis
import Sweeps

/// Benchmark cases for the grid part of checkerscope: whole sweeps including the JSON text.
let gridBenchCases: [BenchCase] = [
  gridCase("grid2d-k64-s16-d4", dims: 2, kernels: "1...64", strides: "1...16", dilations: "1...4"),
  gridCase("grid1d-k64-s16-d4", dims: 1, kernels: "1...64", strides: "1...16", dilations: "1...4"),
]

/// A sweep of `kernels × strides × dilations` (p = 0, op = 0, default input sizes) on all cores,
/// followed by the grid document's JSON text (what `checkerscope grid --output FILE.json` writes,
/// minus the file system). The checksum adds the text's length and the records' interior means.
func gridCase(_ name: String, dims: Int, kernels: String, strides: String, dilations: String) -> BenchCase {
  BenchCase(name, runs: 10) {
    let spec = SweepSpec(
      dims: dims, kernels: try ValueList(parsing: kernels), strides: try ValueList(parsing: strides),
      dilations: try ValueList(parsing: dilations))
    return {
      let document = try Sweep.run(spec, version: "bench")
      let text = try document.encoded()
      var sum = Double(text.utf8.count)
      for record in document.records { sum += record["interior"]?["mean"]?.doubleValue ?? 0 }
      return sum
    }
  }
}
