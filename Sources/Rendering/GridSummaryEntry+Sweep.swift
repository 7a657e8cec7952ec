import CheckerscopeCore
import OverlapAnalysis
import Sweeps

extension GridSummaryEntry {
  /// One cell per (kernel, stride), coloured by `metric` of the interior metrics (an undefined
  /// max/min, from holes, is drawn as undefined and the cell crossed out). When the sweep has
  /// several dilations, paddings or output paddings, a cell shows the largest (worst) value over
  /// them and is crossed out when any of them has holes. Skipped configurations are left out.
  /// Kernels and strides must be the same on every axis.
  public static func entries(of document: SweepDocument, metric: SummaryMetric) throws(RenderingError)
    -> [GridSummaryEntry]
  {
    var cells: [String: GridSummaryEntry] = [:]
    var order: [String] = []
    for record in document.records {
      guard let layerJSON = record["layers"]?[0], let layer = try? LayerConfig(json: layerJSON),
        let interior = record["interior"]
      else { continue }
      let (kernels, strides) = (layer.kernel, layer.strides)
      let (kernel, stride) = (kernels[0], strides[0])
      guard kernels.allSatisfy({ $0 == kernel }), strides.allSatisfy({ $0 == stride }) else {
        throw .unevenGrid(configuration: SweepDocument.configurationText(record))
      }
      let value: Double
      switch metric {
      case .maxMinRatio: value = interior["maxMinRatio"]?.doubleValue ?? .infinity
      case .cv: value = interior["cv"]?.doubleValue ?? .nan
      case .zeroFraction: value = interior["zeroFraction"]?.doubleValue ?? .nan
      }
      let holes = record["holes"]?.boolValue ?? false
      let key = "\(kernel) \(stride)"
      if var cell = cells[key] {
        if value > cell.value || (value.isNaN && !cell.value.isNaN) { cell.value = value }
        cell.hasHoles = cell.hasHoles || holes
        cells[key] = cell
      } else {
        cells[key] = GridSummaryEntry(kernel: kernel, stride: stride, value: value, hasHoles: holes)
        order.append(key)
      }
    }
    return order.compactMap { cells[$0] }
  }
}
