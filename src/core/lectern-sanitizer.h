/* lectern-sanitizer.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

void  lectern_sanitize_node (xmlNode    *root,
                             const char *base_url);
char *lectern_sanitize_html (const char *html,
                             const char *base_url);

G_END_DECLS
