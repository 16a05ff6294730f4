/* lectern-tag-popover.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-tag-popover.h"

#include "lectern-tag.h"

#include <glib/gi18n.h>
#include <string.h>

/* How many existing tags the popover offers under its entry. */
#define MAX_SUGGESTIONS 5

/**
 * LecternTagPopover:
 *
 * The tags of one article: each with a button to remove it, an entry to add one, and the
 * library's existing tags that match what is typed. A name the library refuses is said
 * under the entry, and what was typed stays there.
 */
struct _LecternTagPopover
{
  GtkPopover           parent_instance;

  /* Template widgets */
  GtkLabel            *none_label;
  GtkListBox          *tags_list;
  GtkEntry            *entry;
  GtkLabel            *error_label;
  GtkListBox          *suggestions_list;

  /* Owned */
  LecternArticleStore *store;
  GCancellable        *cancellable;
  GStrv                tags;
  GPtrArray           *library_tags;

  gint64               article_id;
  gulong               changed_id;
  gulong               tags_changed_id;
};

G_DEFINE_FINAL_TYPE (LecternTagPopover, lectern_tag_popover, GTK_TYPE_POPOVER)

static void lectern_tag_popover_write (LecternTagPopover  *self,
                                       const char * const *names,
                                       const char         *typed);

static void
lectern_tag_popover_show_error (LecternTagPopover *self,
                                const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

static gboolean
lectern_tag_popover_has_tag (LecternTagPopover *self,
                             const char        *key)
{
  for (guint i = 0; self->tags && self->tags[i]; i++) {
    g_autofree char *other = lectern_tag_key (self->tags[i]);

    if (g_strcmp0 (other, key) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
lectern_tag_popover_update_suggestions (LecternTagPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *typed = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))))
    gtk_list_box_remove (self->suggestions_list, child);

  typed = lectern_tag_key (text ? text : "");
  for (guint i = 0; self->library_tags && i < self->library_tags->len && n < MAX_SUGGESTIONS; i++) {
    LecternTagCount *tag = g_ptr_array_index (self->library_tags, i);
    g_autofree char *key = lectern_tag_key (tag->name);
    GtkWidget *label;

    if (lectern_tag_popover_has_tag (self, key))
      continue;
    if (typed && *typed && !strstr (key, typed))
      continue;

    label = gtk_label_new (tag->name);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_list_box_append (self->suggestions_list, label);
    g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (label)), "lectern-tag",
                            g_strdup (tag->name), g_free);
    n++;
  }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_list), n > 0);
}

static void
remove_clicked_cb (GtkButton         *button,
                   LecternTagPopover *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "lectern-tag");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) names = NULL;

  for (guint i = 0; self->tags && self->tags[i]; i++)
    if (g_strcmp0 (self->tags[i], name) != 0)
      g_strv_builder_add (builder, self->tags[i]);
  names = g_strv_builder_end (builder);
  lectern_tag_popover_write (self, (const char * const *)names, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
lectern_tag_popover_update_tags (LecternTagPopover *self)
{
  GtkWidget *child;
  guint n = self->tags ? g_strv_length (self->tags) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_list))))
    gtk_list_box_remove (self->tags_list, child);

  for (guint i = 0; i < n; i++) {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *label = gtk_label_new (self->tags[i]);
    GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
    g_autofree char *tooltip = g_strdup_printf (_("Remove “%s”"), self->tags[i]);
    GtkWidget *row;

    gtk_widget_set_margin_start (box, 12);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 3);
    gtk_widget_set_margin_bottom (box, 3);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (remove, "flat");
    gtk_widget_add_css_class (remove, "circular");
    gtk_widget_set_tooltip_text (remove, tooltip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    g_object_set_data_full (G_OBJECT (remove), "lectern-tag", g_strdup (self->tags[i]), g_free);
    g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self,
                             G_CONNECT_DEFAULT);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), remove);
    gtk_list_box_append (self->tags_list, box);
    row = gtk_widget_get_parent (box);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    gtk_widget_set_focusable (row, FALSE);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->none_label), n == 0);
}

/**
 * lectern_tag_popover_reload:
 *
 * Reads the article's tags and the library's tags again.
 */
void
lectern_tag_popover_reload (LecternTagPopover *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (LECTERN_IS_TAG_POPOVER (self));

  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->library_tags, g_ptr_array_unref);
  if (self->store && self->article_id > 0) {
    self->tags = lectern_article_store_get_tags (self->store, self->article_id, &error);
    if (error) {
      g_warning ("Could not read the tags of article %" G_GINT64_FORMAT ": %s",
                 self->article_id, error->message);
      g_clear_error (&error);
    }
    self->library_tags = lectern_article_store_list_tags (self->store, LECTERN_FILTER_ALL,
                                                          &error);
    if (error)
      g_warning ("Could not list the tags: %s", error->message);
  }
  lectern_tag_popover_update_tags (self);
  lectern_tag_popover_update_suggestions (self);
}

typedef struct {
  LecternTagPopover *popover;
  gint64             article_id;
  char              *typed;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_weak_pointer (&data->popover);
  g_free (data->typed);
  g_free (data);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteData *data = user_data;
  LecternTagPopover *self = data->popover;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error);
  if (!self || self->article_id != data->article_id) {
    write_data_free (data);
    return;
  }

  if (ok) {
    /* Added: the entry is ready for the next one, unless the user typed on meanwhile. */
    if (data->typed &&
        g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), data->typed) == 0)
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  } else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    lectern_tag_popover_show_error (self, error->message);
  }
  lectern_tag_popover_reload (self);
  write_data_free (data);
}

static void
lectern_tag_popover_write (LecternTagPopover  *self,
                           const char * const *names,
                           const char         *typed)
{
  WriteData *data;

  if (!self->store || self->article_id <= 0)
    return;

  data = g_new0 (WriteData, 1);
  g_set_weak_pointer (&data->popover, self);
  data->article_id = self->article_id;
  data->typed = g_strdup (typed);
  lectern_tag_popover_show_error (self, NULL);
  lectern_article_store_set_tags_async (self->store, self->article_id, names,
                                        self->cancellable, write_done_cb, data);
}

/**
 * lectern_tag_popover_add:
 * @name: a tag name as the user typed it
 *
 * Adds @name to the article's tags, or says under the entry why it cannot be a tag.
 *
 * Returns: whether @name was a valid tag name
 */
gboolean
lectern_tag_popover_add (LecternTagPopover *self,
                         const char        *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) names = NULL;

  g_return_val_if_fail (LECTERN_IS_TAG_POPOVER (self), FALSE);

  normalized = lectern_tag_normalize (name, &error);
  if (!normalized) {
    lectern_tag_popover_show_error (self, error->message);
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    return FALSE;
  }

  key = lectern_tag_key (normalized);
  if (lectern_tag_popover_has_tag (self, key)) {
    /* Already there: nothing to write, and nothing typed is lost by clearing it. */
    lectern_tag_popover_show_error (self, NULL);
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
    return TRUE;
  }

  builder = g_strv_builder_new ();
  if (self->tags)
    g_strv_builder_addv (builder, (const char **)self->tags);
  g_strv_builder_add (builder, normalized);
  names = g_strv_builder_end (builder);
  lectern_tag_popover_write (self, (const char * const *)names, name);
  return TRUE;
}

static void
entry_activate_cb (LecternTagPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* Enter in an empty entry is "done"; spaces alone are a name, refused with a reason. */
  if (*text == '\0') {
    gtk_popover_popdown (GTK_POPOVER (self));
    return;
  }
  lectern_tag_popover_add (self, text);
}

static void
entry_changed_cb (LecternTagPopover *self)
{
  lectern_tag_popover_show_error (self, NULL);
  lectern_tag_popover_update_suggestions (self);
}

static void
suggestion_activated_cb (LecternTagPopover *self,
                         GtkListBoxRow     *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lectern-tag");

  if (!name)
    return;
  if (lectern_tag_popover_add (self, name))
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      LecternTagPopover     *self)
{
  GtkListBoxRow *first;

  /* Down goes from the entry to the suggestions under it. */
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  first = gtk_list_box_get_row_at_index (self->suggestions_list, 0);
  if (!first || !gtk_widget_get_visible (GTK_WIDGET (self->suggestions_list)))
    return FALSE;
  gtk_list_box_select_row (self->suggestions_list, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
popover_show_cb (LecternTagPopover *self)
{
  lectern_tag_popover_show_error (self, NULL);
  lectern_tag_popover_reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
store_article_changed_cb (LecternArticleStore *store,
                          gint64               id,
                          LecternTagPopover   *self)
{
  if (id == self->article_id && gtk_widget_get_visible (GTK_WIDGET (self)))
    lectern_tag_popover_reload (self);
}

static void
store_tags_changed_cb (LecternArticleStore *store,
                       LecternTagPopover   *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    lectern_tag_popover_reload (self);
}

static void
lectern_tag_popover_dispose (GObject *object)
{
  LecternTagPopover *self = LECTERN_TAG_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  lectern_tag_popover_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LECTERN_TYPE_TAG_POPOVER);

  G_OBJECT_CLASS (lectern_tag_popover_parent_class)->dispose (object);
}

static void
lectern_tag_popover_finalize (GObject *object)
{
  LecternTagPopover *self = LECTERN_TAG_POPOVER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->library_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (lectern_tag_popover_parent_class)->finalize (object);
}

static void
lectern_tag_popover_class_init (LecternTagPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lectern_tag_popover_dispose;
  object_class->finalize = lectern_tag_popover_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/lectern/Lectern/lectern-tag-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LecternTagPopover, none_label);
  gtk_widget_class_bind_template_child (widget_class, LecternTagPopover, tags_list);
  gtk_widget_class_bind_template_child (widget_class, LecternTagPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, LecternTagPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, LecternTagPopover, suggestions_list);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);
}

static void
lectern_tag_popover_init (LecternTagPopover *self)
{
  GtkEventController *controller;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the entry's text, which would take Down for itself. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);
}

GtkWidget *
lectern_tag_popover_new (void)
{
  return g_object_new (LECTERN_TYPE_TAG_POPOVER, NULL);
}

/**
 * lectern_tag_popover_set_store:
 * @store: (nullable): the library
 */
void
lectern_tag_popover_set_store (LecternTagPopover   *self,
                               LecternArticleStore *store)
{
  g_return_if_fail (LECTERN_IS_TAG_POPOVER (self));

  if (self->store == store)
    return;

  if (self->store) {
    g_clear_signal_handler (&self->changed_id, self->store);
    g_clear_signal_handler (&self->tags_changed_id, self->store);
  }
  g_set_object (&self->store, store);
  if (store) {
    self->changed_id = g_signal_connect_object (store, "article-changed",
                                                G_CALLBACK (store_article_changed_cb), self,
                                                G_CONNECT_DEFAULT);
    self->tags_changed_id = g_signal_connect_object (store, "tags-changed",
                                                     G_CALLBACK (store_tags_changed_cb), self,
                                                     G_CONNECT_DEFAULT);
  }
}

/**
 * lectern_tag_popover_set_article_id:
 * @id: the article whose tags the popover shows, or 0
 */
void
lectern_tag_popover_set_article_id (LecternTagPopover *self,
                                    gint64             id)
{
  g_return_if_fail (LECTERN_IS_TAG_POPOVER (self));

  if (self->article_id == id)
    return;

  self->article_id = id;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  lectern_tag_popover_show_error (self, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    lectern_tag_popover_reload (self);
}

/**
 * lectern_tag_popover_get_tags:
 *
 * Returns: (transfer none) (nullable): the article's tags, as last read
 */
const char * const *
lectern_tag_popover_get_tags (LecternTagPopover *self)
{
  g_return_val_if_fail (LECTERN_IS_TAG_POPOVER (self), NULL);

  return (const char * const *)self->tags;
}

/**
 * lectern_tag_popover_get_entry:
 *
 * Returns: (transfer none): the entry a new tag is typed into
 */
GtkEntry *
lectern_tag_popover_get_entry (LecternTagPopover *self)
{
  g_return_val_if_fail (LECTERN_IS_TAG_POPOVER (self), NULL);

  return self->entry;
}

/**
 * lectern_tag_popover_get_error_label:
 *
 * Returns: (transfer none): the label that says why a name cannot be a tag
 */
GtkLabel *
lectern_tag_popover_get_error_label (LecternTagPopover *self)
{
  g_return_val_if_fail (LECTERN_IS_TAG_POPOVER (self), NULL);

  return self->error_label;
}
