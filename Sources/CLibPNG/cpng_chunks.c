#include "cpng_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

// The chunk pre-scan and the text chunks. libpng trusts a chunk's length field up to its
// chunk limit, which is only a benign (warning) error for ancillary chunks: a 56-byte file
// claiming a 2 GB tEXt made it allocate 2 GB. So every length is checked against the bytes
// actually present before libpng reads anything, and the text chunks are decoded here, with
// one budget for all of them, instead of by libpng (which keeps up to 1000 chunks of 8 MiB).

static uint32_t cpng_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/// The chunk type as printable text: letters kept, anything else as '?'.
static void cpng_type_name(const uint8_t *type, char out[5]) {
  for (int i = 0; i < 4; i++) {
    uint8_t c = type[i];
    out[i] = ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ? (char)c : '?';
  }
  out[4] = '\0';
}

int cpng_check_chunks(cpng_reader *reader, int stop_at_image_data) {
  const uint8_t *data = reader->data;
  size_t size = reader->size;
  size_t offset = 8;  // after the signature, which the caller has checked
  while (offset < size) {
    if (size - offset < 12) {
      snprintf(reader->message, sizeof reader->message,
               "the file ends inside a chunk header at byte %zu (the file is truncated)", offset);
      return -1;
    }
    uint32_t length = cpng_be32(data + offset);
    const uint8_t *type = data + offset + 4;
    char name[5];
    cpng_type_name(type, name);
    if (length > 0x7FFFFFFFu) {
      snprintf(reader->message, sizeof reader->message,
               "chunk '%s' at byte %zu claims %u bytes, over PNG's limit of 2^31 - 1 (the file is damaged)",
               name, offset, length);
      return -1;
    }
    if ((size_t)length > size - offset - 12) {
      snprintf(reader->message, sizeof reader->message,
               "chunk '%s' at byte %zu claims %u bytes but only %zu follow (the file is truncated or damaged)",
               name, offset, length, size - offset - 12);
      return -1;
    }
    int is_idat = memcmp(type, "IDAT", 4) == 0;
    if (!is_idat && (uint64_t)length > reader->options.max_chunk_bytes) {
      snprintf(reader->message, sizeof reader->message,
               "chunk '%s' at byte %zu holds %u bytes, over the limit of %llu bytes for one chunk "
               "(raise maxChunkBytes if the file is trusted)",
               name, offset, length, (unsigned long long)reader->options.max_chunk_bytes);
      return -1;
    }
    if (memcmp(type, "IEND", 4) == 0 || (stop_at_image_data && is_idat)) return 0;
    offset += 12 + (size_t)length;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Text chunks

/// Inflates a zlib stream into a new buffer of at most `limit` bytes plus a NUL. Returns the
/// buffer (length in *out_length), or NULL with *over set when the text is longer than `limit`
/// (inflating stops there, so the work is bounded by `limit`), or NULL when the stream is bad.
static char *cpng_inflate(const uint8_t *in, size_t in_length, size_t limit, size_t *out_length, int *over) {
  *over = 0;
  z_stream stream;
  memset(&stream, 0, sizeof stream);
  if (inflateInit(&stream) != Z_OK) return NULL;
  size_t capacity = in_length * 4 + 64;
  if (capacity > limit + 1) capacity = limit + 1;
  char *out = (char *)malloc(capacity + 1);
  size_t used = 0;
  int status = Z_OK;
  stream.next_in = (Bytef *)in;
  stream.avail_in = (uInt)in_length;
  while (out != NULL) {
    if (used == capacity) {
      if (capacity > limit) {  // one byte past the limit was produced: the text is too long
        *over = 1;
        break;
      }
      size_t grown = capacity * 2 > limit + 1 ? limit + 1 : capacity * 2;
      char *bigger = (char *)realloc(out, grown + 1);
      if (bigger == NULL) break;
      out = bigger;
      capacity = grown;
    }
    size_t room = capacity - used;
    if (room > 0x40000000u) room = 0x40000000u;  // zlib counts in 32 bits
    stream.next_out = (Bytef *)out + used;
    stream.avail_out = (uInt)room;
    status = inflate(&stream, Z_NO_FLUSH);
    used += room - stream.avail_out;
    if (status == Z_STREAM_END) break;
    if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_out == 0)) break;
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) break;  // input ended early
  }
  inflateEnd(&stream);
  if (status == Z_STREAM_END && used > limit) {
    *over = 1;
    status = Z_BUF_ERROR;
  }
  if (out == NULL || status != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  out[used] = '\0';
  *out_length = used;
  return out;
}

static char *cpng_copy_bytes(const uint8_t *bytes, size_t length) {
  char *copy = (char *)malloc(length + 1);
  if (copy == NULL) return NULL;
  memcpy(copy, bytes, length);
  copy[length] = '\0';
  return copy;
}

static const uint8_t *cpng_find_nul(const uint8_t *from, const uint8_t *end) {
  return (const uint8_t *)memchr(from, 0, (size_t)(end - from));
}

/// True when the CRC stored after the chunk just read matches its type and data. The reader's
/// offset stands right after the chunk's CRC when libpng hands the chunk over.
static int cpng_crc_ok(const cpng_reader *reader, size_t length) {
  if (reader->offset < length + 12) return 0;
  const uint8_t *start = reader->data + reader->offset - length - 12;
  uLong crc = crc32(0L, start + 4, (uInt)(length + 4));
  return (uint32_t)crc == cpng_be32(start + 8 + length);
}

/// Keeps one decoded text, or skips it with a warning when the budget is spent.
static void cpng_keep_text(cpng_reader *reader, char *key, char *value, size_t length, int utf8) {
  uint64_t cost = (uint64_t)strlen(key) + length;
  if (reader->text_count >= reader->options.max_chunk_cache ||
      cost > reader->options.max_text_bytes - reader->text_bytes) {
    char line[160];
    snprintf(line, sizeof line,
             "text chunks past %zu chunks or %llu bytes of text were skipped (the limits on text)",
             reader->text_count, (unsigned long long)reader->text_bytes);
    cpng_add_warning(reader, line);
    reader->text_full = 1;
    free(key);
    free(value);
    return;
  }
  if (reader->text_count == reader->text_capacity) {
    size_t capacity = reader->text_capacity ? reader->text_capacity * 2 : 8;
    cpng_text *grown = (cpng_text *)realloc(reader->texts, capacity * sizeof *grown);
    if (grown == NULL) {
      free(key);
      free(value);
      return;
    }
    reader->texts = grown;
    reader->text_capacity = capacity;
  }
  reader->texts[reader->text_count++] = (cpng_text){key, value, length, utf8};
  reader->text_bytes += cost;
}

/// Decodes one tEXt, zTXt or iTXt chunk (PNG specification, sections 11.3.4.3 to 11.3.4.5).
/// Damaged chunks (bad CRC, keyword, compression or zlib stream) are skipped with a warning,
/// as libpng does for ancillary chunks.
static void cpng_read_text_chunk(cpng_reader *reader, png_unknown_chunkp chunk) {
  char name[5];
  cpng_type_name(chunk->name, name);
  char line[160];
  const uint8_t *data = chunk->data;
  size_t length = chunk->size;
  const uint8_t *end = data + length;
  if (!reader->options.ignore_checksums && !cpng_crc_ok(reader, length)) {
    snprintf(line, sizeof line, "%s: CRC error; the chunk was skipped", name);
    cpng_add_warning(reader, line);
    return;
  }
  const uint8_t *key_end = data == NULL ? NULL : cpng_find_nul(data, end);
  if (key_end == NULL || key_end == data || key_end - data > 79) {
    snprintf(line, sizeof line, "%s: bad keyword; the chunk was skipped", name);
    cpng_add_warning(reader, line);
    return;
  }
  const uint8_t *text = key_end + 1;
  int compressed = 0;
  int utf8 = 0;
  if (memcmp(chunk->name, "zTXt", 4) == 0) {
    if (text >= end || *text != 0) goto bad_compression;
    compressed = 1;
    text += 1;
  } else if (memcmp(chunk->name, "iTXt", 4) == 0) {
    utf8 = 1;
    if (end - text < 2 || text[0] > 1 || text[1] != 0) goto bad_compression;
    compressed = text[0];
    text += 2;
    const uint8_t *language_end = cpng_find_nul(text, end);
    const uint8_t *translated_end = language_end ? cpng_find_nul(language_end + 1, end) : NULL;
    if (translated_end == NULL) {
      snprintf(line, sizeof line, "%s: truncated; the chunk was skipped", name);
      cpng_add_warning(reader, line);
      return;
    }
    text = translated_end + 1;
  }
  uint64_t left = reader->options.max_text_bytes - reader->text_bytes;
  uint64_t chunk_limit = reader->options.max_chunk_bytes < left ? reader->options.max_chunk_bytes : left;
  char *value;
  size_t value_length = 0;
  if (compressed) {
    int over = 0;
    value = cpng_inflate(text, (size_t)(end - text), (size_t)chunk_limit, &value_length, &over);
    if (value == NULL) {
      if (over && chunk_limit == reader->options.max_chunk_bytes) {
        snprintf(line, sizeof line, "%s: the text inflates past %llu bytes; the chunk was skipped", name,
                 (unsigned long long)chunk_limit);
      } else if (over) {
        snprintf(line, sizeof line,
                 "text chunks past %zu chunks or %llu bytes of text were skipped (the limits on text)",
                 reader->text_count, (unsigned long long)reader->text_bytes);
        reader->text_full = 1;
      } else {
        snprintf(line, sizeof line, "%s: bad compressed data; the chunk was skipped", name);
      }
      cpng_add_warning(reader, line);
      return;
    }
  } else {
    value_length = (size_t)(end - text);
    value = cpng_copy_bytes(text, value_length);
    if (value == NULL) return;
  }
  char *key = cpng_copy_bytes(data, (size_t)(key_end - data));
  if (key == NULL) {
    free(value);
    return;
  }
  cpng_keep_text(reader, key, value, value_length, utf8);
  return;

bad_compression:
  snprintf(line, sizeof line, "%s: unknown compression; the chunk was skipped", name);
  cpng_add_warning(reader, line);
}

/// libpng's callback for every chunk it does not handle itself: the text chunks are decoded
/// here; other ancillary chunks are dropped (1: handled, so libpng does not keep a copy); an
/// unknown critical chunk is left to libpng (0), which refuses it.
static int cpng_user_chunk(png_structp png, png_unknown_chunkp chunk) {
  cpng_reader *reader = (cpng_reader *)png_get_user_chunk_ptr(png);
  int is_text = memcmp(chunk->name, "tEXt", 4) == 0 || memcmp(chunk->name, "zTXt", 4) == 0 ||
                memcmp(chunk->name, "iTXt", 4) == 0;
  if (is_text && !reader->text_full) cpng_read_text_chunk(reader, chunk);
  return is_text || (chunk->name[0] & 0x20) != 0 ? 1 : 0;
}

void cpng_configure_chunks(cpng_reader *reader) {
  png_structp png = reader->png;
  static const png_byte text_chunks[] = "tEXt\0zTXt\0iTXt";
  static const png_byte unused_chunks[] = "iCCP\0sPLT\0eXIf\0hIST\0pCAL\0sCAL\0tIME\0oFFs\0pHYs\0sTER";
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, unused_chunks, 10);
  if (reader->options.read_text) {
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_ALWAYS, text_chunks, 3);
    png_set_read_user_chunk_fn(png, reader, cpng_user_chunk);
  } else {
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, text_chunks, 3);
  }
}

void cpng_free_texts(cpng_reader *reader) {
  for (size_t i = 0; i < reader->text_count; i++) {
    free(reader->texts[i].key);
    free(reader->texts[i].value);
  }
  free(reader->texts);
  reader->texts = NULL;
  reader->text_count = 0;
  reader->text_capacity = 0;
}
