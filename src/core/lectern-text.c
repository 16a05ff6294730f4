/* lectern-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-text.h"

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
