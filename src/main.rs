//! The `meetlat` binary: parse the arguments, call the library, print diagnostics and
//! return an exit code (0 fine, 1 invalid input, 2 anything else).

#![allow(unreachable_pub, reason = "not needed in a bin crate")]

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use meetlat::render::DocKind;
use meetlat::render::form::{FormOptions, Moment};
use meetlat::{BuildOptions, Diagnostic, Error, Inputs};

use cli::{
    BuildCommand, Cli, CollectCommand, Command, ExportFormat, FrameworkCommand,
    FrameworkExportCommand, InputArgs, MomentArg, ReportCommand, SchemaKind,
};

/// Memory in use is counted, so that a runaway template ends with a sentence, not an abort.
#[global_allocator]
static ALLOCATOR: meetlat::limits::MemoryBudget = meetlat::limits::MemoryBudget;

fn main() -> ExitCode {
    meetlat::limits::set_memory_limit();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

impl From<InputArgs> for Inputs {
    fn from(args: InputArgs) -> Self {
        Inputs { course: args.course, framework: args.framework, students: args.students }
    }
}

/// Dispatch a command.
fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(cmd) => build(
            cmd,
            DocKind::ALL,
            FormOptions { progress: true, ..FormOptions::default() },
        ),
        Command::Rubric(cmd) => build(cmd, &[DocKind::Rubric], FormOptions::default()),
        Command::Sheet(cmd) => {
            let sheet =
                SheetInput { observations: cmd.observations, prefill: cmd.prefill };
            build_with(cmd.build, &[DocKind::ScoringSheet], FormOptions::default(), sheet)
        }
        Command::Forms(cmd) => {
            let forms = FormOptions {
                moment: match cmd.moment {
                    MomentArg::Tussentijds => Moment::Tussentijds,
                    MomentArg::Eind => Moment::Eind,
                },
                blank: cmd.blank,
                combined: cmd.combined,
                emit_data: cmd.emit_data,
                progress: !cmd.quiet,
            };
            build(cmd.build, &[DocKind::ObservationForms], forms)
        }
        Command::Report(cmd) => report(cmd),
        Command::Verify(cmd) => verify(&cmd.dir),
        Command::Collect(cmd) => collect(cmd),
        Command::Check(cmd) => {
            let inputs = Inputs::from(cmd.input);
            let checked = meetlat::prepare(&inputs)?;
            print_diagnostics(&checked.warnings);
            out(&meetlat::summary::check_summary(&checked.plan))
        }
        Command::Framework(FrameworkCommand::Show(cmd)) => {
            let (fw, warnings) = meetlat::load_framework(cmd.framework.as_deref())?;
            print_diagnostics(&warnings);
            if cmd.json {
                let json =
                    serde_json::to_string_pretty(&meetlat::summary::framework_json(&fw))
                        .map_err(|e| Error::Internal(e.to_string()))?;
                out(&format!("{json}\n"))
            } else {
                out(&meetlat::summary::framework_text(&fw))
            }
        }
        Command::Framework(FrameworkCommand::Check(cmd)) => {
            let (fw, warnings) = meetlat::load_framework(Some(&cmd.file))?;
            print_diagnostics(&warnings);
            out(&meetlat::summary::framework_text(&fw))
        }
        Command::Framework(FrameworkCommand::Export(cmd)) => export(cmd),
        Command::Framework(FrameworkCommand::Template(cmd)) => {
            let bytes = meetlat::import::template()?;
            write_one(&cmd.output, bytes)
        }
        Command::Framework(FrameworkCommand::Import(cmd)) => {
            WRITES.store(true, std::sync::atomic::Ordering::Relaxed);
            let imported = meetlat::import::import(&cmd.file)?;
            print_diagnostics(&imported.warnings);
            write_one(&cmd.output, imported.yaml.into_bytes())
        }
        Command::Serve(cmd) => meetlat::web::serve(&meetlat::web::ServeOptions {
            course: cmd.course,
            framework: cmd.framework,
            port: cmd.port,
            open: !cmd.no_open,
        }),
        Command::Schema(cmd) => {
            let schema = match cmd.kind {
                SchemaKind::Course => meetlat::schema::course_schema(),
                SchemaKind::Framework => meetlat::schema::framework_schema(),
            };
            let json = serde_json::to_string_pretty(&schema)
                .map_err(|e| Error::Internal(e.to_string()))?;
            out(&format!("{json}\n"))
        }
    }
}

/// Whether the running command writes files (for the closing line of an error report).
static WRITES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Build documents and list the files written.
fn build(cmd: BuildCommand, kinds: &[DocKind], forms: FormOptions) -> Result<(), Error> {
    build_with(cmd, kinds, forms, SheetInput::default())
}

/// What `meetlat sheet` adds: the supervisors' observations.
#[derive(Default)]
struct SheetInput {
    observations: Option<std::path::PathBuf>,
    prefill: bool,
}

/// [`build`] with the scoring sheet's observations.
fn build_with(
    cmd: BuildCommand,
    kinds: &[DocKind],
    forms: FormOptions,
    sheet: SheetInput,
) -> Result<(), Error> {
    WRITES.store(true, std::sync::atomic::Ordering::Relaxed);
    let inputs = Inputs::from(cmd.input);
    let options = BuildOptions {
        kinds: kinds.to_vec(),
        output: cmd.output,
        templates: cmd.templates,
        forms,
        observations: sheet.observations,
        prefill: sheet.prefill,
    };
    let built = meetlat::build(&inputs, &options)?;
    print_diagnostics(&built.warnings);
    let list: String =
        built.written.iter().map(|p| format!("{}\n", p.display())).collect();
    out(&list)
}

/// The framework as an LMS import file, on standard output or in a file.
fn export(cmd: FrameworkExportCommand) -> Result<(), Error> {
    let (fw, warnings) = meetlat::load_framework(cmd.framework.as_deref())?;
    print_diagnostics(&warnings);
    let format = match cmd.format {
        ExportFormat::Canvas => meetlat::exchange::Format::Canvas,
        ExportFormat::Moodle => meetlat::exchange::Format::Moodle,
    };
    // The framework's own scale and pass level, else the documents' defaults (the pass
    // level derived as for a course: `voldoende` where the scale has it, else the middle).
    let scale = fw.scale.clone().unwrap_or_else(meetlat::model::course::default_scale);
    let named = fw
        .pass_level
        .clone()
        .unwrap_or_else(|| meetlat::model::course::Grading::default().pass_level);
    let pass = scale[meetlat::resolve::pass_index(&scale, &named)].id.clone();
    let bytes = meetlat::exchange::export(&fw, &scale, &pass, format)?;
    let Some(path) = cmd.output else {
        return match std::io::stdout().lock().write_all(&bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Error::Internal(format!("failed to write to standard output ({e})")))
            }
            _ => Ok(()),
        };
    };
    write_one(&path, bytes)
}

/// Write one file (temporary name, then renamed) and print its path.
fn write_one(path: &std::path::Path, bytes: Vec<u8>) -> Result<(), Error> {
    WRITES.store(true, std::sync::atomic::Ordering::Relaxed);
    let dir = path.parent().unwrap_or(std::path::Path::new(""));
    let name = path.file_name().ok_or_else(|| {
        Error::Internal(format!("`{}` is not a file name", path.display()))
    })?;
    meetlat::output::write_artifacts(
        dir,
        &[meetlat::output::Artifact::new(name, bytes)],
    )?;
    out(&format!("{}\n", path.display()))
}

/// Final reports and the archive.
fn report(cmd: ReportCommand) -> Result<(), Error> {
    WRITES.store(true, std::sync::atomic::Ordering::Relaxed);
    // The key first: a wrong password stops the run before anything is rendered.
    let sign = cmd.sign.as_deref().map(signing_key).transpose()?;
    let inputs = Inputs::from(cmd.build.input);
    let options = meetlat::ReportOptions {
        scores: cmd.scores,
        output: cmd.build.output,
        templates: cmd.build.templates,
        partial: cmd.partial,
        progress: !cmd.quiet,
        sign,
        observations: cmd.observations,
    };
    let reported = meetlat::report(&inputs, &options)?;
    print_diagnostics(&reported.warnings);
    // One line for all reports, then the other files.
    let reports = reported.archive.join("reports");
    let (per_student, others): (Vec<_>, Vec<_>) =
        reported.written.iter().partition(|p| p.starts_with(&reports));
    let mut text = format!(
        "{} ({} report(s), one per student)\n",
        reports.display(),
        per_student.len()
    );
    text.extend(others.iter().map(|p| format!("{}\n", p.display())));
    if !reported.skipped.is_empty() {
        text.push_str(&format!(
            "\nno report for {} student(s):\n",
            reported.skipped.len()
        ));
        for s in &reported.skipped {
            text.push_str(&format!("  {}: {}\n", s.number, s.reason));
        }
    }
    text.push_str(&format!("\narchive: {}\n", reported.archive.display()));
    if let Some(signer) = &reported.signer {
        text.push_str(&format!(
            "{}\n",
            meetlat::words::signer_line(&meetlat::words::SEAL, signer)
        ));
    }
    text.push_str(&format!(
        "check it any time with: meetlat verify {}\n",
        reported.archive.display()
    ));
    out(&text)
}

/// The key of `report --sign`. The password comes from MEETLAT_SIGN_PASSWORD, else it is
/// asked for on the terminal without echo; never from an argument, which the process
/// list and the shell's history would show.
fn signing_key(path: &std::path::Path) -> Result<meetlat::seal::SigningKey, Error> {
    use std::io::IsTerminal;
    let var = meetlat::seal::PASSWORD_VAR;
    let refuse = |message: String, hint: String| {
        Error::Invalid(vec![Diagnostic::error(message).in_file(path).hint(hint)])
    };
    let password = match std::env::var(var) {
        Ok(password) => password,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(refuse(
                format!("the environment variable {var} is not valid text (UTF-8)"),
                format!("set {var} to the password of the signing key file"),
            ));
        }
        Err(std::env::VarError::NotPresent) if std::io::stdin().is_terminal() => {
            let prompt = meetlat::words::SEAL
                .prompt
                .replace("{file}", &path.display().to_string());
            rpassword::prompt_password(prompt).map_err(|e| {
                refuse(
                    format!("cannot read the password of the signing key ({e})"),
                    format!("set the environment variable {var} instead"),
                )
            })?
        }
        Err(std::env::VarError::NotPresent) => {
            return Err(refuse(
                format!(
                    "no password for the signing key: {var} is not set and there is no terminal to ask for it"
                ),
                format!(
                    "set the environment variable {var} to the key file's password, or run meetlat in a terminal to type it"
                ),
            ));
        }
    };
    meetlat::seal::SigningKey::load(path, &password, meetlat::clock::now_unix())
}

/// Read filled forms back; exit 1 when a file could not be used (after writing the
/// observations of the others).
fn collect(cmd: CollectCommand) -> Result<(), Error> {
    WRITES.store(true, std::sync::atomic::Ordering::Relaxed);
    let inputs = Inputs::from(cmd.input);
    let options = meetlat::CollectOptions {
        paths: cmd.forms,
        output: cmd.output,
        prefer_newest: cmd.prefer_newest,
        templates: cmd.templates,
    };
    let collected = meetlat::collect(&inputs, &options)?;
    print_diagnostics(&collected.warnings);
    out(&collected.summary)?;
    let unused = collected.unused();
    match (unused, collected.written.is_empty()) {
        (0, _) => Ok(()),
        (n, false) => Err(Error::Mismatch(format!(
            "{n} file(s) could not be used (listed above); the observations of the other \
             forms were written"
        ))),
        (n, true) => Err(Error::Mismatch(format!(
            "{n} file(s) could not be used (listed above); nothing was written"
        ))),
    }
}

/// Check an archive; exit 1 when anything does not match.
fn verify(dir: &std::path::Path) -> Result<(), Error> {
    let verified = meetlat::verify(dir)?;
    let m = &verified.manifest;
    let mut text = format!(
        "archive {} ({} {}, framework {} {}, fingerprint {}, made by meetlat {})\n",
        dir.display(),
        m.course,
        m.academic_year,
        m.framework_id,
        m.framework_version,
        m.fingerprint,
        m.meetlat_version
    );
    for f in &verified.findings {
        text.push_str(&format!("{f}\n"));
    }
    let seal = &meetlat::words::SEAL;
    match &verified.signer {
        Some(signer) => {
            text.push_str(&format!("{}\n", meetlat::words::signer_line(seal, signer)))
        }
        // A signature that does not hold is one of the findings.
        None if verified
            .findings
            .iter()
            .any(|f| f.path() == meetlat::seal::SIGNATURE) => {}
        None => text.push_str(&format!("{}: {}\n", seal.label, seal.not_signed)),
    }
    // When the grades were not computed again, why is one of the findings.
    if verified.recomputed == Some(true) {
        let differs = verified.findings.iter().any(|f| f.path() == "grades.csv");
        text.push_str(if differs {
            "grades.csv computed again from the archived inputs: they differ (see above)\n"
        } else {
            "grades.csv computed again from the archived inputs: the same\n"
        });
    }
    if verified.findings.is_empty() {
        text.push_str(&format!("ok: all {} files match the manifest\n", verified.ok));
        out(&text)
    } else {
        let _ = out(&text);
        Err(Error::Mismatch(format!(
            "{} of {} listed files match; {} problem(s) found",
            verified.ok,
            m.files.len(),
            verified.findings.len()
        )))
    }
}

/// Write to stdout; a closed pipe (`meetlat … | head`) is not an error.
fn out(text: &str) -> Result<(), Error> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Internal(format!("failed to write to standard output ({e})")))
        }
        _ => Ok(()),
    }
}

/// Print diagnostics to stderr, a blank line between them.
fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// Print a failed run.
fn print_error(e: &Error) {
    match e {
        Error::Invalid(diags) => {
            print_diagnostics(diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            let mut line = format!("error: {errors} problem(s) found");
            if warnings > 0 {
                line.push_str(&format!(", and {warnings} warning(s)"));
            }
            if WRITES.load(std::sync::atomic::Ordering::Relaxed) {
                line.push_str("; nothing was written");
            }
            let _ = writeln!(std::io::stderr(), "{line}");
        }
        other => {
            let _ = writeln!(std::io::stderr(), "error: {other}");
        }
    }
}
