/* lectern-import-html.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-import-private.h"
#include "lectern-xml-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/SAX2.h>
#include <string.h>

/* The exports that are HTML lists of links, read with libxml2's push parser and SAX
 * callbacks, so a file of any size needs only the memory of one link:
 *
 * - the Netscape bookmark file every browser exports: `<DT><A HREF ADD_DATE TAGS>Title</A>`
 *   and an optional `<DD>` description, in `<DL>` lists nested in folders
 *   (`<DT><H3>Folder</H3><DL>…</DL>`); each folder a link is in becomes one of its tags,
 *   but the browser's own (the toolbar, "Other bookmarks") do not;
 * - Pocket's old export, `ril_export.html`: `<h1>Unread</h1>` and `<h1>Read Archive</h1>`,
 *   each followed by a list of `<a href time_added tags>Title</a>`, tags joined with commas.
 */

/* The most text a title or a description keeps while it is read; the import makes it
 * shorter still.
 */
#define MAX_TEXT (64 * 1024)
#define READ_SIZE 65536

/* Folders deeper than this give no more tags: a file of a million nested lists must not
 * fill the memory, nor give a link a million tags.
 */
#define MAX_FOLDER_DEPTH 32

/* How deep elements may nest at all. libxml2's HTML parser looks through every open
 * element for each new one, so a file nesting hundreds of thousands would take hours;
 * no export comes near this.
 */
#define MAX_NESTING 1000

typedef enum {
  TEXT_NONE,
  TEXT_TITLE,
  TEXT_DESCRIPTION,
  TEXT_FOLDER,
  TEXT_SECTION,
} TextKind;

typedef struct {
  LecternImport *import;
  GCancellable *cancellable;
  GError *error;
  htmlParserCtxtPtr context;

  /* The entry being read, and the one before it (for its <DD> description). */
  LecternImportEntry *entry;
  LecternImportEntry *previous;

  /* Folders: the name read from the last <H3>, and a name (or NULL for a folder of the
   * browser's own) for each <DL> open.
   */
  char *folder;
  gboolean folder_is_browsers;
  GPtrArray *folders;
  guint depth;
  guint nesting;
  /* Pocket: in the "Read Archive" section. */
  gboolean archive;

  TextKind text_kind;
  GString *text;
} Reader;

static const char *
attribute (const xmlChar **attributes,
           const char     *name)
{
  for (guint i = 0; attributes && attributes[i]; i += 2) {
    if (g_ascii_strcasecmp ((const char *)attributes[i], name) == 0)
      return attributes[i + 1] ? (const char *)attributes[i + 1] : "";
  }

  return NULL;
}

/* Hands the entry read before this one to the import, now that no <DD> can follow. */
static void
flush_previous (Reader *reader)
{
  LecternImportEntry *entry = g_steal_pointer (&reader->previous);

  if (!entry || reader->error)
    return;

  if (!_lectern_import_add_entry (reader->import, entry, reader->cancellable, &reader->error))
    xmlStopParser (reader->context);
}

static void
start_text (Reader   *reader,
            TextKind  kind)
{
  reader->text_kind = kind;
  g_string_truncate (reader->text, 0);
}

static char *
end_text (Reader *reader)
{
  reader->text_kind = TEXT_NONE;
  return g_strstrip (g_strndup (reader->text->str, reader->text->len));
}

static void
start_element_cb (void           *data,
                  const xmlChar  *name,
                  const xmlChar **attributes)
{
  Reader *reader = data;
  const char *element = (const char *)name;

  if (reader->error)
    return;

  if (++reader->nesting > MAX_NESTING) {
    g_set_error (&reader->error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID,
                 _("Line %d nests lists more than %u deep"),
                 xmlSAX2GetLineNumber (reader->context), MAX_NESTING);
    xmlStopParser (reader->context);
    return;
  }

  if (g_ascii_strcasecmp (element, "a") == 0) {
    const char *href = attribute (attributes, "href");
    const char *added = attribute (attributes, "add_date");
    const char *tags = attribute (attributes, "tags");
    LecternImportEntry *entry;

    flush_previous (reader);
    g_clear_pointer (&reader->entry, lectern_import_entry_free);
    if (!href)
      return;

    entry = lectern_import_entry_new ();
    entry->url = g_strdup (href);
    entry->location = _lectern_import_location_line (xmlSAX2GetLineNumber (reader->context));
    entry->saved_at = _lectern_import_parse_unix_time (added ? added
                                                             : attribute (attributes, "time_added"));
    if (tags) {
      g_auto (GStrv) names = g_strsplit (tags, ",", -1);

      for (guint i = 0; names[i]; i++)
        lectern_import_entry_add_tag (entry, names[i]);
    }
    for (guint i = 0; i < reader->folders->len; i++) {
      const char *folder = g_ptr_array_index (reader->folders, i);

      if (folder)
        lectern_import_entry_add_tag (entry, folder);
    }
    if (reader->archive) {
      entry->archived = TRUE;
      entry->read_at = entry->saved_at > 0 ? entry->saved_at : g_get_real_time ();
    }

    reader->entry = entry;
    start_text (reader, TEXT_TITLE);
  } else if (g_ascii_strcasecmp (element, "dd") == 0) {
    if (reader->previous)
      start_text (reader, TEXT_DESCRIPTION);
  } else if (g_ascii_strcasecmp (element, "h3") == 0) {
    flush_previous (reader);
    reader->folder_is_browsers = attribute (attributes, "personal_toolbar_folder") ||
                                 attribute (attributes, "unfiled_bookmarks_folder");
    start_text (reader, TEXT_FOLDER);
  } else if (g_ascii_strcasecmp (element, "h1") == 0) {
    flush_previous (reader);
    start_text (reader, TEXT_SECTION);
  } else if (g_ascii_strcasecmp (element, "dl") == 0) {
    flush_previous (reader);
    if (reader->depth++ < MAX_FOLDER_DEPTH)
      g_ptr_array_add (reader->folders, g_steal_pointer (&reader->folder));
    g_clear_pointer (&reader->folder, g_free);
  } else if (g_ascii_strcasecmp (element, "dt") == 0 || g_ascii_strcasecmp (element, "li") == 0) {
    flush_previous (reader);
  }
}

static void
end_element_cb (void          *data,
                const xmlChar *name)
{
  Reader *reader = data;
  const char *element = (const char *)name;

  if (reader->nesting > 0)
    reader->nesting--;

  if (reader->error)
    return;

  if (g_ascii_strcasecmp (element, "a") == 0 && reader->entry) {
    g_autofree char *title = end_text (reader);

    if (*title)
      reader->entry->title = g_steal_pointer (&title);
    reader->previous = g_steal_pointer (&reader->entry);
  } else if (g_ascii_strcasecmp (element, "dd") == 0 &&
             reader->text_kind == TEXT_DESCRIPTION && reader->previous) {
    g_autofree char *description = end_text (reader);

    if (*description)
      reader->previous->excerpt = g_steal_pointer (&description);
    flush_previous (reader);
  } else if (g_ascii_strcasecmp (element, "h3") == 0 && reader->text_kind == TEXT_FOLDER) {
    g_autofree char *folder = end_text (reader);

    g_free (reader->folder);
    reader->folder = *folder && !reader->folder_is_browsers ? g_steal_pointer (&folder) : NULL;
  } else if (g_ascii_strcasecmp (element, "h1") == 0 && reader->text_kind == TEXT_SECTION) {
    g_autofree char *section = end_text (reader);

    reader->archive = g_ascii_strcasecmp (section, "Read Archive") == 0;
  } else if (g_ascii_strcasecmp (element, "dl") == 0) {
    flush_previous (reader);
    if (reader->depth > 0 && reader->depth-- <= MAX_FOLDER_DEPTH)
      g_ptr_array_remove_index (reader->folders, reader->folders->len - 1);
  }
}

static void
characters_cb (void          *data,
               const xmlChar *characters,
               int            length)
{
  Reader *reader = data;

  if (reader->text_kind == TEXT_NONE || reader->text->len >= MAX_TEXT)
    return;

  g_string_append_len (reader->text, (const char *)characters,
                       MIN ((gsize)length, MAX_TEXT - reader->text->len));
}

gboolean
_lectern_import_read_html (LecternImport  *import,
                           GInputStream   *stream,
                           GCancellable   *cancellable,
                           GError        **error)
{
  htmlSAXHandler sax = { 0, };
  Reader reader = { 0, };
  g_autofree char *buffer = g_malloc (READ_SIZE);
  gboolean ok = TRUE;

  sax.startElement = start_element_cb;
  sax.endElement = end_element_cb;
  sax.characters = characters_cb;
  sax.cdataBlock = characters_cb;

  reader.import = import;
  reader.cancellable = cancellable;
  reader.folders = g_ptr_array_new_with_free_func (g_free);
  reader.text = g_string_new (NULL);
  reader.context = htmlCreatePushParserCtxt (&sax, &reader, NULL, 0, NULL,
                                             XML_CHAR_ENCODING_NONE);
  htmlCtxtUseOptions (reader.context, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_NOBLANKS);

  while (!reader.error) {
    gssize n = g_input_stream_read (stream, buffer, READ_SIZE, cancellable, &reader.error);

    if (n < 0)
      break;

    htmlParseChunk (reader.context, buffer, n, n == 0);
    if (n == 0)
      break;
  }

  if (!reader.error) {
    g_clear_pointer (&reader.entry, lectern_import_entry_free);
    flush_previous (&reader);
  }

  if (reader.error) {
    g_propagate_error (error, g_steal_pointer (&reader.error));
    ok = FALSE;
  }

  g_clear_pointer (&reader.entry, lectern_import_entry_free);
  g_clear_pointer (&reader.previous, lectern_import_entry_free);
  g_free (reader.folder);
  g_ptr_array_unref (reader.folders);
  g_string_free (reader.text, TRUE);
  htmlFreeParserCtxt (reader.context);
  return ok;
}
