import CheckerscopeCore
import Foundation
import PNGIO

extension ResourceOptions {
  /// Checks, from the PNG's header alone, the memory `path` needs once decoded: its samples
  /// (1 or 2 bytes each) plus `copies` more copies of `extraBytesPerSample` bytes a sample (e.g. one
  /// Float32 tensor: `copies: 1, extraBytesPerSample: 4`). Returns the header.
  @discardableResult
  func requirePNG(
    _ path: String, copies: Int = 0, extraBytesPerSample: Int = 4, what: String = "the decoded image"
  )
    throws -> PNGInfo
  {
    let info = try PNGInfo.read(from: path)
    try requirePNG(info, name: path, copies: copies, extraBytesPerSample: extraBytesPerSample, what: what)
    return info
  }

  /// `requirePNG(_:copies:extraBytesPerSample:what:)` for a header already read (e.g. from PNG
  /// bytes on standard input); `name` names the source in the message.
  func requirePNG(
    _ info: PNGInfo, name path: String, copies: Int = 0, extraBytesPerSample: Int = 4,
    what: String = "the decoded image"
  ) throws {
    do throws(CoreError) {
      let samples = try CheckedSize.product(
        info.width, info.height, info.channels, what: "\(path): the image")
      let perSample = try CheckedSize.sum(
        info.decodedBitDepth > 8 ? 2 : 1, try CheckedSize.product(copies, extraBytesPerSample, what: "x"),
        what: "x")
      let bytes = try CheckedSize.product(samples, perSample, what: "\(path): the image")
      try budget.require(
        bytes: bytes, what: "\(path): \(what) (\(info.width)×\(info.height)×\(info.channels))")
    } catch {
      throw CLIError(error.description)
    }
  }

  /// Checks that a file's bytes (read whole into memory) times `factor` fit the budget.
  func requireFile(_ path: String, factor: Int = 1) throws {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = (attributes[.size] as? NSNumber)?.intValue
    else { return }  // the reader reports a missing or unreadable file itself
    try require(
      bytes: CheckedSize.productOrNil([size, factor]) ?? Int.max, what: "\(path): reading the file")
  }

  /// `budget.require(bytes:what:)` as a CLI error.
  func require(bytes: Int, what: String) throws {
    do {
      try budget.require(bytes: bytes, what: what)
    } catch {
      throw CLIError(error.description)
    }
  }
}
