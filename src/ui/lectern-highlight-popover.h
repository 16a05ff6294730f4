/* lectern-highlight-popover.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lectern-highlight.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_HIGHLIGHT_POPOVER (lectern_highlight_popover_get_type ())

G_DECLARE_FINAL_TYPE (LecternHighlightPopover, lectern_highlight_popover,
                      LECTERN, HIGHLIGHT_POPOVER, GtkPopover)

GtkWidget *lectern_highlight_popover_new         (void);
void       lectern_highlight_popover_show_colors (LecternHighlightPopover *self,
                                                  gboolean                 editing,
                                                  LecternHighlightColor    color);
void       lectern_highlight_popover_show_note   (LecternHighlightPopover *self,
                                                  const char              *note);
gboolean   lectern_highlight_popover_get_editing (LecternHighlightPopover *self);

G_END_DECLS
