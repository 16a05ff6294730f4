/* lectern-export-html.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-export-private.h"
#include "lectern-xml-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* HTML exports: each article one self-contained file, its images inside it as data:
 * addresses, so that it reads in any browser, offline, for as long as there are browsers.
 * One article is one file; several are a ZIP of them, or files in a folder. The file's
 * policy lets it load nothing from anywhere, and the body is the sanitised one the library
 * keeps, with the reader's highlights in it as <mark>s and their notes as quotes below them.
 */

#define HTML_CSP "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

static const char style_sheet[] =
  ":root { color-scheme: light dark; }\n"
  "body { margin: 0 auto; max-width: 42em; padding: 2em 1.25em 4em; line-height: 1.6;\n"
  "  font-family: \"Noto Serif\", \"Source Han Serif SC\", \"Noto Serif CJK SC\", Georgia, serif;\n"
  "  font-size: 1.125rem; color: #1d1d1d; background: #fdfdfc; }\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  body { color: #e6e6e6; background: #1e1e1e; } a { color: #78aeed; } }\n"
  ":lang(zh), :lang(ja) { line-height: 1.8; }\n"
  "header { margin-bottom: 2em; }\n"
  "h1 { line-height: 1.25; margin: 0 0 0.4em; }\n"
  ".meta { opacity: 0.75; font-size: 0.9em; margin: 0; }\n"
  ".meta span + span::before { content: \" · \"; }\n"
  ".source { font-size: 0.85em; word-break: break-all; }\n"
  "img { max-width: 100%; height: auto; }\n"
  "figure { margin: 1.5em 0; } figcaption { font-size: 0.9em; opacity: 0.8; }\n"
  "pre { overflow-x: auto; padding: 0.75em; background: rgba(127, 127, 127, 0.12); }\n"
  "blockquote { margin-left: 0; padding-left: 1em;\n"
  "  border-left: 3px solid rgba(127, 127, 127, 0.4); }\n"
  "table { border-collapse: collapse; }\n"
  "td, th { border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.25em 0.5em; }\n"
  /* Translucent, so that they read on the light and the dark background alike, and
   * overlapping highlights show darker where they meet.
   */
  "mark.lectern-highlight { color: inherit; background: rgba(255, 214, 0, 0.45); }\n"
  "mark.lectern-highlight-green { background: rgba(64, 192, 87, 0.4); }\n"
  "mark.lectern-highlight-blue { background: rgba(53, 132, 228, 0.35); }\n"
  "mark.lectern-highlight-pink { background: rgba(246, 97, 157, 0.38); }\n"
  "mark.lectern-highlight-purple { background: rgba(145, 65, 172, 0.35); }\n"
  "blockquote.lectern-note { font-size: 0.9em; font-style: italic;\n"
  "  border-left-color: rgba(229, 165, 10, 0.8); }\n";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

/* The body with the highlights of article @id marked and every stored image put inside it;
 * an image the library lost becomes its alt text, as it would in the reader.
 */
static char *
dup_body_with_images (LecternArticleStore *store,
                      gint64               id,
                      const char          *body)
{
  g_autoptr (xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *node;

  if (!body || !*body)
    return g_strdup ("");

  doc = lectern_xml_read_html (body, strlen (body), NULL);
  root = doc ? lectern_xml_find_body (doc) : NULL;
  if (!root)
    return g_strdup ("");

  /* Before the images change the text the highlights are anchored in. */
  _lectern_export_mark_highlights (store, id, root);

  node = root->children;
  while (node) {
    g_autoptr (LecternXmlString) src = NULL;
    g_autofree char *sha256 = NULL;
    g_autofree char *content_type = NULL;
    g_autoptr (GBytes) bytes = NULL;

    if (!lectern_xml_is_element (node, "img")) {
      node = lectern_xml_next_node (node, root, FALSE);
      continue;
    }

    src = xmlGetProp (node, (const xmlChar *)"src");
    sha256 = _lectern_export_image_sha256 ((const char *)src);
    if (sha256)
      bytes = lectern_article_store_get_image (store, sha256, &content_type, NULL);

    if (bytes) {
      g_autofree char *encoded = g_base64_encode (g_bytes_get_data (bytes, NULL),
                                                  g_bytes_get_size (bytes));
      g_autofree char *url = g_strconcat ("data:", content_type, ";base64,", encoded, NULL);

      xmlSetProp (node, (const xmlChar *)"src", (const xmlChar *)url);
      node = lectern_xml_next_node (node, root, TRUE);
    } else {
      node = lectern_xml_next_node (_lectern_export_replace_image (doc, node), root, TRUE);
    }
  }

  return lectern_xml_serialize_children (doc, root);
}

/**
 * _lectern_export_dup_article_html:
 * @store: the library, for the article's images
 * @article: a whole article
 *
 * Returns: (transfer full): the article as one HTML document that needs nothing else
 */
char *
_lectern_export_dup_article_html (LecternArticleStore *store,
                                  LecternArticle      *article)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *title = lectern_article_dup_display_title (article);
  g_autofree char *site = lectern_article_dup_display_site (article);
  g_autofree char *published = NULL;
  g_autofree char *body = NULL;
  const char *language = lectern_article_get_language (article);
  const char *byline = lectern_article_get_byline (article);
  const char *url = lectern_article_get_url (article);
  LecternTextDirection direction = lectern_article_get_direction (article);

  body = dup_body_with_images (store, lectern_article_get_id (article),
                               lectern_article_get_body_html (article));
  published = _lectern_export_dup_date (lectern_article_get_published_at (article));
  g_string_append (out, "<!DOCTYPE html>\n<html");
  if (language && *language) {
    g_string_append (out, " lang=\"");
    append_escaped (out, language);
    g_string_append_c (out, '"');
  }
  g_string_append_printf (out, " dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                          lectern_text_direction_to_string (direction));
  g_string_append (out, "<meta http-equiv=\"Content-Security-Policy\" content=\"" HTML_CSP "\">\n"
                        "<meta name=\"referrer\" content=\"no-referrer\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Lectern\">\n<title>");
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, style_sheet);
  g_string_append (out, "</style>\n</head>\n<body>\n<article>\n<header>\n<h1 dir=\"auto\">");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p class=\"meta\"><span>");
  append_escaped (out, site);
  g_string_append (out, "</span>");
  if (byline && *byline) {
    g_string_append (out, "<span dir=\"auto\">");
    append_escaped (out, byline);
    g_string_append (out, "</span>");
  }
  if (published) {
    g_string_append (out, "<span>");
    append_escaped (out, published);
    g_string_append (out, "</span>");
  }
  g_string_append (out, "</p>\n");
  if (_lectern_export_is_web_url (url)) {
    g_string_append (out, "<p class=\"source\"><a href=\"");
    append_escaped (out, url);
    g_string_append (out, "\" rel=\"noopener noreferrer\">");
    append_escaped (out, url);
    g_string_append (out, "</a></p>\n");
  }
  g_string_append (out, "</header>\n");

  if (*body) {
    g_string_append (out, body);
  } else {
    g_string_append (out, "<p>");
    append_escaped (out, _("This article was not saved: only its address is in the library."));
    g_string_append (out, "</p>");
  }
  g_string_append (out, "\n</article>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One article, one file. */
gboolean
_lectern_export_write_html_file (LecternArticleStore  *store,
                                 gint64                id,
                                 GOutputStream        *stream,
                                 guint                *n_written,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  g_autoptr (LecternArticle) article = lectern_article_store_get (store, id, NULL);
  g_autofree char *html = NULL;

  /* Deleted meanwhile: nothing to write. */
  if (!article) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The article is no longer in the library"));
    return FALSE;
  }

  html = _lectern_export_dup_article_html (store, article);
  if (!g_output_stream_write_all (stream, html, strlen (html), NULL, cancellable, error))
    return FALSE;

  if (n_written)
    *n_written = 1;
  return TRUE;
}

/* Several articles: a file each in @sink, named after its title. */
gboolean
_lectern_export_write_html (LecternArticleStore  *store,
                            GArray               *ids,
                            LecternExportSink    *sink,
                            guint                *n_written,
                            GError              **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  for (guint i = 0; i < ids->len; i++) {
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *html = NULL;
    g_autofree char *name = NULL;

    if (g_cancellable_set_error_if_cancelled (sink->cancellable, error))
      return FALSE;

    /* Deleted meanwhile. */
    article = lectern_article_store_get (store, g_array_index (ids, gint64, i), NULL);
    if (!article)
      continue;

    html = _lectern_export_dup_article_html (store, article);
    name = _lectern_export_dup_file_name (article, names, "html");
    if (!_lectern_export_sink_add (sink, name, html, strlen (html), TRUE, error))
      return FALSE;
    n++;
  }

  if (n_written)
    *n_written = n;
  return TRUE;
}
