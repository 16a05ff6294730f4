/* lectern-highlights-view.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lectern-article-store.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_HIGHLIGHTS_VIEW (lectern_highlights_view_get_type ())

G_DECLARE_FINAL_TYPE (LecternHighlightsView, lectern_highlights_view, LECTERN, HIGHLIGHTS_VIEW,
                      GtkWidget)

GtkWidget           *lectern_highlights_view_new            (void);
LecternArticleStore *lectern_highlights_view_get_store      (LecternHighlightsView *self);
void                 lectern_highlights_view_set_store      (LecternHighlightsView *self,
                                                             LecternArticleStore   *store);
const char          *lectern_highlights_view_get_query_text (LecternHighlightsView *self);
void                 lectern_highlights_view_set_query_text (LecternHighlightsView *self,
                                                             const char            *text);
void                 lectern_highlights_view_refresh        (LecternHighlightsView *self);
GListModel          *lectern_highlights_view_get_model      (LecternHighlightsView *self);
GtkListView         *lectern_highlights_view_get_list_view  (LecternHighlightsView *self);
gboolean             lectern_highlights_view_activate_first (LecternHighlightsView *self);

G_END_DECLS
