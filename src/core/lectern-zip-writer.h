/* lectern-zip-writer.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LecternZipWriterFlags:
 * @LECTERN_ZIP_WRITER_NONE: an ordinary archive
 * @LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER: the first member's local header carries no
 *   extra field, as EPUB's `mimetype` must (OCF 3.0, 4.3)
 *
 * How lectern_zip_writer_new() writes its archive.
 */
typedef enum {
  LECTERN_ZIP_WRITER_NONE              = 0,
  LECTERN_ZIP_WRITER_BARE_FIRST_MEMBER = 1 << 0,
} LecternZipWriterFlags;

typedef struct _LecternZipWriter LecternZipWriter;

LecternZipWriter *lectern_zip_writer_new       (GOutputStream         *stream,
                                                LecternZipWriterFlags  flags,
                                                GCancellable          *cancellable);
gboolean          lectern_zip_writer_add       (LecternZipWriter      *self,
                                                const char            *path,
                                                const void            *data,
                                                gsize                  size,
                                                gboolean               compress,
                                                GError               **error);
gboolean          lectern_zip_writer_add_bytes (LecternZipWriter      *self,
                                                const char            *path,
                                                GBytes                *bytes,
                                                gboolean               compress,
                                                GError               **error);
gboolean          lectern_zip_writer_close     (LecternZipWriter      *self,
                                                GError               **error);
void              lectern_zip_writer_free      (LecternZipWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternZipWriter, lectern_zip_writer_free)

G_END_DECLS
