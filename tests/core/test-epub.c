/* test-epub.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-store.h"
#include "lectern-epub.h"
#include "lectern-test-utils.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <string.h>

/* EPUB books of saved articles: every book is checked by epubcheck, which must find no
 * error and no warning, then read back as a reader would, through libarchive.
 */

#define EPUBCHECK_JAR "/usr/share/java/epubcheck.jar"

/* Small images that Java's readers, and so epubcheck, read whole. */
static const guint8 png_data[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
  0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00,
  0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x5e, 0x63, 0xf8, 0xcf, 0x80, 0x00,
  0xff, 0x01, 0x0e, 0x00, 0x01, 0xff, 0x84, 0xc0, 0x36, 0x95, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static const guint8 jpeg_data[] = {
  0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff,
  0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
  0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4,
  0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08,
  0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x3f, 0xff, 0xd9,
};

static const guint8 gif_data[] = {
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00,
  0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x01, 0x00,
  0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
};

/* Images a book cannot show: WebP, which EPUB 3.2 readers need not know, and a PNG
 * signature with nothing after it.
 */
static const guint8 webp_data[] = {
  0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
  0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00,
  0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
};

static const guint8 broken_png_data[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 'n', 'o', 't', ' ', 'a', 'n', ' ',
  'i', 'm', 'a', 'g', 'e',
};

typedef struct {
  char *dir;
  LecternArticleStore *store;
  guint n_books;
} Fixture;

typedef struct {
  const char *url;
  const char *title;
  const char *byline;
  const char *site;
  const char *language;
  LecternTextDirection direction;
  gint64 published_at;
  const char *body;
} Sample;

/* A book as a reader opens it: its members in order. */
typedef struct {
  GPtrArray *names;
  GHashTable *members;  /* name → GBytes */
} Book;

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

static void
book_free (Book *book)
{
  g_ptr_array_unref (book->names);
  g_hash_table_unref (book->members);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

static char *
dup_sha256 (const guint8 *data,
            gsize         size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
}

static char *
dup_image_src (const guint8 *data,
               gsize         size)
{
  g_autofree char *sha256 = dup_sha256 (data, size);

  return g_strconcat ("lectern://image/", sha256, NULL);
}

static LecternStoredImage *
stored_image_new (const guint8 *data,
                  gsize         size,
                  const char   *content_type)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *sha256 = dup_sha256 (data, size);

  return lectern_stored_image_new (sha256, content_type, bytes);
}

/* Stores @sample as the saver does, with @images (nullable). */
static gint64
add_sample (Fixture      *fixture,
            const Sample *sample,
            GPtrArray    *images)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = lectern_article_store_add_pending (fixture->store, sample->url, sample->url, &error);
  g_assert_no_error (error);

  article = lectern_test_article_new (sample->title, sample->url, sample->body);
  lectern_article_set_byline (article, sample->byline);
  lectern_article_set_site_name (article, sample->site);
  lectern_article_set_language (article, sample->language);
  lectern_article_set_direction (article, sample->direction);
  lectern_article_set_published_at (article, sample->published_at);
  g_assert_true (lectern_article_store_finish_save (fixture->store, id, article, images,
                                                    &error));
  g_assert_no_error (error);

  return id;
}

static gint64
add_body (Fixture    *fixture,
          const char *title,
          const char *body)
{
  g_autofree char *url = g_strdup_printf ("https://example.com/%u", g_str_hash (body));
  Sample sample = { url, title, NULL, NULL, "en", LECTERN_TEXT_DIRECTION_LTR, 0, body };

  return add_sample (fixture, &sample, NULL);
}

/* Runs epubcheck on @path: no error, no warning. */
static void
check_epub (const char *path)
{
  /* Only the quick compiler: epubcheck's run is short, the JVM's start is not. */
  const char *argv[] = {
    "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", EPUBCHECK_JAR,
    "--locale", "en", path, NULL,
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *output = NULL;
  gboolean clean = TRUE;
  int status = 0;

  if (!g_file_test (EPUBCHECK_JAR, G_FILE_TEST_EXISTS)) {
    g_test_message ("epubcheck is not installed: %s not checked", path);
    return;
  }

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);

  output = g_strconcat (out, err, NULL);
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (g_str_has_prefix (lines[i], "ERROR") || g_str_has_prefix (lines[i], "WARNING") ||
        g_str_has_prefix (lines[i], "FATAL"))
      clean = FALSE;
  }

  if (!clean || !g_spawn_check_wait_status (status, NULL)) {
    g_printerr ("epubcheck %s:\n%s\n", path, output);
    g_assert_not_reached ();
  }
}

static Book *
read_book (const char *path)
{
  Book *book = g_new0 (Book, 1);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  int status;

  book->names = g_ptr_array_new_with_free_func (g_free);
  book->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_bytes_unref);

  archive_read_support_format_zip_seekable (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK) {
    g_autoptr (GByteArray) content = g_byte_array_new ();
    const char *name = archive_entry_pathname_utf8 (entry);
    char buffer[8192];
    la_ssize_t n;

    while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
      g_byte_array_append (content, (guint8 *)buffer, n);
    g_assert_cmpint (n, ==, 0);

    g_ptr_array_add (book->names, g_strdup (name));
    g_hash_table_insert (book->members, g_strdup (name),
                         g_byte_array_free_to_bytes (g_steal_pointer (&content)));
  }

  g_assert_cmpint (status, ==, ARCHIVE_EOF);
  archive_read_free (archive);
  return book;
}

/* Writes the articles @ids as a book titled @title, checks it and reads it back. */
static Book *
write_book (Fixture      *fixture,
            const gint64 *ids,
            guint         n_ids,
            const char   *title)
{
  g_autofree char *name = g_strdup_printf ("book-%u.epub", ++fixture->n_books);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (LecternEpubWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  writer = lectern_epub_writer_new (fixture->store, G_OUTPUT_STREAM (stream), title, NULL);

  for (guint i = 0; i < n_ids; i++) {
    g_autoptr (LecternArticle) article = lectern_article_store_get (fixture->store, ids[i],
                                                                   &error);

    g_assert_no_error (error);
    g_assert_true (lectern_epub_writer_add_article (writer, article, &error));
    g_assert_no_error (error);
  }

  g_assert_true (lectern_epub_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);

  /* OCF: `mimetype` first, stored, its text at byte 38. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 58);
  g_assert_cmpmem (contents + 30, 8, "mimetype", 8);
  g_assert_cmpmem (contents + 38, 20, "application/epub+zip", 20);

  check_epub (path);
  return read_book (path);
}

static char *
book_dup_text (Book       *book,
               const char *name)
{
  GBytes *bytes = g_hash_table_lookup (book->members, name);
  gsize size;
  const char *data;

  if (!bytes) {
    g_printerr ("No member %s\n", name);
    g_assert_not_reached ();
  }

  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

static gboolean
book_has (Book       *book,
          const char *name)
{
  return g_hash_table_contains (book->members, name);
}

static guint
book_count (Book       *book,
            const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < book->names->len; i++) {
    if (g_str_has_prefix (g_ptr_array_index (book->names, i), prefix))
      n++;
  }

  return n;
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *lectern_haystack_ = (haystack); \
    if (!strstr (lectern_haystack_, (needle))) { \
      g_printerr ("Not found: %s\nin:\n%s\n", (needle), lectern_haystack_); \
      g_assert_not_reached (); \
    } \
  } G_STMT_END

#define assert_not_contains(haystack, needle) \
  G_STMT_START { \
    const char *lectern_haystack_ = (haystack); \
    if (strstr (lectern_haystack_, (needle))) { \
      g_printerr ("Found: %s\nin:\n%s\n", (needle), lectern_haystack_); \
      g_assert_not_reached (); \
    } \
  } G_STMT_END

/* @needles appear in @haystack in this order. */
static void
assert_in_order (const char         *haystack,
                 const char * const *needles)
{
  const char *at = haystack;

  for (guint i = 0; needles[i]; i++) {
    const char *found = strstr (at, needles[i]);

    if (!found) {
      g_printerr ("Not found in order: %s\nin:\n%s\n", needles[i], haystack);
      g_assert_not_reached ();
    }
    at = found + strlen (needles[i]);
  }
}

static void
test_epub_images (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *png = dup_image_src (png_data, sizeof png_data);
  g_autofree char *jpeg = dup_image_src (jpeg_data, sizeof jpeg_data);
  g_autofree char *png_sha = dup_sha256 (png_data, sizeof png_data);
  g_autofree char *jpeg_sha = dup_sha256 (jpeg_data, sizeof jpeg_data);
  g_autofree char *body = NULL;
  g_autofree char *chapter = NULL;
  g_autofree char *package = NULL;
  g_autofree char *png_member = g_strdup_printf ("OEBPS/images/%s.png", png_sha);
  g_autofree char *jpeg_member = g_strdup_printf ("OEBPS/images/%s.jpg", jpeg_sha);
  g_autofree char *png_img = NULL;
  g_autoptr (GBytes) png_bytes = g_bytes_new_static (png_data, sizeof png_data);
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (Book) book = NULL;
  gint64 id;
  Sample sample = {
    "https://blog.example.com/posts/squares?page=1&lang=en",
    "On Squares",
    "Ada Lovelace",
    "The Example Blog",
    "en",
    LECTERN_TEXT_DIRECTION_LTR,
    G_GINT64_CONSTANT (1709251200) * G_USEC_PER_SEC,
    NULL,
  };

  body = g_strdup_printf ("<p>Squares are everywhere.</p>"
                          "<figure><img src=\"%s\" alt=\"A red square\" width=\"2\" height=\"2\">"
                          "<figcaption>A square, in red</figcaption></figure>"
                          "<p>And a photograph: <img src=\"%s\" alt=\"A grey photo\"></p>"
                          "<p>The square again: <img src=\"%s\" alt=\"Again\"></p>",
                          png, jpeg, png);
  sample.body = body;

  images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  g_ptr_array_add (images, stored_image_new (png_data, sizeof png_data, "image/png"));
  g_ptr_array_add (images, stored_image_new (jpeg_data, sizeof jpeg_data, "image/jpeg"));
  id = add_sample (fixture, &sample, images);

  book = write_book (fixture, &id, 1, "Reading list");

  /* Each image once, as it was stored. */
  g_assert_cmpuint (book_count (book, "OEBPS/images/"), ==, 2);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (book->members, png_member), png_bytes));
  g_assert_true (book_has (book, jpeg_member));

  chapter = book_dup_text (book, "OEBPS/text/1.xhtml");
  assert_contains (chapter, "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" "
                            "lang=\"en\">");
  assert_not_contains (chapter, "dir=");
  assert_contains (chapter, "<h1>On Squares</h1>");
  assert_contains (chapter, "Ada Lovelace · The Example Blog · "
                            "<time datetime=\"2024-03-01\">2024-03-01</time>");
  assert_contains (chapter,
                   "<a href=\"https://blog.example.com/posts/squares?page=1&amp;lang=en\">");
  png_img = g_strdup_printf ("<figure><img src=\"../images/%s.png\" alt=\"A red square\" "
                             "width=\"2\" height=\"2\"/><figcaption>A square, in red"
                             "</figcaption></figure>", png_sha);
  assert_contains (chapter, png_img);
  assert_contains (chapter, "<p>And a photograph: <img src=\"../images/");
  assert_contains (chapter, "Squares are everywhere.");

  package = book_dup_text (book, "OEBPS/content.opf");
  assert_contains (package, "<dc:title>Reading list</dc:title>");
  assert_contains (package, "<dc:language>en</dc:language>");
  assert_contains (package, "<dc:creator>Ada Lovelace</dc:creator>");
  assert_contains (package, "<dc:source>https://blog.example.com/posts/squares?page=1&amp;lang=en"
                            "</dc:source>");
  assert_contains (package, "<dc:identifier id=\"book-id\">urn:uuid:");
  assert_contains (package, "media-type=\"image/png\"");
  assert_contains (package, "media-type=\"image/jpeg\"");
  assert_contains (package, "properties=\"nav\"");
  assert_not_contains (package, "page-progression-direction");

  /* The first member only is stored. */
  g_assert_cmpstr (g_ptr_array_index (book->names, 0), ==, "mimetype");
  g_assert_true (book_has (book, "META-INF/container.xml"));
  g_assert_true (book_has (book, "OEBPS/style.css"));
  g_assert_true (book_has (book, "OEBPS/nav.xhtml"));
  g_assert_true (book_has (book, "OEBPS/toc.ncx"));
}

static const Sample selection[] = {
  { "https://news.example.cn/a", "读书笔记：长文", "王小明", "示例新闻", "zh-CN",
    LECTERN_TEXT_DIRECTION_LTR, 0,
    "<p>这是一段中文文字，用来检查行高和语言标记。</p><p>第二段。</p>" },
  { "https://news.example.sa/b", "مقالة عن القراءة", "كاتب", NULL, "ar",
    LECTERN_TEXT_DIRECTION_RTL, 0,
    "<p>هذا نص عربي يُقرأ من اليمين إلى اليسار.</p>" },
  { "https://blog.example.com/c", "An English Article", "Someone Else", NULL, "en-GB",
    LECTERN_TEXT_DIRECTION_LTR, 0,
    NULL },
};

static void
test_epub_selection (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *gif = dup_image_src (gif_data, sizeof gif_data);
  g_autofree char *gif_sha = dup_sha256 (gif_data, sizeof gif_data);
  g_autofree char *gif_member = g_strdup_printf ("OEBPS/images/%s.gif", gif_sha);
  g_autofree char *english_body = g_strdup_printf ("<p>Plain English, with a small "
                                                   "picture: <img src=\"%s\" alt=\"dot\"></p>",
                                                   gif);
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (Book) book = NULL;
  g_autoptr (Book) arabic_first = NULL;
  g_autofree char *nav = NULL;
  g_autofree char *ncx = NULL;
  g_autofree char *package = NULL;
  g_autofree char *chinese = NULL;
  g_autofree char *arabic = NULL;
  g_autofree char *english = NULL;
  Sample english_sample = selection[2];
  gint64 ids[3];
  gint64 reversed[3];

  ids[0] = add_sample (fixture, &selection[0], NULL);
  ids[1] = add_sample (fixture, &selection[1], NULL);
  images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  g_ptr_array_add (images, stored_image_new (gif_data, sizeof gif_data, "image/gif"));
  english_sample.body = english_body;
  ids[2] = add_sample (fixture, &english_sample, images);

  book = write_book (fixture, ids, 3, "A selection");

  nav = book_dup_text (book, "OEBPS/nav.xhtml");
  assert_in_order (nav, (const char *[]) {
    "<nav epub:type=\"toc\"",
    "<li xml:lang=\"zh-CN\" lang=\"zh-CN\"><a href=\"text/1.xhtml\">读书笔记：长文</a></li>",
    "<li xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">"
    "<a href=\"text/2.xhtml\">مقالة عن القراءة</a></li>",
    "<li xml:lang=\"en-GB\" lang=\"en-GB\"><a href=\"text/3.xhtml\">An English Article</a></li>",
    NULL,
  });

  ncx = book_dup_text (book, "OEBPS/toc.ncx");
  assert_in_order (ncx, (const char *[]) {
    "读书笔记：长文", "text/1.xhtml", "مقالة عن القراءة", "text/2.xhtml", "An English Article",
    "text/3.xhtml", NULL,
  });

  package = book_dup_text (book, "OEBPS/content.opf");
  assert_contains (package, "<dc:title>A selection</dc:title>");
  assert_contains (package, "<dc:language>zh-CN</dc:language>");
  assert_not_contains (package, "dc:creator");
  assert_not_contains (package, "dc:source");
  assert_not_contains (package, "page-progression-direction");
  assert_in_order (package, (const char *[]) {
    "<itemref idref=\"chapter-1\"/>", "<itemref idref=\"chapter-2\"/>",
    "<itemref idref=\"chapter-3\"/>", NULL,
  });

  chinese = book_dup_text (book, "OEBPS/text/1.xhtml");
  assert_contains (chinese, "xml:lang=\"zh-CN\" lang=\"zh-CN\">");
  assert_contains (chinese, "<p>这是一段中文文字，用来检查行高和语言标记。</p>");
  arabic = book_dup_text (book, "OEBPS/text/2.xhtml");
  assert_contains (arabic, "xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">");
  assert_contains (arabic, "<p>هذا نص عربي يُقرأ من اليمين إلى اليسار.</p>");
  english = book_dup_text (book, "OEBPS/text/3.xhtml");
  assert_contains (english, "alt=\"dot\"/>");
  g_assert_true (book_has (book, gif_member));

  /* A book that starts with a right-to-left article turns its pages that way. */
  reversed[0] = ids[1];
  reversed[1] = ids[0];
  reversed[2] = ids[2];
  arabic_first = write_book (fixture, reversed, 3, NULL);
  g_clear_pointer (&package, g_free);
  package = book_dup_text (arabic_first, "OEBPS/content.opf");
  assert_contains (package, "<spine toc=\"ncx\" page-progression-direction=\"rtl\">");
  assert_contains (package, "<dc:language>ar</dc:language>");
  /* Without a title, the first article's. */
  assert_contains (package, "<dc:title>مقالة عن القراءة</dc:title>");
}

static void
test_epub_unsaved (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Book) book = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *failed = NULL;
  gint64 ids[2];

  ids[0] = lectern_article_store_add_pending (fixture->store,
                                              "https://example.com/later?a=1&b=2",
                                              "https://example.com/later?a=1&b=2", &error);
  g_assert_no_error (error);
  ids[1] = lectern_article_store_add_pending (fixture->store, "https://failed.example.org/x",
                                              "https://failed.example.org/x", &error);
  g_assert_no_error (error);
  g_assert_true (lectern_article_store_fail_save (fixture->store, ids[1], "Not found", &error));
  g_assert_no_error (error);

  book = write_book (fixture, ids, 2, "Unsaved");

  pending = book_dup_text (book, "OEBPS/text/1.xhtml");
  assert_contains (pending, "<h1>example.com/later</h1>");
  assert_contains (pending, "<a href=\"https://example.com/later?a=1&amp;b=2\">"
                            "https://example.com/later?a=1&amp;b=2</a>");
  assert_contains (pending, "class=\"lectern-unsaved\"");
  failed = book_dup_text (book, "OEBPS/text/2.xhtml");
  assert_contains (failed, "<a href=\"https://failed.example.org/x\">");
  g_assert_cmpuint (book_count (book, "OEBPS/text/"), ==, 2);
}

static void
test_epub_missing_images (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = dup_image_src ((const guint8 *)"never stored", 12);
  g_autofree char *webp = dup_image_src (webp_data, sizeof webp_data);
  g_autofree char *broken = dup_image_src (broken_png_data, sizeof broken_png_data);
  g_autofree char *body = NULL;
  g_autofree char *chapter = NULL;
  g_autofree char *package = NULL;
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (Book) book = NULL;
  gint64 id;
  Sample sample = {
    "https://photos.example.com/p", "Pictures", NULL, NULL, "en", LECTERN_TEXT_DIRECTION_AUTO,
    0, NULL,
  };

  body = g_strdup_printf ("<p>One: <img src=\"%s\" alt=\"Lost picture\"></p>"
                          "<p>Two: <span class=\"lectern-missing-image\">Never saved</span></p>"
                          "<figure><img src=\"%s\" alt=\"Web picture\"><figcaption>WebP"
                          "</figcaption></figure>"
                          "<p>Three: <img src=\"%s\" alt=\"Broken picture\"></p>"
                          "<p>Four: <img src=\"https://example.com/x.png\" alt=\"Remote "
                          "picture\"><img src=\"%s\"><img alt=\"No source\"></p>",
                          missing, webp, broken, missing);
  sample.body = body;
  images = g_ptr_array_new_with_free_func ((GDestroyNotify)lectern_stored_image_free);
  g_ptr_array_add (images, stored_image_new (webp_data, sizeof webp_data, "image/webp"));
  g_ptr_array_add (images, stored_image_new (broken_png_data, sizeof broken_png_data,
                                             "image/png"));
  id = add_sample (fixture, &sample, images);

  book = write_book (fixture, &id, 1, "Pictures");

  chapter = book_dup_text (book, "OEBPS/text/1.xhtml");
  assert_contains (chapter,
                   "<p>One: <span class=\"lectern-missing-image\">Lost picture</span></p>");
  assert_contains (chapter, "<p>Two: <span class=\"lectern-missing-image\">Never saved</span></p>");
  assert_contains (chapter, "<figure><span class=\"lectern-missing-image\">Web picture</span>"
                            "<figcaption>WebP</figcaption></figure>");
  assert_contains (chapter, "<span class=\"lectern-missing-image\">Broken picture</span>");
  assert_contains (chapter, "<p>Four: <span class=\"lectern-missing-image\">Remote picture</span>"
                            "<span class=\"lectern-missing-image\">No source</span></p>");
  assert_not_contains (chapter, "<img");
  g_assert_cmpuint (book_count (book, "OEBPS/images/"), ==, 0);

  package = book_dup_text (book, "OEBPS/content.opf");
  assert_not_contains (package, "image/");
  /* An article that is not right-to-left does not say so. */
  assert_not_contains (chapter, "dir=");
}

static void
test_epub_escaping (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (Book) book = NULL;
  g_autofree char *chapter = NULL;
  g_autofree char *nav = NULL;
  g_autofree char *package = NULL;
  gint64 id;
  /* U+0001, U+000B, U+FFFE, U+202E (right-to-left override), U+0085 (C1). */
  Sample sample = {
    "https://example.com/fish?a=1&b=<2>",
    "Fish & Chips <b>\"quoted\" 'single'\x01\x0b\xef\xbf\xbe \xe2\x80\xae" "esrever",
    "Tom \xe2\x80\xae" "& Jerry\x01",
    "\xc2\x85Site",
    "en",
    LECTERN_TEXT_DIRECTION_LTR,
    0,
    "<p>Tom &amp; Jerry &lt;3 \"x\" 'y'\x01\x0b\xef\xbf\xbe and \xe2\x80\xae" "evil</p>"
    "<p title=\"a &amp; b\x01\">Title</p><pre>\tcode &lt;tab&gt;\x0c</pre>",
  };

  id = add_sample (fixture, &sample, NULL);
  book = write_book (fixture, &id, 1, "Book & \"Title\" <1>\x01\xe2\x80\xae");

  chapter = book_dup_text (book, "OEBPS/text/1.xhtml");
  assert_contains (chapter, "<h1>Fish &amp; Chips &lt;b&gt;\"quoted\" 'single' esrever</h1>");
  assert_contains (chapter, "<title>Fish &amp; Chips &lt;b&gt;\"quoted\" 'single' esrever</title>");
  assert_contains (chapter, "Tom &amp; Jerry · Site");
  assert_contains (chapter, "<p>Tom &amp; Jerry &lt;3 \"x\" 'y' and \xe2\x80\xae" "evil</p>");
  assert_contains (chapter, "<pre>\tcode &lt;tab&gt;</pre>");
  assert_contains (chapter, "https://example.com/fish?a=1&amp;b=%3C2%3E");
  assert_not_contains (chapter, "\x01");
  assert_not_contains (chapter, "\x0b");
  assert_not_contains (chapter, "\x0c");
  assert_not_contains (chapter, "\xef\xbf\xbe");
  assert_not_contains (chapter, "\xc2\x85");

  nav = book_dup_text (book, "OEBPS/nav.xhtml");
  assert_contains (nav, "<title>Book &amp; &quot;Title&quot; &lt;1&gt;</title>");
  assert_contains (nav, ">Fish &amp; Chips &lt;b&gt;&quot;quoted&quot; &apos;single&apos; "
                        "esrever</a>");
  assert_not_contains (nav, "\xe2\x80\xae");

  package = book_dup_text (book, "OEBPS/content.opf");
  assert_contains (package, "<dc:title>Book &amp; &quot;Title&quot; &lt;1&gt;</dc:title>");
  assert_contains (package, "<dc:creator>Tom &amp; Jerry</dc:creator>");
  assert_not_contains (package, "\x01");
}

typedef struct {
  const char *body;
  const char *expected;  /* in the chapter, or NULL */
} Repair;

/* Bodies whose XHTML must be repaired, with what the repair gives. */
static const Repair repairs[] = {
  { "<p>a<div>b</div>c</p>", "<p>a</p><div>b</div>c" },
  { "<a href=\"https://x.example/\"><p>x</p></a>", "<p><a href=\"https://x.example/\">x</a></p>" },
  { "<p>before <a href=\"https://x.example/\">A<div>B</div>C</a> after</p>",
    "<p>before <a href=\"https://x.example/\">A</a></p><div><a href=\"https://x.example/\">B</a>"
    "</div><p><a href=\"https://x.example/\">C</a> after</p>" },
  { "<ul>text<li>x</li></ul>", "<ul><li>text</li><li>x</li></ul>" },
  { "<table><p>x</p><tr><td>y</td></tr></table>",
    "<table><tbody><tr><td><p>x</p></td></tr><tr><td>y</td></tr></tbody></table>" },
  { "<h2><ul><li>a</li></ul></h2>", "<ul><li>a</li></ul>" },
  { "<pre><div>x</div>y</pre>", "<pre>x\ny</pre>" },
  { "<pre>\nfirst line\n</pre>", "<pre>first line\n</pre>" },
  { "<p>  <div>x</div></p>", "</header><div>x</div>" },
  { "<p><a href=\"https://one.example/\">one <span><a href=\"https://two.example/\">two</a>"
    "</span></a></p>", "<p><a href=\"https://one.example/\">one <span>two</span></a></p>" },
  { "<p><span>x<figure><img src=\"https://example.com/a.png\" alt=\"pic\"><figcaption>c"
    "</figcaption></figure>y</span></p>",
    "<p><span>x</span></p><figure><span><span class=\"lectern-missing-image\">pic</span></span>"
    "<figcaption><span>c</span></figcaption></figure><p><span>y</span></p>" },
  { "<p><img alt=\"no source\"> and <img src=\"\" alt=\"\"></p>",
    "<p><span class=\"lectern-missing-image\">no source</span> and </p>" },
  { "<li>top</li><li>level</li>", "<ul><li>top</li><li>level</li></ul>" },
  { "<td>cell</td><td>next</td>",
    "<table><tbody><tr><td>cell</td><td>next</td></tr></tbody></table>" },
  { "<table><tr><td>x</td></tr></table><td>y</td>",
    "<table><tbody><tr><td>x</td></tr></tbody></table><table><tbody><tr><td>y</td></tr>" },
  { "<dd>description</dd>", "<div>description</div>" },
  { "<summary>summary</summary>", "<p>summary</p>" },
  { "<p>before</p><table></table><p>after</p>", "<p>before</p><p>after</p>" },
  { "<details><p>no summary</p></details>", "<div><p>no summary</p></div>" },
  { "<details open><summary>s</summary><p>shown</p></details>",
    "<details open=\"open\"><summary>s</summary><p>shown</p></details>" },
  { "<dl><dd>x</dd><dt>y</dt></dl>", "<dl><dt/><dd>x</dd><dt>y</dt><dd/></dl>" },
  { "<figure><figcaption>a</figcaption><p>b</p><figcaption>c</figcaption></figure>",
    "<figure><figcaption>a</figcaption><p>b</p><div>c</div></figure>" },
  { "<p><ruby>漢<rt>kan</rt>字<rt>ji</rt>!</ruby></p>",
    "<p><ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>!</p>" },
  { "<p><ruby>no annotation</ruby> <rt>lone</rt></p>",
    "<p>no annotation <span>lone</span></p>" },
  { "<p><time>yesterday</time> <time datetime=\"2024-01-02\">then</time> "
    "<time datetime=\"soon\"><b>later</b></time></p>",
    "<p><span>yesterday</span> <time datetime=\"2024-01-02\">then</time> "
    "<span><b>later</b></span></p>" },
  { "<ol start=\"3\" reversed type=\"a\"><li value=\"7\">x</li></ol><ul><li value=\"7\">y</li>"
    "</ul>", "<ol start=\"3\" reversed=\"reversed\" type=\"a\"><li value=\"7\">x</li></ol>"
    "<ul><li>y</li></ul>" },
  { "<table><caption>c</caption><caption>d</caption><tr><td colspan=\"0\" rowspan=\"2\">x</td>"
    "</tr><tfoot><tr><td>f</td></tr></tfoot><thead><tr><th scope=\"col\">h</th></tr></thead>"
    "</table>",
    "<table><caption>cd</caption><thead><tr><th scope=\"col\">h</th></tr></thead><tbody><tr>"
    "<td rowspan=\"2\">x</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>" },
  { "<table><caption>c<table><tr><td>inner</td></tr></table></caption><tr><td>x</td></tr>"
    "</table>", "<caption>c<div><div><div>inner</div></div></div></caption>" },
  { "<p lang=\"en_US\" dir=\"RTL\">x</p><p lang=\"english!\">y</p>",
    "<p xml:lang=\"en-US\" lang=\"en-US\" dir=\"rtl\">x</p><p>y</p>" },
  { "<p><a href=\"https://x.example/a[b]|c d#e#f\">weird</a> <a href=\"#frag\">local</a> "
    "<a href=\"javascript:alert(1)\">script</a> <a href=\"mailto:a@example.com\">mail</a></p>",
    "<p><a href=\"https://x.example/a%5Bb%5D%7Cc%20d#e%23f\">weird</a> local script "
    "<a href=\"mailto:a@example.com\">mail</a></p>" },
  { "<p><bdo>no direction</bdo> <bdo dir=\"rtl\">right</bdo></p>",
    "<p><span>no direction</span> <bdo dir=\"rtl\">right</bdo></p>" },
  { "<p><ins datetime=\"bad\">a</ins><del datetime=\"2024-01-02T03:04Z\">b</del></p>",
    "<p><ins>a</ins><del datetime=\"2024-01-02T03:04Z\">b</del></p>" },
  { "<p>one<br>two</p><ul><br><li>item</li></ul><hr>",
    "<p>one<br/>two</p><ul><li>item</li></ul><hr/>" },
  { "<blockquote>loose text<p>para</p></blockquote>",
    "<blockquote>loose text<p>para</p></blockquote>" },
  { "<p>x<dl><dt>t</dt><dd>d</dd></dl>y</p>", "<dl><dt>t</dt><dd>d</dd></dl>" },
  { "<details><summary>s<h3>heading</h3> more</summary></details>", NULL },
  { "<pre><span>a<table><tr><td>x</td></tr></table>b</span></pre>",
    "<pre><span>a</span></pre><table><tbody><tr><td><span>x</span></td></tr></tbody></table>"
    "<pre><span>b</span></pre>" },
  { "<pre><span>a<ul><li>x</li><li>y</li></ul>b<p>para</p><hr></span></pre>",
    "<pre><span>a\nx\ny\nb\npara\n</span></pre>" },
  { "<script>alert(1)</script><style>p{}</style><svg><text>svg</text></svg><p>kept</p>",
    "<p>kept</p>" },
  { "<unknown-element>kept text</unknown-element>", "kept text" },
  { "<p>so <math><semantics><mi>x</mi><mo>=</mo><mn>2</mn><annotation>x=2</annotation>"
    "</semantics></math> holds</p>",
    "<p>so x=2 holds</p>" },
  { "<p id=\"x\" class=\"y\" style=\"color:red\" onclick=\"z\">attrs</p>", "<p>attrs</p>" },
  { "", NULL },
  { "just text", "just text" },
};

static void
test_epub_repairs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (Book) book = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (repairs); i++) {
    g_autofree char *title = g_strdup_printf ("Repair %" G_GSIZE_FORMAT, i);
    gint64 id = add_body (fixture, title, repairs[i].body);

    g_array_append_val (ids, id);
  }

  /* 2,000 nested blocks, and inline elements as deep. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "<div>");
  g_string_append (deep, "deep text");
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "</div>");
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "<b><p>");
  g_string_append (deep, "deeper text");
  {
    gint64 id = add_body (fixture, "Deep", deep->str);

    g_array_append_val (ids, id);
  }

  book = write_book (fixture, (const gint64 *)ids->data, ids->len, "Repairs");

  for (gsize i = 0; i < G_N_ELEMENTS (repairs); i++) {
    g_autofree char *name = g_strdup_printf ("OEBPS/text/%" G_GSIZE_FORMAT ".xhtml", i + 1);
    g_autofree char *chapter = book_dup_text (book, name);

    if (repairs[i].expected)
      assert_contains (chapter, repairs[i].expected);
  }

  {
    g_autofree char *name = g_strdup_printf ("OEBPS/text/%u.xhtml", ids->len);
    g_autofree char *chapter = book_dup_text (book, name);

    assert_contains (chapter, "deep text");
    assert_contains (chapter, "deeper text");
  }
}

static void
test_epub_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (LecternEpubWriter) writer = NULL;
  g_autoptr (GError) error = NULL;

  writer = lectern_epub_writer_new (fixture->store, stream, "Nothing", NULL);
  g_assert_false (lectern_epub_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, !=, "");

  /* Nothing reached the stream. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==,
                    0);
}

static void
test_epub_failed_stream (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (LecternEpubWriter) writer = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = add_body (fixture, "Closed", "<p>text</p>");

  article = lectern_article_store_get (fixture->store, id, &error);
  g_assert_no_error (error);

  g_output_stream_close (stream, NULL, NULL);
  writer = lectern_epub_writer_new (fixture->store, stream, "Closed", NULL);
  g_assert_false (lectern_epub_writer_add_article (writer, article, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The book is given up: the next article, and the end, say why. */
  g_assert_false (lectern_epub_writer_add_article (writer, article, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lectern_epub_writer_finish (writer, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  /* Members' names are read back as UTF-8, which the C locale cannot convert to. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/epub/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("images", test_epub_images);
  ADD ("selection", test_epub_selection);
  ADD ("unsaved", test_epub_unsaved);
  ADD ("missing-images", test_epub_missing_images);
  ADD ("escaping", test_epub_escaping);
  ADD ("repairs", test_epub_repairs);
  ADD ("empty", test_epub_empty);
  ADD ("failed-stream", test_epub_failed_stream);

#undef ADD

  return g_test_run ();
}
