//! `_meta.outcome` against the shipped knowledge base: ids resolved, typos placed and answered
//! with the closest id.

use super::*;

fn kb() -> Knowledge {
    crate::compile::compile(&crate::kb::KbSource::embedded()).program.expect("the shipped kb checks").kb
}

fn load(text: &str) -> Result<Option<Outcome>, LoadError> {
    let kb = kb();
    let incident = crate::facts::load("f.yaml", text, &kb).expect("the facts load");
    read(&kb, &incident.meta, Some(&SourceFile::new("f.yaml", text)), "f.yaml")
}

#[test]
fn a_full_outcome_resolves_every_id() {
    let text = "error_code: 0x904\n_meta:\n  outcome:\n    cause: machinekeys_permissions_or_corruption\n    fixed_by: reset_machinekeys_acl\n    tried: [restart_rdp_services, reset_machinekeys_acl]\n    at: 2026-12-01T10:00:00Z\n";
    let o = load(text).unwrap().unwrap();
    let kb = kb();
    assert_eq!(o.cause, kb.cause_index("machinekeys_permissions_or_corruption"));
    assert_eq!(kb.remedies[o.fixed_by.unwrap()].id.as_str(), "reset_machinekeys_acl");
    assert_eq!(o.tried.len(), 1, "the remedy that fixed it is not among those that failed");
    assert_eq!(o.to_json(&kb)["tried"][0], "restart_rdp_services");
}

#[test]
fn an_unknown_id_is_placed_and_gets_the_closest_one() {
    let text = "error_code: 0x904\n_meta:\n  outcome:\n    cause: machinekeys_permission_or_corruption\n";
    let e = load(text).unwrap_err();
    assert_eq!((e.line, e.col), (4, 12), "{e}");
    assert!(e.message.contains("did you mean `machinekeys_permissions_or_corruption`"), "{e}");
    let e = load("_meta: {outcome: {fixed_by: reset_machinekey_acl}}\nerror_code: 1\n").unwrap_err();
    assert!(e.to_string().starts_with("f.yaml:1:29:"), "{e}");
    assert!(e.message.contains("did you mean `reset_machinekeys_acl`"), "{e}");
    let e = load("_meta: {outcome: {fixd_by: x}}\nerror_code: 1\n").unwrap_err();
    assert!(e.message.contains("did you mean `fixed_by`"), "{e}");
    let e = load("_meta: {outcome: {not_fixed: true, fixed_by: reboot_server}}\nerror_code: 1\n").unwrap_err();
    assert!(e.message.contains("contradict"), "{e}");
}

#[test]
fn no_outcome_is_none() {
    assert_eq!(load("error_code: 1\n_meta: {host: a}\n").unwrap(), None);
}
