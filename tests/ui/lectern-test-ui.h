/* lectern-test-ui.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "lectern-application.h"
#include "lectern-article-store.h"

G_BEGIN_DECLS

gboolean            lectern_test_ui_init             (int          *argc,
                                                      char       ***argv);
typedef void (*LecternTestUiFunc) (LecternApplication *app,
                                   gpointer            data);

void                lectern_test_ui_run              (LecternTestUiFunc  func,
                                                      gpointer           data);
LecternArticleStore *lectern_test_ui_open_library    (void);
void                lectern_test_ui_reset_library    (void);
void                lectern_test_ui_use_language     (const char    *language);
void                lectern_test_ui_wait_load        (WebKitWebView *web_view,
                                                      const char    *uri);
void                lectern_test_ui_flush            (GtkWidget     *widget);
char               *lectern_test_ui_eval             (WebKitWebView *web_view,
                                                      const char    *script);
double              lectern_test_ui_eval_number      (WebKitWebView *web_view,
                                                      const char    *script);
gboolean            lectern_test_ui_eval_boolean     (WebKitWebView *web_view,
                                                      const char    *script);
void                lectern_test_ui_wait_painted     (WebKitWebView *web_view);
void                lectern_test_ui_settle           (LecternArticleStore *store);
void                lectern_test_ui_screenshot       (GtkWidget     *widget,
                                                      const char    *path);
LecternArticle     *lectern_test_ui_seed_article_new (void);
gint64              lectern_test_ui_save_page        (LecternArticleStore *store,
                                                      const char    *site_dir,
                                                      const char    *path);

G_END_DECLS
