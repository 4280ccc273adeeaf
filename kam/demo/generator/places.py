"""Where the demo customers sit: countries, cities with postal codes and dialling codes, streets."""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    """A city with a typical postal code, its dialling prefix and the industries clustered there."""

    name: str
    postal_code: str
    phone_prefix: str
    industries: tuple[str, ...] = ()


class Country(NamedTuple):
    """A customer country: ISO code, share of customers, legal forms (with weights), cities."""

    code: str
    share: float
    legal_forms: tuple[tuple[str, float], ...]
    cities: tuple[City, ...]
    streets: tuple[str, ...]
    adjective: str  # for subsidiary names such as "Müller Automotive Polska"


GERMAN_STREETS = (
    "Industriestraße", "Gewerbestraße", "Hauptstraße", "Carl-Benz-Straße", "Robert-Bosch-Straße",
    "Siemensstraße", "Max-Planck-Straße", "Im Gewerbepark", "Daimlerstraße", "Werkstraße",
    "Otto-Hahn-Straße", "Rudolf-Diesel-Straße", "Am Hafen", "Zeppelinstraße", "Gutenbergstraße",
    "Einsteinstraße", "Ferdinand-Porsche-Straße", "Boschstraße", "Röntgenstraße", "Lilienthalstraße",
    "Kruppstraße", "Am Technologiepark", "Hansastraße", "Raiffeisenstraße", "Gottlieb-Daimler-Straße",
    "Mühlenweg", "Bahnhofstraße", "Porschestraße", "Nobelstraße", "Wernher-von-Braun-Straße",
    "Konrad-Zuse-Straße", "Justus-von-Liebig-Straße", "Felix-Wankel-Straße", "An der Autobahn", "Logistikring",
)  # fmt: skip

GERMAN_LEGAL_FORMS = (
    ("gmbh", 50), ("gmbh_co_kg", 24), ("ag", 8), ("kg", 6), ("ek", 4), ("ug", 4), ("ohg", 2), ("se", 1),
)  # fmt: skip

A, C, F, M, L = "automotive", "chemicals", "food", "medical", "logistics"
MA, EL, EN, PH, PA = "machinery", "electronics", "energy", "pharma", "packaging"

GERMAN_CITIES = (
    City("Stuttgart", "70173", "711", (A, MA)), City("München", "80331", "89", (A, EL, M)),
    City("Wolfsburg", "38440", "5361", (A,)), City("Ingolstadt", "85049", "841", (A,)),
    City("Zwickau", "08056", "375", (A,)), City("Leipzig", "04109", "341", (A, L)),
    City("Dresden", "01067", "351", (EL, PH)), City("Chemnitz", "09111", "371", (MA, A)),
    City("Regensburg", "93047", "941", (EL, A)), City("Dingolfing", "84130", "8731", (A,)),
    City("Sindelfingen", "71063", "7031", (A,)), City("Neckarsulm", "74172", "7132", (A, F)),
    City("Köln", "50667", "221", (C, A, L)), City("Düsseldorf", "40213", "211", (C, MA)),
    City("Dortmund", "44135", "231", (L, MA)), City("Essen", "45127", "201", (EN, MA)),
    City("Duisburg", "47051", "203", (L, MA)), City("Bochum", "44787", "234", (A, MA)),
    City("Hamburg", "20095", "40", (L, F, M)), City("Bremen", "28195", "421", (L, F, A)),
    City("Hannover", "30159", "511", (A, MA)), City("Braunschweig", "38100", "531", (A, MA)),
    City("Salzgitter", "38226", "5341", (A, MA)), City("Kassel", "34117", "561", (L, A)),
    City("Frankfurt am Main", "60311", "69", (C, PH, L)), City("Mannheim", "68159", "621", (MA, EN)),
    City("Ludwigshafen am Rhein", "67059", "621", (C,)), City("Karlsruhe", "76133", "721", (EN, EL)),
    City("Heilbronn", "74072", "7131", (F, A)), City("Ulm", "89073", "731", (PH, MA)),
    City("Augsburg", "86150", "821", (MA, A)), City("Nürnberg", "90402", "911", (EL, EN)),
    City("Erlangen", "91052", "9131", (M, EL)), City("Schweinfurt", "97421", "9721", (MA, A)),
    City("Würzburg", "97070", "931", (PA, F)), City("Saarbrücken", "66111", "681", (A, MA)),
    City("Mainz", "55116", "6131", (PH, C)), City("Wiesbaden", "65183", "611", (C,)),
    City("Darmstadt", "64283", "6151", (C, PH)), City("Bielefeld", "33602", "521", (F, MA)),
    City("Gütersloh", "33330", "5241", (MA, F)), City("Paderborn", "33098", "5251", (EL, MA)),
    City("Münster", "48143", "251", (F, L)), City("Osnabrück", "49074", "541", (A, PA)),
    City("Kiel", "24103", "431", (MA, M)), City("Lübeck", "23552", "451", (M, F)),
    City("Rostock", "18055", "381", (EN, L)), City("Berlin", "10115", "30", (PH, EL, M)),
    City("Potsdam", "14467", "331", (EL,)), City("Magdeburg", "39104", "391", (MA, L)),
    City("Halle (Saale)", "06108", "345", (C,)), City("Leverkusen", "51373", "214", (C, PH)),
    City("Marl", "45768", "2365", (C,)), City("Jena", "07743", "3641", (M, EL)),
    City("Erfurt", "99084", "361", (L, EL)), City("Freiburg im Breisgau", "79098", "761", (M, PH)),
    City("Tuttlingen", "78532", "7461", (M,)), City("Reutlingen", "72764", "7121", (A, EL)),
    City("Göppingen", "73033", "7161", (MA,)), City("Aalen", "73430", "7361", (MA, A)),
    City("Friedrichshafen", "88045", "7541", (A, MA)), City("Pforzheim", "75175", "7231", (EL,)),
    City("Siegen", "57072", "271", (MA,)), City("Wuppertal", "42103", "202", (C, A)),
    City("Solingen", "42651", "212", (MA,)), City("Remscheid", "42853", "2191", (MA, A)),
    City("Bremerhaven", "27568", "471", (F, L)), City("Oldenburg", "26122", "441", (F, EN)),
    City("Emden", "26721", "4921", (A, EN)), City("Vechta", "49377", "4441", (F,)),
    City("Cloppenburg", "49661", "4471", (F, PA)), City("Lüneburg", "21335", "4131", (L,)),
    City("Fulda", "36037", "661", (L, PA)), City("Trier", "54290", "651", (F,)),
    City("Koblenz", "56068", "261", (A, L)), City("Passau", "94032", "851", (A, F)),
    City("Landshut", "84028", "871", (A, EN)), City("Rosenheim", "83022", "8031", (F, PA)),
    City("Kempten (Allgäu)", "87435", "831", (F, PA)), City("Bitterfeld-Wolfen", "06749", "3493", (C,)),
    City("Burghausen", "84489", "8677", (C,)), City("Gelsenkirchen", "45879", "209", (EN, C)),
    City("Hildesheim", "31134", "5121", (A, EL)), City("Minden", "32423", "571", (F, L)),
)  # fmt: skip

COUNTRIES = (
    Country("DE", 78, GERMAN_LEGAL_FORMS, GERMAN_CITIES, GERMAN_STREETS, "Deutschland"),
    Country(
        "AT", 5, (("gmbh", 70), ("ag", 20), ("gmbh_co_kg", 10)),
        (City("Wien", "1100", "1"), City("Linz", "4020", "732"), City("Graz", "8020", "316"),
         City("Steyr", "4400", "7252"), City("Salzburg", "5020", "662")),
        ("Industriezeile", "Wiener Straße", "Gewerbepark", "Salzburger Straße"), "Austria",
    ),
    Country(
        "CH", 4, (("ag", 70), ("gmbh", 30)),
        (City("Zürich", "8005", "44"), City("Basel", "4057", "61"), City("Winterthur", "8400", "52"),
         City("St. Gallen", "9000", "71")),
        ("Industriestrasse", "Bahnhofstrasse", "Hardturmstrasse", "Grabenstrasse"), "Schweiz",
    ),
    Country(
        "FR", 3, (("sas", 70), ("sa", 30)),
        (City("Lyon", "69007", "4"), City("Strasbourg", "67100", "3"), City("Toulouse", "31100", "5"),
         City("Mulhouse", "68100", "3")),
        ("Rue de l'Industrie", "Avenue Jean Jaurès", "Rue du Commerce", "Boulevard de l'Europe"), "France",
    ),
    Country(
        "IT", 3, (("srl", 80), ("other", 20)),
        (City("Milano", "20138", "02"), City("Torino", "10135", "011"), City("Bologna", "40132", "051"),
         City("Brescia", "25125", "030")),
        ("Via Roma", "Via dell'Industria", "Via Enrico Fermi", "Viale Europa"), "Italia",
    ),
    Country(
        "NL", 2, (("bv", 100),),
        (City("Eindhoven", "5651 AB", "40"), City("Rotterdam", "3089 JB", "10"), City("Venlo", "5928 LN", "77")),
        ("Industrieweg", "Havenstraat", "Marconilaan", "Europalaan"), "Nederland",
    ),
    Country(
        "PL", 2, (("other", 100),),
        (City("Wrocław", "53-015", "71"), City("Poznań", "61-248", "61"), City("Katowice", "40-001", "32")),
        ("ul. Przemysłowa", "ul. Fabryczna", "ul. Logistyczna"), "Polska",
    ),
    Country(
        "CZ", 1.5, (("other", 100),),
        (City("Plzeň", "301 00", "37"), City("Mladá Boleslav", "293 01", "326"), City("Brno", "602 00", "5")),
        ("Průmyslová", "Tovární", "Technická"), "Czech",
    ),
    Country(
        "US", 1, (("inc", 100),),
        (City("Detroit", "48226", "313"), City("Spartanburg", "29301", "864"), City("Charlotte", "28202", "704")),
        ("Industrial Parkway", "Commerce Drive", "Technology Boulevard"), "USA",
    ),
    Country(
        "CN", 0.5, (("other", 100),),
        (City("Shanghai", "201203", "21"), City("Shenyang", "110000", "24"), City("Tianjin", "300000", "22")),
        ("Zhangjiang Road", "Hongqiao Road", "Binhai Avenue"), "China",
    ),
)  # fmt: skip

CALLING_CODES = {"DE": "49", "AT": "43", "CH": "41", "FR": "33", "IT": "39", "NL": "31", "PL": "48", "CZ": "420",
                 "US": "1", "CN": "86"}  # fmt: skip

# How a legal form is written after the company name (the ``other`` forms per country).
LEGAL_FORM_SUFFIX = {
    "gmbh": "GmbH", "ag": "AG", "se": "SE", "kg": "KG", "gmbh_co_kg": "GmbH & Co. KG", "ohg": "OHG",
    "ek": "e.K.", "ug": "UG (haftungsbeschränkt)", "ltd": "Ltd.", "inc": "Inc.", "sa": "S.A.", "sas": "S.A.S.",
    "srl": "S.r.l.", "bv": "B.V.",
}  # fmt: skip
OTHER_SUFFIX = {"PL": "Sp. z o.o.", "CZ": "s.r.o.", "CN": "Co., Ltd.", "IT": "S.p.A."}

COUNTRY_BY_CODE = {country.code: country for country in COUNTRIES}


def legal_suffix(legal_form: str, country: str) -> str:
    """The text that follows the company name for a legal form in a country."""
    if legal_form == "other":
        return OTHER_SUFFIX.get(country, "")
    return LEGAL_FORM_SUFFIX[legal_form]
