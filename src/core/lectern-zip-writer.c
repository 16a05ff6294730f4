/* lectern-zip-writer.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-zip-writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* ZIP archives for the exports, written by libarchive to a GOutputStream as they are made:
 * members go out one after another, so an export of any size takes the memory of its
 * largest member. Names are UTF-8 (and flagged so), times are the export's.
 *
 * EPUB (OCF 3.0, 4.3) wants its first member, `mimetype`, stored with no extra field in
 * its local header, so that a reader finds the text "application/epub+zip" at byte 38.
 * libarchive 3.6 gives every member Unix time and owner fields, so with
 * LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER the writer takes them out of that one header as it
 * passes, and moves back by as many bytes the offsets that the central directory (written
 * last, kept until the end: 46 bytes and a name per member) gives for the members after
 * it. The central directory's own copy of those fields stays; it may differ from the
 * local one. Such archives never need ZIP64, which would move those offsets elsewhere.
 */

#define LOCAL_HEADER_SIZE 30
#define CENTRAL_HEADER_SIZE 46
#define END_RECORD_SIZE 22
#define LOCAL_SIGNATURE 0x04034b50
#define CENTRAL_SIGNATURE 0x02014b50
#define END_SIGNATURE 0x06054b50

typedef enum {
  STAGE_FIRST_HEADER,
  STAGE_MEMBERS,
  STAGE_DIRECTORY,
} Stage;

struct _LecternZipWriter
{
  struct archive *archive;
  GOutputStream *stream;
  GCancellable *cancellable;
  GError *error;
  LecternZipWriterFlags flags;
  gint64 time;
  gboolean closed;

  /* LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER only */
  Stage stage;
  GByteArray *held;
  guint32 removed;
};

static guint32
read_le16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static void
write_le32 (guint8  *p,
            guint32  value)
{
  p[0] = value & 0xff;
  p[1] = (value >> 8) & 0xff;
  p[2] = (value >> 16) & 0xff;
  p[3] = (value >> 24) & 0xff;
}

static gboolean
output (LecternZipWriter *self,
        const void       *data,
        gsize             size)
{
  if (self->error)
    return FALSE;

  return g_output_stream_write_all (self->stream, data, size, NULL, self->cancellable,
                                    &self->error);
}

static void
set_broken (LecternZipWriter *self,
            const char       *what)
{
  if (!self->error)
    g_set_error (&self->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The archive could not be written: %s"), what);
}

/* The first member's local header is held until it is whole, then goes out without its
 * extra field.
 */
static void
take_first_header (LecternZipWriter *self)
{
  guint8 *header = self->held->data;
  guint32 name_size;
  guint32 extra_size;
  gsize whole;

  if (self->held->len < LOCAL_HEADER_SIZE)
    return;

  if (read_le32 (header) != LOCAL_SIGNATURE) {
    set_broken (self, "unexpected first header");
    return;
  }

  name_size = read_le16 (header + 26);
  extra_size = read_le16 (header + 28);
  whole = LOCAL_HEADER_SIZE + name_size + extra_size;
  if (self->held->len < whole)
    return;

  header[28] = 0;
  header[29] = 0;
  if (output (self, header, LOCAL_HEADER_SIZE + name_size) &&
      output (self, header + whole, self->held->len - whole)) {
    self->removed = extra_size;
    self->stage = STAGE_MEMBERS;
  }
  g_byte_array_set_size (self->held, 0);
}

/* The central directory and the end record, with every offset past the first member
 * moved back by the bytes taken out of its header.
 */
static void
put_directory (LecternZipWriter *self)
{
  guint8 *p = self->held->data;
  guint8 *end = p + self->held->len;

  while (end - p >= CENTRAL_HEADER_SIZE && read_le32 (p) == CENTRAL_SIGNATURE) {
    guint32 offset = read_le32 (p + 42);

    if (offset == 0xffffffff) {
      set_broken (self, "too large");
      return;
    }
    if (offset > 0)
      write_le32 (p + 42, offset - self->removed);
    p += CENTRAL_HEADER_SIZE + read_le16 (p + 28) + read_le16 (p + 30) + read_le16 (p + 32);
  }

  if (end - p < END_RECORD_SIZE || read_le32 (p) != END_SIGNATURE) {
    set_broken (self, "unexpected central directory");
    return;
  }
  write_le32 (p + 16, read_le32 (p + 16) - self->removed);

  output (self, self->held->data, self->held->len);
  g_byte_array_set_size (self->held, 0);
}

/* A stream that fails is the writer's error, never libarchive's: libarchive 3.6 does not
 * free what it holds for an archive it took for broken. Its bytes then go nowhere.
 */
static la_ssize_t
write_cb (struct archive *archive,
          void           *data,
          const void     *buffer,
          size_t          size)
{
  LecternZipWriter *self = data;

  if (self->error)
    return size;

  if (!(self->flags & LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER) || self->stage == STAGE_MEMBERS) {
    output (self, buffer, size);
    return size;
  }

  g_byte_array_append (self->held, buffer, size);
  if (self->stage == STAGE_FIRST_HEADER)
    take_first_header (self);

  return size;
}

static int
close_cb (struct archive *archive,
          void           *data)
{
  LecternZipWriter *self = data;

  if ((self->flags & LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER) && self->stage == STAGE_DIRECTORY &&
      !self->error)
    put_directory (self);

  return ARCHIVE_OK;
}

/* The stream's error, which stays the writer's, or libarchive's. */
static gboolean
check (LecternZipWriter  *self,
       int                status,
       GError           **error)
{
  if (self->error) {
    g_propagate_error (error, g_error_copy (self->error));
    return FALSE;
  }

  if (status >= ARCHIVE_WARN)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The archive could not be written: %s"),
               archive_error_string (self->archive));
  return FALSE;
}

/**
 * lectern_zip_writer_new:
 * @stream: where the archive goes
 * @flags: how to write it
 * @cancellable: (nullable): stops the writing
 *
 * Starts a ZIP archive on @stream. Add its members with lectern_zip_writer_add(), then
 * end it with lectern_zip_writer_close().
 *
 * Returns: (transfer full): a new writer
 */
LecternZipWriter *
lectern_zip_writer_new (GOutputStream         *stream,
                        LecternZipWriterFlags  flags,
                        GCancellable          *cancellable)
{
  LecternZipWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (LecternZipWriter, 1);
  self->stream = g_object_ref (stream);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->flags = flags;
  self->time = g_get_real_time () / G_USEC_PER_SEC;
  self->held = g_byte_array_new ();

  self->archive = archive_write_new ();
  archive_write_set_format_zip (self->archive);
  archive_write_set_options (self->archive, "zip:hdrcharset=UTF-8");
  if (flags & LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER)
    archive_write_set_options (self->archive, "zip:!zip64");
  /* Blocks are a tape's: a ZIP ends exactly where its last record does. */
  archive_write_set_bytes_per_block (self->archive, 0);
  if (archive_write_open2 (self->archive, self, NULL, write_cb, close_cb, NULL) != ARCHIVE_OK)
    set_broken (self, archive_error_string (self->archive));

  return self;
}

/**
 * lectern_zip_writer_add:
 * @self: a #LecternZipWriter
 * @path: the member's path in the archive, UTF-8, with `/` between folders
 * @data: (array length=size): the member's bytes
 * @size: how many
 * @compress: whether to deflate them (images and other compressed data gain nothing)
 * @error: return location for a #GError
 *
 * Writes one member.
 *
 * Returns: %TRUE if it was written
 */
gboolean
lectern_zip_writer_add (LecternZipWriter  *self,
                        const char        *path,
                        const void        *data,
                        gsize              size,
                        gboolean           compress,
                        GError           **error)
{
  struct archive_entry *entry;
  int status;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  if (self->error)
    return check (self, ARCHIVE_FATAL, error);

  if (compress)
    archive_write_zip_set_compression_deflate (self->archive);
  else
    archive_write_zip_set_compression_store (self->archive);

  entry = archive_entry_new ();
  archive_entry_set_pathname_utf8 (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  archive_entry_set_mtime (entry, self->time, 0);
  status = archive_write_header (self->archive, entry);
  archive_entry_free (entry);
  if (!check (self, status, error))
    return FALSE;

  if (size > 0 && archive_write_data (self->archive, data, size) < 0)
    return check (self, ARCHIVE_FATAL, error);

  return check (self, archive_write_finish_entry (self->archive), error);
}

/**
 * lectern_zip_writer_add_bytes:
 * @self: a #LecternZipWriter
 * @path: the member's path in the archive
 * @bytes: the member's bytes
 * @compress: whether to deflate them
 * @error: return location for a #GError
 *
 * Like lectern_zip_writer_add(), for a #GBytes.
 *
 * Returns: %TRUE if it was written
 */
gboolean
lectern_zip_writer_add_bytes (LecternZipWriter  *self,
                              const char        *path,
                              GBytes            *bytes,
                              gboolean           compress,
                              GError           **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  return lectern_zip_writer_add (self, path, data, size, compress, error);
}

/**
 * lectern_zip_writer_close:
 * @self: a #LecternZipWriter
 * @error: return location for a #GError
 *
 * Writes the archive's central directory. The stream stays open.
 *
 * Returns: %TRUE if the archive is whole
 */
gboolean
lectern_zip_writer_close (LecternZipWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  self->closed = TRUE;
  if (self->error)
    return check (self, ARCHIVE_FATAL, error);

  if (self->flags & LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER) {
    if (self->stage != STAGE_MEMBERS) {
      set_broken (self, "no member");
      return check (self, ARCHIVE_FATAL, error);
    }
    self->stage = STAGE_DIRECTORY;
  }

  return check (self, archive_write_close (self->archive), error);
}

/**
 * lectern_zip_writer_free:
 * @self: (transfer full): a #LecternZipWriter
 *
 * Frees @self. An archive not closed is left incomplete.
 */
void
lectern_zip_writer_free (LecternZipWriter *self)
{
  if (!self)
    return;

  /* Nothing more may reach the stream of an archive given up. */
  if (!self->closed && !self->error)
    g_set_error_literal (&self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
  archive_write_free (self->archive);
  g_byte_array_unref (self->held);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self);
}
