import OverlapAnalysis
import PNGIO

/// Pictures for reports, drawn with the Rendering module and returned as PNG images.
enum Figures {
  /// A map drawn as a heatmap (2D) or bar chart (1D); nil until Rendering is available.
  static func map(_ map: OverlapMap, deviation: Bool = false) throws -> PNGImage? {
    nil
  }
}

extension Figures {
  /// A kernel × stride summary heatmap; nil until Rendering is available.
  static func grid(
    _ maps: [(kernel: Int, stride: Int, map: OverlapMap)], metric: String, dilation: Int, dims: Int
  ) throws -> PNGImage? {
    nil
  }
}
