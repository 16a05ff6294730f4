/* lectern-xml-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* libxml2 types owned through g_autoptr. xmlChar strings are plain
 * malloc()ed memory, but libxml2 may be built with its own allocator, so
 * they get their own cleanup rather than g_autofree.
 */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlNode, xmlFreeNode)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (htmlParserCtxt, htmlFreeParserCtxt)

typedef xmlChar LecternXmlString;

static inline void
lectern_xml_string_free (LecternXmlString *str)
{
  if (str)
    xmlFree (str);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternXmlString, lectern_xml_string_free)

/* The options every HTML parse in core uses. HTML_PARSE_HUGE stays off, so
 * libxml2 keeps its own limits on names and text; HTML_PARSE_IGNORE_ENC
 * because the input is always decoded to UTF-8 first.
 */
#define LECTERN_HTML_PARSE_OPTIONS \
  (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
   HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)

/* Walks the element tree without recursion: the next node in document order
 * after @node, not going above @root. With @skip_children the subtree under
 * @node is skipped.
 */
static inline xmlNode *
lectern_xml_next_node (xmlNode  *node,
                       xmlNode  *root,
                       gboolean  skip_children)
{
  if (!skip_children && node->children &&
      node->type != XML_ENTITY_REF_NODE && node->type != XML_ATTRIBUTE_NODE)
    return node->children;

  while (node && node != root) {
    if (node->next)
      return node->next;
    node = node->parent;
  }

  return NULL;
}

static inline gboolean
lectern_xml_is_element (xmlNode    *node,
                        const char *name)
{
  return node && node->type == XML_ELEMENT_NODE &&
         g_ascii_strcasecmp ((const char *)node->name, name) == 0;
}

/* At most this many attributes of a start tag reach libxml2 2.9's parser, which checks each
 * new attribute against all the earlier ones.
 */
#define LECTERN_XML_MAX_ATTRIBUTES 256

/* The deepest tree lectern_xml_read_html() returns, <html> counting as one. libxml2's tree
 * builder gives up on the rest of a page 256 levels deep, and a tree this deep also parses
 * again whole once serialised.
 */
#define LECTERN_XML_MAX_DEPTH 200

/**
 * LecternXmlNesting:
 * @LECTERN_XML_NESTING_KEEP: the elements nest as they do
 * @LECTERN_XML_NESTING_FOLLOW: start tags are left out where the elements libxml2 would
 *   hold open, by its own rules, are already as deep as allowed
 * @LECTERN_XML_NESTING_COUNT: start tags are left out once as many elements as allowed were
 *   opened, closed or not: for a page that outwits the rules
 */
typedef enum {
  LECTERN_XML_NESTING_KEEP,
  LECTERN_XML_NESTING_FOLLOW,
  LECTERN_XML_NESTING_COUNT,
} LecternXmlNesting;

char    *lectern_xml_prepare_html       (const char        *html,
                                         gsize              length,
                                         guint              max_attributes,
                                         LecternXmlNesting  nesting,
                                         guint              max_depth,
                                         gsize             *prepared_length);
xmlDoc  *lectern_xml_read_html          (const char        *html,
                                         gsize              length,
                                         const char        *url);
xmlDoc  *lectern_xml_read_page          (const char        *html,
                                         gsize              length,
                                         const char        *url);
char    *lectern_xml_serialize_children (xmlDoc            *doc,
                                         xmlNode           *parent);
xmlNode *lectern_xml_find_body          (xmlDoc            *doc);
void     lectern_xml_move_after         (xmlNode           *node,
                                         xmlNode           *anchor);

G_END_DECLS
