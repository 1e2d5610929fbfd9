//! The activity summary's cells: the printed counts, or the activities counted per pillar,
//! colour and trend. The trend of an activity follows from its status last year (as the previous
//! edition gave it, or as written) and now.

use std::collections::BTreeMap;

use super::Figure;
use crate::diag::Diagnostic;
use crate::model::activities::{Activities, Colour, Trend, cell_name};

/// The trend from last year's status to this year's. The colours are ordered rood < oranje <
/// groen; an activity that starts (wit to a colour) goes vooruit, one that stops (a colour to
/// wit) achteruit; a new activity, or one still not started, stays gelijk.
pub fn trend(previous: Option<Colour>, now: Colour) -> Trend {
    let rank = |colour| match colour {
        Colour::Rood => Some(0),
        Colour::Oranje => Some(1),
        Colour::Groen => Some(2),
        Colour::Wit => None,
    };
    let Some(previous) = previous else { return Trend::Gelijk };
    match (rank(previous), rank(now)) {
        (None, None) => Trend::Gelijk,
        (None, Some(_)) => Trend::Vooruit,
        (Some(_), None) => Trend::Achteruit,
        (Some(before), Some(after)) if after > before => Trend::Vooruit,
        (Some(before), Some(after)) if after < before => Trend::Achteruit,
        _ => Trend::Gelijk,
    }
}

/// Every cell of the summary as a named count (`activities.<pillar>.<colour>.<trend>`), zeros
/// included, so the totals declared by the model always resolve. `last_year` holds the previous
/// edition's status per activity name; a `previous` written here that disagrees is a warning.
pub fn cells(
    activities: &Activities,
    last_year: &BTreeMap<String, Colour>,
) -> (BTreeMap<String, Figure>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut counts: Vec<[[u64; 3]; 4]> =
        activities.pillars.iter().map(|pillar| pillar.counts.unwrap_or_default()).collect();
    for activity in &activities.activities {
        let published = last_year.get(&activity.name).copied();
        if let (Some(written), Some(published)) = (activity.previous, published)
            && written != published
        {
            warnings.push(
                Diagnostic::warning(
                    Some(activity.location.clone()),
                    format!(
                        "`{}` was {} in the previous edition, but `previous` says {}",
                        activity.name,
                        published.id(),
                        written.id()
                    ),
                )
                .with_hint("leave `previous` out: the previous edition's status is taken"),
            );
        }
        if activities.pillars[activity.pillar].counts.is_none() {
            let colour = Colour::ALL.iter().position(|c| *c == activity.status).unwrap_or_default();
            let trend = trend(activity.previous.or(published), activity.status);
            let trend = Trend::ALL.iter().position(|t| *t == trend).unwrap_or_default();
            counts[activity.pillar][colour][trend] += 1;
        }
    }
    let mut named = BTreeMap::new();
    for (pillar, table) in activities.pillars.iter().zip(counts) {
        for (colour, row) in Colour::ALL.iter().zip(table) {
            for (trend, count) in Trend::ALL.iter().zip(row) {
                named.insert(cell_name(&pillar.id, *colour, *trend), Figure::count(count));
            }
        }
    }
    (named, warnings)
}

/// Each listed activity's status by name, for the next edition's trends.
pub fn statuses(activities: &Activities) -> BTreeMap<String, Colour> {
    activities.activities.iter().map(|activity| (activity.name.clone(), activity.status)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Colour::{Groen, Oranje, Rood, Wit};
    use Trend::{Achteruit, Gelijk, Vooruit};

    #[test]
    fn trend_follows_the_colour_order_and_starting_or_stopping() {
        let cases = [
            (Some(Rood), Oranje, Vooruit),
            (Some(Oranje), Groen, Vooruit),
            (Some(Rood), Groen, Vooruit),
            (Some(Groen), Groen, Gelijk),
            (Some(Groen), Oranje, Achteruit),
            (Some(Oranje), Rood, Achteruit),
            (Some(Wit), Wit, Gelijk),
            (Some(Wit), Rood, Vooruit),
            (Some(Groen), Wit, Achteruit),
            (None, Groen, Gelijk),
            (None, Wit, Gelijk),
        ];
        for (previous, now, expected) in cases {
            assert_eq!(trend(previous, now), expected, "{previous:?} → {now:?}");
        }
    }
}
