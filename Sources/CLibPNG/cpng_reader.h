#ifndef CPNG_READER_H
#define CPNG_READER_H

// The reader's state, shared by clibpng.c (libpng driving) and cpng_chunks.c (the chunk
// pre-scan and the text chunks). Private to CLibPNG: not under include/.

#include "CLibPNG.h"

#include <png.h>

/// One text chunk read by cpng_read_text_chunk: key and value NUL-terminated, owned by the reader.
typedef struct cpng_text {
  char *key;
  char *value;
  size_t value_length;
  int is_utf8;
} cpng_text;

struct cpng_reader {
  png_structp png;
  png_infop info;
  const uint8_t *data;
  size_t size;
  size_t offset;
  png_bytep *rows;
  cpng_header header;
  int header_done;
  cpng_read_options options;
  cpng_text *texts;
  size_t text_count;
  size_t text_capacity;
  /// Key and value bytes of the texts kept so far (counted against options.max_text_bytes).
  uint64_t text_bytes;
  /// Set once the text budget or the chunk count is spent: later text chunks are skipped unread.
  int text_full;
  /// Set while png_read_info runs: a warning about a critical chunk is then an error.
  int critical_warnings_fatal;
  char message[512];
  char warnings[1024];
};

/// Appends one line to the reader's warnings (the first ones are kept, the rest dropped).
void cpng_add_warning(cpng_reader *reader, const char *text);

/// Walks the chunks of the in-memory PNG from the signature on, before libpng sees them, and
/// stops at IEND (or at the first IDAT when `stop_at_image_data`). Refuses, with a message in
/// reader->message and -1, any chunk whose length is over PNG's 2^31 − 1, runs past the bytes
/// present, or (for chunks other than IDAT) is over options.max_chunk_bytes. 0 when all pass.
int cpng_check_chunks(cpng_reader *reader, int stop_at_image_data);

/// Sets libpng up to hand tEXt, zTXt and iTXt to cpng_read_text_chunk when options.read_text,
/// or to skip them unread otherwise; chunks checkerscope never uses (sPLT, iCCP, eXIf, ...) are
/// skipped unread either way.
void cpng_configure_chunks(cpng_reader *reader);

/// Frees the texts kept by the reader.
void cpng_free_texts(cpng_reader *reader);

#endif
