//! URL normalisation (crates/fetch): no panic, and a normalised URL normalises to
//! itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::normalize_url;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(once) = normalize_url(raw) {
        let twice = normalize_url(&once);
        assert_eq!(twice.as_deref().ok(), Some(once.as_str()), "{raw:?}");
    }
});
