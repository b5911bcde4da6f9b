"""The demo newsroom's regions, countries, programmes, correspondents, organisations and sources."""

REGIONS = [
    ("Central Asia", "Five former Soviet republics between the Caspian Sea and China, from the steppe to the Pamirs."),
    ("South Caucasus", "Georgia, Armenia and Azerbaijan, between the Black and Caspian seas."),
    ("Afghanistan & Pakistan", "Two neighbours bound by the Durand Line, trade, migration and conflict."),
]

#: name, ISO 3166-1 alpha-2 code, region, description
COUNTRIES = [
    ("Kazakhstan", "KZ", "Central Asia", "The largest country of the region, rich in oil, metals and grain."),
    (
        "Kyrgyzstan",
        "KG",
        "Central Asia",
        "A mountain republic whose south shares the Ferghana valley with two neighbours.",
    ),
    (
        "Tajikistan",
        "TJ",
        "Central Asia",
        "The poorest of the five, where remittances from migrants keep families afloat.",
    ),
    (
        "Uzbekistan",
        "UZ",
        "Central Asia",
        "The region's most populous country, in the middle of a long economic opening.",
    ),
    ("Georgia", "GE", "South Caucasus", "A Black Sea country of lively politics and contested reforms."),
    (
        "Armenia",
        "AM",
        "South Caucasus",
        "A landlocked republic that took in more than a hundred thousand displaced people in 2023.",
    ),
    ("Afghanistan", "AF", "Afghanistan & Pakistan", "Ruled by the Taliban since August 2021."),
    ("Pakistan", "PK", "Afghanistan & Pakistan", "Home to millions of Afghans, some for three generations."),
]

PROGRAMMES = [
    ("Global Voices", "First-person reporting and everyday life, told by people who live it."),
    ("Rule of Law", "Courts, police, prisons and the lawyers who keep asking questions."),
]

#: key: fields of people.Correspondent (portrait: background colour, or None for no photo)
CORRESPONDENTS = {
    "aigerim": {
        "name": "Aigerim Tokonova",
        "byline_name": "Aigerim Tokonova",
        "role_title": "Correspondent",
        "base_location": "Osh",
        "bio": "Aigerim reports on courts, water and trade in southern Kyrgyzstan and across the Ferghana valley.",
        "portrait": (196, 120, 84),
    },
    "daniyar": {
        "name": "Daniyar Ospanov",
        "byline_name": "Daniyar Ospanov",
        "role_title": "Senior correspondent",
        "base_location": "Almaty",
        "bio": "Daniyar covers prisons, the economy and the environment in Kazakhstan and Uzbekistan.",
        "portrait": (72, 118, 150),
    },
    "zahra": {
        "name": "Mariam Haidari",
        "byline_name": "Zahra Noori",
        "is_pseudonym": True,
        "role_title": "Correspondent",
        "base_location": "Mazar-i-Sharif",
        "bio": "Zahra Noori is the pen name of a reporter who writes about education and daily life in northern "
        "Afghanistan.",
        "portrait": None,
    },
    "taraz": {
        "name": "Yerlan Abenov",
        "name_withheld": True,
        "withheld_label": "A correspondent in Taraz",
        "role_title": "Correspondent",
        "base_location": "Taraz",
        "bio": "",
        "portrait": None,
    },
    "nino": {
        "name": "Nino Beridze",
        "byline_name": "Nino Beridze",
        "role_title": "Correspondent",
        "base_location": "Tbilisi",
        "bio": "Nino covers elections, courts and the mountain regions of Georgia, and reports from Armenia.",
        "portrait": (104, 140, 96),
    },
    "ayesha": {
        "name": "Ayesha Khattak",
        "byline_name": "Ayesha Khattak",
        "role_title": "Correspondent",
        "base_location": "Peshawar",
        "bio": "Ayesha reports on refugees, the press and the courts in Khyber Pakhtunkhwa.",
        "portrait": (150, 96, 140),
    },
    "olga": {
        "name": "Olga Petrenko",
        "byline_name": "Olga Petrenko",
        "role_title": "Translator",
        "base_location": "Bishkek",
        "bio": "Olga translates the network's reporting from English into Russian.",
        "portrait": None,
    },
    "layla": {
        "name": "Layla Haddad",
        "byline_name": "Layla Haddad",
        "role_title": "Translator",
        "base_location": "Amman",
        "bio": "Layla translates the network's reporting from English into Arabic.",
        "portrait": None,
    },
}

#: The author line printed under each story, per correspondent.
AUTHOR_LINES = {
    "aigerim": "Aigerim Tokonova is a correspondent in Osh.",
    "daniyar": "Daniyar Ospanov is a senior correspondent in Almaty.",
    "zahra": "Zahra Noori is the pen name of a correspondent in northern Afghanistan.",
    "taraz": "The author is a correspondent in Taraz whose name is withheld for their safety.",
    "nino": "Nino Beridze is a correspondent in Tbilisi.",
    "ayesha": "Ayesha Khattak is a correspondent in Peshawar.",
    "olga": "Translated from English by Olga Petrenko.",
    "layla": "Translated from English by Layla Haddad.",
}

#: key: name, acronym, aliases, kind, country ISO code (or None), website, description
ORGANISATIONS = {
    "kibhr": (
        "Kazakhstan International Bureau for Human Rights and Rule of Law",
        "KIBHR",
        "Kazakstan International Bureau for Human Rights and Rule of Law\n"
        "Казахстанское международное бюро по правам человека и соблюдению законности",
        "ngo",
        "KZ",
        "https://bureau.kz",
        "A human rights group based in Almaty that monitors trials, prisons and freedom of assembly.",
    ),
    "freedom-house": (
        "Freedom House",
        "FH",
        "",
        "ngo",
        None,
        "https://freedomhouse.org",
        "A Washington-based organisation that publishes annual ratings of political rights and civil liberties.",
    ),
    "hrw": (
        "Human Rights Watch",
        "HRW",
        "Human Rights Watch Europe and Central Asia Division",
        "ngo",
        None,
        "https://www.hrw.org",
        "An international organisation that investigates and reports on human rights abuses.",
    ),
    "osce": (
        "Organization for Security and Co-operation in Europe",
        "OSCE",
        "ОБСЕ\nOSCE Programme Office in Bishkek",
        "intergovernmental",
        None,
        "https://www.osce.org",
        "A security organisation of 57 states with field offices across Central Asia.",
    ),
    "unhcr": (
        "Office of the United Nations High Commissioner for Refugees",
        "UNHCR",
        "UN Refugee Agency",
        "intergovernmental",
        None,
        "https://www.unhcr.org",
        "The United Nations agency that protects refugees and displaced people.",
    ),
    "adilet": (
        "Adilet Legal Clinic",
        "Adilet",
        "Адилет\nAdilet Public Foundation",
        "ngo",
        "KG",
        "",
        "A Bishkek legal-aid organisation with lawyers in the south of the country.",
    ),
    "kg-interior": (
        "Ministry of Internal Affairs of the Kyrgyz Republic",
        "MVD",
        "Kyrgyz Interior Ministry\nМВД Кыргызской Республики",
        "government",
        "KG",
        "",
        "The ministry in charge of the police.",
    ),
    "tj-energy": (
        "Ministry of Energy and Water Resources of Tajikistan",
        "MEWR",
        "Tajik Energy Ministry",
        "government",
        "TJ",
        "",
        "The ministry responsible for power generation, canals and irrigation.",
    ),
    "ge-supreme-court": (
        "Supreme Court of Georgia",
        "",
        "Georgian Supreme Court\nსაქართველოს უზენაესი სასამართლო",
        "court",
        "GE",
        "",
        "The highest court of general jurisdiction in Georgia, sitting in Tbilisi.",
    ),
    "ti-georgia": (
        "Transparency International Georgia",
        "TI Georgia",
        "TIG",
        "ngo",
        "GE",
        "https://transparency.ge",
        "A Tbilisi watchdog that follows party finance, public procurement and the courts.",
    ),
    "aihrc": (
        "Afghanistan Independent Human Rights Commission",
        "AIHRC",
        "Afghan Human Rights Commission",
        "ngo",
        "AF",
        "",
        "The national human rights body created in 2002; its commissioners have worked from exile since 2022.",
    ),
    "hrcp": (
        "Human Rights Commission of Pakistan",
        "HRCP",
        "",
        "ngo",
        "PK",
        "https://hrcp-web.org",
        "An independent organisation that has documented rights abuses in Pakistan since 1987.",
    ),
}

#: key: name, description, confidential descriptor (or ""), [(organisation key, role, start year)]
SOURCES = {
    "galym": (
        "Galym Zhakupov",
        "Lawyer who has defended bloggers and activists since 2015.",
        "",
        [("kibhr", "lawyer", 2015)],
    ),
    "roza": ("Roza Akhmatova", "Head of a legal-aid office in Osh.", "", [("adilet", "head of the Osh office", 2019)]),
    "bakyt": (
        "Bakyt Mamatov",
        "Police spokesman for the southern regions.",
        "",
        [("kg-interior", "spokesman in Osh", 2021)],
    ),
    "dilnoza": ("Dilnoza Yusupova", "Independent economist in Tashkent who studies farm labour.", "", []),
    "nodira": (
        "Nodira Rahimova",
        "Irrigation engineer in Khujand.",
        "",
        [("tj-energy", "deputy head of the irrigation department", 2018)],
    ),
    "levan": ("Levan Kapanadze", "Researcher who follows party finance.", "", [("ti-georgia", "researcher", 2020)]),
    "tamar": ("Tamar Gelashvili", "Press officer of the court.", "", [("ge-supreme-court", "press officer", 2022)]),
    "ani": ("Ani Petrosyan", "Housing lawyer in Yerevan.", "", []),
    "shabnam": ("Shabnam Rahimi", "Former commissioner, now in exile.", "", [("aihrc", "former commissioner", 2016)]),
    "imran": (
        "Imran Yousafzai",
        "Rights monitor in Peshawar.",
        "",
        [("hrcp", "coordinator for Khyber Pakhtunkhwa", 2017)],
    ),
    "elena": ("Elena Morozova", "Media-freedom officer.", "", [("osce", "media-freedom officer in Bishkek", 2022)]),
    "marta": ("Marta Lindqvist", "Researcher on Central Asia.", "", [("hrw", "Central Asia researcher", 2019)]),
    "amir": ("Amir Sultani", "Protection officer in Peshawar.", "", [("unhcr", "protection officer", 2020)]),
    "jamshed": ("Jamshed Boboev", "Apricot farmer in Isfara district.", "", []),
    "gulnara": ("Gulnara Seitkali", "Mother of a detained blogger in Taraz.", "", []),
    "serik": (
        "Serik Baimukhanov",
        "Doctor in a Karaganda prison colony.",
        "a doctor who works in the prison system",
        [],
    ),
    "ulugbek": (
        "Ulugbek Tashev",
        "District official in Batken region.",
        "a district official in the Ferghana valley",
        [],
    ),
    "fereshta": (
        "Fereshta Amiri",
        "Teacher in Balkh province who runs a home class.",
        "a teacher in Balkh province",
        [],
    ),
    "nurbek": ("Nurbek Asanov", "Police officer in Osh.", "a serving police officer in Osh", []),
    "asel": (
        "Asel Nurpeisova",
        "Official in the Zhambyl regional education department.",
        "an official in the Zhambyl regional education department",
        [],
    ),
}
