/* lectern-highlight-popover.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlight-popover.h"

#include <glib/gi18n.h>

/**
 * LecternHighlightPopover:
 *
 * The small popover next to a selection in the reader, or next to a highlight the reader
 * clicked: the five colours, Note and Copy, and for a highlight, Remove. Note turns it into
 * a text field for the note. It does nothing itself: the reader view acts on its signals.
 *
 * Next to a selection it does not take the focus, so that the selection stays and the
 * reader can go on selecting; the note field does.
 */
struct _LecternHighlightPopover
{
  GtkPopover     parent_instance;

  /* Borrowed */
  GtkStack      *stack;
  GtkWidget     *color_buttons[LECTERN_N_HIGHLIGHT_COLORS];
  GtkWidget     *remove_button;
  GtkTextView   *note_view;

  gboolean       editing;
};

G_DEFINE_FINAL_TYPE (LecternHighlightPopover, lectern_highlight_popover, GTK_TYPE_POPOVER)

enum {
  COLOR_CHOSEN,
  NOTE_REQUESTED,
  NOTE_SAVED,
  COPY,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const color_labels[LECTERN_N_HIGHLIGHT_COLORS] = {
  [LECTERN_HIGHLIGHT_YELLOW] = N_("Yellow"),
  [LECTERN_HIGHLIGHT_GREEN] = N_("Green"),
  [LECTERN_HIGHLIGHT_BLUE] = N_("Blue"),
  [LECTERN_HIGHLIGHT_PINK] = N_("Pink"),
  [LECTERN_HIGHLIGHT_PURPLE] = N_("Purple"),
};

static void
color_clicked_cb (GtkButton               *button,
                  LecternHighlightPopover *self)
{
  guint color = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "lectern-color"));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[COLOR_CHOSEN], 0, color);
}

static void
note_clicked_cb (LecternHighlightPopover *self)
{
  g_signal_emit (self, signals[NOTE_REQUESTED], 0);
}

static void
copy_clicked_cb (LecternHighlightPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[COPY], 0);
}

static void
remove_clicked_cb (LecternHighlightPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
save_clicked_cb (LecternHighlightPopover *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  g_autofree char *note = NULL;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[NOTE_SAVED], 0, note);
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
lectern_highlight_popover_class_init (LecternHighlightPopoverClass *klass)
{
  /**
   * LecternHighlightPopover::color-chosen:
   * @self: the popover
   * @color: a #LecternHighlightColor
   */
  signals[COLOR_CHOSEN] =
    g_signal_new ("color-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * LecternHighlightPopover::note-requested:
   *
   * The reader chose Note: the view answers with lectern_highlight_popover_show_note().
   */
  signals[NOTE_REQUESTED] =
    g_signal_new ("note-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LecternHighlightPopover::note-saved:
   * @self: the popover
   * @note: the note as typed, empty for none
   */
  signals[NOTE_SAVED] =
    g_signal_new ("note-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[COPY] =
    g_signal_new ("copy", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lectern_highlight_popover_init (LecternHighlightPopover *self)
{
  GtkWidget *colors = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *note_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *note_view = gtk_text_view_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Note"));
  GtkWidget *button;

  gtk_widget_add_css_class (GTK_WIDGET (self), "highlight-popover");
  gtk_popover_set_has_arrow (GTK_POPOVER (self), TRUE);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_TOP);

  for (guint i = 0; i < LECTERN_N_HIGHLIGHT_COLORS; i++) {
    g_autofree char *class_name = g_strconcat ("highlight-",
                                               lectern_highlight_color_to_string (i), NULL);

    button = gtk_button_new ();
    gtk_widget_add_css_class (button, "highlight-color");
    gtk_widget_add_css_class (button, "circular");
    gtk_widget_add_css_class (button, class_name);
    gtk_widget_set_tooltip_text (button, _(color_labels[i]));
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _(color_labels[i]), -1);
    g_object_set_data (G_OBJECT (button), "lectern-color", GUINT_TO_POINTER (i));
    g_signal_connect (button, "clicked", G_CALLBACK (color_clicked_cb), self);
    gtk_box_append (GTK_BOX (colors), button);
    self->color_buttons[i] = button;
  }

  gtk_box_append (GTK_BOX (colors), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  button = icon_button_new ("document-edit-symbolic", _("Note"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (note_clicked_cb), self);
  gtk_box_append (GTK_BOX (colors), button);

  button = icon_button_new ("edit-copy-symbolic", _("Copy"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (colors), button);

  self->remove_button = icon_button_new ("user-trash-symbolic", _("Remove Highlight"));
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb),
                            self);
  gtk_box_append (GTK_BOX (colors), self->remove_button);

  self->note_view = GTK_TEXT_VIEW (note_view);
  gtk_text_view_set_wrap_mode (self->note_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->note_view, FALSE);
  gtk_text_view_set_top_margin (self->note_view, 6);
  gtk_text_view_set_bottom_margin (self->note_view, 6);
  gtk_text_view_set_left_margin (self->note_view, 6);
  gtk_text_view_set_right_margin (self->note_view, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), note_view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 96);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_size_request (scroller, 300, -1);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "highlight-note");
  gtk_box_append (GTK_BOX (note_page), scroller);

  gtk_widget_set_halign (save, GTK_ALIGN_END);
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  gtk_box_append (GTK_BOX (note_page), save);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_add_named (self->stack, colors, "colors");
  gtk_stack_add_named (self->stack, note_page, "note");
  gtk_popover_set_child (GTK_POPOVER (self), GTK_WIDGET (self->stack));
}

/**
 * lectern_highlight_popover_new:
 *
 * Returns: (transfer floating): a new #LecternHighlightPopover
 */
GtkWidget *
lectern_highlight_popover_new (void)
{
  return g_object_new (LECTERN_TYPE_HIGHLIGHT_POPOVER, NULL);
}

/**
 * lectern_highlight_popover_show_colors:
 * @editing: %FALSE next to a selection, %TRUE next to a highlight
 * @color: with @editing, the highlight's colour
 *
 * Shows the colours, Note and Copy (and Remove when @editing), without taking the focus.
 */
void
lectern_highlight_popover_show_colors (LecternHighlightPopover *self,
                                       gboolean                 editing,
                                       LecternHighlightColor    color)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT_POPOVER (self));

  self->editing = editing;
  for (guint i = 0; i < LECTERN_N_HIGHLIGHT_COLORS; i++) {
    if (editing && i == color)
      gtk_widget_add_css_class (self->color_buttons[i], "current");
    else
      gtk_widget_remove_css_class (self->color_buttons[i], "current");
  }
  gtk_widget_set_visible (self->remove_button, editing);
  gtk_stack_set_visible_child_name (self->stack, "colors");
  /* Clicking in the page goes on selecting; the page says when the selection is gone. */
  gtk_popover_set_autohide (GTK_POPOVER (self), editing);
  gtk_popover_popup (GTK_POPOVER (self));
}

/**
 * lectern_highlight_popover_show_note:
 * @note: (nullable): the note so far
 *
 * Shows the note, ready to type.
 */
void
lectern_highlight_popover_show_note (LecternHighlightPopover *self,
                                     const char              *note)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHT_POPOVER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);
  gtk_stack_set_visible_child_name (self->stack, "note");
  gtk_popover_set_autohide (GTK_POPOVER (self), TRUE);
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

gboolean
lectern_highlight_popover_get_editing (LecternHighlightPopover *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHT_POPOVER (self), FALSE);

  return self->editing;
}
