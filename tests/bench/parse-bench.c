/* parse-bench.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libxml2's bare parse of the pages that `lectern-extract --batch` extracts: each page
 * is read and given to htmlReadMemory() with the options the extractor parses with, and
 * the tree is freed; nothing else. extract-bench runs it over the same list in the same
 * run, so that the cost of extraction shows next to the cost of reading the HTML at all.
 *
 *   _build/tests/bench/parse-bench LIST
 *
 * LIST has one path a line, optionally followed by a tab and the page's URL, as for
 * `lectern-extract --batch`. The time and pages per second go to stderr.
 */

#include "config.h"

#include "lectern-xml-private.h"

#include <libxml/HTMLparser.h>
#include <string.h>

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  gint64 parse_us = 0;
  gint64 start;
  double total;
  guint pages = 0;
  guint failed = 0;

  if (argc != 2) {
    g_printerr ("usage: parse-bench LIST\n");
    return 2;
  }

  if (!g_file_get_contents (argv[1], &contents, NULL, &error)) {
    g_printerr ("parse-bench: %s\n", error->message);
    return 2;
  }

  start = g_get_monotonic_time ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    g_autofree char *data = NULL;
    g_autoptr (GError) local_error = NULL;
    char *line = g_strchomp (lines[i]);
    char *tab;
    const char *url = NULL;
    xmlDoc *doc;
    gsize length;
    gint64 t;

    if (!*line)
      continue;
    tab = strchr (line, '\t');
    if (tab) {
      *tab = '\0';
      url = tab + 1;
    }

    pages++;
    if (!g_file_get_contents (line, &data, &length, &local_error) || length > G_MAXINT) {
      g_printerr ("parse-bench: %s: %s\n", line,
                  local_error ? local_error->message : "too large");
      failed++;
      continue;
    }

    t = g_get_monotonic_time ();
    doc = htmlReadMemory (data, (int)length, url, "UTF-8", LECTERN_HTML_PARSE_OPTIONS);
    if (doc)
      xmlFreeDoc (doc);
    else
      failed++;
    parse_us += g_get_monotonic_time () - t;
  }

  total = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_printerr ("%u pages, %u failed, %.3f s in all, %.3f s parsing, %.1f pages/s\n",
              pages, failed, total, parse_us / (double)G_USEC_PER_SEC,
              total > 0 ? pages / total : 0.0);

  return 0;
}
