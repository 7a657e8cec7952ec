/// One text metadata entry of a PNG (a tEXt, zTXt or iTXt chunk).
///
/// Keys are 1–79 Latin-1 characters; values are any text. Read tEXt and zTXt values are
/// decoded as Latin-1, iTXt values as UTF-8.
public struct PNGTextChunk: Sendable, Equatable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}
