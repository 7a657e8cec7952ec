import CheckerscopeCore
import Foundation
import TestSupport
import Testing

/// The committed subset of `Scripts/hostile_models.py`'s models through the built tool: every run of
/// `audit` and `probe` ends with status 0, 1 or 2; a failure is one line on standard error naming the
/// file; a success is strict JSON (no NaN or infinity).
@Suite("Hostile models through audit and probe")
struct HostileModelCLITests {
  static let models: [String] = {
    let folder = FixturePaths.url("models/hostile")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".onnx") }.sorted()
  }()

  @Test("the subset is there") func subset() {
    #expect(Self.models.count >= 22)
  }

  @Test(.tags(.slow), .onlyWithSlowTests, arguments: models)
  func behaves(model: String) throws {
    let path = "Fixtures/models/hostile/\(model)"
    for command in ["audit", "probe"] { try check(command, path, model) }
  }

  func check(_ command: String, _ path: String, _ model: String) throws {
    let run = try ToolRunner.run([command, path, "--format", "json"])
    #expect([0, 1, 2].contains(run.status), "\(command) \(model): status \(run.status)")
    if run.status == 0 {
      #expect(throws: Never.self, "\(command) \(model): not strict JSON") {
        try JSONValue(parsing: run.stdout)
      }
    } else {
      let lines = run.stderr.split(separator: "\n").filter { !$0.contains("warning:") }
      #expect(lines.count == 1, "\(command) \(model): \(run.stderr)")
      #expect(lines.first?.contains(path) ?? false, "\(command) \(model): \(run.stderr)")
    }
  }
}
