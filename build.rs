//! Build script: embeds `templates/` and `assets/` into the binary (so `koers` works from any
//! folder) and stamps the version and git revision that end up in the PDF's Creator field.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = Path::new(&manifest_dir);

    let mut index = String::from("/// Every file under `templates/` and `assets/`, sorted by path.\n");
    index.push_str("pub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for folder in ["templates", "assets"] {
        println!("cargo:rerun-if-changed={folder}");
        let mut files: Vec<_> = walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .map(|entry| entry.expect("readable entry under templates/ or assets/"))
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        files.sort();
        for path in files {
            let relative = path.strip_prefix(root).expect("walked below the manifest dir");
            let name = relative.to_string_lossy().replace('\\', "/");
            // Named from CARGO_MANIFEST_DIR at compile time, not as an absolute path: cargo does
            // not rerun this script for a second clone sharing the target folder (CI does that), and
            // a path into the first clone would embed its files, or fail once it is gone.
            writeln!(
                index,
                "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/{name}")
            )
            .expect("writing to a String cannot fail");
        }
    }
    index.push_str("];\n");
    fs::write(Path::new(&out_dir).join("embedded.rs"), index).expect("OUT_DIR is writable");

    // A build without the repository's history (a Docker build context, a source archive) is told
    // its revision in KOERS_REVISION; otherwise git knows it.
    println!("cargo:rerun-if-env-changed=KOERS_REVISION");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let given = env::var("KOERS_REVISION").ok().filter(|revision| !revision.trim().is_empty());
    let revision = given
        .map(|revision| revision.trim().to_owned())
        .or_else(|| {
            Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .current_dir(root)
                .output()
                .ok()
                .filter(|output| output.status.success())
                .and_then(|output| String::from_utf8(output.stdout).ok())
                .map(|text| text.trim().to_owned())
                .filter(|text| !text.is_empty())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=KOERS_GIT_REVISION={revision}");
}
