import CheckerscopeCore
import Foundation

/// Structure-aware changes to an ONNX model, chosen by a seeded generator.
enum StructuredMutation {
  static let integers: [Int64] = [
    0, 1, 2, 3, 4, 7, 8, 16, 64, 255, 1 << 16, 1 << 20, 1 << 31, 1 << 40, 1 << 62, -1, -2, -(1 << 31),
    .max, .min,
  ]
  static let floats: [Float] = [0, 1, -1, 0.5, 2, 1e-30, 1e30, 3e38, .nan, .infinity, -.infinity]
  static let operators = [
    "Conv", "ConvTranspose", "Resize", "Upsample", "DepthToSpace", "Pad", "BatchNormalization",
    "InstanceNormalization", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool", "Reshape", "Flatten",
    "Squeeze", "Unsqueeze", "Transpose", "Gemm", "MatMul", "Cast", "Shape", "Gather", "Slice",
    "ConstantOfShape", "Add", "Mul", "Div", "Pow", "Relu", "Sigmoid", "Tanh", "Clip", "Identity", "Sum",
  ]
  static let opsets: [Int64] = [1, 7, 9, 10, 11, 12, 13, 17, 18, 19, 21, 99, -1]

  static func pick<T>(_ values: [T], _ rng: inout SplitMix64) -> T {
    values[Int(rng.next() % UInt64(values.count))]
  }

  static func index(_ count: Int, _ rng: inout SplitMix64) -> Int { Int(rng.next() % UInt64(max(count, 1))) }

  static func mutate(_ model: inout Onnx_ModelProto, rng: inout SplitMix64) {
    for _ in 0..<(1 + rng.next() % 3) {
      switch rng.next() % 8 {
      case 0: mutateInputDims(&model.graph, &rng)
      case 1, 2: mutateAttribute(&model.graph, &rng)
      case 3: mutateInitializer(&model.graph, &rng)
      case 4:
        if model.opsetImport.isEmpty { model.opsetImport = [Onnx_OperatorSetIdProto()] }
        model.opsetImport[index(model.opsetImport.count, &rng)].version = pick(opsets, &rng)
      case 5:
        guard !model.graph.node.isEmpty else { continue }
        model.graph.node[index(model.graph.node.count, &rng)].opType = pick(operators, &rng)
      case 6: mutateEdges(&model.graph, &rng)
      default:
        guard !model.graph.node.isEmpty else { continue }
        let i = index(model.graph.node.count, &rng)
        if rng.next() % 2 == 0 {
          model.graph.node.remove(at: i)
        } else {
          model.graph.node.insert(model.graph.node[i], at: index(model.graph.node.count, &rng))
        }
      }
    }
  }

  static func mutateInputDims(_ graph: inout Onnx_GraphProto, _ rng: inout SplitMix64) {
    guard !graph.input.isEmpty else { return }
    let i = index(graph.input.count, &rng)
    guard case .tensorType(var tensor)? = graph.input[i].type.value else { return }
    var dims = tensor.shape.dim
    switch rng.next() % 4 {
    case 0 where !dims.isEmpty:
      dims[index(dims.count, &rng)].dimValue = pick([0, 1, 2, 3, 5, 8, 16, 31, 64, 1 << 20, -1], &rng)
    case 1: dims.append(Onnx_TensorShapeProto.Dimension())
    case 2 where !dims.isEmpty: dims.removeLast()
    default: if !dims.isEmpty { dims[index(dims.count, &rng)].dimParam = "N" }
    }
    tensor.shape.dim = dims
    graph.input[i].type.tensorType = tensor
  }

  static func mutateAttribute(_ graph: inout Onnx_GraphProto, _ rng: inout SplitMix64) {
    guard !graph.node.isEmpty else { return }
    let n = index(graph.node.count, &rng)
    var node = graph.node[n]
    if node.attribute.isEmpty || rng.next() % 4 == 0 {
      var attribute = Onnx_AttributeProto()
      attribute.name = pick(
        [
          "strides", "pads", "kernel_shape", "dilations", "group", "axis", "perm", "mode", "blocksize",
          "output_padding",
          "ceil_mode", "to", "axes", "keepdims", "auto_pad",
        ], &rng)
      attribute.type = .ints
      attribute.ints = (0..<(1 + rng.next() % 4)).map { _ in pick(integers, &rng) }
      node.attribute.append(attribute)
    } else {
      let a = index(node.attribute.count, &rng)
      switch rng.next() % 5 {
      case 0: node.attribute[a].i = pick(integers, &rng)
      case 1 where !node.attribute[a].ints.isEmpty:
        node.attribute[a].ints[index(node.attribute[a].ints.count, &rng)] = pick(integers, &rng)
      case 2: node.attribute[a].ints.append(pick(integers, &rng))
      case 3: node.attribute[a].f = pick(floats, &rng)
      default:
        node.attribute[a].s = Data(
          pick(["nearest", "linear", "cubic", "SAME_UPPER", "VALID", "DCR", "CRD", ""], &rng).utf8)
      }
    }
    graph.node[n] = node
  }

  static func mutateInitializer(_ graph: inout Onnx_GraphProto, _ rng: inout SplitMix64) {
    guard !graph.initializer.isEmpty else { return }
    let i = index(graph.initializer.count, &rng)
    var tensor = graph.initializer[i]
    switch rng.next() % 5 {
    case 0 where !tensor.dims.isEmpty: tensor.dims[index(tensor.dims.count, &rng)] = pick(integers, &rng)
    case 1:
      if !tensor.int64Data.isEmpty {
        tensor.int64Data[index(tensor.int64Data.count, &rng)] = pick(integers, &rng)
      } else if !tensor.floatData.isEmpty {
        tensor.floatData[index(tensor.floatData.count, &rng)] = pick(floats, &rng)
      } else if tensor.rawData.count >= 8 {
        var raw = tensor.rawData
        let at = index(raw.count / 4, &rng) * 4
        let value: UInt32 =
          tensor.dataType == 7
          ? UInt32(truncatingIfNeeded: pick(integers, &rng)) : pick(floats, &rng).bitPattern
        for k in 0..<4 { raw[raw.startIndex + at + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
        tensor.rawData = raw
      }
    case 2: tensor.dataType = Int32(pick([1, 6, 7, 9, 10, 11, 16, 0, 99], &rng))
    case 3 where tensor.rawData.count > 4: tensor.rawData = tensor.rawData.prefix(tensor.rawData.count / 2)
    default: tensor.dims.append(pick([1, 2, 0], &rng))
    }
    graph.initializer[i] = tensor
  }

  static func mutateEdges(_ graph: inout Onnx_GraphProto, _ rng: inout SplitMix64) {
    guard !graph.node.isEmpty else { return }
    let names =
      graph.node.flatMap(\.output) + graph.input.map(\.name) + graph.initializer.map(\.name) + [
        "", "missing",
      ]
    let n = index(graph.node.count, &rng)
    if graph.node[n].input.isEmpty || rng.next() % 3 == 0 {
      graph.node[n].input.append(pick(names, &rng))
    } else {
      graph.node[n].input[index(graph.node[n].input.count, &rng)] = pick(names, &rng)
    }
  }
}
