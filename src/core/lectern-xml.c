/* lectern-xml.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-xml-private.h"

#include <libxml/HTMLtree.h>

/**
 * lectern_xml_serialize_children:
 * @doc: the document of @parent
 * @parent: an element
 *
 * Writes the children of @parent as HTML, without @parent itself.
 *
 * Returns: (transfer full): the HTML, or an empty string when it cannot be written
 */
char *
lectern_xml_serialize_children (xmlDoc  *doc,
                                xmlNode *parent)
{
  xmlOutputBuffer *out = xmlAllocOutputBuffer (NULL);
  char *result;

  if (!out)
    return g_strdup ("");

  for (xmlNode *child = parent->children; child; child = child->next)
    htmlNodeDumpFormatOutput (out, doc, child, NULL, 0);
  xmlOutputBufferFlush (out);

  if (out->error)
    result = g_strdup ("");
  else
    result = g_strndup ((const char *)xmlOutputBufferGetContent (out),
                        xmlOutputBufferGetSize (out));

  xmlOutputBufferClose (out);

  /* The HTML parser drops whitespace at the start of a body, so keeping it would make a
   * second pass over the result differ from the first.
   */
  return g_strstrip (result);
}
