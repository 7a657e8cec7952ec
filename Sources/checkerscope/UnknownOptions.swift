import Foundation

/// Finds a long option the chosen subcommand does not have, so that a typo is reported first.
///
/// swift-argument-parser decodes and validates a command before it looks for unknown options,
/// so `overlap --kernal 3` would be blamed on a missing `--kernel`. When parsing fails, the
/// command line is checked here against the options each subcommand declares (from the parser's
/// own description of the tool), and an unknown one is reported with the closest known name.
enum UnknownOptions {
  /// The subcommand name and its long option names (without `--`), from the parser's tool
  /// description; built-in flags included.
  static func knownOptions() -> [String: Set<String>] {
    let builtIn: Set<String> = ["help", "version", "experimental-dump-help", "generate-completion-script"]
    guard let data = Checkerscope._dumpHelp().data(using: .utf8),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let command = root["command"] as? [String: Any],
      let subcommands = command["subcommands"] as? [[String: Any]]
    else { return [:] }
    var result: [String: Set<String>] = [:]
    for subcommand in subcommands {
      guard let name = subcommand["commandName"] as? String else { continue }
      var names = builtIn
      for argument in subcommand["arguments"] as? [[String: Any]] ?? [] {
        for entry in argument["names"] as? [[String: Any]] ?? [] {
          if entry["kind"] as? String == "long", let long = entry["name"] as? String { names.insert(long) }
        }
      }
      result[name] = names
    }
    return result
  }

  /// The message for the first unknown `--option` in `arguments` (the command line without the
  /// program name), like `Unknown option '--kernal'. Did you mean '--kernel'?`, and the
  /// subcommand; nil when every long option is known (or no subcommand is named).
  static func firstUnknown(in arguments: [String]) -> (subcommand: String, message: String)? {
    let table = knownOptions()
    guard let index = arguments.firstIndex(where: { table[$0] != nil }), let known = table[arguments[index]]
    else { return nil }
    let subcommand = arguments[index]
    for argument in arguments[(index + 1)...] {
      if argument == "--" { break }
      guard argument.hasPrefix("--"), argument.count > 2 else { continue }
      let name = String(argument.dropFirst(2).prefix { $0 != "=" })
      if known.contains(name) { continue }
      return (subcommand, "Unknown option '--\(name)'.\(suggestion(for: name, among: known, prefix: "--"))")
    }
    return nil
  }

  /// The message for a subcommand that does not exist, named first on the command line
  /// (`checkerscope overlapp …`) or after `help` (`checkerscope help overlapp`), like
  /// `Unknown subcommand 'overlapp'. Did you mean 'overlap'?`; nil when the first word is a
  /// subcommand, an option, or absent.
  static func unknownSubcommand(in arguments: [String], known: [String]) -> String? {
    guard var word = arguments.first, !word.hasPrefix("-") else { return nil }
    if word == "help" {
      guard arguments.count > 1, !arguments[1].hasPrefix("-") else { return nil }
      word = arguments[1]
    }
    guard !known.contains(word) else { return nil }
    return "Unknown subcommand '\(word)'.\(suggestion(for: word, among: known, prefix: ""))"
  }

  /// ` Did you mean 'NAME'?` for the known name closest to `name` (fewer than 4 edits away, ties
  /// by name), or an empty string.
  static func suggestion(for name: String, among known: some Sequence<String>, prefix: String) -> String {
    let closest = known.map { (name: $0, distance: editDistance($0, name)) }
      .filter { $0.distance < 4 }
      .min { ($0.distance, $0.name) < ($1.distance, $1.name) }
    return closest.map { " Did you mean '\(prefix)\($0.name)'?" } ?? ""
  }

  /// The Levenshtein distance: the fewest single-character insertions, deletions and
  /// substitutions that turn `a` into `b`. O(|a|·|b|).
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
