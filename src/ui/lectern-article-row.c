/* lectern-article-row.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-row.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * LecternArticleRow:
 *
 * One article in the sidebar: its title, site and reading time, a two-line excerpt (or, in
 * search results, the snippet where the words were found), an unread dot, a star for
 * favourites, and "Saving…" or the reason a save failed.
 */
struct _LecternArticleRow
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *unread_dot;
  GtkWidget      *column;
  GtkWidget      *title_label;
  GtkWidget      *spinner;
  GtkWidget      *failed_icon;
  GtkWidget      *meta_label;
  GtkWidget      *excerpt_label;
  GtkWidget      *progress_bar;
  GtkWidget      *star_icon;

  /* Owned */
  LecternArticle *article;
  gulong          notify_id;
};

G_DEFINE_FINAL_TYPE (LecternArticleRow, lectern_article_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * lectern_article_row_dup_meta:
 * @article: an article
 *
 * Returns: (transfer full): the line under the title: the site and the reading time, or
 *   the state of a save that has not finished
 */
char *
lectern_article_row_dup_meta (LecternArticle *article)
{
  g_autofree char *site = lectern_article_dup_display_site (article);
  guint minutes = lectern_article_get_reading_minutes (article);

  switch (lectern_article_get_save_state (article)) {
    case LECTERN_SAVE_STATE_PENDING:
      return g_strdup (_("Saving…"));
    case LECTERN_SAVE_STATE_FAILED:
      return g_strdup (lectern_article_get_save_error (article)
                       ? lectern_article_get_save_error (article)
                       : _("Could not be saved"));
    case LECTERN_SAVE_STATE_SAVED:
    default:
      break;
  }

  if (minutes == 0)
    return g_steal_pointer (&site);

  /* Translators: the site an article comes from, and how long it takes to read. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u min", "%s · %u min", minutes),
                          site, minutes);
}

/* The store marks each match in a snippet with these two private-use characters. */
#define SNIPPET_MATCH_START 0xE000
#define SNIPPET_MATCH_END   0xE001

/* How many characters of a snippet the row shows before the first match. */
#define SNIPPET_LEAD 30

/* A row has two lines for its snippet: where the first match comes later than that, the
 * text before it is cut (at a space, when there is one close by), so the match shows.
 */
static const char *
lectern_article_row_skip_to_match (const char *text)
{
  const char *match = strstr (text, "\xee\x80\x80");
  const char *start;
  glong lead;

  if (!match)
    return text;
  lead = g_utf8_pointer_to_offset (text, match);
  if (lead <= SNIPPET_LEAD)
    return text;

  start = g_utf8_offset_to_pointer (match, -SNIPPET_LEAD);
  for (const char *p = start; p < match && g_utf8_pointer_to_offset (start, p) < 12;
       p = g_utf8_next_char (p)) {
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return g_utf8_next_char (p);
  }
  return start;
}

/**
 * lectern_article_row_dup_snippet_markup:
 * @snippet: text with each match between U+E000 and U+E001
 *
 * Returns: (transfer full): Pango markup that shows @snippet with its matches in bold, from a
 *   little before the first; the text itself is escaped, so nothing in an article ever reads
 *   as markup
 */
char *
lectern_article_row_dup_snippet_markup (const char *snippet)
{
  g_autofree char *valid = NULL;
  GString *markup;
  const char *run;
  const char *p;
  gboolean bold = FALSE;

  g_return_val_if_fail (snippet != NULL, NULL);

  valid = g_utf8_make_valid (snippet, -1);
  markup = g_string_new (NULL);
  run = p = lectern_article_row_skip_to_match (valid);
  if (p != valid)
    g_string_append (markup, "…");
  /* Marks that do not pair up (a mark in the article's own text, say) never unbalance it. */
  while (*p) {
    gunichar c = g_utf8_get_char (p);
    const char *next = g_utf8_next_char (p);

    if (c == SNIPPET_MATCH_START || c == SNIPPET_MATCH_END) {
      g_autofree char *escaped = g_markup_escape_text (run, p - run);

      g_string_append (markup, escaped);
      if (c == SNIPPET_MATCH_START && !bold)
        g_string_append (markup, "<b>");
      else if (c == SNIPPET_MATCH_END && bold)
        g_string_append (markup, "</b>");
      bold = c == SNIPPET_MATCH_START;
      run = next;
    }
    p = next;
  }
  {
    g_autofree char *escaped = g_markup_escape_text (run, p - run);

    g_string_append (markup, escaped);
  }
  if (bold)
    g_string_append (markup, "</b>");
  return g_string_free (markup, FALSE);
}

/* How much of an excerpt the row lays out: more than its two lines can show at any width. */
#define EXCERPT_CHARS 240

/**
 * lectern_article_row_dup_excerpt_text:
 * @excerpt: an article's excerpt
 *
 * Returns: (transfer full): @excerpt as the row shows it: one paragraph (a label's two
 *   lines are two lines of each of its paragraphs), no longer than its lines can show
 */
char *
lectern_article_row_dup_excerpt_text (const char *excerpt)
{
  const char *text = excerpt;
  GString *line = g_string_sized_new (MIN (strlen (text), EXCERPT_CHARS * 4) + 1);
  gboolean space = FALSE;
  guint n_chars = 0;

  for (const char *p = text; *p && n_chars < EXCERPT_CHARS; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_isspace (c) || c == 0x2028 || c == 0x2029) {
      space = line->len > 0;
      continue;
    }
    if (space) {
      if (n_chars + 2 > EXCERPT_CHARS)
        break;
      g_string_append_c (line, ' ');
      n_chars++;
      space = FALSE;
    }
    g_string_append_unichar (line, c);
    n_chars++;
  }

  return g_string_free (line, FALSE);
}

static void
lectern_article_row_update (LecternArticleRow *self)
{
  LecternArticle *article = self->article;
  g_autofree char *title = NULL;
  g_autofree char *meta = NULL;
  LecternSaveState state;
  const char *excerpt;
  const char *snippet;
  double progress;

  if (!article)
    return;

  title = lectern_article_dup_display_title (article);
  meta = lectern_article_row_dup_meta (article);
  excerpt = lectern_article_get_excerpt (article);
  snippet = lectern_article_get_snippet (article);
  state = lectern_article_get_save_state (article);
  progress = lectern_article_get_progress (article);

  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->meta_label), meta);
  if (snippet && *snippet) {
    /* A search result shows where the words are, in place of the excerpt. */
    g_autofree char *markup = lectern_article_row_dup_snippet_markup (snippet);

    gtk_label_set_markup (GTK_LABEL (self->excerpt_label), markup);
    gtk_widget_add_css_class (self->excerpt_label, "snippet");
    gtk_widget_set_visible (self->excerpt_label, TRUE);
  } else {
    g_autofree char *line = lectern_article_row_dup_excerpt_text (excerpt ? excerpt : "");

    gtk_label_set_text (GTK_LABEL (self->excerpt_label), line);
    gtk_widget_remove_css_class (self->excerpt_label, "snippet");
    gtk_widget_set_visible (self->excerpt_label, excerpt && *excerpt);
  }

  gtk_widget_set_visible (self->spinner, state == LECTERN_SAVE_STATE_PENDING);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), state == LECTERN_SAVE_STATE_PENDING);
  gtk_widget_set_visible (self->failed_icon, state == LECTERN_SAVE_STATE_FAILED);

  gtk_widget_set_opacity (self->unread_dot, lectern_article_get_is_read (article) ? 0.0 : 1.0);
  gtk_widget_set_visible (self->star_icon, lectern_article_get_starred (article));

  gtk_widget_set_visible (self->progress_bar,
                          progress > 0.0 && !lectern_article_get_is_read (article));
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), progress);

  if (lectern_article_get_is_read (article))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, meta,
                                  -1);
}

static void
article_notify_cb (LecternArticle    *article,
                   GParamSpec        *pspec,
                   LecternArticleRow *self)
{
  lectern_article_row_update (self);
}

/* The row lays out its three parts itself: the unread dot, the text and the star, with
 * this much space between them.
 *
 * A box would ask the title and the excerpt how wide they would like to be, and a
 * wrapping label answers that by laying out its whole text at two more widths than the
 * one it gets. They wrap and ellipsize to any width, so the row never asks: each lays out
 * its text once, at the row's width. That was most of the time a screenful of rows took
 * before the window's first frame.
 */
#define ROW_SPACING 10

/* How wide the text needs to be: as wide as its parts that do not wrap. */
static void
lectern_article_row_measure_column_width (LecternArticleRow *self,
                                          int               *minimum,
                                          int               *natural)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (self->column);
       child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    int child_minimum, child_natural;

    if (child == self->title_label || child == self->excerpt_label ||
        !gtk_widget_should_layout (child))
      continue;

    gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                        &child_minimum, &child_natural, NULL, NULL);
    *minimum = MAX (*minimum, child_minimum);
    *natural = MAX (*natural, child_natural);
  }
}

/* The width of the dot or the star, and the space after or before it; 0 when hidden. */
static int
lectern_article_row_get_side_width (GtkWidget *side)
{
  int natural;

  if (!gtk_widget_should_layout (side))
    return 0;

  gtk_widget_measure (side, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural + ROW_SPACING;
}

static GtkSizeRequestMode
lectern_article_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lectern_article_row_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  LecternArticleRow *self = LECTERN_ARTICLE_ROW (widget);
  int sides = lectern_article_row_get_side_width (self->unread_dot) +
              lectern_article_row_get_side_width (self->star_icon);

  if (orientation == GTK_ORIENTATION_HORIZONTAL) {
    lectern_article_row_measure_column_width (self, minimum, natural);
    *minimum += sides;
    *natural += sides;
    return;
  }

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child)) {
    int child_for_size = -1;
    int child_minimum, child_natural;

    if (!gtk_widget_should_layout (child))
      continue;

    if (child == self->column && for_size >= 0)
      child_for_size = MAX (for_size - sides, 0);

    gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_for_size,
                        &child_minimum, &child_natural, NULL, NULL);
    *minimum = MAX (*minimum, child_minimum);
    *natural = MAX (*natural, child_natural);
  }
}

static void
lectern_article_row_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  LecternArticleRow *self = LECTERN_ARTICLE_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int dot = lectern_article_row_get_side_width (self->unread_dot);
  int star = lectern_article_row_get_side_width (self->star_icon);
  int column = MAX (width - dot - star, 0);

  if (dot > 0)
    gtk_widget_size_allocate (self->unread_dot,
                              &(GtkAllocation) { rtl ? width - dot + ROW_SPACING : 0, 0,
                                                 dot - ROW_SPACING, height }, -1);
  gtk_widget_size_allocate (self->column,
                            &(GtkAllocation) { rtl ? star : dot, 0, column, height }, -1);
  if (star > 0)
    gtk_widget_size_allocate (self->star_icon,
                              &(GtkAllocation) { rtl ? 0 : width - star + ROW_SPACING, 0,
                                                 star - ROW_SPACING, height }, -1);
}

static void
lectern_article_row_dispose (GObject *object)
{
  LecternArticleRow *self = LECTERN_ARTICLE_ROW (object);

  lectern_article_row_set_article (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LECTERN_TYPE_ARTICLE_ROW);

  G_OBJECT_CLASS (lectern_article_row_parent_class)->dispose (object);
}

static void
lectern_article_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LecternArticleRow *self = LECTERN_ARTICLE_ROW (object);

  switch (prop_id) {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LecternArticleRow *self = LECTERN_ARTICLE_ROW (object);

  switch (prop_id) {
    case PROP_ARTICLE:
      lectern_article_row_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_row_class_init (LecternArticleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lectern_article_row_dispose;
  object_class->get_property = lectern_article_row_get_property;
  object_class->set_property = lectern_article_row_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         LECTERN_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/lectern/Lectern/lectern-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, column);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, failed_icon);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, excerpt_label);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LecternArticleRow, star_icon);

  widget_class->get_request_mode = lectern_article_row_get_request_mode;
  widget_class->measure = lectern_article_row_measure;
  widget_class->size_allocate = lectern_article_row_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "articlerow");
}

static void
lectern_article_row_init (LecternArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lectern_article_row_new (void)
{
  return g_object_new (LECTERN_TYPE_ARTICLE_ROW, NULL);
}

/**
 * lectern_article_row_get_article:
 *
 * Returns: (transfer none) (nullable): the article the row shows
 */
LecternArticle *
lectern_article_row_get_article (LecternArticleRow *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_ROW (self), NULL);

  return self->article;
}

void
lectern_article_row_set_article (LecternArticleRow *self,
                                 LecternArticle    *article)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_ROW (self));
  g_return_if_fail (!article || LECTERN_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article)
    g_clear_signal_handler (&self->notify_id, self->article);
  g_set_object (&self->article, article);
  if (article) {
    self->notify_id = g_signal_connect (article, "notify",
                                        G_CALLBACK (article_notify_cb), self);
    lectern_article_row_update (self);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}
