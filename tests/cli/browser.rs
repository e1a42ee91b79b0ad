//! The books in a real browser: headless Chromium opens every page of a rendered package
//! book and the main pages of the user guide at 1280 px and 390 px, and the test fails
//! when a table or picture overflows its container, a picture does not render, a link
//! names an anchor that does not exist, or the page logs a JavaScript error.
//!
//! Skipped with a note where Chromium or mdBook is missing, unless
//! `SITEPACK_REQUIRE_CHROMIUM` is set (`.ci/run` sets it and installs Chromium).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{example, mdbook_available, repo, Sandbox};

const CHECK: &str = include_str!("browser_check.js");
const WIDTHS: [u32; 2] = [1280, 390];
/// The guide's pages a new user reads first.
const GUIDE_PAGES: [&str; 5] = [
    "introduction.html",
    "getting-started.html",
    "package.html",
    "progress.html",
    "commands.html",
];

/// The browser to use: `SITEPACK_CHROMIUM`, else the first of the usual names that runs.
fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("SITEPACK_CHROMIUM").map(PathBuf::from);
    let candidates = named.into_iter().chain(
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .map(PathBuf::from),
    );
    for candidate in candidates {
        let ok = Command::new(&candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(candidate);
        }
    }
    if std::env::var_os("SITEPACK_REQUIRE_CHROMIUM").is_some_and(|v| !v.is_empty()) {
        panic!("SITEPACK_REQUIRE_CHROMIUM is set but no Chromium runs (set SITEPACK_CHROMIUM)");
    }
    eprintln!("note: skipping the browser test: Chromium is not installed");
    None
}

/// What the injected script measured on one page at one width.
#[derive(Debug, Default)]
struct Page {
    problems: Vec<String>,
    ids: BTreeSet<String>,
    links: Vec<String>,
}

/// Opens `page` (in the built book `dir`) at `width` and returns what the script saw.
fn open(browser: &Path, sb: &Sandbox, dir: &Path, page: &str, width: u32) -> Page {
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let probe = "<script>window.__spErrors=[];window.addEventListener('error',function(e){window.__spErrors.push(e.message||('cannot load '+(e.target.src||e.target.href)))},true);var __spce=console.error;console.error=function(){window.__spErrors.push([].join.call(arguments,' '));__spce.apply(console,arguments)};</script>";
    let html = html
        .replacen("<head>", &format!("<head>{probe}"), 1)
        .replacen("</body>", &format!("<script>{CHECK}</script></body>"), 1);
    let checked = dir.join(format!("sp-check-{page}"));
    std::fs::write(&checked, html).unwrap();
    let profile = sb.join(&format!("chromium-{width}-{page}"));
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},900"))
        .arg("--dump-dom")
        .arg(format!("file://{}", checked.display()))
        .output()
        .expect("chromium runs");
    std::fs::remove_file(&checked).unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let Some(json) = dom
        .rsplit("<pre id=\"sp-check\">")
        .next()
        .filter(|_| dom.contains("<pre id=\"sp-check\">"))
        .and_then(|rest| rest.split("</pre>").next())
    else {
        panic!(
            "{page} at {width} px: the check did not run\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let value: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{page} at {width} px: {e} in {json:?}"));
    let strings = |key: &str| -> Vec<String> {
        value[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    };
    let mut problems = Vec::new();
    for (key, what) in [
        ("errors", "JavaScript error"),
        ("overflow", "overflow"),
        ("pictures", "picture"),
    ] {
        for p in strings(key) {
            problems.push(format!("{page} at {width} px: {what}: {p}"));
        }
    }
    Page {
        problems,
        ids: strings("ids").into_iter().collect(),
        links: strings("links"),
    }
}

/// Every page at every width, then every `page#anchor` link against the ids of its page.
fn check_book(browser: &Path, sb: &Sandbox, dir: &Path, pages: &[String]) -> Vec<String> {
    let mut seen: BTreeMap<String, Page> = BTreeMap::new();
    let mut problems = Vec::new();
    for page in pages {
        for width in WIDTHS {
            let result = open(browser, sb, dir, page, width);
            problems.extend(result.problems.iter().cloned());
            seen.entry(page.clone()).or_insert(result);
        }
    }
    for (page, result) in &seen {
        for link in &result.links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let Some((target, anchor)) = link.split_once('#') else {
                continue;
            };
            let target = if target.is_empty() {
                page.as_str()
            } else {
                target
            };
            let anchor = percent_decode(anchor);
            let ids = match seen.get(target) {
                Some(p) => p.ids.clone(),
                None => static_ids(&dir.join(target)),
            };
            if !anchor.is_empty() && !ids.contains(&anchor) {
                problems.push(format!("{page}: link {link} names no anchor of {target}"));
            }
        }
    }
    problems
}

/// The ids of a page the browser did not open (read from its HTML).
fn static_ids(path: &Path) -> BTreeSet<String> {
    let html = std::fs::read_to_string(path).unwrap_or_default();
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|id| id.replace("&amp;", "&"))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn chapters(dir: &Path) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.ends_with(".html")
                && !matches!(
                    n.as_str(),
                    "print.html" | "toc.html" | "404.html" | "index.html"
                )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn package_book_and_guide_read_well_in_a_browser() {
    if !mdbook_available() {
        return;
    }
    let Some(browser) = chromium() else {
        return;
    };
    let sb = Sandbox::new();
    sb.render(
        &example("lyon"),
        "predictive-maintenance",
        "pkg",
        &["--no-git"],
    );
    let book = sb.join("pkg-html");
    sb.cmd(
        "mdbook",
        &["build", "pkg", "--dest-dir", book.to_str().unwrap()],
    )
    .run()
    .code(0);
    let mut problems = check_book(&browser, &sb, &book, &chapters(&book));
    let guide = sb.join("guide-html");
    sb.cmd(
        "mdbook",
        &[
            "build",
            repo().join("book").to_str().unwrap(),
            "--dest-dir",
            guide.to_str().unwrap(),
        ],
    )
    .run()
    .code(0);
    let pages: Vec<String> = GUIDE_PAGES.iter().map(|p| p.to_string()).collect();
    problems.extend(check_book(&browser, &sb, &guide, &pages));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
