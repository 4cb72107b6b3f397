//! The compute family (`specs/compute`, YAML only): what it exercises that billing does not
//! (nested request params, models inside models, booleans and floats, a create/delete pair,
//! explicit idempotency, a deprecated field), and a snapshot of its IR.

use sdkgen::ir::{Family, Format, Type};
use std::path::{Path, PathBuf};

fn compute_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/compute")
}

fn load() -> Family {
    let loaded = sdkgen::load::load_family(&compute_dir());
    let rendered = sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false);
    // The family is ours: it must be clean under `lint --deny warnings`, notes included.
    assert!(loaded.diagnostics.is_empty(), "compute must load without any diagnostic:\n{rendered}");
    let mut family = loaded.family.expect("compute assembles");
    sdkgen::ir::locs::relativize_family(&mut family, &compute_dir());
    family
}

fn field<'a>(fields: &'a [sdkgen::ir::Field], name: &str) -> &'a sdkgen::ir::Field {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn compute_has_its_actions_settings_and_idempotency() {
    let family = load();
    let got: Vec<(&str, bool)> = family.actions.iter().map(|a| (a.name.as_str(), a.idempotent)).collect();
    assert_eq!(
        got,
        [
            ("CreateInstance", false),
            ("DeleteInstance", false),
            ("DescribeImages", true),
            ("DescribeInstances", true),
            ("GetInstancePrice", true),
            ("ResizeInstance", false),
            // Writes by their verb, declared safe to retry in the spec.
            ("StartInstance", true),
            ("StopInstance", true),
        ]
    );
    assert_eq!(family.config.name, "compute");
    assert_eq!(family.config.crate_name, "surfercloud-compute");
    assert_eq!(family.config.env_prefix, "SURFERCLOUD");
    assert_eq!(family.config.endpoint.as_deref(), Some("https://api.surfercloud.com"));
    assert!(family.actions.iter().all(|a| !a.examples.request.is_empty() && a.examples.response.is_some()));
}

#[test]
fn create_instance_has_nested_request_params() {
    let family = load();
    let create = family.actions.iter().find(|a| a.name == "CreateInstance").unwrap();
    let nested: Vec<(&str, &Type, bool)> = create
        .params
        .iter()
        .filter(|p| p.name.contains('.'))
        .map(|p| (p.name.as_str(), &p.ty, p.required))
        .collect();
    assert_eq!(
        nested,
        [
            ("Disks.N.Type", &Type::String, true),
            ("Disks.N.Size", &Type::Int, true),
            ("Disks.N.IsBoot", &Type::Bool, true),
            ("Network.VpcId", &Type::String, true),
            ("Network.SubnetId", &Type::String, true),
        ]
    );
    let size = field(&create.params, "Disks.N.Size");
    assert_eq!((size.constraints.min, size.constraints.max), (Some(20), Some(2000)));
    assert_eq!(field(&create.params, "Disks.N.Type").constraints.enum_values, ["SSD", "HDD"]);
    assert_eq!(field(&create.params, "MemoryGB").ty, Type::Float);
    let charge = field(&create.params, "ChargeType");
    assert_eq!(charge.constraints.default.as_deref(), Some("Hourly"));
    let boot = field(&create.params, "BootDiskSize");
    assert!(boot.deprecated && !boot.required);
}

#[test]
fn models_nest_and_reads_paginate() {
    let family = load();
    assert_eq!(
        family.models.keys().collect::<Vec<_>>(),
        ["DiskInfo", "ImageInfo", "Instance", "NetworkInfo"]
    );
    let instance = &family.models["Instance"];
    assert_eq!(field(&instance.fields, "Disks").ty, Type::List(Box::new(Type::Model("DiskInfo".into()))));
    assert_eq!(field(&instance.fields, "Network").ty, Type::Model("NetworkInfo".into()));
    assert_eq!(field(&instance.fields, "State").constraints.enum_values.len(), 5);
    assert_eq!(field(&instance.fields, "CreateTime").format, Some(Format::UnixSeconds));
    assert!(field(&instance.fields, "IPv4").deprecated);
    assert_eq!(field(&family.models["DiskInfo"].fields, "IsBoot").ty, Type::Bool);

    let describe = family.actions.iter().find(|a| a.name == "DescribeInstances").unwrap();
    let limit = field(&describe.params, "Limit");
    assert_eq!((limit.constraints.min, limit.constraints.max), (Some(1), Some(100)));
    assert_eq!(field(&describe.params, "Offset").constraints.default.as_deref(), Some("0"));
    assert!(field(&describe.response, "TotalCount").required);

    let price = family.actions.iter().find(|a| a.name == "GetInstancePrice").unwrap();
    assert_eq!(field(&price.response, "Price").format, Some(Format::Money));
    assert_eq!(field(&price.response, "DiscountRate").ty, Type::Float);
}
