/* lectern-highlight.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lectern-text-selector.h"

G_BEGIN_DECLS

/**
 * LecternHighlightColor:
 * @LECTERN_HIGHLIGHT_YELLOW: yellow, the colour a highlight has unless another is chosen
 * @LECTERN_HIGHLIGHT_GREEN: green
 * @LECTERN_HIGHLIGHT_BLUE: blue
 * @LECTERN_HIGHLIGHT_PINK: pink
 * @LECTERN_HIGHLIGHT_PURPLE: purple
 *
 * The colours a highlight can have. The library stores them by name
 * (lectern_highlight_color_to_string()).
 */
typedef enum {
  LECTERN_HIGHLIGHT_YELLOW,
  LECTERN_HIGHLIGHT_GREEN,
  LECTERN_HIGHLIGHT_BLUE,
  LECTERN_HIGHLIGHT_PINK,
  LECTERN_HIGHLIGHT_PURPLE,
} LecternHighlightColor;

#define LECTERN_N_HIGHLIGHT_COLORS (LECTERN_HIGHLIGHT_PURPLE + 1)

#define LECTERN_TYPE_HIGHLIGHT_COLOR (lectern_highlight_color_get_type ())
#define LECTERN_TYPE_HIGHLIGHT       (lectern_highlight_get_type ())

GType                 lectern_highlight_color_get_type     (void) G_GNUC_CONST;
const char           *lectern_highlight_color_to_string    (LecternHighlightColor  color);
gboolean              lectern_highlight_color_from_string  (const char            *name,
                                                            LecternHighlightColor *color);

G_DECLARE_FINAL_TYPE (LecternHighlight, lectern_highlight, LECTERN, HIGHLIGHT, GObject)

LecternHighlight          *lectern_highlight_new               (gint64                     article_id,
                                                                const LecternTextSelector *selector);
gint64                     lectern_highlight_get_id            (LecternHighlight          *self);
void                       lectern_highlight_set_id            (LecternHighlight          *self,
                                                                gint64                     id);
gint64                     lectern_highlight_get_article_id    (LecternHighlight          *self);
void                       lectern_highlight_set_article_id    (LecternHighlight          *self,
                                                                gint64                     article_id);
const LecternTextSelector *lectern_highlight_get_selector      (LecternHighlight          *self);
void                       lectern_highlight_set_selector      (LecternHighlight          *self,
                                                                const LecternTextSelector *selector);
const char                *lectern_highlight_get_text          (LecternHighlight          *self);
LecternHighlightColor      lectern_highlight_get_color         (LecternHighlight          *self);
void                       lectern_highlight_set_color         (LecternHighlight          *self,
                                                                LecternHighlightColor      color);
const char                *lectern_highlight_get_note          (LecternHighlight          *self);
void                       lectern_highlight_set_note          (LecternHighlight          *self,
                                                                const char                *note);
gint64                     lectern_highlight_get_created_at    (LecternHighlight          *self);
void                       lectern_highlight_set_created_at    (LecternHighlight          *self,
                                                                gint64                     created_at);
gint64                     lectern_highlight_get_updated_at    (LecternHighlight          *self);
void                       lectern_highlight_set_updated_at    (LecternHighlight          *self,
                                                                gint64                     updated_at);
gboolean                   lectern_highlight_get_found         (LecternHighlight          *self);
void                       lectern_highlight_set_found         (LecternHighlight          *self,
                                                                gboolean                   found);
const char                *lectern_highlight_get_article_title (LecternHighlight          *self);
void                       lectern_highlight_set_article_title (LecternHighlight          *self,
                                                                const char                *title);
LecternHighlight          *lectern_highlight_copy              (LecternHighlight          *self);

char                      *lectern_highlight_clean_note        (const char                *note);
char                      *lectern_highlight_text_from_html    (const char                *body_html);

G_END_DECLS
