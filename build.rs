//! Embeds `playbooks/` into the binary: writes a table of `(relative path, include_str!)`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("playbooks");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| {
            println!("cargo:rerun-if-changed={}", e.path().display());
            let rel = e.path().strip_prefix(&root).expect("under root");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, e.path().display().to_string())
        })
        .collect();
    entries.sort();
    let mut out = String::from("/// Built-in playbook files: (path relative to `playbooks/`, text).\npub static BUILT_IN: &[(&str, &str)] = &[\n");
    for (rel, abs) in entries {
        writeln!(out, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("built_in_playbooks.rs");
    std::fs::write(dest, out).unwrap();
}
