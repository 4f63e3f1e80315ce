use super::nip;
use crate::ident::IdError;
use crate::lang::{Lang, Localized};
use crate::office::book::{ClientBook, NAME_MAX};
use crate::office::book_csv::{read_csv, write_csv, LineError, TextEncoding};

fn nips(import: &crate::office::CsvImport) -> Vec<String> {
    import.clients.iter().map(|c| c.nip.to_string()).collect()
}

#[test]
fn polish_excel_semicolons_with_a_bom_and_a_header() {
    let file = format!(
        "\u{feff}NIP;Nazwa;Uwagi\r\n{};Piekarnia „Pod Kłosem”;VAT-UE\r\n526-000-00-11;\"Kowalski; syn i wnuk\";\r\n;;\r\n",
        nip(0)
    );
    let got = read_csv(file.as_bytes());
    assert_eq!(
        (got.delimiter, got.had_header, got.encoding),
        (';', true, TextEncoding::Utf8)
    );
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(nips(&got), [nip(0).to_string(), nip(1).to_string()]);
    assert_eq!(got.clients[0].name, "Piekarnia „Pod Kłosem”");
    assert_eq!(got.clients[0].note, "VAT-UE");
    assert_eq!(got.clients[1].name, "Kowalski; syn i wnuk");
    assert_eq!((got.clients[0].line, got.clients[1].line), (2, 3));
}

#[test]
fn commas_without_a_header_and_nips_with_spaces() {
    let file = format!(
        "PL {} ,\"Firma, S.A.\"\n5 2 6 0 0 0 0 0 1 1,Druga,uwaga\n",
        nip(0)
    );
    let got = read_csv(file.as_bytes());
    assert_eq!((got.delimiter, got.had_header), (',', false));
    assert_eq!(nips(&got), [nip(0).to_string(), nip(1).to_string()]);
    assert_eq!(got.clients[0].name, "Firma, S.A.");
    assert_eq!(
        (got.clients[1].name.as_str(), got.clients[1].note.as_str()),
        ("Druga", "uwaga")
    );
}

#[test]
fn a_semicolon_file_whose_names_hold_commas_is_still_read_by_semicolons() {
    let file = format!("{};Nowak, Kowalski i Wspólnicy, sp.j.;a, b, c\n", nip(0));
    let got = read_csv(file.as_bytes());
    assert_eq!(got.delimiter, ';');
    assert_eq!(got.clients[0].name, "Nowak, Kowalski i Wspólnicy, sp.j.");
}

#[test]
fn a_header_in_another_order_decides_the_columns() {
    let file = format!("Nazwa klienta,Uwagi,NIP klienta\nFirma A,,{}\n", nip(2));
    let got = read_csv(file.as_bytes());
    assert!(got.had_header);
    assert_eq!(nips(&got), [nip(2).to_string()]);
    assert_eq!(got.clients[0].name, "Firma A");
}

#[test]
fn bad_lines_are_kept_out_and_reported_while_good_ones_are_taken() {
    let long = "N".repeat(NAME_MAX + 1);
    let file = format!(
        "NIP;Nazwa\n{a};Dobra\n5260000001;Zła suma\n;Bez NIP\n{b};{long}\n{a};Powtórka\nabcdefghij;Litery\n{c};Też dobra\n",
        a = nip(0),
        b = nip(1),
        c = nip(2),
    );
    let got = read_csv(file.as_bytes());
    assert_eq!(nips(&got), [nip(0).to_string(), nip(2).to_string()]);
    let reasons: Vec<(u64, &LineError)> =
        got.rejected.iter().map(|r| (r.line, &r.reason)).collect();
    assert_eq!(
        reasons,
        [
            (
                3,
                &LineError::BadNip(IdError::BadChecksum {
                    kind: crate::ident::IdKind::Nip
                })
            ),
            (4, &LineError::MissingNip),
            (5, &LineError::NameTooLong { got: NAME_MAX + 1 }),
            (6, &LineError::Duplicate { first_line: 2 }),
            (
                7,
                &LineError::BadNip(IdError::NotDigits {
                    kind: crate::ident::IdKind::Nip
                })
            ),
        ]
    );
    assert_eq!(got.rejected[0].text, "5260000001;Zła suma");
    assert!(
        got.rejected[2].text.ends_with('…'),
        "a long line is cut for display"
    );
    assert_eq!(
        got.rejected[0].reason.message(Lang::Pl),
        "NIP: Błędna suma kontrolna NIP"
    );
    assert_eq!(
        got.rejected[0].reason.message(Lang::En),
        "NIP: Invalid NIP checksum"
    );
    assert_eq!(
        got.rejected[3].reason.message(Lang::Pl),
        "Ten NIP już był w wierszu 2 (wzięto tamten)"
    );
}

#[test]
fn a_windows_1250_file_keeps_its_polish_letters() {
    // "Zażółć gęślą jaźń" as Polish Excel's ANSI CSV writes it.
    let mut file = format!("{};", nip(0)).into_bytes();
    file.extend([
        0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0x9C, 0x6C, 0xB9, 0x20, 0x6A, 0x61,
        0x9F, 0xF1, 0x3B, 0xA3, 0xF3, 0x64, 0x9F,
    ]);
    let got = read_csv(&file);
    assert_eq!(got.encoding, TextEncoding::Windows1250);
    assert_eq!(got.clients[0].name, "Zażółć gęślą jaźń");
    assert_eq!(got.clients[0].note, "Łódź");
    assert_eq!(
        got.encoding.label(Lang::En),
        "Windows-1250 (CSV from a Polish Excel)"
    );
}

#[test]
fn a_single_column_of_nips_and_an_empty_file() {
    let got = read_csv(format!("{}\r\n{}\r\n", nip(0), nip(1)).as_bytes());
    assert_eq!(nips(&got).len(), 2);
    assert!(got.rejected.is_empty());
    let empty = read_csv(b"");
    assert!(empty.clients.is_empty() && empty.rejected.is_empty());
    let bom_only = read_csv("\u{feff}".as_bytes());
    assert!(bom_only.clients.is_empty() && bom_only.rejected.is_empty());
}

#[test]
fn export_is_for_excel_and_reads_back_the_same() {
    let mut book = ClientBook::new();
    book.add(nip(0), "Kowalski; syn", "ma \"cudzysłów\"")
        .unwrap();
    book.add(nip(1), "Żabka", "").unwrap();
    let text = write_csv(book.clients(), Lang::Pl);
    assert!(text.starts_with("\u{feff}NIP;Nazwa;Uwagi\r\n"));
    assert!(text.contains(&format!(
        "{};\"Kowalski; syn\";\"ma \"\"cudzysłów\"\"\"\r\n",
        nip(0)
    )));
    assert!(write_csv(book.clients(), Lang::En).starts_with("\u{feff}NIP;Name;Note\r\n"));

    let back = read_csv(text.as_bytes());
    assert!(back.had_header && back.rejected.is_empty());
    let mut again = ClientBook::new();
    again.import(&back.clients);
    let pairs = |b: &ClientBook| -> Vec<(String, String, String)> {
        b.clients()
            .iter()
            .map(|c| (c.nip.to_string(), c.name.clone(), c.note.clone()))
            .collect()
    };
    assert_eq!(pairs(&again), pairs(&book));
}

#[test]
fn line_numbers_count_blank_lines_crlf_and_quoted_line_breaks() {
    let file = format!(
        "\r\n{a};\"dwie\r\nlinie\"\r\n\r\n\r\nzły;x\r\n;;\r\n{b}\r\n",
        a = nip(0),
        b = nip(1)
    );
    let got = read_csv(file.as_bytes());
    assert_eq!(
        got.clients.iter().map(|c| c.line).collect::<Vec<_>>(),
        [2, 8]
    );
    assert_eq!(got.clients[0].name, "dwie\r\nlinie");
    assert_eq!(got.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), [6]);
}
