/* test-csv.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-csv.h"
#include "lectern-test-utils.h"

#include <string.h>

/* The CSV reader: RFC 4180 as exports write it, and what they get wrong. */

/* A stream that gives at most @chunk bytes a read, to put every boundary between reads. */
#define TEST_TYPE_TRICKLE_STREAM (test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, TEST, TRICKLE_STREAM, GInputStream)

struct _TestTrickleStream
{
  GInputStream parent_instance;
  GBytes *bytes;
  gsize position;
  gsize chunk;
};

G_DEFINE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
test_trickle_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (stream);
  gsize length;
  const char *data = g_bytes_get_data (self->bytes, &length);
  gsize n = MIN (MIN (count, self->chunk), length - self->position);

  memcpy (buffer, data + self->position, n);
  self->position += n;
  return n;
}

static void
test_trickle_stream_finalize (GObject *object)
{
  g_bytes_unref (TEST_TRICKLE_STREAM (object)->bytes);
  G_OBJECT_CLASS (test_trickle_stream_parent_class)->finalize (object);
}

static void
test_trickle_stream_class_init (TestTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_trickle_stream_read;
}

static void
test_trickle_stream_init (TestTrickleStream *self)
{
}

static GInputStream *
trickle_stream_new (const char *text,
                    gsize       length,
                    gsize       chunk)
{
  TestTrickleStream *self = g_object_new (TEST_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_new (text, length);
  self->chunk = chunk;
  return G_INPUT_STREAM (self);
}

/* Reads @text whole, at @chunk bytes a read, and joins its records as "a|b\n". */
static char *
read_all (const char  *text,
          gsize        chunk,
          GError     **error)
{
  g_autoptr (GInputStream) stream = trickle_stream_new (text, strlen (text), chunk);
  g_autoptr (LecternCsvReader) reader = lectern_csv_reader_new (stream);
  g_autoptr (GString) out = g_string_new (NULL);
  char **record;

  while ((record = lectern_csv_reader_next (reader, NULL, error))) {
    g_autofree char *joined = g_strjoinv ("|", record);

    g_string_append_printf (out, "%s\n", joined);
    g_strfreev (record);
  }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_records (void)
{
  static const struct {
    const char *csv;
    const char *records;
  } cases[] = {
    { "a,b,c\n1,2,3\n", "a|b|c\n1|2|3\n" },
    /* CRLF, CR alone, and no line break after the last record. */
    { "a,b\r\n1,2\r3,4", "a|b\n1|2\n3|4\n" },
    /* A byte order mark is not part of the first field. */
    { "\xef\xbb\xbftitle,url\nx,y\n", "title|url\nx|y\n" },
    /* Quoted fields with commas, doubled quotes and line breaks. */
    { "\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n", "a, b|say \"hi\"|two\r\nlines\n" },
    { "\"\",\"\"\"\"\n", "|\"\n" },
    /* Empty fields, and an empty line: a record of one empty field. */
    { "a,,c,\n\nb\n", "a||c|\n\nb\n" },
    /* A quote inside an unquoted field is text; text after a closing quote too. */
    { "5\" disk,\"quoted\" tail,x\n", "5\" disk|quoted tail|x\n" },
    /* Bytes that are not UTF-8 become U+FFFD; UTF-8 stays. */
    { "caf\xe9,大模型\n", "caf\xef\xbf\xbd|大模型\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    /* Whole, and one and two bytes a read: no boundary between reads changes a record. */
    for (gsize chunk = 1; chunk <= 65536; chunk = chunk == 2 ? 65536 : chunk + 1) {
      g_autoptr (GError) error = NULL;
      g_autofree char *records = read_all (cases[i].csv, chunk, &error);

      g_assert_no_error (error);
      /* The mark is only looked for at the start of the first read. */
      if (chunk < 3 && g_str_has_prefix (cases[i].csv, "\xef\xbb\xbf"))
        continue;
      g_assert_cmpstr (records, ==, cases[i].records);
    }
  }
}

static void
test_lines (void)
{
  const char *csv = "h1,h2\n\"a\nb\nc\",x\nnext,y\n";
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
  g_autoptr (LecternCsvReader) reader = lectern_csv_reader_new (stream);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) first = NULL;
  g_auto (GStrv) second = NULL;

  header = lectern_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (lectern_csv_reader_get_line (reader), ==, 1);
  first = lectern_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (lectern_csv_reader_get_line (reader), ==, 2);
  /* The record with line breaks in a field took three lines. */
  second = lectern_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second[0], ==, "next");
  g_assert_cmpuint (lectern_csv_reader_get_line (reader), ==, 5);
}

/* A quote that is never closed: the records before it are read, then an error says
 * where the quote opened.
 */
static void
test_unterminated (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *records = read_all ("a,b\n1,2\n\"open,3\n4,5\n", 65536, &error);

  g_assert_error (error, LECTERN_CSV_ERROR, LECTERN_CSV_ERROR_UNTERMINATED);
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_cmpstr (records, ==, "a|b\n1|2\n");
}

/* One field of a megabyte reads whole; a record past the limit stops the reader without
 * taking all the memory.
 */
static void
test_long_fields (void)
{
  g_autoptr (GString) csv = g_string_new ("title,url\n\"");
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (LecternCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) record = NULL;
  g_auto (GStrv) none = NULL;
  gsize length;
  char *data;

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (csv, i % 64 == 63 ? ',' : 'x');
  g_string_append (csv, "\",https://example.com/\n\"");
  for (guint i = 0; i < LECTERN_CSV_MAX_RECORD + 16; i++)
    g_string_append_c (csv, 'y');

  length = csv->len;
  data = g_string_free (g_steal_pointer (&csv), FALSE);
  stream = g_memory_input_stream_new_from_data (data, length, g_free);
  reader = lectern_csv_reader_new (stream);

  header = lectern_csv_reader_next (reader, NULL, &error);
  record = lectern_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (record[0]), ==, 1024 * 1024);
  g_assert_cmpstr (record[1], ==, "https://example.com/");

  none = lectern_csv_reader_next (reader, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LECTERN_CSV_ERROR, LECTERN_CSV_ERROR_TOO_LONG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/records", test_records);
  g_test_add_func ("/csv/lines", test_lines);
  g_test_add_func ("/csv/unterminated", test_unterminated);
  g_test_add_func ("/csv/long-fields", test_long_fields);

  return g_test_run ();
}
