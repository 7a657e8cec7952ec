import CheckerscopeCore
import Rendering

/// libFuzzer entry: the map reader of `render MAP.json` (`MapFigure(json:)`, with the layers through
/// `LayerConfig(json:)`) on arbitrary text, then what `render` does with a map that parses: its
/// picture's memory estimate, and — when that fits a 64 MiB budget, as `render --max-memory 64M`
/// would allow — the figure, its raster and its SVG.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMap(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let json = try? JSONValue(parsing: text), let map = try? MapFigure(json: json) else { return 0 }
  _ = map.parameterSummary
  guard map.bytesNeeded(cellSize: nil, scale: 1) <= 64 << 20, let figure = try? map.figure() else { return 0 }
  _ = try? figure.raster()
  _ = try? figure.svg()
  return 0
}
