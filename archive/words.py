"""Vocabulary for generated archive stories, most frequent first, in English and Russian.

Words are drawn with Zipf-like weights (the n-th word about 1/n as often as the first), so a
common word such as "government" appears in most stories and the words near the end of a
list in few; ``RARE`` words are sprinkled into about one story in a few hundred each.
"""


def _words(text):
    return text.split()


ENGLISH = _words("""
the of and to in a that said for on was is with by as at from were has have it their they which be
an not this had but who after are its been more local people year government officials police
authorities country said also one two other new last would could than since says told about region
when over into against rights law city years residents court president ministry public security
border water state media women journalists first many report because while where them before three
human workers such children health members political prison opposition some those parliament under
election during own families several only most month case war refugees national village protest
economic group community support made between according even power school food prices whose until
independent week funding access may however international officials energy money information years
activists lawyers days time part land families farmers migrants army trial decree cases million
percent reform corruption control interior justice order rule freedom press office leaders official
former deputy head service program organisation survey data policy plan project budget debt loan
bank trade market factory mine gas oil electricity winter summer spring autumn river mountain valley
road bridge railway hospital doctors teachers students university mosque church religion language
history culture television radio website newspaper editor blogger article interview statement
hearing sentence verdict charges arrest detention torture investigation prosecutor judge lawyer
witness evidence appeal fine release amnesty pardon exile asylum visa passport migration remittances
salary pension tax customs smuggling drought flood earthquake harvest cotton wheat livestock pasture
irrigation canal dam glacier snow heat dust coal uranium gold copper construction housing rent debt
inflation currency exchange unemployment poverty aid donors grant ceasefire troops soldiers clashes
shelling curfew checkpoint militia weapons drones mines displaced shelter camp convoy negotiations
talks treaty summit visit delegation ambassador embassy minister governor mayor council district
province capital neighbours relatives mother father daughter son brother sister widow pensioners
youth voters ballot turnout campaign candidate party coalition vote count observers fraud
""")

RUSSIAN = _words("""
и в не на что с по как из за от это к о для его но все она так же был также они было их году после
при уже только власти может более людей жителей время правительство министерство страны суд полиция
закон права человека журналисты местные сообщил заявил который которые вопрос года лет ещё может
несколько чиновники граница вода область город село район президент парламент выборы оппозиция
протест задержание арест тюрьма приговор обвинение следствие прокурор адвокат свидетель апелляция
штраф амнистия беженцы мигранты работа зарплата пенсия налоги цены рынок банк кредит долг бюджет
энергия электричество газ нефть уголь золото хлопок пшеница урожай засуха наводнение землетрясение
ледник река канал плотина орошение пастбище скот фермеры крестьяне школа учителя студенты
университет больница врачи лекарства здоровье дети женщины семья родственники мать отец дочь сын
вдова молодёжь пенсионеры избиратели кандидат партия голосование наблюдатели фальсификации кампания
газета редактор телевидение радио сайт блогер статья интервью заявление слушание расследование пытки
свобода пресса цензура коррупция реформа указ решение совет губернатор мэр посол посольство министр
делегация переговоры договор саммит визит перемирие войска солдаты столкновения обстрел
комендантский блокпост беженцев лагерь гуманитарная помощь доноры грант строительство жильё аренда
инфляция валюта безработица бедность зима лето весна осень гора долина дорога мост железная таможня
контрабанда паспорт виза убежище эмиграция денежные переводы
""")

RARE_ENGLISH = _words("""
saxaul apricot yurt kumis falconry tulip felt carpet walnut pistachio mulberry silkworm caravanserai
minaret madrasa petroglyph glacierologist avalanche permafrost tamarisk juniper ibex snowleopard
marmot saiga pelican sturgeon caviar melon pomegranate
""")

RARE_RUSSIAN = _words("""
саксаул абрикос юрта кумыс соколиная тюльпан войлок ковёр грецкий фисташка шелковица шелкопряд
караван минарет медресе петроглиф лавина вечномерзлый тамариск можжевельник архар барс сурок сайгак
пеликан осётр икра дыня гранат
""")

COUNTRIES = [
    (
        "Central Asia",
        {"Kazakhstan": "KZ", "Kyrgyzstan": "KG", "Tajikistan": "TJ", "Turkmenistan": "TM", "Uzbekistan": "UZ"},
    ),
    ("South Caucasus", {"Armenia": "AM", "Azerbaijan": "AZ", "Georgia": "GE"}),
    ("Afghanistan and Pakistan", {"Afghanistan": "AF", "Pakistan": "PK"}),
    ("Eastern Europe", {"Belarus": "BY", "Moldova": "MD", "Ukraine": "UA"}),
    ("Middle East", {"Iraq": "IQ", "Syria": "SY", "Yemen": "YE", "Lebanon": "LB"}),
    ("Russia", {"Russia": "RU"}),
]

PROGRAMMES = ["Global Voices", "Rule of Law", "Climate and Water", "Media Freedom", "Elections", "Borderlands"]

TOPICS = _words("""
water elections courts media-freedom migration energy health education corruption religion labour-
rights land protests torture prisons refugees women-rights children climate agriculture cotton
mining gas oil border-disputes ceasefire censorship internet surveillance journalists lawyers ngo-
law budget debt remittances housing earthquakes floods drought glaciers pastures livestock trade
customs smuggling transport railways roads hospitals pensions minorities language-policy history
memory culture sport
""")

CITIES = _words("""
Osh Bishkek Almaty Astana Taraz Shymkent Dushanbe Khujand Tashkent Samarkand Bukhara Nukus Ashgabat
Mary Tbilisi Batumi Yerevan Gyumri Baku Ganja Kabul Herat Mazar-i-Sharif Kandahar Minsk Chisinau
Kharkiv Odesa Mosul Erbil Aleppo Sanaa
""")

FIRST_NAMES = _words("""
Aigerim Askar Bakyt Dinara Elena Farrukh Gulnara Ilkhom Jamshid Kamila Lola Marat Nargiza Nurlan
Olga Parviz Rustam Saule Timur Umida Vusal Zarina Anar Ani Davit Nino Giorgi Lusine Ahmad Fatima
Mariam Hamid Sardor Shahlo Yerlan Zhanna Ruslan Irina Alexei Natalia
""")

LAST_NAMES = _words("""
Abdullaeva Akhmetov Alieva Baimukhamedov Dzhumabaev Ergashev Gafurova Ibragimov Isaeva Karimov
Kasymova Mamatov Nazarova Nurmatov Orazova Rakhimov Saidov Sharipova Tashkentova Usmonov Yusupova
Zhakupov Beridze Gelashvili Hakobyan Petrosyan Mammadov Huseynova Ahmadi Karimi Rahimi Popescu
Kovalenko Ivanova Smirnov Volkova
""")

ORGANISATION_FORMS = [
    "Centre for",
    "Bureau for",
    "Institute of",
    "Foundation for",
    "Coalition for",
    "Association for",
    "Council on",
    "Network for",
    "Committee on",
    "Observatory of",
]

ORGANISATION_FIELDS = """
Human Rights|Rule of Law|Water Policy|Press Freedom|Legal Aid|Election Monitoring|Migrant Workers|
Women's Rights|Public Health|Anti-Corruption Studies|Environmental Justice|Refugee Support|
Land Rights|Labour Rights|Child Protection|Media Literacy|Civic Education|Prison Reform|
Disability Rights|Energy Transition|Mountain Communities|Open Budgets|Digital Rights|
Peacebuilding|Minority Languages|Independent Journalism|Agricultural Reform|Housing Rights|
Transparency|Social Research
""".replace("\n", "").split("|")

ROLES = ["director", "spokesperson", "analyst", "lawyer", "researcher", "chair", "coordinator", "economist"]

DESCRIPTORS = [
    "a local official who asked not to be named",
    "an independent analyst",
    "a lawyer who requested anonymity",
    "a resident who feared reprisals",
    "a government employee speaking privately",
    "a relative of a detainee",
    "a diplomat in the region",
]

RUSSIAN_COUNTRY_NAMES = {
    "Kazakhstan": "Казахстан",
    "Kyrgyzstan": "Кыргызстан",
    "Tajikistan": "Таджикистан",
    "Turkmenistan": "Туркменистан",
    "Uzbekistan": "Узбекистан",
    "Armenia": "Армения",
    "Azerbaijan": "Азербайджан",
    "Georgia": "Грузия",
    "Afghanistan": "Афганистан",
    "Pakistan": "Пакистан",
    "Belarus": "Беларусь",
    "Moldova": "Молдова",
    "Ukraine": "Украина",
    "Iraq": "Ирак",
    "Syria": "Сирия",
    "Yemen": "Йемен",
    "Lebanon": "Ливан",
    "Russia": "Россия",
}
