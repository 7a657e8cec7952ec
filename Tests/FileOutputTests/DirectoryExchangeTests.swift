import Foundation
import TestSupport
import Testing

@testable import FileOutput

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

  @Test func theFallbackSwapsByTwoRenamesAndRestoresOnFailure() throws {
    let root = try FixturePaths.temporaryDirectory("exchange")
    defer { try? FileManager.default.removeItem(at: root) }
    let new = root.appendingPathComponent("new")
    let dest = root.appendingPathComponent("dest")
    let aside = root.appendingPathComponent("aside").path
    try FileManager.default.createDirectory(at: new, withIntermediateDirectories: false)
    try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: false)
    try Data("new".utf8).write(to: new.appendingPathComponent("f"))
    try Data("old".utf8).write(to: dest.appendingPathComponent("f"))
    let old = try DirectoryExchange.exchangeByRenames(new: new.path, destination: dest.path, aside: aside)
    #expect(old == aside)
    #expect(try String(contentsOf: dest.appendingPathComponent("f"), encoding: .utf8) == "new")
    #expect(try String(contentsOfFile: aside + "/f", encoding: .utf8) == "old")
    // A missing new folder: the second rename fails and the destination is put back.
    #expect(throws: FileOutputError.self) {
      _ = try DirectoryExchange.exchangeByRenames(
        new: root.appendingPathComponent("gone").path, destination: dest.path,
        aside: root.appendingPathComponent("aside2").path)
    }
    #expect(try String(contentsOf: dest.appendingPathComponent("f"), encoding: .utf8) == "new")
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("aside2").path))
  }
}
