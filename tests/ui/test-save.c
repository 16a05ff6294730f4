/* test-save.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"
#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <libsoup/soup.h>

/* A local copy of a real blog, served on 127.0.0.1. After the save, "offline" makes it
 * answer 503 to everything and count what it is asked for: the reader must ask nothing.
 */
typedef struct {
  SoupServer *server;
  char       *base;
  char       *root;
  guint       requests;
  guint       offline_requests;
  gboolean    offline;
  gboolean    missing_page;
} Site;

static const char seed_title[] = "DeepSeek 的“修炼”之路,还要闯几关?";

static void
site_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Site *site = user_data;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *type = "application/octet-stream";

  site->requests++;
  if (site->offline) {
    site->offline_requests++;
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    return;
  }

  if (g_str_equal (path, "/missing.html") && site->missing_page) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }
  if (g_str_equal (path, "/missing.html"))
    path = "/post/518.html";

  file = g_build_filename (site->root, path, NULL);
  if (strstr (path, "..") || !g_file_get_contents (file, &contents, &length, NULL)) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }

  if (g_str_has_suffix (path, ".html"))
    type = "text/html; charset=utf-8";
  else if (g_str_has_suffix (path, ".png"))
    type = "image/png";
  else if (g_str_has_suffix (path, ".jpg"))
    type = "image/jpeg";
  else if (g_str_has_suffix (path, ".gif"))
    type = "image/gif";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, g_steal_pointer (&contents),
                                    length);
}

static void
site_start (Site *site)
{
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  site->root = g_test_build_filename (G_TEST_DIST, "data", "seed-site", NULL);
  site->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (site->server, NULL, site_handler, site, NULL);
  soup_server_listen_local (site->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (site->server);
  site->base = g_uri_to_string (uris->data);
}

static void
site_stop (Site *site)
{
  soup_server_disconnect (site->server);
  g_clear_object (&site->server);
  g_clear_pointer (&site->base, g_free);
  g_clear_pointer (&site->root, g_free);
}

static char *
site_url (Site       *site,
          const char *path)
{
  return g_strconcat (site->base, path[0] == '/' ? path + 1 : path, NULL);
}

/* Waits until every save that was started has ended and the window has had its answer. */
static void
wait_saves_done (LecternApplication *app)
{
  LecternSaver *saver = lectern_application_get_saver (app);

  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);
  lectern_test_ui_settle (lectern_application_get_store (app));
}

/* The saved article titled @title, or %NULL. */
static LecternArticle *
find_saved (LecternArticleStore *store,
            const char          *title)
{
  g_autoptr (GPtrArray) articles = lectern_article_store_list (store, LECTERN_FILTER_ALL,
                                                               LECTERN_SORT_NEWEST, NULL);

  for (guint i = 0; articles && i < articles->len; i++) {
    LecternArticle *article = g_ptr_array_index (articles, i);

    if (g_strcmp0 (lectern_article_get_title (article), title) == 0 &&
        lectern_article_get_save_state (article) == LECTERN_SAVE_STATE_SAVED)
      return g_object_ref (article);
  }
  return NULL;
}

/* The newest article in the library. */
static LecternArticle *
get_newest (LecternArticleStore *store)
{
  g_autoptr (GPtrArray) articles = lectern_article_store_list (store, LECTERN_FILTER_ALL,
                                                               LECTERN_SORT_NEWEST, NULL);
  LecternArticle *newest;

  g_assert_nonnull (articles);
  g_assert_cmpuint (articles->len, >, 0);
  newest = g_ptr_array_index (articles, 0);
  return lectern_article_store_get_summary (store, lectern_article_get_id (newest), NULL);
}

static void
count_cb (gpointer  instance,
          gint64    id,
          guint    *count)
{
  (*count)++;
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (!*text)
    *text = g_strdup ("");
}

/* Reads the clipboard after the add popover asked for it: GDK answers the reads of the
 * clipboard this process owns in the order they were made, so once this one has its answer,
 * the popover has had its own.
 */
static char *
read_clipboard_after (LecternWindow *window)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &text);
  lectern_test_wait_until (text != NULL);
  return text;
}

static guint
count_all (LecternArticleStore *store)
{
  return lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL);
}

static void
paste_link (LecternWindow *window,
            const char    *text)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-article", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->add_popover)));
  gtk_editable_set_text (GTK_EDITABLE (window->add_entry), text);
  g_signal_emit_by_name (window->add_entry, "activate");
}

static gboolean
drop_value (LecternWindow *window,
            const GValue  *value)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++) {
    g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

    if (GTK_IS_DROP_TARGET (controller)) {
      g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &accepted);
      return accepted;
    }
  }
  g_assert_not_reached ();
}

static void
save_and_read_offline (LecternApplication *app,
                       gpointer            data)
{
  Site *site = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  WebKitWebView *web_view;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *url = site_url (site, "/post/518.html");
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  double images, loaded, remote;
  guint saved_requests;
  guint added = 0;

  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  /* Pasting the link: the row shows at once, saving, then the article. */
  g_signal_connect (store, "article-added", G_CALLBACK (count_cb), &added);
  paste_link (window, url);
  lectern_test_wait_until (added == 1);
  g_signal_handlers_disconnect_by_data (store, &added);
  g_assert_cmpuint (count_all (store), ==, 1);
  wait_saves_done (app);
  article = find_saved (store, seed_title);
  g_assert_nonnull (article);
  g_assert_cmpstr (lectern_article_get_url (article), ==, url);
  g_assert_cmpuint (site->requests, >, 1);

  /* The network goes away; everything the reader shows must come from the library. */
  saved_requests = site->requests;
  site->offline = TRUE;

  lectern_window_show_article (window, lectern_article_get_id (article));
  web_view = lectern_reader_view_get_web_view (lectern_window_get_reader_view (window));
  uri = lectern_reader_scheme_dup_article_uri (lectern_article_get_id (article));
  lectern_test_ui_wait_load (web_view, uri);
  /* Every image has loaded or failed: each had its chance to ask the network. */
  lectern_test_wait_until (lectern_test_ui_eval_boolean (web_view,
                                                         "Array.from (document.images)"
                                                         ".every (i => i.complete)"));

  title = lectern_test_ui_eval (web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (title, ==, seed_title);
  images = lectern_test_ui_eval_number (web_view, "document.images.length");
  g_assert_cmpfloat (images, >=, 1);
  loaded = lectern_test_ui_eval_number (web_view,
                                        "Array.from (document.images).filter (i => "
                                        "i.complete && i.naturalWidth > 0).length");
  g_assert_cmpfloat (loaded, ==, images);
  remote = lectern_test_ui_eval_number (web_view,
                                        "Array.from (document.images).filter (i => "
                                        "!i.src.startsWith ('lectern://image/')).length");
  g_assert_cmpfloat (remote, ==, 0);
  g_assert_cmpuint (site->offline_requests, ==, 0);
  g_assert_cmpuint (site->requests, ==, saved_requests);

  if (g_getenv ("LECTERN_SCREENSHOT_DIR")) {
    g_autofree char *shot = g_build_filename (g_getenv ("LECTERN_SCREENSHOT_DIR"),
                                              "lectern-saved-offline.png", NULL);

    gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
    lectern_test_ui_flush (GTK_WIDGET (window));
    lectern_test_ui_flush (GTK_WIDGET (window));
    lectern_test_ui_eval (web_view, "document.images[0].scrollIntoView (); ''");
    lectern_test_ui_wait_painted (web_view);
    lectern_test_ui_screenshot (GTK_WIDGET (window), shot);
  }
}

static void
test_save_and_read_offline (void)
{
  Site site = { 0, };

  lectern_test_ui_reset_library ();
  site_start (&site);
  lectern_test_ui_run (save_and_read_offline, &site);
  site_stop (&site);
}

static void
ways_to_save (LecternApplication *app,
              gpointer            data)
{
  Site *site = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  g_autofree char *clipboard = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) failed = NULL;
  g_autoptr (LecternArticle) retried = NULL;
  g_autofree char *url = site_url (site, "/post/518.html");
  g_autofree char *tracked = g_strconcat (url, "?utm_source=feed#comments", NULL);
  g_autofree char *missing = site_url (site, "/missing.html");
  g_autofree char *html_path = NULL;
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autoptr (GFile) html_file = NULL;
  GValue value = G_VALUE_INIT;
  GSList *files;

  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  /* A new library says how to begin, with a button that does it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (window->empty_status), ==, "Save Your First Article");
  g_assert_true (gtk_widget_get_visible (window->empty_add_button));

  if (g_getenv ("LECTERN_SCREENSHOT_DIR")) {
    g_autofree char *shot = g_build_filename (g_getenv ("LECTERN_SCREENSHOT_DIR"),
                                              "lectern-empty-add.png", NULL);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.add-article", NULL);
    gtk_editable_set_text (GTK_EDITABLE (window->add_entry), url);
    lectern_test_ui_flush (GTK_WIDGET (window->add_popover));
    lectern_test_ui_flush (GTK_WIDGET (window));
    lectern_test_ui_screenshot (GTK_WIDGET (window), shot);
    gtk_popover_popdown (window->add_popover);
    gtk_editable_set_text (GTK_EDITABLE (window->add_entry), "");
  }

  /* A link dropped as text/uri-list, with a comment line. */
  g_value_init (&value, G_TYPE_STRING);
  g_value_take_string (&value, g_strdup_printf ("# dropped from a browser\r\n%s\r\n", url));
  g_assert_true (drop_value (window, &value));
  g_value_unset (&value);
  wait_saves_done (app);
  first = find_saved (store, seed_title);
  g_assert_nonnull (first);
  g_assert_cmpuint (count_all (store), ==, 1);

  /* The same article again, with tracking parameters and a fragment: no second row. */
  paste_link (window, tracked);
  wait_saves_done (app);
  g_assert_cmpuint (count_all (store), ==, 1);
  g_assert_cmpint (lectern_window_get_current_article (window), ==, lectern_article_get_id (first));

  /* A link on the clipboard is offered when the popover opens. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), url);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-article", NULL);
  lectern_test_wait_until (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (window->add_entry)),
                                      url) == 0);
  gtk_popover_popdown (window->add_popover);
  gtk_editable_set_text (GTK_EDITABLE (window->add_entry), "");

  /* Other text on the clipboard is not. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "a shopping list");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-article", NULL);
  clipboard = read_clipboard_after (window);
  g_assert_cmpstr (clipboard, ==, "a shopping list");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->add_entry)), ==, "");
  gtk_popover_popdown (window->add_popover);

  /* Something that is not a web address stays in the entry, with the reason. */
  paste_link (window, "javascript:alert(1)");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->add_error_label)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->add_entry)), ==,
                   "javascript:alert(1)");
  g_assert_cmpuint (count_all (store), ==, 1);
  gtk_popover_popdown (window->add_popover);
  gtk_editable_set_text (GTK_EDITABLE (window->add_entry), "");

  /* A page that is not there fails with the server's answer, and saves on a retry. */
  site->missing_page = TRUE;
  paste_link (window, missing);
  wait_saves_done (app);
  failed = get_newest (store);
  g_assert_nonnull (failed);
  g_assert_cmpint (lectern_article_get_save_state (failed), ==, LECTERN_SAVE_STATE_FAILED);
  g_assert_nonnull (strstr (lectern_article_get_save_error (failed), "404"));
  lectern_window_show_article (window, lectern_article_get_id (failed));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "failed");

  site->missing_page = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (window), "article.retry", NULL);
  wait_saves_done (app);
  retried = lectern_article_store_get_summary (store, lectern_article_get_id (failed), NULL);
  g_assert_nonnull (retried);
  g_assert_cmpint (lectern_article_get_save_state (retried), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "reader");

  /* A saved web page dropped from the file manager, with an image beside it. */
  html_path = g_build_filename (dir, "page.html", NULL);
  g_assert_true (g_file_set_contents (html_path,
                                      "<html><head><title>A page on disk</title></head><body>"
                                      "<article><h1>A page on disk</h1><p>It was saved from a "
                                      "browser, with its picture in the same folder, and now it "
                                      "goes into the library where it can be read at any time, "
                                      "even when the file itself is gone.</p><p>Nothing of it "
                                      "needs the network: the text and the picture are both "
                                      "here on the disk, beside each other.</p>"
                                      "<img src=\"logo.png\" alt=\"The logo\"></article>"
                                      "</body></html>", -1, NULL));
  {
    g_autofree char *logo = g_build_filename (site->root, "zb_users", "theme", "deepblog",
                                              "style", "img", "logo.png", NULL);
    g_autofree char *copy = g_build_filename (dir, "logo.png", NULL);
    g_autofree char *bytes = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (logo, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
  }
  html_file = g_file_new_for_path (html_path);
  files = g_slist_prepend (NULL, html_file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_assert_true (drop_value (window, &value));
  g_value_unset (&value);
  g_slist_free (files);
  wait_saves_done (app);
  {
    g_autoptr (LecternArticle) local = find_saved (store, "A page on disk");
    g_autoptr (LecternArticle) full = NULL;

    g_assert_nonnull (local);
    full = lectern_article_store_get (store, lectern_article_get_id (local), NULL);
    g_assert_nonnull (strstr (lectern_article_get_body_html (full), "lectern://image/"));
  }

  /* Dropping something that is neither says so, and saves nothing. */
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "just some words");
  g_assert_false (drop_value (window, &value));
  g_value_unset (&value);
  /* A save would have begun in the drop itself. */
  g_assert_cmpuint (lectern_saver_get_n_running (lectern_application_get_saver (app)), ==, 0);
  g_assert_cmpuint (count_all (store), ==, 3);
  lectern_test_rm_rf (dir);
}

static void
test_ways_to_save (void)
{
  Site site = { 0, };

  lectern_test_ui_reset_library ();
  site_start (&site);
  lectern_test_ui_run (ways_to_save, &site);
  site_stop (&site);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/save/read-offline", test_save_and_read_offline);
  g_test_add_func ("/ui/save/ways-to-save", test_ways_to_save);

  return g_test_run ();
}
