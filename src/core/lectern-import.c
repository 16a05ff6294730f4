/* lectern-import.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-import.h"

#include "lectern-csv.h"
#include "lectern-import-private.h"
#include "lectern-text.h"
#include "lectern-url.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * LecternImport:
 *
 * Brings the links of an export file into a library: finds the file's format from its
 * content (never its name), reads it as a stream with that format's reader, and stores
 * its entries %LECTERN_IMPORT_BATCH at a time, each batch one transaction
 * (lectern_article_store_import()). A kill loses at most the batch under way; running
 * the same import again completes it, since an address already in the library is merged,
 * never added twice.
 *
 * What it did is counted: entries added, entries whose address the library had, entries
 * that repeat an address earlier in the file, and entries skipped, each with where it is
 * in the file and why.
 */

/* How much of a file its format is told from. */
#define PEEK_SIZE 65536

/* How many skipped entries an import keeps, with where they are and why; past that, it
 * only counts them: a file of a million bad lines must not fill the memory.
 */
#define MAX_SKIPPED 1000

/* The longest title, author and excerpt an import keeps, in characters: an export's
 * field can hold anything, and a row shows two lines.
 */
#define MAX_TITLE 1000
#define MAX_BYLINE 200
#define MAX_EXCERPT 2000

/* The most bytes of images a batch holds before it is stored. */
#define MAX_BATCH_IMAGE_BYTES (64 * 1024 * 1024)

/* The most bytes of bodies held for entries still to come; past it, those articles are
 * fetched from the web instead.
 */
#define MAX_HELD_CONTENT (64 * 1024 * 1024)

struct _LecternImport
{
  GObject              parent_instance;

  /* Owned */
  LecternArticleStore *store;
  GPtrArray           *batch;
  /* The images a backup's batch brings (LecternStoredImage), stored before its entries */
  GPtrArray           *images;
  gsize                image_bytes;
  GPtrArray           *skipped;
  /* The articles this import added or merged into, to tell a repeat in the file from an
   * address the library had before.
   */
  GHashTable          *seen_ids;
  /* Omnivore's bodies by slug: those read before their entry (held, at most
   * MAX_HELD_CONTENT bytes), and the addresses of the entries read before their body.
   */
  GHashTable          *held_content;
  gsize                held_bytes;
  GHashTable          *urls_by_slug;

  /* Run by lectern_import_run_async(): the context whose thread stores the batches, so
   * that the store's signals come there, and how the reading thread waits for each.
   */
  GMainContext        *context;
  GMutex               batch_lock;
  GCond                batch_cond;
  gboolean             batch_done;
  GArray              *batch_outcomes;
  GError              *batch_error;

  LecternImportFormat  format;
  guint                n_skipped;
  guint                n_added;
  guint                n_existing;
  guint                n_duplicates;
};

G_DEFINE_FINAL_TYPE (LecternImport, lectern_import, G_TYPE_OBJECT)
G_DEFINE_QUARK (lectern-import-error-quark, lectern_import_error)

static void
lectern_import_skip_free (gpointer data)
{
  LecternImportSkip *skip = data;

  g_free (skip->location);
  g_free (skip->url);
  g_free (skip->reason);
  g_free (skip);
}

static void
lectern_import_finalize (GObject *object)
{
  LecternImport *self = LECTERN_IMPORT (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->held_content, g_hash_table_unref);
  g_clear_pointer (&self->urls_by_slug, g_hash_table_unref);
  g_clear_pointer (&self->skipped, g_ptr_array_unref);
  g_clear_pointer (&self->seen_ids, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->batch_outcomes, g_array_unref);
  g_clear_error (&self->batch_error);
  g_mutex_clear (&self->batch_lock);
  g_cond_clear (&self->batch_cond);

  G_OBJECT_CLASS (lectern_import_parent_class)->finalize (object);
}

static void
lectern_import_class_init (LecternImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lectern_import_finalize;
}

static void
lectern_import_init (LecternImport *self)
{
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_import_entry_free);
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  self->held_content = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->urls_by_slug = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->skipped = g_ptr_array_new_with_free_func (lectern_import_skip_free);
  self->seen_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->batch_lock);
  g_cond_init (&self->batch_cond);
}

/**
 * lectern_import_new:
 * @store: the library to import into
 *
 * Returns: (transfer full): a new import; lectern_import_run() runs it
 */
LecternImport *
lectern_import_new (LecternArticleStore *store)
{
  LecternImport *self;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), NULL);

  self = g_object_new (LECTERN_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);

  return self;
}

/* Whether @text, trimmed, is one web address and nothing else. */
static gboolean
is_address_line (const char *text,
                 gsize       length)
{
  g_autofree char *line = g_strstrip (g_strndup (text, length));

  return (g_ascii_strncasecmp (line, "http://", 7) == 0 ||
          g_ascii_strncasecmp (line, "https://", 8) == 0) &&
         strpbrk (line, " \t") == NULL &&
         lectern_url_is_fetchable (line, NULL);
}

static gboolean
has_field (char       **fields,
           const char  *name)
{
  for (guint i = 0; fields[i]; i++) {
    g_autofree char *field = g_ascii_strdown (g_strstrip (fields[i]), -1);

    if (g_str_equal (field, name))
      return TRUE;
  }

  return FALSE;
}

/**
 * lectern_import_detect_format:
 * @data: the start of a file
 * @length: how many bytes @data has
 *
 * Tells which export the file is from its first bytes (a few kilobytes are plenty).
 *
 * Returns: the format, or %LECTERN_IMPORT_FORMAT_UNKNOWN
 */
LecternImportFormat
lectern_import_detect_format (const char *data,
                              gsize       length)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (LecternCsvReader) reader = NULL;
  g_auto (GStrv) header = NULL;
  const char *end = data + length;
  const char *p = data;
  const char *line_end;

  g_return_val_if_fail (data != NULL || length == 0, LECTERN_IMPORT_FORMAT_UNKNOWN);

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p == end)
    return LECTERN_IMPORT_FORMAT_UNKNOWN;

  /* A ZIP archive starts with a member's local header (or, empty, with its end). */
  if (length >= 4 &&
      (memcmp (data, "PK\x03\x04", 4) == 0 || memcmp (data, "PK\x05\x06", 4) == 0))
    return LECTERN_IMPORT_FORMAT_ARCHIVE;

  /* HTML: a bookmark file says so in its doctype; Pocket's old export in its title, or
   * by its sections.
   */
  if (*p == '<') {
    g_autofree char *head = g_ascii_strdown (p, MIN (end - p, 4096));

    if (strstr (head, "netscape-bookmark-file"))
      return LECTERN_IMPORT_FORMAT_BOOKMARKS;
    if (strstr (head, "<title>pocket export</title>") ||
        (strstr (head, "<h1>unread</h1>") && strstr (head, "time_added")))
      return LECTERN_IMPORT_FORMAT_POCKET_HTML;
    return LECTERN_IMPORT_FORMAT_UNKNOWN;
  }

  /* JSON: an array of entries, whose members tell the app. */
  if (*p == '[') {
    g_autofree char *head = g_strndup (p, end - p);

    if (!strstr (head, "\"url\""))
      return LECTERN_IMPORT_FORMAT_UNKNOWN;
    if (strstr (head, "\"is_archived\"") || strstr (head, "\"is_starred\""))
      return LECTERN_IMPORT_FORMAT_WALLABAG;
    if (strstr (head, "\"savedAt\"") || strstr (head, "\"slug\""))
      return LECTERN_IMPORT_FORMAT_OMNIVORE;
    return LECTERN_IMPORT_FORMAT_UNKNOWN;
  }

  /* A list of addresses: its first line that is not blank or a "#" comment is one. */
  for (const char *line = p; line < end; line = line_end + 1) {
    line_end = memchr (line, '\n', end - line);
    if (!line_end)
      line_end = end;

    while (line < line_end && g_ascii_isspace (*line))
      line++;
    if (line == line_end || *line == '#')
      continue;

    if (is_address_line (line, line_end - line))
      return LECTERN_IMPORT_FORMAT_URL_LIST;
    break;
  }

  /* A CSV file's header names its columns. */
  stream = g_memory_input_stream_new_from_data (p, end - p, NULL);
  reader = lectern_csv_reader_new (stream);
  header = lectern_csv_reader_next (reader, NULL, NULL);
  if (!header || g_strv_length (header) < 2)
    return LECTERN_IMPORT_FORMAT_UNKNOWN;

  if (has_field (header, "url") && has_field (header, "time_added"))
    return LECTERN_IMPORT_FORMAT_POCKET_CSV;
  if (has_field (header, "url") && has_field (header, "title") && has_field (header, "folder"))
    return LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV;

  return LECTERN_IMPORT_FORMAT_UNKNOWN;
}

/**
 * lectern_import_format_get_name:
 * @format: a #LecternImportFormat
 *
 * Returns: the format's name, for the user
 */
const char *
lectern_import_format_get_name (LecternImportFormat format)
{
  switch (format) {
    case LECTERN_IMPORT_FORMAT_POCKET_CSV:
      return _("Pocket export");
    case LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV:
      return _("Instapaper export");
    case LECTERN_IMPORT_FORMAT_POCKET_HTML:
      return _("Pocket export (HTML)");
    case LECTERN_IMPORT_FORMAT_BOOKMARKS:
      return _("Browser bookmarks");
    case LECTERN_IMPORT_FORMAT_WALLABAG:
      return _("wallabag export");
    case LECTERN_IMPORT_FORMAT_OMNIVORE:
      return _("Omnivore export");
    case LECTERN_IMPORT_FORMAT_URL_LIST:
      return _("List of addresses");
    case LECTERN_IMPORT_FORMAT_ARCHIVE:
      return _("ZIP archive");
    case LECTERN_IMPORT_FORMAT_BACKUP:
      return _("Lectern backup");
    case LECTERN_IMPORT_FORMAT_UNKNOWN:
    default:
      return _("Unknown");
  }
}

char *
_lectern_import_location_line (guint line)
{
  return g_strdup_printf (_("line %u"), line);
}

/* A time in seconds since 1970 as exports write it; 0 for none, or one out of range. */
gint64
_lectern_import_parse_unix_time (const char *text)
{
  guint64 seconds;
  char *end;

  if (!text)
    return 0;

  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return 0;

  seconds = g_ascii_strtoull (text, &end, 10);
  while (g_ascii_isspace (*end))
    end++;
  /* From 1990 (earlier is a mistake) to a year from now (later is too). */
  if (*end != '\0' || seconds < 631152000 ||
      seconds > (guint64)(g_get_real_time () / G_USEC_PER_SEC) + 366 * 24 * 3600)
    return 0;

  return (gint64)seconds * G_USEC_PER_SEC;
}

/* What an archive's files turned out to be. */
void
_lectern_import_set_format (LecternImport       *self,
                            LecternImportFormat  format)
{
  self->format = format;
}

void
_lectern_import_skip (LecternImport *self,
                      const char    *location,
                      const char    *url,
                      const char    *reason)
{
  LecternImportSkip *skip;

  if (self->n_skipped++ >= MAX_SKIPPED)
    return;

  skip = g_new0 (LecternImportSkip, 1);
  skip->location = g_strdup (location);
  /* A link from the file shows its control characters instead of acting on them (a line
   * break would make a line of the report of its own).
   */
  skip->url = url && *url ? lectern_text_escape_controls (url, -1) : NULL;
  skip->reason = g_strdup (reason);
  g_ptr_array_add (self->skipped, skip);
}

static void
batch_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LecternImport *self = user_data;
  g_autoptr (GError) error = NULL;
  GArray *outcomes;

  outcomes = lectern_article_store_import_finish (LECTERN_ARTICLE_STORE (object), result, &error);

  g_mutex_lock (&self->batch_lock);
  self->batch_outcomes = outcomes;
  self->batch_error = g_steal_pointer (&error);
  self->batch_done = TRUE;
  g_cond_signal (&self->batch_cond);
  g_mutex_unlock (&self->batch_lock);
}

typedef struct {
  LecternImport *import;
  GPtrArray *batch;
  GPtrArray *images;
} BatchCall;

static gboolean
store_batch_cb (gpointer user_data)
{
  BatchCall *call = user_data;

  lectern_article_store_import_async (call->import->store, call->batch, call->images, NULL,
                                      batch_stored_cb, call->import);
  return G_SOURCE_REMOVE;
}

/* Stores @batch on the import's context and waits for it, from the reading thread. */
static GArray *
store_batch_in_context (LecternImport  *self,
                        GPtrArray      *batch,
                        GPtrArray      *images,
                        GError        **error)
{
  BatchCall call = { self, batch, images };
  GArray *outcomes;

  g_mutex_lock (&self->batch_lock);
  self->batch_done = FALSE;
  g_mutex_unlock (&self->batch_lock);

  g_main_context_invoke (self->context, store_batch_cb, &call);

  g_mutex_lock (&self->batch_lock);
  while (!self->batch_done)
    g_cond_wait (&self->batch_cond, &self->batch_lock);
  outcomes = g_steal_pointer (&self->batch_outcomes);
  if (!outcomes)
    g_propagate_error (error, g_steal_pointer (&self->batch_error));
  g_mutex_unlock (&self->batch_lock);

  return outcomes;
}

static gboolean
flush_batch (LecternImport  *self,
             GError        **error)
{
  g_autoptr (GArray) outcomes = NULL;
  g_autoptr (GPtrArray) batch = NULL;
  g_autoptr (GPtrArray) images = NULL;

  if (self->batch->len == 0 && self->images->len == 0)
    return TRUE;

  batch = g_steal_pointer (&self->batch);
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_import_entry_free);
  images = g_steal_pointer (&self->images);
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  self->image_bytes = 0;

  if (self->context)
    outcomes = store_batch_in_context (self, batch, images, error);
  else
    outcomes = lectern_article_store_import (self->store, batch, images, error);
  if (!outcomes)
    return FALSE;

  for (guint i = 0; i < outcomes->len; i++) {
    const LecternImportOutcome *outcome = &g_array_index (outcomes, LecternImportOutcome, i);
    gint64 id = outcome->id;

    if (id == 0 || ((LecternImportEntry *)g_ptr_array_index (batch, i))->content_only)
      continue;

    if (g_hash_table_contains (self->seen_ids, &id))
      self->n_duplicates++;
    else if (outcome->added)
      self->n_added++;
    else
      self->n_existing++;

    g_hash_table_add (self->seen_ids, g_memdup2 (&id, sizeof id));
  }

  return TRUE;
}

static void
clean_text (char  **text,
            guint   max_chars)
{
  char *clean = lectern_text_dup_clean_line (*text, max_chars);

  g_free (*text);
  *text = clean;
}

/* Takes @entry, checks its address, and stores it with its batch. Its texts become one
 * line each, without the control characters an export may hold.
 */
gboolean
_lectern_import_add_entry (LecternImport       *self,
                           LecternImportEntry  *entry,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr (LecternImportEntry) owned = entry;
  g_autoptr (GError) url_error = NULL;
  g_autofree char *url = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  url = entry->url ? g_strstrip (g_strdup (entry->url)) : g_strdup ("");
  if (*url == '\0') {
    _lectern_import_skip (self, entry->location, NULL, _("No address"));
    return TRUE;
  }

  if (!lectern_url_is_fetchable (url, &url_error)) {
    _lectern_import_skip (self, entry->location, url, url_error->message);
    return TRUE;
  }

  g_free (entry->url);
  entry->url = g_steal_pointer (&url);
  clean_text (&entry->title, MAX_TITLE);
  clean_text (&entry->byline, MAX_BYLINE);
  clean_text (&entry->excerpt, MAX_EXCERPT);
  /* A backup's article shows its title and author as any other. */
  if (entry->article) {
    g_autofree char *byline = lectern_text_dup_clean_line (
      lectern_article_get_byline (entry->article), MAX_BYLINE);

    lectern_article_set_title (entry->article, entry->title);
    lectern_article_set_byline (entry->article, byline);
  }
  g_ptr_array_add (self->batch, g_steal_pointer (&owned));

  if (self->batch->len >= LECTERN_IMPORT_BATCH)
    return flush_batch (self, error);

  return TRUE;
}

/* Takes @image, for the next batch: a backup's images come before the articles that use
 * them. Images that pile up with no article (a backup made to fill the memory) are
 * stored by themselves.
 */
gboolean
_lectern_import_add_image (LecternImport       *self,
                           LecternStoredImage  *image,
                           GError             **error)
{
  self->image_bytes += g_bytes_get_size (image->data);
  g_ptr_array_add (self->images, image);

  if (self->image_bytes >= MAX_BATCH_IMAGE_BYTES)
    return flush_batch (self, error);

  return TRUE;
}

/* Takes the body of the entry named @slug: held for it if the body came first, given to
 * its article if the entry did.
 */
gboolean
_lectern_import_add_content (LecternImport  *self,
                             const char     *slug,
                             char           *html,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autofree char *owned = html;
  const char *url = g_hash_table_lookup (self->urls_by_slug, slug);
  LecternImportEntry *entry;
  gsize size = strlen (html);

  if (!url) {
    if (self->held_bytes + size > MAX_HELD_CONTENT ||
        g_hash_table_contains (self->held_content, slug))
      return TRUE;

    self->held_bytes += size;
    g_hash_table_insert (self->held_content, g_strdup (slug), g_steal_pointer (&owned));
    return TRUE;
  }

  entry = lectern_import_entry_new ();
  entry->url = g_strdup (url);
  entry->content_html = g_steal_pointer (&owned);
  entry->content_only = TRUE;
  return _lectern_import_add_entry (self, entry, cancellable, error);
}

/* The body held for the entry named @slug, if it came before; otherwise the entry's
 * address is kept, for its body to come.
 */
char *
_lectern_import_take_content (LecternImport *self,
                              const char    *slug,
                              const char    *url)
{
  char *html = NULL;
  g_autofree char *key = NULL;

  if (!slug || !*slug)
    return NULL;

  if (g_hash_table_steal_extended (self->held_content, slug, (gpointer *)&key,
                                   (gpointer *)&html)) {
    self->held_bytes -= strlen (html);
    return html;
  }

  if (url && lectern_url_is_fetchable (url, NULL))
    g_hash_table_insert (self->urls_by_slug, g_strdup (slug), g_strdup (url));
  return NULL;
}

/* Stores what the readers handed over so far: a backup's chunk ends. */
gboolean
_lectern_import_flush (LecternImport  *self,
                       GError        **error)
{
  return flush_batch (self, error);
}

/**
 * lectern_import_run:
 * @self: a #LecternImport
 * @stream: the export file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #LecternImportError, an I/O or a database error
 *
 * Imports @stream into the library, on the calling thread. On error, what was read
 * before the fault is imported all the same, and the counts say so.
 *
 * Returns: %TRUE if the whole file was read
 */
gboolean
lectern_import_run (LecternImport  *self,
                    GInputStream   *stream,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr (GInputStream) buffered = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *peek;
  gsize length;
  gboolean ok;

  g_return_val_if_fail (LECTERN_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  buffered = g_buffered_input_stream_new_sized (stream, PEEK_SIZE);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), PEEK_SIZE,
                                    cancellable, error) < 0)
    return FALSE;

  peek = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &length);
  if (length == 0) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_EMPTY,
                         _("The file is empty"));
    return FALSE;
  }

  self->format = lectern_import_detect_format (peek, length);

  switch (self->format) {
    case LECTERN_IMPORT_FORMAT_POCKET_CSV:
    case LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV:
      ok = _lectern_import_read_csv (self, self->format, buffered, cancellable, &local_error);
      break;
    case LECTERN_IMPORT_FORMAT_POCKET_HTML:
    case LECTERN_IMPORT_FORMAT_BOOKMARKS:
      ok = _lectern_import_read_html (self, buffered, cancellable, &local_error);
      break;
    case LECTERN_IMPORT_FORMAT_WALLABAG:
    case LECTERN_IMPORT_FORMAT_OMNIVORE:
      ok = _lectern_import_read_json (self, self->format, buffered, cancellable, &local_error);
      break;
    case LECTERN_IMPORT_FORMAT_URL_LIST:
      ok = _lectern_import_read_url_list (self, buffered, cancellable, &local_error);
      break;
    case LECTERN_IMPORT_FORMAT_ARCHIVE:
    case LECTERN_IMPORT_FORMAT_BACKUP:
      ok = _lectern_import_read_zip (self, buffered, cancellable, &local_error);
      break;
    case LECTERN_IMPORT_FORMAT_UNKNOWN:
    default:
      g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("This is not an export Lectern can import: it reads its own "
                             "backups, Pocket, Instapaper, Omnivore and wallabag exports, "
                             "browser bookmarks and lists of addresses"));
      return FALSE;
  }

  /* What was read before a fault is kept; a cancelled import stops where it is. */
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !flush_batch (self, local_error ? NULL : &local_error) && !local_error)
    return FALSE;

  if (!ok || local_error) {
    /* Every reader says why it stopped; this is the last word if one did not. */
    if (!local_error)
      g_set_error_literal (&local_error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                           _("The file could not be read to its end"));
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }

  return TRUE;
}

/**
 * lectern_import_run_file:
 * @self: a #LecternImport
 * @file: the export file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Like lectern_import_run(), on a file.
 *
 * Returns: %TRUE if the whole file was read
 */
gboolean
lectern_import_run_file (LecternImport  *self,
                         GFile          *file,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr (GFileInputStream) stream = NULL;

  g_return_val_if_fail (LECTERN_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_read (file, cancellable, error);
  if (!stream)
    return FALSE;

  return lectern_import_run (self, G_INPUT_STREAM (stream), cancellable, error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  LecternImport *self = source_object;
  GFile *file = task_data;
  GError *error = NULL;

  if (lectern_import_run_file (self, file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * lectern_import_run_async:
 * @self: a #LecternImport
 * @file: the export file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the whole file is read, or it stopped
 * @user_data: data for @callback
 *
 * Runs lectern_import_run_file() on a thread of its own, storing each batch through
 * the store's worker from the thread-default main context of the caller, where the
 * store's signals come as each batch is committed. Finish with
 * lectern_import_run_finish(). Run an import once.
 */
void
lectern_import_run_async (LecternImport       *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LECTERN_IS_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lectern_import_run_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, run_thread);
}

/**
 * lectern_import_run_finish:
 * @self: a #LecternImport
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the whole file was read; the counts say what was imported either way
 */
gboolean
lectern_import_run_finish (LecternImport  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lectern_import_get_format:
 *
 * Returns: the format of the file, once lectern_import_run() has looked at it
 */
LecternImportFormat
lectern_import_get_format (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), LECTERN_IMPORT_FORMAT_UNKNOWN);

  return self->format;
}

/**
 * lectern_import_get_n_added:
 *
 * Returns: how many entries became new articles
 */
guint
lectern_import_get_n_added (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), 0);

  return self->n_added;
}

/**
 * lectern_import_get_n_existing:
 *
 * Returns: how many entries had an address the library had already, and were merged
 *   into its article
 */
guint
lectern_import_get_n_existing (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), 0);

  return self->n_existing;
}

/**
 * lectern_import_get_n_duplicates:
 *
 * Returns: how many entries repeated an address earlier in the file, and were merged
 *   into its article
 */
guint
lectern_import_get_n_duplicates (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), 0);

  return self->n_duplicates;
}

/**
 * lectern_import_get_n_skipped:
 *
 * Returns: how many entries were left out
 */
guint
lectern_import_get_n_skipped (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), 0);

  return self->n_skipped;
}

/**
 * lectern_import_get_skipped:
 *
 * Returns: (transfer none) (element-type LecternImportSkip): the entries left out, in
 *   the file's order: the first thousand of them (lectern_import_get_n_skipped() counts
 *   them all)
 */
GPtrArray *
lectern_import_get_skipped (LecternImport *self)
{
  g_return_val_if_fail (LECTERN_IS_IMPORT (self), NULL);

  return self->skipped;
}

/**
 * lectern_import_dup_report:
 * @self: a #LecternImport
 *
 * Returns: (transfer full): the entries left out, one line each (its place in the file,
 *   its link if it has one, and why), and a last line for those past the thousand kept;
 *   empty when none was left out. Links show their control characters escaped
 *   (lectern_text_escape_controls()).
 */
char *
lectern_import_dup_report (LecternImport *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (LECTERN_IS_IMPORT (self), NULL);

  for (guint i = 0; i < self->skipped->len; i++) {
    const LecternImportSkip *skip = g_ptr_array_index (self->skipped, i);

    if (skip->url)
      /* Translators: where in the file an entry is, its link, and why it was left out. */
      g_string_append_printf (text, _("%s: %s: %s\n"), skip->location, skip->url, skip->reason);
    else
      /* Translators: where in the file an entry is, and why it was left out. */
      g_string_append_printf (text, _("%s: %s\n"), skip->location, skip->reason);
  }
  if (self->n_skipped > self->skipped->len)
    g_string_append_printf (text, _("… and %u more\n"), self->n_skipped - self->skipped->len);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * lectern_import_dup_summary:
 *
 * Returns: (transfer full): what the import did, in one line for the user: "19950
 *   imported, 40 already in the library, 2 repeated in the file, 10 skipped"
 */
char *
lectern_import_dup_summary (LecternImport *self)
{
  g_autoptr (GString) summary = g_string_new (NULL);

  g_return_val_if_fail (LECTERN_IS_IMPORT (self), NULL);

  g_string_append_printf (summary,
                          /* Translators: the first part of an import's result. */
                          ngettext ("%u imported", "%u imported", self->n_added),
                          self->n_added);
  if (self->n_existing > 0) {
    g_string_append (summary, _(", "));
    g_string_append_printf (summary,
                            ngettext ("%u already in the library", "%u already in the library",
                                      self->n_existing),
                            self->n_existing);
  }
  if (self->n_duplicates > 0) {
    g_string_append (summary, _(", "));
    g_string_append_printf (summary,
                            ngettext ("%u repeated in the file", "%u repeated in the file",
                                      self->n_duplicates),
                            self->n_duplicates);
  }
  if (self->n_skipped > 0) {
    g_string_append (summary, _(", "));
    g_string_append_printf (summary, ngettext ("%u skipped", "%u skipped", self->n_skipped),
                            self->n_skipped);
  }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}
