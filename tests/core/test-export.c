/* test-export.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-csv.h"
#include "lectern-export.h"
#include "lectern-import.h"
#include "lectern-import-entry.h"
#include "lectern-test-utils.h"
#include "lectern-text.h"
#include "lectern-url.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

/* Exports for other apps: what they hold, and what Lectern's own importer brings back. */

typedef struct {
  char *dir;
  LecternArticleStore *store;
  LecternArticleStore *other;
} Fixture;

static LecternArticleStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  LecternArticleStore *store = lectern_article_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = lectern_test_make_tmpdir ();
  fixture->store = open_store (fixture->dir, "library.sqlite3");
  fixture->other = open_store (fixture->dir, "other.sqlite3");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_article_store_close (fixture->store);
  lectern_article_store_close (fixture->other);
  lectern_test_finalize_object (g_steal_pointer (&fixture->store));
  lectern_test_finalize_object (g_steal_pointer (&fixture->other));
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

typedef struct {
  const char *url;
  const char *title;
  const char *byline;
  const char *excerpt;
  const char *language;
  gint64 saved_at;
  gint64 published_at;
  gboolean read;
  gboolean archived;
  gboolean starred;
  double progress;
  const char *tags[4];
} Sample;

/* Articles with every field the exports carry, and the awkward values. */
static const Sample samples[] = {
  { "https://blog.example.com/rust", "Rust, Go and the \"borrow\" checker", "Ada Lovelace",
    "An excerpt, with a comma\nand a line break", "en", 1609459200, 1600000000,
    TRUE, TRUE, FALSE, 1.0, { "programming", "long reads", "编程", NULL } },
  { "https://www.example.cn/post/518.html", "大模型也开始免费开放", "张漫子", NULL, "zh-CN",
    1742342400, 0, FALSE, FALSE, TRUE, 0.5, { "人工智能", NULL } },
  { "https://evil.example.com/", "=HYPERLINK(\"https://evil.example.com\",\"click\")", NULL,
    "-1+2", NULL, 1700000000, 0, FALSE, FALSE, FALSE, 0.0, { "a, comma", NULL } },
  { "https://untitled.example.com/page", "", NULL, NULL, NULL, 1650000000, 0,
    TRUE, FALSE, FALSE, 0.0, { NULL } },
};

static void
add_samples (Fixture *fixture)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
    const Sample *sample = &samples[i];
    g_autoptr (LecternArticle) article = NULL;
    g_autoptr (GError) error = NULL;
    gint64 id;

    article = lectern_test_article_new (sample->title, sample->url, "<p>Text.</p>");
    lectern_article_set_byline (article, sample->byline);
    lectern_article_set_excerpt (article, sample->excerpt);
    lectern_article_set_language (article, sample->language);
    lectern_article_set_saved_at (article, sample->saved_at * G_USEC_PER_SEC);
    lectern_article_set_published_at (article, sample->published_at * G_USEC_PER_SEC);
    if (sample->read)
      lectern_article_set_read_at (article, (sample->saved_at + 60) * G_USEC_PER_SEC);
    lectern_article_set_archived (article, sample->archived);
    lectern_article_set_starred (article, sample->starred);
    lectern_article_set_progress (article, sample->progress);
    id = lectern_article_store_add (fixture->store, article, &error);
    g_assert_no_error (error);
    g_assert_true (lectern_article_store_set_tags (fixture->store, id, sample->tags, &error));
    g_assert_no_error (error);
  }
}

static char *
export_text (Fixture             *fixture,
             LecternExportFormat  format,
             const char          *query_text,
             guint               *n_written)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (LecternQuery) query = query_text ? lectern_query_parse (query_text) : NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (lectern_export_write (fixture->store, format, LECTERN_FILTER_ALL, query, stream,
                                       n_written, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static LecternImport *
import_into_other (Fixture    *fixture,
                   const char *text)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_autoptr (GError) error = NULL;
  LecternImport *import = lectern_import_new (fixture->other);

  g_assert_true (lectern_import_run (import, stream, NULL, &error));
  g_assert_no_error (error);
  return import;
}

static LecternArticle *
get_other (Fixture    *fixture,
           const char *url)
{
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  gint64 id = lectern_article_store_find_by_url (fixture->other, normalized, NULL);

  g_assert_cmpint (id, >, 0);
  return lectern_article_store_get (fixture->other, id, NULL);
}

static void
assert_tags (Fixture        *fixture,
             LecternArticle *article,
             const Sample   *sample)
{
  g_auto (GStrv) tags = lectern_article_store_get_tags (fixture->other,
                                                        lectern_article_get_id (article), NULL);

  g_assert_cmpuint (g_strv_length (tags), ==, g_strv_length ((char **)sample->tags));
  for (guint i = 0; sample->tags[i]; i++)
    g_assert_true (g_strv_contains ((const char * const *)tags, sample->tags[i]));
}

static LecternStoredImage *
image_new (const char *magic,
           const char *payload)
{
  g_autofree char *data = g_strconcat (magic, payload, NULL);
  g_autoptr (GBytes) bytes = g_bytes_new (data, strlen (data));
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return lectern_stored_image_new (sha256, g_str_has_prefix (magic, "GIF") ? "image/gif"
                                                                          : "image/png",
                                   bytes);
}

/* A library that uses every field: saved articles with images (one shared), every state,
 * an article still pending and one that failed.
 */
static void
add_full_library (Fixture *fixture)
{
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (
    (GDestroyNotify)lectern_stored_image_free);
  g_autoptr (GPtrArray) shared = g_ptr_array_new_with_free_func (
    (GDestroyNotify)lectern_stored_image_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GArray) outcomes = NULL;
  LecternImportEntry *entry;
  LecternStoredImage *png, *gif;
  gint64 id;

  png = image_new ("\x89PNG\r\n\x1a\n", "first image");
  gif = image_new ("GIF89a", "second image");
  g_ptr_array_add (images, png);
  g_ptr_array_add (images, gif);
  g_ptr_array_add (shared, lectern_stored_image_copy (gif));

  add_samples (fixture);

  for (guint i = 0; i < 2; i++) {
    g_autoptr (LecternArticle) article = NULL;
    const char *url = i == 0 ? "https://ar.example.com/مقال" : "https://en.example.com/shared";
    const char *tags[] = { "مقالات", "images", NULL };
    g_autofree char *body = NULL;

    body = g_strdup_printf ("<p dir=\"rtl\">نص المقال</p><img src=\"lectern://image/%s\">"
                            "<img src=\"lectern://image/%s\">", png->sha256, gif->sha256);
    article = lectern_test_article_new (i == 0 ? "مقال" : "Shared image", url, body);
    lectern_article_set_canonical_url (article, i == 0 ? "https://ar.example.com/c" : NULL);
    lectern_article_set_byline (article, "كاتب");
    lectern_article_set_site_name (article, "موقع");
    lectern_article_set_language (article, "ar");
    lectern_article_set_direction (article, LECTERN_TEXT_DIRECTION_RTL);
    lectern_article_set_excerpt (article, "ملخص");
    lectern_article_set_published_at (article, G_GINT64_CONSTANT (1700000000123456));
    lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_MINUTE);
    /* A time at midnight UTC, which the time alone would take for a day. */
    lectern_article_set_modified_at (article, i == 0 ? G_GINT64_CONSTANT (1742428800000000) : 0);
    lectern_article_set_modified_precision (article, i == 0 ? LECTERN_DATE_PRECISION_MINUTE
                                                            : LECTERN_DATE_PRECISION_NONE);
    lectern_article_set_saved_at (article, G_GINT64_CONSTANT (1700000100654321));
    lectern_article_set_word_count (article, 3);
    lectern_article_set_char_count (article, 12);
    lectern_article_set_reading_minutes (article, 1);
    lectern_article_set_plain_text (article, "نص المقال");

    id = lectern_article_store_add (fixture->store, article, &error);
    g_assert_no_error (error);
    lectern_article_set_lead_image (article, i == 0 ? "" : "lectern://image/x");
    g_assert_true (lectern_article_store_finish_save (fixture->store, id, article,
                                                      i == 0 ? images : shared, &error));
    g_assert_no_error (error);
    g_assert_true (lectern_article_store_set_tags (fixture->store, id, tags, &error));
    g_assert_true (lectern_article_store_set_flag (fixture->store, id,
                                                   LECTERN_ARTICLE_CHANGE_STARRED, TRUE, &error));
    g_assert_true (lectern_article_store_set_flag (fixture->store, id,
                                                   LECTERN_ARTICLE_CHANGE_READ, TRUE, &error));
    g_assert_true (lectern_article_store_set_progress (fixture->store, id, 1.0 / 3.0, "p:12",
                                                       &error));
    g_assert_no_error (error);
  }

  id = lectern_article_store_add_pending (fixture->store, "https://pending.example.com/a",
                                          "https://pending.example.com/a", &error);
  g_assert_no_error (error);
  id = lectern_article_store_add_pending (fixture->store, "https://failed.example.com/a",
                                          "https://failed.example.com/a", &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_fail_save (fixture->store, id, "The server said 404",
                                                  &error));
  g_assert_no_error (error);

  /* Waiting for the saver with the body an export brought. */
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_import_entry_free);
  entry = lectern_import_entry_new ();
  entry->url = g_strdup ("https://carried.example.com/a");
  entry->title = g_strdup ("Carried");
  entry->content_html = g_strdup ("<p>The body an export brought</p>");
  g_ptr_array_add (entries, entry);
  outcomes = lectern_article_store_import (fixture->store, entries, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);
}

/* Every row of a library as text, the ids left out: two libraries that give the same
 * text hold the same articles, tags and images.
 */
static char *
dump_library (LecternArticleStore *store,
              gboolean             with_updated_at)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *path = lectern_article_store_get_path (store);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *queries[] = {
    "SELECT url, normalized_url, canonical_url, title, byline, site_name, language,"
    " direction, excerpt, lead_image, published_at, saved_at, updated_at * ?1, word_count,"
    " char_count, reading_minutes, read_at, archived, starred, starred_at,"
    " printf ('%.17g', progress), progress_anchor, save_state, save_error, deleted_at,"
    " body_html, plain_text, published_precision, modified_at, modified_precision,"
    " (SELECT group_concat (name, '|') FROM (SELECT t.name AS name FROM article_tags AS at"
    "   JOIN tags AS t ON t.id = at.tag_id WHERE at.article_id = a.id ORDER BY t.name)),"
    " (SELECT group_concat (sha256, '|') FROM (SELECT sha256 FROM article_images"
    "   WHERE article_id = a.id ORDER BY sha256))"
    " FROM articles AS a ORDER BY url",
    "SELECT sha256, content_type, size, hex (data) FROM images ORDER BY sha256",
    "SELECT a.url, c.html FROM carried_bodies AS c JOIN articles AS a ON a.id = c.article_id"
    " ORDER BY a.url",
  };

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++) {
    g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
    if (q == 0)
      sqlite3_bind_int (stmt, 1, with_updated_at ? 1 : 0);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count (stmt); c++) {
        const char *text = (const char *)sqlite3_column_text (stmt, c);

        g_string_append_printf (out, "%s%s", c > 0 ? " | " : "", text ? text : "NULL");
      }
      g_string_append_c (out, '\n');
    }
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* import (export (library)) is the library: every field of every article, its tags and
 * its images, states and dates to the microsecond.
 */
static void
test_backup_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *twice = NULL;
  guint n_written = 0;

  add_full_library (fixture);

  g_assert_true (lectern_export_write (fixture->store, LECTERN_EXPORT_FORMAT_BACKUP,
                                       LECTERN_FILTER_ALL, NULL, stream, &n_written, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, G_N_ELEMENTS (samples) + 5);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));

  input = g_memory_input_stream_new_from_bytes (bytes);
  import = lectern_import_new (fixture->other);
  g_assert_true (lectern_import_run (import, input, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_BACKUP);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, n_written);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 0);

  lectern_article_store_flush (fixture->store);
  lectern_article_store_flush (fixture->other);
  before = dump_library (fixture->store, TRUE);
  after = dump_library (fixture->other, TRUE);
  g_assert_nonnull (strstr (before, "The body an export brought"));
  g_assert_cmpstr (after, ==, before);

  /* Imported again, nothing changes but the time each article was merged: every article
   * is there already.
   */
  g_clear_object (&input);
  input = g_memory_input_stream_new_from_bytes (bytes);
  again = lectern_import_new (fixture->other);
  g_assert_true (lectern_import_run (again, input, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (again), ==, 0);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, n_written);
  lectern_article_store_flush (fixture->other);
  g_free (before);
  before = dump_library (fixture->store, FALSE);
  twice = dump_library (fixture->other, FALSE);
  g_assert_cmpstr (twice, ==, before);
}

static GBytes *
export_ids (Fixture             *fixture,
            LecternExportFormat  format,
            GArray              *ids)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  guint n_written = 0;

  g_assert_true (lectern_export_write_ids (fixture->store, format, ids, NULL, stream,
                                           &n_written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, ids->len);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Highlights @passage of @body, the body of article @id, in the library, as made at
 * @created_at.
 */
static gint64
add_highlight_of (Fixture               *fixture,
                  gint64                 id,
                  const char            *body,
                  const char            *passage,
                  LecternHighlightColor  color,
                  gint64                 created_at)
{
  g_autoptr (LecternHighlight) highlight = NULL;
  g_autoptr (GError) error = NULL;
  gint64 highlight_id;

  highlight = lectern_test_highlight_new (id, body, passage, 0);
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_created_at (highlight, created_at);
  highlight_id = lectern_article_store_add_highlight (fixture->store, highlight, &error);
  g_assert_no_error (error);
  g_assert_cmpint (highlight_id, >, 0);
  return highlight_id;
}

static GPtrArray *
list_highlights (LecternArticleStore *store,
                 const char          *url)
{
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  g_autoptr (GError) error = NULL;
  gint64 id = lectern_article_store_find_by_url (store, normalized, NULL);
  GPtrArray *highlights;

  g_assert_cmpint (id, >, 0);
  highlights = lectern_article_store_list_highlights (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (highlights);
  return highlights;
}

static void
assert_same_highlight (LecternHighlight *a,
                       LecternHighlight *b)
{
  const LecternTextSelector *sa = lectern_highlight_get_selector (a);
  const LecternTextSelector *sb = lectern_highlight_get_selector (b);

  g_assert_cmpstr (sa->exact, ==, sb->exact);
  g_assert_cmpstr (sa->prefix, ==, sb->prefix);
  g_assert_cmpstr (sa->suffix, ==, sb->suffix);
  g_assert_cmpuint (sa->start, ==, sb->start);
  g_assert_cmpuint (sa->end, ==, sb->end);
  g_assert_cmpint (lectern_highlight_get_color (a), ==, lectern_highlight_get_color (b));
  g_assert_cmpstr (lectern_highlight_get_note (a), ==, lectern_highlight_get_note (b));
  g_assert_cmpint (lectern_highlight_get_found (a), ==, lectern_highlight_get_found (b));
  g_assert_cmpint (lectern_highlight_get_created_at (a), ==, lectern_highlight_get_created_at (b));
  g_assert_cmpint (lectern_highlight_get_updated_at (a), ==, lectern_highlight_get_updated_at (b));
}

/* The line of a backup's articles whose article has @url, as JSON. */
static JsonObject *
backup_article (GHashTable *members,
                const char *url)
{
  const char *lines = g_hash_table_lookup (members, "articles/000001.jsonl");
  g_auto (GStrv) split = NULL;

  g_assert_nonnull (lines);
  split = g_strsplit (lines, "\n", -1);
  for (guint i = 0; split[i]; i++) {
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *object;

    if (!*split[i])
      continue;
    g_assert_true (json_parser_load_from_data (parser, split[i], -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    if (g_strcmp0 (json_object_get_string_member (object, "url"), url) == 0)
      return json_object_ref (object);
  }

  g_assert_not_reached ();
  return NULL;
}

/* A backup carries each article's highlights: imported into another library, they are
 * the same passages, in the same colours, with the same notes, places and times; imported
 * again, none is there twice.
 */
static void
test_backup_highlights (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *body = "<p>Highlights are the passages a reader marks.</p>"
                     "<p>Notes say why they matter, in 中文 too.</p>";
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternArticle) plain = NULL;
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GHashTable) members = NULL;
  g_autoptr (JsonObject) line = NULL;
  g_autoptr (JsonObject) plain_line = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *highlights;
  JsonObject *oldest;
  JsonObject *newest;
  gint64 id;
  gint64 second;

  article = lectern_test_article_new ("Highlighted", "https://highlights.example.com/a", body);
  id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  plain = lectern_test_article_new ("Plain", "https://highlights.example.com/b",
                                    "<p>None here.</p>");
  lectern_article_store_add (fixture->store, plain, &error);
  g_assert_no_error (error);

  /* Made in the past, the second after the first: the update comes later still. */
  add_highlight_of (fixture, id, body, "passages", LECTERN_HIGHLIGHT_GREEN,
                    1700000000000000);
  second = add_highlight_of (fixture, id, body, "why they matter, in 中文",
                             LECTERN_HIGHLIGHT_PURPLE, 1700000060000000);
  g_assert_true (lectern_article_store_update_highlight (fixture->store, second,
                                                         LECTERN_HIGHLIGHT_PURPLE,
                                                         "Because\nthey do.", &error));
  g_assert_no_error (error);
  before = list_highlights (fixture->store, "https://highlights.example.com/a");
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpint (lectern_highlight_get_updated_at (before->pdata[0]), >,
                   lectern_highlight_get_created_at (before->pdata[0]));

  g_assert_true (lectern_export_write (fixture->store, LECTERN_EXPORT_FORMAT_BACKUP,
                                       LECTERN_FILTER_ALL, NULL, stream, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));

  /* In the backup, oldest first, a note only where there is one. */
  members = lectern_test_read_zip (bytes);
  line = backup_article (members, "https://highlights.example.com/a");
  highlights = json_object_get_array_member (line, "highlights");
  g_assert_cmpuint (json_array_get_length (highlights), ==, 2);
  oldest = json_array_get_object_element (highlights, 0);
  newest = json_array_get_object_element (highlights, 1);
  g_assert_cmpstr (json_object_get_string_member (oldest, "exact"), ==, "passages");
  g_assert_cmpstr (json_object_get_string_member (oldest, "color"), ==, "green");
  g_assert_false (json_object_has_member (oldest, "note"));
  g_assert_cmpstr (json_object_get_string_member (oldest, "prefix"), ==, "Highlights are the ");
  g_assert_cmpint (json_object_get_int_member (oldest, "start"), ==, 19);
  g_assert_cmpint (json_object_get_int_member (oldest, "end"), ==, 27);
  g_assert_true (json_object_get_boolean_member (oldest, "found"));
  g_assert_cmpint (json_object_get_int_member (oldest, "created_at"), >, 0);
  g_assert_cmpint (json_object_get_int_member (oldest, "updated_at"), >, 0);
  g_assert_true (json_object_has_member (oldest, "suffix"));
  g_assert_cmpstr (json_object_get_string_member (newest, "note"), ==, "Because\nthey do.");
  g_assert_cmpstr (json_object_get_string_member (newest, "color"), ==, "purple");
  plain_line = backup_article (members, "https://highlights.example.com/b");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plain_line,
                                                                        "highlights")), ==, 0);

  input = g_memory_input_stream_new_from_bytes (bytes);
  import = lectern_import_new (fixture->other);
  g_assert_true (lectern_import_run (import, input, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);

  after = list_highlights (fixture->other, "https://highlights.example.com/a");
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    assert_same_highlight (before->pdata[i], after->pdata[i]);

  g_clear_object (&input);
  input = g_memory_input_stream_new_from_bytes (bytes);
  again = lectern_import_new (fixture->other);
  g_assert_true (lectern_import_run (again, input, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = list_highlights (fixture->other, "https://highlights.example.com/a");
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    assert_same_highlight (before->pdata[i], after->pdata[i]);
}

static gint64
id_of (Fixture    *fixture,
       const char *url)
{
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  gint64 id = lectern_article_store_find_by_url (fixture->store, normalized, NULL);

  g_assert_cmpint (id, >, 0);
  return id;
}

/* HTML: one article is one file that needs nothing else, its images inside it; several
 * are a ZIP of such files, named after their titles.
 */
static void
test_html (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GBytes) single = NULL;
  g_autoptr (GBytes) zip = NULL;
  g_autoptr (GHashTable) members = NULL;
  g_autofree char *html = NULL;
  gint64 id;

  add_full_library (fixture);

  id = id_of (fixture, "https://ar.example.com/مقال");
  g_array_append_val (one, id);
  single = export_ids (fixture, LECTERN_EXPORT_FORMAT_HTML, one);
  html = g_strndup (g_bytes_get_data (single, NULL), g_bytes_get_size (single));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
  /* It loads nothing: its images are inside, its policy allows nothing else. */
  g_assert_nonnull (strstr (html, "default-src 'none'; img-src data:"));
  g_assert_nonnull (strstr (html,
                            "<img src=\"data:image/png;base64,iVBORw0KGgpmaXJzdCBpbWFnZQ==\">"));
  g_assert_nonnull (strstr (html, "<img src=\"data:image/gif;base64,"));
  g_assert_null (strstr (html, "lectern://"));
  g_assert_nonnull (strstr (html, "<title>مقال</title>"));
  g_assert_nonnull (strstr (html, "<p dir=\"rtl\">نص المقال</p>"));

  for (guint i = 0; i < 3; i++) {
    const char *urls[] = { "https://evil.example.com/", "https://www.example.cn/post/518.html",
                           "https://failed.example.com/a" };

    id = id_of (fixture, urls[i]);
    g_array_append_val (all, id);
  }
  zip = export_ids (fixture, LECTERN_EXPORT_FORMAT_HTML, all);
  members = lectern_test_read_zip (zip);
  g_assert_cmpuint (g_hash_table_size (members), ==, 3);
  /* A title's quotes and the like make no odd file names. */
  g_assert_true (g_hash_table_contains (members,
                                        "=HYPERLINK( https evil.example.com , click ).html"));
  g_assert_nonnull (strstr (g_hash_table_lookup (members, "大模型也开始免费开放.html"),
                            "<html lang=\"zh-CN\" dir=\"auto\">"));
  /* Never saved: its address, and a word that that is all there is. */
  g_assert_nonnull (strstr (g_hash_table_lookup (members, "failed.example.com a.html"),
                            "https://failed.example.com/a"));
}

/* Markdown: a file per article with its front matter, and the images in images/. */
static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GBytes) zip = NULL;
  g_autoptr (GHashTable) members = NULL;
  GHashTableIter iter;
  const char *arabic;
  const char *rust;
  const char *name;
  guint n_images = 0;
  gint64 id;

  add_full_library (fixture);
  id = id_of (fixture, "https://ar.example.com/مقال");
  g_array_append_val (ids, id);
  id = id_of (fixture, "https://en.example.com/shared");
  g_array_append_val (ids, id);
  id = id_of (fixture, "https://blog.example.com/rust");
  g_array_append_val (ids, id);

  zip = export_ids (fixture, LECTERN_EXPORT_FORMAT_MARKDOWN, ids);
  members = lectern_test_read_zip (zip);
  /* Three articles, two images: the one both use written once. */
  g_assert_cmpuint (g_hash_table_size (members), ==, 5);

  arabic = g_hash_table_lookup (members, "مقال.md");
  g_assert_nonnull (arabic);
  g_assert_true (g_str_has_prefix (arabic, "---\ntitle: \"مقال\"\n"
                                           "url: \"https://ar.example.com/مقال\"\n"
                                           "author: \"كاتب\"\nsite: \"موقع\"\n"
                                           "date: \"2023-11-14\"\nsaved: \"2023-11-14\"\n"
                                           "language: \"ar\"\n"
                                           "tags:\n  - \"images\"\n  - \"مقالات\"\n"
                                           "---\n\n# مقال\n"));
  g_assert_nonnull (strstr (arabic, "نص المقال"));
  /* It shows both images, from images/. */
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL)) {
    g_autofree char *link = g_strdup_printf ("](%s)", name);

    if (g_str_has_prefix (name, "images/")) {
      g_assert_nonnull (strstr (arabic, link));
      n_images++;
    }
  }
  g_assert_cmpuint (n_images, ==, 2);

  rust = g_hash_table_lookup (members, "Rust, Go and the borrow checker.md");
  g_assert_nonnull (rust);
  g_assert_nonnull (strstr (rust, "title: \"Rust, Go and the \\\"borrow\\\" checker\"\n"));
}

/* Markdown into a folder the user chose: the same files as in the ZIP, images in images/. */
static void
test_markdown_folder (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (path);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) images = NULL;
  g_autofree char *images_path = g_build_filename (path, "images", NULL);
  g_autofree char *markdown = NULL;
  g_autofree char *md_path = g_build_filename (path, "مقال.md", NULL);
  guint n_written = 0;
  guint n_images = 0;
  gint64 id;

  add_full_library (fixture);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  id = id_of (fixture, "https://ar.example.com/مقال");
  g_array_append_val (ids, id);
  id = id_of (fixture, "https://blog.example.com/rust");
  g_array_append_val (ids, id);

  g_assert_true (lectern_export_write_folder (fixture->store, LECTERN_EXPORT_FORMAT_MARKDOWN,
                                              ids, folder, &n_written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 2);
  g_assert_true (g_file_get_contents (md_path, &markdown, NULL, NULL));
  g_assert_true (g_str_has_prefix (markdown, "---\ntitle: \"مقال\"\n"));
  images = g_dir_open (images_path, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (images)); n_images++) {
    g_autofree char *link = g_strdup_printf ("](images/%s)", name);

    g_assert_nonnull (strstr (markdown, link));
  }
  g_assert_cmpuint (n_images, ==, 2);

  /* A backup is one file: it cannot go to a folder. */
  g_assert_false (lectern_export_write_folder (fixture->store, LECTERN_EXPORT_FORMAT_BACKUP,
                                               ids, folder, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* A file that is there is replaced only by a whole export: one that fails leaves it. */
static void
test_file_replaced_whole (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "export.epub", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GDir) dir = NULL;
  gint64 id;

  add_samples (fixture);
  g_assert_true (g_file_set_contents (path, "the export of yesterday", -1, NULL));

  /* A book of nothing cannot be made. */
  g_assert_false (lectern_export_write_file (fixture->store, LECTERN_EXPORT_FORMAT_EPUB, none,
                                             NULL, file, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the export of yesterday");

  /* Nothing else was left in the folder. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir)); )
    g_assert_true (g_str_has_prefix (name, "library.sqlite3") ||
                   g_str_has_prefix (name, "other.sqlite3") ||
                   g_str_equal (name, "export.epub"));

  id = id_of (fixture, "https://blog.example.com/rust");
  g_array_append_val (ids, id);
  g_assert_true (lectern_export_write_file (fixture->store, LECTERN_EXPORT_FORMAT_CSV, ids,
                                            NULL, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "title,url,time_added,tags,status"));
}

/* The CSV Pocket's importers read, with Lectern's columns after; imported back, every
 * field it carries comes back as it was.
 */
static void
test_csv_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (LecternCsvReader) reader = NULL;
  g_autofree char *csv = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) evil = NULL;
  guint n_written = 0;

  add_samples (fixture);
  csv = export_text (fixture, LECTERN_EXPORT_FORMAT_CSV, NULL, &n_written);
  g_assert_cmpuint (n_written, ==, G_N_ELEMENTS (samples));
  g_assert_true (g_str_has_prefix (csv, "title,url,time_added,tags,status,"));
  g_assert_cmpint (lectern_import_detect_format (csv, strlen (csv)), ==,
                   LECTERN_IMPORT_FORMAT_POCKET_CSV);

  /* A title a spreadsheet would take for a formula starts with a quote. */
  stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
  reader = lectern_csv_reader_new (stream);
  header = lectern_csv_reader_next (reader, NULL, NULL);
  /* Newest first: the Chinese article, then this one. */
  g_strfreev (lectern_csv_reader_next (reader, NULL, NULL));
  evil = lectern_csv_reader_next (reader, NULL, NULL);
  g_assert_cmpstr (evil[1], ==, "https://evil.example.com/");
  g_assert_true (g_str_has_prefix (evil[0], "'=HYPERLINK("));

  import = import_into_other (fixture, csv);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, G_N_ELEMENTS (samples));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
    const Sample *sample = &samples[i];
    g_autoptr (LecternArticle) article = get_other (fixture, sample->url);
    g_autofree char *excerpt = lectern_text_dup_clean_line (sample->excerpt, 0);

    g_assert_cmpstr (lectern_article_get_title (article), ==, sample->title);
    g_assert_cmpstr (lectern_article_get_byline (article), ==, sample->byline);
    g_assert_cmpstr (lectern_article_get_excerpt (article), ==, excerpt);
    g_assert_cmpstr (lectern_article_get_language (article), ==, sample->language);
    g_assert_cmpint (lectern_article_get_saved_at (article), ==, sample->saved_at * G_USEC_PER_SEC);
    g_assert_cmpint (lectern_article_get_published_at (article), ==,
                     sample->published_at * G_USEC_PER_SEC);
    g_assert_cmpint (lectern_article_get_is_read (article), ==, sample->read);
    if (sample->read)
      g_assert_cmpint (lectern_article_get_read_at (article), ==,
                       (sample->saved_at + 60) * G_USEC_PER_SEC);
    g_assert_cmpint (lectern_article_get_archived (article), ==, sample->archived);
    g_assert_cmpint (lectern_article_get_starred (article), ==, sample->starred);
    g_assert_cmpfloat (lectern_article_get_progress (article), ==, sample->progress);
    assert_tags (fixture, article, sample);
  }
}

/* The bookmark file browsers import: links, titles, dates, tags and excerpts come back;
 * a comma in a tag's name does not split it in two.
 */
static void
test_bookmarks_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) comma = NULL;
  g_autofree char *html = NULL;
  g_auto (GStrv) tags = NULL;
  guint n_written = 0;

  add_samples (fixture);
  html = export_text (fixture, LECTERN_EXPORT_FORMAT_BOOKMARKS, NULL, &n_written);
  g_assert_cmpuint (n_written, ==, G_N_ELEMENTS (samples));
  g_assert_cmpint (lectern_import_detect_format (html, strlen (html)), ==,
                   LECTERN_IMPORT_FORMAT_BOOKMARKS);

  import = import_into_other (fixture, html);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, G_N_ELEMENTS (samples));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
    const Sample *sample = &samples[i];
    g_autoptr (LecternArticle) article = get_other (fixture, sample->url);
    g_autofree char *excerpt = lectern_text_dup_clean_line (sample->excerpt, 0);

    if (*sample->title)
      g_assert_cmpstr (lectern_article_get_title (article), ==, sample->title);
    g_assert_cmpstr (lectern_article_get_excerpt (article), ==, excerpt);
    g_assert_cmpint (lectern_article_get_saved_at (article), ==, sample->saved_at * G_USEC_PER_SEC);
  }

  comma = get_other (fixture, "https://evil.example.com/");
  tags = lectern_article_store_get_tags (fixture->other, lectern_article_get_id (comma), NULL);
  g_assert_cmpuint (g_strv_length (tags), ==, 1);
  g_assert_cmpstr (tags[0], ==, "a  comma");
}

/* A query chooses what is exported, newest first. */
static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *none = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_written = 0;

  add_samples (fixture);
  lectern_test_build_index (fixture->store);

  csv = export_text (fixture, LECTERN_EXPORT_FORMAT_CSV, "is:starred", &n_written);
  g_assert_cmpuint (n_written, ==, 1);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], "大模型也开始免费开放,"));

  none = export_text (fixture, LECTERN_EXPORT_FORMAT_BOOKMARKS, "tag:nothing", &n_written);
  g_assert_cmpuint (n_written, ==, 0);
  g_assert_nonnull (strstr (none, "<DL><p>\n</DL><p>"));
}

int
main (int   argc,
      char *argv[])
{
  LecternExportFormat format;

  /* Members' names are read back as UTF-8, which the C locale cannot convert to. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_assert_true (lectern_export_format_from_name ("CSV", &format));
  g_assert_cmpint (format, ==, LECTERN_EXPORT_FORMAT_CSV);
  g_assert_false (lectern_export_format_from_name ("xlsx", &format));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export/csv-round-trip", test_csv_round_trip);
  ADD ("/export/bookmarks-round-trip", test_bookmarks_round_trip);
  ADD ("/export/query", test_query);
  ADD ("/export/backup-round-trip", test_backup_round_trip);
  ADD ("/export/backup-highlights", test_backup_highlights);
  ADD ("/export/html", test_html);
  ADD ("/export/markdown", test_markdown);
  ADD ("/export/markdown-folder", test_markdown_folder);
  ADD ("/export/file-replaced-whole", test_file_replaced_whole);
#undef ADD

  return g_test_run ();
}
