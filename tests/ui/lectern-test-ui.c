/* lectern-test-ui.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"

#include "lectern-fetcher.h"
#include "lectern-reader-view.h"
#include "lectern-saver.h"
#include "lectern-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

static char *data_home;

/**
 * lectern_test_ui_init:
 *
 * Initialises GTK for a test program, with a library of its own in a temporary data folder.
 *
 * Returns: %FALSE when there is no display, after printing a TAP plan that skips everything
 */
gboolean
lectern_test_ui_init (int    *argc,
                      char ***argv)
{
  data_home = lectern_test_make_tmpdir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* meson's malloc checks are for this process, which glibc set up with them before main ().
   * WebKit's web and network processes inherit the environment, and under a perturbed
   * malloc they now and then cannot hand back a script's result, crash or hang on a heavy
   * page (about one run of the hostile pages in three): those are WebKit's processes, not
   * Lectern's, so they run with the malloc users have.
   */
  g_unsetenv ("MALLOC_PERTURB_");
  g_unsetenv ("MALLOC_CHECK_");

  if (!g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY")) {
    g_print ("1..0 # SKIP no display\n");
    return FALSE;
  }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return TRUE;
}

/**
 * lectern_test_ui_use_language:
 * @language: (nullable): a language with a catalogue in po/, such as "zh_CN"; %NULL for the
 *   tests' own C.UTF-8
 *
 * Switches this process to @language as a session in it would have it: its UTF-8 locale and
 * Lectern's catalogues, built in the build directory (LECTERN_LOCALEDIR). A locale the system
 * lacks is made with localedef from the locales package's sources, which ./run installs
 * (build-aux/debian-packages.txt), in the test's own folder.
 */
void
lectern_test_ui_use_language (const char *language)
{
  const char *localedir = g_getenv ("LECTERN_LOCALEDIR");
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *made = NULL;

  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!language) {
    g_unsetenv ("LANGUAGE");
    g_unsetenv ("LOCPATH");
    g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
    return;
  }

  name = g_strconcat (language, ".UTF-8", NULL);
  g_setenv ("LANGUAGE", language, TRUE);
  if (setlocale (LC_ALL, name))
    return;

  dir = g_build_filename (data_home, "locale", NULL);
  made = g_build_filename (dir, name, NULL);
  if (!g_file_test (made, G_FILE_TEST_IS_DIR)) {
    const char *argv[] = { "localedef", "-c", "-i", language, "-f", "UTF-8", made, NULL };

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    /* localedef -c says it made the locale despite warnings with a status of 1. */
    g_spawn_sync (NULL, (char **)argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_setenv ("LOCPATH", dir, TRUE);
  if (!setlocale (LC_ALL, name))
    g_error ("There is no %s locale and localedef could not make one: install the locales "
             "package (./run installs build-aux/debian-packages.txt)", name);
}

/**
 * lectern_test_ui_reset_library:
 *
 * Removes the test's library, so the next application starts with an empty one.
 */
void
lectern_test_ui_reset_library (void)
{
  g_autofree char *dir = g_build_filename (data_home, "lectern", NULL);

  lectern_test_rm_rf (dir);
}

/**
 * lectern_test_ui_open_library:
 *
 * Returns: (transfer full): the store over the library the application will open
 */
LecternArticleStore *
lectern_test_ui_open_library (void)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;
  LecternArticleStore *store;

  g_mkdir_with_parents (dir, 0700);
  store = lectern_article_store_new (path, &error);
  g_assert_no_error (error);
  return store;
}

typedef struct {
  LecternTestUiFunc func;
  gpointer          data;
} RunData;

static void
run_activate_cb (LecternApplication *app,
                 RunData            *run)
{
  GList *windows;

  run->func (app, run->data);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));

  /* The class handler would open the usual window: the test has done its part instead. */
  g_signal_stop_emission_by_name (app, "activate");
}

/**
 * lectern_test_ui_run:
 * @func: the body of the test
 * @data: passed to @func
 *
 * Runs a new application as Lectern does, with g_application_run(): start-up, then @func in
 * place of the usual activation, then shutdown (which purges deleted articles and closes the
 * library). The application is finalized before this returns.
 */
void
lectern_test_ui_run (LecternTestUiFunc func,
                     gpointer          data)
{
  LecternApplication *app = lectern_application_new ();
  RunData run = { func, data };
  char *argv[] = { (char *)"lectern-test", NULL };
  int status;

  /* Tests run one application after another in the same process. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (run_activate_cb), &run);
  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_finalize_object (app);
}

typedef struct {
  const char *uri;
  gboolean    finished;
  char       *failure;
  guint       crashes;
} LoadWait;

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 LoadWait        *wait)
{
  /* A load that another one replaced finishes too, while the view loads the other: only
   * the last load counts.
   */
  if (event == WEBKIT_LOAD_FINISHED && !webkit_web_view_is_loading (web_view) &&
      (!wait->uri || g_strcmp0 (webkit_web_view_get_uri (web_view), wait->uri) == 0))
    wait->finished = TRUE;
}

static gboolean
load_failed_cb (WebKitWebView   *web_view,
                WebKitLoadEvent  event,
                const char      *failing_uri,
                GError          *error,
                LoadWait        *wait)
{
  /* A load that another one replaced is not a failure of the page waited for: it fails,
   * cancelled or interrupted, while the view is already loading the next one (which may
   * be the same URI again).
   */
  if (webkit_web_view_is_loading (web_view) ||
      g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
    return FALSE;
  if (wait->uri && g_strcmp0 (failing_uri, wait->uri) != 0)
    return FALSE;

  g_free (wait->failure);
  wait->failure = g_strdup_printf ("loading %s failed: %s", failing_uri, error->message);
  return FALSE;
}

static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           LoadWait                          *wait)
{
  const char *why = "it was ended";
  GtkWidget *reader = gtk_widget_get_ancestor (GTK_WIDGET (web_view), LECTERN_TYPE_READER_VIEW);

  /* A reader loads its article again after a crash (test-reader checks that it does): the
   * load waited for is that one. Only a second crash fails the test.
   */
  if (reason == WEBKIT_WEB_PROCESS_CRASHED && reader &&
      lectern_reader_view_get_article_id (LECTERN_READER_VIEW (reader)) > 0 &&
      wait->crashes++ == 0) {
    g_test_message ("the web process of the reader crashed while loading %s; it loads again",
                    wait->uri ? wait->uri : webkit_web_view_get_uri (web_view));
    return;
  }

  if (reason == WEBKIT_WEB_PROCESS_CRASHED)
    why = "it crashed";
  else if (reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT)
    why = "it used too much memory";

  g_free (wait->failure);
  wait->failure = g_strdup_printf ("the web process of the reader ended while loading %s: %s",
                                   wait->uri ? wait->uri : webkit_web_view_get_uri (web_view),
                                   why);
}

/**
 * lectern_test_ui_wait_load:
 * @uri: (nullable): the URI expected, or %NULL for the one loading now
 *
 * Waits until @web_view has finished loading @uri. When @uri already finished loading and
 * nothing else loads, returns at once. The test fails at once, with the reason, when the load
 * fails or the web process ends, except for a reader's first crash: the reader loads its
 * article again, and that load is waited for.
 */
void
lectern_test_ui_wait_load (WebKitWebView *web_view,
                           const char    *uri)
{
  LoadWait wait = { uri, FALSE, NULL, 0 };
  gulong changed_id, failed_id, terminated_id;

  changed_id = g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), &wait);
  failed_id = g_signal_connect (web_view, "load-failed", G_CALLBACK (load_failed_cb), &wait);
  terminated_id = g_signal_connect (web_view, "web-process-terminated",
                                    G_CALLBACK (web_process_terminated_cb), &wait);

  /* webkit_web_view_load_uri() makes the view loading at once, so a view that is not loading
   * has finished whatever it was asked to show.
   */
  if (!webkit_web_view_is_loading (web_view) &&
      (uri ? g_strcmp0 (webkit_web_view_get_uri (web_view), uri) == 0
           : g_strcmp0 (webkit_web_view_get_uri (web_view), "about:blank") != 0))
    wait.finished = TRUE;

  lectern_test_wait_until (wait.finished || wait.failure);

  g_signal_handler_disconnect (web_view, changed_id);
  g_signal_handler_disconnect (web_view, failed_id);
  g_signal_handler_disconnect (web_view, terminated_id);
  if (wait.failure)
    g_error ("%s", wait.failure);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/**
 * lectern_test_ui_flush:
 * @widget: a widget in a window that was presented
 *
 * Waits until @widget's window is mapped and has drawn a frame, then until the display
 * server has handled every request: what a test looks at next is on the screen.
 */
void
lectern_test_ui_flush (GtkWidget *widget)
{
  GdkFrameClock *frame_clock;
  gboolean painted = FALSE;
  gulong id;

  lectern_test_wait_until (gtk_widget_get_mapped (widget));

  frame_clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (frame_clock);
  id = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  lectern_test_wait_until (painted);
  g_signal_handler_disconnect (frame_clock, id);

  gdk_display_sync (gtk_widget_get_display (widget));
}

typedef struct {
  JSCValue *value;
  GError   *error;
  gboolean  done;
} EvalResult;

static void
eval_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  EvalResult *eval = user_data;

  eval->value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result,
                                                            &eval->error);
  eval->done = TRUE;
}

static JSCValue *
eval_value (WebKitWebView *web_view,
            const char    *script)
{
  EvalResult eval = { 0, };

  for (guint attempt = 0; ; attempt++) {
    /* Tests look at the page from an isolated world, as Lectern's own script does. */
    webkit_web_view_evaluate_javascript (web_view, script, -1, "lectern-test", NULL, NULL,
                                         eval_done_cb, &eval);
    lectern_test_wait_until (eval.done);

    /* Now and then WebKit cannot hand back the result of a script in a world it has just
     * made for a new document, several times in a row on a busy machine. Asking again once
     * no load is under way and the view has drawn another frame runs the script there.
     */
    if (attempt < 20 && g_error_matches (eval.error, WEBKIT_JAVASCRIPT_ERROR,
                                         WEBKIT_JAVASCRIPT_ERROR_INVALID_RESULT)) {
      g_test_message ("Running “%s” again: %s", script, eval.error->message);
      g_clear_error (&eval.error);
      g_clear_object (&eval.value);
      eval.done = FALSE;
      lectern_test_wait_until (!webkit_web_view_is_loading (web_view));
      lectern_test_ui_flush (GTK_WIDGET (web_view));
      continue;
    }
    break;
  }
  g_assert_no_error (eval.error);
  return eval.value;
}

/**
 * lectern_test_ui_eval_boolean:
 *
 * Returns: whether @script, run in the page, gives a true value
 */
gboolean
lectern_test_ui_eval_boolean (WebKitWebView *web_view,
                              const char    *script)
{
  g_autoptr (JSCValue) value = eval_value (web_view, script);

  return jsc_value_to_boolean (value);
}

static void
painted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EvalResult *eval = user_data;

  eval->value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source),
                                                                       result, &eval->error);
  eval->done = TRUE;
}

/**
 * lectern_test_ui_wait_painted:
 *
 * Waits until the page in @web_view has been laid out and painted as it is now (it has
 * begun two frames since), then until the window has drawn a frame.
 */
void
lectern_test_ui_wait_painted (WebKitWebView *web_view)
{
  EvalResult eval = { 0, };

  webkit_web_view_call_async_javascript_function (web_view,
                                                  "await new Promise (done => "
                                                  "requestAnimationFrame (() => "
                                                  "requestAnimationFrame (done))); return 0;",
                                                  -1, NULL, "lectern-test", NULL, NULL,
                                                  painted_cb, &eval);
  lectern_test_wait_until (eval.done);
  g_assert_no_error (eval.error);
  g_clear_object (&eval.value);
  lectern_test_ui_flush (GTK_WIDGET (web_view));
}

/**
 * lectern_test_ui_eval:
 *
 * Returns: (transfer full): the value of @script in the page, as a string
 */
char *
lectern_test_ui_eval (WebKitWebView *web_view,
                      const char    *script)
{
  g_autoptr (JSCValue) value = eval_value (web_view, script);

  return jsc_value_to_string (value);
}

double
lectern_test_ui_eval_number (WebKitWebView *web_view,
                             const char    *script)
{
  g_autoptr (JSCValue) value = eval_value (web_view, script);

  return jsc_value_to_double (value);
}

/**
 * lectern_test_ui_settle:
 *
 * Waits until every queued write of @store is done and its signals have been handled.
 */
void
lectern_test_ui_settle (LecternArticleStore *store)
{
  /* Sources that are ready may queue writes (the purge after an Undo toast does), and
   * finished writes emit their signals from the main context: go on until neither is left.
   */
  do {
    while (g_main_context_iteration (NULL, FALSE))
      ;
    lectern_article_store_flush (store);
  } while (g_main_context_pending (NULL));
}

/**
 * lectern_test_ui_screenshot:
 * @path: where to write the PNG
 *
 * Renders @widget, as it shows now, into a PNG file.
 */
void
lectern_test_ui_screenshot (GtkWidget  *widget,
                            const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/**
 * lectern_test_ui_seed_article_new:
 *
 * Returns: (transfer full): the Chinese seed article, as the save pipeline stores it
 */
LecternArticle *
lectern_test_ui_seed_article_new (void)
{
  g_autofree char *text = lectern_test_read_data ("seed-article.txt", NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *body = g_string_new (NULL);
  GString *plain = g_string_new (NULL);
  LecternArticle *article;
  gboolean in_body = FALSE;
  guint chars = 0;

  /* The article runs from the byline to its closing sentence; the page around it (the
   * breadcrumb, the view counter, related articles) is what the extractor leaves out.
   */
  for (guint i = 0; lines[i]; i++) {
    g_autofree char *escaped = NULL;
    const char *line = g_strstrip (lines[i]);

    if (*line == '\0')
      continue;
    if (!in_body) {
      in_body = g_str_has_prefix (line, "半月谈记者");
      continue;
    }

    escaped = g_markup_escape_text (line, -1);
    if (g_utf8_strlen (line, -1) < 16 && !strstr (line, "。"))
      g_string_append_printf (body, "<h2>%s</h2>\n", escaped);
    else
      g_string_append_printf (body, "<p>%s</p>\n", escaped);
    g_string_append_printf (plain, "%s\n\n", line);
    chars += g_utf8_strlen (line, -1);

    if (g_str_has_suffix (line, "也许就会到来。"))
      break;
  }

  article = lectern_article_new ();
  lectern_article_set_url (article, "https://www.deepseek.org.cn/post/518.html");
  lectern_article_set_canonical_url (article, "https://www.deepseek.org.cn/post/518.html");
  lectern_article_set_title (article, "DeepSeek 的“修炼”之路,还要闯几关?");
  lectern_article_set_byline (article, "半月谈记者 张漫子");
  lectern_article_set_site_name (article, "DeepSeek技术交流");
  lectern_article_set_language (article, "zh-CN");
  lectern_article_set_excerpt (article, "以小博大、逆袭吊打,曾是修仙爽文、微短剧里让人上头却略显"
                                        "荒诞的剧情,而今,DeepSeek(深度求索)让它在真实世界里发生了。");
  lectern_article_set_published_at (article, (gint64) 1742342400 * G_USEC_PER_SEC);
  lectern_article_set_body_html (article, body->str);
  lectern_article_set_plain_text (article, plain->str);
  lectern_article_set_char_count (article, chars);
  lectern_article_set_word_count (article, chars);
  lectern_article_set_reading_minutes (article, MAX (1, chars / 400));
  lectern_article_set_save_state (article, LECTERN_SAVE_STATE_SAVED);

  g_string_free (body, TRUE);
  g_string_free (plain, TRUE);
  return article;
}

static const char *
site_type_for_path (const char *path)
{
  if (g_str_has_suffix (path, ".html"))
    return "text/html; charset=utf-8";
  if (g_str_has_suffix (path, ".png"))
    return "image/png";
  if (g_str_has_suffix (path, ".jpg") || g_str_has_suffix (path, ".jpeg"))
    return "image/jpeg";
  if (g_str_has_suffix (path, ".gif"))
    return "image/gif";
  if (g_str_has_suffix (path, ".css"))
    return "text/css";
  return "application/octet-stream";
}

/* Serves the files under the site folder, as a static web server would. */
static void
site_server_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const char *site = user_data;
  g_autofree char *file = g_build_filename (site, path, NULL);
  char *contents = NULL;
  gsize length;

  if (strstr (path, "..") || !g_file_get_contents (file, &contents, &length, NULL)) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                      "<h1>Not found</h1>", 18);
    return;
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, site_type_for_path (path), SOUP_MEMORY_TAKE,
                                    contents, length);
}

typedef struct {
  gint64 id;
  GError *error;
  gboolean done;
} SaveOutcome;

static void
save_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveOutcome *outcome = user_data;

  outcome->id = lectern_saver_save_finish (LECTERN_SAVER (object), result, NULL,
                                           &outcome->error);
  outcome->done = TRUE;
}

/**
 * lectern_test_ui_save_page:
 * @store: the library to save into
 * @site_dir: a folder of tests/data, served as a web site
 * @path: the page's path on that site, such as `/post/518.html`
 *
 * Saves a page the way the app does: a web server on 127.0.0.1 serves @site_dir, and the
 * page and its images go through the fetcher, the extractor and the store. Nothing about
 * the article is set by hand.
 *
 * Returns: the saved article's id
 */
gint64
lectern_test_ui_save_page (LecternArticleStore *store,
                           const char          *site_dir,
                           const char          *path)
{
  g_autofree char *site = g_test_build_filename (G_TEST_DIST, "data", site_dir, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (LecternFetcher) fetcher = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  SaveOutcome outcome = { 0, };

  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), 0);
  g_return_val_if_fail (path && *path == '/', 0);

  soup_server_add_handler (server, NULL, site_server_cb, site, NULL);
  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_strdup_printf ("http://127.0.0.1:%d%s", g_uri_get_port (uris->data), path);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fetcher = lectern_fetcher_new ();
  lectern_fetcher_set_timeout (fetcher, 10);
  saver = lectern_saver_new (store, fetcher);
  lectern_saver_save_url_async (saver, url, NULL, save_page_cb, &outcome);
  lectern_test_wait_until (outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (outcome.id, >, 0);

  /* Callbacks GTask put off to an idle hold the saver until they have run. */
  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (server);
  return outcome.id;
}
