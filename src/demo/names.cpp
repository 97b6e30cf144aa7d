// First and last names common in Norway, Sweden, Denmark and Finland, for the demo data.
#include "demo/data.hpp"

namespace vern::demo {
namespace {

using Names = std::string_view;

constexpr Names kNorwegianFemale[] = {
    "Anne",     "Inger",   "Kari",      "Marit",   "Ingrid",  "Liv",      "Eva",     "Berit",
    "Astrid",   "Bjørg",   "Hilde",     "Anna",    "Solveig", "Marianne", "Randi",   "Ida",
    "Nina",     "Maria",   "Elisabeth", "Kristin", "Bente",   "Heidi",    "Silje",   "Hanne",
    "Gerd",     "Linda",   "Tone",      "Elin",    "Anita",   "Wenche",   "Camilla", "Ragnhild",
    "Ingeborg", "Kirsten", "Mona",      "Nora",    "Emma",    "Sofie",    "Ingvild", "Thea",
    "Sara",     "Julie",   "Marte",     "Tuva",    "Guro",    "Åse",      "Synnøve", "Sigrid",
    "Frøydis",  "Grete",   "Torill",    "Turid",   "Gunhild", "Vigdis",   "Maja",    "Ella",
    "Oda",      "Live",    "Aurora",    "Hedda",   "Signe",   "Mathilde",
};

constexpr Names kNorwegianMale[] = {
    "Jan",      "Per",      "Bjørn",   "Ole",    "Lars",     "Kjell",  "Knut",    "Arne",
    "Svein",    "Thomas",   "Hans",    "Geir",   "Tor",      "Morten", "Terje",   "Odd",
    "Erik",     "Martin",   "Andreas", "John",   "Anders",   "Rune",   "Trond",   "Tore",
    "Jon",      "Olav",     "Harald",  "Øyvind", "Espen",    "Stian",  "Håkon",   "Magnus",
    "Jonas",    "Sindre",   "Eirik",   "Sigurd", "Torbjørn", "Ståle",  "Jørgen",  "Åsmund",
    "Henrik",   "Kristian", "Fredrik", "Even",   "Vegard",   "Aksel",  "Emil",    "Filip",
    "Johannes", "Mathias",  "Sander",  "Tobias", "Ivar",     "Gunnar", "Steinar", "Leif",
    "Øystein",  "Halvor",   "Eivind",  "Audun",  "Kåre",     "Dag",    "Petter",  "Simen",
};

constexpr Names kNorwegianLast[] = {
    "Hansen",    "Johansen",      "Olsen",      "Larsen",     "Andersen",    "Pedersen",
    "Nilsen",    "Kristiansen",   "Jensen",     "Karlsen",    "Johnsen",     "Pettersen",
    "Eriksen",   "Berg",          "Haugen",     "Hagen",      "Johannessen", "Andreassen",
    "Jacobsen",  "Dahl",          "Jørgensen",  "Halvorsen",  "Henriksen",   "Lund",
    "Sørensen",  "Jakobsen",      "Moen",       "Gundersen",  "Iversen",     "Strand",
    "Solberg",   "Svendsen",      "Eide",       "Knutsen",    "Martinsen",   "Paulsen",
    "Bakken",    "Kristoffersen", "Mathisen",   "Lie",        "Amundsen",    "Nguyen",
    "Rasmussen", "Ali",           "Lunde",      "Solheim",    "Berge",       "Moe",
    "Nygård",    "Bakke",         "Kristensen", "Fredriksen", "Holm",        "Lien",
    "Hauge",     "Christensen",   "Andresen",   "Nielsen",    "Knudsen",     "Evensen",
    "Sæther",    "Aas",           "Myhre",      "Hanssen",    "Ahmed",       "Haugland",
    "Thomassen", "Sivertsen",     "Simonsen",   "Danielsen",  "Berntsen",    "Sandvik",
    "Rønning",   "Arnesen",       "Antonsen",   "Næss",       "Vik",         "Haug",
    "Ellingsen", "Thorsen",       "Edvardsen",  "Birkeland",  "Isaksen",     "Gulbrandsen",
    "Ruud",      "Aasen",         "Strøm",      "Myklebust",  "Tangen",      "Ødegård",
    "Eliassen",  "Helland",       "Bøe",        "Jenssen",    "Aune",        "Mikkelsen",
    "Tveit",     "Brekke",        "Abrahamsen", "Madsen",     "Sætre",       "Løken",
    "Fossum",    "Dale",          "Bjørnstad",  "Øien",       "Røed",        "Grønli",
    "Hovland",   "Kvam",          "Wold",       "Østby",      "Håland",      "Bråthen",
};

constexpr Names kSwedishFemale[] = {
    "Anna",    "Eva",     "Maria",    "Karin",    "Kristina", "Lena",     "Sara",      "Kerstin",
    "Emma",    "Ingrid",  "Marie",    "Malin",    "Jenny",    "Hanna",    "Linda",     "Annika",
    "Susanne", "Elin",    "Monica",   "Birgitta", "Sofia",    "Johanna",  "Carina",    "Elisabeth",
    "Julia",   "Ulla",    "Katarina", "Linnéa",   "Emelie",   "Ida",      "Helena",    "Camilla",
    "Åsa",     "Anneli",  "Sandra",   "Gunilla",  "Anita",    "Marianne", "Margareta", "Maja",
    "Ebba",    "Elsa",    "Alva",     "Wilma",    "Astrid",   "Saga",     "Agnes",     "Alice",
    "Freja",   "Klara",   "Tove",     "Märta",    "Ylva",     "Ingela",   "Britt",     "Gunnel",
    "Lovisa",  "Matilda", "Frida",    "Sigrid",
};

constexpr Names kSwedishMale[] = {
    "Lars",   "Mikael",    "Anders",  "Johan",   "Erik",   "Per",       "Karl",    "Peter",
    "Thomas", "Jan",       "Daniel",  "Fredrik", "Hans",   "Bengt",     "Andreas", "Stefan",
    "Mats",   "Magnus",    "Mattias", "Jonas",   "Marcus", "Niklas",    "Björn",   "Nils",
    "Oskar",  "Henrik",    "Gustav",  "Viktor",  "Sven",   "Göran",     "Bo",      "Leif",
    "Roger",  "Christer",  "Ulf",     "Åke",     "Kjell",  "Håkan",     "Joakim",  "Patrik",
    "Tobias", "Sebastian", "Emil",    "Axel",    "Filip",  "Alexander", "William", "Hugo",
    "Elias",  "Lucas",     "Olle",    "Linus",   "Anton",  "Rasmus",    "Gunnar",  "Torbjörn",
    "Örjan",  "Sören",     "Göte",    "Jöns",
};

constexpr Names kSwedishLast[] = {
    "Andersson",  "Johansson", "Karlsson",    "Nilsson",    "Eriksson",    "Larsson",
    "Olsson",     "Persson",   "Svensson",    "Gustafsson", "Pettersson",  "Jonsson",
    "Jansson",    "Hansson",   "Bengtsson",   "Jönsson",    "Lindberg",    "Jakobsson",
    "Magnusson",  "Olofsson",  "Lindström",   "Lindqvist",  "Lindgren",    "Berg",
    "Axelsson",   "Bergström", "Lundberg",    "Lind",       "Lundgren",    "Lundqvist",
    "Mattsson",   "Berglund",  "Fredriksson", "Sandberg",   "Henriksson",  "Forsberg",
    "Sjöberg",    "Wallin",    "Ali",         "Engström",   "Mohamed",     "Eklund",
    "Danielsson", "Lundin",    "Håkansson",   "Björk",      "Bergman",     "Gunnarsson",
    "Holm",       "Wikström",  "Samuelsson",  "Isaksson",   "Fransson",    "Bergqvist",
    "Nyström",    "Holmberg",  "Arvidsson",   "Löfgren",    "Söderberg",   "Nyberg",
    "Blomqvist",  "Claesson",  "Nordström",   "Mårtensson", "Lundström",   "Viklund",
    "Björklund",  "Eliasson",  "Pålsson",     "Berggren",   "Sandström",   "Nordin",
    "Ström",      "Åberg",     "Hermansson",  "Ekström",    "Holmgren",    "Sundberg",
    "Hedlund",    "Dahlberg",  "Hellström",   "Sjögren",    "Abrahamsson", "Falk",
    "Martinsson", "Öberg",     "Andreasson",  "Strömberg",  "Månsson",     "Åkesson",
    "Dahl",       "Lindholm",  "Norberg",     "Holmqvist",  "Sundström",   "Ek",
    "Nordqvist",  "Ekberg",    "Törnqvist",   "Öhman",      "Ljungberg",   "Åström",
    "Grönlund",   "Hägg",
};

constexpr Names kDanishFemale[] = {
    "Anne",   "Kirsten",  "Hanne",    "Mette",    "Anna",   "Helle",    "Susanne",   "Lene",
    "Maria",  "Marianne", "Lone",     "Camilla",  "Pia",    "Louise",   "Charlotte", "Bente",
    "Tina",   "Gitte",    "Inge",     "Karen",    "Jette",  "Birgitte", "Else",      "Ida",
    "Sofie",  "Emma",     "Julie",    "Line",     "Maja",   "Freja",    "Clara",     "Laura",
    "Signe",  "Cecilie",  "Mathilde", "Karoline", "Astrid", "Rikke",    "Trine",     "Dorthe",
    "Lærke",  "Søs",      "Bodil",    "Gudrun",   "Ulla",   "Vibeke",   "Merete",    "Ane",
    "Agnete", "Malene",
};

constexpr Names kDanishMale[] = {
    "Peter",  "Jens",   "Lars",    "Michael", "Henrik",    "Søren",  "Thomas",   "Jan",
    "Niels",  "Morten", "Jesper",  "Anders",  "Christian", "Hans",   "Martin",   "Rasmus",
    "Poul",   "Jørgen", "Ole",     "Per",     "Kim",       "Mads",   "Frederik", "Mikkel",
    "Kasper", "Jakob",  "Nikolaj", "Emil",    "Mathias",   "Magnus", "Oliver",   "William",
    "Victor", "Carl",   "Noah",    "Oscar",   "Anton",     "Bo",     "Erik",     "Flemming",
    "Torben", "Steen",  "Bent",    "Finn",    "Palle",     "Kåre",   "Jørn",     "Esben",
    "Troels", "Asger",  "Bjørn",   "Claus",   "Kristian",  "Ebbe",
};

constexpr Names kDanishLast[] = {
    "Nielsen",        "Jensen",      "Hansen",      "Andersen",     "Pedersen",    "Christensen",
    "Larsen",         "Sørensen",    "Rasmussen",   "Jørgensen",    "Petersen",    "Madsen",
    "Kristensen",     "Olsen",       "Thomsen",     "Christiansen", "Poulsen",     "Johansen",
    "Møller",         "Mortensen",   "Knudsen",     "Jakobsen",     "Jacobsen",    "Mikkelsen",
    "Olesen",         "Frederiksen", "Laursen",     "Henriksen",    "Lund",        "Schmidt",
    "Eriksen",        "Holm",        "Kristiansen", "Clausen",      "Simonsen",    "Svendsen",
    "Andreasen",      "Iversen",     "Jeppesen",    "Mogensen",     "Jespersen",   "Nissen",
    "Lauridsen",      "Kjær",        "Østergaard",  "Jepsen",       "Vestergaard", "Søndergaard",
    "Nørgaard",       "Dam",         "Bach",        "Kjeldsen",     "Carlsen",     "Lassen",
    "Bertelsen",      "Overgaard",   "Thygesen",    "Krogh",        "Bruun",       "Hald",
    "Skov",           "Lind",        "Toft",        "Friis",        "Brandt",      "Bak",
    "Juhl",           "Dahl",        "Winther",     "Berg",         "Thorsen",     "Høj",
    "Kofoed",         "Mathiasen",   "Ravn",        "Bech",         "Riis",        "Gregersen",
    "Bonde",          "Krog",        "Ebbesen",     "Enevoldsen",   "Fogh",        "Grønbech",
    "Hvid",           "Damgaard",    "Husum",       "Lykke",        "Bisgaard",    "Kirkegaard",
    "Aagaard",        "Nygaard",     "Mølgaard",    "Højgaard",     "Kastrup",     "Bundgaard",
    "Christoffersen", "Steffensen",  "Ibsen",       "Munk",         "Schou",       "Lindberg",
    "Brøndum",        "Kaas",        "Vinther",
};

constexpr Names kFinnishFemale[] = {
    "Maria",     "Helena",  "Johanna",  "Anneli", "Kaarina",  "Marjatta",  "Anna",  "Liisa",
    "Annikki",   "Hannele", "Tuula",    "Päivi",  "Ritva",    "Leena",     "Pirjo", "Sari",
    "Minna",     "Tiina",   "Riitta",   "Marja",  "Elina",    "Katariina", "Aino",  "Eeva",
    "Kristiina", "Sofia",   "Emilia",   "Aada",   "Ella",     "Eveliina",  "Satu",  "Anu",
    "Heidi",     "Jaana",   "Merja",    "Sanna",  "Outi",     "Hanna",     "Laura", "Noora",
    "Jenni",     "Anni",    "Venla",    "Iida",   "Pihla",    "Helmi",     "Siiri", "Elli",
    "Lotta",     "Veera",   "Tuulikki", "Sirkka", "Kyllikki", "Milla",     "Henna",
};

constexpr Names kFinnishMale[] = {
    "Juhani", "Johannes", "Olavi",  "Antero", "Tapani", "Kalevi", "Tapio", "Matti",  "Mikael",
    "Ilmari", "Timo",     "Pekka",  "Jari",   "Juha",   "Mikko",  "Kari",  "Markku", "Hannu",
    "Jukka",  "Antti",    "Heikki", "Seppo",  "Janne",  "Petri",  "Sami",  "Ville",  "Tuomas",
    "Teemu",  "Lauri",    "Eero",   "Aleksi", "Joonas", "Eetu",   "Onni",  "Väinö",  "Eino",
    "Leevi",  "Elias",    "Oliver", "Niilo",  "Aatu",   "Veeti",  "Jussi", "Risto",  "Pentti",
    "Esa",    "Ari",      "Kimmo",  "Tero",   "Harri",  "Vesa",   "Jyrki", "Jouni",  "Pasi",
    "Arto",   "Ossi",     "Toivo",  "Aarne",  "Sakari",
};

constexpr Names kFinnishLast[] = {
    "Korhonen",    "Virtanen",     "Mäkinen",    "Nieminen",   "Mäkelä",     "Hämäläinen",
    "Laine",       "Heikkinen",    "Koskinen",   "Järvinen",   "Lehtonen",   "Lehtinen",
    "Saarinen",    "Salminen",     "Heinonen",   "Niemi",      "Heikkilä",   "Kinnunen",
    "Salonen",     "Turunen",      "Salo",       "Laitinen",   "Tuominen",   "Rantanen",
    "Karjalainen", "Jokinen",      "Mattila",    "Savolainen", "Lahtinen",   "Ahonen",
    "Hiltunen",    "Leinonen",     "Hirvonen",   "Miettinen",  "Pitkänen",   "Aaltonen",
    "Manninen",    "Väisänen",     "Hakala",     "Räsänen",    "Laaksonen",  "Anttila",
    "Ojala",       "Koivisto",     "Kettunen",   "Leppänen",   "Karppinen",  "Lindroos",
    "Eskola",      "Mustonen",     "Harju",      "Kallio",     "Peltonen",   "Nurmi",
    "Seppälä",     "Vainio",       "Rautiainen", "Honkanen",   "Toivonen",   "Kärkkäinen",
    "Kokkonen",    "Lappalainen",  "Ketola",     "Huttunen",   "Peltola",    "Moilanen",
    "Sirviö",      "Partanen",     "Kauppinen",  "Pesonen",    "Kemppainen", "Vartiainen",
    "Lehto",       "Tikkanen",     "Lahti",      "Valtonen",   "Koponen",    "Rinne",
    "Kivelä",      "Jääskeläinen", "Hyvönen",    "Nyman",      "Lampinen",   "Ikonen",
    "Suominen",    "Tanskanen",    "Pelkonen",   "Hänninen",   "Pulkkinen",  "Vuorinen",
    "Hyttinen",    "Kivinen",      "Backman",    "Koivunen",   "Sjöblom",    "Åkerlund",
    "Söderholm",   "Grönroos",     "Kärki",      "Pöyhönen",   "Halonen",    "Mäenpää",
};

}  // namespace

DemoNames demo_names(DemoCountry country) {
  switch (country) {
    case DemoCountry::kNorway:
      return {kNorwegianFemale, kNorwegianMale, kNorwegianLast};
    case DemoCountry::kSweden:
      return {kSwedishFemale, kSwedishMale, kSwedishLast};
    case DemoCountry::kDenmark:
      return {kDanishFemale, kDanishMale, kDanishLast};
    case DemoCountry::kFinland:
      break;
  }
  return {kFinnishFemale, kFinnishMale, kFinnishLast};
}

}  // namespace vern::demo
