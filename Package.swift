// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "checkerscope",
  // Linux ignores this; on macOS, ContinuousClock (progress bar, bench) needs 13.
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "checkerscope", targets: ["checkerscope"]),
    .executable(name: "checkerscope-bench", targets: ["checkerscope-bench"]),
    .library(name: "CheckerscopeCore", targets: ["CheckerscopeCore"]),
    .library(name: "PNGIO", targets: ["PNGIO"]),
    .library(name: "NPYIO", targets: ["NPYIO"]),
    .library(name: "TransposedConv", targets: ["TransposedConv"]),
    .library(name: "OverlapAnalysis", targets: ["OverlapAnalysis"]),
    .library(name: "Rendering", targets: ["Rendering"]),
    .library(name: "Reporting", targets: ["Reporting"]),
    .library(name: "ArtifactDetection", targets: ["ArtifactDetection"]),
    .library(name: "ModelIO", targets: ["ModelIO"]),
    .library(name: "ModelAudit", targets: ["ModelAudit"]),
    .library(name: "ModelRuntime", targets: ["ModelRuntime"]),
    .library(name: "ModelProbe", targets: ["ModelProbe"]),
    .library(name: "TensorIO", targets: ["TensorIO"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // `swift package generate-documentation`: the DocC catalogues in Sources/*/*.docc.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    // A prefixed C shim over the system libpng.
    .target(
      name: "CLibPNG",
      linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]
    ),
    // Checked sizes and the memory budget, used by every module that sizes buffers from input.
    .target(name: "CheckerscopeCore"),
    // Atomic file and folder replacement (renameat2 via a tiny C shim), temporaries, locks.
    .target(name: "CFileOutput"),
    .target(name: "FileOutput", dependencies: ["CFileOutput"]),
    .target(name: "PNGIO", dependencies: ["CLibPNG", "FileOutput"]),
    .target(name: "NPYIO", dependencies: ["FileOutput"]),
    // Register-tile micro-kernels compiled for AVX2/AVX-512 by per-function target attributes,
    // chosen at run time; the Swift path is the fallback.
    .target(name: "CKernels"),
    .target(name: "TransposedConv", dependencies: ["CKernels", "CheckerscopeCore"]),
    .target(name: "OverlapAnalysis", dependencies: ["TransposedConv", "CheckerscopeCore"]),
    .target(name: "Rendering", dependencies: ["OverlapAnalysis", "CheckerscopeCore"]),
    .target(name: "ArtifactDetection"),
    .target(name: "TensorIO", dependencies: ["PNGIO", "NPYIO", "TransposedConv", "ModelIO"]),
    // ONNX (swift-protobuf generated code for onnx.proto, see Scripts/generate_onnx_proto.sh) and
    // safetensors readers into one model representation, ModelGraph.
    .target(
      name: "ModelIO",
      dependencies: [
        "TransposedConv", "OverlapAnalysis", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    .target(
      name: "Reporting",
      dependencies: [
        "OverlapAnalysis", "Rendering", "PNGIO", "TensorIO", "ArtifactDetection", "TransposedConv", "ModelIO",
        "ModelAudit", "ModelProbe", "FileOutput", "CheckerscopeCore",
      ]
    ),
    .executableTarget(
      name: "checkerscope",
      dependencies: [
        "PNGIO", "NPYIO", "TransposedConv", "OverlapAnalysis", "Rendering", "Reporting",
        "ArtifactDetection", "TensorIO", "ModelIO", "ModelAudit", "ModelRuntime", "ModelProbe", "FileOutput",
        "CheckerscopeCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "checkerscope-bench",
      dependencies: [
        "PNGIO", "NPYIO", "TransposedConv", "OverlapAnalysis", "Rendering", "Reporting",
        "ArtifactDetection", "TensorIO", "ModelIO", "ModelAudit", "ModelRuntime", "ModelProbe",
      ]
    ),
    .target(name: "TestSupport"),
    .testTarget(name: "CheckerscopeCoreTests", dependencies: ["CheckerscopeCore"]),
    .testTarget(name: "FileOutputTests", dependencies: ["FileOutput", "TestSupport"]),
    .testTarget(name: "PNGIOTests", dependencies: ["PNGIO", "TestSupport"]),
    .testTarget(name: "NPYIOTests", dependencies: ["NPYIO", "TestSupport"]),
    .testTarget(
      name: "TransposedConvTests",
      dependencies: ["TransposedConv", "NPYIO", "TensorIO", "TestSupport", "CheckerscopeCore"]),
    .testTarget(
      name: "OverlapAnalysisTests",
      dependencies: ["OverlapAnalysis", "TransposedConv", "TestSupport", "CheckerscopeCore"]),
    .testTarget(
      name: "RenderingTests", dependencies: ["Rendering", "OverlapAnalysis", "PNGIO", "TestSupport"]),
    .testTarget(
      name: "ArtifactDetectionTests",
      dependencies: ["ArtifactDetection", "TransposedConv", "PNGIO", "TensorIO", "TestSupport"]),
    .testTarget(
      name: "ReportingTests",
      dependencies: ["Reporting", "OverlapAnalysis", "PNGIO", "FileOutput", "TestSupport"]),
    .target(name: "ModelAudit", dependencies: ["ModelIO", "OverlapAnalysis", "Rendering", "TransposedConv"]),
    .testTarget(
      name: "ModelAuditTests", dependencies: ["ModelAudit", "ModelIO", "OverlapAnalysis", "TestSupport"]),
    .testTarget(name: "ModelIOTests", dependencies: ["ModelIO", "TransposedConv", "NPYIO", "TestSupport"]),
    // The ONNX interpreter on TransposedConv's engine.
    .target(name: "ModelRuntime", dependencies: ["ModelIO", "TransposedConv"]),
    // Runs a model and measures where the periodic pattern starts (checkerscope probe).
    .target(
      name: "ModelProbe",
      dependencies: [
        "ModelRuntime", "ModelIO", "ArtifactDetection", "TransposedConv", "OverlapAnalysis", "Rendering",
      ]),
    .testTarget(
      name: "ModelProbeTests",
      dependencies: ["ModelProbe", "ModelRuntime", "ModelIO", "TransposedConv", "TestSupport"]),
    .testTarget(
      name: "ModelRuntimeTests",
      dependencies: ["ModelRuntime", "ModelIO", "TransposedConv", "TensorIO", "NPYIO", "TestSupport"]),
    .testTarget(
      name: "CLITests",
      dependencies: ["checkerscope", "PNGIO", "NPYIO", "ModelIO", "OverlapAnalysis", "TestSupport"]),
  ]
)
