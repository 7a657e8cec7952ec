#include "CLibPNG.h"
#include "cpng_reader.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const char *cpng_libpng_version(void) { return png_get_libpng_ver(NULL); }

const char *cpng_zlib_version(void) { return zlibVersion(); }

static int cpng_host_is_little_endian(void) {
  const uint16_t probe = 1;
  return *(const uint8_t *)&probe == 1;
}

static void cpng_copy_message(char *dst, size_t capacity, const char *src) {
  if (capacity == 0) return;
  size_t n = strlen(src);
  if (n >= capacity) n = capacity - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

// ---------------------------------------------------------------------------------------------
// Reading

static void cpng_read_error(png_structp png, png_const_charp text) {
  cpng_reader *reader = (cpng_reader *)png_get_error_ptr(png);
  cpng_copy_message(reader->message, sizeof reader->message, text ? text : "unknown libpng error");
  png_longjmp(png, 1);
}

/// True for a critical chunk type (bit 5 of the first byte clear); false for an ancillary one and
/// for 0 (no chunk is being read).
static int cpng_is_critical(png_uint_32 type) { return type != 0 && ((type >> 24) & 0x20) == 0; }

static void cpng_read_warning(png_structp png, png_const_charp text) {
  cpng_reader *reader = (cpng_reader *)png_get_error_ptr(png);
  // Up to the image data, a benign error or warning about a critical chunk (PLTE in a grey
  // image, a PLTE of the wrong length, ...) is damage to the image itself: an error. Damage to
  // an ancillary chunk (an empty or misplaced bKGD, cHRM, ...) is what libpng calls benign:
  // the chunk is skipped with a warning and the pixels are decoded.
  if (reader->critical_warnings_fatal && cpng_is_critical(png_get_io_chunk_type(png))) {
    cpng_copy_message(reader->message, sizeof reader->message, text ? text : "unknown libpng error");
    png_longjmp(png, 1);
  }
  // Keeps the first warnings and drops the rest.
  cpng_add_warning(reader, text);
}

void cpng_add_warning(cpng_reader *reader, const char *text) {
  size_t used = strlen(reader->warnings);
  size_t room = sizeof reader->warnings - used;
  if (room < 2 || text == NULL) return;
  size_t n = strlen(text);
  if (n > room - 2) n = room - 2;
  memcpy(reader->warnings + used, text, n);
  reader->warnings[used + n] = '\n';
  reader->warnings[used + n + 1] = '\0';
}

static void cpng_read_data(png_structp png, png_bytep out, size_t length) {
  cpng_reader *reader = (cpng_reader *)png_get_io_ptr(png);
  if (length > reader->size - reader->offset) {
    png_error(png, "unexpected end of data (the file is truncated)");
  }
  memcpy(out, reader->data + reader->offset, length);
  reader->offset += length;
}

cpng_reader *cpng_reader_create(const uint8_t *data, size_t size) {
  cpng_reader *reader = (cpng_reader *)calloc(1, sizeof *reader);
  if (reader == NULL) return NULL;
  reader->data = data;
  reader->size = size;
  reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, reader, cpng_read_error, cpng_read_warning);
  if (reader->png == NULL) {
    free(reader);
    return NULL;
  }
  reader->info = png_create_info_struct(reader->png);
  if (reader->info == NULL) {
    png_destroy_read_struct(&reader->png, NULL, NULL);
    free(reader);
    return NULL;
  }
  png_set_read_fn(reader->png, reader, cpng_read_data);
  return reader;
}

int cpng_reader_read_header(cpng_reader *reader, const cpng_read_options *options, cpng_header *header) {
  png_structp png = reader->png;
  png_infop info = reader->info;
  if (setjmp(png_jmpbuf(png))) return -1;

  reader->options = *options;
  if (cpng_check_chunks(reader, 1) != 0) return -1;
  png_set_user_limits(png, options->max_width, options->max_height);
  png_set_chunk_cache_max(png, options->max_chunk_cache);
  png_set_chunk_malloc_max(png, (png_alloc_size_t)options->max_chunk_bytes);
  cpng_configure_chunks(reader);
  if (options->ignore_checksums) {
    png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
    (void)png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
  }
  // libpng's "benign" errors are warnings (its default for reading). Up to the image data, one
  // about a critical chunk is an error all the same (cpng_read_warning); one about an ancillary
  // chunk (libpng's empty_ancillary_chunks.png: empty and misplaced bKGD, cHRM, ...) stays a
  // warning. While decoding the pixels all are warnings, so encoder quirks in the image data
  // (extra compressed data, a non-empty IEND) stay readable.
  png_set_benign_errors(png, 1);
  reader->critical_warnings_fatal = 1;
  png_read_info(png, info);
  reader->critical_warnings_fatal = 0;

  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
  int has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

  // Natural decoding: palettes to RGB, grey below 8 bits scaled to 8, tRNS to an alpha
  // channel, 16-bit samples kept (swapped to the host's byte order). No gamma, sBIT or bKGD.
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (has_trns) png_set_tRNS_to_alpha(png);
  if (bit_depth == 16 && cpng_host_is_little_endian()) png_set_swap(png);
  if (options->expand_to_rgba) {
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !has_trns) {
      png_set_add_alpha(png, bit_depth == 16 ? 0xFFFF : 0xFF, PNG_FILLER_AFTER);
    }
  }
  (void)png_set_interlace_handling(png);
  png_read_update_info(png, info);

  reader->header.width = width;
  reader->header.height = height;
  reader->header.bit_depth = bit_depth;
  reader->header.color_type = color_type;
  reader->header.interlace = interlace;
  reader->header.has_trns = has_trns;
  reader->header.channels = png_get_channels(png, info);
  reader->header.sample_bits = png_get_bit_depth(png, info);
  reader->header.row_bytes = png_get_rowbytes(png, info);
  reader->header_done = 1;
  *header = reader->header;
  return 0;
}

int cpng_reader_read_image(cpng_reader *reader, void *pixels) {
  png_structp png = reader->png;
  png_infop info = reader->info;
  if (!reader->header_done) {
    cpng_copy_message(reader->message, sizeof reader->message, "the header was not read");
    return -1;
  }
  if (cpng_check_chunks(reader, 0) != 0) return -1;
  if (setjmp(png_jmpbuf(png))) return -1;
  uint32_t height = reader->header.height;
  if (reader->rows == NULL) {
    reader->rows = (png_bytep *)malloc((size_t)(height ? height : 1) * sizeof(png_bytep));
    if (reader->rows == NULL) png_error(png, "out of memory for row pointers");
  }
  for (uint32_t y = 0; y < height; y++) {
    reader->rows[y] = (png_bytep)pixels + (size_t)y * reader->header.row_bytes;
  }
  png_read_image(png, reader->rows);
  png_read_end(png, info);
  return 0;
}

size_t cpng_reader_text_count(const cpng_reader *reader) { return reader->text_count; }

void cpng_reader_text(const cpng_reader *reader, size_t index, const char **key, const char **value,
                      size_t *value_length, int *is_utf8) {
  if (index >= reader->text_count) {
    *key = "";
    *value = "";
    *value_length = 0;
    *is_utf8 = 0;
    return;
  }
  const cpng_text *entry = &reader->texts[index];
  *key = entry->key;
  *value = entry->value;
  *value_length = entry->value_length;
  *is_utf8 = entry->is_utf8;
}

const char *cpng_reader_message(const cpng_reader *reader) { return reader->message; }

const char *cpng_reader_warnings(const cpng_reader *reader) { return reader->warnings; }

void cpng_reader_destroy(cpng_reader *reader) {
  if (reader == NULL) return;
  png_destroy_read_struct(&reader->png, &reader->info, NULL);
  cpng_free_texts(reader);
  free(reader->rows);
  free(reader);
}

// ---------------------------------------------------------------------------------------------
// Writing

typedef struct cpng_writer {
  cpng_buffer *out;
  char *message;
  size_t message_capacity;
} cpng_writer;

static void cpng_write_error(png_structp png, png_const_charp text) {
  cpng_writer *writer = (cpng_writer *)png_get_error_ptr(png);
  cpng_copy_message(writer->message, writer->message_capacity, text ? text : "unknown libpng error");
  png_longjmp(png, 1);
}

static void cpng_write_warning(png_structp png, png_const_charp text) {
  (void)png;
  (void)text;  // writing warnings carry nothing the caller can act on
}

static void cpng_write_data(png_structp png, png_bytep data, size_t length) {
  cpng_writer *writer = (cpng_writer *)png_get_io_ptr(png);
  cpng_buffer *out = writer->out;
  if (length > SIZE_MAX - out->size) png_error(png, "output too large");
  size_t needed = out->size + length;
  if (needed > out->capacity) {
    size_t capacity = out->capacity ? out->capacity : 65536;
    while (capacity < needed) {
      if (capacity > SIZE_MAX / 2) {
        capacity = needed;
        break;
      }
      capacity *= 2;
    }
    uint8_t *grown = (uint8_t *)realloc(out->data, capacity);
    if (grown == NULL) png_error(png, "out of memory for the encoded PNG");
    out->data = grown;
    out->capacity = capacity;
  }
  memcpy(out->data + out->size, data, length);
  out->size = needed;
}

static void cpng_flush(png_structp png) { (void)png; }

int cpng_encode(const cpng_write_params *params, const void *pixels, size_t row_bytes, cpng_buffer *out,
                char *message, size_t message_capacity) {
  cpng_writer writer = {out, message, message_capacity};
  if (message_capacity > 0) message[0] = '\0';
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, cpng_write_error, cpng_write_warning);
  if (png == NULL) {
    cpng_copy_message(message, message_capacity, "out of memory creating the PNG writer");
    return -1;
  }
  png_infop info = png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_write_struct(&png, NULL);
    cpng_copy_message(message, message_capacity, "out of memory creating the PNG writer");
    return -1;
  }
  png_textp text = NULL;
  if (params->text_count > 0) {
    text = (png_textp)calloc(params->text_count, sizeof *text);
    if (text == NULL) {
      png_destroy_write_struct(&png, &info);
      cpng_copy_message(message, message_capacity, "out of memory for text chunks");
      return -1;
    }
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(text);
    cpng_buffer_free(out);
    return -1;
  }
  png_set_write_fn(png, &writer, cpng_write_data, cpng_flush);
  png_set_compression_level(png, params->compression_level);
  png_set_IHDR(png, info, params->width, params->height, params->bit_depth, params->color_type,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  for (size_t i = 0; i < params->text_count; i++) {
    const cpng_text_entry *entry = &params->text[i];
    text[i].key = (png_charp)entry->key;
    text[i].text = (png_charp)entry->value;
    if (entry->is_utf8) {
      text[i].compression = PNG_ITXT_COMPRESSION_NONE;
      text[i].itxt_length = entry->value_length;
      text[i].lang = NULL;
      text[i].lang_key = NULL;
    } else {
      text[i].compression = PNG_TEXT_COMPRESSION_NONE;
      text[i].text_length = entry->value_length;
    }
  }
  if (params->text_count > 0) png_set_text(png, info, text, (int)params->text_count);
  png_write_info(png, info);
  if (params->bit_depth == 16 && cpng_host_is_little_endian()) png_set_swap(png);
  for (uint32_t y = 0; y < params->height; y++) {
    png_write_row(png, (png_const_bytep)pixels + (size_t)y * row_bytes);
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  free(text);
  return 0;
}

void cpng_buffer_free(cpng_buffer *buffer) {
  if (buffer == NULL) return;
  free(buffer->data);
  buffer->data = NULL;
  buffer->size = 0;
  buffer->capacity = 0;
}
