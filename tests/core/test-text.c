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

static void
assert_count (guint       count,
              const char *expected)
{
  g_autofree char *text = lectern_text_format_count (count);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_count (void)
{
  /* Up to three digits exactly; then thousands, with one decimal while it fits, never
   * rounded up past what there is.
   */
  assert_count (0, "0");
  assert_count (7, "7");
  assert_count (999, "999");
  assert_count (1000, "1k");
  assert_count (1099, "1k");
  assert_count (1100, "1.1k");
  assert_count (1234, "1.2k");
  assert_count (1999, "1.9k");
  assert_count (9999, "9.9k");
  assert_count (10000, "10k");
  assert_count (12345, "12k");
  assert_count (99999, "99k");
  /* More than the badge has room for. */
  assert_count (100000, "99k+");
  assert_count (1000000, "99k+");
  assert_count (G_MAXUINT, "99k+");
}

static void
assert_counted (const char *text,
                guint       words,
                guint       chars,
                guint       minutes)
{
  guint n_words = G_MAXUINT, n_chars = G_MAXUINT, n_minutes = G_MAXUINT;

  lectern_text_count (text, &n_words, &n_chars, &n_minutes);
  g_assert_cmpuint (n_words, ==, words);
  g_assert_cmpuint (n_chars, ==, chars);
  g_assert_cmpuint (n_minutes, ==, minutes);
}

static char *
repeat (const char *text,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, text);

  return g_string_free (out, FALSE);
}

static void
test_count (void)
{
  g_autofree char *english = repeat ("Ten words of English prose, read at a steady pace. ", 69);
  g_autofree char *chinese = repeat ("记者走访了十个村庄。", 100);
  g_autofree char *mixed = g_strconcat (english, chinese, NULL);
  g_autofree char *words = repeat ("word ", 575);

  /* Nothing to read takes no time: the list shows no reading time then. */
  assert_counted ("", 0, 0, 0);
  assert_counted (" \t\n\u3000\u00a0\ufeff", 0, 0, 0);

  /* English: words between spaces; punctuation inside a word leaves it one word,
   * and punctuation on its own is none.
   */
  assert_counted ("Hello, world!", 2, 12, 1);
  assert_counted ("Don't e-mail me at 3.14 \u2014 ok?", 6, 23, 1);
  assert_counted ("naïve café Ærø", 3, 12, 1);
  assert_counted ("e\u0301te\u0301", 1, 5, 1);

  /* 690 words are three minutes at 230 a minute; 575 are 2.5, which rounds up. */
  assert_counted (english, 690, 69 * 41, 3);
  assert_counted (words, 575, 575 * 4, 3);

  /* Chinese: each character is a word; punctuation is not. 900 characters at 400 a
   * minute are 2.25 minutes, rounded to 2.
   */
  assert_counted ("半月谈记者 张漫子", 8, 8, 1);
  assert_counted (chinese, 900, 1000, 2);

  /* Japanese: kana count as characters too. Korean puts spaces between its words. */
  assert_counted ("ひらがなとカタカナ", 9, 9, 1);
  assert_counted ("日本語のテキスト。", 8, 9, 1);
  assert_counted ("한국어 문장", 2, 5, 1);
  assert_counted ("오늘은 날씨가 좋다.", 3, 9, 1);

  /* Latin next to CJK: each run of letters is a word, each character another. */
  assert_counted ("DeepSeek模型R1发布", 6, 14, 1);
  assert_counted (mixed, 690 + 900, 69 * 41 + 1000, 5);

  /* Full-width Latin letters make words, like any letters. */
  assert_counted ("ＡＢＣ ｄｅｆ", 2, 6, 1);

  /* Any out-argument may be left out. */
  lectern_text_count ("one two", NULL, NULL, NULL);
}

static void
test_is_cjk (void)
{
  g_assert_true (lectern_text_is_cjk (0x4E2D));   /* 中 */
  g_assert_true (lectern_text_is_cjk (0x3042));   /* あ */
  g_assert_true (lectern_text_is_cjk (0x30AB));   /* カ */
  g_assert_false (lectern_text_is_cjk (0xD55C));  /* 한 */
  g_assert_true (lectern_text_is_cjk (0x20000));  /* 𠀀 */
  g_assert_false (lectern_text_is_cjk ('a'));
  g_assert_false (lectern_text_is_cjk (0x3002));  /* 。 */
  g_assert_false (lectern_text_is_cjk (0xFF21));  /* Ａ */
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text/escape-controls", test_escape_controls);
  g_test_add_func ("/core/text/format-count", test_format_count);
  g_test_add_func ("/core/text/count", test_count);
  g_test_add_func ("/core/text/is-cjk", test_is_cjk);

  return g_test_run ();
}
