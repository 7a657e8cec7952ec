import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The unique part of this tool's temporary names, `<pid>-<8 hex digits>`, and the test that
/// tells a leftover of a killed run from the temporary of a run still going.
public enum TemporaryName {
  /// A fresh `<pid>-<8 hex digits>` token.
  public static func token() -> String {
    let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    return "\(getpid())-" + String(repeating: "0", count: 8 - random.count) + random
  }

  /// The process id at the start of a token `<pid>-<1 to 16 hex or decimal digits>`, or nil when
  /// the text has another form (then it is not one of this tool's names).
  public static func pid(fromToken token: Substring) -> Int32? {
    let parts = token.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...16).contains(parts[1].count), parts[1].allSatisfy(\.isHexDigit),
      parts[0].allSatisfy(\.isASCII), let pid = Int32(parts[0]), pid > 0
    else { return nil }
    return pid
  }

  /// True when `path`, named with `token`, is a leftover: the token has this tool's form and its
  /// process no longer exists, or the entry is older than `age` seconds.
  public static func isStale(_ path: String, token: Substring, age: Double) -> Bool {
    guard let pid = pid(fromToken: token) else { return false }
    let old = (SystemFile.age(path) ?? 0) > age
    return old || (pid != getpid() && !SystemFile.isAlive(pid))
  }

  /// `name` cut to at most `limit` UTF-8 bytes on a character boundary, so a temporary name built
  /// from it stays under the 255-byte limit of file names.
  public static func stem(_ name: String, limit: Int = 100) -> String {
    var out = ""
    var bytes = 0
    for scalar in name.unicodeScalars {
      bytes += String(scalar).utf8.count
      if bytes > limit { break }
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
