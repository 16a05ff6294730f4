/* test-article-store.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define FIVE_MB (5 * 1024 * 1024)

static GThread *main_thread;

typedef struct {
  guint signal;
  gint64 id;
} Event;

enum {
  ADDED,
  CHANGED,
  REMOVED,
};

typedef struct {
  char *dir;
  char *path;
  LecternArticleStore *store;
  GArray *events;
} Fixture;

static void
record (Fixture *fixture,
        guint    signal,
        gint64   id)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  Event event = { signal, id };

  /* Signals come on the main thread, even for writes done on the worker... */
  g_assert_true (g_thread_self () == main_thread);

  /* ...and after the commit: the reader, a separate connection, already sees the change. */
  article = lectern_article_store_get_summary (fixture->store, id, &error);
  if (signal == REMOVED) {
    g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  } else {
    g_assert_no_error (error);
    g_assert_cmpint (lectern_article_get_id (article), ==, id);
  }

  g_array_append_val (fixture->events, event);
}

static void
article_added_cb (LecternArticleStore *store,
                  gint64               id,
                  Fixture             *fixture)
{
  record (fixture, ADDED, id);
}

static void
article_changed_cb (LecternArticleStore *store,
                    gint64               id,
                    Fixture             *fixture)
{
  record (fixture, CHANGED, id);
}

static void
article_removed_cb (LecternArticleStore *store,
                    gint64               id,
                    Fixture             *fixture)
{
  record (fixture, REMOVED, id);
}

static void
open_store (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  g_signal_connect (fixture->store, "article-added", G_CALLBACK (article_added_cb), fixture);
  g_signal_connect (fixture->store, "article-changed", G_CALLBACK (article_changed_cb), fixture);
  g_signal_connect (fixture->store, "article-removed", G_CALLBACK (article_removed_cb), fixture);
}

static void
close_store (Fixture *fixture)
{
  if (fixture->store)
    lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (g_steal_pointer (&fixture->store));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->events = g_array_new (FALSE, FALSE, sizeof (Event));

  /* Tests that prepare the file themselves open the store later. */
  if (data == NULL)
    open_store (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store)
    close_store (fixture);
  lectern_test_rm_rf (fixture->dir);
  g_array_unref (fixture->events);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
assert_events (Fixture *fixture,
               guint    n_events,
               ...)
{
  va_list args;

  g_assert_cmpuint (fixture->events->len, ==, n_events);

  va_start (args, n_events);
  for (guint i = 0; i < n_events; i++) {
    guint signal = va_arg (args, guint);
    gint64 id = va_arg (args, gint64);
    Event *event = &g_array_index (fixture->events, Event, i);

    g_assert_cmpuint (event->signal, ==, signal);
    g_assert_cmpint (event->id, ==, id);
  }
  va_end (args);

  g_array_set_size (fixture->events, 0);
}

static gint64
add_article (Fixture    *fixture,
             const char *title,
             gint64      saved_at,
             guint       minutes,
             guint       words)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://example.com/%s", title);
  gint64 id;

  article = lectern_test_article_new (title, url, "<p>Body</p>");
  lectern_article_set_saved_at (article, saved_at);
  lectern_article_set_reading_minutes (article, minutes);
  lectern_article_set_word_count (article, words);

  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (lectern_article_get_id (article), ==, id);
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

static LecternArticle *
get_article (Fixture *fixture,
             gint64   id)
{
  g_autoptr (GError) error = NULL;
  LecternArticle *article;

  article = lectern_article_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);
  return article;
}

static void
assert_list (Fixture       *fixture,
             LecternFilter  filter,
             LecternSort    sort,
             guint          n_ids,
             ...)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (GError) error = NULL;
  va_list args;

  ids = lectern_article_store_list_ids (fixture->store, filter, sort, &error);
  g_assert_no_error (error);
  articles = lectern_article_store_list (fixture->store, filter, sort, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ids->len, ==, n_ids);
  g_assert_cmpuint (articles->len, ==, n_ids);
  g_assert_cmpuint (lectern_article_store_count (fixture->store, filter, &error), ==, n_ids);
  g_assert_no_error (error);

  va_start (args, n_ids);
  for (guint i = 0; i < n_ids; i++) {
    gint64 id = va_arg (args, gint64);
    LecternArticle *article = g_ptr_array_index (articles, i);

    g_assert_cmpint (g_array_index (ids, gint64, i), ==, id);
    g_assert_cmpint (lectern_article_get_id (article), ==, id);
    /* Lists carry summaries, never the bodies. */
    g_assert_null (lectern_article_get_body_html (article));
  }
  va_end (args);
}

static void
assert_counts (Fixture *fixture,
               guint    unread,
               guint    favourites,
               guint    archive,
               guint    all)
{
  g_autoptr (GError) error = NULL;
  guint counts[LECTERN_N_FILTERS];

  g_assert_true (lectern_article_store_counts (fixture->store, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[LECTERN_FILTER_UNREAD], ==, unread);
  g_assert_cmpuint (counts[LECTERN_FILTER_FAVOURITES], ==, favourites);
  g_assert_cmpuint (counts[LECTERN_FILTER_ARCHIVE], ==, archive);
  g_assert_cmpuint (counts[LECTERN_FILTER_ALL], ==, all);
}

static void
assert_articles_equal (LecternArticle *a,
                       LecternArticle *b,
                       gboolean        bodies)
{
  g_assert_cmpint (lectern_article_get_id (a), ==, lectern_article_get_id (b));
  g_assert_cmpstr (lectern_article_get_url (a), ==, lectern_article_get_url (b));
  g_assert_cmpstr (lectern_article_get_canonical_url (a), ==,
                   lectern_article_get_canonical_url (b));
  g_assert_cmpstr (lectern_article_get_title (a), ==, lectern_article_get_title (b));
  g_assert_cmpstr (lectern_article_get_byline (a), ==, lectern_article_get_byline (b));
  g_assert_cmpstr (lectern_article_get_site_name (a), ==, lectern_article_get_site_name (b));
  g_assert_cmpstr (lectern_article_get_language (a), ==, lectern_article_get_language (b));
  g_assert_cmpint (lectern_article_get_direction (a), ==, lectern_article_get_direction (b));
  g_assert_cmpstr (lectern_article_get_excerpt (a), ==, lectern_article_get_excerpt (b));
  g_assert_cmpstr (lectern_article_get_lead_image (a), ==, lectern_article_get_lead_image (b));
  g_assert_cmpint (lectern_article_get_published_at (a), ==,
                   lectern_article_get_published_at (b));
  g_assert_cmpint (lectern_article_get_saved_at (a), ==, lectern_article_get_saved_at (b));
  g_assert_cmpint (lectern_article_get_updated_at (a), ==, lectern_article_get_updated_at (b));
  g_assert_cmpuint (lectern_article_get_word_count (a), ==, lectern_article_get_word_count (b));
  g_assert_cmpuint (lectern_article_get_char_count (a), ==, lectern_article_get_char_count (b));
  g_assert_cmpuint (lectern_article_get_reading_minutes (a), ==,
                    lectern_article_get_reading_minutes (b));
  g_assert_cmpint (lectern_article_get_read_at (a), ==, lectern_article_get_read_at (b));
  g_assert_cmpint (lectern_article_get_archived (a), ==, lectern_article_get_archived (b));
  g_assert_cmpint (lectern_article_get_starred (a), ==, lectern_article_get_starred (b));
  g_assert_cmpint (lectern_article_get_starred_at (a), ==, lectern_article_get_starred_at (b));
  g_assert_cmpfloat (lectern_article_get_progress (a), ==, lectern_article_get_progress (b));
  g_assert_cmpstr (lectern_article_get_progress_anchor (a), ==,
                   lectern_article_get_progress_anchor (b));
  g_assert_cmpint (lectern_article_get_save_state (a), ==, lectern_article_get_save_state (b));
  g_assert_cmpstr (lectern_article_get_save_error (a), ==, lectern_article_get_save_error (b));
  if (bodies) {
    g_assert_cmpstr (lectern_article_get_body_html (a), ==, lectern_article_get_body_html (b));
    g_assert_cmpstr (lectern_article_get_plain_text (a), ==, lectern_article_get_plain_text (b));
    /* The precisions and the date modified are stored after the bodies. */
    g_assert_cmpint (lectern_article_get_published_precision (a), ==,
                     lectern_article_get_published_precision (b));
    g_assert_cmpint (lectern_article_get_modified_at (a), ==,
                     lectern_article_get_modified_at (b));
    g_assert_cmpint (lectern_article_get_modified_precision (a), ==,
                     lectern_article_get_modified_precision (b));
  }
}

static LecternArticle *
new_full_article (void)
{
  LecternArticle *article = lectern_article_new ();

  g_object_set (article,
                "url", "https://news.example.org/2026/01/story?id=7#top",
                "canonical-url", "https://news.example.org/2026/01/story",
                "title", "A story",
                "byline", "Ada Lovelace",
                "site-name", "The Example",
                "language", "en-GB",
                "direction", LECTERN_TEXT_DIRECTION_LTR,
                "excerpt", "It begins.",
                "lead-image", "lectern://image/0123abcd",
                "published-at", G_GINT64_CONSTANT (1700000000000000),
                "published-precision", LECTERN_DATE_PRECISION_MINUTE,
                "modified-at", G_GINT64_CONSTANT (1700006400000000),
                "modified-precision", LECTERN_DATE_PRECISION_DAY,
                "word-count", 1234,
                "char-count", 6789,
                "reading-minutes", 6,
                "body-html", "<p>It begins.</p>",
                "plain-text", "It begins.",
                "read-at", G_GINT64_CONSTANT (1700000001000000),
                "archived", TRUE,
                "starred", TRUE,
                "starred-at", G_GINT64_CONSTANT (1700000002000000),
                "progress", 0.5,
                "progress-anchor", "p:3",
                "save-state", LECTERN_SAVE_STATE_FAILED,
                "save-error", "The server did not answer",
                NULL);
  return article;
}

static void
test_add_get (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (LecternArticle) article = new_full_article ();
  g_autoptr (LecternArticle) stored = NULL;
  g_autoptr (LecternArticle) summary = NULL;
  g_autoptr (GError) error = NULL;
  gint64 before = g_get_real_time ();
  gint64 id;

  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  assert_events (fixture, 1, ADDED, id);

  /* The caller's article learns its id and the times the store gave it. */
  g_assert_cmpint (lectern_article_get_id (article), ==, id);
  g_assert_cmpint (lectern_article_get_saved_at (article), >=, before);
  g_assert_cmpint (lectern_article_get_saved_at (article), <=, g_get_real_time ());
  g_assert_cmpint (lectern_article_get_updated_at (article), >=, before);

  stored = get_article (fixture, id);
  assert_articles_equal (stored, article, TRUE);

  summary = lectern_article_store_get_summary (fixture->store, id, &error);
  g_assert_no_error (error);
  assert_articles_equal (summary, article, FALSE);
  g_assert_null (lectern_article_get_body_html (summary));
  g_assert_null (lectern_article_get_plain_text (summary));

  /* A second add is a second article, even with the same fields and id set. */
  g_assert_cmpint (lectern_article_store_add (fixture->store, article, &error), ==, id + 1);
  g_assert_cmpint (lectern_article_get_id (article), ==, id + 1);
  assert_events (fixture, 1, ADDED, id + 1);
}

static void
test_saved_at_kept (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (LecternArticle) stored = NULL;
  gint64 id;

  /* An importer keeps the date of the original save. */
  id = add_article (fixture, "old", 1234567, 1, 1);
  stored = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_saved_at (stored), ==, 1234567);
  g_assert_cmpint (lectern_article_get_updated_at (stored), >, 1234567);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  add_article (fixture, "one", 0, 1, 1);
  g_array_set_size (fixture->events, 0);

  article = lectern_article_store_get (fixture->store, 999, &error);
  g_assert_null (article);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  article = lectern_article_store_get_summary (fixture->store, 999, &error);
  g_assert_null (article);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_set_flag (fixture->store, 999,
                                                  LECTERN_ARTICLE_CHANGE_READ, TRUE, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_set_progress (fixture->store, 999, 0.5, NULL, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_delete (fixture->store, 999, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_undelete (fixture->store, 999, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_events (fixture, 0);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 unread, read, archived, read_starred, archived_starred, starred, deleted;
  g_autoptr (GError) error = NULL;

  unread = add_article (fixture, "unread", 100, 1, 1);
  read = add_article (fixture, "read", 200, 1, 1);
  archived = add_article (fixture, "archived", 300, 1, 1);
  read_starred = add_article (fixture, "read-starred", 400, 1, 1);
  archived_starred = add_article (fixture, "archived-starred", 500, 1, 1);
  starred = add_article (fixture, "starred", 600, 1, 1);
  deleted = add_article (fixture, "deleted", 700, 1, 1);

  set_flag (fixture, read, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  set_flag (fixture, archived, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
  set_flag (fixture, read_starred, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  set_flag (fixture, read_starred, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  set_flag (fixture, archived_starred, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
  set_flag (fixture, archived_starred, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  set_flag (fixture, starred, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  set_flag (fixture, deleted, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  g_assert_true (lectern_article_store_delete (fixture->store, deleted, &error));
  g_assert_no_error (error);

  /* Unread: not read and not archived. A starred unread article is in it too. */
  assert_list (fixture, LECTERN_FILTER_UNREAD, LECTERN_SORT_NEWEST, 2, starred, unread);
  assert_list (fixture, LECTERN_FILTER_FAVOURITES, LECTERN_SORT_NEWEST, 3,
               starred, archived_starred, read_starred);
  assert_list (fixture, LECTERN_FILTER_ARCHIVE, LECTERN_SORT_NEWEST, 2,
               archived_starred, archived);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 6,
               starred, archived_starred, read_starred, archived, read, unread);
  assert_counts (fixture, 2, 3, 2, 6);
}

static void
test_sorts (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 a, b, c, d, e;

  /* c and d were saved at the same moment (an import); the id breaks the tie. */
  a = add_article (fixture, "a", 100, 5, 1000);
  b = add_article (fixture, "b", 300, 1, 200);
  c = add_article (fixture, "c", 200, 5, 900);
  d = add_article (fixture, "d", 200, 12, 3000);
  e = add_article (fixture, "e", 400, 1, 200);

  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 5, e, b, d, c, a);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_OLDEST, 5, a, c, d, b, e);
  /* Reading time first, then words, then id. */
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_SHORTEST, 5, b, e, c, a, d);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_LONGEST, 5, d, a, c, e, b);

  /* Sorting applies inside a filter too. */
  set_flag (fixture, a, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  set_flag (fixture, d, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  set_flag (fixture, b, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  assert_list (fixture, LECTERN_FILTER_FAVOURITES, LECTERN_SORT_OLDEST, 3, a, d, b);
  assert_list (fixture, LECTERN_FILTER_FAVOURITES, LECTERN_SORT_LONGEST, 3, d, a, b);
}

static void
test_flags (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (LecternArticle) before = NULL;
  g_autoptr (LecternArticle) after = NULL;
  gint64 id = add_article (fixture, "flags", 0, 1, 1);
  gint64 t0;
  gint64 read_at;
  gint64 starred_at;

  g_array_set_size (fixture->events, 0);
  before = get_article (fixture, id);
  g_assert_false (lectern_article_get_is_read (before));

  /* Read, once the clock has moved on since the article was added. */
  lectern_test_wait_until (g_get_real_time () > lectern_article_get_updated_at (before));
  t0 = g_get_real_time ();
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  assert_events (fixture, 1, CHANGED, id);
  after = get_article (fixture, id);
  read_at = lectern_article_get_read_at (after);
  g_assert_cmpint (read_at, >=, t0);
  g_assert_cmpint (read_at, <=, g_get_real_time ());
  g_assert_true (lectern_article_get_is_read (after));
  g_assert_cmpint (lectern_article_get_updated_at (after), >,
                   lectern_article_get_updated_at (before));
  g_clear_object (&after);

  /* Reading again, once the clock has moved on, changes nothing: no signal, the first time
   * stays.
   */
  lectern_test_wait_until (g_get_real_time () > read_at);
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_READ, TRUE);
  assert_events (fixture, 0);
  after = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_read_at (after), ==, read_at);
  g_clear_object (&after);

  /* Mark as Unread. */
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_READ, FALSE);
  assert_events (fixture, 1, CHANGED, id);
  after = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_read_at (after), ==, 0);
  g_assert_false (lectern_article_get_is_read (after));
  g_clear_object (&after);

  /* Star and unstar. */
  t0 = g_get_real_time ();
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  assert_events (fixture, 1, CHANGED, id);
  after = get_article (fixture, id);
  g_assert_true (lectern_article_get_starred (after));
  starred_at = lectern_article_get_starred_at (after);
  g_assert_cmpint (starred_at, >=, t0);
  g_clear_object (&after);

  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  assert_events (fixture, 0);

  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, FALSE);
  assert_events (fixture, 1, CHANGED, id);
  after = get_article (fixture, id);
  g_assert_false (lectern_article_get_starred (after));
  g_assert_cmpint (lectern_article_get_starred_at (after), ==, 0);
  g_clear_object (&after);

  /* Archive and unarchive. */
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE);
  assert_events (fixture, 1, CHANGED, id);
  after = get_article (fixture, id);
  g_assert_true (lectern_article_get_archived (after));
  g_clear_object (&after);
  assert_counts (fixture, 0, 0, 1, 1);

  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_ARCHIVED, FALSE);
  assert_events (fixture, 1, CHANGED, id);
  assert_counts (fixture, 1, 0, 0, 1);
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_article (fixture, "progress", 0, 1, 1);
  static const struct {
    double given;
    double stored;
  } cases[] = {
    { 0.25, 0.25 },
    { 1.7, 1.0 },
    { -0.5, 0.0 },
    { 1.0, 1.0 },
    { 0.75, 0.75 },
  };

  g_array_set_size (fixture->events, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (LecternArticle) article = NULL;

    g_assert_true (lectern_article_store_set_progress (fixture->store, id, cases[i].given,
                                                       "p:12", &error));
    g_assert_no_error (error);
    article = get_article (fixture, id);
    g_assert_cmpfloat (lectern_article_get_progress (article), ==, cases[i].stored);
    g_assert_cmpstr (lectern_article_get_progress_anchor (article), ==, "p:12");
  }
  g_assert_cmpuint (fixture->events->len, ==, G_N_ELEMENTS (cases));
  g_array_set_size (fixture->events, 0);

  /* The same place again is no change; a new anchor alone is one. */
  g_assert_true (lectern_article_store_set_progress (fixture->store, id, 0.75, "p:12", &error));
  assert_events (fixture, 0);
  g_assert_true (lectern_article_store_set_progress (fixture->store, id, 0.75, "p:13", &error));
  assert_events (fixture, 1, CHANGED, id);

  /* NaN (a page of height 0) is the top. */
  g_assert_true (lectern_article_store_set_progress (fixture->store, id, NAN, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (LecternArticle) article = get_article (fixture, id);

    g_assert_cmpfloat (lectern_article_get_progress (article), ==, 0.0);
    g_assert_null (lectern_article_get_progress_anchor (article));
  }
}

static gint64
count_rows (Fixture *fixture)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);

  stmt = lectern_database_prepare (db, "SELECT count(*) FROM articles", &error);
  g_assert_no_error (error);
  g_assert_true (lectern_statement_step (stmt, &error));
  return lectern_statement_column_int64 (stmt, 0);
}

static void
test_delete_undelete_purge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (LecternArticle) original = NULL;
  g_autoptr (LecternArticle) restored = NULL;
  g_autoptr (LecternArticle) missing = NULL;
  g_autoptr (GError) error = NULL;
  gint64 keep = add_article (fixture, "keep", 100, 1, 1);
  gint64 id = add_article (fixture, "delete-me", 200, 1, 1);

  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  original = get_article (fixture, id);
  g_array_set_size (fixture->events, 0);

  g_assert_true (lectern_article_store_delete (fixture->store, id, &error));
  g_assert_no_error (error);
  assert_events (fixture, 1, REMOVED, id);

  /* Gone from every read... */
  missing = lectern_article_store_get (fixture->store, id, &error);
  g_assert_null (missing);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 1, keep);
  assert_list (fixture, LECTERN_FILTER_FAVOURITES, LECTERN_SORT_NEWEST, 0);
  assert_counts (fixture, 1, 0, 0, 1);

  /* ...and from every write. */
  g_assert_false (lectern_article_store_delete (fixture->store, id, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lectern_article_store_set_flag (fixture->store, id,
                                                  LECTERN_ARTICLE_CHANGE_READ, TRUE, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_events (fixture, 0);

  /* Undo brings it back as it was. */
  g_assert_true (lectern_article_store_undelete (fixture->store, id, &error));
  g_assert_no_error (error);
  assert_events (fixture, 1, ADDED, id);
  restored = get_article (fixture, id);
  lectern_article_set_updated_at (original, lectern_article_get_updated_at (restored));
  assert_articles_equal (restored, original, TRUE);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 2, id, keep);

  /* Undoing twice changes nothing. */
  g_assert_true (lectern_article_store_undelete (fixture->store, id, &error));
  assert_events (fixture, 0);

  /* Purging removes deleted rows for good and nothing else. */
  g_assert_true (lectern_article_store_delete (fixture->store, id, &error));
  assert_events (fixture, 1, REMOVED, id);
  g_assert_cmpint (count_rows (fixture), ==, 2);
  g_assert_true (lectern_article_store_purge_deleted (fixture->store, &error));
  g_assert_no_error (error);
  assert_events (fixture, 0);
  g_assert_cmpint (count_rows (fixture), ==, 1);

  g_assert_false (lectern_article_store_undelete (fixture->store, id, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 1, keep);
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternArticle) article = new_full_article ();
  g_autoptr (LecternArticle) before = NULL;
  g_autoptr (LecternArticle) after = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;
  gint64 other;

  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  other = add_article (fixture, "other", 0, 1, 1);
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_ARCHIVED, FALSE);
  g_assert_true (lectern_article_store_set_progress (fixture->store, id, 0.9, "h2:4", &error));
  g_assert_true (lectern_article_store_delete (fixture->store, other, &error));
  before = get_article (fixture, id);

  close_store (fixture);
  open_store (fixture);

  after = get_article (fixture, id);
  assert_articles_equal (after, before, TRUE);
  g_assert_cmpfloat (lectern_article_get_progress (after), ==, 0.9);

  /* A deleted article stays deleted (but undoable) across a restart. */
  assert_list (fixture, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 1, id);
  g_assert_true (lectern_article_store_undelete (fixture->store, other, &error));
  g_assert_no_error (error);
  /* The full article is read and starred; the other one is unread. */
  assert_counts (fixture, 1, 1, 0, 2);
}

typedef struct {
  Fixture *fixture;
  guint n_done;
  guint n_failed;
  GArray *ids;
} AsyncState;

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_true (g_thread_self () == main_thread);

  id = lectern_article_store_add_finish (LECTERN_ARTICLE_STORE (source), result, &error);
  if (error) {
    state->n_failed++;
  } else {
    g_assert_cmpint (id, >, 0);
    g_array_append_val (state->ids, id);
  }

  state->n_done++;
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_thread_self () == main_thread);

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error))
    state->n_failed++;

  state->n_done++;
}

static void
wait_for_done (AsyncState *state,
               guint       n_done)
{
  while (state->n_done < n_done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_concurrent_reads (Fixture       *fixture,
                       gconstpointer  data)
{
  AsyncState state = { fixture, 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autofree char *body = g_strnfill (64 * 1024, 'x');
  guint n = 300;
  guint n_reads = 0;
  guint n_reads_between = 0;
  guint last_all = 0;

  for (guint i = 0; i < n; i++) {
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *title = g_strdup_printf ("Article %u", i);

    article = lectern_test_article_new (title, "https://example.com/", body);
    lectern_article_store_add_async (fixture->store, article, NULL, add_done_cb, &state);
  }

  /* While the worker writes, the main thread reads with no error and no waiting for the
   * writer, and every read sees a whole number of committed articles.
   */
  while (state.n_done < n) {
    g_autoptr (GArray) ids = NULL;
    g_autoptr (GError) error = NULL;
    guint counts[LECTERN_N_FILTERS];

    g_assert_true (lectern_article_store_counts (fixture->store, counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts[LECTERN_FILTER_ALL], >=, last_all);
    g_assert_cmpuint (counts[LECTERN_FILTER_ALL], ==, counts[LECTERN_FILTER_UNREAD]);
    last_all = counts[LECTERN_FILTER_ALL];

    ids = lectern_article_store_list_ids (fixture->store, LECTERN_FILTER_ALL,
                                          LECTERN_SORT_NEWEST, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, >=, last_all);

    n_reads++;
    if (last_all > 0 && last_all < n)
      n_reads_between++;

    g_main_context_iteration (NULL, FALSE);
  }

  g_test_message ("%u reads, %u of them while the worker was writing", n_reads, n_reads_between);
  g_assert_cmpuint (n_reads, >, 0);
  g_assert_cmpuint (state.n_failed, ==, 0);
  g_assert_cmpuint (state.ids->len, ==, n);
  g_assert_cmpuint (fixture->events->len, ==, n);
  assert_counts (fixture, n, 0, 0, n);

  /* One signal per article, each with its own id, in the order of the callbacks. */
  for (guint i = 0; i < n; i++) {
    Event *event = &g_array_index (fixture->events, Event, i);

    g_assert_cmpuint (event->signal, ==, ADDED);
    g_assert_cmpint (event->id, ==, g_array_index (state.ids, gint64, i));
  }

  g_array_unref (state.ids);
}

static void
test_flush (Fixture       *fixture,
            gconstpointer  data)
{
  AsyncState state = { fixture, 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  gint64 ids[50];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = add_article (fixture, "flush", 0, 1, 1);
  g_array_set_size (fixture->events, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    lectern_article_store_set_flag_async (fixture->store, ids[i], LECTERN_ARTICLE_CHANGE_STARRED,
                                          TRUE, NULL, write_done_cb, &state);

  /* After flush () every write is committed, though no callback or signal has run: those
   * wait for the main context.
   */
  lectern_article_store_flush (fixture->store);
  assert_counts (fixture, G_N_ELEMENTS (ids), G_N_ELEMENTS (ids), 0, G_N_ELEMENTS (ids));
  g_assert_cmpuint (state.n_done, ==, 0);
  g_assert_cmpuint (fixture->events->len, ==, 0);

  wait_for_done (&state, G_N_ELEMENTS (ids));
  g_assert_cmpuint (state.n_failed, ==, 0);
  g_assert_cmpuint (fixture->events->len, ==, G_N_ELEMENTS (ids));
  g_array_unref (state.ids);
}

typedef struct {
  Fixture *fixture;
  LecternArticle *article;
  gboolean done;
  gint64 id;
  GError *error;
  guint n_events_seen;
} OneWrite;

static void
one_add_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OneWrite *write = user_data;

  write->id = lectern_article_store_add_finish (LECTERN_ARTICLE_STORE (source), result,
                                                &write->error);
  write->n_events_seen = write->fixture->events->len;
  /* The caller's article has its id by the time the callback runs. */
  if (write->article && !write->error)
    g_assert_cmpint (lectern_article_get_id (write->article), ==, write->id);
  write->done = TRUE;
}

static void
one_write_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OneWrite *write = user_data;

  lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &write->error);
  write->n_events_seen = write->fixture->events->len;
  write->done = TRUE;
}

static void
wait_one (OneWrite *write)
{
  lectern_test_wait_until (write->done);
}

static void
test_async_signals (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("Async", "https://a.example/",
                                                                 "<p>Async</p>");
  OneWrite write = { fixture, article, FALSE, 0, NULL, 0 };
  gint64 id;

  lectern_article_store_add_async (fixture->store, article, NULL, one_add_done_cb, &write);
  /* Nothing is emitted before the main context runs the completion. */
  g_assert_cmpuint (fixture->events->len, ==, 0);
  wait_one (&write);
  g_assert_no_error (write.error);
  id = write.id;
  g_assert_cmpint (id, >, 0);
  /* The signal came before the callback, so the callback sees the lists up to date. */
  g_assert_cmpuint (write.n_events_seen, ==, 1);
  assert_events (fixture, 1, ADDED, id);

  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_set_flag_async (fixture->store, id, LECTERN_ARTICLE_CHANGE_READ, TRUE,
                                        NULL, one_write_done_cb, &write);
  wait_one (&write);
  g_assert_no_error (write.error);
  assert_events (fixture, 1, CHANGED, id);
  assert_counts (fixture, 0, 0, 0, 1);

  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_set_progress_async (fixture->store, id, 3.0, "end", NULL,
                                            one_write_done_cb, &write);
  wait_one (&write);
  g_assert_no_error (write.error);
  assert_events (fixture, 1, CHANGED, id);
  {
    g_autoptr (LecternArticle) stored = get_article (fixture, id);

    g_assert_cmpfloat (lectern_article_get_progress (stored), ==, 1.0);
  }

  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_delete_async (fixture->store, id, NULL, one_write_done_cb, &write);
  wait_one (&write);
  g_assert_no_error (write.error);
  assert_events (fixture, 1, REMOVED, id);

  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_undelete_async (fixture->store, id, NULL, one_write_done_cb, &write);
  wait_one (&write);
  g_assert_no_error (write.error);
  assert_events (fixture, 1, ADDED, id);

  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_delete_async (fixture->store, id, NULL, one_write_done_cb, &write);
  wait_one (&write);
  assert_events (fixture, 1, REMOVED, id);
  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_purge_deleted_async (fixture->store, NULL, one_write_done_cb, &write);
  wait_one (&write);
  g_assert_no_error (write.error);
  assert_events (fixture, 0);
  g_assert_cmpint (count_rows (fixture), ==, 0);

  /* A failing async write reports its error and emits nothing. */
  write = (OneWrite) { fixture, NULL, FALSE, 0, NULL, 0 };
  lectern_article_store_set_flag_async (fixture->store, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE,
                                        NULL, one_write_done_cb, &write);
  wait_one (&write);
  g_assert_error (write.error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&write.error);
  assert_events (fixture, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("Never", "https://n.example/",
                                                                 "");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  OneWrite write = { fixture, article, FALSE, 0, NULL, 0 };

  g_cancellable_cancel (cancellable);
  lectern_article_store_add_async (fixture->store, article, cancellable, one_add_done_cb, &write);
  wait_one (&write);
  g_assert_error (write.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&write.error);
  g_assert_cmpint (write.id, ==, 0);
  g_assert_cmpint (lectern_article_get_id (article), ==, 0);
  assert_events (fixture, 0);
  assert_counts (fixture, 0, 0, 0, 0);
}

static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("Late", "https://l.example/", "");
  g_autoptr (LecternArticle) missing = NULL;
  g_autoptr (GError) error = NULL;
  OneWrite write = { fixture, article, FALSE, 0, NULL, 0 };
  guint counts[LECTERN_N_FILTERS];
  gint64 id = add_article (fixture, "before", 0, 1, 1);

  lectern_article_store_close (fixture->store);
  /* Closing twice is fine. */
  lectern_article_store_close (fixture->store);
  g_assert_null (lectern_article_store_get_database (fixture->store));
  g_array_set_size (fixture->events, 0);

  missing = lectern_article_store_get (fixture->store, id, &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_counts (fixture->store, counts, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_cmpint (lectern_article_store_add (fixture->store, article, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  lectern_article_store_add_async (fixture->store, article, NULL, one_add_done_cb, &write);
  wait_one (&write);
  g_assert_error (write.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&write.error);
  assert_events (fixture, 0);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *garbage = g_strnfill (4096, 'Z');
  g_autofree char *aside_contents = NULL;
  gsize aside_length;
  const char *aside;

  g_assert_true (g_file_set_contents (fixture->path, garbage, 4096, NULL));

  open_store (fixture);
  aside = lectern_article_store_get_moved_aside (fixture->store);
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, fixture->path));
  g_assert_true (g_file_get_contents (aside, &aside_contents, &aside_length, NULL));
  g_assert_cmpmem (aside_contents, aside_length, garbage, 4096);

  /* The fresh library works. */
  assert_counts (fixture, 0, 0, 0, 0);
  add_article (fixture, "fresh", 0, 1, 1);
  assert_counts (fixture, 1, 0, 0, 1);
  close_store (fixture);

  /* Next time it opens as it is. */
  open_store (fixture);
  g_assert_null (lectern_article_store_get_moved_aside (fixture->store));
  assert_counts (fixture, 1, 0, 0, 1);
}

static void
test_open_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (file, "library.sqlite3", NULL);

  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  store = lectern_article_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("New", "https://n.example/", "");
  g_autoptr (LecternArticle) before = NULL;
  g_autoptr (LecternArticle) after = NULL;
  g_autoptr (GError) error = NULL;
  OneWrite write = { fixture, article, FALSE, 0, NULL, 0 };
  gint64 id;

  open_store (fixture);
  id = add_article (fixture, "existing", 0, 1, 1);
  before = get_article (fixture, id);
  close_store (fixture);
  g_array_set_size (fixture->events, 0);

  /* The tests run as root, for whom no file is read-only, so the writer is opened with
   * SQLITE_OPEN_READONLY: what SQLite itself falls back to when it may read a library but
   * not write it. What follows is the path a real read-only file takes.
   */
  _lectern_database_set_force_read_only (TRUE);
  open_store (fixture);
  _lectern_database_set_force_read_only (FALSE);
  g_assert_true (lectern_database_is_read_only (
                   lectern_article_store_get_database (fixture->store)));

  /* Reading works. */
  after = get_article (fixture, id);
  assert_articles_equal (after, before, TRUE);
  g_clear_object (&after);

  /* Every write says why it failed and changes nothing. */
  g_assert_cmpint (lectern_article_store_add (fixture->store, article, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_assert_true (g_str_has_prefix (error->message, "The library cannot be changed"));
  g_clear_error (&error);
  g_assert_cmpint (lectern_article_get_id (article), ==, 0);

  g_assert_false (lectern_article_store_set_flag (fixture->store, id,
                                                  LECTERN_ARTICLE_CHANGE_STARRED, TRUE, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_false (lectern_article_store_delete (fixture->store, id, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&error);

  lectern_article_store_add_async (fixture->store, article, NULL, one_add_done_cb, &write);
  wait_one (&write);
  g_assert_error (write.error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&write.error);

  assert_events (fixture, 0);
  assert_counts (fixture, 1, 0, 0, 1);
  after = get_article (fixture, id);
  assert_articles_equal (after, before, TRUE);
  g_clear_object (&after);
  close_store (fixture);

  /* Opened normally again, the library is exactly as it was. */
  open_store (fixture);
  assert_counts (fixture, 1, 0, 0, 1);
  after = get_article (fixture, id);
  assert_articles_equal (after, before, TRUE);
}

static void
test_read_only_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new ("New", "https://n.example/", "");
  g_autoptr (GError) error = NULL;
  gint64 id;

  /* The real thing, for whoever is not root (root may write any file). */
  if (geteuid () == 0) {
    g_test_skip ("root can write a read-only file; /core/article-store/read-only covers it");
    return;
  }

  open_store (fixture);
  id = add_article (fixture, "existing", 0, 1, 1);
  close_store (fixture);
  g_array_set_size (fixture->events, 0);
  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);

  open_store (fixture);
  g_assert_true (lectern_database_is_read_only (
                   lectern_article_store_get_database (fixture->store)));
  g_assert_cmpint (lectern_article_store_add (fixture->store, article, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lectern_article_store_delete (fixture->store, id, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  assert_events (fixture, 0);
  assert_counts (fixture, 1, 0, 0, 1);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) big = NULL;
  g_autoptr (LecternArticle) before = NULL;
  g_autoptr (LecternArticle) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *body = g_strnfill (FIVE_MB, 'w');
  OneWrite write = { fixture, NULL, FALSE, 0, NULL, 0 };
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  gint64 id;

  id = add_article (fixture, "small", 0, 1, 1);
  before = get_article (fixture, id);
  g_array_set_size (fixture->events, 0);

  /* A full disk, simulated: the writer may not grow the file past 64 pages (256 KiB). */
  g_assert_true (lectern_database_exec (db, "PRAGMA max_page_count = 64", &error));
  g_assert_no_error (error);

  big = lectern_test_article_new ("Big", "https://big.example/", body);
  g_assert_cmpint (lectern_article_store_add (fixture->store, big, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FULL);
  g_assert_true (g_str_has_prefix (error->message, "The disk is full"));
  g_clear_error (&error);
  g_assert_cmpint (lectern_article_get_id (big), ==, 0);

  write.article = big;
  lectern_article_store_add_async (fixture->store, big, NULL, one_add_done_cb, &write);
  wait_one (&write);
  g_assert_error (write.error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FULL);
  g_clear_error (&write.error);

  /* Nothing half-written, nothing signalled, the rest intact. */
  assert_events (fixture, 0);
  assert_counts (fixture, 1, 0, 0, 1);
  g_assert_cmpint (count_rows (fixture), ==, 1);
  after = get_article (fixture, id);
  assert_articles_equal (after, before, TRUE);

  /* Small writes that fit still work, and with room again the big one goes in. */
  set_flag (fixture, id, LECTERN_ARTICLE_CHANGE_STARRED, TRUE);
  g_assert_true (lectern_database_exec (db, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_cmpint (lectern_article_store_add (fixture->store, big, &error), >, id);
  g_assert_no_error (error);
  assert_counts (fixture, 2, 1, 0, 2);
}

static void
test_long_and_rtl_titles (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GString) long_title = g_string_new (NULL);
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternArticle) stored = NULL;
  g_autoptr (GError) error = NULL;
  const char *rtl_title = "مقالة عن القراءة لاحقاً — שלום";
  gint64 id;

  /* 2,000 characters, many of them more than one byte. */
  while (g_utf8_strlen (long_title->str, -1) < 2000)
    g_string_append (long_title, "Zürich 東京 ");
  g_string_truncate (long_title, g_utf8_offset_to_pointer (long_title->str, 2000) -
                                 long_title->str);
  g_assert_cmpint (g_utf8_strlen (long_title->str, -1), ==, 2000);

  article = lectern_test_article_new (long_title->str, "https://long.example/", "<p>x</p>");
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  stored = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (stored), ==, long_title->str);
  g_clear_object (&article);
  g_clear_object (&stored);

  article = lectern_test_article_new (rtl_title, "https://rtl.example/", "<p dir=rtl>x</p>");
  lectern_article_set_direction (article, LECTERN_TEXT_DIRECTION_RTL);
  lectern_article_set_language (article, "ar");
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  stored = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (stored), ==, rtl_title);
  g_assert_cmpint (lectern_article_get_direction (stored), ==, LECTERN_TEXT_DIRECTION_RTL);
  g_assert_cmpstr (lectern_article_get_language (stored), ==, "ar");
}

static void
test_bodies (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *body = g_malloc (FIVE_MB + 1);
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternArticle) stored = NULL;
  g_autoptr (LecternArticle) summary = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  /* 5 MB of varied text, so a truncation anywhere would show. */
  for (gsize i = 0; i < FIVE_MB; i++)
    body[i] = 'a' + (i * 7 + i / 4096) % 26;
  body[FIVE_MB] = '\0';

  article = lectern_test_article_new ("Big", "https://big.example/", body);
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  stored = get_article (fixture, id);
  g_assert_cmpuint (strlen (lectern_article_get_body_html (stored)), ==, FIVE_MB);
  g_assert_true (strcmp (lectern_article_get_body_html (stored), body) == 0);
  g_assert_true (strcmp (lectern_article_get_plain_text (stored), body) == 0);
  summary = lectern_article_store_get_summary (fixture->store, id, &error);
  g_assert_null (lectern_article_get_body_html (summary));
  g_clear_object (&article);
  g_clear_object (&stored);

  /* An empty body stays empty, and a missing one stays missing. */
  article = lectern_test_article_new ("Empty", "https://empty.example/", "");
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  stored = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_body_html (stored), ==, "");
  g_clear_object (&article);
  g_clear_object (&stored);

  article = lectern_test_article_new ("Pending", "https://pending.example/", NULL);
  lectern_article_set_save_state (article, LECTERN_SAVE_STATE_PENDING);
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  stored = get_article (fixture, id);
  g_assert_null (lectern_article_get_body_html (stored));
  g_assert_cmpint (lectern_article_get_save_state (stored), ==, LECTERN_SAVE_STATE_PENDING);
}

/* LecternArticle on its own. */

typedef struct {
  GPtrArray *names;
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static gboolean
log_has (NotifyLog  *log,
         const char *name)
{
  for (guint i = 0; i < log->names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (log->names, i), name) == 0)
      return TRUE;

  return FALSE;
}

static void
test_article_notify (void)
{
  g_autoptr (LecternArticle) article = lectern_article_new ();
  g_autoptr (LecternArticle) other = NULL;
  g_autoptr (LecternArticle) copy = NULL;
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (article, "notify", G_CALLBACK (notify_cb), &log);

  lectern_article_set_title (article, "One");
  lectern_article_set_title (article, "One");
  lectern_article_set_starred (article, FALSE);
  lectern_article_set_progress (article, 0.0);
  g_assert_cmpuint (log.names->len, ==, 1);
  g_assert_true (log_has (&log, "title"));
  g_ptr_array_set_size (log.names, 0);

  /* is-read follows read-at, and only when it flips. */
  lectern_article_set_read_at (article, 10);
  g_assert_cmpuint (log.names->len, ==, 2);
  g_assert_true (log_has (&log, "read-at"));
  g_assert_true (log_has (&log, "is-read"));
  g_ptr_array_set_size (log.names, 0);
  lectern_article_set_read_at (article, 20);
  g_assert_cmpuint (log.names->len, ==, 1);
  g_assert_false (log_has (&log, "is-read"));
  g_ptr_array_set_size (log.names, 0);

  /* Progress is clamped. */
  lectern_article_set_progress (article, 5.0);
  g_assert_cmpfloat (lectern_article_get_progress (article), ==, 1.0);
  g_ptr_array_set_size (log.names, 0);

  /* update_from notifies what differs, and only that. */
  other = lectern_article_copy (article);
  g_assert_cmpstr (lectern_article_get_title (other), ==, "One");
  lectern_article_set_title (other, "Two");
  lectern_article_set_starred (other, TRUE);
  lectern_article_update_from (article, other);
  g_assert_cmpuint (log.names->len, ==, 2);
  g_assert_true (log_has (&log, "title"));
  g_assert_true (log_has (&log, "starred"));
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Two");

  copy = new_full_article ();
  lectern_article_set_id (copy, 42);
  g_clear_object (&other);
  other = lectern_article_copy (copy);
  assert_articles_equal (other, copy, TRUE);

  g_ptr_array_unref (log.names);
}

static void
test_article_display (void)
{
  static const struct {
    const char *title;
    const char *site;
    const char *url;
    const char *display_title;
    const char *display_site;
  } cases[] = {
    { "A title", "A site", "https://www.example.com/x", "A title", "A site" },
    { NULL, NULL, "https://www.example.com/some/page", "example.com/some/page", "example.com" },
    { "  ", "", "https://example.org/", "example.org", "example.org" },
    { "", NULL, "https://de.example.org/wiki/Z%C3%BCrich", "de.example.org/wiki/Zürich",
      "de.example.org" },
    { NULL, NULL, "https://xn--bcher-kva.example/", "bücher.example", "bücher.example" },
    { NULL, NULL, "not a url", "not a url", "" },
    { NULL, NULL, NULL, "Untitled", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (LecternArticle) article = lectern_article_new ();
    g_autofree char *title = NULL;
    g_autofree char *site = NULL;

    lectern_article_set_title (article, cases[i].title);
    lectern_article_set_site_name (article, cases[i].site);
    lectern_article_set_url (article, cases[i].url);

    title = lectern_article_dup_display_title (article);
    site = lectern_article_dup_display_site (article);
    g_assert_cmpstr (title, ==, cases[i].display_title);
    g_assert_cmpstr (site, ==, cases[i].display_site);
  }
}

static void
test_type_strings (void)
{
  LecternFilter filter;
  LecternSort sort;
  static const char * const filters[] = { "unread", "favourites", "archive", "all" };
  static const char * const sorts[] = { "newest", "oldest", "shortest", "longest" };
  static const char * const directions[] = { "auto", "ltr", "rtl" };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++) {
    g_assert_cmpstr (lectern_filter_to_string (i), ==, filters[i]);
    g_assert_true (lectern_filter_from_string (filters[i], &filter));
    g_assert_cmpint (filter, ==, i);
  }
  g_assert_false (lectern_filter_from_string ("favorites", &filter));
  g_assert_false (lectern_filter_from_string (NULL, &filter));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++) {
    g_assert_cmpstr (lectern_sort_to_string (i), ==, sorts[i]);
    g_assert_true (lectern_sort_from_string (sorts[i], &sort));
    g_assert_cmpint (sort, ==, i);
  }
  g_assert_false (lectern_sort_from_string ("", &sort));

  for (guint i = 0; i < G_N_ELEMENTS (directions); i++) {
    g_assert_cmpstr (lectern_text_direction_to_string (i), ==, directions[i]);
    g_assert_cmpint (lectern_text_direction_from_string (directions[i]), ==, i);
  }
  g_assert_cmpint (lectern_text_direction_from_string ("RTL"), ==, LECTERN_TEXT_DIRECTION_RTL);
  g_assert_cmpint (lectern_text_direction_from_string ("sideways"), ==,
                   LECTERN_TEXT_DIRECTION_AUTO);

  {
    LecternDatePrecision precision = LECTERN_DATE_PRECISION_DAY;

    g_assert_null (lectern_date_precision_to_string (LECTERN_DATE_PRECISION_NONE));
    g_assert_cmpstr (lectern_date_precision_to_string (LECTERN_DATE_PRECISION_DAY), ==, "day");
    g_assert_cmpstr (lectern_date_precision_to_string (LECTERN_DATE_PRECISION_MINUTE), ==,
                     "minute");
    g_assert_true (lectern_date_precision_from_string ("minute", &precision));
    g_assert_cmpint (precision, ==, LECTERN_DATE_PRECISION_MINUTE);
    g_assert_true (lectern_date_precision_from_string (NULL, &precision));
    g_assert_cmpint (precision, ==, LECTERN_DATE_PRECISION_NONE);
    g_assert_false (lectern_date_precision_from_string ("second", &precision));
    g_assert_false (lectern_date_precision_from_string ("Day", &precision));
    g_assert_cmpint (precision, ==, LECTERN_DATE_PRECISION_NONE);
    g_assert_cmpint (lectern_date_precision_guess (0), ==, LECTERN_DATE_PRECISION_NONE);
    g_assert_cmpint (lectern_date_precision_guess (G_GINT64_CONSTANT (1742342400000000)), ==,
                     LECTERN_DATE_PRECISION_DAY);
    g_assert_cmpint (lectern_date_precision_guess (G_GINT64_CONSTANT (1742342460000000)), ==,
                     LECTERN_DATE_PRECISION_MINUTE);
  }

  /* The enum types' nicks are the same strings, for GSettings bindings. */
  {
    g_autoptr (GEnumClass) klass = g_type_class_ref (LECTERN_TYPE_FILTER);

    g_assert_cmpint (g_enum_get_value_by_nick (klass, "favourites")->value, ==,
                     LECTERN_FILTER_FAVOURITES);
  }
}

/* Each date keeps its precision: a time at midnight UTC stays a time. A date given
 * without one, or a day that is not a midnight, gets the precision its time says.
 */
static void
test_date_precision (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    gint64 time;
    LecternDatePrecision precision;
    LecternDatePrecision stored;
  } dates[] = {
    { G_GINT64_CONSTANT (1742342400000000), LECTERN_DATE_PRECISION_DAY,
      LECTERN_DATE_PRECISION_DAY },
    { G_GINT64_CONSTANT (1742342400000000), LECTERN_DATE_PRECISION_MINUTE,
      LECTERN_DATE_PRECISION_MINUTE },
    { G_GINT64_CONSTANT (1742376725000000), LECTERN_DATE_PRECISION_MINUTE,
      LECTERN_DATE_PRECISION_MINUTE },
    { G_GINT64_CONSTANT (1742342400000000), LECTERN_DATE_PRECISION_NONE,
      LECTERN_DATE_PRECISION_DAY },
    { G_GINT64_CONSTANT (1742376725000000), LECTERN_DATE_PRECISION_NONE,
      LECTERN_DATE_PRECISION_MINUTE },
    { G_GINT64_CONSTANT (1742376725000000), LECTERN_DATE_PRECISION_DAY,
      LECTERN_DATE_PRECISION_MINUTE },
    { 0, LECTERN_DATE_PRECISION_DAY, LECTERN_DATE_PRECISION_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++) {
    g_autoptr (LecternArticle) article = NULL;
    g_autoptr (LecternArticle) stored = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *url = g_strdup_printf ("https://example.com/dates/%u", i);
    gint64 id;

    article = lectern_test_article_new ("Dates", url, "<p>Body</p>");
    lectern_article_set_published_at (article, dates[i].time);
    lectern_article_set_published_precision (article, dates[i].precision);
    lectern_article_set_modified_at (article, dates[i].time);
    lectern_article_set_modified_precision (article, dates[i].precision);
    id = lectern_article_store_add (fixture->store, article, &error);
    g_assert_no_error (error);

    stored = get_article (fixture, id);
    g_assert_cmpint (lectern_article_get_published_at (stored), ==, dates[i].time);
    g_assert_cmpint (lectern_article_get_published_precision (stored), ==, dates[i].stored);
    g_assert_cmpint (lectern_article_get_modified_at (stored), ==, dates[i].time);
    g_assert_cmpint (lectern_article_get_modified_precision (stored), ==, dates[i].stored);
  }
}

/* One visible article per address for the saver to find. Adding an article whose address
 * another has, or bringing one back whose address was saved again meanwhile, still works:
 * nothing is refused or lost, and the article that had the address keeps it.
 */
static void
test_one_row_per_address (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  gint64 first, second, pending;

  article = lectern_test_article_new ("Twice", "https://twice.example/a?utm_source=x",
                                      "<p>Body</p>");
  first = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  second = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (lectern_article_store_find_by_url (fixture->store,
                                                      "https://twice.example/a", &error),
                   ==, first);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles WHERE"
                                               " normalized_url = 'https://twice.example/a'"),
                   ==, 1);

  /* A pending row for the address is refused while a visible article has it. */
  g_assert_cmpint (lectern_article_store_add_pending (fixture->store, "https://twice.example/a",
                                                      "https://twice.example/a", &error),
                   ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Deleted, the address is free; saved again, then the deletion undone: both stay. */
  g_assert_true (lectern_article_store_delete (fixture->store, first, &error));
  g_assert_true (lectern_article_store_delete (fixture->store, second, &error));
  g_assert_no_error (error);
  pending = lectern_article_store_add_pending (fixture->store, "https://twice.example/a",
                                               "https://twice.example/a", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pending, >, second);
  g_assert_true (lectern_article_store_undelete (fixture->store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_article_store_count (fixture->store, LECTERN_FILTER_ALL, &error),
                    ==, 2);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT id FROM articles WHERE"
                                               " normalized_url = 'https://twice.example/a'"),
                   ==, pending);
}

int
main (int   argc,
      char *argv[])
{
  /* Set: the test opens the store itself. */
  static const char manual[] = "manual";

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_MANUAL(path, func) \
  g_test_add (path, Fixture, manual, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/article-store/add-get", test_add_get);
  ADD ("/core/article-store/saved-at-kept", test_saved_at_kept);
  ADD ("/core/article-store/not-found", test_not_found);
  ADD ("/core/article-store/filters", test_filters);
  ADD ("/core/article-store/sorts", test_sorts);
  ADD ("/core/article-store/flags", test_flags);
  ADD ("/core/article-store/progress", test_progress);
  ADD ("/core/article-store/delete-undelete-purge", test_delete_undelete_purge);
  ADD ("/core/article-store/persistence", test_persistence);
  ADD ("/core/article-store/concurrent-reads", test_concurrent_reads);
  ADD ("/core/article-store/flush", test_flush);
  ADD ("/core/article-store/async-signals", test_async_signals);
  ADD ("/core/article-store/cancelled", test_cancelled);
  ADD ("/core/article-store/closed", test_closed);
  ADD_MANUAL ("/core/article-store/corrupt", test_corrupt);
  ADD ("/core/article-store/open-error", test_open_error);
  ADD_MANUAL ("/core/article-store/read-only", test_read_only);
  ADD_MANUAL ("/core/article-store/read-only-file", test_read_only_file);
  ADD ("/core/article-store/disk-full", test_disk_full);
  ADD ("/core/article-store/long-and-rtl-titles", test_long_and_rtl_titles);
  ADD ("/core/article-store/bodies", test_bodies);
  ADD ("/core/article-store/one-row-per-address", test_one_row_per_address);
  ADD ("/core/article-store/date-precision", test_date_precision);
  g_test_add_func ("/core/article/notify", test_article_notify);
  g_test_add_func ("/core/article/display", test_article_display);
  g_test_add_func ("/core/types/strings", test_type_strings);

#undef ADD
#undef ADD_MANUAL

  return g_test_run ();
}
