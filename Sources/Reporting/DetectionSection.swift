import ArtifactDetection
import CheckerscopeCore
import OverlapAnalysis
import Rendering

/// The detection section: the artifact detector (`ArtifactDetector`, its fixed rule) on each
/// image, with the verdict, the period, the estimated strength and the strongest lattice peak.
enum DetectionSection {
  static func run(_ request: DetectionRequest, spec: StudySpec, into builder: inout ReportBuilder) throws {
    let detector = ArtifactDetector(maxPeriod: request.maxPeriod)
    var rows: [[String]] = []
    var json: [JSONValue] = []
    var flagged: [String] = []
    for (index, input) in request.images.enumerated() {
      let field = "sections[\(builder.section - 1)].images[\(index)]"
      let tensor = try ImageExperiment.load(input, spec: spec.file, field: field, budget: builder.budget)
      let image = GreyImage(width: tensor.shape[3], height: tensor.shape[2], pixels: tensor.data)
      let detection: Detection
      do {
        detection = try detector.detect(image)
      } catch {
        throw ReportError.invalidField(path: spec.file, field: field, reason: error.description)
      }
      let strongest = detection.scores.max { $0.peakDb < $1.peakDb }
      let period = detection.period.map { $0.map(String.init).joined(separator: "×") } ?? "—"
      rows.append([
        input.label, "\(image.height)×\(image.width)", detection.artifact ? "yes" : "no", period,
        NumberFormat.fixed(detection.strength, 4),
        strongest.map { "\(NumberFormat.fixed($0.peakDb, 1)) at s=\($0.period)" } ?? "—",
      ])
      json.append(
        .object([
          ("image", .string(input.label)), ("artifact", .bool(detection.artifact)),
          ("period", detection.period.map { .array($0.map { .int($0) }) } ?? .null),
          ("strength", .double(detection.strength)),
          (
            "scores",
            .array(
              detection.scores.map {
                .object([
                  ("period", .int($0.period)), ("pef", .double($0.pef)),
                  ("pefHighPass", .double($0.pefHighPass)),
                  ("peakDb", .double($0.peakDb)),
                ])
              })
          ),
        ]))
      if detection.artifact { flagged.append("\(input.label) (period \(period))") }
    }
    builder.document.table(
      header: ["image", "size", "artifact", "period", "strength", "strongest lattice peak (dB)"], rows: rows,
      alignRight: [4, 5])
    builder.dataLine([try builder.addJSON("detection", .array(json))])
    builder.finding(
      flagged.isEmpty
        ? "The detector finds no periodic artifact in any of the \(request.images.count) images (threshold \(NumberFormat.fixed(detector.thresholdDb, 1)) dB)."
        : "The detector flags \(flagged.count) of \(request.images.count) images: \(flagged.joined(separator: ", "))."
    )
  }
}
