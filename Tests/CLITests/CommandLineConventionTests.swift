import CheckerscopeCore
import Foundation
import TestSupport
import Testing

/// The command-line convention of issue 26, run on the built binary: unknown subcommands, usage
/// errors for impossible values, one wording for path errors, model files told by content.
@Suite struct CommandLineConventionTests {
  func model(_ name: String) -> String { FixturePaths.url("models/\(name)").path }

  @Test(
    "an unknown subcommand is a usage error, with the closest name",
    arguments: [
      ["overlapp"], ["help", "overlapp"], ["overlapp", "--help"], ["nosuch", "--help"], ["help", "nosuch"],
    ])
  func unknownSubcommand(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments)")
    #expect(result.stdout.isEmpty)
    let word = arguments.first { $0 != "help" && !$0.hasPrefix("-") } ?? ""
    #expect(result.stderr.contains("Unknown subcommand '\(word)'"))
    #expect(result.stderr.contains("Did you mean 'overlap'?") == (word == "overlapp"))
  }

  @Test("help for a real subcommand still works")
  func helpForASubcommand() throws {
    let result = try ToolRunner.run(["help", "overlap"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("USAGE: checkerscope overlap"))
  }

  @Test(
    "values no layer can have exit 64",
    arguments: [
      ["overlap", "--kernel", "0", "--input-size", "4"],
      ["overlap", "--kernel", "3", "--stride", "0", "--input-size", "4"],
      ["overlap", "--kernel", "3", "--input-size", "0"],
      ["overlap", "--kernel", "3", "--stride", "2", "--output-padding", "2", "--input-size", "4"],
      ["overlap", "--kernel", "3", "--padding", "5", "--input-size", "1"],
      ["overlap", "--layer", "k=0,s=2", "--input-size", "4"],
      ["deconv", "--input", "no-such.npy", "--kernel-spec", "ones:3", "--dilation", "0", "-o", "y.npy"],
    ])
  func invalidValues(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.contains("no-such.npy"), "values are checked before files")
  }

  @Test("a folder or a missing file is named the same way by every command")
  func pathWords() throws {
    let folder = try FixturePaths.temporaryDirectory("path-words")
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("missing.json").path
    for arguments in [
      ["render", folder.path, "-o", "x.png"], ["info", folder.path], ["audit", folder.path],
      ["probe", folder.path], ["detect", folder.path],
    ] {
      let result = try ToolRunner.run(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(
        result.stderr.contains("\(folder.path): is a folder, not a file"), "\(arguments): \(result.stderr)")
    }
    for arguments in [["render", missing, "-o", "x.png"], ["audit", missing], ["info", missing]] {
      let result = try ToolRunner.run(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(
        result.stderr.contains("\(missing): no such file; check the path"), "\(arguments): \(result.stderr)")
    }
    let output = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "-o", folder.path,
    ])
    #expect(output.status == 64)
    #expect(output.stderr.contains("'\(folder.path)': is a folder, not a file; give a file name"))
  }

  @Test("PEF has one name in the help texts")
  func pefName() throws {
    for command in ["audit", "detect"] {
      let help = try ToolRunner.run([command, "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
        .split(separator: " ").joined(separator: " ")
      #expect(help.contains("phase energy fraction"), "\(command)")
      #expect(!help.contains("periodic-energy"), "\(command)")
    }
  }

  @Test("a safetensors file is recognised by its content, whatever its name")
  func safetensorsByContent() throws {
    let folder = try FixturePaths.temporaryDirectory("by-content")
    defer { try? FileManager.default.removeItem(at: folder) }
    let renamed = folder.appendingPathComponent("weights.onnx").path
    try FileManager.default.copyItem(atPath: model("dcgan.safetensors"), toPath: renamed)
    for path in [model("dcgan.safetensors"), renamed] {
      let listed = try ToolRunner.run(["audit", path])
      #expect(listed.status == 64)
      #expect(!listed.stderr.contains("not an ONNX model"))
      // The candidates: every rank-4 tensor of the state dict with its shape (from its header).
      for line in ["main.0.weight  8×16×4×4", "main.3.weight  16×8×4×4", "main.6.weight  8×3×4×4"] {
        #expect(listed.stderr.contains(line), "\(listed.stderr)")
      }
      let audited = try ToolRunner.run(["audit", path, "--layer", "main.3.weight:k=4,s=2,p=1"])
      #expect(audited.status == 0, "\(audited.stderr)")
      #expect(audited.stdout.contains("module: main.3 (ConvTranspose2d)"))
    }
    let flag = try ToolRunner.run(["audit", "--safetensors", model("dcgan.safetensors")])
    #expect(flag.status == 64)
    #expect(flag.stderr.contains("main.6.weight  8×3×4×4"))
    let probe = try ToolRunner.run(["probe", renamed])
    #expect(probe.status == 1)
    #expect(probe.stderr.contains("safetensors state dict"))
  }

  @Test("audit and probe write svg figures, numbered alike")
  func svgFigures() throws {
    let folder = try FixturePaths.temporaryDirectory("svg-figures")
    defer { try? FileManager.default.removeItem(at: folder) }
    let audit = try ToolRunner.run([
      "audit", model("pytorch/tiny_legacy.onnx"), "--heatmaps", folder.appendingPathComponent("a").path,
      "--figures", "svg", "-q",
    ])
    #expect(audit.status == 0, "\(audit.stderr)")
    let auditFiles = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("a").path)
    #expect(
      Set(auditFiles).isSuperset(of: [
        "01-_up_ConvTranspose-gain.svg", "02-_net_net.4_ConvTranspose-gain.svg",
      ]))
    let probe = try ToolRunner.run([
      "probe", model("probe/trained_ae_convt.onnx"), "--heatmaps", folder.appendingPathComponent("p").path,
      "--figures", "svg", "-q",
    ])
    #expect(probe.status == 0, "\(probe.stderr)")
    let probeFiles = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("p").path)
    #expect(!probeFiles.isEmpty && probeFiles.allSatisfy { $0.hasSuffix(".svg") })
    #expect(probeFiles.contains { $0.hasPrefix("01-") })
  }

  @Test("the gain figure of a k=3 s=2 p=1 op=1 layer states its real parameters, module and channel")
  func gainFigureTitle() throws {
    let folder = try FixturePaths.temporaryDirectory("gain-title")
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = try ToolRunner.run(["audit", model("pytorch/tiny_legacy.onnx")]).stdout
    // The channel the audit names for `up` (its worst channel).
    let weights = try #require(text.split(separator: "\n").first { $0.contains("weights: PEF max") })
    let channel = try #require(weights.split(separator: "(channel ").last?.prefix { $0.isNumber })
    let run = try ToolRunner.run([
      "audit", model("pytorch/tiny_legacy.onnx"), "--heatmaps", folder.path, "--figures", "svg", "-q",
    ])
    #expect(run.status == 0)
    let svg = try String(
      contentsOf: folder.appendingPathComponent("01-_up_ConvTranspose-gain.svg"), encoding: .utf8)
    #expect(svg.contains("up (ConvTranspose2d)"))
    #expect(svg.contains("channel \(channel)"))
    #expect(svg.contains("k=3 s=2 p=1 op=1"))
    #expect(!svg.contains("k=2x2"))
    // The colour bar runs from −m to m: its first and last tick labels are opposite.
    let labels = svg.components(separatedBy: ">").compactMap { part -> Double? in
      guard let end = part.firstIndex(of: "<") else { return nil }
      return Double(part[..<end])
    }
    let bar = labels.suffix(5)
    #expect(bar.first.map { -$0 } == bar.last, "\(bar)")
  }
}
