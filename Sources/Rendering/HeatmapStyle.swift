/// How a heatmap is drawn: colours, domain, cell size, text.
public struct HeatmapStyle: Sendable, Equatable {
  /// The colour table (default viridis).
  public var colormap: Colormap = .viridis
  /// Pixels per cell side; nil chooses `Heatmap.autoCellSize(rows:columns:)`.
  public var cellSize: Int?
  /// The low end of the colour domain; nil means `min(0, smallest value)`, or `center − a` in
  /// diverging mode where `a` is the largest `|value − center|`.
  public var vmin: Double?
  /// The high end of the colour domain; nil means the largest value (or `center + a`).
  public var vmax: Double?
  /// Print each cell's value when it fits.
  public var showValues = true
  /// Signed mode: the default domain is symmetric around `center`.
  public var diverging = false
  /// The centre of a diverging domain.
  public var center: Double = 0
  /// Decimals for non-integer cell values.
  public var valueDecimals = 2
  /// The title line (parameters and the headline metric).
  public var title = ""
  /// An optional second line under the title.
  public var subtitle = ""
  /// The colour bar's caption, drawn reading upwards beside it.
  public var colorBarLabel = "value"
  /// Legend text for marked cells (greyed, their text kept); empty hides the entry.
  public var markedLabel = "marked"
  /// The text printed in every marked cell instead of its value (`holes` in a sweep summary, whose
  /// metric means little there); nil prints the value.
  public var markedText: String?
  /// Labels for the rows (top first); nil numbers them from 0.
  public var rowLabels: [String]?
  /// Labels for the columns (left first); nil numbers them from 0.
  public var columnLabels: [String]?
  /// Label every n-th row (nil: as often as the labels fit, every 1, 2, 5, 10, … rows).
  public var rowLabelStep: Int?
  /// Label every n-th column (nil: as often as the labels fit).
  public var columnLabelStep: Int?
  /// The title of the vertical axis, reading upwards.
  public var rowAxisTitle = "row"
  /// The title of the horizontal axis.
  public var columnAxisTitle = "column"

  public init() {}

  /// The style for a signed map: the diverging colormap, domain symmetric around `center`.
  public static func diverging(center: Double = 0) -> HeatmapStyle {
    var style = HeatmapStyle()
    style.colormap = .diverging
    style.diverging = true
    style.center = center
    return style
  }
}
