/* lectern-query.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LECTERN_TYPE_QUERY (lectern_query_get_type ())

/**
 * LecternQueryFlags:
 * @LECTERN_QUERY_UNREAD: `is:unread`
 * @LECTERN_QUERY_STARRED: `is:starred` (also `is:favourite`, `is:favorite`)
 * @LECTERN_QUERY_ARCHIVED: `is:archived`
 *
 * The states an article must have (or, excluded, must not have) to match a query.
 */
typedef enum {
  LECTERN_QUERY_UNREAD   = 1 << 0,
  LECTERN_QUERY_STARRED  = 1 << 1,
  LECTERN_QUERY_ARCHIVED = 1 << 2,
} LecternQueryFlags;

typedef struct _LecternQuery LecternQuery;

GType               lectern_query_get_type             (void) G_GNUC_CONST;

LecternQuery       *lectern_query_parse                (const char   *text);
LecternQuery       *lectern_query_ref                  (LecternQuery *self);
void                lectern_query_unref                (LecternQuery *self);

const char         *lectern_query_get_text             (LecternQuery *self);
gboolean            lectern_query_is_empty             (LecternQuery *self);
const char         *lectern_query_get_match            (LecternQuery *self);
const char * const *lectern_query_get_phrases          (LecternQuery *self);
const char         *lectern_query_get_exclude_match    (LecternQuery *self);
const char * const *lectern_query_get_tags             (LecternQuery *self);
const char * const *lectern_query_get_excluded_tags    (LecternQuery *self);
const char * const *lectern_query_get_sites            (LecternQuery *self);
const char * const *lectern_query_get_excluded_sites   (LecternQuery *self);
LecternQueryFlags   lectern_query_get_flags            (LecternQuery *self);
LecternQueryFlags   lectern_query_get_excluded_flags   (LecternQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternQuery, lectern_query_unref)

G_END_DECLS
