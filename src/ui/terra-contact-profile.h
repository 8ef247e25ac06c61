/* terra-contact-profile.h — a lead's profile: details, conversations,
 * opt-out, and deleting everything of theirs
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONTACT_PROFILE (terra_contact_profile_get_type ())

G_DECLARE_FINAL_TYPE (TerraContactProfile, terra_contact_profile, TERRA, CONTACT_PROFILE, AdwWindow)

GtkWidget *terra_contact_profile_new (GtkWindow      *parent,
                                      TerraWorkspace *workspace,
                                      gint64          contact_id);

G_END_DECLS
