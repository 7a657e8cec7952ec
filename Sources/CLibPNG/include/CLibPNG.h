#ifndef CLIBPNG_H
#define CLIBPNG_H

// A tiny prefixed C API over libpng. No libpng type appears here: every libpng call, the
// read/write callbacks and the error and warning handlers live in clibpng.c under setjmp, so a
// libpng longjmp never crosses a Swift frame. Functions that can fail return 0 on success and
// -1 on failure, with libpng's message available from the reader (or copied into `message`).

#include <stddef.h>
#include <stdint.h>

/// The libpng version string the package was linked against, e.g. "1.6.39".
const char *cpng_libpng_version(void);

/// The zlib version string of the library linked at run time (zlibVersion()), e.g. "1.3.1".
const char *cpng_zlib_version(void);

/// Limits and transforms for reading.
typedef struct cpng_read_options {
  /// Largest accepted width and height (passed to png_set_user_limits).
  uint32_t max_width;
  uint32_t max_height;
  /// Most ancillary chunks kept (png_set_chunk_cache_max).
  uint32_t max_chunk_cache;
  /// Largest chunk other than IDAT, and largest allocation for one chunk, including one
  /// decompressed text (png_set_chunk_malloc_max).
  uint64_t max_chunk_bytes;
  /// Non-zero: decode tEXt, zTXt and iTXt; zero: skip them unread.
  int read_text;
  /// Most key and value bytes of all text chunks together; later text chunks are skipped with a
  /// warning.
  uint64_t max_text_bytes;
  /// Non-zero: accept bad CRC-32 and Adler-32 checksums (for fuzzing only).
  int ignore_checksums;
  /// Non-zero: expand every image to RGBA (grey to RGB, opaque alpha added when absent).
  int expand_to_rgba;
} cpng_read_options;

/// The IHDR fields as stored, and the layout after decoding.
typedef struct cpng_header {
  uint32_t width;
  uint32_t height;
  /// Bit depth and colour type as stored (1–16; 0, 2, 3, 4, 6).
  int bit_depth;
  int color_type;
  /// 0 none, 1 Adam7.
  int interlace;
  /// Non-zero when a tRNS chunk is present.
  int has_trns;
  /// Channels (1–4) and bits per sample (8 or 16) after decoding.
  int channels;
  int sample_bits;
  /// Bytes per decoded row.
  size_t row_bytes;
} cpng_header;

/// A decoder over a PNG held in memory (the bytes must outlive it).
typedef struct cpng_reader cpng_reader;

/// A new reader over `size` bytes at `data`, or NULL when memory is exhausted.
cpng_reader *cpng_reader_create(const uint8_t *data, size_t size);

/// Reads the signature and every chunk up to the image data, sets up the decoding transforms and
/// fills `header`. 0 on success, -1 on a libpng error (see cpng_reader_message).
int cpng_reader_read_header(cpng_reader *reader, const cpng_read_options *options, cpng_header *header);

/// Decodes the pixels into `pixels` (header.row_bytes × height bytes, rows top to bottom,
/// 16-bit samples in native byte order), then reads the chunks after the image data.
/// Call only after a successful cpng_reader_read_header. 0 on success, -1 on error.
int cpng_reader_read_image(cpng_reader *reader, void *pixels);

/// The number of text chunks (tEXt, zTXt, iTXt) kept so far (0 when text is not read).
size_t cpng_reader_text_count(const cpng_reader *reader);

/// Text chunk `index`: its key, value bytes and length, and whether the value is UTF-8 (iTXt)
/// rather than Latin-1 (tEXt, zTXt). Pointers stay valid until cpng_reader_destroy.
void cpng_reader_text(const cpng_reader *reader, size_t index, const char **key, const char **value,
                      size_t *value_length, int *is_utf8);

/// The last libpng error message ("" when none).
const char *cpng_reader_message(const cpng_reader *reader);

/// The collected libpng warnings, one per line ("" when none); never printed.
const char *cpng_reader_warnings(const cpng_reader *reader);

/// Frees the reader and everything libpng allocated for it.
void cpng_reader_destroy(cpng_reader *reader);

/// One text chunk to write: Latin-1 key (1–79 bytes), and a value written as tEXt (Latin-1) or,
/// when `is_utf8` is set, as uncompressed iTXt.
typedef struct cpng_text_entry {
  const char *key;
  const char *value;
  size_t value_length;
  int is_utf8;
} cpng_text_entry;

/// What to write.
typedef struct cpng_write_params {
  uint32_t width;
  uint32_t height;
  /// 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA.
  int color_type;
  /// 8 or 16 (16-bit samples are read in native byte order).
  int bit_depth;
  /// zlib level 0–9.
  int compression_level;
  const cpng_text_entry *text;
  size_t text_count;
} cpng_write_params;

/// A growing output buffer owned by C; free it with cpng_buffer_free.
typedef struct cpng_buffer {
  uint8_t *data;
  size_t size;
  size_t capacity;
} cpng_buffer;

/// Encodes `params.height` rows of `row_bytes` bytes from `pixels` into `out` (which must start
/// zeroed). No tIME chunk is written, so equal inputs give equal bytes. 0 on success; on error
/// -1, `out` is freed and libpng's message is copied into `message` (NUL-terminated).
int cpng_encode(const cpng_write_params *params, const void *pixels, size_t row_bytes, cpng_buffer *out,
                char *message, size_t message_capacity);

/// Frees a buffer filled by cpng_encode and zeroes it.
void cpng_buffer_free(cpng_buffer *buffer);

#endif
