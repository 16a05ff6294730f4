/* lectern-article.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lectern-core-types.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_ARTICLE (lectern_article_get_type ())

G_DECLARE_FINAL_TYPE (LecternArticle, lectern_article, LECTERN, ARTICLE, GObject)

LecternArticle      *lectern_article_new                 (void);
LecternArticle      *lectern_article_copy                (LecternArticle      *self);
void                 lectern_article_update_from         (LecternArticle      *self,
                                                          LecternArticle      *other);

gint64               lectern_article_get_id              (LecternArticle      *self);
void                 lectern_article_set_id              (LecternArticle      *self,
                                                          gint64               id);
const char          *lectern_article_get_url             (LecternArticle      *self);
void                 lectern_article_set_url             (LecternArticle      *self,
                                                          const char          *url);
const char          *lectern_article_get_canonical_url   (LecternArticle      *self);
void                 lectern_article_set_canonical_url   (LecternArticle      *self,
                                                          const char          *canonical_url);
const char          *lectern_article_get_title           (LecternArticle      *self);
void                 lectern_article_set_title           (LecternArticle      *self,
                                                          const char          *title);
const char          *lectern_article_get_byline          (LecternArticle      *self);
void                 lectern_article_set_byline          (LecternArticle      *self,
                                                          const char          *byline);
const char          *lectern_article_get_site_name       (LecternArticle      *self);
void                 lectern_article_set_site_name       (LecternArticle      *self,
                                                          const char          *site_name);
const char          *lectern_article_get_language        (LecternArticle      *self);
void                 lectern_article_set_language        (LecternArticle      *self,
                                                          const char          *language);
LecternTextDirection lectern_article_get_direction       (LecternArticle      *self);
void                 lectern_article_set_direction       (LecternArticle      *self,
                                                          LecternTextDirection direction);
const char          *lectern_article_get_excerpt         (LecternArticle      *self);
void                 lectern_article_set_excerpt         (LecternArticle      *self,
                                                          const char          *excerpt);
const char          *lectern_article_get_lead_image      (LecternArticle      *self);
void                 lectern_article_set_lead_image      (LecternArticle      *self,
                                                          const char          *lead_image);
gint64               lectern_article_get_published_at    (LecternArticle      *self);
void                 lectern_article_set_published_at    (LecternArticle      *self,
                                                          gint64               published_at);
LecternDatePrecision lectern_article_get_published_precision (LecternArticle      *self);
void                 lectern_article_set_published_precision (LecternArticle      *self,
                                                              LecternDatePrecision precision);
gint64               lectern_article_get_modified_at     (LecternArticle      *self);
void                 lectern_article_set_modified_at     (LecternArticle      *self,
                                                          gint64               modified_at);
LecternDatePrecision lectern_article_get_modified_precision (LecternArticle      *self);
void                 lectern_article_set_modified_precision (LecternArticle      *self,
                                                             LecternDatePrecision precision);
int                  lectern_article_get_published_offset (LecternArticle      *self);
int                  lectern_article_get_modified_offset (LecternArticle      *self);
void                 lectern_article_set_date_offsets    (LecternArticle      *self,
                                                          int                  published,
                                                          int                  modified);
gint64               lectern_article_get_saved_at        (LecternArticle      *self);
void                 lectern_article_set_saved_at        (LecternArticle      *self,
                                                          gint64               saved_at);
gint64               lectern_article_get_updated_at      (LecternArticle      *self);
void                 lectern_article_set_updated_at      (LecternArticle      *self,
                                                          gint64               updated_at);
guint                lectern_article_get_word_count      (LecternArticle      *self);
void                 lectern_article_set_word_count      (LecternArticle      *self,
                                                          guint                word_count);
guint                lectern_article_get_char_count      (LecternArticle      *self);
void                 lectern_article_set_char_count      (LecternArticle      *self,
                                                          guint                char_count);
guint                lectern_article_get_reading_minutes (LecternArticle      *self);
void                 lectern_article_set_reading_minutes (LecternArticle      *self,
                                                          guint                reading_minutes);
const char          *lectern_article_get_body_html       (LecternArticle      *self);
void                 lectern_article_set_body_html       (LecternArticle      *self,
                                                          const char          *body_html);
const char          *lectern_article_get_plain_text      (LecternArticle      *self);
void                 lectern_article_set_plain_text      (LecternArticle      *self,
                                                          const char          *plain_text);
gint64               lectern_article_get_read_at         (LecternArticle      *self);
void                 lectern_article_set_read_at         (LecternArticle      *self,
                                                          gint64               read_at);
gboolean             lectern_article_get_is_read         (LecternArticle      *self);
gboolean             lectern_article_get_archived        (LecternArticle      *self);
void                 lectern_article_set_archived        (LecternArticle      *self,
                                                          gboolean             archived);
gboolean             lectern_article_get_starred         (LecternArticle      *self);
void                 lectern_article_set_starred         (LecternArticle      *self,
                                                          gboolean             starred);
gint64               lectern_article_get_starred_at      (LecternArticle      *self);
void                 lectern_article_set_starred_at      (LecternArticle      *self,
                                                          gint64               starred_at);
double               lectern_article_get_progress        (LecternArticle      *self);
void                 lectern_article_set_progress        (LecternArticle      *self,
                                                          double               progress);
const char          *lectern_article_get_progress_anchor (LecternArticle      *self);
void                 lectern_article_set_progress_anchor (LecternArticle      *self,
                                                          const char          *progress_anchor);
LecternSaveState     lectern_article_get_save_state      (LecternArticle      *self);
void                 lectern_article_set_save_state      (LecternArticle      *self,
                                                          LecternSaveState     save_state);
const char          *lectern_article_get_save_error      (LecternArticle      *self);
void                 lectern_article_set_save_error      (LecternArticle      *self,
                                                          const char          *save_error);
const char          *lectern_article_get_snippet         (LecternArticle      *self);
void                 lectern_article_set_snippet         (LecternArticle      *self,
                                                          const char          *snippet);
char                *lectern_article_dup_display_title   (LecternArticle      *self);
char                *lectern_article_dup_display_site    (LecternArticle      *self);

G_END_DECLS
