/* terra-api-key.c — the workspace API key for the REST API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GRand and g_random_*() are not cryptographic: the key comes from
 * getrandom(2). The value lives only in this object's memory (wiped when
 * replaced) and in the keyring; it is never logged.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "terra-api-key.h"
#include "terra-secrets.h"

#define SECRET_NAME "api_key"
#define RANDOM_BYTES 32

struct _TerraApiKey
{
  GObject  parent_instance;

  char    *workspace_id;

  GMutex   mutex;   /* guards the fields below */
  char    *value;   /* NULL until loaded */
  char    *problem; /* why there is no value */
};

G_DEFINE_FINAL_TYPE (TerraApiKey, terra_api_key, G_TYPE_OBJECT)

/* The objects of this process, by workspace id; weak, so a key no one
 * holds goes away. */
typedef struct
{
  GWeakRef     ref;
  TerraApiKey *owner;
} RegistryEntry;

static GMutex registry_mutex;
static GHashTable *registry;

static void
registry_entry_free (gpointer data)
{
  RegistryEntry *entry = data;

  g_weak_ref_clear (&entry->ref);
  g_free (entry);
}

static void
terra_api_key_finalize (GObject *object)
{
  TerraApiKey *self = (TerraApiKey *)object;
  RegistryEntry *entry;

  g_mutex_lock (&registry_mutex);
  entry = registry != NULL ? g_hash_table_lookup (registry, self->workspace_id) : NULL;
  if (entry != NULL && entry->owner == self)
    g_hash_table_remove (registry, self->workspace_id);
  g_mutex_unlock (&registry_mutex);

  g_clear_pointer (&self->value, terra_secrets_free);
  g_free (self->problem);
  g_free (self->workspace_id);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (terra_api_key_parent_class)->finalize (object);
}

static void
terra_api_key_class_init (TerraApiKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_api_key_finalize;
}

static void
terra_api_key_init (TerraApiKey *self)
{
  g_mutex_init (&self->mutex);
  self->problem = g_strdup (_("The API key has not been read yet"));
}

TerraApiKey *
terra_api_key_get_for_workspace (const char *workspace_id)
{
  RegistryEntry *entry;
  TerraApiKey *self;

  g_return_val_if_fail (workspace_id != NULL, NULL);

  g_mutex_lock (&registry_mutex);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, registry_entry_free);

  entry = g_hash_table_lookup (registry, workspace_id);
  self = entry != NULL ? g_weak_ref_get (&entry->ref) : NULL;
  if (self == NULL)
    {
      self = g_object_new (TERRA_TYPE_API_KEY, NULL);
      self->workspace_id = g_strdup (workspace_id);
      entry = g_new0 (RegistryEntry, 1);
      g_weak_ref_init (&entry->ref, self);
      entry->owner = self;
      g_hash_table_replace (registry, g_strdup (workspace_id), entry);
    }
  g_mutex_unlock (&registry_mutex);

  return self;
}

char *
terra_api_key_generate (GError **error)
{
  guint8 bytes[RANDOM_BYTES];
  gsize filled = 0;
  char *hex;

  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not get random bytes for the API key: %s"), g_strerror (saved));
          return NULL;
        }
      filled += n;
    }

  hex = g_malloc (TERRA_API_KEY_LENGTH + 1);
  for (gsize i = 0; i < sizeof bytes; i++)
    {
      static const char digits[] = "0123456789abcdef";

      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  hex[TERRA_API_KEY_LENGTH] = '\0';
  explicit_bzero (bytes, sizeof bytes);
  return hex;
}

/* Takes ownership of @value (or NULL with @problem). */
static void
set_state (TerraApiKey *self,
           char        *value,
           const char  *problem)
{
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->value, terra_secrets_free);
  g_clear_pointer (&self->problem, g_free);
  self->value = value;
  self->problem = g_strdup (problem);
  g_mutex_unlock (&self->mutex);
}

static gboolean
fail (TerraApiKey  *self,
      GError      **error,
      GError       *local)
{
  g_autofree char *problem = g_strdup_printf (_("The REST API is off: %s"), local->message);

  set_state (self, NULL, problem);
  g_propagate_error (error, local);
  return FALSE;
}

gboolean
terra_api_key_load (TerraApiKey   *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  GError *local = NULL;
  char *value;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), FALSE);

  value = terra_secrets_lookup (self->workspace_id, SECRET_NAME, cancellable, &local);
  if (local != NULL)
    return fail (self, error, local);

  if (value == NULL)
    {
      value = terra_api_key_generate (&local);
      if (value == NULL)
        return fail (self, error, local);
      if (!terra_secrets_store (self->workspace_id, SECRET_NAME, value, cancellable, &local))
        {
          terra_secrets_free (value);
          return fail (self, error, local);
        }
      g_message ("Created the workspace API key (see --print-api-key)");
    }

  set_state (self, value, NULL);
  return TRUE;
}

gboolean
terra_api_key_is_loaded (TerraApiKey *self)
{
  gboolean loaded;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), FALSE);

  g_mutex_lock (&self->mutex);
  loaded = self->value != NULL;
  g_mutex_unlock (&self->mutex);
  return loaded;
}

char *
terra_api_key_dup_value (TerraApiKey  *self,
                         GError      **error)
{
  char *copy = NULL;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), NULL);

  if (!terra_api_key_is_loaded (self) && !terra_api_key_load (self, NULL, error))
    return NULL;

  g_mutex_lock (&self->mutex);
  if (self->value != NULL)
    copy = g_strdup (self->value);
  g_mutex_unlock (&self->mutex);

  if (copy == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no API key"));
  return copy;
}

/* Compares every byte of the key whatever the input, so the time taken
 * says nothing about how much of a guess was right. */
static gboolean
equal_constant_time (const char *key,
                     const char *presented)
{
  gsize key_len = strlen (key);
  gsize presented_len = strlen (presented);
  guint8 difference = key_len != presented_len;

  for (gsize i = 0; i < key_len; i++)
    difference |= (guint8)key[i] ^ (guint8)(i < presented_len ? presented[i] : 0);

  return difference == 0;
}

TerraApiKeyCheck
terra_api_key_check (TerraApiKey *self,
                     const char  *presented)
{
  TerraApiKeyCheck check;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), TERRA_API_KEY_UNAVAILABLE);

  g_mutex_lock (&self->mutex);
  if (self->value == NULL)
    check = TERRA_API_KEY_UNAVAILABLE;
  else if (presented == NULL)
    check = TERRA_API_KEY_WRONG;
  else
    check = equal_constant_time (self->value, presented) ? TERRA_API_KEY_VALID : TERRA_API_KEY_WRONG;
  g_mutex_unlock (&self->mutex);

  return check;
}

char *
terra_api_key_dup_problem (TerraApiKey *self)
{
  char *problem;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), NULL);

  g_mutex_lock (&self->mutex);
  problem = g_strdup (self->problem);
  g_mutex_unlock (&self->mutex);
  return problem;
}

gboolean
terra_api_key_regenerate (TerraApiKey   *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *env_name = terra_secrets_env_name (SECRET_NAME);
  const char *env_value = g_getenv (env_name);
  char *value;

  g_return_val_if_fail (TERRA_IS_API_KEY (self), FALSE);

  if (env_value != NULL && *env_value != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The API key is set by the environment variable %s; change it there"),
                   env_name);
      return FALSE;
    }

  value = terra_api_key_generate (error);
  if (value == NULL)
    return FALSE;

  /* The old key stops working the moment the keyring holds the new one,
   * never before: a failed store leaves the old key in place. */
  if (!terra_secrets_store (self->workspace_id, SECRET_NAME, value, cancellable, error))
    {
      terra_secrets_free (value);
      return FALSE;
    }

  set_state (self, value, NULL);
  g_message ("The workspace API key was regenerated; the old one no longer works");
  return TRUE;
}
