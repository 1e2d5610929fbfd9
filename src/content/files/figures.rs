//! Named figures and the tables whose cells are figures or counts.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

/// A number as written in YAML, with the decimals it is written with (`4.0` has one, `4` none):
/// a figure shows, by default, every digit its author wrote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrittenNumber {
    pub value: f64,
    pub decimals: usize,
}

impl WrittenNumber {
    /// `12`, `-0.5`, `4.0`, `1e3` (exponent forms have the decimals their value needs). YAML's
    /// `.inf` and `.nan` are numbers too; validation refuses them where they are written.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let special = match text.to_lowercase().as_str() {
            ".inf" | "+.inf" => Some(f64::INFINITY),
            "-.inf" => Some(f64::NEG_INFINITY),
            ".nan" => Some(f64::NAN),
            _ => None,
        };
        if let Some(value) = special {
            return Some(Self { value, decimals: 0 });
        }
        let value: f64 = text.parse().ok().filter(|value: &f64| value.is_finite())?;
        let plain = text.trim_start_matches(['-', '+']);
        let decimals = match plain.split_once('.') {
            Some((whole, fraction))
                if whole.bytes().all(|b| b.is_ascii_digit()) && fraction.bytes().all(|b| b.is_ascii_digit()) =>
            {
                fraction.len()
            }
            None if plain.bytes().all(|b| b.is_ascii_digit()) => 0,
            _ => format!("{value}").split_once('.').map_or(0, |(_, fraction)| fraction.len()),
        };
        Some(Self { value, decimals })
    }
}

impl<'de> Deserialize<'de> for WrittenNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Written;
        impl Visitor<'_> for Written {
            type Value = WrittenNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<WrittenNumber, E> {
                WrittenNumber::parse(text).ok_or_else(|| E::custom(format!("`{text}` is not a number, e.g. 12.5")))
            }
        }
        deserializer.deserialize_str(Written)
    }
}

/// A table whose cells are figures (declared under `figures:`, or computed elsewhere), so every
/// number in it is data with provenance or computed; a total row names the sum it shows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureTableFile {
    pub title: Spanned<String>,
    /// Column headers: first the label columns, then one per figure.
    pub columns: Vec<String>,
    pub rows: Vec<FigureTableRowFile>,
    /// The source line printed under the table.
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub footnotes: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureTableRowFile {
    /// The row's text cells; "" leaves a cell empty (e.g. under a group label).
    pub labels: Spanned<Vec<String>>,
    /// Figure names, one per number column; `null` for an empty cell.
    pub figures: Vec<Option<Spanned<String>>>,
    /// Printed in bold, as a total.
    #[serde(default)]
    pub total: bool,
}

/// A table of realisations against an ambition (e.g. "Voortgang aanpak woningvoorraad"). Raw
/// counts go in; totals of groups and the share realised are computed. Values the printed report
/// states (`stated_*`) are kept only to check them against the computation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealisationTableFile {
    /// Unique in the edition; names the table for cross-references and checks.
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    /// Header of the ambition column, e.g. "Ambitie 2019-2022".
    pub ambition_label: Spanned<String>,
    /// The years with a realisation column, in order.
    pub years: Spanned<Vec<i32>>,
    pub rows: Vec<RealisationRowFile>,
    /// Notes printed under the table; rows refer to them with `marks`.
    #[serde(default)]
    pub footnotes: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealisationRowFile {
    pub label: Spanned<String>,
    /// A row either has its own counts or `parts`, whose sums it shows.
    #[serde(default)]
    pub ambition: Option<u64>,
    /// One count per year of the table.
    #[serde(default)]
    pub realised: Option<Spanned<Vec<u64>>>,
    #[serde(default)]
    pub parts: Vec<RealisationRowFile>,
    /// Footnote marks printed after the ambition and after the realisations, e.g. "*", "**".
    #[serde(default)]
    pub ambition_mark: Option<String>,
    #[serde(default)]
    pub realised_mark: Option<String>,
    /// As printed: the total ambition and realisations of a row with parts.
    #[serde(default)]
    pub stated_ambition: Option<Spanned<u64>>,
    #[serde(default)]
    pub stated_realised: Option<Spanned<Vec<u64>>>,
    /// As printed: the percentage realised.
    #[serde(default)]
    pub stated_percentage: Option<Spanned<f64>>,
}

/// One named figure: a raw value (`count` or `value`), or how to derive it from other figures
/// (`sum`, `difference`, `share`, `progress`). What the printed report says may be kept as
/// `stated` (one value, or several where it says it more than once) to check it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub value: Option<WrittenNumber>,
    /// "6 tot 10": `[6, 10]`, the lower first.
    #[serde(default)]
    pub range: Option<Spanned<Vec<WrittenNumber>>>,
    /// Printed before the value: ongeveer, circa, ruim, meer dan, minder dan, bijna, zo'n or
    /// ten minste.
    #[serde(default)]
    pub qualifier: Option<Spanned<String>>,
    #[serde(default)]
    pub sum: Option<Vec<Spanned<String>>>,
    /// `[a, b]`: a minus b (in procentpunt when both are percentages).
    #[serde(default)]
    pub difference: Option<Vec<Spanned<String>>>,
    /// The change from `from` to `to`, in percent of `from`.
    #[serde(default)]
    pub growth: Option<GrowthFile>,
    /// `part` as a percentage of `of`.
    #[serde(default)]
    pub share: Option<ShareFile>,
    /// How far `current` has come from `baseline` towards `target`, in percent.
    #[serde(default)]
    pub progress: Option<ProgressFile>,
    /// The part of `of` that the percentage `share` is: 20% of 1.320 is 264.
    #[serde(default)]
    pub part: Option<PartFile>,
    /// For `value`: `number` (default), `thousands` (printed "13,6 duizend"), `percent`, `euro`, `euro_millions` or `euro_billions` (a
    /// value in euros, printed in millions or billions).
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// Decimals shown. By default a `value` shows the digits it is written with (`4.0` → "4,0",
    /// 9300000 in millions → "9,3"), a computed figure those of its stated value or inputs.
    #[serde(default)]
    pub decimals: Option<Spanned<usize>>,
    #[serde(default)]
    pub stated: Option<Spanned<StatedFile>>,
    /// Where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Acknowledges that `stated` disagrees (e.g. an error in a published report), and why: the
    /// disagreement is then reported as a note, which `--deny-warnings` lets pass.
    #[serde(default)]
    pub known_issue: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StatedFile {
    One(f64),
    Several(Vec<f64>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthFile {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareFile {
    pub part: Spanned<String>,
    pub of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartFile {
    pub share: Spanned<String>,
    pub of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressFile {
    pub baseline: Spanned<String>,
    pub current: Spanned<String>,
    pub target: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::WrittenNumber;

    #[test]
    fn a_number_keeps_the_decimals_it_is_written_with() {
        for (text, value, decimals) in [
            ("4", 4.0, 0),
            ("4.0", 4.0, 1),
            ("9300000", 9.3e6, 0),
            ("-0.50", -0.5, 2),
            ("1e3", 1000.0, 0),
            ("2.5e-1", 0.25, 2),
        ] {
            assert_eq!(WrittenNumber::parse(text), Some(WrittenNumber { value, decimals }), "{text}");
        }
        assert!(WrittenNumber::parse(".inf").is_some_and(|n| n.value.is_infinite()));
        for text in ["", "x", "inf", "nan", "1,5", "1_000"] {
            assert_eq!(WrittenNumber::parse(text), None, "{text}");
        }
    }
}
