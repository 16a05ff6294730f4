/* lectern-sniff.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *lectern_sniff_image    (const guint8 *data,
                                    gsize         length);
const char *lectern_sniff_document (const guint8 *data,
                                    gsize         length);

G_END_DECLS
