import OverlapAnalysis

// Temporary until the gradient/remedy maps and ArtifactDetection land on main.
extension MapSections {
  static func gradient(_ request: GradientRequest, into builder: inout ReportBuilder) throws {
    throw OverlapError.invalidArgument("gradient sections are not available yet")
  }
}

enum RemediesSection {
  static func run(_ request: RemediesRequest, into builder: inout ReportBuilder) throws {
    throw OverlapError.invalidArgument("remedies sections are not available yet")
  }
}

enum DetectionSection {
  static func run(_ request: DetectionRequest, spec: StudySpec, into builder: inout ReportBuilder) throws {
    throw OverlapError.invalidArgument("detection sections are not available yet")
  }
}
