import Foundation
import TestSupport
import Testing

/// The command-line conventions of `Docs/CLI-CONVENTIONS.md`, checked on every subcommand's
/// `--help` (so a new or changed command that breaks them fails here) and by running each command.
@Suite struct ConventionsTests {
  /// The subcommands the root `--help` lists, read from its SUBCOMMANDS section.
  static func listedSubcommands() throws -> [String] {
    let help = try ToolRunner.run(["--help"]).stdout
    var names: [String] = []
    var inSection = false
    for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("SUBCOMMANDS:") {
        inSection = true
        continue
      }
      guard inSection else { continue }
      // The section ends at its first blank line; an entry is indented by exactly two spaces,
      // wrapped descriptions by more.
      if line.isEmpty { break }
      guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
      if let name = line.dropFirst(2).split(separator: " ").first,
        name.allSatisfy({ $0.isLowercase || $0 == "-" })
      {
        names.append(String(name))
      }
    }
    return names
  }

  /// The commands that print a result (text, JSON or CSV) and so must offer `--format` and `-o -`.
  static let printing: Set<String> = ["info", "overlap", "grid", "check", "merge", "detect"]

  /// Every command the tool had when the conventions were written; more may follow.
  static let known = [
    "info", "convert", "deconv", "overlap", "render", "grid", "check", "merge", "report", "detect",
  ]

  /// `<name> --help` with runs of white space collapsed, so wrapped help reads as one line.
  static func help(_ name: String) throws -> String {
    let result = try ToolRunner.run([name, "--help"])
    #expect(result.status == 0, "\(name) --help: \(result.stderr)")
    return result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  @Test func theRootHelpListsEveryKnownCommand() throws {
    let listed = try Self.listedSubcommands()
    for name in Self.known { #expect(listed.contains(name), "root --help does not list \(name)") }
  }

  @Test func everySubcommandsHelpFollowsTheConventions() throws {
    let listed = try Self.listedSubcommands()
    #expect(listed.count >= Self.known.count)
    for name in listed {
      let help = try Self.help(name)
      #expect(help.contains("-o, --output <"), "\(name): no -o/--output")
      #expect(help.contains("-q, --quiet"), "\(name): no -q/--quiet")
      let printsResults = help.contains("- is standard output")
      if printsResults || Self.printing.contains(name) {
        #expect(printsResults, "\(name): -o does not take - for standard output")
        #expect(help.contains("--format <format>"), "\(name): prints results but has no --format")
        #expect(
          help.contains("default: the --output extension"), "\(name): --format does not follow -o's extension"
        )
      }
      // --heatmap names one file, --heatmaps a folder.
      for match in Self.optionValues(help, option: "--heatmap") {
        #expect(match.hasPrefix("FILE"), "\(name): --heatmap takes <\(match)>, not a file")
      }
      for match in Self.optionValues(help, option: "--heatmaps") {
        #expect(match == "DIR", "\(name): --heatmaps takes <\(match)>, not a folder")
      }
    }
  }

  /// The value names shown after `option` (e.g. `FILE.png` for `--heatmap <FILE.png>`).
  static func optionValues(_ help: String, option: String) -> [String] {
    var values: [String] = []
    var rest = Substring(help)
    while let range = rest.range(of: option + " <") {
      let after = rest[range.upperBound...]
      if let end = after.firstIndex(of: ">") { values.append(String(after[..<end])) }
      rest = after
    }
    return values
  }

  /// One run per command that writes its primary output with `-o FILE`, from `directory`.
  static func outputRuns(_ directory: URL) throws -> [(name: String, arguments: [String], file: String)] {
    let png = FixturePaths.url("pngsuite/basn0g01.png").path
    let spec = directory.appendingPathComponent("spec.json")
    try Data(#"{"title": "t", "sections": [{"kind": "facts", "title": "f", "facts": ["F1"]}]}"#.utf8).write(
      to: spec)
    let grid = ["grid", "--kernels", "1...3", "--strides", "1...2"]
    return [
      ("info", ["info", png, "-o", "info.json"], "info.json"),
      ("convert", ["convert", png, "-o", "image.npy"], "image.npy"),
      (
        "deconv", ["deconv", "--input", png, "--kernel-spec", "ones:3", "--stride", "2", "-o", "y.png"],
        "y.png"
      ),
      (
        "overlap", ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "-o", "map.json"],
        "map.json"
      ),
      ("render", ["render", "map.json", "-o", "map.png"], "map.png"),
      ("grid", grid + ["-o", "grid.csv"], "grid.csv"),
      ("grid", grid + ["--shard", "1/2", "-o", "s1.json"], "s1.json"),
      ("grid", grid + ["--shard", "2/2", "-o", "s2.json"], "s2.json"),
      ("merge", ["merge", "s1.json", "s2.json", "-o", "all.json"], "all.json"),
      ("check", ["check", "--baseline", "all.json", "-o", "check.txt"], "check.txt"),
      ("report", ["report", spec.path, "-o", "report"], "report/README.md"),
      ("detect", ["detect", "y.png", "-o", "detect.csv"], "detect.csv"),
    ]
  }

  @Test func everyCommandWritesItsOutputWithDashO() throws {
    let dir = try FixturePaths.temporaryDirectory("dash-o")
    defer { try? FileManager.default.removeItem(at: dir) }
    let runs = try Self.outputRuns(dir)
    for name in Self.known { #expect(runs.contains { $0.name == name }, "no -o run for \(name)") }
    for run in runs {
      let result = try ToolRunner.run(run.arguments, in: dir)
      #expect(result.status == 0, "\(run.arguments.joined(separator: " ")): \(result.stderr)")
      let data = FileManager.default.contents(atPath: dir.appendingPathComponent(run.file).path)
      #expect((data?.count ?? 0) > 0, "\(run.name) did not write \(run.file)")
    }
    // The format followed the extension: CSV with a header row, text for .txt.
    let csv = try String(contentsOf: dir.appendingPathComponent("grid.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("dims,kernel,stride,"))
    let detect = try String(contentsOf: dir.appendingPathComponent("detect.csv"), encoding: .utf8)
    #expect(detect.hasPrefix("file,artifact,"))
    let check = try String(contentsOf: dir.appendingPathComponent("check.txt"), encoding: .utf8)
    #expect(check.contains("all 6 configurations"))
    #expect(
      try Self.jsonObject(Data(contentsOf: dir.appendingPathComponent("info.json")))?["width"] as? Int == 32)
  }

  static func jsonObject(_ data: Data) throws -> [String: Any]? {
    try JSONSerialization.jsonObject(with: data) as? [String: Any]
  }

  @Test func dashWritesTheResultToStandardOutputAndNoFile() throws {
    let dir = try FixturePaths.temporaryDirectory("dash-stdout")
    defer { try? FileManager.default.removeItem(at: dir) }
    let png = FixturePaths.url("pngsuite/basn0g01.png").path
    let shard = try ToolRunner.run(
      ["grid", "--kernels", "1...3", "--strides", "2", "--shard", "1/1", "-o", "one.json"], in: dir)
    #expect(shard.status == 0, "\(shard.stderr)")
    let runs: [(String, [String])] = [
      ("info", ["info", png, "--format", "json", "-o", "-"]),
      (
        "overlap",
        ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "--format", "json", "-o", "-"]
      ),
      ("grid", ["grid", "--kernels", "1...3", "--strides", "2", "-o", "-"]),
      ("merge", ["merge", "one.json", "-o", "-"]),
      ("check", ["check", "--baseline", "one.json", "--format", "json", "-o", "-"]),
      ("detect", ["detect", png, "--max-period", "3", "--format", "json", "-o", "-"]),
    ]
    #expect(Set(runs.map(\.0)) == Self.printing)
    for (name, arguments) in runs {
      let result = try ToolRunner.run(arguments, in: dir)
      #expect(result.status == 0, "\(name): \(result.stderr)")
      // Standard output holds the result alone (no status line), as parseable JSON.
      #expect(
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil,
        "\(name) -o - did not print JSON: \(result.stdout.prefix(200))")
      #expect(
        !FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path),
        "\(name) wrote a file '-'")
    }
  }

  @Test func dashReadsStandardInputForMapsBaselinesAndImages() throws {
    let dir = try FixturePaths.temporaryDirectory("dash-stdin")
    defer { try? FileManager.default.removeItem(at: dir) }
    let map = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4x6", "--format", "json",
    ])
    #expect(map.status == 0)
    let rendered = try ToolRunner.run(
      ["render", "-", "-o", "map.png"], in: dir, input: Data(map.stdout.utf8))
    #expect(rendered.status == 0, "\(rendered.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("map.png").path))

    let baseline = try Data(contentsOf: FixturePaths.url("baselines/grid1d-k16-s8.json"))
    let checked = try ToolRunner.run(["check", "--baseline", "-", "-q"], input: baseline)
    #expect(checked.status == 0, "\(checked.stderr)")
    #expect(checked.stdout.hasPrefix("standard input: all 128 configurations"))
    #expect(try ToolRunner.run(["check", "--baseline", "-", "--update"], input: baseline).status == 64)

    let png = try Data(contentsOf: FixturePaths.url("pngsuite/basn0g01.png"))
    let info = try ToolRunner.run(["info", "-", "--format", "json"], input: png)
    #expect(info.status == 0, "\(info.stderr)")
    #expect(try Self.jsonObject(Data(info.stdout.utf8))?["width"] as? Int == 32)
    let garbage = try ToolRunner.run(["render", "-", "-o", "x.png"], in: dir, input: Data("not json".utf8))
    #expect(garbage.status == 1)
    #expect(garbage.stderr.hasPrefix("checkerscope: error: standard input:"))
  }

  @Test func formatAndExtensionMustAgree() throws {
    let dir = try FixturePaths.temporaryDirectory("format-extension")
    defer { try? FileManager.default.removeItem(at: dir) }
    let overlap = ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "4"]
    let contradiction = try ToolRunner.run(overlap + ["--format", "csv", "-o", "m.json"], in: dir)
    #expect(contradiction.status == 64)
    #expect(contradiction.stderr.contains("--format csv contradicts"))
    #expect(try ToolRunner.run(overlap + ["-o", "m.jpg"], in: dir).status == 64)
    #expect(try ToolRunner.run(overlap + ["-o", "summary"], in: dir).status == 64)
    // With --format, a file without an extension (like $GITHUB_STEP_SUMMARY) is fine.
    #expect(try ToolRunner.run(overlap + ["--format", "json", "-o", "summary"], in: dir).status == 0)
    let summary = try Data(contentsOf: dir.appendingPathComponent("summary"))
    #expect(try Self.jsonObject(summary)?["outputSize"] as? [Int] == [9, 9])
    #expect(try ToolRunner.run(overlap + ["-o", "m.csv"], in: dir).status == 0)
    let csv = try String(contentsOf: dir.appendingPathComponent("m.csv"), encoding: .utf8)
    // A 4×4 input, k=3, s=2: (4 − 1)·2 + 3 = 9, so 9 rows of 9 comma-separated counts.
    #expect(csv.split(separator: "\n").count == 9)
    #expect(csv.split(separator: "\n").allSatisfy { $0.split(separator: ",").count == 9 })
  }

  @Test func checkWritesMarkdownForAnMdOutput() throws {
    let dir = try FixturePaths.temporaryDirectory("check-md")
    defer { try? FileManager.default.removeItem(at: dir) }
    let grid = try ToolRunner.run(["grid", "--kernels", "3", "--strides", "2", "-o", "g.json"], in: dir)
    #expect(grid.status == 0)
    // The article's k=3, s=2 interior tile [[4,2],[2,1]] has maximum 4; the copy claims 99.
    let path = dir.appendingPathComponent("g.json")
    let text = try String(contentsOf: path, encoding: .utf8)
    #expect(text.contains(#""interior":{"min":1,"max":4,"#))
    try Data(
      text.replacingOccurrences(of: #""interior":{"min":1,"max":4,"#, with: #""interior":{"min":1,"max":99,"#)
        .utf8
    ).write(to: path)
    let result = try ToolRunner.run(["check", "--baseline", "g.json", "-o", "summary.md"], in: dir)
    #expect(result.status == 3)
    let markdown = try String(contentsOf: dir.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(markdown.hasPrefix("## checkerscope check: `g.json`"))
    #expect(markdown.contains("| configuration | field | expected | actual |"))
    #expect(markdown.contains("| `interior.max` | `99` | `4` |"))
  }

  @Test func quietDropsStatusLinesButNotResults() throws {
    let dir = try FixturePaths.temporaryDirectory("quiet")
    defer { try? FileManager.default.removeItem(at: dir) }
    let grid = ["grid", "--kernels", "1...3", "--strides", "2", "-o", "g.json"]
    let loud = try ToolRunner.run(grid, in: dir)
    #expect(loud.stdout.hasPrefix("g.json: 3 configurations"))
    let quiet = try ToolRunner.run(grid + ["--quiet"], in: dir)
    #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    let check = try ToolRunner.run(["check", "--baseline", "g.json", "-q"], in: dir)
    #expect(check.stdout.contains("all 3 configurations"))
  }

  @Test func oldSpellingsStillWork() throws {
    let dir = try FixturePaths.temporaryDirectory("aliases")
    defer { try? FileManager.default.removeItem(at: dir) }
    let png = FixturePaths.url("pngsuite/basn0g01.png").path
    // detect --heatmap/--spectrum DIR (now --heatmaps/--spectra), hidden from --help.
    let new = try ToolRunner.run(
      ["detect", png, "--max-period", "3", "--heatmaps", "h2", "--spectra", "s2", "-q"], in: dir)
    #expect(new.status == 0, "\(new.stderr)")
    #expect(
      FileManager.default.fileExists(atPath: dir.appendingPathComponent("h2/basn0g01-phase-means.png").path))
    #expect(
      FileManager.default.fileExists(atPath: dir.appendingPathComponent("s2/basn0g01-spectrum.png").path))
    let both = try ToolRunner.run(["detect", png, "--heatmaps", "h3", "--heatmap", "h4"], in: dir)
    #expect(both.status == 64)
    let old = try ToolRunner.run(
      ["detect", png, "--max-period", "3", "--heatmap", "h", "--spectrum", "s", "-q"], in: dir)
    #expect(old.status == 0, "\(old.stderr)")
    #expect(
      FileManager.default.fileExists(atPath: dir.appendingPathComponent("h/basn0g01-phase-means.png").path))
    #expect(
      FileManager.default.fileExists(atPath: dir.appendingPathComponent("s/basn0g01-spectrum.png").path))
    let help = try Self.help("detect")
    #expect(!help.contains("--heatmap <") && !help.contains("--spectrum <"))
    // convert IN OUT, positional, as before; not both forms at once.
    #expect(try ToolRunner.run(["convert", png, "a.npy"], in: dir).status == 0)
    #expect(try ToolRunner.run(["convert", png, "a.npy", "-o", "b.npy"], in: dir).status == 64)
  }
}
