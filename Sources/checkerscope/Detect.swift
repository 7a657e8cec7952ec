import ArgumentParser
import ArtifactDetection
import CheckerscopeCore
import Foundation
import PNGIO
import Rendering
import Synchronization
import TensorIO

/// `checkerscope detect FILE.png|FILE.npy … [--max-period N] [--format text|json|csv] [-o OUT]
/// [--heatmaps DIR] [--spectra DIR] [--quiet]`: periodic-artifact detection on images and volumes.
struct Detect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Detect periodic (checkerboard) artifacts in PNG images and .npy volumes.",
    discussion: """
      Each image is reduced to Rec. 601 luminance. For every period s = 2 … --max-period the \
      command measures the periodic-energy fraction (pef), the same on a high-passed image \
      (pefHighPass), and how far the DFT's lattice frequencies (a/s, b/s) stand above their \
      neighbourhood (peakDb). A lattice frequency 8 dB or more above its strongest neighbour is \
      an artifact; the period per axis is the smallest lattice holding all such frequencies, \
      and strength is the relative spread of the phase means at that period. Files are \
      processed on all cores; a bad file is reported and skipped, and the exit status is 1 if \
      any file failed. A .npy file of shape (D, H, W) or (N, C, D, H, W) is a volume: every line \
      along each axis is summed coherently (plain and with alternating signs), high-passed, and \
      its DFT power at the frequencies b/s is compared with the bins 2 to 6 away; the period is \
      found per axis (z, y, x) with the same 8 dB rule.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
  }

  @Argument(help: "PNG files or .npy volumes to examine.", completion: .file(extensions: ["png", "npy"]))
  var files: [String] = []

  @Option(
    name: .customLong("max-period"), parsing: .unconditional, help: "The largest candidate period (2…64).")
  var maxPeriod = 8

  @Option(help: "Output format: text, json or csv (default: the --output extension, else text).")
  var format: Format?

  @Option(
    name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json", "csv"]))
  var output = OutputKind.standardStream

  @Option(
    help: ArgumentHelp(
      "Write each file's phase-mean tile as a heatmap figure (see --figures) into this folder.",
      valueName: "DIR"),
    completion: .directory)
  var heatmaps: String?

  @Option(
    help: ArgumentHelp(
      "Write each file's power spectrum (dB, frequency axes) as a figure into this folder.", valueName: "DIR"),
    completion: .directory)
  var spectra: String?

  /// The spellings before the file/folder convention (`--heatmap DIR`, `--spectrum DIR`), kept
  /// working for existing scripts but not shown.
  @Option(name: .customLong("heatmap"), help: .hidden)
  var oldHeatmap: String?

  @Option(name: .customLong("spectrum"), help: .hidden)
  var oldSpectrum: String?

  @Option(help: ArgumentHelp("The format of the --heatmaps and --spectra figures.", valueName: "png|svg"))
  var figures: FigureFormat = .png

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  /// The folder for phase-mean heatmaps (`--heatmaps`, or the old `--heatmap`).
  var heatmap: String? { heatmaps ?? oldHeatmap }

  /// The folder for spectra (`--spectra`, or the old `--spectrum`).
  var spectrum: String? { spectra ?? oldSpectrum }

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    if heatmaps != nil, oldHeatmap != nil { throw ValidationError("give --heatmaps DIR once") }
    if spectra != nil, oldSpectrum != nil { throw ValidationError("give --spectra DIR once") }
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    guard !files.isEmpty else { throw ValidationError("give at least one PNG file or .npy volume") }
    let volumes = files.filter(Self.isVolume).count
    if volumes > 0, heatmap != nil || spectrum != nil {
      throw ValidationError("--heatmaps and --spectra draw images; leave them out for .npy volumes")
    }
    if format == .csv, volumes > 0, volumes < files.count {
      throw ValidationError(
        "CSV rows differ for images and volumes; run PNG files and .npy volumes separately")
    }
    guard (2...64).contains(maxPeriod) else {
      throw ValidationError("--max-period must be between 2 and 64, got \(maxPeriod)")
    }
    if heatmap != nil || spectrum != nil {
      let stems = files.map(Self.stem)
      guard Set(stems).count == stems.count else {
        throw ValidationError(
          "two input files share a name, so their --heatmaps/--spectra PNGs would collide; rename one or run them separately"
        )
      }
    }
  }

  /// What happened to one file.
  enum Outcome: Sendable {
    case detected(Detection)
    case volume(VolumeDetector.Result)
    case failed(String)
  }

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    for dir in [heatmap, spectrum].compactMap({ $0 }) {
      do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      } catch {
        throw CLIError(path: dir, "cannot create the output folder: \(error.localizedDescription)")
      }
    }
    let detector = ArtifactDetector(maxPeriod: maxPeriod)
    let progress = ProgressBar(total: files.count, label: "detect", enabled: !quiet)
    let results = Mutex([Outcome?](repeating: nil, count: files.count))
    let files = self.files
    let heatmap = self.heatmap
    let spectrum = self.spectrum
    let figures = self.figures
    // From the headers, before decoding: the memory each file needs. Files run in parallel only
    // when the largest ones that could run at once fit the budget together.
    let budget = resources.budget
    let needs = files.map { Self.memoryNeeded($0) }
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let together = needs.compactMap { $0 }.sorted(by: >).prefix(cores).reduce(0) { $0 &+ $1 }
    let parallel = together >= 0 && together <= budget.bytes
    let examineOne: @Sendable (Int) -> Void = { index in
      let outcome: Outcome
      if let need = needs[index], need > budget.bytes {
        outcome = .failed(
          "\(files[index]): "
            + CoreError.overBudget(what: "examining the image", bytes: need, budget: budget.bytes).description
        )
      } else {
        outcome = Self.examine(
          files[index], detector: detector, heatmap: heatmap, spectrum: spectrum, figures: figures)
      }
      results.withLock { $0[index] = outcome }
      progress.advance()
    }
    if parallel {
      DispatchQueue.concurrentPerform(iterations: files.count, execute: examineOne)
    } else {
      for index in files.indices { examineOne(index) }
    }
    progress.finish()
    let outcomes = results.withLock { $0 }
    var good: [(String, Detection)] = []
    var goodVolumes: [(String, VolumeDetector.Result)] = []
    var order: [(isVolume: Bool, index: Int)] = []
    var failures = 0
    for (file, outcome) in zip(files, outcomes) {
      switch outcome {
      case .detected(let d):
        order.append((false, good.count))
        good.append((file, d))
      case .volume(let r):
        order.append((true, goodVolumes.count))
        goodVolumes.append((file, r))
      case .failed(let message):
        failures += 1
        Console.error("checkerscope: error: \(message)")
      case nil:
        failures += 1
        Console.error("checkerscope: error: \(file): not examined")
      }
    }
    let text: String
    switch format {
    case .text:
      text = order.map { entry in
        entry.isVolume
          ? Self.volumeText(file: goodVolumes[entry.index].0, goodVolumes[entry.index].1)
          : Self.text(file: good[entry.index].0, good[entry.index].1)
      }.joined()
    case .csv where files.allSatisfy(Self.isVolume):
      text =
        Self.volumeCSVHeader(maxPeriod: maxPeriod)
        + goodVolumes.map { Self.volumeCSVRow(file: $0.0, $0.1, maxPeriod: maxPeriod) }.joined()
    case .csv:
      text = Self.csvHeader(maxPeriod: maxPeriod) + good.map { Self.csvRow(file: $0.0, $0.1) }.joined()
    case .json:
      let values = order.map { entry in
        entry.isVolume
          ? Self.volumeJSON(file: goodVolumes[entry.index].0, goodVolumes[entry.index].1)
          : Self.json(file: good[entry.index].0, good[entry.index].1)
      }
      let value = files.count == 1 && values.count == 1 ? values[0] : JSONValue.array(values)
      text = try value.encoded(style: .pretty) + "\n"
    }
    try ResultOutput.write(text, to: output)
    if failures > 0 { throw ExitCode(1) }
  }

  /// Reads, examines and (if asked) draws one file; never throws.
  static func examine(
    _ file: String, detector: ArtifactDetector, heatmap: String?, spectrum: String?,
    figures: FigureFormat = .png
  ) -> Outcome {
    if isVolume(file) { return examineVolume(file, maxPeriod: detector.maxPeriod) }
    do {
      let png = try PNGImage.read(from: file, options: PNGReadOptions(readText: false))
      let image = GreyImage(png: png)
      let detection: Detection
      do {
        detection = try detector.detect(image)
      } catch {
        return .failed("\(file): \(error.description)")
      }
      let software = [PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)")]
      if let heatmap {
        try FigureOutput.write(
          try tileImage(detection, file: file), to: outputPath(heatmap, file, "phase-means", figures),
          scale: 1,
          text: software)
      }
      if let spectrum {
        try FigureOutput.write(
          try spectrumImage(PowerSpectrum.pictureCrop(image, period: detection.period), file: file),
          to: outputPath(spectrum, file, "spectrum", figures), scale: 1, text: software)
      }
      return .detected(detection)
    } catch let error as PNGIOError {
      return .failed(error.description)
    } catch {
      return .failed("\(file): \(error)")
    }
  }

  /// The bytes examining `file` needs, from its header: the decoded samples (1 or 2 bytes each)
  /// and their Float32 copy, plus 24 bytes a pixel for the luminance, high-passed and cropped
  /// planes and the high-pass sums. Nil when the header cannot be read (`examine` reports it);
  /// `Int.max` when the size overflows.
  static func memoryNeeded(_ file: String) -> Int? {
    if isVolume(file) {
      // A .npy volume: at most 32 bytes of values and work planes for each byte of the file.
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
        let size = (attributes[.size] as? NSNumber)?.intValue
      else { return nil }
      return CheckedSize.productOrNil([size, 32]) ?? Int.max
    }
    guard let info = try? PNGInfo.read(from: file) else { return nil }
    let perPixel = info.channels * ((info.decodedBitDepth > 8 ? 2 : 1) + 4) + 24
    return CheckedSize.productOrNil([info.width, info.height, perPixel]) ?? Int.max
  }

  static func stem(_ file: String) -> String {
    URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
  }

  static func outputPath(_ dir: String, _ file: String, _ suffix: String, _ format: FigureFormat) -> String {
    URL(fileURLWithPath: dir).appendingPathComponent("\(stem(file))-\(suffix).\(format.fileExtension)").path
  }

  /// The phase-mean tile as a heatmap of `mean / overall mean` (1 = average gain).
  static func tileImage(_ d: Detection, file: String) throws -> Figure {
    let tile = d.tile
    let mean = tile.overallMean
    let grid = try ValueGrid(
      rows: tile.periodY, columns: tile.periodX, values: tile.means.map { mean != 0 ? $0 / mean : 0 })
    var style = HeatmapStyle.diverging(center: 1)
    style.valueDecimals = 3
    style.title = "phase means / mean, period \(tile.periodY)x\(tile.periodX)"
    style.subtitle = stem(file) + (d.artifact ? "" : " (no artifact)")
    style.colorBarLabel = "relative gain"
    style.rowAxisTitle = "y mod \(tile.periodY)"
    style.columnAxisTitle = "x mod \(tile.periodX)"
    return try Heatmap.figure(grid, style: style)
  }

  /// The centred power spectrum as a figure in dB with frequency axes (`SpectrumFigure`).
  static func spectrumImage(_ image: GreyImage, file: String) throws -> Figure {
    let log = PowerSpectrum.logPower(of: image)
    return try SpectrumFigure.figure(
      log10Power: log.pixels, width: log.width, height: log.height, title: "power spectrum of " + stem(file),
      subtitle: "\(log.width)×\(log.height) pixels from the top left, mean removed; DC in the centre")
  }

  // MARK: - Output

  static func number(_ v: Double, _ decimals: Int = 4) -> String { NumberFormat.printf(v, decimals) }

  static func text(file: String, _ d: Detection) -> String {
    var out = "\(file): "
    if let p = d.period, let top = d.peaks.first {
      out += "artifact, period \(p[0])x\(p[1]), strength \(number(d.strength, 3))"
      out +=
        " (strongest: \(top.pattern.rawValue) at (\(top.a)/\(top.period), \(top.b)/\(top.period)), \(number(top.peakDb, 1)) dB)\n"
    } else {
      let best = d.scores.max { $0.peakDb < $1.peakDb }
      out +=
        "no artifact (strongest lattice peak \(number(best?.peakDb ?? 0, 1)) dB at period \(best?.period ?? 0))\n"
    }
    out += "  period  pef       pef-hp    peak dB  h-stripes  v-stripes  checker\n"
    for s in d.scores {
      let cells = [
        pad("\(s.period)", 6), pad(number(s.pef), 8), pad(number(s.pefHighPass), 8),
        pad(number(s.peakDb, 1), 7),
        pad(number(s.horizontalStripesDb, 1), 9), pad(number(s.verticalStripesDb, 1), 9),
        number(s.checkerDb, 1),
      ]
      out += "  " + cells.joined(separator: "  ") + "\n"
    }
    return out
  }

  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
  }

  static func csvHeader(maxPeriod: Int) -> String {
    var columns = ["file", "artifact", "period_y", "period_x", "strength"]
    for s in 2...maxPeriod { columns += ["pef_\(s)", "pef_high_pass_\(s)", "peak_db_\(s)"] }
    return CSV.line(columns)
  }

  static func csvRow(file: String, _ d: Detection) -> String {
    var cells = [file, d.artifact ? "true" : "false"]
    cells += [d.period.map { "\($0[0])" } ?? "", d.period.map { "\($0[1])" } ?? "", "\(d.strength)"]
    for s in d.scores { cells += ["\(s.pef)", "\(s.pefHighPass)", "\(s.peakDb)"] }
    return CSV.line(cells)
  }

  static func json(file: String, _ d: Detection) -> JSONValue {
    .object([
      ("file", .string(file)),
      ("artifact", .bool(d.artifact)),
      ("period", d.period.map { .array($0.map { JSONValue.int($0) }) } ?? .null),
      ("strength", .double(d.strength)),
      (
        "scores",
        .array(
          d.scores.map { s in
            .object([
              ("period", .int(s.period)), ("pef", .double(s.pef)), ("pefHighPass", .double(s.pefHighPass)),
              ("peakDb", .double(s.peakDb)),
            ])
          })
      ),
    ])
  }
}
