/* lectern-markdown.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LecternMarkdownImageFunc:
 * @src: the `src` of an image in the article's body, such as `lectern://image/<sha256>`
 * @user_data: the data given to lectern_markdown_from_html()
 *
 * Tells lectern_markdown_from_html() what to write for an image: typically the path of the
 * file the image was saved to, relative to the Markdown file.
 *
 * Returns: (transfer full) (nullable): the path to write for the image, or %NULL when the
 *   image is not available, in which case its alt text is written instead
 */
typedef char *(*LecternMarkdownImageFunc) (const char *src,
                                           gpointer    user_data);

char *lectern_markdown_from_html (const char               *body_html,
                                  LecternMarkdownImageFunc  image_func,
                                  gpointer                  user_data);

G_END_DECLS
