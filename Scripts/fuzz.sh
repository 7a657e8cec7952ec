#!/usr/bin/env bash
# Builds one libFuzzer target of the Fuzz/ package and runs it for SECONDS.
#
#   Scripts/fuzz.sh TARGET SECONDS [more libFuzzer options]
#
# TARGET is one of: fuzz-png-header fuzz-png-decode fuzz-npy fuzz-json fuzz-study-spec fuzz-baseline
# fuzz-map fuzz-onnx fuzz-onnx-run fuzz-safetensors fuzz-http.
# The build is `swift build -c release --sanitize fuzzer --sanitize address --disable-dead-strip
# -Xswiftc -use-ld=lld -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
# --product TARGET` in Fuzz/ (libFuzzer + AddressSanitizer over the harness and every library it reaches). The run
# starts from the seeds in Fuzz/corpus/<name>/ and keeps what it learns, and any crash, leak, OOM
# (-rss_limit_mb=2048) or slow input (-timeout=10), under $FUZZ_WORK (default
# Fuzz/.build/fuzz-work, git-ignored). Exits non-zero when libFuzzer found something.
set -euo pipefail

usage() {
  echo "usage: Scripts/fuzz.sh TARGET SECONDS [libFuzzer options]" >&2
  echo "targets: fuzz-png-header fuzz-png-decode fuzz-npy fuzz-json fuzz-study-spec fuzz-baseline fuzz-map fuzz-onnx fuzz-onnx-run fuzz-safetensors fuzz-http" >&2
  exit 64
}
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
case "$seconds" in '' | *[!0-9]*) usage ;; esac
case "$target" in
  fuzz-png-header | fuzz-png-decode) max_len=65536 ;;
  fuzz-npy) max_len=16384 ;;
  fuzz-json | fuzz-study-spec | fuzz-baseline | fuzz-map) max_len=32768 ;;
  fuzz-onnx | fuzz-safetensors) max_len=65536 ;;
  # A little above the parser's 64 KiB head limit, so that the limit itself is reached.
  fuzz-http) max_len=70000 ;;
  # Runs the models: a 256 MiB tensor budget in the harness (1 GB RSS with ASan), 1 s per input.
  fuzz-onnx-run) max_len=65536 rss_limit=1024 timeout=1 ;;
  *) usage ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
name=${target#fuzz-}
if [ "$(basename "$root" | tr '[:upper:]' '[:lower:]')" = fuzz ]; then
  # SwiftPM names a local package after its folder; two packages named "fuzz" cannot coexist.
  echo "fuzz.sh: the checkout's folder is named '$(basename "$root")', which SwiftPM confuses with Fuzz/; clone or copy it under another name" >&2
  exit 64
fi

cd "$root/Fuzz"
# --disable-dead-strip: a release link drops the coverage counters of the Swift objects, and
# libFuzzer then sees almost nothing (35 counters instead of 9,906 for fuzz-json). The coverage
# kinds are also given to swiftc explicitly: `--sanitize fuzzer` alone has left the Swift
# modules uninstrumented in some builds (seen with Swift 6.3.1; cause unknown).
build=(
  swift build -c release --sanitize fuzzer --sanitize address --disable-dead-strip
  -Xswiftc -use-ld=lld -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
)
binary="$("${build[@]}" --show-bin-path)/$target"
"${build[@]}" --product "$target"
# A guard against an uninstrumented build (only the C code's counters, libFuzzer blind to the
# Swift code): check, and rebuild from scratch once when it happened.
counters() { "$binary" -runs=0 2>&1 | sed -n 's/.*Loaded 1 modules *(\([0-9]*\) inline.*/\1/p' | head -1; }
if [ "$(counters)" -lt 1000 ]; then
  echo "fuzz.sh: $target has only $(counters) coverage counters; rebuilding from scratch" >&2
  rm -rf "$root/Fuzz/.build"
  "${build[@]}" --product "$target"
  binary="$("${build[@]}" --show-bin-path)/$target"
  if [ "$(counters)" -lt 1000 ]; then
    echo "fuzz.sh: $target is still not instrumented ($(counters) counters)" >&2
    exit 1
  fi
fi

work="${FUZZ_WORK:-$root/Fuzz/.build/fuzz-work}/$target"
mkdir -p "$work/corpus" "$work/findings"
options=(
  -max_total_time="$seconds" -rss_limit_mb="${rss_limit:-2048}" -timeout="${timeout:-10}" -max_len="$max_len"
  -print_final_stats=1 -artifact_prefix="$work/findings/"
)
[ -f "$root/Fuzz/dictionaries/$name.dict" ] && options+=(-dict="$root/Fuzz/dictionaries/$name.dict")

echo "fuzz.sh: $target for ${seconds}s; new inputs in $work/corpus, findings in $work/findings"
# The first folder receives new inputs; the committed seeds are only read.
# SWIFT_BACKTRACE only here: the sanitizers report crashes, not the Swift backtracer. (Set for
# the build as well, it changed the build: the binary came out with 35 counters, not 9,907.)
SWIFT_BACKTRACE=enable=no "$binary" "${options[@]}" "$@" "$work/corpus" "$root/Fuzz/corpus/$name"
