import CheckerscopeCore

extension MapFigure {
  /// The bytes drawing and encoding the figure needs at most: the RGB raster, its copy as PNG
  /// samples and the encoder's rows (3 × 3 bytes a pixel), for a picture of the grid's cells at
  /// `cellSize` pixels (1 when nil, automatic: large maps get 1-pixel cells, small ones stay below
  /// 1024 pixels a side) plus 1024 pixels of margins, title, colour bar and legend per side, each
  /// side multiplied by `scale` rounded up (at least 1); `Int.max` when a product overflows or the
  /// scale is not finite. Known before drawing, so a budget can refuse the picture first.
  public func bytesNeeded(cellSize: Int?, scale: Double) -> Int {
    let cell = cellSize ?? 1
    let factor = scale.isFinite ? max(1, Int(scale.rounded(.up))) : Int.max
    guard
      let height = CheckedSize.productOrNil([grid.rows, cell]).flatMap({
        CheckedSize.sumOrNil([max($0, 1024), 1024])
      }),
      let width = CheckedSize.productOrNil([grid.columns, cell]).flatMap({
        CheckedSize.sumOrNil([max($0, 1024), 1024])
      })
    else { return Int.max }
    return CheckedSize.productOrNil([height, factor, width, factor, 9]) ?? Int.max
  }
}
