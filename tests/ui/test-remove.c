/* test-remove.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

/* An article whose save never ends (another process keeps saving it, or its saves kept
 * being cut off) must never be stuck in the library: the window deletes it like any
 * other, from its "Saving…" page and from its failed page.
 */

typedef struct {
  gint64 pending;
  gint64 failed;
} Rows;

static gboolean
delete_enabled (LecternWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window->article_actions),
                                            "delete");
}

static void
remove_rows (LecternApplication *app,
             gpointer            data)
{
  Rows *rows = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  g_autoptr (GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, &error), ==, 2);

  lectern_window_show_article (window, rows->pending);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "pending");
  g_assert_true (delete_enabled (window));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->delete_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "article.delete", NULL);
  lectern_test_wait_until (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL) == 1);

  lectern_window_show_article (window, rows->failed);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "failed");
  g_assert_true (delete_enabled (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "article.delete", NULL);
  lectern_test_wait_until (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL) == 0);

  lectern_test_ui_settle (store);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_remove_unsaved (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  Rows rows;

  /* This store stays open while the window runs: to the window, another process that is
   * saving the first article, which it leaves alone when it resumes pending saves.
   */
  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  rows.pending = lectern_article_store_add_pending (store, "https://example.org/forever",
                                                    "https://example.org/forever", &error);
  g_assert_no_error (error);
  rows.failed = lectern_article_store_add_pending (store, "https://example.org/crashes",
                                                   "https://example.org/crashes", &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_fail_save (store, rows.failed,
                                                  "Lectern stopped while saving this page",
                                                  &error));
  g_assert_no_error (error);

  lectern_test_ui_run (remove_rows, &rows);

  lectern_article_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/remove/unsaved", test_remove_unsaved);

  return g_test_run ();
}
