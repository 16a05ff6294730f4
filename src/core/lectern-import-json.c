/* lectern-import-json.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-import-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* The JSON exports, each an array of one object per saved link:
 *
 * - wallabag (v2): `url`, `title`, `is_archived`, `is_starred`, `tags` (names, or objects
 *   with a `label`), `created_at`, `published_at`, `published_by` (authors), `language`,
 *   `content` (the article's HTML, which the saver makes the article from),
 *   `preview_picture`, and `annotations`: the reader's highlights, in Annotator's format,
 *   `{"text": note, "quote": the passage, "ranges": [{"start": XPath, "startOffset": n,
 *   "end": XPath, "endOffset": n}]}`, with `created_at` and `updated_at` where wallabag's
 *   API writes them (its export leaves them out). The ranges point into wallabag's copy
 *   of the page, not Lectern's, so a highlight is found again by its quote;
 * - Omnivore (`metadata_*.json`, alone or in its ZIP): `url`, `title`, `author`,
 *   `description`, `state` ("Archived" or not), `labels` (names, or objects with a
 *   `name`), `savedAt`, `publishedAt`, `readingProgress` (0–100), and `slug`, which names
 *   the article's body in the ZIP's `content/<slug>.html` and its highlights in
 *   `highlights/<slug>.md` (see lectern-import-zip.c).
 *
 * json-glib reads a document whole, and an export of half a gigabyte would take gigabytes
 * as a tree. So the array is cut into its elements as it streams by (only strings,
 * escapes and brackets are looked at, to find where each element ends), and json-glib
 * parses each element on its own: the memory of one entry, whatever the file's size.
 * Elements nesting deeper than MAX_DEPTH stop the import before json-glib, which parses
 * by recursion, sees them.
 */

#define READ_SIZE 65536
#define MAX_ELEMENT (64 * 1024 * 1024)
#define MAX_DEPTH 64

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A flag as wallabag writes it: 1, true or "1". */
static gboolean
member_flag (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node) != 0;
  if (type == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), "1") == 0 ||
           g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;

  return FALSE;
}

static double
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  switch (json_node_get_value_type (node)) {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return 0;
  }
}

/* A date as the exports write it: ISO 8601 with or without a zone ("2024-03-19T09:32:05Z",
 * "2023-01-02T03:04:05+0100", "2023-01-02 03:04:05"), or seconds since 1970. 0 for none,
 * one that cannot be read, or one before 1990 or after a year from now.
 */
static gint64
parse_date (JsonObject *object,
            const char *name)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) date = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = json_object_get_member (object, name);
  gint64 time;

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  if (json_node_get_value_type (node) == G_TYPE_INT64) {
    g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    return _lectern_import_parse_unix_time (seconds);
  }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return 0;

  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (strlen (text) > 10 && text[10] == ' ')
    text[10] = 'T';

  date = g_date_time_new_from_iso8601 (text, utc);
  if (!date)
    return _lectern_import_parse_unix_time (text);

  time = g_date_time_to_unix (date);
  if (time < 631152000 || time > g_get_real_time () / G_USEC_PER_SEC + 366 * 24 * 3600)
    return 0;

  return time * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

/* Tags as names, or as objects that hold the name under @key. */
static void
add_tags (LecternImportEntry *entry,
          JsonObject         *object,
          const char         *member,
          const char         *key)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *tag = json_array_get_element (array, i);

    if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
      lectern_import_entry_add_tag (entry, json_node_get_string (tag));
    else if (JSON_NODE_HOLDS_OBJECT (tag) && member_string (json_node_get_object (tag), key))
      lectern_import_entry_add_tag (entry, member_string (json_node_get_object (tag), key));
  }
}

/* The authors, joined: wallabag gives an array, Omnivore a string. */
static char *
dup_authors (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  JsonArray *array;

  if (!node)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < 10; i++) {
    JsonNode *author = json_array_get_element (array, i);

    if (JSON_NODE_HOLDS_VALUE (author) && json_node_get_value_type (author) == G_TYPE_STRING)
      g_ptr_array_add (names, (char *)json_node_get_string (author));
  }
  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **)names->pdata);
}

/* Makes @text's white space what it is in an article's text (lectern-highlight-text.c):
 * a run with a line break in it, however many blank lines an export wrote between two
 * paragraphs, is one line break; any other run is one space; none at either end.
 */
static void
collapse_white_space (char *text)
{
  char *out = text;
  gboolean space = FALSE;
  gboolean line = FALSE;

  for (const char *p = text; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
      space = TRUE;
      line = line || *p == '\n';
      continue;
    }
    if (space && out > text)
      *out++ = line ? '\n' : ' ';
    space = line = FALSE;
    *out++ = *p;
  }
  *out = '\0';
}

/**
 * _lectern_import_highlight_new:
 * @quote: (nullable): the passage, as an export has it
 * @note: (nullable): the reader's note on it
 *
 * The quote and the note lose their control characters but line breaks and tabs
 * (lectern_highlight_clean_note()); the quote's white space is collapsed as in an
 * article's text, so that a quote of two paragraphs is found there.
 *
 * Returns: (transfer full) (nullable): a yellow highlight of @quote, to be found in its
 *   article's text by its quote, or %NULL when @quote is none (not UTF-8, blank) or
 *   either is longer than a highlight's can be
 */
LecternHighlight *
_lectern_import_highlight_new (const char *quote,
                               const char *note)
{
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autofree char *exact = NULL;
  LecternHighlight *highlight;

  if (!quote || strlen (quote) > LECTERN_IMPORT_MAX_QUOTE ||
      (note && strlen (note) > LECTERN_IMPORT_MAX_NOTE))
    return NULL;

  exact = lectern_highlight_clean_note (quote);
  if (!exact)
    return NULL;

  collapse_white_space (exact);
  selector = lectern_text_selector_new (exact, NULL, NULL, 0, 0);
  highlight = lectern_highlight_new (0, selector);
  lectern_highlight_set_note (highlight, note);
  return highlight;
}

/* The most annotations of an entry looked at: an entry keeps no more highlights. */
#define MAX_ANNOTATIONS 10000

/* wallabag's annotations, as highlights of @entry; those without a quote are passed by. */
static void
add_annotations (LecternImportEntry *entry,
                 JsonObject         *object)
{
  JsonNode *node = json_object_get_member (object, "annotations");
  JsonArray *array;

  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_ANNOTATIONS; i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autoptr (LecternHighlight) highlight = NULL;
    JsonObject *annotation;
    gint64 created_at;
    gint64 updated_at;

    if (!JSON_NODE_HOLDS_OBJECT (element))
      continue;

    annotation = json_node_get_object (element);
    highlight = _lectern_import_highlight_new (member_string (annotation, "quote"),
                                               member_string (annotation, "text"));
    if (!highlight)
      continue;

    created_at = parse_date (annotation, "created_at");
    updated_at = parse_date (annotation, "updated_at");
    lectern_highlight_set_created_at (highlight, created_at);
    lectern_highlight_set_updated_at (highlight, MAX (created_at, updated_at));
    lectern_import_entry_add_highlight (entry, highlight);
  }
}

/* What wallabag keeps as the content of an article it could not fetch: no article. */
#define WALLABAG_NOT_FETCHED "errors_during_fetching"

static LecternImportEntry *
entry_from_object (LecternImport             *import,
                   LecternImportFormat        format,
                   JsonObject                *object,
                   guint                      index,
                   LecternOmnivoreHighlights *highlights)
{
  g_autoptr (LecternImportEntry) entry = lectern_import_entry_new ();
  const char *content;
  const char *slug;

  /* Translators: where an entry of a JSON export is: its number in the file. */
  entry->location = g_strdup_printf (_("entry %u"), index);
  entry->url = g_strdup (member_string (object, "url"));
  entry->title = g_strdup (member_string (object, "title"));
  entry->language = g_strdup (member_string (object, "language"));

  if (format == LECTERN_IMPORT_FORMAT_WALLABAG) {
    entry->byline = dup_authors (object, "published_by");
    entry->saved_at = parse_date (object, "created_at");
    entry->published_at = parse_date (object, "published_at");
    entry->archived = member_flag (object, "is_archived");
    entry->starred = member_flag (object, "is_starred");
    add_tags (entry, object, "tags", "label");
    content = member_string (object, "content");
    if (content && *content && !strstr (content, WALLABAG_NOT_FETCHED))
      entry->content_html = g_strdup (content);
    add_annotations (entry, object);
  } else {
    entry->byline = dup_authors (object, "author");
    entry->excerpt = g_strdup (member_string (object, "description"));
    entry->saved_at = parse_date (object, "savedAt");
    entry->published_at = parse_date (object, "publishedAt");
    entry->archived = g_strcmp0 (member_string (object, "state"), "Archived") == 0;
    entry->progress = CLAMP (member_number (object, "readingProgress") / 100.0, 0.0, 1.0);
    add_tags (entry, object, "labels", "name");
    slug = member_string (object, "slug");
    entry->content_html = _lectern_import_take_content (import, slug, entry->url);
    if (highlights && slug && *slug)
      _lectern_omnivore_highlights_attach (highlights, slug, entry);
  }

  /* Archived in these apps is done with: read. */
  if (entry->archived)
    entry->read_at = entry->saved_at > 0 ? entry->saved_at : g_get_real_time ();

  return g_steal_pointer (&entry);
}

/* Where the scanner is in the array. */
typedef enum {
  BEFORE_ARRAY,
  BEFORE_ELEMENT,
  IN_ELEMENT,
  AFTER_ELEMENT,
  AFTER_ARRAY,
} Place;

typedef struct {
  Place place;
  guint depth;
  gboolean in_string;
  gboolean escaped;
  GString *element;
  guint64 offset;
} Scanner;

/* Feeds @c to the scanner; returns TRUE when an element is complete in scanner->element. */
static gboolean
scan (Scanner  *scanner,
      char      c,
      GError  **error)
{
  scanner->offset++;

  switch (scanner->place) {
    case BEFORE_ARRAY:
      /* White space, or a byte order mark (its three bytes), before the array. */
      if (c == '[')
        scanner->place = BEFORE_ELEMENT;
      else if (!g_ascii_isspace (c) && scanner->offset > 3)
        goto invalid;
      return FALSE;

    case BEFORE_ELEMENT:
    case AFTER_ELEMENT:
      if (g_ascii_isspace (c))
        return FALSE;
      if (c == ']') {
        scanner->place = AFTER_ARRAY;
        return FALSE;
      }
      if (scanner->place == AFTER_ELEMENT) {
        if (c != ',')
          goto invalid;
        scanner->place = BEFORE_ELEMENT;
        return FALSE;
      }
      scanner->place = IN_ELEMENT;
      scanner->depth = 0;
      g_string_truncate (scanner->element, 0);
      break;

    case IN_ELEMENT:
      /* The end of an element that is no object or array (a number, a string). */
      if (scanner->depth == 0 && !scanner->in_string && (c == ',' || c == ']')) {
        scanner->place = c == ']' ? AFTER_ARRAY : BEFORE_ELEMENT;
        return TRUE;
      }
      break;

    case AFTER_ARRAY:
    default:
      return FALSE;
  }

  if (scanner->element->len >= MAX_ELEMENT) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("An entry is larger than %u MB"), MAX_ELEMENT / (1024 * 1024));
    return FALSE;
  }
  g_string_append_c (scanner->element, c);

  if (scanner->in_string) {
    if (scanner->escaped)
      scanner->escaped = FALSE;
    else if (c == '\\')
      scanner->escaped = TRUE;
    else if (c == '"')
      scanner->in_string = FALSE;
    return FALSE;
  }

  switch (c) {
    case '"':
      scanner->in_string = TRUE;
      return FALSE;
    case '[':
    case '{':
      if (++scanner->depth > MAX_DEPTH) {
        g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                     _("An entry nests more than %u deep"), MAX_DEPTH);
        return FALSE;
      }
      return FALSE;
    case ']':
    case '}':
      if (scanner->depth == 0)
        goto invalid;
      if (--scanner->depth == 0) {
        scanner->place = AFTER_ELEMENT;
        return TRUE;
      }
      return FALSE;
    default:
      return FALSE;
  }

invalid:
  {
    g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, scanner->offset);

    /* Translators: %s is a number of bytes from the start of the file. */
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("The file is not valid JSON at byte %s"), offset);
  }
  return FALSE;
}

/* Reads a JSON export, in Omnivore's ZIP or not (@highlights is %NULL). */
gboolean
_lectern_import_read_json_in_zip (LecternImport             *import,
                                  LecternImportFormat        format,
                                  GInputStream              *stream,
                                  LecternOmnivoreHighlights *highlights,
                                  GCancellable              *cancellable,
                                  GError                   **error)
{
  g_autofree char *buffer = g_malloc (READ_SIZE);
  g_autoptr (GError) local_error = NULL;
  Scanner scanner = { BEFORE_ARRAY, 0, FALSE, FALSE, NULL, 0 };
  gboolean ok = TRUE;
  guint index = 0;

  scanner.element = g_string_new (NULL);

  while (ok) {
    gssize n = g_input_stream_read (stream, buffer, READ_SIZE, cancellable, error);

    if (n < 0) {
      ok = FALSE;
      break;
    }
    if (n == 0)
      break;

    for (gssize i = 0; i < n && ok; i++) {
      g_autoptr (JsonParser) parser = NULL;
      JsonNode *root;

      if (!scan (&scanner, buffer[i], &local_error)) {
        if (local_error) {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
        continue;
      }

      index++;
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, scanner.element->str, scanner.element->len,
                                       &local_error)) {
        g_autofree char *location = g_strdup_printf (_("entry %u"), index);

        _lectern_import_skip (import, location, NULL, local_error->message);
        g_clear_error (&local_error);
        continue;
      }

      root = json_parser_get_root (parser);
      if (!root || !JSON_NODE_HOLDS_OBJECT (root))
        continue;

      ok = _lectern_import_add_entry (import,
                                      entry_from_object (import, format,
                                                         json_node_get_object (root), index,
                                                         highlights),
                                      cancellable, error);
    }
  }

  if (ok && scanner.place != AFTER_ARRAY) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         _("The file ends in the middle of its entries"));
    ok = FALSE;
  }

  g_string_free (scanner.element, TRUE);
  return ok;
}

gboolean
_lectern_import_read_json (LecternImport        *import,
                           LecternImportFormat   format,
                           GInputStream         *stream,
                           GCancellable         *cancellable,
                           GError              **error)
{
  return _lectern_import_read_json_in_zip (import, format, stream, NULL, cancellable, error);
}

/* One element of a JSON export, as the reader makes it an entry; for the tests. */
LecternImportEntry *
_lectern_import_parse_json_entry (LecternImport        *import,
                                  LecternImportFormat   format,
                                  const char           *json,
                                  GError              **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         "Not an object");
    return NULL;
  }

  return entry_from_object (import, format, json_node_get_object (root), 1, NULL);
}
