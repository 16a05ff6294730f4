/* test-command-line.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-application.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"

#include <libsoup/soup.h>

/* These tests run the installed-to-be `lectern` program itself, as a script or a browser
 * handler would, against pages served from this process.
 */

static const char seed_title[] = "DeepSeek 的“修炼”之路,还要闯几关?";

static void
file_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char *root = user_data;
  g_autofree char *file = g_build_filename (root, path, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (strstr (path, "..") || !g_file_get_contents (file, &contents, &length, NULL)) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg,
                                    g_str_has_suffix (path, ".html") ? "text/html; charset=utf-8"
                                    : g_str_has_suffix (path, ".png") ? "image/png"
                                    : "image/jpeg",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&contents), length);
}

static SoupServer *
serve_seed_site (char **base)
{
  char *root = g_test_build_filename (G_TEST_DIST, "data", "seed-site", NULL);
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);

  soup_server_add_handler (server, NULL, file_handler, root, g_free);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *base = g_uri_to_string (uris->data);
  return server;
}

typedef struct {
  char     *stdout_text;
  gboolean  done;
  int       status;
} Run;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->stdout_text, NULL,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

/* Runs lectern to its end while this process goes on serving pages. */
static Run
run_lectern (const char * const *arguments)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  Run run = { 0, };

  g_ptr_array_add (argv, (char *)g_getenv ("LECTERN_BIN"));
  for (guint i = 0; arguments[i]; i++)
    g_ptr_array_add (argv, (char *)arguments[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  lectern_test_wait_until (run.done);
  return run;
}

static void
test_save_headless (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = serve_seed_site (&base);
  g_autofree char *url = g_strconcat (base, "post/518.html", NULL);
  const char *arguments[] = { "--save", url, "javascript:alert(1)", NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_auto (GStrv) lines = NULL;
  Run run;

  lectern_test_ui_reset_library ();
  run = run_lectern (arguments);

  /* One line per link, in order: the title, or why it failed; non-zero when any failed. */
  lines = g_strsplit (run.stdout_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, seed_title);
  g_assert_true (g_str_has_prefix (lines[1], "javascript:alert(1): "));
  g_assert_nonnull (strstr (lines[1], "http"));
  g_assert_cmpint (run.status, ==, 1);
  g_free (run.stdout_text);

  store = lectern_test_ui_open_library ();
  articles = lectern_article_store_list (store, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, NULL);
  g_assert_cmpuint (articles->len, ==, 1);
  article = lectern_article_store_get (store,
                                       lectern_article_get_id (g_ptr_array_index (articles, 0)),
                                       NULL);
  g_assert_cmpstr (lectern_article_get_title (article), ==, seed_title);
  g_assert_nonnull (strstr (lectern_article_get_body_html (article), "lectern://image/"));
  lectern_article_store_close (store);

  /* Saving it again is no failure, and makes no second copy. */
  {
    const char *again[] = { "--save", url, NULL };

    run = run_lectern (again);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.stdout_text, "already saved"));
    g_free (run.stdout_text);
  }
  store = lectern_test_ui_open_library ();
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL), ==, 1);
  lectern_article_store_close (store);
}

static void
test_forward_to_running_instance (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = serve_seed_site (&base);
  g_autofree char *url = g_strconcat (base, "post/518.html", NULL);
  const char *forward[] = { url, NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GSubprocess) primary = NULL;
  g_autoptr (GError) error = NULL;
  gboolean saved = FALSE;
  Run run;

  lectern_test_ui_reset_library ();
  primary = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("LECTERN_BIN"), NULL);
  g_assert_no_error (error);
  lectern_test_ui_wait_ms (3000);

  /* The second launch hands the link to the first and ends at once. */
  run = run_lectern (forward);
  g_assert_cmpint (run.status, ==, 0);
  g_free (run.stdout_text);

  store = lectern_test_ui_open_library ();
  for (guint tries = 0; tries < 300 && !saved; tries++) {
    g_autoptr (GPtrArray) articles = lectern_article_store_list (store, LECTERN_FILTER_ALL,
                                                                 LECTERN_SORT_NEWEST, NULL);

    saved = articles->len == 1 &&
            lectern_article_get_save_state (g_ptr_array_index (articles, 0)) ==
              LECTERN_SAVE_STATE_SAVED;
    if (!saved)
      lectern_test_ui_wait_ms (100);
  }
  g_assert_true (saved);
  lectern_article_store_close (store);

  /* The first instance did the saving and is still running. */
  g_assert_nonnull (g_subprocess_get_identifier (primary));
  g_subprocess_force_exit (primary);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/command-line/save", test_save_headless);
  g_test_add_func ("/ui/command-line/forward", test_forward_to_running_instance);

  return g_test_run ();
}
