/* lectern-byline.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-byline.h"

#include "lectern-date.h"

#include <string.h>

/* A byline is read in three steps. Its dates are cut out first (with the weekday and the
 * "on" before them), since their digits and commas would otherwise look like parts of names.
 * What is left is split into fields at separators ("|", "•", " - ", brackets, line breaks)
 * and at labels ("By", "作者：", "文/", "来源：", "Updated"), each label giving its field a
 * kind: author, source, date or something else (an editor, a photographer, a view count).
 * Then the author fields, or failing those the first unlabelled one, make the author.
 *
 * "记者" is a label where a field starts ("记者 张漫子", "记者：张漫子"), but after the name
 * of a publication it is part of a reporter's credit and stays: "半月谈记者 张漫子" is how
 * the page credits its author, and how Lectern shows it.
 */

/* A longer text is a paragraph, not a byline. */
#define INPUT_MAX_BYTES 1000
/* The longest author Lectern keeps: several names with their roles fit. */
#define AUTHOR_MAX_CHARS 100
/* The longest line lectern_byline_parse_line() takes for a byline. */
#define LINE_MAX_CHARS 100
/* The longest source or dropped field a byline line may hold. */
#define SHORT_MAX_CHARS 30
/* The longest pen name after an explicit label. */
#define PEN_NAME_MAX_CHARS 15

typedef enum {
  FIELD_NONE,
  FIELD_AUTHOR,
  FIELD_SOURCE,
  FIELD_DATE,
  FIELD_OTHER,
} FieldKind;

typedef struct {
  FieldKind kind;
  gboolean names_only;  /* after "By" or "记者 ": only names may follow */
  char *text;
} Field;

typedef enum {
  FOLLOW_SPACE = 1 << 0,  /* a space, a line break or the end */
  FOLLOW_COLON = 1 << 1,  /* ":" or "：", maybe after a space */
  FOLLOW_ANY   = 1 << 2,  /* anything but a letter or a digit, or the end */
  AT_START     = 1 << 3,  /* only where a field starts */
  MATCH_CASE   = 1 << 4,  /* "Von" but not "von", which is part of names */
  NAMES_ONLY   = 1 << 5,
} LabelFlags;

/* Latin labels, matched as whole words in any case unless MATCH_CASE. A longer label comes
 * before a shorter one it starts with, so that "Photo by" is not "by". */
static const struct {
  const char *text;
  FieldKind kind;
  LabelFlags flags;
} latin_labels[] = {
  { "additional reporting by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "photographs by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "photography by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "photos by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "photo by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "illustrations by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "illustration by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "edited by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "editing by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "produced by", FIELD_OTHER, FOLLOW_SPACE | FOLLOW_COLON },
  { "written by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "words by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "text by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "story by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "reporting by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "posted by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "by", FIELD_AUTHOR, FOLLOW_SPACE | FOLLOW_COLON | NAMES_ONLY },
  { "authors", FIELD_AUTHOR, FOLLOW_COLON },
  { "author", FIELD_AUTHOR, FOLLOW_COLON },
  { "autor", FIELD_AUTHOR, FOLLOW_COLON },
  { "auteur", FIELD_AUTHOR, FOLLOW_COLON },
  { "Von", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE | NAMES_ONLY },
  { "von", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE | NAMES_ONLY },
  { "Autorin", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE },
  { "Autor", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE },
  { "Par", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE | NAMES_ONLY },
  { "par", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE | NAMES_ONLY },
  { "Por", FIELD_AUTHOR, FOLLOW_SPACE | AT_START | MATCH_CASE | NAMES_ONLY },
  { "sources", FIELD_SOURCE, FOLLOW_COLON },
  { "source", FIELD_SOURCE, FOLLOW_COLON },
  { "quelle", FIELD_SOURCE, FOLLOW_COLON },
  { "last updated", FIELD_DATE, FOLLOW_ANY },
  { "last modified", FIELD_DATE, FOLLOW_ANY },
  { "published", FIELD_DATE, FOLLOW_ANY },
  { "updated", FIELD_DATE, FOLLOW_ANY },
  { "posted", FIELD_DATE, FOLLOW_ANY },
  { "modified", FIELD_DATE, FOLLOW_ANY },
  { "aktualisiert", FIELD_DATE, FOLLOW_ANY },
  { "date", FIELD_DATE, FOLLOW_COLON },
  { "editor", FIELD_OTHER, FOLLOW_COLON },
  { "photo", FIELD_OTHER, FOLLOW_COLON },
  { "image", FIELD_OTHER, FOLLOW_COLON },
  { "credit", FIELD_OTHER, FOLLOW_COLON },
  { "tags", FIELD_OTHER, FOLLOW_COLON },
};

/* Chinese labels before a colon, by their end: "本文作者：" is an author's label and
 * "首发时间：" a date's. A run of Han characters before a colon that ends in none of these
 * ("责任编辑：", "阅读：", "字号：") labels something else. "文" labels an author alone. */
static const struct {
  const char *text;
  FieldKind kind;
  gboolean whole;
} han_colon_labels[] = {
  { "作者", FIELD_AUTHOR, FALSE },
  { "撰文", FIELD_AUTHOR, FALSE },
  { "撰稿", FIELD_AUTHOR, FALSE },
  { "记者", FIELD_AUTHOR, FALSE },
  { "通讯员", FIELD_AUTHOR, FALSE },
  { "文", FIELD_AUTHOR, TRUE },
  { "来源", FIELD_SOURCE, FALSE },
  { "稿源", FIELD_SOURCE, FALSE },
  { "出处", FIELD_SOURCE, FALSE },
  { "时间", FIELD_DATE, FALSE },
  { "日期", FIELD_DATE, FALSE },
  { "发布于", FIELD_DATE, FALSE },
};

/* Chinese labels followed by a space or by the date that was cut out ("发布于2025-03-19"). The
 * author ones count only where a field starts: "半月谈记者 张漫子" keeps its "记者". */
static const struct {
  const char *text;
  FieldKind kind;
} han_bare_labels[] = {
  { "记者", FIELD_AUTHOR },
  { "作者", FIELD_AUTHOR },
  { "撰文", FIELD_AUTHOR },
  { "本报记者", FIELD_AUTHOR },
  { "本刊记者", FIELD_AUTHOR },
  { "本台记者", FIELD_AUTHOR },
  { "本网记者", FIELD_AUTHOR },
  { "来源", FIELD_SOURCE },
  { "稿源", FIELD_SOURCE },
  { "发布", FIELD_DATE },
  { "发布于", FIELD_DATE },
  { "发布时间", FIELD_DATE },
  { "发布日期", FIELD_DATE },
  { "发表", FIELD_DATE },
  { "发表于", FIELD_DATE },
  { "发表时间", FIELD_DATE },
  { "更新", FIELD_DATE },
  { "更新于", FIELD_DATE },
  { "更新时间", FIELD_DATE },
  { "时间", FIELD_DATE },
  { "日期", FIELD_DATE },
  { "编辑", FIELD_OTHER },
  { "责任编辑", FIELD_OTHER },
  { "责编", FIELD_OTHER },
};

/* Chinese labels before a slash: "文/李四", "文｜王五", "图/张三". */
static const struct {
  const char *text;
  FieldKind kind;
} han_slash_labels[] = {
  { "文", FIELD_AUTHOR },
  { "图", FIELD_OTHER },
  { "图片", FIELD_OTHER },
  { "摄", FIELD_OTHER },
  { "摄影", FIELD_OTHER },
};

/* Common Chinese surnames, single and compound. A Chinese name without an explicit label
 * ("记者 张漫子", "张三 2025-03-19") must start with one, so that a verb after "记者" ("记者
 * 走访了") is not taken for a name; names after "作者：" or "文/" need not. */
static const char common_surnames[] =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
  "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝"
  "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
  "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
  "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
  "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
  "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
  "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕"
  "危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由钮郦融蓟糜滑"
  "訾逄宓";
static const char * const compound_surnames[] = {
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
  "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "申屠", "万俟", "闻人",
};

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->text);
  g_free (field);
}

/* "丨" is a Han character that Chinese pages use as a bar, between fields. */
static inline gboolean
is_han (gunichar c)
{
  return c != 0x4E28 && g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

static inline gboolean
is_middle_dot (gunichar c)
{
  return c == 0x00B7 || c == 0x2022 || c == 0x2027 || c == 0x30FB;
}

static gboolean
is_sentence (const char *text)
{
  static const char * const marks[] = { "。", "！", "？", "!", "?", "…" };

  for (gsize i = 0; i < G_N_ELEMENTS (marks); i++) {
    if (strstr (text, marks[i]))
      return TRUE;
  }

  return FALSE;
}

static gboolean
has_letter (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p != ' ')
      return FALSE;
  }

  return TRUE;
}

/* Collapses white space: a run with a line break becomes "\n" (a separator), any other run
 * one space, and zero-width characters go. @text is valid UTF-8. */
static char *
normalize (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;
  gboolean newline = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
      newline = TRUE;
      continue;
    }
    if (g_unichar_isspace (c) || g_unichar_iscntrl (c)) {
      space = TRUE;
      continue;
    }
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF)
      continue;

    if ((space || newline) && out->len > 0)
      g_string_append_c (out, newline ? '\n' : ' ');
    space = newline = FALSE;
    g_string_append_unichar (out, c);
  }

  return g_string_free (out, FALSE);
}

/* The start of the "on", "at" or "于" that introduces the date at @start ("Posted on 19 March
 * 2025"), or @start. */
static gsize
widen_over_connector (const char *text,
                      gsize       start)
{
  static const char * const words[] = { "on", "at", "am", "le", "den" };
  gsize i = start;
  gsize word_end;

  while (i > 0 && text[i - 1] == ' ')
    i--;

  if (i >= 3 && memcmp (text + i - 3, "于", 3) == 0)
    return i - 3;

  word_end = i;
  while (i > 0 && g_ascii_isalpha (text[i - 1]))
    i--;
  if (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
    return start;

  for (gsize w = 0; w < G_N_ELEMENTS (words); w++) {
    if (word_end - i == strlen (words[w]) &&
        g_ascii_strncasecmp (text + i, words[w], word_end - i) == 0)
      return i;
  }

  return start;
}

/* Replaces each date in @text by a line break, so that it ends the field it was in. Dates as
 * far in the future as can be written are cut too: a byline is no place for them either. */
static char *
cut_dates (const char *text,
           gboolean   *found)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  gsize start;
  gsize end;

  *found = FALSE;

  while (*p && lectern_date_find (p, G_MAXINT64, 2000, NULL, NULL, &start, &end)) {
    g_string_append_len (out, p, widen_over_connector (p, start));
    g_string_append_c (out, '\n');
    p += end;
    *found = TRUE;
  }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

/* "|", "｜", "丨", "•", "；", brackets and dashes always separate fields; "·", "/" and "-"
 * only between spaces, since "约翰·史密斯" and "Jean-Luc" are names. Returns the end of the
 * separator, or 0. */
static gsize
match_separator (const char *text,
                 gsize       len,
                 gsize       i)
{
  static const char * const always[] = {
    "|", ";", "\n", "(", ")", "[", "]", "\xc2\xa6" /* ¦ */, "｜", "丨", "•", "；", "（", "）",
    "【", "】", "〔", "〕", "–", "—", "―",
  };
  static const char * const spaced[] = { " · ", " / ", " - ", " ・ ", " ／ " };

  for (gsize k = 0; k < G_N_ELEMENTS (always); k++) {
    gsize n = strlen (always[k]);

    if (len - i >= n && memcmp (text + i, always[k], n) == 0)
      return i + n;
  }

  for (gsize k = 0; k < G_N_ELEMENTS (spaced); k++) {
    gsize n = strlen (spaced[k]);

    /* The trailing space stays, so that a label may start after it. */
    if (len - i >= n && memcmp (text + i, spaced[k], n) == 0)
      return i + n - 1;
  }

  return 0;
}

static gsize
skip_spaces (const char *text,
             gsize       len,
             gsize       i)
{
  while (i < len && text[i] == ' ')
    i++;
  return i;
}

/* The end of a ":" or "：" at @i, after optional spaces, or 0. */
static gsize
match_colon (const char *text,
             gsize       len,
             gsize       i)
{
  i = skip_spaces (text, len, i);

  if (i < len && text[i] == ':')
    return i + 1;
  if (len - i >= 3 && memcmp (text + i, "：", 3) == 0)
    return i + 3;

  return 0;
}

/* The end of a "/", "／", "|", "｜" or "丨" at @i, after optional spaces, or 0. */
static gsize
match_slash (const char *text,
             gsize       len,
             gsize       i)
{
  static const char * const slashes[] = { "/", "|", "／", "｜", "丨" };

  i = skip_spaces (text, len, i);

  for (gsize k = 0; k < G_N_ELEMENTS (slashes); k++) {
    gsize n = strlen (slashes[k]);

    if (len - i >= n && memcmp (text + i, slashes[k], n) == 0)
      return i + n;
  }

  return 0;
}

static gboolean
is_word_char_at (const char *text,
                 gsize       len,
                 gsize       i)
{
  gunichar c;

  if (i >= len)
    return FALSE;

  c = g_utf8_get_char (text + i);
  return g_unichar_isalnum (c);
}

static gsize
match_latin_label (const char *text,
                   gsize       len,
                   gsize       i,
                   gboolean    at_start,
                   FieldKind  *kind,
                   gboolean   *names_only)
{
  if (!g_ascii_isalpha (text[i]) ||
      (i > 0 && is_word_char_at (text, len, g_utf8_find_prev_char (text, text + i) - text)))
    return 0;

  for (gsize k = 0; k < G_N_ELEMENTS (latin_labels); k++) {
    LabelFlags flags = latin_labels[k].flags;
    gsize n = strlen (latin_labels[k].text);
    gsize e = 0;

    if (len - i < n || ((flags & AT_START) && !at_start))
      continue;
    if ((flags & MATCH_CASE) ? strncmp (text + i, latin_labels[k].text, n) != 0
                             : g_ascii_strncasecmp (text + i, latin_labels[k].text, n) != 0)
      continue;

    if (flags & FOLLOW_COLON)
      e = match_colon (text, len, i + n);
    if (e == 0 && (flags & FOLLOW_SPACE) &&
        (i + n == len || text[i + n] == ' ' || text[i + n] == '\n'))
      e = i + n;
    if (e == 0 && (flags & FOLLOW_ANY) && !is_word_char_at (text, len, i + n))
      e = i + n;
    if (e == 0)
      continue;

    if (flags & FOLLOW_ANY) {
      gsize c = match_colon (text, len, e);

      if (c != 0)
        e = c;
    }

    *kind = latin_labels[k].kind;
    *names_only = (flags & NAMES_ONLY) != 0;
    return skip_spaces (text, len, e);
  }

  return 0;
}

static gsize
match_han_label (const char *text,
                 gsize       len,
                 gsize       i,
                 gboolean    at_start,
                 FieldKind  *kind,
                 gboolean   *names_only)
{
  g_autofree char *run = NULL;
  gsize run_end = i;
  gsize run_chars = 0;
  gsize run_len;
  gsize e;

  if (!is_han (g_utf8_get_char (text + i)))
    return 0;
  if (i > 0 && is_han (g_utf8_get_char (g_utf8_find_prev_char (text, text + i))))
    return 0;

  while (run_end < len && is_han (g_utf8_get_char (text + run_end))) {
    run_end = g_utf8_next_char (text + run_end) - text;
    if (++run_chars > 8)
      return 0;
  }
  run_len = run_end - i;
  run = g_strndup (text + i, run_len);
  *names_only = FALSE;

  if ((e = match_colon (text, len, run_end)) != 0) {
    *kind = FIELD_OTHER;
    for (gsize k = 0; k < G_N_ELEMENTS (han_colon_labels); k++) {
      const char *label = han_colon_labels[k].text;

      if (han_colon_labels[k].whole ? strcmp (run, label) == 0
                                    : g_str_has_suffix (run, label)) {
        *kind = han_colon_labels[k].kind;
        break;
      }
    }
    return skip_spaces (text, len, e);
  }

  if ((e = match_slash (text, len, run_end)) != 0) {
    for (gsize k = 0; k < G_N_ELEMENTS (han_slash_labels); k++) {
      if (strcmp (run, han_slash_labels[k].text) == 0) {
        *kind = han_slash_labels[k].kind;
        return skip_spaces (text, len, e);
      }
    }
    return 0;
  }

  if (run_end < len && text[run_end] != ' ' && text[run_end] != '\n')
    return 0;

  for (gsize k = 0; k < G_N_ELEMENTS (han_bare_labels); k++) {
    if (strcmp (run, han_bare_labels[k].text) != 0)
      continue;
    if (han_bare_labels[k].kind == FIELD_AUTHOR && !at_start)
      return 0;
    *kind = han_bare_labels[k].kind;
    *names_only = *kind == FIELD_AUTHOR;
    return skip_spaces (text, len, run_end);
  }

  return 0;
}

static void
push_field (GPtrArray *fields,
            FieldKind  kind,
            gboolean   names_only,
            GString   *text)
{
  Field *field;

  if (kind == FIELD_NONE && is_blank (text->str)) {
    g_string_truncate (text, 0);
    return;
  }

  field = g_new0 (Field, 1);
  field->kind = kind;
  field->names_only = names_only;
  field->text = g_strdup (text->str);
  g_ptr_array_add (fields, field);
  g_string_truncate (text, 0);
}

/* The end of a bracketed part of one Latin name at @i, as in "Richard (R.J.) Eskow": a short
 * aside between a word and the name's next capitalised word. Returns 0 for any other
 * bracket, which separates fields ("Jane Doe (Reuters)"). */
static gsize
match_name_aside (const char *text,
                  gsize       len,
                  gsize       i)
{
  gsize j;

  if (text[i] != '(' || i < 2 || text[i - 1] != ' ' || !g_ascii_isalpha (text[i - 2]))
    return 0;

  for (j = i + 1; j < len && j - i <= 30 && text[j] != ')'; j++) {
    if (text[j] == '(' || text[j] == '\n' || g_ascii_isdigit (text[j]))
      return 0;
  }

  if (j == i + 1 || j >= len || text[j] != ')' || j + 2 >= len || text[j + 1] != ' ' ||
      !g_ascii_isupper (text[j + 2]))
    return 0;

  return j + 1;
}

static GPtrArray *
split_fields (const char *text)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (field_free);
  g_autoptr (GString) current = g_string_new (NULL);
  FieldKind kind = FIELD_NONE;
  gboolean names_only = FALSE;
  gsize len = strlen (text);
  gsize i = 0;

  while (i < len) {
    gboolean at_start = is_blank (current->str);
    FieldKind label_kind = FIELD_NONE;
    gboolean label_names_only = FALSE;
    gsize e;

    if ((e = match_latin_label (text, len, i, at_start, &label_kind, &label_names_only)) != 0 ||
        (e = match_han_label (text, len, i, at_start, &label_kind, &label_names_only)) != 0) {
      push_field (fields, kind, names_only, current);
      kind = label_kind;
      names_only = label_names_only;
      i = e;
      continue;
    }

    if ((e = match_name_aside (text, len, i)) != 0) {
      g_string_append_len (current, text + i, e - i);
      i = e;
      continue;
    }

    if ((e = match_separator (text, len, i)) != 0) {
      push_field (fields, kind, names_only, current);
      kind = FIELD_NONE;
      names_only = FALSE;
      i = e;
      continue;
    }

    e = g_utf8_next_char (text + i) - text;
    g_string_append_len (current, text + i, e - i);
    i = e;
  }
  push_field (fields, kind, names_only, current);

  return fields;
}

static gboolean
is_email (const char *text)
{
  const char *at;
  const char *dot;

  if (g_ascii_strncasecmp (text, "mailto:", 7) == 0)
    return TRUE;

  at = strchr (text, '@');
  if (!at || at == text || strchr (at + 1, '@'))
    return FALSE;

  dot = strrchr (at + 1, '.');
  return dot && dot > at + 1 && dot[1] != '\0';
}

/* Trimming leaves the full stop of an initial ("Jane Q.") or a suffix ("Jr."). */
static gboolean
keeps_final_stop (const char *text,
                  const char *stop)
{
  const char *p = stop;
  gsize n;

  while (p > text && g_ascii_isalpha (p[-1]))
    p--;
  n = stop - p;

  if (p > text && p[-1] != ' ')
    return FALSE;

  return (n == 1 && g_ascii_isupper (*p)) ||
         (n == 2 && (strncmp (p, "Jr", 2) == 0 || strncmp (p, "Sr", 2) == 0));
}

static gboolean
is_trim_char (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

/* Trims white space, punctuation and symbols from both ends. */
static char *
trim_punctuation (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start && is_trim_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start) {
    const char *prev = g_utf8_find_prev_char (start, end);
    gunichar c = g_utf8_get_char (prev);

    if (!is_trim_char (c) || (c == '.' && keeps_final_stop (start, prev)))
      break;
    end = prev;
  }

  return g_strndup (start, end - start);
}

static gboolean
is_separator_char (char c)
{
  return c == ' ' || g_ascii_ispunct (c);
}

/* Removes @site_name when it is all of @text, or starts or ends it as a separate word:
 * "Jane Doe, Example News" loses its site, "半月谈记者 张漫子" keeps "半月谈". */
static char *
strip_site_name (const char *text,
                 const char *site_name)
{
  g_autofree char *site = NULL;
  gsize len = strlen (text);
  gsize n;

  if (!site_name)
    return g_strdup (text);

  site = g_strstrip (g_strdup (site_name));
  n = strlen (site);
  if (n == 0 || n > len)
    return g_strdup (text);

  if (g_ascii_strcasecmp (text, site) == 0)
    return g_strdup ("");
  if (g_ascii_strncasecmp (text, site, n) == 0 && is_separator_char (text[n]))
    return g_strdup (text + n);
  if (g_ascii_strcasecmp (text + len - n, site) == 0 && is_separator_char (text[len - n - 1]))
    return g_strndup (text, len - n);

  return g_strdup (text);
}

static gboolean is_chinese_names (const char *text,
                                  gboolean    surnames);

static const char * const reporter_roles[] = { "本报记者", "记者" };

/* What a field's text gives for a name: its words that are not addresses, without the site
 * name, trimmed of punctuation and of a dangling "and". Returns NULL when no letter is
 * left, or for a count ("5 min read"). */
static char *
clean_value (const char *text,
             const char *site_name)
{
  static const char * const dangling[] = { "and", "&", "und", "et", "和", "与" };
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr (GString) kept = g_string_new (NULL);
  g_autofree char *no_site = NULL;
  g_autofree char *trimmed = NULL;
  gboolean changed = TRUE;

  for (guint i = 0; words[i]; i++) {
    g_autofree char *core = trim_punctuation (words[i]);

    if (*core == '\0' && *words[i] == '\0')
      continue;
    if (*core && (is_email (core) || lectern_byline_is_url (core)))
      continue;
    if (kept->len > 0)
      g_string_append_c (kept, ' ');
    g_string_append (kept, words[i]);
  }

  no_site = strip_site_name (g_strstrip (kept->str), site_name);
  trimmed = trim_punctuation (no_site);

  while (changed) {
    changed = FALSE;

    for (gsize k = 0; k < G_N_ELEMENTS (dangling); k++) {
      gsize n = strlen (dangling[k]);
      gsize len = strlen (trimmed);
      char *shorter = NULL;

      if (len > n && trimmed[len - n - 1] == ' ' && strcmp (trimmed + len - n, dangling[k]) == 0)
        shorter = g_strndup (trimmed, len - n);
      else if (len > n && trimmed[n] == ' ' && strncmp (trimmed, dangling[k], n) == 0)
        shorter = g_strdup (trimmed + n);

      if (shorter) {
        g_free (trimmed);
        trimmed = trim_punctuation (shorter);
        g_free (shorter);
        changed = TRUE;
      }
    }
  }

  /* A name never starts with a digit; "5 min read" and "12 comments" do. */
  if (!has_letter (trimmed) || g_ascii_isdigit (*trimmed))
    return NULL;

  /* "记者王敬照" and "本报记者王敬照": the role written against the name, with no
   * publication to keep. */
  for (gsize k = 0; k < G_N_ELEMENTS (reporter_roles); k++) {
    if (g_str_has_prefix (trimmed, reporter_roles[k])) {
      const char *rest = trimmed + strlen (reporter_roles[k]);

      while (*rest == ' ')
        rest++;
      if (is_chinese_names (rest, TRUE)) {
        char *name = g_strdup (rest);

        g_free (trimmed);
        trimmed = name;
      }
      break;
    }
  }

  return g_steal_pointer (&trimmed);
}

/* Fields of a byline with its dates cut out; @found_date says whether there were any.
 * Returns NULL for a text that is empty, not UTF-8, or longer than @max_chars. */
static GPtrArray *
read_fields (const char *byline,
             glong       max_chars,
             gboolean   *found_date)
{
  g_autofree char *normal = NULL;
  g_autofree char *cut = NULL;

  *found_date = FALSE;

  if (!byline || strlen (byline) > INPUT_MAX_BYTES || !g_utf8_validate (byline, -1, NULL))
    return NULL;

  normal = normalize (byline);
  if (*normal == '\0' || (max_chars > 0 && g_utf8_strlen (normal, -1) > max_chars))
    return NULL;

  cut = cut_dates (normal, found_date);
  return split_fields (cut);
}

/* Whether @text is a heading or a placeholder where a name should be: "About the
 * Author", "No Author", "Unknown". */
static gboolean
is_placeholder (const char *text)
{
  static const char * const placeholders[] = {
    "about the author", "about the authors", "no author", "unknown", "unknown author",
    "author", "authors", "autor", "über den autor", "über die autorin", "anonymous",
  };

  for (gsize k = 0; k < G_N_ELEMENTS (placeholders); k++) {
    if (g_ascii_strcasecmp (text, placeholders[k]) == 0)
      return TRUE;
  }

  return FALSE;
}

/**
 * lectern_byline_clean:
 * @byline: (nullable): a byline as a page gives it: a meta tag's content, a byline element's
 *   text, a JSON-LD author's name
 * @site_name: (nullable): the site's name, to remove from the byline
 *
 * Reduces @byline to its author: it removes the labels before names ("By", "by:", "Von",
 * "Par", "作者：", "文/", "文｜", "撰文：", "记者："), dates, "Updated …" and "Published …",
 * sources ("来源：…", "Source: …", which name an agency, not an author), other credits
 * ("Photo by …", "责任编辑：…"), web and e-mail addresses, @site_name when it stands apart
 * ("Jane Doe | Example News"), the punctuation around what is left, and extra white space.
 *
 * When the byline labels its authors, the labelled names are kept, joined by ", ";
 * otherwise its first unlabelled part. A reporter's credit keeps its publication: "半月谈记者
 * 张漫子" stays as it is, while "记者 张漫子" becomes "张漫子".
 *
 * Returns: (transfer full) (nullable): the author, or %NULL when no name is left, the byline
 *   was an address, or what is left is longer than 100 characters
 */
char *
lectern_byline_clean (const char *byline,
                      const char *site_name)
{
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (GString) authors = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *result = NULL;
  gboolean found_date;

  fields = read_fields (byline, 0, &found_date);
  if (!fields)
    return NULL;

  if (site_name && !g_utf8_validate (site_name, -1, NULL))
    site_name = NULL;

  for (guint i = 0; i < fields->len; i++) {
    Field *field = fields->pdata[i];
    g_autofree char *value = NULL;

    if (field->kind != FIELD_AUTHOR && field->kind != FIELD_NONE)
      continue;

    value = clean_value (field->text, site_name);
    if (!value)
      continue;

    if (field->kind == FIELD_AUTHOR) {
      if (authors->len > 0)
        g_string_append (authors, ", ");
      g_string_append (authors, value);
    } else if (!first) {
      first = g_steal_pointer (&value);
    }
  }

  if (authors->len > 0)
    result = g_strdup (authors->str);
  else
    result = g_steal_pointer (&first);

  if (!result || g_utf8_strlen (result, -1) > AUTHOR_MAX_CHARS ||
      lectern_byline_is_url (result) || is_email (result) || is_placeholder (result))
    return NULL;

  return g_steal_pointer (&result);
}

static gboolean
has_common_surname (const char *name)
{
  const char *second = g_utf8_next_char (name);
  g_autofree char *first = g_strndup (name, second - name);

  for (gsize k = 0; k < G_N_ELEMENTS (compound_surnames); k++) {
    if (g_str_has_prefix (name, compound_surnames[k]))
      return TRUE;
  }

  return strstr (common_surnames, first) != NULL;
}

/* One to six Chinese names, 2 to 4 Han characters each, or longer with a middle dot for a
 * transliterated foreign name ("约翰·史密斯"), apart by spaces, "、" or commas. With
 * @surnames, a name without a dot must start with a common surname. */
static gboolean
is_chinese_names (const char *text,
                  gboolean    surnames)
{
  const char *name = text;
  guint names = 0;
  guint han = 0;
  guint dots = 0;
  gunichar last = 0;
  const char *p = text;

  for (;;) {
    gunichar c = *p ? g_utf8_get_char (p) : 0;

    if (c == 0 || c == ' ' || c == 0x3001 /* 、 */ || c == ',' || c == 0xFF0C /* ， */) {
      if (han > 0 || dots > 0) {
        if (is_middle_dot (last))
          return FALSE;
        if (dots == 0 ? han < 2 || han > 4 : han < 2 || han > 15)
          return FALSE;
        if (surnames && dots == 0 && !has_common_surname (name))
          return FALSE;
        names++;
      }
      han = dots = 0;
      if (c == 0)
        break;
      name = g_utf8_next_char (p);
    } else if (is_han (c)) {
      han++;
    } else if (is_middle_dot (c) && han > 0) {
      dots++;
    } else {
      return FALSE;
    }

    last = c;
    p = g_utf8_next_char (p);
  }

  return names >= 1 && names <= 6;
}

/* A Chinese reporter's credit: a publication, "记者", a space and names ("半月谈记者 张漫子",
 * "新华社记者 张三 李四"). */
static gboolean
is_chinese_credit (const char *text)
{
  const char *role = strstr (text, "记者 ");
  guint chars = 0;

  if (!role || role == text)
    return FALSE;

  for (const char *p = text; p < role; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (!is_han (c) && !(c < 0x80 && g_ascii_isalnum (c)))
      return FALSE;
    if (++chars > 12)
      return FALSE;
  }

  return is_chinese_names (role + strlen ("记者 "), TRUE);
}

static gboolean
is_capitalised_word (const char *word)
{
  gunichar c = g_utf8_get_char (word);

  if (!g_unichar_isupper (c) && !g_unichar_istitle (c))
    return FALSE;

  for (const char *p = g_utf8_next_char (word); *p; p = g_utf8_next_char (p)) {
    c = g_utf8_get_char (p);
    if (!g_unichar_isalpha (c) && !g_unichar_ismark (c) && c != '-' && c != '\'' &&
        c != 0x2019 && c != '.')
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_name_particle (const char *word)
{
  static const char * const particles[] = {
    "von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin",
    "ibn", "al", "el", "ter", "ten", "dos", "das", "zu",
  };

  for (gsize k = 0; k < G_N_ELEMENTS (particles); k++) {
    if (strcmp (word, particles[k]) == 0)
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_name_suffix (const char *word)
{
  static const char * const suffixes[] = { "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV" };

  for (gsize k = 0; k < G_N_ELEMENTS (suffixes); k++) {
    if (strcmp (word, suffixes[k]) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Names in Latin (or any cased) script: one to six, apart by commas, "and" or "&", each two
 * to four capitalised words with particles ("Ursula von der Leyen") and suffixes ("Jr.")
 * between or after them. A part after the first may be one word, for an agency: "Jane Doe,
 * Reuters". */
static gboolean
is_latin_names (const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  guint parts = 0;
  guint capitals = 0;
  guint part_words = 0;

  for (guint i = 0;; i++) {
    g_autofree char *word = NULL;
    gboolean ends_part = FALSE;
    gsize n;

    if (words[i] == NULL || strcmp (words[i], "and") == 0 || strcmp (words[i], "&") == 0) {
      if (part_words == 0 || capitals > 4 || capitals < (parts == 0 ? 2 : 1))
        return FALSE;
      parts++;
      capitals = part_words = 0;
      if (words[i] == NULL)
        break;
      continue;
    }

    word = g_strdup (words[i]);
    n = strlen (word);
    if (n > 0 && word[n - 1] == ',') {
      word[n - 1] = '\0';
      ends_part = TRUE;
    }
    if (*word == '\0')
      return FALSE;

    /* "The reporter Jane Doe said" is a sentence; "Jane Doe, The New York Times" a credit. */
    if (parts == 0 && part_words == 0 &&
        (strcmp (word, "The") == 0 || strcmp (word, "A") == 0 || strcmp (word, "An") == 0))
      return FALSE;

    if (is_capitalised_word (word) && !(part_words > 0 && is_name_suffix (word)))
      capitals++;
    else if (part_words == 0 || !(is_name_particle (word) || is_name_suffix (word)))
      return FALSE;
    part_words++;

    if (ends_part) {
      if (capitals > 4 || capitals < (parts == 0 ? 2 : 1))
        return FALSE;
      parts++;
      capitals = part_words = 0;
      /* "Jane Doe, and John Roe" */
      if (words[i + 1] && strcmp (words[i + 1], "and") == 0)
        i++;
    }
  }

  return parts >= 1 && parts <= 6;
}

/* A pen name after an explicit label ("作者：老王说科技"): short, a few words, no sentence. */
static gboolean
is_pen_name (const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);

  return g_utf8_strlen (text, -1) <= PEN_NAME_MAX_CHARS && g_strv_length (words) <= 4;
}

/* A publication's name beside a labelled author ("By Jane Doe | The Washington Post",
 * "作者：张三 | 半月谈"): a few capitalised words, or a few Han characters. */
static gboolean
is_publication (const char *text)
{
  static const char * const small_words[] = { "of", "the", "and", "for", "de", "la", "&" };
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  guint n_words = g_strv_length (words);

  if (g_utf8_strlen (text, -1) > SHORT_MAX_CHARS || n_words > 5)
    return FALSE;

  for (guint i = 0; words[i]; i++) {
    gunichar c = g_utf8_get_char (words[i]);
    gboolean small = FALSE;

    for (gsize k = 0; k < G_N_ELEMENTS (small_words); k++)
      small = small || strcmp (words[i], small_words[k]) == 0;

    if (is_han (c) && n_words == 1 && g_utf8_strlen (text, -1) <= 10)
      continue;
    if (!(g_unichar_isupper (c) || g_ascii_isdigit (c) || (i > 0 && small)))
      return FALSE;
  }

  return TRUE;
}

/**
 * lectern_byline_parse_line:
 * @line: (nullable): a line of text from the top of an article
 * @author: (out) (optional) (nullable) (transfer full): where to store the author, or %NULL
 * @source: (out) (optional) (nullable) (transfer full): where to store the source, or %NULL
 *
 * Recognises a byline line at the top of an article: "半月谈记者 张漫子", "记者 张漫子",
 * "新华社记者 张三 李四", "作者：张三", "文/李四", "文｜王五", "来源：新华社" (a source
 * only), "By Jane Doe", "By Jane Doe and John Roe", "Jane Doe | March 19, 2025", with
 * dates, sources and other credits anywhere in it.
 *
 * The whole line must be made of these: names (two to four Han characters starting with a
 * common surname, or two to four capitalised words), labelled credits, dates and sources,
 * and beside a labelled author a publication's name, in at most 100 characters. A name
 * without a label counts only on a line that also has a date, a source or a label, and a
 * reporter's credit keeps its publication ("半月谈记者 张漫子"). Sentences, such as a
 * paragraph that mentions "记者", are refused.
 *
 * Returns: %TRUE if @line is a byline; then @author or @source, or both, are set
 */
gboolean
lectern_byline_parse_line (const char  *line,
                           char       **author,
                           char       **source)
{
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) unlabelled = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *found_source = NULL;
  gboolean found_date = FALSE;
  gboolean labelled = FALSE;

  if (author)
    *author = NULL;
  if (source)
    *source = NULL;

  fields = read_fields (line, LINE_MAX_CHARS, &found_date);
  if (!fields)
    return FALSE;

  for (guint i = 0; i < fields->len; i++) {
    Field *field = fields->pdata[i];

    if (field->kind == FIELD_AUTHOR && !is_blank (field->text))
      labelled = TRUE;
  }

  for (guint i = 0; i < fields->len; i++) {
    Field *field = fields->pdata[i];
    g_autofree char *value = NULL;

    if (is_sentence (field->text))
      return FALSE;

    switch (field->kind) {
      case FIELD_AUTHOR:
        value = clean_value (field->text, NULL);
        if (!value)
          continue;
        if (!is_chinese_names (value, field->names_only) && !is_latin_names (value) &&
            !is_chinese_credit (value) && (field->names_only || !is_pen_name (value)))
          return FALSE;
        g_ptr_array_add (names, g_steal_pointer (&value));
        break;

      case FIELD_SOURCE:
        value = clean_value (field->text, NULL);
        if (!value)
          continue;
        if (g_utf8_strlen (value, -1) > SHORT_MAX_CHARS)
          return FALSE;
        if (!found_source)
          found_source = g_steal_pointer (&value);
        break;

      case FIELD_DATE:
      case FIELD_OTHER:
        if (g_utf8_strlen (field->text, -1) > SHORT_MAX_CHARS)
          return FALSE;
        break;

      case FIELD_NONE:
        value = clean_value (field->text, NULL);
        if (!value)
          continue;
        if (is_chinese_credit (value)) {
          labelled = TRUE;
          g_ptr_array_add (names, g_steal_pointer (&value));
        } else if (is_latin_names (value) || is_chinese_names (value, TRUE)) {
          g_ptr_array_add (unlabelled, g_steal_pointer (&value));
        } else if (!labelled || !is_publication (value)) {
          return FALSE;
        }
        break;

      default:
        g_assert_not_reached ();
    }
  }

  if (unlabelled->len > 0) {
    if (!found_date && !found_source && !labelled)
      return FALSE;
    for (guint i = 0; i < unlabelled->len; i++)
      g_ptr_array_add (names, g_strdup (unlabelled->pdata[i]));
  }

  if (names->len == 0 && !found_source)
    return FALSE;

  if (author && names->len > 0) {
    g_ptr_array_add (names, NULL);
    *author = g_strjoinv (", ", (char **)names->pdata);
  }
  if (source)
    *source = g_steal_pointer (&found_source);

  return TRUE;
}

/**
 * lectern_byline_is_url:
 * @text: (nullable): a byline or an author's name
 *
 * Says whether @text is a web address rather than a name, as `article:author` often is:
 * "https://www.facebook.com/janedoe", "//example.org/jane", "www.example.org/jane",
 * "twitter.com/janedoe" or a bare "example.com".
 *
 * Returns: %TRUE if @text is an address
 */
gboolean
lectern_byline_is_url (const char *text)
{
  static const char * const tlds[] = {
    "com", "org", "net", "edu", "gov", "io", "co", "cn", "uk", "de", "fr", "jp", "ru", "info",
    "me", "tv", "us", "ca", "au", "in", "news", "blog",
  };
  g_autofree char *t = NULL;
  const char *last_label;
  gboolean lower = TRUE;
  gsize host_len;
  guint dots = 0;

  if (!text || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  t = g_strstrip (g_strdup (text));
  if (*t == '\0' || strpbrk (t, " \t\r\n"))
    return FALSE;

  if (g_ascii_strncasecmp (t, "http://", 7) == 0 || g_ascii_strncasecmp (t, "https://", 8) == 0 ||
      g_str_has_prefix (t, "//") || g_ascii_strncasecmp (t, "www.", 4) == 0)
    return TRUE;

  {
    const char *scheme_end = strstr (t, "://");

    if (scheme_end && scheme_end > t) {
      const char *p;

      for (p = t; p < scheme_end; p++) {
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
          break;
      }
      if (p == scheme_end)
        return TRUE;
    }
  }

  /* A host, alone or before a path: labels of letters, digits and hyphens. */
  host_len = strcspn (t, "/?#:");
  last_label = t;
  for (gsize i = 0; i < host_len; i++) {
    char c = t[i];

    if (c == '.') {
      if (i == 0 || t[i - 1] == '.')
        return FALSE;
      dots++;
      last_label = t + i + 1;
    } else if (!g_ascii_isalnum (c) && c != '-') {
      return FALSE;
    } else if (g_ascii_isupper (c)) {
      lower = FALSE;
    }
  }

  if (dots == 0 || last_label >= t + host_len || t + host_len - last_label < 2)
    return FALSE;
  for (const char *p = last_label; p < t + host_len; p++) {
    if (!g_ascii_isalpha (*p))
      return FALSE;
  }

  if (t[host_len] == '/')
    return TRUE;
  if (t[host_len] != '\0' || !lower)
    return FALSE;

  for (gsize k = 0; k < G_N_ELEMENTS (tlds); k++) {
    if (strlen (tlds[k]) == (gsize)(t + host_len - last_label) &&
        strncmp (last_label, tlds[k], t + host_len - last_label) == 0)
      return TRUE;
  }

  return FALSE;
}
