/* lectern-csv.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-csv.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * LecternCsvReader:
 *
 * Reads comma-separated values (RFC 4180) from a stream, one record at a time, so a file
 * of any size needs only the memory of its longest record.
 *
 * The reader takes what spreadsheets and export scripts write: a UTF-8 byte order mark
 * first, records ended by CRLF, LF or CR, fields in double quotes holding commas, quotes
 * (doubled) and line breaks. It forgives what they get wrong: a quote inside a field that
 * does not start with one is text, and text after a closing quote belongs to the field.
 * Bytes that are not UTF-8 are replaced with U+FFFD.
 */

#define READ_SIZE 65536

struct _LecternCsvReader
{
  /* Owned */
  GInputStream *stream;
  char         *buffer;
  gsize         length;
  gsize         position;
  GString      *field;
  GPtrArray    *fields;

  gboolean      at_start;
  gboolean      at_end;
  gboolean      skip_lf;
  /* The line the current record starts on, and the line the reader is on. */
  guint         record_line;
  guint         line;
  gsize         record_size;
};

G_DEFINE_QUARK (lectern-csv-error-quark, lectern_csv_error)

/**
 * lectern_csv_reader_new:
 * @stream: the CSV text
 *
 * Returns: (transfer full): a reader of @stream's records
 */
LecternCsvReader *
lectern_csv_reader_new (GInputStream *stream)
{
  LecternCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (LecternCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_malloc (READ_SIZE);
  self->field = g_string_new (NULL);
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->at_start = TRUE;
  self->line = 1;

  return self;
}

void
lectern_csv_reader_free (LecternCsvReader *self)
{
  if (!self)
    return;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->buffer, g_free);
  g_string_free (self->field, TRUE);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

/* Makes the next byte available; FALSE at the end of the stream or on error. */
static gboolean
fill (LecternCsvReader  *self,
      GCancellable      *cancellable,
      GError           **error)
{
  gssize n;

  if (self->position < self->length)
    return TRUE;
  if (self->at_end)
    return FALSE;

  n = g_input_stream_read (self->stream, self->buffer, READ_SIZE, cancellable, error);
  if (n <= 0) {
    self->at_end = TRUE;
    return FALSE;
  }

  self->length = n;
  self->position = 0;

  if (self->at_start) {
    self->at_start = FALSE;
    /* A byte order mark is not part of the first field. A mark split across two reads
     * cannot happen: a read gives at least one byte, and a stream that gives one at a
     * time is not worth a mark's special case beyond this.
     */
    if (self->length >= 3 && memcmp (self->buffer, "\xef\xbb\xbf", 3) == 0)
      self->position = 3;
    if (self->position >= self->length)
      return fill (self, cancellable, error);
  }

  return TRUE;
}

static void
end_field (LecternCsvReader *self)
{
  g_ptr_array_add (self->fields, g_utf8_make_valid (self->field->str, self->field->len));
  g_string_truncate (self->field, 0);
}

static char **
end_record (LecternCsvReader *self)
{
  end_field (self);
  g_ptr_array_add (self->fields, NULL);

  return (char **)g_ptr_array_steal (self->fields, NULL);
}

/**
 * lectern_csv_reader_next:
 * @self: a #LecternCsvReader
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #LecternCsvError or an I/O error
 *
 * Reads the next record. An empty line is a record of one empty field.
 *
 * Returns: (transfer full) (nullable): the record's fields, or %NULL at the end of the
 *   stream (without @error) or on error
 */
char **
lectern_csv_reader_next (LecternCsvReader  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean quoted = FALSE;
  gboolean in_quotes = FALSE;
  gboolean just_closed = FALSE;
  gboolean started = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_set_size (self->fields, 0);
  g_string_truncate (self->field, 0);
  self->record_line = self->line;
  self->record_size = 0;

  while (fill (self, cancellable, &local_error)) {
    char c = self->buffer[self->position++];

    /* The LF of a CRLF that ended the record before. */
    if (self->skip_lf) {
      self->skip_lf = FALSE;
      if (c == '\n')
        continue;
    }

    if (++self->record_size > LECTERN_CSV_MAX_RECORD) {
      g_set_error (error, LECTERN_CSV_ERROR, LECTERN_CSV_ERROR_TOO_LONG,
                   _("Line %u is longer than %u MB"),
                   self->record_line, LECTERN_CSV_MAX_RECORD / (1024 * 1024));
      return NULL;
    }

    started = TRUE;

    if (in_quotes) {
      if (c == '"') {
        in_quotes = FALSE;
        just_closed = TRUE;
      } else {
        if (c == '\n')
          self->line++;
        g_string_append_c (self->field, c);
      }
      continue;
    }

    if (just_closed) {
      just_closed = FALSE;
      /* A quote right after the closing one: the two were a doubled quote, one quote
       * of text, and the field goes on.
       */
      if (c == '"') {
        in_quotes = TRUE;
        g_string_append_c (self->field, '"');
        continue;
      }
    }

    switch (c) {
      case '"':
        if (!quoted && self->field->len == 0) {
          /* The field's opening quote. */
          quoted = in_quotes = TRUE;
        } else {
          g_string_append_c (self->field, c);
        }
        break;
      case ',':
        end_field (self);
        quoted = FALSE;
        break;
      case '\r':
        self->skip_lf = TRUE;
        self->line++;
        return end_record (self);
      case '\n':
        self->line++;
        return end_record (self);
      default:
        g_string_append_c (self->field, c);
        break;
    }
  }

  if (local_error) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return NULL;
  }

  if (in_quotes) {
    g_set_error (error, LECTERN_CSV_ERROR, LECTERN_CSV_ERROR_UNTERMINATED,
                 _("The quoted text that starts on line %u is not closed"), self->record_line);
    return NULL;
  }

  /* The last record, without a line break after it. */
  if (started)
    return end_record (self);

  return NULL;
}

/**
 * lectern_csv_reader_get_line:
 * @self: a #LecternCsvReader
 *
 * Returns: the line of the file (from 1) on which the record lectern_csv_reader_next()
 *   gave last starts
 */
guint
lectern_csv_reader_get_line (LecternCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->record_line;
}
