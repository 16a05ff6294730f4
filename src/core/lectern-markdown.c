/* lectern-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-markdown.h"

#include "lectern-url.h"
#include "lectern-xml-private.h"

#include <string.h>

/* Saved articles as Markdown: CommonMark with GitHub's pipe tables and ~~strikethrough~~,
 * which Obsidian and most other Markdown readers show as the article was.
 *
 * - Blocks are separated by one blank line: ATX headings, paragraphs, fenced code blocks
 *   (with the language of a `language-xxx` class), block quotes, lists ("-" and "1.",
 *   nested lists indented by the width of their item's marker), thematic breaks ("---").
 *   A list is tight when each of its items holds at most one paragraph followed by lists,
 *   and loose, with blank lines between its items, otherwise. Two lists in a row get
 *   different markers ("-" then "*", "." then ")"), or Markdown would make one of them.
 * - A definition list becomes a paragraph in bold for each term, followed by the paragraphs
 *   of its definitions: Markdown has no definition lists, and the "term / : definition"
 *   syntax of some extensions shows as plain text everywhere else. <summary> is written as
 *   a term too, and a figure as its image followed by its caption in italics.
 * - A table becomes a pipe table when its cells hold only text (paragraphs in a cell are
 *   joined with <br>): its first row is the header, cells spanning several columns are
 *   followed by empty ones, and every row is as wide as the widest. A table with lists,
 *   quotes, code blocks or tables in its cells, or more than MAX_TABLE_COLUMNS columns, is
 *   written cell by cell as paragraphs instead.
 * - Text is collapsed as a browser collapses it, except that a line break between two
 *   Chinese or Japanese characters is dropped rather than turned into a space. Characters
 *   Markdown would read as syntax are escaped with a backslash: always \ * _ ` [ ] < | ~,
 *   an & that starts an entity, an = next to another (which would make the "==" of a
 *   highlight), and at the start of a line # > + - and the "." or ")" of a number that
 *   would start a list, and a line of nothing but = (a heading's underline).
 * - Emphasis is "*", strong emphasis "**", <mark> "==" as Obsidian, Typora and
 *   markdown-it's mark plugin read it (Lectern's highlights are <mark>s). Where
 *   CommonMark's rules on the characters around delimiters would not read them as intended
 *   ("*"foo"*bar", two spans in a row, see close_delimited()), the HTML tags are written
 *   instead: <em>, <strong>, <del>, <mark>. sup, sub, u, ins and kbd have no Markdown and
 *   are written as HTML tags, which Markdown keeps, with Markdown inside them.
 * - Only http, https and mailto links are written as links; images are written with the
 *   path the caller gives, or as their alt text in italics when there is none.
 *
 * The tree is read with lectern_xml_read_html(), which flattens a page nested deeper than
 * LECTERN_XML_MAX_DEPTH rather than dropping what is below that depth, as libxml2 alone
 * does; the walk over it recurses, and writes anything deeper still as plain text. Each
 * paragraph is built in one buffer: emphasis and links write their opening delimiter when
 * they close, once it is known that they are not empty, which moves only their own text.
 */

/* Wider tables are written as paragraphs: every row is padded to the widest one. */
#define MAX_TABLE_COLUMNS 128

/* CommonMark takes list numbers of at most nine digits. */
#define MAX_LIST_NUMBER 999999999

typedef enum {
  KIND_INLINE,
  KIND_SKIP,
  KIND_EM,
  KIND_STRONG,
  KIND_STRIKE,
  KIND_MARK,
  KIND_CODE,
  KIND_TAG,
  KIND_LINK,
  KIND_IMAGE,
  KIND_BREAK,
  KIND_QUOTATION,
  KIND_SPAN,
  /* Blocks from here on. */
  KIND_BLOCK,
  KIND_PARAGRAPH,
  KIND_HEADING,
  KIND_QUOTE,
  KIND_LIST,
  KIND_ORDERED_LIST,
  KIND_PRE,
  KIND_RULE,
  KIND_TABLE,
  KIND_TERM,
  KIND_CAPTION,
} ElementKind;

typedef struct {
  const char  *name;
  ElementKind  kind;
} ElementInfo;

/* Sorted by name for bsearch(). Elements not listed are inline and written as their
 * content: abbr, small, time, ruby …
 */
static const ElementInfo elements[] = {
  { "a", KIND_LINK },
  { "address", KIND_BLOCK },
  { "article", KIND_BLOCK },
  { "aside", KIND_BLOCK },
  { "b", KIND_STRONG },
  { "blockquote", KIND_QUOTE },
  { "body", KIND_BLOCK },
  { "br", KIND_BREAK },
  { "caption", KIND_BLOCK },
  { "center", KIND_BLOCK },
  { "cite", KIND_EM },
  { "code", KIND_CODE },
  { "col", KIND_SKIP },
  { "colgroup", KIND_SKIP },
  { "dd", KIND_BLOCK },
  { "del", KIND_STRIKE },
  { "details", KIND_BLOCK },
  { "dfn", KIND_EM },
  { "dialog", KIND_BLOCK },
  { "dir", KIND_LIST },
  { "div", KIND_BLOCK },
  { "dl", KIND_BLOCK },
  { "dt", KIND_TERM },
  { "em", KIND_EM },
  { "fieldset", KIND_BLOCK },
  { "figcaption", KIND_CAPTION },
  { "figure", KIND_BLOCK },
  { "footer", KIND_BLOCK },
  { "form", KIND_BLOCK },
  { "h1", KIND_HEADING },
  { "h2", KIND_HEADING },
  { "h3", KIND_HEADING },
  { "h4", KIND_HEADING },
  { "h5", KIND_HEADING },
  { "h6", KIND_HEADING },
  { "head", KIND_SKIP },
  { "header", KIND_BLOCK },
  { "hgroup", KIND_BLOCK },
  { "hr", KIND_RULE },
  { "html", KIND_BLOCK },
  { "i", KIND_EM },
  { "img", KIND_IMAGE },
  { "ins", KIND_TAG },
  { "kbd", KIND_TAG },
  { "legend", KIND_BLOCK },
  { "li", KIND_BLOCK },
  { "listing", KIND_PRE },
  { "main", KIND_BLOCK },
  { "mark", KIND_MARK },
  { "menu", KIND_LIST },
  { "nav", KIND_BLOCK },
  { "noscript", KIND_SKIP },
  { "ol", KIND_ORDERED_LIST },
  { "p", KIND_PARAGRAPH },
  { "plaintext", KIND_PRE },
  { "pre", KIND_PRE },
  { "q", KIND_QUOTATION },
  { "s", KIND_STRIKE },
  { "samp", KIND_CODE },
  { "script", KIND_SKIP },
  { "search", KIND_BLOCK },
  { "section", KIND_BLOCK },
  { "span", KIND_SPAN },
  { "strike", KIND_STRIKE },
  { "strong", KIND_STRONG },
  { "style", KIND_SKIP },
  { "sub", KIND_TAG },
  { "summary", KIND_TERM },
  { "sup", KIND_TAG },
  { "table", KIND_TABLE },
  { "tbody", KIND_BLOCK },
  { "td", KIND_BLOCK },
  { "template", KIND_SKIP },
  { "tfoot", KIND_BLOCK },
  { "th", KIND_BLOCK },
  { "thead", KIND_BLOCK },
  { "title", KIND_SKIP },
  { "tr", KIND_BLOCK },
  { "tt", KIND_CODE },
  { "u", KIND_TAG },
  { "ul", KIND_LIST },
  { "var", KIND_EM },
  { "wbr", KIND_SKIP },
  { "xmp", KIND_PRE },
};

typedef enum {
  CONTAINER_QUOTE,
  CONTAINER_ITEM,
} ContainerKind;

/* A block quote or list item: what each line inside it starts with. */
typedef struct {
  ContainerKind kind;
  char          marker[16];      /* "- ", "12. ": the first line of an item */
  guint         width;           /* the indentation of the item's other lines */
  gboolean      marker_pending;  /* no line of the item was written yet */
  gboolean      tight;           /* no blank lines between the blocks of the item */
} Container;

typedef enum {
  SPAN_EM,
  SPAN_STRONG,
  SPAN_STRIKE,
  SPAN_MARK,
  SPAN_LINK,
  SPAN_TAG,
  SPAN_QUOTATION,
} SpanKind;

/* What a line break inside a paragraph becomes. */
typedef enum {
  BREAK_HARD,   /* a backslash at the end of the line */
  BREAK_SPACE,  /* a heading is one line */
  BREAK_TAG,    /* so is a table cell: <br> */
} BreakStyle;

typedef enum {
  SPACE_NONE,
  SPACE_SPACE,
  SPACE_SEGMENT_BREAK,  /* white space with a line break: nothing between CJK characters */
} PendingSpace;

/* Emphasis whose closing delimiter follows punctuation closes only if what comes next is
 * white space or punctuation too. That is known when the next text is written: if it is
 * a letter, the delimiters are replaced with the HTML tags.
 */
typedef struct {
  gboolean    active;
  gsize       open_pos;
  gsize       close_pos;
  gsize       length;      /* of either delimiter */
  const char *html_open;
  const char *html_close;
} Deferred;

/* An open span: where its text starts. */
typedef struct {
  gsize    start;
  SpanKind kind;
} Span;

/* An inline element around blocks (<a><h2>…</h2><p>…</p></a>): it applies to each of the
 * paragraphs and headings inside.
 */
typedef struct {
  SpanKind  kind;
  gboolean  marked;
  char     *arg;
} Ambient;

/* How many of each span are open: a span inside one of its kind writes no delimiters,
 * which would turn emphasis in emphasis into strong emphasis, or nest links.
 */
typedef struct {
  guint em;
  guint strong;
  guint strike;
  guint mark;
  guint link;
} Nesting;

typedef struct {
  /* Borrowed */
  LecternMarkdownImageFunc  image_func;
  gpointer                  user_data;

  /* Owned */
  GString                  *out;
  GArray                   *containers;  /* of Container, outermost first */
  GString                  *text;        /* the paragraph, heading or cell being built */
  GArray                   *spans;       /* of Span, outermost first */
  GArray                   *ambient;     /* of Ambient */

  /* Between blocks. */
  gboolean                  blank;        /* a blank line goes before the next line */
  guint                     blank_depth;  /* the containers it belongs to */
  gsize                     list_end;     /* where the last list ended, to tell two apart */
  guint                     list_depth;
  gboolean                  list_ordered;
  char                      list_delimiter;

  /* Inside a paragraph. */
  gboolean                  inline_only;  /* blocks are line breaks: headings, cells … */
  gboolean                  in_cell;
  BreakStyle                break_style;
  PendingSpace              space;
  guint                     breaks;
  gunichar                  last_char;    /* of the text, not of the delimiters after it */
  gsize                     code_end;     /* where the last code span ended */
  Deferred                  deferred;
  Nesting                   nesting;
} Converter;

static void render_node     (Converter *c,
                             xmlNode   *node,
                             guint      depth);
static void render_children (Converter *c,
                             xmlNode   *node,
                             guint      depth);

/* Characters. */

static int
compare_element_info (const void *key,
                      const void *info)
{
  return strcmp (key, ((const ElementInfo *)info)->name);
}

static ElementKind
element_kind (xmlNode *node)
{
  const ElementInfo *info;

  if (node->type != XML_ELEMENT_NODE)
    return KIND_INLINE;

  info = bsearch (node->name, elements, G_N_ELEMENTS (elements), sizeof (ElementInfo),
                  compare_element_info);
  return info ? info->kind : KIND_INLINE;
}

static gboolean
is_block_kind (ElementKind kind)
{
  return kind >= KIND_BLOCK;
}

/* Whether a block element is somewhere below @node (see mark_blocks()). */
static gboolean
has_block (xmlNode *node)
{
  return node->_private != NULL;
}

static gboolean
is_html_space (char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static gboolean
is_blank_text (const char *text)
{
  for (; text && *text; text++) {
    if (!is_html_space (*text))
      return FALSE;
  }

  return TRUE;
}

/* White space and punctuation as CommonMark's rules on emphasis see them; 0 is the start or
 * the end of a line.
 */
static gboolean
is_space_char (gunichar ch)
{
  return ch == 0 || g_unichar_isspace (ch);
}

static gboolean
is_punct_char (gunichar ch)
{
  return ch < 0x80 ? g_ascii_ispunct (ch) : g_unichar_ispunct (ch);
}

/* Chinese and Japanese do not separate words with spaces; Korean does. */
static gboolean
is_cjk (gunichar ch)
{
  return g_unichar_iswide (ch) && g_unichar_get_script (ch) != G_UNICODE_SCRIPT_HANGUL;
}

static gunichar
char_before (GString *buffer,
             gsize    pos)
{
  if (pos == 0)
    return 0;

  return g_utf8_get_char (g_utf8_find_prev_char (buffer->str, buffer->str + pos));
}

/* Whether the character at @pos is escaped by the backslashes before it. */
static gboolean
is_escaped (GString *buffer,
            gsize    pos)
{
  gsize n = 0;

  while (n < pos && buffer->str[pos - n - 1] == '\\')
    n++;

  return n % 2 == 1;
}

/* Whether "&…" at @text is an entity that Markdown would decode: "&amp;", "&#42;". */
static gboolean
starts_entity (const char *text,
               gsize       length)
{
  gsize i = 0;

  if (i < length && text[i] == '#')
    i++;
  while (i < length && g_ascii_isalnum (text[i]))
    i++;

  return i > 0 && i < length && text[i] == ';' && g_ascii_isalnum (text[i - 1]);
}

/* Appends @text so that Markdown shows it as it is, except at the start of a line (see
 * line_start_escape()).
 */
static void
append_escaped (GString    *buffer,
                const char *text,
                gsize       length)
{
  gsize done = 0;

  for (gsize i = 0; i < length; i++) {
    switch (text[i]) {
      case '&':
        if (!starts_entity (text + i + 1, length - i - 1))
          continue;
        break;
      case '=':
        /* Two in a row would open or close a highlight ("=="), one alone does not. */
        if (!(i + 1 < length && text[i + 1] == '=') && !(i > 0 && text[i - 1] == '=') &&
            !(i == 0 && buffer->len > 0 && buffer->str[buffer->len - 1] == '=' &&
              !is_escaped (buffer, buffer->len - 1)))
          continue;
        break;
      case '\\':
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '<':
      case '|':
      case '~':
        break;
      default:
        continue;
    }

    g_string_append_len (buffer, text + done, i - done);
    g_string_append_c (buffer, '\\');
    done = i;
  }

  g_string_append_len (buffer, text + done, length - done);
}

/* @text with its runs of white space collapsed to one space and none at either end. */
static char *
collapse_spaces (const char *text)
{
  GString *collapsed = g_string_new (NULL);
  gboolean space = FALSE;

  for (; text && *text; text++) {
    if (is_html_space (*text)) {
      space = TRUE;
      continue;
    }
    if (space && collapsed->len > 0)
      g_string_append_c (collapsed, ' ');
    space = FALSE;
    g_string_append_c (collapsed, *text);
  }

  return g_string_free (collapsed, FALSE);
}

/* A link or image destination: in <…> when it holds spaces or parentheses. */
static void
append_destination (GString    *buffer,
                    const char *url)
{
  gboolean angle = *url == '\0' || strpbrk (url, " ()<>") != NULL;

  if (angle)
    g_string_append_c (buffer, '<');

  for (const char *p = url; *p; p++) {
    if (*p == '\\')
      g_string_append (buffer, "\\\\");
    else if (*p == '<' || *p == '>' || (guchar)*p < 0x20 || *p == 0x7f)
      g_string_append_printf (buffer, "%%%02X", (guchar)*p);
    else
      g_string_append_c (buffer, *p);
  }

  if (angle)
    g_string_append_c (buffer, '>');
}

/* The longest run of backticks in @text. */
static gsize
longest_backtick_run (const char *text)
{
  gsize longest = 0;
  gsize run = 0;

  for (; *text; text++) {
    run = *text == '`' ? run + 1 : 0;
    longest = MAX (longest, run);
  }

  return longest;
}

static gboolean
has_class (xmlNode    *node,
           const char *name)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)"class");
  g_auto (GStrv) classes = NULL;

  if (!value)
    return FALSE;

  classes = g_strsplit_set ((const char *)value, " \t\n\r\f", -1);
  return g_strv_contains ((const char * const *)classes, name);
}

/* The tree. */

/* Marks each element with a block below it, through its _private field, in one pass. */
static void
mark_blocks (xmlNode *root)
{
  for (xmlNode *node = root->children; node; ) {
    ElementKind kind = element_kind (node);

    if (node->type == XML_ELEMENT_NODE && is_block_kind (kind)) {
      for (xmlNode *up = node->parent; up && up != root && !up->_private; up = up->parent)
        up->_private = GINT_TO_POINTER (TRUE);
    }

    node = lectern_xml_next_node (node, root, kind == KIND_SKIP);
  }
}

/* Appends the text under @node, with its <br> as @br. */
static void
append_text_content (GString    *buffer,
                     xmlNode    *node,
                     const char *br)
{
  for (xmlNode *child = node->children; child; ) {
    ElementKind kind = element_kind (child);

    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
      g_string_append (buffer, (const char *)child->content);
    else if (kind == KIND_BREAK)
      g_string_append (buffer, br);

    child = lectern_xml_next_node (child, node, kind == KIND_SKIP);
  }
}

/* Whether a list item under @node would show nothing. */
static gboolean
is_empty_item (xmlNode *node)
{
  for (xmlNode *child = node->children; child; ) {
    ElementKind kind = element_kind (child);

    if (child->type == XML_TEXT_NODE && !is_blank_text ((const char *)child->content))
      return FALSE;
    if (kind == KIND_IMAGE || kind == KIND_RULE)
      return FALSE;

    child = lectern_xml_next_node (child, node, kind == KIND_SKIP);
  }

  return TRUE;
}

static gboolean
is_list_kind (ElementKind kind)
{
  return kind == KIND_LIST || kind == KIND_ORDERED_LIST;
}

static gint64
list_start (xmlNode *list)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (list, (const xmlChar *)"start");
  char *end = NULL;
  gint64 start;

  if (!value || element_kind (list) != KIND_ORDERED_LIST)
    return 1;

  start = g_ascii_strtoll ((const char *)value, &end, 10);
  if (end == (char *)value)
    return 1;

  return CLAMP (start, 0, MAX_LIST_NUMBER);
}

static xmlNode *
first_item (xmlNode *list)
{
  for (xmlNode *child = list->children; child; child = child->next) {
    if (child->type == XML_ELEMENT_NODE ||
        (child->type == XML_TEXT_NODE && !is_blank_text ((const char *)child->content)))
      return child;
  }

  return NULL;
}

/* Whether @list can follow a paragraph on the next line: CommonMark lets only a list that
 * starts with a non-empty item, numbered 1 if it is ordered, interrupt a paragraph.
 */
static gboolean
can_interrupt_paragraph (xmlNode *list)
{
  xmlNode *item = first_item (list);

  return item && !is_empty_item (item) && list_start (list) == 1;
}

typedef enum {
  PART_NOTHING,
  PART_INLINE,
  PART_PARAGRAPH,
  PART_LIST,
  PART_OTHER,
} ItemPart;

static ItemPart
classify_item_part (xmlNode *node)
{
  ElementKind kind = element_kind (node);

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    return is_blank_text ((const char *)node->content) ? PART_NOTHING : PART_INLINE;
  if (node->type != XML_ELEMENT_NODE || kind == KIND_SKIP)
    return PART_NOTHING;
  if (is_list_kind (kind))
    return PART_LIST;
  if (!is_block_kind (kind))
    return has_block (node) ? PART_OTHER : PART_INLINE;
  if ((kind == KIND_BLOCK || kind == KIND_PARAGRAPH) && !has_block (node))
    return PART_PARAGRAPH;

  return PART_OTHER;
}

/* Whether a list item (or what stands in a list in place of one) fits a tight list: at most
 * one paragraph, then only lists, which can start right after it.
 */
static gboolean
is_simple_item (xmlNode *item)
{
  guint n_paragraphs = 0;
  gboolean in_inline = FALSE;
  gboolean after_list = FALSE;

  if (!lectern_xml_is_element (item, "li"))
    return classify_item_part (item) != PART_OTHER;

  for (xmlNode *child = item->children; child; child = child->next) {
    switch (classify_item_part (child)) {
      case PART_NOTHING:
        break;
      case PART_INLINE:
        if (after_list)
          return FALSE;
        if (!in_inline)
          n_paragraphs++;
        in_inline = TRUE;
        break;
      case PART_PARAGRAPH:
        if (after_list)
          return FALSE;
        n_paragraphs++;
        in_inline = FALSE;
        break;
      case PART_LIST:
        if (n_paragraphs > 0 && !after_list && !can_interrupt_paragraph (child))
          return FALSE;
        after_list = TRUE;
        in_inline = FALSE;
        break;
      case PART_OTHER:
      default:
        return FALSE;
    }

    if (n_paragraphs > 1)
      return FALSE;
  }

  return TRUE;
}

/* Output lines. */

static gboolean
in_tight_item (Converter *c)
{
  Container *top;

  if (c->containers->len == 0)
    return FALSE;

  top = &g_array_index (c->containers, Container, c->containers->len - 1);
  return top->kind == CONTAINER_ITEM && top->tight;
}

/* After a block that wrote something: the next one is a blank line away, unless both are
 * in a tight list item.
 */
static void
end_block (Converter *c)
{
  c->blank = !in_tight_item (c);
}

static void
push_container (Converter     *c,
                ContainerKind  kind,
                const char    *marker,
                guint          width,
                gboolean       tight)
{
  Container container = { kind, "", width, marker != NULL, tight };

  if (marker) {
    g_strlcpy (container.marker, marker, sizeof container.marker);
    container.width = strlen (container.marker);
  }
  g_array_append_val (c->containers, container);
}

static void
pop_container (Converter *c)
{
  g_array_set_size (c->containers, c->containers->len - 1);
  c->blank_depth = MIN (c->blank_depth, c->containers->len);
}

static gboolean
has_pending_marker (Converter *c)
{
  for (guint i = 0; i < c->containers->len; i++) {
    if (g_array_index (c->containers, Container, i).marker_pending)
      return TRUE;
  }

  return FALSE;
}

/* What a line inside the first @depth containers starts with. */
static void
append_prefix (Converter *c,
               guint      depth)
{
  for (guint i = 0; i < depth; i++) {
    Container *container = &g_array_index (c->containers, Container, i);

    if (container->kind == CONTAINER_QUOTE) {
      g_string_append (c->out, "> ");
    } else if (container->marker_pending) {
      g_string_append (c->out, container->marker);
      container->marker_pending = FALSE;
    } else {
      for (guint j = 0; j < container->width; j++)
        g_string_append_c (c->out, ' ');
    }
  }
}

static void
strip_trailing_spaces (GString *buffer)
{
  while (buffer->len > 0 && buffer->str[buffer->len - 1] == ' ')
    g_string_truncate (buffer, buffer->len - 1);
}

/* Starts a line: the blank line owed before it, then its prefix. */
static void
begin_line (Converter *c)
{
  if (c->blank && c->out->len > 0) {
    append_prefix (c, c->blank_depth);
    strip_trailing_spaces (c->out);
    g_string_append_c (c->out, '\n');
  }

  c->blank = FALSE;
  append_prefix (c, c->containers->len);
}

static void
end_line (Converter *c)
{
  g_string_append_c (c->out, '\n');
  c->blank_depth = c->containers->len;
}

/* Writes one line as it is. */
static void
write_line (Converter  *c,
            const char *text,
            gsize       length)
{
  begin_line (c);
  if (length == 0)
    strip_trailing_spaces (c->out);
  g_string_append_len (c->out, text, length);
  end_line (c);
}

/* Where a backslash must go at the start of a line of text so that it does not start a
 * block: before # > + - as a heading, quote, list item or thematic break would, before a
 * line of = (and spaces) that would be a setext underline, and before the "." or ")" of a
 * number followed by a space. Returns -1 when the line is fine.
 */
static gssize
line_start_escape (const char *line,
                   gsize       length)
{
  char next;
  gsize i = 0;

  if (length == 0)
    return -1;

  next = length > 1 ? line[1] : ' ';
  switch (line[0]) {
    case '#':
    case '>':
      return 0;
    case '=':
      /* "==text==" at the start of a line is a highlight, and stays one. */
      for (i = 0; i < length && (line[i] == '=' || line[i] == ' ' || line[i] == '\t'); i++)
        ;
      return i == length ? 0 : -1;
    case '+':
      return next == ' ' ? 0 : -1;
    case '-':
      return next == ' ' || next == '-' ? 0 : -1;
    default:
      break;
  }

  while (i < length && i < 10 && g_ascii_isdigit (line[i]))
    i++;
  if (i > 0 && i < 10 && i < length && (line[i] == '.' || line[i] == ')') &&
      (i + 1 == length || line[i + 1] == ' '))
    return i;

  return -1;
}

/* Paragraphs. */

static void
reset_text (Converter *c)
{
  g_string_truncate (c->text, 0);
  c->space = SPACE_NONE;
  c->breaks = 0;
  c->last_char = 0;
  c->code_end = G_MAXSIZE;
  c->deferred.active = FALSE;
}

/* Inserts @str into the paragraph; spans open after @pos move along. */
static void
insert_text (Converter  *c,
             gsize       pos,
             const char *str)
{
  gsize length = strlen (str);

  g_string_insert (c->text, pos, str);
  for (guint i = 0; i < c->spans->len; i++) {
    Span *span = &g_array_index (c->spans, Span, i);

    if (span->start > pos)
      span->start += length;
  }
}

/* Replaces the delimiters of the emphasis that closed last with HTML tags, @next (a letter)
 * following it.
 */
static void
resolve_deferred (Converter *c,
                  gunichar   next)
{
  Deferred *d = &c->deferred;
  gsize end = c->text->len;

  if (!d->active)
    return;

  d->active = FALSE;
  if (is_space_char (next) || is_punct_char (next))
    return;

  g_assert (d->close_pos + d->length == end);

  g_string_truncate (c->text, d->close_pos);
  g_string_append (c->text, d->html_close);
  g_string_erase (c->text, d->open_pos, d->length);
  g_string_insert (c->text, d->open_pos, d->html_open);

  /* Spans opened since start at the end. */
  for (guint i = 0; i < c->spans->len; i++) {
    Span *span = &g_array_index (c->spans, Span, i);

    if (span->start >= end)
      span->start = c->text->len;
  }
}

/* Before content starting with @next goes into the paragraph: the white space and line
 * breaks pending before it.
 */
static void
begin_content (Converter *c,
               gunichar   next)
{
  GString *text = c->text;

  if (text->len == 0) {
    c->space = SPACE_NONE;
    c->breaks = 0;
    return;
  }

  if (c->breaks > 0) {
    c->deferred.active = FALSE;
    for (guint i = 0; i < c->breaks; i++)
      g_string_append (text, c->break_style == BREAK_TAG ? "<br>" : "\\\n");
  } else if (c->space == SPACE_SEGMENT_BREAK && is_cjk (c->last_char) && is_cjk (next)) {
    /* What CSS does with a line break between two CJK characters. */
    resolve_deferred (c, next);
  } else if (c->space != SPACE_NONE) {
    c->deferred.active = FALSE;
    g_string_append_c (text, ' ');
  } else {
    resolve_deferred (c, next);
  }

  c->space = SPACE_NONE;
  c->breaks = 0;
}

static void
add_space (Converter    *c,
           PendingSpace  space)
{
  c->space = MAX (c->space, space);
}

static void
add_break (Converter *c)
{
  if (c->inline_only && c->break_style == BREAK_SPACE)
    add_space (c, SPACE_SPACE);
  else
    c->breaks++;
}

/* Between two blocks in a heading or a cell: one line break, however many blocks end and
 * start there.
 */
static void
add_block_break (Converter *c)
{
  if (c->break_style == BREAK_SPACE)
    add_space (c, SPACE_SPACE);
  else
    c->breaks = MAX (c->breaks, 1);
}

/* Appends text from the page: white space collapsed, Markdown escaped. */
static void
append_text (Converter  *c,
             const char *text)
{
  const char *p = text;

  while (*p) {
    const char *run = p;

    if (is_html_space (*p)) {
      PendingSpace space = SPACE_SPACE;

      for (; is_html_space (*p); p++) {
        if (*p == '\n' || *p == '\r')
          space = SPACE_SEGMENT_BREAK;
      }
      add_space (c, space);
      continue;
    }

    while (*p && !is_html_space (*p))
      p++;
    begin_content (c, g_utf8_get_char (run));
    append_escaped (c->text, run, p - run);
    c->last_char = g_utf8_get_char (g_utf8_find_prev_char (run, p));
  }
}

/* Where the text of a span starts, past the white space and line breaks at its start,
 * which go before its opening delimiter.
 */
static gsize
skip_leading_breaks (Converter *c,
                     gsize      pos)
{
  GString *text = c->text;

  while (pos < text->len) {
    if (text->str[pos] == ' ')
      pos += 1;
    else if (text->str[pos] == '\\' && pos + 1 < text->len && text->str[pos + 1] == '\n')
      pos += 2;
    else if (c->break_style == BREAK_TAG && strncmp (text->str + pos, "<br>", 4) == 0)
      pos += 4;
    else
      break;
  }

  return pos;
}

/* The last character of what a span's opening delimiter, @delimiter, will follow: the
 * spans around it that start at the same place write theirs when they close, before it.
 * Those written with the same character make one run of delimiters with it. @outside is
 * set when the character is in the paragraph already.
 */
static gunichar
get_char_before_span (Converter *c,
                      gsize      start,
                      guint      n_ambient,
                      char       delimiter,
                      gboolean  *outside)
{
  *outside = FALSE;

  for (guint i = c->spans->len + n_ambient; i > 0; i--) {
    SpanKind kind;

    if (i > n_ambient) {
      Span *span = &g_array_index (c->spans, Span, i - n_ambient - 1);

      if (skip_leading_breaks (c, span->start) != start)
        break;
      kind = span->kind;
    } else {
      Ambient *ambient = &g_array_index (c->ambient, Ambient, i - 1);

      if (start != 0)
        break;
      if (!ambient->marked)
        continue;
      kind = ambient->kind;
    }

    switch (kind) {
      case SPAN_EM:
      case SPAN_STRONG:
        if (delimiter == '*')
          continue;
        return '*';
      case SPAN_STRIKE:
        if (delimiter == '~')
          continue;
        return '~';
      case SPAN_MARK:
        if (delimiter == '=')
          continue;
        return '=';
      case SPAN_LINK:
        return '[';
      case SPAN_TAG:
        return '>';
      case SPAN_QUOTATION:
        return '"';
      default:
        g_assert_not_reached ();
    }
  }

  *outside = TRUE;
  return char_before (c->text, start);
}

/* Closes emphasis, strong emphasis, strikethrough or a highlight around the text from
 * @start: with @delimiter where Markdown reads it as such, with the HTML tags where it would
 * not.
 */
static void
close_delimited (Converter  *c,
                 gsize       start,
                 guint       n_ambient,
                 const char *delimiter,
                 const char *html_open,
                 const char *html_close)
{
  GString *text = c->text;
  gboolean outside;
  gunichar before = get_char_before_span (c, start, n_ambient, delimiter[0], &outside);
  gunichar first = g_utf8_get_char (text->str + start);
  gunichar last = char_before (text, text->len);
  gboolean html = FALSE;

  /* Right after the closing delimiter of another span, "*a**b**" would be one run of
   * delimiters, and "~~a~~*(b)*" is not read as emphasis either. "a*"b"*" and "*a *" do not
   * open and close emphasis.
   *
   * An opening delimiter between two punctuation characters could also close emphasis: in
   * "***a** b <u>**c**</u>*", the "**" before "c" closes the "*" left open at the start.
   * Between two letters, as in Chinese text, it can only close emphasis open around it.
   *
   * An = next to the "==" of a highlight would make a longer run, which is no delimiter.
   */
  if (outside && (before == '*' || before == '~' || before == '=') &&
      !is_escaped (text, start - 1))
    html = TRUE;
  else if (delimiter[0] == '=' && (first == '=' || last == '='))
    html = TRUE;
  else if (is_space_char (first) || is_space_char (last))
    html = TRUE;
  else if (is_punct_char (first) && !is_space_char (before))
    html = TRUE;
  else if (!is_space_char (before) && !is_punct_char (before) && delimiter[0] == '*' &&
           c->nesting.em + c->nesting.strong > 0)
    html = TRUE;

  if (html) {
    insert_text (c, start, html_open);
    g_string_append (text, html_close);
    return;
  }

  insert_text (c, start, delimiter);
  if (is_punct_char (last)) {
    c->deferred.active = TRUE;
    c->deferred.open_pos = start;
    c->deferred.close_pos = text->len;
    c->deferred.length = strlen (delimiter);
    c->deferred.html_open = html_open;
    c->deferred.html_close = html_close;
  }
  g_string_append (text, delimiter);
}

/* Writes the delimiters of a span whose text starts at @start, unless it has none. @arg is
 * the destination of a link, the name of a tag; the first @n_ambient wrappers of the
 * paragraph are around the span.
 */
static void
close_span (Converter  *c,
            gsize       start,
            SpanKind    kind,
            const char *arg,
            guint       n_ambient)
{
  GString *text = c->text;

  start = skip_leading_breaks (c, start);
  if (start >= text->len)
    return;

  /* The closing delimiter follows the span that closed last. */
  c->deferred.active = FALSE;

  switch (kind) {
    case SPAN_EM:
      close_delimited (c, start, n_ambient, "*", "<em>", "</em>");
      break;
    case SPAN_STRONG:
      close_delimited (c, start, n_ambient, "**", "<strong>", "</strong>");
      break;
    case SPAN_STRIKE:
      close_delimited (c, start, n_ambient, "~~", "<del>", "</del>");
      break;
    case SPAN_MARK:
      close_delimited (c, start, n_ambient, "==", "<mark>", "</mark>");
      break;
    case SPAN_LINK:
      /* "!" then a link would be an image. */
      if (start > 0 && text->str[start - 1] == '!' && !is_escaped (text, start - 1)) {
        insert_text (c, start - 1, "\\");
        start++;
      }
      insert_text (c, start, "[");
      g_string_append (text, "](");
      g_string_append (text, arg);
      g_string_append_c (text, ')');
      break;
    case SPAN_TAG:
      {
        g_autofree char *open = g_strdup_printf ("<%s>", arg);

        insert_text (c, start, open);
        g_string_append_printf (text, "</%s>", arg);
      }
      break;
    case SPAN_QUOTATION:
      insert_text (c, start, "\"");
      g_string_append_c (text, '"');
      break;
    default:
      g_assert_not_reached ();
  }
}

static guint *
nesting_counter (Converter *c,
                 SpanKind   kind)
{
  switch (kind) {
    case SPAN_EM:
      return &c->nesting.em;
    case SPAN_STRONG:
      return &c->nesting.strong;
    case SPAN_STRIKE:
      return &c->nesting.strike;
    case SPAN_MARK:
      return &c->nesting.mark;
    case SPAN_LINK:
      return &c->nesting.link;
    case SPAN_TAG:
    case SPAN_QUOTATION:
    default:
      return NULL;
  }
}

/* Opens a span; returns whether it writes delimiters, which a span inside one of its own
 * kind does not.
 */
static gboolean
begin_span (Converter *c,
            SpanKind   kind)
{
  guint *counter = nesting_counter (c, kind);
  gboolean marked = !counter || (*counter)++ == 0;

  if (marked) {
    Span span = { c->text->len, kind };

    g_array_append_val (c->spans, span);
  }

  return marked;
}

static void
end_span (Converter  *c,
          SpanKind    kind,
          gboolean    marked,
          const char *arg)
{
  guint *counter = nesting_counter (c, kind);
  gsize start;

  if (counter)
    (*counter)--;
  if (!marked)
    return;

  start = g_array_index (c->spans, Span, c->spans->len - 1).start;
  g_array_set_size (c->spans, c->spans->len - 1);
  close_span (c, start, kind, arg, c->ambient->len);
}

static void
push_ambient (Converter  *c,
              SpanKind    kind,
              const char *arg)
{
  guint *counter = nesting_counter (c, kind);
  Ambient ambient = { kind, !counter || (*counter)++ == 0, g_strdup (arg) };

  g_array_append_val (c->ambient, ambient);
}

static void
pop_ambient (Converter *c)
{
  Ambient *ambient = &g_array_index (c->ambient, Ambient, c->ambient->len - 1);
  guint *counter = nesting_counter (c, ambient->kind);

  if (counter)
    (*counter)--;
  g_free (ambient->arg);
  g_array_set_size (c->ambient, c->ambient->len - 1);
}

/* Wraps the whole paragraph in the inline elements around it. */
static void
close_ambient (Converter *c)
{
  if (c->in_cell)
    return;

  for (guint i = c->ambient->len; i > 0; i--) {
    Ambient *ambient = &g_array_index (c->ambient, Ambient, i - 1);

    if (ambient->marked)
      close_span (c, 0, ambient->kind, ambient->arg, i - 1);
  }
}

/* Writes the paragraph built so far, if any. */
static void
flush_paragraph (Converter *c)
{
  const char *line;
  const char *end;

  close_ambient (c);
  if (c->text->len == 0) {
    reset_text (c);
    return;
  }

  line = c->text->str;
  end = line + c->text->len;
  while (TRUE) {
    const char *newline = memchr (line, '\n', end - line);
    gsize length = newline ? (gsize)(newline - line) : (gsize)(end - line);
    gssize escape = line_start_escape (line, length);

    begin_line (c);
    if (escape >= 0) {
      g_string_append_len (c->out, line, escape);
      g_string_append_c (c->out, '\\');
      g_string_append_len (c->out, line + escape, length - escape);
    } else {
      g_string_append_len (c->out, line, length);
    }
    end_line (c);

    if (!newline)
      break;
    line = newline + 1;
  }

  end_block (c);
  reset_text (c);
}

/* Inline elements. */

static void
render_span (Converter  *c,
             xmlNode    *node,
             guint       depth,
             SpanKind    kind,
             const char *arg)
{
  gboolean marked = begin_span (c, kind);

  render_children (c, node, depth);
  end_span (c, kind, marked, arg);
}

static void
render_code (Converter *c,
             xmlNode   *node)
{
  g_autoptr (GString) raw = g_string_new (NULL);
  g_autofree char *code = NULL;
  GString *text = c->text;
  gsize fence;

  append_text_content (raw, node, " ");
  if (raw->len == 0)
    return;

  /* White space at either end goes outside, as with emphasis. */
  if (is_html_space (raw->str[0]))
    add_space (c, SPACE_SPACE);
  code = collapse_spaces (raw->str);
  if (*code) {
    begin_content (c, '`');

    if (text->len == c->code_end) {
      /* Right after another code span, the backticks would run together. */
      g_string_append (text, "<code>");
      append_escaped (text, code, strlen (code));
      g_string_append (text, "</code>");
    } else {
      gboolean pad = code[0] == '`' || code[strlen (code) - 1] == '`';

      fence = longest_backtick_run (code) + 1;
      for (gsize i = 0; i < fence; i++)
        g_string_append_c (text, '`');
      if (pad)
        g_string_append_c (text, ' ');
      g_string_append (text, code);
      if (pad)
        g_string_append_c (text, ' ');
      for (gsize i = 0; i < fence; i++)
        g_string_append_c (text, '`');
    }
    c->last_char = g_utf8_get_char (g_utf8_find_prev_char (code, code + strlen (code)));
    c->code_end = text->len;
  }
  if (is_html_space (raw->str[raw->len - 1]))
    add_space (c, SPACE_SPACE);
}

static void
render_image (Converter *c,
              xmlNode   *node)
{
  g_autoptr (LecternXmlString) src = xmlGetProp (node, (const xmlChar *)"src");
  g_autoptr (LecternXmlString) alt_value = xmlGetProp (node, (const xmlChar *)"alt");
  g_autofree char *alt = collapse_spaces ((const char *)alt_value);
  g_autofree char *path = NULL;

  if (src && *src)
    path = c->image_func ? c->image_func ((const char *)src, c->user_data)
                         : g_strdup ((const char *)src);

  if (!path) {
    gboolean marked = begin_span (c, SPAN_EM);

    append_text (c, alt);
    end_span (c, SPAN_EM, marked, NULL);
    return;
  }

  begin_content (c, '!');
  g_string_append (c->text, "![");
  append_escaped (c->text, alt, strlen (alt));
  g_string_append (c->text, "](");
  append_destination (c->text, path);
  g_string_append_c (c->text, ')');
  c->last_char = 0;
}

/* The destination to write for a link, or %NULL when it is not one to follow. */
static char *
dup_link_destination (xmlNode *node)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)"href");
  g_autofree char *href = NULL;
  const char *scheme;
  GString *destination;

  if (!value)
    return NULL;

  href = g_strstrip (g_strdup ((const char *)value));
  scheme = g_uri_peek_scheme (href);
  if (!lectern_url_scheme_is_web (scheme) && g_strcmp0 (scheme, "mailto") != 0)
    return NULL;

  destination = g_string_new (NULL);
  append_destination (destination, href);
  return g_string_free (destination, FALSE);
}

/* Renders an inline element, which may hold blocks only with @c->inline_only. */
static void
render_inline (Converter   *c,
               xmlNode     *node,
               ElementKind  kind,
               guint        depth)
{
  switch (kind) {
    case KIND_EM:
      render_span (c, node, depth, SPAN_EM, NULL);
      break;
    case KIND_STRONG:
      render_span (c, node, depth, SPAN_STRONG, NULL);
      break;
    case KIND_STRIKE:
      render_span (c, node, depth, SPAN_STRIKE, NULL);
      break;
    case KIND_MARK:
      render_span (c, node, depth, SPAN_MARK, NULL);
      break;
    case KIND_TAG:
      render_span (c, node, depth, SPAN_TAG, (const char *)node->name);
      break;
    case KIND_QUOTATION:
      render_span (c, node, depth, SPAN_QUOTATION, NULL);
      break;
    case KIND_CODE:
      render_code (c, node);
      break;
    case KIND_IMAGE:
      render_image (c, node);
      break;
    case KIND_BREAK:
      add_break (c);
      break;
    case KIND_LINK:
      {
        g_autofree char *destination = dup_link_destination (node);

        if (destination)
          render_span (c, node, depth, SPAN_LINK, destination);
        else
          render_children (c, node, depth);
      }
      break;
    case KIND_SPAN:
      if (has_class (node, "lectern-missing-image"))
        render_span (c, node, depth, SPAN_EM, NULL);
      else
        render_children (c, node, depth);
      break;
    case KIND_SKIP:
      break;
    case KIND_INLINE:
    case KIND_BLOCK:
    case KIND_PARAGRAPH:
    case KIND_HEADING:
    case KIND_QUOTE:
    case KIND_LIST:
    case KIND_ORDERED_LIST:
    case KIND_PRE:
    case KIND_RULE:
    case KIND_TABLE:
    case KIND_TERM:
    case KIND_CAPTION:
    default:
      render_children (c, node, depth);
      break;
  }
}

/* Renders the children of @node as one paragraph: blocks in it become line breaks. */
static void
render_inline_only (Converter  *c,
                    xmlNode    *node,
                    guint       depth,
                    BreakStyle  break_style)
{
  gboolean inline_only = c->inline_only;
  BreakStyle old_style = c->break_style;

  c->inline_only = TRUE;
  c->break_style = break_style;
  render_children (c, node, depth);
  c->inline_only = inline_only;
  c->break_style = old_style;
}

/* Text below LECTERN_XML_MAX_DEPTH, without recursion. */
static void
render_plain (Converter *c,
              xmlNode   *node)
{
  for (xmlNode *child = node; child; ) {
    ElementKind kind = element_kind (child);

    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
      append_text (c, (const char *)child->content);
    else if (is_block_kind (kind) || kind == KIND_BREAK)
      add_space (c, SPACE_SPACE);

    child = lectern_xml_next_node (child, node, kind == KIND_SKIP);
  }
}

/* Blocks. */

static void
render_heading (Converter *c,
                xmlNode   *node,
                guint      depth)
{
  GString *text = c->text;
  guint level = node->name[1] - '0';
  gsize hashes;

  flush_paragraph (c);
  render_inline_only (c, node, depth, BREAK_SPACE);
  close_ambient (c);

  if (text->len > 0) {
    begin_line (c);
    for (guint i = 0; i < level; i++)
      g_string_append_c (c->out, '#');
    g_string_append_c (c->out, ' ');

    /* "#" at the end after a space would be a closing sequence, and dropped. */
    for (hashes = text->len; hashes > 0 && text->str[hashes - 1] == '#'; hashes--)
      ;
    if (hashes < text->len && (hashes == 0 || text->str[hashes - 1] == ' ')) {
      g_string_append_len (c->out, text->str, hashes);
      g_string_append_c (c->out, '\\');
      g_string_append (c->out, text->str + hashes);
    } else {
      g_string_append (c->out, text->str);
    }

    end_line (c);
    end_block (c);
  }

  reset_text (c);
}

/* A paragraph in italics or bold: figure captions, definition terms, summaries. */
static void
render_styled_paragraph (Converter *c,
                         xmlNode   *node,
                         guint      depth,
                         SpanKind   kind)
{
  flush_paragraph (c);
  push_ambient (c, kind, NULL);
  render_inline_only (c, node, depth, BREAK_HARD);
  flush_paragraph (c);
  pop_ambient (c);
}

static void
render_quote (Converter *c,
              xmlNode   *node,
              guint      depth)
{
  gsize mark;

  flush_paragraph (c);
  mark = c->out->len;
  push_container (c, CONTAINER_QUOTE, NULL, 2, FALSE);
  render_children (c, node, depth);
  flush_paragraph (c);
  pop_container (c);
  if (c->out->len != mark)
    end_block (c);
}

static char *
dup_language (xmlNode *pre)
{
  xmlNode *node = pre;

  /* The class of <pre>, or of the <code> it holds. */
  for (int i = 0; i < 2 && node; i++) {
    g_autoptr (LecternXmlString) value = xmlGetProp (node, (const xmlChar *)"class");
    g_auto (GStrv) classes = NULL;

    if (value) {
      classes = g_strsplit_set ((const char *)value, " \t\n\r\f", -1);
      for (guint j = 0; classes[j]; j++) {
        const char *language = NULL;

        if (g_str_has_prefix (classes[j], "language-"))
          language = classes[j] + strlen ("language-");
        else if (g_str_has_prefix (classes[j], "lang-"))
          language = classes[j] + strlen ("lang-");

        if (language && *language && strspn (language,
                                              "abcdefghijklmnopqrstuvwxyz"
                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_+#.-") == strlen (language))
          return g_strdup (language);
      }
    }

    node = first_item (node);
    if (node && !lectern_xml_is_element (node, "code"))
      break;
  }

  return NULL;
}

static void
render_code_block (Converter *c,
                   xmlNode   *node)
{
  g_autoptr (GString) code = g_string_new (NULL);
  g_autoptr (GString) fence = g_string_new (NULL);
  g_autofree char *language = dup_language (node);
  const char *line;
  const char *end;

  flush_paragraph (c);

  append_text_content (code, node, "\n");
  /* As in a browser, a line break right after <pre> is not part of the text. */
  if (node->children && node->children->type == XML_TEXT_NODE &&
      node->children->content && node->children->content[0] == '\n')
    g_string_erase (code, 0, 1);
  g_string_replace (code, "\r\n", "\n", 0);
  g_string_replace (code, "\r", "\n", 0);
  if (code->len > 0 && code->str[code->len - 1] == '\n')
    g_string_truncate (code, code->len - 1);
  if (code->len == 0)
    return;

  for (gsize i = MAX (3, longest_backtick_run (code->str) + 1); i > 0; i--)
    g_string_append_c (fence, '`');

  begin_line (c);
  g_string_append (c->out, fence->str);
  if (language)
    g_string_append (c->out, language);
  end_line (c);

  line = code->str;
  end = code->str + code->len;
  while (TRUE) {
    const char *newline = memchr (line, '\n', end - line);

    write_line (c, line, newline ? (gsize)(newline - line) : (gsize)(end - line));
    if (!newline)
      break;
    line = newline + 1;
  }

  write_line (c, fence->str, fence->len);
  end_block (c);
}

static void
render_rule (Converter *c)
{
  flush_paragraph (c);

  /* "- ---" would be a thematic break on its own, not one in a list item. */
  if (has_pending_marker (c))
    write_line (c, "___", 3);
  else
    write_line (c, "---", 3);
  end_block (c);
}

static void
render_list (Converter *c,
             xmlNode   *list,
             gboolean   ordered,
             guint      depth)
{
  gboolean tight = TRUE;
  gboolean after_item = FALSE;
  guint n_items = 0;
  guint width = 0;
  gint64 number;
  char delimiter;
  gsize mark;

  flush_paragraph (c);

  for (xmlNode *child = list->children; child; child = child->next) {
    ItemPart part = classify_item_part (child);

    if (part == PART_NOTHING)
      continue;
    if (part == PART_LIST && after_item) {
      /* A list right inside a list goes with the item before it. */
      if (!can_interrupt_paragraph (child))
        tight = FALSE;
      continue;
    }

    after_item = TRUE;
    n_items++;
    if (!is_simple_item (child))
      tight = FALSE;
  }

  number = MIN (list_start (list), MAX_LIST_NUMBER - MIN (n_items, MAX_LIST_NUMBER));

  /* Two lists in a row would be one list in Markdown, unless their markers differ. */
  delimiter = ordered ? '.' : '-';
  if (c->out->len == c->list_end && c->containers->len == c->list_depth &&
      ordered == c->list_ordered && c->list_delimiter == delimiter)
    delimiter = ordered ? ')' : '*';

  mark = c->out->len;
  after_item = FALSE;
  for (xmlNode *child = list->children; child; child = child->next) {
    ItemPart part = classify_item_part (child);
    char marker[16];

    if (part == PART_NOTHING)
      continue;

    if (part == PART_LIST && after_item) {
      push_container (c, CONTAINER_ITEM, NULL, width, tight);
      render_node (c, child, depth + 1);
      flush_paragraph (c);
      pop_container (c);
      continue;
    }

    if (ordered)
      g_snprintf (marker, sizeof marker, "%" G_GINT64_FORMAT "%c ", number++, delimiter);
    else
      g_snprintf (marker, sizeof marker, "%c ", delimiter);

    push_container (c, CONTAINER_ITEM, marker, 0, tight);
    if (lectern_xml_is_element (child, "li"))
      render_children (c, child, depth + 1);
    else
      render_node (c, child, depth + 1);
    flush_paragraph (c);

    /* An empty item still takes its number. */
    if (g_array_index (c->containers, Container, c->containers->len - 1).marker_pending) {
      write_line (c, "", 0);
      end_block (c);
    }

    width = g_array_index (c->containers, Container, c->containers->len - 1).width;
    pop_container (c);
    after_item = TRUE;
  }

  if (c->out->len != mark)
    end_block (c);

  c->list_end = c->out->len;
  c->list_depth = c->containers->len;
  c->list_ordered = ordered;
  c->list_delimiter = delimiter;
}

/* Tables. */

static guint
cell_span (xmlNode *cell)
{
  g_autoptr (LecternXmlString) value = xmlGetProp (cell, (const xmlChar *)"colspan");
  gint64 span;

  if (!value)
    return 1;

  span = g_ascii_strtoll ((const char *)value, NULL, 10);
  return CLAMP (span, 1, MAX_TABLE_COLUMNS + 1);
}

static gboolean
is_cell (xmlNode *node)
{
  return lectern_xml_is_element (node, "td") || lectern_xml_is_element (node, "th");
}

/* Whether a pipe table can hold the cell: only text and paragraphs in it. */
static gboolean
is_simple_cell (xmlNode *cell)
{
  for (xmlNode *node = cell->children; node; ) {
    ElementKind kind = element_kind (node);

    if (kind == KIND_QUOTE || is_list_kind (kind) || kind == KIND_PRE || kind == KIND_RULE ||
        kind == KIND_TABLE || lectern_xml_is_element (node, "dl"))
      return FALSE;

    node = lectern_xml_next_node (node, cell, kind == KIND_SKIP);
  }

  return TRUE;
}

/* The rows of @table, the first one of its <thead> first. */
static GPtrArray *
collect_rows (xmlNode *table)
{
  GPtrArray *rows = g_ptr_array_new ();
  guint head = G_MAXUINT;

  for (xmlNode *child = table->children; child; child = child->next) {
    if (lectern_xml_is_element (child, "tr")) {
      g_ptr_array_add (rows, child);
    } else if (lectern_xml_is_element (child, "thead") ||
               lectern_xml_is_element (child, "tbody") ||
               lectern_xml_is_element (child, "tfoot")) {
      for (xmlNode *row = child->children; row; row = row->next) {
        if (!lectern_xml_is_element (row, "tr"))
          continue;
        if (head == G_MAXUINT && lectern_xml_is_element (child, "thead"))
          head = rows->len;
        g_ptr_array_add (rows, row);
      }
    }
  }

  if (head != G_MAXUINT && head > 0) {
    xmlNode *row = g_ptr_array_steal_index (rows, head);

    g_ptr_array_insert (rows, 0, row);
  }

  return rows;
}

/* The cell's text on one line, its pipes escaped. */
static char *
render_cell (Converter *c,
             xmlNode   *cell,
             guint      depth)
{
  Nesting nesting = c->nesting;
  GString *escaped;

  c->in_cell = TRUE;
  c->nesting = (Nesting) { 0, };
  reset_text (c);
  render_inline_only (c, cell, depth, BREAK_TAG);
  c->in_cell = FALSE;
  c->nesting = nesting;

  /* Even in code spans and destinations, an unescaped pipe would end the cell. */
  escaped = g_string_sized_new (c->text->len);
  for (gsize i = 0; i < c->text->len; i++) {
    if (c->text->str[i] == '|' && !is_escaped (c->text, i))
      g_string_append_c (escaped, '\\');
    g_string_append_c (escaped, c->text->str[i]);
  }
  reset_text (c);

  return g_string_free (escaped, FALSE);
}

static void
write_row (Converter  *c,
           GPtrArray  *cells,
           guint       n_columns)
{
  begin_line (c);
  g_string_append_c (c->out, '|');
  for (guint i = 0; i < n_columns; i++) {
    const char *cell = i < cells->len ? g_ptr_array_index (cells, i) : "";

    if (*cell)
      g_string_append_printf (c->out, " %s |", cell);
    else
      g_string_append (c->out, " |");
  }
  end_line (c);
}

static void
render_table (Converter *c,
              xmlNode   *table,
              guint      depth)
{
  g_autoptr (GPtrArray) rows = collect_rows (table);
  g_autoptr (GPtrArray) table_cells = NULL;
  gboolean simple = TRUE;
  guint n_columns = 0;

  flush_paragraph (c);

  for (xmlNode *child = table->children; child; child = child->next) {
    if (lectern_xml_is_element (child, "caption")) {
      render_children (c, child, depth + 1);
      flush_paragraph (c);
    }
  }

  for (guint i = 0; i < rows->len && simple; i++) {
    guint n = 0;

    for (xmlNode *cell = ((xmlNode *)g_ptr_array_index (rows, i))->children; cell;
         cell = cell->next) {
      if (!is_cell (cell))
        continue;
      n += cell_span (cell);
      simple = simple && is_simple_cell (cell);
    }
    n_columns = MAX (n_columns, n);
  }
  simple = simple && n_columns <= MAX_TABLE_COLUMNS;

  if (!simple) {
    /* Cell by cell, as paragraphs. */
    for (guint i = 0; i < rows->len; i++) {
      for (xmlNode *cell = ((xmlNode *)g_ptr_array_index (rows, i))->children; cell;
           cell = cell->next) {
        if (!is_cell (cell))
          continue;
        render_children (c, cell, depth + 3);
        flush_paragraph (c);
      }
    }
    return;
  }

  if (n_columns == 0)
    return;

  table_cells = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < rows->len; i++) {
    GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);

    for (xmlNode *cell = ((xmlNode *)g_ptr_array_index (rows, i))->children; cell;
         cell = cell->next) {
      if (!is_cell (cell))
        continue;
      g_ptr_array_add (cells, render_cell (c, cell, depth + 3));
      for (guint j = cell_span (cell); j > 1; j--)
        g_ptr_array_add (cells, g_strdup (""));
    }
    g_ptr_array_add (table_cells, cells);
  }

  write_row (c, g_ptr_array_index (table_cells, 0), n_columns);
  begin_line (c);
  g_string_append_c (c->out, '|');
  for (guint i = 0; i < n_columns; i++)
    g_string_append (c->out, " --- |");
  end_line (c);
  for (guint i = 1; i < table_cells->len; i++)
    write_row (c, g_ptr_array_index (table_cells, i), n_columns);

  end_block (c);
}

/* The walk. */

static void
render_block (Converter   *c,
              xmlNode     *node,
              ElementKind  kind,
              guint        depth)
{
  switch (kind) {
    case KIND_HEADING:
      render_heading (c, node, depth);
      break;
    case KIND_QUOTE:
      render_quote (c, node, depth);
      break;
    case KIND_LIST:
    case KIND_ORDERED_LIST:
      render_list (c, node, kind == KIND_ORDERED_LIST, depth);
      break;
    case KIND_PRE:
      render_code_block (c, node);
      break;
    case KIND_RULE:
      render_rule (c);
      break;
    case KIND_TABLE:
      render_table (c, node, depth);
      break;
    case KIND_TERM:
      render_styled_paragraph (c, node, depth, SPAN_STRONG);
      break;
    case KIND_CAPTION:
      render_styled_paragraph (c, node, depth, SPAN_EM);
      break;
    case KIND_BLOCK:
    case KIND_PARAGRAPH:
      flush_paragraph (c);
      render_children (c, node, depth);
      flush_paragraph (c);
      break;
    case KIND_INLINE:
    case KIND_SKIP:
    case KIND_EM:
    case KIND_STRONG:
    case KIND_STRIKE:
    case KIND_MARK:
    case KIND_CODE:
    case KIND_TAG:
    case KIND_LINK:
    case KIND_IMAGE:
    case KIND_BREAK:
    case KIND_QUOTATION:
    case KIND_SPAN:
    default:
      g_assert_not_reached ();
  }
}

/* The span an inline element around blocks wraps each of its paragraphs in, if any. */
static gboolean
get_ambient_span (xmlNode     *node,
                  ElementKind  kind,
                  SpanKind    *span)
{
  if (kind == KIND_EM || (kind == KIND_SPAN && has_class (node, "lectern-missing-image")))
    *span = SPAN_EM;
  else if (kind == KIND_STRONG)
    *span = SPAN_STRONG;
  else if (kind == KIND_STRIKE)
    *span = SPAN_STRIKE;
  else if (kind == KIND_MARK)
    *span = SPAN_MARK;
  else if (kind == KIND_LINK)
    *span = SPAN_LINK;
  else
    return FALSE;

  return TRUE;
}

/* An inline element around blocks: <a href="…"><h2>…</h2><p>…</p></a>. */
static void
render_ambient (Converter   *c,
                xmlNode     *node,
                ElementKind  kind,
                guint        depth)
{
  g_autofree char *destination = NULL;
  SpanKind span;
  gboolean wraps = get_ambient_span (node, kind, &span);

  if (wraps && span == SPAN_LINK) {
    destination = dup_link_destination (node);
    wraps = destination != NULL;
  }

  flush_paragraph (c);
  if (wraps)
    push_ambient (c, span, destination);
  render_children (c, node, depth);
  flush_paragraph (c);
  if (wraps)
    pop_ambient (c);
}

static void
render_node (Converter *c,
             xmlNode   *node,
             guint      depth)
{
  ElementKind kind;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
    append_text (c, (const char *)node->content);
    return;
  }
  if (node->type != XML_ELEMENT_NODE)
    return;

  if (depth > LECTERN_XML_MAX_DEPTH) {
    render_plain (c, node);
    return;
  }

  kind = element_kind (node);
  if (kind == KIND_SKIP)
    return;

  if (c->inline_only) {
    if (is_block_kind (kind)) {
      add_block_break (c);
      render_children (c, node, depth);
      add_block_break (c);
    } else {
      render_inline (c, node, kind, depth);
    }
  } else if (is_block_kind (kind)) {
    render_block (c, node, kind, depth);
  } else if (has_block (node)) {
    render_ambient (c, node, kind, depth);
  } else {
    render_inline (c, node, kind, depth);
  }
}

static void
render_children (Converter *c,
                 xmlNode   *node,
                 guint      depth)
{
  for (xmlNode *child = node->children; child; child = child->next)
    render_node (c, child, depth + 1);
}

/**
 * lectern_markdown_from_html:
 * @body_html: (nullable): the body of a saved article: sanitised HTML, in UTF-8
 * @image_func: (nullable) (scope call): what to write for each image; without it, images
 *   are written with their `src` as it is
 * @user_data: data for @image_func
 *
 * Writes an article as Markdown: CommonMark with GitHub's pipe tables and strikethrough,
 * as Obsidian and other Markdown readers show it (see the top of lectern-markdown.c for
 * how each element is written). The time taken is linear in the size of @body_html, and
 * the result ends with one line break, or is empty.
 *
 * Returns: (transfer full): the Markdown, or an empty string when @body_html is %NULL or
 *   has no content
 */
char *
lectern_markdown_from_html (const char               *body_html,
                            LecternMarkdownImageFunc  image_func,
                            gpointer                  user_data)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_autofree char *valid = NULL;
  Converter c = { NULL, };
  xmlNode *body;
  gsize length;

  if (!body_html)
    return g_strdup ("");

  length = strlen (body_html);
  if (!g_utf8_validate_len (body_html, length, NULL)) {
    valid = g_utf8_make_valid (body_html, length);
    body_html = valid;
    length = strlen (body_html);
  }
  if (length == 0)
    return g_strdup ("");

  doc = lectern_xml_read_html (body_html, length, NULL);
  body = doc ? lectern_xml_find_body (doc) : NULL;
  if (!body)
    return g_strdup ("");

  mark_blocks (body);

  c.image_func = image_func;
  c.user_data = user_data;
  c.out = g_string_sized_new (length);
  c.containers = g_array_new (FALSE, FALSE, sizeof (Container));
  c.text = g_string_new (NULL);
  c.spans = g_array_new (FALSE, FALSE, sizeof (Span));
  c.ambient = g_array_new (FALSE, FALSE, sizeof (Ambient));
  c.list_end = G_MAXSIZE;
  c.code_end = G_MAXSIZE;
  c.break_style = BREAK_HARD;

  /* <html> and <body> are the first two levels. */
  render_children (&c, body, 2);
  flush_paragraph (&c);

  g_array_unref (c.containers);
  g_string_free (c.text, TRUE);
  g_array_unref (c.spans);
  g_array_unref (c.ambient);

  return g_string_free (c.out, FALSE);
}
