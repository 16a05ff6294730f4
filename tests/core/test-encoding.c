/* test-encoding.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-encoding.h"
#include "lectern-test-utils.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"

typedef struct {
  const char *label;
  const char *encoding;
} LabelCase;

/* Every label of the WHATWG Encoding Standard with its encoding. */
static const LabelCase label_cases[] = {
    { "866", "IBM866" },
    { "ansi_x3.4-1968", "windows-1252" },
    { "arabic", "ISO-8859-6" },
    { "ascii", "windows-1252" },
    { "asmo-708", "ISO-8859-6" },
    { "big5", "Big5" },
    { "big5-hkscs", "Big5" },
    { "chinese", "GBK" },
    { "cn-big5", "Big5" },
    { "cp1250", "windows-1250" },
    { "cp1251", "windows-1251" },
    { "cp1252", "windows-1252" },
    { "cp1253", "windows-1253" },
    { "cp1254", "windows-1254" },
    { "cp1255", "windows-1255" },
    { "cp1256", "windows-1256" },
    { "cp1257", "windows-1257" },
    { "cp1258", "windows-1258" },
    { "cp819", "windows-1252" },
    { "cp866", "IBM866" },
    { "csbig5", "Big5" },
    { "cseuckr", "EUC-KR" },
    { "cseucpkdfmtjapanese", "EUC-JP" },
    { "csgb2312", "GBK" },
    { "csibm866", "IBM866" },
    { "csiso2022jp", "ISO-2022-JP" },
    { "csiso2022kr", "replacement" },
    { "csiso58gb231280", "GBK" },
    { "csiso88596e", "ISO-8859-6" },
    { "csiso88596i", "ISO-8859-6" },
    { "csiso88598e", "ISO-8859-8" },
    { "csiso88598i", "ISO-8859-8-I" },
    { "csisolatin1", "windows-1252" },
    { "csisolatin2", "ISO-8859-2" },
    { "csisolatin3", "ISO-8859-3" },
    { "csisolatin4", "ISO-8859-4" },
    { "csisolatin5", "windows-1254" },
    { "csisolatin6", "ISO-8859-10" },
    { "csisolatin9", "ISO-8859-15" },
    { "csisolatinarabic", "ISO-8859-6" },
    { "csisolatincyrillic", "ISO-8859-5" },
    { "csisolatingreek", "ISO-8859-7" },
    { "csisolatinhebrew", "ISO-8859-8" },
    { "cskoi8r", "KOI8-R" },
    { "csksc56011987", "EUC-KR" },
    { "csmacintosh", "macintosh" },
    { "csshiftjis", "Shift_JIS" },
    { "csunicode", "UTF-16LE" },
    { "cyrillic", "ISO-8859-5" },
    { "dos-874", "windows-874" },
    { "ecma-114", "ISO-8859-6" },
    { "ecma-118", "ISO-8859-7" },
    { "elot_928", "ISO-8859-7" },
    { "euc-jp", "EUC-JP" },
    { "euc-kr", "EUC-KR" },
    { "gb18030", "gb18030" },
    { "gb2312", "GBK" },
    { "gb_2312", "GBK" },
    { "gb_2312-80", "GBK" },
    { "gbk", "GBK" },
    { "greek", "ISO-8859-7" },
    { "greek8", "ISO-8859-7" },
    { "hebrew", "ISO-8859-8" },
    { "hz-gb-2312", "replacement" },
    { "ibm819", "windows-1252" },
    { "ibm866", "IBM866" },
    { "iso-10646-ucs-2", "UTF-16LE" },
    { "iso-2022-cn", "replacement" },
    { "iso-2022-cn-ext", "replacement" },
    { "iso-2022-jp", "ISO-2022-JP" },
    { "iso-2022-kr", "replacement" },
    { "iso-8859-1", "windows-1252" },
    { "iso-8859-10", "ISO-8859-10" },
    { "iso-8859-11", "windows-874" },
    { "iso-8859-13", "ISO-8859-13" },
    { "iso-8859-14", "ISO-8859-14" },
    { "iso-8859-15", "ISO-8859-15" },
    { "iso-8859-16", "ISO-8859-16" },
    { "iso-8859-2", "ISO-8859-2" },
    { "iso-8859-3", "ISO-8859-3" },
    { "iso-8859-4", "ISO-8859-4" },
    { "iso-8859-5", "ISO-8859-5" },
    { "iso-8859-6", "ISO-8859-6" },
    { "iso-8859-6-e", "ISO-8859-6" },
    { "iso-8859-6-i", "ISO-8859-6" },
    { "iso-8859-7", "ISO-8859-7" },
    { "iso-8859-8", "ISO-8859-8" },
    { "iso-8859-8-e", "ISO-8859-8" },
    { "iso-8859-8-i", "ISO-8859-8-I" },
    { "iso-8859-9", "windows-1254" },
    { "iso-ir-100", "windows-1252" },
    { "iso-ir-101", "ISO-8859-2" },
    { "iso-ir-109", "ISO-8859-3" },
    { "iso-ir-110", "ISO-8859-4" },
    { "iso-ir-126", "ISO-8859-7" },
    { "iso-ir-127", "ISO-8859-6" },
    { "iso-ir-138", "ISO-8859-8" },
    { "iso-ir-144", "ISO-8859-5" },
    { "iso-ir-148", "windows-1254" },
    { "iso-ir-149", "EUC-KR" },
    { "iso-ir-157", "ISO-8859-10" },
    { "iso-ir-58", "GBK" },
    { "iso8859-1", "windows-1252" },
    { "iso8859-10", "ISO-8859-10" },
    { "iso8859-11", "windows-874" },
    { "iso8859-13", "ISO-8859-13" },
    { "iso8859-14", "ISO-8859-14" },
    { "iso8859-15", "ISO-8859-15" },
    { "iso8859-2", "ISO-8859-2" },
    { "iso8859-3", "ISO-8859-3" },
    { "iso8859-4", "ISO-8859-4" },
    { "iso8859-5", "ISO-8859-5" },
    { "iso8859-6", "ISO-8859-6" },
    { "iso8859-7", "ISO-8859-7" },
    { "iso8859-8", "ISO-8859-8" },
    { "iso8859-9", "windows-1254" },
    { "iso88591", "windows-1252" },
    { "iso885910", "ISO-8859-10" },
    { "iso885911", "windows-874" },
    { "iso885913", "ISO-8859-13" },
    { "iso885914", "ISO-8859-14" },
    { "iso885915", "ISO-8859-15" },
    { "iso88592", "ISO-8859-2" },
    { "iso88593", "ISO-8859-3" },
    { "iso88594", "ISO-8859-4" },
    { "iso88595", "ISO-8859-5" },
    { "iso88596", "ISO-8859-6" },
    { "iso88597", "ISO-8859-7" },
    { "iso88598", "ISO-8859-8" },
    { "iso88599", "windows-1254" },
    { "iso_8859-1", "windows-1252" },
    { "iso_8859-15", "ISO-8859-15" },
    { "iso_8859-1:1987", "windows-1252" },
    { "iso_8859-2", "ISO-8859-2" },
    { "iso_8859-2:1987", "ISO-8859-2" },
    { "iso_8859-3", "ISO-8859-3" },
    { "iso_8859-3:1988", "ISO-8859-3" },
    { "iso_8859-4", "ISO-8859-4" },
    { "iso_8859-4:1988", "ISO-8859-4" },
    { "iso_8859-5", "ISO-8859-5" },
    { "iso_8859-5:1988", "ISO-8859-5" },
    { "iso_8859-6", "ISO-8859-6" },
    { "iso_8859-6:1987", "ISO-8859-6" },
    { "iso_8859-7", "ISO-8859-7" },
    { "iso_8859-7:1987", "ISO-8859-7" },
    { "iso_8859-8", "ISO-8859-8" },
    { "iso_8859-8:1988", "ISO-8859-8" },
    { "iso_8859-9", "windows-1254" },
    { "iso_8859-9:1989", "windows-1254" },
    { "koi", "KOI8-R" },
    { "koi8", "KOI8-R" },
    { "koi8-r", "KOI8-R" },
    { "koi8-ru", "KOI8-U" },
    { "koi8-u", "KOI8-U" },
    { "koi8_r", "KOI8-R" },
    { "korean", "EUC-KR" },
    { "ks_c_5601-1987", "EUC-KR" },
    { "ks_c_5601-1989", "EUC-KR" },
    { "ksc5601", "EUC-KR" },
    { "ksc_5601", "EUC-KR" },
    { "l1", "windows-1252" },
    { "l2", "ISO-8859-2" },
    { "l3", "ISO-8859-3" },
    { "l4", "ISO-8859-4" },
    { "l5", "windows-1254" },
    { "l6", "ISO-8859-10" },
    { "l9", "ISO-8859-15" },
    { "latin1", "windows-1252" },
    { "latin2", "ISO-8859-2" },
    { "latin3", "ISO-8859-3" },
    { "latin4", "ISO-8859-4" },
    { "latin5", "windows-1254" },
    { "latin6", "ISO-8859-10" },
    { "logical", "ISO-8859-8-I" },
    { "mac", "macintosh" },
    { "macintosh", "macintosh" },
    { "ms932", "Shift_JIS" },
    { "ms_kanji", "Shift_JIS" },
    { "replacement", "replacement" },
    { "shift-jis", "Shift_JIS" },
    { "shift_jis", "Shift_JIS" },
    { "sjis", "Shift_JIS" },
    { "sun_eu_greek", "ISO-8859-7" },
    { "tis-620", "windows-874" },
    { "ucs-2", "UTF-16LE" },
    { "unicode", "UTF-16LE" },
    { "unicode-1-1-utf-8", "UTF-8" },
    { "unicode11utf8", "UTF-8" },
    { "unicode20utf8", "UTF-8" },
    { "unicodefeff", "UTF-16LE" },
    { "unicodefffe", "UTF-16BE" },
    { "us-ascii", "windows-1252" },
    { "utf-16", "UTF-16LE" },
    { "utf-16be", "UTF-16BE" },
    { "utf-16le", "UTF-16LE" },
    { "utf-8", "UTF-8" },
    { "utf8", "UTF-8" },
    { "visual", "ISO-8859-8" },
    { "windows-1250", "windows-1250" },
    { "windows-1251", "windows-1251" },
    { "windows-1252", "windows-1252" },
    { "windows-1253", "windows-1253" },
    { "windows-1254", "windows-1254" },
    { "windows-1255", "windows-1255" },
    { "windows-1256", "windows-1256" },
    { "windows-1257", "windows-1257" },
    { "windows-1258", "windows-1258" },
    { "windows-31j", "Shift_JIS" },
    { "windows-874", "windows-874" },
    { "windows-949", "EUC-KR" },
    { "x-cp1250", "windows-1250" },
    { "x-cp1251", "windows-1251" },
    { "x-cp1252", "windows-1252" },
    { "x-cp1253", "windows-1253" },
    { "x-cp1254", "windows-1254" },
    { "x-cp1255", "windows-1255" },
    { "x-cp1256", "windows-1256" },
    { "x-cp1257", "windows-1257" },
    { "x-cp1258", "windows-1258" },
    { "x-euc-jp", "EUC-JP" },
    { "x-gbk", "GBK" },
    { "x-mac-cyrillic", "x-mac-cyrillic" },
    { "x-mac-roman", "macintosh" },
    { "x-mac-ukrainian", "x-mac-cyrillic" },
    { "x-sjis", "Shift_JIS" },
    { "x-unicode20utf8", "UTF-8" },
    { "x-user-defined", "x-user-defined" },
    { "x-x-big5", "Big5" },
};

typedef struct {
  const char *fixture;
  const char *text;
  const char *label;
  const char *encoding;
} PageCase;

static const PageCase page_cases[] = {
  { "gbk", "zh-hans", "gb2312", "GBK" },
  { "big5", "zh-hant", "big5", "Big5" },
  { "shift_jis", "ja", "shift_jis", "Shift_JIS" },
  { "euc-jp", "ja", "euc-jp", "EUC-JP" },
  { "euc-kr", "ko", "euc-kr", "EUC-KR" },
  { "windows-1251", "ru", "windows-1251", "windows-1251" },
  { "koi8-r", "ru", "koi8-r", "KOI8-R" },
  { "windows-1252", "fr", "windows-1252", "windows-1252" },
};

/* Decodes and checks what every result must be: valid UTF-8, no NUL
 * inside, NUL-terminated, and as long as it says.
 */
static char *
decode (const char  *data,
        gsize        length,
        const char  *hint,
        const char **encoding)
{
  gsize out_length = G_MAXSIZE;
  char *result = lectern_decode_html (data, length, hint, encoding, &out_length);

  g_assert_nonnull (result);
  g_assert_cmpuint (strlen (result), ==, out_length);
  g_assert_true (g_utf8_validate (result, out_length, NULL));
  if (encoding)
    g_assert_nonnull (*encoding);

  return result;
}

static char *
read_text (const char *name)
{
  g_autofree char *file = g_strconcat ("encoding/", name, ".txt", NULL);
  char *text = lectern_test_read_data (file, NULL);

  return g_strchomp (text);
}

static void
test_labels (void)
{
  const char * const unknown[] = {
    "", " ", "utf-9", "gb2312x", "x-gbk2", "latin", "utf_8", "iso-8859-1 x", "\xe2\x80\x8butf-8",
    "utf-8\xc2\xa0", "big5\v",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (label_cases); i++) {
    g_autofree char *upper = g_ascii_strup (label_cases[i].label, -1);
    g_autofree char *padded = g_strdup_printf (" \t\n\f\r%s\r\n ", label_cases[i].label);

    g_assert_cmpstr (lectern_encoding_from_label (label_cases[i].label), ==,
                     label_cases[i].encoding);
    g_assert_cmpstr (lectern_encoding_from_label (upper), ==, label_cases[i].encoding);
    g_assert_cmpstr (lectern_encoding_from_label (padded), ==, label_cases[i].encoding);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_null (lectern_encoding_from_label (unknown[i]));
}

static void
test_bom (void)
{
  const char utf8[] = "\xef\xbb\xbf<p>caf\xc3\xa9</p>";
  const char utf16le[] = "\xff\xfe<\0p\0>\0\xe9\0\x2d\x4e<\0";
  const char utf16be[] = "\xfe\xff\0<\0p\0>\0\xe9\x4e\x2d\0<";
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  const char *encoding = NULL;

  /* The BOM beats the hint and is not part of the text. */
  a = decode (utf8, sizeof utf8 - 1, "windows-1252", &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_cmpstr (a, ==, "<p>caf\xc3\xa9</p>");

  b = decode (utf16le, sizeof utf16le - 1, "utf-8", &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-16LE");
  g_assert_cmpstr (b, ==, "<p>\xc3\xa9\xe4\xb8\xad<");

  c = decode (utf16be, sizeof utf16be - 1, NULL, &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-16BE");
  g_assert_cmpstr (c, ==, "<p>\xc3\xa9\xe4\xb8\xad<");
}

static void
test_utf16 (void)
{
  /* A surrogate pair, a lone trail surrogate, a lone lead surrogate
   * followed by "A", and an odd byte at the end.
   */
  const char data[] = "\x3d\xd8\x00\xde" "\x00\xdc" "\x00\xd8\x41\x00" "\x42";
  g_autofree char *result = NULL;
  const char *encoding = NULL;

  result = decode (data, sizeof data - 1, "utf-16le", &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-16LE");
  g_assert_cmpstr (result, ==, "\xf0\x9f\x98\x80" REPLACEMENT REPLACEMENT "A" REPLACEMENT);
}

static void
test_hint_beats_meta (void)
{
  const char *page = "<meta charset=koi8-r><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
  g_autofree char *ru = read_text ("ru");
  g_autofree char *koi8 = NULL;
  g_autofree char *result = NULL;
  g_autofree char *as_1251 = NULL;
  const char *encoding = NULL;
  gsize length;

  /* The page says koi8-r; the transport's label wins over it. */
  as_1251 = decode (page, strlen (page), "windows-1251", &encoding);
  g_assert_cmpstr (encoding, ==, "windows-1251");
  g_assert_cmpstr (as_1251, ==, "<meta charset=koi8-r><p>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2"
                                "\xd0\xb5\xd1\x82</p>");

  koi8 = lectern_test_read_data ("encoding/koi8-r.html", &length);
  result = decode (koi8, length, "koi8-u", &encoding);
  g_assert_cmpstr (encoding, ==, "KOI8-U");
  g_assert_nonnull (strstr (result, ru));
}

static void
test_meta (void)
{
  /* ISO-8859-7 is not among the encodings the sniffer guesses, so the
   * result shows whether the declaration counted.
   */
  const struct {
    const char *html;
    gboolean    counts;
  } cases[] = {
    { "<meta charset=\"iso-8859-7\"><p>\xe1\xe2\xe3</p>", TRUE },
    { "<META CHARSET='ISO-8859-7'><p>\xe1\xe2\xe3</p>", TRUE },
    { "<meta/charset=greek><p>\xe1\xe2\xe3</p>", TRUE },
    /* An unquoted value runs to the next space: "greek/" is no label. */
    { "<meta charset=greek/><p>\xe1\xe2\xe3</p>", FALSE },
    { "<meta\tcharset = \" greek \" ><p>\xe1\xe2\xe3</p>", TRUE },
    { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-7\">"
      "<p>\xe1\xe2\xe3</p>", TRUE },
    { "<meta content='text/html;charset = \"greek\"' http-equiv=content-type>"
      "<p>\xe1\xe2\xe3</p>", TRUE },
    { "<!doctype html><head><title>x</title><meta name=\"x\" content=\"charset=klingon\">"
      "<meta charset=\"greek\"></head><p>\xe1\xe2\xe3</p>", TRUE },
    { "<!--><meta charset=greek><p>\xe1\xe2\xe3</p>", TRUE },
    /* content= without the http-equiv pragma is no declaration. */
    { "<meta content=\"text/html; charset=iso-8859-7\"><p>\xe1\xe2\xe3</p>", FALSE },
    /* Nor is one inside a comment or an attribute value. */
    { "<!-- <meta charset=\"iso-8859-7\"> --><p>\xe1\xe2\xe3</p>", FALSE },
    { "<div title='<meta charset=iso-8859-7>'><p>\xe1\xe2\xe3</p>", FALSE },
    { "<metax charset=\"iso-8859-7\"><p>\xe1\xe2\xe3</p>", FALSE },
    /* An unknown label is ignored. */
    { "<meta charset=\"klingon\"><p>\xe1\xe2\xe3</p>", FALSE },
  };
  g_autofree char *zh = read_text ("zh-hans");
  g_autofree char *utf16 = NULL;
  g_autofree char *user_defined = NULL;
  const char *encoding = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *result = NULL;

    result = decode (cases[i].html, strlen (cases[i].html), NULL, &encoding);
    g_test_message ("case %" G_GSIZE_FORMAT " -> %s", i, encoding);
    if (cases[i].counts) {
      g_assert_cmpstr (encoding, ==, "ISO-8859-7");
      g_assert_nonnull (strstr (result, "<p>\xce\xb1\xce\xb2\xce\xb3</p>"));
    } else {
      g_assert_cmpstr (encoding, !=, "ISO-8859-7");
    }
  }

  /* UTF-16 in a meta means UTF-8 (here UTF-8 with one bad byte, which
   * without the declaration would be sniffed as a legacy encoding);
   * x-user-defined means windows-1252.
   */
  utf16 = g_strdup_printf ("<meta charset=\"utf-16\"><p>%s\xff</p>", zh);
  g_free (decode (utf16, strlen (utf16), NULL, &encoding));
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_free (decode (utf16 + strlen ("<meta charset=\"utf-16\">"), strlen (utf16) - 23, NULL,
                  &encoding));
  g_assert_cmpstr (encoding, !=, "UTF-8");
  user_defined = decode ("<meta charset=\"x-user-defined\"><p>\xe9</p>", 39, NULL, &encoding);
  g_assert_cmpstr (encoding, ==, "windows-1252");
  g_assert_cmpstr (user_defined, ==, "<meta charset=\"x-user-defined\"><p>\xc3\xa9</p>");
}

static void
test_late_meta (void)
{
  g_autoptr (GString) page = g_string_new ("<html><head><script>");
  g_autofree char *result = NULL;
  const char *encoding = NULL;

  /* Past the first 1024 bytes the standard stops looking, but a declaration
   * still beats a guess when the bytes are not UTF-8.
   */
  for (guint i = 0; i < 100; i++)
    g_string_append (page, "var x = 1; // padding\n");
  g_string_append (page, "</script><meta charset=\"iso-8859-7\"></head><p>\xe1\xe2\xe3</p>");

  result = decode (page->str, page->len, NULL, &encoding);
  g_assert_cmpstr (encoding, ==, "ISO-8859-7");
  g_assert_nonnull (strstr (result, "<p>\xce\xb1\xce\xb2\xce\xb3</p>"));
}

static void
test_sniff_utf8 (void)
{
  g_autofree char *zh = read_text ("zh-hans");
  g_autofree char *page = g_strdup_printf ("<html><body><p>%s</p></body></html>", zh);
  g_autofree char *result = NULL;
  g_autofree char *ascii = NULL;
  const char *encoding = NULL;

  result = decode (page, strlen (page), NULL, &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_cmpstr (result, ==, page);

  ascii = decode ("<p>plain</p>", 12, NULL, &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_cmpstr (ascii, ==, "<p>plain</p>");
}

static void
check_page (const char *fixture,
            const char *text_name,
            const char *hint,
            const char *expected_encoding)
{
  g_autofree char *text = read_text (text_name);
  g_autofree char *file = g_strconcat ("encoding/", fixture, ".html", NULL);
  g_autofree char *data = NULL;
  g_autofree char *result = NULL;
  const char *encoding = NULL;
  gsize length;

  data = lectern_test_read_data (file, &length);
  result = decode (data, length, hint, &encoding);
  g_test_message ("%s (hint %s) -> %s", fixture, hint, encoding);
  g_assert_cmpstr (encoding, ==, expected_encoding);
  g_assert_nonnull (strstr (result, text));
  g_assert_null (strstr (result, REPLACEMENT));
}

static void
test_legacy_labelled (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (page_cases); i++) {
    g_autofree char *unlabelled = g_strconcat (page_cases[i].fixture, "-unlabelled", NULL);

    /* Declared in the page, by the transport, or both. */
    check_page (page_cases[i].fixture, page_cases[i].text, NULL, page_cases[i].encoding);
    check_page (unlabelled, page_cases[i].text, page_cases[i].label, page_cases[i].encoding);
    check_page (page_cases[i].fixture, page_cases[i].text, page_cases[i].label,
                page_cases[i].encoding);
  }
}

static void
test_legacy_sniffed (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (page_cases); i++) {
    g_autofree char *unlabelled = g_strconcat (page_cases[i].fixture, "-unlabelled", NULL);

    check_page (unlabelled, page_cases[i].text, NULL, page_cases[i].encoding);
  }
}

static void
test_short_legacy_snippets (void)
{
  const struct {
    const char *utf8;
    const char *charset;
    const char *encoding;
  } cases[] = {
    { "<p>中文网页的标题</p>", "GB18030", "GBK" },
    { "<p>中華民國的歷史</p>", "BIG5", "Big5" },
    { "<p>日本語のページです</p>", "CP932", "Shift_JIS" },
    { "<p>한국어 웹 페이지입니다</p>", "CP949", "EUC-KR" },
    { "<p>Привет, как дела?</p>", "CP1251", "windows-1251" },
    { "<p>Привет, как дела?</p>", "KOI8-R", "KOI8-R" },
    { "<p>Voilà, déjà vu — l’été.</p>", "CP1252", "windows-1252" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    gsize length;
    g_autofree char *bytes = g_convert (cases[i].utf8, -1, cases[i].charset, "UTF-8", NULL,
                                        &length, &error);
    g_autofree char *result = NULL;
    const char *encoding = NULL;

    g_assert_no_error (error);
    result = decode (bytes, length, NULL, &encoding);
    g_test_message ("%s in %s -> %s", cases[i].utf8, cases[i].charset, encoding);
    g_assert_cmpstr (encoding, ==, cases[i].encoding);
    g_assert_cmpstr (result, ==, cases[i].utf8);
  }
}

static void
test_contradicted_labels (void)
{
  g_autofree char *zh = read_text ("zh-hans");
  g_autofree char *fr = read_text ("fr");
  g_autofree char *page = NULL;
  g_autofree char *result = NULL;
  const char *encoding = NULL;
  gsize length;

  /* Labelled gb2312 in the page, and by the transport, but really UTF-8. */
  check_page ("utf-8-labelled-gb2312", "zh-hans", NULL, "UTF-8");
  check_page ("utf-8-labelled-gb2312", "zh-hans", "gb2312", "UTF-8");
  check_page ("utf-8-labelled-gb2312", "zh-hans", "ISO-8859-1", "UTF-8");

  /* Labelled utf-8 but really GBK. */
  check_page ("gbk-labelled-utf-8", "zh-hans", NULL, "GBK");
  check_page ("gbk-labelled-utf-8", "zh-hans", "utf-8", "GBK");

  /* A server's default ISO-8859-1 on a page that is GBK. */
  check_page ("gbk", "zh-hans", "iso-8859-1", "GBK");
  check_page ("gbk-unlabelled", "zh-hans", "iso-8859-1", "GBK");

  /* A UTF-8 page in French, labelled latin1. */
  page = g_strdup_printf ("<p>%s</p>", fr);
  result = decode (page, strlen (page), "latin1", &encoding);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_cmpstr (result, ==, page);

  /* A real windows-1252 page labelled latin1 stays windows-1252. */
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&result, g_free);
  page = lectern_test_read_data ("encoding/windows-1252-unlabelled.html", &length);
  result = decode (page, length, "latin1", &encoding);
  g_assert_cmpstr (encoding, ==, "windows-1252");
  g_assert_nonnull (strstr (result, fr));
}

static void
test_invalid_sequences (void)
{
  const struct {
    const char *data;
    gsize       length;
    const char *hint;
    const char *expected;
  } cases[] = {
    /* UTF-8: a lone continuation byte, an overlong form, a surrogate, a
     * truncated sequence (one U+FFFD for the maximal subpart), bytes that
     * never occur, and a sequence cut by the end of the input.
     */
    { "a\x80" "b", 3, "utf-8", "a" REPLACEMENT "b" },
    { "a\xc0\xaf" "b", 4, "utf-8", "a" REPLACEMENT REPLACEMENT "b" },
    { "a\xed\xa0\x80" "b", 5, "utf-8", "a" REPLACEMENT REPLACEMENT REPLACEMENT "b" },
    { "a\xe4\xb8" "b", 4, "utf-8", "a" REPLACEMENT "b" },
    { "a\xf0\x9f\x98" "b", 5, "utf-8", "a" REPLACEMENT "b" },
    { "a\xff\xfe" "b", 4, "utf-8", "a" REPLACEMENT REPLACEMENT "b" },
    { "a\xe4\xb8", 3, "utf-8", "a" REPLACEMENT },
    /* GBK: a lead byte with an ASCII byte after it keeps the ASCII byte,
     * and so does a lead byte at the end.
     */
    { "a\x81 b", 4, "gbk", "a" REPLACEMENT " b" },
    { "\xd6\xd0\x81", 3, "gbk", "中" REPLACEMENT },
    { "\xff" "a", 2, "gbk", REPLACEMENT "a" },
    /* Shift_JIS and Big5 likewise. */
    { "\x82\xa0\x82", 3, "shift_jis", "あ" REPLACEMENT },
    { "\xa4\xa4\xa4", 3, "big5", "中" REPLACEMENT },
    /* windows-1252 decodes every byte; 0x81 is a C1 control. */
    { "\x80\x81\x9f\xff", 4, "windows-1252", "€\xc2\x81Ÿÿ" },
    { "\x80\xff", 2, "x-user-defined", "\xef\x9e\x80\xef\x9f\xbf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *result = decode (cases[i].data, cases[i].length, cases[i].hint, NULL);

    g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, result);
    g_assert_cmpstr (result, ==, cases[i].expected);
  }
}

static void
test_nul_bytes (void)
{
  const char * const hints[] = {
    NULL, "utf-8", "gbk", "shift_jis", "big5", "euc-kr", "euc-jp", "windows-1252",
    "windows-1251", "koi8-r", "iso-2022-jp", "x-user-defined", "utf-16le", "utf-16be",
  };
  const char data[] = "a\0b\0\0<p>\xe4\xb8\xad</p>\0";

  for (gsize i = 0; i < G_N_ELEMENTS (hints); i++) {
    g_autofree char *result = decode (data, sizeof data, hints[i], NULL);

    g_assert_nonnull (strstr (result, REPLACEMENT));
  }

  {
    g_autofree char *result = decode (data, sizeof data, "utf-8", NULL);

    g_assert_cmpstr (result, ==, "a" REPLACEMENT "b" REPLACEMENT REPLACEMENT "<p>中</p>"
                                 REPLACEMENT REPLACEMENT);
  }
}

static void
test_empty (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *encoding = NULL;

  a = decode ("", 0, NULL, &encoding);
  g_assert_cmpstr (a, ==, "");
  g_assert_cmpstr (encoding, ==, "UTF-8");

  b = decode (NULL, 0, "gbk", NULL);
  g_assert_cmpstr (b, ==, "");
}

/* Random bytes through every decoder: the result is always valid UTF-8. */
static void
test_junk (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260101);
  gsize length = 64 * 1024;
  g_autofree char *junk = g_malloc (length);
  const char *last = NULL;

  for (gsize i = 0; i < length; i++)
    junk[i] = g_rand_int_range (rand, 0, 256);

  g_free (decode (junk, length, NULL, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (label_cases); i++) {
    g_autofree char *result = NULL;

    if (g_strcmp0 (label_cases[i].encoding, last) == 0)
      continue;
    last = label_cases[i].encoding;
    result = decode (junk, length, label_cases[i].label, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/encoding/labels", test_labels);
  g_test_add_func ("/core/encoding/bom", test_bom);
  g_test_add_func ("/core/encoding/utf-16", test_utf16);
  g_test_add_func ("/core/encoding/hint-beats-meta", test_hint_beats_meta);
  g_test_add_func ("/core/encoding/meta", test_meta);
  g_test_add_func ("/core/encoding/late-meta", test_late_meta);
  g_test_add_func ("/core/encoding/sniff-utf-8", test_sniff_utf8);
  g_test_add_func ("/core/encoding/legacy-labelled", test_legacy_labelled);
  g_test_add_func ("/core/encoding/legacy-sniffed", test_legacy_sniffed);
  g_test_add_func ("/core/encoding/short-legacy-snippets", test_short_legacy_snippets);
  g_test_add_func ("/core/encoding/contradicted-labels", test_contradicted_labels);
  g_test_add_func ("/core/encoding/invalid-sequences", test_invalid_sequences);
  g_test_add_func ("/core/encoding/nul-bytes", test_nul_bytes);
  g_test_add_func ("/core/encoding/empty", test_empty);
  g_test_add_func ("/core/encoding/junk", test_junk);

  return g_test_run ();
}
