/* lectern-database.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-core-types.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_DATABASE (lectern_database_get_type ())
#define LECTERN_DATABASE_ERROR (lectern_database_error_quark ())

/* The schema version this Lectern writes: the library's PRAGMA user_version once open. */
#define LECTERN_DATABASE_VERSION 9

/**
 * LecternDatabaseError:
 * @LECTERN_DATABASE_ERROR_CORRUPT: the file is not a Lectern library; it was moved aside
 * @LECTERN_DATABASE_ERROR_OPEN: the file could not be opened (permissions, missing folder)
 * @LECTERN_DATABASE_ERROR_READ_ONLY: the library cannot be written
 * @LECTERN_DATABASE_ERROR_FULL: the disk is full
 * @LECTERN_DATABASE_ERROR_TOO_NEW: the library was written by a newer Lectern
 * @LECTERN_DATABASE_ERROR_FAILED: any other SQLite error
 * @LECTERN_DATABASE_ERROR_NOT_FOUND: no row matched
 * @LECTERN_DATABASE_ERROR_BUSY: another connection, maybe of another process, kept the
 *   library locked for longer than a write waits; trying again later may work
 * @LECTERN_DATABASE_ERROR_EXISTS: an article with this address is in the library already
 */
typedef enum {
  LECTERN_DATABASE_ERROR_CORRUPT,
  LECTERN_DATABASE_ERROR_OPEN,
  LECTERN_DATABASE_ERROR_READ_ONLY,
  LECTERN_DATABASE_ERROR_FULL,
  LECTERN_DATABASE_ERROR_TOO_NEW,
  LECTERN_DATABASE_ERROR_FAILED,
  LECTERN_DATABASE_ERROR_NOT_FOUND,
  LECTERN_DATABASE_ERROR_BUSY,
  LECTERN_DATABASE_ERROR_EXISTS,
} LecternDatabaseError;

G_DECLARE_FINAL_TYPE (LecternDatabase, lectern_database, LECTERN, DATABASE, GObject)

GQuark            lectern_database_error_quark      (void);

LecternDatabase  *lectern_database_open             (const char       *path,
                                                     gboolean          read_only,
                                                     GError          **error);
const char       *lectern_database_get_path         (LecternDatabase  *self);
const char       *lectern_database_get_moved_aside  (LecternDatabase  *self);
int               lectern_database_get_version      (LecternDatabase  *self);
gboolean          lectern_database_is_read_only     (LecternDatabase  *self);
gboolean          lectern_database_exec             (LecternDatabase  *self,
                                                     const char       *sql,
                                                     GError          **error);
LecternStatement *lectern_database_prepare          (LecternDatabase  *self,
                                                     const char       *sql,
                                                     GError          **error);
gboolean          lectern_database_begin            (LecternDatabase  *self,
                                                     GError          **error);
gboolean          lectern_database_commit           (LecternDatabase  *self,
                                                     GError          **error);
void              lectern_database_rollback         (LecternDatabase  *self);
gint64            lectern_database_last_insert_id   (LecternDatabase  *self);
int               lectern_database_changes          (LecternDatabase  *self);

G_END_DECLS
