import CheckerscopeCore

/// A detection as text, CSV and JSON: the forms `checkerscope detect` prints, deterministic and
/// locale-independent.
extension Detection {
  /// A verdict line, then one row of scores per candidate period:
  ///
  /// ```
  /// FILE: artifact, period 2x2, strength 0.500 (strongest: checker at (1/2, 1/2), 30.0 dB)
  ///   period  pef       pef-hp    peak dB  h-stripes  v-stripes  checker
  ///   2       0.2500    0.5000    30.0     -1.0       -2.0       30.0
  /// ```
  ///
  /// Without an artifact the line reads `FILE: no artifact (strongest lattice peak D dB at period
  /// S)`, naming the period with the highest `peakDb`. Scores have 4 decimals, decibels 1, the
  /// strength 3 (`%.Nf`); columns are padded to the header's widths.
  public func text(file: String) -> String {
    let number = DetectionText.number
    let pad = DetectionText.pad
    var out = "\(file): "
    if let p = period, let top = peaks.first {
      out += "artifact, period \(p[0])x\(p[1]), strength \(number(strength, 3))"
      out +=
        " (strongest: \(top.pattern.rawValue) at (\(top.a)/\(top.period), \(top.b)/\(top.period)), \(number(top.peakDb, 1)) dB)\n"
    } else {
      let best = scores.max { $0.peakDb < $1.peakDb }
      out +=
        "no artifact (strongest lattice peak \(number(best?.peakDb ?? 0, 1)) dB at period \(best?.period ?? 0))\n"
    }
    out += "  period  pef       pef-hp    peak dB  h-stripes  v-stripes  checker\n"
    for s in scores {
      let cells = [
        pad("\(s.period)", 6), pad(number(s.pef, 4), 8), pad(number(s.pefHighPass, 4), 8),
        pad(number(s.peakDb, 1), 7),
        pad(number(s.horizontalStripesDb, 1), 9), pad(number(s.verticalStripesDb, 1), 9),
        number(s.checkerDb, 1),
      ]
      out += "  " + cells.joined(separator: "  ") + "\n"
    }
    return out
  }

  /// The CSV header for detections with candidate periods `2…maxPeriod`: `file, artifact,
  /// period_y, period_x, strength`, then `pef_S, pef_high_pass_S, peak_db_S` for each period `S`.
  public static func csvHeader(maxPeriod: Int) -> String {
    var columns = ["file", "artifact", "period_y", "period_x", "strength"]
    for s in stride(from: 2, through: maxPeriod, by: 1) {
      columns += ["pef_\(s)", "pef_high_pass_\(s)", "peak_db_\(s)"]
    }
    return CSV.line(columns)
  }

  /// One CSV row under `csvHeader(maxPeriod:)`: the period cells are empty without an artifact;
  /// numbers are Swift's shortest round-trip text.
  public func csvRow(file: String) -> String {
    var cells = [file, artifact ? "true" : "false"]
    cells += [period.map { "\($0[0])" } ?? "", period.map { "\($0[1])" } ?? "", "\(strength)"]
    for s in scores { cells += ["\(s.pef)", "\(s.pefHighPass)", "\(s.peakDb)"] }
    return CSV.line(cells)
  }

  /// `{"file", "artifact", "period": [py, px] or null, "strength", "scores": [{"period", "pef",
  /// "pefHighPass", "peakDb"}]}`, keys in that order.
  public func json(file: String) -> JSONValue {
    .object([
      ("file", .string(file)),
      ("artifact", .bool(artifact)),
      ("period", period.map { .array($0.map { JSONValue.int($0) }) } ?? .null),
      ("strength", .double(strength)),
      (
        "scores",
        .array(
          scores.map { s in
            .object([
              ("period", .int(s.period)), ("pef", .double(s.pef)), ("pefHighPass", .double(s.pefHighPass)),
              ("peakDb", .double(s.peakDb)),
            ])
          })
      ),
    ])
  }
}
