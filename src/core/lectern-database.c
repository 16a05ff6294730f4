/* lectern-database.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"

#include "lectern-search-rank.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-tokenizer.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* A reader waits this long for a writer (and a writer for another writer, in this process
 * or another) before giving up. In WAL mode readers do not wait for writers at all; this
 * covers checkpoints and recovery.
 */
#define BUSY_TIMEOUT_MS 5000

/* How long to sleep before trying again to start a write that SQLite's busy handler gave
 * back early.
 */
#define BUSY_RETRY_US 10000

struct _LecternDatabase
{
  GObject parent_instance;

  /* Owned */
  sqlite3 *db;
  char *path;
  char *moved_aside;
  int version;
  gboolean read_only;
  /* Statements done with, by their SQL, for the next prepare of the same SQL: parsing
   * and planning a statement costs more than running most of ours. Guarded by
   * cache_lock, since a statement may be released on any thread.
   */
  GHashTable *cache;
  GMutex cache_lock;
};

/* How many statements a connection keeps prepared. */
#define MAX_CACHED_STATEMENTS 128

G_DEFINE_FINAL_TYPE (LecternDatabase, lectern_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (lectern-database-error-quark, lectern_database_error)

static gboolean force_read_only;
static int max_version;
static int busy_timeout_ms = BUSY_TIMEOUT_MS;

/* The schema, one step per version: migrations[0] takes a library from version 0 (empty)
 * to 1, and so on. Each step runs in one transaction and ends by setting user_version, so a
 * step is either applied whole or not at all. Never edit a step that has shipped; add one.
 *
 * The big text columns come last: SQLite reads a row's columns in order, and a column
 * stored after a 5 MB body would first walk the body's overflow pages.
 */
static const char * const migrations[] = {
  /* 1: the articles. */
  "CREATE TABLE articles ("
  "  id INTEGER PRIMARY KEY,"
  "  url TEXT NOT NULL,"
  "  canonical_url TEXT,"
  "  title TEXT,"
  "  byline TEXT,"
  "  site_name TEXT,"
  "  language TEXT,"
  "  direction TEXT NOT NULL DEFAULT 'auto' CHECK (direction IN ('auto', 'ltr', 'rtl')),"
  "  excerpt TEXT,"
  "  lead_image TEXT,"
  "  published_at INTEGER,"
  "  saved_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  word_count INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0),"
  "  char_count INTEGER NOT NULL DEFAULT 0 CHECK (char_count >= 0),"
  "  reading_minutes INTEGER NOT NULL DEFAULT 0 CHECK (reading_minutes >= 0),"
  "  read_at INTEGER,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),"
  "  starred_at INTEGER,"
  "  progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),"
  "  progress_anchor TEXT,"
  "  save_state INTEGER NOT NULL DEFAULT 0 CHECK (save_state IN (0, 1, 2)),"
  "  save_error TEXT,"
  "  deleted_at INTEGER,"
  "  body_html TEXT,"
  "  plain_text TEXT"
  ");"
  /* The list and count queries scan one of these two in order and test the filter
   * columns in the index itself, so listing 100,000 ids never reads a row. deleted_at is
   * always NULL in them, but SQLite counts an index as covering only if it names every
   * column the query does.
   */
  "CREATE INDEX articles_by_saved_at ON articles"
  "  (saved_at, id, read_at, archived, starred, deleted_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX articles_by_length ON articles"
  "  (reading_minutes, word_count, id, read_at, archived, starred, deleted_at)"
  "  WHERE deleted_at IS NULL;"
  "CREATE INDEX articles_by_canonical_url ON articles (canonical_url);"
  "CREATE INDEX articles_deleted ON articles (deleted_at) WHERE deleted_at IS NOT NULL;"
  "PRAGMA user_version = 1;",

  /* 2: saving. normalized_url is the address the user saved, normalised by
   * lectern_url_normalize (), for duplicate detection; rows of version 1 keep NULL there.
   * Images live in the library itself, stored once by the SHA-256 of their bytes, so one
   * transaction writes an article and its images together.
   */
  "ALTER TABLE articles ADD COLUMN normalized_url TEXT;"
  "CREATE INDEX articles_by_normalized_url ON articles (normalized_url);"
  /* Start-up lists the saves still waiting, without reading every row. */
  "CREATE INDEX articles_pending ON articles (id, deleted_at) WHERE save_state = 1;"
  "CREATE TABLE images ("
  "  sha256 TEXT PRIMARY KEY,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL CHECK (size >= 0),"
  "  data BLOB NOT NULL"
  ");"
  "CREATE TABLE article_images ("
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL REFERENCES images (sha256),"
  "  PRIMARY KEY (article_id, sha256)"
  ") WITHOUT ROWID;"
  /* Finds whether any article still uses an image, and makes deleting one fast. */
  "CREATE INDEX article_images_by_sha256 ON article_images (sha256);"
  "PRAGMA user_version = 2;",

  /* 3: who is saving what. A row here marks an article a save has claimed: which store
   * (owner, a LecternOwner id) since when, and how many saves of it started and never
   * ended, to stop trying a page that keeps Lectern from finishing. Its own table keeps
   * the articles' big columns last, and its rows go with their article.
   */
  "CREATE TABLE saves ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
  "  owner TEXT,"
  "  claimed_at INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)"
  ");"
  "PRAGMA user_version = 3;",

  /* 4: one visible article per address. Two processes that saved one new address at
   * once could each add a row; those rows go first, and the index then refuses another.
   * Per address the row kept is a saved one, the one changed last. The others that were
   * never saved (pending or failed: no text, no images) go, and their flags carry over to
   * it; others that were saved stay, with their text, but no longer claim the address.
   * Deleted rows waiting for their purge are not counted; bringing one back gives up the
   * address if another row has it by then.
   */
  "CREATE TEMP TABLE duplicates AS"
  "  SELECT id, first_value (id) OVER by_address AS keeper,"
  "         row_number () OVER by_address AS rank"
  "  FROM articles"
  "  WHERE normalized_url IS NOT NULL AND deleted_at IS NULL"
  "  WINDOW by_address AS (PARTITION BY normalized_url"
  "                        ORDER BY save_state = 0 DESC, updated_at DESC, id DESC);"
  "DELETE FROM temp.duplicates WHERE rank = 1;"
  "UPDATE articles SET"
  "  starred = max (articles.starred, merged.starred),"
  "  starred_at = coalesce (articles.starred_at, merged.starred_at),"
  "  archived = max (articles.archived, merged.archived),"
  "  read_at = coalesce (articles.read_at, merged.read_at)"
  "  FROM (SELECT d.keeper, max (a.starred) AS starred, min (a.starred_at) AS starred_at,"
  "               max (a.archived) AS archived, min (a.read_at) AS read_at"
  "        FROM temp.duplicates AS d JOIN articles AS a ON a.id = d.id"
  "        WHERE a.save_state != 0 GROUP BY d.keeper) AS merged"
  "  WHERE articles.id = merged.keeper;"
  "DELETE FROM articles"
  "  WHERE id IN (SELECT id FROM temp.duplicates) AND save_state != 0;"
  "UPDATE articles SET normalized_url = NULL"
  "  WHERE id IN (SELECT id FROM temp.duplicates);"
  "DROP TABLE temp.duplicates;"
  /* Beside the index of version 2, which lookups keep using: SQLite cannot use a partial
   * index for one side of an OR, and the lookup by address is an OR with the canonical
   * address.
   */
  "CREATE UNIQUE INDEX articles_unique_normalized_url ON articles (normalized_url)"
  "  WHERE deleted_at IS NULL;"
  "PRAGMA user_version = 4;",

  /* 5: tags and search. A tag keeps the name as first written and is found by its key
   * (lectern_tag_key: NFC, case-folded), so "Rust" and "rust" are one tag.
   */
  "CREATE TABLE tags ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  key TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE article_tags ("
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (article_id, tag_id)"
  ") WITHOUT ROWID;"
  /* Lists a tag's articles, and makes deleting a tag fast. */
  "CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);"
  /* How many visible articles of each list have each tag, kept by every write, so the
   * sidebar's counts cost nothing in a library of a million.
   */
  "CREATE TABLE tag_counts ("
  "  tag_id INTEGER PRIMARY KEY REFERENCES tags (id) ON DELETE CASCADE,"
  "  n_all INTEGER NOT NULL DEFAULT 0,"
  "  n_unread INTEGER NOT NULL DEFAULT 0,"
  "  n_favourites INTEGER NOT NULL DEFAULT 0,"
  "  n_archive INTEGER NOT NULL DEFAULT 0"
  ");"
  /* What the search index holds for each visible article. The index reads its text from
   * here (external content), so the body is stored once, in articles. A deleted article
   * is not in the view, hence not in the index. The tags come in the order they were
   * created, always the same, because FTS5 removes an article from the index by
   * tokenizing the same text again.
   */
  "CREATE VIEW search_source AS"
  "  SELECT id, title, byline, site_name, lectern_url_host (url) AS host,"
  "    (SELECT group_concat (name, ' ') FROM"
  "      (SELECT t.name AS name FROM article_tags AS at JOIN tags AS t ON t.id = at.tag_id"
  "       WHERE at.article_id = articles.id ORDER BY t.id)) AS tags,"
  "    plain_text"
  "  FROM articles WHERE deleted_at IS NULL;"
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  title, byline, site_name, host, tags, plain_text,"
  "  content = 'search_source', content_rowid = 'id', tokenize = 'lectern');"
  /* Ranking: the title counts most, the body least. */
  "INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 3.0, 6.0, 1.0)');"
  /* The articles already in the library are indexed afterwards, a batch per transaction
   * (see lectern_article_store_build_index_step ()), so that a library of a million
   * articles is not locked for minutes: every id up to last_id that is above done_id
   * still waits. Articles added or changed meanwhile above last_id are indexed as they
   * are written. No row: nothing waits.
   */
  "CREATE TABLE search_backlog ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  done_id INTEGER NOT NULL,"
  "  last_id INTEGER NOT NULL,"
  "  done INTEGER NOT NULL,"
  "  total INTEGER NOT NULL"
  ");"
  "INSERT INTO search_backlog (id, done_id, last_id, done, total)"
  "  SELECT 1, 0, max (id), 0, count (*) FROM articles HAVING count (*) > 0;"
  /* Which LECTERN_TOKENIZER_VERSION made the index: see check_tokenizer (). No row yet:
   * the first open indexes the library with the tokenizer it has.
   */
  "CREATE TABLE search_meta ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  tokenizer INTEGER NOT NULL"
  ");"
  "PRAGMA user_version = 5;",

  /* 6: the index keeps the prefixes of three characters of its words, so that a word
   * being typed ("the", for "theory") reads one list of articles instead of merging the
   * lists of every word it starts: 0.3 ms against 18 ms at 100,000 articles, for an index
   * 12% larger. Chinese and Japanese pairs have only two characters and add nothing.
   * FTS5 takes the option only when a table is made, so the index is made again, in the
   * background, as after migration 5. The weights of its columns moved to
   * lectern_rank() (lectern-search-rank.c).
   */
  "DROP TABLE search;"
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  title, byline, site_name, host, tags, plain_text,"
  "  content = 'search_source', content_rowid = 'id', tokenize = 'lectern', prefix = '3');"
  "DELETE FROM search_backlog;"
  "INSERT INTO search_backlog (id, done_id, last_id, done, total)"
  "  SELECT 1, 0, max (id), 0, count (*) FROM articles HAVING count (*) > 0;"
  /* A search under a filter tests the states of each match: from this index, 30 bytes an
   * article, rather than from the article's row, a page of its own (5 µs against 0.5 µs).
   * It names deleted_at for the reason given in migration 1.
   */
  "CREATE INDEX articles_states ON articles (id, read_at, archived, starred, deleted_at)"
  "  WHERE deleted_at IS NULL;"
  /* How many visible articles each list has, for the sidebar and the window's first
   * frame: counting them means reading a million index entries, 200 ms. Kept by
   * triggers, so that every write of the four columns keeps it, whichever code makes it.
   */
  "CREATE TABLE list_counts ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  n_unread INTEGER NOT NULL,"
  "  n_favourites INTEGER NOT NULL,"
  "  n_archive INTEGER NOT NULL,"
  "  n_all INTEGER NOT NULL"
  ");"
  "INSERT INTO list_counts (id, n_unread, n_favourites, n_archive, n_all)"
  "  SELECT 1,"
  "    count (*) FILTER (WHERE read_at IS NULL AND archived = 0),"
  "    count (*) FILTER (WHERE starred = 1),"
  "    count (*) FILTER (WHERE archived = 1),"
  "    count (*)"
  "  FROM articles WHERE deleted_at IS NULL;"
  "CREATE TRIGGER articles_counted_insert AFTER INSERT ON articles"
  "  WHEN NEW.deleted_at IS NULL BEGIN"
  "    UPDATE list_counts SET"
  "      n_unread = n_unread + (NEW.read_at IS NULL AND NEW.archived = 0),"
  "      n_favourites = n_favourites + (NEW.starred = 1),"
  "      n_archive = n_archive + (NEW.archived = 1),"
  "      n_all = n_all + 1;"
  "  END;"
  "CREATE TRIGGER articles_counted_delete AFTER DELETE ON articles"
  "  WHEN OLD.deleted_at IS NULL BEGIN"
  "    UPDATE list_counts SET"
  "      n_unread = n_unread - (OLD.read_at IS NULL AND OLD.archived = 0),"
  "      n_favourites = n_favourites - (OLD.starred = 1),"
  "      n_archive = n_archive - (OLD.archived = 1),"
  "      n_all = n_all - 1;"
  "  END;"
  "CREATE TRIGGER articles_counted_update"
  "  AFTER UPDATE OF read_at, archived, starred, deleted_at ON articles BEGIN"
  "    UPDATE list_counts SET"
  "      n_unread = n_unread"
  "        - (OLD.deleted_at IS NULL AND OLD.read_at IS NULL AND OLD.archived = 0)"
  "        + (NEW.deleted_at IS NULL AND NEW.read_at IS NULL AND NEW.archived = 0),"
  "      n_favourites = n_favourites"
  "        - (OLD.deleted_at IS NULL AND OLD.starred = 1)"
  "        + (NEW.deleted_at IS NULL AND NEW.starred = 1),"
  "      n_archive = n_archive"
  "        - (OLD.deleted_at IS NULL AND OLD.archived = 1)"
  "        + (NEW.deleted_at IS NULL AND NEW.archived = 1),"
  "      n_all = n_all - (OLD.deleted_at IS NULL) + (NEW.deleted_at IS NULL);"
  "  END;"
  "PRAGMA user_version = 6;",

  /* 7: articles an import brought with their body (wallabag's and Omnivore's exports
   * carry it). The body waits here, as the export had it, until the saver makes the
   * article from it instead of fetching the page; then it goes.
   */
  "CREATE TABLE carried_bodies ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
  "  html TEXT NOT NULL"
  ");"
  "PRAGMA user_version = 7;",

  /* 8: highlights, each anchored in its article's text by a quote and a position (see
   * LecternTextSelector), and their own search index over the passage and the note.
   * They go with their article when it is purged; while it is deleted, waiting for Undo,
   * they stay and are not listed.
   */
  "CREATE TABLE highlights ("
  "  id INTEGER PRIMARY KEY,"
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  color TEXT NOT NULL DEFAULT 'yellow'"
  "    CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),"
  "  note TEXT,"
  "  exact TEXT NOT NULL,"
  "  prefix TEXT NOT NULL DEFAULT '',"
  "  suffix TEXT NOT NULL DEFAULT '',"
  "  start_offset INTEGER NOT NULL DEFAULT 0,"
  "  end_offset INTEGER NOT NULL DEFAULT 0,"
  "  found INTEGER NOT NULL DEFAULT 1 CHECK (found IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX highlights_by_article ON highlights (article_id, start_offset);"
  "CREATE INDEX highlights_by_created_at ON highlights (created_at, id);"
  "CREATE VIRTUAL TABLE highlight_search USING fts5 ("
  "  exact, note,"
  "  content = 'highlights', content_rowid = 'id', tokenize = 'lectern', prefix = '3');"
  "CREATE TRIGGER highlights_indexed_insert AFTER INSERT ON highlights BEGIN"
  "    INSERT INTO highlight_search (rowid, exact, note) VALUES (NEW.id, NEW.exact, NEW.note);"
  "  END;"
  "CREATE TRIGGER highlights_indexed_delete AFTER DELETE ON highlights BEGIN"
  "    INSERT INTO highlight_search (highlight_search, rowid, exact, note)"
  "      VALUES ('delete', OLD.id, OLD.exact, OLD.note);"
  "  END;"
  "CREATE TRIGGER highlights_indexed_update AFTER UPDATE OF exact, note ON highlights BEGIN"
  "    INSERT INTO highlight_search (highlight_search, rowid, exact, note)"
  "      VALUES ('delete', OLD.id, OLD.exact, OLD.note);"
  "    INSERT INTO highlight_search (rowid, exact, note) VALUES (NEW.id, NEW.exact, NEW.note);"
  "  END;"
  "PRAGMA user_version = 8;",

  /* 9: what each date says. A date the page gave without a time of day is stored as
   * midnight UTC of that day, and shown as that day wherever the reader is; a date with a
   * time is an instant, shown in the reader's zone. published_precision says which
   * ('day' or 'minute'; NULL without a date). The page's own date of its last change
   * comes with one too. Rows from before were told apart by the time alone, midnight UTC
   * being a day, so they get their precision by that rule and show as they did.
   * The columns come after the bodies, so only a full read of an article reads them.
   */
  "ALTER TABLE articles ADD COLUMN published_precision TEXT"
  "  CHECK (published_precision IS NULL OR"
  "         (published_at IS NOT NULL AND"
  "          (published_precision = 'minute' OR"
  "           (published_precision = 'day' AND published_at % 86400000000 = 0))));"
  "ALTER TABLE articles ADD COLUMN modified_at INTEGER;"
  "ALTER TABLE articles ADD COLUMN modified_precision TEXT"
  "  CHECK (modified_precision IS NULL OR"
  "         (modified_at IS NOT NULL AND"
  "          (modified_precision = 'minute' OR"
  "           (modified_precision = 'day' AND modified_at % 86400000000 = 0))));"
  "UPDATE articles SET published_precision ="
  "  CASE WHEN published_at % 86400000000 = 0 THEN 'day' ELSE 'minute' END"
  "  WHERE published_at IS NOT NULL AND published_at != 0;"
  "PRAGMA user_version = 9;",
};

#define LATEST_VERSION ((int)G_N_ELEMENTS (migrations))

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LECTERN_DATABASE_VERSION);

/* The cached statements must go before their connection. */
static void
clear_cache (LecternDatabase *self)
{
  g_mutex_lock (&self->cache_lock);
  g_hash_table_remove_all (self->cache);
  g_mutex_unlock (&self->cache_lock);
}

static void
lectern_database_finalize (GObject *object)
{
  LecternDatabase *self = (LecternDatabase *)object;

  clear_cache (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_mutex_clear (&self->cache_lock);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->moved_aside, g_free);

  G_OBJECT_CLASS (lectern_database_parent_class)->finalize (object);
}

static void
lectern_database_class_init (LecternDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lectern_database_finalize;
}

static void
lectern_database_init (LecternDatabase *self)
{
  g_mutex_init (&self->cache_lock);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)sqlite3_finalize);
}

static LecternDatabaseError
error_code_from_sqlite (sqlite3 *db,
                        int      rc)
{
  /* The one unique index a write can run into is the one on the article's address. */
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    return LECTERN_DATABASE_ERROR_EXISTS;

  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return LECTERN_DATABASE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return LECTERN_DATABASE_ERROR_OPEN;
    case SQLITE_READONLY:
      return LECTERN_DATABASE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return LECTERN_DATABASE_ERROR_BUSY;
    case SQLITE_FULL:
      return LECTERN_DATABASE_ERROR_FULL;
    case SQLITE_IOERR:
      /* A write that fails for lack of space can surface as an I/O error. */
      if (db && sqlite3_system_errno (db) == ENOSPC)
        return LECTERN_DATABASE_ERROR_FULL;
      return LECTERN_DATABASE_ERROR_FAILED;
    default:
      return LECTERN_DATABASE_ERROR_FAILED;
  }
}

static const char *
error_code_to_message (LecternDatabaseError code)
{
  switch (code) {
    case LECTERN_DATABASE_ERROR_CORRUPT:
      return _("The library is damaged or is not a Lectern library");
    case LECTERN_DATABASE_ERROR_OPEN:
      return _("The library could not be opened");
    case LECTERN_DATABASE_ERROR_READ_ONLY:
      return _("The library cannot be changed because it is read-only");
    case LECTERN_DATABASE_ERROR_FULL:
      return _("The disk is full");
    case LECTERN_DATABASE_ERROR_TOO_NEW:
      return _("The library was saved by a newer version of Lectern");
    case LECTERN_DATABASE_ERROR_NOT_FOUND:
      return _("The article no longer exists");
    case LECTERN_DATABASE_ERROR_EXISTS:
      return _("The article is in the library already");
    /* SQLite's own message, appended, says that the library is locked. */
    case LECTERN_DATABASE_ERROR_BUSY:
    case LECTERN_DATABASE_ERROR_FAILED:
    default:
      return _("The library could not be read or written");
  }
}

/**
 * _lectern_database_set_error:
 * @error: (nullable): the error to set
 * @db: (nullable): the connection that failed, for its message
 * @rc: the SQLite result code
 *
 * Sets @error to the #LecternDatabaseError for @rc, with a message a reader understands
 * followed by SQLite's own, for the log.
 */
void
_lectern_database_set_error (GError  **error,
                             sqlite3  *db,
                             int       rc)
{
  LecternDatabaseError code = error_code_from_sqlite (db, rc);
  const char *detail;

  /* sqlite3_errmsg () describes the last call on the connection, which is the one that
   * failed as long as it is asked at once; without a connection only the code is known.
   */
  if (db && (sqlite3_extended_errcode (db) & 0xff) == (rc & 0xff))
    detail = sqlite3_errmsg (db);
  else
    detail = sqlite3_errstr (rc);

  g_set_error (error, LECTERN_DATABASE_ERROR, code, "%s (%s)",
               error_code_to_message (code), detail);
}

sqlite3 *
_lectern_database_get_handle (LecternDatabase *self)
{
  g_assert (LECTERN_IS_DATABASE (self));

  return self->db;
}

void
_lectern_database_set_force_read_only (gboolean force)
{
  force_read_only = !!force;
}

void
_lectern_database_set_max_version (int version)
{
  max_version = CLAMP (version, 0, LATEST_VERSION);
}

void
_lectern_database_set_busy_timeout (int timeout_ms)
{
  busy_timeout_ms = timeout_ms > 0 ? timeout_ms : BUSY_TIMEOUT_MS;
}

static gboolean
query_int (LecternDatabase  *self,
           const char       *sql,
           int              *value,
           GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, 0, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW) {
    _lectern_database_set_error (error, self->db, rc);
    return FALSE;
  }

  *value = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Runs every statement in @sql, one after another, like sqlite3_exec () but through
 * sqlite3_prepare_v3 (). Returns SQLITE_OK or the code of the first failure, with the
 * connection's error message describing it.
 */
static int
run_sql (LecternDatabase *self,
         const char      *sql)
{
  const char *tail = sql;

  while (tail && *tail) {
    g_autoptr (sqlite3_stmt) stmt = NULL;
    int rc;

    rc = sqlite3_prepare_v3 (self->db, tail, -1, 0, &stmt, &tail);
    if (rc != SQLITE_OK)
      return rc;

    /* Only white space or a comment was left. */
    if (!stmt)
      break;

    do
      rc = sqlite3_step (stmt);
    while (rc == SQLITE_ROW);

    if (rc != SQLITE_DONE)
      return rc;
  }

  return SQLITE_OK;
}

static gboolean
exec_sql (LecternDatabase  *self,
          const char       *sql,
          GError          **error)
{
  int rc = run_sql (self, sql);

  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, self->db, rc);
    return FALSE;
  }

  return TRUE;
}

/* The moment a statement that waits for a lock gives up. */
static gint64
busy_deadline (void)
{
  return g_get_monotonic_time () + busy_timeout_ms * G_TIME_SPAN_MILLISECOND;
}

/* Whether a statement that failed with @rc should run again: SQLite's busy handler already
 * waits for locks, but gives some contention back at once, when waiting could deadlock or
 * while another process recovers the WAL index. Sleeps a little before saying yes.
 */
static gboolean
may_retry (int    rc,
           gint64 deadline)
{
  if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
    return FALSE;

  g_usleep (BUSY_RETRY_US);
  return TRUE;
}

static gboolean
set_journal_mode_wal (LecternDatabase  *self,
                      GError          **error)
{
  gint64 deadline = busy_deadline ();

  for (;;) {
    g_autoptr (sqlite3_stmt) stmt = NULL;
    const char *mode;
    int rc;

    /* Switching a new library to WAL needs it to itself for a moment. SQLite does not wait
     * for that when another process is reading it, as happens when several processes
     * create the library at once.
     */
    rc = sqlite3_prepare_v3 (self->db, "PRAGMA journal_mode = WAL", -1, 0, &stmt, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_step (stmt);

    if (rc != SQLITE_ROW) {
      if (may_retry (rc, deadline))
        continue;

      _lectern_database_set_error (error, self->db, rc);
      return FALSE;
    }

    /* SQLite keeps the old mode when the file system cannot share memory between
     * processes; the library still works, only readers then wait for the writer.
     */
    mode = (const char *)sqlite3_column_text (stmt, 0);
    if (g_strcmp0 (mode, "wal") != 0)
      g_message ("Library %s stays in journal mode %s: WAL is not available",
                 self->path, mode);

    return TRUE;
  }
}

/* Starts a write transaction, waiting for any other writer of the library, in this
 * process or another. SQLite's busy handler waits for the write lock, and for a recovery
 * of the WAL index that another process runs; what it still reports busy before the time
 * is up (a snapshot gone stale meanwhile, say) is tried again here, so a write fails only
 * once the whole timeout has passed.
 */
static gboolean
begin_immediate (LecternDatabase  *self,
                 GError          **error)
{
  gint64 deadline = busy_deadline ();

  for (;;) {
    int rc = run_sql (self, "BEGIN IMMEDIATE");

    if (rc == SQLITE_OK)
      return TRUE;

    if (!may_retry (rc, deadline)) {
      _lectern_database_set_error (error, self->db, rc);
      return FALSE;
    }
  }
}

static void
set_too_new_error (LecternDatabase  *self,
                   GError          **error)
{
  g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_TOO_NEW,
               _("The library was saved by a newer version of Lectern (version %d; "
                 "this version knows up to %d)"),
               self->version, LATEST_VERSION);
}

/* Makes the index of the library one that the tokenizer of this build made. FTS5 takes an
 * article out of the index by tokenizing its text again: an index made by a tokenizer that
 * cut the same text otherwise could neither lose nor find articles rightly. Such an index
 * is emptied and the whole library waits to be indexed again, in batches, as the index of
 * an older library does (see search_backlog). An index that is right is not locked.
 */
static gboolean
check_tokenizer (LecternDatabase  *self,
                 GError          **error)
{
  g_autofree char *reset = NULL;
  const char *sql = "SELECT coalesce ((SELECT tokenizer FROM search_meta), 0)";
  int version;

  if (self->version < 5)
    return TRUE;

  if (!query_int (self, sql, &version, error))
    return FALSE;
  if (version == LECTERN_TOKENIZER_VERSION)
    return TRUE;

  if (!begin_immediate (self, error))
    return FALSE;
  /* Another process may have done it while this one waited for the lock. */
  if (!query_int (self, sql, &version, error))
    goto failed;
  if (version == LECTERN_TOKENIZER_VERSION)
    return exec_sql (self, "ROLLBACK", error);

  reset = g_strdup_printf ("INSERT INTO search (search) VALUES ('delete-all');"
                           "DELETE FROM search_backlog;"
                           "INSERT INTO search_backlog (id, done_id, last_id, done, total)"
                           "  SELECT 1, 0, max (id), 0, count (*) FROM articles"
                           "  HAVING count (*) > 0;"
                           "%s"
                           "INSERT OR REPLACE INTO search_meta (id, tokenizer) VALUES (1, %d);",
                           self->version >= 8
                             ? "INSERT INTO highlight_search (highlight_search)"
                               " VALUES ('rebuild');"
                             : "",
                           LECTERN_TOKENIZER_VERSION);
  if (!exec_sql (self, reset, error) || !exec_sql (self, "COMMIT", error))
    goto failed;
  return TRUE;

failed:
  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self, "ROLLBACK", NULL);
  return FALSE;
}

/* Brings the schema up to date. A library that is up to date, which is every open but the
 * first, is not written to, not even locked: another process may be in the middle of a
 * long write, and opening must neither wait for it nor get in its way.
 */
static gboolean
migrate (LecternDatabase  *self,
         GError          **error)
{
  int target = max_version > 0 ? max_version : LATEST_VERSION;

  while (self->version < target) {
    int version;
    int new_version;

    if (!begin_immediate (self, error))
      return FALSE;

    /* Another process may have upgraded the library while this one waited for the lock:
     * two `lectern --save` runs on a new library both find it empty.
     */
    if (!query_int (self, "PRAGMA user_version", &version, error))
      goto failed;

    if (version >= target) {
      exec_sql (self, "ROLLBACK", NULL);
      self->version = version;
      if (version > LATEST_VERSION) {
        set_too_new_error (self, error);
        return FALSE;
      }
      return TRUE;
    }

    if (!exec_sql (self, migrations[version], error) ||
        !query_int (self, "PRAGMA user_version", &new_version, error) ||
        !exec_sql (self, "COMMIT", error))
      goto failed;

    /* A step that forgets to set user_version would loop for ever. */
    g_assert (new_version == version + 1);
    self->version = new_version;
  }

  return TRUE;

failed:
  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self, "ROLLBACK", NULL);
  return FALSE;
}

/* SQLite only notices that a file is not a database once it reads it, and by then it may
 * have replayed or deleted a -wal file lying next to it. So the header is checked first,
 * right after opening, before any statement runs. Returns FALSE only for a file that is
 * not empty and does not start with SQLite's magic string; anything it cannot read is left
 * for SQLite to report.
 *
 * The header is read through SQLite's own handle on the file, never with open () and
 * close () of our own. SQLite locks the library with POSIX advisory locks, and those
 * belong to the process: closing any descriptor of the file drops every lock the process
 * holds on it, those of its other open connections included. A connection left without
 * its lock lets the next process that closes the library think it was the last user; that
 * process then checkpoints and deletes the -wal and -shm files, and whatever this process
 * writes afterwards goes to a deleted file no other process ever sees. SQLite's handle
 * keeps the descriptor open until its locks are released, so reading through it is safe.
 */
static gboolean
header_looks_right (LecternDatabase *self)
{
  static const char magic[16] = "SQLite format 3";
  char header[sizeof magic];
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;

  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      !file || !file->pMethods)
    return TRUE;

  if (file->pMethods->xFileSize (file, &size) != SQLITE_OK)
    return TRUE;

  /* An empty file is an empty database. */
  if (size == 0)
    return TRUE;

  if (size < (sqlite3_int64)sizeof header)
    return FALSE;

  if (file->pMethods->xRead (file, header, sizeof header, 0) != SQLITE_OK)
    return TRUE;

  return memcmp (header, magic, sizeof magic) == 0;
}

/* Reads the schema version and counts the schema's objects from one snapshot: read apart,
 * another process could create the schema in between, and a library being created would
 * look like some other program's database.
 */
static gboolean
read_schema_state (LecternDatabase  *self,
                   int              *n_objects,
                   GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (self->db,
                           "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master)",
                           -1, 0, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW) {
    _lectern_database_set_error (error, self->db, rc);
    return FALSE;
  }

  self->version = sqlite3_column_int (stmt, 0);
  *n_objects = sqlite3_column_int (stmt, 1);
  return TRUE;
}

/* The host of an address, lower-case, without user or port; NULL for an address without
 * one (file:). The search index holds it, and site: compares with it.
 */
static char *
url_host (const char *url)
{
  const char *start;
  const char *end;
  const char *at;

  if (!url || !(start = strstr (url, "://")))
    return NULL;

  start += 3;
  end = start + strcspn (start, "/?#\\");

  /* user:password@host */
  at = g_strrstr_len (start, end - start, "@");
  if (at)
    start = at + 1;

  /* host:port, but not an IPv6 address [::1] */
  if (*start != '[') {
    const char *colon = memchr (start, ':', end - start);

    if (colon)
      end = colon;
  }

  if (end == start)
    return NULL;

  return g_ascii_strdown (start, end - start);
}

/* lectern_url_host (URL) */
static void
url_host_func (sqlite3_context  *context,
               int               n_args,
               sqlite3_value   **args)
{
  g_autofree char *host = NULL;

  g_assert (n_args == 1);

  host = url_host ((const char *)sqlite3_value_text (args[0]));
  if (host)
    sqlite3_result_text (context, host, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

/* lectern_url_in_site (URL, SITE): whether the host of URL is SITE (lower-case) or one of
 * its subdomains, for site: in a search.
 */
static void
url_in_site_func (sqlite3_context  *context,
                  int               n_args,
                  sqlite3_value   **args)
{
  g_autofree char *host = NULL;
  const char *site;
  gsize host_length;
  gsize site_length;
  gboolean in_site = FALSE;

  g_assert (n_args == 2);

  host = url_host ((const char *)sqlite3_value_text (args[0]));
  site = (const char *)sqlite3_value_text (args[1]);

  if (host && site && *site) {
    host_length = strlen (host);
    site_length = strlen (site);
    in_site = strcmp (host, site) == 0 ||
              (host_length > site_length &&
               host[host_length - site_length - 1] == '.' &&
               strcmp (host + host_length - site_length, site) == 0);
  }

  sqlite3_result_int (context, in_site);
}

/* FTS5's interface on @db, through which tokenizers and auxiliary functions are added. */
fts5_api *
_lectern_database_get_fts5_api (sqlite3  *db,
                                GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (db, "SELECT fts5(?1)", -1, 0, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step (stmt);
    rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
  }
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, db, rc);
    return NULL;
  }
  if (!api)
    _lectern_database_set_error (error, NULL, SQLITE_ERROR);

  return api;
}

/* What the schema needs of every connection before it touches the search index: the
 * tokenizer the index was made with, the function its view uses, and the one that ranks
 * its matches.
 */
static gboolean
register_extensions (LecternDatabase  *self,
                     GError          **error)
{
  int rc;

  rc = sqlite3_create_function_v2 (self->db, "lectern_url_host", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, url_host_func, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "lectern_url_in_site", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, url_in_site_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, self->db, rc);
    return FALSE;
  }

  return lectern_tokenizer_register (self->db, error) &&
         lectern_search_rank_register (self->db, error);
}

static void
close_handle (LecternDatabase *self)
{
  sqlite3 *db;

  /* A statement released meanwhile on another thread sees no connection, and goes. */
  g_mutex_lock (&self->cache_lock);
  g_hash_table_remove_all (self->cache);
  db = g_steal_pointer (&self->db);
  g_mutex_unlock (&self->cache_lock);

  g_clear_pointer (&db, sqlite3_close_v2);
}

static gboolean
setup (LecternDatabase  *self,
       GError          **error)
{
  int n_objects = 0;
  int flags;
  int rc;

  if (self->read_only || force_read_only)
    flags = SQLITE_OPEN_READONLY;
  else
    flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE;

  rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, self->db, rc);
    close_handle (self);
    return FALSE;
  }

  if (!header_looks_right (self)) {
    g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT,
                 "%s (%s)", error_code_to_message (LECTERN_DATABASE_ERROR_CORRUPT),
                 "no SQLite header");
    close_handle (self);
    return FALSE;
  }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, busy_timeout_ms);

  if (!register_extensions (self, error)) {
    close_handle (self);
    return FALSE;
  }

  /* This reads the file header and the schema, so a file that is not a database or whose
   * schema is damaged fails here, before anything is written to it.
   */
  if (!read_schema_state (self, &n_objects, error)) {
    close_handle (self);
    return FALSE;
  }

  if (self->version > LATEST_VERSION) {
    set_too_new_error (self, error);
    close_handle (self);
    return FALSE;
  }

  /* Version 0 with tables in it is some other program's database. */
  if (self->version == 0 && n_objects > 0) {
    g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT,
                 "%s (%s)", error_code_to_message (LECTERN_DATABASE_ERROR_CORRUPT),
                 "user_version is 0 but the file has tables");
    close_handle (self);
    return FALSE;
  }

  if (!self->read_only && !sqlite3_db_readonly (self->db, "main")) {
    if (!set_journal_mode_wal (self, error) ||
        !exec_sql (self, "PRAGMA synchronous = NORMAL", error)) {
      close_handle (self);
      return FALSE;
    }
  }

  /* A write inside a transaction keeps what it changes in a statement journal, to undo
   * itself alone should it fail; with the list counts' triggers every write of an article
   * has one. In memory it costs a few pages; in a file, a write to it for every row
   * (100,000 rows added in one transaction: 5.0 s against 1.3 s).
   */
  if (!exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, "PRAGMA temp_store = MEMORY", error)) {
    close_handle (self);
    return FALSE;
  }

  /* A reader never changes the file; the writer is opened first and upgrades it. */
  if (!self->read_only && (!migrate (self, error) || !check_tokenizer (self, error))) {
    close_handle (self);
    return FALSE;
  }

  return TRUE;
}

static gboolean
move_aside (LecternDatabase  *self,
            GError          **error)
{
  static const char * const companions[] = { "-wal", "-shm", "-journal" };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = NULL;

  for (guint i = 0; !aside || g_file_test (aside, G_FILE_TEST_EXISTS); i++) {
    g_free (aside);
    if (i == 0)
      aside = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
    else
      aside = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, i);
  }

  if (g_rename (self->path, aside) != 0) {
    int saved_errno = errno;

    g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT,
                 _("The library is damaged and could not be moved aside (%s)"),
                 g_strerror (saved_errno));
    return FALSE;
  }

  /* The write-ahead log and its index belong to the damaged file. Left behind, SQLite
   * would replay them into the fresh library.
   */
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++) {
    g_autofree char *from = g_strconcat (self->path, companions[i], NULL);
    g_autofree char *to = g_strconcat (aside, companions[i], NULL);

    if (!g_file_test (from, G_FILE_TEST_EXISTS))
      continue;

    if (g_rename (from, to) != 0) {
      int saved_errno = errno;

      g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT,
                   _("The library is damaged and could not be moved aside (%s)"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  }

  self->moved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/**
 * lectern_database_open:
 * @path: the library file; its folder must exist
 * @read_only: %TRUE to open a connection that only reads and never migrates
 * @error: return location for a #LecternDatabaseError
 *
 * Opens the library at @path, creating it if needed, in WAL mode, and brings its schema up
 * to date.
 *
 * A file that is not a database, or whose header or schema is damaged, is renamed to
 * `PATH.corrupt-YYYYMMDD-HHMMSS` (with its `-wal` and `-shm` files) and a fresh library is
 * created in its place; lectern_database_get_moved_aside() then names the renamed file.
 * Nothing is ever overwritten or deleted. A read-only connection reports such a file as
 * %LECTERN_DATABASE_ERROR_CORRUPT and leaves it alone.
 *
 * A file SQLite may read but not write opens (reads work) and every write fails with
 * %LECTERN_DATABASE_ERROR_READ_ONLY; see lectern_database_is_read_only(). A library made
 * by a newer Lectern gives %LECTERN_DATABASE_ERROR_TOO_NEW and is not touched.
 *
 * Any number of connections, in any number of processes, may have one library open.
 * Opening an up-to-date library writes nothing to it and does not wait for another
 * process's write; the first to open a new or older library upgrades it while the others
 * wait, for a few seconds at most.
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL with @error set
 */
LecternDatabase *
lectern_database_open (const char  *path,
                       gboolean     read_only,
                       GError     **error)
{
  g_autoptr (LecternDatabase) self = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LECTERN_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->read_only = !!read_only;

  if (setup (self, &local_error))
    return g_steal_pointer (&self);

  if (self->read_only ||
      !g_error_matches (local_error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  if (!move_aside (self, error))
    return NULL;

  g_message ("Moved the damaged library %s aside to %s: %s",
             path, self->moved_aside, local_error->message);

  if (!setup (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lectern_database_get_path:
 * @self: a #LecternDatabase
 *
 * Returns: (transfer none): the file the connection was opened on
 */
const char *
lectern_database_get_path (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), NULL);

  return self->path;
}

/**
 * lectern_database_get_moved_aside:
 * @self: a #LecternDatabase
 *
 * Tells where a damaged library was moved when it was opened, so the user can be told
 * and the file recovered by hand.
 *
 * Returns: (transfer none) (nullable): the new name of the damaged file, or %NULL if the
 *   library opened as it was
 */
const char *
lectern_database_get_moved_aside (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), NULL);

  return self->moved_aside;
}

/**
 * lectern_database_get_version:
 * @self: a #LecternDatabase
 *
 * Returns: the schema version of the library (its `PRAGMA user_version`)
 */
int
lectern_database_get_version (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), 0);

  return self->version;
}

/**
 * lectern_database_is_read_only:
 * @self: a #LecternDatabase
 *
 * Returns: %TRUE if writes on this connection will fail, because it was opened read-only
 *   or because the file cannot be written
 */
gboolean
lectern_database_is_read_only (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), TRUE);

  return sqlite3_db_readonly (self->db, "main") != 0;
}

/**
 * lectern_database_exec:
 * @self: a #LecternDatabase
 * @sql: one or more SQL statements, without parameters
 * @error: return location for a #LecternDatabaseError
 *
 * Runs every statement of @sql and drops any rows they return. Only for fixed SQL: values
 * go through lectern_database_prepare() and the lectern_statement_bind_*() functions.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_database_exec (LecternDatabase  *self,
                       const char       *sql,
                       GError          **error)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return exec_sql (self, sql, error);
}

/**
 * lectern_database_prepare:
 * @self: a #LecternDatabase
 * @sql: one SQL statement, with `?1`, `?2`… for its parameters
 * @error: return location for a #LecternDatabaseError
 *
 * Compiles @sql. The statement keeps the connection alive.
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
LecternStatement *
lectern_database_prepare (LecternDatabase  *self,
                          const char       *sql,
                          GError          **error)
{
  g_autofree char *cached_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (LECTERN_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->cache_lock);
  g_hash_table_steal_extended (self->cache, sql, (gpointer *)&cached_sql, (gpointer *)&stmt);
  g_mutex_unlock (&self->cache_lock);
  if (stmt)
    return _lectern_statement_new (self, stmt);

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, self->db, rc);
    return NULL;
  }

  if (!stmt) {
    g_set_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED,
                 "%s (%s)", error_code_to_message (LECTERN_DATABASE_ERROR_FAILED),
                 "empty SQL statement");
    return NULL;
  }

  return _lectern_statement_new (self, stmt);
}

/* Takes back @stmt, which a #LecternStatement is done with: it is kept for the next
 * prepare of its SQL, or finalized.
 */
void
_lectern_database_release_statement (LecternDatabase *self,
                                     sqlite3_stmt    *stmt)
{
  const char *sql = sqlite3_sql (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  g_mutex_lock (&self->cache_lock);
  if (self->db && sql && g_hash_table_size (self->cache) < MAX_CACHED_STATEMENTS &&
      !g_hash_table_contains (self->cache, sql)) {
    g_hash_table_insert (self->cache, g_strdup (sql), stmt);
    stmt = NULL;
  }
  g_mutex_unlock (&self->cache_lock);

  g_clear_pointer (&stmt, sqlite3_finalize);
}

/**
 * lectern_database_begin:
 * @self: a #LecternDatabase
 * @error: return location for a #LecternDatabaseError
 *
 * Starts a transaction. On a connection that writes it takes the write lock at once
 * (`BEGIN IMMEDIATE`), so a transaction that reads before it writes cannot deadlock
 * against another writer. While another connection, in this process or another, holds
 * the lock, this waits for it for a few seconds, then fails with
 * %LECTERN_DATABASE_ERROR_BUSY. End the transaction with lectern_database_commit() or
 * lectern_database_rollback().
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_database_begin (LecternDatabase  *self,
                        GError          **error)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->read_only)
    return exec_sql (self, "BEGIN", error);

  return begin_immediate (self, error);
}

/**
 * lectern_database_commit:
 * @self: a #LecternDatabase
 * @error: return location for a #LecternDatabaseError
 *
 * Commits the transaction lectern_database_begin() started. If this fails, call
 * lectern_database_rollback().
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_database_commit (LecternDatabase  *self,
                         GError          **error)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return exec_sql (self, "COMMIT", error);
}

/**
 * lectern_database_rollback:
 * @self: a #LecternDatabase
 *
 * Undoes the open transaction, if there is one. SQLite may already have rolled it back
 * itself after an error such as a full disk; then this does nothing.
 */
void
lectern_database_rollback (LecternDatabase *self)
{
  g_return_if_fail (LECTERN_IS_DATABASE (self));

  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self, "ROLLBACK", NULL);
}

/**
 * lectern_database_last_insert_id:
 * @self: a #LecternDatabase
 *
 * Returns: the id of the row the last successful INSERT on this connection added
 */
gint64
lectern_database_last_insert_id (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), 0);

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * lectern_database_changes:
 * @self: a #LecternDatabase
 *
 * Returns: how many rows the last INSERT, UPDATE or DELETE on this connection changed
 */
int
lectern_database_changes (LecternDatabase *self)
{
  g_return_val_if_fail (LECTERN_IS_DATABASE (self), 0);

  return sqlite3_changes (self->db);
}
