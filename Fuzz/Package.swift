// swift-tools-version:6.0
// libFuzzer harnesses for every reader of untrusted bytes. A package of its own, so the main
// build and `swift test` never see the sanitizer flags. Build and run one target with
// `Scripts/fuzz.sh TARGET SECONDS` (which runs
// `swift build -c release --sanitize fuzzer --sanitize address --product TARGET` here).
import Foundation
import PackageDescription

/// SwiftPM names a local dependency after its folder (`checkerscope`, `main`, a worktree's name),
/// so the products are looked up under the name of the folder above this one.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .lastPathComponent.lowercased()

/// libFuzzer supplies `main`, so the harnesses are compiled as libraries (no top-level code).
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func target(_ name: String, _ products: [String]) -> Target {
  .executableTarget(
    name: name,
    dependencies: products.map { .product(name: $0, package: mainPackage) },
    swiftSettings: harness)
}

let package = Package(
  name: "checkerscope-fuzz",
  dependencies: [
    .package(path: ".."),
    // For fuzz-onnx-run's structure-aware mutator only (the main package reads ONNX without it).
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    target("fuzz-png-header", ["PNGIO"]),
    target("fuzz-png-decode", ["PNGIO"]),
    target("fuzz-npy", ["NPYIO", "TensorIO", "TransposedConv"]),
    target("fuzz-json", ["CheckerscopeCore"]),
    target("fuzz-study-spec", ["Reporting"]),
    target("fuzz-baseline", ["Sweeps", "ModelAudit"]),
    target("fuzz-map", ["CheckerscopeCore", "Rendering"]),
    target("fuzz-onnx", ["ModelIO", "ModelAudit", "ModelRuntime"]),
    target("fuzz-safetensors", ["ModelIO", "ModelAudit"]),
    // The request heads of `checkerscope serve` (the explorer's own HTTP parser).
    target("fuzz-http", ["Explorer"]),
    // Runs models: reader → audit → probe (interpreter), with a structure-aware custom mutator over
    // the swift-protobuf types generated from Scripts/proto/onnx.proto into this target's onnx.pb.swift
    // (Scripts/generate_onnx_proto.sh).
    .executableTarget(
      name: "fuzz-onnx-run",
      dependencies: [
        .product(name: "CheckerscopeCore", package: mainPackage), .product(name: "ModelIO", package: mainPackage),
        .product(name: "ModelAudit", package: mainPackage), .product(name: "ModelProbe", package: mainPackage),
        .product(name: "ModelRuntime", package: mainPackage),
        .product(name: "TransposedConv", package: mainPackage),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: harness),
  ]
)
