//! Full-text search over every entity's docs: a BM25 ranking over an inverted index of
//! words, kept in the cache beside portal's index and updated page by page (a page is
//! read again only when its fingerprint changed). The index is only a cache: without it,
//! or with a damaged one, the same answers come from reading the pages.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Site;

/// Bumped whenever the encoding or the meaning of the index changes.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"portaldx";
/// BM25's parameters, the usual ones.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Words longer than this are not indexed (hashes, base64, minified text).
const MAX_WORD: usize = 40;
/// How recent a modification time must be for a fingerprint not to be trusted
/// (`source::stamp::RACY`): a page written in the same instant as the index.
const RACY_NS: u128 = 2_000_000_000;

/// One page of the index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    /// The page's file as shown (unique across sources).
    key: String,
    fingerprint: String,
    entity: String,
    path: String,
    title: String,
    /// Words on the page.
    len: u32,
}

/// What the index holds besides its postings (encoded with postcard).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Meta {
    /// When it was written, in nanoseconds since the epoch.
    written: u128,
    pages: Vec<Entry>,
    /// Sorted words.
    terms: Vec<String>,
    /// Where each word's postings start in the postings bytes (one more: their end).
    offsets: Vec<u32>,
}

/// The index: its meta, and the postings as stored, decoded only for the words asked
/// about (a search over 20,000 pages reads a few postings, not millions).
#[derive(Debug, Default)]
struct Index {
    meta: Meta,
    /// Each word's postings: `(page − previous page, count)` pairs as LEB128 varints.
    postings: Vec<u8>,
}

impl Index {
    fn postings_of(&self, term: usize) -> Vec<(u32, u32)> {
        let (Some(&a), Some(&b)) = (self.meta.offsets.get(term), self.meta.offsets.get(term + 1))
        else {
            return Vec::new();
        };
        let mut bytes = self
            .postings
            .get(a as usize..b as usize)
            .unwrap_or_default();
        let mut out = Vec::new();
        let mut page = 0u32;
        while !bytes.is_empty() {
            let (Some(delta), Some(count)) = (varint(&mut bytes), varint(&mut bytes)) else {
                break;
            };
            page = page.saturating_add(delta);
            out.push((page, count));
        }
        out
    }

    fn all_terms(&self) -> Vec<(String, Vec<(u32, u32)>)> {
        (0..self.meta.terms.len())
            .map(|i| (self.meta.terms[i].clone(), self.postings_of(i)))
            .collect()
    }

    fn set_terms(&mut self, terms: Vec<(String, Vec<(u32, u32)>)>) {
        let mut postings = Vec::new();
        let mut names = Vec::with_capacity(terms.len());
        let mut offsets = Vec::with_capacity(terms.len() + 1);
        for (term, list) in terms {
            offsets.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
            let mut previous = 0u32;
            for (page, count) in list {
                put_varint(&mut postings, page - previous);
                put_varint(&mut postings, count);
                previous = page;
            }
            names.push(term);
        }
        offsets.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        self.meta.terms = names;
        self.meta.offsets = offsets;
        self.postings = postings;
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for shift in (0..35).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// A page that matches, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The entity whose docs hold it.
    pub entity: String,
    /// Its path in the site.
    pub path: String,
    /// Its file, as shown.
    pub file: PathBuf,
    /// Its title: the nav's, else its first heading, else its path.
    pub title: String,
    /// BM25 score.
    pub score: f32,
    /// A line of the page around the first match.
    pub snippet: String,
    /// Byte ranges of the query's words in `snippet`.
    pub matches: Vec<(usize, usize)>,
}

/// What an update of the index did (for `-v`, and the benchmark).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Refresh {
    /// Pages in the index.
    pub pages: usize,
    /// Pages read again (new or changed).
    pub read: usize,
    /// Pages dropped (gone).
    pub dropped: usize,
    /// Whether the index file was written.
    pub written: bool,
}

/// The words of `text`, lower-cased: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD)
        .map(str::to_lowercase)
}

/// A full-text index of docs pages, loaded from (and saved to) `file`.
pub struct Searcher {
    index: Index,
    file: Option<PathBuf>,
}

impl Searcher {
    /// Loads the index at `file` (a missing or damaged one is empty), then brings it up to
    /// date with `sites`: pages whose fingerprint changed are read again, pages gone are
    /// dropped. Saves it when anything changed.
    pub fn open(file: Option<&Path>, sites: &[(&str, &Site)]) -> (Searcher, Refresh) {
        let index = file.and_then(load).unwrap_or_default();
        let mut s = Searcher {
            index,
            file: file.map(Path::to_path_buf),
        };
        let refresh = s.refresh(sites);
        (s, refresh)
    }

    fn refresh(&mut self, sites: &[(&str, &Site)]) -> Refresh {
        // The old entries, their keys moved into the map: an entry kept is moved, not copied.
        let mut previous = std::mem::take(&mut self.index.meta.pages);
        let old: HashMap<String, usize> = previous
            .iter_mut()
            .enumerate()
            .map(|(i, p)| (std::mem::take(&mut p.key), i))
            .collect();
        let mut keep: Vec<Option<u32>> = vec![None; previous.len()];
        let mut pages: Vec<Entry> = Vec::new();
        let mut fresh: Vec<(u32, BTreeMap<String, u32>)> = Vec::new();
        let mut read = 0;
        for (entity, site) in sites {
            let titles: HashMap<String, String> = site.nav_titles().into_iter().collect();
            for page in &site.pages {
                let key = site
                    .located
                    .tree
                    .show(&page.file)
                    .to_string_lossy()
                    .into_owned();
                let Some(fingerprint) = site.located.tree.fingerprint(&page.file) else {
                    continue;
                };
                let trusted = !racy(&fingerprint, self.index.meta.written);
                let id = u32::try_from(pages.len()).unwrap_or(u32::MAX);
                match old.get(key.as_str()) {
                    Some(&i)
                        if trusted
                            && previous[i].fingerprint == fingerprint
                            && previous[i].entity == *entity
                            && keep[i].is_none() =>
                    {
                        keep[i] = Some(id);
                        let mut e = std::mem::take(&mut previous[i]);
                        e.key = key;
                        e.path.clone_from(&page.path);
                        if let Some(t) = titles.get(&page.path) {
                            e.title = t.clone();
                        }
                        pages.push(e);
                    }
                    _ => {
                        read += 1;
                        let text = site.read(page).unwrap_or_default();
                        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
                        let mut len = 0u32;
                        for w in words(&text) {
                            *counts.entry(w).or_insert(0) += 1;
                            len += 1;
                        }
                        let title = titles
                            .get(&page.path)
                            .cloned()
                            .or_else(|| first_heading(&text))
                            .unwrap_or_else(|| page.path.clone());
                        pages.push(Entry {
                            key,
                            fingerprint,
                            entity: entity.to_string(),
                            path: page.path.clone(),
                            title,
                            len,
                        });
                        fresh.push((id, counts));
                    }
                }
            }
        }
        let dropped = keep.iter().filter(|k| k.is_none()).count();
        let changed = read > 0 || dropped > 0 || pages.len() != previous.len();
        if changed {
            let mut terms: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
            for (term, postings) in self.index.all_terms() {
                let kept: Vec<(u32, u32)> = postings
                    .into_iter()
                    .filter_map(|(p, n)| keep.get(p as usize).copied().flatten().map(|id| (id, n)))
                    .collect();
                if !kept.is_empty() {
                    terms.insert(term, kept);
                }
            }
            for (id, counts) in fresh {
                for (term, n) in counts {
                    terms.entry(term).or_default().push((id, n));
                }
            }
            for postings in terms.values_mut() {
                postings.sort_unstable();
            }
            self.index.set_terms(terms.into_iter().collect());
        }
        self.index.meta.pages = pages;
        let mut written = false;
        if changed && let Some(file) = &self.file {
            self.index.meta.written = now_ns();
            written = save(file, &self.index).is_ok();
        }
        Refresh {
            pages: self.index.meta.pages.len(),
            read,
            dropped,
            written,
        }
    }

    /// The pages matching `query`, best first, at most `limit`, among those `keep`
    /// accepts (by entity); each with a snippet read from `sites`.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        keep: &dyn Fn(&str) -> bool,
        sites: &[(&str, &Site)],
    ) -> Vec<Hit> {
        let n = self.index.meta.pages.len() as f32;
        if n == 0.0 {
            return Vec::new();
        }
        let avg = self
            .index
            .meta
            .pages
            .iter()
            .map(|p| p.len as f32)
            .sum::<f32>()
            / n;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let query_words: Vec<String> = words(query).collect();
        for w in &query_words {
            for postings in self.postings(w) {
                let idf =
                    ((n - postings.len() as f32 + 0.5) / (postings.len() as f32 + 0.5) + 1.0).ln();
                for &(page, tf) in &postings {
                    let len = self.index.meta.pages[page as usize].len as f32;
                    let tf = tf as f32;
                    let s = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg.max(1.0)));
                    *scores.entry(page).or_insert(0.0) += s;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = scores
            .into_iter()
            .filter(|(p, _)| keep(&self.index.meta.pages[*p as usize].entity))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(p, score)| {
                let e = &self.index.meta.pages[p as usize];
                let (snippet, matches) = sites
                    .iter()
                    .find(|(entity, _)| *entity == e.entity)
                    .and_then(|(_, site)| {
                        let page = site.page(&e.path)?;
                        site.read(page).ok()
                    })
                    .map(|text| snippet(&text, &query_words))
                    .unwrap_or_default();
                Hit {
                    entity: e.entity.clone(),
                    path: e.path.clone(),
                    file: PathBuf::from(&e.key),
                    title: e.title.clone(),
                    score,
                    snippet,
                    matches,
                }
            })
            .collect()
    }

    /// The postings of `word`: its own, else those of the words it starts (`deploy`
    /// finds `deployment`) when it has none.
    fn postings(&self, word: &str) -> Vec<Vec<(u32, u32)>> {
        let terms = &self.index.meta.terms;
        let at = terms.partition_point(|t| t.as_str() < word);
        if terms.get(at).is_some_and(|t| t == word) {
            return vec![self.index.postings_of(at)];
        }
        if word.chars().count() < 3 {
            return Vec::new();
        }
        (at..terms.len())
            .take_while(|&i| terms[i].starts_with(word))
            .take(50)
            .map(|i| self.index.postings_of(i))
            .collect()
    }

    /// The index's size in bytes as stored, and the pages' size (for the benchmark).
    pub fn sizes(&self) -> (u64, u64) {
        let stored = self
            .file
            .as_ref()
            .and_then(|f| std::fs::metadata(f).ok())
            .map_or(0, |m| m.len());
        (stored, self.index.meta.pages.len() as u64)
    }
}

fn first_heading(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix('#'))
        .map(|h| h.trim_start_matches('#').trim().to_string())
        .filter(|h| !h.is_empty())
}

/// The first line holding one of `words`, cut to about 160 characters around it, with
/// the byte ranges of every word of `words` in it.
fn snippet(text: &str, query: &[String]) -> (String, Vec<(usize, usize)>) {
    let is_match = |w: &str| {
        let w = w.to_lowercase();
        query
            .iter()
            .any(|q| w == *q || (q.chars().count() >= 3 && w.starts_with(q.as_str())))
    };
    let line = text
        .lines()
        .find(|l| l.split(|c: char| !c.is_alphanumeric()).any(is_match))
        .unwrap_or_else(|| {
            text.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
        });
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    // Around the first match: start a little before it, on a character boundary.
    let first = find_words(&line, &is_match).first().map_or(0, |m| m.0);
    let start = line[..first]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(i, _)| i);
    let cut: String = line[start..].chars().take(160).collect();
    let cut = if start > 0 { format!("…{cut}") } else { cut };
    let matches = find_words(&cut, &is_match);
    (cut, matches)
}

fn find_words(text: &str, is_match: &dyn Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if is_match(&text[s..i]) {
                    out.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Whether a disk fingerprint's modification time is too close to the index's writing to
/// be trusted.
fn racy(fingerprint: &str, written: u128) -> bool {
    fingerprint
        .split(':')
        .next()
        .and_then(|m| m.parse::<u128>().ok())
        .is_some_and(|modified| modified + RACY_NS >= written)
}

/// Larger than any docs index portal writes.
const MAX_BYTES: u64 = 1 << 30;

fn load(file: &Path) -> Option<Index> {
    let bytes = crate::confine::read_regular(file, MAX_BYTES).ok()?;
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (head, body) = body.split_at_checked(12)?;
    let format = u32::from_le_bytes(head[0..4].try_into().ok()?);
    let meta_len = u32::from_le_bytes(head[4..8].try_into().ok()?) as usize;
    let crc = u32::from_le_bytes(head[8..12].try_into().ok()?);
    if format != FORMAT || crc32fast::hash(body) != crc {
        return None;
    }
    let (meta, postings) = body.split_at_checked(meta_len)?;
    let meta: Meta = postcard::from_bytes(meta).ok()?;
    let last = meta.offsets.last().copied().unwrap_or(0) as usize;
    if meta.offsets.len() != meta.terms.len() + 1 || last != postings.len() {
        return None;
    }
    Some(Index {
        meta,
        postings: postings.to_vec(),
    })
}

/// Written whole to a temporary file and renamed into place.
fn save(file: &Path, index: &Index) -> std::io::Result<()> {
    let meta = postcard::to_stdvec(&index.meta).map_err(std::io::Error::other)?;
    let mut body = Vec::with_capacity(meta.len() + index.postings.len());
    body.extend_from_slice(&meta);
    body.extend_from_slice(&index.postings);
    let mut bytes = Vec::with_capacity(body.len() + 20);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&u32::try_from(meta.len()).unwrap_or(u32::MAX).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    crate::confine::replace(file, &bytes)
}

/// Where the docs index of a run with this key (working folder and sources) is kept.
pub fn index_file(cache: &Path, key: &str) -> PathBuf {
    cache
        .join("docs-index")
        .join(format!("{:08x}.idx", crc32fast::hash(key.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_snippets() {
        let w: Vec<String> = words("Deploy the `payments-api` (v2)!").collect();
        assert_eq!(w, ["deploy", "the", "payments", "api", "v2"]);
        let (s, m) = snippet(
            "# Title\n\nIntro.\n\nTo deploy, run   the\tscript.\n",
            &["deploy".into()],
        );
        assert_eq!(s, "To deploy, run the script.");
        assert_eq!(m, [(3, 9)]);
        assert!(racy("100:1:1", 100) && !racy("1:1:1", 10_000_000_000));
    }
}
