import ModelAudit
import Sweeps

/// libFuzzer entry: the baseline (sweep document) reader (`SweepDocument(parsing:)`) on
/// arbitrary text, then what `check` and `merge` do before any sweep runs: the configuration
/// keys and names (`LayerConfig(json:)` and `LayerConfig.text`), the encoding and the CSV of
/// whatever parses; and the model baseline reader (`ModelBaseline(parsing:path:)`, what
/// `audit --baseline` reads), its encoding and a comparison with an empty audit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBaseline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  if let model = try? ModelBaseline(parsing: text, path: "fuzz") {
    _ = try? model.encoded()
    let empty = AuditReport(model: "fuzz", inputShape: nil, threshold: model.threshold, layers: [])
    _ = model.compare(with: empty).map(\.description)
    return 0
  }
  guard let document = try? SweepDocument(parsing: text) else { return 0 }
  for entry in document.records + document.skipped {
    _ = SweepDocument.key(of: entry)
    _ = SweepDocument.configurationText(entry)
  }
  _ = try? document.encoded()
  _ = document.csv()
  return 0
}
