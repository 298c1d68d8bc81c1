"""Who takes part in bench/attack: genuine applicants (some of whom paid a scalper), scalper operations and the
networks everybody comes from. Everything is drawn from one `random.Random`, so a seed gives the same people.

Identities are built so that no two of them are near-duplicates in the sense of GuichetCore's `NearDuplicate`
(same nationality and: swapped names, a given name left out, or a birth date one typo away): a real prefecture's
namesakes would be held out of lotteries by that rule, which is not what this benchmark measures. Hence one given
name per person, family and given names kept apart within a nationality, and (family, given) unique per nationality.
"""

from __future__ import annotations

import ipaddress
import random
import unicodedata
from dataclasses import dataclass, field

# Nationality (ISO 3166-1 alpha-3), weight in the population, family names, given names. Spelled as on passports
# (Latin script with the country's diacritics); weights loosely follow the Hérault prefecture's applicants.
NATIONALITIES: list[tuple[str, int, list[str], list[str]]] = [
    ("DZA", 18,
     ["Benali", "Bouaziz", "Haddad", "Belkacem", "Cherif", "Mansouri", "Boudiaf", "Khelifi", "Saidi", "Brahimi",
      "Meziane", "Hamidi", "Zerrouki", "Benmoussa", "Lounis", "Ouali", "Rahmani", "Amrani", "Bensalem", "Djebbar"],
     ["Karim", "Yacine", "Sofiane", "Amina", "Nadia", "Farid", "Samira", "Mourad", "Lyes", "Sabrina", "Walid",
      "Nassima", "Rachid", "Fatiha", "Bilal", "Imane", "Hakim", "Lamia", "Anis", "Meriem"]),
    ("MAR", 20,
     ["El Idrissi", "Benjelloun", "Alaoui", "Tazi", "Berrada", "Chraibi", "El Fassi", "Bennani", "Ouazzani",
      "Lahlou", "Sqalli", "Kettani", "Zniber", "Bouzid", "El Khatib", "Naciri", "Filali", "Jabri", "Lamrani", "Tahiri"],
     ["Youssef", "Mehdi", "Salma", "Hajar", "Othmane", "Zineb", "Hamza", "Khadija", "Ayoub", "Soukaina", "Adil",
      "Loubna", "Reda", "Houda", "Ilyas", "Ghita", "Anass", "Meryem", "Driss", "Nawal"]),
    ("TUN", 10,
     ["Ben Salah", "Trabelsi", "Gharbi", "Jaziri", "Hammami", "Mejri", "Bouslama", "Chaabane", "Ayari", "Dridi",
      "Sassi", "Ferchichi", "Zouari", "Kallel", "Mabrouk", "Ben Amor", "Jlassi", "Baccouche", "Karoui", "Hamdi"],
     ["Aziz", "Skander", "Rym", "Oussama", "Ines", "Wassim", "Amal", "Hichem", "Emna", "Seifeddine", "Olfa",
      "Marouane", "Asma", "Nizar", "Sonia", "Firas", "Mariem", "Khaled", "Yosra", "Ghassen"]),
    ("SEN", 5,
     ["Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Sarr", "Gueye", "Faye", "Mbaye", "Cissé", "Thiam", "Niang",
      "Seck", "Kane", "Dieng", "Diouf", "Ndour", "Touré", "Sall", "Wade"],
     ["Mamadou", "Aminata", "Ousmane", "Fatou", "Cheikh", "Awa", "Ibrahima", "Mariama", "Moussa", "Khady",
      "Abdoulaye", "Ndeye", "Babacar", "Astou", "Modou", "Coumba", "Serigne", "Binta", "Pape", "Rokhaya"]),
    ("MLI", 4,
     ["Traoré", "Keïta", "Coulibaly", "Konaté", "Diarra", "Sangaré", "Dembélé", "Sissoko", "Camara", "Doumbia",
      "Maïga", "Kanté", "Sidibé", "Bagayoko", "Diakité", "Fofana", "Kouyaté", "Samaké", "Dicko", "Tangara"],
     ["Seydou", "Oumou", "Bakary", "Kadiatou", "Modibo", "Fatoumata", "Souleymane", "Assétou", "Adama", "Hawa",
      "Drissa", "Mariam", "Boubacar", "Salimata", "Lassana", "Djénéba", "Yacouba", "Rokia", "Siaka", "Nana"]),
    ("CIV", 5,
     ["Kouassi", "Koné", "Yao", "Konan", "Kouamé", "N'Guessan", "Bamba", "Ouattara", "Kouadio", "Aka", "Brou",
      "Tanoh", "Assi", "Zadi", "Ehui", "Amani", "Loukou", "Djédjé", "Soro", "Gnahoré"],
     ["Affoué", "Serge", "Adjoua", "Hervé", "Aya", "Didier", "Akissi", "Franck", "Amenan", "Arsène", "Mariette",
      "Olivier", "Clarisse", "Jean-Baptiste", "Prisca", "Wilfried", "Bintou", "Rodrigue", "Nadège", "Ange"]),
    ("CMR", 4,
     ["Nkoulou", "Mbarga", "Fotso", "Ngono", "Essomba", "Kamga", "Ndongo", "Abena", "Tchakounté", "Njoya", "Owona",
      "Ekambi", "Mvondo", "Atangana", "Manga", "Biyong", "Kameni", "Eto'o", "Nguemo", "Mbia"],
     ["Blaise", "Yannick", "Carine", "Armel", "Vanessa", "Landry", "Gaëlle", "Stéphane", "Murielle", "Boris", "Laure",
      "Thierry", "Josiane", "Hugues", "Sandrine", "Cédric", "Ornella", "Martial", "Flore", "Aurélien"]),
    ("TUR", 6,
     ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
      "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek"],
     ["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Hüseyin", "Merve", "Murat", "Esra",
      "Can", "Büşra", "Oğuz", "Selin", "Kemal", "Derya", "Serkan", "Gül"]),
    ("CHN", 4,
     ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
      "Guo", "He", "Lin", "Luo", "Gao"],
     ["Wei", "Fang", "Xiuying", "Min", "Jing", "Lei", "Jun", "Yan", "Jie", "Tao", "Ming", "Chao", "Xiulan", "Xia",
      "Ping", "Gang", "Hui", "Yu", "Hong", "Qiang"]),
    ("VNM", 3,
     ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
      "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai"],
     ["Anh", "Minh", "Hương", "Linh", "Tuấn", "Thảo", "Hùng", "Lan", "Dũng", "Quyên", "Quang", "Trang", "Hiếu",
      "Ngọc", "Khoa", "Thủy", "Long", "Hà", "Phúc", "Vy"]),
    ("BRA", 4,
     ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa",
      "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa"],
     ["João", "Maria", "Lucas", "Ana", "Gabriel", "Juliana", "Rafael", "Fernanda", "Thiago", "Camila", "Bruno",
      "Larissa", "Felipe", "Beatriz", "Gustavo", "Letícia", "Matheus", "Patrícia", "Rodrigo", "Vitória"]),
    ("COL", 3,
     ["García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres",
      "Díaz", "Vargas", "Moreno", "Rojas", "Jiménez", "Castro", "Ortiz", "Gómez", "Muñoz", "Restrepo"],
     ["Andrés", "Valentina", "Santiago", "Daniela", "Sebastián", "Paula", "Alejandro", "Natalia", "Camilo", "Laura",
      "Julián", "Carolina", "Esteban", "Manuela", "Mariana", "Diego", "Catalina", "Mateo", "Luisa", "Nicolás"]),
    ("UKR", 6,
     ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk", "Shevchuk", "Koval",
      "Polishchuk", "Boyko", "Tkachuk", "Marchenko", "Lysenko", "Rudenko", "Savchenko", "Petrenko", "Moroz",
      "Melnyk", "Kovalchuk", "Pavlenko"],
     ["Oleksandr", "Olena", "Andriy", "Iryna", "Dmytro", "Nataliya", "Serhiy", "Oksana", "Mykola", "Tetiana",
      "Volodymyr", "Yuliya", "Ivan", "Svitlana", "Taras", "Kateryna", "Bohdan", "Halyna", "Yaroslav", "Mariya"]),
    ("SYR", 4,
     ["Al Ahmad", "Haddad", "Khoury", "Al Hamwi", "Hamdan", "Darwish", "Shami", "Al Halabi", "Jabbour", "Kassab",
      "Mansour", "Najjar", "Sabbagh", "Tarabishi", "Zaher", "Aboud", "Hallak", "Kanaan", "Saleh", "Issa"],
     ["Omar", "Rania", "Khaled", "Lina", "Bassel", "Hala", "Fadi", "Dima", "Tarek", "Nour", "Samer", "Rasha",
      "Ammar", "Reem", "Hussam", "Lama", "Ziad", "Ghada", "Wael", "Yara"]),
    ("AFG", 4,
     ["Ahmadzai", "Popal", "Karimi", "Hashimi", "Rahimi", "Sultani", "Noori", "Amiri", "Habibi", "Stanekzai",
      "Wardak", "Mohammadi", "Haidari", "Safi", "Yousufzai", "Azizi", "Rasuli", "Nazari", "Sadat", "Jalali"],
     ["Abdullah", "Farida", "Mohammad", "Zahra", "Ahmad", "Mariam", "Hamid", "Nilofar", "Rahmatullah", "Shabnam",
      "Jawad", "Fereshta", "Nasir", "Mursal", "Wahid", "Soraya", "Sayed", "Parwana", "Ehsan", "Laila"]),
]

# Where people's mail lives (none of these is on the service's list of throwaway domains).
PEOPLE_DOMAINS = [("gmail.com", 45), ("hotmail.fr", 10), ("outlook.fr", 10), ("yahoo.fr", 10), ("orange.fr", 8),
                  ("free.fr", 6), ("laposte.net", 4), ("sfr.fr", 3), ("icloud.com", 4)]
# The mailboxes scalpers open in their clients' names, at the big free providers.
SCALPER_DOMAINS = [("gmail.com", 50), ("outlook.com", 25), ("yahoo.com", 15), ("hotmail.com", 10)]

# People come from French consumer ISPs' address blocks (the first octet of a /8 they use); bots from a few
# hosting networks (proxies rented by the scalpers).
CONSUMER_FIRST_OCTETS = [2, 37, 77, 78, 80, 82, 86, 88, 90, 92, 109, 176, 178, 185, 212]
SCALPER_NETWORKS = ["45.134.212", "185.225.69", "193.32.161", "146.70.117", "89.187.170", "5.253.206",
                    "194.110.13", "91.132.137"]

BROWSER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
]


@dataclass
class Identity:
    family_name: str
    given_names: str
    birth_date: str
    nationality: str
    foreign_number: str
    permit_expiry: str

    def applicant(self, email: str, permit: bool) -> dict:
        """The API's `applicant` object. `permit`: the procedure is for people who hold one (a renewal), so the
        foreign-national number and the permit's expiry are given; a first application has neither."""
        fields = {"familyName": self.family_name, "givenNames": self.given_names, "birthDate": self.birth_date,
                  "nationality": self.nationality, "email": email}
        if permit:
            fields["foreignNumber"] = self.foreign_number
            fields["permitExpiry"] = self.permit_expiry
        return fields


@dataclass
class Applicant:
    """A genuine applicant. `operation` is the scalper operation a client paid (None: asks by themselves)."""

    index: int
    identity: Identity
    email: str
    network: str              # their /24, as "a.b.c"
    address: str              # their own address in it
    language: str
    user_agent: str
    period: float             # seconds between two looks at the site
    operation: int | None = None
    scalper_email: str | None = None   # the mailbox the scalper opened in the client's name

    @property
    def is_client(self) -> bool:
        return self.operation is not None


@dataclass
class Operation:
    index: int
    networks: list[str]
    user_agent: str
    clients: list[Applicant] = field(default_factory=list)


@dataclass
class Population:
    applicants: list[Applicant]
    operations: list[Operation]

    @property
    def people(self) -> list[Applicant]:
        return [a for a in self.applicants if not a.is_client]

    @property
    def clients(self) -> list[Applicant]:
        return [a for a in self.applicants if a.is_client]


def ascii_fold(text: str) -> str:
    """"Yılmaz" → "yilmaz", "Nguyễn" → "nguyen", "N'Guessan" → "nguessan": for mailbox names."""
    special = {"ı": "i", "đ": "d", "Đ": "d", "ø": "o", "ß": "ss", "ł": "l"}
    text = "".join(special.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _identity_keys(family: str, given: str) -> tuple[str, str]:
    f, g = ascii_fold(family), ascii_fold(given)
    return f + g, g + f


def make_population(rng: random.Random, applicants: int, client_share: float, operations: int,
                    bot_networks: int, today) -> Population:
    """`applicants` people, of whom round(client_share × applicants) paid one of `operations` scalpers (shared
    out in turn). Everyone gets a foreign-national number and a permit expiry, sent only where the procedure asks
    for them (`Identity.applicant`), so that every mode sees the same people."""
    if not 0 <= client_share < 1:
        raise ValueError("client share must be in [0, 1)")
    if bot_networks < 1 or bot_networks > len(SCALPER_NETWORKS):
        raise ValueError(f"bot networks must be 1..{len(SCALPER_NETWORKS)}")
    taken_names: dict[str, set[str]] = {}
    used_emails: set[str] = set()
    used_networks: set[str] = set(SCALPER_NETWORKS)
    foreign_numbers: set[str] = set()
    people: list[Applicant] = []
    weights = [n[1] for n in NATIONALITIES]
    for index in range(applicants):
        for _ in range(1000):
            nationality, _, families, givens = rng.choices(NATIONALITIES, weights=weights)[0]
            family, given = rng.choice(families), rng.choice(givens)
            straight, swapped = _identity_keys(family, given)
            seen = taken_names.setdefault(nationality, set())
            if straight not in seen and swapped not in seen:
                seen.update((straight, swapped))
                break
        else:
            raise ValueError("population too large for the name lists")
        birth = today - _days(rng.randint(19 * 365, 62 * 365))
        while True:
            foreign_number = f"{rng.randint(0, 9_999_999_999):010d}"
            if foreign_number not in foreign_numbers:
                foreign_numbers.add(foreign_number)
                break
        permit_expiry = (today + _days(rng.randint(-10, 120))).isoformat()
        identity = Identity(family, given, birth.isoformat(), nationality, foreign_number, permit_expiry)
        email = _unique_email(rng, identity, PEOPLE_DOMAINS, used_emails)
        while True:
            network = f"{rng.choice(CONSUMER_FIRST_OCTETS)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}"
            if network not in used_networks:
                used_networks.add(network)
                break
        people.append(Applicant(
            index=index, identity=identity, email=email, network=network,
            address=f"{network}.{rng.randint(2, 254)}", language=rng.choices(["fr", "en"], weights=[65, 35])[0],
            user_agent=rng.choice(BROWSER_AGENTS), period=rng.uniform(30, 120)))
    networks = SCALPER_NETWORKS[:bot_networks]
    ops = [Operation(index=i, networks=[], user_agent=BROWSER_AGENTS[2]) for i in range(operations)]
    for n, network in enumerate(networks):            # every network to one operation, in turn;
        ops[n % operations].networks.append(network)
    for i, op in enumerate(ops):                       # an operation left without one shares its neighbour's
        if not op.networks:
            op.networks.append(networks[i % len(networks)])
    clients = rng.sample(people, round(client_share * applicants)) if operations else []
    for n, client in enumerate(sorted(clients, key=lambda a: a.index)):
        op = ops[n % operations]
        client.operation = op.index
        client.scalper_email = _unique_email(rng, client.identity, SCALPER_DOMAINS, used_emails, scalper=True)
        op.clients.append(client)
    return Population(people, ops)


def _days(n: int):
    import datetime
    return datetime.timedelta(days=n)


def _unique_email(rng: random.Random, identity: Identity, domains, used: set[str], scalper: bool = False) -> str:
    """A plausible mailbox, unique once folded the way the service folds addresses (dots and +tags do not count)."""
    given, family = ascii_fold(identity.given_names), ascii_fold(identity.family_name)
    year = identity.birth_date[2:4]
    while True:
        domain = _weighted(rng, domains)
        shapes = [f"{given}.{family}", f"{family}.{given}", f"{given}{family}{year}", f"{given[0]}{family}",
                  f"{given}.{family}{rng.randint(1, 99)}"]
        # A scalper opens a mailbox in the client's name, so that nothing in the address gives it away.
        local = rng.choice(shapes) if not scalper else f"{given}{family}{rng.randint(100, 9999)}"
        key = local.replace(".", "") + "@" + domain
        if key not in used:
            used.add(key)
            return f"{local}@{domain}"


def bot_address(rng: random.Random, network: str) -> str:
    """A fresh address in one of the operation's /24s (rotating proxies)."""
    return f"{network}.{rng.randint(2, 254)}"


def network_of(address: str) -> str:
    return str(ipaddress.ip_network(address + "/24", strict=False).network_address).rsplit(".", 1)[0]
