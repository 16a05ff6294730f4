/* test-highlight-store.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-import-entry.h"
#include "lectern-import-private.h"
#include "lectern-query.h"
#include "lectern-test-utils.h"

#include <string.h>

#define BODY \
  "<h2>Rivers</h2>" \
  "<p>The river runs <em>slowly</em> to the sea, and the sea does not fill.</p>" \
  "<p>The river runs again, past the mill.</p>" \
  "<ul><li>One stone</li><li>Two stones</li></ul>"

typedef struct {
  char *dir;
  char *path;
  LecternArticleStore *store;
  gint64 article_id;
  char *text;
  guint n_changed;
  gint64 changed_id;
} Fixture;

static void
highlights_changed_cb (LecternArticleStore *store,
                       gint64               article_id,
                       Fixture             *fixture)
{
  fixture->n_changed++;
  fixture->changed_id = article_id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = lectern_article_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "highlights-changed",
                    G_CALLBACK (highlights_changed_cb), fixture);

  article = lectern_test_article_new ("Rivers", "https://example.com/rivers", BODY);
  fixture->article_id = lectern_article_store_add (fixture->store, article, &error);
  g_assert_no_error (error);
  fixture->text = lectern_highlight_text_from_html (BODY);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (fixture->store);
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->text);
}

/* A highlight of the first place @quote is in the fixture's text. */
static LecternHighlight *
highlight_of (Fixture    *fixture,
              const char *quote)
{
  return lectern_test_highlight_new (fixture->article_id, BODY, quote, 0);
}

static GPtrArray *
list (Fixture    *fixture,
      gint64      article_id,
      const char *query_text)
{
  g_autoptr (LecternQuery) query = query_text ? lectern_query_parse (query_text) : NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *highlights;

  highlights = lectern_article_store_list_highlights (fixture->store, article_id, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (highlights);
  return highlights;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (LecternHighlight) first = highlight_of (fixture, "runs slowly to the sea");
  g_autoptr (LecternHighlight) second = highlight_of (fixture, "Two stones");
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;
  LecternHighlight *listed;
  const LecternTextSelector *selector;
  gint64 id;

  lectern_highlight_set_note (first, "Ecclesiastes, more or less.");
  id = lectern_article_store_add_highlight (fixture->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (lectern_highlight_get_id (first), ==, id);
  g_assert_cmpint (lectern_highlight_get_created_at (first), >, 0);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpint (fixture->changed_id, ==, fixture->article_id);

  lectern_highlight_set_color (second, LECTERN_HIGHLIGHT_PURPLE);
  g_assert_cmpint (lectern_article_store_add_highlight (fixture->store, second, &error), >, id);
  g_assert_no_error (error);

  /* Newest first, with the article's title. */
  highlights = list (fixture, 0, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);
  listed = g_ptr_array_index (highlights, 0);
  g_assert_cmpstr (lectern_highlight_get_text (listed), ==, "Two stones");
  g_assert_cmpint (lectern_highlight_get_color (listed), ==, LECTERN_HIGHLIGHT_PURPLE);
  g_assert_null (lectern_highlight_get_note (listed));
  g_assert_cmpstr (lectern_highlight_get_article_title (listed), ==, "Rivers");

  listed = g_ptr_array_index (highlights, 1);
  selector = lectern_highlight_get_selector (listed);
  g_assert_cmpint (lectern_highlight_get_id (listed), ==, id);
  g_assert_cmpstr (selector->exact, ==, "runs slowly to the sea");
  g_assert_cmpstr (selector->prefix, ==, "Rivers\nThe river ");
  g_assert_cmpstr (lectern_highlight_get_note (listed), ==, "Ecclesiastes, more or less.");
  g_assert_cmpint (lectern_highlight_get_color (listed), ==, LECTERN_HIGHLIGHT_YELLOW);
  g_assert_true (lectern_highlight_get_found (listed));
  g_assert_cmpint (lectern_highlight_get_created_at (listed), ==,
                   lectern_highlight_get_created_at (first));

  /* Colour and note change; a blank note is no note. */
  g_assert_true (lectern_article_store_update_highlight (fixture->store, id,
                                                         LECTERN_HIGHLIGHT_GREEN, "  \n ",
                                                         &error));
  g_assert_no_error (error);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, fixture->article_id, NULL);
  listed = g_ptr_array_index (highlights, 1);
  g_assert_cmpint (lectern_highlight_get_color (listed), ==, LECTERN_HIGHLIGHT_GREEN);
  g_assert_null (lectern_highlight_get_note (listed));
  g_assert_cmpuint (fixture->n_changed, ==, 3);

  /* Removed, then added back as it was. */
  g_assert_true (lectern_article_store_remove_highlight (fixture->store, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, 0, NULL);
  g_assert_cmpuint (highlights->len, ==, 1);

  g_assert_false (lectern_article_store_remove_highlight (fixture->store, id, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lectern_article_store_update_highlight (fixture->store, id,
                                                          LECTERN_HIGHLIGHT_BLUE, NULL, &error));
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr (GError) error = NULL;

  *id = lectern_article_store_add_highlight_finish (LECTERN_ARTICLE_STORE (source), result,
                                                    &error);
  g_assert_no_error (error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result,
                                                     &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (LecternHighlight) highlight = highlight_of (fixture, "past the mill");
  g_autoptr (GPtrArray) highlights = NULL;
  gint64 id = 0;
  gboolean done = FALSE;

  lectern_article_store_add_highlight_async (fixture->store, highlight, NULL, added_cb, &id);
  lectern_test_wait_until (id != 0);
  g_assert_cmpint (lectern_highlight_get_id (highlight), ==, id);
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  lectern_article_store_update_highlight_async (fixture->store, id, LECTERN_HIGHLIGHT_PINK,
                                                "A note", NULL, written_cb, &done);
  lectern_test_wait_until (done);
  highlights = list (fixture, fixture->article_id, NULL);
  g_assert_cmpuint (highlights->len, ==, 1);
  g_assert_cmpstr (lectern_highlight_get_note (g_ptr_array_index (highlights, 0)), ==, "A note");

  done = FALSE;
  lectern_article_store_remove_highlight_async (fixture->store, id, NULL, written_cb, &done);
  lectern_test_wait_until (done);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, fixture->article_id, NULL);
  g_assert_cmpuint (highlights->len, ==, 0);
  g_assert_cmpuint (fixture->n_changed, ==, 3);
}

/* Deleting the article hides its highlights; Undo brings them back; the purge ends them. */
static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternHighlight) highlight = highlight_of (fixture, "One stone");
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;

  lectern_highlight_set_note (highlight, "Count them");
  lectern_article_store_add_highlight (fixture->store, highlight, &error);
  g_assert_no_error (error);

  g_assert_true (lectern_article_store_delete (fixture->store, fixture->article_id, &error));
  highlights = list (fixture, 0, NULL);
  g_assert_cmpuint (highlights->len, ==, 0);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, 0, "count");
  g_assert_cmpuint (highlights->len, ==, 0);
  g_clear_pointer (&highlights, g_ptr_array_unref);

  /* No highlight for a deleted article. */
  g_clear_object (&highlight);
  highlight = highlight_of (fixture, "Two stones");
  g_assert_cmpint (lectern_article_store_add_highlight (fixture->store, highlight, &error), ==, 0);
  g_assert_error (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (lectern_article_store_undelete (fixture->store, fixture->article_id, &error));
  highlights = list (fixture, 0, NULL);
  g_assert_cmpuint (highlights->len, ==, 1);
  g_assert_cmpstr (lectern_highlight_get_note (g_ptr_array_index (highlights, 0)), ==,
                   "Count them");
  g_clear_pointer (&highlights, g_ptr_array_unref);

  g_assert_true (lectern_article_store_delete (fixture->store, fixture->article_id, &error));
  g_assert_true (lectern_article_store_purge_deleted (fixture->store, &error));
  g_assert_no_error (error);

  db = lectern_database_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count (*) FROM highlights"), ==, 0);
  /* The index lost them too. */
  g_assert_cmpint (lectern_test_query_int (db, "SELECT count (*) FROM highlight_search"
                                               " WHERE highlight_search MATCH 'count'"), ==, 0);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (LecternHighlight) sea = highlight_of (fixture, "the sea does not fill");
  g_autoptr (LecternHighlight) mill = highlight_of (fixture, "past the mill");
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  lectern_highlight_set_note (mill, "Water wheels 水车");
  lectern_article_store_add_highlight (fixture->store, sea, &error);
  g_assert_no_error (error);
  lectern_article_store_add_highlight (fixture->store, mill, &error);
  g_assert_no_error (error);

  /* The passage, the note (Chinese too), a prefix being typed, a word left out. */
  found = list (fixture, 0, "sea");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (lectern_highlight_get_text (g_ptr_array_index (found, 0)), ==,
                   "the sea does not fill");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = list (fixture, 0, "wheels");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (lectern_highlight_get_text (g_ptr_array_index (found, 0)), ==,
                   "past the mill");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = list (fixture, 0, "水车");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = list (fixture, 0, "wat");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = list (fixture, 0, "the -mill");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (lectern_highlight_get_text (g_ptr_array_index (found, 0)), ==,
                   "the sea does not fill");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The note changes, and so does what finds it. */
  lectern_article_store_update_highlight (fixture->store, lectern_highlight_get_id (mill),
                                          LECTERN_HIGHLIGHT_YELLOW, "Millstones", &error);
  g_assert_no_error (error);
  found = list (fixture, 0, "wheels");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = list (fixture, 0, "millstones");
  g_assert_cmpuint (found->len, ==, 1);
}

/* A new save of the article finds its highlights again in the new text. */
static void
test_reanchor_on_save (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (LecternHighlight) moved = highlight_of (fixture, "past the mill");
  g_autoptr (LecternHighlight) gone = highlight_of (fixture, "Two stones");
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const char *body = "<p>A new first paragraph, longer than before.</p>" BODY;
  const LecternTextSelector *selector;
  LecternHighlight *listed;

  lectern_article_store_add_highlight (fixture->store, moved, &error);
  g_assert_no_error (error);
  lectern_article_store_add_highlight (fixture->store, gone, &error);
  g_assert_no_error (error);

  article = lectern_test_article_new ("Rivers", "https://example.com/rivers", body);
  g_assert_true (lectern_article_store_finish_save (fixture->store, fixture->article_id,
                                                    article, NULL, &error));
  g_assert_no_error (error);

  text = lectern_highlight_text_from_html (body);
  highlights = list (fixture, fixture->article_id, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);
  listed = g_ptr_array_index (highlights, 1);
  selector = lectern_highlight_get_selector (listed);
  g_assert_true (lectern_highlight_get_found (listed));
  g_assert_cmpuint (selector->start, ==,
                    g_utf8_pointer_to_offset (text, strstr (text, "past the mill")));

  /* Taken out of the text: kept, and said to be not found. */
  g_clear_object (&article);
  article = lectern_test_article_new ("Rivers", "https://example.com/rivers",
                                      "<p>The river runs again, past the mill.</p>");
  g_assert_true (lectern_article_store_finish_save (fixture->store, fixture->article_id,
                                                    article, NULL, &error));
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, fixture->article_id, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);
  listed = g_ptr_array_index (highlights, 0);
  g_assert_cmpstr (lectern_highlight_get_text (listed), ==, "Two stones");
  g_assert_false (lectern_highlight_get_found (listed));
  listed = g_ptr_array_index (highlights, 1);
  g_assert_true (lectern_highlight_get_found (listed));
  g_assert_cmpuint (lectern_highlight_get_selector (listed)->start, ==, strlen ("The river runs again, "));
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (LecternHighlight) whole = NULL;
  g_autoptr (LecternHighlight) empty = NULL;
  g_autoptr (LecternHighlight) noted = highlight_of (fixture, "Rivers");
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autofree char *expected = NULL;
  LecternHighlight *listed;
  gint64 id;

  /* The whole article. */
  selector = lectern_text_selector_new_for_range (fixture->text, 0,
                                                  g_utf8_strlen (fixture->text, -1));
  whole = lectern_highlight_new (fixture->article_id, selector);
  g_assert_cmpint (lectern_article_store_add_highlight (fixture->store, whole, &error), >, 0);
  g_assert_no_error (error);
  g_clear_pointer (&selector, lectern_text_selector_free);

  /* No text: refused, with a message. */
  selector = lectern_text_selector_new ("", "", "", 0, 0);
  empty = lectern_highlight_new (fixture->article_id, selector);
  g_assert_cmpint (lectern_article_store_add_highlight (fixture->store, empty, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* A note of a megabyte with control characters: kept whole, less the controls. */
  while (big->len < 1024 * 1024)
    g_string_append (big, "Line\x01 of a long note\r\n");
  id = lectern_article_store_add_highlight (fixture->store, noted, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_update_highlight (fixture->store, id,
                                                         LECTERN_HIGHLIGHT_BLUE, big->str,
                                                         &error));
  g_assert_no_error (error);
  expected = lectern_highlight_clean_note (big->str);
  g_assert_nonnull (strstr (expected, "Line of a long note\nLine"));

  /* Offsets out of range in the file, written by another program. */
  db = lectern_database_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_database_exec (db, "UPDATE highlights SET start_offset = 99999999999,"
                                            " end_offset = -5", &error));
  g_assert_no_error (error);

  highlights = list (fixture, fixture->article_id, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);
  listed = g_ptr_array_index (highlights, 0);
  g_assert_cmpstr (lectern_highlight_get_note (listed), ==, expected);
  g_assert_cmpstr (lectern_highlight_get_text (listed), ==, "Rivers");
  g_assert_cmpuint (lectern_highlight_get_selector (listed)->end, ==, 0);

  /* The next save finds both again by their quote. */
  {
    g_autoptr (LecternArticle) article = NULL;
    LecternHighlight *again;

    article = lectern_test_article_new ("Rivers", "https://example.com/rivers", BODY);
    g_assert_true (lectern_article_store_finish_save (fixture->store, fixture->article_id,
                                                      article, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&highlights, g_ptr_array_unref);
    highlights = list (fixture, fixture->article_id, NULL);
    again = g_ptr_array_index (highlights, 0);
    g_assert_true (lectern_highlight_get_found (again));
    g_assert_cmpuint (lectern_highlight_get_selector (again)->start, ==, 0);
    g_assert_cmpuint (lectern_highlight_get_selector (again)->end, ==, 6);
    again = g_ptr_array_index (highlights, 1);
    g_assert_cmpuint (lectern_highlight_get_selector (again)->end, ==,
                      g_utf8_strlen (fixture->text, -1));
  }
}

/* An import brings an article's highlights, found by their quote once it has its text. */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (LecternImportEntry) entry = lectern_import_entry_new ();
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autoptr (LecternHighlight) highlight = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GArray) outcomes = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  LecternImportOutcome *outcome;

  entry->url = g_strdup ("https://example.com/imported");
  selector = lectern_text_selector_new ("quiet harbour", "", "", 0, 0);
  highlight = lectern_highlight_new (0, selector);
  lectern_highlight_set_note (highlight, "Imported note");
  lectern_highlight_set_created_at (highlight, 1600000000000000);
  lectern_import_entry_add_highlight (entry, highlight);
  g_clear_object (&highlight);
  /* Two paragraphs, as Omnivore writes them, blank line and all. */
  highlight = _lectern_import_highlight_new ("at night.\n\n  In the morning", "Two");
  lectern_import_entry_add_highlight (entry, highlight);
  g_ptr_array_add (entries, entry);

  outcomes = lectern_article_store_import (fixture->store, entries, NULL, &error);
  g_assert_no_error (error);
  outcome = &g_array_index (outcomes, LecternImportOutcome, 0);
  g_assert_true (outcome->added);

  highlights = list (fixture, outcome->id, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);
  g_assert_cmpint (lectern_highlight_get_created_at (g_ptr_array_index (highlights, 1)), ==,
                   1600000000000000);

  /* The same file again adds nothing. */
  g_clear_pointer (&outcomes, g_array_unref);
  outcomes = lectern_article_store_import (fixture->store, entries, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, g_array_index (outcomes, LecternImportOutcome, 0).id, NULL);
  g_assert_cmpuint (highlights->len, ==, 2);

  /* The saver fetches the page: the highlight is found in it. */
  article = lectern_test_article_new ("Harbour", "https://example.com/imported",
                                      "<p>Boats rest in the quiet harbour at night.</p>"
                                      "<p>In the morning they leave.</p>");
  g_assert_true (lectern_article_store_finish_save (fixture->store,
                                                    g_array_index (outcomes,
                                                                   LecternImportOutcome, 0).id,
                                                    article, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = list (fixture, g_array_index (outcomes, LecternImportOutcome, 0).id, NULL);
  g_assert_true (lectern_highlight_get_found (g_ptr_array_index (highlights, 1)));
  g_assert_cmpuint (lectern_highlight_get_selector (g_ptr_array_index (highlights, 1))->start,
                    ==, strlen ("Boats rest in the "));
  g_assert_cmpstr (lectern_highlight_get_note (g_ptr_array_index (highlights, 1)), ==,
                   "Imported note");
  g_assert_true (lectern_highlight_get_found (g_ptr_array_index (highlights, 0)));
  g_assert_cmpstr (lectern_highlight_get_text (g_ptr_array_index (highlights, 0)), ==,
                   "at night.\nIn the morning");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/highlight-store/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/highlight-store/async", Fixture, NULL,
              fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/highlight-store/delete-undo", Fixture, NULL,
              fixture_set_up, test_delete_undo, fixture_tear_down);
  g_test_add ("/highlight-store/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/highlight-store/reanchor-on-save", Fixture, NULL,
              fixture_set_up, test_reanchor_on_save, fixture_tear_down);
  g_test_add ("/highlight-store/bad-input", Fixture, NULL,
              fixture_set_up, test_bad_input, fixture_tear_down);
  g_test_add ("/highlight-store/import", Fixture, NULL,
              fixture_set_up, test_import, fixture_tear_down);

  return g_test_run ();
}
