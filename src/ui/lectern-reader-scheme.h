/* lectern-reader-scheme.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "lectern-article-store.h"
#include "lectern-reader-style.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_READER_SCHEME (lectern_reader_scheme_get_type ())

G_DECLARE_FINAL_TYPE (LecternReaderScheme, lectern_reader_scheme, LECTERN, READER_SCHEME, GObject)

/* The policy every lectern: page is served with: only our own style sheets and stored images
 * load; no script, frame, font, media or connection of the page's own is allowed, and no
 * inline style either, so a page cannot restyle the reader or hide text from it.
 */
#define LECTERN_READER_CSP \
  "default-src 'none'; style-src lectern://style; img-src lectern://image; " \
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

LecternReaderScheme *lectern_reader_scheme_new            (LecternArticleStore    *store);
void                 lectern_reader_scheme_set_settings   (LecternReaderScheme    *self,
                                                           GSettings              *settings);
void                 lectern_reader_scheme_handle_request (WebKitURISchemeRequest *request,
                                                           gpointer                user_data);
char                *lectern_reader_scheme_render_article (LecternArticle         *article,
                                                           const LecternReaderStyle *style);
char                *lectern_reader_scheme_dup_article_uri (gint64                 id);

G_END_DECLS
