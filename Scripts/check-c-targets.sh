#!/usr/bin/env bash
# Compiles every C target (-fsyntax-only, warnings as errors) for the other platforms the package
# supports, from Linux: aarch64-unknown-linux-gnu and arm64-apple-macos14 (plus the host, as a
# baseline). It checks the C only — the Swift code needs those platforms' Swift SDKs (see
# Docs/PLATFORMS.md).
#
#   Scripts/check-c-targets.sh [MACOS_SDK]
#
# Needs: clang (the Swift toolchain's), libpng's and zlib's headers on the host (libpng-dev,
# zlib1g-dev), Debian's libc6-dev-arm64-cross (/usr/aarch64-linux-gnu), and macOS SDK headers
# (a folder with include/ or usr/include/; MACOS_SDK or the first argument). A platform whose
# headers are missing is reported as not checked, and the script fails; MACOS_SDK=skip leaves
# macOS out on purpose (CI has no SDK), saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

clang="${CLANG:-$(command -v clang || echo /opt/swift/usr/bin/clang)}"
macos_sdk="${1:-${MACOS_SDK:-}}"
aarch64_sysroot="${AARCH64_SYSROOT:-/usr/aarch64-linux-gnu}"

# png.h, pngconf.h, pnglibconf.h, zlib.h and zconf.h from the host: the same text on every platform
# (pnglibconf.h is libpng's default configuration). Added after the target's own headers.
extra="$(mktemp -d)"
trap 'rm -rf "$extra"' EXIT
png_dir="$(pkg-config --variable=includedir libpng)"
for header in png.h pngconf.h pnglibconf.h; do
  ln -s "$(ls "$png_dir"/libpng16/$header "$png_dir"/$header 2>/dev/null | head -1)" "$extra/$header"
done
for header in zlib.h zconf.h; do ln -s "/usr/include/$header" "$extra/$header"; done

failed=0
check() { # target, then clang's sysroot arguments
  local target="$1"
  shift
  local ok=1
  for dir in CLibPNG CKernels CFileOutput; do
    for file in Sources/$dir/*.c; do
      if ! "$clang" -target "$target" "$@" -std=gnu11 -fsyntax-only -Wall -Wextra -Werror \
        -ISources/$dir/include -ISources/$dir -idirafter "$extra" "$file"; then
        ok=0
      fi
    done
  done
  # The system-library target's header, as SwiftPM's module map reaches it.
  if ! "$clang" -target "$target" "$@" -fsyntax-only -Werror -idirafter "$extra" \
    -x c Sources/SystemLibPNG/SystemLibPNG.h; then
    ok=0
  fi
  if [ $ok = 1 ]; then echo "ok: $target"; else echo "FAILED: $target"; failed=1; fi
}

check "$("$clang" -print-target-triple)"

if [ -d "$aarch64_sysroot/include" ]; then
  check aarch64-unknown-linux-gnu --sysroot="$aarch64_sysroot" -isystem "$aarch64_sysroot/include"
else
  echo "not checked: aarch64-unknown-linux-gnu (no $aarch64_sysroot; apt-get install libc6-dev-arm64-cross)"
  failed=1
fi

if [ "$macos_sdk" = skip ]; then
  echo "skipped: arm64-apple-macos14 (MACOS_SDK=skip)"
  exit $failed
fi
if [ -n "$macos_sdk" ] && [ ! -d "$macos_sdk/usr/include" ] && [ -d "$macos_sdk/include" ]; then
  # A bare header tree (include/): give it the usr/include layout clang's -isysroot expects.
  mkdir -p "$extra/sdk/usr"
  ln -s "$(cd "$macos_sdk" && pwd)/include" "$extra/sdk/usr/include"
  macos_sdk="$extra/sdk"
fi
if [ -n "$macos_sdk" ] && [ -d "$macos_sdk/usr/include" ]; then
  check arm64-apple-macos14 -isysroot "$macos_sdk"
else
  echo "not checked: arm64-apple-macos14 (give the macOS SDK's headers: MACOS_SDK=DIR or an argument)"
  failed=1
fi
exit $failed
