/* lectern-export.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article-store.h"
#include "lectern-query.h"

G_BEGIN_DECLS

/**
 * LecternExportFormat:
 * @LECTERN_EXPORT_FORMAT_CSV: Pocket's CSV columns (`title,url,time_added,tags,status`),
 *   then Lectern's own, so that other apps' Pocket importers read it
 * @LECTERN_EXPORT_FORMAT_BOOKMARKS: the Netscape bookmark file browsers import
 * @LECTERN_EXPORT_FORMAT_BACKUP: Lectern's backup, a ZIP archive that imports back into
 *   the same library: every article with its body, images, tags and states
 *
 * What lectern_export_write() writes.
 */
typedef enum {
  LECTERN_EXPORT_FORMAT_CSV,
  LECTERN_EXPORT_FORMAT_BOOKMARKS,
  LECTERN_EXPORT_FORMAT_BACKUP,
} LecternExportFormat;

gboolean  lectern_export_format_from_name (const char           *name,
                                           LecternExportFormat  *format);
gboolean  lectern_export_write            (LecternArticleStore  *store,
                                           LecternExportFormat   format,
                                           LecternQuery         *query,
                                           GOutputStream        *stream,
                                           guint                *n_written,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
