/* test-query.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-query.h"
#include "lectern-tag.h"
#include "lectern-tokenizer.h"

#include "lectern-test-utils.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

static char *
join (const char * const *strv)
{
  return g_strjoinv ("|", (char **)strv);
}

#define assert_strv(strv, expected) \
  G_STMT_START { \
    g_autofree char *joined_ = join (strv); \
    g_assert_cmpstr (joined_, ==, (expected)); \
  } G_STMT_END

static void
test_words (void)
{
  g_autoptr (LecternQuery) query = NULL;

  query = lectern_query_parse ("deep learning");
  g_assert_cmpstr (lectern_query_get_text (query), ==, "deep learning");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"deep\" \"learning\"*");
  assert_strv (lectern_query_get_phrases (query), "\"deep\"|\"learning\"*");
  g_assert_null (lectern_query_get_exclude_match (query));
  g_assert_false (lectern_query_is_empty (query));
  g_clear_pointer (&query, lectern_query_unref);

  /* A word of one or two characters matches whole even while it is typed: "t" would
   * select nearly every article. From the third character on, it is a prefix too.
   */
  query = lectern_query_parse ("deep t");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"deep\" \"t\"");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("th");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"th\"");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("the");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"the\"*");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("Кот");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"Кот\"*");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("\"machine learning\" -x ab-c");
  assert_strv (lectern_query_get_phrases (query), "\"machine learning\"|\"ab-c\"");
  g_clear_pointer (&query, lectern_query_unref);

  /* A space after the last word: it is typed in full. */
  query = lectern_query_parse ("  deep   learning ");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"deep\" \"learning\"");
  g_clear_pointer (&query, lectern_query_unref);

  /* Phrases, closed or not; the text inside is left to the tokenizer. */
  query = lectern_query_parse ("\"machine learning\" models \"open wei");
  g_assert_cmpstr (lectern_query_get_match (query), ==,
                   "\"machine learning\" \"models\" \"open wei\"");
  g_clear_pointer (&query, lectern_query_unref);

  /* The quotes and colons Chinese and Japanese input methods type. */
  query = lectern_query_parse ("“machine learning” tag：阅读 ＂open source＂ ”x");
  g_assert_cmpstr (lectern_query_get_match (query), ==,
                   "\"machine learning\" \"open source\" \"x\"");
  assert_strv (lectern_query_get_tags (query), "阅读");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("tag：“读 书” -“a b” quant");
  assert_strv (lectern_query_get_tags (query), "读 书");
  g_assert_cmpstr (lectern_query_get_exclude_match (query), ==, "\"a b\"");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"quant\"*");
  g_clear_pointer (&query, lectern_query_unref);

  /* Exclusions: a word or a phrase, never a prefix. */
  query = lectern_query_parse ("python -snake -\"monty python\" -java");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"python\"");
  g_assert_cmpstr (lectern_query_get_exclude_match (query), ==,
                   "\"snake\" OR \"monty python\" OR \"java\"");
  g_clear_pointer (&query, lectern_query_unref);

  /* A word ending in Chinese or Thai is no prefix: its pairs are whole. */
  query = lectern_query_parse ("deep 模型");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"deep\" \"模型\"");
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("模型 gpt");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"模型\" \"gpt\"*");
  g_clear_pointer (&query, lectern_query_unref);

  /* Words are not lower-cased here: the tokenizer folds them, in the index and the query. */
  query = lectern_query_parse ("Café");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"Café\"*");
  g_clear_pointer (&query, lectern_query_unref);
}

static void
test_empty (void)
{
  static const char * const empty[] = {
    "", " ", "\t\n", "-", " - ", "--", "\"", "\"\"", "-\"\"", "***", "...", "🎉 📚", "tag:",
    "site:", "is:", "is:nothing", "tag:\"  \"", "-tag:", "\x01\x02", "\xff\xfe",
  };

  for (guint i = 0; i < G_N_ELEMENTS (empty); i++) {
    g_autoptr (LecternQuery) query = lectern_query_parse (empty[i]);
    g_autofree char *escaped = g_strescape (empty[i], NULL);

    g_test_message ("%s", escaped);
    g_assert_true (lectern_query_is_empty (query));
    g_assert_null (lectern_query_get_match (query));
    g_assert_null (lectern_query_get_exclude_match (query));
    assert_strv (lectern_query_get_tags (query), "");
    assert_strv (lectern_query_get_sites (query), "");
    g_assert_cmpint (lectern_query_get_flags (query), ==, 0);
  }

  /* NULL is the empty query too. */
  {
    g_autoptr (LecternQuery) query = lectern_query_parse (NULL);

    g_assert_true (lectern_query_is_empty (query));
    g_assert_cmpstr (lectern_query_get_text (query), ==, "");
  }
}

static void
test_tags (void)
{
  g_autoptr (LecternQuery) query = NULL;

  query = lectern_query_parse ("tag:Reading TAG:\"Machine  Learning\" -tag:done report");
  assert_strv (lectern_query_get_tags (query), "reading|machine  learning");
  assert_strv (lectern_query_get_excluded_tags (query), "done");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"report\"*");
  g_assert_false (lectern_query_is_empty (query));
  g_clear_pointer (&query, lectern_query_unref);

  /* Keys as the store makes them: trimmed, NFC, case-folded. */
  query = lectern_query_parse ("tag:\" Cafe\xcc\x81\xc2\xa0\" tag:STRASSE tag:Straße tag:中文");
  assert_strv (lectern_query_get_tags (query), "café|strasse|strasse|中文");
  for (guint i = 0; lectern_query_get_tags (query)[i]; i++) {
    const char *key = lectern_query_get_tags (query)[i];
    g_autofree char *again = lectern_tag_key (key);

    g_assert_cmpstr (key, ==, again);
  }
  g_clear_pointer (&query, lectern_query_unref);

  /* A tag alone filters by nothing else. */
  query = lectern_query_parse ("tag:ai");
  g_assert_null (lectern_query_get_match (query));
  g_assert_false (lectern_query_is_empty (query));
  g_clear_pointer (&query, lectern_query_unref);

  /* An unclosed quoted tag runs to the end. */
  query = lectern_query_parse ("tag:\"to read");
  assert_strv (lectern_query_get_tags (query), "to read");
  g_clear_pointer (&query, lectern_query_unref);
}

static void
test_sites (void)
{
  g_autoptr (LecternQuery) query = NULL;

  query = lectern_query_parse ("site:Example.ORG -site:news.example.org rust");
  assert_strv (lectern_query_get_sites (query), "example.org");
  assert_strv (lectern_query_get_excluded_sites (query), "news.example.org");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"rust\"*");
  g_clear_pointer (&query, lectern_query_unref);

  /* What people paste: a scheme, a port, a path, a trailing dot. */
  query = lectern_query_parse ("site:https://www.Example.com:8080/a/b?c site:lwn.net. "
                               "site:*.gnome.org");
  assert_strv (lectern_query_get_sites (query), "www.example.com|lwn.net|gnome.org");
  g_clear_pointer (&query, lectern_query_unref);

  /* A word with a colon that is no key is a word. */
  query = lectern_query_parse ("title:rust http://xyz");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"title:rust\" \"http://xyz\"*");
  assert_strv (lectern_query_get_sites (query), "");
  g_clear_pointer (&query, lectern_query_unref);
}

static void
test_flags (void)
{
  g_autoptr (LecternQuery) query = NULL;

  query = lectern_query_parse ("is:unread IS:Starred -is:archived");
  g_assert_cmpint (lectern_query_get_flags (query), ==,
                   LECTERN_QUERY_UNREAD | LECTERN_QUERY_STARRED);
  g_assert_cmpint (lectern_query_get_excluded_flags (query), ==, LECTERN_QUERY_ARCHIVED);
  g_assert_null (lectern_query_get_match (query));
  g_assert_false (lectern_query_is_empty (query));
  g_clear_pointer (&query, lectern_query_unref);

  query = lectern_query_parse ("is:favourite");
  g_assert_cmpint (lectern_query_get_flags (query), ==, LECTERN_QUERY_STARRED);
  g_clear_pointer (&query, lectern_query_unref);
  query = lectern_query_parse ("is:favorite -is:unread");
  g_assert_cmpint (lectern_query_get_flags (query), ==, LECTERN_QUERY_STARRED);
  g_assert_cmpint (lectern_query_get_excluded_flags (query), ==, LECTERN_QUERY_UNREAD);
  g_clear_pointer (&query, lectern_query_unref);

  /* Half typed, it filters by nothing yet (rather than by the words "is" and "unr"). */
  query = lectern_query_parse ("is:unr");
  g_assert_true (lectern_query_is_empty (query));
  g_clear_pointer (&query, lectern_query_unref);
}

static void
test_refcount (void)
{
  LecternQuery *query = lectern_query_parse ("a bcd");
  LecternQuery *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (lectern_query_ref (query) == query);
  lectern_query_unref (query);

  /* A boxed type, so that it can be a property and a signal argument. */
  g_value_init (&value, LECTERN_TYPE_QUERY);
  g_value_set_boxed (&value, query);
  copy = g_value_dup_boxed (&value);
  g_assert_true (copy == query);
  lectern_query_unref (copy);
  g_value_unset (&value);

  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"a\" \"bcd\"*");
  lectern_query_unref (query);
}

/* Every hostile query runs as MATCH against a real FTS5 table without an SQL error. */
static void
run_query (sqlite3      *db,
           LecternQuery *query,
           const char   *typed)
{
  const char *expressions[] = {
    lectern_query_get_match (query), lectern_query_get_exclude_match (query),
  };

  for (guint i = 0; i < G_N_ELEMENTS (expressions); i++) {
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (!expressions[i])
      continue;

    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT rowid, snippet (docs, -1, '[', ']', '…', 8) "
                                         "FROM docs WHERE docs MATCH ? ORDER BY rank",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, expressions[i], -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      ;
    if (rc != SQLITE_DONE)
      g_error ("%s → %s: %s", typed, expressions[i], sqlite3_errmsg (db));
    sqlite3_finalize (stmt);
  }
}

static void
test_hostile (void)
{
  static const char * const hostile[] = {
    "\"", "\"\"\"", "a\"b", "\"a\"b\"c", "*", "a*", "*a", "a *", "NEAR(", "NEAR(a b, 2)",
    "a AND b", "a OR", "NOT", "NOT a", "AND", "OR OR", "(", ")", "((a)", "a:b", "docs:a",
    "title:", "{title body}: a", "^a", "a + b", "-", "- -", "-\"", "-*", "--a", "-tag:",
    "tag:\"", "tag:\"\"\"", "site:\"", "is:\"unread\"", "'", "a'b", "';DROP TABLE docs;--",
    "\\\"", "\x01\x1f\x7f", "\xc2\x80\xc2\x9f", "\xff\xfe\xfd\xfc", "caf\xe9", "\xe4\xb8",
    "\xf0\x9f", "🎉*", "模*", "\"模型\"*", "型 \"", "\u200b\u200d\u202e", "a\u2028b",
    "x AND \"y", "rank:", "rowid:1", "a NEAR b", "\"a\" * \"b\"", "a-b-c", "-a -b -c -d",
  };
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autoptr (GString) many_terms = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternQuery) query = NULL;
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "index.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (lectern_tokenizer_register (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE VIRTUAL TABLE docs USING fts5 (title, body, "
                                 "tokenize='lectern');"
                                 "INSERT INTO docs VALUES ('NEAR AND OR NOT', 'a b c \"quoted\"');"
                                 "INSERT INTO docs VALUES ('模型', '大模型也开始免费开放');"
                                 "INSERT INTO docs VALUES ('x y', 'title: rank rowid');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++) {
    g_autoptr (LecternQuery) q = lectern_query_parse (hostile[i]);

    g_assert_true (g_utf8_validate (lectern_query_get_text (q), -1, NULL));
    run_query (db, q, hostile[i]);
  }

  /* FTS5's operators are words like any other. */
  query = lectern_query_parse ("NEAR AND");
  run_query (db, query, "NEAR AND");
  g_assert_cmpstr (lectern_query_get_match (query), ==, "\"NEAR\" \"AND\"*");
  g_clear_pointer (&query, lectern_query_unref);

  /* 10,000 characters, one word; and thousands of words: the work is bounded. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_unichar (long_text, i % 3 ? 'a' + i % 26 : 0x6a21);
  query = lectern_query_parse (long_text->str);
  g_assert_cmpstr (lectern_query_get_text (query), ==, long_text->str);
  g_assert_cmpuint (strlen (lectern_query_get_match (query)), <, 4096);
  run_query (db, query, "a long word");
  g_clear_pointer (&query, lectern_query_unref);

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (many_terms, "w%u -x%u \"p %u\" tag:t%u ", i, i, i, i);
  query = lectern_query_parse (many_terms->str);
  g_assert_cmpuint (strlen (lectern_query_get_match (query)), <, 1024);
  g_assert_cmpuint (g_strv_length ((char **)lectern_query_get_tags (query)) +
                    g_strv_length ((char **)lectern_query_get_phrases (query)), <=, 16);
  run_query (db, query, "many terms");
  g_clear_pointer (&query, lectern_query_unref);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  lectern_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/query/words", test_words);
  g_test_add_func ("/core/query/empty", test_empty);
  g_test_add_func ("/core/query/tags", test_tags);
  g_test_add_func ("/core/query/sites", test_sites);
  g_test_add_func ("/core/query/flags", test_flags);
  g_test_add_func ("/core/query/refcount", test_refcount);
  g_test_add_func ("/core/query/hostile", test_hostile);

  return g_test_run ();
}
