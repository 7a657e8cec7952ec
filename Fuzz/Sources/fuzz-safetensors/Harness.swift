import Foundation
import ModelIO

/// libFuzzer entry: the safetensors reader (`SafetensorsFile(data:)`: header length, JSON
/// header, dtypes, offsets) on arbitrary bytes, then every tensor it lists decoded. Any bytes
/// must give a file or an error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  do {
    let file = try SafetensorsFile(data: bytes, path: "fuzz.safetensors")
    for name in file.names {
      if let tensor = try? file.tensor(named: name) {
        precondition(tensor.elementCount == tensor.shape.reduce(1, *), "count matches the shape")
      }
    }
  } catch {
    precondition(error.description.utf8.count < 4000, "error messages stay short")
  }
  return 0
}
