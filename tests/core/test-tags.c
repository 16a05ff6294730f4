/* test-tags.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-fetcher.h"
#include "lectern-saver.h"
#include "lectern-tag.h"
#include "lectern-test-utils.h"

#include <string.h>

/* Tag names, and tags in the store: case-insensitive and NFC, counts under the
 * sidebar's filters, rename with merge, delete with Undo, tags given when saving.
 */

typedef struct {
  char *dir;
  char *path;
  LecternArticleStore *store;
  guint n_tags_changed;
  GArray *changed;
} Fixture;

static void
tags_changed_cb (LecternArticleStore *store,
                 Fixture             *fixture)
{
  fixture->n_tags_changed++;
}

static void
article_changed_cb (LecternArticleStore *store,
                    gint64               id,
                    Fixture             *fixture)
{
  g_array_append_val (fixture->changed, id);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (fixture->store, "tags-changed", G_CALLBACK (tags_changed_cb), fixture);
  g_signal_connect (fixture->store, "article-changed", G_CALLBACK (article_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_array_unref (fixture->changed);
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
add_article (Fixture    *fixture,
             const char *title)
{
  g_autofree char *url = g_strdup_printf ("https://tags.example/%s", title);
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, "Some text.");
  g_autoptr (GError) error = NULL;
  gint64 id = lectern_article_store_add (fixture->store, article, &error);

  g_assert_no_error (error);
  return id;
}

/* The article's tags as "a, b". */
static char *
tags_of (Fixture *fixture,
         gint64   id)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = lectern_article_store_get_tags (fixture->store, id, &error);

  g_assert_no_error (error);
  return g_strjoinv (", ", tags);
}

/* The tags as the sidebar lists them: "a 1, b 2". */
static char *
list_of (Fixture       *fixture,
         LecternFilter  filter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tags = lectern_article_store_list_tags (fixture->store, filter, &error);
  g_autoptr (GString) list = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < tags->len; i++) {
    LecternTagCount *tag = g_ptr_array_index (tags, i);

    g_string_append_printf (list, "%s%s %u", i > 0 ? ", " : "", tag->name, tag->count);
  }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

#define assert_tags(fixture, id, expected) \
  G_STMT_START { \
    g_autofree char *tags_ = tags_of ((fixture), (id)); \
    g_assert_cmpstr (tags_, ==, (expected)); \
  } G_STMT_END

#define assert_list(fixture, filter, expected) \
  G_STMT_START { \
    g_autofree char *list_ = list_of ((fixture), (filter)); \
    g_assert_cmpstr (list_, ==, (expected)); \
  } G_STMT_END

/* The counts the store keeps, against a count of the library itself. */
#define EXACT_COUNTS \
  "SELECT at.tag_id, count (*)," \
  " count (*) FILTER (WHERE a.read_at IS NULL AND a.archived = 0)," \
  " count (*) FILTER (WHERE a.starred = 1), count (*) FILTER (WHERE a.archived = 1)" \
  " FROM article_tags AS at JOIN articles AS a ON a.id = at.article_id" \
  " WHERE a.deleted_at IS NULL GROUP BY at.tag_id"
#define KEPT_COUNTS \
  "SELECT tag_id, n_all, n_unread, n_favourites, n_archive FROM tag_counts WHERE n_all > 0"

static void
assert_counts_exact (Fixture *fixture)
{
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);

  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM (" EXACT_COUNTS
                                               " EXCEPT " KEPT_COUNTS ")"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM (" KEPT_COUNTS
                                               " EXCEPT " EXACT_COUNTS ")"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM tag_counts"
                                               " WHERE n_all < 0 OR n_unread < 0"
                                               " OR n_favourites < 0 OR n_archive < 0"), ==, 0);
}

static void
test_normalize (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) long_name = g_string_new (NULL);
  g_autofree char *trimmed = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *longest = NULL;
  g_autofree char *too_long = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *newline = NULL;
  g_autofree char *tab = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  g_autofree char *key_c = NULL;
  g_autofree char *key_d = NULL;

  /* Trimmed of any white space, the no-break space of a pasted name too. */
  trimmed = lectern_tag_normalize ("  \xc2\xa0Reading list\t ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trimmed, ==, "Reading list");

  /* "Café" typed with a combining accent is stored composed. */
  composed = lectern_tag_normalize ("Cafe\xcc\x81", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (composed, ==, "Caf\xc3\xa9");

  /* 100 characters are fine, whatever their bytes; 101 are not. */
  for (guint i = 0; i < 100; i++)
    g_string_append (long_name, "标");
  longest = lectern_tag_normalize (long_name->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (longest, -1), ==, 100);
  g_string_append (long_name, "x");
  too_long = lectern_tag_normalize (long_name->str, &error);
  g_assert_null (too_long);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "100"));
  g_clear_error (&error);

  empty = lectern_tag_normalize ("", &error);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY);
  g_clear_error (&error);
  blank = lectern_tag_normalize (" \t\n ", &error);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY);
  g_assert_null (blank);
  g_clear_error (&error);

  newline = lectern_tag_normalize ("two\nlines", &error);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID);
  g_assert_null (newline);
  g_clear_error (&error);
  tab = lectern_tag_normalize ("a\tb", &error);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID);
  g_clear_error (&error);
  invalid = lectern_tag_normalize ("bad \xff bytes", &error);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID);
  g_clear_error (&error);

  /* One key for every case and every way of writing the same letters. */
  key_a = lectern_tag_key ("Café");
  key_b = lectern_tag_key (" CAFE\xcc\x81 ");
  key_c = lectern_tag_key ("café");
  key_d = lectern_tag_key ("cafe");
  g_assert_cmpstr (key_a, ==, key_b);
  g_assert_cmpstr (key_a, ==, key_c);
  g_assert_cmpstr (key_a, !=, key_d);
}

/* Tags compare without case: the first spelling stays, and counts follow the filters. */
static void
test_set_and_list (Fixture       *fixture,
                   gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *first[] = { "Rust", "reading list", "rust", NULL };
  const char *second[] = { "RUST", "Bread", NULL };
  const char *bad[] = { "fine", "", NULL };
  const char *none[] = { NULL };
  gint64 a, b, c;

  a = add_article (fixture, "a");
  b = add_article (fixture, "b");
  c = add_article (fixture, "c");

  g_assert_true (lectern_article_store_set_tags (store, a, first, &error));
  g_assert_no_error (error);
  assert_tags (fixture, a, "reading list, Rust");
  g_assert_cmpuint (fixture->n_tags_changed, ==, 1);
  g_assert_cmpuint (fixture->changed->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->changed, gint64, 0), ==, a);

  g_assert_true (lectern_article_store_set_tags (store, b, second, &error));
  g_assert_no_error (error);
  assert_tags (fixture, b, "Bread, Rust");
  assert_tags (fixture, c, "");

  /* The same set again changes nothing and says nothing. */
  g_assert_true (lectern_article_store_set_tags (store, b, second, &error));
  g_assert_cmpuint (fixture->n_tags_changed, ==, 2);

  /* A bad name refuses the whole set, with a message, and keeps the tags. */
  g_assert_false (lectern_article_store_set_tags (store, b, bad, &error));
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  assert_tags (fixture, b, "Bread, Rust");

  /* In the order of the language (the tests run in the C locale), whatever the case,
   * with their counts.
   */
  assert_list (fixture, LECTERN_FILTER_ALL, "Bread 1, reading list 1, Rust 2");

  g_assert_true (lectern_article_store_set_flag (store, a, LECTERN_ARTICLE_CHANGE_READ, TRUE,
                                                 &error));
  g_assert_true (lectern_article_store_set_flag (store, b, LECTERN_ARTICLE_CHANGE_STARRED, TRUE,
                                                 &error));
  g_assert_no_error (error);
  assert_list (fixture, LECTERN_FILTER_UNREAD, "Bread 1, reading list 0, Rust 1");
  assert_list (fixture, LECTERN_FILTER_FAVOURITES, "Bread 1, reading list 0, Rust 1");
  assert_list (fixture, LECTERN_FILTER_ARCHIVE, "Bread 0, reading list 0, Rust 0");
  assert_counts_exact (fixture);
  /* A flag of a tagged article changes the counts. */
  g_assert_cmpuint (fixture->n_tags_changed, ==, 4);

  /* A deleted article's tags do not count, and come back with it. */
  g_assert_true (lectern_article_store_delete (store, b, &error));
  g_assert_no_error (error);
  assert_list (fixture, LECTERN_FILTER_ALL, "reading list 1, Rust 1");
  assert_counts_exact (fixture);
  g_assert_true (lectern_article_store_undelete (store, b, &error));
  g_assert_no_error (error);
  assert_tags (fixture, b, "Bread, Rust");

  /* Taking every tag away forgets the tags nobody has. */
  g_assert_true (lectern_article_store_set_tags (store, b, none, &error));
  g_assert_true (lectern_article_store_set_tags (store, a, NULL, &error));
  g_assert_no_error (error);
  assert_list (fixture, LECTERN_FILTER_ALL, "");
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT count(*) FROM tags"), ==, 0);

  /* An article that is not there has no tags to get or set. */
  g_assert_null (lectern_article_store_get_tags (store, 999, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lectern_article_store_set_tags (store, 999, first, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* add_tags keeps what is there. */
  g_assert_true (lectern_article_store_add_tags (store, c, first, &error));
  g_assert_true (lectern_article_store_add_tags (store, c, second, &error));
  g_assert_no_error (error);
  assert_tags (fixture, c, "Bread, reading list, Rust");
  assert_counts_exact (fixture);
}

/* Renaming changes every article's tag; into an existing tag, the two become one. */
static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *a_tags[] = { "recipes", "Baking", NULL };
  const char *b_tags[] = { "Cooking", NULL };
  gint64 a, b;

  a = add_article (fixture, "a");
  b = add_article (fixture, "b");
  g_assert_true (lectern_article_store_set_tags (store, a, a_tags, &error));
  g_assert_true (lectern_article_store_set_tags (store, b, b_tags, &error));
  g_assert_no_error (error);

  /* Only the case: the same tag, spelt anew. */
  g_array_set_size (fixture->changed, 0);
  g_assert_true (lectern_article_store_rename_tag (store, "RECIPES", "Recipes", &error));
  g_assert_no_error (error);
  assert_tags (fixture, a, "Baking, Recipes");
  g_assert_cmpuint (fixture->changed->len, ==, 1);

  /* Into another tag: one tag, with the other's name, on both articles. */
  g_assert_true (lectern_article_store_rename_tag (store, "recipes", "cooking", &error));
  g_assert_no_error (error);
  assert_tags (fixture, a, "Baking, Cooking");
  assert_tags (fixture, b, "Cooking");
  assert_list (fixture, LECTERN_FILTER_ALL, "Baking 1, Cooking 2");

  g_assert_false (lectern_article_store_rename_tag (store, "nothing", "x", &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lectern_article_store_rename_tag (store, "Baking", "\n", &error));
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY);
  g_clear_error (&error);
  assert_list (fixture, LECTERN_FILTER_ALL, "Baking 1, Cooking 2");
  assert_counts_exact (fixture);
}

typedef struct {
  GArray *ids;
  GError *error;
  gboolean done;
} Deleted;

static void
tag_deleted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Deleted *deleted = user_data;

  deleted->ids = lectern_article_store_delete_tag_finish (LECTERN_ARTICLE_STORE (object), result,
                                                          &deleted->error);
  deleted->done = TRUE;
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result,
                                                     &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* Deleting a tag takes it from every article; Undo gives it back to the same ones. */
static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *tags[] = { "Later", "Work", NULL };
  Deleted deleted = { NULL, NULL, FALSE };
  gboolean restored = FALSE;
  gboolean set = FALSE;
  gint64 a, b, c;

  a = add_article (fixture, "a");
  b = add_article (fixture, "b");
  c = add_article (fixture, "c");

  lectern_article_store_set_tags_async (store, a, tags, NULL, written_cb, &set);
  lectern_test_wait_until (set);
  g_assert_true (lectern_article_store_set_tags (store, c, tags, &error));
  g_assert_no_error (error);
  assert_tags (fixture, a, "Later, Work");

  g_array_set_size (fixture->changed, 0);
  lectern_article_store_delete_tag_async (store, "later", NULL, tag_deleted_cb, &deleted);
  lectern_test_wait_until (deleted.done);
  g_assert_no_error (deleted.error);
  g_assert_cmpuint (deleted.ids->len, ==, 2);
  g_assert_cmpint (g_array_index (deleted.ids, gint64, 0), ==, a);
  g_assert_cmpint (g_array_index (deleted.ids, gint64, 1), ==, c);
  g_assert_cmpuint (fixture->changed->len, ==, 2);
  assert_tags (fixture, a, "Work");
  assert_list (fixture, LECTERN_FILTER_ALL, "Work 2");

  /* Undo, after one of the articles was deleted for good meanwhile. */
  g_assert_true (lectern_article_store_discard (store, c, &error));
  g_assert_no_error (error);
  lectern_article_store_restore_tag_async (store, "Later", deleted.ids, NULL, written_cb,
                                           &restored);
  lectern_test_wait_until (restored);
  assert_tags (fixture, a, "Later, Work");
  assert_tags (fixture, b, "");
  assert_list (fixture, LECTERN_FILTER_ALL, "Later 1, Work 1");
  assert_counts_exact (fixture);

  g_assert_false (lectern_article_store_delete_tag (store, "nothing", NULL, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_array_unref (deleted.ids);
}

/* Tags given with a link stay with its row whatever becomes of the save. */
static void
test_pending_keeps_tags (Fixture       *fixture,
                         gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *tags[] = { "To read", "to READ", NULL };
  const char *bad[] = { "a\x01", NULL };
  gint64 id;

  id = lectern_article_store_add_pending_with_tags (store, "https://p.example/",
                                                    "https://p.example/", tags, &error);
  g_assert_no_error (error);
  assert_tags (fixture, id, "To read");

  g_assert_true (lectern_article_store_fail_save (store, id, "The server did not answer",
                                                  &error));
  g_assert_no_error (error);
  assert_tags (fixture, id, "To read");
  assert_list (fixture, LECTERN_FILTER_ALL, "To read 1");

  /* A bad tag name adds no row at all. */
  g_assert_cmpint (lectern_article_store_add_pending_with_tags (store, "https://q.example/",
                                                                "https://q.example/", bad,
                                                                &error), ==, 0);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, &error), ==, 1);
}

typedef struct {
  gint64 id;
  GError *error;
  gboolean done;
} Saved;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saved *saved = user_data;

  saved->id = lectern_saver_save_finish (LECTERN_SAVER (object), result, NULL, &saved->error);
  saved->done = TRUE;
}

/* The saver refuses a bad tag name before anything is stored, and a save that fails
 * leaves its row with its tags.
 */
static void
test_saver_tags (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternFetcher) fetcher = lectern_fetcher_new ();
  g_autoptr (LecternSaver) saver = lectern_saver_new (fixture->store, fetcher);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  const char *bad[] = { "ok", "  ", NULL };
  const char *good[] = { "Offline", NULL };
  Saved refused = { 0, NULL, FALSE };
  Saved failed = { 0, NULL, FALSE };

  lectern_saver_save_url_with_tags_async (saver, "https://refused.example/", bad, NULL,
                                          saved_cb, &refused);
  lectern_test_wait_until (refused.done);
  g_assert_error (refused.error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY);
  g_clear_error (&refused.error);
  g_assert_cmpuint (lectern_article_store_count (fixture->store, LECTERN_FILTER_ALL, &error),
                    ==, 0);

  /* Port 9 on this machine: nothing listens, the save fails at once. */
  lectern_saver_save_url_with_tags_async (saver, "http://127.0.0.1:9/page", good, NULL,
                                          saved_cb, &failed);
  lectern_test_wait_until (failed.done);
  g_assert_nonnull (failed.error);
  g_clear_error (&failed.error);

  ids = lectern_article_store_list_ids (fixture->store, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  assert_tags (fixture, g_array_index (ids, gint64, 0), "Offline");

  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);
  lectern_article_store_flush (fixture->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/core/tags/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/core/tags/normalize", test_normalize);
  ADD ("set-and-list", test_set_and_list);
  ADD ("rename", test_rename);
  ADD ("delete-and-undo", test_delete_and_undo);
  ADD ("pending-keeps-tags", test_pending_keeps_tags);
  ADD ("saver", test_saver_tags);

#undef ADD

  return g_test_run ();
}
