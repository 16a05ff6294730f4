/* lectern-epub.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-epub.h"

#include "lectern-article.h"
#include "lectern-database.h"
#include "lectern-export-private.h"
#include "lectern-highlight.h"
#include "lectern-sniff.h"
#include "lectern-xml-private.h"
#include "lectern-zip-writer.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* EPUB 3 books of saved articles, one chapter per article, that epubcheck passes without
 * an error or a warning whatever the articles hold.
 *
 * The book is a ZIP archive written as it goes (lectern-zip-writer.c): `mimetype` first and
 * stored, then `META-INF/container.xml` and the style sheet, then each article's chapter
 * (`OEBPS/text/<n>.xhtml`) and the images it uses (`OEBPS/images/<sha256>.<ext>`, each
 * once), and at the end the navigation document, an NCX for EPUB 2 readers and the
 * package document, which list them all. Between articles the writer keeps only those
 * lists, so a book of any size takes the memory of its largest article.
 *
 * A chapter is XHTML, so its body cannot be the stored HTML as it is: that is a fragment
 * the HTML parser reads leniently, and even once parsed it breaks XHTML's content models in
 * ways a browser shrugs off (a <div> in a <p> that the parser kept because an <a> was in
 * between, text right in a <ul>, a <td> with no table). The body is parsed again and a new
 * tree is built from it, element by element, in the manner of an HTML tree builder: each
 * element goes where the one being built can take it.
 *
 * - An inline element, paragraph or heading that meets a block is split: it ends before
 *   the block and starts again after it, and the inline elements that were open start
 *   again inside the block, so <p>a<div>b</div>c</p> becomes <p>a</p><div>b</div><p>c</p>
 *   and <a href><p>x</p></a> becomes <p><a href>x</a></p>. What a split leaves empty goes.
 * - Content that needs a parent it does not have gets one: a list item a <ul>, a cell a row
 *   and a table, text in a list an item, text in a table a row and a cell. A following
 *   item or row joins the list or table just made.
 * - Where a parent cannot be made, the element changes: a <dd> outside a <dl>, a
 *   <figcaption> outside a <figure>, a <caption> outside a table become <div>s, a
 *   <summary> that does not start its <details> a <p>, an <rt> outside a <ruby> a <span>,
 *   a <time> whose datetime XHTML would not take a <span>. Inside <pre>, blocks are
 *   flattened to lines of its text (a table splits it, as it shows in a browser); inside a
 *   <caption>, tables become <div>s.
 * - A link inside a link, and a link to anything but a web page or a mail address, lose
 *   their <a> and keep their text.
 * - Last, the order within tables (caption, head, bodies, foot), definition lists (a term
 *   before each description), figures (a caption first or last), <details> (a summary
 *   first) and <ruby> (annotations last) is put right, and tables without rows go.
 *
 * Attributes are kept only when the element may have them and their values are valid:
 * languages must be BCP 47 tags (and get xml:lang too), URLs are percent-encoded as URI
 * parsers want them, ids go (so nothing can clash or point nowhere). Text loses what XML
 * cannot hold, and what no reader should show: C0 and C1 controls and noncharacters.
 *
 * The reader's highlights are <mark class="lectern-highlight lectern-highlight-COLOR">s in
 * the body, marked before it is rebuilt, and their notes <blockquote class="lectern-note">s
 * (see lectern-highlight-text.c); those are the only classes kept besides the one below.
 *
 * Images are those stored in the library (`lectern://image/<sha256>`) that EPUB readers
 * must show without a fallback: PNG, JPEG and GIF, checked as far as epubcheck reads them.
 * WebP is not among them in EPUB 3.2, which epubcheck 4.2 checks: it wants a fallback for
 * it. Any other image becomes its alt text, in a <span class="lectern-missing-image">, as
 * the saver shows an image it could not keep.
 */

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define EPUB_NS "http://www.idpf.org/2007/ops"
#define IMAGE_URL_PREFIX "lectern://image/"
#define MISSING_IMAGE_CLASS "lectern-missing-image"
#define HIGHLIGHT_CLASS "lectern-highlight"
#define NOTE_CLASS "lectern-note"
#define SHA256_HEX_LENGTH 64

static const char style_sheet[] =
  "/* Lectern's style for saved articles. */\n"
  "\n"
  "body {\n"
  "  margin: 0 4%;\n"
  "  font-family: serif;\n"
  "  line-height: 1.6;\n"
  "  overflow-wrap: break-word;\n"
  "}\n"
  "\n"
  ":lang(zh), :lang(ja), :lang(ko) {\n"
  "  line-height: 1.8;\n"
  "}\n"
  "\n"
  "h1, h2, h3, h4, h5, h6 {\n"
  "  font-family: sans-serif;\n"
  "  line-height: 1.3;\n"
  "}\n"
  "\n"
  "img {\n"
  "  max-width: 100%;\n"
  "  height: auto;\n"
  "}\n"
  "\n"
  "figure {\n"
  "  margin: 1em 0;\n"
  "}\n"
  "\n"
  "figcaption, .lectern-meta, .lectern-source {\n"
  "  font-family: sans-serif;\n"
  "  font-size: 0.85em;\n"
  "}\n"
  "\n"
  ".lectern-header {\n"
  "  margin-bottom: 2em;\n"
  "}\n"
  "\n"
  "pre {\n"
  "  white-space: pre-wrap;\n"
  "}\n"
  "\n"
  "pre, code, kbd, samp {\n"
  "  font-family: monospace;\n"
  "}\n"
  "\n"
  "blockquote {\n"
  "  margin: 1em 0;\n"
  "  padding: 0 1em;\n"
  "  border-left: 3px solid #ccc;\n"
  "}\n"
  "\n"
  "html[dir=\"rtl\"] blockquote {\n"
  "  border-left: none;\n"
  "  border-right: 3px solid #ccc;\n"
  "}\n"
  "\n"
  "table {\n"
  "  border-collapse: collapse;\n"
  "}\n"
  "\n"
  "th, td {\n"
  "  border: 1px solid #ccc;\n"
  "  padding: 0.2em 0.4em;\n"
  "  vertical-align: top;\n"
  "}\n"
  "\n"
  ".lectern-missing-image {\n"
  "  font-style: italic;\n"
  "  color: #666;\n"
  "}\n"
  "\n"
  /* Dark text on a light colour, whatever colours a reader's night mode gives the page. */
  "mark.lectern-highlight {\n"
  "  color: #1d1d1d;\n"
  "  background-color: #fde97a;\n"
  "}\n"
  "\n"
  "mark.lectern-highlight-green {\n"
  "  background-color: #b5e8a4;\n"
  "}\n"
  "\n"
  "mark.lectern-highlight-blue {\n"
  "  background-color: #b3d4f5;\n"
  "}\n"
  "\n"
  "mark.lectern-highlight-pink {\n"
  "  background-color: #f8c0d8;\n"
  "}\n"
  "\n"
  "mark.lectern-highlight-purple {\n"
  "  background-color: #d9c3ec;\n"
  "}\n"
  "\n"
  "blockquote.lectern-note {\n"
  "  font-family: sans-serif;\n"
  "  font-size: 0.9em;\n"
  "  border-color: #e5a50a;\n"
  "}\n";

static const char container_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
  "  <rootfiles>\n"
  "    <rootfile full-path=\"OEBPS/content.opf\""
  " media-type=\"application/oebps-package+xml\"/>\n"
  "  </rootfiles>\n"
  "</container>\n";

typedef struct {
  char     *title;
  char     *language;
  gboolean  rtl;
} Chapter;

typedef struct {
  char       *href;
  const char *media_type;
} Image;

struct _LecternEpubWriter
{
  /* Owned */
  LecternArticleStore *store;
  LecternZipWriter    *zip;
  GCancellable        *cancellable;
  char                *title;        /* as given, cleaned; possibly empty */
  char                *identifier;
  GPtrArray           *chapters;     /* Chapter */
  GPtrArray           *images;       /* Image, in the order they were written */
  GHashTable          *image_hrefs;  /* sha256 → href below OEBPS/, "" for one left out */
  char                *language;     /* the first article's, or NULL */
  char                *creator;      /* the byline every article has, or NULL */
  char                *source;       /* the first article's address */
  GError              *failure;      /* what stopped the book */

  gboolean             rtl;
  gboolean             started;
  gboolean             finished;
};

static void
chapter_free (Chapter *chapter)
{
  g_free (chapter->title);
  g_free (chapter->language);
  g_free (chapter);
}

static void
image_free (Image *image)
{
  g_free (image->href);
  g_free (image);
}

/* Text. */

/* Whether @c may be in the text of a book: XML 1.0 allows it, and it is not a C1 control
 * or a noncharacter, which XML allows but no reader should show.
 */
static gboolean
is_text_char (gunichar c)
{
  if (c < 0x20)
    return c == '\t' || c == '\n';
  if (c >= 0x7f && c <= 0x9f)
    return FALSE;
  if (c >= 0xd800 && c <= 0xdfff)
    return FALSE;
  if (c >= 0xfdd0 && c <= 0xfdef)
    return FALSE;
  if ((c & 0xfffe) == 0xfffe)
    return FALSE;

  return c <= 0x10ffff;
}

/* The embeddings, overrides and isolates, which reach beyond a title into what follows it
 * on a reader's screen.
 */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* @text (%NULL for none) with only is_text_char()s, as valid UTF-8. With @line, for titles
 * and other metadata: on one line, runs of blanks made one space, without bidi controls.
 */
static char *
dup_clean_text (const char *text,
                gboolean    line)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;
  gsize length;

  if (!text)
    return g_strdup ("");

  length = strlen (text);
  if (!g_utf8_validate_len (text, length, NULL)) {
    valid = g_utf8_make_valid (text, length);
    text = valid;
    length = strlen (valid);
  }

  out = g_string_sized_new (length);
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (line && (g_unichar_isspace (c) || c == '\r')) {
      space = out->len > 0;
      continue;
    }
    if (!is_text_char (c) || (line && is_bidi_control (c)))
      continue;

    if (space) {
      g_string_append_c (out, ' ');
      space = FALSE;
    }
    g_string_append_unichar (out, c);
  }

  return g_string_free (out, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f')
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_listed (const char *list,
           const char *name)
{
  gsize n = strlen (name);

  if (n == 0 || strchr (name, ' '))
    return FALSE;

  for (const char *p = strstr (list, name); p; p = strstr (p + 1, name)) {
    if (p > list && p[-1] == ' ' && p[n] == ' ')
      return TRUE;
  }

  return FALSE;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* Attribute values. */

/* @language as a BCP 47 tag, for xml:lang, lang and dc:language, or %NULL when it is not
 * one: "en_US" becomes "en-US"; "english", "en-US,fr" and "" give %NULL.
 */
static char *
dup_language_tag (const char *language)
{
  g_autofree char *tag = NULL;
  g_auto (GStrv) subtags = NULL;

  if (!language || strlen (language) > 64)
    return NULL;

  tag = g_strdelimit (g_strstrip (g_strdup (language)), "_", '-');
  subtags = g_strsplit (tag, "-", -1);
  if (!subtags[0])
    return NULL;

  for (guint i = 0; subtags[i]; i++) {
    gsize n = strlen (subtags[i]);

    if (n == 0 || n > 8 || (i == 0 && n < 2))
      return NULL;
    for (gsize j = 0; j < n; j++) {
      if (i == 0 ? !g_ascii_isalpha (subtags[i][j]) : !g_ascii_isalnum (subtags[i][j]))
        return NULL;
    }
  }

  return g_steal_pointer (&tag);
}

static gboolean
is_decimal_byte (const char *label)
{
  gsize n = strlen (label);

  if (n == 0 || n > 3 || (n > 1 && label[0] == '0'))
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    if (!g_ascii_isdigit (label[i]))
      return FALSE;
  }

  return atoi (label) <= 255;
}

/* Whether the authority in [@start, @end) has a host that URL parsers agree on: a name
 * whose last label is not a number, or a dotted-decimal IPv4 address; then maybe a port.
 * epubcheck warns about a link to a host its URL parser gives up on ("0x7f.1").
 */
static gboolean
is_valid_authority (const char *start,
                    const char *end)
{
  g_autofree char *host = NULL;
  g_auto (GStrv) labels = NULL;
  const char *at = NULL;
  const char *colon;
  gboolean address = TRUE;
  guint n = 0;

  for (const char *p = start; p < end; p++) {
    if (*p == '@')
      at = p;
  }
  if (at)
    start = at + 1;

  colon = memchr (start, ':', end - start);
  if (colon) {
    for (const char *p = colon + 1; p < end; p++) {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
    end = colon;
  }
  if (end == start)
    return FALSE;

  host = g_strndup (start, end - start);
  labels = g_strsplit (host, ".", -1);
  for (; labels[n]; n++) {
    gsize length = strlen (labels[n]);

    /* A name may end with a dot. */
    if (length == 0 && (n == 0 || labels[n + 1]))
      return FALSE;
    if (length > 63)
      return FALSE;
    for (gsize i = 0; i < length; i++) {
      if (!g_ascii_isalnum (labels[n][i]) && labels[n][i] != '-' && labels[n][i] != '_')
        return FALSE;
    }
    address = address && is_decimal_byte (labels[n]);
  }

  if (address)
    return n == 4;

  /* A name, not a number that would be taken for an address. */
  for (guint i = n; i > 0; i--) {
    const char *last = labels[i - 1];

    if (!*last)
      continue;
    if (g_ascii_strncasecmp (last, "0x", 2) == 0)
      return FALSE;
    for (const char *p = last; *p; p++) {
      if (g_ascii_isalpha (*p))
        return TRUE;
    }
    return FALSE;
  }

  return FALSE;
}

/* @url as a link may point to it: an absolute http(s) or mailto: URL, with everything that
 * is not a URI character (RFC 3986) percent-encoded, since epubcheck parses links with
 * Java's strict URI parser; or %NULL.
 */
static char *
dup_link_url (const char *url)
{
  GString *out;
  const char *rest;
  gboolean fragment = FALSE;

  if (!url)
    return NULL;

  if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    rest = url + 7;
  else if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    rest = url + 8;
  else if (g_ascii_strncasecmp (url, "mailto:", 7) == 0)
    rest = url + 7;
  else
    return NULL;

  if (!g_ascii_isalnum (*rest))
    return NULL;
  if (rest[-1] == '/' && !is_valid_authority (rest, rest + strcspn (rest, "/?#")))
    return NULL;

  out = g_string_sized_new (strlen (url));
  for (const guchar *p = (const guchar *)url; *p; p++) {
    if (g_ascii_isalnum (*p) || strchr ("-._~!$&'()*+,;=:@/?", *p))
      g_string_append_c (out, *p);
    else if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
      g_string_append_c (out, '%');
    else if (*p == '#' && !fragment)
      g_string_append_c (out, '#');
    else
      g_string_append_printf (out, "%%%02X", *p);

    if (*p == '#')
      fragment = TRUE;
  }

  return g_string_free (out, FALSE);
}

static gboolean
is_integer (const char *value,
            gint64      min,
            gint64      max)
{
  const char *p = value;
  char *end = NULL;
  gint64 n;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p) || strlen (p) > 9)
    return FALSE;
  for (; *p; p++) {
    if (!g_ascii_isdigit (*p))
      return FALSE;
  }

  n = g_ascii_strtoll (value, &end, 10);
  return n >= min && n <= max;
}

/* The patterns epubcheck's XHTML schema gives the datetime of <time> (a date, a time, a
 * moment, a month, a year, a week or a yearless date) and of <ins> and <del> (a date or a
 * moment), after XML Schema has collapsed the blanks in them. Durations are left out.
 */
#define DATE_PATTERN "[0-9]{4,}-[0-9]{2}-[0-9]{2}"
#define TIME_PATTERN "[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,3})?)?"
#define MOMENT_PATTERN DATE_PATTERN "[T ]" TIME_PATTERN "(?:Z|[+-][0-9]{2}:?[0-9]{2})?"

static char *
dup_datetime (const char *value,
              gboolean    any)
{
  static const char time_pattern[] =
    "^(?:[0-9]{4}|(?:--)?(?:0[0-9]|1[0-2])-(?:0[0-9]|[12][0-9]|3[01])|[0-9]{4,}-W[0-9]{2}|"
    "[0-9]{4,}-[0-9]{2}|" DATE_PATTERN "|" TIME_PATTERN "|" MOMENT_PATTERN ")\\z";
  static const char edit_pattern[] = "^(?:" DATE_PATTERN "|" MOMENT_PATTERN ")\\z";
  g_autofree char *collapsed = dup_clean_text (value, TRUE);

  if (!g_regex_match_simple (any ? time_pattern : edit_pattern, collapsed, 0, 0))
    return NULL;

  return g_steal_pointer (&collapsed);
}

/* Images. */

static guint32
read_be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | (guint32)p[3];
}

static guint
read_be16 (const guint8 *p)
{
  return p[0] << 8 | p[1];
}

static guint
read_le16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

/* Java's PNG reader, which epubcheck asks for the size of every image, checks the header
 * chunk: this does the same.
 */
static gboolean
is_readable_png (const guint8 *data,
                 gsize         length)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint32 width;
  guint32 height;
  guint depth;

  if (length < 33 || memcmp (data, signature, sizeof signature) != 0)
    return FALSE;
  if (read_be32 (data + 8) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;

  width = read_be32 (data + 16);
  height = read_be32 (data + 20);
  depth = data[24];
  if (width == 0 || height == 0 || width > G_MAXINT32 || height > G_MAXINT32)
    return FALSE;
  if (data[26] != 0 || data[27] != 0 || data[28] > 1)
    return FALSE;

  switch (data[25]) {
    case 0:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6:
      return depth == 8 || depth == 16;
    default:
      return FALSE;
  }
}

/* Java's JPEG reader reads the markers up to the first scan, and knows only the baseline,
 * extended and progressive Huffman-coded frames of 8-bit samples.
 */
static gboolean
is_readable_jpeg (const guint8 *data,
                  gsize         length)
{
  gsize i = 2;
  gboolean frame = FALSE;

  if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (i + 4 <= length) {
    guint marker;
    guint size;

    if (data[i] != 0xff)
      return FALSE;
    while (i < length && data[i] == 0xff)
      i++;
    if (i + 3 > length)
      return FALSE;

    marker = data[i++];
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
      continue;
    if (marker == 0xd8 || marker == 0xd9)
      return FALSE;

    size = read_be16 (data + i);
    if (size < 2 || i + size > length)
      return FALSE;

    if (marker == 0xda)
      return frame;

    if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
        marker != 0xcc) {
      guint components;

      if (marker > 0xc2 || frame || size < 8)
        return FALSE;
      components = data[i + 7];
      if (data[i + 2] != 8 || read_be16 (data + i + 3) == 0 ||
          read_be16 (data + i + 5) == 0 || components < 1 || components > 4 ||
          size != 8 + 3 * components)
        return FALSE;
      frame = TRUE;
    }

    i += size;
  }

  return FALSE;
}

/* Java's GIF reader reads the blocks up to the first image. */
static gboolean
is_readable_gif (const guint8 *data,
                 gsize         length)
{
  gsize i = 13;

  if (length < 13 || (memcmp (data, "GIF87a", 6) != 0 && memcmp (data, "GIF89a", 6) != 0))
    return FALSE;

  if (data[10] & 0x80)
    i += 3 * (2 << (data[10] & 0x07));

  while (i < length) {
    if (data[i] == 0x2c)
      return i + 10 <= length && read_le16 (data + i + 5) > 0 && read_le16 (data + i + 7) > 0;
    if (data[i] != 0x21 || i + 2 > length)
      return FALSE;

    /* An extension: its label, then sub-blocks up to an empty one. */
    i += 2;
    while (i < length && data[i] != 0)
      i += data[i] + 1;
    i++;
  }

  return FALSE;
}

/* The type of an image an EPUB reader must show without a fallback, with its extension,
 * or %NULL.
 */
static const char *
image_media_type (GBytes      *bytes,
                  const char **extension)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  const char *type = data ? lectern_sniff_image (data, length) : NULL;

  if (g_strcmp0 (type, "image/png") == 0 && is_readable_png (data, length)) {
    *extension = "png";
    return type;
  }
  if (g_strcmp0 (type, "image/jpeg") == 0 && is_readable_jpeg (data, length)) {
    *extension = "jpg";
    return type;
  }
  if (g_strcmp0 (type, "image/gif") == 0 && is_readable_gif (data, length)) {
    *extension = "gif";
    return type;
  }

  return NULL;
}

static gboolean
is_sha256 (const char *name)
{
  gsize n = 0;

  for (; name[n]; n++) {
    if (!g_ascii_isdigit (name[n]) && !(name[n] >= 'a' && name[n] <= 'f'))
      return FALSE;
  }

  return n == SHA256_HEX_LENGTH;
}

/* The image @src names, below OEBPS/, written to the book the first time it is used; or
 * %NULL when it is not one the book can have (@error is then set only when the library
 * could not be read).
 */
static const char *
writer_get_image (LecternEpubWriter  *self,
                  const char         *src,
                  GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *sha256;
  const char *href;
  const char *media_type;
  const char *extension = NULL;
  Image *image;

  if (!g_str_has_prefix (src, IMAGE_URL_PREFIX))
    return NULL;

  sha256 = src + strlen (IMAGE_URL_PREFIX);
  if (!is_sha256 (sha256))
    return NULL;

  href = g_hash_table_lookup (self->image_hrefs, sha256);
  if (href)
    return *href ? href : NULL;

  bytes = lectern_article_store_get_image (self->store, sha256, NULL, &local_error);
  if (!bytes) {
    if (!g_error_matches (local_error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
    g_hash_table_insert (self->image_hrefs, g_strdup (sha256), g_strdup (""));
    return NULL;
  }

  media_type = image_media_type (bytes, &extension);
  if (!media_type) {
    g_hash_table_insert (self->image_hrefs, g_strdup (sha256), g_strdup (""));
    return NULL;
  }

  image = g_new0 (Image, 1);
  image->href = g_strdup_printf ("images/%s.%s", sha256, extension);
  image->media_type = media_type;

  {
    g_autofree char *path = g_strconcat ("OEBPS/", image->href, NULL);

    /* Images are compressed already. */
    if (!lectern_zip_writer_add_bytes (self->zip, path, bytes, FALSE, error)) {
      image_free (image);
      return NULL;
    }
  }

  g_ptr_array_add (self->images, image);
  g_hash_table_insert (self->image_hrefs, g_strdup (sha256), g_strdup (image->href));
  return image->href;
}

/* Chapters: the elements. */

typedef enum {
  KIND_PHRASING,
  KIND_FLOW,
  KIND_LI,
  KIND_DT_DD,
  KIND_CAPTION,
  KIND_SECTION,     /* thead, tbody, tfoot */
  KIND_TR,
  KIND_CELL,
  KIND_FIGCAPTION,
  KIND_SUMMARY,
  KIND_RT,
} Kind;

typedef enum {
  MODEL_VOID,
  MODEL_PHRASING,
  MODEL_FLOW,
  MODEL_RUBY,       /* phrasing content and <rt> */
  MODEL_LIST,
  MODEL_DL,
  MODEL_TABLE,
  MODEL_SECTION,
  MODEL_ROW,
} Model;

typedef enum {
  ATTR_NONE     = 0,
  ATTR_HREF     = 1 << 0,
  ATTR_CITE     = 1 << 1,
  ATTR_DATETIME = 1 << 2,
  ATTR_LIST     = 1 << 3,  /* start, reversed, type */
  ATTR_VALUE    = 1 << 4,
  ATTR_CELL     = 1 << 5,  /* colspan, rowspan */
  ATTR_SCOPE    = 1 << 6,
  ATTR_OPEN     = 1 << 7,
} AttrSet;

typedef struct {
  const char *name;
  Kind        kind;     /* what it is, for its parent */
  Model       model;    /* what it holds */
  AttrSet     attrs;    /* besides lang, dir and title */
} Element;

/* Every element a chapter's body may have, sorted by name for bsearch(). The body's other
 * elements are unwrapped: their content stays.
 */
static const Element elements[] = {
  { "a", KIND_PHRASING, MODEL_PHRASING, ATTR_HREF },
  { "abbr", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "article", KIND_FLOW, MODEL_FLOW, ATTR_NONE },
  { "b", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "bdi", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "bdo", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "blockquote", KIND_FLOW, MODEL_FLOW, ATTR_CITE },
  { "br", KIND_PHRASING, MODEL_VOID, ATTR_NONE },
  { "caption", KIND_CAPTION, MODEL_FLOW, ATTR_NONE },
  { "cite", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "code", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "dd", KIND_DT_DD, MODEL_FLOW, ATTR_NONE },
  { "del", KIND_PHRASING, MODEL_PHRASING, ATTR_CITE | ATTR_DATETIME },
  { "details", KIND_FLOW, MODEL_FLOW, ATTR_OPEN },
  { "dfn", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "div", KIND_FLOW, MODEL_FLOW, ATTR_NONE },
  { "dl", KIND_FLOW, MODEL_DL, ATTR_NONE },
  { "dt", KIND_DT_DD, MODEL_FLOW, ATTR_NONE },
  { "em", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "figcaption", KIND_FIGCAPTION, MODEL_FLOW, ATTR_NONE },
  { "figure", KIND_FLOW, MODEL_FLOW, ATTR_NONE },
  { "h1", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "h2", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "h3", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "h4", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "h5", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "h6", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "hr", KIND_FLOW, MODEL_VOID, ATTR_NONE },
  { "i", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "img", KIND_PHRASING, MODEL_VOID, ATTR_NONE },
  { "ins", KIND_PHRASING, MODEL_PHRASING, ATTR_CITE | ATTR_DATETIME },
  { "kbd", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "li", KIND_LI, MODEL_FLOW, ATTR_VALUE },
  { "mark", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "ol", KIND_FLOW, MODEL_LIST, ATTR_LIST },
  { "p", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "pre", KIND_FLOW, MODEL_PHRASING, ATTR_NONE },
  { "q", KIND_PHRASING, MODEL_PHRASING, ATTR_CITE },
  { "rt", KIND_RT, MODEL_PHRASING, ATTR_NONE },
  { "ruby", KIND_PHRASING, MODEL_RUBY, ATTR_NONE },
  { "s", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "samp", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "section", KIND_FLOW, MODEL_FLOW, ATTR_NONE },
  { "small", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "span", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "strong", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "sub", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "summary", KIND_SUMMARY, MODEL_PHRASING, ATTR_NONE },
  { "sup", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "table", KIND_FLOW, MODEL_TABLE, ATTR_NONE },
  { "tbody", KIND_SECTION, MODEL_SECTION, ATTR_NONE },
  { "td", KIND_CELL, MODEL_FLOW, ATTR_CELL },
  { "tfoot", KIND_SECTION, MODEL_SECTION, ATTR_NONE },
  { "th", KIND_CELL, MODEL_FLOW, ATTR_CELL | ATTR_SCOPE },
  { "thead", KIND_SECTION, MODEL_SECTION, ATTR_NONE },
  { "time", KIND_PHRASING, MODEL_PHRASING, ATTR_DATETIME },
  { "tr", KIND_TR, MODEL_ROW, ATTR_NONE },
  { "u", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "ul", KIND_FLOW, MODEL_LIST, ATTR_NONE },
  { "var", KIND_PHRASING, MODEL_PHRASING, ATTR_NONE },
  { "wbr", KIND_PHRASING, MODEL_VOID, ATTR_NONE },
};

static const Element body_element = { "body", KIND_FLOW, MODEL_FLOW, ATTR_NONE };

/* Elements that go with their content. The sanitizer has removed them already; a body
 * from elsewhere may still have them. A formula's MathML, which a book would have to
 * declare, is read as its text; its annotations go.
 */
static const char * const dropped_elements =
  " annotation annotation-xml applet audio button canvas col colgroup datalist embed frame "
  "frameset head iframe input link map meta mglyph noscript object rp script select style svg "
  "template textarea title video ";

static int
compare_element_cb (const void *key,
                    const void *member)
{
  const Element *element = member;

  return strcmp (key, element->name);
}

static const Element *
find_element (const char *name)
{
  return bsearch (name, elements, G_N_ELEMENTS (elements), sizeof (Element),
                  compare_element_cb);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node && node->type == XML_ELEMENT_NODE && strcmp ((const char *)node->name, name) == 0;
}

/* Whether @element is an inline element that starts again after a split. */
static gboolean
is_formatting (const Element *element)
{
  return element->kind == KIND_PHRASING && element->model == MODEL_PHRASING;
}

static gboolean
is_table_part (const Element *element)
{
  switch (element->kind) {
    case KIND_CAPTION:
    case KIND_SECTION:
    case KIND_TR:
    case KIND_CELL:
      return TRUE;
    case KIND_PHRASING:
    case KIND_FLOW:
    case KIND_LI:
    case KIND_DT_DD:
    case KIND_FIGCAPTION:
    case KIND_SUMMARY:
    case KIND_RT:
    default:
      return element->model == MODEL_TABLE;
  }
}

static void
set_language (xmlNode    *node,
              const char *tag)
{
  xmlNodeSetLang (node, (const xmlChar *)tag);
  xmlSetProp (node, (const xmlChar *)"lang", (const xmlChar *)tag);
}

static xmlNode *
add_element (xmlNode    *parent,
             const char *name,
             const char *text)
{
  xmlNode *node = xmlNewDocNode (parent->doc, parent->ns, (const xmlChar *)name, NULL);

  xmlAddChild (parent, node);
  if (text)
    xmlAddChild (node, xmlNewDocText (parent->doc, (const xmlChar *)text));

  return node;
}

/* Chapters: the tree builder. */

typedef struct {
  xmlNode       *node;
  const Element *element;
  int            frame;    /* the frame whose output @node is, or -1 */
  gboolean       wrapper;  /* made to hold content that could not go in its parent */
} Open;

/* An element of the stored body being read. */
typedef struct {
  xmlNode       *out;         /* what it became, or a copy after a split; NULL for none */
  const Element *element;
  guint          base;        /* how many elements were open below it and its wrappers */
  gboolean       open;        /* @out is among the open elements */
  gboolean       line_break;  /* a block flattened inside <pre> */
} Frame;

typedef struct {
  /* Borrowed */
  LecternEpubWriter *writer;
  xmlDoc            *doc;
  xmlNs             *ns;

  /* Owned */
  GArray            *open;      /* Open, the root first */
  GArray            *frames;    /* Frame, outermost first */
  GPtrArray         *removed;   /* xmlNode taken out of the tree, which frames may copy */
  GHashTable        *made;      /* the wrappers made, which what follows them may join */
  GError            *error;

  guint              n_closed;    /* frames with an output that is not open */
  gboolean           line_start;  /* the text so far ends a line */
} Builder;

static Open *
builder_top (Builder *b)
{
  return &g_array_index (b->open, Open, b->open->len - 1);
}

static Frame *
builder_frame (Builder *b,
               guint    i)
{
  return &g_array_index (b->frames, Frame, i);
}

/* The innermost open element that is not a wrapper: where the element being read is. With
 * @block, also not a paragraph or an inline element, which a block would split: where a
 * block being read goes.
 */
static const Open *
builder_container (Builder  *b,
                   gboolean  block)
{
  for (guint i = b->open->len; i > 1; i--) {
    const Open *open = &g_array_index (b->open, Open, i - 1);

    if (!open->wrapper && !(block && (open->element->model == MODEL_PHRASING ||
                                      open->element->model == MODEL_RUBY)))
      return open;
  }

  return &g_array_index (b->open, Open, 0);
}

static gboolean
builder_is_inside (Builder    *b,
                   const char *name)
{
  for (guint i = 0; i < b->open->len; i++) {
    if (strcmp (g_array_index (b->open, Open, i).element->name, name) == 0)
      return TRUE;
  }

  return FALSE;
}

static gboolean
accepts (const Open *open,
         Kind        kind)
{
  switch (open->element->model) {
    case MODEL_FLOW:
      if (kind == KIND_FIGCAPTION)
        return strcmp (open->element->name, "figure") == 0;
      if (kind == KIND_SUMMARY)
        return strcmp (open->element->name, "details") == 0;
      return kind == KIND_PHRASING || kind == KIND_FLOW;
    case MODEL_PHRASING:
      return kind == KIND_PHRASING;
    case MODEL_RUBY:
      return kind == KIND_PHRASING || kind == KIND_RT;
    case MODEL_LIST:
      return kind == KIND_LI;
    case MODEL_DL:
      return kind == KIND_DT_DD;
    case MODEL_TABLE:
      return kind == KIND_CAPTION || kind == KIND_SECTION || kind == KIND_TR;
    case MODEL_SECTION:
      return kind == KIND_TR;
    case MODEL_ROW:
      return kind == KIND_CELL;
    case MODEL_VOID:
    default:
      return FALSE;
  }
}

/* The element to make inside @open so that content of @kind can go in, or %NULL when
 * @open has to be left (split) instead.
 */
static const char *
wrapper_for (const Open *open,
             Kind        kind)
{
  switch (open->element->model) {
    case MODEL_LIST:
      return "li";
    case MODEL_DL:
      return "dd";
    case MODEL_TABLE:
    case MODEL_SECTION:
      return "tr";
    case MODEL_ROW:
      return "td";
    case MODEL_FLOW:
      switch (kind) {
        case KIND_LI:
          return "ul";
        case KIND_DT_DD:
          return "dl";
        case KIND_CAPTION:
        case KIND_SECTION:
        case KIND_TR:
        case KIND_CELL:
          return "table";
        case KIND_PHRASING:
        case KIND_FLOW:
        case KIND_FIGCAPTION:
        case KIND_SUMMARY:
        case KIND_RT:
        default:
          return NULL;
      }
    case MODEL_VOID:
    case MODEL_PHRASING:
    case MODEL_RUBY:
    default:
      return NULL;
  }
}

static void
builder_push (Builder       *b,
              xmlNode       *node,
              const Element *element,
              int            frame,
              gboolean       wrapper)
{
  Open open = { node, element, frame, wrapper };

  if (!node->parent)
    xmlAddChild (builder_top (b)->node, node);
  g_array_append_val (b->open, open);
}

static gboolean
has_only_blanks (xmlNode *node)
{
  for (xmlNode *child = node->children; child; child = child->next) {
    if (child->type != XML_TEXT_NODE || !is_blank ((const char *)child->content))
      return FALSE;
  }

  return TRUE;
}

static void
builder_pop (Builder *b)
{
  Open *top = builder_top (b);
  xmlNode *node = top->node;

  g_assert (b->open->len > 1);

  if (top->frame >= 0) {
    Frame *frame = builder_frame (b, top->frame);

    if (frame->out == node && frame->open) {
      frame->open = FALSE;
      b->n_closed++;
    }
  }

  /* A paragraph or inline element left empty, by a split or from the start, says nothing;
   * nor does a paragraph with only blanks. It stays around for the copies a split makes
   * of it.
   */
  if (top->element->model == MODEL_PHRASING &&
      (!node->children || (top->element->kind == KIND_FLOW && has_only_blanks (node)))) {
    xmlUnlinkNode (node);
    g_ptr_array_add (b->removed, node);
  }

  g_array_set_size (b->open, b->open->len - 1);
}

/* The last child of @node that is not blank text. */
static xmlNode *
last_significant_child (xmlNode *node)
{
  xmlNode *child = node->last;

  while (child && child->type == XML_TEXT_NODE && is_blank ((const char *)child->content))
    child = child->prev;

  return child;
}

static xmlNode *
first_significant_child (xmlNode *node)
{
  xmlNode *child = node->children;

  while (child && child->type == XML_TEXT_NODE && is_blank ((const char *)child->content))
    child = child->next;

  return child;
}

/* Makes the innermost open element one that can hold content of @kind: leaves the wrappers
 * that cannot, and splits the paragraphs and inline elements that cannot; then enters, or
 * makes, the list, table, row or item the content needs. Returns how many elements were
 * open when the leaving ended, or 0 when the content can go nowhere.
 */
static guint
builder_prepare (Builder *b,
                 Kind     kind)
{
  guint base;

  while (TRUE) {
    Open *top = builder_top (b);

    if (accepts (top, kind))
      return b->open->len;
    if (!top->wrapper && wrapper_for (top, kind))
      break;
    if (b->open->len == 1)
      return 0;
    builder_pop (b);
  }

  base = b->open->len;
  while (TRUE) {
    Open *top = builder_top (b);
    const char *name;
    xmlNode *last;
    xmlNode *node;

    if (accepts (top, kind))
      return base;

    name = wrapper_for (top, kind);
    if (!name)
      return 0;

    /* Items, rows or cells one after another share the list, table or row made for the
     * first.
     */
    last = last_significant_child (top->node);
    if (last && is_element (last, name) && g_hash_table_contains (b->made, last)) {
      builder_push (b, last, find_element (name), -1, TRUE);
      continue;
    }

    node = xmlNewDocNode (b->doc, b->ns, (const xmlChar *)name, NULL);
    g_hash_table_add (b->made, node);
    builder_push (b, node, find_element (name), -1, TRUE);
  }
}

static xmlNode *
builder_new_element (Builder    *b,
                     const char *name)
{
  return xmlNewDocNode (b->doc, b->ns, (const xmlChar *)name, NULL);
}

/* Reopens the element frame @i was given, which a split closed, at the innermost open
 * element.
 */
static void
builder_reopen (Builder *b,
                guint    i)
{
  Frame *frame = builder_frame (b, i);
  xmlNode *copy;
  guint base;

  /* A summary or an annotation has one place only; the rest of it goes where it is. */
  if (frame->element->kind != KIND_PHRASING && frame->element->kind != KIND_FLOW) {
    frame->out = NULL;
    b->n_closed--;
    return;
  }

  base = builder_prepare (b, frame->element->kind);
  if (base == 0)
    return;

  /* Copied by hand: xmlDocCopyNode() declares the namespace again on a node copied out of
   * the tree.
   */
  frame = builder_frame (b, i);
  copy = builder_new_element (b, (const char *)frame->out->name);
  copy->properties = xmlCopyPropList (copy, frame->out->properties);
  builder_push (b, copy, frame->element, i, FALSE);
  frame->out = copy;
  frame->open = TRUE;
  frame->base = base;
  b->n_closed--;
}

/* Starts again, at the innermost open element, the elements being read whose output a
 * split closed: first the paragraphs and headings, when no block in them is open, then
 * the inline elements, inside them.
 */
static void
builder_reconstruct (Builder *b)
{
  int last_open = -1;

  if (b->n_closed == 0)
    return;

  for (guint i = 0; i < b->frames->len; i++) {
    Frame *frame = builder_frame (b, i);

    if (frame->out && frame->open)
      last_open = i;
  }

  for (guint i = last_open + 1; i < b->frames->len; i++) {
    Frame *frame = builder_frame (b, i);

    if (frame->out && !frame->open && !is_formatting (frame->element))
      builder_reopen (b, i);
  }

  for (guint i = 0; i < b->frames->len; i++) {
    Frame *frame = builder_frame (b, i);

    if (frame->out && !frame->open && is_formatting (frame->element))
      builder_reopen (b, i);
  }
}

static void
builder_add_text (Builder    *b,
                  const char *text)
{
  g_autofree char *clean = dup_clean_text (text, FALSE);
  const char *start = clean;
  Open *top;

  if (!*clean)
    return;

  /* Blanks matter only where text may be. */
  if (is_blank (clean)) {
    if (!accepts (builder_top (b), KIND_PHRASING))
      return;
  } else {
    builder_reconstruct (b);
    if (builder_prepare (b, KIND_PHRASING) == 0)
      return;
  }

  /* HTML ignores a line break right after <pre>, XHTML does not. */
  top = builder_top (b);
  if (strcmp (top->element->name, "pre") == 0 && !top->node->children && *start == '\n')
    start++;

  if (*start) {
    xmlAddChild (top->node, xmlNewDocText (b->doc, (const xmlChar *)start));
    b->line_start = start[strlen (start) - 1] == '\n';
  }
}

/* Ends the line of a <pre>, unless it has just ended. */
static void
builder_break_line (Builder *b)
{
  if (!b->line_start)
    builder_add_text (b, "\n");
}

/* Adds a node that holds no element being read: an image, a line break, a rule. */
static void
builder_add_leaf (Builder *b,
                  xmlNode *node,
                  Kind     kind)
{
  if (kind == KIND_PHRASING)
    builder_reconstruct (b);

  if (builder_prepare (b, kind) == 0) {
    xmlFreeNode (node);
    return;
  }

  xmlAddChild (builder_top (b)->node, node);
  b->line_start = FALSE;
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)name);

  return value ? dup_clean_text ((const char *)value, FALSE) : NULL;
}

static void
builder_add_image (Builder *b,
                   xmlNode *in)
{
  g_autofree char *src = dup_attribute (in, "src");
  g_autofree char *alt_value = dup_attribute (in, "alt");
  g_autofree char *alt = dup_clean_text (alt_value, TRUE);
  const char *href = NULL;
  xmlNode *node;

  if (src && !b->error)
    href = writer_get_image (b->writer, src, &b->error);

  if (href) {
    g_autofree char *path = g_strconcat ("../", href, NULL);
    const char *sizes[] = { "width", "height" };

    node = builder_new_element (b, "img");
    xmlSetProp (node, (const xmlChar *)"src", (const xmlChar *)path);
    xmlSetProp (node, (const xmlChar *)"alt", (const xmlChar *)alt);
    for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
      g_autofree char *size = dup_attribute (in, sizes[i]);

      if (size && is_integer (size, 0, 99999))
        xmlSetProp (node, (const xmlChar *)sizes[i], (const xmlChar *)size);
    }
  } else if (*alt) {
    node = builder_new_element (b, "span");
    xmlSetProp (node, (const xmlChar *)"class", (const xmlChar *)MISSING_IMAGE_CLASS);
    xmlAddChild (node, xmlNewDocText (b->doc, (const xmlChar *)alt));
  } else {
    return;
  }

  builder_add_leaf (b, node, KIND_PHRASING);
}

/* Whether @value is the class of a highlight's <mark>: "lectern-highlight
 * lectern-highlight-yellow" and the like.
 */
static gboolean
is_highlight_class (const char *value)
{
  static const char prefix[] = HIGHLIGHT_CLASS " " HIGHLIGHT_CLASS "-";
  LecternHighlightColor color;

  return g_str_has_prefix (value, prefix) &&
         lectern_highlight_color_from_string (value + strlen (prefix), &color) &&
         strcmp (value + strlen (prefix), lectern_highlight_color_to_string (color)) == 0;
}

/* Sets the attribute @name of @out, an @element going into @parent, when @out may have it
 * and @value is valid for it.
 */
static void
set_attribute (xmlNode       *out,
               const Element *element,
               xmlNode       *parent,
               const char    *name,
               const char    *value)
{
  g_autofree char *checked = NULL;

  if (strcmp (name, "lang") == 0) {
    checked = dup_language_tag (value);
    if (checked)
      set_language (out, checked);
    return;
  }

  if (strcmp (name, "dir") == 0) {
    if (g_ascii_strcasecmp (value, "ltr") == 0 || g_ascii_strcasecmp (value, "rtl") == 0 ||
        g_ascii_strcasecmp (value, "auto") == 0)
      checked = g_ascii_strdown (value, -1);
  } else if (strcmp (name, "title") == 0) {
    checked = g_strdup (value);
  } else if (strcmp (name, "href") == 0 && (element->attrs & ATTR_HREF)) {
    checked = dup_link_url (value);
  } else if (strcmp (name, "cite") == 0 && (element->attrs & ATTR_CITE)) {
    checked = dup_link_url (value);
  } else if (strcmp (name, "datetime") == 0 && (element->attrs & ATTR_DATETIME)) {
    checked = dup_datetime (value, strcmp (element->name, "time") == 0);
  } else if (strcmp (name, "start") == 0 && (element->attrs & ATTR_LIST)) {
    checked = is_integer (value, -999999999, 999999999) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "reversed") == 0 && (element->attrs & ATTR_LIST)) {
    checked = g_strdup ("reversed");
  } else if (strcmp (name, "type") == 0 && (element->attrs & ATTR_LIST)) {
    checked = is_listed (" 1 a A i I ", value) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "value") == 0 && (element->attrs & ATTR_VALUE) &&
             is_element (parent, "ol")) {
    checked = is_integer (value, -999999999, 999999999) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "colspan") == 0 && (element->attrs & ATTR_CELL)) {
    checked = is_integer (value, 1, 1000) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "rowspan") == 0 && (element->attrs & ATTR_CELL)) {
    checked = is_integer (value, 0, 65534) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "scope") == 0 && (element->attrs & ATTR_SCOPE)) {
    checked = is_listed (" row col rowgroup colgroup ", value) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "open") == 0 && (element->attrs & ATTR_OPEN)) {
    checked = g_strdup ("open");
  } else if (strcmp (name, "class") == 0 && strcmp (element->name, "span") == 0) {
    checked = strcmp (value, MISSING_IMAGE_CLASS) == 0 ? g_strdup (value) : NULL;
  } else if (strcmp (name, "class") == 0 && strcmp (element->name, "mark") == 0) {
    checked = is_highlight_class (value) ? g_strdup (value) : NULL;
  } else if (strcmp (name, "class") == 0 && strcmp (element->name, "blockquote") == 0) {
    checked = strcmp (value, NOTE_CLASS) == 0 ? g_strdup (value) : NULL;
  }

  if (checked)
    xmlSetProp (out, (const xmlChar *)name, (const xmlChar *)checked);
}

static void
copy_attributes (xmlNode       *in,
                 xmlNode       *out,
                 const Element *element,
                 xmlNode       *parent)
{
  for (xmlAttr *attr = in->properties; attr; attr = attr->next) {
    g_autoptr (LecternXmlString) raw = NULL;
    g_autofree char *name = NULL;
    g_autofree char *value = NULL;

    if (attr->ns)
      continue;

    name = g_ascii_strdown ((const char *)attr->name, -1);
    raw = xmlNodeGetContent ((xmlNode *)attr);
    value = dup_clean_text ((const char *)raw, FALSE);
    set_attribute (out, element, parent, name, value);
  }
}

static gboolean
has_valid_attribute (xmlNode    *in,
                     const char *name,
                     char *(*check) (const char *value))
{
  g_autofree char *value = dup_attribute (in, name);
  g_autofree char *checked = value ? check (value) : NULL;

  return checked != NULL;
}

static char *
dup_time_datetime (const char *value)
{
  return dup_datetime (value, TRUE);
}

static char *
dup_direction (const char *value)
{
  if (g_ascii_strcasecmp (value, "ltr") == 0 || g_ascii_strcasecmp (value, "rtl") == 0 ||
      g_ascii_strcasecmp (value, "auto") == 0)
    return g_strdup (value);

  return NULL;
}

/* What the element @in of the stored body becomes where it is, or %NULL for nothing: its
 * content then goes where it is. Sets @line_break for a block flattened inside <pre>.
 */
static const Element *
builder_map (Builder       *b,
             xmlNode       *in,
             const Element *element,
             gboolean      *line_break)
{
  const Open *container = builder_container (b, element->kind != KIND_RT);
  const char *name = element->name;

  /* Blocks inside <pre> would break its text: they become a line of it. A table splits it,
   * as it shows in a browser.
   */
  if (element->kind != KIND_PHRASING && !is_table_part (element) &&
      builder_is_inside (b, "pre")) {
    *line_break = TRUE;
    return NULL;
  }

  /* A caption is no place for a table. */
  if (is_table_part (element) && builder_is_inside (b, "caption"))
    return find_element ("div");

  if (strcmp (name, "a") == 0) {
    if (builder_is_inside (b, "a") || !has_valid_attribute (in, "href", dup_link_url))
      return NULL;
  } else if (strcmp (name, "dfn") == 0) {
    if (builder_is_inside (b, "dfn"))
      return NULL;
  } else if (strcmp (name, "time") == 0) {
    if (!has_valid_attribute (in, "datetime", dup_time_datetime))
      return find_element ("span");
  } else if (strcmp (name, "bdo") == 0) {
    if (!has_valid_attribute (in, "dir", dup_direction))
      return find_element ("span");
  }

  switch (element->kind) {
    case KIND_DT_DD:
      return container->element->model == MODEL_DL ? element : find_element ("div");
    case KIND_CAPTION:
      return container->element->model == MODEL_TABLE ? element : find_element ("div");
    case KIND_FIGCAPTION:
      return strcmp (container->element->name, "figure") == 0 ? element : find_element ("div");
    case KIND_SUMMARY:
      return strcmp (container->element->name, "details") == 0 &&
             !first_significant_child (container->node) ? element : find_element ("p");
    case KIND_RT:
      return container->element->model == MODEL_RUBY ? element : find_element ("span");
    case KIND_SECTION:
      /* A table section inside another gives it its rows. */
      return container->element->model == MODEL_SECTION ||
             container->element->model == MODEL_ROW ? NULL : element;
    case KIND_PHRASING:
    case KIND_FLOW:
    case KIND_LI:
    case KIND_TR:
    case KIND_CELL:
    default:
      return element;
  }
}

/* Reads the start of the element @in. Returns whether its children are to be read: a
 * frame is then open for it until builder_end().
 */
static gboolean
builder_start (Builder *b,
               xmlNode *in)
{
  g_autofree char *name = g_ascii_strdown ((const char *)in->name, -1);
  const Element *element = find_element (name);
  Frame frame = { NULL, NULL, 0, FALSE, FALSE };
  xmlNode *out;

  if (in->ns || is_listed (dropped_elements, name))
    return FALSE;

  if (strcmp (name, "img") == 0) {
    builder_add_image (b, in);
    return FALSE;
  }

  if (element && element->kind == KIND_PHRASING)
    builder_reconstruct (b);
  if (element)
    element = builder_map (b, in, element, &frame.line_break);

  if (element && element->model == MODEL_VOID) {
    /* A line break where no text can be breaks nothing. */
    if (element->kind == KIND_PHRASING && b->n_closed == 0 &&
        !accepts (builder_top (b), KIND_PHRASING))
      return FALSE;
    builder_add_leaf (b, builder_new_element (b, element->name), element->kind);
    return FALSE;
  }

  if (element) {
    if (element->kind == KIND_PHRASING)
      builder_reconstruct (b);
    frame.base = builder_prepare (b, element->kind);
  }

  if (frame.line_break)
    builder_break_line (b);

  if (element && frame.base > 0) {
    out = builder_new_element (b, element->name);
    copy_attributes (in, out, element, builder_top (b)->node);
    builder_push (b, out, element, b->frames->len, FALSE);
    frame.out = out;
    frame.element = element;
    frame.open = TRUE;
  }

  g_array_append_val (b->frames, frame);
  return TRUE;
}

static void
builder_end (Builder *b)
{
  Frame frame = *builder_frame (b, b->frames->len - 1);

  if (frame.out && frame.open) {
    gboolean found = FALSE;

    while (!found) {
      found = builder_top (b)->node == frame.out;
      builder_pop (b);
    }
    while (b->open->len > frame.base && builder_top (b)->wrapper)
      builder_pop (b);
  }
  if (frame.out)
    b->n_closed--;

  g_array_set_size (b->frames, b->frames->len - 1);

  if (frame.line_break)
    builder_break_line (b);
}

/* Reads the children of @root, iteratively: a stored body is at most
 * %LECTERN_XML_MAX_DEPTH deep, but a walk should not depend on it.
 */
static void
builder_read (Builder *b,
              xmlNode *root)
{
  xmlNode *node = root->children;

  while (node) {
    gboolean entered = FALSE;

    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
      builder_add_text (b, (const char *)node->content);
    else if (node->type == XML_ELEMENT_NODE)
      entered = builder_start (b, node);

    if (entered && node->children) {
      node = node->children;
      continue;
    }
    if (entered)
      builder_end (b);

    while (!node->next) {
      node = node->parent;
      if (node == root)
        return;
      builder_end (b);
    }
    node = node->next;
  }
}

/* Chapters: what the builder cannot see as it goes. */

/* Replaces @node by its children. */
static void
unwrap (xmlNode *node)
{
  xmlNode *anchor = node;
  xmlNode *next;

  for (xmlNode *child = node->children; child; child = next) {
    next = child->next;
    lectern_xml_move_after (child, anchor);
    anchor = child;
  }

  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static xmlNode *
new_sibling_element (xmlNode    *node,
                     const char *name)
{
  return xmlNewDocNode (node->doc, node->ns, (const xmlChar *)name, NULL);
}

/* A caption, a head, bodies, a foot, in this order; rows in bodies. */
static void
repair_table (xmlNode *table)
{
  g_autoptr (GPtrArray) bodies = g_ptr_array_new ();
  xmlNode *caption = NULL;
  xmlNode *thead = NULL;
  xmlNode *tfoot = NULL;
  xmlNode *loose = NULL;
  xmlNode *next;
  gboolean rows = FALSE;

  for (xmlNode *child = table->children; child; child = next) {
    next = child->next;
    xmlUnlinkNode (child);

    if (is_element (child, "tr")) {
      if (!loose) {
        loose = new_sibling_element (table, "tbody");
        g_ptr_array_add (bodies, loose);
      }
      xmlAddChild (loose, child);
      continue;
    }
    loose = NULL;

    if (is_element (child, "caption") && !caption) {
      caption = child;
    } else if (is_element (child, "caption")) {
      /* One caption says it all. */
      for (xmlNode *node = child->children, *after; node; node = after) {
        after = node->next;
        xmlUnlinkNode (node);
        xmlAddChild (caption, node);
      }
      xmlFreeNode (child);
    } else if (is_element (child, "thead") && !thead) {
      thead = child;
    } else if (is_element (child, "tfoot") && !tfoot) {
      tfoot = child;
    } else if (is_element (child, "thead") || is_element (child, "tfoot") ||
               is_element (child, "tbody")) {
      xmlNodeSetName (child, (const xmlChar *)"tbody");
      g_ptr_array_add (bodies, child);
    } else {
      /* Blanks; the builder puts nothing else here. */
      xmlFreeNode (child);
    }
  }

  g_ptr_array_insert (bodies, 0, thead);
  g_ptr_array_add (bodies, tfoot);
  for (guint i = 0; i < bodies->len; i++) {
    xmlNode *section = g_ptr_array_index (bodies, i);

    if (!section)
      continue;

    for (xmlNode *child = section->children, *after; child; child = after) {
      after = child->next;
      if (!is_element (child, "tr")) {
        xmlUnlinkNode (child);
        xmlFreeNode (child);
      }
    }

    if (!section->children) {
      xmlFreeNode (section);
      bodies->pdata[i] = NULL;
    } else {
      rows = TRUE;
    }
  }

  if (!rows) {
    /* A table without rows: its caption is all there is. */
    if (caption) {
      xmlNodeSetName (caption, (const xmlChar *)"div");
      xmlReplaceNode (table, caption);
    } else {
      xmlUnlinkNode (table);
    }
    xmlFreeNode (table);
    return;
  }

  if (caption)
    xmlAddChild (table, caption);
  for (guint i = 0; i < bodies->len; i++) {
    if (bodies->pdata[i])
      xmlAddChild (table, bodies->pdata[i]);
  }
}

/* Groups of terms and descriptions: a term first, a description last. */
static void
repair_dl (xmlNode *dl)
{
  const xmlChar *last = NULL;

  for (xmlNode *child = dl->children; child; child = child->next) {
    if (child->type != XML_ELEMENT_NODE)
      continue;

    if (!last && is_element (child, "dd"))
      xmlAddPrevSibling (child, new_sibling_element (dl, "dt"));
    last = child->name;
  }

  if (!last) {
    xmlUnlinkNode (dl);
    xmlFreeNode (dl);
  } else if (xmlStrEqual (last, (const xmlChar *)"dt")) {
    xmlAddChild (dl, new_sibling_element (dl, "dd"));
  }
}

/* One caption, first or last. */
static void
repair_figure (xmlNode *figure)
{
  xmlNode *first = first_significant_child (figure);
  xmlNode *last = last_significant_child (figure);
  xmlNode *keep = NULL;

  if (is_element (first, "figcaption"))
    keep = first;
  else if (is_element (last, "figcaption"))
    keep = last;

  for (xmlNode *child = figure->children; child; child = child->next) {
    if (is_element (child, "figcaption") && child != keep)
      xmlNodeSetName (child, (const xmlChar *)"div");
  }
}

/* A summary first, or no details. */
static void
repair_details (xmlNode *details)
{
  if (is_element (first_significant_child (details), "summary"))
    return;

  xmlNodeSetName (details, (const xmlChar *)"div");
  xmlUnsetProp (details, (const xmlChar *)"open");
}

/* Annotations after their base, and nothing after the last: without one, no ruby. */
static void
repair_ruby (xmlNode *ruby)
{
  xmlNode *last = NULL;
  xmlNode *anchor = ruby;
  xmlNode *next;

  for (xmlNode *child = ruby->children; child; child = child->next) {
    if (is_element (child, "rt"))
      last = child;
  }

  if (!last) {
    unwrap (ruby);
    return;
  }

  for (xmlNode *node = last->next; node; node = next) {
    next = node->next;
    lectern_xml_move_after (node, anchor);
    anchor = node;
  }
}

static void
repair_structure (xmlNode *root)
{
  g_autoptr (GPtrArray) todo = g_ptr_array_new ();

  for (xmlNode *node = root->children; node; node = lectern_xml_next_node (node, root, FALSE)) {
    if (is_element (node, "table") || is_element (node, "dl") || is_element (node, "figure") ||
        is_element (node, "details") || is_element (node, "ruby"))
      g_ptr_array_add (todo, node);
  }

  /* Inner ones first: repairing an element changes nothing outside it. */
  for (guint i = todo->len; i > 0; i--) {
    xmlNode *node = g_ptr_array_index (todo, i - 1);

    if (is_element (node, "table"))
      repair_table (node);
    else if (is_element (node, "dl"))
      repair_dl (node);
    else if (is_element (node, "figure"))
      repair_figure (node);
    else if (is_element (node, "details"))
      repair_details (node);
    else
      repair_ruby (node);
  }
}

/* Builds the XHTML of @body_html, the body of article @id, with its highlights, in @body. */
static gboolean
convert_body (LecternEpubWriter  *self,
              xmlNode            *body,
              gint64              id,
              const char         *body_html,
              GError            **error)
{
  g_autoptr (xmlDoc) source = NULL;
  g_autofree char *valid = NULL;
  xmlNode *source_body;
  Builder b = { NULL, };
  Open root = { body, &body_element, -1, FALSE };
  gsize length = strlen (body_html);

  if (!g_utf8_validate_len (body_html, length, NULL)) {
    valid = g_utf8_make_valid (body_html, length);
    body_html = valid;
    length = strlen (valid);
  }
  if (length == 0 || length > G_MAXINT)
    return TRUE;

  source = lectern_xml_read_html (body_html, length, NULL);
  source_body = source ? lectern_xml_find_body (source) : NULL;
  if (!source_body)
    return TRUE;

  _lectern_export_mark_highlights (self->store, id, source_body);

  b.writer = self;
  b.doc = body->doc;
  b.ns = body->ns;
  b.open = g_array_new (FALSE, FALSE, sizeof (Open));
  b.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  b.removed = g_ptr_array_new_with_free_func ((GDestroyNotify)xmlFreeNode);
  b.made = g_hash_table_new (NULL, NULL);
  g_array_append_val (b.open, root);

  builder_read (&b, source_body);
  while (b.open->len > 1)
    builder_pop (&b);

  g_array_unref (b.open);
  g_array_unref (b.frames);
  g_ptr_array_unref (b.removed);
  g_hash_table_unref (b.made);

  if (b.error) {
    g_propagate_error (error, b.error);
    return FALSE;
  }

  repair_structure (body);
  return TRUE;
}

/* Chapters: the document. */

static void
add_header (xmlNode        *body,
            LecternArticle *article,
            const char     *title)
{
  g_autofree char *byline = dup_clean_text (lectern_article_get_byline (article), TRUE);
  g_autofree char *site = dup_clean_text (lectern_article_get_site_name (article), TRUE);
  g_autofree char *url = dup_clean_text (lectern_article_get_url (article), TRUE);
  g_autofree char *link = dup_link_url (lectern_article_get_url (article));
  gint64 published = lectern_article_get_published_at (article);
  xmlNode *header = add_element (body, "header", NULL);
  g_autoptr (GString) line = g_string_new (NULL);
  xmlNode *p;

  xmlSetProp (header, (const xmlChar *)"class", (const xmlChar *)"lectern-header");
  add_element (header, "h1", title);

  if (*byline)
    g_string_append (line, byline);
  if (*site && strcmp (site, byline) != 0)
    g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "", site);
  if (line->len > 0 || published > 0) {
    p = add_element (header, "p", NULL);
    xmlSetProp (p, (const xmlChar *)"class", (const xmlChar *)"lectern-meta");
    if (published > 0) {
      g_autoptr (GDateTime) date = g_date_time_new_from_unix_utc (published / G_USEC_PER_SEC);
      g_autofree char *day = date ? g_date_time_format (date, "%Y-%m-%d") : NULL;

      if (day) {
        xmlNode *time;

        if (line->len > 0)
          g_string_append (line, " · ");
        xmlAddChild (p, xmlNewDocText (p->doc, (const xmlChar *)line->str));
        time = add_element (p, "time", day);
        xmlSetProp (time, (const xmlChar *)"datetime", (const xmlChar *)day);
        g_string_truncate (line, 0);
      }
    }
    if (line->len > 0)
      xmlAddChild (p, xmlNewDocText (p->doc, (const xmlChar *)line->str));
  }

  if (*url) {
    p = add_element (header, "p", NULL);
    xmlSetProp (p, (const xmlChar *)"class", (const xmlChar *)"lectern-source");
    if (link)
      xmlSetProp (add_element (p, "a", url), (const xmlChar *)"href", (const xmlChar *)link);
    else
      xmlAddChild (p, xmlNewDocText (p->doc, (const xmlChar *)url));
  }
}

static GBytes *
writer_build_chapter (LecternEpubWriter  *self,
                      LecternArticle     *article,
                      Chapter            *chapter,
                      GError            **error)
{
  g_autoptr (xmlDoc) doc = xmlNewDoc ((const xmlChar *)"1.0");
  const char *body_html = lectern_article_get_body_html (article);
  xmlNode *html;
  xmlNode *head;
  xmlNode *link;
  xmlNode *body;
  xmlChar *text = NULL;
  int size = 0;
  GBytes *bytes;

  xmlCreateIntSubset (doc, (const xmlChar *)"html", NULL, NULL);
  html = xmlNewDocNode (doc, NULL, (const xmlChar *)"html", NULL);
  xmlSetNs (html, xmlNewNs (html, (const xmlChar *)XHTML_NS, NULL));
  xmlDocSetRootElement (doc, html);
  if (chapter->language)
    set_language (html, chapter->language);
  if (chapter->rtl)
    xmlSetProp (html, (const xmlChar *)"dir", (const xmlChar *)"rtl");

  head = add_element (html, "head", NULL);
  add_element (head, "title", chapter->title);
  link = add_element (head, "link", NULL);
  xmlSetProp (link, (const xmlChar *)"rel", (const xmlChar *)"stylesheet");
  xmlSetProp (link, (const xmlChar *)"type", (const xmlChar *)"text/css");
  xmlSetProp (link, (const xmlChar *)"href", (const xmlChar *)"../style.css");

  body = add_element (html, "body", NULL);
  add_header (body, article, chapter->title);

  if (body_html && *body_html) {
    if (!convert_body (self, body, lectern_article_get_id (article), body_html, error))
      return NULL;
  } else {
    xmlNode *note = add_element (body, "p", _("The text of this article was not saved."));

    xmlSetProp (note, (const xmlChar *)"class", (const xmlChar *)"lectern-unsaved");
  }

  xmlDocDumpMemoryEnc (doc, &text, &size, "UTF-8");
  if (!text) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The article could not be written into the book"));
    return NULL;
  }

  bytes = g_bytes_new (text, size);
  xmlFree (text);
  return bytes;
}

/* The package. */

static gboolean
writer_add_string (LecternEpubWriter  *self,
                   const char         *path,
                   const char         *text,
                   GError            **error)
{
  return lectern_zip_writer_add (self->zip, path, text, strlen (text), TRUE, error);
}

static gboolean
writer_start (LecternEpubWriter  *self,
              GError            **error)
{
  static const char mimetype[] = "application/epub+zip";

  return lectern_zip_writer_add (self->zip, "mimetype", mimetype, strlen (mimetype), FALSE,
                                 error) &&
         writer_add_string (self, "META-INF/container.xml", container_xml, error) &&
         writer_add_string (self, "OEBPS/style.css", style_sheet, error);
}

static const char *
writer_get_title (LecternEpubWriter *self)
{
  Chapter *first = g_ptr_array_index (self->chapters, 0);

  return *self->title ? self->title : first->title;
}

static void
append_language (GString    *out,
                 const char *language)
{
  if (!language)
    return;

  g_string_append_printf (out, " xml:lang=\"%s\" lang=\"%s\"", language, language);
}

static char *
writer_dup_nav (LecternEpubWriter *self)
{
  GString *out = g_string_new (NULL);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"" XHTML_NS "\" xmlns:epub=\"" EPUB_NS "\"");
  append_language (out, self->language);
  g_string_append (out, ">\n<head>\n<title>");
  append_escaped (out, writer_get_title (self));
  g_string_append (out,
                   "</title>\n"
                   "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
                   "</head>\n"
                   "<body>\n"
                   "<nav epub:type=\"toc\" id=\"toc\">\n"
                   "<h1>");
  append_escaped (out, writer_get_title (self));
  g_string_append (out, "</h1>\n<ol>\n");

  for (guint i = 0; i < self->chapters->len; i++) {
    Chapter *chapter = g_ptr_array_index (self->chapters, i);

    g_string_append (out, "<li");
    append_language (out, chapter->language);
    if (chapter->rtl)
      g_string_append (out, " dir=\"rtl\"");
    g_string_append_printf (out, "><a href=\"text/%u.xhtml\">", i + 1);
    append_escaped (out, chapter->title);
    g_string_append (out, "</a></li>\n");
  }

  g_string_append (out, "</ol>\n</nav>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

static char *
writer_dup_ncx (LecternEpubWriter *self)
{
  GString *out = g_string_new (NULL);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\"");
  if (self->language)
    g_string_append_printf (out, " xml:lang=\"%s\"", self->language);
  g_string_append_printf (out,
                          ">\n"
                          "  <head>\n"
                          "    <meta name=\"dtb:uid\" content=\"%s\"/>\n"
                          "    <meta name=\"dtb:depth\" content=\"1\"/>\n"
                          "    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                          "    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
                          "  </head>\n"
                          "  <docTitle><text>",
                          self->identifier);
  append_escaped (out, writer_get_title (self));
  g_string_append (out, "</text></docTitle>\n  <navMap>\n");

  for (guint i = 0; i < self->chapters->len; i++) {
    Chapter *chapter = g_ptr_array_index (self->chapters, i);

    g_string_append_printf (out,
                            "    <navPoint id=\"navpoint-%u\" playOrder=\"%u\">"
                            "<navLabel><text>",
                            i + 1, i + 1);
    append_escaped (out, chapter->title);
    g_string_append_printf (out, "</text></navLabel><content src=\"text/%u.xhtml\"/></navPoint>\n",
                            i + 1);
  }

  g_string_append (out, "  </navMap>\n</ncx>\n");
  return g_string_free (out, FALSE);
}

static void
append_metadata (GString    *out,
                 const char *element,
                 const char *attributes,
                 const char *text)
{
  g_string_append_printf (out, "    <%s%s>", element, attributes);
  append_escaped (out, text);
  g_string_append_printf (out, "</%s>\n", element);
}

static char *
writer_dup_package (LecternEpubWriter *self)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
                   " unique-identifier=\"book-id\">\n"
                   "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  append_metadata (out, "dc:identifier", " id=\"book-id\"", self->identifier);
  append_metadata (out, "dc:title", "", writer_get_title (self));
  append_metadata (out, "dc:language", "", self->language ? self->language : "und");
  if (self->creator)
    append_metadata (out, "dc:creator", "", self->creator);
  if (self->source && self->chapters->len == 1)
    append_metadata (out, "dc:source", "", self->source);
  append_metadata (out, "meta", " property=\"dcterms:modified\"", modified);
  g_string_append (out,
                   "  </metadata>\n"
                   "  <manifest>\n"
                   "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\""
                   " properties=\"nav\"/>\n"
                   "    <item id=\"ncx\" href=\"toc.ncx\""
                   " media-type=\"application/x-dtbncx+xml\"/>\n"
                   "    <item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");

  for (guint i = 0; i < self->chapters->len; i++)
    g_string_append_printf (out,
                            "    <item id=\"chapter-%u\" href=\"text/%u.xhtml\""
                            " media-type=\"application/xhtml+xml\"/>\n",
                            i + 1, i + 1);

  for (guint i = 0; i < self->images->len; i++) {
    Image *image = g_ptr_array_index (self->images, i);

    g_string_append_printf (out, "    <item id=\"image-%u\" href=\"%s\" media-type=\"%s\"/>\n",
                            i + 1, image->href, image->media_type);
  }

  g_string_append_printf (out, "  </manifest>\n  <spine toc=\"ncx\"%s>\n",
                          self->rtl ? " page-progression-direction=\"rtl\"" : "");
  for (guint i = 0; i < self->chapters->len; i++)
    g_string_append_printf (out, "    <itemref idref=\"chapter-%u\"/>\n", i + 1);
  g_string_append (out, "  </spine>\n</package>\n");

  return g_string_free (out, FALSE);
}

/* Remembers why the book cannot be finished, and says so. */
static gboolean
writer_fail (LecternEpubWriter  *self,
             GError             *error,
             GError            **out_error)
{
  if (!self->failure)
    self->failure = g_error_copy (error);
  g_propagate_error (out_error, error);
  return FALSE;
}

/**
 * lectern_epub_writer_new:
 * @store: the library the articles' images are read from
 * @stream: where the book goes
 * @title: (nullable): the book's title; without one, the first article's
 * @cancellable: (nullable): stops the writing
 *
 * Starts an EPUB 3 book on @stream. Add its articles, each a chapter, with
 * lectern_epub_writer_add_article(), then end it with lectern_epub_writer_finish(). The
 * chapters are written as they come; the stream stays open.
 *
 * Returns: (transfer full): a new writer
 */
LecternEpubWriter *
lectern_epub_writer_new (LecternArticleStore *store,
                         GOutputStream       *stream,
                         const char          *title,
                         GCancellable        *cancellable)
{
  LecternEpubWriter *self;
  g_autofree char *uuid = g_uuid_string_random ();

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (LecternEpubWriter, 1);
  self->store = g_object_ref (store);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->zip = lectern_zip_writer_new (stream, LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER, cancellable);
  self->title = dup_clean_text (title, TRUE);
  self->identifier = g_strconcat ("urn:uuid:", uuid, NULL);
  self->chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)chapter_free);
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify)image_free);
  self->image_hrefs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

/**
 * lectern_epub_writer_add_article:
 * @self: a #LecternEpubWriter
 * @article: a whole article, as lectern_article_store_get() gives it
 * @error: return location for a #GError
 *
 * Writes @article as the book's next chapter: its title, byline, site, date and address,
 * then its text as XHTML, with the images it has in the library. An article whose text
 * was not saved has only the first part. After an error the book cannot be finished.
 *
 * Returns: %TRUE if the chapter was written
 */
gboolean
lectern_epub_writer_add_article (LecternEpubWriter  *self,
                                 LecternArticle     *article,
                                 GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *byline = NULL;
  GError *local_error = NULL;
  Chapter *chapter;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LECTERN_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->failure) {
    g_propagate_error (error, g_error_copy (self->failure));
    return FALSE;
  }
  if (g_cancellable_set_error_if_cancelled (self->cancellable, &local_error))
    return writer_fail (self, local_error, error);

  if (!self->started) {
    if (!writer_start (self, &local_error))
      return writer_fail (self, local_error, error);
    self->started = TRUE;
  }

  chapter = g_new0 (Chapter, 1);
  {
    g_autofree char *display = lectern_article_dup_display_title (article);

    chapter->title = dup_clean_text (display, TRUE);
    if (!*chapter->title) {
      g_free (chapter->title);
      chapter->title = g_strdup (_("Untitled article"));
    }
  }
  chapter->language = dup_language_tag (lectern_article_get_language (article));
  chapter->rtl = lectern_article_get_direction (article) == LECTERN_TEXT_DIRECTION_RTL;

  bytes = writer_build_chapter (self, article, chapter, &local_error);
  path = g_strdup_printf ("OEBPS/text/%u.xhtml", self->chapters->len + 1);
  if (!bytes || !lectern_zip_writer_add_bytes (self->zip, path, bytes, TRUE, &local_error)) {
    chapter_free (chapter);
    return writer_fail (self, local_error, error);
  }

  byline = dup_clean_text (lectern_article_get_byline (article), TRUE);
  if (self->chapters->len == 0) {
    self->language = g_strdup (chapter->language);
    self->rtl = chapter->rtl;
    self->source = dup_clean_text (lectern_article_get_url (article), TRUE);
    self->creator = *byline ? g_steal_pointer (&byline) : NULL;
  } else if (self->creator && g_strcmp0 (self->creator, byline) != 0) {
    g_clear_pointer (&self->creator, g_free);
  }

  g_ptr_array_add (self->chapters, chapter);
  return TRUE;
}

/**
 * lectern_epub_writer_finish:
 * @self: a #LecternEpubWriter
 * @error: return location for a #GError
 *
 * Writes the book's table of contents and package document, and ends the archive. A book
 * needs a chapter: without any, this fails with %G_IO_ERROR_INVALID_ARGUMENT and nothing
 * was written to the stream.
 *
 * Returns: %TRUE if the book is whole
 */
gboolean
lectern_epub_writer_finish (LecternEpubWriter  *self,
                            GError            **error)
{
  g_autofree char *nav = NULL;
  g_autofree char *ncx = NULL;
  g_autofree char *package = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->finished = TRUE;

  if (self->failure) {
    g_propagate_error (error, g_error_copy (self->failure));
    return FALSE;
  }
  if (self->chapters->len == 0) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("A book needs at least one article"));
    return FALSE;
  }
  if (g_cancellable_set_error_if_cancelled (self->cancellable, &local_error))
    return writer_fail (self, local_error, error);

  nav = writer_dup_nav (self);
  ncx = writer_dup_ncx (self);
  package = writer_dup_package (self);
  if (!writer_add_string (self, "OEBPS/nav.xhtml", nav, &local_error) ||
      !writer_add_string (self, "OEBPS/toc.ncx", ncx, &local_error) ||
      !writer_add_string (self, "OEBPS/content.opf", package, &local_error) ||
      !lectern_zip_writer_close (self->zip, &local_error))
    return writer_fail (self, local_error, error);

  return TRUE;
}

/**
 * lectern_epub_writer_free:
 * @self: (transfer full): a #LecternEpubWriter
 *
 * Frees @self. A book not finished is left incomplete.
 */
void
lectern_epub_writer_free (LecternEpubWriter *self)
{
  if (!self)
    return;

  g_clear_pointer (&self->zip, lectern_zip_writer_free);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->identifier, g_free);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->image_hrefs, g_hash_table_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->creator, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_error (&self->failure);
  g_free (self);
}
