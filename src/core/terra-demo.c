/* terra-demo.c — fills an empty workspace with a believable demo business
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new user should see a living app at once: a month of conversations on
 * every channel, leads of every temperature, meetings booked, a few
 * handoffs waiting for the owner. The words come from terra-demo-content.c;
 * this file decides who says what and when.
 *
 * Everything is drawn from a GRand with a fixed seed and placed relative to
 * `now`, so the same `now` always gives the same workspace (tests count on
 * it), and nothing is ever later than `now`. Each lead follows a scenario (a
 * browse, a booked visit, a handoff…); the scenario gives the turns of the
 * conversation, the turns give the messages and their analyses, and what the
 * lead revealed gives the score. Only the store's API writes: no SQL here.
 */

#define G_LOG_DOMAIN "terra-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "terra-demo.h"
#include "terra-demo-content.h"

#define DEMO_SEED 20260214u

/* Slots start at these local times (minutes after midnight), two hours
 * apart, so no two meetings overlap even with the site visit's buffers. */
static const int slot_starts[] = { 10 * 60 + 30, 12 * 60 + 30, 14 * 60 + 30, 16 * 60 + 30 };

/* What a conversation is about; each has its own shape and outcome. */
typedef enum
{
  SCENARIO_BROWSE,
  SCENARIO_FINANCING,
  SCENARIO_HOURS,
  SCENARIO_BOOK_UPCOMING,
  SCENARIO_BOOK_PAST,
  SCENARIO_BOOK_CANCEL,
  SCENARIO_RESCHEDULE,
  SCENARIO_MANUAL_BOOK,
  SCENARIO_HANDOFF_DISCOUNT,
  SCENARIO_HANDOFF_LEGAL,
  SCENARIO_HANDOFF_HUMAN,
  SCENARIO_HANDOFF_COMPLAINT,
  SCENARIO_NEGOTIATED,
  SCENARIO_COMPLAINT_HANDLED,
  SCENARIO_OPT_OUT,
  SCENARIO_SPAM,
  N_SCENARIOS
} Scenario;

typedef struct
{
  guint  count;
  guint  today;     /* how many end today, so the Dashboard shows today's activity */
  double min_days;  /* when the last message was, in days before now; */
  double max_days;  /* both 0: recency-weighted over the whole month */
} ScenarioPlan;

/* 232 conversations. Handoffs are recent, since they are still open;
 * bookings end early enough (or late enough) for their visits to be past
 * (or upcoming). */
static const ScenarioPlan plans[N_SCENARIOS] = {
  [SCENARIO_BROWSE] = { 135, 6, 0, 0 },
  [SCENARIO_FINANCING] = { 22, 2, 0, 0 },
  [SCENARIO_HOURS] = { 10, 1, 0, 0 },
  [SCENARIO_BOOK_UPCOMING] = { 11, 0, 0.1, 4 },
  [SCENARIO_BOOK_PAST] = { 17, 0, 4, 26 },
  [SCENARIO_BOOK_CANCEL] = { 3, 0, 3, 20 },
  [SCENARIO_RESCHEDULE] = { 3, 0, 0.1, 4 },
  [SCENARIO_MANUAL_BOOK] = { 4, 0, 6, 20 },  /* the first two are recent: see choose_end() */
  [SCENARIO_HANDOFF_DISCOUNT] = { 4, 0, 0.05, 2 },
  [SCENARIO_HANDOFF_LEGAL] = { 2, 0, 0.05, 2 },
  [SCENARIO_HANDOFF_HUMAN] = { 3, 1, 0.05, 2 },
  [SCENARIO_HANDOFF_COMPLAINT] = { 1, 0, 0.05, 2 },
  [SCENARIO_NEGOTIATED] = { 4, 0, 3, 25 },
  [SCENARIO_COMPLAINT_HANDLED] = { 3, 0, 0, 0 },
  [SCENARIO_OPT_OUT] = { 6, 0, 0, 0 },
  [SCENARIO_SPAM] = { 4, 0, 0, 0 },
};

/* WhatsApp brings most leads in India, then the website. */
static const struct { TerraChannel channel; int weight; const char *prefix; } channels[] = {
  { TERRA_CHANNEL_WHATSAPP, 45, "wa" },
  { TERRA_CHANNEL_WEBCHAT, 22, "web" },
  { TERRA_CHANNEL_SMS, 13, "sms" },
  { TERRA_CHANNEL_API, 12, "form" },
  { TERRA_CHANNEL_TELEGRAM, 8, "tg" },
};

static const char * const mobile_prefixes[] = { "98", "99", "97", "96", "90" };

typedef enum { TYPE_SITE_VISIT, TYPE_VIDEO, TYPE_OFFICE, N_TYPES } AppointmentKind;

static const struct { const char *name; int minutes; int buffer; const char *location; const char *color; } appointment_types[] = {
  [TYPE_SITE_VISIT] = { "Site visit", 60, 15, "At the project's sales office", "#2ec27e" },
  [TYPE_VIDEO] = { "Video consultation", 30, 0, "Google Meet (the link is sent in the chat)", "#3584e4" },
  [TYPE_OFFICE] = { "Office meeting", 45, 0, TERRA_DEMO_OFFICE, "#e66100" },
};

typedef struct
{
  TerraDemoTurnId      id;
  const TerraDemoTurn *turn;
  const TerraDemoLine *line;
  gint64               first_at;
  gint64               second_at;   /* 0 when nobody answers */
  char                *first_text;
  char                *second_text;
  gint64               lead_message_id;
  gint64               answer_message_id;
} Step;

typedef struct
{
  Scenario                 scenario;
  guint                    index;     /* over the whole demo */
  guint                    nth;       /* within its scenario */
  TerraChannel             channel;
  gboolean                 hinglish;
  const char              *first;
  char                    *name;
  char                    *phone;     /* as people write it: +91 98xxx xxxxx */
  char                    *address;   /* on its channel */
  char                    *email;
  const TerraDemoProject  *project;
  const TerraDemoUnit     *unit;
  const TerraDemoBudget   *budget;
  const TerraDemoTimeline *timeline;
  const char              *office;
  const char              *abroad;    /* NULL unless the lead lives abroad */
  GArray                  *steps;
  gint64                   slots[2];
  char                    *slot_texts[2];
  gboolean                 said_need, said_budget, said_location, said_timeline;
  int                      score;
  gint64                   qualified_at;
  gint64                   contact_id;
  gint64                   conversation_id;
} Lead;

typedef struct
{
  TerraStore *store;
  GRand      *rand;
  gint64      now;
  gint64      window_start;
  gint64      today_start;
  GTimeZone  *zone;
  GArray     *taken_slots;
  guint       external_ids;
  gint64      type_ids[N_TYPES];
  guint       n_bookings;
  guint       n_tasks;
  guint       n_feedback;
} Demo;

/* Random helpers */

static gint64
span (Demo   *demo,
      gint64  lo,
      gint64  hi)
{
  return lo + (gint64)(g_rand_double (demo->rand) * (double)(hi - lo));
}

static gboolean
chance (Demo   *demo,
        double  probability)
{
  return g_rand_double (demo->rand) < probability;
}

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

/* Time helpers */

static GDateTime *
to_local (Demo   *demo,
          gint64  utc)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);

  return g_date_time_to_timezone (instant, demo->zone);
}

static gint64
local_time (Demo      *demo,
            GDateTime *day,
            int        minute)
{
  g_autoptr(GDateTime) local = g_date_time_new (demo->zone,
                                                g_date_time_get_year (day),
                                                g_date_time_get_month (day),
                                                g_date_time_get_day_of_month (day),
                                                minute / 60, minute % 60, 0);

  return g_date_time_to_unix (local) * G_USEC_PER_SEC;
}

/* "Sat 14 Jun, 10:30 AM", in English whatever the locale: it is content. */
static char *
format_slot (Demo   *demo,
             gint64  utc)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) local = to_local (demo, utc);
  int hour = g_date_time_get_hour (local);

  return g_strdup_printf ("%s %d %s, %d:%02d %s",
                          days[g_date_time_get_day_of_week (local) - 1],
                          g_date_time_get_day_of_month (local),
                          months[g_date_time_get_month (local) - 1],
                          hour % 12 == 0 ? 12 : hour % 12,
                          g_date_time_get_minute (local),
                          hour < 12 ? "AM" : "PM");
}

static gboolean
slot_taken (Demo   *demo,
            gint64  start)
{
  for (guint i = 0; i < demo->taken_slots->len; i++)
    if (g_array_index (demo->taken_slots, gint64, i) == start)
      return TRUE;
  return FALSE;
}

/* A free slot from `earliest` on, Monday to Saturday, skipping some at
 * random so the calendar is not packed from the first morning. Every
 * booking takes its own slot, so no two ever overlap. */
static gint64
take_slot (Demo   *demo,
           gint64  earliest)
{
  g_autoptr(GDateTime) first_day = to_local (demo, earliest);

  for (int pass = 0; pass < 2; pass++)
    for (int d = 0; d < 90; d++)
      {
        g_autoptr(GDateTime) day = g_date_time_add_days (first_day, d);

        if (g_date_time_get_day_of_week (day) == 7)
          continue;

        for (guint s = 0; s < G_N_ELEMENTS (slot_starts); s++)
          {
            gint64 start = local_time (demo, day, slot_starts[s]);

            if (start < earliest || slot_taken (demo, start) || (pass == 0 && chance (demo, 0.45)))
              continue;
            g_array_append_val (demo->taken_slots, start);
            return start;
          }
      }

  g_assert_not_reached ();
}

/* Texts */

static const char *
lookup (const Lead *lead,
        const char *key,
        gboolean    hinglish)
{
  const struct { const char *key; const char *value; } values[] = {
    { "first", lead->first }, { "name", lead->name }, { "phone", lead->phone },
    { "project", lead->project->name }, { "locality", lead->project->locality },
    { "landmark", lead->project->landmark }, { "possession", lead->project->possession },
    { "amenities", lead->project->amenities }, { "rera", lead->project->rera },
    { "bhk", lead->unit->bhk }, { "area", lead->unit->area }, { "price", lead->unit->price },
    { "budget", lead->budget->text }, { "office", lead->office }, { "abroad", lead->abroad },
    { "timeline", hinglish ? lead->timeline->hi : lead->timeline->en },
    { "slot", lead->slot_texts[0] }, { "slot2", lead->slot_texts[1] },
    { "owner", TERRA_DEMO_OWNER }, { "agent", TERRA_DEMO_AGENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].key, key))
      return values[i].value;
  return NULL;
}

/* Fills a line's {placeholders} from the lead's profile. */
static char *
expand (const Lead *lead,
        const char *template,
        gboolean    hinglish)
{
  GString *text = g_string_new (NULL);

  for (const char *p = template; *p != '\0'; p++)
    {
      const char *end = *p == '{' ? strchr (p, '}') : NULL;
      g_autofree char *key = NULL;
      const char *value;

      if (end == NULL)
        {
          g_string_append_c (text, *p);
          continue;
        }

      key = g_strndup (p + 1, end - p - 1);
      value = lookup (lead, key, hinglish);
      if (value == NULL)
        g_critical ("The demo line “%s” uses {%s}, which this lead has no value for", template, key);
      g_string_append (text, value != NULL ? value : "");
      p = end;
    }

  return g_string_free (text, FALSE);
}

/* The lead */

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_free (step->first_text);
  g_free (step->second_text);
}

static void
lead_clear (Lead *lead)
{
  g_free (lead->name);
  g_free (lead->phone);
  g_free (lead->address);
  g_free (lead->email);
  g_free (lead->slot_texts[0]);
  g_free (lead->slot_texts[1]);
  g_clear_pointer (&lead->steps, g_array_unref);
}

static TerraChannel
pick_channel (Demo     *demo,
              Scenario  scenario)
{
  int total = 0;
  int roll;

  /* Spam comes by text and web chat; STOP is what people text. */
  if (scenario == SCENARIO_SPAM)
    return chance (demo, 0.5) ? TERRA_CHANNEL_SMS : TERRA_CHANNEL_WEBCHAT;
  if (scenario == SCENARIO_OPT_OUT)
    return chance (demo, 0.5) ? TERRA_CHANNEL_SMS : TERRA_CHANNEL_WHATSAPP;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    total += channels[i].weight;
  roll = g_rand_int_range (demo->rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if ((roll -= channels[i].weight) < 0)
      return channels[i].channel;
  g_assert_not_reached ();
}

static const char *
channel_prefix (TerraChannel channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (channels[i].channel == channel)
      return channels[i].prefix;
  g_assert_not_reached ();
}

/* Phone numbers are a bijection of the lead's index (48271 is prime to
 * 10^8), so no two leads share one and identities never collide. */
static void
lead_set_address (Demo       *demo,
                  Lead       *lead,
                  const char *last)
{
  guint digits = (lead->index * 48271u + 3141592u) % 100000000u;
  g_autofree char *mobile = g_strdup_printf ("%s%08u", PICK (demo, mobile_prefixes), digits);
  g_autofree char *user = g_ascii_strdown (lead->first, -1);
  g_autoptr(GString) surname = g_string_new (NULL);

  lead->phone = g_strdup_printf ("+91 %.5s %s", mobile, mobile + 5);
  for (const char *p = last; *p != '\0'; p++)   /* D'Souza → dsouza */
    if (g_ascii_isalpha (*p))
      g_string_append_c (surname, g_ascii_tolower (*p));

  switch (lead->channel)
    {
    case TERRA_CHANNEL_WEBCHAT:
      lead->address = g_strdup_printf ("visitor-%05u", 10000 + lead->index * 37);
      break;
    case TERRA_CHANNEL_TELEGRAM:
      lead->address = g_strdup_printf ("%u", 618000000u + lead->index * 7919u);
      break;
    default:
      lead->address = g_strdup_printf ("+91%s", mobile);
    }

  if (lead->channel == TERRA_CHANNEL_API || chance (demo, 0.35))
    lead->email = g_strdup_printf ("%s.%s%u@%s", user, surname->str, 10 + lead->index % 90,
                                   PICK (demo, terra_demo_email_domains));
}

static void
lead_init (Demo     *demo,
           Lead     *lead,
           Scenario  scenario,
           guint     index,
           guint     nth)
{
  const char *last;

  memset (lead, 0, sizeof *lead);
  lead->scenario = scenario;
  lead->index = index;
  lead->nth = nth;
  lead->channel = pick_channel (demo, scenario);
  lead->hinglish = chance (demo, 0.35);
  lead->first = PICK (demo, terra_demo_first_names);
  last = PICK (demo, terra_demo_last_names);
  lead->name = g_strdup_printf ("%s %s", lead->first, last);
  lead->project = &PICK (demo, terra_demo_projects);
  lead->unit = &lead->project->units[g_rand_int_range (demo->rand, 0, 2)];
  lead->timeline = &PICK (demo, terra_demo_timelines);
  lead->office = PICK (demo, terra_demo_offices);

  /* Some leads live abroad: they talk in dollars and meet by video. */
  if ((scenario == SCENARIO_BROWSE || scenario == SCENARIO_FINANCING ||
       scenario == SCENARIO_BOOK_UPCOMING || scenario == SCENARIO_BOOK_PAST) &&
      lead->channel != TERRA_CHANNEL_SMS && chance (demo, 0.1))
    lead->abroad = PICK (demo, terra_demo_abroad);
  lead->budget = &lead->unit->budgets[lead->abroad != NULL ? 2 : g_rand_int_range (demo->rand, 0, 2)];

  lead_set_address (demo, lead, last);
  /* Spammers give no name: the list shows their number or visitor id. */
  if (scenario == SCENARIO_SPAM)
    {
      g_free (lead->name);
      lead->name = g_strdup (lead->channel == TERRA_CHANNEL_SMS ? lead->phone : lead->address);
      g_clear_pointer (&lead->email, g_free);
    }
  lead->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (lead->steps, step_clear);
}

/* The script: which turns the conversation takes */

static const TerraDemoLine *
pick_line (Demo                *demo,
           const TerraDemoTurn *turn,
           gboolean             hinglish)
{
  const char *language = hinglish ? "hi-Latn" : "en";
  guint n_matching = 0;
  guint k;

  for (guint i = 0; i < turn->n_lines; i++)
    n_matching += g_str_equal (turn->lines[i].language, language);
  if (n_matching == 0)
    return pick_line (demo, turn, FALSE);

  k = g_rand_int_range (demo->rand, 0, n_matching);
  for (guint i = 0; i < turn->n_lines; i++)
    if (g_str_equal (turn->lines[i].language, language) && k-- == 0)
      return &turn->lines[i];
  g_assert_not_reached ();
}

static void
add (Demo            *demo,
     Lead            *lead,
     TerraDemoTurnId  id)
{
  Step step = { id, terra_demo_get_turn (id), NULL };

  step.line = pick_line (demo, step.turn, lead->hinglish);
  g_array_append_val (lead->steps, step);
}

static const Step *
find_step (const Lead      *lead,
           TerraDemoTurnId  id)
{
  for (guint i = 0; i < lead->steps->len; i++)
    if (g_array_index (lead->steps, Step, i).id == id)
      return &g_array_index (lead->steps, Step, i);
  return NULL;
}

static gboolean
has_step (const Lead      *lead,
          TerraDemoTurnId  id)
{
  return find_step (lead, id) != NULL;
}

/* A website form already states the budget; others say hello first. */
static void
add_opening (Demo     *demo,
             Lead     *lead,
             gboolean  with_budget)
{
  if (lead->channel == TERRA_CHANNEL_API)
    add (demo, lead, TERRA_DEMO_TURN_FORM);
  else
    {
      add (demo, lead, TERRA_DEMO_TURN_GREETING);
      if (with_budget)
        add (demo, lead, TERRA_DEMO_TURN_BUDGET);
    }
}

/* Adds min…max of the questions leads ask, each at most once. */
static void
add_questions (Demo *demo,
               Lead *lead,
               int   min,
               int   max)
{
  TerraDemoTurnId pool[] = { TERRA_DEMO_TURN_LOCATION, TERRA_DEMO_TURN_DETAILS,
                             TERRA_DEMO_TURN_AMENITIES, TERRA_DEMO_TURN_TIMELINE };
  int n = g_rand_int_range (demo->rand, min, max + 1);

  for (int i = G_N_ELEMENTS (pool) - 1; i > 0; i--)
    {
      int j = g_rand_int_range (demo->rand, 0, i + 1);
      TerraDemoTurnId swap = pool[i];

      pool[i] = pool[j];
      pool[j] = swap;
    }
  for (int i = 0; i < n; i++)
    add (demo, lead, pool[i]);
}

static void
add_booking (Demo *demo,
             Lead *lead)
{
  add (demo, lead, lead->abroad != NULL ? TERRA_DEMO_TURN_VIDEO_BOOKING : TERRA_DEMO_TURN_BOOKING);
}

/* At most six turns, so at most twelve messages. */
static void
build_script (Demo *demo,
              Lead *lead)
{
  switch (lead->scenario)
    {
    case SCENARIO_BROWSE:
      add_opening (demo, lead, chance (demo, 0.6));
      add_questions (demo, lead, 1, 3);
      if (chance (demo, 0.45))
        add (demo, lead, TERRA_DEMO_TURN_THANKS);
      else if (chance (demo, 0.3))
        add (demo, lead, TERRA_DEMO_TURN_FOLLOWUP);
      break;
    case SCENARIO_FINANCING:
      add_opening (demo, lead, TRUE);
      add (demo, lead, TERRA_DEMO_TURN_FINANCING);
      if (chance (demo, 0.4))
        add (demo, lead, TERRA_DEMO_TURN_TIMELINE);
      if (chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_THANKS);
      break;
    case SCENARIO_HOURS:
      add (demo, lead, TERRA_DEMO_TURN_HOURS);
      if (chance (demo, 0.6))
        add (demo, lead, TERRA_DEMO_TURN_THANKS);
      break;
    case SCENARIO_BOOK_UPCOMING:
    case SCENARIO_BOOK_PAST:
      add_opening (demo, lead, TRUE);
      add_questions (demo, lead, 0, 2);
      add_booking (demo, lead);
      if (chance (demo, 0.7))
        add (demo, lead, TERRA_DEMO_TURN_THANKS);
      break;
    case SCENARIO_BOOK_CANCEL:
      add_opening (demo, lead, TRUE);
      add_booking (demo, lead);
      add (demo, lead, TERRA_DEMO_TURN_CANCEL);
      break;
    case SCENARIO_RESCHEDULE:
      add_opening (demo, lead, TRUE);
      add_booking (demo, lead);
      add (demo, lead, TERRA_DEMO_TURN_RESCHEDULE);
      if (chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_THANKS);
      break;
    case SCENARIO_MANUAL_BOOK:
      add_opening (demo, lead, TRUE);
      add (demo, lead, TERRA_DEMO_TURN_HUMAN);
      add (demo, lead, TERRA_DEMO_TURN_OWNER_BOOKING);
      break;
    case SCENARIO_HANDOFF_DISCOUNT:
    case SCENARIO_NEGOTIATED:
      add_opening (demo, lead, TRUE);
      add (demo, lead, TERRA_DEMO_TURN_DISCOUNT);
      if (lead->scenario == SCENARIO_NEGOTIATED || chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_OWNER_DISCOUNT);
      else
        add (demo, lead, TERRA_DEMO_TURN_NUDGE);
      break;
    case SCENARIO_HANDOFF_LEGAL:
      add_opening (demo, lead, FALSE);
      add (demo, lead, TERRA_DEMO_TURN_DETAILS);
      add (demo, lead, TERRA_DEMO_TURN_LEGAL);
      if (chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_OWNER_LEGAL);
      break;
    case SCENARIO_HANDOFF_HUMAN:
      add_opening (demo, lead, FALSE);
      add_questions (demo, lead, 0, 1);
      add (demo, lead, TERRA_DEMO_TURN_HUMAN);
      if (chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_OWNER_HUMAN);
      else
        add (demo, lead, TERRA_DEMO_TURN_NUDGE);
      break;
    case SCENARIO_HANDOFF_COMPLAINT:
      add (demo, lead, TERRA_DEMO_TURN_COMPLAINT);
      add (demo, lead, chance (demo, 0.5) ? TERRA_DEMO_TURN_OWNER_COMPLAINT : TERRA_DEMO_TURN_NUDGE);
      break;
    case SCENARIO_COMPLAINT_HANDLED:
      add (demo, lead, TERRA_DEMO_TURN_COMPLAINT_HANDLED);
      if (chance (demo, 0.5))
        add (demo, lead, TERRA_DEMO_TURN_BUDGET);
      add (demo, lead, TERRA_DEMO_TURN_THANKS);
      break;
    case SCENARIO_OPT_OUT:
      add_opening (demo, lead, chance (demo, 0.5));
      add (demo, lead, TERRA_DEMO_TURN_FOLLOWUP);
      add (demo, lead, TERRA_DEMO_TURN_OPT_OUT);
      break;
    case SCENARIO_SPAM:
      add (demo, lead, TERRA_DEMO_TURN_SPAM);
      if (chance (demo, 0.6))
        add (demo, lead, TERRA_DEMO_TURN_SPAM_AGAIN);
      break;
    case N_SCENARIOS:
    default:
      g_assert_not_reached ();
    }

  g_assert (lead->steps->len >= 1 && lead->steps->len <= 6);
}

/* Timing */

/* How long after the previous message a turn opens: a reply takes the
 * assistant seconds, a lead minutes to hours, the owner up to two hours. */
static gint64
gap_before (Demo       *demo,
            const Step *previous,
            const Step *step)
{
  double roll;

  switch (step->id)
    {
    case TERRA_DEMO_TURN_FOLLOWUP:
      return span (demo, 2 * G_TIME_SPAN_DAY, 4 * G_TIME_SPAN_DAY);
    case TERRA_DEMO_TURN_NUDGE:
      return span (demo, G_TIME_SPAN_HOUR, 6 * G_TIME_SPAN_HOUR);
    case TERRA_DEMO_TURN_OWNER_DISCOUNT:
    case TERRA_DEMO_TURN_OWNER_LEGAL:
    case TERRA_DEMO_TURN_OWNER_HUMAN:
    case TERRA_DEMO_TURN_OWNER_COMPLAINT:
    case TERRA_DEMO_TURN_OWNER_BOOKING:
      return span (demo, 10 * G_TIME_SPAN_MINUTE, 2 * G_TIME_SPAN_HOUR);
    default:
      break;
    }

  if (previous->id == TERRA_DEMO_TURN_FOLLOWUP)
    return span (demo, 5 * G_TIME_SPAN_MINUTE, 5 * G_TIME_SPAN_HOUR);

  roll = g_rand_double (demo->rand);
  if (roll < 0.7)
    return span (demo, G_TIME_SPAN_MINUTE, G_TIME_SPAN_HOUR);
  if (roll < 0.95)
    return span (demo, G_TIME_SPAN_HOUR, 8 * G_TIME_SPAN_HOUR);
  return span (demo, 12 * G_TIME_SPAN_HOUR, 30 * G_TIME_SPAN_HOUR);
}

/* Times relative to the first message, strictly increasing. */
static gint64
schedule (Demo *demo,
          Lead *lead)
{
  gint64 t = 0;

  for (guint i = 0; i < lead->steps->len; i++)
    {
      Step *step = &g_array_index (lead->steps, Step, i);

      if (i > 0)
        t += gap_before (demo, &g_array_index (lead->steps, Step, i - 1), step);
      step->first_at = t;

      if (step->line->second != NULL)
        {
          if (step->turn->opener == TERRA_AUTHOR_LEAD)
            t += span (demo, 2 * G_USEC_PER_SEC, 25 * G_USEC_PER_SEC);
          else
            t += span (demo, 3 * G_TIME_SPAN_MINUTE, 2 * G_TIME_SPAN_HOUR);
          step->second_at = t;
        }
    }

  return t;
}

static gboolean
booking_is_upcoming (const Lead *lead)
{
  return lead->scenario == SCENARIO_BOOK_UPCOMING || lead->scenario == SCENARIO_RESCHEDULE ||
         (lead->scenario == SCENARIO_MANUAL_BOOK && lead->nth < 2);
}

/* When the conversation's last message was. */
static gint64
choose_end (Demo       *demo,
            const Lead *lead)
{
  const ScenarioPlan *plan = &plans[lead->scenario];
  double min_days = plan->min_days;
  double max_days = plan->max_days;
  g_autoptr(GDateTime) local = NULL;
  gint64 end;

  if (lead->nth < plan->today)
    return span (demo, MAX (demo->today_start, demo->now - 6 * G_TIME_SPAN_HOUR), demo->now);

  if (lead->scenario == SCENARIO_MANUAL_BOOK && booking_is_upcoming (lead))
    min_days = 0.1, max_days = 4;

  if (max_days > 0)
    end = demo->now - (gint64)(g_rand_double_range (demo->rand, min_days, max_days) * G_TIME_SPAN_DAY);
  else
    /* A growing business: leads come three times as often now as a month
     * ago (a density falling linearly with age, by inverse sampling). */
    end = demo->now - (gint64)(29.5 * (1.5 - sqrt (2.25 - 2 * g_rand_double (demo->rand))) * G_TIME_SPAN_DAY);

  /* Few people write between midnight and 8: move those to the evening
   * before. */
  local = to_local (demo, end);
  if (g_date_time_get_hour (local) < 8)
    end -= (g_date_time_get_hour (local) + 1) * G_TIME_SPAN_HOUR + span (demo, 0, 2 * G_TIME_SPAN_HOUR);
  return MAX (end, demo->window_start);
}

/* Places the conversation in the month: relative times become absolute. */
static void
place (Demo *demo,
       Lead *lead)
{
  gint64 duration = schedule (demo, lead);
  gint64 end = choose_end (demo, lead);
  gint64 start = MAX (end - duration, demo->window_start);

  g_assert (start + duration <= demo->now);

  for (guint i = 0; i < lead->steps->len; i++)
    {
      Step *step = &g_array_index (lead->steps, Step, i);

      step->first_at += start;
      if (step->line->second != NULL)
        step->second_at += start;
    }
}

static const Step *
first_step (const Lead *lead)
{
  return &g_array_index (lead->steps, Step, 0);
}

static const Step *
last_step (const Lead *lead)
{
  return &g_array_index (lead->steps, Step, lead->steps->len - 1);
}

static gint64
end_of (const Lead *lead)
{
  const Step *step = last_step (lead);

  return step->second_at != 0 ? step->second_at : step->first_at;
}

/* Books the slots the conversation's confirmations name: after the
 * conversation, and in the future for the upcoming ones. */
static void
take_slots (Demo *demo,
            Lead *lead)
{
  gint64 earliest = end_of (lead) + 18 * G_TIME_SPAN_HOUR;

  if (!has_step (lead, TERRA_DEMO_TURN_BOOKING) && !has_step (lead, TERRA_DEMO_TURN_VIDEO_BOOKING) &&
      !has_step (lead, TERRA_DEMO_TURN_OWNER_BOOKING))
    return;

  if (booking_is_upcoming (lead) && lead->scenario != SCENARIO_RESCHEDULE)
    earliest = MAX (earliest, demo->now + 2 * G_TIME_SPAN_HOUR);

  lead->slots[0] = take_slot (demo, earliest);
  lead->slot_texts[0] = format_slot (demo, lead->slots[0]);

  if (lead->scenario == SCENARIO_RESCHEDULE)
    {
      lead->slots[1] = take_slot (demo, MAX (lead->slots[0] + 2 * G_TIME_SPAN_DAY,
                                             demo->now + 2 * G_TIME_SPAN_HOUR));
      lead->slot_texts[1] = format_slot (demo, lead->slots[1]);
    }
}

static void
write_texts (Lead *lead)
{
  for (guint i = 0; i < lead->steps->len; i++)
    {
      Step *step = &g_array_index (lead->steps, Step, i);
      gboolean hinglish = g_str_equal (step->line->language, "hi-Latn");

      step->first_text = expand (lead, step->line->first, hinglish);
      if (step->line->second != NULL)
        step->second_text = expand (lead, step->line->second, hinglish);
    }
}

/* Builds one lead, its conversation and its bookings' times, in memory. */
static void
lead_generate (Demo     *demo,
               Lead     *lead,
               Scenario  scenario,
               guint     index,
               guint     nth)
{
  lead_init (demo, lead, scenario, index, nth);
  build_script (demo, lead);
  place (demo, lead);
  take_slots (demo, lead);
  write_texts (lead);
}

/* What the lead said */

static const char *
lead_text (const Step *step)
{
  return step->turn->opener == TERRA_AUTHOR_LEAD ? step->first_text : step->second_text;
}

static gint64
lead_time (const Step *step)
{
  return step->turn->opener == TERRA_AUTHOR_LEAD ? step->first_at : step->second_at;
}

static gboolean
says (const char *text,
      const char *what)
{
  return text != NULL && what != NULL && strstr (text, what) != NULL;
}

/* Notes which qualification facts the lead's own messages revealed. */
static void
reveal (Lead *lead)
{
  for (guint i = 0; i < lead->steps->len; i++)
    {
      const char *text = lead_text (&g_array_index (lead->steps, Step, i));

      lead->said_need |= says (text, lead->unit->bhk);
      lead->said_budget |= says (text, lead->budget->text);
      lead->said_location |= says (text, lead->project->locality) || says (text, lead->project->name);
      lead->said_timeline |= says (text, lead->timeline->en) || says (text, lead->timeline->hi);
    }
}

static void
add_entity (JsonBuilder *builder,
            const char  *type,
            const char  *text)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* The entities the analyzer would find: what of the lead's profile the
 * message names. */
static char *
entities_json (const Lead *lead,
               const Step *step)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *text = lead_text (step);

  json_builder_begin_array (builder);
  if (says (text, lead->budget->text))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "budget");
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, lead->budget->text);
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, lead->budget->value);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, lead->budget->currency);
      json_builder_end_object (builder);
    }
  if (says (text, lead->project->locality))
    add_entity (builder, "location", lead->project->locality);
  if (!g_str_equal (lead->office, lead->project->locality) && says (text, lead->office))
    add_entity (builder, "location", lead->office);
  if (says (text, lead->abroad))
    add_entity (builder, "location", lead->abroad);
  if (says (text, lead->project->name))
    add_entity (builder, "project", lead->project->name);
  if (says (text, lead->unit->bhk))
    add_entity (builder, "property_type", lead->unit->bhk);
  if (says (text, lead->timeline->en))
    add_entity (builder, "timeline", lead->timeline->en);
  if (says (text, lead->timeline->hi))
    add_entity (builder, "timeline", lead->timeline->hi);
  if (says (text, step->line->note))
    add_entity (builder, "date", step->line->note);
  if (says (text, lead->phone))
    add_entity (builder, "phone", lead->phone);
  json_builder_end_array (builder);

  return builder_to_string (builder);
}

static char *
json_list (const char *item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  if (item != NULL)
    json_builder_add_string_value (builder, item);
  json_builder_end_array (builder);
  return builder_to_string (builder);
}

/* The turn's sentiment, a little varied, kept inside its label's band. */
static double
sentiment_score (Demo                *demo,
                 const TerraDemoTurn *turn)
{
  double score = turn->sentiment_score + g_rand_double_range (demo->rand, -0.1, 0.1);

  switch (turn->sentiment)
    {
    case TERRA_SENTIMENT_POSITIVE: return CLAMP (score, 0.2, 1.0);
    case TERRA_SENTIMENT_NEGATIVE: return CLAMP (score, -1.0, -0.2);
    case TERRA_SENTIMENT_NEUTRAL:
    default: return CLAMP (score, -0.19, 0.19);
    }
}

/* Scoring: what a qualifier would make of the conversation */

static gboolean
is_booked (const Lead *lead)
{
  return lead->slots[0] != 0;
}

static const char *
handoff_reason (const Lead *lead)
{
  for (guint i = 0; i < lead->steps->len; i++)
    {
      const Step *step = &g_array_index (lead->steps, Step, i);

      if (step->turn->handoff_reason != NULL)
        return step->turn->handoff_reason;
    }
  return NULL;
}

static const Step *
booking_step (const Lead *lead)
{
  for (guint i = 0; i < lead->steps->len; i++)
    {
      const Step *step = &g_array_index (lead->steps, Step, i);

      if (step->id == TERRA_DEMO_TURN_BOOKING || step->id == TERRA_DEMO_TURN_VIDEO_BOOKING ||
          step->id == TERRA_DEMO_TURN_OWNER_BOOKING)
        return step;
    }
  return NULL;
}

static AppointmentKind
booking_kind (const Lead *lead)
{
  const Step *step = booking_step (lead);

  if (step->id == TERRA_DEMO_TURN_VIDEO_BOOKING)
    return TYPE_VIDEO;
  return step->id == TERRA_DEMO_TURN_OWNER_BOOKING ? TYPE_OFFICE : TYPE_SITE_VISIT;
}

/* When the booking was confirmed: the assistant's answer, or the owner's
 * message. */
static gint64
booked_at (const Lead *lead)
{
  const Step *step = booking_step (lead);

  return step->second_at != 0 && step->turn->opener == TERRA_AUTHOR_LEAD ? step->second_at : step->first_at;
}

static int
score_lead (Demo *demo,
            Lead *lead)
{
  static const struct { TerraDemoTurnId id; int points; } signals[] = {
    { TERRA_DEMO_TURN_FINANCING, 6 }, { TERRA_DEMO_TURN_LOCATION, 3 }, { TERRA_DEMO_TURN_DETAILS, 3 },
    { TERRA_DEMO_TURN_AMENITIES, 3 }, { TERRA_DEMO_TURN_DISCOUNT, 10 }, { TERRA_DEMO_TURN_LEGAL, 12 },
    { TERRA_DEMO_TURN_HUMAN, 5 }, { TERRA_DEMO_TURN_THANKS, 3 }, { TERRA_DEMO_TURN_CANCEL, -35 },
    { TERRA_DEMO_TURN_COMPLAINT, 20 }, /* they had a visit planned: a real buyer */
  };
  int score = 8;

  if (lead->scenario == SCENARIO_SPAM)
    return g_rand_int_range (demo->rand, 0, 4);
  if (lead->scenario == SCENARIO_OPT_OUT)
    return g_rand_int_range (demo->rand, 2, 9);

  score += lead->said_need ? 12 : 0;
  score += lead->said_budget ? 15 : 0;
  score += lead->said_location ? 8 : 0;
  score += lead->said_timeline ? 6 + lead->timeline->urgency : 0;
  score += is_booked (lead) ? 25 : 0;
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    score += has_step (lead, signals[i].id) ? signals[i].points : 0;
  score += g_rand_int_range (demo->rand, -4, 5);

  return CLAMP (score, 0, 100);
}

static TerraTemperature
temperature_for (int score)
{
  if (score >= 70)
    return TERRA_TEMPERATURE_HOT;
  return score >= 40 ? TERRA_TEMPERATURE_WARM : TERRA_TEMPERATURE_COLD;
}

static char *
explain_score (const Lead *lead)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (lead->scenario == SCENARIO_SPAM)
    return g_strdup ("Promotional messages, not a buyer.");

  if (lead->said_need && lead->said_location)
    g_ptr_array_add (parts, g_strdup_printf ("wants a %s in %s", lead->unit->need, lead->project->locality));
  else if (lead->said_need)
    g_ptr_array_add (parts, g_strdup_printf ("wants a %s", lead->unit->need));
  else if (lead->said_location)
    g_ptr_array_add (parts, g_strdup_printf ("interested in %s", lead->project->locality));
  if (lead->said_budget)
    g_ptr_array_add (parts, g_strdup_printf ("budget %s", lead->budget->text));
  if (lead->said_timeline)
    g_ptr_array_add (parts, g_strdup_printf ("buying %s", lead->timeline->value));
  if (has_step (lead, TERRA_DEMO_TURN_FINANCING))
    g_ptr_array_add (parts, g_strdup ("asked about home loans"));
  if (has_step (lead, TERRA_DEMO_TURN_CANCEL))
    g_ptr_array_add (parts, g_strdup ("cancelled the visit"));
  else if (is_booked (lead))
    {
      g_autofree char *type = g_ascii_strdown (appointment_types[booking_kind (lead)].name, -1);

      g_ptr_array_add (parts, g_strdup_printf ("%s booked", type));
    }
  if (has_step (lead, TERRA_DEMO_TURN_DISCOUNT))
    g_ptr_array_add (parts, g_strdup ("negotiating the price"));
  if (has_step (lead, TERRA_DEMO_TURN_LEGAL))
    g_ptr_array_add (parts, g_strdup ("asked for the title documents"));
  if (has_step (lead, TERRA_DEMO_TURN_COMPLAINT) || has_step (lead, TERRA_DEMO_TURN_COMPLAINT_HANDLED))
    g_ptr_array_add (parts, g_strdup ("complained about the service"));
  if (lead->scenario == SCENARIO_OPT_OUT)
    g_ptr_array_add (parts, g_strdup ("opted out"));
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup ("only asked about office hours"));
  g_ptr_array_add (parts, NULL);

  joined = g_strjoinv ("; ", (char **)parts->pdata);
  joined[0] = g_ascii_toupper (joined[0]);
  return g_strconcat (joined, ".", NULL);
}

static void
add_fact (JsonBuilder *builder,
          const char  *field,
          const char  *value,
          double       confidence)
{
  json_builder_set_member_name (builder, field);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, confidence);
  json_builder_end_object (builder);
}

/* {"need": {"value": "3BHK apartment", "confidence": 0.875}, …}: only what
 * the lead said. Confidences are binary fractions because json-glib writes
 * doubles with 17 digits (0.9 would read 0.90000000000000002). */
static char *
qualification_json (const Lead *lead)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (lead->said_need)
    add_fact (builder, "need", lead->unit->need, 0.875);
  if (lead->said_budget)
    {
      json_builder_set_member_name (builder, "budget");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, lead->budget->text);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, lead->budget->value);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, lead->budget->currency);
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_double_value (builder, lead->channel == TERRA_CHANNEL_API ? 1.0 : 0.875);
      json_builder_end_object (builder);
    }
  if (lead->said_timeline)
    add_fact (builder, "timeline", lead->timeline->value, 0.75);
  if (lead->said_location)
    add_fact (builder, "location", lead->project->locality, 0.875);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

static char *
summarize (const Lead *lead)
{
  GString *text = g_string_new (NULL);
  const char *reason = handoff_reason (lead);

  if (lead->scenario == SCENARIO_SPAM)
    g_string_append (text, "Promotional spam, no enquiry.");
  else if (lead->scenario == SCENARIO_HANDOFF_COMPLAINT)
    g_string_append_printf (text, "%s complained about our service.", lead->first);
  else if (lead->scenario == SCENARIO_COMPLAINT_HANDLED)
    g_string_append_printf (text, "%s was not called back after an enquiry about %s; the assistant apologised and followed up.",
                            lead->first, lead->project->name);
  else if (lead->scenario == SCENARIO_HOURS)
    g_string_append_printf (text, "%s asked about office hours and directions.", lead->first);
  else
    {
      g_string_append_printf (text, "%s asked about the %s at %s, %s", lead->first,
                              lead->unit->bhk, lead->project->name, lead->project->locality);
      if (lead->said_budget)
        g_string_append_printf (text, ", budget %s", lead->budget->text);
      g_string_append_c (text, '.');
    }

  if (has_step (lead, TERRA_DEMO_TURN_CANCEL))
    g_string_append_printf (text, " Cancelled the visit on %s.", lead->slot_texts[0]);
  else if (lead->slots[1] != 0)
    g_string_append_printf (text, " Visit moved from %s to %s.", lead->slot_texts[0], lead->slot_texts[1]);
  else if (is_booked (lead))
    g_string_append_printf (text, " %s booked for %s.", appointment_types[booking_kind (lead)].name,
                            lead->slot_texts[0]);
  if (has_step (lead, TERRA_DEMO_TURN_FINANCING))
    g_string_append (text, " Wants help with a home loan.");
  if (reason != NULL)
    g_string_append_printf (text, " Handed to %s (%s).", TERRA_DEMO_OWNER, reason);
  if (lead->scenario == SCENARIO_OPT_OUT)
    g_string_append (text, " Opted out.");

  return g_string_free (text, FALSE);
}

/* The conversation's state */

/* The lead's messages since the owner last wrote, in a handed-off
 * conversation: what waits for the owner. */
static int
unanswered_by_owner (const Lead *lead)
{
  int count = 0;

  for (guint i = lead->steps->len; i-- > 0;)
    {
      const Step *step = &g_array_index (lead->steps, Step, i);

      if (step->turn->opener == TERRA_AUTHOR_HUMAN)
        return count + (step->second_text != NULL);
      count += lead_text (step) != NULL;
      if (step->turn->handoff_reason != NULL)
        break;
    }
  return count;
}

static TerraConversationStatus
conversation_status (Demo       *demo,
                     const Lead *lead,
                     int        *unread)
{
  const Step *last = last_step (lead);
  gboolean assistant_last = last->second_text != NULL ? last->turn->opener == TERRA_AUTHOR_LEAD
                                                      : last->turn->opener == TERRA_AUTHOR_ASSISTANT;
  gint64 age = demo->now - end_of (lead);

  *unread = 0;
  switch (lead->scenario)
    {
    case SCENARIO_HANDOFF_DISCOUNT:
    case SCENARIO_HANDOFF_LEGAL:
    case SCENARIO_HANDOFF_HUMAN:
    case SCENARIO_HANDOFF_COMPLAINT:
      *unread = unanswered_by_owner (lead);
      return TERRA_CONVERSATION_STATUS_HANDED_OFF;
    case SCENARIO_NEGOTIATED:
    case SCENARIO_OPT_OUT:
    case SCENARIO_SPAM:
      return TERRA_CONVERSATION_STATUS_CLOSED;
    case SCENARIO_BOOK_UPCOMING:
    case SCENARIO_RESCHEDULE:
      return TERRA_CONVERSATION_STATUS_ACTIVE;
    case SCENARIO_MANUAL_BOOK:
      return booking_is_upcoming (lead) ? TERRA_CONVERSATION_STATUS_ACTIVE : TERRA_CONVERSATION_STATUS_CLOSED;
    default:
      break;
    }

  /* A follow-up nobody answered yet: the assistant waits for the lead. */
  if (last->id == TERRA_DEMO_TURN_FOLLOWUP)
    return age < 12 * G_TIME_SPAN_DAY ? TERRA_CONVERSATION_STATUS_WAITING : TERRA_CONVERSATION_STATUS_CLOSED;
  if (age < 2 * G_TIME_SPAN_DAY)
    {
      if (age < 20 * G_TIME_SPAN_HOUR && chance (demo, 0.6))
        *unread = g_rand_int_range (demo->rand, 1, 3);
      return assistant_last && chance (demo, 0.35) ? TERRA_CONVERSATION_STATUS_WAITING
                                                   : TERRA_CONVERSATION_STATUS_ACTIVE;
    }
  if (age < 7 * G_TIME_SPAN_DAY && chance (demo, 0.3))
    return TERRA_CONVERSATION_STATUS_WAITING;
  return TERRA_CONVERSATION_STATUS_CLOSED;
}

static gint64
first_reply_at (const Lead *lead)
{
  for (guint i = 0; i < lead->steps->len; i++)
    {
      const Step *step = &g_array_index (lead->steps, Step, i);

      if (step->turn->opener == TERRA_AUTHOR_ASSISTANT)
        return step->first_at;
      if (step->turn->opener == TERRA_AUTHOR_LEAD && step->second_text != NULL)
        return step->second_at;
    }
  return 0;
}

/* The last message, on one line, cut at 80 characters. */
static char *
preview_of (const Lead *lead)
{
  const Step *last = last_step (lead);
  g_autofree char *text = g_strdup (last->second_text != NULL ? last->second_text : last->first_text);

  g_strdelimit (text, "\n", ' ');
  if (g_utf8_strlen (text, -1) <= 80)
    return g_steal_pointer (&text);
  {
    g_autofree char *cut = g_utf8_substring (text, 0, 79);

    return g_strconcat (cut, "…", NULL);
  }
}

/* Saving */

static gboolean
save_event (Demo        *demo,
            const char  *kind,
            const Lead  *lead,
            gint64       message_id,
            gint64       booking_id,
            const char  *payload,
            gint64       at,
            GError     **error)
{
  g_autoptr(TerraEventRecord) event = terra_event_record_new ();

  g_object_set (event,
                "kind", kind,
                "contact-id", lead->contact_id,
                "conversation-id", lead->conversation_id,
                "message-id", message_id,
                "booking-id", booking_id,
                "payload", payload,
                "created-at", at,
                NULL);
  return terra_store_insert (demo->store, event, error);
}

static gboolean
save_contact (Demo    *demo,
              Lead    *lead,
              GError **error)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autofree char *qualification = qualification_json (lead);
  g_autofree char *explanation = explain_score (lead);
  const char *phones[] = { lead->phone, NULL };
  const char *emails[] = { lead->email, NULL };
  const Step *opt_out = find_step (lead, TERRA_DEMO_TURN_OPT_OUT);
  gint64 start = first_step (lead)->first_at;
  gboolean shares_phone = lead->channel != TERRA_CHANNEL_WEBCHAT && lead->channel != TERRA_CHANNEL_TELEGRAM;

  lead->score = score_lead (demo, lead);
  if (lead->score >= 60)
    lead->qualified_at = is_booked (lead) ? booked_at (lead) : end_of (lead);

  terra_contact_set_name (contact, lead->name);
  if (shares_phone || chance (demo, 0.5))
    terra_contact_set_phones (contact, phones);
  if (lead->email != NULL)
    terra_contact_set_emails (contact, emails);
  terra_contact_set_qualification (contact, qualification);
  terra_contact_set_score (contact, lead->score);
  terra_contact_set_score_explanation (contact, explanation);
  terra_contact_set_temperature (contact, temperature_for (lead->score));
  terra_contact_set_qualified_at (contact, lead->qualified_at);
  if (opt_out != NULL)
    {
      terra_contact_set_opted_out (contact, TRUE);
      terra_contact_set_consent (contact, TERRA_CONSENT_REFUSED);
      g_object_set (contact, "opted-out-at", opt_out->first_at, "consent-at", opt_out->first_at, NULL);
    }
  else if (lead->scenario != SCENARIO_SPAM && chance (demo, 0.9))
    {
      terra_contact_set_consent (contact, TERRA_CONSENT_GIVEN);
      g_object_set (contact, "consent-at", start, NULL);
    }
  g_object_set (contact, "created-at", start, "updated-at", end_of (lead), NULL);

  if (!terra_store_insert (demo->store, contact, error))
    return FALSE;
  lead->contact_id = terra_contact_get_id (contact);

  return terra_store_add_contact_identity (demo->store, lead->contact_id, lead->channel, lead->address, error);
}

static gboolean
save_conversation (Demo    *demo,
                   Lead    *lead,
                   GError **error)
{
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autofree char *summary = summarize (lead);
  g_autofree char *preview = preview_of (lead);
  const char *reason = handoff_reason (lead);
  int unread = 0;

  terra_conversation_set_contact_id (conversation, lead->contact_id);
  terra_conversation_set_channel (conversation, lead->channel);
  terra_conversation_set_status (conversation, conversation_status (demo, lead, &unread));
  terra_conversation_set_unread_count (conversation, unread);
  if (reason != NULL)
    {
      /* The owner took over; the assistant stays silent there. */
      terra_conversation_set_responder (conversation, TERRA_RESPONDER_HUMAN);
      terra_conversation_set_handoff_reason (conversation, reason);
    }
  terra_conversation_set_summary (conversation, summary);
  terra_conversation_set_last_message_preview (conversation, preview);
  terra_conversation_set_first_reply_at (conversation, first_reply_at (lead));
  terra_conversation_set_last_activity_at (conversation, end_of (lead));
  g_object_set (conversation, "created-at", first_step (lead)->first_at, "updated-at", end_of (lead), NULL);

  if (!terra_store_insert (demo->store, conversation, error))
    return FALSE;
  lead->conversation_id = terra_conversation_get_id (conversation);
  return TRUE;
}

/* processed_at: when an inbound message was handled; latency: how long the
 * assistant took to answer (0 when it spoke unprompted). */
static gboolean
save_message (Demo         *demo,
              const Lead   *lead,
              TerraAuthor   author,
              const char   *body,
              gint64        at,
              gint64        processed_at,
              gint64        latency,
              gint64       *id,
              GError      **error)
{
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autofree char *external_id = g_strdup_printf ("demo-%s-%06u", channel_prefix (lead->channel),
                                                  ++demo->external_ids);
  gboolean inbound = author == TERRA_AUTHOR_LEAD;
  gboolean receipts = lead->channel != TERRA_CHANNEL_SMS && lead->channel != TERRA_CHANNEL_API;

  terra_message_set_conversation_id (message, lead->conversation_id);
  terra_message_set_direction (message, inbound ? TERRA_DIRECTION_INBOUND : TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (message, author);
  terra_message_set_body (message, body);
  terra_message_set_channel (message, lead->channel);
  terra_message_set_external_id (message, external_id);
  g_object_set (message, "created-at", at, NULL);

  if (inbound)
    terra_message_set_processed_at (message, processed_at);
  else
    terra_message_set_delivery (message, receipts && chance (demo, 0.75) ? TERRA_DELIVERY_READ : TERRA_DELIVERY_DELIVERED);

  if (author == TERRA_AUTHOR_ASSISTANT)
    {
      terra_message_set_prompt_tokens (message, g_rand_int_range (demo->rand, 900, 2400));
      terra_message_set_completion_tokens (message, (int)strlen (body) / 4 + g_rand_int_range (demo->rand, 5, 20));
      if (latency != 0)
        terra_message_set_latency_ms (message, latency / 1000);
    }

  if (!terra_store_insert (demo->store, message, error))
    return FALSE;
  *id = terra_message_get_id (message);
  return TRUE;
}

static gboolean
save_analysis (Demo        *demo,
               const Lead  *lead,
               const Step  *step,
               gint64       message_id,
               gint64       at,
               GError     **error)
{
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();
  g_autofree char *entities = entities_json (lead, step);
  g_autofree char *objections = json_list (step->turn->objection);
  g_autofree char *escalations = json_list (step->turn->escalation);

  terra_analysis_set_message_id (analysis, message_id);
  terra_analysis_set_conversation_id (analysis, lead->conversation_id);
  terra_analysis_set_intent (analysis, step->turn->intent);
  terra_analysis_set_sentiment (analysis, step->turn->sentiment);
  terra_analysis_set_sentiment_score (analysis, sentiment_score (demo, step->turn));
  terra_analysis_set_language (analysis, step->line->language);
  terra_analysis_set_entities (analysis, entities);
  terra_analysis_set_objections (analysis, objections);
  terra_analysis_set_escalations (analysis, escalations);
  terra_analysis_set_opt_out (analysis, step->turn->opt_out);
  g_object_set (analysis, "created-at", at, NULL);
  return terra_store_insert (demo->store, analysis, error);
}

/* One turn: its messages, and the analysis of the lead's one. */
static gboolean
save_step (Demo    *demo,
           Lead    *lead,
           Step    *step,
           GError **error)
{
  TerraAuthor opener = step->turn->opener;
  TerraAuthor answerer = opener == TERRA_AUTHOR_LEAD ? TERRA_AUTHOR_ASSISTANT : TERRA_AUTHOR_LEAD;
  gboolean assistant_answers = opener == TERRA_AUTHOR_LEAD && step->second_text != NULL;
  /* A lead's message was handled when answered, or else when stored for
   * the owner. */
  gint64 handled = assistant_answers ? step->second_at : MIN (lead_time (step) + 300 * 1000, demo->now);
  gint64 first_id = 0;
  gint64 second_id = 0;

  if (!save_message (demo, lead, opener, step->first_text, step->first_at, handled, 0, &first_id, error))
    return FALSE;
  if (step->second_text != NULL &&
      !save_message (demo, lead, answerer, step->second_text, step->second_at, handled,
                     assistant_answers ? step->second_at - step->first_at : 0, &second_id, error))
    return FALSE;

  step->lead_message_id = opener == TERRA_AUTHOR_LEAD ? first_id : second_id;
  step->answer_message_id = opener == TERRA_AUTHOR_LEAD ? second_id : first_id;
  if (step->lead_message_id == 0)
    return TRUE;

  return save_analysis (demo, lead, step,
                        step->lead_message_id,
                        MIN (lead_time (step) + 200 * 1000, demo->now), error);
}

static gboolean
save_booking (Demo                *demo,
              const Lead          *lead,
              gint64               start,
              TerraBookingStatus   status,
              const char          *cancel_reason,
              gint64               updated_at,
              GError             **error)
{
  g_autoptr(TerraBooking) booking = terra_booking_new ();
  AppointmentKind kind = booking_kind (lead);
  TerraBookingSource source = kind == TYPE_OFFICE ? TERRA_BOOKING_SOURCE_MANUAL : TERRA_BOOKING_SOURCE_ASSISTANT;
  g_autofree char *uid = g_strdup_printf ("demo-%04u@skylinerealty.example", ++demo->n_bookings);
  g_autofree char *title = g_strdup_printf ("%s: %s", appointment_types[kind].name, lead->name);
  g_autofree char *site = g_strdup_printf ("%s sales office, %s", lead->project->name, lead->project->locality);
  g_autofree char *notes = g_strdup_printf ("%s at %s, budget %s. Booked %s.", lead->unit->need,
                                            lead->project->name, lead->budget->text,
                                            source == TERRA_BOOKING_SOURCE_MANUAL ? "by " TERRA_DEMO_OWNER
                                                                                  : "by the assistant");
  g_autofree char *payload = NULL;

  terra_booking_set_uid (booking, uid);
  terra_booking_set_contact_id (booking, lead->contact_id);
  terra_booking_set_conversation_id (booking, lead->conversation_id);
  terra_booking_set_appointment_type_id (booking, demo->type_ids[kind]);
  terra_booking_set_title (booking, title);
  terra_booking_set_start_utc (booking, start);
  terra_booking_set_end_utc (booking, start + appointment_types[kind].minutes * G_TIME_SPAN_MINUTE);
  terra_booking_set_timezone (booking, g_time_zone_get_identifier (demo->zone));
  terra_booking_set_location (booking, kind == TYPE_SITE_VISIT ? site : appointment_types[kind].location);
  terra_booking_set_source (booking, source);
  terra_booking_set_status (booking, status);
  terra_booking_set_notes (booking, notes);
  terra_booking_set_cancel_reason (booking, cancel_reason != NULL ? cancel_reason : "");
  g_object_set (booking, "created-at", booked_at (lead), "updated-at", updated_at, NULL);

  if (!terra_store_insert (demo->store, booking, error))
    return FALSE;

  payload = g_strdup_printf ("{\"booking_id\": %" G_GINT64_FORMAT ", \"source\": \"%s\"}",
                             terra_booking_get_id (booking),
                             source == TERRA_BOOKING_SOURCE_MANUAL ? "manual" : "assistant");
  if (!save_event (demo, "booking.created", lead, booking_step (lead)->lead_message_id,
                   terra_booking_get_id (booking), payload, booked_at (lead), error))
    return FALSE;
  if (status != TERRA_BOOKING_STATUS_CANCELLED)
    return TRUE;

  g_free (payload);
  payload = g_strdup_printf ("{\"booking_id\": %" G_GINT64_FORMAT ", \"reason\": \"%s\"}",
                             terra_booking_get_id (booking), cancel_reason);
  return save_event (demo, "booking.cancelled", lead, 0, terra_booking_get_id (booking),
                     payload, updated_at, error);
}

/* A booking's state follows the conversation: cancelled or moved as the
 * lead asked, else done (or missed now and then) once its time is past. */
static gboolean
save_bookings (Demo    *demo,
               Lead    *lead,
               GError **error)
{
  const Step *cancel = find_step (lead, TERRA_DEMO_TURN_CANCEL);
  const Step *moved = find_step (lead, TERRA_DEMO_TURN_RESCHEDULE);
  gint64 duration = appointment_types[booking_kind (lead)].minutes * G_TIME_SPAN_MINUTE;
  gint64 end = lead->slots[0] + duration;

  if (cancel != NULL)
    return save_booking (demo, lead, lead->slots[0], TERRA_BOOKING_STATUS_CANCELLED,
                         cancel->line->note, cancel->second_at, error);
  if (moved != NULL)
    return save_booking (demo, lead, lead->slots[0], TERRA_BOOKING_STATUS_CANCELLED,
                         "Moved to another day at the lead's request", moved->second_at, error) &&
           save_booking (demo, lead, lead->slots[1], TERRA_BOOKING_STATUS_CONFIRMED, NULL,
                         moved->second_at, error);
  if (end > demo->now)
    return save_booking (demo, lead, lead->slots[0], TERRA_BOOKING_STATUS_CONFIRMED, NULL,
                         booked_at (lead), error);
  return save_booking (demo, lead, lead->slots[0],
                       lead->scenario == SCENARIO_BOOK_PAST && lead->nth % 6 == 2
                         ? TERRA_BOOKING_STATUS_NO_SHOW : TERRA_BOOKING_STATUS_COMPLETED,
                       NULL, MIN (end + 2 * G_TIME_SPAN_HOUR, demo->now), error);
}

static gboolean
save_events (Demo    *demo,
             Lead    *lead,
             GError **error)
{
  g_autofree char *payload = NULL;

  for (guint i = 0; i < lead->steps->len; i++)
    {
      const Step *step = &g_array_index (lead->steps, Step, i);

      if (step->turn->handoff_reason != NULL)
        {
          g_autofree char *reason = g_strdup_printf ("{\"reason\": \"%s\"}", step->turn->handoff_reason);

          if (!save_event (demo, "handoff.requested", lead, step->lead_message_id, 0, reason,
                           step->second_at, error))
            return FALSE;
        }
      if (step->turn->opt_out &&
          !save_event (demo, "contact.opted-out", lead, step->lead_message_id, 0, "{}", step->first_at, error))
        return FALSE;
    }

  if (temperature_for (lead->score) != TERRA_TEMPERATURE_HOT)
    return TRUE;
  payload = g_strdup_printf ("{\"score\": %d}", lead->score);
  return save_event (demo, "lead.hot", lead, 0, 0, payload, lead->qualified_at, error);
}

/* A few follow-up tasks, where an owner would need one. */
static gboolean
save_task (Demo    *demo,
           Lead    *lead,
           GError **error)
{
  g_autoptr(TerraTask) task = terra_task_new ();
  g_autofree char *title = NULL;
  TerraAuthor created_by = TERRA_AUTHOR_ASSISTANT;
  TerraTaskStatus status = TERRA_TASK_OPEN;
  gint64 created = end_of (lead);
  gint64 due = created + span (demo, 4 * G_TIME_SPAN_HOUR, 30 * G_TIME_SPAN_HOUR);

  switch (lead->scenario)
    {
    case SCENARIO_HANDOFF_DISCOUNT:
    case SCENARIO_NEGOTIATED:
      if (lead->nth >= (lead->scenario == SCENARIO_NEGOTIATED ? 1u : 3u))
        return TRUE;
      title = g_strdup_printf ("Call %s back with the best price for %s", lead->name, lead->project->name);
      break;
    case SCENARIO_HANDOFF_LEGAL:
      title = g_strdup_printf ("Email the title documents of %s to %s", lead->project->name, lead->name);
      break;
    case SCENARIO_BOOK_PAST:
      if (lead->nth >= 3)
        return TRUE;
      title = g_strdup_printf ("Ask %s how the visit to %s went", lead->name, lead->project->name);
      created_by = TERRA_AUTHOR_HUMAN;
      due = MIN (lead->slots[0] + G_TIME_SPAN_DAY, demo->now + 3 * G_TIME_SPAN_DAY);
      break;
    case SCENARIO_FINANCING:
      if (lead->nth >= 2)
        return TRUE;
      title = g_strdup_printf ("Connect %s with the home loan partner", lead->name);
      break;
    case SCENARIO_BOOK_CANCEL:
      if (lead->nth >= 1)
        return TRUE;
      title = g_strdup_printf ("Offer %s a new visit to %s", lead->name, lead->project->name);
      status = TERRA_TASK_CANCELLED;
      break;
    default:
      return TRUE;
    }

  if (status == TERRA_TASK_OPEN && due < demo->now - 6 * G_TIME_SPAN_HOUR)
    {
      status = TERRA_TASK_DONE;
      g_object_set (task, "completed-at", MAX (created + G_TIME_SPAN_HOUR, due - span (demo, 0, 3 * G_TIME_SPAN_HOUR)), NULL);
    }

  terra_task_set_contact_id (task, lead->contact_id);
  terra_task_set_conversation_id (task, lead->conversation_id);
  terra_task_set_title (task, title);
  terra_task_set_due_at (task, due);
  terra_task_set_status (task, status);
  terra_task_set_created_by (task, created_by);
  g_object_set (task, "created-at", created, "updated-at", created, NULL);
  demo->n_tasks++;
  return terra_store_insert (demo->store, task, error);
}

/* The owner graded some of the assistant's first answers. */
static gboolean
save_feedback (Demo    *demo,
               Lead    *lead,
               GError **error)
{
  g_autoptr(TerraFeedback) feedback = NULL;
  const TerraDemoFeedback *grade;
  const Step *step = first_step (lead);

  if (lead->index % 23 != 5 || step->answer_message_id == 0 || step->turn->opener != TERRA_AUTHOR_LEAD)
    return TRUE;

  grade = &terra_demo_feedback[demo->n_feedback++ % G_N_ELEMENTS (terra_demo_feedback)];
  feedback = terra_feedback_new ();
  terra_feedback_set_message_id (feedback, step->answer_message_id);
  terra_feedback_set_conversation_id (feedback, lead->conversation_id);
  terra_feedback_set_grade (feedback, grade->grade);
  terra_feedback_set_correction (feedback, grade->correction);
  terra_feedback_set_category (feedback, grade->category);
  g_object_set (feedback, "created-at",
                MIN (step->second_at + span (demo, G_TIME_SPAN_HOUR, 20 * G_TIME_SPAN_HOUR), demo->now), NULL);
  return terra_store_insert (demo->store, feedback, error);
}

static gboolean
save_lead (Demo    *demo,
           Lead    *lead,
           GError **error)
{
  reveal (lead);
  if (!save_contact (demo, lead, error) || !save_conversation (demo, lead, error))
    return FALSE;

  for (guint i = 0; i < lead->steps->len; i++)
    if (!save_step (demo, lead, &g_array_index (lead->steps, Step, i), error))
      return FALSE;

  return (!is_booked (lead) || save_bookings (demo, lead, error)) &&
         save_events (demo, lead, error) &&
         save_task (demo, lead, error) &&
         save_feedback (demo, lead, error);
}

static int
compare_leads_by_start (gconstpointer a,
                        gconstpointer b)
{
  gint64 start_a = first_step (a)->first_at;
  gint64 start_b = first_step (b)->first_at;

  return start_a < start_b ? -1 : start_a > start_b;
}

/* Generates every lead first (in a shuffled order of scenarios, so kinds
 * mix over the month), then saves them oldest first, so ids follow time as
 * they would in a real workspace. */
static gboolean
save_leads (Demo    *demo,
            GError **error)
{
  g_autoptr(GArray) scenarios = g_array_new (FALSE, FALSE, sizeof (Scenario));
  guint seen[N_SCENARIOS] = { 0 };
  Lead *leads;
  gboolean ok = TRUE;

  for (Scenario s = 0; s < N_SCENARIOS; s++)
    for (guint i = 0; i < plans[s].count; i++)
      g_array_append_val (scenarios, s);
  for (guint i = scenarios->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (demo->rand, 0, i + 1);
      Scenario swap = g_array_index (scenarios, Scenario, i);

      g_array_index (scenarios, Scenario, i) = g_array_index (scenarios, Scenario, j);
      g_array_index (scenarios, Scenario, j) = swap;
    }

  leads = g_new0 (Lead, scenarios->len);
  for (guint i = 0; i < scenarios->len; i++)
    {
      Scenario scenario = g_array_index (scenarios, Scenario, i);

      lead_generate (demo, &leads[i], scenario, i, seen[scenario]++);
    }
  qsort (leads, scenarios->len, sizeof (Lead), compare_leads_by_start);

  for (guint i = 0; ok && i < scenarios->len; i++)
    ok = save_lead (demo, &leads[i], error);

  for (guint i = 0; i < scenarios->len; i++)
    lead_clear (&leads[i]);
  g_free (leads);
  return ok;
}

/* The business: settings, appointment types, knowledge, training */

static gboolean
set_string (TerraStore  *store,
            const char  *key,
            const char  *value,
            GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  return terra_store_set_setting (store, key, node, error);
}

static gboolean
save_settings (Demo    *demo,
               GError **error)
{
  g_autoptr(JsonNode) demo_flag = json_node_init_boolean (json_node_alloc (), TRUE);

  /* business.timezone stays as it is: the demo lives in the owner's zone. */
  return terra_store_set_setting (demo->store, "workspace.demo", demo_flag, error) &&
         set_string (demo->store, "business.name", "Skyline Realty (demo)", error) &&
         set_string (demo->store, "business.type", "real-estate", error) &&
         set_string (demo->store, "assistant.name", "Terra", error);
}

static gboolean
save_appointment_types (Demo    *demo,
                        GError **error)
{
  gint64 created = demo->now - 38 * G_TIME_SPAN_DAY;

  for (guint i = 0; i < N_TYPES; i++)
    {
      g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();

      terra_appointment_type_set_name (type, appointment_types[i].name);
      terra_appointment_type_set_duration_minutes (type, appointment_types[i].minutes);
      terra_appointment_type_set_buffer_before_minutes (type, appointment_types[i].buffer);
      terra_appointment_type_set_buffer_after_minutes (type, appointment_types[i].buffer);
      terra_appointment_type_set_location (type, appointment_types[i].location);
      terra_appointment_type_set_color (type, appointment_types[i].color);
      terra_appointment_type_set_active (type, TRUE);
      g_object_set (type, "created-at", created, "updated-at", created, NULL);
      if (!terra_store_insert (demo->store, type, error))
        return FALSE;
      demo->type_ids[i] = terra_appointment_type_get_id (type);
    }
  return TRUE;
}

static gboolean
save_knowledge (Demo    *demo,
                GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (terra_demo_knowledge); i++)
    {
      g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
      gint64 created = demo->now - 40 * G_TIME_SPAN_DAY + i * 3 * G_TIME_SPAN_HOUR;

      terra_knowledge_item_set_category (item, terra_demo_knowledge[i].category);
      terra_knowledge_item_set_title (item, terra_demo_knowledge[i].title);
      terra_knowledge_item_set_body (item, terra_demo_knowledge[i].body);
      terra_knowledge_item_set_published (item, terra_demo_knowledge[i].published);
      g_object_set (item, "created-at", created, "updated-at", created, NULL);
      if (!terra_store_insert (demo->store, item, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_instructions (Demo    *demo,
                   GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (terra_demo_instructions); i++)
    {
      g_autoptr(TerraInstruction) instruction = terra_instruction_new ();
      gint64 created = demo->now - 36 * G_TIME_SPAN_DAY + i * G_TIME_SPAN_HOUR;

      terra_instruction_set_kind (instruction, terra_demo_instructions[i].kind);
      terra_instruction_set_condition (instruction, terra_demo_instructions[i].condition);
      terra_instruction_set_body (instruction, terra_demo_instructions[i].body);
      terra_instruction_set_priority (instruction, terra_demo_instructions[i].priority);
      terra_instruction_set_enabled (instruction, TRUE);
      g_object_set (instruction, "created-at", created, "updated-at", created, NULL);
      if (!terra_store_insert (demo->store, instruction, error))
        return FALSE;
    }
  return TRUE;
}

/* Populating */

static void
demo_init (Demo       *demo,
           TerraStore *store,
           gint64      now)
{
  g_autoptr(GDateTime) local = NULL;

  memset (demo, 0, sizeof *demo);
  demo->store = store;
  demo->rand = g_rand_new_with_seed (DEMO_SEED);
  demo->now = now;
  demo->window_start = now - 30 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR;
  demo->zone = terra_store_get_time_zone (store);
  demo->taken_slots = g_array_new (FALSE, FALSE, sizeof (gint64));

  local = to_local (demo, now);
  demo->today_start = MIN (local_time (demo, local, 0), now);
}

static void
demo_clear (Demo *demo)
{
  g_rand_free (demo->rand);
  g_time_zone_unref (demo->zone);
  g_array_unref (demo->taken_slots);
}

static gboolean
check_empty (TerraStore  *store,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (terra_store_is_empty (store, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT,
                 _("The workspace already has data; the demo only fills an empty workspace"));
  return FALSE;
}

gboolean
terra_demo_populate (TerraStore  *store,
                     gint64       now,
                     GError     **error)
{
  static const TerraOpeningRange opening_hours[] = {
    { 1, 10 * 60, 19 * 60 }, { 2, 10 * 60, 19 * 60 }, { 3, 10 * 60, 19 * 60 },
    { 4, 10 * 60, 19 * 60 }, { 5, 10 * 60, 19 * 60 }, { 6, 10 * 60, 19 * 60 },
  };
  Demo demo;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (now > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_empty (store, error))
    return FALSE;

  /* terra_store_set_opening_hours() runs its own transaction, so it cannot
   * be part of ours: it comes first. Should the rest fail, the workspace
   * keeps the hours and nothing else, which is harmless. */
  if (!terra_store_set_opening_hours (store, opening_hours, G_N_ELEMENTS (opening_hours), error) ||
      !terra_store_begin (store, error))
    return FALSE;

  demo_init (&demo, store, now);
  /* Checked again under the write lock: another connection may have
   * written in between. */
  ok = check_empty (store, error) &&
       save_settings (&demo, error) &&
       save_appointment_types (&demo, error) &&
       save_knowledge (&demo, error) &&
       save_instructions (&demo, error) &&
       save_leads (&demo, error);
  g_debug ("Demo: %u bookings, %u tasks, %u feedback", demo.n_bookings, demo.n_tasks, demo.n_feedback);
  demo_clear (&demo);

  if (!ok)
    {
      terra_store_rollback (store);
      return FALSE;
    }
  return terra_store_commit (store, error);
}
