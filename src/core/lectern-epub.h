/* lectern-epub.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article-store.h"

G_BEGIN_DECLS

typedef struct _LecternEpubWriter LecternEpubWriter;

LecternEpubWriter *lectern_epub_writer_new         (LecternArticleStore  *store,
                                                    GOutputStream        *stream,
                                                    const char           *title,
                                                    GCancellable         *cancellable);
gboolean           lectern_epub_writer_add_article (LecternEpubWriter    *self,
                                                    LecternArticle       *article,
                                                    GError              **error);
gboolean           lectern_epub_writer_finish      (LecternEpubWriter    *self,
                                                    GError              **error);
void               lectern_epub_writer_free        (LecternEpubWriter    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternEpubWriter, lectern_epub_writer_free)

G_END_DECLS
