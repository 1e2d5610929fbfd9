//! Dutch (nl-NL) formatting, done in Rust because Typst has no Dutch month names or decimal comma.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
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

/// "23 november 2026"
pub fn dutch_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_use_dutch_month_names() {
        assert_eq!(dutch_date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), "23 november 2026");
        assert_eq!(dutch_date(NaiveDate::from_ymd_opt(2021, 3, 1).unwrap()), "1 maart 2021");
    }
}
