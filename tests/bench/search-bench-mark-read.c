/* search-bench-mark-read.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The time from marking an article read to the list showing it gone, as the window does it:
 * lectern_article_store_set_flag_async (), then the main loop until the Unread list's
 * items-changed. Then marking it unread again, until it is back. 30 articles spread over
 * the list. It uses only what Lectern had before search, so the same file builds against
 * the previous version for comparison.
 *
 *   search-bench-mark-read LIBRARY
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "lectern-article-list.h"
#include "lectern-article-store.h"

#define N_ARTICLES 30

typedef struct {
  gboolean changed;
  gboolean written;
} Wait;

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Wait       *wait)
{
  wait->changed = TRUE;
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error))
    g_error ("Could not change the article: %s", error->message);
  wait->written = TRUE;
}

static double
time_flag (LecternArticleStore *store,
           gint64               id,
           gboolean             read,
           Wait                *wait)
{
  gint64 start = g_get_monotonic_time ();
  double ms;

  wait->changed = wait->written = FALSE;
  lectern_article_store_set_flag_async (store, id, LECTERN_ARTICLE_CHANGE_READ, read, NULL,
                                        written_cb, wait);
  while (!wait->changed)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  while (!wait->written)
    g_main_context_iteration (NULL, TRUE);

  return ms;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
print_times (const char *what,
             GArray     *times)
{
  g_array_sort (times, compare_doubles);
  g_print ("%s: median %.2f ms, p95 %.2f ms, max %.2f ms\n", what,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, MIN (times->len - 1, times->len * 95 / 100)),
           g_array_index (times, double, times->len - 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticleList) list = NULL;
  g_autoptr (GArray) read_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) unread_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  Wait wait = { FALSE, FALSE };
  gint64 start;
  guint n;

  setlocale (LC_ALL, "");
  if (argc != 2) {
    g_printerr ("Usage: search-bench-mark-read LIBRARY\n");
    return 2;
  }

  store = lectern_article_store_new (argv[1], &error);
  if (!store) {
    g_printerr ("search-bench-mark-read: %s\n", error->message);
    return 1;
  }

  start = g_get_monotonic_time ();
  list = lectern_article_list_new (store, LECTERN_FILTER_UNREAD, LECTERN_SORT_NEWEST);
  g_print ("Unread list opened with its first %u articles in %.1f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)),
           (g_get_monotonic_time () - start) / 1000.0);
  while (lectern_article_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_print ("Unread list of %u articles read in %.1f ms\n", n,
           (g_get_monotonic_time () - start) / 1000.0);
  if (n < N_ARTICLES) {
    g_printerr ("search-bench-mark-read: too few unread articles\n");
    return 1;
  }
  g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), &wait);

  for (guint i = 0; i < N_ARTICLES; i++) {
    guint position = (guint)((guint64)n * i / N_ARTICLES);
    g_autoptr (LecternArticle) article = g_list_model_get_item (G_LIST_MODEL (list), position);
    gint64 id = lectern_article_get_id (article);
    double ms;

    ms = time_flag (store, id, TRUE, &wait);
    g_array_append_val (read_times, ms);
    ms = time_flag (store, id, FALSE, &wait);
    g_array_append_val (unread_times, ms);
  }

  print_times ("Mark read, until the row leaves the Unread list", read_times);
  print_times ("Mark unread, until it is back", unread_times);

  g_clear_object (&list);
  lectern_article_store_close (store);
  return 0;
}
