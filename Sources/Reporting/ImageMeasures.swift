import ArtifactDetection
import CheckerscopeCore
import Rendering
import TransposedConv

/// Periodic-energy measures (and optionally the detector's verdict) for the images of an image
/// experiment: a table in the report and a phrase for the finding.
enum ImageMeasures {
  /// The `(1, 1, H, W)` tensor as a grey image, without `trim` pixels on every side (the borders,
  /// where the padding, not the kernel, decides the values).
  static func grey(_ tensor: Tensor, trim: Int) -> GreyImage {
    let (h, w) = (tensor.shape[2], tensor.shape[3])
    let t = min(trim, (h - 1) / 2, (w - 1) / 2)
    let (nh, nw) = (h - 2 * t, w - 2 * t)
    var pixels = [Float](repeating: 0, count: nh * nw)
    for y in 0..<nh {
      for x in 0..<nw { pixels[y * nw + x] = tensor.data[(y + t) * w + x + t] }
    }
    return GreyImage(width: nw, height: nh, pixels: pixels)
  }

  /// Adds the table; returns a phrase comparing the transposed convolution with the remedy.
  static func table(
    _ images: [(String, Tensor, Int)], strides: [Int], detect: Bool, into builder: inout ReportBuilder
  ) throws -> String {
    let (py, px) = (strides[0], strides[1])
    var rows: [[String]] = []
    var pefs: [Double] = []
    var verdicts: [String] = []
    for (name, tensor, _) in images {
      let image = grey(tensor, trim: 2 * max(py, px))
      let tile = PhaseMeanTile(image: image, periodY: py, periodX: px)
      let pef = PeriodicEnergy.fraction(of: image, tile: tile)
      pefs.append(pef)
      var row = [
        name, "\(tensor.shape[2])×\(tensor.shape[3])", NumberFormat.fixed(pef, 4),
        NumberFormat.fixed(tile.relativeSpread, 4),
      ]
      if detect {
        let detection = try ArtifactDetector().detect(image)
        let peak = detection.scores.map(\.peakDb).max() ?? 0
        row += [
          detection.artifact ? "yes" : "no",
          detection.period.map { $0.map(String.init).joined(separator: "×") } ?? "—",
          NumberFormat.fixed(peak, 1),
        ]
        verdicts.append("\(name): \(detection.artifact ? "artifact" : "none")")
      }
      rows.append(row)
    }
    var header = ["image", "size", "periodic-energy fraction at \(py)×\(px)", "phase-mean spread"]
    if detect { header += ["detector: artifact", "period", "strongest peak (dB)"] }
    builder.document.table(header: header, rows: rows, alignRight: detect ? [2, 3, 6] : [2, 3])
    var phrase =
      "the periodic-energy fraction at period \(py)×\(px) (borders trimmed) is \(NumberFormat.fixed(pefs[1], 4)) for the transposed convolution against \(NumberFormat.fixed(pefs[2], 4)) for the remedy and \(NumberFormat.fixed(pefs[0], 4)) for the input"
    if detect { phrase += "; the detector says " + verdicts.joined(separator: ", ") }
    return phrase + "."
  }
}
