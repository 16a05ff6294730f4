/* test-extractor.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-extractor.h"
#include "lectern-test-utils.h"
#include "lectern-xml-private.h"

#include <string.h>

#define SEED_URL "https://deepseek.example/post/518.html"
#define SEED_TITLE "DeepSeek 的“修炼”之路,还要闯几关?"

static LecternArticle *
extract_fixture (const char *name,
                 const char *charset,
                 const char *url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  LecternArticle *article;
  gsize length;

  data = lectern_test_read_data (name, &length);
  article = lectern_extract (data, length, charset, url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  return article;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (!strstr (haystack, needle))
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
assert_not_contains (const char *haystack,
                     const char *needle)
{
  if (strstr (haystack, needle))
    g_error ("“%s” should not be in:\n%s", needle, haystack);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;

  return n;
}

static void
test_seed_page (void)
{
  g_autoptr (LecternArticle) article = NULL;
  const char *html;
  const char *text;
  const char *last;

  article = extract_fixture ("seed-site/post/518.html", NULL, SEED_URL);
  html = lectern_article_get_body_html (article);
  text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==, SEED_TITLE);
  g_assert_cmpstr (lectern_article_get_language (article), ==, "zh-CN");

  /* The page's site, author and date, and the byline paragraph that opened
   * the body is the byline now, no longer part of the body or the excerpt.
   */
  g_assert_cmpstr (lectern_article_get_site_name (article), ==, "DeepSeek中文站");
  g_assert_cmpstr (lectern_article_get_byline (article), ==, "半月谈记者 张漫子");
  {
    g_autoptr (GDateTime) published =
      g_date_time_new_from_unix_utc (lectern_article_get_published_at (article) /
                                     G_USEC_PER_SEC);
    g_autofree char *day = g_date_time_format (published, "%Y-%m-%d");

    g_assert_cmpstr (day, ==, "2025-03-19");
  }
  g_assert_true (g_str_has_prefix (text, "以小博大"));
  g_assert_true (g_str_has_prefix (lectern_article_get_excerpt (article), "以小博大"));
  assert_not_contains (html, "半月谈记者");
  last = "也许就会到来。";
  g_assert_true (g_str_has_suffix (text, last));

  /* The headline is shown once, by the reader, not again in the body. */
  g_assert_cmpuint (count_occurrences (text, SEED_TITLE), ==, 0);

  assert_contains (text, "“爽文大女主”出三招");
  assert_contains (text, "是幻觉还是“真香”");
  assert_contains (text, "如何学习文明的智慧");

  /* The lazily loaded illustration, with its real absolute URL. */
  assert_contains (html, "src=\"https://deepseek.example/zb_users/upload/2025/03/202503191742361.png\"");
  assert_not_contains (html, "loading.gif");

  assert_not_contains (text, "当前位置");      /* breadcrumb */
  assert_not_contains (text, "375");           /* view count */
  assert_not_contains (text, "相关文章");      /* related articles */
  assert_not_contains (text, "OpenAI打小报告"); /* related article titles */
  assert_not_contains (text, "发表评论");      /* comment form */
  assert_not_contains (html, "<form");
  assert_not_contains (text, "热门文章");      /* sidebar */
  assert_not_contains (text, "Copyright");     /* footer */
  assert_not_contains (text, "分享到");        /* share bar */
  assert_not_contains (text, "上一篇");        /* previous/next links */
  assert_not_contains (html, "<script");

  g_assert_cmpuint (lectern_article_get_char_count (article), >, 1500);
  g_assert_cmpuint (lectern_article_get_word_count (article), >, 1200);
  g_assert_cmpuint (lectern_article_get_reading_minutes (article), >=, 3);
  g_assert_cmpuint (lectern_article_get_reading_minutes (article), <=, 6);
}

static void
test_english_news (void)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GDateTime) published = NULL;
  const char *text;

  article = extract_fixture ("extract/english-news.html", NULL,
                             "https://courier.example/news/2025/05/ferry-vote?ref=home");
  text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==,
                   "Harbour town votes to keep its last ferry running");
  g_assert_cmpstr (lectern_article_get_byline (article), ==, "Morwenna Tregear");
  g_assert_cmpstr (lectern_article_get_site_name (article), ==, "The Coastal Courier");
  g_assert_cmpstr (lectern_article_get_language (article), ==, "en-GB");
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==,
                   "https://courier.example/media/2025/ferry-large.jpg");
  g_assert_cmpstr (lectern_article_get_canonical_url (article), ==,
                   "https://courier.example/news/2025/05/ferry-vote");
  g_assert_cmpstr (lectern_article_get_excerpt (article), ==,
                   "Residents packed the town hall to save a crossing that has run since 1921.");

  published = g_date_time_new_from_unix_utc (lectern_article_get_published_at (article) /
                                             G_USEC_PER_SEC);
  g_assert_cmpint (g_date_time_get_year (published), ==, 2025);
  g_assert_cmpint (g_date_time_get_month (published), ==, 5);
  g_assert_cmpint (g_date_time_get_hour (published), ==, 7);

  g_assert_true (g_str_has_prefix (text, "Residents of Porthlenna"));
  assert_contains (text, "A crossing older than the road");
  assert_contains (text, "It is how half of this town gets to work");
  assert_contains (text, "A volunteer group will take over");
  g_assert_true (g_str_has_suffix (text, "\"The room spoke very clearly tonight,\" she said."));
  assert_not_contains (text, "Share on Facebook");
  assert_not_contains (text, "Related stories");
  assert_not_contains (text, "Great news for the town");
  assert_not_contains (text, "All rights reserved");
  assert_not_contains (lectern_article_get_body_html (article), "pixel.gif");

  g_assert_cmpuint (lectern_article_get_word_count (article), >, 200);
  g_assert_cmpuint (lectern_article_get_word_count (article), <, 320);
  g_assert_cmpuint (lectern_article_get_reading_minutes (article), ==, 1);
}

static void
test_blog (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/blog.html", NULL,
                                                        "https://hillkitchen.example/2024/11/sourdough/");
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==, "Sourdough at altitude");
  g_assert_cmpstr (lectern_article_get_byline (article), ==, "Priya Raman");
  g_assert_cmpint (lectern_article_get_published_at (article), ==, (gint64)1730505600 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (text, "When we moved up to the cabin"));
  assert_contains (text, "A hotter oven for the first twenty minutes");
  assert_contains (html, "<ol>");
  assert_contains (html, "<pre><code>flour   500 g\nwater   390 g");
  assert_contains (text, "I will write up the rye version next month");
  assert_not_contains (text, "Share this");
  assert_not_contains (text, "Leave a Reply");
  assert_not_contains (text, "Does this work for focaccia");
  assert_not_contains (text, "Archives");
  assert_not_contains (text, "Powered by WordPress");
}

static void
test_documentation (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/docs.html", NULL,
                                                        "https://docs.widgetron.example/3.2/guide/cache.html");
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  g_assert_true (g_str_has_prefix (lectern_article_get_title (article), "Configuring the cache"));
  assert_contains (text, "Widgetron keeps rendered widgets in a cache");
  assert_contains (html, "<h2>Location</h2>");
  assert_contains (html, "<pre>[cache]\npath = /srv/fast/widgetron");
  assert_contains (html, "<th>Option</th>");
  assert_contains (html, "<td>max_size</td>");
  assert_contains (text, "Eviction removes the least recently used entries first");
  assert_not_contains (text, "Installation");
  assert_not_contains (text, "Search docs");
  assert_not_contains (text, "Copyright");
}

static void
test_forum (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/forum.html", NULL,
                                                        "https://bikes.example/t/1001");
  const char *text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==, "Brakes squeal only when cold");
  assert_contains (text, "My 1978 roadster has started squealing");
  assert_contains (text, "Almost certainly surface rust");
  assert_contains (text, "keep an eye on it through the winter");
  assert_not_contains (text, "Log in");
  assert_not_contains (text, "Quick reply");
  assert_not_contains (text, "Powered by ForumSoft");
}

static void
test_br_paragraphs (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/br-paragraphs.html", NULL, NULL);
  const char *html = lectern_article_get_body_html (article);
  const char *text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==, "Letter from the lighthouse");
  g_assert_cmpuint (count_occurrences (html, "<p>"), ==, 6);
  assert_contains (text, "Dear Margaret,\n\nThe storm came in on Thursday evening");
  assert_contains (text, "the only thing that matters.\n\nIn the morning the sea");
  assert_contains (text, "Your loving brother,\nArthur");
  assert_not_contains (text, "Contact");
  assert_not_contains (text, "family archive");
}

static void
test_table_layout (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/table-layout.html", NULL,
                                                        "http://oldmill.example/diary/4");
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  assert_contains (text, "With the roof finally watertight");
  assert_contains (text, "why you should never lift one without at least four people");
  assert_contains (html, "src=\"http://oldmill.example/images/wheel-1998.jpg\"");
  assert_not_contains (text, "Part 1");
  assert_not_contains (text, "Best viewed at 800x600");
  assert_not_contains (html, "<table");
}

static void
test_links_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *data = NULL;
  gsize length;

  data = lectern_test_read_data ("extract/links-only.html", &length);
  article = lectern_extract (data, length, NULL, "https://widgets.example/sitemap", &error);
  g_assert_error (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_NO_ARTICLE);
  g_assert_null (article);
}

static void
test_rtl (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/rtl-arabic.html", NULL, NULL);
  const char *text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_title (article), ==, "مكتبة الحي تفتح أبوابها ليلاً");
  g_assert_cmpstr (lectern_article_get_language (article), ==, "ar");
  g_assert_cmpint (lectern_article_get_direction (article), ==, LECTERN_TEXT_DIRECTION_RTL);
  g_assert_cmpstr (lectern_article_get_site_name (article), ==, "صحيفة المثال");
  g_assert_true (g_str_has_prefix (text, "قررت مكتبة الحي القديم"));
  assert_not_contains (text, "جميع الحقوق محفوظة");
}

static void
test_lazy_images (void)
{
  g_autoptr (LecternArticle) article = extract_fixture ("extract/lazy-images.html", NULL,
                                                        "https://photos.example/blog/view.html");
  const char *html = lectern_article_get_body_html (article);

  assert_contains (html, "src=\"https://photos.example/photos/january.jpg\"");
  assert_contains (html, "src=\"https://photos.example/photos/march.jpg\"");
  assert_contains (html, "src=\"https://photos.example/photos/june-1600.jpg\"");
  assert_contains (html, "src=\"https://photos.example/photos/september@2x.webp\"");
  assert_contains (html, "src=\"https://photos.example/photos/december.jpg\"");
  assert_not_contains (html, "blank.gif");
  assert_not_contains (html, "placeholder.png");
  assert_not_contains (html, "stats.example");
  assert_not_contains (html, "data:image/gif");
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==,
                   "https://photos.example/photos/january.jpg");
}

typedef struct {
  const char *file;
  const char *charset;
} EncodedPage;

static void
check_cjk (const char        *reference,
           const EncodedPage *pages,
           const char        *title,
           const char        *first_words)
{
  g_autoptr (LecternArticle) expected = extract_fixture (reference, NULL, NULL);

  g_assert_cmpstr (lectern_article_get_title (expected), ==, title);
  g_assert_true (g_str_has_prefix (lectern_article_get_plain_text (expected), first_words));
  assert_not_contains (lectern_article_get_plain_text (expected), "\xef\xbf\xbd");

  for (guint i = 0; pages[i].file; i++) {
    g_autoptr (LecternArticle) article = extract_fixture (pages[i].file, pages[i].charset, NULL);

    g_test_message ("%s (hint %s)", pages[i].file, pages[i].charset);
    g_assert_cmpstr (lectern_article_get_title (article), ==, title);
    g_assert_cmpstr (lectern_article_get_plain_text (article), ==,
                     lectern_article_get_plain_text (expected));
    g_assert_cmpuint (lectern_article_get_word_count (article), ==,
                      lectern_article_get_word_count (expected));
  }
}

static void
test_gbk (void)
{
  static const EncodedPage pages[] = {
    { "extract/zh-hans.gbk.html", NULL },
    { "extract/zh-hans.gbk.nolabel.html", NULL },
    { "extract/zh-hans.gbk.nolabel.html", "gb2312" },
    { NULL, NULL }
  };
  g_autoptr (LecternArticle) article = extract_fixture ("extract/zh-hans.utf8.html", NULL, NULL);
  const char *text = lectern_article_get_plain_text (article);

  check_cjk ("extract/zh-hans.utf8.html", pages, "山村小学的图书角", "清晨七点");

  /* Chinese boilerplate named in pinyin or in words. */
  assert_not_contains (text, "当前位置");
  assert_not_contains (text, "分享到");
  assert_not_contains (text, "相关阅读");
  assert_not_contains (text, "版权所有");
  assert_contains (text, "借书的规矩");

  /* CJK is counted by characters: about 290 of them, one to two minutes. */
  g_assert_cmpuint (lectern_article_get_word_count (article), >, 250);
  g_assert_cmpuint (lectern_article_get_word_count (article), <, 330);
  g_assert_cmpuint (lectern_article_get_reading_minutes (article), ==, 1);
}

static void
test_big5 (void)
{
  static const EncodedPage pages[] = {
    { "extract/zh-hant.big5.html", NULL },
    { "extract/zh-hant.big5.nolabel.html", NULL },
    { "extract/zh-hant.big5.nolabel.html", "big5" },
    { NULL, NULL }
  };

  check_cjk ("extract/zh-hant.utf8.html", pages, "老街茶行的百年時光", "老街轉角的茶行");
}

static void
test_shift_jis (void)
{
  static const EncodedPage pages[] = {
    { "extract/ja.shift_jis.html", NULL },
    { "extract/ja.shift_jis.nolabel.html", NULL },
    { "extract/ja.shift_jis.nolabel.html", "shift_jis" },
    { NULL, NULL }
  };

  check_cjk ("extract/ja.utf8.html", pages, "駅前の小さな古本屋", "駅前の商店街に");
}

/* Bad input: a clear error or a best effort, never a crash or a hang. */

static void
extract_bytes (const char *data,
               gsize       length,
               gboolean    expect_article)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = lectern_extract (data, length, NULL,
                                                        "https://bad.example/", &error);

  if (article) {
    g_assert_no_error (error);
    g_assert_nonnull (lectern_article_get_body_html (article));
    g_assert_true (g_utf8_validate (lectern_article_get_body_html (article), -1, NULL));
    g_assert_true (g_utf8_validate (lectern_article_get_plain_text (article), -1, NULL));
  } else {
    g_assert_nonnull (error);
    g_assert_true (error->domain == LECTERN_EXTRACTOR_ERROR);
  }

  if (expect_article)
    g_assert_nonnull (article);
}

static void
test_bad_empty (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = lectern_extract ("", 0, NULL, NULL, &error);

  g_assert_error (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_EMPTY);
  g_assert_null (article);
  g_clear_error (&error);

  article = lectern_extract (" \n\t ", 4, NULL, NULL, &error);
  g_assert_error (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_EMPTY);
}

static void
test_bad_binary (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *junk = g_malloc (256 * 1024);

  for (guint round = 0; round < 8; round++) {
    for (gsize i = 0; i < 256 * 1024; i++)
      junk[i] = g_rand_int_range (rand, 0, 256);
    extract_bytes ((const char *)junk, 256 * 1024, FALSE);
  }
}

static GString *
paragraphs (guint n)
{
  GString *s = g_string_new ("<html><head><title>Bad bytes</title></head><body><div>");

  for (guint i = 0; i < n; i++)
    g_string_append (s, "<p>Paragraph of an article that is long enough to count, "
                        "with commas, clauses, and a full stop at the end.</p>");
  g_string_append (s, "</div></body></html>");

  return s;
}

static void
test_bad_nul_bytes (void)
{
  g_autoptr (GString) page = paragraphs (20);

  for (gsize i = 100; i < page->len; i += 97)
    page->str[i] = '\0';
  extract_bytes (page->str, page->len, TRUE);
}

static void
test_bad_invalid_utf8 (void)
{
  g_autoptr (GString) page = paragraphs (20);
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = NULL;

  g_string_insert (page, 200, "\xff\xfe\xc3\x28\xe2\x82\xa0\xa0\xf0\x90\x28\xbc");
  article = lectern_extract (page->str, page->len, "utf-8", NULL, &error);
  g_assert_no_error (error);
  assert_contains (lectern_article_get_plain_text (article), "Paragraph of an article");
  g_assert_true (g_utf8_validate (lectern_article_get_plain_text (article), -1, NULL));
}

static void
test_bad_deep_nesting (void)
{
  GString *page = g_string_new ("<html><body>");

  for (guint i = 0; i < 100000; i++)
    g_string_append (page, i % 2 ? "<div>" : "<span>");
  g_string_append (page, "deep text");
  for (guint i = 100000; i > 0; i--)
    g_string_append (page, (i - 1) % 2 ? "</div>" : "</span>");
  g_string_append (page, "</body></html>");

  extract_bytes (page->str, page->len, FALSE);
  g_string_free (page, TRUE);
}

static void
test_bad_unclosed_comment (void)
{
  g_autoptr (GString) page = paragraphs (20);

  g_string_insert (page, page->len / 2, "<!-- never closed ");
  extract_bytes (page->str, page->len, FALSE);

  extract_bytes ("<!--", 4, FALSE);
}

static void
test_bad_only_script (void)
{
  const char *page = "<script>document.write('<p>' + 'x'.repeat(5000) + '</p>');</script>";
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = lectern_extract (page, strlen (page), NULL, NULL, &error);

  g_assert_null (article);
  g_assert_error (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_NO_ARTICLE);
}

static void
test_bad_json_ld (void)
{
  GString *page = g_string_new ("<html><head><script type=\"application/ld+json\">");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (page, '[');
  g_string_append (page, "</script><title>Deep JSON</title></head><body>");
  for (guint i = 0; i < 10; i++)
    g_string_append (page, "<p>Text of the article, long enough to be read as one, "
                           "with commas, and more words after them.</p>");
  g_string_append (page, "</body></html>");

  extract_bytes (page->str, page->len, TRUE);
  g_string_free (page, TRUE);
}

/* Hostile shapes that once lost the article text after them. */

static LecternArticle *
extract_page (const char *page,
              gsize       length)
{
  g_autoptr (GError) error = NULL;
  LecternArticle *article;

  article = lectern_extract (page, length, NULL, "https://news.example/story", &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  return article;
}

static void
test_labelled_teaser (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Teasers",
    "<p>Read also: <a href=\"/other\">A story on another page of the site</a></p>"
    "<p><strong>Lea también: <a href=\"/otra\">Otra noticia del mismo sitio</a></strong></p>"
    "<h3>MIRA:&nbsp;<a href=\"/mira\">Una historia de otra página</a></h3>"
    "<p><strong>À lire aussi »</strong> <a href=\"/lire\">Un autre article du site</a></p>"
    "<p>Source files: <a href=\"/a.js\">a.js</a>, <a href=\"/b.js\">b.js</a></p>"
    "<p>The committee said: <a href=\"/report\">the full report</a> is online.</p>"
    "<p>The minister answered the question at length, as the <a href=\"/x\">record</a>"
    " shows.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "A story on another page");
  assert_not_contains (text, "Otra noticia");
  assert_not_contains (text, "Una historia de otra");
  assert_not_contains (text, "Un autre article");
  /* Several links after a label, or words after the link: the article's own. */
  assert_contains (text, "Source files: a.js, b.js");
  assert_contains (text, "the full report is online.");
  assert_contains (text, "as the record shows.");
}

static void
test_link_runs (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Links",
    "<p><a href=\"/report.pdf\">Download the full report</a></p>"
    "<p>The sources the reporters used are listed below.</p>"
    "<ul><li><a href=\"/a\">The first source</a></li><li><a href=\"/b\">The second source</a></li>"
    "</ul>"
    "<p><a href=\"/one\">Five things we learned this week</a></p>"
    "<p><a href=\"/two\">The interview in full</a></p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Five things we learned");
  assert_not_contains (text, "The interview in full");
  /* One link on its own line, and a real list of links, are the article's. */
  assert_contains (text, "Download the full report");
  assert_contains (text, "The first source");
  assert_contains (text, "The second source");
}

static void
test_trailing_heading (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Headings",
    "<h2>Notes</h2><ol><li>The first footnote of the article.</li></ol>"
    "<h3>The harbour at night</h3><figure><img src=\"/harbour.jpg\" alt=\"\">"
    "<figcaption>Boats in the harbour.</figcaption></figure>"
    "<h4>The last words are a line of the story.</h4>"
    "<h2>More from this site</h2><div><h3>Newsletter</h3></div>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "More from this site");
  assert_not_contains (text, "Newsletter");
  /* Headings over a footnote list or a figure, and one written as a sentence, stay. */
  assert_contains (text, "Notes");
  assert_contains (text, "The first footnote of the article.");
  assert_contains (text, "The harbour at night");
  assert_contains (text, "Boats in the harbour.");
  assert_contains (text, "The last words are a line of the story.");
}

static void
test_label_of_removed_block (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Labels",
    "<p>Also interesting:</p>"
    "<p><a href=\"/one\">Five things we learned this week</a></p>"
    "<p><a href=\"/two\">The interview in full</a></p>"
    "<p>The recipe needs three things:</p>"
    "<ul><li>Flour from the mill in the valley</li><li>Water from the spring</li></ul>"
    "<p>The baker kneads the dough for ten minutes before it rests overnight.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Also interesting:");
  assert_not_contains (text, "Five things we learned");
  /* A label before a list that stays introduces the article's own list. */
  assert_contains (text, "The recipe needs three things:");
  assert_contains (text, "Flour from the mill in the valley");
  assert_contains (text, "The baker kneads the dough");
}

static void
test_empty_section (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Sections",
    "<h2>Background</h2><h3>The first years</h3>"
    "<p>The company was founded in a garage by two students of the university.</p>"
    "<h2>More from the newsroom</h2>"
    "<h2>What comes next</h2>"
    "<blockquote><p>We will open a second factory next spring.</p></blockquote>"
    "<h3>A standfirst set as a heading, long enough to read as a sentence of the story and not as a name</h3>"
    "<h3>Figures</h3>"
    "<table><tr><td>2023</td><td>12 staff</td></tr><tr><td>2024</td><td>40 staff</td></tr>"
    "</table>"
    "<p>The board meets again in June to decide on the site of the factory.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "More from the newsroom");
  /* A heading over a lower one, a quote or a table heads a section that exists. */
  assert_contains (text, "Background");
  assert_contains (text, "The first years");
  assert_contains (text, "What comes next");
  assert_contains (text, "We will open a second factory next spring.");
  assert_contains (text, "A standfirst set as a heading");
  assert_contains (text, "Figures");
  assert_contains (text, "12 staff");
}

static void
test_trailing_lines (void)
{
  const char *ending = LECTERN_TEST_ARTICLE_PAGE ("Endings",
    "<p>The last sentence of the story ends here.</p>"
    "<p>Source: the city press office</p><p>23.10.2018</p><p>Share this story</p>"
    "<p>Most read</p><ol></ol>");
  const char *list = LECTERN_TEST_ARTICLE_PAGE ("Lists",
    "<p>The shop sells three kinds of bread.</p>"
    "<ul><li>Rye</li><li>Spelt</li></ul><p>Photo credit: the bakery</p>");
  const char *sign_off = LECTERN_TEST_ARTICLE_PAGE ("Letters",
    "<p>Write soon and tell me about the harbour.</p><p>Yours,<br>Anna</p>");
  const char *smiley = LECTERN_TEST_ARTICLE_PAGE ("Smileys",
    "<p>Write soon and tell me about the harbour.</p><p>See you at the ferry =)</p>");
  g_autoptr (LecternArticle) smiley_article = extract_page (smiley, strlen (smiley));
  const char *poem = LECTERN_TEST_ARTICLE_PAGE ("Poems",
    "<p>The poem she read at the end of the evening:</p><p>The sea at night</p>"
    "<p>a lamp on the water</p><p>the boats asleep</p><p>the gulls asleep</p>"
    "<p>the nets asleep</p><p>and the town</p><p>still awake</p>");
  const char *calls = LECTERN_TEST_ARTICLE_PAGE ("Calls",
    "<p>The harbour reopens in <a href=\"/may\">May</a>, after two years of work on the quay"
    " and the lock gates.</p>"
    "<p>Follow us on <a href=\"/tw\">Twitter</a> and <a href=\"/fb\">Facebook</a>.</p>"
    "<p>Filed under <a href=\"/news\">News</a>, <a href=\"/harbours\">Harbours</a></p>");
  g_autoptr (LecternArticle) f = extract_page (calls, strlen (calls));
  const char *stray = LECTERN_TEST_ARTICLE_PAGE ("Strays",
    "<p>The last sentence of the story ends here.</p>"
    "<time datetime=\"2020-04-03T10:35\">Published: 03.04.2020, 12:35</time>");
  const char *inline_run = LECTERN_TEST_ARTICLE_PAGE ("Runs",
    "<div><span><a href=\"/google\">Google</a></span> (<a href=\"/blog\">blog</a>) said on "
    "Monday that it will open an office by the harbour."
    "<p>The story goes on with a sentence.</p></div>");
  g_autoptr (LecternArticle) g = extract_page (stray, strlen (stray));
  g_autoptr (LecternArticle) h = extract_page (inline_run, strlen (inline_run));
  const char *gallery = LECTERN_TEST_ARTICLE_PAGE ("Galleries",
    "<p>The exhibition runs until May.</p><p>See also</p>"
    "<p><img src=\"https://news.example/hall.jpg\" alt=\"\"></p>");
  g_autoptr (LecternArticle) a = extract_page (ending, strlen (ending));
  g_autoptr (LecternArticle) b = extract_page (list, strlen (list));
  g_autoptr (LecternArticle) e = extract_page (gallery, strlen (gallery));
  g_autoptr (LecternArticle) c = extract_page (sign_off, strlen (sign_off));
  g_autoptr (LecternArticle) d = extract_page (poem, strlen (poem));

  assert_contains (lectern_article_get_plain_text (a), "The last sentence of the story ends here.");
  assert_not_contains (lectern_article_get_plain_text (a), "Source: the city press office");
  assert_not_contains (lectern_article_get_plain_text (a), "23.10.2018");
  assert_not_contains (lectern_article_get_plain_text (a), "Share this story");
  /* A list the page fills in later is no content to stop at. */
  assert_not_contains (lectern_article_get_plain_text (a), "Most read");
  /* The trimming stops at a list, a sign-off, or a run of lines too long for boilerplate. */
  assert_not_contains (lectern_article_get_plain_text (b), "Photo credit");
  assert_contains (lectern_article_get_plain_text (b), "Spelt");
  assert_contains (lectern_article_get_plain_text (c), "Yours,\nAnna");
  assert_contains (lectern_article_get_plain_text (smiley_article), "See you at the ferry =)");
  assert_contains (lectern_article_get_plain_text (d), "and the town\n\nstill awake");
  /* Short calls made mostly of links go; a sentence with one link stays. */
  assert_not_contains (lectern_article_get_plain_text (f), "Follow us on");
  assert_not_contains (lectern_article_get_plain_text (f), "Filed under");
  assert_contains (lectern_article_get_plain_text (f), "and the lock gates.");
  /* A line of phrasing content among blocks is a line too, unless text goes on beside it. */
  assert_contains (lectern_article_get_plain_text (g), "The last sentence of the story ends here.");
  assert_not_contains (lectern_article_get_plain_text (g), "Published: 03.04.2020");
  assert_contains (lectern_article_get_plain_text (h), "Google (blog) said on Monday");
  /* A picture without words at the end is passed over, and kept. */
  assert_not_contains (lectern_article_get_plain_text (e), "See also");
  assert_contains (lectern_article_get_body_html (e), "hall.jpg");
}

static void
test_closing_notice (void)
{
  /* The publisher's copyright and a call to join its channel end the article; a story
   * that ends on a video posted to a channel keeps its last sentence.
   */
  const char *notice = LECTERN_TEST_ARTICLE_PAGE ("Notices",
    "<p>The harbour reopens in May, after two years of work on the quay and the lock "
    "gates.</p>"
    "<p>Did you know we have a Telegram channel? Join it from your phone with "
    "<a href=\"https://t.me/coast\">this invitation link</a>.</p>"
    "<p>\xc2\xa9 2022, Coast News. <em>This article is the copyrighted property of Coast News. "
    "Written permission must be obtained before it is reprinted online or in print. "
    "Reprinting it without permission or payment is theft.</em></p>");
  const char *video = LECTERN_TEST_ARTICLE_PAGE ("Videos",
    "<p>The harbour reopens in May, after two years of work on the quay and the lock "
    "gates.</p>"
    "<p>The mayor cut the ribbon and talked for an hour, and the whole speech went "
    "straight on <a href=\"/speech\">the town's YouTube channel</a>, where it was watched "
    "by almost nobody, and by every one of the mayor's many critics, who found in it what "
    "they had hoped to find, and said so at length.</p>");
  g_autoptr (LecternArticle) a = extract_page (notice, strlen (notice));
  g_autoptr (LecternArticle) b = extract_page (video, strlen (video));

  assert_contains (lectern_article_get_plain_text (a), "and the lock gates.");
  assert_not_contains (lectern_article_get_plain_text (a), "Telegram channel");
  assert_not_contains (lectern_article_get_plain_text (a), "copyrighted property");
  assert_contains (lectern_article_get_plain_text (b), "said so at length.");
}

/* A part of a story, boxed as a content system boxes it. */
#define MARKED_PART(text) \
  "<div><div class=\"paragraph\"><div class=\"paragraph-text\"><div><p>" text \
  "</p></div></div></div></div>"

static void
test_marked_body (void)
{
  /* Each paragraph of the story in a box of its own, as a content system builds it, in
   * the body the page marks: the best of them is one part, and the body is the article.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Pellets from leaves</title></head><body>"
    "<article><h1>Pellets from leaves</h1><div itemprop=\"articleBody\">"
    "<div><div class=\"paragraph\"><h2>Leaves for heat</h2>"
    "<div class=\"paragraph-text\"><div>"
    "<p>The town sweeps its streets every autumn, and the leaves, which cost money, time, "
    "and trucks to take away, could heat its houses, its school, and its hall instead.</p>"
    "<p>The engineer who runs the trial, a man of sixty, with a beard, a van, and a dog, "
    "says so, and the mayor, the council, and the baker, who tried it, agree with him.</p>"
    "<p>The leaves are dried, pressed, and cut, and the pellets burn, he says, as well as "
    "those of wood, with a little more ash, a little less heat, and no more smoke.</p>"
    "<p>The town, which has a river, a bridge, and a market, has tried this before, in 1952,"
    " with sawdust, straw, and peat, and gave up, he says, for want of a press.</p>"
    "</div></div></div></div>"
    "<div><div class=\"paragraph\"><h2>A press on its way</h2></div></div>"
    MARKED_PART ("A grant has been asked for and a press that makes a ton a day is on its "
                 "way from a maker in the south.")
    MARKED_PART ("The first stove in the town hall burnt them all winter with no trouble "
                 "at all in a warm office.")
    MARKED_PART ("Next year the school and the library will follow if the grant comes "
                 "through in the spring.")
    MARKED_PART ("Other towns in the valley have asked to see the press at work and one "
                 "has sent its leaves already.")
    MARKED_PART ("The engineer says the idea is old and only the price of gas has made it "
                 "new again this year.")
    MARKED_PART ("The press is painted green and it came with a manual in three languages "
                 "and a spare belt.")
    MARKED_PART ("The baker says his oven has never been so warm and his bread has never "
                 "risen so well.")
    MARKED_PART ("The leaves of one street heat one house for a month says the engineer "
                 "with some pride.")
    MARKED_PART ("Children bring leaves from their gardens in bags and the town pays them "
                 "in apples.")
    "</div></article>"
    "<div class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/a\">The ferry</a></li>"
    "<li><a href=\"/b\">The lighthouse</a></li></ul></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "The town sweeps its streets every autumn");
  assert_contains (text, "a maker in the south");
  assert_contains (text, "with no trouble at all");
  assert_contains (text, "only the price of gas");
  assert_not_contains (text, "Most read");
}

static void
test_formulas (void)
{
  /* MathML stays in the article: written as such, or in the hidden copy MathJax keeps
   * beside the glyphs it draws, in a container whose class says "menu". The drawn copy,
   * hidden from assistive technology, goes; so does nothing of the text around.
   */
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Formulas",
    "<p>When</p>"
    "<mjx-container class=\"MathJax CtxtMenu_Attached_0\" jax=\"CHTML\">"
    "<mjx-math aria-hidden=\"true\"><mjx-mi><mjx-c class=\"mjx-c1D44E\"></mjx-c></mjx-mi>"
    "</mjx-math><mjx-assistive-mml display=\"inline\"><math><mi>a</mi><mo>\xe2\x89\xa0</mo>"
    "<mn>0</mn></math></mjx-assistive-mml></mjx-container>"
    ", there are two solutions to the equation, and the reader, the student, and the "
    "teacher all want to see them written as they are.</p>"
    "<p>They are <math display=\"block\"><mi>x</mi><mo>=</mo><mfrac><mrow><mo>\xe2\x88\x92"
    "</mo><mi>b</mi></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math> in the simplest "
    "case, which every school book, in every country, and in every language, prints.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *html = lectern_article_get_body_html (article);

  assert_contains (html, "<math><mi>a</mi><mo>\xe2\x89\xa0</mo><mn>0</mn></math>");
  assert_contains (html, "<math display=\"block\"><mi>x</mi><mo>=</mo><mfrac>");
  assert_contains (html, "When");
  assert_not_contains (html, "mjx-");
}

/* One post of a forum thread, in the boxes forum software puts it in. */
#define THREAD_POST(user, text) \
  "<article class=\"message post\"><div class=\"cell user\">" user "</div>" \
  "<div class=\"cell main\"><div class=\"content\"><div class=\"attribution\">27 Sep 2018" \
  "</div><div class=\"body\"><div class=\"wrapper\">" text "</div></div></div></div>" \
  "</article>"

static void
test_thread (void)
{
  /* A forum thread: the posts, each a block of the same kind without a heading, are the
   * article, not the longest of them alone.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Crumbs on the cat's bed | A cat forum</title></head>"
    "<body><h1>Crumbs on the cat's bed</h1><div class=\"thread\">"
    THREAD_POST ("anna", "Every morning there are black crumbs on the cat's bed by the window, "
                 "though he looks clean in the evening. What could it be?")
    THREAD_POST ("ben", "<p>Mites in the ears, perhaps: one of our cats had them, and a black "
                 "dust came out of his ears for weeks, until the vet gave him drops, twice a "
                 "day, for a fortnight, and then, at last, it stopped.</p><p>He slept on his "
                 "bed again, without scratching, and we slept too, which we had not done for a "
                 "while, since he scratched all night, and the bed shook, and the dog barked, "
                 "and the neighbours, who are patient, and kind, began to ask.</p><p>So look in "
                 "his ears, with a torch, in good light, and if they are dark inside, and he "
                 "shakes his head, and scratches, ask the vet, who will know, and help.</p>")
    THREAD_POST ("cleo", "Ours brings in moss and grass from outside, but never crumbs.")
    THREAD_POST ("anna", "Thank you both: it was soil from the flower pot on the landing.")
    "</div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Every morning there are black crumbs");
  assert_contains (text, "Mites in the ears, perhaps");
  assert_contains (text, "it was soil from the flower pot");
}

static void
test_composed_text (void)
{
  /* Text written decomposed ("e" and a combining acute), or with a letter Unicode keeps
   * decomposed (Bengali YYA), is kept in its composed form, as search and comparison
   * expect; what was composed stays as it was.
   */
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Composed",
    "<p>The cafe\xcc\x81 by the harbour opened in May, after two years of work on the quay.</p>"
    "<p>\xe0\xa6\x95\xe0\xa7\x81\xe0\xa6\xb7\xe0\xa7\x8d\xe0\xa6\x9f\xe0\xa6\xbf"
    "\xe0\xa7\x9f\xe0\xa6\xbe is a district of Bangladesh, on the Padma.</p>"
    "<p>Na\xc3\xafve readers and \xe5\xad\x90\xe3\x81\xa9\xe3\x82\x82 are welcome.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  /* café, with U+00E9 */
  assert_contains (text, "The caf\xc3\xa9 by the harbour");
  assert_contains (html, "The caf\xc3\xa9 by the harbour");
  /* কুষ্টিয়া, with U+09AF U+09BC in place of U+09DF */
  assert_contains (text, "\xe0\xa6\xbf\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe is a district");
  assert_contains (text, "Na\xc3\xafve readers and \xe5\xad\x90\xe3\x81\xa9\xe3\x82\x82");
}

static void
test_teaser_cards (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Cards",
    "<figure><img src=\"/lead.jpg\" alt=\"\"><figcaption>The harbour at dawn</figcaption></figure>"
    "<div><h3>Related</h3>"
    "<div><a href=\"/a\"><img src=\"/a.jpg\" alt=\"\"></a><h4><a href=\"/a\">The ferry strike"
    " ends</a></h4><p>Boats run again from Monday.</p></div>"
    "<div><a href=\"/b\"><img src=\"/b.jpg\" alt=\"\"></a><h4><a href=\"/b\">A new fish"
    " market</a></h4><p>It opens in the old customs house.</p></div></div>"
    "<table><caption>Fish of the harbour</caption>"
    "<tr><td><img src=\"/cod.png\" alt=\"\"><a href=\"/cod\">Cod</a></td>"
    "<td>Caught in winter</td></tr><tr><td><img src=\"/eel.png\" alt=\"\">"
    "<a href=\"/eel\">Eel</a></td><td>Caught in autumn</td></tr></table>"
    "<ul><li><a href=\"/mac\"><img src=\"/mac.png\" alt=\"\">For Mac</a></li>"
    "<li><a href=\"/win\"><img src=\"/win.png\" alt=\"\">For Windows</a></li></ul>"
    "<blockquote><p>The harbour never sleeps, said the harbour master.</p></blockquote>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "The ferry strike ends");
  assert_not_contains (text, "It opens in the old customs house.");
  assert_not_contains (text, "Related");
  /* A figure, a table with linked pictures, a menu of downloads and a quote stay. */
  assert_contains (text, "The harbour at dawn");
  assert_contains (text, "Caught in autumn");
  assert_contains (text, "For Windows");
  assert_contains (text, "The harbour never sleeps");
}

static void
test_credit_lines (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Credits",
    "<figure><img src=\"/dawn.jpg\" alt=\"\"><figcaption>The harbour at dawn. © Jane Doe"
    "</figcaption></figure>"
    "<p>© Reuters / John Roe</p>"
    "<p>The fishermen come back at six, when the market opens.</p>"
    "<p><span>(© 2020 The Harbour Times)</span></p>"
    "<p>The sign © on a label says who owns the picture.</p>"
    "<p>The market closes at noon, and the boats go out again at night.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Reuters / John Roe");
  assert_not_contains (text, "The Harbour Times");
  /* A caption stays without its credit, and a sentence about the sign stays. */
  assert_contains (text, "The harbour at dawn.");
  assert_not_contains (text, "Jane Doe");
  assert_contains (text, "The sign © on a label says who owns the picture.");
}

static void
test_related_labels (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Labels",
    "<p>The ferry leaves every hour from six in the morning, and the last one at ten.</p>"
    "<h3>Schon gelesen?</h3>"
    "<h2>Mehr zum Thema</h2>"
    "<p>Lire aussi</p>"
    "<h3>相关链接</h3>"
    "<p>Lesen Sie auch, was der Hafenmeister über die neuen Fähren sagt: Sie sind leiser als"
    " die alten, und sie fahren mit Strom aus dem Wind der Küste.</p>"
    "<blockquote><p>Zum Weiterlesen empfehle ich die Chronik des Hafens.</p></blockquote>"
    "<p>The harbour master says the new boats are quieter than the old ones.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Schon gelesen?");
  assert_not_contains (text, "Mehr zum Thema");
  assert_not_contains (text, "Lire aussi");
  assert_not_contains (text, "相关链接");
  /* A sentence that starts with the words of a label, and a quote, stay. */
  assert_contains (text, "Lesen Sie auch, was der Hafenmeister");
  assert_contains (text, "Zum Weiterlesen empfehle ich");
  assert_contains (text, "quieter than the old ones");
}

static void
test_named_boxes (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Boxes",
    "<p class=\"entry-meta\">Posted on 3 May by Anna</p>"
    "<p>The ferry leaves every hour from six in the morning, and the last one at ten.</p>"
    "<div class=\"post-ratings\"><p>Rate this article</p><p>4.5/5 (12 votes)</p></div>"
    "<div class=\"author-box\"><img src=\"/anna.jpg\" alt=\"\"><p><a href=\"/anna\">Anna"
    " Berg</a> writes about harbours and boats for the paper since 2010.</p></div>"
    "<div class=\"paywall-pitch\"><p>Read on with a subscription.</p><p>1 EUR the first month</p></div>"
    "<blockquote class=\"author-quote\"><p>The sea gives and takes, said the harbour master.</p>"
    "</blockquote>"
    "<ul class=\"rating-scale\"><li>Good</li><li>Fair</li></ul>"
    "<p>The harbour master says the new boats are quieter than the old ones.</p>"
    "<div class=\"entry-utility\">This entry was posted in <a href=\"/c/harbour\">Harbour"
    "</a>. Bookmark the <a href=\"/boxes\">permalink</a>.</div>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Posted on 3 May");
  assert_not_contains (text, "This entry was posted in");
  assert_not_contains (text, "Rate this article");
  assert_not_contains (text, "writes about harbours");
  assert_not_contains (text, "Read on with a subscription");
  /* A quote stays, whatever its name. */
  assert_contains (text, "The sea gives and takes");
  assert_contains (text, "quieter than the old ones");
}

static void
test_meta_lines (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Meta",
    "<p>The ferry leaves every hour from six in the morning, and the last one at ten.</p>"
    "<p>发布时间：2025-03-19 09:32</p>"
    "<p>阅读 1234</p>"
    "<p>Aktualisiert am 12.03.2021</p>"
    "<p>阅读是一种习惯，港口的图书馆每天开放到晚上十点。</p>"
    "<table><tr><td>Updated: 2020</td><td>12 boats</td></tr>"
    "<tr><td>Updated: 2021</td><td>14 boats</td></tr></table>"
    "<p>The harbour master says the new boats are quieter than the old ones.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "发布时间");
  assert_not_contains (text, "1234");
  assert_not_contains (text, "Aktualisiert am");
  /* A sentence that starts with the same word, and a table's cells, stay. */
  assert_contains (text, "阅读是一种习惯");
  assert_contains (text, "14 boats");
  assert_contains (text, "quieter than the old ones");
}

static void
test_ad_labels (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Ads",
    "<p>The ferry leaves every hour from six in the morning, and the last one at ten.</p>"
    "<p>- Anzeige -</p>"
    "<figure><img src=\"/quay.jpg\" alt=\"\"><figcaption><div>Advertisement:</div>"
    "<div>The quay at dawn</div></figcaption></figure>"
    "<p>Ad blockers hide the boxes of the paper's partners.</p>"
    "<p>The harbour master says the new boats are quieter than the old ones.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Anzeige");
  assert_not_contains (text, "Advertisement");
  /* A caption's words, and a sentence about ads, stay. */
  assert_contains (text, "The quay at dawn");
  assert_contains (text, "Ad blockers hide");
  assert_contains (text, "quieter than the old ones");
}

static void
test_reader_calls (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Calls",
    "<p>The ferry leaves every hour from six in the morning, and the last one at ten.</p>"
    "<p>Kommentare schreiben</p>"
    "<p>展开全文</p>"
    "<h3>Zur Person</h3>"
    "<p>Subscribe now to our print edition for the full story.</p>"
    "<h4>Meistgelesene Artikel</h4>"
    "<blockquote><p>Share on the quay what you caught, the fishermen say.</p></blockquote>"
    "<p>Share one boat, and the harbour fee is halved for both owners.</p>"
    "<p>The harbour master says the new boats are quieter than the old ones.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Kommentare schreiben");
  assert_not_contains (text, "展开全文");
  assert_not_contains (text, "Zur Person");
  assert_not_contains (text, "Subscribe now");
  assert_not_contains (text, "Meistgelesene");
  /* A quote, and a sentence that only starts like a call, stay. */
  assert_contains (text, "Share on the quay what you caught");
  assert_contains (text, "Share one boat");
  assert_contains (text, "quieter than the old ones");
}

static void
test_breadcrumbs (void)
{
  const char *page =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Crumbs</title></head>"
    "<body><article><h1>Crumbs</h1>"
    "<ol><li><a href=\"/\">Home</a> &gt; </li><li><a href=\"/news\">News</a> &gt; </li>"
    "<li><a href=\"/news/harbour\">Harbour</a></li></ol>"
    LECTERN_TEST_PARAGRAPHS
    "<p><a href=\"/a\">Rye</a> / <a href=\"/b\">spelt</a> / <a href=\"/c\">oats</a></p>"
    "<p>The mill grinds rye, spelt and oats / in that order / every morning.</p>"
    "</article></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Home");
  /* Links parted by slashes further down, and a sentence with slashes, stay. */
  assert_contains (text, "Rye / spelt / oats");
  assert_contains (text, "in that order / every morning.");
}

static void
test_caption_credits (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Captions",
    "<figure><img src=\"/quay.jpg\" alt=\"\"><figcaption>The new quay in the morning."
    " Foto: dpa</figcaption></figure>"
    "<figure><img src=\"/boat.jpg\" alt=\"\"><figcaption>A ferry leaves the harbour"
    "<span class=\"credit\">Getty Images / Jane Doe</span></figcaption></figure>"
    "<figure><img src=\"/nets.jpg\" alt=\"\"><figcaption>Nets dry on the wall"
    " (Photo: John Roe)</figcaption></figure>"
    "<p>Bild: Harbour Office</p>"
    "<p>The photo: a picture of the old quay that hangs in the town hall since 1920.</p>"
    "<blockquote><p>We rebuilt it stone by stone, said the mayor.</p></blockquote>"
    "<ul><li>Stone from the hills</li><li>Wood from the north</li></ul>"
    "<table><tr><td>Length</td><td>120 m</td></tr><tr><td>Depth</td><td>8 m</td></tr></table>"
    "<p>The fishermen come back at six, when the market opens on the quay.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "dpa");
  assert_not_contains (text, "Getty Images");
  assert_not_contains (text, "John Roe");
  assert_not_contains (text, "Harbour Office");
  /* The captions' own words, and a sentence that only names a photo, stay. */
  assert_contains (text, "The new quay in the morning.");
  assert_contains (text, "A ferry leaves the harbour");
  assert_contains (text, "Nets dry on the wall");
  assert_contains (text, "The photo: a picture of the old quay");
  assert_contains (text, "We rebuilt it stone by stone");
  assert_contains (text, "Wood from the north");
  assert_contains (text, "120 m");
}

static void
test_headed_link_list (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Lists of links",
    "<h3>Related stories</h3>"
    "<ul><li><a href=\"/a\">The ferry strike ends</a></li>"
    "<li><a href=\"/b\">A new fish market opens</a></li></ul>"
    "<h3>Sources</h3>"
    "<ul><li><a href=\"/report\">The council's report</a>, page 12</li>"
    "<li><a href=\"/minutes\">The minutes of the vote</a>, in full</li></ul>"
    "<h3>Steps</h3>"
    "<ol><li>Buy a ticket at the quay</li><li>Board at the front</li></ol>"
    "<p>The ferry leaves every hour from six in the morning.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_not_contains (text, "Related stories");
  assert_not_contains (text, "The ferry strike ends");
  /* A list that says more than its links, and a list of plain items, stay. */
  assert_contains (text, "Sources");
  assert_contains (text, "The council's report, page 12");
  assert_contains (text, "Steps");
  assert_contains (text, "Board at the front");
}

/* A page whose article opens with @lines, before the test paragraphs. */
#define PAGE_OPENING_WITH(lines) \
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Openings</title></head>" \
  "<body><article><h1>Openings</h1>" lines LECTERN_TEST_PARAGRAPHS "</article></body></html>"

static void
test_leading_lines (void)
{
  const char *meta = PAGE_OPENING_WITH ("<p>Published: 04.05.2021</p><p>4 min read</p>");
  const char *greeting = PAGE_OPENING_WITH ("<p>Dear readers,</p>");
  const char *figure = PAGE_OPENING_WITH ("<figure><img src=\"/bridge.jpg\" alt=\"\">"
                                          "<figcaption>The old bridge</figcaption></figure>");
  const char *headed = PAGE_OPENING_WITH ("<p><img src=\"/logo.svg\" alt=\"\"></p>"
                                          "<h2>Eighteen child seats in the test</h2>"
                                          "<p>23.10.2018</p>");
  g_autoptr (LecternArticle) a = extract_page (meta, strlen (meta));
  g_autoptr (LecternArticle) b = extract_page (greeting, strlen (greeting));
  g_autoptr (LecternArticle) d = extract_page (headed, strlen (headed));
  g_autoptr (LecternArticle) c = extract_page (figure, strlen (figure));

  assert_not_contains (lectern_article_get_plain_text (a), "Published: 04.05.2021");
  assert_not_contains (lectern_article_get_plain_text (a), "4 min read");
  assert_contains (lectern_article_get_plain_text (a), "Reading later is a habit");
  /* A greeting and a lead figure's caption open the article. */
  assert_contains (lectern_article_get_plain_text (b), "Dear readers,");
  assert_contains (lectern_article_get_plain_text (c), "The old bridge");
  /* A logo and a heading before the date are passed over; the heading stays. */
  assert_not_contains (lectern_article_get_plain_text (d), "23.10.2018");
  assert_contains (lectern_article_get_plain_text (d), "Eighteen child seats in the test");
}

static void
test_recall_noscript_unclosed (void)
{
  /* The <div> in the fallback is never closed: a browser, with scripts on,
   * reads it as text; the article after it is the page.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Fallback</title></head><body>"
    "<noscript><div class=\"no-js\"></noscript>"
    "<div id=\"page\"><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"story\"><h1>Fallback</h1>" LECTERN_TEST_PARAGRAPHS "</div></div>"
    "<noscript></div></noscript><noscript><p>Turn on JavaScript for the comments.</p></noscript>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Turn on JavaScript");
}

static void
test_recall_noscript_article (void)
{
  /* The page writes its post with a script; the post is there only for
   * readers without scripts.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Written by a script</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"post\"><h1>Written by a script</h1><script>render ();</script>"
    "<noscript>" LECTERN_TEST_PARAGRAPHS "</noscript></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "render");
}

static void
test_recall_noscript_image (void)
{
  /* An image in a fallback still stands in for its lazy placeholder. */
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Pictures",
    "<figure><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"\">"
    "<noscript><img src=\"https://news.example/harbour.jpg\" alt=\"The harbour\"></noscript>"
    "<figcaption>The harbour at dawn.</figcaption></figure>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));

  assert_contains (lectern_article_get_body_html (article), "https://news.example/harbour.jpg");
}

static void
test_recall_aside_column (void)
{
  /* The page sets its whole content column in an <aside>; the short side
   * note inside it is still a side note.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Column</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<main><aside class=\"direct-content\"><section><h1>Column</h1>"
    LECTERN_TEST_PARAGRAPHS
    "<aside><p>Our newsletter, every morning.</p></aside></section></aside></main>"
    "<aside><p>The most read stories of the week, from every section of the site, "
    "chosen by the readers and updated every hour, day and night.</p></aside>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Our newsletter");
  assert_not_contains (text, "The most read stories");
}

static void
test_recall_sidebar_wrapper (void)
{
  /* The wrapper's class names its layout, with a sidebar; stripping it as a
   * sidebar would leave only the menus, which are links.
   */
  g_autoptr (GString) page = g_string_new (
    "<!DOCTYPE html><html><head><title>Layout</title></head><body><ul class=\"topics\">");

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (page, "<li><a href=\"/topic/%u\">A topic of the site, number %u</a></li>", i, i);
  g_string_append (page,
    "</ul><div class=\"wrapper layout-sidebar-right\"><div class=\"col-8\">"
    "<h1>Layout</h1>" LECTERN_TEST_PARAGRAPHS "</div></div></body></html>");

  {
    g_autoptr (LecternArticle) article = extract_page (page->str, page->len);
    const char *text = lectern_article_get_plain_text (article);

    assert_contains (text, "Reading later is a habit");
    assert_contains (text, "A third paragraph ends the piece");
    assert_not_contains (text, "A topic of the site");
  }
}

static void
test_recall_page_frame (void)
{
  /* The root and the wrapper are named for a layout with a banner and a
   * sidebar; the sidebar inside the wrapper is still a sidebar.
   */
  const char *page =
    "<!DOCTYPE html><html class=\"with-banner\"><head><title>Frame</title></head><body>"
    "<div class=\"layout has-sidebar\"><h1>Frame</h1><div class=\"story\">"
    LECTERN_TEST_PARAGRAPHS "</div><div class=\"story-end\"><p>The last paragraph, after the "
    "figure, says where the piece first ran, in which issue, and on which page of it.</p></div>"
    "<div class=\"sidebar\"><p>Subscribe to the weekly letter, which brings the best of the "
    "site, its essays, its interviews, its reviews, and its long reads, to your inbox, every "
    "Friday, for free, and which you can leave at any time, with one click, no questions.</p>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_contains (text, "The last paragraph, after the figure");
  assert_not_contains (text, "Subscribe to the weekly letter");
}

static void
test_recall_hidden_label (void)
{
  /* Content systems mark a field whose label is hidden, and grids a block
   * hidden on small screens only; the text of both is shown. A block that
   * is hidden is not.
   */
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Fields",
    "<div class=\"field field--name-field-notes field--label-hidden\">"
    "<p>The field holds the rest of the story, which the page shows in full.</p>"
    "<p>Only the label of the field is hidden, not its text.</p>"
    "<div class=\"summary hidden-xs\"><p>A summary shown on wide screens.</p>"
    "<p>It gives the points of the story in a few short words.</p></div>"
    "<div class=\"is-hidden\"><p>The text of a panel</p>"
    "<p>It is hidden until it is opened</p></div></div>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "The field holds the rest of the story");
  assert_contains (text, "A summary shown on wide screens");
  assert_not_contains (text, "hidden until it is opened");
}

static void
test_recall_table_in_article (void)
{
  /* The table of signatories, one long cell full of commas, outscores each
   * paragraph of the letter; it is still only a part of it.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Letter</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/letters\">Letters</a></nav>"
    "<div class=\"letter\"><h1>Letter</h1>" LECTERN_TEST_PARAGRAPHS
    "<table><tbody><tr><td>Signed by "
    "Ann Archer, Bob Baker, Cleo Carter, Dan Dyer, Eve Ellis, Finn Fisher, "
    "Gus Gray, Hana Hunt, Ida Irving, Jon Jones, Kim Archer, Lea Baker, Max "
    "Carter, Nia Dyer, Otto Ellis, Pia Fisher, Quin Gray, Rosa Hunt, Sam "
    "Irving, Tea Jones, Ann Archer, Bob Baker, Cleo Carter, Dan Dyer, Eve "
    "Ellis, Finn Fisher, Gus Gray, Hana Hunt, Ida Irving, Jon Jones, Kim "
    "Archer, Lea Baker, Max Carter, Nia Dyer, Otto Ellis, Pia Fisher, Quin "
    "Gray, Rosa Hunt, Sam Irving, Tea Jones"
    ".</td></tr><tr><td>And by many others.</td></tr></tbody></table></div>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_contains (text, "Signed by Ann Archer, Bob Baker");
  assert_contains (text, "And by many others.");
}

static void
test_recall_lead (void)
{
  /* The lead sits in the story's header, before its body; a byline between
   * them is stepped over. The box before an <article> is the site's.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"story\"><header class=\"intro\"><h1>The harbour</h1>"
    "<p class=\"deck\">The town will keep its ferry for another ten years, after a vote that "
    "filled the hall</p></header><div class=\"byline\">By Ann Archer</div>"
    "<div class=\"story-body\">" LECTERN_TEST_PARAGRAPHS "</div></div>"
    "</body></html>";
  const char *other =
    "<!DOCTYPE html><html><head><title>The lighthouse</title></head><body>"
    "<div class=\"about\"><p>We are a small newsroom that writes about the coast and its "
    "towns and we publish every weekday</p><p>Write to us</p></div>"
    "<article><h1>The lighthouse</h1>" LECTERN_TEST_PARAGRAPHS "</article>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  g_autoptr (LecternArticle) other_article = extract_page (other, strlen (other));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "The town will keep its ferry for another ten years");
  assert_contains (text, "Reading later is a habit");
  assert_not_contains (text, "By Ann Archer");

  text = lectern_article_get_plain_text (other_article);
  assert_contains (text, "Reading later is a habit");
  assert_not_contains (text, "We are a small newsroom");
}

static void
test_titled_article (void)
{
  /* An endless scroll: the story the page is titled for comes first, the next one is
   * longer. The page is about the first, whose headline sits in a header the walk
   * removes. With one <article> on the page, the longest text still wins.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Daily Coast | The harbour keeps its ferry</title>"
    "</head><body><main>"
    "<article id=\"story-0\"><header><h1>The harbour keeps its ferry</h1></header>"
    "<div class=\"text\">" LECTERN_TEST_PARAGRAPHS "</div></article>"
    "<article id=\"story-1\"><header><h1>The lighthouse gets a new lamp</h1></header>"
    "<div class=\"text\"><p>The lamp of the lighthouse was replaced on Monday, after a "
    "storm broke the old one, and the keepers, the council, and the coastguard agreed "
    "that the new lamp, brighter and cheaper, should stay.</p>"
    "<p>The lamp came by boat, in a crate, with two engineers, a crane, and a manual, "
    "and it took them three days, two nights, and a great deal of tea to fit it.</p>"
    "<p>The keepers say the light now reaches the far side of the bay, where the "
    "fishing boats wait, and the council says the bill was lower than feared.</p>"
    "<p>A fourth paragraph makes this story longer than the first one, with more words, "
    "more commas, and more sentences, so that it would win on its length alone.</p>"
    "</div></article></main></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_not_contains (text, "The lamp of the lighthouse was replaced");
}

static void
test_short_post (void)
{
  /* A post of three short lines: the comment form after it and the notice about cookies
   * have more words and commas, but the post is what the page is titled for.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Nothing to do | A small blog</title></head><body>"
    "<div id=\"content\"><div class=\"post\"><h2 class=\"posttitle\">Nothing to do</h2>"
    "<p class=\"meta\">14 June 2013</p>"
    "<p>I know I am tired and should perhaps not say this now.</p>"
    "<p>Then do not say it.</p><p>Fine.</p></div>"
    "<div id=\"respond\" class=\"comment-respond\"><h3>Leave a comment</h3>"
    "<form action=\"/comment\"><p>Write your comment here, then give your name, your e-mail "
    "address, which is never shown, and your website, if you have one, or sign in with an "
    "account you already have, and choose whether to hear of new comments by e-mail.</p>"
    "<textarea name=\"comment\"></textarea><input name=\"author\"><input name=\"email\">"
    "<p>Your e-mail address, your name, and your comment are kept for as long as the post "
    "is online, and you can ask for them to be removed at any time, by writing to us.</p>"
    "<p>Comments are read by a person before they appear, which may take a day or two, "
    "and comments that insult, advertise, or repeat themselves are not published.</p>"
    "<p>Be kind, be brief, and stay on the subject of the post, please, so that the "
    "conversation stays worth reading for everyone who comes here later.</p>"
    "</form></div></div>"
    "<div id=\"sidebar\"><h3>Archive</h3><ul>"
    "<li><a href=\"/2013/06\">June 2013, seven posts about the long evenings</a></li>"
    "<li><a href=\"/2013/05\">May 2013, four posts about the garden and the rain</a></li>"
    "<li><a href=\"/2013/04\">April 2013, nine posts about a journey by train</a></li>"
    "<li><a href=\"/2013/03\">March 2013, two posts about nothing in particular</a></li>"
    "<li><a href=\"/2013/02\">February 2013, five posts about the cold and the snow</a></li>"
    "<li><a href=\"/2013/01\">January 2013, three posts about plans for the year</a></li>"
    "</ul><h3>Categories</h3><ul><li><a href=\"/c/days\">Days and nights</a></li>"
    "<li><a href=\"/c/said\">Things said in between</a></li>"
    "<li><a href=\"/c/trains\">Trains, stations and timetables</a></li></ul>"
    "<h3>Read elsewhere</h3><ul>"
    "<li><a href=\"https://example.org/bread\">A blog about bread, baked every Sunday</a></li>"
    "<li><a href=\"https://example.org/garden\">A garden in the north, and its slow spring</a></li>"
    "<li><a href=\"https://example.org/trains\">Timetables of trains that no longer run</a></li>"
    "<li><a href=\"https://example.org/nothing\">A blog about nothing, updated rarely</a></li>"
    "<li><a href=\"https://example.org/letters\">Letters from a town by the sea</a></li>"
    "<li><a href=\"https://example.org/walks\">Walks along the river, with maps</a></li>"
    "</ul></div>"
    "<div id=\"eu-cookie-law\" class=\"widget_eu_cookie_law_widget\"><p>Privacy and cookies: "
    "this site uses cookies, and by using it, you agree to their use, as explained, with "
    "ways to control them, in our cookie policy.</p><form><input type=\"submit\" "
    "value=\"Close and accept\"></form></div>"
    "</body></html>";
  const char *wrapped =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<form id=\"page\" action=\"/page\"><div class=\"nav\"><a href=\"/\">Home</a></div>"
    "<div class=\"story\"><h1>The harbour</h1>" LECTERN_TEST_PARAGRAPHS "</div>"
    "<input type=\"hidden\" name=\"state\"></form></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  g_autoptr (LecternArticle) wrapped_article = extract_page (wrapped, strlen (wrapped));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "I know I am tired");
  assert_contains (text, "Then do not say it.");
  assert_not_contains (text, "Write your comment here");
  assert_not_contains (text, "this site uses cookies");

  /* A page wrapped whole in one form is no form to leave. */
  assert_contains (lectern_article_get_plain_text (wrapped_article), "Reading later is a habit");
}

static void
test_pop_up (void)
{
  /* A box the page shows over itself, opening with its own close control, holds more
   * text than a description written with line breaks; the description is the page. A
   * block that holds the headline stays, whatever its first child.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Rioja</title></head><body>"
    "<div class=\"container\"><h1>Rioja</h1><div class=\"description\">"
    "The region lies in the north of Spain, along the middle of the Ebro.<br><br>"
    "It has three parts, Alta, Alavesa and Oriental, each with its own weather.<br><br>"
    "Four red grapes and three white ones may be grown, Tempranillo first.</div></div>"
    "<div id=\"shipping\"><div class=\"close\">Close [X]</div><h3>Delivery</h3>"
    "<p>We deliver by parcel service, free of charge within the country above a value of "
    "sixty euros, and below that for a fee of eight euros, whatever the weight.</p>"
    "<p>We may deliver in parts, at no extra cost to you, and when you wish it, each part "
    "is treated as an order of its own, with its own invoice and its own fee.</p>"
    "<p>Large orders go by freight, cash on delivery costs more, and orders within the "
    "city are brought by a courier of our choice, or by the parcel service.</p>"
    "<p>To collect your order from our shop, please tell us beforehand, so that the wine is "
    "ready, and you do not have to wait, on weekdays, or on Saturday mornings.</p></div>"
    "<div class=\"shop\"><p>Iberian wines in the city, a family business since 1998, with "
    "wines, cheese, ham and oil from Spain and Portugal, sherry and port, red wines of "
    "every kind, white wines from Galicia, and a shop near the station.</p>"
    "<p>Open Monday to Friday from noon to seven, and on Saturday from ten to three; call "
    "us in those hours for advice, or write to us at any time, and we answer the same "
    "day, or the next morning at the latest, in English, Spanish or Portuguese.</p></div>"
    "</body></html>";
  const char *closable =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"story\"><a class=\"close\" href=\"/\">Back to the list</a>"
    "<h1>The harbour</h1>" LECTERN_TEST_PARAGRAPHS "</div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  g_autoptr (LecternArticle) closable_article = extract_page (closable, strlen (closable));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "The region lies in the north of Spain");
  assert_contains (text, "Four red grapes and three white ones");
  assert_not_contains (text, "We deliver by parcel service");
  assert_contains (lectern_article_get_plain_text (closable_article),
                   "Reading later is a habit");
}

static void
test_short_post_comments (void)
{
  /* A post of a few lines in a wrapper that holds its comments: with the rules that
   * remove comments off, the wrapper has the most text, but the post is the article.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Keep the water clean | A sailing blog</title>"
    "</head><body><div class=\"wrapper post hentry\">"
    "<header><h1>Keep the water clean</h1></header><article class=\"section-text\">"
    "<p>Once more something about water: the poster contest for children takes place for "
    "the sixth time this year, and children between six and twelve are invited.</p>"
    "<p>Design a poster with the motto, think about it, and send your message to the "
    "people of the city and their visitors by the third of April.</p></article>"
    "<div id=\"comments\" class=\"comments-area\"><h3>Three comments</h3><ol>"
    "<li class=\"comment\"><p>What a lovely idea, my daughter, who is eight, has started "
    "drawing already, with fish, boats, and a very large sun over the lake.</p></li>"
    "<li class=\"comment\"><p>We did this last year, and the posters hung in the harbour "
    "office all summer, which the children, and their parents, loved to see.</p></li>"
    "<li class=\"comment\"><p>Is there a prize, and may a class send one poster together, "
    "or must each child send one of their own, with their name on the back?</p></li>"
    "<li class=\"comment\"><p>The water in our lake has been cleaner for years, thanks to "
    "the work of many, and a contest like this, for the young, keeps it so.</p></li>"
    "</ol></div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "the poster contest for children");
  assert_contains (text, "by the third of April");
  assert_not_contains (text, "What a lovely idea");
}

static void
test_cookie_notice (void)
{
  /* A notice about cookies inside the story's frame goes; a story about cookies stays. */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"story\"><h1>The harbour</h1>" LECTERN_TEST_PARAGRAPHS
    "<div class=\"cookie-notice\"><p>This site uses cookies, to count visits and remember "
    "choices, and by reading on, you agree to their use, as our policy explains.</p>"
    "<a href=\"/accept\">Accept</a></div></div></body></html>";
  const char *recipe =
    "<!DOCTYPE html><html><head><title>Oat cookies</title></head><body>"
    "<div class=\"cookie-recipe\"><h1>Oat cookies</h1>" LECTERN_TEST_PARAGRAPHS
    "</div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  g_autoptr (LecternArticle) recipe_article = extract_page (recipe, strlen (recipe));

  assert_contains (lectern_article_get_plain_text (article), "Reading later is a habit");
  assert_not_contains (lectern_article_get_plain_text (article), "This site uses cookies");
  assert_contains (lectern_article_get_plain_text (recipe_article), "Reading later is a habit");
}

static void
test_template (void)
{
  /* What a <template> holds is never shown, however much text it has. */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<template id=\"next\"><div class=\"story\"><h1>The next story</h1><p>Loaded later by a "
    "script, this story is longer, with many words, commas, and sentences, so that it "
    "would win, if it were read, over the story that the page shows.</p><p>It goes on, "
    "and on, with more words, more commas, and more sentences, for a while, too.</p>"
    "<p>And it ends, at last, with a third paragraph, as long as the others.</p></div>"
    "</template>"
    "<div class=\"story\"><h1>The harbour</h1>" LECTERN_TEST_PARAGRAPHS "</div>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_not_contains (text, "Loaded later by a script");
}

static void
test_json_ld_body (void)
{
  /* The page shows a teaser, the rest behind a paywall; its JSON-LD gives the article
   * whole, once as text and once as markup. The standfirst, which the JSON-LD lacks, stays
   * first; the markup is read as text, and its script never comes along.
   */
  const char *plain =
    "<!DOCTYPE html><html><head><title>The harbour</title>"
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": "
    "\"The harbour\", \"articleBody\": \"The council met on Monday, in the old hall, to "
    "decide the future of the ferry, which has crossed the estuary since 1921.\\nAfter "
    "three hours, and many speeches, the vote was clear: the ferry stays, for another ten "
    "years at least, and the bus that was to replace it will not run.\\nThe ferry's crew, "
    "who had waited outside, in the rain, with their families, cheered when they heard, "
    "and the captain said the boat would sail the next morning, as it always has, at "
    "seven.\\nThe money for repairs will come from the town, the county, and a fund that "
    "the schoolchildren began, with a cake sale, two winters ago.\"}</script>"
    "</head><body><div class=\"story\"><h1>The harbour</h1>"
    "<p class=\"standfirst\">A vote that filled the hall keeps the town's ferry afloat.</p>"
    "<p>The council met on Monday, in the old hall, to decide the future of the ferry, "
    "which has crossed the estuary since 1921.</p>"
    "<div class=\"paywall\"><p>Subscribe to read on.</p></div></div></body></html>";
  const char *markup =
    "<!DOCTYPE html><html><head><title>The harbour</title>"
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": "
    "\"The harbour\", \"articleBody\": \"<p>The council met on Monday, in the old hall, to "
    "decide the future of the ferry, which has crossed the estuary since 1921.</p><p>After "
    "three hours, and many speeches, the vote was clear: the ferry stays, for another ten "
    "years at least, and the bus that was to replace it will not run.</p><script>alert(1)"
    "<\\/script><p>The ferry's crew, who had waited outside, in the rain, with their "
    "families, cheered when they heard, and the captain said the boat would sail the next "
    "morning, as it always has, at seven.</p>\"}</script>"
    "</head><body><div class=\"story\"><h1>The harbour</h1>"
    "<p>The council met on Monday, in the old hall, to decide the future of the ferry, "
    "which has crossed the estuary since 1921.</p></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (plain, strlen (plain));
  g_autoptr (LecternArticle) markup_article = extract_page (markup, strlen (markup));
  const char *text = lectern_article_get_plain_text (article);
  const char *standfirst = strstr (text, "A vote that filled the hall");
  const char *body = strstr (text, "The council met on Monday");

  g_assert_nonnull (standfirst);
  g_assert_nonnull (body);
  g_assert_true (standfirst < body);
  g_assert_null (strstr (body + 1, "The council met on Monday"));
  assert_contains (text, "the captain said the boat would sail the next morning");
  assert_contains (text, "a cake sale, two winters ago.");

  text = lectern_article_get_plain_text (markup_article);
  assert_contains (text, "After three hours, and many speeches");
  assert_not_contains (text, "<p>");
  assert_not_contains (text, "alert");
  assert_not_contains (lectern_article_get_body_html (markup_article), "<script");
}

static void
test_named_lead (void)
{
  /* The lead sits in the story's header, which goes with the page's headers; its name
   * says what it is. A summary box further down is no lead.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<article class=\"story\"><header class=\"story-header\"><span class=\"kicker\">Town"
    "</span><h1>The harbour</h1><p class=\"story-intro\">The town keeps its ferry for "
    "another ten years, after a vote that filled the old hall.</p>"
    "<p class=\"byline\">By Ann Archer</p></header>"
    "<div class=\"story-body\">" LECTERN_TEST_PARAGRAPHS
    "<p>One more paragraph, about the vote, the hall, and the rain outside, keeps the "
    "story long enough to stand on its own, without its header.</p>"
    "<div class=\"summary-box\"><p>In short: a ferry, a vote, and a town that said no to "
    "a bus, by three votes to one.</p></div></div></article></body></html>";
  const char *blog =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<main><header class=\"site-header\"><p class=\"site-intro\">Welcome to a small blog "
    "about the coast and its towns and boats that is written on weekends.</p></header>"
    "<article><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "</div></article></main></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  g_autoptr (LecternArticle) blog_article = extract_page (blog, strlen (blog));
  const char *text = lectern_article_get_plain_text (article);
  const char *lead = strstr (text, "The town keeps its ferry for another ten years");
  const char *body = strstr (text, "Reading later is a habit");

  g_assert_nonnull (lead);
  g_assert_nonnull (body);
  g_assert_true (lead < body);
  g_assert_null (strstr (lead + 1, "The town keeps its ferry for another ten years"));
  assert_not_contains (text, "By Ann Archer");

  /* The blog's own introduction, in the <main> around the story's <article>, is not the
   * story's lead.
   */
  text = lectern_article_get_plain_text (blog_article);
  assert_contains (text, "Reading later is a habit");
  assert_not_contains (text, "Welcome to a small blog");
}

static void
test_named_lead_indented (void)
{
  /* A header laid out with deep indentation: what stands before the lead is a few words,
   * however many spaces the markup has.
   */
  g_autoptr (GString) page = g_string_new ("<!DOCTYPE html><html><head><title>The harbour"
                                           "</title></head><body><article><header>");
  g_autoptr (LecternArticle) article = NULL;
  const char *text;

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (page, "\n%*s<div class=\"header-part\">", 4 * i + 4, "");
  g_string_append (page, "\n                                                <h1>The harbour</h1>"
                         "\n                                                <p class=\"lead\">"
                         "The town keeps its ferry for another ten years, after a vote that "
                         "filled the old hall.</p>");
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (page, "\n%*s</div>", 48 - 4 * i, "");
  g_string_append (page, "</header><div class=\"story-body\">" LECTERN_TEST_PARAGRAPHS
                         "</div></article></body></html>");
  article = extract_page (page->str, page->len);
  text = lectern_article_get_plain_text (article);

  assert_contains (text, "The town keeps its ferry for another ten years");
  assert_contains (text, "Reading later is a habit");
}

static void
test_ruby_text (void)
{
  /* Readings over the text stay in the article for the reader, and out of its plain
   * text, which reads and is searched as the sentence is written.
   */
  const char *page =
    "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>法律</title></head>"
    "<body><article><h1>法律</h1>"
    "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>（</rp><rt>ぎゃくたい</rt><rp>）</rp></ruby>"
    "をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が"
    "<ruby>子<rt>こ</rt></ruby>どもを<ruby>教育<rt>きょういく</rt></ruby>するために、"
    "たたいたり<ruby>蹴<rt>け</rt></ruby>ったりする<ruby>体罰<rt>たいばつ</rt></ruby>を"
    "<ruby>禁止<rt>きんし</rt></ruby>することになりました。</p>" LECTERN_TEST_PARAGRAPHS
    "</article></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "子どもへの虐待をなくすための法律ができて、親が子どもを教育するために、");
  assert_not_contains (text, "ぎゃくたい");
  assert_contains (lectern_article_get_body_html (article), "<rt>ぎゃくたい</rt>");
}

static void
test_recall_author_box (void)
{
  /* The author's box after the story has more commas than the story: it is
   * still about the author.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "</div><div class=\"author-description\"><p>Ann Archer writes about boats, harbours, "
    "ferries, tides, lighthouses, fishing, weather, and the sea, for papers, magazines, "
    "radio, and television, in English, French, and Breton, from her home in Brest, where "
    "she lives with a cat, a dog, two children, and a boat.</p><p>She has written six "
    "books, on tides, on wrecks, on ferries, on lights, on storms, and on gulls.</p></div></div>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Ann Archer writes about boats");
}

static void
test_publisher_notice (void)
{
  /* The publisher's notice after the story, on ads and the terms of reuse,
   * is no part of it, however many sentences it has.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "</div><div class=\"editorial-disclaimer\"><p>*</p><p>The advertising disclaimer: the views "
    "expressed here are the author's own and not those of any advertiser of this site.</p></div></div>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "advertising disclaimer");
}

static void
test_disclosure_paragraph (void)
{
  /* A paragraph named a disclosure, inside the story's own block, says
   * what the links earn, not what the story says.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<p class=\"affiliate-disclosure\">We may earn a commission, at no cost to you, when you "
    "buy something through the links in this article, which helps us pay for the site.</p>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "We may earn a commission");
}

static void
test_affiliate_box (void)
{
  /* A shop's box inside the story, named for its affiliate links, sells;
   * it does not tell.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<div class=\"article-affiliate\"><p>Harbour boots, waterproof and warm</p>"
    "<p>Buy them now for 89 euros at the shop that pays us for the link.</p></div>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Harbour boots");
}

static void
test_newsletter_line (void)
{
  /* A line inside the story named for the newsletter it offers is a call,
   * not a sentence of the story.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<p class=\"newsletter-promo\">Get the harbour news in your inbox every morning, for free: "
    "sign up for our daily newsletter today.</p>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "in your inbox");
}

static void
test_news_letter_line (void)
{
  /* The same call, in a class that spells it in two words. */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<div class=\"news-letter-section\"><p>*</p><p>Get the harbour news in your inbox every "
    "morning, for free: sign up for our daily newsletter today.</p></div>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "in your inbox");
}

static void
test_consent_blocker (void)
{
  /* The stand-in for a map or a video that loads only once the reader
   * consents asks for a click; the embed is not there to keep.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<div class=\"cookie-content-blocker\"><p>Click the button below to load the map of "
    "the harbour. Its provider's privacy policy applies.</p><p><a href=\"#\">Load</a></p></div>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Click the button below");
}

static void
test_long_call (void)
{
  /* A call to the reader a sentence or two long, at the end of the story,
   * goes like a short one; a paragraph of the story that only mentions
   * the newsletter stays.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<p>The harbour master said the ferry would sign up to the new timetable in spring.</p>"
    "<p>If you enjoyed this story about the harbour, the ferry and the town, please share it "
    "with your friends and tell us what you would like to read about next week.</p>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "The harbour master said");
  assert_not_contains (text, "If you enjoyed");
}

static void
test_rights_notice (void)
{
  /* The publisher's notice of its rights after the story, a sentence or
   * two long, is not the story.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>The harbour</title></head><body>"
    "<div class=\"post\"><h1>The harbour</h1><div class=\"entry\">" LECTERN_TEST_PARAGRAPHS
    "<p>Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone. Dalsze "
    "rozpowszechnianie artykułu tylko za zgodą wydawcy.</p>"
    "</div></div></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_not_contains (text, "Materiał chroniony");
}

static void
test_recall_boxed_table (void)
{
  /* A table of long entries in a box inside the story outscores each of
   * its paragraphs, row by row; the story is still the article.
   */
  const char *page =
    "<!DOCTYPE html><html><head><title>Glossary</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"story\"><h1>Glossary</h1>" LECTERN_TEST_PARAGRAPHS
    "<div class=\"box\"><div class=\"box-inner\"><table><tbody><tr>"
    "<td>The ferry, the harbour, the quay, the nets, the gulls, the tides, the pier, the lights, "
    "the buoys, the ropes, the sails, the oars, the winds, the rocks, the boats, the crews, "
    "the storms, the maps, the bells, the flags, the lamps, the nets, the docks, the cranes, "
    "the locks, the sluices, the dunes, the reefs, the bays, the coves, the capes, the isles, "
    "the shoals, the straits, and the sounds, in the town's own words</td>"
    "<td>The ferry, the harbour, the quay, the nets, the gulls, the tides, the pier, the lights, "
    "the buoys, the ropes, the sails, the oars, the winds, the rocks, the boats, the crews, "
    "the storms, the maps, the bells, the flags, the lamps, the nets, the docks, the cranes, "
    "the locks, the sluices, the dunes, the reefs, the bays, the coves, the capes, the isles, "
    "the shoals, the straits, and the sounds, in the town's own words</td>"
    "</tr><tr>"
    "<td>The ferry, the harbour, the quay, the nets, the gulls, the tides, the pier, the lights, "
    "the buoys, the ropes, the sails, the oars, the winds, the rocks, the boats, the crews, "
    "the storms, the maps, the bells, the flags, the lamps, the nets, the docks, the cranes, "
    "the locks, the sluices, the dunes, the reefs, the bays, the coves, the capes, the isles, "
    "the shoals, the straits, and the sounds, in the town's own words</td>"
    "<td>The ferry, the harbour, the quay, the nets, the gulls, the tides, the pier, the lights, "
    "the buoys, the ropes, the sails, the oars, the winds, the rocks, the boats, the crews, "
    "the storms, the maps, the bells, the flags, the lamps, the nets, the docks, the cranes, "
    "the locks, the sluices, the dunes, the reefs, the bays, the coves, the capes, the isles, "
    "the shoals, the straits, and the sounds, in the town's own words</td>"
    "</tr></tbody></table></div></div></div>"
    "</body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);

  assert_contains (text, "Reading later is a habit");
  assert_contains (text, "A third paragraph ends the piece");
  assert_contains (text, "in the town's own words");
}

static void
test_hostile_embed (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Plugins",
    "<embed src=\"https://evil.example/movie.swf\" type=\"application/x-shockwave-flash\">"
    "<p>Text after a plugin is still part of the article.</p>"
    "<p>So is the sentence with <embed src=\"https://evil.example/a.swf\"> an inline plugin"
    " in its middle.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  assert_contains (text, "Text after a plugin is still part of the article.");
  assert_contains (text, "an inline plugin in its middle.");
  assert_not_contains (html, "embed");
  assert_not_contains (html, "evil.example");
}

static void
test_hostile_unclosed_svg (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Drawings",
    "<p>A chart follows.</p>"
    "<svg viewBox=\"0 0 10 10\"><circle r=\"4\" onclick=\"alert(1)\">"
    "<animate attributeName=\"href\" to=\"javascript:alert(2)\"/><script>alert(3)</script>"
    "<p>Text after an unclosed drawing is still part of the article.</p>"
    "<ul><li>So is this item of a list.</li></ul>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  assert_contains (text, "Text after an unclosed drawing is still part of the article.");
  assert_contains (text, "So is this item of a list.");
  assert_not_contains (html, "svg");
  assert_not_contains (html, "circle");
  assert_not_contains (html, "animate");
  assert_not_contains (html, "alert");
}

static void
test_hostile_unclosed_math (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Formulas",
    "<p>A formula follows.</p>"
    "<math><mi>x</mi><mo>=</mo><mn>2</mn><maction actiontype=\"statusline\">"
    "<p>Text after an unclosed formula is still part of the article.</p>"
    "<p>So is the paragraph after it.</p>");
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
  const char *text = lectern_article_get_plain_text (article);
  const char *html = lectern_article_get_body_html (article);

  assert_contains (text, "Text after an unclosed formula is still part of the article.");
  assert_contains (text, "So is the paragraph after it.");
  /* The formula ends where a browser ends it, and its action goes. */
  assert_contains (html, "<math><mi>x</mi><mo>=</mo><mn>2</mn></math><p>Text after");
  assert_not_contains (html, "maction");
  assert_not_contains (html, "statusline");
}

static char *
deep_page (const char *open,
           const char *close,
           guint       depth)
{
  g_autoptr (GString) extra = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (extra, open);
  g_string_append (extra, "<p>Text a thousand levels deep is still part of the article.</p>");
  for (guint i = 0; close && i < depth; i++)
    g_string_append (extra, close);
  g_string_append (extra, "<p>Text after the deep part is still part of the article.</p>");

  return g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("Deep", "%s"), extra->str);
}

static void
test_hostile_deep_nesting (void)
{
  const struct {
    const char *open;
    const char *close;
  } shapes[] = {
    { "<div>", "</div>" },
    { "<div>", NULL },
    { "<span><b>", "</b></span>" },
    { "<font>", NULL },
    { "<section><div class=\"x\">", "</div></section>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++) {
    g_autofree char *page = deep_page (shapes[i].open, shapes[i].close, 1000);
    g_autoptr (LecternArticle) article = extract_page (page, strlen (page));
    const char *text = lectern_article_get_plain_text (article);

    g_test_message ("%s … %s", shapes[i].open, shapes[i].close);
    assert_contains (text, "Text a thousand levels deep is still part of the article.");
    assert_contains (text, "Text after the deep part is still part of the article.");
  }
}

static void
test_hostile_many_attributes (void)
{
  const guint counts[] = { 80000, 1000000 };

  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++) {
    g_autoptr (GString) extra = g_string_new ("<p");
    g_autofree char *page = NULL;
    g_autoptr (LecternArticle) article = NULL;
    const char *text;

    for (guint j = 0; j < counts[i]; j++)
      g_string_append_printf (extra, " a%u=\"%u\"", j, j);
    g_string_append (extra, " onclick=\"alert(1)\">Text after an element with very many attributes"
                            " is still part of the article.</p>");
    page = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("Attributes", "%s"), extra->str);

    article = extract_page (page, strlen (page));
    text = lectern_article_get_plain_text (article);
    assert_contains (text, "Text after an element with very many attributes is still part");
    assert_not_contains (lectern_article_get_body_html (article), "alert");
  }
}

/* What the article gives the rest of Lectern to open or fetch is http(s), and a <base>
 * that is not does not take the page's relative URLs with it.
 */
static void
test_hostile_metadata_urls (void)
{
  const char *page =
    "<!DOCTYPE html><html><head><title>Addresses</title>"
    "<base href=\"javascript:alert(1)//\">"
    "<link rel=\"canonical\" href=\"javascript:alert(2)\">"
    "<meta property=\"og:image\" content=\"file:///etc/passwd\">"
    "</head><body><article><h1>Addresses</h1>" LECTERN_TEST_PARAGRAPHS
    "<p><img src=\"javascript:alert(3)\" alt=\"a\"><img src=\"images/b.png\" alt=\"b\"></p>"
    "</article></body></html>";
  g_autoptr (LecternArticle) article = extract_page (page, strlen (page));

  g_assert_cmpstr (lectern_article_get_canonical_url (article), ==, "https://news.example/story");
  g_assert_cmpstr (lectern_article_get_lead_image (article), ==,
                   "https://news.example/images/b.png");
  assert_contains (lectern_article_get_body_html (article),
                   "<img src=\"https://news.example/images/b.png\" alt=\"b\">");
  assert_not_contains (lectern_article_get_body_html (article), "alert");
}

/* The saver parses the body again with libxml2, which does not know <wbr> is void. */
static void
test_hostile_void_end_tags (void)
{
  g_autoptr (GString) extra = g_string_new ("<p>");
  g_autofree char *page = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (LecternXmlString) text = NULL;
  const char *html;

  for (guint i = 0; i < 400; i++)
    g_string_append (extra, "long<wbr>word");
  g_string_append (extra, "</p><p>Text after the word breaks is still part of the article.</p>");
  page = g_strdup_printf (LECTERN_TEST_ARTICLE_PAGE ("Breaks", "%s"), extra->str);

  article = extract_page (page, strlen (page));
  html = lectern_article_get_body_html (article);
  doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8", LECTERN_HTML_PARSE_OPTIONS);
  text = xmlNodeGetContent (xmlDocGetRootElement (doc));
  assert_contains ((const char *)text, "Text after the word breaks is still part of the article.");
}

/* The element named @name under @root, the first in document order. */
static xmlNode *
find_named (xmlNode    *root,
            const char *name)
{
  for (xmlNode *node = root; node; node = lectern_xml_next_node (node, root, FALSE)) {
    if (lectern_xml_is_element (node, name))
      return node;
  }

  return NULL;
}

static void
assert_attribute (xmlNode    *node,
                  const char *name,
                  const char *expected)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)name);

  g_assert_cmpstr ((const char *)value, ==, expected);
}

/* Attribute values that hold quotes of both kinds, ampersands that look like entities,
 * and markup come back as they were when the body is read again: none of it becomes an
 * attribute or an element of its own.
 */
static void
test_hostile_attributes (void)
{
  const char *page = LECTERN_TEST_ARTICLE_PAGE ("Attributes",
    "<p>A picture <img src=\"/a.png\" alt=\"x&quot; onerror=&quot;alert(1)\""
    " title=\"it&#39;s &quot;q&quot; &amp;amp; &lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;\">"
    " and <a href=\"/w?a=1&amp;b=&quot;2&quot;\" title=\"&lt;b&gt;bold&lt;/b&gt; 'one'\">a link</a>.</p>");
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (LecternXmlString) href = NULL;
  xmlNode *root, *img, *a;
  const char *html;

  article = extract_page (page, strlen (page));
  html = lectern_article_get_body_html (article);
  doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8", LECTERN_HTML_PARSE_OPTIONS);
  root = xmlDocGetRootElement (doc);

  img = find_named (root, "img");
  g_assert_nonnull (img);
  assert_attribute (img, "alt", "x\" onerror=\"alert(1)");
  assert_attribute (img, "title", "it's \"q\" &amp; </p><script>alert(2)</script>");
  assert_attribute (img, "onerror", NULL);

  a = find_named (root, "a");
  g_assert_nonnull (a);
  assert_attribute (a, "title", "<b>bold</b> 'one'");
  href = xmlGetProp (a, (const xmlChar *)"href");
  g_assert_true (g_str_has_prefix ((const char *)href, "https://news.example/w?a=1&b="));
  g_assert_null (strchr ((const char *)href, '"'));

  g_assert_null (find_named (root, "script"));
  g_assert_null (find_named (root, "b"));
}

static gpointer
extract_seed_thread (gpointer data)
{
  const char *expected = data;

  for (guint i = 0; i < 10; i++) {
    g_autoptr (LecternArticle) article = extract_fixture ("seed-site/post/518.html", NULL, SEED_URL);

    g_assert_cmpstr (lectern_article_get_body_html (article), ==, expected);
  }

  return NULL;
}

static void
test_threads (void)
{
  g_autoptr (LecternArticle) reference = extract_fixture ("seed-site/post/518.html", NULL, SEED_URL);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("extract", extract_seed_thread,
                               (gpointer)lectern_article_get_body_html (reference));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/extractor/seed-page", test_seed_page);
  g_test_add_func ("/core/extractor/english-news", test_english_news);
  g_test_add_func ("/core/extractor/blog", test_blog);
  g_test_add_func ("/core/extractor/documentation", test_documentation);
  g_test_add_func ("/core/extractor/forum", test_forum);
  g_test_add_func ("/core/extractor/br-paragraphs", test_br_paragraphs);
  g_test_add_func ("/core/extractor/table-layout", test_table_layout);
  g_test_add_func ("/core/extractor/links-only", test_links_only);
  g_test_add_func ("/core/extractor/rtl", test_rtl);
  g_test_add_func ("/core/extractor/lazy-images", test_lazy_images);
  g_test_add_func ("/core/extractor/gbk", test_gbk);
  g_test_add_func ("/core/extractor/big5", test_big5);
  g_test_add_func ("/core/extractor/shift-jis", test_shift_jis);
  g_test_add_func ("/core/extractor/precision/labelled-teaser", test_labelled_teaser);
  g_test_add_func ("/core/extractor/precision/trailing-heading", test_trailing_heading);
  g_test_add_func ("/core/extractor/precision/link-runs", test_link_runs);
  g_test_add_func ("/core/extractor/precision/label-of-removed-block",
                   test_label_of_removed_block);
  g_test_add_func ("/core/extractor/precision/empty-section", test_empty_section);
  g_test_add_func ("/core/extractor/precision/trailing-lines", test_trailing_lines);
  g_test_add_func ("/core/extractor/precision/closing-notice", test_closing_notice);
  g_test_add_func ("/core/extractor/composed-text", test_composed_text);
  g_test_add_func ("/core/extractor/thread", test_thread);
  g_test_add_func ("/core/extractor/formulas", test_formulas);
  g_test_add_func ("/core/extractor/marked-body", test_marked_body);
  g_test_add_func ("/core/extractor/precision/leading-lines", test_leading_lines);
  g_test_add_func ("/core/extractor/precision/teaser-cards", test_teaser_cards);
  g_test_add_func ("/core/extractor/precision/credit-lines", test_credit_lines);
  g_test_add_func ("/core/extractor/precision/caption-credits", test_caption_credits);
  g_test_add_func ("/core/extractor/precision/related-labels", test_related_labels);
  g_test_add_func ("/core/extractor/precision/named-boxes", test_named_boxes);
  g_test_add_func ("/core/extractor/precision/meta-lines", test_meta_lines);
  g_test_add_func ("/core/extractor/precision/ad-labels", test_ad_labels);
  g_test_add_func ("/core/extractor/precision/reader-calls", test_reader_calls);
  g_test_add_func ("/core/extractor/precision/breadcrumbs", test_breadcrumbs);
  g_test_add_func ("/core/extractor/precision/headed-link-list", test_headed_link_list);
  g_test_add_func ("/core/extractor/recall/noscript-unclosed", test_recall_noscript_unclosed);
  g_test_add_func ("/core/extractor/recall/noscript-image", test_recall_noscript_image);
  g_test_add_func ("/core/extractor/recall/noscript-article", test_recall_noscript_article);
  g_test_add_func ("/core/extractor/recall/aside-column", test_recall_aside_column);
  g_test_add_func ("/core/extractor/recall/sidebar-wrapper", test_recall_sidebar_wrapper);
  g_test_add_func ("/core/extractor/recall/page-frame", test_recall_page_frame);
  g_test_add_func ("/core/extractor/recall/hidden-label", test_recall_hidden_label);
  g_test_add_func ("/core/extractor/recall/table-in-article", test_recall_table_in_article);
  g_test_add_func ("/core/extractor/recall/lead", test_recall_lead);
  g_test_add_func ("/core/extractor/recall/author-box", test_recall_author_box);
  g_test_add_func ("/core/extractor/titled-article", test_titled_article);
  g_test_add_func ("/core/extractor/short-post", test_short_post);
  g_test_add_func ("/core/extractor/short-post-comments", test_short_post_comments);
  g_test_add_func ("/core/extractor/pop-up", test_pop_up);
  g_test_add_func ("/core/extractor/cookie-notice", test_cookie_notice);
  g_test_add_func ("/core/extractor/template", test_template);
  g_test_add_func ("/core/extractor/json-ld-body", test_json_ld_body);
  g_test_add_func ("/core/extractor/named-lead", test_named_lead);
  g_test_add_func ("/core/extractor/named-lead-indented", test_named_lead_indented);
  g_test_add_func ("/core/extractor/ruby-text", test_ruby_text);
  g_test_add_func ("/core/extractor/publisher-notice", test_publisher_notice);
  g_test_add_func ("/core/extractor/disclosure-paragraph", test_disclosure_paragraph);
  g_test_add_func ("/core/extractor/affiliate-box", test_affiliate_box);
  g_test_add_func ("/core/extractor/newsletter-line", test_newsletter_line);
  g_test_add_func ("/core/extractor/news-letter-line", test_news_letter_line);
  g_test_add_func ("/core/extractor/consent-blocker", test_consent_blocker);
  g_test_add_func ("/core/extractor/long-call", test_long_call);
  g_test_add_func ("/core/extractor/rights-notice", test_rights_notice);
  g_test_add_func ("/core/extractor/recall/boxed-table", test_recall_boxed_table);
  g_test_add_func ("/core/extractor/bad/empty", test_bad_empty);
  g_test_add_func ("/core/extractor/bad/binary", test_bad_binary);
  g_test_add_func ("/core/extractor/bad/nul-bytes", test_bad_nul_bytes);
  g_test_add_func ("/core/extractor/bad/invalid-utf8", test_bad_invalid_utf8);
  g_test_add_func ("/core/extractor/bad/deep-nesting", test_bad_deep_nesting);
  g_test_add_func ("/core/extractor/bad/unclosed-comment", test_bad_unclosed_comment);
  g_test_add_func ("/core/extractor/bad/only-script", test_bad_only_script);
  g_test_add_func ("/core/extractor/bad/json-ld", test_bad_json_ld);
  g_test_add_func ("/core/extractor/hostile/embed", test_hostile_embed);
  g_test_add_func ("/core/extractor/hostile/unclosed-svg", test_hostile_unclosed_svg);
  g_test_add_func ("/core/extractor/hostile/unclosed-math", test_hostile_unclosed_math);
  g_test_add_func ("/core/extractor/hostile/deep-nesting", test_hostile_deep_nesting);
  g_test_add_func ("/core/extractor/hostile/many-attributes", test_hostile_many_attributes);
  g_test_add_func ("/core/extractor/hostile/metadata-urls", test_hostile_metadata_urls);
  g_test_add_func ("/core/extractor/hostile/void-end-tags", test_hostile_void_end_tags);
  g_test_add_func ("/core/extractor/hostile/attributes", test_hostile_attributes);
  g_test_add_func ("/core/extractor/threads", test_threads);

  return g_test_run ();
}
