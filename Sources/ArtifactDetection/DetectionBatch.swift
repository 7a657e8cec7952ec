import CheckerscopeCore

/// The results of `detect` on many files, in the order the files were given: images (a PNG, or
/// each image of an `(N, C, H, W)` array), volumes, and the files that failed; with the one text,
/// CSV and JSON form of the whole batch and the gate's lines.
public struct DetectionBatch: Sendable {
  /// What happened to one file.
  public enum Outcome: Sendable {
    /// One image (a PNG).
    case detected(Detection)
    /// A volume.
    case volume(VolumeDetector.Result)
    /// The images of an `(N, C, H, W)` array, in order.
    case images([Detection])
    /// The file could not be examined; the message names it.
    case failed(String)
  }

  /// One examined image or volume, named by its file (`FILE[i]` for the images of an array that
  /// holds more than one).
  public enum Entry: Sendable {
    case image(file: String, Detection)
    case volume(file: String, VolumeDetector.Result)

    /// The name the entry's rows carry.
    public var file: String {
      switch self {
      case .image(let file, _), .volume(let file, _): return file
      }
    }

    /// Whether an artifact was found.
    public var artifact: Bool {
      switch self {
      case .image(_, let d): return d.artifact
      case .volume(_, let r): return r.artifact
      }
    }

    /// The period per axis, when one was found.
    public var period: [Int]? {
      switch self {
      case .image(_, let d): return d.period
      case .volume(_, let r): return r.period
      }
    }
  }

  /// The examined images and volumes, in file order.
  public private(set) var entries: [Entry] = []
  /// One message per file that failed (`FILE: not examined` for a file without an outcome).
  public private(set) var failures: [String] = []

  /// Collects `outcomes[i]`, the outcome of `files[i]` (nil: not examined).
  public init(files: [String], outcomes: [Outcome?]) {
    for (file, outcome) in zip(files, outcomes) {
      switch outcome {
      case .detected(let d): entries.append(.image(file: file, d))
      case .volume(let r): entries.append(.volume(file: file, r))
      case .images(let detections):
        for (index, d) in detections.enumerated() {
          entries.append(.image(file: detections.count == 1 ? file : "\(file)[\(index)]", d))
        }
      case .failed(let message): failures.append(message)
      case nil: failures.append("\(file): not examined")
      }
    }
  }

  /// Whether the batch holds both images and volumes, whose CSV rows differ.
  public var mixesImagesAndVolumes: Bool {
    let volumes = entries.filter { if case .volume = $0 { return true } else { return false } }.count
    return volumes > 0 && volumes < entries.count
  }

  /// Each entry's text block, in order.
  public var text: String {
    entries.map { entry in
      switch entry {
      case .image(let file, let d): return d.text(file: file)
      case .volume(let file, let r): return r.text(file: file)
      }
    }.joined()
  }

  /// The CSV table: the volumes' when the batch holds only volumes, else the images' (volumes
  /// left out; check `mixesImagesAndVolumes` first).
  public func csv(maxPeriod: Int) -> String {
    var images: [String] = []
    var volumes: [String] = []
    for entry in entries {
      switch entry {
      case .image(let file, let d): images.append(d.csvRow(file: file))
      case .volume(let file, let r): volumes.append(r.csvRow(file: file, maxPeriod: maxPeriod))
      }
    }
    if images.isEmpty && !volumes.isEmpty {
      return VolumeDetector.Result.csvHeader(maxPeriod: maxPeriod) + volumes.joined()
    }
    return Detection.csvHeader(maxPeriod: maxPeriod) + images.joined()
  }

  /// Each entry's JSON object, in order.
  public var json: [JSONValue] {
    entries.map { entry in
      switch entry {
      case .image(let file, let d): return d.json(file: file)
      case .volume(let file, let r): return r.json(file: file)
      }
    }
  }

  /// The gate's line for each entry with an artifact: `FILE: artifact, period 2x2`.
  public var artifactLines: [String] {
    entries.filter(\.artifact).map { entry in
      "\(entry.file): artifact"
        + (entry.period.map { ", period " + $0.map(String.init).joined(separator: "x") } ?? "")
    }
  }
}
