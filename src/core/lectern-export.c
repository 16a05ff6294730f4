/* lectern-export.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-export-private.h"

#include <string.h>

/* Exports of the library's links, for other apps:
 *
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
 *
 * Articles come newest first, as many as the query selects; each is read as it is
 * written, so a library of any size takes the memory of one article.
 */

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
  else
    return FALSE;

  return TRUE;
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

/**
 * lectern_export_write:
 * @store: the library
 * @format: what to write
 * @query: (nullable): the articles to export, as a search selects them; %NULL for all
 * @stream: where to write
 * @n_written: (out) (optional): how many articles were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the articles @query selects to @stream in @format, newest first.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
lectern_export_write (LecternArticleStore  *store,
                      LecternExportFormat   format,
                      LecternQuery         *query,
                      GOutputStream        *stream,
                      guint                *n_written,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;

  ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, error);
  if (!ids)
    return FALSE;

  switch (format) {
  case LECTERN_EXPORT_FORMAT_BACKUP:
    return _lectern_export_write_backup (store, ids, stream, n_written, cancellable, error);
  case LECTERN_EXPORT_FORMAT_CSV:
  case LECTERN_EXPORT_FORMAT_BOOKMARKS:
  default:
    break;
  }

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
