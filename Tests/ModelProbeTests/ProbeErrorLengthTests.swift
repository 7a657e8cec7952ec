import ModelProbe
import Testing

/// The probe's own errors stay one short line whatever the model declares: fuzz-onnx-run found a
/// mutated model whose output had rank 3,072, and the message printed every extent (9 KB).
@Suite("Probe errors stay one short line for hostile ranks and names")
struct ProbeErrorLengthTests {
  @Test("A rank-3,072 output is shown by its first eight extents and its rank")
  func longShape() {
    let shape = [Int](repeating: 0, count: 3_072)
    let messages = [
      ProbeError.noSpatialOutput(path: "m.onnx", output: "tanh", shape: shape).description,
      ProbeError.outputTooSmall(path: "m.onnx", output: "tanh", shape: shape, interior: shape).description,
      ProbeError.outputTooSmall(
        path: "m.onnx", output: "tanh", shape: [Int](repeating: 1, count: 3_072),
        interior: [Int](repeating: 1, count: 3_072)
      ).description,
    ]
    for message in messages {
      #expect(message.contains(", …] (3,072 values)"), "\(message)")
      #expect(message.count < 400, "\(message.count) characters")
      #expect(!message.contains("\n"))
    }
    // A short shape reads as before.
    let short = ProbeError.noSpatialOutput(path: "m.onnx", output: "y", shape: [1, 3]).description
    #expect(
      short == "m.onnx: the output 'y' [1, 3] has no spatial axes (N, C, L) or (N, C, H, W) to measure.")
  }

  @Test("A 20,000-character output name is cut at the length limit, with the full length")
  func longName() {
    let name = String(repeating: "n", count: 20_000)
    let message = ProbeError.noSpatialOutput(path: "m.onnx", output: name, shape: [1, 3]).description
    let full = "m.onnx: the output '\(name)' [1, 3] has no spatial axes (N, C, L) or (N, C, H, W) to measure."
    #expect(message == "\(full.prefix(ProbeError.lengthLimit))… (\(full.count) characters)")
  }
}
