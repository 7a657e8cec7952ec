import Foundation
import TestSupport
import Testing

@testable import FileOutput

@Suite struct AtomicFileTests {
  static func entries(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
  }

  @Test func writesTheBytesAndLeavesNoTemporary() throws {
    let dir = try FixturePaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.bin").path
    try AtomicFile.write([1, 2, 3], to: path)
    try AtomicFile.write([4, 5], to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([4, 5]))
    #expect(try Self.entries(dir) == ["a.bin"])
  }

  @Test func removesStaleTemporariesButNotLiveOnesOrOtherFiles() throws {
    let dir = try FixturePaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A pid that cannot exist (above the kernel's pid_max of 2^22), one that exists (ours, but
    // written just now, so not aged), and names that only look alike.
    let names = [
      ".a.bin.checkerscope-tmp-99999999-0000abcd",  // dead process: removed
      ".a.bin.checkerscope-tmp-\(getpid())-1234abcd",  // this process, fresh: kept
      ".a.bin.checkerscope-tmp-notes",  // not this tool's form: kept
      ".b.bin.checkerscope-tmp-99999999-0000abcd",  // another file's temporary: kept until b is written
      "a.bin.dat.nosync1234",  // Foundation's naming, not ours: kept
    ]
    for name in names { try Data([0]).write(to: dir.appendingPathComponent(name)) }
    try AtomicFile.write([7], to: dir.appendingPathComponent("a.bin").path)
    #expect(try Self.entries(dir) == (["a.bin"] + names.dropFirst()).sorted())
  }

  @Test func removesTemporariesOlderThanAnHourWhateverTheirProcess() throws {
    let dir = try FixturePaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    let old = dir.appendingPathComponent(".a.bin.checkerscope-tmp-1-0000abcd")  // pid 1 is alive
    try Data([0]).write(to: old)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -2 * AtomicFile.staleAge)], ofItemAtPath: old.path)
    try AtomicFile.write([7], to: dir.appendingPathComponent("a.bin").path)
    #expect(try Self.entries(dir) == ["a.bin"])
  }

  @Test func writeAllWritesNothingWhenOneOutputFails() throws {
    let dir = try FixturePaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = dir.appendingPathComponent("g.json").path
    let bad = dir.appendingPathComponent("missing/g.png").path
    #expect(throws: FileOutputError.self) { try AtomicFile.writeAll([(good, [1]), (bad, [2])]) }
    #expect(try Self.entries(dir) == [])
  }

  @Test func outputPathChecksNameTheProblem() throws {
    let dir = try FixturePaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(throws: FileOutputError.self) { try OutputPath.check(dir.path + "/missing/x.png") }
    do {
      try OutputPath.check(dir.path + "/missing/x.png")
    } catch {
      #expect(error.description.contains("does not exist"))
    }
    #expect(throws: FileOutputError.self) { try OutputPath.check(dir.path) }
    #expect(throws: FileOutputError.self) { try OutputPath.check(dir.path + "/") }
    try OutputPath.check(dir.path + "/new.png")
    #expect(OutputPath.fileExtension("a/b.PNG") == "png")
    #expect(OutputPath.fileExtension("a/.hidden") == "")
  }

  @Test func errnoBecomesPlainWords() {
    #expect(FileOutputError.reason(errno: ENOSPC).hasPrefix("no space left on device"))
    #expect(FileOutputError.reason(errno: EACCES).hasPrefix("permission denied"))
    #expect(FileOutputError.reason(errno: EROFS).contains("read-only"))
    #expect(FileOutputError.reason(errno: ENOENT).contains("does not exist"))
    let error = FileOutputError.system(path: "out/x.npy", errno: ENOSPC)
    #expect(error.description == "out/x.npy: cannot be written: " + FileOutputError.reason(errno: ENOSPC))
  }

  /// /dev/full accepts the open and fails every write with ENOSPC: a real disk-full write.
  @Test(.onlyWithFullDevice) func aFullDeviceSaysNoSpaceLeft() throws {
    let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
    try #require(fd >= 0)
    defer { close(fd) }
    let code = SystemFile.writeAll([UInt8](repeating: 1, count: 10), to: fd)
    #expect(code == ENOSPC)
    #expect(FileOutputError.system(path: "x", errno: code).description.contains("no space left on device"))
  }
}
