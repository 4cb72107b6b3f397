//! The IR (`api.json`) and the `fake:` section as the fake server reads them: the types of
//! `sdkgen-schema`, which the generator writes with, so the two cannot drift apart.

pub use sdkgen_schema::fake::{
    ExportRule, FakeSection, FieldRule, ListRule, PagingRule, RangeRule, SumField, SumRule,
};
pub use sdkgen_schema::ir::{
    cycles, list_prefix, read_api_json, Action, ApiJsonError, Constraints, Family as Api,
    FamilyConfig as ApiConfig, Field, Format, Model, Type,
};
