import OverlapAnalysis
import TransposedConv

/// Benchmark cases for the overlap part of checkerscope.
let overlapBenchCases: [BenchCase] = [
  // The target: a 2D count map for a 1024×1024 input, k=7, s=3 (output 3076×3076).
  BenchCase("overlap2d-1024-k7s3") {
    let layer = LayerConfig(dims: 2, kernel: 7, stride: 3)
    return {
      let map = try OverlapMap(layer: layer, inputSize: [1024, 1024])
      // A strided sample keeps the checksum cheap next to the map itself.
      return stride(from: 0, to: map.values.count, by: 97).reduce(0) { $0 + map.values[$1] }
    }
  },
  // The same map's metrics (full and interior), timed apart from the map.
  BenchCase("overlap2d-1024-k7s3-metrics") {
    let map = try OverlapMap(layer: LayerConfig(dims: 2, kernel: 7, stride: 3), inputSize: [1024, 1024])
    return {
      let full = map.fullMetrics
      let interior = map.interiorMetrics
      return full.mean + full.std + interior.mean + Double(full.distinct.count)
    }
  },
  // A 2D gain map through the dense scatter-add: random 4×4 kernel, stride 2, 256×256 input.
  BenchCase("gain2d-256-k4s2") {
    let layer = try LayerConfig(
      kernelSpec: KernelSpec(kind: .random, size: PerAxis([4]), seed: 1),
      axes: [AxisParameters(stride: 2, padding: 1), AxisParameters(stride: 2, padding: 1)])
    return {
      let map = try OverlapMap(layer: layer, inputSize: [256, 256])
      return map.values.reduce(0, +)
    }
  },
]
