//! The words of the local page (`meetlat serve`), Dutch and English, in one place. The
//! page's own texts only: documents keep their words in `nl.rs` / `en.rs`.

use serde::Serialize;

use crate::model::Language;

/// Every text of the page. `{n}`, `{total}`, `{name}` … are filled in by the page.
#[derive(Debug, Clone, Serialize)]
pub struct WebWords {
    /// The `lang` attribute.
    pub lang: &'static str,
    /// The page title.
    pub title: &'static str,
    /// Under the title.
    pub tagline: &'static str,
    /// The privacy promise.
    pub privacy: &'static str,
    /// The language switch (names the other language).
    pub switch: &'static str,
    /// The stop button.
    pub stop: &'static str,
    /// Shown after stopping.
    pub stopped: &'static str,
    /// Heading of the problem list.
    pub problems: &'static str,
    /// No problems.
    pub no_problems: &'static str,
    /// Section: the course.
    pub course: &'static str,
    /// Open a course file.
    pub open_course: &'static str,
    /// Course code.
    pub code: &'static str,
    /// Course name.
    pub name: &'static str,
    /// Academic year.
    pub academic_year: &'static str,
    /// Period.
    pub period: &'static str,
    /// Institution.
    pub institution: &'static str,
    /// Examiners (one per line).
    pub examiners: &'static str,
    /// Document date.
    pub date: &'static str,
    /// Language of the documents.
    pub doc_language: &'static str,
    /// Section: the framework.
    pub framework: &'static str,
    /// The built-in framework button.
    pub builtin: &'static str,
    /// Upload a framework file.
    pub open_framework: &'static str,
    /// "{outcomes} leeruitkomsten, {indicators} gedragsindicatoren".
    pub framework_counts: &'static str,
    /// Version.
    pub version: &'static str,
    /// Section: what the course assesses.
    pub selection: &'static str,
    /// The filter field.
    pub filter: &'static str,
    /// "{n} van {total} indicatoren".
    pub count: &'static str,
    /// Core task.
    pub core_task: &'static str,
    /// Section: weights and rules.
    pub weighting: &'static str,
    /// Weight of an outcome.
    pub weight: &'static str,
    /// Folded rules.
    pub rules: &'static str,
    /// Pass level.
    pub pass_level: &'static str,
    /// Grade at the cut-off.
    pub grade_at_cesuur: &'static str,
    /// Rounding.
    pub rounding: &'static str,
    /// Rounding choices.
    pub rounding_choices: [&'static str; 3],
    /// Minimum share observed.
    pub min_observed: &'static str,
    /// Knock-out.
    pub knockout: &'static str,
    /// Knock-out cap.
    pub knockout_cap: &'static str,
    /// Pass grade.
    pub pass_grade: &'static str,
    /// The scale (read only).
    pub scale: &'static str,
    /// Heading of the grade examples.
    pub examples: &'static str,
    /// "alles {level}".
    pub all_at: &'static str,
    /// "één leeruitkomst {low}, de rest {high}".
    pub one_low: &'static str,
    /// Section: students.
    pub students: &'static str,
    /// Upload the student list.
    pub open_students: &'static str,
    /// "{n} studenten — {format}; {skipped} rij(en) overgeslagen".
    pub students_found: &'static str,
    /// No students yet.
    pub no_students: &'static str,
    /// Rows skipped.
    pub skipped: &'static str,
    /// Export names: plain, Brightspace, Canvas.
    pub formats: [&'static str; 3],
    /// Section: preview.
    pub preview: &'static str,
    /// "Voorbeeld bijgewerkt: {n} pagina's".
    pub preview_done: &'static str,
    /// Shown over an outdated preview.
    pub outdated: &'static str,
    /// Working.
    pub working: &'static str,
    /// Alt text of a page: "{doc}, pagina {n} van {total}".
    pub page_alt: &'static str,
    /// The rubric.
    pub rubric: &'static str,
    /// The observation form.
    pub form: &'static str,
    /// Section: downloads.
    pub downloads: &'static str,
    /// The rubric (PDF).
    pub dl_rubric: &'static str,
    /// The observation forms (zip).
    pub dl_forms: &'static str,
    /// The scoring sheet.
    pub dl_sheet: &'static str,
    /// The course file.
    pub dl_course: &'static str,
    /// The framework file chosen (YAML).
    pub dl_framework: &'static str,
    /// What the course file is for.
    pub dl_course_note: &'static str,
    /// Downloads need a valid course.
    pub dl_invalid: &'static str,
    /// A problem's field names: general.
    pub at_general: &'static str,
    /// An upload was read.
    pub loaded: &'static str,
    /// An upload was refused.
    pub refused: &'static str,
    /// A page without session.
    pub no_session: &'static str,
    /// The page's own sentence for problems it knows (the command line's words otherwise):
    /// nothing chosen.
    pub fix_outcomes: &'static str,
    /// A text field left empty.
    pub fix_empty: &'static str,
    /// The academic year's form.
    pub fix_year: &'static str,
    /// The date's form.
    pub fix_date: &'static str,
    /// No examiners.
    pub fix_examiners: &'static str,
    /// Not a number.
    pub fix_number: &'static str,
    /// A negative weight.
    pub fix_weight: &'static str,
    /// A course code unfit for file names.
    pub fix_code: &'static str,
    /// A grade out of range (`grade_at_cesuur`, `knockout_cap`, `pass_grade`).
    pub fix_grade: &'static str,
    /// A share out of range (`min_observed`).
    pub fix_share: &'static str,
    /// A knock-out cap that passes.
    pub fix_cap: &'static str,
    /// Section: later in the term.
    pub later: &'static str,
    /// What it is for.
    pub later_note: &'static str,
    /// Upload the filled sheet.
    pub open_scores: &'static str,
    /// "{n} rapporten en het archief gemaakt".
    pub reports_made: &'static str,
    /// Download the reports.
    pub dl_reports: &'static str,
    /// No reports yet.
    pub no_reports: &'static str,
    /// The reports made before a change to the course, taken back.
    pub reports_outdated: &'static str,
    /// The sheet is too large.
    pub scores_too_large: &'static str,
    /// Not an XLSX.
    pub scores_not_xlsx: &'static str,
    /// Upload the returned observation forms.
    pub open_forms: &'static str,
    /// Forget the chosen forms.
    pub clear_forms: &'static str,
    /// "{n}" forms chosen so far.
    pub forms_chosen: &'static str,
    /// The forms were forgotten.
    pub forms_cleared: &'static str,
    /// A returned form larger than allowed.
    pub form_too_large: &'static str,
    /// A returned form that is no PDF and no scan.
    pub form_not_form: &'static str,
    /// More forms than allowed ("{n}" files, "{mb}" MB).
    pub forms_too_many: &'static str,
    /// No returned form could be used.
    pub forms_unusable: &'static str,
    /// Heading of what `collect` said.
    pub forms_read: &'static str,
    /// Scanned rows to check.
    pub controle_note: &'static str,
    /// Download `controle.pdf`.
    pub dl_controle: &'static str,
    /// No `controle.pdf`.
    pub no_controle: &'static str,
}

/// The page's words in `language`.
pub fn web_words(language: Language) -> &'static WebWords {
    match language {
        Language::Nl => &NL,
        Language::En => &EN,
    }
}

static NL: WebWords = WebWords {
    lang: "nl",
    title: "meetlat — een cursus samenstellen",
    tagline: "Kies wat de cursus beoordeelt, zie de rubric meteen en download alle documenten.",
    privacy: "Alles blijft op deze computer: niets wordt verstuurd, en de studentgegevens verdwijnen als u meetlat stopt.",
    switch: "English",
    stop: "Stoppen",
    stopped: "meetlat is gestopt. U kunt dit venster sluiten.",
    problems: "Wat nog aandacht vraagt",
    no_problems: "Geen problemen: de documenten kunnen gemaakt worden.",
    course: "Cursus",
    open_course: "Cursusbestand openen (YAML)",
    code: "Cursuscode",
    name: "Naam van de cursus",
    academic_year: "Studiejaar (bijv. 2026-2027)",
    period: "Periode",
    institution: "Instelling",
    examiners: "Examinatoren (één per regel)",
    date: "Datum op de documenten (JJJJ-MM-DD)",
    doc_language: "Taal van de documenten",
    framework: "Kader",
    builtin: "Ingebouwd kader gebruiken",
    open_framework: "Ander kader kiezen (YAML, of de ingevulde werkmap van `meetlat framework template`)",
    framework_counts: "{outcomes} leeruitkomsten, {indicators} gedragsindicatoren",
    version: "versie",
    selection: "Wat de cursus beoordeelt",
    filter: "Filter op tekst of id",
    count: "{n} van {total} indicatoren",
    core_task: "Kerntaak",
    weighting: "Weging en beoordelingsregels",
    weight: "Weging",
    rules: "Schaal en beoordelingsregels (standaardwaarden)",
    pass_level: "Cesuur: het niveau dat voldoende is",
    grade_at_cesuur: "Cijfer op de cesuur",
    rounding: "Afronding",
    rounding_choices: [
        "op één decimaal",
        "op halve punten (nooit 5,5)",
        "op hele punten",
    ],
    min_observed: "Minimaal deel geobserveerd per leeruitkomst (0–1)",
    knockout: "Elke leeruitkomst moet op zichzelf voldoende zijn",
    knockout_cap: "Hoogste cijfer als een leeruitkomst onvoldoende is",
    pass_grade: "Voldoende vanaf (afgerond cijfer)",
    scale: "Schaal",
    examples: "Wat de regels betekenen",
    all_at: "alles {level}",
    one_low: "één leeruitkomst {low}, de rest {high}",
    students: "Studenten",
    open_students: "Studentenlijst kiezen (CSV: Brightspace, Canvas of eenvoudige lijst)",
    students_found: "{n} studenten — {format}",
    no_students: "Nog geen studentenlijst: de rubric kan al wel, de formulieren en het scoreblad nog niet.",
    skipped: "{n} rij(en) overgeslagen",
    formats: ["eenvoudige lijst", "Brightspace-export", "Canvas-export"],
    preview: "Voorbeeld",
    preview_done: "Voorbeeld bijgewerkt: {n} pagina's",
    outdated: "Verouderd: los eerst de problemen hierboven op",
    working: "Bezig …",
    page_alt: "{doc}, pagina {n} van {total}",
    rubric: "Rubric",
    form: "Observatieformulier (leeg)",
    downloads: "Downloaden",
    dl_rubric: "Rubric (PDF)",
    dl_forms: "Observatieformulieren (zip)",
    dl_sheet: "Scoreblad (XLSX)",
    dl_course: "Cursusbestand (YAML)",
    dl_framework: "Kaderbestand (YAML)",
    dl_course_note: "Het cursusbestand is uw bewaarbestand: open het later hier weer, of gebruik het met `meetlat build`; dat geeft dezelfde documenten.",
    dl_invalid: "Los eerst de problemen op; dan kunnen de documenten gemaakt worden.",
    at_general: "Algemeen",
    loaded: "Ingelezen: {name}",
    refused: "Niet ingelezen: {name}",
    no_session: "Open meetlat vanuit het opdrachtvenster: gebruik het adres dat `meetlat serve` daar toont.",
    fix_outcomes: "Kies ten minste één gedragsindicator.",
    fix_empty: "Vul dit veld in.",
    fix_year: "Schrijf het studiejaar als twee opeenvolgende jaren, bijvoorbeeld 2026-2027.",
    fix_date: "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2027-01-29.",
    fix_examiners: "Vul ten minste één examinator in: de namen staan op de rubric, de rapporten en in het archief.",
    fix_number: "Vul een getal in, bijvoorbeeld 1 of 1,5.",
    fix_weight: "Een weging is 0 of meer; 0 laat de leeruitkomst buiten het cijfer.",
    fix_code: "De cursuscode komt in de bestandsnamen: gebruik letters, cijfers, - en _ (geen / \\ : * ? \" < > |).",
    fix_grade: "Vul een cijfer van 1 tot 10 in, bijvoorbeeld 5,5 of 6.",
    fix_share: "Vul een deel van 0 tot 1 in, bijvoorbeeld 0,5 (de helft van de indicatoren).",
    fix_cap: "Dit hoogste cijfer bij een knock-out is een voldoende: een student die een leeruitkomst niet haalt, krijgt dan een voldoende cijfer met resultaat onvoldoende. Kies een cijfer onder het laagste voldoende cijfer, meestal 5.",
    later: "Later in de periode: rapporten en archief",
    later_note: "Kies eventueel eerst de teruggestuurde observatieformulieren, dan het ingevulde scoreblad van deze cursus; meetlat maakt de eindrapporten, het overzicht en het archief, dat `meetlat verify` controleert.",
    open_scores: "Ingevuld scoreblad kiezen (XLSX)",
    reports_made: "{n} rapporten en het archief gemaakt.",
    dl_reports: "Rapporten en archief (zip)",
    no_reports: "Kies eerst het ingevulde scoreblad.",
    reports_outdated: "De cursus is veranderd na het maken van de rapporten: kies het ingevulde scoreblad opnieuw om ze opnieuw te maken.",
    scores_too_large: "Het scoreblad is groter dan 20 MB.",
    scores_not_xlsx: "Dit is geen Excel-werkmap (.xlsx). Kies het scoreblad dat meetlat maakte, ingevuld en bewaard als .xlsx.",
    open_forms: "Teruggestuurde observatieformulieren kiezen (PDF of scan: PNG, JPEG, TIFF; één of meer, vóór het scoreblad)",
    clear_forms: "Gekozen formulieren weghalen",
    forms_chosen: "{n} formulier(en) gekozen. Ze worden gelezen zodra u het ingevulde scoreblad kiest.",
    forms_cleared: "Geen formulieren gekozen: de rapporten worden zonder observaties van de begeleiders gemaakt.",
    form_too_large: "Het bestand is groter dan 64 MB.",
    form_not_form: "Dit is geen PDF en geen scan (PNG, JPEG of TIFF). Kies de ingevulde formulieren als PDF, of de scans ervan.",
    forms_too_many: "Er zijn al te veel formulieren gekozen (samen meer dan {n} bestanden of {mb} MB). Maak de keuze kleiner.",
    forms_unusable: "Geen van de gekozen formulieren kon worden gelezen; er zijn geen rapporten gemaakt. Kies andere formulieren, of haal de gekozen formulieren weg om zonder observaties verder te gaan.",
    forms_read: "Teruggestuurde formulieren (de observaties staan in de rapporten en in het archief):",
    controle_note: "Download de te controleren rijen (controle.pdf) hieronder. Een besluit over die rijen (controle.csv) neemt u mee met `meetlat collect` op de opdrachtregel; hier blijven ze zonder niveau.",
    dl_controle: "Te controleren rijen van de scans (controle.pdf)",
    no_controle: "Er zijn geen rijen van scans te controleren.",
};

static EN: WebWords = WebWords {
    lang: "en",
    title: "meetlat — put a course together",
    tagline: "Choose what the course assesses, see the rubric at once and download every document.",
    privacy: "Everything stays on this computer: nothing is sent, and the student data is gone when you stop meetlat.",
    switch: "Nederlands",
    stop: "Stop",
    stopped: "meetlat has stopped. You can close this window.",
    problems: "What still needs attention",
    no_problems: "No problems: the documents can be made.",
    course: "Course",
    open_course: "Open a course file (YAML)",
    code: "Course code",
    name: "Course name",
    academic_year: "Academic year (e.g. 2026-2027)",
    period: "Period",
    institution: "Institution",
    examiners: "Examiners (one per line)",
    date: "Date on the documents (YYYY-MM-DD)",
    doc_language: "Language of the documents",
    framework: "Framework",
    builtin: "Use the built-in framework",
    open_framework: "Choose another framework (YAML, or the filled workbook of `meetlat framework template`)",
    framework_counts: "{outcomes} learning outcomes, {indicators} behavioural indicators",
    version: "version",
    selection: "What the course assesses",
    filter: "Filter by text or id",
    count: "{n} of {total} indicators",
    core_task: "Core task",
    weighting: "Weights and grading rules",
    weight: "Weight",
    rules: "Scale and grading rules (defaults)",
    pass_level: "Pass level: the level that is sufficient",
    grade_at_cesuur: "Grade at the pass level",
    rounding: "Rounding",
    rounding_choices: ["to one decimal", "to half points (never 5.5)", "to whole points"],
    min_observed: "Minimum share observed per outcome (0–1)",
    knockout: "Every outcome must pass on its own",
    knockout_cap: "Highest grade when an outcome fails",
    pass_grade: "Pass from (rounded grade)",
    scale: "Scale",
    examples: "What the rules mean",
    all_at: "everything {level}",
    one_low: "one outcome {low}, the rest {high}",
    students: "Students",
    open_students: "Choose the student list (CSV: Brightspace, Canvas or a plain list)",
    students_found: "{n} students — {format}",
    no_students: "No student list yet: the rubric can be made, the forms and the scoring sheet not yet.",
    skipped: "{n} row(s) skipped",
    formats: ["plain list", "Brightspace export", "Canvas export"],
    preview: "Preview",
    preview_done: "Preview updated: {n} pages",
    outdated: "Outdated: first solve the problems above",
    working: "Working …",
    page_alt: "{doc}, page {n} of {total}",
    rubric: "Rubric",
    form: "Observation form (blank)",
    downloads: "Download",
    dl_rubric: "Rubric (PDF)",
    dl_forms: "Observation forms (zip)",
    dl_sheet: "Scoring sheet (XLSX)",
    dl_course: "Course file (YAML)",
    dl_framework: "Framework file (YAML)",
    dl_course_note: "The course file is your save file: open it here later, or use it with `meetlat build`; that gives the same documents.",
    dl_invalid: "First solve the problems; then the documents can be made.",
    at_general: "General",
    loaded: "Read: {name}",
    refused: "Not read: {name}",
    no_session: "Open meetlat from the command window: use the address `meetlat serve` shows there.",
    fix_outcomes: "Choose at least one behavioural indicator.",
    fix_empty: "Fill in this field.",
    fix_year: "Write the academic year as two consecutive years, e.g. 2026-2027.",
    fix_date: "Write the date as YYYY-MM-DD, e.g. 2027-01-29.",
    fix_examiners: "Name at least one examiner: the names are printed on the rubric, the reports and in the archive.",
    fix_number: "Enter a number, e.g. 1 or 1.5.",
    fix_weight: "A weight is 0 or more; 0 leaves the outcome out of the grade.",
    fix_code: "The course code goes into the file names: use letters, digits, - and _ (no / \\ : * ? \" < > |).",
    fix_grade: "Enter a grade from 1 to 10, e.g. 5.5 or 6.",
    fix_share: "Enter a share from 0 to 1, e.g. 0.5 (half of the indicators).",
    fix_cap: "This highest grade after a knock-out is a pass: a student who misses an outcome would get a passing grade with the result fail. Choose a grade below the pass grade, usually 5.",
    later: "Later in the term: reports and archive",
    later_note: "If you have them, first choose the returned observation forms, then the filled scoring sheet of this course; meetlat makes the final reports, the overview and the archive, which `meetlat verify` checks.",
    open_scores: "Choose the filled scoring sheet (XLSX)",
    reports_made: "{n} reports and the archive made.",
    dl_reports: "Reports and archive (zip)",
    no_reports: "First choose the filled scoring sheet.",
    reports_outdated: "The course changed after the reports were made: choose the filled scoring sheet again to make them again.",
    scores_too_large: "The scoring sheet is larger than 20 MB.",
    scores_not_xlsx: "This is not an Excel workbook (.xlsx). Choose the scoring sheet meetlat made, filled in and saved as .xlsx.",
    open_forms: "Choose the returned observation forms (PDF or scan: PNG, JPEG, TIFF; one or more, before the sheet)",
    clear_forms: "Remove the chosen forms",
    forms_chosen: "{n} form(s) chosen. They are read as soon as you choose the filled scoring sheet.",
    forms_cleared: "No forms chosen: the reports are made without the supervisors' observations.",
    form_too_large: "The file is larger than 64 MB.",
    form_not_form: "This is not a PDF and not a scan (PNG, JPEG or TIFF). Choose the filled forms as PDF, or their scans.",
    forms_too_many: "Too many forms are chosen already (more than {n} files or {mb} MB together). Choose fewer.",
    forms_unusable: "None of the chosen forms could be read; no reports were made. Choose other forms, or remove the chosen forms to go on without observations.",
    forms_read: "Returned forms (the observations are in the reports and in the archive):",
    controle_note: "Download the rows to check (controle.pdf) below. Decisions on those rows (controle.csv) are taken in with `meetlat collect` on the command line; here they stay without a level.",
    dl_controle: "Rows of the scans to check (controle.pdf)",
    no_controle: "There are no rows of scans to check.",
};
