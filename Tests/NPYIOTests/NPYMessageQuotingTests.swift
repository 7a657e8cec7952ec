import Testing

@testable import NPYIO

/// Text from a file's header reaches messages quoted, escaped and cut short.
@Suite("NPY error messages quote untrusted text")
struct NPYMessageQuotingTests {
  @Test("a NUL byte and an escape sequence in the dtype are escaped")
  func controlCharacters() {
    let header = "{'descr': '<f\u{0}\u{1B}[31m', 'fortran_order': False, 'shape': (2,), }"
    do {
      _ = try NPYArray.decode(NPYMalformedTests.file(header: header), path: "x.npy")
      Issue.record("accepted")
    } catch {
      let message = error.description
      #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
      #expect(message.contains(#"unsupported dtype "<f\u{0}\u{1B}[31m""#))
    }
  }

  @Test("a long key is cut to 80 characters with an ellipsis")
  func longKey() {
    let key = String(repeating: "k", count: 5000)
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), '\(key)': 1}"
    do {
      _ = try NPYArray.decode(NPYMalformedTests.file(header: header, data: [UInt8](repeating: 0, count: 8)))
      Issue.record("accepted")
    } catch {
      #expect(error.description.contains("unexpected key \"" + String(repeating: "k", count: 80) + "…\""))
      #expect(error.description.utf8.count < 200)
    }
  }

  @Test("a 10,000-axis shape is shown by its first axes and its rank")
  func longShape() {
    let shape = "(" + String(repeating: "0, ", count: 10_000) + ")"
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
    do {
      _ = try NPYArray.decode(NPYMalformedTests.file(header: header, data: [0]))
      Issue.record("accepted")
    } catch {
      #expect(error.description.contains("(0, 0, 0, 0, 0, 0, 0, 0, … 10000 axes)"))
      #expect(error.description.utf8.count < 300)
    }
  }

  @Test("quoting: printable text is kept, quotes and backslashes escaped, other text as \\u{…}")
  func quoting() {
    #expect(NPYError.quoted("<f4") == #""<f4""#)
    #expect(NPYError.quoted("a\"b\\c") == #""a\"b\\c""#)
    #expect(NPYError.quoted("é\n\u{0}\u{200B}") == #""é\u{A}\u{0}\u{200B}""#)
    #expect(
      NPYError.quoted(String(repeating: "x", count: 81)) == "\"" + String(repeating: "x", count: 80) + "…\"")
    #expect(
      NPYError.quoted(String(repeating: "x", count: 80)) == "\"" + String(repeating: "x", count: 80) + "\"")
  }
}
