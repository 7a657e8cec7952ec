import CheckerscopeCore
import TransposedConv

/// Single 2D convolution layers of the models suite's networks (smp U-Net with a ResNet-18 encoder
/// at 256², the AutoencoderKL decoder at 32² latents) on `ConvolutionGEMM`, one case per layer
/// shape and product: `conv2d-NAME` (the automatic choice), and for 3×3 stride-1 layers also
/// `conv2d-NAME-direct` and `conv2d-NAME-winograd`. Seeded uniform inputs; the weights stay the
/// same array across runs (as a model's do), so packed weights are reused after the warm-up.
let conv2dBenchCases: [BenchCase] = conv2dLayers.flatMap { layer -> [BenchCase] in
  let name = "conv2d-\(layer.cIn)x\(layer.size)-\(layer.cOut)-k\(layer.k)s\(layer.stride)"
  var cases = [conv2dCase(name, layer, .automatic)]
  if layer.k == 3 && layer.stride == 1 {
    cases.append(conv2dCase(name + "-direct", layer, .direct))
    cases.append(conv2dCase(name + "-winograd", layer, .winograd))
  }
  return cases
}

/// (channels in, size, channels out, kernel, stride); padding `k / 2`.
let conv2dLayers: [(cIn: Int, size: Int, cOut: Int, k: Int, stride: Int)] = [
  (3, 256, 64, 7, 2), (64, 64, 64, 3, 1), (64, 64, 128, 3, 2), (64, 64, 128, 1, 2), (128, 32, 128, 3, 1),
  (256, 16, 256, 3, 1), (256, 16, 512, 3, 2), (512, 8, 512, 3, 1), (768, 16, 256, 3, 1),
  (384, 32, 128, 3, 1), (192, 64, 64, 3, 1), (128, 128, 32, 3, 1), (32, 128, 32, 3, 1),
  (32, 256, 16, 3, 1), (16, 256, 16, 3, 1), (16, 256, 1, 3, 1), (4, 32, 512, 3, 1), (512, 32, 512, 3, 1),
  (512, 64, 512, 3, 1), (256, 128, 256, 3, 1), (512, 128, 256, 3, 1), (128, 128, 128, 3, 1),
  (128, 128, 3, 3, 1),
]

func conv2dCase(
  _ name: String, _ layer: (cIn: Int, size: Int, cOut: Int, k: Int, stride: Int),
  _ algorithm: ConvolutionGEMM.Algorithm
) -> BenchCase {
  BenchCase(name, runs: 5) {
    var rng = SplitMix64(seed: 7)
    func tensor(_ shape: [Int]) -> Tensor {
      Tensor(
        shape: shape,
        data: (0..<shape.reduce(1, *)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 })
    }
    let (k, s) = (layer.k, layer.stride)
    let x = tensor([1, layer.cIn, layer.size, layer.size])
    let w = tensor([layer.cOut, layer.cIn, k, k])
    let b = tensor([layer.cOut])
    let out = (layer.size + 2 * (k / 2) - k) / s + 1
    return {
      guard
        let y = ConvolutionGEMM.apply(
          input: x, weight: w, bias: b, strides: [s, s], dilations: [1, 1], padBegin: [k / 2, k / 2],
          output: [out, out], groups: 1, algorithm: algorithm)
      else { return -1 }
      return Double(y.data[y.data.count / 2])
    }
  }
}
