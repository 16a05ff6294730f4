/* lectern-import-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-import-private.h"


/* The longest line of a list of addresses; a longer one is no address. */
#define MAX_LINE (64 * 1024)

/* A plain text file of addresses, one a line. Blank lines and lines starting with "#"
 * are left out without a word; any other line that is not a web address is skipped and
 * reported.
 */
gboolean
_lectern_import_read_url_list (LecternImport  *import,
                               GInputStream   *stream,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr (GDataInputStream) data = g_data_input_stream_new (stream);
  g_autoptr (GError) local_error = NULL;
  guint line_number = 0;
  char *line;
  gsize length;

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);

  while ((line = g_data_input_stream_read_line (data, &length, cancellable, &local_error))) {
    g_autofree char *owned = line;
    g_autofree char *text = NULL;
    LecternImportEntry *entry;

    line_number++;
    /* The byte order mark of the first line. */
    if (line_number == 1 && g_str_has_prefix (line, "\xef\xbb\xbf"))
      line += 3;

    text = g_strstrip (g_utf8_make_valid (line, MIN (length, MAX_LINE)));
    if (*text == '\0' || *text == '#')
      continue;

    entry = lectern_import_entry_new ();
    entry->location = _lectern_import_location_line (line_number);
    entry->url = g_steal_pointer (&text);
    if (!_lectern_import_add_entry (import, entry, cancellable, error))
      return FALSE;
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}
