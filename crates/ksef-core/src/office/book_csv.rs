//! The client book as a CSV file: columns NIP, name, note. Read as offices keep such lists:
//! Polish Excel writes `;` and, unless told "CSV UTF-8", Windows-1250; others write `,`; a
//! header row may be there or not; NIPs come as `526-587-76-35` or `PL 5265877635`. A bad line
//! never costs the good ones: it is returned with its number and the reason.
//!
//! Written for Excel: `;`, CRLF, a header row and a UTF-8 BOM (without it Excel reads UTF-8 as
//! Windows-1250 and mangles Polish letters).

use std::collections::HashMap;

use crate::ident::{IdError, Nip};
use crate::lang::{Lang, Localized};

use super::book::{checked_texts, Client, ClientError, NAME_MAX, NOTE_MAX};
use super::cp1250;
use super::text::Text;

const BOM: &str = "\u{feff}";
/// A rejected line is shown, so it is cut to what a table cell can hold.
const SHOWN_CHARS: usize = 120;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Not valid UTF-8: read as Excel's Polish ANSI code page.
    Windows1250,
}

impl TextEncoding {
    pub fn label(self, lang: Lang) -> String {
        Text::Encoding {
            utf8: self == TextEncoding::Utf8,
        }
        .say(lang)
    }
}

/// A good line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedClient {
    /// 1-based, as an editor shows it.
    pub line: u64,
    pub nip: Nip,
    pub name: String,
    pub note: String,
}

/// Why a line was not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum LineError {
    /// The line has a name or note but no NIP.
    MissingNip,
    BadNip(#[source] IdError),
    NameTooLong {
        got: usize,
    },
    NoteTooLong {
        got: usize,
    },
    /// The NIP was already on an earlier line (that one is taken).
    Duplicate {
        first_line: u64,
    },
    /// The CSV reader could not read the line.
    Unreadable {
        detail: String,
    },
}

impl Localized for LineError {
    fn message(&self, lang: Lang) -> String {
        let why;
        let text = match self {
            LineError::MissingNip => Text::MissingNip,
            LineError::BadNip(e) => {
                why = e.message(lang);
                Text::BadNip { why: &why }
            }
            LineError::NameTooLong { got } => Text::NameTooLong {
                max: NAME_MAX,
                got: *got,
            },
            LineError::NoteTooLong { got } => Text::NoteTooLong {
                max: NOTE_MAX,
                got: *got,
            },
            LineError::Duplicate { first_line } => Text::DuplicateLine {
                first_line: *first_line,
            },
            LineError::Unreadable { detail } => Text::Unreadable { detail },
        };
        text.say(lang)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedLine {
    pub line: u64,
    /// The line as read (cells joined by the file's delimiter), cut for display.
    pub text: String,
    pub reason: LineError,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvImport {
    pub clients: Vec<ImportedClient>,
    pub rejected: Vec<RejectedLine>,
    pub encoding: TextEncoding,
    pub delimiter: char,
    pub had_header: bool,
}

/// Which cell holds what.
#[derive(Clone, Copy)]
struct Columns {
    nip: usize,
    name: usize,
    note: usize,
}

const POSITIONAL: Columns = Columns {
    nip: 0,
    name: 1,
    note: 2,
};

pub fn read_csv(bytes: &[u8]) -> CsvImport {
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), TextEncoding::Utf8),
        Err(_) => (cp1250::decode(bytes), TextEncoding::Windows1250),
    };
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter as u8)
        .from_reader(text.as_bytes());
    let mut out = CsvImport {
        clients: Vec::new(),
        rejected: Vec::new(),
        encoding,
        delimiter,
        had_header: false,
    };
    let mut columns = POSITIONAL;
    let mut first = true;
    let mut lines: HashMap<Nip, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(&text, p.byte()));
                out.rejected.push(RejectedLine {
                    line,
                    text: String::new(),
                    reason: LineError::Unreadable {
                        detail: e.to_string(),
                    },
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue; // Excel's trailing `;;` lines
        }
        if std::mem::replace(&mut first, false) && is_header_row(&record) {
            columns = header_columns(&record);
            out.had_header = true;
            continue;
        }
        let line = record.position().map_or(0, |p| line_at(&text, p.byte()));
        let cell = |i: usize| record.get(i).unwrap_or("");
        match read_line(cell(columns.nip), cell(columns.name), cell(columns.note)) {
            Ok((nip, name, note)) => match lines.get(&nip) {
                Some(&first_line) => out.rejected.push(RejectedLine {
                    line,
                    text: shown(&record, delimiter),
                    reason: LineError::Duplicate { first_line },
                }),
                None => {
                    lines.insert(nip.clone(), line);
                    out.clients.push(ImportedClient {
                        line,
                        nip,
                        name,
                        note,
                    });
                }
            },
            Err(reason) => out.rejected.push(RejectedLine {
                line,
                text: shown(&record, delimiter),
                reason,
            }),
        }
    }
    out
}

/// The 1-based line where the record at `byte` starts. The csv crate's own line numbers (and
/// its offsets) point at the blank lines and line ends before a record, wrongly so with CRLF:
/// skip those, then count.
fn line_at(text: &str, byte: u64) -> u64 {
    let from = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    let start = text[from..]
        .find(|c| c != '\r' && c != '\n')
        .map_or(text.len(), |i| from + i);
    1 + text[..start].matches('\n').count() as u64
}

fn read_line(nip: &str, name: &str, note: &str) -> Result<(Nip, String, String), LineError> {
    if nip.is_empty() {
        return Err(LineError::MissingNip);
    }
    let nip = Nip::from_user_input(nip).map_err(LineError::BadNip)?;
    let (name, note) = checked_texts(name, note).map_err(|e| match e {
        ClientError::NoteTooLong { got } => LineError::NoteTooLong { got },
        ClientError::NameTooLong { got } => LineError::NameTooLong { got },
        other => LineError::Unreadable {
            detail: other.message(Lang::En),
        },
    })?;
    Ok((nip, name, note))
}

fn shown(record: &csv::StringRecord, delimiter: char) -> String {
    let joined = record
        .iter()
        .collect::<Vec<_>>()
        .join(&delimiter.to_string());
    match joined.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// A cell such as `NIP` or `NIP klienta`: names the column, holds no number.
fn is_header(cell: &str) -> bool {
    cell.to_lowercase().contains("nip") && !cell.chars().any(|c| c.is_ascii_digit())
}

/// A first row that names a NIP column and holds no NIP.
fn is_header_row(record: &csv::StringRecord) -> bool {
    record.iter().any(is_header) && !record.iter().any(|c| Nip::from_user_input(c).is_ok())
}

fn header_columns(record: &csv::StringRecord) -> Columns {
    let find = |words: &[&str]| {
        record.iter().position(|cell| {
            let cell = cell.to_lowercase();
            words.iter().any(|w| cell.starts_with(w))
        })
    };
    Columns {
        nip: find(&["nip"]).unwrap_or(POSITIONAL.nip),
        name: find(&["nazwa", "name", "firma", "klient", "client", "company"])
            .unwrap_or(POSITIONAL.name),
        note: find(&["uwagi", "notatk", "note", "opis", "komentarz", "comment"])
            .unwrap_or(POSITIONAL.note),
    }
}

/// The delimiter after which the first line's first cell is a NIP or a NIP header; else the
/// commonest candidate on that line (`;` when none is there: a one-column file).
fn sniff_delimiter(text: &str) -> char {
    const CANDIDATES: [char; 3] = [';', ',', '\t'];
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let fits = |d: char| {
        let cell = line.split(d).next().unwrap_or("").trim().trim_matches('"');
        line.contains(d) && (is_header(cell) || Nip::from_user_input(cell).is_ok())
    };
    if let Some(d) = CANDIDATES.into_iter().find(|&d| fits(d)) {
        return d;
    }
    CANDIDATES
        .into_iter()
        .rev()
        .max_by_key(|&d| line.matches(d).count())
        .filter(|&d| line.contains(d))
        .unwrap_or(';')
}

/// The book as Excel opens it: `;`, CRLF, a header in `lang`, a UTF-8 BOM.
pub fn write_csv(clients: &[Client], lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = Text::BookHeader.say(lang);
    // Writing to a Vec cannot fail, and every cell is UTF-8.
    w.write_record(header.split(';')).expect("in memory");
    for c in clients {
        w.write_record([c.nip.as_str(), &c.name, &c.note])
            .expect("in memory");
    }
    let body = w.into_inner().expect("in memory");
    format!(
        "{BOM}{}",
        String::from_utf8(body).expect("written from UTF-8")
    )
}
