/* lectern-reader-view.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "lectern-application.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_READER_VIEW (lectern_reader_view_get_type ())

G_DECLARE_FINAL_TYPE (LecternReaderView, lectern_reader_view, LECTERN, READER_VIEW, GtkWidget)

LecternReaderView *lectern_reader_view_new            (LecternApplication *application);
WebKitWebView     *lectern_reader_view_get_web_view   (LecternReaderView  *self);
gint64             lectern_reader_view_get_article_id (LecternReaderView  *self);
void               lectern_reader_view_load_article   (LecternReaderView  *self,
                                                       gint64              id,
                                                       double              progress,
                                                       const char         *anchor);
void               lectern_reader_view_load_article_at_highlight (LecternReaderView *self,
                                                       gint64              id,
                                                       gint64              highlight_id);
gint64             lectern_reader_view_get_shown_highlight (LecternReaderView *self);
double             lectern_reader_view_get_progress   (LecternReaderView  *self);
const char        *lectern_reader_view_get_anchor     (LecternReaderView  *self);
gboolean           lectern_reader_view_get_restored   (LecternReaderView  *self);
void               lectern_reader_view_page           (LecternReaderView  *self,
                                                       int                 direction);
void               lectern_reader_view_clear          (LecternReaderView  *self);
gboolean           lectern_reader_view_get_loading    (LecternReaderView  *self);

G_END_DECLS
