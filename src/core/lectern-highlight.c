/* lectern-highlight.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlight.h"

#include <string.h>

/**
 * LecternHighlight:
 *
 * A passage of an article the reader highlighted: where it is (a #LecternTextSelector over
 * the article's text, see lectern_highlight_text_from_html()), its colour, and the note
 * the reader wrote about it, if any.
 *
 * A highlight whose passage is no longer in the article's text is kept: #LecternHighlight:found
 * says whether it was found the last time the text changed.
 */
struct _LecternHighlight
{
  GObject parent_instance;

  /* Owned */
  LecternTextSelector *selector;
  char *note;
  char *article_title;

  gint64 id;
  gint64 article_id;
  gint64 created_at;
  gint64 updated_at;
  LecternHighlightColor color;
  gboolean found;
};

G_DEFINE_FINAL_TYPE (LecternHighlight, lectern_highlight, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LecternHighlightColor, lectern_highlight_color,
  G_DEFINE_ENUM_VALUE (LECTERN_HIGHLIGHT_YELLOW, "yellow"),
  G_DEFINE_ENUM_VALUE (LECTERN_HIGHLIGHT_GREEN, "green"),
  G_DEFINE_ENUM_VALUE (LECTERN_HIGHLIGHT_BLUE, "blue"),
  G_DEFINE_ENUM_VALUE (LECTERN_HIGHLIGHT_PINK, "pink"),
  G_DEFINE_ENUM_VALUE (LECTERN_HIGHLIGHT_PURPLE, "purple"))

enum {
  PROP_0,
  PROP_ID,
  PROP_ARTICLE_ID,
  PROP_COLOR,
  PROP_NOTE,
  PROP_FOUND,
  PROP_ARTICLE_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const color_names[LECTERN_N_HIGHLIGHT_COLORS] = {
  [LECTERN_HIGHLIGHT_YELLOW] = "yellow",
  [LECTERN_HIGHLIGHT_GREEN] = "green",
  [LECTERN_HIGHLIGHT_BLUE] = "blue",
  [LECTERN_HIGHLIGHT_PINK] = "pink",
  [LECTERN_HIGHLIGHT_PURPLE] = "purple",
};

/**
 * lectern_highlight_color_to_string:
 *
 * Returns: the colour's name, as the library, the backup and the reader's style sheet
 *   know it ("yellow")
 */
const char *
lectern_highlight_color_to_string (LecternHighlightColor color)
{
  g_return_val_if_fail (color < LECTERN_N_HIGHLIGHT_COLORS, color_names[0]);

  return color_names[color];
}

/**
 * lectern_highlight_color_from_string:
 * @name: (nullable): a colour's name
 * @color: (out): the colour
 *
 * Returns: whether @name is one of the colours' names
 */
gboolean
lectern_highlight_color_from_string (const char            *name,
                                     LecternHighlightColor *color)
{
  g_return_val_if_fail (color != NULL, FALSE);

  for (guint i = 0; name && i < LECTERN_N_HIGHLIGHT_COLORS; i++) {
    if (g_ascii_strcasecmp (name, color_names[i]) == 0) {
      *color = i;
      return TRUE;
    }
  }
  return FALSE;
}

/**
 * lectern_highlight_clean_note:
 * @note: (nullable): a note as the reader typed it or an import brought it
 *
 * Line breaks become `\n`, and control characters other than line breaks and tabs go:
 * a note is plain text, shown in labels and written into exports.
 *
 * Returns: (transfer full) (nullable): the note, or %NULL when nothing but white space
 *   is left or @note is not UTF-8
 */
char *
lectern_highlight_clean_note (const char *note)
{
  GString *clean;

  if (!note || !g_utf8_validate (note, -1, NULL))
    return NULL;

  clean = g_string_sized_new (strlen (note));
  for (const char *p = note; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c == '\r') {
      if (p[1] != '\n')
        g_string_append_c (clean, '\n');
    } else if (c == '\n' || c == '\t' || !g_unichar_iscntrl (c)) {
      g_string_append_unichar (clean, c);
    }
  }

  for (const char *p = clean->str; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return g_string_free (clean, FALSE);

  g_string_free (clean, TRUE);
  return NULL;
}

static void
lectern_highlight_finalize (GObject *object)
{
  LecternHighlight *self = (LecternHighlight *)object;

  g_clear_pointer (&self->selector, lectern_text_selector_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->article_title, g_free);

  G_OBJECT_CLASS (lectern_highlight_parent_class)->finalize (object);
}

static void
lectern_highlight_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LecternHighlight *self = LECTERN_HIGHLIGHT (object);

  switch (prop_id) {
    case PROP_ID:
      g_value_set_int64 (value, lectern_highlight_get_id (self));
      break;
    case PROP_ARTICLE_ID:
      g_value_set_int64 (value, lectern_highlight_get_article_id (self));
      break;
    case PROP_COLOR:
      g_value_set_enum (value, lectern_highlight_get_color (self));
      break;
    case PROP_NOTE:
      g_value_set_string (value, lectern_highlight_get_note (self));
      break;
    case PROP_FOUND:
      g_value_set_boolean (value, lectern_highlight_get_found (self));
      break;
    case PROP_ARTICLE_TITLE:
      g_value_set_string (value, lectern_highlight_get_article_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_highlight_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LecternHighlight *self = LECTERN_HIGHLIGHT (object);

  switch (prop_id) {
    case PROP_ID:
      lectern_highlight_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ARTICLE_ID:
      lectern_highlight_set_article_id (self, g_value_get_int64 (value));
      break;
    case PROP_COLOR:
      lectern_highlight_set_color (self, g_value_get_enum (value));
      break;
    case PROP_NOTE:
      lectern_highlight_set_note (self, g_value_get_string (value));
      break;
    case PROP_FOUND:
      lectern_highlight_set_found (self, g_value_get_boolean (value));
      break;
    case PROP_ARTICLE_TITLE:
      lectern_highlight_set_article_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_highlight_class_init (LecternHighlightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lectern_highlight_finalize;
  object_class->get_property = lectern_highlight_get_property;
  object_class->set_property = lectern_highlight_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE_ID] =
    g_param_spec_int64 ("article-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_enum ("color", NULL, NULL,
                       LECTERN_TYPE_HIGHLIGHT_COLOR, LECTERN_HIGHLIGHT_YELLOW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOUND] =
    g_param_spec_boolean ("found", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE_TITLE] =
    g_param_spec_string ("article-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_highlight_init (LecternHighlight *self)
{
  self->found = TRUE;
}

/**
 * lectern_highlight_new:
 * @article_id: the article the passage is in
 * @selector: where the passage is
 *
 * Returns: (transfer full): a yellow highlight without a note, not stored yet
 */
LecternHighlight *
lectern_highlight_new (gint64                     article_id,
                       const LecternTextSelector *selector)
{
  LecternHighlight *self;

  g_return_val_if_fail (selector != NULL, NULL);

  self = g_object_new (LECTERN_TYPE_HIGHLIGHT, "article-id", article_id, NULL);
  self->selector = lectern_text_selector_copy (selector);
  return self;
}

/**
 * lectern_highlight_copy:
 *
 * Returns: (transfer full): a highlight with the same values
 */
LecternHighlight *
lectern_highlight_copy (LecternHighlight *self)
{
  LecternHighlight *copy;

  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), NULL);

  copy = lectern_highlight_new (self->article_id, self->selector);
  copy->id = self->id;
  copy->color = self->color;
  copy->note = g_strdup (self->note);
  copy->found = self->found;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->article_title = g_strdup (self->article_title);
  return copy;
}

gint64
lectern_highlight_get_id (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), 0);

  return self->id;
}

void
lectern_highlight_set_id (LecternHighlight *self,
                          gint64            id)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
lectern_highlight_get_article_id (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), 0);

  return self->article_id;
}

void
lectern_highlight_set_article_id (LecternHighlight *self,
                                  gint64            article_id)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  if (self->article_id == article_id)
    return;

  self->article_id = article_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}

/**
 * lectern_highlight_get_selector:
 *
 * Returns: (transfer none): where the passage is
 */
const LecternTextSelector *
lectern_highlight_get_selector (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), NULL);

  return self->selector;
}

void
lectern_highlight_set_selector (LecternHighlight          *self,
                                const LecternTextSelector *selector)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));
  g_return_if_fail (selector != NULL);

  if (selector == self->selector)
    return;

  g_clear_pointer (&self->selector, lectern_text_selector_free);
  self->selector = lectern_text_selector_copy (selector);
}

/**
 * lectern_highlight_get_text:
 *
 * Returns: the highlighted passage
 */
const char *
lectern_highlight_get_text (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), NULL);

  return self->selector->exact;
}

LecternHighlightColor
lectern_highlight_get_color (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), LECTERN_HIGHLIGHT_YELLOW);

  return self->color;
}

void
lectern_highlight_set_color (LecternHighlight      *self,
                             LecternHighlightColor  color)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));
  g_return_if_fail (color < LECTERN_N_HIGHLIGHT_COLORS);

  if (self->color == color)
    return;

  self->color = color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

/**
 * lectern_highlight_get_note:
 *
 * Returns: (nullable): the reader's note on the passage
 */
const char *
lectern_highlight_get_note (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), NULL);

  return self->note;
}

/**
 * lectern_highlight_set_note:
 * @note: (nullable): the note, cleaned with lectern_highlight_clean_note()
 */
void
lectern_highlight_set_note (LecternHighlight *self,
                            const char       *note)
{
  g_autofree char *clean = lectern_highlight_clean_note (note);

  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  if (g_strcmp0 (self->note, clean) == 0)
    return;

  g_free (self->note);
  self->note = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/**
 * lectern_highlight_get_found:
 *
 * Returns: whether the passage was in the article's text when the text last changed
 */
gboolean
lectern_highlight_get_found (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), FALSE);

  return self->found;
}

void
lectern_highlight_set_found (LecternHighlight *self,
                             gboolean          found)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  found = !!found;
  if (self->found == found)
    return;

  self->found = found;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOUND]);
}

gint64
lectern_highlight_get_created_at (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), 0);

  return self->created_at;
}

void
lectern_highlight_set_created_at (LecternHighlight *self,
                                  gint64            created_at)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  self->created_at = created_at;
}

gint64
lectern_highlight_get_updated_at (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), 0);

  return self->updated_at;
}

void
lectern_highlight_set_updated_at (LecternHighlight *self,
                                  gint64            updated_at)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  self->updated_at = updated_at;
}

/**
 * lectern_highlight_get_article_title:
 *
 * Returns: (nullable): the title of the article, when the highlight came from a list of
 *   the whole library's highlights
 */
const char *
lectern_highlight_get_article_title (LecternHighlight *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT (self), NULL);

  return self->article_title;
}

void
lectern_highlight_set_article_title (LecternHighlight *self,
                                     const char       *title)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT (self));

  if (g_strcmp0 (self->article_title, title) == 0)
    return;

  g_free (self->article_title);
  self->article_title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_TITLE]);
}
