//! Directory walking: every non-hidden file below a directory, in sorted path
//! order so that runs are deterministic, without recursion.

use std::fs;
use std::path::{Path, PathBuf};

use backchannel_core::{DocError, RawDoc};

use crate::{read_file, DocIter, ReadOptions};

pub struct Walk {
    /// Paths still to visit, in reverse order (the next one is last).
    pending: Vec<PathBuf>,
    current: Option<DocIter>,
    opts: ReadOptions,
}

impl Walk {
    pub fn new(root: &Path, opts: &ReadOptions) -> Self {
        Walk {
            pending: vec![root.to_path_buf()],
            current: None,
            opts: opts.clone(),
        }
    }

    /// Pushes a directory's visible entries so they pop in sorted order.
    /// Symlinked directories are not followed, so link cycles cannot loop.
    fn expand(&mut self, dir: &Path) -> Result<(), DocError> {
        let entries = fs::read_dir(dir).map_err(|e| {
            DocError::new(
                dir.display().to_string(),
                format!("cannot read directory: {e}"),
            )
        })?;
        let mut children: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter(|e| {
                let is_dir_link =
                    e.file_type().map(|t| t.is_symlink()).unwrap_or(false) && e.path().is_dir();
                !is_dir_link
            })
            .map(|e| e.path())
            .collect();
        children.sort();
        children.reverse();
        self.pending.extend(children);
        Ok(())
    }
}

impl Iterator for Walk {
    type Item = Result<RawDoc, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.pop()?;
            if path.is_dir() {
                if let Err(e) = self.expand(&path) {
                    return Some(Err(e));
                }
            } else {
                self.current = Some(read_file(&path, &self.opts));
            }
        }
    }
}
