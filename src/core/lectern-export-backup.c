/* lectern-export-backup.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-backup-private.h"
#include "lectern-database.h"
#include "lectern-export-private.h"
#include "lectern-zip-writer.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Writes Lectern's backup (see lectern-backup-private.h): the articles, with their
 * bodies, images, tags, highlights and every state, as the library holds them.
 */

/* A chunk ends after this many articles, or once its images pass this many bytes. */
#define CHUNK_ARTICLES 500
#define CHUNK_IMAGE_BYTES (32 * 1024 * 1024)

typedef struct {
  LecternArticleStore *store;
  LecternZipWriter *writer;
  /* SHA-256s of the images written so far */
  GHashTable *written;
  GString *chunk;
  guint n_chunk;
  guint n_chunks;
  gsize chunk_image_bytes;
} Backup;

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (!value)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       value)
{
  if (value <= 0)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_strv (JsonBuilder  *builder,
          const char   *name,
          char        **values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i]; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

const char *
_lectern_backup_save_state_to_string (LecternSaveState state)
{
  switch (state) {
  case LECTERN_SAVE_STATE_PENDING:
    return "pending";
  case LECTERN_SAVE_STATE_FAILED:
    return "failed";
  case LECTERN_SAVE_STATE_SAVED:
  default:
    return "saved";
  }
}

/* The highlights, oldest first (@highlights is newest first), so that they come back in
 * the order they were made.
 */
static void
add_highlights (JsonBuilder *builder,
                GPtrArray   *highlights)
{
  json_builder_set_member_name (builder, "highlights");
  json_builder_begin_array (builder);
  for (guint i = highlights->len; i > 0; i--) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i - 1);
    const LecternTextSelector *selector = lectern_highlight_get_selector (highlight);
    LecternHighlightColor color = lectern_highlight_get_color (highlight);

    json_builder_begin_object (builder);
    add_text (builder, "color", lectern_highlight_color_to_string (color));
    add_text (builder, "note", lectern_highlight_get_note (highlight));
    add_text (builder, "exact", selector->exact);
    add_text (builder, "prefix", selector->prefix);
    add_text (builder, "suffix", selector->suffix);
    add_int (builder, "start", selector->start);
    add_int (builder, "end", selector->end);
    json_builder_set_member_name (builder, "found");
    json_builder_add_boolean_value (builder, lectern_highlight_get_found (highlight));
    add_time (builder, "created_at", lectern_highlight_get_created_at (highlight));
    add_time (builder, "updated_at", lectern_highlight_get_updated_at (highlight));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
}

static JsonNode *
article_to_json (LecternArticle  *article,
                 char           **tags,
                 char           **images,
                 GPtrArray       *highlights,
                 const char      *carried)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  LecternTextDirection direction = lectern_article_get_direction (article);

  json_builder_begin_object (builder);
  add_text (builder, "url", lectern_article_get_url (article));
  add_text (builder, "canonical_url", lectern_article_get_canonical_url (article));
  add_text (builder, "title", lectern_article_get_title (article));
  add_text (builder, "byline", lectern_article_get_byline (article));
  add_text (builder, "site_name", lectern_article_get_site_name (article));
  add_text (builder, "language", lectern_article_get_language (article));
  add_text (builder, "direction", lectern_text_direction_to_string (direction));
  add_text (builder, "excerpt", lectern_article_get_excerpt (article));
  add_text (builder, "lead_image", lectern_article_get_lead_image (article));
  add_time (builder, "published_at", lectern_article_get_published_at (article));
  add_text (builder, "published_precision",
            lectern_date_precision_to_string (lectern_article_get_published_precision (article)));
  add_time (builder, "modified_at", lectern_article_get_modified_at (article));
  add_text (builder, "modified_precision",
            lectern_date_precision_to_string (lectern_article_get_modified_precision (article)));
  add_time (builder, "saved_at", lectern_article_get_saved_at (article));
  add_time (builder, "updated_at", lectern_article_get_updated_at (article));
  add_int (builder, "word_count", lectern_article_get_word_count (article));
  add_int (builder, "char_count", lectern_article_get_char_count (article));
  add_int (builder, "reading_minutes", lectern_article_get_reading_minutes (article));
  add_time (builder, "read_at", lectern_article_get_read_at (article));
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, lectern_article_get_archived (article));
  json_builder_set_member_name (builder, "starred");
  json_builder_add_boolean_value (builder, lectern_article_get_starred (article));
  add_time (builder, "starred_at", lectern_article_get_starred_at (article));
  json_builder_set_member_name (builder, "progress");
  json_builder_add_double_value (builder, lectern_article_get_progress (article));
  add_text (builder, "progress_anchor", lectern_article_get_progress_anchor (article));
  add_text (builder, "save_state",
            _lectern_backup_save_state_to_string (lectern_article_get_save_state (article)));
  add_text (builder, "save_error", lectern_article_get_save_error (article));
  add_text (builder, "body_html", lectern_article_get_body_html (article));
  add_text (builder, "plain_text", lectern_article_get_plain_text (article));
  add_strv (builder, "tags", tags);
  add_strv (builder, "images", images);
  add_highlights (builder, highlights);
  add_text (builder, "carried_html", carried);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
write_chunk (Backup  *backup,
             GError **error)
{
  g_autofree char *path = NULL;

  if (backup->n_chunk == 0)
    return TRUE;

  path = g_strdup_printf (LECTERN_BACKUP_ARTICLES_DIR "%06u.jsonl", ++backup->n_chunks);
  if (!lectern_zip_writer_add (backup->writer, path, backup->chunk->str, backup->chunk->len,
                               TRUE, error))
    return FALSE;

  g_string_truncate (backup->chunk, 0);
  backup->n_chunk = 0;
  backup->chunk_image_bytes = 0;
  return TRUE;
}

/* Writes the images of @images that no chunk had yet. One the library lost meanwhile is
 * left out: the article shows its place empty, as it would have.
 */
static gboolean
write_images (Backup  *backup,
              char   **images,
              GError **error)
{
  for (guint i = 0; images[i]; i++) {
    g_autoptr (GBytes) bytes = NULL;
    g_autofree char *path = NULL;

    if (g_hash_table_contains (backup->written, images[i]))
      continue;

    bytes = lectern_article_store_get_image (backup->store, images[i], NULL, NULL);
    if (!bytes)
      continue;

    path = g_strconcat (LECTERN_BACKUP_IMAGES_DIR, images[i], NULL);
    if (!lectern_zip_writer_add_bytes (backup->writer, path, bytes, FALSE, error))
      return FALSE;

    g_hash_table_add (backup->written, g_strdup (images[i]));
    backup->chunk_image_bytes += g_bytes_get_size (bytes);
  }

  return TRUE;
}

static gboolean
write_manifest (Backup  *backup,
                guint    n_articles,
                GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  add_text (builder, "format", LECTERN_BACKUP_FORMAT);
  add_int (builder, "version", LECTERN_BACKUP_VERSION);
  add_text (builder, "created", created);
  add_int (builder, "articles", n_articles);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  return lectern_zip_writer_add (backup->writer, LECTERN_BACKUP_MANIFEST, text, strlen (text),
                                 TRUE, error);
}

gboolean
_lectern_export_write_backup (LecternArticleStore  *store,
                              GArray               *ids,
                              GOutputStream        *stream,
                              guint                *n_written,
                              GCancellable         *cancellable,
                              GError              **error)
{
  g_autoptr (LecternZipWriter) writer = NULL;
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          NULL);
  g_autoptr (GString) chunk = g_string_new (NULL);
  Backup backup = { store, NULL, written, chunk, 0, 0, 0 };
  guint n = 0;

  writer = lectern_zip_writer_new (stream, LECTERN_ZIP_WRITER_NONE, cancellable);
  backup.writer = writer;

  if (!write_manifest (&backup, ids->len, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++) {
    gint64 id = g_array_index (ids, gint64, i);
    g_autoptr (LecternArticle) article = NULL;
    g_autoptr (JsonNode) node = NULL;
    g_auto (GStrv) tags = NULL;
    g_auto (GStrv) images = NULL;
    g_autoptr (GPtrArray) highlights = NULL;
    g_autoptr (GError) local_error = NULL;
    g_autofree char *line = NULL;
    g_autofree char *carried = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      return FALSE;

    article = lectern_article_store_get (store, id, NULL);
    tags = lectern_article_store_get_tags (store, id, NULL);
    images = lectern_article_store_list_images (store, id, NULL);
    /* Deleted meanwhile. */
    if (!article || !tags || !images)
      continue;

    /* A backup that leaves out the reader's highlights is not one: a fault fails it. */
    highlights = lectern_article_store_list_highlights (store, id, NULL, &local_error);
    if (g_error_matches (local_error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND))
      continue;
    if (!highlights) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

    if (!write_images (&backup, images, error))
      return FALSE;

    if (lectern_article_get_save_state (article) != LECTERN_SAVE_STATE_SAVED)
      carried = lectern_article_store_dup_carried_body (store, id, NULL);
    node = article_to_json (article, tags, images, highlights, carried);
    json_generator_set_root (generator, node);
    line = json_generator_to_data (generator, NULL);

    g_string_append (chunk, line);
    g_string_append_c (chunk, '\n');
    backup.n_chunk++;
    n++;

    if ((backup.n_chunk >= CHUNK_ARTICLES || backup.chunk_image_bytes >= CHUNK_IMAGE_BYTES) &&
        !write_chunk (&backup, error))
      return FALSE;
  }

  if (!write_chunk (&backup, error) || !lectern_zip_writer_close (writer, error))
    return FALSE;

  if (n_written)
    *n_written = n;
  return TRUE;
}
