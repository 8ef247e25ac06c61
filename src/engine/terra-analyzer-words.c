/* terra-analyzer-words.c — the analyzer's word lists
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * English, Hinglish (Hindi in Latin letters, as Indian leads type it on
 * WhatsApp), Hindi, Kannada, Tamil and Telugu, with the usual SMS spellings
 * ("pls", "tmrw", "kitne"). The syntax is described in
 * terra-analyzer-lexicon.c. Words are folded when compiled, so write them in
 * any case; Devanagari nuktas and chandrabindus fold away too.
 *
 * Weights of intent phrases: 1 a hint, 2 a good sign, 3 a clear request,
 * 4 for prices, discounts and legal matters, which must win over the words
 * they come with ("discount on the 3BHK"), 6 for reschedule and cancel
 * ("cancel my site visit" is no booking). Product words add up to at most
 * 3.5 (see terra-analyzer-classify.c). Sentiment values run from -3
 * to 3 per word, AFINN style.
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include "terra-analyzer-private.h"

const char *const terra_analyzer_currencies[] = {
  "INR", "USD", "GBP", "EUR", "AED", "AUD", "CAD", "SGD",
};

#define A(words, flags, value) { words, flags, value }

const TerraLexAttribute terra_analyzer_attributes[] = {
  /* Sentiment and negation */
  A ("not|no|never|dont|doesnt|didnt|isnt|wasnt|arent|werent|cant|cannot|couldnt|"
     "wont|wouldnt|shouldnt|havent|hasnt|hadnt|nothing|neither|nor|hardly|without|nobody|"
     "mat|na|nahi|nahin|nhi|नहीं|मत|ना|न", TERRA_LEX_NEGATOR, 0),
  A ("nahi|nahin|nhi|nai|नहीं|ಇಲ್ಲ|ಬೇಡ|இல்லை|வேண்டாம்|లేదు|కాదు|వద్దు", TERRA_LEX_POST_NEGATOR, 0),
  A ("very|really|so|too|extremely|absolutely|totally|completely|highly|truly|super|most|"
     "bahut|bohot|bahot|bht|bohat|ekdum|बहुत|ತುಂಬಾ|ரொம்ப|மிகவும்|చాలా", TERRA_LEX_INTENSIFIER, 0),
  A ("but|however|lekin|magar|लेकिन|मगर|ಆದರೆ|ஆனால்|కానీ", TERRA_LEX_BUT, 0),
  A ("please|pls|plz|plse|pl|now|right|ok|okay|thanks|thank|you|u|immediately|asap|all|"
     "it|this|kindly|sir|madam|maam|ji|me", TERRA_LEX_FILLER, 0),
  A ("why|did|didnt|never", TERRA_LEX_GUARD, 0),

  /* Dates and times */
  A ("january|jan|जनवरी", TERRA_LEX_MONTH, 1),
  A ("february|feb|फरवरी", TERRA_LEX_MONTH, 2),
  A ("march|mar|मार्च", TERRA_LEX_MONTH, 3),
  A ("april|apr|अप्रैल", TERRA_LEX_MONTH, 4),
  A ("may|मई", TERRA_LEX_MONTH, 5),
  A ("june|jun|जून", TERRA_LEX_MONTH, 6),
  A ("july|jul|जुलाई", TERRA_LEX_MONTH, 7),
  A ("august|aug|अगस्त", TERRA_LEX_MONTH, 8),
  A ("september|sep|sept|सितंबर|सितम्बर", TERRA_LEX_MONTH, 9),
  A ("october|oct|अक्टूबर|अक्तूबर", TERRA_LEX_MONTH, 10),
  A ("november|nov|नवंबर|नवम्बर", TERRA_LEX_MONTH, 11),
  A ("december|dec|दिसंबर|दिसम्बर", TERRA_LEX_MONTH, 12),
  A ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|march|"
     "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun", TERRA_LEX_ABBREVIATION, 0),
  A ("monday|mon|somvar|somwar|सोमवार|ಸೋಮವಾರ*|திங்கள்*|సోమవార*",
     TERRA_LEX_WEEKDAY, G_DATE_MONDAY),
  A ("tuesday|tue|tues|mangalvar|mangalwar|मंगलवार|ಮಂಗಳವಾರ*|செவ்வா*|మంగళవార*",
     TERRA_LEX_WEEKDAY, G_DATE_TUESDAY),
  A ("wednesday|wed|budhvar|budhwar|बुधवार|ಬುಧವಾರ*|புதன்*|బుధవార*",
     TERRA_LEX_WEEKDAY, G_DATE_WEDNESDAY),
  A ("thursday|thu|thur|thurs|guruvar|guruwar|brihaspativar|गुरुवार|बृहस्पतिवार|ಗುರುವಾರ*|"
     "வியாழ*|గురువార*", TERRA_LEX_WEEKDAY, G_DATE_THURSDAY),
  A ("friday|fri|shukravar|shukrawar|शुक्रवार|ಶುಕ್ರವಾರ*|வெள்ளி*|శుక్రవార*",
     TERRA_LEX_WEEKDAY, G_DATE_FRIDAY),
  A ("saturday|sat|shanivar|shaniwar|शनिवार|ಶನಿವಾರ*|சனி*|శనివార*",
     TERRA_LEX_WEEKDAY, G_DATE_SATURDAY),
  A ("sunday|sun|ravivar|raviwar|itvaar|itwar|रविवार|इतवार|ಭಾನುವಾರ*|ஞாயிற*|ఆదివార*",
     TERRA_LEX_WEEKDAY, G_DATE_SUNDAY),
  A ("today|tonight|tonite|aaj|aj|आज|ಇಂದು|ಇವತ್ತು*|இன்று|இன்னைக்கு|ఈరోజు|ఇవాళ|నేడు",
     TERRA_LEX_DAY_OFFSET, 0),
  A ("tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|2moro|2morrow|kal|कल|ನಾಳೆ*|"
     "நாளை*|రేపు", TERRA_LEX_DAY_OFFSET, 1),
  A ("parso|parson|परसों|ನಾಡಿದ್ದು|ఎల్లుండి", TERRA_LEX_DAY_OFFSET, 2),
  A ("morning|mrng|morng|mornin|morn|subah|subha|savere|sawere|सुबह|सवेरे|ಬೆಳಿಗ್ಗೆ|ಬೆಳಗ್ಗೆ|"
     "காலை*|ఉదయం", TERRA_LEX_DAY_PART, TERRA_PART_MORNING),
  A ("afternoon|aftrnoon|dopahar|dopehar|dophar|दोपहर|ಮಧ್ಯಾಹ್ನ|மதியம்|మధ్యాహ్నం",
     TERRA_LEX_DAY_PART, TERRA_PART_AFTERNOON),
  A ("evening|evng|eve|evenin|shaam|sham|शाम|ಸಂಜೆ|மாலை|సాయంత్రం",
     TERRA_LEX_DAY_PART, TERRA_PART_EVENING),
  A ("night|tonight|tonite|raat|रात|ರಾತ್ರಿ|இரவு|రాత్రి", TERRA_LEX_DAY_PART, TERRA_PART_NIGHT),
  A ("am", TERRA_LEX_MERIDIEM, 0),
  A ("pm", TERRA_LEX_MERIDIEM, 12),
  A ("oclock|baje|bje|bajey|बजे|ಗಂಟೆ*|மணி*|గంటల*", TERRA_LEX_OCLOCK, 0),
  A ("noon|midday", TERRA_LEX_CLOCK, 12),
  A ("midnight", TERRA_LEX_CLOCK, 0),
  A ("this|coming|upcoming|is|iss|aane|ee|ಈ|இந்த|ఈ|వచ్చే", TERRA_LEX_THIS, 0),
  A ("next|agle|agla|agli|अगले|अगला|अगली|ಮುಂದಿನ|அடுத்த", TERRA_LEX_NEXT, 0),
  A ("week|wk|hafte|hafta|हफ्ते|हफ्ता|सप्ताह|ವಾರ*|வாரம்*|వారం*", TERRA_LEX_WEEK, 0),
  A ("weekend|weekends", TERRA_LEX_WEEKEND, 0),
  A ("minute|minutes|min|mins|mnt|mints|मिनट", TERRA_LEX_UNIT, TERRA_UNIT_MINUTE),
  A ("hour|hours|hr|hrs|ghanta|ghante|घंटे|घंटा", TERRA_LEX_UNIT, TERRA_UNIT_HOUR),
  A ("day|days|din|dino|दिन", TERRA_LEX_UNIT, TERRA_UNIT_DAY),
  A ("week|weeks|wk|wks|hafte|hafta|हफ्ते", TERRA_LEX_UNIT, TERRA_UNIT_WEEK),
  A ("month|months|mahina|mahine|महीने|महीना", TERRA_LEX_UNIT, TERRA_UNIT_MONTH),
  A ("in|after|within", TERRA_LEX_IN, 0),
  A ("later|baad|बाद|mein|me|main|में", TERRA_LEX_LATER, 0),
  A ("at|on|in|by|around|about|abt|approx|the|of|ko|ke|ki|pe|say|maybe|preferably|"
     "ideally|latest|before|को|के|की|पर", TERRA_LEX_CONNECTOR, 0),
  A ("at|by|around|about|abt|approx|approximately|till|until|after|before|between|from|"
     "say|maybe|sharp", TERRA_LEX_AT, 0),
  A ("good|gud|shubh|शुभ", TERRA_LEX_GOOD, 0),
  A ("a|an|one|ek|एक", TERRA_LEX_NUMBER, 1),
  A ("two|couple|do|दो", TERRA_LEX_NUMBER, 2),
  A ("three|few|teen|तीन", TERRA_LEX_NUMBER, 3),
  A ("four|char|chaar|चार", TERRA_LEX_NUMBER, 4),
  A ("five|paanch|panch|पांच|पाँच", TERRA_LEX_NUMBER, 5),
  A ("six|chhe|che|छह", TERRA_LEX_NUMBER, 6),
  A ("seven|saat|सात", TERRA_LEX_NUMBER, 7),
  A ("eight|aath|आठ", TERRA_LEX_NUMBER, 8),
  A ("nine|nau|नौ", TERRA_LEX_NUMBER, 9),
  A ("ten|das|दस", TERRA_LEX_NUMBER, 10),
  A ("eleven|gyarah|ग्यारह", TERRA_LEX_NUMBER, 11),
  A ("twelve|barah|बारह", TERRA_LEX_NUMBER, 12),

  /* Money: the value of a magnitude is its power of ten. */
  A ("k|thousand|thousands|hazar|hazaar|हजार", TERRA_LEX_MAGNITUDE, 3),
  A ("l|lakh|lakhs|lac|lacs|lak|lakhs|laakh|लाख|ಲಕ್ಷ|ಲಕ್ಷದ|ಲಕ್ಷಗಳು|லட்சம்|லட்சத்து|"
     "லட்சங்கள்|లక్ష|లక్షలు|లక్షల", TERRA_LEX_MAGNITUDE, 5),
  A ("m|mn|mil|million|millions", TERRA_LEX_MAGNITUDE, 6),
  A ("cr|crore|crores|crs|karod|karor|करोड|ಕೋಟಿ|கோடி|కోటి*", TERRA_LEX_MAGNITUDE, 7),
  A ("b|bn|billion|billions", TERRA_LEX_MAGNITUDE, 9),
  A ("rs|inr|rupees|rupee|rupay|rupaye|rupaiye|₹|रुपये|रुपए|रु|ರೂ|ரூ|రూ",
     TERRA_LEX_CURRENCY, TERRA_CURRENCY_INR),
  A ("usd|dollars|dollar|bucks|$", TERRA_LEX_CURRENCY, TERRA_CURRENCY_USD),
  A ("gbp|pounds|£", TERRA_LEX_CURRENCY, TERRA_CURRENCY_GBP),
  A ("eur|euro|euros|€", TERRA_LEX_CURRENCY, TERRA_CURRENCY_EUR),
  A ("aed|dirham|dirhams", TERRA_LEX_CURRENCY, TERRA_CURRENCY_AED),
  A ("aud", TERRA_LEX_CURRENCY, TERRA_CURRENCY_AUD),
  A ("cad", TERRA_LEX_CURRENCY, TERRA_CURRENCY_CAD),
  A ("sgd", TERRA_LEX_CURRENCY, TERRA_CURRENCY_SGD),
  A ("budget|budgt|under|upto|below|within|around|approx|approximately|max|maximum|range|"
     "less|than|tak|about|afford|spend|बजट|ಬಜೆಟ್|பட்ஜெட்|బడ్జెట్", TERRA_LEX_BUDGET_CUE, 0),

  A ("sqft|sq|square|ft|feet|yards|yard|acre|acres|sqm|sqyd|gaj|meters|metres|people|persons|"
     "person|pax|years|yrs|year|km|kms|bhk|floor|floors|units|unit|students|kids|children|"
     "sessions|classes|rooms|minutes|mins|hours|hrs|days|weeks|months|percent",
     TERRA_LEX_MEASURE, 0),

  /* Contacts and names */
  A ("call|phone|number|mobile|mob|contact|whatsapp|ph|cell|reach|no|num|tel|नंबर|नम्बर",
     TERRA_LEX_PHONE_CUE, 0),
  A ("mr|mrs|ms|miss|dr|prof|shri|smt", TERRA_LEX_TITLE, 0),
  A ("interested|looking|from|here|not|very|also|just|new|back|calling|writing|texting|"
     "available|sure|fine|good|glad|happy|sorry|coming|going|planning|trying|asking|"
     "searching|a|an|the|in|at|on|with|and|or|your|you|we|they|it|is|ok|okay|ready|done|"
     "busy|free|there|still|already|currently|keen|hoping|wondering|unable|able|late|"
     "waiting|moving|relocating|getting|having|reaching|following|hai|hoon|hu|hun|h|है|हूँ|"
     "हूं|bhi|ji|sir|madam|maam|bro|bhai|confused|worried|disappointed|frustrated|angry|"
     "upset|tired|afraid|unhappy|satisfied|single|married|owner|buyer|tenant|student|parent|"
     "patient|customer|client|agent|broker|doctor|mother|father|mom|dad|wife|husband|son|"
     "daughter|messaging|enquiring|inquiring|excited|thinking|checking|that|this|what|so|"
     "too|being|been|regarding|about|re|replying|responding|bit|little|really|definitely|"
     "probably|certainly|again|near|nearby|staying|living|working|based|old|outside|abroad|"
     "nri|retired|self|employed|salaried|urgent|important|concerning|well|alright",
     TERRA_LEX_NOT_NAME, 0),
  { NULL, 0, 0 }
};

const TerraLexAttribute terra_analyzer_languages[] = {
  { "the|is|are|was|were|i|im|ive|ill|id|you|your|youre|my|me|we|our|what|whats|how|when|"
    "where|which|who|why|can|could|would|will|should|please|pls|plz|want|need|for|of|and|"
    "with|this|that|have|has|do|does|it|its|in|on|at|be|am|there|any|an|a|if|or|but|not|"
    "dont|cant|from|about|looking|interested|like|know|get|just|also|some|thanks|thank|"
    "hello|hey|yes|still|much|many|more|send|tell|share|tomorrow|today|visit|book|"
    "available|price|cost|please|sure|okay|great|good|regards|call|talk", TERRA_LANG_EN },
  { "hai|hain|h|hei|kya|kyaa|nahi|nahin|nhi|chahiye|chahie|chaiye|chahta|chahti|kitna|"
    "kitne|kitni|mujhe|mujhko|bhai|bhaiya|acha|accha|achha|achchha|ghar|paisa|paise|ka|ki|"
    "ke|ko|se|mein|hum|humein|hume|hamein|aap|aapka|aapki|aapke|aapko|tum|tumhara|mera|"
    "meri|mere|hamara|apna|apne|kab|kaha|kahan|kidhar|kaise|kaisa|kaisi|karna|karni|karo|"
    "kar|kr|kro|krna|dijiye|kijiye|karein|batao|bataye|bataiye|batayiye|bata|abhi|kal|"
    "aaj|parso|shaam|subah|raat|baje|theek|thik|haan|haa|ji|bhi|toh|hoga|hogi|honge|tha|"
    "thi|yeh|ye|yah|woh|wo|vo|kuch|sab|kaun|kaunsa|konsa|kyun|kyu|kyon|lekin|aur|bahut|"
    "bohot|bahot|zyada|jyada|sasta|mehenga|mehnga|milega|milegi|milenge|dekhna|dekhne|"
    "aana|aaunga|aaungi|aayenge|lena|lene|leni|wala|wali|wale|sakta|sakti|sakte|chalega|"
    "bolo|boliye|samajh|pata|hoon|hu|hun|raha|rahi|rahe|gaya|gayi|gaye|diya|liya|pehle|"
    "baad|bas|naam|kaam|wapas|sahi|ekdum|koi|kisi|agar|phir|fir|saath|sath|liye|wahan|"
    "yahan|makaan|makan|bhej|bhejo|bhejiye|bhejna|mat|band|kyunki|jaldi|thoda|accha|"
    "dhanyavad|dhanyawad|shukriya|namaste|kab|rupaye|lakh|wali|hai|ho|hua|huyi|chahte|"
    "batana|bataiyega|milna|milne|aa|aau|jayega|hogaya|gya|kitne|paas", TERRA_LANG_HINGLISH },
  { "hola|quiero|gracias|por|favor|cuanto|cuánto|precio|usted|buenos|buenas|dias|días|"
    "necesito|para|una|con|estoy|esta|está|el|los|las|que|qué|donde|dónde|casa|"
    "informacion|información|sí|tiene|tienen|busco|piso", TERRA_LANG_ES },
  { "bonjour|merci|je|vous|est|les|des|une|pour|avec|combien|prix|voudrais|suis|bonsoir|"
    "oui|appartement|maison|où|quand|rendez|cherche|nous|pouvez", TERRA_LANG_FR },
  { "hallo|ich|bitte|danke|und|ist|nicht|wie|viel|kostet|mit|guten|eine|möchte|"
    "wohnung|haus|termin|wann|wo|sie|haben|suche", TERRA_LANG_DE },
  { "olá|ola|obrigado|obrigada|quanto|você|voce|quero|preço|preco|não|nao|uma|com|bom|"
    "dia|casa|apartamento|gostaria|está|para|por|tem|procuro", TERRA_LANG_PT },
  { NULL, 0, 0 }
};

#define INTENT(intent, weight, phrases) { TERRA_RULE_INTENT, TERRA_INTENT_##intent, weight, phrases }
#define SENTIMENT(value, phrases) { TERRA_RULE_SENTIMENT, 0, value, phrases }
#define OBJECTION(flag, phrases) { TERRA_RULE_OBJECTION, TERRA_OBJECTION_##flag, 1, phrases }
#define ESCALATION(flag, phrases) { TERRA_RULE_ESCALATION, TERRA_ESCALATION_##flag, 1, phrases }

const TerraLexGroup terra_analyzer_rules[] = {
  INTENT (GREETING, 1,
          "hi|hii|hiii|hiiii|hello|helo|hellow|hallo|hey|heya|hiya|namaste|namaskar|namaskaram|"
          "good morning|good afternoon|good evening|gud morning|gm|greetings|hola|bonjour|"
          "salaam|salam|assalamualaikum|vanakkam|yo|sup|hey there|good day|ram ram|"
          "नमस्ते|नमस्कार|हेलो|हाय|ನಮಸ್ಕಾರ*|ನಮಸ್ತೆ|ಹಲೋ|வணக்கம்|ஹலோ|నమస్కారం|నమస్తే|హలో"),

  INTENT (PRICING, 4,
          "price|prices|pricing|priced|how much|cost|costs|costing|rate|rates|fee|fees|charges|"
          "charge|quote|quotation|rate card|price list|kitna|kitnaa|kitne ka|kitne ki|kitne mein|"
          "kitne me|kitne main|kitni hai|daam|keemat|"
          "kimat|kharcha|kya rate|per sqft|psf|price per|total cost|all inclusive|"
          "maintenance charges|कीमत|दाम|कितना|कितने का|कितने की|कितने में|रेट|प्राइस|फीस|शुल्क|"
          "खर्चा|"
          "ಬೆಲೆ*|ದರ|ಶುಲ್ಕ|ಫೀಸ್|ರೇಟ್|ಖರ್ಚು|விலை*|கட்டண*|ரேட்|செலவு|ధర*|ఫీజు|రేటు|ఖర్చు"),
  INTENT (PRICING, 4, "booking amount|booking fee|booking charges"),
  INTENT (PRICING, 2,
          "included|inclusive|exclusive|registration|stamp duty|extra charges|extra cost|"
          "ಎಷ್ಟು|எவ்வளவு|ఎంత|kitne|kitni|कितने|कितनी|affordable|cheap|cheapest|gst|hw much|"
          "wat price|pp|"
          "how much does|what does it cost|whats the damage"),

  INTENT (BOOKING, 3,
          "book|booking|bookings|book karna|book karo|appointment|appointments|appt|"
          "site visit|slot|slots|when can i come|fix ~ appointment|fix ~ meeting|fix ~ visit|"
          "fix ~ time|fix ~ slot|trial class|demo class|free trial|dekhne aana|dekhne aa|"
          "apointment|appoinment|appointmnt|apointmnt|appoitment|appoinments|"
          "visit karna|visit kar|appointment chahiye|schedule ~ visit|schedule ~ call|"
          "schedule ~ appointment|schedule ~ meeting|video call tour|virtual tour|video tour|"
          "virtual visit|video call|"
          "अपॉइंटमेंट|अपॉइन्टमेंट|बुक|बुकिंग|विजिट|ಅಪಾಯಿಂಟ್ಮೆಂಟ್*|ಬುಕ್*|ಭೇಟಿ*|ವಿಸಿಟ್|"
          "அப்பாயிண்ட்மெண்ட்*|அப்பாயின்ட்மென்ட்*|புக்*|முன்பதிவு*|விசிட்|"
          "అపాయింట్మెంట్*|అపాయింట్‌మెంట్*|బుక్*|సందర్శన*|విజిట్"),
  INTENT (BOOKING, 2,
          "visit|visiting|schedule|viewing|availability|can i come|can we come|i will come|"
          "ill come|come and see|come over|come by|drop by|drop in|see the flat|"
          "see the property|see the house|see the place|see the apartment|see the villa|"
          "see the plot|meet|meeting|demo|consultation|consult|checkup|check up|reserve|"
          "reservation|are you free|are you available|is the doctor available|"
          "milna hai|milna|milne|aana hai|aa sakta|aa sakti|aa sakte|aa jaun|aa jau|"
          "dekhna hai|time milega|slot milega|आ सकते|आ सकता|आ सकती|आऊं|आना है|मिल सकते|dikhana|"
          "dikha do|dikhao|dikhaiye|मिलना|देखने|ನೋಡಲು|ಬರಬಹುದ*|ಬರಲ*|பார்க்க|"
          "வரலாமா|வரலாம்|చూడటానికి|రావచ్చా|రావచ్చు"),
  INTENT (BOOKING, 1, "available|come|confirm|free"),
  INTENT (BOOKING, 2.5, "can we start|when can we start|start from|join|joining|admission|"
          "enroll|enrol|enrolment|enrollment|sign up|register for"),

  INTENT (RESCHEDULE, 6,
          "reschedule|rescheduling|resched|postpone|prepone|cancel|cancellation|cancelled|"
          "canceled|call off|cant make it|cant come|cannot come|cannot make it|wont be able to|"
          "not able to come|unable to come|will not come|wont come|move ~ appointment|"
          "move ~ booking|move ~ visit|move it to|change ~ appointment|change ~ booking|"
          "change the time|change the date|change the slot|change timing|shift ~ appointment|"
          "shift ~ booking|shift ~ visit|shift it to|another day|another time|some other day|"
          "different time|different day|different date|push ~ appointment|cancel karna|"
          "move ~ demo|move ~ class|move ~ session|move ~ consultation|"
          "cancel karo|cancel kar|nahi aa paunga|nahi aa paungi|nahi aa sakta|nahi aa sakti|"
          "nahi aa payenge|aa nahi paunga|aa nahi paungi|aa nahi sakta|time change|date change|"
          "नहीं आ पाऊंगा|नहीं आ पाऊंगी|नहीं आ सकता|नहीं आ सकती|ಬರಲು ಆಗುವುದಿಲ್ಲ|ಬರಲ್ಲ|"
          "ಬರಕ್ಕಾಗಲ್ಲ|வர முடியாது|வர இயலாது|రాలేను|రాలేము|రాలేకపోతున్నా*|వేరే రోజు|"
          "रद्द|कैंसिल|ಕ್ಯಾನ್ಸಲ್*|ರದ್ದು*|ಮುಂದೂಡ*|ரத்து*|கேன்சல்*|ஒத்திவை*|రద్దు*|క్యాన్సిల్*|"
          "వాయిదా*"),

  INTENT (RESCHEDULE, 2, "instead"),
  INTENT (RESCHEDULE, 6, "be late|running late|mins late|minutes late|min late|bit late|"
          "little late|get late|late ho"),

  INTENT (LOCATION, 3,
          "location|located|address|addr|directions|direction|how to reach|how do i reach|"
          "how to get there|how do i get there|google map|google maps|map|maps|location pin|"
          "share location|send location|landmark|nearest metro|which area|which locality|"
          "where is|where are|where exactly|kaha|kahan|kidhar|kaha hai|kahan hai|address bhejo|"
          "location bhejo|कहाँ|कहां|लोकेशन|पता|एड्रेस|ಎಲ್ಲಿ*|ವಿಳಾಸ*|ಲೊಕೇಶನ್|ಅಡ್ರೆಸ್|"
          "எங்கே|எங்க|முகவரி*|லொகேஷன்|அட்ரஸ்|ఎక్కడ*|చిరునామా*|అడ్రస్|లొకేషన్"),
  INTENT (LOCATION, 2, "where|whr|how far|distance|close to|far from|reach"),
  INTENT (LOCATION, 1, "near|nearby"),
  INTENT (LOCATION, 3, "near your|near you|is near|is it near|near to|how near|nearest|"
                       "send ~ location|"
          "share ~ location|send ~ address|share ~ address"),

  INTENT (PROPERTY_DETAILS, 2,
          "bhk|sqft|sq ft|square feet|carpet|built up|super built|amenities|amenity|"
          "furnished|semi furnished|unfurnished|villa|villas|plot|plots|apartment|apartments|"
          "ready to move|possession|under construction|vastu|facing|east facing|north facing|"
          "balcony|balconies|details|detail|brochure|floor plan|floor plans|photos|pictures|"
          "pics|more info|information|info|services|do you do|do you offer|do you provide|"
          "do you treat|do you accept|do you teach|haircut|hair cut|facial|keratin|hair spa|"
          "manicure|pedicure|waxing|threading|bridal|makeup|hair colour|hair color|"
          "highlights|smoothening|rebonding|root canal|teeth cleaning|cleaning|whitening|"
          "braces|implant|implants|treatment|procedure|physiotherapy|vaccination|syllabus|"
          "course|courses|classes|batch|batches|subjects|tuition|tuitions|coaching|maths|"
          "physics|chemistry|biology|cbse|icse|igcse|jee|neet|board exam|board exams|"
          "rera|khata|a khata|bda approved|dtcp|clear title|resale|new launch|"
          "gated community|lift|lifts|elevator|power backup|security|clubhouse|club house|"
          "garden|playground|pet friendly|pets|car parking|covered parking|water supply|"
          "algebra|geometry|calculus|homework|spoken english|ielts|toefl|"
          "स्क्वायर फीट|बेडरूम|bedroom|bedrooms|bathroom|bathrooms|how many rooms|how big|"
          "listing|listings|looking for|searching for|interested in|want to buy|want to rent|"
          "to buy|for rent|on rent|rent|lease|buy|purchase|size|package|packages|"
          "still available|is it available|parking|flat|flats|property|properties|project|"
          "kitne sqft|kaunsa floor|details bhejo|details chahiye|jaankari|jankari|ghar|"
          "makaan|flat chahiye|ब्रोशर|ಬ್ರೋಶರ್|ப்ரோஷர்|బ్రోచర్|जानकारी|विवरण|फ्लैट|घर|मकान|प्लॉट|"
          "ಮನೆ*|ವಿವರ*|ಫ್ಲಾಟ್*|ಸೈಟ್*|"
          "வீட*|விவர*|ஃப்ளாட்*|பிளாட்*|ఇల్లు|ఇంటి*|వివరా*|ఫ్లాట్*|ప్లాట్*"),
  INTENT (PROPERTY_DETAILS, 1,
          "floor|gym|pool|swimming pool|house|home|spa|dentist|doctor|class|subject|teacher|"
          "grade|help with|do you have|kitne din|kitne time|kitna time|kitne saal|कितने दिन|"
          "tutor|hair|nails|experience|qualified|options|show me|area|rooms|room"),

  INTENT (HOURS, 4,
          "hours|opening hours|working hours|business hours|office hours|visiting hours|"
          "timings|timing|open|opens|opening|closes|closing|closed|till when|until when|"
          "what time do you|kab khulta|kab tak khula|kab tak open|khula|khulta|khulega|band hota|"
          "kab band|"
          "khule|समय|खुल*|बंद होता|टाइमिंग|ಸಮಯ*|ತೆರೆದ*|ತೆರೆಯ*|ಟೈಮಿಂಗ್*|"
          "நேரம்*|திற*|டைமிங்*|సమయ*|తెరు*|తెరిచ*|టైమింగ్*"),
  INTENT (HOURS, 5, "kitne baje|कितने बजे|ಎಷ್ಟು ಗಂಟೆಗೆ|எத்தனை மணிக்கு|ఎన్ని గంటలకు"),
  INTENT (HOURS, 2, "close|what time|samay|which days|sunday open|open on"),
  INTENT (HOURS, 1.5, "kab tak"),

  INTENT (FINANCING, 3,
          "loan|loans|home loan|emi|emis|finance|financing|financed|bank loan|mortgage|"
          "installment|installments|instalment|instalments|payment plan|down payment|interest rate|"
          "rate of interest|"
          "downpayment|no cost emi|subvention|pre emi|bank approved|insurance|cashless|"
          "kist|kisht|in installments|in instalments|pay in parts|pay in|लोन|ऋण|किस्त|ईएमआई|ಸಾಲ*|"
          "ಲೋನ್*|ಇಎಂಐ|கடன்*|லோன்*|தவணை*|రుణ*|లోన్*|ఈఎంఐ"),
  INTENT (FINANCING, 2, "payment options|pay later|part payment|sbi|hdfc|icici|axis|bank|"
          "credit card|payment|payments|card payment|pay by card|upi|gpay|paytm|cheque|"
          "debit card"),

  INTENT (COMPLAINT, 3,
          "complaint|complaints|complain|complaining|not happy|unhappy|disappointed|"
          "disappointing|worst|pathetic|bad service|poor service|bad experience|rude|"
          "unprofessional|cheated|refund|money back|ruined|damaged|overcharged|"
          "charged me extra|charged extra|shikayat|bakwas|ghatiya|शिकायत|बकवास|घटिया|"
          "ದೂರು*|ಅಸಮಾಧಾನ*|புகார்*|ఫిర్యాదు*|అసంతృప్తి*|never again|not satisfied|"
          "nobody is calling|no one is calling|nobody calling|no one calling|keep calling|"
          "keeps calling|still no|still not|still havent|still didnt|was late|came late|"
          "always late|annoying|irritating|"
          "very bad|so bad|horrible|terrible|waste of money|waste of time"),
  INTENT (COMPLAINT, 2,
          "delayed|still waiting|no response|no reply|no one called|nobody called|"
          "nobody is responding|not responding|didnt call|not received|burnt|"
          "upset|angry|furious|frustrated|annoyed|came out|went wrong|messed up|spoiled|"
          "lied|misled|misleading|false promise|rash|rashes|allergy|allergic|reaction|"
          "infection|swelling|bleeding|"
          "mistake|wrong|kharab|bekar|pareshan|खराब|बेकार|ಕೆಟ್ಟ*|மோசம*|"
          "చెత్త*|problem|issue|delay|waiting since|no update|no updates|been waiting|"
          "waiting for"),

  INTENT (HUMAN_REQUEST, 4,
          "talk to ~ human|talk to ~ person|talk to ~ agent|talk to ~ manager|"
          "talk to ~ owner|talk to someone|talk to somebody|talk to ~ representative|"
          "talk to ~ executive|speak to ~ human|speak to ~ person|speak to ~ agent|"
          "speak to ~ manager|speak to ~ owner|speak to someone|speak with ~ human|"
          "speak with ~ person|speak with someone|speak with ~ manager|speak with ~ owner|"
          "real person|real human|actual person|live agent|human agent|call me|call me back|"
          "give me a call|can you call|can someone call|please call|phone me|ring me|"
          "are you a bot|are you a robot|is this a bot|is this automated|are you human|"
          "are you real|connect me|baat karni hai|baat karna hai|baat karao|baat kara do|"
          "call karo|call kijiye|call kar do|call krdo|phone karo|phone kijiye|"
          "owner se baat|kisi se baat|insaan se|बात करनी|बात करना|बात कराओ|कॉल करें|"
          "कॉल करो|फोन करें|फोन करो|ಕರೆ ಮಾಡಿ|ಕಾಲ್ ಮಾಡಿ|ಮಾತನಾಡ*|அழைக்கவும்|"
          "கால் பண்ண*|கூப்பிடு*|பேச வேண்டும்|பேசணும்|பேசவேண்டும்|కాల్ చేయండి|"
          "ఫోన్ చేయండి|మాట్లాడాలి|మాట్లాడ*"),
  INTENT (HUMAN_REQUEST, 2, "human|representative|customer care|call back|callback|"
          "not a bot|call karna|call karein|insaan|bot|robot|anyone there|anybody there|"
          "automated|chatbot|are you ~ ai|is this ~ ai|ai bot|auto reply|automatic reply|"
          "talk to mr|talk to mrs|talk to ms|"
          "talk to dr|speak to mr|speak to mrs|speak to ms|speak to dr|speak with mr|"
          "speak with dr|talk with ~ owner|talk with ~ manager|talk with someone"),
  INTENT (HUMAN_REQUEST, 1.5, "agent|manager|owner"),

  INTENT (LEGAL, 4,
          "lawyer|lawyers|attorney|legal notice|legal action|court|sue|suing|consumer forum|"
          "consumer court|rera complaint|complaint to rera|complain to rera|"
          "complaint with rera|file a case|file case|police complaint|file an fir|"
          "file fir|cheating case|vakeel|vakil|kanooni|notice bhejunga|court mein|"
          "case karunga|case kar dunga|वकील|कानूनी|अदालत|कोर्ट|मुकदमा|ಕಾನೂನು*|ವಕೀಲ*|"
          "ನ್ಯಾಯಾಲಯ*|ಕೋರ್ಟ್*|சட்ட*|வழக்கறிஞர்*|நீதிமன்ற*|கோர்ட்*|வழக்கு*|చట్ట*|"
          "లాయర్*|న్యాయవాది*|కోర్టు*"),
  INTENT (LEGAL, 1.5, "legal"),
  INTENT (LEGAL, 3, "advocate|police|पुलिस|ಪೊಲೀಸ್*|போலீஸ்*|పోలీస్*|fraud case"),

  INTENT (DISCOUNT, 6,
          "discount|discounts|any offer|any offers|best price|best rate|final price|"
          "last price|lowest price|best deal|negotiable|negotiate|negotiation|reduce the price|"
          "lower the price|reduce price|price reduce|coupon|promo|promo code|concession|"
          "waive|waiver|kam karo|kam kar do|kam kardo|kuch kam|thoda kam|kam ho sakta|"
          "kam hoga|rate kam|discount milega|chhoot|chhut|छूट|डिस्काउंट|कम करो|कम कर|"
          "ರಿಯಾಯಿತಿ*|ಡಿಸ್ಕೌಂಟ್*|தள்ளுபடி*|டிஸ்கவுண்ட்*|డిస్కౌంట్*|తగ్గింపు*|తగ్గించ*|"
          "best offer|special price|any deal|bargain|something off|anything off|little off|"
          "bit off|percent off"),
  INTENT (DISCOUNT, 1.5, "offer"),
  INTENT (DISCOUNT, 2, "offers|deal|reduce|bring down|come down|cheaper|better price|"
          "ಕಡಿಮೆ|குறைக்க*|குறைவா*"),

  INTENT (SPAM, 4,
          "click here|click the link|click below|crypto|cryptocurrency|bitcoin|forex|"
          "earn money|earn from home|work from home|guaranteed returns|casino|lottery|"
          "you have won|youve won|seo|backlinks|website design|digital marketing|"
          "marketing services|instagram followers|increase your sales|boost your business|"
          "loan approved|pre approved loan|viagra|investment opportunity|double your money|"
          "claim your|account blocked|kyc update|sexy|dating|hot singles|"
          "we provide|our services include|guest post|web development|app development"),
  INTENT (SPAM, 2, "winner|prize|followers|limited time offer|free gift|congratulations|"
          "otp|kyc|subscribe to my channel|earn|profit daily"),

  /* Not a request at all: the lead is done. */
  INTENT (OTHER, 2.5, "thanks|thank|thx|thnx|thanku|tysm|dhanyavad|dhanyawad|shukriya|"
          "धन्यवाद|शुक्रिया|ಧನ್ಯವಾದ*|நன்றி*|ధన్యవాద*|noted|got it|sounds good|will do|"
          "appreciate it"),
  INTENT (OTHER, 3, "already bought|already purchased|already booked|not interested|"
          "no thanks|no thank you|not looking|found one|found a flat|found a place|"
          "found a house|bought elsewhere|not required|no need"),

  /* Sentiment */
  SENTIMENT (3, "excellent|amazing|awesome|fantastic|wonderful|love|loved|loving|perfect|"
             "superb|outstanding|brilliant|shandar|shaandaar|zabardast|kamaal|"
             "❤|😍|🥰|😘|🤩|💯|ಅದ್ಭುತ*|அருமை*|அற்புத*|అద్భుత*|బ్రహ్మాండ*"),
  SENTIMENT (2, "best|great|good|nice|happy|glad|pleased|satisfied|helpful|beautiful|lovely|"
             "thanks|thank|thx|thnx|thanku|tysm|appreciate|appreciated|excited|wow|yay|congrats|"
             "congratulations|"
             "badhiya|badiya|mast|dhanyavad|dhanyawad|shukriya|बढिया|धन्यवाद|शुक्रिया|"
             "ಧನ್ಯವಾದ*|ಚೆನ್ನಾಗಿದೆ|ಒಳ್ಳೆಯ*|ಸೂಪರ್|நன்றி*|நல்ல|நல்லது|நல்லா|சூப்பர்|"
             "ధన్యవాద*|బాగుంది|మంచి|సూపర్|👍|😊|😀|😃|😄|😁|👌|🎉|🤗|☺|😇|🥳|💖|💕|✨|acha hai|accha hai|"
             "achha hai|bahut acha|bahut accha|अच्छा है"),
  SENTIMENT (1.5, "🙏|🙂|😂|🤣|😅|cool|keen|"
             "welcome|pleasure|recommend|recommended|reasonable|fair|convenient|smooth|"
             "quick|fast|clean|spacious|professional|friendly|polite|kind|blessed|decent|useful"),
  SENTIMENT (1, "like|liked|fine|sure|hope|hopefully|affordable|interested|"
             "exciting|comfortable|ready|acha|accha|achha|achchha|अच्छा|अच्छी|अच्छे"),
  /* Set phrases whose words would say more than the phrase does. */
  SENTIMENT (-2, "best price|best rate|best deal|best offer|best possible|best option|"
             "best time|best interest|best way"),
  SENTIMENT (-2, "good morning|good afternoon|good evening|good night|good day|gud morning"),
  SENTIMENT (-1.5, "pet friendly|kid friendly|family friendly|budget friendly|eco friendly|"
             "user friendly"),
  SENTIMENT (-1, "problem|issue|delay|expensive|costly|confused|confusing|doubt|"
             "worried|worry|concern|concerned|difficult|slow|unfortunately|sorry|hurt|hurts|pain|"
             "ಜಾಸ್ತಿ|"
             "high|pricey|busy|small|tiny|old|noisy|dirty|far|waiting|wait|அதிகம்|mehenga|mehnga|"
             "mahenga|mehanga|महंगा|🤔|😐|😕"),
  SENTIMENT (-1.5, "delayed|wrong|mistake|sad|overpriced|no response|no reply|still waiting|"
             "not responding|ignored|ignoring|careless|poor|spam|spamming|too high|too much|"
             "scared|afraid|nervous|anxious|painful|rash|rashes|allergy|infection|zyada hai|"
             "jyada hai|ज्यादा है|स्पैम|"
             "bahut mehenga|bahut mehnga|bohot mehenga|बहुत महंगा|ரொம்ப அதிகம்|ತುಂಬಾ ಜಾಸ್ತಿ|"
             "too expensive|very high|so high|😔|😒|🙄|😟|🥺"),
  SENTIMENT (-2, "bad|annoyed|annoying|upset|waste|wasted|kharab|bekar|faltu|bura|pareshan|"
             "pareshani|naraz|naraaz|gussa|खराब|बेकार|बुरा|परेशान|नाराज|ಕೆಟ್ಟ*|ಬೇಸರ*|"
             "ಚೆನ್ನಾಗಿಲ್ಲ|மோசம*|கோபம்|கவலை|బాలేదు|కోపం|complaint|complain|"
             "😞|😢|😭|👎|😤|💔|😩|😫|hate this|fed up|sick of|not happy"),
  SENTIMENT (-2.5, "rude|angry|frustrated|frustrating|disappointed|disappointing|unhappy|"
             "useless|ridiculous|nonsense|rubbish|unprofessional|cheat|lied|pathetic service|"
             "చెత్త*|irritated|irritating"),
  SENTIMENT (-3, "worst|terrible|horrible|awful|pathetic|disgusting|hate|hated|furious|"
             "fraud|scam|scammed|cheated|cheating|liar|liars|shameful|unacceptable|"
             "bakwas|ghatiya|बकवास|घटिया|dhokha|dhoka|धोखा|ಮೋಸ*|ஏமாற்ற*|మోసం|"
             "😡|😠|🤬|😾"),

  { TERRA_RULE_PROFANITY, 0, -3,
    "fuck|fucking|fucked|fck|fuk|shit|bullshit|crap|bastard|bitch|asshole|idiot|idiots|"
    "stupid|moron|morons|wtf|stfu|dumb|chutiya|chutiye|bhenchod|behenchod|madarchod|"
    "bkl|saala|sala|kamina|kameena|harami|kutta|kutte|चूतिया|कमीना|हरामी|साला|कुत्ते|"
    "ಬೋಳಿಮಗ*|ಸೂಳೆಮಗ*|தேவடியா*|ஓம்மால*|లంజ*|దొంగ నా కొడుకు" },

  /* Objections */
  OBJECTION (PRICE,
             "too expensive|expensive|costly|pricey|overpriced|too much|too high|very high|"
             "so high|out of my budget|out of budget|beyond my budget|above my budget|"
             "over budget|over my budget|not in my budget|exceeds my budget|cant afford|"
             "cannot afford|cant pay that|can not afford|mehenga|mehnga|mehanga|mahenga|"
             "mahanga|bahut zyada|zyada hai|jyada hai|budget se bahar|budget se upar|"
             "budget nahi|महंगा|महँगा|ज्यादा है|ज्यादा|ದುಬಾರಿ*|ಬೆಲೆ ಜಾಸ್ತಿ|ಜಾಸ್ತಿ|"
             "அதிக விலை|விலை அதிகம்|அதிகம்|விலை ஜாஸ்தி|ஜாஸ்தி|ఖరీదు*|ఎక్కువ|cheaper"),
  OBJECTION (TIMING,
             "not now|not right now|maybe later|later maybe|decide later|talk later|"
             "contact later|next year|few months|couple of months|not ready|not in a hurry|"
             "no hurry|no rush|just looking|just browsing|just checking|still thinking|"
             "need time|need some time|think about it|will think|will let you know|"
             "let me think|get back to you|after diwali|not urgent|abhi nahi|baad mein|"
             "baad me|soch ke|sochke|sochna padega|sochenge|dekhte hai|dekhenge|"
             "abhi jaldi nahi|अभी नहीं|बाद में|सोचके|सोचेंगे|ಆಮೇಲೆ|ಈಗ ಬೇಡ|அப்புறம்|"
             "இப்போது வேண்டாம்|తర్వాత|ఇప్పుడు వద్దు|not sure when|sometime next"),
  OBJECTION (COMPETITOR,
             "competitor|competitors|other builder|another builder|other builders|other agent|"
             "another agent|other agency|another agency|other clinic|another clinic|"
             "other salon|another salon|other tutor|another tutor|other options|elsewhere|"
             "someone else|other company|another company|they are offering|offering me|"
             "quoted me|got a quote|better deal|better offer|already talking|also talking|"
             "also checking|also looking at|already bought|bought elsewhere|"
             "dusre builder|doosre|dusri jagah|aur jagah|dusre log|"
             "दूसरे|ಬೇರೆ ಕಡೆ|வேற இடத்தில்|வேறு இடத்தில்|వేరే చోట|other place|another place|"
             "cheaper elsewhere|less elsewhere"),
  OBJECTION (TRUST,
             "scam|fraud|fake|cheat|cheating|legit|legitimate|genuine|trust|trustworthy|"
             "reliable|reviews|guarantee|hidden charges|hidden cost|hidden costs|not sure|"
             "unsure|doubt|doubtful|suspicious|is it safe|verified|rera registered|"
             "rera approved|real photos|actual photos|bharosa|bharose|dhokha|dhoka|farzi|"
             "भरोसा|धोखा|नकली|फर्जी|ನಂಬಿಕೆ*|ಮೋಸ*|நம்பிக்கை*|ஏமாற்ற*|మోసం|నమ్మకం*|"
             "track record|past projects|delivered on time"),

  /* Escalations that are not intents */
  ESCALATION (FRUSTRATION,
              "still waiting|how many times|again and again|no one is responding|"
              "nobody is responding|no response|not responding|no reply|kitni baar|kab se|"
              "third time|3rd time|wasting my time|waste my time|fed up|sick of|"
              "kitni der|seriously|waiting since|waiting for days|waiting for weeks|"
              "nobody called|no one called|no update|no updates"),

  /* Opt-out: negation and questions ("why did you stop…") are checked
   * around the phrase. */
  { TERRA_RULE_OPT_OUT, 0, 1,
    "stop messaging|stop texting|stop sending|stop contacting|stop calling|stop spamming|"
    "stop bothering|stop these|stop the messages|stop your messages|stop msging|stop msg|"
    "stop this spam|dont message|dont text|dont contact|"
    "dont whatsapp|do not message|do not text|do not contact|"
    "dont send ~ messages|dont send ~ msgs|dont send ~ texts|dont send ~ sms|dont send me these|"
    "dont send me anything|do not send ~ messages|do not send me these|dont msg|"
    "dont send me any more|dont send any more|dont send ~ offers|dont send ~ promotions|"
    "dont send ~ updates|do not send ~ offers|no more offers|no more updates|"
    "no more promotions|stop ~ offers|stop ~ promotions|"
    "never message|never contact|unsubscribe|unsubscribe me|opt out|optout|opt me out|"
    "remove me|remove my number|delete my number|take me off|leave me alone|"
    "no more messages|not interested stop|stop it|please stop|pls stop|plz stop|"
    "mat bhejo|mat bhejiye|mat bhejna|mat bhejo|message mat|msg mat|messages mat|"
    "call mat|sms mat|disturb mat|pareshan mat|band karo|band kar do|band kardo|"
    "band karein|bhejna band|message band|messages band|msg band|"
    "मत भेजो|मत भेजिए|मत भेजें|मत भेजना|बंद करो|बंद करें|बंद कर दो|परेशान मत|मैसेज मत|"
    "ಕಳುಹಿಸಬೇಡ*|ಮೆಸೇಜ್ ಮಾಡಬೇಡ*|ಮೆಸೇಜ್ ಕಳಿಸಬೇಡ*|ಕಳಿಸಬೇಡ*|ಕರೆ ಮಾಡಬೇಡ*|ಮೆಸೇಜ್ ನಿಲ್ಲಿಸಿ|"
    "ಸಂದೇಶ ನಿಲ್ಲಿಸಿ|அனுப்ப வேண்டாம்|அனுப்பாதீர்*|அனுப்பாதே|மெசேஜ் வேண்டாம்|"
    "தொந்தரவு செய்யாதீர்*|மெசேஜ் நிறுத்து*|పంపకండి|పంపవద్దు|మెసేజ్ చేయకండి|"
    "మెసేజ్‌లు ఆపండి|మెసేజ్లు ఆపండి|మెసేజ్ ఆపండి|ఇబ్బంది పెట్టకండి" },

  /* Names: what comes after these is a name when it looks like one. */
  { TERRA_RULE_NAME_CUE, 2, 1,
    "my name is|my names|name is|my name|mera naam|naam hai|myself|मेरा नाम|मेरा नाम है|"
    "ನನ್ನ ಹೆಸರು|என் பெயர்|என் பேர்|నా పేరు" },
  { TERRA_RULE_NAME_CUE, 1, 1, "i am|im|this is|regards|मैं" },

  { TERRA_RULE_FEATURE, TERRA_FEATURE_RERA, 1, "rera" },
  { TERRA_RULE_FEATURE, TERRA_FEATURE_COMPLAINT, 1,
    "complaint|complain|case|file|report|shikayat|शिकायत" },

  { 0, 0, 0, NULL }
};

/* Whole messages that opt out: only these words, maybe with "please" or
 * "now" (TERRA_LEX_FILLER) around them. Carriers treat the first ones the
 * same way. "cancel" alone is not here: to a booking assistant it means
 * the appointment. */
const char terra_analyzer_whole_opt_out[] =
  "stop|stopall|stop all|unsubscribe|unsub|optout|opt out|end|quit|stop messages|"
  "stop message|stop msgs|stop sms|stop spam|no more|remove|band|band karo|बंद|बंद करो|"
  "do not disturb|dont disturb|dnd|ನಿಲ್ಲಿಸಿ|நிறுத்து|நிறுத்துங்கள்|நிறுத்தவும்|ఆపండి|ఆపు|stop it|"
  "stop sending";
