/* test-tokenizer.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-query.h"
#include "lectern-tokenizer.h"

#include "lectern-test-utils.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

/* An FTS5 table in a real SQLite file, made with the "lectern" tokenizer, the way the
 * library's search index is.
 */
typedef struct {
  char    *dir;
  sqlite3 *db;
} Index;

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
index_open (Index *index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  index->dir = lectern_test_make_tmpdir ();
  path = g_build_filename (index->dir, "index.db", NULL);
  g_assert_cmpint (sqlite3_open (path, &index->db), ==, SQLITE_OK);
  lectern_tokenizer_register (index->db, &error);
  g_assert_no_error (error);
  exec (index->db, "CREATE VIRTUAL TABLE docs USING fts5 (title, body, tokenize='lectern')");
}

static void
index_close (Index *index)
{
  g_assert_cmpint (sqlite3_close (index->db), ==, SQLITE_OK);
  lectern_test_rm_rf (index->dir);
  g_free (index->dir);
}

static void
index_add (Index      *index,
           gint64      rowid,
           const char *title,
           const char *body)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (index->db,
                                       "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, body, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The rows matching what a user typed, as "1 3", in rowid order; "" for none. */
static char *
index_search (Index      *index,
              const char *typed)
{
  g_autoptr (LecternQuery) query = lectern_query_parse (typed);
  const char *match = lectern_query_get_match (query);
  GString *rows = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!match)
    return g_string_free (rows, FALSE);

  g_assert_cmpint (sqlite3_prepare_v2 (index->db,
                                       "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (rows, "%s%" G_GINT64_FORMAT, rows->len ? " " : "",
                            (gint64)sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", match, sqlite3_errmsg (index->db));
  sqlite3_finalize (stmt);

  return g_string_free (rows, FALSE);
}

#define assert_found(index, typed, expected) \
  G_STMT_START { \
    g_autofree char *found_ = index_search ((index), (typed)); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

/* The tokens of @text, joined with "|". */
static char *
tokens_of (const char *text,
           gboolean    for_query)
{
  g_auto (GStrv) tokens = lectern_tokenizer_tokenize (text, for_query);

  return g_strjoinv ("|", tokens);
}

#define assert_tokens(text, for_query, expected) \
  G_STMT_START { \
    g_autofree char *tokens_ = tokens_of ((text), (for_query)); \
    g_assert_cmpstr (tokens_, ==, (expected)); \
  } G_STMT_END

static void
test_register (void)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);

  /* Without the tokenizer, the table cannot be made. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize='lectern')",
                                 NULL, NULL, NULL), ==, SQLITE_ERROR);

  g_assert_true (lectern_tokenizer_register (db, &error));
  g_assert_no_error (error);
  /* Registering again (a connection opened twice by mistake) does no harm. */
  g_assert_true (lectern_tokenizer_register (db, &error));
  g_assert_no_error (error);
  exec (db, "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize='lectern')");

  /* An unknown argument is refused rather than ignored. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE u USING fts5 (x, tokenize='lectern x')",
                                 NULL, NULL, NULL), ==, SQLITE_ERROR);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_english (void)
{
  Index index;

  assert_tokens ("The Quick, brown fox; jumped!", FALSE, "the|quick|brown|fox|jumped");
  assert_tokens ("  don't  e-mail C++ ", FALSE, "don|t|e|mail|c");
  assert_tokens ("", FALSE, "");
  assert_tokens ("... --- !!!", FALSE, "");

  index_open (&index);
  index_add (&index, 1, "Reading Later", "Saving an article keeps it for the quiet hour.");
  index_add (&index, 2, "Quiet places", "A list of libraries.");
  index_add (&index, 3, "Don't panic", "An e-mail about towels.");

  assert_found (&index, "quiet", "1 2");
  assert_found (&index, "QUIET HOUR", "1");
  assert_found (&index, "reading", "1");
  assert_found (&index, "librar", "2");
  assert_found (&index, "dont", "");
  assert_found (&index, "don't", "3");
  assert_found (&index, "e-mail", "3");
  assert_found (&index, "email", "");
  assert_found (&index, "towel", "3");
  assert_found (&index, "towel ", "");
  index_close (&index);
}

static void
test_diacritics (void)
{
  Index index;

  assert_tokens ("Café CRÈME brûlée naïve Ångström", FALSE,
                 "cafe|creme|brulee|naive|angstrom");
  /* Decomposed input (NFD, as macOS writes file names) gives the same tokens. */
  assert_tokens ("Cafe\xcc\x81", FALSE, "cafe");
  /* Compatibility forms: a ligature, full-width letters, a superscript. */
  assert_tokens ("\xef\xac\x81nd ＷＩＤＥ x²", FALSE, "find|wide|x2");
  /* German sharp s folds to ss; Turkish dotted capital I to i. */
  assert_tokens ("Straße İstanbul", FALSE, "strasse|istanbul");
  /* Soft hyphens and zero-width joiners are not breaks. */
  assert_tokens ("infor\xc2\xadmation", FALSE, "information");

  index_open (&index);
  index_add (&index, 1, "Café culture", "Crème brûlée in Paris.");
  index_add (&index, 2, "Cafe prices", "Creme and sugar.");
  index_add (&index, 3, "Straße", "Zürich und München.");

  assert_found (&index, "café", "1 2");
  assert_found (&index, "cafe", "1 2");
  assert_found (&index, "CAFÉ", "1 2");
  assert_found (&index, "creme brulee", "1");
  assert_found (&index, "strasse", "3");
  assert_found (&index, "zurich munchen", "3");
  assert_found (&index, "Zürich", "3");
  index_close (&index);
}

static void
test_cyrillic_greek (void)
{
  Index index;

  assert_tokens ("Москва ЁЛКА Ελληνικά ΣΟΦΊΑ σοφός", FALSE,
                 "москва|елка|ελληνικα|σοφια|σοφοσ");

  index_open (&index);
  index_add (&index, 1, "Новости", "Сегодня в Москве идёт снег.");
  index_add (&index, 2, "Ειδήσεις", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.");

  assert_found (&index, "москве", "1");
  assert_found (&index, "МОСКВЕ", "1");
  assert_found (&index, "идет", "1");
  assert_found (&index, "моск", "1");
  assert_found (&index, "αθηνα", "2");
  assert_found (&index, "ΑΘΉΝΑ", "2");
  assert_found (&index, "ελλαδ", "2");
  index_close (&index);
}

static void
test_chinese (void)
{
  g_autofree char *seed = lectern_test_read_data ("seed-article.txt", NULL);
  Index index;

  /* A document: each pair, and its first character at the same position; the last
   * character at the position of the last pair.
   */
  assert_tokens ("大模型", FALSE, "大模|大|模型|模|型");
  /* A query: the pairs; a single character alone. */
  assert_tokens ("大模型", TRUE, "大模|模型");
  assert_tokens ("模", TRUE, "模");
  /* Punctuation ends a run, Latin words and digits are words of their own. */
  assert_tokens ("DeepSeek（深度求索）2025年", TRUE, "deepseek|深度|度求|求索|2025|年");

  index_open (&index);
  index_add (&index, 1, "新闻", "大模型也开始免费开放");
  index_add (&index, 2, "DeepSeek 的“修炼”之路", seed);
  index_add (&index, 3, "模特", "时装周");
  index_add (&index, 4, "模", "型");

  /* The seed article has "旗舰模型也开始免费开放" where row 1 has "大模型也开始免费开放". */
  assert_found (&index, "模型", "1 2");
  assert_found (&index, "大模型也开始", "1");
  assert_found (&index, "模型也开始免费", "1 2");
  assert_found (&index, "旗舰模型", "2");
  assert_found (&index, "开放免费", "");
  assert_found (&index, "型也", "1 2");
  /* One character: anywhere in a run, the last of a run included. */
  assert_found (&index, "模", "1 2 3 4");
  assert_found (&index, "模特", "3");
  assert_found (&index, "型", "1 2 4");
  assert_found (&index, "周", "2 3");
  assert_found (&index, "装周", "3");
  /* Two words that are far apart both match. */
  assert_found (&index, "大模型也 开放", "1");
  assert_found (&index, "时装 模特", "3");
  /* The seed article. */
  assert_found (&index, "深度求索", "2");
  assert_found (&index, "修炼", "2");
  assert_found (&index, "半月谈", "2");
  assert_found (&index, "deeps", "2");
  assert_found (&index, "DeepSeek 逆袭", "2");
  assert_found (&index, "逆袭 猫", "");
  index_close (&index);
}

static void
test_japanese (void)
{
  Index index;

  /* Half-width katakana are the full-width ones. */
  assert_tokens ("ｶﾀｶﾅ", TRUE, "カタ|タカ|カナ");
  /* A kana and a combining voicing mark are one character. */
  assert_tokens ("\xe3\x81\x8b\xe3\x82\x99", TRUE, "が");

  index_open (&index);
  index_add (&index, 1, "東京の天気", "今日は晴れです。コーヒーを飲みました。");
  index_add (&index, 2, "京都", "ラーメンが好き");

  assert_found (&index, "東京", "1");
  assert_found (&index, "京", "1 2");
  assert_found (&index, "コーヒー", "1");
  assert_found (&index, "ｺｰﾋｰ", "1");
  assert_found (&index, "ラーメン", "2");
  assert_found (&index, "晴れ", "1");
  assert_found (&index, "飲み", "1");
  index_close (&index);
}

static void
test_korean (void)
{
  g_autofree char *decomposed = g_utf8_normalize ("학교에서 한국어", -1, G_NORMALIZE_NFD);
  Index index;

  /* Decomposed syllables (initial, vowel and final jamo) are the composed ones. */
  g_assert_cmpuint (strlen (decomposed), >, strlen ("학교에서 한국어"));
  assert_tokens (decomposed, TRUE, "학교|교에|에서|한국|국어");

  index_open (&index);
  index_add (&index, 1, "학교 소식", "우리는 학교에서 한국어를 배웁니다.");
  index_add (&index, 2, "날씨", "서울은 맑습니다.");

  /* A word with a particle attached is found by the word alone. */
  assert_found (&index, "학교", "1");
  assert_found (&index, "한국어", "1");
  assert_found (&index, "서울", "2");
  assert_found (&index, "울", "2");
  assert_found (&index, "학교 서울", "");
  assert_found (&index, decomposed, "1");
  index_close (&index);
}

static void
test_arabic_hebrew (void)
{
  Index index;

  /* Vowel points are optional in writing, and dropped; so is the tatweel. */
  assert_tokens ("مَرْحَبًا", FALSE, "مرحبا");
  assert_tokens ("مرحـــبا", FALSE, "مرحبا");
  assert_tokens ("שָׁלוֹם", FALSE, "שלום");

  index_open (&index);
  index_add (&index, 1, "مرحبا بالعالم", "هذه مقالة عن القراءة.");
  index_add (&index, 2, "שלום עולם", "מאמר על קריאה.");

  assert_found (&index, "مرحبا", "1");
  assert_found (&index, "مَرْحَبًا", "1");
  assert_found (&index, "القراء", "1");
  assert_found (&index, "שלום", "2");
  assert_found (&index, "קריאה", "2");
  index_close (&index);
}

static void
test_thai (void)
{
  Index index;

  /* A character with its vowel and tone marks is one unit of a pair. */
  assert_tokens ("กิน", TRUE, "กิน");
  assert_tokens ("ภาษาไทย", TRUE, "ภา|าษ|ษา|าไ|ไท|ทย");

  index_open (&index);
  index_add (&index, 1, "ข่าว", "ฉันชอบกินข้าวผัดมาก");
  index_add (&index, 2, "ภาษาไทย", "เรียนภาษาลาวและເຂົ້າ");
  index_add (&index, 3, "ខ្មែរ", "ភាសាខ្មែរ");
  index_add (&index, 4, "မြန်မာ", "မြန်မာစာ");

  assert_found (&index, "ข้าวผัด", "1");
  assert_found (&index, "กิน", "1");
  assert_found (&index, "ชอบ", "1");
  assert_found (&index, "ไทย", "2");
  assert_found (&index, "ภาษา", "2");
  assert_found (&index, "ผัดข้าว", "");
  /* Lao, Khmer, Myanmar. */
  assert_found (&index, "ເຂົ້າ", "2");
  assert_found (&index, "ខ្មែរ", "3");
  assert_found (&index, "မြန်မာ", "4");
  index_close (&index);
}

static void
test_numbers_and_symbols (void)
{
  Index index;

  /* Numbers are tokens; emoji and punctuation are not. */
  assert_tokens ("GPT-4 costs $20 📚🎉 in 2025!", FALSE, "gpt|4|costs|20|in|2025");
  assert_tokens ("👩‍💻 ❤️ →", FALSE, "");
  /* Digits of every script, and full-width ones, are the ASCII digits. */
  assert_tokens ("١٢٣ ४२ ๑๐ ２０２５年", FALSE, "123|42|10|2025|年");

  index_open (&index);
  index_add (&index, 1, "Release 2025", "Version 3.14 is out 🎉");

  assert_found (&index, "2025", "1");
  assert_found (&index, "3.14", "1");
  assert_found (&index, "3", "1");
  assert_found (&index, "🎉", "");
  assert_found (&index, "٢٠٢٥", "1");
  assert_found (&index, "２０２５", "1");
  index_close (&index);
}

static void
test_mixed (void)
{
  Index index;

  index_open (&index);
  index_add (&index, 1, "GPT模型 review", "Café 咖啡 Москва ภาษา 東京 2025");
  index_add (&index, 2, "A 中 b", "ask 大模型AI now");

  assert_found (&index, "gpt模型", "1");
  assert_found (&index, "模型 review", "1");
  assert_found (&index, "cafe 咖啡", "1");
  assert_found (&index, "москва 東京 ภาษา", "1");
  assert_found (&index, "москва 大阪", "");
  /* Phrases across scripts: a run takes as many positions in a query as in the text. */
  assert_found (&index, "\"模型 review\"", "1");
  assert_found (&index, "\"gpt模型 review\"", "1");
  assert_found (&index, "\"咖啡 москва ภาษา 東京 2025\"", "1");
  assert_found (&index, "\"a 中 b\"", "2");
  assert_found (&index, "大模型ai now", "2");
  assert_found (&index, "\"型ai now\"", "2");
  assert_found (&index, "\"ask 大\"", "2");
  index_close (&index);
}

static void
test_prefix (void)
{
  Index index;

  index_open (&index);
  index_add (&index, 1, "DeepSeek", "Open weights.");
  index_add (&index, 2, "Deep learning", "Neural networks.");
  index_add (&index, 3, "Élan", "Ökonomie");

  /* From the third character on: "d" and "de" would select nearly everything. */
  assert_found (&index, "d", "");
  assert_found (&index, "de", "");
  assert_found (&index, "dee", "1 2");
  assert_found (&index, "deeps", "1");
  assert_found (&index, "DEEPS", "1");
  assert_found (&index, "deeps ", "");
  assert_found (&index, "deep", "1 2");
  assert_found (&index, "deep ", "2");
  assert_found (&index, "neural net", "2");
  /* Only the last word is a prefix. */
  assert_found (&index, "neur networks", "");
  assert_found (&index, "ela", "3");
  assert_found (&index, "öko", "3");
  index_close (&index);
}

/* snippet() and highlight() mark the matches with the byte offsets the tokenizer gives. */
static char *
highlight (Index      *index,
           const char *typed)
{
  g_autoptr (LecternQuery) query = lectern_query_parse (typed);
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (index->db,
                                       "SELECT highlight (docs, 1, '[', ']') FROM docs "
                                       "WHERE docs MATCH ? ORDER BY rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, lectern_query_get_match (query), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

#define assert_highlight(index, typed, expected) \
  G_STMT_START { \
    g_autofree char *marked_ = highlight ((index), (typed)); \
    g_assert_cmpstr (marked_, ==, (expected)); \
  } G_STMT_END

static void
test_offsets (void)
{
  Index index;

  index_open (&index);
  index_add (&index, 1, "", "A café, «Crème» brûlée\xc2\xad" "s and infor\xc2\xadmation.");
  index_add (&index, 2, "", "据说大模型也开始免费开放了。");
  index_add (&index, 3, "", "ฉันชอบกินข้าวผัด and مَرْحَبًا 🎉 DeepSeek");

  assert_highlight (&index, "cafe creme", "A [café], «[Crème]» brûlée\xc2\xad" "s and "
                    "infor\xc2\xadmation.");
  assert_highlight (&index, "information", "A café, «Crème» brûlée\xc2\xad" "s and "
                    "[infor\xc2\xadmation].");
  assert_highlight (&index, "模型", "据说大[模型]也开始免费开放了。");
  /* A single character is marked with its neighbour in a pair. */
  assert_highlight (&index, "放", "据说大模型也开始免费开[放了]。");
  assert_highlight (&index, "了", "据说大模型也开始免费开[放了]。");
  assert_highlight (&index, "模型也开", "据说大[模型也开]始免费开放了。");
  assert_highlight (&index, "กิน", "ฉันชอบ[กิน]ข้าวผัด and مَرْحَبًا 🎉 DeepSeek");
  assert_highlight (&index, "مرحبا deeps", "ฉันชอบกินข้าวผัด and [مَرْحَبًا] 🎉 [DeepSeek]");
  index_close (&index);
}

/* Text that is not UTF-8, or is nothing but marks and joiners, indexes without trouble. */
static void
test_hostile (void)
{
  static const char * const texts[] = {
    "\xff\xfe\xfd", "caf\xe9 \xe4\xb8", "\xcc\x81\xcc\x81\xcc\x81", "\xe2\x80\x8d\xe2\x80\x8d",
    "a\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88\xcc\x89\xcc\x8a",
    "\xe0\xb8\x81\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4"
    "\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4",
  };
  g_autoptr (GString) long_word = g_string_new (NULL);
  g_autoptr (GString) marks = g_string_new ("x");
  g_autoptr (GString) thai_marks = g_string_new ("ก");
  g_auto (GStrv) tokens = NULL;
  Index index;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_word, 'a' + i % 26);

  /* Combining marks by the hundred thousand, in an order normalisation must sort: cut at
   * once, rather than sorted for hours.
   */
  for (guint i = 0; i < 200000; i++) {
    g_string_append_unichar (marks, i % 2 ? 0x0301 : 0x0316);
    g_string_append_unichar (thai_marks, i % 2 ? 0x0e34 : 0x0e38);
  }
  assert_tokens (marks->str, FALSE, "x");
  tokens = lectern_tokenizer_tokenize (thai_marks->str, FALSE);
  g_assert_cmpuint (g_strv_length (tokens), ==, 1);
  g_assert_true (g_str_has_prefix (tokens[0], "ก"));
  g_clear_pointer (&tokens, g_strfreev);

  /* A word too long for anyone to type is cut, not dropped. */
  tokens = lectern_tokenizer_tokenize (long_word->str, FALSE);
  g_assert_cmpuint (g_strv_length (tokens), ==, 1);
  g_assert_cmpuint (strlen (tokens[0]), <=, 128);
  g_assert_true (g_str_has_prefix (long_word->str, tokens[0]));

  index_open (&index);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    index_add (&index, i + 1, texts[i], texts[i]);
  index_add (&index, 100, long_word->str, long_word->str);
  index_add (&index, 101, marks->str, thai_marks->str);
  assert_found (&index, long_word->str, "100");
  assert_found (&index, "abcdefgh", "100");
  assert_found (&index, "caf", "2");
  assert_found (&index, "x", "101");
  exec (index.db, "INSERT INTO docs (docs, rank) VALUES ('integrity-check', 1)");
  index_close (&index);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/tokenizer/register", test_register);
  g_test_add_func ("/core/tokenizer/english", test_english);
  g_test_add_func ("/core/tokenizer/diacritics", test_diacritics);
  g_test_add_func ("/core/tokenizer/cyrillic-greek", test_cyrillic_greek);
  g_test_add_func ("/core/tokenizer/chinese", test_chinese);
  g_test_add_func ("/core/tokenizer/japanese", test_japanese);
  g_test_add_func ("/core/tokenizer/korean", test_korean);
  g_test_add_func ("/core/tokenizer/arabic-hebrew", test_arabic_hebrew);
  g_test_add_func ("/core/tokenizer/thai", test_thai);
  g_test_add_func ("/core/tokenizer/numbers-symbols", test_numbers_and_symbols);
  g_test_add_func ("/core/tokenizer/mixed", test_mixed);
  g_test_add_func ("/core/tokenizer/prefix", test_prefix);
  g_test_add_func ("/core/tokenizer/offsets", test_offsets);
  g_test_add_func ("/core/tokenizer/hostile", test_hostile);

  return g_test_run ();
}
