/* lectern-extract.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The extractor on the command line, for debugging and benchmarks:
 *
 *   lectern-extract [--url URL] [--charset LABEL] [--format html|text|json] FILE|-
 *   lectern-extract --batch LIST [--out-dir DIR] [--format …]
 *
 * LIST holds one input path per line, optionally followed by a tab and the
 * page's URL.
 *
 * In JSON, "published" and "modified" are ISO 8601: a day as "2025-03-19", a time in the
 * zone the page wrote it in ("2025-03-19T01:00:00+08:00"), so that the day is the page's;
 * "published_at" and "modified_at" are the same instants in microseconds since the epoch.
 */

#include "config.h"

#include "lectern-article.h"
#include "lectern-extractor.h"

#include <errno.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef enum {
  FORMAT_HTML,
  FORMAT_TEXT,
  FORMAT_JSON,
} Format;

static const char *
format_extension (Format format)
{
  switch (format) {
    case FORMAT_TEXT:
      return "txt";
    case FORMAT_JSON:
      return "json";
    case FORMAT_HTML:
    default:
      return "html";
  }
}

/* The document around the body; the body itself is written as it is,
 * without another copy of it.
 */
static void
write_html (FILE           *out,
            LecternArticle *article)
{
  g_autoptr (GString) head = g_string_new ("<!DOCTYPE html>\n<html");
  const char *lang = lectern_article_get_language (article);
  const char *title = lectern_article_get_title (article);
  LecternTextDirection dir = lectern_article_get_direction (article);

  if (lang) {
    g_autofree char *escaped = g_markup_escape_text (lang, -1);

    g_string_append_printf (head, " lang=\"%s\"", escaped);
  }
  if (dir != LECTERN_TEXT_DIRECTION_AUTO)
    g_string_append_printf (head, " dir=\"%s\"", dir == LECTERN_TEXT_DIRECTION_RTL ? "rtl" : "ltr");
  g_string_append (head, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  if (title) {
    g_autofree char *escaped = g_markup_escape_text (title, -1);

    g_string_append (head, escaped);
  }
  g_string_append (head, "</title>\n</head>\n<body>\n");

  fputs (head->str, out);
  fputs (lectern_article_get_body_html (article) ?: "", out);
  fputs ("\n</body>\n</html>\n", out);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A date as ISO 8601: the day alone, or the instant in UTC. */
/* A date in ISO 8601: a day as the day, a time in the zone the page wrote it in. */
static char *
dup_iso_date (gint64               time,
              LecternDatePrecision precision,
              int                  offset)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) zone = NULL;

  if (time == 0 || precision == LECTERN_DATE_PRECISION_NONE)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  if (!utc)
    return NULL;
  if (precision == LECTERN_DATE_PRECISION_DAY)
    return g_date_time_format (utc, "%Y-%m-%d");
  if (offset == 0)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  zone = g_time_zone_new_offset (offset);
  dt = g_date_time_to_timezone (utc, zone);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

static char *
format_json (LecternArticle *article)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  gint64 published = lectern_article_get_published_at (article);
  LecternDatePrecision published_precision = lectern_article_get_published_precision (article);
  gint64 modified = lectern_article_get_modified_at (article);
  LecternDatePrecision modified_precision = lectern_article_get_modified_precision (article);
  g_autofree char *published_iso =
    dup_iso_date (published, published_precision, lectern_article_get_published_offset (article));
  g_autofree char *modified_iso =
    dup_iso_date (modified, modified_precision, lectern_article_get_modified_offset (article));

  json_builder_begin_object (builder);
  add_string (builder, "title", lectern_article_get_title (article));
  add_string (builder, "byline", lectern_article_get_byline (article));
  add_string (builder, "site_name", lectern_article_get_site_name (article));
  add_string (builder, "published", published_iso);
  json_builder_set_member_name (builder, "published_at");
  json_builder_add_int_value (builder, published);
  add_string (builder, "published_precision",
              lectern_date_precision_to_string (published_precision));
  add_string (builder, "modified", modified_iso);
  json_builder_set_member_name (builder, "modified_at");
  json_builder_add_int_value (builder, modified);
  add_string (builder, "modified_precision",
              lectern_date_precision_to_string (modified_precision));
  add_string (builder, "language", lectern_article_get_language (article));
  add_string (builder, "direction",
              lectern_text_direction_to_string (lectern_article_get_direction (article)));
  add_string (builder, "excerpt", lectern_article_get_excerpt (article));
  add_string (builder, "lead_image", lectern_article_get_lead_image (article));
  add_string (builder, "url", lectern_article_get_url (article));
  add_string (builder, "canonical_url", lectern_article_get_canonical_url (article));
  json_builder_set_member_name (builder, "word_count");
  json_builder_add_int_value (builder, lectern_article_get_word_count (article));
  json_builder_set_member_name (builder, "char_count");
  json_builder_add_int_value (builder, lectern_article_get_char_count (article));
  json_builder_set_member_name (builder, "reading_minutes");
  json_builder_add_int_value (builder, lectern_article_get_reading_minutes (article));
  add_string (builder, "html", lectern_article_get_body_html (article));
  add_string (builder, "text", lectern_article_get_plain_text (article));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

static void
write_article (FILE           *out,
               LecternArticle *article,
               Format          format)
{
  switch (format) {
    case FORMAT_TEXT:
      fputs (lectern_article_get_plain_text (article) ?: "", out);
      fputc ('\n', out);
      break;
    case FORMAT_JSON:
      {
        g_autofree char *json = format_json (article);

        fputs (json, out);
      }
      break;
    case FORMAT_HTML:
    default:
      write_html (out, article);
      break;
  }
}

/* Writes @article to @path; FALSE with @error set when that fails. */
static gboolean
write_article_file (const char      *path,
                    LecternArticle  *article,
                    Format           format,
                    GError         **error)
{
  FILE *out = fopen (path, "wb");
  gboolean failed;
  int saved_errno;

  if (!out) {
    saved_errno = errno;
  } else {
    write_article (out, article, format);
    failed = ferror (out) != 0;
    saved_errno = errno;
    if (fclose (out) != 0 && !failed) {
      failed = TRUE;
      saved_errno = errno;
    }
    if (!failed)
      return TRUE;
  }

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "cannot write %s: %s", path, g_strerror (saved_errno));

  return FALSE;
}

static gboolean
read_input (const char  *path,
            char       **contents,
            gsize       *length,
            GError     **error)
{
  if (g_strcmp0 (path, "-") == 0) {
    GByteArray *bytes = g_byte_array_new ();
    guint8 buffer[65536];
    size_t n;

    while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
      g_byte_array_append (bytes, buffer, n);
    if (ferror (stdin)) {
      g_byte_array_unref (bytes);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "cannot read standard input");
      return FALSE;
    }
    *length = bytes->len;
    g_byte_array_append (bytes, (const guint8 *)"", 1);
    *contents = (char *)g_byte_array_free (bytes, FALSE);
    return TRUE;
  }

  return g_file_get_contents (path, contents, length, error);
}

static int
run_batch (const char *list,
           const char *out_dir,
           const char *charset,
           Format      format)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  gint64 extract_us = 0;
  gint64 start;
  double total;
  guint pages = 0;
  guint failed = 0;

  if (!g_file_get_contents (list, &contents, NULL, &error)) {
    g_printerr ("lectern-extract: %s\n", error->message);
    return 2;
  }

  if (out_dir && g_mkdir_with_parents (out_dir, 0755) != 0) {
    g_printerr ("lectern-extract: cannot create %s: %s\n", out_dir, g_strerror (errno));
    return 2;
  }

  start = g_get_monotonic_time ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    g_autofree char *data = NULL;
    g_autoptr (LecternArticle) article = NULL;
    g_autoptr (GError) local_error = NULL;
    char *line = g_strchomp (lines[i]);
    char *tab;
    const char *url = NULL;
    gsize length;
    gint64 t;

    if (!*line)
      continue;
    tab = strchr (line, '\t');
    if (tab) {
      *tab = '\0';
      url = tab + 1;
    }

    pages++;
    if (!read_input (line, &data, &length, &local_error)) {
      g_printerr ("lectern-extract: %s\n", local_error->message);
      failed++;
      continue;
    }

    t = g_get_monotonic_time ();
    article = lectern_extract (data, length, charset, url, &local_error);
    extract_us += g_get_monotonic_time () - t;
    g_clear_pointer (&data, g_free);

    if (!article) {
      g_printerr ("lectern-extract: %s: %s\n", line, local_error->message);
      failed++;
      continue;
    }

    if (out_dir) {
      g_autofree char *base = g_path_get_basename (line);
      char *dot = strrchr (base, '.');
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (dot && dot != base)
        *dot = '\0';
      name = g_strconcat (base, ".", format_extension (format), NULL);
      path = g_build_filename (out_dir, name, NULL);
      if (!write_article_file (path, article, format, &local_error)) {
        g_printerr ("lectern-extract: %s\n", local_error->message);
        failed++;
      }
    }
  }

  total = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_printerr ("%u pages, %u failed, %.3f s in all, %.3f s extracting, %.1f pages/s\n",
              pages, failed, total, extract_us / (double)G_USEC_PER_SEC,
              total > 0 ? pages / total : 0.0);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *url = NULL;
  g_autofree char *charset = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *data = NULL;
  g_auto (GStrv) files = NULL;
  Format format = FORMAT_HTML;
  gsize length;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, "The page's URL, to resolve links against", "URL" },
    { "charset", 'c', 0, G_OPTION_ARG_STRING, &charset, "The charset from the HTTP headers", "LABEL" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "Output format: html, text or json", "FORMAT" },
    { "batch", 'b', 0, G_OPTION_ARG_FILENAME, &batch, "Extract every file listed in LIST", "LIST" },
    { "out-dir", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Where --batch writes its outputs", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE|-" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("FILE|- — print the readable article of a web page");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("lectern-extract: %s\n", error->message);
    return 2;
  }

  if (!format_name || g_strcmp0 (format_name, "html") == 0)
    format = FORMAT_HTML;
  else if (g_strcmp0 (format_name, "text") == 0 || g_strcmp0 (format_name, "txt") == 0)
    format = FORMAT_TEXT;
  else if (g_strcmp0 (format_name, "json") == 0)
    format = FORMAT_JSON;
  else {
    g_printerr ("lectern-extract: unknown format “%s”: use html, text or json\n", format_name);
    return 2;
  }

  if (batch)
    return run_batch (batch, out_dir, charset, format);

  if (!files || !files[0] || files[1]) {
    g_printerr ("lectern-extract: give one FILE, or - for standard input\n");
    return 2;
  }

  if (!read_input (files[0], &data, &length, &error)) {
    g_printerr ("lectern-extract: %s\n", error->message);
    return 2;
  }

  article = lectern_extract (data, length, charset, url, &error);
  g_clear_pointer (&data, g_free);
  if (!article) {
    g_printerr ("lectern-extract: %s: %s\n", files[0], error->message);
    return 1;
  }

  write_article (stdout, article, format);
  if (fflush (stdout) != 0) {
    g_printerr ("lectern-extract: cannot write the output: %s\n", g_strerror (errno));
    return 2;
  }

  return 0;
}
