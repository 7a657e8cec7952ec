import CheckerscopeCore
import ModelProbe
import TransposedConv

/// The probe's statistic alone (`PeriodicMeasure.measure`) on seeded noise in the activation shapes of
/// the models suite: a 3D U-Net's 64³ and 32³ volumes, a 2D generator's 256² and 64² planes. Borders
/// of 2 samples on every side (wider on the `interior20` cases) and a lattice of 2, as after one
/// stride-2 upsampling.
let measureBenchCases: [BenchCase] = [
  measureCase("measure-volume-32x64c", shape: [1, 32, 64, 64, 64]),
  measureCase("measure-volume-64x32c", shape: [1, 64, 32, 32, 32]),
  measureCase("measure-volume-128x16c", shape: [1, 128, 16, 16, 16]),
  measureCase("measure-plane-64x256sq", shape: [1, 64, 256, 256]),
  measureCase("measure-plane-256x64sq", shape: [1, 256, 64, 64]),
  // As in a deep 2D decoder: the border reaches most of the map, a 20² interior is left.
  measureCase("measure-plane-64x128sq-interior20", shape: [1, 64, 128, 128], border: 54),
  measureCase("measure-plane-256x32sq-interior20", shape: [1, 256, 32, 32], border: 6),
]

func measureCase(_ name: String, shape: [Int], border: Int = 2) -> BenchCase {
  BenchCase(name, runs: 5) {
    var rng = SplitMix64(seed: 7)
    let count = shape.reduce(1, *)
    let tensor = Tensor(shape: shape, data: (0..<count).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
    var trace = SpatialTrace(rank: shape.count - 2)
    trace.begin = trace.begin.map { _ in border }
    trace.end = trace.end.map { _ in border }
    trace.lattice = trace.lattice.map { _ in 2 }
    let traced = trace
    return { PeriodicMeasure.measure(tensor, trace: traced, inputScale: 0.5).strength }
  }
}
