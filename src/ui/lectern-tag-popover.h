/* lectern-tag-popover.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lectern-article-store.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_TAG_POPOVER (lectern_tag_popover_get_type ())

G_DECLARE_FINAL_TYPE (LecternTagPopover, lectern_tag_popover, LECTERN, TAG_POPOVER, GtkPopover)

GtkWidget          *lectern_tag_popover_new             (void);
void                lectern_tag_popover_set_store       (LecternTagPopover   *self,
                                                         LecternArticleStore *store);
void                lectern_tag_popover_set_article_id  (LecternTagPopover   *self,
                                                         gint64               id);
void                lectern_tag_popover_reload          (LecternTagPopover   *self);
gboolean            lectern_tag_popover_add             (LecternTagPopover   *self,
                                                         const char          *name);
const char * const *lectern_tag_popover_get_tags        (LecternTagPopover   *self);
GtkEntry           *lectern_tag_popover_get_entry       (LecternTagPopover   *self);
GtkLabel           *lectern_tag_popover_get_error_label (LecternTagPopover   *self);

G_END_DECLS
