/* lectern-import-csv.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-csv.h"
#include "lectern-import-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* The CSV exports: Pocket's since 2024 and Instapaper's. Both are read by their header,
 * whose columns vary between versions (Pocket added `cursor`; Instapaper added
 * `Timestamp` and `Tags`), so each column is found by its name, in any order and case.
 *
 * Pocket: title, url, time_added (seconds since 1970), tags (joined with "|"), status
 * ("unread" or "archive", which Pocket shows as read).
 * Instapaper: URL, Title, Selection (the text the user had selected, kept as the
 * excerpt), Folder ("Unread", "Archive", "Starred", or a folder of the user's own, which
 * becomes a tag), Timestamp (seconds), Tags (a JSON array of names).
 *
 * Lectern's own CSV export has Pocket's columns, then its own, read when present:
 * starred (0 or 1), read_at and published_at (seconds), progress (0–1), author, language
 * and excerpt.
 */

typedef enum {
  COLUMN_URL,
  COLUMN_TITLE,
  COLUMN_TIME,
  COLUMN_TAGS,
  COLUMN_STATUS,
  COLUMN_SELECTION,
  COLUMN_FOLDER,
  COLUMN_STARRED,
  COLUMN_READ_AT,
  COLUMN_PUBLISHED_AT,
  COLUMN_PROGRESS,
  COLUMN_AUTHOR,
  COLUMN_LANGUAGE,
  COLUMN_EXCERPT,
  N_COLUMNS
} Column;

typedef struct {
  LecternImportFormat format;
  int columns[N_COLUMNS];
} Layout;

static void
layout_init (Layout               *layout,
             LecternImportFormat   format,
             char                **header)
{
  layout->format = format;
  for (guint i = 0; i < N_COLUMNS; i++)
    layout->columns[i] = -1;

  for (guint i = 0; header[i]; i++) {
    g_autofree char *name = g_ascii_strdown (g_strstrip (header[i]), -1);
    int column = -1;

    if (g_str_equal (name, "url"))
      column = COLUMN_URL;
    else if (g_str_equal (name, "title"))
      column = COLUMN_TITLE;
    else if (g_str_equal (name, "time_added") || g_str_equal (name, "timestamp"))
      column = COLUMN_TIME;
    else if (g_str_equal (name, "tags"))
      column = COLUMN_TAGS;
    else if (g_str_equal (name, "status"))
      column = COLUMN_STATUS;
    else if (g_str_equal (name, "selection"))
      column = COLUMN_SELECTION;
    else if (g_str_equal (name, "folder"))
      column = COLUMN_FOLDER;
    else if (g_str_equal (name, "starred"))
      column = COLUMN_STARRED;
    else if (g_str_equal (name, "read_at"))
      column = COLUMN_READ_AT;
    else if (g_str_equal (name, "published_at"))
      column = COLUMN_PUBLISHED_AT;
    else if (g_str_equal (name, "progress"))
      column = COLUMN_PROGRESS;
    else if (g_str_equal (name, "author"))
      column = COLUMN_AUTHOR;
    else if (g_str_equal (name, "language"))
      column = COLUMN_LANGUAGE;
    else if (g_str_equal (name, "excerpt"))
      column = COLUMN_EXCERPT;

    /* The first of two columns with one name counts. */
    if (column >= 0 && layout->columns[column] < 0)
      layout->columns[column] = i;
  }
}

static const char *
field (const Layout  *layout,
       char         **record,
       guint          n_fields,
       Column         column)
{
  int index = layout->columns[column];

  if (index < 0 || (guint)index >= n_fields)
    return NULL;

  return record[index];
}

/* Instapaper writes its tags as a JSON array of strings inside the field. */
static void
add_json_tags (LecternImportEntry *entry,
               const char         *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (!text || !*text || !json_parser_load_from_data (parser, text, -1, NULL))
    return;

  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *node = json_array_get_element (array, i);

    if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
      lectern_import_entry_add_tag (entry, json_node_get_string (node));
  }
}

/* Lectern's CSV export puts a ' before a text that starts like a spreadsheet formula. */
static const char *
unquote_formula (const char *text)
{
  if (text[0] == '\'' && text[1] && strchr ("=+-@", text[1]))
    return text + 1;

  return text;
}

static LecternImportEntry *
entry_from_record (const Layout  *layout,
                   char         **record,
                   guint          line)
{
  g_autoptr (LecternImportEntry) entry = lectern_import_entry_new ();
  guint n_fields = g_strv_length (record);
  const char *tags = field (layout, record, n_fields, COLUMN_TAGS);
  const char *status = field (layout, record, n_fields, COLUMN_STATUS);
  const char *folder = field (layout, record, n_fields, COLUMN_FOLDER);
  const char *title = field (layout, record, n_fields, COLUMN_TITLE);
  const char *selection = field (layout, record, n_fields, COLUMN_SELECTION);

  entry->location = _lectern_import_location_line (line);
  entry->url = g_strdup (field (layout, record, n_fields, COLUMN_URL));
  if (title && *title)
    entry->title = g_strdup (unquote_formula (title));
  if (selection && *selection)
    entry->excerpt = g_strdup (selection);
  entry->saved_at = _lectern_import_parse_unix_time (field (layout, record, n_fields,
                                                            COLUMN_TIME));

  if (layout->format == LECTERN_IMPORT_FORMAT_POCKET_CSV) {
    g_autofree char *state = g_strstrip (g_strdup (status ? status : ""));
    const char *starred = field (layout, record, n_fields, COLUMN_STARRED);
    const char *progress = field (layout, record, n_fields, COLUMN_PROGRESS);
    const char *author = field (layout, record, n_fields, COLUMN_AUTHOR);
    const char *language = field (layout, record, n_fields, COLUMN_LANGUAGE);
    const char *excerpt = field (layout, record, n_fields, COLUMN_EXCERPT);

    /* Lectern's own columns. */
    entry->starred = g_strcmp0 (starred, "1") == 0;
    entry->read_at = _lectern_import_parse_unix_time (field (layout, record, n_fields,
                                                             COLUMN_READ_AT));
    entry->published_at = _lectern_import_parse_unix_time (field (layout, record, n_fields,
                                                                  COLUMN_PUBLISHED_AT));
    if (progress && *progress)
      entry->progress = CLAMP (g_ascii_strtod (progress, NULL), 0.0, 1.0);
    if (author && *author)
      entry->byline = g_strdup (unquote_formula (author));
    if (language && *language)
      entry->language = g_strdup (language);
    if (excerpt && *excerpt)
      entry->excerpt = g_strdup (unquote_formula (excerpt));

    if (tags) {
      g_auto (GStrv) names = g_strsplit (tags, "|", -1);

      for (guint i = 0; names[i]; i++)
        lectern_import_entry_add_tag (entry, names[i]);
    }

    /* Pocket's archive is where read articles go. */
    if (g_ascii_strcasecmp (state, "archive") == 0) {
      entry->archived = TRUE;
      if (entry->read_at == 0)
        entry->read_at = entry->saved_at > 0 ? entry->saved_at : g_get_real_time ();
    }
  } else {
    add_json_tags (entry, tags);

    if (folder) {
      g_autofree char *name = g_strstrip (g_strdup (folder));

      if (g_ascii_strcasecmp (name, "Archive") == 0) {
        entry->archived = TRUE;
        entry->read_at = entry->saved_at > 0 ? entry->saved_at : g_get_real_time ();
      } else if (g_ascii_strcasecmp (name, "Starred") == 0) {
        entry->starred = TRUE;
      } else if (g_ascii_strcasecmp (name, "Unread") != 0) {
        lectern_import_entry_add_tag (entry, name);
      }
    }
  }

  return g_steal_pointer (&entry);
}

static gboolean
is_blank (char **record)
{
  for (guint i = 0; record[i]; i++) {
    for (const char *p = record[i]; *p; p++) {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  }

  return TRUE;
}

gboolean
_lectern_import_read_csv (LecternImport        *import,
                          LecternImportFormat   format,
                          GInputStream         *stream,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr (LecternCsvReader) reader = lectern_csv_reader_new (stream);
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) header = NULL;
  Layout layout;
  char **record;

  header = lectern_csv_reader_next (reader, cancellable, &local_error);
  if (!header) {
    if (local_error && local_error->domain != LECTERN_CSV_ERROR)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                           local_error ? local_error->message : _("The file has no header line"));
    return FALSE;
  }

  layout_init (&layout, format, header);

  while ((record = lectern_csv_reader_next (reader, cancellable, &local_error))) {
    g_auto (GStrv) owned = record;
    guint line = lectern_csv_reader_get_line (reader);

    if (is_blank (record))
      continue;

    if (!_lectern_import_add_entry (import, entry_from_record (&layout, record, line),
                                    cancellable, error))
      return FALSE;
  }

  if (local_error) {
    if (local_error->domain == LECTERN_CSV_ERROR)
      g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                           local_error->message);
    else
      g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}
