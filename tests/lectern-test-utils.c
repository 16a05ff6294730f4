/* lectern-test-utils.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-utils.h"

#include "lectern-statement.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/**
 * lectern_test_make_tmpdir:
 *
 * Returns: (transfer full): a new, empty folder under the system's temporary folder
 */
char *
lectern_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("lectern-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

/**
 * lectern_test_rm_rf:
 * @path: a file or folder
 *
 * Removes @path and everything below it. Restores write permission first, since tests make
 * read-only files on purpose.
 */
void
lectern_test_rm_rf (const char *path)
{
  GDir *dir;

  if (!g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return;

  g_chmod (path, 0700);
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
    const char *name;

    dir = g_dir_open (path, 0, NULL);
    while (dir && (name = g_dir_read_name (dir))) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      lectern_test_rm_rf (child);
    }
    g_clear_pointer (&dir, g_dir_close);
    g_rmdir (path);
  } else {
    g_unlink (path);
  }
}

/**
 * lectern_test_read_data:
 * @name: a path below tests/data
 * @length: (out) (optional): the length read
 *
 * Returns: (transfer full): the bytes of the fixture, NUL-terminated
 */
char *
lectern_test_read_data (const char *name,
                        gsize      *length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/**
 * lectern_test_article_new:
 *
 * Returns: (transfer full): a saved article with the given fields and counts that match
 */
LecternArticle *
lectern_test_article_new (const char *title,
                          const char *url,
                          const char *body_html)
{
  LecternArticle *article = lectern_article_new ();
  guint words = 0;

  for (const char *p = body_html; p && *p; p++)
    if (*p == ' ')
      words++;

  lectern_article_set_title (article, title);
  lectern_article_set_url (article, url);
  lectern_article_set_canonical_url (article, url);
  lectern_article_set_body_html (article, body_html);
  lectern_article_set_plain_text (article, body_html);
  lectern_article_set_word_count (article, words);
  lectern_article_set_reading_minutes (article, MAX (1, words / 230));
  lectern_article_set_save_state (article, LECTERN_SAVE_STATE_SAVED);
  return article;
}

/**
 * lectern_test_dup_shown:
 * @text: (nullable): a test's input, maybe not UTF-8
 *
 * Returns: (transfer full): @text as a test message may show it: TAP output must be UTF-8
 */
char *
lectern_test_dup_shown (const char *text)
{
  return text ? g_utf8_make_valid (text, -1) : g_strdup ("(null)");
}

/**
 * lectern_test_read_zip:
 * @bytes: a ZIP archive
 *
 * Returns: (transfer full): its members, by name, each as a NUL-terminated string
 */
GHashTable *
lectern_test_read_zip (GBytes *bytes)
{
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  archive_read_support_format_zip_seekable (archive);
  g_assert_cmpint (archive_read_open_memory (archive, data, size), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK) {
    g_autoptr (GByteArray) content = g_byte_array_new ();
    char buffer[8192];
    la_ssize_t n;

    while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
      g_byte_array_append (content, (guint8 *)buffer, n);
    g_assert_cmpint (n, ==, 0);
    g_byte_array_append (content, (guint8 *)"", 1);
    g_hash_table_insert (members, g_strdup (archive_entry_pathname_utf8 (entry)),
                         g_byte_array_free (g_steal_pointer (&content), FALSE));
  }
  archive_read_free (archive);

  return members;
}

/**
 * lectern_test_highlight_new:
 * @article_id: the article the highlight is of
 * @body_html: its body
 * @passage: text the body has
 * @nth: which of its places in the text, from 0
 *
 * Returns: (transfer full): a yellow highlight of the @nth @passage of the article's text, as
 *   the reader makes it
 */
LecternHighlight *
lectern_test_highlight_new (gint64      article_id,
                            const char *body_html,
                            const char *passage,
                            guint       nth)
{
  g_autofree char *text = lectern_highlight_text_from_html (body_html);
  g_autoptr (LecternTextSelector) selector = NULL;
  const char *at = strstr (text, passage);
  glong start;

  for (guint i = 0; at && i < nth; i++)
    at = strstr (g_utf8_next_char (at), passage);
  g_assert_nonnull (at);

  start = g_utf8_pointer_to_offset (text, at);
  selector = lectern_text_selector_new_for_range (text, start,
                                                  start + g_utf8_strlen (passage, -1));
  g_assert_nonnull (selector);
  g_assert_cmpstr (selector->exact, ==, passage);
  return lectern_highlight_new (article_id, selector);
}

/* What the innermost wait is waiting for, written out when meson ends the test. */
struct _LecternTestWait
{
  LecternTestWait *outer;
  guint            tick_id;
  char             message[512];
  gsize            message_len;
};

static LecternTestWait *current_wait;

static void
wait_report_handler (int signum)
{
  static const char prefix[] = "\nlectern-test: ended while waiting at ";
  LecternTestWait *wait = current_wait;

  /* Only async-signal-safe calls here: the message was formatted when the wait began. */
  if (wait) {
    G_GNUC_UNUSED ssize_t n;

    n = write (STDERR_FILENO, prefix, sizeof prefix - 1);
    n = write (STDERR_FILENO, wait->message, wait->message_len);
  }
  signal (signum, SIG_DFL);
  raise (signum);
}

static gboolean
wait_tick_cb (gpointer data)
{
  /* Nothing to do: the wake-up alone makes the waiting loop look at its condition again. */
  return G_SOURCE_CONTINUE;
}

/**
 * lectern_test_finalize_object:
 * @object: (transfer full): a #GObject the caller holds the last reference to
 *
 * Drops the reference and waits until @object is finalized. A #GTask run in a thread keeps
 * its source object until the worker thread lets go of the task, which may be just after
 * the task's callback ran here; g_assert_finalize_object() would then fail by chance. An
 * object that is never finalized keeps the test waiting until meson's timeout, and the log
 * names this wait.
 */
void
lectern_test_finalize_object (gpointer object)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  lectern_test_wait_until (g_atomic_pointer_get (&weak) == NULL);
}

/**
 * lectern_test_wait_begin:
 *
 * The start of lectern_test_wait_until(); tests use the macro.
 *
 * Returns: (transfer full): the wait, for lectern_test_wait_end()
 */
LecternTestWait *
lectern_test_wait_begin (const char *condition,
                         const char *file,
                         int         line)
{
  static gsize handlers_installed;
  LecternTestWait *wait = g_new0 (LecternTestWait, 1);
  g_autofree char *base = g_path_get_basename (file);

  if (g_once_init_enter (&handlers_installed)) {
    signal (SIGTERM, wait_report_handler);
    signal (SIGINT, wait_report_handler);
    g_once_init_leave (&handlers_installed, 1);
  }

  g_snprintf (wait->message, sizeof wait->message, "%s:%d until %s\n", base, line, condition);
  wait->message_len = strlen (wait->message);
  /* Conditions may depend on another thread or process, which does not wake this context. */
  wait->tick_id = g_timeout_add (5, wait_tick_cb, NULL);
  wait->outer = current_wait;
  current_wait = wait;
  return wait;
}

/**
 * lectern_test_wait_end:
 *
 * The end of lectern_test_wait_until(); tests use the macro.
 */
void
lectern_test_wait_end (LecternTestWait *wait)
{
  g_assert (current_wait == wait);

  current_wait = wait->outer;
  g_clear_handle_id (&wait->tick_id, g_source_remove);
  g_free (wait);
}

/**
 * lectern_test_query_int:
 * @database: an open library
 * @sql: a query whose first row's first column is a number
 *
 * Returns: that number
 */
gint64
lectern_test_query_int (LecternDatabase *database,
                        const char      *sql)
{
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = lectern_database_prepare (database, sql, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_statement_step (stmt, &error));
  g_assert_no_error (error);
  return lectern_statement_column_int64 (stmt, 0);
}

static void
index_built_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lectern_article_store_build_index_finish (LECTERN_ARTICLE_STORE (object),
                                                           result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/**
 * lectern_test_build_index:
 * @store: a store whose search index waits to be built
 *
 * Builds @store's search index on its thread, as the application does at start-up, and
 * runs the main context until it is complete.
 */
void
lectern_test_build_index (LecternArticleStore *store)
{
  gboolean built = FALSE;

  lectern_article_store_build_index_async (store, NULL, index_built_cb, &built);
  lectern_test_wait_until (built);
}
