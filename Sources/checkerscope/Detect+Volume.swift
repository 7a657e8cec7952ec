import ArtifactDetection
import Foundation
import TensorIO
import TransposedConv

/// `detect` on `.npy` volumes: shape `(D, H, W)` or `(N, C, D, H, W)`, all `N·C` volumes examined
/// together by `VolumeDetector`, which finds a period per axis.
extension Detect {
  /// True for the files `detect` reads as volumes.
  static func isVolume(_ file: String) -> Bool { file.lowercased().hasSuffix(".npy") }

  /// Reads a volume file; errors name the file and say which shapes are accepted.
  static func readVolume(_ file: String) throws -> GreyVolume {
    try GreyVolume(tensor: Tensor.readNPY(from: file), path: file)
  }

  /// Reads and examines one volume; never throws.
  static func examineVolume(_ file: String, maxPeriod: Int) -> Outcome {
    do {
      let volume = try readVolume(file)
      do {
        return .volume(try VolumeDetector(maxPeriod: maxPeriod).detect(volume))
      } catch {
        return .failed("\(file): \(error.description)")
      }
    } catch let error as TensorIOError {
      return .failed(error.description)
    } catch let error as CLIError {
      return .failed(error.description)
    } catch {
      return .failed("\(file): \(error)")
    }
  }
}
