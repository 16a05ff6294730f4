/* test-import.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-database.h"
#include "lectern-import.h"
#include "lectern-import-private.h"
#include "lectern-statement.h"
#include "lectern-test-utils.h"
#include "lectern-url.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

/* Imports: the format told from the content, each format's entries as they land in the
 * library, the merge with what is there, and bad files.
 */

typedef struct {
  char *dir;
  LecternArticleStore *store;
  guint n_external_changes;
} Fixture;

static void
external_change_cb (LecternArticleStore *store,
                    Fixture             *fixture)
{
  fixture->n_external_changes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = lectern_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  fixture->store = lectern_article_store_new (path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "external-change", G_CALLBACK (external_change_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lectern_article_store_close (fixture->store);
  lectern_test_finalize_object (g_steal_pointer (&fixture->store));
  lectern_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* Imports @text; returns the import, with @error set as lectern_import_run () set it. */
static LecternImport *
import_text (Fixture     *fixture,
             const char  *text,
             gssize       length,
             GError     **error)
{
  g_autoptr (GInputStream) stream = NULL;
  LecternImport *import = lectern_import_new (fixture->store);

  if (length < 0)
    length = strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, length), length, g_free);
  lectern_import_run (import, stream, NULL, error);
  return import;
}

static LecternImport *
import_data (Fixture     *fixture,
             const char  *name,
             GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;

  text = lectern_test_read_data (name, &length);
  return import_text (fixture, text, length, error);
}

static LecternArticle *
get_by_url (Fixture    *fixture,
            const char *url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *normalized = lectern_url_normalize (url, &error);
  gint64 id;

  g_assert_no_error (error);
  id = lectern_article_store_find_by_url (fixture->store, normalized, &error);
  g_assert_no_error (error);
  if (id == 0)
    return NULL;

  return lectern_article_store_get (fixture->store, id, NULL);
}

static char *
tags_of (Fixture        *fixture,
         LecternArticle *article)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = NULL;

  tags = lectern_article_store_get_tags (fixture->store, lectern_article_get_id (article),
                                         &error);
  g_assert_no_error (error);
  return g_strjoinv (",", tags);
}

static guint
count_articles (Fixture *fixture)
{
  return lectern_article_store_count (fixture->store, LECTERN_FILTER_ALL, NULL);
}

static void
test_detect (void)
{
  static const struct {
    const char *text;
    LecternImportFormat format;
  } cases[] = {
    { "title,url,time_added,cursor,tags,status\n", LECTERN_IMPORT_FORMAT_POCKET_CSV },
    { "\xef\xbb\xbftitle,url,time_added,tags,status\r\n", LECTERN_IMPORT_FORMAT_POCKET_CSV },
    { "URL,Title,Tags,Time_Added,Status\n", LECTERN_IMPORT_FORMAT_POCKET_CSV },
    { "URL,Title,Selection,Folder\n", LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV },
    { "URL,Title,Selection,Folder,Timestamp,Tags\n", LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV },
    { "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>",
      LECTERN_IMPORT_FORMAT_BOOKMARKS },
    { "<!DOCTYPE html>\n<html><head><title>Pocket Export</title></head>",
      LECTERN_IMPORT_FORMAT_POCKET_HTML },
    { "<html><body><h1>Unread</h1><ul><li><a href=\"https://a.example/\" time_added=\"1\">",
      LECTERN_IMPORT_FORMAT_POCKET_HTML },
    { "PK\x03\x04\x14\0\0\0\x08\0", LECTERN_IMPORT_FORMAT_ARCHIVE },
    { "https://example.com/\nhttps://example.org/\n", LECTERN_IMPORT_FORMAT_URL_LIST },
    { "# saved\n\n  http://example.com/a  \n", LECTERN_IMPORT_FORMAT_URL_LIST },
    /* A file's name says nothing: only these bytes do. */
    { "title,link,date\nx,y,z\n", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "{\"entries\": []}", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "[{\"url\": \"https://a.example/\", \"is_archived\": 1}]", LECTERN_IMPORT_FORMAT_WALLABAG },
    { " [\n  {\n \"id\": \"1\", \"slug\": \"a\", \"url\": \"https://a.example/\"}]",
      LECTERN_IMPORT_FORMAT_OMNIVORE },
    { "[{\"name\": \"ada\"}]", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "<html><body>Hello</body></html>", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "javascript:alert(1)\n", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "Just some words\n", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "\x89PNG\r\n\x1a\n", LECTERN_IMPORT_FORMAT_UNKNOWN },
    { "   \n\n", LECTERN_IMPORT_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    /* The ZIP header holds NUL bytes. */
    gsize length = g_str_has_prefix (cases[i].text, "PK") ? 10 : strlen (cases[i].text);

    g_assert_cmpint (lectern_import_detect_format (cases[i].text, length), ==, cases[i].format);
  }
}

static void
test_pocket (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) rust = NULL;
  g_autoptr (LecternArticle) story = NULL;
  g_autoptr (LecternArticle) two_lines = NULL;
  g_autoptr (LecternArticle) chinese = NULL;
  g_autoptr (LecternArticle) future = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rust_tags = NULL;
  g_autofree char *chinese_tags = NULL;
  GPtrArray *skipped;
  gint64 now = g_get_real_time ();

  import = import_data (fixture, "import/pocket.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_POCKET_CSV);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 5);
  g_assert_cmpuint (lectern_import_get_n_existing (import), ==, 0);
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 1);
  g_assert_cmpuint (count_articles (fixture), ==, 5);
  /* One batch: the lists read the library once. */
  g_assert_cmpuint (fixture->n_external_changes, ==, 1);

  /* javascript:, file: and the row without a link are skipped, each with its line. */
  skipped = lectern_import_get_skipped (import);
  g_assert_cmpuint (skipped->len, ==, 3);
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[0])->location, ==, "line 6");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[0])->url, ==,
                   "javascript:alert(document.cookie)");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[1])->url, ==, "file:///etc/passwd");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[2])->location, ==, "line 8");
  g_assert_null (((LecternImportSkip *)skipped->pdata[2])->url);
  for (guint i = 0; i < skipped->len; i++)
    g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[i])->reason, !=, "");

  /* The title with commas and quotes; the repeat later in the file merged into it: tags
   * united, archived (hence read) kept, the earlier saved date.
   */
  rust = get_by_url (fixture, "https://blog.example.com/rust");
  g_assert_nonnull (rust);
  g_assert_cmpstr (lectern_article_get_title (rust), ==, "Rust, Go and the \"borrow\" checker");
  g_assert_cmpstr (lectern_article_get_url (rust), ==,
                   "https://blog.example.com/rust?utm_source=pocket_saves");
  g_assert_cmpint (lectern_article_get_save_state (rust), ==, LECTERN_SAVE_STATE_PENDING);
  g_assert_cmpint (lectern_article_get_saved_at (rust), ==, G_GINT64_CONSTANT (1609459200000000));
  g_assert_true (lectern_article_get_archived (rust));
  g_assert_true (lectern_article_get_is_read (rust));
  g_assert_false (lectern_article_get_starred (rust));
  rust_tags = tags_of (fixture, rust);
  g_assert_cmpstr (rust_tags, ==, "again,long reads,programming,编程");

  /* A title that is the link is no title; "archive" is read and archived. */
  story = get_by_url (fixture, "https://news.example.org/2024/01/02/story");
  g_assert_cmpstr (lectern_article_get_title (story), ==, "");
  g_assert_true (lectern_article_get_archived (story));
  g_assert_true (lectern_article_get_is_read (story));
  g_assert_cmpint (lectern_article_get_saved_at (story), ==, G_GINT64_CONSTANT (1704153600000000));

  /* A line break in a title becomes a space. */
  two_lines = get_by_url (fixture, "https://example.net/two-lines");
  g_assert_cmpstr (lectern_article_get_title (two_lines), ==, "A title over two lines");
  g_assert_false (lectern_article_get_is_read (two_lines));
  g_assert_false (lectern_article_get_archived (two_lines));

  chinese = get_by_url (fixture, "https://www.example.cn/post/518.html");
  g_assert_cmpstr (lectern_article_get_title (chinese), ==, "大模型也开始免费开放");
  chinese_tags = tags_of (fixture, chinese);
  g_assert_cmpstr (chinese_tags, ==, "人工智能,新闻");

  /* A date far in the future is no date: the import's time stands in. */
  future = get_by_url (fixture, "https://example.com/future");
  g_assert_cmpint (lectern_article_get_saved_at (future), >=, now);
}

static void
test_pocket_older_header (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) a = NULL;
  g_autoptr (LecternArticle) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *b_tags = NULL;

  import = import_data (fixture, "import/pocket-no-cursor.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);

  a = get_by_url (fixture, "https://old.example.com/a");
  g_assert_cmpstr (lectern_article_get_title (a), ==, "Old one");
  g_assert_cmpint (lectern_article_get_saved_at (a), ==, G_GINT64_CONSTANT (1500000000000000));
  b = get_by_url (fixture, "https://old.example.com/b");
  g_assert_true (lectern_article_get_archived (b));
  b_tags = tags_of (fixture, b);
  g_assert_cmpstr (b_tags, ==, "x,y");
}

static void
test_instapaper (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *title;
    gboolean archived;
    gboolean starred;
    const char *tags;
  } expected[] = {
    { "https://insta.example.com/1", "First", FALSE, FALSE, "" },
    { "https://insta.example.com/2", "Second", TRUE, FALSE, "" },
    { "https://insta.example.com/3", "Third", FALSE, TRUE, "" },
    /* A folder of the user's own becomes a tag. */
    { "https://insta.example.com/4", "Fourth", FALSE, FALSE, "Recipes" },
    { "https://insta.example.com/5", "Fifth", FALSE, FALSE, "long form,reading" },
    { "https://insta.example.com/6", "Sixth", TRUE, FALSE, "" },
    /* "recipes" is the tag "Recipes" the folder above made: names compare in any case. */
    { "https://insta.example.com/7", "Seventh", FALSE, FALSE, "Cooking,Recipes" },
    /* Tags that are not a JSON array are no tags; the entry stays. */
    { "https://insta.example.com/8", "Eighth", FALSE, TRUE, "" },
  };
  g_autoptr (LecternImport) old = NULL;
  g_autoptr (LecternImport) current = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (GError) error = NULL;

  old = import_data (fixture, "import/instapaper-old.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (old), ==, LECTERN_IMPORT_FORMAT_INSTAPAPER_CSV);
  current = import_data (fixture, "import/instapaper.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (old) + lectern_import_get_n_added (current), ==,
                    G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    g_autoptr (LecternArticle) article = get_by_url (fixture, expected[i].url);
    g_autofree char *tags = NULL;

    g_assert_nonnull (article);
    g_assert_cmpstr (lectern_article_get_title (article), ==, expected[i].title);
    g_assert_cmpint (lectern_article_get_archived (article), ==, expected[i].archived);
    g_assert_cmpint (lectern_article_get_starred (article), ==, expected[i].starred);
    tags = tags_of (fixture, article);
    g_assert_cmpstr (tags, ==, expected[i].tags);
  }

  /* The selection is kept as the excerpt. */
  first = get_by_url (fixture, "https://insta.example.com/1");
  g_assert_cmpstr (lectern_article_get_excerpt (first), ==,
                   "The text I had selected, with a comma");
}

static void
test_url_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *skipped;

  import = import_data (fixture, "import/links.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_URL_LIST);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 1);

  /* The comment and the blank line are no entries; the words and ftp: are skipped. */
  skipped = lectern_import_get_skipped (import);
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[0])->location, ==, "line 5");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[1])->url, ==, "ftp://example.com/file");
}

/* A browser's bookmarks: folders become tags, the browser's own do not; descriptions
 * become excerpts; bookmarklets and places are skipped.
 */
static void
test_bookmarks (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *title;
    const char *excerpt;
    gint64 saved_at;
    const char *tags;
  } expected[] = {
    { "https://toolbar.example.com/", "On the toolbar", NULL, 1600000200, "" },
    /* Merged with "The essay again", saved earlier, further down. */
    { "https://read.example.com/essay", "An essay & its <notes>",
      "What the essay says, in a line.", 1500000000, "again,essays,long read,Reading" },
    { "https://www.example.cn/post/518.html", "大模型也开始免费开放", NULL, 1742342400,
      "Reading,深度阅读" },
    { "https://menu.example.com/", "In the menu", "A description over two lines", 1600000800,
      "" },
  };
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *skipped;

  import = import_data (fixture, "import/bookmarks.html", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_BOOKMARKS);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    g_autoptr (LecternArticle) article = get_by_url (fixture, expected[i].url);
    g_autofree char *tags = NULL;

    g_assert_nonnull (article);
    g_assert_cmpstr (lectern_article_get_title (article), ==, expected[i].title);
    g_assert_cmpstr (lectern_article_get_excerpt (article), ==, expected[i].excerpt);
    g_assert_cmpint (lectern_article_get_saved_at (article), ==,
                     expected[i].saved_at * G_USEC_PER_SEC);
    tags = tags_of (fixture, article);
    g_assert_cmpstr (tags, ==, expected[i].tags);
  }

  skipped = lectern_import_get_skipped (import);
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[0])->url, ==, "javascript:alert(1)");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[0])->location, ==, "line 23");
  g_assert_cmpstr (((LecternImportSkip *)skipped->pdata[1])->url, ==,
                   "place:sort=8&maxResults=10");
}

/* Pocket's old export: the "Read Archive" section is archived and read. */
static void
test_pocket_html (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) untitled = NULL;
  g_autoptr (LecternArticle) archived = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;

  import = import_data (fixture, "import/ril_export.html", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_POCKET_HTML);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 3);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 1);

  first = get_by_url (fixture, "https://unread.example.com/1");
  g_assert_cmpstr (lectern_article_get_title (first), ==, "First unread");
  g_assert_false (lectern_article_get_archived (first));
  g_assert_false (lectern_article_get_is_read (first));
  tags = tags_of (fixture, first);
  g_assert_cmpstr (tags, ==, "news,tech");

  /* The link as its title is no title. */
  untitled = get_by_url (fixture, "https://unread.example.com/2");
  g_assert_cmpstr (lectern_article_get_title (untitled), ==, "");

  archived = get_by_url (fixture, "https://archive.example.com/1");
  g_assert_true (lectern_article_get_archived (archived));
  g_assert_true (lectern_article_get_is_read (archived));
  g_assert_cmpint (lectern_article_get_saved_at (archived), ==,
                   G_GINT64_CONSTANT (1400000000000000));
}

/* Bookmarks nested without end, and folders by the thousand: an error before the
 * parser slows to a crawl, what came before it imported, and a link deep in folders
 * gets the tags of the outer ones only.
 */
static void
test_hostile_bookmarks (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GString) deep = g_string_new ("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
                                           "<DT><A HREF=\"https://first.example.com/\">First</A>\n");
  g_autoptr (GString) folders = g_string_new ("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n");
  g_autoptr (LecternImport) deep_import = NULL;
  g_autoptr (LecternImport) folders_import = NULL;
  g_autoptr (LecternArticle) inner = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (deep, "<DL><p>");
  deep_import = import_text (fixture, deep->str, deep->len, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (deep_import), ==, 1);

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (folders, "<DT><H3>Folder %u</H3>\n<DL><p>\n", i);
  g_string_append (folders, "<DT><A HREF=\"https://inner.example.com/\">Inner</A>\n");
  folders_import = import_text (fixture, folders->str, folders->len, &error);
  g_assert_no_error (error);
  inner = get_by_url (fixture, "https://inner.example.com/");
  tags = lectern_article_store_get_tags (fixture->store, lectern_article_get_id (inner), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tags), ==, 32);
  g_assert_true (g_strv_contains ((const char * const *)tags, "Folder 0"));
  g_assert_false (g_strv_contains ((const char * const *)tags, "Folder 32"));
}

/* A file of many bad lines: each is counted, the first thousand are kept with why. */
static void
test_many_skipped (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GString) list = g_string_new ("https://fine.example.com/\n");
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (list, "javascript:void(%u)\n", i);

  import = import_text (fixture, list->str, list->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 1);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 1500);
  g_assert_cmpuint (lectern_import_get_skipped (import)->len, ==, 1000);
  summary = lectern_import_dup_summary (import);
  g_assert_cmpstr (summary, ==, "1 imported, 1500 skipped");
}

/* An entry whose address the library has merges into that article and changes nothing
 * else of it: its text, its title, its images stay.
 */
static void
test_merge_with_library (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (LecternArticle) saved = NULL;
  g_autoptr (LecternArticle) merged = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *summary = NULL;
  const char *csv =
    "title,url,time_added,tags,status\n"
    "Another title,https://blog.example.com/rust?utm_medium=x#top,1500000000,imported,unread\n"
    "New,https://blog.example.com/new,1500000000,,unread\n";
  const char *instapaper =
    "URL,Title,Selection,Folder\n"
    "https://blog.example.com/rust,Yet another,,Starred\n";
  gint64 id;

  saved = lectern_test_article_new ("The saved title", "https://blog.example.com/rust",
                                    "<p>The saved text.</p>");
  lectern_article_set_saved_at (saved, G_GINT64_CONSTANT (1600000000000000));
  id = lectern_article_store_add (fixture->store, saved, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_set_tags (fixture->store, id,
                                                 (const char *[]) { "mine", NULL }, &error));

  import = import_text (fixture, csv, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 1);
  g_assert_cmpuint (lectern_import_get_n_existing (import), ==, 1);
  summary = lectern_import_dup_summary (import);
  g_assert_cmpstr (summary, ==, "1 imported, 1 already in the library");

  again = import_text (fixture, instapaper, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, 1);
  g_assert_cmpuint (count_articles (fixture), ==, 2);

  merged = lectern_article_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lectern_article_get_title (merged), ==, "The saved title");
  g_assert_cmpstr (lectern_article_get_body_html (merged), ==, "<p>The saved text.</p>");
  g_assert_cmpint (lectern_article_get_save_state (merged), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpint (lectern_article_get_saved_at (merged), ==, G_GINT64_CONSTANT (1500000000000000));
  g_assert_true (lectern_article_get_starred (merged));
  g_assert_false (lectern_article_get_is_read (merged));
  tags = tags_of (fixture, merged);
  g_assert_cmpstr (tags, ==, "imported,mine");

  /* The index and the tags' counts are in step. */
  lectern_test_build_index (fixture->store);
  g_assert_cmpint (lectern_test_query_int (lectern_article_store_get_database (fixture->store),
                                           "SELECT count (*) FROM tag_counts AS c"
                                           " JOIN tags AS t ON t.id = c.tag_id"
                                           " WHERE t.name = 'imported' AND c.n_favourites = 1"),
                   ==, 1);
}

/* Running an import again adds nothing: that is how an import cut off completes. */
static void
test_import_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (LecternImport) first = NULL;
  g_autoptr (LecternImport) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  first = import_data (fixture, "import/pocket.csv", &error);
  g_assert_no_error (error);
  second = import_data (fixture, "import/pocket.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (second), ==, 0);
  g_assert_cmpuint (lectern_import_get_n_existing (second), ==, 5);
  g_assert_cmpuint (count_articles (fixture), ==, 5);
  summary = lectern_import_dup_summary (second);
  g_assert_cmpstr (summary, ==, "0 imported, 5 already in the library, 1 repeated in the file, "
                                "3 skipped");
}

/* More entries than a batch, cancelled during the second: the first batch stays, and
 * the import run again completes the rest without a duplicate.
 */
static void
cancel_after_first_batch_cb (LecternArticleStore *store,
                             GCancellable        *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("title,url,time_added,tags,status\n");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LecternImport) cut = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  guint n = LECTERN_IMPORT_BATCH * 2 + 10;
  gulong handler;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Article %u,https://many.example.com/%u,1600000000,t%u,unread\n",
                            i, i, i % 7);

  handler = g_signal_connect (fixture->store, "external-change",
                              G_CALLBACK (cancel_after_first_batch_cb), cancellable);
  stream = g_memory_input_stream_new_from_data (csv->str, csv->len, NULL);
  cut = lectern_import_new (fixture->store);
  g_assert_false (lectern_import_run (cut, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_signal_handler_disconnect (fixture->store, handler);
  g_assert_cmpuint (lectern_import_get_n_added (cut), ==, LECTERN_IMPORT_BATCH);
  g_assert_cmpuint (count_articles (fixture), ==, LECTERN_IMPORT_BATCH);

  again = import_text (fixture, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (again), ==, n - LECTERN_IMPORT_BATCH);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, LECTERN_IMPORT_BATCH);
  g_assert_cmpuint (count_articles (fixture), ==, n);
}

/* Bad files: a clear error, and nothing lost or changed. */
static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *text;
    gsize length;
    LecternImportError code;
  } cases[] = {
    { "", 0, LECTERN_IMPORT_ERROR_EMPTY },
    { "{\"a\": [1, 2", 11, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT },
    /* A ZIP archive cut off in its first header. */
    { "PK\x03\x04\x14\0\0\0", 8, LECTERN_IMPORT_ERROR_INVALID },
    { "\0\0\0\0\0\0", 6, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT },
    { "Dear diary,\ntoday I saved nothing.\n", 35, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT },
  };
  g_autoptr (LecternArticle) saved = NULL;
  g_autoptr (GError) error = NULL;

  saved = lectern_test_article_new ("Kept", "https://kept.example.com/", "<p>Kept.</p>");
  lectern_article_store_add (fixture->store, saved, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (LecternImport) import = NULL;

    import = import_text (fixture, cases[i].text, cases[i].length, &error);
    g_assert_error (error, LECTERN_IMPORT_ERROR, cases[i].code);
    g_assert_cmpstr (error->message, !=, "");
    g_clear_error (&error);
    g_assert_cmpuint (lectern_import_get_n_added (import), ==, 0);
  }

  g_assert_cmpuint (count_articles (fixture), ==, 1);
  g_assert_cmpuint (fixture->n_external_changes, ==, 0);
}

/* A quote never closed: what comes before it is imported, and the error says where. */
static void
test_unbalanced_quotes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;

  import = import_data (fixture, "import/pocket-unbalanced.csv", &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  g_assert_cmpuint (count_articles (fixture), ==, 2);
}

/* Titles with control characters and direction overrides, a title of a megabyte, tags
 * that are empty, too long or hold controls: the entry lands, clean.
 */
static void
test_hostile_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("title,url,time_added,tags,status\n");
  g_autoptr (GString) long_tag = g_string_new (NULL);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) controls = NULL;
  g_autoptr (LecternArticle) huge = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *report = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append_c (long_tag, 't');
  g_string_append_printf (csv, "\"Evil\x1b[31m\xe2\x80\xaegpj.exe\x07 title\","
                               "https://hostile.example.com/1,1600000000,"
                               "\"ok|| |%s|bad\x01tag|fine\",unread\n", long_tag->str);
  g_string_append (csv, "\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (csv, "abc \n"[i % 5]);
  g_string_append (csv, "\",https://hostile.example.com/2,-5,,unread\n");
  /* A link with a line break in it, skipped: the report keeps it on its own line. */
  g_string_append (csv, "Forged,\"javascript:x\nline 1: https://forged.example.com/: ok\","
                        "1600000000,,unread\n");

  import = import_text (fixture, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  report = lectern_import_dup_report (import);
  g_assert_true (g_str_has_prefix (report, "line "));
  g_assert_nonnull (strstr (report, ": javascript:x\\x0aline 1: https://forged.example.com/"));
  g_assert_cmpstr (strchr (report, '\n') + 1, ==, "");

  controls = get_by_url (fixture, "https://hostile.example.com/1");
  g_assert_cmpstr (lectern_article_get_title (controls), ==, "Evil [31m gpj.exe title");
  tags = tags_of (fixture, controls);
  g_assert_cmpstr (tags, ==, "fine,ok");

  huge = get_by_url (fixture, "https://hostile.example.com/2");
  g_assert_cmpuint (g_utf8_strlen (lectern_article_get_title (huge), -1), <=, 1000);
  g_assert_true (g_str_has_prefix (lectern_article_get_title (huge), "abc abc"));
  /* A negative date is no date. */
  g_assert_cmpint (lectern_article_get_saved_at (huge), >, G_GINT64_CONSTANT (1600000000000000));
}

/* ZIP archives, made with libarchive's writer. */

typedef struct {
  const char *name;
  const char *text;
  /* After the text, this many bytes of "a\n" (a bomb); or a symbolic link to @target. */
  gsize repeat;
  const char *target;
} Member;

static GBytes *
make_zip (const Member *members,
          guint         n_members,
          guint         n_empty)
{
  struct archive *archive = archive_write_new ();
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autofree char *chunk = NULL;
  size_t used = 0;
  gsize capacity = 64 * 1024 * 1024;

  g_byte_array_set_size (out, capacity);
  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (archive, out->data, capacity, &used), ==,
                   ARCHIVE_OK);

  chunk = g_malloc (1024 * 1024);
  for (gsize i = 0; i < 1024 * 1024; i += 2)
    memcpy (chunk + i, "a\n", 2);

  for (guint i = 0; i < n_members + n_empty; i++) {
    struct archive_entry *entry = archive_entry_new ();
    const Member *member = i < n_members ? &members[i] : NULL;
    g_autofree char *name = member ? g_strdup (member->name) : g_strdup_printf ("empty-%u.txt", i);
    gsize length = member && member->text ? strlen (member->text) : 0;
    gsize size = member ? length + member->repeat : 0;

    archive_entry_set_pathname (entry, name);
    if (member && member->target) {
      archive_entry_set_filetype (entry, AE_IFLNK);
      archive_entry_set_symlink (entry, member->target);
      size = 0;
    } else {
      archive_entry_set_filetype (entry, AE_IFREG);
    }
    archive_entry_set_perm (entry, 0644);
    archive_entry_set_size (entry, size);
    g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);

    if (length > 0)
      g_assert_cmpint (archive_write_data (archive, member->text, length), ==, (la_ssize_t)length);
    for (gsize written = 0; member && written < member->repeat; ) {
      gsize n = MIN (member->repeat - written, 1024 * 1024);

      g_assert_cmpint (archive_write_data (archive, chunk, n), ==, (la_ssize_t)n);
      written += n;
    }
    archive_entry_free (entry);
  }

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  g_byte_array_set_size (out, used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static LecternImport *
import_bytes (Fixture     *fixture,
              GBytes      *bytes,
              GError     **error)
{
  return import_text (fixture, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

/* Pocket's export: a ZIP of CSV files of 10,000 rows each, in a folder or not. */
static void
test_pocket_zip (Fixture       *fixture,
                 gconstpointer  data)
{
  const Member members[] = {
    { "part_000000.csv", "title,url,time_added,cursor,tags,status\n"
                         "First,https://zip.example.com/1,1700000000,a,zip,unread\n"
                         "Second,https://zip.example.com/2,1700000001,b,,archive\n" },
    { "readme.txt", "Your Pocket export" },
    { "pocket/part_000001.csv", "title,url,time_added,cursor,tags,status\n"
                                "Third,https://zip.example.com/3,1700000002,c,,unread\n"
                                "First again,https://zip.example.com/1,1690000000,d,again,unread\n" },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;

  import = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_POCKET_CSV);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 3);
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 1);

  first = get_by_url (fixture, "https://zip.example.com/1");
  g_assert_cmpstr (lectern_article_get_title (first), ==, "First");
  g_assert_cmpint (lectern_article_get_saved_at (first), ==, G_GINT64_CONSTANT (1690000000000000));
  tags = tags_of (fixture, first);
  g_assert_cmpstr (tags, ==, "again,zip");
}

/* Archives made to hurt: paths out of the archive, links, a bomb, too many members, a
 * cut-off file, none of the exports. Nothing is written anywhere, the reader stops in
 * time, and what it read before a fault is kept.
 */
static void
test_hostile_zips (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (fixture->dir, "..", "escaped.csv", NULL);
  const Member paths[] = {
    { "../escaped.csv", "title,url,time_added,tags,status\nA,https://paths.example.com/1,1,,unread\n" },
    { "/tmp/absolute.csv", "title,url,time_added,tags,status\nB,https://paths.example.com/2,1,,unread\n" },
    { "link.csv", NULL, 0, "/etc/passwd" },
  };
  const Member bomb[] = {
    { "part_000000.csv", "title,url,time_added,tags,status\nKept,https://bomb.example.com/1,1,,unread\n" },
    { "part_000001.csv", "title,url,time_added,tags,status\n", 64 * 1024 * 1024 },
  };
  const Member none[] = {
    { "notes.txt", "nothing here" },
    { "data.csv", "name,age\nada,36\n" },
  };
  const Member many[] = {
    { "part_000000.csv", "title,url,time_added,tags,status\nMany,https://many.example.com/1,1,,unread\n" },
  };
  g_autoptr (GBytes) paths_zip = make_zip (paths, G_N_ELEMENTS (paths), 0);
  g_autoptr (GBytes) bomb_zip = make_zip (bomb, G_N_ELEMENTS (bomb), 0);
  g_autoptr (GBytes) none_zip = make_zip (none, G_N_ELEMENTS (none), 0);
  g_autoptr (GBytes) many_zip = make_zip (many, G_N_ELEMENTS (many), 100001);
  g_autoptr (GBytes) cut_zip = NULL;
  g_autoptr (LecternImport) paths_import = NULL;
  g_autoptr (LecternImport) bomb_import = NULL;
  g_autoptr (LecternImport) none_import = NULL;
  g_autoptr (LecternImport) many_import = NULL;
  g_autoptr (LecternImport) cut_import = NULL;
  g_autoptr (GError) error = NULL;

  /* The members' paths name nothing outside: their CSV is read, nothing is written. */
  paths_import = import_bytes (fixture, paths_zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (paths_import), ==, 2);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));

  /* 64 MB of "a\n" in 64 kB: the reader stops; the file before it is imported. */
  g_assert_cmpuint (g_bytes_get_size (bomb_zip), <, 1024 * 1024);
  bomb_import = import_bytes (fixture, bomb_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (bomb_import), ==, 1);

  none_import = import_bytes (fixture, none_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  many_import = import_bytes (fixture, many_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (many_import), ==, 1);

  /* Cut in the middle of the second member. */
  cut_zip = g_bytes_new_from_bytes (paths_zip, 0, g_bytes_get_size (paths_zip) / 2 + 40);
  cut_import = import_bytes (fixture, cut_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (count_articles (fixture), ==, 4);
}

/* Backups that are not what Lectern wrote: a newer version, images that are not what their
 * names say, lines that are no articles, addresses and dates that cannot be. What can be
 * read is imported, nothing else.
 */
static void
test_hostile_backups (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *png_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                               "\x89PNG\r\n\x1a\nimage", -1);
  g_autofree char *png_name = g_strconcat ("images/", png_sha256, NULL);
  g_autofree char *wrong_name = g_strconcat ("images/", "0123456789abcdef0123456789abcdef"
                                             "0123456789abcdef0123456789abcdef", NULL);
  g_autofree char *lines = g_strdup_printf (
    "{\"url\": \"https://backup.example.com/1\", \"title\": \"Kept\\u202e\\u0007\","
    " \"save_state\": \"saved\","
    " \"body_html\": \"<p>Kept</p>\", \"images\": [\"%s\", \"%s\", 7, \"../../etc\"],"
    " \"saved_at\": -5, \"read_at\": 999999999999999999, \"progress\": 7.5, \"word_count\": -1,"
    " \"tags\": [\"ok\", \"\", 3]}\n"
    "not json at all\n"
    "[1, 2]\n"
    "{\"url\": \"javascript:alert(1)\", \"title\": \"Script\"}\n"
    "{\"title\": \"No address\"}\n"
    "{\"url\": \"https://backup.example.com/2\", \"title\": {\"nested\": true},"
    " \"save_state\": \"pending\"}\n",
    png_sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  const Member newer[] = {
    { "lectern-backup.json", "{\"format\": \"lectern-backup\", \"version\": 99}" },
    { "articles/000001.jsonl", "{\"url\": \"https://newer.example.com/\"}\n" },
  };
  const Member not_backup[] = {
    { "lectern-backup.json", "{\"format\": \"something else\", \"version\": 1}" },
  };
  const Member empty_manifest[] = {
    { "lectern-backup.json", "" },
  };
  const Member hostile[] = {
    { "lectern-backup.json", "{\"format\": \"lectern-backup\", \"version\": 1}" },
    { png_name, "\x89PNG\r\n\x1a\nimage" },
    /* Not the image its name says. */
    { wrong_name, "\x89PNG\r\n\x1a\nanother" },
    { "images/../../escaped", "\x89PNG\r\n\x1a\nx" },
    { "articles/000001.jsonl", lines },
  };
  g_autoptr (GBytes) newer_zip = make_zip (newer, G_N_ELEMENTS (newer), 0);
  g_autoptr (GBytes) not_backup_zip = make_zip (not_backup, G_N_ELEMENTS (not_backup), 0);
  g_autoptr (GBytes) empty_manifest_zip = make_zip (empty_manifest,
                                                    G_N_ELEMENTS (empty_manifest), 0);
  g_autoptr (GBytes) hostile_zip = make_zip (hostile, G_N_ELEMENTS (hostile), 0);
  g_autoptr (LecternImport) newer_import = NULL;
  g_autoptr (LecternImport) not_backup_import = NULL;
  g_autoptr (LecternImport) empty_manifest_import = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) kept = NULL;
  g_autoptr (LecternArticle) pending = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) images = NULL;
  g_autofree char *tags = NULL;

  newer_import = import_bytes (fixture, newer_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "newer Lectern"));
  g_clear_error (&error);

  not_backup_import = import_bytes (fixture, not_backup_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  empty_manifest_import = import_bytes (fixture, empty_manifest_zip, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_articles (fixture), ==, 0);

  import = import_bytes (fixture, hostile_zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_BACKUP);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  /* Two lines that are no objects, a script and no address. */
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 4);

  kept = get_by_url (fixture, "https://backup.example.com/1");
  g_assert_cmpstr (lectern_article_get_title (kept), ==, "Kept");
  g_assert_cmpint (lectern_article_get_save_state (kept), ==, LECTERN_SAVE_STATE_SAVED);
  g_assert_cmpstr (lectern_article_get_body_html (kept), ==, "<p>Kept</p>");
  /* Dates that cannot be are none, a progress past the end is the end. */
  g_assert_cmpint (lectern_article_get_saved_at (kept), >, 0);
  g_assert_cmpint (lectern_article_get_read_at (kept), ==, 0);
  g_assert_cmpfloat (lectern_article_get_progress (kept), ==, 1.0);
  g_assert_cmpuint (lectern_article_get_word_count (kept), ==, 0);
  tags = tags_of (fixture, kept);
  g_assert_cmpstr (tags, ==, "ok");
  /* Only the image that is what its name says. */
  images = lectern_article_store_list_images (fixture->store, lectern_article_get_id (kept),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (images), ==, 1);
  g_assert_cmpstr (images[0], ==, png_sha256);

  pending = get_by_url (fixture, "https://backup.example.com/2");
  g_assert_cmpstr (lectern_article_get_title (pending), ==, "");
  g_assert_cmpint (lectern_article_get_save_state (pending), ==, LECTERN_SAVE_STATE_PENDING);
}

/* A backup from a Lectern that kept no precision tells each date's from its time, as the
 * reader did then; a precision Lectern does not know, or a day that is no midnight UTC,
 * does the same. No article and no date is lost.
 */
static void
test_backup_date_precision (Fixture       *fixture,
                            gconstpointer  data)
{
  const Member members[] = {
    { "lectern-backup.json", "{\"format\": \"lectern-backup\", \"version\": 1}" },
    { "articles/000001.jsonl",
      /* From before: a day and a minute. */
      "{\"url\": \"https://dates.example.com/1\", \"save_state\": \"saved\","
      " \"published_at\": 1742342400000000}\n"
      "{\"url\": \"https://dates.example.com/2\", \"save_state\": \"saved\","
      " \"published_at\": 1742376725000000}\n"
      /* A minute at midnight UTC, and a day modified. */
      "{\"url\": \"https://dates.example.com/3\", \"save_state\": \"saved\","
      " \"published_at\": 1742342400000000, \"published_precision\": \"minute\","
      " \"modified_at\": 1742428800000000, \"modified_precision\": \"day\"}\n"
      /* Values that cannot be. */
      "{\"url\": \"https://dates.example.com/4\", \"save_state\": \"saved\","
      " \"published_at\": 1742376725000000, \"published_precision\": \"day\","
      " \"modified_at\": 1742428800000000, \"modified_precision\": \"fortnight\"}\n"
      "{\"url\": \"https://dates.example.com/5\", \"save_state\": \"saved\","
      " \"published_precision\": 3, \"modified_precision\": \"minute\"}\n" },
  };
  static const struct {
    const char *url;
    gint64 published_at;
    LecternDatePrecision published_precision;
    gint64 modified_at;
    LecternDatePrecision modified_precision;
  } expected[] = {
    { "https://dates.example.com/1", G_GINT64_CONSTANT (1742342400000000),
      LECTERN_DATE_PRECISION_DAY, 0, LECTERN_DATE_PRECISION_NONE },
    { "https://dates.example.com/2", G_GINT64_CONSTANT (1742376725000000),
      LECTERN_DATE_PRECISION_MINUTE, 0, LECTERN_DATE_PRECISION_NONE },
    { "https://dates.example.com/3", G_GINT64_CONSTANT (1742342400000000),
      LECTERN_DATE_PRECISION_MINUTE, G_GINT64_CONSTANT (1742428800000000),
      LECTERN_DATE_PRECISION_DAY },
    { "https://dates.example.com/4", G_GINT64_CONSTANT (1742376725000000),
      LECTERN_DATE_PRECISION_MINUTE, G_GINT64_CONSTANT (1742428800000000),
      LECTERN_DATE_PRECISION_DAY },
    { "https://dates.example.com/5", 0, LECTERN_DATE_PRECISION_NONE,
      0, LECTERN_DATE_PRECISION_NONE },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GError) error = NULL;

  import = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    g_autoptr (LecternArticle) article = get_by_url (fixture, expected[i].url);

    g_assert_cmpint (lectern_article_get_published_at (article), ==, expected[i].published_at);
    g_assert_cmpint (lectern_article_get_published_precision (article), ==,
                     expected[i].published_precision);
    g_assert_cmpint (lectern_article_get_modified_at (article), ==, expected[i].modified_at);
    g_assert_cmpint (lectern_article_get_modified_precision (article), ==,
                     expected[i].modified_precision);
  }
}

static void
test_wallabag (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) c = NULL;
  g_autoptr (LecternArticle) chinese = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *c_tags = NULL;
  g_autofree char *chinese_tags = NULL;

  import = import_data (fixture, "import/wallabag.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_WALLABAG);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 3);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 1);
  g_assert_cmpstr (((LecternImportSkip *)lectern_import_get_skipped (import)->pdata[0])->location,
                   ==, "entry 3");

  c = get_by_url (fixture, "https://wallabag.example.com/why-c");
  g_assert_cmpstr (lectern_article_get_title (c), ==, "Why we still write C");
  g_assert_cmpstr (lectern_article_get_byline (c), ==, "Ada Lovelace, Charles Babbage");
  g_assert_cmpstr (lectern_article_get_language (c), ==, "en");
  /* 2023-05-01T08:30:00+0200 */
  g_assert_cmpint (lectern_article_get_saved_at (c), ==, G_GINT64_CONSTANT (1682922600000000));
  g_assert_cmpint (lectern_article_get_published_at (c), ==, G_GINT64_CONSTANT (1682812800000000));
  g_assert_true (lectern_article_get_archived (c));
  g_assert_true (lectern_article_get_is_read (c));
  g_assert_false (lectern_article_get_starred (c));
  c_tags = tags_of (fixture, c);
  g_assert_cmpstr (c_tags, ==, "linux,long read");

  /* Tags as objects with a label; a date without a zone is UTC; starred. */
  chinese = get_by_url (fixture, "https://www.example.cn/post/518.html");
  g_assert_true (lectern_article_get_starred (chinese));
  g_assert_false (lectern_article_get_archived (chinese));
  g_assert_cmpint (lectern_article_get_saved_at (chinese), ==, G_GINT64_CONSTANT (1742376725000000));
  chinese_tags = tags_of (fixture, chinese);
  g_assert_cmpstr (chinese_tags, ==, "新闻");
}

static void
test_omnivore (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *metadata = lectern_test_read_data ("import/omnivore-metadata_0_to_2.json", NULL);
  const Member members[] = {
    { "metadata_0_to_2.json", metadata },
    { "content/the-first-one-18c2.html", "<p>Saved content</p>" },
    { "highlights/the-first-one-18c2.md", "> a highlight" },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) half = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *half_tags = NULL;

  /* The metadata file alone. */
  import = import_text (fixture, metadata, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_OMNIVORE);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);

  first = get_by_url (fixture, "https://omnivore.example.com/first");
  g_assert_cmpstr (lectern_article_get_title (first), ==, "The first one");
  g_assert_cmpstr (lectern_article_get_byline (first), ==, "Grace Hopper");
  g_assert_cmpstr (lectern_article_get_excerpt (first), ==, "What it is about");
  g_assert_cmpint (lectern_article_get_saved_at (first), ==, G_GINT64_CONSTANT (1706933106789000));
  g_assert_true (lectern_article_get_archived (first));
  g_assert_cmpfloat (lectern_article_get_progress (first), ==, 1.0);
  tags = tags_of (fixture, first);
  g_assert_cmpstr (tags, ==, "cobol,Newsletters");

  half = get_by_url (fixture, "https://omnivore.example.com/half");
  g_assert_false (lectern_article_get_archived (half));
  g_assert_cmpfloat_with_epsilon (lectern_article_get_progress (half), 0.425, 1e-9);
  half_tags = tags_of (fixture, half);
  g_assert_cmpstr (half_tags, ==, "later");

  /* The export's ZIP: the same entries, found in its metadata file. */
  again = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (again), ==, LECTERN_IMPORT_FORMAT_OMNIVORE);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, 2);
  g_assert_cmpuint (count_articles (fixture), ==, 2);
}

/* Omnivore's ZIP carries the articles' bodies, `content/<slug>.html`, before or after
 * the metadata file that names them: each body waits with its article for the saver,
 * which makes the article from it instead of fetching the page.
 */
static void
test_omnivore_content (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *metadata = lectern_test_read_data ("import/omnivore-metadata_0_to_2.json", NULL);
  const Member members[] = {
    { "content/half-read-19d3.html", "<p>Half of it, read before its entry</p>" },
    { "content/nobody-00.html", "<p>No entry has this slug</p>" },
    { "content/empty-0.html", "" },
    { "metadata_0_to_2.json", metadata },
    { "content/the-first-one-18c2.html", "<p>The first one, after its entry</p>" },
    { "highlights/the-first-one-18c2.md", "> a highlight" },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternArticle) first = NULL;
  g_autoptr (LecternArticle) half = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_body = NULL;
  g_autofree char *half_body = NULL;

  import = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_OMNIVORE);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 0);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 0);
  g_assert_cmpuint (count_articles (fixture), ==, 2);

  first = get_by_url (fixture, "https://omnivore.example.com/first");
  g_assert_cmpstr (lectern_article_get_title (first), ==, "The first one");
  g_assert_cmpint (lectern_article_get_save_state (first), ==, LECTERN_SAVE_STATE_PENDING);
  first_body = lectern_article_store_dup_carried_body (fixture->store,
                                                       lectern_article_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first_body, ==, "<p>The first one, after its entry</p>");

  half = get_by_url (fixture, "https://omnivore.example.com/half");
  half_body = lectern_article_store_dup_carried_body (fixture->store,
                                                      lectern_article_get_id (half), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (half_body, ==, "<p>Half of it, read before its entry</p>");
}

/* The highlights of the article at @url, as the library has them. */
static GPtrArray *
highlights_of (Fixture    *fixture,
               const char *url)
{
  g_autoptr (LecternArticle) article = get_by_url (fixture, url);
  g_autoptr (GError) error = NULL;
  GPtrArray *highlights;

  g_assert_nonnull (article);
  highlights = lectern_article_store_list_highlights (fixture->store,
                                                      lectern_article_get_id (article), NULL,
                                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (highlights);
  return highlights;
}

/* The highlight of @highlights whose passage is @text. */
static LecternHighlight *
find_highlight (GPtrArray  *highlights,
                const char *text)
{
  for (guint i = 0; i < highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i);

    if (g_strcmp0 (lectern_highlight_get_text (highlight), text) == 0)
      return highlight;
  }

  g_error ("No highlight of “%s”", text);
  return NULL;
}

static void
assert_highlight (LecternHighlight      *highlight,
                  const char            *text,
                  const char            *note,
                  LecternHighlightColor  color)
{
  g_assert_nonnull (highlight);
  g_assert_cmpstr (lectern_highlight_get_text (highlight), ==, text);
  g_assert_cmpstr (lectern_highlight_get_note (highlight), ==, note);
  g_assert_cmpint (lectern_highlight_get_color (highlight), ==, color);
}

/* What Omnivore's exporter writes in `highlights/<slug>.md`: "> quote " (its blank lines
 * "> "), then the labels and the note, each after a blank line; what its plugins write:
 * a link back at the end of the quote.
 */
#define OMNIVORE_FIRST_HIGHLIGHTS \
  "The article's own note, before any highlight\n" \
  "\n" \
  "> The first passage. \n" \
  "\n" \
  "Its note\n" \
  "\n" \
  "> A quote of two paragraphs\n" \
  "> \n" \
  "the second one. \n" \
  "\n" \
  "#research #cobol\n" \
  "\n" \
  "A note\n" \
  "of two lines\n" \
  "\n" \
  "\n" \
  "and a second paragraph\n" \
  "\n" \
  "> Linked back \xe2\xa4\xb4\xef\xb8\x8f" \
  " [\xe2\xa4\xb4\xef\xb8\x8f](https://omnivore.app/me/the-first-one-18c2#5a1b)"

static void
test_omnivore_highlights_parse (void)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GPtrArray) crlf = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) hostile = NULL;
  g_autoptr (GPtrArray) many = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *big_note = NULL;
  const LecternTextSelector *selector;

  highlights = _lectern_import_parse_omnivore_highlights (OMNIVORE_FIRST_HIGHLIGHTS,
                                                          strlen (OMNIVORE_FIRST_HIGHLIGHTS));
  g_assert_cmpuint (highlights->len, ==, 3);
  assert_highlight (highlights->pdata[0], "The first passage.", "Its note",
                    LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (highlights->pdata[1], "A quote of two paragraphs\nthe second one.",
                    "#research #cobol\n\nA note\nof two lines\n\nand a second paragraph",
                    LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (highlights->pdata[2], "Linked back \xe2\xa4\xb4\xef\xb8\x8f", NULL,
                    LECTERN_HIGHLIGHT_YELLOW);
  /* Found by their quotes once their articles' texts are known. */
  selector = lectern_highlight_get_selector (highlights->pdata[0]);
  g_assert_cmpuint (selector->start, ==, 0);
  g_assert_cmpuint (selector->end, ==, 0);
  g_assert_cmpint (lectern_highlight_get_article_id (highlights->pdata[0]), ==, 0);

  /* Windows line ends, a byte order mark, quotes with "> " on every line. */
#define CRLF "\xef\xbb\xbf> One\r\n> two\r\n\r\nNote\r\n\r\n" \
             "> Three [\xe2\xa4\xb4](https://x) #a\r\n"
  crlf = _lectern_import_parse_omnivore_highlights (CRLF, strlen (CRLF));
#undef CRLF
  g_assert_cmpuint (crlf->len, ==, 2);
  assert_highlight (crlf->pdata[0], "One\ntwo", "Note", LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (crlf->pdata[1], "Three", NULL, LECTERN_HIGHLIGHT_YELLOW);

  none = _lectern_import_parse_omnivore_highlights ("", 0);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = _lectern_import_parse_omnivore_highlights ("Only an article note\n\nand more", 28);
  g_assert_cmpuint (none->len, ==, 0);

  /* Quotes of nothing, control characters, bytes that are no UTF-8, a NUL, a note of 1 MB
   * (kept), a quote of more than 1 MB (left out).
   */
  g_string_append (text, ">\n\n>    \n\n> [\xe2\xa4\xb4](https://omnivore.app/me/x#1)\n\n");
  g_string_append (text, "> con\x01trol\x1b[31m \xff\xfe passage\x07\n\nA\x08 note\x7f\n\n");
  g_string_append (text, "> Big note\n\n");
  big_note = g_strnfill (1024 * 1024, 'n');
  g_string_append (text, big_note);
  g_string_append (text, "\n\n> ");
  for (guint i = 0; i < 1024 * 1024 / 8 + 1; i++)
    g_string_append (text, "too long");
  g_string_append (text, "\n\n> After the long one\n\n> Cut");
  g_string_append_len (text, "\0> after a NUL", 14);
  hostile = _lectern_import_parse_omnivore_highlights (text->str, text->len);
  g_assert_cmpuint (hostile->len, ==, 4);
  assert_highlight (hostile->pdata[0], "control[31m \xef\xbf\xbd\xef\xbf\xbd passage",
                    "A note", LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (hostile->pdata[1], "Big note", big_note, LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (hostile->pdata[2], "After the long one", NULL, LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (hostile->pdata[3], "Cut\xef\xbf\xbd> after a NUL", NULL,
                    LECTERN_HIGHLIGHT_YELLOW);

  /* No more highlights than an entry keeps. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 10005; i++)
    g_string_append_printf (text, "> Passage %u\n\n", i);
  many = _lectern_import_parse_omnivore_highlights (text->str, text->len);
  g_assert_cmpuint (many->len, ==, 10000);
  assert_highlight (many->pdata[9999], "Passage 9999", NULL, LECTERN_HIGHLIGHT_YELLOW);
}

/* Omnivore's ZIP: each `highlights/<slug>.md` gives its highlights to the entry with that
 * slug, whether it comes after the metadata file (as Omnivore writes it) or before; one
 * no entry names is passed by, as is one that is no highlights. Imported twice, no
 * highlight is there twice.
 */
static void
test_omnivore_highlights (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *metadata = lectern_test_read_data ("import/omnivore-metadata_0_to_2.json", NULL);
  const Member members[] = {
    { "highlights/half-read-19d3.md", "> Half of a passage \n\nRead before its entry" },
    { "highlights/nobody-00.md", "> No entry has this slug" },
    { "highlights/empty-0.md", "" },
    { "highlights/junk.md", "\xff\xfe\x00\x01>\x02\n\n\x03" },
    { "metadata_0_to_2.json", metadata },
    { "content/the-first-one-18c2.html", "<p>The first passage. Its article.</p>" },
    { "highlights/the-first-one-18c2.md", OMNIVORE_FIRST_HIGHLIGHTS },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) half = NULL;
  g_autoptr (GError) error = NULL;

  import = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_OMNIVORE);
  /* The highlights are no entries of their own. */
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 2);
  g_assert_cmpuint (lectern_import_get_n_duplicates (import), ==, 0);
  g_assert_cmpuint (lectern_import_get_n_skipped (import), ==, 0);
  g_assert_cmpuint (count_articles (fixture), ==, 2);

  first = highlights_of (fixture, "https://omnivore.example.com/first");
  g_assert_cmpuint (first->len, ==, 3);
  assert_highlight (find_highlight (first, "The first passage."), "The first passage.",
                    "Its note", LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (find_highlight (first, "A quote of two paragraphs\nthe second one."),
                    "A quote of two paragraphs\nthe second one.",
                    "#research #cobol\n\nA note\nof two lines\n\nand a second paragraph",
                    LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (find_highlight (first, "Linked back \xe2\xa4\xb4\xef\xb8\x8f"),
                    "Linked back \xe2\xa4\xb4\xef\xb8\x8f", NULL, LECTERN_HIGHLIGHT_YELLOW);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpint (lectern_highlight_get_created_at (first->pdata[i]), >, 0);

  half = highlights_of (fixture, "https://omnivore.example.com/half");
  g_assert_cmpuint (half->len, ==, 1);
  assert_highlight (half->pdata[0], "Half of a passage", "Read before its entry",
                    LECTERN_HIGHLIGHT_YELLOW);

  again = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, 2);
  g_clear_pointer (&first, g_ptr_array_unref);
  g_clear_pointer (&half, g_ptr_array_unref);
  first = highlights_of (fixture, "https://omnivore.example.com/first");
  half = highlights_of (fixture, "https://omnivore.example.com/half");
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpuint (half->len, ==, 1);
}

/* wallabag's annotations as its API writes them (with dates) and as its export does
 * (without), and annotations that are none.
 */
#define WALLABAG_ANNOTATED \
  "{\"url\": \"https://wallabag.example.com/annotated\", \"title\": \"Annotated\"," \
  " \"is_archived\": 0, \"is_starred\": 0," \
  " \"created_at\": \"2023-05-01T08:30:00+0200\", \"content\": \"<p>A passage, another" \
  " passage, a control passage.</p>\"," \
  " \"annotations\": [" \
  "  {\"user\": \"ada\", \"annotator_schema_version\": \"v1.0\", \"id\": 1," \
  "   \"text\": \"My note\", \"quote\": \"A passage\"," \
  "   \"ranges\": [{\"start\": \"/p[1]\", \"startOffset\": \"0\", \"end\": \"/p[1]\"," \
  "   \"endOffset\": 9}], \"created_at\":" \
  "   \"2023-05-02T10:00:00+02:00\", \"updated_at\": \"2023-05-03T10:00:00+02:00\"}," \
  "  {\"text\": \"\", \"quote\": \"another passage\", \"ranges\": []}," \
  "  {\"text\": \"no quote\"}," \
  "  {\"text\": \"a number\", \"quote\": 42}," \
  "  {\"text\": \"empty\", \"quote\": \"\"}," \
  "  {\"text\": \"blank\", \"quote\": \" \\n\\t \"}," \
  "  {\"text\": \"ctl\\u0007 note\\u001b\", \"quote\": \" a con\\u0001trol passage\\u0085\"}," \
  "  \"not an object\", [1, 2], null," \
  "  {\"quote\": \"bad dates\", \"ranges\": \"nonsense\", \"created_at\": \"yesterday\"," \
  "   \"updated_at\": 1e300, \"text\": {\"nested\": 1}}" \
  " ]}"

static void
assert_wallabag_annotated (GPtrArray *highlights,
                           gboolean   stored)
{
  LecternHighlight *first = find_highlight (highlights, "A passage");
  LecternHighlight *bad_dates = find_highlight (highlights, "bad dates");

  g_assert_cmpuint (highlights->len, ==, 4);
  assert_highlight (first, "A passage", "My note", LECTERN_HIGHLIGHT_YELLOW);
  /* 2023-05-02T08:00:00Z and a day later */
  g_assert_cmpint (lectern_highlight_get_created_at (first), ==,
                   G_GINT64_CONSTANT (1683014400000000));
  g_assert_cmpint (lectern_highlight_get_updated_at (first), ==,
                   G_GINT64_CONSTANT (1683100800000000));
  assert_highlight (find_highlight (highlights, "another passage"), "another passage", NULL,
                    LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (find_highlight (highlights, "a control passage"), "a control passage",
                    "ctl note", LECTERN_HIGHLIGHT_YELLOW);
  assert_highlight (bad_dates, "bad dates", NULL, LECTERN_HIGHLIGHT_YELLOW);
  /* No dates: the time of the import, once stored. */
  if (stored)
    g_assert_cmpint (lectern_highlight_get_created_at (bad_dates), >,
                     G_GINT64_CONSTANT (1683100800000000));
  else
    g_assert_cmpint (lectern_highlight_get_created_at (bad_dates), ==, 0);
}

static void
test_wallabag_annotations (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (LecternImport) parser = lectern_import_new (fixture->store);
  g_autoptr (LecternImportEntry) entry = NULL;
  g_autoptr (LecternImportEntry) odd = NULL;
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GPtrArray) big = NULL;
  g_autoptr (GString) json = g_string_new ("[" WALLABAG_ANNOTATED ",\n");
  g_autoptr (GError) error = NULL;
  g_autofree char *big_note = g_strnfill (1024 * 1024, 'n');
  g_autofree char *huge_quote = g_strnfill (1024 * 1024 + 1, 'q');
  g_autofree char *huge_note = g_strnfill (4 * 1024 * 1024 + 1, 'n');

  /* As the reader makes the entry. */
  entry = _lectern_import_parse_json_entry (parser, LECTERN_IMPORT_FORMAT_WALLABAG,
                                            WALLABAG_ANNOTATED, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry->highlights);
  assert_wallabag_annotated (entry->highlights, FALSE);
  for (guint i = 0; i < entry->highlights->len; i++) {
    const LecternTextSelector *selector = lectern_highlight_get_selector (
      entry->highlights->pdata[i]);

    g_assert_cmpuint (selector->start, ==, 0);
    g_assert_cmpuint (selector->end, ==, 0);
  }

  odd = _lectern_import_parse_json_entry (parser, LECTERN_IMPORT_FORMAT_WALLABAG,
                                          "{\"url\": \"https://wallabag.example.com/odd\","
                                          " \"annotations\": {\"quote\": \"no array\"}}",
                                          &error);
  g_assert_no_error (error);
  g_assert_null (odd->highlights);

  /* A note of 1 MB is kept; a quote of more than 1 MB, or a note of more than 4, is no
   * highlight's.
   */
  g_string_append (json, "{\"url\": \"https://wallabag.example.com/odd\","
                         " \"annotations\": {\"quote\": \"no array\"}},\n");
  g_string_append_printf (json, "{\"url\": \"https://wallabag.example.com/big\","
                                " \"annotations\": [{\"quote\": \"big note\", \"text\": \"%s\"},"
                                " {\"quote\": \"%s\"}, {\"quote\": \"huge note\","
                                " \"text\": \"%s\"}]},\n", big_note, huge_quote, huge_note);
  g_string_append (json, "{\"url\": \"https://wallabag.example.com/nul\", \"annotations\":"
                         " [{\"quote\": \"a\\u0000b\", \"text\": \"c\\u0000d\"}]}]");

  import = import_text (fixture, json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_import_get_format (import), ==, LECTERN_IMPORT_FORMAT_WALLABAG);
  g_assert_cmpuint (count_articles (fixture), ==, 4);

  highlights = highlights_of (fixture, "https://wallabag.example.com/annotated");
  assert_wallabag_annotated (highlights, TRUE);

  big = highlights_of (fixture, "https://wallabag.example.com/big");
  g_assert_cmpuint (big->len, ==, 1);
  assert_highlight (big->pdata[0], "big note", big_note, LECTERN_HIGHLIGHT_YELLOW);

  /* Imported again, each highlight is there once. */
  again = import_text (fixture, json->str, json->len, &error);
  g_assert_no_error (error);
  g_clear_pointer (&highlights, g_ptr_array_unref);
  highlights = highlights_of (fixture, "https://wallabag.example.com/annotated");
  g_assert_cmpuint (highlights->len, ==, 4);
}

/* A backup's highlights as the reader takes them: those with no passage are left out, an
 * unknown colour is yellow, offsets and times that cannot be are none, notes lose their
 * control characters. A backup from before highlights has none.
 */
#define BACKUP_HIGHLIGHTS \
  "{\"url\": \"https://backup.example.com/h\", \"title\": \"H\", \"save_state\": \"saved\"," \
  " \"body_html\": \"<p>The quick brown fox</p>\", \"highlights\": [" \
  "  {\"color\": \"green\", \"note\": \"a note\\u0007 with\\r\\na bell\", \"exact\": \"quick\"," \
  "   \"prefix\": \"The \", \"suffix\": \" brown\", \"start\": 4, \"end\": 9, \"found\": true," \
  "   \"created_at\": 1700000000000000, \"updated_at\": 1700000100000000}," \
  "  {\"color\": \"mauve\", \"exact\": \"brown\", \"start\": 10, \"end\": 15, \"found\": false}," \
  "  {\"exact\": \"fox\", \"start\": 20, \"end\": 3, \"color\": 3, \"note\": \" \\n \"}," \
  "  {\"exact\": \"\", \"start\": 0, \"end\": 0}," \
  "  {\"exact\": \" \\t\\n\"}," \
  "  {\"exact\": 7}," \
  "  {\"note\": \"no passage\"}," \
  "  \"a string\", 5, null, []," \
  "  {\"exact\": \"The\", \"start\": -4, \"end\": \"9\", \"created_at\": -1," \
  "   \"updated_at\": 1e300, \"prefix\": 3, \"suffix\": null, \"found\": \"no\"}" \
  " ]}"

static void
test_backup_highlights_parse (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr (LecternImportEntry) entry = NULL;
  g_autoptr (LecternImportEntry) older = NULL;
  g_autoptr (LecternImportEntry) odd = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GError) error = NULL;
  const Member members[] = {
    { "lectern-backup.json", "{\"format\": \"lectern-backup\", \"version\": 1}" },
    { "articles/000001.jsonl", BACKUP_HIGHLIGHTS "\n" },
  };
  g_autoptr (GBytes) zip = make_zip (members, G_N_ELEMENTS (members), 0);
  LecternHighlight *quick;
  LecternHighlight *brown;
  LecternHighlight *fox;
  LecternHighlight *the;

  entry = _lectern_import_parse_backup_line (BACKUP_HIGHLIGHTS, -1);
  g_assert_nonnull (entry);
  g_assert_nonnull (entry->highlights);
  g_assert_cmpuint (entry->highlights->len, ==, 4);

  quick = find_highlight (entry->highlights, "quick");
  assert_highlight (quick, "quick", "a note with\na bell", LECTERN_HIGHLIGHT_GREEN);
  g_assert_cmpstr (lectern_highlight_get_selector (quick)->prefix, ==, "The ");
  g_assert_cmpstr (lectern_highlight_get_selector (quick)->suffix, ==, " brown");
  g_assert_cmpuint (lectern_highlight_get_selector (quick)->start, ==, 4);
  g_assert_cmpuint (lectern_highlight_get_selector (quick)->end, ==, 9);
  g_assert_true (lectern_highlight_get_found (quick));
  g_assert_cmpint (lectern_highlight_get_created_at (quick), ==,
                   G_GINT64_CONSTANT (1700000000000000));
  g_assert_cmpint (lectern_highlight_get_updated_at (quick), ==,
                   G_GINT64_CONSTANT (1700000100000000));

  brown = find_highlight (entry->highlights, "brown");
  assert_highlight (brown, "brown", NULL, LECTERN_HIGHLIGHT_YELLOW);
  g_assert_false (lectern_highlight_get_found (brown));

  fox = find_highlight (entry->highlights, "fox");
  assert_highlight (fox, "fox", NULL, LECTERN_HIGHLIGHT_YELLOW);
  g_assert_cmpuint (lectern_highlight_get_selector (fox)->start, ==, 0);
  g_assert_cmpuint (lectern_highlight_get_selector (fox)->end, ==, 0);

  the = find_highlight (entry->highlights, "The");
  g_assert_cmpuint (lectern_highlight_get_selector (the)->start, ==, 0);
  g_assert_cmpuint (lectern_highlight_get_selector (the)->end, ==, 0);
  g_assert_cmpstr (lectern_highlight_get_selector (the)->prefix, ==, "");
  g_assert_cmpstr (lectern_highlight_get_selector (the)->suffix, ==, "");
  g_assert_true (lectern_highlight_get_found (the));
  g_assert_cmpint (lectern_highlight_get_created_at (the), ==, 0);
  g_assert_cmpint (lectern_highlight_get_updated_at (the), ==, 0);

  older = _lectern_import_parse_backup_line ("{\"url\": \"https://backup.example.com/old\"}", -1);
  g_assert_nonnull (older);
  g_assert_null (older->highlights);
  odd = _lectern_import_parse_backup_line ("{\"url\": \"https://backup.example.com/odd\","
                                           " \"highlights\": {\"exact\": \"x\"}}", -1);
  g_assert_nonnull (odd);
  g_assert_null (odd->highlights);

  /* Stored, each is found in the article's text. */
  import = import_bytes (fixture, zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, 1);
  stored = highlights_of (fixture, "https://backup.example.com/h");
  g_assert_cmpuint (stored->len, ==, 4);
  for (guint i = 0; i < stored->len; i++)
    g_assert_true (lectern_highlight_get_found (stored->pdata[i]));
  quick = find_highlight (stored, "quick");
  g_assert_cmpint (lectern_highlight_get_color (quick), ==, LECTERN_HIGHLIGHT_GREEN);
  g_assert_cmpuint (lectern_highlight_get_selector (quick)->start, ==, 4);
  g_assert_cmpint (lectern_highlight_get_created_at (quick), ==,
                   G_GINT64_CONSTANT (1700000000000000));
  fox = find_highlight (stored, "fox");
  g_assert_cmpuint (lectern_highlight_get_selector (fox)->start, ==, 16);
  g_assert_cmpuint (lectern_highlight_get_selector (fox)->end, ==, 19);
  g_assert_cmpint (lectern_highlight_get_created_at (find_highlight (stored, "The")), >, 0);
}

/* JSON cut off, nested without end, an entry too large, entries that are no objects or
 * no JSON: clear errors, what came before imported, never a crash.
 */
static void
test_hostile_json (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *cut = "[{\"url\": \"https://cut.example.com/1\", \"is_archived\": 0},\n"
                    " {\"url\": \"https://cut.example.com/2\", \"title\": \"Cut in the mid";
  const char *odd = "[{\"url\": \"https://odd.example.com/1\", \"is_starred\": 1}, 42, \"text\","
                    " [1, 2], {\"url\": 7, \"title\": [\"not\", \"text\"]}, {\"url\": tru},"
                    " {\"url\": \"https://odd.example.com/2\", \"is_archived\": \"1\","
                    "  \"tags\": [null, 5, {\"label\": 6}, \"ok\"], \"created_at\": \"yesterday\"}]";
  g_autoptr (GString) deep = g_string_new ("[{\"url\": \"https://deep.example.com/1\","
                                           " \"is_archived\": 0},\n{\"url\": \"x\", \"a\": ");
  g_autoptr (GString) large = g_string_new ("[{\"url\": \"https://large.example.com/1\","
                                            " \"is_starred\": 0},\n{\"url\": \"x\", \"content\": \"");
  g_autoptr (LecternImport) cut_import = NULL;
  g_autoptr (LecternImport) odd_import = NULL;
  g_autoptr (LecternImport) deep_import = NULL;
  g_autoptr (LecternImport) large_import = NULL;
  g_autoptr (LecternArticle) archived = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;

  cut_import = import_text (fixture, cut, -1, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (cut_import), ==, 1);

  /* Elements that are no entries pass by; one that is no JSON is reported. */
  odd_import = import_text (fixture, odd, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (odd_import), ==, 2);
  g_assert_cmpuint (lectern_import_get_n_skipped (odd_import), ==, 2);
  archived = get_by_url (fixture, "https://odd.example.com/2");
  g_assert_true (lectern_article_get_archived (archived));
  tags = tags_of (fixture, archived);
  g_assert_cmpstr (tags, ==, "ok");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_import = import_text (fixture, deep->str, deep->len, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (deep_import), ==, 1);

  for (guint i = 0; i < 65 * 1024 * 1024; i++)
    g_string_append_c (large, 'x');
  g_string_append (large, "\"}]");
  large_import = import_text (fixture, large->str, large->len, &error);
  g_assert_error (error, LECTERN_IMPORT_ERROR, LECTERN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (lectern_import_get_n_added (large_import), ==, 1);

  g_assert_cmpuint (count_articles (fixture), ==, 5);
}

/* Run on a thread of its own, an import stores its batches from the caller's main
 * context: the store's signals come on the caller's thread, once per batch.
 */
typedef struct {
  GThread *thread;
  guint n_changes;
  gboolean wrong_thread;
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncRun;

static void
async_change_cb (LecternArticleStore *store,
                 AsyncRun            *run)
{
  run->n_changes++;
  run->wrong_thread |= g_thread_self () != run->thread;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->ok = lectern_import_run_finish (LECTERN_IMPORT (object), result, &run->error);
  run->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("title,url,time_added,tags,status\n");
  g_autofree char *path = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/export.csv");
  g_autoptr (LecternImport) import = lectern_import_new (fixture->store);
  g_autoptr (LecternImport) failed = lectern_import_new (fixture->store);
  AsyncRun run = { g_thread_self (), 0, FALSE, FALSE, FALSE, NULL };
  AsyncRun failed_run = { g_thread_self (), 0, FALSE, FALSE, FALSE, NULL };
  gulong handler;

  for (guint i = 0; i < LECTERN_IMPORT_BATCH + 5; i++)
    g_string_append_printf (csv, "Article %u,https://async.example.com/%u,1600000000,,unread\n",
                            i, i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  handler = g_signal_connect (fixture->store, "external-change", G_CALLBACK (async_change_cb),
                              &run);
  lectern_import_run_async (import, file, NULL, async_done_cb, &run);
  lectern_test_wait_until (run.done);
  g_signal_handler_disconnect (fixture->store, handler);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_changes, ==, 2);
  g_assert_false (run.wrong_thread);
  g_assert_cmpuint (lectern_import_get_n_added (import), ==, LECTERN_IMPORT_BATCH + 5);
  g_assert_cmpuint (count_articles (fixture), ==, LECTERN_IMPORT_BATCH + 5);

  lectern_import_run_async (failed, missing, NULL, async_done_cb, &failed_run);
  lectern_test_wait_until (failed_run.done);
  g_assert_false (failed_run.ok);
  g_assert_error (failed_run.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&failed_run.error);
}

/* `import-helper LIBRARY FILE`: imports FILE, for test_killed to kill. */
static int
run_import_helper (const char *library,
                   const char *path)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternImport) import = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  store = lectern_article_store_new (library, &error);
  g_assert_no_error (error);
  import = lectern_import_new (store);
  g_assert_true (lectern_import_run_file (import, file, NULL, &error));
  g_assert_no_error (error);
  lectern_article_store_close (store);
  return 0;
}

static char *self_exe;

static guint
count_in (const char *library)
{
  g_autoptr (LecternDatabase) db = NULL;
  g_autoptr (GError) error = NULL;

  db = lectern_database_open (library, TRUE, &error);
  g_assert_no_error (error);
  /* The helper may still be making the library's tables. */
  if (lectern_test_query_int (db, "SELECT count(*) FROM sqlite_master"
                                  " WHERE type = 'table' AND name = 'articles'") == 0)
    return 0;
  return lectern_test_query_int (db, "SELECT count(*) FROM articles");
}

/* An import killed (SIGKILL) once a batch is in: the library is as it was after the last
 * whole batch, its search index in step, and the same import run again completes it
 * without a duplicate.
 */
static void
test_killed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("title,url,time_added,tags,status\n");
  g_autofree char *path = g_build_filename (fixture->dir, "killed.csv", NULL);
  g_autofree char *library = g_build_filename (fixture->dir, "killed.sqlite3", NULL);
  g_autoptr (GSubprocess) helper = NULL;
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternImport) again = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  guint n = LECTERN_IMPORT_BATCH * 10;
  guint kept;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Killed %u,https://killed.example.com/%u,1600000000,t%u|all,"
                                 "unread\n", i, i, i % 13);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  /* The helper makes the library; wait for it, then for its first batch. */
  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "import-helper",
                             library, path, NULL);
  g_assert_no_error (error);
  lectern_test_wait_until (g_file_test (library, G_FILE_TEST_EXISTS) &&
                           count_in (library) > 0);
  g_subprocess_force_exit (helper);
  g_subprocess_wait (helper, NULL, &error);
  g_assert_no_error (error);

  kept = count_in (library);
  g_assert_cmpuint (kept % LECTERN_IMPORT_BATCH, ==, 0);

  store = lectern_article_store_new (library, &error);
  g_assert_no_error (error);
  lectern_database_exec (lectern_article_store_get_database (store),
                         "INSERT INTO search (search) VALUES ('integrity-check')", &error);
  g_assert_no_error (error);

  again = lectern_import_new (store);
  g_assert_true (lectern_import_run_file (again, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_import_get_n_added (again), ==, n - kept);
  g_assert_cmpuint (lectern_import_get_n_existing (again), ==, kept);
  g_assert_cmpuint (lectern_article_store_count (store, LECTERN_FILTER_ALL, NULL), ==, n);
  lectern_article_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "import-helper"))
    return run_import_helper (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);
  self_exe = g_canonicalize_filename (argv[0], NULL);

  g_test_add_func ("/import/detect", test_detect);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/pocket", test_pocket);
  ADD ("/import/pocket-older-header", test_pocket_older_header);
  ADD ("/import/instapaper", test_instapaper);
  ADD ("/import/url-list", test_url_list);
  ADD ("/import/bookmarks", test_bookmarks);
  ADD ("/import/pocket-html", test_pocket_html);
  ADD ("/import/hostile-bookmarks", test_hostile_bookmarks);
  ADD ("/import/many-skipped", test_many_skipped);
  ADD ("/import/merge-with-library", test_merge_with_library);
  ADD ("/import/import-twice", test_import_twice);
  ADD ("/import/interrupted", test_interrupted);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/hostile-backups", test_hostile_backups);
  ADD ("/import/backup-date-precision", test_backup_date_precision);
  ADD ("/import/unbalanced-quotes", test_unbalanced_quotes);
  ADD ("/import/hostile-fields", test_hostile_fields);
  ADD ("/import/pocket-zip", test_pocket_zip);
  ADD ("/import/hostile-zips", test_hostile_zips);
  ADD ("/import/wallabag", test_wallabag);
  ADD ("/import/omnivore", test_omnivore);
  ADD ("/import/omnivore-content", test_omnivore_content);
  g_test_add_func ("/import/omnivore-highlights-parse", test_omnivore_highlights_parse);
  ADD ("/import/omnivore-highlights", test_omnivore_highlights);
  ADD ("/import/wallabag-annotations", test_wallabag_annotations);
  ADD ("/import/backup-highlights", test_backup_highlights_parse);
  ADD ("/import/hostile-json", test_hostile_json);
  ADD ("/import/async", test_async);
  ADD ("/import/killed", test_killed);
#undef ADD

  return g_test_run ();
}
