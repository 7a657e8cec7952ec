import ArtifactDetection
import TransposedConv

extension GreyImage {
  /// The images of an array as ML code holds them: `(N, C, H, W)` with `C` from 1 to 4 (grey,
  /// grey + alpha, RGB, RGBA; reduced to luminance like a PNG, `GreyImage(interleaved:…)`). Values keep their scale (the detector does not depend on it).
  /// `path` names the file in the error for other shapes. O(N · C · H · W).
  public static func images(tensor: Tensor, path: String) throws(TensorIOError) -> [GreyImage] {
    let shape = tensor.shape
    switch shape.count {
    case 4:
      let (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
      guard (1...4).contains(channels) else {
        throw .notAnImageArray(
          path: path,
          reason:
            "an image batch (N, C, H, W) needs C from 1 to 4 (grey, grey + alpha, RGB, RGBA), got shape \(shape)"
        )
      }
      let plane = height * width
      var images: [GreyImage] = []
      images.reserveCapacity(count)
      var interleaved = [Float](repeating: 0, count: plane * channels)
      for n in 0..<count {
        let base = n * channels * plane
        for c in 0..<channels {
          for i in 0..<plane { interleaved[i * channels + c] = tensor.data[base + c * plane + i] }
        }
        images.append(GreyImage(interleaved: interleaved, width: width, height: height, channels: channels))
      }
      return images
    default:
      throw .notAVolume(path: path, shape: shape)
    }
  }
}
