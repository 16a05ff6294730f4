/* lectern-search.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-search-private.h"

#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-tag.h"
#include "lectern-tokenizer.h"

#include <math.h>

/* The store's searches (lectern_article_store_search_ids()): a LecternQuery made into SQL
 * over the articles and the FTS5 index, run on a connection that only the caller's thread
 * uses meanwhile. See lectern_article_store_search_ids() for what a search finds and in
 * which order, and the README's benchmarks for what each part costs.
 */

static const char * const list_ids_sql[LECTERN_N_FILTERS][N_SORTS] = {
  [LECTERN_FILTER_UNREAD] = SELECT_SORTED ("id", WHERE_UNREAD),
  [LECTERN_FILTER_FAVOURITES] = SELECT_SORTED ("id", WHERE_FAVOURITES),
  [LECTERN_FILTER_ARCHIVE] = SELECT_SORTED ("id", WHERE_ARCHIVE),
  [LECTERN_FILTER_ALL] = SELECT_SORTED ("id", WHERE_ALL),
};


/* The parts of a search's SQL, put together from fixed text; every value from the query
 * is bound, in the order of the `?` placeholders.
 */
typedef struct {
  GString *sql;
  GPtrArray *values;
  /* Values made for the search, which values borrows. */
  GPtrArray *owned;
} SearchSql;

static void
search_sql_clear (SearchSql *search)
{
  g_string_free (search->sql, TRUE);
  g_ptr_array_unref (search->values);
  g_ptr_array_unref (search->owned);
}

/* The key of a tag: the query has it keyed already, and keying it again makes sure it
 * is keyed exactly as the store keys its tags.
 */
static const char *
search_sql_tag_key (SearchSql  *search,
                    const char *tag)
{
  char *key = lectern_tag_key (tag);

  g_ptr_array_add (search->owned, key);
  return key;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchSql, search_sql_clear)

static void
search_sql_add (SearchSql  *search,
                const char *sql,
                const char *value)
{
  g_string_append (search->sql, sql);
  if (value)
    g_ptr_array_add (search->values, (gpointer)value);
}

/* Puts a site or tag name in FTS5 quotes: the tokenizer makes a phrase of the words
 * inside, and a quote inside is doubled.
 */
static char *
quote_name (const char *name)
{
  g_autoptr (GString) quoted = g_string_new ("\"");

  for (const char *p = name; *p; p++) {
    if (*p == '"')
      g_string_append_c (quoted, '"');
    g_string_append_c (quoted, *p);
  }

  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static const char * const filter_sql[LECTERN_N_FILTERS] = {
  [LECTERN_FILTER_UNREAD] = WHERE_UNREAD,
  [LECTERN_FILTER_FAVOURITES] = WHERE_FAVOURITES,
  [LECTERN_FILTER_ARCHIVE] = WHERE_ARCHIVE,
  [LECTERN_FILTER_ALL] = WHERE_ALL,
};

static const char * const order_sql[N_SORTS] = {
  [LECTERN_SORT_NEWEST] = ORDER_NEWEST,
  [LECTERN_SORT_OLDEST] = ORDER_OLDEST,
  [LECTERN_SORT_SHORTEST] = ORDER_SHORTEST,
  [LECTERN_SORT_LONGEST] = ORDER_LONGEST,
};

#define TAGGED "(SELECT at.article_id FROM article_tags AS at JOIN tags AS t" \
               " ON t.id = at.tag_id WHERE t.key = ?)"

static void
add_flags (SearchSql         *search,
           LecternQueryFlags  flags,
           gboolean           excluded)
{
  if (flags & LECTERN_QUERY_UNREAD)
    search_sql_add (search, excluded ? " AND read_at IS NOT NULL" : " AND read_at IS NULL",
                    NULL);
  if (flags & LECTERN_QUERY_STARRED)
    search_sql_add (search, excluded ? " AND starred = 0" : " AND starred = 1", NULL);
  if (flags & LECTERN_QUERY_ARCHIVED)
    search_sql_add (search, excluded ? " AND archived = 0" : " AND archived = 1", NULL);
}

/* Whether a search with words must look at the articles' own columns: for a filter or a
 * state, a tag or a site. Deleted articles are not in the index, so All needs nothing.
 */
static gboolean
needs_articles (LecternQuery  *query,
                LecternFilter  filter)
{
  const char * const *tags = lectern_query_get_tags (query);
  const char * const *excluded_tags = lectern_query_get_excluded_tags (query);
  const char * const *sites = lectern_query_get_sites (query);
  const char * const *excluded_sites = lectern_query_get_excluded_sites (query);

  return filter != LECTERN_FILTER_ALL ||
         lectern_query_get_flags (query) != 0 ||
         lectern_query_get_excluded_flags (query) != 0 ||
         (tags && tags[0]) || (excluded_tags && excluded_tags[0]) ||
         (sites && sites[0]) || (excluded_sites && excluded_sites[0]);
}

/* Adds the test that the article @id (an SQL expression) has, or has not, the tag whose
 * key is @key, by looking at that article's tags.
 */
static void
add_has_tag (SearchSql  *search,
             const char *id,
             const char *key,
             gboolean    has)
{
  search_sql_add (search, has ? " AND EXISTS" : " AND NOT EXISTS", NULL);
  search_sql_add (search, " (SELECT 1 FROM article_tags AS at JOIN tags AS t"
                          " ON t.id = at.tag_id WHERE at.article_id = ", NULL);
  search_sql_add (search, id, NULL);
  search_sql_add (search, " AND t.key = ?)", key);
}

/* The sites as an FTS5 expression over the index's host column: a superset of their
 * articles, found among a million by the words of the host, which lectern_url_in_site()
 * then narrows down. Owned by @search.
 */
static const char *
search_sql_sites_match (SearchSql          *search,
                        const char * const *sites)
{
  g_autoptr (GString) expression = g_string_new (NULL);

  for (guint i = 0; sites[i]; i++) {
    g_autofree char *quoted = quote_name (sites[i]);

    if (i > 0)
      g_string_append (expression, " OR ");
    g_string_append_printf (expression, "host : %s", quoted);
  }

  g_ptr_array_add (search->owned, g_string_free (g_steal_pointer (&expression), FALSE));
  return g_ptr_array_index (search->owned, search->owned->len - 1);
}

/* The MATCH of a search with words: the words, and the words of its tags and sites in
 * the index's tags and host columns, a superset of their articles that the SQL then
 * narrows down, so that FTS5 finds only the matches that may pass. The words' phrases
 * come first, as lectern_rank() counts them (see rank_sql ()). Owned by @search.
 */
static const char *
search_sql_words_match (SearchSql    *search,
                        LecternQuery *query)
{
  const char * const *tags = lectern_query_get_tags (query);
  const char * const *sites = lectern_query_get_sites (query);
  g_autoptr (GString) expression = g_string_new (NULL);

  g_string_append_printf (expression, "(%s)", lectern_query_get_match (query));

  for (guint i = 0; tags[i]; i++) {
    g_auto (GStrv) tokens = lectern_tokenizer_tokenize (tags[i], TRUE);
    g_autofree char *quoted = NULL;

    /* A tag of punctuation alone has no words to look for. */
    if (!tokens[0])
      continue;

    quoted = quote_name (tags[i]);
    g_string_append_printf (expression, " AND (tags : %s)", quoted);
  }

  if (sites[0])
    g_string_append_printf (expression, " AND (%s)", search_sql_sites_match (search, sites));

  g_ptr_array_add (search->owned, g_string_free (g_steal_pointer (&expression), FALSE));
  return g_ptr_array_index (search->owned, search->owned->len - 1);
}

/* The index each sort walks in order: see migration 1. */
static const char * const sort_index[N_SORTS] = {
  [LECTERN_SORT_NEWEST] = "articles_by_saved_at",
  [LECTERN_SORT_OLDEST] = "articles_by_saved_at",
  [LECTERN_SORT_SHORTEST] = "articles_by_length",
  [LECTERN_SORT_LONGEST] = "articles_by_length",
};

/* Builds the SQL of a search into @search.
 *
 * With words, the SQL lists every match, newest row first, in the order the index keeps
 * them (rowid order, which costs no sort); run_search () ranks them. Without words, it
 * lists the articles in @sort order: when @walk, by walking the sort's index and testing
 * each article, which finds the first few hundred of a large tag or site at once;
 * otherwise by looking each one up and sorting them, which is quicker for a small one.
 * @indexed says whether every article is in the index (its build is over); @few, whether
 * only the first few hundred results will be read. With words,
 * @rank (if not %NULL) is a second column, the match's rank, and @before (if not 0)
 * keeps only the matches of lower rowids.
 */
static void
build_search_sql (SearchSql     *search,
                  LecternQuery  *query,
                  LecternFilter  filter,
                  LecternSort    sort,
                  gboolean       walk,
                  gboolean       indexed,
                  gboolean       few,
                  const char    *rank,
                  gint64         before)
{
  const char *match = lectern_query_get_match (query);
  const char *exclude = lectern_query_get_exclude_match (query);
  const char * const *tags = lectern_query_get_tags (query);
  const char * const *excluded_tags = lectern_query_get_excluded_tags (query);
  const char * const *sites = lectern_query_get_sites (query);
  const char * const *excluded_sites = lectern_query_get_excluded_sites (query);
  gboolean joined = !match || needs_articles (query, filter);
  const char *id = match ? "+search.rowid" : "articles.id";

  if (match) {
    search_sql_add (search, "SELECT search.rowid", NULL);
    if (rank) {
      search_sql_add (search, ", ", NULL);
      search_sql_add (search, rank, NULL);
    }
    match = search_sql_words_match (search, query);
  }

  if (match && !joined) {
    /* The index alone answers. */
    search_sql_add (search, " FROM search WHERE search MATCH ?", match);
  } else if (match) {
    /* The index leads: SQLite visits only the articles that match, and reads their
     * states from a small index rather than from their rows, unless it needs their
     * addresses.
     */
    search_sql_add (search, " FROM search CROSS JOIN articles", NULL);
    if (!(sites && sites[0]) && !(excluded_sites && excluded_sites[0]))
      search_sql_add (search, " INDEXED BY articles_states", NULL);
    search_sql_add (search, " ON articles.id = search.rowid WHERE search MATCH ? AND ", match);
    search_sql_add (search, filter_sql[filter], NULL);
  } else {
    search_sql_add (search, "SELECT articles.id FROM articles", NULL);
    if (walk) {
      search_sql_add (search, " INDEXED BY ", NULL);
      search_sql_add (search, sort_index[sort], NULL);
    }
    search_sql_add (search, " WHERE ", NULL);
    search_sql_add (search, filter_sql[filter], NULL);
  }

  add_flags (search, lectern_query_get_flags (query), FALSE);
  add_flags (search, lectern_query_get_excluded_flags (query), TRUE);

  /* With words, the index has narrowed the matches down to the tag's words already (see
   * search_sql_words_match ()), and each one left is looked at; without, the tag's
   * articles are listed first. The unary + keeps SQLite from handing the tag's ids to
   * FTS5, which would run the whole MATCH once for each of them.
   */
  for (guint i = 0; tags && tags[i]; i++) {
    const char *key = search_sql_tag_key (search, tags[i]);

    if (match) {
      add_has_tag (search, id, key, TRUE);
    } else {
      search_sql_add (search, " AND articles.id IN " TAGGED, key);
    }
  }
  /* Leaving out a large tag's articles from a few results costs less by looking at each
   * result's tags than by listing the tag's articles first.
   */
  for (guint i = 0; excluded_tags && excluded_tags[i]; i++) {
    const char *key = search_sql_tag_key (search, excluded_tags[i]);

    if (few) {
      add_has_tag (search, id, key, FALSE);
    } else {
      search_sql_add (search, " AND ", NULL);
      search_sql_add (search, id, NULL);
      search_sql_add (search, " NOT IN " TAGGED, key);
    }
  }

  /* The host's words in the index narrow a site down before its articles' addresses are
   * read: with words, in the MATCH itself.
   */
  if (sites && sites[0]) {
    if (!match)
      search_sql_add (search,
                      " AND articles.id IN (SELECT rowid FROM search WHERE search MATCH ?)",
                      search_sql_sites_match (search, sites));

    search_sql_add (search, " AND (", NULL);
    for (guint i = 0; sites[i]; i++)
      search_sql_add (search, i > 0 ? " OR lectern_url_in_site (url, ?)"
                                    : "lectern_url_in_site (url, ?)", sites[i]);
    search_sql_add (search, ")", NULL);
  }

  /* An article outside the host's words in the index is from another site, and its
   * address need not be read; while the index is being built, it might not be.
   */
  for (guint i = 0; excluded_sites && excluded_sites[i]; i++) {
    if (indexed) {
      const char *one[] = { excluded_sites[i], NULL };

      search_sql_add (search, " AND NOT (", NULL);
      search_sql_add (search, id, NULL);
      search_sql_add (search, " IN (SELECT rowid FROM search WHERE search MATCH ?)",
                      search_sql_sites_match (search, one));
      search_sql_add (search, " AND lectern_url_in_site (url, ?))", excluded_sites[i]);
    } else {
      search_sql_add (search, " AND NOT lectern_url_in_site (url, ?)", excluded_sites[i]);
    }
  }

  if (exclude) {
    search_sql_add (search, " AND ", NULL);
    search_sql_add (search, id, NULL);
    search_sql_add (search, " NOT IN (SELECT rowid FROM search WHERE search MATCH ?)",
                    exclude);
  }

  if (match && before > 0) {
    g_autofree char *below = g_strdup_printf (" AND search.rowid < %" G_GINT64_FORMAT, before);

    search_sql_add (search, below, NULL);
  }

  if (match)
    search_sql_add (search, " ORDER BY search.rowid DESC", NULL);
  else
    search_sql_add (search, order_sql[sort], NULL);
}

/* Whether the first @limit articles of a search without words are found sooner by
 * walking the sort's index than by looking up every article of a tag or site and sorting
 * those that are left. A lookup reads an article's row (5 µs); walking reads an index
 * entry (0.3 µs) for each article walked past, and the fewer articles pass every test,
 * the further it walks. So it walks when limit × library / selected is less than 16
 * times the articles looked up. A tag's sizes are known (tag_counts, in all and under
 * each state); a site's, the index counts.
 */
static gboolean
should_walk (LecternDatabase  *database,
             LecternQuery     *query,
             LecternFilter     filter,
             guint             limit,
             GError          **error)
{
  const char * const *tags = lectern_query_get_tags (query);
  const char * const *sites = lectern_query_get_sites (query);
  LecternQueryFlags flags = lectern_query_get_flags (query);
  g_autoptr (LecternStatement) stmt = NULL;
  gint64 selected = G_MAXINT64;
  gint64 looked_up = G_MAXINT64;
  g_autofree char *size_sql = NULL;
  const char *column;
  gint64 library;

  if (limit == 0 || lectern_query_get_match (query) || (!tags[0] && !sites[0]))
    return FALSE;

  /* The tag's count in the list the search looks in, or under the state it asks for. */
  if (filter == LECTERN_FILTER_FAVOURITES || (flags & LECTERN_QUERY_STARRED))
    column = "n_favourites";
  else if (filter == LECTERN_FILTER_ARCHIVE || (flags & LECTERN_QUERY_ARCHIVED))
    column = "n_archive";
  else if (filter == LECTERN_FILTER_UNREAD)
    column = "n_unread";
  else
    column = "n_all";
  size_sql = g_strdup_printf ("SELECT coalesce (max (c.%s), 0), coalesce (max (c.n_all), 0)"
                              " FROM tags AS t JOIN tag_counts AS c ON c.tag_id = t.id"
                              " WHERE t.key = ?",
                              column);

  stmt = lectern_database_prepare (database, "SELECT max (id) FROM articles", error);
  if (!stmt || !lectern_statement_step (stmt, error))
    return FALSE;
  library = lectern_statement_column_int64 (stmt, 0);
  g_clear_object (&stmt);

  for (guint i = 0; tags[i]; i++) {
    g_autofree char *key = lectern_tag_key (tags[i]);

    stmt = lectern_database_prepare (database, size_sql, error);
    if (!stmt)
      return FALSE;
    lectern_statement_bind_text (stmt, 0, key);
    if (!lectern_statement_step (stmt, error))
      return FALSE;
    selected = MIN (selected, lectern_statement_column_int64 (stmt, 0));
    looked_up = MIN (looked_up, lectern_statement_column_int64 (stmt, 1));
    g_clear_object (&stmt);
  }

  if (sites[0] && selected > 0) {
    g_auto (SearchSql) search = { g_string_new (NULL), g_ptr_array_new (),
                                  g_ptr_array_new_with_free_func (g_free) };

    stmt = lectern_database_prepare (database,
                                     "SELECT count (*) FROM search WHERE search MATCH ?",
                                     error);
    if (!stmt)
      return FALSE;
    lectern_statement_bind_text (stmt, 0, search_sql_sites_match (&search, sites));
    if (!lectern_statement_step (stmt, error))
      return FALSE;
    selected = MIN (selected, lectern_statement_column_int64 (stmt, 0));
    looked_up = MIN (looked_up, lectern_statement_column_int64 (stmt, 0));
  }

  return (double)limit * library < 16.0 * looked_up * selected;
}

/* Whether every article is in the index: see search_backlog in migration 5. */
static gboolean
is_indexed (LecternDatabase  *database,
            GError          **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (database, "SELECT count (*) FROM search_backlog", error);
  if (!stmt || !lectern_statement_step (stmt, error))
    return FALSE;

  return lectern_statement_column_int64 (stmt, 0) == 0;
}

/* How many of the newest matches a search ranks. Ranking costs a few microseconds a
 * match, and a common word matches half of a million articles: those beyond come after
 * the ranked ones, newest first. Up to this many matches, the ranking is exact.
 */
#define RANKED_MATCHES 2000

/* How many of the articles saved last tell how common each word of a query is: up to
 * WEIGHT_SAMPLE, and WEIGHT_BUDGET shared among the phrases, so that a pasted paragraph
 * of 64 words costs what a query of four does.
 */
#define WEIGHT_SAMPLE 20000
#define WEIGHT_BUDGET 80000
#define WEIGHT_SAMPLE_MIN 1000

/* The weight of each phrase of @query in its rank: how rare it is among the articles
 * saved last (BM25's inverse document frequency), each counted from a slice of the index
 * of a bounded size (see WEIGHT_SAMPLE), so that the cost does not grow with the
 * library. A query of one phrase needs none: the weight would be the same for every
 * match. Returns %NULL for that, or with @error set.
 */
static GArray *
weigh_phrases (LecternDatabase  *database,
               LecternQuery     *query,
               GError          **error)
{
  const char * const *phrases = lectern_query_get_phrases (query);
  g_autoptr (LecternStatement) last = NULL;
  g_autoptr (LecternStatement) count = NULL;
  g_autoptr (GArray) weights = NULL;
  guint n_phrases = g_strv_length ((char **)phrases);
  gint64 last_id;
  gint64 first_id;
  double n_articles;

  if (n_phrases < 2)
    return NULL;

  last = lectern_database_prepare (database, "SELECT max (id) FROM articles", error);
  if (!last || !lectern_statement_step (last, error))
    return NULL;
  last_id = lectern_statement_column_int64 (last, 0);
  first_id = MAX (last_id - CLAMP (WEIGHT_BUDGET / n_phrases, WEIGHT_SAMPLE_MIN, WEIGHT_SAMPLE),
                  0);
  n_articles = MAX (last_id - first_id, 1);

  count = lectern_database_prepare (database,
                                    "SELECT count (*) FROM search"
                                    " WHERE search MATCH ?1 AND rowid > ?2",
                                    error);
  if (!count)
    return NULL;

  weights = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; phrases[i]; i++) {
    double n_matches;
    double weight;

    lectern_statement_bind_text (count, 0, phrases[i]);
    lectern_statement_bind_int64 (count, 1, first_id);
    if (!lectern_statement_step (count, error))
      return NULL;
    n_matches = MIN (lectern_statement_column_int64 (count, 0), n_articles);
    lectern_statement_reset (count);

    /* A word in more than half of the articles weighs almost nothing, never less. */
    weight = MAX (log ((n_articles - n_matches + 0.5) / (n_matches + 0.5)), 1e-6);
    g_array_append_val (weights, weight);
  }

  return g_steal_pointer (&weights);
}

/* The rank column of a search: lectern_rank() with the weight of each of the @n_phrases
 * phrases of the query, @weights (see weigh_phrases ()) or 1 each. The phrases of tags
 * and sites that follow them get none, and count nothing.
 */
static char *
rank_sql (GArray *weights,
          guint   n_phrases)
{
  GString *sql = g_string_new ("lectern_rank (search");

  for (guint i = 0; i < n_phrases; i++) {
    char number[G_ASCII_DTOSTR_BUF_SIZE];
    double weight = weights && i < weights->len ? g_array_index (weights, double, i) : 1.0;

    g_string_append_printf (sql, ", %s", g_ascii_dtostr (number, sizeof number, weight));
  }
  g_string_append_c (sql, ')');

  return g_string_free (sql, FALSE);
}

typedef struct {
  gint64 id;
  double score;
} RankedMatch;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const RankedMatch *first = a;
  const RankedMatch *second = b;

  if (first->score != second->score)
    return first->score > second->score ? -1 : 1;
  return first->id > second->id ? -1 : first->id < second->id ? 1 : 0;
}

static int
search_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

/* Runs the search in @search and appends its ids to @ids, and their rank to @ranked when
 * not %NULL (the second column).
 */
static gboolean
read_search (LecternDatabase  *database,
             SearchSql        *search,
             GArray           *ids,
             GArray           *ranked,
             GError          **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (database, search->sql->str, error);
  if (!stmt)
    return FALSE;

  for (guint i = 0; i < search->values->len; i++)
    lectern_statement_bind_text (stmt, i, g_ptr_array_index (search->values, i));

  while (lectern_statement_step (stmt, &local_error)) {
    if (ranked) {
      RankedMatch match = { lectern_statement_column_int64 (stmt, 0),
                            lectern_statement_column_double (stmt, 1) };

      g_array_append_val (ranked, match);
    } else {
      gint64 id = lectern_statement_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}

/* The ids of a search with words: the RANKED_MATCHES newest matches, ranked as they are
 * read, in the order of their rank (ties newest first); then, up to @limit in all (0:
 * no limit), the matches saved before them, newest first.
 */
static gboolean
search_words (LecternDatabase  *database,
              LecternQuery     *query,
              LecternFilter     filter,
              gboolean          indexed,
              guint             limit,
              GArray           *ids,
              GError          **error)
{
  g_auto (SearchSql) first = { g_string_new (NULL), g_ptr_array_new (),
                               g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (GArray) weights = NULL;
  g_autoptr (GArray) ranked = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *rank = NULL;
  g_autofree char *first_limit = NULL;

  weights = weigh_phrases (database, query, &local_error);
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  rank = rank_sql (weights, g_strv_length ((char **)lectern_query_get_phrases (query)));
  build_search_sql (&first, query, filter, LECTERN_SORT_NEWEST, FALSE, indexed, TRUE, rank, 0);
  first_limit = g_strdup_printf (" LIMIT %u", RANKED_MATCHES);
  search_sql_add (&first, first_limit, NULL);

  ranked = g_array_sized_new (FALSE, FALSE, sizeof (RankedMatch), RANKED_MATCHES);
  if (!read_search (database, &first, NULL, ranked, error))
    return FALSE;

  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len && (limit == 0 || i < limit); i++)
    g_array_append_val (ids, g_array_index (ranked, RankedMatch, i).id);

  /* A common word: the others, read on from the oldest of the ranked ones. */
  if (ranked->len == RANKED_MATCHES && (limit == 0 || limit > RANKED_MATCHES)) {
    g_auto (SearchSql) rest = { g_string_new (NULL), g_ptr_array_new (),
                                g_ptr_array_new_with_free_func (g_free) };
    gint64 oldest = G_MAXINT64;

    for (guint i = 0; i < ranked->len; i++)
      oldest = MIN (oldest, g_array_index (ranked, RankedMatch, i).id);

    build_search_sql (&rest, query, filter, LECTERN_SORT_NEWEST, FALSE, indexed, FALSE, NULL,
                      oldest);
    if (limit > 0) {
      g_autofree char *rest_limit = g_strdup_printf (" LIMIT %u", limit - RANKED_MATCHES);

      search_sql_add (&rest, rest_limit, NULL);
    }

    if (!read_search (database, &rest, ids, NULL, error))
      return FALSE;
  }

  return TRUE;
}

/**
 * _lectern_search_run:
 * @database: a connection to the library that only this thread uses meanwhile
 * @query: (nullable): what to look for; %NULL or empty lists the filter's articles
 * @filter: which articles to look among
 * @sort: the order of a search without words
 * @limit: how many ids at most; 0 for all
 * @cancellable: (nullable): stops the search at once
 * @error: return location for a #LecternDatabaseError
 *
 * Runs a search, as lectern_article_store_search_ids() describes it.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, or %NULL with
 *   @error set
 */
GArray *
_lectern_search_run (LecternDatabase  *database,
                     LecternQuery     *query,
                     LecternFilter     filter,
                     LecternSort       sort,
                     guint             limit,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) local_error = NULL;
  sqlite3 *handle = _lectern_database_get_handle (database);
  gboolean has_query = query && !lectern_query_is_empty (query);

  if (cancellable)
    sqlite3_progress_handler (handle, 1000, search_progress_cb, cancellable);

  /* Every statement reads one snapshot of the library. */
  if (!lectern_database_begin (database, error)) {
    if (cancellable)
      sqlite3_progress_handler (handle, 0, NULL, NULL);
    return NULL;
  }

  if (has_query && lectern_query_get_match (query)) {
    gboolean indexed = is_indexed (database, &local_error);

    if (!local_error)
      search_words (database, query, filter, indexed, limit, ids, &local_error);
  } else {
    g_auto (SearchSql) search = { g_string_new (NULL), g_ptr_array_new (),
                                  g_ptr_array_new_with_free_func (g_free) };
    gboolean walk = FALSE;
    gboolean indexed = FALSE;

    if (has_query) {
      walk = should_walk (database, query, filter, limit, &local_error);
      indexed = !local_error && is_indexed (database, &local_error);
      if (!local_error)
        build_search_sql (&search, query, filter, sort, walk, indexed, limit > 0, NULL, 0);
    } else {
      g_autoptr (LecternStatement) count = NULL;

      search_sql_add (&search, list_ids_sql[filter][sort], NULL);

      /* The whole list: its size is known, and an array made to it is never copied as
       * it grows, nor leaves the copies behind in this thread's heap.
       */
      count = lectern_database_prepare (database, LIST_COUNTS_SQL, &local_error);
      if (count && lectern_statement_step (count, &local_error)) {
        gint64 n = lectern_statement_column_int64 (count, filter);

        g_array_unref (ids);
        ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                 limit > 0 ? MIN (n, limit) : n);
      }
    }

    if (!local_error && limit > 0) {
      g_autofree char *limit_sql = g_strdup_printf (" LIMIT %u", limit);

      search_sql_add (&search, limit_sql, NULL);
    }

    if (!local_error)
      read_search (database, &search, ids, NULL, &local_error);
  }

  lectern_database_rollback (database);

  if (cancellable)
    sqlite3_progress_handler (handle, 0, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (local_error) {
    /* The parser quotes every word, so FTS5 should accept whatever was typed; should it
     * still refuse a MATCH, the search finds nothing rather than failing. Errors of the
     * library itself (busy, damaged, full), and any error listing without a query, stay
     * errors.
     */
    if (!has_query || !g_error_matches (local_error, LECTERN_DATABASE_ERROR,
                                        LECTERN_DATABASE_ERROR_FAILED)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

    g_debug ("Search for “%s” found nothing: %s",
             query ? lectern_query_get_text (query) : "", local_error->message);
    g_array_set_size (ids, 0);
  }

  return g_steal_pointer (&ids);
}
