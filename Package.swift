// swift-tools-version:6.0
import PackageDescription

// Targets are listed in data-path order (Docs/ARCHITECTURE.md): what all share, files in, tensors,
// the convolution engine, the analyses on it, pictures; then the model half (reader, interpreter,
// audit, probe); then what sits on both (reports, the explorer, the command line, the bench);
// then the tests in the same order.
/// The command links the Swift runtime and Foundation statically on Linux: it then starts in about
/// 9 ms instead of 16 (no dynamic loading and relocation of the Swift libraries), which every
/// command pays and a whole `probe` of a small model notices (Docs/PERFORMANCE.md). The modules are
/// compiled against the shared libraries' interfaces as usual; only the link differs, so it names
/// the static archives Foundation's shared library otherwise brings along (CoreFoundation, ICU, the
/// shims), as one group. Release builds only: the test bundle links the command's module too, beside
/// XCTest's shared Foundation, and debug builds keep their faster link. The toolchain's lld links
/// it: the system linker warns about glibc's `mktemp` inside the static FoundationEssentials on every
/// release build, a harmless line a newcomer should not have to wonder about. macOS has no static
/// Swift runtime: its build is unchanged.
let staticSwiftRuntime: [LinkerSetting] = [
  .unsafeFlags(
    ["-static-stdlib", "-use-ld=lld", "-Xlinker", "--start-group"]
      + [
        "swiftSynchronization", "CoreFoundation", "_FoundationICU", "_FoundationCShims",
        "_FoundationCollections", "Foundation", "FoundationEssentials", "FoundationInternationalization",
      ].flatMap { ["-Xlinker", "-l\($0)"] } + ["-Xlinker", "--end-group"],
    .when(platforms: [.linux], configuration: .release))
]

let package = Package(
  name: "checkerscope",
  // Linux ignores this; on macOS, Mutex (Synchronization: progress bar, status ticker, detect) needs 15.
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "checkerscope", targets: ["checkerscope"]),
    .executable(name: "checkerscope-bench", targets: ["checkerscope-bench"]),
    .library(name: "CheckerscopeCore", targets: ["CheckerscopeCore"]),
    .library(name: "PNGIO", targets: ["PNGIO"]),
    .library(name: "NPYIO", targets: ["NPYIO"]),
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "TransposedConv", targets: ["TransposedConv"]),
    .library(name: "OverlapAnalysis", targets: ["OverlapAnalysis"]),
    .library(name: "Sweeps", targets: ["Sweeps"]),
    .library(name: "ArtifactDetection", targets: ["ArtifactDetection"]),
    .library(name: "Rendering", targets: ["Rendering"]),
    .library(name: "ModelIO", targets: ["ModelIO"]),
    .library(name: "TensorIO", targets: ["TensorIO"]),
    .library(name: "ModelRuntime", targets: ["ModelRuntime"]),
    .library(name: "ModelAudit", targets: ["ModelAudit"]),
    .library(name: "ModelProbe", targets: ["ModelProbe"]),
    .library(name: "Reporting", targets: ["Reporting"]),
    .library(name: "Explorer", targets: ["Explorer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // `swift package generate-documentation`: the DocC catalogues in Sources/*/*.docc.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // What several modules share: checked sizes and the memory budget (CoreError), JSONValue
    // (encoder, parser, JSONError), NumberFormat, CSV, luma, the seeded generator, gcd/lcm.
    .target(name: "CheckerscopeCore"),
    // Atomic file and folder replacement (renameat2 via a tiny C shim), temporaries, locks.
    .target(name: "CFileOutput"),
    .target(name: "FileOutput", dependencies: ["CFileOutput"]),
    // The system libpng and zlib, found by pkg-config (Homebrew's are under /opt/homebrew).
    .systemLibrary(
      name: "SystemLibPNG",
      pkgConfig: "libpng",
      providers: [.apt(["libpng-dev", "zlib1g-dev"]), .brew(["libpng"])]
    ),
    // A prefixed C shim over the system libpng: the only code that includes <png.h> or calls setjmp.
    .target(
      name: "CLibPNG",
      dependencies: ["SystemLibPNG"],
      linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]
    ),
    .target(name: "PNGIO", dependencies: ["CheckerscopeCore", "CLibPNG", "FileOutput"]),
    .target(name: "NPYIO", dependencies: ["FileOutput"]),
    // The tensor vocabulary (`Tensor`), apart from the convolution engine and its C kernels.
    .target(name: "Tensors"),
    // Register-tile micro-kernels compiled for AVX2/AVX-512 by per-function target attributes,
    // chosen at run time; the Swift path is the fallback.
    .target(name: "CKernels"),
    // Re-exports Tensors.
    .target(name: "TransposedConv", dependencies: ["CheckerscopeCore", "Tensors", "CKernels"]),
    .target(name: "OverlapAnalysis", dependencies: ["CheckerscopeCore", "TransposedConv"]),
    // Grid sweeps (SweepSpec, Sweep, SweepDocument, shards, merge), value lists and baselines.
    .target(name: "Sweeps", dependencies: ["CheckerscopeCore", "OverlapAnalysis", "TransposedConv"]),
    .target(name: "ArtifactDetection", dependencies: ["CheckerscopeCore"]),
    // Also ArtifactDetection: the figures of a detection (phase-mean tile, spectrum); PNGIO: a
    // raster as a PNGImage (`PNGImage(rgb:text:)`), the one RGB → PNG conversion.
    .target(
      name: "Rendering",
      dependencies: ["CheckerscopeCore", "OverlapAnalysis", "Sweeps", "ArtifactDetection", "PNGIO"]),
    // ONNX (a hand-written reader of the protobuf wire format for the ONNX messages it uses) and
    // safetensors readers into one model representation, ModelGraph.
    .target(name: "ModelIO", dependencies: ["CheckerscopeCore", "Tensors"]),
    // Tensors ⇄ files: PNG, .npy, weights from .npy or safetensors; PNG → GreyImage.
    .target(
      name: "TensorIO", dependencies: ["PNGIO", "NPYIO", "TransposedConv", "ModelIO", "ArtifactDetection"]),
    // The ONNX interpreter on TransposedConv's engine.
    .target(name: "ModelRuntime", dependencies: ["CheckerscopeCore", "ModelIO", "TransposedConv", "CKernels"]),
    .target(
      name: "ModelAudit",
      dependencies: ["CheckerscopeCore", "ModelIO", "ModelRuntime", "OverlapAnalysis", "TransposedConv"]),
    // Runs a model and measures where the periodic pattern starts (checkerscope probe).
    // Also ModelAudit: the audit's prediction beside the probe's measurement (audit --probe);
    // CKernels: the measurement's AVX2 kernel.
    .target(
      name: "ModelProbe",
      dependencies: [
        "CheckerscopeCore", "ModelIO", "ModelRuntime", "ModelAudit", "ArtifactDetection", "TransposedConv",
        "CKernels",
      ]),
    .target(
      name: "Reporting",
      dependencies: [
        "CheckerscopeCore", "FileOutput", "PNGIO", "TransposedConv", "TensorIO", "OverlapAnalysis", "Sweeps",
        "ArtifactDetection", "Rendering", "ModelIO", "ModelAudit", "ModelProbe",
      ]
    ),
    // `checkerscope serve`: the explorer pages (embedded HTML, CSS, JS), the JSON API and its own
    // small HTTP/1.1 server on POSIX sockets (no FoundationNetworking: see Docs/EXPLORER.md).
    .target(
      name: "Explorer",
      dependencies: [
        "CheckerscopeCore", "TransposedConv", "OverlapAnalysis", "Rendering", "ModelIO", "ModelRuntime",
        "ModelAudit", "ModelProbe",
      ]),
    .executableTarget(
      name: "checkerscope",
      dependencies: [
        "CheckerscopeCore", "FileOutput", "PNGIO", "NPYIO", "TransposedConv", "OverlapAnalysis", "Sweeps",
        "ArtifactDetection", "Rendering", "ModelIO", "TensorIO", "ModelRuntime", "ModelAudit", "ModelProbe",
        "Reporting", "Explorer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      linkerSettings: staticSwiftRuntime
    ),
    .executableTarget(
      name: "checkerscope-bench",
      dependencies: [
        "CheckerscopeCore", "PNGIO", "TransposedConv", "OverlapAnalysis", "Sweeps", "ArtifactDetection",
        "Rendering", "ModelIO", "ModelRuntime", "ModelAudit", "ModelProbe", "Reporting", "TestSupport",
      ]
    ),
    .target(name: "TestSupport"),
    .testTarget(name: "CheckerscopeCoreTests", dependencies: ["CheckerscopeCore", "TestSupport"]),
    .testTarget(name: "FileOutputTests", dependencies: ["FileOutput", "TestSupport"]),
    .testTarget(name: "PNGIOTests", dependencies: ["CheckerscopeCore", "PNGIO", "TestSupport"]),
    .testTarget(name: "NPYIOTests", dependencies: ["CheckerscopeCore", "NPYIO", "TestSupport"]),
    .testTarget(
      name: "TransposedConvTests",
      dependencies: ["CheckerscopeCore", "TransposedConv", "NPYIO", "TensorIO", "TestSupport"]),
    .testTarget(
      name: "OverlapAnalysisTests",
      dependencies: ["CheckerscopeCore", "OverlapAnalysis", "TransposedConv", "TestSupport"]),
    .testTarget(
      name: "SweepsTests",
      dependencies: ["CheckerscopeCore", "Sweeps", "OverlapAnalysis", "TransposedConv", "TestSupport"]),
    .testTarget(
      name: "ArtifactDetectionTests",
      dependencies: [
        "CheckerscopeCore", "ArtifactDetection", "TransposedConv", "PNGIO", "TensorIO", "TestSupport",
      ]),
    .testTarget(
      name: "RenderingTests",
      dependencies: [
        "CheckerscopeCore", "Rendering", "OverlapAnalysis", "Sweeps", "ArtifactDetection", "PNGIO",
        "TransposedConv", "TestSupport",
      ]),
    .testTarget(
      name: "ModelIOTests",
      dependencies: ["CheckerscopeCore", "ModelIO", "NPYIO", "TestSupport"]),
    .testTarget(
      name: "ModelRuntimeTests",
      dependencies: [
        "CheckerscopeCore", "ModelRuntime", "ModelIO", "TransposedConv", "TensorIO", "NPYIO", "TestSupport",
      ]),
    .testTarget(
      name: "ModelAuditTests",
      dependencies: ["CheckerscopeCore", "ModelAudit", "ModelIO", "OverlapAnalysis", "TestSupport"]),
    .testTarget(
      name: "ModelProbeTests",
      dependencies: [
        "CheckerscopeCore", "ModelProbe", "ModelAudit", "ModelRuntime", "ModelIO", "TransposedConv",
        "TensorIO", "TestSupport",
      ]),
    .testTarget(
      name: "ReportingTests",
      dependencies: [
        "CheckerscopeCore", "Reporting", "OverlapAnalysis", "Sweeps", "PNGIO", "FileOutput", "TestSupport",
      ]),
    .testTarget(
      name: "ExplorerTests",
      dependencies: [
        "Explorer", "CheckerscopeCore", "OverlapAnalysis", "TestSupport",
      ]),
    .testTarget(
      name: "CLITests",
      dependencies: [
        "checkerscope", "CheckerscopeCore", "PNGIO", "NPYIO", "ModelIO", "OverlapAnalysis", "TestSupport",
      ]),
  ]
)
