/* lectern-statement.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-statement.h"

#include "lectern-database.h"
#include "lectern-sqlite-private.h"

#include <string.h>

/* Parameters and columns both count from 0 here: parameter 0 is `?1` in the SQL, as in
 * Epiphany's wrapper. The bind functions cannot fail on their own; the first failure is
 * kept and reported by the next lectern_statement_step() or lectern_statement_run().
 */

struct _LecternStatement
{
  GObject parent_instance;

  /* Owned */
  LecternDatabase *database;
  sqlite3_stmt *stmt;
  int bind_rc;
};

G_DEFINE_FINAL_TYPE (LecternStatement, lectern_statement, G_TYPE_OBJECT)

static void
lectern_statement_finalize (GObject *object)
{
  LecternStatement *self = (LecternStatement *)object;

  /* The statement goes back to its connection, before the connection can go. */
  if (self->stmt)
    _lectern_database_release_statement (self->database, g_steal_pointer (&self->stmt));
  g_clear_object (&self->database);

  G_OBJECT_CLASS (lectern_statement_parent_class)->finalize (object);
}

static void
lectern_statement_class_init (LecternStatementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lectern_statement_finalize;
}

static void
lectern_statement_init (LecternStatement *self)
{
  self->bind_rc = SQLITE_OK;
}

LecternStatement *
_lectern_statement_new (LecternDatabase *database,
                        sqlite3_stmt    *stmt)
{
  LecternStatement *self;

  g_assert (LECTERN_IS_DATABASE (database));
  g_assert (stmt != NULL);

  self = g_object_new (LECTERN_TYPE_STATEMENT, NULL);
  self->database = g_object_ref (database);
  self->stmt = stmt;
  return self;
}

static void
keep_bind_rc (LecternStatement *self,
              int               rc)
{
  if (rc != SQLITE_OK && self->bind_rc == SQLITE_OK)
    self->bind_rc = rc;
}

/**
 * lectern_statement_bind_int64:
 * @self: a #LecternStatement
 * @column: the parameter, counting from 0 (0 is `?1`)
 * @value: the value
 *
 * Binds an integer to a parameter.
 */
void
lectern_statement_bind_int64 (LecternStatement *self,
                              int               column,
                              gint64            value)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));

  keep_bind_rc (self, sqlite3_bind_int64 (self->stmt, column + 1, value));
}

/**
 * lectern_statement_bind_double:
 * @self: a #LecternStatement
 * @column: the parameter, counting from 0 (0 is `?1`)
 * @value: the value
 *
 * Binds a floating point number to a parameter.
 */
void
lectern_statement_bind_double (LecternStatement *self,
                               int               column,
                               double            value)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));

  keep_bind_rc (self, sqlite3_bind_double (self->stmt, column + 1, value));
}

/**
 * lectern_statement_bind_text:
 * @self: a #LecternStatement
 * @column: the parameter, counting from 0 (0 is `?1`)
 * @value: (nullable): UTF-8 text, copied; %NULL binds SQL NULL
 *
 * Binds text to a parameter.
 */
void
lectern_statement_bind_text (LecternStatement *self,
                             int               column,
                             const char       *value)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));

  if (!value)
    keep_bind_rc (self, sqlite3_bind_null (self->stmt, column + 1));
  else
    keep_bind_rc (self, sqlite3_bind_text64 (self->stmt, column + 1, value, strlen (value),
                                             SQLITE_TRANSIENT, SQLITE_UTF8));
}

/**
 * lectern_statement_bind_blob:
 * @self: a #LecternStatement
 * @column: the parameter, counting from 0 (0 is `?1`)
 * @data: (array length=length) (nullable): the bytes, copied
 * @length: how many bytes @data holds
 *
 * Binds bytes to a parameter. %NULL with a length of 0 binds an empty blob.
 */
void
lectern_statement_bind_blob (LecternStatement *self,
                             int               column,
                             gconstpointer     data,
                             gsize             length)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length == 0)
    keep_bind_rc (self, sqlite3_bind_zeroblob (self->stmt, column + 1, 0));
  else
    keep_bind_rc (self, sqlite3_bind_blob64 (self->stmt, column + 1, data, length,
                                             SQLITE_TRANSIENT));
}

/**
 * lectern_statement_bind_null:
 * @self: a #LecternStatement
 * @column: the parameter, counting from 0 (0 is `?1`)
 *
 * Binds SQL NULL to a parameter.
 */
void
lectern_statement_bind_null (LecternStatement *self,
                             int               column)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));

  keep_bind_rc (self, sqlite3_bind_null (self->stmt, column + 1));
}

/**
 * lectern_statement_step:
 * @self: a #LecternStatement
 * @error: return location for a #LecternDatabaseError
 *
 * Runs the statement up to its next row.
 *
 * Returns: %TRUE if a row is ready to be read with the column functions; %FALSE when the
 *   statement is done or failed, with @error set in the second case
 */
gboolean
lectern_statement_step (LecternStatement  *self,
                        GError           **error)
{
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = sqlite3_db_handle (self->stmt);

  if (self->bind_rc != SQLITE_OK) {
    _lectern_database_set_error (error, NULL, self->bind_rc);
    return FALSE;
  }

  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    _lectern_database_set_error (error, db, rc);

  return FALSE;
}

/**
 * lectern_statement_run:
 * @self: a #LecternStatement
 * @error: return location for a #LecternDatabaseError
 *
 * Runs the statement to its end, dropping any rows. For INSERT, UPDATE and DELETE.
 *
 * Returns: %TRUE on success
 */
gboolean
lectern_statement_run (LecternStatement  *self,
                       GError           **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (lectern_statement_step (self, &local_error))
    ;

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}

/**
 * lectern_statement_reset:
 * @self: a #LecternStatement
 *
 * Makes the statement ready to run again. The bound values stay; bind new ones to change
 * them.
 */
void
lectern_statement_reset (LecternStatement *self)
{
  g_return_if_fail (LECTERN_IS_STATEMENT (self));

  sqlite3_reset (self->stmt);
  self->bind_rc = SQLITE_OK;
}

/**
 * lectern_statement_column_is_null:
 * @self: a #LecternStatement
 * @column: the column of the current row, counting from 0
 *
 * Returns: %TRUE if the column holds SQL NULL
 */
gboolean
lectern_statement_column_is_null (LecternStatement *self,
                                  int               column)
{
  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), TRUE);

  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

/**
 * lectern_statement_column_int64:
 * @self: a #LecternStatement
 * @column: the column of the current row, counting from 0
 *
 * Returns: the column as an integer; 0 for NULL
 */
gint64
lectern_statement_column_int64 (LecternStatement *self,
                                int               column)
{
  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), 0);

  return sqlite3_column_int64 (self->stmt, column);
}

/**
 * lectern_statement_column_double:
 * @self: a #LecternStatement
 * @column: the column of the current row, counting from 0
 *
 * Returns: the column as a floating point number; 0 for NULL
 */
double
lectern_statement_column_double (LecternStatement *self,
                                 int               column)
{
  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), 0.0);

  return sqlite3_column_double (self->stmt, column);
}

/**
 * lectern_statement_column_text:
 * @self: a #LecternStatement
 * @column: the column of the current row, counting from 0
 *
 * Returns: (transfer none) (nullable): the column as UTF-8 text, valid until the next
 *   step or reset; %NULL for NULL
 */
const char *
lectern_statement_column_text (LecternStatement *self,
                               int               column)
{
  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), NULL);

  return (const char *)sqlite3_column_text (self->stmt, column);
}

/**
 * lectern_statement_column_bytes:
 * @self: a #LecternStatement
 * @column: the column of the current row, counting from 0
 *
 * Returns: (transfer full) (nullable): a copy of the column's bytes; %NULL for NULL
 */
GBytes *
lectern_statement_column_bytes (LecternStatement *self,
                                int               column)
{
  const void *data;
  int length;

  g_return_val_if_fail (LECTERN_IS_STATEMENT (self), NULL);

  if (sqlite3_column_type (self->stmt, column) == SQLITE_NULL)
    return NULL;

  /* Ask for the pointer before the length, as SQLite's documentation says. */
  data = sqlite3_column_blob (self->stmt, column);
  length = sqlite3_column_bytes (self->stmt, column);
  return g_bytes_new (data, length);
}
