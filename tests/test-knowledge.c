/* test-knowledge.c — passages, their upkeep, and knowledge search
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "terra-knowledge.h"
#include "terra-test-utils.h"

#define MODEL "test-embedder"

/* Fixtures */

static TerraKnowledgeItem *
add_item (TerraStore             *store,
          TerraKnowledgeCategory  category,
          const char             *title,
          const char             *body,
          gboolean                published)
{
  TerraKnowledgeItem *item = terra_knowledge_item_new ();
  g_autoptr(GError) error = NULL;

  terra_knowledge_item_set_category (item, category);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_published (item, published);
  g_assert_true (terra_store_insert (store, item, &error));
  g_assert_no_error (error);
  return item;
}

static GPtrArray *
search (TerraStore *store,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = terra_knowledge_search (store, query, NULL, 0, 5, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static gint64
first_item (TerraStore *store,
            const char *query)
{
  g_autoptr(GPtrArray) hits = search (store, query);

  return hits->len > 0 ? ((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->item_id : 0;
}

static gboolean
finds_item (TerraStore *store,
            const char *query,
            gint64      item_id)
{
  g_autoptr(GPtrArray) hits = search (store, query);

  for (guint i = 0; i < hits->len; i++)
    if (((TerraKnowledgeHit *)g_ptr_array_index (hits, i))->item_id == item_id)
      return TRUE;
  return FALSE;
}

/* Every passage, with ids, through the embedding queue. */
static GArray *
all_chunks (TerraStore *store)
{
  g_autoptr(GError) error = NULL;
  GArray *chunks = terra_knowledge_chunks_missing_embeddings (store, "no-such-model", 100000, &error);

  g_assert_no_error (error);
  return chunks;
}

static guint
count_item_chunks (TerraStore *store,
                   gint64      item_id)
{
  g_autoptr(GArray) chunks = all_chunks (store);
  guint n = 0;

  for (guint i = 0; i < chunks->len; i++)
    n += g_array_index (chunks, TerraKnowledgeChunk, i).item_id == item_id;
  return n;
}

static void
embed_item (TerraStore  *store,
            gint64       item_id,
            const float *vector,
            guint        dims)
{
  g_autoptr(GArray) chunks = all_chunks (store);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < chunks->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);

      if (chunk->item_id != item_id)
        continue;
      g_assert_true (terra_knowledge_set_embedding (store, chunk->id, vector, dims, MODEL, &error));
      g_assert_no_error (error);
    }
}

/* A long English text, always the same: sentences of 6 to 18 words,
 * paragraphs of 3 to 6 sentences, and function words about as often as in
 * real prose (English averages about 4.7 letters a word). */
static char *
long_text (guint n_words)
{
  static const char * const function_words[] = {
    "the", "a", "of", "and", "to", "in", "is", "for", "with", "on", "at", "by", "from", "are",
    "has", "it", "this", "that", "be", "as", "or", "an", "all", "our", "we", "you", "its", "near",
  };
  static const char * const content_words[] = {
    "apartment", "faces", "east", "gets", "morning", "light", "every", "tower", "two", "lifts",
    "residents", "enjoy", "clubhouse", "library", "metro", "station", "schools", "hospital", "within",
    "minutes", "walk", "developer", "delivered", "time", "previous", "projects", "bank", "approved",
    "loans", "possession", "planned", "December", "carpet", "area", "balcony", "kitchen", "bedrooms",
    "bathrooms", "garden", "jogging", "track", "security", "cameras", "visitors", "gate", "fees",
    "paid", "yearly", "owners", "pool", "gym", "road", "park", "price", "floor", "view", "lake",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *text = g_string_new (NULL);
  guint sentence_left = 0;
  guint paragraph_left = g_rand_int_range (rand, 3, 7);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = g_rand_int_range (rand, 0, 100) < 45
                         ? function_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (function_words))]
                         : content_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (content_words))];

      if (sentence_left == 0)
        {
          sentence_left = g_rand_int_range (rand, 6, 19);
          if (text->len > 0)
            g_string_append (text, paragraph_left-- == 0 ? "\n\n" : " ");
          if (paragraph_left == 0)
            paragraph_left = g_rand_int_range (rand, 3, 7);
          g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (word)));
          g_string_append (text, g_utf8_next_char (word));
        }
      else
        g_string_append_printf (text, " %s", word);

      if (--sentence_left == 0 || i == n_words - 1)
        g_string_append_c (text, '.');
    }

  return g_string_free (text, FALSE);
}

/* Checks what every split must hold: valid UTF-8, at most the budget, the
 * stored token count, passages that are pieces of the text in order, each
 * repeating about the overlap of the one before, and together all of it.
 * Returns the number of passages. */
static guint
check_split (const char *title,
             const char *body)
{
  g_autoptr(GArray) chunks = terra_knowledge_split (title, body);
  g_autofree char *full = g_strconcat (title, "\n\n", body, NULL);
  g_autofree char *heading = g_strconcat (title, "\n\n", NULL);
  gsize previous_start = 0;
  gsize previous_end = 0;

  g_assert_cmpuint (chunks->len, >, 0);

  for (guint i = 0; i < chunks->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);
      const char *passage = chunk->text;
      const char *found;
      gsize start;

      g_assert_true (g_utf8_validate (chunk->text, -1, NULL));
      g_assert_cmpuint (chunk->ordinal, ==, i);
      g_assert_cmpuint (chunk->token_count, <=, TERRA_KNOWLEDGE_CHUNK_TOKENS);
      g_assert_cmpuint (chunk->token_count, ==, terra_knowledge_estimate_tokens (chunk->text, -1));

      if (i > 0)
        {
          g_assert_true (g_str_has_prefix (passage, heading));
          passage += strlen (heading);
        }

      /* Never cut a letter from its vowel sign or virama. */
      g_assert_false (g_unichar_ismark (g_utf8_get_char (passage)));

      found = strstr (full + (i > 0 ? previous_start + 1 : 0), passage);
      g_assert_nonnull (found);
      start = found - full;

      if (i == 0)
        g_assert_cmpuint (start, ==, 0);
      else
        {
          guint overlap;

          g_assert_cmpuint (start, <, previous_end);
          overlap = terra_knowledge_estimate_tokens (full + start, previous_end - start);
          g_assert_cmpuint (overlap, >=, TERRA_KNOWLEDGE_OVERLAP_TOKENS / 2);
          g_assert_cmpuint (overlap, <=, TERRA_KNOWLEDGE_OVERLAP_TOKENS * 3 / 2 + 32);
        }

      previous_start = start;
      previous_end = start + strlen (passage);
    }

  g_assert_cmpuint (previous_end, ==, strlen (g_strchomp (full)));
  return chunks->len;
}

/* Chunking */

static void
test_split_long_text (void)
{
  g_autofree char *body = long_text (3000);
  g_autoptr(GArray) chunks = terra_knowledge_split ("Skyline Orchid brochure", body);
  guint tokens = terra_knowledge_estimate_tokens (body, -1);
  guint n = check_split ("Skyline Orchid brochure", body);

  g_autoptr(GString) sizes = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    g_string_append_printf (sizes, " %u", g_array_index (chunks, TerraKnowledgeChunk, i).token_count);
  g_test_message ("3,000 words, %u estimated tokens: %u passages of%s tokens", tokens, n, sizes->str);

  /* Each passage adds about 450 new tokens; one ends early only at a
   * paragraph or sentence end past three fifths of its budget. */
  g_assert_cmpuint (n, >=, tokens / (TERRA_KNOWLEDGE_CHUNK_TOKENS - TERRA_KNOWLEDGE_OVERLAP_TOKENS));
  g_assert_cmpuint (n, <=, tokens / (TERRA_KNOWLEDGE_CHUNK_TOKENS * 3 / 5 - TERRA_KNOWLEDGE_OVERLAP_TOKENS) + 1);

  for (guint i = 0; i + 1 < chunks->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);

      /* Full enough, and ending where a sentence does. */
      g_assert_cmpuint (chunk->token_count, >=, TERRA_KNOWLEDGE_CHUNK_TOKENS * 3 / 5);
      g_assert_true (g_str_has_suffix (chunk->text, "."));
    }
}

static void
test_split_short_text (void)
{
  g_autoptr(GArray) chunks = terra_knowledge_split ("  Parking  ", "One covered car park per home.");
  g_autoptr(GArray) title_only = terra_knowledge_split ("Parking", "");

  g_assert_cmpuint (chunks->len, ==, 1);
  g_assert_cmpstr (g_array_index (chunks, TerraKnowledgeChunk, 0).text, ==,
                   "Parking\n\nOne covered car park per home.");
  g_assert_cmpuint (title_only->len, ==, 1);
  g_assert_cmpstr (g_array_index (title_only, TerraKnowledgeChunk, 0).text, ==, "Parking");
  g_assert_cmpuint (terra_knowledge_estimate_tokens ("", -1), ==, 0);
  g_assert_cmpuint (terra_knowledge_estimate_tokens ("a parking lot", -1), ==, 1 + 2 + 1);
}

static void
test_split_unicode (void)
{
  g_autoptr(GString) kannada = g_string_new (NULL);
  g_autoptr(GString) hindi = g_string_new (NULL);
  g_autoptr(GString) unspaced = g_string_new (NULL);
  guint n;

  for (guint i = 0; i < 300; i++)
    {
      g_string_append_printf (kannada, "ಸ್ಕೈಲೈನ್ ಆರ್ಕಿಡ್ ಯೋಜನೆಯಲ್ಲಿ ಪ್ರತಿ ಮನೆಗೆ ಒಂದು ಕಾರ್ ಪಾರ್ಕಿಂಗ್ ಇದೆ, ಬ್ಲಾಕ್ %u. ", i);
      g_string_append_printf (hindi, "हर घर के साथ एक ढकी हुई कार पार्किंग मिलती है, ब्लॉक %u। ", i);
      if (i % 40 == 39)
        {
          g_string_append (kannada, "\n\n");
          g_string_append (hindi, "\n\n");
        }
      g_string_append_printf (unspaced, "ಪಾರ್ಕಿಂಗ್ಸೌಲಭ್ಯ%u", i);
    }

  n = check_split ("ಪಾರ್ಕಿಂಗ್", kannada->str);
  g_test_message ("Kannada: %u passages", n);
  g_assert_cmpuint (n, >, 3);

  n = check_split ("पार्किंग", hindi->str);
  g_test_message ("Hindi: %u passages", n);
  g_assert_cmpuint (n, >, 3);

  /* A run without a single space is cut between characters, never inside
   * one, and never before a combining mark. */
  n = check_split ("ಪಾರ್ಕಿಂಗ್", unspaced->str);
  g_assert_cmpuint (n, >, 3);
}

/* The knowledge base of a real-estate agency */

typedef struct
{
  TerraKnowledgeCategory category;
  const char *title;
  const char *body;
} Fact;

static const Fact agency[] = {
  { TERRA_KNOWLEDGE_COMPANY, "About Skyline Realty",
    "Skyline Realty is a Bengaluru real-estate agency founded in 2011. We sell new apartments, villas "
    "and plots from RERA-registered developers, and resale homes, in Whitefield, Sarjapur Road, HSR "
    "Layout, Indiranagar and Devanahalli. Our 12 advisers have helped more than 1,800 families." },
  { TERRA_KNOWLEDGE_COMPANY, "Office address and opening hours",
    "Our office is on the 2nd floor, 100 Feet Road, Indiranagar, a 5-minute walk from the metro.\n"
    "Open Monday to Saturday, 10:00 to 19:00. Closed on Sundays and national holidays; Sunday site "
    "visits can be arranged on request." },
  { TERRA_KNOWLEDGE_COMPANY, "Our fees and brokerage",
    "Buyers pay no brokerage on new projects: the developer pays us. On resale homes our brokerage "
    "is 1% of the sale value, paid at registration." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Orchid, Whitefield: 2 and 3BHK apartments",
    "4.2 acres, 3 towers of 18 floors, 412 homes.\n- 2BHK: 1,180 sq ft, from ₹78 lakh.\n"
    "- 3BHK: 1,640 to 1,850 sq ft, from ₹1.12 cr to ₹1.35 cr.\nPossession: December 2026. 800 m "
    "from the Kadugodi metro station.\nAmenities: clubhouse, 25 m pool, gym, EV charging, 24x7 power "
    "backup.\nPrices exclude GST and registration. Car park: one included." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Meadows, Sarjapur Road: 3 and 4BHK villas",
    "22 acres, 180 gated villas.\n- 3BHK villa: 2,400 sq ft, from ₹1.65 cr.\n- 4BHK villa: 3,200 sq "
    "ft, from ₹2.45 cr.\nPossession: June 2026. Tennis courts, organic farm plots, private gardens." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Vista, HSR Layout: ready-to-move homes",
    "Occupancy certificate received: move in within 30 days, no GST.\n- 2BHK: 1,250 sq ft, from ₹1.05 cr."
    "\n- 3BHK: 1,720 sq ft, from ₹1.48 cr.\nRooftop pool, co-working lounge." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Lakeview Residency, Indiranagar: resale homes",
    "Two resale homes in a 12-year-old gated building off Double Road. 3BHK of 1,900 sq ft, "
    "lake-facing, asking ₹2.1 cr, negotiable. 2BHK of 1,150 sq ft asking ₹1.25 cr. A-khata, clear title." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Greens, Devanahalli: approved plots",
    "BIAAPA-approved residential plots with E-khata. 30x40 from ₹48 lakh, 40x60 from ₹94 lakh. "
    "12 minutes from the airport." },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Heights, Hebbal: pre-launch",
    "Pre-launch of 3 and 4BHK apartments near the Hebbal flyover. Expression of interest ₹2 lakh, "
    "refundable until launch." },
  { TERRA_KNOWLEDGE_FAQ, "Is there parking for residents and visitors?",
    "Yes. Every apartment comes with one covered car park in the basement, and a second car park "
    "can be bought for ₹3 lakh. Visitors use the 40 guest parking bays near the main gate. "
    "Two-wheeler parking is free." },
  { TERRA_KNOWLEDGE_FAQ, "Super built-up area and carpet area",
    "Prices are per sq ft of super built-up area; the carpet area is about 70 to 75% of it. "
    "The sale agreement states both." },
  { TERRA_KNOWLEDGE_FAQ, "Taxes and charges on top of the price",
    "GST of 5% on homes under construction, none on ready homes. Stamp duty of about 5.6% and "
    "registration of 1%, plus a maintenance deposit of about ₹75 per sq ft." },
  { TERRA_KNOWLEDGE_FAQ, "Home loans and EMIs",
    "Our projects are pre-approved with SBI, HDFC, ICICI and Axis Bank. Rates start at about 8.4%. "
    "A ₹60 lakh loan over 20 years at 8.5% is an EMI of about ₹52,000 a month." },
  { TERRA_KNOWLEDGE_FAQ, "Payment plan",
    "A token, then 10% on booking within 30 days; the rest follows construction stages, or is paid "
    "at registration for ready homes." },
  { TERRA_KNOWLEDGE_FAQ, "Are pets allowed?",
    "Pets are welcome in all our projects. Skyline Orchid has a pet park; dogs must be on a leash "
    "in common areas." },
  { TERRA_KNOWLEDGE_FAQ, "Water and power supply",
    "Cauvery water with a borewell as backup, and 100% power backup for homes and lifts." },
  { TERRA_KNOWLEDGE_POLICIES, "Token amount, booking and cancellation",
    "The token is ₹1 lakh for apartments and plots, ₹2 lakh for villas, paid by bank transfer. "
    "Cancel within 15 days and the token is refunded in full." },
  { TERRA_KNOWLEDGE_POLICIES, "NRI buyers: documents and payments",
    "NRIs and OCI holders can buy homes without RBI approval. Payments come from an NRE, NRO or FCNR "
    "account. Documents: passport, OCI card, overseas address proof and PAN." },
  { TERRA_KNOWLEDGE_POLICIES, "Site visits",
    "Site visits are free, every day from 10:00 to 18:00, with a pickup from the nearest metro station." },
  { TERRA_KNOWLEDGE_OBJECTIONS, "Objection: the price is too high",
    "Acknowledge it. Compare the price per sq ft with the locality and say what is included. Never "
    "promise a discount." },
};

static gint64
add_agency (TerraStore *store,
            gint64     *ids)
{
  for (guint i = 0; i < G_N_ELEMENTS (agency); i++)
    {
      g_autoptr(TerraKnowledgeItem) item = add_item (store, agency[i].category, agency[i].title,
                                                     agency[i].body, TRUE);

      ids[i] = terra_knowledge_item_get_id (item);
    }

  return G_N_ELEMENTS (agency);
}

static gint64
agency_item (const gint64 *ids,
             const char   *title_prefix)
{
  for (guint i = 0; i < G_N_ELEMENTS (agency); i++)
    if (g_str_has_prefix (agency[i].title, title_prefix))
      return ids[i];
  g_assert_not_reached ();
}

static void
test_search_ranks_the_right_item (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  const struct { const char *query; const char *expected; } cases[] = {
    { "is there parking?", "Is there parking" },
    { "car park", "Is there parking" },
    { "Parking kaha hai?", "Is there parking" },
    { "How much does a 3BHK cost in Skyline Orchid?", "Skyline Orchid" },
    { "do you charge brokerage", "Our fees" },
    { "what documents do NRIs need", "NRI buyers" },
    { "can I cancel and get my token refunded?", "Token amount" },
    { "home loan EMI", "Home loans" },
    { "are you open on Sunday", "Office address" },
    { "pets allowed", "Are pets allowed" },
    { "possession date of the Meadows villas", "Skyline Meadows" },
    { "GST and stamp duty", "Taxes and charges" },
    { "carpet area", "Super built-up" },
  };

  add_agency (store, ids);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = search (store, cases[i].query);
      TerraKnowledgeHit *best;

      g_assert_cmpuint (hits->len, >, 0);
      best = g_ptr_array_index (hits, 0);
      g_test_message ("%s → %s (bm25 %.2f)", cases[i].query, best->title, best->bm25);
      g_assert_cmpint (best->item_id, ==, agency_item (ids, cases[i].expected));
      g_assert_true (g_str_has_prefix (best->title, cases[i].expected));
      g_assert_nonnull (strstr (best->text, best->title));
      g_assert_cmpfloat (best->bm25, >, 0);
      g_assert_cmpfloat (best->similarity, ==, 0);

      /* Best first, and the fused score follows the lexical one. */
      for (guint k = 1; k < hits->len; k++)
        {
          TerraKnowledgeHit *a = g_ptr_array_index (hits, k - 1);
          TerraKnowledgeHit *b = g_ptr_array_index (hits, k);

          g_assert_cmpfloat (a->score, >=, b->score);
          g_assert_cmpfloat (a->bm25, >=, b->bm25);
        }
    }
}

static void
test_search_categories_and_limit (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  add_agency (store, ids);

  hits = terra_knowledge_search (store, "Skyline homes price lakh", NULL, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);

  /* The same question gives the same answer, in the same order. */
  again = terra_knowledge_search (store, "Skyline homes price lakh", NULL, 0, 3, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, i))->chunk_id, ==,
                     ((TerraKnowledgeHit *)g_ptr_array_index (again, i))->chunk_id);

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (store, "pets allowed");
  g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->category, ==, TERRA_KNOWLEDGE_FAQ);
}

static void
test_search_unrelated (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  const char *queries[] = {
    "weather in Paris",
    "who won the cricket match yesterday?",
    "recipe for chicken biryani",
    "is it?",
    "hello, can you tell me",
  };

  add_agency (store, ids);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = search (store, queries[i]);

      g_assert_cmpuint (hits->len, ==, 0);
    }
}

static void
test_search_indic (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) hindi = NULL;
  g_autoptr(TerraKnowledgeItem) kannada = NULL;
  gint64 ids[G_N_ELEMENTS (agency)];

  add_agency (store, ids);
  hindi = add_item (store, TERRA_KNOWLEDGE_FAQ, "पार्किंग की सुविधा",
                    "हर घर के साथ एक ढकी हुई कार पार्किंग मिलती है। मेहमानों के लिए गेट के पास जगह है।", TRUE);
  kannada = add_item (store, TERRA_KNOWLEDGE_FAQ, "ಈಜುಕೊಳ",
                      "ಕ್ಲಬ್‌ಹೌಸ್‌ನಲ್ಲಿ ಈಜುಕೊಳ ಬೆಳಿಗ್ಗೆ 6 ರಿಂದ ರಾತ್ರಿ 9 ರವರೆಗೆ ತೆರೆದಿರುತ್ತದೆ.", TRUE);

  g_assert_cmpint (first_item (store, "पार्किंग कहाँ है?"), ==, terra_knowledge_item_get_id (hindi));
  g_assert_cmpint (first_item (store, "ಈಜುಕೊಳ ಇದೆಯೇ?"), ==, terra_knowledge_item_get_id (kannada));
  g_assert_cmpint (first_item (store, "क्या है?"), ==, 0);
}

static void
test_search_never_fails_on_syntax (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  gint64 parking;
  const char *queries[] = {
    "", "   ", "AND", "OR", "NOT", "AND OR NOT", "NEAR(", "NEAR(parking, 2)", "NEAR(parking",
    "\"", "\"parking", "parking\"", "\"\"\"", "*", "park*", "**", "-parking", "- -", "+parking",
    "(", ")", "()", "parking AND (", "(parking OR", "^parking", "text:parking", "{text}: parking",
    "knowledge_chunks_fts:parking", ":", "'", "''", "\\", "%", "_", "parking; DROP TABLE knowledge_items;--",
    "😀 parking 🚗", "ಪಾರ್ಕಿಂಗ್ ಇದೆಯೇ?", "पार्किंग है?", "\xff\xfe parking", "parking\tnear\ngate",
  };

  add_agency (store, ids);
  parking = agency_item (ids, "Is there parking");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = search (store, queries[i]);

      if (strstr (queries[i], "parking") != NULL)
        g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->item_id, ==, parking);
    }

  g_assert_cmpint (count_item_chunks (store, parking), ==, 1);
}

static void
test_unpublished_never_found (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (agency)];

  add_agency (store, ids);
  draft = add_item (store, TERRA_KNOWLEDGE_PRODUCTS, "Skyline Zenith penthouses (draft)",
                    "Penthouses with a private terrace pool, from ₹6 cr. Do not quote yet.", FALSE);

  /* Kept as passages, so publishing is instant, but never found. */
  g_assert_cmpint (count_item_chunks (store, terra_knowledge_item_get_id (draft)), ==, 1);
  g_assert_false (finds_item (store, "penthouse terrace", terra_knowledge_item_get_id (draft)));
  g_assert_false (finds_item (store, "Zenith", terra_knowledge_item_get_id (draft)));

  terra_knowledge_item_set_published (draft, TRUE);
  g_assert_true (terra_store_update (store, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first_item (store, "penthouse terrace"), ==, terra_knowledge_item_get_id (draft));

  terra_knowledge_item_set_published (draft, FALSE);
  g_assert_true (terra_store_update (store, draft, &error));
  g_assert_no_error (error);
  g_assert_false (finds_item (store, "penthouse terrace", terra_knowledge_item_get_id (draft)));

  /* Nor through its vector. */
  {
    const float vector[] = { 0, 0, 0, 1 };
    g_autoptr(GPtrArray) hits = NULL;

    embed_item (store, terra_knowledge_item_get_id (draft), vector, 4);
    hits = terra_knowledge_search (store, "penthouse", vector, 4, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
test_edit_updates_passages (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (agency)];
  gint64 id;

  add_agency (store, ids);
  item = add_item (store, TERRA_KNOWLEDGE_FAQ, "Swimming pool",
                   "The pool is heated in winter and opens at 6:00.", TRUE);
  id = terra_knowledge_item_get_id (item);
  g_assert_cmpint (first_item (store, "heated pool winter"), ==, id);

  terra_knowledge_item_set_body (item, "The pool is closed for resurfacing until March.");
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);

  g_assert_false (finds_item (store, "heated winter", id));
  g_assert_cmpint (first_item (store, "resurfacing"), ==, id);
  g_assert_cmpint (count_item_chunks (store, id), ==, 1);

  /* The old text is a version, as the store promises. */
  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);
}

static void
test_edit_keeps_unchanged_embeddings (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autofree char *body = long_text (1500);
  g_autofree char *edited = NULL;
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GArray) missing = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GError) error = NULL;
  const float vector[] = { 1, 0, 0, 0 };
  guint n_chunks;

  item = add_item (store, TERRA_KNOWLEDGE_PRODUCTS, "Brochure", body, TRUE);
  before = all_chunks (store);
  n_chunks = before->len;
  g_assert_cmpuint (n_chunks, >, 2);
  embed_item (store, terra_knowledge_item_get_id (item), vector, 4);

  missing = terra_knowledge_chunks_missing_embeddings (store, MODEL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&missing, g_array_unref);

  /* Changing the end leaves the first passages and their embeddings. */
  edited = g_strconcat (body, " A new sentence about the zipline.", NULL);
  terra_knowledge_item_set_body (item, edited);
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);

  missing = terra_knowledge_chunks_missing_embeddings (store, MODEL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, >=, 1);
  g_assert_cmpuint (missing->len, <, n_chunks);
  for (guint i = 0; i < missing->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (missing, TerraKnowledgeChunk, i);

      /* A changed passage has a new id: an embedding computed meanwhile
       * for the old text cannot land on it. */
      for (guint k = 0; k < before->len; k++)
        g_assert_cmpint (chunk->id, !=, g_array_index (before, TerraKnowledgeChunk, k).id);
    }
  g_assert_false (terra_knowledge_set_embedding (store,
                                                 g_array_index (before, TerraKnowledgeChunk, n_chunks - 1).id,
                                                 vector, 4, MODEL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Saving again without a change changes nothing. */
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);
  again = terra_knowledge_chunks_missing_embeddings (store, MODEL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, missing->len);
  for (guint i = 0; i < again->len; i++)
    g_assert_cmpint (g_array_index (again, TerraKnowledgeChunk, i).id, ==,
                     g_array_index (missing, TerraKnowledgeChunk, i).id);
}

static void
test_delete_removes_passages (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  g_autoptr(GError) error = NULL;
  gint64 parking;

  add_agency (store, ids);
  parking = agency_item (ids, "Is there parking");
  g_assert_cmpint (first_item (store, "guest parking bays"), ==, parking);

  g_assert_true (terra_store_delete (store, TERRA_TYPE_KNOWLEDGE_ITEM, parking, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_item_chunks (store, parking), ==, 0);
  g_assert_false (finds_item (store, "guest parking bays", parking));
}

static void
test_rollback_leaves_no_passages (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_begin (store, &error));
  item = add_item (store, TERRA_KNOWLEDGE_FAQ, "Gym", "The gym opens at 5:30.", TRUE);
  g_assert_cmpint (count_item_chunks (store, terra_knowledge_item_get_id (item)), ==, 1);
  terra_store_rollback (store);

  chunks = all_chunks (store);
  g_assert_cmpuint (chunks->len, ==, 0);
  g_assert_cmpint (first_item (store, "gym"), ==, 0);
}

static void
test_reindex_all (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 ids[G_N_ELEMENTS (agency)];
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;

  add_agency (store, ids);
  before = all_chunks (store);
  g_assert_cmpuint (before->len, ==, G_N_ELEMENTS (agency));

  g_assert_true (terra_knowledge_reindex_all (store, &error));
  g_assert_no_error (error);
  after = all_chunks (store);

  /* Nothing changed, so every passage (and its embedding) stays. */
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (g_array_index (after, TerraKnowledgeChunk, i).id, ==,
                     g_array_index (before, TerraKnowledgeChunk, i).id);

  g_assert_false (terra_knowledge_reindex_item (store, 999999, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
}

/* Embeddings */

static void
test_embedding_queue (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) draft = NULL;
  g_autoptr(TerraKnowledgeItem) published = NULL;
  g_autoptr(GArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  const float vector[] = { 0.5f, 0.5f, 0, 0 };
  const float broken[] = { 0.5f, NAN, 0, 0 };

  draft = add_item (store, TERRA_KNOWLEDGE_FAQ, "Draft", "Not yet.", FALSE);
  published = add_item (store, TERRA_KNOWLEDGE_FAQ, "Published", "Live.", TRUE);

  /* Published passages first: they are the ones leads ask about. */
  missing = terra_knowledge_chunks_missing_embeddings (store, MODEL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 2);
  g_assert_cmpint (g_array_index (missing, TerraKnowledgeChunk, 0).item_id, ==,
                   terra_knowledge_item_get_id (published));
  g_assert_cmpstr (g_array_index (missing, TerraKnowledgeChunk, 0).text, ==, "Published\n\nLive.");
  g_assert_cmpuint (g_array_index (missing, TerraKnowledgeChunk, 0).token_count, ==, 3 + 2);

  g_assert_true (terra_knowledge_set_embedding (store, g_array_index (missing, TerraKnowledgeChunk, 0).id,
                                                vector, 4, MODEL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&missing, g_array_unref);
  missing = terra_knowledge_chunks_missing_embeddings (store, MODEL, 10, &error);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (g_array_index (missing, TerraKnowledgeChunk, 0).item_id, ==,
                   terra_knowledge_item_get_id (draft));

  /* Another model needs its own embeddings. */
  g_clear_pointer (&missing, g_array_unref);
  missing = terra_knowledge_chunks_missing_embeddings (store, "another-model", 1, &error);
  g_assert_cmpuint (missing->len, ==, 1);

  g_assert_false (terra_knowledge_set_embedding (store, g_array_index (missing, TerraKnowledgeChunk, 0).id,
                                                 broken, 4, MODEL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (terra_knowledge_set_embedding (store, 987654, vector, 4, MODEL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
}

static void
test_hybrid_search (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) rules = NULL;
  g_autoptr(TerraKnowledgeItem) clubhouse = NULL;
  g_autoptr(TerraKnowledgeItem) gym = NULL;
  g_autoptr(TerraKnowledgeItem) loans = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  const float rules_vector[] = { 0, 0, 1, 0 };
  const float clubhouse_vector[] = { 0.9f, 0.1f, 0, 0 };
  const float gym_vector[] = { 0.8f, 0.4f, 0.1f, 0 };
  const float loans_vector[] = { 0, 0, 0, 1 };
  const float query[] = { 1, 0, 0, 0 };
  const float three_dims[] = { 1, 0, 0 };
  TerraKnowledgeHit *hit;

  rules = add_item (store, TERRA_KNOWLEDGE_POLICIES, "Swimming pool rules",
                    "Pool rules: shower before the pool, no glass near the pool, children in the pool "
                    "with an adult. The pool is cleaned on Mondays.", TRUE);
  clubhouse = add_item (store, TERRA_KNOWLEDGE_FAQ, "Clubhouse timings",
                        "The clubhouse, with its library, games room and pool, is open 6:00 to 22:00.", TRUE);
  gym = add_item (store, TERRA_KNOWLEDGE_FAQ, "Fitness centre",
                  "A fitness centre with trainers on weekday evenings.", TRUE);
  loans = add_item (store, TERRA_KNOWLEDGE_FAQ, "Home loans", "Banks lend up to 80% of the value.", TRUE);

  embed_item (store, terra_knowledge_item_get_id (rules), rules_vector, 4);
  embed_item (store, terra_knowledge_item_get_id (clubhouse), clubhouse_vector, 4);
  embed_item (store, terra_knowledge_item_get_id (gym), gym_vector, 4);
  embed_item (store, terra_knowledge_item_get_id (loans), loans_vector, 4);

  /* Words alone: the rules mention the pool most. */
  g_assert_cmpint (first_item (store, "pool"), ==, terra_knowledge_item_get_id (rules));

  /* Words and meaning: the clubhouse is second by words and first by
   * meaning, so it comes first; the rules (words only) come before the
   * fitness centre (meaning only, second). Loans are unrelated. */
  hits = terra_knowledge_search (store, "pool", query, 4, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->item_id, ==, terra_knowledge_item_get_id (clubhouse));
  g_assert_cmpfloat (hit->bm25, >, 0);
  g_assert_cmpfloat (hit->similarity, >, 0.9);
  g_assert_cmpfloat_with_epsilon (hit->score, 1.0 / 62 + 1.0 / 61, 1e-9);
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpint (hit->item_id, ==, terra_knowledge_item_get_id (rules));
  g_assert_cmpfloat (hit->similarity, <, TERRA_KNOWLEDGE_MIN_SIMILARITY);
  hit = g_ptr_array_index (hits, 2);
  g_assert_cmpint (hit->item_id, ==, terra_knowledge_item_get_id (gym));
  g_assert_cmpfloat (hit->bm25, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Meaning alone: words that match nothing, a vector near the gym. */
  {
    const float near_gym[] = { 0.7f, 0.5f, 0.1f, 0 };

    hits = terra_knowledge_search (store, "xyzzy frobnicate", near_gym, 4, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >, 0);
    g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->item_id, ==,
                     terra_knowledge_item_get_id (gym));
    g_clear_pointer (&hits, g_ptr_array_unref);

    hits = terra_knowledge_search (store, NULL, near_gym, 4, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->item_id, ==,
                     terra_knowledge_item_get_id (gym));
    g_clear_pointer (&hits, g_ptr_array_unref);
  }

  /* A vector far from everything finds nothing: under the threshold. */
  {
    const float elsewhere[] = { -1, 0, 0, 0 };

    hits = terra_knowledge_search (store, "weather in Paris", elsewhere, 4, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 0);
    g_clear_pointer (&hits, g_ptr_array_unref);
  }

  /* A vector of another length (another model) is ignored, not an error. */
  hits = terra_knowledge_search (store, "pool", three_dims, 3, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->item_id, ==,
                   terra_knowledge_item_get_id (rules));
  g_assert_cmpfloat (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->similarity, ==, 0);
}

static void
test_insert_in_transaction (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GError) error = NULL;

  /* Items inserted inside a caller's transaction get their passages in
   * it, as an import does. */
  g_assert_true (terra_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (agency); i++)
    {
      g_autoptr(TerraKnowledgeItem) fact = add_item (store, agency[i].category, agency[i].title,
                                                     agency[i].body, TRUE);
    }
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_item_chunks (store, 1), ==, 1);
  g_assert_cmpint (first_item (store, "brokerage"), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/knowledge/split/long-text", test_split_long_text);
  g_test_add_func ("/knowledge/split/short-text", test_split_short_text);
  g_test_add_func ("/knowledge/split/unicode", test_split_unicode);
  g_test_add_func ("/knowledge/search/ranks-the-right-item", test_search_ranks_the_right_item);
  g_test_add_func ("/knowledge/search/limit-and-order", test_search_categories_and_limit);
  g_test_add_func ("/knowledge/search/unrelated", test_search_unrelated);
  g_test_add_func ("/knowledge/search/indic", test_search_indic);
  g_test_add_func ("/knowledge/search/never-fails-on-syntax", test_search_never_fails_on_syntax);
  g_test_add_func ("/knowledge/search/unpublished", test_unpublished_never_found);
  g_test_add_func ("/knowledge/search/hybrid", test_hybrid_search);
  g_test_add_func ("/knowledge/upkeep/edit", test_edit_updates_passages);
  g_test_add_func ("/knowledge/upkeep/edit-keeps-embeddings", test_edit_keeps_unchanged_embeddings);
  g_test_add_func ("/knowledge/upkeep/delete", test_delete_removes_passages);
  g_test_add_func ("/knowledge/upkeep/rollback", test_rollback_leaves_no_passages);
  g_test_add_func ("/knowledge/upkeep/in-transaction", test_insert_in_transaction);
  g_test_add_func ("/knowledge/upkeep/reindex-all", test_reindex_all);
  g_test_add_func ("/knowledge/embeddings/queue", test_embedding_queue);

  return g_test_run ();
}
