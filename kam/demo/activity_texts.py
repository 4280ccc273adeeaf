"""German texts of the demo's activities and tasks (data of the demo company, not UI strings).

Placeholders: ``{customer}`` the account's name, ``{contact}`` a contact present, ``{line}`` a
product line, ``{city}`` the account's city, ``{year}`` a year.
"""

from __future__ import annotations

# (subject, summary, outcome) per kind; a next step and its department are drawn from NEXT_STEPS.
VISITS = (
    ("Besuch im Werk {city}", "Rundgang durch die Fertigung mit {contact}; die Anlagen mit {line} laufen im "
     "Dreischichtbetrieb, zwei Maschinen stehen vor der Generalüberholung.",
     "Bedarf für die Modernisierung im nächsten Halbjahr bestätigt; Angebot erwünscht."),
    ("Kundenbesuch {customer}", "Gespräch mit {contact} über die Erweiterung der Montagelinie und den "
     "Einsatz von {line} am neuen Standort.", "Wir sind im Auswahlverfahren gesetzt; Entscheidung im Herbst."),
    ("Technischer Termin vor Ort", "Mit {contact} die Störungen der letzten Wochen an der Linie durchgesprochen; "
     "Ursache liegt in der Wartung, nicht im Produkt.", "Schulung der Instandhaltung vereinbart."),
    ("Vorstellung Neuheiten {line}", "Die neue Generation {line} vorgestellt; {contact} interessiert sich vor "
     "allem für Energieverbrauch und Lieferzeit.", "Teststellung für zwei Monate gewünscht."),
)  # fmt: skip
MEETINGS = (
    ("Projektbesprechung {line}", "Stand des Projekts mit {contact} abgestimmt: Pflichtenheft fertig, "
     "Freigabe durch den Einkauf steht noch aus.", "Zeitplan bestätigt, Abnahme im übernächsten Monat."),
    ("Quartalsgespräch Einkauf", "Mengen und Preise des letzten Quartals mit {contact} durchgesprochen; "
     "Liefertreue bei 96 %.", "Rahmenvertrag wird zu gleichen Konditionen fortgeführt."),
    ("Videokonferenz Rahmenvertrag", "Mit {contact} die Konditionen für das nächste Jahr verhandelt; der "
     "Kunde fordert 4 % Preisnachlass bei gleicher Menge.", "Gegenvorschlag: 2 % bei Mengenzusage."),
    ("Workshop Anwendungstechnik", "Gemeinsamer Workshop zu Einsatzmöglichkeiten von {line} in der neuen "
     "Produktreihe; {contact} brachte drei konkrete Anwendungsfälle mit.", "Machbarkeitsstudie vereinbart."),
)  # fmt: skip
CALLS = (
    ("Telefonat mit {contact}", "{contact} meldet erhöhten Bedarf an Ersatzteilen für {line}; Lager beim "
     "Kunden fast leer.", "Eilauftrag zugesagt."),
    ("Rückruf wegen Reklamation", "{contact} schilderte die Reklamation einer Lieferung; Teile mit "
     "Maßabweichung.", "Ersatzlieferung innerhalb einer Woche zugesagt."),
    ("Nachfassen Angebot {line}", "Angebot mit {contact} besprochen; Preis ist akzeptabel, Lieferzeit zu lang.",
     "Wir prüfen eine frühere Lieferung."),
    ("Kurzabstimmung Liefertermine", "Mit {contact} die Abrufe der nächsten Wochen abgestimmt.",
     "Abrufe bestätigt, keine Engpässe."),
)  # fmt: skip
EMAILS = (
    ("Angebot {line} versendet", "Angebot über {line} an {contact} geschickt, mit Staffelpreisen und "
     "Lieferzeiten.", ""),
    ("Protokoll des letzten Termins", "Protokoll und offene Punkte an {contact} gesendet.", ""),
    ("Anfrage Musterteile", "{contact} bittet um Musterteile für eine Erprobung in der Entwicklung.",
     "Muster werden bereitgestellt."),
    ("Einladung Hausmesse", "{contact} zu unserer Hausmesse eingeladen; Zusage steht noch aus.", ""),
)  # fmt: skip
NOTES = (
    ("Neuer Einkaufsleiter", "Laut {contact} wechselt die Leitung des Einkaufs zum Quartalsende; "
     "Nachfolge noch offen.", ""),
    ("Wettbewerb aktiv", "Ein Wettbewerber war mit einem Angebot für {line} im Haus; {contact} hat es "
     "uns gegenüber erwähnt.", ""),
    ("Budgetplanung beim Kunden", "Die Investitionsplanung von {customer} für das nächste Jahr startet im "
     "Herbst; {contact} ist eingebunden.", ""),
)  # fmt: skip

# (next step, department that follows it up)
NEXT_STEPS = (
    ("Angebot für {line} erstellen und an {contact} senden", "sales"),
    ("Teststellung {line} organisieren", "product_development"),
    ("Schulungstermin für die Instandhaltung anbieten", "customer_service"),
    ("Gegenangebot mit Staffelpreisen kalkulieren", "finance"),
    ("Frühere Liefertermine mit der Disposition klären", "customer_service"),
    ("Musterteile versenden", "product_development"),
    ("Referenzbesuch bei einem Bestandskunden vorschlagen", "account_based_marketing"),
    ("Termin mit der neuen Einkaufsleitung vereinbaren", "key_account_management"),
    ("Machbarkeitsstudie aufsetzen", "product_development"),
    ("Zahlungsziel und Kreditlimit prüfen", "finance"),
)

ANNUAL_REVIEW = {
    "subject": "Jahresgespräch {year} mit {customer}",
    "summary": "Jährliches Gespräch mit der Geschäftsleitung und dem Einkauf von {customer}: Rückblick auf "
    "das Jahr, Ausblick und gemeinsame Ziele.",
    "outcome": "Zusammenarbeit wird fortgesetzt und ausgebaut; Schwerpunkte für das kommende Jahr vereinbart.",
    "next_step": "Vereinbarte Ziele in den Account-Plan übernehmen",
}
REVIEW_COLLABORATION = (
    "Liefertreue und Qualität wurden gelobt; die Erreichbarkeit des Service war der größte Kritikpunkt.",
    "Sehr gute Zusammenarbeit in den Projekten; Abstimmung bei Preisänderungen zu kurzfristig.",
    "Der Kunde schätzt die feste Ansprechpartnerin im Innendienst und die schnelle Angebotsabgabe.",
)
REVIEW_IMPROVEMENTS = (
    "Reaktionszeit bei Reklamationen unter 48 Stunden; Preisänderungen drei Monate im Voraus ankündigen.",
    "Technische Dokumentation auf Deutsch und Englisch; gemeinsamer Ersatzteil-Forecast.",
    "Regelmäßige Quartalsgespräche statt Ad-hoc-Terminen; ein Ansprechpartner für die Logistik.",
)
REVIEW_JOINT_GOALS = (
    "{line} am zweiten Standort einführen; Umsatz mit uns um 8 % steigern.",
    "Gemeinsames Projekt zur Energieeinsparung mit {line}; Rahmenvertrag über drei Jahre.",
    "Liefertreue 98 %; Pilot für den elektronischen Datenaustausch der Bestellungen.",
)

# (title, department) of tasks not coming from an activity
TASKS = (
    ("Reklamation von {customer} abschließend klären", "customer_service"),
    ("Bonusvereinbarung {year} für {customer} prüfen", "finance"),
    ("Preisanpassung zum Jahreswechsel vorbereiten", "sales"),
    ("Referenzbericht mit {customer} abstimmen", "account_based_marketing"),
    ("Ersatzteil-Forecast mit dem Kunden abgleichen", "customer_service"),
    ("Offene Posten von {customer} nachhalten", "finance"),
    ("Technische Dokumentation {line} aktualisieren", "product_development"),
    ("Besuchsplanung für das nächste Quartal erstellen", "key_account_management"),
    ("Einladung zur Hausmesse nachfassen", "account_based_marketing"),
)
TASK_DESCRIPTION = "Aus der Account-Betreuung von {customer}."
# Tasks for the head of KAM and for administrators (they see every account).
HEAD_TASKS = (
    "Eskalationsgespräch mit der Geschäftsführung von {customer} vorbereiten",
    "Account-Plan von {customer} durchsehen",
    "Kundenzufriedenheitsbefragung für {customer} freigeben",
)
ADMIN_TASKS = (
    "Kontaktdubletten bei {customer} bereinigen",
    "Zugänge des Account-Teams von {customer} prüfen",
    "Stammdaten von {customer} mit dem ERP abgleichen",
)
COMMENTS = (
    "Habe beim Kunden nachgefragt, Rückmeldung kommt Anfang nächster Woche.",
    "Entwurf liegt im Teamordner, bitte einmal drüberschauen.",
    "Verzögert sich, der Ansprechpartner ist im Urlaub.",
    "Mit dem Vertrieb abgestimmt, wir gehen so vor.",
    "Erledigt bis auf die Freigabe durch die Geschäftsleitung.",
)
AT_CUSTOMER = "{customer}, {city}"  # where visits and annual reviews take place
MEETING_LOCATIONS = ("Videokonferenz", "Besprechungsraum Vertrieb", AT_CUSTOMER)
