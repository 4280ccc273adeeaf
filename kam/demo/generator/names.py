"""Names: people (German from Faker's de_DE lists, a few per foreign country) and company names."""

from __future__ import annotations

import random

from faker.providers.person.de_DE import Provider as GermanNames

GERMAN_FIRST_MALE: tuple[str, ...] = tuple(GermanNames.first_names_male)
GERMAN_FIRST_FEMALE: tuple[str, ...] = tuple(GermanNames.first_names_female)
GERMAN_LAST: tuple[str, ...] = tuple(name for name in GermanNames.last_names if " " not in name)

# Foreign customers: (male first names, female first names, last names).
FOREIGN_PEOPLE = {
    "FR": (("Jean", "Pierre", "Nicolas", "Julien", "Thomas", "Antoine", "Laurent"),
           ("Marie", "Camille", "Sophie", "Claire", "Julie", "Isabelle", "Nathalie"),
           ("Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fontaine")),
    "IT": (("Marco", "Luca", "Giovanni", "Andrea", "Francesco", "Alessandro", "Matteo"),
           ("Giulia", "Francesca", "Chiara", "Sara", "Elena", "Valentina", "Laura"),
           ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco")),
    "NL": (("Jan", "Pieter", "Bram", "Daan", "Sander", "Joost"), ("Anna", "Sanne", "Lotte", "Eva", "Femke", "Iris"),
           ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer")),
    "PL": (("Piotr", "Krzysztof", "Tomasz", "Paweł", "Marek", "Michał"),
           ("Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Monika"),
           ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński")),
    "CZ": (("Jan", "Petr", "Jiří", "Martin", "Tomáš", "Pavel"), ("Jana", "Eva", "Hana", "Lucie", "Petra", "Tereza"),
           ("Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera")),
    "US": (("James", "Michael", "Robert", "David", "William", "Daniel"),
           ("Jennifer", "Sarah", "Jessica", "Emily", "Ashley", "Megan"),
           ("Smith", "Johnson", "Miller", "Davis", "Anderson", "Taylor", "Moore", "Clark")),
    "CN": (("Wei", "Jun", "Lei", "Hao", "Ming", "Tao"), ("Li", "Fang", "Jing", "Yan", "Xiu", "Hui"),
           ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao")),
}  # fmt: skip

# Company names per industry; "{n}" is a family name, "{m}" a second one.
COMPANY_PATTERNS = {
    "automotive": ("{n} Automotive", "{n} Fahrzeugtechnik", "{n} Karosseriebau", "{n} Antriebstechnik",
                   "{n} Fahrzeugkomponenten", "{n} & {m} Zulieferteile", "{n} Stanztechnik", "{n} Autoteile"),
    "chemicals": ("{n} Chemie", "{n} Kunststoffe", "{n} Spezialchemie", "{n} Lacke & Farben", "{n} & {m} Chemiewerke",
                  "{n} Kunststofftechnik", "{n} Polymere"),
    "food": ("{n} Lebensmittel", "{n} Feinkost", "{n} Backwaren", "{n} Molkerei", "{n} Getränke", "{n} Süßwaren",
             "{n} & {m} Fleischwaren", "{n} Nahrungsmittelwerke"),
    "medical": ("{n} Medizintechnik", "{n} Medical", "{n} Implantate", "{n} Dentaltechnik", "{n} Orthopädietechnik",
                "{n} & {m} Chirurgie-Instrumente"),
    "logistics": ("{n} Logistik", "{n} Spedition", "{n} Intralogistik", "{n} & {m} Transporte", "{n} Lagertechnik",
                  "{n} Distribution"),
    "machinery": ("{n} Maschinenbau", "{n} Anlagenbau", "{n} Präzisionstechnik", "{n} Hydraulik",
                  "{n} & {m} Metallverarbeitung", "{n} Fördertechnik"),
    "electronics": ("{n} Elektronik", "{n} Elektrotechnik", "{n} Sensorik", "{n} Leiterplatten", "{n} Automation"),
    "energy": ("{n} Energietechnik", "{n} Windkraft-Komponenten", "{n} Solartechnik", "{n} Turbinenbau",
               "{n} Kraftwerkstechnik"),
    "pharma": ("{n} Pharma", "{n} Arzneimittel", "{n} Pharmazeutika", "{n} Life Sciences"),
    "packaging": ("{n} Verpackungen", "{n} Verpackungstechnik", "{n} Folien", "{n} Kartonagen", "{n} Etiketten"),
    "other": ("{n} Metallbau", "{n} Möbelwerke", "{n} Industriebedarf", "{n} Holztechnik", "{n} Glaswerke"),
}  # fmt: skip

FOREIGN_COMPANY_WORDS = {
    "automotive": "Automotive", "chemicals": "Chemicals", "food": "Foods", "medical": "Medical",
    "logistics": "Logistics", "machinery": "Machinery", "electronics": "Electronics", "energy": "Energy",
    "pharma": "Pharma", "packaging": "Packaging", "other": "Industries",
}  # fmt: skip

DACH = ("DE", "AT", "CH")


def person_name(rng: random.Random, country: str) -> tuple[str, str, bool]:
    """A (first name, last name, is_female) typical for the country."""
    female = rng.random() < 0.38
    if country in FOREIGN_PEOPLE:
        male_names, female_names, last_names = FOREIGN_PEOPLE[country]
        return rng.choice(female_names if female else male_names), rng.choice(last_names), female
    first = rng.choice(GERMAN_FIRST_FEMALE if female else GERMAN_FIRST_MALE)
    return first, rng.choice(GERMAN_LAST), female


def family_name(rng: random.Random, country: str) -> str:
    """A family name for a company name."""
    if country in FOREIGN_PEOPLE:
        return rng.choice(FOREIGN_PEOPLE[country][2])
    return rng.choice(GERMAN_LAST)


def company_base_name(rng: random.Random, industry: str, country: str) -> str:
    """A company name without legal form, e.g. "Müller Automotive" or "Rossi Foods"."""
    first, second = family_name(rng, country), family_name(rng, country)
    if country not in DACH:
        return f"{first} {FOREIGN_COMPANY_WORDS[industry]}"
    while second == first:
        second = rng.choice(GERMAN_LAST)
    pattern = rng.choice(COMPANY_PATTERNS[industry])
    return pattern.format(n=first, m=second)
