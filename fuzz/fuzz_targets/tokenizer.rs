//! Our HTML tokenizer against html5ever's, feeding the same tree builder: the
//! trees must be equal whenever ours takes the page (it leaves NUL bytes,
//! comments, CDATA, escaped scripts, `<plaintext>` and cut-off tags to
//! html5ever). Also: the raw-text pre-pass never panics, and the nesting guard
//! bounds the tree's depth.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_scrape::fuzzing;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diff) = fuzzing::tokenizers_agree(html) {
        panic!("trees differ for {html:?}\n{diff}");
    }
    let stripped = fuzzing::strip(html);
    let depth = fuzzing::parsed_depth(&stripped);
    // html > body > 512 levels, a text node, and a few the guard lets through
    // (void elements, raw text) below the deepest kept element.
    assert!(depth <= 520, "depth {depth}");
});
