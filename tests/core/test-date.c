/* test-date.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-date.h"
#include "lectern-test-utils.h"

#define SEC(s) ((gint64)(s) * G_USEC_PER_SEC)
/* 2025-06-01T12:00:00Z, the time every test runs at. */
#define NOW SEC (1748779200)
/* 2025-03-19T00:00:00Z */
#define MAR19 SEC (1742342400)
#define AT(h, m, s) (MAR19 + SEC ((h) * 3600 + (m) * 60 + (s)))

#define DAY LECTERN_DATE_PRECISION_DAY
#define MINUTE LECTERN_DATE_PRECISION_MINUTE
#define NONE LECTERN_DATE_PRECISION_NONE

typedef struct {
  const char *text;
  int year_hint;
  gint64 time;
  LecternDatePrecision precision;
} DateCase;

static void
check_cases (const DateCase *cases,
             gsize           n_cases)
{
  for (gsize i = 0; i < n_cases; i++) {
    LecternDatePrecision precision = 42;
    gint64 time = 42;
    gboolean ok;

    ok = lectern_date_parse (cases[i].text, NOW, cases[i].year_hint, &time, &precision);
    {
      g_autofree char *shown = lectern_test_dup_shown (cases[i].text);
      g_test_message ("%s (year hint %d)", shown, cases[i].year_hint);
    }
    g_assert_cmpint (ok, ==, cases[i].precision != NONE);
    g_assert_cmpint (time, ==, cases[i].time);
    g_assert_cmpint (precision, ==, cases[i].precision);
  }
}

static void
test_date_iso (void)
{
  static const DateCase cases[] = {
    /* With a zone, the instant it names. */
    { "2025-03-19T09:32:05+08:00", 0, AT (1, 32, 5), MINUTE },
    { "2025-03-19T09:32:05+0800", 0, AT (1, 32, 5), MINUTE },
    { "2025-03-19T09:32:05+08", 0, AT (1, 32, 5), MINUTE },
    { "2025-03-19T09:32:05-05:30", 0, AT (15, 2, 5), MINUTE },
    { "2025-03-19T09:32:05Z", 0, AT (9, 32, 5), MINUTE },
    { "2025-03-19t09:32:05z", 0, AT (9, 32, 5), MINUTE },
    { "2025-03-19T09:32+08:00", 0, AT (1, 32, 0), MINUTE },
    /* Fractional seconds, to the microsecond; more digits are dropped. */
    { "2025-03-19T09:32:05.123Z", 0, AT (9, 32, 5) + 123000, MINUTE },
    { "2025-03-19T09:32:05,5Z", 0, AT (9, 32, 5) + 500000, MINUTE },
    { "2025-03-19T09:32:05.123456789-05:00", 0, AT (14, 32, 5) + 123456, MINUTE },
    /* Without a zone, UTC. */
    { "2025-03-19T09:32:05", 0, AT (9, 32, 5), MINUTE },
    { "2025-03-19T09:32", 0, AT (9, 32, 0), MINUTE },
    { "2025-03-19 09:32:05", 0, AT (9, 32, 5), MINUTE },
    { "2025-03-19 09:32", 0, AT (9, 32, 0), MINUTE },
    { "2025-03-19 09:32:05 +0800", 0, AT (1, 32, 5), MINUTE },
    { "2025-03-19 09:32:05 UTC", 0, AT (9, 32, 5), MINUTE },
    /* A date alone, and midnight, are the day as written, at midnight UTC. */
    { "2025-03-19", 0, MAR19, DAY },
    { "2025-03-19T00:00:00", 0, MAR19, DAY },
    { "2025-03-19T00:00:00Z", 0, MAR19, DAY },
    { "2025-03-19T00:00:00+08:00", 0, MAR19, DAY },
    { "2025-03-19T00:00:00-05:00", 0, MAR19, DAY },
    /* A range is not a zone. */
    { "2025-03-19 12:30-13:30", 0, AT (12, 30, 0), MINUTE },
    { "  2025-03-19  ", 0, MAR19, DAY },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_rfc2822 (void)
{
  static const DateCase cases[] = {
    { "Wed, 19 Mar 2025 09:32:05 +0800", 0, AT (1, 32, 5), MINUTE },
    { "Wed, 19 Mar 2025 09:32:05 -0000", 0, AT (9, 32, 5), MINUTE },
    { "Wed, 19 Mar 2025 09:32:05 GMT", 0, AT (9, 32, 5), MINUTE },
    { "Wed, 19 Mar 2025 09:32:05 EST", 0, AT (14, 32, 5), MINUTE },
    { "Wed, 19 Mar 2025 09:32:05 PDT", 0, AT (16, 32, 5), MINUTE },
    { "Wed, 19 Mar 2025 09:32 +0100", 0, AT (8, 32, 0), MINUTE },
    /* CST is China's and America's: no zone. */
    { "Wed, 19 Mar 2025 09:32:05 CST", 0, AT (9, 32, 5), MINUTE },
    { "19 Mar 2025 09:32:05", 0, AT (9, 32, 5), MINUTE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_english (void)
{
  static const DateCase cases[] = {
    { "19 March 2025", 0, MAR19, DAY },
    { "19 Mar 2025", 0, MAR19, DAY },
    { "19 Mar. 2025", 0, MAR19, DAY },
    { "19th March 2025", 0, MAR19, DAY },
    { "19th of March, 2025", 0, MAR19, DAY },
    { "19-Mar-2025", 0, MAR19, DAY },
    { "March 19, 2025", 0, MAR19, DAY },
    { "March 19 2025", 0, MAR19, DAY },
    { "Mar 19 2025", 0, MAR19, DAY },
    { "Mar. 19, 2025", 0, MAR19, DAY },
    { "march 19th, 2025", 0, MAR19, DAY },
    { "MARCH 19, 2025", 0, MAR19, DAY },
    { "Wednesday, March 19, 2025", 0, MAR19, DAY },
    /* 2024-09-19 */
    { "Sept. 19, 2024", 0, SEC (1726704000), DAY },
    { "Sept 19 2024", 0, SEC (1726704000), DAY },
    { "Sep 19, 2024", 0, SEC (1726704000), DAY },
    { "September 19, 2024", 0, SEC (1726704000), DAY },
    { "19 SEPT 2024", 0, SEC (1726704000), DAY },
    /* With a time of day. */
    { "19 Mar 2025 09:32", 0, AT (9, 32, 0), MINUTE },
    { "March 19, 2025 09:32", 0, AT (9, 32, 0), MINUTE },
    { "March 19, 2025 at 9:32 pm", 0, AT (21, 32, 0), MINUTE },
    { "March 19, 2025, 9:32 AM", 0, AT (9, 32, 0), MINUTE },
    { "March 19, 2025, 12:05 a.m. UTC", 0, AT (0, 5, 0), MINUTE },
    { "March 19, 2025 12:05 p.m.", 0, AT (12, 5, 0), MINUTE },
    { "March 19, 2025 9:32 AM GMT+8", 0, AT (1, 32, 0), MINUTE },
    { "March 19, 2025 9:32 AM GMT+08:00", 0, AT (1, 32, 0), MINUTE },
    { "March 19, 2025 - 09:32 BST", 0, AT (8, 32, 0), MINUTE },
    /* In a longer text. */
    { "Posted by Jane on Wed, March 19, 2025 at 9:32 a.m.", 0, AT (9, 32, 0), MINUTE },
    { "Jane Doe | March 19, 2025 | 12 comments", 0, MAR19, DAY },
    /* 19.03.2025, as Europe writes it. */
    { "19.03.2025", 0, MAR19, DAY },
    { "19.03.2025 09:32", 0, AT (9, 32, 0), MINUTE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_cjk (void)
{
  static const DateCase cases[] = {
    { "2025年3月19日 09:32", 0, AT (9, 32, 0), MINUTE },
    { "2025年3月19日09:32", 0, AT (9, 32, 0), MINUTE },
    { "2025年03月19日", 0, MAR19, DAY },
    { "2025年3月19日", 0, MAR19, DAY },
    { "2025 年 3 月 19 日", 0, MAR19, DAY },
    { "2025年3月19号", 0, MAR19, DAY },
    { "2025年3月19日 09：32", 0, AT (9, 32, 0), MINUTE },
    { "2025年3月19日 9时32分", 0, AT (9, 32, 0), MINUTE },
    { "2025年3月19日 9時32分", 0, AT (9, 32, 0), MINUTE },
    { "2025年03月19日 11時30分", 0, AT (11, 30, 0), MINUTE },
    { "2025年3月19日 09时32分05秒", 0, AT (9, 32, 5), MINUTE },
    { "2025年3月19日 下午3:32", 0, AT (15, 32, 0), MINUTE },
    { "2025年3月19日 上午12:10", 0, AT (0, 10, 0), MINUTE },
    { "2025年3月19日　星期三", 0, MAR19, DAY },
    { "发布时间：2025-03-19 09:32 来源：新华社", 0, AT (9, 32, 0), MINUTE },
    { "发布时间:2025-03-19 09:32:05", 0, AT (9, 32, 5), MINUTE },
    { "半月谈记者 张漫子 2025年3月19日", 0, MAR19, DAY },
    { "2025/03/19", 0, MAR19, DAY },
    { "2025/3/19 9:32", 0, AT (9, 32, 0), MINUTE },
    { "2025.03.19", 0, MAR19, DAY },
    { "2025.03.19 09:32", 0, AT (9, 32, 0), MINUTE },
    { "2025-3-19", 0, MAR19, DAY },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_month_day (void)
{
  static const DateCase cases[] = {
    /* Only with the year found elsewhere on the page. */
    { "03-19", 2025, MAR19, DAY },
    { "03-19", 0, 0, NONE },
    { "3月19日", 2025, MAR19, DAY },
    { "3月19日", 0, 0, NONE },
    { "03月19日", 2025, MAR19, DAY },
    { "03-19 09:32", 2025, AT (9, 32, 0), MINUTE },
    { "3月19日 09:32", 2025, AT (9, 32, 0), MINUTE },
    { "发布于 03-19 09:32", 2025, AT (9, 32, 0), MINUTE },
    /* A full date wins over a month and day, wherever it is. */
    { "2025-03-19", 2020, MAR19, DAY },
    { "更新 05-20，发布 2025-03-19", 2025, MAR19, DAY },
    /* A full date refused as a whole is not read again without its year. */
    { "1989年3月19日", 2025, 0, NONE },
    { "1989-03-19", 2025, 0, NONE },
    /* Not a month and day: phone numbers, versions, codes, impossible days. */
    { "555-03-19", 2025, 0, NONE },
    { "03-19-4567", 2025, 0, NONE },
    { "A03-19", 2025, 0, NONE },
    { "13-19", 2025, 0, NONE },
    { "02-30", 2025, 0, NONE },
    { "3-19", 2025, 0, NONE },
    { "3月19", 2025, 0, NONE },
    /* In the future. */
    { "12-19", 2025, 0, NONE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_timestamp (void)
{
  static const DateCase cases[] = {
    { "1742376725", 0, AT (9, 32, 5), MINUTE },
    { "1742376725123", 0, AT (9, 32, 5) + 123000, MINUTE },
    { " 1742376725\n", 0, AT (9, 32, 5), MINUTE },
    /* Only 10 or 13 digits, and only as the whole text. */
    { "174237672", 0, 0, NONE },
    { "17423767251", 0, 0, NONE },
    { "174237672512", 0, 0, NONE },
    { "id 1742376725", 0, 0, NONE },
    { "1742376725 views", 0, 0, NONE },
    { "0", 0, 0, NONE },
    { "0000000000", 0, 0, NONE },
    { "0000000000000", 0, 0, NONE },
    /* In the future. */
    { "1900000000", 0, 0, NONE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_impossible (void)
{
  static const DateCase cases[] = {
    { "2025-02-30", 0, 0, NONE },
    { "2025-02-29", 0, 0, NONE },
    { "2025-13-01", 0, 0, NONE },
    { "2025-00-10", 0, 0, NONE },
    { "2025-04-31", 0, 0, NONE },
    { "2025-03-00", 0, 0, NONE },
    { "2025-03-32", 0, 0, NONE },
    { "2025-03-19 25:00", 0, 0, NONE },
    { "2025-03-19T24:00:00Z", 0, 0, NONE },
    { "2025-03-19T09:60", 0, 0, NONE },
    { "2025-03-19T09:32:61Z", 0, 0, NONE },
    { "2025-03-19T09:32:05+15:00", 0, AT (9, 32, 5), MINUTE },
    { "February 30, 2025", 0, 0, NONE },
    { "30 Feb 2025", 0, 0, NONE },
    { "2025年2月30日", 0, 0, NONE },
    { "2025年13月19日", 0, 0, NONE },
    { "March 19, 2025 13:05 pm", 0, 0, NONE },
    { "2025年3月19日 25:00", 0, 0, NONE },
    /* Leap years. */
    { "2024-02-29", 0, SEC (1709164800), DAY },
    { "2000-02-29", 0, SEC (951782400), DAY },
    { "2100-02-29", 0, 0, NONE },
    /* An impossible date does not stop the search. */
    { "2025-02-30 / 2025-03-19", 0, MAR19, DAY },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_range (void)
{
  static const DateCase cases[] = {
    /* Up to a day after now. */
    { "2025-06-01T12:00:00Z", 0, SEC (1748779200), MINUTE },
    { "2025-06-02", 0, SEC (1748822400), DAY },
    { "2025-06-02T12:00:00Z", 0, SEC (1748865600), MINUTE },
    { "2025-06-02T12:00:01Z", 0, 0, NONE },
    { "2025-06-03", 0, 0, NONE },
    { "2030-01-01", 0, 0, NONE },
    { "January 1, 2030", 0, 0, NONE },
    /* A date in the future does not stop the search. */
    { "2030-01-01, 2025-03-19", 0, MAR19, DAY },
    /* From 1990: earlier dates are placeholders such as the zero timestamp. */
    { "1970-01-01T00:00:00Z", 0, 0, NONE },
    { "1969-12-31T16:00:00-08:00", 0, 0, NONE },
    { "1989-12-31", 0, 0, NONE },
    { "1990-01-01", 0, SEC (631152000), DAY },
    { "0001-01-01", 0, 0, NONE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_delimited (void)
{
  static const DateCase cases[] = {
    /* Version numbers, serial numbers and phone numbers are not dates. */
    { "12025-03-19", 0, 0, NONE },
    { "2025-03-190", 0, 0, NONE },
    { "2025-03-19-2", 0, 0, NONE },
    { "2025.03.19.1", 0, 0, NONE },
    { "version 2.2025.03.19", 0, 0, NONE },
    { "v1.19.2025", 0, 0, NONE },
    { "GNOME 3.19 March 2025", 0, 0, NONE },
    { "Tel: 010-2025-0319", 0, 0, NONE },
    { "+86 138 2025 0319", 0, 0, NONE },
    { "20250319", 0, 0, NONE },
    { "Room 12:30", 0, 0, NONE },
    /* Month names are whole words. */
    { "Mayday 19 2025", 0, 0, NONE },
    { "Marching 19, 2025", 0, 0, NONE },
    { "19 Marches 2025", 0, 0, NONE },
    { "March 2025", 0, 0, NONE },
    { "March 192025", 0, 0, NONE },
    /* Delimited by anything else. */
    { "(2025-03-19)", 0, MAR19, DAY },
    { "on2025-03-19,", 0, MAR19, DAY },
    { "日期2025-03-19", 0, MAR19, DAY },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_date_bad_input (void)
{
  static const char * const texts[] = {
    "", " ", "date", "\xff\xfe 2025-03-19", "2025-03-19 \xc3", "2025-", "2025-03", "2025-03-",
    "2025年", "2025年3月", "March", "March 19", "March 19,", "19 March", "T09:32", "09:32",
    "+08:00", "Z", "::::", "----", "年月日",
  };
  LecternDatePrecision precision = 42;
  gint64 time = 42;
  gsize start = 42;
  gsize end = 42;

  g_assert_false (lectern_date_parse (NULL, NOW, 2025, &time, &precision));
  g_assert_cmpint (time, ==, 0);
  g_assert_cmpint (precision, ==, NONE);

  g_assert_false (lectern_date_find (NULL, NOW, 0, NULL, NULL, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++) {
    time = 42;
    precision = 42;
    {
      g_autofree char *shown = lectern_test_dup_shown (texts[i]);
      g_test_message ("%s", shown);
    }
    g_assert_false (lectern_date_parse (texts[i], NOW, 2025, &time, &precision));
    g_assert_cmpint (time, ==, 0);
    g_assert_cmpint (precision, ==, NONE);
  }

  /* Every output is optional. */
  g_assert_true (lectern_date_parse ("2025-03-19", NOW, 0, NULL, NULL));
  g_assert_true (lectern_date_find ("2025-03-19", NOW, 0, NULL, NULL, NULL, NULL));
  g_assert_true (lectern_date_parse ("2025-03-19T", NOW, 0, &time, &precision));
  g_assert_cmpint (time, ==, MAR19);

  /* Every prefix of a long date text is safe to scan. */
  {
    const char *full = "Wed, 19 Mar 2025 09:32:05.123456 +0800 2025年3月19日 下午3时32分05秒";
    gsize len = strlen (full);

    for (gsize n = 0; n <= len; n++) {
      g_autofree char *prefix = g_strndup (full, n);

      lectern_date_parse (prefix, NOW, 2025, &time, &precision);
    }
  }
}

static void
test_date_now (void)
{
  gint64 time;

  /* Now 0 is the system clock. */
  g_assert_true (lectern_date_parse ("2025-03-19", 0, 0, &time, NULL));
  g_assert_cmpint (time, ==, MAR19);
  g_assert_false (lectern_date_parse ("2999-03-19", 0, 0, &time, NULL));

  /* The latest now there is does not overflow. */
  g_assert_true (lectern_date_parse ("2999-03-19", G_MAXINT64, 0, &time, NULL));
}

static void
test_date_find_span (void)
{
  static const struct {
    const char *text;
    const char *span;
  } cases[] = {
    { "By Jane Doe, Wed, 19 Mar 2025 09:32 GMT | News", "Wed, 19 Mar 2025 09:32 GMT" },
    { "By Jane Doe Wednesday March 19, 2025 at 9:32 pm.", "Wednesday March 19, 2025 at 9:32 pm" },
    { "作者：张三 2025年3月19日 星期三 来源：新华社", "2025年3月19日 星期三" },
    { "2025年3月19日（周三）", "2025年3月19日（周三）" },
    { "发布时间：2025-03-19 09:32:05 来源：新华社", "2025-03-19 09:32:05" },
    { "Updated 2025-03-19T09:32:05+08:00.", "2025-03-19T09:32:05+08:00" },
    { "Jane Doe 03-19 09:32", "03-19 09:32" },
    { "1742376725", "1742376725" },
    { "Monday, the 2025-03-19", "2025-03-19" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    LecternDatePrecision precision;
    gint64 time;
    gsize start;
    gsize end;
    g_autofree char *span = NULL;

    {
      g_autofree char *shown = lectern_test_dup_shown (cases[i].text);
      g_test_message ("%s", shown);
    }
    g_assert_true (lectern_date_find (cases[i].text, NOW, 2025, &time, &precision,
                                      &start, &end));
    span = g_strndup (cases[i].text + start, end - start);
    g_assert_cmpstr (span, ==, cases[i].span);
  }
}

static void
test_date_url (void)
{
  static const struct {
    const char *url;
    gint64 time;
  } cases[] = {
    { "https://example.org/2025/03/19/the-title/", MAR19 },
    { "https://example.org/2025/03/19", MAR19 },
    { "https://example.org/2025/3/19/the-title", MAR19 },
    { "https://example.org/news/2025/03/19/the-title.html?x=1#top", MAR19 },
    { "https://example.org/2025-03-19/the-title", MAR19 },
    { "https://example.org/news/2025-03-19-the-title", MAR19 },
    { "https://example.org/a/20250319/c_1234.htm", MAR19 },
    { "https://example.org/20250319-title", MAR19 },
    { "http://www.news.cn/politics/2025-03/19/c_1130.htm", MAR19 },
    { "http://politics.people.com.cn/n1/2025/0319/c1001-123.html", MAR19 },
    { "/2025/03/19/title", MAR19 },
    { "2025/03/19/title", MAR19 },
    /* The first date in the path. */
    { "https://example.org/2025/03/19/2024/01/01/", MAR19 },
    { "https://example.org/2030/01/01/2025/03/19/", MAR19 },
    /* Not a date: not a segment, not in the path, impossible, too old or too new. */
    { "https://example.org/p2025-03-19", 0 },
    { "https://example.org/id-20250319", 0 },
    { "https://example.org/?date=2025-03-19", 0 },
    { "https://example.org/a?p=/2025/03/19/", 0 },
    { "https://example.org/#/2025/03/19/", 0 },
    { "https://2025-03-19.example.org/", 0 },
    { "https://example.org:2025/03/19/", 0 },
    { "https://example.org/2025/03/", 0 },
    { "https://example.org/2025/03/199/", 0 },
    { "https://example.org/2025/13/19/", 0 },
    { "https://example.org/2025/02/30/", 0 },
    { "https://example.org/20251319/", 0 },
    { "https://example.org/2030/01/01/", 0 },
    { "https://example.org/1970/01/01/", 0 },
    { "https://example.org/12345678/", 0 },
    { "https://example.org/123456789/", 0 },
    { "https://example.org/2025/", 0 },
    { "https://example.org/", 0 },
    { "https://example.org", 0 },
    { "", 0 },
    { "\xff/2025/03/19/", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    LecternDatePrecision precision = 42;
    gint64 time = 42;
    gboolean ok;

    {
      g_autofree char *shown = lectern_test_dup_shown (cases[i].url);
      g_test_message ("%s", shown);
    }
    ok = lectern_date_find_in_url (cases[i].url, NOW, &time, &precision);
    g_assert_cmpint (ok, ==, cases[i].time != 0);
    g_assert_cmpint (time, ==, cases[i].time);
    g_assert_cmpint (precision, ==, cases[i].time != 0 ? DAY : NONE);
  }

  g_assert_false (lectern_date_find_in_url (NULL, NOW, NULL, NULL));
  g_assert_true (lectern_date_find_in_url ("https://example.org/2025/03/19/", NOW, NULL, NULL));
}

/* The zone a time was written in; none for a day, a zone-less time or a timestamp. */
static void
test_date_offset (void)
{
  static const struct {
    const char *text;
    int         offset;
  } cases[] = {
    { "2025-03-19T01:00:00+08:00", 8 * 3600 },
    { "2025-03-19T09:32:05.123-05:30", -(5 * 3600 + 30 * 60) },
    { "Wed, 19 Mar 2025 09:32:05 +0800", 8 * 3600 },
    { "March 19, 2025 9:32 am GMT", 0 },
    { "2025-03-19T00:00:00+08:00", 0 },
    { "2025-03-19", 0 },
    { "2025年3月19日 09:32", 0 },
    { "1742376720", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64 time = 0;
    int offset = -1;

    g_test_message ("%s", cases[i].text);
    g_assert_true (lectern_date_find_full (cases[i].text, NOW, 0, &time, NULL, &offset, NULL,
                                           NULL));
    g_assert_cmpint (time, >, 0);
    g_assert_cmpint (offset, ==, cases[i].offset);
  }

  g_assert_false (lectern_date_find_full ("no date", NOW, 0, NULL, NULL, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/date/iso", test_date_iso);
  g_test_add_func ("/core/date/offset", test_date_offset);
  g_test_add_func ("/core/date/rfc2822", test_date_rfc2822);
  g_test_add_func ("/core/date/english", test_date_english);
  g_test_add_func ("/core/date/cjk", test_date_cjk);
  g_test_add_func ("/core/date/month-day", test_date_month_day);
  g_test_add_func ("/core/date/timestamp", test_date_timestamp);
  g_test_add_func ("/core/date/impossible", test_date_impossible);
  g_test_add_func ("/core/date/range", test_date_range);
  g_test_add_func ("/core/date/delimited", test_date_delimited);
  g_test_add_func ("/core/date/bad-input", test_date_bad_input);
  g_test_add_func ("/core/date/now", test_date_now);
  g_test_add_func ("/core/date/find-span", test_date_find_span);
  g_test_add_func ("/core/date/url", test_date_url);

  return g_test_run ();
}
