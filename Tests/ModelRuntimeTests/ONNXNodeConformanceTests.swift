import Foundation
import ModelIO
import ModelRuntime
import TestSupport
import Testing

/// ONNX's backend node tests for the registry's operators (first input float32), made from the onnx
/// package's own generators by `Scripts/make_onnx_node_tests.py` (versions in `MANIFEST.tsv`), with
/// ONNX Runtime's outputs where it and onnx's reference disagree (listed there, `source` =
/// `onnxruntime`). Each case runs in the interpreter; an output agrees when every element is within
/// 1e-4 relative (+1e-5 absolute, for values near zero) of the expected one, NaN matching NaN. A
/// refusal counts against. The per-operator tally and every disagreement go to the log.
@Suite("ONNX backend node tests")
struct ONNXNodeConformanceTests {
  struct Case: Sendable {
    var name: String
    var op: String
    var opset: String
    var source: String
    var note: String
  }

  static let folder = FixturePaths.url("onnx-node")

  static func manifest() throws -> (header: String, cases: [Case], notGenerated: [Case]) {
    let text = try String(contentsOf: folder.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst()
    lines.removeFirst()
    var cases: [Case] = []
    var skipped: [Case] = []
    for line in lines {
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard f.count == 5 else { continue }
      let c = Case(name: f[0], op: f[1], opset: f[2], source: f[3], note: f[4])
      if c.source == "not-generated" { skipped.append(c) } else { cases.append(c) }
    }
    return (header, cases, skipped)
  }

  /// Why `c` disagrees, or nil when it agrees.
  static func check(_ c: Case) -> String? {
    do {
      let graph = try ONNXReader.read(contentsOf: folder.appendingPathComponent(c.name + ".onnx").path)
      let data = try ONNXReader.read(contentsOf: folder.appendingPathComponent(c.name + ".data.onnx").path)
      var inputs: [String: RuntimeValue] = [:]
      for info in graph.inputs {
        guard let t = data.initializers["in:" + info.name] else { return "input \(info.name) missing" }
        guard let value = RuntimeValue(t) else {
          return "input \(info.name) of type \(t.dataType) not decoded"
        }
        inputs[info.name] = value
      }
      let interpreter = try Interpreter(graph: graph)
      let outputs = try interpreter.run(values: inputs)
      for info in graph.outputs {
        guard let t = data.initializers["out:" + info.name] else { return "output \(info.name) missing" }
        guard let want = RuntimeValue(t) else {
          return "output \(info.name) of type \(t.dataType) not decoded"
        }
        guard let got = outputs[info.name] else { return "output \(info.name) not computed" }
        if let why = compare(got, want) { return "\(info.name): \(why)" }
      }
      return nil
    } catch {
      return "\(error)"
    }
  }

  static func compare(_ got: RuntimeValue, _ want: RuntimeValue) -> String? {
    guard got.shape == want.shape else { return "shape \(got.shape), expected \(want.shape)" }
    let a = got.doubles
    let b = want.doubles
    for i in a.indices {
      let (x, y) = (a[i], b[i])
      if x.isNaN && y.isNaN { continue }
      if x == y { continue }
      if !(abs(x - y) <= 1e-4 * abs(y) + 1e-5) { return "element \(i) is \(x), expected \(y)" }
    }
    return nil
  }

  @Test("the node tests agree with the interpreter (per-operator tally in the log)")
  func conformance() throws {
    let (header, cases, notGenerated) = try Self.manifest()
    var tally: [String: (pass: Int, total: Int)] = [:]
    var failures: [String] = []
    for c in cases {
      let why = Self.check(c)
      var t = tally[c.op] ?? (0, 0)
      t.total += 1
      if let why { failures.append("\(c.name) (\(c.op), opset \(c.opset)): \(why)") } else { t.pass += 1 }
      tally[c.op] = t
    }
    let passed = tally.values.map(\.pass).reduce(0, +)
    var log = "ONNX node tests (\(header.dropFirst(2))): \(passed) of \(cases.count) agree\n"
    for (op, t) in tally.sorted(by: { $0.key < $1.key }) {
      log += "  \(op): \(t.pass)/\(t.total)\n"
    }
    for c in notGenerated { log += "  not generated: \(c.name): \(c.note)\n" }
    for c in cases where c.source == "onnxruntime" {
      log += "  ONNX Runtime's outputs: \(c.name): \(c.note)\n"
    }
    for f in failures { log += "  disagrees: \(f)\n" }
    print(log)
    #expect(cases.count >= 650, "the fixture set shrank")
    #expect(passed >= Self.floor, "\(passed) of \(cases.count) node tests agree, fewer than \(Self.floor)")
  }

  /// The registry's shape function (what the audit uses) against ONNX's expected output shapes, on
  /// every single-node case: the first input known by shape only, the others by value.
  @Test("the registry's output shapes equal the node tests' expected shapes")
  func shapes() throws {
    var checked = 0
    var wrong: [String] = []
    for c in try Self.manifest().cases {
      let graph = try ONNXReader.read(contentsOf: Self.folder.appendingPathComponent(c.name + ".onnx").path)
      let data = try ONNXReader.read(
        contentsOf: Self.folder.appendingPathComponent(c.name + ".data.onnx").path)
      guard graph.nodes.count == 1, let node = graph.nodes.first else { continue }
      let facts = node.inputs.enumerated().map { index, name -> ShapeFact in
        guard !name.isEmpty, let t = data.initializers["in:" + name] ?? graph.constant(name) else {
          return .absent
        }
        return index == 0
          ? ShapeFact(shape: t.shape, dataType: t.dataType)
          : ShapeFact(shape: t.shape, value: RuntimeValue(t))
      }
      let shapes = OperatorRegistry.outputShapes(
        node: node, path: graph.path, opset: graph.opsetVersion, inputs: facts)
      for (slot, name) in node.outputs.enumerated() where !name.isEmpty {
        guard let want = data.initializers["out:" + name]?.shape, slot < shapes.count, let got = shapes[slot]
        else {
          continue
        }
        checked += 1
        if got != want { wrong.append("\(c.name) output \(slot): \(got), expected \(want)") }
      }
    }
    print("registry shapes: \(checked - wrong.count) of \(checked) outputs equal ONNX's")
    #expect(checked >= 500)
    #expect(wrong.isEmpty, "\(wrong.joined(separator: "; "))")
  }

  /// The number of cases that agreed when this test was last brought up to date; a change that
  /// breaks one fails the suite.
  static let floor = 657
}

extension RuntimeValue {
  var doubles: [Double] {
    switch self {
    case .float(let t): return t.data.map(Double.init)
    case .int(let t): return t.data.map(Double.init)
    }
  }
}
