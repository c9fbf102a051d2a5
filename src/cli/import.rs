//! `duban import FILE.docx|FILE.txt --out DIR`.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::import::{Options, id_from, import_text, read_departments, source, write_dir};

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The plan document: a Word .docx, or UTF-8 text (.doc, .wps and .pdf: save as .docx first)
    #[arg(value_name = "FILE.docx|FILE.txt")]
    pub file: PathBuf,
    /// Directory to write plan.ron, departments.ron and chapters/ into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Existing departments.ron whose ids, names and aliases to match against
    #[arg(long, value_name = "FILE")]
    pub departments: Option<PathBuf>,
    /// Year for dates written without one ("12月底前"); default: the document's date line
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub year: Option<i32>,
    /// Plan id (ASCII); default: the file name
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Overwrite plan files already in DIR
    #[arg(long)]
    pub force: bool,
}

/// The `duban import` command.
pub fn run(args: &ImportArgs, lang: crate::lang::Lang) -> Result<(), String> {
    let text = source::read(&args.file).map_err(|e| e.localized(lang))?;
    let departments = match &args.departments {
        Some(p) => read_departments(p).map_err(|e| e.localized(lang))?,
        None => Vec::new(),
    };
    let opts = Options {
        departments,
        year: args.year,
        id: args.id.clone().unwrap_or_else(|| id_from(&args.file)),
    };
    let imp = import_text(&text, &opts).map_err(|e| e.localized(lang))?;
    let written = write_dir(&imp, &args.out, args.force).map_err(|e| e.localized(lang))?;
    let check = match crate::plan::load_dir(&args.out) {
        Ok(_) => Ok(format!(
            "{} (duban check --plan {})",
            lang.pick("检查通过", "check: ok"),
            args.out.display()
        )),
        Err(e) => Err(format!(
            "{}\n{e}",
            lang.pick(
                "写出的方案没有通过 duban check：",
                "the written plan does not pass duban check:"
            )
        )),
    };
    // A closed pipe (`duban import … | head`) only cuts the summary short;
    // the files are already written.
    let mut out = std::io::stdout().lock();
    let _ = write!(
        out,
        "{}",
        crate::text::sanitize_multiline(&imp.report.shown(lang).to_string())
    );
    let _ = writeln!(
        out,
        "{}",
        crate::text::sanitize(&match lang {
            crate::lang::Lang::Zh =>
                format!("已写出 {} 个文件到 {}", written.len(), args.out.display()),
            crate::lang::Lang::En =>
                format!("wrote {} files to {}", written.len(), args.out.display()),
        })
    );
    if let Ok(line) = &check {
        let _ = writeln!(out, "{}", crate::text::sanitize(line));
    }
    check?;
    Ok(())
}
