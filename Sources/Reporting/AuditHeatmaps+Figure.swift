import CheckerscopeCore
import ModelAudit
import Rendering

/// How `audit --heatmaps` and a study's model section draw an audited layer's maps: the figure
/// half of `AuditHeatmaps`, kept beside Rendering so the audit itself draws nothing.
extension AuditHeatmaps {
  /// How to draw `layer`'s overlap map (`gain` false) or gain tile: titled with the layer's module
  /// (or node) name, the worst channel and its PEF for the gain tile, and the layer's real
  /// parameters (not the phase tile's); signed gains on a diverging map centred at 0.
  public static func figureOptions(_ layer: LayerAudit, figure: MapFigure, gain: Bool) -> MapFigureOptions {
    var options = MapFigureOptions()
    let label = label(layer)
    guard gain, let weights = layer.weights else {
      options.title = label + " · " + figure.metricSummary
      options.subtitle = parameterText(layer) + " · " + figure.subtitle
      return options
    }
    let extent = max(figure.grid.values.map(abs).max() ?? 0, 1e-12)
    options.colormap = .diverging
    options.vmin = -extent
    options.vmax = extent
    options.title =
      "\(label) · channel \(weights.worstChannel) · PEF \(NumberFormat.trimmed(weights.pefMax, 4))"
    options.subtitle = parameterText(layer) + " · gain of each output phase to a flat input, over 3 periods"
    return options
  }
}
