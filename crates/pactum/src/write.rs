//! Writing output files so that they never clobber: whatever happens, the target holds its old
//! content or its new content, never a mixture, and nothing that is not a regular file we may
//! write is ever replaced.
//!
//! - A file is written to a temporary file created exclusively (`O_EXCL`) in the target's
//!   folder, flushed to disk, then renamed over the target.
//! - A folder (`convert` to GENIUS or GeniusWeb) is written whole into a temporary sibling
//!   folder, then swapped with the old one in one step (`renameat2(RENAME_EXCHANGE)`), so even a
//!   crash between the steps leaves the old folder or the new one at the target.
//! - A symbolic link, FIFO, device, folder or read-only file at a file target is refused; so is
//!   a folder target holding anything but the `.xml` and `.json` files of a scenario.
//! - A temporary left by a killed process (`.NAME.pactum-PID.tmp`, PID no longer running) is
//!   removed by the next write to the same target.
//!
//! Errors name the user's path, never the temporary one.

use crate::Failure;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

fn refuse(path: &str, why: &str, expected: &str) -> Failure {
    Failure::BadInput(format!(
        "error: {path}: {why}; pactum does not replace it\n  expected {expected}\n"
    ))
}

fn io(path: &str, doing: &str, e: &std::io::Error) -> Failure {
    Failure::Io(format!("error: cannot {doing} {path}: {e}\n"))
}

/// The folder a target lives in, and its file name.
fn split(path: &str) -> Result<(PathBuf, String), Failure> {
    let p = Path::new(path);
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| refuse(path, "names no file", "a path ending in a file name"))?;
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_string()))
}

/// Removes temporaries for `name` in `dir` left by processes that no longer run.
fn remove_stale(dir: &Path, name: &str) {
    let prefix = format!(".{name}.pactum-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let p = entry.path();
            if p.is_dir() {
                let _ = fs::remove_dir_all(&p);
            } else {
                let _ = fs::remove_file(&p);
            }
        }
    }
}

fn temporary(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.pactum-{}.tmp", std::process::id()))
}

/// Refuses a file target that exists and is not a regular, writable file.
fn check_file_target(path: &str) -> Result<(), Failure> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(path, "inspect", &e)),
        Ok(m) => {
            let t = m.file_type();
            let what = if t.is_symlink() {
                Some("is a symbolic link")
            } else if t.is_dir() {
                Some("is a folder")
            } else if t.is_fifo() {
                Some("is a FIFO")
            } else if t.is_char_device() || t.is_block_device() {
                Some("is a device")
            } else if t.is_socket() {
                Some("is a socket")
            } else if m.permissions().readonly() {
                Some("is read-only")
            } else {
                None
            };
            match what {
                Some(why) => Err(refuse(path, why, "a new path or a regular, writable file")),
                None => Ok(()),
            }
        }
    }
}

/// Writes `text` to the file `path`, atomically.
pub fn file(path: &str, text: &str) -> Result<(), Failure> {
    bytes(path, text.as_bytes())
}

/// Writes `data` to the file `path`, atomically (pictures).
pub fn bytes(path: &str, data: &[u8]) -> Result<(), Failure> {
    check_file_target(path)?;
    let (dir, name) = split(path)?;
    remove_stale(&dir, &name);
    let tmp = temporary(&dir, &name);
    let _ = fs::remove_file(&tmp);
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(path, "write", &e));
    }
    // Checked again just before the rename: a target that became a link meanwhile is refused.
    if let Err(f) = check_file_target(path) {
        let _ = fs::remove_file(&tmp);
        return Err(f);
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io(path, "write", &e)
    })
}

/// Whether an existing folder holds only what a scenario export writes.
fn check_folder_target(path: &str) -> Result<bool, Failure> {
    check_folder_of(path, &[".xml", ".json"], "scenario file")
}

/// Whether an existing folder holds only files ending in one of `kinds` (so that replacing it
/// loses nothing else): `Ok(true)` to replace, `Ok(false)` when there is none.
fn check_folder_of(path: &str, kinds: &[&str], what: &str) -> Result<bool, Failure> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io(path, "inspect", &e)),
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refuse(path, "is a symbolic link", "a new path or a folder"));
        }
        Ok(m) if !m.is_dir() => {
            return Err(refuse(
                path,
                "is a file",
                "a folder for the GENIUS or GeniusWeb files",
            ));
        }
        Ok(_) => {}
    }
    let entries = fs::read_dir(path).map_err(|e| io(path, "read the folder", &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io(path, "read the folder", &e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let kind = entry
            .file_type()
            .map_err(|e| io(path, "read the folder", &e))?;
        let ours =
            kind.is_file() && !name.starts_with('.') && kinds.iter().any(|k| name.ends_with(k));
        if !ours {
            return Err(refuse(
                path,
                &format!("holds `{name}`, which is not a {what}"),
                &format!(
                    "an empty folder, a new path, or a folder of {} files to replace",
                    kinds.join("/")
                ),
            ));
        }
    }
    Ok(true)
}

/// Writes `files` (plain names, distinct) as the folder `path`, replacing a scenario folder
/// there in one step.
pub fn folder(path: &str, files: &[(String, String)]) -> Result<(), Failure> {
    let mut seen = std::collections::BTreeSet::new();
    for (name, _) in files {
        if !pactum_formats::export::is_plain_file_stem(name) {
            return Err(Failure::Internal(format!("unsafe file name `{name}`")));
        }
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(Failure::BadInput(format!(
                "error: two files of the scenario would both be called `{name}` in {path} (a party named like the domain, or two parties differing only in case); nothing was written\n  expected distinct party and scenario ids\n"
            )));
        }
    }
    let replace = check_folder_target(path)?;
    write_folder(path, files, replace)
}

/// Writes `files` as the folder `path` in one step, replacing a folder there that holds only
/// `.csv` files (NegMAS-layout results).
pub fn csv_folder(path: &str, files: &[(String, String)]) -> Result<(), Failure> {
    let replace = check_folder_of(path, &[".csv"], "CSV file")?;
    write_folder(path, files, replace)
}

fn write_folder(path: &str, files: &[(String, String)], replace: bool) -> Result<(), Failure> {
    let (dir, name) = split(path.trim_end_matches('/'))?;
    if !dir.exists() {
        fs::create_dir_all(&dir).map_err(|e| io(path, "create the folder for", &e))?;
    }
    remove_stale(&dir, &name);
    let tmp = temporary(&dir, &name);
    let _ = fs::remove_dir_all(&tmp);
    let staged = (|| {
        fs::create_dir(&tmp)?;
        for (file, text) in files {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o644)
                .open(tmp.join(file))?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
        }
        Ok::<(), std::io::Error>(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&tmp);
        return Err(io(path, "write", &e));
    }
    let target = Path::new(path.trim_end_matches('/'));
    let moved = if replace {
        exchange(&tmp, target)
    } else {
        fs::rename(&tmp, target)
    };
    if let Err(e) = moved {
        let _ = fs::remove_dir_all(&tmp);
        return Err(io(path, "write", &e));
    }
    if replace {
        // The temporary now holds the old folder.
        let _ = fs::remove_dir_all(&tmp);
    }
    Ok(())
}

/// Swaps two paths in one step.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
