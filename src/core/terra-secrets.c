/* terra-secrets.c — API keys and tokens, kept in the keyring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libsecret schema for the app. The schema name is fixed rather than
 * derived from APPLICATION_ID, so a development build (….Devel) finds the
 * same secrets as the installed app. Items carry two attributes: `workspace`
 * (the workspace's id) and `name` (the secret's name).
 *
 * Values cross this file in as few copies as possible and each copy is wiped
 * before it is freed. Nothing here logs a value: error messages name the
 * secret, never its content.
 */

#define G_LOG_DOMAIN "terra-secrets"

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "terra-secrets.h"

#define ENV_PREFIX   "TERRA_SECRET_"
#define NAME_MAX_LEN 64

G_DEFINE_QUARK (terra-secrets-error-quark, terra_secrets_error)

static const SecretSchema *
get_schema (void)
{
  /* DONT_MATCH_NAME: items are found by their attributes alone, so a
   * secret stored by another tool with the same attributes still counts. */
  static const SecretSchema schema = {
    .name = "io.github.terrasales.Terra.Secret",
    .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
    .attributes = {
      { "workspace", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* A memset() the compiler may not drop for being followed by a free. */
static void
wipe (char   *data,
      size_t  len)
{
  volatile char *p = (volatile char *) data;

  while (len-- > 0)
    *p++ = '\0';
}

static gboolean
workspace_id_is_valid (const char *workspace_id)
{
  /* Attribute values travel as D-Bus strings, which must be UTF-8. */
  return workspace_id != NULL &&
         *workspace_id != '\0' &&
         g_utf8_validate (workspace_id, -1, NULL);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  g_assert (name != NULL);

  if (terra_secrets_name_is_valid (name))
    return TRUE;

  g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_INVALID_NAME,
               "“%s” is not a valid secret name: use 1 to %d lower-case "
               "letters, digits and underscores, starting with a letter",
               g_utf8_validate (name, -1, NULL) ? name : "(not UTF-8)",
               NAME_MAX_LEN);
  return FALSE;
}

/* Turns a libsecret failure (transfer full) into
 * TERRA_SECRETS_ERROR_NO_KEYRING with a message that names the cause.
 * Cancellation by the caller stays G_IO_ERROR_CANCELLED, as GIO callers
 * expect. libsecret's messages name objects and attributes, never values. */
static void
propagate_keyring_error (GError       **error,
                         GError        *cause,
                         GCancellable  *cancellable)
{
  const char *why;

  g_assert (cause != NULL);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cancellable))
    {
      g_propagate_error (error, cause);
      return;
    }

  if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND))
    why = "no Secret Service (such as GNOME Keyring) runs on the session bus";
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    why = "the keyring is locked";
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    /* Storing to the "default" alias when there is no such collection and
     * the prompt to create one failed or was dismissed; gnome-keyring 42
     * answers UnknownMethod ("Object does not exist at path …") then. */
    why = "the default keyring does not exist";
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Not our cancellable: the unlock (or create) prompt was dismissed. */
    why = "the keyring was not unlocked";
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT))
    why = "the Secret Service did not answer";
  else if (cause->domain == G_IO_ERROR && cause->code != G_IO_ERROR_DBUS_ERROR)
    /* g_bus_get() failing: no DBUS_SESSION_BUS_ADDRESS, a dead socket, … */
    why = "cannot connect to the D-Bus session bus";
  else if (cause->domain == G_IO_ERROR ||
           cause->domain == G_DBUS_ERROR ||
           cause->domain == SECRET_ERROR)
    why = "the Secret Service failed";
  else
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED,
                   "The keyring failed: %s", cause->message);
      g_error_free (cause);
      return;
    }

  g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_NO_KEYRING,
               "No keyring is available: %s (%s)", why, cause->message);
  g_error_free (cause);
}

/* libsecret's lookup and clear answer "not found" when the item is there
 * but its collection is locked and the unlock prompt failed or was
 * dismissed. Asks the Secret Service again, without unlocking (so without a
 * prompt), to tell the two apart: the keyring cannot answer for a locked
 * item. A plain SearchItems call rather than secret_password_search_sync(),
 * whose SecretItem proxies would each leave their signal subscriptions'
 * data behind in libsecret's private, already freed main context. */
static gboolean
check_not_locked (const char    *workspace_id,
                  const char    *name,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) locked = NULL;
  GVariantBuilder attributes;
  GError *local_error = NULL;

  g_assert (workspace_id != NULL);
  g_assert (name != NULL);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, &local_error);
  if (service == NULL)
    {
      propagate_keyring_error (error, local_error, cancellable);
      return FALSE;
    }

  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "workspace", workspace_id);
  g_variant_builder_add (&attributes, "{ss}", "name", name);

  reply = g_dbus_proxy_call_sync (G_DBUS_PROXY (service), "SearchItems",
                                  g_variant_new ("(a{ss})", &attributes),
                                  G_DBUS_CALL_FLAGS_NONE, -1,
                                  cancellable, &local_error);
  if (reply == NULL)
    {
      propagate_keyring_error (error, local_error, cancellable);
      return FALSE;
    }

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(aoao)")))
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_NO_KEYRING,
                   "No keyring is available: the Secret Service answered "
                   "SearchItems with %s", g_variant_get_type_string (reply));
      return FALSE;
    }

  locked = g_variant_get_child_value (reply, 1);
  if (g_variant_n_children (locked) > 0)
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_NO_KEYRING,
                   "No keyring is available: the keyring that holds %s is "
                   "locked", name);
      return FALSE;
    }

  return TRUE;
}

/* The body of terra_secrets_lookup() and terra_secrets_where(). */
static char *
lookup_internal (const char         *workspace_id,
                 const char         *name,
                 TerraSecretSource  *source,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autofree char *env_name = NULL;
  const char *env_value;
  GError *local_error = NULL;
  char *keyring_value;
  char *copy;

  g_assert (workspace_id_is_valid (workspace_id));
  g_assert (name != NULL);
  g_assert (source != NULL);

  *source = TERRA_SECRET_SOURCE_NONE;

  if (!check_name (name, error))
    return NULL;

  env_name = terra_secrets_env_name (name);
  env_value = g_getenv (env_name);

  if (env_value != NULL && *env_value != '\0')
    {
      if (!g_utf8_validate (env_value, -1, NULL))
        {
          g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED,
                       "The environment variable %s is not valid UTF-8",
                       env_name);
          return NULL;
        }

      *source = TERRA_SECRET_SOURCE_ENVIRONMENT;
      return g_strdup (env_value);
    }

  keyring_value = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                               "workspace", workspace_id,
                                               "name", name,
                                               NULL);
  if (local_error != NULL)
    {
      g_assert (keyring_value == NULL);
      propagate_keyring_error (error, local_error, cancellable);
      return NULL;
    }

  if (keyring_value == NULL)
    {
      check_not_locked (workspace_id, name, cancellable, error);
      return NULL;
    }

  /* libsecret's copy lives in its secure (mlock'ed) pool, freed only by
   * secret_password_free(), which wipes it. Hand out a plain copy instead,
   * so every value this file returns is freed the same way. */
  *source = TERRA_SECRET_SOURCE_KEYRING;
  copy = g_strdup (keyring_value);
  secret_password_free (keyring_value);

  return copy;
}

gboolean
terra_secrets_name_is_valid (const char *name)
{
  size_t len = 0;

  if (name == NULL || !g_ascii_islower (name[0]))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++, len++)
    {
      if (len >= NAME_MAX_LEN)
        return FALSE;

      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}

char *
terra_secrets_env_name (const char *name)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (!terra_secrets_name_is_valid (name))
    return NULL;

  upper = g_ascii_strup (name, -1);

  return g_strconcat (ENV_PREFIX, upper, NULL);
}

char *
terra_secrets_lookup (const char    *workspace_id,
                      const char    *name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  TerraSecretSource source;

  g_return_val_if_fail (workspace_id_is_valid (workspace_id), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lookup_internal (workspace_id, name, &source, cancellable, error);
}

TerraSecretSource
terra_secrets_where (const char    *workspace_id,
                     const char    *name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  TerraSecretSource source;
  char *value;

  g_return_val_if_fail (workspace_id_is_valid (workspace_id), TERRA_SECRET_SOURCE_NONE);
  g_return_val_if_fail (name != NULL, TERRA_SECRET_SOURCE_NONE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), TERRA_SECRET_SOURCE_NONE);
  g_return_val_if_fail (error == NULL || *error == NULL, TERRA_SECRET_SOURCE_NONE);

  /* The same path as a lookup, so the answer cannot disagree with one. */
  value = lookup_internal (workspace_id, name, &source, cancellable, error);
  terra_secrets_free (value);

  return source;
}

gboolean
terra_secrets_store (const char    *workspace_id,
                     const char    *name,
                     const char    *value,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (workspace_id_is_valid (workspace_id), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;

  if (*value == '\0')
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED,
                   "The value of secret %s is empty; delete the secret instead",
                   name);
      return FALSE;
    }

  /* libsecret would store the bytes as text/plain regardless. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED,
                   "The value of secret %s is not valid UTF-8", name);
      return FALSE;
    }

  label = g_strdup_printf ("Terra: %s (workspace %s)", name, workspace_id);

  /* Same attributes replace the previous item. */
  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, value, cancellable, &local_error,
                                   "workspace", workspace_id,
                                   "name", name,
                                   NULL))
    {
      propagate_keyring_error (error, local_error, cancellable);
      return FALSE;
    }

  return TRUE;
}

gboolean
terra_secrets_delete (const char    *workspace_id,
                      const char    *name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (workspace_id_is_valid (workspace_id), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;

  if (secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                  "workspace", workspace_id,
                                  "name", name,
                                  NULL))
    return TRUE;

  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, cancellable);
      return FALSE;
    }

  /* Nothing deleted and no error: nothing was there, or it is locked away. */
  return check_not_locked (workspace_id, name, cancellable, error);
}

void
terra_secrets_free (char *secret)
{
  if (secret == NULL)
    return;

  wipe (secret, strlen (secret));
  g_free (secret);
}
