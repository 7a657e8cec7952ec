import Foundation
import ModelRuntime
import TestSupport

/// Synthetic ONNX graphs for the benchmark.
enum SyntheticONNX {
  struct Node {
    var op: String
    var inputs: [String]
    var output: String
    var ints: [(String, [Int])] = []
  }

  /// A float32 initializer with seeded pseudo-random values, as raw little-endian bytes.
  static func initializer(_ w: inout ProtoBytes, name: String, dims: [Int], seed: inout UInt64) {
    w.message(5) { t in
      for d in dims { t.int(1, Int64(d)) }
      t.int(2, 1)
      t.string(8, name)
      let count = dims.reduce(1, *)
      var raw = [UInt8](repeating: 0, count: count * 4)
      for i in 0..<count {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let value = (Float(seed >> 40) / Float(1 << 24) - 0.5) * 0.1
        let bits = value.bitPattern
        for b in 0..<4 { raw[4 * i + b] = UInt8(truncatingIfNeeded: bits >> (8 * b)) }
      }
      t.data(9, raw)
    }
  }

  /// A full-width CycleGAN ResNet generator (ngf = 64, 9 residual blocks, 256×256 input): about
  /// 11.4 M float32 weights, 46 MB. Returns the serialized ModelProto.
  static func cycleGAN() -> [UInt8] {
    var nodes: [Node] = []
    var weights: [(String, [Int])] = []
    var value = "x"
    var count = 0
    func conv(_ op: String, _ cin: Int, _ cout: Int, _ k: Int, stride: Int, pad: Int, outputPadding: Int = 0)
    {
      count += 1
      let w = "w\(count)"
      let b = "b\(count)"
      weights.append((w, op == OperatorName.conv ? [cout, cin, k, k] : [cin, cout, k, k]))
      weights.append((b, [cout]))
      var attributes: [(String, [Int])] = [
        ("kernel_shape", [k, k]), ("strides", [stride, stride]), ("pads", [pad, pad, pad, pad]),
      ]
      if outputPadding > 0 { attributes.append(("output_padding", [outputPadding, outputPadding])) }
      let out = "t\(count)"
      nodes.append(Node(op: op, inputs: [value, w, b], output: out, ints: attributes))
      nodes.append(Node(op: OperatorName.relu, inputs: [out], output: out + "r"))
      value = out + "r"
    }
    conv(OperatorName.conv, 3, 64, 7, stride: 1, pad: 3)
    conv(OperatorName.conv, 64, 128, 3, stride: 2, pad: 1)
    conv(OperatorName.conv, 128, 256, 3, stride: 2, pad: 1)
    for block in 0..<9 {
      let skip = value
      conv(OperatorName.conv, 256, 256, 3, stride: 1, pad: 1)
      conv(OperatorName.conv, 256, 256, 3, stride: 1, pad: 1)
      let sum = "sum\(block)"
      nodes.append(Node(op: OperatorName.add, inputs: [skip, value], output: sum))
      value = sum
    }
    conv(OperatorName.convTranspose, 256, 128, 3, stride: 2, pad: 1, outputPadding: 1)
    conv(OperatorName.convTranspose, 128, 64, 3, stride: 2, pad: 1, outputPadding: 1)
    conv(OperatorName.conv, 64, 3, 7, stride: 1, pad: 3)

    var model = ProtoBytes()
    model.int(1, 8)  // ir_version
    model.message(8) { $0.int(2, 17) }  // opset_import { version: 17 }
    model.message(7) { g in
      for (index, node) in nodes.enumerated() {
        g.message(1) { n in
          for input in node.inputs { n.string(1, input) }
          n.string(2, node.output)
          n.string(3, "\(node.op.lowercased())_\(index)")
          n.string(4, node.op)
          for (name, values) in node.ints {
            n.message(5) { a in
              a.string(1, name)
              for v in values { a.int(8, Int64(v)) }
              a.int(20, 7)  // INTS
            }
          }
        }
      }
      g.string(2, "cyclegan_resnet_full")
      var seed: UInt64 = 42
      for (name, dims) in weights { initializer(&g, name: name, dims: dims, seed: &seed) }
      for (field, name, shape) in [(11, "x", [1, 3, 256, 256]), (12, value, [1, 3, 256, 256])] {
        g.message(field) { v in
          v.string(1, name)
          v.message(2) { t in
            t.message(1) { tensor in
              tensor.int(1, 1)
              tensor.message(2) { s in for d in shape { s.message(1) { $0.int(1, Int64(d)) } } }
            }
          }
        }
      }
    }
    return model.bytes
  }
}
