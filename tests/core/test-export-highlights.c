/* test-export-highlights.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-export.h"
#include "lectern-highlight.h"
#include "lectern-markdown.h"
#include "lectern-test-utils.h"

#include <string.h>

/* Highlights in the exports that carry an article's body, and the Markdown file of the
 * highlights alone.
 */

#define MARK(color) "<mark class=\"lectern-highlight lectern-highlight-" color "\">"

#define BODY \
  "<p>Reading is a habit; the <em>key idea</em> in it is attention.</p>" \
  "<p>Second paragraph, about notes.</p>"

typedef struct {
  char *dir;
  LecternArticleStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->store = lectern_article_store_new (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (g_steal_pointer (&fixture->store));
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static gint64
add_article (Fixture    *fixture,
             const char *title,
             const char *url,
             const char *body)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, body);
  g_autoptr (GError) error = NULL;
  gint64 id = lectern_article_store_add (fixture->store, article, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Highlights the @nth (from 0) @passage of @body, the body of article @id. */
static gint64
add_highlight (Fixture               *fixture,
               gint64                 id,
               const char            *body,
               const char            *passage,
               guint                  nth,
               LecternHighlightColor  color,
               const char            *note,
               gint64                 created_at)
{
  g_autoptr (LecternHighlight) highlight = NULL;
  g_autoptr (GError) error = NULL;
  gint64 highlight_id;

  highlight = lectern_test_highlight_new (id, body, passage, nth);
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, note);
  lectern_highlight_set_created_at (highlight, created_at);
  highlight_id = lectern_article_store_add_highlight (fixture->store, highlight, &error);
  g_assert_no_error (error);
  g_assert_cmpint (highlight_id, >, 0);
  return highlight_id;
}

static GBytes *
export_one (Fixture             *fixture,
            LecternExportFormat  format,
            gint64               id)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  guint n_written = 0;

  g_array_append_val (ids, id);
  g_assert_true (lectern_export_write_ids (fixture->store, format, ids, NULL, stream,
                                           &n_written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 1);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (!strstr (text, part))
    g_error ("“%s” is not in:\n%s", part, text);
}

/* An article with two highlights, one across emphasis with a note, and one without. */
static gint64
add_highlighted_article (Fixture *fixture)
{
  gint64 id = add_article (fixture, "Reading", "https://example.com/reading", BODY);

  add_highlight (fixture, id, BODY, "key idea in", 0, LECTERN_HIGHLIGHT_GREEN,
                 "Remember this\nand this <b>", 0);
  add_highlight (fixture, id, BODY, "Second paragraph", 0, LECTERN_HIGHLIGHT_PINK, NULL, 0);
  return id;
}

static void
test_html (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 id = add_highlighted_article (fixture);
  gint64 plain = add_article (fixture, "Plain", "https://example.com/plain", BODY);
  g_autoptr (GBytes) bytes = export_one (fixture, LECTERN_EXPORT_FORMAT_HTML, id);
  g_autoptr (GBytes) plain_bytes = export_one (fixture, LECTERN_EXPORT_FORMAT_HTML, plain);
  g_autofree char *html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *plain_html = g_strndup (g_bytes_get_data (plain_bytes, NULL),
                                           g_bytes_get_size (plain_bytes));

  /* At the passage, through the emphasis; the note after its paragraph, escaped. */
  assert_contains (html, "<p>Reading is a habit; the <em>" MARK ("green") "key idea</mark></em>"
                         MARK ("green") " in</mark> it is attention.</p>"
                         "<blockquote class=\"lectern-note\"><p>Remember this</p>"
                         "<p>and this &lt;b&gt;</p></blockquote>"
                         "<p>" MARK ("pink") "Second paragraph</mark>, about notes.</p>");
  /* The colours are in its style sheet, as the file loads nothing. */
  assert_contains (html, "mark.lectern-highlight {");
  assert_contains (html, "mark.lectern-highlight-green {");
  assert_contains (html, "mark.lectern-highlight-purple {");
  assert_contains (html, "blockquote.lectern-note {");

  /* Another article's highlights are not this one's. */
  g_assert_null (strstr (plain_html, "<mark"));
  assert_contains (plain_html, "<p>Reading is a habit; the <em>key idea</em> in it is "
                               "attention.</p>");
}

#define EPUBCHECK_JAR "/usr/share/java/epubcheck.jar"

/* Runs epubcheck on @bytes, a book: no error, no warning. */
static void
check_epub (Fixture *fixture,
            GBytes  *bytes)
{
  g_autofree char *path = g_build_filename (fixture->dir, "book.epub", NULL);
  const char *argv[] = {
    "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", EPUBCHECK_JAR,
    "--locale", "en", path, NULL,
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *output = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_file_test (EPUBCHECK_JAR, G_FILE_TEST_EXISTS)) {
    g_test_message ("epubcheck is not installed: the book is not checked");
    return;
  }

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);

  output = g_strconcat (out, err, NULL);
  if (!g_spawn_check_wait_status (status, NULL) || strstr (output, "ERROR") ||
      strstr (output, "WARNING") || strstr (output, "FATAL"))
    g_error ("epubcheck:\n%s", output);
}

#define BLOCKS_BODY \
  "<ul><li>Item one</li><li>Item <a href=\"https://example.org/\">two</a></li></ul>" \
  "<table><tr><td>cell a</td><td>cell b</td></tr></table>" \
  "<pre>code\n  more</pre><dl><dt>term</dt><dd>definition</dd></dl>"

static void
test_epub (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GHashTable) members = NULL;
  const char *chapter;
  const char *blocks;
  const char *style;
  gint64 id = add_highlighted_article (fixture);
  gint64 blocks_id = add_article (fixture, "Blocks", "https://example.com/blocks", BLOCKS_BODY);

  /* Notes inside list items, cells and definitions, where a quote may stand, and after a
   * <pre>.
   */
  add_highlight (fixture, blocks_id, BLOCKS_BODY, "one\nItem two", 0, LECTERN_HIGHLIGHT_BLUE,
                 "On the list", 0);
  add_highlight (fixture, blocks_id, BLOCKS_BODY, "a\ncell b", 0, LECTERN_HIGHLIGHT_PINK,
                 "On the cell", 0);
  add_highlight (fixture, blocks_id, BLOCKS_BODY, "more", 0, LECTERN_HIGHLIGHT_PURPLE,
                 "On the code", 0);
  add_highlight (fixture, blocks_id, BLOCKS_BODY, "term\ndefinition", 0,
                 LECTERN_HIGHLIGHT_YELLOW, "On the term", 0);

  g_array_append_val (ids, id);
  g_array_append_val (ids, blocks_id);
  g_assert_true (lectern_export_write_ids (fixture->store, LECTERN_EXPORT_FORMAT_EPUB, ids,
                                           "Highlighted", stream, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  members = lectern_test_read_zip (bytes);
  chapter = g_hash_table_lookup (members, "OEBPS/text/1.xhtml");
  blocks = g_hash_table_lookup (members, "OEBPS/text/2.xhtml");
  style = g_hash_table_lookup (members, "OEBPS/style.css");

  g_assert_nonnull (chapter);
  g_assert_nonnull (blocks);
  g_assert_nonnull (style);

  /* The XHTML keeps the classes of the marks and of the note, and only those. */
  assert_contains (chapter, "the <em>" MARK ("green") "key idea</mark></em>"
                            MARK ("green") " in</mark> it is attention.</p>");
  assert_contains (chapter, "<blockquote class=\"lectern-note\"><p>Remember this</p>"
                            "<p>and this &lt;b&gt;</p></blockquote>");
  assert_contains (chapter, "<p>" MARK ("pink") "Second paragraph</mark>, about notes.</p>");
  assert_contains (style, "mark.lectern-highlight-pink {");
  assert_contains (style, "blockquote.lectern-note {");

  assert_contains (blocks,
                   "<ul><li>Item " MARK ("blue") "one</mark></li><li>" MARK ("blue") "Item </mark>"
                   "<a href=\"https://example.org/\">" MARK ("blue") "two</mark></a>"
                   "<blockquote class=\"lectern-note\"><p>On the list</p></blockquote></li></ul>"
                   "<table><tbody><tr><td>cell " MARK ("pink") "a</mark></td><td>"
                   MARK ("pink") "cell b</mark>"
                   "<blockquote class=\"lectern-note\"><p>On the cell</p></blockquote></td></tr>"
                   "</tbody></table>"
                   "<pre>code\n  " MARK ("purple") "more</mark></pre>"
                   "<blockquote class=\"lectern-note\"><p>On the code</p></blockquote>"
                   "<dl><dt>" MARK ("yellow") "term</mark></dt><dd>" MARK ("yellow")
                   "definition</mark>"
                   "<blockquote class=\"lectern-note\"><p>On the term</p></blockquote></dd></dl>");

  /* Valid EPUB 3, marks, notes and all. */
  check_epub (fixture, bytes);
}

static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 id = add_highlighted_article (fixture);
  g_autoptr (GBytes) bytes = export_one (fixture, LECTERN_EXPORT_FORMAT_MARKDOWN, id);
  g_autoptr (GHashTable) members = lectern_test_read_zip (bytes);
  const char *markdown = g_hash_table_lookup (members, "Reading.md");

  g_assert_nonnull (markdown);
  assert_contains (markdown,
                   "# Reading\n\n"
                   "Reading is a habit; the *==key idea==* ==in== it is attention.\n\n"
                   "> Remember this\n>\n> and this \\<b>\n\n"
                   "==Second paragraph==, about notes.\n");
}

static void
test_markdown_marks (void)
{
  struct {
    const char *html;
    const char *markdown;
  } cases[] = {
    { "<p>a <mark>marked</mark> b</p>", "a ==marked== b\n" },
    { "<p><mark>At the start</mark> of a line</p>", "==At the start== of a line\n" },
    /* An = next to another would make a delimiter. */
    { "<p>x==y, a = b, c=d</p>", "x\\=\\=y, a = b, c=d\n" },
    { "<p>a=<mark>b</mark> <mark>=c</mark> <mark>d=</mark></p>",
      "a=<mark>b</mark> <mark>=c</mark> <mark>d=</mark>\n" },
    { "<p><mark>b</mark>=c</p>", "==b==\\=c\n" },
    /* Nested marks, from overlapping highlights, are one. */
    { "<p><mark>a <mark>b</mark> c</mark></p>", "==a b c==\n" },
    { "<p>中文<mark>文本</mark>中文</p>", "中文==文本==中文\n" },
    /* A line of = alone would underline a heading. */
    { "<p>=</p><p>Line<br>==</p>", "\\=\n\nLine\\\n\\=\\=\n" },
    { "<blockquote class=\"lectern-note\"><p>one</p><p>two</p></blockquote>",
      "> one\n>\n> two\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *markdown = lectern_markdown_from_html (cases[i].html, NULL, NULL);

    g_assert_cmpstr (markdown, ==, cases[i].markdown);
  }
}

#define FIRST_BODY \
  "<p>Alpha beta gamma.</p><p>Delta epsilon.</p><p>Zeta eta theta.</p>"
#define SECOND_BODY "<p>Uno <strong>dos</strong> tres, and <em>cuatro</em>.</p>"

static void
test_highlights_markdown (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 first = add_article (fixture, "A *title* with [brackets]",
                              "https://example.com/a (1)", FIRST_BODY);
  gint64 second = add_article (fixture, "Segundo", "https://example.es/2", SECOND_BODY);
  g_autoptr (LecternArticle) changed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *one = NULL;

  /* The first article has the newest highlight; its highlights come in the order of its
   * text, not the order they were made in.
   */
  add_highlight (fixture, first, FIRST_BODY, "Zeta eta", 0, LECTERN_HIGHLIGHT_BLUE, NULL, 4000);
  add_highlight (fixture, first, FIRST_BODY, "beta gamma.\nDelta", 0, LECTERN_HIGHLIGHT_YELLOW,
                 "Two lines\nof a note\n\nand a paragraph", 1000);
  add_highlight (fixture, first, FIRST_BODY, "epsilon", 0, LECTERN_HIGHLIGHT_GREEN,
                 "# not a heading", 3000);
  add_highlight (fixture, second, SECOND_BODY, "dos tres", 0, LECTERN_HIGHLIGHT_PURPLE, NULL,
                 2000);
  add_highlight (fixture, second, SECOND_BODY, "cuatro", 0, LECTERN_HIGHLIGHT_YELLOW,
                 "Gone", 1500);

  /* The second article's text changes: "cuatro" is no longer in it, and its highlight is
   * listed last, as not found.
   */
  changed = lectern_test_article_new ("Segundo", "https://example.es/2",
                                      "<p>Intro.</p><p>Uno <strong>dos</strong> tres, and "
                                      "cinco.</p>");
  g_assert_true (lectern_article_store_finish_save (fixture->store, second, changed, NULL,
                                                    &error));
  g_assert_no_error (error);

  all = lectern_export_highlights_markdown (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all, ==,
                   "# Highlights\n"
                   "\n"
                   "## [A \\*title\\* with \\[brackets\\]](<https://example.com/a (1)>)\n"
                   "\n"
                   "==beta gamma.==\n"
                   "\n"
                   "==Delta==\n"
                   "\n"
                   "> Two lines\\\n"
                   "> of a note\n"
                   ">\n"
                   "> and a paragraph\n"
                   "\n"
                   "==epsilon==\n"
                   "\n"
                   "> \\# not a heading\n"
                   "\n"
                   "==Zeta eta==\n"
                   "\n"
                   "## [Segundo](https://example.es/2)\n"
                   "\n"
                   "==dos tres==\n"
                   "\n"
                   "==cuatro==\n"
                   "\n"
                   "*(not found in the text)*\n"
                   "\n"
                   "> Gone\n");

  one = lectern_export_highlights_markdown (fixture->store, second, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (one, "# Highlights\n\n## [Segundo](https://example.es/2)\n"));
  g_assert_null (strstr (one, "beta"));
  g_assert_true (g_str_has_suffix (all, one + strlen ("# Highlights\n\n")));
}

static void
test_highlights_empty (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *none = NULL;
  g_autofree char *missing = NULL;
  gint64 id;

  empty = lectern_export_highlights_markdown (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "# Highlights\n");

  id = add_article (fixture, "Nothing highlighted", "https://example.com/n", BODY);
  none = lectern_export_highlights_markdown (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (none, ==, "# Highlights\n");

  missing = lectern_export_highlights_markdown (fixture->store, id + 100, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (missing, ==, "# Highlights\n");
}

static void
test_highlights_write_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "highlights.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  gint64 id = add_highlighted_article (fixture);

  /* What was there is replaced whole. */
  g_assert_true (g_file_set_contents (path, "An older, longer file than the new one will be, "
                                            "with more text in it than the export has...",
                                      -1, NULL));
  g_assert_true (lectern_export_highlights_write_file (fixture->store, id, file, NULL, &error));
  g_assert_no_error (error);

  expected = lectern_export_highlights_markdown (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  assert_contains (written, "## [Reading](https://example.com/reading)\n\n"
                            "==key idea in==\n\n> Remember this\\\n> and this \\<b>\n\n"
                            "==Second paragraph==\n");

  /* A folder cannot be replaced by a file. */
  g_assert_false (lectern_export_highlights_write_file (fixture->store, id, folder, NULL,
                                                        &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/export-highlights/html", test_html);
  ADD ("/export-highlights/epub", test_epub);
  ADD ("/export-highlights/markdown", test_markdown);
  g_test_add_func ("/export-highlights/markdown-marks", test_markdown_marks);
  ADD ("/export-highlights/highlights-markdown", test_highlights_markdown);
  ADD ("/export-highlights/highlights-empty", test_highlights_empty);
  ADD ("/export-highlights/highlights-write-file", test_highlights_write_file);

#undef ADD

  return g_test_run ();
}
