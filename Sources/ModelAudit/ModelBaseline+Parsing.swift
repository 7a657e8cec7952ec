import CheckerscopeCore

extension ModelBaseline {
  /// The most layers a baseline may list.
  public static let maximumLayers = 100_000
  /// The most numbers one layer's gains may hold.
  public static let maximumGains = 1 << 24

  /// Reads a baseline written by `encoded()`; `path` names the file in errors.
  ///
  /// Untrusted text: the JSON is parsed by `JSONValue(parsing:)` (nesting limited), then every field
  /// is checked — the format name and version, node names as strings, `facts` as an object, PEFs
  /// finite and in [0, 1], gains finite with one row per channel, all rows of one length, and the
  /// counts below `maximumLayers` and `maximumGains` — before anything else is built.
  /// - Throws: `ModelAuditError.baseline` naming the file and the field.
  public init(parsing text: String, path: String) throws(ModelAuditError) {
    func fail(_ reason: String) -> ModelAuditError { .baseline(path: path, reason: reason) }
    let root: JSONValue
    do {
      root = try JSONValue(parsing: text)
    } catch {
      throw fail(error.description)
    }
    guard root.objectValue != nil else { throw fail("the document is not a JSON object") }
    guard root["format"]?.stringValue == Self.formatName else {
      throw fail("'format' is not \"\(Self.formatName)\"")
    }
    guard let version = root["version"]?.intValue, version == Self.formatVersion else {
      throw fail("'version' is not \(Self.formatVersion)")
    }
    guard let model = root["model"]?.stringValue else { throw fail("'model' is not a string") }
    guard let threshold = root["threshold"]?.doubleValue, threshold.isFinite, threshold >= 0, threshold < 1
    else {
      throw fail("'threshold' is not a number in [0, 1)")
    }
    guard let list = root["layers"]?.arrayValue else { throw fail("'layers' is not an array") }
    guard list.count <= Self.maximumLayers else { throw fail("more than \(Self.maximumLayers) layers") }
    var layers: [Layer] = []
    for (index, item) in list.enumerated() {
      let field = "layers[\(index)]"
      guard let node = item["node"]?.stringValue else { throw fail("'\(field).node' is not a string") }
      guard let facts = item["facts"], facts.objectValue != nil else {
        throw fail("'\(field).facts' is not an object")
      }
      guard let weights = item["weights"] else { throw fail("'\(field).weights' is missing") }
      if weights.isNull {
        layers.append(Layer(node: node, facts: facts, pef: nil, gains: nil))
        continue
      }
      guard let pefList = weights["pef"]?.arrayValue, let gainList = weights["gains"]?.arrayValue,
        !pefList.isEmpty, pefList.count == gainList.count
      else {
        throw fail("'\(field).weights' needs 'pef' and 'gains' arrays of one entry per channel")
      }
      var pef: [Double] = []
      for (channel, value) in pefList.enumerated() {
        guard let number = value.doubleValue, number.isFinite, number >= 0, number <= 1 else {
          throw fail("'\(field).weights.pef[\(channel)]' is not a number in [0, 1]")
        }
        pef.append(number)
      }
      var gains: [[Double]] = []
      var total = 0
      for (channel, value) in gainList.enumerated() {
        guard let row = value.arrayValue, !row.isEmpty, row.count == (gains.first?.count ?? row.count) else {
          throw fail("'\(field).weights.gains[\(channel)]' is not a non-empty array as long as the others")
        }
        total += row.count
        guard total <= Self.maximumGains else {
          throw fail("'\(field).weights.gains' holds too many numbers")
        }
        var numbers: [Double] = []
        for (phase, element) in row.enumerated() {
          guard let number = element.doubleValue, number.isFinite else {
            throw fail("'\(field).weights.gains[\(channel)][\(phase)]' is not a finite number")
          }
          numbers.append(number)
        }
        gains.append(numbers)
      }
      layers.append(Layer(node: node, facts: facts, pef: pef, gains: gains))
    }
    self.init(model: model, threshold: threshold, layers: layers)
  }
}
