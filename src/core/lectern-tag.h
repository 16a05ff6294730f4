/* lectern-tag.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LECTERN_TAG_ERROR (lectern_tag_error_quark ())
#define LECTERN_TYPE_TAG_COUNT (lectern_tag_count_get_type ())

/* The longest tag name, in characters, once trimmed. */
#define LECTERN_TAG_MAX_LENGTH 100

/**
 * LecternTagError:
 * @LECTERN_TAG_ERROR_EMPTY: the name is empty or only white space
 * @LECTERN_TAG_ERROR_INVALID: the name holds a control character or is not UTF-8
 * @LECTERN_TAG_ERROR_TOO_LONG: the name is longer than %LECTERN_TAG_MAX_LENGTH characters
 */
typedef enum {
  LECTERN_TAG_ERROR_EMPTY,
  LECTERN_TAG_ERROR_INVALID,
  LECTERN_TAG_ERROR_TOO_LONG,
} LecternTagError;

/**
 * LecternTagCount:
 * @name: the tag's name, as first written
 * @count: how many articles have it
 *
 * One tag as lectern_article_store_list_tags() gives it.
 */
typedef struct {
  char *name;
  guint count;
} LecternTagCount;

GQuark           lectern_tag_error_quark  (void);

char            *lectern_tag_normalize    (const char            *name,
                                           GError               **error);
char            *lectern_tag_key          (const char            *name);
char           **lectern_tag_normalize_list (const char * const  *names,
                                           GError               **error);

GType            lectern_tag_count_get_type (void) G_GNUC_CONST;
LecternTagCount *lectern_tag_count_new    (const char            *name,
                                           guint                  count);
LecternTagCount *lectern_tag_count_copy   (const LecternTagCount *tag);
void             lectern_tag_count_free   (LecternTagCount       *tag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternTagCount, lectern_tag_count_free)

G_END_DECLS
