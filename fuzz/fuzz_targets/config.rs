//! The TOML config loader (crates/newsmill/config.rs, compiled in here: the
//! binary crate has no library target) on any text: a config or an error that
//! names the file, never a panic. Needs `newsmill::config` public in a library
//! target to be built from the crate itself.
#![no_main]
#![allow(dead_code)]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// The part of the binary's `args` module that config.rs uses.
mod args {
    use std::path::PathBuf;

    #[derive(Debug, Default)]
    pub struct Locations {
        pub output: Option<PathBuf>,
        pub state: Option<PathBuf>,
    }
}

#[path = "../../crates/newsmill/config.rs"]
mod config;

static DIR: LazyLock<std::path::PathBuf> = LazyLock::new(|| {
    let base = std::env::var_os("FUZZ_TMP").map_or_else(std::env::temp_dir, Into::into);
    let dir = base.join(format!("newsmill-fuzz-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
});

fuzz_target!(|data: &[u8]| {
    let path = DIR.join("newsmill.toml");
    std::fs::write(&path, data).expect("write input");
    match config::ConfigFile::read(&path) {
        Ok(file) => {
            let _ = file.resolve_offline(&args::Locations::default());
        }
        Err(e) => {
            let message = format!("{e:#}");
            assert!(message.contains("newsmill.toml"), "{message}");
        }
    }
});
