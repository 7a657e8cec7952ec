import CheckerscopeCore
import Foundation
import TestSupport
import Testing

/// `POST /api/audit` and `/api/probe` against the command line, and models that must be refused
/// while the server keeps answering.
@Suite("explorer: model API")
struct ModelAPITests {
  static let models = FixturePaths.url("models")

  /// The command's output, run in the models' folder with the bare file name (the report's `model`
  /// field is the name given, and the API's is the upload's X-Filename).
  static func command(_ arguments: [String]) throws -> String {
    let result = try ToolRunner.run(arguments, in: models)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout
  }

  @Test(
    "the audit of an upload is the command's",
    arguments: [
      ("dcgan_legacy.onnx", ""), ("cyclegan_resnet.onnx", ""), ("pix2pix_unet.onnx", ""),
      ("vocoder1d.onnx", ""),
      ("espcn.onnx", ""), ("cyclegan_resnet.onnx", "input-shape=1x3x64x64"),
      ("dcgan_legacy.onnx", "threshold=0.2"),
      ("unet3d.onnx", ""), ("d2s_crd.onnx", ""), ("resize_conv.onnx", ""),
    ])
  func auditMatches(name: String, query: String) async throws {
    var arguments = ["audit", name, "--format", "json"]
    for item in query.split(separator: "&") where !item.isEmpty {
      let pair = item.split(separator: "=", maxSplits: 1)
      arguments += ["--\(pair[0])", String(pair[1])]
    }
    let expected = try Self.command(arguments)
    let bytes = try Data(contentsOf: Self.models.appendingPathComponent(name))
    let answer = try await ExplorerClient().send(
      .POST, "/api/audit?" + query, body: bytes, headers: ["X-Filename": name])
    #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    #expect(String(decoding: answer.body, as: UTF8.self) == expected)
  }

  @Test("a safetensors upload with its layers is audited as the command does")
  func safetensors() async throws {
    let layers = ["main.3.weight:k=4,s=2,p=1", "main.6.weight:k=4,s=2,p=1"]
    let expected = try Self.command(
      ["audit", "--safetensors", "dcgan.safetensors"] + layers.flatMap { ["--layer", $0] } + [
        "--format", "json",
      ])
    let bytes = try Data(contentsOf: Self.models.appendingPathComponent("dcgan.safetensors"))
    let query = layers.map { "layer=" + $0.replacingOccurrences(of: ",", with: "%2C") }.joined(separator: "&")
    let answer = try await ExplorerClient().send(
      .POST, "/api/audit?" + query, body: bytes, headers: ["X-Filename": "dcgan.safetensors"])
    #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    #expect(String(decoding: answer.body, as: UTF8.self) == expected)
    let missing = try await ExplorerClient().send(
      .POST, "/api/audit?layer=nope%3Ak%3D4", body: bytes, headers: ["X-Filename": "dcgan.safetensors"])
    #expect(missing.status == 422)
  }

  @Test("the probe of an upload is the command's")
  func probeMatches() async throws {
    let name = "probe/trained_ae_convt.onnx"
    let expected = try Self.command(["probe", name, "--format", "json", "--quiet"])
    let bytes = try Data(contentsOf: Self.models.appendingPathComponent(name))
    let answer = try await ExplorerClient().send(
      .POST, "/api/probe?job=t1", body: bytes, headers: ["X-Filename": name])
    #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    #expect(String(decoding: answer.body, as: UTF8.self) == expected)
  }

  @Test("X-Filename names the upload as given, and is never opened")
  func fileNames() async throws {
    let bytes = try Data(contentsOf: Self.models.appendingPathComponent("cyclegan_resnet.onnx"))
    let path = Self.models.appendingPathComponent("cyclegan_resnet.onnx").path
    let expected = try ToolRunner.run(["audit", path, "--format", "json"])
    let answer = try await ExplorerClient().send(
      .POST, "/api/audit", body: bytes, headers: ["X-Filename": path])
    #expect(String(decoding: answer.body, as: UTF8.self) == expected.stdout)
    // A name that exists on disk but is not what was sent: the bytes decide, not the file.
    let other = try await ExplorerClient().send(
      .POST, "/api/audit", body: Data("not a model".utf8),
      headers: ["X-Filename": Self.models.appendingPathComponent("dcgan_legacy.onnx").path])
    #expect(other.status == 422)
    let unnamed = try await ExplorerClient().send(.POST, "/api/audit", body: bytes)
    #expect(String(decoding: unnamed.body, as: UTF8.self).contains("\"model\": \"model.onnx\""))
  }

  @Test("a model named on the command line is audited by its index, never by a client's path")
  func servedModel() async throws {
    let path = Self.models.appendingPathComponent("dcgan.onnx").path
    let client = ExplorerClient(models: [path])
    let expected = try ToolRunner.run(["audit", path, "--format", "json"])
    let answer = try await client.send(.POST, "/api/audit?model=0")
    #expect(answer.status == 200)
    #expect(String(decoding: answer.body, as: UTF8.self) == expected.stdout)
    #expect(try await client.send(.POST, "/api/audit?model=1").status == 400)
    #expect(try await client.send(.POST, "/api/audit?model=/etc/passwd").status == 400)
    let list = try await client.send(.GET, "/api/models")
    #expect(String(decoding: list.body, as: UTF8.self).contains("dcgan.onnx"))
  }

  /// Hostile uploads: random bytes, a truncated and a bit-flipped model, an empty body, a wrong
  /// length; each gets a 4xx with a JSON error and the next overlap request is still answered.
  @Test("hostile uploads get 4xx and the server keeps answering")
  func hostile() async throws {
    let client = ExplorerClient()
    var random = SplitMix64(seed: 25)
    let noise = Data((0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    let model = try Data(contentsOf: Self.models.appendingPathComponent("cyclegan_resnet.onnx"))
    var flipped = [UInt8](model)
    for _ in 0..<40 {
      let index = Int(random.next() % UInt64(flipped.count))
      flipped[index] ^= 0xA5
    }
    let uploads: [(String, Data)] = [
      ("noise.onnx", noise), ("truncated.onnx", model.prefix(model.count / 3)),
      ("flipped.onnx", Data(flipped)),
      ("noise.safetensors", noise), ("empty.onnx", Data()),
    ]
    for (name, bytes) in uploads {
      for endpoint in ["/api/audit", "/api/probe"] {
        let answer = try await client.send(
          .POST, endpoint + (name.hasSuffix(".safetensors") ? "?layer=w%3Ak%3D3%2Cs%3D2" : ""), body: bytes,
          headers: ["X-Filename": name])
        if name == "flipped.onnx", answer.status == 200 { continue }  // a flip may leave a valid model
        #expect((400..<500).contains(answer.status), "\(endpoint) \(name): \(answer.status)")
        #expect(ExplorerClient.errorMessage(answer.body) != nil, "\(endpoint) \(name)")
      }
      #expect(try await client.send(.GET, "/api/overlap?kernel=3&stride=2&input-size=4").status == 200)
    }
  }

  @Test("a 64 MiB random upload is refused and the server keeps answering", .tags(.slow), .onlyWithSlowTests)
  func largeRandom() async throws {
    let client = ExplorerClient()
    var random = SplitMix64(seed: 64)
    var bytes = [UInt8](repeating: 0, count: 64 << 20)
    for index in stride(from: 0, to: bytes.count, by: 8) {
      withUnsafeBytes(of: random.next()) { word in
        for offset in 0..<8 { bytes[index + offset] = word[offset] }
      }
    }
    let answer = try await client.send(
      .POST, "/api/audit", body: Data(bytes), headers: ["X-Filename": "big.onnx"])
    #expect((400..<500).contains(answer.status))
    #expect(try await client.send(.GET, "/").status == 200)
  }

  @Test("an upload above a third of the budget is refused before it is read")
  func uploadLimit() async throws {
    let client = ExplorerClient(budget: 3 << 10)
    let model = try Data(contentsOf: Self.models.appendingPathComponent("cyclegan_resnet.onnx"))
    let answer = try await client.send(.POST, "/api/audit", body: model, headers: ["X-Filename": "m.onnx"])
    #expect(answer.status == 413)
    #expect(ExplorerClient.errorMessage(answer.body)?.contains("max-memory") == true)
  }

  @Test(
    "bad options of the model endpoints get 400",
    arguments: [
      "/api/audit?threshold=2", "/api/audit?input-shape=1x0x3", "/api/audit?input=noise",
      "/api/probe?input=/etc/passwd",
      "/api/probe?threshold=0.1", "/api/audit?format=text", "/api/audit?layer=w%3Ak%3D3",
    ])
  func badOptions(target: String) async throws {
    let model = try Data(contentsOf: Self.models.appendingPathComponent("cyclegan_resnet.onnx"))
    let answer = try await ExplorerClient().send(
      .POST, target, body: model, headers: ["X-Filename": "m.onnx"])
    #expect(answer.status == 400, "\(target): \(String(decoding: answer.body, as: UTF8.self))")
  }
}
