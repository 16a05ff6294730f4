/* make-library.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Builds a library of N generated articles (see bench-text.c) for the benchmarks. Run it
 * through tests/bench/make-library, which builds it first.
 *
 * The library is made as Lectern makes it: the store creates it, the articles and their
 * tags go in as rows, then the store's own index build (what a library of schema 4 gets
 * after its migration: lectern_article_store_build_index_step ()) indexes them, a batch
 * per transaction. Rows go in 5,000 per transaction, so a million take minutes, not the
 * hours a transaction per article would. The time the index build took is the time to
 * index an existing library of that size.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-text.h"
#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-statement.h"
#include "lectern-tag.h"

static gboolean short_text;
static guint seed = 20260101;
static char *data_dir;

static GOptionEntry entries[] = {
  { "short", 0, 0, G_OPTION_ARG_NONE, &short_text,
    "Articles of about 1,000 characters (for a million)", NULL },
  { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "N" },
  { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The fixtures (tests/data)", "DIR" },
  { NULL }
};

#define ROWS_PER_TRANSACTION 5000

static const char insert_sql[] =
  "INSERT INTO articles (url, canonical_url, title, byline, site_name, language, direction,"
  "  excerpt, saved_at, updated_at, word_count, char_count, reading_minutes, read_at,"
  "  archived, starred, starred_at, save_state, body_html, plain_text, normalized_url)"
  " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0,"
  "  ?16, ?17, ?1)";

static void
bind_time (LecternStatement *stmt,
           int               column,
           gint64            time)
{
  if (time)
    lectern_statement_bind_int64 (stmt, column, time);
  else
    lectern_statement_bind_null (stmt, column);
}

static gboolean
insert_article (LecternStatement  *stmt,
                BenchArticle      *article,
                GError           **error)
{
  lectern_statement_bind_text (stmt, 0, article->url);
  lectern_statement_bind_text (stmt, 1, article->title);
  lectern_statement_bind_text (stmt, 2, article->byline);
  lectern_statement_bind_text (stmt, 3, article->site_name);
  lectern_statement_bind_text (stmt, 4, article->language);
  lectern_statement_bind_text (stmt, 5, article->lang == BENCH_LANG_AR ? "rtl" : "auto");
  lectern_statement_bind_text (stmt, 6, article->excerpt);
  lectern_statement_bind_int64 (stmt, 7, article->saved_at);
  lectern_statement_bind_int64 (stmt, 8, article->word_count);
  lectern_statement_bind_int64 (stmt, 9, article->char_count);
  lectern_statement_bind_int64 (stmt, 10, article->reading_minutes);
  bind_time (stmt, 11, article->read_at);
  lectern_statement_bind_int64 (stmt, 12, article->archived);
  lectern_statement_bind_int64 (stmt, 13, article->starred);
  bind_time (stmt, 14, article->starred ? article->saved_at : 0);
  lectern_statement_bind_text (stmt, 15, article->body_html);
  lectern_statement_bind_text (stmt, 16, article->plain_text);

  if (!lectern_statement_run (stmt, error))
    return FALSE;
  lectern_statement_reset (stmt);
  return TRUE;
}

/* Adds every tag the generator uses, in the store's way (the name, and its key), and
 * returns name → id.
 */
static GHashTable *
insert_tags (LecternDatabase  *db,
             BenchText        *text,
             GError          **error)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (db, "INSERT INTO tags (name, key) VALUES (?1, ?2)", error);
  if (!stmt)
    return NULL;

  for (guint rank = 0;; rank++) {
    const char *name = bench_text_tag (text, rank);
    g_autofree char *key = lectern_tag_key (name);

    if (g_hash_table_contains (ids, name))
      break;

    lectern_statement_bind_text (stmt, 0, name);
    lectern_statement_bind_text (stmt, 1, key);
    if (!lectern_statement_run (stmt, error))
      return NULL;
    lectern_statement_reset (stmt);
    g_hash_table_insert (ids, (gpointer)name,
                         GSIZE_TO_POINTER ((gsize)lectern_database_last_insert_id (db)));
  }

  return g_steal_pointer (&ids);
}

static int
fail (GError *error)
{
  g_printerr ("make-library: %s\n", error->message);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternStatement) insert = NULL;
  g_autoptr (LecternStatement) tag = NULL;
  g_autoptr (GHashTable) tag_ids = NULL;
  LecternDatabase *db;
  gboolean complete = FALSE;
  gint64 rows_done;
  gint64 indexed;
  g_autoptr (BenchText) text = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  guint64 n;
  guint64 text_bytes = 0;
  gint64 start;
  gint64 now;
  gint64 last_report;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("N PATH");
  g_option_context_set_summary (context, "Builds a library of N generated articles at PATH.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3) {
    g_printerr ("make-library: %s\n", error ? error->message : "give N and PATH");
    return 2;
  }

  n = g_ascii_strtoull (argv[1], NULL, 10);
  path = g_strdup (argv[2]);
  if (n == 0) {
    g_printerr ("make-library: N must be a positive number\n");
    return 2;
  }
  if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_printerr ("make-library: %s exists; give a new path\n", path);
    return 2;
  }
  if (!data_dir)
    data_dir = g_strdup (LECTERN_BENCH_DATA_DIR);

  text = bench_text_new (data_dir, seed, &error);
  if (!text) {
    g_printerr ("make-library: %s\n", error->message);
    return 1;
  }

  store = lectern_article_store_new (path, &error);
  if (!store) {
    g_printerr ("make-library: %s\n", error->message);
    return 1;
  }
  db = lectern_article_store_get_database (store);

  start = last_report = g_get_monotonic_time ();
  now = g_get_real_time ();

  if (!lectern_database_begin (db, &error) ||
      !(tag_ids = insert_tags (db, text, &error)) ||
      !(insert = lectern_database_prepare (db, insert_sql, &error)) ||
      !(tag = lectern_database_prepare (db, "INSERT INTO article_tags (article_id, tag_id)"
                                            " VALUES (?1, ?2)", &error)))
    return fail (error);

  for (guint64 i = 0; i < n; i++) {
    g_autoptr (BenchArticle) article = bench_text_article (text, i, n, short_text, now);
    gint64 id;

    if (!insert_article (insert, article, &error))
      return fail (error);
    id = lectern_database_last_insert_id (db);

    for (guint j = 0; article->tags[j]; j++) {
      lectern_statement_bind_int64 (tag, 0, id);
      lectern_statement_bind_int64 (tag, 1, GPOINTER_TO_SIZE (g_hash_table_lookup (tag_ids,
                                                                         article->tags[j])));
      if (!lectern_statement_run (tag, &error))
        return fail (error);
      lectern_statement_reset (tag);
    }
    text_bytes += strlen (article->plain_text);

    if ((i + 1) % ROWS_PER_TRANSACTION == 0 &&
        (!lectern_database_commit (db, &error) || !lectern_database_begin (db, &error)))
      return fail (error);

    if (g_get_monotonic_time () - last_report > 10 * G_USEC_PER_SEC) {
      last_report = g_get_monotonic_time ();
      g_printerr ("%" G_GUINT64_FORMAT " articles, %.0f s\n", i + 1,
                  (last_report - start) / (double)G_USEC_PER_SEC);
    }
  }

  /* The rows are in, without their index, as in a library of schema 4 just migrated: the
   * same backlog the migration writes, then the store's index build.
   */
  if (!lectern_database_exec (db, "INSERT INTO search_backlog (id, done_id, last_id, done, total)"
                                  " SELECT 1, 0, max (id), 0, count (*) FROM articles"
                                  " HAVING count (*) > 0", &error) ||
      !lectern_database_commit (db, &error))
    return fail (error);
  g_clear_object (&insert);
  g_clear_object (&tag);

  rows_done = g_get_monotonic_time ();
  g_printerr ("%" G_GUINT64_FORMAT " articles in %.1f s; indexing\n", n,
              (rows_done - start) / (double)G_USEC_PER_SEC);

  while (!complete) {
    if (!lectern_article_store_build_index_step (store, 0, &complete, &error))
      return fail (error);
    if (!complete && g_get_monotonic_time () - last_report > 10 * G_USEC_PER_SEC) {
      guint64 done = 0;

      last_report = g_get_monotonic_time ();
      lectern_article_store_get_index_progress (store, &done, NULL);
      g_printerr ("%" G_GUINT64_FORMAT " articles indexed, %.0f s\n", done,
                  (last_report - rows_done) / (double)G_USEC_PER_SEC);
    }
  }
  indexed = g_get_monotonic_time ();

  lectern_article_store_close (store);

  {
    GStatBuf st;

    if (g_stat (path, &st) != 0)
      st.st_size = 0;
    g_print ("%" G_GUINT64_FORMAT " articles (%s), %.1f MB of text: rows in %.1f s, "
             "index built in %.1f s; library %.1f MB\n",
             n, short_text ? "short" : "full-size", text_bytes / 1e6,
             (rows_done - start) / (double)G_USEC_PER_SEC,
             (indexed - rows_done) / (double)G_USEC_PER_SEC, st.st_size / 1e6);
  }

  return 0;
}
