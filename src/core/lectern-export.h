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
 * @LECTERN_EXPORT_FORMAT_EPUB: one EPUB 3 book, an article a chapter, for e-readers
 * @LECTERN_EXPORT_FORMAT_MARKDOWN: a ZIP of one Markdown file per article, with a front
 *   matter, and their images in `images/`
 * @LECTERN_EXPORT_FORMAT_HTML: one self-contained HTML file per article (a ZIP of them
 *   for more than one)
 *
 * What lectern_export_write() writes.
 */
typedef enum {
  LECTERN_EXPORT_FORMAT_CSV,
  LECTERN_EXPORT_FORMAT_BOOKMARKS,
  LECTERN_EXPORT_FORMAT_BACKUP,
  LECTERN_EXPORT_FORMAT_EPUB,
  LECTERN_EXPORT_FORMAT_MARKDOWN,
  LECTERN_EXPORT_FORMAT_HTML,
} LecternExportFormat;

gboolean    lectern_export_format_from_name     (const char           *name,
                                                 LecternExportFormat  *format);
const char *lectern_export_format_get_extension (LecternExportFormat   format,
                                                 guint                 n_articles);
gboolean    lectern_export_write                (LecternArticleStore  *store,
                                                 LecternExportFormat   format,
                                                 LecternFilter         filter,
                                                 LecternQuery         *query,
                                                 GOutputStream        *stream,
                                                 guint                *n_written,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
gboolean    lectern_export_write_ids            (LecternArticleStore  *store,
                                                 LecternExportFormat   format,
                                                 GArray               *ids,
                                                 const char           *title,
                                                 GOutputStream        *stream,
                                                 guint                *n_written,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
gboolean    lectern_export_write_folder         (LecternArticleStore  *store,
                                                 LecternExportFormat   format,
                                                 GArray               *ids,
                                                 GFile                *folder,
                                                 guint                *n_written,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
gboolean    lectern_export_write_file           (LecternArticleStore  *store,
                                                 LecternExportFormat   format,
                                                 GArray               *ids,
                                                 const char           *title,
                                                 GFile                *file,
                                                 guint                *n_written,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

/* Highlights alone, as Markdown (lectern-export-highlights.c). */
char       *lectern_export_highlights_markdown   (LecternArticleStore  *store,
                                                  gint64                article_id,
                                                  GError              **error);
gboolean    lectern_export_highlights_write_file (LecternArticleStore  *store,
                                                  gint64                article_id,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
