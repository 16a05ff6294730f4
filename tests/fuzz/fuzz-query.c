/* fuzz-query.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-query.h"
#include "lectern-tokenizer.h"

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

/* A libFuzzer target over search: any text typed into the search entry is parsed, and the
 * MATCH expressions made of it run against an FTS5 table using the "lectern" tokenizer.
 * Besides crashes, leaks and undefined behaviour, it checks what the code promises: no query
 * is an SQL error; tokens are valid, non-empty UTF-8; the same text, saved as an article,
 * is found by the query (whatever the tokenizer does to text it does to a query); marking
 * the matches in it keeps it valid UTF-8 (the offsets fall between characters); and the
 * index stays consistent after the article is deleted again.
 */

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static sqlite3 *db;
static sqlite3_stmt *insert_stmt;
static sqlite3_stmt *delete_stmt;
static sqlite3_stmt *match_stmt;
static sqlite3_stmt *exclude_stmt;
static sqlite3_stmt **statements[] = {
  &insert_stmt, &delete_stmt, &match_stmt, &exclude_stmt,
};

static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  /* Criticals and warnings mean a bug; let libFuzzer see them as crashes. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
    g_printerr ("%s: %s\n", log_domain ? log_domain : "", message);
    abort ();
  }
}

static void
check_rc (int         rc,
          const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static sqlite3_stmt *
prepare (const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  check_rc (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL), sql);
  return stmt;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_log_set_default_handler (log_cb, NULL);

  check_rc (sqlite3_open (":memory:", &db), "open");
  if (!lectern_tokenizer_register (db, &error))
    g_error ("%s", error->message);
  check_rc (sqlite3_exec (db,
                          "CREATE VIRTUAL TABLE docs USING fts5 (title, body, "
                          "tokenize='lectern');"
                          "INSERT INTO docs VALUES ('DeepSeek 的“修炼”之路', "
                          "'大模型也开始免费开放 Café NEAR AND OR NOT \"quoted\" *');"
                          "INSERT INTO docs VALUES ('Москва Ελλάδα مرحبا', "
                          "'ฉันชอบกินข้าวผัด 東京 コーヒー 학교에서 2025 3.14');",
                          NULL, NULL, NULL), "create");

  insert_stmt = prepare ("INSERT INTO docs (rowid, title, body) VALUES (1000, '', ?)");
  delete_stmt = prepare ("DELETE FROM docs WHERE rowid = 1000");
  match_stmt = prepare ("SELECT rowid, highlight (docs, 1, '[', ']'), "
                        "snippet (docs, -1, '[', ']', '…', 6) "
                        "FROM docs WHERE docs MATCH ? ORDER BY rank");
  exclude_stmt = prepare ("SELECT count(*) FROM docs WHERE rowid NOT IN "
                          "(SELECT rowid FROM docs WHERE docs MATCH ?)");

  return 0;
}

static void
check_tokens (const char *text,
              gboolean    for_query)
{
  g_auto (GStrv) tokens = lectern_tokenizer_tokenize (text, for_query);

  for (guint i = 0; tokens[i]; i++) {
    if (tokens[i][0] == '\0' || !g_utf8_validate (tokens[i], -1, NULL))
      g_error ("bad token %u for %s", i, text);
  }
}

/* Runs @expression; returns whether the article of rowid 1000 matched. */
static gboolean
run_match (const char *expression,
           gboolean    text_is_valid)
{
  gboolean found = FALSE;
  int rc;

  sqlite3_reset (match_stmt);
  sqlite3_bind_text (match_stmt, 1, expression, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (match_stmt)) == SQLITE_ROW) {
    const char *highlighted = (const char *)sqlite3_column_text (match_stmt, 1);
    const char *snippet = (const char *)sqlite3_column_text (match_stmt, 2);

    if (sqlite3_column_int64 (match_stmt, 0) != 1000)
      continue;
    found = TRUE;
    if (text_is_valid && ((highlighted && !g_utf8_validate (highlighted, -1, NULL)) ||
                          (snippet && !g_utf8_validate (snippet, -1, NULL))))
      g_error ("marking %s cut a character", expression);
  }
  check_rc (rc, expression);

  return found;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr (LecternQuery) query = lectern_query_parse (text);
  gboolean text_is_valid = g_utf8_validate (text, -1, NULL);
  const char *match = lectern_query_get_match (query);
  const char *exclude = lectern_query_get_exclude_match (query);

  if (!g_utf8_validate (lectern_query_get_text (query), -1, NULL))
    g_error ("the query's text is not UTF-8");

  check_tokens (text, FALSE);
  check_tokens (text, TRUE);

  /* The text is also an article, for as long as one transaction: rolling it back leaves
   * SQLite's memory as it was, which keeps libFuzzer from looking for leaks after every
   * input (it does when an input leaves more blocks allocated than it found).
   */
  check_rc (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), "begin");
  sqlite3_reset (insert_stmt);
  sqlite3_bind_text (insert_stmt, 1, text, -1, SQLITE_TRANSIENT);
  check_rc (sqlite3_step (insert_stmt), "insert");

  /* What the query finds includes the article made of the same text, as long as the query
   * is what was typed: valid UTF-8, and not cut (past 2 kB).
   */
  if (match && !run_match (match, text_is_valid) && text_is_valid && strlen (text) < 2000)
    g_error ("the query %s does not find its own text", match);

  if (exclude) {
    sqlite3_reset (exclude_stmt);
    sqlite3_bind_text (exclude_stmt, 1, exclude, -1, SQLITE_TRANSIENT);
    check_rc (sqlite3_step (exclude_stmt), exclude);
  }

  sqlite3_reset (exclude_stmt);
  sqlite3_reset (delete_stmt);
  check_rc (sqlite3_step (delete_stmt), "delete");
  check_rc (sqlite3_exec (db, "INSERT INTO docs (docs, rank) VALUES ('integrity-check', 1)",
                          NULL, NULL, NULL), "integrity-check");
  check_rc (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), "rollback");

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++) {
    sqlite3_reset (*statements[i]);
    sqlite3_clear_bindings (*statements[i]);
  }

  return 0;
}
