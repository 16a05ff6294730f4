/* lectern-window-actions.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-window-private.h"

#include "lectern-export.h"

#include "lectern-reader-style.h"
#include "lectern-tag.h"

#include <glib/gi18n.h>

/* The article actions live in their own "article" group rather than as widget-class
 * actions because star, read and archive carry a state the header bar's toggle buttons
 * show, and every one of them is disabled while no article is on display.
 */

typedef struct {
  LecternWindow        *window;
  gint64                id;
  LecternArticleChange  change;
  char                 *title;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_weak_pointer (&data->window);
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static ActionData *
action_data_new (LecternWindow *window,
                 gint64         id)
{
  ActionData *data = g_new0 (ActionData, 1);

  g_set_weak_pointer (&data->window, window);
  data->id = id;
  return data;
}

static void
set_flag_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ActionData) data = user_data;
  g_autoptr (GError) error = NULL;

  if (lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error))
    return;
  if (!data->window)
    return;

  _lectern_window_report_error (data->window, _("The change could not be saved"), error);
  /* Show the state the library really has again. */
  _lectern_window_update_actions (data->window);
}

static void
flag_change_state_cb (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       user_data)
{
  LecternWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  LecternArticleChange change;
  ActionData *data;

  if (!self->current || !self->store)
    return;

  if (g_str_equal (name, "star"))
    change = LECTERN_ARTICLE_CHANGE_STARRED;
  else if (g_str_equal (name, "read"))
    change = LECTERN_ARTICLE_CHANGE_READ;
  else
    change = LECTERN_ARTICLE_CHANGE_ARCHIVED;

  g_simple_action_set_state (action, state);

  data = action_data_new (self, lectern_article_get_id (self->current));
  data->change = change;
  lectern_article_store_set_flag_async (self->store, data->id, change,
                                        g_variant_get_boolean (state),
                                        self->cancellable, set_flag_done_cb, data);

  /* Archiving says "done with this one": go on to the next, unless the user would rather stay. */
  if (change == LECTERN_ARTICLE_CHANGE_ARCHIVED && g_variant_get_boolean (state)) {
    g_autofree char *after = g_settings_get_string (self->settings, "after-archive");
    gint64 next = g_strcmp0 (after, "stay") == 0 ? 0 : _lectern_window_get_neighbour (self);

    if (next > 0)
      lectern_window_show_article (self, next);
  }
}

static void
open_original_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  LecternWindow *self = user_data;

  if (!self->current || !lectern_article_get_url (self->current))
    return;

  gtk_show_uri (GTK_WINDOW (self), lectern_article_get_url (self->current), GDK_CURRENT_TIME);
}

/* Export as EPUB / Markdown / HTML, from the article's menu. */
static void
export_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  LecternWindow *self = user_data;
  LecternExportFormat format;

  if (lectern_export_format_from_name (g_variant_get_string (parameter, NULL), &format))
    _lectern_window_export_current (self, format);
}

static gboolean
purge_deleted_cb (gpointer user_data)
{
  LecternWindow *self = user_data;

  if (self->undo_toasts && self->undo_toasts->len == 0 && self->store)
    lectern_article_store_purge_deleted_async (self->store, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
undo_toast_dismissed_cb (AdwToast      *toast,
                         LecternWindow *self)
{
  /* Toasts still up when the window goes are dismissed after it is disposed. */
  if (!self->undo_toasts)
    return;

  g_ptr_array_remove (self->undo_toasts, toast);

  /* Deleted articles stay restorable while any Undo toast shows; then they go for good.
   * The toast's Undo button takes the toast down before it runs its action, so the purge
   * waits for the click to finish and queues after the undelete.
   */
  if (self->undo_toasts->len == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, purge_deleted_cb, g_object_ref (self),
                     g_object_unref);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ActionData) data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error)) {
    if (data->window)
      _lectern_window_report_error (data->window, _("The article could not be deleted"), error);
    return;
  }
  if (!data->window)
    return;

  /* A toast's title is Pango markup, and the article's title is text from the web. */
  /* Translators: %s is the title of the article just deleted. */
  message = g_markup_printf_escaped (_("“%s” deleted"), data->title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (data->id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_ptr_array_add (data->window->undo_toasts, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (undo_toast_dismissed_cb), data->window, G_CONNECT_DEFAULT);
  adw_toast_overlay_add_toast (data->window->toast_overlay, toast);
}

static void
delete_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  LecternWindow *self = user_data;
  ActionData *data;

  if (!self->current || !self->store)
    return;

  data = action_data_new (self, lectern_article_get_id (self->current));
  data->title = lectern_article_dup_display_title (self->current);
  lectern_article_store_delete_async (self->store, data->id, NULL, delete_done_cb, data);
}

static void
copy_highlights_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  _lectern_window_copy_highlights (LECTERN_WINDOW (user_data));
}

static void
tags_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  _lectern_window_show_tags (LECTERN_WINDOW (user_data));
}

static void
retry_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ActionData) data = user_data;
  g_autoptr (GError) error = NULL;

  /* A retry that fails again says why in the article's place; nothing more to tell. */
  lectern_saver_save_finish (LECTERN_SAVER (source), result, NULL, &error);
  if (error)
    g_debug ("Saving again failed: %s", error->message);
}

static void
retry_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  LecternWindow *self = user_data;
  LecternSaver *saver = lectern_application_get_saver (self->application);
  ActionData *data;

  if (!self->current || !saver)
    return;

  data = action_data_new (self, lectern_article_get_id (self->current));
  lectern_saver_retry_async (saver, data->id, self->cancellable, retry_done_cb, data);
}

static void
add_article_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);

  if (!self->store)
    return;

  /* Folded, the button is on the list's page. */
  gtk_widget_set_visible (self->sidebar, TRUE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_menu_button_popup (self->add_button);
}

static void
undelete_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ActionData) data = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error)) {
    if (data->window)
      _lectern_window_report_error (data->window, _("The article could not be restored"), error);
    return;
  }
  if (data->window)
    lectern_window_show_article (data->window, data->id);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (!self->store)
    return;

  /* The toast's button runs this and takes the toast down itself. */
  lectern_article_store_undelete_async (self->store, id, NULL, undelete_done_cb,
                                        action_data_new (self, id));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _lectern_window_open_search (LECTERN_WINDOW (widget));
}

typedef struct {
  LecternWindow *window;
  char          *name;
  char          *new_name;
} TagData;

static void
tag_data_free (TagData *data)
{
  g_clear_weak_pointer (&data->window);
  g_free (data->name);
  g_free (data->new_name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TagData, tag_data_free)

static TagData *
tag_data_new (LecternWindow *window,
              const char    *name)
{
  TagData *data = g_new0 (TagData, 1);

  g_set_weak_pointer (&data->window, window);
  data->name = g_strdup (name);
  return data;
}

static void
rename_tag_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (TagData) data = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error)) {
    if (data->window)
      _lectern_window_report_error (data->window, _("The tag could not be renamed"), error);
    return;
  }

  /* The chosen tag stays chosen under its new name; the sidebar reads the tags again on
   * the store's tags-changed.
   */
  if (data->window && data->window->tag) {
    g_autofree char *chosen = lectern_tag_key (data->window->tag);
    g_autofree char *renamed = lectern_tag_key (data->name);

    if (g_str_equal (chosen, renamed))
      _lectern_window_choose_tag (data->window, data->new_name);
  }
}

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  GtkLabel *error_label = g_object_get_data (G_OBJECT (dialog), "lectern-error-label");
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "lectern-tag");
  g_autoptr (GError) error = NULL;
  g_autofree char *name = lectern_tag_normalize (gtk_editable_get_text (entry), &error);

  /* A name the library would refuse says why at once, and cannot be chosen. */
  gtk_label_set_text (error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), error != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  adw_message_dialog_set_response_enabled (dialog, "rename",
                                           name && g_strcmp0 (name, old_name) != 0);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    LecternWindow    *self)
{
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "lectern-tag");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "lectern-entry");
  g_autofree char *name = NULL;
  TagData *data;

  if (!g_str_equal (response, "rename") || !self->store)
    return;

  name = lectern_tag_normalize (gtk_editable_get_text (entry), NULL);
  if (!name)
    return;
  data = tag_data_new (self, old_name);
  data->new_name = g_strdup (name);
  lectern_article_store_rename_tag_async (self->store, old_name, name, NULL,
                                          rename_tag_done_cb, data);
}

static void
rename_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *error_label;

  if (!self->store)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Tag"), NULL);
  /* Translators: %s is the name of a tag. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Every article tagged “%s” gets the new name. A name "
                                    "that is already a tag joins the two."), name);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  /* Enter renames, when the name can be a tag. */
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New name of the tag"), -1);
  error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (error_label, "caption");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "rename", FALSE);

  g_object_set_data_full (G_OBJECT (dialog), "lectern-tag", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (dialog), "lectern-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "lectern-error-label", error_label);
  g_signal_connect (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_tag_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (TagData) data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autofree char *message = NULL;
  GVariant *target;
  AdwToast *toast;

  ids = lectern_article_store_delete_tag_finish (LECTERN_ARTICLE_STORE (source), result, &error);
  if (!ids) {
    if (data->window)
      _lectern_window_report_error (data->window, _("The tag could not be deleted"), error);
    return;
  }
  if (!data->window)
    return;

  /* Undo puts the tag back on the very articles that had it. */
  target = g_variant_new ("(s@ax)", data->name,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                     ids ? ids->data : NULL,
                                                     ids ? ids->len : 0, sizeof (gint64)));
  /* Translators: %s is the name of the tag just deleted. */
  message = g_markup_printf_escaped (_("Tag “%s” deleted"), data->name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete-tag");
  adw_toast_set_action_target_value (toast, target);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (data->window->toast_overlay, toast);
}

static void
delete_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!self->store)
    return;

  if (self->tag && g_strcmp0 (self->tag, name) == 0)
    _lectern_window_choose_tag (self, NULL);
  lectern_article_store_delete_tag_async (self->store, name, NULL, delete_tag_done_cb,
                                          tag_data_new (self, name));
}

static void
restore_tag_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (TagData) data = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error) &&
      data->window)
    _lectern_window_report_error (data->window, _("The tag could not be restored"), error);
}

static void
undo_delete_tag_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  g_autoptr (GVariant) ids_variant = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 *values;
  const char *name;
  gsize n = 0;

  if (!self->store)
    return;

  g_variant_get (parameter, "(&s@ax)", &name, &ids_variant);
  values = g_variant_get_fixed_array (ids_variant, &n, sizeof (gint64));
  g_array_append_vals (ids, values, n);
  lectern_article_store_restore_tag_async (self->store, name, ids, NULL, restore_tag_done_cb,
                                           tag_data_new (self, name));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  /* Back in the list, on the article just read; or in the highlights, on the one chosen. */
  if (self->show_highlights)
    gtk_widget_grab_focus (GTK_WIDGET (lectern_highlights_view_get_list_view (
                                         self->highlights_view)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);

  /* Folded, the sidebar is a page of its own: switch pages. Wide, hide or show it. */
  if (adw_leaflet_get_folded (self->leaflet)) {
    gboolean on_list = adw_leaflet_get_visible_child (self->leaflet) == self->sidebar;

    adw_leaflet_navigate (self->leaflet, on_list ? ADW_NAVIGATION_DIRECTION_FORWARD
                                                 : ADW_NAVIGATION_DIRECTION_BACK);
  } else {
    gtk_widget_set_visible (self->sidebar, !gtk_widget_get_visible (self->sidebar));
  }
}

static void
next_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _lectern_window_move (LECTERN_WINDOW (widget), 1);
}

static void
previous_article_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _lectern_window_move (LECTERN_WINDOW (widget), -1);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);

  lectern_reader_view_page (self->reader, g_str_equal (action_name, "win.page-up") ? -1 : 1);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);

  if (!self->current)
    return;

  if (gtk_search_bar_get_search_mode (self->find_bar)) {
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
    gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
  } else {
    gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  }
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _lectern_window_find (LECTERN_WINDOW (widget),
                        g_str_equal (action_name, "win.find-previous") ? -1 : 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  int size = g_settings_get_int (self->settings, "reader-text-size");

  /* Steps of a tenth, from wherever the size is, within the setting's range. */
  if (g_str_equal (action_name, "win.zoom-in"))
    size = (size / 10 + 1) * 10;
  else if (g_str_equal (action_name, "win.zoom-out"))
    size = ((size + 9) / 10 - 1) * 10;
  else
    size = LECTERN_READER_TEXT_SIZE_DEFAULT;

  g_settings_set_int (self->settings, "reader-text-size",
                      CLAMP (size, LECTERN_READER_TEXT_SIZE_MIN, LECTERN_READER_TEXT_SIZE_MAX));
}

static gboolean
focus_in_web_view (LecternWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *web_view = GTK_WIDGET (lectern_reader_view_get_web_view (self->reader));

  return focus && (focus == web_view || gtk_widget_is_ancestor (focus, web_view));
}

static gboolean
space_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  LecternWindow *self = LECTERN_WINDOW (user_data);

  /* In the page itself WebKit pages through; elsewhere (the list, a button that let the
   * key through) the page is scrolled from here.
   */
  if (!self->current || focus_in_web_view (self))
    return FALSE;

  lectern_reader_view_page (self->reader, g_variant_get_boolean (args) ? -1 : 1);
  return TRUE;
}

static const struct {
  const char *trigger;
  const char *action;
} single_keys[] = {
  { "j", "win.next-article" },
  { "k", "win.previous-article" },
  { "s", "article.star" },
  { "m", "article.read" },
  { "a", "article.archive" },
  { "o", "article.open-original" },
  { "t", "article.tags" },
  { "Delete", "article.delete" },
  { "KP_Delete", "article.delete" },
};

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              GtkShortcutAction     *action,
              GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger), action);

  if (args)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Keys with no modifier act on the article only when the focused widget did not want them:
 * this controller runs as the key event bubbles up to the window, so typing an "s" or
 * pressing Delete in an entry, the add-article popover's or the find bar's, stays there.
 */
static void
lectern_window_add_single_key_shortcuts (LecternWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkEventController *list_controller;
  GtkWidget *lists[] = {
    GTK_WIDGET (self->list_view),
    GTK_WIDGET (lectern_highlights_view_get_list_view (self->highlights_view)),
  };

  gtk_event_controller_set_static_name (controller, "lectern-single-key-shortcuts");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  for (guint i = 0; i < G_N_ELEMENTS (single_keys); i++)
    add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), single_keys[i].trigger,
                  gtk_named_action_new (single_keys[i].action), NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "space",
                gtk_callback_action_new (space_cb, self, NULL), g_variant_new_boolean (FALSE));
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Shift>space",
                gtk_callback_action_new (space_cb, self, NULL), g_variant_new_boolean (TRUE));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* The list selects its row on Space: take it before the row does and page the article.
   * The same in the highlights.
   */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++) {
    list_controller = gtk_shortcut_controller_new ();
    gtk_event_controller_set_static_name (list_controller, "lectern-list-space");
    gtk_event_controller_set_propagation_phase (list_controller, GTK_PHASE_CAPTURE);
    add_shortcut (GTK_SHORTCUT_CONTROLLER (list_controller), "space",
                  gtk_callback_action_new (space_cb, self, NULL), g_variant_new_boolean (FALSE));
    add_shortcut (GTK_SHORTCUT_CONTROLLER (list_controller), "<Shift>space",
                  gtk_callback_action_new (space_cb, self, NULL), g_variant_new_boolean (TRUE));
    gtk_widget_add_controller (lists[l], list_controller);

    /* A key typed in the list starts a search (lectern-window.c), but not these: they act
     * on the article, as everywhere else in the window.
     */
    list_controller = gtk_shortcut_controller_new ();
    gtk_event_controller_set_static_name (list_controller, "lectern-list-single-keys");
    gtk_event_controller_set_propagation_phase (list_controller, GTK_PHASE_CAPTURE);
    for (guint i = 0; i < G_N_ELEMENTS (single_keys); i++)
      add_shortcut (GTK_SHORTCUT_CONTROLLER (list_controller), single_keys[i].trigger,
                    gtk_named_action_new (single_keys[i].action), NULL);
    gtk_widget_add_controller (lists[l], list_controller);
  }

  /* In the find bar, Shift+Enter goes back, as in GNOME Web; Enter and Ctrl+G go on. */
  controller = gtk_shortcut_controller_new ();
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Shift>Return|<Shift>KP_Enter",
                gtk_named_action_new ("win.find-previous"), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->find_entry), controller);
}

static const GActionEntry article_entries[] = {
  { "star", NULL, NULL, "false", flag_change_state_cb },
  { "read", NULL, NULL, "false", flag_change_state_cb },
  { "archive", NULL, NULL, "false", flag_change_state_cb },
  { "open-original", open_original_cb },
  { "export", export_cb, "s" },
  { "delete", delete_cb },
  { "retry", retry_cb },
  { "tags", tags_cb },
  { "copy-highlights", copy_highlights_cb },
};

/**
 * _lectern_window_update_actions:
 *
 * Makes the article actions, and the header bar buttons that show them, follow the
 * article on display.
 */
void
_lectern_window_update_actions (LecternWindow *self)
{
  GActionMap *map = G_ACTION_MAP (self->article_actions);
  LecternArticle *article = self->current;
  gboolean has = article != NULL;
  gboolean starred = has && lectern_article_get_starred (article);
  gboolean read = has && lectern_article_get_is_read (article);
  gboolean archived = has && lectern_article_get_archived (article);
  const char *url = has ? lectern_article_get_url (article) : NULL;
  g_autofree char *scheme = url ? g_uri_parse_scheme (url) : NULL;
  gboolean web = scheme && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"));
  gboolean failed = has && lectern_article_get_save_state (article) == LECTERN_SAVE_STATE_FAILED;
  const char *names[] = { "star", "read", "archive", "delete", "tags", "export" };
  const char *reader_names[] = { "win.find", "win.find-next", "win.find-previous",
                                 "win.page-down", "win.page-up" };
  GAction *copy_highlights = g_action_map_lookup_action (map, "copy-highlights");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, names[i])),
                                 has);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "open-original")),
                               web);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "retry")),
                               failed);
  /* Copying the highlights of an article that has none would empty the clipboard. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (copy_highlights),
                               has && _lectern_window_current_has_highlights (self));
  for (guint i = 0; i < G_N_ELEMENTS (reader_names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), reader_names[i], has);
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), has);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tags_button), has);
  if (!has)
    gtk_search_bar_set_search_mode (self->find_bar, FALSE);

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "star")),
                             g_variant_new_boolean (starred));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "read")),
                             g_variant_new_boolean (read));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "archive")),
                             g_variant_new_boolean (archived));

  gtk_button_set_icon_name (GTK_BUTTON (self->star_toggle),
                            starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->star_toggle),
                               starred ? _("Remove from Favourites") : _("Add to Favourites"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->read_toggle),
                               read ? _("Mark as Unread") : _("Mark as Read"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->archive_toggle),
                               archived ? _("Move Out of the Archive") : _("Archive"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (GTK_WIDGET (self->star_toggle)),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->read_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (GTK_WIDGET (self->read_toggle)),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->archive_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (GTK_WIDGET (self->archive_toggle)),
                                  -1);
}

void
_lectern_window_actions_init (LecternWindow *self)
{
  self->undo_toasts = g_ptr_array_new_with_free_func (g_object_unref);
  self->article_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->article_actions), article_entries,
                                   G_N_ELEMENTS (article_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "article",
                                  G_ACTION_GROUP (self->article_actions));

  /* The reading menu's choices are the settings themselves. */
  self->reader_actions = g_simple_action_group_new ();
  {
    const char *keys[] = { "theme", "reader-font", "reader-width" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
      g_autoptr (GAction) action = g_settings_create_action (self->settings, keys[i]);

      g_action_map_add_action (G_ACTION_MAP (self->reader_actions), action);
    }
  }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "reader",
                                  G_ACTION_GROUP (self->reader_actions));

  lectern_window_add_single_key_shortcuts (self);
  _lectern_window_update_zoom (self);
}

void
_lectern_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.filter", "filter");
  gtk_widget_class_install_property_action (widget_class, "win.sort", "sort");
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.rename-tag", "s", rename_tag_action);
  gtk_widget_class_install_action (widget_class, "win.delete-tag", "s", delete_tag_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete-tag", "(sax)",
                                   undo_delete_tag_action);
  gtk_widget_class_install_action (widget_class, "win.add-article", NULL, add_article_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.next-article", NULL, next_article_action);
  gtk_widget_class_install_action (widget_class, "win.previous-article", NULL,
                                   previous_article_action);
  gtk_widget_class_install_action (widget_class, "win.page-down", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.page-up", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
}
