/* test-external-change.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-list.h"
#include "lectern-article-store.h"
#include "lectern-test-utils.h"

/* The window's store notices what another store changed in the same library: another
 * process (`lectern --save` from a script), as far as SQLite can tell, since each store
 * has connections of its own.
 */

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct {
  char *dir;
  char *path;
  /* The window's store and its list. */
  LecternArticleStore *store;
  LecternArticleList *list;
  /* Another process's store on the same file. */
  LecternArticleStore *other;
  GArray *changes;
  guint n_external;
  guint n_added;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
external_change_cb (LecternArticleStore *store,
                    Fixture             *fixture)
{
  fixture->n_external++;
}

static void
article_added_cb (LecternArticleStore *store,
                  gint64               id,
                  Fixture             *fixture)
{
  fixture->n_added++;
}

static void
watch_list (Fixture            *fixture,
            LecternArticleList *list)
{
  g_clear_object (&fixture->list);
  fixture->list = list;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
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
  fixture->other = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "external-change", G_CALLBACK (external_change_cb), fixture);
  g_signal_connect (fixture->store, "article-added", G_CALLBACK (article_added_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->list);
  lectern_article_store_close (fixture->other);
  lectern_test_finalize_object (fixture->other);
  lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (fixture->store);
  g_array_unref (fixture->changes);
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
add_article (LecternArticleStore *store,
             const char          *name,
             gint64               saved_at)
{
  g_autofree char *url = g_strdup_printf ("https://example.com/%s", name);
  g_autoptr (LecternArticle) article = lectern_test_article_new (name, url, "<p>Text.</p>");
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_article_set_saved_at (article, saved_at);
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  return id;
}

static void
assert_change (Fixture *fixture,
               guint    position,
               guint    removed,
               guint    added)
{
  Change *change;

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

static void
test_nothing_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  add_article (fixture->store, "a", 100);
  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));

  /* Checking again and again costs nothing and says nothing when nobody wrote. */
  for (guint i = 0; i < 3; i++)
    g_assert_false (lectern_article_store_check_external_change (fixture->store));
  g_assert_cmpuint (fixture->n_external, ==, 0);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
own_write_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  lectern_article_store_add_finish (LECTERN_ARTICLE_STORE (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
test_own_writes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("async", "https://a.example/",
                                                                 "<p>Text.</p>");
  gboolean done = FALSE;

  /* The store's own writes have their own signals; they are no external change. */
  add_article (fixture->store, "sync", 100);
  lectern_article_store_add_async (fixture->store, article, NULL, own_write_done_cb, &done);
  lectern_test_wait_until (done);
  g_assert_cmpuint (fixture->n_added, ==, 2);

  g_assert_false (lectern_article_store_check_external_change (fixture->store));
  g_assert_cmpuint (fixture->n_external, ==, 0);
}

static void
test_other_adds (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 old = add_article (fixture->store, "old", 100);
  g_autoptr (LecternArticle) held = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) second = NULL;
  gint64 id;

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));
  held = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);

  id = add_article (fixture->other, "new", 200);
  /* Nothing happens by itself: the check is what notices. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  g_assert_true (lectern_article_store_check_external_change (fixture->store));
  g_assert_cmpuint (fixture->n_external, ==, 1);
  /* One row at the top, and the article held stays the same object. */
  assert_change (fixture, 0, 0, 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpint (lectern_article_get_id (first), ==, id);
  second = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_true (second == held);
  g_assert_cmpint (lectern_article_get_id (held), ==, old);

  /* Seen once, it is no change any more. */
  g_assert_false (lectern_article_store_check_external_change (fixture->store));
  g_assert_cmpuint (fixture->n_external, ==, 1);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
test_other_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 a = add_article (fixture->store, "a", 100);
  gint64 b = add_article (fixture->store, "b", 200);
  g_autoptr (LecternArticle) held_a = NULL;
  g_autoptr (LecternArticle) held_b = NULL;
  g_autoptr (GError) error = NULL;

  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_UNREAD,
                                                 LECTERN_SORT_NEWEST));
  held_b = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  held_a = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_cmpint (lectern_article_get_id (held_a), ==, a);

  /* The other process stars b and reads a. */
  g_assert_true (lectern_article_store_set_flag (fixture->other, b,
                                                 LECTERN_ARTICLE_CHANGE_STARRED, TRUE, &error));
  g_assert_true (lectern_article_store_set_flag (fixture->other, a,
                                                 LECTERN_ARTICLE_CHANGE_READ, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (lectern_article_store_check_external_change (fixture->store));
  /* Rows on show are updated in place; a leaves the unread list. */
  g_assert_true (lectern_article_get_starred (held_b));
  g_assert_true (lectern_article_get_is_read (held_a));
  assert_change (fixture, 1, 1, 0);
  g_assert_cmpuint (lectern_article_store_count (fixture->store, LECTERN_FILTER_UNREAD, NULL),
                    ==, 1);
}

static void
test_other_deletes (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 a = add_article (fixture->store, "a", 100);
  g_autoptr (GError) error = NULL;

  add_article (fixture->store, "b", 200);
  watch_list (fixture, lectern_article_list_new (fixture->store, LECTERN_FILTER_ALL,
                                                 LECTERN_SORT_NEWEST));

  g_assert_true (lectern_article_store_delete (fixture->other, a, &error));
  g_assert_true (lectern_article_store_purge_deleted (fixture->other, &error));
  g_assert_no_error (error);

  g_assert_true (lectern_article_store_check_external_change (fixture->store));
  assert_change (fixture, 1, 1, 0);
}

static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  add_article (fixture->other, "a", 100);
  lectern_article_store_close (fixture->store);

  /* A closed store has nothing to show: no change, no signal. */
  g_assert_false (lectern_article_store_check_external_change (fixture->store));
  g_assert_cmpuint (fixture->n_external, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/external-change/nothing-changed", test_nothing_changed);
  ADD ("/core/external-change/own-writes", test_own_writes);
  ADD ("/core/external-change/other-adds", test_other_adds);
  ADD ("/core/external-change/other-changes", test_other_changes);
  ADD ("/core/external-change/other-deletes", test_other_deletes);
  ADD ("/core/external-change/closed", test_closed);

  return g_test_run ();
}
