/* lectern-import-entry.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lectern-article.h"
#include "lectern-highlight.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_IMPORT_ENTRY (lectern_import_entry_get_type ())

/**
 * LecternImportEntry:
 * @url: the address, as the export has it
 * @title: (nullable): the title the export gives, if it is one
 * @byline: (nullable): the author
 * @excerpt: (nullable): a short description
 * @language: (nullable): the article's language (a BCP 47 tag)
 * @tags: (array zero-terminated=1) (nullable): tag names as the export writes them,
 *   checked when the entry is stored
 * @saved_at: when it was saved (µs since the epoch, UTC), 0 when the export does not say
 * @published_at: when it was published, 0 when unknown
 * @read_at: when it was read, 0 for unread
 * @archived: whether it is archived
 * @starred: whether it is a favourite
 * @progress: how far it was read, 0…1
 * @location: where in the file the entry is ("line 12"), for the report
 * @article: (nullable): the whole article, as Lectern's backup carries it: every field
 *   of its row (its body and text included) is stored as it is
 * @images: (array zero-terminated=1) (nullable): with @article, the SHA-256s of the
 *   images it uses, stored before it in the same import
 * @content_html: (nullable): the article's HTML as the export carries it (wallabag,
 *   Omnivore), from which the saver makes the article instead of fetching its page
 * @content_only: the entry brings only @content_html, for an article an earlier entry of
 *   the same file brought; it is not counted
 * @highlights: (element-type LecternHighlight) (nullable): the article's highlights, found
 *   again in its text by their quote when it is stored (their article id is not used)
 *
 * One saved link of an export file, as an importer read it.
 */
typedef struct {
  char *url;
  char *title;
  char *byline;
  char *excerpt;
  char *language;
  char **tags;
  gint64 saved_at;
  gint64 published_at;
  gint64 read_at;
  gboolean archived;
  gboolean starred;
  double progress;
  char *location;
  LecternArticle *article;
  char **images;
  char *content_html;
  gboolean content_only;
  GPtrArray *highlights;
} LecternImportEntry;

GType               lectern_import_entry_get_type (void) G_GNUC_CONST;
LecternImportEntry *lectern_import_entry_new      (void);
LecternImportEntry *lectern_import_entry_copy     (const LecternImportEntry *entry);
void                lectern_import_entry_free     (LecternImportEntry       *entry);
void                lectern_import_entry_add_tag  (LecternImportEntry       *entry,
                                                   const char               *name);
void                lectern_import_entry_add_highlight (LecternImportEntry  *entry,
                                                   LecternHighlight         *highlight);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternImportEntry, lectern_import_entry_free)

G_END_DECLS
