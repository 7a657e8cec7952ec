import Foundation

extension MemoryBudget {
  /// Checks that the file at `path`, read whole into memory `copies` times, fits the budget;
  /// `what` names it in the message (default `PATH: reading the file`). A missing or unreadable
  /// file passes: its reader reports that itself, naming the file.
  public func require(fileAt path: String, copies: Int = 1, what: String? = nil) throws(CoreError) {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = (attributes[.size] as? NSNumber)?.intValue
    else { return }
    try require(
      bytes: CheckedSize.productOrNil([size, copies]) ?? Int.max, what: what ?? "\(path): reading the file")
  }
}
