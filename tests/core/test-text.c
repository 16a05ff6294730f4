/* test-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-text.h"

#include <locale.h>

static void
assert_escaped (const char *text,
                gssize      length,
                const char *expected)
{
  g_autofree char *escaped = lectern_text_escape_controls (text, length);

  g_assert_cmpstr (escaped, ==, expected);
  g_assert_true (g_utf8_validate (escaped, -1, NULL));
}

static void
test_escape_controls (void)
{
  /* What any text a terminal shows may hold stays as it is. */
  assert_escaped ("", -1, "");
  assert_escaped ("A title: “quoted”, 中文, עברית, emoji 📚", -1,
                  "A title: “quoted”, 中文, עברית, emoji 📚");
  assert_escaped ("C:\\path and \\x1b typed out", -1, "C:\\path and \\x1b typed out");

  /* C0 controls (escape sequences, the bell, line breaks, tabs) and DEL. */
  assert_escaped ("a\x1b[31mred\x1b]0;title\x07", -1, "a\\x1b[31mred\\x1b]0;title\\x07");
  assert_escaped ("one\ntwo\r\tthree\x7f", -1, "one\\x0atwo\\x0d\\x09three\\x7f");
  assert_escaped ("nul\0after", 9, "nul\\x00after");

  /* C1 controls, which some terminals take as escapes of their own. */
  assert_escaped ("\xc2\x80 \xc2\x9b" "31m \xc2\x9d", -1, "\\u0080 \\u009b31m \\u009d");

  /* Bidi embeddings, overrides and isolates, which reorder what the terminal shows; and
   * the separators that break lines.
   */
  assert_escaped ("txt\xe2\x80\xaegpj.exe", -1, "txt\\u202egpj.exe");
  assert_escaped ("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", -1,
                  "\\u202a\\u202b\\u202c\\u202d");
  assert_escaped ("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", -1,
                  "\\u2066\\u2067\\u2068\\u2069");
  assert_escaped ("a\xe2\x80\xa8" "b\xe2\x80\xa9", -1, "a\\u2028b\\u2029");

  /* Bytes that are not UTF-8 show as bytes. */
  assert_escaped ("caf\xe9 \xff\xfe!", -1, "caf\\xe9 \\xff\\xfe!");
  assert_escaped ("cut \xe4\xb8", -1, "cut \\xe4\\xb8");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text/escape-controls", test_escape_controls);

  return g_test_run ();
}
