import ArtifactDetection
import CheckerscopeCore
import Foundation
import TestSupport
import Testing

/// `VolumeDetector` on synthetic volumes whose periods are known by construction: seeded noise
/// plus smooth content, with and without a small periodic pattern.
@Suite struct VolumeDetectorTests {
  /// `D × H × W` values: smooth waves + uniform noise of amplitude `noise` + `amplitude·pattern`.
  static func volume(
    _ shape: [Int], seed: UInt64, noise: Double = 0.2, amplitude: Double = 0,
    pattern: (Int, Int, Int) -> Double = { _, _, _ in 0 }
  ) -> GreyVolume {
    var rng = SplitMix64(seed: seed)
    var values: [Float] = []
    for z in 0..<shape[0] {
      for y in 0..<shape[1] {
        for x in 0..<shape[2] {
          let smooth = sin(Double(z) / 7) + cos(Double(y) / 5 + Double(x) / 9)
          let v = smooth + noise * (2 * rng.unit() - 1) + amplitude * pattern(z, y, x)
          values.append(Float(v))
        }
      }
    }
    return GreyVolume(shape: shape, values: values)
  }

  /// A k=3, s=2 transposed convolution's interior on z and y (counts 2, 1) times a period-3
  /// profile on x: the separable pattern of a 3D decoder, with known periods 2, 2, 3.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func separablePatternHasItsPeriodPerAxis(seed: UInt64) throws {
    let counts: [Double] = [2, 1]
    let profile: [Double] = [1, 1, 0.5]
    let volume = Self.volume(
      [32, 40, 48], seed: seed, amplitude: 0.05,
      pattern: { z, y, x in counts[z % 2] * counts[y % 2] * profile[x % 3] })
    let result = try VolumeDetector().detect(volume)
    #expect(result.artifact)
    #expect(result.period == [2, 2, 3])
    #expect(result.axes[0].scores.first { $0.period == 2 }.map { $0.peakDb >= 8 } == true)
  }

  @Test func checkerboardIsPeriodTwoOnEveryAxis() throws {
    let volume = Self.volume([30, 30, 30], seed: 7, amplitude: 0.05) { z, y, x in
      (z + y + x) % 2 == 0 ? 1 : -1
    }
    #expect(try VolumeDetector().detect(volume).period == [2, 2, 2])
  }

  @Test func stripesAlongOneAxisLeaveTheOthersWithout() throws {
    let volume = Self.volume([40, 40, 40], seed: 8, amplitude: 0.05) { _, y, _ in y % 4 == 0 ? 1 : 0 }
    let result = try VolumeDetector().detect(volume)
    #expect(result.axes.map(\.period) == [nil, 4, nil])
    #expect(result.period == [1, 4, 1])
  }

  @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
  func cleanVolumeHasNoArtifact(seed: UInt64) throws {
    let result = try VolumeDetector().detect(Self.volume([40, 40, 40], seed: seed))
    #expect(!result.artifact)
    #expect(result.period == nil)
    #expect(result.axes.allSatisfy { $0.period == nil && $0.scores.map(\.period) == [2, 3, 4] })
  }

  @Test func stackedVolumesArePooled() throws {
    // Two volumes: the pattern in both, (N·C = 2).
    let one = Self.volume([24, 24, 24], seed: 21, amplitude: 0.1) { z, _, _ in z % 2 == 0 ? 1 : 0 }
    let two = Self.volume([24, 24, 24], seed: 22, amplitude: 0.1) { z, _, _ in z % 2 == 0 ? 1 : 0 }
    let stacked = GreyVolume(shape: [24, 24, 24], count: 2, values: one.values + two.values)
    #expect(try VolumeDetector().detect(stacked).axes[0].period == 2)
  }

  @Test func periodicEnergyOfATiledVolumeIsOne() throws {
    // No noise, no smooth part: every line along x repeats 1, 0 exactly.
    let values = (0..<(24 * 24 * 24)).map { Float($0 % 2) }
    let result = try VolumeDetector().detect(GreyVolume(shape: [24, 24, 24], values: values))
    #expect(result.axes[2].scores.first.map { abs($0.pef - 1) < 1e-12 } == true)
  }

  @Test func tooSmallVolumesAreRefused() {
    #expect(throws: ArtifactDetectionError.volumeTooSmall(shape: [4, 5, 6], minimumLength: 21)) {
      try VolumeDetector().detect(GreyVolume(shape: [4, 5, 6], values: [Float](repeating: 0, count: 120)))
    }
    #expect(throws: ArtifactDetectionError.invalidMaxPeriod(1)) {
      try VolumeDetector(maxPeriod: 1).detect(GreyVolume(shape: [1, 1, 1], values: [0]))
    }
  }
}
