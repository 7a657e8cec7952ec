import FileOutput
import Foundation
import TestSupport
import Testing

@Suite struct DirectoryExchangeTests {
  @Test func swapsTwoFolders() throws {
    let root = try FixturePaths.temporaryDirectory("exchange")
    defer { try? FileManager.default.removeItem(at: root) }
    let a = root.appendingPathComponent("a")
    let b = root.appendingPathComponent("b")
    try FileManager.default.createDirectory(at: a, withIntermediateDirectories: false)
    try FileManager.default.createDirectory(at: b, withIntermediateDirectories: false)
    try Data("new".utf8).write(to: a.appendingPathComponent("f"))
    try Data("old".utf8).write(to: b.appendingPathComponent("f"))
    let old = try DirectoryExchange.exchange(
      new: a.path, destination: b.path, aside: root.appendingPathComponent("aside").path)
    #expect(try String(contentsOf: b.appendingPathComponent("f"), encoding: .utf8) == "new")
    #expect(try String(contentsOfFile: old + "/f", encoding: .utf8) == "old")
  }

  @Test func createNeverReplaces() throws {
    let root = try FixturePaths.temporaryDirectory("exchange")
    defer { try? FileManager.default.removeItem(at: root) }
    let a = root.appendingPathComponent("a")
    let b = root.appendingPathComponent("b")
    try FileManager.default.createDirectory(at: a, withIntermediateDirectories: false)
    try FileManager.default.createDirectory(at: b, withIntermediateDirectories: false)
    try Data("keep".utf8).write(to: b.appendingPathComponent("f"))
    #expect(throws: FileOutputError.self) { try DirectoryExchange.create(new: a.path, destination: b.path) }
    #expect(try String(contentsOf: b.appendingPathComponent("f"), encoding: .utf8) == "keep")
  }
}
