/* lectern-export-highlights.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-export-private.h"
#include "lectern-highlight-private.h"
#include "lectern-markdown.h"
#include "lectern-xml-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Highlights in exports.
 *
 * The exports that carry an article's body (HTML, EPUB, Markdown) mark its highlights in
 * it, as <mark>s with their notes in quotes below (lectern-highlight-text.c): the Markdown
 * converter writes those as "==text==" and "> note".
 *
 * The highlights alone, of one article or of the whole library, are a Markdown file:
 *
 *   # Highlights
 *
 *   ## [The article's title](https://its.address/)
 *
 *   ==A passage.==
 *
 *   ==Its second paragraph.==
 *
 *   > The note on it,\
 *   > line by line.
 *
 *   ==A passage no longer in the text.==
 *
 *   *(not found in the text)*
 *
 * The articles come in the order of their newest highlight, the highlights of each in the
 * order of its text, those no longer found in it last. The file is written as HTML first and
 * converted, so that the title, the passages and the notes are escaped as any other text.
 */

/**
 * _lectern_export_mark_highlights:
 * @store: the library
 * @id: the article whose body is under @root
 * @root: the element the body was parsed into
 *
 * Marks the highlights of article @id in its body (see _lectern_highlight_mark()). An
 * export without them is still the article, so a failure to read them only leaves them out.
 */
void
_lectern_export_mark_highlights (LecternArticleStore *store,
                                 gint64               id,
                                 xmlNode             *root)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;

  if (id <= 0)
    return;

  highlights = lectern_article_store_list_highlights (store, id, NULL, &error);
  if (!highlights) {
    g_warning ("The highlights of article %" G_GINT64_FORMAT " are left out of its export: %s",
               id, error ? error->message : "unknown error");
    return;
  }

  _lectern_highlight_mark (root, highlights);
}

/**
 * _lectern_export_dup_marked_body:
 * @store: the library
 * @article: a whole article
 *
 * Returns: (transfer full): the body of @article with its highlights marked, or as it is
 *   when it has none
 */
char *
_lectern_export_dup_marked_body (LecternArticleStore *store,
                                 LecternArticle      *article)
{
  const char *body = lectern_article_get_body_html (article);
  gint64 id = lectern_article_get_id (article);
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  xmlNode *root;

  if (!body || !*body || id <= 0)
    return g_strdup (body ? body : "");

  highlights = lectern_article_store_list_highlights (store, id, NULL, &error);
  if (!highlights) {
    g_warning ("The highlights of article %" G_GINT64_FORMAT " are left out of its export: %s",
               id, error ? error->message : "unknown error");
    return g_strdup (body);
  }
  if (highlights->len == 0)
    return g_strdup (body);

  doc = lectern_xml_read_html (body, strlen (body), NULL);
  root = doc ? lectern_xml_find_body (doc) : NULL;
  if (!root)
    return g_strdup (body);

  _lectern_highlight_mark (root, highlights);
  return lectern_xml_serialize_children (doc, root);
}

/* The highlights of one article. */
typedef struct {
  gint64     article_id;
  char      *title;       /* as the list of highlights gives it */
  GPtrArray *highlights;  /* of LecternHighlight */
} Group;

static void
group_free (Group *group)
{
  g_free (group->title);
  g_ptr_array_unref (group->highlights);
  g_free (group);
}

/* In the order of the text, those not found last. */
static int
compare_highlights_cb (gconstpointer a,
                       gconstpointer b)
{
  LecternHighlight *ha = *(LecternHighlight * const *)a;
  LecternHighlight *hb = *(LecternHighlight * const *)b;
  gboolean found_a = lectern_highlight_get_found (ha);
  gboolean found_b = lectern_highlight_get_found (hb);
  guint start_a = lectern_highlight_get_selector (ha)->start;
  guint start_b = lectern_highlight_get_selector (hb)->start;
  gint64 id_a = lectern_highlight_get_id (ha);
  gint64 id_b = lectern_highlight_get_id (hb);

  if (found_a != found_b)
    return found_a ? -1 : 1;
  if (start_a != start_b)
    return start_a < start_b ? -1 : 1;
  return id_a < id_b ? -1 : id_a > id_b;
}

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (html, escaped);
}

/* The article's title, a link to its address when it has a web address. */
static void
append_heading (GString             *html,
                LecternArticleStore *store,
                Group               *group)
{
  g_autoptr (LecternArticle) article = lectern_article_store_get (store, group->article_id,
                                                                  NULL);
  g_autofree char *title = NULL;
  const char *url = article ? lectern_article_get_url (article) : NULL;

  title = article ? lectern_article_dup_display_title (article) : g_strdup (group->title);
  if (!title || !*title) {
    g_free (title);
    title = g_strdup (url ? url : "");
  }

  g_string_append (html, "<h2>");
  if (url && _lectern_export_is_web_url (url)) {
    g_string_append (html, "<a href=\"");
    append_escaped (html, url);
    g_string_append (html, "\">");
    append_escaped (html, title);
    g_string_append (html, "</a>");
  } else {
    append_escaped (html, title);
  }
  g_string_append (html, "</h2>\n");
}

/* A highlight: a paragraph for each of the passage's, the note, as a quote, below. */
static void
append_highlight (GString          *html,
                  LecternHighlight *highlight)
{
  g_auto (GStrv) paragraphs = g_strsplit (lectern_highlight_get_text (highlight), "\n", -1);
  const char *note = lectern_highlight_get_note (highlight);

  for (guint i = 0; paragraphs[i]; i++) {
    g_strstrip (paragraphs[i]);
    if (!*paragraphs[i])
      continue;

    g_string_append (html, "<p><mark>");
    append_escaped (html, paragraphs[i]);
    g_string_append (html, "</mark></p>\n");
  }

  if (!lectern_highlight_get_found (highlight)) {
    g_string_append (html, "<p><em>");
    append_escaped (html, _("(not found in the text)"));
    g_string_append (html, "</em></p>\n");
  }

  /* The note's lines as they are, its blank lines between paragraphs. */
  if (note) {
    g_auto (GStrv) lines = g_strsplit (note, "\n", -1);
    gboolean in_paragraph = FALSE;

    g_string_append (html, "<blockquote>");
    for (guint i = 0; lines[i]; i++) {
      g_strstrip (lines[i]);
      if (!*lines[i]) {
        if (in_paragraph)
          g_string_append (html, "</p>");
        in_paragraph = FALSE;
        continue;
      }

      g_string_append (html, in_paragraph ? "<br>" : "<p>");
      append_escaped (html, lines[i]);
      in_paragraph = TRUE;
    }
    if (in_paragraph)
      g_string_append (html, "</p>");
    g_string_append (html, "</blockquote>\n");
  }
}

/**
 * lectern_export_highlights_markdown:
 * @store: the library
 * @article_id: the article whose highlights to write, or 0 for those of every article
 * @error: (nullable): where a failure to read them goes
 *
 * The highlights, as Markdown: a heading for each article, a link to it, then its
 * highlights as "==text==", each followed by its note as a quote (see the top of this
 * file).
 *
 * Returns: (transfer full) (nullable): the Markdown, or %NULL on error
 */
char *
lectern_export_highlights_markdown (LecternArticleStore  *store,
                                    gint64                article_id,
                                    GError              **error)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GHashTable) by_article = NULL;
  g_autoptr (GString) html = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), NULL);
  g_return_val_if_fail (article_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  highlights = lectern_article_store_list_highlights (store, article_id, NULL, error);
  if (!highlights)
    return NULL;

  /* Newest first: the articles come in the order of their newest highlight. */
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify)group_free);
  by_article = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i);
    gint64 id = lectern_highlight_get_article_id (highlight);
    Group *group = g_hash_table_lookup (by_article, &id);

    if (!group) {
      group = g_new0 (Group, 1);
      group->article_id = id;
      group->title = g_strdup (lectern_highlight_get_article_title (highlight));
      group->highlights = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (groups, group);
      g_hash_table_insert (by_article, &group->article_id, group);
    }
    g_ptr_array_add (group->highlights, g_object_ref (highlight));
  }

  html = g_string_new ("<h1>");
  append_escaped (html, _("Highlights"));
  g_string_append (html, "</h1>\n");

  for (guint i = 0; i < groups->len; i++) {
    Group *group = g_ptr_array_index (groups, i);

    g_ptr_array_sort (group->highlights, compare_highlights_cb);
    append_heading (html, store, group);
    for (guint j = 0; j < group->highlights->len; j++)
      append_highlight (html, g_ptr_array_index (group->highlights, j));
  }

  return lectern_markdown_from_html (html->str, NULL, NULL);
}

/**
 * lectern_export_highlights_write_file:
 * @store: the library
 * @article_id: the article whose highlights to write, or 0 for those of every article
 * @file: where the Markdown goes; it is replaced whole, or not at all
 * @cancellable: (nullable): stops the writing
 * @error: (nullable): where a failure goes
 *
 * Writes lectern_export_highlights_markdown() to @file.
 *
 * Returns: whether the file was written
 */
gboolean
lectern_export_highlights_write_file (LecternArticleStore  *store,
                                      gint64                article_id,
                                      GFile                *file,
                                      GCancellable         *cancellable,
                                      GError              **error)
{
  g_autofree char *markdown = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (article_id >= 0, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  markdown = lectern_export_highlights_markdown (store, article_id, error);
  if (!markdown)
    return FALSE;

  return g_file_replace_contents (file, markdown, strlen (markdown), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
}
