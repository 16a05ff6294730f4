/* test-article-list.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-list.h"
#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-query.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct {
  char *dir;
  char *path;
  LecternArticleStore *store;
  LecternArticleList *list;
  GArray *changes;
  guint n_items_notifies;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  /* The model already has its new length when it says so. */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, position + added);
  g_array_append_val (fixture->changes, change);
}

static void
n_items_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  fixture->n_items_notifies++;
}

static void
watch_list (Fixture            *fixture,
            LecternArticleList *list)
{
  g_clear_object (&fixture->list);
  fixture->list = list;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (list, "notify::n-items", G_CALLBACK (n_items_cb), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  fixture->store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->list)
    g_assert_finalize_object (g_steal_pointer (&fixture->list));
  lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (g_steal_pointer (&fixture->store));
  lectern_test_rm_rf (fixture->dir);
  g_array_unref (fixture->changes);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
assert_changes (Fixture *fixture,
                guint    n_changes,
                ...)
{
  va_list args;

  g_assert_cmpuint (fixture->changes->len, ==, n_changes);

  va_start (args, n_changes);
  for (guint i = 0; i < n_changes; i++) {
    Change *change = &g_array_index (fixture->changes, Change, i);

    g_assert_cmpuint (change->position, ==, va_arg (args, guint));
    g_assert_cmpuint (change->removed, ==, va_arg (args, guint));
    g_assert_cmpuint (change->added, ==, va_arg (args, guint));
  }
  va_end (args);

  g_array_set_size (fixture->changes, 0);
}

static gint64
item_id (LecternArticleList *list,
         guint               position)
{
  g_autoptr (LecternArticle) article = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (article);
  return lectern_article_get_id (article);
}

static void
assert_items (LecternArticleList *list,
              guint               n_items,
              ...)
{
  va_list args;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_items);

  va_start (args, n_items);
  for (guint i = 0; i < n_items; i++) {
    gint64 id = va_arg (args, gint64);

    g_assert_cmpint (item_id (list, i), ==, id);
    g_assert_cmpuint (lectern_article_list_find (list, id), ==, i);
  }
  va_end (args);
}

static gint64
add_article (Fixture    *fixture,
             const char *title,
             gint64      saved_at,
             guint       minutes)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  article = lectern_test_article_new (title, "https://example.com/", "<p>x</p>");
  lectern_article_set_saved_at (article, saved_at);
  lectern_article_set_reading_minutes (article, minutes);
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  return id;
}

static void
set_flag (Fixture              *fixture,
          gint64                id,
          LecternArticleChange  change,
          gboolean              value)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lectern_article_store_set_flag (fixture->store, id, change, value, &error));
  g_assert_no_error (error);
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) again = NULL;
  guint n_items = 0;
  gint64 a, b, c;

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->list)) ==
                 LECTERN_TYPE_ARTICLE);
  assert_items (fixture->list, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->list), 0));

  a = add_article (fixture, "a", 200, 1);
  assert_changes (fixture, 1, 0, 0, 1);

  /* Newer: at the top. */
  b = add_article (fixture, "b", 300, 1);
  assert_changes (fixture, 1, 0, 0, 1);

  /* Older: at the bottom. */
  c = add_article (fixture, "c", 100, 1);
  assert_changes (fixture, 1, 2, 0, 1);

  assert_items (fixture->list, 3, b, a, c);
  g_assert_cmpuint (fixture->n_items_notifies, ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->list), 3));
  g_assert_cmpuint (lectern_article_list_find (fixture->list, 12345), ==, G_MAXUINT);

  /* The same position gives the same object while it is in use. */
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  again = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_true (first == again);
  g_assert_cmpstr (lectern_article_get_title (first), ==, "a");
  /* Rows get summaries, not bodies. */
  g_assert_null (lectern_article_get_body_html (first));

  g_object_get (fixture->list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 3);
}

static void
test_flag_moves_out (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 a = add_article (fixture, "a", 300, 1);
  gint64 b = add_article (fixture, "b", 200, 1);
  gint64 c = add_article (fixture, "c", 100, 1);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  assert_items (fixture->list, 3, a, b, c);

  /* Read: it leaves Unread, and only its row goes. */
  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  assert_changes (fixture, 1, 1, 1, 0);
  assert_items (fixture->list, 2, a, c);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, b), ==, G_MAXUINT);

  /* Starring does not move it in or out of Unread. */
  set_flag (fixture, a, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  assert_changes (fixture, 0);

  /* Archiving the last one, then marking the read one unread. */
  set_flag (fixture, c, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
  assert_changes (fixture, 1, 1, 1, 0);
  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_READ, FALSE);
  assert_changes (fixture, 1, 1, 0, 1);
  assert_items (fixture->list, 2, a, b);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_changed_in_place (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (LecternArticle) row = NULL;
  g_autoptr (LecternArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  guint starred_notifies = 0;
  guint progress_notifies = 0;
  gint64 a = add_article (fixture, "a", 200, 1);
  gint64 b = add_article (fixture, "b", 100, 1);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_cmpint (lectern_article_get_id (row), ==, b);
  g_signal_connect (row, "notify::starred", G_CALLBACK (notify_count_cb), &starred_notifies);
  g_signal_connect (row, "notify::progress", G_CALLBACK (notify_count_cb), &progress_notifies);

  /* The row's object is updated where it is; the list itself does not change. */
  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  g_assert_true (lectern_article_get_starred (row));
  g_assert_cmpuint (starred_notifies, ==, 1);
  assert_changes (fixture, 0);

  g_assert_true (lectern_article_store_set_progress (fixture->store, b, 0.4, "p:2", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lectern_article_get_progress (row), ==, 0.4);
  g_assert_cmpuint (progress_notifies, ==, 1);
  g_assert_cmpuint (starred_notifies, ==, 1);
  assert_changes (fixture, 0);

  again = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_true (again == row);
  g_assert_cmpint (item_id (fixture->list, 0), ==, a);
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternArticle) row = NULL;
  g_autoptr (LecternArticle) back = NULL;
  g_autoptr (GError) error = NULL;
  gint64 a = add_article (fixture, "a", 300, 1);
  gint64 b = add_article (fixture, "b", 200, 1);
  gint64 c = add_article (fixture, "c", 100, 1);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);

  g_assert_true (lectern_article_store_delete (fixture->store, b, &error));
  g_assert_no_error (error);
  assert_changes (fixture, 1, 1, 1, 0);
  assert_items (fixture->list, 2, a, c);

  /* Undo puts it back where it was, as the same object the row still holds. */
  g_assert_true (lectern_article_store_undelete (fixture->store, b, &error));
  g_assert_no_error (error);
  assert_changes (fixture, 1, 1, 0, 1);
  assert_items (fixture->list, 3, a, b, c);
  back = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_true (back == row);

  /* Deleting the first and the last. */
  g_assert_true (lectern_article_store_delete (fixture->store, a, &error));
  assert_changes (fixture, 1, 0, 1, 0);
  g_assert_true (lectern_article_store_delete (fixture->store, c, &error));
  assert_changes (fixture, 1, 1, 1, 0);
  assert_items (fixture->list, 1, b);

  /* Purging changes nothing that is shown. */
  g_assert_true (lectern_article_store_purge_deleted (fixture->store, &error));
  assert_changes (fixture, 0);
}

static void
test_filter_and_sort (Fixture       *fixture,
                      gconstpointer  data)
{
  guint filter_notifies = 0;
  guint sort_notifies = 0;
  gint64 a = add_article (fixture, "a", 300, 10);
  gint64 b = add_article (fixture, "b", 200, 2);
  gint64 c = add_article (fixture, "c", 100, 5);

  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  g_signal_connect (fixture->list, "notify::filter", G_CALLBACK (notify_count_cb),
                    &filter_notifies);
  g_signal_connect (fixture->list, "notify::sort", G_CALLBACK (notify_count_cb),
                    &sort_notifies);
  assert_items (fixture->list, 2, a, c);

  lectern_article_list_set_filter (fixture->list, LECTERN_FILTER_ARCHIVE);
  assert_changes (fixture, 1, 0, 2, 1);
  assert_items (fixture->list, 1, b);
  g_assert_cmpint (lectern_article_list_get_filter (fixture->list), ==, LECTERN_FILTER_ARCHIVE);
  g_assert_cmpuint (filter_notifies, ==, 1);

  /* Setting the same filter again does nothing. */
  lectern_article_list_set_filter (fixture->list, LECTERN_FILTER_ARCHIVE);
  assert_changes (fixture, 0);
  g_assert_cmpuint (filter_notifies, ==, 1);

  g_object_set (fixture->list, "filter", LECTERN_FILTER_ALL, NULL);
  assert_changes (fixture, 1, 0, 1, 3);
  assert_items (fixture->list, 3, a, b, c);

  lectern_article_list_set_sort (fixture->list, LECTERN_SORT_SHORTEST);
  assert_changes (fixture, 1, 0, 3, 3);
  assert_items (fixture->list, 3, b, c, a);
  g_assert_cmpint (lectern_article_list_get_sort (fixture->list), ==, LECTERN_SORT_SHORTEST);
  g_assert_cmpuint (sort_notifies, ==, 1);

  lectern_article_list_set_sort (fixture->list, LECTERN_SORT_LONGEST);
  assert_changes (fixture, 1, 0, 3, 3);
  assert_items (fixture->list, 3, a, c, b);

  g_assert_true (lectern_article_list_get_store (fixture->list) == fixture->store);
}

typedef struct {
  Fixture *fixture;
  gboolean done;
  guint n_items_in_callback;
} AsyncAdd;

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncAdd *add = user_data;
  g_autoptr (GError) error = NULL;

  lectern_article_store_add_finish (LECTERN_ARTICLE_STORE (source), result, &error);
  g_assert_no_error (error);
  add->n_items_in_callback = g_list_model_get_n_items (G_LIST_MODEL (add->fixture->list));
  add->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("Async", "https://a.example/",
                                                                 "");
  AsyncAdd add = { fixture, FALSE, 0 };

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));

  lectern_article_store_add_async (fixture->store, article, NULL, add_done_cb, &add);
  lectern_test_wait_until (add.done);

  /* The list had the article before the callback ran. */
  g_assert_cmpuint (add.n_items_in_callback, ==, 1);
  assert_changes (fixture, 1, 0, 0, 1);
  assert_items (fixture->list, 1, lectern_article_get_id (article));
}

static void
test_items_not_kept_alive (Fixture       *fixture,
                           gconstpointer  data)
{
  LecternArticle *row;
  gint64 a = add_article (fixture, "a", 100, 1);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));

  /* Once no row holds an article, it is freed: scrolling through a long list does not
   * keep every article in memory. Asking again loads it afresh.
   */
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_finalize_object (row);
  g_assert_cmpint (item_id (fixture->list, 0), ==, a);
}

static void
test_large (Fixture       *fixture,
            gconstpointer  data)
{
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (LecternArticle) row = NULL;
  g_autoptr (GError) error = NULL;
  const guint n = 100000;
  gint64 id;

  /* 100,000 articles in one transaction, straight through the database. */
  g_assert_true (lectern_database_begin (db, &error));
  stmt = lectern_database_prepare (db,
                                   "INSERT INTO articles (url, title, saved_at, updated_at,"
                                   " reading_minutes, word_count, excerpt)"
                                   " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)",
                                   &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++) {
    g_autofree char *url = g_strdup_printf ("https://example.com/%u", i);
    g_autofree char *title = g_strdup_printf ("Article %u", i);

    lectern_statement_bind_text (stmt, 0, url);
    lectern_statement_bind_text (stmt, 1, title);
    lectern_statement_bind_int64 (stmt, 2, 1000 + i);
    lectern_statement_bind_int64 (stmt, 3, i % 30);
    lectern_statement_bind_int64 (stmt, 4, i % 7000);
    lectern_statement_bind_text (stmt, 5, "An excerpt of two lines, as a row shows it.");
    g_assert_true (lectern_statement_run (stmt, &error));
    lectern_statement_reset (stmt);
  }
  g_clear_object (&stmt);
  g_assert_true (lectern_database_commit (db, &error));
  g_assert_no_error (error);

  /* The first few hundred at once, the others from another thread, added after them. */
  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), <, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), >=, 100);
  g_assert_cmpint (item_id (fixture->list, 0), ==, n);
  g_assert_true (lectern_article_list_is_loading (fixture->list));
  lectern_test_wait_until (!lectern_article_list_is_loading (fixture->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n);
  g_array_set_size (fixture->changes, 0);

  /* Articles are loaded when a row asks, not when the list opens: a title changed behind
   * the list's back after it opened is what the row gets.
   */
  g_assert_true (lectern_database_exec (db, "UPDATE articles SET title = 'Changed' "
                                            "WHERE id = 50000", &error));
  g_assert_no_error (error);
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), n - 50000);
  g_assert_cmpint (lectern_article_get_id (row), ==, 50000);
  g_assert_cmpstr (lectern_article_get_title (row), ==, "Changed");

  g_assert_cmpint (item_id (fixture->list, 0), ==, n);
  g_assert_cmpint (item_id (fixture->list, n - 1), ==, 1);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, 1), ==, n - 1);

  /* A new article: one row inserted at the top. */
  id = add_article (fixture, "new", 0, 3);
  assert_changes (fixture, 1, 0, 0, 1);
  g_assert_cmpint (item_id (fixture->list, 0), ==, id);

  /* Reading one in the middle removes just that row. */
  set_flag (fixture, 50000, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  assert_changes (fixture, 1, n - 50000 + 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n);

  /* A new sort: its first rows at once, in one change, the others in one more. */
  lectern_article_list_set_sort (fixture->list, LECTERN_SORT_LONGEST);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  lectern_test_wait_until (!lectern_article_list_is_loading (fixture->list));
  g_assert_cmpuint (fixture->changes->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n);
  g_assert_cmpint (item_id (fixture->list, 0), ==, 83999);

  /* A change while the others are read is in the list, whether the read saw it or not. */
  lectern_article_list_set_sort (fixture->list, LECTERN_SORT_NEWEST);
  g_assert_true (lectern_article_list_is_loading (fixture->list));
  set_flag (fixture, 2, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  lectern_test_wait_until (!lectern_article_list_is_loading (fixture->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n - 1);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, 2), ==, G_MAXUINT);
  g_assert_cmpint (item_id (fixture->list, n - 2), ==, 1);
}

/* Every filter and sort at once, each list compared with the ids the store lists afresh
 * after each change, and each change told as one items-changed over its one row (or over
 * the rows an article moved across).
 */
typedef struct {
  LecternArticleList *list;
  LecternFilter filter;
  LecternSort sort;
  GArray *changes;
} Watched;

static void
watched_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Watched    *watched)
{
  Change change = { position, removed, added };

  g_array_append_val (watched->changes, change);
}

static void
assert_lists_fresh (LecternArticleStore *store,
                    Watched             *watched,
                    guint                n_watched,
                    gboolean             moved)
{
  for (guint i = 0; i < n_watched; i++) {
    Watched *w = &watched[i];
    g_autoptr (GArray) fresh = NULL;
    g_autoptr (GError) error = NULL;
    guint n_items = g_list_model_get_n_items (G_LIST_MODEL (w->list));

    fresh = lectern_article_store_list_ids (store, w->filter, w->sort, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_items, ==, fresh->len);
    for (guint j = 0; j < fresh->len; j++)
      g_assert_cmpint (item_id (w->list, j), ==, g_array_index (fresh, gint64, j));

    /* One change, of one row, unless the article moved within the list. */
    g_assert_cmpuint (w->changes->len, <=, 1);
    if (w->changes->len == 1 && !moved) {
      Change *change = &g_array_index (w->changes, Change, 0);

      g_assert_cmpuint (change->removed + change->added, ==, 1);
    }
    g_array_set_size (w->changes, 0);
  }
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  Watched watched[LECTERN_N_FILTERS * 4];
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (LecternArticle) saved = NULL;
  g_autoptr (GError) error = NULL;
  guint n_watched = 0;
  gint64 pending;

  /* Times and lengths repeat, so ties fall back on the id as the store's order does. */
  for (guint i = 0; i < 24; i++) {
    gint64 id = add_article (fixture, "x", 1000 + (i * 7) % 5 * 100, (i * 5) % 4);

    g_array_append_val (ids, id);
  }
  set_flag (fixture, g_array_index (ids, gint64, 3), LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
  set_flag (fixture, g_array_index (ids, gint64, 4), LECTERN_ARTICLE_CHANGE_STARRED, TRUE);

  for (LecternFilter filter = 0; filter < LECTERN_N_FILTERS; filter++) {
    for (LecternSort sort = LECTERN_SORT_NEWEST; sort <= LECTERN_SORT_LONGEST; sort++) {
      Watched *w = &watched[n_watched++];

      w->list = lectern_article_list_new (fixture->store, filter, sort);
      w->filter = filter;
      w->sort = sort;
      w->changes = g_array_new (FALSE, FALSE, sizeof (Change));
      g_signal_connect (w->list, "items-changed", G_CALLBACK (watched_changed_cb), w);
      /* Rows on show, whose sort keys the list then knows. */
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (w->list)); j += 3)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (w->list), j));
    }
  }
  assert_lists_fresh (fixture->store, watched, n_watched, FALSE);

  /* Additions: newest, oldest, and among equal times. */
  add_article (fixture, "new", 5000, 9);
  assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
  add_article (fixture, "old", 10, 0);
  assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
  add_article (fixture, "tie", 1200, 2);
  assert_lists_fresh (fixture->store, watched, n_watched, FALSE);

  /* Flags: in and out of Unread, Favourites and Archive. */
  for (guint i = 0; i < ids->len; i += 5) {
    gint64 id = g_array_index (ids, gint64, i);

    set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_READ, TRUE);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_READ, FALSE);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_ARCHIVED, FALSE);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
  }

  /* Removal and its undo. */
  for (guint i = 1; i < ids->len; i += 6) {
    gint64 id = g_array_index (ids, gint64, i);

    g_assert_true (lectern_article_store_delete (fixture->store, id, &error));
    g_assert_no_error (error);
    assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    if (i % 4 == 1) {
      g_assert_true (lectern_article_store_undelete (fixture->store, id, &error));
      g_assert_no_error (error);
      assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
    }
  }

  /* A save that finishes gives the article its length: it moves in the length sorts. */
  pending = lectern_article_store_add_pending (fixture->store, "https://example.com/later",
                                               "https://example.com/later", &error);
  g_assert_no_error (error);
  assert_lists_fresh (fixture->store, watched, n_watched, FALSE);
  saved = lectern_test_article_new ("Later", "https://example.com/later", "<p>x</p>");
  lectern_article_set_reading_minutes (saved, 3);
  lectern_article_set_word_count (saved, 700);
  g_assert_true (lectern_article_store_finish_save (fixture->store, pending, saved, NULL,
                                                    &error));
  g_assert_no_error (error);
  assert_lists_fresh (fixture->store, watched, n_watched, TRUE);

  for (guint i = 0; i < n_watched; i++) {
    g_assert_finalize_object (watched[i].list);
    g_array_unref (watched[i].changes);
  }
}

static gint64
add_text_article (Fixture    *fixture,
                  const char *title,
                  const char *text,
                  gint64      saved_at)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://example.com/%s", title);
  g_autofree char *html = g_strdup_printf ("<p>%s</p>", text);
  gint64 id;

  article = lectern_test_article_new (title, url, html);
  lectern_article_set_plain_text (article, text);
  lectern_article_set_saved_at (article, saved_at);
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  return id;
}

/* Whether the list holds what the store's search gives for its query and filter. */
static gboolean
list_is_search (Fixture    *fixture,
                const char *text)
{
  g_autoptr (LecternQuery) query = lectern_query_parse (text);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  ids = lectern_article_store_search_ids (fixture->store, query,
                                          lectern_article_list_get_filter (fixture->list),
                                          lectern_article_list_get_sort (fixture->list), 0,
                                          &error);
  g_assert_no_error (error);
  if (ids->len != n_items)
    return FALSE;
  for (guint i = 0; i < n_items; i++)
    if (item_id (fixture->list, i) != g_array_index (ids, gint64, i))
      return FALSE;

  return TRUE;
}

/* No search of the list is under way: each holds a reference to it. */
#define searches_done(fixture) (G_OBJECT ((fixture)->list)->ref_count == 1)

static void
set_query (Fixture    *fixture,
           const char *text)
{
  g_autoptr (LecternQuery) query = text ? lectern_query_parse (text) : NULL;

  lectern_article_list_set_query (fixture->list, query);
}

static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (LecternArticle) row = NULL;
  g_autoptr (LecternArticle) title_row = NULL;
  g_autoptr (GError) error = NULL;
  const char *snippet;
  gint64 lighthouse = add_text_article (fixture, "Keepers",
                                        "The old lighthouse keeper wrote letters every night.",
                                        300);
  gint64 garden = add_text_article (fixture, "Gardens",
                                    "A garden of herbs grows by the harbour wall.", 200);
  gint64 in_title = add_text_article (fixture, "Lighthouse",
                                      "Nothing in this text names the tower.", 100);
  gint64 chinese = add_text_article (fixture, "模型",
                                     "大模型也开始免费开放，读者可以在图书馆里试用。", 50);

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));
  g_assert_null (lectern_article_list_get_query (fixture->list));

  /* The results replace the list in one change, once they come. */
  set_query (fixture, "lighthouse");
  g_assert_cmpstr (lectern_query_get_text (lectern_article_list_get_query (fixture->list)),
                   ==, "lighthouse");
  lectern_test_wait_until (fixture->changes->len > 0);
  lectern_test_wait_until (searches_done (fixture));
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_array_set_size (fixture->changes, 0);
  g_assert_true (list_is_search (fixture, "lighthouse"));
  g_assert_cmpuint (lectern_article_list_find (fixture->list, lighthouse), !=, G_MAXUINT);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, in_title), !=, G_MAXUINT);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, garden), ==, G_MAXUINT);

  /* Rows carry the text around the match, the match marked, read once the main loop is
   * idle; first asked, first read.
   */
  title_row = g_list_model_get_item (G_LIST_MODEL (fixture->list),
                                     lectern_article_list_find (fixture->list, in_title));
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list),
                               lectern_article_list_find (fixture->list, lighthouse));
  g_assert_null (lectern_article_get_snippet (row));
  lectern_test_wait_until (lectern_article_get_snippet (row) != NULL);
  snippet = lectern_article_get_snippet (row);
  g_assert_nonnull (strstr (snippet, LECTERN_SNIPPET_MATCH_START "lighthouse"
                                     LECTERN_SNIPPET_MATCH_END));
  /* A match in the title alone has no snippet. */
  g_assert_null (lectern_article_get_snippet (title_row));

  /* Newest wins: of two queries set one after the other, only the second is shown. */
  set_query (fixture, "garden");
  set_query (fixture, "模型");
  lectern_test_wait_until (searches_done (fixture));
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_array_set_size (fixture->changes, 0);
  g_assert_true (list_is_search (fixture, "模型"));
  assert_items (fixture->list, 1, chinese);

  /* A row kept from an earlier query gets the snippet of the new one when asked again. */
  set_query (fixture, "letters lighthouse");
  lectern_test_wait_until (searches_done (fixture));
  g_array_set_size (fixture->changes, 0);
  g_assert_true (list_is_search (fixture, "letters lighthouse"));
  assert_items (fixture->list, 1, lighthouse);
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  lectern_test_wait_until (lectern_article_get_snippet (row) != NULL);
  g_assert_nonnull (strstr (lectern_article_get_snippet (row),
                            LECTERN_SNIPPET_MATCH_START "letters" LECTERN_SNIPPET_MATCH_END));

  /* The same query again changes nothing. */
  set_query (fixture, "letters lighthouse");
  g_assert_true (searches_done (fixture));

  /* No query: the filter's articles in the sort again, at once. */
  set_query (fixture, NULL);
  assert_changes (fixture, 1, 1, 0, 3);
  assert_items (fixture->list, 4, lighthouse, garden, in_title, chinese);
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_null (lectern_article_get_snippet (row));
}

static void
test_query_filter_and_changes (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 a = add_text_article (fixture, "a", "Notes on the harbour at dawn.", 300);
  gint64 b = add_text_article (fixture, "b", "The harbour master keeps a log.", 200);
  gint64 c = add_text_article (fixture, "c", "Boats leave the harbour at noon.", 100);
  gint64 d;

  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_READ, TRUE);

  /* Under Unread, the read match is not in the results. */
  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  set_query (fixture, "harbour");
  lectern_test_wait_until (searches_done (fixture));
  g_array_set_size (fixture->changes, 0);
  g_assert_true (list_is_search (fixture, "harbour"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, b), ==, G_MAXUINT);

  /* A burst of changes runs the search again once. */
  d = add_text_article (fixture, "d", "A new harbour opens.", 400);
  set_flag (fixture, a, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_READ, FALSE);
  lectern_test_wait_until (searches_done (fixture) &&
                           lectern_article_list_find (fixture->list, d) != G_MAXUINT);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_array_set_size (fixture->changes, 0);
  g_assert_true (list_is_search (fixture, "harbour"));
  g_assert_cmpuint (lectern_article_list_find (fixture->list, a), ==, G_MAXUINT);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, b), !=, G_MAXUINT);

  /* A deleted result goes at once, before the search runs again. */
  g_assert_true (lectern_article_store_delete (fixture->store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_article_list_find (fixture->list, c), ==, G_MAXUINT);
  lectern_test_wait_until (searches_done (fixture));
  g_assert_true (list_is_search (fixture, "harbour"));

  /* A new filter searches again under it. */
  g_array_set_size (fixture->changes, 0);
  lectern_article_list_set_filter (fixture->list, LECTERN_FILTER_ALL);
  lectern_test_wait_until (searches_done (fixture));
  g_assert_true (list_is_search (fixture, "harbour"));
  g_assert_cmpuint (lectern_article_list_find (fixture->list, a), !=, G_MAXUINT);

  /* Any text is a query: the worst is no results. */
  for (guint i = 0; i < 4; i++) {
    const char *hostile[] = { "\"NEAR(", "* AND -", "\"\"\"", "-" };

    set_query (fixture, hostile[i]);
    lectern_test_wait_until (searches_done (fixture));
    g_assert_true (list_is_search (fixture, hostile[i]));
  }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n_notifies)
{
  (*n_notifies)++;
}

/* Many matches: the first few hundred come first, in their final places, and the others
 * are added after them; the list only grows, and it ends as the store's whole search.
 */
static void
test_query_first_results (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (LecternArticle) first = NULL;
  guint n_loading = 0;
  guint first_len;

  for (guint i = 0; i < 1200; i++) {
    g_autofree char *title = g_strdup_printf ("note%u", i);

    add_text_article (fixture, title, i % 7 ? "The harbour at dawn." : "The harbour, the harbour.",
                      i);
  }

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));
  lectern_test_wait_until (!lectern_article_list_is_loading (fixture->list));
  g_signal_connect (fixture->list, "notify::loading", G_CALLBACK (count_notify),
                    &n_loading);
  g_array_set_size (fixture->changes, 0);

  set_query (fixture, "harbour");
  g_assert_true (lectern_article_list_is_loading (fixture->list));
  lectern_test_wait_until (fixture->changes->len > 0);
  first_len = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpuint (first_len, <, 1200);
  g_array_set_size (fixture->changes, 0);

  lectern_test_wait_until (!lectern_article_list_is_loading (fixture->list));
  lectern_test_wait_until (searches_done (fixture));
  g_assert_cmpuint (n_loading, ==, 2);
  assert_changes (fixture, 1, first_len, 0, 1200 - first_len);
  g_assert_true (list_is_search (fixture, "harbour"));
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (fixture->list), 0) == (gpointer)first);
  g_object_unref (first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/article-list/add", test_add);
  ADD ("/core/article-list/flag-moves-out", test_flag_moves_out);
  ADD ("/core/article-list/changed-in-place", test_changed_in_place);
  ADD ("/core/article-list/delete-undo", test_delete_undo);
  ADD ("/core/article-list/filter-and-sort", test_filter_and_sort);
  ADD ("/core/article-list/async", test_async);
  ADD ("/core/article-list/items-not-kept-alive", test_items_not_kept_alive);
  ADD ("/core/article-list/large", test_large);
  ADD ("/core/article-list/incremental", test_incremental);
  ADD ("/core/article-list/query", test_query);
  ADD ("/core/article-list/query-filter-and-changes", test_query_filter_and_changes);
  ADD ("/core/article-list/query-first-results", test_query_first_results);

#undef ADD

  return g_test_run ();
}
