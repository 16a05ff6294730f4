/* lectern-extractor.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lectern-article.h"

G_BEGIN_DECLS

#define LECTERN_EXTRACTOR_ERROR (lectern_extractor_error_quark ())

/**
 * LecternExtractorError:
 * @LECTERN_EXTRACTOR_ERROR_EMPTY: the input holds no bytes or no document
 * @LECTERN_EXTRACTOR_ERROR_NO_ARTICLE: nothing article-like was found
 * @LECTERN_EXTRACTOR_ERROR_PARSE: the document could not be parsed at all
 */
typedef enum {
  LECTERN_EXTRACTOR_ERROR_EMPTY,
  LECTERN_EXTRACTOR_ERROR_NO_ARTICLE,
  LECTERN_EXTRACTOR_ERROR_PARSE,
} LecternExtractorError;

GQuark          lectern_extractor_error_quark (void);

LecternArticle *lectern_extract               (const char  *data,
                                               gsize        length,
                                               const char  *charset_hint,
                                               const char  *base_url,
                                               GError     **error);

G_END_DECLS
