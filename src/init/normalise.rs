//! Register values as profile values: ids to slugs, criticality words and letters
//! to levels, dates to years. Each function is total: `None` (or an empty slug)
//! when the value cannot be read, for the caller to report with its line.

use crate::profile::Level;

/// An id as a profile slug: lower-case ASCII letters and digits, `-` between runs.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(plain) = latin(c) {
            out.push_str(plain);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(63);
    out.trim_end_matches('-').to_string()
}

/// The ASCII spelling of a common accented Latin letter.
fn latin(c: char) -> Option<&'static str> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    };
    Some(plain)
}

/// high/medium/low, their first letters, A/B/C (SAP ABC indicator) or 1/2/3.
pub fn criticality(text: &str) -> Option<Level> {
    match text.trim().to_lowercase().as_str() {
        "high" | "h" | "a" | "1" | "critical" => Some(Level::High),
        "medium" | "med" | "m" | "b" | "2" => Some(Level::Medium),
        "low" | "l" | "c" | "3" => Some(Level::Low),
        _ => None,
    }
}

/// The year of a year or a date (`1996`, `1996-05-12`, `12.05.1996`, `05/12/1996`,
/// `19960512`); `None` when there is no single plausible year.
pub fn year(text: &str) -> Option<i32> {
    let runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect();
    let years: Vec<i32> = runs
        .iter()
        .filter_map(|r| match r.len() {
            4 => r.parse().ok(),
            8 => r[..4].parse().ok(),
            _ => None,
        })
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}
