//! The command line: clap definitions only (binary-side).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// meetlat: rubrics, observation forms, scoring sheets and assessment reports from a
/// learning-outcomes framework and a course file.
#[derive(Debug, Parser)]
#[command(name = "meetlat", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every document of a course into the output folder.
    Build(BuildCommand),
    /// Build the course rubric (PDF).
    Rubric(BuildCommand),
    /// Build the scoring sheet (XLSX) with a row per student.
    Sheet(SheetCommand),
    /// Build an observation form per student for the internship supervisors (PDF).
    Forms(FormsCommand),
    /// Final reports, cohort overview, grades.csv and archive from a filled scoring sheet.
    Report(ReportCommand),
    /// Read filled-in observation forms back: observations.csv and observations.json.
    Collect(CollectCommand),
    /// Check an archive folder against its manifest: hashes, PDF/A, missing or extra files.
    Verify(VerifyCommand),
    /// Check a course file, its framework and its students, and print a summary.
    Check(CheckCommand),
    /// Show, check or export a framework.
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Print the JSON Schema of a course or framework file (for editors).
    Schema(SchemaCommand),
    /// Open a page in the browser to put a course together (local only, on 127.0.0.1).
    Serve(ServeCommand),
}

/// `meetlat serve`.
#[derive(Debug, Args)]
pub struct ServeCommand {
    /// A course file (YAML) to open on the page, e.g. `examples/stage.yaml`.
    pub course: Option<PathBuf>,
    /// A framework file to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
    /// The port on 127.0.0.1 (default: a free one).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Only print the page's address; do not open the browser.
    #[arg(long)]
    pub no_open: bool,
}

/// `meetlat check`.
#[derive(Debug, Args)]
pub struct CheckCommand {
    /// The input files.
    #[command(flatten)]
    pub input: InputArgs,
}

/// `meetlat build` and the single-document commands.
#[derive(Debug, Args)]
pub struct BuildCommand {
    /// The input files.
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder the documents are written to.
    #[arg(long, short, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// A folder with templates that replace the built-in ones, file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `meetlat sheet`.
#[derive(Debug, Args)]
pub struct SheetCommand {
    /// Input, output and templates.
    #[command(flatten)]
    pub build: BuildCommand,
    /// Add a read-only sheet with what the supervisors ticked: the observations.json
    /// that `meetlat collect` wrote, or its folder.
    #[arg(long, value_name = "DIR_OR_JSON")]
    pub observations: Option<PathBuf>,
    /// Start the levels on `Scores` at the supervisors' levels (with --observations);
    /// a level changed from the supervisor's is marked.
    #[arg(long, requires = "observations")]
    pub prefill: bool,
}

/// `meetlat forms`.
#[derive(Debug, Args)]
pub struct FormsCommand {
    /// Input, output and templates.
    #[command(flatten)]
    pub build: BuildCommand,
    /// One form without a student, to fill in by hand.
    #[arg(long)]
    pub blank: bool,
    /// Also one PDF with all forms in order, for printing in one go (not with --blank).
    #[arg(long)]
    pub combined: bool,
    /// The moment of the observation.
    #[arg(long, value_enum, default_value = "eind")]
    pub moment: MomentArg,
    /// Write each form's JSON data beside its PDF (for template designers).
    #[arg(long)]
    pub emit_data: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `meetlat report`.
#[derive(Debug, Args)]
pub struct ReportCommand {
    /// Input, output and templates.
    #[command(flatten)]
    pub build: BuildCommand,
    /// The filled scoring sheet (XLSX) made by `meetlat sheet`.
    #[arg(long, value_name = "XLSX")]
    pub scores: PathBuf,
    /// Report the fully assessed students and list the rest, instead of failing.
    #[arg(long)]
    pub partial: bool,
    /// No progress line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Show the supervisors' observations in the reports and keep them, with the
    /// returned forms, in the archive: the observations.json that `meetlat collect`
    /// wrote, or its folder.
    #[arg(long, value_name = "DIR_OR_JSON")]
    pub observations: Option<PathBuf>,
    /// Sign the archive's manifest with the certificate and key in this PKCS#12 file
    /// (.p12/.pfx); the password from MEETLAT_SIGN_PASSWORD, else asked for.
    #[arg(long, value_name = "KEY.p12")]
    pub sign: Option<PathBuf>,
}

/// `meetlat collect`.
#[derive(Debug, Args)]
pub struct CollectCommand {
    /// The course file and its framework and students.
    #[command(flatten)]
    pub input: InputArgs,
    /// The filled-in forms (PDF), scans of paper forms (PDF, PNG, JPEG, TIFF), or folders
    /// with them (not their subfolders).
    #[arg(required = true, value_name = "FILE_OR_FOLDER")]
    pub forms: Vec<PathBuf>,
    /// The folder observations.csv and observations.json are written to.
    #[arg(long, short, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// A student's form returned twice with different content: use the newest file
    /// (modification time) instead of neither.
    #[arg(long)]
    pub prefer_newest: bool,
    /// The templates folder the forms were made with (`forms --templates`), for reading
    /// scanned paper forms.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `meetlat verify`.
#[derive(Debug, Args)]
pub struct VerifyCommand {
    /// The archive folder, e.g. `output/archive/SW3-STAGE-OW-2026-2027`.
    pub dir: PathBuf,
}

/// The moments of observation.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MomentArg {
    /// Midway.
    Tussentijds,
    /// At the end.
    Eind,
}

/// The input files shared by commands that read a course.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The course file (YAML), e.g. `examples/stage.yaml`.
    pub course: PathBuf,
    /// A framework file to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
    /// A student list (CSV: plain, Brightspace or Canvas) instead of the course file's.
    #[arg(long, value_name = "CSV")]
    pub students: Option<PathBuf>,
}

/// `meetlat framework …`.
#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// Print the framework as readable text, or as JSON.
    Show(FrameworkShowCommand),
    /// Check a framework file on its own and print its summary.
    Check(FrameworkCheckCommand),
    /// Write the outcomes and indicators as a CSV file that Canvas or Moodle imports.
    Export(FrameworkExportCommand),
    /// Write an empty spreadsheet in which to write a framework (see `framework import`).
    Template(FrameworkTemplateCommand),
    /// Make a framework file from a filled-in spreadsheet (.xlsx) or CSV file.
    Import(FrameworkImportCommand),
}

/// `meetlat framework template`.
#[derive(Debug, Args)]
pub struct FrameworkTemplateCommand {
    /// The workbook to write (.xlsx).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
}

/// `meetlat framework import`.
#[derive(Debug, Args)]
pub struct FrameworkImportCommand {
    /// The filled-in workbook (.xlsx, from `framework template`) or a CSV file.
    pub file: PathBuf,
    /// The framework file to write (YAML).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
}

/// `meetlat framework check`.
#[derive(Debug, Args)]
pub struct FrameworkCheckCommand {
    /// The framework file (YAML).
    pub file: PathBuf,
}

/// `meetlat framework export`.
#[derive(Debug, Args)]
pub struct FrameworkExportCommand {
    /// Which learning management system's import format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// A framework file to export instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
    /// The file to write (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The import formats of `framework export`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// Canvas outcomes import CSV.
    Canvas,
    /// Moodle competency framework import CSV (tool_lpimportcsv).
    Moodle,
}

/// `meetlat framework show`.
#[derive(Debug, Args)]
pub struct FrameworkShowCommand {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// A framework file to show instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
}

/// `meetlat schema`.
#[derive(Debug, Args)]
pub struct SchemaCommand {
    /// Which file's schema.
    pub kind: SchemaKind,
}

/// The files that have a schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// A course file.
    Course,
    /// A framework file.
    Framework,
}
