#!/bin/sh
# Regenerates Fuzz/Sources/fuzz-onnx-run/onnx.pb.swift from Scripts/proto/onnx.proto: the swift-protobuf
# types the fuzz-onnx-run harness's structure-aware mutator decodes and re-encodes models with. (The main
# package does not use them: ModelIO reads ONNX's wire format itself, see Sources/ModelIO/ONNXWire.swift.)
#
# Needs protoc (Debian: apt-get install -y protobuf-compiler) and protoc-gen-swift from
# swift-protobuf 1.39.0, the version Fuzz/Package.swift depends on:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
# Then, from the repository root:
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift sh Scripts/generate_onnx_proto.sh
set -eu
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift)}"
protoc --plugin=protoc-gen-swift="$plugin" \
  --proto_path=Scripts/proto \
  --swift_opt=Visibility=Internal \
  --swift_out=Fuzz/Sources/fuzz-onnx-run \
  Scripts/proto/onnx.proto
# protoc-gen-swift marks the file `// swift-format-ignore-file`, so the linter skips it.
