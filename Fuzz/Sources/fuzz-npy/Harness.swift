import NPYIO
import TensorIO
import TransposedConv

/// libFuzzer entry: the `.npy` reader (`NPYArray.decode`) on arbitrary bytes, then the
/// conversions every reader uses (`Tensor(npy:)`, `doubleValues()`) and the error text, which
/// must stay short whatever the header holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let array = try NPYArray.decode(bytes, path: "fuzz.npy")
    precondition(array.count == array.shape.reduce(1, *), "count matches the shape")
    _ = array.doubleValues()
    if let tensor = try? Tensor(npy: array) { precondition(tensor.data.count == array.count) }
  } catch {
    precondition(error.description.utf8.count < 1000, "error messages stay short")
    precondition(!error.description.unicodeScalars.contains("\u{0}"), "no NUL in error messages")
  }
  return 0
}
