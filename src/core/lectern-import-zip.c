/* lectern-import-zip.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-backup-private.h"
#include "lectern-import-private.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* Exports that come as a ZIP archive: Pocket's, whose CSV files (`part_000000.csv`, …)
 * hold 10,000 links each, and Omnivore's, whose `metadata_*.json` files list them and whose
 * `content/<slug>.html` files hold the articles' bodies. Lectern's own backup is one too,
 * told by its first member (see lectern-backup-private.h); its members are read as they
 * come, and as many as it has.
 *
 * The archive is read as a stream with libarchive, one member after another, and nothing
 * of it is ever written to disk: a member's path (`../`, an absolute one, a link) names
 * nothing outside the archive.
 *
 * An archive made to exhaust the reader stops it with an error: more than MAX_MEMBERS
 * members (a backup excepted), or members that expand to more than MAX_RATIO times the
 * bytes read once past MAX_SMALL_EXPANSION (a zip bomb).
 */

#define READ_SIZE 65536
#define MAX_MEMBERS 100000
#define MAX_SMALL_EXPANSION (16 * 1024 * 1024)
#define MAX_RATIO 100
#define MAX_CONTENT (32 * 1024 * 1024)

typedef struct {
  GInputStream *stream;
  GCancellable *cancellable;
  GError *error;
  char buffer[READ_SIZE];
} Source;

static la_ssize_t
source_read_cb (struct archive  *archive,
                void            *data,
                const void     **buffer)
{
  Source *source = data;
  gssize n;

  if (source->error)
    return -1;

  n = g_input_stream_read (source->stream, source->buffer, READ_SIZE, source->cancellable,
                           &source->error);
  if (n < 0) {
    archive_set_error (archive, EIO, "%s", source->error->message);
    return -1;
  }

  *buffer = source->buffer;
  return n;
}

/* One member's data as a stream, for the format's reader. */
#define LECTERN_TYPE_ARCHIVE_STREAM (lectern_archive_stream_get_type ())
G_DECLARE_FINAL_TYPE (LecternArchiveStream, lectern_archive_stream, LECTERN, ARCHIVE_STREAM,
                      GInputStream)

struct _LecternArchiveStream
{
  GInputStream    parent_instance;

  /* Borrowed */
  struct archive *archive;
  guint64        *expanded;
};

G_DEFINE_FINAL_TYPE (LecternArchiveStream, lectern_archive_stream, G_TYPE_INPUT_STREAM)

static gssize
lectern_archive_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  LecternArchiveStream *self = LECTERN_ARCHIVE_STREAM (stream);
  la_ssize_t n;
  gint64 raw;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  n = archive_read_data (self->archive, buffer, count);
  if (n < 0) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("The archive is damaged: %s"), archive_error_string (self->archive));
    return -1;
  }

  *self->expanded += n;
  raw = archive_filter_bytes (self->archive, -1);
  if (*self->expanded > MAX_SMALL_EXPANSION &&
      *self->expanded > (guint64)MAX (raw, 1) * MAX_RATIO) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                         _("The archive expands to far more than its size: it is no export"));
    return -1;
  }

  return n;
}

static void
lectern_archive_stream_class_init (LecternArchiveStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = lectern_archive_stream_read;
}

static void
lectern_archive_stream_init (LecternArchiveStream *self)
{
}

static const char *
member_path (struct archive_entry *entry)
{
  const char *path = archive_entry_pathname_utf8 (entry);

  if (!path)
    path = archive_entry_pathname (entry);

  return path ? path : "";
}

/* The member's file name, whatever folder it is in. */
static const char *
member_base_name (struct archive_entry *entry)
{
  const char *path = member_path (entry);
  const char *slash = strrchr (path, '/');

  return slash ? slash + 1 : path;
}

static GInputStream *
member_stream_new (struct archive *archive,
                   guint64        *expanded)
{
  LecternArchiveStream *stream = g_object_new (LECTERN_TYPE_ARCHIVE_STREAM, NULL);

  stream->archive = archive;
  stream->expanded = expanded;
  return G_INPUT_STREAM (stream);
}

/* An article's body in Omnivore's export, `content/<slug>.html`, for the entry with that
 * slug. One too large to be an article is passed by: that article is fetched instead.
 */
static gboolean
read_content_member (LecternImport   *import,
                     struct archive  *archive,
                     const char      *name,
                     guint64         *expanded,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr (GInputStream) stream = member_stream_new (archive, expanded);
  g_autoptr (GByteArray) data = g_byte_array_new ();
  g_autofree char *slug = g_strndup (name, strlen (name) - strlen (".html"));
  char buffer[READ_SIZE];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0) {
    if (data->len + n > MAX_CONTENT)
      return TRUE;
    g_byte_array_append (data, (guint8 *)buffer, n);
  }
  if (n < 0)
    return FALSE;

  /* An empty body is none: that article is fetched. */
  if (data->len == 0)
    return TRUE;

  return _lectern_import_add_content (import, slug,
                                      g_utf8_make_valid ((char *)data->data, data->len),
                                      cancellable, error);
}

/* A member of Lectern's backup, which the archive's first member said it is. */
static gboolean
read_backup_member (LecternImport         *import,
                    struct archive        *archive,
                    struct archive_entry  *entry,
                    guint64               *expanded,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr (GInputStream) stream = NULL;
  const char *path = member_path (entry);

  if (archive_entry_filetype (entry) != AE_IFREG)
    return TRUE;

  if (g_str_has_prefix (path, LECTERN_BACKUP_IMAGES_DIR)) {
    stream = member_stream_new (archive, expanded);
    return _lectern_import_read_backup_image (import, path + strlen (LECTERN_BACKUP_IMAGES_DIR),
                                              stream, cancellable, error);
  }

  if (g_str_has_prefix (path, LECTERN_BACKUP_ARTICLES_DIR) && g_str_has_suffix (path, ".jsonl")) {
    stream = member_stream_new (archive, expanded);
    return _lectern_import_read_backup_articles (import, path, stream, cancellable, error) &&
           _lectern_import_flush (import, error);
  }

  return TRUE;
}

static gboolean
read_member (LecternImport  *import,
             struct archive *archive,
             guint64        *expanded,
             gboolean       *read_any,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr (GInputStream) stream = member_stream_new (archive, expanded);
  g_autoptr (GInputStream) buffered = NULL;
  LecternImportFormat format;
  const char *peek;
  gsize length;

  buffered = g_buffered_input_stream_new_sized (stream, READ_SIZE);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), READ_SIZE,
                                    cancellable, error) < 0)
    return FALSE;

  peek = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &length);
  format = lectern_import_detect_format (peek, length);
  switch (format) {
    case LECTERN_IMPORT_FORMAT_POCKET_CSV:
    case LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV:
      *read_any = TRUE;
      _lectern_import_set_format (import, format);
      return _lectern_import_read_csv (import, format, buffered, cancellable, error);
    case LECTERN_IMPORT_FORMAT_OMNIVORE:
    case LECTERN_IMPORT_FORMAT_WALLABAG:
      *read_any = TRUE;
      _lectern_import_set_format (import, format);
      return _lectern_import_read_json (import, format, buffered, cancellable, error);
    case LECTERN_IMPORT_FORMAT_UNKNOWN:
    case LECTERN_IMPORT_FORMAT_POCKET_HTML:
    case LECTERN_IMPORT_FORMAT_BOOKMARKS:
    case LECTERN_IMPORT_FORMAT_URL_LIST:
    case LECTERN_IMPORT_FORMAT_ARCHIVE:
    case LECTERN_IMPORT_FORMAT_BACKUP:
    default:
      return TRUE;
  }
}

gboolean
_lectern_import_read_zip (LecternImport  *import,
                          GInputStream   *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  g_autofree Source *source = g_new0 (Source, 1);
  guint64 expanded = 0;
  gboolean read_any = FALSE;
  gboolean backup = FALSE;
  gboolean ok = TRUE;
  guint n_members = 0;
  int status;

  source->stream = stream;
  source->cancellable = cancellable;

  archive_read_support_format_zip_streamable (archive);
  if (archive_read_open (archive, source, NULL, source_read_cb, NULL) != ARCHIVE_OK) {
    g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("The archive cannot be read: %s"), archive_error_string (archive));
    archive_read_free (archive);
    return FALSE;
  }

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK ||
         status == ARCHIVE_WARN) {
    const char *name = member_base_name (entry);

    /* A backup's members are its own: an image and a few articles each. */
    if (n_members == 0 && archive_entry_filetype (entry) == AE_IFREG &&
        strcmp (member_path (entry), LECTERN_BACKUP_MANIFEST) == 0) {
      g_autoptr (GInputStream) member = member_stream_new (archive, &expanded);

      n_members++;
      backup = read_any = TRUE;
      _lectern_import_set_format (import, LECTERN_IMPORT_FORMAT_BACKUP);
      if (!_lectern_import_read_backup_manifest (import, member, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    if (backup) {
      n_members++;
      if (!read_backup_member (import, archive, entry, &expanded, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    if (++n_members > MAX_MEMBERS) {
      g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                   _("The archive has more than %u files: it is no export"), MAX_MEMBERS);
      ok = FALSE;
      break;
    }

    if (archive_entry_filetype (entry) == AE_IFREG &&
        g_str_has_prefix (member_path (entry), "content/") && g_str_has_suffix (name, ".html") &&
        strlen (name) > strlen (".html")) {
      if (!read_content_member (import, archive, name, &expanded, cancellable, error)) {
        ok = FALSE;
        break;
      }
      continue;
    }

    /* Only files named like the exports' own (Pocket's CSV files, Omnivore's
     * metadata_*.json); links, folders and others are passed by.
     */
    if (archive_entry_filetype (entry) != AE_IFREG ||
        !(g_str_has_suffix (name, ".csv") ||
          (g_str_has_prefix (name, "metadata_") && g_str_has_suffix (name, ".json"))))
      continue;

    if (!read_member (import, archive, &expanded, &read_any, cancellable, error)) {
      ok = FALSE;
      break;
    }
  }

  if (ok && status != ARCHIVE_EOF) {
    if (source->error)
      g_propagate_error (error, g_steal_pointer (&source->error));
    else
      g_set_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                   _("The archive is damaged: %s"), archive_error_string (archive));
    ok = FALSE;
  }

  if (ok && !read_any) {
    g_set_error_literal (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT,
                         _("The archive holds no export Lectern can import"));
    ok = FALSE;
  }

  g_clear_error (&source->error);
  archive_read_free (archive);
  return ok;
}
