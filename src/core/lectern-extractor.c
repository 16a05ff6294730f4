/* lectern-extractor.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The article extractor: bytes in, a LecternArticle out.
 *
 * The core of the algorithm follows Mozilla's Readability.js (Apache-2.0),
 * step by step, because its behaviour is what readers and benchmarks expect;
 * on top of it come what Readability lacks: CJK-aware text measures, Chinese
 * class and text hints, the JSON-LD article body as a fallback, wider lazy
 * image support, title clean-up against the page's own headline, dates,
 * languages and reading time.
 *
 * Every walk over the tree is iterative (libxml2 trees can be deep), every
 * per-node datum hangs off node->_private for the length of one call, and
 * nothing outlives the call, so extractions can run on several threads.
 */

#include "config.h"

#include "lectern-extractor.h"

#include "lectern-encoding.h"
#include "lectern-sanitizer.h"
#include "lectern-xml-private.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (lectern-extractor-error-quark, lectern_extractor_error)

#define FLAG_STRIP_UNLIKELYS     (1 << 0)
#define FLAG_WEIGHT_CLASSES      (1 << 1)
#define FLAG_CLEAN_CONDITIONALLY (1 << 2)

#define N_TOP_CANDIDATES 5
#define CHAR_THRESHOLD   500
#define MAX_JSON_DEPTH   64

/* A run of whitespace, as much as inner_text()'s trimming and collapsing
 * need to know about it.
 */
#define RUN_TRIGGER     (1 << 0)  /* holds \n, \t, \r or U+00A0 */
#define RUN_DOUBLE      (1 << 1)  /* holds two spaces in a row */
#define RUN_FIRST_SPACE (1 << 2)  /* starts with a space */
#define RUN_LAST_SPACE  (1 << 3)  /* ends with a space */

typedef struct {
  guint32 length;
  guint32 flags;
} Run;

/* What the scoring and cleaning steps measure in a subtree, gathered in one
 * bottom-up pass instead of one walk (and one copy of the text) per question.
 * The text fields describe the node's textContent as a sequence of
 * non-whitespace characters and whitespace runs, which is enough to know the
 * length of inner_text() without building it; the rest sum over the
 * descendant elements, the node itself excluded.
 */
typedef struct {
  guint32  units;          /* UTF-16 units of the characters that are not space */
  guint32  inner_ws;       /* space characters between the first and last of those */
  guint32  inner_runs;     /* the runs those make */
  Run      lead;           /* the space before them (all of it, when units is 0) */
  Run      trail;          /* the space after them */
  guint32  commas;         /* comma_count() */
  guint32  ascii_commas;
  guint64  link_length;    /* inner_text_length() of <a href> links, whole */
  guint64  hash_length;    /* and of #fragment links, which count 0.3 */
  guint64  list_length;    /* of <ul> and <ol> */
  guint64  heading_length; /* of <h1> to <h6> */
  guint32  paragraphs;
  guint32  images;
  guint32  items;
  guint32  inputs;
  guint32  embeds;
  guint32  videos;
  guint32  breaks;         /* <br> and <hr> */
  guint32  blocks;         /* div_to_p_tags */
  guint32  data_tables;
  guint64  tags;           /* tag_bit() of every element */
  gboolean inner_trigger;  /* inner_text() collapses the inner runs */
  gboolean textish_text;   /* has_textish_text() */
} NodeStats;

typedef struct {
  double    score;
  gboolean  scored;
  gboolean  data_table;
  gboolean  stats_valid;
  NodeStats stats;
} NodeInfo;

/* About 150 KB a chunk: big enough that malloc usually maps each one on its
 * own, so that on a big page freeing them gives the memory back rather than
 * leaving holes between the tree's nodes.
 */
#define INFOS_PER_CHUNK 1024

/* The largest decoded page kept for parsing it again, in bytes. */
#define KEEP_TEXT_MAX (1024 * 1024)

typedef struct {
  /* Borrowed */
  const char *document_uri;
  const char *data;              /* the page as it came */
  gsize       data_length;
  const char *charset_hint;

  /* Owned */
  char       *base_uri;
  char       *text;             /* the decoded UTF-8 page */
  gsize       text_length;
  GHashTable *meta;             /* Readability's meta values */
  char       *title;
  char       *byline;
  char       *dom_byline;
  char       *excerpt;
  char       *site_name;
  char       *published;
  char       *lang;
  char       *dir;
  char       *ld_body;
  char       *ld_image;
  char       *ld_published;
  char       *ld_language;
  char       *canonical;
  char       *lead_image;
  GPtrArray  *infos;             /* chunks of INFOS_PER_CHUNK NodeInfos */
  guint       infos_left;        /* unused NodeInfos in the last chunk */
  GPtrArray  *garbage;

  int         flags;
  gboolean    title_from_document;
  gboolean    title_cut;
} Extractor;

static void
extractor_clear (Extractor *self)
{
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->meta, g_hash_table_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->dom_byline, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->published, g_free);
  g_clear_pointer (&self->lang, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->ld_body, g_free);
  g_clear_pointer (&self->ld_image, g_free);
  g_clear_pointer (&self->ld_published, g_free);
  g_clear_pointer (&self->ld_language, g_free);
  g_clear_pointer (&self->canonical, g_free);
  g_clear_pointer (&self->lead_image, g_free);
  g_clear_pointer (&self->infos, g_ptr_array_unref);
  g_clear_pointer (&self->garbage, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* Strings: JavaScript's notions of whitespace and length              */

static gboolean
is_js_space (gunichar c)
{
  switch (c) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0xFEFF:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

/* is_js_space() of the character at @p, which ends at *@next. */
static inline gboolean
is_js_space_at (const char  *p,
                const char **next)
{
  guchar c = (guchar)*p;

  if (c < 0x80) {
    *next = p + 1;
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  *next = g_utf8_next_char (p);

  return is_js_space (g_utf8_get_char (p));
}

/* The length of @str in UTF-16 code units, as JavaScript counts it. */
static gsize
js_length (const char *str)
{
  gsize n = 0;

  for (const guchar *p = (const guchar *)str; *p; p++) {
    if ((*p & 0xC0) != 0x80)
      n++;
    if (*p >= 0xF0)
      n++;
  }

  return n;
}

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF) ||   /* kana */
         (c >= 0x3400 && c <= 0x4DBF) ||   /* Han extension A */
         (c >= 0x4E00 && c <= 0x9FFF) ||   /* Han */
         (c >= 0xAC00 && c <= 0xD7AF) ||   /* Hangul syllables */
         (c >= 0xF900 && c <= 0xFAFF) ||   /* Han compatibility */
         (c >= 0x20000 && c <= 0x3FFFF);   /* Han extensions B and up */
}

/* Trims JavaScript whitespace from both ends, in place. */
static char *
js_trim (char *str)
{
  char *start = str;
  char *end;

  while (*start) {
    gunichar c = g_utf8_get_char (start);

    if (!is_js_space (c))
      break;
    start = g_utf8_next_char (start);
  }

  end = start + strlen (start);
  while (end > start) {
    char *prev = g_utf8_find_prev_char (start, end);

    if (!prev || !is_js_space (g_utf8_get_char (prev)))
      break;
    end = prev;
  }

  *end = '\0';
  if (start != str)
    memmove (str, start, end - start + 1);

  return str;
}

/* Replaces every run of two or more whitespace characters with one space,
 * as Readability's REGEXPS.normalize does; a single newline stays.
 */
static char *
js_normalize (char *str)
{
  GString *out;
  const char *p = str;

  if (!strstr (str, "  ") && !strchr (str, '\n') && !strchr (str, '\t') &&
      !strchr (str, '\r') && !strstr (str, "\xc2\xa0"))
    return str;

  out = g_string_sized_new (strlen (str));
  while (*p) {
    gunichar c = g_utf8_get_char (p);
    const char *next = g_utf8_next_char (p);

    if (is_js_space (c) && *next && is_js_space (g_utf8_get_char (next))) {
      while (*p && is_js_space (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      g_string_append_c (out, ' ');
      continue;
    }

    g_string_append_len (out, p, next - p);
    p = next;
  }

  strcpy (str, out->str);
  g_string_free (out, TRUE);

  return str;
}

/* str.split(/\s+/).length */
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

static gboolean
is_blank (const char *str)
{
  for (const char *p = str; p && *p; p = g_utf8_next_char (p)) {
    if (!is_js_space (g_utf8_get_char (p)))
      return FALSE;
  }

  return TRUE;
}

/* An ASCII-lowercased copy, for the class and id hints. */
static char *
ascii_lower (const char *str)
{
  return g_ascii_strdown (str ? str : "", -1);
}

static gboolean
contains_any (const char         *haystack,
              const char * const *needles)
{
  for (guint i = 0; needles[i]; i++) {
    if (strstr (haystack, needles[i]))
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* ------------------------------------------------------------------ */
/* Nodes                                                                */

static inline gboolean
is_element (xmlNode *node)
{
  return node && node->type == XML_ELEMENT_NODE;
}

static inline gboolean
is_text (xmlNode *node)
{
  return node && (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE);
}

static inline gboolean
tag_is (xmlNode    *node,
        const char *tag)
{
  return is_element (node) && strcmp ((const char *)node->name, tag) == 0;
}

static gboolean
tag_in (xmlNode            *node,
        const char * const *tags)
{
  if (!is_element (node))
    return FALSE;

  for (guint i = 0; tags[i]; i++) {
    if (strcmp ((const char *)node->name, tags[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_heading (xmlNode *node)
{
  const char *name;

  if (!is_element (node))
    return FALSE;

  name = (const char *)node->name;

  return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
}

/* The value of an attribute, borrowed from the tree, or NULL. */
static const char *
attr (xmlNode    *node,
      const char *name)
{
  if (!is_element (node))
    return NULL;

  for (xmlAttr *a = node->properties; a; a = a->next) {
    if (g_ascii_strcasecmp ((const char *)a->name, name) == 0) {
      if (a->children && a->children->content)
        return (const char *)a->children->content;
      return "";
    }
  }

  return NULL;
}

/* Forgets what was measured in @node and above it, after a change inside
 * @node. A node's measures are only ever valid when those of every node under
 * it are, so the walk up can stop at the first node already invalid.
 */
static void
invalidate (xmlNode *node)
{
  for (; node; node = node->parent) {
    NodeInfo *info = node->_private;

    if (info && !info->stats_valid)
      break;
    if (info)
      info->stats_valid = FALSE;
  }
}

/* An element's attributes count in its parent's measures (link hrefs, video
 * sources), so changing them invalidates from the parent up.
 */
static void
set_attr (xmlNode    *node,
          const char *name,
          const char *value)
{
  invalidate (node->parent);
  xmlSetProp (node, (const xmlChar *)name, (const xmlChar *)value);
}

static void
remove_attr (xmlNode    *node,
             const char *name)
{
  for (xmlAttr *a = node->properties; a; a = a->next) {
    if (g_ascii_strcasecmp ((const char *)a->name, name) == 0) {
      invalidate (node->parent);
      xmlRemoveProp (a);
      return;
    }
  }
}

static xmlNode *
first_element_child (xmlNode *node)
{
  for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
    if (is_element (c))
      return c;
  }

  return NULL;
}

static xmlNode *
next_element_sibling (xmlNode *node)
{
  for (xmlNode *c = node->next; c; c = c->next) {
    if (is_element (c))
      return c;
  }

  return NULL;
}

static xmlNode *
prev_element_sibling (xmlNode *node)
{
  for (xmlNode *c = node->prev; c; c = c->prev) {
    if (is_element (c))
      return c;
  }

  return NULL;
}

static guint
element_child_count (xmlNode *node)
{
  guint n = 0;

  for (xmlNode *c = node->children; c; c = c->next) {
    if (is_element (c))
      n++;
  }

  return n;
}

/* Readability's _getNextNode: depth-first over elements only. */
static xmlNode *
next_node (xmlNode  *node,
           gboolean  ignore_self_and_kids)
{
  xmlNode *next;

  if (!ignore_self_and_kids) {
    xmlNode *child = first_element_child (node);

    if (child)
      return child;
  }

  if ((next = next_element_sibling (node)))
    return next;

  do {
    node = node->parent;
  } while (node && is_element (node) && !next_element_sibling (node));

  return is_element (node) ? next_element_sibling (node) : NULL;
}

/* The next node in document order inside @root, any type. */
static xmlNode *
walk_next (xmlNode  *node,
           xmlNode  *root,
           gboolean  skip_children)
{
  return lectern_xml_next_node (node, root, skip_children);
}

/* Every descendant element of @root named @tag (any tag if NULL), in
 * document order, @root itself excluded.
 */
static GPtrArray *
get_elements (xmlNode            *root,
              const char * const *tags)
{
  GPtrArray *out = g_ptr_array_new ();

  for (xmlNode *n = walk_next (root, root, FALSE); n; n = walk_next (n, root, FALSE)) {
    if (is_element (n) && (!tags || tag_in (n, tags)))
      g_ptr_array_add (out, n);
  }

  return out;
}

static GPtrArray *
get_elements_1 (xmlNode    *root,
                const char *tag)
{
  const char *tags[] = { tag, NULL };

  return get_elements (root, tags);
}

static xmlNode *
find_element (xmlNode    *root,
              const char *tag)
{
  for (xmlNode *c = walk_next (root, root, FALSE); c; c = walk_next (c, root, FALSE)) {
    if (tag_is (c, tag))
      return c;
  }

  return NULL;
}

static void
append_text_content (xmlNode *node,
                     GString *out)
{
  if (is_text (node) || node->type == XML_COMMENT_NODE) {
    if (node->content)
      g_string_append (out, (const char *)node->content);
    return;
  }

  for (xmlNode *n = walk_next (node, node, FALSE); n; n = walk_next (n, node, FALSE)) {
    if (is_text (n) && n->content)
      g_string_append (out, (const char *)n->content);
  }
}

/* node.textContent */
static char *
text_content (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  append_text_content (node, out);

  return g_string_free (out, FALSE);
}

/* Readability's _getInnerText. */
static char *
inner_text (xmlNode  *node,
            gboolean  normalize)
{
  char *text = js_trim (text_content (node));

  if (normalize)
    js_normalize (text);

  return text;
}

static void
unlink_node (xmlNode *node)
{
  invalidate (node->parent);
  xmlUnlinkNode (node);
}

static void
remove_node (Extractor *self,
             xmlNode   *node)
{
  unlink_node (node);
  if (self->garbage)
    g_ptr_array_add (self->garbage, node);
  else
    xmlFreeNode (node);
}

static xmlNode *
remove_and_get_next (Extractor *self,
                     xmlNode   *node)
{
  xmlNode *next = next_node (node, TRUE);

  remove_node (self, node);

  return next;
}

static void
set_node_tag (xmlNode    *node,
              const char *tag)
{
  invalidate (node->parent);
  xmlNodeSetName (node, (const xmlChar *)tag);
}

static void
append_child (xmlNode *parent,
              xmlNode *child)
{
  unlink_node (child);
  invalidate (parent);
  /* xmlAddChild merges adjacent text nodes and frees one of them; that
   * would leave dangling pointers in our lists, so link by hand.
   */
  child->parent = parent;
  child->doc = parent->doc;
  child->next = NULL;
  child->prev = parent->last;
  if (parent->last)
    parent->last->next = child;
  else
    parent->children = child;
  parent->last = child;
}

static void
replace_node (xmlNode *old,
              xmlNode *replacement)
{
  unlink_node (replacement);
  invalidate (old->parent);
  replacement->parent = old->parent;
  replacement->prev = old->prev;
  replacement->next = old->next;
  if (old->prev)
    old->prev->next = replacement;
  else if (old->parent)
    old->parent->children = replacement;
  if (old->next)
    old->next->prev = replacement;
  else if (old->parent)
    old->parent->last = replacement;
  old->parent = old->prev = old->next = NULL;
}

static NodeInfo *
node_info (Extractor *self,
           xmlNode   *node,
           gboolean   create)
{
  NodeInfo *info = node->_private;

  /* One allocation per chunk: there is one NodeInfo for most elements. */
  if (!info && create) {
    NodeInfo *chunk;

    if (self->infos_left == 0) {
      g_ptr_array_add (self->infos, g_new0 (NodeInfo, INFOS_PER_CHUNK));
      self->infos_left = INFOS_PER_CHUNK;
    }
    chunk = g_ptr_array_index (self->infos, self->infos->len - 1);
    info = &chunk[INFOS_PER_CHUNK - self->infos_left--];
    node->_private = info;
  }

  return info;
}

static gboolean
is_scored (xmlNode *node)
{
  NodeInfo *info = node->_private;

  return info && info->scored;
}

/* ------------------------------------------------------------------ */
/* Class and id hints                                                   */

static const char * const unlikely_needles[] = {
  "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
  "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
  "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
  "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
  "pagination", "pager", "popup", "yom-remote",
  /* Chinese sites name their blocks in pinyin or in Chinese. */
  "xiangguan", "tuijian", "pinglun", "fenxiang", "mianbaoxie", "dangqian",
  "相关", "推荐", "评论", "分享", "导航", "当前位置", "面包屑", "侧边", "版权",
  NULL
};

static const char * const maybe_candidate_needles[] = {
  "and", "article", "body", "column", "content", "main", "shadow", NULL
};

static const char * const positive_needles[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
  "pagination", "post", "text", "blog", "story", "zhengwen", "正文", NULL
};

static const char * const negative_needles[] = {
  "-ad-", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
  "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags",
  "widget", "hidden",
  "xiangguan", "tuijian", "pinglun", "fenxiang", "相关", "推荐", "评论", "分享",
  NULL
};

static const char * const byline_needles[] = {
  "byline", "author", "dateline", "writtenby", "p-author", NULL
};

static gboolean
matches_negative (const char *lower)
{
  const char *p;

  if (contains_any (lower, negative_needles))
    return TRUE;

  /* ^hid$| hid$| hid |^hid  */
  for (p = strstr (lower, "hid"); p; p = strstr (p + 1, "hid")) {
    gboolean left = p == lower || p[-1] == ' ';
    gboolean right = p[3] == '\0' || p[3] == ' ';

    if (left && right)
      return TRUE;
  }

  return FALSE;
}

static gboolean
matches_share (const char *lower)
{
  for (const char *p = strstr (lower, "share"); p; p = strstr (p + 1, "share")) {
    gboolean left = p == lower || !is_word_byte (p[-1]) || p[-1] == '_';

    if (!left)
      continue;
    if (p[5] == '\0' || !is_word_byte (p[5]) || p[5] == '_')
      return TRUE;
    if (g_str_has_prefix (p, "sharedaddy") &&
        (p[10] == '\0' || !is_word_byte (p[10]) || p[10] == '_'))
      return TRUE;
  }

  return FALSE;
}

static gboolean
matches_video (const char *value)
{
  static const char * const hosts[] = {
    "dailymotion.com", "youtube.com", "youtube-nocookie.com", "player.vimeo.com",
    "v.qq.com", "archive.org", "upload.wikimedia.org", "player.twitch.tv", NULL
  };
  g_autofree char *lower = NULL;

  if (!value || !strstr (value, "//"))
    return FALSE;

  lower = ascii_lower (value);
  for (const char *p = strstr (lower, "//"); p; p = strstr (p + 1, "//")) {
    const char *h = p + 2;

    for (guint i = 0; hosts[i]; i++) {
      if (g_str_has_prefix (h, hosts[i]) ||
          (g_str_has_prefix (h, "www.") && g_str_has_prefix (h + 4, hosts[i])))
        return TRUE;
    }
  }

  return FALSE;
}

static char *
match_string (xmlNode *node)
{
  const char *klass = attr (node, "class");
  const char *id = attr (node, "id");

  return g_strconcat (klass ? klass : "", " ", id ? id : "", NULL);
}

static int
class_weight (Extractor *self,
              xmlNode   *node)
{
  const char *klass;
  const char *id;
  int weight = 0;

  if (!(self->flags & FLAG_WEIGHT_CLASSES))
    return 0;

  klass = attr (node, "class");
  id = attr (node, "id");

  if (klass && *klass) {
    g_autofree char *lower = ascii_lower (klass);

    if (matches_negative (lower))
      weight -= 25;
    if (contains_any (lower, positive_needles))
      weight += 25;
  }

  if (id && *id) {
    g_autofree char *lower = ascii_lower (id);

    if (matches_negative (lower))
      weight -= 25;
    if (contains_any (lower, positive_needles))
      weight += 25;
  }

  return weight;
}

/* ------------------------------------------------------------------ */
/* Readability's predicates                                             */

static const char * const phrasing_tags[] = {
  "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data",
  "datalist", "dfn", "em", "embed", "i", "img", "input", "kbd", "label",
  "mark", "math", "meter", "noscript", "object", "output", "progress", "q",
  "ruby", "samp", "script", "select", "small", "span", "strong", "sub",
  "sup", "textarea", "time", "var", "wbr", NULL
};

static const char * const div_to_p_tags[] = {
  "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL
};

/* ------------------------------------------------------------------ */
/* Measuring subtrees                                                   */

static gboolean
embed_is_video (xmlNode *node)
{
  for (xmlAttr *a = node->properties; a; a = a->next) {
    if (a->children && matches_video ((const char *)a->children->content))
      return TRUE;
  }

  if (tag_is (node, "object")) {
    for (xmlNode *c = walk_next (node, node, FALSE); c; c = walk_next (c, node, FALSE)) {
      if (is_element (c)) {
        for (xmlAttr *a = c->properties; a; a = a->next) {
          if (a->children && matches_video ((const char *)a->children->content))
            return TRUE;
        }
      } else if (is_text (c) && matches_video ((const char *)c->content)) {
        return TRUE;
      }
    }
  }

  return FALSE;
}

/* The tags the extractor searches for, one bit each, so that a search can
 * skip the subtrees that hold none of them.
 */
static guint64
tag_name_bit (const char *name)
{
  static const char * const tags[] = {
    "a", "aside", "audio", "base", "br", "button", "div", "embed", "fieldset", "figure",
    "font", "footer", "form", "h1", "h2", "iframe", "img", "input", "link", "meta",
    "noscript", "object", "p", "picture", "script", "select", "source", "style", "table",
    "textarea", "time", "title", "ul", "video", NULL
  };
  guint first;
  guint last;

  /* The list is sorted: only the names with the same first letter can match. */
  switch (name[0]) {
    case 'a': first = 0; last = 2; break;
    case 'b': first = 3; last = 5; break;
    case 'd': first = 6; last = 6; break;
    case 'e': first = 7; last = 7; break;
    case 'f': first = 8; last = 12; break;
    case 'h': first = 13; last = 14; break;
    case 'i': first = 15; last = 17; break;
    case 'l': first = 18; last = 18; break;
    case 'm': first = 19; last = 19; break;
    case 'n': first = 20; last = 20; break;
    case 'o': first = 21; last = 21; break;
    case 'p': first = 22; last = 23; break;
    case 's': first = 24; last = 27; break;
    case 't': first = 28; last = 31; break;
    case 'u': first = 32; last = 32; break;
    case 'v': first = 33; last = 33; break;
    default: return 0;
  }

  for (guint i = first; i <= last; i++) {
    if (strcmp (name, tags[i]) == 0)
      return G_GUINT64_CONSTANT (1) << i;
  }

  return 0;
}

static inline guint64
tag_bit (xmlNode *node)
{
  return is_element (node) ? tag_name_bit ((const char *)node->name) : 0;
}

static const char * const textish_tags[] = {
  "span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL
};

static const NodeStats empty_stats;

static gboolean
is_comma (gunichar c)
{
  switch (c) {
    case 0x002C: case 0x060C: case 0xFE50: case 0xFE10: case 0xFE11:
    case 0x2E41: case 0x2E34: case 0x2E32: case 0xFF0C: case 0x3001:
      return TRUE;
    default:
      return FALSE;
  }
}

/* The measures of one text node's content. */
static void
measure_text (const char *text,
              NodeStats  *stats)
{
  Run run = { 0, 0 };
  gunichar prev = 0;

  memset (stats, 0, sizeof *stats);

  for (const guchar *p = (const guchar *)text; *p;) {
    gunichar c;
    gboolean space;

    /* Most text is ASCII; only the rest needs decoding. */
    if (*p < 0x80) {
      c = *p++;
      space = c == ' ' || (c >= '\t' && c <= '\r');
    } else {
      c = g_utf8_get_char ((const char *)p);
      p = (const guchar *)g_utf8_next_char (p);
      space = is_js_space (c);
    }

    if (space) {
      if (run.length == 0)
        run.flags = c == ' ' ? RUN_FIRST_SPACE : 0;
      else if (c == ' ' && prev == ' ')
        run.flags |= RUN_DOUBLE;
      if (c == '\n' || c == '\t' || c == '\r' || c == 0xA0)
        run.flags |= RUN_TRIGGER;
      if (c == ' ')
        run.flags |= RUN_LAST_SPACE;
      else
        run.flags &= ~RUN_LAST_SPACE;
      run.length++;
    } else {
      if (run.length > 0) {
        if (stats->units == 0) {
          stats->lead = run;
        } else {
          stats->inner_ws += run.length;
          stats->inner_runs++;
          if (run.flags & (RUN_TRIGGER | RUN_DOUBLE))
            stats->inner_trigger = TRUE;
        }
        run.length = 0;
        run.flags = 0;
      }
      stats->units += c >= 0x10000 ? 2 : 1;
      if (is_comma (c)) {
        stats->commas++;
        if (c == ',')
          stats->ascii_commas++;
      }
    }
    prev = c;
  }

  if (stats->units == 0)
    stats->lead = run;
  else
    stats->trail = run;
}

/* Appends the run @more to @run, as if their text were joined. */
static void
run_append (Run       *run,
            const Run *more)
{
  if (more->length == 0)
    return;
  if (run->length == 0) {
    *run = *more;
    return;
  }

  run->flags |= more->flags & (RUN_TRIGGER | RUN_DOUBLE);
  if ((run->flags & RUN_LAST_SPACE) && (more->flags & RUN_FIRST_SPACE))
    run->flags |= RUN_DOUBLE;
  run->flags = (run->flags & ~RUN_LAST_SPACE) | (more->flags & RUN_LAST_SPACE);
  run->length += more->length;
}

/* Appends the text measures of @more to @stats, as if their text were joined. */
static void
stats_append_text (NodeStats       *stats,
                   const NodeStats *more)
{
  if (more->units == 0) {
    run_append (stats->units ? &stats->trail : &stats->lead, &more->lead);
  } else if (stats->units == 0) {
    run_append (&stats->lead, &more->lead);
    stats->inner_ws = more->inner_ws;
    stats->inner_runs = more->inner_runs;
    stats->inner_trigger = more->inner_trigger;
    stats->trail = more->trail;
  } else {
    Run middle = stats->trail;

    run_append (&middle, &more->lead);
    if (middle.length > 0) {
      stats->inner_ws += middle.length;
      stats->inner_runs++;
      if (middle.flags & (RUN_TRIGGER | RUN_DOUBLE))
        stats->inner_trigger = TRUE;
    }
    stats->inner_ws += more->inner_ws;
    stats->inner_runs += more->inner_runs;
    stats->inner_trigger = stats->inner_trigger || more->inner_trigger;
    stats->trail = more->trail;
  }

  stats->units += more->units;
  stats->commas += more->commas;
  stats->ascii_commas += more->ascii_commas;
}

/* js_length (inner_text (node, TRUE)): trimming drops the outer runs, and
 * normalising turns each inner run into one character, but only when one of
 * them holds what js_normalize() looks for first.
 */
static gsize
stats_inner_length (const NodeStats *stats)
{
  if (stats->units == 0)
    return 0;

  return (gsize)stats->units + (stats->inner_trigger ? stats->inner_runs : stats->inner_ws);
}

/* js_length (text_content (node)) */
static gsize
stats_raw_length (const NodeStats *stats)
{
  if (stats->units == 0)
    return stats->lead.length;

  return (gsize)stats->units + stats->lead.length + stats->inner_ws + stats->trail.length;
}

/* Whether @node has children that walk_next() would visit. */
static inline gboolean
is_composite (xmlNode *node)
{
  return node->children && node->type != XML_ENTITY_REF_NODE &&
         node->type != XML_ATTRIBUTE_NODE;
}

static inline gboolean
needs_measuring (xmlNode *node)
{
  NodeInfo *info = node->_private;

  return is_composite (node) && !(info && info->stats_valid);
}

/* What an element child adds to its parent's sums. */
static void
add_element (NodeStats       *stats,
             xmlNode         *child,
             const NodeStats *child_stats)
{
  const char *name = (const char *)child->name;
  NodeInfo *info = child->_private;

  if (strcmp (name, "a") == 0) {
    const char *href = attr (child, "href");

    if (href && href[0] == '#' && href[1])
      stats->hash_length += stats_inner_length (child_stats);
    else
      stats->link_length += stats_inner_length (child_stats);
  } else if (strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0) {
    stats->list_length += stats_inner_length (child_stats);
  } else if (is_heading (child)) {
    stats->heading_length += stats_inner_length (child_stats);
  }

  if (strcmp (name, "p") == 0) {
    stats->paragraphs++;
  } else if (strcmp (name, "img") == 0) {
    stats->images++;
  } else if (strcmp (name, "li") == 0) {
    stats->items++;
  } else if (strcmp (name, "input") == 0) {
    stats->inputs++;
  } else if (strcmp (name, "object") == 0 || strcmp (name, "embed") == 0 ||
             strcmp (name, "iframe") == 0) {
    stats->embeds++;
    if (embed_is_video (child))
      stats->videos++;
  }

  if (strcmp (name, "br") == 0 || strcmp (name, "hr") == 0)
    stats->breaks++;
  if (tag_in (child, div_to_p_tags))
    stats->blocks++;
  if (strcmp (name, "table") == 0 && info && info->data_table)
    stats->data_tables++;
  if (child_stats->units > 0 && tag_in (child, textish_tags))
    stats->textish_text = TRUE;
  stats->tags |= tag_bit (child);
}

/* Measures @node from its children, whose measures are all valid. */
static void
measure_node (Extractor *self,
              xmlNode   *node)
{
  NodeInfo *info = node_info (self, node, TRUE);
  NodeStats *stats = &info->stats;

  memset (stats, 0, sizeof *stats);

  for (xmlNode *c = node->children; c; c = c->next) {
    const NodeStats *cs = &empty_stats;
    NodeStats text;

    if (is_text (c)) {
      if (c->content) {
        measure_text ((const char *)c->content, &text);
        cs = &text;
      }
    } else if (is_composite (c)) {
      cs = &((NodeInfo *)c->_private)->stats;
    }

    stats_append_text (stats, cs);
    stats->link_length += cs->link_length;
    stats->hash_length += cs->hash_length;
    stats->list_length += cs->list_length;
    stats->heading_length += cs->heading_length;
    stats->paragraphs += cs->paragraphs;
    stats->images += cs->images;
    stats->items += cs->items;
    stats->inputs += cs->inputs;
    stats->embeds += cs->embeds;
    stats->videos += cs->videos;
    stats->breaks += cs->breaks;
    stats->blocks += cs->blocks;
    stats->data_tables += cs->data_tables;
    stats->tags |= cs->tags;
    stats->textish_text = stats->textish_text || cs->textish_text;

    if (is_element (c))
      add_element (stats, c, cs);
  }

  info->stats_valid = TRUE;
}

/* The measures of the subtree under @root. Whatever is not known yet is
 * measured bottom-up, without recursion, each node once; afterwards every
 * node under @root has valid measures too, until the tree under it changes.
 */
static const NodeStats *
measure_subtree (Extractor *self,
                 xmlNode   *root)
{
  xmlNode *node = root;

  g_assert (!is_text (root));

  if (!is_composite (root))
    return &empty_stats;
  if (!needs_measuring (root))
    return &((NodeInfo *)root->_private)->stats;

  while (TRUE) {
    xmlNode *child = node->children;

    /* Down while some child still needs measuring. */
    while (child) {
      if (needs_measuring (child)) {
        node = child;
        child = node->children;
      } else {
        child = child->next;
      }
    }

    measure_node (self, node);

    /* Then up, measuring each parent once its children are done, until
     * a sibling still needs measuring.
     */
    while (TRUE) {
      xmlNode *next;

      if (node == root)
        return &((NodeInfo *)root->_private)->stats;

      for (next = node->next; next && !needs_measuring (next); next = next->next)
        ;
      if (next) {
        node = next;
        break;
      }

      node = node->parent;
      measure_node (self, node);
    }
  }
}

#ifdef LECTERN_VERIFY_MEASURES
/* A build with -DLECTERN_VERIFY_MEASURES checks every measure it hands out
 * against the walks they replace; a fuzzer built so finds stale ones.
 */
static void
verify_stats (Extractor       *self,
              xmlNode         *node,
              const NodeStats *stats)
{
  g_autofree char *raw = text_content (node);
  g_autofree char *inner = inner_text (node, TRUE);
  guint32 commas = 0, ascii_commas = 0;
  guint64 links = 0, hashes = 0, lists = 0, headings = 0;
  guint32 p = 0, img = 0, li = 0, input = 0, embeds = 0, videos = 0;
  guint32 breaks = 0, blocks = 0, data_tables = 0;
  guint64 tags = 0;
  gboolean textish = FALSE;

  for (const char *c = inner; *c; c = g_utf8_next_char (c)) {
    if (is_comma (g_utf8_get_char (c)))
      commas++;
    if (*c == ',')
      ascii_commas++;
  }

  for (xmlNode *c = walk_next (node, node, FALSE); c; c = walk_next (c, node, FALSE)) {
    g_autofree char *text = NULL;
    gsize length;

    if (!is_element (c))
      continue;
    text = inner_text (c, TRUE);
    length = js_length (text);
    if (tag_is (c, "a")) {
      const char *href = attr (c, "href");

      if (href && href[0] == '#' && href[1])
        hashes += length;
      else
        links += length;
    } else if (tag_is (c, "ul") || tag_is (c, "ol")) {
      lists += length;
    } else if (is_heading (c)) {
      headings += length;
    }
    p += tag_is (c, "p");
    img += tag_is (c, "img");
    li += tag_is (c, "li");
    input += tag_is (c, "input");
    if (tag_is (c, "object") || tag_is (c, "embed") || tag_is (c, "iframe")) {
      embeds++;
      videos += embed_is_video (c);
    }
    breaks += tag_is (c, "br") || tag_is (c, "hr");
    blocks += tag_in (c, div_to_p_tags);
    data_tables += tag_is (c, "table") && c->_private && ((NodeInfo *)c->_private)->data_table;
    textish = textish || (tag_in (c, textish_tags) && !is_blank (text));
    tags |= tag_bit (c);
  }

  g_assert_cmpuint (stats_inner_length (stats), ==, js_length (inner));
  g_assert_cmpuint (stats_raw_length (stats), ==, js_length (raw));
  g_assert_cmpint (stats->units > 0, ==, !is_blank (raw));
  g_assert_cmpuint (stats->commas, ==, commas);
  g_assert_cmpuint (stats->ascii_commas, ==, ascii_commas);
  g_assert_cmpuint (stats->link_length, ==, links);
  g_assert_cmpuint (stats->hash_length, ==, hashes);
  g_assert_cmpuint (stats->list_length, ==, lists);
  g_assert_cmpuint (stats->heading_length, ==, headings);
  g_assert_cmpuint (stats->paragraphs, ==, p);
  g_assert_cmpuint (stats->images, ==, img);
  g_assert_cmpuint (stats->items, ==, li);
  g_assert_cmpuint (stats->inputs, ==, input);
  g_assert_cmpuint (stats->embeds, ==, embeds);
  g_assert_cmpuint (stats->videos, ==, videos);
  g_assert_cmpuint (stats->breaks, ==, breaks);
  g_assert_cmpuint (stats->blocks, ==, blocks);
  g_assert_cmpuint (stats->data_tables, ==, data_tables);
  g_assert_cmpint (stats->textish_text, ==, textish);
  g_assert_cmphex (stats->tags, ==, tags);
}
#endif

static const NodeStats *
node_stats (Extractor *self,
            xmlNode   *node)
{
  const NodeStats *stats = measure_subtree (self, node);

#ifdef LECTERN_VERIFY_MEASURES
  verify_stats (self, node, stats);
#endif

  return stats;
}

/* js_length (inner_text (node, TRUE)) */
static gsize
inner_text_length (Extractor *self,
                   xmlNode   *node)
{
  return stats_inner_length (node_stats (self, node));
}

static gboolean
has_text (Extractor *self,
          xmlNode   *node)
{
  g_autofree char *text = NULL;

  if (is_element (node))
    return node_stats (self, node)->units > 0;

  text = text_content (node);

  return !is_blank (text);
}

/* get_elements() with @root itself too when @include_root, skipping the
 * subtrees that hold none of @tags.
 */
static GPtrArray *
find_elements_under (Extractor          *self,
                     xmlNode            *root,
                     const char * const *tags,
                     gboolean            include_root)
{
  GPtrArray *out;
  guint64 wanted = 0;
  xmlNode *n;

  for (guint i = 0; tags[i]; i++) {
    guint64 bit = tag_name_bit (tags[i]);

    g_assert (bit != 0);
    wanted |= bit;
  }

  out = g_ptr_array_new ();
  if (!root)
    return out;
  if (include_root && tag_in (root, tags))
    g_ptr_array_add (out, root);
  if (is_text (root) || !(node_stats (self, root)->tags & wanted))
    return out;

  /* Measuring @root measured everything under it, so this costs nothing. */
  n = walk_next (root, root, FALSE);
  while (n) {
    gboolean skip = FALSE;

    if (is_element (n)) {
      if (tag_in (n, tags))
        g_ptr_array_add (out, n);
      skip = !(node_stats (self, n)->tags & wanted);
    }
    n = walk_next (n, root, skip);
  }

  return out;
}

static GPtrArray *
find_elements (Extractor          *self,
               xmlNode            *root,
               const char * const *tags)
{
  return find_elements_under (self, root, tags, FALSE);
}

static GPtrArray *
find_elements_1 (Extractor  *self,
                 xmlNode    *root,
                 const char *tag)
{
  const char *tags[] = { tag, NULL };

  return find_elements (self, root, tags);
}

/* The start of inner_text() that inner_text_prefix() gives: longer than any
 * prefix it is tested against.
 */
#define PREFIX_MIN  32
#define PREFIX_SIZE (2 * PREFIX_MIN + 8)

/* Appends what fits of @n bytes at @p to the @len bytes in @buffer, which
 * holds PREFIX_SIZE bytes with the NUL.
 */
static void
prefix_append (char       *buffer,
               gsize      *len,
               const char *p,
               gsize       n)
{
  n = MIN (n, PREFIX_SIZE - 1 - *len);
  memcpy (buffer + *len, p, n);
  *len += n;
  buffer[*len] = '\0';
}

/* Writes into @out (PREFIX_SIZE bytes) the start of inner_text (@node, TRUE):
 * all of it, or at least its first PREFIX_MIN bytes, without building the
 * rest.
 */
static void
inner_text_prefix (Extractor *self,
                   xmlNode   *node,
                   char      *out)
{
  gboolean collapse = node_stats (self, node)->inner_trigger;
  char run[PREFIX_SIZE];
  gsize run_len = 0;
  guint run_length = 0;
  gsize len = 0;
  gboolean started = FALSE;

  out[0] = '\0';
  run[0] = '\0';

  for (xmlNode *n = walk_next (node, node, FALSE);
       n && len < PREFIX_MIN;
       n = walk_next (n, node, FALSE)) {
    if (!is_text (n) || !n->content)
      continue;

    for (const char *p = (const char *)n->content; *p && len < PREFIX_MIN;) {
      const char *next;

      if (is_js_space_at (p, &next)) {
        /* Leading space is trimmed; a run is written once text follows. */
        if (started) {
          run_length++;
          prefix_append (run, &run_len, p, next - p);
        }
        p = next;
        continue;
      }

      if (run_length > 1 && collapse)
        prefix_append (out, &len, " ", 1);
      else if (run_length > 0)
        prefix_append (out, &len, run, run_len);
      run_len = 0;
      run_length = 0;
      started = TRUE;
      prefix_append (out, &len, p, next - p);
      p = next;
    }
  }

#ifdef LECTERN_VERIFY_MEASURES
  {
    g_autofree char *inner = inner_text (node, TRUE);

    g_assert_cmpint (strncmp (inner, out, MIN (len, PREFIX_MIN)), ==, 0);
    g_assert_true (len >= PREFIX_MIN || strcmp (inner, out) == 0);
  }
#endif
}

static gboolean
is_phrasing_content (xmlNode *node)
{
  xmlNode *n;

  if (is_text (node))
    return TRUE;
  if (!is_element (node))
    return FALSE;
  if (tag_in (node, phrasing_tags))
    return TRUE;
  if (!tag_is (node, "a") && !tag_is (node, "del") && !tag_is (node, "ins"))
    return FALSE;

  /* <a>, <del> and <ins> are phrasing when all their children are; only
   * those three tags are looked into.
   */
  n = walk_next (node, node, FALSE);
  while (n) {
    gboolean descend = FALSE;

    if (is_text (n)) {
    } else if (!is_element (n)) {
      return FALSE;
    } else if (tag_in (n, phrasing_tags)) {
    } else if (tag_is (n, "a") || tag_is (n, "del") || tag_is (n, "ins")) {
      descend = TRUE;
    } else {
      return FALSE;
    }

    n = walk_next (n, node, !descend);
  }

  return TRUE;
}

static gboolean
is_whitespace_node (xmlNode *node)
{
  if (is_text (node))
    return is_blank ((const char *)node->content);

  return tag_is (node, "br");
}

/* Readability's _nextNode: skips whitespace-only non-elements. */
static xmlNode *
skip_whitespace (xmlNode *node)
{
  while (node && !is_element (node)) {
    g_autofree char *text = text_content (node);

    if (!is_blank (text))
      break;
    node = node->next;
  }

  return node;
}

static gboolean
has_single_tag_inside (xmlNode    *node,
                       const char *tag)
{
  xmlNode *child = NULL;

  for (xmlNode *c = node->children; c; c = c->next) {
    if (is_element (c)) {
      if (child)
        return FALSE;
      child = c;
    } else if (is_text (c) && c->content && *c->content) {
      const char *s = (const char *)c->content;
      const char *last = g_utf8_find_prev_char (s, s + strlen (s));

      if (last && !is_js_space (g_utf8_get_char (last)))
        return FALSE;
    }
  }

  return child && tag_is (child, tag);
}

static gboolean
is_element_without_content (Extractor *self,
                            xmlNode   *node)
{
  const NodeStats *stats;
  guint children;

  if (!is_element (node))
    return FALSE;

  stats = node_stats (self, node);
  if (stats->units > 0)
    return FALSE;

  children = element_child_count (node);

  return children == 0 || children == stats->breaks;
}

static gboolean
has_child_block_element (Extractor *self,
                         xmlNode   *node)
{
  return node_stats (self, node)->blocks > 0;
}

static gboolean
has_ancestor_tag (Extractor  *self,
                  xmlNode    *node,
                  const char *tag,
                  int         max_depth,
                  gboolean    data_tables_only)
{
  int depth = 0;

  while (node->parent && is_element (node->parent)) {
    if (max_depth > 0 && depth > max_depth)
      return FALSE;
    if (tag_is (node->parent, tag)) {
      NodeInfo *info = node->parent->_private;

      if (!data_tables_only || (info && info->data_table))
        return TRUE;
    }
    node = node->parent;
    depth++;
  }

  return FALSE;
}

static double
link_density (Extractor *self,
              xmlNode   *node)
{
  const NodeStats *stats = node_stats (self, node);
  gsize text_length = stats_inner_length (stats);
  double link_length = 0;

  if (text_length == 0)
    return 0;

  /* Whole links sum exactly in any order. Fragment links count 0.3, and
   * those sums round, so they are added up in document order as before.
   */
  if (stats->hash_length == 0)
    return (double)stats->link_length / text_length;

  for (xmlNode *c = walk_next (node, node, FALSE); c; c = walk_next (c, node, FALSE)) {
    if (tag_is (c, "a")) {
      const char *href = attr (c, "href");
      double coefficient = href && href[0] == '#' && href[1] ? 0.3 : 1;

      link_length += inner_text_length (self, c) * coefficient;
    }
  }

  return link_length / text_length;
}

static gboolean
is_probably_visible (xmlNode *node)
{
  const char *style = attr (node, "style");
  const char *aria;

  if (style && *style) {
    g_auto (GStrv) decls = g_strsplit (style, ";", -1);

    for (guint i = 0; decls[i]; i++) {
      char *colon = strchr (decls[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!colon)
        continue;
      /* The split declarations are this function's own copy: strip them in place. */
      *colon = '\0';
      name = g_ascii_strdown (g_strstrip (decls[i]), -1);
      value = g_ascii_strdown (g_strstrip (colon + 1), -1);
      if ((strcmp (name, "display") == 0 && g_str_has_prefix (value, "none")) ||
          (strcmp (name, "visibility") == 0 && g_str_has_prefix (value, "hidden")))
        return FALSE;
    }
  }

  if (attr (node, "hidden"))
    return FALSE;

  aria = attr (node, "aria-hidden");
  if (aria && strcmp (aria, "true") == 0) {
    const char *klass = attr (node, "class");

    if (!klass || !strstr (klass, "fallback-image"))
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_single_image (Extractor *self,
                 xmlNode   *node)
{
  while (node) {
    if (tag_is (node, "img"))
      return TRUE;
    if (element_child_count (node) != 1 || has_text (self, node))
      return FALSE;
    node = first_element_child (node);
  }

  return FALSE;
}

static gboolean
looks_like_image_url (const char *value)
{
  g_autofree char *lower = ascii_lower (value);

  return strstr (lower, ".jpg") || strstr (lower, ".jpeg") ||
         strstr (lower, ".png") || strstr (lower, ".webp");
}

/* ------------------------------------------------------------------ */
/* Text similarity and titles                                           */

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

static double
text_similarity (const char *a,
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
  g_autofree char *orig = title_node ? js_trim (text_content (title_node)) : g_strdup ("");
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
          g_autofree char *text = js_trim (text_content (n));
          g_autofree char *trimmed = js_trim (g_strdup (cur));

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

  js_normalize (js_trim (cur));

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

static char *
resolve_url (const char *base,
             const char *url)
{
  g_autofree char *clean = NULL;
  g_autoptr (GUri) base_uri = NULL;
  g_autoptr (GUri) uri = NULL;
  GString *s;

  if (!url)
    return NULL;

  /* Browsers drop tabs and newlines anywhere in a URL and trim its ends. */
  s = g_string_new (NULL);
  for (const char *p = url; *p; p++) {
    if (*p != '\t' && *p != '\n' && *p != '\r')
      g_string_append_c (s, *p);
  }
  clean = g_strstrip (g_string_free (s, FALSE));

  if (!base || !*base)
    return g_steal_pointer (&clean);

  /* Through GUri objects: g_uri_resolve_relative() logs a critical for some hostile bases
   * (a ';' in the host) where parsing simply fails.
   */
  base_uri = g_uri_parse (base, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
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

/* Takes @url and returns it when it is an absolute http(s) URL with a host, the only
 * kind the rest of Lectern opens or fetches; frees it and returns %NULL otherwise.
 */
static char *
http_url_or_null (char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (!url)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (!scheme || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                  g_ascii_strcasecmp (scheme, "https") != 0) ||
      !g_uri_get_host (uri) || !*g_uri_get_host (uri)) {
    g_free (url);
    return NULL;
  }

  return url;
}

static char *
to_absolute_uri (Extractor  *self,
                 const char *uri)
{
  /* Fragment links stay as they are when there is no <base>. */
  if (uri[0] == '#' && g_strcmp0 (self->base_uri, self->document_uri) == 0)
    return g_strdup (uri);

  return resolve_url (self->base_uri, uri);
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
static char *
srcset_largest (const char *srcset)
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

static char *
resolve_srcset (Extractor  *self,
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

      url = to_absolute_uri (self, bare);
    } else {
      url = to_absolute_uri (self, part);
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

static gboolean
in_list (const char         *s,
         const char * const *list)
{
  for (guint i = 0; list[i]; i++) {
    if (strcmp (s, list[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

static char *
match_meta_name (const char *name)
{
  g_autofree char *lower = js_trim (ascii_lower (name));
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
      rest = js_trim (g_strdup (skip_spaces (q + 1)));
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
static GPtrArray *
get_metas (Extractor *self,
           xmlNode   *root)
{
  static const char * const metas[] = { "meta", NULL };

  return find_elements_under (self, root, metas, TRUE);
}

static void
collect_meta (Extractor *self,
              xmlNode   *root)
{
  g_autoptr (GPtrArray) metas = get_metas (self, root);

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
                            js_trim (g_strdup (content)));
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
static const char *
find_meta (GPtrArray  *metas,
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
  js_trim (start);
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
    gboolean name_matches = text_similarity (name, title) > 0.75;
    gboolean headline_matches = text_similarity (headline, title) > 0.75;

    g_hash_table_replace (ld, g_strdup ("title"),
                          g_strdup (headline_matches && !name_matches ? headline : name));
  } else if (name) {
    g_hash_table_replace (ld, g_strdup ("title"), js_trim (g_strdup (name)));
  } else if (headline) {
    g_hash_table_replace (ld, g_strdup ("title"), js_trim (g_strdup (headline)));
  }

  if (author && JSON_NODE_HOLDS_OBJECT (author)) {
    const char *author_name = json_string (json_node_get_object (author), "name");

    if (author_name)
      g_hash_table_replace (ld, g_strdup ("byline"), js_trim (g_strdup (author_name)));
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
        js_trim (names->str);
        names->len = strlen (names->str);
      }
      g_hash_table_replace (ld, g_strdup ("byline"), g_string_free (names, FALSE));
    }
  }

  if (description)
    g_hash_table_replace (ld, g_strdup ("excerpt"), js_trim (g_strdup (description)));
  if (publisher && json_string (publisher, "name"))
    g_hash_table_replace (ld, g_strdup ("siteName"),
                          js_trim (g_strdup (json_string (publisher, "name"))));
  if (published)
    g_hash_table_replace (ld, g_strdup ("datePublished"), js_trim (g_strdup (published)));
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

/* The fields Readability does not read, from any article-typed object. */
static void
take_json_ld_extras (Extractor *self,
                     JsonNode  *root)
{
  g_autoptr (GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len && i < 256; i++) {
    JsonNode *node = queue->pdata[i];
    JsonObject *obj;
    JsonNode *type;
    gboolean article = FALSE;

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

    type = json_object_has_member (obj, "@type") ? json_object_get_member (obj, "@type") : NULL;
    if (type && JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING) {
      article = is_article_type (json_node_get_string (type));
    } else if (type && JSON_NODE_HOLDS_ARRAY (type)) {
      JsonArray *types = json_node_get_array (type);

      for (guint j = 0; j < json_array_get_length (types); j++) {
        JsonNode *t = json_array_get_element (types, j);

        if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING &&
            is_article_type (json_node_get_string (t)))
          article = TRUE;
      }
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
    if (!self->ld_language && json_string (obj, "inLanguage"))
      self->ld_language = g_strdup (json_string (obj, "inLanguage"));
  }
}

static GHashTable *
read_json_ld (Extractor *self,
              xmlDoc    *doc)
{
  static const char * const scripts[] = { "script", NULL };
  GHashTable *ld = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) nodes = find_elements_under (self, xmlDocGetRootElement (doc),
                                                     scripts, TRUE);
  gboolean found = FALSE;

  for (guint i = 0; i < nodes->len; i++) {
    xmlNode *n = nodes->pdata[i];
    g_autoptr (JsonNode) json = NULL;
    const char *type;
    JsonObject *parsed = NULL;

    type = attr (n, "type");
    if (!type || strcmp (type, "application/ld+json") != 0)
      continue;

    json = parse_json_ld (n);
    if (!json)
      continue;

    take_json_ld_extras (self, json);
    if (!found && read_json_ld_readability (self, doc, json, &parsed)) {
      take_json_ld_fields (self, doc, parsed, ld);
      found = TRUE;
    }
  }

  return ld;
}

/* ------------------------------------------------------------------ */
/* Preparing the document                                               */

/* Lazy-loading attributes, most specific first. */
static const char * const lazy_src_attrs[] = {
  "data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-url",
  "data-original-src", "data-lazyload", "data-hi-res-src", "data-echo", "original",
  "file", NULL
};

/* The srcset of the <source> in the <picture> around @img. libxml2 does not
 * know <source> is void, so the <img> may sit inside it.
 */
static const char *
picture_srcset (xmlNode *img)
{
  xmlNode *picture = img->parent;

  for (int i = 0; i < 3 && picture && !tag_is (picture, "picture"); i++)
    picture = picture->parent;
  if (!tag_is (picture, "picture"))
    return NULL;

  for (xmlNode *c = walk_next (picture, picture, FALSE); c; c = walk_next (c, picture, FALSE)) {
    const char *srcset;

    if (!tag_is (c, "source"))
      continue;
    srcset = attr (c, "srcset");
    if (!srcset || !*srcset)
      srcset = attr (c, "data-srcset");
    if (srcset && *srcset)
      return srcset;
  }

  return NULL;
}

static void
unwrap_noscript_images (Extractor *self,
                        xmlNode   *root)
{
  g_autoptr (GPtrArray) imgs = find_elements_1 (self, root, "img");
  g_autoptr (GPtrArray) noscripts = NULL;

  /* Images with nothing that could load are placeholders; drop them so a
   * <noscript> fallback can take their place.
   */
  for (guint i = 0; i < imgs->len; i++) {
    xmlNode *img = imgs->pdata[i];
    gboolean keep = FALSE;

    for (xmlAttr *a = img->properties; a && !keep; a = a->next) {
      const char *name = (const char *)a->name;
      const char *value = a->children && a->children->content ?
                          (const char *)a->children->content : "";

      if (strcmp (name, "src") == 0 || strcmp (name, "srcset") == 0 ||
          strcmp (name, "data-src") == 0 || strcmp (name, "data-srcset") == 0 ||
          looks_like_image_url (value))
        keep = TRUE;
    }

    /* Lazy loaders and <picture> sources are things that load, too. */
    for (guint j = 0; lazy_src_attrs[j] && !keep; j++)
      keep = attr (img, lazy_src_attrs[j]) != NULL;
    if (!keep)
      keep = picture_srcset (img) != NULL;

    if (!keep)
      remove_node (self, img);
  }

  noscripts = find_elements_1 (self, root, "noscript");
  for (guint i = 0; i < noscripts->len; i++) {
    xmlNode *noscript = noscripts->pdata[i];
    xmlNode *prev;
    xmlNode *new_first;
    xmlNode *prev_img;
    xmlNode *new_img;

    if (!noscript->parent || !is_single_image (self, noscript))
      continue;

    prev = prev_element_sibling (noscript);
    if (!prev || !is_single_image (self, prev))
      continue;

    prev_img = tag_is (prev, "img") ? prev : find_element (prev, "img");
    new_first = first_element_child (noscript);
    new_img = tag_is (new_first, "img") ? new_first : find_element (new_first, "img");
    if (!prev_img || !new_img)
      continue;

    for (xmlAttr *a = prev_img->properties; a; a = a->next) {
      const char *name = (const char *)a->name;
      const char *value = a->children && a->children->content ?
                          (const char *)a->children->content : "";
      const char *current;

      if (!*value)
        continue;
      if (strcmp (name, "src") != 0 && strcmp (name, "srcset") != 0 &&
          !looks_like_image_url (value))
        continue;

      current = attr (new_img, name);
      if (g_strcmp0 (current, value) == 0)
        continue;

      if (current) {
        g_autofree char *old_name = g_strconcat ("data-old-", name, NULL);

        set_attr (new_img, old_name, value);
      } else {
        set_attr (new_img, name, value);
      }
    }

    replace_node (prev, new_first);
    remove_node (self, prev);
  }
}

static void
remove_tags (Extractor          *self,
             xmlNode            *root,
             const char * const *tags)
{
  g_autoptr (GPtrArray) nodes = find_elements (self, root, tags);

  for (guint i = nodes->len; i > 0; i--)
    remove_node (self, nodes->pdata[i - 1]);
}

static void
replace_brs (Extractor *self,
             xmlNode   *body)
{
  g_autoptr (GPtrArray) brs = find_elements_1 (self, body, "br");

  for (guint i = 0; i < brs->len; i++) {
    xmlNode *br = brs->pdata[i];
    xmlNode *next = br->next;
    gboolean replaced = FALSE;
    xmlNode *p;

    if (!br->parent)
      continue;

    while ((next = skip_whitespace (next)) && tag_is (next, "br")) {
      xmlNode *sibling = next->next;

      replaced = TRUE;
      unlink_node (next);
      g_ptr_array_add (self->garbage, next);
      next = sibling;
    }

    if (!replaced)
      continue;

    p = xmlNewDocNode (br->doc, NULL, (const xmlChar *)"p", NULL);
    replace_node (br, p);
    g_ptr_array_add (self->garbage, br);

    next = p->next;
    while (next) {
      xmlNode *sibling;

      if (tag_is (next, "br")) {
        xmlNode *next_elem = skip_whitespace (next->next);

        if (next_elem && tag_is (next_elem, "br"))
          break;
      }

      if (!is_phrasing_content (next))
        break;

      sibling = next->next;
      append_child (p, next);
      next = sibling;
    }

    while (p->last && is_whitespace_node (p->last))
      remove_node (self, p->last);

    if (tag_is (p->parent, "p"))
      set_node_tag (p->parent, "div");
  }
}

static void
prep_document (Extractor *self,
               xmlDoc    *doc)
{
  static const char * const styles[] = { "style", NULL };
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *body;
  g_autoptr (GPtrArray) fonts = NULL;

  remove_tags (self, root, styles);

  body = tag_is (root, "body") ? root : find_element (root, "body");
  if (body)
    replace_brs (self, body);

  fonts = find_elements_1 (self, root, "font");
  for (guint i = 0; i < fonts->len; i++)
    set_node_tag (fonts->pdata[i], "span");
}

/* Decodes the page into self->text: UTF-8 without NULs. */
static gboolean
decode_page (Extractor *self)
{
  gsize length = 0;
  char *text;
  char *nul;

  text = lectern_decode_html (self->data, self->data_length, self->charset_hint, NULL, &length);
  if (!text)
    return FALSE;

  /* The HTML tokenizer drops NUL characters; libxml2 would stop at them.
   * The decoder already turns them into U+FFFD, so this is a safety net.
   */
  nul = memchr (text, '\0', length);
  if (nul) {
    gsize j = nul - text;

    for (gsize i = j; i < length; i++) {
      if (text[i] != '\0')
        text[j++] = text[i];
    }
    text[j] = '\0';
    length = j;
  }

  g_free (self->text);
  self->text = text;
  self->text_length = length;

  return TRUE;
}

/* Everything before grabbing the article: what Readability's parse() does
 * ahead of _grabArticle, on a fresh parse of the page.
 */
static xmlDoc *
parse_document (Extractor *self)
{
  static const char * const scripts[] = { "script", "noscript", NULL };
  xmlDoc *doc;
  xmlNode *root;

  if (!self->text && !decode_page (self))
    return NULL;

  doc = lectern_xml_read_html (self->text, self->text_length, self->document_uri);

  /* A big page is decoded again if Readability asks for another parse,
   * rather than kept beside its tree all along.
   */
  if (self->text_length > KEEP_TEXT_MAX)
    g_clear_pointer (&self->text, g_free);

  if (!doc)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (!root) {
    xmlFreeDoc (doc);
    return NULL;
  }

  unwrap_noscript_images (self, root);

  if (!self->meta) {
    g_autoptr (GHashTable) ld = read_json_ld (self, doc);

    remove_tags (self, root, scripts);
    prep_document (self, doc);
    collect_meta (self, root);

    /* Readability's _getArticleMetadata. */
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
        g_autofree char *orig = title_node ? js_trim (text_content (title_node)) : g_strdup ("");

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
  } else {
    remove_tags (self, root, scripts);
    prep_document (self, doc);
  }

  return doc;
}

/* ------------------------------------------------------------------ */
/* Grabbing the article                                                 */

static void
initialize_node (Extractor *self,
                 xmlNode   *node)
{
  NodeInfo *info = node_info (self, node, TRUE);
  const char *name = (const char *)node->name;

  info->scored = TRUE;
  info->score = 0;

  if (strcmp (name, "div") == 0)
    info->score += 5;
  else if (strcmp (name, "pre") == 0 || strcmp (name, "td") == 0 ||
           strcmp (name, "blockquote") == 0)
    info->score += 3;
  else if (strcmp (name, "address") == 0 || strcmp (name, "ol") == 0 ||
           strcmp (name, "ul") == 0 || strcmp (name, "dl") == 0 ||
           strcmp (name, "dd") == 0 || strcmp (name, "dt") == 0 ||
           strcmp (name, "li") == 0 || strcmp (name, "form") == 0)
    info->score -= 3;
  else if (is_heading (node) || strcmp (name, "th") == 0)
    info->score -= 5;

  info->score += class_weight (self, node);
}

static gboolean
is_valid_byline (xmlNode    *node,
                 const char *match)
{
  const char *rel = attr (node, "rel");
  const char *itemprop = attr (node, "itemprop");
  g_autofree char *lower = ascii_lower (match);
  gsize length;

  if (!(g_strcmp0 (rel, "author") == 0 ||
        (itemprop && strstr (itemprop, "author")) ||
        contains_any (lower, byline_needles)))
    return FALSE;

  {
    g_autofree char *text = js_trim (text_content (node));

    length = js_length (text);
  }

  return length > 0 && length < 100;
}

static gboolean
header_duplicates_title (Extractor *self,
                         xmlNode   *node)
{
  g_autofree char *heading = NULL;

  if (!tag_is (node, "h1") && !tag_is (node, "h2"))
    return FALSE;

  heading = inner_text (node, FALSE);

  return text_similarity (self->title, heading) > 0.75;
}

static gboolean
ancestors_contain (xmlNode *node,
                   xmlNode *ancestor)
{
  for (xmlNode *p = node->parent; p; p = p->parent) {
    if (p == ancestor)
      return TRUE;
  }

  return FALSE;
}

static xmlNode *
find_body (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (tag_is (root, "body"))
    return root;

  for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
    if (tag_is (c, "body"))
      return c;
  }

  return root ? find_element (root, "body") : NULL;
}

static void prep_article (Extractor *self,
                          xmlNode   *article);
static char *normalize_for_compare (const char *text);

static xmlNode *
grab_article (Extractor *self,
              xmlDoc    *doc,
              xmlNode  **out_top)
{
  xmlNode *page = find_body (doc);
  g_autoptr (GPtrArray) to_score = g_ptr_array_new ();
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();
  xmlNode *top_candidates[N_TOP_CANDIDATES] = { NULL, };
  gboolean strip_unlikely = (self->flags & FLAG_STRIP_UNLIKELYS) != 0;
  gboolean remove_title_header = TRUE;
  gboolean created_top = FALSE;
  xmlNode *node;
  xmlNode *top;
  xmlNode *parent;
  xmlNode *article;
  double threshold;

  if (!page)
    return NULL;

  node = xmlDocGetRootElement (doc);
  while (node) {
    g_autofree char *match = NULL;
    const char *role;

    if (tag_is (node, "html")) {
      const char *lang = attr (node, "lang");

      g_free (self->lang);
      self->lang = g_strdup (lang);
    }

    match = match_string (node);

    if (!is_probably_visible (node)) {
      node = remove_and_get_next (self, node);
      continue;
    }

    if (g_strcmp0 (attr (node, "aria-modal"), "true") == 0 &&
        g_strcmp0 (attr (node, "role"), "dialog") == 0) {
      node = remove_and_get_next (self, node);
      continue;
    }

    if (!self->dom_byline && !self->byline && is_valid_byline (node, match)) {
      xmlNode *end = next_node (node, TRUE);
      xmlNode *name_node = NULL;

      for (xmlNode *n = next_node (node, FALSE); n && n != end; n = next_node (n, FALSE)) {
        const char *itemprop = attr (n, "itemprop");

        if (itemprop && strstr (itemprop, "name")) {
          name_node = n;
          break;
        }
      }

      self->dom_byline = js_trim (text_content (name_node ? name_node : node));
      node = remove_and_get_next (self, node);
      continue;
    }

    if (remove_title_header && header_duplicates_title (self, node)) {
      remove_title_header = FALSE;
      node = remove_and_get_next (self, node);
      continue;
    }

    if (strip_unlikely) {
      g_autofree char *lower = ascii_lower (match);

      if (contains_any (lower, unlikely_needles) &&
          !contains_any (lower, maybe_candidate_needles) &&
          !has_ancestor_tag (self, node, "table", 3, FALSE) &&
          !has_ancestor_tag (self, node, "code", 3, FALSE) &&
          !tag_is (node, "body") && !tag_is (node, "a")) {
        node = remove_and_get_next (self, node);
        continue;
      }

      role = attr (node, "role");
      if (role && (strcmp (role, "menu") == 0 || strcmp (role, "menubar") == 0 ||
                   strcmp (role, "complementary") == 0 || strcmp (role, "navigation") == 0 ||
                   strcmp (role, "alert") == 0 || strcmp (role, "alertdialog") == 0 ||
                   strcmp (role, "dialog") == 0)) {
        node = remove_and_get_next (self, node);
        continue;
      }
    }

    if ((tag_is (node, "div") || tag_is (node, "section") || tag_is (node, "header") ||
         is_heading (node)) &&
        is_element_without_content (self, node)) {
      node = remove_and_get_next (self, node);
      continue;
    }

    if (tag_is (node, "section") || tag_is (node, "h2") || tag_is (node, "h3") ||
        tag_is (node, "h4") || tag_is (node, "h5") || tag_is (node, "h6") ||
        tag_is (node, "p") || tag_is (node, "td") || tag_is (node, "pre"))
      g_ptr_array_add (to_score, node);

    if (tag_is (node, "div")) {
      xmlNode *p = NULL;
      xmlNode *child = node->children;

      while (child) {
        xmlNode *next = child->next;

        if (is_phrasing_content (child)) {
          if (p) {
            append_child (p, child);
          } else if (!is_whitespace_node (child)) {
            p = xmlNewDocNode (doc, NULL, (const xmlChar *)"p", NULL);
            replace_node (child, p);
            append_child (p, child);
          }
        } else if (p) {
          while (p->last && is_whitespace_node (p->last))
            remove_node (self, p->last);
          p = NULL;
        }
        child = next;
      }

      if (has_single_tag_inside (node, "p") && link_density (self, node) < 0.25) {
        xmlNode *new_node = first_element_child (node);

        replace_node (node, new_node);
        remove_node (self, node);
        node = new_node;
        g_ptr_array_add (to_score, node);
      } else if (!has_child_block_element (self, node)) {
        set_node_tag (node, "p");
        g_ptr_array_add (to_score, node);
      }
    }

    node = next_node (node, FALSE);
  }

  for (guint i = 0; i < to_score->len; i++) {
    xmlNode *elem = to_score->pdata[i];
    const NodeStats *stats;
    double score;
    xmlNode *ancestor;
    gsize length;
    int level;

    if (!elem->parent || !is_element (elem->parent))
      continue;

    stats = node_stats (self, elem);
    length = stats_inner_length (stats);
    if (length < 25)
      continue;

    score = 1 + (stats->commas + 1) + MIN (length / 100, 3);

    for (ancestor = elem->parent, level = 0;
         ancestor && level < 5;
         ancestor = ancestor->parent, level++) {
      NodeInfo *info;
      double divider;

      if (!is_element (ancestor) || !ancestor->parent || !is_element (ancestor->parent))
        continue;

      info = node_info (self, ancestor, FALSE);
      if (!info || !info->scored) {
        initialize_node (self, ancestor);
        g_ptr_array_add (candidates, ancestor);
        info = node_info (self, ancestor, FALSE);
      }

      divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      info->score += score / divider;
    }
  }

  for (guint i = 0; i < candidates->len; i++) {
    xmlNode *candidate = candidates->pdata[i];
    NodeInfo *info = candidate->_private;

    info->score = info->score * (1 - link_density (self, candidate));

    for (guint t = 0; t < N_TOP_CANDIDATES; t++) {
      xmlNode *other = top_candidates[t];

      if (!other || info->score > ((NodeInfo *)other->_private)->score) {
        memmove (&top_candidates[t + 1], &top_candidates[t],
                 (N_TOP_CANDIDATES - t - 1) * sizeof (xmlNode *));
        top_candidates[t] = candidate;
        break;
      }
    }
  }

  top = top_candidates[0];
  if (!top || tag_is (top, "body")) {
    top = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);
    created_top = TRUE;
    while (page->children)
      append_child (top, page->children);
    append_child (page, top);
    initialize_node (self, top);
  } else {
    g_autoptr (GPtrArray) alternatives = g_ptr_array_new ();
    double last_score;
    double score_threshold;

    for (guint i = 1; i < N_TOP_CANDIDATES && top_candidates[i]; i++) {
      if (((NodeInfo *)top_candidates[i]->_private)->score /
          ((NodeInfo *)top->_private)->score >= 0.75)
        g_ptr_array_add (alternatives, top_candidates[i]);
    }

    if (alternatives->len >= 3) {
      parent = top->parent;
      while (is_element (parent) && !tag_is (parent, "body")) {
        guint lists = 0;

        for (guint i = 0; i < alternatives->len && lists < 3; i++) {
          if (ancestors_contain (alternatives->pdata[i], parent))
            lists++;
        }
        if (lists >= 3) {
          top = parent;
          break;
        }
        parent = parent->parent;
      }
    }

    if (!is_scored (top))
      initialize_node (self, top);

    parent = top->parent;
    last_score = ((NodeInfo *)top->_private)->score;
    score_threshold = last_score / 3;
    while (is_element (parent) && !tag_is (parent, "body")) {
      double parent_score;

      if (!is_scored (parent)) {
        parent = parent->parent;
        continue;
      }
      parent_score = ((NodeInfo *)parent->_private)->score;
      if (parent_score < score_threshold)
        break;
      if (parent_score > last_score) {
        top = parent;
        break;
      }
      last_score = parent_score;
      parent = parent->parent;
    }

    parent = top->parent;
    while (is_element (parent) && !tag_is (parent, "body") &&
           element_child_count (parent) == 1) {
      top = parent;
      parent = top->parent;
    }

    if (!is_scored (top))
      initialize_node (self, top);
  }

  article = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);
  threshold = MAX (10, ((NodeInfo *)top->_private)->score * 0.2);
  parent = top->parent;

  {
    xmlNode *sibling = first_element_child (parent);
    const char *top_class = attr (top, "class");

    while (sibling) {
      xmlNode *next = next_element_sibling (sibling);
      gboolean append = FALSE;

      if (sibling == top) {
        append = TRUE;
      } else {
        double bonus = 0;
        const char *sibling_class = attr (sibling, "class");

        if (top_class && *top_class && g_strcmp0 (sibling_class, top_class) == 0)
          bonus += ((NodeInfo *)top->_private)->score * 0.2;

        if (is_scored (sibling) &&
            ((NodeInfo *)sibling->_private)->score + bonus >= threshold) {
          append = TRUE;
        } else if (tag_is (sibling, "p")) {
          double density = link_density (self, sibling);
          g_autofree char *content = inner_text (sibling, TRUE);
          gsize length = js_length (content);
          const char *dot = strchr (content, '.');

          while (dot && dot[1] != ' ' && dot[1] != '\0')
            dot = strchr (dot + 1, '.');

          if (length > 80 && density < 0.25)
            append = TRUE;
          else if (length < 80 && length > 0 && density == 0 && dot)
            append = TRUE;
        }
      }

      if (append) {
        static const char * const keep[] = { "div", "article", "section", "p", "ol", "ul", NULL };

        if (!tag_in (sibling, keep))
          set_node_tag (sibling, "div");
        append_child (article, sibling);
      }

      sibling = next;
    }
  }

  prep_article (self, article);

  if (created_top) {
    set_attr (top, "id", "readability-page-1");
    set_attr (top, "class", "page");
  } else {
    xmlNode *div = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);

    set_attr (div, "id", "readability-page-1");
    set_attr (div, "class", "page");
    while (article->children)
      append_child (div, article->children);
    append_child (article, div);
  }

  /* The text direction, from the nearest ancestor that sets one. */
  {
    xmlNode *chain[2] = { parent, top };

    g_clear_pointer (&self->dir, g_free);
    for (guint i = 0; i < 2 && !self->dir; i++) {
      const char *dir = attr (chain[i], "dir");

      if (dir && *dir)
        self->dir = g_strdup (dir);
    }
    for (xmlNode *a = parent ? parent->parent : NULL; a && !self->dir; a = a->parent) {
      const char *dir = attr (a, "dir");

      if (dir && *dir)
        self->dir = g_strdup (dir);
    }
  }

  *out_top = top;

  return article;
}

/* ------------------------------------------------------------------ */
/* Cleaning the article                                                 */

static void
clean_styles (xmlNode *root)
{
  static const char * const presentational[] = {
    "align", "background", "bgcolor", "border", "cellpadding", "cellspacing",
    "frame", "hspace", "rules", "style", "valign", "vspace", NULL
  };
  static const char * const sized[] = { "table", "th", "td", "hr", "pre", NULL };
  xmlNode *n = root;

  while (n) {
    if (is_element (n)) {
      if (tag_is (n, "svg")) {
        n = walk_next (n, root, TRUE);
        continue;
      }
      for (guint i = 0; presentational[i]; i++)
        remove_attr (n, presentational[i]);
      if (tag_in (n, sized)) {
        remove_attr (n, "width");
        remove_attr (n, "height");
      }
    }
    n = walk_next (n, root, FALSE);
  }
}

static void
mark_data_tables (Extractor *self,
                  xmlNode   *root)
{
  g_autoptr (GPtrArray) tables = find_elements_1 (self, root, "table");

  for (guint i = 0; i < tables->len; i++) {
    xmlNode *table = tables->pdata[i];
    NodeInfo *info = node_info (self, table, TRUE);
    const char *role = attr (table, "role");
    const char *summary;
    xmlNode *caption;
    int rows = 0;
    int columns = 0;
    gboolean has_data_descendant = FALSE;

    /* The flag counts in the measures of the tables around it. */
    invalidate (table->parent);
    info->data_table = FALSE;
    if (g_strcmp0 (role, "presentation") == 0)
      continue;
    if (g_strcmp0 (attr (table, "datatable"), "0") == 0)
      continue;

    summary = attr (table, "summary");
    if (summary && *summary) {
      info->data_table = TRUE;
      continue;
    }

    caption = find_element (table, "caption");
    if (caption && caption->children) {
      info->data_table = TRUE;
      continue;
    }

    for (xmlNode *n = walk_next (table, table, FALSE); n; n = walk_next (n, table, FALSE)) {
      if (tag_is (n, "col") || tag_is (n, "colgroup") || tag_is (n, "tfoot") ||
          tag_is (n, "thead") || tag_is (n, "th")) {
        has_data_descendant = TRUE;
        break;
      }
    }
    if (has_data_descendant) {
      info->data_table = TRUE;
      continue;
    }

    if (find_element (table, "table"))
      continue;

    for (xmlNode *n = walk_next (table, table, FALSE); n; n = walk_next (n, table, FALSE)) {
      const char *rowspan;
      int columns_in_row = 0;

      if (!tag_is (n, "tr"))
        continue;

      rowspan = attr (n, "rowspan");
      rows += rowspan && atoi (rowspan) > 0 ? atoi (rowspan) : 1;

      for (xmlNode *c = walk_next (n, n, FALSE); c; c = walk_next (c, n, FALSE)) {
        const char *colspan;

        if (!tag_is (c, "td"))
          continue;
        colspan = attr (c, "colspan");
        columns_in_row += colspan && atoi (colspan) > 0 ? atoi (colspan) : 1;
      }
      columns = MAX (columns, columns_in_row);
    }

    if (columns == 1 || rows == 1)
      continue;
    if (rows >= 10 || columns > 4) {
      info->data_table = TRUE;
      continue;
    }
    info->data_table = rows * columns > 10;
  }
}

static gboolean
is_placeholder_src (const char *src)
{
  g_autofree char *lower = NULL;
  const char *name;

  if (!src || !*src)
    return TRUE;
  if (g_str_has_prefix (src, "data:"))
    return TRUE;

  lower = ascii_lower (src);
  name = strrchr (lower, '/');
  name = name ? name + 1 : lower;

  return strstr (name, "loading") || strstr (name, "lazy") || strstr (name, "blank.") ||
         strstr (name, "placeholder") || strstr (name, "spacer") || strstr (name, "pixel.") ||
         strstr (name, "grey.gif") || strstr (name, "gray.gif") || strstr (name, "transparent.");
}

static void
fix_lazy_image (Extractor *self,
                xmlNode   *img)
{
  const char *src = attr (img, "src");
  const char *value = NULL;
  g_autofree char *from_srcset = NULL;

  if (!is_placeholder_src (src))
    return;

  for (guint i = 0; lazy_src_attrs[i] && !value; i++) {
    const char *v = attr (img, lazy_src_attrs[i]);

    if (v && *v && !g_str_has_prefix (v, "data:"))
      value = v;
  }

  if (!value) {
    const char *srcset = attr (img, "data-srcset");

    if (!srcset || !*srcset)
      srcset = attr (img, "data-lazy-srcset");
    if (!srcset || !*srcset)
      srcset = attr (img, "srcset");
    if (!srcset || !*srcset)
      srcset = picture_srcset (img);
    from_srcset = srcset_largest (srcset);
    value = from_srcset;
  }

  if (value && *value) {
    g_autofree char *copy = g_strdup (value);

    set_attr (img, "src", copy);
  }
}

/* Readability's test of an attribute value: "srcset" for
 * /\.(jpg|jpeg|png|webp)\s+\d/, "src" for /^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$/.
 */
static const char *
lazy_image_target (const char *value)
{
  static const char * const exts[] = { ".jpg", ".jpeg", ".png", ".webp", NULL };
  g_autofree char *lower = ascii_lower (value);
  g_autofree char *trimmed = NULL;
  gboolean single = TRUE;

  for (const char *p = lower; *p; p++) {
    for (guint i = 0; exts[i]; i++) {
      const char *q;

      if (!g_str_has_prefix (p, exts[i]))
        continue;
      q = p + strlen (exts[i]);
      if (g_ascii_isspace (*q)) {
        while (g_ascii_isspace (*q))
          q++;
        if (g_ascii_isdigit (*q))
          return "srcset";
      }
    }
  }

  trimmed = g_strstrip (g_strdup (lower));
  for (const char *p = trimmed; *p; p++) {
    if (g_ascii_isspace (*p))
      single = FALSE;
  }
  if (!single || !*trimmed)
    return NULL;

  for (const char *p = trimmed + 1; *p; p++) {
    for (guint i = 0; exts[i]; i++) {
      if (g_str_has_prefix (p, exts[i]))
        return "src";
    }
  }

  return NULL;
}

static void
fix_lazy_images (Extractor *self,
                 xmlNode   *root)
{
  static const char * const tags[] = { "img", "picture", "figure", NULL };
  g_autoptr (GPtrArray) elems = find_elements (self, root, tags);

  for (guint i = 0; i < elems->len; i++) {
    xmlNode *elem = elems->pdata[i];
    const char *src = attr (elem, "src");
    const char *srcset = attr (elem, "srcset");
    const char *klass = attr (elem, "class");
    g_autofree char *lower_class = ascii_lower (klass);

    if (!elem->parent)
      continue;

    /* A tiny base64 image beside a real one is a placeholder. */
    if (src && g_ascii_strncasecmp (src, "data:", 5) == 0) {
      const char *comma = strchr (src, ',');
      g_autofree char *head = comma ? g_ascii_strdown (src, comma - src) : NULL;

      if (head && strstr (head, "base64") && !strstr (head, "image/svg+xml")) {
        gboolean could_remove = FALSE;

        for (xmlAttr *a = elem->properties; a; a = a->next) {
          const char *value = a->children && a->children->content ?
                              (const char *)a->children->content : "";

          if (strcmp ((const char *)a->name, "src") != 0 && looks_like_image_url (value)) {
            could_remove = TRUE;
            break;
          }
        }

        if (could_remove && strlen (comma + 1) < 133) {
          remove_attr (elem, "src");
          src = NULL;
        }
      }
    }

    /* <source> is void; what libxml2 nested inside it belongs after it. */
    if (tag_is (elem, "img") && tag_is (elem->parent, "source")) {
      xmlNode *source = elem->parent;

      unlink_node (elem);
      xmlAddNextSibling (source, elem);
      invalidate (source->parent);
    }

    if (tag_is (elem, "img")) {
      fix_lazy_image (self, elem);
      src = attr (elem, "src");
      srcset = attr (elem, "srcset");
    } else {
      src = srcset = NULL;
    }

    if (((src && *src) || (srcset && *srcset && strcmp (srcset, "null") != 0)) &&
        !strstr (lower_class, "lazy"))
      continue;

    for (xmlAttr *a = elem->properties; a; a = a->next) {
      const char *name = (const char *)a->name;
      const char *value = a->children && a->children->content ?
                          (const char *)a->children->content : "";
      const char *copy_to;

      if (strcmp (name, "src") == 0 || strcmp (name, "srcset") == 0 ||
          strcmp (name, "alt") == 0)
        continue;

      copy_to = lazy_image_target (value);
      if (!copy_to)
        continue;

      if (tag_is (elem, "img") || tag_is (elem, "picture")) {
        g_autofree char *copy = g_strdup (value);

        set_attr (elem, copy_to, copy);
      } else if (tag_is (elem, "figure") && !find_element (elem, "img") &&
                 !find_element (elem, "picture")) {
        xmlNode *img = xmlNewDocNode (elem->doc, NULL, (const xmlChar *)"img", NULL);

        set_attr (img, copy_to, value);
        append_child (elem, img);
      }
    }
  }
}

static gboolean
is_ad_or_loading (const char *text)
{
  static const char * const words[] = {
    "ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung",
    "广告", "реклама", "anuncio",
    "loading", "正在加载", "загрузка", "chargement", "cargando",
    "loading…", "正在加载…", "загрузка…", "chargement…", "cargando…",
    "loading...", "正在加载...", "загрузка...", "chargement...", "cargando...",
    NULL
  };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  return in_list (lower, words);
}

static gboolean
should_clean_conditionally (Extractor  *self,
                            xmlNode    *node,
                            const char *tag)
{
  const NodeStats *stats = node_stats (self, node);
  gsize length = stats_inner_length (stats);
  gboolean is_list = strcmp (tag, "ul") == 0 || strcmp (tag, "ol") == 0;
  int weight;

  if (!is_list)
    is_list = length > 0 && (double)stats->list_length / length > 0.9;

  if (strcmp (tag, "table") == 0 && ((NodeInfo *)node->_private) &&
      ((NodeInfo *)node->_private)->data_table)
    return FALSE;

  if (has_ancestor_tag (self, node, "table", -1, TRUE))
    return FALSE;
  if (has_ancestor_tag (self, node, "code", 3, FALSE))
    return FALSE;

  if (stats->data_tables > 0)
    return FALSE;

  weight = class_weight (self, node);
  if (weight < 0)
    return TRUE;

  if (stats->ascii_commas < 10) {
    int p = stats->paragraphs;
    int img = stats->images;
    int li = (int)stats->items - 100;
    int input = stats->inputs;
    int embeds = stats->embeds;
    double heading_density;
    gsize content_length = length;
    double density;
    gboolean textish = stats->textish_text;
    gboolean figure_child;
    gboolean remove = FALSE;

    if (stats->videos > 0)
      return FALSE;

    heading_density = length == 0 ? 0 : (double)stats->heading_length / length;

    /* Only a short text can be one of the words. */
    if (length <= 64) {
      g_autofree char *text = inner_text (node, TRUE);

      if (is_ad_or_loading (text))
        return TRUE;
    }

    density = link_density (self, node);
    figure_child = has_ancestor_tag (self, node, "figure", 3, FALSE);

    if (!figure_child && img > 1 && (double)p / img < 0.5)
      remove = TRUE;
    if (!is_list && li > p)
      remove = TRUE;
    if (input > p / 3)
      remove = TRUE;
    if (!is_list && !figure_child && heading_density < 0.9 && content_length < 25 &&
        (img == 0 || img > 2) && density > 0)
      remove = TRUE;
    if (!is_list && weight < 25 && density > 0.2)
      remove = TRUE;
    if (weight >= 25 && density > 0.5)
      remove = TRUE;
    if ((embeds == 1 && content_length < 75) || embeds > 1)
      remove = TRUE;
    if (img == 0 && !textish)
      remove = TRUE;

    if (is_list && remove) {
      for (xmlNode *c = first_element_child (node); c; c = next_element_sibling (c)) {
        if (element_child_count (c) > 1)
          return remove;
      }
      if (img == (int)stats->items)
        return FALSE;
    }

    return remove;
  }

  return FALSE;
}

static void
clean_conditionally (Extractor  *self,
                     xmlNode    *root,
                     const char *tag)
{
  g_autoptr (GPtrArray) nodes = NULL;

  if (!(self->flags & FLAG_CLEAN_CONDITIONALLY))
    return;

  nodes = find_elements_1 (self, root, tag);
  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *node = nodes->pdata[i - 1];

    if (node->parent && should_clean_conditionally (self, node, tag))
      remove_node (self, node);
  }
}

static void
clean_tag (Extractor  *self,
           xmlNode    *root,
           const char *tag)
{
  g_autoptr (GPtrArray) nodes = find_elements_1 (self, root, tag);
  gboolean embed = strcmp (tag, "object") == 0 || strcmp (tag, "embed") == 0 ||
                   strcmp (tag, "iframe") == 0;

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *node = nodes->pdata[i - 1];

    if (!node->parent)
      continue;
    if (embed && embed_is_video (node))
      continue;
    remove_node (self, node);
  }
}

/* Boilerplate that Chinese sites label in words rather than in class names.
 * None is longer than PREFIX_MIN bytes.
 */
static const char * const boilerplate_prefixes[] = {
  "当前位置", "您的位置", "你的位置", "您现在的位置", "你现在的位置", "所在位置", "现在位置",
  "相关文章", "相关阅读", "相关推荐", "相关新闻", "推荐阅读", "热门文章", "热门推荐",
  "延伸阅读", "猜你喜欢", "上一篇", "下一篇", "分享到", "分享至", "发表评论", "网友评论",
  "评论列表", "标签:", "标签:", "Tags:", "Share this", "Related articles", "Related posts",
  "Read more:", "You may also like", "Leave a comment", "Leave a reply",
  NULL
};

static gboolean
is_boilerplate_block (Extractor *self,
                      xmlNode   *node)
{
  char text[PREFIX_SIZE];
  gsize length;

  if (!tag_in (node, (const char * const[]) { "div", "p", "ul", "ol", "section", "nav",
                                              "span", "h2", "h3", "h4", "aside", NULL }))
    return FALSE;

  /* The prefixes are short; the start of the text is enough to test them. */
  inner_text_prefix (self, node, text);
  for (guint i = 0; boilerplate_prefixes[i]; i++) {
    if (g_str_has_prefix (text, boilerplate_prefixes[i])) {
      length = inner_text_length (self, node);

      /* A heading or a short line, or a block made mostly of links. */
      if (length < 100 || link_density (self, node) > 0.3)
        return TRUE;
    }
  }

  return FALSE;
}

static void
clean_matched_nodes (Extractor *self,
                     xmlNode   *root)
{
  xmlNode *end = next_node (root, TRUE);
  xmlNode *next = next_node (root, FALSE);

  while (next && next != end) {
    g_autofree char *match = match_string (next);
    g_autofree char *lower = ascii_lower (match);
    gboolean remove = FALSE;

    if (matches_share (lower))
      remove = stats_raw_length (node_stats (self, next)) < CHAR_THRESHOLD;

    if (!remove)
      remove = is_boilerplate_block (self, next);

    if (remove)
      next = remove_and_get_next (self, next);
    else
      next = next_node (next, FALSE);
  }
}

static gboolean
every_child_phrasing (xmlNode *node)
{
  for (xmlNode *c = node->children; c; c = c->next) {
    if (!is_phrasing_content (c))
      return FALSE;
  }

  return TRUE;
}

static void
prep_article (Extractor *self,
              xmlNode   *article)
{
  g_autoptr (GPtrArray) headers = NULL;
  g_autoptr (GPtrArray) h1s = NULL;
  g_autoptr (GPtrArray) paragraphs = NULL;
  g_autoptr (GPtrArray) brs = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  static const char * const h12[] = { "h1", "h2", NULL };

  clean_styles (article);
  mark_data_tables (self, article);
  fix_lazy_images (self, article);

  clean_conditionally (self, article, "form");
  clean_conditionally (self, article, "fieldset");
  clean_tag (self, article, "object");
  clean_tag (self, article, "embed");
  clean_tag (self, article, "footer");
  clean_tag (self, article, "link");
  clean_tag (self, article, "aside");

  for (xmlNode *child = first_element_child (article); child;) {
    xmlNode *next = next_element_sibling (child);

    clean_matched_nodes (self, child);
    child = next;
  }

  clean_tag (self, article, "iframe");
  clean_tag (self, article, "input");
  clean_tag (self, article, "textarea");
  clean_tag (self, article, "select");
  clean_tag (self, article, "button");

  headers = find_elements (self, article, h12);
  for (guint i = headers->len; i > 0; i--) {
    if (class_weight (self, headers->pdata[i - 1]) < 0)
      remove_node (self, headers->pdata[i - 1]);
  }

  clean_conditionally (self, article, "table");
  clean_conditionally (self, article, "ul");
  clean_conditionally (self, article, "div");

  h1s = find_elements_1 (self, article, "h1");
  for (guint i = 0; i < h1s->len; i++)
    set_node_tag (h1s->pdata[i], "h2");

  paragraphs = find_elements_1 (self, article, "p");
  for (guint i = paragraphs->len; i > 0; i--) {
    xmlNode *p = paragraphs->pdata[i - 1];
    gboolean has_media = FALSE;

    if (!p->parent)
      continue;
    for (xmlNode *c = walk_next (p, p, FALSE); c && !has_media; c = walk_next (c, p, FALSE)) {
      if (tag_is (c, "img") || tag_is (c, "embed") || tag_is (c, "object") ||
          tag_is (c, "iframe"))
        has_media = TRUE;
    }
    if (!has_media && !has_text (self, p))
      remove_node (self, p);
  }

  brs = find_elements_1 (self, article, "br");
  for (guint i = 0; i < brs->len; i++) {
    xmlNode *br = brs->pdata[i];
    xmlNode *next;

    if (!br->parent)
      continue;
    next = skip_whitespace (br->next);
    if (next && tag_is (next, "p"))
      remove_node (self, br);
  }

  tables = find_elements_1 (self, article, "table");
  for (guint i = 0; i < tables->len; i++) {
    xmlNode *table = tables->pdata[i];
    xmlNode *tbody;
    xmlNode *row;
    xmlNode *cell;

    if (!table->parent)
      continue;
    tbody = has_single_tag_inside (table, "tbody") ? first_element_child (table) : table;
    if (!has_single_tag_inside (tbody, "tr"))
      continue;
    row = first_element_child (tbody);
    if (!has_single_tag_inside (row, "td"))
      continue;
    cell = first_element_child (row);
    set_node_tag (cell, every_child_phrasing (cell) ? "p" : "div");
    replace_node (table, cell);
    remove_node (self, table);
  }
}

/* ------------------------------------------------------------------ */
/* Post-processing                                                      */

static void
fix_relative_uris (Extractor *self,
                   xmlNode   *article)
{
  static const char * const media_tags[] = {
    "img", "picture", "figure", "video", "audio", "source", NULL
  };
  g_autoptr (GPtrArray) links = find_elements_1 (self, article, "a");
  g_autoptr (GPtrArray) medias = NULL;

  for (guint i = 0; i < links->len; i++) {
    xmlNode *link = links->pdata[i];
    const char *href = attr (link, "href");

    if (!href || !*href)
      continue;

    if (g_str_has_prefix (href, "javascript:")) {
      xmlNode *replacement;

      if (link->children && !link->children->next && is_text (link->children)) {
        g_autofree char *text = text_content (link);

        replacement = xmlNewDocText (link->doc, (const xmlChar *)text);
      } else {
        replacement = xmlNewDocNode (link->doc, NULL, (const xmlChar *)"span", NULL);
        while (link->children)
          append_child (replacement, link->children);
      }
      replace_node (link, replacement);
      remove_node (self, link);
    } else {
      g_autofree char *absolute = to_absolute_uri (self, href);

      set_attr (link, "href", absolute);
    }
  }

  medias = find_elements (self, article, media_tags);
  for (guint i = 0; i < medias->len; i++) {
    xmlNode *media = medias->pdata[i];
    const char *src = attr (media, "src");
    const char *poster = attr (media, "poster");
    const char *srcset = attr (media, "srcset");

    if (src && *src) {
      g_autofree char *absolute = to_absolute_uri (self, src);

      set_attr (media, "src", absolute);
    }
    if (poster && *poster) {
      g_autofree char *absolute = to_absolute_uri (self, poster);

      set_attr (media, "poster", absolute);
    }
    if (srcset && *srcset) {
      g_autofree char *absolute = resolve_srcset (self, srcset);

      set_attr (media, "srcset", absolute);
    }
  }
}

static void
simplify_nested_elements (Extractor *self,
                          xmlNode   *article)
{
  xmlNode *node = article;

  while (node) {
    const char *id = attr (node, "id");

    if (node->parent && (tag_is (node, "div") || tag_is (node, "section")) &&
        !(id && g_str_has_prefix (id, "readability"))) {
      if (is_element_without_content (self, node)) {
        node = remove_and_get_next (self, node);
        continue;
      } else if (has_single_tag_inside (node, "div") || has_single_tag_inside (node, "section")) {
        xmlNode *child = first_element_child (node);

        for (xmlAttr *a = node->properties; a; a = a->next) {
          g_autofree char *value = (char *)xmlNodeGetContent ((xmlNode *)a);

          set_attr (child, (const char *)a->name, value ? value : "");
        }
        replace_node (node, child);
        remove_node (self, node);
        node = child;
        continue;
      }
    }

    node = next_node (node, FALSE);
  }
}

static void
clean_classes (xmlNode *root)
{
  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    const char *klass = attr (n, "class");
    g_auto (GStrv) parts = NULL;
    gboolean page = FALSE;

    if (!klass)
      continue;
    parts = g_strsplit_set (klass, " \t\n\r\f", -1);
    for (guint i = 0; parts[i]; i++) {
      if (strcmp (parts[i], "page") == 0)
        page = TRUE;
    }
    if (page)
      set_attr (n, "class", "page");
    else
      remove_attr (n, "class");
  }
}

static char *
normalize_for_compare (const char *text)
{
  g_autofree char *copy = js_normalize (js_trim (g_strdup (text)));
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

/* Never show the headline twice: drop the first block when it only repeats
 * the title.
 */
static void
remove_leading_title (Extractor *self,
                      xmlNode   *article)
{
  g_autofree char *title = NULL;

  if (!self->title || !*self->title)
    return;

  title = normalize_for_compare (self->title);
  if (!*title)
    return;

  for (xmlNode *n = walk_next (article, article, FALSE); n; n = walk_next (n, article, FALSE)) {
    g_autofree char *text = NULL;
    g_autofree char *norm = NULL;
    xmlNode *block;

    if (is_text (n) && is_blank ((const char *)n->content))
      continue;
    if (!is_text (n))
      continue;

    /* The first words of the body: find the block they sit in. */
    block = n->parent;
    while (block != article && block->parent != article &&
           tag_in (block, phrasing_tags))
      block = block->parent;
    while (block != article && tag_in (block, phrasing_tags))
      block = block->parent;
    if (block == article || tag_is (block, "div") || tag_is (block, "section") ||
        tag_is (block, "article"))
      return;

    text = inner_text (block, TRUE);
    norm = normalize_for_compare (text);
    if (strcmp (norm, title) == 0)
      remove_node (self, block);
    return;
  }
}

/* ------------------------------------------------------------------ */
/* Serialising                                                          */

/* The elements libxml2 2.9 knows to be void. The others HTML made void (<wbr> is the one
 * the sanitizer keeps) get an end tag, so that libxml2 reads the body back as it was
 * rather than nesting what follows inside them.
 */
static const char * const void_tags[] = {
  "area", "base", "br", "col", "hr", "img", "input", "link", "meta", "param", NULL
};

static void
escape_into (GString    *out,
             const char *text,
             gboolean    attribute)
{
  for (const char *p = text; *p; p++) {
    switch (*p) {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"':
        if (attribute)
          g_string_append (out, "&quot;");
        else
          g_string_append_c (out, '"');
        break;
      default:
        g_string_append_c (out, *p);
        break;
    }
  }
}

static void
open_tag (GString *out,
          xmlNode *node)
{
  g_string_append_c (out, '<');
  g_string_append (out, (const char *)node->name);
  for (xmlAttr *a = node->properties; a; a = a->next) {
    g_string_append_c (out, ' ');
    g_string_append (out, (const char *)a->name);
    g_string_append (out, "=\"");
    for (xmlNode *v = a->children; v; v = v->next) {
      if (v->content)
        escape_into (out, (const char *)v->content, TRUE);
    }
    g_string_append_c (out, '"');
  }
  g_string_append_c (out, '>');
}

/* The children of @root as HTML, without recursion. */
static char *
serialize_children (xmlNode *root)
{
  GString *out = g_string_new (NULL);
  xmlNode *node = root->children;

  while (node) {
    gboolean descend = FALSE;

    if (is_element (node)) {
      open_tag (out, node);
      if (!tag_in (node, void_tags)) {
        if (node->children)
          descend = TRUE;
        else
          g_string_append_printf (out, "</%s>", node->name);
      }
    } else if (is_text (node) && node->content) {
      escape_into (out, (const char *)node->content, FALSE);
    }

    if (descend) {
      node = node->children;
      continue;
    }

    while (node && node != root) {
      if (node->next) {
        node = node->next;
        break;
      }
      node = node->parent;
      if (node && node != root)
        g_string_append_printf (out, "</%s>", node->name);
    }
    if (node == root)
      break;
  }

  return g_string_free (out, FALSE);
}

static const char * const block_tags[] = {
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "div",
  "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
  "table", "tr", "ul", NULL
};

/* Plain text with a blank line between blocks, whitespace collapsed except
 * inside <pre>.
 */
static char *
plain_text (xmlNode *root)
{
  GString *out = g_string_new (NULL);
  xmlNode *node = root->children;
  int pre = 0;
  int pending = 0;

  while (node) {
    gboolean descend = FALSE;

    if (is_element (node)) {
      if (tag_in (node, block_tags) && out->len)
        pending = MAX (pending, tag_is (node, "li") || tag_is (node, "tr") ? 1 : 2);
      if (tag_is (node, "br") && out->len)
        pending = MAX (pending, 1);
      if (tag_is (node, "td") || tag_is (node, "th")) {
        if (out->len && !pending && out->str[out->len - 1] != '\n')
          g_string_append_c (out, '\t');
      }
      if (tag_is (node, "pre"))
        pre++;
      if (node->children)
        descend = TRUE;
    } else if (is_text (node) && node->content) {
      const char *p = (const char *)node->content;

      while (*p) {
        const char *next;

        if (!pre && is_js_space_at (p, &next)) {
          if (out->len && !pending && out->str[out->len - 1] != ' ' &&
              out->str[out->len - 1] != '\n' && out->str[out->len - 1] != '\t')
            g_string_append_c (out, ' ');
        } else {
          if (pending) {
            while (out->len && out->str[out->len - 1] == ' ')
              g_string_truncate (out, out->len - 1);
            if (out->len)
              g_string_append (out, pending > 1 ? "\n\n" : "\n");
            pending = 0;
          }

          /* The whole run up to the next space goes in at once (inside
           * <pre>, the rest of the text).
           */
          if (pre) {
            next = p + strlen (p);
          } else {
            const char *after;

            next = g_utf8_next_char (p);
            while (*next && !is_js_space_at (next, &after))
              next = after;
          }
          g_string_append_len (out, p, next - p);
        }
        p = next;
      }
    }

    if (descend) {
      node = node->children;
      continue;
    }

    while (node && node != root) {
      if (is_element (node) && tag_is (node, "pre"))
        pre--;
      if (is_element (node) && tag_in (node, block_tags) && out->len)
        pending = MAX (pending, tag_is (node, "li") || tag_is (node, "tr") ? 1 : 2);
      if (node->next) {
        node = node->next;
        break;
      }
      node = node->parent;
    }
    if (node == root || !node)
      break;
  }

  while (out->len && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static void
count_text (const char *text,
            guint      *words,
            guint      *cjk,
            guint      *chars)
{
  gboolean in_word = FALSE;

  *words = *cjk = *chars = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = (guchar)*p;

    /* ASCII first: the Unicode tables say the same for it, only slower. */
    if (c < 0x80) {
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        in_word = FALSE;
        continue;
      }
      (*chars)++;
      if (g_ascii_isalnum (c)) {
        if (!in_word)
          (*words)++;
        in_word = TRUE;
      }
      continue;
    }

    c = g_utf8_get_char (p);
    if (g_unichar_isspace (c) || is_js_space (c)) {
      in_word = FALSE;
      continue;
    }

    (*chars)++;
    if (is_cjk (c)) {
      (*cjk)++;
      in_word = FALSE;
    } else if (g_unichar_isalnum (c) || g_unichar_ismark (c)) {
      if (!in_word)
        (*words)++;
      in_word = TRUE;
    }
  }
}

/* ------------------------------------------------------------------ */
/* Dates, titles, the rest of the metadata                              */

static gint64
parse_date (const char *value)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *copy = NULL;
  gsize len;

  if (!value || !*value)
    return 0;

  copy = g_strstrip (g_strdup (value));
  len = strlen (copy);
  utc = g_time_zone_new_utc ();

  /* "2025-03-19 09:32:05" is common; ISO 8601 wants a T. */
  if (len > 10 && copy[10] == ' ' && g_ascii_isdigit (copy[11]))
    copy[10] = 'T';

  if (len == 10 && copy[4] == '-' && copy[7] == '-') {
    g_autofree char *full = g_strconcat (copy, "T00:00:00", NULL);

    dt = g_date_time_new_from_iso8601 (full, utc);
  } else {
    dt = g_date_time_new_from_iso8601 (copy, utc);
  }

  if (!dt) {
    /* RFC 2822-ish and other shapes: leave unknown. */
    return 0;
  }

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gint64
find_published (Extractor *self,
                xmlNode   *root,
                GPtrArray *metas)
{
  const char *candidates[] = {
    self->published, self->ld_published,
    find_meta (metas, "article:published_time"),
    find_meta (metas, "datePublished"),
    find_meta (metas, "og:published_time"),
    find_meta (metas, "dc.date.issued"),
    find_meta (metas, "dcterms.date"),
    find_meta (metas, "dc.date"),
    find_meta (metas, "date"),
    find_meta (metas, "pubdate"),
    find_meta (metas, "publishdate"),
    find_meta (metas, "sailthru.date"),
  };
  static const char * const time_tags[] = { "time", NULL };
  g_autoptr (GPtrArray) times = NULL;
  xmlNode *first_time = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++) {
    gint64 t = parse_date (candidates[i]);

    if (t)
      return t;
  }

  times = find_elements_under (self, root, time_tags, TRUE);
  for (guint i = 0; i < times->len; i++) {
    xmlNode *n = times->pdata[i];

    if (attr (n, "datetime")) {
      const char *itemprop = attr (n, "itemprop");

      if (attr (n, "pubdate") || (itemprop && strstr (itemprop, "datePublished")))
        return parse_date (attr (n, "datetime"));
      if (!first_time)
        first_time = n;
    }
  }

  return first_time ? parse_date (attr (first_time, "datetime")) : 0;
}

/* The page's own headline, when the <title> carries " - Site" or
 * "_Site" after it: the headline is the longest h1/h2 (or og:title) that the
 * title starts with and that ends at a separator.
 */
static char *
clean_title_against_headings (Extractor  *self,
                              const char *title,
                              xmlNode    *root)
{
  static const gunichar seps[] = {
    '-', '|', '_', 0x2013, 0x2014, 0x00B7, ':', 0x00BB, '/', '\\', 0x2022, 0xFF5C, 0
  };
  static const char * const h12[] = { "h1", "h2", NULL };
  g_autoptr (GPtrArray) headings = NULL;
  g_autofree char *best = NULL;

  if (!title || !root)
    return NULL;

  headings = find_elements_under (self, root, h12, TRUE);
  for (guint h = 0; h < headings->len; h++) {
    xmlNode *n = headings->pdata[h];
    g_autofree char *text = NULL;
    gsize len;
    const char *rest;
    gunichar c;
    gboolean is_sep = FALSE;

    text = js_normalize (js_trim (text_content (n)));
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
    }
  }

  return g_steal_pointer (&best);
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
  while (p > title && (p[-1] == ' ' || (guchar)p[-1] == 0xA0))
    p--;
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

  while (p > title && (p[-1] == ' ' || (guchar)p[-1] == 0xA0))
    p--;

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
  suffix = normalize_for_compare (p);
  if (!*suffix)
    return FALSE;

  if (site_name) {
    g_autofree char *site = normalize_for_compare (site_name);

    if (strcmp (site, suffix) == 0)
      return TRUE;
  }

  for (xmlNode *n = root; n; n = walk_next (n, root, FALSE)) {
    g_autofree char *match = NULL;
    g_autofree char *lower = NULL;

    if (!is_element (n) || tag_is (n, "head"))
      continue;
    match = match_string (n);
    lower = ascii_lower (match);
    if (contains_any (lower, site_needles)) {
      g_autofree char *text = text_content (n);
      g_autofree char *norm = normalize_for_compare (text);

      if (strcmp (norm, suffix) == 0)
        return TRUE;
    }
  }

  return FALSE;
}

static void
refine_title (Extractor *self,
              xmlDoc    *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *from_heading = NULL;
  g_autofree char *without_site = NULL;

  if (!self->title)
    return;

  js_normalize (js_trim (self->title));

  /* Readability keeps a <title> whole unless it cut a " - Site" off it
   * itself; finish that job when the page's own headline confirms where the
   * headline ends. Titles from metadata are taken as the site wrote them.
   */
  if (!self->title_from_document)
    return;

  from_heading = clean_title_against_headings (self, self->title, root);
  if (from_heading && !self->title_cut && !strchr (self->title, '_') &&
      !suffix_names_site (self->title + strlen (from_heading), self->site_name, root))
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

static void
find_links (Extractor *self,
            xmlNode   *root)
{
  static const char * const link_tags[] = { "link", "a", NULL };
  g_autoptr (GPtrArray) metas = get_metas (self, root);
  g_autoptr (GPtrArray) links = find_elements_under (self, root, link_tags, TRUE);
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
      g_autofree char *text = js_normalize (js_trim (text_content (n)));

      if (*text && js_length (text) < 100 && !self->dom_byline && !self->byline)
        self->dom_byline = g_steal_pointer (&text);
      author_link = "";
    }
  }

  if (!canonical)
    canonical = find_meta (metas, "og:url");
  if (canonical && *canonical)
    self->canonical = http_url_or_null (resolve_url (self->base_uri, canonical));

  if (self->ld_image)
    self->lead_image = http_url_or_null (resolve_url (self->base_uri, self->ld_image));
  else {
    const char *image = find_meta (metas, "og:image");

    if (!image)
      image = find_meta (metas, "og:image:url");
    if (!image)
      image = find_meta (metas, "og:image:secure_url");
    if (!image)
      image = find_meta (metas, "twitter:image");
    if (!image)
      image = find_meta (metas, "twitter:image:src");
    if (!image)
      image = image_src;
    if (image && *image)
      self->lead_image = http_url_or_null (resolve_url (self->base_uri, image));
  }
}

/* ------------------------------------------------------------------ */
/* Deciding whether what we found is an article                         */

static gboolean
looks_like_article (Extractor *self,
                    xmlNode   *article,
                    gsize      text_length)
{
  double density;
  guint paragraphs = 0;

  if (text_length == 0)
    return FALSE;

  density = link_density (self, article);
  for (xmlNode *n = walk_next (article, article, FALSE); n; n = walk_next (n, article, FALSE)) {
    if ((tag_is (n, "p") || tag_is (n, "pre") || tag_is (n, "blockquote")) &&
        inner_text_length (self, n) >= 80)
      paragraphs++;
  }

  /* A page of links: most text sits in links and nothing reads as prose. */
  if (density > 0.5 && paragraphs < 2)
    return FALSE;

  return TRUE;
}

static xmlNode *
article_from_json_ld (Extractor *self,
                      xmlDoc    *doc)
{
  xmlNode *div;
  xmlNode *page;
  g_auto (GStrv) paragraphs = NULL;

  if (!self->ld_body || js_length (self->ld_body) < CHAR_THRESHOLD)
    return NULL;

  div = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);
  page = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);
  set_attr (page, "id", "readability-page-1");
  set_attr (page, "class", "page");
  append_child (div, page);

  paragraphs = g_strsplit (self->ld_body, "\n", -1);
  for (guint i = 0; paragraphs[i]; i++) {
    xmlNode *p;

    js_trim (paragraphs[i]);
    if (!*paragraphs[i])
      continue;
    p = xmlNewDocNode (doc, NULL, (const xmlChar *)"p", NULL);
    append_child (p, xmlNewDocText (doc, (const xmlChar *)paragraphs[i]));
    append_child (page, p);
  }

  return div;
}

/* ------------------------------------------------------------------ */
/* The entry point                                                      */

static gpointer
init_parser_once (gpointer data)
{
  xmlInitParser ();

  return NULL;
}

typedef struct {
  xmlDoc  *doc;
  xmlNode *article;
  gsize    length;
} Attempt;

static void
attempt_clear (Attempt *attempt)
{
  if (attempt->article && !attempt->article->parent)
    xmlFreeNode (attempt->article);
  attempt->article = NULL;
  g_clear_pointer (&attempt->doc, xmlFreeDoc);
}

static LecternTextDirection
direction_from (const char *dir,
                const char *lang)
{
  static const char * const rtl_langs[] = {
    "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", NULL
  };

  if (dir && g_ascii_strcasecmp (dir, "rtl") == 0)
    return LECTERN_TEXT_DIRECTION_RTL;
  if (dir && g_ascii_strcasecmp (dir, "ltr") == 0)
    return LECTERN_TEXT_DIRECTION_LTR;

  if (lang && *lang) {
    g_autofree char *primary = g_ascii_strdown (lang, strcspn (lang, "-_"));

    if (in_list (primary, rtl_langs))
      return LECTERN_TEXT_DIRECTION_RTL;
  }

  return LECTERN_TEXT_DIRECTION_AUTO;
}

/**
 * lectern_extract:
 * @data: (array length=length): the page's bytes, in any encoding
 * @length: the number of bytes in @data
 * @charset_hint: (nullable): the charset from the HTTP headers, or %NULL
 * @base_url: (nullable): the URL the page came from, to resolve links against
 * @error: return location for a #GError
 *
 * Finds the readable article in a web page and its metadata: title, byline,
 * site, date, language, lead image, excerpt, sanitised body HTML and plain
 * text with their lengths. A pure function of its input: it touches no
 * network and no global state, and may run on several threads at once.
 *
 * Returns: (transfer full) (nullable): a new #LecternArticle, or %NULL with
 *   @error set to a #LecternExtractorError
 */
LecternArticle *
lectern_extract (const char  *data,
                 gsize        length,
                 const char  *charset_hint,
                 const char  *base_url,
                 GError     **error)
{
  static GOnce init_once = G_ONCE_INIT;
  Extractor self = { NULL, };
  Attempt attempts[4] = { { NULL, }, };
  Attempt *best = NULL;
  guint n_attempts = 0;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *body_html = NULL;
  g_autofree char *text = NULL;
  xmlNode *content = NULL;
  xmlNode *top = NULL;
  guint words, cjk, chars;
  double minutes;
  gint64 published;
  g_autoptr (GPtrArray) metas = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_once (&init_once, init_parser_once, NULL);

  if (length == 0) {
    g_set_error_literal (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_EMPTY,
                         "The page is empty");
    return NULL;
  }

  self.document_uri = base_url;
  self.data = data;
  self.data_length = length;
  self.charset_hint = charset_hint;

  if (!decode_page (&self)) {
    g_set_error_literal (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_PARSE,
                         "The page could not be decoded");
    return NULL;
  }

  if (is_blank (self.text)) {
    extractor_clear (&self);
    g_set_error_literal (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_EMPTY,
                         "The page holds no text");
    return NULL;
  }

  self.infos = g_ptr_array_new_with_free_func (g_free);
  self.infos_left = 0;
  self.flags = FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY;

  while (n_attempts < G_N_ELEMENTS (attempts)) {
    Attempt *attempt = &attempts[n_attempts++];
    xmlNode *root;

    self.garbage = g_ptr_array_new_with_free_func ((GDestroyNotify)xmlFreeNode);
    attempt->doc = parse_document (&self);
    if (!attempt->doc) {
      g_clear_pointer (&self.garbage, g_ptr_array_unref);
      break;
    }
    root = xmlDocGetRootElement (attempt->doc);

    if (n_attempts == 1) {
      g_autoptr (GPtrArray) bases = find_elements_1 (&self, root, "base");
      const char *href = bases->len ? attr (bases->pdata[0], "href") : NULL;

      /* As in a browser, a <base> only counts when it names an http(s) address; a
       * javascript: one would take every relative link and image with it.
       */
      if (href && *href)
        self.base_uri = http_url_or_null (resolve_url (base_url, href));
      if (!self.base_uri)
        self.base_uri = g_strdup (base_url);

      refine_title (&self, attempt->doc);
      find_links (&self, root);
    }

    attempt->article = grab_article (&self, attempt->doc, &top);
    g_clear_pointer (&self.garbage, g_ptr_array_unref);

    if (!attempt->article)
      break;

    attempt->length = inner_text_length (&self, attempt->article);

    if (attempt->length >= CHAR_THRESHOLD) {
      best = attempt;
      break;
    }

    if (self.flags & FLAG_STRIP_UNLIKELYS)
      self.flags &= ~FLAG_STRIP_UNLIKELYS;
    else if (self.flags & FLAG_WEIGHT_CLASSES)
      self.flags &= ~FLAG_WEIGHT_CLASSES;
    else if (self.flags & FLAG_CLEAN_CONDITIONALLY)
      self.flags &= ~FLAG_CLEAN_CONDITIONALLY;
    else
      break;
  }

  /* No more parsing: the decoded page can go. */
  g_clear_pointer (&self.text, g_free);

  if (!best) {
    for (guint i = 0; i < n_attempts; i++) {
      if (attempts[i].article && attempts[i].length > 0 &&
          (!best || attempts[i].length > best->length))
        best = &attempts[i];
    }
  }

  for (guint i = 0; i < n_attempts; i++) {
    if (&attempts[i] != best)
      attempt_clear (&attempts[i]);
  }

  if (!best && n_attempts > 0 && attempts[0].doc == NULL && !self.meta) {
    extractor_clear (&self);
    g_set_error_literal (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_PARSE,
                         "The page could not be parsed");
    return NULL;
  }

  if (best) {
    content = best->article;
  } else {
    /* The JSON-LD article body stands in when the page shows none. */
    xmlDoc *doc = htmlNewDocNoDtD (NULL, NULL);

    attempts[0].doc = doc;
    best = &attempts[0];
    content = best->article = article_from_json_ld (&self, doc);
  }

  /* javascript: links become text here, before we judge the link density. */
  if (content)
    fix_relative_uris (&self, content);

  if (!content || !looks_like_article (&self, content, best->length ? best->length : 1)) {
    if (self.ld_body && js_length (self.ld_body) >= CHAR_THRESHOLD && best->doc) {
      if (content && !content->parent)
        xmlFreeNode (content);
      content = best->article = article_from_json_ld (&self, best->doc);
    } else {
      attempt_clear (best);
      extractor_clear (&self);
      g_set_error_literal (error, LECTERN_EXTRACTOR_ERROR, LECTERN_EXTRACTOR_ERROR_NO_ARTICLE,
                           "No article was found on the page");
      return NULL;
    }
  }

  self.garbage = NULL;
  simplify_nested_elements (&self, content);
  clean_classes (content);
  remove_leading_title (&self, content);

  if (!self.excerpt) {
    xmlNode *p = find_element (content, "p");

    if (p)
      self.excerpt = js_trim (text_content (p));
  }

  /* The first image that can be fetched; the sanitizer removes the others. */
  for (xmlNode *n = content; n && !self.lead_image; n = walk_next (n, content, FALSE)) {
    if (tag_is (n, "img"))
      self.lead_image = http_url_or_null (g_strdup (attr (n, "src")));
  }

  lectern_sanitize_node (content, self.base_uri);

  if (!self.lang && self.ld_language)
    self.lang = g_strdup (self.ld_language);
  metas = get_metas (&self, xmlDocGetRootElement (best->doc));
  if (!self.lang || !*self.lang) {
    const char *lang = find_meta (metas, "content-language");

    for (guint i = 0; i < metas->len && !lang; i++) {
      const char *equiv = attr (metas->pdata[i], "http-equiv");

      if (equiv && g_ascii_strcasecmp (equiv, "content-language") == 0)
        lang = attr (metas->pdata[i], "content");
    }
    if (!lang)
      lang = find_meta (metas, "og:locale");
    g_free (self.lang);
    self.lang = lang ? g_strdelimit (g_strdup (lang), "_", '-') : NULL;
  }
  if (!self.dir) {
    xmlNode *root = xmlDocGetRootElement (best->doc);

    self.dir = g_strdup (attr (root, "dir"));
  }
  published = find_published (&self, xmlDocGetRootElement (best->doc), metas);
  g_clear_pointer (&metas, g_ptr_array_unref);

  /* The measures are done with: nothing reads node->_private from here on. */
  g_clear_pointer (&self.infos, g_ptr_array_unref);

  body_html = serialize_children (content);
  text = plain_text (content);
  count_text (text, &words, &cjk, &chars);
  minutes = words / 230.0 + cjk / 400.0;

  /* The tree goes before the article copies the body and the text: on a
   * big page they are the bulk of the memory.
   */
  attempt_clear (best);

  article = lectern_article_new ();
  lectern_article_set_url (article, base_url);
  lectern_article_set_canonical_url (article, self.canonical ? self.canonical : base_url);
  lectern_article_set_title (article, self.title);
  lectern_article_set_byline (article, self.byline ? self.byline : self.dom_byline);
  lectern_article_set_site_name (article, self.site_name);
  lectern_article_set_published_at (article, published);
  lectern_article_set_language (article, self.lang && *self.lang ? self.lang : NULL);
  lectern_article_set_direction (article, direction_from (self.dir, self.lang));
  lectern_article_set_excerpt (article, self.excerpt);
  lectern_article_set_lead_image (article, self.lead_image);
  lectern_article_set_body_html (article, body_html);
  g_clear_pointer (&body_html, g_free);
  lectern_article_set_plain_text (article, text);
  g_clear_pointer (&text, g_free);
  lectern_article_set_word_count (article, words + cjk);
  lectern_article_set_char_count (article, chars);
  lectern_article_set_reading_minutes (article, MAX (1, (guint)lround (minutes)));

  extractor_clear (&self);

  return g_steal_pointer (&article);
}
