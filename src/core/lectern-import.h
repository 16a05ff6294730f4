/* lectern-import.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article-store.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_IMPORT (lectern_import_get_type ())
#define LECTERN_IMPORT_ERROR (lectern_import_error_quark ())

/* How many entries each transaction of an import stores. */
#define LECTERN_IMPORT_BATCH 2000

/**
 * LecternImportError:
 * @LECTERN_IMPORT_ERROR_EMPTY: the file is empty
 * @LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT: the file is not an export Lectern reads
 * @LECTERN_IMPORT_ERROR_INVALID: the file is an export, but broken: what came before
 *   the fault is imported
 */
typedef enum {
  LECTERN_IMPORT_ERROR_EMPTY,
  LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT,
  LECTERN_IMPORT_ERROR_INVALID,
} LecternImportError;

/**
 * LecternImportFormat:
 * @LECTERN_IMPORT_FORMAT_UNKNOWN: none Lectern reads
 * @LECTERN_IMPORT_FORMAT_POCKET_CSV: Pocket's export since 2024, a CSV file with a
 *   `title,url,time_added,tags,status` header
 * @LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV: Instapaper's CSV export,
 *   `URL,Title,Selection,Folder[,Timestamp,Tags]`
 * @LECTERN_IMPORT_FORMAT_POCKET_HTML: Pocket's export before 2024, `ril_export.html`
 * @LECTERN_IMPORT_FORMAT_BOOKMARKS: the Netscape bookmark file browsers export
 * @LECTERN_IMPORT_FORMAT_WALLABAG: wallabag's JSON export
 * @LECTERN_IMPORT_FORMAT_OMNIVORE: Omnivore's `metadata_*.json`, alone or in its ZIP
 * @LECTERN_IMPORT_FORMAT_URL_LIST: a plain text file of addresses, one a line
 * @LECTERN_IMPORT_FORMAT_ARCHIVE: a ZIP archive, whose files are read as exports (Pocket's
 *   export is a ZIP of CSV files); once an import has read it, lectern_import_get_format()
 *   gives the format of its files
 * @LECTERN_IMPORT_FORMAT_BACKUP: Lectern's own backup (a ZIP archive)
 *
 * The kinds of file lectern_import_detect_format() tells apart.
 */
typedef enum {
  LECTERN_IMPORT_FORMAT_UNKNOWN,
  LECTERN_IMPORT_FORMAT_POCKET_CSV,
  LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV,
  LECTERN_IMPORT_FORMAT_POCKET_HTML,
  LECTERN_IMPORT_FORMAT_BOOKMARKS,
  LECTERN_IMPORT_FORMAT_WALLABAG,
  LECTERN_IMPORT_FORMAT_OMNIVORE,
  LECTERN_IMPORT_FORMAT_URL_LIST,
  LECTERN_IMPORT_FORMAT_ARCHIVE,
  LECTERN_IMPORT_FORMAT_BACKUP,
} LecternImportFormat;

/**
 * LecternImportSkip:
 * @location: where in the file ("line 12")
 * @url: (nullable): the address, as the file has it, its control characters escaped
 * @reason: why it was skipped, for the user
 *
 * One entry of a file that an import left out.
 */
typedef struct {
  char *location;
  char *url;
  char *reason;
} LecternImportSkip;

G_DECLARE_FINAL_TYPE (LecternImport, lectern_import, LECTERN, IMPORT, GObject)

GQuark               lectern_import_error_quark     (void);
LecternImportFormat  lectern_import_detect_format   (const char          *data,
                                                     gsize                length);
const char          *lectern_import_format_get_name (LecternImportFormat  format);

LecternImport       *lectern_import_new             (LecternArticleStore *store);
gboolean             lectern_import_run             (LecternImport       *self,
                                                     GInputStream        *stream,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean             lectern_import_run_file        (LecternImport       *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void                 lectern_import_run_async       (LecternImport       *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean             lectern_import_run_finish      (LecternImport       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
LecternImportFormat  lectern_import_get_format      (LecternImport       *self);
guint                lectern_import_get_n_added     (LecternImport       *self);
guint                lectern_import_get_n_existing  (LecternImport       *self);
guint                lectern_import_get_n_duplicates (LecternImport      *self);
guint                lectern_import_get_n_skipped   (LecternImport       *self);
GPtrArray           *lectern_import_get_skipped     (LecternImport       *self);
char                *lectern_import_dup_summary     (LecternImport       *self);
char                *lectern_import_dup_report      (LecternImport       *self);

G_END_DECLS
