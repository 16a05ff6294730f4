/* tokenizer-bench.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast the "lectern" FTS5 tokenizer is, and what its way with Chinese costs:
 *
 * 1. Tokenizing speed in MB/s (the best of three runs), through FTS5's own tokenizer
 *    interface, for English (the text the extractor takes from
 *    tests/data/extract/english-news.html) and Chinese (tests/data/seed-article.txt), each
 *    repeated to 8 MB; SQLite's unicode61 and trigram tokenizers alongside, for scale.
 * 2. For the choice made for Chinese (see lectern-tokenizer.c): N_DOCS articles of Chinese
 *    text (runs drawn from the seed article) indexed with pairs and single characters
 *    ('lectern') and with pairs only, single characters found as a prefix of the pairs
 *    ('lectern pairs'): the index size, the time to build it, and the median time of a
 *    one-character and a two-character search.
 *
 * Run it with `meson test -C _build --benchmark --suite bench -v tokenizer`, or
 *   _build/tests/bench/tokenizer-bench tests/data [N_DOCS]
 */

#include "config.h"

#include "lectern-article.h"
#include "lectern-extractor.h"
#include "lectern-tokenizer.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKENIZE_BYTES (8 * 1024 * 1024)
#define DOC_CHARS      1000
#define N_SEARCHES     200

static void
check (sqlite3 *db,
       int      rc)
{
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (db));
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;

  check (db, sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL));
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  check (db, sqlite3_step (stmt));
  sqlite3_finalize (stmt);
  g_assert (api);
  return api;
}

static int
count_cb (void       *user_data,
          int         flags,
          const char *token,
          int         length,
          int         start,
          int         end)
{
  (*(guint64 *)user_data)++;
  return SQLITE_OK;
}

/* MB/s of @name on @text, as FTS5 tokenizes a document. */
static void
measure_speed (sqlite3    *db,
               const char *label,
               const char *name,
               const char *argument,
               GString    *text)
{
  fts5_api *api = get_fts5_api (db);
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *instance = NULL;
  void *user_data = NULL;
  guint64 n_tokens = 0;
  gint64 start;
  double seconds;

  check (db, api->xFindTokenizer (api, name, &user_data, &tokenizer));
  check (db, tokenizer.xCreate (user_data, argument ? &argument : NULL, argument ? 1 : 0,
                                &instance));

  /* The best of three runs: the machine may be busy with something else. */
  seconds = G_MAXDOUBLE;
  for (guint run = 0; run < 3; run++) {
    start = g_get_monotonic_time ();
    n_tokens = 0;
    check (db, tokenizer.xTokenize (instance, &n_tokens, FTS5_TOKENIZE_DOCUMENT, text->str,
                                    (int)text->len, count_cb));
    seconds = MIN (seconds, (g_get_monotonic_time () - start) / 1e6);
  }
  tokenizer.xDelete (instance);

  printf ("  %-8s %-22s %7.1f MB/s  %9" G_GUINT64_FORMAT " tokens\n", label,
          argument ? argument : name, text->len / seconds / 1e6, n_tokens);
}

static GString *
repeat_to (const char *text,
           gsize       size)
{
  GString *repeated = g_string_sized_new (size + strlen (text));

  while (repeated->len < size) {
    g_string_append (repeated, text);
    g_string_append_c (repeated, '\n');
  }
  return repeated;
}

/* Chinese text of about @n_chars characters: runs of 2 to 12 characters from random places
 * in @seed, so that the pairs are those of real text but the articles differ.
 */
static char *
make_chinese (GRand      *rand,
              gunichar   *seed,
              glong       seed_length,
              guint       n_chars)
{
  GString *doc = g_string_new (NULL);

  while (g_utf8_strlen (doc->str, -1) < n_chars) {
    glong start = g_rand_int_range (rand, 0, seed_length - 12);
    glong length = g_rand_int_range (rand, 2, 13);

    for (glong i = start; i < start + length; i++)
      g_string_append_unichar (doc, seed[i]);
    g_string_append (doc, g_rand_int_range (rand, 0, 4) ? "，" : "。");
  }
  return g_string_free (doc, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* The median time in ms of @n runs of a search for @match, and how many rows it finds. */
static double
median_search (sqlite3    *db,
               const char *match,
               guint      *n_rows)
{
  double times[N_SEARCHES];
  sqlite3_stmt *stmt = NULL;

  check (db, sqlite3_prepare_v2 (db, "SELECT rowid FROM docs WHERE docs MATCH ?", -1,
                                 &stmt, NULL));
  for (guint i = 0; i < N_SEARCHES; i++) {
    gint64 start = g_get_monotonic_time ();
    int rc;

    *n_rows = 0;
    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      (*n_rows)++;
    check (db, rc);
    times[i] = (g_get_monotonic_time () - start) / 1e3;
  }
  sqlite3_finalize (stmt);

  qsort (times, N_SEARCHES, sizeof (double), compare_double);
  return times[N_SEARCHES / 2];
}

static void
measure_index (const char  *dir,
               const char  *tokenize,
               char       **docs,
               guint        n_docs)
{
  static const char * const searches[][2] = {
    { "的 (common)", "\"的\"" }, { "型 (rarer)", "\"型\"" }, { "模型", "\"模型\"" },
  };
  g_autofree char *path = g_build_filename (dir, "index.db", NULL);
  g_autofree char *create = g_strdup_printf ("CREATE VIRTUAL TABLE docs USING fts5 (body, "
                                             "tokenize=\"%s\")", tokenize);
  g_autoptr (GError) error = NULL;
  gboolean pairs = strstr (tokenize, "pairs") != NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  GStatBuf st;
  gint64 start;

  g_unlink (path);
  check (db, sqlite3_open (path, &db));
  if (!lectern_tokenizer_register (db, &error))
    g_error ("%s", error->message);
  check (db, sqlite3_exec (db, create, NULL, NULL, NULL));

  start = g_get_monotonic_time ();
  check (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL));
  check (db, sqlite3_prepare_v2 (db, "INSERT INTO docs (body) VALUES (?)", -1, &stmt, NULL));
  for (guint i = 0; i < n_docs; i++) {
    sqlite3_reset (stmt);
    sqlite3_bind_text (stmt, 1, docs[i], -1, SQLITE_STATIC);
    check (db, sqlite3_step (stmt));
  }
  sqlite3_finalize (stmt);
  check (db, sqlite3_exec (db, "COMMIT; INSERT INTO docs (docs) VALUES ('optimize'); VACUUM",
                           NULL, NULL, NULL));
  g_stat (path, &st);
  printf ("  %-16s index %6.1f MB, built in %5.2f s\n", tokenize, st.st_size / 1e6,
          (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++) {
    /* With pairs only, a single character is the prefix of the pairs it starts. */
    g_autofree char *match = g_strdup_printf ("%s%s", searches[i][1],
                                              pairs && g_utf8_strlen (searches[i][1], -1) == 3
                                              ? "*" : "");
    guint n_rows = 0;
    double ms = median_search (db, match, &n_rows);

    printf ("  %-16s search %-14s %-8s %7.3f ms median, %u rows\n", tokenize, searches[i][0],
            match, ms, n_rows);
  }

  check (db, sqlite3_close (db));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (10);
  g_autofree char *english_html = NULL;
  g_autofree char *english_path = NULL;
  g_autofree char *chinese_path = NULL;
  g_autofree char *chinese = NULL;
  g_autofree gunichar *seed = NULL;
  g_autofree char *dir = NULL;
  GString *english_text;
  GString *chinese_text;
  sqlite3 *db = NULL;
  glong seed_length = 0;
  char **docs;
  gsize length = 0;
  guint n_docs;

  if (argc < 2) {
    g_printerr ("usage: tokenizer-bench TESTS-DATA-DIR [N-DOCS]\n");
    return 2;
  }
  n_docs = argc > 2 ? (guint)atoi (argv[2]) : 20000;

  english_path = g_build_filename (argv[1], "extract", "english-news.html", NULL);
  chinese_path = g_build_filename (argv[1], "seed-article.txt", NULL);
  if (!g_file_get_contents (english_path, &english_html, &length, &error) ||
      !g_file_get_contents (chinese_path, &chinese, NULL, &error))
    g_error ("%s", error->message);
  article = lectern_extract (english_html, length, NULL, "https://example.com/", &error);
  if (!article)
    g_error ("%s", error->message);

  english_text = repeat_to (lectern_article_get_plain_text (article), TOKENIZE_BYTES);
  chinese_text = repeat_to (chinese, TOKENIZE_BYTES);

  check (db, sqlite3_open (":memory:", &db));
  if (!lectern_tokenizer_register (db, &error))
    g_error ("%s", error->message);

  printf ("Tokenizing %.0f MB as a document\n", TOKENIZE_BYTES / 1e6);
  measure_speed (db, "English", "lectern", NULL, english_text);
  measure_speed (db, "English", "unicode61", NULL, english_text);
  measure_speed (db, "English", "trigram", NULL, english_text);
  measure_speed (db, "Chinese", "lectern", NULL, chinese_text);
  measure_speed (db, "Chinese", "lectern", "pairs", chinese_text);
  measure_speed (db, "Chinese", "unicode61", NULL, chinese_text);
  measure_speed (db, "Chinese", "trigram", NULL, chinese_text);
  check (db, sqlite3_close (db));
  g_string_free (english_text, TRUE);
  g_string_free (chinese_text, TRUE);

  seed = g_utf8_to_ucs4_fast (chinese, -1, &seed_length);
  docs = g_new0 (char *, n_docs + 1);
  for (guint i = 0; i < n_docs; i++)
    docs[i] = make_chinese (rand, seed, seed_length, DOC_CHARS);

  dir = g_dir_make_tmp ("lectern-tokenizer-bench-XXXXXX", &error);
  if (!dir)
    g_error ("%s", error->message);
  printf ("\n%u Chinese articles of %u characters\n", n_docs, DOC_CHARS);
  measure_index (dir, "lectern", docs, n_docs);
  measure_index (dir, "lectern pairs", docs, n_docs);
  g_rmdir (dir);
  g_strfreev (docs);

  return 0;
}
