"""The machine builder's catalogue: product lines, products, and what each product is for.

Three machine families (presses, CNC machining centres, automation/robotics) create the
needs for everything else: spare parts and tooling fit a family, maintenance contracts and
retrofits cover installed machines, trainings and IoT services go with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kam.demo.generator.randomness import cumulative
from kam.demo.generator.records import ProductLineRecord, ProductRecord

PRESS, CNC, AUTO = "PRESS", "CNC", "AUTO"
FAMILIES = (PRESS, CNC, AUTO)

PRODUCT_LINES = (
    ProductLineRecord("PRESS", "Hydraulikpressen"),
    ProductLineRecord("CNC", "CNC-Bearbeitungszentren"),
    ProductLineRecord("AUTO", "Automation & Robotik"),
    ProductLineRecord("PARTS", "Ersatzteile"),
    ProductLineRecord("TOOLS", "Werkzeuge & Vorrichtungen"),
    ProductLineRecord("SERVICE", "Service & Wartungsverträge"),
    ProductLineRecord("TRAINING", "Schulungen"),
    ProductLineRecord("RETROFIT", "Retrofit & Modernisierung"),
    ProductLineRecord("IOT", "Software & IoT"),
)

# Kinds of products: how the order model uses them.
MACHINE, PART, TOOL, CONTRACT, SERVICE_DAY, TRAINING, RETROFIT, IOT_ONCE, IOT_SUBSCRIPTION = (
    "machine", "part", "tool", "contract", "service_day", "training", "retrofit", "iot_once", "iot_subscription",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Item:
    """A product and its role in the purchase model (the record is what gets exported)."""

    sku: str
    name: str
    line: str
    price_cents: int
    margin: float  # planned margin as a fraction of the list price
    kind: str
    family: str = ""  # machine family the product belongs to or fits ("" = any)
    popularity: float = 1.0  # relative frequency among products of the same kind and family
    base_quantity: float = 1.0  # typical quantity per order line
    industries: tuple[str, ...] = ()  # industries that prefer this product
    active: bool = True

    @property
    def record(self) -> ProductRecord:
        return ProductRecord(
            sku=self.sku,
            name=self.name,
            product_line_code=self.line,
            list_price=Decimal(self.price_cents).scaleb(-2),
            margin_percent=Decimal(round(self.margin * 10000)).scaleb(-2),
            active=self.active,
        )


# Machines: (sku, name, list price in EUR, margin, preferred industries, active)
_MACHINES = {
    PRESS: (
        ("HP-0100", "Hydraulische Presse HP 100", 145_000, 0.27, (), True),
        ("HP-0250", "Hydraulische Presse HP 250", 210_000, 0.27, ("automotive", "packaging"), True),
        ("HP-0315", "Hydraulische Presse HP 315 (Serie 2)", 238_000, 0.23, (), False),
        ("HP-0400", "Hydraulische Presse HP 400", 285_000, 0.26, ("automotive",), True),
        ("HP-0630", "Hydraulische Presse HP 630", 390_000, 0.25, ("automotive", "energy"), True),
        ("HP-1000", "Hydraulische Presse HP 1000", 540_000, 0.25, ("automotive",), True),
        ("HP-1600", "Hydraulische Presse HP 1600", 780_000, 0.24, ("automotive",), True),
        ("HP-2500", "Hydraulische Presse HP 2500", 1_150_000, 0.22, ("automotive", "energy"), True),
        ("TZ-0400", "Tiefziehpresse TZ 400", 330_000, 0.28, ("packaging", "food", "medical"), True),
        ("TZ-0800", "Tiefziehpresse TZ 800", 610_000, 0.26, ("automotive", "packaging"), True),
        ("SP-0200", "Servopresse SP 200", 260_000, 0.30, ("electronics", "medical"), True),
        ("SP-0500", "Servopresse SP 500", 455_000, 0.29, ("automotive", "machinery"), True),
        ("SF-1250", "Schmiedepresse SF 1250", 890_000, 0.24, ("energy", "machinery"), True),
    ),
    CNC: (
        ("VBZ-0600", "Vertikal-Bearbeitungszentrum VBZ 600", 118_000, 0.29, (), True),
        ("VBZ-0700", "Vertikal-Bearbeitungszentrum VBZ 700 (Serie 1)", 135_000, 0.25, (), False),
        ("VBZ-0800", "Vertikal-Bearbeitungszentrum VBZ 800", 149_000, 0.29, (), True),
        ("VBZ-1000", "Vertikal-Bearbeitungszentrum VBZ 1000", 186_000, 0.28, ("machinery",), True),
        ("HBZ-0500", "Horizontal-Bearbeitungszentrum HBZ 500", 265_000, 0.30, ("automotive",), True),
        ("HBZ-0630", "Horizontal-Bearbeitungszentrum HBZ 630", 325_000, 0.29, ("automotive", "machinery"), True),
        ("HBZ-0800", "Horizontal-Bearbeitungszentrum HBZ 800", 410_000, 0.28, ("energy", "machinery"), True),
        ("FAZ-0400", "5-Achs-Bearbeitungszentrum FAZ 400", 298_000, 0.32, ("medical", "electronics"), True),
        ("FAZ-0650", "5-Achs-Bearbeitungszentrum FAZ 650", 420_000, 0.31, ("medical", "machinery"), True),
        ("FAZ-1000", "5-Achs-Bearbeitungszentrum FAZ 1000", 615_000, 0.30, ("energy", "automotive"), True),
        ("DFZ-0300", "Dreh-Fräs-Zentrum DFZ 300", 240_000, 0.30, ("medical",), True),
        ("DFZ-0500", "Dreh-Fräs-Zentrum DFZ 500", 355_000, 0.29, ("machinery", "automotive"), True),
        ("PFM-3000", "Portalfräsmaschine PFM 3000", 780_000, 0.27, ("energy", "machinery"), True),
    ),
    AUTO: (
        ("RZH-0010", "Roboterzelle Handling RZ-H 10", 68_000, 0.33, ("electronics", "medical"), True),
        ("RZH-0025", "Roboterzelle Handling RZ-H 25", 92_000, 0.33, (), True),
        ("RZH-0060", "Roboterzelle Handling RZ-H 60", 135_000, 0.32, ("automotive", "machinery"), True),
        ("RZS-0200", "Roboterzelle Schweißen RZ-S 200", 165_000, 0.31, ("automotive", "machinery"), True),
        ("PAL-1200", "Palettiersystem PAL 1200", 118_000, 0.32, ("food", "logistics", "chemicals"), True),
        ("PAL-2400", "Palettiersystem PAL 2400", 176_000, 0.31, ("food", "logistics", "chemicals"), True),
        ("PPL-0060", "Pick-and-Place-Linie PPL 60", 142_000, 0.34, ("electronics", "pharma", "medical"), True),
        ("PPL-0120", "Pick-and-Place-Linie PPL 120", 218_000, 0.33, ("electronics", "pharma"), True),
        ("VR-0030", "Verpackungsroboter VR 30", 89_000, 0.34, ("food", "pharma", "packaging"), True),
        ("FTS-0500", "Fahrerloses Transportsystem FTS 500", 54_000, 0.35, ("logistics", "automotive"), True),
        ("FTS-1500", "Fahrerloses Transportsystem FTS 1500", 79_000, 0.35, ("logistics", "chemicals"), True),
        ("KA-0800", "Kommissionieranlage KA 800", 395_000, 0.30, ("logistics", "pharma"), True),
        ("RHM-0005", "Reinraum-Handlingmodul RHM 5", 128_000, 0.35, ("medical", "pharma"), True),
        ("FAL-0004", "Automatisierte Fertigungslinie FAL 4", 980_000, 0.27, ("automotive",), True),
        ("FAL-0008", "Automatisierte Fertigungslinie FAL 8", 1_650_000, 0.26, ("automotive", "electronics"), True),
        ("RZH-0015", "Roboterzelle Handling RZ-H 15 (Vorgänger)", 79_000, 0.28, (), False),
    ),
}

# Spare parts per family: (name, list price EUR, popularity, typical quantity)
_PARTS = {
    PRESS: (
        ("Dichtungssatz Hauptzylinder", 480, 6, 2), ("Hydraulikpumpe", 6_800, 1, 1),
        ("Proportionalventil", 2_400, 2, 1),
        ("Druckspeicher", 1_900, 1, 1), ("Hydraulikfilter-Element", 95, 10, 6),
        ("Hydrauliköl HLP 46, 200 l", 620, 6, 2),
        ("Führungsleiste", 780, 2, 2), ("Stößelführung", 2_900, 1, 1), ("Drucksensor", 420, 4, 1),
        ("Wegmesssystem", 1_650, 1, 1), ("Sicherheitslichtvorhang", 3_200, 1, 1), ("Steuerplatine", 2_750, 1, 1),
        ("Kolbenstange Hauptzylinder", 5_400, 0.5, 1), ("Kühlaggregat", 7_900, 0.5, 1), ("Magnetventil", 380, 5, 2),
        ("Hydraulikschlauch DN 25", 145, 8, 4), ("Manometer", 85, 4, 2), ("Endschalter", 120, 5, 2),
        ("Not-Aus-Taster", 65, 3, 2), ("Hydraulikmotor", 4_300, 0.7, 1),
    ),
    CNC: (
        ("Spindellager-Satz", 3_900, 2, 1), ("Motorspindel (Austauschteil)", 18_500, 0.6, 1),
        ("Kugelgewindetrieb", 4_700, 1, 1), ("Linearführung", 1_850, 2, 2), ("Greifer Werkzeugwechsler", 690, 4, 2),
        ("Kühlschmierstoffpumpe", 1_250, 2, 1), ("Späneförderer-Band", 2_300, 1, 1), ("Glasmaßstab", 1_480, 1, 1),
        ("Servomotor Vorschubachse", 3_600, 1, 1), ("Achsverstärker", 2_950, 1, 1), ("Teleskopabdeckung", 1_700, 2, 1),
        ("Spannsatz HSK-63", 310, 6, 4), ("Drehgeber", 540, 3, 1), ("Schmierstoffverteiler", 160, 5, 2),
        ("Messtaster", 2_100, 1, 1), ("Frequenzumrichter", 2_600, 1, 1), ("Filterelement Kühlschmierstoff", 110, 10, 6),
        ("Folientastatur Bedienpanel", 430, 2, 1), ("Spindelkühlaggregat", 5_200, 0.6, 1),
        ("Zentralschmierpumpe", 890, 2, 1),
    ),
    AUTO: (
        ("Greiferfinger-Satz", 260, 8, 4), ("Vakuumsauger-Set", 145, 9, 6), ("Servomotor Roboterachse", 3_400, 1, 1),
        ("Getriebe Roboterachse", 5_900, 0.7, 1), ("Programmierhandgerät", 4_200, 0.5, 1),
        ("Sicherheitslaserscanner", 2_650, 1, 1), ("Energieführungskette", 780, 3, 1), ("Zahnriemen", 120, 7, 4),
        ("Lichtschranke", 190, 5, 2), ("Pneumatikzylinder", 340, 5, 2), ("Ventilinsel", 1_350, 2, 1),
        ("Kameramodul Bildverarbeitung", 2_900, 1, 1), ("Akku-Pack FTS", 3_100, 2, 2), ("Antriebsrad FTS", 640, 3, 2),
        ("Steuerungsbaugruppe", 2_200, 1, 1), ("Fördergurt", 890, 3, 1), ("Induktiver Sensor", 95, 8, 4),
        ("Kabelsatz Roboterarm", 1_150, 2, 1), ("Schutzzaun-Element", 310, 3, 4),
        ("Wartungseinheit Pneumatik", 280, 4, 2),
    ),
}  # fmt: skip
_PART_SIZES = (("Baugröße 1", 0.8, 1.3), ("Baugröße 2", 1.0, 1.0), ("Baugröße 3", 1.45, 0.6))

# Tooling for presses and CNC machines: (family, name, price EUR, popularity, typical quantity)
_TOOLS = (
    (PRESS, "Stanzwerkzeug-Satz", 4_800, 2, 1), (PRESS, "Biegewerkzeug", 2_900, 3, 1),
    (PRESS, "Tiefziehwerkzeug-Einsatz", 7_500, 1, 1), (PRESS, "Schnellwechsel-Spannsystem", 6_200, 1, 1),
    (PRESS, "Stempel und Matrize, Satz", 890, 6, 2), (PRESS, "Auswerfer-Set", 340, 4, 2),
    (PRESS, "Werkzeugwagen", 2_400, 1, 1), (PRESS, "Umformschmierstoff, 60 l", 290, 6, 3),
    (CNC, "Nullpunkt-Spannsystem", 5_400, 1, 1), (CNC, "Maschinenschraubstock 125", 1_150, 3, 2),
    (CNC, "VHM-Fräser-Set", 620, 8, 3), (CNC, "Bohrer-Set HSS-E", 180, 8, 4),
    (CNC, "Wendeschneidplatten, 10 Stück", 95, 10, 10),
    (CNC, "Gewindebohrer-Set", 240, 6, 3), (CNC, "Werkzeughalter SK 40", 210, 6, 6),
    (CNC, "Spannzangen-Set ER 32", 330, 5, 2),
    (CNC, "Vorrichtungsbau (Stunde)", 95, 3, 16), (CNC, "Rundtisch-Aufsatz", 8_900, 0.5, 1),
)  # fmt: skip

_CONTRACT_LEVELS = (("Basis", 0.55), ("Plus", 1.0), ("Premium 24/7", 1.65))
_CONTRACT_BASE = {PRESS: (8_900, "Hydraulikpressen"), CNC: (7_200, "CNC-Bearbeitungszentren"),
                  AUTO: (5_900, "Automationsanlagen")}  # fmt: skip

_TRAININGS = (
    ("Bedienerschulung Hydraulikpressen", 1_450, PRESS), ("Instandhaltungsschulung Hydraulik", 1_850, PRESS),
    ("Bedienerschulung CNC", 1_390, CNC), ("Programmierschulung CNC, 5 Tage", 3_250, CNC),
    ("Roboterprogrammierung Grundkurs", 2_150, AUTO), ("Roboterprogrammierung Aufbaukurs", 2_450, AUTO),
    ("Sicherheitsunterweisung Maschinenrichtlinie", 690, ""), ("Inbetriebnahme-Schulung vor Ort, Tag", 1_650, ""),
    ("Energieeffizienz-Workshop", 1_200, ""), ("IoT-Dashboard Anwenderschulung", 890, "IOT"),
)  # fmt: skip

_RETROFITS = (
    ("Retrofit Pressensteuerung", 68_000, PRESS), ("Retrofit Servo-Hydraulik-Antrieb", 124_000, PRESS),
    ("Modernisierung Sicherheitstechnik Presse", 28_000, PRESS), ("Energieeffizienz-Upgrade Hydraulik", 31_000, PRESS),
    ("Retrofit CNC-Steuerung", 54_000, CNC), ("Spindel-Upgrade Hochgeschwindigkeit", 38_000, CNC),
    ("Nachrüstung Beladeroboter", 96_000, CNC), ("Retrofit Robotersteuerung", 42_000, AUTO),
    ("Bildverarbeitungs-Upgrade", 24_000, AUTO), ("Generalüberholung Roboterzelle", 35_000, AUTO),
)  # fmt: skip

_IOT = (
    ("IOT-1001", "IoT-Gateway Maschinenanbindung", 2_900, 0.62, IOT_ONCE),
    ("IOT-1002", "MES-Schnittstelle, Einrichtung", 18_500, 0.58, IOT_ONCE),
    ("IOT-2001", "Condition-Monitoring-Lizenz, Jahr, je Maschine", 1_900, 0.78, IOT_SUBSCRIPTION),
    ("IOT-2002", "Predictive-Maintenance-Suite, Jahr", 14_500, 0.74, IOT_SUBSCRIPTION),
    ("IOT-2003", "OEE-Dashboard, Jahr", 6_800, 0.76, IOT_SUBSCRIPTION),
    ("IOT-2004", "Energie-Monitoring, Jahr", 3_900, 0.75, IOT_SUBSCRIPTION),
    ("IOT-2005", "Fernwartungszugang, Jahr, je Maschine", 1_200, 0.80, IOT_SUBSCRIPTION),
    ("IOT-3001", "Software-Update-Paket Steuerung", 2_400, 0.70, IOT_ONCE),
)


def _nice_price(euros: float) -> int:
    """A list price in cents rounded the way price lists round (…,50 or whole tens)."""
    if euros < 100:
        return round(euros * 2) * 50
    if euros < 1_000:
        return round(euros / 5) * 500
    return round(euros / 10) * 1_000


@dataclass
class Catalog:
    """All products, grouped for fast weighted draws by the order model."""

    items: list[Item]
    by_kind: dict[tuple[str, str], list[Item]] = field(default_factory=dict)
    cum_weights: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.items:
            self.by_kind.setdefault((item.kind, item.family), []).append(item)
        for key, group in self.by_kind.items():
            self.cum_weights[key] = cumulative([item.popularity for item in group])

    @property
    def product_lines(self) -> list[ProductLineRecord]:
        return list(PRODUCT_LINES)

    @property
    def products(self) -> list[ProductRecord]:
        return [item.record for item in self.items]

    def group(self, kind: str, family: str = "") -> list[Item]:
        """Products of a kind for a family ("" = the products that fit any family)."""
        return self.by_kind.get((kind, family), [])


def _machine_items() -> list[Item]:
    return [
        Item(sku, name, family, euros * 100, margin, MACHINE, family, industries=industries, active=active)
        for family, machines in _MACHINES.items()
        for sku, name, euros, margin, industries, active in machines
    ]


def _part_items() -> list[Item]:
    items = []
    for family_index, (family, parts) in enumerate(_PARTS.items()):
        for part_index, (name, euros, popularity, quantity) in enumerate(parts):
            for size_index, (size, price_factor, size_popularity) in enumerate(_PART_SIZES):
                sku = f"ET-{family_index + 1}{part_index + 1:02d}{size_index + 1}"
                margin = 0.42 + 0.03 * ((part_index + size_index) % 5)
                items.append(
                    Item(sku, f"{name}, {size}", "PARTS", _nice_price(euros * price_factor), margin, PART, family,
                         popularity * size_popularity, quantity)
                )  # fmt: skip
    return items


def _service_items() -> list[Item]:
    items = []
    for index, (family, name, euros, popularity, quantity) in enumerate(_TOOLS):
        margin = 0.31 + 0.02 * (index % 5)
        items.append(Item(f"WZ-{index + 1001}", name, "TOOLS", euros * 100, margin, TOOL, family, popularity, quantity))
    for family_index, (family, (euros, family_name)) in enumerate(_CONTRACT_BASE.items()):
        for level_index, (level, factor) in enumerate(_CONTRACT_LEVELS):
            sku = f"WV-{family_index + 1}{level_index + 1}00"
            name = f"Wartungsvertrag {level}, {family_name}, Jahr je Maschine"
            items.append(Item(sku, name, "SERVICE", _nice_price(euros * factor), 0.34 + 0.04 * level_index, CONTRACT,
                              family))  # fmt: skip
    items.append(Item("SV-9001", "Servicetechniker-Einsatz vor Ort, Tag", "SERVICE", 125_000, 0.38, SERVICE_DAY))
    items.append(Item("SV-9002", "Ferndiagnose, Stunde", "SERVICE", 14_500, 0.55, SERVICE_DAY, popularity=0.6))
    for index, (name, euros, family) in enumerate(_TRAININGS):
        margin = 0.36 + 0.03 * (index % 5)
        items.append(Item(f"SC-{index + 1001}", name, "TRAINING", euros * 100, margin, TRAINING, family))
    for index, (name, euros, family) in enumerate(_RETROFITS):
        margin = 0.29 + 0.02 * (index % 5)
        items.append(Item(f"RF-{index + 1001}", name, "RETROFIT", euros * 100, margin, RETROFIT, family))
    for sku, name, euros, margin, kind in _IOT:
        items.append(Item(sku, name, "IOT", euros * 100, margin, kind))
    return items


def build_catalog() -> Catalog:
    """The fixed product catalogue (the same for every seed and size)."""
    return Catalog(_machine_items() + _part_items() + _service_items())
