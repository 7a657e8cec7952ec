import ArtifactDetection
import Foundation
import TensorIO
import TransposedConv

/// `detect` on `.npy` arrays: image batches `(N, C, H, W)`, each image examined like a PNG, and
/// volumes of shape `(D, H, W)` or `(N, C, D, H, W)`, all `N·C` volumes examined together by
/// `VolumeDetector`, which finds a period per axis.
extension Detect {
  /// True for the files `detect` reads as arrays (image batches or volumes).
  static func isVolume(_ file: String) -> Bool { file.lowercased().hasSuffix(".npy") }

  /// Reads and examines one `.npy` array; never throws.
  static func examineVolume(_ file: String, maxPeriod: Int) -> Outcome {
    do {
      let tensor = try Tensor.readNPY(from: file)
      if tensor.rank == 4 {
        let detector = ArtifactDetector(maxPeriod: maxPeriod)
        var detections: [Detection] = []
        for (index, image) in try GreyImage.images(tensor: tensor, path: file).enumerated() {
          do {
            detections.append(try detector.detect(image))
          } catch {
            return .failed("\(file): image \(index): \(error.description)")
          }
        }
        return .images(detections)
      }
      let volume = try GreyVolume(tensor: tensor, path: file)
      do {
        return .volume(try VolumeDetector(maxPeriod: maxPeriod).detect(volume))
      } catch {
        return .failed("\(file): \(error.description)")
      }
    } catch {
      return .failed(error.description)
    }
  }
}
