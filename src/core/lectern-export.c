/* lectern-export.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-epub.h"
#include "lectern-export-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Exports of the library, in the order the caller gives its articles; each article is read
 * as it is written, so a library of any size takes the memory of one article:
 *
 * - Backup: everything, for Lectern to read back (lectern-export-backup.c).
 * - EPUB: one book, an article a chapter (lectern-epub.c).
 * - Markdown and HTML: a file per article, in a ZIP or a folder (lectern-export-markdown.c,
 *   lectern-export-html.c); one article in HTML is one file.
 * - CSV: Pocket's columns first, as Pocket wrote them (`title,url,time_added,tags,status`,
 *   tags joined with "|", status "unread" or "archive"), so that any app's Pocket importer
 *   reads the file; then Lectern's own columns: `starred` (0 or 1), `read_at`,
 *   `published_at` (seconds since 1970, or empty), `progress` (0–1), `author`, `site`,
 *   `language` and `excerpt`. Fields are quoted as RFC 4180 says. A text field that
 *   starts with `=`, `+`, `-` or `@` gets a `'` first, so that a spreadsheet opening the
 *   file never takes a hostile page's title for a formula.
 * - Bookmarks: the Netscape bookmark file, one `<DT><A>` per article with its saved date
 *   and its tags (a comma in a tag's name becomes a space: the format splits on commas),
 *   and its excerpt as the description.
 */

/* What a stored image's src is: see lectern-saver.c. */
#define IMAGE_URL_PREFIX "lectern://image/"

/* The longest file name an article gives, in characters, before its extension. */
#define MAX_FILE_NAME 80

/**
 * _lectern_export_image_sha256:
 * @src: (nullable): an image's address in an article's body
 *
 * Returns: (transfer full) (nullable): the SHA-256 of the stored image @src names, or
 *   %NULL if it names none
 */
char *
_lectern_export_image_sha256 (const char *src)
{
  const char *hex;

  if (!src || !g_str_has_prefix (src, IMAGE_URL_PREFIX))
    return NULL;

  hex = src + strlen (IMAGE_URL_PREFIX);
  if (strlen (hex) != 64)
    return NULL;
  for (const char *p = hex; *p; p++) {
    if (!g_ascii_isxdigit (*p))
      return NULL;
  }

  return g_ascii_strdown (hex, -1);
}

/**
 * _lectern_export_image_extension:
 * @content_type: a stored image's type
 *
 * Returns: the file name extension for it
 */
const char *
_lectern_export_image_extension (const char *content_type)
{
  static const struct {
    const char *type;
    const char *extension;
  } extensions[] = {
    { "image/png", "png" },
    { "image/jpeg", "jpg" },
    { "image/gif", "gif" },
    { "image/webp", "webp" },
    { "image/avif", "avif" },
    { "image/heif", "heif" },
    { "image/bmp", "bmp" },
    { "image/x-icon", "ico" },
    { "image/svg+xml", "svg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++) {
    if (g_strcmp0 (content_type, extensions[i].type) == 0)
      return extensions[i].extension;
  }

  return "bin";
}

/**
 * _lectern_export_replace_image:
 * @doc: the document of @img
 * @img: an image that cannot go with the export
 *
 * Puts the image's alt text where it was, as the reader does for an image that was never
 * saved.
 *
 * Returns: (transfer none): what took its place
 */
xmlNode *
_lectern_export_replace_image (xmlDoc  *doc,
                               xmlNode *img)
{
  xmlChar *alt = xmlGetProp (img, (const xmlChar *)"alt");
  xmlNode *span = xmlNewDocNode (doc, NULL, (const xmlChar *)"span", NULL);

  xmlSetProp (span, (const xmlChar *)"class", (const xmlChar *)"lectern-missing-image");
  if (alt && *alt)
    xmlNodeAddContent (span, alt);
  xmlFree (alt);

  xmlReplaceNode (img, span);
  xmlFreeNode (img);
  return span;
}

/**
 * _lectern_export_dup_date:
 * @time: µs since 1970, UTC; 0 for none
 *
 * Returns: (transfer full) (nullable): the day, as ISO 8601 writes it, or %NULL
 */
char *
_lectern_export_dup_date (gint64 time)
{
  g_autoptr (GDateTime) date = NULL;

  if (time <= 0)
    return NULL;

  date = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  return date ? g_date_time_format (date, "%Y-%m-%d") : NULL;
}

/**
 * _lectern_export_is_web_url:
 * @url: (nullable): an address
 *
 * Returns: whether @url is an http(s) address, which an export may link to
 */
gboolean
_lectern_export_is_web_url (const char *url)
{
  return url && (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
                 g_ascii_strncasecmp (url, "https://", 8) == 0);
}

/**
 * _lectern_export_dup_file_name:
 * @article: an article
 * @used: the names given so far, which the new one joins
 * @extension: the file's extension
 *
 * Names the file of @article in an archive after its title: every character a file
 * system may refuse (`/ \ : * ? " < > |`, control characters) becomes a space, the name
 * is at most %MAX_FILE_NAME characters, and a name given before gets " (2)", " (3)"…
 *
 * Returns: (transfer full): the file name
 */
char *
_lectern_export_dup_file_name (LecternArticle *article,
                               GHashTable     *used,
                               const char     *extension)
{
  g_autofree char *title = lectern_article_dup_display_title (article);
  g_autoptr (GString) base = g_string_new (NULL);
  char *name;

  for (const char *p = title; *p && g_utf8_strlen (base->str, -1) < MAX_FILE_NAME;
       p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c < 0x20 || c == 0x7f || (c < 0x80 && strchr ("/\\:*?\"<>|", (char)c)) ||
        g_unichar_type (c) == G_UNICODE_FORMAT)
      c = ' ';
    if (c == ' ' && (base->len == 0 || base->str[base->len - 1] == ' '))
      continue;
    g_string_append_unichar (base, c);
  }
  g_strstrip (base->str);
  base->len = strlen (base->str);
  /* No hidden files, no "." or "..". */
  while (base->len > 0 && base->str[0] == '.')
    g_string_erase (base, 0, 1);
  if (base->len == 0)
    g_string_assign (base, _("Untitled"));

  name = g_strdup_printf ("%s.%s", base->str, extension);
  for (guint n = 2; g_hash_table_contains (used, name); n++) {
    g_free (name);
    name = g_strdup_printf ("%s (%u).%s", base->str, n, extension);
  }

  g_hash_table_add (used, g_strdup (name));
  return name;
}

gboolean
lectern_export_format_from_name (const char          *name,
                                 LecternExportFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_ascii_strcasecmp (name, "csv") == 0)
    *format = LECTERN_EXPORT_FORMAT_CSV;
  else if (g_ascii_strcasecmp (name, "bookmarks") == 0)
    *format = LECTERN_EXPORT_FORMAT_BOOKMARKS;
  else if (g_ascii_strcasecmp (name, "backup") == 0)
    *format = LECTERN_EXPORT_FORMAT_BACKUP;
  else if (g_ascii_strcasecmp (name, "epub") == 0)
    *format = LECTERN_EXPORT_FORMAT_EPUB;
  else if (g_ascii_strcasecmp (name, "markdown") == 0 || g_ascii_strcasecmp (name, "md") == 0)
    *format = LECTERN_EXPORT_FORMAT_MARKDOWN;
  else if (g_ascii_strcasecmp (name, "html") == 0)
    *format = LECTERN_EXPORT_FORMAT_HTML;
  else
    return FALSE;

  return TRUE;
}

/**
 * lectern_export_format_get_extension:
 * @format: a format
 * @n_articles: how many articles go in the file
 *
 * Returns: the extension of the file lectern_export_write_ids() writes, without a dot
 */
const char *
lectern_export_format_get_extension (LecternExportFormat format,
                                     guint               n_articles)
{
  switch (format) {
    case LECTERN_EXPORT_FORMAT_CSV:
      return "csv";
    case LECTERN_EXPORT_FORMAT_BOOKMARKS:
      return "html";
    case LECTERN_EXPORT_FORMAT_EPUB:
      return "epub";
    case LECTERN_EXPORT_FORMAT_HTML:
      return n_articles == 1 ? "html" : "zip";
    case LECTERN_EXPORT_FORMAT_BACKUP:
    case LECTERN_EXPORT_FORMAT_MARKDOWN:
    default:
      return "zip";
  }
}

/* Appends one field, after a comma unless @first. */
static void
append_csv_field (GString    *line,
                  const char *value,
                  gboolean    text,
                  gboolean    first)
{
  gboolean quote;

  if (!first)
    g_string_append_c (line, ',');
  if (!value)
    return;

  quote = strpbrk (value, ",\"\r\n") != NULL || g_ascii_isspace (*value) ||
          (*value && g_ascii_isspace (value[strlen (value) - 1]));
  if (quote)
    g_string_append_c (line, '"');
  if (text && *value && strchr ("=+-@", *value))
    g_string_append_c (line, '\'');
  for (const char *p = value; *p; p++) {
    if (*p == '"')
      g_string_append_c (line, '"');
    g_string_append_c (line, *p);
  }
  if (quote)
    g_string_append_c (line, '"');
}

static char *
dup_seconds (gint64 time)
{
  return time > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, time / G_USEC_PER_SEC) : NULL;
}

static void
append_csv_row (GString         *out,
                LecternArticle  *article,
                char           **tags)
{
  g_autofree char *joined = g_strjoinv ("|", tags);
  g_autofree char *saved = dup_seconds (lectern_article_get_saved_at (article));
  g_autofree char *read = dup_seconds (lectern_article_get_read_at (article));
  g_autofree char *published = dup_seconds (lectern_article_get_published_at (article));
  const char *title = lectern_article_get_title (article);
  char progress[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (progress, sizeof progress, "%.4g", lectern_article_get_progress (article));

  /* No title is the link, as Pocket wrote it. */
  append_csv_field (out, title && *title ? title : lectern_article_get_url (article), TRUE,
                    TRUE);
  append_csv_field (out, lectern_article_get_url (article), FALSE, FALSE);
  append_csv_field (out, saved, FALSE, FALSE);
  append_csv_field (out, joined, TRUE, FALSE);
  append_csv_field (out, lectern_article_get_archived (article) ? "archive" : "unread", FALSE,
                    FALSE);
  append_csv_field (out, lectern_article_get_starred (article) ? "1" : "0", FALSE, FALSE);
  append_csv_field (out, read, FALSE, FALSE);
  append_csv_field (out, published, FALSE, FALSE);
  append_csv_field (out, progress, FALSE, FALSE);
  append_csv_field (out, lectern_article_get_byline (article), TRUE, FALSE);
  append_csv_field (out, lectern_article_get_site_name (article), TRUE, FALSE);
  append_csv_field (out, lectern_article_get_language (article), FALSE, FALSE);
  append_csv_field (out, lectern_article_get_excerpt (article), TRUE, FALSE);
  g_string_append (out, "\r\n");
}

static void
append_bookmark (GString         *out,
                 LecternArticle  *article,
                 char           **tags)
{
  g_autofree char *title = lectern_article_dup_display_title (article);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *url = g_markup_escape_text (lectern_article_get_url (article), -1);
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; tags[i]; i++) {
    g_autofree char *name = g_strdelimit (g_strdup (tags[i]), ",", ' ');

    if (names->len > 0)
      g_string_append_c (names, ',');
    g_string_append (names, name);
  }

  g_string_append_printf (out, "    <DT><A HREF=\"%s\" ADD_DATE=\"%" G_GINT64_FORMAT "\"",
                          url, lectern_article_get_saved_at (article) / G_USEC_PER_SEC);
  if (names->len > 0) {
    g_autofree char *escaped = g_markup_escape_text (names->str, -1);

    g_string_append_printf (out, " TAGS=\"%s\"", escaped);
  }
  g_string_append_printf (out, ">%s</A>\n", escaped_title);

  if (lectern_article_get_excerpt (article) && *lectern_article_get_excerpt (article)) {
    g_autofree char *excerpt = g_markup_escape_text (lectern_article_get_excerpt (article), -1);

    g_string_append_printf (out, "    <DD>%s\n", excerpt);
  }
}

static gboolean
write_string (GOutputStream  *stream,
              GString        *text,
              GCancellable   *cancellable,
              GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, text->str, text->len, NULL, cancellable,
                                           error);

  g_string_truncate (text, 0);
  return ok;
}

static gboolean
write_links (LecternArticleStore  *store,
             LecternExportFormat   format,
             GArray               *ids,
             GOutputStream        *stream,
             guint                *n_written,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  if (format == LECTERN_EXPORT_FORMAT_CSV)
    g_string_append (out, "title,url,time_added,tags,status,starred,read_at,published_at,"
                          "progress,author,site,language,excerpt\r\n");
  else
    g_string_append (out, "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
                          "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                          "charset=UTF-8\">\n"
                          "<TITLE>Bookmarks</TITLE>\n"
                          "<H1>Lectern</H1>\n"
                          "<DL><p>\n");

  for (guint i = 0; i < ids->len; i++) {
    gint64 id = g_array_index (ids, gint64, i);
    g_autoptr (LecternArticle) article = NULL;
    g_auto (GStrv) tags = NULL;

    article = lectern_article_store_get_summary (store, id, NULL);
    tags = lectern_article_store_get_tags (store, id, NULL);
    /* Deleted meanwhile. */
    if (!article || !tags)
      continue;

    if (format == LECTERN_EXPORT_FORMAT_CSV)
      append_csv_row (out, article, tags);
    else
      append_bookmark (out, article, tags);
    n++;

    if (out->len > 64 * 1024 && !write_string (stream, out, cancellable, error))
      return FALSE;
  }

  if (format == LECTERN_EXPORT_FORMAT_BOOKMARKS)
    g_string_append (out, "</DL><p>\n");

  if (!write_string (stream, out, cancellable, error))
    return FALSE;

  if (n_written)
    *n_written = n;
  return TRUE;
}

static gboolean
write_epub (LecternArticleStore  *store,
            GArray               *ids,
            const char           *title,
            GOutputStream        *stream,
            guint                *n_written,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr (LecternEpubWriter) writer = NULL;
  g_autofree char *book_title = NULL;
  guint n = 0;

  for (guint i = 0; i < ids->len; i++) {
    g_autoptr (LecternArticle) article = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      return FALSE;

    /* Deleted meanwhile. */
    article = lectern_article_store_get (store, g_array_index (ids, gint64, i), NULL);
    if (!article)
      continue;

    /* A book of one article is called after it. */
    if (!writer) {
      if (title)
        book_title = g_strdup (title);
      else if (ids->len == 1)
        book_title = lectern_article_dup_display_title (article);
      else
        book_title = g_strdup (_("Articles from Lectern"));
      writer = lectern_epub_writer_new (store, stream, book_title, cancellable);
    }

    if (!lectern_epub_writer_add_article (writer, article, error))
      return FALSE;
    n++;
  }

  if (!writer) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("A book needs at least one article"));
    return FALSE;
  }

  if (!lectern_epub_writer_finish (writer, error))
    return FALSE;

  if (n_written)
    *n_written = n;
  return TRUE;
}

/**
 * _lectern_export_sink_add:
 * @sink: where the files go
 * @path: the file's path, with `/` between folders
 * @data: (array length=size): its bytes
 * @size: how many
 * @compress: in a ZIP, whether to deflate them
 * @error: return location for a #GError
 *
 * Writes one file of an export: a member of the ZIP, or a file in the folder (with the
 * folders of its path), which replaces one of that name only once it is whole.
 *
 * Returns: %TRUE if it was written
 */
gboolean
_lectern_export_sink_add (LecternExportSink  *sink,
                          const char         *path,
                          const void         *data,
                          gsize               size,
                          gboolean            compress,
                          GError            **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GError) local_error = NULL;

  if (sink->zip)
    return lectern_zip_writer_add (sink->zip, path, data, size, compress, error);

  file = g_file_resolve_relative_path (sink->folder, path);
  parent = g_file_get_parent (file);
  if (!g_file_equal (parent, sink->folder) &&
      !g_file_make_directory_with_parents (parent, sink->cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  sink->cancellable, error);
}

static gboolean
write_files (LecternArticleStore  *store,
             LecternExportFormat   format,
             GArray               *ids,
             LecternExportSink    *sink,
             guint                *n_written,
             GError              **error)
{
  if (format == LECTERN_EXPORT_FORMAT_MARKDOWN)
    return _lectern_export_write_markdown (store, ids, sink, n_written, error);

  return _lectern_export_write_html (store, ids, sink, n_written, error);
}

/* Markdown, or HTML of several articles: their files in a ZIP. */
static gboolean
write_zip (LecternArticleStore  *store,
           LecternExportFormat   format,
           GArray               *ids,
           GOutputStream        *stream,
           guint                *n_written,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autoptr (LecternZipWriter) zip = lectern_zip_writer_new (stream, LECTERN_ZIP_WRITER_NONE,
                                                             cancellable);
  LecternExportSink sink = { zip, NULL, cancellable };

  return write_files (store, format, ids, &sink, n_written, error) &&
         lectern_zip_writer_close (zip, error);
}

/**
 * lectern_export_write_ids:
 * @store: the library
 * @format: what to write
 * @ids: (element-type gint64): the articles to export, in order
 * @title: (nullable): the title of an EPUB book; %NULL for the article's own, or a
 *   general one for several
 * @stream: where to write
 * @n_written: (out) (optional): how many articles were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the articles @ids lists to @stream in @format; one deleted meanwhile is left
 * out. lectern_export_format_get_extension() names the kind of file it is.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
lectern_export_write_ids (LecternArticleStore  *store,
                          LecternExportFormat   format,
                          GArray               *ids,
                          const char           *title,
                          GOutputStream        *stream,
                          guint                *n_written,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;

  switch (format) {
    case LECTERN_EXPORT_FORMAT_BACKUP:
      return _lectern_export_write_backup (store, ids, stream, n_written, cancellable, error);
    case LECTERN_EXPORT_FORMAT_EPUB:
      return write_epub (store, ids, title, stream, n_written, cancellable, error);
    case LECTERN_EXPORT_FORMAT_MARKDOWN:
    case LECTERN_EXPORT_FORMAT_HTML:
      if (format == LECTERN_EXPORT_FORMAT_HTML && ids->len == 1)
        return _lectern_export_write_html_file (store, g_array_index (ids, gint64, 0), stream,
                                                n_written, cancellable, error);
      return write_zip (store, format, ids, stream, n_written, cancellable, error);
    case LECTERN_EXPORT_FORMAT_CSV:
    case LECTERN_EXPORT_FORMAT_BOOKMARKS:
    default:
      return write_links (store, format, ids, stream, n_written, cancellable, error);
  }
}

/**
 * lectern_export_write:
 * @store: the library
 * @format: what to write
 * @filter: which list's articles
 * @query: (nullable): the articles to export, as a search selects them; %NULL for all of
 *   the list
 * @stream: where to write
 * @n_written: (out) (optional): how many articles were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the articles @filter and @query select to @stream in @format, newest first,
 * as lectern_export_write_ids() does.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
lectern_export_write (LecternArticleStore  *store,
                      LecternExportFormat   format,
                      LecternFilter         filter,
                      LecternQuery         *query,
                      GOutputStream        *stream,
                      guint                *n_written,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr (GArray) ids = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;

  ids = lectern_article_store_search_ids (store, query, filter, LECTERN_SORT_NEWEST, 0, error);
  if (!ids)
    return FALSE;

  return lectern_export_write_ids (store, format, ids, NULL, stream, n_written, cancellable,
                                   error);
}

/**
 * lectern_export_write_file:
 * @store: the library
 * @format: what to write
 * @ids: (element-type gint64): the articles to export, in order
 * @title: (nullable): the title of an EPUB book, as for lectern_export_write_ids()
 * @file: where to write
 * @n_written: (out) (optional): how many articles were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the articles to @file, as lectern_export_write_ids() writes them to a stream. A
 * file that exists is replaced only once the new one is whole: a failure or a cancel
 * leaves it as it was, and no part of the new one.
 *
 * Returns: %TRUE if the file is written
 */
gboolean
lectern_export_write_file (LecternArticleStore  *store,
                          LecternExportFormat   format,
                          GArray               *ids,
                          const char           *title,
                          GFile                *file,
                          guint                *n_written,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GCancellable) abandon = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                           error);
  if (!stream)
    return FALSE;

  if (lectern_export_write_ids (store, format, ids, title, G_OUTPUT_STREAM (stream), n_written,
                                cancellable, error))
    return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);

  /* Closed cancelled, the stream drops what it wrote; closed any other way (or finalized)
   * it would take the place of the file.
   */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
  return FALSE;
}

/**
 * lectern_export_write_folder:
 * @store: the library
 * @format: %LECTERN_EXPORT_FORMAT_MARKDOWN or %LECTERN_EXPORT_FORMAT_HTML
 * @ids: (element-type gint64): the articles to export, in order
 * @folder: a folder that exists
 * @n_written: (out) (optional): how many articles were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the files a ZIP of @format would hold into @folder instead: a file per article,
 * named after its title (a file of that name is replaced), and for Markdown the images
 * in `images/`. The other formats are one file each, and give %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: %TRUE if every file was written
 */
gboolean
lectern_export_write_folder (LecternArticleStore  *store,
                             LecternExportFormat   format,
                             GArray               *ids,
                             GFile                *folder,
                             guint                *n_written,
                             GCancellable         *cancellable,
                             GError              **error)
{
  LecternExportSink sink = { NULL, folder, cancellable };

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;

  if (format != LECTERN_EXPORT_FORMAT_MARKDOWN && format != LECTERN_EXPORT_FORMAT_HTML) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only Markdown and HTML exports can go to a folder; the others "
                           "are one file"));
    return FALSE;
  }

  return write_files (store, format, ids, &sink, n_written, error);
}
