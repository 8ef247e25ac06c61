/* terra-contact.h — a lead: a person who wrote to the business
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONTACT (terra_contact_get_type ())

G_DECLARE_FINAL_TYPE (TerraContact, terra_contact, TERRA, CONTACT, GObject)

TerraContact       *terra_contact_new                   (void);

gint64              terra_contact_get_id                (TerraContact      *self);
const char         *terra_contact_get_name              (TerraContact      *self);
void                terra_contact_set_name              (TerraContact      *self,
                                                         const char        *name);
const char * const *terra_contact_get_phones            (TerraContact      *self);
void                terra_contact_set_phones            (TerraContact      *self,
                                                         const char * const *phones);
const char * const *terra_contact_get_emails            (TerraContact      *self);
void                terra_contact_set_emails            (TerraContact      *self,
                                                         const char * const *emails);
/* JSON object: field name → {"value": …, "confidence": 0..1} */
const char         *terra_contact_get_qualification     (TerraContact      *self);
void                terra_contact_set_qualification     (TerraContact      *self,
                                                         const char        *json);
/* JSON object of the business's own fields */
const char         *terra_contact_get_custom_fields     (TerraContact      *self);
void                terra_contact_set_custom_fields     (TerraContact      *self,
                                                         const char        *json);
int                 terra_contact_get_score             (TerraContact      *self);
void                terra_contact_set_score             (TerraContact      *self,
                                                         int                score);
const char         *terra_contact_get_score_explanation (TerraContact      *self);
void                terra_contact_set_score_explanation (TerraContact      *self,
                                                         const char        *explanation);
TerraTemperature    terra_contact_get_temperature       (TerraContact      *self);
void                terra_contact_set_temperature       (TerraContact      *self,
                                                         TerraTemperature   temperature);
gint64              terra_contact_get_qualified_at      (TerraContact      *self);
void                terra_contact_set_qualified_at      (TerraContact      *self,
                                                         gint64             qualified_at);
gboolean            terra_contact_get_opted_out         (TerraContact      *self);
void                terra_contact_set_opted_out         (TerraContact      *self,
                                                         gboolean           opted_out);
gint64              terra_contact_get_opted_out_at      (TerraContact      *self);
TerraConsent        terra_contact_get_consent           (TerraContact      *self);
void                terra_contact_set_consent           (TerraContact      *self,
                                                         TerraConsent       consent);
gint64              terra_contact_get_consent_at        (TerraContact      *self);
gint64              terra_contact_get_created_at        (TerraContact      *self);
gint64              terra_contact_get_updated_at        (TerraContact      *self);

G_END_DECLS
