/* save-bench.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast LecternSaver saves, measured against a local SoupServer:
 *
 * 1. 200 copies of the seed page, each under its own address (/copy/N/post/518.html)
 *    and with its images: articles per second, one save after another and all at once,
 *    and the peak memory (getrusage's ru_maxrss) of the whole run.
 * 2. A page with 20 images that the server answers after 200 ms each: how long the save
 *    takes with the fetcher's limits (6 connections, 3 per host) on one host and on
 *    several, with no limit that matters, and one image at a time (the sum of them).
 * 3. An import's links, N_FARM_PAGES pages spread over N_HOSTS hosts that each answer
 *    after FARM_DELAY_MS, left pending as an import leaves them and saved as the window
 *    does (lectern_saver_resume_pending()): pages per second, and the most requests each
 *    host had at once, which the limits per host keep polite.
 *
 *   save-bench SEED-SITE-DIR [N-COPIES]
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-fetcher.h"
#include "lectern-import-entry.h"
#include "lectern-saver.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define N_IMAGES       20
#define IMAGE_DELAY_MS 200
#define N_HOSTS        4
#define N_FARM_PAGES   1000
#define FARM_DELAY_MS  50

typedef struct {
  char *site;
  SoupServer *server;
  /* The server listens on 127.0.0.1, 127.0.0.2… (all loopback): libsoup counts its
   * connections per host name, whatever the port.
   */
  guint16 ports[N_HOSTS];
  guint n_requests;
  guint n_active;
  guint max_active;
  guint farm_active[N_HOSTS];
  guint farm_max[N_HOSTS];
  guint farm_all;
  guint farm_all_max;
  GBytes *png;
} Bench;

typedef struct {
  guint n_done;
  guint n_failed;
  gint64 last_id;
} Progress;

static const char *
type_for_path (const char *path)
{
  if (g_str_has_suffix (path, ".html"))
    return "text/html; charset=utf-8";
  if (g_str_has_suffix (path, ".png"))
    return "image/png";
  if (g_str_has_suffix (path, ".jpg"))
    return "image/jpeg";
  if (g_str_has_suffix (path, ".gif"))
    return "image/gif";
  return "application/octet-stream";
}

typedef struct {
  Bench *bench;
  SoupServerMessage *msg;
} Delayed;

static gboolean
unpause_cb (gpointer data)
{
  Delayed *delayed = data;

  delayed->bench->n_active--;
  soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

typedef struct {
  Bench *bench;
  SoupServerMessage *msg;
  guint host;
} FarmReply;

static gboolean
farm_reply_cb (gpointer data)
{
  FarmReply *reply = data;

  reply->bench->farm_active[reply->host]--;
  reply->bench->farm_all--;
  soup_server_message_unpause (reply->msg);
  g_object_unref (reply->msg);
  g_free (reply);
  return G_SOURCE_REMOVE;
}

/* A page of the farm, answered after FARM_DELAY_MS; counts what each host has at once. */
static void
farm_page (Bench             *bench,
           SoupServerMessage *msg,
           const char        *path)
{
  GSocketAddress *local = soup_server_message_get_local_address (msg);
  g_autofree char *ip = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  FarmReply *reply = g_new0 (FarmReply, 1);
  g_autoptr (GString) html = g_string_new (NULL);

  g_string_append_printf (html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                                "<title>Farm %s</title></head><body><article><h1>Farm %s</h1>",
                          path, path);
  for (guint i = 0; i < 6; i++)
    g_string_append (html, "<p>A page among a thousand that an import left to save, each "
                           "on one of a few sites that answer slowly, so that the saver's "
                           "limits per site decide how fast they all come.</p>");
  g_string_append (html, "</article></body></html>");

  reply->bench = bench;
  reply->msg = g_object_ref (msg);
  reply->host = MIN (N_HOSTS - 1, (guint)(strrchr (ip, '.')[1] - '1'));
  bench->farm_active[reply->host]++;
  bench->farm_max[reply->host] = MAX (bench->farm_max[reply->host],
                                      bench->farm_active[reply->host]);
  bench->farm_all++;
  bench->farm_all_max = MAX (bench->farm_all_max, bench->farm_all);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html->str, html->len);
  soup_server_message_pause (msg);
  g_timeout_add (FARM_DELAY_MS, farm_reply_cb, reply);
}

static char *
slow_page (Bench      *bench,
           const char *query)
{
  g_autoptr (GString) html = g_string_new (NULL);
  gboolean spread = g_strcmp0 (query, "spread") == 0;

  g_string_append (html,
                   "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Twenty images"
                   "</title></head><body><article><h1>Twenty images</h1>");
  for (guint i = 0; i < N_IMAGES; i++) {
    guint host = spread ? i % N_HOSTS : 0;

    g_string_append_printf (html,
                            "<p>Paragraph %u of a page whose pictures take a while to come, "
                            "so that saving it shows whether they are fetched one after "
                            "another or all at the same time, as they should be.</p>"
                            "<p><img src=\"http://127.0.0.%u:%u/slow/%s/%u.png\" "
                            "alt=\"Picture %u\"></p>",
                            i, host + 1, bench->ports[host], query ? query : "one", i, i);
  }
  g_string_append (html, "</article></body></html>");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Bench *bench = user_data;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  const char *file_path = path;
  gsize length;

  bench->n_requests++;

  if (g_str_has_prefix (path, "/slow/") && g_str_has_suffix (path, ".png")) {
    Delayed *delayed = g_new0 (Delayed, 1);

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (bench->png, NULL),
                                      g_bytes_get_size (bench->png));
    delayed->bench = bench;
    delayed->msg = g_object_ref (msg);
    bench->n_active++;
    bench->max_active = MAX (bench->max_active, bench->n_active);
    soup_server_message_pause (msg);
    g_timeout_add (IMAGE_DELAY_MS, unpause_cb, delayed);
    return;
  }

  if (g_str_has_prefix (path, "/farm/")) {
    farm_page (bench, msg, path);
    return;
  }

  if (g_str_equal (path, "/twenty.html")) {
    char *html = slow_page (bench, query ? g_hash_table_lookup (query, "hosts") : NULL);

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                      html, strlen (html));
    return;
  }

  if (g_str_has_prefix (path, "/copy/")) {
    const char *slash = strchr (path + strlen ("/copy/"), '/');

    file_path = slash ? slash : "/";
  }

  file = g_build_filename (bench->site, file_path, NULL);
  if (strstr (file_path, "..") || !g_file_get_contents (file, &contents, &length, NULL)) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type_for_path (file_path), SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&contents), length);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Progress *progress = user_data;
  g_autoptr (GError) error = NULL;

  progress->last_id = lectern_saver_save_finish (LECTERN_SAVER (object), result, NULL, &error);
  if (progress->last_id == 0) {
    g_printerr ("save-bench: a save failed: %s\n", error->message);
    progress->n_failed++;
  }
  progress->n_done++;
}

static void
wait_for (Progress *progress,
          guint     n)
{
  while (progress->n_done < n)
    g_main_context_iteration (NULL, TRUE);
}

static LecternSaver *
saver_new (LecternArticleStore *store,
           guint                max_connections,
           guint                max_per_host)
{
  g_autoptr (LecternFetcher) fetcher = NULL;

  fetcher = g_object_new (LECTERN_TYPE_FETCHER,
                          "max-connections", max_connections,
                          "max-per-host", max_per_host,
                          NULL);
  return lectern_saver_new (store, fetcher);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* Saves the page of twenty slow images once and gives the time it took. */
static double
time_twenty (Bench               *bench,
             LecternArticleStore *store,
             guint                max_connections,
             guint                max_per_host,
             const char          *hosts,
             guint               *max_active)
{
  g_autoptr (LecternSaver) saver = saver_new (store, max_connections, max_per_host);
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *url = NULL;
  Progress progress = { 0, };
  const char *body;
  double elapsed;
  guint n_stored = 0;
  gint64 start;

  bench->max_active = 0;
  url = g_strdup_printf ("http://127.0.0.1:%u/twenty.html?hosts=%s&limits=%u-%u",
                         bench->ports[0], hosts, max_connections, max_per_host);
  start = g_get_monotonic_time ();
  lectern_saver_save_url_async (saver, url, NULL, saved_cb, &progress);
  wait_for (&progress, 1);

  elapsed = seconds_since (start);
  if (progress.n_failed > 0)
    exit (1);

  /* Every image made it: the time is that of twenty real fetches. */
  article = lectern_article_store_get (store, progress.last_id, NULL);
  body = article ? lectern_article_get_body_html (article) : NULL;
  for (const char *p = body; p && (p = strstr (p, "lectern://image/")); p++)
    n_stored++;
  if (n_stored != N_IMAGES) {
    g_printerr ("save-bench: %u of the %u images were stored\n", n_stored, N_IMAGES);
    exit (1);
  }

  *max_active = bench->max_active;
  return elapsed;
}

/* The farm's pages as an import leaves them, then saved as the window saves them. */
static double
time_farm (Bench               *bench,
           LecternArticleStore *store)
{
  g_autoptr (LecternSaver) saver = saver_new (store, LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS,
                                              LECTERN_FETCHER_DEFAULT_MAX_PER_HOST);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify)lectern_import_entry_free);
  g_autoptr (GArray) outcomes = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  for (guint i = 0; i < N_FARM_PAGES; i++) {
    LecternImportEntry *entry = lectern_import_entry_new ();

    entry->url = g_strdup_printf ("http://127.0.0.%u:%u/farm/%u.html", i % N_HOSTS + 1,
                                  bench->ports[i % N_HOSTS], i);
    g_ptr_array_add (entries, entry);
  }
  outcomes = lectern_article_store_import (store, entries, NULL, &error);
  if (!outcomes) {
    g_printerr ("save-bench: %s\n", error->message);
    exit (1);
  }

  start = g_get_monotonic_time ();
  lectern_saver_resume_pending (saver);
  while (lectern_saver_get_n_running (saver) > 0 || lectern_saver_get_n_waiting (saver) > 0)
    g_main_context_iteration (NULL, TRUE);

  pending = lectern_article_store_list_pending (store, &error);
  if (!pending || pending->len > 0) {
    g_printerr ("save-bench: %u pages were not saved\n", pending ? pending->len : 0);
    exit (1);
  }

  return seconds_since (start);
}

/* Removes the library, its WAL and their folder. */
static void
remove_library (const char *dir)
{
  g_autoptr (GDir) tmp = g_dir_open (dir, 0, NULL);
  const char *name;

  while (tmp && (name = g_dir_read_name (tmp))) {
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_unlink (path);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *library = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *png = NULL;
  Progress progress = { 0, };
  struct rusage usage;
  guint n_copies = 200;
  double sequential, parallel, one_host, spread, unlimited, serial, farm;
  guint one_host_active, spread_active, unlimited_active, serial_active;
  gsize png_length;
  gint64 start;
  Bench bench = { 0, };

  if (argc < 2) {
    g_printerr ("usage: save-bench SEED-SITE-DIR [N-COPIES]\n");
    return 2;
  }
  if (argc > 2)
    n_copies = MAX (1, atoi (argv[2]));

  bench.site = argv[1];
  png_path = g_build_filename (bench.site, "zb_users", "theme", "deepblog", "style", "img",
                               "logo.png", NULL);
  if (!g_file_get_contents (png_path, &png, &png_length, &error)) {
    g_printerr ("save-bench: %s\n", error->message);
    return 1;
  }
  bench.png = g_bytes_new_take (g_steal_pointer (&png), png_length);

  bench.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (bench.server, NULL, server_cb, &bench, NULL);
  for (guint i = 0; i < N_HOSTS; i++) {
    g_autofree char *ip = g_strdup_printf ("127.0.0.%u", i + 1);
    g_autoptr (GInetAddress) loopback = g_inet_address_new_from_string (ip);
    g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr (GSList) uris = NULL;

    if (!soup_server_listen (bench.server, address, 0, &error)) {
      g_printerr ("save-bench: %s\n", error->message);
      return 1;
    }
    uris = soup_server_get_uris (bench.server);
    for (GSList *l = uris; l; l = l->next) {
      if (g_str_equal (g_uri_get_host (l->data), ip))
        bench.ports[i] = g_uri_get_port (l->data);
    }
    g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  }

  dir = g_dir_make_tmp ("lectern-save-bench-XXXXXX", &error);
  if (!dir) {
    g_printerr ("save-bench: %s\n", error->message);
    return 1;
  }
  library = g_build_filename (dir, "library.sqlite3", NULL);
  store = lectern_article_store_new (library, &error);
  if (!store) {
    g_printerr ("save-bench: %s\n", error->message);
    return 1;
  }

  saver = saver_new (store, LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS,
                     LECTERN_FETCHER_DEFAULT_MAX_PER_HOST);

  /* One after another: what a user pasting links one by one sees. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_copies; i++) {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/copy/%u/post/518.html",
                                            bench.ports[0], i);

    lectern_saver_save_url_async (saver, url, NULL, saved_cb, &progress);
    wait_for (&progress, i + 1);
  }
  sequential = seconds_since (start);

  /* All at once, under other addresses: an import of a reading list. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_copies; i++) {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/copy/%u/post/518.html",
                                            bench.ports[0], n_copies + i);

    lectern_saver_save_url_async (saver, url, NULL, saved_cb, &progress);
  }
  wait_for (&progress, 2 * n_copies);
  parallel = seconds_since (start);

  if (progress.n_failed > 0 ||
      lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL) != 2 * n_copies)
    return 1;

  getrusage (RUSAGE_SELF, &usage);

  g_print ("Saving %u copies of the seed page (post/518.html with its image) "
           "from a local server:\n", n_copies);
  g_print ("  one after another: %6.2f s, %7.1f articles/s\n",
           sequential, n_copies / sequential);
  g_print ("  all at once:       %6.2f s, %7.1f articles/s\n",
           parallel, n_copies / parallel);
  g_print ("  peak memory (ru_maxrss): %.1f MB\n", usage.ru_maxrss / 1024.0);
  g_print ("  requests served: %u\n", bench.n_requests);

  one_host = time_twenty (&bench, store, LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS,
                          LECTERN_FETCHER_DEFAULT_MAX_PER_HOST, "one", &one_host_active);
  spread = time_twenty (&bench, store, LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS,
                        LECTERN_FETCHER_DEFAULT_MAX_PER_HOST, "spread", &spread_active);
  unlimited = time_twenty (&bench, store, 64, 64, "one", &unlimited_active);
  serial = time_twenty (&bench, store, 1, 1, "one", &serial_active);

  g_print ("A page with %u images, each answered after %u ms (sum of the images: %.2f s):\n",
           N_IMAGES, IMAGE_DELAY_MS, N_IMAGES * IMAGE_DELAY_MS / 1000.0);
  g_print ("  default limits (6 in all, 3 per host), one host: %5.2f s, %2u at a time\n",
           one_host, one_host_active);
  g_print ("  default limits, images spread over %u hosts:     %5.2f s, %2u at a time\n",
           N_HOSTS, spread, spread_active);
  g_print ("  limits raised to 64:                            %5.2f s, %2u at a time\n",
           unlimited, unlimited_active);
  g_print ("  one connection (one image after another):       %5.2f s, %2u at a time\n",
           serial, serial_active);

  farm = time_farm (&bench, store);
  g_print ("An import's %u links over %u hosts, each page answered after %u ms, saved as "
           "the window saves them:\n", N_FARM_PAGES, N_HOSTS, FARM_DELAY_MS);
  g_print ("  %6.2f s, %6.1f pages/s; at most %u requests at once, per host:",
           farm, N_FARM_PAGES / farm, bench.farm_all_max);
  for (guint i = 0; i < N_HOSTS; i++)
    g_print (" %u", bench.farm_max[i]);
  g_print ("\n");

  g_clear_object (&saver);
  lectern_article_store_close (store);
  soup_server_disconnect (bench.server);
  g_clear_object (&bench.server);
  g_bytes_unref (bench.png);

  remove_library (dir);
  return 0;
}
