/* lectern-saver.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-saver.h"

#include "lectern-article.h"
#include "lectern-database.h"
#include "lectern-encoding.h"
#include "lectern-extractor.h"
#include "lectern-fetcher-private.h"
#include "lectern-sniff.h"
#include "lectern-tag.h"
#include "lectern-text.h"
#include "lectern-url.h"
#include "lectern-xml-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * LecternSaver:
 *
 * The save pipeline: an address (or a local HTML file) becomes an article that can be
 * read with the network unplugged.
 *
 * A save first looks for the article among those already saved, comparing normalised
 * addresses, and never makes a second row for it. Otherwise it adds a pending row at
 * once (the list shows "Saving…"), fetches the page, extracts the article, fetches every
 * image the article uses (each address once, at most 100, all at the same time; the
 * fetcher's session queues them within its connection limits), checks their bytes,
 * rewrites each `<img>` to `lectern://image/<sha256>` and stores the article and its
 * images in one transaction. An image that fails becomes a placeholder holding its alt
 * text, so the reader never loads anything from the network.
 *
 * A whole save has a deadline, #LecternSaver:timeout, from the moment its page request
 * leaves the fetcher's queue: then the images still on their way are cancelled and the
 * article is stored with those that came, or, if the page itself did not come, the save
 * fails with %LECTERN_SAVER_ERROR_TIMED_OUT. So a few images that never arrive cannot
 * hold the save, and the saves waiting for its connections, for long.
 *
 * A page from the Internet may not make Lectern fetch anything from this computer or its
 * local network: its images come from public addresses only (see
 * lectern_fetcher_fetch_public_async()). A page that itself came from there, a wiki on the
 * LAN or a local file, keeps all its images.
 *
 * Another process (`lectern --save`, a second library user) may write to the library at
 * the same time. A save that finds the library locked waits for it, and tries its last
 * write again a few times before it gives up.
 *
 * A failure marks the row failed with a reason for the reader. A cancelled save, or one
 * started without a network, leaves its row pending; lectern_saver_resume_pending()
 * picks such rows up at the next start, and the saver resumes them by itself when the
 * #GNetworkMonitor says the network is back.
 *
 * Every save claims its row first (lectern_article_store_claim_save()), so that two
 * processes never save one article at once: the second finds it being saved and gives
 * its id as a duplicate. A save that a crash or a kill cut off is taken up again by the
 * next start, but after %LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS such attempts its row
 * is left failed ("Lectern stopped while saving this page") instead of crashing Lectern
 * at every start; the user can try again, or delete it.
 *
 * Use it from one thread; every callback runs in that thread's main context.
 */

/* At most this many images are kept per article; the rest become placeholders. */
#define MAX_IMAGES 100

/* How many more times the last writes of a save are tried when another process kept the
 * library locked for longer than one write waits (a few seconds each time). The page is
 * fetched and extracted by then, and a lock is the one failure that passes.
 */
#define MAX_BUSY_RETRIES 3

/* What a stored image's src becomes; the reader's URI scheme handler serves it. */
#define IMAGE_URL_PREFIX "lectern://image/"

/* The sanitizer keeps only http(s) addresses, so a local file is extracted against this
 * stand-in base and its addresses are turned back into file: URIs afterwards. The
 * .invalid domain can never resolve (RFC 2606), so nothing can reach it by mistake.
 */
#define LOCAL_BASE "http://lectern-local-file.invalid"

struct _LecternSaver
{
  GObject parent_instance;

  /* Owned */
  LecternArticleStore *store;
  LecternFetcher *fetcher;
  GNetworkMonitor *network_monitor;
  GCancellable *cancellable;
  /* The saves in progress: by normalised address and by row id. Values are borrowed. */
  GHashTable *by_url;
  GHashTable *by_id;
  /* Saves left pending, to resume a few at a time (an import leaves thousands): their
   * ids in order, the same ids as a set, and how many of them run.
   */
  GQueue *resume_queue;
  GHashTable *resume_queued;
  guint n_resuming;
  /* Progress of the resumed saves since the queue was last empty, and whether starting
   * more is paused.
   */
  guint resume_total;
  guint resume_done;
  gboolean resumes_paused;
  guint n_running;
  guint timeout;
  gboolean download_images;
  gboolean waiting_for_network;
};

G_DEFINE_FINAL_TYPE (LecternSaver, lectern_saver, G_TYPE_OBJECT)

G_DEFINE_QUARK (lectern-saver-error-quark, lectern_saver_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FETCHER,
  PROP_DOWNLOAD_IMAGES,
  PROP_TIMEOUT,
  PROP_NETWORK_MONITOR,
  PROP_N_RUNNING,
  PROP_RESUME_TOTAL,
  PROP_RESUME_DONE,
  PROP_RESUMES_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  gint64 id;
  gboolean duplicate;
} SaveResult;

/* One image of the article being saved. */
typedef struct {
  /* What to fetch (http or https) or read (file:); NULL for a data: URL. */
  char *url;
  gboolean local;
  /* Filled once the image is there. */
  GBytes *data;
  const char *content_type;
  char *sha256;
} ImageEntry;

/* One save, the task data of its GTask. Fields filled by a worker thread are only read
 * on the main thread after that thread is done.
 */
typedef struct {
  /* Borrowed: the task's source object keeps it alive. */
  LecternSaver *self;

  /* Owned */
  char *url;
  char *normalized_url;
  /* The tags to give the article, normalised; NULL for none. */
  char **tags;
  GFile *file;
  GBytes *page;
  char *charset;
  char *base_url;
  LecternArticle *article;
  xmlDoc *doc;
  GPtrArray *images;
  GHashTable *images_by_key;
  GPtrArray *stored;
  GPtrArray *waiters;
  GError *failure;
  /* What the fetches of the save use: cancelled when the caller's cancellable is, and
   * at the deadline.
   */
  GCancellable *fetches;
  GCancellable *outer;
  gulong outer_cancelled_id;
  GSource *deadline;

  gint64 id;
  gint64 existing;
  guint64 max_image_size;
  guint64 max_page_size;
  guint n_fetching;
  guint n_busy_retries;
  guint timeout;
  LecternFetchContent content;
  /* The page came from this computer or its network: its images may too. */
  gboolean page_local;
  /* The user asked for this save; a failed row is tried again from scratch. */
  gboolean try_again;
  /* The row is claimed for this save, until the save stores or fails it. */
  gboolean claimed;
  gboolean download_images;
  gboolean registered_url;
  gboolean registered_id;
  gboolean timed_out;
  /* The tags went with the new row: it needs no other write for them. */
  gboolean tags_stored;
  /* The page is the body an import brought (see lectern_article_store_dup_carried_body()) */
  gboolean carried;
} Save;

static void
image_entry_free (gpointer data)
{
  ImageEntry *entry = data;

  g_free (entry->url);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry->sha256);
  g_free (entry);
}

static void
save_free (gpointer data)
{
  Save *save = data;

  g_free (save->url);
  g_free (save->normalized_url);
  g_strfreev (save->tags);
  g_clear_object (&save->file);
  g_clear_pointer (&save->page, g_bytes_unref);
  g_free (save->charset);
  g_free (save->base_url);
  g_clear_object (&save->article);
  g_clear_pointer (&save->doc, xmlFreeDoc);
  g_clear_pointer (&save->images_by_key, g_hash_table_unref);
  g_clear_pointer (&save->images, g_ptr_array_unref);
  g_clear_pointer (&save->stored, g_ptr_array_unref);
  g_clear_pointer (&save->waiters, g_ptr_array_unref);
  g_clear_error (&save->failure);
  if (save->deadline) {
    g_source_destroy (save->deadline);
    g_clear_pointer (&save->deadline, g_source_unref);
  }
  if (save->outer)
    g_cancellable_disconnect (save->outer, save->outer_cancelled_id);
  g_clear_object (&save->outer);
  g_clear_object (&save->fetches);
  g_free (save);
}

static gboolean
is_network_available (LecternSaver *self)
{
  return g_network_monitor_get_network_available (self->network_monitor);
}

static void
set_n_running (LecternSaver *self,
               guint         n_running)
{
  self->n_running = n_running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
}

/* Answers one request. Every task of the saver ends here, exactly once. */
static void
task_return (GTask        *task,
             gint64        id,
             gboolean      duplicate,
             const GError *error)
{
  LecternSaver *self = g_task_get_source_object (task);
  Save *save = g_task_get_task_data (task);
  gint64 tagged = id != 0 ? id : save->id;

  g_assert (self->n_running > 0);
  set_n_running (self, self->n_running - 1);

  /* An address saved before, or whose row was there already, gets the tags asked for
   * now on top of the ones it has, whether this save stored it or not.
   */
  if (save->tags && !save->tags_stored && tagged != 0) {
    save->tags_stored = TRUE;
    lectern_article_store_add_tags_async (self->store, tagged,
                                          (const char * const *)save->tags,
                                          NULL, NULL, NULL);
  }

  if (error) {
    g_task_return_error (task, g_error_copy (error));
  } else {
    SaveResult *result = g_new0 (SaveResult, 1);

    result->id = id;
    result->duplicate = duplicate;
    g_task_return_pointer (task, result, g_free);
  }
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  Save *save = user_data;

  g_cancellable_cancel (save->fetches);
}

static GTask *
task_new (LecternSaver        *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Save *save = g_new0 (Save, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[lectern] save");
  /* A save committed just as the caller cancels still stands, and says so. */
  g_task_set_check_cancellable (task, FALSE);

  save->self = self;
  save->download_images = self->download_images;
  save->timeout = self->timeout;
  save->fetches = g_cancellable_new ();
  if (cancellable) {
    save->outer = g_object_ref (cancellable);
    save->outer_cancelled_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (outer_cancelled_cb),
                                                      save, NULL);
  }
  save->max_image_size = lectern_fetcher_get_max_image_size (self->fetcher);
  save->max_page_size = lectern_fetcher_get_max_body_size (self->fetcher);
  g_task_set_task_data (task, save, save_free);

  set_n_running (self, self->n_running + 1);
  return task;
}

static void
save_register_id (Save *save)
{
  if (save->registered_id || save->id == 0 ||
      g_hash_table_contains (save->self->by_id, &save->id))
    return;

  g_hash_table_insert (save->self->by_id, &save->id, save);
  save->registered_id = TRUE;
}

static void
save_register_url (Save *save)
{
  if (save->registered_url || !save->normalized_url ||
      g_hash_table_contains (save->self->by_url, save->normalized_url))
    return;

  g_hash_table_insert (save->self->by_url, save->normalized_url, save);
  save->registered_url = TRUE;
}

/* Why a row is failed whose saves kept being cut off. */
static const char *
stopped_message (void)
{
  return _("Lectern stopped while saving this page");
}

/* Ends a save: it leaves the tables of saves in progress, then its caller (and anyone
 * who asked for the same address meanwhile) gets the answer.
 */
static void
save_complete (GTask        *task,
               gint64        id,
               gboolean      duplicate,
               const GError *error)
{
  Save *save = g_task_get_task_data (task);
  LecternSaver *self = save->self;

  /* Ended without storing the article or failing it (cancelled, offline, or the row was
   * deleted meanwhile): the row stays pending for the next start, and this attempt ran
   * to its end, so it does not count as cut off.
   */
  if (save->claimed) {
    save->claimed = FALSE;
    lectern_article_store_release_save_async (self->store, save->id, NULL, NULL, NULL);
  }

  if (save->registered_url)
    g_hash_table_remove (self->by_url, save->normalized_url);
  if (save->registered_id)
    g_hash_table_remove (self->by_id, &save->id);
  save->registered_url = save->registered_id = FALSE;

  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Saving %s failed: %s", save->url, error->message);

  for (guint i = 0; save->waiters && i < save->waiters->len; i++) {
    GTask *waiter = g_ptr_array_index (save->waiters, i);

    if (save->id != 0)
      task_return (waiter, save->id, TRUE, NULL);
    else
      task_return (waiter, 0, FALSE, error);
  }
  g_clear_pointer (&save->waiters, g_ptr_array_unref);

  task_return (task, id, duplicate, error);
}

/* Once the row exists, others asking for the same address get it as a duplicate. */
static void
save_answer_waiters (Save *save)
{
  for (guint i = 0; save->waiters && i < save->waiters->len; i++)
    task_return (g_ptr_array_index (save->waiters, i), save->id, TRUE, NULL);
  g_clear_pointer (&save->waiters, g_ptr_array_unref);
}

/* Whether a write that failed with @error is worth trying again at once. */
static gboolean
save_may_retry (Save         *save,
                const GError *error)
{
  if (!g_error_matches (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_BUSY) ||
      save->n_busy_retries >= MAX_BUSY_RETRIES)
    return FALSE;

  save->n_busy_retries++;
  g_debug ("The library is locked; writing %s again: %s", save->url, error->message);
  return TRUE;
}

static void save_mark_failed (GTask *task);

static void
fail_save_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result, &error)) {
    if (save_may_retry (save, error)) {
      save_mark_failed (task);
      return;
    }

    /* The caller still hears why the save failed; the row stays pending, and the next
     * start saves it again.
     */
    g_message ("Could not mark the failed save of %s as failed: %s", save->url,
               error->message);
  } else {
    save->claimed = FALSE;
  }

  save_complete (task, 0, FALSE, save->failure);
}

static void
save_mark_failed (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  lectern_article_store_fail_save_async (save->self->store, save->id, save->failure->message,
                                         NULL, fail_save_cb, g_object_ref (task));
}

/* Ends a save that went wrong. The row says why, unless the save was cancelled: then it
 * stays pending and resumes at the next start.
 */
static void
save_fail (GTask  *task,
           GError *error)
{
  Save *save = g_task_get_task_data (task);

  if (save->id == 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED)) {
    save_complete (task, 0, FALSE, error);
    g_error_free (error);
    return;
  }

  g_clear_error (&save->failure);
  save->failure = error;
  save->n_busy_retries = 0;
  save_mark_failed (task);
}

/* Reading local files, on a worker thread. */

static char *
dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename && g_utf8_validate (basename, -1, NULL))
    return g_steal_pointer (&basename);
  return g_file_get_parse_name (file);
}

static char *
format_size (guint64 size)
{
  if (size >= 1024 * 1024 && size % (1024 * 1024) == 0)
    return g_strdup_printf (_("%u MB"), (guint)(size / (1024 * 1024)));
  return g_format_size (size);
}

/* Reads a whole regular file of at most @max_size bytes. */
static GBytes *
read_local_file (GFile         *file,
                 guint64        max_size,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = dup_display_name (file);
  g_autofree char *contents = NULL;
  gsize length;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (!info) {
    if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
    } else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
      g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                   _("The file “%s” does not exist"), name);
    } else {
      g_debug ("Cannot read %s: %s", name, local_error->message);
      g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                   _("The file “%s” could not be read"), name);
    }
    return NULL;
  }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY) {
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("“%s” is a folder, not a web page"), name);
    return NULL;
  }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR) {
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("“%s” is not a file that can be saved"), name);
    return NULL;
  }

  if ((guint64)g_file_info_get_size (info) > max_size) {
    g_autofree char *size = format_size (max_size);

    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("The file “%s” is larger than %s"), name, size);
    return NULL;
  }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error)) {
    if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
    } else {
      g_debug ("Cannot read %s: %s", name, local_error->message);
      g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                   _("The file “%s” could not be read"), name);
    }
    return NULL;
  }

  /* The file may have grown since it was measured. */
  if (length > max_size) {
    g_autofree char *size = format_size (max_size);

    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("The file “%s” is larger than %s"), name, size);
    return NULL;
  }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static gboolean
has_html_extension (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *lower = basename ? g_ascii_strdown (basename, -1) : NULL;

  return lower && (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
                   g_str_has_suffix (lower, ".xhtml"));
}

/* Reads a dropped or named file and checks, by its bytes, that it is a web page. */
static GBytes *
read_page_file (GFile         *file,
                guint64        max_size,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = dup_display_name (file);
  const guint8 *data;
  const char *type;
  gsize length;

  bytes = read_local_file (file, max_size, cancellable, error);
  if (!bytes)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  type = lectern_sniff_document (data, length);

  if (!type) {
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("The file “%s” is empty"), name);
    return NULL;
  }

  /* Markup, or text in a file that says it is a page: the extractor copes with both. */
  if (g_str_equal (type, "text/html") ||
      (has_html_extension (file) &&
       (g_str_equal (type, "text/plain") || g_str_equal (type, "application/xml"))))
    return g_steal_pointer (&bytes);

  g_debug ("%s looks like %s", name, type);

  if (g_str_equal (type, "application/pdf"))
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("“%s” is a PDF document, not a web page"), name);
  else if (g_str_has_prefix (type, "image/"))
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("“%s” is an image, not a web page"), name);
  else
    g_set_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                 _("“%s” is not a web page"), name);
  return NULL;
}

/* Extraction and image collection, on a worker thread. */

/* The address an image is known by, so that two spellings of one address (with and
 * without a fragment, say) are fetched once. %NULL for an address that cannot be written
 * out again, which is no address to fetch.
 */
static char *
image_key (const char *url)
{
  g_autoptr (GUri) uri = NULL;

  if (g_ascii_strncasecmp (url, "data:", 5) == 0)
    return g_strdup (url);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (!uri)
    return NULL;

  return lectern_url_from_uri (uri, G_URI_HIDE_FRAGMENT);
}

/* Turns an address under LOCAL_BASE back into the file: URI it stands for. */
static char *
local_url_to_file_uri (const char *url)
{
  g_autoptr (GUri) uri = NULL;

  if (!g_str_has_prefix (url, LOCAL_BASE "/"))
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (!uri)
    return NULL;

  return g_strconcat ("file://", g_uri_get_path (uri), NULL);
}

/* The stand-in for @file_uri under LOCAL_BASE. */
static char *
dup_local_base (const char *file_uri)
{
  g_autoptr (GUri) uri = g_uri_parse (file_uri, G_URI_FLAGS_ENCODED, NULL);

  if (!uri)
    return g_strdup (LOCAL_BASE "/");

  return g_strconcat (LOCAL_BASE, g_uri_get_path (uri), NULL);
}

static GBytes *
decode_data_url (const char  *url,
                 const char **content_type)
{
  const char *payload = strstr (url, ";base64,");
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (!payload)
    return NULL;

  data = g_base64_decode (payload + strlen (";base64,"), &length);
  *content_type = lectern_sniff_image (data, length);
  if (!*content_type)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/* Adds the image at @url (as the body or the metadata spells it) to the images to
 * fetch, unless it is there already or the article has enough.
 */
static void
save_add_image (Save       *save,
                const char *url)
{
  g_autofree char *key = NULL;
  g_autofree char *file_uri = NULL;
  ImageEntry *entry;

  if (!url || *url == '\0')
    return;

  key = image_key (url);
  if (!key || g_hash_table_contains (save->images_by_key, key))
    return;

  if (save->images->len >= MAX_IMAGES) {
    g_debug ("%s has more than %d images; %s is left out", save->url, MAX_IMAGES, url);
    return;
  }

  entry = g_new0 (ImageEntry, 1);

  if (g_ascii_strncasecmp (key, "data:", 5) == 0) {
    /* Already here: nothing to fetch. */
    entry->data = decode_data_url (key, &entry->content_type);
  } else if (save->file && (file_uri = local_url_to_file_uri (key))) {
    /* Only a local file may use local images; a web page naming this host gets
     * nothing.
     */
    entry->url = g_steal_pointer (&file_uri);
    entry->local = TRUE;
  } else if (lectern_url_is_fetchable (key, NULL) && save->download_images) {
    entry->url = g_strdup (key);
  }

  g_ptr_array_add (save->images, entry);
  g_hash_table_insert (save->images_by_key, g_steal_pointer (&key), entry);
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)name);

  return value ? g_strdup ((const char *)value) : NULL;
}

/* Parses the extracted body and lists its images, lead image first. */
static void
save_collect_images (Save *save)
{
  const char *body_html = lectern_article_get_body_html (save->article);
  xmlNode *body;
  gsize length;

  save->images = g_ptr_array_new_with_free_func (image_entry_free);
  save->images_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  save_add_image (save, lectern_article_get_lead_image (save->article));

  length = body_html ? strlen (body_html) : 0;
  if (length == 0 || length > G_MAXINT)
    return;

  save->doc = htmlReadMemory (body_html, (int)length, NULL, "UTF-8",
                              LECTERN_HTML_PARSE_OPTIONS);
  body = save->doc ? lectern_xml_find_body (save->doc) : NULL;
  if (!body)
    return;

  for (xmlNode *node = body->children; node; node = lectern_xml_next_node (node, body, FALSE)) {
    if (lectern_xml_is_element (node, "img")) {
      g_autofree char *src = dup_attribute (node, "src");

      save_add_image (save, src);
    }
  }
}

/* A plain-text page becomes preformatted text. */
static LecternArticle *
text_article_new (Save       *save,
                  const char *text)
{
  LecternArticle *article = lectern_article_new ();
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *body = g_strconcat ("<pre>", escaped, "</pre>", NULL);
  g_autofree char *title = NULL;
  g_autoptr (GString) excerpt = g_string_new (NULL);
  guint n_words, n_chars, minutes;
  const char *p;

  lectern_text_count (text, &n_words, &n_chars, &minutes);

  /* The first line that has something on it. */
  for (p = text; *p && !title; ) {
    const char *end = strchr (p, '\n');
    g_autofree char *line = end ? g_strndup (p, end - p) : g_strdup (p);

    g_strstrip (line);
    if (*line != '\0')
      title = g_utf8_substring (line, 0, MIN (g_utf8_strlen (line, -1), 200));
    p = end ? end + 1 : p + strlen (p);
  }

  if (!title) {
    g_autoptr (GUri) uri = g_uri_parse (save->url, G_URI_FLAGS_ENCODED, NULL);
    const char *path = uri ? g_uri_get_path (uri) : NULL;
    const char *slash = path ? strrchr (path, '/') : NULL;

    if (slash && slash[1] != '\0')
      title = g_uri_unescape_string (slash + 1, NULL);
    if (!title || !g_utf8_validate (title, -1, NULL)) {
      g_free (title);
      title = g_strdup (save->url);
    }
  }

  for (p = text; *p && excerpt->len < 600; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_isspace (c)) {
      if (excerpt->len > 0 && excerpt->str[excerpt->len - 1] != ' ')
        g_string_append_c (excerpt, ' ');
    } else {
      g_string_append_unichar (excerpt, c);
    }
  }

  lectern_article_set_title (article, title);
  lectern_article_set_body_html (article, body);
  lectern_article_set_plain_text (article, text);
  lectern_article_set_excerpt (article, g_strstrip (excerpt->str));
  lectern_article_set_word_count (article, n_words);
  lectern_article_set_char_count (article, n_chars);
  lectern_article_set_reading_minutes (article, minutes);
  return article;
}

/* Sets the canonical address the way lectern_article_store_find_by_url() compares it. */
static void
save_normalize_canonical (Save *save)
{
  const char *canonical = lectern_article_get_canonical_url (save->article);
  g_autofree char *normalized = NULL;

  if (canonical && save->file && g_str_has_prefix (canonical, LOCAL_BASE "/")) {
    lectern_article_set_canonical_url (save->article, save->url);
    return;
  }

  if (canonical)
    normalized = lectern_url_normalize (canonical, NULL);

  if (!normalized && !save->file)
    normalized = lectern_url_normalize (save->base_url, NULL);

  lectern_article_set_canonical_url (save->article, normalized ? normalized : save->url);
}

static void
extract_thread_cb (GTask        *subtask,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Save *save = task_data;
  g_autoptr (GError) error = NULL;
  const char *data;
  gsize length;

  /* A pending file save found at start-up reads its file again. */
  if (save->file && !save->page) {
    save->page = read_page_file (save->file, save->max_page_size, cancellable, &error);
    if (!save->page) {
      g_task_return_error (subtask, g_steal_pointer (&error));
      return;
    }
    save->content = LECTERN_FETCH_CONTENT_HTML;
  }

  data = g_bytes_get_data (save->page, &length);

  if (save->content == LECTERN_FETCH_CONTENT_TEXT) {
    g_autofree char *text = lectern_decode_html (data, length, save->charset, NULL, NULL);

    save->article = text_article_new (save, text);
  } else {
    save->article = lectern_extract (data, length, save->charset, save->base_url, &error);
    if (!save->article) {
      g_debug ("Extracting %s: %s", save->url, error->message);
      g_task_return_new_error (subtask, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NO_ARTICLE,
                               _("No article was found on this page"));
      return;
    }
  }

  save_normalize_canonical (save);
  save_collect_images (save);
  g_task_return_boolean (subtask, TRUE);
}

/* Storing images and rewriting the body, on a worker thread. */

static void
save_load_local_images (Save         *save,
                        GCancellable *cancellable)
{
  for (guint i = 0; i < save->images->len; i++) {
    ImageEntry *entry = g_ptr_array_index (save->images, i);
    g_autoptr (GFile) file = NULL;
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GError) error = NULL;
    const guint8 *data;
    gsize length;

    if (!entry->local || entry->data)
      continue;

    file = g_file_new_for_uri (entry->url);
    bytes = read_local_file (file, save->max_image_size, cancellable, &error);
    if (!bytes) {
      g_debug ("Image %s: %s", entry->url, error->message);
      continue;
    }

    /* Never SVG, which can carry scripts: only raster images, checked by their bytes. */
    data = g_bytes_get_data (bytes, &length);
    entry->content_type = lectern_sniff_image (data, length);
    if (!entry->content_type) {
      g_debug ("Image %s is not a raster image", entry->url);
      continue;
    }

    entry->data = g_steal_pointer (&bytes);
  }
}

static void
save_hash_images (Save *save)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  save->stored = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);

  for (guint i = 0; i < save->images->len; i++) {
    ImageEntry *entry = g_ptr_array_index (save->images, i);
    g_autoptr (GChecksum) checksum = NULL;
    const guint8 *data;
    gsize length;

    if (!entry->data || !entry->content_type)
      continue;

    checksum = g_checksum_new (G_CHECKSUM_SHA256);
    data = g_bytes_get_data (entry->data, &length);
    g_checksum_update (checksum, data, length);
    entry->sha256 = g_strdup (g_checksum_get_string (checksum));

    /* Two addresses for the same bytes: stored once, used twice. */
    if (g_hash_table_add (seen, entry->sha256))
      g_ptr_array_add (save->stored,
                       lectern_stored_image_new (entry->sha256, entry->content_type,
                                                 entry->data));
  }
}

static ImageEntry *
save_lookup_image (Save       *save,
                   const char *url)
{
  g_autofree char *key = NULL;

  if (!url)
    return NULL;

  key = image_key (url);
  return key ? g_hash_table_lookup (save->images_by_key, key) : NULL;
}

/* An image that could not be kept: its alt text stays, in a placeholder the reader's
 * style sheet can show, and nothing is left to load.
 */
static xmlNode *
replace_with_placeholder (xmlDoc  *doc,
                          xmlNode *img)
{
  g_autoptr (LecternXmlString) alt = xmlGetProp (img, (const xmlChar *)"alt");
  xmlNode *span = xmlNewDocNode (doc, NULL, (const xmlChar *)"span", NULL);

  xmlSetProp (span, (const xmlChar *)"class", (const xmlChar *)"lectern-missing-image");
  if (alt && *alt)
    xmlNodeAddContent (span, alt);

  xmlReplaceNode (img, span);
  xmlFreeNode (img);
  return span;
}

static void
save_rewrite_body (Save *save)
{
  xmlNode *body = save->doc ? lectern_xml_find_body (save->doc) : NULL;
  g_autofree char *html = NULL;
  xmlNode *node;
  ImageEntry *lead;

  lead = save_lookup_image (save, lectern_article_get_lead_image (save->article));
  if (lead && lead->sha256) {
    g_autofree char *url = g_strconcat (IMAGE_URL_PREFIX, lead->sha256, NULL);

    lectern_article_set_lead_image (save->article, url);
  } else {
    lectern_article_set_lead_image (save->article, "");
  }

  /* Nothing that cannot be checked is kept: an unparsable body could hold remote images. */
  if (!body) {
    lectern_article_set_body_html (save->article, "");
    return;
  }

  node = body->children;
  while (node) {
    if (lectern_xml_is_element (node, "img")) {
      g_autofree char *src = dup_attribute (node, "src");
      ImageEntry *entry = save_lookup_image (save, src);

      if (entry && entry->sha256) {
        g_autofree char *url = g_strconcat (IMAGE_URL_PREFIX, entry->sha256, NULL);

        xmlSetProp (node, (const xmlChar *)"src", (const xmlChar *)url);
        /* The stored image is the only one there is. */
        xmlUnsetProp (node, (const xmlChar *)"srcset");
        node = lectern_xml_next_node (node, body, TRUE);
      } else {
        node = lectern_xml_next_node (replace_with_placeholder (save->doc, node), body, TRUE);
      }
      continue;
    }

    /* A link from a local file to its neighbours leads nowhere once saved. */
    if (save->file && lectern_xml_is_element (node, "a")) {
      g_autofree char *href = dup_attribute (node, "href");

      if (href && g_str_has_prefix (href, LOCAL_BASE "/"))
        xmlUnsetProp (node, (const xmlChar *)"href");
    }

    node = lectern_xml_next_node (node, body, FALSE);
  }

  html = lectern_xml_serialize_children (save->doc, body);
  lectern_article_set_body_html (save->article, html);
}

static void
store_thread_cb (GTask        *subtask,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Save *save = task_data;

  save_load_local_images (save, cancellable);
  if (g_task_return_error_if_cancelled (subtask))
    return;

  save_hash_images (save);
  save_rewrite_body (save);
  g_task_return_boolean (subtask, TRUE);
}

/* The steps of a save, on the main thread. */

static void save_write_article (GTask *task);

static void
finish_save_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result, &error)) {
    if (save_may_retry (save, error))
      save_write_article (task);
    else
      save_fail (task, g_steal_pointer (&error));
    return;
  }

  save->claimed = FALSE;
  save_complete (task, save->id, FALSE, NULL);
}

/* The last step: the article and its images, in one transaction. */
static void
save_write_article (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  lectern_article_store_finish_save_async (save->self->store, save->id, save->article,
                                           save->stored, g_task_get_cancellable (task),
                                           finish_save_cb, g_object_ref (task));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)) {
    save_fail (task, g_steal_pointer (&error));
    return;
  }

  save_write_article (task);
}

static void
save_store (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  g_autoptr (GTask) subtask = NULL;

  /* An image that failed because the save was cancelled is not missing: the save stops
   * and its row stays pending.
   */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
    g_autoptr (GError) error = NULL;

    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
    save_fail (task, g_steal_pointer (&error));
    return;
  }

  /* No source object: GLib's worker drops its reference on a thread task a moment after
   * the callback ran, and that must not keep the saver alive.
   */
  subtask = g_task_new (NULL, g_task_get_cancellable (task), stored_cb,
                        g_object_ref (task));
  g_task_set_source_tag (subtask, save_store);
  g_task_set_name (subtask, "[lectern] store images");
  g_task_set_task_data (subtask, save, NULL);
  g_task_run_in_thread (subtask, store_thread_cb);
}

typedef struct {
  GTask *task;
  ImageEntry *entry;
} ImageFetch;

static void
image_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ImageFetch *fetch = user_data;
  g_autoptr (GTask) task = fetch->task;
  g_autoptr (LecternFetchResult) fetched = NULL;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);
  ImageEntry *entry = fetch->entry;

  g_free (fetch);

  fetched = lectern_fetcher_fetch_finish (LECTERN_FETCHER (object), result, &error);
  if (fetched) {
    entry->data = g_bytes_ref (lectern_fetch_result_get_body (fetched));
    entry->content_type = lectern_sniff_image (g_bytes_get_data (entry->data, NULL),
                                               g_bytes_get_size (entry->data));
  } else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_debug ("Image %s of %s: %s", entry->url, save->url, error->message);
  }

  g_assert (save->n_fetching > 0);
  if (--save->n_fetching == 0)
    save_store (task);
}

/* Starts every image fetch at once; the fetcher's session runs them within its limits
 * on connections in all and per host, and queues the rest.
 */
static void
save_fetch_images (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  /* Out of time already: the article is stored without them. */
  if (save->timed_out) {
    save_store (task);
    return;
  }

  for (guint i = 0; i < save->images->len; i++) {
    ImageEntry *entry = g_ptr_array_index (save->images, i);
    ImageFetch *fetch;

    if (!entry->url || entry->local || entry->data)
      continue;

    fetch = g_new0 (ImageFetch, 1);
    fetch->task = g_object_ref (task);
    fetch->entry = entry;
    save->n_fetching++;
    if (save->page_local)
      lectern_fetcher_fetch_async (save->self->fetcher, entry->url, LECTERN_FETCH_KIND_IMAGE,
                                   save->fetches, image_fetched_cb, fetch);
    else
      lectern_fetcher_fetch_public_async (save->self->fetcher, entry->url,
                                          LECTERN_FETCH_KIND_IMAGE, save->fetches,
                                          image_fetched_cb, fetch);
  }

  if (save->n_fetching == 0)
    save_store (task);
}

static void
discard_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result, &error))
    g_message ("Could not remove a duplicate pending article: %s", error->message);
  else
    save->claimed = FALSE;

  save_complete (task, save->existing, TRUE, NULL);
}

/* Whether the page, now that its final address and canonical address are known, is an
 * article saved before; gives that article's id.
 */
static gint64
save_find_existing (Save *save)
{
  const char *candidates[2] = { NULL, NULL };
  g_autofree char *final_url = NULL;

  if (!save->file)
    candidates[0] = final_url = lectern_url_normalize (save->base_url, NULL);
  candidates[1] = lectern_article_get_canonical_url (save->article);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++) {
    g_autoptr (GError) error = NULL;
    gint64 id;

    if (!candidates[i] || g_strcmp0 (candidates[i], save->normalized_url) == 0)
      continue;

    id = lectern_article_store_find_by_url (save->self->store, candidates[i], &error);
    if (error)
      g_debug ("Looking for %s: %s", candidates[i], error->message);
    if (id != 0 && id != save->id)
      return id;
  }

  return 0;
}

static void save_fetch_page (GTask *task);

static void
extracted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);

  /* A body the export carried that holds no article: the page itself may. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) && save->carried &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_debug ("The body imported for %s holds no article; fetching the page", save->url);
    save->carried = FALSE;
    g_clear_pointer (&save->page, g_bytes_unref);
    g_clear_error (&error);
    save_fetch_page (task);
    return;
  }

  if (error) {
    save_fail (task, g_steal_pointer (&error));
    return;
  }

  /* A redirect or the page's canonical address led to an article saved before: the row
   * made for this save goes, and the caller opens the other.
   */
  save->existing = save_find_existing (save);
  if (save->existing != 0) {
    g_debug ("%s is article %" G_GINT64_FORMAT ", saved before", save->url, save->existing);
    lectern_article_store_discard_async (save->self->store, save->id, NULL, discard_cb,
                                         g_object_ref (task));
    return;
  }

  save_fetch_images (task);
}

static void
save_extract (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  g_autoptr (GTask) subtask = NULL;

  subtask = g_task_new (NULL, g_task_get_cancellable (task), extracted_cb,
                        g_object_ref (task));
  g_task_set_source_tag (subtask, save_extract);
  g_task_set_name (subtask, "[lectern] extract");
  g_task_set_task_data (subtask, save, NULL);
  g_task_run_in_thread (subtask, extract_thread_cb);
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (LecternFetchResult) fetched = NULL;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);

  fetched = lectern_fetcher_fetch_finish (LECTERN_FETCHER (object), result, &error);
  if (!fetched && save->timed_out &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
    g_debug ("Saving %s took longer than %u s: %s", save->url, save->timeout, error->message);
    g_clear_error (&error);
    g_set_error_literal (&error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_TIMED_OUT,
                         _("The page took too long to save"));
  }
  if (!fetched && g_error_matches (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK) &&
      !is_network_available (save->self)) {
    g_autoptr (GError) offline = NULL;

    /* Unreachable with no network: the row stays pending, and the network monitor brings
     * it back when the connection returns.
     */
    g_debug ("Saving %s waits for the network: %s", save->url, error->message);
    save->self->waiting_for_network = TRUE;
    g_set_error_literal (&offline, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_OFFLINE,
                         _("There is no network connection. The page will be saved when "
                           "the connection is back."));
    save_complete (task, 0, FALSE, offline);
    return;
  }
  if (!fetched) {
    save_fail (task, g_steal_pointer (&error));
    return;
  }

  save->page = g_bytes_ref (lectern_fetch_result_get_body (fetched));
  save->content = lectern_fetch_result_get_content (fetched);
  save->page_local = lectern_fetch_result_get_local (fetched);
  g_free (save->charset);
  save->charset = g_strdup (lectern_fetch_result_get_charset (fetched));
  /* Relative addresses resolve against where the redirects ended. */
  g_free (save->base_url);
  save->base_url = g_strdup (lectern_fetch_result_get_uri (fetched));

  save_extract (task);
}

static gboolean
save_deadline_cb (gpointer user_data)
{
  Save *save = user_data;

  g_debug ("Saving %s takes longer than %u s; cancelling what has not come", save->url,
           save->timeout);
  save->timed_out = TRUE;
  g_cancellable_cancel (save->fetches);
  g_clear_pointer (&save->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Starts the clock of the whole save, once. */
static void
save_start_deadline (gpointer user_data)
{
  Save *save = user_data;

  if (save->deadline || save->timed_out || save->timeout == 0)
    return;

  save->deadline = g_timeout_source_new_seconds (save->timeout);
  g_source_set_callback (save->deadline, save_deadline_cb, save, NULL);
  g_source_set_static_name (save->deadline, "[lectern] save deadline");
  g_source_attach (save->deadline, g_main_context_get_thread_default ());
}

/* The body an import brought, as a page of its own. */
static GBytes *
carried_page_new (LecternSaver *self,
                  Save         *save,
                  const char   *body)
{
  g_autoptr (LecternArticle) row = lectern_article_store_get_summary (self->store, save->id,
                                                                      NULL);
  const char *title = row ? lectern_article_get_title (row) : NULL;
  g_autofree char *escaped = g_markup_escape_text (title ? title : "", -1);
  char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                "<title>%s</title></head><body><article>%s</article></body>"
                                "</html>\n", escaped, body);

  return g_bytes_new_take (page, strlen (page));
}

static void
save_fetch_page (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  LecternSaver *self = save->self;

  /* The fetch is tried even when the network monitor says there is no network: inside
   * a Flatpak its portal answers "none" until its first reply, and a local server is
   * reachable without one. Only a fetch that fails then waits for the network.
   *
   * The save's clock starts when the page request leaves the fetcher's queue.
   */
  g_free (save->base_url);
  save->base_url = g_strdup (save->url);
  _lectern_fetcher_fetch_page_async (self->fetcher, save->url, save_start_deadline, save,
                                     save->fetches, page_fetched_cb, g_object_ref (task));
}

static void
save_fetch (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  g_autofree char *carried = NULL;

  if (save->file) {
    save_start_deadline (save);
    save_extract (task);
    return;
  }

  /* An import brought the article's body: no fetch but its images'. */
  carried = lectern_article_store_dup_carried_body (save->self->store, save->id, NULL);
  if (carried) {
    save->carried = TRUE;
    save->page = carried_page_new (save->self, save, carried);
    save->content = LECTERN_FETCH_CONTENT_HTML;
    g_free (save->charset);
    save->charset = g_strdup ("utf-8");
    g_free (save->base_url);
    save->base_url = g_strdup (save->url);
    save_start_deadline (save);
    save_extract (task);
    return;
  }

  save_fetch_page (task);
}

static void
claim_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);
  LecternSaveClaim claim;

  if (!lectern_article_store_claim_save_finish (LECTERN_ARTICLE_STORE (object), result, &claim,
                                                &error)) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  switch (claim) {
    case LECTERN_SAVE_CLAIM_CLAIMED:
      save->claimed = TRUE;
      save_fetch (task);
      break;

    /* Saved meanwhile, or being saved by another process (`lectern --save` and the
     * window): the caller gets the article, as for any article saved before.
     */
    case LECTERN_SAVE_CLAIM_SAVED:
    case LECTERN_SAVE_CLAIM_BUSY:
      g_debug ("%s is saved or being saved elsewhere", save->url);
      save_complete (task, save->id, TRUE, NULL);
      break;

    /* Failed meanwhile; only the user tries a failed save again. */
    case LECTERN_SAVE_CLAIM_FAILED:
      save_complete (task, save->id, TRUE, NULL);
      break;

    case LECTERN_SAVE_CLAIM_GAVE_UP:
      g_message ("Saving %s was cut off %d times; it is left failed", save->url,
                 LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS);
      g_set_error_literal (&error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_STOPPED,
                           stopped_message ());
      save_complete (task, 0, FALSE, error);
      break;

    default:
      g_assert_not_reached ();
  }
}

/* Runs the save of an existing row, pending or failed, once it is claimed. */
static void
save_run (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  save_register_id (save);
  save_register_url (save);

  lectern_article_store_claim_save_async (save->self->store, save->id, save->try_again,
                                          stopped_message (), g_task_get_cancellable (task),
                                          claim_cb, g_object_ref (task));
}

/* The address is the article @existing's: gives it as saved before, or saves it again in
 * its row if its save failed or waits. Takes the reference on @owned_task.
 */
static void
save_existing (GTask  *owned_task,
               gint64  existing)
{
  g_autoptr (GTask) task = owned_task;
  g_autoptr (LecternArticle) summary = NULL;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);
  LecternSaver *self = save->self;

  summary = lectern_article_store_get_summary (self->store, existing, &error);
  if (!summary) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  /* Anyone who asked for the same address meanwhile gets this row too. */
  save->id = existing;

  if (g_hash_table_contains (self->by_id, &existing) ||
      lectern_article_get_save_state (summary) == LECTERN_SAVE_STATE_SAVED) {
    save_complete (task, existing, TRUE, NULL);
    return;
  }

  /* A link saved before whose save failed, or waits: saving it again means trying that
   * row again. If another process is saving it, the claim says so.
   */
  save->try_again = TRUE;
  save_answer_waiters (save);
  save_run (task);
}

static void
add_pending_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);
  gint64 existing;

  save->id = lectern_article_store_add_pending_finish (LECTERN_ARTICLE_STORE (object), result,
                                                       &error);

  /* Another process added a row for the address after this save looked for one (two
   * `lectern --save` runs of one link at once): the library keeps one row per address,
   * and that row is the article.
   */
  if (save->id == 0 &&
      g_error_matches (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_EXISTS)) {
    g_clear_error (&error);
    save->tags_stored = FALSE;
    existing = lectern_article_store_find_by_url (save->self->store, save->normalized_url,
                                                  &error);
    if (existing != 0) {
      g_debug ("%s was added meanwhile, as article %" G_GINT64_FORMAT, save->url, existing);
      save_existing (g_steal_pointer (&task), existing);
      return;
    }
    if (!error)
      g_set_error_literal (&error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND,
                           _("The article no longer exists"));
  }

  if (save->id == 0) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  /* A new row is this save's, its first attempt counted. */
  save->claimed = TRUE;
  save_register_id (save);
  save_register_url (save);
  save_answer_waiters (save);
  save_fetch (task);
}

/* Looks for the article among those saved or being saved, then saves it if it is new.
 * Takes the reference on @owned_task.
 */
static void
save_start (GTask *owned_task)
{
  g_autoptr (GTask) task = owned_task;
  g_autoptr (GError) error = NULL;
  Save *save = g_task_get_task_data (task);
  LecternSaver *self = save->self;
  Save *other;
  gint64 existing;

  other = g_hash_table_lookup (self->by_url, save->normalized_url);
  if (other) {
    if (other->id != 0) {
      save_complete (task, other->id, TRUE, NULL);
    } else {
      /* Its row is being added; this request gets it once it is there. */
      if (!other->waiters)
        other->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (other->waiters, g_steal_pointer (&task));
    }
    return;
  }

  existing = lectern_article_store_find_by_url (self->store, save->normalized_url, &error);
  if (error) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  if (existing == 0) {
    save_register_url (save);
    /* The tags go with the row, so they stay whatever becomes of the save. */
    save->tags_stored = TRUE;
    lectern_article_store_add_pending_with_tags_async (self->store, save->url,
                                                       save->normalized_url,
                                                       (const char * const *)save->tags,
                                                       g_task_get_cancellable (task),
                                                       add_pending_cb, g_object_ref (task));
    return;
  }

  save_existing (g_steal_pointer (&task), existing);
}

static void
read_file_thread_cb (GTask        *subtask,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Save *save = task_data;
  g_autoptr (GError) error = NULL;

  save->page = read_page_file (save->file, save->max_page_size, cancellable, &error);
  if (!save->page) {
    g_task_return_error (subtask, g_steal_pointer (&error));
    return;
  }

  g_task_return_boolean (subtask, TRUE);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* A file that is not a page never gets a row. */
  if (!g_task_propagate_boolean (G_TASK (result), &error)) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  save_start (g_steal_pointer (&task));
}

/* GObject */

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    LecternSaver    *self)
{
  if (!available || !self->waiting_for_network)
    return;

  g_debug ("The network is back; resuming the saves that wait for it");
  lectern_saver_resume_pending (self);
}

static void
lectern_saver_constructed (GObject *object)
{
  LecternSaver *self = (LecternSaver *)object;

  G_OBJECT_CLASS (lectern_saver_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->fetcher != NULL);

  if (!self->network_monitor)
    self->network_monitor = g_object_ref (g_network_monitor_get_default ());

  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
}

static void
lectern_saver_dispose (GObject *object)
{
  LecternSaver *self = (LecternSaver *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lectern_saver_parent_class)->dispose (object);
}

static void
lectern_saver_finalize (GObject *object)
{
  LecternSaver *self = (LecternSaver *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->by_url, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  if (self->resume_queue)
    g_queue_free_full (g_steal_pointer (&self->resume_queue), g_free);
  g_clear_pointer (&self->resume_queued, g_hash_table_unref);

  G_OBJECT_CLASS (lectern_saver_parent_class)->finalize (object);
}

static void
lectern_saver_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LecternSaver *self = LECTERN_SAVER (object);

  switch (prop_id) {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FETCHER:
      g_value_set_object (value, lectern_saver_get_fetcher (self));
      break;
    case PROP_DOWNLOAD_IMAGES:
      g_value_set_boolean (value, lectern_saver_get_download_images (self));
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, lectern_saver_get_timeout (self));
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;
    case PROP_N_RUNNING:
      g_value_set_uint (value, lectern_saver_get_n_running (self));
      break;
    case PROP_RESUME_TOTAL:
      g_value_set_uint (value, self->resume_total);
      break;
    case PROP_RESUME_DONE:
      g_value_set_uint (value, self->resume_done);
      break;
    case PROP_RESUMES_PAUSED:
      g_value_set_boolean (value, self->resumes_paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_saver_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LecternSaver *self = LECTERN_SAVER (object);

  switch (prop_id) {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FETCHER:
      self->fetcher = g_value_dup_object (value);
      break;
    case PROP_DOWNLOAD_IMAGES:
      lectern_saver_set_download_images (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT:
      lectern_saver_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_NETWORK_MONITOR:
      self->network_monitor = g_value_dup_object (value);
      break;
    case PROP_RESUMES_PAUSED:
      lectern_saver_set_resumes_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_saver_class_init (LecternSaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lectern_saver_constructed;
  object_class->dispose = lectern_saver_dispose;
  object_class->finalize = lectern_saver_finalize;
  object_class->get_property = lectern_saver_get_property;
  object_class->set_property = lectern_saver_set_property;

  /**
   * LecternSaver:store:
   *
   * The library articles are saved into.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         LECTERN_TYPE_ARTICLE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:fetcher:
   *
   * What downloads pages and images, with its limits.
   */
  properties[PROP_FETCHER] =
    g_param_spec_object ("fetcher", NULL, NULL,
                         LECTERN_TYPE_FETCHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:download-images:
   *
   * Whether the images of an article are downloaded and kept. Without them, every image
   * becomes a placeholder with its alt text.
   */
  properties[PROP_DOWNLOAD_IMAGES] =
    g_param_spec_boolean ("download-images", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:timeout:
   *
   * How many seconds a whole save may take, page and images, from the moment its page
   * request leaves the fetcher's queue. Then the images still on their way are
   * cancelled and the article is stored with those that came; without its page the
   * save fails. 0 means no limit; each fetch still has #LecternFetcher:timeout.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, 24 * 3600, LECTERN_SAVER_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:network-monitor:
   *
   * Tells whether there is a network; %NULL at construction means the default one.
   * Tests pass their own.
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:n-running:
   *
   * How many saves are in progress. It drops just before a save's callback runs, so a
   * callback that finds it at 0 knows it is the last one (`lectern --save` exits then).
   */
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:resume-total:
   *
   * How many saves lectern_saver_resume_pending() queued since its queue was last
   * empty (an import's thousands); 0 once all have ended.
   */
  properties[PROP_RESUME_TOTAL] =
    g_param_spec_uint ("resume-total", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:resume-done:
   *
   * How many of #LecternSaver:resume-total have ended, saved or not.
   */
  properties[PROP_RESUME_DONE] =
    g_param_spec_uint ("resume-done", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternSaver:resumes-paused:
   *
   * Whether queued saves wait instead of starting; those running go on to their end.
   */
  properties[PROP_RESUMES_PAUSED] =
    g_param_spec_boolean ("resumes-paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_saver_init (LecternSaver *self)
{
  self->download_images = TRUE;
  self->timeout = LECTERN_SAVER_DEFAULT_TIMEOUT;
  self->cancellable = g_cancellable_new ();
  self->by_url = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->resume_queue = g_queue_new ();
  self->resume_queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * lectern_saver_new:
 * @store: the library to save into
 * @fetcher: what downloads pages and images
 *
 * Returns: (transfer full): a new #LecternSaver
 */
LecternSaver *
lectern_saver_new (LecternArticleStore *store,
                   LecternFetcher      *fetcher)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), NULL);
  g_return_val_if_fail (LECTERN_IS_FETCHER (fetcher), NULL);

  return g_object_new (LECTERN_TYPE_SAVER,
                       "store", store,
                       "fetcher", fetcher,
                       NULL);
}

/**
 * lectern_saver_get_fetcher:
 * @self: a #LecternSaver
 *
 * Returns: (transfer none): the #LecternSaver:fetcher
 */
LecternFetcher *
lectern_saver_get_fetcher (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), NULL);

  return self->fetcher;
}

/**
 * lectern_saver_get_download_images:
 * @self: a #LecternSaver
 *
 * Returns: the #LecternSaver:download-images
 */
gboolean
lectern_saver_get_download_images (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), FALSE);

  return self->download_images;
}

/**
 * lectern_saver_set_download_images:
 * @self: a #LecternSaver
 * @download_images: whether to keep images
 *
 * Sets #LecternSaver:download-images; saves already running keep the old value.
 */
void
lectern_saver_set_download_images (LecternSaver *self,
                                   gboolean      download_images)
{
  g_return_if_fail (LECTERN_IS_SAVER (self));

  download_images = !!download_images;
  if (self->download_images == download_images)
    return;

  self->download_images = download_images;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD_IMAGES]);
}

/**
 * lectern_saver_get_timeout:
 * @self: a #LecternSaver
 *
 * Returns: the #LecternSaver:timeout in seconds
 */
guint
lectern_saver_get_timeout (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), 0);

  return self->timeout;
}

/**
 * lectern_saver_set_timeout:
 * @self: a #LecternSaver
 * @seconds: how long a whole save may take; 0 for no limit
 *
 * Sets #LecternSaver:timeout; saves already running keep the old value.
 */
void
lectern_saver_set_timeout (LecternSaver *self,
                           guint         seconds)
{
  g_return_if_fail (LECTERN_IS_SAVER (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * lectern_saver_save_url_async:
 * @self: a #LecternSaver
 * @url: the address of the page, as the user gave it
 * @cancellable: (nullable): stops the save; its row then stays pending
 * @callback: called when the article is saved, found to be saved already, or failed
 * @user_data: data for @callback
 *
 * Saves the article at @url. An address that is not http or https fails at once with
 * a #LecternUrlError and stores nothing. An address saved before (after normalisation,
 * or after the page's redirects, or by the page's canonical address) gives that
 * article's id with `duplicate` set; nothing is added. An address whose earlier save
 * failed is saved again in its row. Otherwise a pending row appears at once and becomes
 * a saved article, or a failed row with the reason; the error then has it too.
 *
 * Without a network the row stays pending and the save fails with
 * %LECTERN_SAVER_ERROR_OFFLINE; it runs by itself once the network is back.
 *
 * Finish with lectern_saver_save_finish().
 */
void
lectern_saver_save_url_async (LecternSaver        *self,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  lectern_saver_save_url_with_tags_async (self, url, NULL, cancellable, callback, user_data);
}

/**
 * lectern_saver_save_url_with_tags_async:
 * @self: a #LecternSaver
 * @url: the address of the page, as the user gave it
 * @tags: (array zero-terminated=1) (nullable): tag names for the article
 * @cancellable: (nullable): stops the save; its row then stays pending
 * @callback: called when the article is saved, found to be saved already, or failed
 * @user_data: data for @callback
 *
 * Like lectern_saver_save_url_async(), and gives the article @tags. A name
 * lectern_tag_normalize() refuses fails the save at once with its #LecternTagError, and
 * nothing is stored. A new row has its tags from the moment it appears, so they stay
 * even if its save fails; an article saved before gets them added to its own.
 *
 * Finish with lectern_saver_save_finish().
 */
void
lectern_saver_save_url_with_tags_async (LecternSaver        *self,
                                        const char          *url,
                                        const char * const  *tags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Save *save;

  g_return_if_fail (LECTERN_IS_SAVER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, lectern_saver_save_url_async, cancellable, callback, user_data);
  save = g_task_get_task_data (task);
  save->url = g_strstrip (g_strdup (url));

  if (tags && tags[0]) {
    save->tags = lectern_tag_normalize_list (tags, &error);
    if (!save->tags) {
      save_complete (task, 0, FALSE, error);
      return;
    }
  }

  save->normalized_url = lectern_url_normalize (url, &error);
  if (!save->normalized_url) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  save_start (g_steal_pointer (&task));
}

/**
 * lectern_saver_save_file_async:
 * @self: a #LecternSaver
 * @file: a local HTML file (`.html` or `.htm`)
 * @cancellable: (nullable): stops the save; its row then stays pending
 * @callback: called when the article is saved, found to be saved already, or failed
 * @user_data: data for @callback
 *
 * Saves the article in @file, with the images it uses: local ones are read (raster
 * images only, at most #LecternFetcher:max-image-size each), web ones downloaded. The
 * article's address is the file's `file:` URI. A folder, a missing file or a file that
 * is not a web page (a PDF, an image, a binary) fails with
 * %LECTERN_SAVER_ERROR_NOT_A_FILE and stores nothing.
 *
 * Finish with lectern_saver_save_finish().
 */
void
lectern_saver_save_file_async (LecternSaver        *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) subtask = NULL;
  g_autofree char *path = NULL;
  Save *save;

  g_return_if_fail (LECTERN_IS_SAVER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (self, lectern_saver_save_file_async, cancellable, callback, user_data);
  save = g_task_get_task_data (task);
  save->file = g_object_ref (file);
  save->url = g_file_get_uri (file);
  save->normalized_url = g_strdup (save->url);
  save->content = LECTERN_FETCH_CONTENT_HTML;
  save->page_local = TRUE;

  path = g_file_get_path (file);
  if (!path) {
    g_autoptr (GError) error = NULL;

    g_set_error_literal (&error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE,
                         _("Only files on this computer can be saved"));
    save_complete (task, 0, FALSE, error);
    return;
  }

  save->base_url = dup_local_base (save->url);

  subtask = g_task_new (NULL, cancellable, file_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (subtask, lectern_saver_save_file_async);
  g_task_set_name (subtask, "[lectern] read file");
  g_task_set_task_data (subtask, save, NULL);
  g_task_run_in_thread (subtask, read_file_thread_cb);
}

/* Saves an existing row again; @try_again when the user asked for it. */
static void
save_again (LecternSaver        *self,
            gint64               id,
            gboolean             try_again,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (LecternArticle) summary = NULL;
  g_autoptr (GError) error = NULL;
  const char *url;
  Save *save;

  task = task_new (self, lectern_saver_retry_async, cancellable, callback, user_data);
  save = g_task_get_task_data (task);
  save->try_again = try_again;

  if (g_hash_table_contains (self->by_id, &id)) {
    save_complete (task, id, TRUE, NULL);
    return;
  }

  summary = lectern_article_store_get_summary (self->store, id, &error);
  if (!summary) {
    save_complete (task, 0, FALSE, error);
    return;
  }

  if (lectern_article_get_save_state (summary) == LECTERN_SAVE_STATE_SAVED) {
    save_complete (task, id, TRUE, NULL);
    return;
  }

  url = lectern_article_get_url (summary);
  save->id = id;
  save->url = g_strdup (url);

  if (url && g_str_has_prefix (url, "file:")) {
    save->file = g_file_new_for_uri (url);
    save->normalized_url = g_strdup (url);
    save->content = LECTERN_FETCH_CONTENT_HTML;
    save->page_local = TRUE;
    save->base_url = dup_local_base (url);
  } else {
    save->normalized_url = url ? lectern_url_normalize (url, NULL) : NULL;
    if (!save->normalized_url) {
      g_autoptr (GError) url_error = NULL;

      /* Only a row written by hand could hold such an address. */
      g_set_error_literal (&url_error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID,
                           _("This is not a valid web address"));
      save_fail (task, g_steal_pointer (&url_error));
      return;
    }
  }

  save_run (task);
}


/**
 * lectern_saver_retry_async:
 * @self: a #LecternSaver
 * @id: the id of a failed or pending article
 * @cancellable: (nullable): stops the save; its row then stays pending
 * @callback: called when the article is saved or failed again
 * @user_data: data for @callback
 *
 * Saves a failed or pending article again from its stored address (its file, for one
 * saved from a file): the user's Try Again. A failed article starts over, however often
 * its saves were cut off before. An article that is saved, or being saved (by this
 * saver or by another process), gives its id with `duplicate` set.
 *
 * Finish with lectern_saver_save_finish().
 */
void
lectern_saver_retry_async (LecternSaver        *self,
                           gint64               id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_SAVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  save_again (self, id, TRUE, cancellable, callback, user_data);
}

/**
 * lectern_saver_save_finish:
 * @self: a #LecternSaver
 * @result: the result given to the callback
 * @duplicate: (out) (optional): set to %TRUE when the article was saved before (or is
 *   being saved) and nothing new was added
 * @error: return location for a #LecternSaverError, a #LecternFetcherError, a
 *   #LecternUrlError, a #LecternDatabaseError or %G_IO_ERROR_CANCELLED; its message is
 *   meant for the reader
 *
 * Finishes lectern_saver_save_url_async(), lectern_saver_save_file_async() and
 * lectern_saver_retry_async().
 *
 * Returns: the article's id, or 0 with @error set
 */
gint64
lectern_saver_save_finish (LecternSaver  *self,
                           GAsyncResult  *result,
                           gboolean      *duplicate,
                           GError       **error)
{
  g_autofree SaveResult *save_result = NULL;

  g_return_val_if_fail (LECTERN_IS_SAVER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (duplicate)
    *duplicate = FALSE;

  save_result = g_task_propagate_pointer (G_TASK (result), error);
  if (!save_result)
    return 0;

  if (duplicate)
    *duplicate = save_result->duplicate;
  return save_result->id;
}

/* How many resumed saves run at once. Each fetches a page and its images through the
 * fetcher's limits per site; more at once would only queue there, holding memory and
 * the store's worker (each save claims its row first), while the user reads.
 */
#define RESUME_AT_ONCE 6

static void resume_next (LecternSaver *self);

static void
set_resume_progress (LecternSaver *self,
                     guint         total,
                     guint         done)
{
  if (self->resume_total != total) {
    self->resume_total = total;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUME_TOTAL]);
  }
  if (self->resume_done != done) {
    self->resume_done = done;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUME_DONE]);
  }
}

static void
resume_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LecternSaver *self = LECTERN_SAVER (object);
  g_autoptr (GError) error = NULL;

  if (!lectern_saver_save_finish (self, result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("A resumed save ended: %s", error->message);

  g_assert (self->n_resuming > 0);
  self->n_resuming--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_resume_progress (self, self->resume_total, self->resume_done + 1);
  resume_next (self);
}

/* Starts queued saves while fewer than RESUME_AT_ONCE run, unless paused; once all have
 * ended, the progress starts again from nothing.
 */
static void
resume_next (LecternSaver *self)
{
  while (!self->resumes_paused && self->n_resuming < RESUME_AT_ONCE &&
         !g_queue_is_empty (self->resume_queue)) {
    g_autofree gint64 *id = g_queue_pop_head (self->resume_queue);

    g_hash_table_remove (self->resume_queued, id);
    if (g_hash_table_contains (self->by_id, id)) {
      set_resume_progress (self, self->resume_total, self->resume_done + 1);
      continue;
    }

    self->n_resuming++;
    save_again (self, *id, FALSE, self->cancellable, resume_cb, NULL);
  }

  if (self->n_resuming == 0 && g_queue_is_empty (self->resume_queue))
    set_resume_progress (self, 0, 0);
}

/**
 * lectern_saver_resume_pending:
 * @self: a #LecternSaver
 *
 * Runs again every save left pending: those cut off when Lectern quit, those that wait
 * for the network, and those an import added, a few at a time
 * (lectern_saver_get_n_waiting() counts those still to start). The application calls
 * this at start-up and after an import. Without a network it does nothing until
 * #GNetworkMonitor says the network is back, then runs by itself.
 *
 * A row another process is saving is left to it. A row whose saves were cut off
 * %LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS times in a row (Lectern crashed or was killed
 * while saving it) is marked failed instead of being tried again.
 */
void
lectern_saver_resume_pending (LecternSaver *self)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  guint n_added = 0;

  g_return_if_fail (LECTERN_IS_SAVER (self));

  self->waiting_for_network = FALSE;

  ids = lectern_article_store_list_pending (self->store, &error);
  if (!ids) {
    g_message ("Cannot list the articles waiting to be saved: %s", error->message);
    return;
  }

  for (guint i = 0; i < ids->len; i++) {
    gint64 id = g_array_index (ids, gint64, i);

    if (g_hash_table_contains (self->by_id, &id) ||
        g_hash_table_contains (self->resume_queued, &id))
      continue;

    g_queue_push_tail (self->resume_queue, g_memdup2 (&id, sizeof id));
    g_hash_table_add (self->resume_queued, g_memdup2 (&id, sizeof id));
    n_added++;
  }

  set_resume_progress (self, self->resume_total + n_added, self->resume_done);
  resume_next (self);
}

/**
 * lectern_saver_set_resumes_paused:
 * @self: a #LecternSaver
 * @paused: whether queued saves wait
 *
 * Pauses or continues the saves lectern_saver_resume_pending() queued: while paused,
 * none starts; those running go on to their end.
 */
void
lectern_saver_set_resumes_paused (LecternSaver *self,
                                  gboolean      paused)
{
  g_return_if_fail (LECTERN_IS_SAVER (self));

  paused = !!paused;
  if (self->resumes_paused == paused)
    return;

  self->resumes_paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMES_PAUSED]);
  if (!paused)
    resume_next (self);
}

gboolean
lectern_saver_get_resumes_paused (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), FALSE);

  return self->resumes_paused;
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result, &error))
    g_message ("Could not mark the stopped saves: %s", error->message);
}

/**
 * lectern_saver_stop_resumes:
 * @self: a #LecternSaver
 *
 * Gives up the saves lectern_saver_resume_pending() queued and has not started: their
 * articles are marked failed ("Saving was stopped"), keeping their titles and tags, so
 * that each can be tried again. Those running go on to their end. Also ends a pause.
 */
void
lectern_saver_stop_resumes (LecternSaver *self)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (LECTERN_IS_SAVER (self));

  while (!g_queue_is_empty (self->resume_queue)) {
    g_autofree gint64 *id = g_queue_pop_head (self->resume_queue);

    g_array_append_val (ids, *id);
  }
  g_hash_table_remove_all (self->resume_queued);

  if (ids->len > 0)
    lectern_article_store_fail_saves_async (self->store, ids, _("Saving was stopped"),
                                            NULL, stopped_cb, NULL);

  set_resume_progress (self, self->resume_total - ids->len, self->resume_done);
  if (self->resumes_paused) {
    self->resumes_paused = FALSE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMES_PAUSED]);
  }
  resume_next (self);
}

/**
 * lectern_saver_get_n_waiting:
 * @self: a #LecternSaver
 *
 * Returns: how many saves lectern_saver_resume_pending() has still to start
 */
guint
lectern_saver_get_n_waiting (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), 0);

  return g_queue_get_length (self->resume_queue);
}

/**
 * lectern_saver_get_n_running:
 * @self: a #LecternSaver
 *
 * Returns: how many saves are in progress; see #LecternSaver:n-running
 */
guint
lectern_saver_get_n_running (LecternSaver *self)
{
  g_return_val_if_fail (LECTERN_IS_SAVER (self), 0);

  return self->n_running;
}
