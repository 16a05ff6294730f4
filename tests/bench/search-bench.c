/* search-bench.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Search latency on a library made by tests/bench/make-library: a fixed set of queries
 * (common, rare and Chinese words, phrases, prefixes, tags, sites, states, exclusions and
 * their combinations), each run through the window's list model (set the query, wait for
 * its first results to replace the list, then for all of them) and through the store
 * alone; then the size of the index on disk.
 *
 *   search-bench [--runs N] LIBRARY
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bench-text.h"
#include "lectern-article-list.h"
#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-query.h"
#include "lectern-statement.h"

static guint runs = 5;
static guint seed = 20260101;
static char *data_dir;
static gboolean integrity_check;
static guint store_limit;

static GOptionEntry entries[] = {
  { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs of each query (default 5)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "The seed make-library was given", "N" },
  { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The fixtures (tests/data)", "DIR" },
  { "limit", 0, 0, G_OPTION_ARG_INT, &store_limit,
    "At most this many results in the store's column (default 0: all, as the list asks)", "N" },
  { "integrity-check", 0, 0, G_OPTION_ARG_NONE, &integrity_check,
    "First check that the index matches the articles as this build tokenizes them", NULL },
  { NULL }
};

typedef struct {
  const char *kind;
  char *text;
} Query;

static void
add_query (GArray     *queries,
           const char *kind,
           char       *text)
{
  Query query = { kind, text };

  g_array_append_val (queries, query);
}

/* The first word of exactly two characters from @rank on. */
static const char *
two_characters (BenchText *text,
                guint      rank)
{
  for (guint i = rank; i < bench_text_n_words (text, BENCH_LANG_ZH); i++) {
    const char *word = bench_text_word (text, BENCH_LANG_ZH, i);

    if (g_utf8_strlen (word, -1) == 2)
      return word;
  }

  return "模型";
}

/* A run of @n words of the first generated article in @lang, for a phrase. */
static char *
phrase_from (BenchText *text,
             BenchLang  lang,
             guint      n)
{
  for (guint64 i = 0; i < 1000; i++) {
    g_autoptr (BenchArticle) article = bench_text_article (text, i, 1000, TRUE, 0);
    g_auto (GStrv) words = NULL;
    g_autoptr (GString) phrase = g_string_new ("\"");

    if (article->lang != lang)
      continue;

    if (lang == BENCH_LANG_ZH) {
      const char *start = g_utf8_offset_to_pointer (article->plain_text, 2);
      const char *end = g_utf8_offset_to_pointer (start, n);

      g_string_append_len (phrase, start, end - start);
    } else {
      words = g_strsplit (article->plain_text, " ", n + 3);
      for (guint j = 1; j <= n && words[j]; j++)
        g_string_append_printf (phrase, "%s%s", j > 1 ? " " : "", words[j]);
    }
    g_string_append_c (phrase, '"');
    return g_string_free (g_steal_pointer (&phrase), FALSE);
  }

  return g_strdup ("\"the library\"");
}

static GArray *
make_queries (BenchText *text)
{
  GArray *queries = g_array_new (FALSE, FALSE, sizeof (Query));
  g_autoptr (GString) long_query = g_string_new (NULL);
  const char *en_mid = bench_text_word (text, BENCH_LANG_EN, 300);

#define EN(rank) bench_text_word (text, BENCH_LANG_EN, rank)
#define WORD(lang, rank) g_strdup (bench_text_word (text, lang, rank))

  add_query (queries, "common word", WORD (BENCH_LANG_EN, 0));
  add_query (queries, "common word", WORD (BENCH_LANG_EN, 12));
  add_query (queries, "common word", WORD (BENCH_LANG_ZH, 0));
  add_query (queries, "mid word", g_strdup (en_mid));
  add_query (queries, "mid word", WORD (BENCH_LANG_EN, 3000));
  add_query (queries, "rare word", WORD (BENCH_LANG_EN, 20000));
  add_query (queries, "rare word", WORD (BENCH_LANG_EN, 55000));
  add_query (queries, "rare word", WORD (BENCH_LANG_RU, 15000));
  add_query (queries, "Chinese, 2 characters", g_strdup (two_characters (text, 1)));
  add_query (queries, "Chinese, 2 characters", g_strdup (two_characters (text, 200)));
  add_query (queries, "Chinese, 2 characters", g_strdup (two_characters (text, 5000)));
  add_query (queries, "Chinese, 2 characters", g_strdup (two_characters (text, 30000)));
  add_query (queries, "Chinese, 1 character", g_strdup ("图"));
  add_query (queries, "Chinese, 4 characters", g_strdup ("人工智能"));
  add_query (queries, "Japanese", WORD (BENCH_LANG_JA, 3));
  add_query (queries, "Japanese", WORD (BENCH_LANG_JA, 5000));
  add_query (queries, "Russian", WORD (BENCH_LANG_RU, 5));
  add_query (queries, "Arabic", WORD (BENCH_LANG_AR, 3));
  add_query (queries, "Arabic", WORD (BENCH_LANG_AR, 2000));
  add_query (queries, "Thai", WORD (BENCH_LANG_TH, 2));
  add_query (queries, "Thai", WORD (BENCH_LANG_TH, 1000));
  add_query (queries, "Korean", WORD (BENCH_LANG_KO, 3));
  add_query (queries, "no diacritics", g_strdup ("cafe"));
  add_query (queries, "phrase", phrase_from (text, BENCH_LANG_EN, 2));
  add_query (queries, "phrase", phrase_from (text, BENCH_LANG_EN, 4));
  add_query (queries, "phrase", phrase_from (text, BENCH_LANG_ZH, 4));
  add_query (queries, "prefix", g_strdup ("deeps"));
  add_query (queries, "prefix", g_strdup ("libr"));
  add_query (queries, "prefix", g_strndup (EN (2000), 4));
  add_query (queries, "tag", g_strdup ("tag:ai"));
  add_query (queries, "tag", g_strdup ("tag:读书"));
  add_query (queries, "tag", g_strdup ("tag:\"open source\""));
  add_query (queries, "site", g_strdup ("site:lwn.net"));
  add_query (queries, "site + word", g_strdup ("site:sspai.com 模型"));
  add_query (queries, "combination", g_strdup_printf ("tag:history %s", en_mid));
  add_query (queries, "combination", g_strdup_printf ("is:unread %s %s", EN (12), EN (40)));
  add_query (queries, "combination", g_strdup ("is:starred tag:ai"));
  add_query (queries, "three words", g_strdup_printf ("%s %s %s", EN (100), EN (200), EN (400)));
  add_query (queries, "exclusion", g_strdup_printf ("%s -%s", EN (50), EN (51)));
  add_query (queries, "exclusion", g_strdup_printf ("%s -tag:ai -site:lwn.net", en_mid));
  add_query (queries, "hostile", g_strdup ("\"NEAR( * AND -"));
  while (long_query->len < 10000)
    g_string_append_printf (long_query, "%s ", EN (long_query->len % 997));
  add_query (queries, "10,000 characters", g_string_free (g_steal_pointer (&long_query), FALSE));

#undef EN
#undef WORD

  return queries;
}

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gboolean   *changed)
{
  *changed = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  fraction)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double,
                        MIN (samples->len - 1, (guint)(fraction * samples->len)));
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Sets @query on @list, and waits for its first results to replace the list (the time
 * returned), then for the others (@all_ms).
 */
static double
time_list_search (LecternArticleList *list,
                  LecternQuery       *query,
                  gboolean           *changed,
                  double             *all_ms)
{
  gint64 start;
  double first_ms;

  /* From the whole library, which no query's results are. */
  lectern_article_list_set_query (list, NULL);

  *changed = FALSE;
  start = g_get_monotonic_time ();
  lectern_article_list_set_query (list, query);
  while (!*changed)
    g_main_context_iteration (NULL, TRUE);
  first_ms = ms_since (start);

  while (lectern_article_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  *all_ms = ms_since (start);

  return first_ms;
}

static void
print_index_size (LecternArticleStore *store,
                  const char          *path)
{
  LecternDatabase *db = lectern_article_store_get_database (store);
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = lectern_database_prepare (db,
                                   "SELECT sum (pgsize) FILTER (WHERE name LIKE 'search%'),"
                                   " sum (pgsize) FILTER (WHERE name = 'articles'),"
                                   " sum (pgsize) FILTER (WHERE name LIKE '%tags%'),"
                                   " sum (pgsize) FROM dbstat",
                                   &error);
  if (!stmt || !lectern_statement_step (stmt, &error)) {
    g_printerr ("search-bench: no index size: %s\n", error ? error->message : "no row");
    return;
  }

  g_print ("\nOn disk (%s): search index %.1f MB, articles %.1f MB, tags %.1f MB, "
           "library %.1f MB\n", path,
           lectern_statement_column_int64 (stmt, 0) / 1e6,
           lectern_statement_column_int64 (stmt, 1) / 1e6,
           lectern_statement_column_int64 (stmt, 2) / 1e6,
           lectern_statement_column_int64 (stmt, 3) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticleList) list = NULL;
  g_autoptr (BenchText) text = NULL;
  g_autoptr (GArray) queries = NULL;
  g_autoptr (GArray) list_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) all_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) store_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  gboolean changed = FALSE;
  guint64 done = 0;
  guint64 total = 0;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("LIBRARY");
  g_option_context_set_summary (context, "Times searches of a library made by make-library.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs == 0) {
    g_printerr ("search-bench: %s\n", error ? error->message : "give one LIBRARY");
    return 2;
  }
  if (!data_dir)
    data_dir = g_strdup (LECTERN_BENCH_DATA_DIR);

  text = bench_text_new (data_dir, seed, &error);
  if (!text) {
    g_printerr ("search-bench: %s\n", error->message);
    return 1;
  }
  queries = make_queries (text);

  store = lectern_article_store_new (argv[1], &error);
  if (!store) {
    g_printerr ("search-bench: %s\n", error->message);
    return 1;
  }
  if (!lectern_article_store_get_index_progress (store, &done, &total)) {
    g_printerr ("search-bench: the index is not built yet (%" G_GUINT64_FORMAT " of %"
                G_GUINT64_FORMAT ")\n", done, total);
    return 1;
  }

  if (integrity_check) {
    gint64 start = g_get_monotonic_time ();

    if (!lectern_database_exec (lectern_article_store_get_database (store),
                                "INSERT INTO search (search) VALUES ('integrity-check')",
                                &error)) {
      g_printerr ("search-bench: the index does not match: %s\n", error->message);
      return 1;
    }
    g_print ("The index matches the articles (checked in %.1f s)\n", ms_since (start) / 1000);
  }

  list = lectern_article_list_new (store, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST);
  while (lectern_article_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), &changed);
  g_print ("%u articles; %u queries, %u runs each after one untimed, filter All\n\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)), queries->len, runs);
  g_print ("| query | kind | results | list, first results (ms) | list, all (ms) "
           "| store, all (ms) | 20 snippets (ms) |\n");
  g_print ("|---|---|---|---|---|---|---|\n");

  for (guint i = 0; i < queries->len; i++) {
    Query *q = &g_array_index (queries, Query, i);
    g_autoptr (LecternQuery) query = lectern_query_parse (q->text);
    g_autoptr (GArray) list_times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr (GArray) all_times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr (GArray) store_times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autofree char *shown = NULL;
    guint n_results = 0;
    double snippets_ms;
    double all_ms;
    gint64 start;

    if (lectern_query_is_empty (query)) {
      g_print ("| `%s` | %s | (empty query) | | | | |\n", q->text, q->kind);
      continue;
    }

    time_list_search (list, query, &changed, &all_ms);
    for (guint run = 0; run < runs; run++) {
      double ms = time_list_search (list, query, &changed, &all_ms);

      g_array_append_val (list_times, ms);
      g_array_append_val (list_samples, ms);
      g_array_append_val (all_times, all_ms);
      g_array_append_val (all_samples, all_ms);
    }
    n_results = g_list_model_get_n_items (G_LIST_MODEL (list));

    for (guint run = 0; run < runs; run++) {
      g_autoptr (GArray) ids = NULL;
      double ms;

      start = g_get_monotonic_time ();
      ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL,
                                              LECTERN_SORT_NEWEST, store_limit, &error);
      ms = ms_since (start);
      if (!ids) {
        g_printerr ("search-bench: %s: %s\n", q->text, error->message);
        return 1;
      }
      g_array_append_val (store_times, ms);
      g_array_append_val (store_samples, ms);
    }

    /* What the first rows cost on top, read when the main loop is idle: their snippets. */
    start = g_get_monotonic_time ();
    for (guint j = 0; j < MIN (20, n_results); j++) {
      g_autoptr (LecternArticle) article = g_list_model_get_item (G_LIST_MODEL (list), j);
      g_autofree char *snippet = NULL;

      snippet = lectern_article_store_get_snippet (store, query,
                                                   lectern_article_get_id (article), NULL);
    }
    snippets_ms = ms_since (start);

    shown = strlen (q->text) > 40 ? g_strdup_printf ("%.20s… (%zu bytes)", q->text,
                                                     strlen (q->text))
                                  : g_strdup (q->text);
    g_print ("| `%s` | %s | %u | %.1f | %.1f | %.1f | %.1f |\n", shown, q->kind, n_results,
             percentile (list_times, 0.5), percentile (all_times, 0.5),
             percentile (store_times, 0.5), snippets_ms);
  }

  g_print ("\nOver all %u timed searches: through the list, until the first results are "
           "shown, median %.1f ms, p95 %.1f ms; until all are, median %.1f ms, p95 %.1f ms; "
           "the store alone, all results, median %.1f ms, p95 %.1f ms\n",
           list_samples->len, percentile (list_samples, 0.5), percentile (list_samples, 0.95),
           percentile (all_samples, 0.5), percentile (all_samples, 0.95),
           percentile (store_samples, 0.5), percentile (store_samples, 0.95));

  print_index_size (store, argv[1]);

  g_clear_object (&list);
  lectern_article_store_close (store);

  for (guint i = 0; i < queries->len; i++)
    g_free (g_array_index (queries, Query, i).text);

  return 0;
}
