/* lectern-window-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-window.h"

#include "lectern-highlights-view.h"
#include "lectern-import.h"
#include "lectern-tag-popover.h"

G_BEGIN_DECLS

struct _LecternWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkLabel             *unread_count_label;
  GtkStack             *sidebar_stack;
  GtkRevealer          *saving_revealer;
  GtkLabel             *saving_label;
  GtkProgressBar       *saving_progress;
  GtkButton            *saving_pause_button;
  GtkScrolledWindow    *list_scroller;
  GtkListView          *list_view;
  AdwStatusPage        *empty_status;
  GtkWidget            *empty_add_button;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  GtkOverlay           *reader_overlay;
  GtkProgressBar       *reading_progress;
  AdwStatusPage        *error_status;
  GtkToggleButton      *star_toggle;
  GtkToggleButton      *read_toggle;
  GtkToggleButton      *archive_toggle;
  GtkMenuButton        *add_button;
  GtkPopover           *add_popover;
  GtkEntry             *add_entry;
  GtkLabel             *add_error_label;
  AdwStatusPage        *pending_status;
  GtkSpinner           *pending_spinner;
  AdwStatusPage        *failed_status;
  GtkSearchBar         *find_bar;
  GtkSearchEntry       *find_entry;
  GtkLabel             *find_label;
  GtkToggleButton      *find_button;
  GtkMenuButton        *reader_menu_button;
  GtkWidget            *open_original_button;
  GtkWidget            *delete_button;
  GtkLabel             *zoom_label;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkLabel             *index_label;
  GtkSearchEntry       *search_entry;
  GtkScrolledWindow    *tags_scroller;
  GtkListBox           *tags_list;
  GtkEntry             *add_tags_entry;
  GtkMenuButton        *tags_button;
  LecternHighlightsView *highlights_view;

  /* Owned */
  GCancellable         *cancellable;
  GSettings            *settings;
  LecternArticleStore  *store;
  LecternArticleList   *articles;
  GtkSliceListModel    *first_rows;
  GtkSingleSelection   *selection;
  LecternArticle       *current;
  GSimpleActionGroup   *article_actions;
  GSimpleActionGroup   *reader_actions;
  GPtrArray            *undo_toasts;
  char                 *saved_anchor;
  char                 *find_text;
  char                 *tag;
  GtkWidget            *tag_menu;
  /* The last import that finished, for its report. */
  LecternImport        *import_report;
  char                 *import_report_name;
  char                 *import_report_summary;
  /* Exports writing now. */
  guint                 n_exports;

  /* Borrowed */
  LecternApplication   *application;
  LecternReaderView    *reader;
  LecternTagPopover    *tag_popover;

  LecternFilter         filter;
  LecternSort           sort;
  guint                 progress_save_id;
  double                saved_progress;
  guint                 restore_scroll_id;
  guint                 restore_scroll_frames;
  double                filter_scroll[LECTERN_N_FILTERS];
  guint                 find_count;
  guint                 find_index;
  double                restore_scroll_value;
  double                search_scroll;
  gboolean              restore_after_query;
  gboolean              search_restore_pending;
  guint                 search_timeout_id;
  guint                 tags_refresh_id;
  /* The sidebar shows the library's highlights in place of the list ("highlights" of
   * win.filter); the list keeps its filter, tag, search and place (list_scroll) for
   * coming back.
   */
  gboolean              show_highlights;
  double                list_scroll;
  /* The highlight the article about to be shown opens at. */
  gint64                opening_highlight;
};

void _lectern_window_actions_init         (LecternWindow *self);
void _lectern_window_class_actions_init   (GtkWidgetClass *widget_class);
void _lectern_window_class_import_init    (GtkWidgetClass *widget_class);
void _lectern_window_setup_saving         (LecternWindow *self);
gboolean _lectern_window_is_import_file   (GFile         *file);
void _lectern_window_update_actions       (LecternWindow *self);
void _lectern_window_export_current       (LecternWindow       *self,
                                           LecternExportFormat  format);
void _lectern_window_report_error         (LecternWindow *self,
                                           const char    *what,
                                           const GError  *error);
void _lectern_window_clear_article        (LecternWindow *self);
void _lectern_window_show_current         (LecternWindow *self);
void _lectern_window_move                 (LecternWindow *self,
                                           int            offset);
gint64 _lectern_window_get_neighbour      (LecternWindow *self);
void _lectern_window_find                 (LecternWindow *self,
                                           int            direction);
void _lectern_window_update_zoom          (LecternWindow *self);
void _lectern_window_open_search          (LecternWindow *self);
void _lectern_window_choose_tag           (LecternWindow *self,
                                           const char    *name);
void _lectern_window_update_tags          (LecternWindow *self);
void _lectern_window_show_tags            (LecternWindow *self);
gboolean _lectern_window_current_has_highlights (LecternWindow *self);
void _lectern_window_copy_highlights      (LecternWindow *self);
void _lectern_window_export_highlights    (LecternWindow *self,
                                           GFile         *file);

G_END_DECLS
