/* lectern-search-rank.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-search-rank.h"

#include "lectern-sqlite-private.h"

/* How well an article matches a search: Okapi BM25 over the search index's columns, each
 * column's matches weighted (the title most, the body least), as an FTS5 auxiliary
 * function:
 *
 *   lectern_rank (search, idf_1, …, idf_n)
 *
 * FTS5's own bm25() weighs each phrase of the query by its inverse document frequency, and
 * finds that by reading every article the phrase matches, once per search: for a common
 * word in a library of a million, or a phrase whose positions must be checked, that alone
 * takes hundreds of milliseconds, however few articles are ranked. Here the caller gives
 * the weights (the store measures them over the articles saved last, see
 * lectern_article_store_search_ids(), or gives 1 to the one phrase of a query), and a
 * phrase it gives none for counts nothing: the store adds a search's tags and sites to
 * the MATCH after its words, to find fewer articles, not to rank them.
 *
 * Higher is better.
 */

/* The columns of the search index, in order: title, byline, site_name, host, tags,
 * plain_text.
 */
static const double column_weights[] = { 10.0, 4.0, 4.0, 3.0, 6.0, 1.0 };

/* BM25's usual parameters: how soon more matches stop counting, and how much a long
 * article's matches count less.
 */
#define K1 1.2
#define B  0.75

typedef struct {
  double average_length;
  int n_phrases;
  double *idf;
  double *frequency;
} RankData;

static void
rank_data_free (void *data)
{
  RankData *rank = data;

  g_free (rank->idf);
  g_free (rank->frequency);
  g_free (rank);
}

/* What stays the same for every row of one search: read on its first row. */
static RankData *
get_rank_data (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               int                      n_values,
               sqlite3_value          **values,
               int                     *rc)
{
  RankData *rank = api->xGetAuxdata (fts, 0);
  sqlite3_int64 n_rows = 0;
  sqlite3_int64 n_tokens = 0;

  if (rank)
    return rank;

  *rc = api->xRowCount (fts, &n_rows);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  if (*rc != SQLITE_OK)
    return NULL;

  rank = g_new0 (RankData, 1);
  rank->average_length = n_rows > 0 && n_tokens > 0 ? (double)n_tokens / n_rows : 1.0;
  rank->n_phrases = api->xPhraseCount (fts);
  rank->idf = g_new (double, MAX (rank->n_phrases, 1));
  rank->frequency = g_new (double, MAX (rank->n_phrases, 1));
  for (int i = 0; i < rank->n_phrases; i++)
    rank->idf[i] = i < n_values ? sqlite3_value_double (values[i]) : 0.0;

  *rc = api->xSetAuxdata (fts, rank, rank_data_free);
  return *rc == SQLITE_OK ? rank : NULL;
}

static void
rank_func (const Fts5ExtensionApi  *api,
           Fts5Context             *fts,
           sqlite3_context         *context,
           int                      n_values,
           sqlite3_value          **values)
{
  RankData *rank;
  int n_phrases;
  int n_instances = 0;
  int length = 0;
  double normal;
  double score = 0.0;
  int rc = SQLITE_OK;

  rank = get_rank_data (api, fts, n_values, values, &rc);
  if (rank)
    rc = api->xInstCount (fts, &n_instances);
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code (context, rc);
    return;
  }

  n_phrases = rank->n_phrases;
  for (int i = 0; i < n_phrases; i++)
    rank->frequency[i] = 0.0;

  for (int i = 0; i < n_instances; i++) {
    int phrase;
    int column;
    int offset;

    rc = api->xInst (fts, i, &phrase, &column, &offset);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code (context, rc);
      return;
    }
    if (phrase >= 0 && phrase < n_phrases &&
        column >= 0 && column < (int)G_N_ELEMENTS (column_weights))
      rank->frequency[phrase] += column_weights[column];
  }

  normal = K1 * (1.0 - B + B * length / rank->average_length);
  for (int i = 0; i < n_phrases; i++) {
    double frequency = rank->frequency[i];

    score += rank->idf[i] * frequency * (K1 + 1.0) / (frequency + normal);
  }

  sqlite3_result_double (context, score);
}

/**
 * lectern_search_rank_register:
 * @db: an open SQLite connection
 * @error: return location for a #LecternDatabaseError
 *
 * Registers `lectern_rank()` on @db, for searches of the index.
 *
 * Returns: whether the function was registered
 */
gboolean
lectern_search_rank_register (sqlite3  *db,
                              GError  **error)
{
  fts5_api *api;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  api = _lectern_database_get_fts5_api (db, error);
  if (!api)
    return FALSE;

  rc = api->xCreateFunction (api, "lectern_rank", NULL, rank_func, NULL);
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, db, rc);
    return FALSE;
  }

  return TRUE;
}
