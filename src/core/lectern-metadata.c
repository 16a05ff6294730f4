/* lectern-metadata.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The extractor's metadata: the title and how it is cleaned, URLs, the
 * <meta> tags and JSON-LD (what Readability reads of them, and what it does
 * not), and from them the byline, excerpt, site name, date, canonical URL
 * and lead image.
 */

#include "config.h"

#include "lectern-byline.h"
#include "lectern-date.h"
#include "lectern-extractor-private.h"
#include "lectern-url.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define MAX_JSON_DEPTH 64

/* ------------------------------------------------------------------ */
/* Text similarity and titles                                           */

/* str.split(/\s+/).length: Readability's measure of a title, which decides
 * where to cut it. Not the count an article's length is read from; that is
 * lectern_text_count().
 */
static int
js_word_count (const char *str)
{
  int n = 1;
  gboolean in_space = FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p)) {
    gboolean space = is_js_space (g_utf8_get_char (p));

    if (space && !in_space)
      n++;
    in_space = space;
  }

  return n;
}

/* Readability's word count for titles, with each CJK character counted as
 * a word: CJK titles have no spaces, and would always look too short.
 */
static int
title_word_count (const char *str)
{
  int n = js_word_count (str);

  for (const char *p = str; *p; p = g_utf8_next_char (p)) {
    if (is_cjk (g_utf8_get_char (p)))
      n++;
  }

  return n;
}

/* Splits into lowercase words. Unlike Readability's /\W+/, letters of any
 * script make words, and each CJK character is a word of its own, so that
 * Chinese headlines compare by their characters.
 */
static GPtrArray *
tokenize (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lower = g_utf8_strdown (text, -1);
  const char *p = lower;
  const char *start = NULL;

  while (TRUE) {
    gunichar c = *p ? g_utf8_get_char (p) : 0;
    gboolean word = c && (g_unichar_isalnum (c) || c == '_' || g_unichar_ismark (c));

    if (start && (!word || is_cjk (c))) {
      g_ptr_array_add (tokens, g_strndup (start, p - start));
      start = NULL;
    }

    if (!c)
      break;

    if (word && is_cjk (c)) {
      const char *next = g_utf8_next_char (p);

      g_ptr_array_add (tokens, g_strndup (p, next - p));
      p = next;
      continue;
    }

    if (word && !start)
      start = p;
    p = g_utf8_next_char (p);
  }

  return tokens;
}

static gsize
joined_length (GPtrArray *tokens)
{
  gsize n = 0;

  for (guint i = 0; i < tokens->len; i++)
    n += js_length (tokens->pdata[i]) + (i ? 1 : 0);

  return n;
}

double
_lectern_extractor_text_similarity (const char *a,
                                    const char *b)
{
  g_autoptr (GPtrArray) ta = tokenize (a ? a : "");
  g_autoptr (GPtrArray) tb = tokenize (b ? b : "");
  g_autoptr (GHashTable) set = NULL;
  g_autoptr (GPtrArray) uniq = NULL;

  if (ta->len == 0 || tb->len == 0)
    return 0;

  set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < ta->len; i++)
    g_hash_table_add (set, ta->pdata[i]);

  uniq = g_ptr_array_new ();
  for (guint i = 0; i < tb->len; i++) {
    if (!g_hash_table_contains (set, tb->pdata[i]))
      g_ptr_array_add (uniq, tb->pdata[i]);
  }

  return 1.0 - (double)joined_length (uniq) / (double)joined_length (tb);
}

char *
_lectern_extractor_normalize_for_compare (const char *text)
{
  g_autofree char *copy =
    _lectern_extractor_js_normalize (_lectern_extractor_js_trim (g_strdup (text)));
  g_autofree char *folded = g_utf8_casefold (copy, -1);
  GString *out = g_string_new (NULL);

  /* Punctuation and spaces do not make a headline different. */
  for (const char *p = folded; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_isalnum (c))
      g_string_append_unichar (out, c);
  }

  return g_string_free (out, FALSE);
}

static gsize
separator_at (const char *s)
{
  if (*s == '|' || *s == '-' || *s == '\\' || *s == '/' || *s == '>')
    return 1;
  if ((guchar)s[0] == 0xC2 && (guchar)s[1] == 0xBB)
    return 2;
  /* En and em dashes separate as often as hyphens do. */
  if ((guchar)s[0] == 0xE2 && (guchar)s[1] == 0x80 &&
      ((guchar)s[2] == 0x93 || (guchar)s[2] == 0x94))
    return 3;
  return 0;
}

static gboolean
hierarchical_separator_at (const char *s)
{
  return *s == '\\' || *s == '/' || *s == '>' ||
         ((guchar)s[0] == 0xC2 && (guchar)s[1] == 0xBB);
}

static char *
strip_separators (const char *s)
{
  GString *out = g_string_new (NULL);

  while (*s) {
    gsize n = separator_at (s);

    if (n) {
      s += n;
      continue;
    }
    g_string_append_c (out, *s);
    s++;
  }

  return g_string_free (out, FALSE);
}

static xmlNode *
find_title_element (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (tag_is (root, "title"))
    return root;

  return root ? find_element (root, "title") : NULL;
}

/* Readability's _getArticleTitle. */
static char *
get_article_title (Extractor *self,
                   xmlDoc    *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *title_node = find_title_element (doc);
  g_autofree char *orig = title_node ? _lectern_extractor_js_trim (text_content (title_node)) :
                          g_strdup ("");
  g_autofree char *cur = g_strdup (orig);
  gboolean had_hierarchical = FALSE;
  const char *last_sep = NULL;
  int word_count;

  for (const char *p = orig; *p; p++) {
    gsize n;

    if (*p == ' ' && (n = separator_at (p + 1)) && p[1 + n] == ' ') {
      last_sep = p;
      if (hierarchical_separator_at (p + 1))
        had_hierarchical = TRUE;
      p += n + 1;
    }
  }

  if (last_sep) {
    g_free (cur);
    cur = g_strndup (orig, last_sep - orig);

    if (title_word_count (cur) < 3) {
      const char *p = orig;

      while (*p && !separator_at (p))
        p++;
      g_free (cur);
      cur = g_strdup (*p ? p + separator_at (p) : orig);
    }
  } else if (strstr (cur, ": ")) {
    gboolean match = FALSE;

    if (root) {
      for (xmlNode *n = walk_next (root, root, FALSE); n && !match; n = walk_next (n, root, FALSE)) {
        if (tag_is (n, "h1") || tag_is (n, "h2")) {
          g_autofree char *text = _lectern_extractor_js_trim (text_content (n));
          g_autofree char *trimmed = _lectern_extractor_js_trim (g_strdup (cur));

          match = strcmp (text, trimmed) == 0;
        }
      }
    }

    if (!match) {
      const char *last = strrchr (orig, ':');
      const char *first = strchr (orig, ':');
      g_autofree char *before = g_strndup (orig, first - orig);

      g_free (cur);
      cur = g_strdup (last + 1);
      if (title_word_count (cur) < 3) {
        g_free (cur);
        cur = g_strdup (first + 1);
      } else if (title_word_count (before) > 5) {
        g_free (cur);
        cur = g_strdup (orig);
      }
    }
  } else if (js_length (cur) > 150 || js_length (cur) < 15) {
    g_autoptr (GPtrArray) h1s = root ? get_elements_1 (root, "h1") : g_ptr_array_new ();

    if (h1s->len == 1) {
      g_free (cur);
      cur = inner_text (h1s->pdata[0], TRUE);
    }
  }

  _lectern_extractor_js_normalize (_lectern_extractor_js_trim (cur));

  word_count = title_word_count (cur);
  if (word_count <= 4) {
    g_autofree char *stripped = strip_separators (orig);

    if (!had_hierarchical || word_count != title_word_count (stripped) - 1) {
      g_free (cur);
      cur = g_strdup (orig);
    }
  }

  return g_steal_pointer (&cur);
}

/* ------------------------------------------------------------------ */
/* URLs                                                                 */

static GUri *
parse_base (const char *base)
{
  if (!base || !*base)
    return NULL;

  /* Through GUri objects: g_uri_resolve_relative() logs a critical for some hostile bases
   * (a ';' in the host) where parsing simply fails.
   */
  return g_uri_parse (base, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
}

/* @url made absolute against @base_uri; with no base, only cleaned. */
static char *
resolve_against (GUri       *base_uri,
                 const char *url)
{
  g_autofree char *clean = NULL;
  g_autoptr (GUri) uri = NULL;
  GString *s;

  if (!url)
    return NULL;

  /* Browsers drop tabs and newlines anywhere in a URL and trim its ends. */
  if (strpbrk (url, "\t\n\r")) {
    s = g_string_new (NULL);
    for (const char *p = url; *p; p++) {
      if (*p != '\t' && *p != '\n' && *p != '\r')
        g_string_append_c (s, *p);
    }
    clean = g_string_free (s, FALSE);
  } else {
    clean = g_strdup (url);
  }
  g_strstrip (clean);

  if (base_uri)
    uri = g_uri_parse_relative (base_uri, clean,
                                G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
  if (!uri)
    return g_steal_pointer (&clean);

  /* Relaxed parsing can yield a host with a relative path, which no URI can be written as. */
  if (g_uri_get_host (uri) && g_uri_get_path (uri)[0] != '\0' && g_uri_get_path (uri)[0] != '/')
    return g_steal_pointer (&clean);

  return g_uri_to_string (uri);
}

char *
_lectern_extractor_resolve_url (const char *base,
                                const char *url)
{
  g_autoptr (GUri) base_uri = NULL;

  if (!url)
    return NULL;

  base_uri = parse_base (base);

  return resolve_against (base_uri, url);
}

/* Takes @url and returns it when it is an absolute http(s) URL with a host, the only
 * kind the rest of Lectern opens or fetches; frees it and returns %NULL otherwise.
 */
char *
_lectern_extractor_http_url_or_null (char *url)
{
  g_autoptr (GUri) uri = NULL;

  if (!url)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (!uri || !lectern_url_scheme_is_web (g_uri_get_scheme (uri)) ||
      !g_uri_get_host (uri) || !*g_uri_get_host (uri)) {
    g_free (url);
    return NULL;
  }

  return url;
}

char *
_lectern_extractor_to_absolute_uri (Extractor  *self,
                                    const char *uri)
{
  /* Fragment links stay as they are when there is no <base>. */
  if (uri[0] == '#' && g_strcmp0 (self->base_uri, self->document_uri) == 0)
    return g_strdup (uri);

  return resolve_against (self->base, uri);
}

/* Takes @base_uri as the page's base URL, parsed once for all its links. */
void
_lectern_extractor_set_base_uri (Extractor *self,
                                 char      *base_uri)
{
  g_free (self->base_uri);
  g_clear_pointer (&self->base, g_uri_unref);
  self->base_uri = base_uri;
  self->base = parse_base (base_uri);
}

static gboolean
is_url (const char *str)
{
  const char *p = str;

  if (!str || !g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  return *p == ':';
}

/* The URL of the largest candidate of a srcset. */
char *
_lectern_extractor_srcset_largest (const char *srcset)
{
  g_auto (GStrv) parts = NULL;
  char *best = NULL;
  double best_size = -1;

  if (!srcset)
    return NULL;

  parts = g_strsplit (srcset, ",", -1);
  for (guint i = 0; parts[i]; i++) {
    g_auto (GStrv) words = NULL;
    double size = 1;
    guint n = 0;
    char *url = NULL;

    g_strstrip (parts[i]);
    words = g_strsplit_set (parts[i], " \t\n\r\f", -1);
    for (guint j = 0; words[j]; j++) {
      if (!*words[j])
        continue;
      if (n == 0) {
        url = words[j];
      } else {
        size_t len = strlen (words[j]);

        if (len > 1 && (words[j][len - 1] == 'w' || words[j][len - 1] == 'x'))
          size = g_ascii_strtod (words[j], NULL);
      }
      n++;
    }

    /* A comma may also sit inside a URL; skip what does not look like one. */
    if (url && size > best_size && !g_str_has_prefix (url, "data:")) {
      g_free (best);
      best = g_strdup (url);
      best_size = size;
    }
  }

  return best;
}

char *
_lectern_extractor_resolve_srcset (Extractor  *self,
                                   const char *srcset)
{
  GString *out = g_string_new (NULL);
  g_auto (GStrv) parts = g_strsplit (srcset, ",", -1);

  for (guint i = 0; parts[i]; i++) {
    char *part = g_strstrip (parts[i]);
    char *space;
    g_autofree char *url = NULL;

    if (!*part)
      continue;
    space = strpbrk (part, " \t\n");
    if (space) {
      g_autofree char *bare = g_strndup (part, space - part);

      url = _lectern_extractor_to_absolute_uri (self, bare);
    } else {
      url = _lectern_extractor_to_absolute_uri (self, part);
    }
    if (out->len)
      g_string_append (out, ", ");
    g_string_append (out, url);
    if (space)
      g_string_append (out, space);
  }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Metadata                                                             */

static char *
unescape_entities (const char *str)
{
  GString *out;

  if (!str)
    return NULL;
  if (!strchr (str, '&'))
    return g_strdup (str);

  out = g_string_new (NULL);
  for (const char *p = str; *p;) {
    if (*p == '&') {
      static const struct { const char *name; char c; } named[] = {
        { "&quot;", '"' }, { "&amp;", '&' }, { "&apos;", '\'' },
        { "&lt;", '<' }, { "&gt;", '>' },
      };
      gboolean done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (named); i++) {
        if (g_str_has_prefix (p, named[i].name)) {
          g_string_append_c (out, named[i].c);
          p += strlen (named[i].name);
          done = TRUE;
          break;
        }
      }
      if (done)
        continue;

      if (p[1] == '#') {
        const char *q = p + 2;
        gboolean hex = *q == 'x' || *q == 'X';
        guint64 num = 0;
        const char *digits;

        if (hex)
          q++;
        digits = q;
        while (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)) {
          if (num <= 0x10FFFF)
            num = num * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
        }
        if (q > digits && *q == ';') {
          if (num == 0 || num > 0x10FFFF || (num >= 0xD800 && num <= 0xDFFF))
            num = 0xFFFD;
          g_string_append_unichar (out, (gunichar)num);
          p = q + 1;
          continue;
        }
      }
    }
    g_string_append_c (out, *p);
    p++;
  }

  return g_string_free (out, FALSE);
}

static const char * const meta_prefixes[] = { "article", "dcterm", "dc", "og", "twitter", NULL };
static const char * const meta_property_names[] = {
  "author", "creator", "description", "published_time", "title", "site_name", NULL
};
static const char * const meta_name_prefixes[] = {
  "dcterm", "dc", "og", "twitter", "parsely", "weibo:article", "weibo:webpage", NULL
};
static const char * const meta_name_names[] = {
  "author", "creator", "pub-date", "description", "title", "site_name", NULL
};

static const char *
skip_spaces (const char *p)
{
  while (*p && is_js_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  return p;
}

/* The /\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|…)\s*\/i match of a
 * property attribute, as a lowercase "prefix:name" key.
 */
static char *
match_meta_property (const char *property)
{
  g_autofree char *lower = ascii_lower (property);

  for (const char *p = lower; *p; p++) {
    for (guint i = 0; meta_prefixes[i]; i++) {
      const char *q;

      if (!g_str_has_prefix (p, meta_prefixes[i]))
        continue;
      q = skip_spaces (p + strlen (meta_prefixes[i]));
      if (*q != ':')
        continue;
      q = skip_spaces (q + 1);
      for (guint j = 0; meta_property_names[j]; j++) {
        if (g_str_has_prefix (q, meta_property_names[j]))
          return g_strdup_printf ("%s:%s", meta_prefixes[i], meta_property_names[j]);
      }
    }
  }

  return NULL;
}

static char *
match_meta_name (const char *name)
{
  g_autofree char *lower = _lectern_extractor_js_trim (ascii_lower (name));
  GString *key;

  if (!in_list (lower, meta_name_names)) {
    gboolean ok = FALSE;

    for (guint i = 0; meta_name_prefixes[i] && !ok; i++) {
      const char *q;
      g_autofree char *rest = NULL;

      if (!g_str_has_prefix (lower, meta_name_prefixes[i]))
        continue;
      q = skip_spaces (lower + strlen (meta_name_prefixes[i]));
      if (*q != '-' && *q != '.' && *q != ':')
        continue;
      rest = _lectern_extractor_js_trim (g_strdup (skip_spaces (q + 1)));
      ok = in_list (rest, meta_name_names);
    }

    if (!ok)
      return NULL;
  }

  key = g_string_new (NULL);
  for (const char *p = lower; *p; p++) {
    if (g_ascii_isspace (*p))
      continue;
    g_string_append_c (key, *p == '.' ? ':' : *p);
  }

  return g_string_free (key, FALSE);
}

/* Every <meta> of the document under @root, @root included, in document
 * order: one search for all the find_meta() calls that follow.
 */
GPtrArray *
_lectern_extractor_get_metas (Extractor *self,
                              xmlNode   *root)
{
  static const char * const metas[] = { "meta", NULL };

  return _lectern_extractor_find_elements_under (self, root, metas, TRUE);
}

void
_lectern_extractor_collect_meta (Extractor *self,
                                 xmlNode   *root)
{
  g_autoptr (GPtrArray) metas = _lectern_extractor_get_metas (self, root);

  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < metas->len; i++) {
    xmlNode *n = metas->pdata[i];
    const char *name;
    const char *property;
    const char *content;
    g_autofree char *key = NULL;

    name = attr (n, "name");
    property = attr (n, "property");
    content = attr (n, "content");
    if (!content || !*content)
      continue;

    if (property)
      key = match_meta_property (property);
    if (!key && name)
      key = match_meta_name (name);
    if (key)
      g_hash_table_replace (self->meta, g_steal_pointer (&key),
                            _lectern_extractor_js_trim (g_strdup (content)));
  }
}

static const char *
meta_value (Extractor *self,
            ...)
{
  va_list args;
  const char *key;
  const char *value = NULL;

  va_start (args, self);
  while (!value && (key = va_arg (args, const char *)))
    value = g_hash_table_lookup (self->meta, key);
  va_end (args);

  return value;
}

/* Any <meta> by name, property or itemprop, for the fields Readability does
 * not look at.
 */
const char *
_lectern_extractor_find_meta (GPtrArray  *metas,
                              const char *key)
{
  for (guint i = 0; i < metas->len; i++) {
    xmlNode *n = metas->pdata[i];
    const char *k;

    k = attr (n, "property");
    if (!k)
      k = attr (n, "name");
    if (!k)
      k = attr (n, "itemprop");
    if (k && g_ascii_strcasecmp (k, key) == 0) {
      const char *content = attr (n, "content");

      if (content && *content)
        return content;
    }
  }

  return NULL;
}

static gboolean
is_article_type (const char *type)
{
  static const char * const middle[] = {
    "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
    "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
    "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
    "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting",
    "BlogPosting", "LiveBlogPosting", "DiscussionForumPosting", "TechArticle",
    NULL
  };

  if (!type)
    return FALSE;
  if (g_str_has_prefix (type, "Article") || g_str_has_suffix (type, "APIReference"))
    return TRUE;

  return contains_any (type, middle);
}

/* json-glib's parser recurses; refuse documents nested deeper than any
 * real JSON-LD before handing them over.
 */
static gboolean
json_depth_ok (const char *text)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p; p++) {
    if (in_string) {
      if (*p == '\\' && p[1])
        p++;
      else if (*p == '"')
        in_string = FALSE;
    } else if (*p == '"') {
      in_string = TRUE;
    } else if (*p == '[' || *p == '{') {
      if (++depth > MAX_JSON_DEPTH)
        return FALSE;
    } else if (*p == ']' || *p == '}') {
      depth--;
    }
  }

  return TRUE;
}

static JsonNode *
parse_json_ld (xmlNode *script)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autofree char *content = text_content (script);
  char *start = content;
  char *end;

  /* Strip CDATA markers. */
  start = (char *)skip_spaces (start);
  if (g_str_has_prefix (start, "<![CDATA["))
    start += 9;
  else
    start = content;
  end = start + strlen (start);
  _lectern_extractor_js_trim (start);
  end = start + strlen (start);
  if (end - start >= 3 && strcmp (end - 3, "]]>") == 0)
    end[-3] = '\0';

  if (!json_depth_ok (start))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, start, -1, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

static const char *
json_string (JsonObject *obj,
             const char *member)
{
  JsonNode *node;

  if (!obj || !json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

static JsonObject *
json_object_member (JsonObject *obj,
                    const char *member)
{
  JsonNode *node;

  if (!obj || !json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The @type of @obj when it is a string; FALSE in @ok when it is something
 * Readability would have thrown on.
 */
static const char *
json_type (JsonObject *obj,
           gboolean   *ok)
{
  JsonNode *node;

  *ok = TRUE;
  if (!json_object_has_member (obj, "@type"))
    return NULL;
  node = json_object_get_member (obj, "@type");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  *ok = FALSE;

  return NULL;
}

static gboolean
is_schema_org (const char *s)
{
  return s && (strcmp (s, "http://schema.org") == 0 || strcmp (s, "http://schema.org/") == 0 ||
               strcmp (s, "https://schema.org") == 0 || strcmp (s, "https://schema.org/") == 0);
}

/* Readability's _getJSONLD for one script; TRUE when it took metadata. */
static gboolean
read_json_ld_readability (Extractor   *self,
                          xmlDoc      *doc,
                          JsonNode    *root,
                          JsonObject **out)
{
  JsonObject *parsed = NULL;
  JsonNode *ctx;
  gboolean ok;
  const char *type;

  if (JSON_NODE_HOLDS_ARRAY (root)) {
    JsonArray *array = json_node_get_array (root);

    for (guint i = 0; i < json_array_get_length (array) && !parsed; i++) {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      type = json_type (obj, &ok);
      if (!ok)
        return FALSE;
      if (is_article_type (type))
        parsed = obj;
    }
    if (!parsed)
      return FALSE;
  } else if (JSON_NODE_HOLDS_OBJECT (root)) {
    parsed = json_node_get_object (root);
  } else {
    return FALSE;
  }

  if (!json_object_has_member (parsed, "@context"))
    return FALSE;
  ctx = json_object_get_member (parsed, "@context");
  if (JSON_NODE_HOLDS_VALUE (ctx) && json_node_get_value_type (ctx) == G_TYPE_STRING) {
    if (!is_schema_org (json_node_get_string (ctx)))
      return FALSE;
  } else if (JSON_NODE_HOLDS_OBJECT (ctx)) {
    if (!is_schema_org (json_string (json_node_get_object (ctx), "@vocab")))
      return FALSE;
  } else {
    return FALSE;
  }

  type = json_type (parsed, &ok);
  if (!ok)
    return FALSE;
  if (!type && json_object_has_member (parsed, "@graph") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (parsed, "@graph"))) {
    JsonArray *graph = json_object_get_array_member (parsed, "@graph");
    JsonObject *found = NULL;

    for (guint i = 0; i < json_array_get_length (graph) && !found; i++) {
      JsonNode *item = json_array_get_element (graph, i);
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      type = json_type (obj, &ok);
      if (!ok)
        return FALSE;
      if (is_article_type (type))
        found = obj;
    }
    parsed = found;
    if (!parsed)
      return FALSE;
    type = json_type (parsed, &ok);
  }

  if (!is_article_type (type))
    return FALSE;

  *out = parsed;

  return TRUE;
}

static void
take_json_ld_fields (Extractor  *self,
                     xmlDoc     *doc,
                     JsonObject *parsed,
                     GHashTable *ld)
{
  const char *name = json_string (parsed, "name");
  const char *headline = json_string (parsed, "headline");
  const char *description = json_string (parsed, "description");
  const char *published = json_string (parsed, "datePublished");
  JsonObject *publisher = json_object_member (parsed, "publisher");
  JsonNode *author = json_object_has_member (parsed, "author") ?
                     json_object_get_member (parsed, "author") : NULL;

  if (name && headline && strcmp (name, headline) != 0) {
    g_autofree char *title = get_article_title (self, doc);
    gboolean name_matches = _lectern_extractor_text_similarity (name, title) > 0.75;
    gboolean headline_matches = _lectern_extractor_text_similarity (headline, title) > 0.75;

    g_hash_table_replace (ld, g_strdup ("title"),
                          g_strdup (headline_matches && !name_matches ? headline : name));
  } else if (name) {
    g_hash_table_replace (ld, g_strdup ("title"), _lectern_extractor_js_trim (g_strdup (name)));
  } else if (headline) {
    g_hash_table_replace (ld, g_strdup ("title"), _lectern_extractor_js_trim (g_strdup (headline)));
  }

  if (author && JSON_NODE_HOLDS_OBJECT (author)) {
    const char *author_name = json_string (json_node_get_object (author), "name");

    if (author_name)
      g_hash_table_replace (ld, g_strdup ("byline"),
                            _lectern_extractor_js_trim (g_strdup (author_name)));
  } else if (author && JSON_NODE_HOLDS_ARRAY (author)) {
    JsonArray *array = json_node_get_array (author);
    JsonNode *first = json_array_get_length (array) ? json_array_get_element (array, 0) : NULL;

    if (first && JSON_NODE_HOLDS_OBJECT (first) &&
        json_string (json_node_get_object (first), "name")) {
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++) {
        JsonNode *item = json_array_get_element (array, i);
        const char *n;

        if (!JSON_NODE_HOLDS_OBJECT (item))
          continue;
        n = json_string (json_node_get_object (item), "name");
        if (!n)
          continue;
        if (names->len)
          g_string_append (names, ", ");
        g_string_append (names, n);
        _lectern_extractor_js_trim (names->str);
        names->len = strlen (names->str);
      }
      g_hash_table_replace (ld, g_strdup ("byline"), g_string_free (names, FALSE));
    }
  }

  if (description)
    g_hash_table_replace (ld, g_strdup ("excerpt"),
                          _lectern_extractor_js_trim (g_strdup (description)));
  if (publisher && json_string (publisher, "name"))
    g_hash_table_replace (ld, g_strdup ("siteName"),
                          _lectern_extractor_js_trim (g_strdup (json_string (publisher, "name"))));
  if (published)
    g_hash_table_replace (ld, g_strdup ("datePublished"),
                          _lectern_extractor_js_trim (g_strdup (published)));
}

static char *
json_image_url (JsonNode *node)
{
  if (!node)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node)) {
    const char *url = json_string (json_node_get_object (node), "url");

    if (!url)
      url = json_string (json_node_get_object (node), "contentUrl");
    return g_strdup (url);
  }
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    return json_image_url (json_array_get_element (json_node_get_array (node), 0));

  return NULL;
}

/* The names in a JSON-LD author: a string, an object with a name, or an
 * array of either, joined by ", ". Addresses are not names.
 */
static char *
json_author_names (JsonNode *node)
{
  GString *names = g_string_new (NULL);
  JsonArray *array = NULL;
  guint n = 1;

  if (JSON_NODE_HOLDS_ARRAY (node)) {
    array = json_node_get_array (node);
    n = MIN (json_array_get_length (array), 8);
  }

  for (guint i = 0; i < n; i++) {
    JsonNode *item = array ? json_array_get_element (array, i) : node;
    const char *name = NULL;

    if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
      name = json_node_get_string (item);
    else if (JSON_NODE_HOLDS_OBJECT (item))
      name = json_string (json_node_get_object (item), "name");

    if (!name || is_blank (name) || lectern_byline_is_url (name))
      continue;
    if (names->len)
      g_string_append (names, ", ");
    g_string_append (names, name);
  }

  if (names->len == 0) {
    g_string_free (names, TRUE);
    return NULL;
  }

  return _lectern_extractor_js_trim (g_string_free (names, FALSE));
}

/* Whether @type names a page, or a work other than an article: such a node
 * dates the page, which is the article's date only when no article node
 * gives one.
 */
static gboolean
is_page_type (const char *type)
{
  static const char * const types[] = {
    "WebPage", "ItemPage", "AboutPage", "QAPage", "MedicalWebPage",
    /* Works that are a page's subject as an article is, but no article. */
    "Recipe", "HowTo", "RadioEpisode", "PodcastEpisode", "Episode", NULL
  };

  return type && in_list (type, types);
}

/* What a page node says, kept until every script is read. */
typedef struct {
  char *published;
  char *modified;
  char *author;
} PageFields;

static void
page_fields_clear (PageFields *page)
{
  g_clear_pointer (&page->published, g_free);
  g_clear_pointer (&page->modified, g_free);
  g_clear_pointer (&page->author, g_free);
}

/* The fields Readability does not read, from any article-typed object, and
 * into @page the dates and author of page-typed ones. Besides arrays and
 * @graph, the search enters mainEntity, where a WebPage holds its article.
 */
static void
take_json_ld_extras (Extractor  *self,
                     JsonNode   *root,
                     PageFields *page)
{
  g_autoptr (GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len && i < 256; i++) {
    JsonNode *node = queue->pdata[i];
    JsonObject *obj;
    JsonNode *type;
    gboolean article = FALSE;
    gboolean page_node = FALSE;

    if (JSON_NODE_HOLDS_ARRAY (node)) {
      JsonArray *array = json_node_get_array (node);

      for (guint j = 0; j < json_array_get_length (array); j++)
        g_ptr_array_add (queue, json_array_get_element (array, j));
      continue;
    }
    if (!JSON_NODE_HOLDS_OBJECT (node))
      continue;

    obj = json_node_get_object (node);
    if (json_object_has_member (obj, "@graph"))
      g_ptr_array_add (queue, json_object_get_member (obj, "@graph"));
    if (json_object_has_member (obj, "mainEntity"))
      g_ptr_array_add (queue, json_object_get_member (obj, "mainEntity"));

    type = json_object_has_member (obj, "@type") ? json_object_get_member (obj, "@type") : NULL;
    if (type && JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING) {
      article = is_article_type (json_node_get_string (type));
      page_node = is_page_type (json_node_get_string (type));
    } else if (type && JSON_NODE_HOLDS_ARRAY (type)) {
      JsonArray *types = json_node_get_array (type);

      for (guint j = 0; j < json_array_get_length (types); j++) {
        JsonNode *t = json_array_get_element (types, j);

        if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING) {
          article |= is_article_type (json_node_get_string (t));
          page_node |= is_page_type (json_node_get_string (t));
        }
      }
    }
    if (!article && page_node) {
      if (!page->published && json_string (obj, "datePublished"))
        page->published = g_strdup (json_string (obj, "datePublished"));
      if (!page->modified && json_string (obj, "dateModified"))
        page->modified = g_strdup (json_string (obj, "dateModified"));
      if (!page->author && json_object_has_member (obj, "author"))
        page->author = json_author_names (json_object_get_member (obj, "author"));
    }
    if (!article)
      continue;

    if (!self->ld_body && json_string (obj, "articleBody"))
      self->ld_body = g_strdup (json_string (obj, "articleBody"));
    if (!self->ld_image && json_object_has_member (obj, "image"))
      self->ld_image = json_image_url (json_object_get_member (obj, "image"));
    if (!self->ld_image && json_object_has_member (obj, "thumbnailUrl"))
      self->ld_image = json_image_url (json_object_get_member (obj, "thumbnailUrl"));
    if (!self->ld_published && json_string (obj, "datePublished"))
      self->ld_published = g_strdup (json_string (obj, "datePublished"));
    if (!self->ld_modified && json_string (obj, "dateModified"))
      self->ld_modified = g_strdup (json_string (obj, "dateModified"));
    if (!self->ld_author && json_object_has_member (obj, "author"))
      self->ld_author = json_author_names (json_object_get_member (obj, "author"));
    if (!self->ld_publisher && json_object_has_member (obj, "publisher")) {
      JsonNode *publisher = json_object_get_member (obj, "publisher");

      if (JSON_NODE_HOLDS_OBJECT (publisher))
        self->ld_publisher = g_strdup (json_string (json_node_get_object (publisher), "name"));
    }
    if (!self->ld_language && json_string (obj, "inLanguage"))
      self->ld_language = g_strdup (json_string (obj, "inLanguage"));
  }
}

/* Whether an untyped <script> holds a schema.org object rather than code. */
static gboolean
is_untyped_json_ld (xmlNode *script)
{
  xmlNode *child = script->children;
  const char *text;
  const char *context;

  if (!child || child->next || !is_text (child) || !child->content)
    return FALSE;
  text = skip_spaces ((const char *)child->content);
  if (*text != '{')
    return FALSE;
  text = skip_spaces (text + 1);
  if (!g_str_has_prefix (text, "\"@context\""))
    return FALSE;
  context = skip_spaces (text + strlen ("\"@context\""));
  if (*context != ':')
    return FALSE;
  context = skip_spaces (context + 1);

  return g_str_has_prefix (context, "\"https://schema.org") ||
         g_str_has_prefix (context, "\"http://schema.org");
}

GHashTable *
_lectern_extractor_read_json_ld (Extractor *self,
                                 xmlDoc    *doc)
{
  static const char * const scripts[] = { "script", NULL };
  GHashTable *ld = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) nodes =
    _lectern_extractor_find_elements_under (self, xmlDocGetRootElement (doc), scripts, TRUE);
  gboolean found = FALSE;
  PageFields page = { NULL, NULL, NULL };

  for (guint i = 0; i < nodes->len; i++) {
    xmlNode *n = nodes->pdata[i];
    g_autoptr (JsonNode) json = NULL;
    const char *type;
    JsonObject *parsed = NULL;

    type = attr (n, "type");
    if (!type && is_untyped_json_ld (n)) {
      /* Some pages leave the type off a script that holds JSON-LD; it is
       * read for the fields Readability does not read.
       */
      json = parse_json_ld (n);
      if (json)
        take_json_ld_extras (self, json, &page);
      continue;
    }
    if (!type || strcmp (type, "application/ld+json") != 0)
      continue;

    json = parse_json_ld (n);
    if (!json)
      continue;

    take_json_ld_extras (self, json, &page);
    if (!found && read_json_ld_readability (self, doc, json, &parsed)) {
      take_json_ld_fields (self, doc, parsed, ld);
      found = TRUE;
    }
  }

  /* An article node, in any script, is trusted over the page around it;
   * the page's dates come after the <meta> tags too.
   */
  self->ld_page_published = g_steal_pointer (&page.published);
  self->ld_page_modified = g_steal_pointer (&page.modified);
  if (!self->ld_author)
    self->ld_author = g_steal_pointer (&page.author);
  page_fields_clear (&page);

  return ld;
}

/* Readability's _getArticleMetadata: the title, byline, excerpt, site name
 * and date, from the JSON-LD fields in @ld, then from the <meta> tags, and
 * the title from the document when neither gives one.
 */
void
_lectern_extractor_get_article_metadata (Extractor  *self,
                                         xmlDoc     *doc,
                                         GHashTable *ld)
{
  const char *title = g_hash_table_lookup (ld, "title");
  const char *author;
  const char *value;

  if (!title)
    title = meta_value (self, "dc:title", "dcterm:title", "og:title",
                        "weibo:article:title", "weibo:webpage:title", "title",
                        "twitter:title", "parsely-title", NULL);
  if (title && *title)
    self->title = unescape_entities (title);
  else {
    xmlNode *title_node = find_title_element (doc);
    g_autofree char *orig = title_node ? _lectern_extractor_js_trim (text_content (title_node)) :
                            g_strdup ("");

    self->title = get_article_title (self, doc);
    self->title_from_document = TRUE;
    self->title_cut = strcmp (orig, self->title) != 0;
  }

  author = meta_value (self, "article:author", NULL);
  if (author && is_url (author))
    author = NULL;
  value = g_hash_table_lookup (ld, "byline");
  if (!value)
    value = meta_value (self, "dc:creator", "dcterm:creator", "author",
                        "parsely-author", NULL);
  if (!value)
    value = author;
  self->byline = unescape_entities (value);

  value = g_hash_table_lookup (ld, "excerpt");
  if (!value)
    value = meta_value (self, "dc:description", "dcterm:description", "og:description",
                        "weibo:article:description", "weibo:webpage:description",
                        "description", "twitter:description", NULL);
  self->excerpt = unescape_entities (value);

  value = g_hash_table_lookup (ld, "siteName");
  if (!value)
    value = meta_value (self, "og:site_name", NULL);
  self->site_name = unescape_entities (value);

  value = g_hash_table_lookup (ld, "datePublished");
  if (!value)
    value = meta_value (self, "article:published_time", "parsely-pub-date", NULL);
  self->published = unescape_entities (value);
}

/* ------------------------------------------------------------------ */
/* Dates, titles, the rest of the metadata                              */

/* The date the page was published, which _lectern_extractor_find_links()
 * found in the page as it came, before the body was cut out of it.
 */
gint64
_lectern_extractor_find_published (Extractor *self,
                                   xmlNode   *root,
                                   GPtrArray *metas)
{
  return self->published_at;
}

/* The page's own headline, when the <title> carries " - Site" or
 * "_Site" after it: the headline is the longest h1/h2 (or og:title) that the
 * title starts with and that ends at a separator. @from_h1 tells whether an
 * <h1> gave it.
 */
static char *
clean_title_against_headings (Extractor  *self,
                              const char *title,
                              xmlNode    *root,
                              gboolean   *from_h1)
{
  static const gunichar seps[] = {
    '-', '|', '_', 0x2013, 0x2014, 0x00B7, ':', 0x00BB, '/', '\\', 0x2022, 0xFF5C, 0
  };
  static const char * const h12[] = { "h1", "h2", NULL };
  g_autoptr (GPtrArray) headings = NULL;
  g_autofree char *best = NULL;

  if (!title || !root)
    return NULL;

  headings = _lectern_extractor_find_elements_under (self, root, h12, TRUE);
  for (guint h = 0; h < headings->len; h++) {
    xmlNode *n = headings->pdata[h];
    g_autofree char *text = NULL;
    gsize len;
    const char *rest;
    gunichar c;
    gboolean is_sep = FALSE;

    text = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (n)));
    len = strlen (text);
    if (len == 0 || !g_str_has_prefix (title, text) || strlen (title) == len)
      continue;

    rest = skip_spaces (title + len);
    c = g_utf8_get_char (rest);
    for (guint i = 0; seps[i]; i++) {
      if (c == seps[i])
        is_sep = TRUE;
    }
    if (!is_sep)
      continue;

    if (!best || strlen (text) > strlen (best)) {
      g_free (best);
      best = g_steal_pointer (&text);
      *from_h1 = tag_is (n, "h1");
    }
  }

  return g_steal_pointer (&best);
}

/* @p, moved back over the spaces and no-break spaces before it. */
static const char *
skip_spaces_back (const char *start,
                  const char *p)
{
  while (p > start) {
    if (p[-1] == ' ')
      p--;
    else if (p - start >= 2 && (guchar)p[-2] == 0xC2 && (guchar)p[-1] == 0xA0)
      p -= 2;
    else
      break;
  }

  return p;
}

static char *
strip_site_suffix (const char *title,
                   const char *site)
{
  gsize tlen, slen;
  const char *end;
  const char *p;

  if (!title || !site || !*site)
    return NULL;

  tlen = strlen (title);
  slen = strlen (site);
  if (slen >= tlen || strcmp (title + tlen - slen, site) != 0)
    return NULL;

  end = title + tlen - slen;
  p = end;
  p = skip_spaces_back (title, p);
  if (p == title)
    return NULL;

  {
    const char *prev = g_utf8_find_prev_char (title, p);
    gunichar c = prev ? g_utf8_get_char (prev) : 0;

    if (c != '-' && c != '|' && c != '_' && c != 0x2013 && c != 0x2014 && c != 0x00B7 &&
        c != 0x00BB && c != 0xFF5C)
      return NULL;
    p = prev;
  }

  p = skip_spaces_back (title, p);

  if (p == title)
    return NULL;

  return g_strndup (title, p - title);
}

/* Whether the rest of a <title> after its headline names the site: the
 * site name from the metadata, or the text of the site's logo or title.
 */
static gboolean
suffix_names_site (const char *rest,
                   const char *site_name,
                   xmlNode    *root)
{
  static const char * const site_needles[] = {
    "site-title", "site-name", "sitename", "site_title", "blog-title", "logo", "brand", NULL
  };
  g_autofree char *suffix = NULL;
  const char *p = rest;

  /* Skip the separator and the spaces around it. */
  while (*p && (is_js_space (g_utf8_get_char (p)) || !g_unichar_isalnum (g_utf8_get_char (p))))
    p = g_utf8_next_char (p);
  suffix = _lectern_extractor_normalize_for_compare (p);
  if (!*suffix)
    return FALSE;

  if (site_name) {
    g_autofree char *site = _lectern_extractor_normalize_for_compare (site_name);

    if (strcmp (site, suffix) == 0)
      return TRUE;
  }

  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    g_autofree char *lower = NULL;

    if (!is_element (n) || !n->properties || tag_is (n, "head"))
      continue;
    lower = match_string (n);
    if (contains_any (lower, site_needles)) {
      g_autofree char *text = text_content (n);
      g_autofree char *norm = _lectern_extractor_normalize_for_compare (text);

      if (strcmp (norm, suffix) == 0)
        return TRUE;
    }
  }

  return FALSE;
}

/* Whether the part of a title that follows its headline is a part number:
 * a word and a number ("Chapter 1", "Part 4", "Teil 2", "Vol. 3") or a
 * Chinese one ("第3集", "第十二章"). The pages of a serial share their
 * headline, and the number is what tells them apart.
 */
static gboolean
names_a_part (const char *rest)
{
  static const char seps[] = "-|_:/\\";
  const char *p = skip_spaces (rest);
  const char *end;
  g_autofree char *part = NULL;
  const char *q;
  guint letters = 0;
  guint digits = 0;

  /* The separator after the headline, ASCII or not. */
  while (*p && !g_unichar_isalnum (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  p = skip_spaces (p);

  for (end = p; *end; end = g_utf8_next_char (end)) {
    gunichar c = g_utf8_get_char (end);

    if ((c < 0x80 && strchr (seps, (char)c)) || c == 0x2013 || c == 0x2014 ||
        c == 0x00B7 || c == 0x00BB || c == 0x2022 || c == 0xFF5C)
      break;
  }
  part = _lectern_extractor_js_trim (g_strndup (p, end - p));

  /* 第 + a number + 章, 回, 集, 话, 節… */
  if (g_str_has_prefix (part, "第")) {
    static const char numerals[] = "〇零一二三四五六七八九十百";
    guint n = 0;

    for (q = part + strlen ("第"); *q; q = g_utf8_next_char (q)) {
      gunichar c = g_utf8_get_char (q);
      gboolean number = g_unichar_isdigit (c) || g_utf8_strchr (numerals, -1, c);

      if (!*g_utf8_next_char (q))
        return n > 0 && !number && g_unichar_isalpha (c);
      if (!number)
        return FALSE;
      n++;
    }

    return FALSE;
  }

  /* A word, an optional full stop, spaces, a number, and nothing else. */
  for (q = part; *q && g_unichar_isalpha (g_utf8_get_char (q)); q = g_utf8_next_char (q))
    letters++;
  if (*q == '.')
    q++;
  if (letters == 0 || letters > 12 || *q != ' ')
    return FALSE;
  q = skip_spaces (q);
  for (; g_ascii_isdigit (*q); q++)
    digits++;

  return digits > 0 && digits <= 4 && *q == '\0';
}

void
_lectern_extractor_refine_title (Extractor *self,
                                 xmlDoc    *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *from_heading = NULL;
  g_autofree char *without_site = NULL;
  gboolean from_h1 = FALSE;

  if (!self->title)
    return;

  _lectern_extractor_js_normalize (_lectern_extractor_js_trim (self->title));

  /* Readability keeps a <title> whole unless it cut a " - Site" off it
   * itself; finish that job when the page's own headline, an <h1>, confirms
   * where the headline ends. Titles from metadata are taken as the site wrote
   * them.
   */
  if (!self->title_from_document)
    return;

  from_heading = clean_title_against_headings (self, self->title, root, &from_h1);
  if (from_heading && (!self->title_cut || !from_h1) && !strchr (self->title, '_') &&
      !suffix_names_site (self->title + strlen (from_heading), self->site_name, root))
    g_clear_pointer (&from_heading, g_free);
  if (from_heading && names_a_part (self->title + strlen (from_heading)))
    g_clear_pointer (&from_heading, g_free);
  if (from_heading) {
    g_free (self->title);
    self->title = g_steal_pointer (&from_heading);
    return;
  }

  without_site = strip_site_suffix (self->title, self->site_name);
  if (without_site) {
    g_free (self->title);
    self->title = g_steal_pointer (&without_site);
  }
}

static void find_date      (Extractor *self,
                           xmlNode   *root,
                           GPtrArray *metas);
static void find_modified  (Extractor *self,
                            xmlNode   *root,
                            GPtrArray *metas);
static void find_site_name (Extractor *self,
                            xmlNode   *root,
                            GPtrArray *metas);
static void find_text_author (Extractor *self,
                              xmlNode   *root,
                              GPtrArray *metas);

void
_lectern_extractor_find_links (Extractor *self,
                               xmlNode   *root)
{
  static const char * const link_tags[] = { "link", "a", NULL };
  g_autoptr (GPtrArray) metas = _lectern_extractor_get_metas (self, root);
  g_autoptr (GPtrArray) links =
    _lectern_extractor_find_elements_under (self, root, link_tags, TRUE);
  const char *canonical = NULL;
  const char *image_src = NULL;
  const char *author_link = NULL;

  for (guint i = 0; i < links->len; i++) {
    xmlNode *n = links->pdata[i];
    const char *rel;

    rel = attr (n, "rel");
    if (!rel)
      continue;
    if (tag_is (n, "link") && !canonical && g_ascii_strcasecmp (rel, "canonical") == 0)
      canonical = attr (n, "href");
    else if (tag_is (n, "link") && !image_src && g_ascii_strcasecmp (rel, "image_src") == 0)
      image_src = attr (n, "href");
    else if (tag_is (n, "a") && !author_link && strstr (rel, "author")) {
      g_autofree char *text =
        _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (n)));

      if (*text && js_length (text) < 100 && !self->dom_byline && !self->byline)
        self->dom_byline = g_steal_pointer (&text);
      author_link = "";
    }
  }

  if (!canonical)
    canonical = _lectern_extractor_find_meta (metas, "og:url");
  if (canonical && *canonical)
    self->canonical =
      _lectern_extractor_http_url_or_null (_lectern_extractor_resolve_url (self->base_uri,
                                                                           canonical));

  find_date (self, root, metas);
  find_modified (self, root, metas);
  find_site_name (self, root, metas);
  find_text_author (self, root, metas);

  if (self->ld_image)
    self->lead_image =
      _lectern_extractor_http_url_or_null (_lectern_extractor_resolve_url (self->base_uri,
                                                                           self->ld_image));
  else {
    const char *image = _lectern_extractor_find_meta (metas, "og:image");

    if (!image)
      image = _lectern_extractor_find_meta (metas, "og:image:url");
    if (!image)
      image = _lectern_extractor_find_meta (metas, "og:image:secure_url");
    if (!image)
      image = _lectern_extractor_find_meta (metas, "twitter:image");
    if (!image)
      image = _lectern_extractor_find_meta (metas, "twitter:image:src");
    if (!image)
      image = image_src;
    if (image && *image)
      self->lead_image =
        _lectern_extractor_http_url_or_null (_lectern_extractor_resolve_url (self->base_uri,
                                                                             image));
  }
}

/* ------------------------------------------------------------------ */
/* Date published, site name and byline                                 */

/* The <meta> tags that name the date an article was published, by name,
 * property or itemprop, most trusted first.
 */
static const char * const date_metas[] = {
  "article:published_time", "og:article:published_time", "og:published_time",
  "article:published", "datePublished", "date_published", "pubdate", "pub_date",
  "publishdate", "publish-date", "publish_date", "published_time", "publication_date",
  "DC.date.issued", "dcterms.issued", "DC.date.created", "dcterms.created", "DC.date",
  "dcterms.date", "date", "sailthru.date", "parsely-pub-date", "article.published",
  "og:pubdate", "citation_publication_date", "citation_date", "weibo:article:create_at",
  NULL
};

/* Stores the first date in @text in @time, @precision and @offset, and tells whether there
 * is one; impossible dates and dates in the future are refused, and leave them as they are.
 */
static gboolean
read_date (const char *text,
           int         year_hint,
           gint64     *time,
           int        *precision,
           int        *offset)
{
  LecternDatePrecision found_precision;
  gint64 found_time;
  int found_offset;

  if (!text || !*text ||
      !lectern_date_find_full (text, 0, year_hint, &found_time, &found_precision, &found_offset,
                               NULL, NULL) ||
      found_time <= 0)
    return FALSE;

  *time = found_time;
  *precision = found_precision;
  *offset = found_offset;

  return TRUE;
}

static gboolean
take_date (Extractor  *self,
           const char *text,
           int         year_hint)
{
  return read_date (text, year_hint, &self->published_at, &self->published_precision,
                    &self->published_offset);
}

/* An element's own date: a datetime, content or title attribute, or its
 * text when that is short.
 */
static gboolean
take_element_date (Extractor *self,
                   xmlNode   *node,
                   int        year_hint)
{
  static const char * const attrs[] = { "datetime", "content", "title", "data-time", NULL };
  g_autofree char *text = NULL;

  for (guint i = 0; attrs[i]; i++) {
    if (take_date (self, attr (node, attrs[i]), year_hint))
      return TRUE;
  }

  text = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (node)));

  return js_length (text) <= 100 && take_date (self, text, year_hint);
}

/* Whether one of @lower's class or id words is @word, or starts with it and
 * goes on after a "-" or "_" ("hot", "hot-list", but not "photo" or "hotel").
 */
static gboolean
has_word (const char *lower,
          const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (lower, word); p; p = strstr (p + 1, word)) {
    if ((p == lower || !g_ascii_isalnum (p[-1])) &&
        (!g_ascii_isalnum (p[n])))
      return TRUE;
  }

  return FALSE;
}

/* Whether @node sits in a part of the page that carries other dates than
 * the article's: comments, sidebars, lists of other articles. The classes
 * of <body> and <html> describe the whole page ("has-sidebar",
 * "comments-open") and say nothing of where @node is.
 */
static gboolean
in_other_dates (xmlNode *node)
{
  static const char * const needles[] = {
    "comment", "sidebar", "related", "recent", "widget", "footer", "reply", NULL
  };

  for (xmlNode *n = node; n && is_element (n); n = n->parent) {
    g_autofree char *lower = NULL;

    if (tag_in (n, (const char * const[]) { "body", "html", NULL }))
      break;
    if (tag_in (n, (const char * const[]) { "aside", "footer", "nav", NULL }))
      return TRUE;
    lower = match_string (n);
    if (contains_any (lower, needles) || has_word (lower, "hot"))
      return TRUE;
  }

  return FALSE;
}

static gboolean
says_date (xmlNode *node)
{
  static const char * const needles[] = {
    "date", "time", "pubdate", "publish", "posted", "post-meta", "entry-meta", NULL
  };
  g_autofree char *lower = NULL;

  /* Without attributes, no class or id to say it. */
  if (!node->properties)
    return FALSE;
  lower = match_string (node);
  if (!contains_any (lower, needles))
    return FALSE;

  /* A citation's access date ("reference-accessdate") says when someone read
   * another page.
   */
  return !strstr (lower, "update") && !strstr (lower, "modif") && !strstr (lower, "runtime") &&
         !strstr (lower, "timeline") && !strstr (lower, "access");
}

/* The first heading that holds the title, or the first <h1>. */
static xmlNode *
find_title_heading (Extractor *self,
                    xmlNode   *root)
{
  static const char * const headings[] = { "h1", "h2", NULL };
  g_autoptr (GPtrArray) nodes = _lectern_extractor_find_elements_under (self, root, headings,
                                                                         TRUE);
  xmlNode *first_h1 = NULL;

  for (guint i = 0; i < nodes->len; i++) {
    xmlNode *n = nodes->pdata[i];
    g_autofree char *text = NULL;

    text = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (n)));
    if (self->title && *text && _lectern_extractor_text_similarity (text, self->title) > 0.75)
      return n;
    if (!first_h1 && tag_is (n, "h1"))
      first_h1 = n;
  }

  return first_h1;
}

static void
find_date (Extractor *self,
           xmlNode   *root,
           GPtrArray *metas)
{
  g_autoptr (GPtrArray) times = NULL;
  gint64 url_time = 0;
  LecternDatePrecision url_precision = LECTERN_DATE_PRECISION_NONE;
  int year_hint = 0;
  xmlNode *heading;
  xmlNode *around;

  if (lectern_date_find_in_url (self->document_uri, 0, &url_time, &url_precision) ||
      lectern_date_find_in_url (self->canonical, 0, &url_time, &url_precision)) {
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (url_time / G_USEC_PER_SEC);

    year_hint = dt ? g_date_time_get_year (dt) : 0;
  }

  /* JSON-LD, then the <meta> tags, the first of each name: a page that
   * repeats one gives the full form first ("…T11:14:48+0200", then "… 11:14").
   */
  if (take_date (self, self->ld_published, 0))
    return;
  for (guint i = 0; date_metas[i]; i++) {
    if (take_date (self, _lectern_extractor_find_meta (metas, date_metas[i]), year_hint))
      return;
  }
  if (take_date (self, self->published, 0))
    return;
  if (take_date (self, self->ld_page_published, 0))
    return;

  /* Microdata, then <time pubdate>, <time datetime> and any <time>. */
  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    const char *itemprop = attr (n, "itemprop");

    if (itemprop && strstr (itemprop, "datePublished") && !tag_is (n, "meta") &&
        take_element_date (self, n, year_hint))
      return;
  }

  times = _lectern_extractor_find_elements_under (self, root,
                                                  (const char * const[]) { "time", NULL }, TRUE);
  for (guint i = 0; i < times->len; i++) {
    xmlNode *n = times->pdata[i];

    if (attr (n, "pubdate") && take_element_date (self, n, year_hint))
      return;
  }
  for (guint i = 0; i < times->len; i++) {
    xmlNode *n = times->pdata[i];

    if (!in_other_dates (n) && take_date (self, attr (n, "datetime"), year_hint))
      return;
  }
  for (guint i = 0; i < times->len; i++) {
    xmlNode *n = times->pdata[i];

    if (!in_other_dates (n) && take_element_date (self, n, year_hint))
      return;
  }

  /* Elements whose class or id says they hold the date: first those in the
   * block around the headline, since a page's top bar often shows today's
   * date ("2025年3月19日 星期三") above it, then any.
   */
  heading = find_title_heading (self, root);
  around = heading ? heading->parent : NULL;
  if (around && is_element (around->parent) && !tag_in (around->parent, (const char * const[]) {
                                                      "body", "html", NULL }))
    around = around->parent;
  if (around && is_element (around) && !tag_in (around, (const char * const[]) { "body", "html", NULL })) {
    for (xmlNode *n = walk_next (around, around, FALSE); n; n = walk_next (n, around, FALSE)) {
      if (is_element (n) && says_date (n) && !in_other_dates (n) &&
          take_element_date (self, n, year_hint))
        return;
    }
  }
  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    if (!is_element (n) || tag_is (n, "head") || tag_is (n, "html") || tag_is (n, "body"))
      continue;
    if (says_date (n) && !in_other_dates (n) && take_element_date (self, n, year_hint))
      return;
  }

  /* The address. */
  if (url_time > 0) {
    self->published_at = url_time;
    self->published_precision = url_precision;
    self->published_offset = 0;
    return;
  }

  /* The text that follows the headline. */
  if (heading) {
    GString *near = g_string_new (NULL);

    for (xmlNode *n = walk_next (heading, root, TRUE); n && near->len < 600;
         n = walk_next (n, root, FALSE)) {
      if (is_element (n) && tag_in (n, (const char * const[]) { "p", "h2", "h3", NULL }) &&
          near->len > 200)
        break;
      if (is_text (n) && n->content && !is_blank ((const char *)n->content)) {
        g_string_append (near, (const char *)n->content);
        g_string_append_c (near, '\n');
      }
    }
    take_date (self, near->str, year_hint);
    g_string_free (near, TRUE);
  }
}

/* The <meta> tags that name the date an article last changed, most trusted
 * first.
 */
static const char * const modified_metas[] = {
  "article:modified_time", "og:article:modified_time", "og:updated_time",
  "article:modified", "article:updated_time", "dateModified", "date_modified",
  "modified_time", "updated_time", "DC.date.modified", "dcterms.modified",
  "parsely-updated", "sailthru.lastmodified", "last-modified", "lastmod", "last_modified",
  "revised", NULL
};

static gboolean
take_modified (Extractor  *self,
               const char *text)
{
  return read_date (text, 0, &self->modified_at, &self->modified_precision,
                    &self->modified_offset);
}

/* The date in @node's text, when the text is short enough to be only a date. */
static gboolean
take_modified_text (Extractor *self,
                    xmlNode   *node)
{
  g_autofree char *text =
    _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (node)));

  return js_length (text) <= 100 && take_modified (self, text);
}

/* Whether @node's class or id says it holds the date of the last change, as
 * hAtom's "updated" does.
 */
static gboolean
says_modified (xmlNode *node)
{
  g_autofree char *lower = match_string (node);

  return strstr (lower, "updated") || strstr (lower, "modified");
}

/* The date the page says it last changed, from a JSON-LD article, the <meta>
 * tags (and the Last-Modified header a page repeats in http-equiv), a JSON-LD
 * WebPage, microdata, then a <time> marked "updated". Only a page's own
 * statement counts: no text is searched. A change dated before the
 * publication is no change and is dropped.
 */
static void
find_modified (Extractor *self,
               xmlNode   *root,
               GPtrArray *metas)
{
  g_autoptr (GPtrArray) times = NULL;
  gboolean found = take_modified (self, self->ld_modified);

  for (guint i = 0; !found && modified_metas[i]; i++)
    found = take_modified (self, _lectern_extractor_find_meta (metas, modified_metas[i]));

  for (guint i = 0; !found && i < metas->len; i++) {
    xmlNode *n = metas->pdata[i];
    const char *equiv = attr (n, "http-equiv");

    if (equiv && g_ascii_strcasecmp (equiv, "last-modified") == 0)
      found = take_modified (self, attr (n, "content"));
  }

  if (!found)
    found = take_modified (self, self->ld_page_modified);

  for (xmlNode *n = root; !found && n; n = walk_next (n, root, FALSE)) {
    const char *itemprop = attr (n, "itemprop");

    if (itemprop && strstr (itemprop, "dateModified") && !tag_is (n, "meta"))
      found = take_modified (self, attr (n, "datetime")) ||
              take_modified (self, attr (n, "content")) ||
              take_modified_text (self, n);
  }

  if (!found) {
    times = _lectern_extractor_find_elements_under (self, root,
                                                    (const char * const[]) { "time", NULL },
                                                    TRUE);
    for (guint i = 0; !found && i < times->len; i++) {
      xmlNode *n = times->pdata[i];

      if (says_modified (n) && !in_other_dates (n))
        found = take_modified (self, attr (n, "datetime"));
    }
  }

  if (found && self->published_at > 0 && self->modified_at < self->published_at) {
    self->modified_at = 0;
    self->modified_precision = LECTERN_DATE_PRECISION_NONE;
    self->modified_offset = 0;
  }
}

static gboolean
is_title_separator (const char  *p,
                    gsize       *length)
{
  static const char * const spaced[] = { " - ", " | ", " _ ", " – ", " — ", " · ", " :: ", NULL };
  static const char * const bare[] = { "_", "|", "｜", NULL };

  for (guint i = 0; spaced[i]; i++) {
    if (g_str_has_prefix (p, spaced[i])) {
      *length = strlen (spaced[i]);
      return TRUE;
    }
  }
  for (guint i = 0; bare[i]; i++) {
    if (g_str_has_prefix (p, bare[i])) {
      *length = strlen (bare[i]);
      return TRUE;
    }
  }

  /* Chinese titles put a bare dash, or two, before the site: "标题-新华网",
   * "标题--社会--人民网".
   */
  if (*p == '-' && is_cjk (g_utf8_get_char (p + 1))) {
    *length = 1;
    return TRUE;
  }
  if (p[0] == '-' && p[1] == '-' && is_cjk (g_utf8_get_char (p + 2))) {
    *length = 2;
    return TRUE;
  }

  return FALSE;
}

static gboolean
is_name_edge (gunichar c)
{
  return is_js_space (c) || c == '-' || c == '|' || c == '_' || c == ':' || c == ',' ||
         c == 0x2013 || c == 0x2014 || c == 0x00B7 || c == 0x2022 || c == 0xFF5C;
}

/* @start without the spaces and separators around it, when it can be a
 * site's name: short, and no address.
 */
static char *
site_part (const char *start,
           gsize       length)
{
  const char *end = start + length;
  g_autofree char *part = NULL;
  gsize chars;

  while (start < end && is_name_edge (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start && is_name_edge (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);

  part = g_strndup (start, end - start);
  chars = g_utf8_strlen (part, -1);

  if (chars == 0 || chars > 40 || lectern_byline_is_url (part))
    return NULL;

  return g_steal_pointer (&part);
}

/* The site's name in a <title> that holds the headline and, after or
 * before it, the names of the site's section and of the site:
 * "Headline - Section - Site" gives "Site", "Site | Headline" gives "Site".
 */
static char *
site_around_headline (const char *full,
                      const char *title)
{
  gsize title_length;
  gsize full_length;
  gsize sep_length;

  if (!title || !*title)
    return NULL;

  title_length = strlen (title);
  full_length = strlen (full);
  if (full_length <= title_length)
    return NULL;

  if (g_str_has_prefix (full, title) && is_title_separator (full + title_length, &sep_length)) {
    const char *last = full + title_length + sep_length;

    for (const char *p = last; *p; p = g_utf8_next_char (p)) {
      if (is_title_separator (p, &sep_length) && p[sep_length]) {
        last = p + sep_length;
        p = last - 1;
      }
    }

    return site_part (last, strlen (last));
  }

  if (g_str_has_suffix (full, title)) {
    const char *end = full + full_length - title_length;

    for (const char *p = full; p < end; p = g_utf8_next_char (p)) {
      if (is_title_separator (p, &sep_length) && p + sep_length == end)
        return site_part (full, p - full);
      if (is_title_separator (p, &sep_length))
        return p + sep_length <= end ? site_part (full, p - full) : NULL;
    }
  }

  return NULL;
}

static char *
site_from_title (Extractor *self,
                 xmlNode   *root)
{
  xmlNode *node = find_element (root, "title");
  xmlNode *heading;
  g_autofree char *full = NULL;
  g_autofree char *headline = NULL;
  char *site;

  if (!node)
    return NULL;

  full = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (node)));
  site = site_around_headline (full, self->title);
  if (site)
    return site;

  /* The title kept whole: the page's headline shows where it ends. */
  heading = find_title_heading (self, root);
  if (heading) {
    headline =
      _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (heading)));
    site = site_around_headline (full, headline);
    if (site)
      return site;
  }

  /* Pages without a heading element mark their headline by its class or id
   * ("<div class=\"h-title\">"); only a headline that opens the title counts,
   * since the end of a title is as often the headline's second half.
   */
  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    g_autofree char *lower = NULL;
    g_autofree char *text = NULL;

    if (!is_element (n) || !n->properties ||
        tag_in (n, (const char * const[]) { "head", "title", "html", "body", NULL }))
      continue;
    lower = match_string (n);
    if (!strstr (lower, "title") && !strstr (lower, "headline"))
      continue;
    text = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (n)));
    if (js_length (text) < 4 || strlen (text) >= strlen (full) || !g_str_has_prefix (full, text))
      continue;
    site = site_around_headline (full, text);
    if (site)
      return site;
  }

  return NULL;
}

/* The site's name in a logo's alt text, without the word "logo" and the
 * separators beside it: "Example News Logo" and "Logo - Example News" give
 * "Example News"; a print version's logo gives nothing.
 */
static char *
site_from_logo_alt (const char *alt)
{
  g_autofree char *lower = g_ascii_strdown (alt, -1);
  g_auto (GStrv) words = NULL;
  GString *name;

  if (strstr (lower, "print") || strstr (lower, "druck"))
    return NULL;

  words = g_strsplit_set (alt, " \t\n", -1);
  name = g_string_new (NULL);
  for (guint i = 0; words[i]; i++) {
    const char *w = words[i];

    if (!*w || g_ascii_strncasecmp (w, "logo", 4) == 0 ||
        ((name->len == 0 || !words[i + 1] || !*words[i + 1]) &&
         (g_str_equal (w, "-") || g_str_equal (w, "|") || g_str_equal (w, "–"))))
      continue;
    if (name->len)
      g_string_append_c (name, ' ');
    /* "Example-Logo" */
    if (strlen (w) > 5 && g_ascii_strcasecmp (w + strlen (w) - 5, "-logo") == 0)
      g_string_append_len (name, w, strlen (w) - 5);
    else
      g_string_append (name, w);
  }

  {
    g_autofree char *joined = g_string_free (name, FALSE);

    return site_part (joined, strlen (joined));
  }
}

/* The alt text of the site's logo. */
static char *
site_from_logo (xmlNode *root)
{
  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    g_autofree char *match = NULL;
    g_autofree char *parent_match = NULL;
    g_autofree char *lower = NULL;
    const char *alt;
    const char *src;

    if (!tag_is (n, "img"))
      continue;
    alt = attr (n, "alt");
    if (!alt || is_blank (alt))
      continue;

    match = match_string (n);
    parent_match = is_element (n->parent) ? match_string (n->parent) : g_strdup ("");
    src = attr (n, "src");
    lower = g_ascii_strdown (match, -1);
    if (strstr (lower, "logo") || (src && strstr (src, "logo")) ||
        g_strrstr (parent_match, "logo")) {
      g_autofree char *name = site_from_logo_alt (alt);

      if (name)
        return g_steal_pointer (&name);
    }
  }

  return NULL;
}

static void
find_site_name (Extractor *self,
                xmlNode   *root,
                GPtrArray *metas)
{
  const char *value = NULL;

  if (self->site_name && !is_blank (self->site_name))
    return;

  g_clear_pointer (&self->site_name, g_free);
  value = self->ld_publisher;
  if (!value || is_blank (value))
    value = _lectern_extractor_find_meta (metas, "og:site_name");
  if (!value || is_blank (value))
    value = _lectern_extractor_find_meta (metas, "application-name");
  if (!value || is_blank (value))
    value = _lectern_extractor_find_meta (metas, "apple-mobile-web-app-title");
  if (value && !is_blank (value)) {
    g_autofree char *name = unescape_entities (value);

    self->site_name = site_part (name, strlen (name));
    /* An application name that repeats the headline names no site. */
    if (self->site_name && self->title &&
        _lectern_extractor_text_similarity (self->site_name, self->title) > 0.75)
      g_clear_pointer (&self->site_name, g_free);
    if (self->site_name)
      return;
  }

  self->site_name = site_from_title (self, root);
  if (!self->site_name)
    self->site_name = site_from_logo (root);
}

/* The labels that make a short line anywhere in the page an author's credit:
 * Chinese and Japanese pages often give it away from the headline, in a
 * table or a line under the text ("作者： 记者王敬照").
 */
static const char * const author_labels[] = {
  "作者", "记者", "撰文", "撰稿", "文/", "文／", "文｜", "文丨", "筆者", "著者", NULL
};

/* The <meta> names, besides Readability's, that some publishers give their
 * authors under.
 */
static const char * const author_metas[] = {
  "byl", "sailthru.author", "citation_author", "article:author_name", "dc.creator.name", NULL
};

/* The author a less common <meta> names, else a labelled credit line
 * outside comments, sidebars, navigation and footers, for pages whose
 * metadata names none.
 */
static void
find_text_author (Extractor *self,
                  xmlNode   *root,
                  GPtrArray *metas)
{
  guint tries = 0;

  if ((self->byline && !is_blank (self->byline)) || self->ld_author)
    return;

  for (guint i = 0; author_metas[i]; i++) {
    const char *value = _lectern_extractor_find_meta (metas, author_metas[i]);

    if (value && !is_blank (value) && !lectern_byline_is_url (value)) {
      self->text_author = unescape_entities (value);
      return;
    }
  }

  for (xmlNode *n = root; n && tries < 50; n = walk_next (n, root, FALSE)) {
    /* A text as long as a paragraph is no part of a credit line; this and
     * the count of tries bound the work on pages that mention reporters
     * throughout.
     */
    if (!is_text (n) || !n->content || !n->parent || strlen ((const char *)n->content) > 1000 ||
        !contains_any ((const char *)n->content, author_labels) || in_other_dates (n->parent))
      continue;
    tries++;

    /* The narrowest block around the label that reads as a credit line. */
    for (xmlNode *p = n->parent; p && is_element (p) && p != root; p = p->parent) {
      g_autofree char *text = NULL;
      g_autofree char *author = NULL;

      if (tag_in (p, (const char * const[]) { "body", "head", "script", "style", NULL }))
        break;
      text = _lectern_extractor_js_normalize (_lectern_extractor_js_trim (text_content (p)));
      if (js_length (text) > 60)
        break;
      if (lectern_byline_parse_line (text, &author, NULL) && author) {
        self->text_author = g_steal_pointer (&author);
        return;
      }
    }
  }
}

/* The author in a bracketed credit near the start of @line: "（记者 张三 李四）",
 * "(记者 张三)", "（文/李四）".
 */
static char *
lead_credit (const char *line,
             const char *site_name)
{
  static const char * const opens[] = { "（", "(", NULL };
  static const char * const closes[] = { "）", ")", NULL };

  for (guint i = 0; opens[i]; i++) {
    const char *open = strstr (line, opens[i]);
    const char *inside;
    const char *close;
    g_autofree char *credit = NULL;
    g_autofree char *author = NULL;

    if (!open || g_utf8_strlen (line, open - line) > 20)
      continue;
    inside = open + strlen (opens[i]);
    close = strstr (inside, closes[i]);
    if (!close || g_utf8_strlen (inside, close - inside) > 30)
      continue;

    credit = g_strndup (inside, close - inside);
    if (!contains_any (credit, author_labels))
      continue;
    if (lectern_byline_parse_line (credit, &author, NULL) && author)
      return lectern_byline_clean (author, site_name);
  }

  return NULL;
}

/**
 * _lectern_extractor_take_byline:
 * @self: the extraction
 * @content: the article's body
 *
 * Settles the byline: the metadata's, else the one the page shows, else a
 * byline line that opens the body ("半月谈记者 张漫子", "作者：张三"), which
 * then leaves the body. Addresses are refused, and the byline is cleaned of
 * labels, dates and the site's name.
 */
void
_lectern_extractor_take_byline (Extractor *self,
                                xmlNode   *content)
{
  g_autofree char *byline = NULL;
  xmlNode *first = NULL;

  if (self->byline && !lectern_byline_is_url (self->byline))
    byline = lectern_byline_clean (self->byline, self->site_name);
  if (!byline && self->ld_author)
    byline = lectern_byline_clean (self->ld_author, self->site_name);
  if (!byline && self->dom_byline && !lectern_byline_is_url (self->dom_byline))
    byline = lectern_byline_clean (self->dom_byline, self->site_name);

  /* The block that holds the body's first text. */
  for (xmlNode *n = content; n && !first; n = walk_next (n, content, FALSE)) {
    if (is_text (n) && n->content && !is_blank ((const char *)n->content)) {
      for (xmlNode *p = n->parent; p && p != content->parent; p = p->parent) {
        if (tag_in (p, (const char * const[]) { "p", "div", "section", "article", NULL })) {
          first = p;
          break;
        }
      }
      break;
    }
  }

  if (first && first != content && tag_is (first, "p")) {
    g_autofree char *line = _lectern_extractor_js_trim (text_content (first));
    g_autofree char *author = NULL;
    g_autofree char *source = NULL;

    if (js_length (line) <= 100 && lectern_byline_parse_line (line, &author, &source) &&
        author) {
      g_autofree char *cleaned = lectern_byline_clean (author, self->site_name);

      if (!cleaned)
        cleaned = g_steal_pointer (&author);
      if (!byline || strstr (cleaned, byline) || strstr (byline, cleaned)) {
        g_free (byline);
        byline = g_steal_pointer (&cleaned);
        xmlUnlinkNode (first);
        xmlFreeNode (first);

        /* A description made of the body's start starts with the byline too. */
        if (self->excerpt && g_str_has_prefix (self->excerpt, line) &&
            self->excerpt[strlen (line)]) {
          char *rest = g_strdup (self->excerpt + strlen (line));

          g_free (self->excerpt);
          self->excerpt = _lectern_extractor_js_trim (rest);
        }
      }
    }
  }

  /* Chinese news opens its first paragraph with the agency and a bracketed
   * credit: "新京报讯（记者 张三 李四）三月的北京……". The paragraph stays.
   */
  if (!byline && first && tag_is (first, "p")) {
    g_autofree char *line = _lectern_extractor_js_trim (text_content (first));

    byline = lead_credit (line, self->site_name);
  }

  /* A credit line elsewhere in the page, last: one that opens the body is
   * taken above, and leaves the body.
   */
  if (!byline && self->text_author)
    byline = lectern_byline_clean (self->text_author, self->site_name);

  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->dom_byline, g_free);
  self->byline = g_steal_pointer (&byline);
}
