/* lectern-export-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-export.h"
#include "lectern-zip-writer.h"

#include <libxml/tree.h>

G_BEGIN_DECLS

/* The writers of the archive formats, each over the articles @ids lists, in order. */
gboolean    _lectern_export_write_backup         (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

/* Where the files of a Markdown or HTML export go: a ZIP archive, or a folder. */
typedef struct {
  LecternZipWriter *zip;
  GFile *folder;
  GCancellable *cancellable;
} LecternExportSink;

gboolean    _lectern_export_sink_add             (LecternExportSink    *sink,
                                                  const char           *path,
                                                  const void           *data,
                                                  gsize                 size,
                                                  gboolean              compress,
                                                  GError              **error);

gboolean    _lectern_export_write_html           (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  LecternExportSink    *sink,
                                                  guint                *n_written,
                                                  GError              **error);
gboolean    _lectern_export_write_html_file      (LecternArticleStore  *store,
                                                  gint64                id,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char       *_lectern_export_dup_article_html     (LecternArticleStore  *store,
                                                  LecternArticle       *article);
gboolean    _lectern_export_write_markdown       (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  LecternExportSink    *sink,
                                                  guint                *n_written,
                                                  GError              **error);

const char *_lectern_backup_save_state_to_string (LecternSaveState      state);

/* Shared by the writers. */
char       *_lectern_export_image_sha256         (const char           *src);
const char *_lectern_export_image_extension      (const char           *content_type);
xmlNode    *_lectern_export_replace_image        (xmlDoc               *doc,
                                                  xmlNode              *img);
char       *_lectern_export_dup_date             (gint64                time);
gboolean    _lectern_export_is_web_url           (const char           *url);
char       *_lectern_export_dup_file_name        (LecternArticle       *article,
                                                  GHashTable           *used,
                                                  const char           *extension);
void        _lectern_export_mark_highlights      (LecternArticleStore  *store,
                                                  gint64                id,
                                                  xmlNode              *root);
char       *_lectern_export_dup_marked_body      (LecternArticleStore  *store,
                                                  LecternArticle       *article);

G_END_DECLS
