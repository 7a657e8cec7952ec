#ifndef SYSTEM_LIBPNG_H
#define SYSTEM_LIBPNG_H

// The system libpng and zlib, found through pkg-config (`pkg-config --cflags libpng`): on Debian
// and Ubuntu in /usr/include, with Homebrew under /opt/homebrew or /usr/local. Only the C shim
// CLibPNG includes these headers; Swift code never imports this module.

#include <png.h>
#include <zlib.h>

#endif
