/* test-highlight-reader.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlight-popover.h"
#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window.h"

#include <string.h>

#define BODY \
  "<p>The river runs <em>slowly</em> to the <a href=\"https://example.org/sea\">sea</a>, " \
  "and the sea does not fill.</p>\n" \
  "<p>The river runs again, past the mill.</p>\n" \
  "<ul><li>One stone</li><li>Two stones</li></ul>\n" \
  "<p lang=\"zh\">长江东逝水，浪花淘尽英雄。是非成败转头空。</p>\n" \
  "<p dir=\"rtl\" lang=\"ar\">النهر يجري ببطء نحو البحر</p>\n"

typedef struct {
  gint64 id;
  LecternWindow *window;
  LecternReaderView *reader;
  WebKitWebView *web_view;
  LecternArticleStore *store;
} Fixture;

/* Selects from the start of @from to the end of @to, in the article's text nodes, as a
 * reader dragging over it would.
 */
static void
select_text (WebKitWebView *web_view,
             const char    *from,
             const char    *to)
{
  g_autoptr (GString) script = g_string_new (NULL);
  g_autofree char *result = NULL;

  g_string_append (script,
                   "(function (from, to) {"
                   "  const walker = document.createTreeWalker ("
                   "    document.querySelector ('.lectern-body'), NodeFilter.SHOW_TEXT);"
                   "  const range = document.createRange ();"
                   "  let started = false;"
                   "  for (let node = walker.nextNode (); node; node = walker.nextNode ()) {"
                   "    if (!started && node.data.indexOf (from) >= 0) {"
                   "      range.setStart (node, node.data.indexOf (from));"
                   "      started = true;"
                   "    }"
                   "    if (started && node.data.indexOf (to) >= 0) {"
                   "      range.setEnd (node, node.data.indexOf (to) + to.length);"
                   "      const selection = window.getSelection ();"
                   "      selection.removeAllRanges ();"
                   "      selection.addRange (range);"
                   "      return selection.toString ();"
                   "    }"
                   "  }"
                   "  return 'not found';"
                   "}) (");
  g_string_append_printf (script, "'%s', '%s')", from, to);
  result = lectern_test_ui_eval (web_view, script->str);
  g_assert_cmpstr (result, !=, "not found");
}

static void
press_h (WebKitWebView *web_view)
{
  lectern_test_ui_eval (web_view,
                        "document.querySelector ('.lectern-body').dispatchEvent ("
                        "  new KeyboardEvent ('keydown', { key: 'h', bubbles: true })); ''");
}

static guint
count_highlights (Fixture *fixture)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;

  highlights = lectern_article_store_list_highlights (fixture->store, fixture->id, NULL,
                                                      &error);
  g_assert_no_error (error);
  return highlights->len;
}

static LecternHighlight *
newest_highlight (Fixture *fixture)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;

  highlights = lectern_article_store_list_highlights (fixture->store, fixture->id, NULL,
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (highlights->len, >, 0);
  return g_object_ref (g_ptr_array_index (highlights, 0));
}

/* The text of highlight @id's marks in the page, joined with "|" between marks. */
static char *
mark_text (WebKitWebView *web_view,
           gint64         id)
{
  g_autofree char *script = NULL;

  script = g_strdup_printf ("Array.from (document.querySelectorAll ("
                            "  'mark[data-lectern-highlight=\"%" G_GINT64_FORMAT "\"]'))"
                            "  .map (m => m.textContent).join ('|')",
                            id);
  return lectern_test_ui_eval (web_view, script);
}

static gboolean
has_mark_text (WebKitWebView *web_view,
               gint64         id,
               const char    *text)
{
  g_autofree char *found = mark_text (web_view, id);

  return g_strcmp0 (found, text) == 0;
}

static void
show_article (Fixture *fixture)
{
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (fixture->id);

  lectern_window_show_article (fixture->window, fixture->id);
  lectern_test_wait_until (lectern_reader_view_get_article_id (fixture->reader) == fixture->id);
  lectern_test_ui_wait_load (fixture->web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (fixture->reader));
}

static void
highlight_removed_cb (LecternReaderView  *reader,
                      LecternHighlight   *highlight,
                      LecternHighlight  **removed)
{
  g_set_object (removed, highlight);
}

static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_by_tooltip (child, tooltip);

    if (found)
      return found;
  }
  return NULL;
}

static LecternHighlightPopover *
find_popover (LecternReaderView *reader)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (reader)); child;
       child = gtk_widget_get_next_sibling (child))
    if (LECTERN_IS_HIGHLIGHT_POPOVER (child))
      return LECTERN_HIGHLIGHT_POPOVER (child);
  return NULL;
}

static void
highlight_in_reader (LecternApplication *app,
                     gpointer            data)
{
  Fixture *fixture = data;
  GSettings *settings = lectern_application_get_settings (app);
  g_autoptr (LecternHighlight) first = NULL;
  g_autoptr (LecternHighlight) across = NULL;
  g_autoptr (LecternHighlight) chinese = NULL;
  g_autoptr (LecternHighlight) arabic = NULL;
  g_autoptr (LecternHighlight) green = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *script = NULL;
  g_autoptr (LecternHighlight) removed = NULL;
  LecternHighlightPopover *popover;
  GtkWidget *button;
  double height;

  fixture->store = lectern_application_get_store (app);
  fixture->window = lectern_window_new (app);
  fixture->reader = lectern_window_get_reader_view (fixture->window);
  fixture->web_view = lectern_reader_view_get_web_view (fixture->reader);
  gtk_window_present (GTK_WINDOW (fixture->window));
  show_article (fixture);

  /* Across emphasis and a link, with `h`. */
  select_text (fixture->web_view, "runs", "sea");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 1);
  first = newest_highlight (fixture);
  g_assert_cmpstr (lectern_highlight_get_text (first), ==, "runs slowly to the sea");
  g_assert_cmpint (lectern_highlight_get_color (first), ==, LECTERN_HIGHLIGHT_YELLOW);
  lectern_test_wait_until (has_mark_text (fixture->web_view, lectern_highlight_get_id (first),
                                          "runs |slowly| to the |sea"));
  /* The selection went: the highlight shows. */
  lectern_test_wait_until (lectern_test_ui_eval_boolean (fixture->web_view,
                                                         "window.getSelection ().isCollapsed"));

  /* Across two paragraphs. */
  select_text (fixture->web_view, "does not fill", "again");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 2);
  across = newest_highlight (fixture);
  g_assert_cmpstr (lectern_highlight_get_text (across), ==, "does not fill.\nThe river runs again");
  lectern_test_wait_until (has_mark_text (fixture->web_view, lectern_highlight_get_id (across),
                                          "does not fill.|The river runs again"));
  script = g_strdup_printf ("(function () {"
                            "  const marks = document.querySelectorAll ("
                            "    'mark[data-lectern-highlight=\"%" G_GINT64_FORMAT "\"]');"
                            "  return marks.length === 2 &&"
                            "         marks[0].closest ('p') !== marks[1].closest ('p');"
                            "}) ()",
                            lectern_highlight_get_id (across));
  g_assert_true (lectern_test_ui_eval_boolean (fixture->web_view, script));

  /* Chinese, and right-to-left text. */
  select_text (fixture->web_view, "浪花", "英雄");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 3);
  chinese = newest_highlight (fixture);
  g_assert_cmpstr (lectern_highlight_get_text (chinese), ==, "浪花淘尽英雄");
  lectern_test_wait_until (has_mark_text (fixture->web_view, lectern_highlight_get_id (chinese),
                                          "浪花淘尽英雄"));

  select_text (fixture->web_view, "يجري", "البحر");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 4);
  arabic = newest_highlight (fixture);
  g_assert_cmpstr (lectern_highlight_get_text (arabic), ==, "يجري ببطء نحو البحر");
  lectern_test_wait_until (has_mark_text (fixture->web_view, lectern_highlight_get_id (arabic),
                                          "يجري ببطء نحو البحر"));

  /* The popover: a selection shows it; a colour highlights in that colour. */
  popover = find_popover (fixture->reader);
  g_assert_nonnull (popover);
  select_text (fixture->web_view, "past", "mill");
  lectern_test_ui_eval (fixture->web_view,
                        "document.querySelector ('.lectern-body').dispatchEvent ("
                        "  new MouseEvent ('mouseup', { button: 0, bubbles: true })); ''");
  lectern_test_wait_until (gtk_widget_get_visible (GTK_WIDGET (popover)));
  button = find_by_tooltip (GTK_WIDGET (popover), "Green");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  lectern_test_wait_until (count_highlights (fixture) == 5);
  green = newest_highlight (fixture);
  g_assert_cmpstr (lectern_highlight_get_text (green), ==, "past the mill");
  g_assert_cmpint (lectern_highlight_get_color (green), ==, LECTERN_HIGHLIGHT_GREEN);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  lectern_test_wait_until (lectern_test_ui_eval_boolean (
    fixture->web_view, "document.querySelector ('mark.lectern-highlight-green') !== null"));

  /* `h` uses the colour chosen last, after a restart too. */
  {
    g_autofree char *last = g_settings_get_string (settings, "highlight-color");
    g_autoptr (LecternHighlight) stones = NULL;

    g_assert_cmpstr (last, ==, "green");
    select_text (fixture->web_view, "One", "stone");
    press_h (fixture->web_view);
    lectern_test_wait_until (count_highlights (fixture) == 6);
    stones = newest_highlight (fixture);
    g_assert_cmpstr (lectern_highlight_get_text (stones), ==, "One stone");
    g_assert_cmpint (lectern_highlight_get_color (stones), ==, LECTERN_HIGHLIGHT_GREEN);
    g_assert_true (lectern_article_store_remove_highlight (fixture->store,
                                                           lectern_highlight_get_id (stones),
                                                           &error));
    g_assert_no_error (error);
  }

  /* A note shows a marker in the margin; the page drawn again keeps what was selected. */
  select_text (fixture->web_view, "again", "mill");
  g_assert_true (lectern_article_store_update_highlight (fixture->store,
                                                         lectern_highlight_get_id (first),
                                                         LECTERN_HIGHLIGHT_BLUE, "The sea",
                                                         &error));
  g_assert_no_error (error);
  lectern_test_wait_until (lectern_test_ui_eval_boolean (
    fixture->web_view,
    "document.querySelector ('mark.lectern-has-note.lectern-highlight-blue') !== null"));
  g_assert_true (lectern_test_ui_eval_boolean (
    fixture->web_view, "window.getSelection ().toString () === 'again, past the mill'"));
  lectern_test_ui_eval (fixture->web_view, "window.getSelection ().removeAllRanges (); ''");

  /* Clicking a highlight offers to change it; Remove removes it. */
  lectern_test_ui_eval (fixture->web_view,
                        "document.querySelector ('mark.lectern-highlight-green').dispatchEvent ("
                        "  new MouseEvent ('mouseup', { button: 0, bubbles: true })); ''");
  lectern_test_wait_until (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (lectern_highlight_popover_get_editing (popover));
  g_signal_connect (fixture->reader, "highlight-removed", G_CALLBACK (highlight_removed_cb),
                    &removed);
  gtk_widget_activate (find_by_tooltip (GTK_WIDGET (popover), "Remove Highlight"));
  lectern_test_wait_until (count_highlights (fixture) == 4);
  /* The window is told, with the highlight as it was, for its Undo. */
  lectern_test_wait_until (removed != NULL);
  g_assert_cmpstr (lectern_highlight_get_text (removed), ==, "past the mill");
  g_assert_cmpint (lectern_highlight_get_color (removed), ==, LECTERN_HIGHLIGHT_GREEN);
  g_signal_handlers_disconnect_by_func (fixture->reader, highlight_removed_cb, &removed);
  lectern_test_wait_until (!lectern_test_ui_eval_boolean (
    fixture->web_view, "document.querySelector ('mark.lectern-highlight-green') !== null"));

  /* Another theme and size: the marks stay, on the same text, set in the new size. */
  height = lectern_test_ui_eval_number (fixture->web_view,
                                        "document.querySelector ('mark').getBoundingClientRect ()"
                                        "  .height");
  g_settings_set_string (settings, "theme", "dark");
  g_settings_set_int (settings, "reader-text-size", 150);
  lectern_test_wait_until (lectern_test_ui_eval_boolean (
    fixture->web_view,
    "document.documentElement.classList.contains ('dark') &&"
    "document.documentElement.classList.contains ('size-150')"));
  g_assert_true (has_mark_text (fixture->web_view, lectern_highlight_get_id (first),
                                "runs |slowly| to the |sea"));
  g_assert_true (has_mark_text (fixture->web_view, lectern_highlight_get_id (chinese),
                                "浪花淘尽英雄"));
  g_assert_cmpfloat (lectern_test_ui_eval_number (fixture->web_view,
                                                  "document.querySelector ('mark')"
                                                  "  .getBoundingClientRect ().height"),
                     >, height * 1.3);

  /* Loaded again: drawn again, at the same text. */
  lectern_reader_view_load_article (fixture->reader, fixture->id, 0, NULL);
  lectern_test_wait_until (lectern_reader_view_get_restored (fixture->reader));
  lectern_test_wait_until (has_mark_text (fixture->web_view, lectern_highlight_get_id (across),
                                          "does not fill.|The river runs again"));
  g_assert_true (has_mark_text (fixture->web_view, lectern_highlight_get_id (arabic),
                                "يجري ببطء نحو البحر"));

  /* Narrower, then the whole article selected: the page's text is the library's. */
  g_settings_set_string (settings, "reader-width", "narrow");
  lectern_test_wait_until (lectern_test_ui_eval_boolean (
    fixture->web_view, "document.documentElement.classList.contains ('width-narrow')"));
  g_assert_true (has_mark_text (fixture->web_view, lectern_highlight_get_id (first),
                                "runs |slowly| to the |sea"));
  lectern_test_ui_eval (fixture->web_view,
                        "window.getSelection ().selectAllChildren ("
                        "  document.querySelector ('.lectern-body')); ''");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 5);
  {
    g_autoptr (LecternHighlight) whole = newest_highlight (fixture);
    g_autofree char *text = lectern_highlight_text_from_html (BODY);

    g_assert_cmpstr (lectern_highlight_get_text (whole), ==, text);
    g_assert_cmpuint (lectern_highlight_get_selector (whole)->start, ==, 0);
    g_assert_true (lectern_article_store_remove_highlight (fixture->store,
                                                           lectern_highlight_get_id (whole),
                                                           &error));
  }

  g_settings_reset (settings, "theme");
  g_settings_reset (settings, "reader-text-size");
  g_settings_reset (settings, "reader-width");
  g_settings_reset (settings, "highlight-color");
}

/* After a restart the highlights are there. */
static void
highlights_after_restart (LecternApplication *app,
                          gpointer            data)
{
  Fixture *fixture = data;

  fixture->store = lectern_application_get_store (app);
  fixture->window = lectern_window_new (app);
  fixture->reader = lectern_window_get_reader_view (fixture->window);
  fixture->web_view = lectern_reader_view_get_web_view (fixture->reader);
  gtk_window_present (GTK_WINDOW (fixture->window));
  show_article (fixture);

  g_assert_cmpuint (count_highlights (fixture), ==, 4);
  lectern_test_wait_until (has_mark_text (fixture->web_view, 1, "runs |slowly| to the |sea"));
  lectern_test_wait_until (lectern_test_ui_eval_boolean (
    fixture->web_view, "document.querySelectorAll ('mark.lectern-has-note').length === 1"));
}

static void
test_highlight_reader (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  Fixture fixture = { 0, };

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  article = lectern_test_article_new ("Rivers", "https://example.org/rivers", BODY);
  fixture.id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (highlight_in_reader, &fixture);
  lectern_test_ui_run (highlights_after_restart, &fixture);
}

/* The whole of a real page, selected in the reader, is the text the library anchors in. */
static void
whole_seed_article (LecternApplication *app,
                    gpointer            data)
{
  Fixture *fixture = data;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternHighlight) whole = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  fixture->store = lectern_application_get_store (app);
  fixture->window = lectern_window_new (app);
  fixture->reader = lectern_window_get_reader_view (fixture->window);
  fixture->web_view = lectern_reader_view_get_web_view (fixture->reader);
  gtk_window_present (GTK_WINDOW (fixture->window));
  show_article (fixture);

  lectern_test_ui_eval (fixture->web_view,
                        "window.getSelection ().selectAllChildren ("
                        "  document.querySelector ('.lectern-body')); ''");
  press_h (fixture->web_view);
  lectern_test_wait_until (count_highlights (fixture) == 1);

  article = lectern_article_store_get (fixture->store, fixture->id, &error);
  g_assert_no_error (error);
  text = lectern_highlight_text_from_html (lectern_article_get_body_html (article));
  whole = newest_highlight (fixture);
  g_assert_cmpuint (g_utf8_strlen (text, -1), >, 1000);
  g_assert_cmpstr (lectern_highlight_get_text (whole), ==, text);
}

static void
test_whole_seed_article (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = lectern_test_ui_seed_article_new ();
  g_autoptr (GError) error = NULL;
  Fixture fixture = { 0, };

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  fixture.id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (whole_seed_article, &fixture);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/highlight/reader", test_highlight_reader);
  g_test_add_func ("/ui/highlight/whole-seed-article", test_whole_seed_article);

  return g_test_run ();
}
