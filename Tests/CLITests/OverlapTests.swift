import Foundation
import NPYIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope overlap`: formats, the exact JSON shape, and errors.
@Suite struct OverlapTests {
  @Test func articleFigureAsJSON() throws {
    let result = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4x6", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let row1 = "[1,1,2,1,2,1,2,1,2,1,2,1,1]"
    let row2 = "[2,2,4,2,4,2,4,2,4,2,4,2,2]"
    let rows = [row1, row1, row2, row1, row2, row1, row2, row1, row1].joined(separator: ",")
    let expectedStart =
      #"{"dims":2,"layers":[{"kernel":[3,3],"stride":[2,2],"padding":[[0,0],[0,0]],"outputPadding":[0,0],"dilation":[1,1]}],"inputSize":[4,6],"outputSize":[9,13],"values":["#
      + rows + "],"
    #expect(result.stdout.hasPrefix(expectedStart))
    // The interior set of F3: tile [[4,2],[2,1]], mean 2.25, max/min 4, period 2x2.
    #expect(
      result.stdout.hasSuffix(
        #","interior":{"min":1,"max":4,"mean":2.25,"std":1.0897247358851685,"cv":0.48432210483785265,"maxMinRatio":4.0,"zeroFraction":0.0,"period":[2,2],"uniform":false}}"#
          + "\n"))
    #expect(result.stdout.contains(#""full":{"min":1,"max":4,"#))
  }

  @Test func oneDimensionalJSONHasFlatValuesAndOneElementArrays() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "3", "--stride", "2", "--padding", "1", "--output-padding", "1",
      "--input-size", "4", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.hasPrefix(
        #"{"dims":1,"layers":[{"kernel":[3],"stride":[2],"padding":[[1,1]],"outputPadding":[1],"dilation":[1]}],"inputSize":[4],"outputSize":[8],"values":[1,2,1,2,1,2,1,1],"full":{"#
      ))
  }

  @Test func stackOfLayers() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--layer", "k=3,s=2", "--layer", "k=3,s=2", "--input-size", "5", "--format",
      "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "1,1,2,1,3,2,3,1,3,2,3,1,3,2,3,1,3,2,3,1,2,1,1\n")
  }

  @Test func csvHasOneLinePerRow() throws {
    let result = try ToolRunner.run([
      "overlap", "--kernel", "2x3", "--stride", "1x2", "--input-size", "2", "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Rows: counts of k=2,s=1,n=2 → 1,2,1; columns: k=3,s=2,n=2 → 1,1,2,1,1.
    #expect(result.stdout == "1,1,2,1,1\n2,2,4,2,2\n1,1,2,1,1\n")
  }

  @Test func textShowsTableAndMetrics() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "3", "--stride", "2", "--input-size", "8",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\n1 1 2 1 2 1 2 1 2 1 2 1 2 1 2 1 1\n"))
    #expect(result.stdout.contains("interior: min 1  max 2  mean 1.5  std 0.5  cv 0.333333  max/min 2"))
  }

  @Test func kernelSpecGivesGains() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel-spec", "bilinear:4", "--stride", "2", "--input-size", "4",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Bilinear k=4 taps 0.25, 0.75, 0.75, 0.25: polyphase sums 1 and 1, a flat interior.
    #expect(result.stdout.contains(#""values":[0.25,0.75,1.0,1.0,1.0,1.0,1.0,1.0,0.75,0.25]"#))
    #expect(result.stdout.contains(#""interior":{"min":1.0,"max":1.0,"#))
  }

  @Test func outputPaddingRuleIsPyTorchs() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "3", "--stride", "1", "--output-padding", "1", "--input-size",
      "4",
    ])
    // A usage error (exit 64) in PyTorch's words.
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: output padding must be smaller than either stride or dilation"))
  }

  @Test(arguments: [
    ["overlap", "--dims", "1", "--kernel", "3x5", "--stride", "2", "--input-size", "4"],
    ["overlap", "--dims", "4", "--kernel", "3", "--input-size", "4"],
    ["overlap", "--kernel", "3", "--padding", "1", "--padding-begin", "1", "--input-size", "4"],
    ["overlap", "--layer", "k=3,s=2", "--kernel", "3", "--input-size", "4"],
    ["overlap", "--stride", "2", "--input-size", "4"],
    ["overlap", "--kernel", "3", "--input-size", "4", "--format", "xml"],
    ["overlap", "--kernel", "3"],
  ])
  func usageErrorsExit64(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  /// Values no layer can have are usage errors that keep the reason (README: "exit 64 for bad arguments").
  @Test(arguments: [
    (["overlap", "--kernel", "0", "--input-size", "4"], "kernel size must be at least 1"),
    (["overlap", "--kernel", "3", "--stride", "0", "--input-size", "4"], "stride must be at least 1"),
    (["overlap", "--kernel", "3", "--padding", "5", "--input-size", "2"], "too small"),
    (["overlap", "--kernel", "3", "--input-size", "0"], "input size must be at least 1"),
    (["overlap", "--dims", "1", "--layer", "k=3,s=2,op=2", "--input-size", "4"], "output padding"),
    (["overlap", "--dims", "1", "--layer", "k=3,q=2", "--input-size", "4"], "--layer 'k=3,q=2'"),
  ])
  func impossibleValuesExit64(arguments: [String], message: String) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains(message), "\(result.stderr)")
  }

  @Test(arguments: [
    ["overlap", "--kernel", "3", "--stride", "1000", "--input-size", "100000"]
  ])
  func badParametersExit1WithOneLine(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 1, "\(arguments): \(result.stderr)")
    #expect(result.stderr.hasPrefix("checkerscope: error: "))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func outputIsDeterministic() throws {
    let arguments = [
      "overlap", "--kernel", "5x3", "--stride", "3x2", "--dilation", "2x1", "--input-size", "7", "--format",
      "json",
    ]
    let a = try ToolRunner.run(arguments)
    let b = try ToolRunner.run(arguments)
    #expect(a.status == 0 && a.stdout == b.stdout)
  }
}

/// `checkerscope overlap --gradient`, `--remedy` and gain maps from kernel specs.
@Suite struct OverlapModesTests {
  @Test func gradientMapOfAStridedConvolution() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "3", "--stride", "2", "--padding", "1", "--input-size", "8",
      "--gradient",
      "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Forward outputs read inputs (−1,0,1), (1,2,3), (3,4,5), (5,6,7).
    #expect(result.stdout == "1,2,1,2,1,2,1,1\n")
  }

  @Test func remedyHasAFlatInterior() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "3", "--stride", "2", "--input-size", "4", "--remedy",
      "resize-nearest",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(#""values":[2,3,3,3,3,3,3,2]"#))
    #expect(
      result.stdout.contains(#""interior":{"min":3,"max":3,"mean":3.0,"std":0.0,"cv":0.0,"maxMinRatio":1.0"#))
  }

  @Test func textReportsThePolyphaseSums() throws {
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "4", "--stride", "2", "--input-size", "6",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("polyphase sums S_r (stride 2): 2 2\n"))
    #expect(result.stdout.contains("zero-order-hold condition: met"))
  }

  @Test(arguments: [
    [
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--gradient", "--remedy",
      "resize-nearest",
    ],
    [
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--gradient", "--output-padding", "1",
    ],
    [
      "overlap", "--kernel", "3", "--stride", "2", "--padding", "1", "--input-size", "8", "--remedy",
      "subpixel-icnr",
    ],
    ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "8", "--remedy", "resize-cubic"],
  ])
  func conflictingModesAreUsageErrors(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
  }

  @Test func gradientWithKernelLargerThanInputFails() throws {
    let result = try ToolRunner.run(["overlap", "--kernel", "5", "--input-size", "3", "--gradient"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("kernel size can't be greater than actual input size"))
  }
}

/// `checkerscope overlap --weight`: gain maps from PyTorch-layout `.npy` weights.
@Suite struct OverlapWeightTests {
  func writeWeight(_ shape: [Int], _ values: [Float]) throws -> (URL, String) {
    let folder = try FixturePaths.temporaryDirectory("overlap-weight")
    let path = folder.appendingPathComponent("w.npy").path
    try NPYArray(shape: shape, float32: values).write(to: path)
    return (folder, path)
  }

  @Test func f18WeightFileShowsTheMissedHold() throws {
    let (folder, path) = try writeWeight([1, 1, 4], [1, 0, 1, 0])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--weight", path, "--stride", "2", "--input-size", "4",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Outputs: i·2 + j for taps j=0 (1) and j=2 (1): 1,0,2,0,2,0,2,0,1,0.
    #expect(result.stdout.contains("\n1 0 2 0 2 0 2 0 1 0\n"))
    #expect(result.stdout.contains("polyphase sums S_r (stride 2): 2 0\n"))
    #expect(result.stdout.contains("zero-order-hold condition: missed by 2 (max − min), 2 of the mean"))
  }

  @Test func outputChannelSumsItsInputChannels() throws {
    // Shape (C_in=2, C_out=2, k=2): channel 1's kernel is w[0,1,:] + w[1,1,:] = [3+7, 4+8] = [10, 12].
    let (folder, path) = try writeWeight([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try ToolRunner.run([
      "overlap", "--dims", "1", "--weight", path, "--channel", "1", "--stride", "2", "--input-size", "2",
      "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "10,12,10,12\n")
  }

  @Test func badWeightFilesNameThePath() throws {
    let (folder, path) = try writeWeight([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
    defer { try? FileManager.default.removeItem(at: folder) }
    let channel = try ToolRunner.run([
      "overlap", "--dims", "1", "--weight", path, "--channel", "5", "--input-size", "2",
    ])
    #expect(channel.status == 1)
    #expect(channel.stderr.hasPrefix("checkerscope: error: \(path): output channel 5 does not exist"))
    let rank = try ToolRunner.run(["overlap", "--weight", path, "--input-size", "2"])
    #expect(rank.status == 1)
    #expect(rank.stderr.contains(path))
    let missing = try ToolRunner.run([
      "overlap", "--weight", folder.appendingPathComponent("nope.npy").path, "--input-size", "2",
    ])
    #expect(missing.status == 1)
    #expect(missing.stderr.split(separator: "\n").count == 1)
  }
}
