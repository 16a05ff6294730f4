/* lectern-article-list.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article-store.h"
#include "lectern-core-types.h"
#include "lectern-query.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_ARTICLE_LIST (lectern_article_list_get_type ())

G_DECLARE_FINAL_TYPE (LecternArticleList, lectern_article_list, LECTERN, ARTICLE_LIST, GObject)

LecternArticleList *lectern_article_list_new        (LecternArticleStore *store,
                                                     LecternFilter        filter,
                                                     LecternSort          sort);
LecternArticleStore *lectern_article_list_get_store (LecternArticleList  *self);
LecternFilter       lectern_article_list_get_filter (LecternArticleList  *self);
void                lectern_article_list_set_filter (LecternArticleList  *self,
                                                     LecternFilter        filter);
LecternSort         lectern_article_list_get_sort   (LecternArticleList  *self);
void                lectern_article_list_set_sort   (LecternArticleList  *self,
                                                     LecternSort          sort);
guint               lectern_article_list_find       (LecternArticleList  *self,
                                                     gint64               id);
void                lectern_article_list_set_query  (LecternArticleList  *self,
                                                     LecternQuery        *query);
LecternQuery       *lectern_article_list_get_query  (LecternArticleList  *self);
gboolean            lectern_article_list_is_loading (LecternArticleList  *self);

G_END_DECLS
