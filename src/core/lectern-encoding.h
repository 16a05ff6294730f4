/* lectern-encoding.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *lectern_encoding_from_label (const char  *label);
char       *lectern_decode_html         (const char  *data,
                                         gsize        length,
                                         const char  *charset_hint,
                                         const char **encoding,
                                         gsize       *out_length);

G_END_DECLS
