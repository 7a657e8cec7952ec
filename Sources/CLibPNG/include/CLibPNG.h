#ifndef CLIBPNG_H
#define CLIBPNG_H

/// The libpng version string the package was linked against, e.g. "1.6.39".
const char *cpng_libpng_version(void);

#endif
