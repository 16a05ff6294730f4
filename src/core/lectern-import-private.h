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

/* Highlights that another app's export carries (wallabag's annotations, Omnivore's
 * `highlights/<slug>.md`) are a quote and a note, found again in the article's text by
 * their quote when it is stored. Past these many bytes, a quote or a note is no
 * highlight's: the highlight is left out.
 */
#define LECTERN_IMPORT_MAX_QUOTE (1024 * 1024)
#define LECTERN_IMPORT_MAX_NOTE (4 * 1024 * 1024)

LecternHighlight *_lectern_import_highlight_new (const char *quote,
                                                 const char *note);

/* Omnivore's highlights, `highlights/<slug>.md` in its ZIP, for the entries of its
 * metadata files, which come before or after them (lectern-import-zip.c). The JSON reader
 * hands it each entry with its slug: the entry takes the highlights read before it, and
 * its address is kept for those that come after.
 */
typedef struct _LecternOmnivoreHighlights LecternOmnivoreHighlights;

void       _lectern_omnivore_highlights_attach (LecternOmnivoreHighlights *highlights,
                                                const char                *slug,
                                                LecternImportEntry        *entry);
gboolean   _lectern_import_read_json_in_zip   (LecternImport             *import,
                                               LecternImportFormat        format,
                                               GInputStream              *stream,
                                               LecternOmnivoreHighlights *highlights,
                                               GCancellable              *cancellable,
                                               GError                   **error);

/* The readers' parsers, for the tests: one element of a JSON export, one line of a
 * backup's articles, one of Omnivore's highlights files.
 */
LecternImportEntry *_lectern_import_parse_json_entry         (LecternImport        *import,
                                                              LecternImportFormat   format,
                                                              const char           *json,
                                                              GError              **error);
LecternImportEntry *_lectern_import_parse_backup_line        (const char           *line,
                                                              gssize                length);
GPtrArray          *_lectern_import_parse_omnivore_highlights (const char          *markdown,
                                                              gsize                 length);

G_END_DECLS
