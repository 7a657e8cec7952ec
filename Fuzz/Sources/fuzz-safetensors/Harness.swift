import Foundation
import ModelAudit
import ModelIO

/// libFuzzer entry: the safetensors reader (`SafetensorsFile(data:)`: header length, JSON
/// header, dtypes, offsets) on arbitrary bytes, then every tensor it lists decoded. Any bytes
/// must give a file or an error, never a trap. Each small rank-3 or rank-4 tensor is then audited
/// as a stride-2 ConvTranspose weight (`ModelAuditor.audit(safetensors:layers:)`, what `audit
/// --safetensors F --layer T:k=…,s=2` runs).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  do {
    let file = try SafetensorsFile(data: bytes, path: "fuzz.safetensors")
    for name in file.names {
      if let tensor = try? file.tensor(named: name) {
        precondition(tensor.elementCount == tensor.shape.reduce(1, *), "count matches the shape")
        guard (3...4).contains(tensor.shape.count), tensor.elementCount <= 65_536,
          tensor.shape.dropFirst(2).allSatisfy({ (1...16).contains($0) })
        else { continue }
        let kernel = tensor.shape.dropFirst(2).map(String.init).joined(separator: "x")
        do {
          let layer = try SafetensorsLayer(parsing: "\(name):k=\(kernel),s=2")
          let report = try ModelAuditor.audit(safetensors: file, layers: [layer])
          precondition(report.layers.count == 1, "one layer audited")
        } catch {
          precondition(error.description.utf8.count < 4000, "error messages stay short")
        }
      }
    }
  } catch {
    precondition(error.description.utf8.count < 4000, "error messages stay short")
  }
  return 0
}
