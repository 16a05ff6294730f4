/* test-hostile.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-encoding.h"
#include "lectern-extractor.h"
#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

/* Every page of tests/data/hostile, in the real reader, twice: as Lectern saves it (through
 * the extractor and its sanitizer) and as it came, written straight into the library, as if
 * the sanitizer had missed everything. The reader's own defences (its Content-Security-
 * Policy, page scripts off, its navigation policy) must hold either way:
 *
 * - nothing reaches the network: every web address in the page is turned into one of a
 *   server on 127.0.0.1 that logs each request it gets;
 * - no script of the page runs: not one alert(), and not the sentinel below;
 * - the view stays on the article, and its web process lives.
 *
 * That nothing happened is checked once everything had its chance: the page finished
 * loading, every image of it is complete (loaded or refused), and a stored image, which
 * the policy allows, has loaded.
 */

/* Page scripts that would mark the document, were they to run. */
#define SENTINEL \
  "<script>document.documentElement.setAttribute ('data-lectern-ran', 'script')</script>" \
  "<img src=\"lectern://image/none\" " \
  "onerror=\"document.documentElement.setAttribute ('data-lectern-ran', 'handler')\">"

/* A page of the test's own, as it came: elements named after what the reader's script and
 * the tests use of the document and the window. The sanitizer keeps no name attribute, but
 * the reader must not depend on that.
 */
static const char clobbering_page[] =
  "<p>Elements named after the document's own properties.</p>"
  "<img name=\"querySelectorAll\"><img name=\"querySelector\"><img name=\"getElementById\">"
  "<img name=\"scrollingElement\"><img name=\"documentElement\"><img name=\"body\">"
  "<img name=\"images\"><img name=\"createElement\"><img name=\"defaultView\">"
  "<form name=\"addEventListener\"></form><embed name=\"activeElement\">"
  "<img id=\"webkit\" name=\"webkit\"><img id=\"lectern\" name=\"lectern\">"
  "<img id=\"scrollTo\"><img id=\"innerHeight\"><img id=\"getComputedStyle\">"
  "<p id=\"setTimeout\">A paragraph.</p>";

#define CLOBBERING_NAME "named-elements.html"

typedef struct {
  char    *name;
  gboolean sanitized;
  gint64   id;
} Page;

typedef struct {
  SoupServer *server;
  char       *base;
  GPtrArray  *requests;
  guint       connections;

  GPtrArray  *pages;
  char       *canary;

  guint       loads_started;
  guint       dialogs;
  guint       links_opened;
  gboolean    terminated;
} Corpus;

static Corpus corpus;

static void
page_free (Page *page)
{
  g_free (page->name);
  g_free (page);
}

static void
log_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  g_autofree char *uri = g_uri_to_string (soup_server_message_get_uri (msg));

  g_test_message ("the server was asked for %s", uri);
  g_ptr_array_add (corpus.requests, g_steal_pointer (&uri));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "x", 1);
}

/* Counts even what is no HTTP request at all: a TLS handshake, or a request cut short. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  corpus.connections++;
}

/* Points every web address of @page at the logging server: an absolute http(s) address,
 * or a protocol-relative one, whatever its host.
 */
static char *
rewrite_hosts (const char *page)
{
  g_autoptr (GRegex) regex = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_strndup (corpus.base, strlen (corpus.base) - 1);
  char *rewritten;

  regex = g_regex_new ("\\bhttps?://[a-z0-9.\\-]+(:[0-9]+)?"
                       "|(?<![a-z0-9+.\\-:/])//[a-z0-9\\-]+(\\.[a-z0-9\\-]+)+(:[0-9]+)?",
                       G_REGEX_CASELESS, 0, &error);
  g_assert_no_error (error);
  rewritten = g_regex_replace_literal (regex, page, -1, 0, base, 0, &error);
  g_assert_no_error (error);
  return rewritten;
}

/* Stores @article as the saver does (a row first, then the article with its images, here the
 * canary) and adds it to the pages to show.
 */
static void
add_page (LecternArticleStore *library,
          const char          *name,
          gboolean             sanitized,
          LecternArticle      *article,
          GBytes              *canary_png)
{
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (
      (GDestroyNotify)lectern_stored_image_free);
  g_autoptr (GError) error = NULL;
  Page *page = g_new0 (Page, 1);

  page->name = g_strdup (name);
  page->sanitized = sanitized;
  page->id = lectern_article_store_add_pending (library, lectern_article_get_url (article),
                                                lectern_article_get_url (article), &error);
  g_assert_no_error (error);
  g_ptr_array_add (images, lectern_stored_image_new (corpus.canary, "image/png", canary_png));
  lectern_article_store_finish_save (library, page->id, article, images, &error);
  g_assert_no_error (error);
  g_ptr_array_add (corpus.pages, page);
}

static GBytes *
canary_png_new (void)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3, 2);
  g_autofree char *buffer = NULL;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x2ec27eff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  corpus.canary = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)buffer, size);
  return g_bytes_new (buffer, size);
}

/* The stored image that may load, first in the body so that no markup of the page can
 * swallow it.
 */
static char *
with_canary (const char *body)
{
  return g_strdup_printf ("<p><img id=\"lectern-canary\" src=\"lectern://image/%s\" "
                          "alt=\"canary\"></p>%s", corpus.canary, body ? body : "");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static void
corpus_setup (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autoptr (LecternArticleStore) library = NULL;
  g_autoptr (GBytes) canary_png = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *clobbering_url = NULL;
  g_autofree char *clobbering_body = NULL;
  g_autoptr (LecternArticle) clobbering = NULL;
  const char *name;

  corpus.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (corpus.server, NULL, log_handler, NULL, NULL);
  g_signal_connect (corpus.server, "request-started", G_CALLBACK (request_started_cb), NULL);
  soup_server_listen_local (corpus.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (corpus.server);
  corpus.base = g_uri_to_string (uris->data);
  g_assert_true (g_str_has_suffix (corpus.base, "/"));
  corpus.requests = g_ptr_array_new_with_free_func (g_free);
  corpus.pages = g_ptr_array_new_with_free_func ((GDestroyNotify)page_free);

  lectern_test_ui_reset_library ();
  library = lectern_test_ui_open_library ();
  canary_png = canary_png_new ();

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++) {
    const char *page_name = ((char **)names->pdata)[i];
    g_autofree char *path = g_build_filename ("hostile", page_name, NULL);
    gsize length = 0;
    g_autofree char *bytes = lectern_test_read_data (path, &length);
    /* Some pages come in other encodings, or with bytes UTF-8 does not allow: decoded as
     * Lectern decodes a page, then served as UTF-8, their addresses can be rewritten.
     */
    g_autofree char *text = lectern_decode_html (bytes, length, NULL, NULL, NULL);
    g_autofree char *hostile = rewrite_hosts (text);
    g_autofree char *page_html = g_strconcat (SENTINEL, hostile, NULL);
    g_autofree char *url = g_strdup_printf ("%shostile/%s", corpus.base, page_name);
    g_autofree char *raw_url = g_strdup_printf ("%sraw/%s", corpus.base, page_name);
    g_autofree char *raw_body = with_canary (page_html);
    g_autoptr (LecternArticle) saved = NULL;
    g_autoptr (LecternArticle) raw = NULL;
    g_autoptr (GError) extract_error = NULL;

    /* As saved: the extractor cleans the page with the sanitizer. */
    saved = lectern_extract (page_html, strlen (page_html), "utf-8", url, &extract_error);
    if (saved) {
      g_autofree char *body = with_canary (lectern_article_get_body_html (saved));
      g_autofree char *title = g_strdup_printf ("Saved %s", page_name);

      lectern_article_set_body_html (saved, body);
      lectern_article_set_title (saved, title);
      lectern_article_set_url (saved, url);
      lectern_article_set_save_state (saved, LECTERN_SAVE_STATE_SAVED);
      add_page (library, page_name, TRUE, saved, canary_png);
    } else {
      /* A page with no article in it is not saved at all; it is still shown raw. */
      g_test_message ("%s has no article: %s", page_name, extract_error->message);
    }

    /* As it came. */
    raw = lectern_test_article_new (page_name, raw_url, raw_body);
    add_page (library, page_name, FALSE, raw, canary_png);
  }

  /* And the test's own page, as it came. */
  clobbering_url = g_strdup_printf ("%sraw/" CLOBBERING_NAME, corpus.base);
  clobbering_body = with_canary (clobbering_page);
  clobbering = lectern_test_article_new (CLOBBERING_NAME, clobbering_url, clobbering_body);
  add_page (library, CLOBBERING_NAME, FALSE, clobbering, canary_png);

  lectern_article_store_close (library);
}

static void
corpus_teardown (void)
{
  soup_server_disconnect (corpus.server);
  g_clear_object (&corpus.server);
  g_clear_pointer (&corpus.base, g_free);
  g_clear_pointer (&corpus.requests, g_ptr_array_unref);
  g_clear_pointer (&corpus.pages, g_ptr_array_unref);
  g_clear_pointer (&corpus.canary, g_free);
  memset (&corpus, 0, sizeof corpus);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_STARTED)
    corpus.loads_started++;
}

static gboolean
script_dialog_cb (WebKitWebView      *web_view,
                  WebKitScriptDialog *dialog,
                  gpointer            user_data)
{
  g_test_message ("a page script opened a dialog: %s",
                  webkit_script_dialog_get_message (dialog));
  corpus.dialogs++;
  return TRUE;
}

static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           gpointer                           user_data)
{
  corpus.terminated = TRUE;
}

static gboolean
activate_link_cb (LecternReaderView *reader,
                  const char        *uri,
                  gpointer           user_data)
{
  g_test_message ("the reader opened %s", uri);
  corpus.links_opened++;
  return TRUE;
}

/* Whether every image of the page is complete, loaded or refused, and the stored canary
 * has loaded. An image the page wants loaded lazily is asked for now, so that it too has
 * its chance.
 */
static gboolean
images_settled (WebKitWebView *web_view)
{
  return lectern_test_ui_eval_number (
    web_view,
    "(() => {"
    "  const images = Array.from (Document.prototype.querySelectorAll.call (document, 'img'));"
    "  for (const image of images)"
    "    if (image.loading == 'lazy')"
    "      image.loading = 'eager';"
    "  const canary = Document.prototype.getElementById.call (document, 'lectern-canary');"
    "  return images.every (i => i.complete) && canary && canary.naturalWidth == 3;"
    "}) ()") != 0;
}

/* The tests' scripts reach the document through its prototype: a page can name an element
 * "getElementById" or "documentElement" and hide the document's own.
 */
#define ROOT \
  "Object.getOwnPropertyDescriptor (Document.prototype, 'documentElement').get.call (document)"

static void
show_page (LecternWindow *window,
           Page          *page)
{
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (page->id);
  g_autofree char *title = NULL;
  g_autofree char *ran = NULL;
  g_autofree char *expected_title = page->sanitized ? g_strdup_printf ("Saved %s", page->name)
                                                    : g_strdup (page->name);

  g_test_message ("%s, %s", page->name, page->sanitized ? "as saved" : "as it came");
  corpus.loads_started = 0;

  /* Fails at once should the load fail or the web process end. */
  lectern_window_show_article (window, page->id);
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (images_settled (web_view));

  /* Everything had its chance: nothing reached the server, nothing ran. */
  g_assert_cmpuint (corpus.requests->len, ==, 0);
  g_assert_cmpuint (corpus.connections, ==, 0);
  g_assert_cmpuint (corpus.dialogs, ==, 0);
  g_assert_cmpuint (corpus.links_opened, ==, 0);
  ran = lectern_test_ui_eval (web_view, "String (" ROOT ".getAttribute ('data-lectern-ran'))");
  g_assert_cmpstr (ran, ==, "null");

  /* The view is still on the article, in one load, and its process lives. */
  title = lectern_test_ui_eval (web_view, "Document.prototype.querySelector.call (document, "
                                          "'.lectern-title').textContent");
  g_assert_cmpstr (title, ==, expected_title);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);
  g_assert_cmpuint (corpus.loads_started, ==, 1);
  g_assert_false (corpus.terminated);

  /* The reader's own script works on the page: it hears the reader scroll to the end. */
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));
  lectern_test_ui_eval (web_view,
                        "(() => {"
                        "  const spacer = Document.prototype.createElement.call (document, 'div');"
                        "  spacer.style.height = '4000px';"
                        "  " ROOT ".appendChild (spacer);"
                        "  window.scrollTo (0, 1e7);"
                        "  return '';"
                        "}) ()");
  lectern_test_wait_until (lectern_reader_view_get_progress (reader) == 1.0);
  g_assert_cmpuint (corpus.requests->len, ==, 0);
}

static void
hostile_corpus (LecternApplication *app,
                gpointer            data)
{
  LecternWindow *window = lectern_window_new (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  g_signal_connect (web_view, "script-dialog", G_CALLBACK (script_dialog_cb), NULL);
  g_signal_connect (web_view, "web-process-terminated",
                    G_CALLBACK (web_process_terminated_cb), NULL);
  g_signal_connect (reader, "activate-link", G_CALLBACK (activate_link_cb), NULL);
  /* Scrolling to the end marks an article read, and the Unread list would then let it go. */
  g_settings_set_boolean (lectern_application_get_settings (app), "mark-read-at-end", FALSE);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  for (guint i = 0; i < corpus.pages->len; i++)
    show_page (window, g_ptr_array_index (corpus.pages, i));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_hostile_corpus (void)
{
  corpus_setup ();
  lectern_test_ui_run (hostile_corpus, NULL);

  /* Nothing came late either, after the last page. */
  g_assert_cmpuint (corpus.requests->len, ==, 0);
  g_assert_cmpuint (corpus.connections, ==, 0);
  corpus_teardown ();
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/hostile/corpus", test_hostile_corpus);

  return g_test_run ();
}
