/* lectern-tokenizer.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-tokenizer.h"

#include "lectern-sqlite-private.h"

#include <string.h>

/* Lectern's FTS5 tokenizer, for text in any script.
 *
 * Words (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, digits…) are runs of letters,
 * digits and combining marks. They are case-folded, brought to compatibility decomposition
 * (NFKD: "ﬁ" is "fi", "Ｗ" is "w", "²" is "2"), their digits made ASCII ("١٢" is "12")
 * and, in the scripts where marks are optional accents or vowel points (Latin, Greek,
 * Cyrillic, Arabic, Hebrew), stripped of their marks, so that "Café" finds "cafe" and
 * "CAFÉ". In the scripts where marks are vowels (Devanagari, Bengali…) they stay, or
 * different words would become one.
 *
 * Scripts written without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar)
 * are indexed as overlapping character pairs: "大模型" is 大模 and 模型 at consecutive
 * positions, so that any two characters typed find every text that has them side by side,
 * and a longer query is a phrase of its pairs. A "character" here is a base character with
 * its combining marks (a Thai consonant with its vowel and tone marks).
 *
 * Single characters are indexed as well, at the position of the pair they start
 * (FTS5_TOKEN_COLOCATED, after the pair), so that a one-character query (人, 猫) is one term
 * lookup. The alternative is to index pairs only, plus the last character of each run, and to
 * look a single character up as a prefix of the pairs (人*). tests/bench/tokenizer-bench measures
 * both on 20,000 Chinese articles of 1,000 characters: the single characters make the index
 * 17% larger (146 MB against 125 MB; Latin text is unaffected), but a search for 的 takes
 * 0.8 ms against 39 ms, since a prefix must merge the lists of every pair that starts with
 * the character (hundreds of terms for a common one), while the single character is one list.
 * One-character searches are common in Chinese and search speed is the bar the library is
 * held to (a million articles), so Lectern indexes both.
 *
 * ICU's dictionary word breaks were the other candidate for these scripts. Pairs find what
 * was typed wherever it occurs; a dictionary does not. ICU 72 cuts "大模型" into 大|模型 but
 * "大模", half typed, into 大|模, which the text then lacks; it cuts 深度求索 into 深度|求|索 and
 * 半月谈 into 半月|谈, keeps 학교에서 whole so that 학교 finds nothing, and it segments the
 * seed article seven times slower than this tokenizer cuts it into pairs (20 MB/s against
 * 130 MB/s). Pairs need no extra library, and a query is cut the same way as the text by the
 * same code, whatever its context.
 *
 * Punctuation, symbols (emoji among them) and spaces separate tokens and are never tokens.
 * Format characters (soft hyphens, joiners, bidi marks), variation selectors and the Arabic
 * tatweel are ignored inside a word. Every token carries the byte offsets of the text it came
 * from, which FTS5's snippet() and highlight() use to mark the matches.
 */

/* Longer tokens are cut (at a character boundary): a 100 kB string of base64 is not a word
 * anyone types, and FTS5 would store it whole.
 */
#define MAX_WORD_BYTES 128
#define MAX_UNIT_BYTES 32

typedef enum {
  CHAR_SEPARATOR,
  CHAR_IGNORABLE,
  CHAR_MARK,
  CHAR_WORD,
  CHAR_RUN,
} CharClass;

typedef int (*TokenFunc) (gpointer    user_data,
                          gboolean    colocated,
                          const char *token,
                          gsize       length,
                          gsize       start,
                          gsize       end);

typedef struct {
  gsize start;
  gsize end;
  gsize length;
  char  text[MAX_UNIT_BYTES + 8];
} Unit;

typedef struct {
  const char *text;
  gboolean    for_query;
  gboolean    unigrams;
  TokenFunc   func;
  gpointer    user_data;

  /* The pending character pair run */
  Unit        units[2];
  guint       current;
  guint       run_length;
} Tokenizer;

#define TYPE_BIT(t) (1u << (t))

static CharClass
classify (gunichar c)
{
  const guint32 letters = TYPE_BIT (G_UNICODE_LOWERCASE_LETTER) |
                          TYPE_BIT (G_UNICODE_UPPERCASE_LETTER) |
                          TYPE_BIT (G_UNICODE_TITLECASE_LETTER) |
                          TYPE_BIT (G_UNICODE_MODIFIER_LETTER) |
                          TYPE_BIT (G_UNICODE_OTHER_LETTER) |
                          TYPE_BIT (G_UNICODE_LETTER_NUMBER) |
                          TYPE_BIT (G_UNICODE_OTHER_NUMBER);
  const guint32 marks = TYPE_BIT (G_UNICODE_NON_SPACING_MARK) |
                        TYPE_BIT (G_UNICODE_SPACING_MARK) |
                        TYPE_BIT (G_UNICODE_ENCLOSING_MARK);
  GUnicodeType type;
  GUnicodeScript script;

  if (c < 0x80)
    return g_ascii_isalnum (c) ? CHAR_WORD : CHAR_SEPARATOR;

  /* Variation selectors choose a glyph, not a letter; the tatweel stretches a line. */
  if ((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef) || c == 0x0640)
    return CHAR_IGNORABLE;

  /* Hangul vowel and final jamo, as decomposed text (NFD) writes a syllable: they belong
   * to the initial jamo before them, and NFKC makes the three one syllable again.
   */
  if ((c >= 0x1160 && c <= 0x11ff) || (c >= 0xd7b0 && c <= 0xd7ff))
    return CHAR_MARK;

  type = g_unichar_type (c);
  if (TYPE_BIT (type) & marks)
    return CHAR_MARK;
  if (type == G_UNICODE_FORMAT)
    /* The zero-width space is how Thai and Khmer text marks a word break, when it does. */
    return c == 0x200b ? CHAR_SEPARATOR : CHAR_IGNORABLE;
  if (type == G_UNICODE_DECIMAL_NUMBER)
    return CHAR_WORD;
  if (!(TYPE_BIT (type) & letters))
    return CHAR_SEPARATOR;

  /* The katakana prolonged sound mark is "Common" but only ever written inside kana. */
  if (c == 0x30fc || c == 0xff70)
    return CHAR_RUN;

  script = g_unichar_get_script (c);
  if (script == G_UNICODE_SCRIPT_HAN ||
      script == G_UNICODE_SCRIPT_HIRAGANA ||
      script == G_UNICODE_SCRIPT_KATAKANA ||
      script == G_UNICODE_SCRIPT_HANGUL ||
      script == G_UNICODE_SCRIPT_BOPOMOFO ||
      script == G_UNICODE_SCRIPT_THAI ||
      script == G_UNICODE_SCRIPT_LAO ||
      script == G_UNICODE_SCRIPT_KHMER ||
      script == G_UNICODE_SCRIPT_MYANMAR)
    return CHAR_RUN;

  return CHAR_WORD;
}

/* Scripts whose combining marks are accents or optional vowel points, dropped from words. */
static gboolean
drops_marks (GUnicodeScript script)
{
  return script == G_UNICODE_SCRIPT_LATIN ||
         script == G_UNICODE_SCRIPT_GREEK ||
         script == G_UNICODE_SCRIPT_CYRILLIC ||
         script == G_UNICODE_SCRIPT_ARABIC ||
         script == G_UNICODE_SCRIPT_HEBREW ||
         script == G_UNICODE_SCRIPT_COMMON;
}

/* Appends @c to @out unless that would pass @max bytes; returns FALSE when full. */
static gboolean
append_char (char     *out,
             gsize    *length,
             gsize     max,
             gunichar  c)
{
  char buf[6];
  int n = g_unichar_to_utf8 (c, buf);

  if (*length + n > max)
    return FALSE;
  memcpy (out + *length, buf, n);
  *length += n;
  return TRUE;
}

/* The characters of text[start, end) that are not ignorable, as a new string of at most
 * MAX_NORMALIZE_BYTES: the token is cut shorter than that anyway, and normalisation sorts a
 * run of combining marks in quadratic time (GLib's canonical ordering is a bubble sort), so
 * a text of a million marks would hold the indexer for hours.
 */
#define MAX_NORMALIZE_BYTES (4 * MAX_WORD_BYTES)

static char *
copy_without_ignorables (const char *text,
                         gsize       start,
                         gsize       end)
{
  GString *kept = g_string_sized_new (MIN (end - start, MAX_NORMALIZE_BYTES) + 1);
  const char *p;

  for (p = text + start; p < text + end; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (kept->len + 4 > MAX_NORMALIZE_BYTES)
      break;
    if (classify (c) != CHAR_IGNORABLE)
      g_string_append_unichar (kept, c);
  }

  return g_string_free (kept, FALSE);
}

/* Writes the token for the word text[start, end), which has characters outside ASCII, into
 * @out (MAX_WORD_BYTES at most).
 */
static gsize
normalize_unicode_word (const char *text,
                        gsize       start,
                        gsize       end,
                        char       *out)
{
  g_autofree char *kept = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GUnicodeScript base = G_UNICODE_SCRIPT_COMMON;
  gsize length = 0;
  const char *p;

  /* Case-folding first: "İ" folds to "i" with a combining dot, which then goes. */
  kept = copy_without_ignorables (text, start, end);
  folded = g_utf8_casefold (kept, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (!decomposed)
    return 0;

  for (p = decomposed; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    GUnicodeType type = g_unichar_type (c);

    if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK) {
      if (drops_marks (base))
        continue;
    } else if (type == G_UNICODE_DECIMAL_NUMBER) {
      /* Digits of every script are the ASCII ones: "١٢٣" and "๑๒๓" are 123. */
      c = '0' + g_unichar_digit_value (c);
      base = G_UNICODE_SCRIPT_COMMON;
    } else if (type != G_UNICODE_SPACING_MARK) {
      base = g_unichar_get_script (c);
    }
    if (!append_char (out, &length, MAX_WORD_BYTES, c))
      break;
  }

  return length;
}

/* Most words in most texts: no allocation. */
static inline gsize
normalize_word (const char *text,
                gsize       start,
                gsize       end,
                gboolean    ascii,
                char       *out)
{
  gsize length;

  if (!ascii)
    return normalize_unicode_word (text, start, end, out);

  length = MIN (end - start, MAX_WORD_BYTES);
  for (gsize i = 0; i < length; i++) {
    char c = text[start + i];

    out[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
  return length;
}

/* Whether NFKC leaves @c as it is, which is so for nearly every character of a run. */
static gboolean
is_stable (gunichar c)
{
  gunichar decomposition[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0x3041 && c <= 0x30ff) || (c >= 0x0e00 && c <= 0x0eff))
    return TRUE;

  return g_unichar_fully_decompose (c, TRUE, decomposition, G_N_ELEMENTS (decomposition)) == 1 &&
         decomposition[0] == c;
}

/* Fills @unit's token from text[unit->start, unit->end): a base character and its marks. */
static void
normalize_unit (const char *text,
                Unit       *unit)
{
  g_autofree char *kept = NULL;
  g_autofree char *composed = NULL;
  gsize n = unit->end - unit->start;
  const char *p;

  if (n <= 4 && is_stable (g_utf8_get_char (text + unit->start))) {
    memcpy (unit->text, text + unit->start, n);
    unit->length = n;
    return;
  }

  /* Half-width katakana become full-width, compatibility ideographs their unified form, a
   * kana and a combining voicing mark one kana.
   */
  kept = copy_without_ignorables (text, unit->start, unit->end);
  composed = g_utf8_normalize (kept, -1, G_NORMALIZE_NFKC);
  unit->length = 0;
  if (!composed)
    return;
  for (p = composed; *p; p = g_utf8_next_char (p)) {
    if (!append_char (unit->text, &unit->length, MAX_UNIT_BYTES, g_utf8_get_char (p)))
      break;
  }
}

static int
emit_unigram (Tokenizer  *self,
              const Unit *unit,
              gboolean    colocated)
{
  return self->func (self->user_data, colocated, unit->text, unit->length,
                     unit->start, unit->end);
}

static int
emit_bigram (Tokenizer  *self,
             const Unit *first,
             const Unit *second,
             gboolean    colocated)
{
  char pair[2 * (MAX_UNIT_BYTES + 8)];

  memcpy (pair, first->text, first->length);
  memcpy (pair + first->length, second->text, second->length);
  return self->func (self->user_data, colocated, pair, first->length + second->length,
                     first->start, second->end);
}

/* The current unit of the run is complete: emits the tokens that start at the one before. */
static int
push_unit (Tokenizer *self)
{
  Unit *current = &self->units[self->current];
  Unit *previous = &self->units[!self->current];
  int rc = SQLITE_OK;

  normalize_unit (self->text, current);
  if (current->length == 0)
    return SQLITE_OK;

  if (self->run_length > 0) {
    /* The pair comes first: FTS5's snippet() and highlight() mark the text of the first
     * token at a position, and the pair covers what a query of two or more characters
     * matched there. A one-character match is marked with its neighbour in the pair.
     */
    rc = emit_bigram (self, previous, current, FALSE);
    if (rc == SQLITE_OK && !self->for_query && self->unigrams)
      rc = emit_unigram (self, previous, TRUE);
  }

  self->run_length++;
  self->current = !self->current;
  return rc;
}

static int
finish_run (Tokenizer *self)
{
  const Unit *last;
  int rc;

  rc = push_unit (self);
  if (rc != SQLITE_OK)
    return rc;

  /* The last character starts no pair. In a document it shares the position of the last
   * pair, so that a run takes one position fewer than it has characters, in a document as
   * in a query ("模型ai" must find "模型AI"). A query of one character is that character
   * alone; a longer query's last character is inside its last pair.
   */
  last = &self->units[!self->current];
  if (self->run_length > 0 && (!self->for_query || self->run_length == 1))
    rc = emit_unigram (self, last, self->run_length > 1);

  self->run_length = 0;
  return rc;
}

static int
tokenize (const char *text,
          gsize       length,
          gboolean    for_query,
          gboolean    unigrams,
          TokenFunc   func,
          gpointer    user_data)
{
  Tokenizer self = { text, for_query, unigrams, func, user_data, { { 0 } }, 0, 0 };
  enum { NONE, WORD, RUN } state = NONE;
  gboolean word_ascii = TRUE;
  gsize word_start = 0;
  gsize word_end = 0;
  gsize i = 0;
  int rc = SQLITE_OK;

  while (i < length && rc == SQLITE_OK) {
    gunichar c;
    gsize next;
    CharClass class;

    /* The rest of an ASCII word, in one go: most of the text in most libraries. */
    if (state == WORD && g_ascii_isalnum (text[i])) {
      while (i < length && g_ascii_isalnum (text[i]))
        i++;
      word_end = i;
      continue;
    }

    if ((guchar)text[i] < 0x80) {
      c = (guchar)text[i];
      next = i + 1;
    } else {
      c = g_utf8_get_char_validated (text + i, length - i);
      if (c == (gunichar)-1 || c == (gunichar)-2) {
        /* Not UTF-8: a separator, one byte at a time. */
        c = ' ';
        next = i + 1;
      } else {
        next = g_utf8_next_char (text + i) - text;
      }
    }

    if (c < 0x80)
      class = g_ascii_isalnum (c) ? CHAR_WORD : CHAR_SEPARATOR;
    else
      class = classify (c);

    if (class == CHAR_SEPARATOR || (class == CHAR_WORD && state == RUN) ||
        (class == CHAR_RUN && state == WORD)) {
      if (state == WORD) {
        char token[MAX_WORD_BYTES + 8];
        gsize n = normalize_word (text, word_start, word_end, word_ascii, token);

        if (n > 0)
          rc = func (user_data, FALSE, token, n, word_start, word_end);
      } else if (state == RUN) {
        rc = finish_run (&self);
      }
      state = NONE;
      if (rc != SQLITE_OK)
        break;
    }

    switch (class) {
      case CHAR_WORD:
        if (state != WORD) {
          word_start = i;
          word_ascii = TRUE;
        }
        word_ascii = word_ascii && c < 0x80;
        word_end = next;
        state = WORD;
        break;
      case CHAR_RUN:
        if (state == RUN)
          rc = push_unit (&self);
        self.units[self.current].start = i;
        self.units[self.current].end = next;
        state = RUN;
        break;
      case CHAR_MARK:
        if (state == WORD) {
          word_end = next;
          word_ascii = FALSE;
        }
        else if (state == RUN)
          self.units[self.current].end = next;
        break;
      case CHAR_IGNORABLE:
        /* Left out of the token, which the fast path would not do. */
        if (state == WORD)
          word_ascii = FALSE;
        break;
      case CHAR_SEPARATOR:
      default:
        break;
    }

    i = next;
  }

  if (rc == SQLITE_OK && state == WORD) {
    char token[MAX_WORD_BYTES + 8];
    gsize n = normalize_word (text, word_start, word_end, word_ascii, token);

    if (n > 0)
      rc = func (user_data, FALSE, token, n, word_start, word_end);
  } else if (rc == SQLITE_OK && state == RUN) {
    rc = finish_run (&self);
  }

  return rc;
}

/* FTS5 glue */

typedef struct {
  gboolean unigrams;
} LecternFts5Tokenizer;

typedef struct {
  void *ctx;
  int (*token) (void *, int, const char *, int, int, int);
} Fts5Call;

static int
fts5_token_cb (gpointer    user_data,
               gboolean    colocated,
               const char *token,
               gsize       length,
               gsize       start,
               gsize       end)
{
  Fts5Call *call = user_data;

  return call->token (call->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0,
                      token, (int)length, (int)start, (int)end);
}

/* Arguments, for the benchmark only: "pairs" leaves single characters out of the index but
 * for the last of each run (the alternative described at the top of this file).
 */
static int
fts5_create (void           *user_data,
             const char    **args,
             int             n_args,
             Fts5Tokenizer **out)
{
  LecternFts5Tokenizer *self = g_new0 (LecternFts5Tokenizer, 1);

  self->unigrams = TRUE;
  for (int i = 0; i < n_args; i++) {
    if (g_strcmp0 (args[i], "pairs") == 0) {
      self->unigrams = FALSE;
    } else {
      g_free (self);
      return SQLITE_ERROR;
    }
  }

  *out = (Fts5Tokenizer *)self;
  return SQLITE_OK;
}

static void
fts5_delete (Fts5Tokenizer *tokenizer)
{
  g_free (tokenizer);
}

static int
fts5_tokenize (Fts5Tokenizer *tokenizer,
               void          *ctx,
               int            flags,
               const char    *text,
               int            length,
               int          (*token) (void *, int, const char *, int, int, int))
{
  LecternFts5Tokenizer *self = (LecternFts5Tokenizer *)tokenizer;
  Fts5Call call = { ctx, token };

  if (!text || length <= 0)
    return SQLITE_OK;

  /* FTS5_TOKENIZE_AUX (snippet(), highlight()) must see the document's tokens. */
  return tokenize (text, length, (flags & FTS5_TOKENIZE_QUERY) != 0, self->unigrams,
                   fts5_token_cb, &call);
}

static fts5_tokenizer lectern_fts5_tokenizer = {
  fts5_create,
  fts5_delete,
  fts5_tokenize,
};

/**
 * lectern_tokenizer_register:
 * @db: an open SQLite connection
 * @error: return location for a #LecternDatabaseError
 *
 * Registers Lectern's FTS5 tokenizer on @db as "lectern", for tables made with
 * `tokenize='lectern'`. Tokenizers belong to a connection: every connection that reads or
 * writes such a table must register it first.
 *
 * Returns: whether the tokenizer was registered
 */
gboolean
lectern_tokenizer_register (sqlite3  *db,
                            GError  **error)
{
  fts5_api *api;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  api = _lectern_database_get_fts5_api (db, error);
  if (!api)
    return FALSE;

  rc = api->xCreateTokenizer (api, "lectern", NULL, &lectern_fts5_tokenizer, NULL);
  if (rc != SQLITE_OK) {
    _lectern_database_set_error (error, db, rc);
    return FALSE;
  }

  return TRUE;
}

static int
collect_cb (gpointer    user_data,
            gboolean    colocated,
            const char *token,
            gsize       length,
            gsize       start,
            gsize       end)
{
  g_ptr_array_add (user_data, g_strndup (token, length));
  return SQLITE_OK;
}

/**
 * lectern_tokenizer_tokenize:
 * @text: text to cut into tokens
 * @for_query: whether to cut @text as a query rather than as a document
 *
 * Returns the tokens the "lectern" tokenizer gives FTS5 for @text, in order, once per
 * occurrence; in a document, a single character of Chinese or Thai and the pair of
 * characters it starts are both listed (FTS5 stores them at one position).
 *
 * Returns: (transfer full): a %NULL-terminated array of tokens
 */
char **
lectern_tokenizer_tokenize (const char *text,
                            gboolean    for_query)
{
  GPtrArray *tokens = g_ptr_array_new ();

  g_return_val_if_fail (text != NULL, NULL);

  tokenize (text, strlen (text), for_query, TRUE, collect_cb, tokens);
  g_ptr_array_add (tokens, NULL);
  return (char **)g_ptr_array_free (tokens, FALSE);
}

static int
last_is_run_cb (gpointer    user_data,
                gboolean    colocated,
                const char *token,
                gsize       length,
                gsize       start,
                gsize       end)
{
  gboolean *last_is_run = user_data;

  *last_is_run = classify (g_utf8_get_char (token)) == CHAR_RUN;
  return SQLITE_OK;
}

gboolean
_lectern_tokenizer_ends_in_run (const char *text)
{
  gboolean last_is_run = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  tokenize (text, strlen (text), TRUE, TRUE, last_is_run_cb, &last_is_run);
  return last_is_run;
}
