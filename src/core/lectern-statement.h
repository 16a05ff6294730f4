/* lectern-statement.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lectern-core-types.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_STATEMENT (lectern_statement_get_type ())

G_DECLARE_FINAL_TYPE (LecternStatement, lectern_statement, LECTERN, STATEMENT, GObject)

void         lectern_statement_bind_int64   (LecternStatement  *self,
                                             int                column,
                                             gint64             value);
void         lectern_statement_bind_double  (LecternStatement  *self,
                                             int                column,
                                             double             value);
void         lectern_statement_bind_text    (LecternStatement  *self,
                                             int                column,
                                             const char        *value);
void         lectern_statement_bind_blob    (LecternStatement  *self,
                                             int                column,
                                             gconstpointer      data,
                                             gsize              length);
void         lectern_statement_bind_null    (LecternStatement  *self,
                                             int                column);
gboolean     lectern_statement_step         (LecternStatement  *self,
                                             GError           **error);
gboolean     lectern_statement_run          (LecternStatement  *self,
                                             GError           **error);
void         lectern_statement_reset        (LecternStatement  *self);
gboolean     lectern_statement_column_is_null (LecternStatement *self,
                                             int                column);
gint64       lectern_statement_column_int64 (LecternStatement  *self,
                                             int                column);
double       lectern_statement_column_double (LecternStatement *self,
                                             int                column);
const char  *lectern_statement_column_text  (LecternStatement  *self,
                                             int                column);
GBytes      *lectern_statement_column_bytes (LecternStatement  *self,
                                             int                column);

G_END_DECLS
