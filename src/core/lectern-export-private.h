/* lectern-export-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-export.h"

G_BEGIN_DECLS

/* The writers of the archive formats, each over the articles @ids lists, in order. */
gboolean    _lectern_export_write_backup         (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

const char *_lectern_backup_save_state_to_string (LecternSaveState      state);

G_END_DECLS
