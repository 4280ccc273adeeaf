"""German texts of the demo account plans (plain data, no Django).

The demo company is a German machine builder, so its plans are written in German like its
product lines and names. ``{line}``, ``{second}`` and ``{customer}`` are filled in with the
customer's main and second product line and its short name.
"""

from __future__ import annotations

# Situation texts by industry: (customer's strategy, customer's needs, market trends).
INDUSTRY_SITUATION = {
    "automotive": (
        "Umstellung der Werke auf E-Mobilität; Lieferantenbasis wird bis Ende nächsten Jahres konsolidiert.",
        "Hohe Verfügbarkeit der Pressenlinien, kurze Reaktionszeiten im Service, ein Ansprechpartner für alle Werke.",
        "Preisdruck der OEMs hält an; Investitionen verlagern sich von Verbrenner- zu Batteriekomponenten.",
    ),
    "chemicals": (
        "Modernisierung der Abfüll- und Verpackungsanlagen, Energieeinsparung als Konzernziel.",
        "Explosionsgeschützte Ausführungen, dokumentierte Wartung für Audits, planbare Stillstände.",
        "Hohe Energiepreise bremsen Neuinvestitionen; Retrofit bestehender Anlagen gewinnt an Bedeutung.",
    ),
    "food": (
        "Ausbau der Verpackungslinien für Eigenmarken des Handels, mehr Automatisierung wegen Personalmangel.",
        "Hygienegerechte Konstruktion, schnelle Formatwechsel, Service auch im Schichtbetrieb.",
        "Wachsende Nachfrage nach nachhaltigen Verpackungen; Handel verlangt kürzere Lieferzeiten.",
    ),
    "medical": (
        "Erweiterung der Reinraumfertigung; neue Produktfamilien sollen bis nächstes Jahr in Serie gehen.",
        "Validierbare Prozesse, lückenlose Dokumentation, Schulungen für neues Bedienpersonal.",
        "Regulatorische Anforderungen (MDR) steigen; Präzisionsbearbeitung wird stärker nachgefragt.",
    ),
    "logistics": (
        "Automatisierung der Umschlagzentren, Robotik in der Kommissionierung.",
        "Skalierbare Automationslösungen, Fernwartung, hohe Verfügbarkeit im Spitzengeschäft.",
        "Fachkräftemangel treibt die Automatisierung; Investitionen werden stärker nach Amortisation bewertet.",
    ),
    "machinery": (
        "Fertigungstiefe wird erhöht, Komponenten sollen wieder im eigenen Haus bearbeitet werden.",
        "Präzise Bearbeitungszentren, Vorrichtungsbau aus einer Hand, Ersatzteile ab Lager.",
        "Auftragseingang im Maschinenbau schwankt; Kunden verschieben Großinvestitionen und modernisieren.",
    ),
    "electronics": (
        "Verlagerung von Fertigungsschritten aus Asien zurück nach Europa.",
        "Servopressen mit hoher Wiederholgenauigkeit, Datenanbindung an das MES.",
        "Nachfrage nach Leistungselektronik wächst; Taktzeiten und Rückverfolgbarkeit werden wichtiger.",
    ),
    "energy": (
        "Ausbau der Fertigung für Wind- und Netzkomponenten; langfristige Rahmenverträge mit Lieferanten.",
        "Schwere Umformtechnik, langfristige Wartungsverträge, Ersatzteilgarantie über 15 Jahre.",
        "Förderprogramme der Energiewende treiben Investitionen; Genehmigungen verzögern Projekte.",
    ),
    "pharma": (
        "Neue Verpackungslinie für Blister und Spritzen; Standorte werden harmonisiert.",
        "GMP-gerechte Dokumentation, Qualifizierung der Anlagen, Schulungen vor Ort.",
        "Serialisierung und Nachverfolgbarkeit setzen neue Standards in der Verpackung.",
    ),
    "packaging": (
        "Kapazitätserweiterung für Tiefziehteile, Wechsel auf recyclingfähige Materialien.",
        "Schnelle Werkzeugwechsel, Tiefziehpressen mit hoher Taktzahl, Werkzeugservice.",
        "Verpackungsverordnung verlangt recyclingfähige Materialien; Kunden investieren in neue Werkzeuge.",
    ),
}
DEFAULT_SITUATION = (
    "Wachstum mit bestehenden Anlagen; Investitionen nur bei kurzer Amortisationszeit.",
    "Zuverlässige Anlagen, schneller Service, transparente Preise.",
    "Vorsichtige Investitionsbereitschaft; Service und Modernisierung gewinnen gegenüber Neuanlagen.",
)

COMPETITORS = (
    "Kröger Werkzeugmaschinen GmbH",
    "Nordtec Automation AG",
    "Weber & Söhne Hydraulik KG",
    "Alpina CNC AG",
    "Falkenberg Umformtechnik GmbH",
)
COMPETITOR_TEXT = "{first} (Rahmenvertrag bei {line}), {second} im Service; regionale Händler bei Ersatzteilen."

# Goals: (title of the revenue goal, of the main line, of the second line, of share of wallet, NPS, count)
REVENUE_GOAL = "Umsatz mit {customer} um {percent} % steigern"
LINE_GOAL = "Umsatz {line} ausbauen"
SECOND_LINE_GOAL = "{line} als zweites Standbein etablieren"
WALLET_GOAL = "Lieferanteil bei {line} erhöhen"
NPS_GOAL = "NPS im Einkaufsgremium verbessern"
COUNT_GOALS = (
    "Neue Kontakte im Einkauf und in der Technik",
    "Referenzbesuche bei anderen Kunden",
    "Gemeinsame Workshops mit der Produktion",
)

# Measures: (title, department, details).
MEASURES = (
    (
        "Quartalsgespräch mit der Einkaufsleitung",
        "key_account_management",
        "Agenda: Umsatz, Lieferanteil, offene Punkte.",
    ),
    ("Rahmenvertrag für {line} anbieten", "sales", "Staffelpreise über drei Jahre, Abrufmengen je Werk."),
    ("{second} im Werk vorstellen", "product_development", "Vorführung mit Musterteilen des Kunden."),
    ("Wartungsvertrag für die installierte Basis verlängern", "customer_service", ""),
    ("Kundenzufriedenheit nach Serviceeinsätzen erfragen", "customer_service", "Kurzbefragung nach jedem Einsatz."),
    ("Kreditlinie und Zahlungsziele prüfen", "finance", ""),
    ("Anwendertag im Technikum ausrichten", "account_based_marketing", "Einladung an Technik und Instandhaltung."),
    ("Retrofit-Potenzial der Altanlagen aufnehmen", "sales", "Begehung mit dem Servicetechniker."),
    ("Schulung für das neue Bedienpersonal", "customer_service", ""),
    ("Werksbesuch mit der Geschäftsführung", "key_account_management", "Strategiegespräch zu den Investitionsplänen."),
    (
        "Ersatzteilkonsignationslager einrichten",
        "customer_service",
        "Verbrauchsdaten der letzten zwölf Monate auswerten.",
    ),
    ("Fallstudie für die Fachpresse abstimmen", "account_based_marketing", ""),
    ("IoT-Pilot zur Zustandsüberwachung starten", "product_development", "Zwei Anlagen, sechs Monate Laufzeit."),
    ("Angebot für die neue Fertigungslinie ausarbeiten", "sales", "Technische Klärung mit der Projektleitung."),
)

# Risks: (description, mitigation).
RISKS = (
    ("Langjähriger Einkaufsleiter geht in den Ruhestand", "Beziehung zum Nachfolger frühzeitig aufbauen."),
    ("Wettbewerber unterbietet bei {line}", "Service und Verfügbarkeit ins Angebot einpreisen."),
    ("Investitionsstopp für das zweite Halbjahr", "Aufträge vor der Sommerpause sichern."),
    ("Qualitätsreklamation eskaliert an die Geschäftsführung", "Monatliches Qualitätsgespräch einführen."),
    ("Lieferverzug aus unserem Werk", "Liefertermine wöchentlich mit der Disposition abstimmen."),
    ("Konzern bündelt den Einkauf in einer Zentrale", "Kontakte in den Konzerneinkauf knüpfen."),
    ("Währungs- und Rohstoffpreise drücken die Marge", "Preisgleitklausel im Rahmenvertrag vereinbaren."),
    ("Kunde verlagert Fertigung ins Ausland", ""),
    ("Zahlungsziele werden einseitig verlängert", "Kreditversicherung und Zahlungsmoral prüfen."),
)

SWOT = {
    "strength": (
        "Bevorzugter Lieferant für {line}",
        "Große installierte Basis in mehreren Werken",
        "Kurze Reaktionszeiten im Service",
        "Gute Beziehung zur Technik und Instandhaltung",
    ),
    "weakness": (
        "Wenig Kontakt zur Einkaufsleitung",
        "Preise über dem Markt bei Verschleißteilen",
        "{second} beim Kunden kaum bekannt",
        "Lange Lieferzeiten bei Sonderanfertigungen",
    ),
    "opportunity": (
        "Neue Fertigungslinie im nächsten Jahr geplant",
        "Lieferantenkonsolidierung im Konzern",
        "Modernisierung der Altanlagen steht an",
        "Interesse an Fernwartung und Zustandsüberwachung",
    ),
    "threat": (
        "Wettbewerber bietet Rahmenvertrag an",
        "Budgetkürzungen im zweiten Halbjahr angekündigt",
        "Verlagerung von Produktion ins Ausland",
        "Neuer Einkaufsleiter setzt auf Ausschreibungen",
    ),
}

WHITESPACE_NOTES = {
    "competitor": "Rahmenvertrag läuft noch bis Jahresende",
    "no_need": "Wird in diesem Werk nicht eingesetzt",
    "not_bought": "Bedarf vorhanden, Angebot in Vorbereitung",
}

WALLET_SOURCE = "Gespräch mit der Einkaufsleitung"
WALLET_TOTAL_SOURCE = "Schätzung aus dem Geschäftsbericht"

TITLE = "Account-Plan {year}"
SUBMIT_COMMENT = "Zur Freigabe eingereicht."
APPROVE_COMMENTS = (
    "Freigegeben. Bitte die Maßnahmen im Quartalsgespräch nachhalten.",
    "Freigegeben – Ziele sind ambitioniert, aber erreichbar.",
    "Passt so. Bitte das Risiko im Einkauf eng begleiten.",
)
CHANGES_COMMENT = "Bitte das Umsatzziel mit dem Vertrieb abstimmen und die Risiken im Einkauf ergänzen."
PREVIOUS_APPROVE_COMMENT = "Freigegeben für das laufende Jahr."
