import CheckerscopeCore
import OverlapAnalysis
import Rendering
import TransposedConv

/// The image experiment section: a photograph through a transposed convolution and through a
/// remedy, their difference, close-ups, and the kernel's gain map.
enum ImageSection {
  static func run(_ request: ImageRequest, spec: StudySpec, into builder: inout ReportBuilder) throws {
    let field = "sections[\(builder.section - 1)]"
    let input = try ImageExperiment.load(
      request.image, spec: spec.file, field: field + ".image", budget: builder.budget)
    let (taps, shape) = try request.kernel.taps(dims: 2, spec: spec.file, field: field + ".kernel")
    guard shape.count == 2 else {
      throw ReportError.invalidField(
        path: spec.file, field: field + ".kernel", reason: "the kernel must be 2D")
    }
    let run = try ImageExperiment.run(input: input, taps: taps, shape: shape, request: request)
    let strides = request.axes.map(\.stride)
    let layerText = LayerConfig(kernel: shape, axes: request.axes).text(.prose)
    let label = request.image.label
    let h = input.shape[2]
    let w = input.shape[3]
    try builder.figure(
      try ImageExperiment.png(input), name: "input", alt: "The input photograph \(label), grey",
      caption: "Input: \(label), \(h)×\(w) luminance crop.")
    try builder.figure(
      try ImageExperiment.png(run.deconv), name: "deconv",
      alt: "The photograph after the transposed convolution \(layerText)",
      caption:
        "Through the transposed convolution \(layerText) with kernel \(request.kernel.label) scaled to a mean gain of 1: \(run.deconv.shape[2])×\(run.deconv.shape[3])."
    )
    try builder.figure(
      try ImageExperiment.png(run.remedy), name: "remedy",
      alt: "The photograph after the remedy \(request.remedy.rawValue)",
      caption:
        "Through the remedy \(request.remedy.rawValue) (upsampling by \(MapSections.sizes(strides)), then a \(request.remedyKernel)×\(request.remedyKernel) box filter): \(run.remedy.shape[2])×\(run.remedy.shape[3])."
    )
    let (differenceImage, range) = try ImageExperiment.signedPNG(run.difference)
    try builder.figure(
      differenceImage, name: "difference", alt: "Difference between the two outputs, mid-grey is zero",
      caption:
        "Transposed convolution minus remedy; mid-grey is 0, black and white are ∓\(NumberFormat.fixed(range, 3))."
    )
    let zoom = 4
    let size = 48
    try builder.figure(
      try ImageExperiment.png(try ImageExperiment.detail(run.deconv, size: size, factor: zoom)),
      name: "deconv-detail", alt: "Close-up of the transposed convolution's output showing the checkerboard",
      caption:
        "Close-up of Figure \(builder.document.nextFigure - 3): the central \(size)×\(size) pixels enlarged \(zoom)×."
    )
    try builder.figure(
      try ImageExperiment.png(try ImageExperiment.detail(run.remedy, size: size, factor: zoom)),
      name: "remedy-detail", alt: "Close-up of the remedy's output",
      caption: "Close-up of Figure \(builder.document.nextFigure - 3): the same pixels enlarged \(zoom)×.")
    let gain = try OverlapMap(
      layer: LayerConfig(kernel: shape, axes: request.axes, weights: run.kernel), inputSize: [8, 8])
    try MapSections.figure(gain, name: "kernel-gain", label: "the scaled kernel \(layerText)", into: &builder)
    let measures = try ImageMeasures.table(
      [("input", run.input, 1), ("transposed convolution", run.deconv, 1), ("remedy", run.remedy, 1)],
      strides: strides, detect: request.detect, into: &builder)
    let gm = gain.interiorMetrics
    builder.finding(
      "The kernel's gain map spans \(Numbers.text(gm.min))…\(Numbers.text(gm.max)) around a mean of \(Numbers.text(gm.mean)), "
        + "so the transposed convolution multiplies the photograph by a period-\(MapSections.sizes(gm.period)) pattern"
        + (measures.isEmpty ? "." : "; " + measures))
  }
}
