/* lectern-reader-style.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LecternReaderTheme:
 * @LECTERN_READER_THEME_LIGHT: dark text on white
 * @LECTERN_READER_THEME_SEPIA: brown text on warm paper
 * @LECTERN_READER_THEME_DARK: light text on dark grey
 *
 * The colours the page is shown in, after the "theme" setting and the window's style.
 */
typedef enum {
  LECTERN_READER_THEME_LIGHT,
  LECTERN_READER_THEME_SEPIA,
  LECTERN_READER_THEME_DARK,
} LecternReaderTheme;

/**
 * LecternReaderWidth:
 * @LECTERN_READER_WIDTH_NARROW: a short line
 * @LECTERN_READER_WIDTH_MEDIUM: the usual line
 * @LECTERN_READER_WIDTH_WIDE: a long line
 *
 * The measure of the text column.
 */
typedef enum {
  LECTERN_READER_WIDTH_NARROW,
  LECTERN_READER_WIDTH_MEDIUM,
  LECTERN_READER_WIDTH_WIDE,
} LecternReaderWidth;

/**
 * LecternReaderStyle:
 * @theme: the page's colours
 * @serif: whether text is set in a serif face
 * @text_size: the text size in percent of the default, within the setting's range
 * @width: the measure of the column
 * @line_spacing: the height of a line in ems, within the setting's range
 *
 * How the reader sets an article, read from the settings and clamped to what the reader
 * can show, whatever was stored.
 */
typedef struct {
  LecternReaderTheme theme;
  gboolean           serif;
  int                text_size;
  LecternReaderWidth width;
  double             line_spacing;
} LecternReaderStyle;

#define LECTERN_READER_TEXT_SIZE_MIN     50
#define LECTERN_READER_TEXT_SIZE_MAX     300
#define LECTERN_READER_TEXT_SIZE_DEFAULT 100
#define LECTERN_READER_LINE_SPACING_MIN  1.0
#define LECTERN_READER_LINE_SPACING_MAX  2.5

void        lectern_reader_style_init               (LecternReaderStyle       *style,
                                                     const char               *theme,
                                                     gboolean                  dark,
                                                     const char               *font,
                                                     int                       text_size,
                                                     const char               *width,
                                                     double                    line_spacing);
void        lectern_reader_style_init_default       (LecternReaderStyle       *style,
                                                     gboolean                  dark);
void        lectern_reader_style_init_from_settings (LecternReaderStyle       *style,
                                                     GSettings                *settings,
                                                     gboolean                  dark);
char       *lectern_reader_style_dup_classes        (const LecternReaderStyle *style);
char       *lectern_reader_style_dup_sheet          (void);
char       *lectern_reader_style_dup_script         (const LecternReaderStyle *style);
const char *lectern_reader_style_get_background     (const LecternReaderStyle *style);

G_END_DECLS
