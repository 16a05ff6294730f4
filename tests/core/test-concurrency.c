/* test-concurrency.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-fetcher.h"
#include "lectern-saver.h"
#include "lectern-sqlite-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Several processes share one library here: the window and `lectern --save` from a
 * script, or two `--save` runs. The test binary is also the other process: run with
 * `--helper MODE …` it does one of the jobs below instead of the tests, and says how it
 * went with its exit status and a last line on standard output.
 */

/* The tests wait for what the helpers say and do, never for a time: a hang is ended by
 * meson's timeout. A helper whose test has gone ends too.
 */

/* A page with two images: /%s.png, which the server treats specially, and a quick one. */
#define PAGE \
  LECTERN_TEST_ARTICLE_PAGE ("Shared", "<p><img src=\"/%s.png\" alt=\"special\">" \
                                       "<img src=\"/quick.png\" alt=\"quick\"></p>")

#define IMAGE_PREFIX "lectern://image/"

static const char png_magic[] = "\x89PNG\r\n\x1a\n";

static char *self_exe;

/* Checking articles, in any process. */

typedef struct {
  guint n_articles;
  guint n_saved;
  guint n_pending;
  guint n_failed;
} Census;

/* The words of a test article: its number, spelled out as that many words. */
static char *
words_for (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i <= n % 50; i++)
    g_string_append (text, i == 0 ? "word" : " word");

  return g_string_free (text, FALSE);
}

static guint
count_words (const char *text)
{
  guint n = 0;

  for (const char *p = strstr (text, "word"); p; p = strstr (p + 1, "word"))
    n++;

  return n;
}

/* Looks up every image the body of @article shows. Sets @missing to the first that is not
 * in the library.
 */
static gboolean
find_images (LecternArticleStore  *store,
             LecternArticle       *article,
             char                **missing,
             GError              **error)
{
  const char *body = lectern_article_get_body_html (article);

  for (const char *p = strstr (body, IMAGE_PREFIX); p; p = strstr (p + 1, IMAGE_PREFIX)) {
    g_autofree char *sha256 = g_strndup (p + strlen (IMAGE_PREFIX), 64);
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) local_error = NULL;
    g_autofree char *content_type = NULL;

    data = lectern_article_store_get_image (store, sha256, &content_type, &local_error);
    if (g_error_matches (local_error, LECTERN_DATABASE_ERROR,
                         LECTERN_DATABASE_ERROR_NOT_FOUND)) {
      *missing = g_steal_pointer (&sha256);
      return TRUE;
    }

    if (local_error) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  }

  return TRUE;
}

/* Loads article @id whole and checks that it is consistent: written by one transaction,
 * never half of one. Articles added by write_articles () say how many words they have;
 * saved ones have their images stored.
 */
static gboolean
check_article (LecternArticleStore  *store,
               gint64                id,
               Census               *census,
               GError              **error)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *missing = NULL;
  const char *body;
  const char *title;

  article = lectern_article_store_get (store, id, error);
  if (!article)
    return FALSE;

  body = lectern_article_get_body_html (article);
  title = lectern_article_get_title (article);

  switch (lectern_article_get_save_state (article)) {
    case LECTERN_SAVE_STATE_PENDING:
      if (body) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pending %" G_GINT64_FORMAT
                     " has a body", id);
        return FALSE;
      }
      census->n_articles++;
      census->n_pending++;
      return TRUE;

    case LECTERN_SAVE_STATE_FAILED:
      census->n_articles++;
      census->n_failed++;
      return TRUE;

    case LECTERN_SAVE_STATE_SAVED:
      break;

    default:
      g_assert_not_reached ();
  }

  if (!body || !title || !*title) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "saved %" G_GINT64_FORMAT
                 " has no body or title", id);
    return FALSE;
  }

  if (g_str_has_prefix (title, "words ")) {
    guint n = g_ascii_strtoull (title + strlen ("words "), NULL, 10);

    if (count_words (body) != n % 50 + 1 ||
        lectern_article_get_word_count (article) != n % 50 + 1 ||
        g_strcmp0 (body, lectern_article_get_plain_text (article)) != 0) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "article %s is torn", title);
      return FALSE;
    }
  }

  /* Every image the body shows is in the library: the article and its images were
   * committed together. The images are read after the article, by other statements, so
   * an image may be gone because the article was saved again meanwhile (which deletes
   * the images it no longer uses); then the article is checked again. If it is still the
   * same, the image was missing while the article showed it.
   */
  if (!find_images (store, article, &missing, error))
    return FALSE;

  if (missing) {
    g_autoptr (LecternArticle) again = lectern_article_store_get (store, id, error);

    if (!again)
      return FALSE;

    if (lectern_article_get_updated_at (again) != lectern_article_get_updated_at (article))
      return check_article (store, id, census, error);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "image %s of article %s is missing",
                 missing, title);
    return FALSE;
  }

  census->n_articles++;
  census->n_saved++;
  return TRUE;
}

/* Opens the library, checks every article in it and closes it again, the way a
 * `lectern --save` run or a second window does.
 */
static gboolean
open_check_close (const char  *path,
                  Census      *census,
                  GError     **error)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GPtrArray) articles = NULL;

  memset (census, 0, sizeof *census);

  store = lectern_article_store_new (path, error);
  if (!store)
    return FALSE;

  if (lectern_article_store_get_moved_aside (store)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the library was moved aside to %s",
                 lectern_article_store_get_moved_aside (store));
    return FALSE;
  }

  articles = lectern_article_store_list (store, LECTERN_FILTER_ALL, LECTERN_SORT_OLDEST,
                                         error);
  if (!articles)
    return FALSE;

  for (guint i = 0; i < articles->len; i++) {
    LecternArticle *article = g_ptr_array_index (articles, i);

    if (!check_article (store, lectern_article_get_id (article), census, error))
      return FALSE;
  }

  lectern_article_store_close (store);
  return TRUE;
}

static void
print_census (const Census *census)
{
  g_print ("articles=%u saved=%u pending=%u failed=%u\n", census->n_articles,
           census->n_saved, census->n_pending, census->n_failed);
}

/* The helper process. */

/* The test that started this helper, which ends it when it goes. */
static pid_t test_pid;

/* Waits for a line on standard input: the test's word to go on. */
static gboolean
wait_for_word (const char *helper)
{
  char line[64];

  if (!fgets (line, sizeof line, stdin)) {
    g_printerr ("%s: the test went without a word\n", helper);
    return FALSE;
  }
  return TRUE;
}

/* `loop PATH STOP ROUNDS`: opens, reads and closes the library, round after round, until the
 * file STOP appears, then prints what it saw last. After each round it writes how many it
 * has done to the file ROUNDS, so the test can wait for a round that began after a change.
 */
static int
helper_loop (const char *path,
             const char *stop,
             const char *rounds_path)
{
  Census census = { 0, };
  guint rounds = 0;

  for (;;) {
    g_autoptr (GError) error = NULL;
    g_autofree char *count = NULL;
    gboolean stopping = g_file_test (stop, G_FILE_TEST_EXISTS);

    if (!open_check_close (path, &census, &error)) {
      g_printerr ("loop, round %u: %s\n", rounds, error->message);
      return 1;
    }
    rounds++;

    if (stopping)
      break;

    if (getppid () != test_pid) {
      g_printerr ("loop: the test went without telling it to stop\n");
      return 1;
    }

    count = g_strdup_printf ("%u", rounds);
    if (!g_file_set_contents (rounds_path, count, -1, &error)) {
      g_printerr ("loop: %s\n", error->message);
      return 1;
    }
  }

  g_printerr ("loop: %u rounds\n", rounds);
  print_census (&census);
  return 0;
}

typedef struct {
  guint n_done;
  guint n_failed;
} Adds;

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Adds *adds = user_data;
  g_autoptr (GError) error = NULL;

  if (lectern_article_store_add_finish (LECTERN_ARTICLE_STORE (object), result, &error) == 0) {
    g_printerr ("add: %s\n", error->message);
    adds->n_failed++;
  }
  adds->n_done++;
}

/* Adds @n articles to @path, queuing a few at a time on the store's worker, and between
 * those opens, reads and closes the library, like a window that saves while the user
 * runs `lectern --save` (in the same process here, with a store of its own).
 */
static gboolean
write_articles (const char  *path,
                const char  *prefix,
                guint        n,
                GError     **error)
{
  g_autoptr (LecternArticleStore) store = NULL;
  Adds adds = { 0, };
  guint n_queued = 0;

  store = lectern_article_store_new (path, error);
  if (!store)
    return FALSE;

  while (adds.n_done < n) {
    Census census;

    for (guint i = 0; i < 10 && n_queued < n; i++, n_queued++) {
      g_autofree char *title = g_strdup_printf ("words %u", n_queued);
      g_autofree char *url = g_strdup_printf ("https://%s.example/%u", prefix, n_queued);
      g_autofree char *words = words_for (n_queued);
      g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, words);

      lectern_article_set_word_count (article, n_queued % 50 + 1);
      lectern_article_store_add_async (store, article, NULL, added_cb, &adds);
    }

    if (!open_check_close (path, &census, error))
      return FALSE;

    while (g_main_context_iteration (NULL, FALSE))
      ;
  }

  lectern_article_store_close (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (adds.n_failed > 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%u of %u adds failed",
                 adds.n_failed, n);
    return FALSE;
  }

  return TRUE;
}

static int
helper_write (const char *path,
              const char *prefix,
              const char *n)
{
  g_autoptr (GError) error = NULL;

  if (!write_articles (path, prefix, g_ascii_strtoull (n, NULL, 10), &error)) {
    g_printerr ("write: %s\n", error->message);
    return 1;
  }

  g_print ("done\n");
  return 0;
}

/* `check PATH`: opens the library once and prints what it holds. */
static int
helper_check (const char *path)
{
  g_autoptr (GError) error = NULL;
  Census census;

  if (!open_check_close (path, &census, &error)) {
    g_printerr ("check: %s\n", error->message);
    return 1;
  }

  print_census (&census);
  return 0;
}

/* `hold PATH`: takes the write lock of the library, as another process's long write would,
 * prints "locked" once it has it, and holds it until the test says a word.
 */
static int
helper_hold (const char *path)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (path, FALSE, &error);
  if (!db || !lectern_database_begin (db, &error)) {
    g_printerr ("hold: %s\n", error->message);
    return 1;
  }

  g_print ("locked\n");
  fflush (stdout);
  if (!wait_for_word ("hold"))
    return 1;

  if (!lectern_database_commit (db, &error)) {
    g_printerr ("hold: %s\n", error->message);
    return 1;
  }

  g_print ("released\n");
  return 0;
}

/* `open PATH`: prints "ready", waits for the test's word, then opens the library, reads it
 * and closes it; started several times at once, on a library that does not exist yet.
 */
static int
helper_open (const char *path)
{
  g_autoptr (GError) error = NULL;
  Census census;

  g_print ("ready\n");
  fflush (stdout);
  if (!wait_for_word ("open"))
    return 1;

  if (!open_check_close (path, &census, &error)) {
    g_printerr ("open: %s\n", error->message);
    return 1;
  }

  print_census (&census);
  return 0;
}

static int
run_helper (int    argc,
            char **argv)
{
  const char *mode = argv[2];

  test_pid = getppid ();
  if (g_str_equal (mode, "loop") && argc == 6)
    return helper_loop (argv[3], argv[4], argv[5]);
  if (g_str_equal (mode, "write") && argc == 6)
    return helper_write (argv[3], argv[4], argv[5]);
  if (g_str_equal (mode, "check") && argc == 4)
    return helper_check (argv[3]);
  if (g_str_equal (mode, "hold") && argc == 4)
    return helper_hold (argv[3]);
  if (g_str_equal (mode, "open") && argc == 4)
    return helper_open (argv[3]);

  g_printerr ("Unknown helper %s\n", mode);
  return 2;
}

/* The tests' side. */

typedef struct {
  char *dir;
  char *path;
  char *stop;
  char *rounds;
  /* A web server for the saver, started by the tests that save. */
  SoupServer *server;
  char *base;
  /* /slow.png, which the server answers once the test releases it. */
  SoupServerMessage *slow;
  /* A helper that /locked.png starts, which holds the library's write lock. */
  GSubprocess *holder;
  /* Whether a save found the library locked and is writing again. */
  gboolean met_lock;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->stop = g_build_filename (fixture->dir, "stop", NULL);
  fixture->rounds = g_build_filename (fixture->dir, "rounds", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  /* Nothing was ever taken for a damaged library. */
  while (dir && (name = g_dir_read_name (dir)))
    g_assert_null (strstr (name, ".corrupt-"));

  _lectern_database_set_busy_timeout (0);
  if (fixture->server)
    soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->slow);
  g_clear_object (&fixture->holder);

  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->stop);
  g_free (fixture->rounds);
  g_free (fixture->base);
}

static GSubprocess *
spawn_helper (const char *mode,
              ...) G_GNUC_NULL_TERMINATED;

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

  /* Its standard output is read by the test, never mixed into the TAP stream; its standard
   * input is where the test says its word.
   */
  helper = g_subprocess_newv ((const char * const *)args->pdata,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  g_assert_no_error (error);
  return helper;
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

/* Waits for @helper to end, while the main context runs, and checks that it went well.
 * Returns its last line of output.
 */
static char *
wait_helper (GSubprocess *helper)
{
  HelperEnd end = { NULL, FALSE };
  g_auto (GStrv) lines = NULL;
  guint n_lines;

  g_subprocess_communicate_utf8_async (helper, NULL, NULL, helper_ended_cb, &end);
  lectern_test_wait_until (end.done);

  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);

  lines = g_strsplit (g_strstrip (end.output), "\n", -1);
  n_lines = g_strv_length (lines);
  g_free (end.output);
  g_assert_cmpuint (n_lines, >, 0);
  return g_strdup (lines[n_lines - 1]);
}

static void
stop_helpers (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (fixture->stop, "", 0, &error);
  g_assert_no_error (error);
}

/* What another process, opening the library now, finds in it. */
static char *
check_elsewhere (Fixture *fixture)
{
  g_autoptr (GSubprocess) helper = spawn_helper ("check", fixture->path, NULL);

  return wait_helper (helper);
}

/* Starts the helper that opens, reads and closes the library round after round. */
static GSubprocess *
spawn_loop (Fixture *fixture)
{
  return spawn_helper ("loop", fixture->path, fixture->stop, fixture->rounds, NULL);
}

/* How many rounds the loop helper has done. */
static guint
loop_rounds (Fixture *fixture)
{
  g_autofree char *count = NULL;

  if (!g_file_get_contents (fixture->rounds, &count, NULL, NULL))
    return 0;
  return g_ascii_strtoull (count, NULL, 10);
}

/* Waits until the loop helper has done a whole round that began after now: it has seen the
 * library as it is now.
 */
static void
wait_loop_round (Fixture *fixture)
{
  guint now = loop_rounds (fixture);

  lectern_test_wait_until (loop_rounds (fixture) >= now + 2);
}

/* Reads a helper's first line, which it prints once it is where the test wants it. */
static char *
read_first_line (GSubprocess *helper)
{
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GError) error = NULL;
  char *line;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  /* One line, so the buffer never reads past it: wait_helper () reads the rest. */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

/* Says the word a helper waits for. */
static void
tell_helper (GSubprocess *helper)
{
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all (g_subprocess_get_stdin_pipe (helper), "go\n", 3, NULL, NULL,
                             &error);
  g_assert_no_error (error);
}

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

static LecternStoredImage *
stored_image_new (const char *tag,
                  gsize       size)
{
  g_autoptr (GBytes) data = make_png (tag, size);
  g_autofree char *sha256 = NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  return lectern_stored_image_new (sha256, "image/png", data);
}

/* An article as the saver would store it in a pending row, with @n_images images. */
static LecternArticle *
saved_article_new (const char *title,
                   GPtrArray  *images)
{
  LecternArticle *article = lectern_article_new ();
  GString *body = g_string_new ("<p>");

  for (guint i = 0; i < images->len; i++) {
    LecternStoredImage *image = g_ptr_array_index (images, i);

    g_string_append_printf (body, "<img src=\"" IMAGE_PREFIX "%s\" alt=\"\">", image->sha256);
  }
  g_string_append (body, "</p>");

  lectern_article_set_title (article, title);
  lectern_article_set_body_html (article, body->str);
  lectern_article_set_plain_text (article, title);
  lectern_article_set_word_count (article, 1);
  g_string_free (body, TRUE);
  return article;
}

typedef struct {
  GError *error;
  gboolean done;
} Outcome;

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (object), result,
                                      &outcome->error);
  outcome->done = TRUE;
}

/* The web server the saver fetches from. */

/* Starts the helper that holds the library's write lock until it is told to let go, and
 * returns once it has the lock.
 */
static GSubprocess *
hold_lock (Fixture *fixture)
{
  g_autofree char *line = NULL;
  GSubprocess *holder;

  holder = spawn_helper ("hold", fixture->path, NULL);
  line = read_first_line (holder);
  g_assert_cmpstr (line, ==, "locked");
  return holder;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (path, "/page.html") || g_str_equal (path, "/locked.html")) {
    g_autofree char *page = NULL;

    page = g_strdup_printf (PAGE, g_str_equal (path, "/page.html") ? "slow" : "locked");
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                      page, strlen (page));
    return;
  }

  if (g_str_has_suffix (path, ".png")) {
    g_autoptr (GBytes) png = make_png (path, 4000);

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (png, NULL), g_bytes_get_size (png));

    /* The slow image keeps the save in the middle of its work until the test lets it go. */
    if (g_str_equal (path, "/slow.png")) {
      g_assert_null (fixture->slow);
      soup_server_message_pause (msg);
      fixture->slow = g_object_ref (msg);
    }

    /* Another process takes the write lock just before the save writes its article. */
    if (g_str_equal (path, "/locked.png"))
      fixture->holder = hold_lock (fixture);

    return;
  }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_start_server (Fixture *fixture)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen (fixture->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

typedef struct {
  gint64 id;
  GError *error;
  gboolean done;
} Saved;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saved *saved = user_data;

  saved->id = lectern_saver_save_finish (LECTERN_SAVER (object), result, NULL, &saved->error);
  saved->done = TRUE;
}

/* Saves @path of the test server with a saver of its own, the way the window does. Then,
 * while this process still has the library open, stops the helpers and checks that
 * @watcher, if given, saw the article saved.
 */
static void
save_page (Fixture     *fixture,
           const char  *path,
           GSubprocess *watcher)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternFetcher) fetcher = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  Saved saved = { 0, NULL, FALSE };
  Census census = { 0, };

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fetcher = lectern_fetcher_new ();
  lectern_fetcher_set_timeout (fetcher, 10);
  saver = lectern_saver_new (store, fetcher);

  lectern_saver_save_url_async (saver, url, NULL, saved_cb, &saved);

  /* The save is in the middle of its work, its row pending, until the other process has
   * opened, read and closed the library.
   */
  if (watcher) {
    lectern_test_wait_until (fixture->slow != NULL);
    wait_loop_round (fixture);
    soup_server_message_unpause (fixture->slow);
    g_clear_object (&fixture->slow);
  }

  lectern_test_wait_until (saved.done);
  g_assert_no_error (saved.error);

  /* This process sees it saved, images and all. */
  g_assert_true (check_article (store, saved.id, &census, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (census.n_saved, ==, 1);
  article = lectern_article_store_get (store, saved.id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lectern_article_get_body_html (article), IMAGE_PREFIX));

  if (watcher) {
    g_autofree char *line = NULL;

    wait_loop_round (fixture);
    stop_helpers (fixture);
    line = wait_helper (watcher);
    g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
  }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&saver);
  lectern_article_store_close (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The tests. */

static void
test_writes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GSubprocess) writer = NULL;
  g_autoptr (GSubprocess) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  /* Two processes add 200 articles each, on their store's worker, while their main
   * thread opens, reads and closes the library again and again; a third only opens,
   * reads and closes it.
   */
  writer = spawn_helper ("write", fixture->path, "other", "200", NULL);
  reader = spawn_loop (fixture);
  write_articles (fixture->path, "this", 200, &error);
  g_assert_no_error (error);
  g_free (wait_helper (writer));

  stop_helpers (fixture);
  line = wait_helper (reader);
  g_assert_cmpstr (line, ==, "articles=400 saved=400 pending=0 failed=0");
  g_clear_pointer (&line, g_free);

  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=400 saved=400 pending=0 failed=0");
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (GSubprocess) other = NULL;
  g_autofree char *line = NULL;

  /* The window saves a page whose image comes only after `lectern --save`, in another
   * process, has opened, read and closed the library.
   */
  fixture_start_server (fixture);
  other = spawn_loop (fixture);
  save_page (fixture, "/page.html", other);

  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
}

static void
test_pending_forever (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (GSubprocess) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  Outcome outcome = { NULL, FALSE };
  gint64 id;

  /* The window's process has a pending row, fetched and about to be stored… */
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  id = lectern_article_store_add_pending (store, "https://example.com/a",
                                          "https://example.com/a", &error);
  g_assert_no_error (error);

  /* …while `lectern --save` runs now and again in another, and sees it. */
  other = spawn_loop (fixture);
  wait_loop_round (fixture);

  images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  g_ptr_array_add (images, stored_image_new ("one", 2000));
  g_ptr_array_add (images, stored_image_new ("two", 3000));
  article = saved_article_new ("Stored", images);
  lectern_article_store_finish_save_async (store, id, article, images, NULL, write_done_cb,
                                           &outcome);
  lectern_test_wait_until (outcome.done);
  g_assert_no_error (outcome.error);

  /* The other process, still opening and closing, sees the article stored. */
  wait_loop_round (fixture);
  stop_helpers (fixture);
  line = wait_helper (other);
  g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
  g_clear_pointer (&line, g_free);

  lectern_article_store_close (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
}

static void
test_no_torn_reads (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GSubprocess) reader = NULL;
  g_autoptr (GSubprocess) writer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 ids[3];

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_autofree char *url = g_strdup_printf ("https://example.com/%u", i);

    ids[i] = lectern_article_store_add_pending (store, url, url, &error);
    g_assert_no_error (error);
  }

  /* One process reads every article whole, again and again, and checks that its images
   * are there; another adds articles meanwhile. Each save here replaces the article's
   * images, and the ones it no longer uses are deleted in the same transaction.
   */
  reader = spawn_loop (fixture);
  writer = spawn_helper ("write", fixture->path, "other", "100", NULL);

  for (guint round = 0; round < 60; round++) {
    g_autoptr (GPtrArray) images = NULL;
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *title = g_strdup_printf ("Round %u", round);

    images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
    for (guint i = 0; i < 3; i++) {
      g_autofree char *tag = g_strdup_printf ("round %u image %u", round, i);

      g_ptr_array_add (images, stored_image_new (tag, 20000));
    }

    article = saved_article_new (title, images);
    lectern_article_store_finish_save (store, ids[round % G_N_ELEMENTS (ids)], article,
                                       images, &error);
    g_assert_no_error (error);
    /* The reader reads the library between every two saves. */
    wait_loop_round (fixture);
  }

  g_free (wait_helper (writer));
  stop_helpers (fixture);
  line = wait_helper (reader);
  g_assert_cmpstr (line, ==, "articles=103 saved=103 pending=0 failed=0");
  g_clear_pointer (&line, g_free);

  lectern_article_store_close (store);
  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=103 saved=103 pending=0 failed=0");
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GPtrArray) helpers = g_ptr_array_new_with_free_func (g_object_unref);

  /* Several `lectern --save` runs start at once, and no library exists yet: one creates
   * it, and the others neither fail nor take it for some other program's database.
   */
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (helpers, spawn_helper ("open", fixture->path, NULL));

  /* Every one has started and waits for the word; then they all go together. */
  for (guint i = 0; i < helpers->len; i++) {
    g_autofree char *line = read_first_line (g_ptr_array_index (helpers, i));

    g_assert_cmpstr (line, ==, "ready");
  }
  for (guint i = 0; i < helpers->len; i++)
    tell_helper (g_ptr_array_index (helpers, i));

  for (guint i = 0; i < helpers->len; i++) {
    g_autofree char *line = wait_helper (g_ptr_array_index (helpers, i));

    g_assert_cmpstr (line, ==, "articles=0 saved=0 pending=0 failed=0");
  }
}

static void
test_open_while_locked (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticleStore) waiting = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GSubprocess) holder = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start;

  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);
  g_clear_object (&store);

  /* Another process is in the middle of a long write, until it is told to end it. */
  holder = hold_lock (fixture);

  /* Opening an up-to-date library writes nothing, so it neither waits for the lock nor
   * fails for it; reading does not wait either.
   */
  start = g_get_monotonic_time ();
  store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  articles = lectern_article_store_list (store, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);

  /* A write waits for the lock, and when it is held for too long, fails and says so
   * rather than hang or get lost.
   */
  _lectern_database_set_busy_timeout (300);
  waiting = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  article = lectern_test_article_new ("words 0", "https://example.com/", "word");
  lectern_article_set_word_count (article, 1);
  start = g_get_monotonic_time ();
  g_assert_cmpint (lectern_article_store_add (waiting, article, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_BUSY);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);
  g_clear_error (&error);

  /* Once the other process is done, the same write goes through. */
  tell_helper (holder);
  line = wait_helper (holder);
  g_assert_cmpstr (line, ==, "released");
  g_assert_cmpint (lectern_article_store_add (waiting, article, &error), >, 0);
  g_assert_no_error (error);

  lectern_article_store_close (waiting);
  lectern_article_store_close (store);
  g_clear_pointer (&line, g_free);
  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
}

/* The saver says in the log when it finds the library locked and writes again: then the
 * other process lets go of the lock.
 */
static void
saver_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  Fixture *fixture = user_data;

  if (!g_str_has_prefix (message, "The library is locked; writing ") || fixture->met_lock)
    return;

  fixture->met_lock = TRUE;
  g_assert_nonnull (fixture->holder);
  tell_helper (fixture->holder);
}

static void
test_save_waits_for_lock (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *line = NULL;
  guint handler;

  /* Another process holds the write lock just as the save is about to store its article,
   * longer than one write waits here: the save tries again, and once the other process has
   * let go, stores it.
   */
  _lectern_database_set_busy_timeout (400);
  handler = g_log_set_handler ("lectern-core", G_LOG_LEVEL_DEBUG, saver_log_cb, fixture);
  fixture_start_server (fixture);
  save_page (fixture, "/locked.html", NULL);
  g_log_remove_handler ("lectern-core", handler);
  g_assert_true (fixture->met_lock);

  g_assert_nonnull (fixture->holder);
  line = wait_helper (fixture->holder);
  g_assert_cmpstr (line, ==, "released");
  g_clear_pointer (&line, g_free);

  line = check_elsewhere (fixture);
  g_assert_cmpstr (line, ==, "articles=1 saved=1 pending=0 failed=0");
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
  g_test_add ("/core/concurrency/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("writes", test_writes);
  ADD ("save", test_save);
  ADD ("pending-forever", test_pending_forever);
  ADD ("no-torn-reads", test_no_torn_reads);
  ADD ("create", test_create);
  ADD ("open-while-locked", test_open_while_locked);
  ADD ("save-waits-for-lock", test_save_waits_for_lock);

#undef ADD

  return g_test_run ();
}
