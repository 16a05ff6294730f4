/* lectern-date.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-date.h"

#include <string.h>

/* Dates as pages write them, read by a small hand-written scanner instead of regular
 * expressions: the metadata code runs it over many candidate strings per page, and each form
 * below costs a few byte comparisons at the positions where a number or a word starts.
 *
 * A time written without a zone ("2025-03-19 09:32", "2025年3月19日 09:32") is taken as UTC.
 * The page's own zone is unknown (a Chinese page means UTC+8, an American one its own), and
 * guessing from the language would be wrong as often as it is right; UTC at least keeps the
 * written day for times of day far from midnight, and it is what the rest of Lectern stores.
 * A time written with a zone ("+08:00", "Z", "GMT", "EST") is converted to the instant it
 * names.
 *
 * A date without a time, and a time of exactly midnight (how many sites write a date-only
 * value: "2025-03-19T00:00:00+08:00"), has day precision: its timestamp is midnight UTC of
 * the day as the page wrote it, whatever its zone, so that showing it in UTC shows that day.
 */

/* Pages without a date often print the zero timestamp (1 January 1970, or 31 December 1969
 * in their zone) or another placeholder of that era, and no page Lectern saves was on the
 * web before the web began, in 1990: earlier dates are such placeholders, never real. */
#define MIN_YEAR 1990
#define MAX_YEAR 9999

/* g_date_get_julian () of 1 January 1970: GDate counts 1 January of year 1 as day 1. */
#define UNIX_EPOCH_JULIAN 719163
#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* Pages publish a day ahead of some of their readers, and clocks drift: a date up to a day
 * after now is still taken. */
#define FUTURE_TOLERANCE (SECONDS_PER_DAY * G_USEC_PER_SEC)

typedef struct {
  int year;
  int month;
  int day;
  int hour;
  int minute;
  int second;
  int usec;
  int offset;       /* seconds east of UTC */
  gboolean has_time;
} DateMatch;

static const struct {
  const char *name;
  int month;
} month_names[] = {
  { "january", 1 }, { "jan", 1 },
  { "february", 2 }, { "feb", 2 },
  { "march", 3 }, { "mar", 3 },
  { "april", 4 }, { "apr", 4 },
  { "may", 5 },
  { "june", 6 }, { "jun", 6 },
  { "july", 7 }, { "jul", 7 },
  { "august", 8 }, { "aug", 8 },
  { "september", 9 }, { "sept", 9 }, { "sep", 9 },
  { "october", 10 }, { "oct", 10 },
  { "november", 11 }, { "nov", 11 },
  { "december", 12 }, { "dec", 12 },
};

static const char * const weekday_names[] = {
  "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur",
  "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
};

/* Zone abbreviations that name one offset. "CST" is left out: it is China Standard Time on
 * Chinese pages and Central Standard Time on American ones, so a time written with it is
 * read as having no zone. "ET" and "PT" change with daylight saving time and are left out
 * too. */
static const struct {
  const char *name;
  int hours;
} zone_names[] = {
  { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "WET", 0 }, { "WEST", 1 }, { "BST", 1 },
  { "CET", 1 }, { "CEST", 2 }, { "EET", 2 }, { "EEST", 3 }, { "MSK", 3 },
  { "EST", -5 }, { "EDT", -4 }, { "CDT", -5 }, { "MST", -7 }, { "MDT", -6 },
  { "PST", -8 }, { "PDT", -7 },
  { "HKT", 8 }, { "SGT", 8 }, { "JST", 9 }, { "KST", 9 }, { "AEST", 10 }, { "AEDT", 11 },
};

static inline gboolean
digit_at (const char *s,
          gsize       len,
          gsize       i)
{
  return i < len && g_ascii_isdigit (s[i]);
}

static inline gboolean
alpha_at (const char *s,
          gsize       len,
          gsize       i)
{
  return i < len && g_ascii_isalpha (s[i]);
}

/* Reads @min_digits to @max_digits digits at @i that no other digit follows. Returns the
 * index after them, or 0. */
static gsize
read_number (const char *s,
             gsize       len,
             gsize       i,
             gsize       min_digits,
             gsize       max_digits,
             int        *value)
{
  gsize j = i;
  int v = 0;

  while (j < len && g_ascii_isdigit (s[j]) && j - i < max_digits)
    v = v * 10 + (s[j++] - '0');

  if (j - i < min_digits || digit_at (s, len, j))
    return 0;

  *value = v;
  return j;
}

/* Returns the index after @literal when it is at @i, or 0. */
static gsize
match_text (const char *s,
            gsize       len,
            gsize       i,
            const char *literal)
{
  gsize n = strlen (literal);

  if (i > len || len - i < n || memcmp (s + i, literal, n) != 0)
    return 0;

  return i + n;
}

/* White space between the parts of a date: ASCII, no-break spaces, the thin spaces some
 * sites put before "AM", and the ideographic space of CJK pages. */
static gsize
skip_spaces (const char *s,
             gsize       len,
             gsize       i)
{
  for (;;) {
    gsize j;

    if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
      i++;
    else if ((j = match_text (s, len, i, "\xc2\xa0")) ||
             (j = match_text (s, len, i, "\xe2\x80\x89")) ||
             (j = match_text (s, len, i, "\xe2\x80\xaf")) ||
             (j = match_text (s, len, i, "\xe3\x80\x80")))
      i = j;
    else
      return i;
  }
}

/* Copies the ASCII word at @i, lower-cased, into @word. Returns its end, or 0 when there
 * is no word or it does not fit. */
static gsize
read_word (const char *s,
           gsize       len,
           gsize       i,
           char       *word,
           gsize       size)
{
  gsize j = i;

  while (j < len && g_ascii_isalpha (s[j])) {
    if (j - i + 1 >= size)
      return 0;
    word[j - i] = g_ascii_tolower (s[j]);
    j++;
  }
  word[j - i] = '\0';

  return j > i ? j : 0;
}

/* An English month name or abbreviation, in any case, with an optional full stop. */
static gsize
read_month (const char *s,
            gsize       len,
            gsize       i,
            int        *month)
{
  char word[12];
  gsize j;

  j = read_word (s, len, i, word, sizeof word);
  if (j == 0)
    return 0;

  for (gsize k = 0; k < G_N_ELEMENTS (month_names); k++) {
    if (strcmp (word, month_names[k].name) == 0) {
      *month = month_names[k].month;
      return j < len && s[j] == '.' ? j + 1 : j;
    }
  }

  return 0;
}

/* The "st" of "1st", "nd", "rd" and "th". */
static gsize
skip_ordinal (const char *s,
              gsize       len,
              gsize       i)
{
  char word[4];
  gsize j;

  j = read_word (s, len, i, word, sizeof word);
  if (j != 0 && (strcmp (word, "st") == 0 || strcmp (word, "nd") == 0 ||
                 strcmp (word, "rd") == 0 || strcmp (word, "th") == 0))
    return j;

  return i;
}

/* A whole ASCII word, in any case. */
static gsize
match_word (const char *s,
            gsize       len,
            gsize       i,
            const char *lower)
{
  char word[8];
  gsize j;

  j = read_word (s, len, i, word, sizeof word);
  if (j == 0 || strcmp (word, lower) != 0)
    return 0;

  return j;
}

/* "+08:00", "+0800", "+08" and, with @short_hours, "+8" (after "GMT"). */
static gsize
read_offset (const char *s,
             gsize       len,
             gsize       i,
             gboolean    short_hours,
             int        *offset)
{
  int sign;
  int hours;
  int minutes = 0;
  gsize j;

  if (i >= len || (s[i] != '+' && s[i] != '-'))
    return 0;

  sign = s[i] == '-' ? -1 : 1;
  i++;

  if (digit_at (s, len, i) && digit_at (s, len, i + 1)) {
    hours = (s[i] - '0') * 10 + (s[i + 1] - '0');
    j = i + 2;
  } else if (short_hours && digit_at (s, len, i)) {
    hours = s[i] - '0';
    j = i + 1;
  } else {
    return 0;
  }

  if (j < len && s[j] == ':')
    j = read_number (s, len, j + 1, 2, 2, &minutes);
  else if (digit_at (s, len, j))
    j = read_number (s, len, j, 2, 2, &minutes);

  if (j == 0 || hours > 14 || minutes > 59)
    return 0;

  *offset = sign * (hours * 3600 + minutes * 60);
  return j;
}

/* "UTC", "GMT+8", "EST": upper-case abbreviations only, because "est" is also a word. */
static gsize
read_zone_name (const char *s,
                gsize       len,
                gsize       i,
                int        *offset)
{
  char word[6];
  gsize j = i;

  while (j < len && g_ascii_isupper (s[j]) && j - i < sizeof word - 1) {
    word[j - i] = s[j];
    j++;
  }
  word[j - i] = '\0';

  if (j == i || alpha_at (s, len, j))
    return 0;

  for (gsize k = 0; k < G_N_ELEMENTS (zone_names); k++) {
    int extra = 0;
    gsize e;

    if (strcmp (word, zone_names[k].name) != 0)
      continue;

    if (zone_names[k].hours == 0 && (e = read_offset (s, len, j, TRUE, &extra)) != 0)
      j = e;

    *offset = zone_names[k].hours * 3600 + extra;
    return j;
  }

  return 0;
}

/* "am", "PM", "a.m.", not followed by a letter. */
static gsize
read_meridiem (const char *s,
               gsize       len,
               gsize       i,
               gboolean   *pm)
{
  gboolean dotted;
  char c;

  if (i >= len)
    return 0;

  c = g_ascii_tolower (s[i]);
  if (c != 'a' && c != 'p')
    return 0;
  *pm = c == 'p';

  i++;
  dotted = i < len && s[i] == '.';
  if (dotted)
    i++;
  if (i >= len || g_ascii_tolower (s[i]) != 'm')
    return 0;
  i++;
  /* The full stop of "p.m.", not the one that ends a sentence after "pm". */
  if (dotted && i < len && s[i] == '.')
    i++;

  return alpha_at (s, len, i) ? 0 : i;
}

/* A time of day at @i: "09:32", "9:32:05.123", "09：32", "9时32分", "9時32分", then "am"/"pm" and a
 * zone. A zone glued to the time ("Z", "+08:00") is read only when @iso (the date and time
 * were joined by "T") or the time has seconds, so that "12:30-13:30" stays a range. Sets
 * @invalid when the shape is a time but the values are not ("25:00"). Returns the end, or 0
 * when there is no time at @i. */
static gsize
read_clock (const char *s,
            gsize       len,
            gsize       i,
            gboolean    iso,
            DateMatch  *m,
            gboolean   *invalid)
{
  int hour;
  int minute;
  int second = 0;
  int usec = 0;
  int offset = 0;
  gboolean has_seconds = FALSE;
  gboolean has_zone = FALSE;
  gboolean pm;
  gsize j;
  gsize k;

  j = read_number (s, len, i, 1, 2, &hour);
  if (j == 0)
    return 0;

  /* "时" in Simplified Chinese, "時" in Japanese and Traditional Chinese. */
  if ((k = match_text (s, len, j, "时")) != 0 || (k = match_text (s, len, j, "時")) != 0 ||
      (k = match_text (s, len, j, "点")) != 0) {
    j = read_number (s, len, k, 1, 2, &minute);
    if (j == 0 || (j = match_text (s, len, j, "分")) == 0)
      return 0;
    k = read_number (s, len, j, 1, 2, &second);
    if (k != 0 && (k = match_text (s, len, k, "秒")) != 0) {
      j = k;
      has_seconds = TRUE;
    } else {
      second = 0;
    }
  } else {
    if (j < len && s[j] == ':')
      k = j + 1;
    else if ((k = match_text (s, len, j, "：")) == 0)
      return 0;

    j = read_number (s, len, k, 2, 2, &minute);
    if (j == 0)
      return 0;

    if (j + 1 < len && s[j] == ':' && g_ascii_isdigit (s[j + 1])) {
      j = read_number (s, len, j + 1, 2, 2, &second);
      if (j == 0)
        return 0;
      has_seconds = TRUE;

      if (j + 1 < len && (s[j] == '.' || s[j] == ',') && g_ascii_isdigit (s[j + 1])) {
        int scale = 100000;

        for (j++; j < len && g_ascii_isdigit (s[j]); j++) {
          usec += (s[j] - '0') * scale;
          scale /= 10;
        }
      }
    }

    /* "09:32:05:12" is a duration or a frame count, not a time. */
    if (j + 1 < len && s[j] == ':' && g_ascii_isdigit (s[j + 1]))
      return 0;
  }

  k = read_meridiem (s, len, skip_spaces (s, len, j), &pm);
  if (k != 0) {
    if (hour < 1 || hour > 12) {
      *invalid = TRUE;
      return 0;
    }
    hour = hour % 12 + (pm ? 12 : 0);
    j = k;
  }

  if (hour > 23 || minute > 59 || second > 59) {
    *invalid = TRUE;
    return 0;
  }

  if (iso || has_seconds) {
    if (j < len && (s[j] == 'Z' || s[j] == 'z') && !alpha_at (s, len, j + 1) &&
        !digit_at (s, len, j + 1)) {
      j++;
      has_zone = TRUE;
    } else if ((k = read_offset (s, len, j, FALSE, &offset)) != 0) {
      j = k;
      has_zone = TRUE;
    }
  }

  if (!has_zone) {
    k = skip_spaces (s, len, j);
    if (k > j) {
      gsize e;

      /* RFC 2822 writes "+0800" after a space; a bare "+08" there is something else. */
      if ((e = read_offset (s, len, k, FALSE, &offset)) != 0 && e - k >= 5)
        j = e;
      else if ((e = read_zone_name (s, len, k, &offset)) != 0)
        j = e;
      else
        offset = 0;
    }
  }

  m->hour = hour;
  m->minute = minute;
  m->second = second;
  m->usec = usec;
  m->offset = offset;
  m->has_time = TRUE;

  return j;
}

/* The time that may follow a date at @i: after "T" (ISO 8601), or after white space, a
 * comma, "at", "@" or a dash, and after 上午/下午 on Chinese pages. Returns the end of the
 * date and its time, @i when no time follows, or 0 when the time is impossible. */
static gsize
read_time_after_date (const char *s,
                      gsize       len,
                      gsize       i,
                      DateMatch  *m)
{
  gboolean invalid = FALSE;
  int meridiem = 0;
  gsize j;
  gsize k;
  gsize end;

  if (i + 1 < len && (s[i] == 'T' || s[i] == 't') && g_ascii_isdigit (s[i + 1])) {
    end = read_clock (s, len, i + 1, TRUE, m, &invalid);
    return invalid ? 0 : end != 0 ? end : i;
  }

  j = skip_spaces (s, len, i);
  if (j < len && (s[j] == ',' || s[j] == '@' || (s[j] == '-' && j > i)))
    j = skip_spaces (s, len, j + 1);
  else if ((k = match_text (s, len, j, "–")) != 0 || (k = match_word (s, len, j, "at")) != 0)
    j = skip_spaces (s, len, k);

  if ((k = match_text (s, len, j, "上午")) != 0) {
    meridiem = 1;
    j = skip_spaces (s, len, k);
  } else if ((k = match_text (s, len, j, "下午")) != 0 ||
             (k = match_text (s, len, j, "晚上")) != 0) {
    meridiem = 2;
    j = skip_spaces (s, len, k);
  }

  end = read_clock (s, len, j, FALSE, m, &invalid);
  if (invalid)
    return 0;
  if (end == 0) {
    m->has_time = FALSE;
    return i;
  }

  if (meridiem == 2 && m->hour < 12)
    m->hour += 12;
  else if (meridiem == 1 && m->hour == 12)
    m->hour = 0;

  return end;
}

/* "2025-03-19", "2025/3/19", "2025.03.19", "2025年3月19日", each with an optional time. */
static gsize
try_year_first (const char *s,
                gsize       len,
                gsize       i,
                DateMatch  *m)
{
  gsize j;
  gsize k;

  j = read_number (s, len, i, 4, 4, &m->year);
  if (j == 0)
    return 0;

  if (j < len && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
    char sep = s[j];

    k = read_number (s, len, j + 1, 1, 2, &m->month);
    if (k == 0 || k >= len || s[k] != sep)
      return 0;
    j = read_number (s, len, k + 1, 1, 2, &m->day);
    if (j == 0)
      return 0;
    /* "2025.03.19.1" is a version, "2025-03-19-2" a serial number. */
    if (j + 1 < len && s[j] == sep && g_ascii_isdigit (s[j + 1]))
      return 0;
  } else {
    k = match_text (s, len, skip_spaces (s, len, j), "年");
    if (k == 0)
      return 0;
    k = read_number (s, len, skip_spaces (s, len, k), 1, 2, &m->month);
    if (k == 0)
      return 0;
    k = match_text (s, len, skip_spaces (s, len, k), "月");
    if (k == 0)
      return 0;
    j = read_number (s, len, skip_spaces (s, len, k), 1, 2, &m->day);
    if (j == 0)
      return 0;
    k = skip_spaces (s, len, j);
    if (match_text (s, len, k, "日") != 0 || match_text (s, len, k, "号") != 0)
      j = k + strlen ("日");
  }

  return read_time_after_date (s, len, j, m);
}


/* The four-digit year after @i, past an optional comma and at least one
 * space (", 2025", " 2025"): where it ends, or 0.
 */
static gsize
read_year_after_space (const char *s,
                       gsize       len,
                       gsize       i,
                       int        *year)
{
  gsize j = i < len && s[i] == ',' ? i + 1 : i;

  j = skip_spaces (s, len, j);
  if (j == i)
    return 0;

  return read_number (s, len, j, 4, 4, year);
}

/* "19 March 2025", "19th of March, 2025", "19 Mar. 2025", "19-Mar-2025", and "19.03.2025"
 * as Europe writes it, each with an optional time. */
static gsize
try_day_first (const char *s,
               gsize       len,
               gsize       i,
               DateMatch  *m)
{
  gboolean dashed = FALSE;
  gsize j;
  gsize k;

  j = read_number (s, len, i, 1, 2, &m->day);
  if (j == 0)
    return 0;

  if (j + 1 < len && s[j] == '.' && g_ascii_isdigit (s[j + 1])) {
    k = read_number (s, len, j + 1, 1, 2, &m->month);
    if (k == 0 || k >= len || s[k] != '.')
      return 0;
    j = read_number (s, len, k + 1, 4, 4, &m->year);
    if (j == 0 || (j + 1 < len && s[j] == '.' && g_ascii_isdigit (s[j + 1])))
      return 0;
    return read_time_after_date (s, len, j, m);
  }

  j = skip_ordinal (s, len, j);
  if (j < len && s[j] == '-') {
    dashed = TRUE;
    k = j + 1;
  } else {
    gsize e;

    if (j < len && s[j] == '.')
      j++;
    k = skip_spaces (s, len, j);
    if (k == j)
      return 0;
    if ((e = match_word (s, len, k, "of")) != 0 && skip_spaces (s, len, e) > e)
      k = skip_spaces (s, len, e);
  }

  k = read_month (s, len, k, &m->month);
  if (k == 0)
    return 0;

  if (dashed) {
    if (k >= len || s[k] != '-')
      return 0;
    j = read_number (s, len, k + 1, 4, 4, &m->year);
  } else {
    j = read_year_after_space (s, len, k, &m->year);
  }
  if (j == 0)
    return 0;

  return read_time_after_date (s, len, j, m);
}

/* "March 19, 2025", "Mar 19 2025", "Sept. 19th, 2025", each with an optional time. */
static gsize
try_month_first (const char *s,
                 gsize       len,
                 gsize       i,
                 DateMatch  *m)
{
  gsize j;
  gsize k;

  j = read_month (s, len, i, &m->month);
  if (j == 0)
    return 0;

  k = skip_spaces (s, len, j);
  if (k == j && s[j - 1] != '.')
    return 0;

  j = read_number (s, len, k, 1, 2, &m->day);
  if (j == 0)
    return 0;
  j = skip_ordinal (s, len, j);

  j = read_year_after_space (s, len, j, &m->year);
  if (j == 0)
    return 0;

  return read_time_after_date (s, len, j, m);
}

/* "03-19" and "3月19日", in the year the caller found elsewhere on the page. */
static gsize
try_month_day (const char *s,
               gsize       len,
               gsize       i,
               int         year,
               DateMatch  *m)
{
  gsize j;
  gsize k;

  /* The rest of a "2025年2月30日" refused as a whole must not be read without its year. */
  k = i;
  while (k > 0 && s[k - 1] == ' ')
    k--;
  if (k >= 3 && memcmp (s + k - 3, "年", 3) == 0)
    return 0;

  m->year = year;

  j = read_number (s, len, i, 2, 2, &m->month);
  if (j != 0 && j < len && s[j] == '-') {
    k = read_number (s, len, j + 1, 2, 2, &m->day);
    if (k == 0)
      return 0;
    /* "03-19-4567" is a phone number, "03-19.2" something else. */
    if (k + 1 < len && (s[k] == '-' || s[k] == '.' || s[k] == '/') &&
        g_ascii_isdigit (s[k + 1]))
      return 0;
    return read_time_after_date (s, len, k, m);
  }

  j = read_number (s, len, i, 1, 2, &m->month);
  if (j == 0)
    return 0;
  k = match_text (s, len, skip_spaces (s, len, j), "月");
  if (k == 0)
    return 0;
  j = read_number (s, len, skip_spaces (s, len, k), 1, 2, &m->day);
  if (j == 0)
    return 0;
  k = skip_spaces (s, len, j);
  if ((j = match_text (s, len, k, "日")) == 0 && (j = match_text (s, len, k, "号")) == 0)
    return 0;

  return read_time_after_date (s, len, j, m);
}

static gboolean
match_to_time (const DateMatch      *m,
               gint64                limit,
               gint64               *time,
               LecternDatePrecision *precision)
{
  LecternDatePrecision p;
  GDate date;
  gint64 seconds;
  gint64 t;

  if (m->year < MIN_YEAR || m->year > MAX_YEAR || m->month < 1 || m->month > 12 ||
      m->day < 1 || m->day > 31 ||
      !g_date_valid_dmy ((GDateDay)m->day, (GDateMonth)m->month, (GDateYear)m->year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)m->day, (GDateMonth)m->month, (GDateYear)m->year);
  seconds = ((gint64)g_date_get_julian (&date) - UNIX_EPOCH_JULIAN) * SECONDS_PER_DAY;

  if (m->has_time && (m->hour != 0 || m->minute != 0 || m->second != 0 || m->usec != 0)) {
    seconds += m->hour * 3600 + m->minute * 60 + m->second - m->offset;
    t = seconds * G_USEC_PER_SEC + m->usec;
    p = LECTERN_DATE_PRECISION_MINUTE;
  } else {
    t = seconds * G_USEC_PER_SEC;
    p = LECTERN_DATE_PRECISION_DAY;
  }

  if (t > limit)
    return FALSE;

  *time = t;
  *precision = p;
  return TRUE;
}

/* A Unix timestamp in seconds (10 digits) or milliseconds (13), when it is the whole text:
 * inside a text a run of digits is more often an id or a phone number. */
static gboolean
read_timestamp (const char *s,
                gsize       len,
                gint64      limit,
                gint64     *time,
                gsize      *start,
                gsize      *end)
{
  gsize i = 0;
  gsize j = len;
  gint64 value = 0;
  gint64 t;

  while (i < j && g_ascii_isspace (s[i]))
    i++;
  while (j > i && g_ascii_isspace (s[j - 1]))
    j--;

  if (j - i != 10 && j - i != 13)
    return FALSE;

  for (gsize k = i; k < j; k++) {
    if (!g_ascii_isdigit (s[k]))
      return FALSE;
    value = value * 10 + (s[k] - '0');
  }

  t = j - i == 10 ? value * G_USEC_PER_SEC : value * 1000;
  if (t < ((gint64)(MIN_YEAR - 1970) * 365 + 5) * SECONDS_PER_DAY * G_USEC_PER_SEC ||
      t > limit)
    return FALSE;

  *time = t;
  *start = i;
  *end = j;
  return TRUE;
}

static gboolean
is_weekday (const char *s,
            gsize       start,
            gsize       end)
{
  char word[12];

  if (end - start >= sizeof word)
    return FALSE;

  for (gsize i = start; i < end; i++)
    word[i - start] = g_ascii_tolower (s[i]);
  word[end - start] = '\0';

  for (gsize k = 0; k < G_N_ELEMENTS (weekday_names); k++) {
    if (strcmp (word, weekday_names[k]) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Widens the span of a date over the weekday written before it ("Wed, 19 Mar 2025") or,
 * on Chinese pages, after it ("2025年3月19日 星期三"), so that cutting the date out of a
 * byline leaves no weekday behind. */
static void
widen_over_weekday (const char *s,
                    gsize       len,
                    gsize      *start,
                    gsize      *end)
{
  static const char * const cjk_prefixes[] = { "星期", "礼拜", "周" };
  static const char * const cjk_days[] = { "一", "二", "三", "四", "五", "六", "日", "天" };
  gsize i = *start;
  gsize word_end;
  gsize j;

  while (i > 0 && s[i - 1] == ' ')
    i--;
  if (i > 0 && s[i - 1] == ',')
    i--;
  while (i > 0 && s[i - 1] == ' ')
    i--;
  if (i > 0 && s[i - 1] == '.')
    i--;
  word_end = i;
  while (i > 0 && g_ascii_isalpha (s[i - 1]))
    i--;
  if (i < word_end && is_weekday (s, i, word_end))
    *start = i;

  j = skip_spaces (s, len, *end);
  if (j < len && s[j] == '(')
    j++;
  else if (match_text (s, len, j, "（") != 0)
    j += strlen ("（");

  for (gsize p = 0; p < G_N_ELEMENTS (cjk_prefixes); p++) {
    gsize k = match_text (s, len, j, cjk_prefixes[p]);

    if (k == 0)
      continue;

    for (gsize d = 0; d < G_N_ELEMENTS (cjk_days); d++) {
      gsize e = match_text (s, len, k, cjk_days[d]);

      if (e == 0)
        continue;
      if (e < len && s[e] == ')')
        e++;
      else if (match_text (s, len, e, "）") != 0)
        e += strlen ("）");
      *end = e;
      return;
    }
  }
}

static gboolean
find_date (const char           *s,
           gsize                 len,
           gint64                limit,
           int                   year_hint,
           gint64               *time,
           LecternDatePrecision *precision,
           int                  *offset,
           gsize                *start,
           gsize                *end)
{
  /* Full dates anywhere come first; a month and day alone ("03-19") is read only when the
   * text has no full date and the caller knows the year. */
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1 && year_hint <= 0)
      break;

    for (gsize i = 0; i < len; i++) {
      DateMatch m = { 0, };
      gsize e = 0;

      if (g_ascii_isdigit (s[i])) {
        /* Not inside a longer number ("12025-03-19", "1.2025.03.19", "010-2025-0319"). */
        if (i > 0 && g_ascii_isdigit (s[i - 1]))
          continue;
        if (i > 1 && (s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '/') &&
            g_ascii_isdigit (s[i - 2]))
          continue;

        if (pass == 0) {
          e = try_year_first (s, len, i, &m);
          if (e == 0 || !match_to_time (&m, limit, time, precision)) {
            memset (&m, 0, sizeof m);
            e = try_day_first (s, len, i, &m);
            if (e != 0 && !match_to_time (&m, limit, time, precision))
              e = 0;
          }
        } else if (i == 0 || !g_ascii_isalpha (s[i - 1])) {
          e = try_month_day (s, len, i, year_hint, &m);
          if (e != 0 && !match_to_time (&m, limit, time, precision))
            e = 0;
        }
      } else if (pass == 0 && g_ascii_isalpha (s[i]) && (i == 0 || !g_ascii_isalpha (s[i - 1])) &&
                 strchr ("jfmasondJFMASOND", s[i]) != NULL) {
        e = try_month_first (s, len, i, &m);
        if (e != 0 && !match_to_time (&m, limit, time, precision))
          e = 0;
      }

      if (e != 0) {
        *start = i;
        *end = e;
        /* A day is the day as written, whatever the zone. */
        *offset = *precision == LECTERN_DATE_PRECISION_MINUTE ? m.offset : 0;
        return TRUE;
      }
    }
  }

  return FALSE;
}

/**
 * lectern_date_find:
 * @text: (nullable): a short text: a meta tag's content, a `<time>` element's text, a byline
 * @now: the current time in microseconds since the epoch, or 0 for the system clock
 * @year_hint: the year found elsewhere on the page, for a month and day written alone
 *   ("03-19", "3月19日"), or 0
 * @time: (out) (optional): where to store the date, in microseconds since the epoch
 * @precision: (out) (optional): where to store how precise the date is
 * @start: (out) (optional): where to store the byte offset where the date starts
 * @end: (out) (optional): where to store the byte offset after the date
 *
 * Finds the first date in @text, as lectern_date_parse() reads it, and where it is: its
 * span covers the date, its time of day and zone, and a weekday written next to it, so
 * that cutting it out of a byline leaves the name.
 *
 * Returns: %TRUE if @text holds a possible date
 */
gboolean
lectern_date_find (const char           *text,
                   gint64                now,
                   int                   year_hint,
                   gint64               *time,
                   LecternDatePrecision *precision,
                   gsize                *start,
                   gsize                *end)
{
  return lectern_date_find_full (text, now, year_hint, time, precision, NULL, start, end);
}

/**
 * lectern_date_find_full:
 * @text: (nullable): a short text: a meta tag's content, a `<time>` element's text, a byline
 * @now: the current time in microseconds since the epoch, or 0 for the system clock
 * @year_hint: the year found elsewhere on the page, for a month and day written alone, or 0
 * @time: (out) (optional): where to store the date, in microseconds since the epoch
 * @precision: (out) (optional): where to store how precise the date is
 * @offset: (out) (optional): where to store the zone the time was written in, in seconds
 *   east of UTC: 0 for a day, a time without a zone and a Unix timestamp
 * @start: (out) (optional): where to store the byte offset where the date starts
 * @end: (out) (optional): where to store the byte offset after the date
 *
 * Finds the first date in @text as lectern_date_find() does, and the zone it was written
 * in, so that it can be shown as the page shows it.
 *
 * Returns: %TRUE if @text holds a possible date
 */
gboolean
lectern_date_find_full (const char           *text,
                        gint64                now,
                        int                   year_hint,
                        gint64               *time,
                        LecternDatePrecision *precision,
                        int                  *offset,
                        gsize                *start,
                        gsize                *end)
{
  LecternDatePrecision p = LECTERN_DATE_PRECISION_NONE;
  gint64 t = 0;
  int o = 0;
  gint64 limit;
  gsize s = 0;
  gsize e = 0;
  gsize len;
  gboolean found;

  if (time)
    *time = 0;
  if (precision)
    *precision = LECTERN_DATE_PRECISION_NONE;
  if (offset)
    *offset = 0;
  if (start)
    *start = 0;
  if (end)
    *end = 0;

  if (!text || !*text)
    return FALSE;

  len = strlen (text);
  if (!g_utf8_validate (text, len, NULL))
    return FALSE;

  if (now <= 0)
    now = g_get_real_time ();
  limit = now > G_MAXINT64 - FUTURE_TOLERANCE ? G_MAXINT64 : now + FUTURE_TOLERANCE;

  if (read_timestamp (text, len, limit, &t, &s, &e)) {
    p = LECTERN_DATE_PRECISION_MINUTE;
    found = TRUE;
  } else {
    found = find_date (text, len, limit, year_hint, &t, &p, &o, &s, &e);
    if (found)
      widen_over_weekday (text, len, &s, &e);
  }

  if (!found)
    return FALSE;

  if (time)
    *time = t;
  if (precision)
    *precision = p;
  if (offset)
    *offset = o;
  if (start)
    *start = s;
  if (end)
    *end = e;

  return TRUE;
}

/**
 * lectern_date_parse:
 * @text: (nullable): a short text: a meta tag's content, a `<time>` element's text, a byline
 *   such as "发布时间：2025-03-19 09:32 来源：新华社"
 * @now: the current time in microseconds since the epoch, or 0 for the system clock
 * @year_hint: the year found elsewhere on the page, for a month and day written alone
 *   ("03-19", "3月19日"), or 0 to refuse those
 * @time: (out) (optional): where to store the date, in microseconds since the epoch
 * @precision: (out) (optional): where to store how precise the date is
 *
 * Reads the first date in @text, in the forms pages write: ISO 8601 with or without a zone
 * and fractional seconds ("2025-03-19T09:32:05+08:00", "2025-03-19"), RFC 2822 ("Wed, 19
 * Mar 2025 09:32:05 +0800"), English month names in any case ("19 March 2025", "March 19,
 * 2025", "Sept. 19 2025"), with an optional time ("9:32 am", "09:32 GMT"), Chinese dates
 * ("2025年3月19日 09:32"), "2025-03-19 09:32:05", "2025/03/19", "2025.03.19" and
 * "19.03.2025". A whole text of 10 or 13 digits is a Unix timestamp in seconds or
 * milliseconds.
 *
 * A date must stand apart from other digits, so version and phone numbers are not read as
 * dates. Impossible dates (30 February, month 13, hour 25), dates before 1990 (placeholders
 * such as the zero timestamp) and dates more than a day after @now are refused, and the
 * search goes on after them.
 *
 * A time written without a zone is taken as UTC; with a zone it is converted. A date
 * without a time of day, or at midnight, has %LECTERN_DATE_PRECISION_DAY and is midnight UTC
 * of the day as written: show it in UTC. Otherwise the precision is
 * %LECTERN_DATE_PRECISION_MINUTE.
 *
 * Returns: %TRUE if @text holds a possible date
 */
gboolean
lectern_date_parse (const char           *text,
                    gint64                now,
                    int                   year_hint,
                    gint64               *time,
                    LecternDatePrecision *precision)
{
  return lectern_date_find (text, now, year_hint, time, precision, NULL, NULL);
}

/* A date in one of the URL forms at @i, the start of a path segment:
 * /2025/03/19/, /2025-03-19…, /20250319…, /2025-03/19/ (Xinhua) and /2025/0319/ (People's
 * Daily). */
static gboolean
try_url_date (const char *s,
              gsize       len,
              gsize       i,
              DateMatch  *m)
{
  gsize digits = 0;
  gsize j;
  gsize k;

  while (digit_at (s, len, i + digits))
    digits++;

  if (digits == 8) {
    m->year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
              (s[i + 3] - '0');
    m->month = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
    m->day = (s[i + 6] - '0') * 10 + (s[i + 7] - '0');
    return TRUE;
  }

  if (digits != 4 || read_number (s, len, i, 4, 4, &m->year) == 0)
    return FALSE;
  j = i + 4;

  if (j < len && s[j] == '/') {
    k = read_number (s, len, j + 1, 4, 4, &m->month);
    if (k != 0) {
      m->day = m->month % 100;
      m->month /= 100;
      return TRUE;
    }

    k = read_number (s, len, j + 1, 1, 2, &m->month);
    if (k == 0 || k >= len || s[k] != '/')
      return FALSE;
    return read_number (s, len, k + 1, 1, 2, &m->day) != 0;
  }

  if (j < len && s[j] == '-') {
    k = read_number (s, len, j + 1, 1, 2, &m->month);
    if (k == 0 || k >= len || (s[k] != '-' && s[k] != '/'))
      return FALSE;
    return read_number (s, len, k + 1, 1, 2, &m->day) != 0;
  }

  return FALSE;
}

/**
 * lectern_date_find_in_url:
 * @url: (nullable): an article's address
 * @now: the current time in microseconds since the epoch, or 0 for the system clock
 * @time: (out) (optional): where to store the day, midnight UTC, in microseconds since the
 *   epoch
 * @precision: (out) (optional): where to store %LECTERN_DATE_PRECISION_DAY
 *
 * Reads the day many sites put in their articles' paths: `/2025/03/19/`, `/2025-03-19-title`,
 * `/20250319/`, `/2025-03/19/` and `/2025/0319/`. The date must start a path segment (the
 * host, the query and the fragment are not read), and its year, month and day must be a
 * possible date between 1990 and a day after @now.
 *
 * Returns: %TRUE if the path holds a date
 */
gboolean
lectern_date_find_in_url (const char           *url,
                          gint64                now,
                          gint64               *time,
                          LecternDatePrecision *precision)
{
  const char *path;
  gint64 limit;
  gsize len;

  if (time)
    *time = 0;
  if (precision)
    *precision = LECTERN_DATE_PRECISION_NONE;

  if (!url || !*url || !g_utf8_validate (url, -1, NULL))
    return FALSE;

  path = strstr (url, "://");
  if (path) {
    path += 3;
    path += strcspn (path, "/?#");
    if (*path != '/')
      return FALSE;
  } else {
    path = url;
  }
  len = strcspn (path, "?#");

  if (now <= 0)
    now = g_get_real_time ();
  limit = now > G_MAXINT64 - FUTURE_TOLERANCE ? G_MAXINT64 : now + FUTURE_TOLERANCE;

  for (gsize i = 0; i < len; i++) {
    DateMatch m = { 0, };
    LecternDatePrecision p;
    gint64 t;

    if (i > 0 && path[i - 1] != '/')
      continue;

    if (try_url_date (path, len, i, &m) && match_to_time (&m, limit, &t, &p)) {
      if (time)
        *time = t;
      if (precision)
        *precision = p;
      return TRUE;
    }
  }

  return FALSE;
}
