//! Helpers shared by the generator's integration tests (`mod support;` in each that needs one).

use std::path::Path;

/// Copies the folder `from` into `to`, sub-folders included, leaving out build output and git
/// metadata (`target/`, `.git/`) wherever they are.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
