//! The wall clock, read only here (the engine takes today's date as an argument).

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date in China Standard Time (UTC+8), as (year, month, day).
pub fn today() -> (i32, u32, u32) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        + 8 * 3600;
    gongwen::template::civil_from_days(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_plausible_date() {
        let (y, m, d) = super::today();
        assert!(y >= 2024 && (1..=12).contains(&m) && (1..=31).contains(&d));
    }
}
