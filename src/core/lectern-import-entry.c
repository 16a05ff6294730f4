/* lectern-import-entry.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-import-entry.h"

G_DEFINE_BOXED_TYPE (LecternImportEntry, lectern_import_entry,
                     lectern_import_entry_copy, lectern_import_entry_free)

/**
 * lectern_import_entry_new:
 *
 * Returns: (transfer full): an entry with no address, unread, saved at an unknown time
 */
LecternImportEntry *
lectern_import_entry_new (void)
{
  return g_new0 (LecternImportEntry, 1);
}

LecternImportEntry *
lectern_import_entry_copy (const LecternImportEntry *entry)
{
  LecternImportEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->url = g_strdup (entry->url);
  copy->title = g_strdup (entry->title);
  copy->byline = g_strdup (entry->byline);
  copy->excerpt = g_strdup (entry->excerpt);
  copy->language = g_strdup (entry->language);
  copy->tags = g_strdupv (entry->tags);
  copy->location = g_strdup (entry->location);
  copy->article = entry->article ? g_object_ref (entry->article) : NULL;
  copy->images = g_strdupv (entry->images);
  copy->content_html = g_strdup (entry->content_html);
  copy->highlights = NULL;
  for (guint i = 0; entry->highlights && i < entry->highlights->len; i++)
    lectern_import_entry_add_highlight (copy, g_ptr_array_index (entry->highlights, i));

  return copy;
}

void
lectern_import_entry_free (LecternImportEntry *entry)
{
  if (!entry)
    return;

  g_free (entry->url);
  g_free (entry->title);
  g_free (entry->byline);
  g_free (entry->excerpt);
  g_free (entry->language);
  g_strfreev (entry->tags);
  g_free (entry->location);
  g_clear_object (&entry->article);
  g_strfreev (entry->images);
  g_free (entry->content_html);
  g_clear_pointer (&entry->highlights, g_ptr_array_unref);
  g_free (entry);
}

/* The most tags an entry keeps: an export's field can hold any number. */
#define MAX_TAGS 100

/**
 * lectern_import_entry_add_tag:
 * @entry: a #LecternImportEntry
 * @name: a tag name as the export writes it
 *
 * Adds @name to the entry's tags, unless it is empty once trimmed or the entry has
 * a hundred already. Names are checked when the entry is stored.
 */
void
lectern_import_entry_add_tag (LecternImportEntry *entry,
                              const char         *name)
{
  g_autofree char *trimmed = NULL;
  guint n;

  g_return_if_fail (entry != NULL);
  g_return_if_fail (name != NULL);

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return;

  n = entry->tags ? g_strv_length (entry->tags) : 0;
  if (n >= MAX_TAGS)
    return;

  entry->tags = g_renew (char *, entry->tags, n + 2);
  entry->tags[n] = g_steal_pointer (&trimmed);
  entry->tags[n + 1] = NULL;
}

/* The most highlights an entry keeps. */
#define MAX_HIGHLIGHTS 10000

/**
 * lectern_import_entry_add_highlight:
 * @entry: a #LecternImportEntry
 * @highlight: a highlight of the entry's article, as the export has it
 *
 * Adds a copy of @highlight to the entry's, unless it has ten thousand already.
 */
void
lectern_import_entry_add_highlight (LecternImportEntry *entry,
                                    LecternHighlight   *highlight)
{
  g_return_if_fail (entry != NULL);
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (highlight));

  if (!entry->highlights)
    entry->highlights = g_ptr_array_new_with_free_func (g_object_unref);
  if (entry->highlights->len >= MAX_HIGHLIGHTS)
    return;

  g_ptr_array_add (entry->highlights, lectern_highlight_copy (highlight));
}
