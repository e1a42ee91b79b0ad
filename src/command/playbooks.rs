//! `sitepack playbooks [ID]`: list the playbooks, or describe one.

use std::fmt::Write as _;

use serde_json::json;

use crate::plan;
use crate::playbook::{self, Emit, Playbook};
use crate::{Error, ExportOptions, Format, Output, PlaybooksOptions};

/// `sitepack playbooks export DIR`: the built-in playbooks as files, to read or to start a
/// company layer from. Refuses a DIR that exists and is not empty.
pub fn export(options: &ExportOptions) -> Result<Output, Error> {
    let dir = &options.dir;
    let io = |path: &std::path::Path, source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty: `playbooks export` writes only into a new or empty directory",
                dir.display()
            )));
        }
    }
    let files = playbook::Source::BuiltIn.all_files()?;
    for f in &files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, &f.text).map_err(|e| io(&path, e))?;
    }
    Ok(Output {
        notes: vec![format!(
            "wrote {} built-in playbook files to {}; read them with --playbooks {}",
            files.len(),
            dir.display(),
            dir.display()
        )],
        ..Output::default()
    })
}

/// Lists every playbook (loading each, so a broken one is reported), or describes `id`.
pub fn run(options: &PlaybooksOptions) -> Result<Output, Error> {
    let source = options.playbooks.source()?;
    let ids = match &options.id {
        Some(id) => vec![id.clone()],
        None => source.use_cases()?,
    };
    let playbooks = ids
        .iter()
        .map(|id| plan::load_playbook(&source, id))
        .collect::<Result<Vec<_>, _>>()?;
    let stdout = match (options.format, &options.id) {
        (Format::Json, None) => json_list(&playbooks),
        (Format::Json, Some(_)) => json_one(&playbooks[0]),
        (Format::Text, None) => text_list(&playbooks),
        (Format::Text, Some(_)) => text_one(&playbooks[0]),
    };
    Ok(Output {
        stdout,
        ..Output::default()
    })
}

fn emit_name(emit: &Emit) -> &'static str {
    match emit {
        Emit::Checklist { .. } => "checklist",
        Emit::Control => "control",
        Emit::Gap { .. } => "gap",
    }
}

fn text_list(playbooks: &[Playbook]) -> String {
    let mut out = String::new();
    for p in playbooks {
        let _ = writeln!(
            out,
            "{:<24} {:<8} {} ({} rules)",
            p.id,
            p.version,
            p.title,
            p.rules.len()
        );
    }
    out
}

fn text_one(p: &Playbook) -> String {
    let mut out = format!(
        "{} {}\n{}\n\n{}\n\nversion {}\ndigest  {}\n\nrules:\n",
        p.id, p.version, p.title, p.summary, p.version, p.digest
    );
    for r in &p.rules {
        let _ = writeln!(
            out,
            "  {:<44} {:<9} {}:{}",
            r.id,
            emit_name(&r.emit),
            r.origin.file,
            r.origin.line
        );
    }
    let _ = writeln!(
        out,
        "\nphases: {}",
        p.phases
            .iter()
            .map(|x| x.id.as_str())
            .collect::<Vec<_>>()
            .join(" -> ")
    );
    let _ = writeln!(out, "raci activities: {}", p.raci.len());
    if !p.layers.is_empty() {
        let _ = writeln!(out, "stack: {}", p.stack());
    }
    for (name, param) in &p.params {
        let set = match (&param.set_by, &param.set_at) {
            (Some(l), Some(at)) => format!(", set by {l} at {}:{}", at.file, at.line),
            (Some(l), None) => format!(", set by {l}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "param {name} = {} (default {}{set})",
            param.value.display(),
            param.default.display()
        );
    }
    for d in &p.disabled {
        let _ = writeln!(out, "disabled {} by {}: {}", d.rule, d.layer, d.reason);
    }
    out
}

fn summary(p: &Playbook) -> serde_json::Value {
    json!({"id": p.id, "title": p.title, "version": p.version, "stack": p.stack(), "digest": p.digest, "summary": p.summary, "rules": p.rules.len()})
}

fn json_list(playbooks: &[Playbook]) -> String {
    let list: Vec<_> = playbooks.iter().map(summary).collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&json!({ "playbooks": list })).unwrap_or_default()
    )
}

fn json_one(p: &Playbook) -> String {
    let doc = super::playbooks_json::document(p);
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}
