//! Writes output files so that an interrupted run never leaves half of one: a temporary file in
//! the same directory (created exclusively, with a random name), flushed to disk, then renamed
//! over the target. Only a regular file (or a missing one) is ever replaced: a device, a pipe or
//! `/dev/stdout` is written to directly, and a link to a file is followed. Every `-o`, `--out`,
//! `--summary-out` and `--session` goes through here, and through [`check_target`] before any
//! work, so that no output replaces an input. Also the timestamp output files carry.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A temporary untouched this long belongs to a run that was killed: no write takes so long.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);

/// What sits between a temporary's target name and its random part: `.NAME.fixplan-RANDOM.tmp`.
const TAG: &str = ".fixplan-";

/// Checks, before any work is done, that `path` can take an output: its folder exists, it is not
/// a folder, and it is none of `inputs` (under any name: a link, `./x`, a hard link).
pub fn check_target(path: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let shown = path.display();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(format!(
            "cannot write `{shown}`: the folder `{}` does not exist; create it first",
            parent.display()
        ));
    }
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        return Err(format!("cannot write `{shown}`: it is a folder; name a file"));
    }
    if inputs.iter().any(|i| same_file(path, i)) {
        return Err(format!(
            "`{shown}` is one of the inputs; writing the output there would replace it: name another file"
        ));
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Writes `bytes` to `path` atomically: readers see the old file or the whole new one. A target
/// that is not a regular file (a device, a pipe, a terminal) is written to directly, since
/// renaming over it would replace it; a link is followed to its file. The first write into a
/// directory also removes the temporaries that killed runs left there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(path) {
            // A link to a file: the file is replaced, the link kept.
            Ok(t) if t.is_file() => path.canonicalize()?,
            Ok(t) if t.is_dir() => return Err(is_a_folder()),
            Ok(_) => return write_direct(path, bytes),
            // A dangling link: created where it points would surprise; refuse.
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    "it is a link to nothing; remove the link or name another file",
                ))
            }
        },
        Ok(m) if m.is_dir() => return Err(is_a_folder()),
        Ok(m) if !m.is_file() => return write_direct(path, bytes),
        _ => path.to_path_buf(),
    };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    sweep_once(dir);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let prefix = format!(".{name}{TAG}");
    // Exclusive creation with a random name: a link planted at a guessed name is never followed.
    let mut tmp = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").rand_bytes(10).tempfile_in(dir)?;
    keep_permissions(&target, tmp.as_file());
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Renames over the target (MoveFileExW on Windows); the temporary is removed on failure.
    tmp.persist(&target).map(|_| ()).map_err(|e| e.error)
}

fn is_a_folder() -> std::io::Error {
    std::io::Error::other("it is a folder; name a file")
}

/// Writes to a device or a pipe as the shell's `>` would, without creating or replacing it.
fn write_direct(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// A replaced file keeps its permissions; a new one gets the usual `rw-r--r--` (the temporary is
/// created owner-only).
fn keep_permissions(target: &Path, tmp: &std::fs::File) {
    let perms = match std::fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            return;
        }
    };
    let _ = tmp.set_permissions(perms);
}

/// A value as JSON that YAML reads back as it was (for `_meta` written into YAML fact files): DEL,
/// C1, U+FFFE/U+FFFF (which YAML forbids in a file) and NEL, U+2028/U+2029 (which YAML folds as
/// line breaks) can only be inside JSON strings, and become `\u` escapes there.
pub fn yaml_safe_json(v: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in v.to_string().chars() {
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// The current time as RFC 3339 UTC (`2026-11-30T09:14:00Z`), for `_meta` of written fact files.
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    rfc3339(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Seconds since 1970 (negative before) as RFC 3339 UTC, in the proleptic Gregorian calendar
/// (days to a civil date by Howard Hinnant's algorithm).
pub fn rfc3339(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Removes `.NAME.fixplan-RANDOM.tmp` files older than [`STALE_AFTER`] from `dir`, once per directory per
/// process (a batch writes thousands of files into one). Failures are ignored: it is tidying.
fn sweep_once(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let Ok(mut swept) = SWEPT.lock() else { return };
    if !swept.get_or_insert_with(HashSet::new).insert(dir.to_path_buf()) {
        return;
    }
    drop(swept);
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= STALE_AFTER));
        if stale && name.to_str().is_some_and(is_temporary_name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is one of [`write_atomic`]'s temporaries: `.NAME.fixplan-RANDOM.tmp`.
fn is_temporary_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    let Some((target, random)) = rest.rsplit_once(TAG) else { return false };
    !target.is_empty() && random.len() >= 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("fixplan-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("report.txt");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.txt")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temporaries_are_removed_and_fresh_ones_and_other_files_kept() {
        let dir = std::env::temp_dir().join(format!("fixplan-output-sweep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let old = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        let names = [
            ".a.json.fixplan-AbC123xyz0.tmp",
            ".b.md.fixplan-9x41zzQQ.tmp",
            ".c.json.fixplan-AbC123xyz1.tmp",
            ".d.tmp",
            "e.json.fixplan-AbC123xyz2.tmp",
            "f.json",
        ];
        for (i, name) in names.iter().enumerate() {
            let f = std::fs::File::create(dir.join(name)).unwrap();
            // `.c…` is a live run's temporary: fresh.
            if i != 2 {
                f.set_modified(old).unwrap();
            }
        }
        write_atomic(&dir.join("out.json"), b"{}").unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(
            left,
            [".c.json.fixplan-AbC123xyz1.tmp", ".d.tmp", "e.json.fixplan-AbC123xyz2.tmp", "f.json", "out.json"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_993_200), "2026-11-29T23:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let target = std::env::temp_dir().join("fixplan-no-such-dir-xyz").join("out.txt");
        assert!(write_atomic(&target, b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_a_guessable_temporary_name_is_never_written_through() {
        let dir = std::env::temp_dir().join(format!("fixplan-output-plant-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        // Every name of the old scheme (`.NAME.PID-N.tmp`) this process could use next.
        for n in 0..200 {
            let link = dir.join(format!(".report.txt.{}-{n}.tmp", std::process::id()));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
        write_atomic(&dir.join("report.txt"), b"the report").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(dir.join("report.txt")).unwrap(), b"the report");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_keeps_the_link_and_a_device_is_written_not_replaced() {
        let dir = std::env::temp_dir().join(format!("fixplan-output-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("real.txt"), b"old").unwrap();
        std::os::unix::fs::symlink(dir.join("real.txt"), dir.join("link.txt")).unwrap();
        write_atomic(&dir.join("link.txt"), b"new").unwrap();
        assert!(std::fs::symlink_metadata(dir.join("link.txt")).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(dir.join("real.txt")).unwrap(), b"new");
        std::os::unix::fs::symlink("/dev/null", dir.join("null")).unwrap();
        write_atomic(&dir.join("null"), b"gone").unwrap();
        assert!(std::fs::symlink_metadata(dir.join("null")).unwrap().file_type().is_symlink());
        assert!(write_atomic(&dir, b"x").is_err(), "a folder is not replaced");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_output_naming_an_input_or_a_missing_folder_is_refused_first() {
        let dir = std::env::temp_dir().join(format!("fixplan-output-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.yaml");
        std::fs::write(&input, b"error_code: 0x904\n").unwrap();
        let err = check_target(&dir.join(".").join("in.yaml"), std::slice::from_ref(&input)).unwrap_err();
        assert!(err.contains("one of the inputs"), "{err}");
        let err = check_target(&dir.join("nowhere").join("s.txt"), &[]).unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
        assert!(check_target(&dir.join("s.txt"), &[input]).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
