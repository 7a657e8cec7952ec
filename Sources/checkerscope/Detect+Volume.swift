import ArtifactDetection
import CheckerscopeCore
import Foundation
import TensorIO
import TransposedConv

/// `detect` on `.npy` volumes: shape `(D, H, W)` or `(N, C, D, H, W)`, all `N·C` volumes examined
/// together by `VolumeDetector`, which finds a period per axis.
extension Detect {
  /// True for the files `detect` reads as volumes.
  static func isVolume(_ file: String) -> Bool { file.lowercased().hasSuffix(".npy") }

  /// Reads a volume file; errors name the file and say which shapes are accepted.
  static func readVolume(_ file: String) throws -> GreyVolume {
    try GreyVolume(tensor: Tensor.readNPY(from: file), path: file)
  }

  /// Reads and examines one volume; never throws.
  static func examineVolume(_ file: String, maxPeriod: Int) -> Outcome {
    do {
      let volume = try readVolume(file)
      do {
        return .volume(try VolumeDetector(maxPeriod: maxPeriod).detect(volume))
      } catch {
        return .failed("\(file): \(error.description)")
      }
    } catch let error as TensorIOError {
      return .failed(error.description)
    } catch let error as CLIError {
      return .failed(error.description)
    } catch {
      return .failed("\(file): \(error)")
    }
  }

  static func axisPeriods(_ r: VolumeDetector.Result) -> String {
    zip(GreyVolume.axisNames, r.axes).map { "\($0) \($1.period.map(String.init) ?? "none")" }
      .joined(separator: ", ")
  }

  /// `file: artifact, period 2x1x2 (z 2, y none, x 2)` and a table of scores per axis.
  static func volumeText(file: String, _ r: VolumeDetector.Result) -> String {
    var out = "\(file): "
    if let p = r.period {
      out += "artifact, period \(p.map(String.init).joined(separator: "x")) (\(axisPeriods(r)))\n"
    } else {
      let best = r.axes.flatMap(\.scores).map(\.peakDb).max() ?? 0
      out += "no artifact (strongest peak \(number(best, 1)) dB)\n"
    }
    out += "  axis  period  pef       peak dB\n"
    for (name, axis) in zip(GreyVolume.axisNames, r.axes) {
      for s in axis.scores {
        out +=
          "  "
          + [pad(name, 4), pad("\(s.period)", 6), pad(number(s.pef), 8), number(s.peakDb, 1)]
          .joined(separator: "  ") + "\n"
      }
    }
    return out
  }

  static func volumeJSON(file: String, _ r: VolumeDetector.Result) -> JSONValue {
    .object([
      ("file", .string(file)),
      ("artifact", .bool(r.artifact)),
      ("period", r.period.map { .array($0.map { JSONValue.int($0) }) } ?? .null),
      (
        "axes",
        .array(
          zip(GreyVolume.axisNames, r.axes).map { name, axis in
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

  static func volumeCSVHeader(maxPeriod: Int) -> String {
    var columns = ["file", "artifact", "period_z", "period_y", "period_x"]
    for name in GreyVolume.axisNames {
      for s in 2...maxPeriod { columns += ["pef_\(name)_\(s)", "peak_db_\(name)_\(s)"] }
    }
    return CSV.line(columns)
  }

  /// One row; a period that does not fit an axis leaves its two cells empty.
  static func volumeCSVRow(file: String, _ r: VolumeDetector.Result, maxPeriod: Int) -> String {
    var cells = [file, r.artifact ? "true" : "false"]
    cells += r.axes.map { $0.period.map(String.init) ?? "" }
    for axis in r.axes {
      for s in 2...maxPeriod {
        let score = axis.scores.first { $0.period == s }
        cells += [score.map { "\($0.pef)" } ?? "", score.map { "\($0.peakDb)" } ?? ""]
      }
    }
    return CSV.line(cells)
  }
}
