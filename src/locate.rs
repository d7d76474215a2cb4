//! Finds where a value stands in a YAML file, by its path (`outcomes[2].only[0]`), so
//! that semantic errors found after parsing still point at line:column (stage: validate).
//!
//! serde_yaml reports positions only for syntax and type errors. Course and framework
//! files are written in block style with the occasional flow list or map, so a
//! line-based scan that tracks indentation recovers the position of every key and
//! scalar. A path that is not found falls back to its nearest ancestor.

use std::collections::HashMap;

/// The deepest nesting of lists and maps a YAML file may have. Course and framework
/// files need about six levels; serde_yaml gives up at 128, and deeper texts could
/// overflow the stack of the parsers before that.
pub const MAX_YAML_DEPTH: usize = 64;

/// Position of a node in the source: 1-based line and column (in characters), and
/// the length of the token to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Line, counting from 1.
    pub line: usize,
    /// Column in characters, counting from 1.
    pub column: usize,
    /// Number of characters to underline (at least 1).
    pub len: usize,
}

/// The positions of all keys and scalars of one YAML text, by path.
#[derive(Debug, Default)]
pub struct YamlIndex {
    /// Path → position of the value (or the key when the value is a block).
    positions: HashMap<String, Pos>,
    /// Path → position of the key itself, for mappings.
    keys: HashMap<String, Pos>,
}

/// One open block while scanning.
struct Frame {
    /// Column where the block's key or `-` stands.
    indent: usize,
    /// Path of the node.
    path: String,
    /// True for a sequence item.
    item: bool,
}

impl YamlIndex {
    /// Index a YAML text.
    pub fn new(text: &str) -> Self {
        let mut index = YamlIndex::default();
        let mut frames: Vec<Frame> = Vec::new();
        let mut counters: HashMap<String, usize> = HashMap::new();
        let mut block_indent: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let line = strip_comment(raw);
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(bi) = block_indent {
                if line.trim().is_empty() || indent > bi {
                    continue;
                }
                block_indent = None;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with("---") || trimmed == "..." {
                continue;
            }
            let mut col = indent;
            // Sequence items, possibly nested on one line (`- - x`).
            while line[col..].starts_with("- ") || &line[col..] == "-" {
                while frames
                    .last()
                    .is_some_and(|f| f.indent > col || (f.item && f.indent == col))
                {
                    frames.pop();
                }
                let parent = frames.last().map(|f| f.path.clone()).unwrap_or_default();
                let counter = counters.entry(parent.clone()).or_insert(0);
                let path = format!("{parent}[{counter}]");
                *counter += 1;
                index.record_value(&path, raw, line_no, col, 1);
                frames.push(Frame { indent: col, path, item: true });
                col += 1;
                col += line[col..].len() - line[col..].trim_start_matches(' ').len();
            }
            let rest = &line[col..];
            if rest.trim().is_empty() {
                continue;
            }
            let item_path = frames.last().filter(|f| f.item).map(|f| f.path.clone());
            if let Some((key, value_offset)) = split_key(rest) {
                while frames.last().is_some_and(|f| f.indent >= col) {
                    frames.pop();
                }
                let parent = frames.last().map(|f| f.path.clone()).unwrap_or_default();
                let path = join_key(&parent, &key);
                let key_pos = pos(raw, line_no, col, key.chars().count().max(1));
                index.keys.insert(path.clone(), key_pos);
                index.positions.insert(path.clone(), key_pos);
                let value_col = col + value_offset;
                let value = line[value_col.min(line.len())..].trim_end();
                if value.starts_with('|') || value.starts_with('>') {
                    block_indent = Some(col);
                } else if !value.is_empty() {
                    index.record_flow(&path, raw, line_no, value_col, line);
                }
                frames.push(Frame { indent: col, path, item: false });
            } else if let Some(path) = item_path {
                index.record_flow(&path, raw, line_no, col, line);
            }
        }
        index
    }

    /// Record a scalar, flow list or flow map that starts at byte `start` of `line`.
    fn record_flow(
        &mut self,
        path: &str,
        raw: &str,
        line_no: usize,
        start: usize,
        line: &str,
    ) {
        let mut parser =
            FlowParser { index: self, raw, line, line_no, at: start, depth: 0 };
        parser.node(path);
    }

    fn record_value(
        &mut self,
        path: &str,
        raw: &str,
        line_no: usize,
        col: usize,
        len: usize,
    ) {
        self.positions.insert(path.to_owned(), pos(raw, line_no, col, len));
    }

    /// Whether the file writes `path` itself (not only an ancestor of it).
    pub fn has(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }

    /// The position of `path`, or of its nearest ancestor that was found.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = parent_path(p)?;
        }
    }

    /// The position of the key of `path` (for "unknown field" errors), or of its value.
    pub fn find_key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.find(path))
    }
}

/// The parent of a path: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Append a mapping key to a path.
pub fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

/// Build a position from a byte column.
fn pos(raw: &str, line: usize, byte_col: usize, len: usize) -> Pos {
    let column = raw[..byte_col.min(raw.len())].chars().count() + 1;
    Pos { line, column, len: len.max(1) }
}

/// Cut a trailing comment (` # …` outside quotes).
pub(crate) fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'')
                && matches!(prev, ' ' | '[' | '{' | ',' | ':') =>
            {
                quote = Some(c);
            }
            None if c == '#' && (prev == ' ' || prev == '\t' || i == 0) => {
                return &line[..i];
            }
            None => {}
        }
        prev = c;
    }
    line
}

/// Split `key: value` into the unquoted key and the byte offset of the value.
fn split_key(rest: &str) -> Option<(String, usize)> {
    let (key, after) =
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let end = rest[1..].find(q)? + 1;
            (rest[1..end].to_owned(), end + 1)
        } else {
            if rest.starts_with('[') || rest.starts_with('{') {
                return None;
            }
            let colon = rest.match_indices(':').find(|(i, _)| {
                rest[i + 1..].is_empty() || rest[i + 1..].starts_with(' ')
            })?;
            (rest[..colon.0].trim_end().to_owned(), colon.0)
        };
    let after_colon = rest[after..].strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with(' ')) {
        return None;
    }
    let value_offset = after + 1 + (after_colon.len() - after_colon.trim_start().len());
    Some((key, value_offset))
}

/// A small parser for flow values on one line: scalars, `[a, b]` and `{k: v}`.
struct FlowParser<'a> {
    index: &'a mut YamlIndex,
    raw: &'a str,
    line: &'a str,
    line_no: usize,
    at: usize,
    /// Open brackets; deeper than [`MAX_YAML_DEPTH`] is not indexed.
    depth: usize,
}

impl FlowParser<'_> {
    fn skip_ws(&mut self) {
        while self.line[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    fn node(&mut self, path: &str) {
        if self.depth > MAX_YAML_DEPTH {
            self.at = self.line.len();
            return;
        }
        self.depth += 1;
        self.node_inner(path);
        self.depth -= 1;
    }

    fn node_inner(&mut self, path: &str) {
        self.skip_ws();
        let rest = &self.line[self.at..];
        if rest.starts_with('[') {
            self.index.record_value(path, self.raw, self.line_no, self.at, 1);
            self.at += 1;
            let mut i = 0;
            loop {
                self.skip_ws();
                if self.at >= self.line.len() || self.line[self.at..].starts_with(']') {
                    break;
                }
                self.node(&format!("{path}[{i}]"));
                i += 1;
                self.skip_ws();
                if self.line[self.at..].starts_with(',') {
                    self.at += 1;
                } else {
                    break;
                }
            }
            self.at = (self.at + 1).min(self.line.len());
        } else if rest.starts_with('{') {
            self.index.record_value(path, self.raw, self.line_no, self.at, 1);
            self.at += 1;
            loop {
                self.skip_ws();
                if self.at >= self.line.len() || self.line[self.at..].starts_with('}') {
                    break;
                }
                let key_start = self.at;
                let key_end = self.line[self.at..]
                    .find([':', ',', '}'])
                    .map_or(self.line.len(), |e| self.at + e);
                let key = self.line[key_start..key_end].trim().trim_matches(['"', '\'']);
                let key_path = join_key(path, key);
                let kp = pos(self.raw, self.line_no, key_start, key.chars().count());
                self.index.keys.insert(key_path.clone(), kp);
                self.index.positions.insert(key_path.clone(), kp);
                self.at = key_end;
                if self.line[self.at..].starts_with(':') {
                    self.at += 1;
                    self.node(&key_path);
                }
                self.skip_ws();
                if self.line[self.at..].starts_with(',') {
                    self.at += 1;
                } else {
                    break;
                }
            }
            self.at = (self.at + 1).min(self.line.len());
        } else {
            let start = self.at;
            let end = if let Some(q) =
                rest.chars().next().filter(|c| *c == '"' || *c == '\'')
            {
                rest[1..].find(q).map_or(self.line.len(), |e| start + e + 2)
            } else {
                rest.find([',', ']', '}']).map_or(self.line.len(), |e| start + e)
            };
            let token = self.line[start..end].trim_end();
            self.index.record_value(
                path,
                self.raw,
                self.line_no,
                start,
                token.chars().count(),
            );
            self.at = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
code: SW3   # comment
outcomes:
  - LU1
  - id: LU3
    except: [G14, G15]
  - { id: LU4, only: [G02] }
weights:
  LU1: 2
scale:
- id: a
  label: |
    text
    more
- id: b
";

    fn at(path: &str) -> (usize, usize) {
        let p = YamlIndex::new(TEXT).find(path).unwrap();
        (p.line, p.column)
    }

    #[test]
    fn finds_block_and_flow_nodes() {
        assert_eq!(at("code"), (1, 7));
        assert_eq!(at("outcomes[0]"), (3, 5));
        assert_eq!(at("outcomes[1].id"), (4, 9));
        assert_eq!(at("outcomes[1].except[1]"), (5, 19));
        assert_eq!(at("outcomes[2].id"), (6, 11));
        assert_eq!(at("outcomes[2].only[0]"), (6, 23));
        assert_eq!(at("weights.LU1"), (8, 8));
        assert_eq!(at("scale[1].id"), (14, 7));
        assert_eq!(at("scale[0].label"), (11, 3));
    }

    #[test]
    fn unknown_paths_fall_back_to_their_parent() {
        assert_eq!(at("outcomes[1].nothing"), (4, 3));
        assert_eq!(YamlIndex::new(TEXT).find_key("weights.LU1").unwrap().line, 8);
    }
}
