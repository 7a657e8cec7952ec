// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "checkerscope",
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
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // A prefixed C shim over the system libpng.
    .target(
      name: "CLibPNG",
      linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]
    ),
    // Checked sizes and the memory budget, used by every module that sizes buffers from input.
    .target(name: "CheckerscopeCore"),
    .target(name: "PNGIO", dependencies: ["CLibPNG"]),
    .target(name: "NPYIO"),
    // Register-tile micro-kernels compiled for AVX2/AVX-512 by per-function target attributes,
    // chosen at run time; the Swift path is the fallback.
    .target(name: "CKernels"),
    .target(name: "TransposedConv", dependencies: ["CKernels", "CheckerscopeCore"]),
    .target(name: "OverlapAnalysis", dependencies: ["TransposedConv", "CheckerscopeCore"]),
    .target(name: "Rendering", dependencies: ["OverlapAnalysis", "CheckerscopeCore"]),
    .target(name: "ArtifactDetection", dependencies: ["TransposedConv", "CheckerscopeCore"]),
    .target(name: "TensorIO", dependencies: ["PNGIO", "NPYIO", "TransposedConv", "CheckerscopeCore"]),
    .target(
      name: "Reporting",
      dependencies: [
        "OverlapAnalysis", "Rendering", "PNGIO", "TensorIO", "ArtifactDetection", "TransposedConv",
        "CheckerscopeCore",
      ]
    ),
    .executableTarget(
      name: "checkerscope",
      dependencies: [
        "PNGIO", "NPYIO", "TransposedConv", "OverlapAnalysis", "Rendering", "Reporting",
        "ArtifactDetection", "TensorIO", "CheckerscopeCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "checkerscope-bench",
      dependencies: [
        "PNGIO", "NPYIO", "TransposedConv", "OverlapAnalysis", "Rendering", "Reporting",
        "ArtifactDetection", "TensorIO",
      ]
    ),
    .target(name: "TestSupport"),
    .testTarget(name: "CheckerscopeCoreTests", dependencies: ["CheckerscopeCore"]),
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
      name: "ReportingTests", dependencies: ["Reporting", "OverlapAnalysis", "PNGIO", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["checkerscope", "PNGIO", "NPYIO", "TestSupport"]),
  ]
)
