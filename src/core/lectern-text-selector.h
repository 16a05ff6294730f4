/* lectern-text-selector.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LECTERN_TYPE_TEXT_SELECTOR (lectern_text_selector_get_type ())

/* How much text a selector keeps on each side of its quote, in characters. */
#define LECTERN_TEXT_SELECTOR_CONTEXT 32

/**
 * LecternTextSelector:
 * @exact: the text selected
 * @prefix: up to %LECTERN_TEXT_SELECTOR_CONTEXT characters before it
 * @suffix: up to %LECTERN_TEXT_SELECTOR_CONTEXT characters after it
 * @start: where it starts in the article's text, in characters (Unicode code points)
 * @end: where it ends, in characters
 *
 * A passage of an article's text, anchored the way the W3C Web Annotation model does: by
 * a text-quote selector (@exact with @prefix and @suffix) and a text-position selector
 * (@start and @end), so that it can be found again when the text changes around it.
 */
typedef struct {
  char *exact;
  char *prefix;
  char *suffix;
  guint start;
  guint end;
} LecternTextSelector;

GType                lectern_text_selector_get_type   (void) G_GNUC_CONST;
LecternTextSelector *lectern_text_selector_new        (const char                *exact,
                                                       const char                *prefix,
                                                       const char                *suffix,
                                                       guint                      start,
                                                       guint                      end);
LecternTextSelector *lectern_text_selector_new_for_range (const char             *text,
                                                       guint                      start,
                                                       guint                      end);
LecternTextSelector *lectern_text_selector_copy       (const LecternTextSelector *selector);
void                 lectern_text_selector_free       (LecternTextSelector       *selector);
gboolean             lectern_text_selector_anchor     (const LecternTextSelector *selector,
                                                       const char                *text,
                                                       guint                     *start,
                                                       guint                     *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternTextSelector, lectern_text_selector_free)

G_END_DECLS
