/* lectern-import-backup.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-backup-private.h"
#include "lectern-fetcher.h"
#include "lectern-import-private.h"
#include "lectern-sniff.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* Lectern's backup, read back (see lectern-backup-private.h for its layout). The ZIP reader
 * hands over its members one by one: the manifest, then images, each checked against
 * its name (the SHA-256 of its bytes) and its kind told from its bytes, then articles, a
 * JSON object a line, each parsed by json-glib. A field of the wrong type, a date out of
 * range or a count below zero counts as absent; an article without an http(s) address is
 * skipped and reported, as in any import. A highlight without a passage is passed by;
 * one whose offsets cannot be is found again by its quote, one of a colour Lectern does
 * not have is yellow.
 */

/* The longest manifest and article line read: an article's line holds its body and text. */
#define MAX_MANIFEST (1024 * 1024)
#define MAX_LINE (64 * 1024 * 1024)

/* Times after this (the year 9999) are no times. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799000000)

#define READ_SIZE 65536

/* Reads @stream to its end, or fails past @max bytes. */
static GBytes *
read_all (GInputStream  *stream,
          gsize          max,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[READ_SIZE];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0) {
    if (data->len + n > max)
      return NULL;
    g_byte_array_append (data, buffer, n);
  }

  if (n < 0)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

gboolean
_lectern_import_read_backup_manifest (LecternImport  *import,
                                      GInputStream   *stream,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GBytes) bytes = NULL;
  JsonObject *object;
  gint64 version;

  bytes = read_all (stream, MAX_MANIFEST, cancellable, &local_error);
  if (!bytes && local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  if (!bytes || g_bytes_get_size (bytes) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         _("The backup is damaged: its description cannot be read"));
    return FALSE;
  }

  object = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_int_member_with_default (object, "version", 0);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "format", NULL),
                 LECTERN_BACKUP_FORMAT) != 0 || version < 1) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         _("The backup is damaged: its description cannot be read"));
    return FALSE;
  }

  if (version > LECTERN_BACKUP_VERSION) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT,
                 _("This backup was made by a newer Lectern (backup version %d); update "
                   "Lectern to import it"), (int)version);
    return FALSE;
  }

  return TRUE;
}

static gboolean
is_sha256 (const char *name)
{
  if (strlen (name) != 64)
    return FALSE;

  for (const char *p = name; *p; p++) {
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  }

  return TRUE;
}

/* An image that is not what its name says, or no image Lectern shows, is left out: its
 * article shows its place empty.
 */
gboolean
_lectern_import_read_backup_image (LecternImport  *import,
                                   const char     *name,
                                   GInputStream   *stream,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  const char *content_type;
  gsize size;
  const guint8 *data;

  if (!is_sha256 (name))
    return TRUE;

  bytes = read_all (stream, LECTERN_FETCHER_DEFAULT_MAX_IMAGE_SIZE, cancellable, &local_error);
  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }
  if (!bytes)
    return TRUE;

  data = g_bytes_get_data (bytes, &size);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  content_type = lectern_sniff_image (data, size);
  if (strcmp (sha256, name) != 0 || !content_type)
    return TRUE;

  return _lectern_import_add_image (import,
                                    lectern_stored_image_new (sha256, content_type, bytes),
                                    error);
}

static const char *
get_text (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      max)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  value = json_node_get_int (node);
  return value >= 0 && value <= max ? value : 0;
}

static gboolean
get_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

static double
get_double (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return 0.0;

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);

  return 0.0;
}

/* The strings of an array member; anything else in it is passed by. */
static char **
get_strv (JsonObject *object,
          const char *name,
          gboolean    (*check) (const char *))
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    const char *value;

    if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
      continue;

    value = json_node_get_string (element);
    if (!check || check (value))
      g_ptr_array_add (values, g_strdup (value));
  }

  g_ptr_array_add (values, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

static LecternSaveState
save_state_from_string (const char *text)
{
  if (g_strcmp0 (text, "pending") == 0)
    return LECTERN_SAVE_STATE_PENDING;
  if (g_strcmp0 (text, "failed") == 0)
    return LECTERN_SAVE_STATE_FAILED;

  return LECTERN_SAVE_STATE_SAVED;
}

/* "found" is true unless it says it is not. */
static gboolean
get_found (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "found");

  return !node || !JSON_NODE_HOLDS_VALUE (node) ||
         json_node_get_value_type (node) != G_TYPE_BOOLEAN || json_node_get_boolean (node);
}

static LecternHighlight *
highlight_from_object (JsonObject *object)
{
  g_autoptr (LecternTextSelector) selector = NULL;
  LecternHighlight *highlight;
  LecternHighlightColor color;
  const char *exact = get_text (object, "exact");
  const char *prefix = get_text (object, "prefix");
  const char *suffix = get_text (object, "suffix");
  guint start = get_int (object, "start", G_MAXINT32);
  guint end = get_int (object, "end", G_MAXINT32);
  gint64 created_at = get_int (object, "created_at", MAX_TIME);
  gint64 updated_at = get_int (object, "updated_at", MAX_TIME);
  gboolean blank = TRUE;

  if (!exact || !g_utf8_validate (exact, -1, NULL))
    return NULL;
  for (const char *p = exact; *p && blank; p = g_utf8_next_char (p))
    blank = g_unichar_isspace (g_utf8_get_char (p));
  if (blank)
    return NULL;

  /* Offsets that cannot be are none: the store finds the passage by its quote. */
  if (start > end)
    start = end = 0;
  if (prefix && !g_utf8_validate (prefix, -1, NULL))
    prefix = NULL;
  if (suffix && !g_utf8_validate (suffix, -1, NULL))
    suffix = NULL;

  selector = lectern_text_selector_new (exact, prefix, suffix, start, end);
  highlight = lectern_highlight_new (0, selector);
  if (lectern_highlight_color_from_string (get_text (object, "color"), &color))
    lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, get_text (object, "note"));
  lectern_highlight_set_found (highlight, get_found (object));
  lectern_highlight_set_created_at (highlight, created_at);
  lectern_highlight_set_updated_at (highlight, MAX (created_at, updated_at));
  return highlight;
}

/* The article's highlights; those that are no highlight are passed by. */
static void
add_highlights (LecternImportEntry *entry,
                JsonObject         *object)
{
  JsonNode *node = json_object_get_member (object, "highlights");
  JsonArray *array;

  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonNode *element = json_array_get_element (array, i);
    g_autoptr (LecternHighlight) highlight = NULL;

    if (!JSON_NODE_HOLDS_OBJECT (element))
      continue;

    highlight = highlight_from_object (json_node_get_object (element));
    if (highlight)
      lectern_import_entry_add_highlight (entry, highlight);
  }
}

/* A date's precision, "day" or "minute". Absent (a backup from a Lectern that did not
 * keep it) or a word Lectern does not know, it is none, and the library tells it from the
 * time as it did before; a day that is not a midnight UTC is stored as a minute.
 */
static LecternDatePrecision
get_precision (JsonObject *object,
               const char *name)
{
  LecternDatePrecision precision = LECTERN_DATE_PRECISION_NONE;

  lectern_date_precision_from_string (get_text (object, name), &precision);
  return precision;
}

static LecternImportEntry *
entry_from_object (JsonObject *object,
                   const char *location)
{
  LecternImportEntry *entry = lectern_import_entry_new ();
  LecternArticle *article = lectern_article_new ();
  g_auto (GStrv) tags = get_strv (object, "tags", NULL);
  double progress = get_double (object, "progress");

  lectern_article_set_canonical_url (article, get_text (object, "canonical_url"));
  lectern_article_set_title (article, get_text (object, "title"));
  lectern_article_set_byline (article, get_text (object, "byline"));
  lectern_article_set_site_name (article, get_text (object, "site_name"));
  lectern_article_set_language (article, get_text (object, "language"));
  lectern_article_set_direction (article,
                                 lectern_text_direction_from_string (get_text (object,
                                                                               "direction")));
  lectern_article_set_excerpt (article, get_text (object, "excerpt"));
  lectern_article_set_lead_image (article, get_text (object, "lead_image"));
  lectern_article_set_published_at (article, get_int (object, "published_at", MAX_TIME));
  lectern_article_set_published_precision (article,
                                           get_precision (object, "published_precision"));
  lectern_article_set_modified_at (article, get_int (object, "modified_at", MAX_TIME));
  lectern_article_set_modified_precision (article,
                                          get_precision (object, "modified_precision"));
  lectern_article_set_saved_at (article, get_int (object, "saved_at", MAX_TIME));
  lectern_article_set_updated_at (article, get_int (object, "updated_at", MAX_TIME));
  lectern_article_set_word_count (article, get_int (object, "word_count", G_MAXINT32));
  lectern_article_set_char_count (article, get_int (object, "char_count", G_MAXINT32));
  lectern_article_set_reading_minutes (article, get_int (object, "reading_minutes", G_MAXINT32));
  lectern_article_set_read_at (article, get_int (object, "read_at", MAX_TIME));
  lectern_article_set_archived (article, get_boolean (object, "archived"));
  lectern_article_set_starred (article, get_boolean (object, "starred"));
  lectern_article_set_starred_at (article, get_int (object, "starred_at", MAX_TIME));
  lectern_article_set_progress (article, isnan (progress) ? 0.0 : CLAMP (progress, 0.0, 1.0));
  lectern_article_set_progress_anchor (article, get_text (object, "progress_anchor"));
  lectern_article_set_save_state (article,
                                  save_state_from_string (get_text (object, "save_state")));
  lectern_article_set_save_error (article, get_text (object, "save_error"));
  lectern_article_set_body_html (article, get_text (object, "body_html"));
  lectern_article_set_plain_text (article, get_text (object, "plain_text"));

  entry->url = g_strdup (get_text (object, "url"));
  entry->title = g_strdup (lectern_article_get_title (article));
  entry->saved_at = lectern_article_get_saved_at (article);
  entry->read_at = lectern_article_get_read_at (article);
  entry->archived = lectern_article_get_archived (article);
  entry->starred = lectern_article_get_starred (article);
  entry->progress = lectern_article_get_progress (article);
  entry->location = g_strdup (location);
  for (guint i = 0; tags && tags[i]; i++)
    lectern_import_entry_add_tag (entry, tags[i]);
  entry->images = get_strv (object, "images", is_sha256);
  entry->content_html = g_strdup (get_text (object, "carried_html"));
  entry->article = article;
  add_highlights (entry, object);

  return entry;
}

static gboolean
read_line (LecternImport  *import,
           const char     *name,
           guint           line,
           const char     *text,
           gsize           length,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *location = NULL;

  if (length == 0)
    return TRUE;

  location = g_strdup_printf (_("%s, line %u"), name, line);
  if (!json_parser_load_from_data (parser, text, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    _lectern_import_skip (import, location, NULL, _("The entry cannot be read"));
    return TRUE;
  }

  return _lectern_import_add_entry (import,
                                    entry_from_object (json_node_get_object (
                                                         json_parser_get_root (parser)),
                                                       location),
                                    cancellable, error);
}

gboolean
_lectern_import_read_backup_articles (LecternImport  *import,
                                      const char     *name,
                                      GInputStream   *stream,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  g_autoptr (GByteArray) pending = g_byte_array_new ();
  guint8 buffer[READ_SIZE];
  guint line = 0;
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0) {
    gsize start = 0;

    g_byte_array_append (pending, buffer, n);
    for (gsize i = pending->len - n; i < pending->len; i++) {
      if (pending->data[i] != '\n')
        continue;

      if (!read_line (import, name, ++line, (const char *)pending->data + start, i - start,
                      cancellable, error))
        return FALSE;
      start = i + 1;
    }
    g_byte_array_remove_range (pending, 0, start);

    if (pending->len > MAX_LINE) {
      g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                   _("The backup is damaged: %s, line %u is longer than %u MB"), name,
                   line + 1, MAX_LINE / (1024 * 1024));
      return FALSE;
    }
  }

  if (n < 0)
    return FALSE;

  return read_line (import, name, ++line, (const char *)pending->data, pending->len,
                    cancellable, error);
}

/* One line of a backup's articles, as the reader makes it an entry; for the tests. */
LecternImportEntry *
_lectern_import_parse_backup_line (const char *line,
                                   gssize      length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, line, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return entry_from_object (json_node_get_object (json_parser_get_root (parser)), "line 1");
}
