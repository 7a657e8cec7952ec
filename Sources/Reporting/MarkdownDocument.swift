/// A GitHub-flavoured Markdown document built block by block.
///
/// Headings get stable anchors (GitHub's rule: lower-case, spaces to `-`, punctuation dropped) so
/// a contents list can link to them; figures are numbered in order of appearance; tables align
/// their columns. The text ends with exactly one newline.
public struct MarkdownDocument: Sendable {
  /// One heading, for the contents list.
  public struct Heading: Sendable, Equatable {
    public var level: Int
    public var title: String
    public var anchor: String
  }

  private var blocks: [String] = []
  /// The headings added so far, in order.
  public private(set) var headings: [Heading] = []
  /// The number the next figure gets.
  public private(set) var nextFigure = 1
  private var anchorCounts: [String: Int] = [:]

  public init() {}

  /// Adds a heading (`level` 1…6) and returns its anchor.
  @discardableResult
  public mutating func heading(_ title: String, level: Int) -> String {
    precondition((1...6).contains(level), "Markdown heading levels are 1...6")
    var anchor = Self.anchor(for: title)
    if let seen = anchorCounts[anchor] {
      anchorCounts[anchor] = seen + 1
      anchor += "-\(seen)"
    } else {
      anchorCounts[anchor] = 1
    }
    headings.append(Heading(level: level, title: title, anchor: anchor))
    blocks.append(String(repeating: "#", count: level) + " " + title)
    return anchor
  }

  /// Adds a paragraph.
  public mutating func paragraph(_ text: String) {
    blocks.append(text)
  }

  /// Adds raw Markdown (a list, a note) as its own block.
  public mutating func raw(_ text: String) {
    blocks.append(text)
  }

  /// Adds a fenced code block.
  public mutating func code(_ text: String, language: String = "") {
    blocks.append("```\(language)\n\(text)\n```")
  }

  /// Adds a numbered figure: the image with alt text and a caption line under it; returns its number.
  @discardableResult
  public mutating func figure(path: String, alt: String, caption: String) -> Int {
    let number = nextFigure
    nextFigure += 1
    blocks.append("![\(Self.escapeAlt(alt))](\(path))\n\n*Figure \(number). \(caption)*")
    return number
  }

  /// Adds a table; `alignRight` marks numeric columns. Cells are escaped for `|`.
  public mutating func table(header: [String], rows: [[String]], alignRight: Set<Int> = []) {
    let columns = header.count
    var widths = header.map { max(3, $0.count) }
    for row in rows {
      precondition(row.count == columns, "table row has \(row.count) cells, header has \(columns)")
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.escapeCell(cell).count) }
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { i, cell -> String in
        let text = Self.escapeCell(cell)
        let pad = String(repeating: " ", count: widths[i] - text.count)
        return alignRight.contains(i) ? pad + text : text + pad
      }
      return "| " + padded.joined(separator: " | ") + " |"
    }
    let rule = widths.enumerated().map { i, w in
      alignRight.contains(i) ? String(repeating: "-", count: w - 1) + ":" : String(repeating: "-", count: w)
    }
    var text = [line(header), "| " + rule.joined(separator: " | ") + " |"]
    text += rows.map(line)
    blocks.append(text.joined(separator: "\n"))
  }

  /// A bulleted contents list linking every heading of `levels`.
  public func contents(levels: ClosedRange<Int> = 2...2) -> String {
    headings.filter { levels.contains($0.level) }.map { h in
      String(repeating: "  ", count: h.level - levels.lowerBound) + "- [\(h.title)](#\(h.anchor))"
    }.joined(separator: "\n")
  }

  /// The document text, blocks separated by blank lines, ending in one newline.
  public var text: String { blocks.joined(separator: "\n\n") + "\n" }

  /// GitHub's anchor for a heading: lower-cased, spaces to hyphens, other punctuation dropped.
  public static func anchor(for title: String) -> String {
    var result = ""
    for ch in title.lowercased() {
      if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" {
        result.append(ch)
      } else if ch == " " {
        result.append("-")
      }
    }
    return result
  }

  static func escapeCell(_ text: String) -> String {
    text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
  }

  static func escapeAlt(_ text: String) -> String {
    text.replacingAll("[", with: "(").replacingAll("]", with: ")")
  }
}

extension String {
  /// Every occurrence of `target` replaced.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      result += rest[rest.startIndex..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}

extension Substring {
  fileprivate func range(of target: String) -> Range<Substring.Index>? {
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(target) {
        return index..<self.index(index, offsetBy: target.count)
      }
      index = self.index(after: index)
    }
    return nil
  }
}
