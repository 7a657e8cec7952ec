import ArgumentParser
import ArtifactDetection
import CheckerscopeCore
import Foundation
import Rendering

/// `checkerscope detect FILE.png|FILE.npy … [--max-period N] [--format text|json|csv] [-o OUT]
/// [--heatmaps DIR] [--spectra DIR] [--quiet]`: periodic-artifact detection on images and volumes.
struct Detect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "detect",
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
  typealias Outcome = DetectionBatch.Outcome

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
    let (files, heatmap, spectrum, figures) = (self.files, self.heatmap, self.spectrum, self.figures)
    // From the headers, before decoding: the memory each file needs. Files run in parallel only
    // when the largest ones that could run at once fit the budget together.
    let schedule = BudgetedBatch(needs: files.map { Self.memoryNeeded($0) }, budget: resources.budget)
    let outcomes = schedule.run(
      what: "examining the image",
      refused: { index, error in .failed("\(files[index]): \(error.description)") },
      job: { index in
        Self.examine(files[index], detector: detector, heatmap: heatmap, spectrum: spectrum, figures: figures)
      },
      finished: { progress.advance() })
    progress.finish()
    let batch = DetectionBatch(files: files, outcomes: outcomes)
    for message in batch.failures { Console.error("checkerscope: error: \(message)") }
    if format == .csv, batch.mixesImagesAndVolumes {
      throw CLIError(
        "CSV rows differ for images and volumes; run images and .npy volumes separately", exitCode: 64)
    }
    let text: String
    switch format {
    case .text: text = batch.text
    case .csv: text = batch.csv(maxPeriod: maxPeriod)
    case .json:
      let values = batch.json
      let value = files.count == 1 && values.count == 1 ? values[0] : JSONValue.array(values)
      text = try ResultJSON.text(value, source: files.count == 1 ? files[0] : "\(files.count) files")
    }
    try ResultOutput.write(text, to: output)
    if !batch.failures.isEmpty { throw ExitCode(1) }
    if failOn == .artifacts, !batch.artifactLines.isEmpty { throw GateTripped(lines: batch.artifactLines) }
  }
}
