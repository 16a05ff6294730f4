/* test-search-store.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-query.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"
#include "lectern-tokenizer.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

/* Full-text search in the store: the index kept in step with every write, ranking,
 * filters, hostile queries, Chinese, the index of an older library built in batches, and
 * kills in the middle of a write. The test binary is also the process that is killed:
 * run with `--helper MODE PATH` it writes to the library until it is stopped.
 */

static char *self_exe;

typedef struct {
  char *dir;
  char *path;
  LecternArticleStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store)
    lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* FTS5's own check, comparing the index with the text of every visible article: an
 * article missing from the index, there twice, or indexed with other words fails it.
 * While the index of an older library is still being built, it is incomplete on purpose:
 * then the index is only checked against itself.
 */
static void
assert_index_in_step (LecternDatabase *db)
{
  g_autoptr (GError) error = NULL;

  if (lectern_test_query_int (db, "SELECT count(*) FROM search_backlog") == 0)
    lectern_database_exec (db, "INSERT INTO search (search, rank)"
                               " VALUES ('integrity-check', 1)", &error);
  else
    lectern_database_exec (db, "INSERT INTO search (search) VALUES ('integrity-check')",
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM pragma_integrity_check"
                                               " WHERE integrity_check != 'ok'"), ==, 0);
}

static void
assert_store_index_in_step (LecternArticleStore *store)
{
  assert_index_in_step (lectern_article_store_get_database (store));
}

static gint64
add_article (LecternArticleStore *store,
             const char          *title,
             const char          *url,
             const char          *text,
             gint64               saved_at)
{
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, text);
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_article_set_saved_at (article, saved_at);
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  return id;
}

static GArray *
search_ids (LecternArticleStore *store,
            const char          *text,
            LecternFilter        filter,
            LecternSort          sort,
            guint                limit)
{
  g_autoptr (LecternQuery) query = lectern_query_parse (text);
  g_autoptr (GError) error = NULL;
  GArray *ids;

  ids = lectern_article_store_search_ids (store, query, filter, sort, limit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

/* The ids @text finds, as "1 2 3", best first. */
static char *
search (LecternArticleStore *store,
        const char          *text,
        LecternFilter        filter)
{
  g_autoptr (GArray) ids = search_ids (store, text, filter, LECTERN_SORT_NEWEST, 0);
  g_autoptr (GString) found = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (found, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            g_array_index (ids, gint64, i));

  return g_string_free (g_steal_pointer (&found), FALSE);
}

static char *
ids_string (gint64 first,
            ...)
{
  g_autoptr (GString) ids = g_string_new (NULL);
  va_list ap;

  va_start (ap, first);
  for (gint64 id = first; id != 0; id = va_arg (ap, gint64))
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? " " : "", id);
  va_end (ap);

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_finds(store, text, ...) \
  G_STMT_START { \
    g_autofree char *found_ = search ((store), (text), LECTERN_FILTER_ALL); \
    g_autofree char *expected_ = ids_string (__VA_ARGS__, (gint64)0); \
    g_assert_cmpstr (found_, ==, expected_); \
  } G_STMT_END

#define assert_finds_nothing(store, text) \
  G_STMT_START { \
    g_autofree char *found_ = search ((store), (text), LECTERN_FILTER_ALL); \
    g_assert_cmpstr (found_, ==, ""); \
  } G_STMT_END

/* After every kind of write the index holds what the articles hold, and nothing of what
 * they no longer hold.
 */
static void
test_in_step (Fixture       *fixture,
              gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (LecternArticle) saved = NULL;
  g_autoptr (GError) error = NULL;
  const char *tags[] = { "Gardening", NULL };
  gint64 otter, pending;

  otter = add_article (store, "Otters of the river", "https://wild.example/otters",
                       "The otter swims in cold water and eats fish.", 100);
  assert_finds (store, "otter", otter);
  assert_finds (store, "fish", otter);
  assert_store_index_in_step (store);

  /* A save that waits is found by its address; saved, by its text. */
  pending = lectern_article_store_add_pending (store, "https://news.example/tomatoes",
                                               "https://news.example/tomatoes", &error);
  g_assert_no_error (error);
  assert_finds (store, "news", pending);
  assert_finds_nothing (store, "tomato");

  saved = lectern_test_article_new ("Tomatoes in winter", "https://news.example/tomatoes",
                                    "Growing tomatoes indoors needs light.");
  g_assert_true (lectern_article_store_finish_save (store, pending, saved, NULL, &error));
  g_assert_no_error (error);
  assert_finds (store, "tomatoes", pending);
  assert_finds (store, "indoors", pending);
  assert_store_index_in_step (store);

  /* Saved again, with other text: the old words are gone. */
  lectern_article_set_plain_text (saved, "Peppers like warmth.");
  g_assert_true (lectern_article_store_finish_save (store, pending, saved, NULL, &error));
  g_assert_no_error (error);
  assert_finds_nothing (store, "indoors");
  assert_finds (store, "peppers", pending);
  assert_store_index_in_step (store);

  /* Tags are words of the index too. */
  g_assert_true (lectern_article_store_set_tags (store, otter, tags, &error));
  g_assert_no_error (error);
  assert_finds (store, "gardening", otter);
  g_assert_true (lectern_article_store_rename_tag (store, "gardening", "Wildlife", &error));
  g_assert_no_error (error);
  assert_finds_nothing (store, "gardening");
  assert_finds (store, "wildlife", otter);
  assert_store_index_in_step (store);

  /* Deleted: not found. Undone: found again. */
  g_assert_true (lectern_article_store_delete (store, otter, &error));
  g_assert_no_error (error);
  assert_finds_nothing (store, "otter");
  assert_finds_nothing (store, "wildlife");
  assert_store_index_in_step (store);

  g_assert_true (lectern_article_store_undelete (store, otter, &error));
  g_assert_no_error (error);
  assert_finds (store, "otter", otter);
  assert_store_index_in_step (store);

  /* Deleted and purged, or discarded: gone for good, and the index with it. */
  g_assert_true (lectern_article_store_delete (store, otter, &error));
  g_assert_true (lectern_article_store_purge_deleted (store, &error));
  g_assert_no_error (error);
  assert_finds_nothing (store, "otter");
  assert_store_index_in_step (store);

  g_assert_true (lectern_article_store_discard (store, pending, &error));
  g_assert_no_error (error);
  assert_finds_nothing (store, "peppers");
  assert_store_index_in_step (store);
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT count(*) FROM tags"), ==, 0);
}

/* A match in the title ranks above one in the body; equal matches go newest first. */
static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  gint64 body_old, body_new, title;

  /* The two bodies and titles are as long as each other: FTS5 weighs a match by the
   * length of the whole article.
   */

  body_old = add_article (store, "A walk in town", "https://a.example/1",
                          "We passed a bakery and the harbour on the way.", 100);
  title = add_article (store, "The harbour at night", "https://a.example/2",
                       "Boats, lights, and the sea.", 50);
  body_new = add_article (store, "A walk in fields", "https://a.example/3",
                          "We passed a farm and the harbour on the way.", 200);

  assert_finds (store, "harbour", title, body_new, body_old);
  /* The phrase, then a word that excludes. */
  assert_finds (store, "\"the harbour on the way\"", body_new, body_old);
  assert_finds (store, "harbour -bakery", title, body_new);
  /* Prefix of the last word, as the user types. */
  assert_finds (store, "harb", title, body_new, body_old);
  assert_finds (store, "harbour far", body_new);
  /* A word of one or two characters matches whole. */
  assert_finds_nothing (store, "harbour fa");
}

/* The rarer word of a query counts more: its match in a title outweighs the common
 * word's, although the article with the common word in its title is newer.
 */
static void
test_ranking_weights (Fixture       *fixture,
                      gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  gint64 rare_title, common_title;

  for (guint i = 0; i < 20; i++) {
    g_autofree char *url = g_strdup_printf ("https://a.example/other/%u", i);

    add_article (store, "Notes", url, "A river ran past the town.", i);
  }

  rare_title = add_article (store, "Otters", "https://a.example/1",
                            "The river was cold.", 100);
  common_title = add_article (store, "River", "https://a.example/2",
                              "The otters were cold.", 200);

  assert_finds (store, "otters river ", rare_title, common_title);
  assert_finds (store, "river otters ", rare_title, common_title);
  /* One word alone: where it is decides. */
  assert_finds (store, "otters ", rare_title, common_title);
}

/* Words, tags, sites and states combine with each other and with the list's filter. */
static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *rust_tags[] = { "Rust", "Programming", NULL };
  const char *go_tags[] = { "programming", NULL };
  g_autofree char *unread = NULL;
  g_autofree char *favourites = NULL;
  g_autofree char *expected_unread = NULL;
  g_autofree char *expected_favourites = NULL;
  gint64 rust, go, blog, other;

  rust = add_article (store, "Ownership explained", "https://docs.rust.example/book",
                      "Borrowing rules for systems code.", 100);
  go = add_article (store, "Goroutines explained", "https://go.example/tour",
                    "Channels and systems code.", 200);
  blog = add_article (store, "A blog on systems", "https://blog.rust.example/post",
                      "Notes about systems code.", 300);
  other = add_article (store, "Rust on old cars", "https://notrust.example/cars",
                       "Removing rust from an old car.", 400);

  g_assert_true (lectern_article_store_set_tags (store, rust, rust_tags, &error));
  g_assert_true (lectern_article_store_set_tags (store, go, go_tags, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_set_flag (store, go, LECTERN_ARTICLE_CHANGE_STARRED,
                                                 TRUE, &error));
  g_assert_true (lectern_article_store_set_flag (store, blog, LECTERN_ARTICLE_CHANGE_READ,
                                                 TRUE, &error));
  g_assert_true (lectern_article_store_set_flag (store, other, LECTERN_ARTICLE_CHANGE_ARCHIVED,
                                                 TRUE, &error));
  g_assert_no_error (error);

  /* Tags by key, whatever their case; several all apply; without words, newest first. */
  assert_finds (store, "tag:programming", go, rust);
  assert_finds (store, "tag:PROGRAMMING tag:rust", rust);
  assert_finds (store, "tag:programming -tag:Rust", go);
  assert_finds (store, "systems -tag:programming", blog);
  assert_finds_nothing (store, "tag:nothing");
  assert_finds_nothing (store, "systems tag:nothing");

  /* Tags of punctuation and emoji, with words as without; a tag is whole, never a part. */
  {
    const char *odd_tags[] = { "C++", "🎉", "open source", NULL };

    g_assert_true (lectern_article_store_set_tags (store, blog, odd_tags, &error));
    g_assert_no_error (error);
    assert_finds (store, "systems tag:c++", blog);
    assert_finds (store, "systems tag:🎉", blog);
    assert_finds (store, "tag:🎉", blog);
    assert_finds (store, "notes tag:\"open source\"", blog);
    assert_finds_nothing (store, "notes tag:open");
    assert_finds_nothing (store, "notes tag:c");
    assert_finds (store, "systems -tag:🎉", go, rust);
  }

  /* A site and its subdomains, never a host that merely ends the same way. */
  assert_finds (store, "site:rust.example", blog, rust);
  assert_finds (store, "site:blog.rust.example", blog);
  assert_finds (store, "systems site:rust.example", blog, rust);
  assert_finds (store, "site:rust.example site:go.example", blog, go, rust);
  assert_finds (store, "-site:rust.example code", go);

  /* States, and their negations. */
  assert_finds (store, "is:starred", go);
  assert_finds (store, "code is:unread", go, rust);
  assert_finds (store, "rust is:archived", other);
  assert_finds (store, "rust -is:archived", rust, blog);
  assert_finds (store, "-is:unread", blog);

  /* The list's filter applies on top. */
  unread = search (store, "code", LECTERN_FILTER_UNREAD);
  expected_unread = ids_string (go, rust, (gint64)0);
  g_assert_cmpstr (unread, ==, expected_unread);
  favourites = search (store, "explained", LECTERN_FILTER_FAVOURITES);
  expected_favourites = ids_string (go, (gint64)0);
  g_assert_cmpstr (favourites, ==, expected_favourites);

  /* An empty query lists like the list itself, in its order. */
  {
    g_autoptr (LecternQuery) query = lectern_query_parse ("   ");
    g_autoptr (GArray) found = NULL;
    g_autoptr (GArray) listed = NULL;

    found = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL,
                                              LECTERN_SORT_OLDEST, 0, &error);
    g_assert_no_error (error);
    listed = lectern_article_store_list_ids (store, LECTERN_FILTER_ALL, LECTERN_SORT_OLDEST,
                                             &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 4);
    g_assert_cmpmem (found->data, found->len * sizeof (gint64),
                     listed->data, listed->len * sizeof (gint64));

    g_clear_pointer (&found, g_array_unref);
    found = lectern_article_store_search_ids (store, NULL, LECTERN_FILTER_ALL,
                                              LECTERN_SORT_NEWEST, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_cmpint (g_array_index (found, gint64, 0), ==, other);
  }
}

/* Whatever is typed, the store answers with a list, maybe empty, never an error. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const queries[] = {
    "\"", "\"\"", "\"unbalanced", "-", "- -", "--", "*", "**", "a*b", "NEAR(", "NEAR(a b, 2)",
    "AND", "OR", "NOT", "a AND", "(", ")", "((a)", "^", "^a", "title:", "title:a", "{title}:a",
    ":", "a:b", "tag:", "tag:\"", "site:", "site:\"", "is:", "is:nothing", "-is:", "'", "';--",
    "\\", "\x01\x02", "\xff\xfe", "🙂", "a\"b\"c", "a + b", "col:\"x\"", "rank:1", "rowid=1",
    "search:", "\t\n", "'\"'\"", "x* y*", "+", "~", "NEAR", "a NOT b", "%", "_", "tag:%",
    "site:%.example", "site:\"a\"\"b\"",
  };
  LecternArticleStore *store = fixture->store;
  g_autoptr (GString) long_query = g_string_new (NULL);
  gint64 id;

  id = add_article (store, "NEAR AND OR", "https://odd.example/x", "Text with a star * and"
                    " \"quotes\" and NEAR( and AND.", 100);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++) {
    g_autofree char *found = search (store, queries[i], LECTERN_FILTER_ALL);
    g_autoptr (LecternQuery) query = lectern_query_parse (queries[i]);
    g_autoptr (GError) error = NULL;
    g_autofree char *snippet = NULL;

    snippet = lectern_article_store_get_snippet (store, query, id, &error);
    g_assert_no_error (error);
  }

  /* The operators are just words. */
  assert_finds (store, "NEAR", id);
  assert_finds (store, "and or", id);

  for (guint i = 0; i < 2000; i++)
    g_string_append (long_query, i % 3 == 0 ? "\"x " : i % 3 == 1 ? "-y* " : "NEAR( ");
  {
    g_autofree char *found = search (store, long_query->str, LECTERN_FILTER_ALL);

    g_assert_cmpstr (found, ==, "");
  }
  assert_store_index_in_step (store);
}

/* Chinese has no spaces: a two-character word inside a run is found, and so is one
 * character.
 */
static void
test_chinese (Fixture       *fixture,
              gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (LecternQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *snippet = NULL;
  gint64 model, weather;

  model = add_article (store, "人工智能新闻", "https://news.example/ai",
                       "今天的消息是大模型也开始免费开放了,很多人都在试用。", 100);
  weather = add_article (store, "天气预报", "https://news.example/weather",
                         "明天北京有雨,气温下降。", 200);

  assert_finds (store, "模型", model);
  assert_finds (store, "免费开放", model);
  assert_finds (store, "雨", weather);
  assert_finds (store, "北京 气温", weather);
  assert_finds_nothing (store, "上海");

  query = lectern_query_parse ("免费");
  snippet = lectern_article_store_get_snippet (store, query, model, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snippet);
  g_assert_nonnull (strstr (snippet, LECTERN_SNIPPET_MATCH_START));
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
}

/* The snippet marks what matched in the text, and is absent when only the title did. */
static void
test_snippet (Fixture       *fixture,
              gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (LecternQuery) body_query = lectern_query_parse ("lighthouse");
  g_autoptr (LecternQuery) title_query = lectern_query_parse ("keepers");
  g_autoptr (LecternQuery) tag_query = lectern_query_parse ("tag:coast");
  g_autofree char *snippet = NULL;
  g_autofree char *title_snippet = NULL;
  g_autofree char *tag_snippet = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  for (guint i = 0; i < 100; i++)
    g_string_append (text, "Waves roll over the rocks. ");
  g_string_append (text, "At last the lighthouse appears on the cliff. ");
  for (guint i = 0; i < 100; i++)
    g_string_append (text, "Gulls cry above the bay. ");

  id = add_article (store, "The keepers", "https://coast.example/", text->str, 100);

  snippet = lectern_article_store_get_snippet (store, body_query, id, &error);
  g_assert_no_error (error);
  expected = g_strconcat (LECTERN_SNIPPET_MATCH_START, "lighthouse", LECTERN_SNIPPET_MATCH_END,
                          NULL);
  g_assert_nonnull (strstr (snippet, expected));
  /* About 20 words, cut on both sides. */
  g_assert_true (g_str_has_prefix (snippet, "…"));
  g_assert_true (g_str_has_suffix (snippet, "…"));
  g_assert_cmpuint (strlen (snippet), <, 200);

  title_snippet = lectern_article_store_get_snippet (store, title_query, id, &error);
  g_assert_no_error (error);
  g_assert_null (title_snippet);

  tag_snippet = lectern_article_store_get_snippet (store, tag_query, id, &error);
  g_assert_no_error (error);
  g_assert_null (tag_snippet);
}

/* The snippet of @id for @text, or NULL. */
static char *
get_snippet (LecternArticleStore *store,
             const char          *text,
             gint64               id)
{
  g_autoptr (LecternQuery) query = lectern_query_parse (text);
  g_autoptr (GError) error = NULL;
  char *snippet;

  snippet = lectern_article_store_get_snippet (store, query, id, &error);
  g_assert_no_error (error);
  return snippet;
}

/* An article's snippet comes from its own text, whatever the other articles hold: the
 * same with thousands of others full of the word, and never a piece of theirs.
 */
static void
test_snippet_others (Fixture       *fixture,
                     gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) other_text = g_string_new (NULL);
  g_autofree char *alone = NULL;
  g_autofree char *among = NULL;
  g_autofree char *both = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id, other = 0;

  for (guint i = 0; i < 50; i++)
    g_string_append (text, "Waves roll over the rocks. ");
  g_string_append (text, "At last the lighthouse appears on the cliff. ");
  for (guint i = 0; i < 50; i++)
    g_string_append (text, "Gulls cry above the bay. ");
  id = add_article (store, "The keepers", "https://coast.example/", text->str, 100);

  alone = get_snippet (store, "lighthouse", id);
  g_assert_nonnull (alone);

  for (guint i = 0; i < 200; i++)
    g_string_append (other_text, "Another lighthouse stands on another rock. ");
  for (guint i = 1; i <= 3000; i++) {
    g_autofree char *url = g_strdup_printf ("https://lights.example/%u", i);

    other = add_article (store, "Lighthouse keepers", url, other_text->str, 100 + i);
  }

  among = get_snippet (store, "lighthouse", id);
  g_assert_cmpstr (among, ==, alone);
  g_assert_null (strstr (among, "Another"));

  /* The other articles still get theirs, and the first one its own again. */
  g_clear_pointer (&among, g_free);
  among = get_snippet (store, "lighthouse", other);
  g_assert_nonnull (strstr (among, "Another"));
  g_clear_pointer (&among, g_free);
  among = get_snippet (store, "lighthouse", id);
  g_assert_cmpstr (among, ==, alone);

  /* A word in the title and one in the text: the article matches, the text's is marked. */
  both = get_snippet (store, "keepers lighthouse", id);
  expected = g_strconcat (LECTERN_SNIPPET_MATCH_START, "lighthouse", LECTERN_SNIPPET_MATCH_END,
                          NULL);
  g_assert_nonnull (both);
  g_assert_nonnull (strstr (both, expected));

  /* A word half typed is a prefix. */
  prefix = get_snippet (store, "lightho", id);
  g_assert_nonnull (prefix);
  g_assert_nonnull (strstr (prefix, LECTERN_SNIPPET_MATCH_START "lighthouse"));

  /* Words the article lacks, and a deleted article, have none. */
  g_assert_null (get_snippet (store, "lighthouse stands", id));
  g_assert_true (lectern_article_store_delete (store, id, &error));
  g_assert_no_error (error);
  g_assert_null (get_snippet (store, "lighthouse", id));
}

/* Saved again with other text, an article's snippet is of the new text. */
static void
test_snippet_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (LecternArticle) saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *other_snippet = NULL;
  gint64 id, other;

  id = lectern_article_store_add_pending (store, "https://news.example/tomatoes",
                                          "https://news.example/tomatoes", &error);
  g_assert_no_error (error);
  other = add_article (store, "Indoors", "https://news.example/other",
                       "Growing basil indoors is easy.", 100);

  saved = lectern_test_article_new ("Tomatoes in winter", "https://news.example/tomatoes",
                                    "Growing tomatoes indoors needs light.");
  g_assert_true (lectern_article_store_finish_save (store, id, saved, NULL, &error));
  g_assert_no_error (error);
  before = get_snippet (store, "indoors", id);
  g_assert_nonnull (before);
  g_assert_nonnull (strstr (before, "tomatoes " LECTERN_SNIPPET_MATCH_START "indoors"));

  lectern_article_set_plain_text (saved, "Peppers like warmth, indoors or out.");
  g_assert_true (lectern_article_store_finish_save (store, id, saved, NULL, &error));
  g_assert_no_error (error);
  after = get_snippet (store, "indoors", id);
  g_assert_nonnull (after);
  g_assert_nonnull (strstr (after, "Peppers"));
  g_assert_null (strstr (after, "tomatoes"));
  g_assert_null (get_snippet (store, "light", id));

  other_snippet = get_snippet (store, "indoors", other);
  g_assert_nonnull (strstr (other_snippet, "basil"));
}

typedef struct {
  GArray *ids;
  GError *error;
  gboolean done;
} SearchResult;

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SearchResult *search = user_data;

  search->ids = lectern_article_store_search_ids_finish (LECTERN_ARTICLE_STORE (object), result,
                                                         &search->error);
  search->done = TRUE;
}

/* A search off the main thread gives what the same search on it gives; a cancelled one
 * says so.
 */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (LecternQuery) query = lectern_query_parse ("meadow");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SearchResult result = { NULL, NULL, FALSE };
  SearchResult cancelled = { NULL, NULL, FALSE };
  gint64 first, second;

  first = add_article (store, "Meadow flowers", "https://m.example/1", "Poppies.", 100);
  second = add_article (store, "Flowers", "https://m.example/2", "A meadow in June.", 200);

  lectern_article_store_search_ids_async (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, NULL, searched_cb, &result);
  lectern_test_wait_until (result.done);
  g_assert_no_error (result.error);
  g_assert_cmpuint (result.ids->len, ==, 2);
  g_assert_cmpint (g_array_index (result.ids, gint64, 0), ==, first);
  g_assert_cmpint (g_array_index (result.ids, gint64, 1), ==, second);
  g_array_unref (result.ids);

  g_cancellable_cancel (cancellable);
  lectern_article_store_search_ids_async (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, cancellable, searched_cb, &cancelled);
  lectern_test_wait_until (cancelled.done);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled.ids);
  g_clear_error (&cancelled.error);
}

/* A word in thousands of articles: all are found, once each; the newest 2,000 are
 * ranked, so a title match among them comes first, and the older ones follow newest first.
 */
static void
test_many_matches (Fixture       *fixture,
                   gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (LecternQuery) query = lectern_query_parse ("river");
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 old_title = 0, new_title = 0;

  for (guint i = 1; i <= 2500; i++) {
    g_autofree char *url = g_strdup_printf ("https://many.example/%u", i);
    gboolean title = i == 1 || i == 2400;
    gint64 id = add_article (store, title ? "The river" : "A walk", url,
                             "We walked along the river for an hour.", i);

    if (i == 1)
      old_title = id;
    else if (i == 2400)
      new_title = id;
  }

  ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2500);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_add (seen, &g_array_index (ids, gint64, i)));

  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, new_title);
  /* Ranked: the newest body match right after the title match. */
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, new_title + 100);
  /* Not ranked: the oldest, title match or not, comes last. */
  g_assert_cmpint (g_array_index (ids, gint64, 2499), ==, old_title);

  g_clear_pointer (&ids, g_array_unref);
  ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 10);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, new_title);
}

/* Makes a library as Lectern's schema 4 left it, with @n articles in it, every fifth one
 * deleted.
 */
static void
make_old_library (const char *path,
                  guint       n)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  _lectern_database_set_max_version (4);
  db = lectern_database_open (path, FALSE, &error);
  _lectern_database_set_max_version (0);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, 4);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name IN ('tags', 'search')"), ==, 0);

  g_assert_true (lectern_database_begin (db, &error));
  stmt = lectern_database_prepare (db,
                                   "INSERT INTO articles (url, normalized_url, title,"
                                   "  saved_at, updated_at, plain_text, body_html, deleted_at)"
                                   " VALUES (?1, ?1, ?2, ?3, ?3, ?4, ?4, ?5)",
                                   &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++) {
    g_autofree char *url = g_strdup_printf ("https://old.example/%u", i);
    g_autofree char *title = g_strdup_printf ("Old article number%u", i);
    g_autofree char *text = g_strdup_printf ("%s text of the kept library, word%u.",
                                             i % 2 ? "Odd" : "Even", i);

    lectern_statement_reset (stmt);
    lectern_statement_bind_text (stmt, 0, url);
    lectern_statement_bind_text (stmt, 1, title);
    lectern_statement_bind_int64 (stmt, 2, i);
    lectern_statement_bind_text (stmt, 3, text);
    if (i % 5 == 0)
      lectern_statement_bind_int64 (stmt, 4, 1);
    else
      lectern_statement_bind_null (stmt, 4);
    g_assert_true (lectern_statement_run (stmt, &error));
    g_assert_no_error (error);
  }
  g_assert_true (lectern_database_commit (db, &error));
  g_assert_no_error (error);
}

static guint
count_found (LecternArticleStore *store,
             const char          *text)
{
  g_autoptr (GArray) ids = search_ids (store, text, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, 0);

  return ids->len;
}

static void
progress_notified_cb (GObject    *object,
                      GParamSpec *pspec,
                      guint      *n_notified)
{
  (*n_notified)++;
}

/* A library of schema 4 opens at once; its index is built afterwards, batch by batch,
 * with its progress shown, and the articles changed meanwhile stay right.
 */
static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  const char *tags[] = { "Kept", NULL };
  guint64 done = 0, total = 0;
  gboolean complete = FALSE;
  guint n_notified = 0;
  gint64 added;

  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);
  lectern_test_rm_rf (fixture->dir);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);

  make_old_library (fixture->path, 5000);

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (lectern_article_store_get_database (store)),
                   ==, LECTERN_DATABASE_VERSION);
  g_assert_false (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (done, ==, 0);
  g_assert_cmpuint (total, ==, 5000);
  /* The lists are counted once, by the migration, and kept from then on. */
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, &error), ==, 4000);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_UNREAD, &error), ==, 4000);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ARCHIVE, &error), ==, 0);
  g_assert_no_error (error);

  /* Nothing indexed yet; the library works all the same, and what changes now is right. */
  g_assert_cmpuint (count_found (store, "odd"), ==, 0);
  g_assert_cmpuint (count_found (store, "site:old.example"), ==, 0);
  g_assert_true (lectern_article_store_set_tags (store, 3, tags, &error));
  g_assert_true (lectern_article_store_delete (store, 7, &error));
  g_assert_true (lectern_article_store_undelete (store, 10, &error));
  g_assert_no_error (error);
  added = add_article (store, "A new one", "https://new.example/", "Odd news.", 9000);
  g_assert_cmpuint (count_found (store, "odd"), ==, 1);
  assert_store_index_in_step (store);

  /* One batch, then the rest in the background. */
  g_assert_true (lectern_article_store_build_index_step (store, 1000, &complete, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_false (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (done, ==, 1000);
  /* Odd articles 1…999 but the deleted ones (every fifth, and 7), and the new one. */
  g_assert_cmpuint (count_found (store, "odd"), ==, 399 + 1);
  assert_store_index_in_step (store);

  g_signal_connect (store, "notify::index-progress", G_CALLBACK (progress_notified_cb),
                    &n_notified);
  lectern_test_build_index (store);
  g_assert_cmpuint (n_notified, >=, 2);
  g_assert_true (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (total, ==, 0);

  {
    double progress = 0;

    g_object_get (store, "index-progress", &progress, NULL);
    g_assert_cmpfloat (progress, ==, 1.0);
  }

  /* Every visible article is found: 4000 of 5000, less the one deleted, plus the one
   * brought back, plus the new one.
   */
  g_assert_cmpuint (count_found (store, "library"), ==, 4000);
  g_assert_cmpuint (count_found (store, "odd"), ==, 1999 + 1);
  /* A space after the word: no prefix search. */
  g_assert_cmpuint (count_found (store, "word3 "), ==, 1);
  g_assert_cmpuint (count_found (store, "word7 "), ==, 0);
  g_assert_cmpuint (count_found (store, "word10 "), ==, 1);
  g_assert_cmpuint (count_found (store, "tag:kept"), ==, 1);
  g_assert_cmpint (added, >, 5000);
  /* Less the one deleted, plus the one brought back and the new one. */
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, &error), ==, 4001);
  g_assert_no_error (error);
  assert_store_index_in_step (store);

  lectern_article_store_close (store);
}

/* The first results of a search are the first of all its results, in every sort and list:
 * for a large tag or site the store walks the sort's index, for a small one it sorts, and
 * with words it ranks the newest matches.
 */
static void
test_first_results (Fixture       *fixture,
                    gconstpointer  data)
{
  LecternArticleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *queries[] = {
    "tag:big", "tag:small", "tag:other tag:small", "site:big.example", "tag:big site:big.example",
    "tag:big -site:big.example", "-tag:big", "is:unread tag:big", "tag:big -is:starred",
    "harbour", "harbour tag:big", "harbour -tag:small", "harbour site:big.example",
    "harbour -site:big.example", "-fog", "boats -site:big.example -tag:big",
  };

  for (guint i = 1; i <= 400; i++) {
    g_autofree char *title = g_strdup_printf ("Note %u", i);
    g_autofree char *url = g_strdup_printf (i % 3 ? "https://other.example/%u"
                                                   : "https://www.big.example/%u", i);
    g_autofree char *text = g_strdup_printf ("%s the harbour %s.", i % 4 ? "Boats in" : "Fog on",
                                             i % 5 ? "at dawn" : "and the harbour wall");
    const char *tags[] = { i % 2 ? "Big" : "Other", i % 50 ? NULL : "Small", NULL };
    gint64 id;

    /* Saved in an order of their own, and of lengths of their own, so that neither the
     * ids nor the sorts agree with each other.
     */
    id = add_article (store, title, url, text, (i * 7919) % 1000);
    g_assert_true (lectern_article_store_set_tags (store, id, tags, &error));
    g_assert_no_error (error);
    if (i % 3 == 1)
      g_assert_true (lectern_article_store_set_flag (store, id, LECTERN_ARTICLE_CHANGE_READ,
                                                     TRUE, &error));
    if (i % 7 == 1)
      g_assert_true (lectern_article_store_set_flag (store, id, LECTERN_ARTICLE_CHANGE_STARRED,
                                                     TRUE, &error));
    g_assert_no_error (error);
  }

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++) {
    for (LecternFilter filter = 0; filter < LECTERN_N_FILTERS; filter++) {
      for (LecternSort sort = LECTERN_SORT_NEWEST; sort <= LECTERN_SORT_LONGEST; sort++) {
        g_autoptr (GArray) all = search_ids (store, queries[q], filter, sort, 0);
        g_autoptr (GArray) first = search_ids (store, queries[q], filter, sort, 30);

        g_assert_cmpuint (first->len, ==, MIN (all->len, 30));
        for (guint i = 0; i < first->len; i++)
          g_assert_cmpint (g_array_index (first, gint64, i), ==, g_array_index (all, gint64, i));
        if (filter == LECTERN_FILTER_ALL && sort == LECTERN_SORT_NEWEST)
          g_assert_cmpuint (all->len, >, 0);
      }
    }
  }
}

/* Three articles in a library of version 5 (the version _lectern_database_set_max_version()
 * allows), written as Lectern of that version wrote them: the row, then its entry in the
 * search index. The store of today writes columns that version has not.
 */
static void
add_old_articles (const char *path)
{
  static const char * const rows[][3] = {
    { "Theory of everything", "https://a.example/1", "Physics." },
    { "Them and us", "https://a.example/2", "Politics." },
    { "大模型", "https://a.example/3", "Thermal physics." },
  };
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    g_autoptr (LecternStatement) stmt = NULL;

    stmt = lectern_database_prepare (db,
                                     "INSERT INTO articles (url, normalized_url, title,"
                                     "  saved_at, updated_at, plain_text, body_html)"
                                     " VALUES (?2, ?2, ?1, ?4, ?4, ?3, ?3)",
                                     &error);
    g_assert_no_error (error);
    for (guint j = 0; j < 3; j++)
      lectern_statement_bind_text (stmt, j, rows[i][j]);
    lectern_statement_bind_int64 (stmt, 3, i + 1);
    g_assert_true (lectern_statement_run (stmt, &error));
    g_assert_no_error (error);
    g_assert_true (lectern_database_exec (db,
                                          "INSERT INTO search (rowid, title, byline, site_name,"
                                          "  host, tags, plain_text)"
                                          " SELECT id, title, byline, site_name, host, tags,"
                                          "  plain_text FROM search_source"
                                          " WHERE id = last_insert_rowid ()",
                                          &error));
    g_assert_no_error (error);
  }
}

/* A library of schema 5, whose index lacks the prefixes, gets an index with them, built
 * in the background like the first one; its articles are found meanwhile as far as it is
 * built, and all of them after.
 */
static void
test_migrate_prefixes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  guint64 done = 0, total = 0;

  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);
  lectern_test_rm_rf (fixture->dir);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);

  _lectern_database_set_max_version (5);
  add_old_articles (fixture->path);
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (lectern_article_store_get_database (store)),
                   ==, 5);
  g_assert_cmpuint (count_found (store, "the"), ==, 3);
  lectern_article_store_close (store);
  g_clear_object (&store);
  _lectern_database_set_max_version (0);

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT count(*) FROM sqlite_master"
                                           " WHERE name = 'search'"
                                           "   AND sql LIKE '%prefix = ''3''%'"), ==, 1);
  g_assert_false (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (count_found (store, "the"), ==, 0);

  lectern_test_build_index (store);
  g_assert_cmpuint (count_found (store, "the"), ==, 3);
  g_assert_cmpuint (count_found (store, "theo"), ==, 1);
  g_assert_cmpuint (count_found (store, "模型 phys"), ==, 1);
  assert_store_index_in_step (store);

  lectern_article_store_close (store);
}

/* A library indexed by another version of the tokenizer is indexed again when it is
 * opened: its old index could neither find its articles nor let them go rightly.
 */
static void
test_tokenizer_changed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  guint64 done = 0, total = 0;
  gint64 kept, deleted;

  kept = add_article (fixture->store, "大模型也开始免费开放", "https://a.example/1",
                      "Le café du coin.", 1);
  deleted = add_article (fixture->store, "Another", "https://a.example/2", "Café noir.", 2);
  g_assert_true (lectern_article_store_delete (fixture->store, deleted, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_get_index_progress (fixture->store, &done, &total));
  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);

  /* As an older Lectern with another tokenizer would have left it. */
  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT tokenizer FROM search_meta"), ==,
                   LECTERN_TOKENIZER_VERSION);
  g_assert_true (lectern_database_exec (db, "UPDATE search_meta SET tokenizer = 0", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (done, ==, 0);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpuint (count_found (store, "cafe"), ==, 0);
  assert_store_index_in_step (store);

  lectern_test_build_index (store);
  g_assert_true (lectern_article_store_get_index_progress (store, &done, &total));
  assert_finds (store, "cafe", kept);
  assert_finds (store, "模型", kept);
  assert_store_index_in_step (store);
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT tokenizer FROM search_meta"), ==,
                   LECTERN_TOKENIZER_VERSION);
  lectern_article_store_close (store);

  /* Once indexed, opening it again finds nothing to do. */
  g_clear_object (&store);
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_get_index_progress (store, &done, &total));
  assert_finds (store, "cafe", kept);
  lectern_article_store_close (store);
}

/* The helpers: they write to the library until they are killed. */

static int
helper_write (const char *path)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new ();
  g_autoptr (GString) text = g_string_new (NULL);

  store = lectern_article_store_new (path, &error);
  g_assert_no_error (error);

  /* Long texts, so that much of the time goes into the index. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "word%u 词语%u ", i % 97, i % 13);

  for (guint i = 0;; i++) {
    g_autoptr (GArray) ids = lectern_article_store_list_ids (store, LECTERN_FILTER_ALL,
                                                            LECTERN_SORT_NEWEST, NULL);
    gint64 id = ids->len > 0 ? g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len))
                             : 0;
    g_autofree char *tag = g_strdup_printf ("tag%d", g_rand_int_range (rand, 0, 5));
    const char *tags[] = { tag, "Common", NULL };
    g_autofree char *url = g_strdup_printf ("https://kill.example/%u", i);

    switch (id == 0 ? 0 : g_rand_int_range (rand, 0, 9)) {
      case 0:
        add_article (store, "Killed while writing", url, text->str, i);
        break;
      case 1:
        lectern_article_store_set_tags (store, id, tags, NULL);
        break;
      case 2:
        lectern_article_store_delete (store, id, NULL);
        break;
      case 3:
        lectern_article_store_rename_tag (store, tag, "Renamed", NULL);
        break;
      case 4:
        {
          g_autoptr (LecternArticle) article = lectern_test_article_new ("Saved again", url,
                                                                         text->str);

          lectern_article_store_finish_save (store, id, article, NULL, NULL);
        }
        break;
      case 5:
        lectern_article_store_delete_tag (store, "Common", NULL, NULL);
        break;
      case 6:
        lectern_article_store_set_flag (store, id, LECTERN_ARTICLE_CHANGE_READ,
                                        g_rand_boolean (rand), NULL);
        break;
      case 7:
        lectern_article_store_undelete (store, id - 1, NULL);
        break;
      default:
        lectern_article_store_purge_deleted (store, NULL);
        break;
    }

    g_print ("wrote %u\n", i);
  }

  return 0;
}

static int
helper_build (const char *path)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gboolean complete = FALSE;

  store = lectern_article_store_new (path, &error);
  g_assert_no_error (error);

  /* A batch for each line the test writes, so that it knows how far the build got,
   * however fast batches are.
   */
  while (!complete) {
    char line[16];

    if (!fgets (line, sizeof line, stdin))
      return 1;
    g_assert_true (lectern_article_store_build_index_step (store, 50, &complete, &error));
    g_assert_no_error (error);
    g_print ("batch\n");
  }

  g_print ("complete\n");
  return 0;
}

static GSubprocess *
spawn_helper (const char *mode,
              const char *path)
{
  g_autoptr (GError) error = NULL;
  GSubprocess *helper;

  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                             &error, self_exe, "--helper", mode, path, NULL);
  g_assert_no_error (error);
  return helper;
}

/* Reads @n lines of what @helper prints. */
static void
read_lines (GSubprocess *helper,
            guint        n)
{
  g_autoptr (GDataInputStream) lines = NULL;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (guint i = 0; i < n; i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (line);
  }
}

/* Lets the "build" helper run one more batch. */
static void
go_on (GSubprocess *helper)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (helper), "go\n", 3,
                                            NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
helper_gone_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

static void
kill_helper (GSubprocess *helper)
{
  gboolean gone = FALSE;

  g_subprocess_force_exit (helper);
  g_subprocess_wait_async (helper, NULL, helper_gone_cb, &gone);
  lectern_test_wait_until (gone);
  g_assert_true (g_subprocess_get_if_signaled (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);
}

/* A process writing to the library as fast as it can, big texts and tags, is killed
 * with SIGKILL at a random moment, over and over: each time the index matches the
 * articles exactly.
 */
static void
test_kill_while_writing (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);

  for (guint round = 0; round < 8; round++) {
    g_autoptr (GSubprocess) helper = spawn_helper ("write", fixture->path);
    g_autoptr (LecternDatabase) db = NULL;
    guint n = g_test_rand_int_range (1, 12);

    read_lines (helper, n);
    kill_helper (helper);
    g_test_message ("round %u: killed after %u writes", round, n);

    db = lectern_database_open (fixture->path, FALSE, &error);
    g_assert_no_error (error);
    assert_index_in_step (db);
    /* Every visible article that has the word is found by it, and no other. */
    g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM search"
                                                 " WHERE search MATCH 'word5'"),
                     ==, lectern_test_query_int (db, "SELECT count(*) FROM articles"
                                                     " WHERE deleted_at IS NULL"));
    g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM search"
                                                 " WHERE search MATCH 'common'"),
                     ==, lectern_test_query_int (db, "SELECT count(DISTINCT a.id)"
                                                     " FROM articles AS a"
                                                     " JOIN article_tags AS at"
                                                     " ON at.article_id = a.id"
                                                     " JOIN tags AS t ON t.id = at.tag_id"
                                                     " WHERE t.key = 'common'"
                                                     " AND a.deleted_at IS NULL"));
    /* And the tags' counts are those of the library. */
    g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM"
                                                 " (SELECT at.tag_id, count (*)"
                                                 "  FROM article_tags AS at JOIN articles AS a"
                                                 "  ON a.id = at.article_id"
                                                 "  WHERE a.deleted_at IS NULL"
                                                 "  GROUP BY at.tag_id"
                                                 "  EXCEPT SELECT tag_id, n_all"
                                                 "  FROM tag_counts WHERE n_all > 0)"), ==, 0);
  }
}

/* The build of an older library's index, killed halfway, goes on where it stopped. */
static void
test_kill_while_building (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  guint64 done = 0, total = 0;
  guint64 last_done = 0;

  lectern_article_store_close (fixture->store);
  g_clear_object (&fixture->store);
  lectern_test_rm_rf (fixture->dir);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  make_old_library (fixture->path, 2000);

  for (guint round = 0; round < 4; round++) {
    g_autoptr (GSubprocess) helper = spawn_helper ("build", fixture->path);
    g_autoptr (LecternDatabase) db = NULL;
    guint n_batches = g_test_rand_int_range (1, 6);

    /* A few whole batches, then a kill while the next one may be under way. */
    for (guint i = 0; i < n_batches; i++) {
      go_on (helper);
      read_lines (helper, 1);
    }
    go_on (helper);
    kill_helper (helper);

    db = lectern_database_open (fixture->path, FALSE, &error);
    g_assert_no_error (error);
    assert_index_in_step (db);
    done = lectern_test_query_int (db, "SELECT done FROM search_backlog");
    g_assert_cmpuint (done, >, last_done);
    g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM search"
                                                 " WHERE search MATCH 'library'"),
                     ==, lectern_test_query_int (db, "SELECT count(*) FROM articles"
                                                     " WHERE deleted_at IS NULL AND id <="
                                                     " (SELECT done_id FROM search_backlog)"));
    last_done = done;
  }

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (lectern_article_store_get_index_progress (store, &done, &total));
  g_assert_cmpuint (done, ==, last_done);
  g_assert_cmpuint (total, ==, 2000);
  while (!lectern_article_store_get_index_progress (store, NULL, NULL)) {
    g_assert_true (lectern_article_store_build_index_step (store, 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_found (store, "library"), ==, 1600);
  assert_store_index_in_step (store);
  lectern_article_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--helper")) {
    _lectern_database_set_busy_timeout (60000);
    if (g_str_equal (argv[2], "write"))
      return helper_write (argv[3]);
    if (g_str_equal (argv[2], "build"))
      return helper_build (argv[3]);
    return 2;
  }

  g_test_init (&argc, &argv, NULL);

  self_exe = g_canonicalize_filename (argv[0], NULL);

#define ADD(name, func) \
  g_test_add ("/core/search-store/" name, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("in-step", test_in_step);
  ADD ("ranking", test_ranking);
  ADD ("ranking-weights", test_ranking_weights);
  ADD ("first-results", test_first_results);
  ADD ("filters", test_filters);
  ADD ("many-matches", test_many_matches);
  ADD ("hostile", test_hostile);
  ADD ("chinese", test_chinese);
  ADD ("snippet", test_snippet);
  ADD ("snippet-others", test_snippet_others);
  ADD ("snippet-changed", test_snippet_changed);
  ADD ("async", test_async);
  ADD ("migrate", test_migrate);
  ADD ("migrate-prefixes", test_migrate_prefixes);
  ADD ("tokenizer-changed", test_tokenizer_changed);
  ADD ("kill-while-writing", test_kill_while_writing);
  ADD ("kill-while-building", test_kill_while_building);

#undef ADD

  return g_test_run ();
}
