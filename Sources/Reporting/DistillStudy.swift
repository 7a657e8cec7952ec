import ModelAudit
import OverlapAnalysis
import TransposedConv

/// The built-in default study: "Reproducing *Deconvolution and Checkerboard Artifacts*" (Odena,
/// Dumoulin, Olah, Distill 2016), written by `checkerscope report` into
/// `Reports/distill-reproduction/`.
///
/// It checks every fact F1…F20 of `Fixtures/reference/FACTS.md`, then adds the kernel × stride
/// summary, a layer stack, gain maps of kernels, gradient maps, the remedies and an image
/// experiment on `Fixtures/images/chelsea.png` and the detector on the sample photographs (resolved against the current folder, so run it
/// from the repository root).
public enum DistillStudy {
  /// Where the default study is written, relative to the current folder.
  public static let output = "Reports/distill-reproduction"

  /// The photograph of the image experiment, relative to the repository root.
  public static let photograph = "Fixtures/images/chelsea.png"

  /// The trained autoencoders of `Scripts/make_probe_models.py` the last sections audit and probe.
  public static let trainedConvT = "Fixtures/models/probe/trained_ae_convt.onnx"
  public static let trainedResize = "Fixtures/models/probe/trained_ae_resize.onnx"

  /// The study.
  public static var spec: StudySpec {
    func layers(_ texts: [String], dims: Int) -> [LayerConfig] {
      texts.compactMap { try? LayerConfig(parsing: $0, dims: dims) }
    }
    let stackTexts = ["k=3,s=2", "k=3,s=2", "k=4,s=1"]
    let remedyDeconv = LayerConfig(dims: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1)
    let imageAxes = [AxisParameters](
      repeating: AxisParameters(stride: 2, padding: 1, outputPadding: 1), count: 2)
    return StudySpec(
      title: "Reproducing *Deconvolution and Checkerboard Artifacts*",
      introduction: [
        "This report checks the overlap analysis of the Distill article "
          + "[Deconvolution and Checkerboard Artifacts](https://distill.pub/2016/deconv-checkerboard/) "
          + "(Augustus Odena, Vincent Dumoulin, Chris Olah, 2016) with checkerscope, and extends it. Every map, "
          + "table and picture below is computed by the tool when the report is generated.",
        "What is reproduced: the article's overlap figures and statements about all-ones kernels — the 1D, 2D "
          + "and stacked-layer figures (F1, F3, F15), even overlap exactly when the stride divides the kernel "
          + "size, and the checkerboard in the gradient of a strided convolution. The facts F1…F20 of "
          + "`Fixtures/reference/FACTS.md` are the project's own derivations (a closed form and worked "
          + "values), not numbers printed in the article; several go beyond it (dilation, PyTorch's padding, "
          + "output padding and output sizes, the spectrum of a tiled map, TensorFlow's 'same' padding). "
          + "Section 1 checks each of them — the expected values are copied from that file, the computed "
          + "ones come from the tool, and a ✗ marks any disagreement.",
        "What is not reproduced: the article's observations on its trained networks (artifacts in generated "
          + "images, and which remedy trained best). They are quoted as text, with their source, in the "
          + "Remedies section; the last two sections show the article's central claim on a much smaller "
          + "scale, on two autoencoders briefly trained for this project. The later sections extend the "
          + "article's figures: the kernel × stride summary, stacked layers, gain maps of real kernels, the "
          + "gradient of a strided convolution, the remedies, a photograph through a transposed convolution "
          + "and through resize-convolution, the artifact detector on clean photographs, and the model audit "
          + "and probe on learned weights.",
      ],
      output: output,
      sections: [
        StudySection(
          title: "The facts F1…F20",
          text: [
            "Overlap count = the number of (input index, kernel tap) pairs that land on an output, i.e. "
              + "the transposed convolution of an all-ones input with an all-ones kernel. *Interior* values "
              + "are one period of the pattern an infinitely long input gives; *max/min* and the coefficient "
              + "of variation (CV) are taken over that period."
          ],
          content: .facts(ids: DistillFacts.ids)),
        StudySection(
          title: "Kernel × stride summary",
          text: [
            "The interior max/min ratio of a 2D all-ones transposed convolution for every kernel size "
              + "k = 1…8 and stride s = 1…4 (input 16×16, no padding). 1.00 is uniform; grey cells "
              + "leave holes that no tap reaches."
          ],
          content: .grid(GridRequest(dims: 2, kernels: Array(1...8), strides: Array(1...4), inputSize: 16))),
        StudySection(
          title: "Stacked layers",
          text: [
            "The article's stacked figure in 2D: two k=3, s=2 layers compound the pattern to period 4, and "
              + "a stride-1 layer of 4 taps — one full period — flattens it again (F15, F16)."
          ],
          content: .stack(
            MapRequest(inputSize: [4, 4], layers: layers(stackTexts, dims: 2), layerTexts: stackTexts))),
        StudySection(
          title: "Gain maps of kernels",
          text: [
            "With real weights the map holds gains: the output for a constant input of 1. A stride-2 "
              + "kernel gives a flat gain exactly when its polyphase sums are equal (FACTS.md, weighted "
              + "kernels), whatever the overlap counts say."
          ],
          content: .gain(
            GainRequest(
              inputSize: [8, 8],
              axes: [AxisParameters](repeating: AxisParameters(stride: 2, padding: 1), count: 2),
              kernels: [
                KernelSource(
                  label: "bilinear:4", origin: .spec(KernelSpec(kind: .bilinear, size: PerAxis([4])))),
                KernelSource(label: "ones:4", origin: .spec(KernelSpec(kind: .ones, size: PerAxis([4])))),
                KernelSource(label: "ones:3", origin: .spec(KernelSpec(kind: .ones, size: PerAxis([3])))),
                KernelSource(
                  label: "[[1,0,1,0]] ⊗ [[1,0,1,0]]",
                  origin: .weights(
                    [1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0], shape: [4, 4])),
                KernelSource(
                  label: "random:4:7", origin: .spec(KernelSpec(kind: .random, size: PerAxis([4]), seed: 7))),
              ]))),
        StudySection(
          title: "Gradient of a strided convolution",
          text: [
            "The article notes that the gradient of a strided convolution is a transposed convolution, "
              + "so it shows the same checkerboard: the map counts how often a 3×3, stride-2 convolution "
              + "reads each input pixel."
          ],
          content: .gradient(
            GradientRequest(
              inputSize: [12, 12], layers: layers(["k=3,s=2"], dims: 2), layerTexts: ["k=3,s=2"]))),
        StudySection(
          title: "Remedies",
          text: [
            "The article's fix is to separate upsampling from convolution. Each remedy below upsamples by 2 "
              + "and applies a 3×3 convolution; the transposed convolution k=3, s=2, p=1, op=1 has the same "
              + "output size.",
            "On trained networks (Odena, Dumoulin, Olah 2016, Distill; not reproduced here): of the "
              + "resize-convolutions they tried, nearest-neighbour resize followed by a convolution gave them the "
              + "best results, while bilinear resize was harder to make work; and even layers with even overlap "
              + "(a kernel size divisible by the stride, which includes sub-pixel convolution) often learned "
              + "weights that make artifacts. Sub-pixel convolution with ICNR initialisation (Aitken et al. 2017, "
              + "\"Checkerboard artifact free sub-pixel convolution\") is flat only at initialisation: training "
              + "can move its weights away from equal polyphase sums, so the artifacts can return. "
              + "`checkerscope audit` checks the weights a model actually has.",
          ],
          content: .remedies(
            RemediesRequest(
              inputSize: [8, 8], deconv: remedyDeconv, deconvText: "k=3,s=2,p=1,op=1", kernel: [3, 3],
              remedies: Remedy.allCases))),
        StudySection(
          title: "A photograph through a transposed convolution",
          text: [
            "A 128×128 crop of a CC0 photograph (`\(photograph)`, luminance) upsampled ×2 by the all-ones "
              + "3×3 transposed convolution (scaled to a mean gain of 1) and by resize-convolution "
              + "(nearest ×2, then a 3×3 box filter)."
          ],
          content: .image(
            ImageRequest(
              image: ImageInput(
                label: "chelsea.png", path: photograph, origin: [40, 170], size: [128, 128]),
              kernel: KernelSource(
                label: "ones:3", origin: .spec(KernelSpec(kind: .ones, size: PerAxis([3])))),
              axes: imageAxes, remedy: .resizeNearest, remedyKernel: 3, detect: true))),
        StudySection(
          title: "The detector on clean photographs",
          text: [
            "The artifact detector (its one fixed rule, default threshold) on 256×256 crops of the four sample "
              + "photographs of `Fixtures/images`, none of which went through a transposed convolution: a "
              + "check that natural content, including the regular courses of a brick wall, is not mistaken "
              + "for a checkerboard."
          ],
          content: .detection(
            DetectionRequest(
              images: ["camera", "brick", "coffee", "chelsea"].map { name in
                ImageInput(
                  label: "\(name).png", path: "Fixtures/images/\(name).png", origin: [0, 0], size: [256, 256])
              }))),
        StudySection(
          title: "Learned weights: auditing a trained transposed-convolution decoder",
          text: [
            "The article's central claim is about learned weights: a transposed convolution whose overlap is "
              + "uneven makes checkerboards in a trained network, not only with all-ones kernels. "
              + "`\(trainedConvT)` is a small autoencoder (two strided convolutions down, two k=3, s=2 "
              + "transposed convolutions up) trained for 150 steps on 32×32 patches of the CC0 photographs by "
              + "`Scripts/make_probe_models.py`. The audit reads its weights: both transposed convolutions "
              + "have uneven overlap, and the learned weights do not flatten it (phase energy fraction above "
              + "the threshold)."
          ],
          content: .model(
            ModelRequest(
              model: trainedConvT, displayPath: trainedConvT, inputShape: nil,
              threshold: ModelAuditor.defaultThreshold, heatmaps: false))),
        StudySection(
          title: "Learned weights: running the trained decoders",
          text: [
            "`checkerscope probe` runs the network on an all-ones input and measures the periodic pattern in "
              + "every node's interior. In the transposed-convolution autoencoder the pattern starts at its "
              + "first transposed convolution and reaches the output; the same autoencoder built with "
              + "resize-convolutions (nearest ×2, then a 3×3 convolution; `\(trainedResize)`, trained the "
              + "same way) has none. This is the article's recommendation seen on learned weights, at toy "
              + "scale: 150 training steps, not a converged generator."
          ],
          content: .probe(
            ProbeRequest(model: trainedConvT, displayPath: trainedConvT, inputShape: nil, input: "constant"))),
        StudySection(
          title: "Learned weights: the resize-convolution decoder",
          text: ["The probe of `\(trainedResize)`, for comparison."],
          content: .probe(
            ProbeRequest(model: trainedResize, displayPath: trainedResize, inputShape: nil, input: "constant")
          )),
      ],
      file: StudySpec.builtInFile, baseDirectory: ".")
  }
}
