/* test-import.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-url.h"
#include "lectern-window-private.h"

#include <libsoup/soup.h>

/* Importing into the window: the rows come into the list, a report says what was left
 * out, and the articles are then saved from a local server; then exporting the library.
 */

typedef struct {
  SoupServer *server;
  char       *base;
  char       *dir;
  GPtrArray  *paths;
  /* While set, pages under /held/ wait for site_release (). */
  gboolean    hold;
  GPtrArray  *held;
} Site;

static void
site_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Site *site = user_data;
  g_autofree char *page = NULL;

  g_ptr_array_add (site->paths, g_strdup (path));
  page = g_strdup_printf ("<html><head><title>Page %s</title></head><body><article>"
                          "<h1>Page %s</h1><p>%s</p></article></body></html>",
                          path, path,
                          "A paragraph long enough to be the article, with words in it, "
                          "and more words, so that the extractor keeps it as the body.");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&page), strlen (page));
  if (site->hold && g_str_has_prefix (path, "/held/")) {
    soup_server_message_pause (msg);
    g_ptr_array_add (site->held, g_object_ref (msg));
  }
}

static void
site_release (Site *site)
{
  site->hold = FALSE;
  for (guint i = 0; i < site->held->len; i++)
    soup_server_message_unpause (g_ptr_array_index (site->held, i));
  g_ptr_array_set_size (site->held, 0);
}

static Site *
site_new (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  Site *site = g_new0 (Site, 1);

  site->server = soup_server_new (NULL, NULL);
  site->paths = g_ptr_array_new_with_free_func (g_free);
  site->held = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (site->server, NULL, site_handler, site, NULL);
  soup_server_listen_local (site->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (site->server);
  site->base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  site->dir = lectern_test_make_tmpdir ();
  return site;
}

static void
site_free (Site *site)
{
  site_release (site);
  soup_server_disconnect (site->server);
  g_object_unref (site->server);
  lectern_test_rm_rf (site->dir);
  g_free (site->dir);
  g_free (site->base);
  g_ptr_array_unref (site->paths);
  g_ptr_array_unref (site->held);
  g_free (site);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Site, site_free)

static GFile *
write_file (Site       *site,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (site->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static LecternArticle *
find_article (LecternArticleStore *store,
              const char          *url)
{
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  gint64 id = lectern_article_store_find_by_url (store, normalized, NULL);

  return id > 0 ? lectern_article_store_get_summary (store, id, NULL) : NULL;
}

static gboolean
is_saved (LecternArticleStore *store,
          const char          *url)
{
  g_autoptr (LecternArticle) article = find_article (store, url);

  return article && lectern_article_get_save_state (article) == LECTERN_SAVE_STATE_SAVED;
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

static AdwMessageDialog *
find_report (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

    if (ADW_IS_MESSAGE_DIALOG (window))
      return ADW_MESSAGE_DIALOG (window);
  }
  return NULL;
}

static void
import_in_window (LecternApplication *app,
                  gpointer            data)
{
  Site *site = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  LecternArticleList *list = lectern_window_get_article_list (window);
  g_autofree char *first = g_strconcat (site->base, "first", NULL);
  g_autofree char *second = g_strconcat (site->base, "second", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *report_text = NULL;
  g_autofree char *csv_out = NULL;
  g_autofree char *copied = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) exported = NULL;
  g_autoptr (GFile) page = NULL;
  g_autofree char *html_out = NULL;
  g_autoptr (LecternArticle) imported = NULL;
  AdwMessageDialog *report;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  csv = g_strdup_printf ("title,url,time_added,cursor,tags,status\n"
                         "First from Pocket,%s,1700000000,a,imported,unread\n"
                         "Second from Pocket,%s,1700000001,b,,unread\n"
                         "Script,javascript:alert(1),1700000002,c,,unread\n",
                         first, second);
  file = write_file (site, "part_000000.csv", csv);

  /* What Import… does with the file chosen. */
  lectern_window_import_file (window, file);
  lectern_test_wait_until (window->import_report != NULL);
  g_assert_cmpstr (window->import_report_summary, ==, "2 imported, 1 skipped");
  lectern_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (list)) == 2);

  /* The rows have their titles and tags at once, and are then saved. */
  imported = find_article (store, first);
  g_assert_cmpstr (lectern_article_get_title (imported), ==, "First from Pocket");
  lectern_test_wait_until (is_saved (store, first) && is_saved (store, second));
  g_assert_cmpuint (site->paths->len, >=, 2);

  /* Details: the entry left out, where it is and why; Copy puts it all on the clipboard. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-import-report", NULL);
  report = find_report ();
  g_assert_nonnull (report);
  view = adw_message_dialog_get_extra_child (report);
  view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (view));
  if (GTK_IS_VIEWPORT (view))
    view = gtk_viewport_get_child (GTK_VIEWPORT (view));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  report_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_true (g_str_has_prefix (report_text, "line 4: javascript:alert(1): "));
  g_assert_cmpstr (adw_message_dialog_get_body (report), ==, "2 imported, 1 skipped");

  /* Copy: the heading, the summary and the entries, on the clipboard. */
  adw_message_dialog_response (report, "copy");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_text_cb, &copied);
  lectern_test_wait_until (copied != NULL);
  g_assert_true (g_str_has_prefix (copied, "Import of “part_000000.csv”\n2 imported, 1 skipped\n"));
  g_assert_nonnull (strstr (copied, "line 4: javascript:alert(1): "));
  adw_message_dialog_response (report, "close");

  /* What Export… does with the file and format chosen: the whole library. */
  exported = g_file_new_build_filename (site->dir, "library.csv", NULL);
  lectern_window_export_file (window, LECTERN_EXPORT_FORMAT_CSV, TRUE, exported);
  g_assert_cmpuint (window->n_exports, ==, 1);
  lectern_test_wait_until (window->n_exports == 0);
  g_assert_true (g_file_load_contents (exported, NULL, &csv_out, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_out, "title,url,time_added,tags,status,"));
  g_assert_nonnull (strstr (csv_out, first));
  g_assert_nonnull (strstr (csv_out, second));
  g_assert_nonnull (strstr (csv_out, ",imported,unread,"));

  /* The articles in the list: those the search shows, and no other. */
  g_clear_pointer (&csv_out, g_free);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window->search_entry)));
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "first");
  lectern_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (list)) == 1);
  lectern_window_export_file (window, LECTERN_EXPORT_FORMAT_CSV, FALSE, exported);
  lectern_test_wait_until (window->n_exports == 0);
  g_assert_true (g_file_load_contents (exported, NULL, &csv_out, NULL, NULL, NULL));
  g_assert_nonnull (strstr (csv_out, first));
  g_assert_null (strstr (csv_out, second));

  /* An article's menu: Export as HTML, one file that reads anywhere. Its Export items work
   * once an article is open.
   */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window->article_actions),
                                                     "export"));
  gtk_single_selection_set_selected (window->selection, 0);
  lectern_test_wait_until (window->current != NULL);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window->article_actions),
                                                    "export"));
  page = g_file_new_build_filename (site->dir, "first.html", NULL);
  lectern_window_export_article (window, LECTERN_EXPORT_FORMAT_HTML,
                                 lectern_article_get_id (imported), page);
  lectern_test_wait_until (window->n_exports == 0);
  g_assert_true (g_file_load_contents (page, NULL, &html_out, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (html_out, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html_out, "<title>Page /first</title>"));
}

/* A bookmark file dropped on the window is imported, not saved as a page. */
static void
drop_export (LecternApplication *app,
             gpointer            data)
{
  Site *site = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  g_autofree char *url = g_strconcat (site->base, "bookmarked", NULL);
  g_autofree char *bookmarks = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GListModel) controllers = NULL;
  GdkFileList *files;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GSList list = { NULL, NULL };

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  bookmarks = g_strdup_printf ("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
                               "<DT><H3>Reading</H3>\n<DL><p>\n"
                               "<DT><A HREF=\"%s\" ADD_DATE=\"1700000000\">Bookmarked</A>\n"
                               "</DL><p>\n</DL>\n", url);
  file = write_file (site, "bookmarks.html", bookmarks);
  list.data = file;
  files = gdk_file_list_new_from_list (&list);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++) {
    g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

    if (GTK_IS_DROP_TARGET (controller))
      g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
  }
  g_value_unset (&value);
  g_assert_true (accepted);

  lectern_test_wait_until (window->import_report != NULL);
  g_assert_cmpstr (window->import_report_name, ==, "bookmarks.html");
  g_assert_cmpstr (window->import_report_summary, ==, "1 imported");
  lectern_test_wait_until (is_saved (store, url));
  article = find_article (store, url);
  g_assert_nonnull (article);
}

static void
test_import_in_window (void)
{
  g_autoptr (Site) site = site_new ();

  lectern_test_ui_reset_library ();
  lectern_test_ui_run (import_in_window, site);
}

static void
test_drop_export (void)
{
  g_autoptr (Site) site = site_new ();

  lectern_test_ui_reset_library ();
  lectern_test_ui_run (drop_export, site);
}

/* After an import, a line under the list follows the saving: how far it is, Pause to
 * hold the rest, Stop to give them up (each then shows why, to be tried again).
 */
static void
saving_line (LecternApplication *app,
             gpointer            data)
{
  Site *site = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternSaver *saver = lectern_application_get_saver (app);
  LecternWindow *window = lectern_window_new (app);
  g_autoptr (GString) csv = g_string_new ("title,url,time_added,tags,status\n");
  g_autoptr (GFile) file = NULL;
  guint n = 12;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  g_assert_false (gtk_revealer_get_reveal_child (window->saving_revealer));

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Waiting %u,%sheld/%u,1700000000,,unread\n", i, site->base, i);
  file = write_file (site, "waiting.csv", csv->str);

  site->hold = TRUE;
  lectern_window_import_file (window, file);
  lectern_test_wait_until (window->import_report != NULL && site->held->len > 0);

  g_assert_true (gtk_revealer_get_reveal_child (window->saving_revealer));
  g_assert_cmpstr (gtk_label_get_text (window->saving_label), ==, "Saving 1 of 12");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-saving", NULL);
  g_assert_true (lectern_saver_get_resumes_paused (saver));
  g_assert_cmpstr (gtk_label_get_text (window->saving_label), ==, "Paused: 0 of 12 saved");

  /* Those running end; the others are given up. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-saving", NULL);
  g_assert_false (lectern_saver_get_resumes_paused (saver));
  site_release (site);
  lectern_test_wait_until (!gtk_revealer_get_reveal_child (window->saving_revealer));
  lectern_article_store_flush (store);
  lectern_test_wait_until (lectern_test_query_int (lectern_article_store_get_database (store),
                                                   "SELECT count(*) FROM articles"
                                                   " WHERE save_error = 'Saving was stopped'")
                           > 0);
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT count(*) FROM articles WHERE save_state = 1"),
                   ==, 0);
}

static void
test_saving_line (void)
{
  g_autoptr (Site) site = site_new ();

  lectern_test_ui_reset_library ();
  lectern_test_ui_run (saving_line, site);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/import/in-window", test_import_in_window);
  g_test_add_func ("/ui/import/drop-export", test_drop_export);
  g_test_add_func ("/ui/import/saving-line", test_saving_line);

  return g_test_run ();
}
