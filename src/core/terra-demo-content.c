/* terra-demo-content.c — the words of the demo business
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Skyline Realty, an invented real-estate agency in Bengaluru. The projects,
 * RERA numbers, phone numbers and people are made up; the prices, places and
 * customs are meant to read true to someone who buys a home there. About a
 * third of the leads write Hinglish, as many do on WhatsApp.
 */

#include "config.h"

#include "terra-demo-content.h"

/* The business */

const TerraDemoProject terra_demo_projects[] = {
  { "Skyline Orchid", "Whitefield", "800 m from the Kadugodi Tree Park metro station",
    "December 2026", "a clubhouse, a 25 m pool, a gym, EV charging and a pet park",
    "PRM/KA/RERA/1251/446/PR/230915/006112",
    { { "2BHK", "2BHK apartment", "1,180 sq ft", "₹78 lakh",
        { { "80 lakh", 8000000, "INR" }, { "85 lakh", 8500000, "INR" }, { "$110k", 110000, "USD" } } },
      { "3BHK", "3BHK apartment", "1,640 sq ft", "₹1.12 cr",
        { { "1.2 cr", 12000000, "INR" }, { "1.3 crore", 13000000, "INR" }, { "$150k", 150000, "USD" } } } } },
  { "Skyline Meadows", "Sarjapur Road", "near the Wipro campus, 4 km from the upcoming Dommasandra metro",
    "June 2026", "a 30,000 sq ft clubhouse, tennis courts, farm plots and private gardens",
    "PRM/KA/RERA/1251/308/PR/220610/005017",
    { { "3BHK villa", "3BHK villa", "2,400 sq ft", "₹1.65 cr",
        { { "1.8 cr", 18000000, "INR" }, { "2 cr", 20000000, "INR" }, { "$250k", 250000, "USD" } } },
      { "4BHK villa", "4BHK villa", "3,200 sq ft", "₹2.45 cr",
        { { "2.5 cr", 25000000, "INR" }, { "3 crore", 30000000, "INR" }, { "$450k", 450000, "USD" } } } } },
  { "Skyline Vista", "HSR Layout", "1.2 km from the HSR Layout metro station",
    "ready to move in",
    "a rooftop pool, a gym, a co-working lounge and basement parking",
    "PRM/KA/RERA/1251/310/PR/190822/002845",
    { { "2BHK", "2BHK apartment", "1,250 sq ft", "₹1.05 cr",
        { { "1.1 cr", 11000000, "INR" }, { "1.2 cr", 12000000, "INR" }, { "$140k", 140000, "USD" } } },
      { "3BHK", "3BHK apartment", "1,720 sq ft", "₹1.48 cr",
        { { "1.5 cr", 15000000, "INR" }, { "1.6 crore", 16000000, "INR" }, { "$190k", 190000, "USD" } } } } },
  { "Lakeview Residency", "Indiranagar", "500 m from the Indiranagar metro station",
    "immediate", "lake views, two covered car parks, a gym and 24×7 security",
    "not applicable (resale; A-khata, clear title)",
    { { "3BHK", "3BHK resale flat", "1,900 sq ft", "₹2.1 cr",
        { { "2.2 cr", 22000000, "INR" }, { "2.5 cr", 25000000, "INR" }, { "$300k", 300000, "USD" } } },
      { "2BHK", "2BHK resale flat", "1,150 sq ft", "₹1.25 cr",
        { { "1.3 cr", 13000000, "INR" }, { "1.4 cr", 14000000, "INR" }, { "$160k", 160000, "USD" } } } } },
  { "Skyline Greens", "Devanahalli", "12 minutes from Kempegowda International Airport",
    "immediate",
    "a gated layout with 24×7 security, a clubhouse, parks and a jogging track",
    "PRM/KA/RERA/1250/303/PR/210405/003921",
    { { "30x40 plot", "1,200 sq ft residential plot", "1,200 sq ft", "₹48 lakh",
        { { "50 lakh", 5000000, "INR" }, { "60 lakh", 6000000, "INR" }, { "$70k", 70000, "USD" } } },
      { "40x60 plot", "2,400 sq ft residential plot", "2,400 sq ft", "₹94 lakh",
        { { "95 lakh", 9500000, "INR" }, { "1 cr", 10000000, "INR" }, { "$120k", 120000, "USD" } } } } },
};

const TerraDemoTimeline terra_demo_timelines[] = {
  { "within the next 3 months", "3 mahine ke andar", "within 3 months", 10 },
  { "before Diwali", "Diwali se pehle", "before Diwali", 8 },
  { "in about 6 months", "6 mahine mein", "within 6 months", 6 },
  { "early next year", "agle saal ki shuruaat mein", "early next year", 4 },
  { "as soon as possible", "jitna jaldi ho sake", "immediately", 10 },
  { "sometime next year", "agle saal tak", "next year, exploring", 0 },
};

/* Names from all over India, as Bengaluru's buyers are. */
const char * const terra_demo_first_names[] = {
  "Aarav", "Aditi", "Akash", "Ananya", "Anil", "Anjali", "Deepa", "Deepak",
  "Divya", "Farhan", "Gaurav", "Harish", "Ishita", "Karthik", "Kavya", "Kiran",
  "Lakshmi", "Manish", "Meera", "Mohammed", "Nandini", "Naveen", "Neha", "Nikhil",
  "Nisha", "Pooja", "Pradeep", "Prakash", "Priya", "Rahul", "Rajesh", "Ramesh",
  "Ritu", "Sandeep", "Sanjay", "Shalini", "Shreya", "Siddharth", "Sneha", "Srinivas",
  "Suresh", "Swati", "Tanvi", "Varun", "Vidya", "Vijay", "Vikram", "Vinay",
  "Vivek", "Yash", "Zoya", "Abhishek", "Ayesha", "Bhavana", "Chetan", "Gayathri",
  "Harsha", "Imran", "Jyoti", "Keerthi", "Lokesh", "Madhuri", "Rohit", "Sunita",
};

const char * const terra_demo_last_names[] = {
  "Sharma", "Iyer", "Reddy", "Nair", "Rao", "Gowda", "Shetty", "Menon",
  "Patel", "Gupta", "Das", "Mukherjee", "Khan", "D'Souza", "Fernandes", "Singh",
  "Kaur", "Joshi", "Kulkarni", "Hegde", "Pillai", "Agarwal", "Bhat", "Chatterjee",
  "Banerjee", "Verma", "Mehta", "Shah", "Krishnan", "Subramanian", "Naidu", "Prasad",
  "Mishra", "Pandey", "Saxena", "Kapoor", "Malhotra", "Chopra", "Bose", "Sen",
  "Jain", "Ahmed", "Siddiqui", "Thomas", "George", "Murthy", "Kamath", "Desai",
};

const char * const terra_demo_offices[] = {
  "Manyata Tech Park", "Electronic City", "Bellandur", "Koramangala",
  "Marathahalli", "MG Road", "Whitefield", "Hebbal",
};

const char * const terra_demo_abroad[] = {
  "Dubai", "Singapore", "the US", "London", "Sydney",
};

const char * const terra_demo_email_domains[] = {
  "gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com",
};

const TerraDemoKnowledge terra_demo_knowledge[] = {
  { TERRA_KNOWLEDGE_COMPANY, "About Skyline Realty",
    "Skyline Realty is a Bengaluru real-estate agency founded in 2011 by Rohan Mehra. We sell new "
    "apartments, villas and plots from RERA-registered developers, and resale homes, in East and "
    "South Bengaluru: Whitefield, Sarjapur Road, HSR Layout, Koramangala, Indiranagar and "
    "Devanahalli. Our 12 advisers have helped more than 1,800 families buy a home.\n\n"
    "Buyers pay no brokerage on new projects. On resale homes our fee is 1% of the sale value.",
    TRUE },
  { TERRA_KNOWLEDGE_COMPANY, "Office, hours and contact",
    "Office: 2nd floor, 100 Feet Road, Indiranagar, Bengaluru 560038, a 5-minute walk from the "
    "Indiranagar metro station.\n"
    "Open Monday to Saturday, 10:00 to 19:00; closed on Sundays and national holidays. Sunday site "
    "visits can be arranged on request.\n"
    "Phone and WhatsApp: +91 80 4567 8900. Email: hello@skylinerealty.example.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Orchid, Whitefield: 2 and 3BHK apartments",
    "RERA: PRM/KA/RERA/1251/446/PR/230915/006112. 4.2 acres, 3 towers of 18 floors, 412 homes.\n"
    "- 2BHK: 1,180 sq ft super built-up, from ₹78 lakh.\n"
    "- 3BHK: 1,640 to 1,850 sq ft, from ₹1.12 cr to ₹1.35 cr.\n"
    "Possession: December 2026. 800 m from the Kadugodi Tree Park metro station, 10 minutes to ITPL.\n"
    "Amenities: clubhouse, 25 m pool, gym, EV charging, 24×7 power backup, children's play area, "
    "pet park.\n"
    "Prices exclude GST (5%), stamp duty and registration. Car park: one included, a second costs ₹3 lakh.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Meadows, Sarjapur Road: 3 and 4BHK villas",
    "RERA: PRM/KA/RERA/1251/308/PR/220610/005017. 22 acres, 180 gated villas.\n"
    "- 3BHK villa: 2,400 sq ft on a 1,500 sq ft plot, from ₹1.65 cr.\n"
    "- 4BHK villa: 3,200 sq ft on a 2,000 sq ft plot, from ₹2.45 cr.\n"
    "Possession: June 2026. Near the Wipro Sarjapur campus, 4 km from the upcoming Dommasandra metro "
    "station.\n"
    "Amenities: 30,000 sq ft clubhouse, tennis and badminton courts, organic farm plots, private gardens.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Vista, HSR Layout: ready-to-move 2 and 3BHK",
    "Occupancy certificate received: move in within 30 days of registration, no GST.\n"
    "RERA: PRM/KA/RERA/1251/310/PR/190822/002845.\n"
    "- 2BHK: 1,250 sq ft, from ₹1.05 cr.\n"
    "- 3BHK: 1,720 sq ft, from ₹1.48 cr.\n"
    "1.2 km from the HSR Layout metro station; 10 minutes to Koramangala and the Outer Ring Road.\n"
    "Amenities: rooftop pool, gym, co-working lounge, two levels of basement parking.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Lakeview Residency, Indiranagar: resale homes",
    "Two resale homes in a well-kept, 12-year-old gated building off Double Road; the owners are "
    "relocating.\n"
    "- 3BHK: 1,900 sq ft, 3rd floor, lake-facing, two covered car parks. Asking ₹2.1 cr, negotiable.\n"
    "- 2BHK: 1,150 sq ft, 6th floor. Asking ₹1.25 cr.\n"
    "A-khata, clear title, approved by all major banks. 500 m from the Indiranagar metro station. Our "
    "fee: 1% of the sale value.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Greens, Devanahalli: approved plots",
    "BIAAPA-approved residential plots, E-khata, clear title, ready for construction (underground "
    "cabling, water and sewage lines).\n"
    "- 30x40 (1,200 sq ft): from ₹48 lakh.\n"
    "- 40x60 (2,400 sq ft): from ₹94 lakh.\n"
    "12 minutes from Kempegowda International Airport, near the Aerospace SEZ. Loans from SBI and HDFC.",
    TRUE },
  { TERRA_KNOWLEDGE_PRODUCTS, "Skyline Heights, Hebbal: pre-launch (draft)",
    "Pre-launch of 3 and 4BHK apartments near the Hebbal flyover. Expression of interest: ₹2 lakh, "
    "fully refundable until launch. Indicative prices from ₹1.9 cr; final prices after RERA "
    "registration, expected next quarter.\n"
    "Do not quote prices to leads until this page is published.",
    FALSE },
  { TERRA_KNOWLEDGE_FAQ, "Buying a home: frequently asked questions",
    "Are your projects RERA registered?\nYes. Every new project we sell is registered with Karnataka "
    "RERA; the number is on each project's page.\n\n"
    "What do I pay on top of the price?\nGST of 5% on homes under construction (none on ready homes "
    "with an occupancy certificate), stamp duty of about 5.6% and registration of 1%, and a "
    "maintenance deposit of about ₹75 per sq ft.\n\n"
    "How is the payment made?\nA token, then 10% on booking within 30 days; the rest is linked to "
    "construction stages or, for ready homes, paid at registration.\n\n"
    "Super built-up or carpet area?\nPrices are per sq ft of super built-up area; carpet area is about "
    "70 to 75% of it. The agreement states both.\n\n"
    "Which documents do I need?\nPAN, Aadhaar, an address proof and two photographs.",
    TRUE },
  { TERRA_KNOWLEDGE_FAQ, "Home loans and EMIs",
    "Our projects are pre-approved with SBI, HDFC, ICICI and Axis Bank. Rates start at about 8.4%. "
    "Banks lend up to 80% of the value (75% above ₹75 lakh).\n"
    "Example: a ₹60 lakh loan over 20 years at 8.5% is an EMI of about ₹52,000 a month.\n"
    "Our loan partner checks eligibility for free within a day. NRIs can borrow too (NRI home loans).",
    TRUE },
  { TERRA_KNOWLEDGE_POLICIES, "Token amount, booking and cancellation",
    "Token: ₹1 lakh for apartments and plots, ₹2 lakh for villas, paid by bank transfer to the "
    "developer's escrow account (never in cash). It holds the chosen home for 15 days and counts "
    "towards the 10% booking amount.\n"
    "Cancel within 15 days and the token is refunded in full. After the sale agreement is signed, "
    "cancellation follows the developer's agreement (usually 2% of the value is forfeited).\n"
    "Site visits and meetings can be moved or cancelled free of charge up to 2 hours before; the "
    "assistant can do it for the lead.",
    TRUE },
  { TERRA_KNOWLEDGE_POLICIES, "NRI buyers: documents and payments",
    "NRIs and OCI holders can buy homes and residential plots in India without RBI approval. Payments "
    "must come from an NRE, NRO or FCNR account, or as an inward remittance.\n"
    "Documents: passport, OCI card if any, overseas address proof and PAN. A power of attorney lets a "
    "relative in India sign on the buyer's behalf.\n"
    "We offer video consultations in the evenings and on Saturdays, India time.",
    TRUE },
  { TERRA_KNOWLEDGE_OBJECTIONS, "Objection: the price is too high",
    "Acknowledge it. Compare the price per sq ft with the locality (Whitefield ₹7,500 to 8,500; HSR "
    "Layout above ₹11,000) and say what is included: car park, clubhouse, power backup. Mention the "
    "payment plans and bank loans.\n"
    "Never promise a discount: offers come only from Rohan. Offer to have him call.",
    TRUE },
  { TERRA_KNOWLEDGE_OBJECTIONS, "Objection: we are just looking",
    "Do not push. Offer the brochure and price list, ask what would help them decide, suggest a "
    "no-obligation site visit on a Saturday, and follow up after a week.",
    FALSE },
};

const TerraDemoInstruction terra_demo_instructions[] = {
  { TERRA_INSTRUCTION_ALWAYS, "",
    "Before suggesting a property, learn the lead's budget, preferred locality and number of bedrooms.", 100 },
  { TERRA_INSTRUCTION_NEVER, "",
    "Never give legal advice on titles, khata or RERA disputes, and never promise a discount. Offer a call "
    "with Rohan instead.", 95 },
  { TERRA_INSTRUCTION_WHEN, "the lead asks for a discount or negotiates the price",
    "Say that the sales manager, Rohan, decides offers and will call back today, and hand the "
    "conversation to the owner.", 90 },
  { TERRA_INSTRUCTION_ALWAYS, "",
    "Once a lead shows interest in a project, offer a site visit with two concrete times.", 80 },
  { TERRA_INSTRUCTION_WHEN, "the lead lives abroad or states a budget in dollars",
    "Convert the budget at about ₹83 to the dollar, offer a video consultation, and mention the NRI "
    "documents page.", 60 },
  { TERRA_INSTRUCTION_TONE, "",
    "Warm, brief and professional. Reply in Hinglish when the lead writes Hinglish. Write prices in "
    "lakh and crore with the ₹ sign.", 50 },
};

const TerraDemoFeedback terra_demo_feedback[] = {
  { TERRA_GRADE_GOOD, "", "pricing" },
  { TERRA_GRADE_GOOD, "", "tone" },
  { TERRA_GRADE_GOOD, "", "booking" },
  { TERRA_GRADE_BAD, "Quote the all-inclusive price (with GST, parking and registration), not only the base price.", "pricing" },
  { TERRA_GRADE_BAD, "Mention that the token amount is fully refunded within 15 days.", "policies" },
  { TERRA_GRADE_BAD, "Too long for WhatsApp: two short lines and one question are enough.", "tone" },
};

/* The lines of each turn. English first, then Hinglish. */

static const TerraDemoLine greeting_lines[] = {
  { "en", "Hi, I saw your ad for {project} on 99acres. Looking for a {bhk} in {locality}, is it still available?",
    "Hi {first}! Yes, {project} in {locality} still has {bhk} options available. What budget do you have in mind, and when are you planning to buy?", NULL },
  { "en", "Hello, we're looking for a {bhk} around {locality}. What do you have?",
    "Hello {first}, thanks for writing to Skyline Realty! In {locality} I'd suggest {project}: the {bhk} is {area}. May I know your budget?", NULL },
  { "en", "Good evening. Interested in {project}, {locality}. Please share details of the {bhk}.",
    "Good evening {first}! {project} is in {locality}, {landmark}. The {bhk} is {area}, starting at {price}. Shall I share the brochure here?", NULL },
  { "hi-Latn", "Hi, {locality} mein {bhk} chahiye. Koi achha option hai kya?",
    "Namaste {first} ji! Haan, {locality} mein hamara {project} project hai, {bhk} {area} ka hai. Aapka budget kitna hai?", NULL },
  { "hi-Latn", "Hello, {project} ke baare mein jaankari chahiye, {bhk} ke liye.",
    "Hello {first} ji! {project} {locality} mein hai, {landmark}. {bhk} {price} se start hota hai. Brochure bhej doon?", NULL },
};

static const TerraDemoLine form_lines[] = {
  { "en", "Website enquiry: {project}\nName: {name}\nPhone: {phone}\nLooking for: {bhk} in {locality}\nBudget: {budget}\nMessage: Please call me after 6 pm.",
    "Hi {first}, thanks for your enquiry about {project}! The {bhk} is {area}, starting at {price}. Would you like to see it this week?", NULL },
  { "en", "New enquiry from skylinerealty.example\nName: {name}\nPhone: {phone}\nProject: {project}, {locality}\nConfiguration: {bhk}\nBudget: {budget}\nComments: Is there any offer going on?",
    "Hello {first}, thank you for enquiring about {project}. There's no festive offer right now, but the {bhk} at {price} includes a car park and clubhouse membership. When would you like to visit?", NULL },
};

static const TerraDemoLine budget_lines[] = {
  { "en", "My budget is around {budget}. What would the {bhk} cost all-inclusive?",
    "At {project} the {bhk} starts at {price}; GST, car park and registration add roughly 8 to 9%. That's within reach of {budget}. Would you like the cost sheet?", NULL },
  { "en", "We can stretch to {budget} max. Is anything available in that range?",
    "Yes: with {budget} you can look at the {bhk} in {project} ({area}, from {price}). I can send the floor plans and current availability.", NULL },
  { "en", "What's the price of the {bhk}? Budget is {budget}.",
    "The {bhk} at {project} is {price} onwards for {area}. Within {budget} there are 3 or 4 homes on different floors. Shall I list them?", NULL },
  { "hi-Latn", "Budget {budget} tak hai. Usme {bhk} mil jayega?",
    "Ji {first} ji, {budget} mein {project} ka {bhk} aaram se ho jayega. Price {price} se start hai ({area}). Cost sheet bhej doon?", NULL },
  { "hi-Latn", "{bhk} ka rate kya hai? Hum {budget} ke around dekh rahe hain.",
    "{project} mein {bhk} {price} se start hai. {budget} ke budget mein 2-3 options hain, alag floors par. Details share karoon?", NULL },
};

static const TerraDemoLine location_lines[] = {
  { "en", "Where exactly is {project}? How far is the metro?",
    "{project} is in {locality}, {landmark}. Schools, hospitals and a supermarket are within 2 km. Shall I drop a map pin here?", NULL },
  { "en", "I work in {office}. How's the commute from {locality}?",
    "From {locality} to {office} it's usually 30 to 45 minutes outside peak hours, and {project} is {landmark}, which helps.", NULL },
  { "hi-Latn", "{project} exactly kahan hai? Metro kitna door hai?",
    "{project} {locality} mein hai, {landmark}. School, hospital aur market sab 2 km ke andar hain. Location pin bhej doon?", NULL },
  { "hi-Latn", "Mera office {office} mein hai, {locality} se roz aana-jaana ho payega?",
    "Ji, {locality} se {office} normally 30-45 minute lagte hain, peak hours ke bahar. {project} {landmark} hai.", NULL },
};

static const TerraDemoLine details_lines[] = {
  { "en", "Can you share the exact size of the {bhk} and the possession date?",
    "The {bhk} at {project} is {area}. Possession: {possession}. RERA: {rera}.", NULL },
  { "en", "Which floors are still available? We'd prefer east facing.",
    "We have east-facing homes left on floors 4, 7 and 11 at {project}. Higher floors carry a floor-rise charge of ₹50 per sq ft. Shall I hold one for 48 hours?", NULL },
  { "hi-Latn", "{bhk} ka size kitna hai? Possession kab milega?",
    "{project} mein {bhk} {area} ka hai. Possession: {possession}. RERA: {rera}.", NULL },
};

static const TerraDemoLine amenities_lines[] = {
  { "en", "What amenities are there? We have two kids and a dog.",
    "{project} has {amenities}. The children's play area is inside the gated community, and pets are welcome.", NULL },
  { "en", "Is there power backup and security? My parents will live with us.",
    "Yes: 24×7 security with CCTV and full power backup. {project} also has {amenities}, and a clinic is 5 minutes away.", NULL },
  { "hi-Latn", "Amenities kya kya hain? Security aur power backup?",
    "{project} mein {amenities} hai. 24×7 security aur full power backup bhi milta hai.", NULL },
};

static const TerraDemoLine timeline_lines[] = {
  { "en", "We want to move in {timeline}.",
    "Got it. {project} works for that: possession is {possession}. Would you like to see the site first?", NULL },
  { "en", "Our timeline is {timeline}; we're renting near {office} right now.",
    "Thanks, {first}. Buying {timeline} fits {project} (possession {possession}). I can also check ready-to-move options if you need something sooner.", NULL },
  { "hi-Latn", "Hum {timeline} shift karna chahte hain.",
    "Theek hai {first} ji. {project} ka possession {possession} hai, toh timeline match karti hai. Ek baar site dekhna chahenge?", NULL },
};

static const TerraDemoLine financing_lines[] = {
  { "en", "Do you help with home loans? What would the EMI be?",
    "Yes! {project} is pre-approved with SBI, HDFC and ICICI. A ₹60 lakh loan over 20 years at about 8.5% is an EMI of roughly ₹52,000 a month. Shall our loan partner call you to check eligibility?", NULL },
  { "en", "How much down payment do we need? The rest will be a loan.",
    "Banks fund 75 to 80% of the value, so plan about 20% plus stamp duty and registration (around 6.6%). For the {bhk} at {price} I can send an exact payment plan.", NULL },
  { "hi-Latn", "Loan ho jayega kya? EMI kitni banegi?",
    "Ji bilkul, {project} SBI, HDFC aur ICICI se approved hai. ₹60 lakh ka loan 20 saal ke liye ~8.5% par lein toh EMI lagbhag ₹52,000 mahina aayegi. Loan partner se call karwa doon?", NULL },
};

static const TerraDemoLine hours_lines[] = {
  { "en", "What are your office timings? Are you open on Sunday?",
    "We're open Monday to Saturday, 10 AM to 7 PM, on 100 Feet Road, Indiranagar. On Sundays we can arrange site visits on request.", NULL },
  { "en", "Where is your office? Can I just walk in?",
    "Of course! We're on the 2nd floor, 100 Feet Road, Indiranagar, near the metro: Monday to Saturday, 10 AM to 7 PM. Booking a meeting makes sure an adviser is free for you.", NULL },
  { "hi-Latn", "Office kitne baje tak khula hai? Sunday ko bhi?",
    "Hum Monday se Saturday, subah 10 se shaam 7 baje tak khule hain, 100 Feet Road, Indiranagar. Sunday ko site visit request par ho sakti hai.", NULL },
};

static const TerraDemoLine booking_lines[] = {
  { "en", "Can I see the place this weekend?",
    "Sure! I've booked your site visit to {project} for {slot}. {agent} will meet you at the sales office; you'll get a reminder the day before.", "this weekend" },
  { "en", "I'd like to visit the site. What slots do you have?",
    "Great! The next free slot is {slot} and I've booked it for you. {agent} will show you around {project}. Reply here if you need to change it.", NULL },
  { "en", "Let's do a site visit. Any time after 11 works.",
    "Done: site visit at {project} on {slot}. Please carry an ID; there's parking at the site.", "after 11" },
  { "hi-Latn", "Site visit kab kar sakte hain? Weekend pe chalega?",
    "Bilkul! {slot} ko {project} par aapka site visit book ho gaya hai. {agent} aapko sales office par milenge, ek din pehle reminder aa jayega.", "Weekend" },
  { "hi-Latn", "Humein site dekhni hai, koi slot batao.",
    "Zaroor {first} ji. {slot} ka slot aapke liye book kar diya hai; {agent} {project} ke sales office par milenge.", NULL },
};

static const TerraDemoLine video_booking_lines[] = {
  { "en", "I'm based in {abroad} right now. Could we do a video call instead of a visit?",
    "Of course. I've set up a video consultation for {slot} (India time). {agent} will walk you through {project} on Google Meet; the link comes here.", NULL },
  { "en", "I'm in {abroad}. Can someone show me the {bhk} on a video call?",
    "Yes! Video consultation booked for {slot} IST. We'll show you the {bhk} and the site live.", NULL },
  { "hi-Latn", "Hum abhi {abroad} mein hain, video call pe dikha sakte ho?",
    "Haan ji, {slot} (India time) ko video consultation book kar diya hai. {agent} Google Meet par {project} live dikhayenge.", NULL },
};

static const TerraDemoLine reschedule_lines[] = {
  { "en", "Something came up. Can we move the visit to a later day?",
    "No problem, {first}. I've moved your visit to {slot2}; the earlier slot is cancelled.", NULL },
  { "hi-Latn", "Us din nahi ho payega, visit aage shift kar sakte hain?",
    "Koi baat nahi {first} ji, visit {slot2} par shift kar di hai. Purana slot cancel ho gaya.", NULL },
};

static const TerraDemoLine cancel_lines[] = {
  { "en", "Sorry, I need to cancel the visit. We've finalised another flat.",
    "Understood, {first}: I've cancelled your visit. Congratulations on the new home, and do keep us in mind!",
    "The lead bought another property" },
  { "en", "Need to cancel the site visit, I'm travelling that week.",
    "No problem, I've cancelled it. Message me when you're back and I'll find a new slot.",
    "The lead is travelling" },
  { "hi-Latn", "Visit cancel kar do please, ghar pe emergency hai.",
    "Ji, visit cancel kar diya hai. Aap apna khayal rakhiye; jab bhi time ho, bata dijiye.",
    "Family emergency" },
};

static const TerraDemoLine thanks_lines[] = {
  { "en", "Great, thanks!", "You're welcome, {first}! Message here anytime.", NULL },
  { "en", "Thanks, this is helpful.", "Happy to help, {first}! Just message here if anything else comes up.", NULL },
  { "en", "Ok, will discuss with family and get back.", "Sure, take your time, {first}. I'm here whenever you have questions.", NULL },
  { "hi-Latn", "Theek hai, thank you!", "Welcome {first} ji! Kuch bhi poochna ho toh yahin message kijiye.", NULL },
  { "hi-Latn", "Ok ji, ghar pe discuss karke batate hain.", "Zaroor {first} ji, aaram se sochiye. Kuch aur jaanna ho toh yahin poochiye.", NULL },
};

static const TerraDemoLine discount_lines[] = {
  { "en", "{price} is too much for us. Can you do better? Any festive offer?",
    "I understand, {first}. Offers are decided by our sales manager: I've asked {owner} to call you today with the best possible price.", NULL },
  { "en", "Other builders in {locality} are cheaper. What's your final price?",
    "Fair question. I can't change prices myself, so I've passed this to {owner}, our sales manager. He'll get back to you here shortly.", NULL },
  { "hi-Latn", "Thoda kam karo na, final price kya hai? Diwali offer hai kya?",
    "Samajh sakte hain {first} ji. Price ka decision hamare sales manager {owner} lete hain; maine unhe bata diya hai, woh jaldi aapse baat karenge.", NULL },
};

static const TerraDemoLine legal_lines[] = {
  { "en", "Is it A-khata with a clear title? My lawyer wants to see the documents.",
    "Good question. Our legal team will share the title documents and answer that directly; I've asked {owner} to get back to you.", NULL },
  { "en", "Can you confirm the land is not under any litigation? Who handles the sale deed registration?",
    "That needs an exact answer from our legal team, so I've passed it to {owner}. He'll reply here with the documents.", NULL },
  { "hi-Latn", "Khata aur title clear hai na? Lawyer ko documents dikhane hain.",
    "Ji, legal documents hamari legal team share karegi. Maine {owner} ko bata diya hai, woh aapse contact karenge.", NULL },
};

static const TerraDemoLine human_lines[] = {
  { "en", "Can I talk to a real person please?",
    "Of course. I've let {owner}, our sales manager, know; he'll reply here shortly.", NULL },
  { "en", "I'd rather speak to someone. Please have someone call me.",
    "Sure, I've asked {owner} to call you. He usually calls back within the hour during office hours.", NULL },
  { "hi-Latn", "Kisi insaan se baat karwa do please.",
    "Zaroor {first} ji, maine {owner} ko bata diya hai, woh aapko jaldi reply karenge.", NULL },
};

static const TerraDemoLine complaint_lines[] = {
  { "en", "Your executive didn't show up for the site visit yesterday. Wasted my whole morning!",
    "I'm really sorry, {first}; that shouldn't have happened. I've escalated this to {owner}, our manager, who will call you today.", NULL },
  { "en", "Third time asking for the cost sheet and still nothing. Very unprofessional.",
    "I'm sorry about the delay, {first}. I've flagged this to {owner} so he sends it personally and it doesn't happen again.", NULL },
  { "hi-Latn", "Kal site visit pe koi aaya hi nahi. Bahut bura experience tha.",
    "Bahut maafi chahte hain {first} ji. Maine ye {owner} ko escalate kar diya hai, woh aaj hi aapko call karenge.", NULL },
};

static const TerraDemoLine complaint_handled_lines[] = {
  { "en", "I filled the form on your website two days ago and nobody called me back.",
    "Apologies for the wait, {first}! You asked about {project}: the {bhk} is {area}, from {price}. Would you like a call or a site visit?", NULL },
  { "hi-Latn", "Website pe form bhara tha, abhi tak koi call nahi aaya.",
    "Maafi chahte hain {first} ji! Aapne {project} ke baare mein poocha tha: {bhk} {price} se start hai. Call karwa doon ya site visit book karein?", NULL },
};

static const TerraDemoLine followup_lines[] = {
  { "en", "Hi {first}, just checking in: are you still looking for a {bhk} in {locality}? A few new homes opened up at {project} this week.", NULL, NULL },
  { "hi-Latn", "Namaste {first} ji, kya aap abhi bhi {locality} mein {bhk} dekh rahe hain? {project} mein is hafte kuch naye options aaye hain.", NULL, NULL },
};

static const TerraDemoLine opt_out_lines[] = {
  { "en", "STOP", "You're unsubscribed and won't get more messages from Skyline Realty. Reply START anytime to chat again.", NULL },
  { "en", "Please stop messaging me. Not interested.", "Sorry for the bother, {first}. You won't hear from us again unless you write first.", NULL },
  { "hi-Latn", "Mujhe aur message mat bhejo. STOP", "Theek hai {first} ji, ab aapko koi message nahi aayega. Dobara baat karni ho toh START likhiye.", NULL },
};

static const TerraDemoLine spam_lines[] = {
  { "en", "Earn ₹50,000 a day from home!!! Join now: bit.ly/rich-fast",
    "Hi! This is Skyline Realty's assistant. I can help with homes and plots in Bengaluru. Are you looking to buy?", NULL },
  { "en", "SEO services for your real-estate website. 10x leads guaranteed. Reply YES.",
    "Thanks, but we're not looking for marketing services. If you're looking for a home in Bengaluru, I'm happy to help!", NULL },
  { "en", "Congratulations! Your number has won an iPhone. Claim at win-prize.example",
    "Hi! This is Skyline Realty's assistant. I can only help with property enquiries in Bengaluru.", NULL },
};

static const TerraDemoLine spam_again_lines[] = {
  { "en", "Reply YES to claim your reward before midnight!!", NULL, NULL },
  { "en", "Limited offer, only 3 slots left. Call +44 20 7946 0000 now", NULL, NULL },
};

static const TerraDemoLine nudge_lines[] = {
  { "en", "Hello? Any update?", NULL, NULL },
  { "en", "Still waiting to hear back.", NULL, NULL },
  { "hi-Latn", "Koi update? Abhi tak call nahi aaya.", NULL, NULL },
};

static const TerraDemoLine owner_discount_lines[] = {
  { "en", "Hi {first}, {owner} here from Skyline Realty. For {project} I can waive the floor-rise charge and include a second car park if you book this month. Shall we meet at the site?",
    "That sounds fair. Let me discuss with family and confirm by the weekend.", NULL },
  { "hi-Latn", "Namaste {first} ji, main {owner}, Skyline Realty se. {project} mein is mahine booking par floor-rise charge waive aur ek extra car parking free de sakte hain.",
    "Achha offer hai. Family se baat karke weekend tak batate hain.", NULL },
};

static const TerraDemoLine owner_legal_lines[] = {
  { "en", "Hi {first}, {owner} here. It's A-khata with a clear title; I've emailed you the title deed, a 30-year encumbrance certificate and the RERA certificate.",
    "Thanks, I'll forward them to my lawyer.", NULL },
  { "hi-Latn", "Namaste {first} ji, main {owner}. A-khata hai aur title clear hai; title deed aur EC aapko email kar diye hain.",
    "Thank you, lawyer ko bhej dete hain.", NULL },
};

static const TerraDemoLine owner_human_lines[] = {
  { "en", "Hi {first}, this is {owner} from Skyline Realty. Happy to help. Shall I call you at 5 pm today?",
    "Yes, 5 pm works. Thanks.", NULL },
  { "hi-Latn", "Namaste {first} ji, main {owner}. Aaj shaam 5 baje call karoon?",
    "Haan, 5 baje theek hai.", NULL },
};

static const TerraDemoLine owner_complaint_lines[] = {
  { "en", "Hi {first}, {owner} here. I'm very sorry about this. I'll personally take you around {project}; which day suits you?",
    "Thanks for calling back. I'll let you know.", NULL },
  { "hi-Latn", "Namaste {first} ji, main {owner}. Iske liye maafi chahta hoon. {project} main khud aapko dikhaunga; kaunsa din theek rahega?",
    "Thank you, batate hain.", NULL },
};

static const TerraDemoLine owner_booking_lines[] = {
  { "en", "Hi {first}, {owner} here. I've booked a meeting for you on {slot} at our Indiranagar office to go over the payment plan for {project}.",
    "Great, see you then.", NULL },
  { "hi-Latn", "Namaste {first} ji, main {owner}. {slot} ko Indiranagar office mein meeting book kar di hai; {project} ka payment plan discuss karenge.",
    "Theek hai, milte hain.", NULL },
};

#define LINES(l) l, G_N_ELEMENTS (l)

/* Indexed by TerraDemoTurnId. */
static const TerraDemoTurn turns[] = {
  [TERRA_DEMO_TURN_GREETING] = { TERRA_AUTHOR_LEAD, "greeting", TERRA_SENTIMENT_POSITIVE, 0.4, NULL, NULL, NULL, FALSE, LINES (greeting_lines) },
  [TERRA_DEMO_TURN_FORM] = { TERRA_AUTHOR_LEAD, "property-details", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (form_lines) },
  [TERRA_DEMO_TURN_BUDGET] = { TERRA_AUTHOR_LEAD, "pricing", TERRA_SENTIMENT_NEUTRAL, 0.05, NULL, NULL, NULL, FALSE, LINES (budget_lines) },
  [TERRA_DEMO_TURN_LOCATION] = { TERRA_AUTHOR_LEAD, "location", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (location_lines) },
  [TERRA_DEMO_TURN_DETAILS] = { TERRA_AUTHOR_LEAD, "property-details", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (details_lines) },
  [TERRA_DEMO_TURN_AMENITIES] = { TERRA_AUTHOR_LEAD, "property-details", TERRA_SENTIMENT_POSITIVE, 0.3, NULL, NULL, NULL, FALSE, LINES (amenities_lines) },
  [TERRA_DEMO_TURN_TIMELINE] = { TERRA_AUTHOR_LEAD, "other", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (timeline_lines) },
  [TERRA_DEMO_TURN_FINANCING] = { TERRA_AUTHOR_LEAD, "financing", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (financing_lines) },
  [TERRA_DEMO_TURN_HOURS] = { TERRA_AUTHOR_LEAD, "hours", TERRA_SENTIMENT_NEUTRAL, 0.0, NULL, NULL, NULL, FALSE, LINES (hours_lines) },
  [TERRA_DEMO_TURN_BOOKING] = { TERRA_AUTHOR_LEAD, "booking", TERRA_SENTIMENT_POSITIVE, 0.6, NULL, NULL, NULL, FALSE, LINES (booking_lines) },
  [TERRA_DEMO_TURN_VIDEO_BOOKING] = { TERRA_AUTHOR_LEAD, "booking", TERRA_SENTIMENT_POSITIVE, 0.5, NULL, NULL, NULL, FALSE, LINES (video_booking_lines) },
  [TERRA_DEMO_TURN_RESCHEDULE] = { TERRA_AUTHOR_LEAD, "reschedule", TERRA_SENTIMENT_NEUTRAL, -0.05, NULL, NULL, NULL, FALSE, LINES (reschedule_lines) },
  [TERRA_DEMO_TURN_CANCEL] = { TERRA_AUTHOR_LEAD, "reschedule", TERRA_SENTIMENT_NEUTRAL, -0.15, NULL, NULL, NULL, FALSE, LINES (cancel_lines) },
  [TERRA_DEMO_TURN_THANKS] = { TERRA_AUTHOR_LEAD, "other", TERRA_SENTIMENT_POSITIVE, 0.7, NULL, NULL, NULL, FALSE, LINES (thanks_lines) },
  [TERRA_DEMO_TURN_DISCOUNT] = { TERRA_AUTHOR_LEAD, "discount", TERRA_SENTIMENT_NEUTRAL, -0.15, "price", "discount-request", "discount request", FALSE, LINES (discount_lines) },
  [TERRA_DEMO_TURN_LEGAL] = { TERRA_AUTHOR_LEAD, "legal", TERRA_SENTIMENT_NEUTRAL, 0.0, NULL, "legal-question", "legal question", FALSE, LINES (legal_lines) },
  [TERRA_DEMO_TURN_HUMAN] = { TERRA_AUTHOR_LEAD, "human-request", TERRA_SENTIMENT_NEUTRAL, -0.1, NULL, "human-request", "asked for a human", FALSE, LINES (human_lines) },
  [TERRA_DEMO_TURN_COMPLAINT] = { TERRA_AUTHOR_LEAD, "complaint", TERRA_SENTIMENT_NEGATIVE, -0.75, NULL, "complaint", "complaint", FALSE, LINES (complaint_lines) },
  [TERRA_DEMO_TURN_COMPLAINT_HANDLED] = { TERRA_AUTHOR_LEAD, "complaint", TERRA_SENTIMENT_NEGATIVE, -0.45, NULL, NULL, NULL, FALSE, LINES (complaint_handled_lines) },
  [TERRA_DEMO_TURN_FOLLOWUP] = { TERRA_AUTHOR_ASSISTANT, "other", TERRA_SENTIMENT_NEUTRAL, 0.0, NULL, NULL, NULL, FALSE, LINES (followup_lines) },
  [TERRA_DEMO_TURN_OPT_OUT] = { TERRA_AUTHOR_LEAD, "opt-out", TERRA_SENTIMENT_NEGATIVE, -0.35, NULL, NULL, NULL, TRUE, LINES (opt_out_lines) },
  [TERRA_DEMO_TURN_SPAM] = { TERRA_AUTHOR_LEAD, "spam", TERRA_SENTIMENT_NEUTRAL, 0.0, NULL, NULL, NULL, FALSE, LINES (spam_lines) },
  [TERRA_DEMO_TURN_SPAM_AGAIN] = { TERRA_AUTHOR_LEAD, "spam", TERRA_SENTIMENT_NEUTRAL, 0.0, NULL, NULL, NULL, FALSE, LINES (spam_again_lines) },
  [TERRA_DEMO_TURN_NUDGE] = { TERRA_AUTHOR_LEAD, "other", TERRA_SENTIMENT_NEGATIVE, -0.3, NULL, NULL, NULL, FALSE, LINES (nudge_lines) },
  [TERRA_DEMO_TURN_OWNER_DISCOUNT] = { TERRA_AUTHOR_HUMAN, "other", TERRA_SENTIMENT_POSITIVE, 0.5, NULL, NULL, NULL, FALSE, LINES (owner_discount_lines) },
  [TERRA_DEMO_TURN_OWNER_LEGAL] = { TERRA_AUTHOR_HUMAN, "other", TERRA_SENTIMENT_POSITIVE, 0.4, NULL, NULL, NULL, FALSE, LINES (owner_legal_lines) },
  [TERRA_DEMO_TURN_OWNER_HUMAN] = { TERRA_AUTHOR_HUMAN, "other", TERRA_SENTIMENT_POSITIVE, 0.4, NULL, NULL, NULL, FALSE, LINES (owner_human_lines) },
  [TERRA_DEMO_TURN_OWNER_COMPLAINT] = { TERRA_AUTHOR_HUMAN, "other", TERRA_SENTIMENT_NEUTRAL, 0.1, NULL, NULL, NULL, FALSE, LINES (owner_complaint_lines) },
  [TERRA_DEMO_TURN_OWNER_BOOKING] = { TERRA_AUTHOR_HUMAN, "booking", TERRA_SENTIMENT_POSITIVE, 0.6, NULL, NULL, NULL, FALSE, LINES (owner_booking_lines) },
};

G_STATIC_ASSERT (G_N_ELEMENTS (turns) == TERRA_DEMO_N_TURNS);

const TerraDemoTurn *
terra_demo_get_turn (TerraDemoTurnId id)
{
  g_return_val_if_fail (id < TERRA_DEMO_N_TURNS, NULL);
  return &turns[id];
}
