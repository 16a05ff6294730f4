/* test-metadata.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-extractor.h"

#include <string.h>

#define PAGE_URL "https://news.example/articles/story.html"

/* Enough text for the extractor to take the page for an article. */
#define BODY_TEXT \
  "<p>The river rose through the night, and by morning the lower town was under water. " \
  "Families who had lived beside it for generations packed what they could carry.</p>" \
  "<p>Officials said the levee had held for forty years, but the rain this spring had " \
  "been heavier than any on record, and the ground could take no more of it.</p>" \
  "<p>Volunteers filled sandbags in the square until dawn, passing them hand to hand " \
  "along a line that stretched from the church to the bridge and back again.</p>"

/* A page with @head inside <head>, @title as <title>, and @before ahead of
 * the body's text inside <article>.
 */
static LecternArticle *
extract_page (const char *head,
              const char *title,
              const char *before,
              const char *url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *html = NULL;
  LecternArticle *article;

  html = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>%s</title>%s</head><body>"
                          "<article><h1>The river rose</h1>%s" BODY_TEXT "</article>"
                          "</body></html>",
                          title ? title : "The river rose", head ? head : "",
                          before ? before : "");
  article = lectern_extract (html, strlen (html), NULL, url ? url : PAGE_URL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  return article;
}

/* The published date as "YYYY-MM-DD" in UTC, or "" for none. */
static char *
published_day (LecternArticle *article)
{
  gint64 published = lectern_article_get_published_at (article);
  g_autoptr (GDateTime) dt = NULL;

  if (published <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_utc (published / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
assert_date (const char *head,
             const char *before,
             const char *url,
             const char *expected)
{
  g_autoptr (LecternArticle) article = extract_page (head, NULL, before, url);
  g_autofree char *day = published_day (article);

  g_assert_cmpstr (day, ==, expected);
}

static void
test_date_sources (void)
{
  /* JSON-LD, directly and in an @graph. */
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"NewsArticle\",\"datePublished\":\"2024-05-06T08:00:00Z\"}</script>",
               NULL, NULL, "2024-05-06");
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"BlogPosting\","
               "\"datePublished\":\"2024-05-07\"}]}</script>",
               NULL, NULL, "2024-05-07");

  /* An article inside a WebPage's mainEntity; a WebPage's own date when no
   * article gives one, and an article's over a page's, whatever their order.
   */
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"WebPage\",\"mainEntity\":{\"@type\":\"NewsArticle\","
               "\"datePublished\":\"2024-05-03\"}}</script>",
               NULL, NULL, "2024-05-03");
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"WebPage\",\"datePublished\":\"2024-05-04\"}</script>",
               NULL, NULL, "2024-05-04");
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"WebPage\",\"datePublished\":\"2020-01-01\"}</script>"
               "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"BlogPosting\",\"datePublished\":\"2024-05-05\"}</script>",
               NULL, NULL, "2024-05-05");
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@graph\":[{\"@type\":\"WebPage\",\"datePublished\":\"2020-01-01\"},"
               "{\"@type\":\"BlogPosting\",\"datePublished\":\"2024-05-05\"}]}</script>",
               NULL, NULL, "2024-05-05");

  /* A WebPage's date comes after the <meta> tags, an article's before them. */
  assert_date ("<meta property=\"article:published_time\" content=\"2024-05-08\">"
               "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"WebPage\",\"datePublished\":\"2020-01-01\"}</script>",
               NULL, NULL, "2024-05-08");

  /* A recipe's date when no article gives one; a review inside it is no date of the page. */
  assert_date ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"Recipe\",\"datePublished\":\"2024-05-06\",\"review\":"
               "[{\"@type\":\"Review\",\"datePublished\":\"2024-06-01\"}]}</script>",
               NULL, NULL, "2024-05-06");

  /* JSON-LD in a <script> without its type, but not code that mentions it. */
  assert_date ("<script>{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\","
               "\"datePublished\": \"2024-05-07\"}</script>",
               NULL, NULL, "2024-05-07");
  assert_date ("<script>var ld = {\"@context\": \"https://schema.org\", \"@type\": "
               "\"NewsArticle\", \"datePublished\": \"2024-05-07\"};</script>",
               NULL, NULL, "");

  /* <meta> tags, by property and by name. */
  assert_date ("<meta property=\"article:published_time\" content=\"2024-05-08T10:00:00+02:00\">",
               NULL, NULL, "2024-05-08");
  assert_date ("<meta name=\"pubdate\" content=\"2024-05-09\">", NULL, NULL, "2024-05-09");
  assert_date ("<meta name=\"publishdate\" content=\"2024/05/10\">", NULL, NULL, "2024-05-10");
  assert_date ("<meta name=\"DC.date.issued\" content=\"2024-05-11\">", NULL, NULL, "2024-05-11");
  assert_date ("<meta name=\"sailthru.date\" content=\"2024-05-12 09:00:00\">",
               NULL, NULL, "2024-05-12");
  assert_date ("<meta name=\"parsely-pub-date\" content=\"2024-05-13T09:00:00Z\">",
               NULL, NULL, "2024-05-13");
  assert_date ("<meta name=\"date\" content=\"14 May 2024\">", NULL, NULL, "2024-05-14");

  /* Of a <meta> given twice, the first: the one with the zone here. */
  assert_date ("<meta property=\"article:published_time\" content=\"2019-10-19T01:14:48+0200\">"
               "<meta property=\"article:published_time\" content=\"2019-10-19 01:14\">",
               NULL, NULL, "2019-10-18");

  /* JSON-LD comes before the <meta> tags. */
  assert_date ("<meta name=\"date\" content=\"2020-01-01\">"
               "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"Article\",\"datePublished\":\"2024-05-15\"}</script>",
               NULL, NULL, "2024-05-15");

  /* Microdata and <time>. */
  assert_date (NULL, "<span itemprop=\"datePublished\" content=\"2024-05-16\">May 16</span>",
               NULL, "2024-05-16");
  assert_date (NULL, "<time datetime=\"2024-05-17T07:00:00Z\">Friday</time>",
               NULL, "2024-05-17");
  assert_date (NULL, "<time>May 18, 2024</time>", NULL, "2024-05-18");

  /* An element whose class says it holds the date: its title, then its text. */
  assert_date (NULL, "<span class=\"time\" title=\"2025-03-19 09:32:05\">6个月前 (03-19)</span>",
               NULL, "2025-03-19");
  assert_date (NULL, "<div class=\"post-date\">发布时间：2024年5月19日 09:32</div>",
               NULL, "2024-05-19");

  /* A <time> in a sidebar or a "hot" list is another article's; the page's
   * own classes on <body> say nothing of where a <time> is, and "photo" is
   * no "hot".
   */
  assert_date (NULL, "<div class=\"sidebar\"><time datetime=\"2024-05-01\">1 May</time></div>",
               NULL, "");
  assert_date (NULL, "<ul class=\"hot-list\"><li><time datetime=\"2024-05-01\">1 May</time>"
               "</li></ul>", NULL, "");
  assert_date (NULL, "<div class=\"photo-credit\"><time datetime=\"2024-05-02\">2 May</time>"
               "</div>", NULL, "2024-05-02");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *day = NULL;
    const char *html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>T</title>"
                       "</head><body class=\"single has-sidebar comments-open\"><article>"
                       "<h1>The river rose</h1><time datetime=\"2024-05-03T09:30:10+01:00\">"
                       "3 May</time>" BODY_TEXT "</article></body></html>";

    article = lectern_extract (html, strlen (html), NULL, PAGE_URL, &error);
    g_assert_no_error (error);
    day = published_day (article);
    g_assert_cmpstr (day, ==, "2024-05-03");
  }

  /* A date in the block around the headline comes before one in a top bar above it,
   * and a citation's access date is none.
   */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *day = NULL;
    const char *html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>T</title>"
                       "</head><body><div class=\"topbar\"><span class=\"date\">2024年5月20日 "
                       "星期一</span></div><div class=\"main\"><div class=\"head\">"
                       "<h1>The river rose</h1><span class=\"pub-date\">2024年5月4日</span></div>"
                       "<div class=\"text\">" BODY_TEXT "<p>Retrieved <span class=\"reference-"
                       "accessdate\">2024-05-19</span>.</p></div></div></body></html>";

    article = lectern_extract (html, strlen (html), NULL, PAGE_URL, &error);
    g_assert_no_error (error);
    day = published_day (article);
    g_assert_cmpstr (day, ==, "2024-05-04");
  }

  /* The address, then the text under the headline. */
  assert_date (NULL, NULL, "https://news.example/2024/05/20/story.html", "2024-05-20");
  assert_date (NULL, "<p>Jane Doe, 21 May 2024</p>", NULL, "2024-05-21");

  /* Dates in the future and impossible dates are refused. */
  assert_date ("<meta name=\"date\" content=\"2999-01-01\">", NULL, NULL, "");
  assert_date ("<meta name=\"date\" content=\"2024-02-30\">", NULL, NULL, "");
  assert_date ("<meta name=\"date\" content=\"2999-01-01\">"
               "<meta name=\"pubdate\" content=\"2024-05-22\">", NULL, NULL, "2024-05-22");

  /* No date anywhere. */
  assert_date (NULL, NULL, NULL, "");
}

/* A date as "YYYY-MM-DD" for a day, "YYYY-MM-DDTHH:MMZ" for a minute, or "". */
static char *
dup_date (gint64               time,
          LecternDatePrecision precision)
{
  g_autoptr (GDateTime) dt = NULL;

  if (time == 0) {
    g_assert_cmpint (precision, ==, LECTERN_DATE_PRECISION_NONE);
    return g_strdup ("");
  }

  g_assert_cmpint (precision, !=, LECTERN_DATE_PRECISION_NONE);
  dt = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  if (precision == LECTERN_DATE_PRECISION_DAY) {
    g_assert_cmpint (time % (G_USEC_PER_SEC * (gint64)86400), ==, 0);
    return g_date_time_format (dt, "%Y-%m-%d");
  }

  return g_date_time_format (dt, "%Y-%m-%dT%H:%MZ");
}

static void
assert_dates (const char *head,
              const char *before,
              const char *published,
              const char *modified)
{
  g_autoptr (LecternArticle) article = extract_page (head, NULL, before, NULL);
  g_autofree char *published_date =
    dup_date (lectern_article_get_published_at (article),
              lectern_article_get_published_precision (article));
  g_autofree char *modified_date =
    dup_date (lectern_article_get_modified_at (article),
              lectern_article_get_modified_precision (article));

  g_assert_cmpstr (published_date, ==, published);
  g_assert_cmpstr (modified_date, ==, modified);
}

static void
test_date_precision (void)
{
  /* A day alone, and a time with or without a zone. */
  assert_dates ("<meta name=\"pubdate\" content=\"2024-05-09\">", NULL, "2024-05-09", "");
  assert_dates ("<meta property=\"article:published_time\" content=\"2024-05-08T10:00:00+02:00\">",
                NULL, "2024-05-08T08:00Z", "");
  assert_dates (NULL, "<div class=\"post-date\">2025年3月19日</div>", "2025-03-19", "");
}

static void
test_modified_sources (void)
{
  const char *published = "<meta property=\"article:published_time\" content=\"2024-05-01\">";
  g_autofree char *head = NULL;

  /* JSON-LD, directly and in an @graph. */
  assert_dates ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                "\"@type\":\"NewsArticle\",\"datePublished\":\"2024-05-06T08:00:00Z\","
                "\"dateModified\":\"2024-05-07T09:30:00Z\"}</script>",
                NULL, "2024-05-06T08:00Z", "2024-05-07T09:30Z");
  assert_dates ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                "\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"BlogPosting\","
                "\"datePublished\":\"2024-05-07\",\"dateModified\":\"2024-05-09\"}]}</script>",
                NULL, "2024-05-07", "2024-05-09");

  /* <meta> tags. */
  head = g_strconcat (published,
                      "<meta property=\"article:modified_time\" content=\"2024-05-02T10:00:00+02:00\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "2024-05-02T08:00Z");
  g_free (head);
  head = g_strconcat (published, "<meta property=\"og:updated_time\" content=\"2024-05-03\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "2024-05-03");
  g_free (head);
  head = g_strconcat (published, "<meta name=\"last-modified\" content=\"2024-05-04 11:12\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "2024-05-04T11:12Z");
  g_free (head);
  head = g_strconcat (published,
                      "<meta http-equiv=\"Last-Modified\" content=\"Sun, 05 May 2024 06:07:08 GMT\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "2024-05-05T06:07Z");
  g_free (head);

  /* Microdata, then a <time> marked "updated". */
  assert_dates (published,
                "<span itemprop=\"dateModified\" content=\"2024-05-06\">6 May</span>",
                "2024-05-01", "2024-05-06");
  assert_dates (published, "<span itemprop=\"dateModified\">Updated 8 May 2024, 10:15</span>",
                "2024-05-01", "2024-05-08T10:15Z");
  assert_dates (published,
                "<time class=\"entry-date published\" datetime=\"2024-05-01\">1 May</time>"
                "<time class=\"updated\" datetime=\"2024-05-07T12:00:00Z\">7 May</time>",
                "2024-05-01", "2024-05-07T12:00Z");

  /* The future, impossible dates, and a change before the publication are refused. */
  head = g_strconcat (published, "<meta property=\"article:modified_time\" content=\"2999-01-01\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "");
  g_free (head);
  head = g_strconcat (published, "<meta property=\"article:modified_time\" content=\"2024-02-30\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "");
  g_free (head);
  head = g_strconcat (published, "<meta property=\"article:modified_time\" content=\"2024-04-01\">",
                      NULL);
  assert_dates (head, NULL, "2024-05-01", "");

  /* A date in the text says nothing of a change. */
  assert_dates (published, "<p>Updated on 9 May 2024</p>", "2024-05-01", "");
}

static void
assert_author (const char *head,
               const char *before,
               const char *expected)
{
  g_autoptr (LecternArticle) article = extract_page (head, NULL, before, NULL);

  g_assert_cmpstr (lectern_article_get_byline (article), ==, expected);
}

static void
test_author_sources (void)
{
  /* JSON-LD authors: a string, an object, an array. */
  assert_author ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@type\":\"NewsArticle\",\"author\":\"Jane Doe\"}</script>",
                 NULL, "Jane Doe");
  assert_author ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\","
                 "\"name\":\"Jane Doe\"}}</script>",
                 NULL, "Jane Doe");
  assert_author ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@type\":\"NewsArticle\",\"author\":[{\"@type\":\"Person\","
                 "\"name\":\"Jane Doe\"},{\"@type\":\"Person\",\"name\":\"John Roe\"}]}"
                 "</script>",
                 NULL, "Jane Doe, John Roe");
  assert_author ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@type\":\"WebPage\",\"mainEntity\":{\"@type\":\"NewsArticle\","
                 "\"author\":{\"@type\":\"Person\",\"name\":\"Jane Doe\"}}}</script>",
                 NULL, "Jane Doe");

  /* <meta>, cleaned of its label. */
  assert_author ("<meta name=\"author\" content=\"By Jane Doe\">", NULL, "Jane Doe");
  assert_author ("<meta property=\"article:author\" content=\"Jane Doe\">", NULL, "Jane Doe");
  assert_author ("<meta name=\"byl\" content=\"By JANE DOE and JOHN ROE\">", NULL,
                 "JANE DOE and JOHN ROE");
  assert_author ("<meta name=\"sailthru.author\" content=\"Jane Doe\">", NULL, "Jane Doe");
  assert_author ("<meta name=\"citation_author\" content=\"Doe, Jane\">", NULL, "Doe, Jane");

  /* Authors given as addresses are not names. */
  assert_author ("<meta property=\"article:author\" "
                 "content=\"https://www.facebook.com/janedoe\">", NULL, NULL);
  assert_author ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@type\":\"NewsArticle\",\"author\":\"https://news.example/staff/jane\"}"
                 "</script>",
                 NULL, NULL);

  /* rel="author", itemprop="author" and byline classes. */
  assert_author (NULL, "<p><a rel=\"author\" href=\"/staff/jane\">Jane Doe</a></p>", "Jane Doe");
  assert_author (NULL, "<div itemprop=\"author\">Jane Doe</div>", "Jane Doe");
  assert_author (NULL, "<div class=\"byline\">By Jane Doe</div>", "Jane Doe");

  /* A Chinese byline line at the top of the text. */
  assert_author (NULL, "<p>半月谈记者 张漫子</p>", "半月谈记者 张漫子");
  assert_author (NULL, "<p>作者：张三</p>", "张三");
  assert_author (NULL, "<p>来源：新华社</p>", NULL);

  /* A bracketed credit that opens the first paragraph; not a bracket later in it, nor
   * one without a credit's label.
   */
  assert_author (NULL, "<p>新京报讯（记者 张三 李四）三月的北京，春意渐浓。</p>", "张三 李四");
  assert_author (NULL, "<p>(记者 张三)三月的北京，春意渐浓。</p>", "张三");
  assert_author (NULL, "<p>三月的北京，春意渐浓，居民们走上街头，欢度节日（记者 张三）。</p>",
                 NULL);
  assert_author (NULL, "<p>新京报讯（张三 李四）三月的北京，春意渐浓。</p>", NULL);
}

/* The byline of a page with @after after its <article>. */
static char *
dup_byline_after (const char *after)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *html = NULL;

  html = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>The river rose</title></head><body>"
                          "<article><h1>The river rose</h1>" BODY_TEXT "</article>%s"
                          "</body></html>",
                          after);
  article = lectern_extract (html, strlen (html), NULL, PAGE_URL, &error);
  g_assert_no_error (error);

  return g_strdup (lectern_article_get_byline (article));
}

static void
test_author_elsewhere (void)
{
  static const struct {
    const char *after;
    const char *byline;
  } cases[] = {
    /* A labelled credit line under the text, in a table cell. */
    { "<table><tr><td><font>作者： 记者王敬照</font></td><td>编辑： 李四</td></tr></table>",
      "王敬照" },
    { "<div><span>文/李四</span></div>", "李四" },
    /* Not in a sidebar, a footer or the comments. */
    { "<div class=\"sidebar\"><p>作者：王五</p></div>", NULL },
    { "<footer><p>作者：王五</p></footer>", NULL },
    /* An editor or a source is no author, nor a line without a label. */
    { "<p>责任编辑：焦鹏</p>", NULL },
    { "<p>来源：半月谈</p>", NULL },
    { "<p>Jane Doe | March 19, 2025</p>", NULL },
    /* A sentence that mentions a reporter is no credit. */
    { "<p>记者走访了受灾的村庄，看到许多房屋被淹。</p>", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *byline = dup_byline_after (cases[i].after);

    g_test_message ("%s", cases[i].after);
    g_assert_cmpstr (byline, ==, cases[i].byline);
  }
}

static void
test_byline_leaves_body (void)
{
  g_autoptr (LecternArticle) article = extract_page (NULL, NULL, "<p>记者 张漫子</p>", NULL);
  const char *text = lectern_article_get_plain_text (article);

  g_assert_cmpstr (lectern_article_get_byline (article), ==, "张漫子");
  g_assert_true (g_str_has_prefix (text, "The river rose through the night"));

  /* A paragraph that is not a byline stays. */
  g_clear_object (&article);
  article = extract_page (NULL, NULL, "<p>记者走访了受灾的村庄。</p>", NULL);
  g_assert_true (g_str_has_prefix (lectern_article_get_plain_text (article), "记者走访了"));
}

static void
assert_site (const char *head,
             const char *title,
             const char *before,
             const char *expected)
{
  g_autoptr (LecternArticle) article = extract_page (head, title, before, NULL);

  g_assert_cmpstr (lectern_article_get_site_name (article), ==, expected);
}

static void
test_site_sources (void)
{
  assert_site ("<meta property=\"og:site_name\" content=\"The Daily Example\">", NULL, NULL,
               "The Daily Example");
  assert_site ("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
               "\"@type\":\"NewsArticle\",\"publisher\":{\"@type\":\"Organization\","
               "\"name\":\"Example News\"}}</script>",
               NULL, NULL, "Example News");
  assert_site ("<meta name=\"application-name\" content=\"Example Blog\">", NULL, NULL,
               "Example Blog");

  /* The last part of the <title> after the headline, or the first before it. */
  assert_site (NULL, "The river rose - Local news - Example News", NULL, "Example News");
  assert_site (NULL, "The river rose | Example News", NULL, "Example News");
  assert_site (NULL, "The river rose_示例新闻网", NULL, "示例新闻网");
  assert_site (NULL, "The river rose-示例新闻网", NULL, "示例新闻网");
  assert_site (NULL, "The river rose--社会--示例新闻网", NULL, "示例新闻网");
  assert_site (NULL, "The river rose — Example News", NULL, "Example News");
  assert_site (NULL, "Example News | The river rose", NULL, "Example News");

  /* The logo, without the word "logo"; a print logo says nothing. */
  assert_site (NULL, NULL, "<img class=\"logo\" src=\"/logo.png\" alt=\"Example News\">",
               "Example News");
  assert_site (NULL, NULL, "<img class=\"logo\" src=\"/l.png\" alt=\"Logo - Example News\">",
               "Example News");
  assert_site (NULL, NULL, "<img class=\"logo\" src=\"/l.png\" alt=\"Print logo\">", NULL);
  assert_site (NULL, NULL, "<img class=\"logo\" src=\"/l.png\" alt=\"Example-Logo\">",
               "Example");

  /* Names lose the separators around them; one that is the headline is none. */
  assert_site ("<meta name=\"apple-mobile-web-app-title\" content=\"Example News - \">",
               NULL, NULL, "Example News");
  assert_site ("<meta name=\"application-name\" content=\"The river rose\">", NULL, NULL, NULL);

  /* A headline marked by its class, on a page without a heading element,
   * shows where a whole <title> ends; a class-marked end of a title does not.
   */
  {
    static const char *pages[][2] = {
      { "<title>洪水退去-示例新闻网</title></head><body><div class=\"h-title\">洪水退去</div>",
        "示例新闻网" },
      { "<title>River | Flood - Example News</title></head><body>"
        "<div class=\"title\">Flood - Example News</div>", NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (pages); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (LecternArticle) article = NULL;
      g_autofree char *html =
        g_strconcat ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">", pages[i][0],
                     "<div class=\"content\">", BODY_TEXT, "</div></body></html>", NULL);

      article = lectern_extract (html, strlen (html), NULL, PAGE_URL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (lectern_article_get_site_name (article), ==, pages[i][1]);
    }
  }

  /* The metadata's name comes first; the host never stands in for one. */
  assert_site ("<meta property=\"og:site_name\" content=\"The Daily Example\">",
               "The river rose - Example News", NULL, "The Daily Example");
  assert_site (NULL, NULL, NULL, NULL);
}

static void
assert_title (const char *head,
              const char *title,
              const char *expected)
{
  g_autoptr (LecternArticle) article = extract_page (head, title, NULL, NULL);

  g_assert_cmpstr (lectern_article_get_title (article), ==, expected);
}

static void
test_title_site_suffix (void)
{
  /* The site's name goes, with the spaces before it, and with nothing else:
   * the last character of "章" ends in the byte of a no-break space.
   */
  assert_title ("<meta property=\"og:site_name\" content=\"示例新闻网\">",
                "一篇关于洪水的长篇报道的第一章_示例新闻网", "一篇关于洪水的长篇报道的第一章");
  assert_title ("<meta property=\"og:site_name\" content=\"示例新闻网\">",
                "一篇关于洪水的长篇报道的第一章\u00a0_\u00a0示例新闻网",
                "一篇关于洪水的长篇报道的第一章");
}

static void
test_title_part_number (void)
{
  /* The headline confirms where the title's headline ends, and what follows
   * goes: a channel, a site.
   */
  assert_title (NULL, "The river rose - Floods and storms - Example News | Archive",
                "The river rose");
  assert_title (NULL, "The river rose_本地新闻_示例新闻网", "The river rose");

  /* Unless it numbers a part of a serial, whose pages share the headline. */
  assert_title (NULL, "The river rose - Chapter 2 - Anna Writes - Stories | Fiction Archive",
                "The river rose - Chapter 2 - Anna Writes - Stories");
  assert_title (NULL, "The river rose - Teil 12 - Ein Roman in Folgen | Beispiel",
                "The river rose - Teil 12 - Ein Roman in Folgen");
  assert_title ("<meta property=\"og:site_name\" content=\"示例新闻网\">",
                "The river rose_第十二集_示例新闻网", "The river rose_第十二集");
  assert_title ("<meta property=\"og:site_name\" content=\"示例新闻网\">",
                "The river rose_第3章_示例新闻网", "The river rose_第3章");
}

static void
test_title_section (void)
{
  /* Readability took the site's name off the end; what is left before it names a section
   * of the site. An <h2> that matches the start is no headline confirmed, as an <h1> is:
   * the title stays as Readability cut it.
   */
  const char *html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                     "<title>The river rose | Notes | Ann Archer</title></head><body>"
                     "<header><h1>Hi, I am Ann.</h1></header>"
                     "<article><h2>The river rose</h2>" BODY_TEXT "</article></body></html>";
  g_autoptr (GError) error = NULL;
  g_autoptr (LecternArticle) article = lectern_extract (html, strlen (html), NULL, PAGE_URL,
                                                        &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lectern_article_get_title (article), ==, "The river rose | Notes");
  /* An <h1> confirms it: the section goes too. */
  assert_title (NULL, "The river rose | Notes | Ann Archer", "The river rose");
}

/* The zone a page wrote its dates in comes along with them, for showing them as the page
 * does; a day, a time without a zone and a date from the URL have none.
 */
static void
test_date_offsets (void)
{
  static const struct {
    const char *head;
    gint64      published;
    int         offset;
  } cases[] = {
    /* 2025-03-18T17:00:00Z: the 19th in Beijing. */
    { "<meta property=\"article:published_time\" content=\"2025-03-19T01:00:00+08:00\">",
      G_GINT64_CONSTANT (1742317200), 8 * 3600 },
    { "<meta name=\"date\" content=\"Wed, 19 Mar 2025 09:32:05 -0500\">",
      G_GINT64_CONSTANT (1742394725), -5 * 3600 },
    { "<meta property=\"article:published_time\" content=\"2025-03-19T09:32:00\">",
      G_GINT64_CONSTANT (1742376720), 0 },
    { "<meta property=\"article:published_time\" content=\"2025-03-19\">",
      G_GINT64_CONSTANT (1742342400), 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (LecternArticle) article = extract_page (cases[i].head, NULL, NULL, NULL);

    g_test_message ("%s", cases[i].head);
    g_assert_cmpint (lectern_article_get_published_at (article), ==,
                     cases[i].published * G_USEC_PER_SEC);
    g_assert_cmpint (lectern_article_get_published_offset (article), ==, cases[i].offset);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/metadata/date-sources", test_date_sources);
  g_test_add_func ("/core/metadata/date-precision", test_date_precision);
  g_test_add_func ("/core/metadata/modified-sources", test_modified_sources);
  g_test_add_func ("/core/metadata/author-sources", test_author_sources);
  g_test_add_func ("/core/metadata/author-elsewhere", test_author_elsewhere);
  g_test_add_func ("/core/metadata/byline-leaves-body", test_byline_leaves_body);
  g_test_add_func ("/core/metadata/site-sources", test_site_sources);
  g_test_add_func ("/core/metadata/title-site-suffix", test_title_site_suffix);
  g_test_add_func ("/core/metadata/title-part-number", test_title_part_number);
  g_test_add_func ("/core/metadata/title-section", test_title_section);
  g_test_add_func ("/core/metadata/date-offsets", test_date_offsets);

  return g_test_run ();
}
