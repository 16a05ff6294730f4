/* test-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"
#include "lectern-reader-view.h"
#include "lectern-sqlite-private.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <glib/gstdio.h>

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
} Fixture;

static const char english_body[] =
  "<p>The lighthouse keeper wrote every evening, in a small notebook, what the sea had done "
  "that day.</p><h2>The notebooks</h2><p>There are forty of them now, kept in a tin box.</p>"
  "<blockquote><p>Calm. Then not calm.</p></blockquote><ul><li>Wind</li><li>Tide</li></ul>";

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (LecternArticleStore) seed = NULL;
  g_autoptr (LecternArticle) english = NULL;
  g_autoptr (LecternArticle) chinese = NULL;
  g_autoptr (LecternArticle) long_title = NULL;
  g_autoptr (LecternArticle) rtl = NULL;
  g_autoptr (LecternArticle) empty = NULL;
  g_autoptr (LecternArticle) huge = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) title = g_string_new (NULL);
  g_autoptr (GString) body = g_string_new (NULL);

  lectern_test_ui_reset_library ();
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
  chinese = lectern_test_ui_seed_article_new ();
  english = lectern_test_article_new ("The Lighthouse Notebooks", "https://example.org/lighthouse",
                                      english_body);
  lectern_article_set_site_name (english, "The Coastal Review");
  lectern_article_set_byline (english, "Ada Marsh");
  lectern_article_set_excerpt (english, "What the sea did, every day, for forty years.");

  fixture->huge = lectern_article_store_add (seed, huge, &error);
  g_assert_no_error (error);
  fixture->empty = lectern_article_store_add (seed, empty, &error);
  g_assert_no_error (error);
  fixture->rtl = lectern_article_store_add (seed, rtl, &error);
  g_assert_no_error (error);
  fixture->long_title = lectern_article_store_add (seed, long_title, &error);
  g_assert_no_error (error);
  fixture->chinese = lectern_article_store_add (seed, chinese, &error);
  g_assert_no_error (error);
  fixture->english = lectern_article_store_add (seed, english, &error);
  g_assert_no_error (error);
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
  lectern_test_ui_wait_ms (200);

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

static WebKitWebView *
show_and_wait (Fixture *fixture,
               gint64   id)
{
  LecternReaderView *reader = lectern_window_get_reader_view (fixture->window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);

  lectern_window_show_article (fixture->window, id);
  g_assert_true (lectern_test_ui_wait_load (web_view));
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, id);
  return web_view;
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
  g_assert_true (lectern_test_ui_wait_load (web_view));
  g_assert_cmpint (lectern_reader_view_get_article_id (reader), ==, fixture->chinese);

  title = lectern_test_ui_eval (web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (title, ==, "DeepSeek 的“修炼”之路,还要闯几关?");
  text = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-body').innerText");
  g_assert_true (g_str_has_prefix (text, "以小博大、逆袭吊打"));
  g_assert_nonnull (strstr (text, "也许就会到来。"));
  headings = lectern_test_ui_eval (web_view, "Array.from (document.querySelectorAll ('h2'))"
                                             ".map (h => h.textContent).join ('|')");
  g_assert_cmpstr (headings, ==, "“爽文大女主”出三招|是幻觉还是“真香”|如何学习文明的智慧");
  lang = lectern_test_ui_eval (web_view, "document.documentElement.lang");
  g_assert_cmpstr (lang, ==, "zh-CN");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   "DeepSeek 的“修炼”之路,还要闯几关?");

  /* Opening an article does not mark it read. */
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

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-delete", "x",
                              fixture->english);
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
  show_and_wait (fixture, fixture->english);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  lectern_test_ui_wait_ms (500);
  g_assert_true (adw_leaflet_get_folded (fixture->window->leaflet));
  /* Folded, the article fills the window and a back button leads to the list. */
  g_assert_true (adw_leaflet_get_visible_child (fixture->window->leaflet) ==
                 fixture->window->content);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  lectern_test_ui_wait_ms (400);
  g_assert_true (adw_leaflet_get_visible_child (fixture->window->leaflet) ==
                 fixture->window->sidebar);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 740);
  lectern_test_ui_wait_ms (500);
  g_assert_false (adw_leaflet_get_folded (fixture->window->leaflet));
  g_assert_true (gtk_widget_get_child_visible (fixture->window->sidebar));
  g_assert_true (gtk_widget_get_child_visible (fixture->window->content));
}

static void
test_scroll_to_end_marks_read (Fixture       *fixture,
                               gconstpointer  data)
{
  WebKitWebView *web_view = show_and_wait (fixture, fixture->chinese);
  g_autoptr (LecternArticle) article = NULL;
  double height;

  height = lectern_test_ui_eval_number (web_view, "document.documentElement.scrollHeight");
  g_assert_cmpfloat (height, >, gtk_widget_get_height (GTK_WIDGET (web_view)));

  /* Halfway is not the end. */
  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight / 3); ''");
  lectern_test_ui_wait_ms (500);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->chinese);
  g_assert_false (lectern_article_get_is_read (article));
  g_clear_object (&article);

  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight); ''");
  lectern_test_ui_wait_ms (500);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->chinese);
  g_assert_true (lectern_article_get_is_read (article));
  g_clear_object (&article);

  /* With the setting off, reaching the end changes nothing. */
  g_settings_set_boolean (lectern_application_get_settings (fixture->app), "mark-read-at-end", FALSE);
  web_view = show_and_wait (fixture, fixture->english);
  lectern_test_ui_eval (web_view, "document.body.style.height = '5000px'; ''");
  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight); ''");
  lectern_test_ui_wait_ms (500);
  lectern_test_ui_settle (fixture->store);
  article = get_article (fixture, fixture->english);
  g_assert_false (lectern_article_get_is_read (article));
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

static void
take_screenshot (Fixture    *fixture,
                 const char *dir,
                 const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  lectern_test_ui_wait_ms (1500);
  lectern_test_ui_screenshot (GTK_WIDGET (fixture->window), path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *dir = g_getenv ("LECTERN_SCREENSHOT_DIR");
  WebKitWebView *web_view;
  g_autofree char *background = NULL;

  if (!dir) {
    g_test_skip ("Set LECTERN_SCREENSHOT_DIR to write the screenshots");
    return;
  }

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  web_view = show_and_wait (fixture, fixture->chinese);
  take_screenshot (fixture, dir, "lectern-reading.png", 1200, 760);

  /* Dark: the page follows the window without a reload. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  lectern_test_ui_wait_ms (300);
  background = lectern_test_ui_eval (web_view, "getComputedStyle (document.documentElement)"
                                               ".backgroundColor");
  g_assert_cmpstr (background, ==, "rgb(36, 36, 36)");
  take_screenshot (fixture, dir, "lectern-reading-dark.png", 1200, 760);
  take_screenshot (fixture, dir, "lectern-narrow-dark.png", 360, 720);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  take_screenshot (fixture, dir, "lectern-narrow.png", 360, 720);
  show_and_wait (fixture, fixture->english);
  take_screenshot (fixture, dir, "lectern-reading-english.png", 1200, 760);
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
  lectern_test_ui_wait_ms (100);

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
  lectern_test_ui_wait_ms (200);

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
#undef ADD
  g_test_add_func ("/ui/window/unopenable-library", test_unopenable_library);
  g_test_add_func ("/ui/window/corrupt-library", test_corrupt_library);
  g_test_add_func ("/ui/window/read-only-library", test_read_only_library);

  return g_test_run ();
}
