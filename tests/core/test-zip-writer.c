/* test-zip-writer.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-zip-writer.h"
#include "lectern-test-utils.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

/* The ZIP archives exports are written in, read back the way other programs read them:
 * through the central directory at the end.
 */

static GBytes *
write_archive (LecternZipWriterFlags flags)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (LecternZipWriter) writer = lectern_zip_writer_new (stream, flags, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *big = g_strnfill (200000, 'x');

  g_assert_true (lectern_zip_writer_add (writer, "mimetype", "application/epub+zip", 20, FALSE,
                                         &error));
  g_assert_no_error (error);
  g_assert_true (lectern_zip_writer_add (writer, "文章/第一篇.md", "# 标题\n", strlen ("# 标题\n"),
                                         TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_zip_writer_add (writer, "big.txt", big, 200000, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_zip_writer_add (writer, "empty", "", 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (lectern_zip_writer_close (writer, &error));
  g_assert_no_error (error);

  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Reads every member through the central directory, which gives each one's offset. */
static GHashTable *
read_archive (GBytes *bytes)
{
  g_autoptr (GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify)g_bytes_unref);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  int status;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  archive_read_support_format_zip_seekable (archive);
  g_assert_cmpint (archive_read_open_memory (archive, data, size), ==, ARCHIVE_OK);

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK) {
    g_autoptr (GByteArray) content = g_byte_array_new ();
    char buffer[8192];
    la_ssize_t n;

    while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
      g_byte_array_append (content, (guint8 *)buffer, n);
    g_assert_cmpint (n, ==, 0);

    g_hash_table_insert (members, g_strdup (archive_entry_pathname_utf8 (entry)),
                         g_byte_array_free_to_bytes (g_steal_pointer (&content)));
  }

  g_assert_cmpint (status, ==, ARCHIVE_EOF);
  archive_read_free (archive);
  return g_steal_pointer (&members);
}

static void
assert_member (GHashTable *members,
               const char *path,
               const char *expected,
               gsize       size)
{
  GBytes *bytes = g_hash_table_lookup (members, path);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, size);
}

static void
check_members (GBytes *bytes)
{
  g_autoptr (GHashTable) members = read_archive (bytes);
  g_autofree char *big = g_strnfill (200000, 'x');

  g_assert_cmpuint (g_hash_table_size (members), ==, 4);
  assert_member (members, "mimetype", "application/epub+zip", 20);
  assert_member (members, "文章/第一篇.md", "# 标题\n", strlen ("# 标题\n"));
  assert_member (members, "big.txt", big, 200000);
  assert_member (members, "empty", "", 0);
  /* Deflated. */
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 10000);
}

static void
test_zip_writer_members (void)
{
  g_autoptr (GBytes) bytes = write_archive (LECTERN_ZIP_WRITER_NONE);

  check_members (bytes);
}

/* EPUB's rule: the first member's name at byte 30, its text at byte 38, stored. */
static void
test_zip_writer_bare_first_member (void)
{
  g_autoptr (GBytes) bytes = write_archive (LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER);
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  g_assert_cmpmem (data, 4, "PK\003\004", 4);
  /* Stored, no extra field. */
  g_assert_cmpint (data[8] | data[9] << 8, ==, 0);
  g_assert_cmpint (data[28] | data[29] << 8, ==, 0);
  g_assert_cmpmem (data + 30, 28, "mimetypeapplication/epub+zip", 28);

  check_members (bytes);
}

static void
test_zip_writer_failed_stream (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "lectern-zip-XXXXXX", NULL);
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (LecternZipWriter) writer = NULL;
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);

  /* A stream closed under the writer: the member fails with the stream's error. */
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  writer = lectern_zip_writer_new (G_OUTPUT_STREAM (stream), LECTERN_ZIP_WRITER_NONE, NULL);
  g_assert_false (lectern_zip_writer_add (writer, "a", "b", 1, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (lectern_zip_writer_close (writer, &error));
  g_assert_nonnull (error);

  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Members' names are read back as UTF-8, which the C locale cannot convert to. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zip-writer/members", test_zip_writer_members);
  g_test_add_func ("/zip-writer/bare-first-member", test_zip_writer_bare_first_member);
  g_test_add_func ("/zip-writer/failed-stream", test_zip_writer_failed_stream);

  return g_test_run ();
}
