/* test-command-line.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-application.h"
#include "lectern-article-list.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-url.h"
#include "lectern-window-private.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

/* These tests run the installed-to-be `lectern` program itself, as a script, a browser
 * handler or a user at a terminal would, against pages served from this process. Each
 * checks what the person running it sees (the exit status, standard output and error) and
 * what ends up in the library.
 */

static const char seed_title[] = "DeepSeek 的“修炼”之路,还要闯几关?";

/* A title a hostile page could have: an escape sequence (which the HTML parser drops),
 * DEL, a C1 control (U+009B, the one-byte CSI of some terminals) and bidi controls
 * (U+202E, U+2066) that would reorder what the terminal shows.
 */
static const char hostile_title[] = "Red\x1b[31m del\x7f c1\xc2\x9b" "31m bidi\xe2\x80\xae"
                                    "evil\xe2\x81\xa6x";

/* The pages this process serves. */

typedef struct {
  SoupServer *server;
  char       *base;
  char       *seed_root;
  /* Every path asked for, in order, so a test can tell what Lectern fetched. */
  GPtrArray  *paths;
} Server;

static char *
article_page (const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  return g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>%s</title></head><body><nav><a href=\"/\">Home</a></nav>"
                          "<article><h1>%s</h1>" LECTERN_TEST_PARAGRAPHS "</article>"
                          "<footer>Footer</footer></body></html>",
                          escaped, escaped);
}

static void
server_handler (SoupServer        *soup_server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Server *server = user_data;
  g_autofree char *file = NULL;
  char *contents = NULL;
  gsize length;

  g_ptr_array_add (server->paths, g_strdup (path));

  if (g_str_has_prefix (path, "/article/")) {
    /* /article/NAME is an article titled "Article NAME". */
    g_autofree char *title = g_strconcat ("Article ", path + strlen ("/article/"), NULL);

    contents = article_page (title);
    length = strlen (contents);
  } else if (g_str_equal (path, "/hostile.html")) {
    contents = article_page (hostile_title);
    length = strlen (contents);
  } else {
    file = g_build_filename (server->seed_root, path, NULL);
    if (strstr (path, "..") || !g_file_get_contents (file, &contents, &length, NULL)) {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg,
                                    g_str_has_suffix (path, ".png") ? "image/png"
                                    : g_str_has_suffix (path, ".jpg") ? "image/jpeg"
                                    : "text/html; charset=utf-8",
                                    SOUP_MEMORY_TAKE, contents, length);
}

static Server *
server_new (void)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  server->seed_root = g_test_build_filename (G_TEST_DIST, "data", "seed-site", NULL);
  server->paths = g_ptr_array_new_with_free_func (g_free);
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, server_handler, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  server->base = g_uri_to_string (uris->data);
  return server;
}

static void
server_free (Server *server)
{
  soup_server_disconnect (server->server);
  g_assert_finalize_object (server->server);
  g_ptr_array_unref (server->paths);
  g_free (server->seed_root);
  g_free (server->base);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static char *
server_url (Server     *server,
            const char *path)
{
  return g_strconcat (server->base, path[0] == '/' ? path + 1 : path, NULL);
}

static gboolean
server_was_asked (Server     *server,
                  const char *path)
{
  for (guint i = 0; i < server->paths->len; i++)
    if (g_str_equal (g_ptr_array_index (server->paths, i), path))
      return TRUE;
  return FALSE;
}

/* Running lectern. */

typedef struct {
  char    *out;
  char    *err;
  char   **lines;
  int      status;
  gboolean done;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_strfreev (run->lines);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* What lectern writes must reach a terminal safely: valid UTF-8 with no control character
 * but the newlines that end lines and the tab between the fields of `--search` (a tab of
 * a title is escaped: see assert_fields ()), and nothing that reorders text.
 */
static char *
terminal_text (GBytes     *bytes,
               const char *what)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!g_utf8_validate_len (data, length, NULL))
    g_error ("lectern wrote text that is not UTF-8 to its %s: %.*s", what, (int)length, data);

  for (const char *p = data; p < data + length; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) ||
        (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      g_error ("lectern wrote the control character U+%04X to its %s: %.*s",
               c, what, (int)length, data);
  }

  return length > 0 ? g_strndup (data, length) : g_strdup ("");
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->out = terminal_text (out, "standard output");
  run->err = terminal_text (err, "standard error");
  run->lines = g_strsplit (run->out, "\n", -1);
  run->done = TRUE;
}

/* Runs lectern in @cwd (or here) with @arguments until it ends, while this process goes
 * on serving pages. @headless runs it with no display, as a script on a server would.
 */
static Run *
run_lectern_full (const char         *cwd,
                  gboolean            headless,
                  const char * const *arguments)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (char *)g_getenv ("LECTERN_BIN"));
  for (guint i = 0; arguments[i]; i++)
    g_ptr_array_add (argv, (char *)arguments[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (headless) {
    g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
    g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (process, NULL, NULL, communicate_cb, run);
  lectern_test_wait_until (run->done);
  return run;
}

static Run *
run_lectern (const char * const *arguments)
{
  return run_lectern_full (NULL, TRUE, arguments);
}

/* The lines lectern printed, without the empty one after the last newline. */
static guint
run_n_lines (Run *run)
{
  guint n = g_strv_length (run->lines);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpstr (run->lines[n - 1], ==, "");
  return n - 1;
}

/* The library, as another process sees it. */

static LecternArticle *
find_article (LecternArticleStore *store,
              const char          *url)
{
  g_autofree char *normalized = lectern_url_normalize (url, NULL);
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_nonnull (normalized);
  id = lectern_article_store_find_by_url (store, normalized, &error);
  g_assert_no_error (error);
  if (id <= 0)
    return NULL;
  return lectern_article_store_get_summary (store, id, NULL);
}

static gboolean
article_is_saved (LecternArticleStore *store,
                  const char          *url)
{
  g_autoptr (LecternArticle) article = find_article (store, url);

  return article && lectern_article_get_save_state (article) == LECTERN_SAVE_STATE_SAVED;
}

static gboolean
has_title (LecternArticleStore *store,
           const char          *title)
{
  g_autoptr (GPtrArray) articles = NULL;

  articles = lectern_article_store_list (store, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST, NULL);
  g_assert_nonnull (articles);
  for (guint i = 0; i < articles->len; i++)
    if (g_strcmp0 (lectern_article_get_title (g_ptr_array_index (articles, i)), title) == 0)
      return TRUE;
  return FALSE;
}

static guint
library_count (void)
{
  g_autoptr (LecternArticleStore) store = lectern_test_ui_open_library ();
  g_autoptr (GError) error = NULL;
  guint count;

  count = lectern_article_store_count (store, LECTERN_FILTER_ALL, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);
  return count;
}

/* Saving with no window. */

static void
test_save_headless (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "post/518.html");
  const char *arguments[] = { "--save", url, "javascript:alert(1)", NULL };
  const char *again[] = { "--save", url, NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) run_again = NULL;

  lectern_test_ui_reset_library ();
  run = run_lectern (arguments);

  /* One line per link, in order: the title, or why it failed; non-zero when any failed. */
  g_assert_cmpuint (run_n_lines (run), ==, 2);
  g_assert_cmpstr (run->lines[0], ==, seed_title);
  g_assert_true (g_str_has_prefix (run->lines[1], "javascript:alert(1): "));
  g_assert_nonnull (strstr (run->lines[1], "http"));
  g_assert_cmpint (run->status, ==, 1);

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
  run_again = run_lectern (again);
  g_assert_cmpint (run_again->status, ==, 0);
  g_assert_cmpuint (run_n_lines (run_again), ==, 1);
  g_assert_nonnull (strstr (run_again->lines[0], "already saved"));
  g_assert_cmpuint (library_count (), ==, 1);
}

/* Files and links mixed, files named relative to where lectern runs, and `--` before a
 * name that starts with a dash.
 */
static void
test_save_files (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "article/linked");
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *dash = g_build_filename (dir, "-dash.html", NULL);
  g_autofree char *other = g_build_filename (sub, "other.html", NULL);
  g_autofree char *dash_page = article_page ("The dash page");
  g_autofree char *other_page = article_page ("The other page");
  const char *arguments[] = { "--save", "sub/other.html", url, "--", "-dash.html", NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (Run) run = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dash, dash_page, -1, NULL));
  g_assert_true (g_file_set_contents (other, other_page, -1, NULL));

  lectern_test_ui_reset_library ();
  run = run_lectern_full (dir, TRUE, arguments);

  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpuint (run_n_lines (run), ==, 3);
  g_assert_cmpstr (run->lines[0], ==, "The other page");
  g_assert_cmpstr (run->lines[1], ==, "Article linked");
  g_assert_cmpstr (run->lines[2], ==, "The dash page");
  g_assert_cmpint (run->status, ==, 0);

  store = lectern_test_ui_open_library ();
  articles = lectern_article_store_list (store, LECTERN_FILTER_ALL, LECTERN_SORT_OLDEST, NULL);
  g_assert_cmpuint (articles->len, ==, 3);
  lectern_article_store_close (store);

  lectern_test_rm_rf (dir);
}

/* Output is escaped. */

static gboolean
has_raw_control (const char *line)
{
  return strchr (line, '\x1b') != NULL || strstr (line, "\xc2\x9b") != NULL ||
         strstr (line, "\xe2\x80\xae") != NULL;
}

static void
test_save_escapes_output (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *hostile = server_url (server, "hostile.html");
  g_autofree char *encoded = server_url (server, "missing/%1b%5b2J");
  g_autofree char *raw = server_url (server, "missing/\x1b[2J\x1b]0;title\x07");
  g_autofree char *not_utf8 = server_url (server, "missing/\xff\xfe");
  const char *arguments[] = {
    "--save", hostile, encoded, raw, "http://ex\x1b" "ample.\xc2\x9b" "com/", not_utf8, NULL
  };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (Run) run = NULL;

  lectern_test_ui_reset_library ();
  run = run_lectern (arguments);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (run_n_lines (run), ==, 5);

  /* run_lectern() fails the test on any raw control character; here is what shows
   * instead. The page's title: */
  g_assert_true (g_str_has_prefix (run->lines[0], "Red[31m del\\x7f c1\\u009b31m bidi\\u202e"
                                                  "evil\\u2066x"));
  /* A percent-encoded escape stays as it was typed. */
  g_assert_true (g_str_has_prefix (run->lines[1], encoded));
  /* Raw escapes in a link, in its host, and bytes that are not UTF-8: */
  g_assert_nonnull (strstr (run->lines[2], "missing/\\x1b[2J\\x1b]0;title\\x07"));
  g_assert_true (g_str_has_prefix (run->lines[3], "http://ex\\x1bample.\\u009bcom/: "));
  g_assert_nonnull (strstr (run->lines[4], "missing/\\xff\\xfe"));
  for (guint i = 0; i < 5; i++)
    g_assert_false (has_raw_control (run->lines[i]));

  /* Only the display is escaped: the library keeps the title as the page has it. */
  store = lectern_test_ui_open_library ();
  article = find_article (store, hostile);
  g_assert_nonnull (article);
  g_assert_nonnull (strstr (lectern_article_get_title (article), "\xc2\x9b" "31m"));
  lectern_article_store_close (store);
}

/* The pending rows of a save that was cut off. */

static void
test_save_resumes_pending (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *left = server_url (server, "article/left-behind");
  g_autofree char *normalized = lectern_url_normalize (left, NULL);
  g_autofree char *url = server_url (server, "article/new");
  const char *arguments[] = { "--save", url, NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Run) run = NULL;

  /* A save killed after it wrote its row and before the page came: the row is pending. */
  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  lectern_article_store_add_pending (store, left, normalized, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);
  g_clear_object (&store);

  run = run_lectern (arguments);

  /* The link asked for, then the one finished on the way, each with its line. */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run_n_lines (run), ==, 2);
  g_assert_cmpstr (run->lines[0], ==, "Article new");
  g_assert_true (g_str_has_prefix (run->lines[1], "Article left-behind ("));
  g_assert_cmpstr (run->err, ==, "");

  store = lectern_test_ui_open_library ();
  g_assert_true (article_is_saved (store, left));
  g_assert_true (article_is_saved (store, url));
  pending = lectern_article_store_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  lectern_article_store_close (store);
}

/* Options. */

static void
test_unknown_options (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "article/never");
  const struct {
    const char *unknown;
    const char *arguments[4];
  } cases[] = {
    { "--verbose", { "--save", "--verbose", url, NULL } },
    { "--verbose", { "--save", url, "--verbose", NULL } },
    { "-x", { "--save", "-x", url, NULL } },
    { "--verbose", { "--verbose", url, NULL } },
  };

  lectern_test_ui_reset_library ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (Run) run = run_lectern (cases[i].arguments);
    g_autofree char *unknown = g_strdup_printf ("Unknown option %s", cases[i].unknown);

    /* GLib's own message, then how to use lectern; nothing saved, nothing fetched. */
    g_assert_cmpint (run->status, ==, 2);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, unknown));
    g_assert_nonnull (strstr (run->err, "Usage:"));
    g_assert_nonnull (strstr (run->err, "--save"));
  }

  g_assert_cmpuint (library_count (), ==, 0);
  g_assert_cmpuint (server->paths->len, ==, 0);
}

static void
test_unknown_option_escaped (void)
{
  const char *arguments[] = { "--\x1b[2J", NULL };
  g_autoptr (Run) run = run_lectern (arguments);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "Unknown option --\\x1b[2J"));
}

static void
test_save_nothing (void)
{
  const char *arguments[] = { "--save", NULL };
  const char *dashes[] = { "--save", "--", NULL };
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) run_dashes = NULL;

  lectern_test_ui_reset_library ();

  run = run_lectern (arguments);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "lectern --save URL"));
  g_assert_nonnull (strstr (run->err, "Usage:"));

  run_dashes = run_lectern (dashes);
  g_assert_cmpint (run_dashes->status, ==, 2);
  g_assert_cmpstr (run_dashes->out, ==, "");

  g_assert_cmpuint (library_count (), ==, 0);
}

static void
test_help_and_version (void)
{
  const char *help[] = { "--help", NULL };
  const char *version[] = { "--version", NULL };
  g_autoptr (Run) run_help = run_lectern (help);
  g_autoptr (Run) run_version = run_lectern (version);
  g_autofree char *expected = g_strdup_printf ("lectern %s\n", PACKAGE_VERSION);

  g_assert_cmpint (run_help->status, ==, 0);
  g_assert_true (g_str_has_prefix (run_help->out, "Usage:"));
  g_assert_nonnull (strstr (run_help->out, "--save"));
  g_assert_nonnull (strstr (run_help->out, "--version"));
  g_assert_nonnull (strstr (run_help->out, "--search=QUERY"));
  g_assert_nonnull (strstr (run_help->out, "--tag=NAME"));
  g_assert_cmpstr (run_help->err, ==, "");

  g_assert_cmpint (run_version->status, ==, 0);
  g_assert_cmpstr (run_version->out, ==, expected);
  g_assert_cmpstr (run_version->err, ==, "");
}

/* Tags and search on the command line. */

static char *
tags_of (LecternArticleStore *store,
         const char          *url)
{
  g_autoptr (LecternArticle) article = find_article (store, url);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = NULL;

  g_assert_nonnull (article);
  tags = lectern_article_store_get_tags (store, lectern_article_get_id (article), &error);
  g_assert_no_error (error);
  return g_strjoinv (", ", tags);
}

static void
test_save_with_tags (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "article/tagged");
  g_autofree char *other = server_url (server, "article/other");
  const char *arguments[] = { "--save", "--tag", "Rust", "--tag", " to read ", url, NULL };
  const char *again[] = { "--save", "--tag", "RUST", "--tag", "Later", url, other, NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *tags_again = NULL;
  g_autofree char *other_tags = NULL;
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) run_again = NULL;

  lectern_test_ui_reset_library ();
  run = run_lectern (arguments);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run_n_lines (run), ==, 1);
  g_assert_cmpstr (run->lines[0], ==, "Article tagged");

  store = lectern_test_ui_open_library ();
  tags = tags_of (store, url);
  g_assert_cmpstr (tags, ==, "Rust, to read");
  lectern_article_store_close (store);
  g_clear_object (&store);

  /* Saving it again adds the new tags to those it has; the same tag in another case is
   * the same tag.
   */
  run_again = run_lectern (again);
  g_assert_cmpint (run_again->status, ==, 0);
  store = lectern_test_ui_open_library ();
  tags_again = tags_of (store, url);
  g_assert_cmpstr (tags_again, ==, "Later, Rust, to read");
  other_tags = tags_of (store, other);
  g_assert_cmpstr (other_tags, ==, "Later, Rust");
  lectern_article_store_close (store);
}

static void
test_save_bad_tag (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "article/untagged");
  const char *empty[] = { "--save", "--tag", "fine", "--tag", "  ", url, NULL };
  const char *control[] = { "--save", "--tag", "two\nlines", url, NULL };
  const char *without_save[] = { "--tag", "fine", url, NULL };
  g_autoptr (GString) long_name = g_string_new (NULL);
  const char *too_long[] = { "--save", "--tag", NULL, url, NULL };
  const struct {
    const char * const *arguments;
    const char *message;
  } cases[] = {
    { empty, "A tag needs a name" },
    { control, "control characters" },
    { too_long, "100 characters" },
    { without_save, "--tag goes with --save" },
  };

  for (guint i = 0; i < 101; i++)
    g_string_append_c (long_name, 'x');
  too_long[2] = long_name->str;

  lectern_test_ui_reset_library ();

  /* The message, and nothing saved or even fetched. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (Run) run = run_lectern (cases[i].arguments);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, cases[i].message));
  }

  g_assert_cmpuint (library_count (), ==, 0);
  g_assert_cmpuint (server->paths->len, ==, 0);
}

/* Every line of `--search` is a title and a link, one tab between them. */
static void
assert_fields (Run *run)
{
  for (guint i = 0; i < run_n_lines (run); i++) {
    g_auto (GStrv) fields = g_strsplit (run->lines[i], "\t", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 2);
    g_assert_true (g_str_has_prefix (fields[1], "http"));
  }
}

static void
test_search (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *alpha = server_url (server, "article/alpha");
  g_autofree char *beta = server_url (server, "article/beta");
  g_autofree char *hostile = server_url (server, "hostile.html");
  g_autofree char *seed = server_url (server, "post/518.html");
  g_autofree char *alpha_line = NULL;
  g_autofree char *beta_line = NULL;
  g_autofree char *seed_line = NULL;
  const char *save[] = { "--save", "--tag", "Greek", alpha, beta, hostile, seed, NULL };
  const char *one[] = { "--search", "beta", NULL };
  const char *both[] = { "--search", "tag:greek", NULL };
  const char *words[] = { "--search", "article -alpha", "tag:greek", NULL };
  const char *none[] = { "--search", "nothing-like-this", NULL };
  const char *odd[] = { "--search", "\"NEAR( AND *", NULL };
  const char *chinese[] = { "--search", "修炼", NULL };
  const char *red[] = { "--search", "red ", NULL };
  g_autoptr (Run) run_save = NULL;
  g_autoptr (Run) run = NULL;

  lectern_test_ui_reset_library ();

  /* No library yet: nothing matches, and that is no error. */
  run = run_lectern (none);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_clear_pointer (&run, run_free);

  run_save = run_lectern (save);
  g_assert_cmpint (run_save->status, ==, 0);

  alpha_line = g_strdup_printf ("Article alpha\t%s", alpha);
  beta_line = g_strdup_printf ("Article beta\t%s", beta);
  seed_line = g_strdup_printf ("%s\t%s", seed_title, seed);

  run = run_lectern (one);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run_n_lines (run), ==, 1);
  g_assert_cmpstr (run->lines[0], ==, beta_line);
  g_assert_cmpstr (run->err, ==, "");
  g_clear_pointer (&run, run_free);

  run = run_lectern (both);
  g_assert_cmpint (run->status, ==, 0);
  assert_fields (run);
  g_assert_cmpuint (run_n_lines (run), ==, 4);
  g_assert_true (g_strv_contains ((const char * const *)run->lines, alpha_line));
  g_assert_true (g_strv_contains ((const char * const *)run->lines, beta_line));
  g_assert_true (g_strv_contains ((const char * const *)run->lines, seed_line));
  g_clear_pointer (&run, run_free);

  /* The words after the option belong to the query; a match in the title comes first. */
  run = run_lectern (words);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->lines[0], ==, beta_line);
  g_assert_false (g_strv_contains ((const char * const *)run->lines, alpha_line));
  g_clear_pointer (&run, run_free);

  run = run_lectern (none);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_clear_pointer (&run, run_free);

  run = run_lectern (odd);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_clear_pointer (&run, run_free);

  run = run_lectern (chinese);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run_n_lines (run), ==, 1);
  g_assert_cmpstr (run->lines[0], ==, seed_line);
  g_clear_pointer (&run, run_free);

  /* A hostile title reaches the terminal escaped (run_lectern checks every character),
   * on one line.
   */
  run = run_lectern (red);
  g_assert_cmpint (run->status, ==, 0);
  assert_fields (run);
  g_assert_cmpuint (run_n_lines (run), ==, 1);
  g_assert_true (g_str_has_prefix (run->lines[0], "Red"));
  g_assert_true (g_str_has_suffix (run->lines[0], hostile));
}

/* A library that cannot be opened gives status 2 and says why. */
static void
test_search_unopenable (void)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  const char *arguments[] = { "--search", "anything", NULL };
  g_autoptr (Run) run = NULL;

  lectern_test_ui_reset_library ();
  /* A folder where the file should be. */
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);

  run = run_lectern (arguments);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "could not be opened"));

  lectern_test_ui_reset_library ();
}

/* Importing with no window. */

static char *
write_pocket_export (const char *dir,
                     const char *name,
                     const char *first_url,
                     const char *second_url)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *csv = NULL;

  csv = g_strdup_printf ("title,url,time_added,cursor,tags,status\r\n"
                         "\"Imported, first\",%s,1700000000,x,imported|读书,unread\r\n"
                         "Imported second,%s,1700000001,y,,archive\r\n"
                         "Evil,javascript:\x1b[2Jalert(1),1700000002,z,,unread\r\n",
                         first_url, second_url);
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  return g_steal_pointer (&path);
}

static void
test_import_headless (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *first = server_url (server, "article/imported-first");
  g_autofree char *second = server_url (server, "article/imported-second");
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *export = write_pocket_export (dir, "pocket.csv", first, second);
  g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
  const char *arguments[] = { "--import", "pocket.csv", "notes.txt", "missing.csv", NULL };
  const char *again[] = { "--import", "pocket.csv", NULL };
  const char *nothing[] = { "--import", NULL };
  const char *with_save[] = { "--import", "--save", "pocket.csv", NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) run_again = NULL;
  g_autoptr (Run) run_nothing = NULL;
  g_autoptr (Run) run_with_save = NULL;
  g_auto (GStrv) tags = NULL;

  lectern_test_ui_reset_library ();
  g_assert_true (g_file_set_contents (notes, "Dear diary,\nnothing to import.\n", -1, NULL));

  /* One line per file that was read, then a line per entry left out, its link escaped;
   * the files that could not be read say why, and the exit status says one failed.
   */
  run = run_lectern_full (dir, TRUE, arguments);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (run_n_lines (run), ==, 2);
  g_assert_cmpstr (run->lines[0], ==, "pocket.csv (Pocket export): 2 imported, 1 skipped");
  g_assert_true (g_str_has_prefix (run->lines[1], "  line 4: javascript:\\x1b[2Jalert(1): "));
  g_assert_nonnull (strstr (run->err, "notes.txt: This is not an export Lectern can import"));
  g_assert_nonnull (strstr (run->err, "missing.csv: "));

  /* The rows are there, pending, with their titles, tags and states; nothing was
   * fetched: with no Lectern running, the next start saves them.
   */
  store = lectern_test_ui_open_library ();
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL), ==, 2);
  article = find_article (store, first);
  g_assert_nonnull (article);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Imported, first");
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_PENDING);
  tags = lectern_article_store_get_tags (store, lectern_article_get_id (article), NULL);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_clear_object (&article);
  article = find_article (store, second);
  g_assert_true (lectern_article_get_archived (article));
  g_assert_cmpuint (server->paths->len, ==, 0);
  lectern_article_store_close (store);

  /* Again: nothing new. */
  run_again = run_lectern_full (dir, TRUE, again);
  g_assert_cmpint (run_again->status, ==, 0);
  g_assert_cmpstr (run_again->lines[0], ==,
                   "pocket.csv (Pocket export): 0 imported, 2 already in the library, 1 skipped");
  g_assert_cmpuint (library_count (), ==, 2);

  /* No file, or another command with it: how to use it, and nothing done. */
  run_nothing = run_lectern (nothing);
  g_assert_cmpint (run_nothing->status, ==, 2);
  g_assert_nonnull (strstr (run_nothing->err, "lectern --import FILE"));
  run_with_save = run_lectern_full (dir, TRUE, with_save);
  g_assert_cmpint (run_with_save->status, ==, 2);
  g_assert_cmpstr (run_with_save->out, ==, "");
  g_assert_cmpuint (library_count (), ==, 2);

  lectern_test_rm_rf (dir);
}

/* Exporting with no window. */
static void
test_export_headless (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *first = server_url (server, "article/exported-first");
  g_autofree char *second = server_url (server, "article/exported-second");
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *export = write_pocket_export (dir, "pocket.csv", first, second);
  g_autofree char *csv_path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *html_path = g_build_filename (dir, "out.html", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  const char *import[] = { "--import", "pocket.csv", NULL };
  const char *all[] = { "--export", "csv", "--output", "out.csv", NULL };
  const char *tagged[] = { "--export", "bookmarks", "--output", "out.html", "--tag", "读书",
                           NULL };
  const char *unknown[] = { "--export", "xlsx", "--output", "out.xlsx", NULL };
  const char *no_output[] = { "--export", "csv", NULL };
  const char *unwritable[] = { "--export", "csv", "--output", "/nonexistent/out.csv", NULL };
  const char *backup[] = { "--export", "backup", "--output", "backup.zip", NULL };
  const char *restore[] = { "--import", "backup.zip", NULL };
  const char *epub[] = { "--export", "epub", "--output", "out.epub", "--search", "first", NULL };
  const char *folder[] = { "--export", "html", "--output", "pages", NULL };
  g_autofree char *pages = g_build_filename (dir, "pages", NULL);
  g_autofree char *page = g_build_filename (pages, "Imported, first.html", NULL);
  g_autoptr (Run) run_folder = NULL;
  g_autofree char *epub_path = g_build_filename (dir, "out.epub", NULL);
  g_autofree char *book = NULL;
  gsize book_size = 0;
  g_autoptr (Run) run_backup = NULL;
  g_autoptr (Run) run_restore = NULL;
  g_autoptr (Run) run_epub = NULL;
  g_autoptr (Run) run_import = NULL;
  g_autoptr (Run) run_all = NULL;
  g_autoptr (Run) run_tagged = NULL;
  g_autoptr (Run) run_unknown = NULL;
  g_autoptr (Run) run_no_output = NULL;
  g_autoptr (Run) run_unwritable = NULL;

  lectern_test_ui_reset_library ();
  run_import = run_lectern_full (dir, TRUE, import);
  g_assert_cmpint (run_import->status, ==, 0);

  run_all = run_lectern_full (dir, TRUE, all);
  g_assert_cmpint (run_all->status, ==, 0);
  g_assert_cmpstr (run_all->lines[0], ==, "2 articles written to out.csv");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "title,url,time_added,tags,status,"));
  g_assert_nonnull (strstr (csv, "\"Imported, first\""));
  g_assert_nonnull (strstr (csv, ",archive,"));

  /* --tag chooses: only the article with the tag. */
  run_tagged = run_lectern_full (dir, TRUE, tagged);
  g_assert_cmpint (run_tagged->status, ==, 0);
  g_assert_cmpstr (run_tagged->lines[0], ==, "1 article written to out.html");
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "<!DOCTYPE NETSCAPE-Bookmark-file-1>"));
  g_assert_nonnull (strstr (html, ">Imported, first</A>"));
  g_assert_null (strstr (html, "Imported second"));

  /* A format Lectern does not write, or no file: how to use it, nothing written. */
  run_unknown = run_lectern_full (dir, TRUE, unknown);
  g_assert_cmpint (run_unknown->status, ==, 2);
  g_assert_nonnull (strstr (run_unknown->err, "csv and bookmarks"));
  run_no_output = run_lectern_full (dir, TRUE, no_output);
  g_assert_cmpint (run_no_output->status, ==, 2);
  g_assert_nonnull (strstr (run_no_output->err, "--output FILE"));

  run_unwritable = run_lectern_full (dir, TRUE, unwritable);
  g_assert_cmpint (run_unwritable->status, ==, 1);
  g_assert_nonnull (strstr (run_unwritable->err, "could not be written"));

  /* --search chooses too: a book of the one article that matches. */
  run_epub = run_lectern_full (dir, TRUE, epub);
  g_assert_cmpint (run_epub->status, ==, 0);
  g_assert_cmpstr (run_epub->lines[0], ==, "1 article written to out.epub");
  g_assert_true (g_file_get_contents (epub_path, &book, &book_size, NULL));
  g_assert_cmpuint (book_size, >, 58);
  g_assert_cmpmem (book + 30, 28, "mimetypeapplication/epub+zip", 28);

  /* HTML into a folder: a file per article. */
  g_assert_cmpint (g_mkdir (pages, 0700), ==, 0);
  run_folder = run_lectern_full (dir, TRUE, folder);
  g_assert_cmpint (run_folder->status, ==, 0);
  g_assert_cmpstr (run_folder->lines[0], ==, "2 articles written to pages");
  g_assert_true (g_file_test (page, G_FILE_TEST_IS_REGULAR));

  /* A backup, imported into an empty library, brings every article back. */
  run_backup = run_lectern_full (dir, TRUE, backup);
  g_assert_cmpint (run_backup->status, ==, 0);
  g_assert_cmpstr (run_backup->lines[0], ==, "2 articles written to backup.zip");
  lectern_test_ui_reset_library ();
  run_restore = run_lectern_full (dir, TRUE, restore);
  g_assert_cmpint (run_restore->status, ==, 0);
  g_assert_cmpstr (run_restore->lines[0], ==, "backup.zip (Lectern backup): 2 imported");

  lectern_test_rm_rf (dir);
}

/* A running instance. */

typedef struct {
  gboolean owned;
  gboolean exited;
  int      status;
} Primary;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  ((Primary *)user_data)->owned = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Primary *)user_data)->owned = FALSE;
}

static void
primary_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Primary *primary = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (G_SUBPROCESS (source)));
  primary->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  primary->exited = TRUE;
}

static char *
app_object_path (void)
{
  g_autofree char *path = g_strconcat ("/", APP_ID, NULL);

  g_strdelimit (path, ".", '/');
  return g_steal_pointer (&path);
}

static void
test_forward_to_running_instance (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *url = server_url (server, "post/518.html");
  g_autofree char *first = server_url (server, "article/first");
  g_autofree char *rejected = server_url (server, "article/rejected");
  g_autofree char *later = server_url (server, "article/later");
  g_autofree char *object_path = app_object_path ();
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "page.html", NULL);
  g_autofree char *page = article_page ("The forwarded page");
  const char *forward[] = { url, NULL };
  const char *forward_file[] = { "page.html", NULL };
  const char *bad[] = { "--verbose", rejected, NULL };
  const char *bad_short[] = { rejected, "-x", NULL };
  const char *forward_later[] = { later, NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GDBusActionGroup) actions = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) run_bad = NULL;
  g_autoptr (Run) run_bad_short = NULL;
  g_autoptr (Run) run_later = NULL;
  g_autoptr (Run) run_file = NULL;
  Primary primary = { FALSE, FALSE, -1 };
  guint watch;

  lectern_test_ui_reset_library ();
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, name_vanished_cb, &primary, NULL);

  /* With no instance running, `lectern URL` starts one, which saves the link. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("LECTERN_BIN"), first,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, primary_exited_cb, &primary);
  lectern_test_wait_until (primary.owned || primary.exited);
  g_assert_false (primary.exited);
  store = lectern_test_ui_open_library ();
  lectern_test_wait_until (article_is_saved (store, first));

  /* The second launch hands the link to the first and ends at once; the first saves it. */
  run = run_lectern_full (NULL, FALSE, forward);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  lectern_test_wait_until (article_is_saved (store, url));

  /* A file named relative to where the second launch runs is found there. */
  g_assert_true (g_file_set_contents (file, page, -1, NULL));
  run_file = run_lectern_full (dir, FALSE, forward_file);
  g_assert_cmpint (run_file->status, ==, 0);
  lectern_test_wait_until (has_title (store, "The forwarded page"));

  /* A command line with an unknown option never reaches the running instance. */
  run_bad = run_lectern_full (NULL, FALSE, bad);
  g_assert_cmpint (run_bad->status, ==, 2);
  g_assert_nonnull (strstr (run_bad->err, "Unknown option --verbose"));
  run_bad_short = run_lectern_full (NULL, FALSE, bad_short);
  g_assert_cmpint (run_bad_short->status, ==, 2);
  g_assert_nonnull (strstr (run_bad_short->err, "Unknown option -x"));

  /* Had they reached it, their links would be there before this one. */
  run_later = run_lectern_full (NULL, FALSE, forward_later);
  g_assert_cmpint (run_later->status, ==, 0);
  lectern_test_wait_until (article_is_saved (store, later));
  g_assert_null (find_article (store, rejected));
  g_assert_false (server_was_asked (server, "/article/rejected"));
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL), ==, 4);
  lectern_article_store_close (store);

  /* The first instance did the saving and is still running; it quits when asked. */
  g_assert_false (primary.exited);
  actions = g_dbus_action_group_get (bus, APP_ID, object_path);
  g_action_group_activate_action (G_ACTION_GROUP (actions), "quit", NULL);
  lectern_test_wait_until (primary.exited && !primary.owned);
  g_assert_cmpint (primary.status, ==, 0);
  g_bus_unwatch_name (watch);
  lectern_test_rm_rf (dir);
}

/* `lectern --import` while Lectern runs: the running instance saves what was added. */
static void
test_import_to_running_instance (void)
{
  g_autoptr (Server) server = server_new ();
  g_autofree char *first = server_url (server, "article/first");
  g_autofree char *imported = server_url (server, "article/imported-first");
  g_autofree char *archived = server_url (server, "article/imported-second");
  g_autofree char *object_path = app_object_path ();
  g_autofree char *dir = lectern_test_make_tmpdir ();
  g_autofree char *export = write_pocket_export (dir, "pocket.csv", imported, archived);
  const char *arguments[] = { "--import", "pocket.csv", NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GDBusActionGroup) actions = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Run) run = NULL;
  Primary primary = { FALSE, FALSE, -1 };
  guint watch;

  lectern_test_ui_reset_library ();
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, name_vanished_cb, &primary, NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("LECTERN_BIN"), first,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, primary_exited_cb, &primary);
  lectern_test_wait_until (primary.owned || primary.exited);
  g_assert_false (primary.exited);
  store = lectern_test_ui_open_library ();
  lectern_test_wait_until (article_is_saved (store, first));

  run = run_lectern_full (dir, TRUE, arguments);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->lines[0], ==, "pocket.csv (Pocket export): 2 imported, 1 skipped");
  lectern_test_wait_until (article_is_saved (store, imported) && article_is_saved (store, archived));
  lectern_article_store_close (store);

  actions = g_dbus_action_group_get (bus, APP_ID, object_path);
  g_action_group_activate_action (G_ACTION_GROUP (actions), "quit", NULL);
  lectern_test_wait_until (primary.exited && !primary.owned);
  g_assert_cmpint (primary.status, ==, 0);
  g_bus_unwatch_name (watch);
  lectern_test_rm_rf (dir);
}

/* A window sees what another process saves. */

typedef struct {
  Server *server;
  gint64  seeded;
} WindowTest;

static gboolean
first_title_is (LecternArticleList *list,
                const char         *title)
{
  g_autoptr (LecternArticle) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

  return first && g_strcmp0 (lectern_article_get_title (first), title) == 0;
}

static void
window_sees_save (LecternApplication *app,
                  gpointer            data)
{
  WindowTest *test = data;
  g_autofree char *url = server_url (test->server, "article/from-a-script");
  const char *arguments[] = { "--save", url, NULL };
  LecternWindow *window = lectern_window_new (app);
  LecternArticleList *list = lectern_window_get_article_list (window);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) selected = NULL;
  g_autoptr (Run) run = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  /* The reader is reading the one article there is. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  lectern_window_show_article (window, test->seeded);
  lectern_test_ui_wait_load (lectern_reader_view_get_web_view (reader), NULL);

  /* A script saves a link while the window is open, and nobody touches the window. The
   * window may see the row while it is still being saved: the row is then updated in
   * place once the article is there.
   */
  run = run_lectern (arguments);
  g_assert_cmpint (run->status, ==, 0);
  lectern_test_wait_until (first_title_is (list, "Article from-a-script"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (lectern_article_get_save_state (first), ==, LECTERN_SAVE_STATE_SAVED);

  /* What the reader was doing goes on: the same article, still selected. */
  g_assert_cmpint (lectern_window_get_current_article (window), ==, test->seeded);
  g_assert_cmpint (lectern_reader_view_get_article_id (reader), ==, test->seeded);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 1);
  selected = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpint (lectern_article_get_id (selected), ==, test->seeded);
  g_assert_cmpstr (gtk_label_get_text (window->unread_count_label), ==, "2");
}

static void
test_window_sees_save (void)
{
  g_autoptr (Server) server = server_new ();
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) seed = lectern_test_ui_seed_article_new ();
  g_autoptr (GError) error = NULL;
  WindowTest test = { server, 0 };

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  test.seeded = lectern_article_store_add (store, seed, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (window_sees_save, &test);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/command-line/save", test_save_headless);
  g_test_add_func ("/ui/command-line/save-files", test_save_files);
  g_test_add_func ("/ui/command-line/save-escapes-output", test_save_escapes_output);
  g_test_add_func ("/ui/command-line/save-resumes-pending", test_save_resumes_pending);
  g_test_add_func ("/ui/command-line/unknown-options", test_unknown_options);
  g_test_add_func ("/ui/command-line/unknown-option-escaped", test_unknown_option_escaped);
  g_test_add_func ("/ui/command-line/save-nothing", test_save_nothing);
  g_test_add_func ("/ui/command-line/help-and-version", test_help_and_version);
  g_test_add_func ("/ui/command-line/save-with-tags", test_save_with_tags);
  g_test_add_func ("/ui/command-line/save-bad-tag", test_save_bad_tag);
  g_test_add_func ("/ui/command-line/search", test_search);
  g_test_add_func ("/ui/command-line/search-unopenable", test_search_unopenable);
  g_test_add_func ("/ui/command-line/forward", test_forward_to_running_instance);
  g_test_add_func ("/ui/command-line/import", test_import_headless);
  g_test_add_func ("/ui/command-line/export", test_export_headless);
  g_test_add_func ("/ui/command-line/import-to-running-instance",
                   test_import_to_running_instance);
  g_test_add_func ("/ui/command-line/window-sees-save", test_window_sees_save);

  return g_test_run ();
}
