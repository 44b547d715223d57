//! The activity log as the window and the command line read it, and its CSV export.

use crate::app::YaToken;
use crate::audit;
use crate::error::Error;

/// The readable entries, oldest first, and how many damaged lines were skipped.
pub fn read(cx: &YaToken) -> Result<audit::LogRead, Error> {
    cx.audit()
        .read()
        .map_err(|source| Error::storage(cx.audit().path(), source))
}

/// The readable entries, oldest first.
pub fn entries(cx: &YaToken) -> Result<Vec<audit::Entry>, Error> {
    Ok(read(cx)?.entries)
}

/// Writes the log as CSV into the Downloads folder (else the data folder) and returns the
/// file's path.
pub fn export_csv(cx: &YaToken) -> Result<std::path::PathBuf, Error> {
    let entries = entries(cx)?;
    let dir = directories::UserDirs::new()
        .and_then(|d| d.download_dir().map(std::path::Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| cx.dirs().data.clone());
    let stamp = time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!(
            "[year][month][day]-[hour][minute][second]"
        ))
        .unwrap_or_default();
    let path = dir.join(format!("yatoken-audit-{stamp}.csv"));
    crate::atomic_file::write(&path, audit::to_csv(&entries).as_bytes())
        .map_err(|source| Error::storage(&path, source))?;
    Ok(path)
}
