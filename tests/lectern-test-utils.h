/* lectern-test-utils.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article.h"

G_BEGIN_DECLS

char           *lectern_test_make_tmpdir     (void);
void            lectern_test_rm_rf           (const char *path);
char           *lectern_test_read_data       (const char *name,
                                              gsize      *length);
LecternArticle *lectern_test_article_new     (const char *title,
                                              const char *url,
                                              const char *body_html);
gboolean        lectern_test_wait_for        (gboolean   *flag,
                                              guint       timeout_ms);

G_END_DECLS
