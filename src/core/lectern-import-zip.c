/* lectern-import-zip.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-backup-private.h"
#include "lectern-import-private.h"
#include "lectern-url.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* Exports that come as a ZIP archive: Pocket's, whose CSV files (`part_000000.csv`, …)
 * hold 10,000 links each, and Omnivore's, whose `metadata_*.json` files list them, whose
 * `content/<slug>.html` files hold the articles' bodies and whose `highlights/<slug>.md`
 * files their highlights. Lectern's own backup is one too, told by its first member (see
 * lectern-backup-private.h); its members are read as they come, and as many as it has.
 *
 * The archive is read as a stream with libarchive, one member after another, and nothing
 * of it is ever written to disk: a member's path (`../`, an absolute one, a link) names
 * nothing outside the archive.
 *
 * An archive made to exhaust the reader stops it with an error: more than MAX_MEMBERS
 * members (a backup excepted), or members that expand to more than MAX_RATIO times the
 * bytes read once past MAX_SMALL_EXPANSION (a zip bomb).
 */

#define READ_SIZE 65536
#define MAX_MEMBERS 100000
#define MAX_SMALL_EXPANSION (16 * 1024 * 1024)
#define MAX_RATIO 100
#define MAX_CONTENT (32 * 1024 * 1024)
/* The most bytes of highlights held for entries still to come. */
#define MAX_HELD_HIGHLIGHTS (64 * 1024 * 1024)

typedef struct {
  GInputStream *stream;
  GCancellable *cancellable;
  GError *error;
  char buffer[READ_SIZE];
} Source;

static la_ssize_t
source_read_cb (struct archive  *archive,
                void            *data,
                const void     **buffer)
{
  Source *source = data;
  gssize n;

  if (source->error)
    return -1;

  n = g_input_stream_read (source->stream, source->buffer, READ_SIZE, source->cancellable,
                           &source->error);
  if (n < 0) {
    archive_set_error (archive, EIO, "%s", source->error->message);
    return -1;
  }

  *buffer = source->buffer;
  return n;
}

/* One member's data as a stream, for the format's reader. */
#define LECTERN_TYPE_ARCHIVE_STREAM (lectern_archive_stream_get_type ())
G_DECLARE_FINAL_TYPE (LecternArchiveStream, lectern_archive_stream, LECTERN, ARCHIVE_STREAM,
                      GInputStream)

struct _LecternArchiveStream
{
  GInputStream    parent_instance;

  /* Borrowed */
  struct archive *archive;
  guint64        *expanded;
};

G_DEFINE_FINAL_TYPE (LecternArchiveStream, lectern_archive_stream, G_TYPE_INPUT_STREAM)

static gssize
lectern_archive_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  LecternArchiveStream *self = LECTERN_ARCHIVE_STREAM (stream);
  la_ssize_t n;
  gint64 raw;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  n = archive_read_data (self->archive, buffer, count);
  if (n < 0) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("The archive is damaged: %s"), archive_error_string (self->archive));
    return -1;
  }

  *self->expanded += n;
  raw = archive_filter_bytes (self->archive, -1);
  if (*self->expanded > MAX_SMALL_EXPANSION &&
      *self->expanded > (guint64)MAX (raw, 1) * MAX_RATIO) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         _("The archive expands to far more than its size: it is no export"));
    return -1;
  }

  return n;
}

static void
lectern_archive_stream_class_init (LecternArchiveStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = lectern_archive_stream_read;
}

static void
lectern_archive_stream_init (LecternArchiveStream *self)
{
}

static const char *
member_path (struct archive_entry *entry)
{
  const char *path = archive_entry_pathname_utf8 (entry);

  if (!path)
    path = archive_entry_pathname (entry);

  return path ? path : "";
}

/* The member's file name, whatever folder it is in. */
static const char *
member_base_name (struct archive_entry *entry)
{
  const char *path = member_path (entry);
  const char *slash = strrchr (path, '/');

  return slash ? slash + 1 : path;
}

static GInputStream *
member_stream_new (struct archive *archive,
                   guint64        *expanded)
{
  LecternArchiveStream *stream = g_object_new (LECTERN_TYPE_ARCHIVE_STREAM, NULL);

  stream->archive = archive;
  stream->expanded = expanded;
  return G_INPUT_STREAM (stream);
}

/* Reads the member's data into @data, or leaves @data %NULL when it is larger than @max
 * bytes; FALSE with @error set when it cannot be read.
 */
static gboolean
read_member_data (struct archive  *archive,
                  guint64         *expanded,
                  gsize            max,
                  GByteArray     **data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr (GInputStream) stream = member_stream_new (archive, expanded);
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  char buffer[READ_SIZE];
  gssize n;

  *data = NULL;
  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0) {
    if (bytes->len + n > max)
      return TRUE;
    g_byte_array_append (bytes, (guint8 *)buffer, n);
  }
  if (n < 0)
    return FALSE;

  *data = g_steal_pointer (&bytes);
  return TRUE;
}

/* An article's body in Omnivore's export, `content/<slug>.html`, for the entry with that
 * slug. One too large to be an article is passed by: that article is fetched instead.
 */
static gboolean
read_content_member (LecternImport   *import,
                     struct archive  *archive,
                     const char      *name,
                     guint64         *expanded,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr (GByteArray) data = NULL;
  g_autofree char *slug = g_strndup (name, strlen (name) - strlen (".html"));

  if (!read_member_data (archive, expanded, MAX_CONTENT, &data, cancellable, error))
    return FALSE;

  /* An empty body is none: that article is fetched. */
  if (!data || data->len == 0)
    return TRUE;

  return _lectern_import_add_content (import, slug,
                                      g_utf8_make_valid ((char *)data->data, data->len),
                                      cancellable, error);
}

/* Omnivore's highlights files, `highlights/<slug>.md`: Markdown, as its exporter writes it
 * (highlightToMarkdown() in omnivore-app/omnivore, packages/api/src/utils/parser.ts), one
 * highlight after another with a blank line between them:
 *
 *   > the quote, its blank lines written "> " and its other lines as they are␣
 *
 *   #label #label            (the highlight's labels, when it has some)
 *
 *   the note, when it has one, in as many lines and paragraphs as it has
 *
 * The quote's last line may end in a link back to the highlight, `[⤴️](https://…)`, as
 * Omnivore's Obsidian and Logseq plugins write it, and its other lines may start with
 * "> " too: both are read. What comes before the first quote (the article's own note) is
 * no highlight's; the labels stay at the head of the note, since Lectern's highlights
 * have none. An article note written after a highlight cannot be told from that
 * highlight's note, and becomes part of it.
 */

/* The most highlights a file gives, as many as an entry keeps. */
#define MAX_FILE_HIGHLIGHTS 10000

/* What a highlight takes besides its quote and note, counted against MAX_HELD_HIGHLIGHTS. */
#define HIGHLIGHT_OVERHEAD 256

/* "[⤴" (U+2934), which U+FE0F may follow, starts the link back. */
#define LINK_START "[\xe2\xa4\xb4"
#define EMOJI_PRESENTATION "\xef\xb8\x8f"

struct _LecternOmnivoreHighlights
{
  /* Owned */
  /* The highlights read before their entry, by slug (a GPtrArray of LecternHighlight) */
  GHashTable *held;
  /* The addresses of the entries read, by slug */
  GHashTable *urls;

  gsize held_bytes;
};

static gboolean
is_blank (const char *line)
{
  for (; *line; line++) {
    if (!g_ascii_isspace (*line))
      return FALSE;
  }

  return TRUE;
}

/* @line without the "> " that quotes it. */
static const char *
unquote (const char *line)
{
  if (*line == '>')
    line++;
  if (*line == ' ')
    line++;

  return line;
}

/* Cuts the link back to the highlight off the end of @quote, labels after it included. */
static void
cut_link (GString *quote)
{
  const char *link = g_strrstr (quote->str, LINK_START);
  const char *p;

  if (!link)
    return;

  p = link + strlen (LINK_START);
  if (g_str_has_prefix (p, EMOJI_PRESENTATION))
    p += strlen (EMOJI_PRESENTATION);
  if (!g_str_has_prefix (p, "](") || strchr (p, '\n') || !strchr (p, ')'))
    return;

  g_string_truncate (quote, link - quote->str);
}

static void
free_string (GString *string)
{
  g_string_free (string, TRUE);
}

static void
add_parsed (GPtrArray *highlights,
            GString   *quote,
            GString   *note)
{
  g_autoptr (LecternHighlight) highlight = NULL;

  if (!quote || highlights->len >= MAX_FILE_HIGHLIGHTS)
    return;

  cut_link (quote);
  highlight = _lectern_import_highlight_new (quote->str, note ? note->str : NULL);
  if (highlight)
    g_ptr_array_add (highlights, g_steal_pointer (&highlight));
}

/**
 * _lectern_import_parse_omnivore_highlights:
 * @markdown: one of Omnivore's highlights files
 * @length: its length in bytes
 *
 * Returns: (transfer full) (element-type LecternHighlight): the highlights it holds, yellow
 *   and to be found in their article's text by their quotes
 */
GPtrArray *
_lectern_import_parse_omnivore_highlights (const char *markdown,
                                           gsize       length)
{
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = g_utf8_make_valid (markdown, length);
  g_autoptr (GString) quote = NULL;
  g_autoptr (GString) note = NULL;
  gboolean in_quote = FALSE;
  gboolean after_blank = TRUE;
  char *next = g_str_has_prefix (text, "\xef\xbb\xbf") ? text + 3 : text;

  /* Line by line, each cut off where it ends in the copy. */
  while (next && highlights->len < MAX_FILE_HIGHLIGHTS) {
    char *line = next;
    char *end = strchr (line, '\n');

    next = end ? end + 1 : NULL;
    if (!end)
      end = line + strlen (line);
    if (end > line && end[-1] == '\r')
      end--;
    *end = '\0';

    if (is_blank (line)) {
      in_quote = FALSE;
      after_blank = TRUE;
      continue;
    }

    if (after_blank && line[0] == '>') {
      add_parsed (highlights, quote, note);
      g_clear_pointer (&note, free_string);
      g_clear_pointer (&quote, free_string);
      quote = g_string_new (unquote (line));
      in_quote = TRUE;
    } else if (in_quote) {
      /* A line of the quote: "> " for its blank lines, the others as they are. */
      g_string_append_c (quote, '\n');
      g_string_append (quote, line[0] == '>' ? unquote (line) : line);
    } else if (quote) {
      if (!note)
        note = g_string_new (NULL);
      else
        g_string_append (note, after_blank ? "\n\n" : "\n");
      g_string_append (note, line);
    }

    after_blank = FALSE;
  }
  add_parsed (highlights, quote, note);

  return g_steal_pointer (&highlights);
}

static gsize
highlights_size (GPtrArray *highlights)
{
  gsize size = 0;

  for (guint i = 0; i < highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i);
    const char *note = lectern_highlight_get_note (highlight);

    size += HIGHLIGHT_OVERHEAD + strlen (lectern_highlight_get_text (highlight)) +
            (note ? strlen (note) : 0);
  }

  return size;
}

static void
add_highlights (LecternImportEntry *entry,
                GPtrArray          *highlights)
{
  for (guint i = 0; i < highlights->len; i++)
    lectern_import_entry_add_highlight (entry, g_ptr_array_index (highlights, i));
}

static LecternOmnivoreHighlights *
omnivore_highlights_new (void)
{
  LecternOmnivoreHighlights *self = g_new0 (LecternOmnivoreHighlights, 1);

  self->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_ptr_array_unref);
  self->urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

static void
omnivore_highlights_free (LecternOmnivoreHighlights *self)
{
  g_hash_table_unref (self->held);
  g_hash_table_unref (self->urls);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternOmnivoreHighlights, omnivore_highlights_free)

/* Gives @entry, named @slug, the highlights held for it, if they came before it; otherwise
 * its address is kept, for its highlights to come.
 */
void
_lectern_omnivore_highlights_attach (LecternOmnivoreHighlights *self,
                                     const char                *slug,
                                     LecternImportEntry        *entry)
{
  g_autoptr (GPtrArray) held = NULL;
  g_autofree char *key = NULL;

  if (g_hash_table_steal_extended (self->held, slug, (gpointer *)&key, (gpointer *)&held)) {
    self->held_bytes -= highlights_size (held);
    add_highlights (entry, held);
    return;
  }

  if (entry->url && lectern_url_is_fetchable (entry->url, NULL))
    g_hash_table_insert (self->urls, g_strdup (slug), g_strdup (entry->url));
}

/* The highlights of the entry with that slug, `highlights/<slug>.md`: given to its article
 * if the entry came first (an entry of their own, like a body's), held for it if not.
 * A file too large to be highlights is passed by.
 */
static gboolean
read_highlights_member (LecternImport              *import,
                        struct archive             *archive,
                        const char                 *name,
                        guint64                    *expanded,
                        LecternOmnivoreHighlights  *highlights,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr (GByteArray) data = NULL;
  g_autoptr (GPtrArray) parsed = NULL;
  g_autofree char *slug = g_strndup (name, strlen (name) - strlen (".md"));
  LecternImportEntry *entry;
  const char *url;
  gsize size;

  if (!read_member_data (archive, expanded, MAX_CONTENT, &data, cancellable, error))
    return FALSE;
  if (!data || data->len == 0)
    return TRUE;

  parsed = _lectern_import_parse_omnivore_highlights ((const char *)data->data, data->len);
  if (parsed->len == 0)
    return TRUE;

  url = g_hash_table_lookup (highlights->urls, slug);
  if (!url) {
    size = highlights_size (parsed);
    if (highlights->held_bytes + size > MAX_HELD_HIGHLIGHTS ||
        g_hash_table_contains (highlights->held, slug))
      return TRUE;

    highlights->held_bytes += size;
    g_hash_table_insert (highlights->held, g_steal_pointer (&slug), g_steal_pointer (&parsed));
    return TRUE;
  }

  entry = lectern_import_entry_new ();
  entry->url = g_strdup (url);
  entry->content_only = TRUE;
  add_highlights (entry, parsed);
  return _lectern_import_add_entry (import, entry, cancellable, error);
}

/* A member of Lectern's backup, which the archive's first member said it is. */
static gboolean
read_backup_member (LecternImport         *import,
                    struct archive        *archive,
                    struct archive_entry  *entry,
                    guint64               *expanded,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr (GInputStream) stream = NULL;
  const char *path = member_path (entry);

  if (archive_entry_filetype (entry) != AE_IFREG)
    return TRUE;

  if (g_str_has_prefix (path, LECTERN_BACKUP_IMAGES_DIR)) {
    stream = member_stream_new (archive, expanded);
    return _lectern_import_read_backup_image (import, path + strlen (LECTERN_BACKUP_IMAGES_DIR),
                                              stream, cancellable, error);
  }

  if (g_str_has_prefix (path, LECTERN_BACKUP_ARTICLES_DIR) && g_str_has_suffix (path, ".jsonl")) {
    stream = member_stream_new (archive, expanded);
    return _lectern_import_read_backup_articles (import, path, stream, cancellable, error) &&
           _lectern_import_flush (import, error);
  }

  return TRUE;
}

static gboolean
read_member (LecternImport              *import,
             struct archive             *archive,
             guint64                    *expanded,
             gboolean                   *read_any,
             LecternOmnivoreHighlights  *highlights,
             GCancellable               *cancellable,
             GError                    **error)
{
  g_autoptr (GInputStream) stream = member_stream_new (archive, expanded);
  g_autoptr (GInputStream) buffered = NULL;
  LecternImportFormat format;
  const char *peek;
  gsize length;

  buffered = g_buffered_input_stream_new_sized (stream, READ_SIZE);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), READ_SIZE,
                                    cancellable, error) < 0)
    return FALSE;

  peek = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &length);
  format = lectern_import_detect_format (peek, length);
  switch (format) {
    case LECTERN_IMPORT_FORMAT_POCKET_CSV:
    case LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV:
      *read_any = TRUE;
      _lectern_import_set_format (import, format);
      return _lectern_import_read_csv (import, format, buffered, cancellable, error);
    case LECTERN_IMPORT_FORMAT_OMNIVORE:
    case LECTERN_IMPORT_FORMAT_WALLABAG:
      *read_any = TRUE;
      _lectern_import_set_format (import, format);
      return _lectern_import_read_json_in_zip (import, format, buffered, highlights,
                                               cancellable, error);
    case LECTERN_IMPORT_FORMAT_UNKNOWN:
    case LECTERN_IMPORT_FORMAT_POCKET_HTML:
    case LECTERN_IMPORT_FORMAT_BOOKMARKS:
    case LECTERN_IMPORT_FORMAT_URL_LIST:
    case LECTERN_IMPORT_FORMAT_ARCHIVE:
    case LECTERN_IMPORT_FORMAT_BACKUP:
    default:
      return TRUE;
  }
}

gboolean
_lectern_import_read_zip (LecternImport  *import,
                          GInputStream   *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  g_autofree Source *source = g_new0 (Source, 1);
  g_autoptr (LecternOmnivoreHighlights) highlights = omnivore_highlights_new ();
  guint64 expanded = 0;
  gboolean read_any = FALSE;
  gboolean backup = FALSE;
  gboolean ok = TRUE;
  guint n_members = 0;
  int status;

  source->stream = stream;
  source->cancellable = cancellable;

  archive_read_support_format_zip_streamable (archive);
  if (archive_read_open (archive, source, NULL, source_read_cb, NULL) != ARCHIVE_OK) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("The archive cannot be read: %s"), archive_error_string (archive));
    archive_read_free (archive);
    return FALSE;
  }

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK ||
         status == ARCHIVE_WARN) {
    const char *name = member_base_name (entry);

    /* A backup's members are its own: an image and a few articles each. */
    if (n_members == 0 && archive_entry_filetype (entry) == AE_IFREG &&
        strcmp (member_path (entry), LECTERN_BACKUP_MANIFEST) == 0) {
      g_autoptr (GInputStream) member = member_stream_new (archive, &expanded);

      n_members++;
      backup = read_any = TRUE;
      _lectern_import_set_format (import, LECTERN_IMPORT_FORMAT_BACKUP);
      if (!_lectern_import_read_backup_manifest (import, member, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    if (backup) {
      n_members++;
      if (!read_backup_member (import, archive, entry, &expanded, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    if (++n_members > MAX_MEMBERS) {
      g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                   _("The archive has more than %u files: it is no export"), MAX_MEMBERS);
      ok = FALSE;
      break;
    }

    if (archive_entry_filetype (entry) == AE_IFREG &&
        g_str_has_prefix (member_path (entry), "content/") && g_str_has_suffix (name, ".html") &&
        strlen (name) > strlen (".html")) {
      if (!read_content_member (import, archive, name, &expanded, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    if (archive_entry_filetype (entry) == AE_IFREG &&
        g_str_has_prefix (member_path (entry), "highlights/") && g_str_has_suffix (name, ".md") &&
        strlen (name) > strlen (".md")) {
      if (!read_highlights_member (import, archive, name, &expanded, highlights, cancellable,
                                   error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    /* Only files named like the exports' own (Pocket's CSV files, Omnivore's
     * metadata_*.json); links, folders and others are passed by.
     */
    if (archive_entry_filetype (entry) != AE_IFREG ||
        !(g_str_has_suffix (name, ".csv") ||
          (g_str_has_prefix (name, "metadata_") && g_str_has_suffix (name, ".json"))))
      continue;

    if (!read_member (import, archive, &expanded, &read_any, highlights, cancellable, error)) {
      ok = FALSE;
      break;
    }
  }

  if (ok && status != ARCHIVE_EOF) {
    if (source->error)
      g_propagate_error (error, g_steal_pointer (&source->error));
    else
      g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                   _("The archive is damaged: %s"), archive_error_string (archive));
    ok = FALSE;
  }

  if (ok && !read_any) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT,
                         _("The archive holds no export Lectern can import"));
    ok = FALSE;
  }

  g_clear_error (&source->error);
  archive_read_free (archive);
  return ok;
}
