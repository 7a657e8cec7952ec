import Foundation

/// The shell examples of `README.md`, as `ReadmeExamplesTests` runs them.
///
/// The convention (also stated in the README):
/// - A ```` ```console ```` block holds commands and their output. A line starting with `$ ` is a
///   command (a line ending in `\` continues on the next line); the lines after it, up to the next
///   `$ ` line, are its expected output — standard output and standard error together, as a
///   terminal shows them — compared line by line with trailing spaces ignored. A line holding only
///   `...` stands for any number of lines (none included). The command must exit with status 0,
///   unless its expected output ends with a line `[exit N]`.
/// - A ```` ```sh ```` block is run as one `bash` script (`set -e -o pipefail`); only its exit
///   status is checked.
/// - A block whose fence follows a line starting with `<!-- doctest: skip` is not run; the comment
///   says why. Blocks in other languages (`json`, `yaml`, …) are never run.
/// - All blocks run in order in one folder, so an example may use the files an earlier one wrote.
struct ReadmeExample: Sendable, CustomStringConvertible {
  enum Kind: Sendable, Equatable {
    case console
    case shell
  }

  var kind: Kind
  /// The 1-based line of the opening fence in the README.
  var line: Int
  /// The lines between the fences.
  var body: [String]

  var description: String { "line \(line)" }

  /// One command of a console block and the output it should print.
  struct Command: Sendable, Equatable {
    var text: String
    var expected: [String]
    var status: Int32
  }

  /// The marker that, on the line before a fence, keeps the block from running.
  static let skipMarker = "<!-- doctest: skip"

  /// The runnable examples of `markdown` in order, and the lines of the skipped ones.
  static func parse(_ markdown: String) -> (examples: [ReadmeExample], skipped: [Int]) {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var examples: [ReadmeExample] = []
    var skipped: [Int] = []
    var index = 0
    while index < lines.count {
      let fence = lines[index].trimmingCharacters(in: .whitespaces)
      guard isFence(fence) else {
        index += 1
        continue
      }
      let language = fence.dropFirst(3).trimmingCharacters(in: .whitespaces)
      var end = index + 1
      while end < lines.count, !isFence(lines[end].trimmingCharacters(in: .whitespaces)) {
        end += 1
      }
      let kind: Kind? = language == "console" ? .console : (language == "sh" ? .shell : nil)
      if let kind {
        let previous = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        if previous.hasPrefix(skipMarker) {
          skipped.append(index + 1)
        } else {
          let body = Array(lines[(index + 1)..<min(end, lines.count)])
          examples.append(ReadmeExample(kind: kind, line: index + 1, body: body))
        }
      }
      index = end + 1
    }
    return (examples, skipped)
  }

  /// The commands of a console block with their expected output and exit status.
  var commands: [Command] {
    var result: [Command] = []
    var index = 0
    while index < body.count {
      guard body[index].hasPrefix("$ ") else {
        index += 1
        continue
      }
      var text = String(body[index].dropFirst(2))
      while text.hasSuffix("\\"), index + 1 < body.count {
        index += 1
        text += "\n" + body[index]
      }
      index += 1
      var expected: [String] = []
      while index < body.count, !body[index].hasPrefix("$ ") {
        expected.append(body[index])
        index += 1
      }
      var status: Int32 = 0
      if let last = expected.last, last.hasPrefix("[exit "), last.hasSuffix("]"),
        let code = Int32(last.dropFirst(6).dropLast())
      {
        status = code
        expected.removeLast()
      }
      result.append(Command(text: text, expected: expected, status: status))
    }
    return result
  }

  /// Whether `actual` output matches the `expected` lines: equal after dropping trailing spaces
  /// (and trailing empty lines of `actual`), a line `...` matching any number of lines.
  static func matches(expected: [String], actual: String) -> Bool {
    var got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(trimmedEnd)
    while got.last == "" { got.removeLast() }
    var want = expected.map(trimmedEnd)
    while want.last == "" { want.removeLast() }
    // reachable[j]: the first i expected lines can match the first j actual lines.
    var reachable = [Bool](repeating: false, count: got.count + 1)
    reachable[0] = true
    for pattern in want {
      var next = [Bool](repeating: false, count: got.count + 1)
      if pattern == "..." {
        var any = false
        for j in 0...got.count {
          any = any || reachable[j]
          next[j] = any
        }
      } else {
        for j in 0..<got.count where reachable[j] && got[j] == pattern {
          next[j + 1] = true
        }
      }
      reachable = next
    }
    return reachable[got.count]
  }

  /// Whether a (trimmed) line opens or closes a fenced block: three backticks and an info string
  /// without backticks (as CommonMark says), so inline code such as ```` ```sh ```` is no fence.
  private static func isFence(_ line: String) -> Bool {
    line.hasPrefix("```") && !line.dropFirst(3).contains("`")
  }

  private static func trimmedEnd(_ line: some StringProtocol) -> String {
    var text = String(line)
    while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
    return text
  }
}
