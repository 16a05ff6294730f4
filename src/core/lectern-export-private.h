/* lectern-export-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-export.h"

#include <libxml/tree.h>

G_BEGIN_DECLS

/* The writers of the archive formats, each over the articles @ids lists, in order. */
gboolean    _lectern_export_write_backup         (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

gboolean    _lectern_export_write_html           (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  gboolean              single,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char       *_lectern_export_dup_article_html     (LecternArticleStore  *store,
                                                  LecternArticle       *article);
gboolean    _lectern_export_write_markdown       (LecternArticleStore  *store,
                                                  GArray               *ids,
                                                  GOutputStream        *stream,
                                                  guint                *n_written,
                                                  GCancellable         *cancellable,
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

G_END_DECLS
