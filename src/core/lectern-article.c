/* lectern-article.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article.h"

#include "lectern-url.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/**
 * LecternArticle:
 *
 * One saved article: what the extractor found, what the store keeps and what a list row
 * shows. Every field is a property that notifies only when its value really changes, so
 * a row bound to an article redraws only what changed. Times are microseconds since the
 * Unix epoch, as g_get_real_time() gives them, and 0 means unknown or never.
 */

struct _LecternArticle
{
  GObject parent_instance;

  /* Owned */
  char *url;
  char *canonical_url;
  char *title;
  char *byline;
  char *site_name;
  char *language;
  char *excerpt;
  char *lead_image;
  char *body_html;
  char *plain_text;
  char *progress_anchor;
  char *save_error;
  char *snippet;
  gint64 id;
  gint64 published_at;
  gint64 modified_at;
  gint64 saved_at;
  gint64 updated_at;
  gint64 read_at;
  gint64 starred_at;
  double progress;
  guint word_count;
  guint char_count;
  guint reading_minutes;
  LecternTextDirection direction;
  LecternDatePrecision published_precision;
  LecternDatePrecision modified_precision;
  /* The zones the page wrote the dates in, in seconds east of UTC: never stored. */
  int published_offset;
  int modified_offset;
  LecternSaveState save_state;
  gboolean archived;
  gboolean starred;
};

G_DEFINE_FINAL_TYPE (LecternArticle, lectern_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_CANONICAL_URL,
  PROP_TITLE,
  PROP_BYLINE,
  PROP_SITE_NAME,
  PROP_LANGUAGE,
  PROP_DIRECTION,
  PROP_EXCERPT,
  PROP_LEAD_IMAGE,
  PROP_PUBLISHED_AT,
  PROP_PUBLISHED_PRECISION,
  PROP_MODIFIED_AT,
  PROP_MODIFIED_PRECISION,
  PROP_SAVED_AT,
  PROP_UPDATED_AT,
  PROP_WORD_COUNT,
  PROP_CHAR_COUNT,
  PROP_READING_MINUTES,
  PROP_BODY_HTML,
  PROP_PLAIN_TEXT,
  PROP_READ_AT,
  PROP_IS_READ,
  PROP_ARCHIVED,
  PROP_STARRED,
  PROP_STARRED_AT,
  PROP_PROGRESS,
  PROP_PROGRESS_ANCHOR,
  PROP_SAVE_STATE,
  PROP_SAVE_ERROR,
  PROP_SNIPPET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (LecternArticle  *self,
            char           **field,
            const char      *value,
            int              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (LecternArticle *self,
           gint64         *field,
           gint64          value,
           int             prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (LecternArticle *self,
          guint          *field,
          guint           value,
          int             prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (LecternArticle *self,
             gboolean       *field,
             gboolean        value,
             int             prop)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
lectern_article_finalize (GObject *object)
{
  LecternArticle *self = (LecternArticle *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->canonical_url, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->lead_image, g_free);
  g_clear_pointer (&self->body_html, g_free);
  g_clear_pointer (&self->plain_text, g_free);
  g_clear_pointer (&self->progress_anchor, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->snippet, g_free);

  G_OBJECT_CLASS (lectern_article_parent_class)->finalize (object);
}

static void
lectern_article_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LecternArticle *self = LECTERN_ARTICLE (object);

  switch (prop_id) {
    case PROP_ID:
      g_value_set_int64 (value, lectern_article_get_id (self));
      break;
    case PROP_URL:
      g_value_set_string (value, lectern_article_get_url (self));
      break;
    case PROP_CANONICAL_URL:
      g_value_set_string (value, lectern_article_get_canonical_url (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, lectern_article_get_title (self));
      break;
    case PROP_BYLINE:
      g_value_set_string (value, lectern_article_get_byline (self));
      break;
    case PROP_SITE_NAME:
      g_value_set_string (value, lectern_article_get_site_name (self));
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, lectern_article_get_language (self));
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, lectern_article_get_direction (self));
      break;
    case PROP_EXCERPT:
      g_value_set_string (value, lectern_article_get_excerpt (self));
      break;
    case PROP_LEAD_IMAGE:
      g_value_set_string (value, lectern_article_get_lead_image (self));
      break;
    case PROP_PUBLISHED_AT:
      g_value_set_int64 (value, lectern_article_get_published_at (self));
      break;
    case PROP_PUBLISHED_PRECISION:
      g_value_set_enum (value, lectern_article_get_published_precision (self));
      break;
    case PROP_MODIFIED_AT:
      g_value_set_int64 (value, lectern_article_get_modified_at (self));
      break;
    case PROP_MODIFIED_PRECISION:
      g_value_set_enum (value, lectern_article_get_modified_precision (self));
      break;
    case PROP_SAVED_AT:
      g_value_set_int64 (value, lectern_article_get_saved_at (self));
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, lectern_article_get_updated_at (self));
      break;
    case PROP_WORD_COUNT:
      g_value_set_uint (value, lectern_article_get_word_count (self));
      break;
    case PROP_CHAR_COUNT:
      g_value_set_uint (value, lectern_article_get_char_count (self));
      break;
    case PROP_READING_MINUTES:
      g_value_set_uint (value, lectern_article_get_reading_minutes (self));
      break;
    case PROP_BODY_HTML:
      g_value_set_string (value, lectern_article_get_body_html (self));
      break;
    case PROP_PLAIN_TEXT:
      g_value_set_string (value, lectern_article_get_plain_text (self));
      break;
    case PROP_READ_AT:
      g_value_set_int64 (value, lectern_article_get_read_at (self));
      break;
    case PROP_IS_READ:
      g_value_set_boolean (value, lectern_article_get_is_read (self));
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, lectern_article_get_archived (self));
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, lectern_article_get_starred (self));
      break;
    case PROP_STARRED_AT:
      g_value_set_int64 (value, lectern_article_get_starred_at (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, lectern_article_get_progress (self));
      break;
    case PROP_PROGRESS_ANCHOR:
      g_value_set_string (value, lectern_article_get_progress_anchor (self));
      break;
    case PROP_SAVE_STATE:
      g_value_set_enum (value, lectern_article_get_save_state (self));
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, lectern_article_get_save_error (self));
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, lectern_article_get_snippet (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LecternArticle *self = LECTERN_ARTICLE (object);

  switch (prop_id) {
    case PROP_ID:
      lectern_article_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_URL:
      lectern_article_set_url (self, g_value_get_string (value));
      break;
    case PROP_CANONICAL_URL:
      lectern_article_set_canonical_url (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      lectern_article_set_title (self, g_value_get_string (value));
      break;
    case PROP_BYLINE:
      lectern_article_set_byline (self, g_value_get_string (value));
      break;
    case PROP_SITE_NAME:
      lectern_article_set_site_name (self, g_value_get_string (value));
      break;
    case PROP_LANGUAGE:
      lectern_article_set_language (self, g_value_get_string (value));
      break;
    case PROP_DIRECTION:
      lectern_article_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_EXCERPT:
      lectern_article_set_excerpt (self, g_value_get_string (value));
      break;
    case PROP_LEAD_IMAGE:
      lectern_article_set_lead_image (self, g_value_get_string (value));
      break;
    case PROP_PUBLISHED_AT:
      lectern_article_set_published_at (self, g_value_get_int64 (value));
      break;
    case PROP_PUBLISHED_PRECISION:
      lectern_article_set_published_precision (self, g_value_get_enum (value));
      break;
    case PROP_MODIFIED_AT:
      lectern_article_set_modified_at (self, g_value_get_int64 (value));
      break;
    case PROP_MODIFIED_PRECISION:
      lectern_article_set_modified_precision (self, g_value_get_enum (value));
      break;
    case PROP_SAVED_AT:
      lectern_article_set_saved_at (self, g_value_get_int64 (value));
      break;
    case PROP_UPDATED_AT:
      lectern_article_set_updated_at (self, g_value_get_int64 (value));
      break;
    case PROP_WORD_COUNT:
      lectern_article_set_word_count (self, g_value_get_uint (value));
      break;
    case PROP_CHAR_COUNT:
      lectern_article_set_char_count (self, g_value_get_uint (value));
      break;
    case PROP_READING_MINUTES:
      lectern_article_set_reading_minutes (self, g_value_get_uint (value));
      break;
    case PROP_BODY_HTML:
      lectern_article_set_body_html (self, g_value_get_string (value));
      break;
    case PROP_PLAIN_TEXT:
      lectern_article_set_plain_text (self, g_value_get_string (value));
      break;
    case PROP_READ_AT:
      lectern_article_set_read_at (self, g_value_get_int64 (value));
      break;
    case PROP_ARCHIVED:
      lectern_article_set_archived (self, g_value_get_boolean (value));
      break;
    case PROP_STARRED:
      lectern_article_set_starred (self, g_value_get_boolean (value));
      break;
    case PROP_STARRED_AT:
      lectern_article_set_starred_at (self, g_value_get_int64 (value));
      break;
    case PROP_PROGRESS:
      lectern_article_set_progress (self, g_value_get_double (value));
      break;
    case PROP_PROGRESS_ANCHOR:
      lectern_article_set_progress_anchor (self, g_value_get_string (value));
      break;
    case PROP_SAVE_STATE:
      lectern_article_set_save_state (self, g_value_get_enum (value));
      break;
    case PROP_SAVE_ERROR:
      lectern_article_set_save_error (self, g_value_get_string (value));
      break;
    case PROP_SNIPPET:
      lectern_article_set_snippet (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static GParamSpec *
string_param (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_param (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
precision_param (const char *name)
{
  return g_param_spec_enum (name, NULL, NULL,
                            LECTERN_TYPE_DATE_PRECISION, LECTERN_DATE_PRECISION_NONE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
count_param (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_param (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static void
lectern_article_class_init (LecternArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lectern_article_finalize;
  object_class->get_property = lectern_article_get_property;
  object_class->set_property = lectern_article_set_property;

  /**
   * LecternArticle:id:
   *
   * The article's row in the library, or 0 before it is stored.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticle:url:
   *
   * The address the article was saved from, as the user gave it.
   */
  properties[PROP_URL] = string_param ("url");

  /**
   * LecternArticle:canonical-url:
   *
   * The page's own idea of its address, used to spot an article saved twice.
   */
  properties[PROP_CANONICAL_URL] = string_param ("canonical-url");
  properties[PROP_TITLE] = string_param ("title");
  properties[PROP_BYLINE] = string_param ("byline");
  properties[PROP_SITE_NAME] = string_param ("site-name");

  /**
   * LecternArticle:language:
   *
   * The article's language as a BCP 47 tag, such as "en" or "zh-Hans", or %NULL.
   */
  properties[PROP_LANGUAGE] = string_param ("language");
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       LECTERN_TYPE_TEXT_DIRECTION, LECTERN_TEXT_DIRECTION_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXCERPT] = string_param ("excerpt");
  properties[PROP_LEAD_IMAGE] = string_param ("lead-image");
  properties[PROP_PUBLISHED_AT] = time_param ("published-at");

  /**
   * LecternArticle:published-precision:
   *
   * What the page said of #LecternArticle:published-at: only the day (stored as midnight
   * UTC of that day, to be shown in UTC), or a time of day too.
   */
  properties[PROP_PUBLISHED_PRECISION] = precision_param ("published-precision");

  /**
   * LecternArticle:modified-at:
   *
   * When the page says the article last changed, or 0 if it does not say.
   */
  properties[PROP_MODIFIED_AT] = time_param ("modified-at");

  /**
   * LecternArticle:modified-precision:
   *
   * The precision of #LecternArticle:modified-at, as for #LecternArticle:published-precision.
   */
  properties[PROP_MODIFIED_PRECISION] = precision_param ("modified-precision");
  properties[PROP_SAVED_AT] = time_param ("saved-at");
  properties[PROP_UPDATED_AT] = time_param ("updated-at");
  properties[PROP_WORD_COUNT] = count_param ("word-count");
  properties[PROP_CHAR_COUNT] = count_param ("char-count");
  properties[PROP_READING_MINUTES] = count_param ("reading-minutes");

  /**
   * LecternArticle:body-html:
   *
   * The sanitised article body. Articles loaded for a list leave it %NULL.
   */
  properties[PROP_BODY_HTML] = string_param ("body-html");
  properties[PROP_PLAIN_TEXT] = string_param ("plain-text");

  /**
   * LecternArticle:read-at:
   *
   * When the article was marked read, or 0 while it is unread.
   */
  properties[PROP_READ_AT] = time_param ("read-at");

  /**
   * LecternArticle:is-read:
   *
   * Whether #LecternArticle:read-at is set.
   */
  properties[PROP_IS_READ] =
    g_param_spec_boolean ("is-read", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVED] = boolean_param ("archived");
  properties[PROP_STARRED] = boolean_param ("starred");
  properties[PROP_STARRED_AT] = time_param ("starred-at");

  /**
   * LecternArticle:progress:
   *
   * How far the reader got, from 0 (the top) to 1 (the end).
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticle:progress-anchor:
   *
   * Where the reader stopped, in a form that survives a change of font size or width.
   */
  properties[PROP_PROGRESS_ANCHOR] = string_param ("progress-anchor");
  properties[PROP_SAVE_STATE] =
    g_param_spec_enum ("save-state", NULL, NULL,
                       LECTERN_TYPE_SAVE_STATE, LECTERN_SAVE_STATE_SAVED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticle:save-error:
   *
   * Why saving failed, in words a reader understands, while the save state is
   * %LECTERN_SAVE_STATE_FAILED.
   */
  properties[PROP_SAVE_ERROR] = string_param ("save-error");

  /**
   * LecternArticle:snippet:
   *
   * The text around what a search matched, with each match between
   * %LECTERN_SNIPPET_MATCH_START and %LECTERN_SNIPPET_MATCH_END (see
   * lectern_article_store_get_snippet()), or %NULL. Never stored: a list with a search
   * sets it on the articles it shows, and lectern_article_update_from() leaves it alone.
   */
  properties[PROP_SNIPPET] = string_param ("snippet");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_article_init (LecternArticle *self)
{
  self->direction = LECTERN_TEXT_DIRECTION_AUTO;
  self->save_state = LECTERN_SAVE_STATE_SAVED;
}

/**
 * lectern_article_new:
 *
 * Returns: (transfer full): an empty article, not yet stored
 */
LecternArticle *
lectern_article_new (void)
{
  return g_object_new (LECTERN_TYPE_ARTICLE, NULL);
}

/**
 * lectern_article_copy:
 * @self: a #LecternArticle
 *
 * Returns: (transfer full): a new article with every field of @self
 */
LecternArticle *
lectern_article_copy (LecternArticle *self)
{
  LecternArticle *copy;

  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  copy = lectern_article_new ();
  lectern_article_update_from (copy, self);
  lectern_article_set_snippet (copy, self->snippet);
  return copy;
}

/**
 * lectern_article_update_from:
 * @self: a #LecternArticle
 * @other: the article to copy from
 *
 * Copies every stored field of @other into @self, id included, notifying each property
 * whose value changes (once, after all are copied). The article list uses this to refresh
 * the object a row shows instead of replacing it. The snippet, which is not stored, stays.
 */
void
lectern_article_update_from (LecternArticle *self,
                             LecternArticle *other)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (LECTERN_IS_ARTICLE (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  lectern_article_set_id (self, other->id);
  lectern_article_set_url (self, other->url);
  lectern_article_set_canonical_url (self, other->canonical_url);
  lectern_article_set_title (self, other->title);
  lectern_article_set_byline (self, other->byline);
  lectern_article_set_site_name (self, other->site_name);
  lectern_article_set_language (self, other->language);
  lectern_article_set_direction (self, other->direction);
  lectern_article_set_excerpt (self, other->excerpt);
  lectern_article_set_lead_image (self, other->lead_image);
  lectern_article_set_published_at (self, other->published_at);
  lectern_article_set_published_precision (self, other->published_precision);
  lectern_article_set_modified_at (self, other->modified_at);
  lectern_article_set_modified_precision (self, other->modified_precision);
  lectern_article_set_saved_at (self, other->saved_at);
  lectern_article_set_updated_at (self, other->updated_at);
  lectern_article_set_word_count (self, other->word_count);
  lectern_article_set_char_count (self, other->char_count);
  lectern_article_set_reading_minutes (self, other->reading_minutes);
  lectern_article_set_body_html (self, other->body_html);
  lectern_article_set_plain_text (self, other->plain_text);
  lectern_article_set_read_at (self, other->read_at);
  lectern_article_set_archived (self, other->archived);
  lectern_article_set_starred (self, other->starred);
  lectern_article_set_starred_at (self, other->starred_at);
  lectern_article_set_progress (self, other->progress);
  lectern_article_set_progress_anchor (self, other->progress_anchor);
  lectern_article_set_save_state (self, other->save_state);
  lectern_article_set_save_error (self, other->save_error);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * lectern_article_get_id:
 * @self: a #LecternArticle
 *
 * Returns: the article's id in the library, or 0 if it is not stored
 */
gint64
lectern_article_get_id (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->id;
}

/**
 * lectern_article_set_id:
 * @self: a #LecternArticle
 * @id: the id, or 0
 *
 * Sets #LecternArticle:id. Only the store should need this.
 */
void
lectern_article_set_id (LecternArticle *self,
                        gint64          id)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (id >= 0);

  set_int64 (self, &self->id, id, PROP_ID);
}

/**
 * lectern_article_get_url:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the address the article was saved from
 */
const char *
lectern_article_get_url (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->url;
}

/**
 * lectern_article_set_url:
 * @self: a #LecternArticle
 * @url: (nullable): the address
 *
 * Sets #LecternArticle:url.
 */
void
lectern_article_set_url (LecternArticle *self,
                         const char     *url)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->url, url, PROP_URL);
}

/**
 * lectern_article_get_canonical_url:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the page's canonical address
 */
const char *
lectern_article_get_canonical_url (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->canonical_url;
}

/**
 * lectern_article_set_canonical_url:
 * @self: a #LecternArticle
 * @canonical_url: (nullable): the address
 *
 * Sets #LecternArticle:canonical-url.
 */
void
lectern_article_set_canonical_url (LecternArticle *self,
                                   const char     *canonical_url)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->canonical_url, canonical_url, PROP_CANONICAL_URL);
}

/**
 * lectern_article_get_title:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the title; see also
 *   lectern_article_dup_display_title()
 */
const char *
lectern_article_get_title (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->title;
}

/**
 * lectern_article_set_title:
 * @self: a #LecternArticle
 * @title: (nullable): the title
 *
 * Sets #LecternArticle:title.
 */
void
lectern_article_set_title (LecternArticle *self,
                           const char     *title)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->title, title, PROP_TITLE);
}

/**
 * lectern_article_get_byline:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the author line
 */
const char *
lectern_article_get_byline (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->byline;
}

/**
 * lectern_article_set_byline:
 * @self: a #LecternArticle
 * @byline: (nullable): the author line
 *
 * Sets #LecternArticle:byline.
 */
void
lectern_article_set_byline (LecternArticle *self,
                            const char     *byline)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->byline, byline, PROP_BYLINE);
}

/**
 * lectern_article_get_site_name:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the site's name; see also
 *   lectern_article_dup_display_site()
 */
const char *
lectern_article_get_site_name (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->site_name;
}

/**
 * lectern_article_set_site_name:
 * @self: a #LecternArticle
 * @site_name: (nullable): the site's name
 *
 * Sets #LecternArticle:site-name.
 */
void
lectern_article_set_site_name (LecternArticle *self,
                               const char     *site_name)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->site_name, site_name, PROP_SITE_NAME);
}

/**
 * lectern_article_get_language:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the language tag
 */
const char *
lectern_article_get_language (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->language;
}

/**
 * lectern_article_set_language:
 * @self: a #LecternArticle
 * @language: (nullable): a BCP 47 language tag
 *
 * Sets #LecternArticle:language.
 */
void
lectern_article_set_language (LecternArticle *self,
                              const char     *language)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->language, language, PROP_LANGUAGE);
}

/**
 * lectern_article_get_direction:
 * @self: a #LecternArticle
 *
 * Returns: the direction of the article's text
 */
LecternTextDirection
lectern_article_get_direction (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), LECTERN_TEXT_DIRECTION_AUTO);

  return self->direction;
}

/**
 * lectern_article_set_direction:
 * @self: a #LecternArticle
 * @direction: the direction of the text
 *
 * Sets #LecternArticle:direction.
 */
void
lectern_article_set_direction (LecternArticle       *self,
                               LecternTextDirection  direction)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (direction <= LECTERN_TEXT_DIRECTION_RTL);

  if (self->direction == direction)
    return;

  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

/**
 * lectern_article_get_excerpt:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): a short summary for the list
 */
const char *
lectern_article_get_excerpt (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->excerpt;
}

/**
 * lectern_article_set_excerpt:
 * @self: a #LecternArticle
 * @excerpt: (nullable): a short summary
 *
 * Sets #LecternArticle:excerpt.
 */
void
lectern_article_set_excerpt (LecternArticle *self,
                             const char     *excerpt)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->excerpt, excerpt, PROP_EXCERPT);
}

/**
 * lectern_article_get_lead_image:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the address of the article's main image
 */
const char *
lectern_article_get_lead_image (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->lead_image;
}

/**
 * lectern_article_set_lead_image:
 * @self: a #LecternArticle
 * @lead_image: (nullable): the image's address
 *
 * Sets #LecternArticle:lead-image.
 */
void
lectern_article_set_lead_image (LecternArticle *self,
                                const char     *lead_image)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->lead_image, lead_image, PROP_LEAD_IMAGE);
}

/**
 * lectern_article_get_published_at:
 * @self: a #LecternArticle
 *
 * Returns: when the article was published, or 0 if unknown
 */
gint64
lectern_article_get_published_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->published_at;
}

/**
 * lectern_article_set_published_at:
 * @self: a #LecternArticle
 * @published_at: microseconds since the epoch, or 0
 *
 * Sets #LecternArticle:published-at.
 */
void
lectern_article_set_published_at (LecternArticle *self,
                                  gint64          published_at)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_int64 (self, &self->published_at, published_at, PROP_PUBLISHED_AT);
}

static void
set_precision (LecternArticle       *self,
               LecternDatePrecision *field,
               LecternDatePrecision  value,
               int                   prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * lectern_article_get_published_precision:
 * @self: a #LecternArticle
 *
 * Returns: what #LecternArticle:published-at holds: a day, a minute, or nothing
 */
LecternDatePrecision
lectern_article_get_published_precision (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), LECTERN_DATE_PRECISION_NONE);

  return self->published_precision;
}

/**
 * lectern_article_set_published_precision:
 * @self: a #LecternArticle
 * @precision: the precision of the date published
 *
 * Sets #LecternArticle:published-precision.
 */
void
lectern_article_set_published_precision (LecternArticle       *self,
                                         LecternDatePrecision  precision)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (precision <= LECTERN_DATE_PRECISION_MINUTE);

  set_precision (self, &self->published_precision, precision, PROP_PUBLISHED_PRECISION);
}

/**
 * lectern_article_get_modified_at:
 * @self: a #LecternArticle
 *
 * Returns: when the page says the article last changed, or 0 if unknown
 */
gint64
lectern_article_get_modified_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->modified_at;
}

/**
 * lectern_article_set_modified_at:
 * @self: a #LecternArticle
 * @modified_at: microseconds since the epoch, or 0
 *
 * Sets #LecternArticle:modified-at.
 */
void
lectern_article_set_modified_at (LecternArticle *self,
                                 gint64          modified_at)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_int64 (self, &self->modified_at, modified_at, PROP_MODIFIED_AT);
}

/**
 * lectern_article_get_modified_precision:
 * @self: a #LecternArticle
 *
 * Returns: what #LecternArticle:modified-at holds: a day, a minute, or nothing
 */
LecternDatePrecision
lectern_article_get_modified_precision (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), LECTERN_DATE_PRECISION_NONE);

  return self->modified_precision;
}

/**
 * lectern_article_set_modified_precision:
 * @self: a #LecternArticle
 * @precision: the precision of the date modified
 *
 * Sets #LecternArticle:modified-precision.
 */
void
lectern_article_set_modified_precision (LecternArticle       *self,
                                        LecternDatePrecision  precision)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (precision <= LECTERN_DATE_PRECISION_MINUTE);

  set_precision (self, &self->modified_precision, precision, PROP_MODIFIED_PRECISION);
}

/**
 * lectern_article_get_published_offset:
 * @self: a #LecternArticle
 *
 * The zone the page wrote #LecternArticle:published-at in, so that the date can be shown as
 * the page shows it, as `lectern-extract` does. It comes from the extractor and is not kept
 * in the library: an article read from there has 0, as has a day, or a time the page gave
 * without a zone.
 *
 * Returns: the offset from UTC, in seconds east
 */
int
lectern_article_get_published_offset (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->published_offset;
}

/**
 * lectern_article_get_modified_offset:
 * @self: a #LecternArticle
 *
 * As lectern_article_get_published_offset(), for #LecternArticle:modified-at.
 *
 * Returns: the offset from UTC, in seconds east
 */
int
lectern_article_get_modified_offset (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->modified_offset;
}

/**
 * lectern_article_set_date_offsets:
 * @self: a #LecternArticle
 * @published: the zone of the date published, in seconds east of UTC
 * @modified: the zone of the date modified
 *
 * Sets what lectern_article_get_published_offset() and
 * lectern_article_get_modified_offset() return. An offset beyond 18 hours is no zone: it is
 * taken as 0.
 */
void
lectern_article_set_date_offsets (LecternArticle *self,
                                  int             published,
                                  int             modified)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  self->published_offset = ABS (published) <= 18 * 3600 ? published : 0;
  self->modified_offset = ABS (modified) <= 18 * 3600 ? modified : 0;
}

/**
 * lectern_article_get_saved_at:
 * @self: a #LecternArticle
 *
 * Returns: when the article was saved, or 0 before it is stored
 */
gint64
lectern_article_get_saved_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->saved_at;
}

/**
 * lectern_article_set_saved_at:
 * @self: a #LecternArticle
 * @saved_at: microseconds since the epoch, or 0 for "now" when stored
 *
 * Sets #LecternArticle:saved-at. Importers use it to keep the date of the original save.
 */
void
lectern_article_set_saved_at (LecternArticle *self,
                              gint64          saved_at)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_int64 (self, &self->saved_at, saved_at, PROP_SAVED_AT);
}

/**
 * lectern_article_get_updated_at:
 * @self: a #LecternArticle
 *
 * Returns: when the article was last changed in the library
 */
gint64
lectern_article_get_updated_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->updated_at;
}

/**
 * lectern_article_set_updated_at:
 * @self: a #LecternArticle
 * @updated_at: microseconds since the epoch
 *
 * Sets #LecternArticle:updated-at. The store sets it on every write.
 */
void
lectern_article_set_updated_at (LecternArticle *self,
                                gint64          updated_at)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_int64 (self, &self->updated_at, updated_at, PROP_UPDATED_AT);
}

/**
 * lectern_article_get_word_count:
 * @self: a #LecternArticle
 *
 * Returns: the number of words in the body
 */
guint
lectern_article_get_word_count (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->word_count;
}

/**
 * lectern_article_set_word_count:
 * @self: a #LecternArticle
 * @word_count: the number of words
 *
 * Sets #LecternArticle:word-count.
 */
void
lectern_article_set_word_count (LecternArticle *self,
                                guint           word_count)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_uint (self, &self->word_count, word_count, PROP_WORD_COUNT);
}

/**
 * lectern_article_get_char_count:
 * @self: a #LecternArticle
 *
 * Returns: the number of characters in the body's text
 */
guint
lectern_article_get_char_count (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->char_count;
}

/**
 * lectern_article_set_char_count:
 * @self: a #LecternArticle
 * @char_count: the number of characters
 *
 * Sets #LecternArticle:char-count. Reading time in Chinese and Japanese counts these.
 */
void
lectern_article_set_char_count (LecternArticle *self,
                                guint           char_count)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_uint (self, &self->char_count, char_count, PROP_CHAR_COUNT);
}

/**
 * lectern_article_get_reading_minutes:
 * @self: a #LecternArticle
 *
 * Returns: the estimated reading time in minutes
 */
guint
lectern_article_get_reading_minutes (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->reading_minutes;
}

/**
 * lectern_article_set_reading_minutes:
 * @self: a #LecternArticle
 * @reading_minutes: the reading time in minutes
 *
 * Sets #LecternArticle:reading-minutes.
 */
void
lectern_article_set_reading_minutes (LecternArticle *self,
                                     guint           reading_minutes)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_uint (self, &self->reading_minutes, reading_minutes, PROP_READING_MINUTES);
}

/**
 * lectern_article_get_body_html:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the sanitised body, or %NULL if not loaded
 */
const char *
lectern_article_get_body_html (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->body_html;
}

/**
 * lectern_article_set_body_html:
 * @self: a #LecternArticle
 * @body_html: (nullable): the sanitised body
 *
 * Sets #LecternArticle:body-html.
 */
void
lectern_article_set_body_html (LecternArticle *self,
                               const char     *body_html)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->body_html, body_html, PROP_BODY_HTML);
}

/**
 * lectern_article_get_plain_text:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the body as plain text, or %NULL if not loaded
 */
const char *
lectern_article_get_plain_text (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->plain_text;
}

/**
 * lectern_article_set_plain_text:
 * @self: a #LecternArticle
 * @plain_text: (nullable): the body as plain text
 *
 * Sets #LecternArticle:plain-text.
 */
void
lectern_article_set_plain_text (LecternArticle *self,
                                const char     *plain_text)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->plain_text, plain_text, PROP_PLAIN_TEXT);
}

/**
 * lectern_article_get_read_at:
 * @self: a #LecternArticle
 *
 * Returns: when the article was marked read, or 0 if it is unread
 */
gint64
lectern_article_get_read_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->read_at;
}

/**
 * lectern_article_set_read_at:
 * @self: a #LecternArticle
 * @read_at: microseconds since the epoch, or 0 for unread
 *
 * Sets #LecternArticle:read-at, and with it #LecternArticle:is-read.
 */
void
lectern_article_set_read_at (LecternArticle *self,
                             gint64          read_at)
{
  gboolean was_read;

  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  if (self->read_at == read_at)
    return;

  was_read = self->read_at != 0;
  self->read_at = read_at;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_AT]);
  if (was_read != (read_at != 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_READ]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * lectern_article_get_is_read:
 * @self: a #LecternArticle
 *
 * Returns: %TRUE if the article was marked read
 */
gboolean
lectern_article_get_is_read (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), FALSE);

  return self->read_at != 0;
}

/**
 * lectern_article_get_archived:
 * @self: a #LecternArticle
 *
 * Returns: %TRUE if the article is archived
 */
gboolean
lectern_article_get_archived (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), FALSE);

  return self->archived;
}

/**
 * lectern_article_set_archived:
 * @self: a #LecternArticle
 * @archived: whether the article is archived
 *
 * Sets #LecternArticle:archived.
 */
void
lectern_article_set_archived (LecternArticle *self,
                              gboolean        archived)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_boolean (self, &self->archived, archived, PROP_ARCHIVED);
}

/**
 * lectern_article_get_starred:
 * @self: a #LecternArticle
 *
 * Returns: %TRUE if the article is a favourite
 */
gboolean
lectern_article_get_starred (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), FALSE);

  return self->starred;
}

/**
 * lectern_article_set_starred:
 * @self: a #LecternArticle
 * @starred: whether the article is a favourite
 *
 * Sets #LecternArticle:starred.
 */
void
lectern_article_set_starred (LecternArticle *self,
                             gboolean        starred)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_boolean (self, &self->starred, starred, PROP_STARRED);
}

/**
 * lectern_article_get_starred_at:
 * @self: a #LecternArticle
 *
 * Returns: when the article was starred, or 0 if it is not
 */
gint64
lectern_article_get_starred_at (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0);

  return self->starred_at;
}

/**
 * lectern_article_set_starred_at:
 * @self: a #LecternArticle
 * @starred_at: microseconds since the epoch, or 0
 *
 * Sets #LecternArticle:starred-at.
 */
void
lectern_article_set_starred_at (LecternArticle *self,
                                gint64          starred_at)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_int64 (self, &self->starred_at, starred_at, PROP_STARRED_AT);
}

/**
 * lectern_article_get_progress:
 * @self: a #LecternArticle
 *
 * Returns: how far the reader got, from 0 to 1
 */
double
lectern_article_get_progress (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), 0.0);

  return self->progress;
}

/**
 * lectern_article_set_progress:
 * @self: a #LecternArticle
 * @progress: how far the reader got; clamped to 0…1, and NaN counts as 0
 *
 * Sets #LecternArticle:progress.
 */
void
lectern_article_set_progress (LecternArticle *self,
                              double          progress)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  if (isnan (progress))
    progress = 0.0;
  progress = CLAMP (progress, 0.0, 1.0);

  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * lectern_article_get_progress_anchor:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): where the reader stopped
 */
const char *
lectern_article_get_progress_anchor (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->progress_anchor;
}

/**
 * lectern_article_set_progress_anchor:
 * @self: a #LecternArticle
 * @progress_anchor: (nullable): where the reader stopped
 *
 * Sets #LecternArticle:progress-anchor.
 */
void
lectern_article_set_progress_anchor (LecternArticle *self,
                                     const char     *progress_anchor)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->progress_anchor, progress_anchor, PROP_PROGRESS_ANCHOR);
}

/**
 * lectern_article_get_save_state:
 * @self: a #LecternArticle
 *
 * Returns: whether the article is stored whole, waiting or failed
 */
LecternSaveState
lectern_article_get_save_state (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), LECTERN_SAVE_STATE_SAVED);

  return self->save_state;
}

/**
 * lectern_article_set_save_state:
 * @self: a #LecternArticle
 * @save_state: the state
 *
 * Sets #LecternArticle:save-state.
 */
void
lectern_article_set_save_state (LecternArticle   *self,
                                LecternSaveState  save_state)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));
  g_return_if_fail (save_state <= LECTERN_SAVE_STATE_FAILED);

  if (self->save_state == save_state)
    return;

  self->save_state = save_state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
}

/**
 * lectern_article_get_save_error:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): why saving failed
 */
const char *
lectern_article_get_save_error (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->save_error;
}

/**
 * lectern_article_set_save_error:
 * @self: a #LecternArticle
 * @save_error: (nullable): why saving failed
 *
 * Sets #LecternArticle:save-error.
 */
void
lectern_article_set_save_error (LecternArticle *self,
                                const char     *save_error)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->save_error, save_error, PROP_SAVE_ERROR);
}

/**
 * lectern_article_get_snippet:
 * @self: a #LecternArticle
 *
 * Returns: (transfer none) (nullable): the search snippet; see #LecternArticle:snippet
 */
const char *
lectern_article_get_snippet (LecternArticle *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  return self->snippet;
}

/**
 * lectern_article_set_snippet:
 * @self: a #LecternArticle
 * @snippet: (nullable): the text around a search's matches, with the matches marked
 *
 * Sets #LecternArticle:snippet.
 */
void
lectern_article_set_snippet (LecternArticle *self,
                             const char     *snippet)
{
  g_return_if_fail (LECTERN_IS_ARTICLE (self));

  set_string (self, &self->snippet, snippet, PROP_SNIPPET);
}

static gboolean
is_blank (const char *text)
{
  if (!text)
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static GUri *
parse_url (const char *url)
{
  GUri *uri;

  if (!url)
    return NULL;

  /* Decoded paths read better ("/wiki/Zürich"); a path that does not decode to text is
   * shown as it is written.
   */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (!uri)
    uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  return uri;
}

/**
 * lectern_article_dup_display_title:
 * @self: a #LecternArticle
 *
 * Gives the text a list row shows as the title: the title, or when it is empty the address
 * without its scheme ("example.com/some/page"), so a row is never blank.
 *
 * Returns: (transfer full): a non-empty string
 */
char *
lectern_article_dup_display_title (LecternArticle *self)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *host = NULL;
  const char *path;

  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  if (!is_blank (self->title))
    return g_strstrip (g_strdup (self->title));

  uri = parse_url (self->url);
  if (uri)
    host = lectern_url_dup_display_host (uri);

  if (host) {
    path = g_uri_get_path (uri);
    if (path && *path && strcmp (path, "/") != 0) {
      g_autofree char *joined = g_strconcat (host, path, NULL);

      return g_utf8_make_valid (joined, -1);
    }

    return g_steal_pointer (&host);
  }

  if (!is_blank (self->url))
    return g_utf8_make_valid (self->url, -1);

  return g_strdup (_("Untitled"));
}

/**
 * lectern_article_dup_display_site:
 * @self: a #LecternArticle
 *
 * Gives the text a list row shows as the site: the site's name, or when it is empty the
 * host of the address, as lectern_url_dup_display_host() shows it.
 *
 * Returns: (transfer full): the site, or an empty string if nothing is known
 */
char *
lectern_article_dup_display_site (LecternArticle *self)
{
  g_autoptr (GUri) uri = NULL;
  char *host = NULL;

  g_return_val_if_fail (LECTERN_IS_ARTICLE (self), NULL);

  if (!is_blank (self->site_name))
    return g_strstrip (g_strdup (self->site_name));

  uri = parse_url (self->url);
  if (uri)
    host = lectern_url_dup_display_host (uri);

  return host ? host : g_strdup ("");
}
