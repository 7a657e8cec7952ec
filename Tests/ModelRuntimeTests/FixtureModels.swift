import Foundation
import ModelIO
import TensorIO
import TestSupport
import TransposedConv

/// The fixture models of `Fixtures/models/MANIFEST.json` (and `probe/MANIFEST.json`) with their
/// ONNX Runtime outputs, written by `Scripts/make_models.py` and `Scripts/make_probe_models.py`.
enum FixtureModels {
  struct Entry: Sendable, CustomStringConvertible {
    var folder: String
    var name: String
    var inputShape: [Int]
    var description: String { name }
    var path: String { FixturePaths.url("\(folder)/\(name).onnx").path }
    func npy(_ suffix: String) -> String { FixturePaths.url("\(folder)/\(name).\(suffix).npy").path }
  }

  static func manifest(_ folder: String) -> [Entry] {
    let url = FixturePaths.url("\(folder)/MANIFEST.json")
    guard let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let models = root["models"] as? [String: Any]
    else { return [] }
    return models.keys.sorted().compactMap { name in
      guard let entry = models[name] as? [String: Any], let shape = entry["inputShape"] as? [Int] else {
        return nil
      }
      return Entry(folder: folder, name: name, inputShape: shape)
    }
  }

  static let audit = manifest("models")
  static let probe = manifest("models/probe")

  /// The largest `|a − b|` relative to `max(1, max|b|)`, or nil when the shapes differ.
  static func relativeError(_ a: Tensor, _ b: Tensor) -> Double? {
    guard a.shape == b.shape else { return nil }
    var scale: Float = 1
    for v in b.data { scale = max(scale, abs(v)) }
    var worst: Float = 0
    for i in b.data.indices {
      let d = abs(a.data[i] - b.data[i])
      if d.isNaN { return .infinity }
      worst = max(worst, d)
    }
    return Double(worst / scale)
  }
}
