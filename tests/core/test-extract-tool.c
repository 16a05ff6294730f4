/* test-extract-tool.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* lectern-extract as a user runs it: its JSON for a page written to a file. */
static JsonObject *
extract_json (const char *html)
{
  const char *tool = g_getenv ("LECTERN_EXTRACT");
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *page = NULL;
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *argv[] = { tool, "--format", "json", "--url", "https://news.example/story", NULL,
                         NULL };
  int status = -1;

  g_assert_nonnull (tool);
  tmp = g_dir_make_tmp ("lectern-extract-XXXXXX", &error);
  g_assert_no_error (error);
  page = g_build_filename (tmp, "page.html", NULL);
  g_file_set_contents (page, html, -1, &error);
  g_assert_no_error (error);

  argv[5] = page;
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_unlink (page);
  g_rmdir (tmp);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define BODY \
  "<p>The river rose through the night, and by morning the lower town was under water. " \
  "Families who had lived beside it for generations packed what they could carry.</p>" \
  "<p>Officials said the levee had held for forty years, but the rain this spring had " \
  "been heavier than any on record, and the ground could take no more of it.</p>"

/* A time is printed in the zone the page wrote it in, so that its day is the page's day;
 * a day is printed as the day.
 */
static void
test_json_dates (void)
{
  g_autoptr (JsonObject) zoned = extract_json (
    "<html><head><title>The river rose</title>"
    "<meta property=\"article:published_time\" content=\"2025-03-19T01:00:00+08:00\">"
    "<meta property=\"article:modified_time\" content=\"2025-03-20T21:15:00-05:00\">"
    "</head><body><article><h1>The river rose</h1>" BODY "</article></body></html>");
  g_autoptr (JsonObject) day = extract_json (
    "<html><head><title>The river rose</title>"
    "<meta property=\"article:published_time\" content=\"2025-03-19\">"
    "</head><body><article><h1>The river rose</h1>" BODY "</article></body></html>");

  g_assert_cmpstr (json_object_get_string_member (zoned, "published"), ==,
                   "2025-03-19T01:00:00+08:00");
  g_assert_cmpint (json_object_get_int_member (zoned, "published_at"), ==,
                   G_GINT64_CONSTANT (1742317200) * G_USEC_PER_SEC);
  g_assert_cmpstr (json_object_get_string_member (zoned, "published_precision"), ==, "minute");
  g_assert_cmpstr (json_object_get_string_member (zoned, "modified"), ==,
                   "2025-03-20T21:15:00-05:00");

  g_assert_cmpstr (json_object_get_string_member (day, "published"), ==, "2025-03-19");
  g_assert_cmpstr (json_object_get_string_member (day, "published_precision"), ==, "day");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/extract-tool/json-dates", test_json_dates);

  return g_test_run ();
}
