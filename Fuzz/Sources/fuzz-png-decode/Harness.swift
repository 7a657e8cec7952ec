import PNGIO

/// libFuzzer entry: the full PNG decoder (`PNGImage.decodeWithInfo`) on arbitrary bytes, then the
/// channel and bit-depth conversions of whatever decodes. The pixel limit is lowered to 2^22 so
/// the fuzzer explores the decoder rather than the size of one allocation (the default limits
/// are covered by the tests); every other limit is the default.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNGDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let options = PNGReadOptions(maxPixels: 1 << 22, ignoreChecksums: true)
  guard let (image, info) = try? PNGImage.decodeWithInfo(bytes, options: options) else { return 0 }
  precondition(image.samples.count == image.width * image.height * image.channels, "sample count")
  precondition(info.width == image.width && info.height == image.height, "header and image agree")
  if image.width * image.height <= 1 << 16 {
    for channels in 1...4 {
      let converted = image.converted(toChannels: channels).converted(toBitDepth: 24 - image.bitDepth)
      precondition(converted.samples.count == image.width * image.height * channels, "converted count")
    }
  }
  return 0
}
