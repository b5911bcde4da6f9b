"""The demo newsroom's thirty stories, in every workflow state. Fiction, written for this project."""


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# Each article: headline, standfirst, body, language, countries, programme, topics, state, days, bylines,
# citations as (source key, organisation key, role, quote, anonymous descriptor), corrections as
# (kind, note, days after publication), and a note: the return note or the withdrawal reason.
#
# ``days`` is how long ago the story went live (live, withdrawn), how far ahead it is scheduled
# (scheduled), or how long ago it was started (everything else).
ARTICLES = [
    {
        "headline": "Kyrgyzstan: Osh Lawyers Say Detainees Are Denied Counsel for Days",
        "standfirst": "Defence lawyers in the south say clients are questioned for up to three days before anyone "
        "tells them they have a right to a lawyer.",
        "body": _p(
            "When Roza Akhmatova reached the temporary detention centre in Osh on a Monday morning, her client had "
            "already signed two statements. He had been held since Friday night.",
            "“They tell families to wait until the investigation is over,” said Akhmatova, head of the Osh office "
            "of the Adilet Legal Clinic, a legal-aid organisation based in Bishkek. Adilet says its lawyers "
            "recorded more than forty such cases in the south last year.",
            "Bakyt Mamatov, spokesman in Osh for the Ministry of Internal Affairs (MVD), said every detainee "
            "is told of their rights on arrival. “If a lawyer is not there, it is because the detainee did not "
            "ask for one,” he said.",
            "A serving police officer in Osh, who asked not to be named because he is not allowed to speak to "
            "the press, described a different routine. “Nobody calls a lawyer on a Friday,” he said. "
            "“The weekend is when people talk.”",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Rule of Law",
        "tags": ["detention", "legal aid", "police"],
        "state": "live",
        "days": 2,
        "bylines": ["aigerim"],
        "citations": [
            (
                "roza",
                "adilet",
                "head of the Osh office of Adilet",
                "They tell families to wait until the investigation is over.",
                "",
            ),
            (
                "bakyt",
                "kg-interior",
                "MVD spokesman in Osh",
                "If a lawyer is not there, it is because the detainee did not ask for one.",
                "",
            ),
            ("nurbek", None, "", "Nobody calls a lawyer on a Friday.", "a serving police officer in Osh"),
        ],
        "corrections": [
            ("update", "This story was updated to add the Interior Ministry's reply, received after publication.", 1),
        ],
    },
    {
        "headline": "Kazakhstan: Prison Doctors Describe Shortages Behind Bars",
        "standfirst": "Medics inside the penal system say they ration insulin and send seriously ill prisoners "
        "back to their cells.",
        "body": _p(
            "In one colony in Karaganda region a single doctor is responsible for more than a thousand men. "
            "The pharmacy cupboard, he says, is usually half empty by the middle of the month.",
            "“We write the requests, we send them up, and what comes back is paracetamol,” said the doctor, "
            "who asked not to be named because staff are forbidden to talk to journalists.",
            "The Kazakhstan International Bureau for Human Rights and Rule of Law (KIBHR) has collected "
            "complaints from prisoners' families in six regions. Galym Zhakupov, a lawyer with KIBHR, said the "
            "complaints follow a pattern. “The same illnesses, the same answers, the same silence,” he said.",
            "The penal service did not reply to written questions sent two weeks before publication.",
        ),
        "language": "en",
        "countries": ["KZ"],
        "programme": "Rule of Law",
        "tags": ["prisons", "health"],
        "state": "live",
        "days": 4,
        "bylines": ["daniyar"],
        "citations": [
            (
                "serik",
                None,
                "",
                "We write the requests, we send them up, and what comes back is paracetamol.",
                "a doctor who works in the prison system",
            ),
            ("galym", "kibhr", "lawyer with KIBHR", "The same illnesses, the same answers, the same silence.", ""),
        ],
    },
    {
        "headline": "Tajikistan: Border Villages Wait for Water",
        "standfirst": "Farmers on both sides of the Tajik–Kyrgyz border say the canal that feeds their orchards "
        "has been dry since June.",
        "body": _p(
            "Jamshed Boboev walks the length of his apricot orchard in Isfara district every evening, looking at "
            "leaves that have started to curl. The concrete channel along its edge has carried no water for "
            "seven weeks.",
            "“My father planted these trees. I do not know if they will see another spring,” said Boboev.",
            "Nodira Rahimova, deputy head of the irrigation department at the Ministry of Energy and Water "
            "Resources of Tajikistan (MEWR), said the ministry was negotiating a new schedule for the shared "
            "canal with the Kyrgyz side. “The water exists. The problem is who opens the gate, and when,” she said.",
            "A district official on the Kyrgyz side of the valley, who asked not to be named, said villages "
            "there were short of water too, and that tempers at the checkpoints were rising with the heat.",
        ),
        "language": "en",
        "countries": ["TJ", "KG"],
        "programme": "Global Voices",
        "tags": ["water", "borders", "agriculture"],
        "state": "live",
        "days": 6,
        "bylines": ["aigerim", "daniyar"],
        "citations": [
            ("jamshed", None, "apricot farmer in Isfara", "My father planted these trees.", ""),
            (
                "nodira",
                "tj-energy",
                "deputy head of the irrigation department, MEWR",
                "The water exists. The problem is who opens the gate, and when.",
                "",
            ),
            ("ulugbek", None, "", "", "a district official in the Ferghana valley"),
        ],
    },
    {
        "headline": "Afghanistan: Girls' Schools Move Into Living Rooms",
        "standfirst": "In Balkh province, teachers who lost their classrooms now teach small groups of girls at "
        "home, and change the lesson when someone knocks.",
        "body": _p(
            "Nine girls sit on cushions in a room with the curtains drawn. On the floor between them lie a "
            "chemistry textbook and, on top of it, a copy of the Quran in case of visitors.",
            "“If anyone asks, this is a religion class,” said their teacher, who asked that her name not be "
            "used. She taught biology at a state secondary school until girls above the sixth grade were "
            "barred from attending.",
            "Shabnam Rahimi, a former commissioner of the Afghanistan Independent Human Rights Commission "
            "(AIHRC), which now works from exile, said home classes have spread across the north. “They cannot "
            "give certificates, but they keep girls reading,” she said.",
        ),
        "language": "en",
        "countries": ["AF"],
        "programme": "Global Voices",
        "tags": ["education", "women's rights"],
        "state": "live",
        "days": 9,
        "bylines": ["zahra"],
        "citations": [
            ("fereshta", None, "", "If anyone asks, this is a religion class.", "a teacher in Balkh province"),
            (
                "shabnam",
                "aihrc",
                "former AIHRC commissioner",
                "They cannot give certificates, but they keep girls reading.",
                "",
            ),
        ],
    },
    {
        "headline": "Georgia: Watchdog Tracks Who Pays for Election Advertising",
        "standfirst": "A Tbilisi group matches party donations against company registries to show who stands "
        "behind the billboards.",
        "body": _p(
            "Each week before the vote, researchers at Transparency International Georgia (TI Georgia) download "
            "the parties' donation declarations and compare them with the public registry of companies.",
            "“A donation is never just a name. It is a name, a company and, often, a government contract,” said "
            "Levan Kapanadze, a researcher at TI Georgia.",
            "The group publishes its findings as an open spreadsheet. Two parties have disputed its figures; "
            "neither has published its own.",
        ),
        "language": "en",
        "countries": ["GE"],
        "programme": "Rule of Law",
        "tags": ["elections", "corruption"],
        "state": "live",
        "days": 11,
        "bylines": ["nino"],
        "citations": [
            ("levan", "ti-georgia", "researcher at TI Georgia", "A donation is never just a name.", ""),
        ],
    },
    {
        "headline": "Kazakhstan: Mother of Detained Blogger Waits for a Trial Date",
        "standfirst": "Six months after her son's arrest for a post about a regional governor, a mother in Taraz "
        "still does not know when he will stand trial.",
        "body": _p(
            "Gulnara Seitkali keeps a folder of every letter she has sent to the prosecutor's office. There are "
            "twenty-three. She has received four replies, each a single paragraph.",
            "“They say the investigation is continuing. What is there to investigate? The post is still online,” "
            "she said.",
            "Galym Zhakupov of the Kazakhstan International Bureau for Human Rights and Rule of Law (KIBHR), who "
            "represents the family, said extending pre-trial detention for a social-media post was "
            "disproportionate. Marta Lindqvist, Central Asia researcher at Human Rights Watch (HRW), said "
            "cases like this one have a chilling effect far beyond the person detained.",
        ),
        "language": "en",
        "countries": ["KZ"],
        "programme": "Rule of Law",
        "tags": ["freedom of expression", "detention"],
        "state": "live",
        "days": 14,
        "bylines": ["taraz"],
        "citations": [
            (
                "gulnara",
                None,
                "mother of the detained blogger",
                "What is there to investigate? The post is still online.",
                "",
            ),
            ("galym", "kibhr", "KIBHR lawyer representing the family", "", ""),
            ("marta", "hrw", "Central Asia researcher at HRW", "", ""),
        ],
        "corrections": [
            (
                "correction",
                "An earlier version said the case was before the Taraz city court. It is before the "
                "specialised inter-district criminal court.",
                2,
            ),
        ],
    },
    {
        "headline": "Pakistan: Afghan Families in Peshawar Count Days to Deportation Deadline",
        "standfirst": "Families who have lived in Pakistan for decades are selling furniture and looking for "
        "papers that would let them stay.",
        "body": _p(
            "In a Peshawar neighbourhood where most shopkeepers were born to Afghan parents, the talk in the "
            "bakery queue is of deadlines and documents.",
            "Amir Sultani, a protection officer with the Office of the United Nations High Commissioner for "
            "Refugees (UNHCR), said the agency was asking for people at risk to be screened before any "
            "return. “Some of these families have nobody left on the other side,” he said.",
            "Imran Yousafzai, coordinator for Khyber Pakhtunkhwa at the Human Rights Commission of Pakistan "
            "(HRCP), said the commission had recorded police raids on homes at night. “Fear is doing what the "
            "deadline alone could not,” he said.",
        ),
        "language": "en",
        "countries": ["PK", "AF"],
        "programme": "Global Voices",
        "tags": ["refugees", "migration"],
        "state": "live",
        "days": 16,
        "bylines": ["ayesha"],
        "citations": [
            (
                "amir",
                "unhcr",
                "UNHCR protection officer in Peshawar",
                "Some of these families have nobody left on the other side.",
                "",
            ),
            (
                "imran",
                "hrcp",
                "HRCP coordinator for Khyber Pakhtunkhwa",
                "Fear is doing what the deadline alone could not.",
                "",
            ),
        ],
    },
    {
        "headline": "Uzbekistan: Economists Ask Who Gains From Cotton Reform",
        "standfirst": "Private clusters now run most of the cotton harvest. Pickers' pay has risen; farmers' "
        "independence, some say, has not.",
        "body": _p(
            "The state quota is gone, and with it the buses that once carried teachers and nurses to the "
            "fields each autumn. In their place stand the clusters: private companies that lease land, buy "
            "the crop and run the gins.",
            "“The picker is better off. The farmer who signs a contract with the only cluster in his district "
            "is another question,” said Dilnoza Yusupova, an independent economist in Tashkent.",
            "Farmers interviewed in Syrdarya region said the price they receive is set by the cluster, which "
            "also sells them seed and fertiliser.",
        ),
        "language": "en",
        "countries": ["UZ"],
        "programme": "Global Voices",
        "tags": ["economy", "labour", "cotton"],
        "state": "live",
        "days": 19,
        "bylines": ["daniyar"],
        "citations": [
            ("dilnoza", None, "independent economist in Tashkent", "The picker is better off.", ""),
        ],
    },
    {
        "headline": "Armenia: Displaced Families From Karabakh Look for Permanent Homes",
        "standfirst": "Two years after the exodus, many families still move between rented rooms as state "
        "housing help arrives slowly.",
        "body": _p(
            "Anush keeps the family's documents in a plastic bag by the door, as she did on the road out of "
            "Stepanakert. They have moved three times since.",
            "Ani Petrosyan, a housing lawyer in Yerevan, said families often lose their place in the state "
            "housing programme when they move for work. “The rules were written for people who stay still,” "
            "she said.",
            "The Office of the United Nations High Commissioner for Refugees (UNHCR) has called for more "
            "flexible support. The government says the programme is being expanded.",
        ),
        "language": "en",
        "countries": ["AM"],
        "programme": "Global Voices",
        "tags": ["refugees", "housing"],
        "state": "live",
        "days": 22,
        "bylines": ["nino"],
        "citations": [
            ("ani", None, "housing lawyer in Yerevan", "The rules were written for people who stay still.", ""),
            (None, "unhcr", "", "", ""),
        ],
    },
    {
        "headline": "Kyrgyzstan: New Media Law Leaves Small Outlets Guessing",
        "standfirst": "Regional websites do not know whether they must now register as media, and what happens "
        "if they do not.",
        "body": _p(
            "The editor of a two-person news site in Jalal-Abad has read the new law on mass media four times. "
            "She still cannot tell whether her site counts.",
            "Elena Morozova, media-freedom officer in Bishkek for the Organization for Security and "
            "Co-operation in Europe (OSCE), said the OSCE had offered comments on the draft. “Clear definitions "
            "protect everyone, including the state,” she said.",
            "Freedom House, in its annual assessment, has described a steady narrowing of space for "
            "independent media in Kyrgyzstan.",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Rule of Law",
        "tags": ["media freedom", "legislation"],
        "state": "live",
        "days": 25,
        "bylines": ["aigerim"],
        "citations": [
            (
                "elena",
                "osce",
                "OSCE media-freedom officer in Bishkek",
                "Clear definitions protect everyone, including the state.",
                "",
            ),
            (None, "freedom-house", "annual assessment", "", ""),
        ],
    },
    {
        "headline": "Казахстан: в Таразе родители добиваются ремонта школы",
        "standfirst": "Родители учеников школы на окраине Тараза третий год просят отремонтировать крышу и отопление.",
        "body": _p(
            "Зимой дети сидят на уроках в куртках: батареи в двух кабинетах не греют с прошлого года, а после "
            "дождя учителя ставят вёдра в коридоре.",
            "Родители собрали подписи и дважды обращались в городской отдел образования. В ответ им обещали "
            "включить школу в план ремонта «при наличии средств».",
            "Сотрудник областного управления образования, попросивший не называть его имени, сказал, что "
            "заявки на ремонт превышают бюджет в несколько раз. «Мы выбираем между крышей и окнами», — сказал он.",
        ),
        "language": "ru",
        "countries": ["KZ"],
        "programme": "Global Voices",
        "tags": ["education", "infrastructure"],
        "state": "live",
        "days": 27,
        "bylines": ["taraz"],
        "citations": [
            ("asel", None, "", "Мы выбираем между крышей и окнами.", "сотрудник областного управления образования"),
        ],
    },
    {
        "headline": "Қазақстан: Маңғыстаудағы малшылар су тапшылығына шағымданады",
        "standfirst": "Маңғыстау облысындағы шалғай ауылдардың малшылары құдықтар тартылып, малды суаруға су "
        "жетпей жатқанын айтады.",
        "body": _p(
            "Жаз басталғаннан бері ауылдағы үш құдықтың екеуі тартылып қалды. Малшылар суды алыстағы "
            "қайнар көзден цистернамен тасуға мәжбүр.",
            "Ауыл тұрғындарының айтуынша, бір цистерна судың бағасы соңғы екі жылда екі есе өскен. "
            "Кейбір отбасылар малының бір бөлігін сатуға шешім қабылдаған.",
            "Аудан әкімдігі жаңа құдықтар қазу жоспарланғанын хабарлады, бірақ нақты мерзімін атамады.",
        ),
        "language": "kk",
        "countries": ["KZ"],
        "programme": "Global Voices",
        "tags": ["water", "agriculture"],
        "state": "live",
        "days": 30,
        "bylines": ["daniyar"],
        "citations": [],
    },
    {
        "headline": "Pakistan: Journalists in Khyber Pakhtunkhwa Report Rising Threats",
        "standfirst": "Reporters in the province describe calls from unknown numbers, visits to their families "
        "and stories they have decided not to write.",
        "body": _p(
            "A reporter in Bannu keeps two phones: one for work, and one whose number only his family knows. "
            "He started doing so after a caller recited his children's school timetable to him.",
            "Imran Yousafzai of the Human Rights Commission of Pakistan (HRCP) said the commission's monitors "
            "had documented threats against journalists in every district of the south of the province. "
            "“Self-censorship is the statistic nobody can count,” he said.",
            "Several reporters interviewed for this article asked that their names and outlets be left out.",
        ),
        "language": "en",
        "countries": ["PK"],
        "programme": "Rule of Law",
        "tags": ["media freedom", "security"],
        "state": "live",
        "days": 33,
        "bylines": ["ayesha"],
        "citations": [
            (
                "imran",
                "hrcp",
                "HRCP coordinator for Khyber Pakhtunkhwa",
                "Self-censorship is the statistic nobody can count.",
                "",
            ),
        ],
    },
    {
        "headline": "Afghanistan: Human Rights Commission Keeps Working From Exile",
        "standfirst": "Former staff of the national rights commission collect testimony by phone and messaging "
        "apps from outside the country.",
        "body": _p(
            "The Afghanistan Independent Human Rights Commission (AIHRC) once had offices in every region. "
            "Today its former staff work from rented rooms in several countries, with laptops and a list of "
            "trusted contacts at home.",
            "“We lost the building. We did not lose the method,” said Shabnam Rahimi, a former AIHRC commissioner.",
            "Human Rights Watch (HRW) and other organisations draw on such testimony in their own reports, "
            "though none can verify every account on the ground.",
        ),
        "language": "en",
        "countries": ["AF"],
        "programme": "Rule of Law",
        "tags": ["human rights", "exile"],
        "state": "live",
        "days": 36,
        "bylines": ["zahra", "ayesha"],
        "citations": [
            ("shabnam", "aihrc", "former AIHRC commissioner", "We lost the building. We did not lose the method.", ""),
            (None, "hrw", "", "", ""),
        ],
    },
    {
        "headline": "Georgia: Supreme Court Publishes Rulings Online After Years of Requests",
        "standfirst": "Lawyers and researchers welcome a searchable archive of decisions, with names of private "
        "parties removed.",
        "body": _p(
            "For years, anyone who wanted to read a ruling of the Supreme Court of Georgia had to ask for it in "
            "writing and wait. Since this month, decisions appear in an online archive within days.",
            "“Openness is how a court explains itself,” said Tamar Gelashvili, press officer of the Supreme Court.",
            "Levan Kapanadze of Transparency International Georgia (TI Georgia) said the archive was a welcome "
            "step, and that his group would watch whether sensitive cases were published as promptly as "
            "routine ones.",
        ),
        "language": "en",
        "countries": ["GE"],
        "programme": "Rule of Law",
        "tags": ["courts", "transparency"],
        "state": "live",
        "days": 40,
        "bylines": ["nino"],
        "citations": [
            (
                "tamar",
                "ge-supreme-court",
                "press officer of the Supreme Court",
                "Openness is how a court explains itself.",
                "",
            ),
            ("levan", "ti-georgia", "researcher at TI Georgia", "", ""),
        ],
        "corrections": [
            (
                "clarification",
                "This article has been clarified to say that names of private parties are removed "
                "from published rulings, not only from criminal cases.",
                3,
            ),
        ],
    },
    # Scheduled: published with a publish time ahead of now.
    {
        "headline": "Kyrgyzstan: Osh Bazaar Traders Brace for New Rents",
        "standfirst": "Stallholders at the city's oldest market say a new management company has doubled their "
        "rent for the coming season.",
        "body": _p(
            "At the fabric rows of the Jayma bazaar, traders compare the letters they have received. The "
            "figures differ; the direction does not.",
            "“I have sold cloth here for twenty-two years. I have never had to choose between rent and stock,” "
            "said one trader, who asked to be identified only by her first name, Gulbara.",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Global Voices",
        "tags": ["trade", "economy"],
        "state": "scheduled",
        "days": 2,
        "bylines": ["aigerim"],
        "citations": [],
    },
    {
        "headline": "Tajikistan: Migrants' Families Learn New Ways to Receive Money",
        "standfirst": "As transfer rules change in Russia, families in the Rasht valley try banks, apps and "
        "couriers to receive money from abroad.",
        "body": _p(
            "In a village in the Rasht valley, the only shop with a card terminal has become the place where "
            "families find out whether this month's money has arrived.",
            "Dilnoza Yusupova, an economist who studies migration across the region, said households were "
            "paying more to receive less. “Every new rule is a new fee,” she said.",
        ),
        "language": "en",
        "countries": ["TJ"],
        "programme": "Global Voices",
        "tags": ["migration", "economy"],
        "state": "scheduled",
        "days": 5,
        "bylines": ["daniyar", "aigerim"],
        "citations": [
            ("dilnoza", None, "economist who studies migration", "Every new rule is a new fee.", ""),
        ],
    },
    # Withdrawn: was live, then taken down; the reason stays on the desk.
    {
        "headline": "Kazakhstan: Regional Court Fines Activist Over Social Media Post",
        "standfirst": "An activist in Zhambyl region was fined for a post criticising local officials' handling "
        "of a flood.",
        "body": _p(
            "The court found that the post spread false information. The activist says she only repeated what "
            "neighbours had told her at the flooded bus station.",
            "Galym Zhakupov of the Kazakhstan International Bureau for Human Rights and Rule of Law (KIBHR) said "
            "the fine would be appealed.",
        ),
        "language": "en",
        "countries": ["KZ"],
        "programme": "Rule of Law",
        "tags": ["freedom of expression", "courts"],
        "state": "withdrawn",
        "days": 45,
        "bylines": ["taraz"],
        "citations": [("galym", "kibhr", "KIBHR lawyer", "", "")],
        "note": "Legal advice: the story identifies a witness who has since asked for protection.",
    },
    {
        "headline": "Afghanistan: Torkham Border Market Reopens to Traders",
        "standfirst": "Lorries loaded with fruit crossed the main crossing with Pakistan for the first time in weeks.",
        "body": _p(
            "Drivers who had waited for days on the Pakistani side cheered as the first lorries moved through "
            "the gate in the early morning.",
            "Traders said the closure had cost them much of the season's grape harvest.",
        ),
        "language": "en",
        "countries": ["AF", "PK"],
        "programme": "Global Voices",
        "tags": ["trade", "borders"],
        "state": "withdrawn",
        "days": 50,
        "bylines": ["ayesha"],
        "citations": [],
        "note": "Overtaken by events: the crossing closed again the same evening. Replaced by a new story.",
    },
    # Approved: ready for an editor to publish.
    {
        "headline": "Armenia: Yerevan Residents Contest Demolition of Old Courtyards",
        "standfirst": "Neighbours of a nineteenth-century courtyard in the city centre have gone to court to stop "
        "a developer.",
        "body": _p(
            "The courtyard off Abovyan Street has a mulberry tree, a shared tap and four families who do not "
            "want to leave.",
            "Ani Petrosyan, the lawyer representing them, said the compensation offered was a fraction of what "
            "a comparable flat would cost. “They are asked to give up the centre of the city for the edge of "
            "it,” she said.",
        ),
        "language": "en",
        "countries": ["AM"],
        "programme": "Global Voices",
        "tags": ["housing", "heritage"],
        "state": "approved",
        "days": 3,
        "bylines": ["nino"],
        "citations": [
            (
                "ani",
                None,
                "lawyer for the residents",
                "They are asked to give up the centre of the city for the edge of it.",
                "",
            )
        ],
    },
    {
        "headline": "Uzbekistan: Monitors Return to the Cotton Fields",
        "standfirst": "Independent monitors say forced mobilisation has largely ended, but pressure on public "
        "workers has not disappeared.",
        "body": _p(
            "Monitors visiting fields in Kashkadarya region this autumn found pickers who said they had come "
            "for the wage, not because a school principal had told them to.",
            "Marta Lindqvist, Central Asia researcher at Human Rights Watch (HRW), said the change was real but "
            "incomplete. Dilnoza Yusupova said local officials still faced pressure to meet harvest targets.",
        ),
        "language": "en",
        "countries": ["UZ"],
        "programme": "Rule of Law",
        "tags": ["labour", "cotton"],
        "state": "approved",
        "days": 4,
        "bylines": ["daniyar"],
        "citations": [
            ("marta", "hrw", "Central Asia researcher at HRW", "", ""),
            ("dilnoza", None, "independent economist", "", ""),
        ],
    },
    {
        "headline": "Pakistan: Flood-Hit Farmers in Swat Still Wait for Compensation",
        "standfirst": "Farmers whose fields were washed away say compensation forms have been filled in three "
        "times, and paid once.",
        "body": _p(
            "The river took the lower terraces of Fazal's farm in a single night. The forms came later, and "
            "kept coming.",
            "Imran Yousafzai of the Human Rights Commission of Pakistan (HRCP) said the commission had asked "
            "the provincial government to publish the list of people compensated.",
        ),
        "language": "en",
        "countries": ["PK"],
        "programme": "Global Voices",
        "tags": ["floods", "agriculture"],
        "state": "approved",
        "days": 5,
        "bylines": ["ayesha"],
        "citations": [("imran", "hrcp", "HRCP coordinator for Khyber Pakhtunkhwa", "", "")],
    },
    # Submitted: waiting for review.
    {
        "headline": "Kyrgyzstan: Interior Ministry Promises Body Cameras in Osh Stations",
        "standfirst": "The ministry says cameras will record every interview; lawyers ask who will keep the "
        "recordings.",
        "body": _p(
            "The Ministry of Internal Affairs (MVD) says body cameras will be issued to investigators in Osh "
            "by the end of the year.",
            "Bakyt Mamatov, the MVD spokesman in Osh, said the cameras would protect officers as well as "
            "detainees. Roza Akhmatova of Adilet said recordings were only useful if lawyers could see them.",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Rule of Law",
        "tags": ["police", "detention"],
        "state": "submitted",
        "days": 2,
        "bylines": ["aigerim"],
        "citations": [
            ("bakyt", "kg-interior", "MVD spokesman in Osh", "", ""),
            ("roza", "adilet", "head of the Osh office of Adilet", "", ""),
        ],
    },
    {
        "headline": "Kazakhstan: Taraz Court Hears Case of Dismissed Teachers",
        "standfirst": "Three teachers say they lost their jobs after complaining about unpaid overtime.",
        "body": _p(
            "The three teachers sat together in the front row of the courtroom, as they have at every hearing "
            "since the spring.",
            "An official in the regional education department, who asked not to be named, said the dismissals "
            "followed an inspection and had nothing to do with the complaint.",
        ),
        "language": "en",
        "countries": ["KZ"],
        "programme": "Rule of Law",
        "tags": ["education", "labour", "courts"],
        "state": "submitted",
        "days": 3,
        "bylines": ["taraz"],
        "citations": [("asel", None, "", "", "an official in the regional education department")],
    },
    {
        "headline": "Georgia: Mountain Schools in Tusheti Fight to Stay Open",
        "standfirst": "With fewer than ten pupils each, village schools in the high Caucasus face merger.",
        "body": _p(
            "The road to Omalo is open five months a year. For the rest, the school is the village's link to "
            "everything else.",
            "Parents say a merger would mean sending ten-year-olds to board in the lowlands.",
        ),
        "language": "en",
        "countries": ["GE"],
        "programme": "Global Voices",
        "tags": ["education", "mountains"],
        "state": "submitted",
        "days": 1,
        "bylines": ["nino"],
        "citations": [],
    },
    # Returned: back with the author, with the editor's note.
    {
        "headline": "Kyrgyzstan: Women Leading Village Councils Say They Are Outvoted",
        "standfirst": "Women elected to head village councils in the south say male deputies block their budgets.",
        "body": _p(
            "Of the village councils in Osh region, only a handful are led by women. Three of them described "
            "budget sessions that end before their proposals are read.",
            "“They vote on the agenda before I have finished reading it,” said one council head.",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Global Voices",
        "tags": ["women's rights", "local government"],
        "state": "returned",
        "days": 6,
        "bylines": ["aigerim"],
        "citations": [],
        "note": "Strong material. Please add the regional administration's reply and check the number of "
        "councils led by women against the election commission's list before we run it.",
    },
    {
        "headline": "Afghanistan: Radio Stations in the North Go Quiet",
        "standfirst": "Local stations that once broadcast music and call-in shows now air religious programmes "
        "or nothing at all.",
        "body": _p(
            "The station's studio still has its mixing desk, covered with a cloth. Two of its five presenters "
            "have left the country.",
            "A teacher who used to call in to the station's education programme said her pupils had lost a "
            "voice they trusted.",
        ),
        "language": "en",
        "countries": ["AF"],
        "programme": "Global Voices",
        "tags": ["media freedom", "radio"],
        "state": "returned",
        "days": 8,
        "bylines": ["zahra"],
        "citations": [("fereshta", None, "", "", "a teacher in Balkh province")],
        "note": "The second paragraph could identify the station. Please remove the number of presenters and "
        "describe the studio without details a reader in Mazar would recognise.",
    },
    # Drafts: still being written.
    {
        "headline": "Kyrgyzstan: Issyk-Kul Guesthouses Count a Lost Season",
        "standfirst": "Guesthouse owners on the lake's north shore say bookings fell by half this summer.",
        "body": _p(
            "The guesthouse has twelve beds and, this August, four guests.",
            "Owners blame road works, prices and a summer of rain.",
            "Roza Akhmatova, who heads the Osh office of the Adilet Legal Clinic, said several owners had "
            "asked Adilet how to leave leases they can no longer pay.",
        ),
        "language": "en",
        "countries": ["KG"],
        "programme": "Global Voices",
        "tags": ["tourism", "economy"],
        "state": "draft",
        "days": 1,
        "bylines": ["aigerim"],
        "citations": [],
        "image": False,
    },
    {
        "headline": "Tajikistan: Dushanbe Families Say Demolitions Came Without Notice",
        "standfirst": "Residents of an old district say they learned of demolition orders from the bulldozers.",
        "body": _p("Residents of the district say the first notice they received was the sound of engines."),
        "language": "en",
        "countries": ["TJ"],
        "programme": "Rule of Law",
        "tags": ["housing"],
        "state": "draft",
        "days": 2,
        "bylines": ["daniyar"],
        "citations": [],
        "image": False,
    },
    {
        "headline": "Pakistan: Lawyers' Strike Stalls Peshawar Courts",
        "standfirst": "Hearings have been adjourned for a week as lawyers protest an attack on a colleague.",
        "body": _p(
            "The corridors of the district courts were empty on Tuesday except for litigants who had not heard "
            "about the strike.",
        ),
        "language": "en",
        "countries": ["PK"],
        "programme": "Rule of Law",
        "tags": ["courts"],
        "state": "draft",
        "days": 1,
        "bylines": ["ayesha"],
        "citations": [],
        "image": False,
    },
]
