/* fuzz-import.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-import.h"

#include <glib/gstdio.h>
#include <stdint.h>

/* A libFuzzer target over imports: any bytes, as a file given to Import…, go through
 * format detection and whichever reader it picks (CSV, HTML, JSON, ZIP, a list of
 * links) into a real library. Besides crashes, leaks and undefined behaviour, it checks
 * what an import promises: an error is one of the import's own or an I/O error, with a
 * message; the counts add up to no more than what the library holds.
 */

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static LecternArticleStore *store;

static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  /* Criticals and warnings mean a bug; let libFuzzer see them as crashes. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
    g_printerr ("%s: %s\n", log_domain ? log_domain : "", message);
    abort ();
  }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  g_log_set_default_handler (log_cb, NULL);

  dir = g_dir_make_tmp ("lectern-fuzz-import-XXXXXX", &error);
  if (!dir)
    g_error ("No folder for the library: %s", error->message);
  path = g_build_filename (dir, "library.sqlite3", NULL);
  store = lectern_article_store_new (path, &error);
  if (!store)
    g_error ("Cannot open the library: %s", error->message);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;
  guint before = lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL);
  guint after;

  stream = g_memory_input_stream_new_from_data (data, size, NULL);
  import = lectern_import_new (store);

  if (!lectern_import_run (import, stream, NULL, &error)) {
    if (!error || (error->domain != LECTERN_IMPORT_ERROR && error->domain != G_IO_ERROR) ||
        !error->message || !*error->message)
      g_error ("An import failed without a clear error: %s",
               error ? error->message : "(none)");
  }

  after = lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL);
  if (after != before + lectern_import_get_n_added (import))
    g_error ("The import says %u added, the library grew by %u",
             lectern_import_get_n_added (import), after - before);
  if (lectern_import_get_skipped (import)->len > lectern_import_get_n_skipped (import))
    g_error ("More skipped entries kept than counted");

  return 0;
}
