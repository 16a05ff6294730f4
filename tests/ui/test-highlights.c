/* test-highlights.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"
#include "lectern-highlight.h"
#include "lectern-statement.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <string.h>

/* The Highlights view of the sidebar: every highlight of the library with its colour, text,
 * note and article, searched with the search entry; choosing one opens its article scrolled
 * to it; and the highlights as Markdown, of an article on the clipboard and of the library
 * in a file.
 */

#define NOTE_TEXT     "saving an article keeps it"
#define NOTE          "Why the app exists."
#define MISSING_TEXT  "a sentence the article never had"
#define FAR_TEXT      "lighthouse keeper counted every ship"
#define SHORT_TITLE   "Reading Later"
#define LONG_TITLE    "A Long Article"

typedef struct {
  gint64 short_id;
  gint64 long_id;
  gint64 plain_id;
  gint64 note_id;
  gint64 missing_id;
  gint64 far_id;
  char  *dir;
} Library;

/* The body of an article many screens tall, with FAR_TEXT most of the way down. */
static char *
long_body_new (void)
{
  GString *body = g_string_new (NULL);

  for (guint i = 1; i <= 80; i++) {
    if (i == 60)
      g_string_append (body, "<p>At the end of the pier, the " FAR_TEXT " that passed the "
                             "cape, and wrote their names in a book.</p>");
    g_string_append_printf (body, "<p>Paragraph %u of a long article about rivers and the "
                                  "towns along them, which goes on so that the page is many "
                                  "screens tall, and a highlight near its end is far from "
                                  "its top.</p>",
                            i);
  }
  return g_string_free (body, FALSE);
}

static gint64
add_article (LecternArticleStore *store,
             const char          *title,
             const char          *url,
             const char          *body)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, body);
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  return id;
}

/* Highlights @quote where the article's text has it, as the reader would. */
static gint64
add_highlight (LecternArticleStore   *store,
               gint64                 article_id,
               const char            *body,
               const char            *quote,
               LecternHighlightColor  color,
               const char            *note)
{
  g_autofree char *text = lectern_highlight_text_from_html (body);
  g_autoptr (LecternHighlight) highlight = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (strstr (text, quote)) {
    highlight = lectern_test_highlight_new (article_id, body, quote, 0);
  } else {
    g_autoptr (LecternTextSelector) selector = NULL;

    selector = lectern_text_selector_new (quote, "", "", 0, g_utf8_strlen (quote, -1));
    highlight = lectern_highlight_new (article_id, selector);
  }
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, note);
  id = lectern_article_store_add_highlight (store, highlight, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A highlight whose passage left the text, as the library marks it once it looked. */
static void
mark_not_found (LecternArticleStore *store,
                gint64               id)
{
  LecternDatabase *db = lectern_article_store_get_database (store);
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = lectern_database_prepare (db, "UPDATE highlights SET found = 0 WHERE id = ?1", &error);
  g_assert_no_error (error);
  lectern_statement_bind_int64 (stmt, 0, id);
  g_assert_true (lectern_statement_run (stmt, &error));
  g_assert_no_error (error);
}

static void
fill_library (Library *library)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autofree char *long_body = long_body_new ();

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();

  library->short_id = add_article (store, SHORT_TITLE, "https://example.com/later",
                                   LECTERN_TEST_PARAGRAPHS);
  library->long_id = add_article (store, LONG_TITLE, "https://example.com/long", long_body);
  library->plain_id = add_article (store, "Nothing Highlighted", "https://example.com/plain",
                                   LECTERN_TEST_PARAGRAPHS);

  /* Listed newest first: the far one, the missing one, the one with a note. */
  library->note_id = add_highlight (store, library->short_id, LECTERN_TEST_PARAGRAPHS,
                                    NOTE_TEXT, LECTERN_HIGHLIGHT_GREEN, NOTE);
  library->missing_id = add_highlight (store, library->short_id, LECTERN_TEST_PARAGRAPHS,
                                       MISSING_TEXT, LECTERN_HIGHLIGHT_PINK, NULL);
  mark_not_found (store, library->missing_id);
  library->far_id = add_highlight (store, library->long_id, long_body, FAR_TEXT,
                                   LECTERN_HIGHLIGHT_BLUE, NULL);
  lectern_article_store_close (store);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found;

    if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      return child;
    if ((found = find_named (child, name)))
      return found;
  }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found;

    if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
      return child;
    if ((found = find_type (child, type)))
      return found;
  }
  return NULL;
}

/* The filter switcher's toggle for @filter. */
static GtkToggleButton *
find_filter_toggle (GtkWidget  *widget,
                    const char *filter)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkToggleButton *found;

    if (GTK_IS_TOGGLE_BUTTON (child) &&
        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.filter") == 0 &&
        g_str_equal (g_variant_get_string (gtk_actionable_get_action_target_value (
                                             GTK_ACTIONABLE (child)), NULL), filter))
      return GTK_TOGGLE_BUTTON (child);
    if ((found = find_filter_toggle (child, filter)))
      return found;
  }
  return NULL;
}

/* The row of the list that shows @text: the column of its labels. */
static GtkWidget *
find_row (GtkWidget  *list_view,
          const char *text)
{
  for (GtkWidget *item = gtk_widget_get_first_child (list_view); item;
       item = gtk_widget_get_next_sibling (item)) {
    GtkWidget *label = find_named (item, "highlight-text");

    if (label && gtk_widget_get_child_visible (item) &&
        g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
      return gtk_widget_get_parent (label);
  }
  return NULL;
}

static const char *
row_label (GtkWidget  *row,
           const char *name)
{
  GtkWidget *label = find_named (row, name);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static guint
n_listed (LecternWindow *window)
{
  return g_list_model_get_n_items (lectern_highlights_view_get_model (window->highlights_view));
}

static LecternHighlight *
listed (LecternWindow *window,
        guint          position)
{
  GListModel *model = lectern_highlights_view_get_model (window->highlights_view);
  LecternHighlight *highlight = g_list_model_get_item (model, position);

  g_assert_nonnull (highlight);
  /* The model keeps it. */
  g_object_unref (highlight);
  return highlight;
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (!*text)
    *text = g_strdup ("");
}

static char *
read_clipboard (LecternWindow *window)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_text_cb, &text);
  lectern_test_wait_until (text != NULL);
  return text;
}

static gboolean
copy_enabled (LecternWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window->article_actions),
                                            "copy-highlights");
}

static void
check_rows (LecternWindow *window,
            Library       *library)
{
  GtkWidget *list_view = GTK_WIDGET (lectern_highlights_view_get_list_view (
                                       window->highlights_view));
  GtkWidget *row;

  /* Newest first, each with its article's title. */
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 0)), ==, library->far_id);
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 1)), ==, library->missing_id);
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 2)), ==, library->note_id);

  lectern_test_ui_flush (GTK_WIDGET (window));
  row = find_row (list_view, FAR_TEXT);
  g_assert_nonnull (row);
  g_assert_cmpstr (row_label (row, "highlight-title"), ==, LONG_TITLE);
  g_assert_null (row_label (row, "highlight-note"));
  g_assert_null (row_label (row, "highlight-missing"));

  row = find_row (list_view, NOTE_TEXT);
  g_assert_nonnull (row);
  g_assert_cmpstr (row_label (row, "highlight-title"), ==, SHORT_TITLE);
  g_assert_cmpstr (row_label (row, "highlight-note"), ==, NOTE);
  g_assert_null (row_label (row, "highlight-missing"));

  /* A passage the article no longer has is listed all the same, and says so. */
  row = find_row (list_view, MISSING_TEXT);
  g_assert_nonnull (row);
  g_assert_cmpstr (row_label (row, "highlight-title"), ==, SHORT_TITLE);
  g_assert_cmpstr (row_label (row, "highlight-missing"), ==, "Not found in the text");
}

static void
check_search (LecternWindow *window,
              Library       *library)
{
  AdwStatusPage *status;

  /* The sidebar's search searches the highlights, and leaves the list of articles alone. */
  gtk_search_bar_set_search_mode (window->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "lighthouse");
  lectern_test_wait_until (n_listed (window) == 1);
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 0)), ==, library->far_id);
  g_assert_null (lectern_article_list_get_query (window->articles));

  /* Notes are searched too. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "exists");
  lectern_test_wait_until (n_listed (window) == 1 &&
                           lectern_highlight_get_id (listed (window, 0)) == library->note_id);

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "zebra");
  lectern_test_wait_until (n_listed (window) == 0);
  lectern_test_ui_flush (GTK_WIDGET (window));
  status = ADW_STATUS_PAGE (find_type (GTK_WIDGET (window->highlights_view),
                                       ADW_TYPE_STATUS_PAGE));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Highlights Found");

  /* Closed, every highlight again. */
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  lectern_test_wait_until (n_listed (window) == 3);
  g_assert_null (lectern_article_list_get_query (window->articles));
}

/* Chooses the far highlight, as a click does: its article opens with the highlight a third
 * of the way down the view.
 */
static void
check_open_far (LecternWindow *window,
                Library       *library)
{
  GtkListView *list_view = lectern_highlights_view_get_list_view (window->highlights_view);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *mark = NULL;
  g_autofree char *top_script = NULL;
  double top, third, scrolled;

  g_assert_cmpint (lectern_highlight_get_id (listed (window, 0)), ==, library->far_id);
  gtk_selection_model_select_item (gtk_list_view_get_model (list_view), 0, TRUE);
  g_assert_cmpint (lectern_window_get_current_article (window), ==, library->long_id);
  lectern_test_wait_until (lectern_reader_view_get_shown_highlight (reader) == library->far_id);

  mark = g_strdup_printf ("document.querySelector ('mark[data-lectern-highlight=\"%"
                          G_GINT64_FORMAT "\"]')", library->far_id);
  top_script = g_strdup_printf ("%s.getBoundingClientRect ().top", mark);
  top = lectern_test_ui_eval_number (web_view, top_script);
  third = lectern_test_ui_eval_number (web_view, "window.innerHeight / 3");
  scrolled = lectern_test_ui_eval_number (web_view, "document.scrollingElement.scrollTop");
  g_test_message ("The highlight is %g pixels down, a third of the view is %g, scrolled %g",
                  top, third, scrolled);
  g_assert_cmpfloat (scrolled, >, 0);
  g_assert_cmpfloat (ABS (top - third), <=, 4);

  /* The list behind the highlights kept its filter. */
  g_assert_cmpint (lectern_article_list_get_filter (window->articles), ==,
                   LECTERN_FILTER_UNREAD);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "highlights");
}

static void
check_copy (LecternWindow *window,
            Library       *library)
{
  g_autofree char *copied = NULL;

  /* Of the article on display, the far one's. */
  g_assert_true (copy_enabled (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "article.copy-highlights", NULL);
  copied = read_clipboard (window);
  g_assert_nonnull (strstr (copied, "==" FAR_TEXT "=="));
  g_assert_null (strstr (copied, NOTE_TEXT));
  g_clear_pointer (&copied, g_free);

  lectern_window_show_article (window, library->short_id);
  g_assert_true (copy_enabled (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "article.copy-highlights", NULL);
  copied = read_clipboard (window);
  g_assert_nonnull (strstr (copied, "==" NOTE_TEXT "=="));
  g_assert_nonnull (strstr (copied, NOTE));
  g_assert_null (strstr (copied, FAR_TEXT));

  /* An article without highlights has nothing to copy. */
  lectern_window_show_article (window, library->plain_id);
  g_assert_false (copy_enabled (window));
}

static void
check_export (LecternWindow *window,
              Library       *library)
{
  g_autoptr (GFile) file = g_file_new_build_filename (library->dir, "Highlights.md", NULL);
  g_autofree char *written = NULL;

  /* What Export Highlights… does with the file chosen: every highlight of the library. */
  _lectern_window_export_highlights (window, file);
  g_assert_cmpuint (window->n_exports, ==, 1);
  lectern_test_wait_until (window->n_exports == 0);
  g_assert_true (g_file_load_contents (file, NULL, &written, NULL, NULL, NULL));
  g_assert_nonnull (strstr (written, "==" FAR_TEXT "=="));
  g_assert_nonnull (strstr (written, "==" NOTE_TEXT "=="));
  g_assert_nonnull (strstr (written, NOTE));
  g_assert_nonnull (strstr (written, LONG_TITLE));
  g_assert_nonnull (strstr (written, SHORT_TITLE));
}

/* Deleting an article takes its highlights out of the view; Undo brings them back. */
static void
check_delete (LecternWindow *window,
              Library       *library)
{
  LecternArticleStore *store = window->store;

  lectern_window_show_article (window, library->long_id);
  gtk_widget_activate_action (GTK_WIDGET (window), "article.delete", NULL);
  lectern_test_wait_until (n_listed (window) == 2);
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 0)), ==, library->missing_id);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete", "x", library->long_id);
  lectern_test_wait_until (n_listed (window) == 3);
  g_assert_cmpint (lectern_highlight_get_id (listed (window, 0)), ==, library->far_id);
  lectern_test_ui_settle (store);
}

static void
highlights_view (LecternApplication *app,
                 gpointer            data)
{
  Library *library = data;
  GSettings *settings = lectern_application_get_settings (app);
  LecternWindow *window = lectern_window_new (app);
  GtkToggleButton *toggle;
  g_autofree char *filter = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "list");
  toggle = find_filter_toggle (GTK_WIDGET (window), "highlights");
  g_assert_nonnull (toggle);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "Every highlight in the library");
  g_assert_false (gtk_toggle_button_get_active (toggle));

  /* The fifth choice of the filter switcher, kept in the settings as the others. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "highlights");
  filter = g_settings_get_string (settings, "filter");
  g_assert_cmpstr (filter, ==, "highlights");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "highlights");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->tags_scroller)));
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_false (gtk_toggle_button_get_active (find_filter_toggle (GTK_WIDGET (window),
                                                                    "unread")));
  lectern_test_wait_until (n_listed (window) == 3);

  check_rows (window, library);
  check_search (window, library);
  check_open_far (window, library);
  check_copy (window, library);
  check_export (window, library);
  check_delete (window, library);

  /* Back to the list as it was. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "unread");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "list");
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_clear_pointer (&filter, g_free);
  filter = g_settings_get_string (settings, "filter");
  g_assert_cmpstr (filter, ==, "unread");
}

static void
test_highlights_view (void)
{
  Library library = { 0, };

  library.dir = lectern_test_make_tmpdir ();
  fill_library (&library);
  lectern_test_ui_run (highlights_view, &library);
  lectern_test_rm_rf (library.dir);
  g_free (library.dir);
}

/* A library without highlights says how to make one; the view chosen last time is the one
 * a new window opens on.
 */
static void
empty_view (LecternApplication *app,
            gpointer            data)
{
  GSettings *settings = lectern_application_get_settings (app);
  LecternWindow *window;
  AdwStatusPage *status;

  g_settings_set_string (settings, "filter", "highlights");
  window = lectern_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "highlights");
  g_assert_cmpuint (n_listed (window), ==, 0);
  status = ADW_STATUS_PAGE (find_type (GTK_WIDGET (window->highlights_view),
                                       ADW_TYPE_STATUS_PAGE));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Highlights");
  g_assert_cmpstr (adw_status_page_get_description (status), ==,
                   "Select text in an article to highlight it");
  g_assert_false (copy_enabled (window));

  g_settings_set_string (settings, "filter", "unread");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "empty");
}

static void
test_empty (void)
{
  lectern_test_ui_reset_library ();
  lectern_test_ui_run (empty_view, NULL);
}

/* The list behind the highlights keeps its tag and its place for coming back. */
static void
list_keeps_place (LecternApplication *app,
                  gpointer            data)
{
  LecternWindow *window = lectern_window_new (app);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (window->list_scroller);
  LecternArticleList *list = lectern_window_get_article_list (window);
  double value;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  _lectern_window_choose_tag (window, "river");
  lectern_test_wait_until (!lectern_article_list_is_loading (list) &&
                           g_list_model_get_n_items (G_LIST_MODEL (list)) == 40);
  lectern_test_wait_until (window->restore_scroll_id == 0);
  lectern_test_ui_flush (GTK_WIDGET (window->list_view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment) + 1000);
  gtk_adjustment_set_value (adjustment, 900);
  lectern_test_ui_flush (GTK_WIDGET (window->list_view));
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 800);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "highlights");
  lectern_test_wait_until (n_listed (window) == 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->tags_scroller)));
  lectern_test_ui_flush (GTK_WIDGET (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "unread");
  lectern_test_wait_until (window->restore_scroll_id == 0);
  lectern_test_ui_flush (GTK_WIDGET (window->list_view));
  g_assert_cmpstr (window->tag, ==, "river");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->tags_scroller)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 40);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), value, 2);
}

static void
test_list_keeps_place (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  const char *river[] = { "river", NULL };
  gint64 first = 0;

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  for (guint i = 0; i < 45; i++) {
    g_autofree char *title = g_strdup_printf ("Article %u", i);
    g_autofree char *url = g_strdup_printf ("https://example.org/%u", i);
    g_autoptr (GError) error = NULL;
    gint64 id = add_article (store, title, url, LECTERN_TEST_PARAGRAPHS);

    if (i < 40)
      g_assert_true (lectern_article_store_set_tags (store, id, river, &error));
    g_assert_no_error (error);
    if (first == 0)
      first = id;
  }
  add_highlight (store, first, LECTERN_TEST_PARAGRAPHS, NOTE_TEXT, LECTERN_HIGHLIGHT_YELLOW,
                 NULL);
  lectern_article_store_close (store);

  lectern_test_ui_run (list_keeps_place, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/highlights/view", test_highlights_view);
  g_test_add_func ("/ui/highlights/empty", test_empty);
  g_test_add_func ("/ui/highlights/list-keeps-place", test_list_keeps_place);

  return g_test_run ();
}
