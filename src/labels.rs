//! The words on the documents, in Dutch (default) and English. Framework text is never
//! translated; only our own labels are.

use serde::Serialize;

use crate::model::Language;

/// Labels used by the templates.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// "Rubric".
    pub rubric: &'static str,
    /// "Beoordelingsrubric" (document kind in the title).
    pub rubric_title: &'static str,
    /// "Cursus".
    pub course: &'static str,
    /// "Studiejaar".
    pub academic_year: &'static str,
    /// "Periode".
    pub period: &'static str,
    /// "Instelling".
    pub institution: &'static str,
    /// "Examinatoren".
    pub examiners: &'static str,
    /// "Datum".
    pub date: &'static str,
    /// "Kader".
    pub framework: &'static str,
    /// "Versie".
    pub version: &'static str,
    /// "Beoordelingsschaal".
    pub scale: &'static str,
    /// "Niveau".
    pub level: &'static str,
    /// "Punten".
    pub points: &'static str,
    /// "Omschrijving".
    pub descriptor: &'static str,
    /// "Leeruitkomst".
    pub outcome: &'static str,
    /// "Leeruitkomsten in deze beoordeling".
    pub outcomes_overview: &'static str,
    /// "Kerntaak".
    pub core_task: &'static str,
    /// "Bekwaamheden".
    pub competencies: &'static str,
    /// "Gedragsindicator".
    pub indicator: &'static str,
    /// "Indicatoren".
    pub indicators: &'static str,
    /// "Weging".
    pub weight: &'static str,
    /// "pagina {x} van {y}".
    pub page_of: &'static str,
    /// "Vingerafdruk".
    pub fingerprint: &'static str,
    /// "Zo wordt de beoordeling berekend".
    pub scoring_title: &'static str,
    /// "Als elke indicator … is".
    pub uniform_example: &'static str,
    /// "Cijfer".
    pub grade: &'static str,
    /// "punt" (one point).
    pub point: &'static str,
    /// "punten" (several points).
    pub points_unit: &'static str,
    /// "(vervolg)" after a heading on a continuation page.
    pub continued: &'static str,
    /// "niet geobserveerd".
    pub not_observed: &'static str,
    /// "Observatieformulier".
    pub observation_form: &'static str,
    /// "de student": a student placeholder on a blank form (the form's own text, not a
    /// template label).
    #[serde(skip)]
    pub blank_student: &'static str,
    /// "Student".
    pub student: &'static str,
    /// "Studentnummer".
    pub student_number: &'static str,
    /// "Werkplekbegeleider".
    pub supervisor: &'static str,
    /// "Organisatie".
    pub organisation: &'static str,
    /// "Moment".
    pub moment: &'static str,
    /// "Toelichting voor de werkplekbegeleider".
    pub instructions: &'static str,
    /// "Voorbeelden van wat u zag".
    pub examples: &'static str,
    /// "Algemene opmerkingen".
    pub remarks: &'static str,
    /// "Advies aan de examinator".
    pub advice: &'static str,
    /// "geen advies".
    pub no_advice: &'static str,
    /// "voldoende".
    pub pass: &'static str,
    /// "onvoldoende".
    pub fail: &'static str,
    /// "Naam".
    pub name: &'static str,
    /// "Handtekening".
    pub signature: &'static str,
    /// "Gezien door de student".
    pub seen_by_student: &'static str,
    /// "Formulier".
    pub form: &'static str,
    /// Column header for not observed: "Niet geobserveerd".
    pub ng_column: &'static str,
    /// "Betekenis van de niveaus".
    pub level_meaning: &'static str,
    /// What "niet geobserveerd" means, for the supervisor.
    pub ng_meaning: &'static str,
    /// Above an indicator's own level descriptions on the form.
    pub own_descriptors: &'static str,
}

/// The labels for a language.
pub fn labels(language: Language) -> Labels {
    match language {
        Language::Nl => Labels {
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
        },
        Language::En => Labels {
            rubric: "Rubric",
            rubric_title: "Assessment rubric",
            course: "Course",
            academic_year: "Academic year",
            period: "Period",
            institution: "Institution",
            examiners: "Examiners",
            date: "Date",
            framework: "Framework",
            version: "version",
            scale: "Rating scale",
            level: "Level",
            points: "Points",
            descriptor: "Description",
            outcome: "Learning outcome",
            outcomes_overview: "Learning outcomes in this assessment",
            core_task: "Core task",
            competencies: "Competencies",
            indicator: "Behavioural indicator",
            indicators: "Indicators",
            weight: "Weight",
            page_of: "page {x} of {y}",
            fingerprint: "Fingerprint",
            scoring_title: "How the assessment is calculated",
            uniform_example: "If every indicator is at this level",
            grade: "Grade",
            point: "point",
            points_unit: "points",
            continued: "(continued)",
            not_observed: "not observed (niet geobserveerd)",
            observation_form: "Observation form",
            blank_student: "the student",
            student: "Student",
            student_number: "Student number",
            supervisor: "Workplace supervisor",
            organisation: "Organisation",
            moment: "Moment",
            instructions: "Notes for the workplace supervisor",
            examples: "Examples of what you saw",
            remarks: "General remarks",
            advice: "Advice to the examiner",
            no_advice: "no advice",
            pass: "pass",
            fail: "fail",
            name: "Name",
            signature: "Signature",
            seen_by_student: "Seen by the student",
            form: "Form",
            ng_column: "Not observed",
            level_meaning: "What the levels mean",
            ng_meaning: "You could not observe this behaviour; it then does not count in the assessment.",
            own_descriptors: "Levels with a description of their own (as in the rubric); it replaces the general meaning",
        },
    }
}

/// The words of the final reports and the cohort overview.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLabels {
    /// "Beoordelingsrapport".
    pub report_title: &'static str,
    /// "Cohortoverzicht".
    pub overview_title: &'static str,
    /// "Eindbeoordeling" (the heading of the result block).
    pub final_assessment: &'static str,
    /// "Gekozen niveau".
    pub chosen_level: &'static str,
    /// "Score".
    pub score: &'static str,
    /// "Eindscore".
    pub final_score: &'static str,
    /// "Cesuur".
    pub cesuur: &'static str,
    /// "Resultaat".
    pub result: &'static str,
    /// "Grond" (the rule that decided).
    pub decided_by: &'static str,
    /// "Toelichting van de examinatoren".
    pub reasoning: &'static str,
    /// "voorlopig" (an overview that leaves students out).
    pub provisional: &'static str,
    /// "Beoordeeld".
    pub assessed: &'static str,
    /// "Grond" column of the overview.
    pub reason: &'static str,
    /// Legend of the histogram: pass.
    pub legend_pass: &'static str,
    /// Legend of the histogram: fail.
    pub legend_fail: &'static str,
    /// "Geobserveerd".
    pub observed: &'static str,
    /// "Geldende regels".
    pub rules: &'static str,
    /// "Ondertekening".
    pub signatures: &'static str,
    /// "Examinator".
    pub examiner: &'static str,
    /// "Studenten".
    pub students: &'static str,
    /// "Verdeling van de cijfers".
    pub histogram: &'static str,
    /// "Cesuur gehaald per leeruitkomst".
    pub outcome_shares: &'static str,
    /// "Geslaagd".
    pub passed: &'static str,
    /// "Gemiddeld cijfer".
    pub mean_grade: &'static str,
    /// "Zonder cijfer".
    pub without_grade: &'static str,
    /// "Ontbreekt in dit overzicht".
    pub not_reported: &'static str,
    /// "Onafgerond cijfer".
    pub unrounded: &'static str,
    /// What the histogram's axes show.
    pub histogram_axes: &'static str,
}

/// The report labels for a language.
pub fn report_labels(language: Language) -> ReportLabels {
    match language {
        Language::Nl => ReportLabels {
            report_title: "Beoordelingsrapport",
            overview_title: "Cohortoverzicht",
            final_assessment: "Eindbeoordeling",
            chosen_level: "Gekozen niveau",
            score: "Score",
            final_score: "Eindscore",
            cesuur: "Cesuur",
            result: "Resultaat",
            decided_by: "Grond",
            reasoning: "Toelichting van de examinatoren",
            provisional: "voorlopig: niet alle studenten zijn volledig beoordeeld",
            assessed: "Beoordeeld",
            reason: "Grond",
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
        },
        Language::En => ReportLabels {
            report_title: "Assessment report",
            overview_title: "Cohort overview",
            final_assessment: "Final assessment",
            chosen_level: "Level chosen",
            score: "Score",
            final_score: "Final score",
            cesuur: "Cut score",
            result: "Result",
            decided_by: "Reason",
            reasoning: "Examiners' explanation",
            provisional: "provisional: not every student has been fully assessed",
            assessed: "Assessed",
            reason: "Reason",
            legend_pass: "pass",
            legend_fail: "fail",
            observed: "Observed",
            rules: "Rules that applied",
            signatures: "Signatures",
            examiner: "Examiner",
            students: "Students",
            histogram: "Distribution of grades",
            outcome_shares: "Cut score reached per learning outcome",
            passed: "Passed",
            mean_grade: "Mean grade",
            without_grade: "No grade (insufficient evidence)",
            not_reported: "Not in this overview (assessment not complete)",
            unrounded: "Unrounded grade",
            histogram_axes: "grade (rounded to whole points) · height: number of students",
        },
    }
}
