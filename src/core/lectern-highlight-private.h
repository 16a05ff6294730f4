/* lectern-highlight-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "lectern-highlight.h"

G_BEGIN_DECLS

/* The text highlights are anchored in: see lectern_highlight_text_from_html(). */
char *_lectern_highlight_text_from_node (xmlNode   *root);

/* Wraps the passage of each highlight of @highlights that is found in the text of @root in
 * <mark class="lectern-highlight lectern-highlight-COLOR"> elements (one per text node the
 * passage crosses), and puts each note after the block that holds the end of its passage,
 * as <blockquote class="lectern-note"><p>…</p></blockquote> (a paragraph per line).
 */
void  _lectern_highlight_mark           (xmlNode   *root,
                                         GPtrArray *highlights);

G_END_DECLS
