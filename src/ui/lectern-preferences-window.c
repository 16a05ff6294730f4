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
  AdwComboRow          *font_row;
  GtkSpinButton        *text_size_spin;
  AdwComboRow          *width_row;
  GtkSpinButton        *line_spacing_spin;
  AdwComboRow          *theme_row;
  GtkSwitch            *mark_read_switch;
  AdwComboRow          *after_archive_row;
  GtkSwitch            *download_images_switch;
  GtkSpinButton        *timeout_spin;

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

/* A combo row shows a string setting: its choices, in the order of the row's items. */
static const char * const font_choices[] = { "sans", "serif", NULL };
static const char * const width_choices[] = { "narrow", "medium", "wide", NULL };
static const char * const theme_choices[] = { "system", "light", "sepia", "dark", NULL };
static const char * const after_archive_choices[] = { "next", "stay", NULL };

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *string = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i]; i++) {
    if (g_str_equal (choices[i], string)) {
      g_value_set_uint (value, i);
      return TRUE;
    }
  }
  /* Not a choice (written by hand): show the first, the default of every such key. */
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **)choices))
    return NULL;
  return g_variant_new_string (choices[selected]);
}

static void
bind_choice (LecternPreferencesWindow *self,
             const char               *key,
             AdwComboRow              *row,
             const char * const       *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping,
                                (gpointer)choices, NULL);
}

static void
lectern_preferences_window_constructed (GObject *object)
{
  LecternPreferencesWindow *self = LECTERN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (lectern_preferences_window_parent_class)->constructed (object);

  bind_choice (self, "reader-font", self->font_row, font_choices);
  g_settings_bind (self->settings, "reader-text-size",
                   self->text_size_spin, "value", G_SETTINGS_BIND_DEFAULT);
  bind_choice (self, "reader-width", self->width_row, width_choices);
  g_settings_bind (self->settings, "reader-line-spacing",
                   self->line_spacing_spin, "value", G_SETTINGS_BIND_DEFAULT);
  bind_choice (self, "theme", self->theme_row, theme_choices);
  g_settings_bind (self->settings, "mark-read-at-end",
                   self->mark_read_switch, "active", G_SETTINGS_BIND_DEFAULT);
  bind_choice (self, "after-archive", self->after_archive_row, after_archive_choices);
  g_settings_bind (self->settings, "download-images",
                   self->download_images_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "fetch-timeout",
                   self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
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
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, text_size_spin);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, width_row);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, line_spacing_spin);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, theme_row);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, mark_read_switch);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, after_archive_row);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow,
                                        download_images_switch);
  gtk_widget_class_bind_template_child (widget_class, LecternPreferencesWindow, timeout_spin);
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
