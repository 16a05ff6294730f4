/* test-saver.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-extractor.h"
#include "lectern-fetcher-private.h"
#include "lectern-fetcher.h"
#include "lectern-import.h"
#include "lectern-saver.h"
#include "lectern-sniff.h"
#include "lectern-statement.h"
#include "lectern-text.h"
#include "lectern-test-resolver.h"
#include "lectern-test-utils.h"
#include "lectern-url.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#define SEED_TITLE "DeepSeek 的“修炼”之路,还要闯几关?"

static const char png_magic[] = "\x89PNG\r\n\x1a\n";

static const char pdf_bytes[] =
  "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n";

static const char svg_with_script[] =
  "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
  "height=\"10\"><script>alert(document.cookie)</script><rect width=\"10\" "
  "height=\"10\"/></svg>\n";

/* A network monitor the test controls. */

#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static gboolean
test_network_monitor_initable_init (GInitable     *initable,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_initable_init;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_network_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_network_monitor_iface_init))

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (object);

  switch (prop_id) {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
}

static void
test_network_monitor_set_available (TestNetworkMonitor *self,
                                    gboolean            available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* The fixture: a library, a fetcher, a saver and a local web server. */

typedef struct {
  guint status;
  char *content_type;
  GBytes *body;
  char *location;
  /* Answered only when the client gives up. */
  gboolean held;
} Route;

typedef struct {
  char *dir;
  char *site;
  char *library;
  LecternArticleStore *store;
  LecternFetcher *fetcher;
  LecternSaver *saver;
  SoupServer *server;
  char *base;
  GHashTable *routes;
  GHashTable *hits;
  guint n_requests;
  GPtrArray *held;
} Fixture;

typedef struct {
  gint64 id;
  gboolean duplicate;
  GError *error;
  gboolean done;
} Outcome;

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->content_type);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_free (route->location);
  g_free (route);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  dir = g_dir_open (from, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir))) {
    g_autofree char *source = g_build_filename (from, name, NULL);
    g_autofree char *target = g_build_filename (to, name, NULL);

    if (g_file_test (source, G_FILE_TEST_IS_DIR)) {
      copy_tree (source, target);
    } else {
      g_autofree char *contents = NULL;
      gsize length;

      g_file_get_contents (source, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (target, contents, length, &error);
      g_assert_no_error (error);
    }
  }
}

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

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  Route *route = g_hash_table_lookup (fixture->routes, path);
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));

  fixture->n_requests++;
  g_hash_table_insert (fixture->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));

  if (route) {
    soup_server_message_set_status (msg, route->status, NULL);
    if (route->location)
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Location", route->location);
    if (route->body)
      soup_server_message_set_response (msg, route->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (route->body, NULL),
                                        g_bytes_get_size (route->body));
  } else {
    const char *file_path = path;
    g_autofree char *file = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    /* /copy/N/… serves the seed site again under another address. */
    if (g_str_has_prefix (path, "/copy/")) {
      const char *slash = strchr (path + strlen ("/copy/"), '/');

      file_path = slash ? slash : "/";
    }

    file = g_build_filename (fixture->site, file_path, NULL);
    if (strstr (file_path, "..") ||
        !g_file_get_contents (file, &contents, &length, NULL)) {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<h1>Not found</h1>", 18);
      return;
    }

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, type_for_path (file_path), SOUP_MEMORY_TAKE,
                                      g_steal_pointer (&contents), length);
  }

  if (route && route->held) {
    g_ptr_array_add (fixture->held, g_object_ref (msg));
    soup_server_message_pause (msg);
  }
}

static void
fixture_route (Fixture    *fixture,
               const char *path,
               guint       status,
               const char *content_type,
               const void *body,
               gssize      length)
{
  Route *route = g_new0 (Route, 1);

  route->status = status;
  route->content_type = g_strdup (content_type);
  if (body)
    route->body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize)length);
  g_hash_table_insert (fixture->routes, g_strdup (path), route);
}

static void
fixture_redirect (Fixture    *fixture,
                  const char *path,
                  const char *location)
{
  Route *route = g_new0 (Route, 1);

  route->status = SOUP_STATUS_FOUND;
  route->location = g_strdup (location);
  g_hash_table_insert (fixture->routes, g_strdup (path), route);
}

static guint
fixture_hits (Fixture    *fixture,
              const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
}

static char *
fixture_url (Fixture    *fixture,
             const char *path)
{
  return g_strconcat (fixture->base, path, NULL);
}

static void
fixture_start_server (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen (fixture->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  g_free (fixture->base);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
}

static void
fixture_stop_server (Fixture *fixture)
{
  g_ptr_array_set_size (fixture->held, 0);
  if (fixture->server)
    soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
}

static void
fixture_open (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->store = lectern_article_store_new (fixture->library, &error);
  g_assert_no_error (error);
  fixture->fetcher = lectern_fetcher_new ();
  lectern_fetcher_set_timeout (fixture->fetcher, 10);
  fixture->saver = lectern_saver_new (fixture->store, fixture->fetcher);
}

static void
fixture_close (Fixture *fixture)
{
  if (fixture->saver) {
    g_assert_cmpuint (lectern_saver_get_n_running (fixture->saver), ==, 0);
    /* Callbacks GTask put off to an idle hold the saver until they run. */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    lectern_test_finalize_object (g_steal_pointer (&fixture->saver));
  }
  g_clear_object (&fixture->fetcher);
  if (fixture->store) {
    lectern_article_store_close (fixture->store);
    /* Completions of the last writes hold the store until they have run. */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    lectern_test_finalize_object (g_steal_pointer (&fixture->store));
  }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "data", "seed-site", NULL);

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->site = g_build_filename (fixture->dir, "site", NULL);
  fixture->library = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, route_free);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);

  copy_tree (seed, fixture->site);
  fixture_start_server (fixture);
  fixture_open (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fixture_close (fixture);
  fixture_stop_server (fixture);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_pointer (&fixture->routes, g_hash_table_unref);
  g_clear_pointer (&fixture->hits, g_hash_table_unref);
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->site);
  g_free (fixture->library);
  g_free (fixture->base);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  outcome->id = 0;
  outcome->duplicate = FALSE;
  outcome->done = FALSE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  g_assert_false (outcome->done);
  outcome->id = lectern_saver_save_finish (LECTERN_SAVER (object), result,
                                           &outcome->duplicate, &outcome->error);
  g_assert_true ((outcome->id != 0) != (outcome->error != NULL));
  outcome->done = TRUE;
}

static void
wait_outcome (Outcome *outcome)
{
  lectern_test_wait_until (outcome->done);
}

static void
n_running_cb (LecternSaver *saver,
              GParamSpec   *pspec,
              gboolean     *idle)
{
  *idle = lectern_saver_get_n_running (saver) == 0;
}

/* Waits until no save is running. */
static void
wait_idle (Fixture *fixture)
{
  gboolean idle = lectern_saver_get_n_running (fixture->saver) == 0;

  g_signal_connect (fixture->saver, "notify::n-running", G_CALLBACK (n_running_cb), &idle);
  lectern_test_wait_until (idle);
  g_signal_handlers_disconnect_by_data (fixture->saver, &idle);
}

static gint64
save_url (Fixture     *fixture,
          const char  *url,
          gboolean    *duplicate,
          GError     **error)
{
  Outcome outcome = { 0, };

  lectern_saver_save_url_async (fixture->saver, url, NULL, saved_cb, &outcome);
  wait_outcome (&outcome);
  if (duplicate)
    *duplicate = outcome.duplicate;
  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.id;
}

static gint64
save_path (Fixture     *fixture,
           const char  *path,
           gboolean    *duplicate,
           GError     **error)
{
  g_autofree char *url = fixture_url (fixture, path);

  return save_url (fixture, url, duplicate, error);
}

static gint64
save_file (Fixture     *fixture,
           const char  *path,
           GError     **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  Outcome outcome = { 0, };

  lectern_saver_save_file_async (fixture->saver, file, NULL, saved_cb, &outcome);
  wait_outcome (&outcome);
  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.id;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  return lectern_test_query_int (lectern_article_store_get_database (fixture->store), sql);
}

static guint
count_rows (Fixture *fixture)
{
  return query_int (fixture, "SELECT count(*) FROM articles");
}

static LecternArticle *
get_article (Fixture *fixture,
             gint64   id)
{
  g_autoptr (GError) error = NULL;
  LecternArticle *article = lectern_article_store_get (fixture->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (article);
  return article;
}

static GBytes *
make_png (const char *tag,
          gsize       size)
{
  GByteArray *bytes = g_byte_array_new ();
  gsize tag_length = strlen (tag);

  g_byte_array_append (bytes, (const guint8 *)png_magic, sizeof png_magic - 1);
  while (bytes->len < size) {
    gsize n = MIN (tag_length, size - bytes->len);

    g_byte_array_append (bytes, (const guint8 *)tag, MAX (n, 1));
  }

  return g_byte_array_free_to_bytes (bytes);
}

static void
route_png (Fixture    *fixture,
           const char *path,
           const char *tag,
           gsize       size)
{
  g_autoptr (GBytes) png = make_png (tag, size);

  fixture_route (fixture, path, SOUP_STATUS_OK, "image/png",
                 g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* Every image of @body: its src is a stored image of the right type, and it has no
 * srcset. Returns how many there are.
 */
static guint
check_stored_images (Fixture    *fixture,
                     const char *body)
{
  g_autoptr (GRegex) img = g_regex_new ("<img[^>]*>", 0, 0, NULL);
  g_autoptr (GRegex) src = g_regex_new ("src=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_null (strstr (body, "srcset"));
  g_assert_null (strstr (body, "src=\"http"));
  g_assert_null (strstr (body, "src=\"data:"));
  g_assert_null (strstr (body, "src=\"file:"));

  g_regex_match (img, body, 0, &match);
  while (g_match_info_matches (match)) {
    g_autofree char *tag = g_match_info_fetch (match, 0);
    g_autoptr (GMatchInfo) src_match = NULL;
    g_autofree char *url = NULL;
    g_autofree char *content_type = NULL;
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (g_regex_match (src, tag, 0, &src_match));
    url = g_match_info_fetch (src_match, 1);
    g_assert_true (g_str_has_prefix (url, "lectern://image/"));
    g_assert_cmpuint (strlen (url + strlen ("lectern://image/")), ==, 64);

    data = lectern_article_store_get_image (fixture->store, url + strlen ("lectern://image/"),
                                            &content_type, &error);
    g_assert_no_error (error);
    g_assert_nonnull (data);
    g_assert_cmpstr (content_type, ==,
                     lectern_sniff_image (g_bytes_get_data (data, NULL),
                                          g_bytes_get_size (data)));
    n++;
    g_match_info_next (match, NULL);
  }

  return n;
}

static void
test_seed_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr (GBytes) lead = NULL;
  g_autofree char *url = fixture_url (fixture, "/post/518.html");
  gboolean duplicate = TRUE;
  guint n_requests;
  gint64 id;

  id = save_path (fixture, "/post/518.html", &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (duplicate);

  /* Everything needed to read it is in the library: stop the server and look. */
  n_requests = fixture->n_requests;
  fixture_stop_server (fixture);

  article = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (article), ==, SEED_TITLE);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_null (lectern_article_get_save_error (article));
  g_assert_cmpstr (lectern_article_get_url (article), ==, url);
  g_assert_cmpstr (lectern_article_get_canonical_url (article), ==, url);
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    >=, 1);
  g_assert_nonnull (strstr (lectern_article_get_plain_text (article), "DeepSeek"));
  /* The page's "2025-03-19 09:32:05": a time, kept as one. */
  g_assert_cmpint (lectern_article_get_published_at (article), ==,
                   G_GINT64_CONSTANT (1742376725000000));
  g_assert_cmpint (lectern_article_get_published_precision (article), ==,
                   LECTERN_DATE_PRECISION_MINUTE);

  /* Counted as the extractor counts the same page, and as any text is counted. */
  {
    g_autofree char *path = g_build_filename (fixture->site, "post", "518.html", NULL);
    g_autofree char *page = NULL;
    g_autoptr (LecternArticle) extracted = NULL;
    guint words, chars, minutes;
    gsize length;

    g_file_get_contents (path, &page, &length, &error);
    g_assert_no_error (error);
    extracted = lectern_extract (page, length, NULL, url, &error);
    g_assert_no_error (error);
    lectern_text_count (lectern_article_get_plain_text (article), &words, &chars, &minutes);
    g_assert_cmpuint (lectern_article_get_word_count (article), >, 1200);
    g_assert_cmpuint (lectern_article_get_word_count (article), ==, words);
    g_assert_cmpuint (lectern_article_get_char_count (article), ==, chars);
    g_assert_cmpuint (lectern_article_get_reading_minutes (article), ==, minutes);
    g_assert_cmpuint (lectern_article_get_word_count (extracted), ==, words);
    g_assert_cmpuint (lectern_article_get_reading_minutes (extracted), ==, minutes);
  }

  g_assert_true (g_str_has_prefix (lectern_article_get_lead_image (article),
                                   "lectern://image/"));
  lead = lectern_article_store_get_image (fixture->store,
                                          lectern_article_get_lead_image (article) +
                                          strlen ("lectern://image/"),
                                          &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (lead), ==, 10322);

  /* The lead image is also the body's image: fetched once, stored once. */
  g_assert_cmpuint (n_requests, ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT size FROM images"), ==, 10322);

  lectern_article_store_get_image (fixture->store, "0000", NULL, &error);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
}

static void
test_same_image_twice (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  fixture_route (fixture, "/twice.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Twice",
                               "<p>One <img src=\"/img/a.png\" alt=\"first\"> here.</p>"
                               "<p>Again <img src=\"/img/a.png#again\" alt=\"second\"> and"
                               " <img src=\"http://127.0.0.1:1/unused\" alt=\"x\""
                               " srcset=\"/img/a.png 2x\"> there.</p>"
                               "<p>Once more <img src=\"/img/a.png\" alt=\"third\"> too.</p>"),
                 -1);
  route_png (fixture, "/img/a.png", "a", 100);

  id = save_path (fixture, "/twice.html", NULL, &error);
  g_assert_no_error (error);

  article = get_article (fixture, id);
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    >=, 2);
  g_assert_cmpuint (fixture_hits (fixture, "/img/a.png"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 1);
}

static void
test_bad_images (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  const char *body;
  gint64 id;

  lectern_fetcher_set_max_image_size (fixture->fetcher, 1024);

  fixture_route (fixture, "/bad.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Bad images",
                               "<p>Good <img src=\"/img/good.png\" alt=\"good one\"> image.</p>"
                               "<p>Gone <img src=\"/img/missing.png\" alt=\"missing one\">.</p>"
                               "<p>Huge <img src=\"/img/huge.png\" alt=\"huge one\">.</p>"
                               "<p>Fake <img src=\"/img/fake.png\" alt=\"html one\">.</p>"
                               "<p>Vector <img src=\"/img/script.svg\" alt=\"svg one\">.</p>"),
                 -1);
  route_png (fixture, "/img/good.png", "good", 200);
  route_png (fixture, "/img/huge.png", "huge", 5000);
  fixture_route (fixture, "/img/fake.png", SOUP_STATUS_OK, "image/png",
                 "<html><body>Not an image</body></html>", -1);
  fixture_route (fixture, "/img/script.svg", SOUP_STATUS_OK, "image/svg+xml",
                 svg_with_script, -1);

  id = save_path (fixture, "/bad.html", NULL, &error);
  g_assert_no_error (error);

  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  body = lectern_article_get_body_html (article);
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 1);

  /* Each failed image keeps its alt text, in a placeholder that loads nothing. */
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">missing one</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">huge one</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">html one</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">svg one</span>"));
  g_assert_null (strstr (body, "127.0.0.1"));
  g_assert_null (strstr (body, "script"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);

  /* Each was asked for once. */
  g_assert_cmpuint (fixture_hits (fixture, "/img/missing.png"), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/img/huge.png"), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/img/fake.png"), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/img/script.svg"), ==, 1);
}

static void
test_no_download (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_saver_set_download_images (fixture->saver, FALSE);
  g_assert_false (lectern_saver_get_download_images (fixture->saver));

  id = save_path (fixture, "/post/518.html", NULL, &error);
  g_assert_no_error (error);

  article = get_article (fixture, id);
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    ==, 0);
  g_assert_nonnull (strstr (lectern_article_get_body_html (article),
                            "<span class=\"lectern-missing-image\">DeepSeek 绕过 CUDA</span>"));
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==, "");
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = fixture_url (fixture, "/post/518.html");
  g_autofree char *tracked = NULL;
  g_autofree char *upper = NULL;
  gboolean duplicate = FALSE;
  guint n_requests;
  gint64 id, again;

  id = save_url (fixture, url, &duplicate, &error);
  g_assert_no_error (error);
  g_assert_false (duplicate);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  n_requests = fixture->n_requests;

  tracked = g_strconcat (url, "?utm_source=newsletter&fbclid=abc#comments", NULL);
  again = save_url (fixture, tracked, &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_true (duplicate);

  upper = g_strdup_printf ("HTTP://127.0.0.1:%s", url + strlen ("http://127.0.0.1:"));
  again = save_url (fixture, upper, &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_true (duplicate);

  /* Nothing was fetched and nothing was added. */
  g_assert_cmpuint (fixture->n_requests, ==, n_requests);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
}

static void
test_duplicate_at_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = fixture_url (fixture, "/post/518.html");
  g_autofree char *tracked = g_strconcat (url, "#top", NULL);
  Outcome first = { 0, }, second = { 0, };

  lectern_saver_save_url_async (fixture->saver, url, NULL, saved_cb, &first);
  lectern_saver_save_url_async (fixture->saver, tracked, NULL, saved_cb, &second);
  g_assert_cmpuint (lectern_saver_get_n_running (fixture->saver), ==, 2);

  wait_outcome (&first);
  wait_outcome (&second);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_cmpint (first.id, ==, second.id);
  g_assert_false (first.duplicate);
  g_assert_true (second.duplicate);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/post/518.html"), ==, 1);
}

static void
count_cb (LecternArticleStore *store,
          gint64               id,
          guint               *count)
{
  (*count)++;
}

static void
test_redirect_duplicate (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = fixture_url (fixture, "/post/518.html");
  gboolean duplicate = FALSE;
  guint n_removed = 0;
  gint64 id, again;

  id = save_path (fixture, "/post/518.html", NULL, &error);
  g_assert_no_error (error);

  fixture_redirect (fixture, "/short/518", target);
  g_signal_connect (fixture->store, "article-removed", G_CALLBACK (count_cb), &n_removed);

  again = save_path (fixture, "/short/518", &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_true (duplicate);
  g_assert_cmpuint (fixture_hits (fixture, "/short/518"), ==, 1);

  /* The row made while it was fetched is gone for good, and the list was told. */
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_cmpuint (n_removed, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->store, &n_removed);

  /* A page naming the saved article as its canonical address is the same article. */
  fixture_route (fixture, "/amp/518.html", SOUP_STATUS_OK, "text/html",
                 "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Amp</title>"
                 "<link rel=\"canonical\" href=\"/post/518.html?utm_medium=amp\"></head>"
                 "<body><article>" LECTERN_TEST_PARAGRAPHS "</article></body></html>", -1);
  again = save_path (fixture, "/amp/518.html", &duplicate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_true (duplicate);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
}

static void
test_failed_then_retry (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  Outcome outcome = { 0, };
  gint64 id;

  fixture_route (fixture, "/later.html", SOUP_STATUS_NOT_FOUND, "text/html",
                 "<h1>Not here yet</h1>", -1);

  id = save_path (fixture, "/later.html", NULL, &error);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_HTTP_STATUS);
  g_assert_cmpstr (error->message, ==, "The server answered 404 Not Found");
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);

  /* The row stays, failed, and says why. */
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  ids = lectern_article_store_list_ids (fixture->store, LECTERN_FILTER_ALL,
                                        LECTERN_SORT_NEWEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  id = g_array_index (ids, gint64, 0);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_FAILED);
  g_assert_cmpstr (lectern_article_get_save_error (article), ==,
                   "The server answered 404 Not Found");
  g_clear_object (&article);

  /* The server has it now: Retry saves it in the same row. */
  fixture_route (fixture, "/later.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Later", ""), -1);
  lectern_saver_retry_async (fixture->saver, id, NULL, saved_cb, &outcome);
  wait_outcome (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (outcome.id, ==, id);
  g_assert_false (outcome.duplicate);

  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Later");
  g_assert_null (lectern_article_get_save_error (article));
  g_assert_cmpuint (count_rows (fixture), ==, 1);

  /* Retrying a saved article changes nothing. */
  outcome_clear (&outcome);
  lectern_saver_retry_async (fixture->saver, id, NULL, saved_cb, &outcome);
  wait_outcome (&outcome);
  g_assert_cmpint (outcome.id, ==, id);
  g_assert_true (outcome.duplicate);
  outcome_clear (&outcome);

  /* A failed save asked for again by its address is retried too. */
  fixture_route (fixture, "/flaky.html", SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html",
                 "<h1>Oops</h1>", -1);
  id = save_path (fixture, "/flaky.html", NULL, &error);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_HTTP_STATUS);
  g_clear_error (&error);
  fixture_route (fixture, "/flaky.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Flaky", ""), -1);
  id = save_path (fixture, "/flaky.html", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (fixture), ==, 2);
  g_clear_object (&article);
  article = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Flaky");

  lectern_saver_retry_async (fixture->saver, 9999, NULL, saved_cb, &outcome);
  wait_outcome (&outcome);
  g_assert_error (outcome.error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  outcome_clear (&outcome);
}

static void
test_not_a_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = fixture_url (fixture, "/paper.pdf");
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  gint64 id;

  /* A PDF, even one that claims to be a page. */
  fixture_route (fixture, "/paper.pdf", SOUP_STATUS_OK, "text/html",
                 pdf_bytes, sizeof pdf_bytes - 1);
  id = save_path (fixture, "/paper.pdf", NULL, &error);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_A_PAGE);
  g_assert_cmpstr (error->message, ==, "This link is a PDF document, not a web page");
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);

  id = lectern_article_store_find_by_url (fixture->store, normalized, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_FAILED);
  g_assert_cmpstr (lectern_article_get_save_error (article), ==,
                   "This link is a PDF document, not a web page");
  g_assert_null (lectern_article_get_body_html (article));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 0);
  g_clear_object (&article);

  /* Nothing article-like. */
  fixture_route (fixture, "/empty.html", SOUP_STATUS_OK, "text/html",
                 "<html><head><title>Nothing</title></head><body></body></html>", -1);
  id = save_path (fixture, "/empty.html", NULL, &error);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NO_ARTICLE);
  g_assert_cmpstr (error->message, ==, "No article was found on this page");
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE save_state = 2 "
                                       "AND save_error = 'No article was found on this page'"),
                   ==, 1);
}

static void
test_bad_urls (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const urls[] = {
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://example.org/article.html",
    "data:text/html,<p>hi</p>",
    "not a web address",
    "http://",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (GError) error = NULL;
    gint64 id;

    id = save_url (fixture, urls[i], NULL, &error);
    g_assert_cmpint (id, ==, 0);
    g_assert_true (error->domain == LECTERN_URL_ERROR);
    g_assert_true (g_str_equal (error->message,
                                "Only web addresses (http and https) can be saved") ||
                   g_str_equal (error->message, "This is not a valid web address"));
  }

  g_assert_cmpuint (count_rows (fixture), ==, 0);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static void
test_gbk (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *gbk = NULL;
  gsize length;
  gint64 id;

  gbk = g_convert ("<html><head><title>中文标题</title></head><body><article><h1>中文标题</h1>"
                   "<p>这是一篇很长的中文文章,用来测试字符集只在HTTP头里声明的情况。读者希望看到"
                   "正确的汉字,而不是乱码。文章还要足够长,才能被认为是正文。</p>"
                   "<p>第二段继续讲同一个话题,提供更多的文字,让提取器有足够的内容可以打分,"
                   "并且确认这里才是页面的主要内容,而不是导航或者页脚。</p>"
                   "<p>第三段结束这篇文章,再说几句话,说明图片和文字都应该一起保存下来。</p>"
                   "</article></body></html>",
                   -1, "GBK", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  fixture_route (fixture, "/gbk.html", SOUP_STATUS_OK, "text/html; charset=GBK", gbk, length);

  id = save_path (fixture, "/gbk.html", NULL, &error);
  g_assert_no_error (error);

  article = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "中文标题");
  g_assert_nonnull (strstr (lectern_article_get_plain_text (article), "正确的汉字"));
}

static void
test_plain_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  fixture_route (fixture, "/notes.txt", SOUP_STATUS_OK, "text/plain; charset=utf-8",
                 "\n  Release notes  \n\nFixed <script>alert(1)</script> & more.\n", -1);
  id = save_path (fixture, "/notes.txt", NULL, &error);
  g_assert_no_error (error);

  article = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Release notes");
  g_assert_cmpstr (lectern_article_get_body_html (article), ==,
                   "<pre>\n  Release notes  \n\nFixed &lt;script&gt;alert(1)&lt;/script&gt; "
                   "&amp; more.\n</pre>");
  /* The "&" standing alone is not a word. */
  g_assert_cmpuint (lectern_article_get_word_count (article), ==, 5);
  g_assert_cmpuint (lectern_article_get_reading_minutes (article), ==, 1);
  g_clear_object (&article);

  /* No line to take a title from: the address gives one. */
  /* The server hands its handlers the path decoded. */
  fixture_route (fixture, "/blank page.txt", SOUP_STATUS_OK, "text/plain", "   \n", -1);
  id = save_path (fixture, "/blank%20page.txt", NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "blank page.txt");
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gboolean          *started)
{
  *started = TRUE;
}

static void
test_cancel_and_resume (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = fixture_url (fixture, "/slow.html");
  Outcome outcome = { 0, };
  gboolean started = FALSE;
  Route *route;
  gint64 id;

  fixture_route (fixture, "/slow.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Slow",
                                            "<p><img src=\"/img/slow.png\" alt=\"slow\"></p>"),
                 -1);
  route = g_hash_table_lookup (fixture->routes, "/slow.html");
  route->held = TRUE;
  route_png (fixture, "/img/slow.png", "slow", 100);

  g_signal_connect (fixture->server, "request-started", G_CALLBACK (request_started_cb),
                    &started);
  lectern_saver_save_url_async (fixture->saver, url, cancellable, saved_cb, &outcome);
  lectern_test_wait_until (started);

  /* Quitting cancels the save in the middle of the fetch. */
  g_cancellable_cancel (cancellable);
  wait_outcome (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&outcome);
  g_signal_handlers_disconnect_by_func (fixture->server, request_started_cb, &started);

  /* The row waits, pending, for the next start. */
  pending = lectern_article_store_list_pending (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  id = g_array_index (pending, gint64, 0);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_PENDING);
  g_assert_cmpstr (lectern_article_get_url (article), ==, url);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "");
  g_clear_object (&article);

  /* The next start: a new library object, a new saver, and the page is quick now. */
  fixture_close (fixture);
  route->held = FALSE;
  fixture_open (fixture);
  lectern_saver_resume_pending (fixture->saver);
  g_assert_cmpuint (lectern_saver_get_n_running (fixture->saver), ==, 1);
  wait_idle (fixture);

  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Slow");
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    ==, 1);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_clear_pointer (&pending, g_array_unref);
  pending = lectern_article_store_list_pending (fixture->store, &error);
  g_assert_cmpuint (pending->len, ==, 0);
}

static void
offline_page_handler (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  static const char page[] = LECTERN_TEST_ARTICLE_PAGE ("Back online", "");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    page, strlen (page));
}

static SoupServer *
offline_server_new (guint16 port)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  SoupServer *server = soup_server_new (NULL, NULL);

  soup_server_add_handler (server, NULL, offline_page_handler, NULL, NULL);
  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  return server;
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (TestNetworkMonitor) monitor = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = fixture_url (fixture, "/post/518.html");
  g_autofree char *away = NULL;
  g_autoslist (GUri) uris = NULL;
  guint16 port;
  gint64 id;

  monitor = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  lectern_test_finalize_object (g_steal_pointer (&fixture->saver));
  fixture->saver = g_object_new (LECTERN_TYPE_SAVER,
                                 "store", fixture->store,
                                 "fetcher", fixture->fetcher,
                                 "network-monitor", monitor,
                                 NULL);

  /* The monitor's word alone stops nothing: a Flatpak's says "no network" until its
   * portal first answers, and a server on this computer needs none.
   */
  id = save_url (fixture, url, NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_clear_object (&article);

  /* A server that cannot be reached while there is no network: the link waits. */
  server = offline_server_new (0);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  away = g_strdup_printf ("http://127.0.0.1:%u/away.html", port);
  soup_server_disconnect (server);
  g_clear_object (&server);

  id = save_url (fixture, away, NULL, &error);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpint (id, ==, 0);
  g_assert_cmpuint (count_rows (fixture), ==, 2);
  id = query_int (fixture, "SELECT id FROM articles WHERE save_state = 1");
  g_assert_cmpint (id, >, 0);

  /* The network comes back, and so does the server: the saver carries on by itself. */
  server = offline_server_new (port);
  test_network_monitor_set_available (monitor, TRUE);
  g_assert_cmpuint (lectern_saver_get_n_running (fixture->saver), ==, 1);
  wait_idle (fixture);

  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Back online");
  g_assert_cmpuint (count_rows (fixture), ==, 2);
  soup_server_disconnect (server);
}

static void
test_purge_images (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *shared = NULL;
  gint64 a, b;

  fixture_route (fixture, "/a.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("A", "<p><img src=\"/img/shared.png\" alt=\"s\">"
                                    "<img src=\"/img/only-a.png\" alt=\"a\"></p>"), -1);
  fixture_route (fixture, "/b.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("B",
                                            "<p><img src=\"/img/shared.png\" alt=\"s\"></p>"),
                 -1);
  route_png (fixture, "/img/shared.png", "shared", 300);
  route_png (fixture, "/img/only-a.png", "only a", 300);

  a = save_path (fixture, "/a.html", NULL, &error);
  g_assert_no_error (error);
  b = save_path (fixture, "/b.html", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 3);

  /* Deleting hides the article; its images stay for Undo until the purge. */
  g_assert_true (lectern_article_store_delete (fixture->store, a, &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 2);
  g_assert_true (lectern_article_store_purge_deleted (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images "
                                       "JOIN images USING (sha256)"), ==, 1);

  g_assert_true (lectern_article_store_delete (fixture->store, b, &error));
  g_assert_true (lectern_article_store_purge_deleted (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 0);
  g_assert_cmpuint (count_rows (fixture), ==, 0);
}

static void
limit_library (Fixture *fixture,
               gint64   extra_pages)
{
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;

  /* Only fixed SQL is built here, from a number this test computed. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                         query_int (fixture, "PRAGMA page_count") + extra_pages);
  g_assert_true (lectern_database_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_one_transaction (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (LecternArticle) stored = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  /* The store itself: a disk that fills up while the images are written. */
  id = lectern_article_store_add_pending (fixture->store, "http://example.org/a",
                                          "http://example.org/a", &error);
  g_assert_no_error (error);
  images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  for (guint i = 0; i < 3; i++) {
    g_autofree char *tag = g_strdup_printf ("image %u ", i);
    g_autofree char *sha256 = g_strdup_printf ("%064u", i);
    g_autoptr (GBytes) png = make_png (tag, 200 * 1024);

    g_ptr_array_add (images, lectern_stored_image_new (sha256, "image/png", png));
  }
  article = lectern_test_article_new ("Full", "http://example.org/a", "<p>Full disk</p>");

  limit_library (fixture, 20);
  g_assert_false (lectern_article_store_finish_save (fixture->store, id, article, images,
                                                     &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FULL);
  g_clear_error (&error);

  /* Nothing of it was kept: no image, no link, the row still pending and empty. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 0);
  stored = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (stored), ==, LECTERN_SAVE_STATE_PENDING);
  g_assert_cmpstr (lectern_article_get_title (stored), ==, "");
  g_assert_null (lectern_article_get_body_html (stored));
  g_clear_object (&stored);

  /* With room, the same call stores everything. */
  limit_library (fixture, 100000);
  g_assert_true (lectern_article_store_finish_save (fixture->store, id, article, images,
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM article_images"), ==, 3);
  stored = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (stored), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (stored), ==, "Full");
  g_clear_object (&stored);

  /* Saving it again with fewer images lets go of the others. */
  g_ptr_array_set_size (images, 1);
  g_assert_true (lectern_article_store_finish_save (fixture->store, id, article, images,
                                                    &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);

  /* The saver: the page's images do not fit, and the article is not half saved. */
  fixture_route (fixture, "/big.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Big", "<p><img src=\"/img/big1.png\" alt=\"1\">"
                                      "<img src=\"/img/big2.png\" alt=\"2\"></p>"), -1);
  route_png (fixture, "/img/big1.png", "one ", 300 * 1024);
  route_png (fixture, "/img/big2.png", "two ", 300 * 1024);
  limit_library (fixture, 30);

  id = save_path (fixture, "/big.html", NULL, &error);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE title = 'Big'"),
                   ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE save_state = 2"),
                   ==, 1);
}

static void
write_file (const char *dir,
            const char *name,
            const void *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static void
test_local_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "saved page", NULL);
  g_autofree char *files = g_build_filename (dir, "page_files", NULL);
  g_autofree char *page = g_build_filename (dir, "page.html", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *html = NULL;
  g_autoptr (GBytes) png = make_png ("local", 120);
  g_autoptr (GFile) file = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  const char *body;
  gint64 id, again;

  g_assert_cmpint (g_mkdir_with_parents (files, 0700), ==, 0);
  write_file (files, "pic.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  write_file (files, "fake.png", "<html>not an image</html>", -1);
  write_file (files, "vector.svg", svg_with_script, -1);
  route_png (fixture, "/img/remote.png", "remote", 150);
  remote = fixture_url (fixture, "/img/remote.png");

  html = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("Local",
                                        "<p><img src=\"page_files/pic.png\" alt=\"local\"></p>"
                                        "<p><img src=\"%s\" alt=\"remote\"></p>"
                                        "<p><img src=\"page_files/fake.png\" alt=\"fake\"></p>"
                                        "<p><img src=\"page_files/vector.svg\" alt=\"svg\"></p>"
                                        "<p><img src=\"page_files/none.png\" alt=\"none\"></p>"
                                        "<p>The story goes on on the <a href=\"other.html\">next</a> page.</p>"),
                          remote);
  write_file (dir, "page.html", html, -1);

  id = save_file (fixture, page, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (page);
  uri = g_file_get_uri (file);
  article = get_article (fixture, id);
  body = lectern_article_get_body_html (article);
  g_assert_cmpstr (lectern_article_get_url (article), ==, uri);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Local");
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 2);
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">fake</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">svg</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">none</span>"));
  g_assert_null (strstr (body, "lectern-local-file"));
  g_assert_nonnull (strstr (body, "next</a>"));
  g_assert_null (strstr (body, "href"));
  g_assert_cmpuint (fixture_hits (fixture, "/img/remote.png"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, 2);

  /* Dropping it again finds it. */
  again = save_file (fixture, page, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
}

static void
test_not_a_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.html", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "paper.html", NULL);
  g_autofree char *image = g_build_filename (fixture->dir, "photo.png", NULL);
  g_autofree char *binary = g_build_filename (fixture->dir, "program", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.html", NULL);
  g_autoptr (GBytes) png = make_png ("photo", 100);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (fixture->dir, "paper.html", pdf_bytes, sizeof pdf_bytes - 1);
  write_file (fixture->dir, "photo.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  write_file (fixture->dir, "program", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);

  g_assert_cmpint (save_file (fixture, folder, &error), ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE);
  g_assert_cmpstr (error->message, ==, "“folder.html” is a folder, not a web page");
  g_clear_error (&error);

  g_assert_cmpint (save_file (fixture, pdf, &error), ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE);
  g_assert_cmpstr (error->message, ==, "“paper.html” is a PDF document, not a web page");
  g_clear_error (&error);

  g_assert_cmpint (save_file (fixture, image, &error), ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE);
  g_assert_cmpstr (error->message, ==, "“photo.png” is an image, not a web page");
  g_clear_error (&error);

  g_assert_cmpint (save_file (fixture, binary, &error), ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE);
  g_assert_cmpstr (error->message, ==, "“program” is not a web page");
  g_clear_error (&error);

  g_assert_cmpint (save_file (fixture, missing, &error), ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_NOT_A_FILE);
  g_assert_cmpstr (error->message, ==, "The file “missing.html” does not exist");
  g_clear_error (&error);

  g_assert_cmpuint (count_rows (fixture), ==, 0);
}

static void
test_signals (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  guint n_added = 0, n_changed = 0;
  gint64 id;

  /* The row shows at once, then changes once it is saved. */
  g_signal_connect (fixture->store, "article-added", G_CALLBACK (count_cb), &n_added);
  g_signal_connect (fixture->store, "article-changed", G_CALLBACK (count_cb), &n_changed);
  id = save_path (fixture, "/post/518.html", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_cmpuint (n_changed, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->store, &n_added);
  g_signal_handlers_disconnect_by_data (fixture->store, &n_changed);
}

static void
test_final_write_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  /* The last write of the save, the article and its images, fails; this trigger lives
   * only on the store's writing connection, and leaves other updates alone.
   */
  lectern_database_exec (db,
                         "CREATE TEMP TRIGGER fail_body BEFORE UPDATE OF body_html"
                         " ON main.articles BEGIN SELECT RAISE (ABORT, 'the disk caught fire');"
                         " END",
                         &error);
  g_assert_no_error (error);

  /* The caller hears why, and the row says so too: it is not left pending for ever. */
  g_assert_cmpint (save_path (fixture, "/post/518.html", NULL, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "the disk caught fire"));
  g_clear_error (&error);

  g_assert_cmpuint (count_rows (fixture), ==, 1);
  id = query_int (fixture, "SELECT id FROM articles");
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_FAILED);
  g_assert_nonnull (strstr (lectern_article_get_save_error (article), "the disk caught fire"));
  g_assert_null (lectern_article_get_body_html (article));
  g_assert_cmpuint (query_int (fixture, "SELECT count(*) FROM images"), ==, 0);
  g_clear_object (&article);

  /* Once the library can be written again, trying again saves it in the same row. */
  lectern_database_exec (db, "DROP TRIGGER temp.fail_body", &error);
  g_assert_no_error (error);
  g_assert_cmpint (save_path (fixture, "/post/518.html", NULL, &error), ==, id);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
}

/* Addresses GUri parses but cannot write out again (it ends the host at ';'), reached by
 * redirects or named by the page: the save says why or does without the image.
 */
static void
test_unwritable_addresses (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *odd_page = NULL;
  g_autofree char *odd_image = NULL;
  g_autofree char *odd_lead = NULL;
  g_autofree char *page = NULL;
  const char *body;
  gint64 id;

  odd_page = g_strdup_printf ("%s;x/page.html", fixture->base);
  fixture_redirect (fixture, "/odd/page.html", odd_page);

  id = save_path (fixture, "/odd/page.html", NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL);
  g_assert_cmpstr (error->message, ==, "The page redirects to an address that is not valid");
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE save_state = 2 AND "
                                       "save_error = 'The page redirects to an address that "
                                       "is not valid'"), ==, 1);

  /* An image that redirects there, and a lead image named that way. */
  odd_image = g_strdup_printf ("%s;x/image.png", fixture->base);
  fixture_redirect (fixture, "/img/odd.png", odd_image);
  odd_lead = g_strdup_printf ("%s;x/lead.png", fixture->base);
  page = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>Odd images</title>"
                          "<meta property=\"og:image\" content=\"%s\"></head>"
                          "<body><article><h1>Odd images</h1>" LECTERN_TEST_PARAGRAPHS
                          "<p><img src=\"/img/odd.png\" alt=\"odd one\">"
                          "<img src=\"/img/good.png\" alt=\"good one\"></p>"
                          "</article></body></html>", odd_lead);
  fixture_route (fixture, "/odd-images.html", SOUP_STATUS_OK, "text/html", page, -1);
  route_png (fixture, "/img/good.png", "good", 200);

  id = save_path (fixture, "/odd-images.html", NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  body = lectern_article_get_body_html (article);
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 1);
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">odd one</span>"));
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==, "");
  g_assert_cmpuint (fixture_hits (fixture, "/img/odd.png"), ==, 1);
}

/* A second server, on 127.0.0.2, that the fetcher takes for a server on the Internet. It
 * serves the same routes as the fixture's server, and counts its requests in the same
 * table; tests give their paths distinct names.
 */
static SoupServer *
public_server_new (Fixture  *fixture,
                   char    **base)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr (GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
  g_autoslist (GUri) uris = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);

  soup_server_add_handler (server, NULL, server_cb, fixture, NULL);
  soup_server_listen (server, socket_address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  *base = g_strdup_printf ("http://127.0.0.2:%d", g_uri_get_port (uris->data));
  _lectern_fetcher_add_public_address (fixture->fetcher, "127.0.0.2");
  return server;
}

/* A page from the Internet may not make Lectern fetch from this computer or its network:
 * not by naming an address there, nor a name that leads there, nor through a redirect.
 */
static void
test_public_page_images (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GResolver) system_resolver = g_resolver_get_default ();
  g_autoptr (GResolver) resolver = lectern_test_resolver_new ("here.test", "127.0.0.1", NULL);
  g_autoptr (SoupServer) public_server = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *public_base = NULL;
  g_autofree char *page = NULL;
  g_autofree char *bounce = NULL;
  g_autofree char *url = NULL;
  const char *body;
  guint16 port;
  gint64 id;

  /* A name that leads to this computer, as a hostile name server's would. */
  g_resolver_set_default (resolver);
  public_server = public_server_new (fixture, &public_base);
  port = g_ascii_strtoull (strrchr (fixture->base, ':') + 1, NULL, 10);

  route_png (fixture, "/pub/img/kept.png", "kept", 300);
  route_png (fixture, "/local/img/private.png", "private", 300);
  route_png (fixture, "/local/img/by-name.png", "by name", 300);
  route_png (fixture, "/local/img/any.png", "any", 300);
  route_png (fixture, "/local/img/secret.png", "secret", 300);
  route_png (fixture, "/local/admin/delete-everything", "deleted", 300);
  bounce = g_strdup_printf ("%s/local/img/secret.png", fixture->base);
  fixture_redirect (fixture, "/pub/img/bounce.png", bounce);

  page = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>From the Internet</title>"
                          "<meta property=\"og:image\""
                          " content=\"http://127.0.0.1:%u/local/admin/delete-everything"
                          "?confirm=yes\"></head>"
                          "<body><article><h1>From the Internet</h1>" LECTERN_TEST_PARAGRAPHS
                          "<p><img src=\"/pub/img/kept.png\" alt=\"kept\">"
                          "<img src=\"http://127.0.0.1:%u/local/img/private.png\" alt=\"ip\">"
                          "<img src=\"http://here.test:%u/local/img/by-name.png\" alt=\"name\">"
                          "<img src=\"http://0.0.0.0:%u/local/img/any.png\" alt=\"any\">"
                          "<img src=\"/pub/img/bounce.png\" alt=\"bounce\"></p>"
                          "</article></body></html>", port, port, port, port);
  fixture_route (fixture, "/pub/page.html", SOUP_STATUS_OK, "text/html", page, -1);

  url = g_strconcat (public_base, "/pub/page.html", NULL);
  id = save_url (fixture, url, NULL, &error);
  g_assert_no_error (error);

  /* The save is complete, so every image had its chance: only the public one came. */
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  body = lectern_article_get_body_html (article);
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 1);
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==, "");
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">ip</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">name</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">any</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">bounce</span>"));
  g_assert_cmpuint (fixture_hits (fixture, "/pub/img/kept.png"), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/pub/img/bounce.png"), ==, 1);

  /* This computer's server was never asked for anything. */
  g_assert_cmpuint (fixture_hits (fixture, "/local/admin/delete-everything"), ==, 0);
  g_assert_cmpuint (fixture_hits (fixture, "/local/img/private.png"), ==, 0);
  g_assert_cmpuint (fixture_hits (fixture, "/local/img/by-name.png"), ==, 0);
  g_assert_cmpuint (fixture_hits (fixture, "/local/img/any.png"), ==, 0);
  g_assert_cmpuint (fixture_hits (fixture, "/local/img/secret.png"), ==, 0);

  soup_server_disconnect (public_server);
  g_resolver_set_default (system_resolver);
}

/* An export that carries its articles (wallabag's `content`) is saved without fetching
 * the pages: the article is made from the body the export brought, its images come from
 * where they are, public addresses only, and a body that holds no article makes the saver
 * fetch the page after all.
 */
static void
test_carried_body (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (SoupServer) public_server = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) carried = NULL;
  g_autoptr (LecternArticle) fallback = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *public_base = NULL;
  g_autofree char *export = NULL;
  g_autofree char *carried_url = NULL;
  g_autofree char *fallback_url = NULL;
  guint16 port;
  const char *body;

  public_server = public_server_new (fixture, &public_base);
  port = g_ascii_strtoull (strrchr (fixture->base, ':') + 1, NULL, 10);
  route_png (fixture, "/pub/carried/photo.png", "carried", 300);
  route_png (fixture, "/local/carried/private.png", "private", 300);
  fixture_route (fixture, "/pub/carried/fallback.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Fetched after all", ""), -1);
  carried_url = g_strconcat (public_base, "/pub/carried/article.html", NULL);
  fallback_url = g_strconcat (public_base, "/pub/carried/fallback.html", NULL);

  export = g_strdup_printf (
    "[{\"url\": \"%s\", \"title\": \"Carried\", \"is_archived\": 0, \"content\":"
    " \"<h2>Carried</h2>%s<p><img src=\\\"photo.png\\\" alt=\\\"photo\\\">"
    "<img src=\\\"http://127.0.0.1:%u/local/carried/private.png\\\" alt=\\\"private\\\">"
    "</p><script>alert(1)</script>\", \"tags\": [\"kept\"]},"
    " {\"url\": \"%s\", \"title\": \"Empty\", \"content\": \"<p></p>\"}]",
    carried_url, LECTERN_TEST_PARAGRAPHS, port, fallback_url);
  stream = g_memory_input_stream_new_from_data (export, -1, NULL);
  import = lectern_import_new (fixture->store);
  g_assert_true (lectern_import_run (import, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);

  lectern_saver_resume_pending (fixture->saver);
  wait_idle (fixture);

  pending = lectern_article_store_list_pending (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);

  carried = get_article (fixture, lectern_article_store_find_by_url (fixture->store,
                                                                     carried_url, NULL));
  g_assert_cmpint (lectern_article_get_save_state (carried), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (carried), ==, "Carried");
  body = lectern_article_get_body_html (carried);
  g_assert_nonnull (strstr (body, "the quiet hour after work"));
  g_assert_null (strstr (body, "<script"));
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 1);
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">private</span>"));
  /* The page itself was never asked for; its image was, from where the body says. */
  g_assert_cmpuint (fixture_hits (fixture, "/pub/carried/article.html"), ==, 0);
  g_assert_cmpuint (fixture_hits (fixture, "/pub/carried/photo.png"), ==, 1);
  g_assert_cmpuint (fixture_hits (fixture, "/local/carried/private.png"), ==, 0);
  /* Once saved, the body the export brought is not kept twice. */
  g_assert_null (lectern_article_store_dup_carried_body (fixture->store,
                                                         lectern_article_get_id (carried),
                                                         &error));
  g_assert_no_error (error);

  fallback = get_article (fixture, lectern_article_store_find_by_url (fixture->store,
                                                                      fallback_url, NULL));
  g_assert_cmpint (lectern_article_get_save_state (fallback), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (fallback), ==, "Fetched after all");
  g_assert_cmpuint (fixture_hits (fixture, "/pub/carried/fallback.html"), ==, 1);

  soup_server_disconnect (public_server);
}

/* A page on this computer or its network (a wiki on the LAN) keeps every image, those on
 * the Internet included; the user's own save of such an address works. But a server on
 * the Internet may not send the save back onto the network.
 */
static void
test_local_page_images (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (SoupServer) public_server = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *public_base = NULL;
  g_autofree char *page = NULL;
  g_autofree char *back = NULL;
  g_autofree char *jump = NULL;
  gint64 id;

  public_server = public_server_new (fixture, &public_base);
  route_png (fixture, "/pub/img/remote.png", "remote", 300);
  route_png (fixture, "/lan/img/local.png", "local", 300);
  page = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("On the LAN",
                                                     "<p><img src=\"/lan/img/local.png\" alt=\"l\">"
                                                     "<img src=\"%s/pub/img/remote.png\""
                                                     " alt=\"r\"></p>"), public_base);
  fixture_route (fixture, "/lan/page.html", SOUP_STATUS_OK, "text/html", page, -1);

  id = save_path (fixture, "/lan/page.html", NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    ==, 2);

  /* A public page that redirects onto this computer, and a local one that does so by way
   * of a public server: refused, with a reason, and the local page was never asked for.
   */
  back = g_strdup_printf ("%s/lan/never.html", fixture->base);
  fixture_redirect (fixture, "/pub/jump", back);
  fixture_route (fixture, "/lan/never.html", SOUP_STATUS_OK, "text/html",
                 LECTERN_TEST_ARTICLE_PAGE ("Never", ""), -1);

  jump = g_strdup_printf ("%s/pub/jump", public_base);
  id = save_url (fixture, jump, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_PUBLIC);
  g_assert_cmpstr (error->message, ==,
                   "The page redirects to this computer or its local network");
  g_clear_error (&error);

  fixture_redirect (fixture, "/lan/out", jump);
  id = save_path (fixture, "/lan/out", NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_PUBLIC);
  g_clear_error (&error);

  g_assert_cmpuint (fixture_hits (fixture, "/pub/jump"), ==, 2);
  g_assert_cmpuint (fixture_hits (fixture, "/lan/never.html"), ==, 0);

  soup_server_disconnect (public_server);
}

/* Requests under /hang are never answered; the server counts them. */
typedef struct {
  guint n_started;
} Hang;

static void
hang_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Hang *hang = user_data;

  hang->n_started++;
  soup_server_message_pause (msg);
}

/* A whole save has a deadline: images that never come are given up, the article is
 * stored with those that came, and the saves waiting for the connections go on.
 */
static void
test_deadline (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (SoupServer) other = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *page = NULL;
  const char *body;
  Hang hang = { 0 };
  gint64 id;

  /* Only the save's deadline ends anything here: no fetch has a timeout of its own. */
  soup_server_add_handler (fixture->server, "/hang", hang_handler, &hang, NULL);
  lectern_fetcher_set_timeout (fixture->fetcher, 0);
  lectern_saver_set_timeout (fixture->saver, 1);
  g_assert_cmpuint (lectern_saver_get_timeout (fixture->saver), ==, 1);

  /* Three images that never come take every connection to this server; the quick one
   * comes from another, so it has a connection of its own.
   */
  other = soup_server_new (NULL, NULL);
  soup_server_add_handler (other, NULL, server_cb, fixture, NULL);
  soup_server_listen (other, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (other);
  route_png (fixture, "/img/quick.png", "quick", 200);
  page = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("In time",
                            "<p><img src=\"http://127.0.0.1:%d/img/quick.png\" alt=\"quick\">"
                            "<img src=\"/hang/1.png\" alt=\"one\">"
                            "<img src=\"/hang/2.png\" alt=\"two\">"
                            "<img src=\"/hang/3.png\" alt=\"three\"></p>"),
                          g_uri_get_port (uris->data));
  fixture_route (fixture, "/in-time.html", SOUP_STATUS_OK, "text/html", page, -1);

  id = save_path (fixture, "/in-time.html", NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  body = lectern_article_get_body_html (article);
  g_assert_cmpuint (check_stored_images (fixture, body), ==, 1);
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">one</span>"));
  g_assert_nonnull (strstr (body, "<span class=\"lectern-missing-image\">three</span>"));
  g_assert_cmpuint (hang.n_started, ==, 3);
  g_clear_object (&article);

  /* The images that did not come were given up, not left waiting: the next save from
   * this host gets the connections they held. Were they still held, its page would wait
   * in the fetcher's queue for good.
   */
  id = save_path (fixture, "/post/518.html", NULL, &error);
  g_assert_no_error (error);
  article = get_article (fixture, id);
  g_assert_cmpuint (check_stored_images (fixture, lectern_article_get_body_html (article)),
                    ==, 1);
  g_clear_object (&article);

  /* A page that never comes: the save fails, and says why. */
  id = save_path (fixture, "/hang/page.html", NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LECTERN_SAVER_ERROR, LECTERN_SAVER_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, ==, "The page took too long to save");
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE save_state = 2 AND "
                                       "save_error = 'The page took too long to save'"), ==, 1);
  g_assert_cmpuint (hang.n_started, ==, 4);

  soup_server_remove_handler (fixture->server, "/hang");
  soup_server_disconnect (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/saver/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("seed-page", test_seed_page);
  ADD ("same-image-twice", test_same_image_twice);
  ADD ("bad-images", test_bad_images);
  ADD ("no-download", test_no_download);
  ADD ("duplicate", test_duplicate);
  ADD ("duplicate-at-once", test_duplicate_at_once);
  ADD ("redirect-duplicate", test_redirect_duplicate);
  ADD ("failed-then-retry", test_failed_then_retry);
  ADD ("not-a-page", test_not_a_page);
  ADD ("bad-urls", test_bad_urls);
  ADD ("gbk", test_gbk);
  ADD ("plain-text", test_plain_text);
  ADD ("cancel-and-resume", test_cancel_and_resume);
  ADD ("offline", test_offline);
  ADD ("purge-images", test_purge_images);
  ADD ("one-transaction", test_one_transaction);
  ADD ("local-file", test_local_file);
  ADD ("not-a-file", test_not_a_file);
  ADD ("signals", test_signals);
  ADD ("final-write-fails", test_final_write_fails);
  ADD ("unwritable-addresses", test_unwritable_addresses);
  ADD ("public-page-images", test_public_page_images);
  ADD ("carried-body", test_carried_body);
  ADD ("local-page-images", test_local_page_images);
  ADD ("deadline", test_deadline);

#undef ADD

  return g_test_run ();
}
