/* lectern-owner.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LecternOwner LecternOwner;

LecternOwner *lectern_owner_new      (const char   *library_path);
const char   *lectern_owner_get_id   (LecternOwner *self);
gboolean      lectern_owner_is_alive (LecternOwner *self,
                                      const char   *id);
void          lectern_owner_free     (LecternOwner *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternOwner, lectern_owner_free)

G_END_DECLS
