import ArtifactDetection
import OverlapAnalysis
import Rendering
import TransposedConv

/// Benchmark cases for 3D overlap analysis: count and gain maps, metrics, a 3D grid sweep, a
/// montage, and periodic-pattern detection on a volume.
let volume3dBenchCases: [BenchCase] = [
  // A 3D count map: 128³ input, k=4, s=2, p=1 → 256³ (16.8 M positions), outer product of 3 axes.
  BenchCase("overlap3d-128-k4s2p1", runs: 5) {
    let layer = LayerConfig(dims: 3, kernel: 4, stride: 2, padding: 1)
    return {
      let map = try OverlapMap(layer: layer, inputSize: [128, 128, 128])
      return stride(from: 0, to: map.values.count, by: 97).reduce(0) { $0 + map.values[$1] }
    }
  },
  // The same map's full and interior metrics.
  BenchCase("overlap3d-128-k4s2p1-metrics", runs: 5) {
    let map = try OverlapMap(
      layer: LayerConfig(dims: 3, kernel: 4, stride: 2, padding: 1), inputSize: [128, 128, 128])
    return {
      let full = map.fullMetrics
      let interior = map.interiorMetrics
      return full.mean + full.std + interior.mean + Double(full.distinct.count)
    }
  },
  // A 3D gain map through the direct scatter: random 4×4×4 kernel, stride 2, 64³ input → 128³.
  BenchCase("gain3d-64-k4s2p1", runs: 5) {
    let layer = try LayerConfig(
      kernelSpec: KernelSpec(kind: .random, size: PerAxis([4]), seed: 1),
      axes: [AxisParameters](repeating: AxisParameters(stride: 2, padding: 1), count: 3))
    return {
      let map = try OverlapMap(layer: layer, inputSize: [64, 64, 64])
      return map.values.reduce(0, +)
    }
  },
  gridCase("grid3d-k16-s8-d4", dims: 3, kernels: "1...16", strides: "1...8", dilations: "1...4"),
  // The montage of the 49³ count map of a 24³ input (its three central slices).
  BenchCase("montage3d-24-k3s2", runs: 5) {
    let map = try OverlapMap(layer: LayerConfig(dims: 3, kernel: 3, stride: 2), inputSize: [24, 24, 24])
    let figure = try MapFigure(map: map)
    return {
      let image = try figure.render()
      return Double(image.pixels.count) + Double(image.pixels[image.pixels.count / 2])
    }
  },
  // detect on a 128³ volume: seeded noise plus a small 3D checker.
  BenchCase("detect3d-128", runs: 5) {
    var state: UInt64 = 1
    var values: [Float] = []
    values.reserveCapacity(128 * 128 * 128)
    for z in 0..<128 {
      for y in 0..<128 {
        for x in 0..<128 {
          state = state &* 6_364_136_223_846_793_005 &+ 1
          let noise = Float(state >> 40) / Float(1 << 24) - 0.5
          values.append(noise + ((z + y + x) % 2 == 0 ? 0.02 : -0.02))
        }
      }
    }
    let volume = GreyVolume(shape: [128, 128, 128], values: values)
    return {
      let result = try VolumeDetector().detect(volume)
      return Double(result.period?.reduce(0, +) ?? 0) + (result.axes.first?.scores.first?.peakDb ?? 0)
    }
  },
]
