/* lectern-text.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lectern_text_escape_controls (const char *text,
                                    gssize      length);
char *lectern_text_format_count    (guint       count);
char *lectern_text_dup_clean_line  (const char *text,
                                    guint       max_chars);

gboolean lectern_text_is_cjk (gunichar    c);
void     lectern_text_count  (const char *text,
                              guint      *words,
                              guint      *chars,
                              guint      *minutes);

G_END_DECLS
