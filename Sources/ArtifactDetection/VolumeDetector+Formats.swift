import CheckerscopeCore

/// A volume's verdict as text, CSV and JSON: the forms `checkerscope detect` prints for `.npy`
/// volumes, deterministic and locale-independent.
extension VolumeDetector.Result {
  /// The period of each axis, `z 2, y none, x 2`.
  public var axisPeriods: String {
    zip(GreyVolume.axisNames, axes).map { "\($0) \($1.period.map(String.init) ?? "none")" }
      .joined(separator: ", ")
  }

  /// A verdict line, then one row per axis and candidate period:
  ///
  /// ```
  /// FILE: artifact, period 2x1x2 (z 2, y none, x 2)
  ///   axis  period  pef       peak dB
  ///   z     2       0.2500    30.0
  /// ```
  ///
  /// Without an artifact the line reads `FILE: no artifact (strongest peak D dB)`, the largest
  /// `peakDb` of any axis (0 when no period fits). `pef` has 4 decimals, decibels 1 (`%.Nf`).
  public func text(file: String) -> String {
    let number = DetectionText.number
    let pad = DetectionText.pad
    var out = "\(file): "
    if let p = period {
      out += "artifact, period \(p.map(String.init).joined(separator: "x")) (\(axisPeriods))\n"
    } else {
      let best = axes.flatMap(\.scores).map(\.peakDb).max() ?? 0
      out += "no artifact (strongest peak \(number(best, 1)) dB)\n"
    }
    out += "  axis  period  pef       peak dB\n"
    for (name, axis) in zip(GreyVolume.axisNames, axes) {
      for s in axis.scores {
        out +=
          "  "
          + [pad(name, 4), pad("\(s.period)", 6), pad(number(s.pef, 4), 8), number(s.peakDb, 1)]
          .joined(separator: "  ") + "\n"
      }
    }
    return out
  }

  /// `{"file", "artifact", "period": [pz, py, px] or null, "axes": [{"axis", "period" (or null),
  /// "scores": [{"period", "pef", "peakDb"}]}]}`, keys in that order.
  public func json(file: String) -> JSONValue {
    .object([
      ("file", .string(file)),
      ("artifact", .bool(artifact)),
      ("period", period.map { .array($0.map { JSONValue.int($0) }) } ?? .null),
      (
        "axes",
        .array(
          zip(GreyVolume.axisNames, axes).map { name, axis in
            .object([
              ("axis", .string(name)),
              ("period", axis.period.map { .int($0) } ?? .null),
              (
                "scores",
                .array(
                  axis.scores.map { s in
                    .object([
                      ("period", .int(s.period)), ("pef", .double(s.pef)), ("peakDb", .double(s.peakDb)),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
  }

  /// The CSV header for volumes with candidate periods `2…maxPeriod`: `file, artifact, period_z,
  /// period_y, period_x`, then `pef_A_S, peak_db_A_S` for each axis `A` (z, y, x) and period `S`.
  public static func csvHeader(maxPeriod: Int) -> String {
    var columns = ["file", "artifact", "period_z", "period_y", "period_x"]
    for name in GreyVolume.axisNames {
      for s in stride(from: 2, through: maxPeriod, by: 1) {
        columns += ["pef_\(name)_\(s)", "peak_db_\(name)_\(s)"]
      }
    }
    return CSV.line(columns)
  }

  /// One CSV row under `csvHeader(maxPeriod:)`; an axis without a period and a candidate period
  /// that does not fit an axis leave their cells empty.
  public func csvRow(file: String, maxPeriod: Int) -> String {
    var cells = [file, artifact ? "true" : "false"]
    cells += axes.map { $0.period.map(String.init) ?? "" }
    for axis in axes {
      for s in stride(from: 2, through: maxPeriod, by: 1) {
        let score = axis.scores.first { $0.period == s }
        cells += [score.map { "\($0.pef)" } ?? "", score.map { "\($0.peakDb)" } ?? ""]
      }
    }
    return CSV.line(cells)
  }
}
