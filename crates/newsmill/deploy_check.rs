//! The deployment examples in `deploy/` are checked here, since there is no
//! systemd, Kubernetes or Docker engine in the tests: the files parse, the command
//! lines they run parse with the binary's own flags, the config they run loads,
//! and the pieces refer to each other (the timer's unit, the CronJob's volumes and
//! claim, the Dockerfile's stages and binary).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Parser;
use yaml_rust2::{Yaml, YamlLoader};

use crate::args::{Args, Command};
use crate::config::ConfigFile;

fn deploy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name)
}

fn read(name: &str) -> String {
    let path = deploy(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A systemd unit file: `section -> key -> values`, with comments dropped and
/// backslash continuations joined. Fails on anything else (a line outside a
/// section, a line without `=`).
fn unit(text: &str) -> HashMap<String, HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, HashMap<String, Vec<String>>> = HashMap::new();
    let mut section: Option<String> = None;
    let mut pending = String::new();
    for raw in text.lines() {
        let line = raw.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with(['#', ';'])) {
            continue;
        }
        if let Some(cont) = line.strip_suffix('\\') {
            pending.push_str(cont);
            pending.push(' ');
            continue;
        }
        let line = std::mem::take(&mut pending) + line;
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.to_string());
            continue;
        }
        let section = section
            .as_ref()
            .unwrap_or_else(|| panic!("line outside a section: {line}"));
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not key=value: {line}"));
        out.entry(section.clone())
            .or_default()
            .entry(key.trim().to_string())
            .or_default()
            .push(value.trim().to_string());
    }
    out
}

/// Parses a newsmill command line (without the program name) and checks that its
/// config file, mapped from the deployment's path to `deploy/newsmill.toml`, loads.
fn check_command(args: &[&str], config_path: &str) {
    let mut argv = vec!["newsmill"];
    argv.extend_from_slice(args);
    let parsed = Args::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let Command::Run(run) = parsed.command else {
        panic!("{argv:?} is not `newsmill run`");
    };
    let config = run.config.expect("a --config");
    assert_eq!(config, Path::new(config_path), "{argv:?}");
    assert!(
        run.locations.output.is_some(),
        "{argv:?}: the output belongs on a volume"
    );
    ConfigFile::read(&deploy("newsmill.toml")).unwrap();
}

#[test]
fn the_deployed_config_loads_and_names_a_contact() {
    let file = ConfigFile::read(&deploy("newsmill.toml")).unwrap();
    let config = file.resolve_offline(&Default::default()).unwrap();
    assert!(!config.sources.is_empty());
    assert_ne!(
        config.fetch.contact,
        newsmill_fetch::FetchConfig::default().contact
    );
}

#[test]
fn systemd_service_and_timer() {
    let service = unit(&read("systemd/newsmill.service"));
    let timer = unit(&read("systemd/newsmill.timer"));
    let svc = &service["Service"];
    assert_eq!(svc["Type"], ["oneshot"]);
    let exec = &svc["ExecStart"][0];
    let words: Vec<&str> = exec.split_whitespace().collect();
    assert_eq!(words[0], "/usr/local/bin/newsmill");
    check_command(&words[1..], "/etc/newsmill/newsmill.toml");
    // The output is the state directory systemd creates and keeps.
    let state = format!("/var/lib/{}", svc["StateDirectory"][0]);
    assert!(exec.contains(&format!("--output {state}/")), "{exec}");
    assert_eq!(svc["WorkingDirectory"], [state.as_str()]);
    assert_eq!(svc["ProtectSystem"], ["strict"]);
    let env = &svc["Environment"][0];
    assert_eq!(env, "NEWSMILL_LOG_FORMAT=json");
    // The timer starts this service, and survives reboots.
    let t = &timer["Timer"];
    assert_eq!(t["Unit"], ["newsmill.service"]);
    assert_eq!(t["Persistent"], ["true"]);
    let calendar = &t["OnCalendar"][0];
    assert!(
        calendar.ends_with(":15:00") && calendar.contains("06,18"),
        "{calendar}"
    );
    assert_eq!(timer["Install"]["WantedBy"], ["timers.target"]);
}

fn docs(text: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("cronjob.yaml: {e}"))
}

fn str_of(y: &Yaml) -> &str {
    y.as_str().unwrap_or_else(|| panic!("not a string: {y:?}"))
}

#[test]
fn kubernetes_cronjob_with_a_persistent_volume() {
    let docs = docs(&read("kubernetes/cronjob.yaml"));
    let by_kind = |kind: &str| {
        docs.iter()
            .find(|d| d["kind"].as_str() == Some(kind))
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let pvc = by_kind("PersistentVolumeClaim");
    let config_map = by_kind("ConfigMap");
    let cron = by_kind("CronJob");
    assert_eq!(str_of(&cron["apiVersion"]), "batch/v1");
    let schedule = str_of(&cron["spec"]["schedule"]);
    assert_eq!(schedule.split_whitespace().count(), 5, "{schedule}");
    assert_eq!(str_of(&cron["spec"]["concurrencyPolicy"]), "Forbid");
    let pod = &cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    assert_eq!(str_of(&pod["restartPolicy"]), "Never");
    let container = &pod["containers"][0];
    let args: Vec<&str> = container["args"]
        .as_vec()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    check_command(&args, "/etc/newsmill/newsmill.toml");
    // Every mount has its volume; the output lies on the claim; the config on the map.
    let volumes: HashMap<&str, &Yaml> = pod["volumes"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|v| (str_of(&v["name"]), v))
        .collect();
    let output = args[args.iter().position(|a| *a == "--output").unwrap() + 1];
    let mut output_on_claim = false;
    for mount in container["volumeMounts"].as_vec().unwrap() {
        let name = str_of(&mount["name"]);
        let volume = volumes
            .get(name)
            .unwrap_or_else(|| panic!("no volume {name}"));
        let path = str_of(&mount["mountPath"]);
        if output.starts_with(&format!("{path}/")) {
            assert_eq!(
                str_of(&volume["persistentVolumeClaim"]["claimName"]),
                str_of(&pvc["metadata"]["name"])
            );
            output_on_claim = true;
        }
        if path == "/etc/newsmill" {
            assert_eq!(
                str_of(&volume["configMap"]["name"]),
                str_of(&config_map["metadata"]["name"])
            );
        }
    }
    assert!(
        output_on_claim,
        "--output {output} is not on the persistent volume"
    );
    assert_eq!(
        str_of(&config_map["data"]["newsmill.toml"]),
        read("newsmill.toml"),
        "the ConfigMap holds deploy/newsmill.toml"
    );
}

#[test]
fn dockerfile_is_multi_stage_with_a_stripped_binary() {
    let text = read("Dockerfile");
    // Instructions, continuation lines joined.
    let mut instructions: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for line in text.lines().map(str::trim) {
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if let Some(cont) = line.strip_suffix('\\') {
            pending.push_str(cont);
            continue;
        }
        let full = std::mem::take(&mut pending) + line;
        let (op, rest) = full.split_once(' ').unwrap_or((&full, ""));
        instructions.push((op.to_ascii_uppercase(), rest.trim().to_string()));
    }
    let froms: Vec<&String> = instructions
        .iter()
        .filter(|(op, _)| op == "FROM")
        .map(|(_, r)| r)
        .collect();
    assert!(froms.len() >= 2, "multi-stage: {froms:?}");
    let build_stage = froms[0].rsplit(' ').next().unwrap();
    assert!(froms[0].contains(" AS "), "{}", froms[0]);
    // The build image's Rust is at least the workspace's rust-version.
    let manifest: toml::Table =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let msrv = manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .unwrap();
    let image = froms[0].split_whitespace().next().unwrap();
    let version = image
        .strip_prefix("rust:")
        .and_then(|t| t.split('-').next())
        .unwrap_or_else(|| panic!("build stage {image} is not a rust image"));
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    assert!(
        parse(version) >= parse(msrv),
        "rust {version} < rust-version {msrv}"
    );
    // The release profile strips, and the build uses it with the lock file.
    let release = &manifest["profile"]["release"];
    assert_eq!(release["strip"].as_bool(), Some(true));
    assert_eq!(release["debug"].as_bool(), Some(false));
    assert!(instructions
        .iter()
        .any(|(op, r)| op == "RUN" && r.contains("cargo build --release --locked -p newsmill")));
    // The final stage copies the binary from the build stage, runs unprivileged,
    // and its default command is a valid `newsmill run`.
    let last_from = instructions
        .iter()
        .rposition(|(op, _)| op == "FROM")
        .unwrap();
    let final_stage = &instructions[last_from..];
    assert!(final_stage
        .iter()
        .any(|(op, r)| op == "COPY" && r.starts_with(&format!("--from={build_stage} "))));
    let user = final_stage
        .iter()
        .find(|(op, _)| op == "USER")
        .expect("a USER");
    assert_ne!(user.1, "root");
    let json = |op: &str| -> Vec<String> {
        let (_, r) = final_stage
            .iter()
            .find(|(o, _)| o == op)
            .unwrap_or_else(|| panic!("no {op}"));
        serde_json::from_str(r).unwrap_or_else(|e| panic!("{op} {r}: {e}"))
    };
    assert_eq!(json("ENTRYPOINT"), ["/usr/local/bin/newsmill"]);
    let cmd = json("CMD");
    let cmd: Vec<&str> = cmd.iter().map(String::as_str).collect();
    check_command(&cmd, "/etc/newsmill/newsmill.toml");
    assert!(final_stage
        .iter()
        .any(|(op, r)| op == "COPY" && r == "deploy/newsmill.toml /etc/newsmill/newsmill.toml"));
    // The build context leaves the build output out.
    let ignore =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".dockerignore"))
            .unwrap();
    assert!(ignore.lines().any(|l| l.trim() == "target/"));
}
