/* lectern-fetch-result.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LECTERN_TYPE_FETCH_RESULT  (lectern_fetch_result_get_type ())
#define LECTERN_TYPE_FETCH_CONTENT (lectern_fetch_content_get_type ())

/**
 * LecternFetchContent:
 * @LECTERN_FETCH_CONTENT_HTML: an HTML or XHTML page, for the extractor
 * @LECTERN_FETCH_CONTENT_TEXT: plain text, kept as preformatted text
 * @LECTERN_FETCH_CONTENT_IMAGE: a raster image whose bytes were checked
 *
 * What a successful fetch brought back. Anything else is an error.
 */
typedef enum {
  LECTERN_FETCH_CONTENT_HTML,
  LECTERN_FETCH_CONTENT_TEXT,
  LECTERN_FETCH_CONTENT_IMAGE,
} LecternFetchContent;

typedef struct _LecternFetchResult LecternFetchResult;

GType                lectern_fetch_content_get_type        (void) G_GNUC_CONST;
GType                lectern_fetch_result_get_type         (void) G_GNUC_CONST;

LecternFetchResult  *lectern_fetch_result_new              (const char          *uri,
                                                            guint                status,
                                                            LecternFetchContent  content,
                                                            const char          *content_type,
                                                            const char          *charset,
                                                            GBytes              *body);
LecternFetchResult  *lectern_fetch_result_ref              (LecternFetchResult  *self);
void                 lectern_fetch_result_unref            (LecternFetchResult  *self);
const char          *lectern_fetch_result_get_uri          (LecternFetchResult  *self);
guint                lectern_fetch_result_get_status       (LecternFetchResult  *self);
LecternFetchContent  lectern_fetch_result_get_content      (LecternFetchResult  *self);
const char          *lectern_fetch_result_get_content_type (LecternFetchResult  *self);
const char          *lectern_fetch_result_get_charset      (LecternFetchResult  *self);
GBytes              *lectern_fetch_result_get_body         (LecternFetchResult  *self);
gboolean             lectern_fetch_result_get_local        (LecternFetchResult  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternFetchResult, lectern_fetch_result_unref)

G_END_DECLS
