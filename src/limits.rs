//! What meetlat refuses to read, and the cheap checks that refuse it before a parser
//! would run out of stack, memory or time (stage: load). The README's section "Limits"
//! lists the same numbers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::locate::Pos;

/// The largest scoring sheet (`.xlsx` file) `meetlat report` reads, in bytes. A sheet
/// for 50,000 students is about 24 MB.
pub const MAX_XLSX_BYTES: u64 = 256 * 1024 * 1024;

/// The most a scoring sheet may unpack to, all its parts together, in bytes. A sheet for
/// 50,000 students unpacks to about 270 MB; a zip bomb to many gigabytes.
pub const MAX_XLSX_UNPACKED: u64 = 1024 * 1024 * 1024;

/// The most parts (files inside the zip) a scoring sheet may have.
pub const MAX_XLSX_PARTS: usize = 10_000;

/// The last row (1-based) a cell of a sheet may stand in.
pub const MAX_SHEET_ROWS: u32 = 200_000;

/// The last column (1-based, `ALL`) a cell of a sheet may stand in.
pub const MAX_SHEET_COLUMNS: u32 = 1_000;

/// The most cells the rectangle around a sheet's used cells may hold: the reader makes
/// one value for each (about 56 bytes, so 20 million is about a gigabyte). A sheet for
/// 50,000 students covers about 4 million.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;

/// Seconds a document may take to typeset by default; see [`typeset_seconds`].
pub const TYPESET_SECONDS: u64 = 300;

/// The environment variable that sets another time limit for typesetting one document.
pub const TYPESET_SECONDS_VAR: &str = "MEETLAT_TYPESET_SECONDS";

/// Stack of the thread a document is typeset on: Typst's evaluation and layout recurse
/// (its parser stops at 256 levels of nesting). Only the part used is memory.
pub const TYPESET_STACK: usize = 256 * 1024 * 1024;

/// Seconds one document may take to typeset: [`TYPESET_SECONDS`], or the whole number
/// of seconds in `MEETLAT_TYPESET_SECONDS`.
pub fn typeset_seconds() -> u64 {
    std::env::var(TYPESET_SECONDS_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(TYPESET_SECONDS)
}

/// The environment variable that sets meetlat's memory limit, in megabytes.
pub const MEMORY_LIMIT_VAR: &str = "MEETLAT_MEMORY_LIMIT_MB";

/// The default memory limit: 8 GB, or three quarters of the machine's memory when that
/// is less.
pub const MEMORY_LIMIT: usize = 8 * 1024 * 1024 * 1024;

static MEMORY_USED: AtomicUsize = AtomicUsize::new(0);
static MEMORY_CAP: AtomicUsize = AtomicUsize::new(usize::MAX);
static OVER_BUDGET: AtomicBool = AtomicBool::new(false);

/// The global allocator of the `meetlat` binary: the system allocator, counting the bytes
/// in use. Past the limit (see [`set_memory_limit`]) the process ends with a sentence on
/// standard error and exit code 2, instead of being killed by the system or aborting
/// (a failed allocation aborts a Rust program). A template override that builds a huge
/// array or document is the usual cause; meetlat itself stays well below it.
#[derive(Debug)]
pub struct MemoryBudget;

impl MemoryBudget {
    fn take(size: usize) {
        let used = MEMORY_USED.fetch_add(size, Ordering::Relaxed).saturating_add(size);
        if used > MEMORY_CAP.load(Ordering::Relaxed)
            && !OVER_BUDGET.swap(true, Ordering::Relaxed)
        {
            over_budget();
        }
    }
}

/// Say why and exit. Allocations from here on are not limited (`OVER_BUDGET` is set).
#[cold]
fn over_budget() -> ! {
    use std::io::Write;
    // Destructors do not run on `exit`: remove the run's temporary files here.
    crate::cleanup::remove_temporary();
    let mb = MEMORY_CAP.load(Ordering::Relaxed) / (1024 * 1024);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "\nerror: meetlat needed more than its memory limit of {mb} MB and stopped; nothing \
         more was written\n  = hint: a template override that builds a huge array or \
         document is the usual cause\n  = hint: for a very large course, set \
         {MEMORY_LIMIT_VAR} to a higher number of megabytes"
    );
    std::process::exit(2)
}

// SAFETY: every call is passed on to the system allocator unchanged; only a counter
// is kept beside it.
unsafe impl GlobalAlloc for MemoryBudget {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::take(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::take(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MEMORY_USED.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            Self::take(new_size - layout.size());
        } else {
            MEMORY_USED.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Set the memory limit of [`MemoryBudget`]: `MEETLAT_MEMORY_LIMIT_MB` when set, else
/// [`MEMORY_LIMIT`] or three quarters of the machine's memory, whichever is less.
/// Without a call there is no limit (the library used from other programs).
pub fn set_memory_limit() {
    let from_env = std::env::var(MEMORY_LIMIT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map(|mb| mb.saturating_mul(1024 * 1024));
    let machine = std::fs::read_to_string("/proc/meminfo").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb.saturating_mul(1024) / 4 * 3)
    });
    let cap =
        from_env.unwrap_or_else(|| machine.map_or(MEMORY_LIMIT, |m| m.min(MEMORY_LIMIT)));
    MEMORY_CAP.store(cap, Ordering::Relaxed);
}

pub use crate::locate::MAX_YAML_DEPTH;

/// Where a YAML text nests deeper than [`MAX_YAML_DEPTH`], if it does: the position of
/// the list item, key or bracket that goes one level too deep.
///
/// A linear scan of the text that counts open flow brackets (`[`, `{`) outside quotes and
/// comments, plus the block levels given by indentation and `- ` items. It may count a
/// level more than the YAML parser would (never fewer), which only matters far beyond
/// any real course file.
pub fn yaml_too_deep(text: &str) -> Option<Pos> {
    let mut flow: usize = 0;
    let mut blocks: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let at = |byte: usize| Pos {
            line: n + 1,
            column: line[..byte].chars().count() + 1,
            len: 1,
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line[indent..].trim_end();
        if let Some(bi) = block_scalar {
            if content.is_empty() || indent > bi {
                continue;
            }
            block_scalar = None;
        }
        let mut i = indent;
        if flow == 0 && quote.is_none() {
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            while blocks.last().is_some_and(|b| *b >= indent) {
                blocks.pop();
            }
            blocks.push(indent);
            if blocks.len() > MAX_YAML_DEPTH {
                return Some(at(indent));
            }
            // Sequence items on one line (`- - x`), each a level.
            while line[i..].starts_with("- ") || &line[i..] == "-" {
                blocks.push(i + 1);
                if blocks.len() > MAX_YAML_DEPTH {
                    return Some(at(i));
                }
                i += 1;
                i += line[i..].len() - line[i..].trim_start_matches(' ').len();
            }
        }
        // The previous significant character: a bracket opens a flow collection only at
        // the start of a value in block context (`key: [`, `- [`), anywhere in a flow.
        let mut prev = ' ';
        let mut token_start = true;
        let mut escaped = false;
        for (j, c) in line[i..].char_indices() {
            let j = i + j;
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                prev = c;
                continue;
            }
            match c {
                '#' if prev == ' ' || prev == '\t' || j == 0 => break,
                '"' | '\'' if token_start || matches!(prev, '[' | '{' | ',' | ':') => {
                    quote = Some(c);
                }
                '[' | '{' if flow > 0 || token_start || prev == ':' => {
                    flow += 1;
                    if blocks.len() + flow > MAX_YAML_DEPTH {
                        return Some(at(j));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                // A block scalar (`|`, `>-`, …): its lines are text, not structure.
                '|' | '>'
                    if flow == 0
                        && (token_start || prev == ':')
                        && (line[j + 1..]
                            .trim_start_matches(|c: char| {
                                c == '+' || c == '-' || c.is_ascii_digit()
                            })
                            .trim()
                            .is_empty()
                            || line[j + 1..].trim_start().starts_with('#')) =>
                {
                    block_scalar = Some(indent);
                    break;
                }
                _ => {}
            }
            if c != ' ' && c != '\t' {
                token_start = false;
                prev = c;
            } else if prev == ':'
                || prev == '-'
                || prev == ','
                || prev == '['
                || prev == '{'
            {
                // `key: ` and `- ` start a new value.
                token_start = true;
                prev = ' ';
            } else {
                prev = ' ';
            }
        }
    }
    None
}

/// The most values (scalars, lists, maps, keys) a YAML file may expand to, counting
/// every copy an alias (`*name`) makes of its anchor (`&name`). A course file with 50,000
/// students listed in it has about 300,000.
pub const MAX_YAML_NODES: usize = 2_000_000;

/// Whether `text` expands to more than [`MAX_YAML_NODES`] values: a pass over the YAML
/// that counts values as aliases are followed, without keeping any. A syntax error ends
/// the count early (the real parse reports it).
pub fn yaml_expands_too_much(text: &str) -> bool {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::cell::Cell;

    #[derive(Clone, Copy)]
    struct Count<'a>(&'a Cell<usize>);

    impl Count<'_> {
        fn tick<E: serde::de::Error>(self) -> Result<(), E> {
            self.0.set(self.0.get() + 1);
            if self.0.get() > MAX_YAML_NODES {
                Err(E::custom("too many values"))
            } else {
                Ok(())
            }
        }
    }

    impl<'de> DeserializeSeed<'de> for Count<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Count<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            self.tick()
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            self.tick()
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            self.tick()
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            self.tick()
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
            self.tick()
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            self.tick()
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
            self.tick()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.tick()?;
            while seq.next_element_seed(self)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            self.tick()?;
            while map.next_key_seed(self)?.is_some() {
                map.next_value_seed(self)?;
            }
            Ok(())
        }
        fn visit_enum<A: serde::de::EnumAccess<'de>>(
            self,
            data: A,
        ) -> Result<(), A::Error> {
            use serde::de::VariantAccess;
            let ((), variant) = data.variant_seed(self)?;
            variant.newtype_variant_seed(self)
        }
    }

    if !text.contains('*') {
        return false;
    }
    let count = Cell::new(0);
    for document in serde_yaml::Deserializer::from_str(text) {
        let _ = Count(&count).deserialize(document);
        if count.get() > MAX_YAML_NODES {
            return true;
        }
    }
    false
}

/// The first alias (`*name`) of a YAML text, for a message about anchors that expand
/// too much: serde_yaml reports that without a position.
pub fn first_alias(text: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(n, line)| {
        let content = crate::locate::strip_comment(line);
        content.char_indices().find_map(|(j, c)| {
            let before = content[..j].chars().next_back().unwrap_or(' ');
            let next = content[j + 1..].chars().next().unwrap_or(' ');
            (c == '*'
                && matches!(before, ' ' | '[' | '{' | ',' | ':')
                && (next.is_alphanumeric() || next == '_' || next == '-'))
                .then(|| Pos {
                    line: n + 1,
                    column: content[..j].chars().count() + 1,
                    len: 1 + content[j + 1..]
                        .chars()
                        .take_while(|c| {
                            !c.is_whitespace() && !matches!(c, ',' | ']' | '}')
                        })
                        .count(),
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_files_are_not_too_deep() {
        assert_eq!(yaml_too_deep(crate::load::EMBEDDED_FRAMEWORK), None);
        let example = include_str!("../examples/stage.yaml");
        assert_eq!(yaml_too_deep(example), None);
        let text = "a:\n  - [x, {y: [z]}]\n  - b: |\n      [[[[[[\n  - 'it''s [' \n";
        assert_eq!(yaml_too_deep(text), None);
        assert_eq!(yaml_too_deep("note: a [b] c {d\n"), None);
    }

    #[test]
    fn deep_flow_and_block_nesting_are_found() {
        let flow = format!("x: {}{}\n", "[".repeat(100), "]".repeat(100));
        let pos = yaml_too_deep(&flow).expect("too deep");
        assert_eq!((pos.line, pos.column), (1, 4 + MAX_YAML_DEPTH - 1));
        let block = format!("x:\n  {}y\n", "- ".repeat(100));
        assert_eq!(yaml_too_deep(&block).map(|p| p.line), Some(2));
        let keys: String =
            (0..100).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert!(yaml_too_deep(&keys).is_some());
        let split = format!("x: {}\n{}\n", "[".repeat(40), "[".repeat(40));
        assert_eq!(yaml_too_deep(&split).map(|p| p.line), Some(2));
    }

    #[test]
    fn aliases_that_expand_too_much_are_counted() {
        let mut text = String::from("a: &a [");
        text.push_str(&"x, ".repeat(5000));
        text.push_str("x]\nb: [");
        text.push_str(&"*a, ".repeat(1000));
        text.push_str("*a]\n");
        assert!(yaml_expands_too_much(&text));
        assert!(!yaml_expands_too_much("a: &a [x, y]\nb: [*a, *a]\n"));
        assert!(!yaml_expands_too_much(crate::load::EMBEDDED_FRAMEWORK));
    }

    #[test]
    fn aliases_are_found() {
        let pos = first_alias("a: &a [x]\n# *no\nb: [*a, *a]\n").expect("alias");
        assert_eq!((pos.line, pos.column, pos.len), (3, 5, 2));
        assert_eq!(first_alias("a: '*' \nb: 2 * 3\n"), None);
    }
}
