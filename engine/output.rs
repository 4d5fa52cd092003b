//! Writes output files so that an interrupted run never leaves half of one: a temporary file in
//! the same directory, flushed to disk, then renamed over the target. Also the timestamp they carry.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary untouched this long belongs to a run that was killed: no write takes so long.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Writes `bytes` to `path` atomically: readers see the old file or the whole new one. The first
/// write into a directory also removes the temporaries that killed runs left there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    sweep_once(path.parent().unwrap_or(Path::new("")));
    let tmp = temporary_name(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        // std::fs::rename replaces an existing target on Windows as well (MoveFileExW).
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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

/// Removes `.NAME.PID-N.tmp` files older than [`STALE_AFTER`] from `dir`, once per directory per
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

/// Whether `name` is one of [`temporary_name`]'s: `.NAME.PID-N.tmp`.
fn is_temporary_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    let Some((target, tag)) = rest.rsplit_once('.') else { return false };
    let Some((pid, n)) = tag.split_once('-') else { return false };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    !target.is_empty() && digits(pid) && digits(n)
}

fn temporary_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
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
        let names = [".a.json.123-0.tmp", ".b.md.9-41.tmp", ".c.json.123-0.tmp", ".d.tmp", "e.json.1-2.tmp", "f.json"];
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
        assert_eq!(left, [".c.json.123-0.tmp", ".d.tmp", "e.json.1-2.tmp", "f.json", "out.json"]);
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
}
