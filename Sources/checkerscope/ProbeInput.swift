import ArgumentParser
import ModelProbe

/// `probe --input`: `constant` (all ones), `noise` (seeded uniform) or a `.npy`/`.png` file,
/// parsed once with the arguments (anything else is a usage error, exit 64).
enum ProbeInput: Sendable, Hashable, CustomStringConvertible, ExpressibleByArgument {
  case constant
  case noise
  /// A tensor file; `isPNG` by its extension, else `.npy`.
  case file(path: String, isPNG: Bool)

  init?(argument: String) {
    let lower = argument.lowercased()
    switch argument {
    case "constant": self = .constant
    case "noise": self = .noise
    default:
      guard lower.hasSuffix(".npy") || lower.hasSuffix(".png") else { return nil }
      self = .file(path: argument, isPNG: lower.hasSuffix(".png"))
    }
  }

  /// The parse as an option's transform: the input, or an error saying what an input is.
  static let argument: @Sendable (String) throws -> ProbeInput = { text in
    guard let input = ProbeInput(argument: text) else {
      throw ValidationError("must be constant, noise, or a .npy or .png file")
    }
    return input
  }

  /// The made-up input this names; nil for a file.
  var stimulus: Probe.Stimulus? {
    switch self {
    case .constant: return .constant
    case .noise: return .noise
    case .file: return nil
    }
  }

  /// The text given: `constant`, `noise` or the file's path (the report's input label).
  var description: String {
    switch self {
    case .constant: return "constant"
    case .noise: return "noise"
    case .file(let path, _): return path
    }
  }
}
