/* test-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"
#include "lectern-preferences-window.h"
#include "lectern-reader-scheme.h"
#include "lectern-reader-view.h"
#include "lectern-sqlite-private.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <math.h>

typedef struct {
  LecternApplication  *app;
  LecternWindow       *window;
  LecternArticleStore *store;
  gint64               english;
  gint64               chinese;
  gint64               long_title;
  gint64               rtl;
  gint64               empty;
  gint64               huge;
  guint                keys_released;
} Fixture;

static const char english_body[] =
  "<p>The lighthouse keeper wrote every evening, in a small notebook, what the sea had done "
  "that day.</p><h2>The notebooks</h2><p>There are forty of them now, kept in a tin box.</p>"
  "<blockquote><p>Calm. Then not calm.</p></blockquote><ul><li>Wind</li><li>Tide</li></ul>";

/* Settings live in the process's memory backend: each test starts from the defaults. */
static void
lectern_test_reset_settings (void)
{
  g_autoptr (GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (LecternArticleStore) seed = NULL;
  g_autoptr (LecternArticle) long_title = NULL;
  g_autoptr (LecternArticle) rtl = NULL;
  g_autoptr (LecternArticle) empty = NULL;
  g_autoptr (LecternArticle) huge = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) title = g_string_new (NULL);
  g_autoptr (GString) body = g_string_new (NULL);

  lectern_test_ui_reset_library ();
  lectern_test_reset_settings ();
  seed = lectern_test_ui_open_library ();

  while (title->len < 2000)
    g_string_append (title, "A very long headline that keeps going ");
  g_string_truncate (title, 2000);
  while (body->len < 5 * 1024 * 1024)
    g_string_append (body, "<p>Five megabytes of text, paragraph after paragraph, to read.</p>\n");

  huge = lectern_test_article_new ("A five megabyte article", "https://example.org/huge", body->str);
  empty = lectern_test_article_new ("An article with no text", "https://example.org/empty", "");
  rtl = lectern_test_article_new ("مقالة باللغة العربية عن البحر", "https://example.org/rtl",
                                  "<p>كان البحر هادئا في ذلك المساء.</p>");
  lectern_article_set_direction (rtl, LECTERN_TEXT_DIRECTION_RTL);
  lectern_article_set_language (rtl, "ar");
  long_title = lectern_test_article_new (title->str, "https://example.org/long", english_body);

  fixture->huge = lectern_article_store_add (seed, huge, &error);
  g_assert_no_error (error);
  fixture->empty = lectern_article_store_add (seed, empty, &error);
  g_assert_no_error (error);
  fixture->rtl = lectern_article_store_add (seed, rtl, &error);
  g_assert_no_error (error);
  fixture->long_title = lectern_article_store_add (seed, long_title, &error);
  g_assert_no_error (error);
  /* The two articles of the screenshots are pages saved the way the app saves them, so
   * their title, byline, site, date and excerpt are what the extractor finds in the page.
   */
  fixture->chinese = lectern_test_ui_save_page (seed, "seed-site", "/post/518.html");
  fixture->english = lectern_test_ui_save_page (seed, "screenshot-site", "/lighthouse.html");
  lectern_article_store_close (seed);
}

typedef void (*FixtureFunc) (Fixture      *fixture,
                             gconstpointer data);

typedef struct {
  Fixture     *fixture;
  FixtureFunc  body;
} FixtureRun;

static void
fixture_activate (LecternApplication *app,
                  gpointer            user_data)
{
  FixtureRun *run = user_data;
  Fixture *fixture = run->fixture;

  fixture->app = app;
  fixture->store = lectern_application_get_store (app);
  g_assert_nonnull (fixture->store);
  fixture->window = lectern_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 740);
  gtk_window_present (GTK_WINDOW (fixture->window));
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));

  run->body (fixture, NULL);
  lectern_test_ui_settle (fixture->store);
}

static void
fixture_run (Fixture       *fixture,
             gconstpointer  data)
{
  FixtureRun run = { fixture, (FixtureFunc)data };

  lectern_test_ui_run (fixture_activate, &run);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
}

/* Waits until the reader has taken the article to where the reader stopped. */
static void
wait_restored (Fixture *fixture)
{
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);

  lectern_test_wait_until (lectern_reader_view_get_restored (reader));
}

static WebKitWebView *
show_and_wait (Fixture *fixture,
               gint64   id)
{
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);

  lectern_window_show_article (fixture->window, id);
  lectern_test_ui_wait_load (web_view, uri);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, id);
  wait_restored (fixture);
  return web_view;
}

/* How far the page is scrolled, reckoned as the reader's own script does. */
static double
page_fraction (WebKitWebView *web_view)
{
  return lectern_test_ui_eval_number (web_view,
    "(() => { const s = document.scrollingElement || document.documentElement;"
    " const max = Math.max (0, s.scrollHeight - window.innerHeight);"
    " return max <= 0 ? 1 : Math.min (1, Math.max (0, s.scrollTop / max)); }) ()");
}

/* Waits until the reader has told the window where the page is now, as it does a quarter
 * of a second after the scrolling stops or the page changes size. It tells the end of the
 * article at once, so that has been told too. The page is asked again each time: an image
 * or a late allocation of the window may still change its height after the scroll.
 */
static void
message_cb (WebKitUserContentManager *manager,
            JSCValue                 *message,
            guint                    *n_messages)
{
  (*n_messages)++;
}

static void
wait_reported (Fixture       *fixture,
               WebKitWebView *web_view)
{
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);
  WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (web_view);
  guint n_messages = 0;
  gulong id;

  /* After the reader view's own handler: the count says the progress has been taken in. */
  id = g_signal_connect_after (manager, "script-message-received::lectern",
                               G_CALLBACK (message_cb), &n_messages);
  for (;;) {
    guint seen = n_messages;

    if (fabs (lectern_reader_view_get_progress (reader) - page_fraction (web_view)) < 1e-9)
      break;
    lectern_test_wait_until (n_messages > seen);
  }
  g_signal_handler_disconnect (manager, id);
}

static void
count_cb (gpointer  instance,
          gint64    id,
          guint    *count)
{
  (*count)++;
}

/* Resizes the window, as a user dragging its edge does, and waits until it has been laid
 * out and drawn at its new size: the first frame asks the display for the size and waits
 * for the display's answer, the second is drawn after the window has had it.
 */
static void
resize_window (Fixture *fixture,
               int      width,
               int      height)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  lectern_test_ui_flush (window);
  lectern_test_ui_flush (window);
}

/* The toast on show: the overlay's last toast; the ones before it are going away. */
static GtkWidget *
current_toast (Fixture *fixture)
{
  GtkWidget *overlay = GTK_WIDGET (fixture->window->toast_overlay);
  GtkWidget *toast = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast"))
      toast = child;
  return toast;
}

/* Whether @toast has come all the way up: its show animation slides it in from below and
 * ends with its margin on the bottom edge of the overlay.
 */
static gboolean
toast_is_up (GtkWidget *toast)
{
  GtkWidget *overlay;
  graphene_rect_t bounds;
  GtkBorder margin;

  if (!toast || !gtk_widget_get_mapped (toast) || !gtk_widget_get_can_target (toast))
    return FALSE;

  overlay = gtk_widget_get_parent (toast);
  if (!gtk_widget_compute_bounds (toast, overlay, &bounds))
    return FALSE;
  gtk_style_context_get_margin (gtk_widget_get_style_context (toast), &margin);
  return bounds.origin.y + bounds.size.height + margin.bottom +
         gtk_widget_get_margin_bottom (toast) == gtk_widget_get_height (overlay);
}

/* Waits until the toast on show has finished appearing, before the test takes it down:
 * libadwaita 1.2 can crash when a toast is dismissed while its show animation still runs,
 * which no user is quick enough to do.
 */
static GtkWidget *
wait_toast_shown (Fixture *fixture)
{
  lectern_test_wait_until (toast_is_up (current_toast (fixture)));
  return current_toast (fixture);
}

static LecternArticle *
get_article (Fixture *fixture,
             gint64   id)
{
  g_autoptr (GError) error = NULL;
  LecternArticle *article = lectern_article_store_get (fixture->store, id, &error);

  g_assert_no_error (error);
  return article;
}

static void
test_list_shows_library (Fixture       *fixture,
                         gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
  /* Newest first: the English article was saved last. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (lectern_article_get_title (first), ==, "The Lighthouse Notebooks");
  g_assert_cmpstr (gtk_label_get_text (fixture->window->unread_count_label), ==, "6");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->unread_count_label)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sidebar_stack), ==, "list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->content_stack), ==, "empty");
}

static void
test_selecting_shows_article (Fixture       *fixture,
                              gconstpointer  data)
{
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  guint position = lectern_article_list_find (list, fixture->chinese);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *headings = NULL;
  g_autoptr (LecternArticle) article = NULL;

  g_assert_cmpuint (position, !=, G_MAXUINT);
  gtk_single_selection_set_selected (fixture->window->selection, position);
  lectern_test_ui_wait_load (web_view, NULL);
  g_assert_cmpint (lectern_reader_view_get_article_id (reader), ==, fixture->chinese);

  title = lectern_test_ui_eval (web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (title, ==, "DeepSeek 的“修炼”之路,还要闯几关?");
  text = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-body').innerText");
  g_assert_true (g_str_has_prefix (text, "以小博大、逆袭吊打"));
  g_assert_nonnull (strstr (text, "也许就会到来。"));
  /* The page sets its section titles in bold paragraphs, and the reader keeps them so. */
  headings = lectern_test_ui_eval (web_view,
                                   "Array.from (document.querySelectorAll ('.lectern-body strong'))"
                                   ".map (h => h.textContent).join ('|')");
  g_assert_cmpstr (headings, ==, "“爽文大女主”出三招|是幻觉还是“真香”|如何学习文明的智慧");
  lang = lectern_test_ui_eval (web_view, "document.documentElement.lang");
  g_assert_cmpstr (lang, ==, "zh-CN");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   "DeepSeek 的“修炼”之路,还要闯几关?");

  /* Opening an article does not mark it read, even once the reader has taken it to where
   * the reader stopped and the window has written what it had to.
   */
  wait_restored (fixture);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->chinese);
  g_assert_false (lectern_article_get_is_read (article));
}

static void
test_page_is_locked_down (Fixture       *fixture,
                          gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->english);
  g_autofree char *csp = NULL;
  double scripts;

  /* The CSP forbids every script, connection and remote load of the page's own. */
  csp = lectern_test_ui_eval (web_view,
                              "document.querySelector ('meta[http-equiv]').content");
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_null (strstr (csp, "script-src"));
  scripts = lectern_test_ui_eval_number (web_view,
                                         "document.querySelectorAll ('script').length");
  g_assert_cmpfloat (scripts, ==, 0);
  g_assert_false (webkit_settings_get_enable_javascript_markup (
                    webkit_web_view_get_settings (web_view)));
}

static void
test_article_actions (Fixture       *fixture,
                      gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) article = NULL;

  show_and_wait (fixture, fixture->english);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.star", NULL);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_true (lectern_article_get_starred (article));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (fixture->window->star_toggle)), ==,
                   "starred-symbolic");
  g_clear_object (&article);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.read", NULL);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_true (lectern_article_get_is_read (article));
  g_assert_cmpstr (gtk_label_get_text (fixture->window->unread_count_label), ==, "5");
  /* Read articles leave the Unread list; the reader keeps showing this one. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, fixture->english);
  g_clear_object (&article);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.read", NULL);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_false (lectern_article_get_is_read (article));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
  g_clear_object (&article);

  g_settings_set_string (lectern_application_get_settings (fixture->app), "after-archive", "stay");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.archive", NULL);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_true (lectern_article_get_archived (article));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_clear_object (&article);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.star", NULL);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_false (lectern_article_get_starred (article));
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) &&
      g_str_equal (gtk_button_get_label (GTK_BUTTON (widget)), label))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_button_labelled (child, label);

    if (found)
      return found;
  }
  return NULL;
}

/* Presses the Undo button of the toast on show, once it is up, as a user does. */
static void
press_undo (Fixture *fixture)
{
  GtkWidget *button = find_button_labelled (wait_toast_shown (fixture), "_Undo");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  /* The button restores the article and takes the toast down; wait for both. */
  lectern_test_wait_until (fixture->window->undo_toasts->len == 0);
  lectern_test_ui_settle (fixture->store);
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = NULL;

  show_and_wait (fixture, fixture->english);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.delete", NULL);
  lectern_test_ui_settle (fixture->store);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpuint (lectern_article_list_find (list, fixture->english), ==, G_MAXUINT);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->content_stack), ==, "empty");
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 1);
  g_assert_null (lectern_article_store_get (fixture->store, fixture->english, &error));
  g_clear_error (&error);

  press_undo (fixture);
  lectern_test_ui_settle (fixture->store);

  article = get_article (fixture, fixture->english);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "The Lighthouse Notebooks");
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, fixture->english);

  /* Deleting again, and letting the toast go as its timeout would, deletes for good. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.delete", NULL);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 1);
  wait_toast_shown (fixture);
  adw_toast_dismiss (g_ptr_array_index (fixture->window->undo_toasts, 0));
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 0);
  lectern_article_store_undelete (fixture->store, fixture->english, &error);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
}

static void
test_filters_and_counts (Fixture       *fixture,
                         gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (GError) error = NULL;
  g_autofree char *filter = NULL;

  lectern_article_store_set_flag (fixture->store, fixture->chinese,
                                  LECTERN_ARTICLE_CHANGE_STARRED, TRUE, &error);
  g_assert_no_error (error);
  lectern_article_store_set_flag (fixture->store, fixture->rtl,
                                  LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE, &error);
  g_assert_no_error (error);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpstr (gtk_label_get_text (fixture->window->unread_count_label), ==, "5");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "favourites");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  filter = g_settings_get_string (lectern_application_get_settings (fixture->app), "filter");
  g_assert_cmpstr (filter, ==, "favourites");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "archive");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "all");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "unread");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* An empty filter says what it is for instead of showing an empty list. */
  lectern_article_store_set_flag (fixture->store, fixture->chinese,
                                  LECTERN_ARTICLE_CHANGE_STARRED, FALSE, &error);
  g_assert_no_error (error);
  lectern_test_ui_settle (fixture->store);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "favourites");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sidebar_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (fixture->window->empty_status), ==, "No Favourites");
  g_assert_false (gtk_widget_get_visible (fixture->window->empty_add_button));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sort", "s", "shortest");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "all");
  {
    g_autoptr (LecternArticle) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr (LecternArticle) last = g_list_model_get_item (G_LIST_MODEL (list), 5);

    g_assert_cmpuint (lectern_article_get_reading_minutes (first), <=,
                      lectern_article_get_reading_minutes (last));
    g_assert_cmpint (lectern_article_get_id (last), ==, fixture->huge);
  }
}

static void
test_fold_and_unfold (Fixture       *fixture,
                      gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->english);
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (fixture->window));
  g_autofree char *layout = NULL;
  double overflow;
  int min_width;

  /* GNOME's own title bar has a close button only. */
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", "appmenu:close", NULL);

  resize_window (fixture, 360, 640);
  g_assert_true (adw_leaflet_get_folded (fixture->window->leaflet));
  /* The window fits a 360 pixel wide phone, as the metainfo promises. */
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
  /* Phone-wide, nothing in the page is wider than the view. */
  overflow = lectern_test_ui_eval_number (web_view, "document.scrollingElement.scrollWidth - "
                                                    "document.scrollingElement.clientWidth");
  g_assert_cmpfloat (overflow, <=, 0);
  /* Folded, the article fills the window and a back button leads to the list. */
  g_assert_true (adw_leaflet_get_visible_child (fixture->window->leaflet) ==
                 fixture->window->content);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  g_assert_true (adw_leaflet_get_visible_child (fixture->window->leaflet) ==
                 fixture->window->sidebar);
  lectern_test_wait_until (!adw_leaflet_get_child_transition_running (fixture->window->leaflet));

  resize_window (fixture, 1100, 740);
  g_assert_false (adw_leaflet_get_folded (fixture->window->leaflet));
  g_assert_true (gtk_widget_get_child_visible (fixture->window->sidebar));
  g_assert_true (gtk_widget_get_child_visible (fixture->window->content));
}

static void
test_scroll_to_end_marks_read (Fixture       *fixture,
                               gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);
  g_autoptr (LecternArticle) article = NULL;
  guint reached_end = 0;
  double height;

  g_signal_connect (reader, "reached-end", G_CALLBACK (count_cb), &reached_end);
  height = lectern_test_ui_eval_number (web_view, "document.documentElement.scrollHeight");
  g_assert_cmpfloat (height, >, gtk_widget_get_height (GTK_WIDGET (web_view)));

  /* Halfway is not the end: the reader says where it is, and nothing about an end. */
  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight / 3); ''");
  wait_reported (fixture, web_view);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (reached_end, ==, 0);
  article = get_article (fixture, fixture->chinese);
  g_assert_false (lectern_article_get_is_read (article));
  g_clear_object (&article);

  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight); ''");
  wait_reported (fixture, web_view);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (reached_end, ==, 1);
  article = get_article (fixture, fixture->chinese);
  g_assert_true (lectern_article_get_is_read (article));
  g_clear_object (&article);

  /* With the setting off, reaching the end changes nothing. */
  g_settings_set_boolean (lectern_application_get_settings (fixture->app), "mark-read-at-end", FALSE);
  web_view = show_and_wait (fixture, fixture->english);
  lectern_test_ui_eval (web_view, "document.body.style.height = '5000px'; ''");
  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight); ''");
  wait_reported (fixture, web_view);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (reached_end, ==, 2);
  article = get_article (fixture, fixture->english);
  g_assert_false (lectern_article_get_is_read (article));
  g_signal_handlers_disconnect_by_data (reader, &reached_end);
}

static void
test_hard_articles (Fixture       *fixture,
                    gconstpointer  data)
{
  WebKitWebView *web_view;
  g_autofree char *dir = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *title = NULL;
  double paragraphs;

  web_view = show_and_wait (fixture, fixture->rtl);
  dir = lectern_test_ui_eval (web_view, "getComputedStyle (document.body).direction");
  g_assert_cmpstr (dir, ==, "rtl");

  web_view = show_and_wait (fixture, fixture->empty);
  empty = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-empty').textContent");
  g_assert_true (g_str_has_prefix (empty, "This article has no text"));

  web_view = show_and_wait (fixture, fixture->long_title);
  title = lectern_test_ui_eval (web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpuint (strlen (title), ==, 2000);

  web_view = show_and_wait (fixture, fixture->huge);
  paragraphs = lectern_test_ui_eval_number (web_view,
                                            "document.querySelectorAll ('.lectern-body p').length");
  g_assert_cmpfloat (paragraphs, >, 70000);
}

static GSettings *
fixture_settings (Fixture *fixture)
{
  return lectern_application_get_settings (fixture->app);
}

static double
scroll_top (WebKitWebView *web_view)
{
  return lectern_test_ui_eval_number (web_view, "document.scrollingElement.scrollTop");
}

static double
scroll_to_fraction (Fixture       *fixture,
                    WebKitWebView *web_view,
                    double         fraction)
{
  g_autofree char *script = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.3f", fraction);
  script = g_strdup_printf ("window.scrollTo (0, Math.round (%s * (document.scrollingElement"
                            ".scrollHeight - window.innerHeight))); ''", number);
  lectern_test_ui_eval (web_view, script);
  wait_reported (fixture, web_view);
  return scroll_top (web_view);
}

static void
take_screenshot (Fixture    *fixture,
                 const char *dir,
                 const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);

  resize_window (fixture, width, height);
  lectern_test_ui_wait_painted (lectern_reader_view_get_web_view (reader));
  lectern_test_ui_screenshot (GTK_WIDGET (fixture->window), path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Highlights @phrase of article @id in @color, with @note, as the reader would. */
static void
add_highlight (Fixture               *fixture,
               gint64                 id,
               const char            *phrase,
               LecternHighlightColor  color,
               const char            *note)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternHighlight) highlight = NULL;
  g_autoptr (GError) error = NULL;

  article = lectern_article_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  highlight = lectern_test_highlight_new (id, lectern_article_get_body_html (article), phrase, 0);
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, note);
  lectern_article_store_add_highlight (fixture->store, highlight, &error);
  g_assert_no_error (error);
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  GSettings *settings;
  const char *dir = g_getenv ("LECTERN_SCREENSHOT_DIR");
  WebKitWebView *web_view;
  g_autofree char *background = NULL;
  static const struct {
    const char *theme;
    const char *wide;
    const char *narrow;
  } chinese_shots[] = {
    { "light", "lectern-reading.png", "lectern-narrow.png" },
    { "sepia", "lectern-reading-sepia.png", "lectern-narrow-sepia.png" },
    { "dark", "lectern-reading-dark.png", "lectern-narrow-dark.png" },
  }, english_shots[] = {
    { "light", "lectern-reading-english.png", "lectern-english-narrow.png" },
    { "sepia", "lectern-english-sepia.png", "lectern-english-narrow-sepia.png" },
    { "dark", "lectern-english-dark.png", "lectern-english-narrow-dark.png" },
  };

  if (!dir) {
    g_test_skip ("Set LECTERN_SCREENSHOT_DIR to write the screenshots");
    return;
  }

  /* The title buttons GNOME shows. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  /* A picture taken in the middle of a cross-fade would show two pages at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  add_highlight (fixture, fixture->chinese, "让它在真实世界里发生了",
                 LECTERN_HIGHLIGHT_YELLOW, NULL);
  add_highlight (fixture, fixture->chinese, "同行的围剿、跨界的争议", LECTERN_HIGHLIGHT_GREEN,
                 "两种压力，分开看");
  add_highlight (fixture, fixture->english, "what the sea had done that day",
                 LECTERN_HIGHLIGHT_YELLOW, "The whole book in one line");
  add_highlight (fixture, fixture->english, "forty of them now", LECTERN_HIGHLIGHT_BLUE, NULL);
  settings = fixture_settings (fixture);
  resize_window (fixture, 1200, 760);
  web_view = show_and_wait (fixture, fixture->chinese);
  for (guint i = 0; i < G_N_ELEMENTS (chinese_shots); i++) {
    /* Each theme changes the page in place: no reload. */
    g_settings_set_string (settings, "theme", chinese_shots[i].theme);
    if (g_str_equal (chinese_shots[i].theme, "dark")) {
      background = lectern_test_ui_eval (web_view, "getComputedStyle (document.documentElement)"
                                                   ".backgroundColor");
      g_assert_cmpstr (background, ==, "rgb(36, 36, 36)");
    }
    take_screenshot (fixture, dir, chinese_shots[i].wide, 1200, 760);
    take_screenshot (fixture, dir, chinese_shots[i].narrow, 360, 720);
    resize_window (fixture, 1200, 760);
    web_view = show_and_wait (fixture, fixture->chinese);
  }

  g_settings_set_string (settings, "reader-font", "serif");
  web_view = show_and_wait (fixture, fixture->english);
  for (guint i = 0; i < G_N_ELEMENTS (english_shots); i++) {
    g_settings_set_string (settings, "theme", english_shots[i].theme);
    take_screenshot (fixture, dir, english_shots[i].wide, 1200, 760);
    if (g_getenv ("LECTERN_SCREENSHOT_DETAILS")) {
      g_autofree char *name = g_strdup_printf ("details-%s", english_shots[i].wide);

      scroll_to_fraction (fixture, web_view, 0.75);
      take_screenshot (fixture, g_getenv ("LECTERN_SCREENSHOT_DETAILS"), name, 1200, 760);
      scroll_to_fraction (fixture, web_view, 0);
    }
    take_screenshot (fixture, dir, english_shots[i].narrow, 360, 720);
    resize_window (fixture, 1200, 760);
    web_view = show_and_wait (fixture, fixture->english);
  }

  /* Every highlight of the library, beside the article of two of them. */
  g_settings_set_string (settings, "filter", "highlights");
  g_settings_set_string (settings, "theme", "light");
  take_screenshot (fixture, dir, "lectern-highlights.png", 1200, 760);
  g_settings_set_string (settings, "theme", "dark");
  take_screenshot (fixture, dir, "lectern-highlights-dark.png", 1200, 760);
  g_settings_reset (settings, "filter");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
}


static char *
computed (WebKitWebView *web_view,
          const char    *selector,
          const char    *property)
{
  g_autofree char *script = g_strdup_printf ("getComputedStyle (document.querySelector ('%s'))"
                                             ".getPropertyValue ('%s')", selector, property);

  return lectern_test_ui_eval (web_view, script);
}

static double
computed_px (WebKitWebView *web_view,
             const char    *selector,
             const char    *property)
{
  g_autofree char *value = computed (web_view, selector, property);

  return g_ascii_strtod (value, NULL);
}

/* The preferences window's rows, by their ids in its template. */
#define TEMPLATE_CHILD(window, name) \
  gtk_widget_get_template_child (GTK_WIDGET (window), LECTERN_TYPE_PREFERENCES_WINDOW, name)
#define COMBO(window, name)  ADW_COMBO_ROW (TEMPLATE_CHILD (window, name))
#define SPIN(window, name)   GTK_SPIN_BUTTON (TEMPLATE_CHILD (window, name))
#define SWITCH(window, name) GTK_SWITCH (TEMPLATE_CHILD (window, name))

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  GSettings *settings = fixture_settings (fixture);
  AdwStyleManager *style = adw_style_manager_get_default ();
  WebKitWebView *web_view = show_and_wait (fixture, fixture->english);
  GtkWidget *preferences;
  g_autofree char *value = NULL;
  double size, marker;

  /* A mark the page keeps until it reloads: every change below happens in place. */
  lectern_test_ui_eval (web_view, "window.lecternTestMark = 42; ''");

  preferences = lectern_preferences_window_new (settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (preferences));
  lectern_test_ui_flush (preferences);

  /* Font */
  value = computed (web_view, ".lectern-body p", "font-family");
  g_assert_true (g_str_has_prefix (value, "Cantarell"));
  g_clear_pointer (&value, g_free);
  adw_combo_row_set_selected (COMBO (preferences, "font_row"), 1);
  value = g_settings_get_string (settings, "reader-font");
  g_assert_cmpstr (value, ==, "serif");
  g_clear_pointer (&value, g_free);
  value = computed (web_view, ".lectern-body p", "font-family");
  g_assert_true (g_str_has_prefix (value, "\"Noto Serif\""));
  g_assert_nonnull (strstr (value, "\"Noto Serif CJK SC\""));
  g_assert_true (g_str_has_suffix (value, "serif"));
  g_clear_pointer (&value, g_free);

  /* Size */
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, "html", "font-size"), 19.0, 0.01);
  gtk_spin_button_set_value (SPIN (preferences, "text_size_spin"), 150);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 150);
  size = computed_px (web_view, "html", "font-size");
  g_assert_cmpfloat_with_epsilon (size, 28.5, 0.01);

  /* Width: the measure is in ems of the text. */
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, "#lectern-article", "max-width"),
                                  35 * size, 0.5);
  adw_combo_row_set_selected (COMBO (preferences, "width_row"), 0);
  value = g_settings_get_string (settings, "reader-width");
  g_assert_cmpstr (value, ==, "narrow");
  g_clear_pointer (&value, g_free);
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, "#lectern-article", "max-width"),
                                  30 * size, 0.5);
  adw_combo_row_set_selected (COMBO (preferences, "width_row"), 2);
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, "#lectern-article", "max-width"),
                                  42 * size, 0.5);

  /* Line spacing */
  gtk_spin_button_set_value (SPIN (preferences, "line_spacing_spin"), 2.0);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "reader-line-spacing"), 2.0,
                                  0.001);
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, ".lectern-body p", "line-height"),
                                  2.0 * size, 0.5);

  /* Justification stays off. */
  value = computed (web_view, ".lectern-body p", "text-align");
  g_assert_cmpstr (value, ==, "start");
  g_clear_pointer (&value, g_free);

  /* Theme: the window's style and the page's colours together. */
  adw_combo_row_set_selected (COMBO (preferences, "theme_row"), 2);
  value = g_settings_get_string (settings, "theme");
  g_assert_cmpstr (value, ==, "sepia");
  g_clear_pointer (&value, g_free);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  value = computed (web_view, "html", "background-color");
  g_assert_cmpstr (value, ==, "rgb(245, 236, 217)");
  g_clear_pointer (&value, g_free);

  adw_combo_row_set_selected (COMBO (preferences, "theme_row"), 3);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  value = computed (web_view, "html", "background-color");
  g_assert_cmpstr (value, ==, "rgb(36, 36, 36)");
  g_clear_pointer (&value, g_free);

  adw_combo_row_set_selected (COMBO (preferences, "theme_row"), 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  value = computed (web_view, "html", "background-color");
  g_assert_cmpstr (value, ==, "rgb(255, 255, 255)");
  g_clear_pointer (&value, g_free);

  adw_combo_row_set_selected (COMBO (preferences, "theme_row"), 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* Behaviour and saving */
  gtk_switch_set_active (SWITCH (preferences, "mark_read_switch"), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "mark-read-at-end"));
  adw_combo_row_set_selected (COMBO (preferences, "after_archive_row"), 1);
  value = g_settings_get_string (settings, "after-archive");
  g_assert_cmpstr (value, ==, "stay");
  g_clear_pointer (&value, g_free);
  gtk_switch_set_active (SWITCH (preferences, "download_images_switch"), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "download-images"));
  g_assert_false (lectern_saver_get_download_images (lectern_application_get_saver (fixture->app)));
  gtk_spin_button_set_value (SPIN (preferences, "timeout_spin"), 60);
  g_assert_cmpuint (g_settings_get_uint (settings, "fetch-timeout"), ==, 60);

  /* And the other way: a setting changed elsewhere shows in its row. */
  g_settings_set_string (settings, "reader-width", "medium");
  g_assert_cmpuint (adw_combo_row_get_selected (COMBO (preferences, "width_row")), ==, 1);
  g_settings_set_int (settings, "reader-text-size", 120);
  g_assert_cmpfloat (gtk_spin_button_get_value (SPIN (preferences, "text_size_spin")), ==, 120);

  marker = lectern_test_ui_eval_number (web_view, "window.lecternTestMark");
  g_assert_cmpfloat (marker, ==, 42);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_cjk_typography (Fixture       *fixture,
                     gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  GSettings *settings = fixture_settings (fixture);
  g_autofree char *family = NULL;
  g_autofree char *serif = NULL;
  g_autofree char *style = NULL;
  g_autofree char *date = NULL;
  double line_height, size;

  /* Simplified Chinese first, so punctuation is full-width, then Latin; looser lines. */
  family = computed (web_view, ".lectern-body p", "font-family");
  g_assert_true (g_str_has_prefix (family, "\"Noto Sans CJK SC\""));
  size = computed_px (web_view, ".lectern-body p", "font-size");
  line_height = computed_px (web_view, ".lectern-body p", "line-height");
  g_assert_cmpfloat (line_height, >, 1.7 * size);

  g_settings_set_string (settings, "reader-font", "serif");
  serif = computed (web_view, ".lectern-body p", "font-family");
  g_assert_true (g_str_has_prefix (serif, "\"Noto Serif CJK SC\""));

  /* No faked italics in CJK: emphasis dots instead. */
  lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-body p').insertAdjacentHTML "
                                  "('beforeend', '<em id=\"em\">强调</em>'); ''");
  style = computed (web_view, "#em", "font-style");
  g_assert_cmpstr (style, ==, "normal");

  /* The date, in the article's header, in the user's language (here C: English). */
  date = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-date').textContent");
  g_assert_cmpstr (date, ==, "19 March 2025");
}

/* The seed page dates itself "2025-03-19 09:32:05", a time: the header shows that day in the
 * reader's language, in the form its translators give.
 */
static void
test_date_languages (Fixture       *fixture,
                     gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  g_autofree char *english = NULL;
  g_autofree char *chinese = NULL;

  english = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-date').textContent");
  g_assert_cmpstr (english, ==, "19 March 2025");

  lectern_test_ui_use_language ("zh_CN");
  show_and_wait (fixture, fixture->english);
  web_view = show_and_wait (fixture, fixture->chinese);
  chinese = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-date').textContent");
  lectern_test_ui_use_language (NULL);
  g_assert_cmpstr (chinese, ==, "2025年3月19日");
}

static char *
top_block_text (WebKitWebView *web_view)
{
  return lectern_test_ui_eval (web_view,
                               "Array.from (document.querySelectorAll ('.lectern-body > *'))"
                               ".find (e => e.getBoundingClientRect ().bottom > 0).textContent");
}

typedef struct {
  Fixture *fixture;
  double   expected_top;
  char    *expected_block;
} RestartData;

static RestartData restart_data;

static void
restart_activate (LecternApplication *app,
                  gpointer            user_data)
{
  RestartData *restart = user_data;
  Fixture *fixture = restart->fixture;
  WebKitWebView *web_view;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *block = NULL;

  fixture->app = app;
  fixture->store = lectern_application_get_store (app);
  fixture->window = lectern_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 740);
  gtk_window_present (GTK_WINDOW (fixture->window));
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));

  article = get_article (fixture, fixture->chinese);
  g_assert_cmpfloat_with_epsilon (lectern_article_get_progress (article), 0.4, 0.01);
  g_assert_nonnull (lectern_article_get_progress_anchor (article));

  web_view = show_and_wait (fixture, fixture->chinese);
  g_assert_cmpfloat_with_epsilon (scroll_top (web_view), restart->expected_top, 3);
  block = top_block_text (web_view);
  g_assert_cmpstr (block, ==, restart->expected_block);
}

static void
test_progress_restored (Fixture       *fixture,
                        gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternArticle) row_article = NULL;
  g_autofree char *block = NULL;
  g_autofree char *block_after = NULL;
  double top, fraction;

  top = scroll_to_fraction (fixture, web_view, 0.4);
  g_assert_cmpfloat (top, >, 100);
  fraction = lectern_reader_view_get_progress (lectern_window_get_reader_view (fixture->window));
  g_assert_cmpfloat_with_epsilon (fraction, 0.4, 0.01);
  g_assert_nonnull (lectern_reader_view_get_anchor (lectern_window_get_reader_view (fixture->window)));
  block = top_block_text (web_view);

  /* Leaving the article writes its place at once. */
  show_and_wait (fixture, fixture->english);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->chinese);
  g_assert_cmpfloat_with_epsilon (lectern_article_get_progress (article), 0.4, 0.01);
  g_assert_nonnull (lectern_article_get_progress_anchor (article));

  /* Its row shows how far the reader got. */
  row_article = g_list_model_get_item (G_LIST_MODEL (list),
                                       lectern_article_list_find (list, fixture->chinese));
  g_assert_cmpfloat_with_epsilon (lectern_article_get_progress (row_article), 0.4, 0.01);

  /* Back to it: the same place, to the pixel or two. */
  web_view = show_and_wait (fixture, fixture->chinese);
  g_assert_cmpfloat_with_epsilon (scroll_top (web_view), top, 3);

  /* A bigger text size moves every line, but the same paragraph stays at the top. */
  g_settings_set_int (fixture_settings (fixture), "reader-text-size", 160);
  wait_reported (fixture, web_view);
  block_after = top_block_text (web_view);
  g_assert_cmpstr (block_after, ==, block);
  g_assert_cmpfloat (fabs (scroll_top (web_view) - top), >, 50);
  g_settings_reset (fixture_settings (fixture), "reader-text-size");
  wait_reported (fixture, web_view);
  g_assert_cmpfloat_with_epsilon (scroll_top (web_view), top, 3);
  g_assert_cmpfloat_with_epsilon (lectern_reader_view_get_progress (
                                    lectern_window_get_reader_view (fixture->window)), 0.4, 0.01);

  /* The window goes, as at quit, with the article open. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  lectern_test_ui_settle (fixture->store);
  fixture->window = NULL;

  restart_data.fixture = fixture;
  restart_data.expected_top = top;
  g_free (restart_data.expected_block);
  restart_data.expected_block = g_steal_pointer (&block);
}

static void
test_theme_keeps_position (Fixture       *fixture,
                           gconstpointer  data)
{
  GSettings *settings = fixture_settings (fixture);
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  g_autofree char *background = NULL;
  double top;

  top = scroll_to_fraction (fixture, web_view, 0.5);
  g_settings_set_string (settings, "theme", "dark");
  wait_reported (fixture, web_view);
  background = computed (web_view, "html", "background-color");
  g_assert_cmpstr (background, ==, "rgb(36, 36, 36)");
  g_assert_cmpfloat_with_epsilon (scroll_top (web_view), top, 2);
  g_clear_pointer (&background, g_free);

  g_settings_set_string (settings, "theme", "sepia");
  wait_reported (fixture, web_view);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  background = computed (web_view, "html", "background-color");
  g_assert_cmpstr (background, ==, "rgb(245, 236, 217)");
  g_assert_cmpfloat_with_epsilon (scroll_top (web_view), top, 2);
  g_assert_cmpfloat_with_epsilon (lectern_reader_view_get_progress (
                                    lectern_window_get_reader_view (fixture->window)), 0.5, 0.01);
}

static double
wait_scroll_change (WebKitWebView *web_view,
                    double         from)
{
  lectern_test_wait_until (scroll_top (web_view) != from);
  return scroll_top (web_view);
}

static GtkShortcutController *
find_shortcut_controller (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++) {
    g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

    if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
      return GTK_SHORTCUT_CONTROLLER (controller);
  }
  return NULL;
}

/* Activates what the window's single-key shortcut controller does for @keyval, as a key
 * press that nothing focused wanted would.
 */
static void
press_single_key (Fixture *fixture,
                  guint    keyval)
{
  GtkShortcutController *controller =
    find_shortcut_controller (GTK_WIDGET (fixture->window), "lectern-single-key-shortcuts");
  GListModel *model = G_LIST_MODEL (controller);
  g_autofree char *name = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
    g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (model, i);
    GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
    GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
    g_autoptr (GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, 0);

    if (gtk_shortcut_trigger_equal (trigger, wanted)) {
      g_assert_true (gtk_shortcut_action_activate (action, 0, GTK_WIDGET (fixture->window),
                                                   gtk_shortcut_get_arguments (shortcut)));
      return;
    }
  }
  name = gdk_keyval_name (keyval) ? g_strdup (gdk_keyval_name (keyval)) : NULL;
  g_error ("No shortcut for %s", name);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr (LecternArticle) second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_autoptr (LecternArticle) third = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_autoptr (LecternArticle) article = NULL;
  WebKitWebView *web_view;
  double top;

  /* j with nothing open opens the first article; j and Alt+Down go on, k and Alt+Up back. */
  press_single_key (fixture, GDK_KEY_j);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (first));
  press_single_key (fixture, GDK_KEY_j);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (second));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.next-article", NULL);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (third));
  press_single_key (fixture, GDK_KEY_k);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (second));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.previous-article", NULL);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (first));
  /* At the top of the list, k stays. */
  press_single_key (fixture, GDK_KEY_k);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (first));
  g_assert_cmpuint (gtk_single_selection_get_selected (fixture->window->selection), ==, 0);

  /* s stars, m marks read and back, a archives and opens the next one. */
  press_single_key (fixture, GDK_KEY_s);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_true (lectern_article_get_starred (article));
  g_clear_object (&article);

  press_single_key (fixture, GDK_KEY_m);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_true (lectern_article_get_is_read (article));
  g_clear_object (&article);
  press_single_key (fixture, GDK_KEY_m);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_false (lectern_article_get_is_read (article));
  g_clear_object (&article);

  press_single_key (fixture, GDK_KEY_a);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_true (lectern_article_get_archived (article));
  g_clear_object (&article);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (second));

  /* Delete deletes, with Undo. */
  web_view = lectern_reader_view_get_web_view (lectern_window_get_reader_view (fixture->window));
  lectern_test_ui_wait_load (web_view, NULL);
  wait_restored (fixture);
  press_single_key (fixture, GDK_KEY_Delete);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 1);
  g_assert_cmpuint (lectern_article_list_find (list, lectern_article_get_id (second)), ==,
                    G_MAXUINT);
  press_undo (fixture);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (lectern_article_list_find (list, lectern_article_get_id (second)), !=,
                    G_MAXUINT);
  /* Undo shows the article again. */
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (second));
  g_assert_cmpint (lectern_article_get_id (second), ==, fixture->chinese);
  wait_restored (fixture);
  lectern_test_ui_wait_load (web_view, NULL);

  /* Space with the list focused pages the article, Shift+Space back. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) != GTK_WIDGET (web_view));
  top = scroll_top (web_view);
  press_single_key (fixture, GDK_KEY_space);
  g_assert_cmpfloat (wait_scroll_change (web_view, top), >, top + 300);
  top = scroll_top (web_view);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.page-up", NULL);
  g_assert_cmpfloat (wait_scroll_change (web_view, top), <, top - 300);

  /* o opens the original in the browser; it is there for a web article. */
  g_assert_true (g_action_group_get_action_enabled (
                   G_ACTION_GROUP (fixture->window->article_actions), "open-original"));
}

/* Every accelerator and every single-key shortcut is in the shortcuts window. */
static gboolean
overlay_has_accel (GtkBuilder *builder,
                   const char *accel)
{
  guint key, listed_key;
  GdkModifierType mods, listed_mods;
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  for (GSList *l = objects; l; l = l->next) {
    g_autofree char *accelerator = NULL;
    g_auto (GStrv) parts = NULL;

    if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      continue;
    g_object_get (l->data, "accelerator", &accelerator, NULL);
    parts = g_strsplit (accelerator ? accelerator : "", " ", -1);
    for (guint i = 0; parts[i]; i++)
      if (gtk_accelerator_parse (parts[i], &listed_key, &listed_mods) &&
          listed_key == key && listed_mods == mods)
        return TRUE;
  }
  return FALSE;
}

static gboolean
overlay_has_action (GtkBuilder *builder,
                    const char *action)
{
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l; l = l->next) {
    g_autofree char *name = NULL;

    if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      continue;
    g_object_get (l->data, "action-name", &name, NULL);
    if (g_strcmp0 (name, action) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
test_shortcuts_listed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/app/lectern/Lectern/gtk/help-overlay.ui");
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (fixture->app));
  GtkShortcutController *controller =
    find_shortcut_controller (GTK_WIDGET (fixture->window), "lectern-single-key-shortcuts");

  for (guint i = 0; actions[i]; i++) {
    g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app),
                                                                   actions[i]);

    for (guint j = 0; accels[j]; j++)
      if (!overlay_has_action (builder, actions[i]) && !overlay_has_accel (builder, accels[j]) &&
          j == 0)
        g_error ("%s (%s) is not in the shortcuts window", actions[i], accels[j]);
  }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++) {
    g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
    g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

    if (g_str_equal (trigger, "KP_Delete"))
      continue;
    if (!overlay_has_accel (builder, trigger))
      g_error ("%s is not in the shortcuts window", trigger);
  }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static gboolean
have_xdotool (GdkDisplay *display)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path && g_str_equal (G_OBJECT_TYPE_NAME (display), "GdkX11Display");
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 guint                 *released)
{
  (*released)++;
}

/* Runs xdotool, then waits until the window has had the @n_keys keys it typed: the
 * release of the last one comes after everything its press did there.
 */
static void
xdotool (Fixture    *fixture,
         const char *arguments,
         guint       n_keys)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  g_autoptr (GError) error = NULL;
  guint expected = fixture->keys_released + n_keys;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lectern_test_wait_until (fixture->keys_released >= expected);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The web view hands a key it did not want back to the window asynchronously. */
static gint64
wait_current (Fixture *fixture,
              gint64   expected)
{
  lectern_test_wait_until (lectern_window_get_current_article (fixture->window) == expected);
  return lectern_window_get_current_article (fixture->window);
}

/* Real key presses, through the X server, as a user types them. */
static void
test_real_keys (Fixture       *fixture,
                gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr (LecternArticle) second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *window_name = NULL;
  GtkEventController *keys;
  WebKitWebView *web_view;

  if (!have_xdotool (gtk_widget_get_display (GTK_WIDGET (fixture->window)))) {
    g_test_skip ("Real key presses need xdotool and an X display");
    return;
  }

  /* Every key the window gets, before anything in it handles the key. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb),
                    &fixture->keys_released);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);

  /* Focus the window by its unique title, once the X server has it. */
  gtk_window_set_title (GTK_WINDOW (fixture->window), "lectern-real-keys");
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
  xdotool (fixture, "search --sync --name '^lectern-real-keys$' windowfocus --sync", 0);
  lectern_test_wait_until (gtk_window_is_active (GTK_WINDOW (fixture->window)));

  web_view = show_and_wait (fixture, lectern_article_get_id (first));
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "key j", 1);
  g_assert_cmpint (wait_current (fixture, lectern_article_get_id (second)), ==,
                   lectern_article_get_id (second));
  lectern_test_ui_wait_load (web_view, NULL);
  wait_restored (fixture);

  /* In the article itself too. */
  gtk_widget_grab_focus (GTK_WIDGET (web_view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (web_view)));
  xdotool (fixture, "key k", 1);
  g_assert_cmpint (wait_current (fixture, lectern_article_get_id (first)), ==,
                   lectern_article_get_id (first));
  lectern_test_ui_wait_load (web_view, NULL);
  wait_restored (fixture);

  /* Typing in an entry types: "s" in the find bar stars nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL);
  lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->window->find_entry)) &&
                           has_focus_within (GTK_WIDGET (fixture->window->find_entry)));
  xdotool (fixture, "type sam", 3);
  xdotool (fixture, "key Delete", 1);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->find_entry)), ==, "sam");
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_false (lectern_article_get_starred (article));
  g_assert_false (lectern_article_get_is_read (article));
  g_assert_false (lectern_article_get_archived (article));
  g_assert_cmpuint (fixture->window->undo_toasts->len, ==, 0);
  g_clear_object (&article);

  /* Escape closes the find bar; then "s" stars. */
  xdotool (fixture, "key Escape", 1);
  g_assert_false (gtk_search_bar_get_search_mode (fixture->window->find_bar));
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "key s", 1);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, lectern_article_get_id (first));
  g_assert_true (lectern_article_get_starred (article));
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  g_autofree char *lower = g_utf8_casefold (haystack, -1);
  g_autofree char *lower_needle = g_utf8_casefold (needle, -1);
  guint count = 0;

  for (const char *p = strstr (lower, lower_needle); p; p = strstr (p + 1, lower_needle))
    count++;
  return count;
}

static guint
expected_deepseek_matches (Fixture *fixture)
{
  g_autoptr (LecternArticle) article = get_article (fixture, fixture->chinese);

  /* The body, plus the title and the site name in the page's header, as the page was saved. */
  return count_occurrences (lectern_article_get_plain_text (article), "DeepSeek") +
         count_occurrences (lectern_article_get_title (article), "DeepSeek") +
         count_occurrences (lectern_article_get_site_name (article), "DeepSeek");
}

/* The count of matches comes back from the web process; the label shows it then. */
static void
wait_label (GtkLabel   *label,
            const char *expected)
{
  lectern_test_wait_until (g_strcmp0 (gtk_label_get_text (label), expected) == 0);
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  guint expected = expected_deepseek_matches (fixture);
  g_autofree char *first = g_strdup_printf ("1 of %u", expected);
  g_autofree char *second = g_strdup_printf ("2 of %u", expected);
  g_autofree char *last = g_strdup_printf ("%u of %u", expected, expected);

  /* 22 in the body, the title and the site name: counted from the fixture, not assumed. */
  g_assert_cmpuint (expected, >, 20);
  show_and_wait (fixture, fixture->chinese);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (fixture->window->find_bar));
  g_assert_true (gtk_toggle_button_get_active (fixture->window->find_button));
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->find_entry), "DeepSeek");
  wait_label (fixture->window->find_label, first);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-next", NULL);
  wait_label (fixture->window->find_label, second);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-previous", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-previous", NULL);
  wait_label (fixture->window->find_label, last);

  /* Case does not matter; nothing found says so. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->find_entry), "deepseek");
  wait_label (fixture->window->find_label, first);
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->find_entry), "no such words");
  wait_label (fixture->window->find_label, "No results");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->window->find_entry), "error"));

  /* Escape (the entry's stop-search) closes the bar. */
  g_signal_emit_by_name (fixture->window->find_entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (fixture->window->find_bar));
  g_assert_cmpstr (gtk_label_get_text (fixture->window->find_label), ==, "");
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  GSettings *settings = fixture_settings (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  WebKitWebView *web_view = show_and_wait (fixture, fixture->english);

  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 110);
  g_assert_cmpstr (gtk_label_get_text (fixture->window->zoom_label), ==, "110%");
  g_assert_cmpfloat_with_epsilon (computed_px (web_view, "html", "font-size"), 20.9, 0.01);
  gtk_widget_activate_action (window, "win.zoom-out", NULL);
  gtk_widget_activate_action (window, "win.zoom-out", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 90);
  gtk_widget_activate_action (window, "win.zoom-reset", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 100);

  /* At either end of the range, the way on is closed. */
  g_settings_set_int (settings, "reader-text-size", 295);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 300);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 300);
  g_settings_set_int (settings, "reader-text-size", 50);
  gtk_widget_activate_action (window, "win.zoom-out", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "reader-text-size"), ==, 50);
}

static void
test_after_archive (Fixture       *fixture,
                    gconstpointer  data)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

  /* "next": archiving opens the next article in the list. */
  show_and_wait (fixture, fixture->english);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.archive", NULL);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==,
                   lectern_article_get_id (second));

  /* "stay": the archived article stays open. */
  g_settings_set_string (fixture_settings (fixture), "after-archive", "stay");
  show_and_wait (fixture, fixture->chinese);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.archive", NULL);
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, fixture->chinese);
}

/* Shows the list of @filter, and waits until it has been laid out and taken back to where
 * it was.
 */
static void
show_filter (Fixture    *fixture,
             const char *filter)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", filter);
  lectern_test_wait_until (fixture->window->restore_scroll_id == 0);
  lectern_test_ui_flush (GTK_WIDGET (fixture->window->list_view));
}

static void
test_filter_keeps_place (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (fixture->window->list_scroller);
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (GError) error = NULL;
  double value;

  for (guint i = 0; i < 40; i++) {
    g_autofree char *title = g_strdup_printf ("Archived article %u", i);
    g_autofree char *url = g_strdup_printf ("https://example.org/archived/%u", i);
    g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, english_body);

    lectern_article_set_archived (article, TRUE);
    lectern_article_store_add (fixture->store, article, &error);
    g_assert_no_error (error);
  }
  lectern_test_ui_settle (fixture->store);

  show_filter (fixture, "archive");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 40);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment) + 1000);
  gtk_adjustment_set_value (adjustment, 900);
  lectern_test_ui_flush (GTK_WIDGET (fixture->window->list_view));
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 800);

  /* Elsewhere and back: the archive list is where it was. */
  show_filter (fixture, "unread");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, 1);
  show_and_wait (fixture, fixture->rtl);
  g_assert_cmpuint (gtk_single_selection_get_selected (fixture->window->selection), ==,
                    lectern_article_list_find (list, fixture->rtl));

  show_filter (fixture, "archive");
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), value, 2);

  /* And the unread list keeps its selection: the article on display. */
  show_filter (fixture, "unread");
  g_assert_cmpuint (gtk_single_selection_get_selected (fixture->window->selection), ==,
                    lectern_article_list_find (list, fixture->rtl));
}

static void
test_bad_settings (void)
{
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autoptr (GSettings) settings = NULL;
  LecternReaderStyle style;
  g_autofree char *classes = NULL;
  static const char keyfile[] =
    "[app/lectern/Lectern]\n"
    "reader-text-size=9000\n"
    "reader-line-spacing=-4.0\n"
    "reader-width='enormous'\n"
    "reader-font='Comic Sans'\n"
    "theme='purple'\n";

  /* Written by hand, past what gsettings would accept. */
  g_assert_true (g_file_set_contents (path, keyfile, -1, NULL));
  backend = g_keyfile_settings_backend_new (path, "/", NULL);
  settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  lectern_reader_style_init_from_settings (&style, settings, FALSE);
  g_assert_cmpint (style.text_size, >=, LECTERN_READER_TEXT_SIZE_MIN);
  g_assert_cmpint (style.text_size, <=, LECTERN_READER_TEXT_SIZE_MAX);
  g_assert_cmpfloat (style.line_spacing, >=, LECTERN_READER_LINE_SPACING_MIN);
  g_assert_cmpint (style.width, ==, LECTERN_READER_WIDTH_MEDIUM);
  g_assert_false (style.serif);
  g_assert_cmpint (style.theme, ==, LECTERN_READER_THEME_LIGHT);

  /* And the code's own checks, for whatever reaches it. */
  lectern_reader_style_init (&style, "purple", FALSE, "Comic Sans", 9000, "enormous", NAN);
  g_assert_cmpint (style.text_size, ==, LECTERN_READER_TEXT_SIZE_MAX);
  g_assert_cmpfloat (style.line_spacing, ==, 1.6);
  lectern_reader_style_init (&style, "sepia", FALSE, "serif", -3, "narrow", 99);
  g_assert_cmpint (style.text_size, ==, LECTERN_READER_TEXT_SIZE_MIN);
  g_assert_cmpfloat (style.line_spacing, ==, LECTERN_READER_LINE_SPACING_MAX);
  g_assert_cmpint (style.theme, ==, LECTERN_READER_THEME_SEPIA);
  classes = lectern_reader_style_dup_classes (&style);
  g_assert_cmpstr (classes, ==, "sepia serif size-50 spacing-250 width-narrow");
  /* Dark wins over sepia: the page follows its window. */
  lectern_reader_style_init (&style, "sepia", TRUE, NULL, 100, NULL, 1.6);
  g_assert_cmpint (style.theme, ==, LECTERN_READER_THEME_DARK);

  lectern_test_rm_rf (dir);
}

static void
test_missing_font (Fixture       *fixture,
                   gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->english);
  double missing, fallback, height;

  /* A face that is not installed falls through to the next, to the generic family at the
   * end: the text is set exactly as with that family alone, never invisible or in boxes.
   */
  missing = lectern_test_ui_eval_number (web_view,
    "document.documentElement.style.setProperty ('--latin-sans', '\"No Such Font At All\"');"
    "document.documentElement.style.setProperty ('--cjk-sans', '\"Nor This One\"');"
    "document.querySelector ('.lectern-body p').getBoundingClientRect ().width * 0 + "
    "(() => { const r = document.createRange (); "
    "r.selectNodeContents (document.querySelector ('.lectern-body p')); "
    "return r.getBoundingClientRect ().height; }) ()");
  fallback = lectern_test_ui_eval_number (web_view,
    "document.documentElement.style.setProperty ('--font-body', 'system-ui, sans-serif');"
    "(() => { const r = document.createRange (); "
    "r.selectNodeContents (document.querySelector ('.lectern-body p')); "
    "return r.getBoundingClientRect ().height; }) ()");
  height = computed_px (web_view, ".lectern-body p", "line-height");
  g_assert_cmpfloat (missing, >, height - 1);
  g_assert_cmpfloat_with_epsilon (missing, fallback, 1);
}

static GBytes *
huge_png (char **sha256)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 6000, 4000);
  g_autofree char *buffer = NULL;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)buffer, size);
  return g_bytes_new (buffer, size);
}

static void
test_more_hard_articles (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (LecternArticle) untitled = NULL;
  g_autoptr (LecternArticle) pictured = NULL;
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;
  g_autofree char *align = NULL;
  WebKitWebView *web_view;
  gint64 untitled_id, pictured_id;
  double width, column, natural;

  /* No title: the page says so, from the address, and reads as usual. */
  untitled = lectern_test_article_new (NULL, "https://example.org/untitled", english_body);
  untitled_id = lectern_article_store_add (fixture->store, untitled, &error);
  g_assert_no_error (error);

  /* A picture far wider than the column scales down to it. */
  png = huge_png (&sha256);
  g_ptr_array_add (images, lectern_stored_image_new (sha256, "image/png", png));
  body = g_strdup_printf ("<p>Before the picture.</p><figure><img src=\"lectern://image/%s\" "
                          "width=\"6000\" height=\"4000\" alt=\"A blue field\"><figcaption>A blue "
                          "field</figcaption></figure><p>After it.</p>", sha256);
  pictured_id = lectern_article_store_add_pending (fixture->store, "https://example.org/picture",
                                                   "https://example.org/picture", &error);
  g_assert_no_error (error);
  pictured = lectern_test_article_new ("A huge picture", "https://example.org/picture", body);
  lectern_article_store_finish_save (fixture->store, pictured_id, pictured, images, &error);
  g_assert_no_error (error);
  lectern_test_ui_settle (fixture->store);

  web_view = show_and_wait (fixture, untitled_id);
  title = lectern_test_ui_eval (web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (title, !=, "");

  web_view = show_and_wait (fixture, pictured_id);
  natural = lectern_test_ui_eval_number (web_view, "document.querySelector ('img').naturalWidth");
  g_assert_cmpfloat (natural, ==, 6000);
  width = lectern_test_ui_eval_number (web_view,
                                       "document.querySelector ('img').getBoundingClientRect ().width");
  column = lectern_test_ui_eval_number (web_view, "document.querySelector ('.lectern-body')"
                                                  ".getBoundingClientRect ().width");
  g_assert_cmpfloat (width, >, 100);
  g_assert_cmpfloat (width, <=, column + 0.5);

  /* Right to left: the text starts at the right edge of the column. */
  web_view = show_and_wait (fixture, fixture->rtl);
  align = lectern_test_ui_eval (web_view,
    "(() => { const p = document.querySelector ('.lectern-body p'); const r = document.createRange ();"
    " r.selectNodeContents (p); const t = r.getBoundingClientRect ();"
    " const c = p.getBoundingClientRect ();"
    " return (Math.abs (t.right - c.right) < 2 && t.left - c.left > 20) ? 'right' : 'left'; }) ()");
  g_assert_cmpstr (align, ==, "right");
}

static void
test_progress_across_restart (void)
{
  Fixture fixture = { 0, };
  FixtureRun run = { &fixture, test_progress_restored };

  fixture_setup (&fixture, NULL);
  lectern_test_ui_run (fixture_activate, &run);
  /* A new application over the same library: the place is still there. */
  lectern_test_ui_run (restart_activate, &restart_data);
  g_clear_pointer (&restart_data.expected_block, g_free);
}

/* What the window's first frame showed. */
typedef struct {
  LecternWindow *window;
  gboolean painted;
  guint n_rows;
  double rows_bottom;
  double list_height;
  gboolean rows_beyond;
} FirstFrame;

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FirstFrame    *frame)
{
  GtkWidget *list_view = GTK_WIDGET (frame->window->list_view);
  GtkWidget *scroller = gtk_widget_get_parent (list_view);

  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, frame);
  frame->painted = TRUE;
  frame->n_rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                                              frame->window->list_view)));
  frame->list_height = gtk_widget_get_height (scroller);

  /* Where the lowest row drawn ends, in the scrolled window, and whether there are rows
   * below the bottom, which the list view does not show.
   */
  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row;
       row = gtk_widget_get_next_sibling (row)) {
    graphene_rect_t bounds;

    if (!gtk_widget_get_child_visible (row))
      frame->rows_beyond = TRUE;
    else if (gtk_widget_compute_bounds (row, scroller, &bounds))
      frame->rows_bottom = MAX (frame->rows_bottom, bounds.origin.y + bounds.size.height);
  }
}

static void
first_frame_realize_cb (GtkWidget  *widget,
                        FirstFrame *frame)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_frame_painted_cb), frame);
}

static void
first_frame_activate (LecternApplication *app,
                      gpointer            data)
{
  FirstFrame *frame = data;
  LecternArticleList *articles;

  frame->window = lectern_window_new (app);
  g_signal_connect (frame->window, "realize", G_CALLBACK (first_frame_realize_cb), frame);
  gtk_window_present (GTK_WINDOW (frame->window));
  lectern_test_wait_until (frame->painted);

  /* The first frame has rows down to the bottom of the list: GTK 4.8's list view, which
   * would make and measure 200 rows before it, is given a screenful of them only.
   */
  g_assert_true (frame->rows_beyond || frame->rows_bottom >= frame->list_height);
  g_assert_cmpfloat (frame->rows_bottom, >, frame->list_height / 2);
  if (gtk_get_minor_version () < 12)
    g_assert_cmpuint (frame->n_rows, <, 150);

  /* Then all of them. */
  articles = lectern_window_get_article_list (frame->window);
  lectern_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                             frame->window->list_view))) == 150 &&
                           g_list_model_get_n_items (G_LIST_MODEL (articles)) == 150);
  gtk_window_destroy (GTK_WINDOW (frame->window));
}

static void
test_first_frame (void)
{
  g_autoptr (LecternArticleStore) seed = NULL;
  FirstFrame frame = { 0, };

  lectern_test_ui_reset_library ();
  lectern_test_reset_settings ();
  seed = lectern_test_ui_open_library ();
  for (guint i = 0; i < 150; i++) {
    g_autofree char *title = g_strdup_printf ("Article %u", i);
    g_autoptr (LecternArticle) article = lectern_test_article_new (title,
                                                                   "https://example.org/",
                                                                   english_body);
    g_autoptr (GError) error = NULL;

    lectern_article_set_excerpt (article, "An excerpt long enough to take the two lines that "
                                          "a row gives it, and a few words more than that.");
    lectern_article_store_add (seed, article, &error);
    g_assert_no_error (error);
  }
  lectern_article_store_close (seed);

  lectern_test_ui_run (first_frame_activate, &frame);
}

static void
unopenable_library_activate (LecternApplication *app,
                             gpointer            data)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  LecternWindow *window;

  g_assert_null (lectern_application_get_store (app));
  g_assert_nonnull (lectern_application_get_store_error (app));
  window = lectern_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "error");
  g_assert_nonnull (strstr (adw_status_page_get_description (window->error_status), path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
}

static void
test_unopenable_library (void)
{
  g_autofree char *path = lectern_application_dup_library_path ();

  /* A folder where the library file should be: it cannot be opened, and stays as it is. */
  lectern_test_ui_reset_library ();
  g_mkdir_with_parents (path, 0700);
  g_test_expect_message ("lectern", G_LOG_LEVEL_WARNING, "*Could not open the library*");
  lectern_test_ui_run (unopenable_library_activate, NULL);
  g_test_assert_expected_messages ();
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
}

static void
read_only_library_activate (LecternApplication *app,
                            gpointer            data)
{
  Fixture *fixture = data;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  /* The library opened read-only; what follows opens normally again. */
  _lectern_database_set_force_read_only (FALSE);

  fixture->app = app;
  fixture->store = lectern_application_get_store (app);
  fixture->window = lectern_window_new (app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  show_and_wait (fixture, fixture->english);

  g_test_expect_message ("lectern", G_LOG_LEVEL_WARNING, "*could not be saved*cannot be changed*");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.star", NULL);
  lectern_test_ui_settle (fixture->store);
  g_test_assert_expected_messages ();

  /* The button shows the state the library really has, and nothing changed. */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (fixture->window->star_toggle)), ==,
                   "non-starred-symbolic");
  article = lectern_article_store_get (fixture->store, fixture->english, &error);
  g_assert_no_error (error);
  g_assert_false (lectern_article_get_starred (article));
}

static void
test_read_only_library (void)
{
  Fixture fixture = { 0, };

  fixture_setup (&fixture, NULL);
  _lectern_database_set_force_read_only (TRUE);
  lectern_test_ui_run (read_only_library_activate, &fixture);
}

static const char garbage[] = "this is not a database, but it is somebody's data";

static void
corrupt_library_activate (LecternApplication *app,
                          gpointer            data)
{
  g_autofree char *moved_bytes = NULL;
  const char *moved;
  LecternWindow *window;
  GtkWindow *dialog = NULL;
  GList *toplevels;

  g_assert_nonnull (lectern_application_get_store (app));
  moved = lectern_article_store_get_moved_aside (lectern_application_get_store (app));
  g_assert_nonnull (moved);
  g_assert_true (g_file_get_contents (moved, &moved_bytes, NULL, NULL));
  g_assert_cmpstr (moved_bytes, ==, garbage);

  window = lectern_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  /* The user is told, with the place the old file went. */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), moved));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "library");
}

static void
test_corrupt_library (void)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  lectern_test_ui_reset_library ();
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_test_expect_message ("lectern-core", G_LOG_LEVEL_MESSAGE, "*Moved the damaged library*");
  g_test_expect_message ("lectern", G_LOG_LEVEL_WARNING, "*could not be read and was moved*");
  lectern_test_ui_run (corrupt_library_activate, NULL);
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, (gconstpointer)func, fixture_setup, fixture_run, fixture_teardown)
  ADD ("/ui/window/list", test_list_shows_library);
  ADD ("/ui/window/select", test_selecting_shows_article);
  ADD ("/ui/window/locked-down", test_page_is_locked_down);
  ADD ("/ui/window/actions", test_article_actions);
  ADD ("/ui/window/delete-undo", test_delete_and_undo);
  ADD ("/ui/window/filters", test_filters_and_counts);
  ADD ("/ui/window/fold", test_fold_and_unfold);
  ADD ("/ui/window/scroll-to-end", test_scroll_to_end_marks_read);
  ADD ("/ui/window/hard-articles", test_hard_articles);
  ADD ("/ui/window/screenshot", test_screenshot);
  ADD ("/ui/window/preferences", test_preferences);
  ADD ("/ui/window/cjk-typography", test_cjk_typography);
  ADD ("/ui/window/date-languages", test_date_languages);
  ADD ("/ui/window/theme-keeps-position", test_theme_keeps_position);
  ADD ("/ui/window/keyboard", test_keyboard);
  ADD ("/ui/window/real-keys", test_real_keys);
  ADD ("/ui/window/shortcuts-listed", test_shortcuts_listed);
  ADD ("/ui/window/find", test_find);
  ADD ("/ui/window/zoom", test_zoom);
  ADD ("/ui/window/after-archive", test_after_archive);
  ADD ("/ui/window/filter-keeps-place", test_filter_keeps_place);
  ADD ("/ui/window/missing-font", test_missing_font);
  ADD ("/ui/window/more-hard-articles", test_more_hard_articles);
#undef ADD
  g_test_add_func ("/ui/window/first-frame", test_first_frame);
  g_test_add_func ("/ui/window/progress-restart", test_progress_across_restart);
  g_test_add_func ("/ui/window/bad-settings", test_bad_settings);
  g_test_add_func ("/ui/window/unopenable-library", test_unopenable_library);
  g_test_add_func ("/ui/window/corrupt-library", test_corrupt_library);
  g_test_add_func ("/ui/window/read-only-library", test_read_only_library);

  return g_test_run ();
}
