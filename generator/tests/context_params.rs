//! `Region`, `Zone` and `ProjectId` are client settings, never positional arguments: over every
//! family of the real doc sample (when present) and the families under `specs/`, no generated
//! method takes one, and every action whose page requires one says so to the runtime, which
//! refuses the call before sending when it is set nowhere.

use sdkgen::emit::operation::required_args;
use sdkgen::emit::plan::plan;
use sdkgen::load::load_family;
use std::path::{Path, PathBuf};

const CONTEXT: [&str; 3] = ["Region", "Zone", "ProjectId"];

fn family_dirs() -> Vec<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = Vec::new();
    for root in [manifest.join("../specs")]
        .into_iter()
        .chain(manifest.ancestors().map(|a| a.join("shared/corpus/ucloud-docs")).find(|p| p.is_dir()))
    {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "summary"))
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

#[test]
fn no_method_takes_region_zone_or_project_as_an_argument() {
    let dirs = family_dirs();
    if !dirs.iter().any(|d| d.to_string_lossy().contains("ucloud-docs")) {
        println!("note: no shared/corpus/ucloud-docs; only the families under specs/ are checked");
    }
    let (mut actions, mut required) = (0, 0);
    for dir in dirs {
        let loaded = load_family(&dir);
        let Some(family) = loaded.family.as_ref() else { continue };
        let Ok(valid) = sdkgen::validate::ValidFamily::new(family) else { continue };
        let crate_plan = plan(valid);
        for action in &crate_plan.actions {
            actions += 1;
            for arg in required_args(action) {
                assert!(
                    !CONTEXT.contains(&arg.wire.as_str()),
                    "{}: {} takes {} as an argument",
                    dir.display(),
                    action.wire,
                    arg.wire
                );
            }
            let documented = family.actions.iter().find(|a| a.name == action.wire);
            for wire in CONTEXT {
                let page_requires = documented
                    .and_then(|a| a.params.iter().find(|p| p.name == wire))
                    .is_some_and(|p| p.required);
                let told = action.context.iter().any(|c| c.wire == wire && c.required);
                if page_requires {
                    required += 1;
                    assert!(
                        told,
                        "{}: {} requires {wire}, but the runtime is not told",
                        dir.display(),
                        action.wire
                    );
                }
            }
        }
    }
    println!(
        "{actions} actions; {required} documented-required Region/Zone/ProjectId params, none positional"
    );
}
