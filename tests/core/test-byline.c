/* test-byline.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-byline.h"
#include "lectern-test-utils.h"

typedef struct {
  const char *byline;
  const char *site_name;
  const char *author;
} CleanCase;

static void
check_clean (const CleanCase *cases,
             gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++) {
    g_autofree char *author = NULL;

    {
      g_autofree char *shown0 = lectern_test_dup_shown (cases[i].byline);
      g_autofree char *shown1 = lectern_test_dup_shown (cases[i].site_name);
      g_test_message ("'%s' on '%s'", shown0, shown1);
    }
    author = lectern_byline_clean (cases[i].byline, cases[i].site_name);
    g_assert_cmpstr (author, ==, cases[i].author);
  }
}

static void
test_byline_clean_labels (void)
{
  static const CleanCase cases[] = {
    { "By Jane Doe", NULL, "Jane Doe" },
    { "by Jane Doe", NULL, "Jane Doe" },
    { "by: Jane Doe", NULL, "Jane Doe" },
    { "By:Jane Doe", NULL, "Jane Doe" },
    { "BY JANE DOE", NULL, "JANE DOE" },
    { "Written by Jane Doe", NULL, "Jane Doe" },
    { "Author: Jane Doe", NULL, "Jane Doe" },
    { "Von Hans Müller", NULL, "Hans Müller" },
    { "Par Jean Dupont", NULL, "Jean Dupont" },
    { "von Redaktion MSM", NULL, "Redaktion MSM" },
    { "von", NULL, NULL },
    { "Autor Hans Müller", NULL, "Hans Müller" },
    { "Autorin Anna Schmidt", NULL, "Anna Schmidt" },
    /* Headings and placeholders are no names. */
    { "About the Author", NULL, NULL },
    { "No Author", NULL, NULL },
    { "Unknown", NULL, NULL },
    { "par Jean Dupont", NULL, "Jean Dupont" },
    /* "von" inside a name is no label, nor "Par" at its start. */
    { "Ursula von der Leyen", NULL, "Ursula von der Leyen" },
    { "Paris Hilton", NULL, "Paris Hilton" },
    /* A label is a whole word, in any script. */
    { "Standby Jane", NULL, "Standby Jane" },
    { "Émile Byrne", NULL, "Émile Byrne" },
    { "張by Jane", NULL, "張by Jane" },
    { "作者：张三", NULL, "张三" },
    { "作者:张三", NULL, "张三" },
    { "作者： 张三", NULL, "张三" },
    { "作者 张三", NULL, "张三" },
    { "本文作者：张三", NULL, "张三" },
    { "文/李四", NULL, "李四" },
    { "文 / 李四", NULL, "李四" },
    { "文／李四", NULL, "李四" },
    { "文｜王五", NULL, "王五" },
    { "文丨王五", NULL, "王五" },
    { "文|王五", NULL, "王五" },
    { "撰文：赵六", NULL, "赵六" },
    { "记者：张漫子", NULL, "张漫子" },
    { "记者 张漫子", NULL, "张漫子" },
    { "本报记者 张三", NULL, "张三" },
    { "（记者 张漫子）", NULL, "张漫子" },
    { "作者： 记者王敬照", NULL, "王敬照" },
    { "本报记者王敬照", NULL, "王敬照" },
    { "记者站", NULL, "记者站" },
    /* A reporter's credit keeps its publication. */
    { "半月谈记者 张漫子", NULL, "半月谈记者 张漫子" },
    { "新华社记者 张三 李四", NULL, "新华社记者 张三 李四" },
    { "半月谈记者 张漫子", "半月谈", "半月谈记者 张漫子" },
    /* Other credits are not the author. */
    { "作者：张三 编辑：李四", NULL, "张三" },
    { "作者：张三 责任编辑：李四 校对：王五", NULL, "张三" },
    { "图/王五 文/李四", NULL, "李四" },
    { "By Jane Doe. Photos by John Roe", NULL, "Jane Doe" },
    { "Photo by John Roe", NULL, NULL },
    { "责任编辑：李四", NULL, NULL },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_sources (void)
{
  static const CleanCase cases[] = {
    { "作者：张三 来源：新华社", NULL, "张三" },
    { "来源：新华社 作者：张三", NULL, "张三" },
    { "来源：新华社", NULL, NULL },
    { "来源:新华社", NULL, NULL },
    { "来源 新华社", NULL, NULL },
    { "Source: Reuters", NULL, NULL },
    { "By Jane Doe | Source: Reuters", NULL, "Jane Doe" },
    { "发布时间：2025-03-19 09:32 来源：新华社", NULL, NULL },
    { "发布时间：2025-03-19 09:32 来源：新华社 作者：张三", NULL, "张三" },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_dates (void)
{
  static const CleanCase cases[] = {
    { "Jane Doe | March 19, 2025", NULL, "Jane Doe" },
    { "By Jane Doe, March 19, 2025", NULL, "Jane Doe" },
    { "By Jane Doe on March 19, 2025", NULL, "Jane Doe" },
    { "By Jane Doe, Wed, 19 Mar 2025 09:32:05 GMT", NULL, "Jane Doe" },
    { "Jane Doe 2025-03-19 09:32", NULL, "Jane Doe" },
    { "Jane Doe\n2025-03-19\n5 min", NULL, "Jane Doe" },
    { "March 19, 2025 · 5 min read · Jane Doe", NULL, "Jane Doe" },
    { "张三 2025年3月19日 星期三", NULL, "张三" },
    { "张三 03-19 09:32", NULL, "张三" },
    { "张三 发布于2025-03-19", NULL, "张三" },
    { "By Jane Doe Updated 9:32 AM EDT, Wed March 19, 2025", NULL, "Jane Doe" },
    { "By Jane Doe | Updated March 20, 2025", NULL, "Jane Doe" },
    { "Published March 19, 2025 by Jane Doe", NULL, "Jane Doe" },
    { "Posted on March 19, 2025 by Jane Doe", NULL, "Jane Doe" },
    { "Last updated: 19 March 2025", NULL, NULL },
    { "2025-03-19", NULL, NULL },
    /* A date far in the future is cut too. */
    { "Jane Doe 2099-01-01", NULL, "Jane Doe" },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_site (void)
{
  static const CleanCase cases[] = {
    { "Jane Doe | Example News", "Example News", "Jane Doe" },
    { "Example News | Jane Doe", "Example News", "Jane Doe" },
    { "Jane Doe - Example News", "Example News", "Jane Doe" },
    { "Jane Doe, Example News", "Example News", "Jane Doe" },
    { "By Jane Doe | example news", "Example News", "Jane Doe" },
    { "By Jane Doe | Example News", " Example News ", "Jane Doe" },
    { "Example News", "Example News", NULL },
    { "Jane Doe", "", "Jane Doe" },
    /* Without the site's name, the first part. */
    { "Jane Doe | Example News", NULL, "Jane Doe" },
    /* A site name that is not UTF-8 is ignored. */
    { "Jane Doe | Example", "\xff", "Jane Doe" },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_names (void)
{
  static const CleanCase cases[] = {
    { "By Jane Doe and John Roe", NULL, "Jane Doe and John Roe" },
    { "Jane Doe, John Roe", NULL, "Jane Doe, John Roe" },
    { "By Jane Doe, Staff Writer", NULL, "Jane Doe, Staff Writer" },
    { "  Jane \t  Doe  ", NULL, "Jane Doe" },
    { "Jane\xc2\xa0" "Doe", NULL, "Jane Doe" },
    { "— Jane Doe —", NULL, "Jane Doe" },
    { "«Jane Doe»", NULL, "Jane Doe" },
    { "\"Jane Doe\",", NULL, "Jane Doe" },
    { "Jane Q.", NULL, "Jane Q." },
    { "Martin Luther King Jr.", NULL, "Martin Luther King Jr." },
    { "约翰·史密斯", NULL, "约翰·史密斯" },
    { "张三、李四", NULL, "张三、李四" },
    { "@janedoe", NULL, "janedoe" },
    /* A bracket inside one name belongs to it; one after the name ends it. */
    { "Richard (R.J.) Eskow", NULL, "Richard (R.J.) Eskow" },
    { "Bruno (Henrique Zecchin) Rodrigues ", NULL, "Bruno (Henrique Zecchin) Rodrigues" },
    { "Jane Doe (Reuters)", NULL, "Jane Doe" },
    { "Jane Doe (Reuters) | March 19, 2025", NULL, "Jane Doe" },
    { "Jane Doe (2019) Example", NULL, "Jane Doe" },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_addresses (void)
{
  static const CleanCase cases[] = {
    { "https://www.facebook.com/janedoe", NULL, NULL },
    { "http://example.org/authors/jane-doe", NULL, NULL },
    { "www.example.org/jane", NULL, NULL },
    { "twitter.com/janedoe", NULL, NULL },
    { "jane@example.org", NULL, NULL },
    { "mailto:jane@example.org", NULL, NULL },
    { "By Jane Doe (jane@example.org)", NULL, "Jane Doe" },
    { "Jane Doe and jane@example.org", NULL, "Jane Doe" },
    { "Jane Doe https://example.org/jane", NULL, "Jane Doe" },
  };

  check_clean (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_clean_bad_input (void)
{
  static const CleanCase cases[] = {
    { NULL, NULL, NULL },
    { NULL, "Example", NULL },
    { "", NULL, NULL },
    { "   ", NULL, NULL },
    { "\n\t", NULL, NULL },
    { "\xff\xfe", NULL, NULL },
    { "Jane \xc3 Doe", NULL, NULL },
    { "By", NULL, NULL },
    { "By ", NULL, NULL },
    { "作者：", NULL, NULL },
    { "|||", NULL, NULL },
    { "12345", NULL, NULL },
    { "· — ·", NULL, NULL },
  };
  g_autoptr (GString) long_byline = g_string_new ("By ");
  g_autofree char *author = NULL;

  check_clean (cases, G_N_ELEMENTS (cases));

  /* Longer than 100 characters: not a byline. */
  for (guint i = 0; i < 12; i++)
    g_string_append (long_byline, "Jane Doe and ");
  g_string_append (long_byline, "John Roe");
  author = lectern_byline_clean (long_byline->str, NULL);
  g_assert_null (author);

  /* A very long text is refused without reading it. */
  g_string_truncate (long_byline, 0);
  for (guint i = 0; i < 1000; i++)
    g_string_append (long_byline, "By ");
  author = lectern_byline_clean (long_byline->str, NULL);
  g_assert_null (author);
}

typedef struct {
  const char *line;
  const char *author;
  const char *source;
} LineCase;

static void
check_lines (const LineCase *cases,
             gsize           n_cases)
{
  for (gsize i = 0; i < n_cases; i++) {
    g_autofree char *author = NULL;
    g_autofree char *source = NULL;
    gboolean ok;

    {
      g_autofree char *shown = lectern_test_dup_shown (cases[i].line);
      g_test_message ("%s", shown);
    }
    ok = lectern_byline_parse_line (cases[i].line, &author, &source);
    g_assert_cmpint (ok, ==, cases[i].author != NULL || cases[i].source != NULL);
    g_assert_cmpstr (author, ==, cases[i].author);
    g_assert_cmpstr (source, ==, cases[i].source);
  }
}

static void
test_byline_line_chinese (void)
{
  static const LineCase cases[] = {
    { "半月谈记者 张漫子", "半月谈记者 张漫子", NULL },
    { "记者 张漫子", "张漫子", NULL },
    { "记者：张漫子", "张漫子", NULL },
    { "（记者 张漫子）", "张漫子", NULL },
    { "新华社记者 张三 李四", "新华社记者 张三 李四", NULL },
    { "记者 张三 李四", "张三 李四", NULL },
    { "记者 张三、李四", "张三、李四", NULL },
    { "作者：张三", "张三", NULL },
    { "作者：约翰·史密斯", "约翰·史密斯", NULL },
    { "作者：老王说科技", "老王说科技", NULL },
    { "文/李四", "李四", NULL },
    { "文｜王五", "王五", NULL },
    { "来源：新华社", NULL, "新华社" },
    { "来源：人民网-人民日报", NULL, "人民网-人民日报" },
    { "作者：张三 来源：新华社", "张三", "新华社" },
    { "作者：张三 | 半月谈", "张三", NULL },
    { "发布时间：2025-03-19 09:32 来源：新华社", NULL, "新华社" },
    { "2025-03-19 09:32:05 来源：新华社 作者：张三 编辑：李四", "张三", "新华社" },
    { "2025年3月19日 09:32 | 半月谈记者 张漫子", "半月谈记者 张漫子", NULL },
    { "张三 2025-03-19", "张三", NULL },
  };

  check_lines (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_line_english (void)
{
  static const LineCase cases[] = {
    { "By Jane Doe", "Jane Doe", NULL },
    { "by Jane Doe", "Jane Doe", NULL },
    { "BY JANE DOE", "JANE DOE", NULL },
    { "By Jane Doe and John Roe", "Jane Doe and John Roe", NULL },
    { "By Jane Doe, John Roe and Mary Major", "Jane Doe, John Roe and Mary Major", NULL },
    { "By Jane Q. Public", "Jane Q. Public", NULL },
    { "By Ursula von der Leyen", "Ursula von der Leyen", NULL },
    { "By Martin Luther King Jr.", "Martin Luther King Jr.", NULL },
    { "By José Álvarez", "José Álvarez", NULL },
    { "By Jane Doe, Reuters", "Jane Doe, Reuters", NULL },
    { "Von Hans Müller", "Hans Müller", NULL },
    { "Jane Doe | March 19, 2025", "Jane Doe", NULL },
    { "March 19, 2025 | Jane Doe", "Jane Doe", NULL },
    { "Jane Doe · March 19, 2025 · 5 min", "Jane Doe", NULL },
    { "By Jane Doe | Updated March 20, 2025", "Jane Doe", NULL },
    { "By Jane Doe, March 19, 2025", "Jane Doe", NULL },
    { "Published March 19, 2025 by Jane Doe", "Jane Doe", NULL },
    { "By Jane Doe | Source: Reuters", "Jane Doe", "Reuters" },
    /* A publication beside a labelled author. */
    { "By Jane Doe | The Washington Post", "Jane Doe", NULL },
    { "By Jane Doe, The New York Times", "Jane Doe, The New York Times", NULL },
  };

  check_lines (cases, G_N_ELEMENTS (cases));
}

static void
test_byline_line_not_byline (void)
{
  static const LineCase cases[] = {
    /* Sentences that mention a reporter. */
    { "记者在现场看到，许多居民排队购买新鲜蔬菜。", NULL, NULL },
    { "记者 近日走访了多家企业", NULL, NULL },
    { "记者 走访了", NULL, NULL },
    { "据新华社记者报道，今年一季度经济运行总体平稳，主要指标好于预期。", NULL, NULL },
    { "新华社记者张三报道", NULL, NULL },
    { "半月谈记者 张漫子在采访中发现，农村电商发展迅速。", NULL, NULL },
    { "来源：新华社，作者说这件事很重要。", NULL, NULL },
    { "作者：张三说今天的天气很好我们一起去公园散步吧", NULL, NULL },
    { "By the time we arrived, the reporter had left.", NULL, NULL },
    { "By Jane Doe, who covered the story for years, the plan would fail", NULL, NULL },
    { "By Jane Doe | This is how the plan would fail", NULL, NULL },
    { "Jane Doe | The Washington Post", NULL, NULL },
    { "The reporter Jane Doe said the plan would fail", NULL, NULL },
    { "By Reuters", NULL, NULL },
    /* A name alone could be a heading. */
    { "Jane Doe", NULL, NULL },
    { "张三", NULL, NULL },
    { "The Guardian | Jane Doe", NULL, NULL },
    /* No author and no source. */
    { "March 19, 2025", NULL, NULL },
    { "2025年3月19日 09:32", NULL, NULL },
    { "Share this article", NULL, NULL },
    { "责任编辑：李四", NULL, NULL },
    { "By", NULL, NULL },
    /* Bad input. */
    { NULL, NULL, NULL },
    { "", NULL, NULL },
    { " ", NULL, NULL },
    { "\xff\xfe", NULL, NULL },
    { "By Jane \xc3 Doe", NULL, NULL },
  };
  g_autoptr (GString) long_line = g_string_new ("By Jane Doe");
  g_autofree char *author = NULL;
  g_autofree char *source = NULL;

  check_lines (cases, G_N_ELEMENTS (cases));

  /* Too long for a byline. */
  for (guint i = 0; i < 10; i++)
    g_string_append (long_line, " and John Roe");
  g_assert_false (lectern_byline_parse_line (long_line->str, &author, &source));
  g_assert_null (author);
  g_assert_null (source);

  /* Both outputs are optional. */
  g_assert_true (lectern_byline_parse_line ("By Jane Doe", NULL, NULL));
  g_assert_true (lectern_byline_parse_line ("来源：新华社", &author, NULL));
  g_assert_null (author);
}

static void
test_byline_is_url (void)
{
  static const char * const urls[] = {
    "https://www.facebook.com/janedoe", "http://example.org", "HTTPS://EXAMPLE.ORG/JANE",
    "//example.org/jane", "www.example.org", "twitter.com/janedoe", "medium.com/@jane",
    "example.com", "example.co.uk", "  https://example.org  ", "ftp://example.org/jane",
  };
  static const char * const not_urls[] = {
    "Jane Doe", "J.R.R. Tolkien", "jane.doe", "Jane.Doe", "@janedoe", "jane@example.org",
    "3.14", "Dr.Who", "张三", "a.b", "example..com", ".com", "https ://x", "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++) {
    {
      g_autofree char *shown = lectern_test_dup_shown (urls[i]);
      g_test_message ("%s", shown);
    }
    g_assert_true (lectern_byline_is_url (urls[i]));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (not_urls); i++) {
    {
      g_autofree char *shown = lectern_test_dup_shown (not_urls[i]);
      g_test_message ("%s", shown);
    }
    g_assert_false (lectern_byline_is_url (not_urls[i]));
  }

  g_assert_false (lectern_byline_is_url (NULL));
  g_assert_false (lectern_byline_is_url ("https://\xff"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/byline/clean/labels", test_byline_clean_labels);
  g_test_add_func ("/core/byline/clean/sources", test_byline_clean_sources);
  g_test_add_func ("/core/byline/clean/dates", test_byline_clean_dates);
  g_test_add_func ("/core/byline/clean/site", test_byline_clean_site);
  g_test_add_func ("/core/byline/clean/names", test_byline_clean_names);
  g_test_add_func ("/core/byline/clean/addresses", test_byline_clean_addresses);
  g_test_add_func ("/core/byline/clean/bad-input", test_byline_clean_bad_input);
  g_test_add_func ("/core/byline/line/chinese", test_byline_line_chinese);
  g_test_add_func ("/core/byline/line/english", test_byline_line_english);
  g_test_add_func ("/core/byline/line/not-byline", test_byline_line_not_byline);
  g_test_add_func ("/core/byline/is-url", test_byline_is_url);

  return g_test_run ();
}
