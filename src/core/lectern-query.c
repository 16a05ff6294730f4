/* lectern-query.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-query.h"

#include "lectern-tag.h"
#include "lectern-tokenizer.h"

#include <string.h>

/* What a person types into the search entry, parsed by Lectern into the parts the store
 * filters by. FTS5's own query syntax never sees the typed text: every word and phrase goes
 * to it as an FTS5 string ("…", inner quotes doubled), which the "lectern" tokenizer cuts
 * into tokens and FTS5 matches as a phrase. "AND", "NEAR(", "*" and "title:" are then just
 * text, and no text can make the MATCH expression invalid.
 *
 * The language:
 *   word             every word must match (the last one, from its third character on, also
 *                    as the start of a longer word while it is typed)
 *   "a phrase"       the words side by side; an unclosed quote runs to the end; “curly” and
 *                    full-width quotes and colons work too, as input methods type them
 *   -word -"phrase"  articles matching it are left out
 *   tag:name tag:"two words" -tag:name
 *   site:example.org -site:example.org   (the host and its subdomains)
 *   is:unread is:starred (is:favourite, is:favorite) is:archived, and -is:…
 */

/* The work is bounded whatever is pasted into the entry: text past MAX_BYTES and terms past
 * MAX_TERMS are ignored. Nobody types a query of 16 words; a 10,000-character one is a
 * paste, and its beginning finds what the whole would. Each word costs a walk through its
 * articles when nothing matches them all: 64 common words took 170 ms at a million.
 */
#define MAX_BYTES 2048
#define MAX_TERMS 16

/* The shortest word being typed that also matches as a prefix. The index keeps the
 * prefixes of this length (see migration 6), so "the" finds "theory" by reading one list;
 * a word of one or two characters matches whole, as "t" or "th" would select nearly every
 * article and merge the lists of thousands of words.
 */
#define MIN_PREFIX_CHARS 3

struct _LecternQuery {
  gatomicrefcount   ref_count;

  char             *text;
  char             *match;
  char            **phrases;
  char             *exclude_match;
  char            **tags;
  char            **excluded_tags;
  char            **sites;
  char            **excluded_sites;
  LecternQueryFlags flags;
  LecternQueryFlags excluded_flags;
};

G_DEFINE_BOXED_TYPE (LecternQuery, lectern_query, lectern_query_ref, lectern_query_unref)

typedef struct {
  GString   *match;
  GPtrArray *phrases;
  GString   *exclude_match;
  GPtrArray *tags;
  GPtrArray *excluded_tags;
  GPtrArray *sites;
  GPtrArray *excluded_sites;
  guint      n_terms;
} Parser;

/* "https://News.Example.org:443/path" → "news.example.org": what the user means by a site. */
static char *
site_host (const char *site)
{
  g_autofree char *lower = g_utf8_strdown (site, -1);
  const char *start = lower;
  const char *end;
  const char *scheme = strstr (start, "://");

  if (scheme)
    start = scheme + 3;
  while (*start == '.' || *start == '*')
    start++;
  end = start + strcspn (start, "/?#:");
  while (end > start && end[-1] == '.')
    end--;

  return g_strndup (start, end - start);
}

static gboolean
has_tokens (const char *text)
{
  g_auto (GStrv) tokens = lectern_tokenizer_tokenize (text, TRUE);

  return tokens[0] != NULL;
}

/* Appends @text to @expression as one FTS5 string. */
static void
append_string (GString    *expression,
               const char *separator,
               const char *text,
               gboolean    prefix)
{
  if (expression->len > 0)
    g_string_append (expression, separator);

  g_string_append_c (expression, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c (expression, '"');
    g_string_append_c (expression, *p);
  }
  g_string_append_c (expression, '"');
  if (prefix)
    g_string_append_c (expression, '*');
}

static void
add_words (Parser     *parser,
           const char *text,
           gboolean    exclude,
           gboolean    prefix)
{
  /* Punctuation alone ("*", "-", "…") has no tokens, and FTS5 would match nothing. */
  if (!has_tokens (text))
    return;

  if (exclude) {
    append_string (parser->exclude_match, " OR ", text, FALSE);
  } else {
    GString *phrase = g_string_new (NULL);

    append_string (phrase, "", text, prefix);
    append_string (parser->match, " ", text, prefix);
    g_ptr_array_add (parser->phrases, g_string_free (phrase, FALSE));
  }
}

static void
add_key (Parser            *parser,
         LecternQuery      *query,
         const char        *key,
         const char        *value,
         gboolean           exclude)
{
  if (g_ascii_strcasecmp (key, "tag") == 0) {
    char *tag = lectern_tag_key (value);

    if (*tag)
      g_ptr_array_add (exclude ? parser->excluded_tags : parser->tags, tag);
    else
      g_free (tag);
  } else if (g_ascii_strcasecmp (key, "site") == 0) {
    char *host = site_host (value);

    if (*host)
      g_ptr_array_add (exclude ? parser->excluded_sites : parser->sites, host);
    else
      g_free (host);
  } else {
    LecternQueryFlags flag = 0;

    if (g_ascii_strcasecmp (value, "unread") == 0)
      flag = LECTERN_QUERY_UNREAD;
    else if (g_ascii_strcasecmp (value, "starred") == 0 ||
             g_ascii_strcasecmp (value, "favourite") == 0 ||
             g_ascii_strcasecmp (value, "favorite") == 0)
      flag = LECTERN_QUERY_STARRED;
    else if (g_ascii_strcasecmp (value, "archived") == 0)
      flag = LECTERN_QUERY_ARCHIVED;

    /* An unknown state ("is:unr" half typed) filters by nothing rather than by words. */
    if (exclude)
      query->excluded_flags |= flag;
    else
      query->flags |= flag;
  }
}

/* The text to parse: valid UTF-8 (which it is already, unless it came from a command line or
 * a file), without control characters, cut at MAX_BYTES on a character boundary.
 */
static char *
clean_text (const char *text)
{
  GString *clean = g_string_sized_new (MIN (strlen (text), MAX_BYTES) + 1);

  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    const char *next = g_utf8_next_char (p);

    if (clean->len + (next - p) > MAX_BYTES)
      break;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
      g_string_append_c (clean, ' ');
    else
      g_string_append_len (clean, p, next - p);
  }

  return g_string_free (clean, FALSE);
}

static gboolean
is_space (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

/* The length of the quotation mark at @p, or 0: the ASCII one, and the ones Chinese and
 * Japanese input methods type in its place (“ ” and the full-width ＂).
 */
static gsize
quote_length (const char *p)
{
  gunichar c;

  if (*p == '"')
    return 1;
  if ((guchar)*p < 0x80)
    return 0;

  c = g_utf8_get_char (p);
  return c == 0x201c || c == 0x201d || c == 0xff02 ? g_utf8_next_char (p) - p : 0;
}

/* Reads a quoted string starting at the quote at *p; moves *p past the closing quote. */
static char *
read_quoted (const char **p)
{
  const char *start = *p + quote_length (*p);
  const char *end;

  for (end = start; *end && !quote_length (end); end = g_utf8_next_char (end))
    ;
  *p = *end ? end + quote_length (end) : end;
  return g_strndup (start, end - start);
}

/* The colon ending a key, ASCII or full-width (what a Chinese input method types), or NULL. */
static const char *
find_colon (const char *bare,
            gsize      *length)
{
  const char *ascii = strchr (bare, ':');
  const char *wide = strstr (bare, "\xef\xbc\x9a");

  if (wide && (!ascii || wide < ascii)) {
    *length = 3;
    return wide;
  }
  *length = 1;
  return ascii;
}

/* Whether @bare is key:… for one of the keys the language knows. */
static gboolean
is_key (const char *bare,
        gsize       key_length)
{
  return (key_length == 3 && g_ascii_strncasecmp (bare, "tag", 3) == 0) ||
         (key_length == 4 && g_ascii_strncasecmp (bare, "site", 4) == 0) ||
         (key_length == 2 && g_ascii_strncasecmp (bare, "is", 2) == 0);
}

/* Whether the last token of @text has at least MIN_PREFIX_CHARS characters. */
static gboolean
ends_in_long_word (const char *text)
{
  g_auto (GStrv) tokens = lectern_tokenizer_tokenize (text, TRUE);
  guint n = g_strv_length (tokens);

  return n > 0 && g_utf8_strlen (tokens[n - 1], -1) >= MIN_PREFIX_CHARS;
}

static void
parse (LecternQuery *query,
       Parser       *parser,
       const char   *text)
{
  const char *p = text;

  while (*p && parser->n_terms < MAX_TERMS) {
    gboolean exclude = FALSE;
    const char *start;
    const char *colon;
    gsize colon_length;
    g_autofree char *bare = NULL;

    while (*p && is_space (p))
      p = g_utf8_next_char (p);
    if (!*p)
      break;

    if (*p == '-') {
      exclude = TRUE;
      p++;
      /* A lone "-" (or "--") excludes nothing. */
      if (!*p || is_space (p) || *p == '-')
        continue;
    }

    parser->n_terms++;

    if (quote_length (p)) {
      g_autofree char *phrase = read_quoted (&p);

      add_words (parser, phrase, exclude, FALSE);
      continue;
    }

    start = p;
    while (*p && !quote_length (p) && !is_space (p))
      p = g_utf8_next_char (p);
    bare = g_strndup (start, p - start);

    colon = find_colon (bare, &colon_length);
    if (colon && is_key (bare, colon - bare)) {
      g_autofree char *key = g_strndup (bare, colon - bare);
      g_autofree char *value = NULL;

      if (colon[colon_length] == '\0' && quote_length (p))
        value = read_quoted (&p);
      else
        value = g_strdup (colon + colon_length);
      add_key (parser, query, key, value, exclude);
      continue;
    }

    /* The last word, with nothing typed after it yet, is a word being typed: a prefix. A
     * word ending in Chinese or Thai is whole already: its last pair, or its one character,
     * is in the index as typed, and a prefix would merge every pair starting with it.
     */
    add_words (parser, bare, exclude,
               !exclude && *p == '\0' && ends_in_long_word (bare) &&
               !_lectern_tokenizer_ends_in_run (bare));
  }
}

static char **
steal_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **)g_ptr_array_free (array, FALSE);
}

static char *
steal_expression (GString *expression)
{
  return g_string_free (expression, expression->len == 0);
}

/**
 * lectern_query_parse:
 * @text: what the user typed, in any encoding
 *
 * Parses a search as typed into the search entry or given to `lectern --search`. Any text
 * is a valid query: quotes, FTS5 operators and punctuation are text, bytes that are not
 * UTF-8 are replaced, and what is past a couple of thousand bytes or 16 terms is ignored.
 *
 * Returns: (transfer full): the query, never %NULL
 */
LecternQuery *
lectern_query_parse (const char *text)
{
  LecternQuery *query;
  g_autofree char *clean = NULL;
  Parser parser;

  if (!text)
    text = "";

  query = g_new0 (LecternQuery, 1);
  g_atomic_ref_count_init (&query->ref_count);
  query->text = g_utf8_make_valid (text, -1);

  parser.match = g_string_new (NULL);
  parser.phrases = g_ptr_array_new ();
  parser.exclude_match = g_string_new (NULL);
  parser.tags = g_ptr_array_new ();
  parser.excluded_tags = g_ptr_array_new ();
  parser.sites = g_ptr_array_new ();
  parser.excluded_sites = g_ptr_array_new ();
  parser.n_terms = 0;

  clean = clean_text (query->text);
  parse (query, &parser, clean);

  query->match = steal_expression (parser.match);
  query->phrases = steal_strv (parser.phrases);
  query->exclude_match = steal_expression (parser.exclude_match);
  query->tags = steal_strv (parser.tags);
  query->excluded_tags = steal_strv (parser.excluded_tags);
  query->sites = steal_strv (parser.sites);
  query->excluded_sites = steal_strv (parser.excluded_sites);

  return query;
}

/**
 * lectern_query_ref:
 * @self: a query
 *
 * Returns: (transfer full): @self
 */
LecternQuery *
lectern_query_ref (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * lectern_query_unref:
 * @self: (transfer full): a query
 */
void
lectern_query_unref (LecternQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->text);
  g_free (self->match);
  g_strfreev (self->phrases);
  g_free (self->exclude_match);
  g_strfreev (self->tags);
  g_strfreev (self->excluded_tags);
  g_strfreev (self->sites);
  g_strfreev (self->excluded_sites);
  g_free (self);
}

/**
 * lectern_query_get_text:
 * @self: a query
 *
 * Returns: what was typed, made valid UTF-8
 */
const char *
lectern_query_get_text (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * lectern_query_is_empty:
 * @self: a query
 *
 * Returns: whether @self filters by nothing at all (no words, tags, sites or states)
 */
gboolean
lectern_query_is_empty (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return !self->match && !self->exclude_match &&
         !self->tags[0] && !self->excluded_tags[0] &&
         !self->sites[0] && !self->excluded_sites[0] &&
         self->flags == 0 && self->excluded_flags == 0;
}

/**
 * lectern_query_get_match:
 * @self: a query
 *
 * An FTS5 MATCH expression an article must match: every word and phrase typed, each as a
 * quoted FTS5 string, the last word a prefix (`"word"*`) unless a space followed it or
 * it has fewer than three characters.
 *
 * Returns: (nullable): the expression, or %NULL when there are no words
 */
const char *
lectern_query_get_match (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->match;
}

/**
 * lectern_query_get_phrases:
 * @self: a query
 *
 * The parts of lectern_query_get_match(), each an FTS5 expression of one phrase, in the
 * order FTS5 numbers the phrases of the whole: a search counts each one's articles to
 * weigh the words of the query against each other.
 *
 * Returns: (array zero-terminated=1) (transfer none): the phrases, empty when there are
 *   no words
 */
const char * const *
lectern_query_get_phrases (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->phrases;
}

/**
 * lectern_query_get_exclude_match:
 * @self: a query
 *
 * An FTS5 MATCH expression for the excluded words and phrases (`-word`, `-"a phrase"`),
 * joined with OR: an article matching it is left out.
 *
 * Returns: (nullable): the expression, or %NULL when nothing is excluded
 */
const char *
lectern_query_get_exclude_match (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->exclude_match;
}

/**
 * lectern_query_get_tags:
 * @self: a query
 *
 * Returns: (array zero-terminated=1) (transfer none): the keys (lectern_tag_key()) of the
 *   tags an article must have, all of them
 */
const char * const *
lectern_query_get_tags (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->tags;
}

/**
 * lectern_query_get_excluded_tags:
 * @self: a query
 *
 * Returns: (array zero-terminated=1) (transfer none): the keys of the tags an article must
 *   not have (`-tag:name`)
 */
const char * const *
lectern_query_get_excluded_tags (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->excluded_tags;
}

/**
 * lectern_query_get_sites:
 * @self: a query
 *
 * Returns: (array zero-terminated=1) (transfer none): lower-case hosts; an article must
 *   come from one of them or a subdomain of it, for each
 */
const char * const *
lectern_query_get_sites (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->sites;
}

/**
 * lectern_query_get_excluded_sites:
 * @self: a query
 *
 * Returns: (array zero-terminated=1) (transfer none): lower-case hosts whose articles (and
 *   their subdomains') are left out
 */
const char * const *
lectern_query_get_excluded_sites (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->excluded_sites;
}

/**
 * lectern_query_get_flags:
 * @self: a query
 *
 * Returns: the states an article must have (`is:unread`…)
 */
LecternQueryFlags
lectern_query_get_flags (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->flags;
}

/**
 * lectern_query_get_excluded_flags:
 * @self: a query
 *
 * Returns: the states an article must not have (`-is:archived`…)
 */
LecternQueryFlags
lectern_query_get_excluded_flags (LecternQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->excluded_flags;
}
