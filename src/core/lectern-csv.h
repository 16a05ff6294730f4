/* lectern-csv.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LECTERN_CSV_ERROR (lectern_csv_error_quark ())

/* The longest record the reader holds, in bytes: a field of a few megabytes reads, a file
 * that is not CSV (one quote opened and never closed) stops there instead of filling the
 * memory.
 */
#define LECTERN_CSV_MAX_RECORD (16 * 1024 * 1024)

/**
 * LecternCsvError:
 * @LECTERN_CSV_ERROR_UNTERMINATED: a quoted field is still open at the end of the file
 * @LECTERN_CSV_ERROR_TOO_LONG: a record is longer than %LECTERN_CSV_MAX_RECORD
 */
typedef enum {
  LECTERN_CSV_ERROR_UNTERMINATED,
  LECTERN_CSV_ERROR_TOO_LONG,
} LecternCsvError;

typedef struct _LecternCsvReader LecternCsvReader;

GQuark             lectern_csv_error_quark     (void);
LecternCsvReader  *lectern_csv_reader_new      (GInputStream      *stream);
void               lectern_csv_reader_free     (LecternCsvReader  *self);
char             **lectern_csv_reader_next     (LecternCsvReader  *self,
                                                GCancellable      *cancellable,
                                                GError           **error);
guint              lectern_csv_reader_get_line (LecternCsvReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternCsvReader, lectern_csv_reader_free)

G_END_DECLS
