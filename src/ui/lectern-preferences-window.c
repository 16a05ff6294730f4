/* lectern-preferences-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-preferences-window.h"

/**
 * LecternPreferencesWindow:
 *
 * The preferences. Every row is bound to its setting, so a change takes effect at once
 * and persists.
 */
struct _LecternPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSwitch            *mark_read_switch;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (LecternPreferencesWindow, lectern_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lectern_preferences_window_constructed (GObject *object)
{
  LecternPreferencesWindow *self = LECTERN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (lectern_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "mark-read-at-end",
                   self->mark_read_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
lectern_preferences_window_dispose (GObject *object)
{
  LecternPreferencesWindow *self = LECTERN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LECTERN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lectern_preferences_window_parent_class)->dispose (object);
}

static void
lectern_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  LecternPreferencesWindow *self = LECTERN_PREFERENCES_WINDOW (object);

  switch (prop_id) {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_preferences_window_class_init (LecternPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lectern_preferences_window_constructed;
  object_class->dispose = lectern_preferences_window_dispose;
  object_class->set_property = lectern_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/lectern/Lectern/lectern-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, mark_read_switch);
}

static void
lectern_preferences_window_init (LecternPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lectern_preferences_window_new:
 * @settings: the application's settings
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
lectern_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (LECTERN_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
