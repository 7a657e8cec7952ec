import CheckerscopeCore
import TransposedConv

/// Single 3×3×3 stride-1, padding-1 3D convolution layers of MONAI's DynUNet at 64³ (and two
/// narrower ones), one case per layer and product: `conv3d-CINxSIZE-COUT-flat` on
/// `FlatCorrelation` (the path `VolumeConvolution` takes otherwise) and `…-winograd` on
/// `Winograd3D`. Seeded uniform inputs; the weights stay the same array across runs (as a model's
/// do), so transformed weights are reused after the warm-up.
let conv3dBenchCases: [BenchCase] = conv3dLayers.flatMap { layer -> [BenchCase] in
  let name = "conv3d-\(layer.cIn)x\(layer.size)-\(layer.cOut)"
  return [
    conv3dCase(name + "-flat", layer, winograd: false), conv3dCase(name + "-winograd", layer, winograd: true),
  ]
}

/// (channels in, size, channels out).
let conv3dLayers: [(cIn: Int, size: Int, cOut: Int)] = [
  (32, 64, 32), (64, 64, 32), (64, 32, 64), (128, 32, 64), (128, 16, 128), (256, 16, 128), (256, 8, 256),
  (512, 8, 256), (320, 4, 320), (32, 32, 32), (16, 64, 16), (16, 32, 16), (8, 32, 8), (4, 64, 32),
]

func conv3dCase(_ name: String, _ layer: (cIn: Int, size: Int, cOut: Int), winograd: Bool) -> BenchCase {
  BenchCase(name, runs: 5) {
    var rng = SplitMix64(seed: 7)
    func tensor(_ shape: [Int]) -> Tensor {
      Tensor(
        shape: shape,
        data: (0..<shape.reduce(1, *)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 })
    }
    let n = layer.size
    let x = tensor([1, layer.cIn, n, n, n])
    let w = tensor([layer.cOut, layer.cIn, 3, 3, 3])
    let b = tensor([layer.cOut])
    return {
      let y: Tensor
      if winograd {
        guard
          let result = Winograd3D.apply(
            input: x, weight: w, bias: b, padBegin: [1, 1, 1], output: [n, n, n])
        else { return -1 }
        y = result
      } else {
        y = flatConvolution3D(x, w, b, size: n)
      }
      return Double(y.data[y.data.count / 2])
    }
  }
}

/// The 3×3×3 stride-1, padding-1 convolution of `(1, C_in, n, n, n)` on `FlatCorrelation`, set up
/// as `VolumeConvolution` sets up stride-1 layers: the input padded to `n + 2` per axis, the 27
/// taps of each input channel as flat offsets.
func flatConvolution3D(_ x: Tensor, _ w: Tensor, _ b: Tensor, size n: Int) -> Tensor {
  let (cIn, cOut) = (x.shape[1], w.shape[0])
  let p = n + 2
  var padded = [Float](repeating: 0, count: cIn * p * p * p + FlatCorrelation.slack)
  padded.withUnsafeMutableBufferPointer { target in
    x.data.withUnsafeBufferPointer { source in
      guard let t = target.baseAddress, let s = source.baseAddress else { return }
      for c in 0..<cIn {
        for z in 0..<n {
          for row in 0..<n {
            (t + ((c * p + z + 1) * p + row + 1) * p + 1).update(
              from: s + ((c * n + z) * n + row) * n, count: n)
          }
        }
      }
    }
  }
  var items: [FlatCorrelation.Item] = []
  for c in 0..<cIn {
    for jd in 0..<3 {
      for jh in 0..<3 {
        for jw in 0..<3 {
          items.append(
            FlatCorrelation.Item(
              channel: c, shift: (jd * p + jh) * p + jw, weight: c * 27 + (jd * 3 + jh) * 3 + jw))
        }
      }
    }
  }
  let volume = n * n * n
  let problem = FlatCorrelation(
    batch: 1, channels: cIn, padded: [p, p, p], output: [n, n, n], outputs: cOut, items: items,
    coStride: cIn * 27, outputStrides: [cOut * volume, volume, n * n, n, 1])
  var y = [Float](repeating: 0, count: cOut * volume)
  padded.withUnsafeBufferPointer { xp in
    w.data.withUnsafeBufferPointer { wp in
      b.data.withUnsafeBufferPointer { bp in
        y.withUnsafeMutableBufferPointer { yp in
          guard let xBase = xp.baseAddress, let wBase = wp.baseAddress, let bBase = bp.baseAddress,
            let yBase = yp.baseAddress
          else { return }
          problem.run(x: xBase, w: wBase, bias: bBase, y: yBase)
        }
      }
    }
  }
  return Tensor(shape: [1, cOut, n, n, n], data: y)
}
