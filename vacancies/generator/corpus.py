"""The generator's reference data: what a generated ToR is made of.

UN entities and their offices, duty stations, sponsoring donor countries,
languages, the UN competencies, fields of work (``Topic``), and the sentence
templates and word lists that ``compose`` fills in. Data only: no randomness
here, and nothing that reads the database.
"""

from dataclasses import dataclass, field

# Short form -> (the ToR's Organization/Office line, duty stations of its headquarters and main offices).
ORGANIZATIONS = {
    "UNDP": ("United Nations Development Programme (UNDP)", ["New York", "Istanbul", "Bangkok", "Addis Ababa"]),
    "UNICEF": ("United Nations Children's Fund (UNICEF)", ["New York", "Geneva", "Nairobi", "Amman"]),
    "UNHCR": ("Office of the United Nations High Commissioner for Refugees (UNHCR)", ["Geneva", "Budapest"]),
    "WFP": ("World Food Programme (WFP)", ["Rome", "Dakar", "Panama City", "Cairo"]),
    "FAO": ("Food and Agriculture Organization of the United Nations (FAO)", ["Rome", "Santiago", "Accra"]),
    "ILO": ("International Labour Organization (ILO)", ["Geneva", "Turin", "Abidjan", "Lima"]),
    "WHO": ("World Health Organization (WHO)", ["Geneva", "Copenhagen", "Brazzaville", "Manila"]),
    "UNESCO": ("United Nations Educational, Scientific and Cultural Organization (UNESCO)", ["Paris", "Jakarta"]),
    "UNODC": ("United Nations Office on Drugs and Crime (UNODC)", ["Vienna", "Bangkok", "Panama City"]),
    "OHCHR": ("Office of the United Nations High Commissioner for Human Rights (OHCHR)", ["Geneva", "New York"]),
    "OCHA": ("Office for the Coordination of Humanitarian Affairs (OCHA)", ["New York", "Geneva", "Amman"]),
    "UNFPA": ("United Nations Population Fund (UNFPA)", ["New York", "Johannesburg", "Istanbul"]),
    "UN Women": (
        "United Nations Entity for Gender Equality and the Empowerment of Women (UN Women)",
        ["New York", "Nairobi", "Bangkok"],
    ),
    "UNEP": ("United Nations Environment Programme (UNEP)", ["Nairobi", "Geneva", "Paris", "Bangkok"]),
    "UN-Habitat": ("United Nations Human Settlements Programme (UN-Habitat)", ["Nairobi", "Fukuoka"]),
    "IOM": ("International Organization for Migration (IOM)", ["Geneva", "Brussels", "Pretoria", "Bangkok"]),
    "DPO": ("United Nations / Department of Peace Operations (DPO)", ["New York", "Juba", "Bangui", "Goma"]),
    "DPPA": ("United Nations / Department of Political and Peacebuilding Affairs (DPPA)", ["New York", "Beirut"]),
    "UNIDO": ("United Nations Industrial Development Organization (UNIDO)", ["Vienna"]),
    "IFAD": ("International Fund for Agricultural Development (IFAD)", ["Rome", "Nairobi"]),
    "UNCTAD": ("United Nations Conference on Trade and Development (UNCTAD)", ["Geneva"]),
    "UNOPS": ("United Nations Office for Project Services (UNOPS)", ["Copenhagen", "Nairobi"]),
    "UNRWA": ("United Nations Relief and Works Agency for Palestine Refugees (UNRWA)", ["Amman", "Beirut"]),
    "UNAIDS": ("Joint United Nations Programme on HIV/AIDS (UNAIDS)", ["Geneva", "Johannesburg"]),
    "ITC": ("International Trade Centre (ITC)", ["Geneva"]),
    "ITU": ("International Telecommunication Union (ITU)", ["Geneva"]),
    "WMO": ("World Meteorological Organization (WMO)", ["Geneva"]),
    "UNFCCC": ("United Nations Framework Convention on Climate Change secretariat (UNFCCC)", ["Bonn"]),
    "UNDRR": ("United Nations Office for Disaster Risk Reduction (UNDRR)", ["Geneva", "Bangkok", "Panama City"]),
    "UNV": ("United Nations Volunteers programme (UNV)", ["Bonn"]),
    "DESA": ("United Nations / Department of Economic and Social Affairs (DESA)", ["New York"]),
    "ESCAP": ("United Nations Economic and Social Commission for Asia and the Pacific (ESCAP)", ["Bangkok"]),
    "ECA": ("United Nations Economic Commission for Africa (ECA)", ["Addis Ababa"]),
    "ECLAC": ("Economic Commission for Latin America and the Caribbean (ECLAC)", ["Santiago", "Mexico City"]),
    "UNODA": ("United Nations Office for Disarmament Affairs (UNODA)", ["New York", "Geneva", "Vienna"]),
    "UNMAS": ("United Nations Mine Action Service (UNMAS)", ["New York", "Geneva"]),
    "UNITAR": ("United Nations Institute for Training and Research (UNITAR)", ["Geneva"]),
    "UNIDIR": ("United Nations Institute for Disarmament Research (UNIDIR)", ["Geneva"]),
}

# Duty stations: (city, ISO 3166-1 alpha-2, country name as a ToR writes it).
DUTY_STATIONS = [
    (city, code, country)
    for country, code, cities in [
        ("Afghanistan", "AF", ["Kabul", "Herat"]),
        ("Albania", "AL", ["Tirana"]),
        ("Algeria", "DZ", ["Algiers"]),
        ("Argentina", "AR", ["Buenos Aires"]),
        ("Armenia", "AM", ["Yerevan"]),
        ("Austria", "AT", ["Vienna"]),
        ("Azerbaijan", "AZ", ["Baku"]),
        ("Bangladesh", "BD", ["Dhaka", "Cox's Bazar"]),
        ("Barbados", "BB", ["Bridgetown"]),
        ("Belgium", "BE", ["Brussels"]),
        ("Benin", "BJ", ["Cotonou"]),
        ("Bhutan", "BT", ["Thimphu"]),
        ("Bolivia", "BO", ["La Paz"]),
        ("Bosnia and Herzegovina", "BA", ["Sarajevo"]),
        ("Botswana", "BW", ["Gaborone"]),
        ("Brazil", "BR", ["Brasilia", "Rio de Janeiro"]),
        ("Burkina Faso", "BF", ["Ouagadougou"]),
        ("Burundi", "BI", ["Bujumbura"]),
        ("Cambodia", "KH", ["Phnom Penh"]),
        ("Cameroon", "CM", ["Yaoundé", "Maroua"]),
        ("Central African Republic", "CF", ["Bangui"]),
        ("Chad", "TD", ["N'Djamena", "Abéché"]),
        ("Chile", "CL", ["Santiago"]),
        ("China", "CN", ["Beijing"]),
        ("Colombia", "CO", ["Bogotá", "Cúcuta"]),
        ("Congo", "CG", ["Brazzaville"]),
        ("Costa Rica", "CR", ["San José"]),
        ("Côte d'Ivoire", "CI", ["Abidjan"]),
        ("Cuba", "CU", ["Havana"]),
        ("Democratic Republic of the Congo", "CD", ["Kinshasa", "Goma", "Bukavu"]),
        ("Denmark", "DK", ["Copenhagen"]),
        ("Djibouti", "DJ", ["Djibouti"]),
        ("Dominican Republic", "DO", ["Santo Domingo"]),
        ("Ecuador", "EC", ["Quito"]),
        ("Egypt", "EG", ["Cairo"]),
        ("El Salvador", "SV", ["San Salvador"]),
        ("Eritrea", "ER", ["Asmara"]),
        ("Ethiopia", "ET", ["Addis Ababa", "Gambela"]),
        ("Fiji", "FJ", ["Suva"]),
        ("France", "FR", ["Paris", "Lyon"]),
        ("Gabon", "GA", ["Libreville"]),
        ("Georgia", "GE", ["Tbilisi"]),
        ("Germany", "DE", ["Bonn", "Berlin"]),
        ("Ghana", "GH", ["Accra"]),
        ("Guatemala", "GT", ["Guatemala City"]),
        ("Guinea", "GN", ["Conakry"]),
        ("Haiti", "HT", ["Port-au-Prince"]),
        ("Honduras", "HN", ["Tegucigalpa"]),
        ("Hungary", "HU", ["Budapest"]),
        ("India", "IN", ["New Delhi"]),
        ("Indonesia", "ID", ["Jakarta"]),
        ("Iran", "IR", ["Tehran"]),
        ("Iraq", "IQ", ["Baghdad", "Erbil"]),
        ("Italy", "IT", ["Rome", "Turin", "Brindisi"]),
        ("Jamaica", "JM", ["Kingston"]),
        ("Japan", "JP", ["Tokyo", "Fukuoka"]),
        ("Jordan", "JO", ["Amman"]),
        ("Kazakhstan", "KZ", ["Almaty", "Astana"]),
        ("Kenya", "KE", ["Nairobi", "Kakuma"]),
        ("Kuwait", "KW", ["Kuwait City"]),
        ("Kyrgyzstan", "KG", ["Bishkek"]),
        ("Lao People's Democratic Republic", "LA", ["Vientiane"]),
        ("Lebanon", "LB", ["Beirut", "Naqoura"]),
        ("Lesotho", "LS", ["Maseru"]),
        ("Liberia", "LR", ["Monrovia"]),
        ("Libya", "LY", ["Tripoli"]),
        ("Madagascar", "MG", ["Antananarivo"]),
        ("Malawi", "MW", ["Lilongwe"]),
        ("Malaysia", "MY", ["Kuala Lumpur"]),
        ("Mali", "ML", ["Bamako"]),
        ("Mauritania", "MR", ["Nouakchott"]),
        ("Mauritius", "MU", ["Port Louis"]),
        ("Mexico", "MX", ["Mexico City"]),
        ("Moldova", "MD", ["Chisinau"]),
        ("Mongolia", "MN", ["Ulaanbaatar"]),
        ("Morocco", "MA", ["Rabat"]),
        ("Mozambique", "MZ", ["Maputo", "Pemba"]),
        ("Myanmar", "MM", ["Yangon"]),
        ("Namibia", "NA", ["Windhoek"]),
        ("Nepal", "NP", ["Kathmandu"]),
        ("Netherlands", "NL", ["The Hague"]),
        ("Nicaragua", "NI", ["Managua"]),
        ("Niger", "NE", ["Niamey"]),
        ("Nigeria", "NG", ["Abuja", "Maiduguri"]),
        ("North Macedonia", "MK", ["Skopje"]),
        ("Pakistan", "PK", ["Islamabad", "Peshawar"]),
        ("Qatar", "QA", ["Doha"]),
        ("Panama", "PA", ["Panama City"]),
        ("Papua New Guinea", "PG", ["Port Moresby"]),
        ("Paraguay", "PY", ["Asunción"]),
        ("Peru", "PE", ["Lima"]),
        ("Philippines", "PH", ["Manila", "Cotabato"]),
        ("Republic of Korea", "KR", ["Seoul", "Incheon"]),
        ("Rwanda", "RW", ["Kigali"]),
        ("Samoa", "WS", ["Apia"]),
        ("Senegal", "SN", ["Dakar"]),
        ("Serbia", "RS", ["Belgrade"]),
        ("Sierra Leone", "SL", ["Freetown"]),
        ("Solomon Islands", "SB", ["Honiara"]),
        ("Somalia", "SO", ["Mogadishu", "Hargeisa"]),
        ("South Africa", "ZA", ["Pretoria", "Johannesburg"]),
        ("South Sudan", "SS", ["Juba", "Malakal"]),
        ("Spain", "ES", ["Valencia"]),
        ("Sri Lanka", "LK", ["Colombo"]),
        ("Sudan", "SD", ["Khartoum", "Port Sudan"]),
        ("Switzerland", "CH", ["Geneva", "Bern"]),
        ("Syrian Arab Republic", "SY", ["Damascus"]),
        ("Tajikistan", "TJ", ["Dushanbe"]),
        ("Thailand", "TH", ["Bangkok"]),
        ("Timor-Leste", "TL", ["Dili"]),
        ("Togo", "TG", ["Lomé"]),
        ("Tunisia", "TN", ["Tunis"]),
        ("Türkiye", "TR", ["Ankara", "Istanbul", "Gaziantep"]),
        ("Uganda", "UG", ["Kampala"]),
        ("Ukraine", "UA", ["Kyiv"]),
        ("United Republic of Tanzania", "TZ", ["Dar es Salaam", "Dodoma"]),
        ("United States of America", "US", ["New York", "Washington"]),
        ("Uruguay", "UY", ["Montevideo"]),
        ("Uzbekistan", "UZ", ["Tashkent"]),
        ("Viet Nam", "VN", ["Hanoi"]),
        ("Yemen", "YE", ["Sana'a", "Aden"]),
        ("Zambia", "ZM", ["Lusaka"]),
        ("Zimbabwe", "ZW", ["Harare"]),
    ]
    for city in cities
]
STATIONS_BY_CITY = {city: (city, code, country) for city, code, country in DUTY_STATIONS}
assert all(city in STATIONS_BY_CITY for _, cities in ORGANIZATIONS.values() for city in cities)

# Sponsoring donor countries: code -> (name, nationality noun, age limit or None, JPO programme office).
SPONSORS = {
    "DE": ("Germany", "German", None, "the Büro Führungskräfte zu Internationalen Organisationen (BFIO)"),
    "NL": ("the Netherlands", "Dutch", 32, "the Netherlands JPO Programme at Nuffic"),
    "CH": ("Switzerland", "Swiss", None, "the Swiss Federal Department of Foreign Affairs"),
    "KR": ("the Republic of Korea", "Korean", 32, "the Ministry of Foreign Affairs of the Republic of Korea"),
    "JP": ("Japan", "Japanese", 35, "the Ministry of Foreign Affairs of Japan"),
    "FR": ("France", "French", 30, "the French Ministry for Europe and Foreign Affairs"),
    "IT": ("Italy", "Italian", 30, "the Italian Ministry of Foreign Affairs and International Cooperation"),
    "SE": ("Sweden", "Swedish", 32, "the Swedish International Development Cooperation Agency (Sida)"),
    "DK": ("Denmark", "Danish", 32, "the Ministry of Foreign Affairs of Denmark"),
    "NO": ("Norway", "Norwegian", 32, "the Norwegian Ministry of Foreign Affairs"),
    "FI": ("Finland", "Finnish", 32, "the Ministry for Foreign Affairs of Finland"),
    "BE": ("Belgium", "Belgian", 32, "Enabel, the Belgian development agency"),
    "LU": ("Luxembourg", "Luxembourgish", 32, "the Luxembourg Directorate for Development Cooperation"),
    "AT": ("Austria", "Austrian", 32, "the Austrian Federal Ministry for European and International Affairs"),
    "US": ("the United States of America", "American", None, "the United States Department of State"),
    "CN": ("China", "Chinese", 32, "the Ministry of Finance of the People's Republic of China"),
    "SA": ("Saudi Arabia", "Saudi", 32, "the Saudi Fund for Development"),
    "QA": ("Qatar", "Qatari", 32, "the Ministry of Foreign Affairs of the State of Qatar"),
    "AU": ("Australia", "Australian", 32, "the Australian Department of Foreign Affairs and Trade"),
    "CA": ("Canada", "Canadian", 30, "Global Affairs Canada"),
}

# ISO 639-1 code -> name, for the languages a ToR asks for besides English.
LANGUAGES = {
    "fr": "French",
    "es": "Spanish",
    "ar": "Arabic",
    "ru": "Russian",
    "zh": "Chinese",
    "pt": "Portuguese",
    "sw": "Kiswahili",
    "de": "German",
}
# Languages used in each region's duty stations (by country), for a local language the ToR may ask for.
LOCAL_LANGUAGES = {
    **dict.fromkeys(
        "AR BO CL CO CR CU DO EC SV GT HN MX NI PA PY PE UY ES".split(),
        "es",
    ),
    **dict.fromkeys("DZ BJ BF BI CM CF TD CI CD DJ GA GN HT MG ML MR MA NE SN TG TN FR BE CH".split(), "fr"),
    **dict.fromkeys("EG IQ JO LB LY SD SY YE SO".split(), "ar"),
    **dict.fromkeys("AM AZ GE KZ KG MD TJ UZ UA".split(), "ru"),
    **dict.fromkeys("BR MZ".split(), "pt"),
    **dict.fromkeys("KE TZ UG".split(), "sw"),
    "CN": "zh",
    "DE": "de",
    "AT": "de",
}

PROFICIENCIES = [
    ("fluent", "Fluency in {language} (both oral and written) is required."),
    ("excellent command", "Excellent command of written and spoken {language} is required."),
    ("fluent", "Fluency in oral and written {language} is essential for this position."),
    ("excellent command", "Excellent drafting and communication skills in {language} are required."),
]
DESIRABLE_LANGUAGE = [
    ("working knowledge", "Working knowledge of {language} is desirable."),
    ("knowledge", "Knowledge of {language} is an advantage."),
    ("working knowledge", "A working knowledge of {language} would be an asset."),
]

COMPETENCIES = {
    "Professionalism": (
        "Shows pride in work and in achievements; demonstrates professional competence and mastery of subject "
        "matter; is conscientious and efficient in meeting commitments, observing deadlines and achieving results; "
        "is motivated by professional rather than personal concerns; shows persistence when faced with difficult "
        "problems or challenges; remains calm in stressful situations."
    ),
    "Communication": (
        "Speaks and writes clearly and effectively; listens to others, correctly interprets messages from others and "
        "responds appropriately; asks questions to clarify, and exhibits interest in having two-way communication; "
        "tailors language, tone, style and format to match the audience; demonstrates openness in sharing "
        "information and keeping people informed."
    ),
    "Teamwork": (
        "Works collaboratively with colleagues to achieve organizational goals; solicits input by genuinely valuing "
        "others' ideas and expertise; is willing to learn from others; places team agenda before personal agenda; "
        "shares credit for team accomplishments and accepts joint responsibility for team shortcomings."
    ),
    "Planning & Organizing": (
        "Develops clear goals that are consistent with agreed strategies; identifies priority activities and "
        "assignments; adjusts priorities as required; allocates appropriate amount of time and resources for "
        "completing work; foresees risks and allows for contingencies when planning; uses time efficiently."
    ),
    "Accountability": (
        "Takes ownership of all responsibilities and honours commitments; delivers outputs for which one has "
        "responsibility within prescribed time, cost and quality standards; operates in compliance with "
        "organizational regulations and rules; takes personal responsibility for his/her own shortcomings."
    ),
    "Client Orientation": (
        "Considers all those to whom services are provided to be clients and seeks to see things from clients' point "
        "of view; establishes and maintains productive partnerships with clients by gaining their trust and respect; "
        "keeps clients informed of progress or setbacks in projects; meets timeline for delivery of products."
    ),
    "Creativity": (
        "Actively seeks to improve programmes or services; offers new and different options to solve problems or "
        "meet client needs; promotes and persuades others to consider new ideas; takes calculated risks on new and "
        "unusual ideas; thinks outside the box."
    ),
    "Technological Awareness": (
        "Keeps abreast of available technology; understands applicability and limitations of technology to the work "
        "of the office; actively seeks to apply technology to appropriate tasks; shows willingness to learn new "
        "technology."
    ),
    "Commitment to Continuous Learning": (
        "Keeps abreast of new developments in own occupation or profession; actively seeks to develop oneself "
        "professionally and personally; contributes to the learning of colleagues and subordinates; shows "
        "willingness to learn from others; seeks feedback to learn and improve."
    ),
}
CORE_COMPETENCIES = ["Professionalism", "Communication", "Teamwork"]


@dataclass(frozen=True)
class Topic:
    """A field of work: its sector, the entities that hire for it, and the words its ToRs use."""

    sector: str
    title_area: str  # "Climate Change" in "Associate Climate Change Officer"
    organizations: tuple
    subjects: tuple  # noun phrases: "climate change adaptation"
    partners: tuple  # who the JPO works with
    fields_of_study: tuple  # degree subjects
    outputs: tuple = field(default=())  # products the JPO helps deliver


TOPICS = [
    Topic(
        "Environment and Climate Change",
        "Climate Change",
        ("UNEP", "UNDP", "UNFCCC", "WMO", "FAO", "UN-Habitat"),
        (
            "climate change adaptation",
            "climate finance",
            "low-emission development",
            "nationally determined contributions",
            "climate risk assessments",
            "the energy transition",
            "carbon markets",
            "climate resilience of vulnerable communities",
        ),
        ("ministries of environment", "the Green Climate Fund", "national climate focal points"),
        ("environmental science", "climate policy", "economics", "natural resource management"),
        ("a climate finance readiness proposal", "a greenhouse gas inventory review", "an adaptation plan"),
    ),
    Topic(
        "Refugee Protection",
        "Protection",
        ("UNHCR", "IOM", "UNRWA"),
        (
            "refugee protection",
            "refugee status determination",
            "durable solutions for refugees and internally displaced persons",
            "statelessness",
            "community-based protection",
            "resettlement of refugees",
            "protection monitoring in refugee camps",
            "asylum systems",
        ),
        ("government asylum authorities", "refugee-led organizations", "protection cluster partners"),
        ("international law", "refugee law", "political science", "social sciences"),
        ("a protection monitoring report", "a refugee registration exercise", "a durable solutions strategy"),
    ),
    Topic(
        "Nutrition and Food Security",
        "Nutrition",
        ("WFP", "UNICEF", "FAO", "WHO", "IFAD"),
        (
            "nutrition programmes",
            "the prevention of malnutrition",
            "school feeding",
            "food security assessments",
            "cash-based transfers",
            "infant and young child feeding",
            "nutrition-sensitive agriculture",
            "food systems",
        ),
        ("the nutrition cluster", "ministries of health and agriculture", "cooperating partners"),
        ("nutrition", "public health", "food science", "agricultural economics"),
        ("a food security and nutrition assessment", "a school feeding evaluation", "a market analysis"),
    ),
    Topic(
        "Gender Equality",
        "Gender",
        ("UN Women", "UNFPA", "UNDP", "ILO"),
        (
            "gender equality and the empowerment of women",
            "gender mainstreaming",
            "the prevention of gender-based violence",
            "women's political participation",
            "women's economic empowerment",
            "gender-responsive budgeting",
            "the women, peace and security agenda",
        ),
        ("women's organizations", "national gender machineries", "the gender theme group"),
        ("gender studies", "social sciences", "development studies", "human rights"),
        ("a gender analysis", "a country gender equality profile", "a gender-based violence referral pathway"),
    ),
    Topic(
        "Crime Prevention and Criminal Justice",
        "Crime Prevention",
        ("UNODC", "IOM", "UNICRI"),
        (
            "trafficking in persons",
            "the smuggling of migrants",
            "anti-corruption measures",
            "the prevention of terrorism",
            "criminal justice reform",
            "transnational organized crime",
            "drug control",
            "cybercrime",
        ),
        ("law enforcement agencies", "prosecutors and judges", "civil society organizations"),
        ("law", "criminology", "international relations", "political science"),
        ("a legislative assistance tool", "a national trafficking in persons report", "a training curriculum"),
    ),
    Topic(
        "Child Protection",
        "Child Protection",
        ("UNICEF", "DPO", "UNHCR"),
        (
            "child protection",
            "children and armed conflict",
            "the prevention of violence against children",
            "birth registration",
            "justice for children",
            "the reintegration of children associated with armed groups",
            "psychosocial support for children",
        ),
        ("social welfare ministries", "child protection sub-cluster partners", "community-based organizations"),
        ("social work", "child rights", "psychology", "law"),
        ("a child protection case management system", "a report on grave violations", "a child safeguarding policy"),
    ),
    Topic(
        "Public Health",
        "Health",
        ("WHO", "UNICEF", "UNAIDS", "UNFPA"),
        (
            "primary health care",
            "immunization",
            "HIV prevention",
            "maternal and newborn health",
            "sexual and reproductive health",
            "health emergency preparedness",
            "universal health coverage",
            "mental health and psychosocial support",
        ),
        ("ministries of health", "health cluster partners", "national public health institutes"),
        ("public health", "epidemiology", "medicine", "health economics"),
        ("an immunization coverage survey", "a health emergency preparedness plan", "a disease surveillance report"),
    ),
    Topic(
        "Education",
        "Education",
        ("UNESCO", "UNICEF", "UNRWA"),
        (
            "education in emergencies",
            "inclusive education",
            "teacher training",
            "girls' education",
            "education sector planning",
            "early childhood development",
            "skills development for youth",
        ),
        ("ministries of education", "the education cluster", "teachers' associations"),
        ("education", "education policy", "social sciences", "development studies"),
        ("an education sector analysis", "a learning assessment", "a teacher training module"),
    ),
    Topic(
        "Human Rights",
        "Human Rights",
        ("OHCHR", "DPO", "UNDP"),
        (
            "human rights monitoring",
            "the rule of law",
            "human rights in the digital age",
            "the rights of indigenous peoples",
            "the rights of persons with disabilities",
            "transitional justice",
            "business and human rights",
            "the Universal Periodic Review",
        ),
        ("national human rights institutions", "special procedures mandate holders", "human rights defenders"),
        ("law", "international relations", "political science", "human rights"),
        ("a human rights situation report", "a submission to the Universal Periodic Review", "a thematic study"),
    ),
    Topic(
        "Political Affairs",
        "Political Affairs",
        ("DPPA", "DPO", "UNODA"),
        (
            "conflict prevention",
            "mediation support",
            "peacebuilding",
            "electoral assistance",
            "political analysis",
            "the women, peace and security agenda",
            "peace processes",
        ),
        ("Member States", "regional organizations", "special political missions"),
        ("political science", "international relations", "conflict studies", "law"),
        ("a political analysis note", "a briefing to the Security Council", "a conflict analysis"),
    ),
    Topic(
        "Humanitarian Affairs",
        "Humanitarian Affairs",
        ("OCHA", "WFP", "IOM", "UNICEF"),
        (
            "humanitarian coordination",
            "humanitarian needs overviews",
            "access negotiations",
            "the humanitarian programme cycle",
            "civil-military coordination",
            "anticipatory action",
            "pooled funds",
        ),
        ("humanitarian country teams", "cluster coordinators", "non-governmental organizations"),
        ("humanitarian action", "international relations", "political science", "development studies"),
        ("a humanitarian response plan", "a situation report", "a pooled fund allocation strategy"),
    ),
    Topic(
        "Migration",
        "Migration",
        ("IOM", "ILO", "UNODC"),
        (
            "migration governance",
            "labour migration",
            "migrant protection and assistance",
            "return and reintegration",
            "displacement tracking",
            "diaspora engagement",
            "migration data",
        ),
        ("migration authorities", "consular services", "migrant associations"),
        ("migration studies", "international relations", "law", "social sciences"),
        ("a displacement tracking matrix report", "a migration profile", "a reintegration assistance package"),
    ),
    Topic(
        "Water, Sanitation and Hygiene",
        "WASH",
        ("UNICEF", "UN-Habitat", "UNHCR"),
        (
            "water, sanitation and hygiene",
            "access to safe drinking water",
            "sanitation in schools",
            "hygiene promotion",
            "water resource management",
            "climate-resilient water supply",
        ),
        ("water utilities", "the WASH cluster", "local governments"),
        ("civil engineering", "environmental engineering", "public health", "hydrology"),
        ("a water supply assessment", "a sanitation investment plan", "a hygiene promotion campaign"),
    ),
    Topic(
        "Urban Development",
        "Urban Development",
        ("UN-Habitat", "UNDP", "UNOPS"),
        (
            "sustainable urban development",
            "housing and land rights",
            "urban planning",
            "informal settlements upgrading",
            "urban resilience",
            "public space",
            "urban mobility",
        ),
        ("municipal governments", "urban planning authorities", "community associations"),
        ("urban planning", "architecture", "geography", "civil engineering"),
        ("an urban profile", "a spatial development framework", "a housing policy review"),
    ),
    Topic(
        "Employment and Labour",
        "Employment",
        ("ILO", "UNDP", "ITC"),
        (
            "decent work",
            "youth employment",
            "social protection",
            "labour standards",
            "the elimination of child labour",
            "occupational safety and health",
            "skills and employability",
        ),
        ("ministries of labour", "employers' and workers' organizations", "social partners"),
        ("labour economics", "economics", "law", "social policy"),
        ("a labour market assessment", "a social protection floor costing", "a decent work country programme"),
    ),
    Topic(
        "Digital Transformation",
        "Digital Development",
        ("ITU", "UNDP", "UNICEF", "DESA"),
        (
            "digital public infrastructure",
            "data protection and privacy",
            "digital inclusion",
            "artificial intelligence governance",
            "cybersecurity",
            "e-government",
            "open data",
        ),
        ("ministries of information technology", "telecommunication regulators", "technology companies"),
        ("computer science", "information systems", "public policy", "data science"),
        ("a digital readiness assessment", "a data governance framework", "an open data portal"),
    ),
    Topic(
        "Governance",
        "Governance",
        ("UNDP", "DESA", "UNODC"),
        (
            "democratic governance",
            "public administration reform",
            "local governance",
            "anti-corruption",
            "parliamentary development",
            "access to justice",
            "civic space",
        ),
        ("parliaments", "supreme audit institutions", "local authorities"),
        ("public administration", "political science", "law", "economics"),
        ("a governance assessment", "a public administration reform roadmap", "an integrity risk assessment"),
    ),
    Topic(
        "Biodiversity and Natural Resources",
        "Biodiversity",
        ("UNEP", "FAO", "UNDP", "IFAD"),
        (
            "biodiversity conservation",
            "sustainable forest management",
            "protected areas",
            "ocean governance",
            "sustainable fisheries",
            "land restoration",
            "chemicals and waste management",
        ),
        ("ministries of environment", "indigenous peoples' organizations", "research institutions"),
        ("biology", "ecology", "environmental science", "forestry"),
        ("a national biodiversity strategy", "a forest inventory", "an environmental and social safeguards review"),
    ),
    Topic(
        "Agriculture and Rural Development",
        "Agriculture",
        ("FAO", "IFAD", "WFP", "UNIDO"),
        (
            "smallholder agriculture",
            "rural finance",
            "agricultural value chains",
            "climate-smart agriculture",
            "livestock development",
            "irrigation",
            "rural women's livelihoods",
        ),
        ("farmers' organizations", "ministries of agriculture", "agricultural research centres"),
        ("agronomy", "agricultural economics", "rural development", "economics"),
        ("a value chain analysis", "a rural investment programme", "a crop and food security assessment"),
    ),
    Topic(
        "Disarmament",
        "Disarmament Affairs",
        ("UNODA", "UNMAS", "UNIDIR", "DPO"),
        (
            "disarmament and arms control",
            "small arms and light weapons control",
            "mine action",
            "explosive ordnance risk education",
            "non-proliferation",
            "disarmament, demobilization and reintegration",
        ),
        ("national mine action authorities", "Member States", "research institutes"),
        ("international relations", "security studies", "political science", "law"),
        ("a weapons and ammunition management assessment", "a mine action workplan", "a disarmament briefing"),
    ),
    Topic(
        "Trade and Economic Development",
        "Economic Affairs",
        ("UNCTAD", "ITC", "ESCAP", "ECA", "ECLAC", "UNIDO"),
        (
            "trade policy",
            "investment promotion",
            "regional economic integration",
            "debt management",
            "industrial development",
            "small and medium enterprises",
            "the sustainable development goals",
        ),
        ("ministries of trade and finance", "regional economic communities", "the private sector"),
        ("economics", "international trade", "finance", "development economics"),
        ("an economic survey", "a trade policy review", "an investment policy review"),
    ),
    Topic(
        "Disaster Risk Reduction",
        "Disaster Risk Reduction",
        ("UNDRR", "UNDP", "WMO", "OCHA"),
        (
            "disaster risk reduction",
            "early warning systems",
            "the Sendai Framework",
            "disaster preparedness",
            "risk-informed development",
            "post-disaster recovery",
        ),
        ("national disaster management authorities", "meteorological services", "local governments"),
        ("disaster management", "geography", "environmental science", "civil engineering"),
        ("a disaster loss database", "a multi-hazard early warning assessment", "a recovery framework"),
    ),
    Topic(
        "Programme Management",
        "Programme Management",
        ("UNOPS", "UNDP", "UNV", "UNITAR"),
        (
            "results-based management",
            "monitoring and evaluation",
            "project management",
            "procurement and supply chain",
            "partnerships and resource mobilization",
            "knowledge management",
        ),
        ("donor representatives", "implementing partners", "government counterparts"),
        ("business administration", "development studies", "economics", "project management"),
        ("a donor report", "a monitoring and evaluation framework", "a resource mobilization strategy"),
    ),
    Topic(
        "Culture and Communication",
        "Communication",
        ("UNESCO", "UNICEF", "UNDP", "DESA"),
        (
            "strategic communication",
            "cultural heritage",
            "media development",
            "freedom of expression",
            "advocacy campaigns",
            "public information",
        ),
        ("media organizations", "cultural institutions", "communication focal points"),
        ("communication", "journalism", "cultural studies", "marketing"),
        ("a communication strategy", "a social media campaign", "a World Heritage nomination file"),
    ),
]

# Topics by organization, so that the sector fits the entity.
TOPICS_BY_ORG = {}
for _topic in TOPICS:
    for _org in _topic.organizations:
        TOPICS_BY_ORG.setdefault(_org, []).append(_topic)
ORGANIZATION_NAMES = [org for org in ORGANIZATIONS if org in TOPICS_BY_ORG]
# The large funds and programmes post more JPO vacancies than the small offices.
ORGANIZATION_WEIGHTS = [
    4 if org in {"UNDP", "UNICEF", "UNHCR", "WFP", "FAO", "ILO", "WHO", "UNESCO", "UNODC", "OHCHR", "OCHA"} else 1
    for org in ORGANIZATION_NAMES
]
# Entities that post at their own offices only, never at a random field duty station.
OWN_OFFICES_ONLY = set("UNRWA ESCAP ECA ECLAC UNFCCC UNCTAD ITC ITU WMO UNIDIR UNITAR UNV DESA".split())

TITLE_PATTERNS = [
    "JPO in {area}",
    "Associate {area} Officer",
    "Junior Professional Officer ({area})",
    "{area} Analyst",
    "Associate Programme Officer, {area}",
    "JPO - {area} Specialist",
    "Programme Officer ({area})",
]

DUTY_VERBS = [
    "Support",
    "Contribute to",
    "Assist in",
    "Coordinate",
    "Participate in",
    "Facilitate",
    "Help strengthen",
    "Provide technical support to",
]
DUTY_ACTIVITIES = [
    "the design and implementation of programmes on {subject}",
    "research and analysis on {subject} in {country}",
    "the preparation of briefing notes, talking points and reports on {subject}",
    "the monitoring of projects related to {subject}, including field visits",
    "the organization of workshops and expert meetings on {subject} with {partner}",
    "policy dialogue with {partner} on {subject}",
    "the development of guidance and training materials on {subject}",
    "resource mobilization and donor reporting for {subject}",
    "the collection and analysis of data on {subject}",
    "inter-agency coordination on {subject} with {partner}",
    "the preparation of {output}",
    "knowledge management and the documentation of good practices on {subject}",
    "the review of national legislation and policies on {subject}",
    "capacity-building activities for {partner}",
]
DUTY_CLOSERS = [
    "",
    "",
    ", in line with the {org} strategic plan",
    ", ensuring that a gender perspective is integrated",
    ", in close coordination with {partner}",
    ", at headquarters and in the field",
    ", as required by the supervisor",
]
GROUP_HEADINGS = [
    "Programme design and implementation on {subject}:",
    "Research, analysis and reporting:",
    "Partnerships and coordination with {partner}:",
    "Knowledge management and communication:",
    "Monitoring, evaluation and reporting on {subject}:",
    "Capacity development:",
]
RESULTS = [
    "{output} is prepared and validated with {partner}.",
    "Timely and accurate reports on {subject} are submitted to the supervisor.",
    "Workshops on {subject} are organized and their recommendations documented.",
    "Coordination with {partner} on {subject} is strengthened.",
    "A database on {subject} is kept up to date and used for decision-making.",
    "Briefing materials on {subject} are of high quality and delivered on time.",
]
LAST_DUTY = ["Perform other related duties as required.", "Performs other duties as required."]

DUTIES_INTROS = [
    "Within delegated authority and under the supervision of the {supervisor}, the JPO will be responsible for the "
    "following duties:",
    "The JPO will support the work of the {org} team in {city} on {subject} and will in particular:",
    "Under the overall guidance of the {supervisor}, the Junior Professional Officer will contribute to {org}'s work "
    "on {subject} and {subject2}. The JPO will:",
]
SUPERVISOR_TITLES = [
    "{area} Officer",
    "Senior {area} Officer",
    "Programme Manager, {area}",
    "Head of the {area} Unit",
    "Chief, {area} Section",
    "{area} Specialist",
    "Deputy Representative",
    "Team Leader, {area}",
]
SUPERVISION_CONTENT = [
    "Establishment of a Work Plan: During the first month of the assignment, the JPO will work jointly with "
    "his/her direct supervisor to finalize an agreed upon work plan. The final work plan will be discussed and "
    "mutually agreed to by the JPO and his/her supervisor.",
    "The JPO will work under the direct supervision of the {supervisor}, who will provide guidance on {subject} "
    "and regular feedback on the JPO's work.",
]
SUPERVISION_EXTRA = [
    "Weekly meetings with the supervisor, and additional meetings as needed.",
    "The JPO will take part in the team's weekly meetings and in monthly check-ins with the supervisor.",
    "The JPO will join the regular induction trainings for new staff held in {city}.",
    "A mid-term review will take place after six months, with a discussion of the JPO's learning goals.",
]
EVALUATION = [
    "The United Nations Performance Evaluation System (e-performance) will serve as the primary platform to "
    "evaluate the JPO's performance.",
    "The JPO's performance will be evaluated through {org}'s performance management system, with a mid-year and "
    "an end-of-year review.",
    "The JPO's performance will be assessed against the agreed work plan at mid-term and at the end of each year "
    "of the assignment.",
]
LEARNING_INTROS = [
    "On completion of the assignment, the JPO will have/be able to:",
    "The JPO will gain the following knowledge and skills:",
    "As a result of the assignment, the JPO will:",
]
LEARNING_ITEMS = [
    "Understand how {org} works on {subject} at headquarters and country level.",
    "Have practical experience of programme design, monitoring and reporting on {subject}.",
    "Engage and communicate effectively with {partner}.",
    "Draft analytical documents, briefing notes and reports in a multilateral setting.",
    "Have a sound understanding of the United Nations system and its inter-agency mechanisms.",
    "Organize multi-stakeholder meetings, workshops and trainings.",
    "Apply results-based management to projects on {subject}.",
    "Take part in the JPO learning programme and use the JPO duty-related training and travel allocation.",
]
BACKGROUND_OPENINGS = [
    "{office} works with governments and partners in {country} to advance {subject} and {subject2}.",
    "{org} is the United Nations entity leading work on {subject} in many countries, including {country}.",
    "The {org} office in {city} supports national efforts on {subject}, in a context marked by {context}.",
]
CONTEXTS = [
    "protracted crises and displacement",
    "rapid urbanization",
    "recurrent droughts and floods",
    "a fragile political transition",
    "strong economic growth and persistent inequality",
    "the aftermath of armed conflict",
    "a growing youth population",
    "food insecurity and high prices",
]
BACKGROUND_MIDDLES = [
    "The office's current programme focuses on {subject}, {subject2} and the links between them.",
    "Recent assessments show that progress on {subject} remains uneven, especially for women, youth and "
    "persons with disabilities.",
    "The team works closely with {partner}, other United Nations entities and civil society.",
    "In recent years the office has expanded its work on {subject} and {subject2}, with support from donors.",
    "Its work contributes to the 2030 Agenda for Sustainable Development and the United Nations Sustainable "
    "Development Cooperation Framework for {country}.",
]
BACKGROUND_CLOSINGS = [
    "The JPO will join the {area} team, which currently has {team_size} staff members.",
    "The JPO will be based in {city} and may travel to field locations in {country}.",
    "The post offers broad exposure to {org}'s programmes and partners.",
]
HOW_TO_APPLY = [
    "Applications should be submitted online through the JPO programme of {sponsor_name} ({sponsor_office}), "
    "quoting {reference}.",
    "Candidates should apply through {sponsor_office}. Incomplete applications will not be considered.",
    "Please apply online on the UN careers portal and attach a cover letter and a recent P11 form.",
]
HOW_TO_APPLY_OPEN = [
    "Please apply online on the {org} careers portal, quoting {reference}.",
    "Applications should be submitted through the JPO Service Centre website. Only shortlisted candidates will be "
    "contacted.",
]
DIVERSITY = (
    "The United Nations believes that an inclusive culture attracts the best talent and encourages all qualified "
    "applicants, regardless of gender, disability, sexual orientation, cultural or religious backgrounds, to apply."
)
SALARY = (
    "Once appointed, JPOs become fully fledged UN staff members and are as such subject to the UN Staff rules and "
    "regulations. They receive the same salary, entitlements and benefits as other UN staff at similar grade and "
    "level, covered by the sponsoring donor country."
)
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
DURATION_TEXTS = {
    12: ["1 year", "1 year (with possible extension for another year)", "12 months, extendable"],
    24: ["2 years", "2 years with possibility of extension for another year", "24 months"],
    36: ["3 years", "3 years (one year with possible extension for two more)", "36 months"],
}
EXTENSION_TERMS = (
    "Extension of appointment is subject to yearly review concerning priorities, availability of funds, and "
    "satisfactory performance."
)
REFERENCE_FORMATS = ["{yy}P{n:06d}", "JPO-{org}-{year}-{n:06d}", "{year}-{n:06d}", "INT-{n:06d}-{yy}"]
PERIODS = ("1st year", "2nd year")
DESIRABLE_EXPERIENCE = [
    "Experience working with {partner} is desirable.",
    "Field experience in a developing country, in particular on {subject}, is highly desirable.",
    "Experience with {subject} in a United Nations agency or an international organization is an advantage.",
]
SKILLS = [
    "Strong analytical and drafting skills, including on {subject}.",
    "Good knowledge of data analysis tools (Excel, Power BI, Stata or R).",
    "Ability to work in a multicultural environment and to establish effective working relations.",
    "Knowledge of results-based management and monitoring and evaluation methods.",
    "Excellent organizational skills and ability to manage several tasks under pressure.",
]
UNIT_KINDS = ["Section", "Unit", "Team", "Branch", "Programme"]
