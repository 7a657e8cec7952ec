import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import OverlapAnalysis
import TestSupport
import Testing

/// Every number of the audit against the values `Scripts/make_models.py` computed with NumPy (and the
/// shapes ONNX Runtime produced) for the fixture models.
@Suite("audit of the fixture models")
struct FixtureAuditTests {
  static let manifest: JSONValue = {
    let url = FixturePaths.url("models/MANIFEST.json")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? "{}"
    return (try? JSONValue(parsing: text)) ?? .null
  }()

  static let models: [String] = manifest["models"]?.objectValue?.map(\.key).sorted() ?? []

  static func ints(_ value: JSONValue?) -> [Int]? { value?.arrayValue?.compactMap(\.intValue) }
  static func doubles(_ value: JSONValue?) -> [Double]? { value?.arrayValue?.compactMap(\.doubleValue) }

  /// Audits a fixture as the CLI does: the manifest's input shape fills symbolic inputs.
  static func audit(_ name: String) throws -> AuditReport {
    var graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/\(name).onnx").path)
    if graph.fixedInputShape == nil, let shape = ints(manifest["models"]?[name]?["inputShape"]) {
      graph = try graph.withInputShape(shape)
    }
    return try ModelAuditor.audit(graph: graph)
  }

  @Test("there are fixtures to check")
  func fixturesExist() {
    #expect(Self.models.count >= 22)
  }

  @Test("every layer's numbers equal NumPy's", arguments: models)
  func layersMatch(name: String) throws {
    let report = try Self.audit(name)
    let expected = try JSONValue(
      parsing: String(contentsOf: FixturePaths.url("models/\(name).expected.json"), encoding: .utf8))
    let layers = try #require(expected["layers"]?.arrayValue)
    #expect(report.layers.map(\.node) == layers.compactMap { $0["node"]?.stringValue })
    for (layer, want) in zip(report.layers, layers) {
      let label = "\(name) \(layer.node)"
      #expect(layer.op.rawValue == want["op"]?.stringValue, "\(label)")
      #expect(layer.dims == want["dims"]?.intValue, "\(label)")
      if let p = layer.convolution {
        #expect(p.kernel == Self.ints(want["kernel"]), "\(label)")
        #expect(p.stride == Self.ints(want["stride"]), "\(label)")
        #expect(p.padsBegin == Self.ints(want["padsBegin"]), "\(label)")
        #expect(p.padsEnd == Self.ints(want["padsEnd"]), "\(label)")
        #expect(p.outputPadding == Self.ints(want["outputPadding"]), "\(label)")
        #expect(p.dilation == Self.ints(want["dilation"]), "\(label)")
        #expect(p.groups == want["groups"]?.intValue, "\(label)")
      }
      if let resize = layer.resize {
        #expect(resize.mode == want["mode"]?.stringValue, "\(label)")
        #expect(resize.scale == Self.doubles(want["scale"]), "\(label)")
      }
      if let shuffle = layer.depthToSpace {
        #expect(shuffle.blocksize == want["blocksize"]?.intValue, "\(label)")
        #expect(shuffle.mode == want["mode"]?.stringValue, "\(label)")
      }
      #expect(layer.convolution != nil || layer.resize != nil || layer.depthToSpace != nil)
      // Shapes: ONNX Runtime's; the audit may not know a shape, but never gets one wrong.
      if let shape = layer.inputShape { #expect(shape == Self.ints(want["inputShape"]), "\(label)") }
      if let shape = layer.outputShape { #expect(shape == Self.ints(want["outputShape"]), "\(label)") }
      if !name.hasSuffix("_legacy") {
        #expect(layer.inputShape != nil && layer.outputShape != nil, "\(label)")
      }
      if let counts = want["counts"], !counts.isNull {
        let got = try #require(layer.counts, "\(label)")
        #expect(got.period == Self.ints(counts["period"]), "\(label)")
        #expect(got.uniform == counts["uniform"]?.boolValue, "\(label)")
        #expect(got.holes == counts["holes"]?.boolValue, "\(label)")
        #expect(got.maxMinRatio == counts["maxMinRatio"]?.doubleValue, "\(label)")
        // The tile may start at another phase; compare it as a multiset.
        #expect(got.tile.sorted() == (Self.doubles(counts["tile"]) ?? []).sorted(), "\(label)")
      } else {
        #expect(layer.counts == nil, "\(label)")
      }
      if let weights = want["weights"], !weights.isNull {
        let got = try #require(layer.weights, "\(label)")
        #expect(got.outputChannels == weights["outputChannels"]?.intValue, "\(label)")
        let pef = Self.doubles(weights["pef"]) ?? []
        #expect(got.pef.count == pef.count)
        for (a, b) in zip(got.pef, pef) {
          #expect(Approximate.equal(a, b, relative: 1e-9, absolute: 1e-12), "\(label)")
        }
        #expect(
          Approximate.equal(got.pefMax, weights["pefMax"]?.doubleValue ?? -1, relative: 1e-9, absolute: 1e-12)
        )
        #expect(
          Approximate.equal(
            got.pefMedian, weights["pefMedian"]?.doubleValue ?? -1, relative: 1e-9, absolute: 1e-12))
        #expect(got.worstChannel == weights["worstChannel"]?.intValue, "\(label)")
        #expect(got.unevenChannels == weights["unevenChannels"]?.intValue, "\(label)")
      } else {
        #expect(layer.weights == nil, "\(label)")
      }
      #expect(layer.verdict.rawValue == want["verdict"]?.stringValue, "\(label)")
      #expect((layer.remedy != nil) == (layer.verdict == .artifacts), "\(label)")
    }
    #expect(report.verdict.rawValue == expected["verdict"]?.stringValue)
    #expect(report.firstArtifactLayer == expected["firstArtifactLayer"]?.stringValue)
  }

  @Test("the JSON output has the documented keys and is deterministic")
  func jsonShape() throws {
    let report = try Self.audit("cyclegan_resnet")
    let text = try report.json.encoded()
    #expect(try Self.audit("cyclegan_resnet").json.encoded() == text)
    let json = try JSONValue(parsing: text)
    #expect(json.objectValue?.map(\.key).prefix(2) == ["model", "inputShape"])
    #expect(json["verdict"]?.stringValue == "artifacts")
    let layer = try #require(json["layers"]?[2])
    let keys = layer.objectValue?.map(\.key) ?? []
    for key in [
      "node", "op", "dims", "kernel", "stride", "padsBegin", "padsEnd", "outputPadding", "dilation", "groups",
      "inputShape", "outputShape", "counts", "weights", "verdict", "remedy",
    ] {
      #expect(keys.contains(key), "\(key)")
    }
    for key in ["outputChannels", "pefMax", "pefMedian", "worstChannel", "unevenChannels"] {
      #expect(layer["weights"]?[key] != nil, "\(key)")
    }
    for key in ["period", "uniform", "holes", "maxMinRatio"] {
      #expect(layer["counts"]?[key] != nil, "\(key)")
    }
  }

  @Test("the remedy keeps the output size and names PyTorch modules")
  func remedyText() throws {
    let report = try Self.audit("cyclegan_resnet")
    let remedy = try #require(report.layers.first { $0.op == .convTranspose }?.remedy)
    // k3 s2 p1 op1 gives 2n: nearest ×2, then a 'same' 3×3 convolution.
    #expect(
      remedy.contains(
        "nn.Upsample(scale_factor=2, mode='nearest'), nn.Conv2d(16, 8, kernel_size=3, padding=1)"))
    #expect(remedy.contains("nn.PixelShuffle(2)"))
    #expect(
      remedy.contains("nn.ConvTranspose2d(16, 8, kernel_size=4, stride=2, padding=1)  # kernel a multiple"))
    // The layer, then one alternative a line, each short enough to read.
    let lines = remedy.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines.allSatisfy { $0.count <= 120 }, "\(lines.map(\.count))")
  }
}
