/* lectern-extractor-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-text.h"
#include "lectern-xml-private.h"

#include <glib.h>
#include <libxml/tree.h>
#include <string.h>

G_BEGIN_DECLS

/* What the pieces of the extractor share: lectern-extractor.c, the core that
 * follows Readability.js; lectern-extractor-measure.c, the measures of text
 * and subtrees; lectern-metadata.c, titles, URLs, <meta>, JSON-LD and dates.
 * Small helpers are static inline here; what one piece calls in another is
 * _lectern_extractor_*().
 */

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
  guint32  link_length;    /* inner_text_length() of <a href> links, whole */
  guint32  hash_length;    /* and of #fragment links, which count 0.3 */
  guint32  list_length;    /* of <ul> and <ol> */
  guint32  heading_length; /* of <h1> to <h6> */
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

/* One for every node measured or scored: kept small, as there are as many as elements. */
typedef struct {
  double    score;
  guint     scored : 1;
  guint     data_table : 1;
  guint     stats_valid : 1;
  guint     tags_valid : 1;  /* stats.tags alone, which stats_valid implies */
  NodeStats stats;
} NodeInfo;

/* About 150 KB a chunk: big enough that malloc usually maps each one on its
 * own, so that on a big page freeing them gives the memory back rather than
 * leaving holes between the tree's nodes.
 */
#define INFOS_PER_CHUNK 1280

/* The state of one lectern_extract() call, which every piece reads and fills. */
typedef struct {
  /* Borrowed */
  const char *document_uri;
  const char *data;              /* the page as it came */
  gsize       data_length;
  const char *charset_hint;

  /* Owned */
  char       *base_uri;
  GUri       *base;          /* base_uri parsed, for resolving the article's links */
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
  char       *ld_modified;
  char       *ld_language;
  char       *ld_author;         /* JSON-LD author names, any shape */
  char       *ld_publisher;      /* JSON-LD publisher.name of any article */
  char       *ld_page_published; /* JSON-LD dates of a WebPage or other work */
  char       *ld_page_modified;
  char       *text_author;       /* from a rarer <meta>, or a credit line in the page */
  gint64      published_at;      /* from _lectern_extractor_find_links() */
  int         published_precision;
  int         published_offset;  /* the zone it was written in, seconds east of UTC */
  gint64      modified_at;       /* from _lectern_extractor_find_links() */
  int         modified_precision;
  int         modified_offset;
  char       *canonical;
  char       *lead_image;
  GPtrArray  *infos;             /* chunks of INFOS_PER_CHUNK NodeInfos */
  guint       infos_left;        /* unused NodeInfos in the last chunk */
  GPtrArray  *garbage;

  int         flags;
  gboolean    title_from_document;
  gboolean    title_cut;
  gboolean    had_noscript;      /* the page has <noscript> fallbacks */
  gboolean    keep_noscript;     /* read them, for want of anything else */
  xmlNode    *titled_container;  /* the block around the headline, in FLAG_TITLED */
  gboolean    top_is_furniture;  /* grab_article() chose a form, a footer, a dialog… */
  gboolean    short_post;        /* the first attempt found a short article */
} Extractor;

/* ------------------------------------------------------------------ */
/* Strings: JavaScript's notions of whitespace and length               */

static inline gboolean
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
static inline gsize
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

static inline gboolean
is_cjk (gunichar c)
{
  return lectern_text_is_cjk (c);
}

static inline gboolean
is_blank (const char *str)
{
  for (const char *p = str; p && *p; p = g_utf8_next_char (p)) {
    if (!is_js_space (g_utf8_get_char (p)))
      return FALSE;
  }

  return TRUE;
}

/* An ASCII-lowercased copy, for the class and id hints. */
static inline char *
ascii_lower (const char *str)
{
  return g_ascii_strdown (str ? str : "", -1);
}

/* A hash of two bytes side by side, for contains_any(). */
#define BYTE_PAIR(a, b) ((((guint)(a) << 3) ^ (guint)(b)) & 511)

static inline gboolean
contains_any (const char         *haystack,
              const char * const *needles)
{
  guint64 pairs[8] = { 0, };

  /* Most elements have neither class nor id: " " holds no needle longer than a byte. */
  if (!haystack[0] || !haystack[1]) {
    for (guint i = 0; needles[i]; i++) {
      if (!needles[i][0] || (!needles[i][1] && needles[i][0] == haystack[0]))
        return TRUE;
    }
    return FALSE;
  }

  /* A needle can only occur where its first two bytes stand side by side: one pass over
   * the haystack (a class or id, short) spares nearly all the searches.
   */
  for (const guchar *p = (const guchar *)haystack; p[0] && p[1]; p++) {
    guint pair = BYTE_PAIR (p[0], p[1]);

    pairs[pair >> 6] |= G_GUINT64_CONSTANT (1) << (pair & 63);
  }

  for (guint i = 0; needles[i]; i++) {
    const guchar *n = (const guchar *)needles[i];

    if (n[0] && n[1]) {
      guint pair = BYTE_PAIR (n[0], n[1]);

      if (!(pairs[pair >> 6] & (G_GUINT64_CONSTANT (1) << (pair & 63))))
        continue;
    }
    if (strstr (haystack, needles[i]))
      return TRUE;
  }

  return FALSE;
}

static inline gboolean
in_list (const char         *s,
         const char * const *list)
{
  for (guint i = 0; list[i]; i++) {
    if (strcmp (s, list[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

/* in_list() in ASCII case, the first byte settling most. */
static inline gboolean
in_list_ci (const char         *s,
            const char * const *list)
{
  for (guint i = 0; list[i]; i++) {
    if ((s[0] | 0x20) == (list[i][0] | 0x20) && g_ascii_strcasecmp (s, list[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

char *_lectern_extractor_js_trim      (char *str);
char *_lectern_extractor_js_normalize (char *str);

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
  /* Tag names are compared a great many times: the first byte settles most. */
  return is_element (node) && node->name[0] == (xmlChar)tag[0] &&
         strcmp ((const char *)node->name, tag) == 0;
}

static inline gboolean
tag_in (xmlNode            *node,
        const char * const *tags)
{
  if (!is_element (node))
    return FALSE;

  for (guint i = 0; tags[i]; i++) {
    if (node->name[0] == (xmlChar)tags[i][0] &&
        strcmp ((const char *)node->name, tags[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

static inline gboolean
is_heading (xmlNode *node)
{
  const char *name;

  if (!is_element (node))
    return FALSE;

  name = (const char *)node->name;

  return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
}

/* The value of an attribute, borrowed from the tree, or NULL. */
static inline const char *
attr (xmlNode    *node,
      const char *name)
{
  if (!is_element (node))
    return NULL;

  for (xmlAttr *a = node->properties; a; a = a->next) {
    /* Equal in ASCII case means equal first bytes with bit 5 set. */
    if ((a->name[0] | 0x20) == (name[0] | 0x20) &&
        g_ascii_strcasecmp ((const char *)a->name, name) == 0) {
      if (a->children && a->children->content)
        return (const char *)a->children->content;
      return "";
    }
  }

  return NULL;
}

static inline guint
element_child_count (xmlNode *node)
{
  guint n = 0;

  for (xmlNode *c = node->children; c; c = c->next) {
    if (is_element (c))
      n++;
  }

  return n;
}

/* The next node in document order inside @root, any type. */
static inline xmlNode *
walk_next (xmlNode  *node,
           xmlNode  *root,
           gboolean  skip_children)
{
  return lectern_xml_next_node (node, root, skip_children);
}

/* Every descendant element of @root named @tag (any tag if NULL), in
 * document order, @root itself excluded.
 */
static inline GPtrArray *
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

static inline GPtrArray *
get_elements_1 (xmlNode    *root,
                const char *tag)
{
  const char *tags[] = { tag, NULL };

  return get_elements (root, tags);
}

static inline xmlNode *
find_element (xmlNode    *root,
              const char *tag)
{
  for (xmlNode *c = walk_next (root, root, FALSE); c; c = walk_next (c, root, FALSE)) {
    if (tag_is (c, tag))
      return c;
  }

  return NULL;
}

static inline void
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
static inline char *
text_content (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  append_text_content (node, out);

  return g_string_free (out, FALSE);
}

/* Readability's _getInnerText. */
static inline char *
inner_text (xmlNode  *node,
            gboolean  normalize)
{
  char *text = _lectern_extractor_js_trim (text_content (node));

  if (normalize)
    _lectern_extractor_js_normalize (text);

  return text;
}

static inline NodeInfo *
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

/* ------------------------------------------------------------------ */
/* Class and id hints                                                   */

/* The class and id of @node, ASCII-lowercased as the hints are matched. */
static inline char *
match_string (xmlNode *node)
{
  const char *klass = attr (node, "class");
  const char *id = attr (node, "id");
  char *match = g_strconcat (klass ? klass : "", " ", id ? id : "", NULL);

  for (char *p = match; *p; p++) {
    if (g_ascii_isupper (*p))
      *p += 'a' - 'A';
  }

  return match;
}

/* ------------------------------------------------------------------ */
/* Measuring subtrees: lectern-extractor-measure.c                      */

/* js_length (inner_text (node, TRUE)): trimming drops the outer runs, and
 * normalising turns each inner run into one character, but only when one of
 * them holds what js_normalize() looks for first.
 */
static inline gsize
stats_inner_length (const NodeStats *stats)
{
  if (stats->units == 0)
    return 0;

  return (gsize)stats->units + (stats->inner_trigger ? stats->inner_runs : stats->inner_ws);
}

/* js_length (text_content (node)) */
static inline gsize
stats_raw_length (const NodeStats *stats)
{
  if (stats->units == 0)
    return stats->lead.length;

  return (gsize)stats->units + stats->lead.length + stats->inner_ws + stats->trail.length;
}

/* The start of inner_text() that inner_text_prefix() gives: longer than any
 * prefix it is tested against.
 */
#define PREFIX_MIN  32
#define PREFIX_SIZE (2 * PREFIX_MIN + 8)

gboolean         _lectern_extractor_embed_is_video             (xmlNode            *node);
const NodeStats *_lectern_extractor_node_stats                 (Extractor          *self,
                                                                xmlNode            *node);
gsize            _lectern_extractor_inner_text_length          (Extractor          *self,
                                                                xmlNode            *node);
gboolean         _lectern_extractor_has_text                   (Extractor          *self,
                                                                xmlNode            *node);
GPtrArray       *_lectern_extractor_find_elements_under        (Extractor          *self,
                                                                xmlNode            *root,
                                                                const char * const *tags,
                                                                gboolean            include_root);
void             _lectern_extractor_inner_text_prefix          (Extractor          *self,
                                                                xmlNode            *node,
                                                                char               *out);
gboolean         _lectern_extractor_is_element_without_content (Extractor          *self,
                                                                xmlNode            *node);
gboolean         _lectern_extractor_has_child_block_element    (Extractor          *self,
                                                                xmlNode            *node);
double           _lectern_extractor_link_density               (Extractor          *self,
                                                                xmlNode            *node);

static inline GPtrArray *
find_elements (Extractor          *self,
               xmlNode            *root,
               const char * const *tags)
{
  return _lectern_extractor_find_elements_under (self, root, tags, FALSE);
}

static inline GPtrArray *
find_elements_1 (Extractor  *self,
                 xmlNode    *root,
                 const char *tag)
{
  const char *tags[] = { tag, NULL };

  return find_elements (self, root, tags);
}

/* ------------------------------------------------------------------ */
/* Metadata: lectern-metadata.c                                         */

/* Titles */
double      _lectern_extractor_text_similarity       (const char *a,
                                                      const char *b);
char       *_lectern_extractor_normalize_for_compare (const char *text);

/* URLs */
char       *_lectern_extractor_resolve_url           (const char *base,
                                                      const char *url);
char       *_lectern_extractor_http_url_or_null      (char       *url);
char       *_lectern_extractor_to_absolute_uri       (Extractor  *self,
                                                      const char *uri);
void        _lectern_extractor_set_base_uri          (Extractor  *self,
                                                      char       *base_uri);
char       *_lectern_extractor_srcset_largest        (const char *srcset);
char       *_lectern_extractor_resolve_srcset        (Extractor  *self,
                                                      const char *srcset);

/* <meta> and JSON-LD */
GPtrArray  *_lectern_extractor_get_metas             (Extractor  *self,
                                                      xmlNode    *root);
void        _lectern_extractor_collect_meta          (Extractor  *self,
                                                      xmlNode    *root);
const char *_lectern_extractor_find_meta             (GPtrArray  *metas,
                                                      const char *key);
GHashTable *_lectern_extractor_read_json_ld          (Extractor  *self,
                                                      xmlDoc     *doc);
void        _lectern_extractor_get_article_metadata  (Extractor  *self,
                                                      xmlDoc     *doc,
                                                      GHashTable *ld);

/* Dates, the title's last touches, links */
gint64      _lectern_extractor_find_published        (Extractor  *self,
                                                      xmlNode    *root,
                                                      GPtrArray  *metas);
void        _lectern_extractor_refine_title          (Extractor  *self,
                                                      xmlDoc     *doc);
void        _lectern_extractor_find_links            (Extractor  *self,
                                                      xmlNode    *root);
void        _lectern_extractor_take_byline           (Extractor  *self,
                                                      xmlNode    *content);

G_END_DECLS
