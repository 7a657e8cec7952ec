import CheckerscopeCore
import ModelIO

/// Time per Conv shape of one forward pass (input, weight, strides, groups → output), with its
/// multiply-adds and the rate reached: where the convolutions fall short of the machine's peak.
struct ConvTimes {
  struct Entry {
    var count = 0
    var milliseconds = 0.0
    var cpu = 0.0
    var multiplyAdds = 0.0
  }
  private var entries: [String: Entry] = [:]

  mutating func add(
    node: ModelNode, input: [Int], weight: [Int], output: [Int], milliseconds: Double, cpu: Double
  ) {
    func ints(_ name: String) -> [Int] {
      if case .ints(let values) = node.attributes[name] { return values.map { Int($0) } }
      return []
    }
    func int(_ name: String) -> Int? {
      if case .int(let value) = node.attributes[name] { return Int(value) }
      return nil
    }
    var key = "x\(input) w\(weight)"
    let strides = ints("strides")
    if strides.contains(where: { $0 != 1 }) { key += " s\(strides)" }
    let dilations = ints("dilations")
    if dilations.contains(where: { $0 != 1 }) { key += " d\(dilations)" }
    if let group = int("group"), group != 1 { key += " g\(group)" }
    key += " -> y\(output)"
    let perOutput = weight.dropFirst().reduce(1, *)
    var entry = entries[key] ?? Entry()
    entry.count += 1
    entry.milliseconds += milliseconds
    entry.cpu += cpu
    entry.multiplyAdds += Double(output.reduce(1, *)) * Double(perOutput)
    entries[key] = entry
  }

  /// One line per shape, slowest total first: count, wall time, process CPU time (all threads),
  /// G multiply-adds per wall second and per CPU second.
  func lines() -> [String] {
    let f = NumberFormat.printf
    return entries.sorted { $0.value.milliseconds > $1.value.milliseconds }.map { key, entry in
      let rate = entry.multiplyAdds / max(entry.milliseconds, 1e-9) / 1e6
      let cpuRate = entry.multiplyAdds / max(entry.cpu, 1e-9) / 1e6
      return "  Conv \(key) ×\(entry.count): \(f(entry.milliseconds, 2)) ms (CPU \(f(entry.cpu, 2)) ms), "
        + "\(f(rate, 1)) G mul-add/s (\(f(cpuRate, 1)) per CPU second)"
    }
  }
}
