//! What the store holds: totals and near-duplicate group counts.

use std::fmt;

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// Store totals; `Display` prints them as an aligned table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub documents: u64,
    /// Near-duplicate groups (every document is in exactly one; most alone).
    pub groups: u64,
    /// Groups with more than one article.
    pub near_duplicate_groups: u64,
    /// Documents stored as near-copies of an earlier one.
    pub near_duplicates: u64,
    /// Distinct non-empty outlet names.
    pub outlets: u64,
    /// Earliest and latest `published` value (ISO strings compare in date order).
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub entities: u64,
    pub attributions: u64,
    /// Attributions per source kind (named, anonymous, …; `none` when no source), most first.
    pub sources_by_kind: Vec<(String, u64)>,
    pub events: u64,
    /// Database file plus its write-ahead log, in bytes.
    pub file_bytes: u64,
    pub schema_version: i64,
}

/// Counts for one near-duplicate group (GDELT's NumArticles and NumSources).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupStats {
    pub group: i64,
    pub articles: u64,
    /// Distinct outlets among the articles (unknown outlets are not counted).
    pub outlets: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl Store {
    /// Totals over the whole store.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let c = &self.conn;
        let count = |sql: &str| -> Result<u64, StoreError> {
            let n: i64 = c.query_row(sql, [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let (first_published, last_published): (Option<String>, Option<String>) = c.query_row(
            "SELECT MIN(published), MAX(published) FROM documents
             WHERE published IS NOT NULL AND published != ''",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let file_bytes = [self.path.clone(), wal_path(&self.path)]
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            groups: count("SELECT COUNT(DISTINCT dup_group) FROM documents")?,
            near_duplicate_groups: count(
                "SELECT COUNT(*) FROM (SELECT 1 FROM documents GROUP BY dup_group HAVING COUNT(*) > 1)",
            )?,
            near_duplicates: count("SELECT COUNT(*) FROM documents WHERE near_of IS NOT NULL")?,
            outlets: count(
                "SELECT COUNT(DISTINCT outlet) FROM documents WHERE outlet IS NOT NULL AND outlet != ''",
            )?,
            first_published,
            last_published,
            entities: count("SELECT COUNT(*) FROM entities")?,
            attributions: count("SELECT COUNT(*) FROM attributions")?,
            sources_by_kind: self.sources_by_kind()?,
            events: count("SELECT COUNT(*) FROM events")?,
            file_bytes,
            schema_version: self.schema_version()?,
        })
    }

    /// Attributions per source kind, most frequent first.
    pub fn sources_by_kind(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT COALESCE(source_kind, 'none') AS k, COUNT(*) AS n FROM attributions
             GROUP BY k ORDER BY n DESC, k",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Counts for one group id.
    pub fn group(&self, group: i64) -> Result<Option<GroupStats>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT grp, articles, outlets, first_published, last_published
                 FROM dup_groups WHERE grp = ?1",
            )?
            .query_row([group], group_row)
            .optional()?)
    }

    /// Counts for the group of the document with this id.
    pub fn group_of(&self, id: &str) -> Result<Option<GroupStats>, StoreError> {
        let group: Option<i64> = self
            .conn
            .prepare_cached("SELECT dup_group FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match group {
            Some(g) => self.group(g),
            None => Ok(None),
        }
    }

    /// Every group with at least `min_articles` articles, largest first.
    pub fn groups(&self, min_articles: u64) -> Result<Vec<GroupStats>, StoreError> {
        let min = i64::try_from(min_articles).unwrap_or(i64::MAX);
        let mut st = self.conn.prepare_cached(
            "SELECT grp, articles, outlets, first_published, last_published
             FROM dup_groups WHERE articles >= ?1 ORDER BY articles DESC, grp",
        )?;
        let rows = st.query_map([min], group_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Ids of the documents in a group, in insertion order.
    pub fn group_members(&self, group: i64) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE dup_group = ?1 ORDER BY seq")?;
        let rows = st.query_map([group], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

fn group_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GroupStats> {
    Ok(GroupStats {
        group: r.get(0)?,
        articles: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
        outlets: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
        first_published: r.get(3)?,
        last_published: r.get(4)?,
    })
}

fn wal_path(path: &std::path::Path) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-wal");
    s.into()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = match (&self.first_published, &self.last_published) {
            (Some(a), Some(b)) => format!("{a} … {b}"),
            _ => "-".to_string(),
        };
        writeln!(f, "documents        {}", self.documents)?;
        writeln!(
            f,
            "near-duplicates  {} in {} groups ({} groups in all)",
            self.near_duplicates, self.near_duplicate_groups, self.groups
        )?;
        writeln!(f, "outlets          {}", self.outlets)?;
        writeln!(f, "published        {range}")?;
        writeln!(f, "entities         {}", self.entities)?;
        write!(f, "attributions     {}", self.attributions)?;
        if !self.sources_by_kind.is_empty() {
            let kinds: Vec<String> = self
                .sources_by_kind
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            write!(f, " ({})", kinds.join(", "))?;
        }
        writeln!(f)?;
        writeln!(f, "events           {}", self.events)?;
        writeln!(f, "file size        {}", human_bytes(self.file_bytes))?;
        write!(f, "schema version   {}", self.schema_version)
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = "B";
    for u in UNITS {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    format!("{v:.1} {unit} ({n} bytes)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_are_readable() {
        assert_eq!(super::human_bytes(999), "999 B");
        assert_eq!(super::human_bytes(1_500_000), "1.5 MB (1500000 bytes)");
    }
}
