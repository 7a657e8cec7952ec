// swift-tools-version:6.0
// libFuzzer harnesses for every reader of untrusted bytes. A package of its own, so the main
// build and `swift test` never see the sanitizer flags. Build and run one target with
// `Scripts/fuzz.sh TARGET SECONDS` (which runs
// `swift build -c release --sanitize fuzzer --sanitize address --product TARGET` here).
import PackageDescription

/// libFuzzer supplies `main`, so the harnesses are compiled as libraries (no top-level code).
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func target(_ name: String, _ products: [String]) -> Target {
  .executableTarget(
    name: name,
    dependencies: products.map { .product(name: $0, package: "checkerscope") },
    swiftSettings: harness)
}

let package = Package(
  name: "checkerscope-fuzz",
  dependencies: [.package(name: "checkerscope", path: "..")],
  targets: [
    target("fuzz-png-header", ["PNGIO"]),
    target("fuzz-png-decode", ["PNGIO"]),
    target("fuzz-npy", ["NPYIO", "TensorIO"]),
    target("fuzz-json", ["OverlapAnalysis"]),
    target("fuzz-study-spec", ["Reporting"]),
    target("fuzz-baseline", ["OverlapAnalysis"]),
  ]
)
