/* lectern-window.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lectern-application.h"
#include "lectern-article-list.h"
#include "lectern-export.h"
#include "lectern-reader-view.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_WINDOW (lectern_window_get_type ())

G_DECLARE_FINAL_TYPE (LecternWindow, lectern_window, LECTERN, WINDOW, AdwApplicationWindow)

LecternWindow      *lectern_window_new                 (LecternApplication *application);
LecternArticleList *lectern_window_get_article_list    (LecternWindow      *self);
LecternReaderView  *lectern_window_get_reader_view     (LecternWindow      *self);
gint64              lectern_window_get_current_article (LecternWindow      *self);
void                lectern_window_show_article        (LecternWindow      *self,
                                                        gint64              id);
void                lectern_window_show_preferences    (LecternWindow      *self);
void                lectern_window_add_toast           (LecternWindow      *self,
                                                        const char         *message);
void                lectern_window_save_url            (LecternWindow      *self,
                                                        const char         *url);
void                lectern_window_save_url_with_tags  (LecternWindow      *self,
                                                        const char         *url,
                                                        const char * const *tags);
void                lectern_window_import_file         (LecternWindow      *self,
                                                        GFile              *file);
void                lectern_window_export_file         (LecternWindow      *self,
                                                        LecternExportFormat format,
                                                        gboolean            whole_library,
                                                        GFile              *file);
void                lectern_window_export_article      (LecternWindow      *self,
                                                        LecternExportFormat format,
                                                        gint64              id,
                                                        GFile              *file);
void                lectern_window_save_file           (LecternWindow      *self,
                                                        GFile              *file);
char              **lectern_window_parse_tags          (const char         *text,
                                                        GError            **error);

G_END_DECLS
