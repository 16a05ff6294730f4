/* lectern-article-store.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"

#include "lectern-database.h"
#include "lectern-import-entry.h"
#include "lectern-owner.h"
#include "lectern-query.h"
#include "lectern-search-private.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-tag.h"
#include "lectern-url.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/**
 * LecternArticleStore:
 *
 * The saved articles: queries and changes over one library file.
 *
 * The store holds two connections. The writer changes the library, from the calling
 * thread for the sync forms (while holding a lock) or from the store's one worker thread
 * for the `_async` forms. The reader serves every query on the calling thread; the library
 * is in WAL mode, so a query never waits for a write and sees each write whole or not at
 * all.
 *
 * Every change runs in one transaction and emits #LecternArticleStore::article-added,
 * #LecternArticleStore::article-changed or #LecternArticleStore::article-removed once it
 * is committed, on the thread that asked for it (for `_async` forms: in the thread-default
 * main context of the caller, just before the callback runs). A change that fails leaves
 * the library as it was and emits nothing.
 *
 * Deleting only hides an article (so Undo can bring it back);
 * lectern_article_store_purge_deleted() removes hidden articles for good.
 *
 * Any number of stores, in this process or others (the window and `lectern --save`), may
 * have one library open at once. A write waits a few seconds for one another process is
 * making, then fails with %LECTERN_DATABASE_ERROR_BUSY; it is never lost in silence. What
 * the others change comes with no signal of its own:
 * lectern_article_store_check_external_change() looks for it and emits
 * #LecternArticleStore::external-change.
 *
 * A store that saves an article claims it first (lectern_article_store_claim_save()), so
 * that no two stores save one article at once, and a save that a crash or a kill cut
 * off is taken up again, but only a few times: see #LecternSaveClaim.
 */

struct _LecternArticleStore
{
  GObject parent_instance;

  /* Owned */
  char *path;
  char *moved_aside;
  LecternDatabase *reader;
  LecternDatabase *writer;
  LecternOwner *owner;
  GThreadPool *pool;

  /* Held while the writer is in use; also guards clearing it in close (). */
  GMutex write_lock;

  /* The writer's PRAGMA data_version when last looked at, under write_lock. */
  gint64 data_version;

  /* A connection of its own for lectern_article_store_search_ids_async (), opened on its
   * first use, so that a long search keeps neither the main loop's reads nor the writes
   * waiting. Held while a search runs on it.
   */
  GMutex search_lock;
  LecternDatabase *searcher;

  /* Held while lectern_article_store_get_snippet () uses the reader's TEMP table of one
   * article; also guards clearing the reader in close (). snippet_table: that table
   * exists.
   */
  GMutex snippet_lock;
  gboolean snippet_table;

  /* Stops lectern_article_store_build_index_async () when the store closes. */
  GCancellable *closing;

  /* Counts the async writes pushed but not yet run, for flush (). */
  GMutex queue_lock;
  GCond queue_cond;
  guint n_queued;

  gboolean closed;
};

G_DEFINE_FINAL_TYPE (LecternArticleStore, lectern_article_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LecternStoredImage, lectern_stored_image,
                     lectern_stored_image_copy, lectern_stored_image_free)

G_DEFINE_ENUM_TYPE (LecternArticleChange, lectern_article_change,
  G_DEFINE_ENUM_VALUE (LECTERN_ARTICLE_CHANGE_READ, "read"),
  G_DEFINE_ENUM_VALUE (LECTERN_ARTICLE_CHANGE_STARRED, "starred"),
  G_DEFINE_ENUM_VALUE (LECTERN_ARTICLE_CHANGE_ARCHIVED, "archived"))

G_DEFINE_ENUM_TYPE (LecternSaveClaim, lectern_save_claim,
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_CLAIM_CLAIMED, "claimed"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_CLAIM_SAVED, "saved"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_CLAIM_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_CLAIM_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_CLAIM_GAVE_UP, "gave-up"))

enum {
  ARTICLE_ADDED,
  ARTICLE_CHANGED,
  ARTICLE_REMOVED,
  EXTERNAL_CHANGE,
  TAGS_CHANGED,
  HIGHLIGHTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_INDEX_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every query is fixed text put together by the preprocessor; values are always bound.
 * SUMMARY_COLUMNS is everything a list row needs: all but the two bodies and the columns
 * the library stores after them (reading those would walk a big body's pages). The order
 * matches enum Column.
 */
#define SUMMARY_COLUMNS \
  "id, url, canonical_url, title, byline, site_name, language, direction, excerpt, " \
  "lead_image, published_at, saved_at, updated_at, word_count, char_count, " \
  "reading_minutes, read_at, archived, starred, starred_at, progress, progress_anchor, " \
  "save_state, save_error"
#define FULL_COLUMNS SUMMARY_COLUMNS ", body_html, plain_text, " \
  "published_precision, modified_at, modified_precision"

enum Column {
  COL_ID,
  COL_URL,
  COL_CANONICAL_URL,
  COL_TITLE,
  COL_BYLINE,
  COL_SITE_NAME,
  COL_LANGUAGE,
  COL_DIRECTION,
  COL_EXCERPT,
  COL_LEAD_IMAGE,
  COL_PUBLISHED_AT,
  COL_SAVED_AT,
  COL_UPDATED_AT,
  COL_WORD_COUNT,
  COL_CHAR_COUNT,
  COL_READING_MINUTES,
  COL_READ_AT,
  COL_ARCHIVED,
  COL_STARRED,
  COL_STARRED_AT,
  COL_PROGRESS,
  COL_PROGRESS_ANCHOR,
  COL_SAVE_STATE,
  COL_SAVE_ERROR,
  COL_BODY_HTML,
  COL_PLAIN_TEXT,
  COL_PUBLISHED_PRECISION,
  COL_MODIFIED_AT,
  COL_MODIFIED_PRECISION,
};

static const char * const list_sql[LECTERN_N_FILTERS][N_SORTS] = {
  [LECTERN_FILTER_UNREAD] = SELECT_SORTED (SUMMARY_COLUMNS, WHERE_UNREAD),
  [LECTERN_FILTER_FAVOURITES] = SELECT_SORTED (SUMMARY_COLUMNS, WHERE_FAVOURITES),
  [LECTERN_FILTER_ARCHIVE] = SELECT_SORTED (SUMMARY_COLUMNS, WHERE_ARCHIVE),
  [LECTERN_FILTER_ALL] = SELECT_SORTED (SUMMARY_COLUMNS, WHERE_ALL),
};

static const char counts_sql[] = LIST_COUNTS_SQL;


typedef enum {
  WRITE_ADD,
  WRITE_SET_FLAG,
  WRITE_SET_PROGRESS,
  WRITE_DELETE,
  WRITE_UNDELETE,
  WRITE_PURGE,
  WRITE_ADD_PENDING,
  WRITE_MARK_PENDING,
  WRITE_FINISH_SAVE,
  WRITE_FAIL_SAVE,
  WRITE_DISCARD,
  WRITE_CLAIM_SAVE,
  WRITE_RELEASE_SAVE,
  WRITE_SET_TAGS,
  WRITE_ADD_TAGS,
  WRITE_RENAME_TAG,
  WRITE_DELETE_TAG,
  WRITE_RESTORE_TAG,
  WRITE_BUILD_INDEX,
  WRITE_IMPORT,
  WRITE_FAIL_SAVES,
  WRITE_ADD_HIGHLIGHT,
  WRITE_UPDATE_HIGHLIGHT,
  WRITE_REMOVE_HIGHLIGHT,
} WriteKind;

/* One change to the library, run by run_write () on whichever thread, then completed by
 * finish_write () on the thread that asked for it.
 */
typedef struct {
  WriteKind kind;
  gint64 id;
  /* WRITE_ADD: the caller's article, touched only on the caller's thread, and what is
   * inserted: a copy for the worker, or the article itself for a sync add.
   */
  LecternArticle *article;
  LecternArticle *row;
  gint64 saved_at;
  gint64 updated_at;
  LecternArticleChange change;
  gboolean value;
  double progress;
  char *anchor;
  /* WRITE_ADD_PENDING: the address; WRITE_FAIL_SAVE and WRITE_CLAIM_SAVE: the reason
   * in text.
   */
  char *url;
  char *normalized_url;
  char *reason;
  /* WRITE_CLAIM_SAVE: whether the user asked to try again, and what came of it. */
  gboolean try_again;
  LecternSaveClaim claim;
  /* WRITE_FINISH_SAVE: a copy of the caller's LecternStoredImage array. */
  GPtrArray *images;
  /* Tags, normalised: those to set or add, or those of a new pending row; the tag to
   * rename, delete or restore (name), and its new name.
   */
  char **names;
  char *name;
  char *new_name;
  /* WRITE_DELETE_TAG: the articles that had the tag; WRITE_RESTORE_TAG: those to give it
   * back to.
   */
  GArray *ids;
  /* Articles besides op->id whose tags changed: each gets article-changed. */
  GArray *changed_ids;
  /* Emit tags-changed once committed. */
  gboolean tags_changed;
  /* WRITE_IMPORT: the entries (LecternImportEntry), and what became of each
   * (LecternImportOutcome).
   */
  GPtrArray *entries;
  GArray *outcomes;
  /* WRITE_ADD_HIGHLIGHT: the caller's highlight, touched only on the caller's thread, and
   * a copy for the worker. WRITE_UPDATE_HIGHLIGHT and WRITE_REMOVE_HIGHLIGHT: which one,
   * its new colour and note; op->id is then its article's, for highlights-changed.
   */
  LecternHighlight *highlight;
  LecternHighlight *highlight_row;
  gint64 highlight_id;
  LecternHighlightColor color;
  char *note;
  /* WRITE_BUILD_INDEX: how many articles at most, and whether the index is complete. */
  guint batch;
  gboolean complete;
  /* The signal to emit once committed, or N_SIGNALS for none. */
  guint signal;
  GError *error;
} WriteOp;

static WriteOp *
write_op_new (WriteKind kind,
              gint64    id)
{
  WriteOp *op = g_new0 (WriteOp, 1);

  op->kind = kind;
  op->id = id;
  op->signal = N_SIGNALS;
  return op;
}

static void
write_op_free (gpointer data)
{
  WriteOp *op = data;

  g_clear_object (&op->article);
  g_clear_object (&op->row);
  g_clear_object (&op->highlight);
  g_clear_object (&op->highlight_row);
  g_clear_pointer (&op->note, g_free);
  g_clear_pointer (&op->anchor, g_free);
  g_clear_pointer (&op->url, g_free);
  g_clear_pointer (&op->normalized_url, g_free);
  g_clear_pointer (&op->reason, g_free);
  g_clear_pointer (&op->images, g_ptr_array_unref);
  g_clear_pointer (&op->names, g_strfreev);
  g_clear_pointer (&op->name, g_free);
  g_clear_pointer (&op->new_name, g_free);
  g_clear_pointer (&op->ids, g_array_unref);
  g_clear_pointer (&op->changed_ids, g_array_unref);
  g_clear_pointer (&op->entries, g_ptr_array_unref);
  g_clear_pointer (&op->outcomes, g_array_unref);
  g_clear_error (&op->error);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteOp, write_op_free)

static gboolean
set_closed_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The library is closed"));
  return FALSE;
}

static gboolean
set_not_found_error (GError **error)
{
  g_set_error_literal (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND,
                       _("The article no longer exists"));
  return FALSE;
}

static void
bind_time (LecternStatement *stmt,
           int               column,
           gint64            value)
{
  if (value == 0)
    lectern_statement_bind_null (stmt, column);
  else
    lectern_statement_bind_int64 (stmt, column, value);
}

/* A date's precision as the library stores it; a date without one, which only an
 * article made in code can have, gets it from the time of day (see
 * lectern_date_precision_guess()). The columns' CHECKs refuse anything else.
 */
static void
bind_precision (LecternStatement     *stmt,
                int                   column,
                gint64                time,
                LecternDatePrecision  precision)
{
  if (time == 0)
    precision = LECTERN_DATE_PRECISION_NONE;
  else if (precision == LECTERN_DATE_PRECISION_NONE ||
           (precision == LECTERN_DATE_PRECISION_DAY &&
            lectern_date_precision_guess (time) != LECTERN_DATE_PRECISION_DAY))
    precision = lectern_date_precision_guess (time);

  lectern_statement_bind_text (stmt, column, lectern_date_precision_to_string (precision));
}

/* Binds published_precision, modified_at and modified_precision from @article to
 * @column and the two after it.
 */
static void
bind_dates (LecternStatement *stmt,
            int               column,
            LecternArticle   *article)
{
  gint64 modified_at = lectern_article_get_modified_at (article);

  bind_precision (stmt, column, lectern_article_get_published_at (article),
                  lectern_article_get_published_precision (article));
  bind_time (stmt, column + 1, modified_at);
  bind_precision (stmt, column + 2, modified_at,
                  lectern_article_get_modified_precision (article));
}

static LecternDatePrecision
column_precision (LecternStatement *stmt,
                  int               column)
{
  LecternDatePrecision precision = LECTERN_DATE_PRECISION_NONE;

  lectern_date_precision_from_string (lectern_statement_column_text (stmt, column),
                                      &precision);
  return precision;
}

static LecternArticle *
article_from_row (LecternStatement *stmt,
                  gboolean          full)
{
  LecternArticle *article = lectern_article_new ();
  const char *direction;
  gint64 save_state;

  direction = lectern_statement_column_text (stmt, COL_DIRECTION);
  save_state = lectern_statement_column_int64 (stmt, COL_SAVE_STATE);

  lectern_article_set_id (article, lectern_statement_column_int64 (stmt, COL_ID));
  lectern_article_set_url (article, lectern_statement_column_text (stmt, COL_URL));
  lectern_article_set_canonical_url (article,
                                     lectern_statement_column_text (stmt, COL_CANONICAL_URL));
  lectern_article_set_title (article, lectern_statement_column_text (stmt, COL_TITLE));
  lectern_article_set_byline (article, lectern_statement_column_text (stmt, COL_BYLINE));
  lectern_article_set_site_name (article, lectern_statement_column_text (stmt, COL_SITE_NAME));
  lectern_article_set_language (article, lectern_statement_column_text (stmt, COL_LANGUAGE));
  lectern_article_set_direction (article, lectern_text_direction_from_string (direction));
  lectern_article_set_excerpt (article, lectern_statement_column_text (stmt, COL_EXCERPT));
  lectern_article_set_lead_image (article,
                                  lectern_statement_column_text (stmt, COL_LEAD_IMAGE));
  lectern_article_set_published_at (article,
                                    lectern_statement_column_int64 (stmt, COL_PUBLISHED_AT));
  lectern_article_set_saved_at (article, lectern_statement_column_int64 (stmt, COL_SAVED_AT));
  lectern_article_set_updated_at (article,
                                  lectern_statement_column_int64 (stmt, COL_UPDATED_AT));
  lectern_article_set_word_count (article,
                                  lectern_statement_column_int64 (stmt, COL_WORD_COUNT));
  lectern_article_set_char_count (article,
                                  lectern_statement_column_int64 (stmt, COL_CHAR_COUNT));
  lectern_article_set_reading_minutes (article,
                                       lectern_statement_column_int64 (stmt,
                                                                       COL_READING_MINUTES));
  lectern_article_set_read_at (article, lectern_statement_column_int64 (stmt, COL_READ_AT));
  lectern_article_set_archived (article, lectern_statement_column_int64 (stmt, COL_ARCHIVED));
  lectern_article_set_starred (article, lectern_statement_column_int64 (stmt, COL_STARRED));
  lectern_article_set_starred_at (article,
                                  lectern_statement_column_int64 (stmt, COL_STARRED_AT));
  lectern_article_set_progress (article, lectern_statement_column_double (stmt, COL_PROGRESS));
  lectern_article_set_progress_anchor (article,
                                       lectern_statement_column_text (stmt,
                                                                      COL_PROGRESS_ANCHOR));
  if (save_state >= LECTERN_SAVE_STATE_SAVED && save_state <= LECTERN_SAVE_STATE_FAILED)
    lectern_article_set_save_state (article, save_state);
  lectern_article_set_save_error (article, lectern_statement_column_text (stmt, COL_SAVE_ERROR));

  if (full) {
    lectern_article_set_body_html (article,
                                   lectern_statement_column_text (stmt, COL_BODY_HTML));
    lectern_article_set_plain_text (article,
                                    lectern_statement_column_text (stmt, COL_PLAIN_TEXT));
    lectern_article_set_published_precision (article,
                                             column_precision (stmt, COL_PUBLISHED_PRECISION));
    lectern_article_set_modified_at (article,
                                     lectern_statement_column_int64 (stmt, COL_MODIFIED_AT));
    lectern_article_set_modified_precision (article,
                                            column_precision (stmt, COL_MODIFIED_PRECISION));
  }

  return article;
}

/* Writes. These run with write_lock held, inside the transaction run_write () opened. */

static gboolean
writer_article_exists (LecternArticleStore  *self,
                       gint64                id,
                       gboolean             *exists,
                       GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT 1 FROM articles WHERE id = ?1 AND " VISIBLE,
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  *exists = lectern_statement_step (stmt, &local_error);
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}

/* After an UPDATE that guards against changing nothing: no row changed means either the
 * article is gone (an error) or it already was as asked (no signal).
 */
static gboolean
check_changed (LecternArticleStore  *self,
               WriteOp              *op,
               guint                 signal,
               GError              **error)
{
  gboolean exists = FALSE;

  if (lectern_database_changes (self->writer) > 0) {
    op->signal = signal;
    return TRUE;
  }

  if (!writer_article_exists (self, op->id, &exists, error))
    return FALSE;

  if (!exists)
    return set_not_found_error (error);

  return TRUE;
}

/* The search index. Every write that changes what search_source shows of an article
 * (its title, byline, site, address, tags, text, or whether it is visible) takes the
 * article out of the index before the change and puts it back after, in the same
 * transaction. FTS5 takes an article out of an external-content index by tokenizing the
 * text it was indexed with, so that text has to be read before it changes.
 *
 * An article that waits for the build of an older library's index (see search_backlog
 * in lectern-database.c) is not in the index yet: neither is done for it, and the build
 * indexes it as it is then.
 */
#define NOT_IN_BACKLOG \
  "NOT EXISTS (SELECT 1 FROM search_backlog WHERE ?1 > done_id AND ?1 <= last_id)"

/* How many articles of each list have each tag (tag_counts), kept the way the index is:
 * an article's share is taken away before a change to its tags, flags or visibility and
 * added back after, so the sidebar's counts never need a scan of the library.
 */
static gboolean
count_tags (LecternArticleStore  *self,
            gint64                id,
            gboolean              add,
            GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO tag_counts"
                                   " (tag_id, n_all, n_unread, n_favourites, n_archive)"
                                   " SELECT at.tag_id, ?2,"
                                   "  ?2 * (a.read_at IS NULL AND a.archived = 0),"
                                   "  ?2 * (a.starred = 1), ?2 * (a.archived = 1)"
                                   " FROM article_tags AS at JOIN articles AS a"
                                   "  ON a.id = at.article_id"
                                   " WHERE at.article_id = ?1 AND a.deleted_at IS NULL"
                                   " ON CONFLICT (tag_id) DO UPDATE SET"
                                   "  n_all = n_all + excluded.n_all,"
                                   "  n_unread = n_unread + excluded.n_unread,"
                                   "  n_favourites = n_favourites + excluded.n_favourites,"
                                   "  n_archive = n_archive + excluded.n_archive",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  lectern_statement_bind_int64 (stmt, 1, add ? 1 : -1);
  return lectern_statement_run (stmt, error);
}

/* Counts the tags of the whole library again, for articles written by other means than
 * the store (a bulk load) once their index is built.
 */
static gboolean
recount_tags (LecternArticleStore  *self,
              GError              **error)
{
  return lectern_database_exec (self->writer,
                                "DELETE FROM tag_counts;"
                                "INSERT INTO tag_counts"
                                " (tag_id, n_all, n_unread, n_favourites, n_archive)"
                                " SELECT at.tag_id, count (*),"
                                "  count (*) FILTER (WHERE a.read_at IS NULL AND a.archived = 0),"
                                "  count (*) FILTER (WHERE a.starred = 1),"
                                "  count (*) FILTER (WHERE a.archived = 1)"
                                " FROM article_tags AS at JOIN articles AS a"
                                "  ON a.id = at.article_id"
                                " WHERE a.deleted_at IS NULL GROUP BY at.tag_id",
                                error);
}

static gboolean
index_article (LecternArticleStore  *self,
               gint64                id,
               gboolean              add,
               GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  const char *sql;

  /* Out of the counts before leaving the index, back in after joining it again. */
  if (!add && !count_tags (self, id, FALSE, error))
    return FALSE;

  if (add)
    sql = "INSERT INTO search (rowid, title, byline, site_name, host, tags, plain_text)"
          " SELECT id, title, byline, site_name, host, tags, plain_text"
          " FROM search_source WHERE id = ?1 AND " NOT_IN_BACKLOG;
  else
    sql = "INSERT INTO search (search, rowid, title, byline, site_name, host, tags,"
          "  plain_text)"
          " SELECT 'delete', id, title, byline, site_name, host, tags, plain_text"
          " FROM search_source WHERE id = ?1 AND " NOT_IN_BACKLOG;

  stmt = lectern_database_prepare (self->writer, sql, error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  return !add || count_tags (self, id, TRUE, error);
}

static gboolean
index_remove (LecternArticleStore  *self,
              gint64                id,
              GError              **error)
{
  return index_article (self, id, FALSE, error);
}

static gboolean
index_add (LecternArticleStore  *self,
           gint64                id,
           GError              **error)
{
  return index_article (self, id, TRUE, error);
}

/* Whether article @id has any tag: its changes then change the tags' counts. */
static gboolean
writer_has_tags (LecternArticleStore  *self,
                 gint64                id,
                 gboolean             *has_tags,
                 GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT 1 FROM article_tags WHERE article_id = ?1 LIMIT 1",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  *has_tags = lectern_statement_step (stmt, &local_error);
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}

/* Tags no article has any more, deleted or not, go. The table holds a tag per name the
 * user ever gave, hundreds at most, so a scan costs nothing.
 */
static gboolean
writer_delete_unused_tags (LecternArticleStore  *self,
                           GError              **error)
{
  return lectern_database_exec (self->writer,
                                "DELETE FROM tags WHERE NOT EXISTS"
                                " (SELECT 1 FROM article_tags WHERE tag_id = tags.id)",
                                error);
}

/* The id of the tag @name, created if there is none with its key. */
static gint64
writer_ensure_tag (LecternArticleStore  *self,
                   const char           *name,
                   GError              **error)
{
  g_autoptr (LecternStatement) insert = NULL;
  g_autoptr (LecternStatement) query = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *key = lectern_tag_key (name);

  insert = lectern_database_prepare (self->writer,
                                     "INSERT INTO tags (name, key) VALUES (?1, ?2)"
                                     " ON CONFLICT (key) DO NOTHING",
                                     error);
  if (!insert)
    return 0;

  lectern_statement_bind_text (insert, 0, name);
  lectern_statement_bind_text (insert, 1, key);
  if (!lectern_statement_run (insert, error))
    return 0;

  query = lectern_database_prepare (self->writer, "SELECT id FROM tags WHERE key = ?1", error);
  if (!query)
    return 0;

  lectern_statement_bind_text (query, 0, key);
  if (!lectern_statement_step (query, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      set_not_found_error (error);
    return 0;
  }

  return lectern_statement_column_int64 (query, 0);
}

/* Gives article @id the tags @names (normalised already), on top of those it has.
 * Counts in @n_added how many it did not have.
 */
static gboolean
writer_link_tags (LecternArticleStore  *self,
                  gint64                id,
                  char                **names,
                  guint                *n_added,
                  GError              **error)
{
  g_autoptr (LecternStatement) link = NULL;

  *n_added = 0;
  if (!names || !names[0])
    return TRUE;

  link = lectern_database_prepare (self->writer,
                                   "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                                   " SELECT ?1, ?2 WHERE EXISTS"
                                   " (SELECT 1 FROM articles WHERE id = ?1)",
                                   error);
  if (!link)
    return FALSE;

  for (guint i = 0; names[i]; i++) {
    gint64 tag_id = writer_ensure_tag (self, names[i], error);

    if (tag_id == 0)
      return FALSE;

    lectern_statement_reset (link);
    lectern_statement_bind_int64 (link, 0, id);
    lectern_statement_bind_int64 (link, 1, tag_id);
    if (!lectern_statement_run (link, error))
      return FALSE;
    *n_added += lectern_database_changes (self->writer);
  }

  return TRUE;
}

/* The ids of the tags article @id has, in id order, as text: to tell whether a write
 * changed them.
 */
static char *
writer_tag_ids (LecternArticleStore  *self,
                gint64                id,
                GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) ids = g_string_new (NULL);

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT tag_id FROM article_tags WHERE article_id = ?1"
                                   " ORDER BY tag_id",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, id);
  while (lectern_statement_step (stmt, &local_error))
    g_string_append_printf (ids, "%" G_GINT64_FORMAT " ",
                            lectern_statement_column_int64 (stmt, 0));

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static gboolean
write_set_tags (LecternArticleStore  *self,
                WriteOp              *op,
                GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean exists = FALSE;
  guint n_added = 0;

  if (!writer_article_exists (self, op->id, &exists, error))
    return FALSE;
  if (!exists)
    return set_not_found_error (error);

  before = writer_tag_ids (self, op->id, error);
  if (!before || !index_remove (self, op->id, error))
    return FALSE;

  if (op->kind == WRITE_SET_TAGS) {
    stmt = lectern_database_prepare (self->writer,
                                     "DELETE FROM article_tags WHERE article_id = ?1", error);
    if (!stmt)
      return FALSE;
    lectern_statement_bind_int64 (stmt, 0, op->id);
    if (!lectern_statement_run (stmt, error))
      return FALSE;
  }

  if (!writer_link_tags (self, op->id, op->names, &n_added, error) ||
      !index_add (self, op->id, error) ||
      !writer_delete_unused_tags (self, error))
    return FALSE;

  after = writer_tag_ids (self, op->id, error);
  if (!after)
    return FALSE;

  if (g_strcmp0 (before, after) != 0) {
    op->signal = ARTICLE_CHANGED;
    op->tags_changed = TRUE;
  }

  return TRUE;
}

/* The tag whose key is @name's, or 0 with a not-found error. */
static gint64
writer_find_tag (LecternArticleStore  *self,
                 const char           *name,
                 GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *key = lectern_tag_key (name);

  stmt = lectern_database_prepare (self->writer, "SELECT id FROM tags WHERE key = ?1", error);
  if (!stmt)
    return 0;

  lectern_statement_bind_text (stmt, 0, key);
  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      g_set_error_literal (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND,
                           _("The tag no longer exists"));
    return 0;
  }

  return lectern_statement_column_int64 (stmt, 0);
}

/* The articles that have tag @tag_id, deleted ones too, in id order. */
static GArray *
writer_tag_articles (LecternArticleStore  *self,
                     gint64                tag_id,
                     GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT article_id FROM article_tags WHERE tag_id = ?1"
                                   " ORDER BY article_id",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, tag_id);
  while (lectern_statement_step (stmt, &local_error)) {
    gint64 id = lectern_statement_column_int64 (stmt, 0);

    g_array_append_val (ids, id);
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_steal_pointer (&ids);
}

static gboolean
index_articles (LecternArticleStore  *self,
                GArray               *ids,
                gboolean              add,
                GError              **error)
{
  for (guint i = 0; i < ids->len; i++) {
    if (!index_article (self, g_array_index (ids, gint64, i), add, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
run_tag_sql (LecternArticleStore  *self,
             const char           *sql,
             gint64                first,
             gint64                second,
             const char           *text,
             const char           *more_text,
             GError              **error)
{
  g_autoptr (LecternStatement) stmt = lectern_database_prepare (self->writer, sql, error);

  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, first);
  lectern_statement_bind_int64 (stmt, 1, second);
  if (text)
    lectern_statement_bind_text (stmt, 2, text);
  if (more_text)
    lectern_statement_bind_text (stmt, 3, more_text);
  return lectern_statement_run (stmt, error);
}

static gboolean
write_rename_tag (LecternArticleStore  *self,
                  WriteOp              *op,
                  GError              **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autofree char *new_key = lectern_tag_key (op->new_name);
  g_autoptr (LecternStatement) target_query = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 tag_id;
  gint64 target = 0;

  tag_id = writer_find_tag (self, op->name, error);
  if (tag_id == 0)
    return FALSE;

  target_query = lectern_database_prepare (self->writer,
                                           "SELECT id FROM tags WHERE key = ?1 AND id != ?2",
                                           error);
  if (!target_query)
    return FALSE;
  lectern_statement_bind_text (target_query, 0, new_key);
  lectern_statement_bind_int64 (target_query, 1, tag_id);
  if (lectern_statement_step (target_query, &local_error))
    target = lectern_statement_column_int64 (target_query, 0);
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  ids = writer_tag_articles (self, tag_id, error);
  if (!ids || !index_articles (self, ids, FALSE, error))
    return FALSE;

  if (target != 0) {
    /* Into a tag that exists: its articles and this one's become one tag, which keeps
     * the name it had.
     */
    if (!run_tag_sql (self,
                      "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                      " SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
                      tag_id, target, NULL, NULL, error) ||
        !run_tag_sql (self, "DELETE FROM tags WHERE id = ?1 AND ?2 IS NOT NULL",
                      tag_id, target, NULL, NULL, error))
      return FALSE;
  } else if (!run_tag_sql (self, "UPDATE tags SET name = ?3, key = ?4 WHERE id = ?1"
                                 " AND ?2 IS NOT NULL",
                           tag_id, 0, op->new_name, new_key, error)) {
    return FALSE;
  }

  if (!index_articles (self, ids, TRUE, error))
    return FALSE;

  op->changed_ids = g_steal_pointer (&ids);
  op->tags_changed = TRUE;
  return TRUE;
}

static gboolean
write_delete_tag (LecternArticleStore  *self,
                  WriteOp              *op,
                  GError              **error)
{
  g_autoptr (GArray) ids = NULL;
  gint64 tag_id;

  tag_id = writer_find_tag (self, op->name, error);
  if (tag_id == 0)
    return FALSE;

  ids = writer_tag_articles (self, tag_id, error);
  if (!ids ||
      !index_articles (self, ids, FALSE, error) ||
      !run_tag_sql (self, "DELETE FROM tags WHERE id = ?1 AND ?2 IS NOT NULL",
                    tag_id, 0, NULL, NULL, error) ||
      !index_articles (self, ids, TRUE, error))
    return FALSE;

  op->changed_ids = g_array_copy (ids);
  op->ids = g_steal_pointer (&ids);
  op->tags_changed = TRUE;
  return TRUE;
}

static gboolean
write_restore_tag (LecternArticleStore  *self,
                   WriteOp              *op,
                   GError              **error)
{
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  char *names[] = { op->new_name, NULL };

  for (guint i = 0; op->ids && i < op->ids->len; i++) {
    gint64 id = g_array_index (op->ids, gint64, i);
    guint n_added = 0;

    if (!index_remove (self, id, error) ||
        !writer_link_tags (self, id, names, &n_added, error) ||
        !index_add (self, id, error))
      return FALSE;

    if (n_added > 0)
      g_array_append_val (changed, id);
  }

  /* Nothing left to give it to: no tag is made for no article. */
  if (!writer_delete_unused_tags (self, error))
    return FALSE;

  op->changed_ids = g_steal_pointer (&changed);
  op->tags_changed = TRUE;
  return TRUE;
}

/* One batch of the build of the index of an older library. */
static gboolean
write_build_index (LecternArticleStore  *self,
                   WriteOp              *op,
                   GError              **error)
{
  g_autoptr (LecternStatement) state = NULL;
  g_autoptr (LecternStatement) batch = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 done_id, last_id, done, total, batch_last, batch_count;

  state = lectern_database_prepare (self->writer,
                                    "SELECT done_id, last_id, done, total FROM search_backlog",
                                    error);
  if (!state)
    return FALSE;

  if (!lectern_statement_step (state, &local_error)) {
    if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    op->complete = TRUE;
    return TRUE;
  }

  done_id = lectern_statement_column_int64 (state, 0);
  last_id = lectern_statement_column_int64 (state, 1);
  done = lectern_statement_column_int64 (state, 2);
  total = lectern_statement_column_int64 (state, 3);
  lectern_statement_reset (state);

  /* The ids of the batch, deleted articles included: they count as done, and search_source
   * leaves them out of the index.
   */
  batch = lectern_database_prepare (self->writer,
                                    "SELECT max (id), count (*) FROM"
                                    " (SELECT id FROM articles WHERE id > ?1 AND id <= ?2"
                                    "  ORDER BY id LIMIT ?3)",
                                    error);
  if (!batch)
    return FALSE;

  lectern_statement_bind_int64 (batch, 0, done_id);
  lectern_statement_bind_int64 (batch, 1, last_id);
  lectern_statement_bind_int64 (batch, 2, op->batch);
  if (!lectern_statement_step (batch, &local_error)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  batch_count = lectern_statement_column_int64 (batch, 1);
  batch_last = batch_count > 0 ? lectern_statement_column_int64 (batch, 0) : last_id;
  lectern_statement_reset (batch);

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO search (rowid, title, byline, site_name, host,"
                                   "  tags, plain_text)"
                                   " SELECT id, title, byline, site_name, host, tags, plain_text"
                                   " FROM search_source WHERE id > ?1 AND id <= ?2",
                                   error);
  if (!stmt)
    return FALSE;
  lectern_statement_bind_int64 (stmt, 0, done_id);
  lectern_statement_bind_int64 (stmt, 1, batch_last);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  g_clear_object (&stmt);
  if (batch_last >= last_id) {
    op->complete = TRUE;
    return lectern_database_exec (self->writer, "DELETE FROM search_backlog", error) &&
           recount_tags (self, error);
  }

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE search_backlog SET done_id = ?1, done = ?2",
                                   error);
  if (!stmt)
    return FALSE;
  lectern_statement_bind_int64 (stmt, 0, batch_last);
  lectern_statement_bind_int64 (stmt, 1, MIN (done + batch_count, total));
  op->complete = FALSE;
  return lectern_statement_run (stmt, error);
}

static gboolean
write_add (LecternArticleStore  *self,
           WriteOp              *op,
           GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  LecternArticle *row = op->row ? op->row : op->article;
  g_autofree char *normalized_url = NULL;
  gint64 now = g_get_real_time ();

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO articles ("
                                   "  url, canonical_url, title, byline, site_name, language,"
                                   "  direction, excerpt, lead_image, published_at, saved_at,"
                                   "  updated_at, word_count, char_count, reading_minutes,"
                                   "  read_at, archived, starred, starred_at, progress,"
                                   "  progress_anchor, save_state, save_error, body_html,"
                                   "  plain_text, normalized_url, published_precision,"
                                   "  modified_at, modified_precision"
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                   "  ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
                                   "  ?23, ?24, ?25,"
                                   "  CASE WHEN EXISTS (SELECT 1 FROM articles"
                                   "   WHERE normalized_url = ?26 AND " VISIBLE ")"
                                   "  THEN NULL ELSE ?26 END, ?27, ?28, ?29)",
                                   error);
  if (!stmt)
    return FALSE;

  op->saved_at = lectern_article_get_saved_at (row);
  if (op->saved_at == 0)
    op->saved_at = now;
  op->updated_at = now;

  lectern_statement_bind_text (stmt, 0, lectern_article_get_url (row));
  lectern_statement_bind_text (stmt, 1, lectern_article_get_canonical_url (row));
  lectern_statement_bind_text (stmt, 2, lectern_article_get_title (row));
  lectern_statement_bind_text (stmt, 3, lectern_article_get_byline (row));
  lectern_statement_bind_text (stmt, 4, lectern_article_get_site_name (row));
  lectern_statement_bind_text (stmt, 5, lectern_article_get_language (row));
  lectern_statement_bind_text (stmt, 6,
                               lectern_text_direction_to_string (
                                 lectern_article_get_direction (row)));
  lectern_statement_bind_text (stmt, 7, lectern_article_get_excerpt (row));
  lectern_statement_bind_text (stmt, 8, lectern_article_get_lead_image (row));
  bind_time (stmt, 9, lectern_article_get_published_at (row));
  lectern_statement_bind_int64 (stmt, 10, op->saved_at);
  lectern_statement_bind_int64 (stmt, 11, op->updated_at);
  lectern_statement_bind_int64 (stmt, 12, lectern_article_get_word_count (row));
  lectern_statement_bind_int64 (stmt, 13, lectern_article_get_char_count (row));
  lectern_statement_bind_int64 (stmt, 14, lectern_article_get_reading_minutes (row));
  bind_time (stmt, 15, lectern_article_get_read_at (row));
  lectern_statement_bind_int64 (stmt, 16, lectern_article_get_archived (row));
  lectern_statement_bind_int64 (stmt, 17, lectern_article_get_starred (row));
  bind_time (stmt, 18, lectern_article_get_starred_at (row));
  lectern_statement_bind_double (stmt, 19, lectern_article_get_progress (row));
  lectern_statement_bind_text (stmt, 20, lectern_article_get_progress_anchor (row));
  lectern_statement_bind_int64 (stmt, 21, lectern_article_get_save_state (row));
  lectern_statement_bind_text (stmt, 22, lectern_article_get_save_error (row));
  lectern_statement_bind_text (stmt, 23, lectern_article_get_body_html (row));
  lectern_statement_bind_text (stmt, 24, lectern_article_get_plain_text (row));

  /* So that saving the address of an imported article finds it. Only one visible article
   * has an address (the library's unique index): a second one with the same address is
   * added, but the saver finds the first.
   */
  if (lectern_article_get_url (row))
    normalized_url = lectern_url_normalize (lectern_article_get_url (row), NULL);
  lectern_statement_bind_text (stmt, 25, normalized_url);
  bind_dates (stmt, 26, row);

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  op->id = lectern_database_last_insert_id (self->writer);
  op->signal = ARTICLE_ADDED;
  return index_add (self, op->id, error);
}

static gboolean
write_set_flag (LecternArticleStore  *self,
                WriteOp              *op,
                GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  const char *sql;

  /* Each UPDATE changes nothing when the flag already has the value, so setting it twice
   * keeps the first time (read_at, starred_at) and emits one signal.
   */
  switch (op->change) {
    case LECTERN_ARTICLE_CHANGE_READ:
      sql = "UPDATE articles SET read_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3"
            " WHERE id = ?1 AND " VISIBLE " AND (read_at IS NOT NULL) != ?2";
      break;
    case LECTERN_ARTICLE_CHANGE_STARRED:
      sql = "UPDATE articles SET starred = ?2, starred_at = CASE WHEN ?2 THEN ?3 ELSE NULL END,"
            " updated_at = ?3 WHERE id = ?1 AND " VISIBLE " AND starred != ?2";
      break;
    case LECTERN_ARTICLE_CHANGE_ARCHIVED:
      sql = "UPDATE articles SET archived = ?2, updated_at = ?3"
            " WHERE id = ?1 AND " VISIBLE " AND archived != ?2";
      break;
    default:
      g_assert_not_reached ();
  }

  stmt = lectern_database_prepare (self->writer, sql, error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_int64 (stmt, 1, op->value ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 2, g_get_real_time ());

  /* Flags are not in the index, but the tags' counts follow them. check_changed ()
   * looks at what the UPDATE itself changed, before the counts are written.
   */
  if (!count_tags (self, op->id, FALSE, error) ||
      !lectern_statement_run (stmt, error) ||
      !check_changed (self, op, ARTICLE_CHANGED, error) ||
      !count_tags (self, op->id, TRUE, error))
    return FALSE;

  /* The tags' counts under Unread, Favourites and Archive follow the flags. */
  return op->signal == N_SIGNALS || writer_has_tags (self, op->id, &op->tags_changed, error);
}

static gboolean
write_set_progress (LecternArticleStore  *self,
                    WriteOp              *op,
                    GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET progress = ?2, progress_anchor = ?3,"
                                   " updated_at = ?4"
                                   " WHERE id = ?1 AND " VISIBLE
                                   " AND (progress != ?2 OR progress_anchor IS NOT ?3)",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_double (stmt, 1, op->progress);
  lectern_statement_bind_text (stmt, 2, op->anchor);
  lectern_statement_bind_int64 (stmt, 3, g_get_real_time ());

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  return check_changed (self, op, ARTICLE_CHANGED, error);
}

static gboolean
write_delete (LecternArticleStore  *self,
              WriteOp              *op,
              GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (!index_remove (self, op->id, error) ||
      !writer_has_tags (self, op->id, &op->tags_changed, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET deleted_at = ?2, updated_at = ?2"
                                   " WHERE id = ?1 AND " VISIBLE,
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_int64 (stmt, 1, g_get_real_time ());

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  /* An article deleted twice is as gone as one that never was. */
  if (lectern_database_changes (self->writer) == 0)
    return set_not_found_error (error);

  op->signal = ARTICLE_REMOVED;
  return TRUE;
}

static gboolean
write_undelete (LecternArticleStore  *self,
                WriteOp              *op,
                GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  /* The address may have been saved again meanwhile: the article comes back all the
   * same, but leaves the address to the one saved since.
   */
  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET deleted_at = NULL, updated_at = ?2,"
                                   " normalized_url = CASE WHEN EXISTS"
                                   "  (SELECT 1 FROM articles AS other"
                                   "   WHERE other.normalized_url = articles.normalized_url"
                                   "   AND other.deleted_at IS NULL)"
                                   "  THEN NULL ELSE normalized_url END"
                                   " WHERE id = ?1 AND deleted_at IS NOT NULL",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_int64 (stmt, 1, g_get_real_time ());

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (!check_changed (self, op, ARTICLE_ADDED, error))
    return FALSE;

  return op->signal == N_SIGNALS ||
         (index_add (self, op->id, error) &&
          writer_has_tags (self, op->id, &op->tags_changed, error));
}

/* Lists the images that the articles @sql selects use; @sql takes @id as ?1 if it has a
 * parameter.
 */
static GPtrArray *
writer_list_images (LecternArticleStore  *self,
                    const char           *sql,
                    gint64                id,
                    GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) sha256s = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (self->writer, sql, error);
  if (!stmt)
    return NULL;

  if (id != 0)
    lectern_statement_bind_int64 (stmt, 0, id);

  sha256s = g_ptr_array_new_with_free_func (g_free);
  while (lectern_statement_step (stmt, &local_error))
    g_ptr_array_add (sha256s, g_strdup (lectern_statement_column_text (stmt, 0)));

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_steal_pointer (&sha256s);
}

/* Deletes those of @sha256s that no article uses any more. Only the images an article
 * just let go of are looked at, so this never scans the whole table.
 */
static gboolean
writer_delete_unused_images (LecternArticleStore  *self,
                             GPtrArray            *sha256s,
                             GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (sha256s->len == 0)
    return TRUE;

  stmt = lectern_database_prepare (self->writer,
                                   "DELETE FROM images WHERE sha256 = ?1 AND NOT EXISTS"
                                   " (SELECT 1 FROM article_images WHERE sha256 = ?1)",
                                   error);
  if (!stmt)
    return FALSE;

  for (guint i = 0; i < sha256s->len; i++) {
    lectern_statement_reset (stmt);
    lectern_statement_bind_text (stmt, 0, g_ptr_array_index (sha256s, i));
    if (!lectern_statement_run (stmt, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
write_purge (LecternArticleStore  *self,
             WriteOp              *op,
             GError              **error)
{
  g_autoptr (GPtrArray) sha256s = NULL;

  sha256s = writer_list_images (self,
                                "SELECT DISTINCT sha256 FROM article_images"
                                " WHERE article_id IN"
                                " (SELECT id FROM articles WHERE deleted_at IS NOT NULL)",
                                0, error);
  if (!sha256s)
    return FALSE;

  /* The rows are already invisible, so nothing is signalled. Their links to images go
   * with them (ON DELETE CASCADE); then the images nothing else uses go too.
   */
  return lectern_database_exec (self->writer,
                                "DELETE FROM articles WHERE deleted_at IS NOT NULL",
                                error) &&
         writer_delete_unused_images (self, sha256s, error) &&
         writer_delete_unused_tags (self, error);
}

static const char *
owner_id (LecternArticleStore *self)
{
  return self->owner ? lectern_owner_get_id (self->owner) : NULL;
}

/* Marks article @id as being saved by this store, for the @attempts-th time in a row. */
static gboolean
writer_set_claim (LecternArticleStore  *self,
                  gint64                id,
                  gint64                attempts,
                  GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT OR REPLACE INTO saves"
                                   " (article_id, owner, claimed_at, attempts)"
                                   " VALUES (?1, ?2, ?3, ?4)",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  lectern_statement_bind_text (stmt, 1, owner_id (self));
  lectern_statement_bind_int64 (stmt, 2, g_get_real_time ());
  lectern_statement_bind_int64 (stmt, 3, attempts);
  return lectern_statement_run (stmt, error);
}

/* A save of article @id ended, one way or the other: nobody saves it now. */
static gboolean
writer_drop_claim (LecternArticleStore  *self,
                   gint64                id,
                   GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer, "DELETE FROM saves WHERE article_id = ?1",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  return lectern_statement_run (stmt, error);
}

static gboolean
write_claim_save (LecternArticleStore  *self,
                  WriteOp              *op,
                  GError              **error)
{
  g_autoptr (LecternStatement) query = NULL;
  g_autoptr (LecternStatement) update = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *owner = NULL;
  gint64 state;
  gint64 attempts;

  query = lectern_database_prepare (self->writer,
                                    "SELECT a.save_state, s.owner, s.attempts"
                                    " FROM articles AS a"
                                    " LEFT JOIN saves AS s ON s.article_id = a.id"
                                    " WHERE a.id = ?1 AND a." VISIBLE,
                                    error);
  if (!query)
    return FALSE;

  lectern_statement_bind_int64 (query, 0, op->id);
  if (!lectern_statement_step (query, &local_error)) {
    if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    return set_not_found_error (error);
  }

  state = lectern_statement_column_int64 (query, 0);
  owner = g_strdup (lectern_statement_column_text (query, 1));
  attempts = lectern_statement_column_int64 (query, 2);
  lectern_statement_reset (query);

  if (state == LECTERN_SAVE_STATE_SAVED) {
    op->claim = LECTERN_SAVE_CLAIM_SAVED;
    return TRUE;
  }

  /* Another store that still runs, in this process or another, is saving it. A claim of
   * a store that ended is a save a crash or a kill cut off.
   */
  if (owner && g_strcmp0 (owner, owner_id (self)) != 0 &&
      (!self->owner || lectern_owner_is_alive (self->owner, owner))) {
    op->claim = LECTERN_SAVE_CLAIM_BUSY;
    return TRUE;
  }

  if (state == LECTERN_SAVE_STATE_FAILED) {
    if (!op->try_again) {
      op->claim = LECTERN_SAVE_CLAIM_FAILED;
      return TRUE;
    }

    /* The user tries again: the count starts over. */
    attempts = 0;
    update = lectern_database_prepare (self->writer,
                                       "UPDATE articles SET save_state = ?2, save_error = NULL,"
                                       " updated_at = ?3 WHERE id = ?1",
                                       error);
    if (!update)
      return FALSE;
    lectern_statement_bind_int64 (update, 1, LECTERN_SAVE_STATE_PENDING);
  } else if (attempts >= LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS) {
    /* Saves of it started that many times and never ended: the page may well be what
     * stops Lectern. It waits for the user to try again.
     */
    update = lectern_database_prepare (self->writer,
                                       "UPDATE articles SET save_state = ?2, save_error = ?4,"
                                       " updated_at = ?3 WHERE id = ?1",
                                       error);
    if (!update)
      return FALSE;
    lectern_statement_bind_int64 (update, 1, LECTERN_SAVE_STATE_FAILED);
    lectern_statement_bind_text (update, 3, op->reason);
  }

  if (update) {
    lectern_statement_bind_int64 (update, 0, op->id);
    lectern_statement_bind_int64 (update, 2, g_get_real_time ());
    if (!lectern_statement_run (update, error))
      return FALSE;
    op->signal = ARTICLE_CHANGED;
  }

  if (state != LECTERN_SAVE_STATE_FAILED && attempts >= LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS) {
    op->claim = LECTERN_SAVE_CLAIM_GAVE_UP;
    return writer_drop_claim (self, op->id, error);
  }

  /* Counted before anything is fetched: if this save never ends, the next one knows. */
  op->claim = LECTERN_SAVE_CLAIM_CLAIMED;
  return writer_set_claim (self, op->id, attempts + 1, error);
}

static gboolean
write_release_save (LecternArticleStore  *self,
                    WriteOp              *op,
                    GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  /* This save ended without storing anything, but it did end: it is not counted. */
  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE saves SET owner = NULL, claimed_at = NULL,"
                                   " attempts = max (attempts - 1, 0)"
                                   " WHERE article_id = ?1 AND owner = ?2",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_text (stmt, 1, owner_id (self));
  return lectern_statement_run (stmt, error);
}

static gboolean
write_add_pending (LecternArticleStore  *self,
                   WriteOp              *op,
                   GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  gint64 now = g_get_real_time ();

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO articles (url, normalized_url, title, saved_at,"
                                   "  updated_at, save_state)"
                                   " VALUES (?1, ?2, '', ?3, ?3, ?4)",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_text (stmt, 0, op->url);
  lectern_statement_bind_text (stmt, 1, op->normalized_url);
  lectern_statement_bind_int64 (stmt, 2, now);
  lectern_statement_bind_int64 (stmt, 3, LECTERN_SAVE_STATE_PENDING);

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  op->id = lectern_database_last_insert_id (self->writer);
  op->saved_at = now;
  op->updated_at = now;
  op->signal = ARTICLE_ADDED;

  if (op->names && op->names[0]) {
    guint n_added = 0;

    if (!writer_link_tags (self, op->id, op->names, &n_added, error))
      return FALSE;
    op->tags_changed = TRUE;
  }

  /* The row is this store's to save, and its first attempt is counted already. */
  return index_add (self, op->id, error) && writer_set_claim (self, op->id, 1, error);
}

static gboolean
write_mark_pending (LecternArticleStore  *self,
                    WriteOp              *op,
                    GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET save_state = ?2, save_error = NULL,"
                                   " updated_at = ?3"
                                   " WHERE id = ?1 AND " VISIBLE " AND save_state != ?2",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_int64 (stmt, 1, LECTERN_SAVE_STATE_PENDING);
  lectern_statement_bind_int64 (stmt, 2, g_get_real_time ());

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  return check_changed (self, op, ARTICLE_CHANGED, error);
}

/* What a save stores of an article: its content, and the state saved. The statement
 * binds ?1 to the id and goes on with SET_SAVED_CONTENT's parameters.
 */
#define SET_SAVED_CONTENT \
  "UPDATE articles SET canonical_url = ?2, title = ?3, byline = ?4, site_name = ?5," \
  " language = ?6, direction = ?7, excerpt = ?8, lead_image = ?9, published_at = ?10," \
  " word_count = ?11, char_count = ?12, reading_minutes = ?13, save_state = ?14," \
  " save_error = NULL, updated_at = ?15, body_html = ?16, plain_text = ?17," \
  " published_precision = ?18, modified_at = ?19, modified_precision = ?20"

static void
bind_saved_content (LecternStatement *stmt,
                    gint64            id,
                    LecternArticle   *article,
                    gint64            updated_at)
{
  LecternTextDirection direction = lectern_article_get_direction (article);

  lectern_statement_bind_int64 (stmt, 0, id);
  lectern_statement_bind_text (stmt, 1, lectern_article_get_canonical_url (article));
  lectern_statement_bind_text (stmt, 2, lectern_article_get_title (article));
  lectern_statement_bind_text (stmt, 3, lectern_article_get_byline (article));
  lectern_statement_bind_text (stmt, 4, lectern_article_get_site_name (article));
  lectern_statement_bind_text (stmt, 5, lectern_article_get_language (article));
  lectern_statement_bind_text (stmt, 6, lectern_text_direction_to_string (direction));
  lectern_statement_bind_text (stmt, 7, lectern_article_get_excerpt (article));
  lectern_statement_bind_text (stmt, 8, lectern_article_get_lead_image (article));
  bind_time (stmt, 9, lectern_article_get_published_at (article));
  lectern_statement_bind_int64 (stmt, 10, lectern_article_get_word_count (article));
  lectern_statement_bind_int64 (stmt, 11, lectern_article_get_char_count (article));
  lectern_statement_bind_int64 (stmt, 12, lectern_article_get_reading_minutes (article));
  lectern_statement_bind_int64 (stmt, 13, LECTERN_SAVE_STATE_SAVED);
  lectern_statement_bind_int64 (stmt, 14, updated_at);
  lectern_statement_bind_text (stmt, 15, lectern_article_get_body_html (article));
  lectern_statement_bind_text (stmt, 16, lectern_article_get_plain_text (article));
  bind_dates (stmt, 17, article);
}
/* Highlights */

static LecternHighlight *
highlight_from_row (LecternStatement *stmt)
{
  g_autoptr (LecternTextSelector) selector = NULL;
  LecternHighlight *highlight;
  LecternHighlightColor color = LECTERN_HIGHLIGHT_YELLOW;
  gint64 start = lectern_statement_column_int64 (stmt, 7);
  gint64 end = lectern_statement_column_int64 (stmt, 8);

  /* Offsets out of range (a library written by hand, or damaged) anchor by quote. */
  if (start < 0 || end < start || end > G_MAXUINT)
    start = end = 0;

  selector = lectern_text_selector_new (lectern_statement_column_text (stmt, 4),
                                        lectern_statement_column_text (stmt, 5),
                                        lectern_statement_column_text (stmt, 6),
                                        start, end);
  highlight = lectern_highlight_new (lectern_statement_column_int64 (stmt, 1), selector);
  lectern_highlight_set_id (highlight, lectern_statement_column_int64 (stmt, 0));
  lectern_highlight_color_from_string (lectern_statement_column_text (stmt, 2), &color);
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, lectern_statement_column_text (stmt, 3));
  lectern_highlight_set_found (highlight, lectern_statement_column_int64 (stmt, 9) != 0);
  lectern_highlight_set_created_at (highlight, lectern_statement_column_int64 (stmt, 10));
  lectern_highlight_set_updated_at (highlight, lectern_statement_column_int64 (stmt, 11));
  lectern_highlight_set_article_title (highlight, lectern_statement_column_text (stmt, 12));
  return highlight;
}

#define HIGHLIGHT_COLUMNS \
  "h.id, h.article_id, h.color, h.note, h.exact, h.prefix, h.suffix, h.start_offset," \
  " h.end_offset, h.found, h.created_at, h.updated_at, a.title"

/* Sets @text to the text article @id's highlights are anchored in, %NULL when it has no
 * body yet. An article that does not exist (or, with @visible, is deleted) is
 * %LECTERN_DATABASE_ERROR_NOT_FOUND.
 */
static gboolean
writer_dup_highlight_text (LecternArticleStore  *self,
                           gint64                id,
                           gboolean              visible,
                           char                **text,
                           GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *body;

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT body_html FROM articles"
                                   " WHERE id = ?1 AND (NOT ?2 OR " VISIBLE ")",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  lectern_statement_bind_int64 (stmt, 1, visible);
  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    return set_not_found_error (error);
  }

  body = lectern_statement_column_text (stmt, 0);
  *text = body && *body ? lectern_highlight_text_from_html (body) : NULL;
  return TRUE;
}

/* Finds article @id's highlights again in its text, which just changed: each keeps the
 * place it is found at, or is kept, not found, where it was.
 */
static gboolean
writer_anchor_highlights (LecternArticleStore  *self,
                          gint64                id,
                          GError              **error)
{
  g_autoptr (LecternStatement) select = NULL;
  g_autoptr (LecternStatement) update = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;

  select = lectern_database_prepare (self->writer,
                                     "SELECT " HIGHLIGHT_COLUMNS " FROM highlights AS h"
                                     " JOIN articles AS a ON a.id = h.article_id"
                                     " WHERE h.article_id = ?1",
                                     error);
  if (!select)
    return FALSE;

  lectern_statement_bind_int64 (select, 0, id);
  highlights = g_ptr_array_new_with_free_func (g_object_unref);
  while (lectern_statement_step (select, &local_error))
    g_ptr_array_add (highlights, highlight_from_row (select));
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  /* Most articles have none: their text is not worked out. */
  if (highlights->len == 0)
    return TRUE;

  if (!writer_dup_highlight_text (self, id, FALSE, &text, error))
    return FALSE;
  if (!text)
    return TRUE;

  update = lectern_database_prepare (self->writer,
                                     "UPDATE highlights SET start_offset = ?2, end_offset = ?3,"
                                     " found = ?4 WHERE id = ?1",
                                     error);
  if (!update)
    return FALSE;

  for (guint i = 0; i < highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i);
    const LecternTextSelector *selector = lectern_highlight_get_selector (highlight);
    guint start = selector->start;
    guint end = selector->end;
    gboolean found;

    found = lectern_text_selector_anchor (selector, text, &start, &end);

    lectern_statement_reset (update);
    lectern_statement_bind_int64 (update, 0, lectern_highlight_get_id (highlight));
    lectern_statement_bind_int64 (update, 1, found ? start : selector->start);
    lectern_statement_bind_int64 (update, 2, found ? end : selector->end);
    lectern_statement_bind_int64 (update, 3, found ? 1 : 0);
    if (!lectern_statement_run (update, error))
      return FALSE;
  }

  return TRUE;
}

/* Stores @highlight for article @article_id, as it is, and returns its id. */
static gint64
writer_insert_highlight (LecternArticleStore  *self,
                         gint64                article_id,
                         LecternHighlight     *highlight,
                         GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  const LecternTextSelector *selector = lectern_highlight_get_selector (highlight);

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO highlights (article_id, color, note, exact,"
                                   "  prefix, suffix, start_offset, end_offset, found,"
                                   "  created_at, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                   error);
  if (!stmt)
    return 0;

  lectern_statement_bind_int64 (stmt, 0, article_id);
  lectern_statement_bind_text (stmt, 1,
                               lectern_highlight_color_to_string (
                                 lectern_highlight_get_color (highlight)));
  lectern_statement_bind_text (stmt, 2, lectern_highlight_get_note (highlight));
  lectern_statement_bind_text (stmt, 3, selector->exact);
  lectern_statement_bind_text (stmt, 4, selector->prefix ? selector->prefix : "");
  lectern_statement_bind_text (stmt, 5, selector->suffix ? selector->suffix : "");
  lectern_statement_bind_int64 (stmt, 6, selector->start);
  lectern_statement_bind_int64 (stmt, 7, selector->end);
  lectern_statement_bind_int64 (stmt, 8, lectern_highlight_get_found (highlight) ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 9, lectern_highlight_get_created_at (highlight));
  lectern_statement_bind_int64 (stmt, 10, lectern_highlight_get_updated_at (highlight));
  if (!lectern_statement_run (stmt, error))
    return 0;

  return lectern_database_last_insert_id (self->writer);
}

/* Whether @selector has text to highlight: an import's or a caller's may have none. */
static gboolean
selector_has_text (const LecternTextSelector *selector)
{
  return selector->exact && *selector->exact && g_utf8_validate (selector->exact, -1, NULL);
}

static gboolean
set_bad_highlight_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The highlight has no text"));
  return FALSE;
}

static gboolean
write_add_highlight (LecternArticleStore  *self,
                     WriteOp              *op,
                     GError              **error)
{
  g_autofree char *text = NULL;
  LecternHighlight *row = op->highlight_row;
  const LecternTextSelector *selector = lectern_highlight_get_selector (row);
  gint64 now = g_get_real_time ();
  guint start;
  guint end;

  /* The reader worked the offsets out in its own page; the stored body decides. A passage
   * it cannot find there stays where the reader put it.
   */
  if (!writer_dup_highlight_text (self, op->id, TRUE, &text, error))
    return FALSE;
  if (text && lectern_text_selector_anchor (selector, text, &start, &end)) {
    g_autoptr (LecternTextSelector) anchored = NULL;

    anchored = lectern_text_selector_new_for_range (text, start, end);
    lectern_highlight_set_selector (row, anchored);
  }
  lectern_highlight_set_found (row, TRUE);

  if (lectern_highlight_get_created_at (row) <= 0)
    lectern_highlight_set_created_at (row, now);
  lectern_highlight_set_updated_at (row, now);

  op->highlight_id = writer_insert_highlight (self, op->id, row, error);
  if (op->highlight_id == 0)
    return FALSE;

  op->signal = HIGHLIGHTS_CHANGED;
  return TRUE;
}

/* Sets op->id to the article of highlight op->highlight_id, if it has one. */
static gboolean
writer_find_highlight (LecternArticleStore  *self,
                       WriteOp              *op,
                       GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "SELECT article_id FROM highlights WHERE id = ?1", error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->highlight_id);
  if (lectern_statement_step (stmt, &local_error)) {
    op->id = lectern_statement_column_int64 (stmt, 0);
    return TRUE;
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  g_set_error_literal (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND,
                       _("The highlight no longer exists"));
  return FALSE;
}

static gboolean
write_update_highlight (LecternArticleStore  *self,
                        WriteOp              *op,
                        GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (!writer_find_highlight (self, op, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE highlights SET color = ?2, note = ?3, updated_at = ?4"
                                   " WHERE id = ?1 AND (color != ?2 OR note IS NOT ?3)",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->highlight_id);
  lectern_statement_bind_text (stmt, 1, lectern_highlight_color_to_string (op->color));
  lectern_statement_bind_text (stmt, 2, op->note);
  lectern_statement_bind_int64 (stmt, 3, g_get_real_time ());
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (lectern_database_changes (self->writer) > 0)
    op->signal = HIGHLIGHTS_CHANGED;
  return TRUE;
}

static gboolean
write_remove_highlight (LecternArticleStore  *self,
                        WriteOp              *op,
                        GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (!writer_find_highlight (self, op, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer, "DELETE FROM highlights WHERE id = ?1", error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->highlight_id);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  op->signal = HIGHLIGHTS_CHANGED;
  return TRUE;
}

/* Stores the highlights an import entry brought for article @id, unless the article has
 * one with the same passage already (the same file imported twice), then finds them all
 * in its text.
 */
static gboolean
writer_import_highlights (LecternArticleStore       *self,
                          gint64                     id,
                          const LecternImportEntry  *entry,
                          gint64                     now,
                          GError                   **error)
{
  g_autoptr (LecternStatement) exists = NULL;

  if (!entry->highlights || entry->highlights->len == 0)
    return TRUE;

  /* A quote without a place is the same highlight wherever it is; one with a place, only
   * there: a backup may hold two highlights of one phrase.
   */
  exists = lectern_database_prepare (self->writer,
                                     "SELECT 1 FROM highlights"
                                     " WHERE article_id = ?1 AND exact = ?2"
                                     " AND (?3 = ?4 OR (start_offset = ?3 AND end_offset = ?4))",
                                     error);
  if (!exists)
    return FALSE;

  for (guint i = 0; i < entry->highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (entry->highlights, i);
    const LecternTextSelector *selector = lectern_highlight_get_selector (highlight);
    g_autoptr (LecternHighlight) row = NULL;
    g_autoptr (GError) local_error = NULL;

    if (!selector_has_text (selector))
      continue;

    lectern_statement_reset (exists);
    lectern_statement_bind_int64 (exists, 0, id);
    lectern_statement_bind_text (exists, 1, selector->exact);
    lectern_statement_bind_int64 (exists, 2, selector->start);
    lectern_statement_bind_int64 (exists, 3, selector->end);
    if (lectern_statement_step (exists, &local_error))
      continue;
    if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

    row = lectern_highlight_copy (highlight);
    if (lectern_highlight_get_created_at (row) <= 0 ||
        lectern_highlight_get_created_at (row) > now)
      lectern_highlight_set_created_at (row, now);
    if (lectern_highlight_get_updated_at (row) < lectern_highlight_get_created_at (row) ||
        lectern_highlight_get_updated_at (row) > now)
      lectern_highlight_set_updated_at (row, lectern_highlight_get_created_at (row));
    if (writer_insert_highlight (self, id, row, error) == 0)
      return FALSE;
  }

  return writer_anchor_highlights (self, id, error);
}


static gboolean
write_finish_save (LecternArticleStore  *self,
                   WriteOp              *op,
                   GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (LecternStatement) insert_image = NULL;
  g_autoptr (LecternStatement) link_image = NULL;
  g_autoptr (GPtrArray) old_images = NULL;
  LecternArticle *row = op->row;

  /* A second save of an article replaces its images; the ones it no longer uses may be
   * left to nobody.
   */
  old_images = writer_list_images (self,
                                   "SELECT sha256 FROM article_images WHERE article_id = ?1",
                                   op->id, error);
  if (!old_images || !index_remove (self, op->id, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer,
                                   SET_SAVED_CONTENT " WHERE id = ?1 AND " VISIBLE, error);
  if (!stmt)
    return FALSE;

  op->updated_at = g_get_real_time ();

  bind_saved_content (stmt, op->id, row, op->updated_at);

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  /* The user deleted the article while it was being saved. */
  if (lectern_database_changes (self->writer) == 0)
    return set_not_found_error (error);

  g_clear_object (&stmt);
  stmt = lectern_database_prepare (self->writer,
                                   "DELETE FROM article_images WHERE article_id = ?1",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  insert_image = lectern_database_prepare (self->writer,
                                           "INSERT OR IGNORE INTO images"
                                           " (sha256, content_type, size, data)"
                                           " VALUES (?1, ?2, ?3, ?4)",
                                           error);
  if (!insert_image)
    return FALSE;

  link_image = lectern_database_prepare (self->writer,
                                         "INSERT OR IGNORE INTO article_images"
                                         " (article_id, sha256) VALUES (?1, ?2)",
                                         error);
  if (!link_image)
    return FALSE;

  for (guint i = 0; op->images && i < op->images->len; i++) {
    LecternStoredImage *image = g_ptr_array_index (op->images, i);
    gsize size;
    gconstpointer data = g_bytes_get_data (image->data, &size);

    lectern_statement_reset (insert_image);
    lectern_statement_bind_text (insert_image, 0, image->sha256);
    lectern_statement_bind_text (insert_image, 1, image->content_type);
    lectern_statement_bind_int64 (insert_image, 2, size);
    lectern_statement_bind_blob (insert_image, 3, data, size);
    if (!lectern_statement_run (insert_image, error))
      return FALSE;

    lectern_statement_reset (link_image);
    lectern_statement_bind_int64 (link_image, 0, op->id);
    lectern_statement_bind_text (link_image, 1, image->sha256);
    if (!lectern_statement_run (link_image, error))
      return FALSE;
  }

  g_clear_object (&stmt);
  stmt = lectern_database_prepare (self->writer,
                                   "DELETE FROM carried_bodies WHERE article_id = ?1", error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (!writer_delete_unused_images (self, old_images, error) ||
      !writer_drop_claim (self, op->id, error) ||
      !index_add (self, op->id, error) ||
      !writer_anchor_highlights (self, op->id, error))
    return FALSE;

  op->signal = ARTICLE_CHANGED;
  return TRUE;
}

static gboolean
write_fail_save (LecternArticleStore  *self,
                 WriteOp              *op,
                 GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET save_state = ?2, save_error = ?3,"
                                   " updated_at = ?4"
                                   " WHERE id = ?1 AND " VISIBLE,
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  lectern_statement_bind_int64 (stmt, 1, LECTERN_SAVE_STATE_FAILED);
  lectern_statement_bind_text (stmt, 2, op->reason);
  lectern_statement_bind_int64 (stmt, 3, g_get_real_time ());

  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (lectern_database_changes (self->writer) == 0)
    return set_not_found_error (error);

  if (!writer_drop_claim (self, op->id, error))
    return FALSE;

  op->signal = ARTICLE_CHANGED;
  return TRUE;
}

static gboolean
write_discard (LecternArticleStore  *self,
               WriteOp              *op,
               GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) sha256s = NULL;

  sha256s = writer_list_images (self,
                                "SELECT sha256 FROM article_images WHERE article_id = ?1",
                                op->id, error);
  if (!sha256s ||
      !index_remove (self, op->id, error) ||
      !writer_has_tags (self, op->id, &op->tags_changed, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer,
                                   "DELETE FROM articles WHERE id = ?1 AND " VISIBLE,
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, op->id);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (lectern_database_changes (self->writer) == 0)
    return set_not_found_error (error);

  if (!writer_delete_unused_images (self, sha256s, error) ||
      !writer_delete_unused_tags (self, error))
    return FALSE;

  op->signal = ARTICLE_REMOVED;
  return TRUE;
}

static double
clamp_progress (double progress)
{
  if (isnan (progress))
    return 0.0;

  return CLAMP (progress, 0.0, 1.0);
}

/* The tags of an import entry that lectern_tag_normalize () takes; others are left out. */
static char **
import_entry_tags (const LecternImportEntry *entry)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; entry->tags && entry->tags[i]; i++) {
    char *name = lectern_tag_normalize (entry->tags[i], NULL);

    if (name)
      g_ptr_array_add (names, name);
  }
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* A title worth keeping: an old export's title may be the address itself. */
static const char *
import_entry_title (const LecternImportEntry *entry)
{
  if (!entry->title || !*entry->title || g_strcmp0 (entry->title, entry->url) == 0)
    return NULL;

  return entry->title;
}

/* Stores the images a backup brings, unless the library has them. */
static gboolean
writer_import_images (LecternArticleStore  *self,
                      GPtrArray            *images,
                      GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (!images || images->len == 0)
    return TRUE;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT OR IGNORE INTO images"
                                   " (sha256, content_type, size, data)"
                                   " VALUES (?1, ?2, ?3, ?4)",
                                   error);
  if (!stmt)
    return FALSE;

  for (guint i = 0; i < images->len; i++) {
    LecternStoredImage *image = g_ptr_array_index (images, i);
    gsize size;
    gconstpointer data = g_bytes_get_data (image->data, &size);

    lectern_statement_reset (stmt);
    lectern_statement_bind_text (stmt, 0, image->sha256);
    lectern_statement_bind_text (stmt, 1, image->content_type);
    lectern_statement_bind_int64 (stmt, 2, size);
    lectern_statement_bind_blob (stmt, 3, data, size);
    if (!lectern_statement_run (stmt, error))
      return FALSE;
  }

  return TRUE;
}

/* Links article @id to those of @sha256s the library has. */
static gboolean
writer_import_link_images (LecternArticleStore  *self,
                           gint64                id,
                           char                **sha256s,
                           GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  if (!sha256s || !*sha256s)
    return TRUE;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT OR IGNORE INTO article_images (article_id, sha256)"
                                   " SELECT ?1, sha256 FROM images WHERE sha256 = ?2",
                                   error);
  if (!stmt)
    return FALSE;

  for (guint i = 0; sha256s[i]; i++) {
    lectern_statement_reset (stmt);
    lectern_statement_bind_int64 (stmt, 0, id);
    lectern_statement_bind_text (stmt, 1, sha256s[i]);
    if (!lectern_statement_run (stmt, error))
      return FALSE;
  }

  return TRUE;
}

/* Adds a backup's whole article, every field as it was. */
static gint64
writer_import_add_article (LecternArticleStore       *self,
                           const LecternImportEntry  *entry,
                           const char                *normalized_url,
                           char                     **tags,
                           gint64                     now,
                           GError                   **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  LecternArticle *article = entry->article;
  gint64 saved_at = lectern_article_get_saved_at (article);
  gint64 updated_at = lectern_article_get_updated_at (article);
  gint64 id;
  guint n_added;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO articles (url, normalized_url, canonical_url,"
                                   "  title, byline, site_name, language, direction, excerpt,"
                                   "  lead_image, published_at, saved_at, updated_at,"
                                   "  word_count, char_count, reading_minutes, read_at,"
                                   "  archived, starred, starred_at, progress,"
                                   "  progress_anchor, save_state, save_error, body_html,"
                                   "  plain_text, published_precision, modified_at,"
                                   "  modified_precision)"
                                   " VALUES (?1, ?2, ?3, coalesce (?4, ''), ?5, ?6, ?7, ?8,"
                                   "  ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
                                   "  ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
                                   error);
  if (!stmt)
    return 0;

  lectern_statement_bind_text (stmt, 0, entry->url);
  lectern_statement_bind_text (stmt, 1, normalized_url);
  lectern_statement_bind_text (stmt, 2, lectern_article_get_canonical_url (article));
  lectern_statement_bind_text (stmt, 3, lectern_article_get_title (article));
  lectern_statement_bind_text (stmt, 4, lectern_article_get_byline (article));
  lectern_statement_bind_text (stmt, 5, lectern_article_get_site_name (article));
  lectern_statement_bind_text (stmt, 6, lectern_article_get_language (article));
  lectern_statement_bind_text (stmt, 7,
                               lectern_text_direction_to_string (
                                 lectern_article_get_direction (article)));
  lectern_statement_bind_text (stmt, 8, lectern_article_get_excerpt (article));
  lectern_statement_bind_text (stmt, 9, lectern_article_get_lead_image (article));
  bind_time (stmt, 10, lectern_article_get_published_at (article));
  lectern_statement_bind_int64 (stmt, 11, saved_at > 0 ? saved_at : now);
  lectern_statement_bind_int64 (stmt, 12, updated_at > 0 ? updated_at : now);
  lectern_statement_bind_int64 (stmt, 13, lectern_article_get_word_count (article));
  lectern_statement_bind_int64 (stmt, 14, lectern_article_get_char_count (article));
  lectern_statement_bind_int64 (stmt, 15, lectern_article_get_reading_minutes (article));
  bind_time (stmt, 16, lectern_article_get_read_at (article));
  lectern_statement_bind_int64 (stmt, 17, lectern_article_get_archived (article) ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 18, lectern_article_get_starred (article) ? 1 : 0);
  bind_time (stmt, 19, lectern_article_get_starred_at (article));
  lectern_statement_bind_double (stmt, 20, clamp_progress (lectern_article_get_progress (article)));
  lectern_statement_bind_text (stmt, 21, lectern_article_get_progress_anchor (article));
  lectern_statement_bind_int64 (stmt, 22, lectern_article_get_save_state (article));
  lectern_statement_bind_text (stmt, 23, lectern_article_get_save_error (article));
  lectern_statement_bind_text (stmt, 24, lectern_article_get_body_html (article));
  lectern_statement_bind_text (stmt, 25, lectern_article_get_plain_text (article));
  bind_dates (stmt, 26, article);
  if (!lectern_statement_run (stmt, error))
    return 0;

  id = lectern_database_last_insert_id (self->writer);
  if (!writer_link_tags (self, id, tags, &n_added, error) ||
      !writer_import_link_images (self, id, entry->images, error) ||
      !index_add (self, id, error))
    return 0;

  return id;
}

/* Keeps the body an export carried for article @id, unless the article is saved: the
 * saver makes the article from it. A failed article waits for the saver again.
 */
static gboolean
writer_import_carry (LecternArticleStore  *self,
                     gint64                id,
                     const char           *html,
                     GError              **error)
{
  g_autoptr (LecternStatement) carry = NULL;
  g_autoptr (LecternStatement) retry = NULL;

  carry = lectern_database_prepare (self->writer,
                                    "INSERT OR REPLACE INTO carried_bodies (article_id, html)"
                                    " SELECT id, ?2 FROM articles"
                                    " WHERE id = ?1 AND save_state != ?3",
                                    error);
  if (!carry)
    return FALSE;

  lectern_statement_bind_int64 (carry, 0, id);
  lectern_statement_bind_text (carry, 1, html);
  lectern_statement_bind_int64 (carry, 2, LECTERN_SAVE_STATE_SAVED);
  if (!lectern_statement_run (carry, error))
    return FALSE;

  retry = lectern_database_prepare (self->writer,
                                    "UPDATE articles SET save_state = ?2, save_error = NULL"
                                    " WHERE id = ?1 AND save_state = ?3",
                                    error);
  if (!retry)
    return FALSE;

  lectern_statement_bind_int64 (retry, 0, id);
  lectern_statement_bind_int64 (retry, 1, LECTERN_SAVE_STATE_PENDING);
  lectern_statement_bind_int64 (retry, 2, LECTERN_SAVE_STATE_FAILED);
  return lectern_statement_run (retry, error);
}

/* A backup's saved article gives its body to article @id if that one has none yet. */
static gboolean
writer_import_fill (LecternArticleStore       *self,
                    gint64                     id,
                    const LecternImportEntry  *entry,
                    gint64                     now,
                    GError                   **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  LecternArticle *article = entry->article;

  if (lectern_article_get_save_state (article) != LECTERN_SAVE_STATE_SAVED)
    return TRUE;

  stmt = lectern_database_prepare (self->writer,
                                   SET_SAVED_CONTENT
                                   " WHERE id = ?1 AND save_state != ?14"
                                   " AND NOT EXISTS (SELECT 1 FROM saves"
                                   "  WHERE article_id = ?1 AND owner IS NOT NULL)",
                                   error);
  if (!stmt)
    return FALSE;

  bind_saved_content (stmt, id, article, now);
  if (!lectern_statement_run (stmt, error))
    return FALSE;

  if (lectern_database_changes (self->writer) == 0)
    return TRUE;

  return writer_import_link_images (self, id, entry->images, error);
}

/* Adds @entry to the library as a pending article, for the saver to fetch. */
static gint64
writer_import_add (LecternArticleStore       *self,
                   const LecternImportEntry  *entry,
                   const char                *normalized_url,
                   char                     **tags,
                   gint64                     now,
                   GError                   **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  gint64 id;
  guint n_added;

  stmt = lectern_database_prepare (self->writer,
                                   "INSERT INTO articles (url, normalized_url, title, byline,"
                                   "  excerpt, language, published_at, saved_at, updated_at,"
                                   "  read_at, archived, starred, starred_at, progress,"
                                   "  save_state, published_precision)"
                                   " VALUES (?1, ?2, coalesce (?3, ''), ?4, ?5, ?6, ?7, ?8,"
                                   "  ?9, ?10, ?11, ?12, CASE WHEN ?12 THEN ?8 END, ?13, ?14,"
                                   "  ?15)",
                                   error);
  if (!stmt)
    return 0;

  lectern_statement_bind_text (stmt, 0, entry->url);
  lectern_statement_bind_text (stmt, 1, normalized_url);
  lectern_statement_bind_text (stmt, 2, import_entry_title (entry));
  lectern_statement_bind_text (stmt, 3, entry->byline);
  lectern_statement_bind_text (stmt, 4, entry->excerpt);
  lectern_statement_bind_text (stmt, 5, entry->language);
  bind_time (stmt, 6, entry->published_at);
  lectern_statement_bind_int64 (stmt, 7, entry->saved_at > 0 ? entry->saved_at : now);
  lectern_statement_bind_int64 (stmt, 8, now);
  bind_time (stmt, 9, entry->read_at);
  lectern_statement_bind_int64 (stmt, 10, entry->archived ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 11, entry->starred ? 1 : 0);
  lectern_statement_bind_double (stmt, 12, clamp_progress (entry->progress));
  lectern_statement_bind_int64 (stmt, 13, LECTERN_SAVE_STATE_PENDING);
  /* Another app's export gives a time and nothing of its precision. */
  bind_precision (stmt, 14, entry->published_at, LECTERN_DATE_PRECISION_NONE);
  if (!lectern_statement_run (stmt, error))
    return 0;

  id = lectern_database_last_insert_id (self->writer);
  if (!writer_link_tags (self, id, tags, &n_added, error) || !index_add (self, id, error))
    return 0;

  return id;
}

/* Merges @entry into article @id, which has its address: tags are united, starred,
 * archived and read stay set if either side set them, the earlier saved date wins, and
 * a title is taken only where the article has none. Nothing else of the article changes.
 */
static gboolean
writer_import_merge (LecternArticleStore       *self,
                     gint64                     id,
                     const LecternImportEntry  *entry,
                     char                     **tags,
                     gint64                     now,
                     GError                   **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  guint n_added;

  /* Out of the index (and the tags' counts) while it changes, back in after. */
  if (!index_remove (self, id, error))
    return FALSE;

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET"
                                   "  title = CASE WHEN coalesce (title, '') = ''"
                                   "    THEN coalesce (?2, title) ELSE title END,"
                                   "  saved_at = CASE WHEN ?3 > 0 AND ?3 < saved_at"
                                   "    THEN ?3 ELSE saved_at END,"
                                   "  read_at = coalesce (read_at, ?4),"
                                   "  archived = max (archived, ?5),"
                                   "  starred_at = CASE WHEN starred = 0 AND ?6"
                                   "    THEN ?7 ELSE starred_at END,"
                                   "  starred = max (starred, ?6),"
                                   "  progress = max (progress, ?8),"
                                   "  updated_at = ?7"
                                   " WHERE id = ?1",
                                   error);
  if (!stmt)
    return FALSE;

  lectern_statement_bind_int64 (stmt, 0, id);
  lectern_statement_bind_text (stmt, 1, import_entry_title (entry));
  lectern_statement_bind_int64 (stmt, 2, entry->saved_at);
  bind_time (stmt, 3, entry->read_at);
  lectern_statement_bind_int64 (stmt, 4, entry->archived ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 5, entry->starred ? 1 : 0);
  lectern_statement_bind_int64 (stmt, 6, now);
  lectern_statement_bind_double (stmt, 7, clamp_progress (entry->progress));

  return lectern_statement_run (stmt, error) &&
         writer_link_tags (self, id, tags, &n_added, error) &&
         index_add (self, id, error);
}

static gboolean
write_import (LecternArticleStore  *self,
              WriteOp              *op,
              GError              **error)
{
  g_autoptr (LecternStatement) find = NULL;
  gint64 now = g_get_real_time ();

  find = lectern_database_prepare (self->writer,
                                   "SELECT id FROM articles"
                                   " WHERE normalized_url = ?1 AND " VISIBLE,
                                   error);
  if (!find)
    return FALSE;

  op->outcomes = g_array_sized_new (FALSE, TRUE, sizeof (LecternImportOutcome),
                                    op->entries->len);

  if (!writer_import_images (self, op->images, error))
    return FALSE;

  for (guint i = 0; i < op->entries->len; i++) {
    const LecternImportEntry *entry = g_ptr_array_index (op->entries, i);
    g_autofree char *normalized_url = NULL;
    g_auto (GStrv) tags = NULL;
    g_autoptr (GError) local_error = NULL;
    LecternImportOutcome outcome = { 0, };

    normalized_url = lectern_url_normalize (entry->url, NULL);
    if (!normalized_url) {
      g_array_append_val (op->outcomes, outcome);
      continue;
    }

    tags = import_entry_tags (entry);

    lectern_statement_reset (find);
    lectern_statement_bind_text (find, 0, normalized_url);
    if (lectern_statement_step (find, &local_error)) {
      outcome.id = lectern_statement_column_int64 (find, 0);
      lectern_statement_reset (find);
      if (!writer_import_merge (self, outcome.id, entry, tags, now, error))
        return FALSE;
      /* Out of the index again while its body changes. */
      if (entry->article &&
          (!index_remove (self, outcome.id, error) ||
           !writer_import_fill (self, outcome.id, entry, now, error) ||
           !index_add (self, outcome.id, error) ||
           !writer_anchor_highlights (self, outcome.id, error)))
        return FALSE;
    } else if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    } else {
      if (entry->article)
        outcome.id = writer_import_add_article (self, entry, normalized_url, tags, now, error);
      else
        outcome.id = writer_import_add (self, entry, normalized_url, tags, now, error);
      if (outcome.id == 0)
        return FALSE;
      outcome.added = TRUE;
    }

    if (entry->content_html && *entry->content_html &&
        !writer_import_carry (self, outcome.id, entry->content_html, error))
      return FALSE;

    if (!writer_import_highlights (self, outcome.id, entry, now, error))
      return FALSE;

    g_array_append_val (op->outcomes, outcome);
  }

  /* Lists, counts and tags read the library again, once for the whole batch. */
  op->signal = EXTERNAL_CHANGE;
  op->tags_changed = TRUE;
  return TRUE;
}

/* Marks the pending articles of op->ids that no save has claimed failed, with
 * op->reason: saves that were given up before they started.
 */
static gboolean
write_fail_saves (LecternArticleStore  *self,
                  WriteOp              *op,
                  GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  gint64 now = g_get_real_time ();

  stmt = lectern_database_prepare (self->writer,
                                   "UPDATE articles SET save_state = ?2, save_error = ?3,"
                                   " updated_at = ?4"
                                   " WHERE id = ?1 AND " VISIBLE " AND save_state = ?5"
                                   " AND NOT EXISTS (SELECT 1 FROM saves"
                                   "  WHERE article_id = ?1 AND owner IS NOT NULL)",
                                   error);
  if (!stmt)
    return FALSE;

  for (guint i = 0; i < op->ids->len; i++) {
    lectern_statement_reset (stmt);
    lectern_statement_bind_int64 (stmt, 0, g_array_index (op->ids, gint64, i));
    lectern_statement_bind_int64 (stmt, 1, LECTERN_SAVE_STATE_FAILED);
    lectern_statement_bind_text (stmt, 2, op->reason);
    lectern_statement_bind_int64 (stmt, 3, now);
    lectern_statement_bind_int64 (stmt, 4, LECTERN_SAVE_STATE_PENDING);
    if (!lectern_statement_run (stmt, error))
      return FALSE;
  }

  op->signal = EXTERNAL_CHANGE;
  return TRUE;
}

static gboolean
apply_write (LecternArticleStore  *self,
             WriteOp              *op,
             GError              **error)
{
  switch (op->kind) {
    case WRITE_ADD:
      return write_add (self, op, error);
    case WRITE_SET_FLAG:
      return write_set_flag (self, op, error);
    case WRITE_SET_PROGRESS:
      return write_set_progress (self, op, error);
    case WRITE_DELETE:
      return write_delete (self, op, error);
    case WRITE_UNDELETE:
      return write_undelete (self, op, error);
    case WRITE_PURGE:
      return write_purge (self, op, error);
    case WRITE_ADD_PENDING:
      return write_add_pending (self, op, error);
    case WRITE_MARK_PENDING:
      return write_mark_pending (self, op, error);
    case WRITE_FINISH_SAVE:
      return write_finish_save (self, op, error);
    case WRITE_FAIL_SAVE:
      return write_fail_save (self, op, error);
    case WRITE_DISCARD:
      return write_discard (self, op, error);
    case WRITE_CLAIM_SAVE:
      return write_claim_save (self, op, error);
    case WRITE_RELEASE_SAVE:
      return write_release_save (self, op, error);
    case WRITE_SET_TAGS:
    case WRITE_ADD_TAGS:
      return write_set_tags (self, op, error);
    case WRITE_RENAME_TAG:
      return write_rename_tag (self, op, error);
    case WRITE_DELETE_TAG:
      return write_delete_tag (self, op, error);
    case WRITE_RESTORE_TAG:
      return write_restore_tag (self, op, error);
    case WRITE_BUILD_INDEX:
      return write_build_index (self, op, error);
    case WRITE_IMPORT:
      return write_import (self, op, error);
    case WRITE_FAIL_SAVES:
      return write_fail_saves (self, op, error);
    case WRITE_ADD_HIGHLIGHT:
      return write_add_highlight (self, op, error);
    case WRITE_UPDATE_HIGHLIGHT:
      return write_update_highlight (self, op, error);
    case WRITE_REMOVE_HIGHLIGHT:
      return write_remove_highlight (self, op, error);
    default:
      g_assert_not_reached ();
  }
}

/* Runs @op in one transaction on the writer. Safe on any thread. */
static gboolean
run_write (LecternArticleStore  *self,
           WriteOp              *op,
           GError              **error)
{
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);

  if (!self->writer) {
    set_closed_error (error);
  } else if (lectern_database_begin (self->writer, error)) {
    ok = apply_write (self, op, error) && lectern_database_commit (self->writer, error);
    if (!ok)
      lectern_database_rollback (self->writer);
  }

  g_mutex_unlock (&self->write_lock);

  if (!ok) {
    op->signal = N_SIGNALS;
    op->tags_changed = FALSE;
    g_clear_pointer (&op->changed_ids, g_array_unref);
  }

  return ok;
}

/* Completes a committed @op on the thread that asked for it. */
static void
finish_write (LecternArticleStore *self,
              WriteOp             *op)
{
  if (op->kind == WRITE_ADD) {
    g_object_freeze_notify (G_OBJECT (op->article));
    lectern_article_set_id (op->article, op->id);
    lectern_article_set_saved_at (op->article, op->saved_at);
    lectern_article_set_updated_at (op->article, op->updated_at);
    g_object_thaw_notify (G_OBJECT (op->article));
  } else if (op->kind == WRITE_ADD_HIGHLIGHT) {
    g_object_freeze_notify (G_OBJECT (op->highlight));
    lectern_highlight_set_id (op->highlight, op->highlight_id);
    lectern_highlight_set_selector (op->highlight,
                                    lectern_highlight_get_selector (op->highlight_row));
    lectern_highlight_set_found (op->highlight, lectern_highlight_get_found (op->highlight_row));
    lectern_highlight_set_created_at (op->highlight,
                                      lectern_highlight_get_created_at (op->highlight_row));
    lectern_highlight_set_updated_at (op->highlight,
                                      lectern_highlight_get_updated_at (op->highlight_row));
    g_object_thaw_notify (G_OBJECT (op->highlight));
  }

  if (op->signal == EXTERNAL_CHANGE)
    g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);
  else if (op->signal < N_SIGNALS)
    g_signal_emit (self, signals[op->signal], 0, op->id);

  for (guint i = 0; op->changed_ids && i < op->changed_ids->len; i++)
    g_signal_emit (self, signals[ARTICLE_CHANGED], 0, g_array_index (op->changed_ids, gint64, i));

  if (op->tags_changed)
    g_signal_emit (self, signals[TAGS_CHANGED], 0);

  if (op->kind == WRITE_BUILD_INDEX)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX_PROGRESS]);
}

static gboolean
write_sync (LecternArticleStore  *self,
            WriteOp              *op,
            GError              **error)
{
  if (self->closed)
    return set_closed_error (error);

  if (!run_write (self, op, error))
    return FALSE;

  finish_write (self, op);
  return TRUE;
}

static gboolean
complete_write_cb (gpointer data)
{
  GTask *task = data;
  LecternArticleStore *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);

  if (op->error) {
    g_task_return_error (task, g_steal_pointer (&op->error));
    return G_SOURCE_REMOVE;
  }

  /* The signal goes first, so the callback sees the lists already up to date. */
  finish_write (self, op);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
write_thread_func (gpointer data,
                   gpointer user_data)
{
  g_autoptr (GSource) source = NULL;
  GTask *task = data;
  LecternArticleStore *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &op->error))
    run_write (self, op, &op->error);

  /* Always through an idle source: g_main_context_invoke () would run the callback right
   * here, on the worker, whenever the main context happens to be free.
   * The source takes over our reference, so the task (and the store) is released on the
   * caller's thread, never on this one.
   */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, complete_write_cb, task, g_object_unref);
  g_source_set_static_name (source, "[lectern] complete write");

  /* The source is attached before the write stops counting as queued, so whoever
   * flush () lets go finds its completion already pending in the main context.
   */
  g_mutex_lock (&self->queue_lock);
  g_source_attach (source, g_task_get_context (task));
  self->n_queued--;
  g_cond_broadcast (&self->queue_cond);
  g_mutex_unlock (&self->queue_lock);
}

static void
write_async (LecternArticleStore *self,
             WriteOp             *op,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, write_op_free);
  /* Once committed, a change stands even if the caller cancels meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->closed) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The library is closed"));
    return;
  }

  g_mutex_lock (&self->queue_lock);
  self->n_queued++;
  g_mutex_unlock (&self->queue_lock);

  g_thread_pool_push (self->pool, g_steal_pointer (&task), NULL);
}

static void
lectern_article_store_dispose (GObject *object)
{
  LecternArticleStore *self = (LecternArticleStore *)object;

  lectern_article_store_close (self);

  G_OBJECT_CLASS (lectern_article_store_parent_class)->dispose (object);
}

static void
lectern_article_store_finalize (GObject *object)
{
  LecternArticleStore *self = (LecternArticleStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->moved_aside, g_free);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->search_lock);
  g_mutex_clear (&self->snippet_lock);
  g_mutex_clear (&self->queue_lock);
  g_clear_object (&self->closing);
  g_cond_clear (&self->queue_cond);

  G_OBJECT_CLASS (lectern_article_store_parent_class)->finalize (object);
}

static double
index_progress (LecternArticleStore *self)
{
  guint64 done = 0;
  guint64 total = 0;

  if (lectern_article_store_get_index_progress (self, &done, &total) || total == 0)
    return 1.0;

  return MIN (1.0, (double)done / (double)total);
}

static void
lectern_article_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LecternArticleStore *self = LECTERN_ARTICLE_STORE (object);

  switch (prop_id) {
    case PROP_INDEX_PROGRESS:
      g_value_set_double (value, index_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_store_class_init (LecternArticleStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lectern_article_store_dispose;
  object_class->finalize = lectern_article_store_finalize;
  object_class->get_property = lectern_article_store_get_property;

  /**
   * LecternArticleStore::article-added:
   * @self: the store
   * @id: the article's id
   *
   * An article became visible: it was added, or its deletion was undone. Emitted once
   * the change is committed, so a query from the handler sees it.
   */
  signals[ARTICLE_ADDED] =
    g_signal_new ("article-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LecternArticleStore::article-changed:
   * @self: the store
   * @id: the article's id
   *
   * A visible article changed: a flag, its progress or its content. Emitted only when a
   * value really changed, once the change is committed.
   */
  signals[ARTICLE_CHANGED] =
    g_signal_new ("article-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LecternArticleStore::article-removed:
   * @self: the store
   * @id: the article's id
   *
   * An article was deleted and is no longer visible. Emitted once the change is
   * committed. lectern_article_store_undelete() can still bring it back until
   * lectern_article_store_purge_deleted() runs.
   */
  signals[ARTICLE_REMOVED] =
    g_signal_new ("article-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LecternArticleStore::external-change:
   * @self: the store
   *
   * Another connection committed changes to the library: another process (`lectern
   * --save`, a second window's process) or another store of this one. Which articles
   * changed, and how, is not known: whatever shows articles reads them again. Emitted by
   * lectern_article_store_check_external_change(), and for the store's own writes only
   * by lectern_article_store_import(), whose batch of thousands is read again at once
   * rather than one signal per article.
   */
  signals[EXTERNAL_CHANGE] =
    g_signal_new ("external-change",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LecternArticleStore::tags-changed:
   * @self: the store
   *
   * The names of the tags, or how many articles have each, may have changed: a tag was
   * given, taken away, renamed or deleted, or a tagged article was added, deleted or
   * brought back, or changed a flag the tag counts depend on. Whatever lists the tags
   * reads them again. Emitted once the change is committed.
   */
  signals[TAGS_CHANGED] =
    g_signal_new ("tags-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LecternArticleStore::highlights-changed:
   * @self: the store
   * @article_id: the article whose highlights changed
   *
   * A highlight of the article was added, changed or removed. Emitted once the change is
   * committed.
   */
  signals[HIGHLIGHTS_CHANGED] =
    g_signal_new ("highlights-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LecternArticleStore:index-progress:
   *
   * How much of the search index of an older library is built, from 0 to 1; 1 once
   * every article is indexed, which is always the case for a library made with the
   * index. See lectern_article_store_get_index_progress().
   */
  properties[PROP_INDEX_PROGRESS] =
    g_param_spec_double ("index-progress", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_article_store_init (LecternArticleStore *self)
{
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->search_lock);
  g_mutex_init (&self->snippet_lock);
  g_mutex_init (&self->queue_lock);
  self->closing = g_cancellable_new ();
  g_cond_init (&self->queue_cond);
}

/* SQLite's counter of commits made by other connections: it changes only when another
 * connection commits, never for this connection's own writes, and reading it looks at the
 * WAL's shared index only, whatever the size of the library.
 */
static gboolean
read_data_version (LecternDatabase  *database,
                   gint64           *version,
                   GError          **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  stmt = lectern_database_prepare (database, "PRAGMA data_version", error);
  if (!stmt)
    return FALSE;

  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      g_set_error_literal (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED,
                           "PRAGMA data_version returned nothing");
    return FALSE;
  }

  *version = lectern_statement_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * lectern_article_store_new:
 * @path: the library file; its folder must exist
 * @error: return location for a #LecternDatabaseError or a #GThreadError
 *
 * Opens the library at @path, creating it if needed. See lectern_database_open() for
 * what happens to a damaged, read-only or too new library.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
LecternArticleStore *
lectern_article_store_new (const char  *path,
                           GError     **error)
{
  g_autoptr (LecternArticleStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LECTERN_TYPE_ARTICLE_STORE, NULL);
  self->path = g_strdup (path);

  /* The writer first: it moves a damaged file aside and brings the schema up to date,
   * which the reader never does.
   */
  self->writer = lectern_database_open (path, FALSE, error);
  if (!self->writer)
    return NULL;

  self->moved_aside = g_strdup (lectern_database_get_moved_aside (self->writer));
  if (!read_data_version (self->writer, &self->data_version, error))
    return NULL;

  self->reader = lectern_database_open (path, TRUE, error);
  if (!self->reader)
    return NULL;

  if (!lectern_database_is_read_only (self->writer))
    self->owner = lectern_owner_new (path);

  self->pool = g_thread_pool_new (write_thread_func, self, 1, TRUE, error);
  if (!self->pool)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lectern_article_store_get_path:
 * @self: a #LecternArticleStore
 *
 * Returns: (transfer none): the library file
 */
const char *
lectern_article_store_get_path (LecternArticleStore *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);

  return self->path;
}

/**
 * lectern_article_store_get_moved_aside:
 * @self: a #LecternArticleStore
 *
 * Returns: (transfer none) (nullable): where a damaged library was moved when the store
 *   opened, for the window to tell the user; %NULL if it opened as it was
 */
const char *
lectern_article_store_get_moved_aside (LecternArticleStore *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);

  return self->moved_aside;
}

/**
 * lectern_article_store_get_database:
 * @self: a #LecternArticleStore
 *
 * Gives the connection the store writes with. Use it only while no write of the store
 * can run (tests, tools, a bulk import before the window shows), and never keep a
 * transaction open across a call into the store.
 *
 * Returns: (transfer none) (nullable): the writing connection, or %NULL once closed
 */
LecternDatabase *
lectern_article_store_get_database (LecternArticleStore *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);

  return self->writer;
}

/**
 * lectern_article_store_close:
 * @self: a #LecternArticleStore
 *
 * Waits for every queued write (lectern_article_store_flush()), then closes both
 * connections. Later calls fail with %G_IO_ERROR_CLOSED. Callbacks of writes that
 * finished still run in their main context. Closing twice does nothing.
 */
void
lectern_article_store_close (LecternArticleStore *self)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  g_cancellable_cancel (self->closing);

  lectern_article_store_flush (self);
  if (self->pool)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);

  /* The writer goes last: closing the last connection checkpoints the WAL into the file.
   * SQLite does that only when no connection of any process has the library open any
   * more, so closing never disturbs another process.
   */
  g_mutex_lock (&self->search_lock);
  g_clear_object (&self->searcher);
  g_mutex_unlock (&self->search_lock);

  g_mutex_lock (&self->write_lock);
  g_mutex_lock (&self->snippet_lock);
  g_clear_object (&self->reader);
  g_mutex_unlock (&self->snippet_lock);
  g_clear_object (&self->writer);
  g_mutex_unlock (&self->write_lock);

  /* Only now may other processes take up what this store was saving. */
  g_clear_pointer (&self->owner, lectern_owner_free);
}

/**
 * lectern_article_store_check_external_change:
 * @self: a #LecternArticleStore
 *
 * Looks whether another connection committed a change to the library since the last look
 * (or since the store opened), and if so emits #LecternArticleStore::external-change.
 * The store's own writes do not count: they have signals of their own.
 *
 * This reads SQLite's `PRAGMA data_version`, a counter in the WAL's shared index, so it
 * costs the same few microseconds with 30 articles or a million: the window calls it
 * every few seconds and whenever it gains focus. It never waits: while a write of this
 * store runs, it does nothing, and the next call looks again.
 *
 * Returns: %TRUE if there was a change and the signal was emitted
 */
gboolean
lectern_article_store_check_external_change (LecternArticleStore *self)
{
  g_autoptr (GError) error = NULL;
  gint64 version = 0;
  gboolean read = FALSE;
  gboolean changed = FALSE;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);

  if (self->closed)
    return FALSE;

  /* The writer may be busy on the worker thread: the main loop never waits for it. */
  if (!g_mutex_trylock (&self->write_lock))
    return FALSE;
  if (self->writer) {
    read = read_data_version (self->writer, &version, &error);
    changed = read && version != self->data_version;
    if (read)
      self->data_version = version;
  }
  g_mutex_unlock (&self->write_lock);

  if (error)
    g_debug ("Could not look for changes to the library: %s", error->message);

  if (changed)
    g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);

  return changed;
}

static LecternArticle *
load_article (LecternArticleStore  *self,
              gint64                id,
              gboolean              full,
              GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *sql;

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  if (full)
    sql = "SELECT " FULL_COLUMNS " FROM articles WHERE id = ?1 AND " VISIBLE;
  else
    sql = "SELECT " SUMMARY_COLUMNS " FROM articles WHERE id = ?1 AND " VISIBLE;

  stmt = lectern_database_prepare (self->reader, sql, error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, id);
  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      set_not_found_error (error);
    return NULL;
  }

  return article_from_row (stmt, full);
}

/**
 * lectern_article_store_get:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Loads every field of an article, bodies included.
 *
 * Returns: (transfer full) (nullable): the article, or %NULL with @error set
 *   (%LECTERN_DATABASE_ERROR_NOT_FOUND if it does not exist or is deleted)
 */
LecternArticle *
lectern_article_store_get (LecternArticleStore  *self,
                           gint64                id,
                           GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_article (self, id, TRUE, error);
}

/**
 * lectern_article_store_get_summary:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Loads what a list row shows: every field but #LecternArticle:body-html and
 * #LecternArticle:plain-text, which stay %NULL.
 *
 * Returns: (transfer full) (nullable): the article, or %NULL with @error set
 *   (%LECTERN_DATABASE_ERROR_NOT_FOUND if it does not exist or is deleted)
 */
LecternArticle *
lectern_article_store_get_summary (LecternArticleStore  *self,
                                   gint64                id,
                                   GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_article (self, id, FALSE, error);
}

/**
 * lectern_article_store_list_ids:
 * @self: a #LecternArticleStore
 * @filter: which articles
 * @sort: in which order
 * @error: return location for a #LecternDatabaseError
 *
 * Lists the ids of the articles @filter selects, in @sort order. This reads only an
 * index, so it stays fast with 100,000 articles.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, or %NULL with
 *   @error set
 */
GArray *
lectern_article_store_list_ids (LecternArticleStore  *self,
                                LecternFilter         filter,
                                LecternSort           sort,
                                GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (filter < LECTERN_N_FILTERS, NULL);
  g_return_val_if_fail (sort < N_SORTS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  return _lectern_search_run (self->reader, NULL, filter, sort, 0, NULL, error);
}

/**
 * lectern_article_store_list:
 * @self: a #LecternArticleStore
 * @filter: which articles
 * @sort: in which order
 * @error: return location for a #LecternDatabaseError
 *
 * Loads the summaries (see lectern_article_store_get_summary()) of every article @filter
 * selects, in @sort order. Meant for exports and small lists; the window's list uses
 * #LecternArticleList, which loads only the rows it shows.
 *
 * Returns: (transfer full) (element-type LecternArticle) (nullable): the articles, or
 *   %NULL with @error set
 */
GPtrArray *
lectern_article_store_list (LecternArticleStore  *self,
                            LecternFilter         filter,
                            LecternSort           sort,
                            GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (filter < LECTERN_N_FILTERS, NULL);
  g_return_val_if_fail (sort < N_SORTS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader, list_sql[filter][sort], error);
  if (!stmt)
    return NULL;

  articles = g_ptr_array_new_with_free_func (g_object_unref);
  while (lectern_statement_step (stmt, &local_error))
    g_ptr_array_add (articles, article_from_row (stmt, FALSE));

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_steal_pointer (&articles);
}

/**
 * lectern_article_store_count:
 * @self: a #LecternArticleStore
 * @filter: which articles
 * @error: return location for a #LecternDatabaseError
 *
 * Returns: how many articles @filter selects; 0 with @error set on failure
 */
guint
lectern_article_store_count (LecternArticleStore  *self,
                             LecternFilter         filter,
                             GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (filter < LECTERN_N_FILTERS, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!self->reader)
    return set_closed_error (error);

  stmt = lectern_database_prepare (self->reader, counts_sql, error);
  if (!stmt)
    return 0;

  if (!lectern_statement_step (stmt, &local_error)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return 0;
  }

  return lectern_statement_column_int64 (stmt, filter);
}

/**
 * lectern_article_store_counts:
 * @self: a #LecternArticleStore
 * @counts: (out caller-allocates) (array fixed-size=4): the count of each #LecternFilter,
 *   indexed by filter
 * @error: return location for a #LecternDatabaseError
 *
 * Counts the articles of every filter in one query, for the sidebar.
 *
 * Returns: %TRUE on success; on failure @counts is all zero
 */
gboolean
lectern_article_store_counts (LecternArticleStore  *self,
                              guint                 counts[LECTERN_N_FILTERS],
                              GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < LECTERN_N_FILTERS; i++)
    counts[i] = 0;

  if (!self->reader)
    return set_closed_error (error);

  stmt = lectern_database_prepare (self->reader, counts_sql, error);
  if (!stmt)
    return FALSE;

  if (!lectern_statement_step (stmt, &local_error)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  for (guint i = 0; i < LECTERN_N_FILTERS; i++)
    counts[i] = lectern_statement_column_int64 (stmt, i);

  return TRUE;
}

/**
 * lectern_stored_image_new:
 * @sha256: the SHA-256 of @data in lower-case hex
 * @content_type: the image's MIME type
 * @data: the image's bytes
 *
 * Returns: (transfer full): a new #LecternStoredImage holding a reference on @data
 */
LecternStoredImage *
lectern_stored_image_new (const char *sha256,
                          const char *content_type,
                          GBytes     *data)
{
  LecternStoredImage *image;

  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (content_type != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  image = g_new0 (LecternStoredImage, 1);
  image->sha256 = g_strdup (sha256);
  image->content_type = g_strdup (content_type);
  image->data = g_bytes_ref (data);
  return image;
}

/**
 * lectern_stored_image_copy:
 * @image: a #LecternStoredImage
 *
 * Returns: (transfer full): a copy of @image, sharing its bytes
 */
LecternStoredImage *
lectern_stored_image_copy (const LecternStoredImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  return lectern_stored_image_new (image->sha256, image->content_type, image->data);
}

/**
 * lectern_stored_image_free:
 * @image: (nullable): a #LecternStoredImage
 *
 * Frees @image and drops its reference on the bytes.
 */
void
lectern_stored_image_free (LecternStoredImage *image)
{
  if (!image)
    return;

  g_free (image->sha256);
  g_free (image->content_type);
  g_clear_pointer (&image->data, g_bytes_unref);
  g_free (image);
}

/**
 * lectern_article_store_find_by_url:
 * @self: a #LecternArticleStore
 * @normalized_url: an address as lectern_url_normalize() gives it (or a `file:` URI)
 * @error: return location for a #LecternDatabaseError
 *
 * Finds the article saved from @normalized_url, comparing it with the address each
 * article was saved from and with its canonical address, both normalised. Deleted
 * articles are not found. Articles still saving or whose save failed are.
 *
 * Returns: the id of the oldest such article, or 0 if there is none (or on error, with
 *   @error set)
 */
gint64
lectern_article_store_find_by_url (LecternArticleStore  *self,
                                   const char           *normalized_url,
                                   GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (normalized_url != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!self->reader)
    return set_closed_error (error);

  /* Two indexed lookups, one per column; SQLite joins them itself. */
  stmt = lectern_database_prepare (self->reader,
                                   "SELECT id FROM articles"
                                   " WHERE (normalized_url = ?1 OR canonical_url = ?1)"
                                   " AND " VISIBLE " ORDER BY id LIMIT 1",
                                   error);
  if (!stmt)
    return 0;

  lectern_statement_bind_text (stmt, 0, normalized_url);
  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    return 0;
  }

  return lectern_statement_column_int64 (stmt, 0);
}

/**
 * lectern_article_store_list_pending:
 * @self: a #LecternArticleStore
 * @error: return location for a #LecternDatabaseError
 *
 * Lists the articles still waiting to be saved (#LECTERN_SAVE_STATE_PENDING), oldest
 * first, for the saver to resume them at start-up. This reads only an index.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, or %NULL with
 *   @error set
 */
GArray *
lectern_article_store_list_pending (LecternArticleStore  *self,
                                    GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader,
                                   "SELECT id FROM articles"
                                   " WHERE save_state = 1 AND " VISIBLE " ORDER BY id",
                                   error);
  if (!stmt)
    return NULL;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (lectern_statement_step (stmt, &local_error)) {
    gint64 id = lectern_statement_column_int64 (stmt, 0);

    g_array_append_val (ids, id);
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_steal_pointer (&ids);
}

/**
 * lectern_article_store_get_image:
 * @self: a #LecternArticleStore
 * @sha256: the image's name, as in `lectern://image/<sha256>`
 * @content_type: (out) (optional) (transfer full): its MIME type
 * @error: return location for a #LecternDatabaseError
 *
 * Loads an image of a saved article, for the reader's `lectern://image/` handler.
 *
 * Returns: (transfer full) (nullable): the image's bytes, or %NULL with @error set
 *   (%LECTERN_DATABASE_ERROR_NOT_FOUND if the library has no such image)
 */
GBytes *
lectern_article_store_get_image (LecternArticleStore  *self,
                                 const char           *sha256,
                                 char                **content_type,
                                 GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  GBytes *data;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader,
                                   "SELECT content_type, data FROM images WHERE sha256 = ?1",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_text (stmt, 0, sha256);
  if (!lectern_statement_step (stmt, &local_error)) {
    if (local_error)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      g_set_error_literal (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND,
                           _("The image is not in the library"));
    return NULL;
  }

  data = lectern_statement_column_bytes (stmt, 1);
  if (!data)
    data = g_bytes_new (NULL, 0);

  if (content_type)
    *content_type = g_strdup (lectern_statement_column_text (stmt, 0));

  return data;
}


/**
 * lectern_article_store_dup_carried_body:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Gives the body an import brought for an article not saved yet (wallabag's and
 * Omnivore's exports carry it), for the saver to make the article from.
 *
 * Returns: (transfer full) (nullable): the HTML as the export had it, or %NULL (with
 *   @error set if the library could not be read)
 */
char *
lectern_article_store_dup_carried_body (LecternArticleStore  *self,
                                        gint64                id,
                                        GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader,
                                   "SELECT html FROM carried_bodies WHERE article_id = ?1",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, id);
  if (!lectern_statement_step (stmt, error))
    return NULL;

  return g_strdup (lectern_statement_column_text (stmt, 0));
}

/**
 * lectern_article_store_list_images:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Lists the images the article uses, for the exports that carry them.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): their SHA-256s, in
 *   order, or %NULL with @error set
 */
char **
lectern_article_store_list_images (LecternArticleStore  *self,
                                   gint64                id,
                                   GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) sha256s = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader,
                                   "SELECT sha256 FROM article_images WHERE article_id = ?1"
                                   " ORDER BY sha256",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, id);
  sha256s = g_ptr_array_new_with_free_func (g_free);
  while (lectern_statement_step (stmt, &local_error))
    g_ptr_array_add (sha256s, g_strdup (lectern_statement_column_text (stmt, 0)));

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  g_ptr_array_add (sha256s, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&sha256s), FALSE);
}

/**
 * lectern_article_store_add:
 * @self: a #LecternArticleStore
 * @article: the article to store; its id is ignored
 * @error: return location for a #LecternDatabaseError
 *
 * Stores @article as a new row, with #LecternArticle:saved-at set to now unless it has
 * one, and #LecternArticle:updated-at set to now. On success @article gets its id and
 * those times, and #LecternArticleStore::article-added is emitted.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
lectern_article_store_add (LecternArticleStore  *self,
                           LecternArticle       *article,
                           GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (LECTERN_IS_ARTICLE (article), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  op = write_op_new (WRITE_ADD, 0);
  op->article = g_object_ref (article);

  if (!write_sync (self, op, error))
    return 0;

  return op->id;
}

/**
 * lectern_article_store_set_flag:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @change: which flag
 * @value: the new value
 * @error: return location for a #LecternDatabaseError
 *
 * Marks an article read or unread (setting or clearing #LecternArticle:read-at), stars
 * or unstars it (with #LecternArticle:starred-at), or archives or unarchives it. Emits
 * #LecternArticleStore::article-changed if the flag changed; setting a flag to the value
 * it has succeeds and changes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_set_flag (LecternArticleStore   *self,
                                gint64                 id,
                                LecternArticleChange   change,
                                gboolean               value,
                                GError               **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (change <= LECTERN_ARTICLE_CHANGE_ARCHIVED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_SET_FLAG, id);
  op->change = change;
  op->value = !!value;

  return write_sync (self, op, error);
}

/**
 * lectern_article_store_set_progress:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @progress: how far the reader got, clamped to 0…1
 * @anchor: (nullable): where the reader stopped
 * @error: return location for a #LecternDatabaseError
 *
 * Remembers where the reader stopped. Emits #LecternArticleStore::article-changed if
 * either value changed.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_set_progress (LecternArticleStore  *self,
                                    gint64                id,
                                    double                progress,
                                    const char           *anchor,
                                    GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_SET_PROGRESS, id);
  op->progress = clamp_progress (progress);
  op->anchor = g_strdup (anchor);

  return write_sync (self, op, error);
}

/**
 * lectern_article_store_delete:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Hides an article from every query and emits #LecternArticleStore::article-removed.
 * It stays in the file until lectern_article_store_purge_deleted(), so
 * lectern_article_store_undelete() can bring it back.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if the article does not
 *   exist or is already deleted
 */
gboolean
lectern_article_store_delete (LecternArticleStore  *self,
                              gint64                id,
                              GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_DELETE, id);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_undelete:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Undoes lectern_article_store_delete() and emits #LecternArticleStore::article-added.
 * An article that is not deleted is left alone.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if the article was purged
 *   or never existed
 */
gboolean
lectern_article_store_undelete (LecternArticleStore  *self,
                                gint64                id,
                                GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_UNDELETE, id);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_purge_deleted:
 * @self: a #LecternArticleStore
 * @error: return location for a #LecternDatabaseError
 *
 * Removes every deleted article from the file for good. The window calls this when the
 * Undo toast goes away and at exit. Emits nothing: the articles were already gone from
 * every list.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_purge_deleted (LecternArticleStore  *self,
                                     GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_PURGE, 0);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_add_pending:
 * @self: a #LecternArticleStore
 * @url: the address the user asked to save
 * @normalized_url: (nullable): @url as lectern_url_normalize() gives it, for
 *   lectern_article_store_find_by_url()
 * @error: return location for a #LecternDatabaseError
 *
 * Adds a row for an article that is about to be saved: #LECTERN_SAVE_STATE_PENDING, an
 * empty title, #LecternArticle:saved-at now. The list shows it at once ("Saving…"). The
 * row is claimed for this store's save, as lectern_article_store_claim_save() would.
 * Emits #LecternArticleStore::article-added.
 *
 * One visible article has a given @normalized_url at most: if another has it already
 * (another process added it since the caller looked), nothing is added and the error is
 * %LECTERN_DATABASE_ERROR_EXISTS.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
lectern_article_store_add_pending (LecternArticleStore  *self,
                                   const char           *url,
                                   const char           *normalized_url,
                                   GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (url != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  op = write_op_new (WRITE_ADD_PENDING, 0);
  op->url = g_strdup (url);
  op->normalized_url = g_strdup (normalized_url);

  if (!write_sync (self, op, error))
    return 0;

  return op->id;
}

/**
 * lectern_article_store_mark_pending:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Puts an article back in #LECTERN_SAVE_STATE_PENDING and clears its save error, when
 * a failed save is tried again. Emits #LecternArticleStore::article-changed if the
 * state changed.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_mark_pending (LecternArticleStore  *self,
                                    gint64                id,
                                    GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_MARK_PENDING, id);
  return write_sync (self, op, error);
}

static GPtrArray *
copy_images (GPtrArray *images)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);

  for (guint i = 0; images && i < images->len; i++)
    g_ptr_array_add (copy, lectern_stored_image_copy (g_ptr_array_index (images, i)));

  return copy;
}

/**
 * lectern_article_store_finish_save:
 * @self: a #LecternArticleStore
 * @id: the pending article's id
 * @article: what was extracted: every field but the id, the addresses, the dates of
 *   saving and the reader's state is stored
 * @images: (nullable) (element-type LecternStoredImage): the images @article uses
 * @error: return location for a #LecternDatabaseError
 *
 * Completes a save in one transaction: the article's row gets @article's content and
 * #LECTERN_SAVE_STATE_SAVED, each image is stored unless the library has it already, and
 * the article is linked to exactly @images (images it used before and nothing uses now
 * are deleted). A failure, a full disk included, leaves the library as it was. Emits
 * #LecternArticleStore::article-changed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if the article was
 *   deleted meanwhile
 */
gboolean
lectern_article_store_finish_save (LecternArticleStore  *self,
                                   gint64                id,
                                   LecternArticle       *article,
                                   GPtrArray            *images,
                                   GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (LECTERN_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_FINISH_SAVE, id);
  op->row = g_object_ref (article);
  op->images = images ? g_ptr_array_ref (images) : NULL;

  return write_sync (self, op, error);
}

/**
 * lectern_article_store_fail_save:
 * @self: a #LecternArticleStore
 * @id: the pending article's id
 * @reason: why the save failed, in words for the reader
 * @error: return location for a #LecternDatabaseError
 *
 * Marks a save as failed (#LECTERN_SAVE_STATE_FAILED) with @reason as its
 * #LecternArticle:save-error. Emits #LecternArticleStore::article-changed.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_fail_save (LecternArticleStore  *self,
                                 gint64                id,
                                 const char           *reason,
                                 GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_FAIL_SAVE, id);
  op->reason = g_strdup (reason);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_discard:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Removes an article for good at once, with no Undo, and the images nothing else uses.
 * The saver uses it for a pending row that turned out to be an article already saved.
 * Emits #LecternArticleStore::article-removed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if there is no such
 *   visible article
 */
gboolean
lectern_article_store_discard (LecternArticleStore  *self,
                               gint64                id,
                               GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_DISCARD, id);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_claim_save:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @try_again: %TRUE when the user asked to save a failed article again
 * @give_up_reason: the #LecternArticle:save-error for an article whose saves kept
 *   being cut off, in words for the reader
 * @claim: (out): what came of it
 * @error: return location for a #LecternDatabaseError
 *
 * Claims article @id for a save by this store, in one transaction, so that no other
 * store, in this process or another, saves it at the same time. The claim counts the
 * attempt before anything is fetched; saving it or failing it
 * (lectern_article_store_finish_save(), lectern_article_store_fail_save()) ends the
 * claim, and lectern_article_store_release_save() lets go of one that ended without
 * either (cancelled, or waiting for the network).
 *
 * An article whose saves were cut off %LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS times in
 * a row (Lectern crashed or was killed while saving it) is not tried again: it becomes
 * failed with @give_up_reason. @try_again on a failed article starts over: it becomes
 * pending again, its count at zero. Emits #LecternArticleStore::article-changed when the
 * article's state changed.
 *
 * Returns: %TRUE on success, with @claim set; %LECTERN_DATABASE_ERROR_NOT_FOUND if
 *   there is no such visible article
 */
gboolean
lectern_article_store_claim_save (LecternArticleStore  *self,
                                  gint64                id,
                                  gboolean              try_again,
                                  const char           *give_up_reason,
                                  LecternSaveClaim     *claim,
                                  GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (give_up_reason != NULL, FALSE);
  g_return_val_if_fail (claim != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_CLAIM_SAVE, id);
  op->try_again = !!try_again;
  op->reason = g_strdup (give_up_reason);
  if (!write_sync (self, op, error))
    return FALSE;

  *claim = op->claim;
  return TRUE;
}

/**
 * lectern_article_store_release_save:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Lets go of this store's claim on article @id, for a save that ended without storing
 * the article or failing it: it was cancelled, or waits for the network. The article
 * stays pending; this attempt does not count against it. Does nothing if this store has
 * no claim on it.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_release_save (LecternArticleStore  *self,
                                    gint64                id,
                                    GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_RELEASE_SAVE, id);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_add_async:
 * @self: a #LecternArticleStore
 * @article: the article to store; it is copied now, and gets its id on completion
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_add() on the store's worker thread. The signal and the
 * change to @article happen in the caller's main context, just before @callback.
 */
void
lectern_article_store_add_async (LecternArticleStore *self,
                                 LecternArticle      *article,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (LECTERN_IS_ARTICLE (article));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_ADD, 0);
  op->article = g_object_ref (article);
  op->row = lectern_article_copy (article);

  write_async (self, op, lectern_article_store_add_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_add_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError, %G_IO_ERROR_CANCELLED or
 *   %G_IO_ERROR_CLOSED
 *
 * Returns: the new article's id, or 0 with @error set
 */
gint64
lectern_article_store_add_finish (LecternArticleStore  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        lectern_article_store_add_async, 0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;

  op = g_task_get_task_data (G_TASK (result));
  return op->id;
}

/**
 * lectern_article_store_set_flag_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @change: which flag
 * @value: the new value
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_set_flag() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_set_flag_async (LecternArticleStore  *self,
                                      gint64                id,
                                      LecternArticleChange  change,
                                      gboolean              value,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (change <= LECTERN_ARTICLE_CHANGE_ARCHIVED);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_SET_FLAG, id);
  op->change = change;
  op->value = !!value;

  write_async (self, op, lectern_article_store_set_flag_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_set_progress_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @progress: how far the reader got, clamped to 0…1
 * @anchor: (nullable): where the reader stopped
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_set_progress() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_set_progress_async (LecternArticleStore *self,
                                          gint64               id,
                                          double               progress,
                                          const char          *anchor,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_SET_PROGRESS, id);
  op->progress = clamp_progress (progress);
  op->anchor = g_strdup (anchor);

  write_async (self, op, lectern_article_store_set_progress_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_delete_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_delete() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_delete_async (LecternArticleStore *self,
                                    gint64               id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_DELETE, id), lectern_article_store_delete_async,
               cancellable, callback, user_data);
}

/**
 * lectern_article_store_undelete_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_undelete() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_undelete_async (LecternArticleStore *self,
                                      gint64               id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_UNDELETE, id), lectern_article_store_undelete_async,
               cancellable, callback, user_data);
}

/**
 * lectern_article_store_purge_deleted_async:
 * @self: a #LecternArticleStore
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_purge_deleted() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_purge_deleted_async (LecternArticleStore *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_PURGE, 0),
               lectern_article_store_purge_deleted_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_add_pending_async:
 * @self: a #LecternArticleStore
 * @url: the address the user asked to save
 * @normalized_url: (nullable): @url normalised
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_add_pending() on the store's worker thread. Finish with
 * lectern_article_store_add_pending_finish().
 */
void
lectern_article_store_add_pending_async (LecternArticleStore *self,
                                         const char          *url,
                                         const char          *normalized_url,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_ADD_PENDING, 0);
  op->url = g_strdup (url);
  op->normalized_url = g_strdup (normalized_url);

  write_async (self, op, lectern_article_store_add_pending_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_add_pending_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError, %G_IO_ERROR_CANCELLED or
 *   %G_IO_ERROR_CLOSED
 *
 * Returns: the new row's id, or 0 with @error set
 */
gint64
lectern_article_store_add_pending_finish (LecternArticleStore  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        lectern_article_store_add_pending_async, 0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;

  op = g_task_get_task_data (G_TASK (result));
  return op->id;
}

/**
 * lectern_article_store_mark_pending_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_mark_pending() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_mark_pending_async (LecternArticleStore *self,
                                          gint64               id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_MARK_PENDING, id),
               lectern_article_store_mark_pending_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_finish_save_async:
 * @self: a #LecternArticleStore
 * @id: the pending article's id
 * @article: what was extracted; it is copied now
 * @images: (nullable) (element-type LecternStoredImage): the images @article uses; the
 *   array is copied now and the images' bytes are shared
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_finish_save() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_finish_save_async (LecternArticleStore *self,
                                         gint64               id,
                                         LecternArticle      *article,
                                         GPtrArray           *images,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (LECTERN_IS_ARTICLE (article));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_FINISH_SAVE, id);
  op->row = lectern_article_copy (article);
  op->images = copy_images (images);

  write_async (self, op, lectern_article_store_finish_save_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_fail_save_async:
 * @self: a #LecternArticleStore
 * @id: the pending article's id
 * @reason: why the save failed, in words for the reader
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_fail_save() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_fail_save_async (LecternArticleStore *self,
                                       gint64               id,
                                       const char          *reason,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (reason != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_FAIL_SAVE, id);
  op->reason = g_strdup (reason);

  write_async (self, op, lectern_article_store_fail_save_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_discard_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_discard() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_discard_async (LecternArticleStore *self,
                                     gint64               id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_DISCARD, id), lectern_article_store_discard_async,
               cancellable, callback, user_data);
}

/**
 * lectern_article_store_claim_save_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @try_again: %TRUE when the user asked to save a failed article again
 * @give_up_reason: the #LecternArticle:save-error for an article whose saves kept
 *   being cut off
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_claim_save() on the store's worker thread. Finish with
 * lectern_article_store_claim_save_finish().
 */
void
lectern_article_store_claim_save_async (LecternArticleStore *self,
                                        gint64               id,
                                        gboolean             try_again,
                                        const char          *give_up_reason,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (give_up_reason != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_CLAIM_SAVE, id);
  op->try_again = !!try_again;
  op->reason = g_strdup (give_up_reason);
  write_async (self, op, lectern_article_store_claim_save_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_claim_save_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @claim: (out): what came of it
 * @error: return location for a #LecternDatabaseError, %G_IO_ERROR_CANCELLED or
 *   %G_IO_ERROR_CLOSED
 *
 * Finishes lectern_article_store_claim_save_async().
 *
 * Returns: %TRUE on success, with @claim set
 */
gboolean
lectern_article_store_claim_save_finish (LecternArticleStore  *self,
                                         GAsyncResult         *result,
                                         LecternSaveClaim     *claim,
                                         GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        lectern_article_store_claim_save_async, FALSE);
  g_return_val_if_fail (claim != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  op = g_task_get_task_data (G_TASK (result));
  *claim = op->claim;
  return TRUE;
}

/**
 * lectern_article_store_release_save_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: (nullable): called on completion, in the caller's thread-default main
 *   context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_release_save() on the store's worker thread. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_release_save_async (LecternArticleStore *self,
                                          gint64               id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, write_op_new (WRITE_RELEASE_SAVE, id),
               lectern_article_store_release_save_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_write_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError, %G_IO_ERROR_CANCELLED or
 *   %G_IO_ERROR_CLOSED
 *
 * Finishes any `_async` write but lectern_article_store_add_async(),
 * lectern_article_store_add_pending_async() and lectern_article_store_claim_save_async().
 *
 * Returns: %TRUE if the change was committed (or there was nothing to change)
 */
gboolean
lectern_article_store_write_finish (LecternArticleStore  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lectern_article_store_flush:
 * @self: a #LecternArticleStore
 *
 * Blocks until every write queued with an `_async` function so far has been committed
 * (or has failed). Their callbacks and signals still run later, from the caller's main
 * context. For tests and shutdown; never call it from a store callback's worker.
 */
void
lectern_article_store_flush (LecternArticleStore *self)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));

  g_mutex_lock (&self->queue_lock);
  while (self->n_queued > 0)
    g_cond_wait (&self->queue_cond, &self->queue_lock);
  g_mutex_unlock (&self->queue_lock);
}


/* Tags */

static gint
compare_tag_counts (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GHashTable *keys = user_data;
  const LecternTagCount *tag_a = *(LecternTagCount * const *)a;
  const LecternTagCount *tag_b = *(LecternTagCount * const *)b;

  return strcmp (g_hash_table_lookup (keys, tag_a), g_hash_table_lookup (keys, tag_b));
}

#define TAG_COUNT(column) \
  "SELECT t.name, c." column " FROM tags AS t JOIN tag_counts AS c ON c.tag_id = t.id" \
  " WHERE c.n_all > 0"

static const char * const tag_count_sql[LECTERN_N_FILTERS] = {
  [LECTERN_FILTER_UNREAD] = TAG_COUNT ("n_unread"),
  [LECTERN_FILTER_FAVOURITES] = TAG_COUNT ("n_favourites"),
  [LECTERN_FILTER_ARCHIVE] = TAG_COUNT ("n_archive"),
  [LECTERN_FILTER_ALL] = TAG_COUNT ("n_all"),
};

#undef TAG_COUNT

/**
 * lectern_article_store_list_tags:
 * @self: a #LecternArticleStore
 * @filter: which articles to count
 * @error: return location for a #LecternDatabaseError
 *
 * Lists every tag that at least one visible article has, in the order of the user's
 * language (g_utf8_collate_key()), with how many of the articles @filter selects have
 * it; that count may be 0.
 *
 * Returns: (transfer full) (element-type LecternTagCount) (nullable): the tags, or %NULL
 *   with @error set
 */
GPtrArray *
lectern_article_store_list_tags (LecternArticleStore  *self,
                                 LecternFilter         filter,
                                 GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) tags = NULL;
  g_autoptr (GHashTable) keys = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (filter < LECTERN_N_FILTERS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  stmt = lectern_database_prepare (self->reader, tag_count_sql[filter], error);
  if (!stmt)
    return NULL;

  tags = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_tag_count_free);
  keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  while (lectern_statement_step (stmt, &local_error)) {
    const char *name = lectern_statement_column_text (stmt, 0);
    LecternTagCount *tag = lectern_tag_count_new (name ? name : "",
                                                  lectern_statement_column_int64 (stmt, 1));
    g_autofree char *folded = g_utf8_casefold (tag->name, -1);

    g_hash_table_insert (keys, tag, g_utf8_collate_key (folded, -1));
    g_ptr_array_add (tags, tag);
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  g_ptr_array_sort_with_data (tags, compare_tag_counts, keys);
  return g_steal_pointer (&tags);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GHashTable *keys = user_data;

  return strcmp (g_hash_table_lookup (keys, *(char * const *)a),
                 g_hash_table_lookup (keys, *(char * const *)b));
}

/**
 * lectern_article_store_get_tags:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the names of the
 *   article's tags in the order of the user's language, an empty array for none; %NULL
 *   with @error set (%LECTERN_DATABASE_ERROR_NOT_FOUND if the article does not exist or
 *   is deleted)
 */
char **
lectern_article_store_get_tags (LecternArticleStore  *self,
                                gint64                id,
                                GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) keys = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  /* One row for the article itself, visible or not, then one per tag. */
  stmt = lectern_database_prepare (self->reader,
                                   "SELECT NULL FROM articles WHERE id = ?1 AND " VISIBLE
                                   " UNION ALL"
                                   " SELECT t.name FROM article_tags AS at"
                                   " JOIN tags AS t ON t.id = at.tag_id"
                                   " WHERE at.article_id = ?1",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, id);
  names = g_ptr_array_new_with_free_func (g_free);
  keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  while (lectern_statement_step (stmt, &local_error)) {
    char *name;
    g_autofree char *folded = NULL;

    if (lectern_statement_column_is_null (stmt, 0)) {
      exists = TRUE;
      continue;
    }

    name = g_strdup (lectern_statement_column_text (stmt, 0));
    folded = g_utf8_casefold (name, -1);
    g_hash_table_insert (keys, name, g_utf8_collate_key (folded, -1));
    g_ptr_array_add (names, name);
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  if (!exists) {
    set_not_found_error (error);
    return NULL;
  }

  g_ptr_array_sort_with_data (names, compare_names, keys);
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static WriteOp *
tags_op_new (WriteKind            kind,
             gint64               id,
             const char * const  *names,
             GError             **error)
{
  g_autoptr (WriteOp) op = write_op_new (kind, id);

  op->names = lectern_tag_normalize_list (names, error);
  if (!op->names)
    return NULL;

  return g_steal_pointer (&op);
}

/* A rename's new name must be a valid one; the old one is looked up by its key. */
static WriteOp *
rename_op_new (const char  *name,
               const char  *new_name,
               GError     **error)
{
  g_autoptr (WriteOp) op = write_op_new (WRITE_RENAME_TAG, 0);

  op->name = g_strdup (name);
  op->new_name = lectern_tag_normalize (new_name, error);
  if (!op->new_name)
    return NULL;

  return g_steal_pointer (&op);
}

static WriteOp *
restore_op_new (const char  *name,
                GArray      *article_ids,
                GError     **error)
{
  g_autoptr (WriteOp) op = write_op_new (WRITE_RESTORE_TAG, 0);

  op->new_name = lectern_tag_normalize (name, error);
  if (!op->new_name)
    return NULL;

  op->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (article_ids)
    g_array_append_vals (op->ids, article_ids->data, article_ids->len);

  return g_steal_pointer (&op);
}

/**
 * lectern_article_store_add_pending_with_tags:
 * @self: a #LecternArticleStore
 * @url: the address as the user gave it
 * @normalized_url: (nullable): @url normalised, for duplicate detection
 * @tags: (array zero-terminated=1) (nullable): the article's tags
 * @error: return location for a #LecternDatabaseError or a #LecternTagError
 *
 * Like lectern_article_store_add_pending(), with the article's tags in the same
 * transaction: they stay whatever becomes of the save. A tag name
 * lectern_tag_normalize() refuses fails with its #LecternTagError and adds nothing.
 *
 * Returns: the new row's id, or 0 with @error set
 */
gint64
lectern_article_store_add_pending_with_tags (LecternArticleStore *self,
                                             const char          *url,
                                             const char          *normalized_url,
                                             const char * const  *tags,
                                             GError             **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (url != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  op = tags_op_new (WRITE_ADD_PENDING, 0, tags, error);
  if (!op)
    return 0;

  op->url = g_strdup (url);
  op->normalized_url = g_strdup (normalized_url);

  if (!write_sync (self, op, error))
    return 0;

  return op->id;
}

/**
 * lectern_article_store_import:
 * @self: a #LecternArticleStore
 * @entries: (element-type LecternImportEntry): links read from an export file
 * @images: (nullable) (element-type LecternStoredImage): images the entries (or later
 *   ones) use, from a backup, stored first
 * @error: return location for a #LecternDatabaseError
 *
 * Adds @entries to the library in one transaction. An entry whose address a visible
 * article has already is merged into it: tags are united, starred, archived and read
 * stay set if either side set them, the earlier saved date wins, and its title is taken
 * only where the article has none; nothing else of the article changes. Any other entry
 * becomes a pending article (with its title, tags, dates, flags and progress) for the
 * saver to fetch, or, when it carries a whole article (a backup's), that article as it
 * was, linked to those of its images the library has; merged, such an article gives its
 * body to an article that was not saved yet. A body an export carries waits with its
 * article, unless that one is saved, for the saver (see
 * lectern_article_store_dup_carried_body()). Tag names lectern_tag_normalize() refuses
 * are left out. An entry whose
 * address is not http or https is skipped: the caller checks them first, to say why.
 * Emits #LecternArticleStore::external-change and #LecternArticleStore::tags-changed
 * once committed.
 *
 * Returns: (transfer full) (element-type LecternImportOutcome): what became of each
 *   entry, in their order, or %NULL with @error set, and nothing changed
 */
GArray *
lectern_article_store_import (LecternArticleStore  *self,
                              GPtrArray            *entries,
                              GPtrArray            *images,
                              GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  op = write_op_new (WRITE_IMPORT, 0);
  op->entries = g_ptr_array_ref (entries);
  op->images = images ? g_ptr_array_ref (images) : NULL;

  if (!write_sync (self, op, error))
    return NULL;

  return g_steal_pointer (&op->outcomes);
}

/**
 * lectern_article_store_import_async:
 * @self: a #LecternArticleStore
 * @entries: (element-type LecternImportEntry): links read from an export file, which
 *   the caller no longer changes
 * @images: (nullable) (element-type LecternStoredImage): images to store first, which
 *   the caller no longer changes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the entries are stored
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_import() on the store's worker. Finish with
 * lectern_article_store_import_finish().
 */
void
lectern_article_store_import_async (LecternArticleStore *self,
                                    GPtrArray           *entries,
                                    GPtrArray           *images,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (entries != NULL);

  op = write_op_new (WRITE_IMPORT, 0);
  op->entries = g_ptr_array_ref (entries);
  op->images = images ? g_ptr_array_ref (images) : NULL;
  write_async (self, op, lectern_article_store_import_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_import_finish:
 * @self: a #LecternArticleStore
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type LecternImportOutcome): what became of each
 *   entry, or %NULL with @error set
 */
GArray *
lectern_article_store_import_finish (LecternArticleStore  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        lectern_article_store_import_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  op = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&op->outcomes);
}

/**
 * lectern_article_store_fail_saves:
 * @self: a #LecternArticleStore
 * @ids: (element-type gint64): articles whose saves were given up before they started
 * @reason: why, for the user
 * @error: return location for a #LecternDatabaseError
 *
 * Marks those of @ids that are still pending, and that no save has claimed, failed with
 * @reason, in one transaction; each can then be tried again. Emits
 * #LecternArticleStore::external-change once committed.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_fail_saves (LecternArticleStore  *self,
                                  GArray               *ids,
                                  const char           *reason,
                                  GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  op = write_op_new (WRITE_FAIL_SAVES, 0);
  op->ids = g_array_ref (ids);
  op->reason = g_strdup (reason);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_fail_saves_async:
 * @self: a #LecternArticleStore
 * @ids: (element-type gint64): articles whose saves were given up before they started
 * @reason: why, for the user
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once committed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_fail_saves() on the store's worker. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_fail_saves_async (LecternArticleStore *self,
                                        GArray              *ids,
                                        const char          *reason,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (ids != NULL);
  g_return_if_fail (reason != NULL);

  op = write_op_new (WRITE_FAIL_SAVES, 0);
  op->ids = g_array_ref (ids);
  op->reason = g_strdup (reason);
  write_async (self, op, lectern_article_store_fail_saves_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_set_tags:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @names: (array zero-terminated=1) (nullable): the article's tags from now on
 * @error: return location for a #LecternDatabaseError or a #LecternTagError
 *
 * Gives the article exactly the tags @names (none for %NULL or an empty array). Names
 * are checked with lectern_tag_normalize(); one it refuses fails the whole call and
 * changes nothing. A name whose key (lectern_tag_key()) is an existing tag's gets that
 * tag, whatever its case. Emits #LecternArticleStore::article-changed and
 * #LecternArticleStore::tags-changed if the article's tags changed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if the article does not
 *   exist or is deleted
 */
gboolean
lectern_article_store_set_tags (LecternArticleStore  *self,
                                gint64                id,
                                const char * const   *names,
                                GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = tags_op_new (WRITE_SET_TAGS, id, names, error);
  return op && write_sync (self, op, error);
}

/**
 * lectern_article_store_add_tags:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @names: (array zero-terminated=1) (nullable): tags to give the article
 * @error: return location for a #LecternDatabaseError or a #LecternTagError
 *
 * Like lectern_article_store_set_tags(), but keeps the tags the article has.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_add_tags (LecternArticleStore  *self,
                                gint64                id,
                                const char * const   *names,
                                GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = tags_op_new (WRITE_ADD_TAGS, id, names, error);
  return op && write_sync (self, op, error);
}

/**
 * lectern_article_store_rename_tag:
 * @self: a #LecternArticleStore
 * @name: the tag's name, in any case
 * @new_name: its new name
 * @error: return location for a #LecternDatabaseError or a #LecternTagError
 *
 * Renames a tag on every article that has it. If @new_name is another tag's name (by
 * lectern_tag_key()), the two become that one tag, with its name. Renaming to the same
 * name in another case changes the name's case. Emits
 * #LecternArticleStore::article-changed for each article with the tag and
 * #LecternArticleStore::tags-changed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if there is no such tag
 */
gboolean
lectern_article_store_rename_tag (LecternArticleStore  *self,
                                  const char           *name,
                                  const char           *new_name,
                                  GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = rename_op_new (name, new_name, error);
  return op && write_sync (self, op, error);
}

/**
 * lectern_article_store_delete_tag:
 * @self: a #LecternArticleStore
 * @name: the tag's name, in any case
 * @article_ids: (out) (optional) (transfer full) (element-type gint64): the articles
 *   that had the tag, deleted ones too, for lectern_article_store_restore_tag()
 * @error: return location for a #LecternDatabaseError
 *
 * Takes the tag away from every article and forgets it. Emits
 * #LecternArticleStore::article-changed for each article that had it and
 * #LecternArticleStore::tags-changed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND if there is no such tag
 */
gboolean
lectern_article_store_delete_tag (LecternArticleStore  *self,
                                  const char           *name,
                                  GArray              **article_ids,
                                  GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_DELETE_TAG, 0);
  op->name = g_strdup (name);
  if (!write_sync (self, op, error))
    return FALSE;

  if (article_ids)
    *article_ids = g_steal_pointer (&op->ids);
  return TRUE;
}

/**
 * lectern_article_store_restore_tag:
 * @self: a #LecternArticleStore
 * @name: the tag's name
 * @article_ids: (element-type gint64) (nullable): the articles to give it
 * @error: return location for a #LecternDatabaseError or a #LecternTagError
 *
 * Undoes lectern_article_store_delete_tag(): gives the tag @name back to those of
 * @article_ids that still exist. Emits #LecternArticleStore::article-changed for each
 * article that got it and #LecternArticleStore::tags-changed.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_restore_tag (LecternArticleStore  *self,
                                   const char           *name,
                                   GArray               *article_ids,
                                   GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = restore_op_new (name, article_ids, error);
  return op && write_sync (self, op, error);
}

/* Fails an async write before it is queued, with the error of its arguments. */
static void
report_error (LecternArticleStore *self,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              GError              *error)
{
  g_task_report_error (self, callback, user_data, source_tag, error);
}

/**
 * lectern_article_store_add_pending_with_tags_async:
 * @self: a #LecternArticleStore
 * @url: the address as the user gave it
 * @normalized_url: (nullable): @url normalised
 * @tags: (array zero-terminated=1) (nullable): the article's tags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the row is added
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_add_pending_with_tags() on the store's worker. Finish with
 * lectern_article_store_add_pending_finish().
 */
void
lectern_article_store_add_pending_with_tags_async (LecternArticleStore *self,
                                                   const char          *url,
                                                   const char          *normalized_url,
                                                   const char * const  *tags,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  GError *error = NULL;
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = tags_op_new (WRITE_ADD_PENDING, 0, tags, &error);
  if (!op) {
    report_error (self, lectern_article_store_add_pending_async, callback, user_data, error);
    return;
  }

  op->url = g_strdup (url);
  op->normalized_url = g_strdup (normalized_url);

  /* The tag of add_pending, so that its _finish takes both. */
  write_async (self, op, lectern_article_store_add_pending_async, cancellable, callback,
               user_data);
}

static void
tags_write_async (LecternArticleStore *self,
                  WriteOp             *op,
                  GError              *error,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  if (!op) {
    report_error (self, source_tag, callback, user_data, error);
    return;
  }

  write_async (self, op, source_tag, cancellable, callback, user_data);
}

/**
 * lectern_article_store_set_tags_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @names: (array zero-terminated=1) (nullable): the article's tags from now on
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the change is committed or failed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_set_tags() on the store's worker. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_set_tags_async (LecternArticleStore *self,
                                      gint64               id,
                                      const char * const  *names,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GError *error = NULL;
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));

  op = tags_op_new (WRITE_SET_TAGS, id, names, &error);
  tags_write_async (self, op, error, lectern_article_store_set_tags_async, cancellable,
                    callback, user_data);
}

/**
 * lectern_article_store_add_tags_async:
 * @self: a #LecternArticleStore
 * @id: the article's id
 * @names: (array zero-terminated=1) (nullable): tags to give the article
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called once the change is committed or failed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_add_tags() on the store's worker. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_add_tags_async (LecternArticleStore *self,
                                      gint64               id,
                                      const char * const  *names,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GError *error = NULL;
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));

  op = tags_op_new (WRITE_ADD_TAGS, id, names, &error);
  tags_write_async (self, op, error, lectern_article_store_add_tags_async, cancellable,
                    callback, user_data);
}

/**
 * lectern_article_store_rename_tag_async:
 * @self: a #LecternArticleStore
 * @name: the tag's name
 * @new_name: its new name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the change is committed or failed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_rename_tag() on the store's worker. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_rename_tag_async (LecternArticleStore *self,
                                        const char          *name,
                                        const char          *new_name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GError *error = NULL;
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (name != NULL);

  op = rename_op_new (name, new_name, &error);
  tags_write_async (self, op, error, lectern_article_store_rename_tag_async, cancellable,
                    callback, user_data);
}

/**
 * lectern_article_store_delete_tag_async:
 * @self: a #LecternArticleStore
 * @name: the tag's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the change is committed or failed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_delete_tag() on the store's worker. Finish with
 * lectern_article_store_delete_tag_finish().
 */
void
lectern_article_store_delete_tag_async (LecternArticleStore *self,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (name != NULL);

  op = write_op_new (WRITE_DELETE_TAG, 0);
  op->name = g_strdup (name);
  write_async (self, op, lectern_article_store_delete_tag_async, cancellable, callback,
               user_data);
}

/**
 * lectern_article_store_delete_tag_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the articles that had the
 *   tag, for lectern_article_store_restore_tag(); %NULL with @error set on failure
 */
GArray *
lectern_article_store_delete_tag_finish (LecternArticleStore  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  op = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&op->ids);
}

/**
 * lectern_article_store_restore_tag_async:
 * @self: a #LecternArticleStore
 * @name: the tag's name
 * @article_ids: (element-type gint64) (nullable): the articles to give it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the change is committed or failed
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_restore_tag() on the store's worker. Finish with
 * lectern_article_store_write_finish().
 */
void
lectern_article_store_restore_tag_async (LecternArticleStore *self,
                                         const char          *name,
                                         GArray              *article_ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GError *error = NULL;
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));

  op = restore_op_new (name, article_ids, &error);
  tags_write_async (self, op, error, lectern_article_store_restore_tag_async, cancellable,
                    callback, user_data);
}

/**
 * lectern_article_store_search_ids:
 * @self: a #LecternArticleStore
 * @query: (nullable): what to look for, from lectern_query_parse()
 * @filter: which articles to look among
 * @sort: the order of a search without words
 * @limit: how many ids at most; 0 for all
 * @error: return location for a #LecternDatabaseError
 *
 * Finds the visible articles that @filter and @query select. A query with words puts
 * the best matches first: BM25 over the search index (lectern-search-rank.c), with the
 * title weighted highest, then tags, byline and site, then the address, the body lowest,
 * and each word by how rare it is among the articles saved last; ties go to the article
 * saved last. Only the 2,000 matches saved last are ranked (all the matches of most
 * searches); the matches of a common word beyond those follow them, the ones saved last
 * first. The first @limit results are the first of all the results, so a caller can show
 * a few at once and ask for all of them afterwards.
 * A query without words (only `tag:`, `site:`, `is:` or `-word`) lists in @sort order,
 * and an empty or %NULL query lists like lectern_article_store_list_ids(). Several
 * `tag:` all apply; several `site:` are alternatives; `site:` includes subdomains.
 *
 * No query text ever makes this fail with an SQL error: the worst is an empty array.
 * While the index of an older library is still being built (see
 * lectern_article_store_get_index_progress()), words find only the articles indexed so
 * far.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, or %NULL with
 *   @error set
 */
GArray *
lectern_article_store_search_ids (LecternArticleStore  *self,
                                  LecternQuery         *query,
                                  LecternFilter         filter,
                                  LecternSort           sort,
                                  guint                 limit,
                                  GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (filter < LECTERN_N_FILTERS, NULL);
  g_return_val_if_fail (sort < N_SORTS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  return _lectern_search_run (self->reader, query, filter, sort, limit, NULL, error);
}

typedef struct {
  LecternQuery *query;
  LecternFilter filter;
  LecternSort sort;
  guint limit;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  g_clear_pointer (&search->query, lectern_query_unref);
  g_free (search);
}

static void
search_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LecternArticleStore *self = source_object;
  SearchData *search = task_data;
  GError *error = NULL;
  GArray *ids = NULL;

  g_mutex_lock (&self->search_lock);

  if (self->closed)
    set_closed_error (&error);
  else if (!self->searcher)
    self->searcher = lectern_database_open (self->path, TRUE, &error);

  if (self->searcher && !error) {
    ids = _lectern_search_run (self->searcher, search->query, search->filter, search->sort,
                      search->limit, cancellable, &error);
    /* Reading a whole list or a common word's matches fills the connection's cache with
     * pages the next search is unlikely to want; they go back to the system, which
     * still keeps the file's pages.
     */
    sqlite3_db_release_memory (_lectern_database_get_handle (self->searcher));
  }

  g_mutex_unlock (&self->search_lock);

  if (ids)
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * lectern_article_store_search_ids_async:
 * @self: a #LecternArticleStore
 * @query: (nullable): what to look for
 * @filter: which articles to look among
 * @sort: the order of a search without words
 * @limit: how many ids at most; 0 for all
 * @cancellable: (nullable): stops the search at once
 * @callback: called with the ids
 * @user_data: data for @callback
 *
 * Runs lectern_article_store_search_ids() on a thread, with a connection of its own, so
 * neither the main loop nor the store's other reads and writes wait for it. Cancelling
 * @cancellable interrupts the query. Finish with
 * lectern_article_store_search_ids_finish().
 */
void
lectern_article_store_search_ids_async (LecternArticleStore *self,
                                        LecternQuery        *query,
                                        LecternFilter        filter,
                                        LecternSort          sort,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  SearchData *search;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (filter < LECTERN_N_FILTERS);
  g_return_if_fail (sort < N_SORTS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  search = g_new0 (SearchData, 1);
  search->query = query ? lectern_query_ref (query) : NULL;
  search->filter = filter;
  search->sort = sort;
  search->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lectern_article_store_search_ids_async);
  g_task_set_name (task, "[lectern] search");
  g_task_set_task_data (task, search, search_data_free);
  g_task_run_in_thread (task, search_thread_cb);
}

/**
 * lectern_article_store_search_ids_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids, best first, or
 *   %NULL with @error set
 */
GArray *
lectern_article_store_search_ids_finish (LecternArticleStore  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* snippet () over the library's index reads the whole list of matches of each word of the
 * query, all the articles that have it, even for one rowid: 100 ms and more for a common
 * word in a large library, for each row the list shows. So the snippet is made from a
 * copy of the one article's row in a TEMP table of the reader, with the index's columns and
 * tokenizer, which costs what the article's text costs. The article must match in any of
 * its columns, as in the index, and the snippet is of its text. Under snippet_lock, with
 * the reader open.
 */
static char *
get_snippet_locked (LecternArticleStore  *self,
                    const char           *match,
                    gint64                id,
                    GError              **error)
{
  g_autoptr (LecternStatement) insert = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *snippet;

  /* The index reads the row from a table of its own (external content), so that emptying
   * it ('delete-all') does not tokenize the previous article again.
   */
  if (!self->snippet_table) {
    if (!lectern_database_exec (self->reader,
                                "CREATE TEMP TABLE IF NOT EXISTS snippet_row"
                                " (id INTEGER PRIMARY KEY, title, byline, site_name, host, tags,"
                                "  plain_text);"
                                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_article"
                                " USING fts5 (title, byline, site_name, host, tags, plain_text,"
                                " content = 'snippet_row', content_rowid = 'id',"
                                " tokenize = 'lectern');",
                                error))
      return NULL;
    self->snippet_table = TRUE;
  }

  if (!lectern_database_exec (self->reader,
                              "INSERT INTO temp.snippet_article (snippet_article)"
                              " VALUES ('delete-all');"
                              "DELETE FROM temp.snippet_row;",
                              error))
    return NULL;

  /* A deleted article is not in the view, so it has no snippet, as it has no match. */
  insert = lectern_database_prepare (self->reader,
                                     "INSERT INTO temp.snippet_row"
                                     " SELECT id, title, byline, site_name, host, tags, plain_text"
                                     " FROM main.search_source WHERE id = ?1",
                                     error);
  if (!insert)
    return NULL;

  lectern_statement_bind_int64 (insert, 0, id);
  if (!lectern_statement_step (insert, &local_error) && local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  if (!lectern_database_exec (self->reader,
                              "INSERT INTO temp.snippet_article"
                              " (rowid, title, byline, site_name, host, tags, plain_text)"
                              " SELECT * FROM temp.snippet_row;",
                              error))
    return NULL;

  /* Column 5 is the text. */
  stmt = lectern_database_prepare (self->reader,
                                   "SELECT snippet (snippet_article, 5, ?2, ?3, '…', 20)"
                                   " FROM temp.snippet_article WHERE snippet_article MATCH ?1",
                                   error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_text (stmt, 0, match);
  lectern_statement_bind_text (stmt, 1, LECTERN_SNIPPET_MATCH_START);
  lectern_statement_bind_text (stmt, 2, LECTERN_SNIPPET_MATCH_END);

  if (!lectern_statement_step (stmt, &local_error)) {
    /* As in a search, a MATCH FTS5 refuses finds nothing. */
    if (local_error && !g_error_matches (local_error, LECTERN_DATABASE_ERROR,
                                         LECTERN_DATABASE_ERROR_FAILED))
      g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  snippet = lectern_statement_column_text (stmt, 0);
  if (!snippet || !strstr (snippet, LECTERN_SNIPPET_MATCH_START))
    return NULL;

  return g_strdup (snippet);
}

/**
 * lectern_article_store_get_snippet:
 * @self: a #LecternArticleStore
 * @query: (nullable): the search
 * @id: the article's id
 * @error: return location for a #LecternDatabaseError
 *
 * Gives about 20 words of the article's text around the matches of @query's words,
 * each match between %LECTERN_SNIPPET_MATCH_START and %LECTERN_SNIPPET_MATCH_END, with
 * "…" where the text was cut. It is plain text: escape it before using it in markup.
 *
 * Returns: (transfer full) (nullable): the snippet; %NULL without an error when @query
 *   has no words or the article's text has none of them (they are in its title, say)
 */
char *
lectern_article_store_get_snippet (LecternArticleStore  *self,
                                   LecternQuery         *query,
                                   gint64                id,
                                   GError              **error)
{
  const char *match;
  char *snippet;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = query ? lectern_query_get_match (query) : NULL;

  g_mutex_lock (&self->snippet_lock);
  if (!self->reader)
    set_closed_error (error);
  snippet = self->reader && match ? get_snippet_locked (self, match, id, error) : NULL;
  g_mutex_unlock (&self->snippet_lock);

  return snippet;
}

/* The index of an older library */

/**
 * lectern_article_store_get_index_progress:
 * @self: a #LecternArticleStore
 * @done: (out) (optional): how many articles the build has gone through
 * @total: (out) (optional): how many it has to go through
 *
 * Tells how far the build of the search index of a library made before Lectern had
 * one has got. Both counts are 0 when nothing is left to build.
 *
 * Returns: %TRUE when every article is in the index
 */
gboolean
lectern_article_store_get_index_progress (LecternArticleStore *self,
                                          guint64             *done,
                                          guint64             *total)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  guint64 n_done = 0;
  guint64 n_total = 0;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), TRUE);

  if (self->reader) {
    stmt = lectern_database_prepare (self->reader,
                                     "SELECT done, total FROM search_backlog", &error);
    if (stmt && lectern_statement_step (stmt, &error)) {
      n_done = lectern_statement_column_int64 (stmt, 0);
      n_total = lectern_statement_column_int64 (stmt, 1);
    }
  }

  if (error)
    g_debug ("Could not read how far the search index is built: %s", error->message);

  if (done)
    *done = n_done;
  if (total)
    *total = n_total;

  return n_total == 0;
}

/**
 * lectern_article_store_build_index_step:
 * @self: a #LecternArticleStore
 * @batch: how many articles at most; 0 for %LECTERN_ARTICLE_STORE_INDEX_BATCH
 * @complete: (out) (optional): whether the index is complete now
 * @error: return location for a #LecternDatabaseError
 *
 * Adds the next @batch articles waiting for the search index of an older library, in
 * one transaction, and notifies #LecternArticleStore:index-progress. Does nothing when
 * the index is complete.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_article_store_build_index_step (LecternArticleStore  *self,
                                        guint                 batch,
                                        gboolean             *complete,
                                        GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_BUILD_INDEX, 0);
  op->batch = batch > 0 ? batch : LECTERN_ARTICLE_STORE_INDEX_BATCH;

  if (!write_sync (self, op, error))
    return FALSE;

  if (complete)
    *complete = op->complete;
  return TRUE;
}

static gboolean
notify_index_progress_cb (gpointer data)
{
  g_object_notify_by_pspec (data, properties[PROP_INDEX_PROGRESS]);
  return G_SOURCE_REMOVE;
}

static void
build_index_thread_cb (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  LecternArticleStore *self = source_object;

  for (;;) {
    g_autoptr (WriteOp) op = write_op_new (WRITE_BUILD_INDEX, 0);
    g_autoptr (GSource) source = NULL;
    GError *error = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
        (g_cancellable_is_cancelled (self->closing) && set_closed_error (&error))) {
      g_task_return_error (task, error);
      return;
    }

    op->batch = LECTERN_ARTICLE_STORE_INDEX_BATCH;
    if (!run_write (self, op, &error)) {
      g_task_return_error (task, error);
      return;
    }

    /* At the priority of the task's own completion, so the last batch is notified
     * before the callback runs.
     */
    source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, notify_index_progress_cb, g_object_ref (self),
                           g_object_unref);
    g_source_set_static_name (source, "[lectern] index progress");
    g_source_attach (source, g_task_get_context (task));

    if (op->complete) {
      g_task_return_boolean (task, TRUE);
      return;
    }

    /* Between two batches, whatever write waits for the library goes first. */
    g_thread_yield ();
  }
}

/**
 * lectern_article_store_build_index_async:
 * @self: a #LecternArticleStore
 * @cancellable: (nullable): stops the build after the batch under way
 * @callback: called once the index is complete, or the build stopped
 * @user_data: data for @callback
 *
 * Builds the search index of a library made before Lectern had one, batch after batch
 * (see lectern_article_store_build_index_step()), on a thread of its own: other writes
 * wait at most for one batch. #LecternArticleStore:index-progress notifies, in the
 * caller's main context, after each batch. Closing the store stops it; the next build
 * goes on where it stopped. Finish with lectern_article_store_build_index_finish().
 */
void
lectern_article_store_build_index_async (LecternArticleStore *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lectern_article_store_build_index_async);
  g_task_set_name (task, "[lectern] build index");

  if (lectern_article_store_get_index_progress (self, NULL, NULL)) {
    g_task_return_boolean (task, TRUE);
    return;
  }

  g_task_run_in_thread (task, build_index_thread_cb);
}

/**
 * lectern_article_store_build_index_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #LecternDatabaseError, %G_IO_ERROR_CANCELLED or
 *   %G_IO_ERROR_CLOSED
 *
 * Returns: %TRUE if the index is complete
 */
gboolean
lectern_article_store_build_index_finish (LecternArticleStore  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Highlights */

static gboolean
check_new_highlight (LecternHighlight  *highlight,
                     GError           **error)
{
  if (!selector_has_text (lectern_highlight_get_selector (highlight)))
    return set_bad_highlight_error (error);

  return TRUE;
}

static WriteOp *
add_highlight_op_new (LecternHighlight *highlight)
{
  WriteOp *op = write_op_new (WRITE_ADD_HIGHLIGHT,
                              lectern_highlight_get_article_id (highlight));

  op->highlight = g_object_ref (highlight);
  op->highlight_row = lectern_highlight_copy (highlight);
  return op;
}

/**
 * lectern_article_store_add_highlight:
 * @self: a #LecternArticleStore
 * @highlight: the highlight to store; its id is ignored
 * @error: return location for a #GError
 *
 * Stores @highlight for its article, which must exist and not be deleted. Its selector
 * is checked against the article's stored text: when its passage is found there, the
 * selector stored is the one of the place it was found at. On success @highlight gets
 * its id, that selector and its times (#LecternHighlight:created-at stays if it has one),
 * and #LecternArticleStore::highlights-changed is emitted.
 *
 * Returns: the new id, or 0 with @error set: %G_IO_ERROR_INVALID_ARGUMENT for a highlight
 *   without text, %LECTERN_DATABASE_ERROR_NOT_FOUND for an article that does not exist
 */
gint64
lectern_article_store_add_highlight (LecternArticleStore  *self,
                                     LecternHighlight     *highlight,
                                     GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (highlight), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_new_highlight (highlight, error))
    return 0;

  op = add_highlight_op_new (highlight);
  if (!write_sync (self, op, error))
    return 0;

  return op->highlight_id;
}

/**
 * lectern_article_store_add_highlight_async:
 * @self: a #LecternArticleStore
 * @highlight: the highlight to store
 * @cancellable: (nullable): cancels the write if it has not started yet
 * @callback: called on completion, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Does lectern_article_store_add_highlight() on the store's worker thread. Finish with
 * lectern_article_store_add_highlight_finish().
 */
void
lectern_article_store_add_highlight_async (LecternArticleStore *self,
                                           LecternHighlight    *highlight,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (highlight));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_new_highlight (highlight, &error)) {
    g_task_report_error (self, callback, user_data, lectern_article_store_add_highlight_async,
                         g_steal_pointer (&error));
    return;
  }

  write_async (self, add_highlight_op_new (highlight), lectern_article_store_add_highlight_async,
               cancellable, callback, user_data);
}

/**
 * lectern_article_store_add_highlight_finish:
 * @self: a #LecternArticleStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: the new highlight's id, or 0 with @error set
 */
gint64
lectern_article_store_add_highlight_finish (LecternArticleStore  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  WriteOp *op;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  lectern_article_store_add_highlight_async),
                        0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;

  op = g_task_get_task_data (G_TASK (result));
  return op->highlight_id;
}

static WriteOp *
update_highlight_op_new (gint64                 id,
                         LecternHighlightColor  color,
                         const char            *note)
{
  WriteOp *op = write_op_new (WRITE_UPDATE_HIGHLIGHT, 0);

  op->highlight_id = id;
  op->color = color;
  op->note = lectern_highlight_clean_note (note);
  return op;
}

/**
 * lectern_article_store_update_highlight:
 * @self: a #LecternArticleStore
 * @id: the highlight's id
 * @color: its colour
 * @note: (nullable): its note, cleaned as lectern_highlight_set_note() does; %NULL or
 *   blank for none
 * @error: return location for a #GError
 *
 * Changes a highlight's colour and note, and emits
 * #LecternArticleStore::highlights-changed if either changed.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND for no such highlight
 */
gboolean
lectern_article_store_update_highlight (LecternArticleStore    *self,
                                        gint64                  id,
                                        LecternHighlightColor   color,
                                        const char             *note,
                                        GError                **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (color < LECTERN_N_HIGHLIGHT_COLORS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = update_highlight_op_new (id, color, note);
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_update_highlight_async:
 *
 * Does lectern_article_store_update_highlight() on the store's worker thread. Finish
 * with lectern_article_store_write_finish().
 */
void
lectern_article_store_update_highlight_async (LecternArticleStore   *self,
                                              gint64                 id,
                                              LecternHighlightColor  color,
                                              const char            *note,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (color < LECTERN_N_HIGHLIGHT_COLORS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write_async (self, update_highlight_op_new (id, color, note),
               lectern_article_store_update_highlight_async, cancellable, callback, user_data);
}

/**
 * lectern_article_store_remove_highlight:
 * @self: a #LecternArticleStore
 * @id: the highlight's id
 * @error: return location for a #GError
 *
 * Removes a highlight and emits #LecternArticleStore::highlights-changed. To undo it,
 * add a copy of the highlight again: it keeps its times, colour and note.
 *
 * Returns: %TRUE on success; %LECTERN_DATABASE_ERROR_NOT_FOUND for no such highlight
 */
gboolean
lectern_article_store_remove_highlight (LecternArticleStore  *self,
                                        gint64                id,
                                        GError              **error)
{
  g_autoptr (WriteOp) op = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = write_op_new (WRITE_REMOVE_HIGHLIGHT, 0);
  op->highlight_id = id;
  return write_sync (self, op, error);
}

/**
 * lectern_article_store_remove_highlight_async:
 *
 * Does lectern_article_store_remove_highlight() on the store's worker thread. Finish
 * with lectern_article_store_write_finish().
 */
void
lectern_article_store_remove_highlight_async (LecternArticleStore *self,
                                              gint64               id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (LECTERN_IS_ARTICLE_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = write_op_new (WRITE_REMOVE_HIGHLIGHT, 0);
  op->highlight_id = id;
  write_async (self, op, lectern_article_store_remove_highlight_async,
               cancellable, callback, user_data);
}

/**
 * lectern_article_store_list_highlights:
 * @self: a #LecternArticleStore
 * @article_id: the article whose highlights to list, or 0 for every article's
 * @query: (nullable): keeps the highlights whose passage or note has its words (and
 *   none of its excluded words)
 * @error: return location for a #GError
 *
 * Lists highlights, newest first, each with #LecternHighlight:article-title set. The
 * highlights of a deleted article are not listed (they come back with Undo).
 *
 * Returns: (transfer container) (element-type LecternHighlight): the highlights, or
 *   %NULL with @error set
 */
GPtrArray *
lectern_article_store_list_highlights (LecternArticleStore  *self,
                                       gint64                article_id,
                                       LecternQuery         *query,
                                       GError              **error)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GString) sql = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *match = query ? lectern_query_get_match (query) : NULL;
  const char *exclude = query ? lectern_query_get_exclude_match (query) : NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->reader) {
    set_closed_error (error);
    return NULL;
  }

  sql = g_string_new ("SELECT " HIGHLIGHT_COLUMNS " FROM highlights AS h"
                      " JOIN articles AS a ON a.id = h.article_id"
                      " WHERE a.deleted_at IS NULL AND (?1 = 0 OR h.article_id = ?1)");
  if (match)
    g_string_append (sql, " AND h.id IN (SELECT rowid FROM highlight_search"
                          "  WHERE highlight_search MATCH ?2)");
  if (exclude)
    g_string_append (sql, " AND h.id NOT IN (SELECT rowid FROM highlight_search"
                          "  WHERE highlight_search MATCH ?3)");
  g_string_append (sql, " ORDER BY h.created_at DESC, h.id DESC");

  stmt = lectern_database_prepare (self->reader, sql->str, error);
  if (!stmt)
    return NULL;

  lectern_statement_bind_int64 (stmt, 0, article_id);
  if (match)
    lectern_statement_bind_text (stmt, 1, match);
  if (exclude)
    lectern_statement_bind_text (stmt, 2, exclude);

  highlights = g_ptr_array_new_with_free_func (g_object_unref);
  while (lectern_statement_step (stmt, &local_error))
    g_ptr_array_add (highlights, highlight_from_row (stmt));

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  return g_steal_pointer (&highlights);
}
