import Reporting

/// libFuzzer entry: the study-spec reader (`StudySpec.parse`) on arbitrary text. File names in
/// the spec resolve against a folder that does not exist, so nothing on disk is read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStudySpec(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? StudySpec.parse(text, file: "fuzz.json", baseDirectory: "/nonexistent-checkerscope-fuzz")
  return 0
}
