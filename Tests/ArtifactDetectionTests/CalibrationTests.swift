import ArtifactDetection
import Foundation
import TestSupport
import Testing

/// The accuracy targets of issue 8 on the labelled calibration set (`CalibrationSet`).
/// Slow (hundreds of 256 × 256 images in a debug build): runs with `CHECKERSCOPE_SLOW_TESTS=1`.
@Suite(.tags(.slow), .onlyWithSlowTests) struct CalibrationTests {
  struct Outcome: Sendable {
    var item: CalibrationImage
    var detection: Detection
  }

  static func run() async throws -> [Outcome] {
    let items = try CalibrationSet.build(photographs: Photographs.load())
    let detector = ArtifactDetector()
    return try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
      for (index, item) in items.enumerated() {
        group.addTask { (index, Outcome(item: item, detection: try detector.detect(item.image))) }
      }
      var results: [(Int, Outcome)] = []
      for try await r in group { results.append(r) }
      return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  @Test func detectionAndFalsePositiveRatesMeetTheTargets() async throws {
    let outcomes = try await Self.run()
    let artifacts = outcomes.filter { $0.item.period != nil }
    let clean = outcomes.filter { $0.item.period == nil }
    try #require(artifacts.count >= 100 && clean.count >= 50)
    let hits = artifacts.filter { $0.detection.artifact && $0.detection.period == $0.item.period }
    let falsePositives = clean.filter(\.detection.artifact)
    let detectionRate = Double(hits.count) / Double(artifacts.count)
    let falsePositiveRate = Double(falsePositives.count) / Double(clean.count)
    print(
      "calibration: \(hits.count)/\(artifacts.count) artifacts with the right period, \(falsePositives.count)/\(clean.count) false positives"
    )
    let cleanTop = clean.compactMap { $0.detection.scores.map(\.peakDb).max() }.max() ?? 0
    print("calibration: strongest lattice peak on a clean image \(cleanTop) dB")
    for o in artifacts where !(o.detection.artifact && o.detection.period == o.item.period) {
      print(
        "  missed: \(o.item.name) → \(o.detection.period.map { "\($0)" } ?? "none"), top \(o.detection.scores.map(\.peakDb).max() ?? 0) dB"
      )
    }
    for o in falsePositives {
      print("  false positive: \(o.item.name) → \(o.detection.period.map { "\($0)" } ?? "none")")
    }
    #expect(detectionRate >= 0.95)
    #expect(falsePositiveRate <= 0.05)
    // Strength estimates the gain modulation: report the median relative error.
    let errors = hits.map { abs($0.detection.strength - $0.item.modulation) / $0.item.modulation }.sorted()
    let median = errors[errors.count / 2]
    print("strength: median relative error \(median) against the true modulation")
    #expect(median < 0.5)
  }
}
