/* sb-application.h: the Signalboard AdwApplication: command line, files,
 * settings and application-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_RESOURCE_PATH "/io/github/signalboard/Signalboard"

#define SB_TYPE_APPLICATION (sb_application_get_type ())
G_DECLARE_FINAL_TYPE (SbApplication, sb_application, SB, APPLICATION, AdwApplication)

SbApplication *
sb_application_new (void);

/* The app's GSettings, or NULL when the schema is not installed (the app
 * then forgets window size and last file instead of aborting). */
GSettings *
sb_application_get_settings (SbApplication *self);

/* $XDG_CONFIG_HOME/signalboard/data-sources.json */
char *
sb_application_dup_default_path (void);
/* The file the app opens without a FILE argument: the last one, if it still
 * exists, else the default. */
char *
sb_application_dup_start_path (SbApplication *self);

/* Registers the UI resources once (widgets call it from class_init, so that
 * tests can build them without an SbApplication). It does not initialise
 * libadwaita: AdwApplication does that at startup, tests and benchmarks call
 * adw_init () themselves. */
void
sb_application_ensure_resources (void);

/* Call before GTK opens the display (before g_application_run (), adw_init ()
 * or gtk_init ()), while the process has one thread: with GSK_RENDERER=cairo
 * it keeps GDK from initialising OpenGL, which that renderer does not use. */
void
sb_application_prepare_display (void);

G_END_DECLS
