/* lectern-extractor-measure.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the extractor measures: text as JavaScript counts it, and subtrees.
 *
 * Readability asks the same questions of a node again and again: how long
 * its inner text is, how much of it sits in links, in lists or headings,
 * how many commas, paragraphs and images it holds. The answers are gathered
 * here in one bottom-up pass over each subtree, kept in its NodeInfo and
 * forgotten when the tree under it changes, instead of one walk and one copy
 * of the text per question.
 */

#include "config.h"

#include "lectern-extractor-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Strings: JavaScript's notions of whitespace and length               */

/* Trims JavaScript whitespace from both ends, in place. */
char *
_lectern_extractor_js_trim (char *str)
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
char *
_lectern_extractor_js_normalize (char *str)
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

/* ------------------------------------------------------------------ */
/* Measuring subtrees                                                   */

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

gboolean
_lectern_extractor_embed_is_video (xmlNode *node)
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
    "a", "article", "aside", "audio", "base", "br", "button", "div", "embed", "fieldset",
    "figure", "font", "footer", "form", "h1", "h2", "iframe", "img", "input", "link", "main",
    "meta", "noscript", "object", "p", "picture", "script", "select", "source", "style",
    "table", "template", "textarea", "time", "title", "ul", "video", NULL
  };
  guint first;
  guint last;

  /* The list is sorted: only the names with the same first letter can match. */
  switch (name[0]) {
    case 'a': first = 0; last = 3; break;
    case 'b': first = 4; last = 6; break;
    case 'd': first = 7; last = 7; break;
    case 'e': first = 8; last = 8; break;
    case 'f': first = 9; last = 13; break;
    case 'h': first = 14; last = 15; break;
    case 'i': first = 16; last = 18; break;
    case 'l': first = 19; last = 19; break;
    case 'm': first = 20; last = 21; break;
    case 'n': first = 22; last = 22; break;
    case 'o': first = 23; last = 23; break;
    case 'p': first = 24; last = 25; break;
    case 's': first = 26; last = 29; break;
    case 't': first = 30; last = 34; break;
    case 'u': first = 35; last = 35; break;
    case 'v': first = 36; last = 36; break;
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

#ifdef LECTERN_VERIFY_MEASURES
/* The tags add_element() counts as blocks, and as holders of text. */
static const char * const div_to_p_tags[] = {
  "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL
};

static const char * const textish_tags[] = {
  "span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL
};
#endif

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

      /* The rest of an ASCII word needs nothing but counting. */
      while (*p > ' ' && *p < 0x80 && *p != ',') {
        stats->units++;
        p++;
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

/* Whether @node has children that walk_next() would visit. */
static inline gboolean
is_composite (xmlNode *node)
{
  return node->children && node->type != XML_ENTITY_REF_NODE &&
         node->type != XML_ATTRIBUTE_NODE;
}

static inline gboolean
needs_measuring (xmlNode  *node,
                 gboolean  tags_only)
{
  NodeInfo *info = node->_private;

  return is_composite (node) &&
         !(info && (tags_only ? info->tags_valid : info->stats_valid));
}

/* What an element child adds to its parent's sums. The tags are told apart
 * by their first letter first: this runs for every element of the page.
 */
static void
add_element (NodeStats       *stats,
             xmlNode         *child,
             const NodeStats *child_stats)
{
  const char *name = (const char *)child->name;
  NodeInfo *info = child->_private;
  gboolean block = FALSE;   /* in div_to_p_tags */
  gboolean textish = FALSE; /* in textish_tags */

  switch (name[0]) {
    case 'a':
      if (name[1] == '\0') {
        const char *href = attr (child, "href");

        if (href && href[0] == '#' && href[1])
          stats->hash_length += stats_inner_length (child_stats);
        else
          stats->link_length += stats_inner_length (child_stats);
      }
      break;
    case 'b':
      if (strcmp (name, "br") == 0)
        stats->breaks++;
      else if (strcmp (name, "blockquote") == 0)
        block = TRUE;
      break;
    case 'd':
      block = strcmp (name, "div") == 0 || strcmp (name, "dl") == 0;
      break;
    case 'e':
      if (strcmp (name, "embed") == 0) {
        stats->embeds++;
        if (_lectern_extractor_embed_is_video (child))
          stats->videos++;
      }
      break;
    case 'h':
      if (is_heading (child))
        stats->heading_length += stats_inner_length (child_stats);
      else if (strcmp (name, "hr") == 0)
        stats->breaks++;
      break;
    case 'i':
      if (strcmp (name, "img") == 0) {
        stats->images++;
        block = TRUE;
      } else if (strcmp (name, "input") == 0) {
        stats->inputs++;
      } else if (strcmp (name, "iframe") == 0) {
        stats->embeds++;
        if (_lectern_extractor_embed_is_video (child))
          stats->videos++;
      }
      break;
    case 'l':
      if (strcmp (name, "li") == 0) {
        stats->items++;
        textish = TRUE;
      }
      break;
    case 'o':
      if (strcmp (name, "ol") == 0) {
        stats->list_length += stats_inner_length (child_stats);
        block = TRUE;
      } else if (strcmp (name, "object") == 0) {
        stats->embeds++;
        if (_lectern_extractor_embed_is_video (child))
          stats->videos++;
      }
      break;
    case 'p':
      if (name[1] == '\0') {
        stats->paragraphs++;
        block = TRUE;
      } else if (strcmp (name, "pre") == 0) {
        block = TRUE;
      }
      break;
    case 's':
      textish = strcmp (name, "span") == 0;
      break;
    case 't':
      if (strcmp (name, "table") == 0) {
        block = TRUE;
        if (info && info->data_table)
          stats->data_tables++;
      } else if (strcmp (name, "td") == 0) {
        textish = TRUE;
      }
      break;
    case 'u':
      if (strcmp (name, "ul") == 0) {
        stats->list_length += stats_inner_length (child_stats);
        block = TRUE;
      }
      break;
    default:
      break;
  }

  if (block)
    stats->blocks++;
  if (child_stats->units > 0 && (block || textish))
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
  info->tags_valid = TRUE;
}

/* Only the tags under @node, from its children, whose tags are all valid:
 * all a search needs, without reading any text.
 */
static void
measure_node_tags (Extractor *self,
                   xmlNode   *node)
{
  NodeInfo *info = node_info (self, node, TRUE);
  guint64 tags = 0;

  for (xmlNode *c = node->children; c; c = c->next) {
    if (is_composite (c))
      tags |= ((NodeInfo *)c->_private)->stats.tags;
    tags |= tag_bit (c);
  }

  info->stats.tags = tags;
  info->tags_valid = TRUE;
}

/* The measures of the subtree under @root. Whatever is not known yet is
 * measured bottom-up, without recursion, each node once; afterwards every
 * node under @root has valid measures too, until the tree under it changes.
 */
static const NodeStats *
measure_subtree (Extractor *self,
                 xmlNode   *root,
                 gboolean   tags_only)
{
  xmlNode *node = root;

  g_assert (!is_text (root));

  if (!is_composite (root))
    return &empty_stats;
  if (!needs_measuring (root, tags_only))
    return &((NodeInfo *)root->_private)->stats;

  while (TRUE) {
    xmlNode *child = node->children;

    /* Down while some child still needs measuring. */
    while (child) {
      if (needs_measuring (child, tags_only)) {
        node = child;
        child = node->children;
      } else {
        child = child->next;
      }
    }

    if (tags_only)
      measure_node_tags (self, node);
    else
      measure_node (self, node);

    /* Then up, measuring each parent once its children are done, until
     * a sibling still needs measuring.
     */
    while (TRUE) {
      xmlNode *next;

      if (node == root)
        return &((NodeInfo *)root->_private)->stats;

      for (next = node->next; next && !needs_measuring (next, tags_only); next = next->next)
        ;
      if (next) {
        node = next;
        break;
      }

      node = node->parent;
      if (tags_only)
        measure_node_tags (self, node);
      else
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
      videos += _lectern_extractor_embed_is_video (c);
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

const NodeStats *
_lectern_extractor_node_stats (Extractor *self,
                               xmlNode   *node)
{
  const NodeStats *stats = measure_subtree (self, node, FALSE);

#ifdef LECTERN_VERIFY_MEASURES
  verify_stats (self, node, stats);
#endif

  return stats;
}

/* js_length (inner_text (node, TRUE)) */
gsize
_lectern_extractor_inner_text_length (Extractor *self,
                                      xmlNode   *node)
{
  return stats_inner_length (_lectern_extractor_node_stats (self, node));
}

gboolean
_lectern_extractor_has_text (Extractor *self,
                             xmlNode   *node)
{
  g_autofree char *text = NULL;

  if (is_element (node))
    return _lectern_extractor_node_stats (self, node)->units > 0;

  text = text_content (node);

  return !is_blank (text);
}

/* get_elements() with @root itself too when @include_root, skipping the
 * subtrees that hold none of @tags.
 */
GPtrArray *
_lectern_extractor_find_elements_under (Extractor          *self,
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
  /* Only the tags are measured: the text of scripts and styles, say, need
   * not be read to find them.
   */
  if (is_text (root) || !(measure_subtree (self, root, TRUE)->tags & wanted))
    return out;

  /* Measuring @root measured everything under it, so this costs nothing. */
  n = walk_next (root, root, FALSE);
  while (n) {
    gboolean skip = FALSE;

    if (is_element (n)) {
      if (tag_in (n, tags))
        g_ptr_array_add (out, n);
      skip = !(measure_subtree (self, n, TRUE)->tags & wanted);
    }
    n = walk_next (n, root, skip);
  }

  return out;
}

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
void
_lectern_extractor_inner_text_prefix (Extractor *self,
                                      xmlNode   *node,
                                      char      *out)
{
  gboolean collapse = _lectern_extractor_node_stats (self, node)->inner_trigger;
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

gboolean
_lectern_extractor_is_element_without_content (Extractor *self,
                                               xmlNode   *node)
{
  const NodeStats *stats;
  guint children;

  if (!is_element (node))
    return FALSE;

  stats = _lectern_extractor_node_stats (self, node);
  if (stats->units > 0)
    return FALSE;

  children = element_child_count (node);

  return children == 0 || children == stats->breaks;
}

gboolean
_lectern_extractor_has_child_block_element (Extractor *self,
                                            xmlNode   *node)
{
  return _lectern_extractor_node_stats (self, node)->blocks > 0;
}

double
_lectern_extractor_link_density (Extractor *self,
                                 xmlNode   *node)
{
  const NodeStats *stats = _lectern_extractor_node_stats (self, node);
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

      link_length += _lectern_extractor_inner_text_length (self, c) * coefficient;
    }
  }

  return link_length / text_length;
}
