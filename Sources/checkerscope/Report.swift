import ArgumentParser
import Foundation
import Rendering
import Reporting

/// `checkerscope report`: runs a study and writes its Markdown report with figures and data.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Write a Markdown study report with figures and data (the default study reproduces the Distill article).",
    discussion: """
      Without SPEC, runs the built-in study "Reproducing Deconvolution and Checkerboard Artifacts" \
      into Reports/distill-reproduction (run it from the repository root: it reads \
      Fixtures/images/chelsea.png). With SPEC, a JSON study (format and a full example in \
      Fixtures/studies/README.md) is written to --output, else to the spec's "output" field, else \
      to Reports/<spec name>. The folder gets README.md, images/*.png (drawn figures as .svg with \
      --figures svg), data/*.json|csv and the \
      marker .checkerscope-report listing them; it is built beside the destination and swapped \
      into place, so a failed run leaves the previous report intact. A folder that is not such a \
      report (or holds other files too) is refused unless --force, which writes the report into \
      it and still removes only files the previous report listed. The same spec gives \
      byte-identical files.
      """)

  @Argument(
    help: ArgumentHelp("A study spec (JSON); omit it for the built-in study.", valueName: "SPEC"),
    completion: .file(extensions: ["json"]))
  var spec: String?

  @Option(
    name: [.short, .long], help: ArgumentHelp("The report folder to write.", valueName: "DIR"),
    completion: .directory)
  var output: String?

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @Flag(help: "Write into a folder that holds other files; only files of the previous report are removed.")
  var force = false

  func validate() throws {
    if output == OutputKind.standardStream {
      throw ValidationError("report writes a folder (README.md, images, data); give its path, not -")
    }
  }

  @Option(
    help: ArgumentHelp(
      "Write the drawn figures as png (default) or svg; overrides the spec's \"figures\" field.",
      valueName: "png|svg"))
  var figures: FigureFormat?

  @OptionGroup var resources: ResourceOptions

  func run() throws {
    let study =
      try spec.map { path throws(ReportError) in try StudySpec.read(from: path) } ?? DistillStudy.spec
    let destination = output ?? study.output ?? Self.defaultOutput(spec: spec)
    guard !destination.isEmpty else { throw ValidationError("--output must not be empty") }
    try ReportOutput.checkDestination(destination, force: force)
    var command = "swift run -c release checkerscope report"
    if let spec { command += " " + Self.shellWord(spec.hasPrefix("/") ? Self.fileName(spec) : spec) }
    if let figures { command += " --figures \(figures.rawValue)" }
    var runner = StudyRunner(version: Checkerscope.version, command: command)
    runner.figureFormat = figures
    runner.budget = resources.budget
    let files: ReportOutput
    do {
      files = try runner.run(study)
    } catch {
      guard spec == nil, case .missingFile(_, _, let file, _) = error else { throw error }
      throw CLIError(
        path: file,
        "not found; the built-in study reads the sample photographs in Fixtures/images, so run it from the repository root"
      )
    }
    try files.commit(to: destination, force: force)
    let images = files.files.keys.filter { $0.hasPrefix("images/") }.count
    try Console.status(
      "\(destination)/README.md: \(study.sections.count) sections, \(images) images, \(files.files.count) files",
      quiet: quiet)
  }

  /// `Reports/<spec file name without .json>`.
  static func defaultOutput(spec: String?) -> String {
    guard let spec else { return "Reports/distill-reproduction" }
    var name = fileName(spec)
    if name.hasSuffix(".json") { name = String(name.dropLast(5)) }
    return "Reports/" + name
  }

  static func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// The word quoted for a POSIX shell when it holds anything but safe characters.
  static func shellWord(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:+,")
    if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
