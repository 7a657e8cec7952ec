import Foundation
import ModelIO

/// What a model file holds, told from its first bytes rather than its extension: a safetensors
/// state dict starts with an 8-byte little-endian header length followed by `{`; anything else is
/// read as ONNX (whose reader then says precisely what is wrong).
enum ModelFileKind: Equatable {
  case onnx, safetensors

  /// The kind of the file at `path`; `.onnx` when it cannot be read (the reader reports why).
  init(path: String) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      self = .onnx
      return
    }
    defer { try? handle.close() }
    let head = [UInt8]((try? handle.read(upToCount: 9)) ?? Data())
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
    self = Self.isSafetensors(head: head, fileSize: size) ? .safetensors : .onnx
  }

  /// True when `head` (the file's first 9 bytes) opens a safetensors file of `fileSize` bytes: a
  /// header length that fits the file, then the JSON header's `{`.
  static func isSafetensors(head: [UInt8], fileSize: UInt64) -> Bool {
    guard head.count == 9, head[8] == UInt8(ascii: "{"), fileSize >= 9 else { return false }
    let length = head[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    return length >= 2 && length <= fileSize - 8
  }
}

extension SafetensorsFile {
  /// The tensors that could be transposed-convolution weights: floating-point, rank 3 to 5
  /// (`(C_in, C_out/groups, k…)` of ConvTranspose1d/2d/3d), in header order.
  var candidateWeights: [Entry] {
    entries.filter { (3...5).contains($0.shape.count) && $0.dataType.isFloatingPoint }
  }

  /// The usage error for `--safetensors FILE` without `--layer`: a state dict does not say which
  /// tensors are ConvTranspose weights nor their strides, so the user names them; the message lists
  /// the candidates with their shapes and an example `--layer`.
  func missingLayersError() -> CLIError {
    let candidates = candidateWeights
    guard let first = candidates.first else {
      return CLIError(
        "\(path): no tensor of rank 3 to 5 (a ConvTranspose1d/2d/3d weight) to audit", exitCode: 64)
    }
    let width = candidates.map(\.name.count).max() ?? 0
    let lines = candidates.map { entry in
      "  " + entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
        + entry.shape.map(String.init).joined(separator: "×")
    }
    let taps = first.shape.dropFirst(2)
    let kernel =
      Set(taps).count == 1 ? taps.map(String.init)[0] : taps.map(String.init).joined(separator: "x")
    return CLIError(
      "\(path): a state dict does not say which tensors are ConvTranspose weights or their strides; give "
        + "--layer 'TENSOR:k=…,s=…' for each (e.g. --layer '\(first.name):k=\(kernel),s=2'). "
        + "Weights of rank 3 to 5 (C_in×C_out/groups×k…):\n" + lines.joined(separator: "\n"),
      exitCode: 64)
  }
}
