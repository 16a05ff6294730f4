/* lectern-article-row.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lectern-article.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_ARTICLE_ROW (lectern_article_row_get_type ())

G_DECLARE_FINAL_TYPE (LecternArticleRow, lectern_article_row, LECTERN, ARTICLE_ROW, GtkWidget)

GtkWidget      *lectern_article_row_new         (void);
LecternArticle *lectern_article_row_get_article (LecternArticleRow *self);
void            lectern_article_row_set_article (LecternArticleRow *self,
                                                 LecternArticle    *article);
char           *lectern_article_row_dup_meta    (LecternArticle    *article);
char           *lectern_article_row_dup_snippet_markup (const char *snippet);
char           *lectern_article_row_dup_excerpt_text   (const char *excerpt);

G_END_DECLS
