/* terra-contact.c — a lead: a person who wrote to the business
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `contacts` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-contact"

#include "config.h"

#include "terra-contact.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraContact
{
  GObject           parent_instance;

  gint64            id;
  char             *name;
  char            **phones;
  char            **emails;
  char             *qualification;
  char             *custom_fields;
  int               score;
  char             *score_explanation;
  TerraTemperature  temperature;
  gint64            qualified_at;
  gboolean          opted_out;
  gint64            opted_out_at;
  TerraConsent      consent;
  gint64            consent_at;
  gint64            created_at;
  gint64            updated_at;
};

G_DEFINE_FINAL_TYPE (TerraContact, terra_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PHONES,
  PROP_EMAILS,
  PROP_QUALIFICATION,
  PROP_CUSTOM_FIELDS,
  PROP_SCORE,
  PROP_SCORE_EXPLANATION,
  PROP_TEMPERATURE,
  PROP_QUALIFIED_AT,
  PROP_OPTED_OUT,
  PROP_OPTED_OUT_AT,
  PROP_CONSENT,
  PROP_CONSENT_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_contact_finalize (GObject *object)
{
  TerraContact *self = (TerraContact *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phones, g_strfreev);
  g_clear_pointer (&self->emails, g_strfreev);
  g_clear_pointer (&self->qualification, g_free);
  g_clear_pointer (&self->custom_fields, g_free);
  g_clear_pointer (&self->score_explanation, g_free);

  G_OBJECT_CLASS (terra_contact_parent_class)->finalize (object);
}

static void
terra_contact_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TerraContact *self = TERRA_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PHONES: g_value_set_boxed (value, self->phones); break;
    case PROP_EMAILS: g_value_set_boxed (value, self->emails); break;
    case PROP_QUALIFICATION: g_value_set_string (value, self->qualification); break;
    case PROP_CUSTOM_FIELDS: g_value_set_string (value, self->custom_fields); break;
    case PROP_SCORE: g_value_set_int (value, self->score); break;
    case PROP_SCORE_EXPLANATION: g_value_set_string (value, self->score_explanation); break;
    case PROP_TEMPERATURE: g_value_set_enum (value, self->temperature); break;
    case PROP_QUALIFIED_AT: g_value_set_int64 (value, self->qualified_at); break;
    case PROP_OPTED_OUT: g_value_set_boolean (value, self->opted_out); break;
    case PROP_OPTED_OUT_AT: g_value_set_int64 (value, self->opted_out_at); break;
    case PROP_CONSENT: g_value_set_enum (value, self->consent); break;
    case PROP_CONSENT_AT: g_value_set_int64 (value, self->consent_at); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_contact_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TerraContact *self = TERRA_CONTACT (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_NAME: changed = terra_entity_set_string (&self->name, g_value_get_string (value)); break;
    case PROP_PHONES: changed = terra_entity_set_strv (&self->phones, g_value_get_boxed (value)); break;
    case PROP_EMAILS: changed = terra_entity_set_strv (&self->emails, g_value_get_boxed (value)); break;
    case PROP_QUALIFICATION: changed = terra_entity_set_string (&self->qualification, g_value_get_string (value)); break;
    case PROP_CUSTOM_FIELDS: changed = terra_entity_set_string (&self->custom_fields, g_value_get_string (value)); break;
    case PROP_SCORE: changed = terra_entity_set_int (&self->score, g_value_get_int (value)); break;
    case PROP_SCORE_EXPLANATION: changed = terra_entity_set_string (&self->score_explanation, g_value_get_string (value)); break;
    case PROP_TEMPERATURE: changed = terra_entity_set_int ((int *)&self->temperature, g_value_get_enum (value)); break;
    case PROP_QUALIFIED_AT: changed = terra_entity_set_int64 (&self->qualified_at, g_value_get_int64 (value)); break;
    case PROP_OPTED_OUT: changed = terra_entity_set_int (&self->opted_out, g_value_get_boolean (value)); break;
    case PROP_OPTED_OUT_AT: changed = terra_entity_set_int64 (&self->opted_out_at, g_value_get_int64 (value)); break;
    case PROP_CONSENT: changed = terra_entity_set_int ((int *)&self->consent, g_value_get_enum (value)); break;
    case PROP_CONSENT_AT: changed = terra_entity_set_int64 (&self->consent_at, g_value_get_int64 (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: changed = terra_entity_set_int64 (&self->updated_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_contact_class_init (TerraContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_contact_finalize;
  object_class->get_property = terra_contact_get_property;
  object_class->set_property = terra_contact_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_PHONES] = g_param_spec_boxed ("phones", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_EMAILS] = g_param_spec_boxed ("emails", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_QUALIFICATION] = g_param_spec_string ("qualification", NULL, NULL, "{}", flags);
  properties[PROP_CUSTOM_FIELDS] = g_param_spec_string ("custom-fields", NULL, NULL, "{}", flags);
  properties[PROP_SCORE] = g_param_spec_int ("score", NULL, NULL, 0, 100, 0, flags);
  properties[PROP_SCORE_EXPLANATION] = g_param_spec_string ("score-explanation", NULL, NULL, "", flags);
  properties[PROP_TEMPERATURE] = g_param_spec_enum ("temperature", NULL, NULL,
                                                    TERRA_TYPE_TEMPERATURE, TERRA_TEMPERATURE_COLD, flags);
  properties[PROP_QUALIFIED_AT] = g_param_spec_int64 ("qualified-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OPTED_OUT] = g_param_spec_boolean ("opted-out", NULL, NULL, FALSE, flags);
  properties[PROP_OPTED_OUT_AT] = g_param_spec_int64 ("opted-out-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONSENT] = g_param_spec_enum ("consent", NULL, NULL,
                                                TERRA_TYPE_CONSENT, TERRA_CONSENT_UNKNOWN, flags);
  properties[PROP_CONSENT_AT] = g_param_spec_int64 ("consent-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_contact_init (TerraContact *self)
{
  self->name = g_strdup ("");
  self->phones = g_new0 (char *, 1);
  self->emails = g_new0 (char *, 1);
  self->qualification = g_strdup ("{}");
  self->custom_fields = g_strdup ("{}");
  self->score_explanation = g_strdup ("");
}

/* Returns a new, unsaved contact (id 0). */
TerraContact *
terra_contact_new (void)
{
  return g_object_new (TERRA_TYPE_CONTACT, NULL);
}

gint64
terra_contact_get_id (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->id;
}

const char *
terra_contact_get_name (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return self->name;
}

void
terra_contact_set_name (TerraContact *self,
                        const char   *name)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "name", name ? name : "", NULL);
}

const char * const *
terra_contact_get_phones (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return (const char * const *)self->phones;
}

void
terra_contact_set_phones (TerraContact       *self,
                          const char * const *phones)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "phones", phones, NULL);
}

const char * const *
terra_contact_get_emails (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return (const char * const *)self->emails;
}

void
terra_contact_set_emails (TerraContact       *self,
                          const char * const *emails)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "emails", emails, NULL);
}

const char *
terra_contact_get_qualification (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return self->qualification;
}

void
terra_contact_set_qualification (TerraContact *self,
                                 const char   *json)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "qualification", json ? json : "{}", NULL);
}

const char *
terra_contact_get_custom_fields (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return self->custom_fields;
}

void
terra_contact_set_custom_fields (TerraContact *self,
                                 const char   *json)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "custom-fields", json ? json : "{}", NULL);
}

int
terra_contact_get_score (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->score;
}

void
terra_contact_set_score (TerraContact *self,
                         int           score)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "score", CLAMP (score, 0, 100), NULL);
}

const char *
terra_contact_get_score_explanation (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), NULL);
  return self->score_explanation;
}

void
terra_contact_set_score_explanation (TerraContact *self,
                                     const char   *explanation)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "score-explanation", explanation ? explanation : "", NULL);
}

TerraTemperature
terra_contact_get_temperature (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), TERRA_TEMPERATURE_COLD);
  return self->temperature;
}

void
terra_contact_set_temperature (TerraContact     *self,
                               TerraTemperature  temperature)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "temperature", temperature, NULL);
}

gint64
terra_contact_get_qualified_at (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->qualified_at;
}

void
terra_contact_set_qualified_at (TerraContact *self,
                                gint64        qualified_at)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  g_object_set (self, "qualified-at", qualified_at, NULL);
}

gboolean
terra_contact_get_opted_out (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), FALSE);
  return self->opted_out;
}

/* Opting out also records when, which the compliance export shows. */
void
terra_contact_set_opted_out (TerraContact *self,
                             gboolean      opted_out)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  if (!!opted_out == self->opted_out)
    return;
  g_object_set (self,
                "opted-out", !!opted_out,
                "opted-out-at", opted_out ? g_get_real_time () : (gint64)0,
                NULL);
}

gint64
terra_contact_get_opted_out_at (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->opted_out_at;
}

TerraConsent
terra_contact_get_consent (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), TERRA_CONSENT_UNKNOWN);
  return self->consent;
}

void
terra_contact_set_consent (TerraContact *self,
                           TerraConsent  consent)
{
  g_return_if_fail (TERRA_IS_CONTACT (self));
  if (consent == self->consent)
    return;
  g_object_set (self,
                "consent", consent,
                "consent-at", consent == TERRA_CONSENT_UNKNOWN ? (gint64)0 : g_get_real_time (),
                NULL);
}

gint64
terra_contact_get_consent_at (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->consent_at;
}

gint64
terra_contact_get_created_at (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->created_at;
}

gint64
terra_contact_get_updated_at (TerraContact *self)
{
  g_return_val_if_fail (TERRA_IS_CONTACT (self), 0);
  return self->updated_at;
}
