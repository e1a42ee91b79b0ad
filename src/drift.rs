//! Drift reasons: why a package's next render differs from its last one.
//!
//! [`input_changes`] compares the inputs a package's lock records (profile digest,
//! playbook version, digest and source, tool version, as-of date) with the plan
//! derived now, one sentence per change. `update` and `diff` report them; pure.

use crate::lock::{sha256_hex, Lock};
use crate::plan::Plan;

/// What changed between the inputs recorded in `lock` and the current ones, one sentence
/// each: the profile, the playbook, the tool, the as-of date.
pub fn input_changes(lock: &Lock, plan: &Plan, profile_text: &str) -> Vec<String> {
    let mut changes = Vec::new();
    if lock.profile_digest != sha256_hex(profile_text.as_bytes()) {
        changes.push("the profile changed: site.toml differs from the one last rendered".into());
    }
    let (old, new) = (&lock.playbook, &plan.playbook);
    if old.version != new.version {
        changes.push(format!(
            "the playbook version changed: {} {} -> {}",
            new.id, old.version, new.version
        ));
    } else if old.digest != new.digest {
        changes.push(format!(
            "the playbook content changed ({} {}, same version, new digest)",
            new.id, new.version
        ));
    } else if old.source != new.source {
        let name = |s: &Option<String>| {
            s.clone()
                .unwrap_or_else(|| "built-in or a directory".into())
        };
        changes.push(format!(
            "the playbook source changed: {} -> {}",
            name(&old.source),
            name(&new.source)
        ));
    }
    let tool = env!("CARGO_PKG_VERSION");
    if lock.tool_version != tool {
        changes.push(format!(
            "the tool changed: sitepack {} -> {tool}",
            lock.tool_version
        ));
    }
    if lock.as_of != plan.as_of {
        changes.push(format!(
            "the as-of date changed: {} -> {}",
            lock.as_of, plan.as_of
        ));
    }
    changes
}
