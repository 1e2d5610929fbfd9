//! Dutch (nl-NL) numbers and dates, done in Rust because Typst has no Dutch month names or decimal
//! comma. A leaf every stage may use (figures checks stated values with it, charts label axes with
//! it, render prints with it). One formatter for every number a reader sees: `17.407.585`, `12,3%`, `€ 30.100`, with half-up
//! rounding at the stated precision and a real minus sign (U+2212).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

/// The months as the report writes them (dates in the PDF, periods in the series).
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `okt`, `oktober`, `mrt`, `maart` → 10, 10, 3, 3.
pub fn month_number(word: &str) -> Option<u32> {
    if word == "mrt" {
        return Some(3);
    }
    let position = DUTCH_MONTHS.iter().position(|month| word.len() >= 3 && month.starts_with(word))?;
    Some(position as u32 + 1)
}

/// Words a number is never split from at a line end: the unit after it, or the word before it.
const UNITS_AFTER: [&str; 8] = ["procent", "procentpunt", "mln.", "mld.", "miljoen", "miljard", "euro", "%"];
const WORDS_BEFORE: [&str; 5] = ["€", "blz.", "nr.", "p.", "art."];

/// The shortest word that may need breaking: shorter ones fit the narrowest column whole.
const LONG_WORD: usize = 16;

/// `text` with soft hyphens at the Dutch hyphenation points of its last word, when that word is
/// long and a footnote's mark follows it: Typst does not hyphenate a word glued to the mark,
/// so a long compound there ("capaciteitsuitbreiding¹") ran out of its column.
pub fn breakable_before_mark(text: &str) -> Cow<'_, str> {
    let start =
        text.char_indices().rev().take_while(|(_, c)| c.is_alphabetic()).last().map_or(text.len(), |(at, _)| at);
    let word = &text[start..];
    if word.chars().count() < LONG_WORD {
        return Cow::Borrowed(text);
    }
    let syllables: Vec<&str> = hypher::hyphenate(word, hypher::Lang::Dutch).collect();
    Cow::Owned(format!("{}{}", &text[..start], syllables.join("\u{ad}")))
}

/// Dutch typography for print: a non-breaking space ties a number to its unit and to the word
/// that announces it ("€ 9,3 mln.", "25 procent", "0,5 procentpunt", "blz. 5", "nr. 4"), so a
/// line never ends between them.
pub fn tie(text: &str) -> Cow<'_, str> {
    if !text.contains(' ') {
        return Cow::Borrowed(text);
    }
    let starts_with_digit = |word: &str| word.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '−');
    let ends_with_digit = |word: &str| word.chars().last().is_some_and(|c| c.is_ascii_digit());
    let unit = |word: &str| {
        let bare = word.trim_end_matches([',', ';', ':', ')', '!', '?']);
        UNITS_AFTER.contains(&bare) || UNITS_AFTER.contains(&bare.trim_end_matches('.'))
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let before = words[index - 1];
            let tied =
                (ends_with_digit(before) && unit(word)) || (WORDS_BEFORE.contains(&before) && starts_with_digit(word));
            out.push(if tied { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// "23 november 2026"
pub fn dutch_date(date: NaiveDate) -> String {
    format!("{} {}", date.day(), dutch_month(date))
}

/// The month of a date as the report writes it: `februari 2011`.
pub fn dutch_month(date: NaiveDate) -> String {
    format!("{} {}", DUTCH_MONTHS[date.month0() as usize], date.year())
}

/// `value` with `decimals` decimals, rounded half away from zero on the decimal digits as written
/// (so 2,675 → 2,68, which binary floating point alone would round down), thousands grouped with
/// points, a decimal comma: `17.407.585`, `−0,5`. Not-a-number and infinities print as `–`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    // Rust prints the shortest digits that read back as the same f64, never in exponent form.
    let written = format!("{}", value.abs());
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    let mut digits: Vec<u8> =
        whole.bytes().chain(fraction.bytes().chain(std::iter::repeat(b'0')).take(decimals)).collect();
    if fraction.as_bytes().get(decimals).is_some_and(|next| *next >= b'5') {
        round_up(&mut digits);
    }
    let split = digits.len() - decimals;
    let (whole, fraction) = digits.split_at(split);
    let whole = String::from_utf8(whole.to_vec()).expect("digits are ASCII");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut out = String::new();
    let is_zero = digits.iter().all(|d| *d == b'0');
    if value.is_sign_negative() && !is_zero {
        out.push('−');
    }
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    if decimals > 0 {
        out.push(',');
        out.push_str(std::str::from_utf8(fraction).expect("digits are ASCII"));
    }
    out
}

/// Adds one unit in the last place of a digit string, carrying (999 → 1000).
fn round_up(digits: &mut Vec<u8>) {
    for digit in digits.iter_mut().rev() {
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            return;
        }
    }
    digits.insert(0, b'1');
}

/// `12,3%` (Dutch style writes no space before the percent sign).
pub fn percent(value: f64, decimals: usize) -> String {
    format!("{}%", number(value, decimals))
}

/// `€ 30.100`, `€ 104,2`
pub fn euro(value: f64, decimals: usize) -> String {
    format!("€ {}", number(value, decimals))
}

/// A value in euros, in millions: `€ 104,2 mln.`
pub fn euro_millions(value: f64, decimals: usize) -> String {
    format!("€ {} mln.", number(value / 1_000_000.0, decimals))
}

/// A value in euros, in billions: `€ 2,2 mld.`
pub fn euro_billions(value: f64, decimals: usize) -> String {
    format!("€ {} mld.", number(value / 1_000_000_000.0, decimals))
}

/// A number in thousands: `13,6 duizend`.
pub fn thousands(value: f64, decimals: usize) -> String {
    format!("{} duizend", number(value / 1_000.0, decimals))
}

/// The difference of two percentages: `0,12 procentpunt` (Dutch uses the singular after any number).
pub fn percentage_points(value: f64, decimals: usize) -> String {
    format!("{} procentpunt", number(value, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_last_word_before_a_note_mark_gets_its_hyphenation_points() {
        let marked = |text: &str| breakable_before_mark(text).replace('\u{ad}', "|");
        assert_eq!(
            marked("Uitkering door buitenschoolseopvangcapaciteitsuitbreiding"),
            "Uitkering door bui|ten|school|se|op|vang|ca|pa|ci|teits|uit|brei|ding"
        );
        assert!(matches!(breakable_before_mark("de gezinnen in de wijk"), Cow::Borrowed(_)), "short words fit");
        assert!(matches!(breakable_before_mark("voortgangsrapportage."), Cow::Borrowed(_)), "a stop breaks the glue");
    }

    #[test]
    fn numbers_stay_with_their_units_and_announcing_words() {
        let tied = |text: &str| tie(text).replace('\u{a0}', "~");
        assert_eq!(tied("€ 9,3 mln. voor 25 procent"), "€~9,3~mln. voor 25~procent");
        assert_eq!(tied("zie blz. 5 en nr. 4, 0,5 procentpunt; 12 %"), "zie blz.~5 en nr.~4, 0,5~procentpunt; 12~%");
        assert_eq!(tied("in 2020 waren er 12 scholen"), "in 2020 waren er 12 scholen");
        assert_eq!(tied("de euro en € 30.100."), "de euro en €~30.100.");
        assert!(matches!(tie("geen_spaties"), Cow::Borrowed(_)));
    }

    #[test]
    fn dates_use_dutch_month_names() {
        assert_eq!(dutch_date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), "23 november 2026");
        assert_eq!(dutch_date(NaiveDate::from_ymd_opt(2021, 3, 1).unwrap()), "1 maart 2021");
    }

    #[test]
    fn numbers_in_dutch() {
        let cases: &[(f64, usize, &str)] = &[
            (17_407_585.0, 0, "17.407.585"),
            (1831.0, 0, "1.831"),
            (831.0, 0, "831"),
            (12.3, 1, "12,3"),
            (0.12, 2, "0,12"),
            (2.675, 2, "2,68"),
            (48.81, 0, "49"),
            (49.94, 0, "50"),
            (0.5, 0, "1"),
            (999.5, 0, "1.000"),
            (-0.5, 1, "−0,5"),
            (-0.04, 1, "0,0"),
            (104.2, 1, "104,2"),
            (7.0, 2, "7,00"),
            (f64::NAN, 1, "–"),
        ];
        for (value, decimals, expected) in cases {
            assert_eq!(number(*value, *decimals), *expected, "{value} with {decimals} decimals");
        }
        assert_eq!(percent(12.345, 1), "12,3%");
        assert_eq!(euro(30_100.0, 0), "€ 30.100");
        assert_eq!(euro_millions(104_200_000.0, 1), "€ 104,2 mln.");
        assert_eq!(euro_millions(18_000_000.0, 0), "€ 18 mln.");
        assert_eq!(euro_billions(2_200_000_000.0, 1), "€ 2,2 mld.");
        assert_eq!(percentage_points(40.24 - 40.12, 2), "0,12 procentpunt");
        assert_eq!(percentage_points(-2.0, 0), "−2 procentpunt");
    }

    /// Property: for many values, the Dutch text reads back (points dropped, comma as point) as the
    /// value rounded half up, and its groups have three digits.
    #[test]
    fn formatting_reads_back_as_the_rounded_value() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = (state % 2_000_000_000) as f64 / 1000.0 - 1_000_000.0;
            let decimals = (state % 4) as usize;
            let text = number(value, decimals);
            let (whole, _) = text.trim_start_matches('−').split_once(',').unwrap_or((&text, ""));
            let whole = whole.trim_start_matches('−');
            assert!(whole.split('.').skip(1).all(|group| group.len() == 3), "{text}");
            let back: f64 = text.replace('.', "").replace(',', ".").replace('−', "-").parse().unwrap();
            let scale = 10f64.powi(decimals as i32);
            let expected = (value.abs() * scale + 0.5 + 1e-9).floor() / scale * value.signum();
            assert!((back - expected).abs() < 1e-6 || (back == 0.0 && expected.abs() < 1e-6), "{value} → {text}");
        }
    }
}
