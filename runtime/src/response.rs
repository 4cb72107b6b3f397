//! The response of an action whose docs list no response fields.

crate::model! {
    /// What an action returns when its docs list no response fields: the client checks the
    /// envelope (`RetCode`, `Action`, `Message`) and nothing else is kept. Generated crates
    /// name it per action (`pub type DeleteThingResponse = EmptyResponse;`), so all such
    /// actions share this one type instead of compiling a struct each.
    #[derive(Clone)]
    pub struct EmptyResponse {
    }
}
