/* test-resume.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-fetcher.h"
#include "lectern-import-entry.h"
#include "lectern-saver.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

/* Saves cut off by a crash or a kill -9, and saves resumed by several processes at once.
 * The test binary is also the process that saves: run with `--helper MODE …` it does one
 * of the jobs below instead of the tests, and says how it went on standard output.
 */

#define STOPPED_MESSAGE "Lectern stopped while saving this page"

static const char png_magic[] = "\x89PNG\r\n\x1a\n";

static char *self_exe;

/* The helper process. */

typedef struct {
  gint64 id;
  gboolean duplicate;
  GError *error;
  gboolean done;
} Outcome;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->id = lectern_saver_save_finish (LECTERN_SAVER (object), result,
                                           &outcome->duplicate, &outcome->error);
  outcome->done = TRUE;
}

/* A store and a saver as `lectern --save` makes them. The fetcher and the saver have no
 * time limits: the tests decide when a save ends.
 */
static LecternSaver *
saver_new (const char           *path,
           LecternArticleStore **store)
{
  g_autoptr (LecternFetcher) fetcher = lectern_fetcher_new ();
  g_autoptr (GError) error = NULL;
  LecternSaver *saver;

  *store = lectern_article_store_new (path, &error);
  if (!*store)
    g_error ("Cannot open %s: %s", path, error->message);

  lectern_fetcher_set_timeout (fetcher, 0);
  saver = lectern_saver_new (*store, fetcher);
  lectern_saver_set_timeout (saver, 0);
  return saver;
}

static void
saver_free (LecternSaver        *saver,
            LecternArticleStore *store)
{
  while (lectern_saver_get_n_running (saver) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (saver);
  lectern_article_store_close (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (store);
}

/* `save PATH URL…`: saves each URL, one after another, and prints a line for each. */
static int
helper_save (const char  *path,
             char       **urls)
{
  LecternArticleStore *store;
  LecternSaver *saver = saver_new (path, &store);

  for (guint i = 0; urls[i]; i++) {
    Outcome outcome = { 0, FALSE, NULL, FALSE };

    /* The save has looked for the address and asked for its row by now. */
    lectern_saver_save_url_async (saver, urls[i], NULL, saved_cb, &outcome);
    if (i == 0)
      g_print ("started\n");
    while (!outcome.done)
      g_main_context_iteration (NULL, TRUE);

    if (outcome.error)
      g_print ("failed %s\n", outcome.error->message);
    else
      g_print ("%s %" G_GINT64_FORMAT "\n", outcome.duplicate ? "duplicate" : "saved",
               outcome.id);
    g_clear_error (&outcome.error);
  }

  saver_free (saver, store);
  g_print ("done\n");
  return 0;
}

/* `work PATH URL…`: resumes the saves left pending, then saves every URL at once, as a
 * window does that starts and is given links; prints "saved ID" as each is stored.
 */
static int
helper_work (const char  *path,
             char       **urls)
{
  LecternArticleStore *store;
  LecternSaver *saver = saver_new (path, &store);
  guint n = g_strv_length (urls);
  g_autofree Outcome *outcomes = g_new0 (Outcome, n);
  guint n_done = 0;

  lectern_saver_resume_pending (saver);
  for (guint i = 0; i < n; i++)
    lectern_saver_save_url_async (saver, urls[i], NULL, saved_cb, &outcomes[i]);

  while (n_done < n) {
    g_main_context_iteration (NULL, TRUE);

    for (guint i = 0; i < n; i++) {
      if (!outcomes[i].done || outcomes[i].id < 0)
        continue;

      if (outcomes[i].id > 0 && !outcomes[i].duplicate)
        g_print ("saved %" G_GINT64_FORMAT "\n", outcomes[i].id);
      g_clear_error (&outcomes[i].error);
      outcomes[i].id = -1;
      n_done++;
    }
  }

  saver_free (saver, store);
  g_print ("done\n");
  return 0;
}

/* `resume PATH`: resumes the saves left pending, as the window does when it starts. */
static int
helper_resume (const char *path)
{
  LecternArticleStore *store;
  LecternSaver *saver = saver_new (path, &store);

  lectern_saver_resume_pending (saver);
  saver_free (saver, store);
  g_print ("done\n");
  return 0;
}

static int
run_helper (int    argc,
            char **argv)
{
  const char *mode = argv[2];

  /* A test may keep the library locked for a moment while helpers start; they wait. */
  _lectern_database_set_busy_timeout (60000);

  if (g_str_equal (mode, "save") && argc >= 5)
    return helper_save (argv[3], argv + 4);
  if (g_str_equal (mode, "resume") && argc == 4)
    return helper_resume (argv[3]);
  if (g_str_equal (mode, "work") && argc >= 5)
    return helper_work (argv[3], argv + 4);

  g_printerr ("Unknown helper %s\n", mode);
  return 2;
}

/* The tests' side: a web server, and the helpers it talks to. */

typedef struct {
  char *dir;
  char *path;
  SoupServer *server;
  char *base;
  /* Requests by path. */
  GHashTable *hits;
  /* While set, pages under /held/ are not answered; the requests wait here. */
  gboolean hold;
  GPtrArray *held;
  /* Killed as the server gets its request number kill_at. */
  GSubprocess *victim;
  guint n_requests;
  guint kill_at;
} Fixture;

static GBytes *
make_png (const char *tag,
          gsize       size)
{
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *)png_magic, sizeof png_magic - 1);
  while (bytes->len < size)
    g_byte_array_append (bytes, (const guint8 *)tag, MIN (strlen (tag), size - bytes->len));

  return g_byte_array_free_to_bytes (bytes);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));

  g_hash_table_insert (fixture->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));

  fixture->n_requests++;
  if (fixture->victim && fixture->n_requests == fixture->kill_at) {
    g_subprocess_force_exit (fixture->victim);
    fixture->victim = NULL;
  }

  /* /page/NAME.html and /held/NAME.html are articles with the image /img/NAME.png; pages
   * also share /img/shared.png.
   */
  if (g_str_has_suffix (path, ".html") &&
      (g_str_has_prefix (path, "/page/") || g_str_has_prefix (path, "/held/"))) {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *page = NULL;

    *strrchr (name, '.') = '\0';
    page = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("Article %s",
                                                       "<p><img src=\"/img/%s.png\" alt=\"%s\">"
                                                       "<img src=\"/img/shared.png\" alt=\"\">"
                                                       "</p>"), name, name, name, name);
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                      page, strlen (page));

    if (fixture->hold && g_str_has_prefix (path, "/held/")) {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->held, g_object_ref (msg));
    }
    return;
  }

  if (g_str_has_prefix (path, "/img/")) {
    g_autoptr (GBytes) png = make_png (path, 3000);

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    return;
  }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen (fixture->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_pointer (&fixture->hits, g_hash_table_unref);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->base);
}

static guint
fixture_hits (Fixture    *fixture,
              const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
}

/* Answers the requests held so far, and those that come from now on. */
static void
fixture_release (Fixture *fixture)
{
  fixture->hold = FALSE;
  for (guint i = 0; i < fixture->held->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->held, i));
  g_ptr_array_set_size (fixture->held, 0);
}

static GSubprocess *
spawn_helper (const char *mode,
              ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *helper;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, self_exe);
  g_ptr_array_add (args, (char *)"--helper");
  g_ptr_array_add (args, (char *)mode);
  va_start (ap, mode);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* Its standard output is read by the test, never mixed into the TAP stream. */
  helper = g_subprocess_newv ((const char * const *)args->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  return helper;
}

/* Reads the next line @helper prints, and nothing after it. */
static char *
read_line (GSubprocess *helper)
{
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GError) error = NULL;
  char *line;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  /* One byte at a time, so the buffer never takes what a later reader should get. */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

typedef struct {
  char *output;
  gboolean done;
} HelperEnd;

static void
helper_ended_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HelperEnd *end = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &end->output, NULL,
                                        &error);
  g_assert_no_error (error);
  end->done = TRUE;
}

/* Runs a `resume` helper, which should end by itself without fetching @path again: waits
 * until it ends, or until @path is asked for once more than @hits times, and checks that
 * it was not. Returns what the helper printed.
 */
static char *
resume_without_fetching (Fixture    *fixture,
                         const char *path,
                         guint       hits)
{
  g_autoptr (GSubprocess) helper = spawn_helper ("resume", fixture->path, NULL);
  HelperEnd end = { NULL, FALSE };

  g_subprocess_communicate_utf8_async (helper, NULL, NULL, helper_ended_cb, &end);
  lectern_test_wait_until (end.done || fixture_hits (fixture, path) > hits);
  g_assert_cmpuint (fixture_hits (fixture, path), ==, hits);
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);
  return end.output;
}

static void
helper_waited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

/* Kills @helper as a crash or `kill -9` would, and waits until it is gone. */
static void
kill_helper (GSubprocess *helper)
{
  gboolean gone = FALSE;

  g_subprocess_force_exit (helper);
  g_subprocess_wait_async (helper, NULL, helper_waited_cb, &gone);
  lectern_test_wait_until (gone);
  g_assert_true (g_subprocess_get_if_signaled (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  return lectern_test_query_int (db, sql);
}

/* The tests. */

/* A page that makes Lectern crash, or a user who kills it, while it is saved: the save is
 * taken up again at the next start, but only a few times, and never in a loop.
 */
static void
test_crash_loop (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/held/crash.html", NULL);
  g_autofree char *output = NULL;
  LecternSaver *saver;
  Outcome outcome = { 0, FALSE, NULL, FALSE };
  gint64 id;

  /* `lectern --save URL`, killed while the page is on its way. */
  fixture->hold = TRUE;
  {
    g_autoptr (GSubprocess) helper = spawn_helper ("save", fixture->path, url, NULL);

    lectern_test_wait_until (fixture_hits (fixture, "/held/crash.html") == 1);
    kill_helper (helper);
  }
  id = query_int (fixture, "SELECT id FROM articles");
  g_assert_cmpint (query_int (fixture, "SELECT save_state FROM articles"), ==,
                   LECTERN_SAVE_STATE_PENDING);

  /* Each start takes it up again, and is killed again. */
  for (guint n = 2; n <= LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS; n++) {
    g_autoptr (GSubprocess) helper = spawn_helper ("resume", fixture->path, NULL);

    lectern_test_wait_until (fixture_hits (fixture, "/held/crash.html") == n);
    kill_helper (helper);
    g_assert_cmpint (query_int (fixture, "SELECT save_state FROM articles"), ==,
                     LECTERN_SAVE_STATE_PENDING);
  }

  /* The next start leaves it alone: it is failed, and says why. Nothing is fetched. */
  output = resume_without_fetching (fixture, "/held/crash.html",
                                    LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS);
  g_assert_cmpstr (output, ==, "done\n");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles"), ==, 1);

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  article = lectern_article_store_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_FAILED);
  g_assert_cmpstr (lectern_article_get_save_error (article), ==, STOPPED_MESSAGE);
  g_clear_object (&article);

  /* Starting again does not change that. */
  g_clear_pointer (&output, g_free);
  output = resume_without_fetching (fixture, "/held/crash.html",
                                    LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS);

  /* The user tries again, and the page comes this time. */
  fixture_release (fixture);
  {
    g_autoptr (LecternFetcher) fetcher = lectern_fetcher_new ();

    saver = lectern_saver_new (store, fetcher);
  }
  lectern_saver_retry_async (saver, id, NULL, saved_cb, &outcome);
  lectern_test_wait_until (outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (outcome.id, ==, id);
  article = lectern_article_store_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_article_get_save_state (article), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "Article crash");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM saves"), ==, 0);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  lectern_test_finalize_object (saver);
  lectern_article_store_close (store);
}

/* The user can always remove an article whose save was cut off, pending or failed. */
static void
test_remove_cut_off (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = g_strconcat (fixture->base, "/held/first.html", NULL);
  g_autofree char *second = g_strconcat (fixture->base, "/held/second.html", NULL);
  gint64 pending_id, failed_id;
  LecternSaveClaim claim;

  fixture->hold = TRUE;
  {
    g_autoptr (GSubprocess) helper = spawn_helper ("save", fixture->path, first, NULL);

    lectern_test_wait_until (fixture_hits (fixture, "/held/first.html") == 1);
    kill_helper (helper);
  }
  {
    g_autoptr (GSubprocess) helper = spawn_helper ("save", fixture->path, second, NULL);

    lectern_test_wait_until (fixture_hits (fixture, "/held/second.html") == 1);
    kill_helper (helper);
  }

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  pending = lectern_article_store_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  pending_id = g_array_index (pending, gint64, 0);
  failed_id = g_array_index (pending, gint64, 1);

  /* One is given up on, as after too many crashes: each claim counts, and this store's
   * claims are never released here.
   */
  for (guint i = 1; i <= LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS; i++) {
    g_assert_true (lectern_article_store_claim_save (store, failed_id, FALSE, STOPPED_MESSAGE,
                                                     &claim, &error));
    g_assert_no_error (error);
    g_assert_cmpint (claim, ==, i < LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS
                                ? LECTERN_SAVE_CLAIM_CLAIMED : LECTERN_SAVE_CLAIM_GAVE_UP);
  }

  /* Deleting works on both, and Undo brings them back as they were. */
  g_assert_true (lectern_article_store_delete (store, pending_id, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_delete (store, failed_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, &error), ==, 0);
  g_clear_pointer (&pending, g_array_unref);
  pending = lectern_article_store_list_pending (store, &error);
  g_assert_cmpuint (pending->len, ==, 0);

  g_assert_true (lectern_article_store_purge_deleted (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM saves"), ==, 0);
  lectern_article_store_close (store);
}

/* Two processes start at once and both resume the same pending article: only one saves
 * it; the other leaves it to the first.
 */
static void
test_resume_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GSubprocess) a = NULL;
  g_autoptr (GSubprocess) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/held/shared.html", NULL);
  g_autofree char *output = NULL;
  HelperEnd a_end = { NULL, FALSE }, b_end = { NULL, FALSE };
  gint64 id;

  /* A link that waits to be saved, claimed by nobody. */
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  id = lectern_article_store_add_pending (store, url, url, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_release_save (store, id, &error));
  g_assert_no_error (error);
  lectern_article_store_close (store);
  g_clear_object (&store);

  fixture->hold = TRUE;
  a = spawn_helper ("resume", fixture->path, NULL);
  b = spawn_helper ("resume", fixture->path, NULL);
  g_subprocess_communicate_utf8_async (a, NULL, NULL, helper_ended_cb, &a_end);
  g_subprocess_communicate_utf8_async (b, NULL, NULL, helper_ended_cb, &b_end);

  /* One of them fetches the page, which is held; the other has nothing to do and ends.
   * Had both claimed it, both requests would arrive and neither would end.
   */
  lectern_test_wait_until (fixture_hits (fixture, "/held/shared.html") == 2 ||
                           (fixture_hits (fixture, "/held/shared.html") == 1 &&
                            (a_end.done || b_end.done)));
  g_assert_cmpuint (fixture_hits (fixture, "/held/shared.html"), ==, 1);

  fixture_release (fixture);
  lectern_test_wait_until (a_end.done && b_end.done);
  g_assert_cmpstr (a_end.output, ==, "done\n");
  g_assert_cmpstr (b_end.output, ==, "done\n");
  g_free (a_end.output);
  g_free (b_end.output);

  g_assert_cmpuint (fixture_hits (fixture, "/held/shared.html"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT save_state FROM articles"), ==,
                   LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM saves"), ==, 0);
}

/* Two `lectern --save` runs of one new address at once: one row. The one that comes
 * second finds the first saving it and says so, with its id.
 */
static void
test_save_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GSubprocess) a = NULL;
  g_autoptr (GSubprocess) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/held/same.html", NULL);
  g_autofree char *tracked = g_strconcat (url, "?utm_source=feed", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *a_line = NULL;
  g_autofree char *b_line = NULL;
  HelperEnd a_end = { NULL, FALSE }, b_end = { NULL, FALSE };
  const char *first;
  gint64 id;

  /* Both look for the address before either adds a row: the library is locked for
   * writing until both have looked and asked for their row.
   */
  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_database_begin (db, &error));
  g_assert_no_error (error);

  fixture->hold = TRUE;
  a = spawn_helper ("save", fixture->path, url, NULL);
  b = spawn_helper ("save", fixture->path, tracked, NULL);
  a_line = read_line (a);
  b_line = read_line (b);
  g_assert_cmpstr (a_line, ==, "started");
  g_assert_cmpstr (b_line, ==, "started");
  g_assert_true (lectern_database_commit (db, &error));
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (a, NULL, NULL, helper_ended_cb, &a_end);
  g_subprocess_communicate_utf8_async (b, NULL, NULL, helper_ended_cb, &b_end);

  /* One fetches the page, which is held; the other finds the row and ends. Had both
   * added a row, both requests would arrive and neither would end.
   */
  lectern_test_wait_until (fixture_hits (fixture, "/held/same.html") == 2 ||
                           (fixture_hits (fixture, "/held/same.html") == 1 &&
                            (a_end.done || b_end.done)));
  g_assert_cmpuint (fixture_hits (fixture, "/held/same.html"), ==, 1);
  first = a_end.done ? a_end.output : b_end.output;

  fixture_release (fixture);
  lectern_test_wait_until (a_end.done && b_end.done);

  id = query_int (fixture, "SELECT id FROM articles");
  saved = g_strdup_printf ("saved %" G_GINT64_FORMAT "\ndone\n", id);
  duplicate = g_strdup_printf ("duplicate %" G_GINT64_FORMAT "\ndone\n", id);
  g_assert_cmpstr (first, ==, duplicate);
  g_assert_cmpstr (a_end.done && first == a_end.output ? b_end.output : a_end.output, ==,
                   saved);
  g_free (a_end.output);
  g_free (b_end.output);

  g_assert_cmpuint (fixture_hits (fixture, "/held/same.html"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT save_state FROM articles"), ==,
                   LECTERN_SAVE_STATE_SAVED);
}

static char *
query_text (LecternDatabase *db,
            const char      *sql)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = lectern_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_statement_step (stmt, &error));
  g_assert_no_error (error);
  return g_strdup (lectern_statement_column_text (stmt, 0));
}

/* Checks that the library is whole and every article in it consistent, as it must be
 * after a kill at any moment: each change was committed whole or not at all. Returns how
 * many articles it holds.
 */
static guint
check_library (Fixture *fixture)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *integrity = NULL;

  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);

  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"),
                   ==, 0);

  /* Saved articles have their text, pending ones none yet, failed ones say why. */
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles WHERE"
                                               " save_state = 0 AND (body_html IS NULL OR"
                                               " plain_text IS NULL OR title = '')"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles WHERE"
                                               " save_state = 1 AND body_html IS NOT NULL"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM articles WHERE"
                                               " save_state = 2 AND save_error IS NULL"), ==, 0);

  /* One article per address, and no image without an article. */
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM (SELECT 1 FROM articles"
                                               " WHERE deleted_at IS NULL AND normalized_url"
                                               " IS NOT NULL GROUP BY normalized_url"
                                               " HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count(*) FROM images WHERE sha256 NOT IN"
                                               " (SELECT sha256 FROM article_images)"), ==, 0);

  /* Every image a saved article shows is stored, and linked to it. */
  stmt = lectern_database_prepare (db, "SELECT id, body_html FROM articles"
                                       " WHERE save_state = 0", &error);
  g_assert_no_error (error);
  while (lectern_statement_step (stmt, &error)) {
    gint64 id = lectern_statement_column_int64 (stmt, 0);
    const char *body = lectern_statement_column_text (stmt, 1);
    guint n_images = 0;

    for (const char *p = strstr (body, "lectern://image/"); p;
         p = strstr (p + 1, "lectern://image/")) {
      g_autofree char *sha256 = g_strndup (p + strlen ("lectern://image/"), 64);
      g_autoptr (LecternStatement) link = NULL;

      link = lectern_database_prepare (db, "SELECT count(*) FROM article_images"
                                           " JOIN images USING (sha256)"
                                           " WHERE article_id = ?1 AND sha256 = ?2", &error);
      g_assert_no_error (error);
      lectern_statement_bind_int64 (link, 0, id);
      lectern_statement_bind_text (link, 1, sha256);
      g_assert_true (lectern_statement_step (link, &error));
      g_assert_cmpint (lectern_statement_column_int64 (link, 0), ==, 1);
      n_images++;
    }
    g_assert_cmpuint (n_images, ==, 2);
  }
  g_assert_no_error (error);

  return lectern_test_query_int (db, "SELECT count(*) FROM articles");
}

static gint64
article_state (Fixture *fixture,
               gint64   id)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  stmt = lectern_database_prepare (db, "SELECT save_state FROM articles WHERE id = ?1", &error);
  g_assert_no_error (error);
  lectern_statement_bind_int64 (stmt, 0, id);
  if (!lectern_statement_step (stmt, &error))
    return -1;
  return lectern_statement_column_int64 (stmt, 0);
}

#define KILL_ROUNDS 40
#define KILL_NEW_PAGES 3
#define KILL_OLD_PAGES 2
#define KILL_PAGES (KILL_ROUNDS * KILL_NEW_PAGES)

/* A process saving pages is killed with SIGKILL at random moments, over and over. After
 * each kill the library is whole, every article is consistent, and whatever the process
 * said it saved is there. In the end every page is saved once.
 */
static void
test_kill_at_random (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternFetcher) fetcher = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GArray) failed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) requested = g_hash_table_new (g_str_hash, g_str_equal);
  char *urls[KILL_PAGES];
  guint n_killed = 0;

  for (guint i = 0; i < KILL_PAGES; i++)
    urls[i] = g_strdup_printf ("%s/page/k%u.html", fixture->base, i);

  /* An empty library to begin with. */
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);
  g_clear_object (&store);

  for (guint round = 0; round < KILL_ROUNDS; round++) {
    g_autoptr (GPtrArray) args = g_ptr_array_new ();
    g_autoptr (GSubprocess) helper = NULL;
    g_auto (GStrv) lines = NULL;
    HelperEnd end = { NULL, FALSE };
    guint n_to_save = 0;
    guint n_rows;

    /* A few new pages, and a few of those before: saved, pending or given up on. */
    g_ptr_array_add (args, self_exe);
    g_ptr_array_add (args, (char *)"--helper");
    g_ptr_array_add (args, (char *)"work");
    g_ptr_array_add (args, fixture->path);
    for (guint i = 0; i < KILL_NEW_PAGES + KILL_OLD_PAGES; i++) {
      guint page = i < KILL_NEW_PAGES ? round * KILL_NEW_PAGES + i
                                      : g_test_rand_int_range (0, round * KILL_NEW_PAGES + 1);

      g_ptr_array_add (args, urls[page]);
      if (!g_hash_table_contains (requested, urls[page]))
        n_to_save++;
    }
    g_ptr_array_add (args, NULL);
    n_to_save += query_int (fixture, "SELECT count(*) FROM articles WHERE save_state != 0");

    helper = g_subprocess_newv ((const char * const *)args->pdata,
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);

    /* Each page to save means three requests: the page and its two images. The kill
     * comes at one of them, or after the last, when the process ends by itself.
     */
    fixture->victim = helper;
    fixture->kill_at = fixture->n_requests + g_test_rand_int_range (1, 3 * n_to_save + 2);
    g_test_message ("round %u: killed at request %u", round,
                    fixture->kill_at - fixture->n_requests);

    g_subprocess_communicate_utf8_async (helper, NULL, NULL, helper_ended_cb, &end);
    lectern_test_wait_until (end.done);
    fixture->victim = NULL;
    if (g_subprocess_get_if_signaled (helper)) {
      g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);
      n_killed++;
    } else {
      g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);
    }

    /* What it said it saved is saved. */
    lines = g_strsplit (end.output, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      if (g_str_has_prefix (lines[i], "saved "))
        g_assert_cmpint (article_state (fixture, g_ascii_strtoll (lines[i] + 6, NULL, 10)),
                         ==, LECTERN_SAVE_STATE_SAVED);
    }
    g_free (end.output);

    /* A page asked for had its row, whose adding was committed first; no page has two. */
    for (guint i = 0; i < KILL_PAGES; i++) {
      g_autofree char *path = g_strdup_printf ("/page/k%u.html", i);

      if (fixture_hits (fixture, path) > 0)
        g_hash_table_add (requested, urls[i]);
    }
    n_rows = check_library (fixture);
    g_assert_cmpuint (n_rows, >=, g_hash_table_size (requested));
    g_assert_cmpuint (n_rows, <=, KILL_PAGES);
  }
  g_test_message ("%u of %u rounds were killed", n_killed, KILL_ROUNDS);
  g_assert_cmpuint (n_killed, >, 0);

  /* The next start resumes what waits, the user tries again what was given up on, and
   * saving every page once more adds nothing: each is there, saved, once.
   */
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fetcher = lectern_fetcher_new ();
  saver = lectern_saver_new (store, fetcher);
  lectern_saver_resume_pending (saver);
  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);

  {
    g_autoptr (GArray) ids = lectern_article_store_list_ids (store, LECTERN_FILTER_ALL,
                                                            LECTERN_SORT_OLDEST, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < ids->len; i++) {
      gint64 id = g_array_index (ids, gint64, i);

      if (article_state (fixture, id) == LECTERN_SAVE_STATE_FAILED) {
        Outcome outcome = { 0, FALSE, NULL, FALSE };

        lectern_saver_retry_async (saver, id, NULL, saved_cb, &outcome);
        lectern_test_wait_until (outcome.done);
        g_assert_no_error (outcome.error);
      }
    }
  }

  for (guint i = 0; i < KILL_PAGES; i++) {
    Outcome outcome = { 0, FALSE, NULL, FALSE };

    lectern_saver_save_url_async (saver, urls[i], NULL, saved_cb, &outcome);
    lectern_test_wait_until (outcome.done);
    g_assert_no_error (outcome.error);
  }

  g_assert_cmpuint (check_library (fixture), ==, KILL_PAGES);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM articles WHERE save_state = 0"),
                   ==, KILL_PAGES);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM saves"), ==, 0);
  /* Each page's own image and the one they share. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM images"), ==, KILL_PAGES + 1);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  lectern_test_finalize_object (g_steal_pointer (&saver));
  lectern_article_store_close (store);
  for (guint i = 0; i < KILL_PAGES; i++)
    g_free (urls[i]);
}

/* An import leaves thousands of links pending: they are saved a few at a time, so the
 * store's worker and the fetcher are never buried under them, and all of them are
 * saved in the end.
 */
static void
test_resume_a_few_at_a_time (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_import_entry_free);
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GArray) outcomes = NULL;
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 20;

  saver = saver_new (fixture->path, &store);
  for (guint i = 0; i < n; i++) {
    LecternImportEntry *entry = lectern_import_entry_new ();

    entry->url = g_strdup_printf ("%s/held/imported-%u.html", fixture->base, i);
    g_ptr_array_add (entries, entry);
  }
  outcomes = lectern_article_store_import (store, entries, NULL, &error);
  g_assert_no_error (error);

  fixture->hold = TRUE;
  lectern_saver_resume_pending (saver);
  /* A few run; the others wait their turn. */
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver), >, 0);
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver) + lectern_saver_get_n_running (saver),
                    ==, n);
  g_assert_cmpuint (lectern_saver_get_n_running (saver), <=, 6);
  lectern_test_wait_until (fixture->held->len > 0);

  /* Asked again meanwhile, nothing is queued twice. */
  lectern_saver_resume_pending (saver);
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver) + lectern_saver_get_n_running (saver),
                    ==, n);

  fixture_release (fixture);
  lectern_test_wait_until (lectern_saver_get_n_waiting (saver) == 0 &&
                           lectern_saver_get_n_running (saver) == 0);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL), ==, n);
  pending = lectern_article_store_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  saver_free (g_steal_pointer (&saver), g_steal_pointer (&store));
}

/* Paused, queued saves wait while those running end; continued, they go on; stopped,
 * those not started are marked failed, each to be tried again, and the progress counts
 * what ended.
 */
static void
test_pause_and_stop (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_import_entry_free);
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GArray) outcomes = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 20;
  guint running;
  guint stopped;

  saver = saver_new (fixture->path, &store);
  for (guint i = 0; i < n; i++) {
    LecternImportEntry *entry = lectern_import_entry_new ();

    entry->url = g_strdup_printf ("%s/held/paused-%u.html", fixture->base, i);
    entry->title = g_strdup_printf ("Paused %u", i);
    g_ptr_array_add (entries, entry);
  }
  outcomes = lectern_article_store_import (store, entries, NULL, &error);
  g_assert_no_error (error);

  fixture->hold = TRUE;
  lectern_saver_resume_pending (saver);
  g_object_get (saver, "resume-total", &stopped, NULL);
  g_assert_cmpuint (stopped, ==, n);

  lectern_saver_set_resumes_paused (saver, TRUE);
  running = lectern_saver_get_n_running (saver);
  g_assert_cmpuint (running, >, 0);

  /* Those running end; none starts while paused. */
  fixture_release (fixture);
  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver), ==, n - running);
  g_object_get (saver, "resume-done", &stopped, NULL);
  g_assert_cmpuint (stopped, ==, running);

  /* Continued: the next ones start. */
  fixture->hold = TRUE;
  lectern_saver_set_resumes_paused (saver, FALSE);
  g_assert_cmpuint (lectern_saver_get_n_running (saver), >, 0);
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver), <, n - running);

  /* Stopped: the rest are failed, with their titles. */
  stopped = lectern_saver_get_n_waiting (saver);
  lectern_saver_stop_resumes (saver);
  g_assert_cmpuint (lectern_saver_get_n_waiting (saver), ==, 0);
  lectern_article_store_flush (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (store),
                                           "SELECT count(*) FROM articles WHERE save_state = 2"
                                           " AND save_error = 'Saving was stopped'"
                                           " AND title LIKE 'Paused %'"),
                   ==, stopped);

  fixture_release (fixture);
  lectern_test_wait_until (lectern_saver_get_n_running (saver) == 0);
  g_object_get (saver, "resume-total", &running, NULL);
  g_assert_cmpuint (running, ==, 0);
  saver_free (g_steal_pointer (&saver), g_steal_pointer (&store));
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && g_str_equal (argv[1], "--helper"))
    return run_helper (argc, argv);

  g_test_init (&argc, &argv, NULL);

  self_exe = g_canonicalize_filename (argv[0], NULL);

#define ADD(name, func) \
  g_test_add ("/core/resume/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("crash-loop", test_crash_loop);
  ADD ("remove-cut-off", test_remove_cut_off);
  ADD ("resume-twice", test_resume_twice);
  ADD ("save-twice", test_save_twice);
  ADD ("kill-at-random", test_kill_at_random);
  ADD ("a-few-at-a-time", test_resume_a_few_at_a_time);
  ADD ("pause-and-stop", test_pause_and_stop);

#undef ADD

  return g_test_run ();
}
