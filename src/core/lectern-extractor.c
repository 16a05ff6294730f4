/* lectern-extractor.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The article extractor: bytes in, a LecternArticle out.
 *
 * The core of the algorithm follows Mozilla's Readability.js, step by step,
 * because its behaviour is what readers and benchmarks expect; on top of it
 * come what Readability lacks: CJK-aware text measures, Chinese class and
 * text hints, the JSON-LD article body as a fallback, wider lazy image
 * support, title clean-up against the page's own headline, dates, languages
 * and reading time.
 *
 * Readability.js (https://github.com/mozilla/readability) is
 * Copyright (c) 2010 Arc90 Inc, and is licensed under the Apache License,
 * Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0). No code of it is
 * copied here: this is Lectern's own implementation, in C over libxml2, of
 * the same approach. The comments that name Readability's functions
 * (_grabArticle, _getArticleTitle, _getInnerText, …) say which of its steps
 * the code beside them follows.
 *
 * This file holds that core: preparing the document, scoring and picking
 * the candidates, cleaning the article, serialising it, and the entry
 * point. lectern-extractor-measure.c measures text and subtrees,
 * lectern-metadata.c reads titles, URLs, <meta>, JSON-LD and dates, and
 * lectern-extractor-private.h holds what they share.
 *
 * Every walk over the tree is iterative (libxml2 trees can be deep), every
 * per-node datum hangs off node->_private for the length of one call, and
 * nothing outlives the call, so extractions can run on several threads.
 */

#include "config.h"

#include "lectern-extractor.h"

#include "lectern-encoding.h"
#include "lectern-extractor-private.h"
#include "lectern-sanitizer.h"
#include "lectern-xml-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (lectern-extractor-error-quark, lectern_extractor_error)

#define FLAG_STRIP_UNLIKELYS     (1 << 0)
#define FLAG_WEIGHT_CLASSES      (1 << 1)
#define FLAG_CLEAN_CONDITIONALLY (1 << 2)
/* The article is the block around the page's headline: see find_titled_container(). */
#define FLAG_TITLED              (1 << 3)

#define N_TOP_CANDIDATES 5
#define CHAR_THRESHOLD   500

/* The largest decoded page kept for parsing it again, in bytes. */
#define KEEP_TEXT_MAX (1024 * 1024)

static void
extractor_clear (Extractor *self)
{
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->base, g_uri_unref);
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
  g_clear_pointer (&self->ld_modified, g_free);
  g_clear_pointer (&self->ld_language, g_free);
  g_clear_pointer (&self->ld_author, g_free);
  g_clear_pointer (&self->ld_publisher, g_free);
  g_clear_pointer (&self->ld_page_published, g_free);
  g_clear_pointer (&self->ld_page_modified, g_free);
  g_clear_pointer (&self->text_author, g_free);
  g_clear_pointer (&self->canonical, g_free);
  g_clear_pointer (&self->lead_image, g_free);
  g_clear_pointer (&self->infos, g_ptr_array_unref);
  g_clear_pointer (&self->garbage, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* Nodes                                                                */

/* The node helpers only the core uses; lectern-extractor-private.h has the others. */

/* Forgets what was measured in @node and above it, after a change inside
 * @node. A node's measures are only ever valid when those of every node under
 * it are, so the walk up can stop at the first node already invalid.
 */
static void
invalidate (xmlNode *node)
{
  for (; node; node = node->parent) {
    NodeInfo *info = node->_private;

    if (info && !info->tags_valid)
      break;
    if (info)
      info->stats_valid = info->tags_valid = FALSE;
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
  "widget",
  /* The publisher's notices: the terms of reuse, what the ads pay for. */
  "disclaimer", "disclosure", "licence",
  "xiangguan", "tuijian", "pinglun", "fenxiang", "相关", "推荐", "评论", "分享",
  NULL
};

/* An author's box, with the bio and the photo: about the author, not the
 * article, however much prose it holds.
 */
static const char * const author_box_needles[] = {
  "author-bio", "author-desc", "author-box", "author-info", "about-author", "authorbox",
  "author_bio", "author_box", "author_info", NULL
};

static const char * const byline_needles[] = {
  "byline", "author", "dateline", "writtenby", "p-author", NULL
};

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Whether a class token says its element is hidden ("hidden", "is-hidden",
 * "visually-hidden"). A token that hides it only on some screens
 * ("hidden-xs", "hidden-print") or hides only its label or title
 * ("field--label-hidden") says nothing against the text.
 */
static gboolean
says_hidden (const char *lower)
{
  for (const char *p = strstr (lower, "hidden"); p; p = strstr (p + 1, "hidden")) {
    const char *start = p;
    char after = p[6];

    while (start > lower && start[-1] != ' ')
      start--;

    if (after == '-' || after == '_')
      continue;
    if (p - start >= 6 &&
        (strncmp (p - 6, "label-", 6) == 0 || strncmp (p - 6, "title-", 6) == 0))
      continue;

    return TRUE;
  }

  return FALSE;
}

static gboolean
matches_negative (const char *lower)
{
  const char *p;

  if (contains_any (lower, negative_needles) || says_hidden (lower) ||
      contains_any (lower, author_box_needles))
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

/* Whether the element @node is phrasing content by its name alone (as HTML lists it,
 * without a, del and ins). Asked of a great many nodes: the first letter picks the few
 * names to compare.
 */
static gboolean
is_phrasing_tag (xmlNode *node)
{
  const char *name = (const char *)node->name;

  switch (name[0]) {
  case 'a':
    return strcmp (name, "abbr") == 0 || strcmp (name, "audio") == 0;
  case 'b':
    return name[1] == '\0' || strcmp (name, "br") == 0 || strcmp (name, "bdo") == 0 ||
           strcmp (name, "button") == 0;
  case 'c':
    return strcmp (name, "code") == 0 || strcmp (name, "cite") == 0;
  case 'd':
    return strcmp (name, "dfn") == 0 || strcmp (name, "data") == 0 ||
           strcmp (name, "datalist") == 0;
  case 'e':
    return strcmp (name, "em") == 0 || strcmp (name, "embed") == 0;
  case 'i':
    return name[1] == '\0' || strcmp (name, "img") == 0 || strcmp (name, "input") == 0;
  case 'k':
    return strcmp (name, "kbd") == 0;
  case 'l':
    return strcmp (name, "label") == 0;
  case 'm':
    return strcmp (name, "mark") == 0 || strcmp (name, "math") == 0 ||
           strcmp (name, "meter") == 0;
  case 'n':
    return strcmp (name, "noscript") == 0;
  case 'o':
    return strcmp (name, "object") == 0 || strcmp (name, "output") == 0;
  case 'p':
    return strcmp (name, "progress") == 0;
  case 'q':
    return name[1] == '\0';
  case 'r':
    return strcmp (name, "ruby") == 0;
  case 's':
    return strcmp (name, "span") == 0 || strcmp (name, "strong") == 0 ||
           strcmp (name, "sup") == 0 || strcmp (name, "sub") == 0 ||
           strcmp (name, "small") == 0 || strcmp (name, "script") == 0 ||
           strcmp (name, "samp") == 0 || strcmp (name, "select") == 0;
  case 't':
    return strcmp (name, "time") == 0 || strcmp (name, "textarea") == 0;
  case 'v':
    return strcmp (name, "var") == 0;
  case 'w':
    return strcmp (name, "wbr") == 0;
  default:
    return FALSE;
  }
}

static gboolean
is_phrasing_content (xmlNode *node)
{
  xmlNode *n;

  if (is_text (node))
    return TRUE;
  if (!is_element (node))
    return FALSE;
  if (is_phrasing_tag (node))
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
    } else if (is_phrasing_tag (n)) {
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

/* Whether @haystack holds @needle, a lower-case ASCII word, in any case. */
static gboolean
ascii_contains_ci (const char *haystack,
                   const char *needle)
{
  gsize length = strlen (needle);

  for (const char *p = haystack; *p; p++) {
    if ((*p | 0x20) == needle[0] && g_ascii_strncasecmp (p, needle, length) == 0)
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_probably_visible (xmlNode *node)
{
  const char *style = attr (node, "style");
  const char *aria;

  /* Only a style that says display or visibility can hide: most say neither. */
  if (style && *style && (ascii_contains_ci (style, "display") ||
                          ascii_contains_ci (style, "visibility"))) {
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
    if (element_child_count (node) != 1 || _lectern_extractor_has_text (self, node))
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
  /* A <template> is never shown: a browser keeps its content apart from the page. */
  static const char * const styles[] = { "style", "template", NULL };
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *body;
  g_autoptr (GPtrArray) fonts = NULL;

  remove_tags (self, root, styles);

  body = lectern_xml_find_body (doc);
  if (body)
    replace_brs (self, body);

  fonts = find_elements_1 (self, root, "font");
  for (guint i = 0; i < fonts->len; i++)
    set_node_tag (fonts->pdata[i], "span");
}

/* The first "<" + @tag (ASCII, any case) in [@p, @end) that is a whole
 * tag name, or %NULL.
 */
static char *
find_tag_ci (char       *p,
             char       *end,
             const char *tag)
{
  gsize length = strlen (tag);

  while (p < end && (p = memchr (p, '<', end - p))) {
    /* The first byte first: most tags are not the one looked for. (Setting 0x20 lowers a
     * letter and leaves '/' as it is.)
     */
    if ((gsize)(end - p) > length + 1 && (p[1] | 0x20) == tag[0] &&
        g_ascii_strncasecmp (p + 1, tag, length) == 0 &&
        (p[length + 1] == '>' || p[length + 1] == '/' || g_ascii_isspace (p[length + 1])))
      return p;
    p++;
  }

  return NULL;
}

/* In the browser a page is written for, scripts run, and the content of a
 * <noscript> is plain text up to the first </noscript>. libxml2 reads it as
 * markup instead, so an unclosed tag in it ("<noscript><div
 * class="no-js"></noscript>") would take the rest of the page inside the
 * <noscript>, and the page would go with it. The fallbacks are removed
 * before scoring anyway: their markup is blanked out before the parse,
 * except for images, which unwrap_noscript_images() may use, and except
 * where a script lies in between, as when a script writes a "<noscript>".
 */
static gboolean
blank_noscript_markup (char  *text,
                       gsize  length)
{
  char *end = text + length;
  char *p = text;
  gboolean found = FALSE;

  while ((p = find_tag_ci (p, end, "noscript"))) {
    char *content = memchr (p, '>', end - p);
    char *close;

    if (!content)
      break;
    content++;
    close = find_tag_ci (content, end, "/noscript");
    if (!close)
      break;

    if (!find_tag_ci (content, close, "img") && !find_tag_ci (content, close, "picture") &&
        !find_tag_ci (content, close, "script") && !find_tag_ci (content, close, "/script"))
      memset (content, ' ', close - content);
    found = TRUE;
    p = close + 1;
  }

  return found;
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

  if (!self->keep_noscript && blank_noscript_markup (text, length))
    self->had_noscript = TRUE;

  g_free (self->text);
  self->text = text;
  self->text_length = length;

  return TRUE;
}

/* The content of every <noscript> in place of the <noscript>. */
static void
unwrap_noscripts (Extractor *self,
                  xmlNode   *root)
{
  g_autoptr (GPtrArray) noscripts = find_elements_1 (self, root, "noscript");

  for (guint i = 0; i < noscripts->len; i++) {
    xmlNode *noscript = noscripts->pdata[i];

    while (noscript->children) {
      xmlNode *child = noscript->children;

      unlink_node (child);
      xmlAddPrevSibling (noscript, child);
    }
    remove_node (self, noscript);
  }
}

/* Everything before grabbing the article: what Readability's parse() does
 * ahead of _grabArticle, on a fresh parse of the page.
 */
static xmlDoc *
parse_document (Extractor *self)
{
  static const char * const scripts_and_fallbacks[] = { "script", "noscript", NULL };
  static const char * const scripts_only[] = { "script", NULL };
  const char * const *scripts = scripts_and_fallbacks;
  xmlDoc *doc;
  xmlNode *root;

  if (!self->text && !decode_page (self))
    return NULL;

  doc = lectern_xml_read_page (self->text, self->text_length, self->document_uri);

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
  if (self->keep_noscript) {
    unwrap_noscripts (self, root);
    scripts = scripts_only;
  }

  if (!self->meta) {
    g_autoptr (GHashTable) ld = _lectern_extractor_read_json_ld (self, doc);

    remove_tags (self, root, scripts);
    prep_document (self, doc);
    _lectern_extractor_collect_meta (self, root);
    _lectern_extractor_get_article_metadata (self, doc, ld);
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
  gsize length;

  if (!(g_strcmp0 (rel, "author") == 0 ||
        (itemprop && strstr (itemprop, "author")) ||
        contains_any (match, byline_needles)))
    return FALSE;

  {
    g_autofree char *text = _lectern_extractor_js_trim (text_content (node));

    length = js_length (text);
  }

  return length > 0 && length < 100;
}

/* Class names that say comments, which stay unlikely however long they are. */
static const char * const comment_needles[] = {
  "comment", "disqus", "replies", "pinglun", "评论", NULL
};

/* Whether an element whose class or id sounds unlikely ("sidebar",
 * "banner", "footer") is in fact the frame of the page: the root, or an
 * element that holds the page's headline and more than half of its text,
 * named for a layout with a sidebar or a banner beside the content
 * ("layout has-sidebar", "wrapper with-banner"). A real sidebar can be long
 * too, but the headline is not in it. The sidebars and banners inside the
 * frame are still checked one by one. Comments stay unlikely, however long.
 */
static gboolean
is_page_frame (Extractor  *self,
               xmlNode    *node,
               const char *lower,
               gsize       page_length)
{
  if (tag_is (node, "html"))
    return TRUE;

  if (contains_any (lower, comment_needles))
    return FALSE;

  if (2 * _lectern_extractor_inner_text_length (self, node) <= page_length)
    return FALSE;

  return find_element (node, "h1") != NULL;
}

static gboolean
header_duplicates_title (Extractor *self,
                         xmlNode   *node)
{
  g_autofree char *heading = NULL;

  if (!tag_is (node, "h1") && !tag_is (node, "h2"))
    return FALSE;

  heading = inner_text (node, FALSE);

  return _lectern_extractor_text_similarity (self->title, heading) > 0.75;
}

/* The most characters a notice about cookies holds. */
#define COOKIE_NOTICE_MAX 1000

/* Whether @node is a notice about the site's cookies, by its class or id (@match, in lower
 * case) and its size: never part of an article, however few words the article has.
 */
static gboolean
is_cookie_notice (Extractor  *self,
                  xmlNode    *node,
                  const char *match)
{
  static const char * const kinds[] = {
    "law", "notice", "banner", "bar", "consent", "policy", "popup", "overlay", "dialog",
    "accept", "info", "message", "alert", "disclaimer", "hint", NULL
  };

  if (!strstr (match, "cookie") || tag_in (node, (const char * const[]) { "html", "body",
                                                                           "main", "article",
                                                                           NULL }))
    return FALSE;

  return contains_any (match, kinds) &&
         _lectern_extractor_inner_text_length (self, node) <= COOKIE_NOTICE_MAX;
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

/* Whether @value, a class or an id, has "close" as a word of its own: "close",
 * "btn-close", "popup_close" (not "closed", nor "modalFloatingCloseBtn").
 */
static gboolean
names_closing (const char *value)
{
  for (const char *p = value; p && *p; p++) {
    if ((*p | 0x20) == 'c' && g_ascii_strncasecmp (p, "close", 5) == 0 &&
        (p == value || strchr (" -_", p[-1])) &&
        (p[5] == '\0' || strchr (" -_", p[5])))
      return TRUE;
  }

  return FALSE;
}

/* Whether @node is a formula, or a formula's container whose names say nothing of the
 * article ("MathJax CtxtMenu_Attached_0" says "menu").
 */
static gboolean
holds_formula (xmlNode *node)
{
  return tag_is (node, "math") || find_element (node, "math") != NULL;
}

/* Whether @node holds neither the headline nor most of the page: a box beside the
 * article, not one some sites wrap the whole page in.
 */
static gboolean
is_aside_page (Extractor *self,
               xmlNode   *node,
               xmlNode   *headline,
               gsize      page_length)
{
  return !(headline && (headline == node || ancestors_contain (headline, node))) &&
         2 * _lectern_extractor_inner_text_length (self, node) < page_length;
}

/* How far up from the best candidate a post of a thread is looked for. */
#define THREAD_LEVELS_MAX 6

/* Whether @a and @b are blocks of the same kind: the same tag and the same class. */
static gboolean
same_kind (xmlNode *a,
           xmlNode *b)
{
  return is_element (b) && xmlStrEqual (a->name, b->name) &&
         g_strcmp0 (attr (a, "class"), attr (b, "class")) == 0;
}

/* Whether @node is one post of a thread: a block with a class, with at least two of the
 * same kind beside it, and no heading in any of them.
 */
static gboolean
is_thread_post (xmlNode *node)
{
  static const char * const headings[] = { "h1", "h2", "h3", NULL };
  guint posts = 0;

  if (!attr (node, "class") || !node->parent)
    return FALSE;

  for (xmlNode *c = node->parent->children; c; c = c->next) {
    if (!same_kind (node, c))
      continue;
    for (guint i = 0; headings[i]; i++) {
      if (find_element (c, headings[i]))
        return FALSE;
    }
    posts++;
  }

  return posts >= 3;
}

/* Whether @node is a pop-up box: it opens with a control that closes it
 * ("<div class="close">Close [X]</div>", a button named for closing), and it
 * holds neither the headline nor most of the page. A box the page shows over
 * itself on a click, never part of the article.
 */
static gboolean
is_pop_up (Extractor *self,
           xmlNode   *node,
           xmlNode   *headline,
           gsize      page_length)
{
  xmlNode *first = first_element_child (node);

  if (!first || !first->properties ||
      tag_in (node, (const char * const[]) { "html", "body", "main", "article", NULL }))
    return FALSE;
  if (!names_closing (attr (first, "class")) && !names_closing (attr (first, "id")))
    return FALSE;

  return is_aside_page (self, node, headline, page_length);
}

static void prep_article (Extractor *self,
                          xmlNode   *article);

/* Whether the text of @heading is the page's title, or its first or last part (the rest
 * naming the site), @title as _lectern_extractor_normalize_for_compare() gave it.
 */
static gboolean
is_title_part (xmlNode    *heading,
               const char *title)
{
  g_autofree char *text = text_content (heading);
  g_autofree char *norm = _lectern_extractor_normalize_for_compare (text);

  return strlen (norm) >= 10 &&
         (g_str_has_prefix (title, norm) || g_str_has_suffix (title, norm));
}

/* Whether a heading in @article, outside the articles nested in it, reads as the page's
 * headline, @title as _lectern_extractor_normalize_for_compare() gave it.
 */
static gboolean
article_has_headline (xmlNode    *article,
                      const char *title)
{
  for (xmlNode *n = walk_next (article, article, FALSE); n; ) {
    if (tag_is (n, "article")) {
      n = walk_next (n, article, TRUE);
      continue;
    }
    if (tag_in (n, (const char * const[]) { "h1", "h2", "h3", NULL }) &&
        is_title_part (n, title))
      return TRUE;
    n = walk_next (n, article, FALSE);
  }

  return FALSE;
}

/* The <article> elements of @page that carry the page's headline, in document order:
 * looked for before the walk removes their headers.
 */
static GPtrArray *
find_titled_articles (Extractor *self,
                      xmlNode   *page)
{
  g_autoptr (GPtrArray) articles = NULL;
  g_autofree char *title = NULL;
  GPtrArray *titled = g_ptr_array_new ();

  if (!self->title)
    return titled;
  title = _lectern_extractor_normalize_for_compare (self->title);
  if (strlen (title) < 10)
    return titled;

  articles = _lectern_extractor_find_elements_under (self, page,
                                                     (const char * const[]) { "article", NULL },
                                                     FALSE);
  /* One article is the page's whatever it carries. */
  if (articles->len < 2)
    return titled;
  for (guint i = 0; i < articles->len; i++) {
    if (article_has_headline (articles->pdata[i], title))
      g_ptr_array_add (titled, articles->pdata[i]);
  }

  return titled;
}

/* A page that shows several articles one after the other (the next stories of an endless
 * scroll, a list of posts) is about the one its title names, not the longest. When the
 * best candidate sits in an <article> that did not carry the page's headline and another
 * <article> that did still has enough text, the best candidate in that one wins instead.
 * @titled is what find_titled_articles() found.
 */
static xmlNode *
titled_article_candidate (Extractor *self,
                          xmlNode   *page,
                          GPtrArray *titled,
                          GPtrArray *candidates,
                          xmlNode   *top)
{
  xmlNode *own = top;
  xmlNode *chosen = NULL;
  xmlNode *best = NULL;

  if (!top || titled->len == 0)
    return top;
  while (is_element (own) && !tag_is (own, "article"))
    own = own->parent;
  if (!is_element (own) || g_ptr_array_find (titled, own, NULL))
    return top;

  for (guint i = 0; i < titled->len && !chosen; i++) {
    xmlNode *article = titled->pdata[i];

    /* Still in the page, and not around the best candidate. */
    if (ancestors_contain (article, page) && !ancestors_contain (own, article) &&
        _lectern_extractor_inner_text_length (self, article) >= CHAR_THRESHOLD)
      chosen = article;
  }
  if (!chosen)
    return top;

  for (guint i = 0; i < candidates->len; i++) {
    xmlNode *candidate = candidates->pdata[i];

    if ((candidate == chosen || ancestors_contain (candidate, chosen)) &&
        (!best || ((NodeInfo *)candidate->_private)->score >
                  ((NodeInfo *)best->_private)->score))
      best = candidate;
  }

  return best ? best : top;
}

/* Whether @match, a class-and-id string, names a comment form or a list of comments
 * ("commentary" is an opinion).
 */
static gboolean
names_comments (const char *match)
{
  for (const char *p = strstr (match, "comment"); p; p = strstr (p + 1, "comment")) {
    if (p[7] != 'a')
      return TRUE;
  }

  return strstr (match, "respond") != NULL;
}

/* Whether a comment form or the comments are inside @node. */
static gboolean
holds_comments (xmlNode *node)
{
  xmlNode *end = next_node (node, TRUE);

  for (xmlNode *n = next_node (node, FALSE); n && n != end; n = next_node (n, FALSE)) {
    g_autofree char *match = NULL;

    if (!n->properties)
      continue;
    match = match_string (n);
    if (names_comments (match))
      return TRUE;
  }

  return FALSE;
}

/* Whether @node is part of the page around its articles: a comment form or the comments,
 * or something in a form, a footer, a navigation, a dialog or a notice about cookies. Such
 * a candidate wins only for want of anything better, and the block around the headline
 * is better.
 */
static gboolean
is_page_furniture (Extractor *self,
                   xmlNode   *node,
                   xmlNode   *headline,
                   gsize      page_length)
{
  static const char * const tags[] = { "footer", "form", "nav", "dialog", NULL };
  static const char * const names[] = { "cookie", NULL };
  g_autofree char *own = match_string (node);

  /* A comment form or a list of comments names itself so; a wrapper of the article may
   * name its comments further up.
   */
  if (names_comments (own))
    return TRUE;

  /* A form, a footer or a dialog around it, unless it holds the headline or most of the
   * page: some sites wrap the whole page in one.
   */
  for (xmlNode *n = node; is_element (n) && !tag_is (n, "body"); n = n->parent) {
    g_autofree char *match = NULL;

    match = match_string (n);
    if ((tag_in (n, tags) || contains_any (match, names)) &&
        is_aside_page (self, n, headline, page_length))
      return TRUE;
  }

  return FALSE;
}

/* The first <h1> or <h2> of @page that reads as the page's headline. */
static xmlNode *
find_headline (Extractor *self,
               xmlNode   *page)
{
  g_autoptr (GPtrArray) headings = NULL;
  g_autofree char *title = NULL;

  if (!self->title || !page)
    return NULL;
  title = _lectern_extractor_normalize_for_compare (self->title);

  headings = _lectern_extractor_find_elements_under (self, page,
                                                     (const char * const[]) { "h1", "h2", NULL },
                                                     FALSE);
  for (guint i = 0; i < headings->len; i++) {
    if (is_title_part (headings->pdata[i], title))
      return headings->pdata[i];
  }

  return NULL;
}

/* How many characters besides its headline the block around it holds at least. */
#define TITLED_CONTAINER_MIN 100

/* The block around the page's headline, for a page where no candidate had enough text:
 * the nearest ancestor of the headline with some text besides it (a short post, a poem,
 * a list of links). %NULL when there is none short of the whole page.
 */
static xmlNode *
find_titled_container (Extractor *self,
                       xmlNode   *page)
{
  xmlNode *headline = find_headline (self, page);

  if (!headline)
    return NULL;

  for (xmlNode *block = headline->parent; is_element (block) && block != page;
       block = block->parent) {
    if (_lectern_extractor_inner_text_length (self, block) >=
        _lectern_extractor_inner_text_length (self, headline) + TITLED_CONTAINER_MIN)
      return block;
  }

  return NULL;
}

/* The most siblings looked at before the best candidate for its lead. */
#define LEAD_SIBLINGS_MAX 4

/* Whether @node, a sibling just before the best candidate, reads as the
 * article's lead or deck: a short block of prose with no links to speak
 * of, in no list, table or form, and with no picture (whose caption is not
 * a lead). Readability joins a sibling only when it scores like the
 * article or is a long paragraph itself, and a lead set in its own header
 * or intro block is neither.
 */
static gboolean
is_lead_block (Extractor *self,
               xmlNode   *node)
{
  static const char * const not_prose[] = {
    "ul", "ol", "dl", "table", "form", "nav", "aside", "footer", "figure", "menu", NULL
  };
  const NodeStats *stats = _lectern_extractor_node_stats (self, node);
  gsize length = stats_inner_length (stats);

  return length >= 80 && length <= 2 * CHAR_THRESHOLD && stats->images == 0 &&
         !tag_in (node, not_prose) && class_weight (self, node) >= 0 &&
         _lectern_extractor_link_density (self, node) < 0.1;
}

/* A lead named so, and where it stands: the <article> or <main> it opens. */
typedef struct {
  xmlNode *node;
  xmlNode *scope;
} NamedLead;

/* The names sites give the block that opens an article under its headline. */
static const char * const lead_names[] = {
  "intro", "lead", "standfirst", "subtitle", "sub-title", "excerpt", "summary", "abstract",
  "deck", NULL
};

/* How many characters may stand in a lead's <article> before it: a kicker, the headline, a
 * date, a byline.
 */
#define NAMED_LEAD_OFFSET_MAX 300

/* Whether @node is a lead by its class or id: a short block of prose, with no links to
 * speak of, that opens its <article> or <main>; its scope is set in @lead.
 */
static gboolean
is_named_lead (Extractor *self,
               xmlNode   *node,
               NamedLead *lead)
{
  static const char * const blocks[] = { "p", "div", "section", "h2", "h3", "span", NULL };
  static const char * const inside[] = { "h1", "h2", "ul", "ol", "table", "form", "figure",
                                         "img", NULL };
  g_autofree char *match = NULL;
  const NodeStats *stats;
  gsize length;
  gsize offset = 0;
  xmlNode *scope;

  if (!tag_in (node, blocks) || (!attr (node, "class") && !attr (node, "id")))
    return FALSE;
  match = match_string (node);
  if (!contains_any (match, lead_names) || strstr (match, "leader") ||
      strstr (match, "related") || strstr (match, "teaser"))
    return FALSE;

  stats = _lectern_extractor_node_stats (self, node);
  length = stats_inner_length (stats);
  if (length < 50 || length > 700 || stats->images > 0 ||
      _lectern_extractor_link_density (self, node) >= 0.3)
    return FALSE;
  for (guint i = 0; inside[i]; i++) {
    if (find_element (node, inside[i]))
      return FALSE;
  }

  for (scope = node->parent; is_element (scope); scope = scope->parent) {
    if (tag_is (scope, "article") || tag_is (scope, "main"))
      break;
  }
  if (!is_element (scope))
    return FALSE;

  /* Only the headline and its kind stand before it. */
  for (xmlNode *n = walk_next (scope, scope, FALSE); n && n != node; ) {
    /* What a reader sees: the spaces that lay out the markup do not count. */
    if (is_text (n) && n->content) {
      for (const char *p = (const char *)n->content; *p; p = g_utf8_next_char (p)) {
        if (!is_js_space (g_utf8_get_char (p)))
          offset++;
      }
    }
    if (offset > NAMED_LEAD_OFFSET_MAX)
      return FALSE;
    n = walk_next (n, scope, tag_in (n, (const char * const[]) { "script", "style", NULL }));
  }

  lead->node = node;
  lead->scope = scope;
  return TRUE;
}

/* The first lead of @page named so, before the walk removes the header it may sit in. */
static gboolean
find_named_lead (Extractor *self,
                 xmlNode   *page,
                 NamedLead *lead)
{
  g_autoptr (GPtrArray) scopes =
    _lectern_extractor_find_elements_under (self, page,
                                            (const char * const[]) { "article", "main", NULL },
                                            FALSE);

  for (guint i = 0; i < scopes->len; i++) {
    xmlNode *scope = scopes->pdata[i];

    for (xmlNode *n = walk_next (scope, scope, FALSE); n; n = walk_next (n, scope, FALSE)) {
      if (is_element (n) && (attr (n, "class") || attr (n, "id")) &&
          is_named_lead (self, n, lead))
        return TRUE;
    }
  }

  return FALSE;
}

/* Whether @lead belongs with the best candidate @top: @top is in the lead's <article> or
 * <main>, in no <article> of its own within it, and neither holds the other. Asked before
 * the article is put together.
 */
static gboolean
is_lead_of (NamedLead *lead,
            xmlNode   *top)
{
  xmlNode *article = top;

  if (!lead->node || top == lead->node || ancestors_contain (top, lead->node) ||
      ancestors_contain (lead->node, top) ||
      (top != lead->scope && !ancestors_contain (top, lead->scope)))
    return FALSE;

  /* A lead in a <main> around the story's own <article> (the one around the best
   * candidate, else the one in it) is the page's, not the story's.
   */
  while (is_element (article) && !tag_is (article, "article"))
    article = article->parent;
  if (!is_element (article))
    article = find_element (top, "article");

  return !article || article == lead->scope || ancestors_contain (lead->scope, article);
}

/* Puts @lead first in @article, unless @article holds its text already. */
static void
join_named_lead (Extractor *self,
                 NamedLead *lead,
                 xmlNode   *article)
{
  g_autofree char *text = NULL;
  g_autofree char *lead_text = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *article_norm = NULL;
  xmlNode *copy;

  lead_text = text_content (lead->node);
  norm = _lectern_extractor_normalize_for_compare (lead_text);
  text = text_content (article);
  article_norm = _lectern_extractor_normalize_for_compare (text);
  if (!*norm || strstr (article_norm, norm))
    return;

  copy = xmlDocCopyNode (lead->node, article->doc, 1);
  if (!tag_is (copy, "p") && !tag_is (copy, "div"))
    set_node_tag (copy, "p");
  if (article->children)
    xmlAddPrevSibling (article->children, copy);
  else
    append_child (article, copy);
  initialize_node (self, copy);
}

static xmlNode *
grab_article (Extractor *self,
              xmlDoc    *doc,
              xmlNode  **out_top)
{
  xmlNode *page = lectern_xml_find_body (doc);
  g_autoptr (GPtrArray) to_score = g_ptr_array_new ();
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr (GPtrArray) titled = NULL;
  xmlNode *headline;
  NamedLead named_lead = { NULL, NULL };
  gboolean lead_of_top;
  xmlNode *top_candidates[N_TOP_CANDIDATES] = { NULL, };
  gboolean strip_unlikely = (self->flags & FLAG_STRIP_UNLIKELYS) != 0;
  gboolean remove_title_header = TRUE;
  gboolean created_top = FALSE;
  xmlNode *node;
  xmlNode *top;
  xmlNode *parent;
  xmlNode *article;
  double threshold;
  gsize page_length;

  if (!page)
    return NULL;

  page_length = _lectern_extractor_inner_text_length (self, page);
  titled = find_titled_articles (self, page);
  headline = find_headline (self, page);
  find_named_lead (self, page, &named_lead);
  self->titled_container = (self->flags & FLAG_TITLED) ? find_titled_container (self, page)
                                                       : NULL;

  node = xmlDocGetRootElement (doc);
  while (node) {
    g_autofree char *owned_match = NULL;
    const char *match = " ";
    const char *role;

    if (tag_is (node, "html")) {
      const char *lang = attr (node, "lang");

      g_free (self->lang);
      self->lang = g_strdup (lang);
    }

    /* An element without attributes has no class or id to match: most have none. */
    if (node->properties)
      match = owned_match = match_string (node);

    if (!is_probably_visible (node)) {
      node = remove_and_get_next (self, node);
      continue;
    }

    if ((g_strcmp0 (attr (node, "aria-modal"), "true") == 0 &&
         g_strcmp0 (attr (node, "role"), "dialog") == 0) ||
        is_cookie_notice (self, node, match) ||
        is_pop_up (self, node, headline, page_length)) {
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

      self->dom_byline = _lectern_extractor_js_trim (text_content (name_node ? name_node : node));
      node = remove_and_get_next (self, node);
      continue;
    }

    if (remove_title_header && header_duplicates_title (self, node)) {
      remove_title_header = FALSE;
      node = remove_and_get_next (self, node);
      continue;
    }

    if (strip_unlikely) {
      const char *lower = match;

      if (contains_any (lower, unlikely_needles) &&
          !contains_any (lower, maybe_candidate_needles) &&
          !has_ancestor_tag (self, node, "table", 3, FALSE) &&
          !has_ancestor_tag (self, node, "code", 3, FALSE) &&
          !tag_is (node, "body") && !tag_is (node, "a") && !holds_formula (node) &&
          !is_page_frame (self, node, lower, page_length) &&
          (!self->titled_container || (node != self->titled_container &&
                                       !ancestors_contain (self->titled_container, node)))) {
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
        _lectern_extractor_is_element_without_content (self, node)) {
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

      if (has_single_tag_inside (node, "p") &&
          _lectern_extractor_link_density (self, node) < 0.25) {
        xmlNode *new_node = first_element_child (node);

        replace_node (node, new_node);
        remove_node (self, node);
        node = new_node;
        g_ptr_array_add (to_score, node);
      } else if (!_lectern_extractor_has_child_block_element (self, node)) {
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

    stats = _lectern_extractor_node_stats (self, elem);
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

    info->score = info->score * (1 - _lectern_extractor_link_density (self, candidate));

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

  top = titled_article_candidate (self, page, titled, candidates, top_candidates[0]);
  if (top != top_candidates[0]) {
    memmove (&top_candidates[1], &top_candidates[0],
             (N_TOP_CANDIDATES - 1) * sizeof (xmlNode *));
    top_candidates[0] = top;
  }
  if (self->titled_container && ancestors_contain (self->titled_container, page)) {
    top = self->titled_container;
    if (!is_scored (top))
      initialize_node (self, top);
  } else if (!top || tag_is (top, "body")) {
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

    /* A table's body or row is no article, though its long cells can
     * outscore every paragraph. The climb starts from the table instead:
     * with its lower score, it goes on to the story that holds the table.
     */
    if (tag_is (top, "tbody") || tag_is (top, "thead") || tag_is (top, "tfoot") ||
        tag_is (top, "tr")) {
      xmlNode *table = top->parent;

      while (is_element (table) && !tag_is (table, "table"))
        table = table->parent;
      if (is_element (table) && is_scored (table))
        top = table;
    }

    if (!is_scored (top))
      initialize_node (self, top);

    parent = top->parent;
    last_score = ((NodeInfo *)top->_private)->score;
    score_threshold = last_score / 3;
    while (is_element (parent) && !tag_is (parent, "body")) {
      double parent_score;

      /* A <table> is scored from its cells, two levels down, with a sixth
       * of their score: less than a third of its row's. Stopping there would
       * take one row of a table in the article for the article.
       */
      if (!is_scored (parent) || tag_is (parent, "table")) {
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
  }

  /* A thread of posts: the best candidate is one of three or more blocks of the same kind
   * side by side, none with a heading of its own (the posts of a forum, not the stories
   * of an endless scroll): the thread is the article.
   */
  {
    xmlNode *post = top;

    for (guint level = 0; level < THREAD_LEVELS_MAX && is_element (post) &&
         !tag_in (post, (const char * const[]) { "body", "main", NULL }); level++) {
      if (is_thread_post (post)) {
        top = post->parent;
        break;
      }
      post = post->parent;
    }
  }

  /* The page marks the body of its article (itemprop="articleBody"): a best candidate
   * deeper inside it that holds less than half of it is one of its parts, wrapped apart
   * from the others where the joining of siblings cannot reach them, and the body is
   * the article.
   */
  for (xmlNode *n = top->parent ? top->parent->parent : NULL;
       is_element (n) && !tag_is (n, "body"); n = n->parent) {
    if (g_strcmp0 (attr (n, "itemprop"), "articleBody") == 0) {
      if (2 * _lectern_extractor_inner_text_length (self, top) <
          _lectern_extractor_inner_text_length (self, n))
        top = n;
      break;
    }
  }
  if (!is_scored (top))
    initialize_node (self, top);

  self->top_is_furniture = is_page_furniture (self, top, headline, page_length);
  /* With the rules off that remove them, a block may take in the comments around a
   * short post: the block around the headline is better.
   */
  if (!self->top_is_furniture && self->short_post &&
      !(self->flags & (FLAG_STRIP_UNLIKELYS | FLAG_TITLED)))
    self->top_is_furniture = holds_comments (top);
  lead_of_top = is_lead_of (&named_lead, top);

  article = xmlNewDocNode (doc, NULL, (const xmlChar *)"div", NULL);
  threshold = MAX (10, ((NodeInfo *)top->_private)->score * 0.2);
  parent = top->parent;

  {
    xmlNode *sibling = first_element_child (parent);
    const char *top_class = attr (top, "class");
    xmlNode *leads[LEAD_SIBLINGS_MAX] = { NULL, };
    guint n_leads = 0;

    /* Back from the best candidate over its lead: short lines (the
     * headline, a date, a byline) are stepped over, and the walk stops at
     * the first block that is neither short nor a lead. An <article> or a
     * <main> holds its own lead: what stands before it is the page's.
     */
    for (xmlNode *s = tag_is (top, "article") || tag_is (top, "main") ||
                      top == self->titled_container ? NULL : prev_element_sibling (top);
         s && n_leads < LEAD_SIBLINGS_MAX;
         s = prev_element_sibling (s)) {
      if (_lectern_extractor_inner_text_length (self, s) < 80)
        continue;
      if (!is_lead_block (self, s))
        break;
      leads[n_leads++] = s;
    }

    while (sibling) {
      xmlNode *next = next_element_sibling (sibling);
      gboolean append = FALSE;

      for (guint i = 0; i < n_leads && !append; i++)
        append = sibling == leads[i];

      if (append || sibling == top) {
        append = TRUE;
      } else if (top != self->titled_container) {
        double bonus = 0;
        const char *sibling_class = attr (sibling, "class");

        if (top_class && *top_class && g_strcmp0 (sibling_class, top_class) == 0)
          bonus += ((NodeInfo *)top->_private)->score * 0.2;

        if (is_scored (sibling) &&
            ((NodeInfo *)sibling->_private)->score + bonus >= threshold) {
          append = TRUE;
        } else if (tag_is (sibling, "p")) {
          double density = _lectern_extractor_link_density (self, sibling);
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

  if (lead_of_top)
    join_named_lead (self, &named_lead, article);
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
      gboolean is_sized;

      if (tag_is (n, "svg")) {
        n = walk_next (n, root, TRUE);
        continue;
      }
      is_sized = tag_in (n, sized);

      /* One pass over the element's attributes, rather than one a name. */
      for (xmlAttr *a = n->properties, *next; a; a = next) {
        const char *name = (const char *)a->name;

        next = a->next;
        if (in_list_ci (name, presentational) ||
            (is_sized && (g_ascii_strcasecmp (name, "width") == 0 ||
                          g_ascii_strcasecmp (name, "height") == 0))) {
          invalidate (n->parent);
          xmlRemoveProp (a);
        }
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
    from_srcset = _lectern_extractor_srcset_largest (srcset);
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

/* The longest label, in characters, that may introduce a block. */
#define BLOCK_LABEL_MAX 80

/* A short line of plain words that ends in a colon, as in "Read also:" or
 * "相关阅读：": it introduces the block that follows it and means nothing
 * without that block.
 */
static gboolean
is_block_label (Extractor *self,
                xmlNode   *node)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!tag_in (node, (const char * const[]) { "p", "div", "span", "strong", "b", "h2", "h3",
                                              "h4", "h5", "h6", NULL }))
    return FALSE;

  length = _lectern_extractor_inner_text_length (self, node);
  if (length == 0 || length > BLOCK_LABEL_MAX ||
      _lectern_extractor_link_density (self, node) > 0 || find_element (node, "img"))
    return FALSE;

  text = inner_text (node, FALSE);

  return g_str_has_suffix (text, ":") || g_str_has_suffix (text, "：");
}

/* Removes a block the cleaning judged not to be the article, and the label
 * line just before it that introduced it.
 */
static void
remove_block (Extractor *self,
              xmlNode   *node)
{
  xmlNode *label = prev_element_sibling (node);

  remove_node (self, node);
  if (label && is_block_label (self, label))
    remove_node (self, label);
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
  const NodeStats *stats = _lectern_extractor_node_stats (self, node);
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

    density = _lectern_extractor_link_density (self, node);
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
      remove_block (self, node);
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
    if (embed && _lectern_extractor_embed_is_video (node))
      continue;
    remove_node (self, node);
  }
}

/* Side notes go, as in Readability, but not an <aside> that holds most of
 * the article's text: some pages set their whole content column in one, and
 * removing it would leave the reader with nothing.
 */
static void
clean_asides (Extractor *self,
              xmlNode   *article)
{
  g_autoptr (GPtrArray) nodes = find_elements_1 (self, article, "aside");
  gsize total;

  if (nodes->len == 0)
    return;

  total = _lectern_extractor_inner_text_length (self, article);
  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *node = nodes->pdata[i - 1];

    if (!node->parent)
      continue;
    if (2 * _lectern_extractor_inner_text_length (self, node) > total)
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
  "更多阅读", "阅读更多", "更多精彩", "精彩推荐", "热点推荐", "相关链接", "相关专题", "往期回顾",
  "作者简介", "关于作者", "责任编辑", "Related Coverage", "Related Stories", "Related stories",
  "More stories", "Read next", "Recommended for you", "Schon gelesen", "Siehe auch",
  "Weitere Artikel", "Neueste Artikel", "Auch interessant", "Ähnliche Beiträge",
  "Ähnliche Artikel", "Verwandte Artikel", "Mehr zum Thema", "Weitere Beiträge",
  "Das könnte Sie auch", "Das könnte dich auch", "Das Thema könnte", "Lesen Sie auch",
  "Lies auch", "Zum Weiterlesen", "Weiterführende Links", "Weiterführender Link",
  "Passend zum Thema", "Über den Autor", "Über die Autorin", "Lire aussi", "À lire aussi",
  "A lire aussi", "Sur le même sujet", "Articles similaires", "Leia também", "Leia mais",
  "Veja também", "Veja Também", "Lee también", "Lea también", "Te puede interesar",
  "PUEDES VER", "Puedes ver", "Noticias relacionadas", "Artículos relacionados", "Czytaj także",
  "Czytaj też", "Zobacz też", "Zobacz także", "Przeczytaj też", "Leggi anche",
  /* Calls to the reader, and the labels of boxes that are not the article. */
  "Zur Person", "Kontakt:", "Weitere Informationen:", "Zusatzinformationen:",
  "Artikel gefallen?", "Kommentare schreiben", "Lade weitere", "Externer Inhalt",
  "Bild anzeigen", "Zum Vergrößern", "扫一扫", "扫码关注", "关注我们", "点击查看", "查看原图",
  "展开全文", "阅读全文", "加载更多", "免责声明", "版权声明", "本文来源", "返回顶部", "打印本页",
  "关闭窗口", "【打印】", "【关闭】", "【纠错】", "Share this article", "Share on ",
  "Click to share", "Never miss", "Follow us on", "Like this:", "Loading...", "Filed under",
  "Posted in ", "Meistgelesen", "Meistdiskutiert", "Most read", "Most popular",
  "Abonniere unseren", "Abonnieren Sie", "Verpasse keine", "Rezept drucken", "If you enjoyed",
  "Kategorie:", "Categories:", "Category:", "Sign up to", "Subscribe now", "Subscribe to",
  "To view the full story", "Materiał chroniony", "Alle Angaben ohne Gewähr",
  "Du musst angemeldet", "Print this", "Email this",
  /* Lines of meta data: when the page changed, how often it was read. */
  "发布时间", "更新时间", "发布日期", "发布于", "阅读数", "阅读量", "阅读 ", "阅读：", "阅读:",
  "浏览次数", "浏览量", "点击数", "点击量", "点击：", "字号：", "评论(", "评论（", "评论数",
  "Aktualisiert am", "Aktualisiert:", "Zuletzt aktualisiert", "Erstellt am",
  "Aufrufe:", "Kommentare insgesamt", "Release Date:", "Updated:", "Last updated:",
  "Mis à jour le", "Publié le", "Actualizado el", "Actualizado:", "Publicado el", "Atualizado em",
  NULL
};

/* Calls to the reader that run to a sentence or two: asking them to
 * subscribe, to follow, to support the paper; and the publisher's notices
 * of its rights or its liability, as long. These go up to
 * CALL_LENGTH_MAX characters, where other labels go only as short lines.
 */
static const char * const call_prefixes[] = {
  "If you enjoyed", "Abonniere unseren", "Abonnieren Sie", "Sign up to", "Subscribe now",
  "Subscribe to", "Never miss", "Follow us on", "Verpasse keine",
  /* The publisher's notices: its rights, its liability. */
  "Materiał chroniony", "Alle Angaben ohne Gewähr",
  NULL
};

#define CALL_LENGTH_MAX 300

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
  _lectern_extractor_inner_text_prefix (self, node, text);
  for (guint i = 0; boilerplate_prefixes[i]; i++) {
    /* The first byte rules out nearly every prefix, and is cheap to look at. */
    if (text[0] != boilerplate_prefixes[i][0])
      continue;
    if (g_str_has_prefix (text, boilerplate_prefixes[i])) {
      /* A quotation says what it says, whatever its first words; one made
       * mostly of a link is a teaser set as a quote.
       */
      if (has_ancestor_tag (self, node, "blockquote", -1, FALSE) &&
          _lectern_extractor_link_density (self, node) < 0.5)
        return FALSE;
      length = _lectern_extractor_inner_text_length (self, node);

      /* A heading or a short line, or a block made mostly of links. */
      if (length < 100 || _lectern_extractor_link_density (self, node) > 0.3)
        return TRUE;

      /* A call to the reader, a sentence or two long. */
      if (length < CALL_LENGTH_MAX) {
        for (guint j = 0; call_prefixes[j]; j++) {
          if (g_str_has_prefix (text, call_prefixes[j]))
            return TRUE;
        }
      }
    }
  }

  return FALSE;
}

/* The longest label, in characters, that may stand before a teaser link. */
#define TEASER_LABEL_MAX 32

/* A short paragraph or heading made of a label that ends in a colon (or a
 * "»") and a link, as in "Read also: <a>Another story</a>": a teaser for
 * another page, whatever the language of the label. A paragraph that starts
 * with its own words and only later links is a sentence of the article, and
 * stays; so does a label before several links, which lists the article's own
 * sources or files.
 */
static gboolean
is_labelled_teaser (Extractor *self,
                    xmlNode   *node)
{
  g_autoptr (GString) label = NULL;
  xmlNode *link = NULL;
  gsize length;

  if (!tag_in (node, (const char * const[]) { "p", "h2", "h3", "h4", "h5", "h6", NULL }))
    return FALSE;

  length = _lectern_extractor_inner_text_length (self, node);
  if (length == 0 || length > 200 || _lectern_extractor_link_density (self, node) <= 0.5)
    return FALSE;

  label = g_string_new (NULL);
  for (xmlNode *c = walk_next (node, node, FALSE); c; c = walk_next (c, node, FALSE)) {
    if (tag_is (c, "a")) {
      link = c;
      break;
    }
    if (is_text (c) && c->content)
      g_string_append (label, (const char *)c->content);
    if (label->len > 4 * TEASER_LABEL_MAX)
      return FALSE;
  }

  if (!link)
    return FALSE;

  /* One link only: "Sources: <a>a</a>, <a>b</a>" names the article's own material. */
  for (xmlNode *c = walk_next (link, node, TRUE); c; c = walk_next (c, node, TRUE)) {
    if (tag_is (c, "a") || (is_element (c) && find_element (c, "a")))
      return FALSE;
  }

  _lectern_extractor_js_trim (label->str);
  label->len = strlen (label->str);
  if (label->len == 0 || g_utf8_strlen (label->str, -1) > TEASER_LABEL_MAX)
    return FALSE;

  return g_str_has_suffix (label->str, ":") || g_str_has_suffix (label->str, "：") ||
         g_str_has_suffix (label->str, "»");
}

/* A paragraph that is one short link and nothing else. */
static gboolean
is_link_line (Extractor *self,
              xmlNode   *node)
{
  gsize length;

  if (!tag_is (node, "p"))
    return FALSE;

  length = _lectern_extractor_inner_text_length (self, node);

  return length > 0 && length <= 150 && _lectern_extractor_link_density (self, node) >= 0.9;
}

/* Two or more paragraphs in a row that are each only a link are a list of
 * other pages ("related", "latest", "most read") set as paragraphs. A single
 * such paragraph may be the article's own ("Download the report"), and a
 * real list (<ul>, <ol>) is left to the list rules, so neither goes here.
 */
static void
clean_link_runs (Extractor *self,
                 xmlNode   *article)
{
  g_autoptr (GPtrArray) paragraphs = get_elements_1 (article, "p");
  g_autoptr (GPtrArray) run = g_ptr_array_new ();

  for (guint i = 0; i < paragraphs->len; i++) {
    xmlNode *p = paragraphs->pdata[i];
    xmlNode *next;

    if (!is_link_line (self, p))
      continue;
    g_ptr_array_add (run, p);

    next = next_element_sibling (p);
    if (next && is_link_line (self, next))
      continue;

    if (run->len >= 2) {
      for (guint j = run->len; j > 0; j--)
        remove_block (self, run->pdata[j - 1]);
    }
    g_ptr_array_set_size (run, 0);
  }
}

static void
clean_labelled_teasers (Extractor *self,
                        xmlNode   *article)
{
  static const char * const tags[] = { "p", "h2", "h3", "h4", "h5", "h6", NULL };
  g_autoptr (GPtrArray) nodes = get_elements (article, tags);

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *node = nodes->pdata[i - 1];

    if (is_labelled_teaser (self, node))
      remove_node (self, node);
  }
}

/* The longest teaser card, in characters. */
#define TEASER_CARD_MAX 500

/* A teaser for another page: a short block with a heading or a picture that
 * opens with a link (the linked headline or image), maybe followed by a
 * summary, as in the cards of "related" and "latest" boxes.
 */
static gboolean
is_teaser_card (Extractor *self,
                xmlNode   *node)
{
  const NodeStats *stats;
  gsize length;
  double density;

  if (!is_element (node) || tag_in (node, (const char * const[]) { "p", "figure", "table",
                                                                  "blockquote", "pre", NULL }))
    return FALSE;

  stats = _lectern_extractor_node_stats (self, node);
  length = stats_inner_length (stats);
  if (length == 0 || length > TEASER_CARD_MAX)
    return FALSE;
  density = _lectern_extractor_link_density (self, node);
  if (density < 0.15)
    return FALSE;

  /* A picture with a link and nothing else may be a menu of the article's
   * own (platforms, downloads); a teaser says more than its link.
   */
  if (stats->heading_length == 0 && (stats->images == 0 || density >= 0.9))
    return FALSE;

  /* Rows of a table are the table's content. */
  if (has_ancestor_tag (self, node, "table", -1, FALSE))
    return FALSE;

  /* The first words of the card are a link. */
  for (xmlNode *c = walk_next (node, node, FALSE); c; c = walk_next (c, node, FALSE)) {
    if (is_text (c) && !is_blank ((const char *)c->content)) {
      for (xmlNode *a = c->parent; a && a != node->parent; a = a->parent) {
        if (tag_is (a, "a") && attr (a, "href"))
          return TRUE;
      }
      return FALSE;
    }
  }

  return FALSE;
}

/* The fewest cards in a row that make a box of teasers. */
#define TEASER_CARDS_MIN 2

/* Sibling teaser cards in a row, each a linked headline or image with maybe
 * a summary, are a box of links to other pages ("related", "latest", "more
 * from"), however the page names it. The walk looks at each element's
 * children once.
 */
static void
clean_teaser_cards (Extractor *self,
                    xmlNode   *article)
{
  g_autoptr (GPtrArray) parents = get_elements (article, NULL);
  g_autoptr (GPtrArray) run = g_ptr_array_new ();

  g_ptr_array_insert (parents, 0, article);
  for (guint i = parents->len; i > 0; i--) {
    xmlNode *parent = parents->pdata[i - 1];

    if (!parent->parent || element_child_count (parent) < TEASER_CARDS_MIN)
      continue;

    g_ptr_array_set_size (run, 0);
    for (xmlNode *c = first_element_child (parent); ; c = next_element_sibling (c)) {
      if (c && is_teaser_card (self, c)) {
        g_ptr_array_add (run, c);
        continue;
      }
      if (run->len >= TEASER_CARDS_MIN) {
        for (guint j = run->len; j > 0; j--)
          remove_block (self, run->pdata[j - 1]);
      }
      g_ptr_array_set_size (run, 0);
      if (!c)
        break;
    }
  }
}

/* A list of two or more items that are each only a link, under a short
 * heading of its own, is a box of links to other pages ("Related stories",
 * "Mehr zum Thema", "相关阅读"): the heading and the list go.
 */
static void
clean_headed_link_lists (Extractor *self,
                         xmlNode   *article)
{
  static const char * const lists[] = { "ul", "ol", NULL };
  g_autoptr (GPtrArray) nodes = get_elements (article, lists);

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *list = nodes->pdata[i - 1];
    xmlNode *heading;
    guint items = 0;
    gboolean links = TRUE;

    if (!list->parent)
      continue;
    heading = prev_element_sibling (list);
    if (!heading || !is_heading (heading) ||
        _lectern_extractor_inner_text_length (self, heading) > BLOCK_LABEL_MAX)
      continue;

    for (xmlNode *li = first_element_child (list); li && links; li = next_element_sibling (li)) {
      gsize length = _lectern_extractor_inner_text_length (self, li);

      items++;
      links = tag_is (li, "li") && length > 0 && length <= 150 &&
              _lectern_extractor_link_density (self, li) >= 0.9;
    }

    if (links && items >= 2) {
      remove_node (self, list);
      remove_node (self, heading);
    }
  }
}

/* The longest box of links, in characters, that a label of other pages
 * ("Related stories", "Lesen Sie auch", "相关链接") may introduce.
 */
#define LABEL_LINKS_MAX 600

/* A label of other pages followed at once by a block made mostly of links:
 * the label and its links go together, however the links are set (a list,
 * paragraphs, an embedded teaser).
 */
static void
clean_labelled_links (Extractor *self,
                      xmlNode   *article)
{
  static const char * const labels[] = { "p", "div", "span", "h2", "h3", "h4", NULL };
  static const char * const stops[] = { "table", "figure", "pre", "img", "picture", NULL };
  g_autoptr (GPtrArray) nodes = get_elements (article, labels);

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *label = nodes->pdata[i - 1];
    xmlNode *links;
    gsize length;

    if (!label->parent || _lectern_extractor_inner_text_length (self, label) >= 100 ||
        !is_boilerplate_block (self, label))
      continue;
    links = next_element_sibling (label);
    if (!links || tag_in (links, stops) || is_heading (links))
      continue;
    length = _lectern_extractor_inner_text_length (self, links);
    if (length == 0 || length > LABEL_LINKS_MAX ||
        _lectern_extractor_link_density (self, links) < 0.6)
      continue;

    remove_node (self, links);
    remove_node (self, label);
  }
}

/* A box around the article named for what it is, and the most characters
 * it may hold: the longest names its writer (an author box with a short
 * bio), then the pitch of a paywall, the publisher's disclaimer, a shop's
 * affiliate box or the stand-in for an embed that waits for the reader's
 * consent, then the offer of a newsletter (a line, where a whole sign-up
 * box may hold the article's own summary) or the line under a blog post
 * that files it ("This entry was posted in…"), then a line of meta data (a
 * rating, the time of a post).
 */
typedef struct {
  const char *name;
  gsize       max;
} NamedBox;

static const NamedBox named_boxes[] = {
  { "author-box", 1000 }, { "authorbox", 1000 }, { "author-bio", 1000 },
  { "author_bio", 1000 }, { "authorbio", 1000 }, { "about-author", 1000 },
  { "about_author", 1000 }, { "aboutauthor", 1000 }, { "author-info", 1000 },
  { "author_info", 1000 }, { "author-description", 1000 }, { "authordescription", 1000 },
  { "saboxplugin", 1000 }, { "paywall", 500 }, { "rating", 200 },
  { "postmetadata", 200 }, { "post-meta", 200 }, { "entry-meta", 200 },
  { "article__meta", 200 }, { "disclaimer", 500 }, { "disclosure", 500 },
  { "affiliate", 500 }, { "newsletter", 300 }, { "news-letter", 300 },
  { "content-blocker", 500 }, { "consent", 500 }, { "entry-utility", 300 },
  { NULL, 0 }
};

/* Boxes that say what they are in their class or id: an author's box, the
 * pitch of a paywall, a disclaimer, a shop's affiliate box, a line that
 * offers a newsletter, an embed blocked until the reader consents, a
 * rating, the meta data of a post. Each goes when it holds no more than
 * such a box does, so that a wrapper named the same way around the whole
 * article stays.
 */
static void
clean_named_boxes (Extractor *self,
                   xmlNode   *article)
{
  static const char * const stops[] = { "table", "figure", "pre", "blockquote", "code", NULL };
  g_autoptr (GPtrArray) nodes = get_elements (article, NULL);

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *node = nodes->pdata[i - 1];
    g_autofree char *lower = NULL;

    if (!node->parent || tag_in (node, stops) || (!attr (node, "class") && !attr (node, "id")))
      continue;
    lower = match_string (node);
    for (guint j = 0; named_boxes[j].name; j++) {
      if (strstr (lower, named_boxes[j].name) &&
          _lectern_extractor_inner_text_length (self, node) <= named_boxes[j].max) {
        remove_node (self, node);
        break;
      }
    }
  }
}

static void
clean_matched_nodes (Extractor *self,
                     xmlNode   *root)
{
  xmlNode *end = next_node (root, TRUE);
  xmlNode *next = next_node (root, FALSE);

  while (next && next != end) {
    g_autofree char *owned = NULL;
    /* Without attributes, no class or id to match. */
    const char *lower = next->properties ? (owned = match_string (next)) : " ";
    gboolean remove = FALSE;

    if (matches_share (lower))
      remove = stats_raw_length (_lectern_extractor_node_stats (self, next)) < CHAR_THRESHOLD;

    if (!remove)
      remove = is_boilerplate_block (self, next);

    if (remove) {
      xmlNode *node = next;

      next = next_node (node, TRUE);
      remove_block (self, node);
    } else {
      next = next_node (next, FALSE);
    }
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

/* Whether anything a reader sees follows @node inside @root. */
static gboolean
has_content_after (xmlNode *node,
                   xmlNode *root)
{
  static const char * const media[] = {
    "img", "picture", "video", "audio", "iframe", "svg", "math", "table", NULL
  };

  for (xmlNode *c = walk_next (node, root, TRUE); c; c = walk_next (c, root, FALSE)) {
    if (is_text (c) && !is_blank ((const char *)c->content))
      return TRUE;
    if (tag_in (c, media))
      return TRUE;
  }

  return FALSE;
}

/* A heading with nothing after it introduced a block that is gone (a list of
 * related links, a comment form, a newsletter box), or one the page fills in
 * later; either way it heads nothing in the article.
 */
static void
remove_trailing_headings (Extractor *self,
                          xmlNode   *article)
{
  static const char * const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6", NULL };
  g_autoptr (GPtrArray) nodes = get_elements (article, headings);

  for (guint i = nodes->len; i > 0; i--) {
    xmlNode *heading = nodes->pdata[i - 1];
    g_autofree char *text = NULL;

    if (has_content_after (heading, article))
      break;

    /* A heading written as a sentence, full stop and all, is a line of the article. */
    text = inner_text (heading, FALSE);
    if (g_str_has_suffix (text, "."))
      break;
    remove_node (self, heading);
  }
}

/* A heading short enough to name a section. A longer one, or one that ends
 * in a full stop, is a sentence of the article (a standfirst set as a
 * heading) and counts as its content.
 */
static gboolean
is_short_heading (Extractor *self,
                  xmlNode   *heading)
{
  g_autofree char *text = NULL;

  if (_lectern_extractor_inner_text_length (self, heading) > BLOCK_LABEL_MAX)
    return FALSE;
  text = inner_text (heading, FALSE);

  return !g_str_has_suffix (text, ".");
}

/* A heading followed at once by a heading of the same or a higher rank heads
 * an empty section: what stood under it (a list of related links, a teaser
 * box, a form) is gone, or the page fills it in later. One walk in document
 * order keeps the headings not yet followed by any content, innermost last.
 */
static void
remove_empty_sections (Extractor *self,
                       xmlNode   *article)
{
  static const char * const media[] = {
    "img", "picture", "video", "audio", "iframe", "svg", "math", "table", NULL
  };
  g_autoptr (GPtrArray) open = g_ptr_array_new ();
  xmlNode *c = walk_next (article, article, FALSE);

  while (c) {
    if (is_heading (c) && is_short_heading (self, c)) {
      int rank = c->name[1] - '0';

      while (open->len > 0) {
        xmlNode *last = g_ptr_array_index (open, open->len - 1);

        if (last->name[1] - '0' < rank)
          break;
        g_ptr_array_set_size (open, open->len - 1);
        remove_node (self, last);
      }
      g_ptr_array_add (open, c);
      c = walk_next (c, article, TRUE);
      continue;
    }

    if ((is_text (c) && !is_blank ((const char *)c->content)) || tag_in (c, media))
      g_ptr_array_set_size (open, 0);
    c = walk_next (c, article, FALSE);
  }
}

/* The longest line, in characters, that the end of the article may shed. */
#define TRAILING_LINE_MAX 100
/* And the most lines it may shed. */
#define TRAILING_LINES_MAX 6

/* Whether @text ends a sentence: a full stop, a question or an exclamation,
 * in Latin or CJK punctuation, maybe inside closing quotes or brackets.
 */
static gboolean
ends_sentence (const char *text)
{
  static const char * const smileys[] = {
    ":)", ":-)", ";)", ";-)", "=)", ":D", ":-D", ";D", ":(", ":-(", ":P", ":-P", ";P", "^^",
    "<3", NULL
  };
  const char *end = text + strlen (text);

  /* An emoji or a smiley closes a line of a blog as a full stop would. */
  for (guint i = 0; smileys[i]; i++) {
    if (g_str_has_suffix (text, smileys[i]))
      return TRUE;
  }

  while (end > text) {
    const char *prev = g_utf8_find_prev_char (text, end);
    gunichar c = g_utf8_get_char (prev);

    if (c == '"' || c == ')' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0x00BB ||
        c == 0x300D || c == 0xFF09) {
      end = prev;
      continue;
    }

    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 ||
           c == 0xFF01 || c == 0xFF1F || g_unichar_type (c) == G_UNICODE_OTHER_SYMBOL;
  }

  return FALSE;
}

static const char * const line_stops[] = {
  "ul", "ol", "dl", "table", "pre", "blockquote", "figure", "img", "picture", "video",
  "audio", "iframe", "svg", "math", "code", NULL
};

static const char * const empty_stops[] = {
  "ul", "ol", "dl", "table", "pre", "blockquote", "figure", "code", NULL
};

/* Whether the phrasing element @node has no phrasing content beside it, up to a block
 * or a line break on either side: a line of its own.
 */
static gboolean
stands_alone (xmlNode *node)
{
  xmlNode *prev = node->prev;
  xmlNode *next = node->next;

  while (prev && is_text (prev) && is_blank ((const char *)prev->content))
    prev = prev->prev;
  while (next && is_text (next) && is_blank ((const char *)next->content))
    next = next->next;

  return (!prev || tag_is (prev, "br") || (is_element (prev) && !is_phrasing_content (prev))) &&
         (!next || tag_is (next, "br") || (is_element (next) && !is_phrasing_content (next)));
}

/* The leaves of @article in document order: blocks of phrasing content, and
 * anything else a reader sees (lists, tables, figures, media, stray text),
 * where a trimming of lines stops.
 */
static GPtrArray *
get_leaf_blocks (Extractor *self,
                 xmlNode   *article)
{
  GPtrArray *blocks = g_ptr_array_new ();
  xmlNode *c = walk_next (article, article, FALSE);

  while (c) {
    if (tag_in (c, line_stops)) {
      const NodeStats *stats = _lectern_extractor_node_stats (self, c);

      /* An empty list or table (one the page fills in later) shows nothing. */
      if (stats_inner_length (stats) > 0 || stats->images > 0 || !tag_in (c, empty_stops))
        g_ptr_array_add (blocks, c);
      c = walk_next (c, article, TRUE);
      continue;
    }
    if (is_element (c) && !is_phrasing_content (c) && !tag_is (c, "a") &&
        every_child_phrasing (c)) {
      if (_lectern_extractor_has_text (self, c) || find_element (c, "img"))
        g_ptr_array_add (blocks, c);
      c = walk_next (c, article, TRUE);
      continue;
    }
    /* Phrasing content standing alone among blocks ("<p>…</p><time>3 April</time>") is
     * a line of its own.
     */
    if (is_element (c) && is_phrasing_content (c) && c->parent &&
        !every_child_phrasing (c->parent) && stands_alone (c) &&
        _lectern_extractor_has_text (self, c)) {
      g_ptr_array_add (blocks, c);
      c = walk_next (c, article, TRUE);
      continue;
    }
    if (is_text (c) && !is_blank ((const char *)c->content) && c->parent &&
        !every_child_phrasing (c->parent)) {
      g_ptr_array_add (blocks, c);
    }
    c = walk_next (c, article, FALSE);
  }

  return blocks;
}

/* Whether the leaf @block is a short line that is not a sentence, one that
 * the ends of an article may shed; its length goes to @length.
 */
static gboolean
is_loose_line (Extractor *self,
               xmlNode   *block,
               gsize      max,
               gsize     *length)
{
  g_autofree char *text = NULL;

  /* Lines broken by hand ("Yours,<br>Anna") are the author's sign-off. */
  if (!is_element (block) || tag_in (block, line_stops) || find_element (block, "img") ||
      find_element (block, "br") || holds_formula (block))
    return FALSE;
  *length = _lectern_extractor_inner_text_length (self, block);
  if (*length > max)
    return FALSE;
  text = inner_text (block, FALSE);

  return !ends_sentence (text);
}

/* The longest linked call to the reader, in characters. */
#define LINKED_CALL_MAX 200

/* Whether the leaf @block is a short paragraph of which a good part is
 * links, as the article's last words: a call to follow, subscribe, write
 * in or read another part ("Follow us on <a>Twitter</a> and
 * <a>Facebook</a>.", "This entry was posted in <a>News</a>."). Its length
 * goes to @length.
 */
static gboolean
is_linked_call (Extractor *self,
                xmlNode   *block,
                gsize     *length)
{
  if (!is_element (block) || tag_in (block, line_stops) || find_element (block, "img"))
    return FALSE;
  *length = _lectern_extractor_inner_text_length (self, block);

  return *length <= LINKED_CALL_MAX && _lectern_extractor_link_density (self, block) >= 0.4;
}

/* Whether the leaf @block is a picture with no text at all. */
static gboolean
is_bare_picture (Extractor *self,
                 xmlNode   *block)
{
  const NodeStats *stats;

  if (!is_element (block))
    return FALSE;
  stats = _lectern_extractor_node_stats (self, block);

  return stats_inner_length (stats) == 0 &&
         (stats->images > 0 || tag_is (block, "img") || tag_is (block, "picture"));
}

static gboolean is_credit_text (const char *text);

/* The longest notice of copyright that may end an article, in characters. */
#define TRAILING_NOTICE_MAX 400

/* The channels a page asks its readers to follow it on (the networks an article
 * speaks of, or its author's account, are not among them).
 */
static const char * const follow_services[] = {
  "telegram", "whatsapp", "youtube", "google news", NULL
};

/* Whether the leaf @block is the publisher's notice as the article's last words: its
 * copyright ("© 2022 The Paper. This article may not be reprinted…"), or a short call to
 * follow it on a service, with a link or set in bold ("Join our Telegram channel
 * <a>here</a>."). Its length goes to @length.
 */
static gboolean
is_closing_notice (Extractor *self,
                   xmlNode   *block,
                   gsize     *length)
{
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;
  xmlNode *first;

  if (!is_element (block) || tag_in (block, line_stops) || find_element (block, "img"))
    return FALSE;
  *length = _lectern_extractor_inner_text_length (self, block);
  if (*length > TRAILING_NOTICE_MAX)
    return FALSE;
  text = inner_text (block, FALSE);
  if (is_credit_text (text) || g_ascii_strncasecmp (text, "copyright", 9) == 0)
    return TRUE;
  if (*length > LINKED_CALL_MAX)
    return FALSE;

  first = first_element_child (block);
  if (!find_element (block, "a") &&
      !(first && tag_in (first, (const char * const[]) { "strong", "b", NULL }) &&
        _lectern_extractor_inner_text_length (self, first) == *length))
    return FALSE;
  lower = g_utf8_strdown (text, -1);

  return contains_any (lower, follow_services);
}

/* After the last sentence of an article, pages put lines that are not
 * sentences: a source or a date ("aja/PAP", "23.10.2018"), a "share this"
 * or "newsletter" call, the label of a box of links that is gone, a print
 * link. Short lines of text that do not end a sentence are dropped from the
 * end of the article, up to the first sentence, list, table, quote, figure,
 * code block or image, which all belong to the article.
 */
static void
trim_trailing_lines (Extractor *self,
                     xmlNode   *article)
{
  g_autoptr (GPtrArray) blocks = get_leaf_blocks (self, article);
  gsize total = _lectern_extractor_inner_text_length (self, article);
  gsize removed = 0;
  guint lines = 0;
  guint first;

  for (first = blocks->len; first > 0; first--) {
    xmlNode *block = blocks->pdata[first - 1];
    gsize length;

    /* Pictures without a word (a gallery, the pictures of teasers) are
     * passed over and kept.
     */
    if (is_bare_picture (self, block))
      continue;
    if (!is_loose_line (self, block, TRAILING_LINE_MAX, &length) &&
        !is_linked_call (self, block, &length) &&
        !is_closing_notice (self, block, &length))
      break;
    removed += length;
    lines++;
  }

  /* A few lines at most: a longer run of short lines is a poem, a song, an
   * address or a table set as lines, and most of the article must stay.
   */
  if (lines == 0 || lines > TRAILING_LINES_MAX || removed * 2 > total)
    return;

  for (guint i = first; i < blocks->len; i++) {
    if (!is_bare_picture (self, blocks->pdata[i]))
      remove_node (self, blocks->pdata[i]);
  }
}

/* The longest copyright or credit line, in characters. */
#define CREDIT_LINE_MAX 100

/* Whether @text is a copyright or credit notice: it starts with "©" or
 * "(c)", maybe inside a bracket, as in "© Reuters / Jane Doe" or
 * "(© 2020 The Paper. All rights reserved.)".
 */
static gboolean
is_credit_text (const char *text)
{
  if (*text == '(' || g_str_has_prefix (text, "（"))
    text = g_utf8_next_char (text);
  while (*text == ' ')
    text++;

  return g_str_has_prefix (text, "©") || g_ascii_strncasecmp (text, "(c) ", 4) == 0;
}

/* Lines of their own that are only a copyright or a photo credit name no
 * part of the story; they go wherever they stand. A caption that goes on to
 * describe its picture begins with its own words, and stays.
 */
static void
remove_credit_lines (Extractor *self,
                     xmlNode   *article)
{
  g_autoptr (GPtrArray) blocks = get_leaf_blocks (self, article);

  for (guint i = 0; i < blocks->len; i++) {
    xmlNode *block = blocks->pdata[i];
    g_autofree char *text = NULL;

    if (!is_element (block) || tag_in (block, line_stops) || find_element (block, "img") ||
        _lectern_extractor_inner_text_length (self, block) > CREDIT_LINE_MAX)
      continue;
    text = inner_text (block, FALSE);
    if (is_credit_text (text))
      remove_node (self, block);
  }
}

/* The longest caption, in characters, whose end may be a credit. */
#define CAPTION_MAX 400

/* The longest credit at the end of a caption, in characters. */
#define CAPTION_CREDIT_MAX 80

/* The words that open the credit of a picture, as in "Foto: dpa",
 * "Photograph by Jane Doe", "图/新华社" or "© Reuters".
 */
static const char * const credit_markers[] = {
  "foto:", "fotos:", "fotó:", "fot.", "bild:", "bilder:", "titelbild:", "beitragsbild:",
  "headerbild:", "aufmacherbild:", "symbolbild:", "photo:", "photos:", "photo credit:",
  "photo by ", "photos by ", "photograph:", "photograph by ", "photography by ", "picture:",
  "image:", "images:", "image by ", "image credit:", "imagen:", "imágenes:", "credit:",
  "credits:", "crédito:", "créditos:", "crédit:", "crédits:", "crédit photo", "quelle:",
  "source:", "fuente:", "fonte:", "zdjęcie:", "illustration:", "©", "(c) ", "图/", "图：",
  "图:", "摄影：", "摄影:", "摄影/", "摄/", "图片来源", "图源：", "图源:", "供图：",
  NULL
};

/* The credit markers by their first byte, in either case, with their lengths: most places
 * in a caption start none of them, and one look tells so.
 */
typedef struct {
  guint8 first[256];    /* 1 + the index in markers of the first with that byte, or 0 */
  guint8 next[G_N_ELEMENTS (credit_markers)];  /* the same for the next one, or 0 */
  guint8 length[G_N_ELEMENTS (credit_markers)];
} CreditMarkers;

static gpointer
index_credit_markers (gpointer data)
{
  CreditMarkers *index = data;

  /* From the last, so that each list keeps the order of credit_markers. */
  for (guint i = G_N_ELEMENTS (credit_markers) - 1; i > 0; i--) {
    guchar first = (guchar)credit_markers[i - 1][0];

    index->length[i - 1] = strlen (credit_markers[i - 1]);
    index->next[i - 1] = index->first[first];
    index->first[first] = index->first[(guchar)g_ascii_toupper (first)] = i;
  }

  return index;
}

/* The length of the credit marker @text starts with, or 0. */
static gsize
credit_marker_at (const char *text)
{
  static CreditMarkers markers;
  static GOnce once = G_ONCE_INIT;
  const CreditMarkers *index = g_once (&once, index_credit_markers, &markers);

  for (guint i = index->first[(guchar)*text]; i > 0; i = index->next[i - 1]) {
    const char *marker = credit_markers[i - 1];

    /* The second byte too before the call: in Chinese text, the first byte of "图" is the
     * first byte of many a character.
     */
    if ((text[1] >= 'A' && text[1] <= 'Z' ? text[1] + 'a' - 'A' : text[1]) == marker[1] &&
        g_ascii_strncasecmp (text, marker, index->length[i - 1]) == 0)
      return index->length[i - 1];
  }

  return 0;
}

/* Whether @c may stand just before a credit: the end of the caption's
 * sentence or a separator.
 */
static gboolean
precedes_credit (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == '|' || c == '/' || c == ',' || c == ';' ||
         c == ')' || c == 0x2013 || c == 0x2014 || c == '-' || c == 0x00B7 || c == 0x3002 ||
         c == 0xFF01 || c == 0xFF1F || c == 0xFF0C || c == 0xFF1B;
}

static gboolean
is_credit_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x3000;
}

/* Where the credit at the end of @text starts, or -1: a marker ("Foto:",
 * "©") that runs to the end in a few words, inside a bracket, at the start,
 * after the caption's last sentence or a separator, or at the start of an
 * element of its own (@starts holds where the text of each node starts).
 */
static gssize
find_trailing_credit (const char *text,
                      GArray     *starts)
{
  const char *end = text + strlen (text);
  const char *start = end;

  /* A credit runs to the end in a few words, so only the end is searched. */
  for (guint n = 0; n < CAPTION_CREDIT_MAX && start > text; n++)
    start = g_utf8_find_prev_char (text, start);

  for (const char *p = start; *p; p = g_utf8_next_char (p)) {
    const char *cut = p;
    const char *q = p;
    gboolean boundary = FALSE;

    if (credit_marker_at (p) == 0)
      continue;

    /* Passes back over spaces and an opening bracket. */
    while (q > text) {
      const char *prev = g_utf8_find_prev_char (text, q);
      gunichar c = g_utf8_get_char (prev);

      if (is_credit_space (c)) {
        q = prev;
        continue;
      }
      if ((c == '(' || c == '[' || c == 0xFF08) && cut == p) {
        cut = q = prev;
        continue;
      }
      break;
    }
    for (guint i = 0; i < starts->len && !boundary; i++) {
      gsize node_start = g_array_index (starts, gsize, i);

      boundary = node_start > (gsize)(q - text) && node_start <= (gsize)(p - text);
    }

    if (q == text || cut != p || boundary ||
        precedes_credit (g_utf8_get_char (g_utf8_find_prev_char (text, q))))
      return cut - text;
  }

  return -1;
}

/* Cuts the text of @block at @offset in its text content, dropping what
 * follows, and the separators and spaces the kept part ends with.
 */
static void
cut_text (xmlNode *block,
          gsize    offset)
{
  gsize position = 0;
  xmlNode *last = NULL;

  for (xmlNode *c = walk_next (block, block, FALSE); c; c = walk_next (c, block, FALSE)) {
    gsize length;

    if (!is_text (c) || !c->content)
      continue;
    length = strlen ((const char *)c->content);
    if (position + length <= offset) {
      position += length;
      last = c;
      continue;
    }
    if (position < offset) {
      g_autofree char *kept = g_strndup ((const char *)c->content, offset - position);

      xmlNodeSetContent (c, (const xmlChar *)kept);
      last = c;
    } else {
      xmlNodeSetContent (c, (const xmlChar *)"");
    }
    position += length;
    invalidate (c->parent);
  }

  if (last && last->content) {
    g_autofree char *kept = g_strdup ((const char *)last->content);
    char *end = kept + strlen (kept);

    while (end > kept) {
      char *prev = g_utf8_find_prev_char (kept, end);
      gunichar c = g_utf8_get_char (prev);

      if (!is_credit_space (c) && c != '|' && c != '/' && c != 0x2013 && c != 0x2014 &&
          c != '-' && c != 0x00B7)
        break;
      end = prev;
    }
    *end = '\0';
    xmlNodeSetContent (last, (const xmlChar *)kept);
    invalidate (last->parent);
  }
}

/* Whether the element @node is the credit of a picture by its name
 * ("credit", "copyright", "photographer"), or, inside a figure or a
 * caption, names its source or author.
 */
static const char * const credit_names[] = {
  "credit", "copyright", "photographer", "source", "author", NULL
};

static gboolean
is_credit_element (Extractor *self,
                   xmlNode   *node)
{
  g_autofree char *lower = NULL;
  const char *itemprop = attr (node, "itemprop");
  gboolean in_caption = FALSE;

  if (!attr (node, "class") && !attr (node, "id") && !itemprop)
    return FALSE;
  lower = match_string (node);

  /* The names first: they rule out most elements without a walk. */
  if (!contains_any (lower, credit_names) &&
      !(itemprop && (strcmp (itemprop, "copyrightHolder") == 0 ||
                     strcmp (itemprop, "creditText") == 0 || strcmp (itemprop, "author") == 0)))
    return FALSE;
  if (_lectern_extractor_inner_text_length (self, node) > CREDIT_LINE_MAX ||
      find_element (node, "img"))
    return FALSE;

  if (strstr (lower, "credit") || strstr (lower, "copyright") || strstr (lower, "photographer") ||
      (itemprop && (strcmp (itemprop, "copyrightHolder") == 0 ||
                    strcmp (itemprop, "creditText") == 0)))
    return TRUE;

  for (xmlNode *a = node->parent; a && is_element (a) && !in_caption; a = a->parent) {
    g_autofree char *a_match = match_string (a);

    in_caption = tag_in (a, (const char * const[]) { "figure", "figcaption", "caption", NULL }) ||
                 strstr (a_match, "caption") != NULL;
  }

  return in_caption;
}

/* A credit is not the caption: the credit of a picture ("Foto: dpa",
 * "(Photo: Jane Doe)", "© Reuters", an element named "credit") goes from
 * the caption, and the words that describe the picture stay. A short line
 * that is only a credit goes as a whole.
 */
static void
remove_caption_credits (Extractor *self,
                        xmlNode   *article)
{
  g_autoptr (GPtrArray) elements = get_elements (article, NULL);

  for (guint i = elements->len; i > 0; i--) {
    xmlNode *node = elements->pdata[i - 1];

    if (!node->parent || tag_is (node, "a") || tag_in (node, line_stops))
      continue;
    if (is_credit_element (self, node))
      remove_node (self, node);
  }

  g_ptr_array_set_size (elements, 0);
  for (xmlNode *c = walk_next (article, article, FALSE); c; c = walk_next (c, article, FALSE)) {
    if (tag_in (c, (const char * const[]) { "figcaption", "caption", NULL }) ||
        (is_element (c) && !is_phrasing_content (c) && !tag_in (c, line_stops) &&
         every_child_phrasing (c)))
      g_ptr_array_add (elements, c);
  }

  for (guint i = 0; i < elements->len; i++) {
    xmlNode *block = elements->pdata[i];
    g_autoptr (GString) text = NULL;
    g_autoptr (GArray) starts = NULL;
    g_autofree char *head = NULL;
    gssize cut;

    if (!block->parent || is_heading (block) || _lectern_extractor_inner_text_length (self, block) > CAPTION_MAX)
      continue;

    text = g_string_new (NULL);
    starts = g_array_new (FALSE, FALSE, sizeof (gsize));
    for (xmlNode *c = walk_next (block, block, FALSE); c; c = walk_next (c, block, FALSE)) {
      if (is_text (c) && c->content) {
        g_array_append_val (starts, text->len);
        g_string_append (text, (const char *)c->content);
      }
    }

    cut = find_trailing_credit (text->str, starts);
    if (cut < 0)
      continue;

    head = g_strndup (text->str, cut);
    if (is_blank (head) && !find_element (block, "img") && !find_element (block, "picture"))
      remove_node (self, block);
    else
      cut_text (block, cut);
  }
}

/* The longest label of an advertisement, in characters. */
#define AD_LABEL_MAX 30

/* Whether @text is only the label of an advertisement, whatever marks
 * around it: "Anzeige", "- Anzeige -", "Advertisement:", "Reklama", "广告".
 */
static gboolean
is_ad_label (const char *text)
{
  static const char * const words[] = {
    "ad", "ads", "advertisement", "advertising", "sponsored", "anzeige", "werbung",
    "gesponsert", "publicité", "publicidad", "pubblicità", "reklama", "реклама", "广告",
    NULL
  };
  g_autoptr (GString) letters = g_string_new (NULL);
  g_autofree char *lower = NULL;

  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_isalpha (c))
      g_string_append_unichar (letters, c);
  }
  lower = g_utf8_strdown (letters->str, -1);

  return in_list (lower, words);
}

/* Lines that only label an advertisement, wherever they stand (a caption
 * included), name no part of the story: the advertisement is gone, and its
 * label goes too.
 */
static void
remove_ad_labels (Extractor *self,
                  xmlNode   *article)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new ();

  for (xmlNode *c = walk_next (article, article, FALSE); c; c = walk_next (c, article, FALSE)) {
    if (is_element (c) && !is_phrasing_content (c) && !tag_in (c, line_stops) &&
        every_child_phrasing (c))
      g_ptr_array_add (blocks, c);
  }

  for (guint i = 0; i < blocks->len; i++) {
    xmlNode *block = blocks->pdata[i];
    g_autofree char *text = NULL;

    if (find_element (block, "img") ||
        _lectern_extractor_inner_text_length (self, block) > AD_LABEL_MAX)
      continue;
    text = inner_text (block, FALSE);
    if (is_ad_label (text))
      remove_node (self, block);
  }
}

/* The longest trail of breadcrumbs, in characters. */
#define BREADCRUMBS_MAX 100

/* Whether the block @block is a trail of breadcrumbs: short, mostly links,
 * with its steps parted by "›", ">", "»" or "/", as in "Home › News ›
 * Energy" or "首页 > 新闻 > 正文".
 */
static gboolean
is_breadcrumbs (Extractor *self,
                xmlNode   *block)
{
  g_autofree char *text = NULL;
  guint separators = 0;

  if (!is_element (block) || find_element (block, "img") ||
      _lectern_extractor_inner_text_length (self, block) > BREADCRUMBS_MAX ||
      _lectern_extractor_link_density (self, block) < 0.5)
    return FALSE;

  text = inner_text (block, FALSE);
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c == 0x203A || c == '>' || c == 0x00BB || c == '/' || c == 0xFF1E)
      separators++;
  }

  return separators >= 2;
}

/* A trail of breadcrumbs among the first lines of the article names where
 * the page stands on its site, not the story: it goes.
 */
static void
remove_breadcrumbs (Extractor *self,
                    xmlNode   *article)
{
  g_autoptr (GPtrArray) blocks = get_leaf_blocks (self, article);
  guint lines = 0;

  for (guint i = 0; i < blocks->len && lines < 3; i++) {
    xmlNode *block = blocks->pdata[i];

    if (is_bare_picture (self, block) || is_heading (block))
      continue;
    lines++;
    if (is_breadcrumbs (self, block))
      remove_node (self, block);
  }
}

/* The longest line, in characters, that the start of the article may shed. */
#define LEADING_LINE_MAX 60

/* Whether the line @block starts the text as a writer does: a greeting
 * ("Dear readers,") or a quotation ("„Crisp outside, creamy inside“").
 */
static gboolean
opens_text (Extractor *self,
            xmlNode   *block)
{
  g_autofree char *text = inner_text (block, FALSE);
  gunichar first = g_utf8_get_char (text);

  return g_str_has_suffix (text, ",") || g_str_has_suffix (text, "，") ||
         g_unichar_type (first) == G_UNICODE_INITIAL_PUNCTUATION ||
         (g_unichar_type (first) == G_UNICODE_OPEN_PUNCTUATION && first != '(') ||
         first == '"' || first == 0x201E;
}

/* Before the first sentence, pages put the article's date, reading time,
 * category, breadcrumbs or photo credit as short lines of their own. Up to
 * TRAILING_LINES_MAX such lines are dropped from the start of the article;
 * headings before them and pictures without words (a logo, the headline
 * again) are passed over and kept, and a later heading, a figure (with its
 * caption), a list or any sentence stops it.
 */
static void
trim_leading_lines (Extractor *self,
                    xmlNode   *article)
{
  g_autoptr (GPtrArray) blocks = get_leaf_blocks (self, article);
  gsize total = _lectern_extractor_inner_text_length (self, article);
  gsize removed = 0;
  guint lines = 0;
  guint end;

  for (end = 0; end < blocks->len; end++) {
    xmlNode *block = blocks->pdata[end];
    gsize length;

    /* Headings and pictures without words (a logo, a repeated headline)
     * are passed over and kept.
     */
    if (is_bare_picture (self, block) || (is_heading (block) && lines == 0))
      continue;
    if (is_heading (block) || !is_loose_line (self, block, LEADING_LINE_MAX, &length) ||
        opens_text (self, block))
      break;
    removed += length;
    lines++;
  }

  if (lines == 0 || lines > TRAILING_LINES_MAX || removed * 2 > total)
    return;

  for (guint i = 0; i < end; i++) {
    xmlNode *block = blocks->pdata[i];

    if (!is_bare_picture (self, block) && !is_heading (block))
      remove_node (self, block);
  }
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
  clean_asides (self, article);

  clean_labelled_links (self, article);
  clean_named_boxes (self, article);

  for (xmlNode *child = first_element_child (article); child;) {
    xmlNode *next = next_element_sibling (child);

    clean_matched_nodes (self, child);
    child = next;
  }

  clean_labelled_teasers (self, article);
  clean_link_runs (self, article);
  clean_teaser_cards (self, article);
  clean_headed_link_lists (self, article);

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
    if (!has_media && !_lectern_extractor_has_text (self, p))
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

  remove_caption_credits (self, article);
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
      g_autofree char *absolute = _lectern_extractor_to_absolute_uri (self, href);

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
      g_autofree char *absolute = _lectern_extractor_to_absolute_uri (self, src);

      set_attr (media, "src", absolute);
    }
    if (poster && *poster) {
      g_autofree char *absolute = _lectern_extractor_to_absolute_uri (self, poster);

      set_attr (media, "poster", absolute);
    }
    if (srcset && *srcset) {
      g_autofree char *absolute = _lectern_extractor_resolve_srcset (self, srcset);

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
      if (_lectern_extractor_is_element_without_content (self, node)) {
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

/* Whether @text may change when composed to NFC: it has a combining mark, or a
 * character whose canonical decomposition does not compose back (U+09DF BENGALI
 * LETTER YYA, U+212B ANGSTROM SIGN). Latin-1 text is always composed.
 */
static gboolean
may_need_composing (const char *text)
{
  const char *p = text;

  while (*p) {
    gunichar c, a, b, composed;

    if ((guchar)*p < 0x80) {
      p++;
      continue;
    }
    c = g_utf8_get_char (p);
    p = g_utf8_next_char (p);
    if (c < 0x300)
      continue;
    if (g_unichar_combining_class (c) != 0)
      return TRUE;
    if (g_unichar_decompose (c, &a, &b) && (!g_unichar_compose (a, b, &composed) || composed != c))
      return TRUE;
  }

  return FALSE;
}

/* The article's text in Unicode's composed form (NFC), the form the web is written
 * in: the same words are stored, searched and compared alike, however the page
 * encoded them.
 */
static void
compose_text (xmlNode *article)
{
  for (xmlNode *n = article; n; n = walk_next (n, article, FALSE)) {
    g_autofree char *composed = NULL;

    if (!is_text (n) || !n->content || !may_need_composing ((const char *)n->content))
      continue;
    composed = g_utf8_normalize ((const char *)n->content, -1, G_NORMALIZE_NFC);
    if (composed && strcmp (composed, (const char *)n->content) != 0)
      xmlNodeSetContent (n, (const xmlChar *)composed);
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

  title = _lectern_extractor_normalize_for_compare (self->title);
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
           is_element (block) && is_phrasing_tag (block))
      block = block->parent;
    while (block != article && is_element (block) && is_phrasing_tag (block))
      block = block->parent;
    if (block == article || tag_is (block, "div") || tag_is (block, "section") ||
        tag_is (block, "article"))
      return;

    text = inner_text (block, TRUE);
    norm = _lectern_extractor_normalize_for_compare (text);
    if (strcmp (norm, title) == 0)
      remove_node (self, block);
    return;
  }
}

/* ------------------------------------------------------------------ */
/* Serialising                                                          */

static const char * const block_tags[] = {
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "div",
  "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
  "table", "tr", "ul", NULL
};

/* Plain text with a blank line between blocks, whitespace collapsed except
 * inside <pre>. The readings set above a ruby's text (<rt>, and the brackets
 * around them, <rp>) are left out: the text reads, and is searched, as written.
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
      if (node->children && !tag_is (node, "rt") && !tag_is (node, "rp"))
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

  density = _lectern_extractor_link_density (self, article);
  for (xmlNode *n = walk_next (article, article, FALSE); n; n = walk_next (n, article, FALSE)) {
    if ((tag_is (n, "p") || tag_is (n, "pre") || tag_is (n, "blockquote")) &&
        _lectern_extractor_inner_text_length (self, n) >= 80)
      paragraphs++;
  }

  /* A page of links: most text sits in links and nothing reads as prose. */
  if (density > 0.5 && paragraphs < 2)
    return FALSE;

  return TRUE;
}

/* Whether @text reads as HTML rather than as plain text: some publishers put the
 * article's markup in its JSON-LD articleBody.
 */
static gboolean
looks_like_markup (const char *text)
{
  static const char * const tags[] = { "<p>", "<p ", "<br", "</p>", "</div>", "</h2>", NULL };

  return contains_any (text, tags);
}

/* The paragraphs of the JSON-LD articleBody, as plain text: its lines, or the text of its
 * blocks when it is markup (nothing of that markup is kept, so nothing in it can run).
 */
static GStrv
dup_json_ld_paragraphs (Extractor *self)
{
  static const char * const blocks[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", NULL
  };
  g_autoptr (GStrvBuilder) builder = NULL;
  xmlDoc *doc;
  xmlNode *body;

  if (!looks_like_markup (self->ld_body))
    return g_strsplit (self->ld_body, "\n", -1);

  doc = lectern_xml_read_html (self->ld_body, strlen (self->ld_body), NULL);
  body = doc ? lectern_xml_find_body (doc) : NULL;
  builder = g_strv_builder_new ();
  for (xmlNode *n = body; n; ) {
    if (tag_in (n, blocks) || (is_text (n) && n->parent == body)) {
      g_autofree char *text = text_content (n);

      g_strv_builder_add (builder, text);
      n = walk_next (n, body, TRUE);
    } else {
      n = walk_next (n, body, FALSE);
    }
  }
  g_clear_pointer (&doc, xmlFreeDoc);

  return g_strv_builder_end (builder);
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

  paragraphs = dup_json_ld_paragraphs (self);
  for (guint i = 0; paragraphs[i]; i++) {
    xmlNode *p;

    _lectern_extractor_js_trim (paragraphs[i]);
    if (!*paragraphs[i])
      continue;
    p = xmlNewDocNode (doc, NULL, (const xmlChar *)"p", NULL);
    append_child (p, xmlNewDocText (doc, (const xmlChar *)paragraphs[i]));
    append_child (page, p);
  }

  return div;
}

/* Puts the blocks of @teaser that the JSON-LD article body does not hold (a standfirst,
 * a picture, a heading) at the start of @article, made from that body by
 * article_from_json_ld().
 */
static void
keep_teaser (Extractor *self,
             xmlNode   *teaser,
             xmlNode   *article)
{
  static const char * const blocks[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table",
    "figure", "img", "picture", NULL
  };
  g_autofree char *article_text = text_content (article);
  g_autofree char *body = _lectern_extractor_normalize_for_compare (article_text);
  xmlNode *page = article->children;
  xmlNode *first = page ? page->children : NULL;

  if (!page)
    return;

  for (xmlNode *n = walk_next (teaser, teaser, FALSE); n; ) {
    g_autofree char *text = NULL;
    g_autofree char *norm = NULL;
    xmlNode *copy;

    if (!tag_in (n, blocks)) {
      n = walk_next (n, teaser, FALSE);
      continue;
    }

    text = text_content (n);
    norm = _lectern_extractor_normalize_for_compare (text);
    if (*norm ? !strstr (body, norm) : find_element (n, "img") || tag_is (n, "img")) {
      copy = xmlDocCopyNode (n, article->doc, 1);
      if (first)
        xmlAddPrevSibling (first, copy);
      else
        append_child (page, copy);
    }
    n = walk_next (n, teaser, TRUE);
  }
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
  xmlDoc   *doc;
  xmlNode  *article;
  gsize     length;
  gboolean  looks_like_article;
  gboolean  furniture;
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
  Attempt attempts[6] = { { NULL, }, };
  Attempt *titled = NULL;
  Attempt *passing = NULL;
  gboolean has_headline = FALSE;
  gboolean next_titled = FALSE;
  Attempt *best = NULL;
  guint n_attempts = 0;
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *body_html = NULL;
  g_autofree char *text = NULL;
  xmlNode *content = NULL;
  xmlNode *top = NULL;
  guint words, chars, minutes;
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
      char *base_uri = NULL;

      /* As in a browser, a <base> only counts when it names an http(s) address; a
       * javascript: one would take every relative link and image with it.
       */
      if (href && *href)
        base_uri =
          _lectern_extractor_http_url_or_null (_lectern_extractor_resolve_url (base_url, href));
      _lectern_extractor_set_base_uri (&self, base_uri ? base_uri : g_strdup (base_url));

      _lectern_extractor_refine_title (&self, attempt->doc);
      _lectern_extractor_find_links (&self, root);
      /* Measuring the block around it waits for the attempt that needs it. */
      has_headline = find_headline (&self, lectern_xml_find_body (attempt->doc)) != NULL;
    }

    self.top_is_furniture = FALSE;
    attempt->article = grab_article (&self, attempt->doc, &top);
    attempt->furniture = self.top_is_furniture;
    g_clear_pointer (&self.garbage, g_ptr_array_unref);

    if (!attempt->article) {
      if (!(self.flags & FLAG_TITLED) && has_headline) {
        self.flags = FLAG_TITLED | FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES |
                     FLAG_CLEAN_CONDITIONALLY;
        continue;
      }
      break;
    }

    attempt->length = _lectern_extractor_inner_text_length (&self, attempt->article);

    /* Enough text, unless it is a page of links: then the rules that
     * picked it may have removed the article (a wrapper named for its
     * sidebar, say), and the next attempt, with fewer rules, runs.
     */
    attempt->looks_like_article = looks_like_article (&self, attempt->article, attempt->length);
    /* With every rule on, too little text that reads as an article: a short post. */
    if (n_attempts == 1)
      self.short_post = attempt->length < CHAR_THRESHOLD && attempt->looks_like_article &&
                        !attempt->furniture;
    if (attempt->length >= CHAR_THRESHOLD && attempt->looks_like_article) {
      if (!attempt->furniture) {
        best = attempt;
        break;
      }
      /* A form or a footer with enough text: the next attempts may find better. */
      if (!passing)
        passing = attempt;
    }

    if (self.flags & FLAG_TITLED) {
      if (self.titled_container)
        titled = attempt;
      break;
    }

    if (self.keep_noscript)
      next_titled = TRUE;
    else if (self.flags & FLAG_STRIP_UNLIKELYS)
      self.flags &= ~FLAG_STRIP_UNLIKELYS;
    else if (self.flags & FLAG_WEIGHT_CLASSES)
      self.flags &= ~FLAG_WEIGHT_CLASSES;
    else if (self.flags & FLAG_CLEAN_CONDITIONALLY)
      self.flags &= ~FLAG_CLEAN_CONDITIONALLY;
    else if (self.had_noscript) {
      /* A page that writes its article with a script may hold it only in
       * its <noscript> fallback: with nothing found elsewhere, the page is
       * read once more with the fallbacks in place, and every rule on.
       */
      self.keep_noscript = TRUE;
      self.flags = FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY;
      g_clear_pointer (&self.text, g_free);
    } else {
      next_titled = TRUE;
    }

    /* Too little text everywhere: a short post, whose few lines score less than a
     * comment form or a sidebar. The block around the headline is read last, with the
     * page as it was (its fallbacks too, when they were read).
     */
    if (next_titled) {
      if (!has_headline)
        break;
      self.flags = FLAG_TITLED | FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES |
                   FLAG_CLEAN_CONDITIONALLY;
    }
  }
  self.titled_container = NULL;

  /* No more parsing: the decoded page can go. */
  g_clear_pointer (&self.text, g_free);

  /* The longest of the attempts, and one that reads as an article before
   * one that does not.
   */
  if (!best) {
    best = passing;
    for (guint i = 0; i < n_attempts && !passing; i++) {
      if (&attempts[i] != titled && attempts[i].article && attempts[i].length > 0 &&
          (!best || attempts[i].looks_like_article > best->looks_like_article ||
           (attempts[i].looks_like_article == best->looks_like_article &&
            attempts[i].length > best->length)))
        best = &attempts[i];
    }
    /* The block around the headline, before a form, a footer or a dialog. */
    if (titled && titled->looks_like_article && titled->length > 0 &&
        (!best || best->furniture || !best->looks_like_article))
      best = titled;
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

  /* A page that shows a teaser of its article (the rest behind a paywall or written by a
   * script) and gives the article whole in its JSON-LD: the JSON-LD is the article.
   */
  if (content && best->doc && best->length < 2 * CHAR_THRESHOLD && self.ld_body &&
      js_length (self.ld_body) >= CHAR_THRESHOLD &&
      js_length (self.ld_body) > 3 * best->length) {
    xmlNode *teaser = content;

    content = best->article = article_from_json_ld (&self, best->doc);
    keep_teaser (&self, teaser, content);
    if (!teaser->parent)
      xmlFreeNode (teaser);
  }

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
  _lectern_extractor_take_byline (&self, content);
  remove_empty_sections (&self, content);
  remove_credit_lines (&self, content);
  remove_ad_labels (&self, content);
  remove_breadcrumbs (&self, content);
  trim_leading_lines (&self, content);
  trim_trailing_lines (&self, content);
  remove_trailing_headings (&self, content);
  compose_text (content);

  if (!self.excerpt) {
    xmlNode *p = find_element (content, "p");

    if (p)
      self.excerpt = _lectern_extractor_js_trim (text_content (p));
  }

  /* The first image that can be fetched; the sanitizer removes the others. */
  for (xmlNode *n = content; n && !self.lead_image; n = walk_next (n, content, FALSE)) {
    if (tag_is (n, "img"))
      self.lead_image = _lectern_extractor_http_url_or_null (g_strdup (attr (n, "src")));
  }

  lectern_sanitize_node (content, self.base_uri);

  if (!self.lang && self.ld_language)
    self.lang = g_strdup (self.ld_language);
  metas = _lectern_extractor_get_metas (&self, xmlDocGetRootElement (best->doc));
  if (!self.lang || !*self.lang) {
    const char *lang = _lectern_extractor_find_meta (metas, "content-language");

    for (guint i = 0; i < metas->len && !lang; i++) {
      const char *equiv = attr (metas->pdata[i], "http-equiv");

      if (equiv && g_ascii_strcasecmp (equiv, "content-language") == 0)
        lang = attr (metas->pdata[i], "content");
    }
    if (!lang)
      lang = _lectern_extractor_find_meta (metas, "og:locale");
    g_free (self.lang);
    self.lang = lang ? g_strdelimit (g_strdup (lang), "_", '-') : NULL;
  }
  if (!self.dir) {
    xmlNode *root = xmlDocGetRootElement (best->doc);

    self.dir = g_strdup (attr (root, "dir"));
  }
  published = _lectern_extractor_find_published (&self, xmlDocGetRootElement (best->doc), metas);
  g_clear_pointer (&metas, g_ptr_array_unref);

  /* The measures are done with: nothing reads node->_private from here on. */
  g_clear_pointer (&self.infos, g_ptr_array_unref);

  body_html = lectern_xml_serialize_children (content->doc, content);
  text = plain_text (content);
  lectern_text_count (text, &words, &chars, &minutes);

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
  lectern_article_set_published_precision (article, published ? self.published_precision :
                                                    LECTERN_DATE_PRECISION_NONE);
  lectern_article_set_modified_at (article, self.modified_at);
  lectern_article_set_modified_precision (article, self.modified_precision);
  lectern_article_set_date_offsets (article,
                                    published == self.published_at ? self.published_offset : 0,
                                    self.modified_at ? self.modified_offset : 0);
  lectern_article_set_language (article, self.lang && *self.lang ? self.lang : NULL);
  lectern_article_set_direction (article, direction_from (self.dir, self.lang));
  lectern_article_set_excerpt (article, self.excerpt);
  lectern_article_set_lead_image (article, self.lead_image);
  lectern_article_set_body_html (article, body_html);
  g_clear_pointer (&body_html, g_free);
  lectern_article_set_plain_text (article, text);
  g_clear_pointer (&text, g_free);
  lectern_article_set_word_count (article, words);
  lectern_article_set_char_count (article, chars);
  lectern_article_set_reading_minutes (article, minutes);

  extractor_clear (&self);

  return g_steal_pointer (&article);
}
