import ArtifactDetection
import Foundation
import PNGIO
import Rendering
import TensorIO
import TransposedConv

/// One file of `detect`: read, examined and (if asked) drawn. PNG files are examined as images;
/// `.npy` arrays are image batches `(N, C, H, W)`, each image examined like a PNG, or volumes of
/// shape `(D, H, W)` or `(N, C, D, H, W)`, all `N·C` volumes examined together by
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

  /// Reads, examines and (if asked) draws one file; never throws.
  static func examine(
    _ file: String, detector: ArtifactDetector, heatmap: String?, spectrum: String?,
    figures: FigureFormat = .png
  ) -> Outcome {
    if isVolume(file) { return examineVolume(file, maxPeriod: detector.maxPeriod) }
    do {
      let png = try PNGInput.read(file, options: PNGReadOptions(readText: false))
      let image = GreyImage(png: png)
      let detection: Detection
      do {
        detection = try detector.detect(image)
      } catch {
        return .failed("\(file): \(error.description)")
      }
      let software = [PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)")]
      if let heatmap {
        try FigureOutput.write(
          try DetectionFigure.phaseMeans(of: detection, name: stem(file)),
          to: outputPath(heatmap, file, "phase-means", figures), scale: 1, text: software)
      }
      if let spectrum {
        try FigureOutput.write(
          try DetectionFigure.spectrum(
            of: PowerSpectrum.pictureCrop(image, period: detection.period), name: stem(file)),
          to: outputPath(spectrum, file, "spectrum", figures), scale: 1, text: software)
      }
      return .detected(detection)
    } catch let error as PNGIOError {
      return .failed(error.description)
    } catch {
      return .failed("\(file): \(error)")
    }
  }

  /// The bytes examining `file` needs, from its header or size (`ArtifactDetector.bytesNeeded`,
  /// `VolumeDetector.bytesNeeded`). Nil when the header cannot be read (`examine` reports it).
  static func memoryNeeded(_ file: String) -> Int? {
    if isVolume(file) {
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
        let size = (attributes[.size] as? NSNumber)?.intValue
      else { return nil }
      return VolumeDetector.bytesNeeded(fileBytes: size)
    }
    guard let info = try? PNGInfo.read(from: file) else { return nil }
    return ArtifactDetector.bytesNeeded(
      width: info.width, height: info.height, channels: info.channels,
      bytesPerSample: info.decodedBitDepth > 8 ? 2 : 1)
  }

  static func stem(_ file: String) -> String {
    URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
  }

  static func outputPath(_ dir: String, _ file: String, _ suffix: String, _ format: FigureFormat) -> String {
    URL(fileURLWithPath: dir).appendingPathComponent("\(stem(file))-\(suffix).\(format.fileExtension)").path
  }
}
