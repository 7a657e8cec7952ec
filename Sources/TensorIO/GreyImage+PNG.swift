import ArtifactDetection
import PNGIO
import TransposedConv

extension GreyImage {
  /// The luminance of a PNG in [0, 1]: samples divided by 255 or 65535, Rec. 601 luma for colour
  /// (alpha ignored), as `checkerscope detect` examines it.
  public init(png: PNGImage) {
    let samples: [Float]
    switch png.samples {
    case .uint8(let v): samples = v.map { Float($0) / 255 }
    case .uint16(let v): samples = v.map { Float($0) / 65535 }
    }
    self.init(interleaved: samples, width: png.width, height: png.height, channels: png.channels)
  }
}

extension GreyVolume {
  /// The volume(s) of a tensor of shape `(D, H, W)`, or all `N·C` volumes of `(N, C, D, H, W)`;
  /// `path` names the file in the error for other shapes.
  public init(tensor: Tensor, path: String) throws(TensorIOError) {
    let shape = tensor.shape
    switch shape.count {
    case 3: self.init(shape: shape, values: tensor.data)
    case 5: self.init(shape: Array(shape[2...]), count: shape[0] * shape[1], values: tensor.data)
    default: throw .notAVolume(path: path, shape: shape)
    }
  }
}
