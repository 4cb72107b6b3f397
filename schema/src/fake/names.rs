//! The names of an API that a `fake:` section may use: a small view that the generator's IR
//! and the runtime's `api.json` both build cheaply, so one check serves both.

use std::collections::BTreeMap;

/// The actions, params, response fields and data models of an API, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiNames<'a> {
    /// Actions by wire name.
    pub actions: BTreeMap<&'a str, ActionNames<'a>>,
    /// Data models by name: the names of their fields.
    pub models: BTreeMap<&'a str, Vec<&'a str>>,
}

/// What one action accepts and answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionNames<'a> {
    /// Request params by wire name (`Regions.N`), the family's common params included.
    pub params: Vec<&'a str>,
    /// Response fields, the envelope (`RetCode`, `Action`, `Message`) included.
    pub response: Vec<ResponseField<'a>>,
}

/// One response field: its wire name and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseField<'a> {
    /// Wire name.
    pub name: &'a str,
    /// What it holds, as far as the `fake:` section cares.
    pub holds: Holds<'a>,
}

/// What a response field holds, as far as the `fake:` section cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds<'a> {
    /// A scalar, or an object or array of no named model.
    Value,
    /// One data model (`into:` of an export names such a field).
    Model(&'a str),
    /// A list of a data model (`items:` of a list names such a field).
    ListOf(&'a str),
    /// Any other list.
    List,
}

impl<'a> Holds<'a> {
    /// What a field of type `ty` holds.
    pub fn of(ty: &'a crate::ir::Type) -> Holds<'a> {
        use crate::ir::Type;
        match ty {
            Type::Model(model) => Holds::Model(model),
            Type::List(inner) => match &**inner {
                Type::Model(model) => Holds::ListOf(model),
                _ => Holds::List,
            },
            _ => Holds::Value,
        }
    }
}

impl<'a> ApiNames<'a> {
    /// The names a `fake:` section of `family` may use: every action with its params (the
    /// family's common params included) and response fields, and every model's fields. The
    /// generator's lint and the fake server both build it here, from the one IR.
    pub fn of(family: &'a crate::ir::Family) -> ApiNames<'a> {
        let mut names = ApiNames::new();
        for action in &family.actions {
            let params = action.params.iter().chain(&family.config.common_params).map(|p| p.name.as_str());
            let response =
                action.response.iter().map(|f| ResponseField { name: &f.name, holds: Holds::of(&f.ty) });
            names.add_action(&action.name, params, response);
        }
        for (name, model) in &family.models {
            names.add_model(name, model.fields.iter().map(|f| f.name.as_str()));
        }
        names
    }

    /// No actions, no models.
    pub fn new() -> ApiNames<'a> {
        ApiNames::default()
    }

    /// Adds an action: its params (common params included) and response fields.
    pub fn add_action(
        &mut self,
        name: &'a str,
        params: impl IntoIterator<Item = &'a str>,
        response: impl IntoIterator<Item = ResponseField<'a>>,
    ) {
        let action =
            ActionNames { params: params.into_iter().collect(), response: response.into_iter().collect() };
        self.actions.insert(name, action);
    }

    /// Adds a data model and the names of its fields.
    pub fn add_model(&mut self, name: &'a str, fields: impl IntoIterator<Item = &'a str>) {
        self.models.insert(name, fields.into_iter().collect());
    }

    /// The model a list action's items field holds a list of, when both are declared.
    pub(crate) fn items_model(&self, action: &str, items: &str) -> Option<&'a str> {
        match self.actions.get(action)?.field(items)?.holds {
            Holds::ListOf(model) if self.models.contains_key(model) => Some(model),
            _ => None,
        }
    }
}

impl<'a> ActionNames<'a> {
    /// Whether the action takes this param.
    pub fn has_param(&self, name: &str) -> bool {
        self.params.contains(&name)
    }

    /// The response field of this name.
    pub fn field(&self, name: &str) -> Option<&ResponseField<'a>> {
        self.response.iter().find(|f| f.name == name)
    }
}
