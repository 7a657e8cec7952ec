import OverlapAnalysis

// Temporary until ArtifactDetection lands on main.
enum DetectionSection {
  static func run(_ request: DetectionRequest, spec: StudySpec, into builder: inout ReportBuilder) throws {
    throw OverlapError.invalidArgument("detection sections are not available yet")
  }
}
