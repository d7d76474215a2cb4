//! meetlat's own words in Dutch: the default language of every document. The framework's text is never
//! translated. A new language is a new file like this one, plus one line per function in
//! `words/mod.rs`.

use super::{
    Decided, FileWords, Labels, ReportLabels, RuleFacts, ScoringRule, SealWords,
    SheetWords, SummaryWords, Term,
};
use crate::grade::{Decision, Verdict};
use crate::model::Rounding;

/// The documents' labels.
pub(super) const LABELS: Labels = Labels {
    rubric: "Rubric",
    rubric_title: "Beoordelingsrubric",
    course: "Cursus",
    academic_year: "Studiejaar",
    period: "Periode",
    institution: "Instelling",
    examiners: "Examinatoren",
    date: "Datum",
    framework: "Kader",
    version: "versie",
    scale: "Beoordelingsschaal",
    level: "Niveau",
    points: "Punten",
    descriptor: "Omschrijving",
    outcome: "Leeruitkomst",
    outcomes_overview: "Leeruitkomsten in deze beoordeling",
    core_task: "Kerntaak",
    competencies: "Bekwaamheden",
    indicator: "Gedragsindicator",
    indicators: "Indicatoren",
    weight: "Weging",
    page_of: "pagina {x} van {y}",
    fingerprint: "Vingerafdruk",
    scoring_title: "Zo wordt de beoordeling berekend",
    uniform_example: "Als elke indicator op dit niveau staat",
    grade: "Cijfer",
    point: "punt",
    points_unit: "punten",
    continued: "(vervolg)",
    not_observed: "niet geobserveerd",
    observation_form: "Observatieformulier",
    blank_student: "de student",
    student: "Student",
    student_number: "Studentnummer",
    supervisor: "Werkplekbegeleider",
    organisation: "Organisatie",
    moment: "Moment",
    instructions: "Toelichting voor de werkplekbegeleider",
    examples: "Voorbeelden van wat u heeft gezien",
    remarks: "Algemene opmerkingen",
    advice: "Advies aan de examinator",
    no_advice: "geen advies",
    pass: "voldoende",
    fail: "onvoldoende",
    name: "Naam",
    signature: "Handtekening",
    seen_by_student: "Gezien door de student",
    form: "Formulier",
    ng_column: "Niet geobserveerd",
    level_meaning: "Betekenis van de niveaus",
    ng_meaning: "U heeft dit gedrag niet kunnen waarnemen; het telt dan niet mee in de beoordeling.",
    own_descriptors: "Niveaus met een eigen omschrijving (zoals in de rubric); die gaat voor de algemene betekenis",
};

/// The words of the final reports and the cohort overview.
pub(super) const REPORT: ReportLabels = ReportLabels {
    report_title: "Beoordelingsrapport",
    overview_title: "Cohortoverzicht",
    final_assessment: "Eindbeoordeling",
    chosen_level: "Gekozen niveau",
    score: "Score",
    final_score: "Eindscore",
    cesuur: "Cesuur",
    result: "Resultaat",
    decided_by: "Motivering",
    reasoning: "Motivering van de examinatoren",
    provisional: "voorlopig: niet alle studenten zijn volledig beoordeeld",
    assessed: "Beoordeeld",
    reason: "Motivering",
    legend_pass: "voldoende",
    legend_fail: "onvoldoende",
    observed: "Geobserveerd",
    rules: "Geldende regels",
    signatures: "Ondertekening",
    examiner: "Examinator",
    students: "Studenten",
    histogram: "Verdeling van de cijfers",
    outcome_shares: "Cesuur gehaald per leeruitkomst",
    passed: "Voldoende",
    mean_grade: "Gemiddeld cijfer",
    without_grade: "Zonder cijfer (onvoldoende bewijs)",
    not_reported: "Niet in dit overzicht (nog niet volledig beoordeeld)",
    unrounded: "Onafgerond cijfer",
    histogram_axes: "cijfer (afgerond op hele punten) · hoogte: aantal studenten",
};

/// The months, for dates.
pub(super) const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "punt" and "punten".
pub(super) const POINT: (&str, &str) = ("punt", "punten");
/// "en", joining the last of a list.
pub(super) const AND: &str = "en";

// The grading rules, explained twice: for the student (rubric and report) and for the
// examiner filling in the scoring sheet. A rule change changes both, here and in en.rs.

/// The rules in words a student understands.
pub(super) fn scoring_rules(f: &RuleFacts) -> Vec<ScoringRule> {
    let mut p = vec![
        ScoringRule::new(
            "Niveaus",
            format!("Per gedragsindicator kiest de examinator één niveau: {}.", f.levels),
        ),
        ScoringRule::new(
            "Niet geobserveerd",
            "Kon de examinator een gedragsindicator niet waarnemen, dan \
             kiest de examinator ‘niet geobserveerd’ (NG). Die indicator telt dan niet mee: \
             niet in je punten en niet in het maximum.",
        ),
        ScoringRule::new(
            "Genoeg bewijs",
            format!(
                "Per leeruitkomst moet minstens {} van de \
                 gedragsindicatoren geobserveerd zijn. Is dat bij een leeruitkomst niet zo, dan \
                 is de uitslag ‘onvoldoende bewijs’ en volgt er (nog) geen cijfer.",
                f.share
            ),
        ),
        ScoringRule::new(
            "Score en weging",
            format!(
                "Per leeruitkomst tellen de punten van de geobserveerde \
                 indicatoren: je score is het gemiddelde aantal punten per indicator. De \
                 eindscore is het gewogen gemiddelde van de leeruitkomsten: {}.",
                f.weights_nbsp
            ),
        ),
        ScoringRule::new(
            "Cesuur",
            format!(
                "Sta je bij elke indicator op ‘{}’ ({}), dan haal je precies \
                 de cesuur: dat levert een {} op. Daaronder loopt het cijfer gelijkmatig af tot \
                 1,0 (alles ‘{}’), daarboven gelijkmatig op tot 10,0 (alles ‘{}’).",
                f.pass_label, f.pass_points, f.grade_at_cesuur, f.lowest, f.highest
            ),
        ),
        ScoringRule::new(
            "Afronding",
            match f.rounding {
                Rounding::EenDecimaal => {
                    "Het cijfer wordt afgerond op één decimaal, \
                     half naar boven: 6,45 wordt 6,5 en 6,44 wordt 6,4."
                }
                Rounding::HalvePunten => {
                    "Het cijfer wordt afgerond op hele of halve \
                     punten; een 5,5 wordt niet gegeven: onder 5,5 wordt het een 5, vanaf 5,5 \
                     een 6."
                }
                Rounding::HelePunten => {
                    "Het cijfer wordt afgerond op hele punten, \
                     half naar boven: 6,5 wordt 7."
                }
            },
        ),
    ];
    if f.knockout {
        p.push(ScoringRule::new(
            "Knock-out",
            format!(
                "Elke leeruitkomst moet op zichzelf de cesuur halen. Haal je die bij \
                 één leeruitkomst niet, dan is het resultaat onvoldoende en is je cijfer \
                 hoogstens {}.",
                f.knockout_cap
            ),
        ));
    }
    p.push(ScoringRule::new(
        "Resultaat",
        format!(
            "Je resultaat is voldoende als je afgeronde cijfer {} of hoger is{}.",
            f.pass_grade,
            if f.knockout { " en er geen knock-out is" } else { "" }
        ),
    ));
    p
}

/// The rules of a course that gives no grade (`grading.grade: none`): the same rules
/// with the cut score deciding instead of a grade, for the student (`sheet`: for the
/// examiner filling in the sheet).
pub(super) fn without_grade(rules: Vec<ScoringRule>, f: &RuleFacts) -> Vec<ScoringRule> {
    rules
        .into_iter()
        .filter(|r| r.title != "Afronding")
        .map(|r| match r.title.as_str() {
            "Genoeg bewijs" => ScoringRule::new(
                "Genoeg bewijs",
                format!(
                    "Per leeruitkomst moet minstens {} van de gedragsindicatoren \
                     geobserveerd zijn. Is dat bij een leeruitkomst niet zo, dan is de uitslag \
                     ‘onvoldoende bewijs’ en volgt er (nog) geen resultaat.",
                    f.share
                ),
            ),
            "Niet geobserveerd en bewijs" => ScoringRule::new(
                "Niet geobserveerd en bewijs",
                format!(
                    "NG telt niet mee in de punten en niet in het maximum. Per leeruitkomst moet minstens {} van de indicatoren geobserveerd zijn; anders toont het blad resultaat 'incompleet'.",
                    f.share
                ),
            ),
            "Cesuur" => ScoringRule::new(
                "Cesuur",
                format!(
                    "Sta je bij elke indicator op ‘{}’, dan haal je precies de cesuur. Deze \
                     cursus geeft geen cijfer: een leeruitkomst is behaald als haar score de \
                     cesuur haalt.",
                    f.pass_label
                ),
            ),
            "Knock-out" if f.knockout => ScoringRule::new(
                "Knock-out",
                "Elke leeruitkomst moet op zichzelf de cesuur halen. Haalt één leeruitkomst \
                 die niet, dan is het resultaat onvoldoende.",
            ),
            "Resultaat" => ScoringRule::new(
                "Resultaat",
                format!(
                    "Het resultaat is voldoende als de eindscore de cesuur haalt{}. Er is \
                     geen cijfer.",
                    if f.knockout { " en er geen knock-out is" } else { "" }
                ),
            ),
            _ => r,
        })
        .collect()
}

/// The scoring sheet's instructions for the examiner.
pub(super) fn sheet_instructions(f: &RuleFacts) -> Vec<ScoringRule> {
    let rounding = match f.rounding {
        Rounding::EenDecimaal => "op één decimaal, half naar boven (6,45 wordt 6,5)",
        Rounding::HalvePunten => {
            "op hele of halve punten; nooit 5,5 (daaronder 5, vanaf 5,5 een 6)"
        }
        Rounding::HelePunten => "op hele punten, half naar boven",
    };
    vec![
        ScoringRule::new(
            "Invullen",
            format!(
                "Kies op het blad Scores per student en per gedragsindicator een niveau uit de keuzelijst: {}, of NG (niet geobserveerd). Een leeg vak is nog niet beoordeeld: het is geel gemarkeerd, en zolang een student lege vakken heeft toont het blad geen cijfer maar 'nog invullen' (de scores per leeruitkomst lopen al mee). Kies NG voor wat niet te observeren was. meetlat report maakt alleen een beoordelingsrapport voor studenten zonder lege vakken. Alleen de invoervakken zijn te bewerken; de rest van het blad rekent zelf.",
                f.level_ids
            ),
        ),
        ScoringRule::new(
            "Niet geobserveerd en bewijs",
            format!(
                "NG telt niet mee in de punten en niet in het maximum. Per leeruitkomst moet minstens {} van de indicatoren geobserveerd zijn; anders toont het blad 'onvoldoende bewijs' en resultaat 'incompleet'.",
                f.share
            ),
        ),
        ScoringRule::new(
            "Score en weging",
            format!(
                "Per leeruitkomst: het gemiddelde aantal punten per geobserveerde indicator. De eindscore is het gewogen gemiddelde: {}. Cesuur en cijfer rekenen met het deel van de punten boven het laagste niveau: (score − MinPunten) / (MaxPunten − MinPunten).",
                f.weights
            ),
        ),
        ScoringRule::new(
            "Cesuur",
            format!(
                "Staat elke indicator op '{}', dan is de cesuur precies gehaald (score {}): cijfer {}. Daaronder loopt het cijfer recht af tot 1,0, daarboven recht op tot 10,0.",
                f.pass_level, f.pass_points, f.grade_at_cesuur_short
            ),
        ),
        ScoringRule::new("Afronding", format!("Het cijfer wordt afgerond {rounding}.")),
        ScoringRule::new(
            "Knock-out",
            if f.knockout {
                format!(
                    "Elke leeruitkomst moet op zichzelf de cesuur halen. Haalt één leeruitkomst die niet, dan is het resultaat onvoldoende en het cijfer hoogstens {}.",
                    f.knockout_cap_short
                )
            } else {
                "Niet van toepassing in deze cursus.".into()
            },
        ),
        ScoringRule::new(
            "Resultaat",
            format!(
                "Voldoende bij een afgerond cijfer van {} of hoger{}.",
                f.pass_grade_short,
                if f.knockout { " en geen knock-out" } else { "" }
            ),
        ),
        ScoringRule::new(
            "Herkomst",
            format!(
                "Cursus {} ({}), kader {} versie {}, vingerafdruk {}. Het blad Instellingen bevat de getallen waarmee de formules rekenen; meetlat berekent dezelfde cijfers en controleert dit blad bij het inlezen.",
                f.course_code,
                f.academic_year,
                f.framework_title,
                f.framework_version,
                f.fingerprint
            ),
        ),
    ]
}

/// Which rule decided a student's result, in one sentence.
pub(super) fn decided_by(d: &Decided) -> String {
    let f = &d.facts;
    match d.rule {
        Decision::Cesuur if !f.graded => match d.verdict {
            Verdict::Voldoende => format!(
                "de eindscore haalt de cesuur{}.",
                if f.knockout { " en elke leeruitkomst haalt de cesuur" } else { "" }
            ),
            _ => "de eindscore haalt de cesuur niet.".to_owned(),
        },
        Decision::KnockOut if !f.graded => format!(
            "knock-out: {} {} de cesuur niet; het resultaat is onvoldoende.",
            d.failed.0,
            if d.failed.1 == 1 { "haalt" } else { "halen" },
        ),
        Decision::Cesuur => match d.verdict {
            Verdict::Voldoende => format!(
                "het cijfer {} is {} of hoger{}.",
                d.grade,
                f.pass_grade,
                if f.knockout { " en elke leeruitkomst haalt de cesuur" } else { "" }
            ),
            _ => format!("het cijfer {} is lager dan {}.", d.grade, f.pass_grade),
        },
        Decision::KnockOut => format!(
            "knock-out: {} {} de cesuur niet; het resultaat is onvoldoende en het cijfer \
             hoogstens {}.",
            d.failed.0,
            if d.failed.1 == 1 { "haalt" } else { "halen" },
            f.knockout_cap
        ),
        Decision::Evidence => format!(
            "onvoldoende bewijs: bij {} is minder dan {} van de gedragsindicatoren geobserveerd; \
             er is (nog) geen cijfer.",
            d.thin, f.share
        ),
    }
}

/// The scoring sheet's words.
pub(super) const SHEET: SheetWords = SheetWords {
    instructions: "Instructie",
    title: "Scoreblad",
    motivation: "Toelichting",
    motivation_note: "Motivering van de examinatoren: waarom dit resultaat. Komt in het beoordelingsrapport onder 'Motivering'; nodig bij een onvoldoende.",
    outcome_motivation_note: "Mag leeg blijven. Motivering bij één leeruitkomst: komt in het beoordelingsrapport onder die leeruitkomst.",
    scores: "Scores",
    name: "Naam",
    score: "score",
    cesuur: "cesuur",
    per_outcome: "Per leeruitkomst",
    final_result: "Eindresultaat",
    final_score: "Eindscore",
    unrounded: "Onafgerond",
    knockout: "Knock-out",
    result: "Resultaat",
    yes: "ja",
    no: "nee",
    pass: "voldoende",
    fail: "onvoldoende",
    incomplete: "incompleet",
    no_evidence: "onvoldoende bewijs",
    to_fill: "nog invullen",
    not_observed: "niet geobserveerd",
    page: "pagina &P van &N",
    settings: "Instellingen",
    number: "Studentnummer",
    grade: "Cijfer",
    code_label: "Cursuscode",
    fingerprint_label: "Vingerafdruk",
    framework_label: "Kader",
    level_headers: ["Niveau", "Label", "Punten"],
    setting_headers: ["Naam", "Waarde", "Betekenis"],
    rubric_headers: ["Indicator", "Leeruitkomst", "Tekst"],
    invalid_title: "Geen geldig niveau",
    invalid_message: "Kies een niveau: {levels}, of NG ({ng}).",
    setting_meanings: [
        "punten van het laagste niveau",
        "punten van het hoogste niveau",
        "score (0–1) als alles '{level}' is: ({points} − MinPunten) / (MaxPunten − MinPunten)",
        "cijfer bij de cesuur",
        "laagste cijfer",
        "hoogste cijfer",
        "deel van de indicatoren dat per leeruitkomst geobserveerd moet zijn",
        "1: elke leeruitkomst moet de cesuur halen; 0: niet",
        "hoogste cijfer bij een knock-out",
        "laagste voldoende cijfer (afgerond)",
        "1: één decimaal; 2: halve punten, geen 5,5; 3: hele punten",
        "rekenmarge voor afronding en vergelijkingen",
    ],
    weight_meaning: "weging van {id} {title}",
};

/// Progress lines on the terminal.
pub(super) const PROGRESS_FORMS: &str = "observatieformulieren";
/// See `PROGRESS_FORMS`.
pub(super) const PROGRESS_REPORTS: &str = "beoordelingsrapporten";

/// Words in file names and identifiers.
pub(super) const FILES: FileWords = FileWords {
    report: "beoordeling",
    overview: "overzicht",
    blank: "blanco",
    observation: "observatie",
    forms: "observatieformulieren",
    final_moment: "eind",
    midway_moment: "tussentijds",
    grades_header: ["studentnummer", "cijfer", "resultaat"],
    grades_results: ["voldoende", "onvoldoende", "incompleet"],
};

/// The words of the `check` summary.
pub(super) const SUMMARY: SummaryWords = SummaryWords {
    version: "versie",
    outcomes: "leeruitkomsten",
    indicators: "gedragsindicatoren",
    indicators_short: "indicatoren",
    weight: "weging",
    scale: "schaal",
    not_observed: "NG (niet geobserveerd)",
    cesuur: "cesuur",
    all: "alles",
    per_indicator: "per indicator",
    grade: "cijfer",
    rounding: "afronding",
    roundings: ["één decimaal, half naar boven", "halve punten, geen 5,5", "hele punten"],
    evidence: "bewijs: minstens {share}% van de indicatoren per leeruitkomst geobserveerd",
    knockout_yes: "ja, elke leeruitkomst moet de cesuur halen (anders maximaal {cap})",
    no: "nee",
    students: "studenten",
    fingerprint: "vingerafdruk",
    no_grade: "geen cijfer: alleen voldoende of onvoldoende",
    knockout_no_grade: "ja, elke leeruitkomst moet de cesuur halen",
};

/// Phrases of this file's wording that name a framework's parts (see `Terms`).
pub(super) const TERM_PHRASES: &[(&str, Term)] = &[
    ("leeruitkomsten", Term::Outcomes),
    ("leeruitkomst", Term::Outcome),
    ("gedragsindicatoren", Term::Indicators),
    ("gedragsindicator", Term::Indicator),
    ("indicatoren", Term::Indicators),
    ("indicator", Term::Indicator),
    ("niveaus", Term::Levels),
    ("niveau", Term::Level),
    ("kerntaak", Term::CoreTask),
    ("bekwaamheden", Term::Competencies),
];

/// The words of `framework show`.
pub(super) const SHOW: super::ShowWords = super::ShowWords {
    version: "versie",
    task_areas: "Taakgebieden en bekwaamheden",
    competencies: "Bekwaamheden",
    added: "toegevoegd",
    outcome: "Leeruitkomst",
    outcome_competencies: "bekwaamheden",
    scale: "Beoordelingsschaal",
    points: "punten",
    pass_level: "cesuur",
};

/// The sealed archive's words (see `words::SealWords`).
pub(super) const SEAL: SealWords = SealWords {
    label: "handtekening",
    signed_by: "ondertekend door {subject}",
    certificate: "certificaat uitgegeven door {issuer}, geldig van {from} tot en met {to}",
    fingerprint: "SHA-256-vingerafdruk van het certificaat {fingerprint}",
    not_signed: "niet ondertekend (het archief heeft geen manifest.json.p7s)",
    prompt: "Wachtwoord van {file}: ",
};

/// `meetlat collect`.
pub(super) const COLLECT: super::CollectWords = super::CollectWords {
    title: "ingevulde observatieformulieren van {course}",
    read: "gelezen: {n} formulier(en)",
    duplicates: "dubbel ingeleverd met dezelfde inhoud (één keer gebruikt): {files}",
    missing: "zonder formulier ({moment}): {n} student(en)",
    all_returned: "alle studenten hebben een formulier ingeleverd ({moment})",
    empty: "niet ingevulde indicatoren: {n}, bij {m} student(en)",
    none_empty: "niet ingevulde indicatoren: geen",
    newest: "{student} ({moment}): het nieuwste bestand gebruikt, {file} (--prefer-newest)",
    unused: "niet gebruikt: {n} bestand(en)",
    skipped: "overgeslagen in een map (geen PDF, of een submap): {n}",
    written: "geschreven",
    nothing_written: "niets geschreven: er was geen bruikbaar formulier",
    not_pdf: [
        "geen PDF-bestand",
        "sla het ingevulde formulier op als PDF, of laat dit bestand weg",
    ],
    encrypted: [
        "de PDF is beveiligd (versleuteld of met een wachtwoord)",
        "vraag de begeleider het formulier zonder beveiliging op te slaan",
    ],
    damaged: [
        "de PDF is beschadigd of onvolledig (bijvoorbeeld half gedownload)",
        "vraag de begeleider het bestand opnieuw te sturen",
    ],
    too_large: [
        "het bestand is groter dan {mb} MB; een ingevuld formulier is veel kleiner",
        "controleer of dit het ingevulde formulier is",
    ],
    unreadable: [
        "het bestand kan niet gelezen worden ({reason})",
        "controleer of het bestaat en of u het mag lezen",
    ],
    not_a_form: [
        "geen observatieformulier van meetlat",
        "controleer of dit het goede bestand is, of laat het weg",
    ],
    no_fields: [
        "een observatieformulier zonder invulvelden dat geen scan is (afgedrukt naar PDF \
         of 'plat gemaakt'); meetlat leest formulieren met invulvelden en scans van papier",
        "neem de waarden over, of vraag de begeleider het formulier op het scherm in te \
         vullen en als PDF op te slaan",
    ],
    no_identity: [
        "het formulier zegt niet voor welke student het is (gemaakt met een oudere \
         meetlat, of het verborgen veld `meetlat` is verwijderd)",
        "neem de waarden over, of stuur de begeleider een nieuw formulier (meetlat forms)",
    ],
    other_course: [
        "een formulier van cursus {course}, niet van {expected}",
        "lees het in met het cursusbestand van {course}",
    ],
    other_version: [
        "een formulier van een andere versie van de cursus (vingerafdruk {found}; het \
         cursusbestand heeft nu {expected})",
        "gebruik het cursusbestand en raamwerk waarmee de formulieren gemaakt zijn, of \
         stuur de begeleider een nieuw formulier",
    ],
    unknown_student: [
        "studentnummer {student} staat niet in de studentenlijst",
        "voeg de student toe aan de lijst (of geef --students), of controleer het nummer",
    ],
    blank_without_number: [
        "een blanco formulier zonder studentnummer",
        "vul het studentnummer in het veld 'Studentnummer' in en lees het opnieuw in",
    ],
    missing_fields: [
        "velden ontbreken of zijn hernoemd: {fields}",
        "vraag de begeleider het originele formulier in te vullen, zonder het te bewerken",
    ],
    bad_value: [
        "veld {field} heeft de waarde '{value}', die geen niveau van de cursus is",
        "vraag de begeleider het originele formulier in te vullen, zonder het te bewerken",
    ],
    conflict: [
        "student {student} ({moment}) is meer dan eens ingeleverd, met verschillende \
         inhoud: {files}; geen van deze is gebruikt",
        "laat de verkeerde bestanden weg, of geef --prefer-newest om het nieuwste te \
         gebruiken",
    ],
};

/// The observations after `collect`: the sheet `Werkplek` and the reports.
pub(super) const OBSERVATIONS: super::ObservationWords = super::ObservationWords {
    sheet: "Werkplek",
    sheet_legend: "Alleen-lezen: wat de werkplekbegeleider aankruiste (uit observations.json). \
                   Op het blad Scores zijn niveaus die hiervan afwijken paars gemarkeerd.",
    sheet_legend_plain: "Alleen-lezen: wat de werkplekbegeleider aankruiste (uit observations.json).",
    sheet_headers: [
        "Moment",
        "Werkplekbegeleider",
        "Organisatie",
        "Datum",
        "Advies",
        "Formulier",
    ],
    no_form: "geen formulier",
    instruction_title: "Werkplekbegeleider",
    instruction_prefill: "Het blad {sheet} toont per student wat de werkplekbegeleider op het \
                          observatieformulier aankruiste, met naam, organisatie, datum en advies. \
                          Op het blad Scores staan de niveaus van de werkplekbegeleider al ingevuld: \
                          u beslist als examinator en verandert wat u anders beoordeelt. Een niveau \
                          dat afwijkt van wat de werkplekbegeleider zag, wordt paars gemarkeerd.",
    instruction_plain: "Het blad {sheet} toont per student wat de werkplekbegeleider op het \
                        observatieformulier aankruiste, met naam, organisatie, datum en advies. \
                        Het blad Scores vult u zelf in.",
    heading: "Werkplekbegeleider",
    advice: "Advies",
    organisation: "Organisatie",
    date: "Datum",
    name: "Naam",
    moment: "Moment",
    column: "Werkplek",
    column_note: "Kolom Werkplek: het niveau dat de werkplekbegeleider aankruiste, alleen waar \
                  dat afwijkt van het gekozen niveau.",
    differences: "{n} van {m} indicatoren anders gezien door de werkplekbegeleider",
    no_differences: "de werkplekbegeleider zag elke indicator zoals de examinatoren",
    no_form_report: "Van de werkplekbegeleider is geen observatieformulier ontvangen.",
    advice_texts: ["voldoende", "onvoldoende", "geen advies", "niet ingevuld"],
    moments: ["eindobservatie", "tussentijdse observatie"],
};

/// The toetsanalyse (see `words::AnalysisWords`).
pub(super) const ANALYSIS: super::AnalysisWords = super::AnalysisWords {
    title: "Cohortoverzicht en toetsanalyse",
    n_of_m: "{n} van {m}",
    failed: "Onvoldoende",
    sd: "Standaarddeviatie",
    percent_basis: "Percentages voldoende en onvoldoende: van de {n} studenten met een cijfer.",
    percent_basis_no_grade: "Percentages voldoende en onvoldoende: van de {n} studenten met een resultaat (deze cursus geeft geen cijfer).",
    no_result: "Onvoldoende bewijs",
    bins_axis: [
        "cijfer in stappen van een half punt (6,0–6,4 is 6,0 tot en met 6,4) · hoogte: aantal studenten",
        "cijfer (afgerond op halve punten) · hoogte: aantal studenten",
        "cijfer (afgerond op hele punten) · hoogte: aantal studenten",
    ],
    no_grade: "zonder cijfer",
    legend_no_grade: "zonder cijfer (onvoldoende bewijs), apart geteld",
    no_evidence: "{n} onvoldoende bewijs",
    shares_note: "Aandeel van de studenten met genoeg bewijs voor de leeruitkomst; wie te weinig bewijs had, telt apart.",
    levels_title: "Niveaus per indicator",
    levels_note: "Aantal studenten per niveau (n = {n}). NG: niet geobserveerd. ▲: bij {pct} of meer van de studenten niet geobserveerd; was de indicator in de stage wel te observeren?",
    indicator: "Indicator",
    not_observed: "NG",
    not_observed_share: "% NG",
    agreement_title: "Overeenstemming werkplekbegeleider en examinator",
    agreement_intro: "Per indicator het niveau op de eindobservatie van de werkplekbegeleider naast het niveau van de examinator ({forms} eindobservaties van beoordeelde studenten). Paren met NG of zonder keuze tellen niet mee.",
    agreement_reading: "Lees de gewogen kappa (lineaire gewichten: hoe verder de niveaus uit elkaar liggen, hoe zwaarder het verschil telt) als de overeenstemming boven toeval: 1 is volledig, 0 is niet meer dan toeval, negatief is minder; als vuistregel is boven 0,60 goed en onder 0,40 zwak.",
    pairs: "Paren",
    excluded: "Niet meegeteld",
    exact: "Gelijk",
    kappa: "Gewogen kappa",
    overall: "Alle indicatoren samen",
    no_pairs: "geen paren",
    too_few_pairs: "minder dan {min} paren",
    no_variation: "steeds hetzelfde niveau: niet te bepalen",
    no_final_forms: "Er zijn geen eindobservaties van beoordeelde studenten ingelezen.",
    csv_header: [
        "onderdeel",
        "leeruitkomst",
        "indicator",
        "categorie",
        "aantal",
        "van",
        "waarde",
        "toelichting",
    ],
    csv_sections: [
        "kerncijfers",
        "cijferverdeling",
        "cesuur",
        "niveaus",
        "overeenstemming",
    ],
    csv_key: [
        "beoordeeld",
        "niet-beoordeeld",
        "met-cijfer",
        "voldoende",
        "onvoldoende",
        "incompleet",
        "gemiddelde",
        "standaarddeviatie",
    ],
    csv_bins: ["voldoende", "onvoldoende", "zonder-cijfer"],
    csv_outcome: ["gehaald", "niet-gehaald", "onvoldoende-bewijs"],
    csv_agreement: ["formulieren", "paren", "niet-meegeteld", "gelijk", "kappa-lineair"],
    csv_no_kappa: ["geen-paren", "te-weinig-paren", "geen-spreiding"],
};

/// The exam committee's part of a report (see `words::ExamWords`).
pub(super) const EXAM: super::ExamWords = super::ExamWords {
    programme: "Opleiding",
    ec: "Studiepunten",
    ec_value: "{ec} EC",
    attempt: "Kans",
    attempts: ["eerste kans", "herkansing"],
    assessed_on: "Beoordeeld op",
    decided: "Vastgesteld door {names} op {date}.",
    decided_no_date: "Vastgesteld door {names}.",
    appeal_title: "Inzage en beroep",
    appeal_default: "Je hebt recht op inzage in je beoordeelde werk en in deze beoordeling; \
                     vraag de examinatoren daarom. Ben je het niet eens met de uitslag, dan \
                     kun je binnen zes weken na de bekendmaking beroep instellen bij het \
                     College van Beroep voor de Examens van je instelling (art. 7.61 WHW). \
                     De Onderwijs- en examenregeling (OER) van je opleiding beschrijft hoe.",
    points_of: "{p} van {max} punten",
    reached: "cesuur ({c}) gehaald",
    not_reached: "cesuur ({c}) niet gehaald",
    mean_points: "{p} punten",
    mean_points_note: "gemiddeld per indicator",
    cesuur_points_note: "alles {pass}",
};

/// meetlat's vocabulary (see `words::Vocabulary`).
pub(super) const VOCABULARY: super::Vocabulary = super::Vocabulary {
    examiner: "examinator",
    supervisor: "werkplekbegeleider",
    final_observation: "eindobservatie",
    midway_observation: "tussentijdse observatie",
    incomplete: "incompleet",
    no_evidence: "onvoldoende bewijs",
    motivation: "Motivering",
    fingerprint: (
        "Vingerafdruk",
        "De korte code op elke pagina is een controlecode van het kader en de instellingen van \
         de cursus (niet van de studenten). Dezelfde code op rubric, formulier, scoreblad en \
         rapport betekent: dezelfde beoordeling; een andere code: er is iets veranderd.",
    ),
};

/// Reading scanned paper forms (see `words::ScanWords`).
pub(super) const SCAN: super::ScanWords = super::ScanWords {
    page_of_file: "{file}, pagina {page}",
    pages: "gescande pagina's: {read} gelezen, {blank} blanco overgeslagen, {unused} niet gebruikt",
    to_review: "te controleren: {n} rij(en) van {m} formulier(en), zie {file}; vul per rij \
                het niveau in onder 'besluit' in {csv} en geef {csv} mee aan dezelfde \
                meetlat collect",
    decided: "door een examinator besloten: {n} rij(en), uit {file}",
    nothing_to_review: "te controleren: niets, elke aangekruiste rij is zeker gelezen",
    missing_pages: "{student} ({moment}): pagina {pages} ontbreekt in de scans",
    no_code: [
        "geen leesbare QR-code van meetlat op deze pagina (geen meetlat-formulier, of een \
         onscherpe of beschadigde scan)",
        "bekijk de pagina in controle.pdf; scan haar opnieuw (recht, minstens 150 dpi) of \
         neem de waarden over",
    ],
    undecodable: [
        "de pagina kan niet gelezen worden (een onbekend of beschadigd beeld)",
        "scan de pagina opnieuw",
    ],
    blank_form: [
        "een pagina van een blanco formulier: een handgeschreven studentnummer leest \
         meetlat niet",
        "neem de waarden over, of print voor de student een eigen formulier (meetlat forms)",
    ],
    no_such_page: [
        "pagina {page} hoort niet bij het formulier van deze student",
        "gebruik het cursusbestand, de studentenlijst en de sjablonen waarmee de \
         formulieren gemaakt zijn",
    ],
    read_none: "niets aangekruist",
    read_several: "meer dan één vakje: {values}",
    read_unclear: "onduidelijke markering bij {values}",
    read_streak: "een doorlopende lijn door de rij (een streep van de scanner?)",
    read_not_aligned: "de pagina kon niet uitgelijnd worden",
    read_missing_page: "de pagina ontbreekt in de scans",
    review_title: "Controle van gescande observatieformulieren",
    review_intro: "meetlat las deze rijen niet met zekerheid. Per rij: het stuk van de scan \
                   en wat meetlat zag. Dezelfde rijen staan in controle.csv: schrijf in de \
                   kolom 'besluit' het niveau dat u op de scan ziet (of 'niet \
                   geobserveerd'; een lege cel laat de rij open) en draai meetlat collect \
                   opnieuw met controle.csv erbij. Een besloten rij is dan zeker, met \
                   'examinator' in de kolom besloten_door van observations.csv.",
    review_rows: "Rijen om te controleren",
    review_pages: "Pagina's die niet herkend zijn",
    review_student: "Student",
    review_outcome: "Leeruitkomst · indicator",
    review_read: "Gelezen",
    review_source: "Bron",
    review_decision: "Besluit",
    advice: "advies",
};
