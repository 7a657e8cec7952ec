import ArtifactDetection
import Foundation

/// The CC0 photographs of `Fixtures/images`, as Rec. 601 luminance in [0, 1].
enum Photographs {
  static let names = ["camera", "brick", "coffee", "chelsea"]

  // TEMPORARY until PNGIO lands: raw float dumps.
  static func load() throws -> [(String, GreyImage)] {
    try names.map { name in
      let data = try Data(contentsOf: URL(fileURLWithPath: "/tmp/proto/\(name).f32"))
      let ints = data.prefix(8).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
      let floats = data.dropFirst(8).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
      return (name, GreyImage(width: Int(ints[1]), height: Int(ints[0]), pixels: floats))
    }
  }
}
