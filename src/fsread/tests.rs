//! Confined and bounded reads on real files, links, FIFOs and devices.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use super::*;

fn package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("pkg/src")).unwrap();
    fs::write(dir.path().join("pkg/src/a.md"), "page").unwrap();
    fs::write(dir.path().join("secret"), "secret").unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn reads_a_plain_file_inside_and_reports_a_missing_one() {
    let root = package();
    let pkg = root.path().join("pkg");
    assert_eq!(
        read_in(&pkg, "src/a.md", Input::Page).unwrap().unwrap(),
        b"page"
    );
    assert!(read_in(&pkg, "src/none.md", Input::Page).unwrap().is_none());
    assert!(read_in(&pkg, "src/a.md/x", Input::Page).unwrap().is_none());
}

#[test]
fn refuses_unsafe_paths_before_touching_the_disk() {
    let root = package();
    let pkg = root.path().join("pkg");
    for rel in [
        "../secret",
        "src/../../secret",
        "/etc/passwd",
        "/proc/self/environ",
        "",
        "a//b",
        "./a",
        "a\\b",
    ] {
        let e = read_in(&pkg, rel, Input::Page).unwrap_err();
        assert!(matches!(e, ReadError::Unsafe { .. }), "{rel}: {e}");
    }
}

#[test]
fn refuses_a_link_in_any_component() {
    let root = package();
    let pkg = root.path().join("pkg");
    symlink(root.path().join("secret"), pkg.join("site.toml")).unwrap();
    symlink(root.path(), pkg.join("up")).unwrap();
    symlink("/etc", pkg.join("src/etc")).unwrap();
    for rel in ["site.toml", "up/secret", "src/etc/passwd"] {
        let e = read_in(&pkg, rel, Input::Page).unwrap_err();
        assert!(matches!(e, ReadError::Symlink { .. }), "{rel}: {e}");
        assert!(!e.to_string().contains("secret\n"), "{e}");
    }
}

#[test]
fn refuses_fifos_and_devices_without_blocking() {
    let root = package();
    let pkg = root.path().join("pkg");
    mkfifo(&pkg.join("progress.toml"));
    let e = read_in(&pkg, "progress.toml", Input::Progress).unwrap_err();
    assert!(
        matches!(
            e,
            ReadError::NotRegular {
                kind: FileKind::Fifo,
                ..
            }
        ),
        "{e}"
    );
    let e = read_file(&pkg.join("progress.toml"), Input::Profile).unwrap_err();
    assert!(e.to_string().contains("FIFO"), "{e}");
    let e = read_file(Path::new("/dev/zero"), Input::Profile).unwrap_err();
    assert!(
        matches!(
            e,
            ReadError::NotRegular {
                kind: FileKind::Device,
                ..
            }
        ),
        "{e}"
    );
    let e = read_in(&pkg, "src", Input::Page).unwrap_err();
    assert!(e.to_string().contains("a directory"), "{e}");
}

#[test]
fn refuses_files_over_the_limit() {
    let root = package();
    let big = root.path().join("big.toml");
    let file = fs::File::create(&big).unwrap();
    file.set_len(Input::Progress.limit() + 1).unwrap();
    let e = read_file(&big, Input::Progress).unwrap_err();
    assert!(matches!(e, ReadError::TooLarge { .. }), "{e}");
    assert!(
        e.to_string().contains("4 MiB limit for a progress file"),
        "{e}"
    );
    file.set_len(Input::Progress.limit()).unwrap();
    assert!(read_file(&big, Input::Progress).is_ok());
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let mut emoji = "é\nxé\u{1F600}".as_bytes().to_vec();
    emoji.push(0x80);
    for (bytes, line, column) in [
        (b"\xff".to_vec(), 1, 1),
        (b"ab\ncd\xc3(".to_vec(), 2, 3),
        (emoji, 2, 4),
    ] {
        let e = utf8(Path::new("p.toml"), bytes.clone()).unwrap_err();
        assert!(
            matches!(e, ReadError::NotUtf8 { line: l, column: c, .. } if (l, c) == (line, column)),
            "{bytes:?}: {e}"
        );
        assert!(
            e.to_string()
                .starts_with(&format!("p.toml:{line}:{column}: ")),
            "{e}"
        );
    }
    assert_eq!(utf8(Path::new("p"), b"ok".to_vec()).unwrap(), "ok");
}

#[test]
fn scan_refuses_links_outside_git_and_special_files_anywhere() {
    let root = package();
    let pkg = root.path().join("pkg");
    fs::create_dir_all(pkg.join(".git/hooks")).unwrap();
    symlink("/bin/true", pkg.join(".git/hooks/pre-commit")).unwrap();
    scan(&pkg).unwrap();
    fs::create_dir_all(pkg.join("ignored")).unwrap();
    mkfifo(&pkg.join("ignored/pipe"));
    let e = scan(&pkg).unwrap_err();
    assert!(matches!(e, ReadError::NotRegular { .. }), "{e}");
    fs::remove_file(pkg.join("ignored/pipe")).unwrap();
    symlink("../../secret", pkg.join("src/b.md")).unwrap();
    let e = scan(&pkg).unwrap_err();
    assert!(e.to_string().contains("src/b.md is a symbolic link"), "{e}");
}
