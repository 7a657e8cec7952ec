import CheckerscopeCore
import Foundation

/// A centred power spectrum drawn as a heatmap in decibels, with frequency axes.
///
/// Row `i` holds the vertical frequency `(i − ⌊H/2⌋)/H` cycles per pixel and column `j` the
/// horizontal frequency `(j − ⌊W/2⌋)/W` (DC in the middle, ±½ at the edges), like
/// `PowerSpectrum.logPower`. The power `P` is recovered from `log10(1 + P)` and shown as
/// `10·log10(P)` dB on magma from `max − dynamicRange` to the largest value (smaller values and
/// zero power take the bottom colour), so a few strong peaks no longer turn the rest black.
/// The axes are labelled at the multiples of 1/8 cycle per pixel.
public enum SpectrumFigure {
  /// The span of decibels shown below the strongest bin.
  public static let dynamicRange: Double = 50

  /// The figure of a centred `log10(1 + P)` spectrum of `height × width` values, row-major.
  /// - Throws: `RenderingError` for a size mismatch, an empty spectrum or an oversized picture.
  public static func figure(
    log10Power values: [Float], width: Int, height: Int, title: String, subtitle: String
  ) throws -> Figure {
    let power = values.map { expm1(Double($0) * log(10.0)) }
    let peak = power.filter(\.isFinite).max() ?? 0
    let high = peak > 0 ? 10 * log10(peak) : 0
    let low = high - dynamicRange
    let decibels = power.map { p in p > 0 && p.isFinite ? max(10 * log10(p), low) : low }
    let grid = try ValueGrid(rows: height, columns: width, values: decibels)
    var style = HeatmapStyle()
    style.colormap = .magma
    style.vmin = low
    style.vmax = high
    style.showValues = false
    style.title = title
    style.subtitle = subtitle
    style.colorBarLabel = "power (dB)"
    style.rowAxisTitle = "vertical frequency (cycles/pixel)"
    style.columnAxisTitle = "horizontal frequency (cycles/pixel)"
    style.rowLabels = labels(count: height)
    style.columnLabels = labels(count: width)
    style.rowLabelStep = 1
    style.columnLabelStep = 1
    return try Heatmap.figure(grid, style: style)
  }

  /// One label per index, empty except at the index nearest each multiple of 1/4 cycle per
  /// pixel (1/8 when there are at least 64 indices) inside the axis: `-0.5`, `-0.25`, `0`, ….
  static func labels(count n: Int) -> [String] {
    var labels = Array(repeating: "", count: n)
    let parts = n >= 64 ? 8 : 4
    for k in -parts / 2...parts / 2 {
      let f = Double(k) / Double(parts)
      let index = Int((f * Double(n)).rounded()) + n / 2
      guard index >= 0, index < n, labels[index].isEmpty else { continue }
      labels[index] = NumberFormat.trimmed(f, 3)
    }
    return labels
  }
}
