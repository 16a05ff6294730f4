/* lectern-owner.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-owner.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/**
 * LecternOwner:
 *
 * Who is saving an article: each store that writes a library is an owner, with a random
 * id, and marks the rows it saves with it. Another process can tell whether that owner
 * still runs, so that a save cut off by a crash or a kill is taken up again while one
 * that is running is left alone.
 *
 * Each owner holds an exclusive flock () on a file named after its id, in a folder next
 * to the library (`library.sqlite3.locks/`); the kernel drops the lock when the process
 * ends, however it ends. An owner whose file another process can lock is gone. Process
 * ids would not do: a Flatpak gives each `flatpak run` its own, and they are reused.
 *
 * The lock is on a file of its own, never on the library or its -wal and -shm files:
 * SQLite locks those with POSIX locks, which belong to the process, and closing any
 * descriptor of them would drop SQLite's locks too.
 */
struct _LecternOwner
{
  char *id;
  char *dir;
  int fd;
};

static char *
dup_lock_path (LecternOwner *self,
               const char   *id)
{
  g_autofree char *name = g_strconcat (id, ".lock", NULL);

  return g_build_filename (self->dir, name, NULL);
}

/* Whether the owner @id has ended: then its lock file is removed, and %TRUE returned.
 * An owner whose file cannot be looked at counts as running, so that nothing is ever
 * saved twice; the user can still delete such an article.
 */
static gboolean
reap (LecternOwner *self,
      const char   *id)
{
  g_autofree char *path = dup_lock_path (self, id);
  int fd;

  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    return errno == ENOENT;

  if (flock (fd, LOCK_EX | LOCK_NB) != 0) {
    close (fd);
    return FALSE;
  }

  /* Removed while locked, so that no one can take it for a running owner meanwhile. */
  g_unlink (path);
  close (fd);
  return TRUE;
}

/* Removes the lock files of owners that ended without removing their own. */
static void
sweep (LecternOwner *self)
{
  g_autoptr (GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree char *id = NULL;

    if (!g_str_has_suffix (name, ".lock"))
      continue;

    id = g_strndup (name, strlen (name) - strlen (".lock"));
    if (g_uuid_string_is_valid (id) && !g_str_equal (id, self->id))
      reap (self, id);
  }
}

/**
 * lectern_owner_new:
 * @library_path: the library's file
 *
 * Makes a new owner and takes its lock. Without a folder to put the lock in (a read-only
 * library), the owner still has an id, but other processes take it for gone.
 *
 * Returns: (transfer full): the owner
 */
LecternOwner *
lectern_owner_new (const char *library_path)
{
  LecternOwner *self = g_new0 (LecternOwner, 1);
  g_autofree char *path = NULL;

  self->id = g_uuid_string_random ();
  self->dir = g_strconcat (library_path, ".locks", NULL);
  self->fd = -1;

  if (g_mkdir_with_parents (self->dir, 0700) != 0) {
    g_debug ("No folder for the lock of %s: %s", library_path, g_strerror (errno));
    return self;
  }

  sweep (self);

  path = dup_lock_path (self, self->id);
  self->fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->fd < 0 || flock (self->fd, LOCK_EX | LOCK_NB) != 0) {
    g_debug ("Cannot lock %s: %s", path, g_strerror (errno));
    if (self->fd >= 0)
      close (self->fd);
    self->fd = -1;
  }

  return self;
}

/**
 * lectern_owner_get_id:
 * @self: an owner
 *
 * Returns: (transfer none): its id, a UUID
 */
const char *
lectern_owner_get_id (LecternOwner *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

/**
 * lectern_owner_is_alive:
 * @self: an owner
 * @id: the id of an owner of the same library, maybe this one
 *
 * Tells whether the owner @id still runs, in this process or another. Removes the lock
 * file of one that ended.
 *
 * Returns: %TRUE if @id is this owner or one that runs
 */
gboolean
lectern_owner_is_alive (LecternOwner *self,
                        const char   *id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_str_equal (id, self->id))
    return TRUE;

  /* Anything else in the column is no owner; it must not name a path either. */
  if (!g_uuid_string_is_valid (id))
    return FALSE;

  return !reap (self, id);
}

/**
 * lectern_owner_free:
 * @self: an owner
 *
 * Lets go of the lock and removes its file.
 */
void
lectern_owner_free (LecternOwner *self)
{
  if (!self)
    return;

  if (self->fd >= 0) {
    g_autofree char *path = dup_lock_path (self, self->id);

    g_unlink (path);
    close (self->fd);
  }

  g_free (self->id);
  g_free (self->dir);
  g_free (self);
}
