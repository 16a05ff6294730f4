/* bench-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Text for a generated library. Each language's vocabulary starts with the words of the
 * fixtures in tests/data, most frequent first, and goes on with words made of their
 * syllables (or, for Chinese and Japanese, of their characters), so that a library of a
 * million articles has a long tail of rare words as a real one has. Words are drawn with
 * Zipf's law: a few are in almost every article, most in a handful.
 */

#include "config.h"

#include "bench-text.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *code;
  /* Share of the articles, in percent. */
  guint share;
  /* Words separated by spaces (otherwise written one after another). */
  gboolean spaced;
  /* Capital letters start sentences. */
  gboolean cased;
  /* Characters per minute of reading: by words for spaced scripts, by characters. */
  guint per_minute;
  guint n_words;
  const char *comma;
  const char *full_stop;
  const char * const *files;
  const char * const *extra;
  const char * const *hosts;
  const char * const *bylines;
} LangInfo;

static const char * const en_files[] = {
  "extract/english-news.html", "extract/blog.html", "extract/docs.html", "extract/forum.html",
  "extract/table-layout.html", "extract/lazy-images.html", "extract/br-paragraphs.html",
  "encoding/fr.txt", NULL
};
/* The head of English's word frequencies, ahead of the fixtures' own. */
static const char * const en_extra[] = {
  "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be",
  "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but",
  "have", "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her",
  "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no",
  "people", "time", "year", "work", "world", "government", "company", "system", "program",
  "question", "number", "night", "point", "home", "water", "room", "mother", "area",
  "money", "story", "fact", "month", "lot", "right", "study", "book", "eye", "job", "word",
  "business", "issue", "side", "kind", "head", "house", "service", "friend", "father",
  "power", "hour", "game", "line", "end", "member", "law", "car", "city", "community",
  "name", "president", "team", "minute", "idea", "kid", "body", "information", "back",
  "parent", "face", "others", "level", "office", "door", "health", "person", "art", "war",
  "history", "party", "result", "change", "morning", "reason", "research", "girl", "guy",
  "moment", "air", "teacher", "force", "education", "software", "network", "language",
  "model", "open", "source", "library", "search", "reading", "database", "linux", "kernel",
  "climate", "energy", "science", "market", "economy", "election", "policy", "music",
  NULL
};
static const char * const zh_files[] = {
  "seed-article.txt", "encoding/zh-hans.txt", "encoding/zh-hant.txt",
  "extract/zh-hans.utf8.html", "extract/zh-hant.utf8.html", NULL
};
static const char * const zh_extra[] = {
  "模型", "人工智能", "开源", "技术", "公司", "发展", "中国", "市场", "数据", "研究",
  "经济", "政策", "教育", "学生", "城市", "历史", "文化", "科学", "读书", "图书馆", NULL
};
static const char * const ja_files[] = { "encoding/ja.txt", "extract/ja.utf8.html", NULL };
static const char * const ja_extra[] = {
  "東京", "日本", "技術", "研究", "開発", "経済", "政府", "大学", "図書館", "記事", NULL
};
static const char * const ru_files[] = { "encoding/ru.txt", NULL };
static const char * const ru_extra[] = {
  "и", "в", "не", "на", "что", "с", "по", "как", "это", "для", "из", "мы", "он", "они",
  "год", "время", "человек", "жизнь", "день", "работа", "страна", "город", "история",
  "наука", "технологии", "компания", "правительство", "экономика", "библиотека", "книга",
  "статья", "новости", "школа", "университет", "язык", "интернет", "данные", "система",
  NULL
};
static const char * const ar_files[] = { "extract/rtl-arabic.html", NULL };
static const char * const ar_extra[] = {
  "في", "من", "على", "إلى", "عن", "مع", "هذا", "التي", "الذي", "كان", "بعد", "قبل",
  "المدينة", "الحكومة", "الاقتصاد", "التعليم", "الجامعة", "الثقافة", "التاريخ", "العلوم",
  "الكتاب", "المكتبة", "الأطفال", "العالم", "الناس", NULL
};
static const char * const th_extra[] = {
  "การ", "ความ", "ประเทศ", "ไทย", "ภาษา", "เมือง", "ข่าว", "วันนี้", "รัฐบาล", "ประชาชน",
  "เศรษฐกิจ", "การศึกษา", "โรงเรียน", "นักเรียน", "มหาวิทยาลัย", "เทคโนโลยี",
  "คอมพิวเตอร์", "อินเทอร์เน็ต", "ข้อมูล", "ระบบ", "พัฒนา", "โครงการ", "สังคม",
  "วัฒนธรรม", "ประวัติศาสตร์", "อาหาร", "ท่องเที่ยว", "ธรรมชาติ", "สิ่งแวดล้อม",
  "สุขภาพ", "โรงพยาบาล", "แพทย์", "ผู้คน", "ชีวิต", "ครอบครัว", "เด็ก", "ผู้ใหญ่",
  "หนังสือ", "อ่าน", "เขียน", "เรียน", "ทำงาน", "บริษัท", "ตลาด", "ราคา", "เงิน",
  "ธนาคาร", "การเมือง", "เลือกตั้ง", "กรุงเทพ", "เชียงใหม่", "ภาคเหนือ", "ฝน", "น้ำ",
  "แม่น้ำ", "ทะเล", "ภูเขา", "ต้นไม้", "เวลา", "ปี", "เดือน", "สัปดาห์", "ใหม่", "เก่า",
  "ดี", "มาก", "น้อย", "สำคัญ", "ที่", "และ", "ของ", "ใน", "เป็น", "มี", "ได้", "ให้",
  "กับ", "จาก", "ว่า", "จะ", "ไม่", "แต่", "หรือ", "เพื่อ", "นี้", "นั้น", "อยู่", "ไป",
  "มา", "คน", NULL
};
static const char * const fr_files[] = { "encoding/fr.txt", NULL };
static const char * const fr_extra[] = {
  "le", "la", "les", "de", "des", "et", "un", "une", "est", "dans", "pour", "que", "qui",
  "sur", "pas", "plus", "avec", "ville", "histoire", "bibliothèque", "école", "été",
  "société", "économie", "café", "réseau", NULL
};
static const char * const ko_files[] = { "encoding/ko.txt", NULL };
static const char * const ko_extra[] = {
  "그리고", "있다", "하는", "것이", "우리", "사람", "시간", "도서관", "학교", "서울", NULL
};

static const char * const en_hosts[] = {
  "www.theguardian.com", "arstechnica.com", "lwn.net", "www.nytimes.com",
  "blog.example.org", "www.bbc.co.uk", "news.ycombinator.com", "www.nature.com",
  "medium.com", "www.theatlantic.com", "www.economist.com", "en.wikipedia.org",
  "www.wired.com", "www.newyorker.com", "jvns.ca", "danluu.com", NULL
};
static const char * const zh_hosts[] = {
  "sspai.com", "www.36kr.com", "www.zhihu.com", "www.huxiu.com", "www.ifanr.com",
  "news.sina.com.cn", "www.infoq.cn", "www.thepaper.cn", "www.banyuetan.org", NULL
};
static const char * const ja_hosts[] = {
  "www3.nhk.or.jp", "www.asahi.com", "gigazine.net", "zenn.dev", "qiita.com", NULL
};
static const char * const ru_hosts[] = { "habr.com", "meduza.io", "lenta.ru", "vc.ru", NULL };
static const char * const ar_hosts[] = { "www.aljazeera.net", "www.bbc.com", "arabic.cnn.com", NULL };
static const char * const th_hosts[] = { "www.thairath.co.th", "www.bangkokbiznews.com", NULL };
static const char * const fr_hosts[] = { "www.lemonde.fr", "linuxfr.org", "www.liberation.fr", NULL };
static const char * const ko_hosts[] = { "www.hani.co.kr", "www.chosun.com", NULL };

static const char * const en_bylines[] = {
  "Alice Martin", "Sam Okafor", "Priya Raman", "John Miller", "Maria Garcia", NULL
};
static const char * const zh_bylines[] = { "张漫子", "李明", "王芳", "陈静", NULL };
static const char * const ja_bylines[] = { "山田太郎", "佐藤花子", NULL };
static const char * const ru_bylines[] = { "Анна Петрова", "Иван Смирнов", NULL };
static const char * const ar_bylines[] = { "محمد علي", "فاطمة حسن", NULL };
static const char * const th_bylines[] = { "สมชาย ใจดี", NULL };
static const char * const fr_bylines[] = { "Camille Durand", NULL };
static const char * const ko_bylines[] = { "김민수", NULL };

static const LangInfo langs[BENCH_N_LANGS] = {
  [BENCH_LANG_EN] = { "en", 45, TRUE, TRUE, 230, 60000, ",", ".", en_files, en_extra,
                      en_hosts, en_bylines },
  [BENCH_LANG_ZH] = { "zh", 30, FALSE, FALSE, 500, 40000, "，", "。", zh_files, zh_extra,
                      zh_hosts, zh_bylines },
  [BENCH_LANG_JA] = { "ja", 7, FALSE, FALSE, 500, 15000, "、", "。", ja_files, ja_extra,
                      ja_hosts, ja_bylines },
  [BENCH_LANG_RU] = { "ru", 6, TRUE, TRUE, 200, 20000, ",", ".", ru_files, ru_extra,
                      ru_hosts, ru_bylines },
  [BENCH_LANG_AR] = { "ar", 4, TRUE, FALSE, 180, 12000, "،", ".", ar_files, ar_extra,
                      ar_hosts, ar_bylines },
  [BENCH_LANG_TH] = { "th", 3, FALSE, FALSE, 400, 6000, " ", " ", NULL, th_extra,
                      th_hosts, th_bylines },
  [BENCH_LANG_FR] = { "fr", 3, TRUE, TRUE, 220, 12000, ",", ".", fr_files, fr_extra,
                      fr_hosts, fr_bylines },
  [BENCH_LANG_KO] = { "ko", 2, TRUE, FALSE, 250, 8000, ",", ".", ko_files, ko_extra,
                      ko_hosts, ko_bylines },
};

/* Names from Chinese technology articles that stay in Latin letters. */
static const char * const zh_latin[] = { "DeepSeek", "OpenAI", "GPU", "AI", "Linux", NULL };

static const char * const tags[] = {
  "programming", "ai", "design", "history", "science", "politics", "economics", "cooking",
  "travel", "health", "books", "music", "film", "linux", "gnome", "privacy", "security",
  "climate", "space", "math", "philosophy", "education", "rust", "startups", "读书", "科技",
  "人工智能", "历史", "经济", "设计", "旅行", "美食", "料理", "日本語", "наука", "история",
  "ثقافة", "เทคโนโลยี", "longread", "to read", "work", "reference", "tutorial", "news",
  "opinion", "interview", "research", "data", "web", "open source", "finance", "art", NULL
};

typedef struct {
  GPtrArray *words;
  /* cumulative[i]: the Zipf weight of words 0…i. */
  double *cumulative;
} Vocabulary;

struct _BenchText {
  guint32 seed;
  Vocabulary vocabularies[BENCH_N_LANGS];
  double *tag_cumulative;
  guint n_tags;
};

static double *
zipf_cumulative (guint n)
{
  double *cumulative = g_new (double, n);
  double total = 0;

  /* Zipf–Mandelbrot: the most common words are less dominant than 1/rank says. */
  for (guint i = 0; i < n; i++) {
    total += 1.0 / pow (i + 2.7, 1.05);
    cumulative[i] = total;
  }

  return cumulative;
}

static guint
zipf_draw (const double *cumulative,
           guint         n,
           GRand        *rand)
{
  double target = g_rand_double (rand) * cumulative[n - 1];
  guint low = 0;
  guint high = n - 1;

  while (low < high) {
    guint middle = low + (high - low) / 2;

    if (cumulative[middle] < target)
      low = middle + 1;
    else
      high = middle;
  }

  return low;
}

static char *
read_fixture_text (const char  *data_dir,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GRegex) hidden = NULL;
  g_autoptr (GRegex) markup = NULL;
  g_autofree char *visible = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  if (!g_utf8_validate (contents, -1, NULL)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not UTF-8", path);
    return NULL;
  }

  if (!g_str_has_suffix (name, ".html"))
    return g_steal_pointer (&contents);

  hidden = g_regex_new ("<(script|style|head)\\b.*?</\\1>", G_REGEX_DOTALL | G_REGEX_CASELESS,
                        0, NULL);
  markup = g_regex_new ("<[^>]*>|&[#a-zA-Z0-9]+;", 0, 0, NULL);
  visible = g_regex_replace_literal (hidden, contents, -1, 0, " ", 0, NULL);

  return g_regex_replace_literal (markup, visible, -1, 0, " ", 0, NULL);
}

static gboolean
is_cjk (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA;
}

/* Whether @c belongs to the script of @lang's words. */
static gboolean
in_script (BenchLang lang,
           gunichar  c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  switch (lang) {
    case BENCH_LANG_EN:
    case BENCH_LANG_FR:
      return script == G_UNICODE_SCRIPT_LATIN;
    case BENCH_LANG_RU:
      return script == G_UNICODE_SCRIPT_CYRILLIC;
    case BENCH_LANG_AR:
      return script == G_UNICODE_SCRIPT_ARABIC && g_unichar_isalpha (c);
    case BENCH_LANG_KO:
      return script == G_UNICODE_SCRIPT_HANGUL;
    case BENCH_LANG_ZH:
      return script == G_UNICODE_SCRIPT_HAN;
    case BENCH_LANG_JA:
      return is_cjk (c);
    case BENCH_LANG_TH:
    case BENCH_N_LANGS:
    default:
      return script == G_UNICODE_SCRIPT_THAI;
  }
}

static void
count_word (GHashTable *counts,
            const char *start,
            const char *end)
{
  g_autofree char *word = g_utf8_strdown (start, end - start);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, word));

  g_hash_table_insert (counts, g_steal_pointer (&word), GUINT_TO_POINTER (count + 1));
}

/* Counts the words of @text in @lang: runs of its script, or, for Chinese and Japanese,
 * the pairs of characters in such runs.
 */
static void
count_words (BenchLang   lang,
             const char *text,
             GHashTable *counts)
{
  const char *p = text;

  while (*p) {
    const char *start;
    const char *end;
    glong length;

    if (!in_script (lang, g_utf8_get_char (p))) {
      p = g_utf8_next_char (p);
      continue;
    }

    start = p;
    while (*p && in_script (lang, g_utf8_get_char (p)))
      p = g_utf8_next_char (p);
    end = p;
    length = g_utf8_strlen (start, end - start);

    if (langs[lang].spaced) {
      if (length >= 2)
        count_word (counts, start, end);
      continue;
    }

    for (const char *a = start; a < end; a = g_utf8_next_char (a)) {
      const char *b = g_utf8_next_char (a);

      if (b >= end)
        break;
      count_word (counts, a, g_utf8_next_char (b));
    }
  }
}

typedef struct {
  const char *word;
  guint count;
} Counted;

static int
compare_counted (gconstpointer a,
                 gconstpointer b)
{
  const Counted *x = a;
  const Counted *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->word, y->word);
}

/* Splits @word into pieces of two or three characters, for making words of. */
static void
add_syllables (GPtrArray  *syllables,
               GHashTable *seen,
               const char *word)
{
  const char *p = word;

  while (*p) {
    const char *end = p;
    guint length = 2 + (g_str_hash (p) % 2);

    for (guint i = 0; i < length && *end; i++)
      end = g_utf8_next_char (end);

    {
      g_autofree char *syllable = g_strndup (p, end - p);

      if (g_utf8_strlen (syllable, -1) >= 2 && !g_hash_table_contains (seen, syllable)) {
        g_hash_table_add (seen, g_strdup (syllable));
        g_ptr_array_add (syllables, g_steal_pointer (&syllable));
      }
    }
    p = end;
  }
}

static gboolean
build_vocabulary (BenchText   *self,
                  BenchLang    lang,
                  const char  *data_dir,
                  GError     **error)
{
  const LangInfo *info = &langs[lang];
  Vocabulary *vocabulary = &self->vocabularies[lang];
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) syllables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) counted = g_array_new (FALSE, FALSE, sizeof (Counted));
  g_autoptr (GRand) rand = g_rand_new_with_seed (self->seed + lang);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  vocabulary->words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; info->files && info->files[i]; i++) {
    g_autofree char *text = read_fixture_text (data_dir, info->files[i], error);

    if (!text)
      return FALSE;
    count_words (lang, text, counts);
  }

  for (guint i = 0; info->extra[i]; i++) {
    if (!g_hash_table_contains (seen, info->extra[i])) {
      g_hash_table_add (seen, g_strdup (info->extra[i]));
      g_ptr_array_add (vocabulary->words, g_strdup (info->extra[i]));
    }
  }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    Counted entry = { key, GPOINTER_TO_UINT (value) };

    g_array_append_val (counted, entry);
  }
  g_array_sort (counted, compare_counted);

  for (guint i = 0; i < counted->len; i++) {
    const char *word = g_array_index (counted, Counted, i).word;

    if (!g_hash_table_contains (seen, word)) {
      g_hash_table_add (seen, g_strdup (word));
      g_ptr_array_add (vocabulary->words, g_strdup (word));
    }
  }

  /* Pieces to make more words of: syllables of the words, or single characters. */
  for (guint i = 0; i < vocabulary->words->len; i++) {
    const char *word = g_ptr_array_index (vocabulary->words, i);

    if (info->spaced) {
      add_syllables (syllables, seen, word);
    } else if (lang == BENCH_LANG_TH) {
      g_ptr_array_add (syllables, g_strdup (word));
    } else {
      for (const char *c = word; *c; c = g_utf8_next_char (c))
        g_ptr_array_add (syllables, g_strndup (c, g_utf8_next_char (c) - c));
    }
  }
  if (syllables->len == 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "No words for %s", info->code);
    return FALSE;
  }

  for (guint attempts = 0; vocabulary->words->len < info->n_words && attempts < 50 * info->n_words;
       attempts++) {
    g_autoptr (GString) word = g_string_new (NULL);
    guint pieces = info->spaced ? g_rand_int_range (rand, 2, 5) : g_rand_int_range (rand, 2, 4);

    /* Chinese and Japanese words are mostly two characters. */
    if (!info->spaced && lang != BENCH_LANG_TH && g_rand_int_range (rand, 0, 10) < 8)
      pieces = 2;

    for (guint i = 0; i < pieces; i++)
      g_string_append (word, g_ptr_array_index (syllables,
                                                g_rand_int_range (rand, 0, syllables->len)));

    if (!g_hash_table_contains (seen, word->str)) {
      g_hash_table_add (seen, g_strdup (word->str));
      g_ptr_array_add (vocabulary->words, g_string_free (g_steal_pointer (&word), FALSE));
    }
  }

  vocabulary->cumulative = zipf_cumulative (vocabulary->words->len);
  return TRUE;
}

BenchText *
bench_text_new (const char  *data_dir,
                guint32      seed,
                GError     **error)
{
  g_autoptr (BenchText) self = g_new0 (BenchText, 1);

  self->seed = seed;
  for (BenchLang lang = 0; lang < BENCH_N_LANGS; lang++)
    if (!build_vocabulary (self, lang, data_dir, error))
      return NULL;

  self->n_tags = g_strv_length ((char **)tags);
  self->tag_cumulative = zipf_cumulative (self->n_tags);

  return g_steal_pointer (&self);
}

void
bench_text_free (BenchText *self)
{
  for (BenchLang lang = 0; lang < BENCH_N_LANGS; lang++) {
    g_clear_pointer (&self->vocabularies[lang].words, g_ptr_array_unref);
    g_free (self->vocabularies[lang].cumulative);
  }
  g_free (self->tag_cumulative);
  g_free (self);
}

const char *
bench_text_word (BenchText *self,
                 BenchLang  lang,
                 guint      rank)
{
  GPtrArray *words = self->vocabularies[lang].words;

  return g_ptr_array_index (words, MIN (rank, words->len - 1));
}

guint
bench_text_n_words (BenchText *self,
                    BenchLang  lang)
{
  return self->vocabularies[lang].words->len;
}

const char *
bench_text_tag (BenchText *self,
                guint      rank)
{
  return tags[MIN (rank, self->n_tags - 1)];
}

const char *
bench_text_host (BenchLang lang,
                 guint     rank)
{
  const char * const *hosts = langs[lang].hosts;
  guint n = g_strv_length ((char **)hosts);

  return hosts[rank % n];
}

static const char *
draw_word (BenchText *self,
           BenchLang  lang,
           GRand     *rand)
{
  Vocabulary *vocabulary = &self->vocabularies[lang];

  return g_ptr_array_index (vocabulary->words,
                            zipf_draw (vocabulary->cumulative, vocabulary->words->len, rand));
}

static void
append_capitalized (GString    *out,
                    const char *word)
{
  gunichar first = g_utf8_get_char (word);

  g_string_append_unichar (out, g_unichar_totitle (first));
  g_string_append (out, g_utf8_next_char (word));
}

/* Appends a sentence; returns how many words it has. */
static guint
append_sentence (BenchText *self,
                 BenchLang  lang,
                 GRand     *rand,
                 GString   *out)
{
  const LangInfo *info = &langs[lang];
  guint n = info->spaced ? g_rand_int_range (rand, 6, 25) : g_rand_int_range (rand, 6, 22);

  for (guint i = 0; i < n; i++) {
    const char *word = draw_word (self, lang, rand);

    if (lang == BENCH_LANG_ZH && g_rand_int_range (rand, 0, 150) == 0)
      word = zh_latin[g_rand_int_range (rand, 0, G_N_ELEMENTS (zh_latin) - 1)];

    if (i > 0 && info->spaced)
      g_string_append_c (out, ' ');
    if (i == 0 && info->cased)
      append_capitalized (out, word);
    else
      g_string_append (out, word);
    if (i + 1 < n && i % 7 == 6 && g_rand_boolean (rand))
      g_string_append (out, info->comma);
  }
  g_string_append (out, info->full_stop);

  return n;
}

static char *
make_title (BenchText *self,
            BenchLang  lang,
            GRand     *rand)
{
  const LangInfo *info = &langs[lang];
  g_autoptr (GString) title = g_string_new (NULL);
  guint n = info->spaced ? g_rand_int_range (rand, 3, 11) : g_rand_int_range (rand, 3, 9);

  for (guint i = 0; i < n; i++) {
    const char *word = draw_word (self, lang, rand);

    if (i > 0 && info->spaced)
      g_string_append_c (title, ' ');
    if (info->cased && (i == 0 || lang == BENCH_LANG_EN))
      append_capitalized (title, word);
    else
      g_string_append (title, word);
  }

  return g_string_free (g_steal_pointer (&title), FALSE);
}

static BenchLang
draw_lang (GRand *rand)
{
  guint draw = g_rand_int_range (rand, 0, 100);

  for (BenchLang lang = 0; lang < BENCH_N_LANGS; lang++) {
    if (draw < langs[lang].share)
      return lang;
    draw -= langs[lang].share;
  }

  return BENCH_LANG_EN;
}

BenchArticle *
bench_text_article (BenchText *self,
                    guint64    index,
                    guint64    n,
                    gboolean   short_text,
                    gint64     now)
{
  const gint64 span = G_GINT64_CONSTANT (6) * 365 * 24 * 3600 * G_USEC_PER_SEC;
  g_autoptr (GRand) rand = g_rand_new_with_seed (self->seed ^ (guint32)(index * 2654435761u));
  BenchArticle *article = g_new0 (BenchArticle, 1);
  g_autoptr (GString) html = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) tag_names = g_ptr_array_new ();
  g_autofree char *slug = NULL;
  const LangInfo *info;
  guint target;
  guint n_tags;
  guint chars = 0;
  guint words = 0;

  article->lang = draw_lang (rand);
  info = &langs[article->lang];

  if (short_text)
    target = g_rand_int_range (rand, 800, 1201);
  else
    /* Log-uniform from 1,000 to 30,000 characters. */
    target = (guint)exp (g_rand_double_range (rand, log (1000), log (30000)));

  while (chars < target) {
    guint sentences = g_rand_int_range (rand, 2, 7);
    gsize start = text->len;
    g_autofree char *escaped = NULL;

    if (text->len > 0)
      g_string_append (text, "\n\n");
    start = text->len;
    for (guint i = 0; i < sentences && chars < target + 200; i++) {
      gsize before = text->len;

      if (i > 0 && (info->spaced || article->lang == BENCH_LANG_TH))
        g_string_append_c (text, ' ');
      words += append_sentence (self, article->lang, rand, text);
      chars += g_utf8_strlen (text->str + before, text->len - before);
    }
    escaped = g_markup_escape_text (text->str + start, text->len - start);
    g_string_append_printf (html, "<p>%s</p>\n", escaped);
  }

  article->title = make_title (self, article->lang, rand);
  article->byline = g_strdup (info->bylines[g_rand_int_range (rand, 0,
                                                              g_strv_length ((char **)info->bylines))]);
  article->site_name = g_strdup (bench_text_host (article->lang, g_rand_int_range (rand, 0, 64)));
  article->language = g_strdup (info->code);
  article->saved_at = now - span + (gint64)((double)span * (index + 0.5) / MAX (n, 1)) +
                      g_rand_int_range (rand, 0, 3600) * G_USEC_PER_SEC;
  article->saved_at = MIN (article->saved_at, now);
  slug = g_strdup_printf ("%" G_GUINT64_FORMAT, index);
  article->url = g_strdup_printf ("https://%s/%d/%s-%s", article->site_name,
                                  2020 + (int)(index * 6 / MAX (n, 1)), slug,
                                  info->spaced && info->cased ? draw_word (self, article->lang, rand)
                                                              : "article");
  {
    const char *end = g_utf8_offset_to_pointer (text->str, MIN (200, g_utf8_strlen (text->str, -1)));

    article->excerpt = g_strndup (text->str, end - text->str);
  }

  article->plain_text = g_string_free (g_steal_pointer (&text), FALSE);
  article->body_html = g_string_free (g_steal_pointer (&html), FALSE);
  article->char_count = chars;
  /* Chinese and Japanese are counted by characters, as readers read them. */
  article->word_count = info->spaced ? words : chars;
  article->reading_minutes = MAX (1, (article->word_count + info->per_minute - 1) /
                                     info->per_minute);

  /* Most are read, many of those archived, a few starred. */
  if (g_rand_int_range (rand, 0, 100) < 55)
    article->read_at = MIN (now, article->saved_at +
                                 g_rand_int_range (rand, 60, 30 * 24 * 3600) * G_USEC_PER_SEC);
  article->archived = article->read_at ? g_rand_int_range (rand, 0, 100) < 70
                                       : g_rand_int_range (rand, 0, 100) < 3;
  article->starred = g_rand_int_range (rand, 0, 100) < 6;

  n_tags = g_rand_int_range (rand, 0, 100);
  n_tags = n_tags < 35 ? 0 : n_tags < 70 ? 1 : n_tags < 90 ? 2 : 3;
  for (guint i = 0; i < n_tags; i++) {
    const char *tag = tags[zipf_draw (self->tag_cumulative, self->n_tags, rand)];
    gboolean again = FALSE;

    for (guint j = 0; j < tag_names->len; j++)
      again |= g_str_equal (g_ptr_array_index (tag_names, j), tag);
    if (!again)
      g_ptr_array_add (tag_names, g_strdup (tag));
  }
  g_ptr_array_add (tag_names, NULL);
  article->tags = (char **)g_ptr_array_free (g_steal_pointer (&tag_names), FALSE);

  return article;
}

void
bench_article_free (BenchArticle *article)
{
  g_free (article->url);
  g_free (article->title);
  g_free (article->byline);
  g_free (article->site_name);
  g_free (article->language);
  g_free (article->excerpt);
  g_free (article->body_html);
  g_free (article->plain_text);
  g_strfreev (article->tags);
  g_free (article);
}
