//! The layering of the crate, enforced: which module may name which (test-only).
//!
//! Each row of [`RULES`] names a part of `src/` and the paths its non-test code
//! must not mention (`crate::command`, `git2::`...), so the codemap in
//! ARCHITECTURE.md cannot drift again: `plan` is the only place where a playbook
//! meets a site, `playbook` knows nothing of plans or facts, the renderer does not
//! depend on the command layer, and only `git.rs` and `git/` use `git2`. Test code
//! (a `#[cfg(test)]` module, inline or in its own file) may cross the layers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One layering rule: the files under `within` (outside `except`) never mention
/// `forbidden`, unless the mention starts with one of `allowed`.
struct Rule {
    within: &'static [&'static str],
    except: &'static [&'static str],
    forbidden: &'static [&'static str],
    allowed: &'static [&'static str],
}

const NO_IO: &[&str] = &["std::fs", "std::env", "Date::today", "git2::", "use git2"];

const RULES: &[Rule] = &[
    // The playbook compiles; it never meets a site or a plan.
    Rule {
        within: &["src/playbook"],
        except: &[],
        forbidden: &[
            "crate::plan",
            "crate::facts",
            "crate::command",
            "crate::render",
            "crate::package",
            "crate::progress",
            "crate::lock",
        ],
        allowed: &["crate::render::escape"],
    },
    // Facts know the profile, nothing of playbooks or plans.
    Rule {
        within: &["src/facts"],
        except: &[],
        forbidden: &[
            "crate::playbook",
            "crate::plan",
            "crate::command",
            "crate::render",
        ],
        allowed: &[],
    },
    // The shared value types sit below everything.
    Rule {
        within: &["src/values.rs", "src/vocab.rs"],
        except: &[],
        forbidden: &["crate::"],
        allowed: &[],
    },
    // Plan, gate and drift: pure, below the commands and the renderer.
    Rule {
        within: &["src/plan", "src/gate.rs", "src/gate", "src/drift.rs"],
        except: &[],
        forbidden: &[
            "crate::command",
            "crate::render",
            "crate::package",
            "crate::git",
        ],
        allowed: &[],
    },
    Rule {
        within: &[
            "src/plan",
            "src/render",
            "src/facts",
            "src/gate.rs",
            "src/drift.rs",
        ],
        except: &[],
        forbidden: NO_IO,
        allowed: &[],
    },
    // The renderer sees the plan and progress, never the command layer or a playbook.
    Rule {
        within: &["src/render"],
        except: &[],
        forbidden: &[
            "crate::command",
            "crate::playbook",
            "crate::package",
            "crate::git",
        ],
        allowed: &[],
    },
    // Only git.rs and git/ use libgit2.
    Rule {
        within: &["src"],
        except: &["src/git.rs", "src/git", "src/layering.rs"],
        forbidden: &["git2::", "use git2"],
        allowed: &[],
    },
    // Nothing below the commands depends on them: only lib.rs dispatches to them.
    Rule {
        within: &["src"],
        except: &[
            "src/command",
            "src/lib.rs",
            "src/main.rs",
            "src/layering.rs",
        ],
        forbidden: &["crate::command", "command::"],
        allowed: &[],
    },
    // Playbooks are loaded through plan::load_playbook, which probes one from a directory
    // or repository; playbook::load alone does not.
    Rule {
        within: &["src"],
        except: &["src/plan", "src/playbook", "src/layering.rs"],
        forbidden: &["playbook::load("],
        allowed: &[],
    },
    // Only playbook/expr.rs (and its limits) use CEL.
    Rule {
        within: &["src"],
        except: &[
            "src/playbook/expr.rs",
            "src/playbook/expr",
            "src/layering.rs",
        ],
        forbidden: &["use cel", " cel::", "(cel::"],
        allowed: &[],
    },
    // The program view is pure; only its orchestration (`portfolio/run.rs`) reads and writes,
    // and `portfolio/discover.rs` walks a directory PATH for packages.
    Rule {
        within: &["src/portfolio"],
        except: &["src/portfolio/run.rs", "src/portfolio/discover.rs"],
        forbidden: NO_IO,
        allowed: &[],
    },
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files that are `#[cfg(test)]` modules: `mod x;` (or `#[path = "x.rs"]`) after
/// `#[cfg(test)]`, resolved as rustc does.
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("source");
        let dir = file.parent().expect("parent");
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let module_dir = if matches!(stem, "mod" | "lib" | "main") {
            dir.to_path_buf()
        } else {
            dir.join(stem)
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            if *line != "#[cfg(test)]" {
                continue;
            }
            let mut j = i + 1;
            let mut path_attr = None;
            while let Some(next) = lines.get(j).filter(|l| l.starts_with("#[")) {
                if let Some(p) = next.strip_prefix("#[path = \"") {
                    path_attr = p.strip_suffix("\"]").map(str::to_string);
                }
                j += 1;
            }
            let Some(decl) = lines.get(j) else { continue };
            let name = decl
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'));
            match (name, path_attr) {
                (Some(_), Some(p)) => {
                    out.insert(dir.join(p));
                }
                (Some(name), None) => {
                    out.insert(module_dir.join(format!("{name}.rs")));
                    out.insert(module_dir.join(name).join("mod.rs"));
                }
                _ => {}
            }
        }
    }
    out
}

/// `text` without its inline `#[cfg(test)] mod tests { ... }` (always last in a file).
fn non_test_code(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "#[cfg(test)]" {
            let rest = text[offset + line.len()..].trim_start();
            if rest.starts_with("mod tests {") {
                return &text[..offset];
            }
        }
        offset += line.len();
    }
    text
}

/// Each line of `text` that breaks `rule`, as `line: text`.
fn violations(rule: &Rule, text: &str) -> Vec<String> {
    non_test_code(text)
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            rule.forbidden.iter().any(|f| {
                line.match_indices(f)
                    .any(|(at, _)| !rule.allowed.iter().any(|a| line[at..].starts_with(a)))
            })
        })
        .map(|(i, line)| format!("{}: {}", i + 1, line.trim()))
        .collect()
}

fn under(path: &Path, root: &Path, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| path.starts_with(root.join(p)))
}

#[test]
fn every_module_keeps_to_its_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let tests = test_only_files(&files);
    assert!(
        tests.contains(&root.join("src/command/gate_tests.rs")),
        "the test-module finder misses #[path] modules: {tests:?}"
    );
    let mut broken = Vec::new();
    for rule in RULES {
        for file in &files {
            let in_test_module = tests
                .iter()
                .any(|t| t.ends_with("mod.rs") && file.starts_with(t.parent().unwrap_or(t)));
            if tests.contains(file)
                || in_test_module
                || !under(file, root, rule.within)
                || under(file, root, rule.except)
            {
                continue;
            }
            let text = std::fs::read_to_string(file).expect("source");
            for v in violations(rule, &text) {
                let shown = file.strip_prefix(root).unwrap_or(file).display();
                broken.push(format!("{shown}:{v}"));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn a_forbidden_import_is_found_and_test_code_is_not() {
    let (playbook, io, render, git2) = (&RULES[0], &RULES[4], &RULES[5], &RULES[6]);
    for (rule, text, expected) in [
        (render, "use crate::command::gate::evaluate;\n", 1),
        (render, "use crate::gate::evaluate;\n", 0),
        (
            render,
            "use crate::plan::Plan;\n#[cfg(test)]\nmod tests {\n    use crate::command::x;\n}\n",
            0,
        ),
        (playbook, "use crate::render::escape::heading_text;\n", 0),
        (playbook, "use crate::render::book::ROLES;\n", 1),
        (playbook, "use crate::plan::{self, rules};\n", 1),
        (io, "let text = std::fs::read_to_string(path)?;\n", 1),
        (git2, "fn f() { git2::Repository::open(p) }\n", 1),
        (&RULES[8], "let p = playbook::load(&source, id)?;\n", 1),
        (&RULES[8], "let p = plan::load_playbook(&source, id)?;\n", 0),
        (&RULES[10], "std::fs::write(&target, bytes)?;\n", 1),
        (&RULES[10], "let files = data::files(portfolio)?;\n", 0),
    ] {
        assert_eq!(violations(rule, text).len(), expected, "{text}");
    }
}
