/* test-csp.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

/* The reader's page allows no inline style: the reader's own look comes from lectern: style
 * sheets, and a style a page brings along does nothing. The sanitizer keeps no style
 * attribute or element, so this body is written into the library directly.
 */
static const char styled_body[] =
  "<p id=\"styled\" style=\"color: rgb(255, 0, 0); font-size: 80px; display: none\">"
  "Inline style.</p>"
  "<style>#plain { color: rgb(0, 128, 0) !important; font-size: 80px !important }</style>"
  "<p id=\"plain\">Plain text.</p>";

/* The light theme's text colour, from reader.css. */
#define TEXT_COLOUR "rgb(31, 31, 33)"

static char *
computed (WebKitWebView *web_view,
          const char    *selector,
          const char    *property)
{
  g_autofree char *script = g_strdup_printf ("getComputedStyle (document.querySelector ('%s'))"
                                             ".getPropertyValue ('%s')", selector, property);

  return lectern_test_ui_eval (web_view, script);
}

static void
assert_computed (WebKitWebView *web_view,
                 const char    *selector,
                 const char    *property,
                 const char    *expected)
{
  g_autofree char *value = computed (web_view, selector, property);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_no_inline_csp (const char *csp)
{
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_null (strstr (csp, "unsafe-inline"));
  g_assert_null (strstr (csp, "unsafe-eval"));
  g_assert_null (strstr (csp, "script-src"));
}

static void
no_inline_style (LecternApplication *app,
                 gpointer            data)
{
  gint64 id = *(gint64 *)data;
  LecternWindow *window = lectern_window_new (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  GSettings *settings = lectern_application_get_settings (app);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);
  g_autofree char *meta = NULL;
  g_autofree char *sheets = NULL;
  g_autofree char *classes = NULL;
  double mark, inline_styles;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  lectern_window_show_article (window, id);
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));

  /* Both policies, the header's (WebKit hands no headers of a custom scheme back, so it is
   * read at the source) and the page's, allow no inline style.
   */
  assert_no_inline_csp (LECTERN_READER_CSP);
  meta = lectern_test_ui_eval (web_view,
                               "document.querySelector ('meta[http-equiv]').content");
  assert_no_inline_csp (meta);

  /* The template has no style of its own inline: the reader's look is in two sheets. */
  inline_styles = lectern_test_ui_eval_number (web_view,
                                               "document.head.querySelectorAll ('style').length"
                                               " + document.querySelectorAll ('html[style], "
                                               "head [style], header [style]').length");
  g_assert_cmpfloat (inline_styles, ==, 0);
  sheets = lectern_test_ui_eval (web_view,
                                 "Array.from (document.styleSheets).filter (s => s.href)"
                                 ".map (s => s.href).join (' ')");
  g_assert_cmpstr (sheets, ==, "lectern://style/reader.css lectern://style/typography.css");

  /* The page's own style attribute and element did nothing: the page had them when it
   * finished loading, and they were refused as it was parsed.
   */
  assert_computed (web_view, "#styled", "display", "block");
  assert_computed (web_view, "#styled", "color", TEXT_COLOUR);
  assert_computed (web_view, "#styled", "font-size", "19px");
  assert_computed (web_view, "#plain", "color", TEXT_COLOUR);
  assert_computed (web_view, "#plain", "font-size", "19px");

  /* The reader's own styles did apply: size, colours and measure. */
  assert_computed (web_view, "html", "font-size", "19px");
  assert_computed (web_view, "html", "background-color", "rgb(255, 255, 255)");
  assert_computed (web_view, "#lectern-article", "max-width", "665px");

  /* Typography changes in place, by classes: no reload, and still no inline style. */
  lectern_test_ui_eval (web_view, "window.lecternTestMark = 42; ''");
  g_settings_set_int (settings, "reader-text-size", 150);
  g_settings_set_double (settings, "reader-line-spacing", 2.0);
  g_settings_set_string (settings, "reader-width", "narrow");
  g_settings_set_string (settings, "theme", "sepia");
  g_settings_set_string (settings, "reader-font", "serif");
  /* The view sent the new classes before this script, so the page has them by now. */
  assert_computed (web_view, "html", "font-size", "28.5px");
  assert_computed (web_view, "#plain", "line-height", "57px");
  assert_computed (web_view, "#lectern-article", "max-width", "855px");
  assert_computed (web_view, "html", "background-color", "rgb(245, 236, 217)");
  assert_computed (web_view, "#styled", "color", "rgb(74, 59, 44)");
  classes = lectern_test_ui_eval (web_view, "document.documentElement.className");
  g_assert_cmpstr (classes, ==, "sepia serif size-150 spacing-200 width-narrow");
  inline_styles = lectern_test_ui_eval_number (web_view,
                                               "document.documentElement.hasAttribute ('style')");
  g_assert_cmpfloat (inline_styles, ==, 0);

  /* The ends of each range have their class too. */
  g_settings_set_int (settings, "reader-text-size", 300);
  g_settings_set_double (settings, "reader-line-spacing", 1.0);
  assert_computed (web_view, "html", "font-size", "57px");
  assert_computed (web_view, "#plain", "line-height", "57px");
  g_settings_set_int (settings, "reader-text-size", 50);
  g_settings_set_double (settings, "reader-line-spacing", 2.5);
  g_settings_set_string (settings, "reader-width", "wide");
  assert_computed (web_view, "html", "font-size", "9.5px");
  assert_computed (web_view, "#plain", "line-height", "23.75px");
  assert_computed (web_view, "#lectern-article", "max-width", "399px");

  mark = lectern_test_ui_eval_number (web_view, "window.lecternTestMark");
  g_assert_cmpfloat (mark, ==, 42);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_inline_style (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  article = lectern_test_article_new ("Styled", "https://example.org/styled", styled_body);
  lectern_article_set_language (article, "en");
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (no_inline_style, &id);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/csp/no-inline-style", test_no_inline_style);

  return g_test_run ();
}
