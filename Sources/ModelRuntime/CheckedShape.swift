import TransposedConv

/// Checked arithmetic for the sizes a model decides (extents, pads, strides, repeats): every
/// product and sum that could overflow goes through here, so a hostile attribute becomes an error
/// naming the node instead of a trap.
public enum CheckedShape {
  /// The element count of `shape`; nil on a negative extent or overflow.
  static func count(_ shape: [Int]) -> Int? {
    var total = 1
    for extent in shape {
      guard extent >= 0 else { return nil }
      let (p, overflow) = total.multipliedReportingOverflow(by: extent)
      if overflow { return nil }
      total = p
    }
    return total
  }

  /// `a · b + c`, nil on overflow.
  static func multiplyAdd(_ a: Int, _ b: Int, _ c: Int = 0) -> Int? {
    let (p, o1) = a.multipliedReportingOverflow(by: b)
    let (s, o2) = p.addingReportingOverflow(c)
    return o1 || o2 ? nil : s
  }

  /// `a + b`, nil on overflow.
  static func add(_ a: Int, _ b: Int) -> Int? {
    let (s, o) = a.addingReportingOverflow(b)
    return o ? nil : s
  }

  /// `values` for a one-line message: the whole list when short, else its first eight values and
  /// the count (`[1, 1, 2, 2, 2, 2, 2, 2, …] (4,000 values)`), so a hostile list never makes a long line.
  public static func brief<T>(_ values: [T]) -> String {
    let limit = 8
    guard values.count > limit else { return "\(values)" }
    let head = values.prefix(limit).map { "\($0)" }.joined(separator: ", ")
    return "[\(head), …] (\(grouped(values.count)) values)"
  }

  /// `n` with thousands separated by commas (`4,000`), independent of the locale.
  static func grouped(_ n: Int) -> String {
    let digits = Array(String(n.magnitude))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return n < 0 ? "-" + out : out
  }

  /// Row-major strides of `shape` (assumed countable).
  static func strides(_ shape: [Int]) -> [Int] {
    var result = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in shape.indices.reversed() {
      result[axis] = step
      step *= shape[axis]
    }
    return result
  }
}

extension NodeContext {
  /// The element count of `shape`, or an error naming the node when it overflows or is negative.
  func count(_ shape: [Int]) throws(RuntimeError) -> Int {
    guard let n = CheckedShape.count(shape) else {
      throw invalid("the shape \(shape) has a negative extent or more elements than an Int holds")
    }
    return n
  }

  /// `a · b + c`, or an error naming the node (`what` says which size overflowed).
  func multiplyAdd(_ a: Int, _ b: Int, _ c: Int = 0, _ what: String) throws(RuntimeError) -> Int {
    guard let v = CheckedShape.multiplyAdd(a, b, c) else { throw invalid("\(what) overflows") }
    return v
  }

  /// `a + b`, or an error naming the node.
  func add(_ a: Int, _ b: Int, _ what: String) throws(RuntimeError) -> Int {
    guard let v = CheckedShape.add(a, b) else { throw invalid("\(what) overflows") }
    return v
  }

  /// Optional input `index` (nil when absent or omitted).
  func optional(_ inputs: [RuntimeValue?], _ index: Int) -> RuntimeValue? {
    index < inputs.count ? inputs[index] : nil
  }

  /// A list of axes normalised against `rank`, refusing repeats (and any axis of a scalar: the
  /// callers index the shape at each one).
  func axes(_ list: [Int], rank: Int) throws(RuntimeError) -> [Int] {
    var result: [Int] = []
    for a in list {
      let v = try existingAxis(a, rank: rank)
      guard !result.contains(v) else { throw invalid("axes \(list) repeat an axis") }
      result.append(v)
    }
    return result
  }
}

extension IntTensor {
  /// A tensor of `shape` with every element `value`.
  init(shape: [Int], repeating value: Int64) {
    self.init(shape: shape, data: [Int64](repeating: value, count: shape.reduce(1, *)))
  }
}

extension RuntimeValue {
  /// True for integer (int64, int32, bool…) values.
  var isInteger: Bool {
    if case .int = self { return true }
    return false
  }

  /// The element count.
  var count: Int {
    switch self {
    case .float(let t): return t.count
    case .int(let t): return t.data.count
    }
  }

  /// A value of the same kind as `self` from float elements (rounded toward zero for integers).
  func sameKind(shape: [Int], floats: [Float]) -> RuntimeValue {
    switch self {
    case .float: return .float(Tensor(shape: shape, data: floats))
    case .int: return .int(IntTensor(shape: shape, data: floats.map(saturatingInt64)))
    }
  }
}

/// `value` truncated toward zero and clamped to Int64 (NaN → 0): ONNX leaves out-of-range float → int
/// casts undefined; this is the defined answer the interpreter gives.
func saturatingInt64(_ value: Float) -> Int64 {
  guard value.isFinite else { return value.isNaN ? 0 : (value > 0 ? .max : .min) }
  let d = Double(value).rounded(.towardZero)
  if d >= 9.2233720368547748e18 { return .max }
  if d <= -9.2233720368547758e18 { return .min }
  return Int64(d)
}

extension NodeContext {
  /// The float-list attribute `key`.
  func floats(_ key: String) throws(RuntimeError) -> [Float]? {
    do { return try node.floats(key, path: path) } catch { throw .model(error) }
  }

  /// The string-list attribute `key`.
  func strings(_ key: String) throws(RuntimeError) -> [String]? {
    guard let attribute = node.attributes[key] else { return nil }
    guard case .strings(let values) = attribute else {
      throw unsupported("attribute '\(key)' is \(attribute.typeName), not STRINGS")
    }
    return values
  }
}
