import CheckerscopeCore
import TestSupport
import Testing

@testable import TransposedConv

/// Winograd's F(2×2×2, 3×3×3) (`Winograd3D`) against a plain 3D correlation loop in double
/// precision written here: odd output sizes on every axis (tile rows whose last tiles hang past
/// the output, partial groups of eight tiles), the smallest output it accepts (2 per axis), pads
/// 0, 1 and 2 (asymmetric), with and without bias, a batch of two, output channel counts that are
/// not multiples of the GEMM's six block rows. Every C kernel set, one worker with one band and
/// two workers with many bands must give the same bits.
@Suite("Winograd3D agrees with a direct 3D convolution")
struct Winograd3DTests {
  /// One layer: batch, channels, input sizes, leading and trailing pads, bias or not.
  struct Layer: CustomStringConvertible, Sendable {
    let batch, cIn, cOut: Int
    let input, padBegin, padEnd: [Int]
    let bias: Bool

    var output: [Int] { (0..<3).map { input[$0] + padBegin[$0] + padEnd[$0] - 2 } }
    var description: String { "\(batch)×\(cIn)→\(cOut) \(input) pads \(padBegin)/\(padEnd) bias \(bias)" }
  }

  static let layers: [Layer] = [
    // Odd outputs (5, 7, 9), pads 1, bias; 17 outputs: two full blocks of six and a partial one.
    // (The VolumeConvolution tests run a layer through the engine's choice.)
    Layer(
      batch: 1, cIn: 16, cOut: 17, input: [5, 7, 9], padBegin: [1, 1, 1], padEnd: [1, 1, 1], bias: true),
    // A batch of two, asymmetric pads 0/2, no bias; outputs (4, 5, 9).
    Layer(
      batch: 2, cIn: 7, cOut: 13, input: [4, 5, 9], padBegin: [0, 2, 1], padEnd: [2, 0, 1], bias: false),
    // The smallest output, 2×2×2.
    Layer(batch: 1, cIn: 3, cOut: 6, input: [2, 2, 2], padBegin: [1, 1, 1], padEnd: [1, 1, 1], bias: true),
    // No padding; 17 output columns: tile rows of nine tiles (two groups of eight, the second
    // nearly empty).
    Layer(
      batch: 1, cIn: 5, cOut: 8, input: [6, 4, 19], padBegin: [0, 0, 0], padEnd: [0, 0, 0], bias: true),
    // Pads of 2: outputs one larger than the input on each side's count.
    Layer(batch: 2, cIn: 4, cOut: 5, input: [3, 4, 3], padBegin: [2, 2, 2], padEnd: [2, 1, 2], bias: true),
  ]

  static func tensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    Tensor(
      shape: shape,
      data: (0..<shape.reduce(1, *)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 })
  }

  /// The correlation by its definition, summed in double precision: `y[n, co, o] = b[co] +
  /// Σ_{ci, j} x[n, ci, o + j − padBegin]·w[co, ci, j]`, zero outside the input.
  static func direct(_ x: Tensor, _ w: Tensor, _ b: Tensor?, padBegin p: [Int], output o: [Int]) -> [Float] {
    let (n, cIn, cOut) = (x.shape[0], x.shape[1], w.shape[0])
    let (d, h, wd) = (x.shape[2], x.shape[3], x.shape[4])
    var y: [Float] = []
    y.reserveCapacity(n * cOut * o[0] * o[1] * o[2])
    for batch in 0..<n {
      for co in 0..<cOut {
        for oz in 0..<o[0] {
          for oy in 0..<o[1] {
            for ox in 0..<o[2] {
              var sum = Double(b?.data[co] ?? 0)
              for ci in 0..<cIn {
                for jz in 0..<3 {
                  let iz = oz + jz - p[0]
                  guard iz >= 0, iz < d else { continue }
                  for jy in 0..<3 {
                    let iy = oy + jy - p[1]
                    guard iy >= 0, iy < h else { continue }
                    for jx in 0..<3 {
                      let ix = ox + jx - p[2]
                      guard ix >= 0, ix < wd else { continue }
                      sum +=
                        Double(x.data[(((batch * cIn + ci) * d + iz) * h + iy) * wd + ix])
                        * Double(w.data[((co * cIn + ci) * 3 + jz) * 9 + jy * 3 + jx])
                    }
                  }
                }
              }
              y.append(Float(sum))
            }
          }
        }
      }
    }
    return y
  }

  static func check(_ layer: Layer, seed: UInt64) throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }  // no C kernels on this CPU: the path is off
    var rng = SplitMix64(seed: seed)
    let x = tensor([layer.batch, layer.cIn] + layer.input, &rng)
    let w = tensor([layer.cOut, layer.cIn, 3, 3, 3], &rng)
    let b = layer.bias ? tensor([layer.cOut], &rng) : nil
    let output = layer.output
    let expected = direct(x, w, b, padBegin: layer.padBegin, output: output)
    func run(_ kernels: KernelSet, workers: Int, budget: Int = Winograd3D.bandBudget) throws -> Tensor {
      try #require(
        Winograd3D.apply(
          input: x, weight: w, bias: b, padBegin: layer.padBegin, output: output, kernels: kernels,
          parallelism: workers, bandBudget: budget))
    }
    // Two workers, bands of a few tile rows each.
    let actual = try run(first, workers: 2)
    #expect(actual.shape == [layer.batch, layer.cOut] + output)
    let mismatch = Approximate.firstMismatch(actual.data, expected, relative: 1e-4, absolute: 1e-4)
    #expect(mismatch == nil, "\(layer): \(String(describing: mismatch))")
    // One worker and one band for the whole volume: the same bits, on every C set.
    for set in sets {
      #expect(try run(set, workers: 1, budget: 1 << 40).data == actual.data, "\(layer) \(set)")
    }
    let geometry = try #require(
      Winograd3D.Geometry(
        batch: layer.batch, cIn: layer.cIn, cOut: layer.cOut, input: layer.input, output: output,
        padBegin: layer.padBegin, rows: 6))
    // The one-worker run above took one band per tile plane, the two-worker run bands of one
    // tile row (where a plane has several).
    #expect(geometry.bandRows(budget: 1 << 40, workers: 1) == geometry.tilesH)
    if geometry.tilesH > 1 {
      #expect(geometry.bandRows(budget: Winograd3D.bandBudget, workers: 2) < geometry.tilesH)
    }
  }

  @Test("layers against the direct loop", arguments: Array(layers.indices))
  func layer(_ index: Int) throws {
    try Self.check(Self.layers[index], seed: 3300 + UInt64(index))
  }

  /// A layer with several vectors of tiles per tile row, bands of several rows on the default
  /// budget, and channels past two GEMM blocks each way.
  @Test("a larger layer", .tags(.slow), .onlyWithSlowTests)
  func larger() throws {
    let layer = Layer(
      batch: 1, cIn: 20, cOut: 26, input: [9, 12, 33], padBegin: [1, 1, 1], padEnd: [1, 1, 1], bias: true)
    try Self.check(layer, seed: 3399)
  }

  @Test("what it takes and refuses")
  func rule() {
    let cube = [3, 3, 3]
    let one = [1, 1, 1]
    let sets = KernelSet.supported.filter { $0 != .portable }
    for set in sets {
      #expect(
        Winograd3D.eligible(
          kernel: cube, strides: one, dilations: one, groups: 1, output: [2, 2, 2], kernels: set))
      #expect(
        !Winograd3D.eligible(
          kernel: cube, strides: one, dilations: one, groups: 1, output: [1, 4, 4], kernels: set))
      #expect(
        !Winograd3D.eligible(
          kernel: cube, strides: [2, 2, 2], dilations: one, groups: 1, output: [8, 8, 8], kernels: set))
      #expect(
        !Winograd3D.eligible(
          kernel: cube, strides: one, dilations: [1, 2, 1], groups: 1, output: [8, 8, 8], kernels: set))
      #expect(
        !Winograd3D.eligible(
          kernel: cube, strides: one, dilations: one, groups: 2, output: [8, 8, 8], kernels: set))
      #expect(
        !Winograd3D.eligible(
          kernel: [3, 3, 2], strides: one, dilations: one, groups: 1, output: [8, 8, 8], kernels: set))
      func applies(_ cIn: Int, _ cOut: Int, _ output: [Int]) -> Bool {
        Winograd3D.applies(
          inputChannels: cIn, outputChannels: cOut, kernel: cube, strides: one, dilations: one, groups: 1,
          output: output, kernels: set)
      }
      #expect(applies(32, 32, [64, 64, 64]))
      #expect(applies(128, 128, [16, 16, 16]))
      #expect(!applies(1, 32, [64, 64, 64]))
      #expect(!applies(320, 320, [4, 4, 4]))
      #expect(!applies(256, 256, [8, 8, 8]))
      #expect(applies(64, 64, [8, 8, 16]))
    }
    // The portable set never takes it.
    #expect(
      !Winograd3D.eligible(
        kernel: cube, strides: one, dilations: one, groups: 1, output: [8, 8, 8], kernels: .portable))
    var rng = SplitMix64(seed: 1)
    let x = Self.tensor([1, 2, 4, 4, 4], &rng)
    let w = Self.tensor([3, 2, 3, 3, 3], &rng)
    #expect(
      Winograd3D.apply(input: x, weight: w, bias: nil, padBegin: one, output: [4, 4, 4], kernels: .portable)
        == nil)
  }
}
