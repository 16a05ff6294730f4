/* lectern-import-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-import.h"
#include "lectern-import-entry.h"

G_BEGIN_DECLS

/* What each format's reader hands its entries to: the import that runs it. */
gboolean _lectern_import_add_entry (LecternImport       *self,
                                    LecternImportEntry  *entry,
                                    GCancellable        *cancellable,
                                    GError             **error);
void     _lectern_import_skip      (LecternImport       *self,
                                    const char          *location,
                                    const char          *url,
                                    const char          *reason);
void     _lectern_import_set_format (LecternImport      *self,
                                    LecternImportFormat  format);
gboolean _lectern_import_add_image (LecternImport       *self,
                                    LecternStoredImage  *image,
                                    GError             **error);
gboolean _lectern_import_flush     (LecternImport       *self,
                                    GError             **error);

/* Bodies an export carries apart from its entries (Omnivore's `content/<slug>.html`). */
gboolean _lectern_import_add_content  (LecternImport  *self,
                                       const char     *slug,
                                       char           *html,
                                       GCancellable   *cancellable,
                                       GError        **error);
char    *_lectern_import_take_content (LecternImport  *self,
                                       const char     *slug,
                                       const char     *url);

/* The readers, one per format: each reads @stream to its end, or to the first fault it
 * cannot read past (a #LecternImportError), handing every entry to @import.
 */
gboolean _lectern_import_read_csv      (LecternImport        *import,
                                        LecternImportFormat   format,
                                        GInputStream         *stream,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean _lectern_import_read_html     (LecternImport        *import,
                                        GInputStream         *stream,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean _lectern_import_read_json     (LecternImport        *import,
                                        LecternImportFormat   format,
                                        GInputStream         *stream,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean _lectern_import_read_zip      (LecternImport        *import,
                                        GInputStream         *stream,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean _lectern_import_read_url_list (LecternImport        *import,
                                        GInputStream         *stream,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Lectern's backup, member by member, from the ZIP reader. */
gboolean _lectern_import_read_backup_manifest (LecternImport   *import,
                                               GInputStream    *stream,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean _lectern_import_read_backup_image    (LecternImport   *import,
                                               const char      *name,
                                               GInputStream    *stream,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean _lectern_import_read_backup_articles (LecternImport   *import,
                                               const char      *name,
                                               GInputStream    *stream,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* Shared by the readers. */
char    *_lectern_import_location_line (guint                 line);
gint64   _lectern_import_parse_unix_time (const char         *text);

G_END_DECLS
