//! The TOML config loader (crates/newsmill/config.rs with its `config/`
//! modules, compiled in here: the binary crate has no library target) on any
//! text: a config or an error that names the file, never a panic.
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

    #[derive(Debug, Default)]
    pub struct QuickSources {
        pub feed: Vec<String>,
        pub sitemap: Vec<String>,
        pub allow_private: bool,
        pub contact: Option<String>,
    }
}

/// The binary's folder: `config.rs` is declared in it without a path of its own,
/// so its `mod locate;` and `mod validate;` are found in `config/`, as in the
/// binary.
#[path = "../../crates/newsmill"]
mod bin {
    pub mod config;
}
use bin::config;

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
