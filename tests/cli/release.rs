//! koers without Rust: the binary alone builds the report (everything it needs is embedded), says
//! which revision it is, and the Dockerfile and the release workflow that ship it are what they
//! claim (parsed here, since neither a container engine nor GitHub runs in `cargo test`).

use std::fs;
use std::path::Path;
use std::process::Command;

use super::support::{KOERS, copy_tree, pdf_text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_binary_alone_beside_a_content_folder_builds_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("koers");
    fs::copy(KOERS, &binary).unwrap();
    copy_tree(&root().join("content"), &dir.path().join("content"));
    // Nothing else: no templates, assets or Cargo files next to it, and not run from the repo.
    let output = Command::new(&binary).arg("build").current_dir(dir.path()).env_remove("CARGO_MANIFEST_DIR").output();
    let output = output.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let pdf = dir.path().join("out/zuid-op-koers-2020.pdf");
    assert!(pdf_text(&pdf).contains("Zuid op Koers"));
    let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["content", "koers", "out"], "it wrote only out/");
}

#[test]
fn version_names_the_release_and_the_revision_it_was_built_from() {
    let output = Command::new(KOERS).arg("--version").output().unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    let revision = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map_or("unknown".to_owned(), |output| String::from_utf8(output.stdout).unwrap().trim().to_owned());
    assert_eq!(printed.trim(), format!("koers {} ({revision})", env!("CARGO_PKG_VERSION")));
}

/// One instruction of a Dockerfile: its keyword and the rest, continuation lines joined.
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut joined = String::new();
    let mut found = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.starts_with('#')) {
        match line.strip_suffix('\\') {
            Some(start) => joined.push_str(start),
            None => {
                joined.push_str(line);
                if let Some((keyword, rest)) = joined.trim().split_once(' ') {
                    found.push((keyword.to_uppercase(), rest.trim().to_owned()));
                }
                joined.clear();
            }
        }
    }
    found
}

#[test]
fn the_dockerfile_compiles_in_a_build_stage_and_ships_only_the_binary() {
    let text = fs::read_to_string(root().join("Dockerfile")).unwrap();
    let steps = instructions(&text);
    let stages: Vec<&str> = steps.iter().filter(|(k, _)| k == "FROM").map(|(_, rest)| rest.as_str()).collect();
    assert_eq!(stages.len(), 2, "a build stage and a runtime stage: {stages:?}");
    let (builder, runtime) = (stages[0], stages[1]);
    assert!(builder.starts_with("rust:") && builder.ends_with(" AS build"), "{builder}");

    // The toolchain is at least the crate's rust-version, and the runtime has the builder's glibc.
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let needed = manifest.lines().find_map(|line| line.strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    let version = |text: &str| -> Vec<u32> { text.split('.').map(|part| part.parse().unwrap()).collect() };
    let tag = builder.trim_start_matches("rust:").split(' ').next().unwrap();
    let (toolchain, debian) = tag.split_once("-slim-").unwrap();
    assert!(version(toolchain) >= version(needed), "rust {toolchain} < rust-version {needed}");
    assert!(runtime.starts_with(&format!("debian:{debian}-slim")), "runtime {runtime} vs builder {debian}");

    let runtime_steps = &steps[steps.iter().rposition(|(k, _)| k == "FROM").unwrap()..];
    let copies: Vec<&str> = runtime_steps.iter().filter(|(k, _)| k == "COPY").map(|(_, r)| r.as_str()).collect();
    assert_eq!(copies, ["--from=build /src/target/release/koers /usr/local/bin/koers"]);
    assert!(!runtime_steps.iter().any(|(k, _)| k == "RUN"), "nothing is installed in the runtime image");
    assert!(runtime_steps.contains(&("ENTRYPOINT".into(), r#"["koers"]"#.into())));
    let build = steps.iter().find(|(k, r)| k == "RUN" && r.contains("cargo build")).unwrap();
    assert!(build.1.contains("--release") && build.1.contains("--locked"), "{}", build.1);
    assert!(steps.contains(&("ENV".into(), "KOERS_REVISION=${REVISION}".into())), "the revision reaches build.rs");

    let ignored = fs::read_to_string(root().join(".dockerignore")).unwrap();
    for excluded in ["target/", "out/", ".git/"] {
        assert!(ignored.lines().any(|line| line.trim() == excluded), "{excluded} in the build context");
    }
}

#[test]
fn the_release_workflow_builds_every_platform_with_checksums_from_a_version_tag() {
    let toml = |name: &str| -> toml::Table { fs::read_to_string(root().join(name)).unwrap().parse().unwrap() };
    let (manifest, dist) = (toml("Cargo.toml"), toml("dist-workspace.toml"));
    let dist = dist["dist"].as_table().unwrap();
    let strings = |value: &toml::Value| -> Vec<String> {
        value.as_array().unwrap().iter().map(|item| item.as_str().unwrap().to_owned()).collect()
    };
    let mut targets = strings(&dist["targets"]);
    targets.sort();
    assert_eq!(
        targets,
        ["aarch64-apple-darwin", "x86_64-apple-darwin", "x86_64-pc-windows-msvc", "x86_64-unknown-linux-gnu"]
    );
    assert!(strings(&dist["include"]).contains(&"content/".to_owned()), "the example edition ships beside koers");
    assert!(dist.get("checksum").is_none_or(|sum| sum.as_str() == Some("sha256")), "checksums stay on");
    assert_eq!(dist["ci"].as_str(), Some("github"));
    // A crate kept off crates.io is still released, with the profile BENCHMARKS.md chose.
    assert_eq!(manifest["package"]["metadata"]["dist"]["dist"].as_bool(), Some(true));
    assert_eq!(manifest["profile"]["dist"]["inherits"].as_str(), Some("release"));

    #[derive(serde::Deserialize)]
    struct Workflow {
        on: On,
        jobs: std::collections::BTreeMap<String, Job>,
    }
    #[derive(serde::Deserialize)]
    struct On {
        push: Push,
    }
    #[derive(serde::Deserialize)]
    struct Push {
        tags: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct Job {
        #[serde(default)]
        needs: Vec<String>,
        #[serde(default)]
        steps: Vec<Step>,
    }
    #[derive(serde::Deserialize)]
    struct Step {
        run: Option<String>,
    }
    let text = fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(text.starts_with("# This file was autogenerated by dist"), "regenerate it with `dist generate`");
    let workflow: Workflow = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(workflow.on.push.tags, ["**[0-9]+.[0-9]+.[0-9]+*"], "a version tag such as v1.2.0 releases");
    let runs = |job: &str| -> String {
        workflow.jobs[job].steps.iter().filter_map(|step| step.run.as_deref()).collect::<Vec<_>>().join("\n")
    };
    let version = dist["cargo-dist-version"].as_str().unwrap();
    assert!(runs("plan").contains(&format!("cargo-dist/releases/download/v{version}/")), "CI installs dist {version}");
    assert!(runs("build-local-artifacts").contains("dist build"), "each platform is built by dist");
    assert!(workflow.jobs["host"].needs.iter().any(|need| need == "build-local-artifacts"));
    assert!(
        runs("host").contains("gh release create") && runs("host").contains("artifacts/*"),
        "attached to a release"
    );
}
