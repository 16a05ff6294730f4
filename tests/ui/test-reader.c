/* test-reader.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window.h"

#include <libsoup/soup.h>

/* The reader's own defences, behind the sanitizer: these bodies are written into the library
 * directly, as if the sanitizer had missed something. Nothing in them may run, load from
 * the network, or take the view away from the article.
 */

typedef struct {
  SoupServer *server;
  char       *base;
  guint       requests;
  gint64      id;
} Hostile;

static void
count_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Hostile *hostile = user_data;

  hostile->requests++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "x", 1);
}

static void
hostile_reader (LecternApplication *app,
                gpointer            data)
{
  Hostile *hostile = data;
  LecternWindow *window = lectern_window_new (app);
  WebKitWebView *web_view;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *script = NULL;
  double width;

  gtk_window_present (GTK_WINDOW (window));
  lectern_window_show_article (window, hostile->id);
  web_view = lectern_reader_view_get_web_view (lectern_window_get_reader_view (window));
  lectern_test_ui_wait_load (web_view, NULL);
  lectern_test_ui_wait_ms (1000);
  uri = g_strdup (webkit_web_view_get_uri (web_view));

  /* No script of the page ran: not inline, not a handler, not a javascript: URL. */
  title = lectern_test_ui_eval (web_view, "document.title");
  g_assert_cmpstr (title, ==, "A hostile page");
  marks = lectern_test_ui_eval (web_view, "JSON.stringify (document.body.dataset)");
  g_assert_cmpstr (marks, ==, "{}");

  /* Nothing was fetched from the network, and an image added later cannot be either. */
  script = g_strdup_printf ("var i = document.createElement ('img');"
                            "i.src = '%spixel.png'; document.body.appendChild (i); ''",
                            hostile->base);
  lectern_test_ui_eval (web_view, script);
  lectern_test_ui_wait_ms (1000);
  width = lectern_test_ui_eval_number (web_view,
                                       "document.images[document.images.length - 1].naturalWidth");
  g_assert_cmpfloat (width, ==, 0);
  g_assert_cmpuint (hostile->requests, ==, 0);

  /* A link goes to the browser, never into the view. */
  lectern_test_ui_eval (web_view, "document.getElementById ('out').click (); ''");
  lectern_test_ui_wait_ms (500);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);
  g_assert_cmpuint (hostile->requests, ==, 0);
}

static void
test_hostile_body (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *body = NULL;
  Hostile hostile = { 0, };

  hostile.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hostile.server, NULL, count_handler, &hostile, NULL);
  soup_server_listen_local (hostile.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile.server);
  hostile.base = g_uri_to_string (uris->data);

  body = g_strdup_printf ("<p>Words.</p>"
                          "<script>document.title = 'ran'; document.body.dataset.script = 1</script>"
                          "<img src=\"%simage.png\" onerror=\"document.body.dataset.onerror = 1\">"
                          "<iframe src=\"%sframe.html\"></iframe>"
                          "<link rel=\"stylesheet\" href=\"%sstyle.css\">"
                          "<div style=\"background: url(%sbackground.png)\">styled</div>"
                          "<svg onload=\"document.body.dataset.svg = 1\"></svg>"
                          "<a href=\"javascript:document.body.dataset.link = 1\">js</a>"
                          "<a id=\"out\" href=\"%spage.html\">out</a>"
                          "<meta http-equiv=\"refresh\" content=\"0; url=%srefresh.html\">",
                          hostile.base, hostile.base, hostile.base, hostile.base, hostile.base,
                          hostile.base);

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  article = lectern_test_article_new ("A hostile page", "https://example.org/hostile", body);
  hostile.id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (hostile_reader, &hostile);

  soup_server_disconnect (hostile.server);
  g_clear_object (&hostile.server);
  g_free (hostile.base);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/reader/hostile-body", test_hostile_body);

  return g_test_run ();
}
