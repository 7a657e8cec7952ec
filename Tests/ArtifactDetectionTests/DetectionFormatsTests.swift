import CheckerscopeCore
import Testing

@testable import ArtifactDetection

/// The text, CSV and JSON forms of detections and volume results, on hand-made values: every
/// expected line is written out here from the documented layout (`%.Nf` numbers, padded columns,
/// RFC 4180 CSV, Swift's shortest round-trip numbers in CSV).
@Suite("Detection as text, CSV and JSON")
struct DetectionFormatsTests {
  /// A 2×2 tile of the image [[1, 3], [1, 3]].
  static let tile = PhaseMeanTile(
    image: GreyImage(width: 2, height: 2, pixels: [1, 3, 1, 3]), periodY: 2, periodX: 2)

  /// A period-2 checker artifact with one score row (period 2) and one for period 3.
  static let artifact = Detection(
    artifact: true, period: [2, 2], strength: 0.5,
    scores: [
      PeriodScore(
        period: 2, pef: 0.25, pefHighPass: 0.5, peakDb: 30, horizontalStripesDb: -1, verticalStripesDb: -2,
        checkerDb: 30),
      PeriodScore(
        period: 3, pef: 0.125, pefHighPass: 0.0625, peakDb: 1.3, horizontalStripesDb: 0.7,
        verticalStripesDb: 1.2, checkerDb: -0.8),
    ],
    peaks: [LatticePeak(period: 2, a: 1, b: 1, power: 100, background: 0.1, peakDb: 30)], tile: tile)

  /// No artifact; the strongest lattice peak (5.26 dB) is at period 3.
  static let clean = Detection(
    artifact: false, period: nil, strength: 0,
    scores: [
      PeriodScore(
        period: 2, pef: 0.001, pefHighPass: 0.002, peakDb: 3.14, horizontalStripesDb: 3.14,
        verticalStripesDb: 0,
        checkerDb: 0),
      PeriodScore(
        period: 3, pef: 0.0005, pefHighPass: 0.0004, peakDb: 5.26, horizontalStripesDb: 0,
        verticalStripesDb: 5.26,
        checkerDb: 1),
    ],
    peaks: [], tile: tile)

  @Test("an artifact: verdict line with the strongest peak, then one padded row per period")
  func artifactText() {
    let expected = """
      a.png: artifact, period 2x2, strength 0.500 (strongest: checker at (1/2, 1/2), 30.0 dB)
        period  pef       pef-hp    peak dB  h-stripes  v-stripes  checker
        2       0.2500    0.5000    30.0     -1.0       -2.0       30.0
        3       0.1250    0.0625    1.3      0.7        1.2        -0.8

      """
    #expect(Self.artifact.text(file: "a.png") == expected)
  }

  @Test("no artifact: the line names the period with the strongest lattice peak")
  func cleanText() {
    let firstLine = Self.clean.text(file: "b.png").split(separator: "\n").first
    #expect(firstLine == "b.png: no artifact (strongest lattice peak 5.3 dB at period 3)")
  }

  @Test("CSV: three columns per period; empty period cells without an artifact; names quoted when needed")
  func csv() {
    #expect(
      Detection.csvHeader(maxPeriod: 3)
        == "file,artifact,period_y,period_x,strength,pef_2,pef_high_pass_2,peak_db_2,pef_3,pef_high_pass_3,peak_db_3\n"
    )
    #expect(
      Self.artifact.csvRow(file: "a,b.png")
        == "\"a,b.png\",true,2,2,0.5,0.25,0.5,30.0,0.125,0.0625,1.3\n")
    #expect(Self.clean.csvRow(file: "c.png") == "c.png,false,,,0.0,0.001,0.002,3.14,0.0005,0.0004,5.26\n")
    #expect(Detection.csvHeader(maxPeriod: 1) == "file,artifact,period_y,period_x,strength\n")
  }

  @Test("JSON: file, artifact, period, strength and the scores, in that order")
  func json() {
    let value = Self.artifact.json(file: "a.png")
    guard case .object(let members) = value else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.0) == ["file", "artifact", "period", "strength", "scores"])
    #expect(value["period"] == .array([.int(2), .int(2)]))
    #expect(value["strength"] == .double(0.5))
    #expect(
      value["scores"]?[1]
        == .object([
          ("period", .int(3)), ("pef", .double(0.125)), ("pefHighPass", .double(0.0625)),
          ("peakDb", .double(1.3)),
        ]))
    #expect(Self.clean.json(file: "c.png")["period"] == .null)
  }

  /// Periods 2 on z and x, none on y; y's only candidate is 2, x also scores period 3.
  static let volume = VolumeDetector.Result(
    artifact: true,
    axes: [
      .init(period: 2, scores: [.init(period: 2, pef: 0.25, peakDb: 30)]),
      .init(period: nil, scores: [.init(period: 2, pef: 0.001, peakDb: 2)]),
      .init(
        period: 2, scores: [.init(period: 2, pef: 0.5, peakDb: 20), .init(period: 3, pef: 0.01, peakDb: 1.5)]),
    ])

  @Test("a volume: period per axis (1 where none), then one row per axis and period")
  func volumeText() {
    let expected = """
      v.npy: artifact, period 2x1x2 (z 2, y none, x 2)
        axis  period  pef       peak dB
        z     2       0.2500    30.0
        y     2       0.0010    2.0
        x     2       0.5000    20.0
        x     3       0.0100    1.5

      """
    #expect(Self.volume.text(file: "v.npy") == expected)
    let none = VolumeDetector.Result(
      artifact: false, axes: [.init(period: nil, scores: [.init(period: 2, pef: 0, peakDb: 4.56)])])
    #expect(none.text(file: "n.npy").hasPrefix("n.npy: no artifact (strongest peak 4.6 dB)\n"))
  }

  @Test("volume CSV: two columns per axis and period, empty where a period does not fit")
  func volumeCSV() {
    #expect(
      VolumeDetector.Result.csvHeader(maxPeriod: 3)
        == "file,artifact,period_z,period_y,period_x,pef_z_2,peak_db_z_2,pef_z_3,peak_db_z_3,pef_y_2,peak_db_y_2,pef_y_3,peak_db_y_3,pef_x_2,peak_db_x_2,pef_x_3,peak_db_x_3\n"
    )
    #expect(
      Self.volume.csvRow(file: "v.npy", maxPeriod: 3)
        == "v.npy,true,2,,2,0.25,30.0,,,0.001,2.0,,,0.5,20.0,0.01,1.5\n")
  }

  @Test("volume JSON: axes named z, y, x with their period (null for none) and scores")
  func volumeJSON() {
    let value = Self.volume.json(file: "v.npy")
    #expect(value["period"] == .array([.int(2), .int(1), .int(2)]))
    #expect(value["axes"]?[1]?["axis"] == .string("y"))
    #expect(value["axes"]?[1]?["period"] == .null)
    #expect(
      value["axes"]?[2]?["scores"]?[1]
        == .object([("period", .int(3)), ("pef", .double(0.01)), ("peakDb", .double(1.5))]))
  }

  @Test("memory: samples and their float copy per sample plus 24 bytes a pixel; 32 bytes per volume byte")
  func memory() {
    // 10 × 20 pixels, 3 channels of 1 byte: 200 · (3 · (1 + 4) + 24) = 200 · 39.
    #expect(ArtifactDetector.bytesNeeded(width: 10, height: 20, channels: 3, bytesPerSample: 1) == 7_800)
    // 16-bit grey: 4 · 4 · (1 · (2 + 4) + 24) = 16 · 30.
    #expect(ArtifactDetector.bytesNeeded(width: 4, height: 4, channels: 1, bytesPerSample: 2) == 480)
    #expect(
      ArtifactDetector.bytesNeeded(width: Int.max, height: 2, channels: 1, bytesPerSample: 1) == Int.max)
    #expect(VolumeDetector.bytesNeeded(fileBytes: 1_000) == 32_000)
    #expect(VolumeDetector.bytesNeeded(fileBytes: Int.max / 2) == Int.max)
  }
}
