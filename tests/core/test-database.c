/* test-database.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-database.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Linux's open file description locks; glibc names them only with _GNU_SOURCE. */
#if defined(__linux__) && !defined(F_OFD_GETLK)
#define F_OFD_GETLK 36
#endif

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
query_text (LecternDatabase *db,
            const char      *sql)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  char *text;

  stmt = lectern_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_statement_step (stmt, &error));
  g_assert_no_error (error);
  text = g_strdup (lectern_statement_column_text (stmt, 0));
  return text;
}

/* Counts the names in @dir that start with @prefix. */
static guint
count_names (const char *dir,
             const char *prefix)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle && (name = g_dir_read_name (handle)))
    if (g_str_has_prefix (name, prefix))
      n++;

  return n;
}

static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (lectern_database_get_version (db), ==, LECTERN_DATABASE_VERSION);
  g_assert_cmpint (lectern_test_query_int (db, "PRAGMA user_version"), ==,
                   LECTERN_DATABASE_VERSION);
  g_assert_null (lectern_database_get_moved_aside (db));
  g_assert_cmpstr (lectern_database_get_path (db), ==, fixture->path);
  g_assert_false (lectern_database_is_read_only (db));

  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM sqlite_master "
                                  "WHERE type = 'table' AND name = 'articles'"), ==, 1);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM sqlite_master "
                                  "WHERE type = 'index' AND tbl_name = 'articles' "
                                  "AND name LIKE 'articles_%'"), >=, 3);
  g_clear_object (&db);

  /* Opening again finds the latest version and runs nothing: a table created by the
   * first open would make a second CREATE TABLE fail.
   */
  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, LECTERN_DATABASE_VERSION);
}

static void
test_pragmas (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternDatabase) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *reader_mode = NULL;

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);

  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  /* NORMAL is 1. */
  g_assert_cmpint (lectern_test_query_int (db, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (lectern_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (lectern_test_query_int (db, "PRAGMA busy_timeout"), >=, 1000);

  /* WAL is a property of the file, so the reader sees it too. */
  reader = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  reader_mode = query_text (reader, "PRAGMA journal_mode");
  g_assert_cmpstr (reader_mode, ==, "wal");
  g_assert_cmpint (lectern_test_query_int (reader, "PRAGMA busy_timeout"), >=, 1000);
}

static void
test_reader_sees_commits_only (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternDatabase) reader = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  reader = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_database_is_read_only (reader));

  g_assert_true (lectern_database_begin (db, &error));
  g_assert_true (lectern_database_exec (db, "INSERT INTO articles (url, saved_at, updated_at) "
                                            "VALUES ('https://a.example/', 1, 1)", &error));
  g_assert_no_error (error);

  /* The write lock is held; the reader neither waits nor sees the uncommitted row. */
  g_assert_cmpint (lectern_test_query_int (reader, "SELECT count(*) FROM articles"), ==, 0);

  g_assert_true (lectern_database_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (reader, "SELECT count(*) FROM articles"), ==, 1);

  /* And the reader cannot write. */
  g_assert_false (lectern_database_exec (reader, "DELETE FROM articles", &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_READ_ONLY);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"), ==, 1);
}

static void
test_transaction_rollback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (lectern_database_begin (db, &error));
  g_assert_true (lectern_database_exec (db, "INSERT INTO articles (url, saved_at, updated_at) "
                                            "VALUES ('https://a.example/', 1, 1)", &error));
  lectern_database_rollback (db);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"), ==, 0);

  /* Rolling back with no transaction open is harmless. */
  lectern_database_rollback (db);

  /* A CHECK constraint turns a bad value into an error, not a stored row. */
  g_assert_false (lectern_database_exec (db, "INSERT INTO articles (url, saved_at, updated_at, "
                                             "progress) VALUES ('x', 1, 1, 2.5)", &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "CHECK"));
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"), ==, 0);
}

static void
test_statement (Fixture       *fixture,
                gconstpointer  data)
{
  static const guint8 blob[] = { 0, 1, 2, 0xff };
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  const char *hostile = "'); DROP TABLE articles; --";

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (lectern_database_exec (db, "CREATE TABLE t (i, d, s, b, n)", &error));

  stmt = lectern_database_prepare (db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", &error);
  g_assert_no_error (error);
  lectern_statement_bind_int64 (stmt, 0, G_MAXINT64);
  lectern_statement_bind_double (stmt, 1, 0.25);
  lectern_statement_bind_text (stmt, 2, hostile);
  lectern_statement_bind_blob (stmt, 3, blob, sizeof blob);
  lectern_statement_bind_null (stmt, 4);
  g_assert_true (lectern_statement_run (stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_changes (db), ==, 1);
  g_assert_cmpint (lectern_database_last_insert_id (db), ==, 1);

  /* The same statement runs again after a reset, with new values. */
  lectern_statement_reset (stmt);
  lectern_statement_bind_int64 (stmt, 0, -1);
  lectern_statement_bind_text (stmt, 2, NULL);
  g_assert_true (lectern_statement_run (stmt, &error));
  g_assert_cmpint (lectern_database_last_insert_id (db), ==, 2);
  g_clear_object (&stmt);

  stmt = lectern_database_prepare (db, "SELECT i, d, s, b, n FROM t ORDER BY rowid", &error);
  g_assert_no_error (error);
  g_assert_true (lectern_statement_step (stmt, &error));
  g_assert_cmpint (lectern_statement_column_int64 (stmt, 0), ==, G_MAXINT64);
  g_assert_cmpfloat (lectern_statement_column_double (stmt, 1), ==, 0.25);
  g_assert_cmpstr (lectern_statement_column_text (stmt, 2), ==, hostile);
  bytes = lectern_statement_column_bytes (stmt, 3);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), blob, sizeof blob);
  g_assert_true (lectern_statement_column_is_null (stmt, 4));
  g_assert_null (lectern_statement_column_bytes (stmt, 4));
  g_assert_false (lectern_statement_column_is_null (stmt, 0));

  g_assert_true (lectern_statement_step (stmt, &error));
  g_assert_cmpint (lectern_statement_column_int64 (stmt, 0), ==, -1);
  g_assert_null (lectern_statement_column_text (stmt, 2));

  g_assert_false (lectern_statement_step (stmt, &error));
  g_assert_no_error (error);
  g_clear_object (&stmt);

  /* The hostile text was data, not SQL: the articles table is still there. */
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM sqlite_master"
                                           " WHERE name = 'articles'"),
                   ==, 1);

  /* A parameter out of range is reported by the step that follows. */
  stmt = lectern_database_prepare (db, "SELECT ?1", &error);
  g_assert_no_error (error);
  lectern_statement_bind_int64 (stmt, 5, 1);
  g_assert_false (lectern_statement_step (stmt, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&stmt);

  /* Bad SQL fails to prepare, with SQLite's reason in the message. */
  stmt = lectern_database_prepare (db, "SELEKT 1", &error);
  g_assert_null (stmt);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "syntax error"));
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len;
  gsize after_len;

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_database_exec (db, "PRAGMA user_version = 99", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_TOO_NEW);
  g_clear_error (&error);

  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_TOO_NEW);

  /* Left exactly as it was, and not moved. */
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (count_names (fixture->dir, "library.sqlite3.corrupt"), ==, 0);
}

static void
check_moved_aside (Fixture    *fixture,
                   const char *contents,
                   gsize       length)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *aside_contents = NULL;
  g_autofree char *basename = NULL;
  gsize aside_length;
  const char *aside;

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  /* A fresh, working library took its place. */
  g_assert_cmpint (lectern_database_get_version (db), ==, LECTERN_DATABASE_VERSION);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"), ==, 0);

  /* The damaged file is kept byte for byte under the name the window will show. */
  aside = lectern_database_get_moved_aside (db);
  g_assert_nonnull (aside);
  basename = g_path_get_basename (aside);
  g_assert_true (g_str_has_prefix (basename, "library.sqlite3.corrupt-"));
  g_assert_cmpuint (strlen (basename), ==, strlen ("library.sqlite3.corrupt-YYYYMMDD-HHMMSS"));
  g_assert_true (g_file_get_contents (aside, &aside_contents, &aside_length, NULL));
  g_assert_cmpmem (aside_contents, aside_length, contents, length);

  g_assert_cmpuint (count_names (fixture->dir, "library.sqlite3.corrupt"), ==, 1);
}

static void
test_corrupt_garbage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *garbage = g_malloc (8192);

  for (guint i = 0; i < 8192; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);

  g_assert_true (g_file_set_contents (fixture->path, garbage, 8192, NULL));
  check_moved_aside (fixture, garbage, 8192);
}

static void
test_corrupt_small (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "This is not a database.\n";

  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));
  check_moved_aside (fixture, text, strlen (text));
}

static void
test_corrupt_wal_moves_too (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *wal_aside = NULL;
  g_autofree char *wal_contents = NULL;
  const char *text = "garbage garbage garbage garbage garbage garbage garbage garbage "
                     "garbage garbage garbage garbage garbage garbage garbage garbage";

  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));
  g_assert_true (g_file_set_contents (wal, "old log", -1, NULL));

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lectern_database_get_moved_aside (db));

  wal_aside = g_strconcat (lectern_database_get_moved_aside (db), "-wal", NULL);
  g_assert_true (g_file_get_contents (wal_aside, &wal_contents, NULL, NULL));
  g_assert_cmpstr (wal_contents, ==, "old log");
}

static void
test_corrupt_read_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *text = "This is not a database either, and it is long enough to have a header.";

  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));

  /* A reader reports the damage and leaves the file where it is. */
  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_CORRUPT);
  g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
}

static void
test_foreign_database (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternDatabase) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* Some other program's SQLite file, with its own "articles" table. */
  other = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_database_exec (other,
                                        "DROP TABLE articles;"
                                        "CREATE TABLE articles (name TEXT);"
                                        "INSERT INTO articles VALUES ('theirs');"
                                        "PRAGMA user_version = 0;"
                                        "PRAGMA journal_mode = DELETE;",
                                        &error));
  g_assert_no_error (error);
  g_clear_object (&other);

  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  check_moved_aside (fixture, contents, length);
}

static void
test_open_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *below_file = g_build_filename (file, "library.sqlite3", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "dir", "x.sqlite3",
                                               NULL);

  /* Tests run as root, for whom chmod 000 changes nothing; these paths fail for anyone. */
  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  db = lectern_database_open (below_file, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
  g_clear_error (&error);

  db = lectern_database_open (missing, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "unable to open"));
  g_clear_error (&error);

  /* A folder where the library should be is not damage: it is reported, not moved. */
  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_names (fixture->dir, "library.sqlite3.corrupt"), ==, 0);
  g_clear_error (&error);

  /* A reader does not create a library that is not there. */
  db = lectern_database_open (missing, TRUE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  /* Root reads any file; /core/database/open-errors covers root. */
  if (geteuid () == 0) {
    g_test_skip ("root can read a file with mode 000");
    return;
  }

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (g_chmod (fixture->path, 0), ==, 0);

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_OPEN);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_names (fixture->dir, "library.sqlite3.corrupt"), ==, 0);
}

static void
test_error_messages (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *below_file = g_build_filename (file, "library.sqlite3", NULL);

  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  db = lectern_database_open (below_file, FALSE, &error);
  g_assert_null (db);

  /* A sentence for the window, then SQLite's words for the log. */
  g_assert_true (g_str_has_prefix (error->message, "The library could not be opened ("));
  g_assert_true (g_str_has_suffix (error->message, ")"));
}

static void
test_keeps_locks (Fixture       *fixture,
                  gconstpointer  data)
{
#ifdef F_OFD_GETLK
  g_autoptr (LecternDatabase) writer = NULL;
  g_autoptr (LecternDatabase) reader = NULL;
  g_autoptr (GError) error = NULL;
  struct flock lock = { 0, };
  int fd;

  /* A store opens a writer, then a reader, on one file. */
  writer = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  reader = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (writer, "SELECT count(*) FROM articles"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (reader, "SELECT count(*) FROM articles"), ==, 0);

  /* The process still holds SQLite's lock on the library, which tells other processes
   * that it is in use. Opening the reader must not have dropped it: POSIX locks belong to
   * the process, and closing any descriptor of the file drops them all. An open file
   * description lock is the one kind that sees this process's own POSIX locks.
   */
  fd = g_open (fixture->path, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  g_assert_cmpint (fcntl (fd, F_OFD_GETLK, &lock), ==, 0);
  g_assert_cmpint (lock.l_type, !=, F_UNLCK);

  /* Closing this descriptor drops the locks too, so it closes after the connections. */
  g_clear_object (&reader);
  g_clear_object (&writer);
  close (fd);
#else
  g_test_skip ("needs open file description locks");
#endif
}

/* Adds a row as a library of version 3 could hold it, with the given state and flags. */
static gint64
insert_row (LecternDatabase *db,
            const char      *url,
            int              save_state,
            gint64           updated_at,
            gboolean         starred,
            gboolean         read,
            const char      *body)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = lectern_database_prepare (db,
                                   "INSERT INTO articles (url, normalized_url, title, saved_at,"
                                   " updated_at, save_state, starred, starred_at, read_at,"
                                   " body_html)"
                                   " VALUES (?1, ?1, 'A title', ?2, ?2, ?3, ?4,"
                                   " CASE WHEN ?4 THEN ?2 END, CASE WHEN ?5 THEN ?2 END, ?6)",
                                   &error);
  g_assert_no_error (error);
  lectern_statement_bind_text (stmt, 0, url);
  lectern_statement_bind_int64 (stmt, 1, updated_at);
  lectern_statement_bind_int64 (stmt, 2, save_state);
  lectern_statement_bind_int64 (stmt, 3, starred);
  lectern_statement_bind_int64 (stmt, 4, read);
  lectern_statement_bind_text (stmt, 5, body);
  g_assert_true (lectern_statement_run (stmt, &error));
  g_assert_no_error (error);
  return lectern_database_last_insert_id (db);
}

/* The query plan of @sql, one step a line. */
static char *
query_plan (LecternDatabase *db,
            const char      *sql)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);

  stmt = lectern_database_prepare (db, explain, &error);
  g_assert_no_error (error);
  while (lectern_statement_step (stmt, &error))
    g_string_append_printf (plan, "%s\n", lectern_statement_column_text (stmt, 3));
  g_assert_no_error (error);
  return g_string_free (plan, FALSE);
}

static gint64
row_int (LecternDatabase *db,
         const char      *column,
         gint64           id)
{
  g_autofree char *sql = NULL;

  /* Only fixed column names of this test go into the SQL. */
  sql = g_strdup_printf ("SELECT %s FROM articles WHERE id = %" G_GINT64_FORMAT, column, id);
  return lectern_test_query_int (db, sql);
}

/* A library saved by two processes at once could hold one address twice. Upgrading it
 * leaves one row per address that the saver finds, and loses no saved article.
 */
static void
test_migrate_duplicates (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *plan = NULL;
  gint64 saved, starred_pending, old_saved, new_saved, failed, pending, deleted, alone;

  /* A library of version 3: the address is indexed, but not unique. */
  _lectern_database_set_max_version (3);
  db = lectern_database_open (fixture->path, FALSE, &error);
  _lectern_database_set_max_version (0);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, 3);

  /* Saved, and a pending duplicate the user starred: the star goes to the saved one. */
  saved = insert_row (db, "https://a.example/", 0, 100, FALSE, FALSE, "<p>A</p>");
  starred_pending = insert_row (db, "https://a.example/", 1, 200, TRUE, FALSE, NULL);
  /* Saved twice: the newer keeps the address, the older stays, with its text. */
  old_saved = insert_row (db, "https://b.example/", 0, 100, FALSE, TRUE, "<p>B1</p>");
  new_saved = insert_row (db, "https://b.example/", 0, 200, FALSE, FALSE, "<p>B2</p>");
  /* Never saved: the newest stays. */
  failed = insert_row (db, "https://c.example/", 2, 100, FALSE, FALSE, NULL);
  pending = insert_row (db, "https://c.example/", 1, 200, FALSE, FALSE, NULL);
  /* A deleted row waiting for its purge is no duplicate. */
  deleted = insert_row (db, "https://d.example/", 0, 100, FALSE, FALSE, "<p>D1</p>");
  alone = insert_row (db, "https://d.example/", 0, 200, FALSE, FALSE, "<p>D2</p>");
  g_assert_true (lectern_database_exec (db, "UPDATE articles SET deleted_at = 1"
                                            " WHERE body_html = '<p>D1</p>'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (deleted, >, 0);
  g_clear_object (&db);

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, LECTERN_DATABASE_VERSION);

  /* Looking an address up still uses an index for each of the two addresses. */
  plan = query_plan (db, "SELECT id FROM articles WHERE (normalized_url = 'x'"
                         " OR canonical_url = 'x') AND deleted_at IS NULL ORDER BY id LIMIT 1");
  g_assert_null (strstr (plan, "SCAN articles"));

  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"), ==, 6);

  g_assert_cmpint (row_int (db, "count(*)", starred_pending), ==, 0);
  g_assert_cmpint (row_int (db, "starred", saved), ==, 1);
  g_assert_cmpint (row_int (db, "starred_at", saved), ==, 200);
  g_assert_cmpint (row_int (db, "normalized_url IS NOT NULL", saved), ==, 1);

  g_assert_cmpint (row_int (db, "count(*)", old_saved), ==, 1);
  g_assert_cmpint (row_int (db, "normalized_url IS NULL", old_saved), ==, 1);
  g_assert_cmpint (row_int (db, "read_at", old_saved), ==, 100);
  g_assert_cmpint (row_int (db, "normalized_url IS NOT NULL", new_saved), ==, 1);

  g_assert_cmpint (row_int (db, "count(*)", failed), ==, 0);
  g_assert_cmpint (row_int (db, "count(*)", pending), ==, 1);

  g_assert_cmpint (row_int (db, "normalized_url IS NOT NULL", alone), ==, 1);

  /* From now on the library itself refuses a second row for an address. */
  g_assert_false (lectern_database_exec (db,
                                         "INSERT INTO articles (url, normalized_url, title,"
                                         " saved_at, updated_at)"
                                         " VALUES ('x', 'https://a.example/', '', 1, 1)",
                                         &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_EXISTS);
}

/* The precision a library of version 8 did not store comes from the old rule: midnight UTC
 * was a day, any other time a minute. What the reader shows does not change.
 */
static void
test_migrate_date_precision (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;
  gint64 day, minute, undated, zero;

  _lectern_database_set_max_version (8);
  db = lectern_database_open (fixture->path, FALSE, &error);
  _lectern_database_set_max_version (0);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, 8);

  day = insert_row (db, "https://a.example/", 0, 100, FALSE, FALSE, "<p>A</p>");
  minute = insert_row (db, "https://b.example/", 0, 100, FALSE, FALSE, "<p>B</p>");
  undated = insert_row (db, "https://c.example/", 0, 100, FALSE, FALSE, "<p>C</p>");
  zero = insert_row (db, "https://d.example/", 0, 100, FALSE, FALSE, "<p>D</p>");
  g_assert_true (lectern_database_exec (db,
                                        "UPDATE articles SET published_at = 1742342400000000"
                                        " WHERE url = 'https://a.example/';"
                                        "UPDATE articles SET published_at = 1742376725000000"
                                        " WHERE url = 'https://b.example/';"
                                        "UPDATE articles SET published_at = 0"
                                        " WHERE url = 'https://d.example/';",
                                        &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_database_get_version (db), ==, LECTERN_DATABASE_VERSION);

  g_assert_cmpint (row_int (db, "published_precision = 'day'", day), ==, 1);
  g_assert_cmpint (row_int (db, "published_precision = 'minute'", minute), ==, 1);
  g_assert_cmpint (row_int (db, "published_precision IS NULL", undated), ==, 1);
  g_assert_cmpint (row_int (db, "published_precision IS NULL", zero), ==, 1);
  g_assert_cmpint (row_int (db, "published_at", minute), ==, G_GINT64_CONSTANT (1742376725000000));
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles"
                                               " WHERE modified_at IS NOT NULL"
                                               " OR modified_precision IS NOT NULL"), ==, 0);

  /* The library refuses a precision it does not know, one without its date, and a day
   * that is not a midnight UTC.
   */
  g_assert_false (lectern_database_exec (db, "UPDATE articles SET published_precision = 'second'"
                                             " WHERE url = 'https://b.example/'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lectern_database_exec (db, "UPDATE articles SET published_precision = 'day'"
                                             " WHERE url = 'https://c.example/'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lectern_database_exec (db, "UPDATE articles SET published_precision = 'day'"
                                             " WHERE url = 'https://b.example/'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lectern_database_exec (db, "UPDATE articles SET modified_precision = 'minute'"
                                             " WHERE url = 'https://b.example/'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (lectern_database_exec (db, "UPDATE articles SET modified_at = 1742376725000000,"
                                            " modified_precision = 'minute'"
                                            " WHERE url = 'https://b.example/'", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/database/migrate", test_migrate);
  ADD ("/core/database/pragmas", test_pragmas);
  ADD ("/core/database/reader-sees-commits-only", test_reader_sees_commits_only);
  ADD ("/core/database/rollback", test_transaction_rollback);
  ADD ("/core/database/statement", test_statement);
  ADD ("/core/database/too-new", test_too_new);
  ADD ("/core/database/corrupt/garbage", test_corrupt_garbage);
  ADD ("/core/database/corrupt/small", test_corrupt_small);
  ADD ("/core/database/corrupt/wal-moves-too", test_corrupt_wal_moves_too);
  ADD ("/core/database/corrupt/read-only", test_corrupt_read_only);
  ADD ("/core/database/corrupt/foreign", test_foreign_database);
  ADD ("/core/database/open-errors", test_open_errors);
  ADD ("/core/database/unreadable", test_unreadable);
  ADD ("/core/database/error-messages", test_error_messages);
  ADD ("/core/database/keeps-locks", test_keeps_locks);
  ADD ("/core/database/migrate-duplicates", test_migrate_duplicates);
  ADD ("/core/database/migrate-date-precision", test_migrate_date_precision);

#undef ADD

  return g_test_run ();
}
