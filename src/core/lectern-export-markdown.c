/* lectern-export-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-export-private.h"
#include "lectern-markdown.h"

#include <string.h>

/* The Markdown export: a ZIP (or a folder) with one `<title>.md` per article and the images
 * they show in `images/<sha256>.<ext>`, each written once, before the first article that
 * uses it.
 * Every file opens with a YAML front matter (title, url, author, site, date, saved,
 * language, tags) that Obsidian, Hugo, Jekyll and the like read, then the title as a
 * heading, then the text (see lectern-markdown.c), with the reader's highlights in it as
 * "==text==" and their notes as quotes below them.
 */

typedef struct {
  LecternArticleStore *store;
  LecternExportSink *sink;
  /* The images written so far, by SHA-256, to their path */
  GHashTable *written;
  GError *error;
} Export;

static char *
image_path_cb (const char *src,
               gpointer    user_data)
{
  Export *export = user_data;
  g_autofree char *sha256 = _lectern_export_image_sha256 (src);
  g_autofree char *content_type = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const char *path;
  char *new_path;

  if (!sha256 || export->error)
    return NULL;

  path = g_hash_table_lookup (export->written, sha256);
  if (path)
    return g_strdup (path);

  /* One the library lost is its alt text. */
  bytes = lectern_article_store_get_image (export->store, sha256, &content_type, NULL);
  if (!bytes)
    return NULL;

  new_path = g_strdup_printf ("images/%s.%s", sha256,
                              _lectern_export_image_extension (content_type));
  if (!_lectern_export_sink_add (export->sink, new_path, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), FALSE, &export->error)) {
    g_free (new_path);
    return NULL;
  }

  g_hash_table_insert (export->written, g_steal_pointer (&sha256), new_path);
  return g_strdup (new_path);
}

/* A YAML double-quoted scalar: every character but `"`, `\` and the control characters as
 * it is.
 */
static void
append_yaml_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c == '"' || c == '\\')
      g_string_append_printf (out, "\\%c", (char)c);
    else if (c == '\n')
      g_string_append (out, "\\n");
    else if (c == '\t')
      g_string_append (out, "\\t");
    else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
      g_string_append_printf (out, "\\u%04x", c);
    else
      g_string_append_unichar (out, c);
  }
  g_string_append_c (out, '"');
}

static void
append_field (GString    *out,
              const char *name,
              const char *value)
{
  if (!value || !*value)
    return;

  g_string_append_printf (out, "%s: ", name);
  append_yaml_string (out, value);
  g_string_append_c (out, '\n');
}

static char *
dup_article_markdown (Export          *export,
                      LecternArticle  *article,
                      char           **tags)
{
  g_autoptr (GString) out = g_string_new ("---\n");
  g_autofree char *title = lectern_article_dup_display_title (article);
  g_autofree char *published = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *body = NULL;
  g_autofree char *body_html = NULL;

  published = _lectern_export_dup_date (lectern_article_get_published_at (article));
  saved = _lectern_export_dup_date (lectern_article_get_saved_at (article));

  append_field (out, "title", title);
  append_field (out, "url", lectern_article_get_url (article));
  append_field (out, "author", lectern_article_get_byline (article));
  append_field (out, "site", lectern_article_get_site_name (article));
  append_field (out, "date", published);
  append_field (out, "saved", saved);
  append_field (out, "language", lectern_article_get_language (article));
  if (tags[0]) {
    g_string_append (out, "tags:\n");
    for (guint i = 0; tags[i]; i++) {
      g_string_append (out, "  - ");
      append_yaml_string (out, tags[i]);
      g_string_append_c (out, '\n');
    }
  }
  g_string_append (out, "---\n\n");

  body_html = _lectern_export_dup_marked_body (export->store, article);
  body = lectern_markdown_from_html (body_html, image_path_cb, export);
  /* The title as a heading: the converter escapes what Markdown would read in it. */
  if (title && *title) {
    g_autofree char *html = g_markup_printf_escaped ("<h1>%s</h1>", title);
    g_autofree char *heading = lectern_markdown_from_html (html, NULL, NULL);

    g_string_append (out, heading);
    if (*body)
      g_string_append_c (out, '\n');
  }
  g_string_append (out, body);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
_lectern_export_write_markdown (LecternArticleStore  *store,
                                GArray               *ids,
                                LecternExportSink    *sink,
                                guint                *n_written,
                                GError              **error)
{
  g_autoptr (GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          g_free);
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Export export = { store, sink, written, NULL };
  guint n = 0;

  for (guint i = 0; i < ids->len; i++) {
    gint64 id = g_array_index (ids, gint64, i);
    g_autoptr (LecternArticle) article = NULL;
    g_auto (GStrv) tags = NULL;
    g_autofree char *markdown = NULL;
    g_autofree char *name = NULL;

    if (g_cancellable_set_error_if_cancelled (sink->cancellable, error))
      return FALSE;

    /* Deleted meanwhile. */
    article = lectern_article_store_get (store, id, NULL);
    tags = lectern_article_store_get_tags (store, id, NULL);
    if (!article || !tags)
      continue;

    markdown = dup_article_markdown (&export, article, tags);
    if (export.error) {
      g_propagate_error (error, g_steal_pointer (&export.error));
      return FALSE;
    }

    name = _lectern_export_dup_file_name (article, names, "md");
    if (!_lectern_export_sink_add (sink, name, markdown, strlen (markdown), TRUE, error))
      return FALSE;
    n++;
  }

  if (n_written)
    *n_written = n;
  return TRUE;
}
