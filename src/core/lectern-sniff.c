/* lectern-sniff.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-sniff.h"

#include <string.h>

/* Content-Type headers are often wrong: a PDF served as text/html, a page served as
 * application/octet-stream, an error page served as image/png. These functions look at
 * the first bytes instead, following the signatures of the WHATWG MIME Sniffing
 * standard, plus a few formats it leaves out. They read at most the first kilobyte.
 */

/* How far into the data the text checks look. */
#define SNIFF_LENGTH 1024

static gboolean
has_prefix (const guint8 *data,
            gsize         length,
            const char   *prefix,
            gsize         prefix_length)
{
  return length >= prefix_length && memcmp (data, prefix, prefix_length) == 0;
}

#define HAS_PREFIX(data, length, literal) \
  has_prefix ((data), (length), (literal), sizeof (literal) - 1)

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32)p[3] << 24) | ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
}

static gboolean
brand_is (const guint8 *brand,
          const char   *name)
{
  return memcmp (brand, name, 4) == 0;
}

/* An ISO base media file (MP4, QuickTime, AVIF, HEIF) starts with an "ftyp" box that
 * names a major brand and the brands the file is compatible with.
 */
static const char *
sniff_iso_media (const guint8 *data,
                 gsize         length)
{
  gboolean avif = FALSE, heif = FALSE, audio = FALSE, quicktime = FALSE;
  guint32 box_size;
  gsize end, i;

  if (length < 12 || memcmp (data + 4, "ftyp", 4) != 0)
    return NULL;

  box_size = read_be32 (data);
  if (box_size < 12 || box_size % 4 != 0)
    return NULL;

  end = MIN ((gsize)box_size, length);
  for (i = 8; i + 4 <= end; i += 4) {
    const guint8 *brand = data + i;

    /* The minor version, not a brand. */
    if (i == 12)
      continue;

    if (brand_is (brand, "avif") || brand_is (brand, "avis"))
      avif = TRUE;
    else if (brand_is (brand, "heic") || brand_is (brand, "heix") ||
             brand_is (brand, "hevc") || brand_is (brand, "hevx") ||
             brand_is (brand, "mif1") || brand_is (brand, "msf1"))
      heif = TRUE;
    else if (brand_is (brand, "M4A ") || brand_is (brand, "M4B ") ||
             brand_is (brand, "M4P ") || brand_is (brand, "F4A "))
      audio = TRUE;
    else if (brand_is (brand, "qt  "))
      quicktime = TRUE;
  }

  if (avif)
    return "image/avif";
  if (heif)
    return "image/heif";
  if (brand_is (data + 8, "M4A ") || (audio && !brand_is (data + 8, "M4V ")))
    return "audio/mp4";
  if (quicktime)
    return "video/quicktime";
  return "video/mp4";
}

/**
 * lectern_sniff_image:
 * @data: (array length=length) (nullable): the first bytes of a file, or all of it
 * @length: how many bytes @data holds
 *
 * Recognises the raster image formats Lectern keeps: PNG, JPEG, GIF, WebP, AVIF, BMP and
 * ICO. SVG is never an image here, because an SVG file can carry scripts.
 *
 * Returns: (transfer none) (nullable): the MIME type ("image/png", "image/jpeg",
 *   "image/gif", "image/webp", "image/avif", "image/bmp" or "image/x-icon"), or %NULL
 *   when @data is none of them
 */
const char *
lectern_sniff_image (const guint8 *data,
                     gsize         length)
{
  const char *iso;

  if (!data || length == 0)
    return NULL;

  if (HAS_PREFIX (data, length, "\x89PNG\r\n\x1a\n"))
    return "image/png";

  if (HAS_PREFIX (data, length, "\xff\xd8\xff"))
    return "image/jpeg";

  if (HAS_PREFIX (data, length, "GIF87a") || HAS_PREFIX (data, length, "GIF89a"))
    return "image/gif";

  if (length >= 16 && HAS_PREFIX (data, length, "RIFF") &&
      memcmp (data + 8, "WEBPVP8", 7) == 0)
    return "image/webp";

  iso = sniff_iso_media (data, length);
  if (g_strcmp0 (iso, "image/avif") == 0)
    return iso;

  /* "BM" alone starts too many texts; check the reserved bytes and the size of the
   * header that follows, which only has a few known values.
   */
  if (length >= 18 && HAS_PREFIX (data, length, "BM") &&
      read_le32 (data + 6) == 0) {
    guint32 header_size = read_le32 (data + 14);

    if (header_size == 12 || header_size == 40 || header_size == 52 ||
        header_size == 56 || header_size == 64 || header_size == 108 ||
        header_size == 124)
      return "image/bmp";
  }

  /* An icon directory: reserved 0, type 1, at least one image. */
  if (length >= 6 && HAS_PREFIX (data, length, "\0\0\1\0") &&
      (data[4] != 0 || data[5] != 0))
    return "image/x-icon";

  return NULL;
}

static gboolean
is_whitespace (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static gboolean
is_tag_end (guint8 c)
{
  return is_whitespace (c) || c == '>' || c == '/';
}

/* Finds @needle, ASCII case-insensitively, in the first @length bytes of @data. */
static gboolean
contains_ci (const guint8 *data,
             gsize         length,
             const char   *needle)
{
  gsize needle_length = strlen (needle);
  gsize i;

  for (i = 0; i + needle_length <= length; i++) {
    if (g_ascii_strncasecmp ((const char *)data + i, needle, needle_length) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Whether @text, already past a byte order mark and leading white space, starts like an
 * HTML document, an XML document or a feed; gives its type or %NULL.
 */
static const char *
sniff_markup (const guint8 *text,
              gsize         length)
{
  static const char * const html_tags[] = {
    "<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
    "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<meta", "<link",
  };
  gsize i;

  if (length == 0 || text[0] != '<')
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (html_tags); i++) {
    gsize tag_length = strlen (html_tags[i]);

    if (length > tag_length &&
        g_ascii_strncasecmp ((const char *)text, html_tags[i], tag_length) == 0 &&
        is_tag_end (text[tag_length]))
      return "text/html";
  }

  if (length >= 5 && g_ascii_strncasecmp ((const char *)text, "<svg", 4) == 0 &&
      is_tag_end (text[4]))
    return "image/svg+xml";

  if (length >= 5 && g_ascii_strncasecmp ((const char *)text, "<rss", 4) == 0 &&
      is_tag_end (text[4]))
    return "application/rss+xml";

  if (length >= 6 && g_ascii_strncasecmp ((const char *)text, "<feed", 5) == 0 &&
      is_tag_end (text[5]))
    return "application/atom+xml";

  /* A document that opens with an XML declaration or a comment: its root element tells
   * what it is. XHTML pages do this.
   */
  if (HAS_PREFIX (text, length, "<?xml") || HAS_PREFIX (text, length, "<!--")) {
    if (contains_ci (text, length, "<html") || contains_ci (text, length, "<!doctype html"))
      return "text/html";
    if (contains_ci (text, length, "<svg"))
      return "image/svg+xml";
    if (contains_ci (text, length, "<rss") || contains_ci (text, length, "<rdf:rdf"))
      return "application/rss+xml";
    if (contains_ci (text, length, "<feed"))
      return "application/atom+xml";
    if (HAS_PREFIX (text, length, "<!--"))
      return "text/html";
    return "application/xml";
  }

  return NULL;
}

static gboolean
is_binary_byte (guint8 c)
{
  /* The WHATWG "binary data byte": a control character that text never holds. */
  return c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f);
}

static gboolean
has_binary_bytes (const guint8 *data,
                  gsize         length)
{
  gsize i;

  for (i = 0; i < length; i++) {
    if (is_binary_byte (data[i]))
      return TRUE;
  }

  return FALSE;
}

static const char *
sniff_text (const guint8 *data,
            gsize         length)
{
  guint8 narrow[SNIFF_LENGTH];
  const guint8 *text = data;
  gsize text_length = MIN (length, (gsize)SNIFF_LENGTH);
  const char *markup;
  gsize i;

  /* UTF-16 text is full of zero bytes; look at its ASCII projection instead. */
  if (HAS_PREFIX (data, length, "\xfe\xff") || HAS_PREFIX (data, length, "\xff\xfe")) {
    gboolean big_endian = data[0] == 0xfe;
    gsize n = 0;

    for (i = 2; i + 1 < text_length; i += 2) {
      guint8 high = big_endian ? data[i] : data[i + 1];
      guint8 low = big_endian ? data[i + 1] : data[i];

      narrow[n++] = high == 0 ? low : 0x80;
    }

    text = narrow;
    text_length = n;
  } else if (HAS_PREFIX (data, length, "\xef\xbb\xbf")) {
    text += 3;
    text_length -= 3;
  }

  for (i = 0; i < text_length && is_whitespace (text[i]); i++)
    ;

  markup = sniff_markup (text + i, text_length - i);
  if (markup)
    return markup;

  if (HAS_PREFIX (text, text_length, "{\\rtf"))
    return "application/rtf";

  if (has_binary_bytes (text, text_length))
    return "application/octet-stream";

  return "text/plain";
}

static gboolean
is_mpeg_audio_frame (const guint8 *data,
                     gsize         length)
{
  guint version, layer, bitrate, sample_rate;

  if (length < 4 || data[0] != 0xff || (data[1] & 0xe0) != 0xe0)
    return FALSE;

  version = (data[1] >> 3) & 3;
  layer = (data[1] >> 1) & 3;
  bitrate = data[2] >> 4;
  sample_rate = (data[2] >> 2) & 3;

  return version != 1 && layer != 0 && bitrate != 0xf && sample_rate != 3;
}

/**
 * lectern_sniff_document:
 * @data: (array length=length) (nullable): the first bytes of a file, or all of it
 * @length: how many bytes @data holds
 *
 * Tells what a downloaded file really is, whatever its Content-Type says: an HTML page,
 * a PDF, an image (including SVG), a video, an audio file, an archive, a feed, plain text
 * or unknown binary data.
 *
 * Returns: (transfer none) (nullable): a MIME type: "text/html", "text/plain",
 *   "application/pdf", one of lectern_sniff_image()'s types, "image/svg+xml", another
 *   `image/`, `video/`, `audio/` or `font/` type, an archive type such as
 *   "application/zip", "application/xml", "application/rss+xml",
 *   "application/atom+xml", or "application/octet-stream" for binary data of no known
 *   kind; %NULL when @data is empty
 */
const char *
lectern_sniff_document (const guint8 *data,
                        gsize         length)
{
  /* Signatures made only of letters could begin a text, so those marked "ascii" count
   * only when binary bytes follow, as they do in the real formats.
   */
  static const struct {
    const char *magic;
    gsize length;
    const char *type;
    gboolean ascii;
  } signatures[] = {
#define SIGNATURE(magic, type) { magic, sizeof (magic) - 1, type, FALSE }
#define ASCII_SIGNATURE(magic, type) { magic, sizeof (magic) - 1, type, TRUE }
    SIGNATURE ("%PDF-", "application/pdf"),
    SIGNATURE ("%!PS-Adobe-", "application/postscript"),
    SIGNATURE ("\x1a\x45\xdf\xa3", "video/webm"),
    SIGNATURE ("FLV\x01", "video/x-flv"),
    SIGNATURE ("\0\0\x01\xba", "video/mpeg"),
    SIGNATURE ("OggS\0", "audio/ogg"),
    ASCII_SIGNATURE ("ID3", "audio/mpeg"),
    ASCII_SIGNATURE ("fLaC", "audio/flac"),
    SIGNATURE ("MThd\0\0\0\x06", "audio/midi"),
    ASCII_SIGNATURE ("#!AMR", "audio/amr"),
    SIGNATURE ("PK\x03\x04", "application/zip"),
    SIGNATURE ("PK\x05\x06", "application/zip"),
    SIGNATURE ("\x1f\x8b\x08", "application/gzip"),
    SIGNATURE ("Rar!\x1a\x07", "application/vnd.rar"),
    SIGNATURE ("7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    SIGNATURE ("\xfd" "7zXZ\0", "application/x-xz"),
    SIGNATURE ("\x28\xb5\x2f\xfd", "application/zstd"),
    SIGNATURE ("\x7f" "ELF", "application/x-executable"),
    SIGNATURE ("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    ASCII_SIGNATURE ("wOFF", "font/woff"),
    ASCII_SIGNATURE ("wOF2", "font/woff2"),
    ASCII_SIGNATURE ("OTTO", "font/otf"),
    SIGNATURE ("II*\0", "image/tiff"),
    SIGNATURE ("MM\0*", "image/tiff"),
    SIGNATURE ("\xff\x0a", "image/jxl"),
    SIGNATURE ("\0\0\0\x0cJXL \r\n\x87\n", "image/jxl"),
    ASCII_SIGNATURE ("8BPS", "image/vnd.adobe.photoshop"),
#undef SIGNATURE
#undef ASCII_SIGNATURE
  };
  const char *type;
  gsize i;

  if (!data || length == 0)
    return NULL;

  type = lectern_sniff_image (data, length);
  if (type)
    return type;

  for (i = 0; i < G_N_ELEMENTS (signatures); i++) {
    if (has_prefix (data, length, signatures[i].magic, signatures[i].length) &&
        (!signatures[i].ascii || has_binary_bytes (data, MIN (length, (gsize)64))))
      return signatures[i].type;
  }

  type = sniff_iso_media (data, length);
  if (type)
    return type;

  if (length >= 12 && HAS_PREFIX (data, length, "RIFF")) {
    if (memcmp (data + 8, "WAVE", 4) == 0)
      return "audio/wav";
    if (memcmp (data + 8, "AVI ", 4) == 0)
      return "video/x-msvideo";
  }

  if (length >= 12 && HAS_PREFIX (data, length, "FORM") &&
      (memcmp (data + 8, "AIFF", 4) == 0 || memcmp (data + 8, "AIFC", 4) == 0))
    return "audio/aiff";

  if (length >= 10 && HAS_PREFIX (data, length, "BZh") && data[3] >= '1' && data[3] <= '9' &&
      memcmp (data + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0)
    return "application/x-bzip2";

  /* A UTF-16 byte order mark looks like an MPEG audio frame header; text goes first. */
  if (!HAS_PREFIX (data, length, "\xff\xfe") && is_mpeg_audio_frame (data, length))
    return "audio/mpeg";

  return sniff_text (data, length);
}
