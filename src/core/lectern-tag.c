/* lectern-tag.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-tag.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (lectern-tag-error-quark, lectern_tag_error)

G_DEFINE_BOXED_TYPE (LecternTagCount, lectern_tag_count,
                     lectern_tag_count_copy, lectern_tag_count_free)

/* Line and paragraph separators break a name over lines as surely as a newline does. */
static gboolean
is_control (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* Returns @text without the white space at either end, in any script: g_strstrip () knows
 * only ASCII, and a name pasted from a web page often ends in a no-break space.
 */
static char *
trim (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start) {
    const char *prev = g_utf8_prev_char (end);

    if (!g_unichar_isspace (g_utf8_get_char (prev)))
      break;
    end = prev;
  }

  return g_strndup (start, end - start);
}

/**
 * lectern_tag_normalize:
 * @name: a tag name as the user typed it
 * @error: return location for a #LecternTagError
 *
 * Gives the name a tag is stored under: @name without white space at either end, in
 * Unicode NFC. Refuses an empty name, a name with a control character (a newline, a tab)
 * or one that is not UTF-8, and one longer than %LECTERN_TAG_MAX_LENGTH characters, with
 * a message for the user.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL with @error set
 */
char *
lectern_tag_normalize (const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *nfc = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!name)
    name = "";

  if (!g_utf8_validate (name, -1, NULL)) {
    g_set_error_literal (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID,
                         _("A tag name must be text"));
    return NULL;
  }

  trimmed = trim (name);
  if (*trimmed == '\0') {
    g_set_error_literal (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_EMPTY,
                         _("A tag needs a name"));
    return NULL;
  }

  for (const char *p = trimmed; *p; p = g_utf8_next_char (p)) {
    if (is_control (g_utf8_get_char (p))) {
      g_set_error_literal (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID,
                           _("A tag name cannot contain line breaks, tabs or other "
                             "control characters"));
      return NULL;
    }
  }

  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  if (!nfc) {
    g_set_error_literal (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID,
                         _("A tag name must be text"));
    return NULL;
  }

  if (g_utf8_strlen (nfc, -1) > LECTERN_TAG_MAX_LENGTH) {
    g_set_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_TOO_LONG,
                 _("A tag name can be at most %d characters long"), LECTERN_TAG_MAX_LENGTH);
    return NULL;
  }

  return g_steal_pointer (&nfc);
}

/**
 * lectern_tag_key:
 * @name: a tag name
 *
 * Gives the key two tag names are compared by: trimmed, in NFC and case-folded, so
 * "Café", "CAFÉ" and "café" (composed or not) are one tag. Never fails: bytes that are
 * not UTF-8 become U+FFFD.
 *
 * Returns: (transfer full): the key
 */
char *
lectern_tag_key (const char *name)
{
  g_autofree char *valid = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *nfc = NULL;
  g_autofree char *folded = NULL;

  valid = g_utf8_make_valid (name ? name : "", -1);
  trimmed = trim (valid);
  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  folded = g_utf8_casefold (nfc, -1);

  /* Case folding can leave a string that is no longer in NFC. */
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

/**
 * lectern_tag_normalize_list:
 * @names: (array zero-terminated=1) (nullable): tag names as typed
 * @error: return location for a #LecternTagError
 *
 * Normalises every name with lectern_tag_normalize() and drops those whose key repeats
 * an earlier one, keeping the first spelling.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the names, or %NULL with
 *   @error set if any name is refused
 */
char **
lectern_tag_normalize_list (const char * const  *names,
                            GError             **error)
{
  g_autoptr (GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; names && names[i]; i++) {
    g_autofree char *name = lectern_tag_normalize (names[i], error);
    char *key;

    if (!name)
      return NULL;

    key = lectern_tag_key (name);
    if (!g_hash_table_add (keys, key))
      continue;

    g_ptr_array_add (result, g_steal_pointer (&name));
  }

  g_ptr_array_add (result, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&result), FALSE);
}

/**
 * lectern_tag_count_new:
 * @name: the tag's name
 * @count: how many articles have it
 *
 * Returns: (transfer full): a new #LecternTagCount
 */
LecternTagCount *
lectern_tag_count_new (const char *name,
                       guint       count)
{
  LecternTagCount *tag;

  g_return_val_if_fail (name != NULL, NULL);

  tag = g_new0 (LecternTagCount, 1);
  tag->name = g_strdup (name);
  tag->count = count;
  return tag;
}

/**
 * lectern_tag_count_copy:
 * @tag: a #LecternTagCount
 *
 * Returns: (transfer full): a copy of @tag
 */
LecternTagCount *
lectern_tag_count_copy (const LecternTagCount *tag)
{
  g_return_val_if_fail (tag != NULL, NULL);

  return lectern_tag_count_new (tag->name, tag->count);
}

/**
 * lectern_tag_count_free:
 * @tag: (nullable): a #LecternTagCount
 *
 * Frees @tag.
 */
void
lectern_tag_count_free (LecternTagCount *tag)
{
  if (!tag)
    return;

  g_free (tag->name);
  g_free (tag);
}
