import CheckerscopeCore
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
      try budget.require(
        bytes: try info.bytesNeeded(copies: copies, extraBytesPerSample: extraBytesPerSample, path: path),
        what: "\(path): \(what) (\(info.width)×\(info.height)×\(info.channels))")
    } catch {
      throw CLIError(error.description)
    }
  }

  /// Checks that a file's bytes (read whole into memory) times `factor` fit the budget.
  func requireFile(_ path: String, factor: Int = 1) throws {
    do { try budget.require(fileAt: path, copies: factor) } catch { throw CLIError(error.description) }
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
