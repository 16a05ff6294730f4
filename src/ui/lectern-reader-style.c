/* lectern-reader-style.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-style.h"

#include <math.h>

/* The default size of article text in CSS pixels, at 100%. */
#define BASE_TEXT_SIZE 19.0

static const struct {
  const char *name;
  double      measure;
} widths[] = {
  /* Measures in ems of the text: about 55, 65 and 80 Latin characters a line, and 30, 35 and
   * 42 CJK ones, which are an em wide each.
   */
  [LECTERN_READER_WIDTH_NARROW] = { "narrow", 30 },
  [LECTERN_READER_WIDTH_MEDIUM] = { "medium", 35 },
  [LECTERN_READER_WIDTH_WIDE] = { "wide", 42 },
};

static const struct {
  const char *name;
  const char *background;
} themes[] = {
  [LECTERN_READER_THEME_LIGHT] = { "light", "#ffffff" },
  [LECTERN_READER_THEME_SEPIA] = { "sepia", "#f5ecd9" },
  [LECTERN_READER_THEME_DARK] = { "dark", "#242424" },
};

/**
 * lectern_reader_style_init:
 * @theme: (nullable): the "theme" setting: system, light, sepia or dark
 * @dark: whether the window shows in the dark style
 * @font: (nullable): the "reader-font" setting: sans or serif
 * @text_size: the "reader-text-size" setting, in percent
 * @width: (nullable): the "reader-width" setting: narrow, medium or wide
 * @line_spacing: the "reader-line-spacing" setting
 *
 * Works out how the reader shows an article. Every value is checked again here: a setting
 * written by hand, or by an older version, gives the default or the nearest value the reader
 * can show, never a broken page.
 */
void
lectern_reader_style_init (LecternReaderStyle *style,
                           const char         *theme,
                           gboolean            dark,
                           const char         *font,
                           int                 text_size,
                           const char         *width,
                           double              line_spacing)
{
  g_return_if_fail (style != NULL);

  /* The window's style wins: the theme setting has already made it light or dark, and
   * a page that disagreed with its window would look broken. Sepia is a light style.
   */
  if (dark)
    style->theme = LECTERN_READER_THEME_DARK;
  else if (g_strcmp0 (theme, "sepia") == 0)
    style->theme = LECTERN_READER_THEME_SEPIA;
  else
    style->theme = LECTERN_READER_THEME_LIGHT;

  style->serif = g_strcmp0 (font, "serif") == 0;
  style->text_size = CLAMP (text_size, LECTERN_READER_TEXT_SIZE_MIN, LECTERN_READER_TEXT_SIZE_MAX);

  style->width = LECTERN_READER_WIDTH_MEDIUM;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    if (g_strcmp0 (width, widths[i].name) == 0)
      style->width = i;

  if (isnan (line_spacing))
    line_spacing = 1.6;
  style->line_spacing = CLAMP (line_spacing, LECTERN_READER_LINE_SPACING_MIN,
                               LECTERN_READER_LINE_SPACING_MAX);
}

/**
 * lectern_reader_style_init_from_settings:
 * @settings: the application's settings
 * @dark: whether the window shows in the dark style
 *
 * lectern_reader_style_init() with the values of @settings.
 */
void
lectern_reader_style_init_from_settings (LecternReaderStyle *style,
                                         GSettings          *settings,
                                         gboolean            dark)
{
  g_autofree char *theme = NULL;
  g_autofree char *font = NULL;
  g_autofree char *width = NULL;

  g_return_if_fail (style != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));

  theme = g_settings_get_string (settings, "theme");
  font = g_settings_get_string (settings, "reader-font");
  width = g_settings_get_string (settings, "reader-width");
  lectern_reader_style_init (style, theme, dark, font,
                             g_settings_get_int (settings, "reader-text-size"),
                             width,
                             g_settings_get_double (settings, "reader-line-spacing"));
}

/**
 * lectern_reader_style_init_default:
 * @dark: whether the window shows in the dark style
 *
 * lectern_reader_style_init() with the settings' defaults, for a reader without settings.
 */
void
lectern_reader_style_init_default (LecternReaderStyle *style,
                                   gboolean            dark)
{
  g_return_if_fail (style != NULL);

  lectern_reader_style_init (style, "system", dark, "sans", LECTERN_READER_TEXT_SIZE_DEFAULT,
                             "medium", 1.6);
}

/* The line spacing in hundredths, as its class names it. */
static int
spacing_class (double line_spacing)
{
  return (int) round (line_spacing * 100);
}

/**
 * lectern_reader_style_dup_classes:
 *
 * The page's root element carries the whole style as classes, which the style sheet
 * lectern_reader_style_dup_sheet() gives their values: the theme, the face, then
 * `size-N` (percent), `spacing-N` (hundredths of an em) and `width-NAME`.
 *
 * Returns: (transfer full): the classes of the page's root element
 */
char *
lectern_reader_style_dup_classes (const LecternReaderStyle *style)
{
  g_return_val_if_fail (style != NULL, NULL);

  return g_strdup_printf ("%s %s size-%d spacing-%d width-%s",
                          themes[style->theme].name,
                          style->serif ? "serif" : "sans",
                          style->text_size,
                          spacing_class (style->line_spacing),
                          widths[style->width].name);
}

/**
 * lectern_reader_style_dup_sheet:
 *
 * The reader's page allows no inline style, so the values the settings can take come from
 * a style sheet: one rule for each text size, line spacing and width class of
 * lectern_reader_style_dup_classes(). Changing the style is then only changing classes,
 * in place and at once, with nothing to load.
 *
 * Returns: (transfer full): the style sheet, CSS
 */
char *
lectern_reader_style_dup_sheet (void)
{
  GString *sheet = g_string_new ("/* The reader's text sizes, line spacings and widths, one "
                                 "class each. */\n");
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  /* Never the locale's decimal comma: this is CSS. */
  for (int size = LECTERN_READER_TEXT_SIZE_MIN; size <= LECTERN_READER_TEXT_SIZE_MAX; size++) {
    g_ascii_formatd (value, sizeof value, "%.2f", BASE_TEXT_SIZE * size / 100.0);
    g_string_append_printf (sheet, ":root.size-%d { --size: %spx; }\n", size, value);
  }
  for (int spacing = spacing_class (LECTERN_READER_LINE_SPACING_MIN);
       spacing <= spacing_class (LECTERN_READER_LINE_SPACING_MAX);
       spacing++) {
    g_ascii_formatd (value, sizeof value, "%.2f", spacing / 100.0);
    g_string_append_printf (sheet, ":root.spacing-%d { --line-height: %s; }\n", spacing, value);
  }
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++) {
    g_ascii_formatd (value, sizeof value, "%.0f", widths[i].measure);
    g_string_append_printf (sheet, ":root.width-%s { --measure: %sem; }\n", widths[i].name, value);
  }

  return g_string_free (sheet, FALSE);
}

/**
 * lectern_reader_style_dup_script:
 *
 * Returns: (transfer full): the script that makes a page already shown take @style, for
 *   the world the reader's own script runs in
 */
char *
lectern_reader_style_dup_script (const LecternReaderStyle *style)
{
  g_autofree char *classes = lectern_reader_style_dup_classes (style);

  /* The classes are made from fixed words and numbers: nothing to escape. */
  return g_strdup_printf ("window.lectern && window.lectern.apply ('%s');", classes);
}

/**
 * lectern_reader_style_get_background:
 *
 * Returns: the page's background colour, for the web view to paint before the page does
 */
const char *
lectern_reader_style_get_background (const LecternReaderStyle *style)
{
  g_return_val_if_fail (style != NULL, NULL);

  return themes[style->theme].background;
}
