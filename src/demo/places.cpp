// Places, phone number prefixes, titles, companies, notes and marketing activities of the four
// Nordic countries, for the demo data.
#include "demo/data.hpp"

namespace vern::demo {
namespace {

using Words = std::string_view;

constexpr DemoCity kNorwegianCities[] = {
    {"Oslo", 150, 1295},         {"Bergen", 5003, 5099},       {"Trondheim", 7010, 7099},
    {"Stavanger", 4005, 4099},   {"Kristiansand", 4608, 4639}, {"Drammen", 3011, 3048},
    {"Fredrikstad", 1601, 1639}, {"Tromsø", 9006, 9020},       {"Sandnes", 4306, 4329},
    {"Ålesund", 6002, 6018},     {"Bodø", 8005, 8028},         {"Tønsberg", 3110, 3128},
    {"Haugesund", 5501, 5538},   {"Lillehammer", 2609, 2619},  {"Hamar", 2315, 2322},
    {"Moss", 1530, 1535},        {"Sarpsborg", 1701, 1727},    {"Skien", 3716, 3736},
    {"Molde", 6413, 6422},       {"Gjøvik", 2815, 2822},       {"Arendal", 4836, 4849},
    {"Harstad", 9402, 9415},     {"Sandefjord", 3210, 3239},   {"Larvik", 3256, 3271},
    {"Halden", 1766, 1789},
};

constexpr DemoCity kSwedishCities[] = {
    {"Stockholm", 11120, 11899},  {"Göteborg", 41101, 41878},    {"Malmö", 21111, 21774},
    {"Uppsala", 75236, 75759},    {"Västerås", 72210, 72481},    {"Örebro", 70210, 70385},
    {"Linköping", 58213, 58437},  {"Helsingborg", 25220, 25669}, {"Jönköping", 55302, 55629},
    {"Norrköping", 60210, 60385}, {"Lund", 22220, 22739},        {"Umeå", 90325, 90754},
    {"Gävle", 80250, 80649},      {"Borås", 50330, 50764},       {"Södertälje", 15130, 15271},
    {"Eskilstuna", 63217, 63521}, {"Halmstad", 30224, 30296},    {"Växjö", 35230, 35263},
    {"Karlstad", 65214, 65470},   {"Sundsvall", 85230, 85357},   {"Luleå", 97231, 97454},
    {"Östersund", 83130, 83175},  {"Kalmar", 39230, 39365},      {"Visby", 62140, 62158},
    {"Kiruna", 98130, 98146},
};

constexpr DemoCity kDanishCities[] = {
    {"København K", 1050, 1473}, {"København V", 1550, 1799},   {"København N", 2200, 2200},
    {"København Ø", 2100, 2100}, {"Frederiksberg", 2000, 2000}, {"Aarhus C", 8000, 8000},
    {"Odense C", 5000, 5000},    {"Aalborg", 9000, 9000},       {"Esbjerg", 6700, 6705},
    {"Randers C", 8900, 8900},   {"Kolding", 6000, 6000},       {"Horsens", 8700, 8700},
    {"Vejle", 7100, 7100},       {"Roskilde", 4000, 4000},      {"Herning", 7400, 7400},
    {"Silkeborg", 8600, 8600},   {"Næstved", 4700, 4700},       {"Fredericia", 7000, 7000},
    {"Viborg", 8800, 8800},      {"Køge", 4600, 4600},          {"Holstebro", 7500, 7500},
    {"Helsingør", 3000, 3000},   {"Hillerød", 3400, 3400},      {"Svendborg", 5700, 5700},
    {"Sønderborg", 6400, 6400},
};

// Finnish street addresses have postal codes that end in 0: the range is in tens.
constexpr DemoCity kFinnishCities[] = {
    {"Helsinki", 10, 99},         {"Espoo", 210, 298},         {"Tampere", 3310, 3396},
    {"Vantaa", 130, 177},         {"Oulu", 9010, 9094},        {"Turku", 2010, 2096},
    {"Jyväskylä", 4010, 4095},    {"Kuopio", 7010, 7091},      {"Lahti", 1510, 1595},
    {"Pori", 2810, 2890},         {"Kouvola", 4510, 4594},     {"Joensuu", 8010, 8085},
    {"Lappeenranta", 5310, 5395}, {"Hämeenlinna", 1310, 1390}, {"Vaasa", 6510, 6538},
    {"Seinäjoki", 6010, 6080},    {"Rovaniemi", 9610, 9693},   {"Mikkeli", 5010, 5097},
    {"Kotka", 4810, 4891},        {"Salo", 2410, 2492},        {"Porvoo", 610, 675},
    {"Kokkola", 6710, 6780},      {"Hyvinkää", 580, 588},      {"Lohja", 810, 870},
    {"Järvenpää", 440, 448},
};

constexpr Words kNorwegianStreets[] = {
    "Storgata",      "Kirkegata",    "Kongens gate", "Dronningens gate", "Torggata",
    "Skolegata",     "Parkveien",    "Kirkeveien",   "Bygdøy allé",      "Thereses gate",
    "Markveien",     "Sognsveien",   "Strandgata",   "Fjordveien",       "Løkkeveien",
    "Bergveien",     "Skogveien",    "Solbakken",    "Granveien",        "Bjørkeveien",
    "Furuveien",     "Elvegata",     "Havnegata",    "Sjøgata",          "Nedre Slottsgate",
    "Øvre Storgate", "Jernbanegata", "Tollbugata",   "Prinsens gate",    "Olav Tryggvasons gate",
    "Åsveien",       "Hagegata",     "Nordre gate",  "Søndre gate",      "Vestre gate",
};

constexpr Words kSwedishStreets[] = {
    "Storgatan",       "Drottninggatan",   "Kungsgatan",
    "Vasagatan",       "Sveavägen",        "Götgatan",
    "Hornsgatan",      "Linnégatan",       "Kyrkogatan",
    "Järnvägsgatan",   "Skolgatan",        "Nygatan",
    "Östra Hamngatan", "Västra Hamngatan", "Södra Förstadsgatan",
    "Norra Vallgatan", "Trädgårdsgatan",   "Björkvägen",
    "Granvägen",       "Tallvägen",        "Ekvägen",
    "Lönnvägen",       "Solvägen",         "Parkvägen",
    "Strandvägen",     "Sjövägen",         "Ängsvägen",
    "Åsgatan",         "Bäckgatan",        "Mäster Samuelsgatan",
    "Fleminggatan",    "Odengatan",        "Folkungagatan",
    "Tegnérgatan",
};

constexpr Words kDanishStreets[] = {
    "Vesterbrogade",     "Nørrebrogade",      "Østerbrogade",
    "Amagerbrogade",     "Frederiksberggade", "Gothersgade",
    "Store Kongensgade", "Bredgade",          "Istedgade",
    "Jagtvej",           "Åboulevard",        "Algade",
    "Søndergade",        "Nørregade",         "Vestergade",
    "Østergade",         "Torvegade",         "Kirkevej",
    "Skolevej",          "Møllevej",          "Engvej",
    "Bøgevej",           "Birkevej",          "Egevej",
    "Strandvejen",       "Havnegade",         "Jernbanegade",
    "Slotsgade",         "Ryesgade",          "Kongensgade",
    "Lyngbyvej",         "Roskildevej",       "Ålekistevej",
};

constexpr Words kFinnishStreets[] = {
    "Mannerheimintie",    "Aleksanterinkatu", "Hämeentie",        "Mechelininkatu",
    "Runeberginkatu",     "Fredrikinkatu",    "Bulevardi",        "Itäinen Pitkäkatu",
    "Hämeenkatu",         "Satakunnankatu",   "Kauppakatu",       "Kirkkokatu",
    "Koulukatu",          "Rantatie",         "Puistokatu",       "Asemakatu",
    "Torikatu",           "Kalevankatu",      "Kaivokatu",        "Tehtaankatu",
    "Läntinen Rantakatu", "Yliopistonkatu",   "Koivukuja",        "Mäntytie",
    "Kuusitie",           "Pihlajatie",       "Vaahteratie",      "Sepänkatu",
    "Myllytie",           "Järvenrannantie",  "Pohjoisesplanadi", "Eteläesplanadi",
};

// Mobile and landline prefixes after the country code; the generator adds the digits.
constexpr Words kNorwegianMobile[] = {"40", "41", "45", "46", "47", "48", "90", "91",
                                      "92", "93", "94", "95", "97", "98", "99"};
constexpr Words kNorwegianLandline[] = {"22", "23", "55", "73", "51", "38", "32", "69",
                                        "77", "33", "35", "61", "62", "71", "75"};
constexpr Words kSwedishMobile[] = {"70", "72", "73", "76", "79"};
constexpr Words kSwedishLandline[] = {"8", "31", "40", "18", "13", "19", "21", "90", "11", "46"};
constexpr Words kDanishMobile[] = {"20", "21", "22", "23", "24", "25", "26", "27", "28",
                                   "29", "30", "31", "40", "41", "42", "50", "51", "52",
                                   "53", "60", "61", "71", "81", "91", "92", "93"};
constexpr Words kDanishLandline[] = {"33", "35", "38", "39", "43", "44", "45", "46", "48",
                                     "49", "86", "87", "98", "65", "66", "75", "76"};
constexpr Words kFinnishMobile[] = {"40", "41", "44", "45", "46", "50"};
constexpr Words kFinnishLandline[] = {"9", "2", "3", "5", "6", "8", "13", "14", "17", "19"};

constexpr Words kNorwegianDomains[] = {"epost.example", "nettpost.example", "fjordmail.example",
                                       "postkassa.example"};
constexpr Words kSwedishDomains[] = {"brevlada.example", "postlada.example", "epost.example",
                                     "natpost.example"};
constexpr Words kDanishDomains[] = {"postkasse.example", "netpost.example", "mail.example",
                                    "brevkasse.example"};
constexpr Words kFinnishDomains[] = {"sahkoposti.example", "posti.example", "verkkoposti.example",
                                     "mail.example"};

constexpr Words kNorwegianTitles[] = {
    "Daglig leder", "Salgssjef",      "Rådgiver",    "Prosjektleder",     "Økonomisjef",
    "Konsulent",    "Seniorrådgiver", "Markedssjef", "Innkjøpsansvarlig", "Avdelingsleder",
    "Controller",   "Kundeansvarlig", "HR-sjef",     "Teknisk sjef",
};
constexpr Words kSwedishTitles[] = {
    "VD",         "Säljchef",     "Ekonomichef",     "Projektledare", "Konsult",
    "Inköpare",   "Marknadschef", "Verksamhetschef", "Handläggare",   "Avdelningschef",
    "Controller", "Kundansvarig", "HR-chef",         "Teknisk chef",
};
constexpr Words kDanishTitles[] = {
    "Direktør",       "Salgschef",     "Projektleder",   "Økonomichef",   "Konsulent",
    "Indkøber",       "Marketingchef", "Afdelingsleder", "Sagsbehandler", "Controller",
    "Kundeansvarlig", "HR-chef",       "Teknisk chef",   "Specialist",
};
constexpr Words kFinnishTitles[] = {
    "Toimitusjohtaja",  "Myyntipäällikkö", "Projektipäällikkö",     "Talouspäällikkö",
    "Konsultti",        "Ostopäällikkö",   "Markkinointipäällikkö", "Asiantuntija",
    "Osastopäällikkö",  "Controller",      "Asiakkuuspäällikkö",    "Henkilöstöpäällikkö",
    "Tekninen johtaja", "Suunnittelija",
};

constexpr Words kNorwegianNotes[] = {
    "Ringte angående tilbudet. Ønsker mer informasjon.",
    "Møte om fornyelse av avtalen.",
    "Sendte prisliste og produktark.",
    "Kunden ba om å bli kontaktet etter ferien.",
    "Demo av løsningen gjennomført, positiv respons.",
    "Avklarte et spørsmål om fakturaen.",
    "Oppfølging etter seminaret.",
    "Ønsker tilbud på utvidet lisens.",
    "Takket nei for nå; ta kontakt igjen neste kvartal.",
    "Bekreftet deltakelse på kundekvelden.",
};
constexpr Words kSwedishNotes[] = {
    "Ringde angående offerten. Vill ha mer information.",
    "Möte om förnyelse av avtalet.",
    "Skickade prislista och produktblad.",
    "Kunden bad om att bli kontaktad efter semestern.",
    "Demo av lösningen genomförd, positiv respons.",
    "Redde ut en fråga om fakturan.",
    "Uppföljning efter seminariet.",
    "Vill ha offert på utökad licens.",
    "Tackade nej för tillfället; hör av dig nästa kvartal.",
    "Bekräftade deltagande på kundkvällen.",
};
constexpr Words kDanishNotes[] = {
    "Ringede vedrørende tilbuddet. Ønsker mere information.",
    "Møde om fornyelse af aftalen.",
    "Sendte prisliste og produktblad.",
    "Kunden bad om at blive kontaktet efter ferien.",
    "Demo af løsningen gennemført, positiv respons.",
    "Afklarede et spørgsmål om fakturaen.",
    "Opfølgning efter seminaret.",
    "Ønsker tilbud på udvidet licens.",
    "Takkede nej for nu; tag kontakt igen næste kvartal.",
    "Bekræftede deltagelse i kundeaftenen.",
};
constexpr Words kFinnishNotes[] = {
    "Soitti tarjouksesta. Haluaa lisätietoja.",
    "Tapaaminen sopimuksen uusimisesta.",
    "Lähetin hinnaston ja tuote-esitteen.",
    "Asiakas pyysi ottamaan yhteyttä lomien jälkeen.",
    "Ratkaisun esittely pidetty, myönteinen vastaanotto.",
    "Selvitettiin laskua koskeva kysymys.",
    "Seuranta seminaarin jälkeen.",
    "Haluaa tarjouksen laajennetusta lisenssistä.",
    "Kieltäytyi toistaiseksi; ota yhteyttä ensi neljänneksellä.",
    "Vahvisti osallistumisen asiakasiltaan.",
};

constexpr Words kNorwegianCompanyWords[] = {
    "Fjord",   "Nord", "Vest", "Berg", "Lys",   "Havbris", "Polar", "Furu",    "Granitt", "Bølge",
    "Nordlys", "Tind", "Elv",  "Skog", "Fjell", "Kyst",    "Isbre", "Midnatt", "Trønder", "Vidde"};
constexpr Words kNorwegianTrades[] = {"Teknikk", "Bygg",     "Data",      "Consult",   "Handel",
                                      "Energi",  "Media",    "Eiendom",   "Logistikk", "Design",
                                      "Marin",   "Regnskap", "Transport", "Helse"};
constexpr Words kNorwegianForms[] = {"AS", "AS", "AS", "AS", "AS", "AS", "AS", "ASA"};

constexpr Words kSwedishCompanyWords[] = {
    "Norr", "Söder", "Ek",   "Björk", "Gran",   "Sjö",  "Fjäll", "Älv",  "Malm", "Sten",
    "Ljus", "Dal",   "Vind", "Berg",  "Strand", "Kust", "Skog",  "Lind", "Ås",   "Fors"};
constexpr Words kSwedishTrades[] = {"Teknik", "Bygg",        "Data",        "Konsult",  "Handel",
                                    "Energi", "Media",       "Fastigheter", "Logistik", "Design",
                                    "Marin",  "Redovisning", "Transport",   "Vård"};
constexpr Words kSwedishForms[] = {"AB"};

constexpr Words kDanishCompanyWords[] = {
    "Nord",   "Kyst", "Bølge", "Hav",   "Lyng", "Bøg", "Eg",  "Fjord", "Vest", "Sol",
    "Strand", "Dal",  "Skov",  "Mølle", "Klit", "Ø",   "Bro", "Vig",   "Næs",  "Holm"};
constexpr Words kDanishTrades[] = {"Teknik", "Byg",      "Data",      "Rådgivning", "Handel",
                                   "Energi", "Medie",    "Ejendomme", "Logistik",   "Design",
                                   "Marine", "Revision", "Transport", "Sundhed"};
constexpr Words kDanishForms[] = {"A/S", "A/S", "ApS", "ApS", "ApS"};

constexpr Words kFinnishCompanyWords[] = {"Pohjola", "Järvi",  "Kuusi", "Koivu", "Revontuli",
                                          "Tunturi", "Saimaa", "Lumi",  "Meri",  "Kallio",
                                          "Aalto",   "Joki",   "Metsä", "Kivi",  "Pihlaja",
                                          "Kataja",  "Ilves",  "Karhu", "Kotka", "Sampo"};
constexpr Words kFinnishTrades[] = {
    "Tekniikka",   "Rakennus",    "Data",   "Konsultointi", "Kauppa",       "Energia",  "Media",
    "Kiinteistöt", "Logistiikka", "Design", "Meri",         "Tilitoimisto", "Kuljetus", "Terveys"};
constexpr Words kFinnishForms[] = {"Oy", "Oy", "Oy", "Oy", "Oy", "Oy", "Oyj"};

constexpr DemoActivity kActivities[] = {
    {"Frokostseminar: GDPR i praksis", "seminar", -980,
     "Frokost og faglig påfyll om personvern i kunderegistre.", 12},
    {"Kundekveld Oslo", "event", -850, "Kundekveld med middag og foredrag.", 8},
    {"Kundkväll Stockholm", "event", -720, "Kundkväll med mingel och föredrag.", 9},
    {"Nordic Customer Summit 2024", "conference", -690,
     "Two days of talks and workshops for customers from the Nordics.", 15},
    {"Webinar: Data protection for sales teams", "webinar", -540,
     "What sales teams need to know about consent and objections.", 30},
    {"Messe: Nordic Tech Expo", "fair", -420, "Stand at the fair, with demos every hour.", 10},
    {"Asiakasilta Helsinki", "event", -300, "Asiakasilta illallisen ja esitysten kera.", 7},
    {"Kundearrangement Aarhus", "event", -210, "Kundearrangement med foredrag og netværk.", 7},
    {"Nyhetsbrev vår", "newsletter", -180, "Vårens nyhetsbrev med kampanjetilbud.", 60},
    {"Julelunsj for kunder", "event", -330, "Tradisjonell julelunsj for gode kunder.", 9},
    {"Webinar: Årsavslutning", "webinar", 30, "Gjennomgang av nyheter og planer for neste år.", 25},
    {"Nordic Customer Summit 2027", "conference", 120,
     "Two days of talks and workshops for customers from the Nordics.", 12},
};

constexpr DemoOption kCustomerStatuses[] = {
    {"prospect", "Prospect", "Prospekt", "Prospekt"},
    {"customer", "Customer", "Kunde", "Kund"},
    {"former_customer", "Former customer", "Tidligere kunde", "Tidigare kund"},
    {"partner", "Partner", "Partner", "Partner"},
};

constexpr DemoOption kInterests[] = {
    {"skiing", "Skiing", "Ski", "Skidåkning"},         {"hiking", "Hiking", "Fjelltur", "Vandring"},
    {"sailing", "Sailing", "Seiling", "Segling"},      {"golf", "Golf", "Golf", "Golf"},
    {"cooking", "Cooking", "Matlaging", "Matlagning"}, {"music", "Music", "Musikk", "Musik"},
    {"football", "Football", "Fotball", "Fotboll"},    {"design", "Design", "Design", "Design"},
};

}  // namespace

DemoLocale demo_locale(DemoCountry country) {
  switch (country) {
    case DemoCountry::kNorway:
      return {"NO",
              "nb",
              30,
              kNorwegianCities,
              kNorwegianStreets,
              kNorwegianMobile,
              kNorwegianLandline,
              kNorwegianDomains,
              kNorwegianTitles,
              kNorwegianNotes,
              kNorwegianCompanyWords,
              kNorwegianTrades,
              kNorwegianForms};
    case DemoCountry::kSweden:
      return {"SE",
              "sv",
              35,
              kSwedishCities,
              kSwedishStreets,
              kSwedishMobile,
              kSwedishLandline,
              kSwedishDomains,
              kSwedishTitles,
              kSwedishNotes,
              kSwedishCompanyWords,
              kSwedishTrades,
              kSwedishForms};
    case DemoCountry::kDenmark:
      return {"DK",
              "da",
              20,
              kDanishCities,
              kDanishStreets,
              kDanishMobile,
              kDanishLandline,
              kDanishDomains,
              kDanishTitles,
              kDanishNotes,
              kDanishCompanyWords,
              kDanishTrades,
              kDanishForms};
    case DemoCountry::kFinland:
      break;
  }
  return {"FI",
          "fi",
          15,
          kFinnishCities,
          kFinnishStreets,
          kFinnishMobile,
          kFinnishLandline,
          kFinnishDomains,
          kFinnishTitles,
          kFinnishNotes,
          kFinnishCompanyWords,
          kFinnishTrades,
          kFinnishForms};
}

std::span<const DemoActivity> demo_activities() {
  return kActivities;
}

std::span<const DemoOption> demo_customer_statuses() {
  return kCustomerStatuses;
}

std::span<const DemoOption> demo_interests() {
  return kInterests;
}

}  // namespace vern::demo
