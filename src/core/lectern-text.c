/* lectern-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Characters a terminal acts on instead of showing: C0 controls and DEL (escape
 * sequences, the bell, line breaks), C1 controls (U+009B is a one-character CSI for some
 * terminals), and the bidi embeddings, overrides and isolates that reorder what is shown
 * (U+202E makes "txt\u202egpj.exe" read as "txtexe.jpg"). Line and paragraph separators
 * break lines in some terminals.
 */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         c == 0x2028 || c == 0x2029 ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

/**
 * lectern_text_escape_controls:
 * @text: text from outside Lectern (a link, a page's title, an error about either)
 * @length: the length of @text in bytes, or -1 if it is NUL-terminated
 *
 * Makes @text safe to print on a terminal: every control character shows as an escape
 * instead of acting. Bytes below 0x20 and DEL become `\xNN`, C1 controls, bidi controls
 * and line separators become `\uNNNN`, and bytes that are not UTF-8 become `\xNN`.
 * Everything else, backslashes included, stays as it is: the result is for people to
 * read, not to parse back.
 *
 * Returns: (transfer full): valid UTF-8 with no control character
 */
char *
lectern_text_escape_controls (const char *text,
                              gssize      length)
{
  GString *escaped;
  const char *end;
  const char *p;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  escaped = g_string_sized_new (length);
  end = text + length;

  for (p = text; p < end; ) {
    gunichar c = g_utf8_get_char_validated (p, end - p);

    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_printf (escaped, "\\x%02x", (guchar)*p);
      p++;
      continue;
    }

    if (c < 0x80 && is_control (c))
      g_string_append_printf (escaped, "\\x%02x", c);
    else if (is_control (c))
      g_string_append_printf (escaped, "\\u%04x", c);
    else
      g_string_append_len (escaped, p, g_utf8_next_char (p) - p);
    p = g_utf8_next_char (p);
  }

  return g_string_free (escaped, FALSE);
}

/**
 * lectern_text_dup_clean_line:
 * @text: (nullable): a title or a line of text from outside Lectern (an export file)
 * @max_chars: the most characters to keep, or 0 for no limit
 *
 * Makes @text one clean line: each run of white space and control characters (line
 * breaks, tabs, C0 and C1 controls, and the bidi embeddings, overrides and isolates that
 * would reorder what is shown around it) becomes one space, it is trimmed, bytes that
 * are not UTF-8 become U+FFFD, and it is cut after @max_chars characters.
 *
 * Returns: (transfer full) (nullable): the clean line, or %NULL when nothing is left
 */
char *
lectern_text_dup_clean_line (const char *text,
                             guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *line;
  gboolean space = FALSE;
  guint n_chars = 0;

  if (!text)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  line = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (is_control (c) || g_unichar_isspace (c)) {
      space = line->len > 0;
      continue;
    }

    if (max_chars > 0 && n_chars + (space ? 2 : 1) > max_chars)
      break;

    if (space) {
      g_string_append_c (line, ' ');
      n_chars++;
      space = FALSE;
    }
    g_string_append_unichar (line, c);
    n_chars++;
  }

  if (line->len == 0) {
    g_string_free (line, TRUE);
    return NULL;
  }

  return g_string_free (line, FALSE);
}

/**
 * lectern_text_format_count:
 * @count: how many articles
 *
 * Writes @count short enough for a badge beside a label: exactly up to 999, then in
 * thousands with one decimal while it fits ("1.2k"), whole thousands ("12k"), and "99k+"
 * past that. A decimal is never rounded up past what there is: 1999 is "1.9k". Languages
 * that count in ten thousands choose that unit in their translation (Chinese: "1.2万").
 *
 * Returns: (transfer full): the count, abbreviated
 */
char *
lectern_text_format_count (guint count)
{
  /* Translators: the unit large counts are abbreviated in, in digits: 1000 in English
   * ("1.2k", "12k", "99k+"). Languages that count in ten thousands put 10000 here (Chinese
   * "1.2万"). Counts below the unit are shown whole.
   */
  const char *unit_text = C_("abbreviated count unit", "1000");
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  guint64 unit = g_ascii_strtoull (unit_text, NULL, 10);
  gboolean over = FALSE;

  if (unit < 10 || unit > G_MAXUINT / 100)
    unit = 1000;

  if (count < unit)
    return g_strdup_printf ("%u", count);

  if (count < 10 * unit) {
    guint tenths = (guint64)count * 10 / unit;

    if (tenths % 10 == 0)
      number = g_strdup_printf ("%u", tenths / 10);
    else
      number = g_strdup_printf ("%.1f", tenths / 10.0);
  } else if (count < 100 * unit) {
    number = g_strdup_printf ("%u", (guint)(count / unit));
  } else {
    number = g_strdup ("99");
    over = TRUE;
  }

  /* Translators: a count abbreviated in the unit above: %s is how many thousands (or
   * ten thousands), such as "1.2" or "12".
   */
  text = g_strdup_printf (C_("abbreviated count", "%sk"), number);
  return over ? g_strconcat (text, "+", NULL) : g_steal_pointer (&text);
}

/* Words in any script written with spaces: about what adults read of English prose,
 * silently.
 */
#define WORDS_PER_MINUTE 230

/* Chinese and Japanese, where a character carries less than a word. */
#define CJK_CHARS_PER_MINUTE 400

/**
 * lectern_text_is_cjk:
 * @c: a character
 *
 * Whether @c counts as a word of its own: kana and Han ideographs (with their
 * extensions and compatibility forms), the characters of the two scripts that put no
 * space between words. Korean puts spaces between words, so a Hangul syllable is a
 * letter of a word like any other. Full-width Latin letters and CJK punctuation are
 * not CJK characters.
 *
 * Returns: %TRUE if @c is a Chinese or Japanese character
 */
gboolean
lectern_text_is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF) ||   /* kana */
         (c >= 0x3400 && c <= 0x4DBF) ||   /* Han extension A */
         (c >= 0x4E00 && c <= 0x9FFF) ||   /* Han */
         (c >= 0xF900 && c <= 0xFAFF) ||   /* Han compatibility */
         (c >= 0x20000 && c <= 0x3FFFF);   /* Han extensions B and up */
}

/**
 * lectern_text_count:
 * @text: an article's plain text
 * @words: (out) (optional): where to store the number of words
 * @chars: (out) (optional): where to store the number of characters that are not space
 * @minutes: (out) (optional): where to store the reading time in minutes
 *
 * Counts @text the one way Lectern counts an article, whichever way it was saved.
 *
 * A word is a run of characters between spaces that holds a letter, a digit or a
 * combining mark: "don't", "e-mail" and "3.14" are one word each, and a dash or a
 * bullet standing alone is none. Each Chinese or Japanese character (see
 * lectern_text_is_cjk()) is a word of its own, since those scripts put no space
 * between words; Korean words are counted between spaces.
 *
 * The reading time takes 230 words a minute for words and 400 characters a minute for
 * CJK characters, rounded to the nearest minute: at least one minute when there is a
 * word, and 0 when there is none.
 */
void
lectern_text_count (const char *text,
                    guint      *words,
                    guint      *chars,
                    guint      *minutes)
{
  guint n_words = 0, n_cjk = 0, n_chars = 0;
  gboolean in_word = FALSE;

  g_return_if_fail (text != NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = (guchar)*p;

    /* ASCII first: the Unicode tables say the same for it, only slower. */
    if (c < 0x80) {
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        in_word = FALSE;
        continue;
      }
      n_chars++;
      if (g_ascii_isalnum (c)) {
        if (!in_word)
          n_words++;
        in_word = TRUE;
      }
      continue;
    }

    c = g_utf8_get_char (p);
    if (g_unichar_isspace (c) || c == 0xFEFF) {
      in_word = FALSE;
      continue;
    }

    n_chars++;
    if (lectern_text_is_cjk (c)) {
      n_cjk++;
      in_word = FALSE;
    } else if (g_unichar_isalnum (c) || g_unichar_ismark (c)) {
      if (!in_word)
        n_words++;
      in_word = TRUE;
    }
  }

  if (words)
    *words = n_words + n_cjk;
  if (chars)
    *chars = n_chars;
  if (minutes) {
    double exact = (double)n_words / WORDS_PER_MINUTE + (double)n_cjk / CJK_CHARS_PER_MINUTE;

    *minutes = n_words + n_cjk == 0 ? 0 : MAX (1, (guint)(exact + 0.5));
  }
}
