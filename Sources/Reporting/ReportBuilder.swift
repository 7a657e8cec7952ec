import CheckerscopeCore
import OverlapAnalysis
import PNGIO
import Rendering

/// Collects a report while its sections run: the Markdown body, the image and data files, and the
/// numbering of sections and their files. Files are named `images/NN-name.png` and
/// `data/NN-name.ext` after the section number `NN`, so names are stable and never collide.
struct ReportBuilder {
  /// The body of the report (sections and the reproduce footer).
  var document = MarkdownDocument()
  /// The files of the report.
  var output = ReportOutput()
  /// The number of the section being built (1-based).
  var section = 0
  /// The tool version, written into PNG metadata.
  let version: String
  /// How drawn figures (maps, charts, grid summaries) are written; photographs are always PNG.
  var figureFormat: FigureFormat = .png
  /// The memory budget of the run (`report --max-memory`): maps, photographs and model runs are
  /// checked against it before allocating.
  var budget = MemoryBudget.default

  init(version: String) {
    self.version = version
  }

  /// The section number as two digits.
  var prefix: String { section < 10 ? "0\(section)" : "\(section)" }

  /// Adds `images/NN-name.png` with the PNG encoding of `image` and returns its relative path.
  mutating func addImage(_ image: PNGImage, name: String, description: String) throws(ReportError) -> String {
    let path = "images/\(prefix)-\(name).png"
    var options = PNGWriteOptions()
    options.text = [
      PNGTextChunk(key: "Software", value: "checkerscope \(version)"),
      PNGTextChunk(key: "Description", value: description),
    ]
    do {
      output.add(path, bytes: try image.encoded(options: options))
    } catch {
      throw .sectionFailed(section: "\(section)", reason: "cannot encode \(path): \(error.description)")
    }
    return path
  }

  /// Adds a numbered figure showing `image`; returns the figure number.
  @discardableResult
  mutating func figure(_ image: PNGImage, name: String, alt: String, caption: String) throws(ReportError)
    -> Int
  {
    let path = try addImage(image, name: name, description: alt)
    return document.figure(path: path, alt: alt, caption: caption)
  }

  /// Adds a numbered drawn figure as `images/NN-name.png` or `.svg` (`figureFormat`), with the
  /// same `Software` and `Description` metadata either way; returns the figure number.
  @discardableResult
  mutating func figure(_ drawing: Figure, name: String, alt: String, caption: String) throws(ReportError)
    -> Int
  {
    let path = "images/\(prefix)-\(name).\(figureFormat.fileExtension)"
    let metadata = [("Software", "checkerscope \(version)"), ("Description", alt)]
    do {
      switch figureFormat {
      case .png:
        let image = try drawing.raster()
        let png = PNGImage(rgb: image)
        var options = PNGWriteOptions()
        options.text = metadata.map { PNGTextChunk(key: $0.0, value: $0.1) }
        output.add(path, bytes: try png.encoded(options: options))
      case .svg:
        output.add(path, text: try drawing.svg(metadata: metadata.map { (key: $0.0, value: $0.1) }))
      }
    } catch {
      throw .sectionFailed(section: "\(section)", reason: "cannot encode \(path): \(error)")
    }
    return document.figure(path: path, alt: alt, caption: caption)
  }

  /// Adds `data/NN-name` with `text`; returns its relative path.
  mutating func addData(_ name: String, text: String) -> String {
    let path = "data/\(prefix)-\(name)"
    output.add(path, text: text.hasSuffix("\n") ? text : text + "\n")
    return path
  }

  /// Adds `data/NN-name.json` with `value` pretty-printed; returns its relative path.
  mutating func addJSON(_ name: String, _ value: JSONValue) throws(ReportError) -> String {
    do {
      return addData(name + ".json", text: try value.encoded(style: .pretty))
    } catch {
      throw .sectionFailed(section: "\(section)", reason: "cannot write \(name).json: \(error.description)")
    }
  }

  /// A line linking data files: `Data: [a.csv](data/…) · [a.json](data/…)`.
  mutating func dataLine(_ paths: [String]) {
    let links = paths.map { "[\($0.split(separator: "/").last.map(String.init) ?? $0)](\($0))" }
    document.paragraph("Data: " + links.joined(separator: " · "))
  }

  /// The section's finding, as its own paragraph.
  mutating func finding(_ sentence: String) {
    document.paragraph("**Finding.** " + sentence)
  }
}
