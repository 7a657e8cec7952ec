import PNGIO

/// libFuzzer entry: the PNG header reader (`PNGInfo.decode`: signature, IHDR, every chunk
/// before the image data, text chunks) on arbitrary bytes. Any error is fine; a crash, a trap,
/// a leak or an allocation past the fuzzer's limit is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNGHeader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for readText in [true, false] {
    if let info = try? PNGInfo.decode(
      bytes, options: PNGReadOptions(readText: readText, ignoreChecksums: true))
    {
      precondition(info.width >= 1 && info.height >= 1, "a decoded header has a positive size")
      precondition(readText || info.text.isEmpty, "text was read although it was not asked for")
    }
  }
  return 0
}
