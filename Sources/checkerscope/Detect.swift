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
    abstract: "Detect periodic (checkerboard) artifacts in PNG images, .npy image batches and .npy volumes.",
    discussion: """
      Each image is reduced to Rec. 601 luminance. For every period s = 2 … --max-period the \
      command measures the phase energy fraction (PEF, `pef` in JSON), the same on a high-passed image \
      (pefHighPass), and how far the DFT's lattice frequencies (a/s, b/s) stand above their \
      neighbourhood (peakDb). A lattice frequency 8 dB or more above its strongest neighbour is \
      an artifact; the period per axis is the smallest lattice holding all such frequencies, \
      and strength is the relative spread of the phase means at that period. Files are \
      processed on all cores; a bad file is reported and skipped, and the exit status is 1 if \
      any file failed; else, with --fail-on artifacts, 3 when a file has an artifact (one stderr \
      line per such file). A float .npy of shape (N, C, H, W), C from 1 to 4, is a batch of images, \
      each examined like a PNG (named FILE[i] when N > 1). A .npy file of shape (D, H, W) or (N, C, D, H, W) is a volume: every line \
      along each axis is summed coherently (plain and with alternating signs), high-passed, and \
      its DFT power at the frequencies b/s is compared with the bins 2 to 6 away; the period is \
      found per axis (z, y, x) with the same 8 dB rule.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
  }

  @Argument(
    help: "PNG files, .npy image batches (N, C, H, W) or .npy volumes to examine.",
    completion: .file(extensions: ["png", "npy"]))
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

  enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case artifacts, never
  }

  @Option(help: "Exit with status 3 when a file has an artifact (artifacts), or never (the default).")
  var failOn: FailOn = .never

  /// The folder for phase-mean heatmaps (`--heatmaps`, or the old `--heatmap`).
  var heatmap: String? { heatmaps ?? oldHeatmap }

  /// The folder for spectra (`--spectra`, or the old `--spectrum`).
  var spectrum: String? { spectra ?? oldSpectrum }

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    if heatmaps != nil, oldHeatmap != nil { throw ValidationError("give --heatmaps DIR once") }
    if spectra != nil, oldSpectrum != nil { throw ValidationError("give --spectra DIR once") }
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    guard !files.isEmpty else { throw ValidationError("give at least one PNG file or .npy volume") }
    let volumes = files.filter(Self.isVolume).count
    if volumes > 0, heatmap != nil || spectrum != nil {
      throw ValidationError(
        "--heatmaps and --spectra draw PNG images; leave them out for .npy files (volumes and image batches)")
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
    /// The images of an `(N, C, H, W)` array, in order.
    case images([Detection])
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
      case .images(let detections):
        for (index, d) in detections.enumerated() {
          order.append((false, good.count))
          good.append((detections.count == 1 ? file : "\(file)[\(index)]", d))
        }
      case .failed(let message):
        failures += 1
        Console.error("checkerscope: error: \(message)")
      case nil:
        failures += 1
        Console.error("checkerscope: error: \(file): not examined")
      }
    }
    if format == .csv, !good.isEmpty, !goodVolumes.isEmpty {
      throw CLIError(
        "CSV rows differ for images and volumes; run images and .npy volumes separately", exitCode: 64)
    }
    let text: String
    switch format {
    case .text:
      text = order.map { entry in
        entry.isVolume
          ? goodVolumes[entry.index].1.text(file: goodVolumes[entry.index].0)
          : good[entry.index].1.text(file: good[entry.index].0)
      }.joined()
    case .csv where good.isEmpty && !goodVolumes.isEmpty:
      text =
        VolumeDetector.Result.csvHeader(maxPeriod: maxPeriod)
        + goodVolumes.map { $0.1.csvRow(file: $0.0, maxPeriod: maxPeriod) }.joined()
    case .csv:
      text = Detection.csvHeader(maxPeriod: maxPeriod) + good.map { $0.1.csvRow(file: $0.0) }.joined()
    case .json:
      let values = order.map { entry in
        entry.isVolume
          ? goodVolumes[entry.index].1.json(file: goodVolumes[entry.index].0)
          : good[entry.index].1.json(file: good[entry.index].0)
      }
      let value = files.count == 1 && values.count == 1 ? values[0] : JSONValue.array(values)
      text = try ResultJSON.text(value, source: files.count == 1 ? files[0] : "\(files.count) files")
    }
    try ResultOutput.write(text, to: output)
    if failures > 0 { throw ExitCode(1) }
    if failOn == .artifacts {
      let lines: [String] = order.compactMap { entry in
        let (file, artifact, period) =
          entry.isVolume
          ? (
            goodVolumes[entry.index].0, goodVolumes[entry.index].1.artifact, goodVolumes[entry.index].1.period
          )
          : (good[entry.index].0, good[entry.index].1.artifact, good[entry.index].1.period)
        return artifact ? Self.gateLine(file: file, period: period) : nil
      }
      if !lines.isEmpty { throw GateTripped(lines: lines) }
    }
  }

  /// Reads, examines and (if asked) draws one file; never throws.
  static func examine(
    _ file: String, detector: ArtifactDetector, heatmap: String?, spectrum: String?,
    figures: FigureFormat = .png
  ) -> Outcome {
    if isVolume(file) { return examineVolume(file, maxPeriod: detector.maxPeriod) }
    do {
      let png = try PNGInput.read(file, options: PNGReadOptions(readText: false))
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
          try DetectionFigure.phaseMeans(of: detection, name: stem(file)),
          to: outputPath(heatmap, file, "phase-means", figures), scale: 1, text: software)
      }
      if let spectrum {
        try FigureOutput.write(
          try DetectionFigure.spectrum(
            of: PowerSpectrum.pictureCrop(image, period: detection.period), name: stem(file)),
          to: outputPath(spectrum, file, "spectrum", figures), scale: 1, text: software)
      }
      return .detected(detection)
    } catch let error as PNGIOError {
      return .failed(error.description)
    } catch {
      return .failed("\(file): \(error)")
    }
  }

  /// The bytes examining `file` needs, from its header or size (`ArtifactDetector.bytesNeeded`,
  /// `VolumeDetector.bytesNeeded`). Nil when the header cannot be read (`examine` reports it).
  static func memoryNeeded(_ file: String) -> Int? {
    if isVolume(file) {
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
        let size = (attributes[.size] as? NSNumber)?.intValue
      else { return nil }
      return VolumeDetector.bytesNeeded(fileBytes: size)
    }
    guard let info = try? PNGInfo.read(from: file) else { return nil }
    return ArtifactDetector.bytesNeeded(
      width: info.width, height: info.height, channels: info.channels,
      bytesPerSample: info.decodedBitDepth > 8 ? 2 : 1)
  }

  /// The gate's line for a file with an artifact: `FILE: artifact, period 2x2`.
  static func gateLine(file: String, period: [Int]?) -> String {
    "\(file): artifact" + (period.map { ", period " + $0.map(String.init).joined(separator: "x") } ?? "")
  }

  static func stem(_ file: String) -> String {
    URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
  }

  static func outputPath(_ dir: String, _ file: String, _ suffix: String, _ format: FigureFormat) -> String {
    URL(fileURLWithPath: dir).appendingPathComponent("\(stem(file))-\(suffix).\(format.fileExtension)").path
  }
}
