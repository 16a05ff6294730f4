/* lectern-highlight-text.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlight.h"

#include "lectern-highlight-private.h"
#include "lectern-xml-private.h"

#include <stdlib.h>
#include <string.h>

/* The text highlights are anchored in, and the <mark> elements the exports draw them with.
 *
 * The reader computes the same text in JavaScript from the page it shows, and the offsets
 * of a highlight are counted in it, so the two must agree character for character. The
 * rules are those of lectern_highlight_text_from_html(); they follow roughly what a browser
 * shows, but are kept simple enough to be written twice the same way:
 *
 * - The text of every text and CDATA node under the root counts, in document order, except
 *   inside <script>, <style>, <template> and <noscript>.
 * - Outside <pre>, a run of ASCII white space (space, tab, line feed, carriage return, form
 *   feed) is a pending space: one space, written only before the next other character, and
 *   never at the start of the text. Inside <pre>, every character is written as it is.
 * - The start and the end of a block element (see is_block()) are a pending break, if
 *   something was written already: one line feed, written only before the next character,
 *   in place of a pending space.
 * - Nothing pending is written at the end.
 *
 * The script reads the tree a browser built from the stored body, this file the one libxml2
 * built, and the two differ in <pre>: libxml2 keeps a line feed right after <pre> and
 * carriage returns, where a browser drops the one and reads the others as line feeds. Here
 * they are taken as the browser takes them, so that the script needs no such rule.
 *
 * The exports mark a passage by wrapping, in each text node it covers, the part from its
 * first to its last character there, with the white space a space inside the passage stands
 * for; parts that are only white space are left alone.
 */

/* Sorted for bsearch(). */
static const char * const block_names[] = {
  "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
  "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
  "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
  "tfoot", "th", "thead", "tr", "ul",
};

/* Where a character of the text came from: a character of a text node, at a byte offset in
 * its content; for a space the rules write, the first white space it stands for; for a line
 * break, nothing.
 */
typedef struct {
  xmlNode  *node;
  guint     offset;
  guint     length;     /* in bytes of the content */
  gboolean  collapsed;
} Origin;

typedef struct {
  GString  *out;
  GArray   *origins;  /* of Origin, one per character of @out; %NULL if not wanted */
  gboolean  pending_space;
  gboolean  pending_break;
  xmlNode  *space_node;
  guint     space_offset;
} Builder;

static int
compare_name_cb (const void *key,
                 const void *member)
{
  return g_ascii_strcasecmp (key, *(const char * const *)member);
}

static gboolean
is_block (xmlNode *node)
{
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  return bsearch (node->name, block_names, G_N_ELEMENTS (block_names), sizeof (char *),
                  compare_name_cb) != NULL;
}

static gboolean
is_skipped (xmlNode *node)
{
  return lectern_xml_is_element (node, "script") || lectern_xml_is_element (node, "style") ||
         lectern_xml_is_element (node, "template") || lectern_xml_is_element (node, "noscript");
}

static gboolean
is_ascii_space (char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static void
add_origin (Builder  *b,
            xmlNode  *node,
            guint     offset,
            guint     length,
            gboolean  collapsed)
{
  Origin origin = { node, offset, length, collapsed };

  if (b->origins)
    g_array_append_val (b->origins, origin);
}

static void
set_break (Builder *b)
{
  if (b->out->len > 0)
    b->pending_break = TRUE;
}

/* Writes @ch, which stands for the @length bytes of @node's content at @offset, after what
 * is pending.
 */
static void
emit (Builder  *b,
      gunichar  ch,
      xmlNode  *node,
      guint     offset,
      guint     length)
{
  if (b->out->len > 0) {
    if (b->pending_break) {
      g_string_append_c (b->out, '\n');
      add_origin (b, NULL, 0, 0, FALSE);
    } else if (b->pending_space) {
      g_string_append_c (b->out, ' ');
      add_origin (b, b->space_node, b->space_offset, 1, TRUE);
    }
  }

  b->pending_break = FALSE;
  b->pending_space = FALSE;
  g_string_append_unichar (b->out, ch);
  add_origin (b, node, offset, length, FALSE);
}

static void
add_text (Builder  *b,
          xmlNode  *node,
          gboolean  in_pre)
{
  const char *content = (const char *)node->content;
  const char *p;

  if (!content)
    return;

  p = content;

  /* The text a browser has from the same HTML: libxml2 keeps the line feed right after
   * <pre>, which the HTML parser drops, and keeps carriage returns, which a browser's
   * input stream turns into line feeds (only <pre> shows either).
   */
  if (in_pre && !node->prev && lectern_xml_is_element (node->parent, "pre")) {
    if (p[0] == '\r' && p[1] == '\n')
      p += 2;
    else if (p[0] == '\n' || p[0] == '\r')
      p += 1;
  }

  while (*p) {
    const char *next;

    if (!in_pre && is_ascii_space (*p)) {
      if (!b->pending_space) {
        b->pending_space = TRUE;
        b->space_node = node;
        b->space_offset = p - content;
      }
      p++;
      continue;
    }

    if (*p == '\r') {
      next = p[1] == '\n' ? p + 2 : p + 1;
      emit (b, '\n', node, p - content, next - p);
    } else {
      gunichar ch = g_utf8_get_char_validated (p, -1);

      /* libxml2 keeps text UTF-8; a byte that is not stands for itself, as U+FFFD. */
      if (ch == (gunichar)-1 || ch == (gunichar)-2) {
        ch = 0xfffd;
        next = p + 1;
      } else {
        next = g_utf8_next_char (p);
      }
      emit (b, ch, node, p - content, next - p);
    }
    p = next;
  }
}

static void
build_text (Builder *b,
            xmlNode *root)
{
  guint pre_depth = lectern_xml_is_element (root, "pre") ? 1 : 0;
  xmlNode *node = root->children;

  while (node) {
    gboolean enter = FALSE;

    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      add_text (b, node, pre_depth > 0);
    } else if (node->type == XML_ELEMENT_NODE && !is_skipped (node)) {
      if (is_block (node))
        set_break (b);
      if (node->children) {
        if (lectern_xml_is_element (node, "pre"))
          pre_depth++;
        enter = TRUE;
      } else if (is_block (node)) {
        set_break (b);
      }
    }

    if (enter) {
      node = node->children;
      continue;
    }

    /* On to the next node, leaving the elements that end here. */
    while (node != root && !node->next) {
      node = node->parent;
      if (node == root)
        break;
      if (is_block (node))
        set_break (b);
      if (lectern_xml_is_element (node, "pre"))
        pre_depth--;
    }
    node = node == root ? NULL : node->next;
  }
}

/**
 * _lectern_highlight_text_from_node:
 * @root: an element
 *
 * Returns: (transfer full): the text of what is under @root, as
 *   lectern_highlight_text_from_html() computes it
 */
char *
_lectern_highlight_text_from_node (xmlNode *root)
{
  Builder b = { g_string_new (NULL), NULL, FALSE, FALSE, NULL, 0 };

  g_return_val_if_fail (root != NULL, g_strdup (""));

  build_text (&b, root);
  return g_string_free (b.out, FALSE);
}

/**
 * lectern_highlight_text_from_html:
 * @body_html: (nullable): an article's body, as the library stores it
 *
 * The text highlights are anchored in: the characters of the body in document order, with
 * white space collapsed as a browser shows it (except in `<pre>`), a line break between
 * blocks and for each `<br>`, and no space or line break at either end. The reader
 * computes the same text from the page it shows, and a #LecternTextSelector counts its
 * offsets in Unicode code points of it.
 *
 * Returns: (transfer full): the text, empty if there is none
 */
char *
lectern_highlight_text_from_html (const char *body_html)
{
  g_autoptr (xmlDoc) doc = NULL;
  xmlNode *body;

  if (!body_html || !*body_html)
    return g_strdup ("");

  doc = lectern_xml_read_html (body_html, strlen (body_html), NULL);
  body = doc ? lectern_xml_find_body (doc) : NULL;
  if (!body)
    return g_strdup ("");

  return _lectern_highlight_text_from_node (body);
}

/* Marking. */

/* A highlight found in the text: which one, and where. */
typedef struct {
  LecternHighlight *highlight;
  guint             start;
  guint             end;
  guint             order;
} Placed;

/* A part of a text node's content that a highlight covers, in bytes. */
typedef struct {
  guint start;
  guint end;
  guint order;  /* of the highlight, in the Placed array */
} Range;

static int
compare_placed_cb (const void *a,
                   const void *b)
{
  const Placed *pa = a;
  const Placed *pb = b;

  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  if (pa->end != pb->end)
    return pa->end > pb->end ? -1 : 1;
  return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static int
compare_guint_cb (const void *a,
                  const void *b)
{
  guint ua = *(const guint *)a;
  guint ub = *(const guint *)b;

  return ua < ub ? -1 : ua > ub;
}

static gboolean
is_blank_range (const char *content,
                guint       start,
                guint       end)
{
  for (guint i = start; i < end; i++) {
    if (!is_ascii_space (content[i]))
      return FALSE;
  }

  return TRUE;
}

static xmlNode *
new_mark (xmlDoc           *doc,
          LecternHighlight *highlight)
{
  xmlNode *mark = xmlNewDocNode (doc, NULL, (const xmlChar *)"mark", NULL);
  g_autofree char *class = NULL;

  class = g_strdup_printf ("lectern-highlight lectern-highlight-%s",
                           lectern_highlight_color_to_string (
                             lectern_highlight_get_color (highlight)));
  xmlSetProp (mark, (const xmlChar *)"class", (const xmlChar *)class);
  return mark;
}

/* Splits @node at the ends of @ranges and wraps each part that highlights cover in a
 * <mark> per highlight, the one placed first outermost. @node stays in the tree, holding
 * the first part.
 */
static void
wrap_text_node (xmlNode *node,
                GArray  *ranges,
                Placed  *placed)
{
  g_autofree char *content = g_strdup ((const char *)node->content);
  g_autoptr (GArray) bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) covering = g_array_new (FALSE, FALSE, sizeof (guint));
  guint length = strlen (content);
  guint zero = 0;
  xmlNode *previous = NULL;

  g_array_append_val (bounds, zero);
  g_array_append_val (bounds, length);
  for (guint i = 0; i < ranges->len; i++) {
    Range *range = &g_array_index (ranges, Range, i);

    g_array_append_val (bounds, range->start);
    g_array_append_val (bounds, range->end);
  }
  g_array_sort (bounds, compare_guint_cb);

  for (guint i = 0; i + 1 < bounds->len; i++) {
    guint from = g_array_index (bounds, guint, i);
    guint to = g_array_index (bounds, guint, i + 1);
    xmlNode *piece;
    xmlNode *unit;

    if (from == to)
      continue;

    g_array_set_size (covering, 0);
    if (!is_blank_range (content, from, to)) {
      for (guint j = 0; j < ranges->len; j++) {
        Range *range = &g_array_index (ranges, Range, j);

        if (range->start <= from && to <= range->end)
          g_array_append_val (covering, range->order);
      }
      g_array_sort (covering, compare_guint_cb);
    }

    if (!previous) {
      piece = node;
      xmlNodeSetContentLen (node, (const xmlChar *)content + from, to - from);
    } else {
      piece = xmlNewDocTextLen (node->doc, (const xmlChar *)content + from, to - from);
    }

    unit = piece;
    if (covering->len > 0) {
      xmlNode *inner = NULL;

      for (guint j = 0; j < covering->len; j++) {
        xmlNode *mark = new_mark (node->doc, placed[g_array_index (covering, guint, j)].highlight);

        if (inner)
          xmlAddChild (inner, mark);
        else
          unit = mark;
        inner = mark;
      }

      /* Linked by hand where text nodes meet: libxml2 would merge them. */
      if (piece == node) {
        lectern_xml_move_after (unit, node);
        xmlUnlinkNode (node);
      }
      xmlAddChild (inner, piece);
    }

    if (previous)
      lectern_xml_move_after (unit, previous);
    previous = unit;
  }
}

/* Where the note of a passage ending in @node goes: after the block it is in, or inside at
 * the end of a list item, a definition or a cell, where a quote may not stand beside it.
 * Returns the node to put it after, or with @inside the element to append it to.
 */
static xmlNode *
find_note_place (xmlNode  *node,
                 xmlNode  *root,
                 gboolean *inside)
{
  xmlNode *child = node;

  *inside = FALSE;

  for (xmlNode *up = node->parent; up && up != root; up = up->parent) {
    if (up->type != XML_ELEMENT_NODE || !is_block (up) ||
        lectern_xml_is_element (up, "br") || lectern_xml_is_element (up, "hr")) {
      child = up;
      continue;
    }

    if (lectern_xml_is_element (up, "li") || lectern_xml_is_element (up, "dd") ||
        lectern_xml_is_element (up, "dt") || lectern_xml_is_element (up, "td") ||
        lectern_xml_is_element (up, "th")) {
      *inside = TRUE;
      return up;
    }

    /* Parts of a table: the note goes after the table. */
    if (lectern_xml_is_element (up, "caption") || lectern_xml_is_element (up, "tr") ||
        lectern_xml_is_element (up, "thead") || lectern_xml_is_element (up, "tbody") ||
        lectern_xml_is_element (up, "tfoot")) {
      child = up;
      continue;
    }

    return up;
  }

  return child;
}

static xmlNode *
new_note (xmlDoc     *doc,
          const char *note)
{
  xmlNode *quote = xmlNewDocNode (doc, NULL, (const xmlChar *)"blockquote", NULL);
  g_auto (GStrv) lines = g_strsplit (note, "\n", -1);

  xmlSetProp (quote, (const xmlChar *)"class", (const xmlChar *)"lectern-note");
  for (guint i = 0; lines[i]; i++) {
    xmlNode *p;

    if (is_blank_range (lines[i], 0, strlen (lines[i])))
      continue;

    p = xmlNewDocNode (doc, NULL, (const xmlChar *)"p", NULL);
    xmlAddChild (p, xmlNewDocText (doc, (const xmlChar *)lines[i]));
    xmlAddChild (quote, p);
  }

  return quote;
}

static void
free_ranges_cb (gpointer data)
{
  g_array_unref (data);
}

/**
 * _lectern_highlight_mark:
 * @root: the element the body is in
 * @highlights: (element-type LecternHighlight): the highlights of the article
 *
 * Wraps the passages of @highlights in <mark> elements and puts their notes below them;
 * see lectern-highlight-private.h. Every position is computed on the text before anything
 * changes, so highlights that overlap are each drawn whole, nested where they meet.
 */
void
_lectern_highlight_mark (xmlNode   *root,
                         GPtrArray *highlights)
{
  g_autoptr (GArray) placed = NULL;
  g_autoptr (GArray) origins = NULL;
  g_autoptr (GHashTable) node_ranges = NULL;
  g_autoptr (GHashTable) last_notes = NULL;
  g_autofree xmlNode **last_nodes = NULL;
  g_autofree char *text = NULL;
  Builder b = { NULL, };
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_if_fail (root != NULL);

  if (!highlights || highlights->len == 0)
    return;

  origins = g_array_new (FALSE, FALSE, sizeof (Origin));
  b.out = g_string_new (NULL);
  b.origins = origins;
  build_text (&b, root);
  text = g_string_free (b.out, FALSE);

  placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  for (guint i = 0; i < highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (highlights, i);
    const LecternTextSelector *selector;
    Placed p = { highlight, 0, 0, placed->len };

    if (!LECTERN_IS_HIGHLIGHT (highlight))
      continue;

    selector = lectern_highlight_get_selector (highlight);
    if (!selector || !lectern_text_selector_anchor (selector, text, &p.start, &p.end) ||
        p.end > origins->len)
      continue;

    g_array_append_val (placed, p);
  }

  /* In the order of the text: the first is the outermost where they overlap, and notes
   * after the same block follow each other in that order.
   */
  g_array_sort (placed, compare_placed_cb);
  for (guint i = 0; i < placed->len; i++)
    g_array_index (placed, Placed, i).order = i;

  node_ranges = g_hash_table_new_full (NULL, NULL, NULL, free_ranges_cb);
  last_nodes = g_new0 (xmlNode *, placed->len + 1);
  for (guint i = 0; i < placed->len; i++) {
    Placed *p = &g_array_index (placed, Placed, i);
    xmlNode *current = NULL;
    Range range = { 0, 0, i };

    for (guint at = p->start; at <= p->end; at++) {
      Origin *origin = at < p->end ? &g_array_index (origins, Origin, at) : NULL;

      /* Line breaks are between blocks. A space inside the passage is drawn where its
       * white space stands, if that is in a text node the passage covers.
       */
      if (origin && (!origin->node ||
                     (origin->collapsed && (at == p->start || at + 1 == p->end))))
        continue;

      if (current && (!origin || origin->node != current)) {
        GArray *ranges = g_hash_table_lookup (node_ranges, current);

        if (!ranges) {
          ranges = g_array_new (FALSE, FALSE, sizeof (Range));
          g_hash_table_insert (node_ranges, current, ranges);
        }
        g_array_append_val (ranges, range);
        current = NULL;
      }
      if (!origin)
        break;

      if (!current) {
        current = origin->node;
        range.start = origin->offset;
      }
      range.end = origin->offset + origin->length;
      if (!origin->collapsed)
        last_nodes[i] = current;
    }
  }

  g_hash_table_iter_init (&iter, node_ranges);
  while (g_hash_table_iter_next (&iter, &key, &value))
    wrap_text_node (key, value, (Placed *)(void *)placed->data);

  /* The notes, below the passages: the text nodes the passages ended in are still in the
   * tree, now inside the marks.
   */
  last_notes = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < placed->len; i++) {
    Placed *p = &g_array_index (placed, Placed, i);
    const char *note = lectern_highlight_get_note (p->highlight);
    xmlNode *place;
    xmlNode *quote;
    xmlNode *last;
    gboolean inside;

    if (!note || !last_nodes[i])
      continue;

    place = find_note_place (last_nodes[i], root, &inside);
    quote = new_note (root->doc, note);
    if (!quote->children) {
      xmlFreeNode (quote);
      continue;
    }

    last = g_hash_table_lookup (last_notes, place);
    if (last)
      lectern_xml_move_after (quote, last);
    else if (inside)
      xmlAddChild (place, quote);
    else
      lectern_xml_move_after (quote, place);
    g_hash_table_insert (last_notes, place, quote);
  }
}
