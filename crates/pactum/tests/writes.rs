//! Writes that never clobber: a symbolic link, FIFO, device or read-only file at the target is
//! refused and left as it was; a failed write is an I/O error naming the user's path; a folder
//! written by `convert` is the old one or the new one, never a mixture; names that collide are
//! refused before anything is written.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-writes-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// No temporary is left beside the target.
fn no_temporaries(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".pactum-"))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}

#[test]
fn a_symbolic_link_at_the_target_is_refused_and_left_alone() {
    let dir = scratch("symlink");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.join("record.jsonl");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let o = pactum(&["talks", "car-purchase", "--record", s(&link)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert!(stderr(&o).contains(s(&link)), "names the user's path");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    no_temporaries(&dir);
}

#[test]
fn a_device_or_fifo_at_the_target_is_refused_not_replaced() {
    // As root, renaming over /dev/full would replace the device node.
    let o = pactum(&["talks", "car-purchase", "--record", "/dev/full"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a device"), "{}", stderr(&o));
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let dir = scratch("fifo");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.map(|s| s.success()).unwrap_or(false) {
        // Refused at once: neither opened (which would block) nor replaced.
        let o = pactum(&["talks", "car-purchase", "--record", s(&fifo)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("is a FIFO"));
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
}

#[test]
fn a_read_only_file_is_refused_and_a_missing_folder_is_an_io_error() {
    let dir = scratch("readonly");
    let target = dir.join("rows.jsonl");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = pactum(&["talks", "car-purchase", "--record", s(&target)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is read-only"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");

    let missing = dir.join("no/such/folder/record.jsonl");
    let o = pactum(&["talks", "car-purchase", "--record", s(&missing)]);
    assert_eq!(o.status.code(), Some(1), "an I/O error, not bad input");
    let err = stderr(&o);
    assert!(
        err.contains("cannot write") && err.contains(s(&missing)),
        "{err}"
    );
    assert!(
        !err.contains(".pactum-"),
        "never the temporary's name: {err}"
    );
}

#[test]
fn a_record_replaces_an_old_one_whole_and_stale_temporaries_are_cleared() {
    let dir = scratch("replace");
    let target = dir.join("record.jsonl");
    std::fs::write(&target, "old").unwrap();
    // What a writer killed before its rename leaves behind (a PID that does not run).
    let stale = dir.join(".record.jsonl.pactum-4000000000.tmp");
    std::fs::write(&stale, "half").unwrap();
    let o = pactum(&["talks", "car-purchase", "--record", s(&target)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("{\"event\""), "{text}");
    assert!(!stale.exists(), "the stale temporary is removed");
    no_temporaries(&dir);
}

#[test]
fn convert_replaces_a_scenario_folder_whole_and_refuses_a_foreign_one() {
    let dir = scratch("convert");
    let out = dir.join("genius");
    for _ in 0..2 {
        let o = pactum(&["convert", "car-purchase", s(&out), "--to", "genius"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // Another scenario into the same folder replaces it: the folder still loads, as the new one.
    let o = pactum(&["convert", "inheritance", s(&out), "--to", "genius"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = pactum(&["validate", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !out.join("buyer.xml").exists(),
        "no file of the old scenario is left"
    );
    no_temporaries(&dir);

    let foreign = dir.join("thesis");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("chapter1.tex"), "mine").unwrap();
    let o = pactum(&["convert", "car-purchase", s(&foreign), "--to", "geniusweb"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("chapter1.tex"), "{}", stderr(&o));
    let names: Vec<_> = std::fs::read_dir(&foreign).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "nothing written beside it");
}

#[test]
fn ids_never_name_files_outside_the_folder_and_colliding_names_are_refused() {
    let dir = scratch("ids");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/car-purchase.toml"
    ))
    .unwrap();
    let escaping = dir.join("escaping.toml");
    std::fs::write(
        &escaping,
        text.replacen("id = \"car-purchase\"", "id = \"../escaped\"", 1),
    )
    .unwrap();
    let out = dir.join("web");
    let o = pactum(&["convert", s(&escaping), s(&out), "--to", "geniusweb"]);
    // The id is refused by the reader or written under a plain name; never outside `out`.
    assert!(!dir.join("escaped.json").exists());
    assert!(!std::env::temp_dir().join("escaped.json").exists());
    if o.status.code() == Some(0) {
        assert!(out.join("domain.json").exists(), "{}", stderr(&o));
        assert!(stderr(&o).contains("not a plain file name"));
    }

    // A party called `domain` would share domain.xml with the domain.
    let colliding = dir.join("colliding.toml");
    let renamed = text
        .replace("id = \"buyer\"", "id = \"domain\"")
        .replace("buyer.", "domain.");
    std::fs::write(&colliding, renamed).unwrap();
    let o = pactum(&["validate", s(&colliding)]);
    if o.status.code() == Some(0) {
        let out = dir.join("genius");
        let o = pactum(&["convert", s(&colliding), s(&out), "--to", "genius"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("`domain.xml`"), "{}", stderr(&o));
        assert!(!out.exists(), "nothing was written");
    }

    // A party whose id is the scenario's would share its file with the GeniusWeb domain.
    let same = dir.join("same.toml");
    let renamed = text
        .replace("id = \"buyer\"", "id = \"car-purchase\"")
        .replace("buyer.", "car-purchase.");
    std::fs::write(&same, renamed).unwrap();
    let o = pactum(&["validate", s(&same)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.join("geniusweb");
    let o = pactum(&["convert", s(&same), s(&out), "--to", "geniusweb"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would both be called `car-purchase.json`"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_stderr_that_cannot_be_written_is_no_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["validate", "nonexistent.toml"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
