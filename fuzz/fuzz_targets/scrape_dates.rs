//! The scrape crate's date normalisers: dates in running text and machine dates
//! (`datetime`, meta, JSON-LD). No panic; offsets inside the text and on char
//! boundaries; ISO results that parse back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_scrape::fuzzing;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mdy in [false, true] {
        for (at, iso) in fuzzing::dates_in_text(text, mdy) {
            assert!(
                text.is_char_boundary(at) && at <= text.len(),
                "{at} in {text:?}"
            );
            assert!(
                chrono::DateTime::parse_from_rfc3339(&iso).is_ok()
                    || chrono::NaiveDate::parse_from_str(&iso[..iso.len().min(10)], "%Y-%m-%d")
                        .is_ok(),
                "{iso:?} from {text:?}"
            );
        }
    }
    if let Some(iso) = fuzzing::machine_date(text) {
        assert!(iso.len() >= 10, "{iso:?} from {text:?}");
    }
});
